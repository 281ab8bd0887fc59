"""Compile a framework once into a plan; evaluate a profile on it; combine the verdicts.

**Evidence.** A rule's condition gives a degree in [0, 1]; the rule adds ``weight * degree``
to its target. A concept's activation is the sum into it, capped at 1. A role's evidence in a
framework is its baseline plus the sum into it.

**Verdict.** A framework's scores are its roles' evidence divided by their sum; roles the
article does not list score 0. Its role is the highest score (ties go to the earlier role in
``management, leadership, growth_leader``).

**Combination.** A role's combined score is the weighted mean of its scores in the frameworks
that list it (weights equal by default; a framework is silent on a role its article does not
know), the three then scaled to sum to 1. Its confidence is ``sharpness * agreement``: sharpness is
``(top - second) / top`` of the combined scores, agreement is one minus the weighted mean
total-variation distance between each framework's scores and the combined ones.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from rolemodel._errors import RoleModelError, did_you_mean
from rolemodel._graph import evaluation_order
from rolemodel._model import AllOf, Always, AnyOf, Condition, Framework, Ramp, Role, Stage, StageIs
from rolemodel._profile import FACTORS, Profile

__all__ = ["ROLES", "Plan", "combine", "compile_framework", "evaluate", "profile_inputs"]

ROLES: tuple[Role, ...] = tuple(Role)
_ROLE_INDEX = {role.value: i for i, role in enumerate(ROLES)}
_STAGE_INDEX = {stage: i for i, stage in enumerate(Stage)}
_NUMERIC = tuple(name for name, spec in FACTORS.items() if spec.kind != "stage")

Inputs = Mapping[str, Any]
Degree = Callable[[Inputs, Sequence[float], Sequence[float]], float]


@attrs.frozen
class Step:
    """One rule, compiled: where its degree goes and how much it weighs."""

    rule: int
    degree: Degree
    to_role: bool
    target: int
    weight: float


@attrs.frozen
class Plan:
    """A framework compiled for evaluation: rules in dependency order, as closures."""

    framework: str
    baselines: tuple[float, float, float]
    listed: tuple[bool, bool, bool]
    concepts: tuple[str, ...]
    steps: tuple[Step, ...]
    rules: int


def compile_framework(framework: Framework) -> Plan:
    """Compile ``framework`` once: order its rules and turn its conditions into closures."""
    concepts = tuple(c.id for c in framework.concepts)
    concept_index = {c: i for i, c in enumerate(concepts)}
    baselines = [0.0, 0.0, 0.0]
    listed = [False, False, False]
    for spec in framework.roles:
        baselines[_ROLE_INDEX[spec.role.value]] = spec.baseline
        listed[_ROLE_INDEX[spec.role.value]] = True
    steps = []
    for index in evaluation_order(framework):
        rule = framework.rules[index]
        to_role = rule.then in _ROLE_INDEX
        target = _ROLE_INDEX[rule.then] if to_role else concept_index[rule.then]
        steps.append(Step(index, _compile(rule.when, concept_index), to_role, target, rule.weight))
    return Plan(
        framework=framework.id,
        baselines=(baselines[0], baselines[1], baselines[2]),
        listed=(listed[0], listed[1], listed[2]),
        concepts=concepts,
        steps=tuple(steps),
        rules=len(framework.rules),
    )


def _compile(condition: Condition, concept_index: Mapping[str, int]) -> Degree:
    if isinstance(condition, Always):
        return lambda inputs, stage, concepts: 1.0
    if isinstance(condition, StageIs):
        indices = tuple(_STAGE_INDEX[s] for s in condition.stages)
        return lambda inputs, stage, concepts: min(1.0, sum(stage[i] for i in indices))
    if isinstance(condition, AllOf | AnyOf):
        parts = tuple(_compile(c, concept_index) for c in condition.conditions)
        pick = min if isinstance(condition, AllOf) else max
        return lambda inputs, stage, concepts: pick(p(inputs, stage, concepts) for p in parts)
    assert isinstance(condition, Ramp)
    low, span, rising = condition.low, condition.high - condition.low, condition.rising

    def ramp(x: float | None) -> float:
        if x is None:
            return 0.0
        t = (x - low) / span
        t = 0.0 if t <= 0.0 else 1.0 if t >= 1.0 else t
        return t if rising else 1.0 - t

    if condition.source == "concept":
        i = concept_index[condition.name]
        return lambda inputs, stage, concepts: ramp(concepts[i])
    name = condition.name
    return lambda inputs, stage, concepts: ramp(inputs[name])


def profile_inputs(profile: Profile) -> dict[str, Any]:
    """The profile's numeric factors by name (``None`` where not given)."""
    return {name: getattr(profile, name) for name in _NUMERIC}


