"""What-if analysis around a recommendation: counterfactuals, sensitivity, phase maps, robustness.

A recommendation answers two *questions*: the **role** (what the sales organisation needs most
now) and the **staffing** (who holds the roles). Either answer may be missing ("no
recommendation": every framework abstains, or the speaking frameworks tie); a missing answer is
an answer of its own here, and a change to or from it is a change.

Everything here re-runs :func:`rolemodel.recommend` with the same frameworks and weights on
changed profiles, and returns frozen values:

* :func:`counterfactuals` -- per factor and question, the nearest value (others held) at which
  the recommended role, or the recommended staffing, changes, and to what. A grid over the
  factor's range is scanned outward from the profile's value, the first change on each side is
  bisected to its boundary, and the value on the changed side is returned (checked by
  recommending there). Regions narrower than the grid's step can be missed; every
  counterfactual returned is true.
* :func:`sensitivity` -- how much each factor moves each role's and each staffing option's
  score: central finite differences on graded factors (per unit of the factor), relative steps
  on counts (per doubling). Undefined (NaN) where no framework speaks on that question at one
  end of the step.
* :func:`phase_map` -- the recommended role (or staffing) and its confidence over a grid of two
  factors, with the cells where frameworks dissent on that question marked.
* :func:`robustness` -- whether the role and the staffing survive perturbed framework weights
  and leaving one framework out.

Only :meth:`PhaseMap.plot` needs more than the core dependencies (matplotlib, imported there).
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from rolemodel._api import choose_frameworks, recommend
from rolemodel._errors import ProfileError, RoleModelError, did_you_mean
from rolemodel._loader import builtin_frameworks
from rolemodel._model import Framework, Role, Staffing, Stage
from rolemodel._profile import FACTORS, LEVELS, Profile

if TYPE_CHECKING:
    from rolemodel._result import Recommendation

__all__ = [
    "QUESTIONS",
    "Counterfactual",
    "PhaseMap",
    "Robustness",
    "Sensitivity",
    "counterfactuals",
    "phase_map",
    "robustness",
    "sensitivity",
]

#: Largest company size the counterfactual search and phase maps look at.
MAX_COUNT = 1_000_000
#: Where the search starts for an optional graded factor the profile does not give ("medium").
ABSENT_REFERENCE = LEVELS["medium"]
#: What a missing answer is called in every rendering here.
NO_ANSWER = "no recommendation"
#: A phase-map cell that is no company at all (its reason).
NOT_A_COMPANY = "no valid company: the sales team would be larger than the company"

_GRADED_GRID = tuple(i / 100 for i in range(101))
_STAGES = tuple(Stage)

Value = float | int | Stage
Answer = Role | Staffing | None
Question = Literal["role", "staffing"]
#: The two questions a recommendation answers.
QUESTIONS: tuple[Question, ...] = ("role", "staffing")


def _options(question: str) -> tuple[Role, ...] | tuple[Staffing, ...]:
    return tuple(Role) if question == "role" else tuple(Staffing)


def _answer(rec: Recommendation, question: str) -> Answer:
    return rec.role if question == "role" else rec.staffing


def _reason(rec: Recommendation, question: str) -> str:
    return rec.reason if question == "role" else rec.staffing_reason


def _confidence(rec: Recommendation, question: str) -> float:
    return rec.confidence if question == "role" else rec.staffing_confidence


def _dissenting(rec: Recommendation, question: str) -> bool:
    """Whether a framework that takes part (weight > 0) gives its own, different verdict."""
    ids = rec.dissent if question == "role" else rec.staffing_dissent
    return any(rec.by_framework[fid].weight > 0 for fid in ids)


def _check_question(question: object, caller: str) -> Question:
    if question == "role":
        return "role"
    if question == "staffing":
        return "staffing"
    hint = did_you_mean(str(question), QUESTIONS)
    raise RoleModelError(
        f"{caller}: question: expected 'role' or 'staffing', found {question!r}"
        + (f" ({hint})" if hint else "")
    )


def _answer_text(answer: Answer, reason: str = "") -> str:
    """An answer as a reader sees it; a missing one says so (and why, when known)."""
    if answer is None:
        return f"{NO_ANSWER}: {reason}" if reason else NO_ANSWER
    return answer.value


# -- the context a recommendation was made in ---------------------------------------------------


def _context(rec: Recommendation, what: str) -> tuple[tuple[Framework, ...], dict[str, float]]:
    """The frameworks and weights ``rec`` was made with (built-ins stand in for read-back ones)."""
    frameworks = []
    builtin: dict[str, Framework] | None = None
    for verdict in rec.verdicts:
        framework = verdict._framework_obj
        if framework is None:
            if builtin is None:
                builtin = {f.id: f for f in builtin_frameworks()}
            framework = builtin.get(verdict.framework)
            if framework is None:
                raise RoleModelError(
                    f"{what}: the recommendation does not carry framework {verdict.framework!r} "
                    "(was it read back from a dict?); recommend again with that framework"
                )
        frameworks.append(framework)
    return tuple(frameworks), {v.framework: v.weight for v in rec.verdicts}


class _Runner:
    """Recommend on variations of one profile with fixed frameworks and weights (memoised)."""

    def __init__(self, rec: Recommendation, what: str) -> None:
        self.profile = rec.profile
        self.frameworks, self.weights = _context(rec, what)
        #: The answers now, the recommendation's own: a change is any other answer.
        self.now: dict[str, Answer] = {"role": rec.role, "staffing": rec.staffing}
        self._seen: dict[tuple[str, Any], Recommendation] = {}

    def at(self, factor: str, value: Any) -> Recommendation:
        key = (factor, value)
        rec = self._seen.get(key)
        if rec is None:
            profile = attrs.evolve(self.profile, **{factor: value})
            rec = self._seen[key] = recommend(profile, frameworks=self.frameworks, weights=self.weights)
        return rec

    def answer(self, question: str, factor: str, value: Any) -> Answer:
        return _answer(self.at(factor, value), question)


# -- counterfactuals ----------------------------------------------------------------------------


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
    question: Question = attrs.field(validator=lambda _, __, value: _check_question(value, "Counterfactual"))
    value_now: Value | None
    value: Value
    now: Answer
    then: Answer
    distance: float
    reason: str = ""
    beyond: Answer = None
    beyond_value: Value | None = None

    def __str__(self) -> str:
        value_now = "not given" if self.value_now is None else _fmt(self.value_now)
        return (
            f"{self.factor}: {value_now} -> {_fmt(self.value)} turns the {self.question} "
            f"{_answer_text(self.now)} into {_answer_text(self.then, self.reason)}{self._beyond_text()}"
        )

    def _beyond_text(self) -> str:
        if self.beyond is None or self.beyond_value is None:
            return ""
        return f"; {self.beyond.value} from {_fmt(self.beyond_value)}"

    def __repr__(self) -> str:
        value_now = "None" if self.value_now is None else _fmt(self.value_now)
        return (
            f"<Counterfactual {self.factor} {value_now} -> {_fmt(self.value)}: {self.question} "
            f"{_answer_text(self.now)} -> {_answer_text(self.then)} distance={self.distance:g}"
            f"{self._beyond_text()}>"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: answers as their names, ``None`` for "no recommendation"."""
        return {
            "factor": self.factor,
            "question": self.question,
            "value_now": _jsonable(self.value_now),
            "value": _jsonable(self.value),
            "now": _name(self.now),
            "then": _name(self.then),
            "reason": self.reason,
            "distance": self.distance,
            "beyond": _name(self.beyond),
            "beyond_value": _jsonable(self.beyond_value),
        }


