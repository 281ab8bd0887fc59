"""The split 1:1s as a calendar: parsed back with icalendar, the file is well formed, recurs by
RRULE, carries 003's guidance, and never double-books a manager."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rolemodel
from rolemodel import RoleModelError

icalendar = pytest.importorskip("icalendar")
recurring_ical_events = pytest.importorskip("recurring_ical_events")

STAMP = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
START = dt.date(2027, 1, 4)  # a Monday
ROSTER = [
    {
        "manager": "Ana",
        "rep": "Bob",
        "email": "bob@example.com",
        "manager_email": "ana@example.com",
        "timezone": "Europe/Berlin",
        "slot": "Tue 10:00",
        "development_slot": "Thu 14:00",
    },
    {
        "manager": "Ana",
        "rep": "Cid",
        "email": "cid@example.com",
        "slot": "Tue 10:00",
        "development_slot": "Thu 14:00",
    },
    {"manager": "Ana", "rep": "Dee", "slot": "Tue 10:00; Wed 11:00", "development_slot": "Thu 14:00"},
    {"manager": "Eve", "rep": "Fay", "timezone": "America/Chicago", "slot": "Mon 9am"},
    {"manager": "Eve", "rep": "Gus"},
]


def _parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def test_every_event_is_well_formed_and_recurs_by_rrule() -> None:
    """Each VEVENT has UID, DTSTAMP, DTSTART and DTEND or DURATION; its times are UTC or carry
    a TZID with a matching VTIMEZONE; it recurs by RRULE (weekly, or every two weeks)."""
    schedule = rolemodel.rhythm(ROSTER, START, stamp=STAMP)
    cal = _parse(schedule.to_ical())
    zones = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    events = cal.walk("VEVENT")
    assert len(events) == 2 * len(ROSTER)
    assert len({str(e["UID"]) for e in events}) == len(events)
    for e in events:
        assert all(k in e for k in ("UID", "DTSTAMP", "DTSTART")) and ("DTEND" in e or "DURATION" in e)
        start = e["DTSTART"]
        tzid = start.params.get("TZID")
        if tzid is None:
            assert start.dt.utcoffset() == dt.timedelta(0) and start.to_ical().endswith(b"Z")
        else:
            assert tzid in zones
        rule = e["RRULE"]
        assert rule["FREQ"] == ["WEEKLY"]
        review = str(e["SUMMARY"]).startswith("Pipeline & Forecast Review")
        assert rule.get("INTERVAL", [1]) == ([1] if review else [2])
        assert e["DURATION"].dt == dt.timedelta(minutes=30 if review else 45)
    assert zones == {"Europe/Berlin", "America/Chicago"}


def test_descriptions_carry_the_guidance_and_its_citation() -> None:
    """The development session's description leaves the pipeline out and quotes 003."""
    cal = _parse(rolemodel.rhythm(ROSTER, START, stamp=STAMP).to_ical())
    for e in cal.walk("VEVENT"):
        text = str(e["DESCRIPTION"])
        assert "Shawn Hamilton, Are You a Sales Leader or a Sales Manager?" in text
        if str(e["SUMMARY"]).startswith("Performance & Development Session"):
            assert "where the pipeline isn't even mentioned" in text
            assert "The pipeline is not mentioned." in text


def test_guidance_quotes_are_verbatim(sources: Path) -> None:
    """Every quote the descriptions carry is in 003, word for word."""
    from rolemodel._rhythm import GUIDANCE

    text = " ".join((sources / "003_8dfee91c3e6ab273.txt").read_text(encoding="utf-8").split())
    for _says, quotes in GUIDANCE.values():
        for quote in quotes:
            assert quote in text


