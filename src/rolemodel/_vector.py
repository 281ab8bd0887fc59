"""The engine's numpy backend: the same compiled :class:`~rolemodel._engine.Plan`, evaluated
over columns of profiles.

Each function here is the column-wise twin of one in :mod:`rolemodel._engine`
(:func:`evaluate_columns` of ``evaluate``, :func:`decide_columns` of ``decide``,
:func:`combine_columns` of ``combine``) and performs the same floating-point operations in the
same order, so a table's rows get exactly the answers :func:`~rolemodel.recommend` gives. The
plan is the single source of both: its steps carry their condition, order, target, weight and
whether they are a stance. A factor not given is ``NaN`` in its column and, like ``None`` in the
scalar engine, makes its ramps give 0.

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


class Columns:
    """One block of rows: the factor columns and stage memberships, ramps shared by plans."""

    def __init__(self, np: Any, inputs: Mapping[str, Any], stage: Sequence[Any], n: int) -> None:
        self.np, self.inputs, self.stage, self.n = np, inputs, stage, n
        self._ramps: dict[tuple[str, float, float, bool], Any] = {}

    def _ramp(self, x: Any, low: float, high: float, rising: bool) -> Any:
        np = self.np
        t = (x - low) / (high - low)
        if not rising:
            t = 1.0 - t  # clip(1 - t) == 1 - clip(t); NaN (not given) -> 0 below
        return np.fmin(np.fmax(t, 0.0), 1.0)

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
        if condition.source == "concept":
            return self._ramp(
                concepts[concept_index[condition.name]], condition.low, condition.high, condition.rising
            )
        key = (condition.name, condition.low, condition.high, condition.rising)
        cached = self._ramps.get(key)
        if cached is None:
            x = self.inputs.get(condition.name)
            # An absent column: the factor is not given anywhere.
            cached = 0.0 if x is None else self._ramp(x, condition.low, condition.high, condition.rising)
            self._ramps[key] = cached
        return cached


def evaluate_columns(plan: Plan, columns: Columns) -> tuple[list[Any], list[Any]]:
    """Each outcome's evidence and moved evidence per row, as ``evaluate`` gives them."""
    np, n = columns.np, columns.n
    concept_index = {c: i for i, c in enumerate(plan.concepts)}
    concepts: list[Any] = [0.0] * len(plan.concepts)
    evidence: list[Any] = list(plan.baselines)
    moved: list[Any] = [0.0] * len(OUTCOMES)
    for step in plan.steps:
        d = columns.degree(step.condition, concepts, concept_index)
        if step.to_outcome:
            evidence[step.target] = evidence[step.target] + step.weight * d
            if not step.stance:
                moved[step.target] = moved[step.target] + step.weight * d
        else:
            concepts[step.target] = np.minimum(concepts[step.target] + step.weight * d, 1.0)
    full = [np.broadcast_to(np.asarray(v, dtype=np.float64), (n,)) for v in evidence]
    return full, [np.broadcast_to(np.asarray(v, dtype=np.float64), (n,)) for v in moved]


def _top_two(np: Any, scores: Sequence[Any], listed: Sequence[Any]) -> tuple[Any, Any, Any]:
    """Per row, the index of the highest listed score (ties to the earlier), its lead on the
    next, and the highest score itself; ``listed`` holds a flag per answer, the same for every
    row or one per row. Exact min/max arithmetic, so the lead is the scalar engine's to the bit."""
    s0, s1, s2 = (np.where(listed[i], scores[i], -np.inf) for i in range(3))
    best = np.where(s1 > s0, 1, 0)
    top = np.maximum(s0, s1)
    best = np.where(s2 > top, 2, best)
    top = np.maximum(top, s2)
    second = np.maximum(np.minimum(s0, s1), np.minimum(np.maximum(s0, s1), s2))
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
    total = evidence[0] + evidence[1] + evidence[2]
    count = sum(listed)
    positive = total > 0.0
    scores = [np.where(positive, evidence[i] / total, listed[i] / count) for i in range(3)]
    best, lead, _ = _top_two(np, scores, listed)
    choice = np.where(lead < TIE_MARGIN, TIED, best)
    choice = np.where(moved[0] + moved[1] + moved[2] <= 0.0, NO_EVIDENCE, choice)
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
    for scores, choice, w, known in zip(verdict_scores, choices, weights, listed, strict=True):
        if w <= 0.0:
            continue
        speaks = choice >= 0
        speaking = np.where(speaks, speaking + w, speaking)
        for i in (0, 1, 2):
            if known[i]:
                totals[i] = np.where(speaks, totals[i] + w, totals[i])
                raw[i] = np.where(speaks, raw[i] + w * scores[i], raw[i])
    with np.errstate(all="ignore"):
        raw = [np.where(totals[i] > 0, raw[i] / totals[i], 0.0) for i in range(3)]
        norm = raw[0] + raw[1] + raw[2]
        combined = [raw[i] / norm for i in range(3)]
        best, lead, top = _top_two(np, combined, [totals[i] > 0 for i in range(3)])
        agree = np.zeros(n)
        for choice, w in zip(choices, weights, strict=True):
            if w > 0.0:
                agree = np.where(choice == best, agree + w, agree)
        consensus = np.maximum(0.0, (2.0 * agree - speaking) / speaking)
        sharpness = lead / top
        confidence = np.maximum(0.0, np.minimum(1.0, sharpness * consensus))
    none = speaking <= 0.0
    tied = ~none & (lead < TIE_MARGIN)
    choice = np.where(none, NO_SPEAKERS, np.where(tied, COMBINED_TIE, best))
    confidence = np.where(none | tied, 0.0, confidence)
    combined = [np.where(none, np.nan, c) for c in combined]
    return combined, choice, confidence
