"""The loader: good files load; every kind of bad file is one clean, located FrameworkError."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel import FrameworkError

GOOD = """\
format: rolemodel/framework
version: 1
id: tiny
title: A tiny framework
author: Someone
source: 004_0f3fc4c78feaeb55.txt
summary: Regulation calls for management; change calls for leadership.
roles:
  management:
    baseline: 0.1
    says: Keeps the machine running.
    citation: {quote: "In highly regulated industries"}
  leadership:
    says: Copes with change.
    citation: {quote: "During periods of change or uncertainty"}
factors: [regulation, market_change, stage]
concepts:
  - id: change
    says: The market moves.
    citation: {quote: "During periods of change or uncertainty"}
rules:
  - id: regulated
    when: {factor: regulation, rising: [0.3, 0.8]}
    then: management
    weight: 1.0
    says: Regulation wants oversight.
    citation: {quote: "In highly regulated industries"}
  - id: market-moves
    when: {factor: market_change, rising: [0.3, 0.8]}
    then: change
    weight: 1
    says: Change is felt.
    citation: {quote: "During periods of change or uncertainty"}
  - id: change-leads
    when: {all: [{concept: change, rising: [0, 1]}, {factor: stage, is: [growth, mature]}]}
    then: leadership
    weight: 2
    says: Change wants leadership.
    citation: {quote: "During periods of change or uncertainty"}
"""


def load(text: str | bytes) -> rolemodel.Framework:
    return rolemodel.loads_framework(text, name="t.yaml")


def problems(text: str | bytes) -> list[rolemodel.Problem]:
    with pytest.raises(FrameworkError) as info:
        load(text)
    return list(info.value.problems)


def test_good_file_loads() -> None:
    """A well-formed framework loads into frozen values and a graph."""
    fw = load(GOOD)
    assert fw.id == "tiny"
    assert [r.id for r in fw.rules] == ["regulated", "market-moves", "change-leads"]
    assert fw.rules[1].weight == 1.0
    assert set(fw.graph.nodes) >= {"factor:regulation", "concept:change", "role:leadership"}
    assert fw.graph.edges["concept:change", "role:leadership"]["rules"] == ["change-leads"]
    assert repr(fw) == "<Framework 'tiny' rules=3 items=0>"


def test_load_from_path(tmp_path: Path) -> None:
    """load_framework reads a file and names it in its errors."""
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD.replace("weight: 2", "weight: heavy"), encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        rolemodel.load_framework(path)
    assert str(path) in str(info.value)


def test_missing_file_is_a_framework_error(tmp_path: Path) -> None:
    """A file that is not there is a FrameworkError, not an OSError."""
    with pytest.raises(FrameworkError, match="readable framework file"):
        rolemodel.load_framework(tmp_path / "nope.yaml")


def test_message_names_file_line_column_path_expected_found() -> None:
    """A wrong type names where, which field, what was expected and what was found."""
    (p,) = problems(GOOD.replace("weight: 2", "weight: heavy"))
    assert (p.file, p.line, p.column, p.path) == ("t.yaml", 37, 13, "rules[2].weight")
    assert str(p) == "t.yaml:37:13: rules[2].weight: expected a number, found a string 'heavy'"


def test_all_problems_reported_together() -> None:
    """Several problems in one file are all reported, in file order."""
    text = GOOD.replace("weight: 2", "weight: -2").replace("baseline: 0.1", "baseline: .nan")
    found = problems(text)
    assert [p.path for p in found] == ["roles.management.baseline", "rules[2].weight"]


def test_unknown_key_did_you_mean() -> None:
    """An unknown field is named, with a suggestion."""
    found = problems(GOOD.replace("    weight: 2\n", "    weigth: 2\n"))
    unknown = [p for p in found if p.path == "rules[2].weigth"]
    assert unknown and "did you mean 'weight'?" in unknown[0].hint
    assert any(p.path == "rules[2]" and "'weight'" in p.expected for p in found)


@pytest.mark.parametrize(
    ("old", "new", "path", "expected"),
    [
        ("weight: 2", "weight: .inf", "rules[2].weight", "a finite number"),
        ("weight: 2", "weight: -1", "rules[2].weight", "a number >= 0"),
        ("then: leadership", "then: leadershp", "rules[2].then", "a role"),
        ("{concept: change", "{concept: chnage", "rules[2].when.concept", "a concept"),
        (
            "rising: [0.3, 0.8]}\n    then: management",
            "rising: [0.8, 0.3]}\n    then: management",
            "rules[0].when.rising",
            "low < high",
        ),
        ("is: [growth, mature]", "is: [growth, old]", "rules[2].when.all[1].is[1]", "one of startup"),
        (
            "factors: [regulation, market_change, stage]",
            "factors: [regulation, market_change, stage, size]",
            "factors[3]",
            "a factor from the catalogue",
        ),
        (
            "factors: [regulation, market_change, stage]",
            "factors: [regulation, stage]",
            "rules[1].when.factor",
            "a factor listed",
        ),
        ("id: market-moves", "id: regulated", "rules[1].id", "a unique rule id"),
        ("version: 1", "version: 3", "version", "a supported version (1, 2)"),
        ("version: 1", "version: one", "version", "a supported version"),
        ("format: rolemodel/framework", "format: something/else", "format", "'rolemodel/framework'"),
        (
            '{quote: "In highly regulated industries"}\n  leadership',
            "{quote: 3}\n  leadership",
            "roles.management.citation.quote",
            "a string",
        ),
        ("  management:\n", "  manager:\n", "roles.manager", "one of management"),
        ("id: tiny", "id: Tiny Framework", "id", "an id of lowercase"),
    ],
)
def test_located_problems(old: str, new: str, path: str, expected: str) -> None:
    """Each kind of mistake is reported at its field with what was expected."""
    assert old in GOOD
    found = problems(GOOD.replace(old, new, 1))
    assert any(p.path == path and expected in p.expected and p.line > 0 for p in found), found


GOOD_V2 = (
    GOOD.replace("version: 1", "version: 2")
    .replace(
        "    says: Regulation wants oversight.",
        "    basis: calibration\n    says: Regulation wants oversight.",
    )
    .replace("    says: Change is felt.", "    basis: calibration\n    says: Change is felt.")
    .replace("    says: Change wants leadership.", "    basis: article\n    says: Change wants leadership.")
    .replace(
        "factors: [regulation, market_change, stage]",
        "staffing:\n  single:\n    says: One person holds both.\n"
        '    citation: {quote: "In highly regulated industries"}\n'
        "  split:\n    baseline: 0.2\n    says: Two people.\n"
        '    citation: {quote: "During periods of change or uncertainty"}\n'
        "factors: [regulation, market_change, stage, company_size]",
    )
    + """\
  - id: small-is-single
    when: {factor: company_size, falling: [20, 200]}
    then: single
    weight: 1
    basis: calibration
    says: A small company has one person for both.
    citation: {quote: "In highly regulated industries"}
