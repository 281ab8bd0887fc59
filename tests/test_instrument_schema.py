"""The JSON Schema of the instrument format: shipped, declared by the built-in instrument, in
step with the instrument loader."""

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
from rolemodel._instrument import InstrumentError, builtin_instrument_path
from rolemodel._schema import instrument_schema, schema_id, schema_path

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = json.loads(schema_path(kind="instrument").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
DOC: dict[str, Any] = yaml.safe_load(builtin_instrument_path().read_text(encoding="utf-8"))
#: The index of the first item on each kind of scale (agree5 is likert, choice a forced choice).
LIKERT = next(i for i, it in enumerate(DOC["items"]) if DOC["scales"][it["scale"]]["kind"] == "likert")
FORCED = next(i for i, it in enumerate(DOC["items"]) if DOC["scales"][it["scale"]]["kind"] == "forced_choice")
#: The index of the need of the seat both for any role, and of the first prescription with a scope.
BOTH_ANY = next(i for i, n in enumerate(DOC["needs"]) if n["seat"] == "both" and "role" not in n)
SCOPED = next(i for i, p in enumerate(DOC["prescriptions"]) if "scope" in p)


_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def schema_ok(doc: Any) -> bool:
    """The shipped instrument schema accepts ``doc``."""
    return bool(VALIDATOR.is_valid(doc))


def loader_ok(doc: Any, tmp_path: Path) -> bool:
    """The public loader, ``rolemodel.manager_style(path)``, accepts ``doc`` dumped to YAML."""
    path = tmp_path / "instrument.yaml"
    text = yaml.dump(doc, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    try:
        rolemodel.manager_style(path)
    except InstrumentError:
        return False
    return True


_DELETE = object()


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


def _edit(doc: dict[str, Any], *changes: tuple[list[Any], Any]) -> dict[str, Any]:
    for path, value in changes:
        doc = _set(doc, path, value)
    return doc


# -- the shipped file -------------------------------------------------------------------------


def test_shipped_schema_is_generated_from_the_catalogues() -> None:
    """The shipped file equals instrument_schema(): it cannot drift from the reader's tables."""
    assert SCHEMA == instrument_schema(1) == instrument_schema()


def test_schema_is_valid_draft_2020_12() -> None:
    """The schema is itself a valid JSON Schema, with its own $id, format and version."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$id"] == schema_id(1, kind="instrument")
    assert SCHEMA["$id"].endswith("/instrument-1.schema.json")
    assert SCHEMA["properties"]["format"]["const"] == "rolemodel/instrument"
    assert SCHEMA["properties"]["version"]["const"] == 1


def test_accessors_stay_backward_compatible() -> None:
    """schema_path() and schema_id() still mean the newest framework schema; kind= picks the
    instrument's; an unknown version or kind is refused."""
    assert schema_path().name == "framework-2.schema.json"
    assert schema_path(1).name == "framework-1.schema.json"
    assert schema_path(kind="instrument").name == "instrument-1.schema.json"
    assert schema_path(1, kind="instrument") == schema_path(kind="instrument")
    assert schema_id().endswith("/framework-2.schema.json")
    with pytest.raises(ValueError, match="version"):
        instrument_schema(2)
    with pytest.raises(ValueError, match="kind"):
        schema_path(kind="profile")  # type: ignore[arg-type]


def test_schema_is_inside_the_package() -> None:
    """The schema lives under src/rolemodel, which the wheel ships whole."""
    path = schema_path(kind="instrument")
    assert path.is_file()
    assert Path(rolemodel.__file__).resolve().parent in path.parents


def test_builtin_declares_the_schema() -> None:
    """The built-in instrument's first line points the YAML language server at the schema."""
    path = builtin_instrument_path()
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../src/rolemodel/schema/instrument-1.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve() == schema_path(kind="instrument")


def test_builtin_passes_both(tmp_path: Path) -> None:
    """The built-in instrument passes the loader and the schema alike (with no error at all)."""
    assert loader_ok(DOC, tmp_path)
    assert list(VALIDATOR.iter_errors(DOC)) == []


# -- mutated documents ------------------------------------------------------------------------

_CITED = {"source": "s.txt", "quote": "q"}
_LABELS = ["one", "two", "three", "four", "five"]
BAD: dict[str, list[tuple[list[Any], Any]]] = {
    # the header
    "wrong format": [(["format"], "rolemodel/framework")],
    "unknown version": [(["version"], 2)],
    "version a string": [(["version"], "1")],
    "missing title": [(["title"], _DELETE)],
    "missing readiness": [(["readiness"], _DELETE)],
    "unknown top field": [(["colour"], "blue")],
    "id with capitals": [(["id"], "Manager-Style")],
    "title blank": [(["title"], "  ")],
    "summary not a string": [(["summary"], ["a"])],
    # scales
    "scales empty": [(["scales"], {})],
    "scales a list": [(["scales"], [DOC["scales"]["agree5"]])],
    "scale id with capitals": [(["scales", "Agree"], DOC["scales"]["agree5"])],
    "scale kind unknown": [(["scales", "choice", "kind"], "forced")],
    "scale without kind": [(["scales", "choice", "kind"], _DELETE)],
    "scale unknown field": [(["scales", "agree5", "colour"], "blue")],
    "likert without points": [(["scales", "agree5", "points"], _DELETE)],
    "likert of one point": [(["scales", "agree5", "points"], 1)],
    "likert of twelve points": [(["scales", "agree5", "points"], 12)],
    "likert points not whole": [(["scales", "agree5", "points"], 4.5)],
    "likert points a string": [(["scales", "agree5", "points"], "5")],
    "likert with options": [(["scales", "agree5", "options"], ["a", "b"])],
    "likert labels not one per point": [(["scales", "agree5", "labels"], _LABELS[:3])],
    "likert label blank": [(["scales", "agree5", "labels"], [*_LABELS[:4], " "])],
    "likert labels a string": [(["scales", "agree5", "labels"], "one to five")],
    "forced choice without options": [(["scales", "choice", "options"], _DELETE)],
    "forced choice of three options": [(["scales", "choice", "options"], ["a", "b", "c"])],
    "forced choice options the same": [(["scales", "choice", "options"], ["a", "a"])],
    "forced choice with points": [(["scales", "choice", "points"], 2)],
    "forced choice with labels": [(["scales", "choice", "labels"], ["first", "second"])],
    # dimensions and citations
    "dimensions empty": [(["dimensions"], [])],
    "dimension without citation": [(["dimensions", 0, "citation"], _DELETE)],
    "dimension unknown field": [(["dimensions", 0, "colour"], "blue")],
    "dimension name a number": [(["dimensions", 0, "name"], 3)],
    "dimension id with a space": [(["dimensions", 0, "id"], "the focus")],
    "citation without quote": [(["dimensions", 0, "citation", "quote"], _DELETE)],
    "citation without source": [(["dimensions", 0, "citation", "source"], _DELETE)],
    "citation unknown field": [(["dimensions", 0, "citation", "page"], 3)],
    "citation a string": [(["dimensions", 0, "citation"], "004, somewhere")],
    "quote over lines": [(["dimensions", 0, "citation", "quote"], "one\ntwo")],
    "quote too long": [(["dimensions", 0, "citation", "quote"], "x" * 301)],
    "source blank": [(["dimensions", 0, "citation", "source"], "")],
    # items
    "items empty": [(["items"], [])],
    "item without text": [(["items", LIKERT, "text"], _DELETE)],
    "item without leadership": [(["items", LIKERT, "leadership"], _DELETE)],
    "item unknown field": [(["items", LIKERT, "coachin"], True)],
    "item id with capitals": [(["items", LIKERT, "id"], "Focus")],
    "item coaching a string": [(["items", LIKERT, "coaching"], "yes")],
    "item coaching a number": [(["items", LIKERT, "coaching"], 1)],
    "likert pole a string": [(["items", LIKERT, "management"], "5")],
    "likert pole zero": [(["items", LIKERT, "management"], 0)],
    "likert pole past any scale": [(["items", LIKERT, "management"], 12)],
    "likert pole not whole": [(["items", LIKERT, "management"], 2.5)],
    "likert item with choices": [(["items", LIKERT, "choices"], {"a": "x", "b": "y"})],
    "forced item without choices": [(["items", FORCED, "choices"], _DELETE)],
    "forced pole a number": [(["items", FORCED, "management"], 1)],
    "forced choices of three": [(["items", FORCED, "choices", "c"], "a third")],
    "forced choice statement blank": [(["items", FORCED, "choices", "a"], "")],
    # needs
    "needs empty": [(["needs"], [])],
    "need seat unknown": [(["needs", 0, "seat"], "boss")],
    "need role unknown": [(["needs", BOTH_ANY, "role"], "boss")],
    "need pole unknown": [(["needs", 0, "need"], "neither")],
    "need without basis": [(["needs", 0, "basis"], _DELETE)],
    "need basis unknown": [(["needs", 0, "basis"], "articel")],
    "need unknown field": [(["needs", 0, "colour"], "blue")],
    "band of three": [(["needs", 0, "band"], [0.1, 0.2, 0.3])],
    "band past 1": [(["needs", 0, "band"], [0.5, 1.5])],
    "band a string": [(["needs", 0, "band"], "0 to 0.4")],
    "band of booleans": [(["needs", 0, "band"], [False, True])],
    "no need for the seat leader": [(["needs"], [n for n in DOC["needs"] if n["seat"] != "leader"])],
    "seat both for some roles only": [
        (["needs"], [n for n in DOC["needs"] if n["seat"] != "both" or n.get("role") == "management"])
    ],
    # prescriptions
    "prescriptions empty": [(["prescriptions"], [])],
    "prescription kind unknown": [(["prescriptions", 0, "kind"], "advice")],
    "prescription toward unknown": [(["prescriptions", 0, "toward"], "managment")],
    "prescription seats empty": [(["prescriptions", 0, "seats"], [])],
    "prescription seat unknown": [(["prescriptions", 0, "seats"], ["boss"])],
    "prescription seats a string": [(["prescriptions", 0, "seats"], "both")],
    "prescription scope unknown": [(["prescriptions", SCOPED, "scope"], "some")],
    "prescription without says": [(["prescriptions", 0, "says"], _DELETE)],
    # readiness
    "readiness full_at zero": [(["readiness", "full_at"], 0)],
    "readiness full_at past 1": [(["readiness", "full_at"], 1.5)],
    "readiness min_completeness negative": [(["readiness", "min_completeness"], -0.1)],
    "readiness without basis": [(["readiness", "basis"], _DELETE)],
    "readiness basis null": [(["readiness", "basis"], None)],
    "readiness unknown field": [(["readiness", "colour"], "blue")],
    "readiness a list": [(["readiness"], [0.5])],
}

GOOD: dict[str, list[tuple[list[Any], Any]]] = {
    "likert without labels": [(["scales", "agree5", "labels"], _DELETE)],
    "likert with an empty list of labels": [(["scales", "agree5", "labels"], [])],
    "seven points, seven labels": [
        (["scales", "agree5", "points"], 7),
        (["scales", "agree5", "labels"], [f"level {n}" for n in range(1, 8)]),
    ],
    "likert points written 5.0": [(["scales", "agree5", "points"], 5.0)],
    "likert of eleven points": [(["scales", "agree5", "points"], 11), (["scales", "agree5", "labels"], [])],
    "item not coaching": [(["items", LIKERT, "coaching"], False)],
    "prescription without scope": [(["prescriptions", SCOPED, "scope"], _DELETE)],
    "prescription scope any": [(["prescriptions", SCOPED, "scope"], "any")],
    "seat both for any role only": [
        (["needs"], [n for n in DOC["needs"] if n["seat"] != "both" or "role" not in n])
    ],
    "seat both for each role only": [(["needs", BOTH_ANY], _DELETE)],
    "need basis article": [(["needs", 0, "basis"], "article")],
    "readiness at the bounds": [(["readiness", "full_at"], 1), (["readiness", "min_completeness"], 0)],
    "a quote of 300 characters": [(["dimensions", 0, "citation", "quote"], "x" * 300)],
}

#: Mistakes of meaning (references between ids, uniqueness, order): the loader refuses them,
#: the schema cannot see them. Documented in docs/reference/schema.md.
LOADER_ONLY: dict[str, list[tuple[list[Any], Any]]] = {
    "forced choice options the same but for case": [(["scales", "choice", "options"], ["A", "a"])],
    "item on an unknown dimension": [(["items", LIKERT, "dimension"], "motivaton")],
    "item on an unknown scale": [(["items", LIKERT, "scale"], "agree7")],
    "likert pole past its scale": [(["items", LIKERT, "management"], 6)],
    "likert poles the same": [(["items", LIKERT, "management"], 1), (["items", LIKERT, "leadership"], 1)],
    "forced pole not an option": [(["items", FORCED, "management"], "c")],
    "forced choices not the options": [
        (["items", FORCED, "choices"], {"a": "x", "c": "y"}),
    ],
    "item id twice": [(["items", 1, "id"], DOC["items"][0]["id"])],
    "dimension id twice": [(["dimensions", 1, "id"], DOC["dimensions"][0]["id"])],
    "dimension without an item": [
        (["dimensions"], [*DOC["dimensions"], {**DOC["dimensions"][0], "id": "unused"}])
    ],
    "band low above high": [(["needs", 0, "band"], [0.4, 0.0])],
    "two needs for one seat": [(["needs"], [*DOC["needs"], DOC["needs"][0]])],
    "prescription id twice": [(["prescriptions", 1, "id"], DOC["prescriptions"][0]["id"])],
}


def test_samples_mutate_what_they_mean() -> None:
    """The indices above point at a likert item, a forced-choice item, the seat both's need for
    any role and a prescription with a scope; the names mean what the file holds."""
    likert = DOC["scales"][DOC["items"][LIKERT]["scale"]]
    assert (likert["kind"], likert["points"], len(likert["labels"])) == ("likert", 5, 5)
    assert "choices" in DOC["items"][FORCED] and "choices" not in DOC["items"][LIKERT]
    assert DOC["needs"][BOTH_ANY]["seat"] == "both" and "role" not in DOC["needs"][BOTH_ANY]
    assert DOC["prescriptions"][SCOPED]["scope"] == "overall"
    assert DOC["items"][LIKERT]["management"] == 5 and DOC["items"][LIKERT]["leadership"] == 1


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_fail_both(name: str, tmp_path: Path) -> None:
    """A file bad in shape is refused by the loader (InstrumentError) and by the schema alike."""
    doc = _edit(DOC, *BAD[name])
    assert not loader_ok(doc, tmp_path)
    assert not schema_ok(doc)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_variants_pass_both(name: str, tmp_path: Path) -> None:
    """A variant the format allows passes the loader and the schema alike."""
    doc = _edit(DOC, *GOOD[name])
    assert loader_ok(doc, tmp_path)
    assert schema_ok(doc)


@pytest.mark.parametrize("name", sorted(LOADER_ONLY))
def test_mistakes_of_meaning_are_the_loaders(name: str, tmp_path: Path) -> None:
    """A mistake of meaning is refused by the loader; the schema (shape only) lets it pass."""
    doc = _edit(DOC, *LOADER_ONLY[name])
    assert not loader_ok(doc, tmp_path)
    assert schema_ok(doc)


# -- a property ---------------------------------------------------------------------------------

LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 13),
    st.floats(-2, 2, allow_nan=False),
    st.sampled_from(
        [
            "",
            " ",
            "x",
            "a",
            "c",
            "Focus",
            "focus",
            "agree5",
            "choice",
            "likert",
            "forced_choice",
            "management",
            "leadership",
            "growth_leader",
            "both",
            "leader",
            "manager",
            "article",
            "calibration",
            "practice",
            "caveat",
            "overall",
            "any",
            "one\ntwo",
        ]
    ),
    st.lists(st.sampled_from([0, 0.5, 1, "a", "b", "both"]), max_size=3),
    st.just({}),
    st.sampled_from([{"a": "x", "b": "y"}, _CITED, {"kind": "likert", "points": 3}]),
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


#: Every node of the built-in document.
NODES = _paths(DOC)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(NODES), st.one_of(LEAVES, st.just(_DELETE)))
def test_schema_never_refuses_what_the_loader_accepts(
    tmp_path: Path, path: tuple[Any, ...], value: Any
) -> None:
    """Mutate one node of the built-in instrument: whatever the loader accepts, the schema
    accepts too (the schema is never stricter than the format)."""
    doc = _set(DOC, list(path), value)
    if loader_ok(doc, tmp_path):
        assert schema_ok(doc)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from([p for p in _paths(DOC) if isinstance(p[-1], str)]),
    st.sampled_from(["colour", "Kind", "note"]),
)
def test_an_unknown_field_anywhere_fails_both(tmp_path: Path, path: tuple[Any, ...], key: str) -> None:
    """An unknown field beside any field of the file (outside the scales' and the choices' own
    ids) is refused by the loader and by the schema alike."""
    parent = list(path[:-1])
    if parent[:1] == ["scales"] and len(parent) == 1:
        return  # the scales' keys are ids the file chooses
    if len(parent) >= 1 and parent[-1] == "choices":
        return  # a forced choice's statements are keyed by the options
    doc = _set(DOC, [*parent, key], "x")
    assert not loader_ok(doc, tmp_path)
    assert not schema_ok(doc)
