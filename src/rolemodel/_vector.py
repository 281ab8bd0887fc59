"""The engine's numpy backend: the same compiled :class:`~rolemodel._engine.Plan`, evaluated
over columns of profiles.

Each function here is the column-wise twin of one in :mod:`rolemodel._engine`
(:func:`evaluate_columns` of ``evaluate``, :func:`decide_columns` of ``decide``,
:func:`combine_columns` of ``combine``) and performs the same floating-point operations in the
same order, so a table's rows get exactly the answers :func:`~rolemodel.recommend` gives. The
plan is the single source of both: its steps carry their condition, order, target, weight and
whether they are a stance. A factor not given is ``NaN`` in its column and, like ``None`` in the
scalar engine, makes its ramps give 0; a column with no value at all costs nothing.

Where it is fast (each numpy call over a block's rows is the cost, so each one saved counts):

- a ramp is one subtraction, one division by its span (a multiplication where the span is a
  power of two: the same number to the bit) and one in-place ``np.clip``; a falling ramp whose
  rising twin is read too (see :func:`both_ways`), over a column with every cell given, is
  ``1 -`` the rising one, as the scalar engine computes it; a factor's missing cells are set
  once per column to the infinity that its ramps clip to 0;
- every degree that reads no concept (ramps, stages, their ``all``/``any``) is computed once per
  block for all frameworks; a single stage is its membership itself (``min(1, m)`` is ``m``);
- a rule of weight 1 adds its degree as it is, and sums are kept in place;
- "did a rule that reads the profile move this question" costs one comparison: where the
  total evidence differs from that of the baselines and every-row amounts alone, something
  moved it; only the other rows (few, as a rule) look at each rule's amount (:class:`Moved`);
- a question's top two answers come from comparisons and ``np.maximum``/``np.minimum``, and
  answer codes are ``int8`` arithmetic on those masks, never a sort or a masked assignment;
- the combination (:mod:`rolemodel._vector_combine`) reads the speaking weights and the
  consensus from tables, by bit sets of the frameworks that speak and agree;
- a block's arrays are lent by a :class:`Scratch` and given back as soon as a framework is
  done, so that a table's blocks reuse the same memory.

Evidence is never negative (the loader refuses negative weights and baselines), degrees lie in
[0, 1], and adding ``0`` (or ``0 * score``) changes no sum: that is what makes "only where the
framework speaks" a multiplication by 0 or 1 rather than a masked copy.

numpy is passed in (``np``) so that importing this module costs nothing.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from rolemodel._engine import (
    NO_EVIDENCE,
    OUTCOMES,
    SILENT,
    TIE_MARGIN,
    TIED,
    Plan,
    decide,
)
from rolemodel._model import (
    AllOf,
    Always,
    AnyOf,
    Condition,
    Ramp,
    Stage,
    StageIs,
    condition_reads,
    walk_condition,
)
from rolemodel._vector_combine import KEYED, Combined, Combiner, combine_block, combine_columns, keyed
from rolemodel._vector_ops import Scratch, is_scalar, is_zero, set_where, top_two

__all__ = [
    "KEYED",
    "Columns",
    "Combined",
    "Combiner",
    "Scratch",
    "both_ways",
    "combine_block",
    "combine_columns",
    "decide_block",
    "decide_columns",
    "evaluate_block",
    "evaluate_columns",
    "keyed",
]

_STAGE_INDEX = {stage: i for i, stage in enumerate(Stage)}


def _scalar_ramp(x: float, low: float, span: float, rising: bool) -> float:
    """A ramp of one number, as the scalar engine's closure computes it."""
    t = (x - low) / span
    t = 0.0 if t <= 0.0 else 1.0 if t >= 1.0 else t
    return t if rising else 1.0 - t


def _power_of_two(x: float) -> bool:
    """Whether ``x`` is a power of two whose reciprocal is exact (so ``t / x == t * (1 / x)``)."""
    return 2.0**-1000 < x < 2.0**1000 and math.frexp(x)[0] == 0.5


@functools.lru_cache(maxsize=4096)
def _reads_concept(condition: Condition) -> bool:
    return any(kind == "concept" for kind, _ in condition_reads(condition))


