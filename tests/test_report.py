"""Client and portfolio reports: both answers, abstentions, calibration, content, citations,
escaping, and a real headless browser."""

from __future__ import annotations

import html
import math
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import rolemodel
from rolemodel import Role, Staffing
from rolemodel._markup import answer_label, md
from rolemodel._report import prescriptions
from rolemodel._sources import source_of
from tests.browser import FLAGS, dump_dom, find_browser
from tests.hostile import IMG, SCRIPT, hostile_framework
from tests.strategies import profiles

LEADERSHIP = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}
MATURE_CONVERGED = {
    "company_size": 2000,
    "team_size": 40,
    "market_change": 0.3,
    "regulation": 0.3,
    "team_seasoning": "high",
    "process_maturity": "high",
    "manager_readiness": "high",
}
FRAMEWORKS = rolemodel.builtin_frameworks()
BY_ID = {f.id: f for f in FRAMEWORKS}
ALL_QUOTES = {
    c.quote
    for f in FRAMEWORKS
    for c in [
        *(s.citation for s in f.roles),
        *(s.citation for s in f.staffing),
        *(r.citation for r in f.rules),
        *(i.citation for i in f.items),
        *(c.citation for c in f.concepts),
    ]
}
QUOTED_MD = re.compile(r"^\s*> \u201c(.*)\u201d \u2014 ", re.MULTILINE)
QUOTED_HTML = re.compile(r'<blockquote class="rm-quote">\u201c(.*?)\u201d<footer>')


def _md_unescape(text: str) -> str:
    return html.unescape(re.sub(r"\\(.)", r"\1", text))


def _abstaining_only() -> rolemodel.Recommendation:
    """A recommendation on which every framework given abstains on both questions."""
    rec = rolemodel.recommend(
        company_size=100,
        team_size=10,
        market_change=0.5,
        regulation=0.5,
        frameworks=[BY_ID["seven-differences"]],
    )
    assert rec.role is None and rec.staffing is None
    return rec


@pytest.fixture(scope="module")
def leadership() -> rolemodel.Recommendation:
    """The README's company: 300 people, a 25-strong team, a fast market, light regulation."""
    rec = rolemodel.recommend(LEADERSHIP)
    assert rec.role is Role.LEADERSHIP and rec.staffing is Staffing.SPLIT
    return rec


def _full(rec: rolemodel.Recommendation, format: str = "markdown", **given: Any) -> str:
    """The full client report (Markdown by default)."""
    return rolemodel.client_report(rec, format, detail="full", **given)


def test_markdown_report_sections(leadership: rolemodel.Recommendation) -> None:
    """The full Markdown report gives both answers, charts, inputs, verdicts, reasons, practices, sources."""
    text = _full(leadership)
    assert text.startswith("# Sales role recommendation: Leadership \u00b7 Split staffing\n")
    for heading in (
        "## Scores",
        "## The company",
        "## Where the articles agree and dissent",
        "## Why Leadership",
        "## Why not Management",
        "## Why not Growth Leader",
        "## Why Split staffing",
        "## Why not Single staffing",
        "## Why not Converged staffing",
        "## What the articles prescribe for Leadership",
        "### Practices",
        "### At the growth stage",
        "### Split staffing",
        "## Sources",
    ):
        assert f"\n{heading}\n" in text, heading
    assert "Leadership     " in text and "Split      " in text and "\u2588" in text  # the text bar charts
    assert f"confidence {leadership.confidence:.2f}" in text
    assert f"confidence {leadership.staffing_confidence:.2f}" in text
    assert "(a sales leader plus a dedicated sales manager)" in text
    assert "| Company size | 300 | employees in the company |" in text
    assert "| Stage | growth (derived from the company size) |" in text
    for verdict in leadership.verdicts:
        assert md(source_of(BY_ID[verdict.framework].source).title) in text
    assert leadership.to_markdown() == rolemodel.client_report(leadership) != text  # brief by default


def test_report_quotes_are_all_from_the_frameworks(leadership: rolemodel.Recommendation) -> None:
    """Every quotation in both formats is a citation of a framework, none made up."""
    md_quotes = [_md_unescape(q) for q in QUOTED_MD.findall(_full(leadership))]
    html_quotes = [html.unescape(q) for q in QUOTED_HTML.findall(leadership.to_html())]
    assert md_quotes and len(md_quotes) == len(html_quotes)
    assert set(md_quotes) <= ALL_QUOTES
    assert set(html_quotes) <= ALL_QUOTES


