"""A client table for the command line: score its rows, write the results, in blocks.

Nothing here holds the whole table. The rows come from a :class:`~rolemodel._clientfile.ClientFile`
(the one reader of client files: CSV, JSON Lines, Excel; its bounds are
:mod:`rolemodel._tabular`'s); :func:`score_blocks` scores them :data:`BLOCK` rows at a time,
a bad row keeping its place with an ``error`` naming its line; :func:`write_rows` writes the
scored blocks as CSV, JSON or JSON Lines as they come (a Markdown/HTML portfolio report needs
every row, so it alone holds them); :func:`write_output` puts text in a file or on stdout.
Files are written with :func:`rolemodel._atomic.atomic_output`.

Output for a person (:class:`Style`): scores rounded to ``digits`` (4 by default); for Excel,
a byte-order mark so that accents survive, and text cells that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-`` or ``@``) neutralised with a leading ``'``.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from rolemodel._cli import out
from rolemodel._errors import RoleModelError
from rolemodel._profile import FACTORS

if TYPE_CHECKING:
    from rolemodel._cells import CellBlock
    from rolemodel._clientfile import ClientFile, ClientRow
    from rolemodel._columns import ScoredBlock
    from rolemodel._model import Framework

__all__ = [
    "BLOCK",
    "LINE",
    "TOP_REASON",
    "Style",
    "batch_columns",
    "input_names",
    "score_blocks",
    "write_output",
    "write_rows",
]

#: How many rows are read, scored and written at once (and how long a table is before it
#: shows a progress bar).
BLOCK = 10_000
#: The column of a batch that gives the strongest cited rule behind the role, in words.
TOP_REASON = "top_reason"
#: The key of a scored row that holds the line it was read from (never written as a column).
LINE = "\x00line"

_INPUT_PREFIX = "input_"


# -- columns ------------------------------------------------------------------------------------


def _is_result(name: str) -> bool:
    from rolemodel._result import is_result_column

    return is_result_column(name) or name == TOP_REASON


def input_names(header: Sequence[str]) -> list[str]:
    """The output names of the input's columns: each as it is, except a name a batch writes
    (:func:`rolemodel._result.is_result_column`: ``role``, ``error``, ``score_*``,
    ``verdict_*`` ..., and ``top_reason``), which becomes ``input_<name>``
    (``input_input_<name>`` if that is taken too, and so on). The order is the input's."""
    taken = set(header)
    names: list[str] = []
    for name in header:
        if _is_result(name):
            new = _INPUT_PREFIX + name
            while new in taken or _is_result(new):
                new = _INPUT_PREFIX + new
            taken.add(new)
            name = new
        names.append(name)
    return names


def batch_columns(header: Sequence[str], frameworks: Iterable[Framework]) -> list[str]:
    """The output columns of a batch: the input's own (:func:`input_names`), then
    :func:`rolemodel._result.result_columns` for these frameworks, with :data:`TOP_REASON`
    after ``staffing_reason``."""
    from rolemodel._result import result_columns

    results = list(result_columns(f.id for f in frameworks))
    at = results.index("staffing_reason") + 1 if "staffing_reason" in results else len(results) - 1
    results.insert(at, TOP_REASON)
    return [*input_names(header), *results]


