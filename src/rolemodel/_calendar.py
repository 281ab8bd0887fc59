"""Calendars and time logs read into time blocks: the one place an ``.ics`` file is read.

Two kinds of source give the same :class:`TimeBlock` values over a range ``[lo, hi)``:

- an iCalendar export (Google, Outlook, Apple), parsed by ``icalendar`` and expanded by
  ``recurring-ical-events`` (both in the ``calendar`` extra, imported here only when a
  calendar is read): recurring series are expanded within the range only, with their
  exceptions (``EXDATE``, moved or changed occurrences by ``RECURRENCE-ID``); every time keeps
  its time zone (``TZID``, UTC, or Google's ``X-WR-TIMEZONE``; a floating time is read in the
  calendar's zone);
- a time log: rows with ``start``, ``end`` (or ``minutes``), ``title`` and optionally
  ``category`` and ``manager``; a time with no offset is read in the audit's zone.

What is not worked time is kept, marked with the reason it is left out of the audit
(:attr:`TimeBlock.skip`): an **all-day** event (a holiday, an offsite day, a reminder: it says
nothing of how the hours went), a **cancelled** event (``STATUS:CANCELLED``) and a **declined**
one (the calendar owner's ``ATTENDEE`` has ``PARTSTAT=DECLINED``; the owner is the ``owner``
given, else the calendar's name when it is an e-mail address, as in Google's exports).

Bounds, checked before the work that scales: a calendar file of at most
:data:`MAX_CALENDAR_BYTES` bytes, at most :data:`MAX_EVENTS` events in it, and at most
:data:`MAX_OCCURRENCES` occurrences expanded for one audit (estimated from each ``RRULE``
before anything is expanded, so one ``FREQ=SECONDLY`` never is, and counted while); past
one of them, a :class:`~rolemodel.RoleModelError` names the bound. Times fall in the years
:data:`FIRST_YEAR` to :data:`LAST_YEAR`. An event that cannot be read (a broken ``DTSTART`` or
``RRULE``, a year out of bounds) is left out, with its series, and listed in ``errors``.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from rolemodel._errors import RoleModelError

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_CALENDAR_BYTES",
    "MAX_EVENTS",
    "MAX_OCCURRENCES",
    "IcsSource",
    "LogSource",
    "TimeBlock",
    "monday",
    "parse_time",
    "read_ics_bytes",
    "zone",
    "zone_name",
]

#: The largest calendar file read, in bytes (checked before parsing).
MAX_CALENDAR_BYTES = 20 * 1024 * 1024
#: The most events (VEVENT components, a series counting once) a calendar may hold.
MAX_EVENTS = 50_000
#: The most occurrences expanded for one audit (recurring series count each occurrence).
MAX_OCCURRENCES = 100_000

UTC = dt.UTC
#: The years a time may fall in (the library's bound: far from the calendar's ends).
FIRST_YEAR, LAST_YEAR = 1900, 2999


@attrs.frozen
class TimeBlock:
    """A stretch of someone's time: when, what it was called, its category if it has one,
    whose time it is, and why it is left out of the audit (``skip``: ``""`` when it counts,
    else ``all-day``, ``declined`` or ``cancelled``)."""

    start: dt.datetime
    end: dt.datetime
    title: str
    category: str = ""
    manager: str = ""
    skip: str = ""

    @property
    def minutes(self) -> float:
        return max(0.0, (self.end - self.start).total_seconds() / 60)


def zone(name: str | dt.tzinfo | None) -> dt.tzinfo:
    """A time zone by its IANA name (``Europe/Berlin``), ``UTC`` for ``None``."""
    if name is None:
        return UTC
    if isinstance(name, dt.tzinfo):
        return name
    try:
        return ZoneInfo(str(name).strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise RoleModelError(
            f"time zone: expected an IANA name such as Europe/Berlin or America/New_York, found {name!r}"
        ) from None


def zone_name(tz: dt.tzinfo) -> str:
    """How a time zone is written: its IANA key where it has one, else the calendar's own TZID
    (an Outlook ``VTIMEZONE`` such as "Pacific Standard Time"), else its name."""
    for attribute in ("key", "_tzid", "zone"):
        name = getattr(tz, attribute, None)
        if isinstance(name, str) and name:
            return name
    try:
        return str(tz.tzname(dt.datetime(2000, 1, 1)) or tz)
    except (AttributeError, TypeError, ValueError):  # pragma: no cover - an unusual tzinfo
        return str(tz)


def monday(moment: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """The start (00:00 local) of the Monday-to-Sunday week holding ``moment``, in ``tz``."""
    local = moment.astimezone(tz)
    day = local.date() - dt.timedelta(days=local.weekday())
    return dt.datetime.combine(day, dt.time(), tz)


def _aware(value: dt.date | dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=tz)
    return dt.datetime.combine(value, dt.time(), tz)


def parse_time(value: Any, tz: dt.tzinfo) -> dt.datetime:
    """A time from a log's cell: a ``datetime`` or ISO 8601 text (``2026-11-23 09:00``,
    ``2026-11-23T09:00:00+01:00``, a trailing ``Z``); with no offset, in ``tz``."""
    if isinstance(value, dt.date):
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValueError(f"expected a year from {FIRST_YEAR} to {LAST_YEAR}, found {value.year}")
        return _aware(value, tz)
    text = str(value).strip() if value is not None else ""
    if not text:
        raise ValueError("no time given")
    try:
        moment = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "Zz" else text)
    except ValueError:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ValueError(f"expected a date and time such as 2026-11-23 09:30, found {shown!r}") from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(f"expected a year from {FIRST_YEAR} to {LAST_YEAR}, found {moment.year}")
    return _aware(moment, tz)


# -- time logs ----------------------------------------------------------------------------------


class LogSource:
    """Time blocks from the rows of a time log (mappings of column name to cell)."""

    def __init__(
        self, rows: Iterable[tuple[int, Mapping[str, Any] | None, str | None]], tz: dt.tzinfo, name: str
    ):
        self.name = name
        self.tz = tz
        self.blocks: list[TimeBlock] = []
        self.errors: list[str] = []
        self.warnings: list[str] = []
        for line, row, error in rows:
            if error is not None or row is None:
                self.errors.append(error or f"line {line}: could not be read")
                continue
            try:
                self.blocks.append(_log_block(row, tz))
            except ValueError as exc:
                self.errors.append(f"line {line}: {exc}")
            if len(self.blocks) > MAX_OCCURRENCES:
                raise RoleModelError(f"{name}: more than {MAX_OCCURRENCES:,} time blocks (MAX_OCCURRENCES)")

    def managers(self) -> list[str]:
        return sorted({b.manager for b in self.blocks})

    def between(self, lo: dt.datetime, hi: dt.datetime, manager: str | None = None) -> list[TimeBlock]:
        return [
            b
            for b in self.blocks
            if b.end > lo and b.start < hi and (manager is None or b.manager == manager)
        ]

    def starts(self, manager: str | None = None) -> list[dt.datetime]:
        return sorted(b.start for b in self.blocks if manager is None or b.manager == manager)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return " ".join(str(value).split())


def _log_block(row: Mapping[str, Any], tz: dt.tzinfo) -> TimeBlock:
    start = parse_time(row.get("start"), tz)
    if _text(row.get("end")):
        end = parse_time(row.get("end"), tz)
    elif _text(row.get("minutes")):
        try:
            minutes = float(str(row["minutes"]).replace(",", "."))
        except ValueError:
            raise ValueError(f"minutes: expected a number, found {row['minutes']!r}") from None
        if not 0 <= minutes <= 7 * 24 * 60:
            raise ValueError(f"minutes: expected 0 to {7 * 24 * 60} (a week), found {minutes:g}")
        end = start + dt.timedelta(minutes=minutes)
    else:
        raise ValueError("no end (or minutes) given")
    if end < start:
        raise ValueError(f"the end {end.isoformat()} is before the start {start.isoformat()}")
    return TimeBlock(
        start, end, _text(row.get("title")), _text(row.get("category")), _text(row.get("manager"))
    )


# -- iCalendar ----------------------------------------------------------------------------------


def _libraries() -> tuple[Any, Any]:
    try:
        import icalendar
        import recurring_ical_events  # type: ignore[import-untyped]
    except ImportError:
        raise RoleModelError(
            "reading .ics calendars needs the calendar extra: pip install 'rolemodel[calendar]'"
        ) from None
    return icalendar, recurring_ical_events


def read_ics_bytes(path: str | os.PathLike[str]) -> bytes:
    """A calendar file's bytes, its size checked before it is read."""
    p = Path(path)
    size = p.stat().st_size
    if size > MAX_CALENDAR_BYTES:
        raise RoleModelError(
            f"{p}: {size:,} bytes, more than the {MAX_CALENDAR_BYTES:,} a calendar may have "
            "(MAX_CALENDAR_BYTES)"
        )
    return p.read_bytes()


