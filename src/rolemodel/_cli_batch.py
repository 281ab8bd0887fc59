"""The ``rolemodel batch`` and ``rolemodel report`` commands: a client table in, results out.

``batch`` scores every company of a CSV and writes the rows back with their results (CSV,
JSON, or a Markdown/HTML portfolio report); ``report`` writes a client report for the company
its factor flags describe, or a portfolio report for a CSV. Reading, scoring and writing the
table is :mod:`rolemodel._csvio`'s job; this module reads the command line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rolemodel._cli import (
    EXIT_OK,
    EXIT_ROWS_FAILED,
    Subparsers,
    UsageError,
    add_factor_options,
    add_framework_options,
    chosen_frameworks,
    chosen_weights,
    factors_from,
    out,
    parser_kwargs,
    recommend_from,
)
from rolemodel._csvio import batch_columns, read_table, render_rows, score_rows, write_output

__all__ = ["register_batch", "register_report"]

_FORMATS = {
    ".csv": "csv",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


def _add_output_options(
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


def _output_format(output: str, given: str | None) -> str:
    if given:
        return given
    if output == "-":
        return "csv"
    suffix = Path(output).suffix.lower()
    if suffix not in _FORMATS:
        raise UsageError(
            f"cannot tell the format of {output!r} from its suffix: use .csv, .json, .md or "
            ".html, or --format"
        )
    return _FORMATS[suffix]


# -- batch --------------------------------------------------------------------------------------


def register_batch(subparsers: Subparsers) -> None:
    """``rolemodel batch``."""
    p = subparsers.add_parser(
        "batch",
        **parser_kwargs(
            "score every company of a CSV file, one row each",
            "rolemodel batch portfolio.csv -o scored.csv\n"
            "rolemodel batch portfolio.csv -o portfolio.html\n"
            "cat portfolio.csv | rolemodel batch - -o - --format json\n\n"
            "The CSV has a header row naming the factors (company_size, team_size, market_change,\n"
            "regulation, and any optional ones); other columns are carried through. Each row comes\n"
            "back with its own columns plus role, confidence, staffing, staffing_confidence, the\n"
            "six scores (score_management ... score_converged), dissent, staffing_dissent, reason\n"
            "and staffing_reason (why there is no answer, when every framework abstains), one\n"
            "verdict_<framework id> per framework (empty where it abstains) and error (a bad row:\n"
            "its line number and what is wrong).\n"
            "Exit status: 0 all rows scored, 1 some rows failed, 2 usage error.",
        ),
    )
    p.add_argument("input", metavar="IN.csv", help="the CSV file to score ('-' for stdin)")
    _add_output_options(p, ("csv", "json", "markdown", "html"), ".csv, .json, .md or .html", "output")
    p.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (it shows on long batches when stderr is a terminal)",
    )
    add_framework_options(p)
    p.set_defaults(handler=_batch)


def _batch(args: argparse.Namespace) -> int:
    from rolemodel._api import choose_frameworks

    fmt = _output_format(args.output, args.format)
    weights = chosen_weights(args)
    frameworks, _ = choose_frameworks(chosen_frameworks(args), weights, "batch")
    header, rows = read_table(args.input)
    scored = score_rows(header, rows, frameworks=frameworks, weights=weights, progress=not args.no_progress)
    columns = batch_columns(header, frameworks)
    write_output(render_rows(scored, columns, fmt), args.output)
    failed = sum(1 for r in scored if r["error"] is not None)
    if failed:
        out(f"rolemodel batch: {failed} of {len(scored)} row(s) could not be scored", sys.stderr)
        return EXIT_ROWS_FAILED
    return EXIT_OK


# -- report -------------------------------------------------------------------------------------


def register_report(subparsers: Subparsers) -> None:
    """``rolemodel report``."""
    p = subparsers.add_parser(
        "report",
        **parser_kwargs(
            "write a client report for one company, or a portfolio report for a CSV of them",
            "rolemodel report --company-size 300 --team-size 25 --market-change high "
            "--regulation low -o acme.html\n"
            "rolemodel report portfolio.csv -o portfolio.md",
        ),
    )
    p.add_argument(
        "input",
        metavar="IN.csv",
        nargs="?",
        help="a CSV of companies for a portfolio report ('-' for stdin); "
        "without it, the factor flags describe one company",
    )
    _add_output_options(p, ("markdown", "html"), ".md or .html", "report")
    add_factor_options(p, required=False)
    add_framework_options(p)
    p.set_defaults(handler=_report)


def _report(args: argparse.Namespace) -> int:
    fmt = _output_format(args.output, args.format) if args.output != "-" else (args.format or "markdown")
    if fmt not in ("markdown", "html"):
        raise UsageError(f"a report is Markdown (.md) or HTML (.html), not {fmt}")
    from rolemodel import _report as report

    if args.input is None:
        write_output(report.client_report(recommend_from(args), fmt), args.output)
        return EXIT_OK
    given = factors_from(args)
    if given:
        raise UsageError(f"give either IN.csv or factor flags, not both ({', '.join(given)})")
    header, rows = read_table(args.input)
    scored = score_rows(header, rows, frameworks=chosen_frameworks(args), weights=chosen_weights(args))
    write_output(report.portfolio_report(scored, fmt), args.output)
    return EXIT_ROWS_FAILED if any(r["error"] is not None for r in scored) else EXIT_OK
