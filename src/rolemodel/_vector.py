"""The engine's numpy backend: the same compiled :class:`~rolemodel._engine.Plan`, evaluated
over columns of profiles.

Each function here is the column-wise twin of one in :mod:`rolemodel._engine`
(:func:`evaluate_columns` of ``evaluate``, :func:`decide_columns` of ``decide``,
:func:`combine_columns` of ``combine``) and performs the same floating-point operations in the
same order, so a table's rows get exactly the answers :func:`~rolemodel.recommend` gives. The
plan is the single source of both: its steps carry their condition, order, target, weight and
whether they are a stance. A factor not given is ``NaN`` in its column and, like ``None`` in the
scalar engine, makes its ramps give 0; a column with no value at all costs nothing.

Where it is fast: each ramp is one subtraction, one division by its precomputed span and one
in-place ``np.clip`` (a factor's missing cells are set once per column to the infinity that the
ramp clips to 0, so no NaN test per ramp); sums are accumulated in place; a question's top two
answers come from ``np.maximum``/``np.minimum`` (no sort), with the options a framework lists
known when the code runs; and "only where the framework speaks" is a multiplication by 0 or 1,
not a masked copy. Those masks are exact because evidence is never negative (the loader refuses
negative weights and baselines), so a score is finite and at least 0 and adding ``0 * score``
changes nothing.

numpy is passed in (``np``) so that importing this module costs nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rolemodel._engine import (
    COMBINED_TIE,
    NO_EVIDENCE,
    NO_SPEAKERS,
    OUTCOMES,
    SILENT,
    TIE_MARGIN,
    TIED,
    Plan,
)
from rolemodel._model import AllOf, Always, AnyOf, Condition, Ramp, Stage, StageIs

__all__ = ["Columns", "combine_columns", "decide_columns", "evaluate_columns"]

_STAGE_INDEX = {stage: i for i, stage in enumerate(Stage)}


def _scalar_ramp(x: float, low: float, span: float, rising: bool) -> float:
    """A ramp of one number, as the scalar engine's closure computes it."""
    t = (x - low) / span
    t = 0.0 if t <= 0.0 else 1.0 if t >= 1.0 else t
    return t if rising else 1.0 - t


class Columns:
    """One block of rows: the factor columns and stage memberships, ramps shared by plans."""

    def __init__(self, np: Any, inputs: Mapping[str, Any], stage: Sequence[Any], n: int) -> None:
        self.np, self.inputs, self.stage, self.n = np, inputs, stage, n
        self._ramps: dict[tuple[str, float, float, bool], Any] = {}
        self._filled: dict[tuple[str, bool], Any] = {}

    def _column(self, name: str, rising: bool) -> Any:
        """A factor's column with its missing cells set to where a ramp that way gives 0
        (-inf for a rising ramp, +inf for a falling one); ``None`` when no cell is given."""
        key = (name, rising)
        if key in self._filled:
            return self._filled[key]
        np = self.np
        x = self.inputs.get(name)
        if x is not None:
            missing = np.isnan(x)
            if missing.all():
                x = None
            elif missing.any():
                x = np.where(missing, -np.inf if rising else np.inf, x)
        self._filled[key] = x
        return x

    def _ramp(self, x: Any, low: float, span: float, rising: bool) -> Any:
        """A ramp over a column: ``clip((x - low) / span)`` (then ``1 - t`` if falling), in place.
        ``1 - clip(t)`` is ``clip(1 - t)`` to the bit: both are 1 at or below 0, 0 at or above 1."""
        np = self.np
        t = np.subtract(x, low)
        np.divide(t, span, out=t)
        if not rising:
            np.subtract(1.0, t, out=t)
        np.clip(t, 0.0, 1.0, out=t)
        return t

    def degree(self, condition: Condition, concepts: Sequence[Any], concept_index: Mapping[str, int]) -> Any:
        """The condition's degree per row (a scalar where it is the same for every row)."""
        np = self.np
        if isinstance(condition, Always):
            return 1.0
        if isinstance(condition, StageIs):
            total: Any = None
            for s in condition.stages:
                part = self.stage[_STAGE_INDEX[s]]
                total = part if total is None else total + part
            return np.minimum(1.0, total)
        if isinstance(condition, AllOf | AnyOf):
            pick = np.minimum if isinstance(condition, AllOf) else np.maximum
            out: Any = None
            for inner in condition.conditions:
                d = self.degree(inner, concepts, concept_index)
                out = d if out is None else pick(out, d)
            return out
        assert isinstance(condition, Ramp)
        low, span = float(condition.low), float(condition.high) - float(condition.low)
        if condition.source == "concept":
            value = concepts[concept_index[condition.name]]
            if np.ndim(value) == 0:
                return _scalar_ramp(float(value), low, span, condition.rising)
            return self._ramp(value, low, span, condition.rising)
        key = (condition.name, low, span, condition.rising)
        cached = self._ramps.get(key)
        if cached is None:
            x = self._column(condition.name, condition.rising)
            # no value given in the column (or no column): the factor is not given anywhere
            cached = 0.0 if x is None else self._ramp(x, low, span, condition.rising)
            self._ramps[key] = cached
        return cached


