"""The JSON Schema of the format: shipped, declared by the built-ins, in step with the loader."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel._loader import builtin_framework_dir
from rolemodel._schema import framework_schema, schema_path

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[1]
BUILTIN = sorted(builtin_framework_dir().glob("*.yaml"))
GOOD_FILES = [*BUILTIN, ROOT / "docs" / "examples" / "our-playbook.yaml"]
VERSIONS = (1, 2)
VALIDATORS = {
    v: jsonschema.Draft202012Validator(json.loads(schema_path(v).read_text(encoding="utf-8")))
    for v in VERSIONS
}


def schema_ok(doc: Any) -> bool:
    """The schema of the version ``doc`` declares (the newest when it declares none we know)
    accepts ``doc``, as an editor that follows the file's version would check it."""
    version = doc.get("version") if isinstance(doc, dict) else None
    validator = VALIDATORS[version] if type(version) is int and version in VALIDATORS else VALIDATORS[2]
    return validator.is_valid(doc)


def loader_ok(doc: Any, tmp_path: Path) -> bool:
    """The loader accepts ``doc`` dumped to YAML."""
    path = tmp_path / "doc.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        rolemodel.load_framework(path)
    except rolemodel.FrameworkError:
        return False
    return True


def _builtin(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(
        (builtin_framework_dir() / f"{name}.yaml").read_text(encoding="utf-8")
    )
    return doc


def as_version_1(doc: dict[str, Any]) -> dict[str, Any]:
    """A version-2 framework without what version 2 added: no staffing (nor rules into it),
    no basis, no items about staffing, no expect mappings."""
    doc = copy.deepcopy(doc)
    doc["version"] = 1
    options = doc.pop("staffing", {})
    doc["rules"] = [r for r in doc["rules"] if r["then"] not in options]
    for rule in doc["rules"]:
        rule.pop("basis", None)
    doc["items"] = [i for i in doc.get("items", []) if "staffing" not in i]
    doc["examples"] = [e for e in doc.get("examples", []) if isinstance(e["expect"], str)]
    return doc


SEVEN = _builtin("seven-differences")
BOTH_HATS = _builtin("both-hats")
SEVEN_V1 = as_version_1(SEVEN)
DOCS = {"seven-differences": SEVEN, "both-hats": BOTH_HATS, "seven-differences-v1": SEVEN_V1}


@pytest.mark.parametrize("version", VERSIONS)
def test_shipped_schema_is_generated_from_the_catalogues(version: int) -> None:
    """Each shipped file equals framework_schema(version): it cannot drift from the loader's tables."""
    assert json.loads(schema_path(version).read_text(encoding="utf-8")) == framework_schema(version)


@pytest.mark.parametrize("version", VERSIONS)
def test_schema_is_valid_draft_2020_12(version: int) -> None:
    """Each version's schema is itself a valid JSON Schema, with its own $id and version."""
    schema = framework_schema(version)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["version"] == {"const": version, "description": "the format version"}
    assert schema["$id"].endswith(f"framework-{version}.schema.json")


def test_newest_version_is_the_default() -> None:
    """framework_schema() and schema_path() give version 2; an unknown version is refused."""
    assert framework_schema() == framework_schema(2)
    assert schema_path().name == "framework-2.schema.json"
    with pytest.raises(ValueError, match="version"):
        framework_schema(3)


def test_schema_is_inside_the_package() -> None:
    """The schemas live under src/rolemodel, which the wheel ships whole."""
    for version in VERSIONS:
        assert schema_path(version).is_file()
        assert Path(rolemodel.__file__).resolve().parent in schema_path(version).parents


@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: p.stem)
def test_builtins_declare_the_schema(path: Path) -> None:
    """Each built-in file's first line points the YAML language server at the version-2 schema."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../src/rolemodel/schema/framework-2.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve() == schema_path(2)


@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: p.stem)
def test_good_files_pass_both(path: Path) -> None:
    """A good file passes the loader and the schema alike."""
    rolemodel.load_framework(path)
    assert schema_ok(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_version_1_file_passes_both(tmp_path: Path) -> None:
    """A version-1 file (no staffing, no basis) passes the loader and the version-1 schema,
    and the version-2 schema refuses it (its rules say no basis)."""
    assert loader_ok(SEVEN_V1, tmp_path) and schema_ok(SEVEN_V1)
    assert not VALIDATORS[2].is_valid({**SEVEN_V1, "version": 2})


def _set(doc: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    node: Any = doc
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


_DELETE = object()
_CITED = {"says": "x", "citation": {"quote": "q"}}
BAD: dict[str, tuple[str, list[Any], Any]] = {
    "wrong format": ("seven-differences", ["format"], "rolemodel/other"),
    "unknown version": ("seven-differences", ["version"], 7),
    "missing title": ("seven-differences", ["title"], _DELETE),
    "unknown top field": ("seven-differences", ["colour"], "blue"),
    "id with capitals": ("seven-differences", ["id"], "Seven"),
    "title not a string": ("seven-differences", ["title"], ["a"]),
    "role unknown": ("seven-differences", ["roles", "boss"], _CITED),
    "negative baseline": ("seven-differences", ["roles", "management", "baseline"], -1),
    "factor unknown": ("seven-differences", ["factors", 0], "teamsize"),
    "rules empty": ("seven-differences", ["rules"], []),
    "rule without citation": ("seven-differences", ["rules", 0, "citation"], _DELETE),
    "weight a string": ("seven-differences", ["rules", 0, "weight"], "heavy"),
    "negative weight": ("seven-differences", ["rules", 0, "weight"], -0.5),
    "ramp of three": (
        "seven-differences",
        ["rules", 0, "when"],
        {"factor": "structure_need", "rising": [0.1, 0.2, 0.3]},
    ),
    "ramp on stage": ("seven-differences", ["rules", 0, "when"], {"factor": "stage", "rising": [0.1, 0.2]}),
    "stage is empty": ("seven-differences", ["rules", 0, "when"], {"factor": "stage", "is": []}),
    "stage unknown": ("seven-differences", ["rules", 0, "when"], {"factor": "stage", "is": ["teen"]}),
    "all empty": ("seven-differences", ["rules", 0, "when"], {"all": []}),
    "condition a number": ("seven-differences", ["rules", 0, "when"], 3),
    "quote over lines": ("seven-differences", ["rules", 0, "citation", "quote"], "one\ntwo"),
    "quote too long": ("seven-differences", ["rules", 0, "citation", "quote"], "x" * 301),
    "contrast empty": ("seven-differences", ["rules", 0, "contrast"], []),
    "item kind unknown": ("seven-differences", ["items", 0, "kind"], "opinion"),
    "difference without leadership": ("seven-differences", ["items", 2, "leadership"], _DELETE),
    "example role unknown": ("seven-differences", ["examples", 0, "expect"], "boss"),
    "example profile factor unknown": ("seven-differences", ["examples", 0, "profile", "headcount"], 3),
    "example graded out of range": ("seven-differences", ["examples", 0, "profile", "regulation"], 1.5),
    "example missing required factor": (
        "seven-differences",
        ["examples", 0, "profile", "regulation"],
        _DELETE,
    ),
    "example min_confidence > 1": ("seven-differences", ["examples", 0, "min_confidence"], 1.2),
    "overrides without extends": (
        "seven-differences",
        ["overrides"],
        {"structure-needs-management": {"weight": 2}},
    ),
    # version 2: staffing, basis, items about staffing, expect as a mapping
    "rule without basis": ("both-hats", ["rules", 0, "basis"], _DELETE),
    "basis unknown": ("both-hats", ["rules", 0, "basis"], "articel"),
    "basis null": ("both-hats", ["rules", 0, "basis"], None),
    "staffing option unknown": ("both-hats", ["staffing", "shared"], _CITED),
    "staffing not a mapping": ("both-hats", ["staffing"], ["single"]),
    "staffing without citation": ("both-hats", ["staffing", "single", "citation"], _DELETE),
    "staffing baseline negative": ("both-hats", ["staffing", "split", "baseline"], -0.1),
    "item staffing unknown": ("both-hats", ["items", 19, "staffing"], "alone"),
    "question without role or staffing": ("both-hats", ["items", 19, "staffing"], _DELETE),
    "expect mapping empty": ("both-hats", ["examples", 0, "expect"], {}),
    "expect mapping bad key": ("both-hats", ["examples", 0, "expect"], {"rol": "management"}),
    "expect staffing unknown": ("both-hats", ["examples", 0, "expect"], {"staffing": "alone"}),
    "expect null outside a mapping": ("both-hats", ["examples", 0, "expect"], None),
    # version 1 has none of version 2's additions
    "version 1 with staffing": ("seven-differences-v1", ["staffing"], {"single": _CITED}),
    "version 1 rule with basis": ("seven-differences-v1", ["rules", 0, "basis"], "article"),
    "version 1 expect mapping": ("seven-differences-v1", ["examples", 0, "expect"], {"role": "management"}),
    "version 1 item about staffing": ("seven-differences-v1", ["items", 0, "staffing"], "single"),
}


def test_bad_samples_mutate_what_they_mean() -> None:
    """The version-2 item samples above change a question item about staffing."""
    assert BOTH_HATS["items"][19]["kind"] == "question" and "staffing" in BOTH_HATS["items"][19]
    assert "role" not in BOTH_HATS["items"][19]


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_fail_both(name: str, tmp_path: Path) -> None:
    """A file bad in shape is refused by the loader and by the schema alike."""
    base, path, value = BAD[name]
    doc = _set(DOCS[base], path, value)
    assert not loader_ok(doc, tmp_path)
    assert not schema_ok(doc)


@pytest.mark.parametrize(
    "expect",
    [
        "management",
        {"role": "management"},
        {"staffing": "single"},
        {"role": None, "staffing": "split"},
        {"role": None, "staffing": None},
    ],
    ids=str,
)
def test_version_2_expectations_pass_both(expect: Any, tmp_path: Path) -> None:
    """expect is a role's name, or a mapping of role and/or staffing where null means abstains."""
    doc = _set(BOTH_HATS, ["examples", 0, "expect"], expect)
    assert loader_ok(doc, tmp_path) and schema_ok(doc)


