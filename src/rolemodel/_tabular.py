"""Client files as rows: CSV, JSON Lines and Excel ``.xlsx``, read lazily and within bounds.

Each reader has a ``header`` (the column names as written), ``rows()`` yielding
``(line, cells, error)`` (``cells`` in the header's order, ``None`` where the row could not be
read; ``error`` ``None`` for a row read well) and ``close()``. :func:`open_rows` picks the
reader by the file's suffix. What the columns mean is :mod:`rolemodel._clientfile`'s job.

**Bounds** (each a row error naming the line, never a limit on the number of rows):

- a line holds at most :data:`MAX_LINE` characters, a cell at most :data:`MAX_CELL`;
- a CSV quoted cell may hold line breaks, but a row may run at most :data:`MAX_CELL`
  characters and :data:`MAX_CELL_LINES` lines past the line it starts on. A quote left open
  makes one bad row naming the line where the quote opened, and the lines after that line are
  read again as rows: none is swallowed;
- a header has at most :data:`MAX_COLUMNS` columns;
- an ``.xlsx`` file is at most :data:`MAX_XLSX_BYTES` bytes (checked before it is opened).

Problems with the file itself (unreadable, not in its encoding, no header) are a
:class:`~rolemodel._cli.UsageError`.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, TextIO

from rolemodel._cells import RawRows, by_column
from rolemodel._cli import UsageError

__all__ = [
    "DELIMITERS",
    "FORMATS",
    "MAX_CELL",
    "MAX_CELL_LINES",
    "MAX_COLUMNS",
    "MAX_LINE",
    "MAX_XLSX_BYTES",
    "CsvRows",
    "JsonLinesRows",
    "Rows",
    "XlsxRows",
    "file_format",
    "open_rows",
]

#: The most characters in one cell.
MAX_CELL = 10_000
#: The most lines a row may run past the line it starts on (through quoted line breaks).
MAX_CELL_LINES = 100
#: The most characters in one line.
MAX_LINE = 100_000
#: The most columns a header may name.
MAX_COLUMNS = 1_000
#: The largest ``.xlsx`` file read (a workbook is a zip archive, expanded as it is read).
MAX_XLSX_BYTES = 50 * 1024 * 1024
#: The delimiters a CSV file's header is sniffed for.
DELIMITERS = (",", ";", "\t", "|")
#: The formats by file suffix; any other suffix (and stdin) is read as CSV.
FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl"}

_TOO_LONG = "\x00too long\x00"  # stands for a skipped line; never a real line (no newline)


class Rows(Protocol):
    """What every reader offers."""

    source: str
    format: str
    header: list[str]

    def rows(self) -> Iterator[tuple[int, list[Any] | None, str | None]]: ...

    def close(self) -> None: ...


def file_format(source: str, given: str | None = None) -> str:
    """``csv``, ``jsonl`` or ``xlsx``: ``given``, else by ``source``'s suffix (stdin: CSV)."""
    if given:
        if given not in ("csv", "jsonl", "xlsx"):
            raise UsageError(f"unknown input format {given!r}: expected csv, jsonl or xlsx")
        return given
    if source == "-":
        return "csv"
    suffix = Path(source).suffix.lower()
    if suffix == ".xls":
        raise UsageError(f"{source}: the old Excel format (.xls) is not read; save it as .xlsx or CSV")
    return FORMATS.get(suffix, "csv")


def open_rows(
    source: str,
    *,
    fmt: str | None = None,
    delimiter: str | None = None,
    encoding: str = "utf-8",
    sheet: str | None = None,
) -> Rows:
    """The rows of the file ``source`` (``-``: stdin, as CSV or JSON Lines), its header read."""
    kind = file_format(source, fmt)
    if kind == "xlsx":
        return XlsxRows(source, sheet)
    codec = _codec(encoding)
    if source == "-":
        stream: TextIO = sys.stdin
        if codec != "utf-8-sig" and hasattr(sys.stdin, "buffer"):
            import io

            stream = io.TextIOWrapper(sys.stdin.buffer, encoding=codec, newline="")
        close = False
    else:
        try:
            stream, close = Path(source).open(encoding=codec, newline=""), True  # noqa: SIM115
        except OSError as exc:
            raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None
        except ValueError as exc:  # a NUL byte in the path
            raise UsageError(f"cannot read {source!r}: {exc}") from None
    label = "UTF-8" if codec == "utf-8-sig" else encoding
    try:
        if kind == "jsonl":
            return JsonLinesRows(stream, source, close, label)
        return CsvRows(stream, source, close, delimiter, label)
    except BaseException:
        if close:
            stream.close()
        raise