@functools.lru_cache(maxsize=256)
def _concept_index(concepts: tuple[str, ...]) -> dict[str, int]:
    return {c: i for i, c in enumerate(concepts)}


class Columns:
    """One block of rows: the factor columns and stage memberships (each in [0, 1]), and the
    degrees shared by plans. ``complete`` names factors known to have a value in every row;
    ``scratch`` lends the block's arrays; ``both`` names the ramps read both ways (see
    :func:`both_ways`): their falling one is ``1 -`` the rising one."""

    def __init__(
        self,
        np: Any,
        inputs: Mapping[str, Any],
        stage: Sequence[Any],
        n: int,
        complete: frozenset[str] = frozenset(),
        scratch: Scratch | None = None,
        both: frozenset[tuple[str, float, float]] = frozenset(),
    ) -> None:
        self.np, self.inputs, self.stage, self.n, self.complete = np, inputs, stage, n, complete
        self.scratch = scratch if scratch is not None else Scratch(np, n)
        self.both = both  # (factor, low, span) of the ramps read rising and falling
        self._ramps: dict[tuple[str, float, float, bool], Any] = {}
        self._filled: dict[tuple[str, bool], tuple[Any, bool]] = {}
        self._degrees: dict[Condition, Any] = {}

    def _column(self, name: str, rising: bool) -> tuple[Any, bool]:
        """A factor's column with its missing cells set to where a ramp that way gives 0
        (-inf for a rising ramp, +inf for a falling one), ``None`` when no cell is given; and
        whether every cell is given."""
        key = (name, rising)
        if key in self._filled:
            return self._filled[key]
        np = self.np
        x = self.inputs.get(name)
        whole = x is not None
        if x is not None and name not in self.complete and math.isnan(x.sum()):  # a NaN somewhere
            missing = np.isnan(x)
            whole = False
            x = None if missing.all() else np.where(missing, -np.inf if rising else np.inf, x)
        self._filled[key] = (x, whole)
        return x, whole

    def _ramp(self, x: Any, low: float, span: float, rising: bool, keep: bool) -> Any:
        """A ramp over a column: ``clip((x - low) / span)`` (then ``1 - t`` if falling), in place.
        ``1 - clip(t)`` is ``clip(1 - t)`` to the bit: both are 1 at or below 0, 0 at or above 1."""
        np = self.np
        t = np.subtract(x, low, out=self.scratch.keep() if keep else self.scratch())
        if _power_of_two(span):
            np.multiply(t, 1.0 / span, out=t)
        else:
            np.divide(t, span, out=t)
        if not rising:
            np.subtract(1.0, t, out=t)
        np.clip(t, 0.0, 1.0, out=t)
        return t

    def _factor_ramp(self, name: str, low: float, span: float, rising: bool) -> Any:
        key = (name, low, span, rising)
        cached = self._ramps.get(key)
        if cached is None:
            x, whole = self._column(name, rising)
            if x is None:  # no value given in the column (or no column): 0 on every row
                cached = 0.0
            elif (
                whole and not rising and (name, low, span) in self.both
            ):  # 1 - clip(t), as the scalar engine has it
                cached = self.np.subtract(
                    1.0, self._factor_ramp(name, low, span, True), out=self.scratch.keep()
                )
            else:
                cached = self._ramp(x, low, span, rising, keep=True)
            self._ramps[key] = cached
        return cached

    def degree(
        self,
        condition: Condition,
        concepts: Sequence[Any],
        concept_index: Mapping[str, int],
        memo: dict[Condition, Any] | None = None,
    ) -> Any:
        """The condition's degree per row (a scalar where it is the same for every row): an
        array of the block's, never to be written to. ``memo`` keeps the degrees that read
        concepts (its owner clears it when a concept changes); the others are kept here."""
        if type(condition) is Ramp and condition.source == "factor":
            low = float(condition.low)
            return self._factor_ramp(condition.name, low, float(condition.high) - low, condition.rising)
        if type(condition) is Always:
            return 1.0
        cache = memo if _reads_concept(condition) else self._degrees
        if cache is not None and condition in cache:
            return cache[condition]
        value = self._degree(condition, concepts, concept_index, memo)
        if cache is not None:
            cache[condition] = value
        return value

    def _degree(
        self,
        condition: Condition,
        concepts: Sequence[Any],
        concept_index: Mapping[str, int],
        memo: dict[Condition, Any] | None,
    ) -> Any:
        np = self.np
        if isinstance(condition, StageIs):
            parts = [self.stage[_STAGE_INDEX[s]] for s in condition.stages]
            if len(parts) == 1:  # min(1, m) is m
                return parts[0]
            total = np.add(parts[0], parts[1], out=self.scratch.keep())
            for part in parts[2:]:
                total += part
            return np.minimum(1.0, total, out=total)
        if isinstance(condition, AllOf | AnyOf):
            pick = np.minimum if isinstance(condition, AllOf) else np.maximum
            lend = self.scratch if _reads_concept(condition) else self.scratch.keep
            out: Any = None
            for inner in condition.conditions:
                d = self.degree(inner, concepts, concept_index, memo)
                out = d if out is None else pick(out, d, out=lend())
            return out
        assert isinstance(condition, Ramp)  # on a concept
        low, span = float(condition.low), float(condition.high) - float(condition.low)
        value = concepts[concept_index[condition.name]]
        if is_scalar(value):
            return _scalar_ramp(float(value), low, span, condition.rising)
        if low == 0.0 and span == 1.0 and condition.rising:  # a concept lies in [0, 1]
            return value
        return self._ramp(value, low, span, condition.rising, keep=False)


