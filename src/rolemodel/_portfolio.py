"""Portfolio reports in Markdown or self-contained HTML (a face).

A portfolio report reads the flat rows of :meth:`Recommendation.to_row
<rolemodel.Recommendation.to_row>` (plus each company's own columns): the distribution of
roles and of staffing, then the companies least confident first, then the rows that could not
be read. The client's name (its id column: ``name``, ``client`` or ``company`` by default)
leads each row; rows are numbered by the lines of the client file they came from where those
are given, so a row here and an error of ``rolemodel batch`` name the same line.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from rolemodel._blocks import Block, chart, check_format, render, table
from rolemodel._errors import RoleModelError, did_you_mean
from rolemodel._markup import Answer, answer_colour, answer_label, no_recommendation
from rolemodel._model import Role, Staffing
from rolemodel._profile import fold
from rolemodel._report_parts import CONFIDENCE_NOTE
from rolemodel._result import is_result_column

__all__ = ["ID_COLUMNS", "portfolio_report"]

#: The columns taken as the client's name when no id column is named, in this order (the
#: first found, its case, spaces and punctuation ignored), as the client-file reader has them.
ID_COLUMNS = ("name", "client", "company", "client_name", "company_name", "account")

# -- a portfolio ----------------------------------------------------------------------------

_SCORE_KEYS = tuple(f"score_{a.value}" for a in (*Role, *Staffing))


@attrs.frozen
class _Row:
    number: int
    data: Mapping[str, Any]
    role: Role | None
    confidence: float
    staffing: Staffing | None
    staffing_confidence: float
    scores: tuple[float, ...]
    reason: str
    staffing_reason: str
    error: str

    def answer(self, question: str) -> Answer | None:
        return self.role if question == "role" else self.staffing

    def confidence_of(self, question: str) -> float:
        return self.confidence if question == "role" else self.staffing_confidence

    def cell(self, question: str) -> str:
        """The answer as the clients table shows it; why not, when there is none."""
        answer = self.answer(question)
        if answer is not None:
            return answer_label(answer)
        if question not in self.data:  # a row written before staffing was answered
            return ""
        return no_recommendation(self.reason if question == "role" else self.staffing_reason)


def _number(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number


def _blank(value: object) -> bool:
    """Whether a cell is empty: ``None``, NaN, or blank text."""
    nan = isinstance(value, float) and math.isnan(value)
    return value is None or nan or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    return "" if _blank(value) else str(value)


def _answer(row: Mapping[str, Any], name: str, kind: type[Role] | type[Staffing]) -> tuple[Any, str]:
    """The answer in column ``name`` (``None`` when blank), or the error that it is not one."""
    value = row.get(name)
    if _blank(value):
        return None, ""
    try:
        return kind(str(value).strip()), ""
    except ValueError:
        return None, f"{name}: expected one of {', '.join(kind)} or an empty cell, found {value!r}"


def _rows(rows: Iterable[Mapping[str, Any]], lines: Sequence[int] | None) -> list[_Row]:
    out = []
    for index, row in enumerate(rows):
        if lines is not None and index >= len(lines):
            raise RoleModelError(f"portfolio_report: lines: {len(lines)} given, for more rows than that")
        number = lines[index] if lines is not None else index + 1
        if not isinstance(row, Mapping):
            raise RoleModelError(
                f"portfolio_report: row {number}: expected a mapping, found {type(row).__name__}"
            )
        error = _text(row.get("error"))
        role, bad_role = _answer(row, "role", Role)
        staffing, bad_staffing = _answer(row, "staffing", Staffing)
        confidence = _number(row.get("confidence"))
        staffing_confidence = _number(row.get("staffing_confidence"))
        if not error:
            if "role" not in row:
                error = "role: expected a role column (empty where there is no recommendation), found none"
            error = error or bad_role or bad_staffing
        if not error and role is not None and math.isnan(confidence):
            error = f"confidence: expected a number, found {row.get('confidence')!r}"
        if not error and staffing is not None and math.isnan(staffing_confidence):
            error = f"staffing_confidence: expected a number, found {row.get('staffing_confidence')!r}"
        out.append(
            _Row(
                number,
                row,
                None if error else role,
                0.0 if math.isnan(confidence) else confidence,
                None if error else staffing,
                0.0 if math.isnan(staffing_confidence) else staffing_confidence,
                tuple(_number(row.get(key)) for key in _SCORE_KEYS),
                _text(row.get("reason")),
                _text(row.get("staffing_reason")),
                error,
            )
        )
    return out


def _columns(rows: Sequence[_Row]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row.data:
            if not is_result_column(str(key)):
                seen[str(key)] = None
    return list(seen)


_NONE_LABEL = "no recommendation"


def _distribution(good: Sequence[_Row], question: str, options: Sequence[Answer]) -> tuple[Block, Block]:
    """A question's answers over the readable rows: a chart of counts and a table with shares
    and mean confidence (a row for no recommendation where any)."""
    keys: list[Answer | None] = [*options, None]
    counts = {key: sum(1 for r in good if r.answer(question) is key) for key in keys}
    if not counts[None]:
        keys.pop()
    rows, bars = [], []
    for key in keys:
        label = _NONE_LABEL if key is None else answer_label(key)
        mine = [r.confidence_of(question) for r in good if r.answer(question) is key]
        share = counts[key] / len(good) if good else 0.0
        mean = "" if key is None or not mine else f"{sum(mine) / len(mine):.2f}"
        rows.append([label, counts[key], f"{share:.0%}", mean])
        bars.append((label, float(counts[key]), answer_colour(key)))
    return (
        chart(f"Companies per recommended {question}", bars, value_format="{:.0f}"),
        table([question, "clients", "share", "mean confidence"], rows, {1, 2, 3}),
    )


def _id_column(columns: Sequence[str], id_column: str | None) -> str | None:
    """The column naming each client: ``id_column`` where given, else the first of
    :data:`ID_COLUMNS` among ``columns`` (its case ignored), else none."""
    if id_column is not None:
        if id_column not in columns and columns:
            hint = did_you_mean(id_column, columns)
            raise RoleModelError(
                f"portfolio_report: id_column: no column {id_column!r}" + (f" ({hint})" if hint else "")
            )
        return id_column
    folded = {fold(c): c for c in reversed(columns)}
    return next((folded[n] for n in ID_COLUMNS if n in folded), None)


def _portfolio_blocks(
    rows: Iterable[Mapping[str, Any]], id_column: str | None, lines: Sequence[int] | None
) -> list[Block]:
    parsed = _rows(rows, lines)
    good = [r for r in parsed if not r.error]
    bad = [r for r in parsed if r.error]
    columns = _columns(parsed)
    client = _id_column(columns, id_column)
    if client is not None:
        columns = [client, *(c for c in columns if c != client)]
    where = "row" if lines is None else "line"
    with_role = [r for r in good if r.role is not None]
    with_staffing = [r for r in good if r.staffing is not None]
    low = sum(1 for r in with_role if r.confidence < 1 / 3)
    low_staffing = sum(1 for r in with_staffing if r.staffing_confidence < 1 / 3)
    summary = (
        f"{len(parsed)} rows: {len(good)} read, {len(bad)} could not be read. "
        f"A role is recommended for {len(with_role)} of the {len(good)} read "
        f"({low} with low confidence, below 0.33), a staffing for {len(with_staffing)} "
        f"({low_staffing} with low confidence)."
    )
    ranked = sorted(good, key=lambda r: (r.confidence, r.staffing_confidence, r.number))
    clients = [
        [
            *(r.data.get(c) for c in columns[:1] if c == client),
            r.number,
            r.cell("role"),
            f"{r.confidence:.2f}" if r.role is not None else "",
            r.cell("staffing"),
            f"{r.staffing_confidence:.2f}" if r.staffing is not None else "",
            *(f"{s:.2f}" if s == s else "" for s in r.scores),
            *(r.data.get(c) for c in columns if c != client),
        ]
        for r in ranked
    ]
    lead = 1 if client is not None else 0
    headers = [
        *([client] if client is not None else []),
        where,
        "role",
        "confidence",
        "staffing",
        "staffing confidence",
        *(f"score {answer_label(a)}" for a in (*Role, *Staffing)),
        *(c for c in columns if c != client),
    ]
    numeric = {lead + i for i in (0, 2, 4, *range(5, 11))}
    role_chart, role_table = _distribution(good, "role", tuple(Role))
    staffing_chart, staffing_table = _distribution(good, "staffing", tuple(Staffing))
    blocks = [
        Block("h1", "Portfolio report"),
        Block("lead", summary),
        Block("open", "distribution"),
        Block("h2", "Recommended roles"),
        role_chart,
        role_table,
        Block("h2", "Recommended staffing"),
        staffing_chart,
        staffing_table,
        Block("close"),
        Block("open", "clients"),
        Block("h2", "Clients, least confident first"),
        table(headers, clients, numeric) if clients else Block("p", "No client was read."),
        Block("close"),
    ]
    if bad:
        blocks += [
            Block("open", "errors"),
            Block("h2", "Rows that could not be read"),
            table(
                [
                    *([client] if client is not None else []),
                    where,
                    "error",
                    *(c for c in columns if c != client),
                ],
                [
                    [
                        *(r.data.get(c) for c in columns[:1] if c == client),
                        r.number,
                        r.error,
                        *(r.data.get(c) for c in columns if c != client),
                    ]
                    for r in bad
                ],
                {lead},
            ),
            Block("close"),
        ]
    blocks.append(Block("muted", CONFIDENCE_NOTE))
    return blocks


def portfolio_report(
    rows: Iterable[Mapping[str, Any]],
    format: str = "markdown",
    *,
    id_column: str | None = None,
    lines: Sequence[int] | None = None,
) -> str:
    """A portfolio's report: the distributions of roles and of staffing, then clients least
    confident first, then the rows that could not be read.

    Each row is a mapping: a company's own columns plus the result columns of
    :meth:`Recommendation.to_row <rolemodel.Recommendation.to_row>` (``role``,
    ``confidence``, ``staffing``, ``staffing_confidence``, the six ``score_*``, ``reason``,
    ``staffing_reason``, ``error`` ...). An empty ``role`` or ``staffing`` is no
    recommendation, shown with its ``reason`` / ``staffing_reason``; a row with a non-empty
    ``error`` could not be scored and is listed apart. ``format`` is ``"markdown"`` or
    ``"html"``.

    The client's name leads each row: the column ``id_column``, or by default the first
    column called ``name``, ``client`` or ``company`` (in any case). ``lines`` gives the line
    of the client file each row came from (as ``rolemodel batch`` names them in its errors);
    rows are numbered by those lines, or else 1, 2, 3 ...
    """
    check_format(format)
    return render("Portfolio report", _portfolio_blocks(rows, id_column, lines), format)
