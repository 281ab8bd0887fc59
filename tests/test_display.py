"""Notebook display: MIME bundles of results and frameworks, both answers and abstentions,
escaping, the one palette, the shared table renderer."""

from __future__ import annotations

import html
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel import Role, Staffing
from rolemodel._display import recommendation_markdown, recommendation_text
from rolemodel._markup import (
    ANSWER_COLOURS,
    ROLE_COLOURS,
    STAFFING_COLOURS,
    answer_colour,
    answer_label,
    md,
    render_table,
)
from rolemodel._views import verdict_rows
from tests.hostile import HOSTILE_YAML, IMG, SCRIPT, hostile_framework
from tests.strategies import profiles

PROFILE = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}
TEXT_TYPES = {"text/plain", "text/html", "text/markdown"}
FRAMEWORKS = rolemodel.builtin_frameworks()
BY_ID = {f.id: f for f in FRAMEWORKS}
NO_ROLE = "no recommendation: every framework abstains on this question"


def hostile_staffing_framework() -> rolemodel.Framework:
    """The hostile framework as format version 2: staffing options, a staffing rule and item,
    every rule with its basis, markup in each new text field too."""
    text = (
        HOSTILE_YAML.replace("version: 1", "version: 2")
        .replace("id: hostile-article", "id: hostile-staffing")
        .replace("    weight: 1.0\n", "    weight: 1.0\n    basis: calibration\n")
        .replace("    weight: 0.2\n", "    weight: 0.2\n    basis: article\n")
        .replace(
            "factors: [market_change]",
            f"""staffing:
  single:
    baseline: 0.1
    says: "alone {SCRIPT}"
    citation: {{quote: "single quote {IMG}"}}
  split:
    baseline: 0.1
    says: "two {IMG}"
    citation: {{quote: "split quote {SCRIPT}"}}
factors: [market_change, company_size]""",
        )
        .replace(
            "items:",
            f"""  - id: big-company-splits
    when: {{factor: company_size, rising: [50, 250]}}
    then: split
    weight: 1.0
    basis: calibration
    says: "split says {SCRIPT}"
    citation: {{quote: "split rule quote {IMG}"}}
items:
  - kind: situation
    staffing: split
    name: "Split {SCRIPT}"
    says: "split item {IMG}"
    citation: {{quote: "split item quote {SCRIPT}"}}""",
        )
    )
    return rolemodel.loads_framework(text, "hostile2.yaml")


def all_abstaining() -> list[rolemodel.Recommendation]:
    """Profiles on which every framework given abstains on both questions: seven-differences
    alone on a tied profile, manage-lead-coach alone on one that moves none of its rules."""
    return [
        rolemodel.recommend(
            company_size=100,
            team_size=10,
            market_change=0.5,
            regulation=0.5,
            frameworks=[BY_ID["seven-differences"]],
        ),
        rolemodel.recommend(PROFILE | {"market_change": 0.0}, frameworks=[BY_ID["manage-lead-coach"]]),
    ]


@pytest.fixture(scope="module")
def rec() -> rolemodel.Recommendation:
    """A recommendation of the five built-in articles: a role and a staffing, some abstaining."""
    rec = rolemodel.recommend(**PROFILE)
    assert rec.role is not None and rec.staffing is not None
    assert rec.abstaining and rec.staffing_abstaining
    return rec


@pytest.fixture(scope="module")
def hostile_rec() -> rolemodel.Recommendation:
    """A recommendation in which two frameworks' every text field carries markup."""
    return rolemodel.recommend(
        PROFILE, frameworks=[hostile_framework(), hostile_staffing_framework(), *FRAMEWORKS]
    )


def test_bundles_carry_the_text_types(rec: rolemodel.Recommendation) -> None:
    """Recommendation, Verdict, Explanation and Framework each render text, HTML and Markdown."""
    framework = rolemodel.builtin_frameworks()[0]
    values = [rec, rec.verdicts[0], rec.explain(), framework]
    for value in values:
        bundle = value._repr_mimebundle_()
        assert set(bundle) >= TEXT_TYPES, type(value).__name__
        assert all(isinstance(v, str) and v for v in bundle.values())
    assert "text/vnd.mermaid" in rec.explain()._repr_mimebundle_()
    assert "text/vnd.mermaid" in framework._repr_mimebundle_()
    assert "text/vnd.mermaid" not in rec._repr_mimebundle_()


