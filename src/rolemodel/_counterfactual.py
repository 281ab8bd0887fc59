"""Counterfactuals: per factor and question, the nearest value at which an answer changes.

:func:`counterfactuals` gives, per factor the profile can vary (others held), the nearest
value at which the recommended role changes, and the nearest at which the recommended
staffing changes, and to what. A grid over the factor's range is scanned outward from the
profile's value, the first change on each side is bisected to its boundary, and the value on
the changed side is returned (checked by recommending there). Regions narrower than the grid's
step can be missed; every counterfactual returned is true. A missing answer ("no
recommendation") is an answer of its own: a change to or from it is a change.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._model import Stage
from rolemodel._profile import FACTORS, LEVELS
from rolemodel._rerun import (
    MAX_COUNT,
    QUESTIONS,
    STAGES,
    Answer,
    Question,
    Runner,
    Value,
    answer_name,
    answer_on,
    answer_text,
    check_question,
    jsonable,
    reason_on,
    value_text,
)

if TYPE_CHECKING:
    from rolemodel._result import Recommendation

__all__ = ["ABSENT_REFERENCE", "Counterfactual", "beyond_text", "counterfactuals"]

#: Where the search starts for an optional graded factor the profile does not give ("medium").
ABSENT_REFERENCE = LEVELS["medium"]

_GRADED_GRID = tuple(i / 100 for i in range(101))


@attrs.frozen(repr=False)
class Counterfactual:
    """The nearest value of one factor (others held) at which one answer changes.

    ``question`` says which answer: ``"role"`` or ``"staffing"``. ``now`` is that answer for the
    profile and ``then`` the answer at ``value``; either is ``None`` for "no recommendation"
    (every framework abstains, or the speaking frameworks tie), and ``reason`` then says why
    there is none at ``value`` ("" when there is an answer). A change from an answer to none,
    or from none to an answer, is a change.

    Between two answers there is usually a narrow band of "no recommendation" (the speaking
    frameworks' scores tie there), so the nearest change is often into it. Then ``beyond`` is
    the first answer further out in the same direction and ``beyond_value`` where it starts
    (both ``None`` when the band runs to the end of the factor's range, or when ``then`` is an
    answer).

    ``value_now`` is the profile's value (``None`` for an optional factor it does not give);
    ``distance`` is how far ``value`` is from it in the factor's own units: points on [0, 1] for
    graded factors (from 0.5, "medium", when the factor is not given), people for counts, steps
    along startup -> growth -> mature for the stage (from the derived stage when none is given).
    """

    factor: str
    question: Question = attrs.field(validator=lambda _, __, value: check_question(value, "Counterfactual"))
    value_now: Value | None
    value: Value
    now: Answer
    then: Answer
    distance: float
    reason: str = ""
    beyond: Answer = None
    beyond_value: Value | None = None

    def __str__(self) -> str:
        from rolemodel._whatif_display import counterfactual_text

        return counterfactual_text(self)

    def __repr__(self) -> str:
        value_now = "None" if self.value_now is None else value_text(self.value_now)
        return (
            f"<Counterfactual {self.factor} {value_now} -> {value_text(self.value)}: {self.question} "
            f"{answer_text(self.now)} -> {answer_text(self.then)} distance={self.distance:g}"
            f"{beyond_text(self)}>"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: answers as their names, ``None`` for "no recommendation"."""
        return {
            "factor": self.factor,
            "question": self.question,
            "value_now": jsonable(self.value_now),
            "value": jsonable(self.value),
            "now": answer_name(self.now),
            "then": answer_name(self.then),
            "reason": self.reason,
            "distance": self.distance,
            "beyond": answer_name(self.beyond),
            "beyond_value": jsonable(self.beyond_value),
        }


def beyond_text(c: Counterfactual) -> str:
    """``; split from 120``: the first answer past a "no recommendation", and where it starts
    ("" when there is none)."""
    if c.beyond is None or c.beyond_value is None:
        return ""
    return f"; {c.beyond.value} from {value_text(c.beyond_value)}"


def counterfactuals(rec: Recommendation) -> tuple[Counterfactual, ...]:
    """Per factor the profile can vary, the nearest value at which the role changes, and the
    nearest at which the staffing changes.

    Factors: the required counts and graded factors, every optional graded factor (given or
    not) and the stage, in catalogue order; per factor the role's change first, then the
    staffing's. A factor no value of which changes an answer (within the grid's resolution)
    has no counterfactual for that question.
    """
    runner = Runner(rec, "counterfactuals")
    out = []
    for name, spec in FACTORS.items():
        for question in QUESTIONS:
            if spec.kind == "graded":
                found = _graded_counterfactual(runner, question, name)
            elif spec.kind == "count":
                found = _count_counterfactual(runner, question, name)
            else:
                found = _stage_counterfactual(runner, question)
            if found is not None:
                out.append(found)
    return tuple(out)


def _found(
    runner: Runner,
    question: Question,
    name: str,
    value_now: Any,
    value: Any,
    distance: float,
    onward: Sequence[Sequence[Any]],
    bisect: Bisect,
) -> Counterfactual:
    """The counterfactual at ``value``; past a "no recommendation" there, the first answer
    along ``onward`` (the points further out, per side, nearest first)."""
    there = runner.at(name, value)
    then = answer_on(there, question)
    beyond: Answer = None
    beyond_value: Any = None
    if then is None:
        for points in onward:
            found = _scan(runner, question, name, None, value, points, bisect)
            if found is not None and (beyond_value is None or _gap(found, value) < _gap(beyond_value, value)):
                beyond_value, beyond = found, runner.answer(question, name, found)
    return Counterfactual(
        factor=name,
        question=question,
        value_now=value_now,
        value=value,
        now=runner.now[question],
        then=then,
        distance=distance,
        reason=reason_on(there, question),
        beyond=beyond,
        beyond_value=beyond_value,
    )


def _gap(a: Any, b: Any) -> float:
    if isinstance(a, Stage):
        return float(abs(STAGES.index(a) - STAGES.index(b)))
    return float(abs(a - b))


def _outward(grid: Iterable[Any], start: Any) -> list[list[Any]]:
    """The grid's points below and above ``start``, each side nearest first."""
    return [
        sorted((v for v in grid if (v - start) * side > 0), key=lambda v: abs(v - start)) for side in (-1, 1)
    ]


def _further(points: Sequence[Any], start: Any, value: Any) -> list[Any]:
    return [p for p in points if abs(p - start) > abs(value - start)]


def _nearest_change(
    runner: Runner, question: Question, name: str, start: Any, sides: Sequence[Sequence[Any]], bisect: Bisect
) -> tuple[Any, Sequence[Any]] | None:
    """The nearest value on either side where the answer is no longer the answer now, and the
    points past it on its side."""
    best: tuple[Any, Sequence[Any]] | None = None
    for points in sides:
        found = _scan(runner, question, name, runner.now[question], start, points, bisect)
        if found is not None and (best is None or abs(found - start) < abs(best[0] - start)):
            best = (found, _further(points, start, found))
    return best


def _graded_counterfactual(runner: Runner, question: Question, name: str) -> Counterfactual | None:
    now: float | None = getattr(runner.profile, name)
    start = ABSENT_REFERENCE if now is None else now
    sides = _outward(_GRADED_GRID, start)
    if now is None and runner.answer(question, name, start) is not runner.now[question]:
        return _found(runner, question, name, None, start, 0.0, sides, _bisect_graded)
    found = _nearest_change(runner, question, name, start, sides, _bisect_graded)
    if found is None:
        return None
    value, onward = found
    return _found(runner, question, name, now, value, round(abs(value - start), 9), [onward], _bisect_graded)


def _count_counterfactual(runner: Runner, question: Question, name: str) -> Counterfactual | None:
    profile = runner.profile
    now: int = getattr(profile, name)
    if name == "team_size":
        low, high = 1, profile.company_size
    else:
        low, high = profile.team_size, MAX_COUNT
    found = _nearest_change(
        runner, question, name, now, _outward(_log_grid(low, high, 80), now), _bisect_count
    )
    if found is None:
        return None
    value, onward = found
    return _found(runner, question, name, now, int(value), float(abs(value - now)), [onward], _bisect_count)


def _stage_counterfactual(runner: Runner, question: Question) -> Counterfactual | None:
    profile = runner.profile
    reference = STAGES.index(profile.effective_stage)
    options = [s for s in STAGES if s is not profile.stage]
    options.sort(key=lambda s: (abs(STAGES.index(s) - reference), STAGES.index(s)))
    for stage in options:
        if runner.answer(question, "stage", stage) is not runner.now[question]:
            index = STAGES.index(stage)
            side = 1 if index >= reference else -1
            onward = [s for s in STAGES if (STAGES.index(s) - index) * side > 0]
            onward.sort(key=lambda s: abs(STAGES.index(s) - index))
            distance = float(abs(index - reference))
            return _found(runner, question, "stage", profile.stage, stage, distance, [onward], _bisect_stage)
    return None


Bisect = Callable[[Runner, str, str, Answer, Any, Any], Any]


def _scan(
    runner: Runner,
    question: str,
    name: str,
    answer_now: Answer,
    start: Any,
    points: Sequence[Any],
    bisect: Bisect,
) -> Any:
    """Walk ``points`` outward from ``start``; bisect the first change of answer found."""
    previous = start
    for point in points:
        if runner.answer(question, name, point) is not answer_now:
            return bisect(runner, question, name, answer_now, previous, point)
        previous = point
    return None


def _bisect_stage(
    runner: Runner, question: str, name: str, answer_now: Answer, same: Stage, changed: Stage
) -> Stage:
    """Stages are steps: the changed one is the boundary."""
    return changed


def _bisect_graded(
    runner: Runner, question: str, name: str, answer_now: Answer, same: float, changed: float
) -> float:
    while abs(changed - same) > 1e-7:
        mid = (same + changed) / 2
        if runner.answer(question, name, mid) is answer_now:
            same = mid
        else:
            changed = mid
    # A tidier number on the changed side, when one nearby still gives a changed answer.
    for digits in (3, 4, 5, 6):
        scale = 10**digits
        tidy = math.ceil(changed * scale) if changed > same else math.floor(changed * scale)
        value = min(1.0, max(0.0, tidy / scale))
        if abs(value - changed) <= 1.0 / scale and runner.answer(question, name, value) is not answer_now:
            return value
    return changed


def _bisect_count(
    runner: Runner, question: str, name: str, answer_now: Answer, same: int, changed: int
) -> int:
    while abs(changed - same) > 1:
        mid = (same + changed) // 2
        if runner.answer(question, name, mid) is answer_now:
            same = mid
        else:
            changed = mid
    return changed


def _log_grid(low: int, high: int, points: int) -> list[int]:
    """Whole numbers from ``low`` to ``high``, log-spaced (every one where they are few)."""
    if high - low <= points:
        return list(range(low, high + 1))
    ratio = high / low
    values = {low, high}
    for i in range(1, points):
        values.add(round(low * ratio ** (i / points)))
    return sorted(v for v in values if low <= v <= high)
