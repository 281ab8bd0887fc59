"""Client and portfolio reports: content, citations, escaping, and a real headless browser."""

from __future__ import annotations

import html
import math
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import rolemodel
from rolemodel import Role
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
ALL_QUOTES = {
    c.quote
    for f in FRAMEWORKS
    for c in [
        *(s.citation for s in f.roles),
        *(r.citation for r in f.rules),
        *(i.citation for i in f.items),
        *(c.citation for c in f.concepts),
    ]
}
QUOTED_MD = re.compile(r"^\s*> \u201c(.*)\u201d \u2014 ", re.MULTILINE)
QUOTED_HTML = re.compile(r'<blockquote class="rm-quote">\u201c(.*?)\u201d<footer>')


def _md_unescape(text: str) -> str:
    return html.unescape(re.sub(r"\\(.)", r"\1", text))


@pytest.fixture(scope="module")
def leadership() -> rolemodel.Recommendation:
    """The README's company: 300 people, a 25-strong team, a fast market, light regulation."""
    rec = rolemodel.recommend(LEADERSHIP)
    assert rec.role is Role.LEADERSHIP
    return rec


def test_markdown_report_sections(leadership: rolemodel.Recommendation) -> None:
    """The Markdown report gives the role, chart, inputs, verdicts, reasons, practices, sources."""
    text = rolemodel.client_report(leadership)
    assert text.startswith("# Sales role recommendation: Leadership\n")
    for heading in (
        "## The company",
        "## Where the articles agree and dissent",
        "## Why Leadership",
        "## Why not Management",
        "## Why not Growth Leader",
        "## What the articles prescribe for Leadership",
        "### Practices",
        "### At the growth stage",
        "## Sources",
    ):
        assert f"\n{heading}\n" in text, heading
    assert "Leadership     " in text and "\u2588" in text  # the text bar chart
    assert f"confidence {leadership.confidence:.2f}" in text
    assert "| company_size | 300 | employees in the company |" in text
    assert "| stage | growth (derived from company_size) |" in text
    for verdict in leadership.verdicts:
        assert verdict.framework in text
    assert leadership.to_markdown() == text


def test_report_quotes_are_all_from_the_frameworks(leadership: rolemodel.Recommendation) -> None:
    """Every quotation in both formats is a citation of a framework, none made up."""
    md_quotes = [_md_unescape(q) for q in QUOTED_MD.findall(leadership.to_markdown())]
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
    text = leadership.to_markdown()
    kotter = next(f for f in FRAMEWORKS if f.id == "kotter-complexity-change")
    for name in ("time-audit", "split-one-on-ones", "leadership-mbos"):
        item = next(i for i in kotter.items if i.name == name)
        assert f"**{name}.**" in text
        assert item.citation.quote in _md_unescape(text)


def test_practices_follow_the_role_and_stage() -> None:
    """Practices match the recommended role (or every role); stage items match the stage."""
    rec = rolemodel.recommend(MATURE_CONVERGED)
    assert rec.role is Role.GROWTH_LEADER
    text = _md_unescape(rec.to_markdown())
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
    assert page.count("<svg") == 1 and "<script" not in page
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
    """For any profile both reports name the role, quote only the frameworks and hold no script."""
    rec = rolemodel.recommend(profile)
    label = {
        Role.MANAGEMENT: "Management",
        Role.LEADERSHIP: "Leadership",
        Role.GROWTH_LEADER: "Growth Leader",
    }[rec.role]
    text = rec.to_markdown()
    page = rec.to_html()
    assert text.startswith(f"# Sales role recommendation: {label}\n")
    assert f"<h1>Sales role recommendation: {label}</h1>" in page
    assert "<script" not in page
    assert {_md_unescape(q) for q in QUOTED_MD.findall(text)} <= ALL_QUOTES


# -- portfolio ----------------------------------------------------------------------------------