def test_include_and_exclude_pick_types(rec: rolemodel.Recommendation) -> None:
    """include limits the bundle to the types asked for; exclude drops types."""
    assert set(rec._repr_mimebundle_(include={"text/html"})) == {"text/html"}
    assert set(rec._repr_mimebundle_(exclude={"text/html"})) == {"text/plain", "text/markdown"}
    assert rec._repr_mimebundle_(include={"image/png"}) == {}


def test_bundle_says_both_answers_and_confidences(rec: rolemodel.Recommendation) -> None:
    """Every rendering names the recommended role and staffing, each with its confidence."""
    assert rec.role is not None and rec.staffing is not None
    bundle = rec._repr_mimebundle_()
    text = bundle["text/plain"]
    assert text.startswith(f"Role: {rec.role.value} (confidence {rec.confidence:.2f}, ")
    assert f"\nStaffing: {rec.staffing.value} (confidence {rec.staffing_confidence:.2f}, " in text
    page = bundle["text/html"]
    assert f"<h3>Role: {answer_label(rec.role)}</h3>" in page
    assert f"<h3>Staffing: {answer_label(rec.staffing)} (" in page
    assert f"confidence {rec.confidence:.2f}" in page and f"confidence {rec.staffing_confidence:.2f}" in page
    assert page.count("<svg") == 2  # one chart per question
    markdown = bundle["text/markdown"]
    assert f"**Role:** {answer_label(rec.role)} \u2014 confidence {rec.confidence:.2f}" in markdown
    assert f"**Staffing:** {answer_label(rec.staffing)} (" in markdown
    assert f"confidence {rec.staffing_confidence:.2f}" in markdown
    assert rec._repr_html_() == page
    assert rec._repr_markdown_() == markdown


def test_reprs_stay_short(rec: rolemodel.Recommendation) -> None:
    """The telling one-line reprs are untouched by the display methods."""
    assert repr(rec).startswith("<Recommendation leadership confidence=")
    assert repr(rolemodel.builtin_frameworks()[0]).startswith("<Framework 'both-hats'")
    assert repr(rec.verdicts[0]).startswith("<Verdict 'both-hats'")


def test_verdict_html_names_its_framework(rec: rolemodel.Recommendation) -> None:
    """A verdict's HTML gives its framework's title, both its answers and a chart per question spoken to."""
    for verdict in rec.verdicts:
        page = verdict._repr_html_()
        assert html.escape(verdict.title, quote=True) in page
        for name, answer, reason in (
            ("Role", verdict.role, verdict.reason),
            ("Staffing", verdict.staffing, verdict.staffing_reason),
        ):
            shown = answer_label(answer) if answer is not None else f"no verdict: {reason}"
            assert f"<h4>{name}: " in page and html.escape(shown, quote=True) in page
        charts = 1 + bool(verdict.staffing_scores)
        assert page.count("<svg") == charts, verdict.framework


def test_explanation_html_cites_the_reasons(rec: rolemodel.Recommendation) -> None:
    """An explanation's HTML and Markdown quote the citation of every reason for both winners."""
    explanation = rec.explain()
    page = explanation._repr_html_()
    markdown = explanation._repr_markdown_()
    assert explanation.winner is not None and explanation.staffing_winner is not None
    for case in (explanation.winner, explanation.staffing_winner):
        assert f">Why {answer_label(case.role)}</h4>" in page
        assert f"#### Why {answer_label(case.role)}\n" in markdown
        for reason in case.reasons:
            assert html.escape(reason.citation.quote, quote=True) in page
            assert md(reason.citation.quote) in markdown


def test_framework_markdown_embeds_its_mermaid() -> None:
    """A framework's Markdown shows its rule graph as a mermaid code block."""
    framework = rolemodel.builtin_frameworks()[3]
    text = framework._repr_markdown_()
    assert "```mermaid\n" + framework.to_mermaid() + "\n```" in text


