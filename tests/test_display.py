"""Notebook display: MIME bundles of results and frameworks, escaping, the shared table renderer."""

from __future__ import annotations

import html
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel._display import md, render_table
from tests.hostile import IMG, SCRIPT, hostile_framework

PROFILE = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}
TEXT_TYPES = {"text/plain", "text/html", "text/markdown"}


@pytest.fixture(scope="module")
def rec() -> rolemodel.Recommendation:
    """A recommendation of the five built-in articles (leadership, as in the README)."""
    return rolemodel.recommend(**PROFILE)


@pytest.fixture(scope="module")
def hostile_rec() -> rolemodel.Recommendation:
    """A recommendation in which one framework's every text field carries markup."""
    return rolemodel.recommend(PROFILE, frameworks=[hostile_framework(), *rolemodel.builtin_frameworks()])


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


def test_bundle_says_the_role_and_confidence(rec: rolemodel.Recommendation) -> None:
    """Every rendering names the recommended role and the confidence."""
    bundle = rec._repr_mimebundle_()
    assert "leadership" in bundle["text/plain"]
    assert f"{rec.confidence:.2f}" in bundle["text/plain"]
    assert "Recommended: Leadership" in bundle["text/html"]
    assert "<svg" in bundle["text/html"]
    assert "**Recommended: Leadership**" in bundle["text/markdown"]
    assert rec._repr_html_() == bundle["text/html"]
    assert rec._repr_markdown_() == bundle["text/markdown"]


def test_reprs_stay_short(rec: rolemodel.Recommendation) -> None:
    """The telling one-line reprs are untouched by the display methods."""
    assert repr(rec).startswith("<Recommendation leadership confidence=")
    assert repr(rolemodel.builtin_frameworks()[0]).startswith("<Framework 'both-hats'")
    assert repr(rec.verdicts[0]).startswith("<Verdict 'both-hats'")


def test_verdict_html_names_its_framework(rec: rolemodel.Recommendation) -> None:
    """A verdict's HTML gives its framework's title, role and score chart."""
    verdict = rec.by_framework["kotter-complexity-change"]
    page = verdict._repr_html_()
    assert html.escape(verdict.title, quote=True) in page
    assert "Leadership" in page and "<svg" in page


def test_explanation_html_cites_the_reasons(rec: rolemodel.Recommendation) -> None:
    """An explanation's HTML quotes the citation of every reason for the winner."""
    explanation = rec.explain()
    page = explanation._repr_html_()
    for reason in explanation.winner.reasons:
        assert html.escape(reason.citation.quote, quote=True) in page


def test_framework_markdown_embeds_its_mermaid() -> None:
    """A framework's Markdown shows its rule graph as a mermaid code block."""
    framework = rolemodel.builtin_frameworks()[3]
    text = framework._repr_markdown_()
    assert "```mermaid\n" + framework.to_mermaid() + "\n```" in text


def test_hostile_values_are_escaped_everywhere(hostile_rec: rolemodel.Recommendation) -> None:
    """Markup in a framework's title, author, says and quotes never reaches HTML or Markdown raw."""
    framework = hostile_framework()
    values = [hostile_rec, hostile_rec.by_framework["hostile-article"], hostile_rec.explain(), framework]
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
        "rolemodel.builtin_frameworks()[0]._repr_mimebundle_()\n"
        "print(sorted(m for m in ('matplotlib', 'numpy', 'pandas') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"


ENGINE = ("_api", "_engine", "_errors", "_explain", "_graph", "_loader", "_model", "_profile", "_result")
FACES = {"rolemodel._display", "rolemodel._report", "rolemodel._plot"}


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
