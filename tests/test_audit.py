"""The time audit (003's "Management vs. Leadership" Time Audit) on real-world-shaped calendars:
recurring series with exceptions, time zones, all-day, declined and cancelled events, time logs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import rolemodel
from rolemodel import RoleModelError

icalendar = pytest.importorskip("icalendar")
pytest.importorskip("recurring_ical_events")

NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
OWNER = "ana@example.com"
TODAY = dt.date(2026, 12, 2)  # a Wednesday: the last full week is 2026-11-23..29


def event(
    uid: str,
    summary: str,
    start: dt.date | dt.datetime,
    end: dt.date | dt.datetime | None = None,
    **extra: object,
) -> icalendar.Event:
    e = icalendar.Event()
    e.add("uid", uid)
    e.add("dtstamp", dt.datetime(2026, 10, 1, tzinfo=UTC))
    e.add("summary", summary)
    e.add("dtstart", start)
    if end is not None:
        e.add("dtend", end)
    for key, value in extra.items():
        e.add(key.replace("_", "-"), value)
    return e


def attendee(email: str, partstat: str) -> icalendar.vCalAddress:
    a = icalendar.vCalAddress(f"mailto:{email}")
    a.params["PARTSTAT"] = partstat
    return a


def google_calendar() -> icalendar.Calendar:
    """A Google-style export of Ana's calendar (X-WR-CALNAME is her address, X-WR-TIMEZONE hers)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Google Inc//Google Calendar 70.9054//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", OWNER)
    cal.add("x-wr-timezone", "America/New_York")
    # weekly review, Mondays 09:00-09:30 New York; 16 Nov skipped, 23 Nov moved to Tue 14:00-15:00
    review = event(
        "review",
        "Pipeline & Forecast Review",
        dt.datetime(2026, 11, 2, 9, tzinfo=NY),
        dt.datetime(2026, 11, 2, 9, 30, tzinfo=NY),
        rrule={"freq": "weekly"},
    )
    review.add("exdate", dt.datetime(2026, 11, 16, 9, tzinfo=NY))
    cal.add_component(review)
    cal.add_component(
        event(
            "review",
            "Pipeline & Forecast Review",
            dt.datetime(2026, 11, 24, 14, tzinfo=NY),
            dt.datetime(2026, 11, 24, 15, tzinfo=NY),
            recurrence_id=dt.datetime(2026, 11, 23, 9, tzinfo=NY),
        )
    )
    # bi-weekly development session, Thursdays 10:00 London (05:00 New York), 45 minutes
    dev = event(
        "dev",
        "Performance & Development Session: Bob",
        dt.datetime(2026, 11, 12, 10, tzinfo=LONDON),
        rrule={"freq": "weekly", "interval": 2},
    )
    dev.add("duration", dt.timedelta(minutes=45))
    cal.add_component(dev)
    # daily standup, weekdays 08:30-08:45, not on Thanksgiving
    standup = event(
        "standup",
        "Team standup",
        dt.datetime(2026, 11, 2, 8, 30, tzinfo=NY),
        dt.datetime(2026, 11, 2, 8, 45, tzinfo=NY),
        rrule={"freq": "daily", "byday": ["MO", "TU", "WE", "TH", "FR"]},
    )
    standup.add("exdate", dt.datetime(2026, 11, 26, 8, 30, tzinfo=NY))
    cal.add_component(standup)
    cal.add_component(event("holiday", "Thanksgiving", dt.date(2026, 11, 26), dt.date(2026, 11, 27)))
    declined = event(
        "declined",
        "Coaching: Cid",
        dt.datetime(2026, 11, 25, 11, tzinfo=NY),
        dt.datetime(2026, 11, 25, 12, tzinfo=NY),
    )
    declined.add("attendee", attendee(OWNER, "DECLINED"))
    declined.add("attendee", attendee("cid@example.com", "ACCEPTED"))
    cal.add_component(declined)
    coaching = event(
        "coach",
        "Coaching: Bob",
        dt.datetime(2026, 11, 25, 15, tzinfo=NY),
        dt.datetime(2026, 11, 25, 16, 30, tzinfo=NY),
    )
    coaching.add("attendee", attendee(OWNER, "ACCEPTED"))
    cal.add_component(coaching)
    # a UTC event across midnight in New York: Thu 23:30 - Fri 00:30
    cal.add_component(
        event(
            "rollup",
            "Forecast roll-up",
            dt.datetime(2026, 11, 27, 4, 30, tzinfo=UTC),
            dt.datetime(2026, 11, 27, 5, 30, tzinfo=UTC),
        )
    )
    cal.add_component(
        event(
            "next",
            "Coaching: Dee",
            dt.datetime(2026, 11, 30, 10, tzinfo=NY),
            dt.datetime(2026, 11, 30, 11, tzinfo=NY),
        )
    )
    cal.add_missing_timezones()
    return cal