def test_hostile_values_are_escaped_everywhere(hostile_rec: rolemodel.Recommendation) -> None:
    """Markup in a framework's title, author, says, quotes and staffing never reaches HTML or Markdown raw."""
    framework = hostile_framework()
    values = [
        hostile_rec,
        *hostile_rec.verdicts,
        hostile_rec.explain(),
        framework,
        hostile_staffing_framework(),
    ]
    for value in values:
        for mime, text in value._repr_mimebundle_().items():
            if mime in ("text/plain", "text/vnd.mermaid"):
                continue
            assert "<script" not in text and "<img" not in text, (type(value).__name__, mime)
    page = framework._repr_html_()
    assert html.escape(SCRIPT, quote=True) in page
    assert html.escape(IMG, quote=True) in page


def test_rendering_needs_no_heavy_import() -> None:
    """Recommending and rendering every face but the drawings imports no matplotlib."""
    import subprocess

    code = (
        "import sys, rolemodel\n"
        "rec = rolemodel.recommend(company_size=300, team_size=25, market_change=0.8,"
        " regulation=0.2)\n"
        "rec._repr_mimebundle_(); rec.explain()._repr_mimebundle_(); rec.to_html()\n"
        "from rolemodel._display import recommendation_markdown, recommendation_text\n"
        "recommendation_text(rec); recommendation_markdown(rec)\n"
        "none = rolemodel.recommend(company_size=300, team_size=25, market_change=0.0, regulation=0.2,"
        " frameworks=[f for f in rolemodel.builtin_frameworks() if f.id == 'manage-lead-coach'])\n"
        "assert none.role is None\n"
        "none._repr_mimebundle_(); none.explain()._repr_mimebundle_(); none.to_markdown()\n"
        "rolemodel.builtin_frameworks()[0]._repr_mimebundle_()\n"
        "print(sorted(m for m in ('matplotlib', 'numpy', 'pandas') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"


# -- both answers, abstentions, standing claims, calibration -----------------------------------


def _abstainer(rec: rolemodel.Recommendation) -> rolemodel.Verdict:
    return next(v for v in rec.verdicts if v.role is None)


def test_abstaining_framework_shows_no_verdict_everywhere(rec: rolemodel.Recommendation) -> None:
    """An abstaining framework reads "no verdict: <reason>" in text, Markdown and HTML, everywhere."""
    verdict = _abstainer(rec)
    shown = f"no verdict: {verdict.reason}"
    for value in (rec, verdict, rec.explain()):
        bundle = value._repr_mimebundle_()
        assert shown in bundle["text/plain"], type(value).__name__
        assert md(shown) in bundle["text/markdown"], type(value).__name__
        assert html.escape(shown, quote=True) in bundle["text/html"], type(value).__name__
    full_report = rolemodel.client_report(rec, detail="full")  # the brief report counts abstainers only
    for value in (full_report, recommendation_text(rec)):
        assert shown in value.replace("\\", "")


def test_abstainers_neither_agree_nor_dissent(rec: rolemodel.Recommendation) -> None:
    """In the verdict table an abstainer's agreement cell is empty; speakers agree or dissent."""
    rows = {
        fx.framework: row
        for fx, row in zip(rec.explain().frameworks, verdict_rows(rec.explain()), strict=True)
    }
    for verdict in rec.verdicts:
        row = rows[verdict.framework]
        for own, cell, dissent in (
            (verdict.role, row[3], rec.dissent),
            (verdict.staffing, row[5], rec.staffing_dissent),
        ):
            if own is None:
                assert cell == ""
            else:
                assert cell == ("dissents" if verdict.framework in dissent else "agrees")


def test_standing_claim_is_shown_as_such(rec: rolemodel.Recommendation) -> None:
    """An article's stance is shown as a standing claim, in the text and the table, never as its verdict."""
    verdict = next(v for v in rec.verdicts if v.stance)
    text = recommendation_text(rec)
    block = re.search(rf"\n  {re.escape(verdict.framework)} \(.*\):\n((?:    .*\n)+)", text)
    assert block is not None
    lines = block[1].splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "    role",
        "    staffing",
        "    standing claim (whatever the company)",
    ]
    assert lines[2].endswith(": " + ", ".join(verdict.stance))
    row = verdict_rows(rec.explain())[list(rec.by_framework).index(verdict.framework)]
    assert row[6] == ", ".join(answer_label(s) for s in verdict.stance)
    assert "standing claim (whatever the company)" in verdict._repr_mimebundle_()["text/plain"]


