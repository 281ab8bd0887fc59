"""The one reader of client files: what a spreadsheet's columns mean, and its cells as values.

Every command that reads a client file (``batch``, ``report``, ``assess``, ``audit``, ``path``
...) opens it with :func:`open_client_file`, giving the *vocabulary* of columns it knows
(:class:`Column`: a name, its synonyms, whether it is required) and the reading options
(:class:`ReadOptions`, which :func:`add_reader_options` and :func:`read_options` turn into
and out of command-line flags). The file's rows come from :mod:`rolemodel._tabular` (CSV,
JSON Lines, Excel ``.xlsx``); this module decides what each header names:

1. a ``--map HEADER=name`` (or ``--map-file``) says so;
2. else the header, folded (:func:`rolemodel._profile.fold`: case, spaces and punctuation
   ignored), is a column's name (``Company Size`` -> ``company_size``) or one of its synonyms
   (``Employees`` -> ``company_size``, ``Regulated?`` -> ``regulation``);
3. else the column is carried through under its header as written; one whose header reads
   like a known column's (``short_term_presure``) gets a warning, an error under
   ``strict_columns``.

A required column that is missing is an error whose hint comes from the synonyms as well as
the spelling. Cells keep what they are (text from a CSV, numbers and booleans from a
workbook or JSON); blank text becomes ``None``, and under ``decimal=","`` numbers written with
decimal commas (``0,7``, ``1.234,5``, ``80,5 %``) are rewritten with a decimal point. What a
value means for a factor is :class:`rolemodel.Profile`'s job, the same on every route.
"""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._cli import UsageError
from rolemodel._profile import FACTORS, MAX_TEXT, fold
from rolemodel._tabular import CsvRows, Rows, open_rows

if TYPE_CHECKING:
    from rolemodel._cells import CellBlock

__all__ = [
    "ID_COLUMNS",
    "ClientFile",
    "ClientRow",
    "Column",
    "ReadOptions",
    "add_reader_options",
    "factor_columns",
    "open_client_file",
    "read_options",
    "read_profile_file",
]

#: The headers (folded) that name the client by default, when ``--id-column`` is not given.
ID_COLUMNS = ("name", "client", "company", "client_name", "company_name", "account")
#: The largest mapping or profile file read.
MAX_SMALL_FILE = 1024 * 1024


def _folded(names: Sequence[str]) -> tuple[str, ...]:
    return tuple(fold(x) for x in names)


@attrs.frozen
class Column:
    """A column a command knows: its ``name``, other names a header may give it (any case or
    punctuation: they are folded), and whether a file must have it."""

    name: str
    synonyms: tuple[str, ...] = attrs.field(default=(), converter=_folded)
    required: bool = False


def factor_columns() -> list[Column]:
    """The factors of :data:`rolemodel.FACTORS` as columns, with their synonyms."""
    return [Column(spec.name, spec.synonyms, spec.required) for spec in FACTORS.values()]


@attrs.frozen
class ReadOptions:
    """How to read a client file.

    ``mapping`` maps a header as written (or folded) to a column's name; ``delimiter`` ``None``
    sniffs it from the header line; ``encoding`` is the text files' (a UTF-8 BOM is always
    read); ``decimal`` is ``"."`` or ``","``; ``id_column`` names the client column (by
    default the first of :data:`ID_COLUMNS` there is); ``strict_columns`` makes a column that
    reads like a known one, yet is not mapped, an error; ``sheet`` is the workbook's sheet
    (the first by default); ``format`` overrides the format the suffix gives.
    """

    mapping: Mapping[str, str] = attrs.field(factory=dict)
    delimiter: str | None = None
    encoding: str = "utf-8"
    decimal: str = "."
    id_column: str | None = None
    strict_columns: bool = False
    sheet: str | None = None
    format: str | None = None


@attrs.frozen
class ClientRow:
    """One row: the ``line`` it starts on (a workbook's row number), its ``values`` by column
    name, and its ``id`` as text. A row with an ``error`` keeps the cells that could be read
    (``{}`` when none could), so that it is shown as it was."""

    line: int
    values: dict[str, Any]
    error: str | None
    id: str | None


