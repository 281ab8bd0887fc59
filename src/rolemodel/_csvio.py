"""A client table for the command line: read a CSV, score its rows, write the results, in blocks.

Nothing here holds the whole table. :func:`open_table` reads the header and returns a
:class:`Table` whose rows are read lazily (each with the line it starts on);
:func:`score_blocks` scores them :data:`BLOCK` rows at a time, a bad row keeping its place
with an ``error`` naming its line; :func:`write_rows` writes the scored blocks as CSV, JSON or
JSON Lines as they come (a Markdown/HTML portfolio report needs every row, so it alone holds
them); :func:`write_output` puts text in a file or on stdout. Files are written with
:func:`rolemodel._atomic.atomic_output`.

**Bounds** (each a row error naming the line, never a limit on the file's length):

- a line holds at most :data:`MAX_LINE` characters;
- a cell holds at most :data:`MAX_CELL` characters;
- a quoted cell may hold line breaks, but a row may run at most :data:`MAX_CELL` characters
  and :data:`MAX_CELL_LINES` lines past the line it starts on. A quote left open (it runs past
  those bounds, or to the end of the file) makes one bad row naming the line where the quote
  opened, and the lines after that line are read again as rows: none is swallowed.

Problems with the file itself (unreadable, not UTF-8, a bad header, a required factor's column
missing) are a :class:`~rolemodel._cli.UsageError`.
"""

from __future__ import annotations

import csv
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rolemodel._cli import UsageError, out
from rolemodel._errors import did_you_mean
from rolemodel._profile import FACTORS

if TYPE_CHECKING:
    from rolemodel._model import Framework

__all__ = [
    "BLOCK",
    "MAX_CELL",
    "MAX_CELL_LINES",
    "MAX_LINE",
    "Table",
    "batch_columns",
    "input_names",
    "open_table",
    "score_blocks",
    "write_output",
    "write_rows",
]

#: How many rows are read, scored and written at once (and how long a table is before it
#: shows a progress bar).
BLOCK = 10_000
#: The most characters in one cell.
MAX_CELL = 10_000
#: The most lines a row may run past the line it starts on (through quoted line breaks).
MAX_CELL_LINES = 100
#: The most characters in one line.
MAX_LINE = 100_000

_INPUT_PREFIX = "input_"


# -- reading ------------------------------------------------------------------------------------


class _LongLine(Exception):
    """A line longer than :data:`MAX_LINE` (its text was skipped)."""


class _Unclosed(Exception):
    """A row still inside quotes past the bounds, or at the end of the file."""

    def __init__(self, why: str) -> None:
        self.why = why


_TOO_LONG = "\x00too long\x00"  # stands for a skipped line; never a real line (no newline)


class _Lines:
    """The file's lines with their numbers, each at most :data:`MAX_LINE` characters long, and
    lines to read again (after an unclosed quote) put back in front."""

    def __init__(self, stream: TextIO, source: str) -> None:
        self.stream, self.source = stream, source
        self.number = 0
        self.again: deque[tuple[int, str]] = deque()

    def next(self) -> tuple[int, str] | None:
        if self.again:
            return self.again.popleft()
        try:
            text = self.stream.readline(MAX_LINE + 1)
            if not text:
                return None
            self.number += 1
            if self.number == 1 and text.startswith("\ufeff"):
                text = text[1:]
            if len(text.rstrip("\r\n")) > MAX_LINE:
                while text and not text.endswith(("\n", "\r")):  # skip the rest of it
                    text = self.stream.readline(MAX_LINE)
                return self.number, _TOO_LONG
        except UnicodeDecodeError as exc:
            raise UsageError(
                f"cannot read {self.source}: line {self.number + 1}: not UTF-8 ({exc.reason})"
            ) from None
        except OSError as exc:
            raise UsageError(f"cannot read {self.source}: {exc.strerror or exc}") from None
        return self.number, text


