"""What-if analysis around a recommendation: counterfactuals, sensitivity, phase maps, robustness.

Everything here re-runs :func:`rolemodel.recommend` with the same frameworks and weights on
changed profiles, and returns frozen values:

* :func:`counterfactuals` -- per factor, the nearest value (others held) at which the
  recommended role changes, and to what. A grid over the factor's range is scanned outward from
  the profile's value, the first change on each side is bisected to its boundary, and the value
  on the changed side is returned (checked by recommending there). Regions narrower than the
  grid's step can be missed; every counterfactual returned is true.
* :func:`sensitivity` -- how much each factor moves each role's score: central finite
  differences on graded factors (per unit of the factor), relative steps on counts (per
  doubling).
* :func:`phase_map` -- the recommended role and its confidence over a grid of two factors, with
  the cells where the frameworks' own verdicts are not unanimous marked.
* :func:`robustness` -- whether the role survives perturbed framework weights and leaving one
  framework out.

Only :meth:`PhaseMap.plot` needs more than the core dependencies (matplotlib, imported there).
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._api import choose_frameworks, recommend
from rolemodel._errors import ProfileError, RoleModelError, did_you_mean
from rolemodel._loader import builtin_frameworks
from rolemodel._model import Framework, Role, Stage
from rolemodel._profile import FACTORS, LEVELS, Profile

if TYPE_CHECKING:
    from rolemodel._result import Recommendation

__all__ = [
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

_GRADED_GRID = tuple(i / 100 for i in range(101))
_STAGES = tuple(Stage)
_ROLE_COLOURS = {
    Role.MANAGEMENT: "#4C72B0",
    Role.LEADERSHIP: "#DD8452",
    Role.GROWTH_LEADER: "#55A868",
}

Value = float | int | Stage


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

    def __init__(
        self, profile: Profile, frameworks: Sequence[Framework], weights: Mapping[str, float]
    ) -> None:
        self.profile = profile
        self.frameworks = tuple(frameworks)
        self.weights = dict(weights)
        self._seen: dict[tuple[str, Any], Recommendation] = {}

    def at(self, factor: str, value: Any) -> Recommendation:
        key = (factor, value)
        rec = self._seen.get(key)
        if rec is None:
            profile = attrs.evolve(self.profile, **{factor: value})
            rec = self._seen[key] = recommend(profile, frameworks=self.frameworks, weights=self.weights)
        return rec

    def role(self, factor: str, value: Any) -> Role:
        return self.at(factor, value).role


# -- counterfactuals ----------------------------------------------------------------------------


@attrs.frozen(repr=False)
class Counterfactual:
    """The nearest value of one factor (others held) at which the recommended role changes.

    ``value_now`` is the profile's value (``None`` for an optional factor it does not give);
    ``distance`` is how far ``value`` is from it in the factor's own units: points on [0, 1] for
    graded factors (from 0.5, "medium", when the factor is not given), people for counts, steps
    along startup -> growth -> mature for the stage (from the derived stage when none is given).
    """

    factor: str
    value_now: Value | None
    value: Value
    role_now: Role
    role: Role
    distance: float

    def __str__(self) -> str:
        now = "not given" if self.value_now is None else _fmt(self.value_now)
        return (
            f"{self.factor}: {now} -> {_fmt(self.value)} turns {self.role_now.value} into {self.role.value}"
        )

    def __repr__(self) -> str:
        now = "None" if self.value_now is None else _fmt(self.value_now)
        return (
            f"<Counterfactual {self.factor} {now} -> {_fmt(self.value)}: "
            f"{self.role_now.value} -> {self.role.value} distance={self.distance:g}>"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "factor": self.factor,
            "value_now": _jsonable(self.value_now),
            "value": _jsonable(self.value),
            "role_now": self.role_now.value,
            "role": self.role.value,
            "distance": self.distance,
        }


def counterfactuals(rec: Recommendation) -> tuple[Counterfactual, ...]:
    """Per factor the profile can vary, the nearest value at which the role changes.

    Factors: the required counts and graded factors, every optional graded factor (given or
    not) and the stage, in catalogue order; a factor no value of which changes the role (within
    the grid's resolution) is left out.
    """
    frameworks, weights = _context(rec, "counterfactuals")
    runner = _Runner(rec.profile, frameworks, weights)
    out = []
    for name, spec in FACTORS.items():
        if spec.kind == "graded":
            found = _graded_counterfactual(runner, name, rec.role)
        elif spec.kind == "count":
            found = _count_counterfactual(runner, name, rec.role)
        else:
            found = _stage_counterfactual(runner, rec.role)
        if found is not None:
            out.append(found)
    return tuple(out)


def _graded_counterfactual(runner: _Runner, name: str, role_now: Role) -> Counterfactual | None:
    now: float | None = getattr(runner.profile, name)
    start = ABSENT_REFERENCE if now is None else now
    if now is None and runner.role(name, start) is not role_now:
        value = start
        return Counterfactual(name, None, value, role_now, runner.role(name, value), 0.0)
    best: tuple[float, float, Role] | None = None
    for side in (-1, 1):
        grid = [v for v in _GRADED_GRID if (v - start) * side > 0]
        grid.sort(key=lambda v: abs(v - start))
        found = _scan(runner, name, role_now, start, grid, _bisect_graded)
        if found is not None and (best is None or abs(found[0] - start) < best[1]):
            best = (found[0], abs(found[0] - start), found[1])
    if best is None:
        return None
    return Counterfactual(name, now, best[0], role_now, best[2], round(best[1], 9))


def _count_counterfactual(runner: _Runner, name: str, role_now: Role) -> Counterfactual | None:
    profile = runner.profile
    now: int = getattr(profile, name)
    if name == "team_size":
        low, high = 1, profile.company_size
    else:
        low, high = profile.team_size, MAX_COUNT
    grid = _log_grid(low, high, 80)
    best: tuple[int, float, Role] | None = None
    for side in (-1, 1):
        points = [v for v in grid if (v - now) * side > 0]
        points.sort(key=lambda v: abs(v - now))
        found = _scan(runner, name, role_now, now, points, _bisect_count)
        if found is not None and (best is None or abs(found[0] - now) < best[1]):
            best = (int(found[0]), float(abs(found[0] - now)), found[1])
    if best is None:
        return None
    return Counterfactual(name, now, best[0], role_now, best[2], best[1])


def _stage_counterfactual(runner: _Runner, role_now: Role) -> Counterfactual | None:
    profile = runner.profile
    reference = _STAGES.index(profile.effective_stage)
    options = [s for s in _STAGES if s is not profile.stage]
    options.sort(key=lambda s: (abs(_STAGES.index(s) - reference), _STAGES.index(s)))
    for stage in options:
        role = runner.role("stage", stage)
        if role is not role_now:
            distance = float(abs(_STAGES.index(stage) - reference))
            return Counterfactual("stage", profile.stage, stage, role_now, role, distance)
    return None


Bisect = Callable[[_Runner, str, Role, Any, Any], tuple[Any, Role]]


def _scan(
    runner: _Runner, name: str, role_now: Role, start: Any, points: Sequence[Any], bisect: Bisect
) -> tuple[Any, Role] | None:
    """Walk ``points`` outward from ``start``; bisect the first change of role found."""
    previous = start
    for point in points:
        if runner.role(name, point) is not role_now:
            return bisect(runner, name, role_now, previous, point)
        previous = point
    return None


def _bisect_graded(
    runner: _Runner, name: str, role_now: Role, same: float, changed: float
) -> tuple[float, Role]:
    role = runner.role(name, changed)
    while abs(changed - same) > 1e-7:
        mid = (same + changed) / 2
        mid_role = runner.role(name, mid)
        if mid_role is role_now:
            same = mid
        else:
            changed, role = mid, mid_role
    # A tidier number on the changed side, when one nearby still gives a changed role.
    for digits in (3, 4, 5, 6):
        scale = 10**digits
        tidy = math.ceil(changed * scale) if changed > same else math.floor(changed * scale)
        value = min(1.0, max(0.0, tidy / scale))
        if abs(value - changed) <= 1.0 / scale:
            tidy_role = runner.role(name, value)
            if tidy_role is not role_now:
                return value, tidy_role
    return changed, role


def _bisect_count(runner: _Runner, name: str, role_now: Role, same: int, changed: int) -> tuple[int, Role]:
    role = runner.role(name, changed)
    while abs(changed - same) > 1:
        mid = (same + changed) // 2
        mid_role = runner.role(name, mid)
        if mid_role is role_now:
            same = mid
        else:
            changed, role = mid, mid_role
    return changed, role


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
    """How much each factor moves each role's combined score around a profile.

    ``values[factor][role]`` is the derivative of the role's score: per unit of a graded factor
    (a central finite difference of half-width ``step``, one-sided at 0 and 1), per doubling of a
    count (``log2`` steps of ``1 + relative_step`` each way). ``units`` says which, per factor.
    Only the factors the profile gives are listed; the stage is categorical and not listed.
    """

    role: Role
    factors: tuple[str, ...]
    values: Mapping[str, Mapping[Role, float]]
    units: Mapping[str, str]
    step: float
    relative_step: float

    def __repr__(self) -> str:
        strongest = max(self.factors, key=lambda f: abs(self.values[f][self.role]), default=None)
        extra = f" strongest={strongest!r}" if strongest is not None else ""
        return f"<Sensitivity {self.role.value} factors={len(self.factors)}{extra}>"

    def __getitem__(self, factor: str) -> Mapping[Role, float]:
        try:
            return self.values[factor]
        except KeyError:
            hint = did_you_mean(factor, self.factors)
            raise KeyError(f"{factor!r} is not in this table" + (f" ({hint})" if hint else "")) from None

    @property
    def columns(self) -> tuple[str, ...]:
        """The table's columns: factor, unit, then one per role."""
        return ("factor", "unit", *(r.value for r in Role))

    @property
    def rows(self) -> tuple[dict[str, Any], ...]:
        """One mapping per factor: its name, its unit, and its derivative for each role."""
        return tuple(
            {"factor": f, "unit": self.units[f], **{r.value: self.values[f][r] for r in Role}}
            for f in self.factors
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "role": self.role.value,
            "step": self.step,
            "relative_step": self.relative_step,
            "rows": [dict(r) for r in self.rows],
        }

    def _cells(self) -> list[list[str]]:
        return [[r["factor"], r["unit"], *(f"{r[role.value]:+.3f}" for role in Role)] for r in self.rows]

    def __str__(self) -> str:
        from rolemodel._compare import text_table

        return text_table(self.columns, self._cells(), title=self._title())

    def _title(self) -> str:
        return f"Sensitivity of the scores (recommended: {self.role.value})"

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
    frameworks, weights = _context(rec, "sensitivity")
    runner = _Runner(rec.profile, frameworks, weights)
    profile = rec.profile
    factors: list[str] = []
    values: dict[str, dict[Role, float]] = {}
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
        if span <= 0:
            values[name] = dict.fromkeys(Role, 0.0)
            continue
        up, down = runner.at(name, hi).scores, runner.at(name, lo).scores
        values[name] = {r: (up[r] - down[r]) / span for r in Role}
    return Sensitivity(
        role=rec.role,
        factors=tuple(factors),
        values=values,
        units=units,
        step=float(step),
        relative_step=float(relative_step),
    )


# -- robustness ---------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class Robustness:
    """Whether the recommended role survives perturbing the frameworks' weights.

    ``samples`` random draws multiply each framework's weight by a log-uniform factor in
    ``[1/(1+spread), 1+spread]``; ``share`` is the part of them that keeps ``role`` and
    ``roles`` counts the roles they gave. ``leave_one_out`` gives the role with each framework
    left out (frameworks of weight 0, or the only one weighing, are not left out).
    """

    role: Role
    share: float
    roles: Mapping[Role, int]
    leave_one_out: Mapping[str, Role]
    samples: int
    spread: float
    seed: int

    def __repr__(self) -> str:
        return f"<Robustness {self.role.value} share={self.share:.2f} seen={[r.value for r in self.seen]}>"

    @property
    def seen(self) -> tuple[Role, ...]:
        """Every role seen, random draws and leave-one-out together, in role order."""
        seen = {r for r, n in self.roles.items() if n} | set(self.leave_one_out.values())
        return tuple(r for r in Role if r in seen)

    @property
    def robust(self) -> bool:
        """True when every draw and every leave-one-out kept the role."""
        return self.seen == (self.role,)

    @property
    def fragile_to(self) -> tuple[str, ...]:
        """The frameworks whose leaving out changes the role."""
        return tuple(f for f, r in self.leave_one_out.items() if r is not self.role)

    def __str__(self) -> str:
        lines = [
            f"{self.role.value} kept in {self.share:.0%} of {self.samples} weight draws "
            f"(spread {self.spread:g}); roles seen: {', '.join(r.value for r in self.seen)}",
        ]
        for fid, role in self.leave_one_out.items():
            mark = "kept" if role is self.role else f"-> {role.value}"
            lines.append(f"  without {fid}: {mark}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "role": self.role.value,
            "share": self.share,
            "roles": {r.value: n for r, n in self.roles.items()},
            "leave_one_out": {f: r.value for f, r in self.leave_one_out.items()},
            "samples": self.samples,
            "spread": self.spread,
            "seed": self.seed,
        }


def robustness(rec: Recommendation, spread: float = 0.5, samples: int = 200, seed: int = 0) -> Robustness:
    """The :class:`Robustness` of ``rec``'s role to its frameworks' weights."""
    if not (isinstance(spread, int | float) and spread >= 0 and math.isfinite(spread)):
        raise RoleModelError(f"robustness: expected a spread >= 0, found {spread!r}")
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise RoleModelError(f"robustness: expected samples >= 1, found {samples!r}")
    frameworks, weights = _context(rec, "robustness")
    rng = random.Random(seed)
    width = math.log1p(spread)
    counts = dict.fromkeys(Role, 0)
    kept = 0
    for _ in range(samples):
        drawn = {f: w * math.exp(rng.uniform(-width, width)) for f, w in weights.items()}
        role = recommend(rec.profile, frameworks=frameworks, weights=drawn).role
        counts[role] += 1
        kept += role is rec.role
    leave_one_out = {}
    for fid, weight in weights.items():
        rest = {f: (0.0 if f == fid else w) for f, w in weights.items()}
        if weight > 0 and any(rest.values()):
            leave_one_out[fid] = recommend(rec.profile, frameworks=frameworks, weights=rest).role
    return Robustness(
        role=rec.role,
        share=kept / samples,
        roles=counts,
        leave_one_out=leave_one_out,
        samples=samples,
        spread=float(spread),
        seed=seed,
    )


# -- phase map ----------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class PhaseMap:
    """The recommended role and its confidence over a grid of two factors.

    Grids are indexed ``[j][i]`` for ``y_values[j]`` and ``x_values[i]``. ``roles`` holds the
    recommended role (``None`` where the cell is no valid company: a sales team larger than the
    company), ``confidence`` its confidence, ``dissent`` whether the frameworks' own verdicts
    (those with weight > 0) are not unanimous there. ``fixed`` holds the other factors.
    """

    x: str
    y: str
    x_values: tuple[Value, ...]
    y_values: tuple[Value, ...]
    roles: tuple[tuple[Role | None, ...], ...]
    confidence: tuple[tuple[float | None, ...], ...]
    dissent: tuple[tuple[bool, ...], ...]
    fixed: Mapping[str, Any]
    frameworks: tuple[str, ...]
    weights: Mapping[str, float]

    def __repr__(self) -> str:
        shares = ", ".join(f"{r.value}={s:.0%}" for r, s in self.shares.items() if s)
        return f"<PhaseMap {self.x} x {self.y} {len(self.x_values)}x{len(self.y_values)} ({shares})>"

    @property
    def shares(self) -> Mapping[Role, float]:
        """The part of the valid cells where each role is recommended."""
        cells = [r for row in self.roles for r in row if r is not None]
        return {r: (sum(c is r for c in cells) / len(cells) if cells else 0.0) for r in Role}

    @property
    def dissent_share(self) -> float:
        """The part of the valid cells where the frameworks are not unanimous."""
        flags = [
            d
            for rrow, drow in zip(self.roles, self.dissent, strict=True)
            for r, d in zip(rrow, drow, strict=True)
            if r is not None
        ]
        return sum(flags) / len(flags) if flags else 0.0

    def _repr_html_(self) -> str:
        """The map as a grid of coloured cells (y upwards), dissent hatched; no matplotlib."""
        import html

        hatch = "background-image:repeating-linear-gradient(45deg,rgba(0,0,0,.3) 0 1px,transparent 1px 4px);"
        cell = "width:14px;height:14px;padding:0;border:0;"
        label = "font-size:10px;padding:0 4px;text-align:right;white-space:nowrap;border:0;"
        every = max(1, len(self.x_values) // 6)
        rows = []
        for j in reversed(range(len(self.y_values))):
            tds = [f'<th style="{label}">{html.escape(_fmt(self.y_values[j]))}</th>']
            for i, xv in enumerate(self.x_values):
                role, conf = self.roles[j][i], self.confidence[j][i]
                where = f"{self.x}={_fmt(xv)}, {self.y}={_fmt(self.y_values[j])}"
                if role is None:
                    tds.append(
                        f'<td style="{cell}background:#eeeeee" '
                        f'title="{html.escape(where)}: no valid company"></td>'
                    )
                    continue
                extra = hatch if self.dissent[j][i] else ""
                tip = f"{where}: {role.value}, confidence {conf:.2f}" + (
                    ", frameworks dissent" if self.dissent[j][i] else ""
                )
                tds.append(
                    f'<td style="{cell}background-color:{_ROLE_COLOURS[role]};{extra}" '
                    f'title="{html.escape(tip)}"></td>'
                )
            rows.append("<tr>" + "".join(tds) + "</tr>")
        ticks = "".join(
            f'<td style="font-size:10px;padding:0;border:0;overflow:visible;white-space:nowrap">'
            f"{html.escape(_fmt(v)) if i % every == 0 else ''}</td>"
            for i, v in enumerate(self.x_values)
        )
        rows.append(f'<tr><th style="{label}"></th>{ticks}</tr>')
        legend = " ".join(
            f'<span style="display:inline-block;width:10px;height:10px;'
            f'background:{_ROLE_COLOURS[r]}"></span> {html.escape(r.value)} {s:.0%}'
            for r, s in self.shares.items()
            if s
        )
        legend += (
            f' &nbsp; <span style="display:inline-block;width:10px;height:10px;'
            f'background:#ffffff;{hatch}"></span> frameworks dissent '
            f"{self.dissent_share:.0%}"
        )
        fixed = ", ".join(f"{k}={_fmt(v)}" for k, v in self.fixed.items())
        return (
            f'<div class="rolemodel-phasemap"><div><b>{html.escape(self.y)}</b> (up) by '
            f"<b>{html.escape(self.x)}</b> (right); {html.escape(fixed)}</div>"
            f'<table style="border-collapse:collapse;border:0">{"".join(rows)}</table>'
            f'<div style="font-size:11px">{legend}</div></div>'
        )

    def at(self, x: Any, y: Any) -> Role | None:
        """The role in the cell at ``x`` and ``y`` (values from the axes)."""
        try:
            i, j = self.x_values.index(x), self.y_values.index(y)
        except ValueError:
            raise RoleModelError(f"phase map: ({x!r}, {y!r}) is not a grid point") from None
        return self.roles[j][i]

    def to_dict(self) -> dict[str, Any]:
        """The map as JSON-ready data: axes, and grids as lists of lists (rows follow y)."""
        return {
            "x": self.x,
            "y": self.y,
            "x_values": [_jsonable(v) for v in self.x_values],
            "y_values": [_jsonable(v) for v in self.y_values],
            "roles": [[r.value if r is not None else None for r in row] for row in self.roles],
            "confidence": [list(row) for row in self.confidence],
            "dissent": [list(row) for row in self.dissent],
            "fixed": {k: _jsonable(v) for k, v in self.fixed.items()},
            "frameworks": list(self.frameworks),
            "weights": dict(self.weights),
        }

    def plot(self, ax: Any = None) -> Any:
        """Draw the role regions, hatch where the frameworks dissent; returns the axes.

        Needs matplotlib (``pip install 'rolemodel[plot]'``).
        """
        try:
            import matplotlib.pyplot as plt
            from matplotlib.colors import ListedColormap
            from matplotlib.patches import Patch, Rectangle
        except ImportError:  # pragma: no cover - depends on the environment
            raise RoleModelError("PhaseMap.plot needs matplotlib: pip install 'rolemodel[plot]'") from None
        import numpy as np

        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 4.8))
        roles = list(Role)
        codes = np.ma.masked_invalid(
            np.array(
                [[roles.index(r) if r is not None else np.nan for r in row] for row in self.roles],
                dtype=float,
            )
        )
        x_edges, x_log = _edges(self.x, self.x_values)
        y_edges, y_log = _edges(self.y, self.y_values)
        cmap = ListedColormap([_ROLE_COLOURS[r] for r in roles])
        ax.pcolormesh(x_edges, y_edges, codes, cmap=cmap, vmin=-0.5, vmax=len(roles) - 0.5, shading="flat")
        for j, row in enumerate(self.dissent):
            for i, flag in enumerate(row):
                if flag and self.roles[j][i] is not None:
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
        present = [r for r in roles if any(c is r for row in self.roles for c in row)]
        handles = [Patch(facecolor=_ROLE_COLOURS[r], label=r.value) for r in present]
        if any(any(row) for row in self.dissent):
            handles.append(
                Patch(facecolor="white", edgecolor="#333333", hatch="///", label="frameworks dissent")
            )
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, frameon=False
        )
        fixed = ", ".join(f"{k}={_fmt(v)}" for k, v in self.fixed.items())
        ax.set_title(f"Recommended role\n{fixed}", fontsize="small")
        return ax