def _plus(np: Any, total: Any, amount: Any, owned: bool) -> tuple[Any, bool]:
    """``total + amount``, in place when ``total`` is an array of ours; and whether it is now."""
    if owned:
        np.add(total, amount, out=total)
        return total, True
    total = total + amount
    return total, np.ndim(total) > 0


def evaluate_columns(plan: Plan, columns: Columns) -> tuple[list[Any], list[Any]]:
    """Each outcome's evidence and moved evidence per row, as ``evaluate`` gives them."""
    np, n = columns.np, columns.n
    concept_index = {c: i for i, c in enumerate(plan.concepts)}
    concepts: list[Any] = [0.0] * len(plan.concepts)
    evidence: list[Any] = list(plan.baselines)
    moved: list[Any] = [0.0] * len(OUTCOMES)
    owned = [False] * len(OUTCOMES)
    owned_moved = [False] * len(OUTCOMES)
    scratch = np.empty(n)
    for step in plan.steps:
        d = columns.degree(step.condition, concepts, concept_index)
        if np.ndim(d) == 0:
            if not d:  # the scalar engine adds nothing for a degree of 0
                continue
            amount: Any = step.weight * float(d)
        else:  # into a scratch buffer: every use below copies or adds it, none keeps it
            amount = np.multiply(d, step.weight, out=scratch)
        t = step.target
        if step.to_outcome:
            evidence[t], owned[t] = _plus(np, evidence[t], amount, owned[t])
            if not step.stance:
                moved[t], owned_moved[t] = _plus(np, moved[t], amount, owned_moved[t])
        else:
            concepts[t] = np.minimum(concepts[t] + amount, 1.0)
    full = [np.broadcast_to(np.asarray(v, dtype=np.float64), (n,)) for v in evidence]
    return full, [np.broadcast_to(np.asarray(v, dtype=np.float64), (n,)) for v in moved]


def _top_two_listed(np: Any, s: Sequence[Any], listed: Sequence[bool]) -> tuple[Any, Any]:
    """Per row, the index of the highest of the listed scores (ties to the earlier) and its
    lead on the next, the options listed being the same for every row: the scalar engine's
    ``_top_two`` to the bit."""
    known = [i for i in range(3) if listed[i]]
    n = s[0].shape[0]
    if len(known) == 1:
        return np.full(n, known[0], dtype=np.intp), s[known[0]]
    if len(known) == 2:
        a, b = known
        best = (s[b] > s[a]).astype(np.intp)
        if a or b != 1:
            best *= b - a
            best += a
        lead = np.subtract(s[a], s[b])
        return best, np.abs(lead, out=lead)  # max - min, exactly
    best = (s[1] > s[0]).astype(np.intp)
    top = np.maximum(s[0], s[1])
    low = np.minimum(s[0], s[1])
    above = s[2] > top
    best[above] = 2
    second = np.minimum(top, s[2])
    np.maximum(low, second, out=second)  # the middle one of three
    np.maximum(top, s[2], out=top)
    return best, np.subtract(top, second, out=top)


def _top_two(np: Any, scores: Sequence[Any], listed: Sequence[Any]) -> tuple[Any, Any, Any]:
    """Per row, the index of the highest listed score (ties to the earlier), its lead on the
    next, and the highest score itself; ``listed`` holds a flag per answer, the same for every
    row or one per row. Exact min/max arithmetic, so the lead is the scalar engine's to the bit."""
    s0, s1, s2 = (
        scores[i] if listed[i] is True else np.where(listed[i], scores[i], -np.inf) for i in range(3)
    )
    best = (s1 > s0).astype(np.intp)
    top = np.maximum(s0, s1)
    best[s2 > top] = 2
    second = np.maximum(np.minimum(s0, s1), np.minimum(top, s2))
    np.maximum(top, s2, out=top)
    if all(flag is True for flag in listed):
        return best, top - second, top
    with np.errstate(invalid="ignore"):
        lead = np.where(np.isfinite(second), top - second, top)
    return best, lead, top