@pytest.fixture
def ics(tmp_path: Path) -> Path:
    path = tmp_path / "ana.ics"
    path.write_bytes(google_calendar().to_ical())
    return path


def test_worked_week_from_a_google_export(ics: Path) -> None:
    """The last full week, worked by hand: the moved review (60 min) and the roll-up (60) are
    management, the London session (45) and Bob's coaching (90) leadership, four standups (60)
    unclassified; the all-day holiday and the declined meeting are left out."""
    a = rolemodel.audit(ics, today=TODAY)
    assert (a.start, a.end, a.timezone) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29), "America/New_York")
    assert (a.management_minutes, a.leadership_minutes, a.unclassified_minutes) == (120, 135, 60)
    assert a.management_share == pytest.approx(120 / 315)
    assert a.leadership_share == pytest.approx(135 / 315)
    assert a.unclassified_share == pytest.approx(60 / 315)
    assert a.leadership_share_of_classified == pytest.approx(135 / 255)
    assert a.under_led is False and a.leadership_time == a.leadership_share_of_classified
    assert dict(a.blocks) == {"management": 4, "leadership": 5, "unclassified": 4}
    assert {(e.title, e.note) for e in a.skipped} == {
        ("Thanksgiving", "all-day"),
        ("Coaching: Cid", "declined"),
    }
    assert [(e.title, e.minutes, e.count) for e in a.unclassified] == [("Team standup", 60, 4)]
    assert a.manager == OWNER


def test_time_zones_decide_what_falls_in_a_day(ics: Path) -> None:
    """The roll-up at 04:30-05:30 UTC is Thursday night in New York: half of it falls on
    Thursday there, none on Thursday in UTC, where it is Friday morning."""
    ny = rolemodel.audit(ics, start="2026-11-26", end="2026-11-26")
    assert ny.management_minutes == 30 and ny.leadership_minutes == 45  # the London session, 05:00 NY
    utc = rolemodel.audit(ics, start="2026-11-27", end="2026-11-27", tz="UTC")
    assert utc.management_minutes == 60 and utc.leadership_minutes == 0


def test_recurrences_expand_within_the_range_only_with_their_exceptions(ics: Path) -> None:
    """Over November the review counts Mondays 2, 9 and 30 (30 min each), not 16 (EXDATE), and
    the moved 23rd as its 60 minutes on the 24th: 150 minutes, plus the 60-minute roll-up."""
    a = rolemodel.audit(ics, start="2026-11-01", end="2026-11-30")
    by_rule = {e.title: e.minutes for e in a.rules}
    assert by_rule["pipeline reviews"] == 4 * 30 + 30  # 2, 9, 30 Nov (30 each) + the moved one (60)
    assert by_rule["forecasting"] == 60
    assert [w.start for w in a.weeks][:2] == [dt.date(2026, 10, 26), dt.date(2026, 11, 2)]
    assert sum(w.total for w in a.weeks) == pytest.approx(a.total_minutes)


def test_declined_needs_the_owner(ics: Path) -> None:
    """Without knowing whose calendar it is, a declined invitation counts; given the owner, not."""
    cal = google_calendar()
    del cal["X-WR-CALNAME"]
    anonymous = rolemodel.audit(cal.to_ical(), start="2026-11-25", end="2026-11-25")
    assert anonymous.leadership_minutes == 60 + 90
    owned = rolemodel.audit(
        cal.to_ical(), start="2026-11-25", end="2026-11-25", owner=f"mailto:{OWNER.upper()}"
    )
    assert owned.leadership_minutes == 90


