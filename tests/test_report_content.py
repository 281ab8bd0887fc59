"""What a client report says: brief and full lengths, names never ids, honest why-not sections,
pros and cons where they belong."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from hypothesis import given, settings

import rolemodel
from rolemodel import Role, Staffing
from rolemodel._markup import md
from rolemodel._sources import source_of
from tests.strategies import profiles

LEADERSHIP = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}
FRAMEWORKS = rolemodel.builtin_frameworks()
BY_ID = {f.id: f for f in FRAMEWORKS}
ALL_QUOTES = {
    c.quote for f in FRAMEWORKS for c in (*(r.citation for r in f.rules), *(i.citation for i in f.items))
}
QUOTED_MD = re.compile(r"^\s*> \u201c(.*)\u201d \u2014 ", re.MULTILINE)

#: Every name of the library a client must not read: framework, rule and item-like ids, the
#: factor and concept names written with underscores, and the source files' names.
INTERNAL = sorted(
    {
        *(f.id for f in FRAMEWORKS),
        *(r.id for f in FRAMEWORKS for r in f.rules if "-" in r.id),
        *(c.id for f in FRAMEWORKS for c in f.concepts if "_" in c.id),
        *(n for n in rolemodel.FACTORS if "_" in n),
        *(f.source for f in FRAMEWORKS),
        "growth_leader",
    }
)


def _md_unescape(text: str) -> str:
    return html.unescape(re.sub(r"\\(.)", r"\1", text))


def _visible(page: str) -> str:
    """The text a reader sees of an HTML page: no style sheet, no tags, no attributes."""
    body = re.sub(r"<style>.*?</style>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _leaks(text: str) -> list[str]:
    return [name for name in INTERNAL if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]


@pytest.fixture(scope="module")
def leadership() -> rolemodel.Recommendation:
    """The README's company: Leadership, Split staffing."""
    rec = rolemodel.recommend(LEADERSHIP)
    assert rec.role is Role.LEADERSHIP and rec.staffing is Staffing.SPLIT
    return rec


def test_markdown_is_brief_by_default_and_html_full(leadership: rolemodel.Recommendation) -> None:
    """Markdown defaults to the brief report, HTML to the full one; both lengths exist in both."""
    brief = rolemodel.client_report(leadership)
    full = rolemodel.client_report(leadership, detail="full")
    assert brief == rolemodel.client_report(leadership, detail="brief") == leadership.to_markdown()
    assert leadership.to_html() == rolemodel.client_report(leadership, "html", detail="full")
    assert len(brief.encode()) * 3 < len(full.encode())  # measured: about 6 KB against 27 KB
    assert len(brief.encode()) < 8_000
    for heading in ("## Why Leadership", "## Why Split staffing", "## Next steps", "## Sources"):
        assert f"\n{heading}\n" in brief
    assert "## Why not" not in brief and "## Scores" not in brief


def test_brief_report_has_answer_reasons_dissent_and_steps(leadership: rolemodel.Recommendation) -> None:
    """The brief report: both answers with confidence, the top reasons quoted, the dissent, next steps."""
    text = leadership.to_markdown()
    assert f"confidence {leadership.confidence:.2f} (low)" in text
    assert f"confidence {leadership.staffing_confidence:.2f} (high)" in text
    explanation = leadership.explain()
    assert explanation.winner is not None
    for reason in explanation.winner.reasons[:3]:
        assert md(reason.says) in text and md(reason.citation.quote) in text
    assert explanation.winner.reasons[3].citation.quote not in _md_unescape(text)  # top three only
    dissenter = BY_ID[leadership.dissent[0]]
    assert f"dissenting: {source_of(dissenter.source).author} (Management)" in text
    steps = text.split("## Next steps")[1].split("## Sources")[0]
    assert steps.count("\n- **") == 6  # five practices and one on the staffing
    assert "The full report prescribes" in steps
    assert {_md_unescape(q) for q in QUOTED_MD.findall(text)} <= ALL_QUOTES


def test_next_steps_come_from_several_articles(leadership: rolemodel.Recommendation) -> None:
    """The first steps are taken in turn from each article: 003's time audit is among them."""
    steps = leadership.to_markdown().split("## Next steps")[1]
    assert "**Time audit.**" in steps
    assert "**Vision and culture.**" in steps


