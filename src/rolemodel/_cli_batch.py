"""The ``rolemodel batch`` command: a client table in, results out.

``batch`` scores every company of a CSV and writes the rows back with their results (CSV,
JSON, JSON Lines, or a Markdown/HTML portfolio report), block by block. The output helpers
here (:func:`add_output_options`, :func:`output_format`, :func:`input_paths`) serve the other
commands that write files (``report`` in :mod:`rolemodel._cli_report`).
Reading, scoring and writing the table is :mod:`rolemodel._csvio`'s job, writing a file
:mod:`rolemodel._atomic`'s (whole or not at all, never onto an input); this module reads the
command line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rolemodel._atomic import atomic_output, refuse_inputs
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
from rolemodel._clientfile import add_reader_options

if TYPE_CHECKING:
    from rolemodel._csvio import Style

__all__ = [
    "add_output_options",
    "add_writer_options",
    "input_paths",
    "output_format",
    "register_batch",
    "writer_style",
]

_FORMATS = {
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


def add_output_options(
    parser: argparse.ArgumentParser, formats: tuple[str, ...], suffixes: str, what: str
) -> None:
    """``-o/--output OUT`` (default stdout) and ``--format`` (default: from OUT's suffix)."""
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        default="-",
        help=f"where to write: {suffixes} ('-' for stdout, the default)",
    )
    parser.add_argument(
        "--format",
        choices=formats,
        help=f"{what} format (default: from OUT's suffix; {formats[0]} for stdout)",
    )


def output_format(output: str, given: str | None) -> str:
    if given:
        return given
    if output == "-":
        return "csv"
    suffix = Path(output).suffix.lower()
    if suffix not in _FORMATS:
        raise UsageError(
            f"cannot tell the format of {output!r} from its suffix: use .csv, .json, .jsonl, .md "
            "or .html, or --format"
        )
    return _FORMATS[suffix]


# -- batch --------------------------------------------------------------------------------------


def register_batch(subparsers: Subparsers) -> None:
    """``rolemodel batch``."""
    p = subparsers.add_parser(
        "batch",
        **parser_kwargs(
            "score every company of a client file (CSV, JSON Lines or Excel), one row each",
            "rolemodel batch portfolio.csv -o scored.csv\n"
            "rolemodel batch clients.xlsx -o scored.csv --excel\n"
            "rolemodel batch export.csv --delimiter ';' --decimal , --encoding cp1252 -o scored.csv\n"
            "rolemodel batch clients.csv --map 'Staff=company_size' --map 'Sellers=team_size' -o out.json\n"
            "cat portfolio.csv | rolemodel batch - -o - --format json\n\n"
            "The file has a header row naming the factors, as people write them: any case and\n"
            "punctuation, or a synonym (Employees, Headcount -> company_size; Sales reps ->\n"
            "team_size; Volatility -> market_change; Regulated? -> regulation; see the factor\n"
            "catalogue), or mapped with --map/--map-file. Values as people write them too: 300,\n"
            "5,000, 0.7, 80%, low/medium/high, yes/no/partly. Other columns are carried through;\n"
            "one that reads like a misspelt factor gets a warning (--strict-columns: an error).\n"
            "Each row comes back with its own columns plus role, confidence, staffing,\n"
            "staffing_confidence, the six scores (score_management ... score_converged), dissent,\n"
            "staffing_dissent, reason and staffing_reason (why there is no answer, when every\n"
            "framework abstains), top_reason (the strongest cited rule behind the role), one\n"
            "verdict_<framework id> per framework (empty where it abstains) and error (a bad row:\n"
            "its line number and every bad field). An input column named like a result column\n"
            "comes back as input_<name>. OUT is written whole or not at all, never onto IN.\n"
            "Exit status: 0 all rows scored, 1 some rows failed, 2 usage or input-file error,\n"
            "3 internal error.",
        ),
    )
    p.add_argument(
        "input", metavar="IN", help="the client file to score: CSV, JSON Lines or Excel .xlsx ('-': stdin)"
    )
    add_output_options(
        p, ("csv", "json", "jsonl", "markdown", "html"), ".csv, .json, .jsonl, .md or .html", "output"
    )
    add_writer_options(p)
    add_reader_options(p)
    p.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (it shows on long batches when stderr is a terminal)",
    )
    add_framework_options(p)
    p.set_defaults(handler=_batch)


def add_writer_options(parser: argparse.ArgumentParser) -> None:
    """``--digits`` and ``--excel``: results written for a person (see :class:`rolemodel._csvio.Style`)."""
    parser.add_argument(
        "--digits", type=int, default=4, metavar="N", help="decimals of scores and confidences (default 4)"
    )
    parser.add_argument(
        "--excel",
        action="store_true",
        help="CSV for Excel: a byte-order mark (accents survive), and text cells that a spreadsheet "
        "would run as a formula (=, +, -, @) neutralised with a leading '",
    )


def writer_style(args: argparse.Namespace) -> Style:
    """The :class:`~rolemodel._csvio.Style` the flags of :func:`add_writer_options` give."""
    from rolemodel._csvio import Style

    digits = getattr(args, "digits", 4)
    if not 0 <= digits <= 15:
        raise UsageError(f"--digits {digits}: expected 0 to 15")
    return Style(digits=digits, excel=bool(getattr(args, "excel", False)))


def input_paths(args: argparse.Namespace) -> list[str]:
    """The files this command reads: its CSV and its framework files (never to be written)."""
    files = [args.input] if getattr(args, "input", None) else []
    for spec in getattr(args, "framework", None) or ():
        path = Path(spec)
        if path.is_dir():
            files += [str(p) for p in sorted(path.glob("*.y*ml"))]
        elif path.exists():
            files.append(spec)
    return files


def _batch(args: argparse.Namespace) -> int:
    from rolemodel._api import choose_frameworks
    from rolemodel._clientfile import factor_columns, open_client_file, read_options
    from rolemodel._csvio import batch_columns, count_rows, input_names, score_blocks, write_rows

    fmt = output_format(args.output, args.format)
    inputs = input_paths(args)
    refuse_inputs(args.output, inputs)
    weights = chosen_weights(args)
    style = writer_style(args)
    frameworks, _ = choose_frameworks(chosen_frameworks(args), weights, "batch")
    with open_client_file(args.input, factor_columns(), read_options(args)) as table:
        for warning in table.warnings:
            out(f"rolemodel batch: warning: {warning}", sys.stderr)
        names = table.names
        renamed = [f"{a} as {b}" for a, b in zip(names, input_names(names), strict=True) if a != b]
        if renamed:
            out(
                "rolemodel batch: note: input column(s) named like result columns kept as "
                + ", ".join(renamed),
                sys.stderr,
            )
        progress = not args.no_progress and sys.stderr.isatty() and table.format == "csv"
        blocks = score_blocks(
            table,
            frameworks=frameworks,
            weights=weights,
            progress=progress,
            total=count_rows(args.input) if progress else None,
            digits=style.digits,
        )
        columns = batch_columns(names, frameworks)
        if args.output == "-":
            rows, failed = write_rows(blocks, columns, fmt, sys.stdout, style, table.id_column)
        else:
            with atomic_output(args.output, inputs=inputs) as stream:
                rows, failed = write_rows(blocks, columns, fmt, stream, style, table.id_column)
    if failed:
        out(f"rolemodel batch: {failed} of {rows} row(s) could not be scored", sys.stderr)
        return EXIT_ROWS_FAILED
    return EXIT_OK
