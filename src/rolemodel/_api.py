"""The public entry point: :func:`recommend`."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any, cast

from rolemodel._engine import (
    REASONS,
    ROLES,
    STAFFING,
    Six,
    combine,
    decide,
    profile_values,
    resolve_weights,
)
from rolemodel._errors import RoleModelError
from rolemodel._loader import builtin_frameworks
from rolemodel._model import Framework
from rolemodel._profile import Profile, shown_value
from rolemodel._result import Recommendation, Verdict

__all__ = ["choose_frameworks", "recommend"]


def choose_frameworks(
    frameworks: Iterable[Framework] | None, weights: Mapping[str, float] | None, caller: str
) -> tuple[tuple[Framework, ...], tuple[float, ...]]:
    """The frameworks to use (the built-in ones by default) and their resolved weights."""
    if frameworks is None and weights is None:
        return _defaults()
    if frameworks is None:
        chosen = builtin_frameworks()
    elif isinstance(frameworks, Framework | str | bytes | Mapping) or not isinstance(frameworks, Iterable):
        raise RoleModelError(
            f"{caller}: expected frameworks as a list of Framework objects, found {type(frameworks).__name__}"
        )
    else:
        chosen = tuple(frameworks)
    if not chosen:
        raise RoleModelError(f"{caller}: expected at least one framework, found none")
    for framework in chosen:
        if not isinstance(framework, Framework):
            raise RoleModelError(f"frameworks: expected Framework objects, found {shown_value(framework)!r}")
    return chosen, resolve_weights(chosen, weights)


@functools.cache
def _defaults() -> tuple[tuple[Framework, ...], tuple[float, ...]]:
    """The built-in frameworks and their equal weights, resolved once."""
    chosen = builtin_frameworks()
    return chosen, resolve_weights(chosen, None)


def recommend(
    profile: Profile | Mapping[str, Any] | None = None,
    /,
    *,
    frameworks: Iterable[Framework] | None = None,
    weights: Mapping[str, float] | None = None,
    **factors: Any,
) -> Recommendation:
    """Recommend a role (management, leadership or a converged Growth Leader) and a staffing
    (one person, a split, or one converged Growth Leader) for one company.

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

    values = profile_values(profile)
    stage = profile.stage_membership
    verdicts: dict[str, Verdict] = {}
    role_scores, role_choices, role_listed = [], [], []
    staff_scores, staff_choices, staff_listed = [], [], []
    m, le, g = ROLES
    one, split, conv = STAFFING
    why = REASONS.get
    for framework, weight in zip(chosen, resolved, strict=True):
        plan = framework._plan
        run = plan.run
        assert run is not None
        degrees, six, six_moved = run(values, stage)
        evidence, moved = cast(Six, six), cast(Six, six_moved)
        listed = plan.listed
        r_listed, s_listed = listed[:3], listed[3:]
        scores, choice = decide(evidence[:3], moved[:3], r_listed)
        s_scores, s_choice = decide(evidence[3:], moved[3:], s_listed)
        role_scores.append(scores)
        role_choices.append(choice)
        role_listed.append(r_listed)
        staff_scores.append(s_scores)
        staff_choices.append(s_choice)
        staff_listed.append(s_listed)
        verdicts[framework.id] = Verdict(
            framework=framework.id,
            title=framework.title,
            source=framework.source,
            role=ROLES[choice] if choice >= 0 else None,
            scores={m: scores[0], le: scores[1], g: scores[2]},
            weight=weight,
            reason=why(choice, ""),
            staffing=STAFFING[s_choice] if s_choice >= 0 else None,
            staffing_scores=(
                {one: s_scores[0], split: s_scores[1], conv: s_scores[2]}
                if s_listed[0] or s_listed[1] or s_listed[2]
                else {}
            ),
            staffing_reason=why(s_choice, ""),
            stance=plan.stances,
            framework_obj=framework,
            degrees=degrees,
            evidence=evidence,
        )
    combined, best, confidence = combine(role_scores, role_choices, role_listed, resolved)
    s_combined, s_best, s_confidence = combine(staff_scores, staff_choices, staff_listed, resolved)
    return Recommendation(
        profile=profile,
        role=ROLES[best] if best >= 0 else None,
        scores={} if combined is None else {m: combined[0], le: combined[1], g: combined[2]},
        confidence=confidence,
        by_framework=verdicts,
        staffing=STAFFING[s_best] if s_best >= 0 else None,
        staffing_scores=(
            {} if s_combined is None else {one: s_combined[0], split: s_combined[1], conv: s_combined[2]}
        ),
        staffing_confidence=s_confidence,
        reason=why(best, ""),
        staffing_reason=why(s_best, ""),
    )
