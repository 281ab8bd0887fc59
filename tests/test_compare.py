"""The articles side by side on a dimension (rolemodel._compare)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel import Citation, Comparison, RoleModelError, compare, loads_framework
from rolemodel._compare import DIMENSIONS

TINY = """\
format: rolemodel/framework
version: 1
id: tiny
title: "Tiny <b>test</b>"
author: not named
source: tiny.txt
summary: a tiny framework for tests
roles:
  management:
    baseline: 0.5
    says: runs things
    citation: {quote: "run things"}
  leadership:
    baseline: 0.5
    says: leads people
    citation: {quote: "lead people"}
factors: [regulation]
rules:
  - id: r1
    when: {factor: regulation, rising: [0.2, 0.8]}
    then: management
    weight: 1
    says: regulation wants management
    citation: {quote: "rules and rules"}
items:
  - kind: pro
    role: leadership
    dimension: focus
    says: "leaders *inspire*"
    citation: {quote: "inspire"}
  - kind: difference
    dimension: focus
    name: "<script>alert(1)</script>"
    management: "a | b"
    leadership: "x & y"
    citation: {quote: "<i>quoted</i>"}
"""

# Version 2: items may be about a staffing option (who holds the roles) instead of, or beside, a role.
TINY_STAFFING = """\
format: rolemodel/framework
version: 2
id: tiny-two
title: "Tiny <b>two</b>"
author: not named
source: tiny.txt
summary: a tiny version-2 framework for tests
roles:
  management:
    baseline: 0.5
    says: runs things
    citation: {quote: "run things"}
  leadership:
    baseline: 0.5
    says: leads people
    citation: {quote: "lead people"}
  growth_leader:
    baseline: 0.5
    says: does both
    citation: {quote: "both"}
staffing:
  single:
    baseline: 0.5
    says: one person
    citation: {quote: "one person"}
  split:
    baseline: 0.5
    says: two people
    citation: {quote: "two people"}
  converged:
    baseline: 0.5
    says: one growth leader
    citation: {quote: "both"}
factors: [regulation]
rules:
  - id: r1
    when: {factor: regulation, rising: [0.2, 0.8]}
    then: management
    weight: 1
    basis: article
    says: regulation wants management
    citation: {quote: "rules and rules"}
items:
  - kind: situation
    staffing: single
    dimension: focus
    name: "One <em>person</em>"
    says: "one | person holds both"
    citation: {quote: "one person"}
  - kind: practice
    role: growth_leader
    staffing: converged
    dimension: focus
    says: "a growth leader does both"
    citation: {quote: "both"}
  - kind: pro
    role: leadership
    staffing: split
    dimension: focus
    says: "a dedicated leader inspires"
    citation: {quote: "inspire"}
  - kind: difference
    dimension: focus
    staffing: split
    name: Two hats
    management: "runs"
    leadership: "leads"
    citation: {quote: "two hats"}
"""

ALL_DIMENSIONS = sorted(
    {item.dimension for f in rolemodel.builtin_frameworks() for item in f.items if item.dimension}
)


def test_focus_side_by_side() -> None:
    """On focus every article speaks; its differences come first, both poles filled and cited."""
    table = compare("focus")
    assert isinstance(table, Comparison)
    assert table.dimension == "focus"
    assert table.columns == ("framework", "kind", "name", "management", "leadership", "says", "citation")
    kinds = [r["kind"] for r in table.rows]
    assert kinds[: kinds.count("difference")] == ["difference"] * kinds.count("difference")
    assert {r["framework"] for r in table.rows if r["kind"] == "difference"} == {
        f.id for f in rolemodel.builtin_frameworks()
    }
    for row in table.rows:
        assert isinstance(row["citation"], Citation)
        if row["kind"] == "difference":
            assert row["management"] and row["leadership"]
    kotter = next(r for r in table.rows if r["framework"] == "kotter-complexity-change")
    assert kotter["management"] == "Maintains the system."
    assert kotter["leadership"] == "Develops the people."


def test_every_cell_is_cited_verbatim(sources: Path) -> None:
    """Every row's citation is a verbatim quote of its article."""
    for dimension in ALL_DIMENSIONS:
        for row in compare(dimension).rows:
            citation = row["citation"]
            text = (sources / citation.source).read_text(encoding="utf-8")
            assert citation.quote in text, (dimension, row["framework"], citation.quote)


def test_dimension_names_are_forgiving() -> None:
    """Spaces, hyphens and capitals read as the dimension's name."""
    assert compare("Decision making").rows == compare("decision-making").rows
    assert compare("decision making").dimension == "decision_making"


def test_unknown_dimension_says_did_you_mean() -> None:
    """A misspelt dimension is refused with a hint."""
    with pytest.raises(RoleModelError, match="did you mean 'focus'"):
        compare("focsu")
    with pytest.raises(RoleModelError, match="expected a name"):
        compare(3)  # type: ignore[arg-type]


def test_a_standard_dimension_nobody_speaks_to_is_empty() -> None:
    """A standard dimension no chosen framework names gives an empty table, not an error."""
    tiny = loads_framework(TINY, "tiny.yaml")
    assert len(compare("conflict_resolution", frameworks=[tiny])) == 0


