"""The ``rolemodel report`` command: a client report for one company, or a portfolio report.

``report`` writes a client report for the company its factor flags describe, or a portfolio
report for a client table. Rendering is :mod:`rolemodel._report`'s job, reading and scoring a
table :mod:`rolemodel._csvio`'s, writing a file :mod:`rolemodel._atomic`'s; this module reads
the command line.
"""

from __future__ import annotations

import argparse

from rolemodel._atomic import refuse_inputs
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
    parser_kwargs,
    recommend_from,
)
from rolemodel._cli_batch import add_output_options, input_paths, output_format

__all__ = ["register_report"]


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
    add_output_options(p, ("markdown", "html"), ".md or .html", "report")
    add_factor_options(p, required=False)
    add_framework_options(p)
    p.set_defaults(handler=_report)


def _report(args: argparse.Namespace) -> int:
    fmt = output_format(args.output, args.format) if args.output != "-" else (args.format or "markdown")
    if fmt not in ("markdown", "html"):
        raise UsageError(f"a report is Markdown (.md) or HTML (.html), not {fmt}")
    inputs = input_paths(args)
    refuse_inputs(args.output, inputs)
    from rolemodel import _report as report
    from rolemodel._csvio import open_table, score_blocks, write_output

    if args.input is None:
        write_output(report.client_report(recommend_from(args), fmt), args.output, inputs)
        return EXIT_OK
    given = factors_from(args)
    if given:
        raise UsageError(f"give either IN.csv or factor flags, not both ({', '.join(given)})")
    with open_table(args.input) as table:
        blocks = score_blocks(table, frameworks=chosen_frameworks(args), weights=chosen_weights(args))
        scored = [row for block in blocks for row in block]  # the report ranks every row: held
    write_output(report.portfolio_report(scored, fmt), args.output, inputs)
    return EXIT_ROWS_FAILED if any(r["error"] is not None for r in scored) else EXIT_OK
