"""A client CSV's rows read a block at a time, column by column: ``rolemodel batch``'s quick
reading (:meth:`rolemodel._clientfile.ClientFile.take`).

:meth:`rolemodel._tabular.CsvRows.take` reads many lines at once; where they are rows of
plain text (no quote, no carriage return but in a ``\r\n`` line end, none blank, each with
the header's number of fields) :func:`by_column` splits them all at once; other rows come one
by one, as :meth:`~rolemodel._tabular.CsvRows.rows` reads them. :func:`take_cells` makes
them a :class:`CellBlock`: the cells by column, each known column's cells as
:meth:`~rolemodel._clientfile.ClientFile.rows` has them (stripped, blank ones ``None``,
decimal commas rewritten), and, where every cell is as the file wrote it, the rows' text.

(pyarrow's CSV reader was tried for the split: it saved no time a batch could measure and
kept some 40 to 80 MB more memory, so the split is ``str.split``'s.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

if TYPE_CHECKING:
    from rolemodel._tabular import CsvRows

__all__ = ["CellBlock", "RawRows", "by_column", "take_cells"]


class RawRows(NamedTuple):
    """Rows read at once (:meth:`rolemodel._tabular.CsvRows.take`): each row's line, cells and
    error, as :meth:`~rolemodel._tabular.Rows.rows` yields them one by one; or, where every
    row read well with the fields asked for, the cells by column (``columns[j][i]``; ``cells``
    is then empty)."""

    lines: list[int]
    cells: list[list[str] | None]
    errors: list[str | None]
    columns: list[list[str]] | None = None
    #: With ``columns``: the rows' lines without their line ends, joined by ``\n``.
    text: str | None = None


def take_cells(
    rows: CsvRows,
    names: Sequence[str],
    vocabulary: frozenset[str],
    decimal: bool,
    count: int,
) -> CellBlock | None:
    """The next ``count`` rows of ``rows`` (fewer at the end; ``None`` past it) as one
    :class:`CellBlock`, its columns named ``names``; the cells of the columns in
    ``vocabulary`` cleaned, with decimal commas rewritten under ``decimal``."""
    width = len(names)
    raw = rows.take(count, width)
    if not raw.lines:
        return None
    errors = raw.errors
    columns: dict[str, Sequence[Any]]
    if raw.columns is not None:
        columns = dict(zip(names, raw.columns, strict=True))
    else:
        cells, errors = _padded(raw.lines, raw.cells, raw.errors, width)
        columns = dict(zip(names, zip(*cells, strict=True), strict=True))
    kept = True  # whether every cell is as the file wrote it
    for name in names:
        if name in vocabulary:  # a pass-through cell is kept as it is
            columns[name], same = _cleaned(columns[name], decimal)
            kept = kept and same
    text = raw.text if kept else None
    if text is not None and rows.delimiter != ",":
        text = None if "," in text else text.replace(rows.delimiter, ",")
    return CellBlock(raw.lines, columns, errors, text)


def by_column(lines: list[str], delimiter: str, width: int) -> tuple[list[list[str]], str] | None:
    """The cells of ``lines`` by column, and the lines without their ends joined by ``\\n``,
    when each is a row of ``width`` fields without quotes ending in ``\\n`` or ``\\r\\n`` (the
    last may end the file); else ``None``."""
    text = "".join(lines)
    if '"' in text:
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text or "\n\n" in text or text.startswith("\n") or text.endswith("\n"):  # a blank line is no row
        return None
    if set(map(str.count, lines, repeat(delimiter))) != {width - 1}:
        return None
    cells = text.replace("\n", delimiter).split(delimiter)
    return [cells[j::width] for j in range(width)], text


def _padded(
    lines: list[int], cells: list[list[str] | None], errors: list[str | None], width: int
) -> tuple[list[list[str | None]], list[str | None]]:
    """Rows of any length as rows of ``width`` cells (``None`` where there was none), a row of
    another length or none at all with an error, as :meth:`ClientFile.rows` keeps them."""
    if None not in cells and set(map(len, cells)) == {width}:  # type: ignore[arg-type]
        return cells, errors  # type: ignore[return-value]
    rows: list[list[str | None]] = []
    errors = list(errors)
    for i, row in enumerate(cells):
        if row is None:
            errors[i] = errors[i] or f"line {lines[i]}: cannot be read"
            rows.append([None] * width)
        else:
            if len(row) != width and errors[i] is None:
                errors[i] = f"line {lines[i]}: expected {width} fields like the header, found {len(row)}"
            rows.append([*row[:width], *[None] * (width - len(row))])
    return rows, errors


@attrs.frozen
class CellBlock:
    """Rows read at once (:meth:`ClientFile.take`): each row's ``line`` and ``error``, and the
    cells by column name (``columns[name][i]``), as :meth:`ClientFile.rows` gives them one
    by one. ``text``, where every cell is as the file wrote it, without quotes or commas
    inside: the rows' cells joined by commas, the rows by ``\\n``."""

    lines: list[int]
    columns: Mapping[str, Sequence[Any]]
    errors: list[str | None]
    text: str | None = None

    def __len__(self) -> int:
        return len(self.lines)


def _cleaned(cells: Sequence[str | None], decimal: bool) -> tuple[list[str | None], bool]:
    """A known column's text cells as :meth:`ClientFile.rows` has them: stripped, blank ones
    ``None``, decimal commas rewritten (each distinct text once) under ``decimal``; and whether
    every cell is as it was (but blank ones ``None``)."""
    if None in cells:
        out = [None if c is None else c.strip() or None for c in cells]
        same = False
    else:
        out = list(map(str.strip, cells))  # type: ignore[arg-type]
        same = out == cells
        if "" in out:
            out = [c or None for c in out]
    if decimal:
        from rolemodel._clientfile import decimal_point

        seen: dict[str, str] = {}
        new = [None if c is None else seen.get(c) or seen.setdefault(c, decimal_point(c)) for c in out]
        same = same and new == out
        out = new
    return out, same