def _codec(encoding: str) -> str:
    import codecs

    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r} (try utf-8, cp1252 or latin-1)") from None
    return "utf-8-sig" if name in ("utf-8", "utf-8-sig") else name


def _check_header(source: str, header: Sequence[str]) -> None:
    if len(header) > MAX_COLUMNS:
        raise UsageError(f"{source}: line 1: more than {MAX_COLUMNS:,} columns")


# -- CSV ------------------------------------------------------------------------------------


class _LongLine(Exception):
    """A line longer than :data:`MAX_LINE` (its text was skipped)."""


class _Unclosed(Exception):
    """A row still inside quotes past the bounds, or at the end of the file."""

    def __init__(self, why: str) -> None:
        self.why = why


class _Lines:
    """The file's lines with their numbers, each at most :data:`MAX_LINE` characters long, and
    lines to read again (after an unclosed quote) put back in front."""

    def __init__(self, stream: TextIO, source: str, encoding: str = "UTF-8") -> None:
        self.stream, self.source, self.encoding = stream, source, encoding
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
            return self.number, self._bounded(text)
        except UnicodeDecodeError as exc:
            raise self._undecodable(exc) from None
        except OSError as exc:
            raise UsageError(f"cannot read {self.source}: {exc.strerror or exc}") from None

    def _bounded(self, text: str) -> str:
        """``text``, or :data:`_TOO_LONG` for a line past :data:`MAX_LINE` (its rest skipped)."""
        if len(text.rstrip("\r\n")) > MAX_LINE:
            while text and not text.endswith(("\n", "\r")):  # skip the rest of it
                text = self.stream.readline(MAX_LINE)
            return _TOO_LONG
        return text

    def _undecodable(self, exc: UnicodeDecodeError) -> UsageError:
        return UsageError(
            f"cannot read {self.source}: not {self.encoding} ({exc.reason}); "
            "give the file's encoding with --encoding (cp1252 for Excel on Windows, latin-1 ...)"
        )

    def take(self, count: int) -> tuple[int, list[str]]:
        """Up to ``count`` lines at once: ``(the number of the first, the lines)``, read with
        the very calls of :meth:`next`, each at most :data:`MAX_CELL` characters long. A longer
        line ends the run: it waits in :attr:`again`, as :meth:`next` would have read it.
        Nothing is taken while lines wait there, nor as line 1 (the header's, with its BOM)."""
        first = self.number + 1
        if self.again or first == 1:
            return first, []
        readline = self.stream.readline
        lines: list[str] = []
        append = lines.append
        try:
            for _ in range(count):
                text = readline(MAX_LINE + 1)
                if len(text) > MAX_CELL:
                    self.number += len(lines) + 1
                    self.again.append((self.number, self._bounded(text)))
                    return first, lines
                if not text:
                    break
                append(text)
        except UnicodeDecodeError as exc:
            raise self._undecodable(exc) from None
        except OSError as exc:
            raise UsageError(f"cannot read {self.source}: {exc.strerror or exc}") from None
        self.number += len(lines)
        return first, lines


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