class _Feed:
    """The lines of one row, as :func:`csv.reader` pulls them, within the bounds."""

    def __init__(self, lines: _Lines) -> None:
        self.lines = lines
        self.taken: list[tuple[int, str]] = []
        self.chars = 0

    def start(self) -> None:
        self.taken, self.chars = [], 0

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        item = self.lines.next()
        if item is None:
            if self.taken:
                raise _Unclosed("it is still open at the end of the file")
            raise StopIteration
        self.taken.append(item)
        number, text = item
        if len(self.taken) > 1:
            self.chars += len(text)
            if text is _TOO_LONG or self.chars > MAX_CELL or len(self.taken) > MAX_CELL_LINES + 1:
                raise _Unclosed(
                    f"the row runs past {MAX_CELL:,} characters or {MAX_CELL_LINES} lines without closing it"
                )
        elif text is _TOO_LONG:
            raise _LongLine(number)
        return text


def _opened(taken: Sequence[tuple[int, str]]) -> int:
    """The line where the quote left open opened: the last line on which a quote opens and
    stays open to the line's end (a doubled quote inside quotes is a quote, not a close)."""
    inside, opened = False, taken[0][0]
    for number, text in taken:
        if text is _TOO_LONG:
            continue
        opens = False
        i = text.find('"')
        while i != -1:
            if not inside:
                inside = opens = True
            elif text.startswith('"', i + 1):
                i += 1  # an escaped quote
            else:
                inside = False
            i = text.find('"', i + 1)
        if inside and opens:
            opened = number
    return opened


class Table:
    """A CSV being read: its ``header`` and, once, its ``rows`` (lazily)."""

    def __init__(self, stream: TextIO, source: str, close: bool) -> None:
        self.source, self._stream, self._close = source, stream, close
        self._lines = _Lines(stream, source)
        self._feed = _Feed(self._lines)
        self._reader = csv.reader(self._feed)
        self.header: list[str] = []

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._close:
            self._stream.close()

    def _records(self) -> Iterator[tuple[int, list[str] | None, str | None]]:
        """``(line, cells, error)`` for every row (blank lines left out), in order."""
        feed, reader = self._feed, self._reader
        while True:
            feed.start()
            try:
                cells = next(reader)
            except StopIteration:
                return
            except _LongLine as exc:
                line = exc.args[0]
                yield line, None, f"line {line}: longer than {MAX_LINE:,} characters"
                continue
            except _Unclosed as exc:
                first, opened = feed.taken[0][0], _opened(feed.taken)
                where = f"line {first}: " + (
                    f"the quote opened on line {opened}" if opened != first else "a quote"
                )
                yield first, None, f"{where} is not closed: {exc.why}; the lines after it are read as rows"
                self._lines.again.extendleft(reversed([item for item in feed.taken if item[0] > opened]))
                continue
            except csv.Error as exc:
                line = feed.taken[0][0] if feed.taken else self._lines.number
                yield line, None, f"line {line}: not valid CSV ({exc})"
                continue
            if not cells:
                continue
            line = feed.taken[0][0]
            long = [k for k, cell in enumerate(cells) if len(cell) > MAX_CELL]
            if long:
                names = ", ".join(
                    repr(self.header[k]) if k < len(self.header) else f"field {k + 1}" for k in long
                )
                yield line, cells, f"line {line}: cell {names} holds more than {MAX_CELL:,} characters"
                continue
            yield line, cells, None

    def read_header(self) -> None:
        for _, cells, error in self._records():
            if error is not None:
                raise UsageError(f"{self.source}: {error}")
            assert cells is not None
            self.header = [h.strip() for h in cells]
            return
        raise UsageError(f"{self.source}: empty; expected a CSV header row naming the factors")

    def rows(self) -> Iterator[tuple[int, list[str] | None, str | None]]:
        """``(line, cells, error)`` for each row after the header: ``cells`` is ``None`` where
        the row could not be read at all, ``error`` ``None`` where it was read well."""
        return self._records()