class ClientFile:
    """A client file being read: its ``header`` as written, the ``names`` its columns take,
    the ``id_column`` (a name, or ``None``), the ``warnings`` to show, and its ``rows()``."""

    def __init__(
        self,
        rows: Rows,
        names: list[str],
        id_column: str | None,
        warnings: list[str],
        decimal: str,
        known: frozenset[str],
    ) -> None:
        self._rows = rows
        self._known = known
        self.source = rows.source
        self.format = rows.format
        self.header = list(rows.header)
        self.names = names
        self.id_column = id_column
        self.warnings = warnings
        self._decimal = decimal

    def __enter__(self) -> ClientFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._rows.close()

    def rows(self) -> Iterator[ClientRow]:
        """Every row after the header, in order, streaming (blank lines left out)."""
        names, width = self.names, len(self.names)
        decimal = self._decimal == ","
        text = self.format == "csv"
        key = self.id_column
        known = [name for name in names if name in self._known]
        for line, cells, error in self._rows.rows():
            if error is None and cells is not None and len(cells) != width:
                error = f"line {line}: expected {width} fields like the header, found {len(cells)}"
            if cells is None:
                yield ClientRow(line, {}, error or f"line {line}: cannot be read", None)
                continue
            if len(cells) != width:  # kept as far as they go, to be shown beside the error
                cells = [*cells[:width], *[None] * (width - len(cells))]
            values: dict[str, Any] = dict(zip(names, cells, strict=True))
            for name in known:  # a pass-through cell is kept as it is
                cell = values[name]
                if type(cell) is str:
                    if text:
                        cell = cell.strip()
                    if not cell:
                        cell = None
                    elif decimal:
                        cell = decimal_point(cell)
                    values[name] = cell
            ident = values.get(key) if key is not None else None
            ident = None if ident is None else str(ident).strip() or None
            yield ClientRow(line, values, error, ident)

    @property
    def columnar(self) -> bool:
        """Whether :meth:`take` reads this file (a CSV file: many rows at a time)."""
        return isinstance(self._rows, CsvRows)

    def take(self, count: int) -> CellBlock | None:
        """The next ``count`` rows (fewer at the end; ``None`` past it) as one
        :class:`~rolemodel._cells.CellBlock`: the rows, cells and errors :meth:`rows` gives,
        read at once, column by column (:func:`rolemodel._cells.take_cells`). CSV files only
        (:attr:`columnar`)."""
        if not isinstance(self._rows, CsvRows):
            raise TypeError(f"{self.format} files are read row by row")
        from rolemodel._cells import take_cells

        return take_cells(self._rows, self.names, self._known, self._decimal == ",", count)


_DOTTED = re.compile(r"([+-]?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?)(\s*%)?")
_COMMA = re.compile(r"([+-]?[0-9]*,[0-9]+)(\s*%)?")


def decimal_point(text: str) -> str:
    """A number written with a decimal comma (``0,7``, ``1.234,5``, ``80,5%``) rewritten with
    a decimal point and no thousands separator; any other text unchanged."""
    match = _DOTTED.fullmatch(text) or _COMMA.fullmatch(text)
    if match is None:
        return text
    number = match.group(1).replace(".", "").replace(",", ".")
    return number + (match.group(2) or "").strip()


# -- headers ------------------------------------------------------------------------------------


def _index(vocabulary: Sequence[Column]) -> dict[str, str]:
    """Every folded name and synonym, to the column it names (names win over synonyms)."""
    index: dict[str, str] = {}
    for column in vocabulary:
        index[fold(column.name)] = column.name
    for column in vocabulary:
        for synonym in column.synonyms:
            index.setdefault(synonym, column.name)
    return index


def _resolve_mapping(mapping: Mapping[str, str], vocabulary: Sequence[Column]) -> dict[str, str]:
    """``mapping`` with every target checked against the vocabulary; keys folded."""
    names = {fold(c.name): c.name for c in vocabulary}
    resolved: dict[str, str] = {}
    for header, target in mapping.items():
        name = names.get(fold(target))
        if name is None:
            hint = difflib.get_close_matches(fold(target), list(names), n=1, cutoff=0.6)
            raise UsageError(
                f"--map {header}={target}: {target!r} is not a column this command reads"
                + (f" (did you mean {names[hint[0]]!r}?)" if hint else "")
            )
        resolved[fold(header)] = name
    return resolved


def _names(
    header: Sequence[str], vocabulary: Sequence[Column], options: ReadOptions
) -> tuple[list[str], list[str]]:
    """The name each column takes, and the warnings about the header."""
    mapping = _resolve_mapping(options.mapping, vocabulary)
    index = _index(vocabulary)
    names: list[str] = []
    warnings: list[str] = []
    near: list[str] = []
    for given in header:
        folded = fold(given)
        name = mapping.get(folded) or index.get(folded)
        if name is None:
            name = given or f"column_{len(names) + 1}"
            close = difflib.get_close_matches(folded, list(index), n=1, cutoff=0.85) if folded else []
            if close and len(given) <= MAX_TEXT:
                near.append(
                    f"column {given!r} is not one this command reads, so it is carried through "
                    f"unread: did you mean {index[close[0]]!r}? (--map '{given}={index[close[0]]}' "
                    "reads it)"
                )
        names.append(name)
    unused = [h for h in options.mapping if fold(h) not in {fold(g) for g in header}]
    warnings += [f"--map {h}={options.mapping[h]}: the file has no column {h!r}" for h in unused]
    if near:
        if options.strict_columns:
            raise UsageError("; ".join(near) + " (an error under --strict-columns)")
        warnings += [w + "; --strict-columns makes this an error" for w in near]
    seen: dict[str, str] = {}
    for given, name in zip(header, names, strict=True):
        if name in seen:
            raise UsageError(
                f"line 1: columns {seen[name]!r} and {given!r} both name {name!r}; "
                "keep one, or rename one with --map"
            )
        seen[name] = given
    return names, warnings