@settings(max_examples=25, deadline=None)
@given(profiles())
def test_no_internal_name_in_any_report(profile: dict[str, Any]) -> None:
    """For any company, neither length in either format shows a framework, rule, factor or
    concept id, or a source file's name."""
    rec = rolemodel.recommend(profile)
    for detail in ("brief", "full"):
        assert _leaks(rolemodel.client_report(rec, detail=detail)) == [], detail
        assert _leaks(_visible(rolemodel.client_report(rec, "html", detail=detail))) == [], detail


def test_reads_are_in_words(leadership: rolemodel.Recommendation) -> None:
    """A reason says what it read in words with the level: "market change: high (0.80)"."""
    text = rolemodel.client_report(leadership, detail="full")
    assert "(market change: high (0.80); 17.1% of the score)" in text
    assert "need for structure: high (0.93)" in text
    assert "need_for_structure" not in text and not re.search(r"\brule [a-z]+-", text)


def test_practice_headings_are_titles(leadership: rolemodel.Recommendation) -> None:
    """Every item heading is a title (capitalised words), never an id like "need-both"."""
    text = rolemodel.client_report(leadership, detail="full")
    names = re.findall(r"^- \*\*(.+?)\.\*\* ", text, re.MULTILINE)
    assert len(names) > 20
    for name in names:
        assert name[0].isupper() and not re.fullmatch(r"[a-z0-9-]+", name), name
    assert "**You need both.**" in text


def test_why_not_sections_say_the_reasons_were_outweighed(leadership: rolemodel.Recommendation) -> None:
    """A losing answer's section gives its score behind the winner and presents what spoke for
    it as outweighed, never as reasons against the winner or for choosing it."""
    text = rolemodel.client_report(leadership, detail="full")
    section = text.split("## Why not Growth Leader\n")[1].split("\n## ")[0].strip()
    assert section.startswith(f"It scores {leadership.scores[Role.GROWTH_LEADER]:.2f}, ")
    assert "behind Leadership" in section and "is no article's own verdict" in section
    assert "What spoke for it, outweighed by the reasons for Leadership above:" in section
    why = text.split("## Why Leadership\n")[1].split("\n## ")[0]
    assert "The reasons that counted most for it:" in why


def test_pros_and_cons_sit_where_they_belong(leadership: rolemodel.Recommendation) -> None:
    """002's "The leader aligns marketing" is a strength of leadership, not a con; 002's
    "The manager lacks the full perspective" is a con of management."""
    text = rolemodel.client_report(leadership, detail="full")
    strengths = text.split("### Strengths\n")[1].split("\n### ")[0]
    cons = text.split("### Cons and caveats\n")[1].split("\n### ")[0]
    assert "**The leader aligns marketing.**" in strengths
    assert "aligns marketing" not in cons
    items = {i.name: i for i in BY_ID["growth-leader-convergence"].items}
    assert (items["The leader aligns marketing"].kind, items["The leader aligns marketing"].role) == (
        "pro",
        Role.LEADERSHIP,
    )
    assert items["The manager lacks the full perspective"].kind == "con"


def test_no_role_brief_report_prescribes_nothing_for_a_role() -> None:
    """With every framework abstaining the brief report says why and prescribes nothing."""
    rec = rolemodel.recommend(
        company_size=100,
        team_size=10,
        market_change=0.5,
        regulation=0.5,
        frameworks=[BY_ID["seven-differences"]],
    )
    assert rec.role is None and rec.staffing is None
    text = rec.to_markdown()
    assert text.startswith("# Sales role recommendation: no role \u00b7 no staffing\n")
    assert f"Role: no recommendation: {rec.reason}." in text
    assert "No role is recommended, so nothing is prescribed for a role." in text
    assert "## Why" not in text


def test_unknown_detail_is_refused(leadership: rolemodel.Recommendation) -> None:
    """A detail other than brief or full is a RoleModelError with a hint."""
    with pytest.raises(rolemodel.RoleModelError, match="did you mean 'full'"):
        rolemodel.client_report(leadership, detail="ful")


def test_levels_read_back_as_the_catalogue_names_them() -> None:
    """A graded value reads as its level word: the catalogue's 0.2, 0.5, 0.8 as low, medium, high."""
    from rolemodel._wording import level_word, read_text, value_text

    for word, value in rolemodel.LEVELS.items():
        assert level_word(value) == word
    assert [level_word(v) for v in (0.0, 0.33, 0.34, 0.66, 0.67, 1.0)] == [
        "low",
        "low",
        "medium",
        "medium",
        "high",
        "high",
    ]
    assert read_text("need_for_structure", 0.93, "concept") == "need for structure: high (0.93)"
    assert value_text("company_size", 300) == "300" and value_text("team_size", None) == "not given"