#: Seconds in one period of each ``FREQ``, and its rank (finer first).
_PERIODS = {
    "SECONDLY": (1, 0),
    "MINUTELY": (60, 1),
    "HOURLY": (3600, 2),
    "DAILY": (86400, 3),
    "WEEKLY": (7 * 86400, 4),
    "MONTHLY": (28 * 86400, 5),
    "YEARLY": (365 * 86400, 6),
}
#: Each ``BY`` part and the rank of the unit it names: it multiplies the occurrences of a
#: coarser ``FREQ`` (RFC 5545's "expand") and only filters a finer or equal one.
_BY_RANKS = {
    "BYSECOND": 0,
    "BYMINUTE": 1,
    "BYHOUR": 2,
    "BYDAY": 3,
    "BYMONTHDAY": 3,
    "BYYEARDAY": 3,
    "BYWEEKNO": 4,
    "BYMONTH": 5,
}


def _values(value: Any) -> list[Any]:
    """A recurrence rule part as a list (parsed rules hold lists, rules built in code may not)."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _rule_bound(rule: Mapping[str, Any], seconds: float) -> int:
    """An upper bound of one ``RRULE``'s occurrences in a range of ``seconds``."""
    freq = str((_values(rule.get("FREQ")) or ["DAILY"])[0]).upper()
    period, rank = _PERIODS.get(freq, (1, 0))
    try:
        interval = max(1, int((_values(rule.get("INTERVAL")) or [1])[0]))
    except (TypeError, ValueError):
        interval = 1
    base = int(seconds // (period * interval)) + 2
    count = _values(rule.get("COUNT"))
    if count:
        with contextlib.suppress(TypeError, ValueError):
            base = min(base, int(count[0]))
    for key, unit in _BY_RANKS.items():
        values = _values(rule.get(key))
        if values and unit < rank:
            base *= len(values) * _WITHIN.get((key, rank), 1)
    return base


#: How many times a ``BY`` value can recur within one period of a coarser ``FREQ``: a weekday
#: in a month (5) or a year (53), a month day in a year (12), a week number's days (7).
_WITHIN = {("BYDAY", 5): 5, ("BYDAY", 6): 53, ("BYMONTHDAY", 6): 12, ("BYWEEKNO", 6): 7}


def _addresses(prop: Any) -> list[Any]:
    if prop is None:
        return []
    return list(prop) if isinstance(prop, list) else [prop]


def _email(address: Any) -> str:
    return str(address).strip().lower().removeprefix("mailto:")


class IcsSource:
    """An iCalendar file's events, expanded over a range on demand."""

    def __init__(
        self, data: bytes | str | Any, name: str, *, tz: str | dt.tzinfo | None = None, owner: str = ""
    ):
        icalendar, rie = _libraries()
        self.name = name
        if isinstance(data, icalendar.Calendar):
            calendars = [data]
        else:
            if len(data) > MAX_CALENDAR_BYTES:
                raise RoleModelError(
                    f"{name}: more than the {MAX_CALENDAR_BYTES:,} bytes a calendar may have "
                    "(MAX_CALENDAR_BYTES)"
                )
            raw = data.encode("utf-8") if isinstance(data, str) else data
            if b"BEGIN:VCALENDAR" not in raw[:4096].upper():
                raise RoleModelError(f"{name}: not an iCalendar file (no BEGIN:VCALENDAR at its start)")
            try:
                calendars = list(icalendar.Calendar.from_ical(raw, multiple=True))
            except (ValueError, KeyError, IndexError, TypeError) as exc:
                raise RoleModelError(f"{name}: not a readable iCalendar file: {exc}") from None
        events = [e for c in calendars for e in c.walk("VEVENT")]
        if len(events) > MAX_EVENTS:
            raise RoleModelError(f"{name}: {len(events):,} events, more than {MAX_EVENTS:,} (MAX_EVENTS)")
        self.events = len(events)
        calname = next((str(c.get("X-WR-CALNAME")) for c in calendars if c.get("X-WR-CALNAME")), "")
        self.owner = (owner or (calname if "@" in calname else "")).strip().lower().removeprefix("mailto:")
        self.errors: list[str] = []
        self._left_out: set[str] = set()  # the UIDs of events left out: not expanded either
        readable = []
        for event in events:
            try:
                start = event.get("DTSTART")
                if start is None or not isinstance(start.dt, dt.date):
                    raise ValueError("no DTSTART")
                if not FIRST_YEAR <= start.dt.year <= LAST_YEAR:
                    raise ValueError(
                        f"expected a year from {FIRST_YEAR} to {LAST_YEAR}, found {start.dt.year}"
                    )
                readable.append((event, start.dt))
            except ValueError as exc:  # icalendar's BrokenCalendarProperty is one
                uid = " ".join(str(event.get("UID", "?")).split())[:80]
                self.errors.append(f"event {uid}: left out, it cannot be read: {str(exc)[:200]}")
                self._left_out.add(str(event.get("UID", "")))
        self.tz = zone(tz) if tz is not None else self._zone(calendars, [s for _, s in readable])
        try:
            self._queries = [rie.of(c, skip_bad_series=True) for c in calendars]
        except Exception as exc:  # the library's own errors for a broken calendar
            raise RoleModelError(f"{name}: not a readable iCalendar file: {exc}") from None
        self._starts: list[dt.datetime] = []
        self._series: list[tuple[list[Any], int]] = []
        self._singles = 0
        for event, start in readable:
            try:
                rules = _values(event.get("RRULE"))
                rdates = _values(event.get("RDATE"))
                extra = sum(len(getattr(r, "dts", [r])) for r in rdates)
                for rule in rules:
                    _rule_bound(rule, 0.0)  # reads every part: a broken rule fails here
            except ValueError as exc:  # icalendar's BrokenCalendarProperty is one
                uid = " ".join(str(event.get("UID", "?")).split())[:80]
                self.errors.append(f"event {uid}: left out, its recurrence cannot be read: {str(exc)[:200]}")
                self._left_out.add(str(event.get("UID", "")))
                continue
            self._starts.append(_aware(start, self.tz))
            if rules or extra:
                self._series.append((rules, extra))
            else:
                self._singles += 1

    @staticmethod
    def _zone(calendars: list[Any], starts: list[dt.date]) -> dt.tzinfo:
        for c in calendars:
            name = c.get("X-WR-TIMEZONE")
            if name:
                try:
                    return ZoneInfo(str(name))
                except (ZoneInfoNotFoundError, ValueError):
                    pass
        zones: collections.Counter[str] = collections.Counter()
        found: dict[str, dt.tzinfo] = {}
        for moment in starts:
            if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
                key = zone_name(moment.tzinfo)
                zones[key] += 1
                found.setdefault(key, moment.tzinfo)
        if zones:
            return found[zones.most_common(1)[0][0]]
        return UTC

    def estimate(self, lo: dt.datetime, hi: dt.datetime) -> int:
        """An upper bound of the occurrences in ``[lo, hi)``, read from the rules without
        expanding them: what keeps one hostile ``RRULE`` (``FREQ=SECONDLY``, or long ``BY``
        lists) from being expanded at all."""
        total = 0
        seconds = max(0.0, (hi - lo).total_seconds())
        for rules, extra in self._series:
            total += extra
            for rule in rules:
                total += _rule_bound(rule, seconds)
        return total + self._singles

    def occurrences(self, lo: dt.datetime, hi: dt.datetime) -> Iterator[TimeBlock]:
        """Every occurrence that overlaps ``[lo, hi)``, skipped ones marked; past
        :data:`MAX_OCCURRENCES` (estimated before expanding, counted while) an error."""
        if self.estimate(lo, hi) > MAX_OCCURRENCES:
            raise RoleModelError(
                f"{self.name}: more than {MAX_OCCURRENCES:,} occurrences to expand (MAX_OCCURRENCES) "
                f"from {lo.date()} to {hi.date()}; audit a shorter range (--from/--to)"
            )
        count = 0
        for query in self._queries:
            try:
                found = query.between(lo, hi)
            except RoleModelError:  # pragma: no cover - the library raises its own
                raise
            except (ValueError, TypeError, OverflowError, KeyError) as exc:
                raise RoleModelError(f"{self.name}: a recurring event could not be expanded: {exc}") from None
            for event in found:
                if self._left_out and str(event.get("UID", "")) in self._left_out:
                    continue
                count += 1
                if count > MAX_OCCURRENCES:
                    raise RoleModelError(
                        f"{self.name}: more than {MAX_OCCURRENCES:,} occurrences to expand "
                        f"(MAX_OCCURRENCES); audit a shorter range (--from/--to)"
                    )
                try:
                    block = self._block(event)
                except ValueError as exc:
                    uid = " ".join(str(event.get("UID", "?")).split())[:80]
                    message = f"event {uid}: left out, it cannot be read: {str(exc)[:200]}"
                    if message not in self.errors:
                        self.errors.append(message)
                    continue
                if block.start < hi and (block.end > lo or (block.start == block.end and block.start >= lo)):
                    yield block

    def between(self, lo: dt.datetime, hi: dt.datetime, manager: str | None = None) -> list[TimeBlock]:
        return sorted(self.occurrences(lo, hi), key=lambda b: (b.start, b.end, b.title))

    def starts(self, manager: str | None = None) -> list[dt.datetime]:
        return sorted(self._starts)

    def last_start_before(self, lo: dt.datetime, hi: dt.datetime) -> dt.datetime | None:
        """The start of the last occurrence in ``[lo, hi)`` that counts (not all-day, declined
        or cancelled), or ``None``."""
        last = None
        for block in self.occurrences(lo, hi):
            if not block.skip and lo <= block.start and (last is None or block.start > last):
                last = block.start
        return last

    def _block(self, event: Any) -> TimeBlock:
        start_value = event.get("DTSTART").dt
        end_prop = event.get("DTEND")
        end_value = end_prop.dt if end_prop is not None else None
        if end_value is None and event.get("DURATION") is not None:
            end_value = start_value + event.get("DURATION").dt
        all_day = not isinstance(start_value, dt.datetime)
        start = _aware(start_value, self.tz)
        end = _aware(end_value, self.tz) if end_value is not None else start
        if all_day and end <= start:
            end = start + dt.timedelta(days=1)
        skip = ""
        if all_day:
            skip = "all-day"
        elif str(event.get("STATUS", "")).upper() == "CANCELLED":
            skip = "cancelled"
        elif self.owner and any(
            _email(a) == self.owner
            and str(getattr(a, "params", {}).get("PARTSTAT", "")).upper() == "DECLINED"
            for a in _addresses(event.get("ATTENDEE"))
        ):
            skip = "declined"
        categories = event.get("CATEGORIES")
        category = ""
        if categories is not None:
            cats = categories if isinstance(categories, list) else [categories]
            category = ", ".join(str(c) for prop in cats for c in getattr(prop, "cats", [prop]))
        return TimeBlock(
            start, max(start, end), " ".join(str(event.get("SUMMARY", "")).split()), category, "", skip
        )