items:
  - kind: situation
    staffing: split
    says: Two people in a large company.
    citation: {quote: "During periods of change or uncertainty"}
examples:
  - name: small
    profile: {company_size: 10, team_size: 2, market_change: low, regulation: high}
    expect: {role: management, staffing: single}
    citation: {quote: "In highly regulated industries"}
  - name: role only
    profile: {company_size: 10, team_size: 2, market_change: low, regulation: high}
    expect: management
    citation: {quote: "In highly regulated industries"}
"""
)


def test_version_2_file_loads() -> None:
    """A version-2 file: staffing options, a rule into one, every rule's basis, an item about
    staffing, and examples whose expect is a mapping or a role's name."""
    fw = load(GOOD_V2)
    assert fw.version == 2
    assert fw.staffing_ids == (rolemodel.Staffing.SINGLE, rolemodel.Staffing.SPLIT)
    assert [s.baseline for s in fw.staffing] == [0.1, 0.2]
    assert [r.basis for r in fw.rules] == ["calibration", "calibration", "article", "calibration"]
    assert fw.rule("small-is-single").then == "single"
    assert fw.items[0].staffing is rolemodel.Staffing.SPLIT and fw.items[0].role is None
    mapped, named = fw.examples
    assert (mapped.expect, mapped.expect_staffing, mapped.checks) == (
        rolemodel.Role.MANAGEMENT,
        rolemodel.Staffing.SINGLE,
        ("role", "staffing"),
    )
    assert (named.expect, named.expect_staffing, named.checks) == (rolemodel.Role.MANAGEMENT, None, ("role",))


def test_version_2_expect_null_means_abstains() -> None:
    """In an expect mapping, null expects no verdict; a key left out is not checked."""
    fw = load(GOOD_V2.replace("expect: {role: management, staffing: single}", "expect: {role: null}"))
    example = fw.examples[0]
    assert (example.expect, example.expect_staffing, example.checks) == (None, None, ("role",))