def evaluate(
    plan: Plan, inputs: Inputs, stage: Sequence[float]
) -> tuple[tuple[float, ...], tuple[float, float, float]]:
    """Run a plan: every rule's degree (by rule index) and each role's evidence."""
    degrees = [0.0] * plan.rules
    concepts = [0.0] * len(plan.concepts)
    evidence = list(plan.baselines)
    for step in plan.steps:
        d = step.degree(inputs, stage, concepts)
        if d:
            degrees[step.rule] = d
            if step.to_role:
                evidence[step.target] += step.weight * d
            else:
                value = concepts[step.target] + step.weight * d
                concepts[step.target] = value if value < 1.0 else 1.0
    return tuple(degrees), (evidence[0], evidence[1], evidence[2])


def normalise(evidence: Sequence[float], listed: Sequence[bool]) -> tuple[float, float, float]:
    """Evidence -> scores summing to 1 over the framework's roles."""
    total = sum(evidence)
    if total <= 0.0:
        count = sum(listed)
        return (listed[0] / count, listed[1] / count, listed[2] / count)
    return (evidence[0] / total, evidence[1] / total, evidence[2] / total)


def top_role(scores: Sequence[float]) -> int:
    """Index of the highest score; ties go to the earlier role."""
    best = 0
    for i in (1, 2):
        if scores[i] > scores[best]:
            best = i
    return best


def combine(
    verdict_scores: Sequence[Sequence[float]],
    listed: Sequence[Sequence[bool]],
    weights: Sequence[float],
) -> tuple[tuple[float, float, float], float]:
    """The combined scores and the confidence in their top role.

    Each role's raw score is the weighted mean of its scores in the frameworks that list it
    (a framework is silent on a role its article does not know); the raw scores are then
    scaled to sum to 1.
    """
    raw = [0.0, 0.0, 0.0]
    totals = [0.0, 0.0, 0.0]
    for scores, w, known in zip(verdict_scores, weights, listed, strict=True):
        for i in (0, 1, 2):
            if known[i]:
                totals[i] += w
                raw[i] += w * scores[i]
    for i in (0, 1, 2):
        raw[i] = raw[i] / totals[i] if totals[i] > 0 else 0.0
    norm = sum(raw)
    combined = [r / norm for r in raw] if norm > 0 else [1 / 3, 1 / 3, 1 / 3]
    ranked = sorted(combined, reverse=True)
    sharpness = (ranked[0] - ranked[1]) / ranked[0] if ranked[0] > 0 else 0.0
    weight_total = sum(weights)
    distance = 0.0
    for scores, w in zip(verdict_scores, weights, strict=True):
        gap = abs(scores[0] - combined[0]) + abs(scores[1] - combined[1]) + abs(scores[2] - combined[2])
        distance += w * 0.5 * gap
    agreement = 1.0 - distance / weight_total
    confidence = max(0.0, min(1.0, sharpness * agreement))
    return (combined[0], combined[1], combined[2]), confidence


def resolve_weights(
    frameworks: Sequence[Framework], weights: Mapping[str, float] | None
) -> tuple[float, ...]:
    """Per-framework combination weights: equal unless ``weights`` names some (by id)."""
    ids = [f.id for f in frameworks]
    if len(set(ids)) != len(ids):
        raise RoleModelError(f"frameworks: expected distinct ids, found {ids}")
    given = dict(weights or {})
    for key in given:
        if key not in ids:
            hint = did_you_mean(key, ids)
            raise RoleModelError(
                f"weights: expected a framework id ({', '.join(ids)}), found {key!r}"
                + (f" ({hint})" if hint else "")
            )
    out = []
    for fid in ids:
        w = given.get(fid, 1.0)
        if isinstance(w, bool) or not isinstance(w, int | float) or not math.isfinite(w) or w < 0:
            raise RoleModelError(f"weights[{fid!r}]: expected a finite number >= 0, found {w!r}")
        out.append(float(w))
    if not any(out):
        raise RoleModelError("weights: expected at least one framework with a weight > 0")
    return tuple(out)