def open_table(source: str) -> Table:
    """The CSV ``source`` (a path, or ``-`` for stdin), its header read and checked."""
    if source == "-":
        stream, close = sys.stdin, False
    else:
        try:
            stream, close = Path(source).open(encoding="utf-8-sig", newline=""), True  # noqa: SIM115
        except OSError as exc:
            raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None
    table = Table(stream, source, close)
    try:
        table.read_header()
        header = table.header
        duplicates = sorted({h for h in header if header.count(h) > 1})
        if duplicates:
            raise UsageError(f"{source}: line 1: column(s) named twice: {', '.join(duplicates)}")
        missing = [n for n, s in FACTORS.items() if s.required and n not in header]
        if missing:
            hints = [did_you_mean(n, header) for n in missing]
            raise UsageError(
                f"{source}: line 1: expected a column for each required factor, missing "
                + ", ".join(n + (f" ({h})" if h else "") for n, h in zip(missing, hints, strict=True))
            )
    except BaseException:
        table.__exit__()
        raise
    return table


# -- columns ------------------------------------------------------------------------------------


def input_names(header: Sequence[str]) -> list[str]:
    """The output names of the input's columns: each as it is, except a name a batch writes
    (:func:`rolemodel._result.is_result_column`: ``role``, ``error``, ``score_*``,
    ``verdict_*`` ...), which becomes ``input_<name>`` (``input_input_<name>`` if that is taken
    too, and so on). The order is the input's."""
    from rolemodel._result import is_result_column

    taken = set(header)
    names: list[str] = []
    for name in header:
        if is_result_column(name):
            new = _INPUT_PREFIX + name
            while new in taken or is_result_column(new):
                new = _INPUT_PREFIX + new
            taken.add(new)
            name = new
        names.append(name)
    return names


def batch_columns(header: Sequence[str], frameworks: Iterable[Framework]) -> list[str]:
    """The output columns of a batch: the input's own (:func:`input_names`), then
    :func:`rolemodel._result.result_columns` for these frameworks."""
    from rolemodel._result import result_columns

    return [*input_names(header), *result_columns(f.id for f in frameworks)]


# -- scoring ------------------------------------------------------------------------------------


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


def _plain(value: Any) -> Any:
    """A result cell as plain Python: NaN (no score) as ``None``."""
    return None if isinstance(value, float) and value != value else value


def _plain_column(array: Any) -> list[Any]:
    """A result column of :func:`rolemodel.recommend_table` as plain Python cells."""
    cells: list[Any] = array.tolist()
    if array.dtype.kind == "f":
        return [None if v != v else v for v in cells]
    return cells