# -- scoring ------------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    """A cell as a factor value: numbers written plainly as numbers (so that a block scores as
    numeric columns), anything else as it is, for :class:`rolemodel.Profile` to read."""
    if type(value) is not str or "_" in value:  # Python reads "1_0" as 10; the profile refuses it
        return value
    try:
        return int(value)
    except ValueError:
        pass
    try:
        number = float(value)
    except ValueError:
        return value
    return number if number - number == 0 else value  # 'nan', 'inf' stay text, and fail


class _Progress:
    """A one-line progress bar on a terminal's stderr (``total`` rows, when known)."""

    def __init__(self, total: int | None, enabled: bool) -> None:
        self.total, self.done = total, 0
        self.stream = sys.stderr
        self.enabled = enabled and (total is None or total > BLOCK) and self.stream.isatty()

    def advance(self, rows: int) -> None:
        self.done += rows
        if self.enabled:
            self._draw(self.total)

    def _draw(self, total: int | None) -> None:
        if total is None:
            self.stream.write(f"\rscoring {self.done:,} rows")
        else:
            share = min(1.0, self.done / max(total, 1))
            bar = "#" * round(share * 30)
            self.stream.write(f"\rscoring [{bar:<30}] {share:4.0%} {self.done:,}/{max(total, self.done):,}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(self.done if self.total is not None else None)
            self.stream.write("\n")
            self.stream.flush()


def count_rows(source: str) -> int | None:
    """About how many rows the file ``source`` has (its line breaks less the header's), read
    in chunks; ``None`` for stdin or a file that cannot be counted."""
    if source == "-":
        return None
    try:
        with Path(source).open("rb") as stream:
            lines, last = 0, b"\n"
            while chunk := stream.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return None
    return max(0, lines + (last != b"\n") - 1)


def _plain(value: Any, digits: int | None = None) -> Any:
    """A result cell as plain Python: NaN (no score) as ``None``; floats to ``digits``."""
    if isinstance(value, float):
        if value != value:
            return None
        return value if digits is None else round(value, digits)
    return value


def _plain_column(array: Any, digits: int | None = None) -> list[Any]:
    """A result column of :func:`rolemodel.recommend_table` as plain Python cells, floats
    rounded to ``digits`` (all at once)."""
    if array.dtype.kind == "f":
        if digits is not None:
            array = array.round(digits)
        return [None if v != v else v for v in array.tolist()]
    cells: list[Any] = array.tolist()
    return cells


def _numpy_ok() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def score_blocks(
    table: ClientFile,
    *,
    frameworks: Iterable[Framework] | None = None,
    weights: Mapping[str, float] | None = None,
    progress: bool = False,
    total: int | None = None,
    digits: int | None = None,
) -> Iterator[list[dict[str, Any]] | ScoredBlock]:
    """The table's rows, scored, in blocks of at most :data:`BLOCK`, in order; scores and
    confidences rounded to ``digits`` decimals when given.

    Each row is a dict: its own columns (renamed by :func:`input_names`), then the result
    columns of :meth:`rolemodel.Recommendation.to_row` and :data:`TOP_REASON` (``None`` when
    empty, and for a score no framework gives). Scores with :func:`rolemodel.recommend_table`
    when numpy is installed, else with :func:`rolemodel.recommend_many`; the results are the
    same. A row where every framework abstains is scored: its answer is empty and ``reason``
    says why. A bad row keeps its place, with empty results and ``error`` naming its line and
    every bad field.

    A CSV file, with numpy, is read, scored and written a column at a time: its blocks are
    :class:`~rolemodel._columns.ScoredBlock` values (:meth:`~rolemodel._columns.ScoredBlock.rows`
    gives them as those dicts).
    """
    from rolemodel._api import choose_frameworks

    chosen, _ = choose_frameworks(frameworks, weights, "batch")
    results = batch_columns([], chosen)
    own = list(zip(table.names, input_names(table.names), strict=True))
    factors = [name for name in table.names if name in FACTORS]
    numpy_ok = _numpy_ok()
    bar = _Progress(total, progress)
    if numpy_ok and table.columnar:  # read, scored and written a column at a time
        readings: dict[str, Any] = {}
        while (cells := table.take(BLOCK)) is not None:
            yield _score_block(cells, own, results, factors, chosen, weights, numpy_ok, digits, readings)
            bar.advance(len(cells))
        bar.close()
        return
    block: list[ClientRow] = []
    for row in table.rows():
        block.append(row)
        if len(block) == BLOCK:
            yield _score_block(block, own, results, factors, chosen, weights, numpy_ok, digits)
            bar.advance(len(block))
            block = []
    if block:
        yield _score_block(block, own, results, factors, chosen, weights, numpy_ok, digits)
        bar.advance(len(block))
    bar.close()


def _as_written(row: ClientRow, factors: Sequence[str], error: str) -> str:
    """The error of a row's factors as the file wrote them (``'20000000'``, not ``20000000``)."""
    from rolemodel._profile import Profile

    try:
        Profile.from_mapping({name: row.values.get(name) for name in factors})
    except RoleModelError as exc:
        return str(exc)
    return error  # pragma: no cover - the table and the profile agree on what is bad


def _score_block(
    block: Sequence[ClientRow] | CellBlock,
    own: Sequence[tuple[str, str]],
    results: Sequence[str],
    factors: Sequence[str],
    chosen: Sequence[Framework],
    weights: Mapping[str, float] | None,
    numpy_ok: bool,
    digits: int | None = None,
    readings: dict[str, Any] | None = None,
) -> list[dict[str, Any]] | ScoredBlock:
    """One block scored: rows one by one (:func:`_score_rows`), or a block of cells read at
    once, column by column (:func:`rolemodel._columns.score_cells`)."""
    if isinstance(block, Sequence):
        return _score_rows(block, own, results, factors, chosen, weights, numpy_ok, digits)
    from rolemodel._columns import score_cells

    def by_rows(rows: list[ClientRow]) -> list[dict[str, Any]]:
        return _score_rows(rows, own, results, factors, chosen, weights, numpy_ok, digits)

    readings = {} if readings is None else readings
    return score_cells(block, own, results, factors, chosen, weights, digits, readings, by_rows)


def _score_rows(
    block: Sequence[ClientRow],
    own: Sequence[tuple[str, str]],
    results: Sequence[str],
    factors: Sequence[str],
    chosen: Sequence[Framework],
    weights: Mapping[str, float] | None,
    numpy_ok: bool,
    digits: int | None = None,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    good: list[int] = []
    for item in block:
        values = item.values
        record: dict[str, Any] = {out: values.get(name) for name, out in own}
        record.update(dict.fromkeys(results))
        record[LINE] = item.line
        if item.error is not None:
            record["error"] = item.error
        else:
            good.append(len(rows))
        rows.append(record)
    if not good:
        return rows
    cells = [{name: _cell(block[k].values.get(name)) for name in factors} for k in good]
    if numpy_ok:
        from rolemodel._batch import recommend_table

        columns = {name: [v[name] for v in cells] for name in factors}
        table = recommend_table(columns, frameworks=chosen, weights=weights, top_reason=True)
        scored = zip(*(_plain_column(table[name], digits) for name in results), strict=True)
        for k, error, answer in zip(good, table["error"].tolist(), scored, strict=True):
            if error is not None:  # told of the cells as written, as recommend() tells of them
                rows[k]["error"] = f"line {block[k].line}: {_as_written(block[k], factors, error)}"
            else:
                rows[k].update(zip(results, answer, strict=True))
    else:
        from rolemodel._batch import recommend_many
        from rolemodel._reasons import top_reason

        for k, result in zip(
            good, recommend_many(cells, frameworks=chosen, weights=weights, errors="return"), strict=True
        ):
            if result.recommendation is None:
                rows[k]["error"] = f"line {block[k].line}: {result.error}"
            else:
                rec = result.recommendation
                rows[k].update((name, _plain(v, digits)) for name, v in rec.to_row().items())
                rows[k][TOP_REASON] = top_reason(rec)
    return rows


# -- writing ------------------------------------------------------------------------------------

#: The output formats that are written block by block, holding one block at a time.
STREAMING = ("csv", "json", "jsonl")


@attrs.frozen
class Style:
    """How results are written for a person: scores to ``digits`` decimals; for ``excel``, a
    byte-order mark and formula-like text neutralised (CSV only)."""

    digits: int = 4
    excel: bool = False
    factors: frozenset[str] = frozenset(FACTORS)


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, with a leading ``'`` (numbers such as
    ``-0.5`` stay as they are)."""
    if type(value) is str and value.startswith(_FORMULA):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def write_rows(
    blocks: Iterable[Sequence[Mapping[str, Any]] | ScoredBlock],
    columns: Sequence[str],
    fmt: str,
    stream: TextIO,
    style: Style | None = None,
    id_column: str | None = None,
) -> tuple[int, int]:
    """Scored blocks to ``stream`` as CSV, JSON (an array), JSON Lines, or a Markdown/HTML
    portfolio report; ``(rows, failed rows)``. CSV and the JSONs are written as the blocks
    come; the report needs every row, so it holds them. In the JSONs, factor cells written as
    plain numbers are numbers. (Scores are rounded to ``style.digits`` by
    :func:`score_blocks`.) A block scored a column at a time
    (:class:`~rolemodel._columns.ScoredBlock`) is written as CSV a column at a time too."""
    from rolemodel._columns import ScoredBlock

    style = style or Style()
    rows = failed = 0
    if fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        # the csv module leaves a cell holding a lone carriage return unquoted when lines end in
        # "\n", and a reader then splits the row there: such rows are written fully quoted
        quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
        own = [c for c in columns if not _is_result(c)]
        if style.excel:
            stream.write("\ufeff")
        writer.writerow(columns)
        for block in blocks:
            if isinstance(block, ScoredBlock):  # a column at a time
                for text in block.csv_chunks(columns, style):
                    stream.write(text)
                rows += len(block)
                failed += block.failed
                continue
            for row in block:
                cells = ["" if (v := row.get(c)) is None else v for c in columns]
                if style.excel:
                    cells = [_safe(v) for v in cells]
                if any("\r" in v for c in own if type(v := row.get(c)) is str):
                    quoted.writerow(cells)
                else:
                    writer.writerow(cells)
            rows += len(block)
            failed += sum(1 for row in block if row.get("error") is not None)
        return rows, failed
    if fmt in ("json", "jsonl"):
        import json

        numbers = [c for c in columns if c in style.factors]
        for block in blocks:
            for row in block.rows() if isinstance(block, ScoredBlock) else block:
                item = {c: row.get(c) for c in columns}
                for c in numbers:
                    item[c] = _cell(item[c])
                if fmt == "jsonl":
                    stream.write(json.dumps(item, ensure_ascii=False) + "\n")
                else:
                    text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n  ")
                    stream.write(("[\n  " if rows == 0 else ",\n  ") + text)
                rows += 1
                failed += item.get("error") is not None
        if fmt == "json":
            stream.write("[]\n" if rows == 0 else "\n]\n")
        return rows, failed
    from rolemodel._report import portfolio_report

    held = [row for block in blocks for row in (block.rows() if isinstance(block, ScoredBlock) else block)]
    lines = [row[LINE] for row in held] if all(LINE in row for row in held) else None
    text = portfolio_report(held, fmt, id_column=id_column, lines=lines)
    stream.write(text if text.endswith("\n") else text + "\n")
    return len(held), sum(1 for row in held if row.get("error") is not None)


def write_output(text: str, output: str, inputs: Iterable[str] = ()) -> None:
    """``text``, ending in a newline, to the file ``output`` (atomically, UTF-8) or, for
    ``-``, to stdout."""
    if output == "-":
        out(text)
        return
    from rolemodel._atomic import write_text

    write_text(text, output, inputs=inputs)
