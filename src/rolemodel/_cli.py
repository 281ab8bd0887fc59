"""The ``rolemodel`` command: an argparse front end over the public API.

``main(argv) -> int`` runs one command and returns its exit status: 0 when all went well,
1 when some rows of a batch failed, 2 on a usage error (bad flags, a bad profile, an unknown
framework, an unreadable file).

**Adding a command.** Every subcommand is added by a *registrar*: a function
``register(subparsers)`` that calls ``subparsers.add_parser(...)``, adds its arguments and sets
``handler=`` (a function ``(argparse.Namespace) -> int``) with ``set_defaults``. The registrars
are listed by dotted name in :data:`REGISTRARS`, so another module (``rolemodel._lint``, say)
adds its command with one line there, and may use the helpers below
(:func:`add_factor_options`, :func:`add_framework_options`, :func:`chosen_frameworks`,
:func:`chosen_weights`, :func:`parser_kwargs`, :class:`UsageError`). Keep a command module's
module-level imports light and import heavy things inside its handler: every command's module
is imported to build the parser, and ``rolemodel recommend`` must start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rolemodel._errors import RoleModelError, did_you_mean
from rolemodel._profile import FACTORS

if TYPE_CHECKING:
    from rolemodel._model import Framework
    from rolemodel._result import Recommendation

__all__ = [
    "REGISTRARS",
    "UsageError",
    "add_factor_options",
    "add_framework_options",
    "build_parser",
    "chosen_frameworks",
    "chosen_weights",
    "main",
    "parser_kwargs",
]

Subparsers = Any  # argparse._SubParsersAction[argparse.ArgumentParser]
Handler = Callable[[argparse.Namespace], int]

#: The subcommands, as ``"module:function"`` registrars, in the order ``--help`` lists them.
REGISTRARS: list[str] = [
    "rolemodel._cli:register_recommend",
    "rolemodel._cli:register_batch",
    "rolemodel._cli:register_report",
    "rolemodel._cli:register_frameworks",
    "rolemodel._lint:register",
]

EXIT_OK, EXIT_ROWS_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command was used wrongly; ``main`` prints the message and returns 2."""


# -- shared helpers for registrars --------------------------------------------------------------


def parser_kwargs(help: str, example: str) -> dict[str, Any]:
    """Keyword arguments for ``add_parser``: a one-line help and an epilog with an example."""
    return {
        "help": help,
        "description": help[:1].upper() + help[1:] + ".",
        "epilog": "example:\n" + "\n".join("  " + line for line in example.strip().splitlines()),
        "formatter_class": argparse.RawDescriptionHelpFormatter,
    }


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _graded_value(text: str) -> float | str:
    """A graded factor from the command line: a number when it reads as one, else a word."""
    try:
        return float(text)
    except ValueError:
        return text


def add_factor_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """One ``--flag`` per factor of :data:`rolemodel.FACTORS` (``--company-size`` ...).

    With ``required``, argparse insists on the required factors; otherwise the profile's
    own validation reports what is missing.
    """
    must = parser.add_argument_group("required factors")
    may = parser.add_argument_group("optional factors")
    for name, spec in FACTORS.items():
        group = must if spec.required else may
        if spec.kind == "count":
            group.add_argument(
                _flag(name), dest=name, metavar="N", required=required and spec.required, help=spec.says
            )
        elif spec.kind == "graded":
            group.add_argument(
                _flag(name),
                dest=name,
                metavar="G",
                type=_graded_value,
                required=required and spec.required,
                help=f"{spec.says} (0..1 or low/medium/high)",
            )
        else:
            group.add_argument(_flag(name), dest=name, metavar="STAGE", help=spec.says)


def factors_from(args: argparse.Namespace) -> dict[str, Any]:
    """The factors given on the command line, by name."""
    return {n: getattr(args, n) for n in FACTORS if getattr(args, n, None) is not None}