class CsvRows:
    """A CSV being read: its ``header`` and, once, its ``rows`` (lazily), each row's cells as
    text. ``delimiter`` ``None`` takes the one the header line uses most of ``,``, ``;``, tab
    and ``|``."""

    format = "csv"

    def __init__(
        self, stream: TextIO, source: str, close: bool, delimiter: str | None, encoding: str
    ) -> None:
        self.source, self._stream, self._close = source, stream, close
        self._lines = _Lines(stream, source, encoding)
        self._feed = _Feed(self._lines)
        self.delimiter = delimiter if delimiter is not None else self._sniff()
        self._reader = csv.reader(self._feed, delimiter=self.delimiter)
        self._slow: Iterator[tuple[int, list[str] | None, str | None]] | None = None
        self.header: list[str] = []
        self.read_header()

    def _sniff(self) -> str:
        first = self._lines.next()
        if first is None:
            return ","
        self._lines.again.appendleft(first)
        text = first[1]
        if text is _TOO_LONG:
            return ","
        outside = "".join(text.split('"')[::2])  # the text outside quotes
        counts = {d: outside.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","

    def close(self) -> None:
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
                # put back before the row is yielded: ``take`` reads on from them at once
                self._lines.again.extendleft(reversed([item for item in feed.taken if item[0] > opened]))
                yield first, None, f"{where} is not closed: {exc.why}; the lines after it are read as rows"
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
            _check_header(self.source, self.header)
            return
        raise UsageError(f"{self.source}: empty; expected a header row naming the columns")

    def rows(self) -> Iterator[tuple[int, list[str] | None, str | None]]:
        """``(line, cells, error)`` for each row after the header: ``cells`` is ``None`` where
        the row could not be read at all, ``error`` ``None`` where it was read well."""
        return self._records()

    def take(self, count: int, width: int | None = None) -> RawRows:
        """The next ``count`` rows (fewer at the end of the file), as :meth:`rows` yields them,
        read many lines at a time: a line without quotes is split at the delimiter, a line
        whose quotes close on it is read by :func:`csv.reader` alone, and from any other line
        on (a quote left open, a line past the bounds, a delimiter other than ``, ; tab |``)
        rows are read one by one by :meth:`rows`'s own reader until the lines it put back are
        read. The same rows, cells, errors and line numbers as :meth:`rows`, and no line read
        past the last row's. Where every row has ``width`` fields and no quote (the common
        block), the cells come by column (:attr:`~rolemodel._cells.RawRows.columns`), split all
        at once (:func:`rolemodel._cells.by_column`)."""
        if self._slow is None:
            self._slow = self._records()
        lines, slow = self._lines, self._slow
        delimiter = self.delimiter
        quick = delimiter in DELIMITERS
        numbers: list[int] = []
        rows: list[list[str] | None] = []
        errors: list[str | None] = []
        while len(rows) < count:
            if lines.again or not quick:
                item = next(slow, None)
                if item is None:
                    break
                numbers.append(item[0])
                rows.append(item[1])
                errors.append(item[2])
                continue
            first, taken = lines.take(count - len(rows))
            if not taken:
                if lines.again:
                    continue
                break
            if width is not None and not rows and (len(taken) == count or not lines.again):
                split = by_column(taken, delimiter, width)
                if split is not None:
                    n = len(taken)
                    return RawRows(list(range(first, first + n)), [], [None] * n, *split)
            for k, text in enumerate(taken):
                body = text.rstrip("\r\n")
                if not body:
                    continue  # a blank line: no row
                if '"' in body or "\r" in body:
                    try:
                        cells = next(csv.reader((text,), delimiter=delimiter, strict=True))
                    except (csv.Error, StopIteration):  # read one by one, from this line on
                        lines.again.extendleft(
                            reversed([(first + j, taken[j]) for j in range(k, len(taken))])
                        )
                        break
                else:
                    cells = body.split(delimiter)
                numbers.append(first + k)
                rows.append(cells)
                errors.append(None)
        return RawRows(numbers, rows, errors)


# -- JSON Lines ---------------------------------------------------------------------------------


class JsonLinesRows:
    """A JSON Lines file: one JSON object per line. The header is every key, in the order first
    seen; a path is read twice for it (stdin is held in a spooled temporary file)."""

    format = "jsonl"

    def __init__(self, stream: TextIO, source: str, close: bool, encoding: str) -> None:
        self.source, self._close = source, close
        if not close:  # stdin: spooled, to be read twice
            import tempfile

            spool = tempfile.SpooledTemporaryFile(mode="w+", max_size=1 << 24)  # noqa: SIM115
            while chunk := stream.read(1 << 16):
                spool.write(chunk)
            spool.seek(0)
            stream, self._close = spool, True  # type: ignore[assignment]
        self._stream = stream
        self._encoding = encoding
        keys: dict[str, None] = {}
        for _, item, _error in self._objects():
            if item is not None:
                keys.update(dict.fromkeys(k.strip() for k in item))
                if len(keys) > MAX_COLUMNS:
                    raise UsageError(f"{source}: more than {MAX_COLUMNS:,} distinct keys")
        self.header = list(keys)
        if not self.header:
            raise UsageError(f"{source}: no JSON object with keys; expected one object per line")

    def _objects(self) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
        self._stream.seek(0)
        lines = _Lines(self._stream, self.source, self._encoding)
        while (item := lines.next()) is not None:
            number, text = item
            if text is _TOO_LONG:
                yield number, None, f"line {number}: longer than {MAX_LINE:,} characters"
                continue
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except ValueError as exc:
                yield number, None, f"line {number}: not valid JSON ({exc})"
                continue
            if not isinstance(value, dict):
                yield number, None, f"line {number}: expected a JSON object, found {type(value).__name__}"
                continue
            yield number, value, None

    def rows(self) -> Iterator[tuple[int, list[Any] | None, str | None]]:
        keys = {k: i for i, k in enumerate(self.header)}
        for number, item, error in self._objects():
            if item is None:
                yield number, None, error
                continue
            cells: list[Any] = [None] * len(keys)
            problems = []
            for key, value in item.items():
                if isinstance(value, dict | list):
                    problems.append(f"{key!r} holds a JSON {type(value).__name__}, expected a value")
                    continue
                if isinstance(value, str) and len(value) > MAX_CELL:
                    problems.append(f"{key!r} holds more than {MAX_CELL:,} characters")
                    continue
                cells[keys[key.strip()]] = value
            yield number, cells, (f"line {number}: " + "; ".join(problems)) if problems else None

    def close(self) -> None:
        if self._close:
            self._stream.close()


# -- Excel --------------------------------------------------------------------------------------


class XlsxRows:
    """The first sheet (or ``sheet``) of an Excel workbook, read with openpyxl in read-only
    mode; cells keep their types (numbers, text, booleans, dates). ``line`` is the sheet's row
    number, as Excel shows it."""

    format = "xlsx"

    def __init__(self, source: str, sheet: str | None) -> None:
        self.source = source
        if source == "-":
            raise UsageError("an Excel workbook cannot be read from stdin; give its path")
        try:
            import openpyxl
        except ImportError:
            raise UsageError(
                f"{source}: reading Excel files needs openpyxl: pip install 'rolemodel[xlsx]'"
            ) from None
        path = Path(source)
        try:
            size = path.stat().st_size
            if not path.is_file():
                raise UsageError(f"cannot read {source}: not a regular file")
        except OSError as exc:
            raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None
        except ValueError as exc:  # a NUL byte in the path
            raise UsageError(f"cannot read {source!r}: {exc}") from None
        if size > MAX_XLSX_BYTES:
            raise UsageError(f"{source}: {size:,} bytes; an Excel file is read up to {MAX_XLSX_BYTES:,}")
        try:
            self._book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
            raise UsageError(f"cannot read {source} as an Excel workbook: {exc}") from None
        names = self._book.sheetnames
        if sheet is not None and sheet not in names:
            self._book.close()
            from rolemodel._errors import did_you_mean

            hint = did_you_mean(sheet, names)
            raise UsageError(
                f"{source}: no sheet {sheet!r}; it has {', '.join(map(repr, names))}"
                + (f" ({hint})" if hint else "")
            )
        self._sheet = self._book[sheet if sheet is not None else names[0]]
        self._iter = self._sheet.iter_rows(values_only=True)
        self.header = []
        self._number = 0
        for cells in self._iter:
            self._number += 1
            if any(c is not None and str(c).strip() for c in cells):
                self.header = [("" if c is None else str(c)).strip() for c in cells]
                while self.header and not self.header[-1]:
                    self.header.pop()
                break
        if not self.header:
            self._book.close()
            raise UsageError(f"{source}: the sheet is empty; expected a header row naming the columns")
        _check_header(source, self.header)

    def rows(self) -> Iterator[tuple[int, list[Any] | None, str | None]]:
        width = len(self.header)
        for cells in self._iter:
            self._number += 1
            values = [_xlsx_cell(c) for c in cells[:width]]
            if all(v is None for v in values) and all(c is None for c in cells[width:]):
                continue  # a blank row
            extra = [c for c in cells[width:] if c is not None and str(c).strip()]
            if extra:
                yield self._number, None, f"line {self._number}: cells past the header's {width} columns"
                continue
            long = [self.header[k] for k, v in enumerate(values) if isinstance(v, str) and len(v) > MAX_CELL]
            if long:
                yield (
                    self._number,
                    None,
                    (
                        f"line {self._number}: cell {', '.join(map(repr, long))} holds more than "
                        f"{MAX_CELL:,} characters"
                    ),
                )
                continue
            values += [None] * (width - len(values))
            yield self._number, values, None

    def close(self) -> None:
        self._book.close()


def _xlsx_cell(value: Any) -> Any:
    """An Excel cell as a value: blank text as ``None``, dates as ISO text, the rest as is."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if value.strip() else None
    iso = getattr(value, "isoformat", None)
    return iso() if iso is not None else str(value)