@pytest.mark.parametrize("version", VERSIONS)
def test_extending_file_needs_only_the_header(version: int, tmp_path: Path) -> None:
    """With extends, format/version/id/extends suffice for both; without it, both want more."""
    doc = {
        "format": "rolemodel/framework",
        "version": version,
        "id": "mine",
        "extends": "seven-differences",
        "overrides": {"structure-needs-management": {"weight": 2}},
    }
    assert loader_ok(doc, tmp_path) and schema_ok(doc)
    bare = {k: v for k, v in doc.items() if k not in ("extends", "overrides")}
    assert not loader_ok(bare, tmp_path) and not schema_ok(bare)


LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(-2, 2, allow_nan=False),
    st.sampled_from(
        [
            "",
            "x",
            "management",
            "stage",
            "always",
            "low",
            "mature",
            "structure_need",
            "single",
            "split",
            "article",
            "calibration",
        ]
    ),
    st.lists(st.integers(0, 1), max_size=3),
    st.just({}),
    st.sampled_from(
        [{"role": None}, {"staffing": "single"}, {"single": {"says": "x", "citation": {"quote": "q"}}}]
    ),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


NODES = [(name, path) for name, doc in DOCS.items() for path in _paths(doc)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(NODES), st.one_of(LEAVES, st.just(_DELETE)))
def test_schema_never_refuses_what_the_loader_accepts(
    tmp_path: Path, node: tuple[str, tuple[Any, ...]], value: Any
) -> None:
    """Mutate one node of a built-in (version 2, or made version 1): whatever the loader
    accepts, the schema of the file's version accepts too."""
    name, path = node
    doc = _set(DOCS[name], list(path), value)
    if loader_ok(doc, tmp_path):
        assert schema_ok(doc)


@pytest.mark.parametrize("field", ["staffing", "basis", "expect"])
def test_version_2_additions_in_a_version_1_file_fail_both(tmp_path: Path, field: str) -> None:
    """both-hats declared version 1 with only one of staffing, basis or an expect mapping left
    in fails both; with none of them left, it passes both."""
    doc = as_version_1(BOTH_HATS)
    assert loader_ok(doc, tmp_path) and schema_ok(doc)
    if field == "staffing":
        doc["staffing"] = BOTH_HATS["staffing"]
    elif field == "basis":
        doc["rules"][0]["basis"] = "calibration"
    else:
        doc["examples"].append(BOTH_HATS["examples"][0])
    assert not loader_ok(doc, tmp_path)
    assert not schema_ok(doc)