def test_recommendation_text_worked_example(rec: rolemodel.Recommendation) -> None:
    """The CLI's text: answers, scores, verdicts, top cited reasons, dissent, assumptions, note."""
    assert rec.role is not None and rec.staffing is not None
    text = recommendation_text(rec)
    lines = text.splitlines()
    assert lines[0] == f"Role: {rec.role.value} (confidence {rec.confidence:.2f}, {_word(rec.confidence)})"
    assert lines[1].startswith("  scores: management ")
    assert lines[2].startswith(f"Staffing: {rec.staffing.value} (confidence {rec.staffing_confidence:.2f}, ")
    assert lines[3].startswith("  scores: single ")
    assert "\nBy framework:\n" in text
    for verdict in rec.verdicts:
        assert f"\n  {verdict.framework} ({verdict.source}):\n    role: " in text
    explanation = rec.explain()
    assert explanation.winner is not None and explanation.staffing_winner is not None
    for case in (explanation.winner, explanation.staffing_winner):
        assert f"\nWhy {case.role.value}: {case.summary}\n" in text
        for reason in case.reasons[:3]:
            assert f"  - {reason.says} [{reason.framework} \u00b7 {reason.rule}" in text
            assert f"\n      {reason.citation}\n" in text
    assert f"\nDissent on role: {', '.join(rec.dissent) or 'none'}\n" in text
    assert f"\nDissent on staffing: {', '.join(rec.staffing_dissent) or 'none'}" in text
    assert "\nAssumed:\n  - stage growth: derived from company_size=300" in text
    assert text.endswith("see the calibration page of the docs.")
    assert recommendation_text(rec) == text  # stable


def _word(confidence: float) -> str:
    return "low" if confidence < 1 / 3 else "moderate" if confidence < 2 / 3 else "high"


def test_recommendation_markdown_is_complete(rec: rolemodel.Recommendation) -> None:
    """The CLI's Markdown: answers, verdict table, top reasons quoted, dissent, assumptions, note."""
    text = recommendation_markdown(rec)
    explanation = rec.explain()
    assert explanation.winner is not None and explanation.staffing_winner is not None
    assert "| article | author | role |  | staffing |  | standing claim (whatever the company) |" in text
    for case in (explanation.winner, explanation.staffing_winner):
        assert f"**Why {answer_label(case.role)}:** " in text
        for reason in case.reasons[:3]:
            assert md(reason.citation.quote) in text
    assert "Dissent on role: " in text and "Dissent on staffing: " in text
    assert "Assumed:" in text and "*Note: numbers marked (calibration)" in text
    assert "<" not in text.replace("&lt;", "")


def test_calibration_and_uncounted_rules_are_marked(rec: rolemodel.Recommendation) -> None:
    """Calibrated fired rules are marked "(calibration)"; an abstainer's rules "not counted"."""
    explanation = rec.explain()
    assert explanation.calibrated
    page = explanation._repr_html_()
    markdown = explanation._repr_markdown_()
    assert "(calibration)</span>" in page and "*(calibration)*" in markdown
    assert "numbers marked (calibration) are the library&#x27;s choice" in page
    uncounted = [c for c in explanation.contributions if not c.counted]
    assert uncounted, "the profile has a fired rule of an abstaining framework"
    for c in uncounted:
        assert html.escape(c.says, quote=True) + ' <span class="rm-muted">[' in page
    assert "not counted: its framework abstains" in page and "not counted: its framework abstains" in markdown


@pytest.mark.parametrize("none", all_abstaining(), ids=["tie", "nothing-moved"])
def test_every_framework_abstaining_renders_everywhere(none: rolemodel.Recommendation) -> None:
    """When every framework abstains, every face renders "no recommendation: <reason>" and crashes nowhere."""
    assert none.role is None and none.staffing is None and none.scores == {}
    for value in (none, *none.verdicts, none.explain()):
        bundle = value._repr_mimebundle_()
        assert set(bundle) >= TEXT_TYPES
        for mime, text in bundle.items():
            if mime != "text/vnd.mermaid":
                assert "no verdict: " in text or NO_ROLE in html.unescape(text), (type(value).__name__, mime)
    text = recommendation_text(none)
    assert text.startswith(f"Role: {NO_ROLE}\nStaffing: {NO_ROLE}\n")
    assert "Dissent on" not in text
    assert f"**Role:** {NO_ROLE}" in recommendation_markdown(none)
    page = none._repr_html_()
    assert html.escape(NO_ROLE, quote=True) in page and "<svg" not in page
    assert "Why " not in page