def _missing(
    source: str, header: Sequence[str], names: Sequence[str], vocabulary: Sequence[Column], rows: Rows
) -> None:
    """A usage error naming every required column the file lacks, each with a hint."""
    missing = [c for c in vocabulary if c.required and c.name not in names]
    if not missing:
        return
    free = [h for h, n in zip(header, names, strict=True) if n == h or n not in {c.name for c in vocabulary}]
    parts = []
    for column in missing:
        best, score = "", 0.0
        for h in free:
            for word in (fold(column.name), *column.synonyms):
                ratio = difflib.SequenceMatcher(None, fold(h), word).ratio()
                if ratio > score:
                    best, score = h, ratio
        hint = f" (did you mean {best!r}? --map '{best}={column.name}')" if score >= 0.6 else ""
        parts.append(column.name + hint)
    text = f"{source}: line 1: expected a column for each required one, missing " + ", ".join(parts)
    delimiter = getattr(rows, "delimiter", None)
    if len(header) == 1:
        others = [d for d in (";", "\t", ",", "|") if d != delimiter and d in header[0]]
        if others:
            shown = "\\t" if others[0] == "\t" else others[0]
            text += (
                f"; the header reads as one column holding {shown!r}: is the file separated by "
                f"{shown!r}? try --delimiter '{shown}'"
            )
    raise UsageError(text)


def _id_column(
    header: Sequence[str], names: Sequence[str], options: ReadOptions, id_default: Sequence[str]
) -> str | None:
    if options.id_column is not None:
        wanted = fold(options.id_column)
        for given, name in zip(header, names, strict=True):
            if given == options.id_column or fold(given) == wanted or fold(name) == wanted:
                return name
        from rolemodel._errors import did_you_mean

        hint = did_you_mean(options.id_column, header)
        raise UsageError(
            f"--id-column {options.id_column}: the file has no such column"
            + (f" ({hint})" if hint else "")
            + f"; its columns are {', '.join(map(repr, header))}"
        )
    folded = [fold(d) for d in id_default]
    for wanted in folded:
        for given, name in zip(header, names, strict=True):
            if fold(given) == wanted or name == wanted:
                return name
    return None


def open_client_file(
    source: str,
    vocabulary: Sequence[Column],
    options: ReadOptions | None = None,
    *,
    id_default: Sequence[str] = ID_COLUMNS,
) -> ClientFile:
    """The client file ``source`` (a path, or ``-`` for stdin), its header read and resolved.

    Raises :class:`~rolemodel._cli.UsageError` for a file that cannot be read, a header that
    names one column twice, a required column missing, a bad ``--map`` or ``--id-column``, and
    (under ``strict_columns``) a column that reads like a known one.
    """
    options = options or ReadOptions()
    if options.decimal not in (".", ","):
        raise UsageError(f"--decimal {options.decimal}: expected '.' or ','")
    rows = open_rows(
        source,
        fmt=options.format,
        delimiter=options.delimiter,
        encoding=options.encoding,
        sheet=options.sheet,
    )
    try:
        header = rows.header
        duplicates = sorted({h for h in header if header.count(h) > 1})
        if duplicates:
            raise UsageError(f"{source}: line 1: column(s) named twice: {', '.join(duplicates)}")
        names, warnings = _names(header, vocabulary, options)
        _missing(source, header, names, vocabulary, rows)
        id_column = _id_column(header, names, options, id_default)
    except BaseException:
        rows.close()
        raise
    known = frozenset(c.name for c in vocabulary)
    return ClientFile(rows, names, id_column, warnings, options.decimal, known)


# -- command-line flags -------------------------------------------------------------------------


