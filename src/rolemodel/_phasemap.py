"""Phase maps: the recommended role (or staffing) and its confidence over a grid of two factors.

:func:`phase_map` recommends on every cell of a grid of two factors, the rest of the profile
fixed, and returns a frozen :class:`PhaseMap`: per cell the answer (or why there is none: a
tie, every framework abstaining, or a cell that is no company at all), its confidence, and
whether a framework that takes part dissents on the question. A map shows itself in a notebook
(:mod:`rolemodel._whatif_display`) and draws itself with matplotlib (:mod:`rolemodel._plot`);
both are imported only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from rolemodel._api import choose_frameworks, recommend
from rolemodel._errors import ProfileError, RoleModelError, did_you_mean
from rolemodel._model import Framework, Role, Staffing
from rolemodel._profile import FACTORS, Profile
from rolemodel._rerun import (
    MAX_COUNT,
    STAGES,
    Answer,
    Question,
    Value,
    answer_name,
    answer_on,
    answer_text,
    check_question,
    confidence_on,
    dissents_on,
    jsonable,
    question_options,
    reason_on,
)

__all__ = ["NOT_A_COMPANY", "PhaseMap", "phase_map"]

#: A phase-map cell that is no company at all (its reason).
NOT_A_COMPANY = "no valid company: the sales team would be larger than the company"


@attrs.frozen(repr=False)
class PhaseMap:
    """The recommended role (or staffing) and its confidence over a grid of two factors.

    ``question`` says which answer the map shows: ``"role"`` or ``"staffing"``. Grids are
    indexed ``[j][i]`` for ``y_values[j]`` and ``x_values[i]``. ``answers`` holds the
    recommended answer, ``None`` where there is none: either the cell is no valid company (a
    sales team larger than the company; its ``confidence`` is ``None`` too) or no framework
    speaks / the speaking ones tie ("no recommendation"; confidence 0). ``reasons`` says why
    there is no answer ("" where there is one). ``dissent`` marks the cells where a framework
    that takes part (weight > 0) gives its own, different verdict on the question (the
    recommendation's ``dissent`` / ``staffing_dissent``). ``fixed`` holds the other factors.
    """

    x: str
    y: str
    x_values: tuple[Value, ...]
    y_values: tuple[Value, ...]
    question: Question
    answers: tuple[tuple[Answer, ...], ...]
    confidence: tuple[tuple[float | None, ...], ...]
    dissent: tuple[tuple[bool, ...], ...]
    reasons: tuple[tuple[str, ...], ...]
    fixed: Mapping[str, Any]
    frameworks: tuple[str, ...]
    weights: Mapping[str, float]

    def __repr__(self) -> str:
        shares = ", ".join(f"{answer_text(a)}={s:.0%}" for a, s in self.shares.items() if s)
        return (
            f"<PhaseMap {self.question} {self.x} x {self.y} "
            f"{len(self.x_values)}x{len(self.y_values)} ({shares})>"
        )

    @property
    def options(self) -> tuple[Role, ...] | tuple[Staffing, ...]:
        """The answers the question can have (besides none)."""
        return question_options(self.question)

    def _valid(self) -> list[tuple[Answer, bool]]:
        return [
            (a, d)
            for arow, crow, drow in zip(self.answers, self.confidence, self.dissent, strict=True)
            for a, c, d in zip(arow, crow, drow, strict=True)
            if c is not None
        ]

    @property
    def shares(self) -> Mapping[Answer, float]:
        """The part of the valid cells where each answer is recommended; ``None``: none is."""
        cells = [a for a, _ in self._valid()]
        keys: tuple[Answer, ...] = (*self.options, None)
        return {k: (sum(c is k for c in cells) / len(cells) if cells else 0.0) for k in keys}

    @property
    def dissent_share(self) -> float:
        """The part of the valid cells where a framework dissents on the question."""
        flags = [d for _, d in self._valid()]
        return sum(flags) / len(flags) if flags else 0.0

    def at(self, x: Any, y: Any) -> Answer:
        """The answer in the cell at ``x`` and ``y`` (values from the axes)."""
        try:
            i, j = self.x_values.index(x), self.y_values.index(y)
        except ValueError:
            raise RoleModelError(f"phase map: ({x!r}, {y!r}) is not a grid point") from None
        return self.answers[j][i]

    def to_dict(self) -> dict[str, Any]:
        """The map as JSON-ready data: axes, and grids as lists of lists (rows follow y)."""
        return {
            "question": self.question,
            "x": self.x,
            "y": self.y,
            "x_values": [jsonable(v) for v in self.x_values],
            "y_values": [jsonable(v) for v in self.y_values],
            "answers": [[answer_name(a) for a in row] for row in self.answers],
            "confidence": [list(row) for row in self.confidence],
            "dissent": [list(row) for row in self.dissent],
            "reasons": [list(row) for row in self.reasons],
            "fixed": {k: jsonable(v) for k, v in self.fixed.items()},
            "frameworks": list(self.frameworks),
            "weights": dict(self.weights),
        }

    def _repr_html_(self) -> str:
        """The map as a grid of coloured cells (y upwards), dissent hatched; no matplotlib."""
        from rolemodel._whatif_display import phase_map_html

        return phase_map_html(self)

    def plot(self, ax: Any = None) -> Any:
        """Draw the answer regions ("no recommendation" in its own colour), hatch where the
        frameworks dissent; returns the axes. Cells that are no valid company stay blank.

        Needs matplotlib (``pip install 'rolemodel[plot]'``).
        """
        from rolemodel._plot import draw_phase_map

        return draw_phase_map(self, ax)


def phase_map(
    *,
    x: str,
    y: str,
    x_values: Iterable[Any] | None = None,
    y_values: Iterable[Any] | None = None,
    question: str = "role",
    frameworks: Iterable[Framework] | None = None,
    weights: Mapping[str, float] | None = None,
    **fixed: Any,
) -> PhaseMap:
    """The recommended role (or, with ``question="staffing"``, the recommended staffing) over a
    grid of two factors ``x`` and ``y``, the rest ``fixed``.

    Axis values default to 0, 0.05 ... 1 for graded factors, log-spaced whole numbers for counts
    (up to 100,000; team sizes up to a fixed company size) and the three stages for ``stage``.
    ``fixed`` gives the other factors (the required ones at least), as for
    :func:`rolemodel.recommend`. Cells with no recommendation are kept, with their reason.
    """
    chosen_question = check_question(question, "phase_map")
    for axis, name in (("x", x), ("y", y)):
        if name not in FACTORS:
            hint = did_you_mean(str(name), FACTORS)
            raise RoleModelError(
                f"phase_map: {axis}: expected a factor name, found {name!r}" + (f" ({hint})" if hint else "")
            )
        if name in fixed:
            raise RoleModelError(f"phase_map: {name!r} is an axis; do not also fix it")
    if x == y:
        raise RoleModelError(f"phase_map: expected two different factors, found {x!r} twice")
    chosen, weighted = choose_frameworks(frameworks, weights, "phase_map")
    resolved = dict(zip((f.id for f in chosen), weighted, strict=True))
    xs = _axis(x, x_values, fixed)
    ys = _axis(y, y_values, fixed)
    for name, spec in FACTORS.items():
        if spec.required and name not in (x, y) and fixed.get(name) is None:
            raise ProfileError(name, None, "a value (a required factor; give it as a keyword)")
    answers: list[tuple[Answer, ...]] = []
    confidence: list[tuple[float | None, ...]] = []
    dissent: list[tuple[bool, ...]] = []
    reasons: list[tuple[str, ...]] = []
    for yv in ys:
        answer_row: list[Answer] = []
        conf_row: list[float | None] = []
        dis_row: list[bool] = []
        reason_row: list[str] = []
        for xv in xs:
            cell = {**fixed, x: xv, y: yv}
            if _too_large_team(cell):
                answer_row.append(None)
                conf_row.append(None)
                dis_row.append(False)
                reason_row.append(NOT_A_COMPANY)
                continue
            rec = recommend(cell, frameworks=chosen, weights=resolved)
            answer_row.append(answer_on(rec, chosen_question))
            conf_row.append(confidence_on(rec, chosen_question))
            dis_row.append(dissents_on(rec, chosen_question))
            reason_row.append(reason_on(rec, chosen_question))
        answers.append(tuple(answer_row))
        confidence.append(tuple(conf_row))
        dissent.append(tuple(dis_row))
        reasons.append(tuple(reason_row))
    return PhaseMap(
        x=x,
        y=y,
        x_values=xs,
        y_values=ys,
        question=chosen_question,
        answers=tuple(answers),
        confidence=tuple(confidence),
        dissent=tuple(dissent),
        reasons=tuple(reasons),
        fixed=dict(fixed),
        frameworks=tuple(f.id for f in chosen),
        weights=resolved,
    )


def _axis(name: str, values: Iterable[Any] | None, fixed: Mapping[str, Any]) -> tuple[Value, ...]:
    """The axis values of factor ``name``, validated and converted, or its default grid."""
    spec = FACTORS[name]
    if values is None:
        if spec.kind == "graded":
            return tuple(i / 20 for i in range(21))
        if spec.kind == "stage":
            return STAGES
        low, high = 1, 100_000
        other = fixed.get("company_size" if name == "team_size" else "team_size")
        if isinstance(other, int) and other >= 1:
            if name == "team_size":
                high = min(high, other)
            else:
                low = min(other, high)
        return tuple(_nice_grid(low, high))
    out: list[Value] = []
    for value in values:
        # Convert as a Profile would; a reference profile absorbs the other fields.
        converted = getattr(attrs.evolve(_REFERENCE, **{name: value}), name)
        out.append(converted)
    if not out:
        raise RoleModelError(f"phase_map: {name}: expected at least one value, found none")
    if len(set(out)) != len(out):
        raise RoleModelError(f"phase_map: {name}: expected distinct values, found {out}")
    if spec.kind != "stage":
        out.sort()  # type: ignore[call-overload,unused-ignore]
    return tuple(out)


_REFERENCE = Profile(company_size=MAX_COUNT, team_size=1, market_change=0.5, regulation=0.5)


def _too_large_team(cell: Mapping[str, Any]) -> bool:
    team, company = cell.get("team_size"), cell.get("company_size")
    try:
        return int(team) > int(company)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False  # let the profile say what is wrong


def _nice_grid(low: int, high: int) -> list[int]:
    """1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100 ... between ``low`` and ``high``."""
    out = []
    decade = 1
    while decade <= high:
        for m in (1, 1.5, 2, 3, 5, 7):
            v = round(m * decade)
            if low <= v <= high and v not in out:
                out.append(v)
        decade *= 10
    if high not in out:
        out.append(high)
    return out
