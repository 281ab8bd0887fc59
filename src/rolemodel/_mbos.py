"""003's leadership MBOs: rep retention, team skill development and reps promoted, per manager,
from a roster history, with a plan template.

A roster history has one row per rep and period: ``rep``, ``manager``, ``start``, ``end``
(empty while it lasts), optional ``level`` (a number, or text ordered by ``levels=``) and
``skill`` (a score, any scale, measured in that period). Over a chosen period
``[start, end]``, for each manager:

- **rep retention rate**: of the reps reporting to the manager on the period's first day,
  the share still in the company (in any row, under any manager) on its last day. A move
  inside the company, a promotion included, is retained.
- **team skill development**: the mean change in skill score, last minus first, of the
  manager's reps with at least two scored rows under the manager overlapping the period.
- **reps promoted**: reps whose level rose, in a row starting within the period, from a row
  under the manager.

What the data cannot tell (no reps at the start, no two skill scores, levels that are text
with no order given) is reported in :attr:`ManagerMBO.missing`, never imputed.

The plan template weighs the three measures against quota attainment with
:data:`SUGGESTED_WEIGHTS`: the library's calibration, since 003 gives no weights; the targets
are the user's own.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._calendar import FIRST_YEAR, LAST_YEAR
from rolemodel._errors import RoleModelError

if TYPE_CHECKING:
    from rolemodel._blocks import Block

__all__ = ["MEASURES", "SUGGESTED_WEIGHTS", "MBOPlan", "ManagerMBO", "mbos"]

SOURCE = "003_8dfee91c3e6ab273.txt"
#: The three measures, what each means, and 003's words for them.
MEASURES: Mapping[str, tuple[str, str]] = {
    "retention_rate": ("Rep retention rate", "rep retention rates"),
    "skill_development": ("Team skill development", "team skill development"),
    "reps_promoted": ("Reps promoted", "the number of reps promoted"),
}
#: 003's recommendation, quoted verbatim.
QUOTE = (
    'Consider adding "MBOs" (Management by Objectives) that reward leadership, such as rep retention '
    "rates, team skill development, and the number of reps promoted."
)
QUOTA_QUOTE = "Is it 100% based on quota attainment?"
#: Suggested weights of a manager's variable pay: the library's calibration (003 gives none).
SUGGESTED_WEIGHTS: Mapping[str, float] = {
    "quota_attainment": 0.70,
    "retention_rate": 0.10,
    "skill_development": 0.10,
    "reps_promoted": 0.10,
}
#: The most rows a history may hold (the library's bound).
MAX_HISTORY = 100_000


@attrs.frozen
class _Row:
    line: int
    rep: str
    manager: str
    start: dt.date
    end: dt.date | None
    level: Any
    skill: float | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)

    def overlaps(self, lo: dt.date, hi: dt.date) -> bool:
        return self.start <= hi and (self.end is None or self.end >= lo)


@attrs.frozen
class ManagerMBO:
    """One manager's three measures over the period (``None`` where the data cannot tell; the
    reason is in ``missing``)."""

    manager: str
    reps_at_start: int
    retained: int
    retention_rate: float | None
    skill_development: float | None
    skill_reps: int
    reps_promoted: int | None
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self, recurse=False) | {"missing": list(self.missing)}


@attrs.frozen
class MBOPlan:
    """The measures per manager over ``start``..``end``, the targets set, and the suggested weights."""

    start: dt.date
    end: dt.date
    managers: tuple[ManagerMBO, ...]
    targets: Mapping[str, float] = attrs.field(factory=dict)
    weights: Mapping[str, float] = attrs.field(factory=lambda: dict(SUGGESTED_WEIGHTS))
    errors: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"<MBOPlan {self.start}..{self.end} managers={len(self.managers)} errors={len(self.errors)}>"

    def met(self, manager: ManagerMBO, measure: str) -> bool | None:
        """Whether ``manager`` met the target for ``measure`` (``None``: no target or no data)."""
        target = self.targets.get(measure)
        value = getattr(manager, measure)
        if target is None or value is None:
            return None
        return bool(value >= target)

    def to_rows(self) -> list[dict[str, Any]]:
        rows = [m.to_dict() | {"missing": "; ".join(m.missing)} for m in self.managers]
        return rows + [{"manager": "", "error": e} for e in self.errors]

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "managers": [m.to_dict() for m in self.managers],
            "targets": dict(self.targets),
            "weights": dict(self.weights),
            "weights_basis": "calibration",
            "errors": list(self.errors),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MBOPlan:
        try:
            managers = tuple(
                ManagerMBO(**{**m, "missing": tuple(m.get("missing", ()))}) for m in data["managers"]
            )
            return cls(
                dt.date.fromisoformat(data["from"]),
                dt.date.fromisoformat(data["to"]),
                managers,
                {str(k): float(v) for k, v in data.get("targets", {}).items()},
                {str(k): float(v) for k, v in data.get("weights", SUGGESTED_WEIGHTS).items()},
                tuple(str(e) for e in data.get("errors", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RoleModelError(f"not an MBO plan written by MBOPlan.to_dict: {exc}") from None

    def report_blocks(self) -> list[Block]:
        from rolemodel._mbos_display import mbo_blocks

        return mbo_blocks(self)

    def to_markdown(self) -> str:
        from rolemodel._blocks import render

        return render("Leadership MBOs", self.report_blocks(), "markdown")

    def to_html(self) -> str:
        from rolemodel._blocks import render

        return render("Leadership MBOs", self.report_blocks(), "html")

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        from rolemodel._audit_display import fragment

        return fragment(self.report_blocks())


# -- reading --------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return " ".join(str(value).split())


def _date(value: Any, what: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = _text(value)
        if not text:
            return None
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            raise ValueError(f"{what}: expected a date such as 2026-01-31, found {text!r}") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"{what}: expected a year from {FIRST_YEAR} to {LAST_YEAR}, found {day}")
    return day


def _number(value: Any, what: str) -> float | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = float(text.replace(",", ".")) if not isinstance(value, int | float) else float(value)
    except ValueError:
        raise ValueError(f"{what}: expected a number, found {text!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{what}: expected a finite number, found {text!r}")
    return number


def _level(value: Any, levels: Sequence[str] | None) -> Any:
    text = _text(value)
    if not text:
        return None
    if levels is not None:
        lowered = [lv.lower() for lv in levels]
        if text.lower() not in lowered:
            raise ValueError(f"level: expected one of {', '.join(levels)}, found {text!r}")
        return float(lowered.index(text.lower()))
    try:
        return float(text)
    except ValueError:
        return text


def _rows_of(history: Any, options: Any) -> tuple[list[tuple[int, dict[str, Any] | None, str | None]], str]:
    if isinstance(history, str | os.PathLike):
        from rolemodel._timelog import HISTORY_COLUMNS, read_rows

        rows, _ = read_rows(history, HISTORY_COLUMNS, options)
        return rows, os.fspath(history)
    if hasattr(history, "to_dict") and hasattr(history, "columns"):
        history = history.to_dict("records")
    if not isinstance(history, Iterable) or isinstance(history, str | Mapping):
        raise RoleModelError(
            f"history: expected a file or rows of rep, manager, start, found {type(history).__name__}"
        )
    from rolemodel._timelog import HISTORY_COLUMNS, column_names

    names = column_names(HISTORY_COLUMNS)
    out: list[tuple[int, dict[str, Any] | None, str | None]] = []
    for i, row in enumerate(history, start=1):
        if not isinstance(row, Mapping):
            raise RoleModelError(f"history row {i}: expected a mapping, found {type(row).__name__}")
        out.append((i, {names(str(k)): v for k, v in row.items()}, None))
    return out, "<history>"


def _parse(
    raw: list[tuple[int, dict[str, Any] | None, str | None]], levels: Sequence[str] | None
) -> tuple[list[_Row], list[str]]:
    rows, errors = [], []
    for line, values, error in raw:
        if error is not None or values is None:
            errors.append(error or f"line {line}: could not be read")
            continue
        try:
            rep, manager = _text(values.get("rep")), _text(values.get("manager"))
            if not rep or not manager:
                raise ValueError(f"{'rep' if not rep else 'manager'}: expected a name, found nothing")
            start = _date(values.get("start"), "start")
            if start is None:
                raise ValueError("start: expected a date, found nothing")
            end = _date(values.get("end"), "end")
            if end is not None and end < start:
                raise ValueError(f"end: {end} is before the start {start}")
            rows.append(
                _Row(
                    line,
                    rep,
                    manager,
                    start,
                    end,
                    _level(values.get("level"), levels),
                    _number(values.get("skill"), "skill"),
                )
            )
        except ValueError as exc:
            errors.append(f"line {line}: {exc}")
    return rows, errors


# -- the measures ---------------------------------------------------------------------------------


def _measure(
    manager: str, rows: list[_Row], by_rep: Mapping[str, list[_Row]], lo: dt.date, hi: dt.date
) -> ManagerMBO:
    missing = []
    mine = [r for r in rows if r.manager == manager]
    at_start = sorted({r.rep for r in mine if r.covers(lo)})
    retained = [rep for rep in at_start if any(r.covers(hi) for r in by_rep[rep])]
    retention = len(retained) / len(at_start) if at_start else None
    if not at_start:
        missing.append(f"no reps reported to {manager} on {lo}: no retention rate")
    changes = []
    for rep in sorted({r.rep for r in mine if r.overlaps(lo, hi)}):
        scored = [r for r in mine if r.rep == rep and r.overlaps(lo, hi) and r.skill is not None]
        if len(scored) >= 2:
            scored.sort(key=lambda r: r.start)
            changes.append(scored[-1].skill - scored[0].skill)  # type: ignore[operator]
    skill = sum(changes) / len(changes) if changes else None
    if not changes:
        missing.append("no rep has two skill scores under this manager in the period: no skill development")
    promoted: int | None = 0
    text_levels = False
    for rep in sorted({r.rep for r in mine}):
        history = sorted(by_rep[rep], key=lambda r: r.start)
        for before, after in itertools.pairwise(history):
            if before.manager != manager or not (lo <= after.start <= hi):
                continue
            if before.level is None or after.level is None:
                continue
            if isinstance(before.level, str) or isinstance(after.level, str):
                text_levels = True
                continue
            if after.level > before.level:
                promoted = (promoted or 0) + 1
                break
    if text_levels:
        promoted = None
        missing.append("levels are text: pass levels= (lowest first) to count promotions")
    return ManagerMBO(
        manager, len(at_start), len(retained), retention, skill, len(changes), promoted, tuple(missing)
    )


def mbos(
    history: Any,
    *,
    start: Any = None,
    end: Any = None,
    levels: Sequence[str] | None = None,
    targets: Mapping[str, float] | None = None,
    weights: Mapping[str, float] | None = None,
    options: Any = None,
) -> MBOPlan:
    """The leadership MBOs of every manager in a roster history (a client file's path, rows or
    a DataFrame) over ``start``..``end`` (dates, inclusive; by default the year up to the
    latest date in the history). ``levels`` orders text levels, lowest first; ``targets`` maps
    a measure (``retention_rate``, ``skill_development``, ``reps_promoted``) to the user's
    target; ``weights`` replaces :data:`SUGGESTED_WEIGHTS` (they must sum to 1)."""
    raw, name = _rows_of(history, options)
    if len(raw) > MAX_HISTORY:
        raise RoleModelError(f"{name}: more than {MAX_HISTORY:,} rows (MAX_HISTORY)")
    rows, errors = _parse(raw, levels)
    if not rows:
        raise RoleModelError(f"{name}: no readable rows" + (f" ({errors[0]})" if errors else ""))
    try:
        hi = _date(end, "to") or max(
            max(r.start for r in rows), max((r.end for r in rows if r.end), default=rows[0].start)
        )
        lo = _date(start, "from") or hi - dt.timedelta(days=364)
    except ValueError as exc:
        raise RoleModelError(str(exc)) from None
    if hi < lo:
        raise RoleModelError(f"to: {hi} is before from: {lo}")
    for what, given in (("targets", targets or {}), ("weights", weights or {})):
        allowed = (*MEASURES, "quota_attainment") if what == "weights" else tuple(MEASURES)
        for key, value in given.items():
            if key not in allowed:
                raise RoleModelError(f"{what}: expected one of {', '.join(allowed)}, found {key!r}")
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise RoleModelError(f"{what}.{key}: expected a number >= 0, found {value!r}")
    chosen = dict(weights) if weights else dict(SUGGESTED_WEIGHTS)
    if weights and abs(sum(chosen.values()) - 1) > 1e-9:
        raise RoleModelError(f"weights: expected weights summing to 1, found {sum(chosen.values()):g}")
    by_rep: dict[str, list[_Row]] = {}
    for r in rows:
        by_rep.setdefault(r.rep, []).append(r)
    managers = sorted({r.manager for r in rows if r.overlaps(lo, hi)})
    measured = tuple(_measure(m, rows, by_rep, lo, hi) for m in managers)
    return MBOPlan(lo, hi, measured, dict(targets or {}), chosen, tuple(errors))
