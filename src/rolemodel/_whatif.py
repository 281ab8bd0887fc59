"""What-if analysis around a recommendation: counterfactuals, sensitivity, phase maps, robustness.

A recommendation answers two *questions*: the **role** (what the sales organisation needs most
now) and the **staffing** (who holds the roles). Either answer may be missing ("no
recommendation": every framework abstains, or the speaking frameworks tie); a missing answer is
an answer of its own here, and a change to or from it is a change.

Everything here re-runs :func:`rolemodel.recommend` with the same frameworks and weights on
changed profiles (:mod:`rolemodel._rerun`), and returns frozen values:

* :func:`counterfactuals` -- per factor and question, the nearest value (others held) at which
  the recommended role, or the recommended staffing, changes, and to what
  (:mod:`rolemodel._counterfactual`).
* :func:`sensitivity` -- how much each factor moves each role's and each staffing option's
  score: central finite differences on graded factors (per unit of the factor), relative steps
  on counts (per doubling). Undefined (NaN) where no framework speaks on that question at one
  end of the step.
* :func:`phase_map` -- the recommended role (or staffing) and its confidence over a grid of two
  factors, with the cells where frameworks dissent on that question marked
  (:mod:`rolemodel._phasemap`).
* :func:`robustness` -- whether the role and the staffing survive perturbed framework weights
  and leaving one framework out.

This module is the what-if face's one door: the values' modules and :mod:`rolemodel` import
every analysis from here. The values render themselves lazily: text, HTML and Markdown in
:mod:`rolemodel._whatif_display`, :meth:`PhaseMap.plot` in :mod:`rolemodel._plot` (the only
part that needs more than the core dependencies: matplotlib, imported there).
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._api import recommend
from rolemodel._counterfactual import Counterfactual, counterfactuals
from rolemodel._errors import RoleModelError, did_you_mean
from rolemodel._model import Role, Staffing
from rolemodel._phasemap import PhaseMap, phase_map
from rolemodel._profile import FACTORS
from rolemodel._rerun import (
    MAX_COUNT,
    QUESTIONS,
    Runner,
    answer_name,
    answer_text,
    question_options,
    recommendation_context,
    scores_on,
)

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
            f"<Sensitivity role={answer_text(self.role)} staffing={answer_text(self.staffing)} "
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
            "role": answer_name(self.role),
            "staffing": answer_name(self.staffing),
            "step": self.step,
            "relative_step": self.relative_step,
            "rows": [dict(r) for r in self.rows],
        }

    def __str__(self) -> str:
        from rolemodel._whatif_display import sensitivity_text

        return sensitivity_text(self)

    def _repr_html_(self) -> str:
        from rolemodel._whatif_display import sensitivity_html

        return sensitivity_html(self)

    def _repr_markdown_(self) -> str:
        from rolemodel._whatif_display import sensitivity_markdown

        return sensitivity_markdown(self)


def sensitivity(rec: Recommendation, step: float = 0.05, relative_step: float = 0.25) -> Sensitivity:
    """The :class:`Sensitivity` table of ``rec``: each given factor's effect on each score."""
    if not (isinstance(step, int | float) and 0 < step <= 0.5):
        raise RoleModelError(f"sensitivity: expected 0 < step <= 0.5, found {step!r}")
    if not (isinstance(relative_step, int | float) and 0 < relative_step <= 10):
        raise RoleModelError(f"sensitivity: expected 0 < relative_step <= 10, found {relative_step!r}")
    runner = Runner(rec, "sensitivity")
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
            options = question_options(question)
            if span <= 0:
                # The factor cannot move here: no effect, where the question has scores at all.
                here = scores_on(rec, question)
                row.update({o: (0.0 if o in here else math.nan) for o in options})
                continue
            up, down = scores_on(runner.at(name, hi), question), scores_on(runner.at(name, lo), question)
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
            f"<Robustness role={answer_text(self.role)} share={self.share:.2f} "
            f"staffing={answer_text(self.staffing)} staffing_share={self.staffing_share:.2f}>"
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
        from rolemodel._whatif_display import robustness_text

        return robustness_text(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; a missing answer is ``None``."""
        return {
            "role": answer_name(self.role),
            "share": self.share,
            "counts": {r.value: n for r, n in self.counts.items()},
            "no_answer": self.no_answer,
            "leave_one_out": {f: answer_name(r) for f, r in self.leave_one_out.items()},
            "staffing": answer_name(self.staffing),
            "staffing_share": self.staffing_share,
            "staffing_counts": {s.value: n for s, n in self.staffing_counts.items()},
            "staffing_no_answer": self.staffing_no_answer,
            "staffing_leave_one_out": {f: answer_name(s) for f, s in self.staffing_leave_one_out.items()},
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
    frameworks, weights = recommendation_context(rec, "robustness")
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