def add_framework_options(parser: argparse.ArgumentParser) -> None:
    """``--framework`` (repeatable) and ``--weight ID=W`` (repeatable)."""
    group = parser.add_argument_group("frameworks")
    group.add_argument(
        "--framework",
        action="append",
        metavar="PATH|ID",
        default=None,
        help="use this framework instead of the five built-in ones: a YAML file, a folder of "
        "them, a built-in id, or 'builtins' for all five (repeat to combine several; "
        "e.g. --framework builtins --framework ours.yaml adds one to the built-ins)",
    )
    group.add_argument(
        "--weight",
        action="append",
        metavar="ID=W",
        default=None,
        help="weight of a framework in the combination (default 1 each; repeatable)",
    )


def chosen_frameworks(args: argparse.Namespace) -> tuple[Framework, ...] | None:
    """The frameworks ``--framework`` names, or ``None`` for the built-ins."""
    specs: list[str] | None = getattr(args, "framework", None)
    if not specs:
        return None
    from rolemodel._loader import builtin_frameworks, load_framework

    builtins = {f.id: f for f in builtin_frameworks()}
    chosen: list[Framework] = []
    for spec in specs:
        path = Path(spec)
        if spec == "builtins":
            chosen.extend(builtins.values())
        elif path.is_dir():
            files = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
            if not files:
                raise UsageError(f"--framework {spec}: the folder has no .yaml files")
            chosen.extend(load_framework(p) for p in files)
        elif path.is_file():
            chosen.append(load_framework(path))
        elif spec in builtins:
            chosen.append(builtins[spec])
        else:
            hint = did_you_mean(spec, [*builtins, "builtins"])
            raise UsageError(
                f"--framework {spec}: expected a framework file, a folder, a built-in id "
                f"({', '.join(builtins)}) or 'builtins'" + (f" ({hint})" if hint else "")
            )
    return tuple(chosen)


def chosen_weights(args: argparse.Namespace) -> dict[str, float] | None:
    """The ``--weight ID=W`` values by framework id, or ``None``."""
    given: list[str] | None = getattr(args, "weight", None)
    if not given:
        return None
    weights: dict[str, float] = {}
    for item in given:
        fid, sep, number = item.partition("=")
        try:
            if not sep or not fid:
                raise ValueError
            weights[fid.strip()] = float(number)
        except ValueError:
            raise UsageError(f"--weight {item}: expected ID=W, e.g. seven-differences=2") from None
    return weights


def _out(text: str, stream: TextIO | None = None) -> None:
    stream = sys.stdout if stream is None else stream
    stream.write(text if text.endswith("\n") else text + "\n")


def _write(text: str, output: str) -> None:
    if output == "-":
        _out(text)
        return
    try:
        Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


# -- recommend ----------------------------------------------------------------------------------


def register_recommend(subparsers: Subparsers) -> None:
    """``rolemodel recommend``."""
    p = subparsers.add_parser(
        "recommend",
        **parser_kwargs(
            "recommend a role (management, leadership or a growth leader) and its staffing "
            "(one person, a split, or one converged Growth Leader) for one company",
            "rolemodel recommend --company-size 300 --team-size 25 --market-change high "
            "--regulation low\n"
            "rolemodel recommend --company-size 40 --team-size 6 --market-change 0.7 "
            "--regulation low --stage startup --format json",
        ),
    )
    add_factor_options(p, required=True)
    add_framework_options(p)
    p.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help="output format (default: text)"
    )
    p.add_argument(
        "--reasons",
        type=int,
        default=3,
        metavar="N",
        help="how many cited reasons to show for each answer (default: 3)",
    )
    p.set_defaults(handler=_recommend)


def _recommend_one(args: argparse.Namespace) -> Recommendation:
    from rolemodel._api import recommend

    return recommend(factors_from(args), frameworks=chosen_frameworks(args), weights=chosen_weights(args))