def test_staffing_in_every_rendering(rec: rolemodel.Recommendation) -> None:
    """The staffing answer, or each framework's staffing verdict, shows in every rendering of every value."""
    assert rec.staffing is not None
    label = answer_label(rec.staffing)
    for value in (rec, rec.explain()):
        for mime, text in value._repr_mimebundle_().items():
            assert rec.staffing.value in text or label in text, mime
    for verdict in rec.verdicts:
        for mime, text in verdict._repr_mimebundle_().items():
            assert "staffing" in text.lower(), (verdict.framework, mime)
    framework = BY_ID["both-hats"]
    for mime, text in framework._repr_mimebundle_().items():
        assert "split" in text, mime
    assert "The article does not speak to staffing." in BY_ID["seven-differences"]._repr_html_()


def test_restored_hostile_reasons_are_escaped(rec: rolemodel.Recommendation) -> None:
    """Markup in a restored recommendation's reasons and stances is shown as text in HTML and Markdown."""
    data = rec.to_dict()
    fid = next(iter(data["by_framework"]))
    data.update(role=None, scores={}, reason=SCRIPT, staffing_reason=IMG)
    data["by_framework"][fid].update(role=None, reason=IMG, stance=[SCRIPT])
    data["explanation"].update(role=None, scores={}, reason=SCRIPT, winner=None, losers=[])
    data["explanation"]["frameworks"][0].update(role=None, reason=IMG, stance=[SCRIPT])
    restored = rolemodel.Recommendation.from_dict(data)
    assert restored.role is None
    for value in (restored, restored.by_framework[fid], restored.explain()):
        for mime, text in value._repr_mimebundle_().items():
            if mime in ("text/plain", "text/vnd.mermaid"):
                continue
            assert "<script" not in text and "<img" not in text, (type(value).__name__, mime)
    assert f"no recommendation: {SCRIPT}" in recommendation_text(restored)
    assert html.escape(f"no recommendation: {SCRIPT}", quote=True) in restored._repr_html_()
    assert "<script" not in restored.explain().to_mermaid()


@settings(max_examples=40, deadline=None)
@given(
    profile=profiles(),
    chosen=st.lists(st.sampled_from([f.id for f in FRAMEWORKS]), min_size=1, max_size=5, unique=True),
)
def test_any_profile_and_frameworks_render(profile: dict[str, Any], chosen: list[str]) -> None:
    """For any profile and frameworks every face renders each answer or why none, and abstainers' reasons."""
    rec = rolemodel.recommend(profile, frameworks=[BY_ID[i] for i in chosen])
    text = recommendation_text(rec)
    for name, answer, reason in (
        ("Role", rec.role, rec.reason),
        ("Staffing", rec.staffing, rec.staffing_reason),
    ):
        expected = answer.value if answer is not None else f"no recommendation: {reason}"
        assert f"{name}: {expected}" in text
    for verdict in rec.verdicts:
        if verdict.role is None:
            assert f"role: no verdict: {verdict.reason}" in text
        if verdict.staffing is None:
            assert f"staffing: no verdict: {verdict.staffing_reason}" in text
    for value in (rec, *rec.verdicts, rec.explain()):
        assert set(value._repr_mimebundle_()) >= TEXT_TYPES


# -- the one palette --------------------------------------------------------------------------


def test_one_palette_for_six_answers() -> None:
    """Each of the six answers has one colour, all distinct; role and staffing maps are views of it."""
    answers = [*Role, *Staffing]
    assert set(ANSWER_COLOURS) == set(answers)
    assert len(set(ANSWER_COLOURS.values())) == len(answers)
    assert dict(ROLE_COLOURS) == {r: ANSWER_COLOURS[r] for r in Role}
    assert dict(STAFFING_COLOURS) == {s: ANSWER_COLOURS[s] for s in Staffing}
    assert all(answer_colour(a.value) == ANSWER_COLOURS[a] for a in answers)
    assert answer_colour(None) == answer_colour("nothing") != ANSWER_COLOURS[Role.MANAGEMENT]


