"""003's "Management vs. Leadership" time audit of a manager's calendar or time log.

:func:`audit` reads one manager's time (an ``.ics`` export, a time log, or rows), classes every
block as management or leadership time by its category or by the keyword rules of
:mod:`rolemodel._timerules`, and returns a :class:`TimeAudit`: the shares of all audited time
(management, leadership, unclassified: they sum to 1), the leadership share of the classified
time and the verdict (below the threshold, 50% after 003, the team is *under-led*), the same per
week, the count of 30-minute blocks 003 asks for, the unclassified titles and the blocks left
out (all-day, declined, cancelled), never dropped silently. :func:`team_audit` does it for many
managers (one file each, or one log with a manager column) as a :class:`TeamAudit` table.

**Counting.** A block counts its time inside the audited range; overlapping blocks each count
in full (the audit measures booked time). The audited range is ``[start 00:00, end + 1 day
00:00)`` in the audit's time zone; by default the most recent Monday-to-Sunday week that has
ended and has events (003 asks for one week), or, when every event lies ahead, the first week
with events. The 30-minute blocks are the half hours of the range (from local midnight) that
some block touches, each given to the bucket with the most minutes in it (ties: management,
then leadership, then unclassified).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from rolemodel._audit_result import KINDS, MAX_RANGE_DAYS, Entry, TeamAudit, TimeAudit, Week
from rolemodel._calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_OCCURRENCES,
    IcsSource,
    LogSource,
    TimeBlock,
    monday,
    read_ics_bytes,
    zone,
    zone_name,
)
from rolemodel._errors import RoleModelError
from rolemodel._timerules import TimeRules, rules_from

__all__ = ["KINDS", "Entry", "TeamAudit", "TimeAudit", "Week", "audit", "open_source", "team_audit"]

_WEEK = dt.timedelta(days=7)
#: How far the default week is looked for, back from today (and ahead, when every event lies
#: ahead): ten years, the library's bound; give ``start``/``end`` for anything older.
LOOKBACK = dt.timedelta(days=3653)

# -- reading the argument -------------------------------------------------------------------------


Source = IcsSource | LogSource


def _is_ics_text(value: str | bytes) -> bool:
    head = value[:4096].lstrip()
    return (
        head.upper().startswith(b"BEGIN:VCALENDAR")
        if isinstance(head, bytes)
        else head.upper().startswith("BEGIN:VCALENDAR")
    )


def open_source(
    calendar: Any, *, tz: str | dt.tzinfo | None = None, owner: str = "", options: Any = None
) -> Source:
    """A source of time blocks from what :func:`audit` was given (see there)."""
    if isinstance(calendar, IcsSource | LogSource):
        return calendar
    if isinstance(calendar, bytes | bytearray):
        return IcsSource(bytes(calendar), "<calendar>", tz=tz, owner=owner)
    if isinstance(calendar, str) and _is_ics_text(calendar):
        return IcsSource(calendar, "<calendar>", tz=tz, owner=owner)
    if isinstance(calendar, str | os.PathLike):
        path = Path(calendar)
        if path.suffix.lower() in (".ics", ".ical", ".ifb", ".icalendar"):
            try:
                data = read_ics_bytes(path)
            except OSError as exc:
                raise RoleModelError(f"{path}: {exc.strerror or exc}") from None
            return IcsSource(data, path.name, tz=tz, owner=owner)
        from rolemodel._timelog import read_log

        return read_log(path, zone(tz), options)
    if type(calendar).__name__ == "Calendar" and hasattr(calendar, "walk"):
        return IcsSource(calendar, "<calendar>", tz=tz, owner=owner)
    if hasattr(calendar, "to_dict") and hasattr(calendar, "columns"):  # a pandas DataFrame
        calendar = calendar.to_dict("records")
    if isinstance(calendar, Iterable) and not isinstance(calendar, str | Mapping):
        from rolemodel._timelog import LOG_COLUMNS, column_names

        names = column_names(LOG_COLUMNS)
        rows = []
        for i, row in enumerate(calendar, start=1):
            if i > MAX_OCCURRENCES:
                raise RoleModelError(f"<rows>: more than {MAX_OCCURRENCES:,} rows (MAX_OCCURRENCES)")
            if not isinstance(row, Mapping):
                raise RoleModelError(
                    f"row {i}: expected a mapping of column to value, found {type(row).__name__}"
                )
            rows.append((i, {names(str(k)): v for k, v in row.items()}, None))
        return LogSource(rows, zone(tz), "<rows>")
    raise RoleModelError(
        "calendar: expected an .ics file, a time log (.csv, .xlsx, .jsonl), iCalendar text or bytes, "
        f"or rows of start/end/title, found {type(calendar).__name__}"
    )


def _stem(name: str) -> str:
    """A file's name without folder and suffix, ``""`` for what is no file (``<rows>``)."""
    return "" if name.startswith("<") else Path(name).stem