def _recommend(args: argparse.Namespace) -> int:
    rec = _recommend_one(args)
    if args.format == "json":
        import json

        _out(json.dumps(rec.to_dict(), indent=2, ensure_ascii=False))
        return EXIT_OK
    from rolemodel import _display

    if args.format == "markdown":
        _out(_display.recommendation_markdown(rec, reasons=max(0, args.reasons)))
    else:
        _out(_display.recommendation_text(rec, reasons=max(0, args.reasons)))
    return EXIT_OK


def _width() -> int:
    import shutil

    return max(60, min(100, shutil.get_terminal_size((100, 24)).columns))


# -- batch --------------------------------------------------------------------------------------

_FORMATS = {
    ".csv": "csv",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
_BATCH_BLOCK = 5000


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
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        default="-",
        help="where to write: .csv, .json, .md or .html ('-' for stdout, the default)",
    )
    p.add_argument(
        "--format",
        choices=("csv", "json", "markdown", "html"),
        help="output format (default: from OUT's suffix; csv for stdout)",
    )
    p.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (it shows on long batches when stderr is a terminal)",
    )
    add_framework_options(p)
    p.set_defaults(handler=_batch)


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


def _cell(text: str) -> Any:
    """A CSV cell as a factor value: empty -> not given, numbers as numbers, else the text."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return text
    return number if number - number == 0 else text  # 'nan', 'inf' stay text, and fail


class _Progress:
    """A one-line progress bar on a terminal's stderr."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done = total, 0
        self.stream = sys.stderr
        self.enabled = enabled and total > _BATCH_BLOCK and self.stream.isatty()

    def advance(self, rows: int) -> None:
        self.done += rows
        if self.enabled:
            share = self.done / self.total
            bar = "#" * round(share * 30)
            self.stream.write(f"\rscoring [{bar:<30}] {share:4.0%} {self.done:,}/{self.total:,}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def read_table(source: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """A CSV's header and its rows, each with the line it starts on (the header is line 1)."""
    import csv
    import io

    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else f"not UTF-8 ({exc.reason})"
        raise UsageError(f"cannot read {source}: {reason or exc}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise UsageError(f"{source}: empty; expected a CSV header row naming the factors")
        header = [h.strip() for h in header]
        duplicates = sorted({h for h in header if header.count(h) > 1})
        if duplicates:
            raise UsageError(f"{source}: line 1: column(s) named twice: {', '.join(duplicates)}")
        rows: list[tuple[int, list[str]]] = []
        start = reader.line_num + 1
        for row in reader:
            if row:
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UsageError(f"{source}: line {reader.line_num}: not valid CSV ({exc})") from None
    missing = [n for n, s in FACTORS.items() if s.required and n not in header]
    if missing:
        hints = [did_you_mean(n, header) for n in missing]
        raise UsageError(
            f"{source}: line 1: expected a column for each required factor, missing "
            + ", ".join(n + (f" ({h})" if h else "") for n, h in zip(missing, hints, strict=True))
        )
    return header, rows


def _plain(value: Any) -> Any:
    """A result cell as plain Python: NaN (no score) as ``None``."""
    return None if isinstance(value, float) and value != value else value


def _plain_column(array: Any) -> list[Any]:
    """A result column of :func:`rolemodel.recommend_table` as plain Python cells."""
    cells: list[Any] = array.tolist()
    if array.dtype.kind == "f":
        return [None if v != v else v for v in cells]
    return cells


def batch_columns(header: Sequence[str], frameworks: Iterable[Framework]) -> list[str]:
    """The output columns of a batch: the input's own (result columns left out), then
    :func:`rolemodel._result.result_columns` for these frameworks."""
    from rolemodel._result import is_result_column, result_columns

    return [*(h for h in header if not is_result_column(h)), *result_columns(f.id for f in frameworks)]


def score_rows(
    header: Sequence[str],
    rows: Sequence[tuple[int, Sequence[str]]],
    *,
    frameworks: Iterable[Framework] | None = None,
    weights: Mapping[str, float] | None = None,
    progress: bool = False,
) -> list[dict[str, Any]]:
    """Each CSV row as a dict: its own columns, then the result columns of
    :meth:`rolemodel.Recommendation.to_row` (``None`` when empty, and for a score no
    framework gives). Input columns named like result columns are replaced.

    Scores with :func:`rolemodel.recommend_table` in blocks when numpy is installed, else one
    row at a time with :func:`rolemodel.recommend_many`; the results are the same. A row where
    every framework abstains is scored: its answer is empty and ``reason`` says why. A bad row
    keeps its place, with empty results and ``error`` naming its CSV line.
    """
    from rolemodel._api import choose_frameworks
    from rolemodel._result import is_result_column, result_columns

    chosen, _ = choose_frameworks(frameworks, weights, "batch")
    results = result_columns(f.id for f in chosen)
    factor_columns = [(i, name) for i, name in enumerate(header) if name in FACTORS]
    own = [(i, name) for i, name in enumerate(header) if not is_result_column(name)]
    out: list[dict[str, Any]] = []
    good: list[int] = []
    for line, row in rows:
        record: dict[str, Any] = {name: row[i] if i < len(row) else "" for i, name in own}
        record.update(dict.fromkeys(results))
        if len(row) != len(header):
            record["error"] = f"line {line}: expected {len(header)} fields like the header, found {len(row)}"
        else:
            good.append(len(out))
        out.append(record)
    bar = _Progress(len(rows), progress)
    bar.advance(len(rows) - len(good))
    try:
        import numpy  # noqa: F401
    except ImportError:
        numpy_ok = False
    else:
        numpy_ok = True
    for lo in range(0, len(good), _BATCH_BLOCK):
        block = good[lo : lo + _BATCH_BLOCK]
        values = [{name: _cell(rows[k][1][i]) for i, name in factor_columns} for k in block]
        if numpy_ok:
            from rolemodel._batch import recommend_table

            columns = {name: [v[name] for v in values] for _, name in factor_columns}
            table = recommend_table(columns, frameworks=chosen, weights=weights)
            cells = zip(*(_plain_column(table[name]) for name in results), strict=True)
            for k, error, scored in zip(block, table["error"].tolist(), cells, strict=True):
                if error is not None:
                    out[k]["error"] = f"line {rows[k][0]}: {error}"
                else:
                    out[k].update(zip(results, scored, strict=True))
        else:
            from rolemodel._batch import recommend_many

            for k, result in zip(
                block,
                recommend_many(values, frameworks=chosen, weights=weights, errors="return"),
                strict=True,
            ):
                record = out[k]
                if result.recommendation is None:
                    record["error"] = f"line {rows[k][0]}: {result.error}"
                    continue
                record.update((name, _plain(value)) for name, value in result.recommendation.to_row().items())
        bar.advance(len(block))
    bar.close()
    return out


def render_rows(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: str) -> str:
    """Scored rows as CSV, JSON, or a Markdown/HTML portfolio report."""
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if (v := row.get(c)) is None else v for c in columns])
        return buffer.getvalue()
    if fmt == "json":
        import json

        return json.dumps([{c: r.get(c) for c in columns} for r in rows], indent=2, ensure_ascii=False)
    from rolemodel._report import portfolio_report

    return portfolio_report(list(rows), fmt)


