"""The public entry point: :func:`recommend`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rolemodel._engine import ROLES, combine, evaluate, normalise, profile_inputs, resolve_weights, top_role
from rolemodel._errors import RoleModelError
from rolemodel._loader import builtin_frameworks
from rolemodel._model import Framework
from rolemodel._profile import Profile
from rolemodel._result import Recommendation, Verdict

__all__ = ["choose_frameworks", "recommend"]


def choose_frameworks(
    frameworks: Iterable[Framework] | None, weights: Mapping[str, float] | None, caller: str
) -> tuple[tuple[Framework, ...], tuple[float, ...]]:
    """The frameworks to use (the built-in ones by default) and their resolved weights."""
    chosen = builtin_frameworks() if frameworks is None else tuple(frameworks)
    if not chosen:
        raise RoleModelError(f"{caller}: expected at least one framework, found none")
    for framework in chosen:
        if not isinstance(framework, Framework):
            raise RoleModelError(f"frameworks: expected Framework objects, found {framework!r}")
    return chosen, resolve_weights(chosen, weights)


def recommend(
    profile: Profile | Mapping[str, Any] | None = None,
    /,
    *,
    frameworks: Iterable[Framework] | None = None,
    weights: Mapping[str, float] | None = None,
    **factors: Any,
) -> Recommendation:
    """Recommend management, leadership or a converged Growth Leader for one company.

    Give the company as a :class:`Profile`, a mapping, or keywords
    (``recommend(company_size=300, team_size=25, market_change="high", regulation="low")``).
    ``frameworks`` defaults to the five built-in articles; ``weights`` maps framework ids to
    their combination weights (1 each by default).

    Raises :class:`ProfileError` for a bad profile and :class:`RoleModelError` for bad weights.
    """
    if profile is None:
        profile = Profile.from_mapping(factors)
    elif factors:
        raise RoleModelError("recommend: give the profile either positionally or as keywords, not both")
    elif not isinstance(profile, Profile):
        profile = Profile.from_mapping(profile)
    chosen, resolved = choose_frameworks(frameworks, weights, "recommend")

    inputs = profile_inputs(profile)
    stage = profile.stage_membership
    verdicts: dict[str, Verdict] = {}
    all_scores = []
    all_listed = []
    for framework, weight in zip(chosen, resolved, strict=True):
        plan = framework._plan
        degrees, evidence = evaluate(plan, inputs, stage)
        scores = normalise(evidence, plan.listed)
        all_scores.append(scores)
        all_listed.append(plan.listed)
        verdicts[framework.id] = Verdict(
            framework=framework.id,
            title=framework.title,
            source=framework.source,
            role=ROLES[top_role(scores)],
            scores=dict(zip(ROLES, scores, strict=True)),
            weight=weight,
            framework_obj=framework,
            degrees=degrees,
            evidence=evidence,
        )
    combined, confidence = combine(all_scores, all_listed, resolved)
    return Recommendation(
        profile=profile,
        role=ROLES[top_role(combined)],
        scores=dict(zip(ROLES, combined, strict=True)),
        confidence=confidence,
        by_framework=verdicts,
    )