def _day(value: Any, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise RoleModelError(f"{what}: expected a date such as 2026-11-23, found {value!r}") from None


def _default_week(source: Source, manager: str | None, today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = source.tz
    cutoff = dt.datetime.combine(today - dt.timedelta(days=today.weekday()), dt.time(), tz)
    starts = source.starts(manager)
    if not starts:
        errors = source.errors
        unread = f" ({len(errors)} could not be read; the first: {errors[0]})" if errors else ""
        raise RoleModelError(f"{source.name}: no events to audit{unread}")
    first = monday(starts[0], tz)
    last: dt.datetime | None = None
    if isinstance(source, LogSource):
        before = [s for s in starts if s < cutoff]
        last = before[-1] if before else None
    else:  # windows doubling back from the cutoff: a week, two, four ... (each bounded)
        hi, span = cutoff, _WEEK
        while last is None and hi > max(first, cutoff - LOOKBACK):
            lo = max(first, hi - span)
            last = source.last_start_before(lo, hi)
            hi, span = lo, min(span * 2, dt.timedelta(weeks=52))
    if last is None:  # every event lies ahead: the first week with one, forward the same way
        lo, span = max(first, cutoff), _WEEK
        while last is None and lo < max(first, cutoff) + LOOKBACK:
            ahead = source.between(lo, lo + span, manager)
            last = min((b.start for b in ahead if not b.skip and b.start >= lo), default=None)
            lo, span = lo + span, min(span * 2, dt.timedelta(weeks=52))
        if last is None:
            last = starts[0]
    week = monday(last, tz)
    return week, week + _WEEK


def _window(
    start: Any, end: Any, source: Source, manager: str | None, today: dt.date | None
) -> tuple[dt.datetime, dt.datetime]:
    tz = source.tz
    if start is None and end is None:
        return _default_week(source, manager, today or dt.date.today())
    if start is None or end is None:
        first = _day(start if start is not None else end, "from" if start is not None else "to")
        day = first - dt.timedelta(days=first.weekday())
        lo_day, hi_day = (first, day + dt.timedelta(days=6)) if start is not None else (day, first)
    else:
        lo_day, hi_day = _day(start, "from"), _day(end, "to")
    if hi_day < lo_day:
        raise RoleModelError(f"to: {hi_day} is before from: {lo_day}")
    for what, day in (("from", lo_day), ("to", hi_day)):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise RoleModelError(f"{what}: expected a year from {FIRST_YEAR} to {LAST_YEAR}, found {day}")
    if (hi_day - lo_day).days + 1 > MAX_RANGE_DAYS:
        raise RoleModelError(
            f"from/to: at most {MAX_RANGE_DAYS} days in one audit, found {(hi_day - lo_day).days + 1}"
        )
    return dt.datetime.combine(lo_day, dt.time(), tz), dt.datetime.combine(
        hi_day + dt.timedelta(days=1), dt.time(), tz
    )


# -- the audit --------------------------------------------------------------------------------------


def _clip(block: TimeBlock, lo: dt.datetime, hi: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    return max(block.start, lo), min(block.end, hi)


def _minutes(a: dt.datetime, b: dt.datetime) -> float:
    return max(0.0, (b - a).total_seconds() / 60)


def _half_hours(spans: Sequence[tuple[dt.datetime, dt.datetime, int]], lo: dt.datetime) -> list[int]:
    """The 30-minute blocks by kind: each half hour (from ``lo``) that some span touches goes
    to the kind with the most minutes in it. A sweep over the spans' edges: between two edges
    the active kinds are constant, so the half hours wholly inside go to one kind at once."""
    edges = sorted((t, step, kind) for a, b, kind in spans if b > a for t, step in ((a, 1), (b, -1)))
    counts = [0, 0, 0]
    partial: dict[int, list[float]] = {}

    def best(minutes: Sequence[float]) -> int:
        return max(range(3), key=lambda k: (minutes[k], -k))

    def add(slot: int, seconds: float, active: Sequence[int]) -> None:
        acc = partial.setdefault(slot, [0.0, 0.0, 0.0])
        for k in range(3):
            acc[k] += active[k] * seconds

    active = [0, 0, 0]
    previous: dt.datetime | None = None
    for at, step, kind in edges:
        if previous is not None and at > previous and any(active):
            a, b = (previous - lo).total_seconds(), (at - lo).total_seconds()
            first, last = int(a // 1800), int(-(-b // 1800)) - 1
            if first == last:
                add(first, b - a, active)
            else:
                add(first, (first + 1) * 1800 - a, active)
                add(last, b - last * 1800, active)
                counts[best(active)] += max(0, last - first - 1)
        active[kind] += step
        previous = at
    for minutes in partial.values():
        counts[best(minutes)] += 1
    return counts


def _entries(groups: Mapping[tuple[str, str], list[float]]) -> tuple[Entry, ...]:
    entries = [Entry(t or "(untitled)", m, int(c), n) for (t, n), (m, c) in groups.items()]
    return tuple(sorted(entries, key=lambda e: (-e.minutes, e.title, e.note)))


def audit(
    calendar: Any,
    rules: TimeRules | str | os.PathLike[str] | None = None,
    *,
    start: Any = None,
    end: Any = None,
    tz: str | dt.tzinfo | None = None,
    owner: str = "",
    manager: str | None = None,
    today: dt.date | None = None,
) -> TimeAudit:
    """003's time audit of one manager's time.

    ``calendar`` is an ``.ics`` file's path (or its text or bytes, or an
    ``icalendar.Calendar``), a time log's path (``.csv``, ``.tsv``, ``.xlsx``, ``.jsonl``: columns
    ``start``, ``end`` or ``minutes``, ``title``, optional ``category`` and ``manager``), or rows
    (mappings, or a pandas DataFrame) with those columns. ``rules`` is ``None`` for the built-in
    rules (003's buckets), a rules file's path or :class:`~rolemodel._timerules.TimeRules`.

    ``start`` and ``end`` (dates, inclusive) choose the range; by default the most recent full
    week with events. ``tz`` is the audit's time zone (weeks, days, times with no zone); by
    default the calendar's own (``X-WR-TIMEZONE``, else its events' most common zone), UTC for
    a log. ``owner`` is the calendar owner's e-mail, to find the meetings they declined.
    ``manager`` picks one manager's rows from a log that names several. ``today`` is the
    day the default week is counted back from.
    """
    chosen = rules_from(rules)
    source = open_source(calendar, tz=tz, owner=owner)
    if isinstance(source, LogSource) and manager is None:
        names = [m for m in source.managers() if m]
        if len(names) > 1:
            raise RoleModelError(
                f"{source.name}: the log holds {len(names)} managers ({', '.join(names[:5])}"
                f"{', ...' if len(names) > 5 else ''}): pass manager= or use rolemodel.team_audit"
            )
    return _audit(
        source,
        chosen,
        start,
        end,
        manager,
        today,
        name=manager or getattr(source, "owner", "") or _stem(source.name),
    )


def _audit(
    source: Source,
    rules: TimeRules,
    start: Any,
    end: Any,
    manager: str | None,
    today: dt.date | None,
    name: str,
) -> TimeAudit:
    lo, hi = _window(start, end, source, manager, today)
    tz = source.tz
    blocks = source.between(lo, hi, manager)
    minutes = [0.0, 0.0, 0.0]
    by_rule: dict[tuple[str, str], list[float]] = {}
    unclassified: dict[tuple[str, str], list[float]] = {}
    skipped: dict[tuple[str, str], list[float]] = {}
    spans: list[tuple[dt.datetime, dt.datetime, int]] = []
    weeks: dict[dt.date, list[float]] = {}
    week = lo
    while week < hi:
        weeks[monday(week, tz).date()] = [0.0, 0.0, 0.0]
        week = monday(week, tz) + _WEEK
    for block in blocks:
        a, b = _clip(block, lo, hi)
        length = _minutes(a, b)
        if block.skip:
            entry = skipped.setdefault((block.title, block.skip), [0.0, 0])
            entry[0] += length
            entry[1] += 1
            continue
        found = rules.classify(block.title, block.category)
        kind = KINDS.index(found.bucket) if found.bucket else 2
        minutes[kind] += length
        spans.append((a, b, kind))
        if found.bucket:
            key = (found.bucket, found.rule)
            group = by_rule
        else:
            key = (block.title, f"ambiguous: {found.rule}" if found.ambiguous else "")
            group = unclassified
        entry = group.setdefault(key, [0.0, 0])
        entry[0] += length
        entry[1] += 1
        day = monday(a, tz)
        while day < b:
            nxt = day + _WEEK
            part = _minutes(max(a, day), min(b, nxt))
            weeks.setdefault(day.date(), [0.0, 0.0, 0.0])[kind] += part
            day = nxt
    if sum(minutes) <= 0:
        left = (
            f" ({sum(int(c) for _, c in skipped.values())} left out: all-day, declined or cancelled)"
            if skipped
            else ""
        )
        raise RoleModelError(
            f"{source.name}: no timed events to audit from {lo.date()} to "
            f"{(hi - dt.timedelta(days=1)).date()}{left}"
            + (
                f"; {len(source.errors)} could not be read, the first: {source.errors[0]}"
                if source.errors
                else ""
            )
        )
    half = _half_hours(spans, lo)
    errors = tuple(source.errors)
    return TimeAudit(
        manager=name,
        source=source.name,
        start=lo.date(),
        end=(hi - dt.timedelta(days=1)).date(),
        timezone=zone_name(tz),
        management_minutes=minutes[0],
        leadership_minutes=minutes[1],
        unclassified_minutes=minutes[2],
        blocks=dict(zip(KINDS, half, strict=True)),
        weeks=tuple(Week(d, *v) for d, v in sorted(weeks.items())),
        rules=tuple(
            sorted(
                (Entry(rule, m, int(c), bucket) for (bucket, rule), (m, c) in by_rule.items()),
                key=lambda e: (KINDS.index(e.note), -e.minutes, e.title),
            )
        ),
        unclassified=_entries(unclassified),
        skipped=_entries(skipped),
        errors=errors,
        threshold=rules.threshold,
        threshold_basis=rules.threshold_basis,
        threshold_quote=rules.threshold_quote,
        threshold_source=rules.source,
    )


def team_audit(
    calendars: Any,
    rules: TimeRules | str | os.PathLike[str] | None = None,
    *,
    start: Any = None,
    end: Any = None,
    tz: str | dt.tzinfo | None = None,
    today: dt.date | None = None,
) -> TeamAudit:
    """Audits of many managers: ``calendars`` maps a manager to a calendar (anything
    :func:`audit` takes), or is a list of files (a manager each, named by the file's stem),
    or one log (file or rows) with a ``manager`` column. A manager whose time cannot be
    audited gets an error in :attr:`TeamAudit.errors`; the others are still audited."""
    chosen = rules_from(rules)
    audits: list[TimeAudit] = []
    errors: list[tuple[str, str]] = []
    row_errors: list[str] = []
    if isinstance(calendars, Mapping):
        named = [(str(k), v) for k, v in calendars.items()]
    elif isinstance(calendars, str | os.PathLike) and not (
        isinstance(calendars, str) and _is_ics_text(calendars)
    ):
        named = [("", calendars)]
    elif (
        isinstance(calendars, Sequence)
        and calendars
        and all(isinstance(c, str | os.PathLike) for c in calendars)
    ):
        named = [(Path(c).stem, c) for c in calendars]
    else:
        named = [("", calendars)]
    for name, calendar in named:
        try:
            source = open_source(calendar, tz=tz)
        except RoleModelError as exc:
            errors.append((name or str(calendar), str(exc)))
            continue
        managers = [m for m in source.managers() if m] if isinstance(source, LogSource) else []
        managers_named: list[tuple[str, str | None]]
        if not managers:
            managers_named = [(name or getattr(source, "owner", "") or Path(source.name).stem, None)]
        else:
            managers_named = [(m, m) for m in managers]
        row_errors += [f"{source.name}: {e}" for e in source.errors]
        for shown, pick in managers_named:
            try:
                found = _audit(source, chosen, start, end, pick, today, name=shown)
            except RoleModelError as exc:
                errors.append((shown, str(exc)))
            else:
                audits.append(attrs.evolve(found, errors=()))
    return TeamAudit(tuple(audits), tuple(errors), tuple(row_errors))