def test_version_1_files_still_load_without_basis() -> None:
    """A version-1 file loads; its rules have no basis and it lists no staffing."""
    fw = load(GOOD)
    assert fw.version == 1 and fw.staffing == ()
    assert all(r.basis is None for r in fw.rules)


@pytest.mark.parametrize(
    ("old", "new", "path", "expected", "hint"),
    [
        (
            "    basis: article\n",
            "",
            "rules[2]",
            "the field 'basis'",
            "",
        ),
        ("basis: article", "basis: artcle", "rules[2].basis", "one of article, calibration", "'article'"),
        ("basis: article", "basis: calibrated", "rules[2].basis", "one of article", "'calibration'"),
        (
            "    then: single",
            "    then: converged",
            "rules[3].then",
            "a role or staffing option this framework lists",
            "",
        ),
        ("  split:\n", "  shared:\n", "staffing.shared", "one of single, split, converged", ""),
        ("  split:\n", "  splt:\n", "staffing.splt", "one of single, split, converged", "'split'"),
        ("    staffing: split", "    staffing: alone", "items[0].staffing", "one of single, split", ""),
        (
            "expect: {role: management, staffing: single}",
            "expect: {rol: management, staffing: single}",
            "examples[0].expect.rol",
            "one of role, staffing",
            "'role'",
        ),
        (
            "expect: {role: management, staffing: single}",
            "expect: {staffing: singel}",
            "examples[0].expect.staffing",
            "one of single, split, converged or null",
            "'single'",
        ),
        (
            "expect: {role: management, staffing: single}",
            "expect: {}",
            "examples[0].expect",
            "'role' or 'staffing'",
            "",
        ),
        (
            "expect: {role: management, staffing: single}",
            "expect: {staffing: converged}",
            "examples[0].expect.staffing",
            "a staffing option this framework lists",
            "",
        ),
    ],
)
def test_version_2_located_problems(old: str, new: str, path: str, expected: str, hint: str) -> None:
    """Each version-2 mistake is reported at its field, with what was expected (and a
    did-you-mean where a name is close)."""
    assert old in GOOD_V2
    found = problems(GOOD_V2.replace(old, new, 1))
    match = [p for p in found if p.path == path and expected in p.expected and p.line > 0]
    assert match, found
    if hint:
        assert any(hint in p.hint for p in match), match


def test_concept_named_like_an_answer_says_so() -> None:
    """A concept named like a staffing option is refused as the answer name it is."""
    found = problems(GOOD_V2.replace("  - id: change\n", "  - id: split\n", 1))
    assert any(p.path == "concepts[0].id" and p.found == "the answer name 'split'" for p in found)


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("factors: [", "staffing:\n  single: {says: x, citation: {quote: q}}\nfactors: [", "staffing"),
        ("    weight: 2\n", "    weight: 2\n    basis: article\n", "rules[2].basis"),
        (
            "rules:\n",
            "items:\n  - {kind: situation, staffing: single, says: x, citation: {quote: q}}\nrules:\n",
            "items[0].staffing",
        ),
    ],
)
def test_version_1_refuses_version_2_fields(old: str, new: str, path: str) -> None:
    """A version-1 file may not use staffing, basis or items about staffing: each is an unknown
    field of version 1, located."""
    assert old in GOOD
    found = problems(GOOD.replace(old, new, 1))
    assert any(p.path == path and p.found.startswith("the unknown field") and p.line > 0 for p in found), (
        found
    )


def test_version_1_refuses_an_expect_mapping() -> None:
    """In version 1, expect is a role's name: a mapping is a located type error."""
    text = GOOD + (
        "examples:\n  - name: e\n"
        "    profile: {company_size: 10, team_size: 2, market_change: low, regulation: high}\n"
        "    expect: {role: management}\n"
        '    citation: {quote: "In highly regulated industries"}\n'
    )
    found = problems(text)
    assert any(p.path == "examples[0].expect" and p.expected == "a string" and p.line > 0 for p in found), (
        found
    )


def test_missing_required_field() -> None:
    """A missing required field is named."""
    found = problems(
        GOOD.replace("summary: Regulation calls for management; change calls for leadership.\n", "")
    )
    assert any("'summary'" in p.expected for p in found)


