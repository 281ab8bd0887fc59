"""The ``rolemodel path`` command: a company's growth path, from a trajectory file or a plan.

``rolemodel path trajectory.csv`` reads a trajectory (one period a row: a ``period`` column, or
``year``, ``date``, ``quarter``..., and the factors) through the one client-file reader
(:mod:`rolemodel._clientfile`: CSV, JSON Lines, ``.xlsx``, ``--map`` and the other reading
flags); ``rolemodel path --profile client.yaml --to-company-size 1000 --years 5`` projects one
from a client's profile file (:mod:`rolemodel._growth_plan`). Either way it writes the path as
text, CSV or JSON Lines (one row per period, by :func:`rolemodel._csvio.write_rows`), JSON,
Markdown, HTML or a Mermaid state diagram, atomically (:mod:`rolemodel._atomic`). A row that
is no company is reported on stderr with its line and left out of the path, and the exit
status is 1; the others are as for every command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rolemodel._cli import (
    EXIT_OK,
    EXIT_ROWS_FAILED,
    Subparsers,
    UsageError,
    add_framework_options,
    chosen_frameworks,
    chosen_weights,
    out,
    parser_kwargs,
)

if TYPE_CHECKING:
    from rolemodel._growth import GrowthPath

__all__ = ["FORMATS", "register_path", "render_path"]

#: The output formats, by the suffix of ``-o`` (text on stdout by default).
FORMATS = {
    ".txt": "text",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".mmd": "mermaid",
}


def register_path(subparsers: Subparsers) -> None:
    """``rolemodel path``."""
    from rolemodel._clientfile import add_reader_options

    p = subparsers.add_parser(
        "path",
        **parser_kwargs(
            "show the sales organisation the articles prescribe as a company grows, period by "
            "period, and when to change it",
            "rolemodel path trajectory.csv -o path.html\n"
            "rolemodel path --profile client.yaml --to-company-size 1000 --years 5 --growth compound\n"
            "rolemodel path --profile client.yaml --sizes 50,150,500 -o path.md\n\n"
            "A trajectory file has one period a row: a period column (period, year, date, quarter,\n"
            "month, time, step or when) and the factors (company_size, team_size, market_change,\n"
            "regulation, and any optional ones). A row that is no company is reported with its\n"
            "line and left out. Exit status: 0 every period read, 1 some rows failed, 2 usage or\n"
            "input-file error, 3 internal error.",
        ),
    )
    p.add_argument("input", metavar="TRAJECTORY", nargs="?", help="a CSV, JSON Lines or .xlsx trajectory")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        default="-",
        help="where to write: .txt, .csv, .jsonl (one row a period), .json, .md, .html or .mmd",
    )
    p.add_argument(
        "--format",
        choices=sorted(set(FORMATS.values())),
        help="output format (default: from OUT's suffix; text on stdout)",
    )
    p.add_argument("--name", help="the client's name, for the report's title")
    plan = p.add_argument_group("planning from a profile (instead of TRAJECTORY)")
    plan.add_argument("--profile", metavar="FILE", help="the client's profile, YAML or JSON")
    plan.add_argument("--to-company-size", type=int, metavar="N", help="the company size to grow to")
    plan.add_argument("--years", type=float, metavar="Y", help="over how many years")
    plan.add_argument(
        "--growth",
        choices=("linear", "compound", "exponential"),
        default="linear",
        help="the growth curve: the same number of people each period (linear, the default) or the "
        "same percentage (compound)",
    )
    plan.add_argument("--rate", type=float, metavar="R", help="compound yearly growth, e.g. 0.3 for 30%%")
    plan.add_argument("--sizes", metavar="N,N,...", help="one period at each of these company sizes")
    plan.add_argument(
        "--to-team-size", type=int, metavar="N", help="the sales team to grow to (default: in step)"
    )
    plan.add_argument(
        "--steps-per-year", type=int, default=1, choices=(1, 2, 4, 12), help="periods a year (default 1)"
    )
    plan.add_argument(
        "--start", type=float, default=0, metavar="YEAR", help="the first period's label (default 0)"
    )
    add_reader_options(p, id_help="period, year, date or quarter")
    add_framework_options(p)
    p.set_defaults(handler=_path)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output == "-":
        return "text"
    suffix = Path(args.output).suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(
            f"cannot tell the format of {args.output!r} from its suffix: use "
            + ", ".join(FORMATS)
            + ", or --format"
        )
    return FORMATS[suffix]


def render_path(path: GrowthPath, fmt: str) -> str:
    """The growth path written in ``fmt`` (one of :data:`FORMATS`' values)."""
    if fmt == "json":
        import json

        return json.dumps(path.to_dict(), indent=2, ensure_ascii=False)
    if fmt in ("csv", "jsonl"):
        import io

        from rolemodel._csvio import write_rows

        rows = path.to_rows()
        buffer = io.StringIO()
        write_rows([rows], list(rows[0]), fmt, buffer)  # the client-file writer: rounding, quoting
        return buffer.getvalue()
    if fmt == "markdown":
        return path.to_markdown()
    if fmt == "html":
        return path.to_html()
    if fmt == "mermaid":
        return path.to_mermaid()
    return str(path)


def _plan_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    given: dict[str, Any] = {}
    if args.sizes is not None:
        try:
            given["sizes"] = [int(s) for s in args.sizes.replace(" ", "").split(",") if s]
        except ValueError:
            raise UsageError(f"--sizes {args.sizes}: expected company sizes, e.g. 50,150,500") from None
    for flag in ("to_company_size", "years", "rate", "to_team_size"):
        value = getattr(args, flag)
        if value is not None:
            given[flag] = value
    if args.sizes is None:
        given.update(growth=args.growth, steps_per_year=args.steps_per_year, start=args.start)
    elif args.growth != "linear" or args.steps_per_year != 1 or args.start != 0:
        raise UsageError("--sizes takes no --growth, --steps-per-year or --start")
    return given


def _path(args: argparse.Namespace) -> int:
    from rolemodel._atomic import atomic_output, refuse_inputs
    from rolemodel._cli_batch import input_paths

    fmt = _format(args)
    planning = [
        f
        for f in ("to_company_size", "years", "rate", "sizes", "to_team_size")
        if getattr(args, f) is not None
    ]
    if args.input is not None and args.profile is not None:
        raise UsageError("give either TRAJECTORY or --profile, not both")
    if args.input is None and args.profile is None:
        raise UsageError(
            "expected a TRAJECTORY file, or --profile with --to-company-size and --years (or --sizes)"
        )
    if args.input is not None and planning:
        raise UsageError(
            f"--{planning[0].replace('_', '-')} plans from --profile; a TRAJECTORY is given as it is"
        )
    inputs = input_paths(args) + ([args.profile] if args.profile else [])
    if any("\x00" in name for name in (*inputs, args.output)):
        raise UsageError("a file name holds no NUL character")
    refuse_inputs(args.output, inputs)
    frameworks, weights = chosen_frameworks(args), chosen_weights(args)
    failed = 0
    if args.profile is not None:
        from rolemodel._clientfile import read_profile_file
        from rolemodel._growth_plan import plan

        name, factors = read_profile_file(args.profile)
        path = plan(
            factors,
            frameworks=frameworks,
            weights=weights,
            name=args.name or name or "",
            **_plan_kwargs(args),
        )
    else:
        read, failed = _from_file(args, frameworks, weights)
        if read is None:
            out("rolemodel path: no period could be read: nothing written", sys.stderr)
            return EXIT_ROWS_FAILED
        path = read
    text = render_path(path, fmt)
    if args.output == "-":
        out(text)
    else:
        with atomic_output(args.output, inputs=inputs) as stream:
            stream.write(text if text.endswith("\n") else text + "\n")
    if failed:
        out(f"rolemodel path: {failed} row(s) could not be read and were left out", sys.stderr)
        return EXIT_ROWS_FAILED
    return EXIT_OK


def _from_file(args: argparse.Namespace, frameworks: Any, weights: Any) -> tuple[GrowthPath | None, int]:
    """The growth path of the trajectory file, and how many of its rows failed (each reported)."""
    from rolemodel._clientfile import open_client_file, read_options
    from rolemodel._growth_build import build, evaluate
    from rolemodel._growth_input import file_periods, reader_columns

    with open_client_file(args.input, reader_columns(), read_options(args), id_default=("period",)) as table:
        for warning in table.warnings:
            out(f"rolemodel path: warning: {warning}", sys.stderr)
        periods, bad = evaluate(file_periods(table), frameworks, weights, collect=True)
    for raw, message in bad:
        line = f"line {raw.line}: " if raw.line is not None and f"(line {raw.line})" not in message else ""
        out(f"rolemodel path: {line}{message}", sys.stderr)
    if not periods:
        return None, len(bad)
    return build(periods, name=args.name or ""), len(bad)