def _batch(args: argparse.Namespace) -> int:
    from rolemodel._api import choose_frameworks

    fmt = _output_format(args.output, args.format)
    weights = chosen_weights(args)
    frameworks, _ = choose_frameworks(chosen_frameworks(args), weights, "batch")
    header, rows = read_table(args.input)
    scored = score_rows(header, rows, frameworks=frameworks, weights=weights, progress=not args.no_progress)
    columns = batch_columns(header, frameworks)
    _write(render_rows(scored, columns, fmt), args.output)
    failed = sum(1 for r in scored if r["error"] is not None)
    if failed:
        _out(f"rolemodel batch: {failed} of {len(scored)} row(s) could not be scored", sys.stderr)
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
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        default="-",
        help="where to write: .md or .html ('-' for stdout, the default)",
    )
    p.add_argument(
        "--format",
        choices=("markdown", "html"),
        help="report format (default: from OUT's suffix; markdown for stdout)",
    )
    add_factor_options(p, required=False)
    add_framework_options(p)
    p.set_defaults(handler=_report)


def _report(args: argparse.Namespace) -> int:
    fmt = _output_format(args.output, args.format) if args.output != "-" else (args.format or "markdown")
    if fmt not in ("markdown", "html"):
        raise UsageError(f"a report is Markdown (.md) or HTML (.html), not {fmt}")
    from rolemodel import _report as report

    if args.input is None:
        rec = _recommend_one(args)
        _write(report.client_report(rec, fmt), args.output)
        return EXIT_OK
    given = factors_from(args)
    if given:
        raise UsageError(f"give either IN.csv or factor flags, not both ({', '.join(given)})")
    header, rows = read_table(args.input)
    scored = score_rows(header, rows, frameworks=chosen_frameworks(args), weights=chosen_weights(args))
    _write(report.portfolio_report(scored, fmt), args.output)
    return EXIT_ROWS_FAILED if any(r["error"] is not None for r in scored) else EXIT_OK


