"""The ``rolemodel report`` command: a client report, one per client of a file, or a portfolio.

``report`` writes a client report for the company its factor flags describe; for a client
file (CSV, JSON Lines or ``.xlsx``, read by the one reader, :mod:`rolemodel._clientfile`) a
portfolio report, or with ``--each DIR`` one client report per row, named after the client.
The title block (``--client``, ``--prepared-by``, ``--date``, ``--logo``) is checked by
:mod:`rolemodel._handover`, rendering is :mod:`rolemodel._report`'s job, writing a file
:mod:`rolemodel._atomic`'s; this module reads the command line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rolemodel._atomic import refuse_inputs
from rolemodel._cli import (
    EXIT_OK,
    EXIT_ROWS_FAILED,
    Subparsers,
    UsageError,
    add_factor_options,
    add_framework_options,
    add_profile_option,
    chosen_frameworks,
    chosen_weights,
    factors_from,
    out,
    parser_kwargs,
    profile_from,
)
from rolemodel._cli_batch import add_output_options, input_paths, output_format

if TYPE_CHECKING:
    from rolemodel._model import Framework

__all__ = ["register_report"]

_SUFFIX = {"markdown": ".md", "html": ".html"}


def register_report(subparsers: Subparsers) -> None:
    """``rolemodel report``."""
    p = subparsers.add_parser(
        "report",
        **parser_kwargs(
            "write a client report for one company, one per client of a file, or a portfolio report",
            "rolemodel report --company-size 300 --team-size 25 --market-change high "
            "--regulation low --client 'Acme GmbH' --prepared-by 'Jane Doe' -o acme.html\n"
            "rolemodel report clients.xlsx --each reports/ --prepared-by 'Jane Doe' --logo logo.png\n"
            "rolemodel report portfolio.csv -o portfolio.md\n\n"
            "A client report is brief (the answer, its confidence, the top reasons with their\n"
            "quotes, dissent, next steps) or full (also the charts, every article's verdict and\n"
            "scores, why each other answer lost, all the articles prescribe): --detail, by default\n"
            "brief for Markdown and full for HTML. The HTML prints to a clean PDF from a browser.\n"
            "--each writes DIR/<client>.html (or .md with --format markdown) for each row, named\n"
            "from the id column (--id-column; by default a column called name, client or\n"
            "company), each file written whole; bad rows are listed on stderr.\n"
            "Exit status: 0 all written, 1 some rows failed, 2 usage or input-file error, 3 internal.",
        ),
    )
    p.add_argument(
        "input",
        metavar="IN",
        nargs="?",
        help="a client file (CSV, JSON Lines or .xlsx; '-' for CSV on stdin) for a portfolio "
        "report, or with --each one report per row; without it, the factor flags describe one company",
    )
    add_output_options(p, ("markdown", "html"), ".md or .html", "report")
    p.add_argument(
        "--each",
        metavar="DIR",
        help="write one client report per row of IN into DIR (made if missing), named after the client",
    )
    p.add_argument(
        "--detail",
        choices=("brief", "full"),
        help="a client report's length (default: brief for Markdown, full for HTML)",
    )
    p.add_argument("--client", metavar="NAME", help="the client's name, for the title block")
    p.add_argument("--prepared-by", metavar="NAME", help="the report's author, for the title block")
    p.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the report's date (default: today; '' leaves it out)"
    )
    p.add_argument(
        "--logo",
        metavar="FILE",
        help="a PNG or JPEG logo (at most 512 KiB), inlined in the HTML report; anything else is refused",
    )
    sections = p.add_argument_group("optional sections of a client report (003's Monday actions)")
    sections.add_argument(
        "--calendar", metavar="FILE", help="a manager's calendar (.ics) or time log: the time audit section"
    )
    sections.add_argument(
        "--roster", metavar="FILE", help="a roster of managers and reps: the split 1:1s section"
    )
    sections.add_argument("--history", metavar="FILE", help="a roster history: the leadership MBOs section")
    add_profile_option(p)
    add_factor_options(p, required=False)
    add_framework_options(p)
    _add_reader_options(p)
    p.set_defaults(handler=_report)


def _sections(args: argparse.Namespace) -> dict[str, Any]:
    """The time audit, split 1:1s and MBO sections the flags ask for, computed from their files."""
    out: dict[str, Any] = {}
    if getattr(args, "calendar", None):
        from rolemodel._audit import audit

        out["audit"] = audit(args.calendar)
    if getattr(args, "roster", None):
        from rolemodel._rhythm import rhythm

        out["rhythm"] = rhythm(args.roster)
    if getattr(args, "history", None):
        from rolemodel._mbos import mbos

        out["mbos"] = mbos(args.history)
    return out


def _add_reader_options(p: argparse.ArgumentParser) -> None:
    from rolemodel._clientfile import add_reader_options

    add_reader_options(p)


def _title_block(args: argparse.Namespace) -> dict[str, Any]:
    """The title block, checked before any row is read (a bad one is a usage error)."""
    from rolemodel._handover import handover

    given = handover(args.client, args.prepared_by, args.date, args.logo)
    return {"client": given.client, "prepared_by": given.prepared_by, "date": given.date, "logo": args.logo}


def _report(args: argparse.Namespace) -> int:
    inputs = input_paths(args) + [
        f
        for f in (
            args.logo,
            *(getattr(args, n, None) for n in ("map_file", "profile", "calendar", "roster", "history")),
        )
        if f
    ]
    if args.each is not None:
        return _each(args, inputs)
    fmt = output_format(args.output, args.format) if args.output != "-" else (args.format or "markdown")
    if fmt not in ("markdown", "html"):
        raise UsageError(f"a report is Markdown (.md) or HTML (.html), not {fmt}")
    refuse_inputs(args.output, inputs)
    from rolemodel import _report as report
    from rolemodel._csvio import write_output

    if args.input is None:
        from rolemodel._api import recommend

        name, factors = profile_from(args)  # --profile's name is the client's, unless --client
        if args.client is None and name is not None:
            args.client = name
        given = _title_block(args)
        if args.logo and fmt == "markdown":
            out("rolemodel report: note: the logo is shown in HTML reports only", sys.stderr)
        rec = recommend(factors, frameworks=chosen_frameworks(args), weights=chosen_weights(args))
        sections = _sections(args)
        text = report.client_report(rec, fmt, detail=args.detail, **given, **sections)
        write_output(text, args.output, inputs)
        return EXIT_OK
    _no_factor_flags(args)
    for flag in ("client", "prepared_by", "logo", "detail", "date"):
        if getattr(args, flag) is not None:
            raise UsageError(
                f"--{flag.replace('_', '-')} is for a client report: a portfolio report takes none "
                "(use --each DIR for one client report per row)"
            )
    rows, lines = [], []
    failed = False
    with _scored(args) as scored:
        for line, row, _rec, error in scored:
            rows.append(row)
            lines.append(line)
            failed = failed or error is not None
        id_column = scored.id_column
    text = report.portfolio_report(rows, fmt, id_column=id_column, lines=lines)
    write_output(text, args.output, inputs)
    return EXIT_ROWS_FAILED if failed else EXIT_OK


def _no_factor_flags(args: argparse.Namespace) -> None:
    given = factors_from(args)
    if given:
        raise UsageError(f"give either a client file or factor flags, not both ({', '.join(given)})")


def _each(args: argparse.Namespace, inputs: list[str]) -> int:
    """One client report per row of IN into the folder ``--each``."""
    from rolemodel._atomic import write_text
    from rolemodel._each import Names
    from rolemodel._report import client_report

    if args.input is None:
        raise UsageError("--each needs a client file (IN) to make one report per row")
    if args.output != "-":
        raise UsageError("give either --each DIR or -o OUT, not both")
    if args.client is not None:
        raise UsageError("--client is taken from each row's id column with --each (see --id-column)")
    _no_factor_flags(args)
    fmt = args.format or "html"
    given = _title_block(args)
    if args.logo and fmt == "markdown":
        out("rolemodel report: note: the logo is shown in HTML reports only", sys.stderr)
    folder = Path(args.each)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--each {args.each}: not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    names = Names(_SUFFIX[fmt])
    written = failed = 0
    with _scored(args) as scored:
        for line, _row, rec, error in scored:
            if rec is None:
                out(f"rolemodel report: {error}", sys.stderr)
                failed += 1
                continue
            client = scored.client_of(line)
            target = folder / names.name(client, line)
            refuse_inputs(target, inputs)
            text = client_report(rec, fmt, detail=args.detail, **{**given, "client": client or None})
            write_text(text, str(target), inputs=inputs)
            written += 1
    out(
        f"rolemodel report: wrote {written} report(s) to {folder}"
        + (f"; {failed} row(s) could not be reported (listed above)" if failed else ""),
        sys.stderr,
    )
    return EXIT_ROWS_FAILED if failed else EXIT_OK


class _Scored(AbstractContextManager["_Scored"]):
    """The rows of a client file, each scored: ``(line, row, recommendation, error)``.

    ``row`` is the row's own columns (a column named like a result column kept as
    ``input_<name>``) plus its result columns, or its error; ``recommendation`` is ``None``
    for a row that could not be read or scored, and ``error`` then says why, naming its line.
    """

    def __init__(self, args: argparse.Namespace) -> None:
        from rolemodel._api import choose_frameworks
        from rolemodel._clientfile import open_client_file, read_options

        self.weights = chosen_weights(args)
        self.frameworks: tuple[Framework, ...]
        self.frameworks, _ = choose_frameworks(chosen_frameworks(args), self.weights, "report")
        self._file = open_client_file(args.input, _factor_columns(), read_options(args))
        self._clients: dict[int, str | None] = {}
        self.id_column: str | None = None

    def __enter__(self) -> _Scored:
        self.table = self._file.__enter__()
        for warning in self.table.warnings:
            out(f"rolemodel report: warning: {warning}", sys.stderr)
        self.id_column = self.table.id_column
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.__exit__(*exc)

    def client_of(self, line: int) -> str | None:
        """The client named on ``line`` (its id cell), if any."""
        return self._clients.get(line)

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any], Any, str | None]]:
        from rolemodel._api import recommend
        from rolemodel._errors import RoleModelError
        from rolemodel._profile import FACTORS
        from rolemodel._result import is_result_column

        for row in self.table.rows():
            self._clients = {row.line: row.id}
            own = {(f"input_{k}" if is_result_column(str(k)) else str(k)): v for k, v in row.values.items()}
            if row.error is not None:
                error = row.error if row.error.startswith("line ") else f"line {row.line}: {row.error}"
                yield row.line, {**own, "role": None, "error": error}, None, error
                continue
            factors = {k: v for k, v in row.values.items() if k in FACTORS}
            try:
                rec = recommend(factors, frameworks=self.frameworks, weights=self.weights)
            except RoleModelError as exc:
                error = f"line {row.line}: {exc}"
                yield row.line, {**own, "role": None, "error": error}, None, error
                continue
            yield row.line, {**own, **rec.to_row()}, rec, None


def _scored(args: argparse.Namespace) -> _Scored:
    return _Scored(args)


def _factor_columns() -> list[Any]:
    """The factor vocabulary of the reader: one column per factor, the required ones required."""
    import rolemodel._clientfile as reader

    vocabulary = getattr(reader, "factor_columns", None)
    if vocabulary is None:  # pragma: no cover - the reader names its vocabulary itself
        from rolemodel._profile import FACTORS

        return [reader.Column(name, required=spec.required) for name, spec in FACTORS.items()]
    return list(vocabulary() if callable(vocabulary) else vocabulary)