def test_cancelled_events_are_left_out_and_listed() -> None:
    """STATUS:CANCELLED is not time spent; it is listed with the reason."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//test//EN")
    cal.add("version", "2.0")
    cal.add_component(
        event(
            "a",
            "Forecast call",
            dt.datetime(2026, 11, 23, 9, tzinfo=UTC),
            dt.datetime(2026, 11, 23, 10, tzinfo=UTC),
        )
    )
    cal.add_component(
        event(
            "b",
            "Coaching: Bob",
            dt.datetime(2026, 11, 23, 11, tzinfo=UTC),
            dt.datetime(2026, 11, 23, 12, tzinfo=UTC),
            status="CANCELLED",
        )
    )
    a = rolemodel.audit(cal, today=TODAY)
    assert a.leadership_minutes == 0 and a.under_led is True
    assert [(e.title, e.note) for e in a.skipped] == [("Coaching: Bob", "cancelled")]


def test_default_week_when_every_event_lies_ahead(ics: Path) -> None:
    """Before any week with events has ended, the audit takes the first week with events."""
    a = rolemodel.audit(ics, today=dt.date(2026, 10, 1))
    assert (a.start, a.end) == (dt.date(2026, 11, 2), dt.date(2026, 11, 8))


def test_json_has_the_issue_fields_and_round_trips(ics: Path) -> None:
    """to_dict has the shares (summing to 1), the verdict and the weeks; from_dict reads it back."""
    a = rolemodel.audit(ics, today=TODAY)
    data = json.loads(json.dumps(a.to_dict()))
    assert data["management_share"] + data["leadership_share"] + data["unclassified_share"] == pytest.approx(
        1
    )
    assert data["leadership_share_of_classified"] == pytest.approx(135 / 255)
    assert data["under_led"] is False and len(data["weeks"]) == 1
    assert rolemodel.TimeAudit.from_dict(data) == a
    with pytest.raises(RoleModelError):
        rolemodel.TimeAudit.from_dict({"format": "something else"})


def test_leadership_time_feeds_a_profile(ics: Path) -> None:
    """The audit's leadership_time is the profile factor of the same name."""
    a = rolemodel.audit(ics, today=TODAY)
    rec = rolemodel.recommend(
        company_size=300,
        team_size=20,
        market_change="low",
        regulation="low",
        leadership_time=a.leadership_time,
    )
    assert rec.profile.leadership_time == pytest.approx(a.leadership_time)


def test_text_markdown_and_html_show_the_verdict_and_escape_titles() -> None:
    """Every face shows the verdict with 003's quote; a hostile title is escaped in HTML."""
    rows = [
        {"start": "2026-11-23 09:00", "end": "2026-11-23 11:00", "title": "Pipeline review"},
        {"start": "2026-11-24 09:00", "end": "2026-11-24 09:30", "title": "<script>alert(1)</script>"},
    ]
    a = rolemodel.audit(rows, start="2026-11-23", end="2026-11-29")
    assert a.under_led is True
    for shown in (a.to_text(), a.to_markdown(), a.to_html()):
        assert "under-led" in shown and "50/50" in shown
    assert "<script>" not in a.to_html() and "&lt;script&gt;" in a.to_html()
    assert "<script>" not in a._repr_html_()


def test_plot_draws_one_bar_per_week(ics: Path) -> None:
    """The plot stacks the three kinds for each week."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    a = rolemodel.audit(ics, start="2026-11-02", end="2026-11-15")
    ax = a.plot()
    assert len(ax.patches) == 3 * len(a.weeks) == 6
    plt.close(ax.figure)


# -- classification ---------------------------------------------------------------------------


def test_categories_win_over_keywords_and_unknown_titles_are_kept() -> None:
    """A block's own category names its bucket; a title no rule knows is unclassified, listed."""
    rows = [
        {"start": "2026-11-23 09:00", "minutes": "60", "title": "Forecast call", "category": "Leadership"},
        {"start": "2026-11-23 10:00", "minutes": "30", "title": "1:1 Bob"},
        {"start": "2026-11-23 11:00", "minutes": "30", "title": "Coaching the pipeline"},
    ]
    a = rolemodel.audit(rows, start="2026-11-23", end="2026-11-23")
    assert (a.management_minutes, a.leadership_minutes, a.unclassified_minutes) == (0, 60, 60)
    notes = {e.title: e.note for e in a.unclassified}
    assert notes["1:1 Bob"] == "" and notes["Coaching the pipeline"].startswith("ambiguous")