# -- frameworks ---------------------------------------------------------------------------------


def register_frameworks(subparsers: Subparsers) -> None:
    """``rolemodel frameworks list|show|graph``."""
    p = subparsers.add_parser(
        "frameworks",
        **parser_kwargs(
            "list, show or draw the frameworks (one per source article)",
            "rolemodel frameworks list\n"
            "rolemodel frameworks show kotter-complexity-change\n"
            "rolemodel frameworks graph kotter-complexity-change --format dot | dot -Tsvg > k.svg",
        ),
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = actions.add_parser(
        "list", **parser_kwargs("list the built-in frameworks", "rolemodel frameworks list --format json")
    )
    ls.add_argument("--format", choices=("text", "json"), default="text")
    ls.set_defaults(handler=_frameworks_list)
    show = actions.add_parser(
        "show",
        **parser_kwargs(
            "show one framework: roles, staffing options, factors, concepts, rules with their "
            "basis and citations",
            "rolemodel frameworks show seven-differences\nrolemodel frameworks show ./our-framework.yaml",
        ),
    )
    show.add_argument("framework", metavar="ID|PATH")
    show.set_defaults(handler=_frameworks_show)
    graph = actions.add_parser(
        "graph",
        **parser_kwargs(
            "draw a framework's rule graph as Mermaid or Graphviz dot text",
            "rolemodel frameworks graph kotter-complexity-change --format mermaid",
        ),
    )
    graph.add_argument("framework", metavar="ID|PATH")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.set_defaults(handler=_frameworks_graph)


def _one_framework(spec: str) -> Framework:
    frameworks = chosen_frameworks(argparse.Namespace(framework=[spec]))
    assert frameworks is not None
    if len(frameworks) != 1:
        raise UsageError(f"{spec}: expected one framework, found {len(frameworks)}")
    return frameworks[0]


def _frameworks_list(args: argparse.Namespace) -> int:
    from rolemodel._loader import builtin_frameworks

    frameworks = builtin_frameworks()
    if args.format == "json":
        import json

        _out(
            json.dumps(
                [
                    {
                        "id": f.id,
                        "title": f.title,
                        "author": f.author,
                        "source": f.source,
                        "roles": [r.value for r in f.role_ids],
                        "staffing": [o.value for o in f.staffing_ids],
                        "rules": len(f.rules),
                    }
                    for f in frameworks
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    width = max(len(f.id) for f in frameworks)
    for f in frameworks:
        roles = ", ".join(r.value for r in f.role_ids)
        staffing = f"[{', '.join(o.value for o in f.staffing_ids)}]" if f.staffing_ids else "none"
        _out(f"{f.id:<{width}}  {len(f.rules):>2} rules  roles [{roles}]  staffing {staffing}")
        _out(f"{'':<{width}}  {f.title} ({f.author})")
    return EXIT_OK


def _frameworks_show(args: argparse.Namespace) -> int:
    import textwrap

    f = _one_framework(args.framework)
    width = _width()

    def para(text: str, indent: str = "  ") -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, initial_indent=indent, subsequent_indent=indent)

    lines = [f"{f.id}: {f.title}", f"  by {f.author}, {f.source}", ""]
    lines += para(f.summary)
    lines += ["", "Roles:"]
    for spec in f.roles:
        lines.append(f"  {spec.role.value} (baseline {spec.baseline:g})")
        lines += para(spec.says, "      ")
    lines += ["", "Staffing:"]
    if not f.staffing:
        lines.append("  none: the article does not speak to who holds the roles")
    for option in f.staffing:
        lines.append(f"  {option.staffing.value} (baseline {option.baseline:g})")
        lines += para(option.says, "      ")
    lines += ["", "Factors read: " + ", ".join(f.factors)]
    if f.concepts:
        lines += ["", "Concepts:"]
        for concept in f.concepts:
            lines.append(f"  {concept.id}")
            lines += para(concept.says, "      ")
    lines += ["", "Rules (basis: article = the article's own numbers, calibration = the library's):"]
    for rule in f.rules:
        notes = [f"weight {rule.weight:g}", *filter(None, [rule.basis])]
        if rule.stance:
            notes.append("a standing claim, whatever the company")
        lines.append(f"  {rule.id}: when {rule.when.describe()} -> {rule.then} ({', '.join(notes)})")
        lines += para(rule.says, "      ")
        lines += para(f"\u201c{rule.citation.quote}\u201d", "      ")
    _out("\n".join(lines))
    return EXIT_OK


def _frameworks_graph(args: argparse.Namespace) -> int:
    f = _one_framework(args.framework)
    _out(f.to_mermaid() if args.format == "mermaid" else graph_dot(f))
    return EXIT_OK


def graph_dot(framework: Framework) -> str:
    """``framework.graph`` as Graphviz dot text: factors -> concepts -> roles and staffing."""

    def q(text: object) -> str:
        return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'

    graph = framework.graph
    shapes = {"factor": "ellipse", "concept": "box", "role": "doubleoctagon", "staffing": "octagon"}
    lines = [f"digraph {q(framework.id)} {{", "    rankdir=LR;"]
    for node, data in graph.nodes(data=True):
        shape = shapes.get(data.get("kind", ""), "box")
        lines.append(f"    {q(node)} [label={q(data.get('label', node))}, shape={shape}];")
    for a, b, data in graph.edges(data=True):
        label = "\\n".join(str(r).replace('"', '\\"') for r in data.get("rules", []))
        lines.append(f'    {q(a)} -> {q(b)} [label="{label}"];')
    lines.append("}")
    return "\n".join(lines)


# -- main ---------------------------------------------------------------------------------------


def _registrar(dotted: str) -> Callable[[Subparsers], None]:
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def build_parser() -> argparse.ArgumentParser:
    """The ``rolemodel`` parser, with every command of :data:`REGISTRARS`."""
    parser = argparse.ArgumentParser(
        prog="rolemodel",
        description="Recommend sales management, leadership or a converged Growth Leader, "
        "explained and cited from five articles.",
        epilog="example:\n  rolemodel recommend --company-size 300 --team-size 25 "
        "--market-change high --regulation low\n\n"
        "'rolemodel COMMAND --help' shows a command's options and an example.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from rolemodel import __version__

    parser.add_argument("--version", action="version", version=f"rolemodel {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for dotted in REGISTRARS:
        _registrar(dotted)(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``rolemodel`` with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or argparse's own usage error
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    command = " ".join(filter(None, (args.command, getattr(args, "action", None))))
    handler: Handler = args.handler
    try:
        return handler(args)
    except (UsageError, RoleModelError) as exc:
        message = str(exc).replace("\n", "\n  ")
        _out(f"rolemodel {command}: error: {message}", sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
    except KeyboardInterrupt:  # pragma: no cover
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
