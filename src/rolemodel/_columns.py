"""A client CSV scored and written a block at a time, column by column: ``rolemodel batch``'s
quick path.

:func:`score_cells` takes a :class:`~rolemodel._cells.CellBlock` (rows read at once by
:meth:`~rolemodel._clientfile.ClientFile.take`) and reads each factor column with a
:class:`Reading`: every distinct text of a column is coerced once, by the very coercion of
the row-by-row path (:func:`rolemodel._csvio._cell`, then :class:`rolemodel.Profile`'s
converters), and the cells become one float array. The rows whose every factor reads well
are scored at once by :func:`rolemodel.recommend_table` on those arrays; any other row (a bad
cell, a required cell left blank, a team larger than its company, a row the reader could not
read) is scored by the row-by-row path (:func:`rolemodel._csvio._score_rows`), which words its
errors. Both give the same results, so the block's output is the row-by-row output.

:meth:`ScoredBlock.csv_chunks` writes a block's CSV lines a column at a time: each column's
cells as text at once (a score through a table of the texts of its rounded values; answers
side by side through their few distinct combinations, each quoted and neutralised for Excel
once; the own cells as the file wrote them, where they need no quoting), then one join per
row, written a few hundred lines at a time. A row the row-by-row path scored, or one the
``csv`` module writes quoted whole (a lone carriage return in a cell), is written by the
``csv`` module as before. The texts are the ``csv`` module's: a float is written as its
``repr``, a cell is quoted where the module quotes it (asked of the module itself, once per
character).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rolemodel._errors import RoleModelError
from rolemodel._profile import FACTORS

if TYPE_CHECKING:
    from rolemodel._cells import CellBlock
    from rolemodel._clientfile import ClientRow
    from rolemodel._csvio import Style
    from rolemodel._model import Framework

__all__ = ["Reading", "ScoredBlock", "factor_values", "float_texts", "score_cells"]

#: What a cell that does not read well (or a required one left blank) reads as.
_UNSURE = math.inf
#: The most distinct texts a :class:`Reading` or the answers' texts keep, and the longest
#: text a :class:`Reading` keeps (memory stays bounded on any file).
_KEPT = 1 << 14
_KEPT_TEXT = 32
_STAGES = ("startup", "growth", "mature")


class Reading(dict[Any, float]):
    """A factor column's texts as numbers, each distinct text coerced once: the number the
    row-by-row path scores it as (a count, a graded value, a stage's index; NaN where not given)
    or ``inf`` where that path would refuse the row."""

    def __init__(self, name: str) -> None:
        super().__init__()
        from rolemodel._model import Stage
        from rolemodel._profile import _count, _graded, _stage

        spec = FACTORS[name]
        self.name = name
        self.convert: Callable[[object], Any] = (
            _count(name)
            if spec.kind == "count"
            else _graded(name, spec.required)
            if spec.kind == "graded"
            else _stage
        )
        stages = {stage: float(i) for i, stage in enumerate(Stage)}
        self.number: Callable[[Any], float] = stages.__getitem__ if spec.kind == "stage" else float
        self[None] = _UNSURE if spec.required else math.nan

    def __missing__(self, text: Any) -> float:
        from rolemodel._csvio import _cell

        try:
            value = self.convert(_cell(text))
            number = math.nan if value is None else self.number(value)
        except RoleModelError:
            number = _UNSURE
        if len(self) < _KEPT and (text is None or len(text) <= _KEPT_TEXT):
            self[text] = number
        return number


def factor_values(
    np: Any, name: str, cells: Sequence[Any], reading: Reading | None = None
) -> tuple[Any, Any]:
    """A factor column's cells (stripped text, ``None`` where blank) as ``(values, unsure)``:
    float64 values (NaN where not given) and a mask of the cells the row-by-row path refuses
    (a required one left blank too), read with ``reading`` (kept across blocks)."""
    reading = reading if reading is not None else Reading(name)
    values = np.fromiter(map(reading.__getitem__, cells), np.float64, len(cells))
    unsure = values == _UNSURE
    if unsure.any():
        values[unsure] = np.nan
    return values, unsure


# -- scoring --------------------------------------------------------------------------------------


class ScoredBlock:
    """A block scored: its rows' ``lines``, their own cells (``columns``, by input name; ``own``
    pairs each with its output name), the result columns of the rows scored at once
    (``table``, at the positions ``quick``), and the rows the row-by-row path scored (``slow``:
    position -> the row as that path gives it). ``text``: the rows' own cells as written, where
    they are (:attr:`rolemodel._cells.CellBlock.text`)."""

    def __init__(
        self,
        np: Any,
        block: CellBlock,
        own: Sequence[tuple[str, str]],
        results: Sequence[str],
        quick: Any,
        table: Mapping[str, Any],
        slow: dict[int, dict[str, Any]],
        digits: int | None,
    ) -> None:
        self.np, self.lines, self.columns, self.own = np, block.lines, block.columns, own
        self.results, self.quick, self.table, self.slow = results, quick, table, slow
        self.digits, self.text = digits, block.text
        self.failed = sum(1 for row in slow.values() if row.get("error") is not None)

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> Any:
        """A result column over the whole block (NaN or ``None`` in the rows scored slowly)."""
        np, got = self.np, self.table[name]
        if len(self.quick) == len(self):
            return got
        full = np.full(len(self), np.nan if got.dtype.kind == "f" else None, dtype=got.dtype)
        full[self.quick] = got
        return full

    def rows(self) -> list[dict[str, Any]]:
        """The block as the row-by-row path gives it: one dict per row."""
        from rolemodel._csvio import LINE, _plain_column

        results: dict[str, list[Any]] = {}
        if len(self.quick):
            results = {name: _plain_column(self.column(name), self.digits) for name in self.results}
        own = [(out, self.columns[name]) for name, out in self.own]
        out: list[dict[str, Any]] = []
        for i, line in enumerate(self.lines):
            if i in self.slow:
                out.append(self.slow[i])
                continue
            record = {name: cells[i] for name, cells in own}
            record.update((name, cells[i]) for name, cells in results.items())
            record[LINE] = line
            out.append(record)
        return out

    def row(self, i: int) -> dict[str, Any]:
        """Row ``i`` as the row-by-row path gives it."""
        from rolemodel._csvio import LINE, _plain_column

        if i in self.slow:
            return self.slow[i]
        record = {out: self.columns[name][i] for name, out in self.own}
        record.update(
            (name, _plain_column(self.column(name)[i : i + 1], self.digits)[0]) for name in self.results
        )
        record[LINE] = self.lines[i]
        return record

    def csv_chunks(self, columns: Sequence[str], style: Style) -> list[str]:
        """The block's CSV lines (each ending in ``\\n``) as the ``csv`` module writes its rows,
        in texts of at most :data:`_CHUNK` lines (no large text is made at once)."""
        np, n = self.np, len(self)
        first = len(self.own)
        parts: list[Any] = []
        whole: set[int] = set(self.slow)  # rows written whole by the csv module
        text = self.text
        verbatim = (
            text is not None
            and _VERBATIM
            and list(columns[:first]) == [out for _, out in self.own]
            and not (style.excel and _FORMULA_IN_ROW.search(text))
        )
        if verbatim:  # the own cells as they are written
            parts.append(text.split("\n"))  # type: ignore[union-attr]
        names = {out: name for name, out in self.own}
        run: list[list[Any]] = []  # answer columns side by side: written at once

        def flush() -> None:
            if len(run) == 1:
                parts.append(list(map(_Texts.of(style.excel).__getitem__, run[0])))
            elif run:
                parts.append(list(map(_Texts.of(style.excel, len(run)).__getitem__, zip(*run, strict=True))))
            run.clear()

        for name in columns[first if verbatim else 0 :]:
            column = self.column(name) if name not in names and self.table else None
            if column is not None and column.dtype.kind != "f":
                run.append(column.tolist())
                continue
            flush()
            if name in names:
                texts, returns = _text_cells(self.columns[names[name]], style.excel)
                parts.append(texts)
                whole.update(returns)
            elif column is None:
                parts.append([""] * n)
            else:
                parts.append(float_texts(np, column, self.digits))
        flush()
        lines = list(map(",".join, zip(*parts, strict=True)))
        own_names = [out for _, out in self.own]
        for i in whole:
            lines[i] = _row_line(self.row(i), columns, own_names, style.excel)
        return ["\n".join(lines[i : i + _CHUNK]) + "\n" for i in range(0, n, _CHUNK)]


#: Lines per text written at once: small enough for the allocator's pools (no fresh pages).
_CHUNK = 200


def score_cells(
    block: CellBlock,
    own: Sequence[tuple[str, str]],
    results: Sequence[str],
    factors: Sequence[str],
    chosen: Sequence[Framework],
    weights: Mapping[str, float] | None,
    digits: int | None,
    readings: dict[str, Reading],
    score_rows: Callable[[list[ClientRow]], list[dict[str, Any]]],
) -> ScoredBlock:
    """A block scored: the rows whose factors all read well at once with
    :func:`rolemodel.recommend_table`, the others by ``score_rows`` (the row-by-row path)."""
    import numpy as np

    from rolemodel._batch import recommend_table
    from rolemodel._clientfile import ClientRow

    n = len(block)
    columns = block.columns
    if block.errors.count(None) == n:
        slow_rows = np.zeros(n, dtype=bool)
    else:
        slow_rows = np.fromiter((e is not None for e in block.errors), bool, n)
    values: dict[str, Any] = {}
    for name in factors:
        values[name], unsure = factor_values(
            np, name, columns[name], readings.setdefault(name, Reading(name))
        )
        slow_rows |= unsure
    with np.errstate(invalid="ignore"):
        slow_rows |= values["team_size"] > values["company_size"]  # told row by row
    quick = np.flatnonzero(~slow_rows)
    table: dict[str, Any] = {}
    if quick.size:
        every = quick.size == n
        data = {name: v if every else v[quick] for name, v in values.items() if name != "stage"}
        if "stage" in values:
            stage = values["stage"] if every else values["stage"][quick]
            given = ~np.isnan(stage)
            if given.any():
                words = np.array([*_STAGES, ""])
                data["stage"] = words[np.where(given, stage, 3.0).astype(np.intp)]
        table = recommend_table(data, frameworks=chosen, weights=weights, top_reason=True)
        refused = np.flatnonzero([error is not None for error in table["error"].tolist()])
        if refused.size:  # not expected: those rows are told of row by row too
            slow_rows[quick[refused]] = True
            keep = np.ones(quick.size, dtype=bool)
            keep[refused] = False
            quick = quick[keep]
            table = {name: column[keep] for name, column in table.items()}
    slow: dict[int, dict[str, Any]] = {}
    positions = np.flatnonzero(slow_rows).tolist()
    if positions:
        names = list(columns)
        rows = [
            ClientRow(block.lines[i], {name: columns[name][i] for name in names}, block.errors[i], None)
            for i in positions
        ]
        slow = dict(zip(positions, score_rows(rows), strict=True))
    return ScoredBlock(np, block, own, results, quick, table, slow, digits)


# -- writing --------------------------------------------------------------------------------------


def _quoted_by_csv(field: str) -> bool:
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow([field, "x"])
    return line.getvalue() != field + ",x\n"


#: The characters that may make the ``csv`` module quote a field (asked of the module itself).
_QUOTABLE_CHARS = frozenset(
    c for c in map(chr, range(128)) if any(_quoted_by_csv(f) for f in (c, c + "a", "a" + c, "a" + c + "b"))
)
_QUOTABLE = re.compile("[" + "".join(map(re.escape, sorted(_QUOTABLE_CHARS))) + "]")
#: Whether a row's own cells, without quotes or commas, are written as they are.
_VERBATIM = {",", '"', "\n"} >= _QUOTABLE_CHARS
_FORMULA_IN_ROW = re.compile(r"(?:^|[\n,])[=+\-@\t\r]")
_SEP = next(c for c in map(chr, range(32)) if c not in "\r\n\t" and not _QUOTABLE.match(c))
_FORMULA_START = re.compile(f"(?:^|{re.escape(_SEP)})[=+\\-@\t\r]")


def _escaped(text: str) -> str:
    """A non-empty text as the ``csv`` module writes it as a field."""
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow([text, ""])
    return line.getvalue()[:-2]


def _text_cells(cells: Sequence[Any], excel: bool) -> tuple[list[str], list[int]]:
    """A column of own cells (text or ``None``) as field texts, and the rows whose cell holds a
    carriage return (the csv module writes them quoted whole)."""
    from rolemodel._csvio import _safe

    out = ["" if c is None else c for c in cells] if None in cells else list(cells)
    joined = _SEP.join(out)
    if excel and _FORMULA_START.search(joined):
        out = [_safe(c) for c in out]
        joined = _SEP.join(out)
    if _QUOTABLE.search(joined):
        out = [_escaped(c) if _QUOTABLE.search(c) else c for c in out]
    returns = [i for i, c in enumerate(cells) if c is not None and "\r" in c] if "\r" in joined else []
    return out, returns


class _Texts(dict[Any, str]):
    """Answer cells (text or ``None``) as field texts, each distinct one escaped once; for
    ``width`` > 1, a tuple of that many answer cells as their fields joined by commas, each
    distinct tuple joined once."""

    _made: dict[tuple[bool, int], _Texts] = {}  # noqa: RUF012 - one per flag and width, shared

    def __init__(self, excel: bool, width: int) -> None:
        super().__init__()
        self.excel, self.width = excel, width
        if width == 1:
            self[None] = ""

    @classmethod
    def of(cls, excel: bool, width: int = 1) -> _Texts:
        texts = cls._made.get((excel, width))
        if texts is None or len(texts) > _KEPT:
            texts = cls._made[excel, width] = cls(excel, width)
        return texts

    def __missing__(self, value: Any) -> str:
        if self.width > 1:
            one = _Texts.of(self.excel)
            text = ",".join(one[v] for v in value)
        else:
            from rolemodel._csvio import _safe

            text = _safe(value) if self.excel else value
            text = str(text) if type(text) is not str else text
            text = _escaped(text) if text and _QUOTABLE.search(text) else text
        self[value] = text
        return text


_FLOAT_TABLES: dict[int, Any] = {}


def float_texts(np: Any, column: Any, digits: int | None) -> list[str]:
    """A float column as the csv module writes it once rounded as
    :func:`rolemodel._csvio._plain_column` rounds it (numpy's ``round``: scaled, ``rint``,
    scaled back): ``repr`` of each value, ``""`` for NaN. Values in [0, 1] to at most 5 digits
    are looked up in a table of every such text."""
    if digits is not None and 0 <= digits <= 5 and column.size:
        scale = 10.0**digits
        with np.errstate(invalid="ignore"):
            steps = np.rint(column * scale)
        missing = np.isnan(steps)
        given = steps[~missing]
        if given.size == 0 or (given.min() >= 0 and given.max() <= scale and not np.signbit(given).any()):
            table = _FLOAT_TABLES.get(digits)
            if table is None:
                texts = [*(repr(k / scale) for k in range(int(scale) + 1)), ""]
                table = _FLOAT_TABLES[digits] = np.array(texts, dtype=object)
            steps[missing] = scale + 1
            found: list[str] = table[steps.astype(np.intp)].tolist()
            return found
    values = column if digits is None else column.round(digits)
    return ["" if v != v else repr(v) for v in values.tolist()]


_LINE = io.StringIO()
_WRITER = csv.writer(_LINE, lineterminator="\n")
_QUOTED = csv.writer(_LINE, lineterminator="\n", quoting=csv.QUOTE_ALL)


def _row_line(row: Mapping[str, Any], columns: Sequence[str], own: Sequence[str], excel: bool) -> str:
    """One row as :func:`rolemodel._csvio.write_rows` writes it, without its line end."""
    from rolemodel._csvio import _safe

    cells = ["" if (v := row.get(c)) is None else v for c in columns]
    if excel:
        cells = [_safe(v) for v in cells]
    _LINE.seek(0)
    _LINE.truncate()
    if any("\r" in v for c in own if type(v := row.get(c)) is str):
        _QUOTED.writerow(cells)
    else:
        _WRITER.writerow(cells)
    return _LINE.getvalue()[:-1]