def add_reader_options(parser: argparse.ArgumentParser, *, id_help: str = "name, client or company") -> None:
    """The flags every command that reads a client file takes."""
    group = parser.add_argument_group("reading the client file")
    group.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=NAME",
        help="read the column HEADER as NAME (repeatable), e.g. --map 'Employees=company_size'",
    )
    group.add_argument(
        "--map-file",
        metavar="FILE",
        help="a YAML or JSON mapping of headers to names, for the same spreadsheet every time",
    )
    group.add_argument(
        "--delimiter",
        metavar="CHAR",
        help="the CSV delimiter (default: sniffed from the header among , ; tab |); 'tab' for tab",
    )
    group.add_argument(
        "--encoding", default="utf-8", help="the text file's encoding (default utf-8; e.g. cp1252)"
    )
    group.add_argument(
        "--decimal",
        default=".",
        choices=(".", ","),
        help="the decimal mark of numbers written as text: '.' (default) or ',' (0,7 and 1.234,5)",
    )
    group.add_argument(
        "--id-column", metavar="HEADER", help=f"the column naming each row (default: {id_help})"
    )
    group.add_argument(
        "--strict-columns",
        action="store_true",
        help="a column that reads like a known one but is not mapped is an error, not a warning",
    )
    group.add_argument("--sheet", metavar="NAME", help="the sheet of an Excel workbook (default: the first)")
    group.add_argument(
        "--input-format", choices=("csv", "jsonl", "xlsx"), help="the input's format (default: by its suffix)"
    )


def read_options(args: argparse.Namespace) -> ReadOptions:
    """The :class:`ReadOptions` the flags of :func:`add_reader_options` give."""
    mapping: dict[str, str] = {}
    if getattr(args, "map_file", None):
        mapping.update(_map_file(args.map_file))
    for item in getattr(args, "map", None) or ():
        header, sep, name = item.rpartition("=")
        if not sep or not header.strip() or not name.strip():
            raise UsageError(f"--map {item}: expected HEADER=NAME, e.g. --map 'Employees=company_size'")
        mapping[header.strip()] = name.strip()
    delimiter = getattr(args, "delimiter", None)
    if delimiter is not None:
        delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter.lower(), delimiter)
        if len(delimiter) != 1:
            raise UsageError(f"--delimiter {args.delimiter}: expected one character (or 'tab')")
    return ReadOptions(
        mapping=mapping,
        delimiter=delimiter,
        encoding=getattr(args, "encoding", None) or "utf-8",
        decimal=getattr(args, "decimal", None) or ".",
        id_column=getattr(args, "id_column", None),
        strict_columns=bool(getattr(args, "strict_columns", False)),
        sheet=getattr(args, "sheet", None),
        format=getattr(args, "input_format", None),
    )


def _small_mapping(path: str, what: str) -> Any:
    """The YAML or JSON file ``path`` (bounded, safe YAML: JSON is YAML), as data."""
    import yaml

    from rolemodel._loader import UnreadableFile, read_bounded

    try:
        data = read_bounded(path, MAX_SMALL_FILE, what)
    except UnreadableFile as exc:
        raise UsageError(str(exc)) from None
    try:
        return yaml.safe_load(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise UsageError(f"cannot read {path}: not UTF-8 ({exc.reason})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise UsageError(f"{path}{where}: not valid YAML or JSON ({getattr(exc, 'problem', exc)})") from None


def _map_file(path: str) -> dict[str, str]:
    data = _small_mapping(path, "mapping file")
    if not isinstance(data, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise UsageError(f"{path}: expected a mapping of headers to names ('Employees: company_size')")
    return dict(data)


def read_profile_file(path: str) -> tuple[str | None, dict[str, Any]]:
    """A client's profile file (YAML or JSON): ``(name, factors)``.

    The file is a mapping; its ``name`` (or ``client``) is the client's name, and every other
    key is read as a header is (``Employees: 300`` is ``company_size: 300``). Raises
    :class:`~rolemodel._cli.UsageError` for a file that is not such a mapping.
    """
    data = _small_mapping(path, "profile file")
    if not isinstance(data, Mapping) or not all(isinstance(k, str) for k in data):
        raise UsageError(f"{path}: expected a mapping of factor names to values, e.g. 'company_size: 300'")
    keys = list(data)
    names, warnings = _names(keys, factor_columns(), ReadOptions())
    name: str | None = None
    factors: dict[str, Any] = {}
    for key, resolved in zip(keys, names, strict=True):
        value = data[key]
        if fold(key) in ("name", "client", "client_name", "company_name"):
            name = None if value is None else str(value)
            continue
        if isinstance(value, Mapping | list):
            raise UsageError(f"{path}: {key!r} holds a {type(value).__name__}; expected a value")
        factors[resolved] = value
    import sys

    for warning in warnings:
        print(f"rolemodel: warning: {path}: {warning}", file=sys.stderr)
    return name, factors
