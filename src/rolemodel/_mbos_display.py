"""Leadership MBOs shown as report blocks (Markdown or HTML through :mod:`rolemodel._blocks`; a face)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rolemodel._audit_display import cited
from rolemodel._blocks import Block, table
from rolemodel._mbos import MEASURES, QUOTA_QUOTE, QUOTE, SOURCE

if TYPE_CHECKING:
    from rolemodel._mbos import MBOPlan

__all__ = ["mbo_blocks", "mbo_text"]

_DEFINITIONS = {
    "retention_rate": (
        "of the reps reporting to the manager on the first day, the share still in the company on the last"
    ),
    "skill_development": (
        "the mean change in skill score (last minus first) of the reps with two scores or more"
    ),
    "reps_promoted": "reps whose level rose, in the period, from a row under the manager",
}


def _value(measure: str, value: float | int | None) -> str:
    if value is None:
        return "n/a"
    if measure == "retention_rate":
        return f"{value:.0%}"
    if measure == "skill_development":
        return f"{value:+.2f}"
    return str(value)


def _manager_rows(plan: MBOPlan) -> list[list[object]]:
    rows = []
    for m in plan.managers:
        cells: list[object] = [m.manager, m.reps_at_start]
        for measure in MEASURES:
            met = plan.met(m, measure)
            mark = {True: " (met)", False: " (not met)", None: ""}[met]
            cells.append(_value(measure, getattr(m, measure)) + mark)
        cells.append("; ".join(m.missing))
        rows.append(cells)
    return rows


_HEADERS = ["Manager", "Reps at start", *(label for label, _ in MEASURES.values()), "Missing data"]


def mbo_blocks(plan: MBOPlan, *, heading: str = "Leadership MBOs") -> list[Block]:
    """The measures per manager, their definitions, and the plan template."""
    entry = cited(
        "The article suggests MBOs that reward leadership; these are the three measures it names, "
        "as rolemodel defines them below.",
        QUOTE,
        SOURCE,
    )
    weights = [
        [
            label,
            f"{plan.weights.get(k, 0):.0%}",
            "not set" if k not in plan.targets else _value(k, plan.targets[k]),
        ]
        for k, (label, _) in (("quota_attainment", ("Quota attainment", "")), *MEASURES.items())
    ]
    out = [
        Block("open", "leadership-mbos"),
        Block("h2", heading),
        Block("p", f"From {plan.start} to {plan.end}."),
        Block("reasons", data=[entry]),
        Block("list", data=[f"{label}: {_DEFINITIONS[k]}." for k, (label, _) in MEASURES.items()]),
        table(_HEADERS, _manager_rows(plan), (1,)),
        Block("h3", "Plan template"),
        Block(
            "reasons",
            data=[
                cited(
                    "Weigh leadership measures beside quota attainment. The weights are the library's "
                    "calibration (the article gives none); the targets are yours.",
                    QUOTA_QUOTE,
                    SOURCE,
                    calibration=True,
                )
            ],
        ),
        table(["Measure", "Suggested weight", "Target"], weights, (1, 2)),
    ]
    if plan.errors:
        out += [Block("h3", "Rows that could not be read"), Block("list", data=list(plan.errors))]
    out.append(Block("close"))
    return out


def mbo_text(plan: MBOPlan) -> str:
    """The measures as aligned text for a terminal."""
    rows = [_HEADERS] + [[str(c) for c in r] for r in _manager_rows(plan)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(_HEADERS))]
    lines = [f"Leadership MBOs, {plan.start} to {plan.end}"]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(
        "Suggested weights (the library's calibration; 003 gives none): "
        + ", ".join(f"{k} {v:.0%}" for k, v in plan.weights.items())
    )
    lines += [f"could not read: {e}" for e in plan.errors]
    return "\n".join(lines)