ENGINE = ("_api", "_engine", "_errors", "_explain", "_graph", "_loader", "_model", "_profile", "_result")
FACES = {
    "rolemodel._counterfactual",
    "rolemodel._display",
    "rolemodel._markup",
    "rolemodel._mermaid",
    "rolemodel._phasemap",
    "rolemodel._plot",
    "rolemodel._report",
    "rolemodel._rerun",
    "rolemodel._views",
    "rolemodel._whatif",
    "rolemodel._whatif_display",
}


@pytest.mark.parametrize("module", ENGINE)
def test_engine_imports_no_face_at_module_level(module: str) -> None:
    """The engine reaches a face only inside a method (lazily), never at import time."""
    import ast
    import importlib

    source = importlib.import_module(f"rolemodel.{module}").__file__
    assert source is not None
    tree = ast.parse(Path(source).read_text(encoding="utf-8"))
    top = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    names = {n.module for n in top if isinstance(n, ast.ImportFrom)} | {
        a.name for n in top if isinstance(n, ast.Import) for a in n.names
    }
    assert not names & FACES


# -- the shared table renderer ----------------------------------------------------------------


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.caption = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.rows[-1].append("")
            self._in = "cell"
        elif tag == "caption":
            self._in = "caption"
        elif tag not in _ALLOWED:
            raise AssertionError(f"unexpected tag {tag}")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "cell":
            self.rows[-1][-1] += data
        elif self._in == "caption":
            self.caption += data


_ALLOWED = {"table", "caption", "thead", "tbody", "tr", "th", "td"}


def _unescaped_pipes(line: str) -> int:
    count, i = 0, 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        count += line[i] == "|"
        i += 1
    return count


def test_render_table_worked_example() -> None:
    """A small table in both formats: headers, right-aligned numbers, caption, escaping."""
    table_html, table_md = render_table(
        ["client", "score"], [["A|B <x>", 0.5], ["C", None]], "Scores & more", numeric={1}
    )
    assert "<caption>Scores &amp; more</caption>" in table_html
    assert '<td class="num">0.50</td>' in table_html
    assert "A|B &lt;x&gt;" in table_html
    assert table_md.splitlines() == [
        "**Scores &amp; more**",
        "",
        "| client | score |",
        "|---|---:|",
        "| A\\|B &lt;x&gt; | 0.50 |",
        "| C |  |",
    ]


def test_render_table_refuses_ragged_rows() -> None:
    """A row with the wrong number of cells is an error, not a broken table."""
    with pytest.raises(ValueError, match="row 1 has 1 cells, expected 2"):
        render_table(["a", "b"], [["1", "2"], ["3"]])


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=60, deadline=None)
@given(headers=st.lists(cells, min_size=1, max_size=4), data=st.data())
def test_render_table_round_trips_any_text(headers: list[str], data: st.DataObject) -> None:
    """Whatever the cells hold, the HTML reads back as the same text and has only table tags."""
    rows = data.draw(st.lists(st.lists(cells, min_size=len(headers), max_size=len(headers)), max_size=4))
    caption = data.draw(cells)
    table_html, table_md = render_table(headers, rows, caption)
    parser = _Cells()
    tags = set(re.findall(r"</?([a-zA-Z0-9]+)", table_html))
    assert tags <= _ALLOWED
    parser.feed(table_html)
    parser.close()
    assert parser.rows == [headers, *rows]
    assert parser.caption == caption if caption else True
    body = [line for line in table_md.splitlines() if line.startswith("| ")]
    assert len(body) == len(rows) + 1
    assert all(_unescaped_pipes(line) == len(headers) + 1 for line in body)


@given(st.text())
def test_markdown_escape_leaves_no_markup(text: str) -> None:
    """md() output has no raw angle bracket and no line break, whatever the input."""
    out = md(text)
    assert "<" not in out and ">" not in out and "\n" not in out
