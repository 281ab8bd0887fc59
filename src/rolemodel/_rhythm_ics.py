"""The split 1:1 schedule written out: an iCalendar file built with ``icalendar`` (never by hand),
and report blocks (a face)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rolemodel._audit_display import cited, named
from rolemodel._blocks import Block, table
from rolemodel._calendar import _libraries
from rolemodel._rhythm import GUIDANCE, MEETINGS, SOURCE

if TYPE_CHECKING:
    from rolemodel._rhythm import Meeting, Rhythm

__all__ = ["description", "rhythm_blocks", "rhythm_calendar"]

_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def description(kind: str) -> str:
    """A meeting's description: the guidance, then its verbatim source."""
    says, quotes = GUIDANCE[kind]
    quoted = "\n".join(f'"{q}"' for q in quotes)
    return f"{says}\n\nAfter {named(SOURCE)}:\n{quoted}"


def _address(icalendar: Any, email: str, name: str, **params: str) -> Any:
    address = icalendar.vCalAddress(f"mailto:{email}")
    address.params["CN"] = name
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = value
    return address


def _event(icalendar: Any, meeting: Meeting, weeks: int | None, stamp: dt.datetime) -> Any:
    event = icalendar.Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", stamp)
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.first)
    event.add("duration", dt.timedelta(minutes=meeting.minutes))
    rule: dict[str, Any] = {"freq": "weekly", "byday": _BYDAY[meeting.first.weekday()]}
    if meeting.interval > 1:
        rule["interval"] = meeting.interval
    if weeks is not None:
        rule["count"] = max(1, -(-weeks // meeting.interval))
    event.add("rrule", rule)
    event.add("description", description(meeting.kind))
    event.add("categories", ["Management" if meeting.kind == "review" else "Leadership"])
    event.add("transp", "OPAQUE")
    event.add("status", "CONFIRMED")
    if meeting.manager_email:
        event.add("organizer", _address(icalendar, meeting.manager_email, meeting.manager))
    if meeting.email:
        event.add(
            "attendee",
            _address(
                icalendar,
                meeting.email,
                meeting.rep,
                role="REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp="TRUE",
            ),
        )
    return event


def rhythm_calendar(rhythm: Rhythm) -> Any:
    """The schedule as an ``icalendar.Calendar``, its time zones added as ``VTIMEZONE``s."""
    icalendar, _ = _libraries()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//rolemodel//split 1:1s after 003//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Split 1:1s")
    for meeting in rhythm.meetings:
        calendar.add_component(_event(icalendar, meeting, rhythm.weeks, rhythm.stamp))
    calendar.add_missing_timezones()
    return calendar


def rhythm_blocks(rhythm: Rhythm, *, heading: str = "Split 1:1s") -> list[Block]:
    """The schedule as report blocks: the guidance with its citations, then the table."""
    entries = []
    for kind, title, minutes, interval, role in MEETINGS:
        says, quotes = GUIDANCE[kind]
        entries.append(
            cited(
                says,
                quotes[0],
                SOURCE,
                name=title,
                detail=f"{minutes} minutes every {'week' if interval == 1 else f'{interval} weeks'}, {role}",
            )
        )
    rows = [
        [
            m.manager,
            m.rep,
            m.title.split(":")[0],
            m.weekday,
            m.first.strftime("%H:%M"),
            m.timezone,
            m.first.date().isoformat(),
            m.note,
        ]
        for m in rhythm.meetings
    ]
    out = [
        Block("open", "split-one-on-ones"),
        Block("h2", heading),
        Block("items", data=entries),
        table(["Manager", "Rep", "Meeting", "Day", "Time", "Zone", "First", "Note"], rows),
    ]
    if rhythm.errors:
        out += [Block("h3", "Not scheduled"), Block("list", data=list(rhythm.errors))]
    out.append(Block("close"))
    return out