def _numpy_ok() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def score_blocks(
    table: Table,
    *,
    frameworks: Iterable[Framework] | None = None,
    weights: Mapping[str, float] | None = None,
    progress: bool = False,
    total: int | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """The table's rows, scored, in blocks of at most :data:`BLOCK`, in order.

    Each row is a dict: its own columns (renamed by :func:`input_names`), then the result
    columns of :meth:`rolemodel.Recommendation.to_row` (``None`` when empty, and for a score
    no framework gives). Scores with :func:`rolemodel.recommend_table` when numpy is
    installed, else with :func:`rolemodel.recommend_many`; the results are the same. A row
    where every framework abstains is scored: its answer is empty and ``reason`` says why. A
    bad row keeps its place, with empty results and ``error`` naming its CSV line.
    """
    from rolemodel._api import choose_frameworks
    from rolemodel._result import result_columns

    chosen, _ = choose_frameworks(frameworks, weights, "batch")
    header = table.header
    results = result_columns(f.id for f in chosen)
    names = input_names(header)
    factor_columns = [(i, name) for i, name in enumerate(header) if name in FACTORS]
    numpy_ok = _numpy_ok()
    bar = _Progress(total, progress)
    block: list[tuple[int, list[str] | None, str | None]] = []
    for item in table.rows():
        block.append(item)
        if len(block) == BLOCK:
            yield _score_block(block, names, results, factor_columns, chosen, weights, numpy_ok)
            bar.advance(len(block))
            block = []
    if block:
        yield _score_block(block, names, results, factor_columns, chosen, weights, numpy_ok)
        bar.advance(len(block))
    bar.close()


def _score_block(
    block: Sequence[tuple[int, list[str] | None, str | None]],
    names: Sequence[str],
    results: Sequence[str],
    factor_columns: Sequence[tuple[int, str]],
    chosen: Sequence[Framework],
    weights: Mapping[str, float] | None,
    numpy_ok: bool,
) -> list[dict[str, Any]]:
    width = len(names)
    rows: list[dict[str, Any]] = []
    good: list[int] = []
    for line, cells, error in block:
        cells = cells or []
        record: dict[str, Any] = {name: cells[i] if i < len(cells) else "" for i, name in enumerate(names)}
        record.update(dict.fromkeys(results))
        if error is None and len(cells) != width:
            error = f"line {line}: expected {width} fields like the header, found {len(cells)}"
        if error is not None:
            record["error"] = error
        else:
            good.append(len(rows))
        rows.append(record)
    if not good:
        return rows
    values = [{name: _cell(block[k][1][i]) for i, name in factor_columns} for k in good]  # type: ignore[index]
    if numpy_ok:
        from rolemodel._batch import recommend_table

        columns = {name: [v[name] for v in values] for _, name in factor_columns}
        table = recommend_table(columns, frameworks=chosen, weights=weights)
        scored = zip(*(_plain_column(table[name]) for name in results), strict=True)
        for k, error, answer in zip(good, table["error"].tolist(), scored, strict=True):
            if error is not None:
                rows[k]["error"] = f"line {block[k][0]}: {error}"
            else:
                rows[k].update(zip(results, answer, strict=True))
    else:
        from rolemodel._batch import recommend_many

        for k, result in zip(
            good, recommend_many(values, frameworks=chosen, weights=weights, errors="return"), strict=True
        ):
            if result.recommendation is None:
                rows[k]["error"] = f"line {block[k][0]}: {result.error}"
            else:
                rows[k].update((name, _plain(v)) for name, v in result.recommendation.to_row().items())
    return rows


# -- writing ------------------------------------------------------------------------------------

#: The output formats that are written block by block, holding one block at a time.
STREAMING = ("csv", "json", "jsonl")


def write_rows(
    blocks: Iterable[Sequence[Mapping[str, Any]]], columns: Sequence[str], fmt: str, stream: TextIO
) -> tuple[int, int]:
    """Scored blocks to ``stream`` as CSV, JSON (an array), JSON Lines, or a Markdown/HTML
    portfolio report; ``(rows, failed rows)``. CSV and the JSONs are written as the blocks
    come; the report needs every row, so it holds them."""
    rows = failed = 0
    if fmt == "csv":
        from rolemodel._result import is_result_column

        writer = csv.writer(stream, lineterminator="\n")
        # the csv module leaves a cell holding a lone carriage return unquoted when lines end in
        # "\n", and a reader then splits the row there: such rows are written fully quoted
        quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
        own = [c for c in columns if not is_result_column(c)]
        writer.writerow(columns)
        for block in blocks:
            for row in block:
                cells = ["" if (v := row.get(c)) is None else v for c in columns]
                if any("\r" in row.get(c, "") for c in own):
                    quoted.writerow(cells)
                else:
                    writer.writerow(cells)
            rows += len(block)
            failed += sum(1 for row in block if row.get("error") is not None)
        return rows, failed
    if fmt in ("json", "jsonl"):
        import json

        for block in blocks:
            for row in block:
                item = {c: row.get(c) for c in columns}
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

    held = [row for block in blocks for row in block]
    text = portfolio_report(held, fmt)
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