def phase_map(
    *,
    x: str,
    y: str,
    x_values: Iterable[Any] | None = None,
    y_values: Iterable[Any] | None = None,
    frameworks: Iterable[Framework] | None = None,
    weights: Mapping[str, float] | None = None,
    **fixed: Any,
) -> PhaseMap:
    """The recommended role over a grid of two factors ``x`` and ``y``, the rest ``fixed``.

    Axis values default to 0, 0.05 ... 1 for graded factors, log-spaced whole numbers for counts
    (up to 100,000; team sizes up to a fixed company size) and the three stages for ``stage``.
    ``fixed`` gives the other factors (the required ones at least), as for
    :func:`rolemodel.recommend`.
    """
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
    roles: list[tuple[Role | None, ...]] = []
    confidence: list[tuple[float | None, ...]] = []
    dissent: list[tuple[bool, ...]] = []
    for yv in ys:
        role_row: list[Role | None] = []
        conf_row: list[float | None] = []
        dis_row: list[bool] = []
        for xv in xs:
            cell = {**fixed, x: xv, y: yv}
            if _too_large_team(cell):
                role_row.append(None)
                conf_row.append(None)
                dis_row.append(False)
                continue
            rec = recommend(cell, frameworks=chosen, weights=resolved)
            role_row.append(rec.role)
            conf_row.append(rec.confidence)
            dis_row.append(len({v.role for v in rec.verdicts if v.weight > 0}) > 1)
        roles.append(tuple(role_row))
        confidence.append(tuple(conf_row))
        dissent.append(tuple(dis_row))
    return PhaseMap(
        x=x,
        y=y,
        x_values=xs,
        y_values=ys,
        roles=tuple(roles),
        confidence=tuple(confidence),
        dissent=tuple(dissent),
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