def counterfactuals(rec: Recommendation) -> tuple[Counterfactual, ...]:
    """Per factor the profile can vary, the nearest value at which the role changes, and the
    nearest at which the staffing changes.

    Factors: the required counts and graded factors, every optional graded factor (given or
    not) and the stage, in catalogue order; per factor the role's change first, then the
    staffing's. A factor no value of which changes an answer (within the grid's resolution)
    has no counterfactual for that question.
    """
    runner = _Runner(rec, "counterfactuals")
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
    runner: _Runner,
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
    then = _answer(there, question)
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
        reason=_reason(there, question),
        beyond=beyond,
        beyond_value=beyond_value,
    )


def _gap(a: Any, b: Any) -> float:
    if isinstance(a, Stage):
        return float(abs(_STAGES.index(a) - _STAGES.index(b)))
    return float(abs(a - b))


def _outward(grid: Iterable[Any], start: Any) -> list[list[Any]]:
    """The grid's points below and above ``start``, each side nearest first."""
    return [
        sorted((v for v in grid if (v - start) * side > 0), key=lambda v: abs(v - start)) for side in (-1, 1)
    ]


def _further(points: Sequence[Any], start: Any, value: Any) -> list[Any]:
    return [p for p in points if abs(p - start) > abs(value - start)]