def test_own_rules_come_first(tmp_path: Path) -> None:
    """A user's rules file is tried before the built-in rules, which still apply."""
    mine = tmp_path / "ours.yaml"
    mine.write_text(
        "format: rolemodel-timeaudit\nversion: 1\nbuckets:\n  leadership:\n    rules:\n"
        "      - name: one-on-ones\n        keywords: ['1:1']\n",
        encoding="utf-8",
    )
    rows = [
        {"start": "2026-11-23 10:00", "minutes": "30", "title": "1:1 Bob"},
        {"start": "2026-11-23 11:00", "minutes": "30", "title": "Forecast"},
    ]
    a = rolemodel.audit(rows, mine, start="2026-11-23", end="2026-11-23")
    assert (a.management_minutes, a.leadership_minutes) == (30, 30)
    assert {e.title for e in a.rules} == {"one-on-ones", "forecasting"}


def test_a_bad_rules_file_names_every_problem_where_it_is(tmp_path: Path) -> None:
    """Errors in a rules file are located: file, line, column, field, expected, found."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "format: rolemodel-timeaudit\nversion: 1\nbuckets:\n  leadreship:\n    rules: []\n"
        "  management:\n    rules:\n      - name: x\n        keywords: forecast\n",
        encoding="utf-8",
    )
    with pytest.raises(RoleModelError) as caught:
        rolemodel.audit([{"start": "2026-11-23 10:00", "minutes": 30, "title": "x"}], bad)
    text = str(caught.value)
    assert "bad.yaml:4:3: buckets.leadreship" in text and "did you mean 'leadership'" in text
    assert "bad.yaml:9:19: buckets.management.rules[0].keywords: expected a list" in text


# -- logs, teams, bounds ----------------------------------------------------------------------


LOG = """Start;End;What;Category;Owner
2026-11-23T09:00+01:00;2026-11-23T10:00+01:00;Forecast call;;Ana
2026-11-23 10:00;2026-11-23 10:45;Coaching with Bob;;Ana
2026-11-24 11:00;2026-11-24 12:00;QBR prep;;Eve
2026-11-24 13:00;later;Lunch;;Eve
"""


def test_a_time_log_with_a_manager_column_gives_a_team_table(tmp_path: Path) -> None:
    """One log naming two managers: one audit each, the bad row reported once, not dropped."""
    path = tmp_path / "log.csv"
    path.write_text(LOG, encoding="utf-8")
    team = rolemodel.team_audit(path, start="2026-11-23", end="2026-11-29")
    assert [a.manager for a in team.audits] == ["Ana", "Eve"]
    ana, eve = team.audits
    assert (ana.management_minutes, ana.leadership_minutes) == (60, 45)
    assert eve.under_led is True
    assert len(team.row_errors) == 1 and "line 5" in team.row_errors[0]
    assert team.leadership_time == pytest.approx(45 / (60 + 45 + 60))
    with pytest.raises(RoleModelError, match="2 managers"):
        rolemodel.audit(path)


def test_many_calendars_give_one_row_each(tmp_path: Path, ics: Path) -> None:
    """A list of calendar files is a team: a row per file, a broken file an error row."""
    broken = tmp_path / "bo.ics"
    broken.write_text("BEGIN:VCALENDAR\nnot really\n", encoding="utf-8")
    team = rolemodel.team_audit([ics, broken], today=TODAY)
    assert [a.manager for a in team.audits] == ["ana"]  # a file is named by its stem
    assert [m for m, _ in team.errors] == ["bo"]
    rows = team.to_rows()
    assert rows[0]["leadership_share_of_classified"] == pytest.approx(135 / 255) and rows[1]["error"]


def test_bounds_name_themselves(monkeypatch: pytest.MonkeyPatch, ics: Path) -> None:
    """Past a bound (expanded occurrences, file size) the error names the bound."""
    import rolemodel._calendar as calendar

    monkeypatch.setattr(calendar, "MAX_OCCURRENCES", 10)
    with pytest.raises(RoleModelError, match="MAX_OCCURRENCES"):
        rolemodel.audit(ics, start="2026-11-01", end="2026-11-30")
    monkeypatch.setattr(calendar, "MAX_CALENDAR_BYTES", 100)
    with pytest.raises(RoleModelError, match="MAX_CALENDAR_BYTES"):
        rolemodel.audit(ics)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (42, "calendar: expected"),
        (
            [{"start": "2026-11-23 09:00", "end": "2026-11-23 08:00", "title": "x"}],
            "no events.*line 1: the end",
        ),
        ("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "no events"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:notadate\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "no events to audit .*event x: left out",
        ),
        ([{"start": "9999-12-31 23:00", "minutes": "600", "title": "x"}], "year from 1900 to 2999"),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:u\nDTSTART:20261123T090000Z\nRRULE:FREQ=WEEKLY;UNTIL=garbage\n"
            "SUMMARY:Forecast\nEND:VEVENT\nEND:VCALENDAR\n",
            "event u: left out, its recurrence cannot be read",
        ),
    ],
)
def test_bad_inputs_are_role_model_errors(given: object, message: str) -> None:
    """Anything that cannot be audited is a RoleModelError, never a traceback."""
    with pytest.raises(RoleModelError, match=message):
        rolemodel.audit(given, today=TODAY)


def test_range_errors() -> None:
    """A range backwards or longer than a year is refused."""
    rows = [{"start": "2026-11-23 09:00", "minutes": 30, "title": "Forecast"}]
    with pytest.raises(RoleModelError, match="before"):
        rolemodel.audit(rows, start="2026-11-23", end="2026-11-01")
    with pytest.raises(RoleModelError, match="366"):
        rolemodel.audit(rows, start="2025-01-01", end="2026-11-01")
    with pytest.raises(RoleModelError, match="time zone"):
        rolemodel.audit(rows, tz="Mars/Olympus")


def test_a_broken_event_is_reported_and_the_rest_audited() -> None:
    """An event icalendar cannot read is left out with a message; the others still count."""
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:bad\r\nSUMMARY:Coaching\r\nDTSTART:20261124T25\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:good\r\nSUMMARY:Forecast call\r\nDTSTART:20261124T090000Z\r\n"
        b"DTEND:20261124T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    a = rolemodel.audit(data, start="2026-11-23", end="2026-11-29")
    assert a.management_minutes == 60 and a.leadership_minutes == 0
    assert len(a.errors) == 1 and a.errors[0].startswith("event bad: left out")


def test_floating_times_are_read_in_the_audits_zone() -> None:
    """A time with no zone (an Apple-style floating time) is read in the audit's time zone."""
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:f\r\nSUMMARY:Forecast call\r\nDTSTART:20261123T233000\r\n"
        b"DTEND:20261124T003000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    tokyo = rolemodel.audit(data, start="2026-11-23", end="2026-11-23", tz="Asia/Tokyo")
    assert tokyo.management_minutes == 30 and tokyo.timezone == "Asia/Tokyo"