def test_report_cites_every_reason(leadership: rolemodel.Recommendation) -> None:
    """Each reason for and against a role appears with its verbatim citation."""
    page = leadership.to_html()
    explanation = leadership.explain()
    for case in (explanation.winner, *explanation.losers):
        for reason in case.reasons:
            assert html.escape(reason.says, quote=True) in page
            assert html.escape(reason.citation.quote, quote=True) in page


def test_kotter_takeaways_are_prescribed_for_leadership(leadership: rolemodel.Recommendation) -> None:
    """003's time audit, split 1:1s and leadership MBOs are among the practices, with quotes."""
    text = _full(leadership)
    kotter = next(f for f in FRAMEWORKS if f.id == "kotter-complexity-change")
    for name in ("Time audit", "Separate one-to-ones", "Leadership MBOs"):
        item = next(i for i in kotter.items if i.name == name)
        assert f"**{name}.**" in text
        assert item.citation.quote in _md_unescape(text)


def test_practices_follow_the_role_and_stage() -> None:
    """Practices match the recommended role (or every role); stage items match the stage."""
    rec = rolemodel.recommend(MATURE_CONVERGED)
    assert rec.role is Role.GROWTH_LEADER
    text = _md_unescape(_full(rec))
    practices = [(f, i) for f in FRAMEWORKS for i in f.items if i.kind == "practice"]
    for _, item in practices:
        shown = item.says in text
        assert shown == (item.role in (Role.GROWTH_LEADER, None)), item.name
    stages = [i for f in FRAMEWORKS for i in f.items if i.kind == "stage"]
    assert "### At the mature stage" in text
    for item in stages:
        assert (item.says in text) == (item.dimension == "mature"), item.name


def test_restored_recommendation_reports_the_same(leadership: rolemodel.Recommendation) -> None:
    """A recommendation read back from its dict gives the same report, word for word."""
    restored = rolemodel.Recommendation.from_dict(leadership.to_dict())
    assert restored.to_markdown() == leadership.to_markdown()
    assert restored.to_html() == leadership.to_html()


def test_html_report_is_self_contained(leadership: rolemodel.Recommendation) -> None:
    """The page is one document: inline SVG chart, no script, no external reference."""
    page = leadership.to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == 2 and "<script" not in page  # a chart per question
    assert "Content-Security-Policy" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page


def test_hostile_framework_is_escaped_in_reports() -> None:
    """Markup in a framework's title, author, quotes and items is shown, never executed."""
    rec = rolemodel.recommend(LEADERSHIP, frameworks=[hostile_framework(), *FRAMEWORKS])
    page = rec.to_html()
    text = rec.to_markdown()
    for out in (page, text):
        assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert html.escape(SCRIPT, quote=True) in page
    assert html.escape(IMG, quote=True) in page
    assert "Practice " + html.escape(SCRIPT, quote=True) in page  # its practice is prescribed


def test_unknown_format_is_refused(leadership: rolemodel.Recommendation) -> None:
    """A format other than markdown or html is a RoleModelError with a hint."""
    with pytest.raises(rolemodel.RoleModelError, match="did you mean 'html'"):
        rolemodel.client_report(leadership, format="htm")
    with pytest.raises(rolemodel.RoleModelError, match="expected one of markdown, html"):
        rolemodel.portfolio_report([], format="pdf")
    with pytest.raises(rolemodel.RoleModelError, match="expected a Recommendation"):
        rolemodel.client_report("leadership")  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None)
@given(profiles())
def test_any_profile_reports_in_both_formats(profile: dict[str, Any]) -> None:
    """For any profile both reports name both answers (or why none), quote only articles, run no script."""
    rec = rolemodel.recommend(profile)
    role = answer_label(rec.role) if rec.role is not None else "no role"
    staffing = f"{answer_label(rec.staffing)} staffing" if rec.staffing is not None else "no staffing"
    title = f"Sales role recommendation: {role} \u00b7 {staffing}"
    text = rec.to_markdown()
    page = rec.to_html()
    assert text.startswith(f"# {title}\n")
    assert f"<h1>{title}</h1>" in page
    for answer, reason in ((rec.role, rec.reason), (rec.staffing, rec.staffing_reason)):
        if answer is None:
            assert f"no recommendation: {reason}" in text
    assert "<script" not in page
    assert {_md_unescape(q) for q in QUOTED_MD.findall(text)} <= ALL_QUOTES