def _row(client: str, **profile: Any) -> dict[str, Any]:
    rec = rolemodel.recommend(profile)
    return {
        "client": client,
        **profile,
        "role": rec.role.value,
        "confidence": rec.confidence,
        **{f"score_{r.value}": rec.scores[r] for r in Role},
        "error": "",
    }


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    """Four readable clients and two bad rows, one with markup in its columns."""
    return [
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
    assert "6 rows: 4 recommended, 2 could not be read." in text
    clients = text.split("## Clients, least confident first")[1].split("## Rows that")[0]
    order = [name for name in ("Acme", "Globex", "Initech", "Umbrella") if name in clients]
    expected = sorted(rows[:4], key=lambda r: r["confidence"])
    assert sorted(order, key=clients.index) == [r["client"] for r in expected]
    bad = text.split("## Rows that could not be read")[1]
    assert "Hooli" in bad and "found 'many'" in bad
    assert "Hooli" not in clients


def test_portfolio_counts_roles(rows: list[dict[str, Any]]) -> None:
    """The distribution table counts each recommended role once per readable client."""
    text = rolemodel.portfolio_report(rows)
    for role in Role:
        n = sum(1 for r in rows[:4] if r["role"] == role.value)
        label = {"management": "Management", "leadership": "Leadership", "growth_leader": "Growth Leader"}[
            role.value
        ]
        assert re.search(rf"^\| {label} \| {n} \| ", text, re.MULTILINE), label


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
            "error": None,
        },
    ]
    page = rolemodel.portfolio_report(hostile, format="html")
    text = rolemodel.portfolio_report(hostile, format="markdown")
    for out in (page, text):
        assert "<script" not in out and "<img" not in out
    assert html.escape(SCRIPT, quote=True) in page
    assert page.count("<svg") == 1


def test_portfolio_reads_csv_strings() -> None:
    """Numbers given as CSV strings are read; an unknown role makes the row a bad one."""
    good = {
        "client": "A",
        "role": "management",
        "confidence": "0.25",
        "score_management": "0.5",
        "score_leadership": "0.3",
        "score_growth_leader": "0.2",
        "error": "",
    }
    odd = {**good, "client": "B", "role": "boss"}
    text = rolemodel.portfolio_report([good, odd])
    assert "| 1 | Management | 0.25 | 0.50 | 0.30 | 0.20 | A |" in text
    assert "role: expected one of management, leadership, growth_leader, found 'boss'" in text


def test_empty_portfolio() -> None:
    """No rows gives a report that says so, in both formats."""
    assert "No client was read." in rolemodel.portfolio_report([])
    assert "No client was read." in rolemodel.portfolio_report([], format="html")


# -- a real browser -----------------------------------------------------------------------------

BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser() -> str:
    """A headless Chromium; the test skips, saying why, where none is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no chromium on PATH (apt-get install chromium) to render the HTML reports")


def _dump_dom(browser: str, page: Path, profile: Path) -> str:
    out = subprocess.run(
        [browser, *BROWSER_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=90,
        check=True,
    )
    return out.stdout


def test_client_report_renders_in_a_browser(
    browser: str, tmp_path: Path, leadership: rolemodel.Recommendation
) -> None:
    """Chromium renders the client report: role and SVG chart in the DOM, a screenshot taken."""
    page = tmp_path / "client.html"
    page.write_text(leadership.to_html(), encoding="utf-8")
    dom = _dump_dom(browser, page, tmp_path / "profile-dom")
    assert "<h1>Sales role recommendation: Leadership</h1>" in dom
    assert "<svg" in dom and "<rect" in dom
    shot = tmp_path / "client.png"
    subprocess.run(
        [
            browser,
            *BROWSER_FLAGS,
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
    dom = _dump_dom(browser, page, tmp_path / "profile")
    assert "<h1>Portfolio report</h1>" in dom and "<svg" in dom
    assert "<script" not in dom and "<img" not in dom
    assert html.escape(SCRIPT, quote=False) in dom