def test_summary_says_who_speaks_to_what() -> None:
    """Without a dimension, one row per dimension counts each framework's items on it."""
    table = compare()
    assert table.dimension is None
    ids = tuple(f.id for f in rolemodel.builtin_frameworks())
    assert table.columns == ("dimension", "frameworks", "differences", *ids)
    dims = [r["dimension"] for r in table.rows]
    assert dims[:3] == ["focus", "decision_making", "motivation"]
    assert sorted(dims) == ALL_DIMENSIONS
    focus = table.rows[0]
    assert focus["frameworks"] == 5
    for row in table.rows:
        assert row["frameworks"] == sum(1 for fid in ids if row[fid])


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(ALL_DIMENSIONS))
def test_detail_rows_match_the_summary(dimension: str) -> None:
    """A dimension's rows per framework match the summary's counts; citations from its source."""
    summary = {r["dimension"]: r for r in compare().rows}[dimension]
    table = compare(dimension)
    frameworks = {f.id: f for f in rolemodel.builtin_frameworks()}
    for fid, framework in frameworks.items():
        rows = [r for r in table.rows if r["framework"] == fid]
        assert len(rows) == summary[fid]
        assert all(r["citation"].source == framework.source for r in rows)
    assert sum(r["kind"] == "difference" for r in table.rows) == summary["differences"]


def test_html_is_escaped() -> None:
    """Names, poles and quotes are escaped in HTML; nothing of the text becomes markup."""
    table = compare("focus", frameworks=[loads_framework(TINY, "tiny.yaml")])
    page = table._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<i>" not in page and "&lt;i&gt;quoted&lt;/i&gt;" in page
    assert "x &amp; y" in page
    assert "<cite>tiny.txt</cite>" in page


def test_markdown_is_escaped() -> None:
    """Pipes and markup characters are escaped in Markdown, so rows keep their columns."""
    table = compare("focus", frameworks=[loads_framework(TINY, "tiny.yaml")])
    text = table._repr_markdown_()
    rows = [line for line in text.splitlines() if line.startswith("| tiny")]
    assert len(rows) == 2
    assert "a \\| b" in text and "\\<script\\>" in text and "\\*inspire\\*" in text
    for line in rows:
        assert line.replace("\\|", "").count("|") == len(table.columns) + 1


def test_displays_in_notebooks() -> None:
    """The mime bundle carries plain text, HTML and Markdown, and honours include/exclude."""
    table = compare("communication")
    bundle = table._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "text/markdown"}
    assert (
        bundle["text/plain"]
        == repr(table)
        == (f"<Comparison 'communication' rows={len(table)} frameworks=5>")
    )
    assert set(table._repr_mimebundle_(include=["text/html"])) == {"text/html"}
    assert "text/html" not in table._repr_mimebundle_(exclude=["text/html"])
    assert "Communication: the frameworks side by side" in str(table)
    assert repr(compare()) == f"<Comparison all dimensions rows={len(ALL_DIMENSIONS)} frameworks=5>"


def test_to_dict_is_json() -> None:
    """to_dict is JSON-ready, citations as source and quote."""
    data = compare("motivation").to_dict()
    again = json.loads(json.dumps(data))
    assert again["dimension"] == "motivation"
    assert set(again["rows"][0]["citation"]) == {"source", "quote"}
    assert json.loads(json.dumps(compare().to_dict()))["dimension"] is None


def test_frameworks_must_be_frameworks() -> None:
    """Anything but Framework objects is refused."""
    with pytest.raises(RoleModelError, match="Framework objects"):
        compare("focus", frameworks=["both-hats"])  # type: ignore[list-item]


def test_staffing_items_sit_in_their_article_row_labelled() -> None:
    """An item about a staffing option stays in its article's row, labelled with the option:
    under its role when it has one, else under says; a difference keeps its poles."""
    table = compare("focus", frameworks=[loads_framework(TINY_STAFFING, "tiny2.yaml")])
    rows = {r["kind"]: r for r in table.rows}
    assert [r["kind"] for r in table.rows] == ["difference", "situation", "practice", "pro"]
    assert all(r["framework"] == "tiny-two" for r in table.rows)
    assert rows["situation"]["says"] == "(staffing: single) one | person holds both"
    assert rows["situation"]["management"] == rows["situation"]["leadership"] == ""
    assert rows["practice"]["says"] == "(growth_leader; staffing: converged) a growth leader does both"
    assert rows["pro"]["leadership"] == "(staffing: split) a dedicated leader inspires"
    assert (rows["difference"]["management"], rows["difference"]["leadership"]) == ("runs", "leads")
    assert rows["difference"]["says"] == "(staffing: split)"
    assert "(staffing: single)" in str(table)


def test_staffing_items_are_escaped() -> None:
    """Staffing items' names and texts are escaped in HTML and Markdown like any other."""
    table = compare("focus", frameworks=[loads_framework(TINY_STAFFING, "tiny2.yaml")])
    page = table._repr_html_()
    assert "<em>" not in page and "One &lt;em&gt;person&lt;/em&gt;" in page
    text = table._repr_markdown_()
    assert "one \\| person" in text
    for line in (line for line in text.splitlines() if line.startswith("| tiny-two")):
        assert line.replace("\\|", "").count("|") == len(table.columns) + 1


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted({*ALL_DIMENSIONS, *DIMENSIONS})))
def test_every_dimension_compares_with_staffing_items(dimension: str) -> None:
    """Every dimension gives a table, with version-2 staffing items among the articles, that
    renders in every format and is JSON-ready."""
    frameworks = [*rolemodel.builtin_frameworks(), loads_framework(TINY_STAFFING, "tiny2.yaml")]
    table = compare(dimension, frameworks=frameworks)
    assert table.dimension == dimension
    for row in table.rows:
        assert set(row) == set(table.columns)
    json.loads(json.dumps(table.to_dict()))
    assert str(table) and table._repr_html_() and table._repr_markdown_()
    counts = {r["dimension"]: r for r in compare(frameworks=frameworks).rows}.get(dimension, {})
    assert len(table) == sum(counts.get(fid, 0) for fid in table.frameworks)