def both_ways(plans: Sequence[Plan]) -> frozenset[tuple[str, float, float]]:
    """The factor ramps (factor, low, span) that ``plans`` read rising and falling."""
    seen: set[tuple[str, float, float, bool]] = set()
    for plan in plans:
        for step in plan.steps:
            for c in walk_condition(step.condition):
                if isinstance(c, Ramp) and c.source == "factor":
                    low = float(c.low)
                    seen.add((c.name, low, float(c.high) - low, c.rising))
    return frozenset(
        (name, low, span) for name, low, span, rising in seen if rising and (name, low, span, False) in seen
    )


def _fold(np: Any, sc: Scratch, ufunc: Any, acc: Any, owned: bool, x: Any, lent: bool) -> tuple[Any, bool]:
    """``ufunc(acc, x)`` for ``np.add`` or ``np.maximum`` over values at least 0, in place when
    ``acc`` is an array of ours; and whether the result is. ``x`` may be a scalar; ``lent``
    says it is a scratch buffer that must not be kept."""
    if owned:
        return ufunc(acc, x, out=acc), True
    if is_scalar(x):
        if is_scalar(acc):
            return ufunc(acc, x), False
        return ufunc(acc, x, out=sc()), True
    if is_zero(acc) and not lent:  # 0 + x and max(0, x) are x
        return x, False
    return ufunc(x, acc, out=sc()), True


@attrs.frozen
class Moved:
    """What :func:`decide_block` needs to know, for one question of one framework, of the
    evidence moved by rules that read the profile: whether a rule moved it by the same amount
    on every row (``lifted``), else each such rule's degree and weight (``sources``), and each
    answer's evidence where none moved it (``still``: baselines and every-row amounts, summed
    in order). Where the total evidence differs from the sum of ``still``, something moved it;
    only the other rows need ``sources``."""

    lifted: bool
    sources: list[tuple[Any, float]]
    still: list[float]