def test_report_sections_for_the_client_report(ics: Path) -> None:
    """time_sections gives the blocks of whichever results are given, in 003's order, escaped."""
    from rolemodel._time_report import time_sections, time_sections_html, time_sections_markdown

    audit = rolemodel.audit(ics, today=TODAY)
    plan = rolemodel.mbos([{"rep": "Bo", "manager": "<b>Mo</b>", "start": "2026-01-01"}], end="2026-06-30")
    assert time_sections() == [] and time_sections_markdown() == ""
    blocks = time_sections(audit=audit, mbos=plan)
    headings = [b.text for b in blocks if b.kind == "h2"]
    assert headings == ["Time audit", "Leadership MBOs"]
    markdown = time_sections_markdown(audit=audit, mbos=plan)
    assert "## Time audit" in markdown and "## Leadership MBOs" in markdown
    html = time_sections_html(audit=audit, mbos=plan)
    assert html.count("<section") == 2 and "<b>" not in html and "&lt;b&gt;Mo" in html


def test_an_outlook_export_with_its_own_windows_time_zone() -> None:
    """Outlook writes its own VTIMEZONE named "Pacific Standard Time": times follow it, and the
    audit's days are that zone's."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN")
    cal.add("version", "2.0")
    zone = icalendar.Timezone.from_tzinfo(
        ZoneInfo("America/Los_Angeles"), first_date=dt.date(2026, 1, 1), last_date=dt.date(2027, 1, 1)
    )
    zone["TZID"] = "Pacific Standard Time"
    cal.add_component(zone)
    e = event("o1", "Forecast review", dt.datetime(2026, 11, 24, 16, 30), dt.datetime(2026, 11, 24, 17, 30))
    e["DTSTART"].params["TZID"] = e["DTEND"].params["TZID"] = "Pacific Standard Time"
    cal.add_component(e)
    data = cal.to_ical()
    pacific = rolemodel.audit(data, start="2026-11-24", end="2026-11-24")
    assert pacific.timezone == "Pacific Standard Time" and pacific.management_minutes == 60
    # 16:30-17:30 PST is 00:30-01:30 UTC on the 25th
    assert rolemodel.audit(data, start="2026-11-25", end="2026-11-25", tz="UTC").management_minutes == 60


@pytest.mark.parametrize(
    "rule",
    [
        {"freq": "secondly"},
        {"freq": "daily", "byhour": list(range(24)), "byminute": list(range(60))},
        {
            "freq": "yearly",
            "byday": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
            "byhour": list(range(24)),
            "byminute": list(range(0, 60, 5)),
        },
    ],
)
def test_a_hostile_rule_is_refused_before_it_is_expanded(rule: dict[str, object]) -> None:
    """A rule that would expand past MAX_OCCURRENCES over the range is refused, naming the bound,
    without expanding it."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//test//EN")
    cal.add("version", "2.0")
    e = event(
        "flood", "Forecast", dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2026, 1, 1, 0, 0, 1, tzinfo=UTC)
    )
    e.add("rrule", rule)
    cal.add_component(e)
    with pytest.raises(RoleModelError, match="MAX_OCCURRENCES"):
        rolemodel.audit(cal, start="2026-01-01", end="2026-12-31")