def test_abstaining_articles_show_no_verdict(leadership: rolemodel.Recommendation) -> None:
    """An abstaining article shows "no verdict: <why>" in both formats, and neither agrees nor dissents."""
    text = _full(leadership)
    page = leadership.to_html()
    abstaining = [v for v in leadership.verdicts if v.role is None or v.staffing is None]
    assert abstaining
    for verdict in abstaining:
        for answer, reason in ((verdict.role, verdict.reason), (verdict.staffing, verdict.staffing_reason)):
            if answer is None:
                assert md(f"no verdict: {reason}") in text
                assert html.escape(f"no verdict: {reason}", quote=True) in page
    role_line = next(line for line in text.splitlines() if line.startswith("Role: "))
    assert "; no verdict: " in role_line
    for verdict in leadership.verdicts:
        if verdict.role is None:
            name = source_of(BY_ID[verdict.framework].source).title
            assert md(name) in role_line.split("; no verdict: ")[1]
            assert md(name) not in role_line.split("; no verdict: ")[0]


def test_every_framework_abstaining_reports_without_crash() -> None:
    """With no answer to either question both formats say why, and prescribe nothing for a role."""
    rec = _abstaining_only()
    text = _full(rec)
    page = rec.to_html()
    assert text.startswith("# Sales role recommendation: no role \u00b7 no staffing\n")
    why = f"no recommendation: {rec.reason}"
    assert f"Role: {why}." in text and f"Staffing: no recommendation: {rec.staffing_reason}." in text
    assert html.escape(why, quote=True) in page
    assert "## No role recommendation" in text and "## No staffing recommendation" in text
    assert "so nothing is prescribed for a role" in text and "so nothing is prescribed for a role" in page
    assert "## Why " not in text and "<svg" not in page
    assert "### Practices" not in text


def test_prescriptions_without_a_role() -> None:
    """prescriptions() with no role lists nothing for a role, only the stage and the staffing."""
    sections = prescriptions(FRAMEWORKS, None, rolemodel.Stage.GROWTH)
    assert [s.heading for s in sections] == ["At the growth stage"]
    with_staffing = prescriptions(FRAMEWORKS, None, rolemodel.Stage.STARTUP, Staffing.SINGLE)
    assert [s.heading for s in with_staffing][-1] == "Single staffing"
    items = with_staffing[-1].items
    assert items and all(p.item.staffing is Staffing.SINGLE for p in items)


def test_staffing_items_follow_the_staffing() -> None:
    """A small company's report quotes the articles on single staffing, none on split."""
    rec = rolemodel.recommend(company_size=12, team_size=3, market_change="low", regulation="low")
    assert rec.staffing is Staffing.SINGLE
    text = _md_unescape(_full(rec))
    for f in FRAMEWORKS:
        for item in f.items:
            if item.staffing is not None and item.kind != "practice":
                assert (item.says in text) == (item.staffing is Staffing.SINGLE), item.name


def test_calibration_is_marked_in_reports(leadership: rolemodel.Recommendation) -> None:
    """Each reason whose numbers are calibration is marked so, and the note says what that means."""
    text = _full(leadership)
    page = leadership.to_html()
    explanation = leadership.explain()
    assert explanation.calibrated
    marked = [
        line for line in text.splitlines() if line.startswith("- ") and line.endswith(" *(calibration)*")
    ]
    assert marked
    assert "\n*Note: numbers marked (calibration) are the library's choice" in text
    assert '<span class="muted">(calibration)</span>' in page


# -- portfolio ----------------------------------------------------------------------------------