def _evaluate(plan: Plan, columns: Columns, by_question: bool) -> tuple[list[Any], list[Any]]:
    """Each outcome's evidence (an array, or a scalar where the same on every row) and, per
    outcome, the evidence moved by rules that read the profile; or, ``by_question``, a
    :class:`Moved` per question."""
    np, sc = columns.np, columns.scratch
    concept_index = _concept_index(plan.concepts)
    concepts: list[Any] = [0.0] * len(plan.concepts)
    bounds = [0.0] * len(plan.concepts)  # what each concept can reach, at most
    memo: dict[Condition, Any] = {}
    evidence: list[Any] = list(plan.baselines)
    still = [float(b) for b in plan.baselines]
    moved: list[Any] = [0.0] * len(OUTCOMES)
    owned = [False] * len(OUTCOMES)
    owned_moved = [False] * len(OUTCOMES)
    lifted = [False, False]
    sources: list[list[tuple[Any, float]]] = [[], []]
    scratch = None
    for step in plan.steps:
        d = columns.degree(step.condition, concepts, concept_index, memo)
        w, t = step.weight, step.target
        if is_scalar(d):
            if not d:  # the scalar engine adds nothing for a degree of 0
                continue
            amount: Any = w * float(d)
            lent = False
        elif w == 1.0:
            amount, lent = d, False
        elif step.to_outcome:  # into a scratch buffer: every use below copies or adds it
            if scratch is None:
                scratch = sc()
            amount, lent = np.multiply(d, w, out=scratch), True
        else:
            amount, lent = np.multiply(d, w, out=sc()), False
        if step.to_outcome:
            evidence[t], owned[t] = _fold(np, sc, np.add, evidence[t], owned[t], amount, lent)
            if lent or not is_scalar(amount):
                if not step.stance and by_question:
                    sources[t // 3].append((d, w))
            else:
                still[t] += amount
                lifted[t // 3] |= not step.stance and amount > 0.0
            if not (step.stance or by_question):
                moved[t], owned_moved[t] = _fold(np, sc, np.add, moved[t], owned_moved[t], amount, lent)
            continue
        # a concept: never changed in place (its array may be a degree handed out), capped at 1
        c = concepts[t]
        if is_zero(c):
            value = amount
        elif is_scalar(c) and is_scalar(amount):
            value = c + amount
        else:
            value = np.add(c, amount, out=sc())
        reach = bounds[t] + w  # an amount is at most its weight: no cap needed below 1
        bounds[t] = min(reach, 1.0)
        if is_scalar(value):
            value = min(float(value), 1.0)
        elif reach > 1.0:
            value = np.minimum(value, 1.0, out=sc())
        concepts[t] = value
        memo.clear()
    if by_question:
        return evidence, [Moved(lifted[q], sources[q], still[3 * q : 3 * q + 3]) for q in (0, 1)]
    return evidence, moved


def _full(np: Any, values: Sequence[Any], n: int) -> list[Any]:
    return [np.broadcast_to(np.asarray(v, dtype=np.float64), (n,)) for v in values]


def evaluate_block(plan: Plan, columns: Columns) -> tuple[list[Any], list[Moved]]:
    """Each outcome's evidence (arrays, or scalars where the same on every row), and for the
    role and the staffing question what :func:`decide_block` needs of the evidence moved."""
    return _evaluate(plan, columns, by_question=True)


def evaluate_columns(plan: Plan, columns: Columns) -> tuple[list[Any], list[Any]]:
    """Each outcome's evidence and moved evidence per row, as ``evaluate`` gives them."""
    evidence, moved = _evaluate(plan, columns, by_question=False)
    return _full(columns.np, evidence, columns.n), _full(columns.np, moved, columns.n)


def _unmoved(np: Any, sc: Scratch, total: Any, evidence: Sequence[Any], moved: Moved, codes: Any) -> None:
    """Set ``NO_EVIDENCE`` where no rule that reads the profile moved the question: the rows
    whose total is that of the evidence nothing moved (the same sums: 0 added changes none)
    and where each such rule's amount (``w * d``, 0 exactly where ``d`` is, for ``w >= 1``) is
    0."""
    if moved.lifted:
        return
    if not moved.sources:
        codes.fill(NO_EVIDENCE)
        return
    still: Any = moved.still[0]
    for e, value in zip(evidence[1:], moved.still[1:], strict=True):
        if not is_zero(e):
            still += value
    maybe = np.equal(total, still, out=sc("?"))
    if not maybe.any():
        return
    rows = np.flatnonzero(maybe)
    if rows.size > codes.shape[0] // 8:  # many: every row at once
        most = sc()
        most.fill(0.0)
        for d, w in moved.sources:
            np.maximum(most, d if w >= 1.0 else np.multiply(d, w, out=sc()), out=most)
        set_where(np, sc, codes, np.less_equal(most, 0.0, out=maybe), NO_EVIDENCE)
        return
    some = np.zeros(rows.size, dtype=bool)
    for d, w in moved.sources:
        amount = d[rows] if w >= 1.0 else d[rows] * w
        some |= amount > 0.0
    codes[rows[~some]] = NO_EVIDENCE


def decide_block(
    np: Any,
    n: int,
    evidence: Sequence[Any],
    moved: Sequence[Any] | Moved,
    listed: Sequence[bool],
    positive: bool = False,
    scratch: Scratch | None = None,
    out: Any = None,
) -> tuple[list[Any], Any]:
    """One question of one framework per row: its scores (a scalar 0 where 0 on every row) and
    its answer's index or the negative code ``decide`` gives (``int8``, in ``out`` if given).
    ``evidence`` and ``moved`` may hold scalars; ``positive`` promises evidence that sums to
    more than 0."""
    sc = scratch if scratch is not None else Scratch(np, n)
    mark = sc.mark()
    scores, best, kept = _decide(np, n, evidence, moved, listed, positive, sc)
    if out is None:
        return scores, best
    np.copyto(out, best)
    sc.release(mark + kept)  # what came after the scores
    return scores, out


def _decide(
    np: Any,
    n: int,
    evidence: Sequence[Any],
    moved: Sequence[Any] | Moved,
    listed: Sequence[bool],
    positive: bool,
    sc: Scratch,
) -> tuple[list[Any], Any, int]:
    """:func:`decide_block`'s scores and codes, and how many arrays were lent for the scores."""
    start = sc.mark()
    known = [i for i in range(3) if listed[i]]
    if not known:
        choice = sc("b")
        choice.fill(SILENT)
        return [0.0, 0.0, 0.0], choice, 0
    if all(is_scalar(e) for e in evidence):  # the same on every row: the scalar engine's
        if isinstance(moved, Moved):  # no amount that differs by row: sources are all 0
            sums = [1.0 if moved.lifted else 0.0, 0.0, 0.0]
        else:
            sums = [float(m) for m in moved]
        fixed, code = decide([float(e) for e in evidence], sums, listed)
        choice = sc("b")
        choice.fill(code)
        return list(fixed), choice, 0
    total, owned = evidence[0], False
    for e in evidence[1:]:  # left to right, as the scalar engine adds
        if not is_zero(e):  # adding 0 changes no sum of evidence
            total, owned = (np.add(total, e, out=total if owned else sc()), True)
    scores: list[Any] = [0.0 if is_zero(e) else np.divide(e, total, out=sc()) for e in evidence]
    if not positive:
        with np.errstate(all="ignore"):
            empty = total <= 0.0
        if empty.any():  # nothing at all: the listed answers share it evenly
            for i in range(3):
                scores[i] = np.array(np.broadcast_to(scores[i], (n,)), dtype=np.float64)
                scores[i][empty] = listed[i] / len(known)
    kept = sc.mark() - start
    full = [np.broadcast_to(s, (n,)) if is_scalar(s) and listed[i] else s for i, s in enumerate(scores)]
    best, lead, _ = top_two(np, sc, full, known, top=False)
    set_where(np, sc, best, np.less(lead, TIE_MARGIN, out=sc("?")), TIED)
    if isinstance(moved, Moved):
        _unmoved(np, sc, total, evidence, moved, best)
        return scores, best, kept
    unmoved: Any = 0.0
    for m in moved:
        if not is_zero(m):
            unmoved = m if is_zero(unmoved) else unmoved + m
    if is_scalar(unmoved):
        if unmoved <= 0.0:
            best.fill(NO_EVIDENCE)
    else:
        set_where(np, sc, best, np.less_equal(unmoved, 0.0, out=sc("?")), NO_EVIDENCE)
    return scores, best, kept


def decide_columns(
    np: Any, evidence: Sequence[Any], moved: Sequence[Any], listed: Sequence[bool]
) -> tuple[list[Any], Any]:
    """One question of one framework per row: its scores and its answer's index, or the
    negative abstention code ``decide`` gives."""
    n = evidence[0].shape[0]
    scores, choice = decide_block(np, n, evidence, moved, listed)
    return [np.zeros(n) if np.ndim(s) == 0 else s for s in scores], choice
