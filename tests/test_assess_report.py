"""The assessed managers as a report section and a team report: styles side by side against
the company's need, every prescription quoted."""

from __future__ import annotations

import pytest

import rolemodel
from rolemodel._assess_report import SECTION_ID, assessment_blocks, assessment_section, team_report
from tests.test_assess import ASK_AND_LISTEN, TELL_AND_SELL

SMALL = rolemodel.recommend(company_size=40, team_size=6, market_change="high", regulation="low")
SPLIT = rolemodel.recommend(company_size=300, team_size=25, market_change="high", regulation="low")
TEAM = [rolemodel.assess(TELL_AND_SELL, person="Pat"), rolemodel.assess(ASK_AND_LISTEN, person="Cam")]


def test_the_section_shows_the_team_side_by_side_against_the_need() -> None:
    """Markdown: one row per person with every dimension, then each one's gap and the quoted
    prescriptions: the forecaster short of leadership, the pure leader (holding both roles)
    short of management."""
    text = assessment_section(TEAM, SMALL, "markdown")
    assert text.startswith("## The assessed managers")
    assert "| Pat | 0.12 |" in text and "| Cam |" in text
    assert "Role: Leadership. Staffing: Single." in text
    pat, cam = text.split("### Pat: what the articles prescribe")[1].split(
        "### Cam: what the articles prescribe"
    )
    assert "toward leadership" in pat and "Manage, lead and coach to bring out the best in all." in pat
    assert "toward management" in cam and "bring in someone with strong sales management capabilities" in cam
    assert "calibration" in text


def test_the_html_section_is_a_fragment() -> None:
    """HTML: a <section> to put into another page, not a page of its own; values escaped."""
    html = assessment_section([rolemodel.assess(TELL_AND_SELL, person="<i>Pat</i>")], SMALL, "html")
    assert html.startswith(f'<section id="{SECTION_ID}">') and html.endswith("</section>")
    assert "<html" not in html and "<i>" not in html and "&lt;i&gt;Pat" in html


def test_a_split_without_seats_says_so_per_person() -> None:
    """Without seats for a split, each row says the seat must be given (never guessed); with
    them, the need follows the seat."""
    unseated = assessment_section(TEAM, SPLIT)
    assert unseated.count("give the person's seat") == 2
    seated = assessment_section(TEAM, SPLIT, seats={"Pat": "manager", "Cam": "leader"})
    assert "| Pat | manager | management (0.00-0.40)" in seated
    assert "| Cam | leader | leadership (0.60-1.00)" in seated


def test_no_recommendation_no_people_and_bad_input() -> None:
    """Without a recommendation only the styles show; nobody assessed says so; a wrong value
    or format is a RoleModelError."""
    assert "Against what the company needs" not in assessment_section(TEAM, None)
    assert "No manager was assessed." in assessment_section([], SMALL)
    with pytest.raises(rolemodel.RoleModelError):
        assessment_blocks([{"person": "x"}], SMALL)  # type: ignore[list-item]
    with pytest.raises(rolemodel.RoleModelError):
        assessment_section(TEAM, SMALL, "pdf")


def test_the_team_report_is_a_page_with_the_rows_not_assessed() -> None:
    """A whole page, self-contained, listing the rows that could not be assessed."""
    page = team_report(
        TEAM, SMALL, "html", errors=["line 4: person 'Ann': item 'focus-week': expected 'a' or 'b'"]
    )
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "Not assessed" in page and "person &#x27;Ann&#x27;" in page
