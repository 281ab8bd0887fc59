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
VALIDATOR = jsonschema.Draft202012Validator(json.loads(schema_path().read_text(encoding="utf-8")))


def schema_ok(doc: Any) -> bool:
    """The schema accepts ``doc``."""
    return VALIDATOR.is_valid(doc)


def loader_ok(doc: Any, tmp_path: Path) -> bool:
    """The loader accepts ``doc`` dumped to YAML."""
    path = tmp_path / "doc.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        rolemodel.load_framework(path)
    except rolemodel.FrameworkError:
        return False
    return True


def test_shipped_schema_is_generated_from_the_catalogues() -> None:
    """The shipped file equals framework_schema(): it cannot drift from the loader's tables."""
    assert json.loads(schema_path().read_text(encoding="utf-8")) == framework_schema()


def test_schema_is_valid_draft_2020_12() -> None:
    """The schema is itself a valid JSON Schema."""
    jsonschema.Draft202012Validator.check_schema(framework_schema())


def test_schema_is_inside_the_package() -> None:
    """The schema lives under src/rolemodel, which the wheel ships whole."""
    assert schema_path().is_file()
    assert Path(rolemodel.__file__).resolve().parent in schema_path().parents


@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: p.stem)
def test_builtins_declare_the_schema(path: Path) -> None:
    """Each built-in file's first line points the YAML language server at the schema."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../src/rolemodel/schema/framework-1.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve() == schema_path()


@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: p.stem)
def test_good_files_pass_both(path: Path) -> None:
    """A good file passes the loader and the schema alike."""
    rolemodel.load_framework(path)
    assert schema_ok(yaml.safe_load(path.read_text(encoding="utf-8")))


SEVEN = yaml.safe_load((builtin_framework_dir() / "seven-differences.yaml").read_text(encoding="utf-8"))


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
BAD = {
    "wrong format": (["format"], "rolemodel/other"),
    "unknown version": (["version"], 2),
    "missing title": (["title"], _DELETE),
    "unknown top field": (["colour"], "blue"),
    "id with capitals": (["id"], "Seven"),
    "title not a string": (["title"], ["a"]),
    "role unknown": (["roles", "boss"], {"says": "x", "citation": {"quote": "q"}}),
    "negative baseline": (["roles", "management", "baseline"], -1),
    "factor unknown": (["factors", 0], "teamsize"),
    "rules empty": (["rules"], []),
    "rule without citation": (["rules", 0, "citation"], _DELETE),
    "weight a string": (["rules", 0, "weight"], "heavy"),
    "negative weight": (["rules", 0, "weight"], -0.5),
    "ramp of three": (
        ["rules", 0, "when"],
        {"factor": "structure_need", "rising": [0.1, 0.2, 0.3]},
    ),
    "ramp on stage": (["rules", 0, "when"], {"factor": "stage", "rising": [0.1, 0.2]}),
    "stage is empty": (["rules", 0, "when"], {"factor": "stage", "is": []}),
    "stage unknown": (["rules", 0, "when"], {"factor": "stage", "is": ["teen"]}),
    "all empty": (["rules", 0, "when"], {"all": []}),
    "condition a number": (["rules", 0, "when"], 3),
    "quote over lines": (["rules", 0, "citation", "quote"], "one\ntwo"),
    "quote too long": (["rules", 0, "citation", "quote"], "x" * 301),
    "contrast empty": (["rules", 0, "contrast"], []),
    "item kind unknown": (["items", 0, "kind"], "opinion"),
    "difference without leadership": (["items", 2, "leadership"], _DELETE),
    "example role unknown": (["examples", 0, "expect"], "boss"),
    "example profile factor unknown": (["examples", 0, "profile", "headcount"], 3),
    "example graded out of range": (["examples", 0, "profile", "regulation"], 1.5),
    "example missing required factor": (["examples", 0, "profile", "regulation"], _DELETE),
    "example min_confidence > 1": (["examples", 0, "min_confidence"], 1.2),
    "overrides without extends": (["overrides"], {"structure-needs-management": {"weight": 2}}),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_fail_both(name: str, tmp_path: Path) -> None:
    """A file bad in shape is refused by the loader and by the schema alike."""
    path, value = BAD[name]
    doc = _set(SEVEN, path, value)
    assert not loader_ok(doc, tmp_path)
    assert not schema_ok(doc)


def test_extending_file_needs_only_the_header(tmp_path: Path) -> None:
    """With extends, format/version/id/extends suffice for both; without it, both want more."""
    doc = {
        "format": "rolemodel/framework",
        "version": 1,
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
    st.sampled_from(["", "x", "management", "stage", "always", "low", "mature", "structure_need"]),
    st.lists(st.integers(0, 1), max_size=3),
    st.just({}),
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


SEVEN_PATHS = _paths(SEVEN)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(SEVEN_PATHS), st.one_of(LEAVES, st.just(_DELETE)))
def test_schema_never_refuses_what_the_loader_accepts(
    tmp_path: Path, path: tuple[Any, ...], value: Any
) -> None:
    """Mutate one node of a built-in: whatever the loader accepts, the schema accepts too,
    and whatever the schema refuses, the loader refuses."""
    doc = _set(SEVEN, list(path), value)
    if loader_ok(doc, tmp_path):
        assert schema_ok(doc)