def _nearest_change(
    runner: _Runner, question: Question, name: str, start: Any, sides: Sequence[Sequence[Any]], bisect: Bisect
) -> tuple[Any, Sequence[Any]] | None:
    """The nearest value on either side where the answer is no longer the answer now, and the
    points past it on its side."""
    best: tuple[Any, Sequence[Any]] | None = None
    for points in sides:
        found = _scan(runner, question, name, runner.now[question], start, points, bisect)
        if found is not None and (best is None or abs(found - start) < abs(best[0] - start)):
            best = (found, _further(points, start, found))
    return best


def _graded_counterfactual(runner: _Runner, question: Question, name: str) -> Counterfactual | None:
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


def _count_counterfactual(runner: _Runner, question: Question, name: str) -> Counterfactual | None:
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


def _stage_counterfactual(runner: _Runner, question: Question) -> Counterfactual | None:
    profile = runner.profile
    reference = _STAGES.index(profile.effective_stage)
    options = [s for s in _STAGES if s is not profile.stage]
    options.sort(key=lambda s: (abs(_STAGES.index(s) - reference), _STAGES.index(s)))
    for stage in options:
        if runner.answer(question, "stage", stage) is not runner.now[question]:
            index = _STAGES.index(stage)
            side = 1 if index >= reference else -1
            onward = [s for s in _STAGES if (_STAGES.index(s) - index) * side > 0]
            onward.sort(key=lambda s: abs(_STAGES.index(s) - index))
            distance = float(abs(index - reference))
            return _found(runner, question, "stage", profile.stage, stage, distance, [onward], _bisect_stage)
    return None


Bisect = Callable[[_Runner, str, str, Answer, Any, Any], Any]


def _scan(
    runner: _Runner,
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
    runner: _Runner, question: str, name: str, answer_now: Answer, same: Stage, changed: Stage
) -> Stage:
    """Stages are steps: the changed one is the boundary."""
    return changed


