"""Properties of the time audit: shares sum to 1, more leadership never lowers the leadership
share, a calendar and a log of the same blocks audit alike."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rolemodel

MONDAY = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
TITLES = [
    "Pipeline & Forecast Review",
    "Forecast call",
    "CRM hygiene",
    "Coaching: Bob",
    "Performance & Development Session",
    "Team offsite",
    "1:1 Cid",
    "Lunch",
    "Coaching on the pipeline",  # ambiguous
]
LEADERSHIP_TITLE = "Coaching: new rep"


@st.composite
def blocks(draw: st.DrawFn, min_size: int = 1) -> list[dict[str, object]]:
    """Blocks inside one week (Monday to Sunday, UTC), overlapping at will."""
    out = []
    for _ in range(draw(st.integers(min_size, 12))):
        start = MONDAY + dt.timedelta(minutes=15 * draw(st.integers(0, 7 * 96 - 1)))
        minutes = 15 * draw(st.integers(1, 16))
        end = min(start + dt.timedelta(minutes=minutes), MONDAY + dt.timedelta(days=7))
        out.append(
            {"start": start.isoformat(), "end": end.isoformat(), "title": draw(st.sampled_from(TITLES))}
        )
    return out


def _audit(rows: list[dict[str, object]]) -> rolemodel.TimeAudit:
    return rolemodel.audit(rows, start="2026-11-23", end="2026-11-29")


@given(blocks())
def test_shares_sum_to_one(rows: list[dict[str, object]]) -> None:
    """The three shares of all audited time are in [0, 1] and sum to 1, overall and per week."""
    a = _audit(rows)
    shares = (a.management_share, a.leadership_share, a.unclassified_share)
    assert all(0 <= s <= 1 for s in shares)
    assert sum(shares) == pytest.approx(1)
    d = a.to_dict()
    assert d["management_share"] + d["leadership_share"] + d["unclassified_share"] == pytest.approx(1)
    for week in d["weeks"]:
        if week["management_minutes"] + week["leadership_minutes"] + week["unclassified_minutes"] > 0:
            assert week["management_share"] + week["leadership_share"] + week[
                "unclassified_share"
            ] == pytest.approx(1)


@given(blocks(min_size=0), st.integers(0, 7 * 48 - 1), st.integers(1, 8))
def test_adding_leadership_never_lowers_the_leadership_share(
    rows: list[dict[str, object]], slot: int, halves: int
) -> None:
    """One more leadership block never lowers the leadership share (of all time and of the
    classified time), nor the leadership 30-minute blocks; a verdict of not under-led stays."""
    start = MONDAY + dt.timedelta(minutes=30 * slot)
    end = min(start + dt.timedelta(minutes=30 * halves), MONDAY + dt.timedelta(days=7))
    more = [*rows, {"start": start.isoformat(), "end": end.isoformat(), "title": LEADERSHIP_TITLE}]
    after = _audit(more)
    if not rows:
        assert after.leadership_share == 1
        return
    try:
        before = _audit(rows)
    except rolemodel.RoleModelError:  # nothing timed before: any share is a rise
        return
    assert after.leadership_share >= before.leadership_share - 1e-12
    assert after.leadership_share_of_classified is not None
    if before.leadership_share_of_classified is not None:
        assert after.leadership_share_of_classified >= before.leadership_share_of_classified - 1e-12
    if before.under_led is False:
        assert after.under_led is False


@given(blocks())
def test_every_half_hour_touched_is_counted_once(rows: list[dict[str, object]]) -> None:
    """003's 30-minute blocks: each half hour of the week that some block touches counts once,
    for one kind; a kind with no time has none."""
    touched = set()
    for row in rows:
        start = dt.datetime.fromisoformat(str(row["start"]))
        end = dt.datetime.fromisoformat(str(row["end"]))
        first = int((start - MONDAY).total_seconds() // 1800)
        last = int(-(-(end - MONDAY).total_seconds() // 1800)) - 1
        touched.update(range(first, last + 1))
    a = _audit(rows)
    assert sum(a.blocks.values()) == len(touched)
    for kind in ("management", "leadership", "unclassified"):
        if getattr(a, f"{kind}_minutes") == 0:
            assert a.blocks[kind] == 0


@given(blocks())
def test_a_calendar_audits_like_the_log_of_its_blocks(rows: list[dict[str, object]]) -> None:
    """The same blocks as an .ics file (written with icalendar) and as log rows give one audit."""
    icalendar = pytest.importorskip("icalendar")
    cal = icalendar.Calendar()
    cal.add("prodid", "-//rolemodel tests//EN")
    cal.add("version", "2.0")
    for i, row in enumerate(rows):
        event = icalendar.Event()
        event.add("uid", f"{i}@test")
        event.add("dtstamp", MONDAY)
        event.add("summary", row["title"])
        event.add("dtstart", dt.datetime.fromisoformat(str(row["start"])))
        event.add("dtend", dt.datetime.fromisoformat(str(row["end"])))
        cal.add_component(event)
    from_ics = rolemodel.audit(cal.to_ical(), start="2026-11-23", end="2026-11-29", tz="UTC")
    from_log = _audit(rows)
    for field in ("management_minutes", "leadership_minutes", "unclassified_minutes", "blocks"):
        assert getattr(from_ics, field) == getattr(from_log, field)


_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@given(
    st.sampled_from(["HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
    st.integers(1, 3),
    st.lists(st.sampled_from(_DAYS), unique=True, max_size=3),
    st.lists(st.integers(0, 23), unique=True, max_size=3),
    st.lists(st.integers(1, 28), unique=True, max_size=2),
    st.integers(1, 120),
)
def test_the_occurrence_estimate_is_an_upper_bound(
    freq: str, interval: int, byday: list[str], byhour: list[int], bymonthday: list[int], days: int
) -> None:
    """The bound checked before expanding (MAX_OCCURRENCES) is never below what is expanded."""
    icalendar = pytest.importorskip("icalendar")
    from rolemodel._calendar import IcsSource

    rule: dict[str, object] = {"freq": freq, "interval": interval}
    for key, values in (("byday", byday), ("byhour", byhour), ("bymonthday", bymonthday)):
        if values:
            rule[key] = values
    cal = icalendar.Calendar()
    cal.add("prodid", "-//rolemodel tests//EN")
    cal.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", "r@test")
    event.add("dtstamp", MONDAY)
    event.add("summary", "Forecast")
    event.add("dtstart", MONDAY - dt.timedelta(days=40))
    event.add("duration", dt.timedelta(minutes=30))
    event.add("rrule", rule)
    cal.add_component(event)
    source = IcsSource(cal.to_ical(), "r.ics")
    lo, hi = MONDAY, MONDAY + dt.timedelta(days=days)
    assert source.estimate(lo, hi) >= len(list(source.occurrences(lo, hi)))
