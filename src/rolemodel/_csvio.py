"""A client table for the command line: read a CSV, score its rows, write the results.

:func:`read_table` reads a CSV of companies (a header naming the factors, each row with the
line it starts on); :func:`score_rows` scores its rows in blocks, a bad row keeping its place
with an ``error`` naming its line; :func:`render_rows` writes the scored rows as CSV, JSON or
a portfolio report and :func:`write_output` puts the text in a file or on stdout. Problems
with the file itself (unreadable, not CSV, a required factor's column missing) are a
:class:`~rolemodel._cli.UsageError`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rolemodel._cli import UsageError, out
from rolemodel._errors import did_you_mean
from rolemodel._profile import FACTORS

if TYPE_CHECKING:
    from rolemodel._model import Framework

__all__ = ["batch_columns", "read_table", "render_rows", "score_rows", "write_output"]

#: How many rows are scored at once (and how long a table is before it shows a progress bar).
_BATCH_BLOCK = 5000


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


def write_output(text: str, output: str) -> None:
    """``text``, ending in a newline, to the file ``output`` (UTF-8) or, for ``-``, to stdout."""
    if output == "-":
        out(text)
        return
    try:
        Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
