"""Plans: a growth path projected forward from one profile, on a simple growth curve you choose.

:func:`plan` builds a trajectory from a starting profile and hands it to the same machinery as
:func:`rolemodel.growth_path`, so a plan's periods are ``recommend()`` of their profiles like any
other. Two ways to say how the company grows:

- **over time**: ``years`` (and ``steps_per_year``: 1, 2, 4 or 12 periods a year), with either
  ``to_company_size`` and a ``growth`` curve, or a yearly ``rate``:

  - ``"linear"``: the same number of people added each period,
    ``size(t) = size0 + (size1 - size0) * t / years``;
  - ``"compound"`` (also ``"exponential"``): the same percentage each period,
    ``size(t) = size0 * (size1 / size0) ** (t / years)``, a yearly rate of
    ``(size1 / size0) ** (1 / years) - 1``; ``rate=0.3`` compounds 30% a year (a rate is
    always compound growth);

  periods are labelled ``start + t`` (years: ``0, 1, 2`` or, with ``start=2026``,
  ``2026, 2026.25, ...``);
- **at chosen sizes**: ``sizes=[50, 150, 500]``, one period at each company size, labelled by it.

Sizes are rounded to whole people. Unless told otherwise, the sales team grows **in proportion**
to the company (the starting profile's ratio; at least 1, at most the company), or along the
same curve to ``to_team_size``. Graded factors in ``to`` move linearly from their starting
value to the one given; every other factor is carried forward unchanged. A ``stage`` given in
the starting profile applies at its own company size only: the other periods derive the stage
from company size. These choices are the library's calibration, listed in the path's
``assumptions`` (the articles say "The timeline will vary", never how fast a company grows).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

from rolemodel._errors import RoleModelError
from rolemodel._growth import GrowthPath
from rolemodel._growth_build import build, evaluate
from rolemodel._growth_input import MAX_PERIODS, Label, RawPeriod
from rolemodel._model import Framework
from rolemodel._profile import FACTORS, MAX_COUNT, Profile

__all__ = ["CURVES", "STEPS_PER_YEAR", "curve", "plan"]

#: The growth curves a plan knows, and their aliases.
CURVES: Mapping[str, str] = {"linear": "linear", "compound": "compound", "exponential": "compound"}
#: How many periods a year a plan may have.
STEPS_PER_YEAR = (1, 2, 4, 12)
#: The longest plan, in years (the library's bound).
MAX_YEARS = 100


def curve(kind: str, start: float, end: float, fraction: float) -> float:
    """The value a growth curve reaches ``fraction`` (0..1) of the way from ``start`` to ``end``."""
    if kind == "linear" or start <= 0 or end <= 0:
        return start + (end - start) * fraction
    return float(start * (end / start) ** fraction)


def _number(value: object, what: str, *, low: float, high: float, whole: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise RoleModelError(f"plan: {what}: expected a number, found {value!r}")
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high or (whole and not number.is_integer()):
        kind = "a whole number" if whole else "a number"
        raise RoleModelError(f"plan: {what}: expected {kind} from {low:g} to {high:g}, found {value!r}")
    return number


def _label(start: float, k: int, steps: int) -> Label:
    value = round(start + k / steps, 4)
    return int(value) if value.is_integer() else value


def _graded_targets(base: Profile, to: Mapping[str, Any] | None) -> dict[str, tuple[float, float]]:
    """Per graded factor in ``to``: its starting and final value."""
    if to is None:
        return {}
    if not isinstance(to, Mapping):
        raise RoleModelError(
            f"plan: to: expected a mapping of graded factor to value, found {type(to).__name__}"
        )
    targets: dict[str, tuple[float, float]] = {}
    for name, value in to.items():
        spec = FACTORS.get(name) if isinstance(name, str) else None
        if spec is None or spec.kind != "graded":
            raise RoleModelError(
                f"plan: to: {name!r}: expected a graded factor (company and team sizes have their own "
                "arguments; the stage follows company size)"
            )
        start = getattr(base, name)
        if start is None:
            raise RoleModelError(
                f"plan: to: {name}: give its starting value in the profile (a factor not given is unknown, "
                "and an unknown start cannot be projected)"
            )
        end = getattr(Profile.from_mapping({**base.to_dict(), name: value}), name)
        targets[name] = (start, end)
    return targets


def plan(
    from_profile: Profile | Mapping[str, Any],
    /,
    *,
    to_company_size: int | None = None,
    years: float | None = None,
    growth: str = "linear",
    rate: float | None = None,
    sizes: Iterable[int] | None = None,
    to_team_size: int | None = None,
    to: Mapping[str, Any] | None = None,
    steps_per_year: int = 1,
    start: float = 0,
    frameworks: Iterable[Framework] | None = None,
    weights: Mapping[str, float] | None = None,
    name: str = "",
) -> GrowthPath:
    """A growth path projected from ``from_profile`` (see the module docstring for the curves).

    Over time: ``plan(p, to_company_size=1000, years=5, growth="compound")`` or
    ``plan(p, rate=0.4, years=5)``; at chosen sizes: ``plan(p, sizes=[50, 150, 500])``.

    Raises :class:`~rolemodel.RoleModelError` for arguments that make no plan, and
    :class:`~rolemodel.ProfileError` naming the period for a projected profile that is no
    company (a size past the library's bound, say).
    """
    base = from_profile if isinstance(from_profile, Profile) else Profile.from_mapping(from_profile)
    targets = _graded_targets(base, to)
    size0, team0 = base.company_size, base.team_size
    assumptions: list[str] = []
    if sizes is not None:
        if years is not None or to_company_size is not None or rate is not None or to_team_size is not None:
            raise RoleModelError(
                "plan: give either sizes, or years with to_company_size or rate (and to_team_size), not both"
            )
        if isinstance(sizes, str | bytes) or not isinstance(sizes, Iterable):
            raise RoleModelError(f"plan: sizes: expected a list of company sizes, found {sizes!r}")
        chosen = list(sizes)[: MAX_PERIODS + 1]
        if not chosen or len(chosen) > MAX_PERIODS:
            raise RoleModelError(
                f"plan: sizes: expected 1 to {MAX_PERIODS:,} company sizes, found {len(chosen):,}"
            )
        company = [
            int(_number(s, f"sizes[{i}]", low=1, high=MAX_COUNT, whole=True)) for i, s in enumerate(chosen)
        ]
        labels: list[Label] = list(company)
        fractions = [i / (len(company) - 1) if len(company) > 1 else 1.0 for i in range(len(company))]
        teams = [team0 * c / size0 for c in company]
        assumptions.append(f"one period at each company size chosen: {', '.join(f'{c:,}' for c in company)}")
    else:
        if years is None:
            raise RoleModelError("plan: expected years (with to_company_size or rate), or sizes")
        span = _number(years, "years", low=0, high=MAX_YEARS)
        if span <= 0:
            raise RoleModelError(f"plan: years: expected more than 0, found {years!r}")
        if steps_per_year not in STEPS_PER_YEAR:
            raise RoleModelError(
                f"plan: steps_per_year: expected one of {', '.join(map(str, STEPS_PER_YEAR))}, "
                f"found {steps_per_year!r}"
            )
        count = span * steps_per_year
        if not math.isclose(count, round(count)):
            raise RoleModelError(
                f"plan: years: expected a whole number of periods ({steps_per_year} a year), found {years!r}"
            )
        n = round(count)
        first = _number(start, "start", low=-1e6, high=1e6)
        kind = CURVES.get(growth) if isinstance(growth, str) else None
        if kind is None:
            raise RoleModelError(f"plan: growth: expected one of {', '.join(CURVES)}, found {growth!r}")
        if (to_company_size is None) == (rate is None):
            raise RoleModelError("plan: expected either to_company_size or rate, exactly one")
        if rate is not None:
            yearly = _number(rate, "rate", low=-0.99, high=100)
            end = size0 * (1 + yearly) ** span
            kind = "compound"
            how = f"compounds at {yearly:.1%} a year from {size0:,} over {span:g} years"
        else:
            end = _number(to_company_size, "to_company_size", low=1, high=MAX_COUNT, whole=True)
            how = f"grows {kind} from {size0:,} to {end:,.0f} over {span:g} years"
            if kind == "compound" and end != size0:
                how += f" ({(end / size0) ** (1 / span) - 1:.1%} a year)"
        labels = [_label(first, k, steps_per_year) for k in range(n + 1)]
        fractions = [k / n for k in range(n + 1)]
        company = [max(1, round(curve(kind, size0, end, f))) for f in fractions]
        if to_team_size is None:
            teams = [team0 * c / size0 for c in company]
        else:
            team_end = _number(to_team_size, "to_team_size", low=1, high=MAX_COUNT, whole=True)
            teams = [curve(kind, team0, team_end, f) for f in fractions]
            assumptions.append(f"team_size grows {kind} from {team0:,} to {team_end:,.0f} (as chosen)")
        assumptions.insert(
            0,
            f"company_size {how}, {steps_per_year} period(s) a year "
            "(the growth chosen; the articles give no growth rate)",
        )
    if not any("team_size" in a for a in assumptions):
        assumptions.append(
            f"team_size grows in proportion to company_size ({team0:,} in {size0:,}), rounded, at least 1 "
            "(calibration: the articles do not say how a sales team grows with the company)"
        )
    carried = [n for n in base.to_dict() if n not in ("company_size", "team_size", "stage", *targets)]
    if targets:
        assumptions.append(
            "moving linearly to the values given (calibration): "
            + ", ".join(f"{n} {a:g} -> {b:g}" for n, (a, b) in targets.items())
        )
    if carried:
        assumptions.append("carried forward unchanged: " + ", ".join(carried))
    if base.stage is not None:
        assumptions.append(
            f"stage {base.stage.value} (given) holds at company_size {size0:,} only; the other periods "
            "derive the stage from company_size (calibration thresholds)"
        )
    raws = []
    for k, (label, size, team, fraction) in enumerate(zip(labels, company, teams, fractions, strict=True)):
        factors = base.to_dict()
        factors["company_size"] = size
        factors["team_size"] = max(1, min(size, round(team)))
        if base.stage is not None and size != size0:
            factors.pop("stage")
        for factor, (a, b) in targets.items():
            factors[factor] = round(a + (b - a) * fraction, 6)
        raws.append(RawPeriod(k + 1, label, None, factors))
    periods, _ = evaluate(raws, frameworks, weights)
    return build(periods, name=name[:200] if isinstance(name, str) else "", assumptions=assumptions)