def test_duplicate_keys() -> None:
    """A key given twice is an error, not a silent overwrite."""
    found = problems(GOOD.replace("title: A tiny framework\n", "title: A\ntitle: B\n"))
    assert any(p.found == "a duplicate key" and p.line == 5 for p in found)


def test_cycle_in_rule_graph() -> None:
    """Concepts that feed each other are a cycle, reported with its rules."""
    text = GOOD.replace(
        "concepts:\n",
        'concepts:\n  - id: loop\n    says: x\n    citation: {quote: "In highly regulated industries"}\n',
    )
    text += """\
  - id: a
    when: {concept: change, rising: [0, 1]}
    then: loop
    weight: 1
    says: x
    citation: {quote: "In highly regulated industries"}
  - id: b
    when: {concept: loop, rising: [0, 1]}
    then: change
    weight: 1
    says: x
    citation: {quote: "In highly regulated industries"}
"""
    found = problems(text)
    assert any("cycle" in p.expected for p in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "a framework document"),
        ("   \n\n", "a framework document"),
        ("# only a comment\n", "a framework document"),
        (b"\x00\x01binary", "UTF-8 text"),
        (b"format: \xff\xfe", "UTF-8 text"),
        ("format: [unclosed\n", "valid YAML"),
        ("a: b\n  c: d\n", "valid YAML"),
        ("- just\n- a list\n", "a mapping"),
        ("x: &a [1]\ny: *a\n", "plain YAML"),
        ("x: !!python/object:os.system 'ls'\n", "plain YAML"),
        ("---\na: 1\n---\nb: 2\n", "valid YAML"),
        ("[" * 5000 + "]" * 5000, "YAML"),
        ("[" * 100 + "]" * 100, "nesting at most"),
    ],
)
def test_hostile_or_broken_text(text: str | bytes, expected: str) -> None:
    """Empty, binary, non-UTF-8, broken, aliased, tagged, multi-document or deep text: clean errors."""
    found = problems(text)
    assert any(expected in p.expected for p in found), found


def test_alias_bomb_is_fast() -> None:
    """A billion-laughs document is refused at once, without expanding it."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    start = time.perf_counter()
    found = problems("\n".join(lines))
    assert time.perf_counter() - start < 1.0  # a sanity bound, not a benchmark
    assert any("aliases" in p.hint for p in found)


def test_bad_utf8_position() -> None:
    """A non-UTF-8 byte is located by line and column."""
    (p,) = problems(b"format: x\nid: caf\xe9\n")
    assert (p.line, p.column) == (2, 8)


def test_error_pickles_and_is_a_value_error() -> None:
    """FrameworkError is a ValueError and survives pickling with its problems."""
    import pickle

    with pytest.raises(ValueError) as info:
        load("")
    again = pickle.loads(pickle.dumps(info.value))
    assert isinstance(again, FrameworkError)
    assert again.problems == info.value.problems


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_loads_or_raises_framework_error(text: str) -> None:
    """Arbitrary text never escapes as another exception type."""
    with contextlib.suppress(FrameworkError):
        load(text)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_good_file_loads_or_raises_framework_error(data: st.DataObject) -> None:
    """A good file with a slice deleted or replaced loads or raises FrameworkError only."""
    start = data.draw(st.integers(0, len(GOOD)))
    end = data.draw(st.integers(start, min(len(GOOD), start + 40)))
    filler = data.draw(st.sampled_from(["", "x", ": ", "\n", "- ", "[", "{", "'", "1e999", "&a", "*a"]))
    with contextlib.suppress(FrameworkError):
        load(GOOD[:start] + filler + GOOD[end:])


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=20,
    )
)
def test_any_yaml_value_loads_or_raises_framework_error(value: object) -> None:
    """Any YAML document built from plain values loads or raises FrameworkError only."""
    with contextlib.suppress(FrameworkError):
        load(yaml.safe_dump(value))


def test_an_item_about_an_answer_the_framework_does_not_list_is_located() -> None:
    """An item naming a staffing option its own framework does not list is an error at the item."""
    plain = (Path(__file__).parents[1] / "frameworks" / "seven-differences.yaml").read_text(encoding="utf-8")
    bad = plain.replace(
        "  - kind: caveat\n    name: Two distinct approaches",
        "  - kind: caveat\n    staffing: converged\n    name: Two distinct approaches",
    )
    with pytest.raises(FrameworkError) as info:
        rolemodel.loads_framework(bad, "x.yaml")
    assert "items[46].staffing: expected a staffing this framework lists (none), found 'converged'" in str(
        info.value
    )
