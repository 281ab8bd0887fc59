"""003's split 1:1s as a calendar: a weekly 30-minute Pipeline & Forecast Review and a bi-weekly
45-minute Performance & Development Session for every rep, scheduled from a roster.

:func:`rhythm` reads a roster (``manager``, ``rep``, optional ``email``, ``manager_email``,
``timezone`` and preferred slots ``slot`` and ``development_slot``, such as ``Tue 10:00`` or
``Tue 10:00; Thu 14:30``) and places each meeting in the manager's time zone: the first
preferred slot that is free, else the first free half hour of the working days and hours.
A manager is never double-booked: the review takes its slot every week, a development
session every other week (two reps' sessions may alternate in one slot). A rep who cannot be
placed is a row error, as is a row that cannot be read; the others are still scheduled.

:meth:`Rhythm.to_ical` writes the schedule as an iCalendar file with ``icalendar``: one
recurring event per meeting (``RRULE`` weekly, or weekly with ``INTERVAL=2``), in the manager's
``TZID`` with its ``VTIMEZONE``, with ``UID``, ``DTSTAMP``, ``DTSTART``, ``DURATION``, the
manager as organiser and the rep as attendee where their addresses are known, and a
description that carries the article's guidance and its citation.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._calendar import FIRST_YEAR, LAST_YEAR, zone, zone_name
from rolemodel._errors import RoleModelError

if TYPE_CHECKING:
    from rolemodel._blocks import Block

__all__ = ["GUIDANCE", "MEETINGS", "Meeting", "Rhythm", "parse_slots", "rhythm"]

SOURCE = "003_8dfee91c3e6ab273.txt"
#: The two meetings of the split 1:1: (kind, title, minutes, every n weeks, role), after 003.
MEETINGS = (
    ("review", "Pipeline & Forecast Review", 30, 1, "management"),
    ("development", "Performance & Development Session", 45, 2, "leadership"),
)
#: What each meeting's description says, and the verbatim quotes it rests on (003).
GUIDANCE: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "review": (
        "Weekly 30-minute Pipeline & Forecast Review (management): the pipeline and the forecast, "
        "deal by deal. Keep coaching and development for the separate session.",
        (
            "Have a weekly 30-minute Pipeline & Forecast Review (Management).",
            "Stop combining management and leadership into one meeting.",
        ),
    ),
    "development": (
        "Bi-weekly 45-minute Performance & Development Session (leadership). Agenda: the rep's "
        "skills and how to coach them (not their activities); the barriers in their way that "
        "the manager can remove. The pipeline is not mentioned.",
        (
            "a separate bi-weekly 45-minute Performance & Development Session (Leadership) "
            "where the pipeline isn't even mentioned.",
            "They hit a performance ceiling because they are never coached on their skills, "
            "only managed on their activities.",
            "What barriers are in my team's way that I can remove?",
        ),
    ),
}
#: The most rows a roster may hold (the library's bound).
MAX_ROSTER = 5_000
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_WORDS = {
    **{d.lower(): i for i, d in enumerate(_DAYS)},
    **{w: i for i, w in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{
        w: i
        for i, w in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
    },
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}
_EMAIL = re.compile(r"^[^@\s<>\"(),;:\\]+@[^@\s<>\"(),;:\\]+\.[^@\s<>\"(),;:\\]+$")
_SLOT = re.compile(r"^\s*([a-z]+)\.?\s*(?:at\s+)?(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?\s*$", re.I)


def parse_slots(text: Any) -> list[tuple[int, int]]:
    """Preferred slots from text such as ``Tue 10:00; Thu 2:30pm`` as (weekday, minute of the
    day); separated by ``;``, ``|`` or ``/``. Anything else is a ``ValueError`` saying why."""
    if text is None or not str(text).strip():
        return []
    slots = []
    for part in re.split(r"[;|/]", str(text)):
        if not part.strip():
            continue
        m = _SLOT.match(part)
        day = _DAY_WORDS.get(m.group(1).lower()) if m else None
        if m is None or day is None:
            raise ValueError(f"expected a slot such as 'Tue 10:00', found {part.strip()[:60]!r}")
        hour, minute = int(m.group(2)), int(m.group(3) or 0)
        if m.group(4):
            if not 1 <= hour <= 12:
                raise ValueError(f"expected an hour from 1 to 12 before am/pm, found {part.strip()[:60]!r}")
            hour = hour % 12 + (12 if m.group(4).lower() == "pm" else 0)
        if hour > 23 or minute > 59:
            raise ValueError(f"expected a time of day, found {part.strip()[:60]!r}")
        slots.append((day, hour * 60 + minute))
    return slots


@attrs.frozen
class Meeting:
    """One recurring meeting: whose, which kind, when (weekday and local time in the manager's
    zone, first on ``first``), how long and how often, and a note when it moved."""

    manager: str
    rep: str
    kind: str
    title: str
    first: dt.datetime
    minutes: int
    interval: int
    timezone: str
    email: str = ""
    manager_email: str = ""
    note: str = ""

    @property
    def weekday(self) -> str:
        return self.first.strftime("%A")

    @property
    def uid(self) -> str:
        key = f"rolemodel-rhythm:{self.manager}:{self.rep}:{self.kind}"
        return f"{uuid.uuid5(uuid.NAMESPACE_URL, key)}@rolemodel"

    def to_dict(self) -> dict[str, Any]:
        return {
            "manager": self.manager,
            "rep": self.rep,
            "kind": self.kind,
            "title": self.title,
            "first": self.first.isoformat(),
            "minutes": self.minutes,
            "interval_weeks": self.interval,
            "timezone": self.timezone,
            "email": self.email,
            "manager_email": self.manager_email,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Meeting:
        first = dt.datetime.fromisoformat(data["first"]).replace(tzinfo=None)
        tz = zone(str(data["timezone"]))
        return cls(
            str(data["manager"]),
            str(data["rep"]),
            str(data["kind"]),
            str(data["title"]),
            first.replace(tzinfo=tz),
            int(data["minutes"]),
            int(data["interval_weeks"]),
            str(data["timezone"]),
            str(data.get("email", "")),
            str(data.get("manager_email", "")),
            str(data.get("note", "")),
        )


@attrs.frozen
class Rhythm:
    """The split 1:1 schedule: its meetings, and the rows that could not be scheduled."""

    meetings: tuple[Meeting, ...]
    errors: tuple[str, ...] = ()
    weeks: int | None = None
    stamp: dt.datetime = attrs.field(factory=lambda: dt.datetime.now(dt.UTC).replace(microsecond=0))

    def __repr__(self) -> str:
        managers = len({m.manager for m in self.meetings})
        return f"<Rhythm managers={managers} meetings={len(self.meetings)} errors={len(self.errors)}>"

    def to_ical(self) -> bytes:
        """The schedule as an iCalendar file (bytes, CRLF lines), written by ``icalendar``."""
        from rolemodel._rhythm_ics import rhythm_calendar

        return bytes(rhythm_calendar(self).to_ical())

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat row per meeting: manager, rep, kind, weekday, local time, zone, length, cadence."""
        return [
            {
                "manager": m.manager,
                "rep": m.rep,
                "meeting": m.title,
                "weekday": m.weekday,
                "time": m.first.strftime("%H:%M"),
                "timezone": m.timezone,
                "minutes": m.minutes,
                "every_weeks": m.interval,
                "first": m.first.date().isoformat(),
                "note": m.note,
            }
            for m in self.meetings
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "meetings": [m.to_dict() for m in self.meetings],
            "errors": list(self.errors),
            "weeks": self.weeks,
            "stamp": self.stamp.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rhythm:
        try:
            return cls(
                tuple(Meeting.from_dict(m) for m in data["meetings"]),
                tuple(str(e) for e in data.get("errors", ())),
                data.get("weeks"),
                dt.datetime.fromisoformat(data["stamp"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RoleModelError(f"not a rhythm written by Rhythm.to_dict: {exc}") from None

    def report_blocks(self) -> list[Block]:
        from rolemodel._rhythm_ics import rhythm_blocks

        return rhythm_blocks(self)

    def to_markdown(self) -> str:
        from rolemodel._blocks import render

        return render("Split 1:1s", self.report_blocks(), "markdown")

    def to_html(self) -> str:
        from rolemodel._blocks import render

        return render("Split 1:1s", self.report_blocks(), "html")

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        from rolemodel._audit_display import fragment

        return fragment(self.report_blocks())


# -- scheduling -----------------------------------------------------------------------------------


class _Book:
    """One manager's booked time over a two-week cycle: (parity, weekday, start, end) minutes."""

    def __init__(self, taken: Sequence[tuple[int, int, int, int]] = ()) -> None:
        self.taken: list[tuple[int, int, int, int]] = []
        self._by_day: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for p, d, s, e in taken:
            self.book(d, s, e - s, (p,))

    def free(self, day: int, start: int, minutes: int, parities: Sequence[int]) -> bool:
        end = start + minutes
        if end > 24 * 60:
            return False
        return not any(start < e and s < end for p in parities for s, e in self._by_day.get((p, day), ()))

    def book(self, day: int, start: int, minutes: int, parities: Sequence[int]) -> None:
        for p in parities:
            self.taken.append((p, day, start, start + minutes))
            self._by_day.setdefault((p, day), []).append((start, start + minutes))


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return " ".join(str(value).split())


def _rows_of(roster: Any, options: Any) -> tuple[list[tuple[int, dict[str, Any] | None, str | None]], str]:
    if isinstance(roster, str | os.PathLike):
        from rolemodel._timelog import ROSTER_COLUMNS, read_rows

        rows, _ = read_rows(roster, ROSTER_COLUMNS, options)
        return rows, os.fspath(roster)
    if hasattr(roster, "to_dict") and hasattr(roster, "columns"):
        roster = roster.to_dict("records")
    if not isinstance(roster, Iterable) or isinstance(roster, str | Mapping):
        raise RoleModelError(
            f"roster: expected a file or rows of manager and rep, found {type(roster).__name__}"
        )
    from rolemodel._timelog import ROSTER_COLUMNS, column_names

    names = column_names(ROSTER_COLUMNS)
    out: list[tuple[int, dict[str, Any] | None, str | None]] = []
    for i, row in enumerate(roster, start=1):
        if not isinstance(row, Mapping):
            raise RoleModelError(
                f"roster row {i}: expected a mapping of column to value, found {type(row).__name__}"
            )
        out.append((i, {names(str(k)): v for k, v in row.items()}, None))
    return out, "<roster>"


def _weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def rhythm(
    roster: Any,
    start: Any = None,
    *,
    hours: tuple[int, int] = (9, 17),
    days: str = "MO,TU,WE,TH,FR",
    tz: str | None = None,
    weeks: int | None = None,
    stamp: dt.datetime | None = None,
    options: Any = None,
) -> Rhythm:
    """The split 1:1 schedule for a roster (a client file's path, rows, or a DataFrame).

    ``start`` is the first day (a date or ISO text; by default next Monday); ``hours`` and
    ``days`` are the working hours and days where free slots are looked for; ``tz`` is the
    zone of a manager whose rows give none (default UTC); ``weeks`` ends the series after that
    many weeks (default: no end); ``stamp`` is the ``DTSTAMP`` written (default: now).
    """
    today = dt.date.today()
    first_day = _day(start) if start is not None else today + dt.timedelta(days=7 - today.weekday())
    lo, hi = hours
    if not (0 <= lo < hi <= 24):
        raise RoleModelError(f"hours: expected (start, end) with 0 <= start < end <= 24, found {hours!r}")
    work_days = []
    for word in str(days).split(","):
        if word.strip().upper() not in _DAYS:
            raise RoleModelError(
                f"days: expected two-letter days such as MO,TU,WE,TH,FR, found {word.strip()!r}"
            )
        work_days.append(_DAYS.index(word.strip().upper()))
    if weeks is not None and not 1 <= weeks <= 520:
        raise RoleModelError(f"weeks: expected 1 to 520, found {weeks}")
    rows, name = _rows_of(roster, options)
    if len(rows) > MAX_ROSTER:
        raise RoleModelError(f"{name}: more than {MAX_ROSTER:,} rows (MAX_ROSTER)")
    default_tz = zone(tz)
    books: dict[str, _Book] = {}
    zones: dict[str, Any] = {}
    seen: set[tuple[str, str]] = set()
    failed: set[tuple[str, int, tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]] = set()
    meetings: list[Meeting] = []
    errors: list[str] = []
    grid = [(d, m) for d in work_days for m in range(lo * 60, hi * 60, 30)]
    for line, row, error in rows:
        if error is not None or row is None:
            errors.append(error or f"line {line}: could not be read")
            continue
        manager, rep = _text(row.get("manager")), _text(row.get("rep"))
        if not manager or not rep:
            errors.append(
                f"line {line}: {'manager' if not manager else 'rep'}: expected a name, found nothing"
            )
            continue
        if (manager, rep) in seen:
            errors.append(f"line {line}: {rep} is already on {manager}'s roster")
            continue
        bad = [
            k for k in ("email", "manager_email") if _text(row.get(k)) and not _EMAIL.match(_text(row.get(k)))
        ]
        if bad:
            errors.append(
                f"line {line}: {bad[0]}: expected an e-mail address, found {_text(row.get(bad[0]))[:60]!r}"
            )
            continue
        try:
            given = _text(row.get("timezone"))
            elsewhere = ""
            if manager not in zones:
                zones[manager] = zone(given) if given else default_tz
            elif given and zone_name(zone(given)) != zone_name(zones[manager]):
                elsewhere = (
                    f"in {zone_name(zones[manager])}, {manager}'s time zone (their first row's), not {given}"
                )
            preferred = {
                "review": parse_slots(row.get("slot")),
                "development": parse_slots(row.get("development_slot")),
            }
        except (ValueError, RoleModelError) as exc:
            errors.append(f"line {line}: {exc}")
            continue
        mz = zones[manager]
        book = books.setdefault(manager, _Book())
        placed: list[tuple[str, int, int, int, str]] = []
        # a rep that could not be placed against this very book, with these preferences, will
        # not be either: remembered, so a long roster for a full calendar stays quick
        attempt = (manager, len(book.taken), tuple(preferred["review"]), tuple(preferred["development"]))
        if attempt in failed:
            errors.append(f"line {line}: no free slot for {rep} in {manager}'s working hours")
            continue
        trial = _Book(book.taken)
        for kind, _title, minutes, interval, _role in MEETINGS:
            parity_options = [(0, 1)] if interval == 1 else [(0,), (1,)]
            found = None
            for origin, candidates in (("preferred", preferred[kind]), ("free", grid)):
                for day, start_min in candidates:
                    if origin == "free" and start_min + minutes > hi * 60:
                        continue
                    for parities in parity_options:
                        if trial.free(day, start_min, minutes, parities):
                            found = (day, start_min, parities, origin)
                            break
                    if found:
                        break
                if found:
                    break
            if found is None:
                break
            day, start_min, parities, origin = found
            trial.book(day, start_min, minutes, parities)
            notes = [elsewhere] if elsewhere else []
            if origin == "free" and preferred[kind]:
                notes.append("the preferred slots were taken; placed in the first free slot")
            note = "; ".join(notes)
            placed.append((kind, day, start_min, parities[0], note))
        if len(placed) < len(MEETINGS):
            failed.add(attempt)
            errors.append(f"line {line}: no free slot for {rep} in {manager}'s working hours")
            continue
        books[manager] = trial
        seen.add((manager, rep))
        for (kind, day, start_min, parity, note), (_k, title, minutes, interval, _r) in zip(
            placed, MEETINGS, strict=True
        ):
            date = _weekday_on_or_after(first_day, day) + dt.timedelta(weeks=parity)
            first = dt.datetime.combine(date, dt.time(start_min // 60, start_min % 60), mz)
            meetings.append(
                Meeting(
                    manager,
                    rep,
                    kind,
                    f"{title}: {rep}",
                    first,
                    minutes,
                    interval,
                    zone_name(mz),
                    _text(row.get("email")),
                    _text(row.get("manager_email")),
                    note,
                )
            )
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    return Rhythm(tuple(meetings), tuple(errors), weeks, stamp.astimezone(dt.UTC))


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise RoleModelError(f"start: expected a date such as 2027-01-04, found {value!r}") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise RoleModelError(f"start: expected a year from {FIRST_YEAR} to {LAST_YEAR}, found {day}")
    return day
