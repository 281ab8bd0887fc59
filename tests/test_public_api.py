"""The public surface is exactly what __all__ says, sorted, and nothing private leaks."""

from __future__ import annotations

import ast
import pickle
import subprocess
import sys
import types
from pathlib import Path

import rolemodel

PUBLIC = {
    "MBOPlan",
    "Rhythm",
    "TeamAudit",
    "TimeAudit",
    "audit",
    "mbos",
    "rhythm",
    "team_audit",
    "FACTORS",
    "LEVELS",
    "Citation",
    "Contribution",
    "Explanation",
    "FactorSpec",
    "Framework",
    "FrameworkError",
    "FrameworkExplanation",
    "Input",
    "Problem",
    "Profile",
    "ProfileError",
    "Recommendation",
    "Role",
    "RoleCase",
    "RoleModelError",
    "Stage",
    "Verdict",
    "builtin_frameworks",
    "load_framework",
    "loads_framework",
    "recommend",
    "Comparison",
    "Counterfactual",
    "PhaseMap",
    "Robustness",
    "Sensitivity",
    "Staffing",
    "compare",
    "phase_map",
    "Example",
    "ExampleResult",
    "Finding",
    "lint",
    "run_examples",
    "client_report",
    "portfolio_report",
    "RowResult",
    "recommend_many",
    "recommend_table",
    "RoleModelWarning",
    "Assessment",
    "Gap",
    "Instrument",
    "InstrumentItem",
    "Shortfall",
    "assess",
    "gap",
    "manager_style",
    "GrowthPath",
    "Period",
    "Transition",
    "growth_path",
}


def test_all_is_exactly_the_public_api() -> None:
    """__all__ lists the public names, no more, no less."""
    assert set(rolemodel.__all__) == PUBLIC


def test_all_is_sorted_and_resolvable() -> None:
    """__all__ is sorted and every name in it exists."""
    assert rolemodel.__all__ == sorted(rolemodel.__all__)
    for name in rolemodel.__all__:
        assert getattr(rolemodel, name) is not None


def test_no_other_public_names() -> None:
    """Every non-underscore module attribute is in __all__ (submodules and dunders aside)."""
    extra = {
        n
        for n in dir(rolemodel)
        if not n.startswith("_")
        and n not in PUBLIC
        and not isinstance(getattr(rolemodel, n), types.ModuleType)
        and n not in {"annotations", "importlib", "TYPE_CHECKING", "Any"}
    }
    assert extra == set()


#: What ``import rolemodel`` may load: the knowledge and the engine, never a face.
ENGINE = {
    "rolemodel",
    "rolemodel._api",
    "rolemodel._codegen",
    "rolemodel._engine",
    "rolemodel._errors",
    "rolemodel._explain",
    "rolemodel._factors",
    "rolemodel._format",
    "rolemodel._graph",
    "rolemodel._loader",
    "rolemodel._model",
    "rolemodel._panel",
    "rolemodel._profile",
    "rolemodel._result",
}


def test_import_loads_knowledge_and_engine_only() -> None:
    """``import rolemodel`` loads no face (batch, reports, display, what-if, lint, compare, CLI),
    nor numpy, pandas or matplotlib; a face loads on first use of one of its names."""
    code = (
        "import sys, rolemodel; print(sorted(m for m in sys.modules if m.startswith('rolemodel')));"
        "print(sorted(m for m in ('numpy', 'pandas', 'matplotlib', 'cattrs', 'yaml') if m in sys.modules));"
        "rolemodel.compare; print('rolemodel._compare' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded, heavy, lazy = out.splitlines()
    assert set(ast.literal_eval(loaded)) == ENGINE
    assert ast.literal_eval(heavy) == []
    assert lazy == "True"


#: The only imports from a value (knowledge or engine) up to a face, each inside the function
#: that needs it: notebook display hooks, reports, drawings and what-if methods on the values,
#: the building of an explanation when one is asked for, and the YAML reading of a framework
#: file (the built-ins come from the cache, checked without it, in most processes).
ALLOWED_LAZY_FACE_IMPORTS = {
    ("_model.py", "rolemodel._display"),
    ("_model.py", "rolemodel._plot"),
    ("_result.py", "rolemodel._display"),
    ("_result.py", "rolemodel._explain_build"),
    ("_loader.py", "rolemodel._extends"),
    ("_loader.py", "rolemodel._semantics"),
    ("_result.py", "rolemodel._report"),
    ("_result.py", "rolemodel._whatif"),
    ("_explain.py", "rolemodel._display"),
    ("_explain.py", "rolemodel._plot"),
}
#: Every other module is a face (or the CLI entry): the engine must not import one at module level.
FACES = {
    p.stem for p in Path(rolemodel.__file__).parent.glob("_*.py") if f"rolemodel.{p.stem}" not in ENGINE
} - {"__init__", "__main__"}


def test_values_reach_faces_only_through_the_listed_lazy_imports() -> None:
    """The engine never imports a face at module level; its lazy imports of faces are exactly
    the listed display, report, plot and what-if hooks."""
    src = Path(rolemodel.__file__).parent
    found = set()
    for name in sorted(m.removeprefix("rolemodel.") + ".py" for m in ENGINE if m != "rolemodel"):
        tree = ast.parse((src / name).read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module and module.startswith("rolemodel.") and module.removeprefix("rolemodel.") in FACES:
                assert id(node) not in top, f"{name} imports the face {module} at module level"
                found.add((name, module))
    assert found == ALLOWED_LAZY_FACE_IMPORTS


def test_profile_error_keeps_its_hint_through_pickling() -> None:
    """A ProfileError from a worker process keeps its field, value, allowed and "did you mean"."""
    try:
        rolemodel.recommend(company_size=10, team_size=2, market_change="hgh", regulation="low")
    except rolemodel.ProfileError as exc:
        again = pickle.loads(pickle.dumps(exc))
        assert (again.field, again.value, again.allowed, again.hint) == (
            exc.field,
            exc.value,
            exc.allowed,
            exc.hint,
        )
        assert str(again) == str(exc) and "did you mean" in str(again)
    else:  # pragma: no cover
        raise AssertionError("no ProfileError")


def test_the_version_is_written_once() -> None:
    """The package's version comes from rolemodel.__version__ (hatch reads it from there)."""
    from importlib.metadata import version

    assert version("rolemodel") == rolemodel.__version__
    pyproject = (Path(rolemodel.__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and "\nversion =" not in pyproject


def test_error_family() -> None:
    """Every rolemodel error is a RoleModelError, and that is a ValueError."""
    assert issubclass(rolemodel.RoleModelError, ValueError)
    assert issubclass(rolemodel.FrameworkError, rolemodel.RoleModelError)
    assert issubclass(rolemodel.ProfileError, rolemodel.RoleModelError)
