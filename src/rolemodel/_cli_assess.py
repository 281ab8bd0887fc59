"""The ``rolemodel assess`` command: sales managers' answers to the style instrument, scored.

Three ways in, one of them each time:

- ``rolemodel assess ANSWERS`` reads a client file (CSV, JSON Lines or ``.xlsx``, through the
  one reader :mod:`rolemodel._clientfile`: column mapping, ``--id-column``, bounds) with one
  row per person: a ``person`` column (or ``name``/``manager``), one column per item id, and
  optionally a ``seat`` column. Each person is scored; an answer off its scale is a row error
  naming the person, the item and the answers allowed, and every other person is still scored
  (exit 1 when any row failed).
- ``rolemodel assess --template`` writes the empty sheet: the header row.
- ``rolemodel assess --interactive`` asks one item at a time in the terminal.

With ``--profile CLIENT.yaml`` the company's recommendation is worked out and each person's gap
to what it needs is added (``--seat`` or a ``seat`` column gives the seat where the staffing is
split). Output (``-o``): CSV or JSON Lines (one flat row per person), JSON (the rows with each
assessment and gap in full), or a Markdown/HTML team report; always written atomically.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from rolemodel._cli import EXIT_OK, EXIT_ROWS_FAILED, Subparsers, UsageError, out, parser_kwargs
from rolemodel._cli_batch import add_output_options, output_format

if TYPE_CHECKING:
    from rolemodel._assess import Assessment
    from rolemodel._gap import Gap
    from rolemodel._instrument import Instrument, InstrumentItem
    from rolemodel._result import Recommendation

__all__ = ["register_assess"]

_SEATS = ("leader", "manager", "both")
_FORMATS = ("csv", "json", "jsonl", "markdown", "html")


def register_assess(subparsers: Subparsers) -> None:
    """``rolemodel assess``."""
    from rolemodel._clientfile import add_reader_options

    p = subparsers.add_parser(
        "assess",
        **parser_kwargs(
            "score sales managers' answers to the manager-style instrument, and their gap to "
            "what the company needs",
            "rolemodel assess --template -o answers.csv\n"
            "rolemodel assess answers.csv -o styles.csv\n"
            "rolemodel assess answers.csv --profile client.yaml --seat manager -o team.html\n"
            "rolemodel assess --interactive --profile client.yaml\n\n"
            "ANSWERS has one row per person: a person column (or name, manager), then one column\n"
            "per item id (see --template), and optionally a seat column (leader, manager or both).\n"
            "A likert item takes 1-5 (or its label), a forced choice a or b; a blank cell is not\n"
            "answered (never guessed). Exit status: 0 all scored, 1 some rows failed, 2 usage or\n"
            "input-file error, 3 internal error.",
        ),
    )
    p.add_argument("input", metavar="ANSWERS", nargs="?", help="the answers file ('-' for stdin)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--template", action="store_true", help="write the empty answer sheet (a CSV header)")
    mode.add_argument("--interactive", action="store_true", help="ask one item at a time in the terminal")
    p.add_argument("--person", metavar="NAME", help="the person's name, for --interactive")
    p.add_argument(
        "--profile",
        metavar="CLIENT.yaml",
        help="the company's profile (YAML or JSON): adds each person's gap to what it needs",
    )
    p.add_argument(
        "--seat",
        choices=_SEATS,
        help="the person's seat (default: from the staffing; needed when it is split); "
        "a seat column in ANSWERS wins",
    )
    add_output_options(p, _FORMATS, ".csv, .json, .jsonl, .md or .html", "output")
    add_reader_options(p, id_help="person, name or manager")
    p.set_defaults(handler=_assess)


def _assess(args: argparse.Namespace) -> int:
    chosen = [args.input is not None, args.template, args.interactive]
    if sum(chosen) != 1:
        raise UsageError("give one of: ANSWERS (a file of answers), --template or --interactive")
    fmt = output_format(args.output, args.format)
    inputs = [p for p in (args.input, args.profile) if p and p != "-"]
    from rolemodel._atomic import refuse_inputs

    refuse_inputs(args.output, inputs)
    if args.template:
        return _template(args, fmt)
    rec = _recommendation(args.profile)
    if args.interactive:
        return _interactive(args, rec, fmt, inputs)
    return _from_file(args, rec, fmt, inputs)


def _recommendation(path: str | None) -> Recommendation | None:
    if path is None:
        return None
    from rolemodel._api import recommend
    from rolemodel._clientfile import read_profile_file
    from rolemodel._errors import RoleModelError

    _, factors = read_profile_file(path)
    try:
        return recommend(factors)
    except RoleModelError as exc:
        raise UsageError(f"{path}: {exc}") from None


def _write(output: str, inputs: list[str], write: Any) -> None:
    if output == "-":
        write(sys.stdout)
        return
    from rolemodel._atomic import atomic_output

    with atomic_output(output, inputs=inputs) as stream:
        write(stream)


# -- the template -------------------------------------------------------------------------------


def _template(args: argparse.Namespace, fmt: str) -> int:
    import csv

    from rolemodel._instrument import manager_style

    if fmt != "csv":
        raise UsageError(f"the template is a CSV sheet (-o answers.csv), not {fmt}")
    header = ["person", *(item.id for item in manager_style().items)]

    def write(stream: TextIO) -> None:
        csv.writer(stream, lineterminator="\n").writerow(header)

    _write(args.output, [], write)
    return EXIT_OK


# -- rows ---------------------------------------------------------------------------------------


def _columns(instrument: Instrument, with_gap: bool) -> list[str]:
    cols = ["line", "person", "overall", "balance", "coaching", "completeness"]
    cols += [f"dim_{d.id}" for d in instrument.dimensions] + ["unanswered"]
    if with_gap:
        cols += ["seat", "need", "gap", "toward", "shortfalls", "readiness", "prescriptions"]
    return [*cols, "error"]


def _row(
    line: int | None, person: str | None, a: Assessment | None, g: Gap | None, error: str | None
) -> dict[str, Any]:
    row: dict[str, Any] = {"line": line, "person": person, "error": error}
    if a is not None:
        row.update(
            overall=a.overall,
            balance=a.balance,
            coaching=a.coaching,
            completeness=a.completeness,
            unanswered=";".join(a.unanswered),
            **{f"dim_{d}": v for d, v in a.dimensions.items()},
        )
    if g is not None:
        row.update(
            seat=g.seat,
            need=g.need.need,
            gap=g.size,
            toward=g.toward,
            shortfalls="; ".join(f"{s.dimension} {s.size:.2f} toward {s.toward}" for s in g.shortfalls),
            readiness=g.readiness,
            prescriptions=";".join(p.id for p in g.prescriptions),
        )
    return row


Scored = tuple[dict[str, Any], "Assessment | None", "Gap | None"]


def _score_rows(args: argparse.Namespace, rec: Recommendation | None) -> tuple[list[Scored], list[str]]:
    from rolemodel._assess import assess
    from rolemodel._clientfile import Column, open_client_file, read_options
    from rolemodel._errors import RoleModelError
    from rolemodel._gap import gap
    from rolemodel._instrument import manager_style

    instrument = manager_style()
    ids = [item.id for item in instrument.items]
    vocabulary = [
        Column("person", synonyms=("name", "manager"), required=True),
        Column("seat"),
        *(Column(i) for i in ids),
    ]
    scored: list[Scored] = []
    with open_client_file(args.input, vocabulary, read_options(args), id_default=("person",)) as table:
        for warning in table.warnings:
            out(f"rolemodel assess: warning: {warning}", sys.stderr)
        for row in table.rows():
            if row.error is not None:
                scored.append((_row(row.line, None, None, None, row.error), None, None))
                continue
            person = row.id if row.id is not None else row.values.get("person")
            person = None if person is None else str(person)
            if not person:
                empty = f"line {row.line}: no person named (the person column is empty)"
                scored.append((_row(row.line, None, None, None, empty), None, None))
                continue
            answers = {i: row.values.get(i) for i in ids}
            try:
                a = assess(answers, instrument, person=person)
            except RoleModelError as exc:
                scored.append((_row(row.line, person, None, None, f"line {row.line}: {exc}"), None, None))
                continue
            g: Gap | None = None
            error = None
            if rec is not None:
                seat = row.values.get("seat") or args.seat
                try:
                    g = gap(
                        a, rec, None if seat is None else str(seat).strip().lower(), instrument=instrument
                    )
                except RoleModelError as exc:
                    error = f"line {row.line}: person {person!r}: {exc}"
            scored.append((_row(row.line, person, a, g, error), a, g))
    return scored, _columns(instrument, rec is not None)


def _emit(
    scored: list[Scored], columns: list[str], fmt: str, rec: Recommendation | None, stream: TextIO
) -> None:
    import json

    if fmt == "csv":
        import csv

        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        for row, _, _ in scored:
            writer.writerow(["" if row.get(c) is None else _cell(row.get(c)) for c in columns])
    elif fmt in ("json", "jsonl"):
        items = [
            {
                **{c: row.get(c) for c in columns},
                "assessment": None if a is None else a.to_dict(),
                "gap": None if g is None else g.to_dict(),
            }
            for row, a, g in scored
        ]
        if fmt == "jsonl":
            for item in items:
                stream.write(json.dumps(item, ensure_ascii=False) + "\n")
        else:
            stream.write(json.dumps(items, indent=2, ensure_ascii=False) + "\n")
    else:
        from rolemodel._assess_report import team_report

        assessed = [a for _, a, _ in scored if a is not None]
        seats = {a.person: g.seat for _, a, g in scored if a is not None and g is not None}
        errors = [row["error"] for row, a, _ in scored if a is None and row["error"]]
        text = team_report(assessed, rec, fmt, seats=seats or None, errors=errors)
        stream.write(text if text.endswith("\n") else text + "\n")


def _cell(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value


def _from_file(args: argparse.Namespace, rec: Recommendation | None, fmt: str, inputs: list[str]) -> int:
    scored, columns = _score_rows(args, rec)
    _write(args.output, inputs, lambda stream: _emit(scored, columns, fmt, rec, stream))
    failed = sum(1 for row, _, _ in scored if row["error"] is not None)
    for row, _, _ in scored:
        if row["error"] is not None:
            out(f"rolemodel assess: {row['error']}", sys.stderr)
    if failed:
        out(f"rolemodel assess: {failed} of {len(scored)} row(s) could not be assessed", sys.stderr)
        return EXIT_ROWS_FAILED
    return EXIT_OK


# -- interactive --------------------------------------------------------------------------------


def _prompt(item: InstrumentItem) -> tuple[list[str], str]:
    if item.scale.kind == "likert":
        scale = "  ".join(f"{i}={label}" for i, label in enumerate(item.scale.labels, 1))
        return [f"  {scale}"], f"Answer 1-{item.scale.points}: "
    return [f"  {k}) {item.choices[k]}" for k in item.scale.options], "Answer " + " or ".join(
        item.scale.options
    ) + ": "


def _ask(prompt: str) -> str | None:
    """One line from the terminal; ``None`` at the end of input."""
    try:
        return input(prompt)
    except EOFError:
        return None


def _interactive(args: argparse.Namespace, rec: Recommendation | None, fmt: str, inputs: list[str]) -> int:
    from rolemodel._assess import assess
    from rolemodel._assess_display import assessment_text, gap_text
    from rolemodel._gap import gap
    from rolemodel._instrument import AnswerError, manager_style
    from rolemodel._model import Staffing

    if rec is not None and args.seat is None and rec.staffing not in (Staffing.SINGLE, Staffing.CONVERGED):
        raise UsageError(
            f"the staffing recommended is {rec.staffing.value if rec.staffing else 'none'}: "
            "give the person's seat with --seat leader|manager|both"
        )
    instrument = manager_style()
    person = (
        args.person if args.person is not None else (_ask("Person's name (Enter to leave it out): ") or "")
    )
    person = person.strip()
    total = len(instrument.items)
    out(
        f"{instrument.title}\n{total} items. Enter skips an item (it stays unanswered, "
        "never guessed); q stops."
    )
    answers: dict[str, int | str] = {}
    for n, item in enumerate(instrument.items, 1):
        lines, prompt = _prompt(item)
        out(
            f"\n[{n}/{total}] {instrument.dimension(item.dimension).name}\n  {item.text}\n" + "\n".join(lines)
        )
        value: int | str | None = None
        text = _ask(prompt)
        while text is not None and text.strip().lower() != "q":
            try:
                value = item.read(text, person)
                break
            except AnswerError:
                out(f"  expected {item.allowed}; try again (Enter skips, q stops)")
                text = _ask(prompt)
        if text is None or text.strip().lower() == "q":
            break
        if value is not None:
            answers[item.id] = value
    if not answers:
        raise UsageError("no item answered: nothing to assess")
    a = assess(answers, instrument, person=person)
    g = None if rec is None else gap(a, rec, args.seat, instrument=instrument)
    out("\n" + assessment_text(a))
    if g is not None:
        out("\n" + gap_text(g))
    if args.output != "-":
        scored: list[Scored] = [(_row(None, person, a, g, None), a, g)]
        columns = _columns(instrument, rec is not None)
        _write(args.output, inputs, lambda stream: _emit(scored, columns, fmt, rec, stream))
        out(f"written to {args.output}")
    return EXIT_OK