def _bisect_graded(
    runner: _Runner, question: str, name: str, answer_now: Answer, same: float, changed: float
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
    runner: _Runner, question: str, name: str, answer_now: Answer, same: int, changed: int
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


# -- sensitivity --------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class Sensitivity:
    """How much each factor moves each role's and each staffing option's combined score.

    ``values[factor][answer]`` is the derivative of that answer's score (a :class:`Role` or a
    :class:`Staffing` option): per unit of a graded factor (a central finite difference of
    half-width ``step``, one-sided at 0 and 1), per doubling of a count (``log2`` steps of
    ``1 + relative_step`` each way). ``units`` says which, per factor. A derivative is NaN
    where no framework speaks on its question at one end of the step (the scores are empty
    there); :attr:`rows` and :meth:`to_dict` give ``None`` for it. Only the factors the profile
    gives are listed; the stage is categorical and not listed. ``role`` and ``staffing`` are
    the recommended answers (``None`` for no recommendation).
    """

    role: Role | None
    staffing: Staffing | None
    factors: tuple[str, ...]
    values: Mapping[str, Mapping[Role | Staffing, float]]
    units: Mapping[str, str]
    step: float
    relative_step: float

    def __repr__(self) -> str:
        def largest(factor: str) -> float:
            finite = [abs(v) for v in self.values[factor].values() if math.isfinite(v)]
            return max(finite, default=0.0)

        strongest = max(self.factors, key=largest, default=None)
        extra = f" strongest={strongest!r}" if strongest is not None else ""
        return (
            f"<Sensitivity role={_answer_text(self.role)} staffing={_answer_text(self.staffing)} "
            f"factors={len(self.factors)}{extra}>"
        )

    def __getitem__(self, factor: str) -> Mapping[Role | Staffing, float]:
        try:
            return self.values[factor]
        except KeyError:
            hint = did_you_mean(factor, self.factors)
            raise KeyError(f"{factor!r} is not in this table" + (f" ({hint})" if hint else "")) from None

    @property
    def columns(self) -> tuple[str, ...]:
        """The table's columns: factor, unit, one per role, then one per staffing option."""
        return ("factor", "unit", *(r.value for r in Role), *(s.value for s in Staffing))

    @property
    def rows(self) -> tuple[dict[str, Any], ...]:
        """One mapping per factor: its name, its unit, and its derivative for each answer
        (``None`` where it is undefined)."""
        answers = (*Role, *Staffing)
        return tuple(
            {
                "factor": f,
                "unit": self.units[f],
                **{a.value: _finite_or_none(self.values[f][a]) for a in answers},
            }
            for f in self.factors
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "role": _name(self.role),
            "staffing": _name(self.staffing),
            "step": self.step,
            "relative_step": self.relative_step,
            "rows": [dict(r) for r in self.rows],
        }

    def _cells(self) -> list[list[str]]:
        def cell(value: float | None) -> str:
            return "n/a" if value is None else f"{value:+.3f}"

        return [[r["factor"], r["unit"], *(cell(r[c]) for c in self.columns[2:])] for r in self.rows]

    def __str__(self) -> str:
        from rolemodel._compare import text_table

        return text_table(self.columns, self._cells(), title=self._title())

    def _title(self) -> str:
        return (
            f"Sensitivity of the scores (role: {_answer_text(self.role)}; "
            f"staffing: {_answer_text(self.staffing)})"
        )

    def _repr_html_(self) -> str:
        from rolemodel._compare import html_table

        return html_table(self.columns, self._cells(), title=self._title())

    def _repr_markdown_(self) -> str:
        from rolemodel._compare import markdown_table

        return markdown_table(self.columns, self._cells(), title=self._title())


def sensitivity(rec: Recommendation, step: float = 0.05, relative_step: float = 0.25) -> Sensitivity:
    """The :class:`Sensitivity` table of ``rec``: each given factor's effect on each score."""
    if not (isinstance(step, int | float) and 0 < step <= 0.5):
        raise RoleModelError(f"sensitivity: expected 0 < step <= 0.5, found {step!r}")
    if not (isinstance(relative_step, int | float) and 0 < relative_step <= 10):
        raise RoleModelError(f"sensitivity: expected 0 < relative_step <= 10, found {relative_step!r}")
    runner = _Runner(rec, "sensitivity")
    profile = rec.profile
    factors: list[str] = []
    values: dict[str, dict[Role | Staffing, float]] = {}
    units: dict[str, str] = {}
    for name, spec in FACTORS.items():
        now = getattr(profile, name)
        if spec.kind == "stage" or now is None:
            continue
        lo: Any
        hi: Any
        if spec.kind == "graded":
            lo, hi = max(0.0, now - step), min(1.0, now + step)
            span = hi - lo
            units[name] = "per unit"
        else:
            floor = profile.team_size if name == "company_size" else 1
            ceiling = profile.company_size if name == "team_size" else MAX_COUNT
            hi = min(ceiling, max(now + 1, round(now * (1 + relative_step))))
            lo = max(floor, min(now - 1, round(now / (1 + relative_step))))
            span = math.log2(hi / lo) if hi > lo else 0.0
            units[name] = "per doubling"
        factors.append(name)
        row: dict[Role | Staffing, float] = {}
        for question in QUESTIONS:
            options = _options(question)
            if span <= 0:
                # The factor cannot move here: no effect, where the question has scores at all.
                here = _scores(rec, question)
                row.update({o: (0.0 if o in here else math.nan) for o in options})
                continue
            up, down = _scores(runner.at(name, hi), question), _scores(runner.at(name, lo), question)
            row.update({o: _difference(up, down, o) / span for o in options})
        values[name] = row
    return Sensitivity(
        role=rec.role,
        staffing=rec.staffing,
        factors=tuple(factors),
        values=values,
        units=units,
        step=float(step),
        relative_step=float(relative_step),
    )


def _scores(rec: Recommendation, question: str) -> Mapping[Any, float]:
    return rec.scores if question == "role" else rec.staffing_scores


def _difference(up: Mapping[Any, float], down: Mapping[Any, float], option: Any) -> float:
    """``up - down`` for one option; NaN when either side has no score (nobody speaks there)."""
    if option not in up or option not in down:
        return math.nan
    return up[option] - down[option]


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


# -- robustness ---------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class Robustness:
    """Whether the recommended role and staffing survive perturbing the frameworks' weights.

    ``samples`` random draws multiply each framework's weight by a log-uniform factor in
    ``[1/(1+spread), 1+spread]``. Per question: ``share`` / ``staffing_share`` is the part of
    the draws that keep the answer (a missing answer is kept by another missing one);
    ``counts`` / ``staffing_counts`` count the answers the draws gave and ``no_answer`` /
    ``staffing_no_answer`` the draws that gave none (every framework abstaining, or a tie).
    ``leave_one_out`` / ``staffing_leave_one_out`` give the answer with each framework left out
    in turn (``None`` when the frameworks left give none, e.g. the only one left abstains);
    frameworks of weight 0, or the only one weighing, are not left out.
    """

    role: Role | None
    share: float
    counts: Mapping[Role, int]
    no_answer: int
    leave_one_out: Mapping[str, Role | None]
    staffing: Staffing | None
    staffing_share: float
    staffing_counts: Mapping[Staffing, int]
    staffing_no_answer: int
    staffing_leave_one_out: Mapping[str, Staffing | None]
    samples: int
    spread: float
    seed: int

    def __repr__(self) -> str:
        return (
            f"<Robustness role={_answer_text(self.role)} share={self.share:.2f} "
            f"staffing={_answer_text(self.staffing)} staffing_share={self.staffing_share:.2f}>"
        )

    @property
    def seen(self) -> tuple[Role | None, ...]:
        """Every role answer seen, random draws and leave-one-out together, in role order
        (``None`` last when some gave no answer)."""
        return _seen(Role, self.counts, self.no_answer, self.leave_one_out)

    @property
    def staffing_seen(self) -> tuple[Staffing | None, ...]:
        """Every staffing answer seen, as :attr:`seen` does for the role."""
        return _seen(Staffing, self.staffing_counts, self.staffing_no_answer, self.staffing_leave_one_out)

    @property
    def robust(self) -> bool:
        """True when every draw and every leave-one-out kept the role."""
        return self.seen == (self.role,)

    @property
    def staffing_robust(self) -> bool:
        """True when every draw and every leave-one-out kept the staffing."""
        return self.staffing_seen == (self.staffing,)

    @property
    def fragile_to(self) -> tuple[str, ...]:
        """The frameworks whose leaving out changes the role."""
        return tuple(f for f, r in self.leave_one_out.items() if r is not self.role)

    @property
    def staffing_fragile_to(self) -> tuple[str, ...]:
        """The frameworks whose leaving out changes the staffing."""
        return tuple(f for f, s in self.staffing_leave_one_out.items() if s is not self.staffing)

    def __str__(self) -> str:
        lines = []
        for question, answer, share, seen, left in (
            ("role", self.role, self.share, self.seen, self.leave_one_out),
            ("staffing", self.staffing, self.staffing_share, self.staffing_seen, self.staffing_leave_one_out),
        ):
            lines.append(
                f"{question} {_answer_text(answer)} kept in {share:.0%} of {self.samples} weight draws "
                f"(spread {self.spread:g}); seen: {', '.join(_answer_text(a) for a in seen)}"
            )
            for fid, other in left.items():
                mark = "kept" if other is answer else f"-> {_answer_text(other)}"
                lines.append(f"  without {fid}: {mark}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; a missing answer is ``None``."""
        return {
            "role": _name(self.role),
            "share": self.share,
            "counts": {r.value: n for r, n in self.counts.items()},
            "no_answer": self.no_answer,
            "leave_one_out": {f: _name(r) for f, r in self.leave_one_out.items()},
            "staffing": _name(self.staffing),
            "staffing_share": self.staffing_share,
            "staffing_counts": {s.value: n for s, n in self.staffing_counts.items()},
            "staffing_no_answer": self.staffing_no_answer,
            "staffing_leave_one_out": {f: _name(s) for f, s in self.staffing_leave_one_out.items()},
            "samples": self.samples,
            "spread": self.spread,
            "seed": self.seed,
        }


def _seen(kind: Any, counts: Mapping[Any, int], no_answer: int, left: Mapping[str, Any]) -> tuple[Any, ...]:
    seen = {a for a, n in counts.items() if n} | set(left.values())
    if no_answer:
        seen.add(None)
    return (*(a for a in kind if a in seen), *((None,) if None in seen else ()))


def robustness(rec: Recommendation, spread: float = 0.5, samples: int = 200, seed: int = 0) -> Robustness:
    """The :class:`Robustness` of ``rec``'s role and staffing to its frameworks' weights."""
    if not (isinstance(spread, int | float) and spread >= 0 and math.isfinite(spread)):
        raise RoleModelError(f"robustness: expected a spread >= 0, found {spread!r}")
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise RoleModelError(f"robustness: expected samples >= 1, found {samples!r}")
    frameworks, weights = _context(rec, "robustness")
    rng = random.Random(seed)
    width = math.log1p(spread)
    counts = dict.fromkeys(Role, 0)
    staffing_counts = dict.fromkeys(Staffing, 0)
    no_answer = staffing_no_answer = kept = staffing_kept = 0
    for _ in range(samples):
        drawn = {f: w * math.exp(rng.uniform(-width, width)) for f, w in weights.items()}
        there = recommend(rec.profile, frameworks=frameworks, weights=drawn)
        if there.role is None:
            no_answer += 1
        else:
            counts[there.role] += 1
        if there.staffing is None:
            staffing_no_answer += 1
        else:
            staffing_counts[there.staffing] += 1
        kept += there.role is rec.role
        staffing_kept += there.staffing is rec.staffing
    leave_one_out: dict[str, Role | None] = {}
    staffing_leave_one_out: dict[str, Staffing | None] = {}
    for fid, weight in weights.items():
        rest = {f: (0.0 if f == fid else w) for f, w in weights.items()}
        if weight > 0 and any(rest.values()):
            without = recommend(rec.profile, frameworks=frameworks, weights=rest)
            leave_one_out[fid] = without.role
            staffing_leave_one_out[fid] = without.staffing
    return Robustness(
        role=rec.role,
        share=kept / samples,
        counts=counts,
        no_answer=no_answer,
        leave_one_out=leave_one_out,
        staffing=rec.staffing,
        staffing_share=staffing_kept / samples,
        staffing_counts=staffing_counts,
        staffing_no_answer=staffing_no_answer,
        staffing_leave_one_out=staffing_leave_one_out,
        samples=samples,
        spread=float(spread),
        seed=seed,
    )


# -- phase map ----------------------------------------------------------------------------------

#: A cell that is no company (not an answer): light grey in HTML, left blank in plots.
_NOT_A_COMPANY_COLOUR = "#eeeeee"


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
        shares = ", ".join(f"{_answer_text(a)}={s:.0%}" for a, s in self.shares.items() if s)
        return (
            f"<PhaseMap {self.question} {self.x} x {self.y} "
            f"{len(self.x_values)}x{len(self.y_values)} ({shares})>"
        )

    @property
    def options(self) -> tuple[Role, ...] | tuple[Staffing, ...]:
        """The answers the question can have (besides none)."""
        return _options(self.question)

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

    def _repr_html_(self) -> str:
        """The map as a grid of coloured cells (y upwards), dissent hatched; no matplotlib."""
        import html

        from rolemodel._display import answer_colour

        hatch = "background-image:repeating-linear-gradient(45deg,rgba(0,0,0,.3) 0 1px,transparent 1px 4px);"
        cell = "width:14px;height:14px;padding:0;border:0;"
        label = "font-size:10px;padding:0 4px;text-align:right;white-space:nowrap;border:0;"
        every = max(1, len(self.x_values) // 6)
        rows = []
        for j in reversed(range(len(self.y_values))):
            tds = [f'<th style="{label}">{html.escape(_fmt(self.y_values[j]))}</th>']
            for i, xv in enumerate(self.x_values):
                answer, conf = self.answers[j][i], self.confidence[j][i]
                where = f"{self.x}={_fmt(xv)}, {self.y}={_fmt(self.y_values[j])}"
                if conf is None:
                    tds.append(
                        f'<td style="{cell}background:{_NOT_A_COMPANY_COLOUR}" '
                        f'title="{html.escape(where)}: {html.escape(self.reasons[j][i])}"></td>'
                    )
                    continue
                extra = hatch if self.dissent[j][i] else ""
                if answer is None:
                    tip = f"{where}: {_answer_text(None, self.reasons[j][i])}"
                else:
                    tip = f"{where}: {answer.value}, confidence {conf:.2f}"
                if self.dissent[j][i]:
                    tip += ", frameworks dissent"
                tds.append(
                    f'<td style="{cell}background-color:{answer_colour(answer)};{extra}" '
                    f'title="{html.escape(tip)}"></td>'
                )
            rows.append("<tr>" + "".join(tds) + "</tr>")
        ticks = "".join(
            f'<td style="font-size:10px;padding:0;border:0;overflow:visible;white-space:nowrap">'
            f"{html.escape(_fmt(v)) if i % every == 0 else ''}</td>"
            for i, v in enumerate(self.x_values)
        )
        rows.append(f'<tr><th style="{label}"></th>{ticks}</tr>')
        swatch = "display:inline-block;width:10px;height:10px;"
        legend = " ".join(
            f'<span style="{swatch}background:{answer_colour(a)}"></span> '
            f"{html.escape(_answer_text(a))} {s:.0%}"
            for a, s in self.shares.items()
            if s
        )
        if any(c is None for row in self.confidence for c in row):
            legend += (
                f' &nbsp; <span style="{swatch}background:{_NOT_A_COMPANY_COLOUR}"></span> no valid company'
            )
        legend += (
            f' &nbsp; <span style="{swatch}background:#ffffff;{hatch}"></span> frameworks dissent '
            f"{self.dissent_share:.0%}"
        )
        fixed = ", ".join(f"{k}={_fmt(v)}" for k, v in self.fixed.items())
        return (
            f'<div class="rolemodel-phasemap"><div>Recommended <b>{html.escape(self.question)}</b>: '
            f"<b>{html.escape(self.y)}</b> (up) by <b>{html.escape(self.x)}</b> (right); "
            f"{html.escape(fixed)}</div>"
            f'<table style="border-collapse:collapse;border:0">{"".join(rows)}</table>'
            f'<div style="font-size:11px">{legend}</div></div>'
        )

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
            "x_values": [_jsonable(v) for v in self.x_values],
            "y_values": [_jsonable(v) for v in self.y_values],
            "answers": [[_name(a) for a in row] for row in self.answers],
            "confidence": [list(row) for row in self.confidence],
            "dissent": [list(row) for row in self.dissent],
            "reasons": [list(row) for row in self.reasons],
            "fixed": {k: _jsonable(v) for k, v in self.fixed.items()},
            "frameworks": list(self.frameworks),
            "weights": dict(self.weights),
        }

    def plot(self, ax: Any = None) -> Any:
        """Draw the answer regions ("no recommendation" in its own colour), hatch where the
        frameworks dissent; returns the axes. Cells that are no valid company stay blank.

        Needs matplotlib (``pip install 'rolemodel[plot]'``).
        """
        try:
            import matplotlib.pyplot as plt
            from matplotlib.colors import ListedColormap
            from matplotlib.patches import Patch, Rectangle
        except ImportError:  # pragma: no cover - depends on the environment
            raise RoleModelError("PhaseMap.plot needs matplotlib: pip install 'rolemodel[plot]'") from None
        import numpy as np

        from rolemodel._display import answer_colour

        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 4.8))
        keys: list[Answer] = [*self.options, None]
        codes = np.ma.masked_invalid(
            np.array(
                [
                    [keys.index(a) if c is not None else np.nan for a, c in zip(arow, crow, strict=True)]
                    for arow, crow in zip(self.answers, self.confidence, strict=True)
                ],
                dtype=float,
            )
        )
        x_edges, x_log = _edges(self.x, self.x_values)
        y_edges, y_log = _edges(self.y, self.y_values)
        cmap = ListedColormap([answer_colour(k) for k in keys])
        ax.pcolormesh(x_edges, y_edges, codes, cmap=cmap, vmin=-0.5, vmax=len(keys) - 0.5, shading="flat")
        for j, row in enumerate(self.dissent):
            for i, flag in enumerate(row):
                if flag and self.confidence[j][i] is not None:
                    ax.add_patch(
                        Rectangle(
                            (x_edges[i], y_edges[j]),
                            x_edges[i + 1] - x_edges[i],
                            y_edges[j + 1] - y_edges[j],
                            fill=False,
                            hatch="///",
                            edgecolor=(0.0, 0.0, 0.0, 0.35),
                            linewidth=0,
                        )
                    )
        for axis_name, values, log, set_scale, set_ticks, set_labels, set_label in (
            (self.x, self.x_values, x_log, ax.set_xscale, ax.set_xticks, ax.set_xticklabels, ax.set_xlabel),
            (self.y, self.y_values, y_log, ax.set_yscale, ax.set_yticks, ax.set_yticklabels, ax.set_ylabel),
        ):
            if log:
                set_scale("log")
            if FACTORS[axis_name].kind == "stage":
                set_ticks(range(len(values)))
                set_labels([_fmt(v) for v in values])
            set_label(axis_name.replace("_", " "))
        shares = self.shares
        handles = [Patch(facecolor=answer_colour(k), label=_answer_text(k)) for k in keys if shares[k]]
        if any(any(row) for row in self.dissent):
            handles.append(
                Patch(facecolor="white", edgecolor="#333333", hatch="///", label="frameworks dissent")
            )
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, frameon=False
        )
        fixed = ", ".join(f"{k}={_fmt(v)}" for k, v in self.fixed.items())
        ax.set_title(f"Recommended {self.question}\n{fixed}", fontsize="small")
        return ax


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
    chosen_question = _check_question(question, "phase_map")
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
            answer_row.append(_answer(rec, chosen_question))
            conf_row.append(_confidence(rec, chosen_question))
            dis_row.append(_dissenting(rec, chosen_question))
            reason_row.append(_reason(rec, chosen_question))
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
            return _STAGES
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


def _edges(name: str, values: Sequence[Value]) -> tuple[list[float], bool]:
    """Cell edges for an axis, and whether it is drawn on a log scale."""
    kind = FACTORS[name].kind
    if kind == "stage":
        return [i - 0.5 for i in range(len(values) + 1)], False
    points = [float(v) for v in values if not isinstance(v, Stage)]
    if len(points) == 1:
        half = max(0.5, points[0] * 0.25) if kind == "count" else 0.025
        return [points[0] - half, points[0] + half], False
    if kind == "count":
        logs = [math.log(p) for p in points]
        mids = [(a + b) / 2 for a, b in itertools.pairwise(logs)]
        edges = [2 * logs[0] - mids[0], *mids, 2 * logs[-1] - mids[-1]]
        return [math.exp(e) for e in edges], True
    mids = [(a + b) / 2 for a, b in itertools.pairwise(points)]
    return [2 * points[0] - mids[0], *mids, 2 * points[-1] - mids[-1]], False


def _fmt(value: Any) -> str:
    if isinstance(value, Stage):
        return value.value
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _jsonable(value: Any) -> Any:
    return value.value if isinstance(value, Stage) else value


def _name(answer: Answer) -> str | None:
    return None if answer is None else answer.value