def test_attendees_organiser_and_preferred_slots() -> None:
    """The rep is invited by address, the manager organises; a taken preferred slot moves to
    the next preference, else the first free slot, with a note."""
    schedule = rolemodel.rhythm(ROSTER, START, stamp=STAMP)
    cal = _parse(schedule.to_ical())
    bob = next(e for e in cal.walk("VEVENT") if str(e["SUMMARY"]) == "Pipeline & Forecast Review: Bob")
    assert (
        str(bob["ATTENDEE"]) == "mailto:bob@example.com"
        and bob["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    )
    assert str(bob["ORGANIZER"]) == "mailto:ana@example.com"
    assert bob["DTSTART"].dt == dt.datetime(2027, 1, 5, 10, tzinfo=bob["DTSTART"].dt.tzinfo)
    rows = {(r["rep"], r["meeting"].split(":")[0]): r for r in schedule.to_rows()}
    assert (
        rows["Dee", "Pipeline & Forecast Review"]["weekday"],
        rows["Dee", "Pipeline & Forecast Review"]["time"],
    ) == (
        "Wednesday",
        "11:00",
    )
    # Bob and Cid share Thursday 14:00, alternating weeks; Dee's session had to move
    assert rows["Cid", "Performance & Development Session"]["first"] == "2027-01-14"
    assert rows["Dee", "Performance & Development Session"]["note"]


def test_row_errors_do_not_stop_the_others() -> None:
    """A bad slot, a missing rep, a duplicate: row errors; everyone else is scheduled."""
    roster = [
        *ROSTER,
        {"manager": "Eve", "rep": "Hal", "slot": "Funday 3"},
        {"manager": "Eve"},
        {"manager": "Ana", "rep": "Bob"},
    ]
    schedule = rolemodel.rhythm(roster, START, stamp=STAMP)
    assert len(schedule.meetings) == 2 * len(ROSTER)
    assert [e.split(":")[0] for e in schedule.errors] == ["line 6", "line 7", "line 8"]


def test_a_manager_with_no_room_left_gets_a_row_error() -> None:
    """Two working hours on Mondays (9-11): A's review at 9:00 and session at 9:30 (week 1),
    B's review at 10:30 and session at 9:30 (week 2, alternating with A's); C finds no slot."""
    roster = [{"manager": "Ana", "rep": r} for r in ("A", "B", "C")]
    schedule = rolemodel.rhythm(roster, START, hours=(9, 11), days="MO", stamp=STAMP)
    placed = {
        (m.rep, m.kind): (m.first.date().isoformat(), m.first.strftime("%H:%M")) for m in schedule.meetings
    }
    assert placed == {
        ("A", "review"): ("2027-01-04", "09:00"),
        ("A", "development"): ("2027-01-04", "09:30"),
        ("B", "review"): ("2027-01-04", "10:30"),
        ("B", "development"): ("2027-01-11", "09:30"),
    }
    assert schedule.errors == ("line 3: no free slot for C in Ana's working hours",)


def test_weeks_end_the_series() -> None:
    """weeks=N ends the series: N reviews, N/2 sessions (rounded up)."""
    cal = _parse(rolemodel.rhythm(ROSTER[:1], START, weeks=5, stamp=STAMP).to_ical())
    counts = sorted(int(e["RRULE"]["COUNT"][0]) for e in cal.walk("VEVENT"))
    assert counts == [3, 5]
    occurrences = recurring_ical_events.of(cal).between(dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert len(occurrences) == 8


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hours": (18, 9)}, "hours"),
        ({"days": "MO,XX"}, "days"),
        ({"weeks": 0}, "weeks"),
        ({"tz": "Atlantis/Capital"}, "time zone"),
    ],
)
def test_bad_options_are_errors(kwargs: dict[str, object], message: str) -> None:
    """Bad options are RoleModelErrors naming the option."""
    with pytest.raises(RoleModelError, match=message):
        rolemodel.rhythm(ROSTER, START, **kwargs)  # type: ignore[arg-type]


def test_round_trip_through_json() -> None:
    """to_dict/from_dict give the same schedule back."""
    schedule = rolemodel.rhythm(ROSTER, START, stamp=STAMP)
    assert rolemodel.Rhythm.from_dict(schedule.to_dict()) == schedule


# -- never double-booked ------------------------------------------------------------------------

_SLOTS = [f"{d} {h}:{m:02d}" for d in ("Mon", "Tue", "Thu") for h in (9, 10, 16) for m in (0, 15, 30)]


@st.composite
def rosters(draw: st.DrawFn) -> list[dict[str, str]]:
    rows = []
    for i in range(draw(st.integers(1, 14))):
        row = {"manager": draw(st.sampled_from(["Ana", "Eve", "Ian"])), "rep": f"rep{i}"}
        if draw(st.booleans()):
            row["slot"] = "; ".join(draw(st.lists(st.sampled_from(_SLOTS), max_size=2)))
        if draw(st.booleans()):
            row["development_slot"] = draw(st.sampled_from(_SLOTS))
        row["timezone"] = {"Ana": "Europe/Berlin", "Eve": "America/New_York", "Ian": "UTC"}[row["manager"]]
        rows.append(row)
    return rows


@given(rosters(), st.sampled_from([(9, 17), (9, 11), (14, 15)]))
def test_no_manager_is_ever_double_booked(roster: list[dict[str, str]], hours: tuple[int, int]) -> None:
    """Expanded over eight weeks (across a DST change), no two of a manager's meetings overlap;
    every rep is scheduled (both meetings) or has a row error."""
    schedule = rolemodel.rhythm(roster, dt.date(2027, 3, 1), hours=hours, days="MO,TU,TH", stamp=STAMP)
    cal = _parse(schedule.to_ical())
    manager_of = {m.uid: m.manager for m in schedule.meetings}
    spans: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
    for occ in recurring_ical_events.of(cal).between(dt.date(2027, 3, 1), dt.date(2027, 4, 26)):
        start, end = occ["DTSTART"].dt, occ["DTEND"].dt
        spans.setdefault(manager_of[str(occ["UID"])], []).append((start, end))
    for manager, taken in spans.items():
        taken.sort()
        for (a0, a1), (b0, b1) in itertools.pairwise(taken):
            assert a1 <= b0, f"{manager} double-booked: {a0}-{a1} and {b0}-{b1}"
    scheduled = {m.rep for m in schedule.meetings}
    assert all(sum(m.rep == rep for m in schedule.meetings) == 2 for rep in scheduled)
    unscheduled = {r["rep"] for r in roster} - scheduled
    assert len(unscheduled) == len(schedule.errors)
    for error in schedule.errors:
        assert re.match(r"line \d+: no free slot", error)


def test_a_manager_keeps_one_time_zone() -> None:
    """A manager's meetings are all in the zone of their first row; a row naming another says so."""
    roster = [
        {"manager": "Ana", "rep": "A", "timezone": "Europe/Berlin", "slot": "Mon 9:00"},
        {"manager": "Ana", "rep": "B", "timezone": "Asia/Tokyo", "slot": "Mon 9:00"},
    ]
    schedule = rolemodel.rhythm(roster, START, stamp=STAMP)
    assert {m.timezone for m in schedule.meetings} == {"Europe/Berlin"}
    b_review = next(m for m in schedule.meetings if m.rep == "B" and m.kind == "review")
    assert "not Asia/Tokyo" in b_review.note and "preferred slots were taken" in b_review.note


def test_hostile_names_stay_inside_their_properties() -> None:
    """Quotes, semicolons and line breaks in names are escaped by icalendar and read back as
    written (white space collapsed); an address that is no address is a row error."""
    roster = [
        {"manager": 'Ana "Boss"; x', "rep": 'Bob, "Jr"\nEND:VEVENT', "email": "bob@example.com",
         "manager_email": "ana@example.com"},
        {"manager": "Ana", "rep": "Cid", "email": "cid@example.com\r\nATTENDEE:mailto:evil@example.com"},
    ]  # fmt: skip
    schedule = rolemodel.rhythm(roster, START, stamp=STAMP)
    cal = _parse(schedule.to_ical())
    development, review = sorted(cal.walk("VEVENT"), key=lambda e: str(e["SUMMARY"]))
    assert str(review["SUMMARY"]) == 'Pipeline & Forecast Review: Bob, "Jr" END:VEVENT'
    assert str(development["SUMMARY"]).startswith("Performance & Development Session: Bob")
    assert review["ATTENDEE"].params["CN"] == 'Bob, "Jr" END:VEVENT'
    assert review["ORGANIZER"].params["CN"] == 'Ana "Boss"; x'
    assert schedule.errors == (
        "line 2: email: expected an e-mail address, found 'cid@example.com ATTENDEE:mailto:evil@example.com'",
    )