def decide_columns(
    np: Any, evidence: Sequence[Any], moved: Sequence[Any], listed: Sequence[bool]
) -> tuple[list[Any], Any]:
    """One question of one framework per row: its scores and its answer's index, or the
    negative abstention code ``decide`` gives."""
    n = evidence[0].shape[0]
    if not any(listed):
        return [np.zeros(n) for _ in range(3)], np.full(n, SILENT, dtype=np.intp)
    total = evidence[0] + evidence[1]
    total += evidence[2]
    count = sum(listed)
    with np.errstate(all="ignore"):
        scores = [np.divide(evidence[i], total) for i in range(3)]
    empty = total <= 0.0
    if empty.any():
        for i in range(3):
            scores[i][empty] = listed[i] / count
    choice, lead = _top_two_listed(np, scores, listed)  # choice: an array of ours
    choice[lead < TIE_MARGIN] = TIED
    unmoved = moved[0] + moved[1]
    unmoved += moved[2]
    choice[unmoved <= 0.0] = NO_EVIDENCE
    return scores, choice


def combine_columns(
    np: Any,
    verdict_scores: Sequence[Sequence[Any]],
    choices: Sequence[Any],
    listed: Sequence[Sequence[bool]],
    weights: Sequence[float],
) -> tuple[list[Any], Any, Any]:
    """One question combined per row: the scores (NaN where no framework speaks), the
    answer's index or negative code, and the confidence, as ``combine`` gives them."""
    n = choices[0].shape[0]
    raw = [np.zeros(n), np.zeros(n), np.zeros(n)]
    totals = [np.zeros(n), np.zeros(n), np.zeros(n)]
    speaking = np.zeros(n)
    part = np.empty(n)
    taking = [(s, c, w, k) for s, c, w, k in zip(verdict_scores, choices, weights, listed, strict=True)]
    taking = [(s, c, w, k) for s, c, w, k in taking if w > 0.0 and any(k)]  # the others never speak
    # an option every framework that can speak lists is listed wherever anyone speaks, and its
    # total weight is the speaking weight (the same sums in the same order)
    everywhere = [bool(taking) and all(k[i] for _, _, _, k in taking) for i in range(3)]
    for scores, choice, w, known in taking:
        # w where the framework speaks, else 0: adding 0 (or 0 * a score) changes nothing
        speaks = np.multiply(np.greater_equal(choice, 0), w)
        speaking += speaks
        for i in (0, 1, 2):
            if known[i]:
                if not everywhere[i]:
                    totals[i] += speaks
                np.multiply(speaks, scores[i], out=part)
                raw[i] += part
    totals = [speaking if everywhere[i] else totals[i] for i in range(3)]
    with np.errstate(all="ignore"):
        for i in range(3):  # where no framework lists it: 0 (as raw is); rows nobody speaks in are NaN below
            if everywhere[i]:
                np.divide(raw[i], totals[i], out=raw[i])
            else:
                np.divide(raw[i], totals[i], out=raw[i], where=totals[i] > 0)
        norm = raw[0] + raw[1]
        norm += raw[2]
        combined = [np.divide(raw[i], norm, out=raw[i]) for i in range(3)]
        flags: list[Any] = [True if everywhere[i] else totals[i] > 0 for i in range(3)]
        best, lead, top = _top_two(np, combined, flags)
        none = speaking <= 0.0
        tied = lead < TIE_MARGIN
        agree = np.zeros(n)
        for _, choice, w, _ in taking:
            agree += np.equal(choice, best) * w
        agree *= 2.0
        agree -= speaking
        agree /= speaking
        consensus = np.maximum(agree, 0.0, out=agree)
        confidence = np.divide(lead, top)
        confidence *= consensus
        np.minimum(confidence, 1.0, out=confidence)
        np.maximum(confidence, 0.0, out=confidence)
    tied &= ~none
    best[tied] = COMBINED_TIE
    best[none] = NO_SPEAKERS
    confidence[none | tied] = 0.0
    for c in combined:
        c[none] = np.nan
    return combined, best, confidence