def test_a_team_plot_has_a_bar_per_manager(tmp_path: Path) -> None:
    """The team plot draws one bar per manager, at its leadership share of classified time."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = tmp_path / "log.csv"
    path.write_text(LOG, encoding="utf-8")
    team = rolemodel.team_audit(path, start="2026-11-23", end="2026-11-29")
    ax = team.plot()
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == pytest.approx([45 / 105, 0.0])
    plt.close(ax.figure)


def test_an_event_out_of_the_years_is_left_out_with_its_series() -> None:
    """A series starting before 1900 is left out (listed), not expanded into the range."""
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:old\r\nSUMMARY:Coaching\r\nDTSTART:18000101T090000Z\r\n"
        b"DTEND:18000101T100000Z\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:new\r\nSUMMARY:Forecast call\r\nDTSTART:20261124T090000Z\r\n"
        b"DTEND:20261124T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    a = rolemodel.audit(data, start="2026-11-23", end="2026-11-29")
    assert (a.management_minutes, a.leadership_minutes) == (60, 0)
    assert a.errors == (
        "event old: left out, it cannot be read: expected a year from 1900 to 2999, found 1800",
    )


def test_rows_in_code_take_the_same_column_synonyms_as_files() -> None:
    """Rows given in code (or a DataFrame) name their columns as a file may: any case, synonyms."""
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "Start Time": ["2026-11-23 09:00", "2026-11-23 10:00"],
            "Duration": [60, 30],
            "Subject": ["Forecast call", "Coaching: Bob"],
        }
    )
    a = rolemodel.audit(frame, start="2026-11-23", end="2026-11-23")
    assert (a.management_minutes, a.leadership_minutes) == (60, 30)


def test_an_apple_style_calendar_with_alarms_rdates_and_a_multi_day_event() -> None:
    """Alarms inside events and to-dos are ignored; RDATE adds occurrences; a multi-day all-day
    event is left out once; an event with no end lasts no time (RFC 5545)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Apple Inc.//macOS 15.1//EN")
    cal.add("version", "2.0")
    coaching = event(
        "c",
        "Coaching: Bob",
        dt.datetime(2026, 11, 23, 9, tzinfo=UTC),
        dt.datetime(2026, 11, 23, 10, tzinfo=UTC),
    )
    coaching.add(
        "rdate", [dt.datetime(2026, 11, 25, 9, tzinfo=UTC), dt.datetime(2026, 11, 27, 9, tzinfo=UTC)]
    )
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", dt.timedelta(minutes=-15))
    coaching.add_component(alarm)
    cal.add_component(coaching)
    cal.add_component(event("t", "Conference", dt.date(2026, 11, 24), dt.date(2026, 11, 27)))
    cal.add_component(event("z", "Forecast deadline", dt.datetime(2026, 11, 26, 17, tzinfo=UTC)))
    todo = icalendar.Todo()
    todo.add("uid", "todo")
    todo.add("summary", "Forecast spreadsheet")
    todo.add("dtstart", dt.datetime(2026, 11, 24, 9, tzinfo=UTC))
    todo.add("due", dt.datetime(2026, 11, 24, 17, tzinfo=UTC))
    cal.add_component(todo)
    a = rolemodel.audit(cal, start="2026-11-23", end="2026-11-29", tz="UTC")
    assert (a.management_minutes, a.leadership_minutes, a.unclassified_minutes) == (0, 180, 0)
    assert [(e.title, e.note, e.count) for e in a.skipped] == [("Conference", "all-day", 1)]
