"""The ``rolemodel audit``, ``rhythm`` and ``mbos`` commands: 003's three Monday actions.

``audit`` audits managers' time from calendars (``.ics``) or time logs, ``rhythm`` writes the
split 1:1s of a roster as an ``.ics`` calendar, ``mbos`` measures the leadership MBOs from a
roster history. Client files are read by :mod:`rolemodel._clientfile` (its flags: ``--map``,
``--id-column`` ...), files are written by :func:`rolemodel._atomic.atomic_output`. Exit
status: 0 ok, 1 some rows or managers failed, 2 usage or input-file error, 3 internal error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rolemodel._cli import EXIT_OK, EXIT_ROWS_FAILED, Subparsers, UsageError, out, parser_kwargs

__all__ = ["register_audit", "register_mbos", "register_rhythm"]

_SUFFIXES = {
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".txt": "text",
    ".ics": "ics",
}


def _output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...], default: str) -> None:
    parser.add_argument(
        "-o", "--output", metavar="OUT", default="-", help="where to write ('-' for stdout, the default)"
    )
    parser.add_argument(
        "--format", choices=formats, help=f"output format (default: from OUT's suffix; {default} for stdout)"
    )


def _format(args: argparse.Namespace, formats: tuple[str, ...], default: str) -> str:
    if args.format:
        return str(args.format)
    if args.output == "-":
        return default
    found = _SUFFIXES.get(Path(args.output).suffix.lower())
    if found not in formats:
        raise UsageError(
            f"cannot tell the format of {args.output!r} from its suffix: use --format ({', '.join(formats)})"
        )
    return found


def _write(text: str, args: argparse.Namespace, inputs: Sequence[str]) -> None:
    if args.output == "-":
        out(text)
        return
    from rolemodel._atomic import atomic_output

    with atomic_output(args.output, inputs=inputs) as stream:
        stream.write(text if text.endswith("\n") or not text else text + "\n")


def _csv(rows: list[dict[str, Any]]) -> str:
    import csv
    import io

    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return buffer.getvalue()


def _aligned(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "(nothing)"
    table = [list(rows[0])] + [["" if v is None else str(v) for v in row.values()] for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table)


def _reader_options(parser: argparse.ArgumentParser, id_help: str) -> None:
    from rolemodel._clientfile import add_reader_options

    add_reader_options(parser, id_help=id_help)


def _warn(command: str, warnings: Sequence[str]) -> None:
    for warning in warnings:
        out(f"rolemodel {command}: warning: {warning}", sys.stderr)


def _date(text: str | None, flag: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag} {text}: expected a date such as 2026-11-23") from None


def _pairs(items: Sequence[str] | None, flag: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        try:
            if not sep or not key.strip():
                raise ValueError
            found[key.strip()] = float(value)
        except ValueError:
            raise UsageError(f"{flag} {item}: expected NAME=NUMBER, e.g. {flag} retention_rate=0.8") from None
    return found


# -- audit ----------------------------------------------------------------------------------------

_AUDIT_FORMATS = ("text", "json", "markdown", "html", "csv")


def register_audit(subparsers: Subparsers) -> None:
    """``rolemodel audit``."""
    p = subparsers.add_parser(
        "audit",
        **parser_kwargs(
            "audit managers' time, management vs leadership, from calendars (.ics) or time logs",
            "rolemodel audit ana.ics\n"
            "rolemodel audit ana.ics --from 2026-11-02 --to 2026-11-29 -o ana.html\n"
            "rolemodel audit ana.ics bo.ics cy.ics -o team.csv\n"
            "rolemodel audit timelog.csv --format json\n\n"
            "A time log has columns start, end (or minutes), title, and optionally category and\n"
            "manager. One manager gives their audit; several (files, or a manager column) a team\n"
            "table. By default the range is the most recent full week (Monday to Sunday) with\n"
            "events. Exit status: 0 ok, 1 some rows or managers could not be audited, 2 usage or\n"
            "input-file error, 3 internal error.",
        ),
    )
    p.add_argument(
        "files", metavar="FILE", nargs="+", help="calendars (.ics) or time logs (.csv, .xlsx, .jsonl)"
    )
    p.add_argument(
        "--from",
        dest="start",
        metavar="DATE",
        help="the first day audited (default: the last full week with events)",
    )
    p.add_argument("--to", dest="end", metavar="DATE", help="the last day audited (inclusive)")
    p.add_argument(
        "--rules", metavar="FILE", help="your keyword rules (YAML), tried before the built-in ones"
    )
    p.add_argument(
        "--tz", metavar="ZONE", help="the audit's time zone (default: the calendar's; UTC for a log)"
    )
    p.add_argument(
        "--owner", metavar="EMAIL", help="the calendar owner's address, to leave out declined meetings"
    )
    p.add_argument("--manager", metavar="NAME", help="audit only this manager's rows of a log")
    p.add_argument("--plot", metavar="OUT.svg", help="also draw the hours per week as an SVG file")
    _output_options(p, _AUDIT_FORMATS, "text")
    _reader_options(p, "manager")
    p.set_defaults(handler=_audit)


def _audit(args: argparse.Namespace) -> int:
    from rolemodel._audit import TeamAudit, TimeAudit, audit, open_source, team_audit
    from rolemodel._calendar import LogSource, zone
    from rolemodel._clientfile import read_options
    from rolemodel._timerules import load_rules

    inputs = [*args.files, *([args.rules] if args.rules else [])]
    if args.output != "-":
        from rolemodel._atomic import refuse_inputs

        refuse_inputs(args.output, inputs)
    fmt = _format(args, _AUDIT_FORMATS, "text")
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    rules = load_rules(args.rules) if args.rules else None
    options = read_options(args)
    tz = zone(args.tz) if args.tz else None
    sources = {}
    for path in args.files:
        source = open_source(path, tz=tz, owner=args.owner or "", options=options)
        if isinstance(source, LogSource):
            _warn("audit", source.warnings)
        sources[path] = source
    single = len(sources) == 1 and args.manager is not None
    if len(sources) == 1 and not single:
        (only,) = sources.values()
        single = not isinstance(only, LogSource) or len([m for m in only.managers() if m]) <= 1
    result: TimeAudit | TeamAudit
    if single:
        (only,) = sources.values()
        result = audit(only, rules, start=start, end=end, manager=args.manager)
        failed = bool(result.errors)
    else:
        named = {Path(p).stem: s for p, s in sources.items()}
        result = team_audit(named, rules, start=start, end=end)
        failed = bool(result.errors or result.row_errors)
    if fmt == "json":
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    elif fmt == "csv":
        text = _csv(result.to_rows() if isinstance(result, TeamAudit) else TeamAudit((result,)).to_rows())
    elif fmt == "markdown":
        text = result.to_markdown()
    elif fmt == "html":
        text = result.to_html()
    else:
        text = result.to_text()
    _write(text, args, inputs)
    if args.plot:
        _plot(result, args.plot, inputs)
    if failed:
        out("rolemodel audit: some rows or managers could not be audited (listed in the output)", sys.stderr)
        return EXIT_ROWS_FAILED
    return EXIT_OK


def _plot(result: Any, target: str, inputs: Sequence[str]) -> None:
    from rolemodel._atomic import atomic_output
    from rolemodel._audit import TimeAudit

    if not target.lower().endswith(".svg"):
        raise UsageError(f"--plot {target}: expected an .svg file")
    from rolemodel._plot import _require_matplotlib

    _require_matplotlib("audit --plot")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if isinstance(result, TimeAudit):
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        result.plot(ax)
    else:
        fig, ax = plt.subplots(figsize=(6.4, 0.5 * len(result.audits) + 1.6))
        result.plot(ax)
    fig.tight_layout()
    try:
        with atomic_output(target, inputs=inputs) as stream:
            fig.savefig(stream, format="svg")
    finally:
        plt.close(fig)


# -- rhythm ---------------------------------------------------------------------------------------

_RHYTHM_FORMATS = ("ics", "text", "markdown", "html", "json", "csv")


def register_rhythm(subparsers: Subparsers) -> None:
    """``rolemodel rhythm``."""
    p = subparsers.add_parser(
        "rhythm",
        **parser_kwargs(
            "schedule the split 1:1s of a roster (a weekly pipeline review, a bi-weekly development "
            "session) as a calendar",
            "rolemodel rhythm roster.csv -o team.ics\n"
            "rolemodel rhythm roster.csv --start 2027-01-04 --hours 8-16 --format markdown\n\n"
            "The roster has columns manager and rep, and optionally email, manager_email, timezone\n"
            "(the manager's), slot and development_slot (preferred slots such as 'Tue 10:00;\n"
            "Thu 14:30'). A manager is never double-booked. Exit status: 0 ok, 1 some reps could\n"
            "not be scheduled, 2 usage or input-file error, 3 internal error.",
        ),
    )
    p.add_argument("roster", metavar="ROSTER", help="the roster (.csv, .xlsx, .jsonl)")
    p.add_argument("--start", metavar="DATE", help="the first day of the schedule (default: next Monday)")
    p.add_argument(
        "--hours", metavar="H-H", default="9-17", help="working hours for free slots (default 9-17)"
    )
    p.add_argument(
        "--days", metavar="DAYS", default="MO,TU,WE,TH,FR", help="working days (default MO,TU,WE,TH,FR)"
    )
    p.add_argument("--tz", metavar="ZONE", help="the zone of managers whose rows give none (default UTC)")
    p.add_argument("--weeks", type=int, metavar="N", help="end the series after N weeks (default: no end)")
    _output_options(p, _RHYTHM_FORMATS, "ics")
    _reader_options(p, "rep")
    p.set_defaults(handler=_rhythm)


def _rhythm(args: argparse.Namespace) -> int:
    from rolemodel._clientfile import read_options
    from rolemodel._rhythm import rhythm

    if args.output != "-":
        from rolemodel._atomic import refuse_inputs

        refuse_inputs(args.output, [args.roster])
    fmt = _format(args, _RHYTHM_FORMATS, "ics")
    lo, sep, hi = args.hours.partition("-")
    try:
        hours = (int(lo), int(hi))
        if not sep:
            raise ValueError
    except ValueError:
        raise UsageError(f"--hours {args.hours}: expected START-END hours, e.g. 9-17") from None
    result = rhythm(
        args.roster,
        _date(args.start, "--start"),
        hours=hours,
        days=args.days,
        tz=args.tz,
        weeks=args.weeks,
        options=read_options(args),
    )
    render: dict[str, Callable[[], str]] = {
        "ics": lambda: result.to_ical().decode("utf-8"),
        "markdown": result.to_markdown,
        "html": result.to_html,
        "json": lambda: json.dumps(result.to_dict(), indent=2, ensure_ascii=False),
        "csv": lambda: _csv(result.to_rows()),
        "text": lambda: _aligned(result.to_rows()),
    }
    _write(render[fmt](), args, [args.roster])
    for error in result.errors:
        out(f"rolemodel rhythm: {error}", sys.stderr)
    return EXIT_ROWS_FAILED if result.errors else EXIT_OK


# -- mbos -----------------------------------------------------------------------------------------

_MBO_FORMATS = ("text", "markdown", "html", "json", "csv")


def register_mbos(subparsers: Subparsers) -> None:
    """``rolemodel mbos``."""
    p = subparsers.add_parser(
        "mbos",
        **parser_kwargs(
            "measure each manager's leadership MBOs (rep retention, skill development, reps "
            "promoted) from a roster history",
            "rolemodel mbos history.csv --from 2026-01-01 --to 2026-12-31\n"
            "rolemodel mbos history.csv --levels 'SDR,AE,Senior AE' --target retention_rate=0.85 "
            "-o mbos.md\n\n"
            "The history has a row per rep and period: rep, manager, start, end (empty while it\n"
            "lasts), and optionally level and skill. Missing data is reported, not imputed. Exit\n"
            "status: 0 ok, 1 some rows could not be read, 2 usage or input-file error, 3 internal.",
        ),
    )
    p.add_argument("history", metavar="HISTORY", help="the roster history (.csv, .xlsx, .jsonl)")
    p.add_argument(
        "--from", dest="start", metavar="DATE", help="the period's first day (default: a year before --to)"
    )
    p.add_argument(
        "--to", dest="end", metavar="DATE", help="the period's last day (default: the history's last date)"
    )
    p.add_argument("--levels", metavar="L1,L2,...", help="text levels in order, lowest first")
    p.add_argument(
        "--target", action="append", metavar="MEASURE=N", help="your target for a measure (repeatable)"
    )
    p.add_argument(
        "--weight", action="append", metavar="NAME=W", help="weights instead of the suggested ones"
    )
    _output_options(p, _MBO_FORMATS, "text")
    _reader_options(p, "rep")
    p.set_defaults(handler=_mbos)


def _mbos(args: argparse.Namespace) -> int:
    from rolemodel._clientfile import read_options
    from rolemodel._mbos import mbos
    from rolemodel._mbos_display import mbo_text

    if args.output != "-":
        from rolemodel._atomic import refuse_inputs

        refuse_inputs(args.output, [args.history])
    fmt = _format(args, _MBO_FORMATS, "text")
    levels = [x.strip() for x in args.levels.split(",") if x.strip()] if args.levels else None
    plan = mbos(
        args.history,
        start=_date(args.start, "--from"),
        end=_date(args.end, "--to"),
        levels=levels,
        targets=_pairs(args.target, "--target") or None,
        weights=_pairs(args.weight, "--weight") or None,
        options=read_options(args),
    )
    render: dict[str, Callable[[], str]] = {
        "text": lambda: mbo_text(plan),
        "markdown": plan.to_markdown,
        "html": plan.to_html,
        "json": lambda: json.dumps(plan.to_dict(), indent=2, ensure_ascii=False),
        "csv": lambda: _csv(plan.to_rows()),
    }
    _write(render[fmt](), args, [args.history])
    return EXIT_ROWS_FAILED if plan.errors else EXIT_OK
