"""The public entry point: :func:`recommend`."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Mapping
from typing import Any

from rolemodel._engine import NUMERIC, REASONS, ROLES, STAFFING, resolve_weights
from rolemodel._errors import RoleModelError
from rolemodel._loader import builtin_frameworks
from rolemodel._model import Framework
from rolemodel._panel import Panel, panel_for
from rolemodel._profile import Profile, shown_value
from rolemodel._result import Recommendation, fresh_recommendation

__all__ = ["choose_frameworks", "recommend"]


def choose_frameworks(
    frameworks: Iterable[Framework] | None, weights: Mapping[str, float] | None, caller: str
) -> tuple[tuple[Framework, ...], tuple[float, ...]]:
    """The frameworks to use (the built-in ones by default) and their resolved weights."""
    if weights is None and (frameworks is None or frameworks is _defaults()[0]):
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


def _default_panel() -> tuple[tuple[Framework, ...], tuple[float, ...], Panel]:
    """The built-in frameworks, their weights and their panel; kept in ``_DEFAULT`` (read first
    on every call) once the panel is the compiled one."""
    global _DEFAULT
    chosen, resolved = _defaults()
    panel, compiled = panel_for([framework._plan for framework in chosen])
    if compiled:
        _DEFAULT = chosen, resolved, panel
    return chosen, resolved, panel


_DEFAULT: tuple[tuple[Framework, ...], tuple[float, ...], Panel] | None = None


#: A profile's numeric factors, in the order a plan reads them (``None`` where not given).
_numeric = operator.attrgetter(*NUMERIC)
_why = REASONS.get


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
    if weights is None and (frameworks is None or (_DEFAULT is not None and frameworks is _DEFAULT[0])):
        chosen, resolved, panel = _DEFAULT or _default_panel()
    else:
        chosen, resolved = choose_frameworks(frameworks, weights, "recommend")
        panel, _ = panel_for([framework._plan for framework in chosen])
    out = panel(_numeric(profile), profile.stage_membership, resolved)
    _, role, confidence, _, staffing, staffing_confidence = out[-1]
    # scores and verdicts are built from the trace when first read (see Recommendation)
    return fresh_recommendation(
        profile,
        ROLES[role] if role >= 0 else None,
        confidence,
        STAFFING[staffing] if staffing >= 0 else None,
        staffing_confidence,
        _why(role, ""),
        _why(staffing, ""),
        (chosen, resolved, out),
    )