def _row(client: str, frameworks: Any = None, **profile: Any) -> dict[str, Any]:
    rec = rolemodel.recommend(profile, frameworks=frameworks)
    return {"client": client, **profile, **rec.to_row()}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    """Five readable clients (one with no answer at all) and two bad rows, one with markup in its columns."""
    return [
        _row(
            "Nowhere",
            frameworks=[BY_ID["seven-differences"]],
            company_size=100,
            team_size=10,
            market_change=0.5,
            regulation=0.5,
        ),
        _row("Acme", **LEADERSHIP),
        _row("Globex", **MATURE_CONVERGED),
        _row("Initech", company_size=40, team_size=6, market_change=0.3, regulation=0.9),
        _row(
            "Umbrella",
            company_size=5000,
            team_size=300,
            market_change=0.1,
            regulation=0.9,
            short_term_pressure="high",
        ),
        {
            "client": "Hooli",
            "company_size": "many",
            "role": "",
            "confidence": "",
            "error": "company_size: expected a whole number >= 1, found 'many'",
        },
        {
            "client": SCRIPT,
            "company_size": 10,
            "role": None,
            "confidence": math.nan,
            "error": f"team_size: {IMG}",
        },
    ]


def test_portfolio_markdown_orders_least_confident_first(rows: list[dict[str, Any]]) -> None:
    """Clients are listed by rising confidence; bad rows are listed apart with their errors."""
    text = rolemodel.portfolio_report(rows)
    assert text.startswith("# Portfolio report\n")
    assert "7 rows: 5 read, 2 could not be read. A role is recommended for 4 of the 5 read" in text
    clients = text.split("## Clients, least confident first")[1].split("## Rows that")[0]
    names = ("Nowhere", "Acme", "Globex", "Initech", "Umbrella")
    order = [name for name in names if name in clients]
    expected = sorted(rows[:5], key=lambda r: (r["confidence"], r["staffing_confidence"]))
    assert sorted(order, key=clients.index) == [r["client"] for r in expected]
    bad = text.split("## Rows that could not be read")[1]
    assert "Hooli" in bad and "found 'many'" in bad
    assert "Hooli" not in clients


def test_portfolio_counts_roles_and_staffing(rows: list[dict[str, Any]]) -> None:
    """The distribution tables count each recommended role and staffing once per readable client."""
    text = rolemodel.portfolio_report(rows)
    for column, answers in (("role", tuple(Role)), ("staffing", tuple(Staffing))):
        table = text.split(f"| {column} | clients | share | mean confidence |")[1].split("\n\n")[0]
        for answer in answers:
            n = sum(1 for r in rows[:5] if r[column] == answer.value)
            assert re.search(rf"^\| {answer_label(answer)} \| {n} \| ", table, re.MULTILINE), answer
        assert re.search(r"^\| no recommendation \| 1 \| 20% \|  \|$", table, re.MULTILINE), column


def test_portfolio_shows_staffing_and_why_not(rows: list[dict[str, Any]]) -> None:
    """Each client row gives role, confidence, staffing, staffing confidence; no answer shows its reason."""
    text = rolemodel.portfolio_report(rows)
    assert "| client | row | role | confidence | staffing | staffing confidence | score Management |" in text
    acme = next(line for line in text.splitlines() if "| Acme |" in line)
    acme_row = rows[1]
    cells = [c.strip() for c in acme.split("|")[1:-1]]
    assert cells[:2] == ["Acme", "2"]  # the client's name first, then its row
    assert cells[2:6] == [
        answer_label(acme_row["role"]),
        f"{acme_row['confidence']:.2f}",
        answer_label(acme_row["staffing"]),
        f"{acme_row['staffing_confidence']:.2f}",
    ]
    nowhere = next(line for line in text.splitlines() if "| Nowhere |" in line)
    assert f"| {md('no recommendation: ' + rows[0]['reason'])} |  | " in nowhere
    assert "verdict_" not in text  # the per-framework result columns are not a company's columns


def test_portfolio_html_escapes_hostile_columns(rows: list[dict[str, Any]]) -> None:
    """Markup in a CSV column or an error message is escaped in the HTML and the Markdown."""
    hostile = [
        *rows,
        {
            f"col {SCRIPT}": "x",
            "role": "leadership",
            "confidence": 0.5,
            "score_management": 0.2,
            "score_leadership": 0.5,
            "score_growth_leader": 0.3,
            "staffing": None,
            "staffing_reason": IMG,
            "error": None,
        },
    ]
    page = rolemodel.portfolio_report(hostile, format="html")
    text = rolemodel.portfolio_report(hostile, format="markdown")
    for out in (page, text):
        assert "<script" not in out and "<img" not in out
    assert html.escape(SCRIPT, quote=True) in page
    assert html.escape(f"no recommendation: {IMG}", quote=True) in page
    assert page.count("<svg") == 2  # roles and staffing


def test_portfolio_reads_csv_strings() -> None:
    """Numbers given as CSV strings are read; empty answers are no answer; an unknown one is an error."""
    good = {
        "client": "A",
        "role": "management",
        "confidence": "0.25",
        "staffing": "split",
        "staffing_confidence": "0.5",
        "score_management": "0.5",
        "score_leadership": "0.3",
        "score_growth_leader": "0.2",
        "score_single": "0.1",
        "score_split": "0.7",
        "score_converged": "0.2",
        "reason": "",
        "staffing_reason": "",
        "error": "",
    }
    none = {**good, "client": "C", "staffing": "", "staffing_confidence": "0.0", "staffing_reason": "tied"}
    odd = {**good, "client": "B", "role": "boss"}
    odd_staffing = {**good, "client": "D", "staffing": "pair"}
    text = rolemodel.portfolio_report([good, odd, none, odd_staffing])
    assert "| A | 1 | Management | 0.25 | Split | 0.50 | 0.50 | 0.30 | 0.20 | 0.10 | 0.70 | 0.20 |" in text
    assert "| C | 3 | Management | 0.25 | no recommendation: tied |  | 0.50 |" in text
    assert (
        "role: expected one of management, leadership, growth_leader or an empty cell, found 'boss'" in text
    )
    assert "staffing: expected one of single, split, converged or an empty cell, found 'pair'" in text


def test_portfolio_reads_rows_written_before_staffing() -> None:
    """A row with only the role columns of rolemodel 0.1 is read; its staffing cells stay empty."""
    old = {
        "client": "A",
        "role": "management",
        "confidence": 0.25,
        "score_management": 0.5,
        "score_leadership": 0.3,
        "score_growth_leader": 0.2,
        "error": "",
    }
    text = rolemodel.portfolio_report([old])
    assert "| A | 1 | Management | 0.25 |  |  | 0.50 | 0.30 | 0.20 |  |  |  |" in text
    missing = {k: v for k, v in old.items() if k != "role"}
    assert "role: expected a role column" in rolemodel.portfolio_report([missing])


def test_empty_portfolio() -> None:
    """No rows gives a report that says so, in both formats."""
    assert "No client was read." in rolemodel.portfolio_report([])
    assert "No client was read." in rolemodel.portfolio_report([], format="html")


# -- a real browser -----------------------------------------------------------------------------


@pytest.fixture
def browser() -> str:
    """A headless Chromium; the test skips, saying why, where none is installed (and fails
    instead under REQUIRE_BROWSER=1)."""
    return find_browser()


def test_client_report_renders_in_a_browser(
    browser: str, tmp_path: Path, leadership: rolemodel.Recommendation
) -> None:
    """Chromium renders the client report: role and SVG chart in the DOM, a screenshot taken."""
    page = tmp_path / "client.html"
    page.write_text(leadership.to_html(), encoding="utf-8")
    dom = dump_dom(browser, page, tmp_path / "profile-dom")
    assert "<h1>Sales role recommendation: Leadership \u00b7 Split staffing</h1>" in dom
    assert "<svg" in dom and "<rect" in dom
    shot = tmp_path / "client.png"
    subprocess.run(
        [
            browser,
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile-shot'}",
            f"--screenshot={shot}",
            "--window-size=1200,1600",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=90,
        check=True,
    )
    assert shot.read_bytes().startswith(b"\x89PNG")


def test_hostile_portfolio_renders_inert_in_a_browser(
    browser: str, tmp_path: Path, rows: list[dict[str, Any]]
) -> None:
    """In the browser the hostile row shows as text: the DOM gains no script or img element."""
    page = tmp_path / "portfolio.html"
    page.write_text(rolemodel.portfolio_report(rows, format="html"), encoding="utf-8")
    dom = dump_dom(browser, page, tmp_path / "profile")
    assert "<h1>Portfolio report</h1>" in dom and "<svg" in dom
    assert "<script" not in dom and "<img" not in dom
    assert html.escape(SCRIPT, quote=False) in dom
