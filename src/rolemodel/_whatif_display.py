"""Text, HTML and Markdown renderings of the what-if values (a face).

Pure functions from the frozen values of :mod:`rolemodel._whatif` to strings: a
counterfactual as one sentence, the sensitivity table in text, HTML and Markdown, the
robustness summary, and a phase map as a grid of coloured HTML cells (no matplotlib; the
drawing is :func:`rolemodel._plot.draw_phase_map`). The values' ``__str__``, ``_repr_html_``
and ``_repr_markdown_`` call in here lazily. Answers are coloured from the one palette of
:mod:`rolemodel._markup`, and every value that reaches HTML is escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rolemodel._compare import html_table, markdown_table, text_table
from rolemodel._counterfactual import beyond_text
from rolemodel._markup import answer_colour, esc
from rolemodel._rerun import answer_text, value_text

if TYPE_CHECKING:
    from rolemodel._counterfactual import Counterfactual
    from rolemodel._phasemap import PhaseMap
    from rolemodel._whatif import Robustness, Sensitivity

__all__ = [
    "counterfactual_text",
    "phase_map_html",
    "robustness_text",
    "sensitivity_html",
    "sensitivity_markdown",
    "sensitivity_text",
]

#: A cell that is no company (not an answer): light grey in HTML, left blank in plots.
_NOT_A_COMPANY_COLOUR = "#eeeeee"


def counterfactual_text(c: Counterfactual) -> str:
    """``market_change: 0.8 -> 0.31 turns the role leadership into management`` (and, past a
    "no recommendation", the first answer beyond it)."""
    value_now = "not given" if c.value_now is None else value_text(c.value_now)
    return (
        f"{c.factor}: {value_now} -> {value_text(c.value)} turns the {c.question} "
        f"{answer_text(c.now)} into {answer_text(c.then, c.reason)}{beyond_text(c)}"
    )


# -- sensitivity ------------------------------------------------------------------------------


def _sensitivity_cells(sens: Sensitivity) -> list[list[str]]:
    def cell(value: float | None) -> str:
        return "n/a" if value is None else f"{value:+.3f}"

    return [[r["factor"], r["unit"], *(cell(r[c]) for c in sens.columns[2:])] for r in sens.rows]


def _sensitivity_title(sens: Sensitivity) -> str:
    return (
        f"Sensitivity of the scores (role: {answer_text(sens.role)}; staffing: {answer_text(sens.staffing)})"
    )


def sensitivity_text(sens: Sensitivity) -> str:
    """The sensitivity table as plain text."""
    return text_table(sens.columns, _sensitivity_cells(sens), title=_sensitivity_title(sens))


def sensitivity_html(sens: Sensitivity) -> str:
    """The sensitivity table as an HTML table."""
    return html_table(sens.columns, _sensitivity_cells(sens), title=_sensitivity_title(sens))


def sensitivity_markdown(sens: Sensitivity) -> str:
    """The sensitivity table as a Markdown table."""
    return markdown_table(sens.columns, _sensitivity_cells(sens), title=_sensitivity_title(sens))


# -- robustness -------------------------------------------------------------------------------


def robustness_text(rob: Robustness) -> str:
    """Per question: the share of weight draws that keep the answer, the answers seen, and the
    answer without each framework."""
    lines = []
    for question, answer, share, seen, left in (
        ("role", rob.role, rob.share, rob.seen, rob.leave_one_out),
        ("staffing", rob.staffing, rob.staffing_share, rob.staffing_seen, rob.staffing_leave_one_out),
    ):
        lines.append(
            f"{question} {answer_text(answer)} kept in {share:.0%} of {rob.samples} weight draws "
            f"(spread {rob.spread:g}); seen: {', '.join(answer_text(a) for a in seen)}"
        )
        for fid, other in left.items():
            mark = "kept" if other is answer else f"-> {answer_text(other)}"
            lines.append(f"  without {fid}: {mark}")
    return "\n".join(lines)


# -- phase maps -------------------------------------------------------------------------------


def phase_map_html(pm: PhaseMap) -> str:
    """The map as a grid of coloured cells (y upwards), dissent hatched; no matplotlib."""
    hatch = "background-image:repeating-linear-gradient(45deg,rgba(0,0,0,.3) 0 1px,transparent 1px 4px);"
    cell = "width:14px;height:14px;padding:0;border:0;"
    label = "font-size:10px;padding:0 4px;text-align:right;white-space:nowrap;border:0;"
    every = max(1, len(pm.x_values) // 6)
    rows = []
    for j in reversed(range(len(pm.y_values))):
        tds = [f'<th style="{label}">{esc(value_text(pm.y_values[j]))}</th>']
        for i, xv in enumerate(pm.x_values):
            answer, conf = pm.answers[j][i], pm.confidence[j][i]
            where = f"{pm.x}={value_text(xv)}, {pm.y}={value_text(pm.y_values[j])}"
            if conf is None:
                tds.append(
                    f'<td style="{cell}background:{_NOT_A_COMPANY_COLOUR}" '
                    f'title="{esc(where)}: {esc(pm.reasons[j][i])}"></td>'
                )
                continue
            extra = hatch if pm.dissent[j][i] else ""
            if answer is None:
                tip = f"{where}: {answer_text(None, pm.reasons[j][i])}"
            else:
                tip = f"{where}: {answer.value}, confidence {conf:.2f}"
            if pm.dissent[j][i]:
                tip += ", frameworks dissent"
            tds.append(
                f'<td style="{cell}background-color:{answer_colour(answer)};{extra}" title="{esc(tip)}"></td>'
            )
        rows.append("<tr>" + "".join(tds) + "</tr>")
    ticks = "".join(
        f'<td style="font-size:10px;padding:0;border:0;overflow:visible;white-space:nowrap">'
        f"{esc(value_text(v)) if i % every == 0 else ''}</td>"
        for i, v in enumerate(pm.x_values)
    )
    rows.append(f'<tr><th style="{label}"></th>{ticks}</tr>')
    swatch = "display:inline-block;width:10px;height:10px;"
    legend = " ".join(
        f'<span style="{swatch}background:{answer_colour(a)}"></span> {esc(answer_text(a))} {s:.0%}'
        for a, s in pm.shares.items()
        if s
    )
    if any(c is None for row in pm.confidence for c in row):
        legend += f' &nbsp; <span style="{swatch}background:{_NOT_A_COMPANY_COLOUR}"></span> no valid company'
    legend += (
        f' &nbsp; <span style="{swatch}background:#ffffff;{hatch}"></span> frameworks dissent '
        f"{pm.dissent_share:.0%}"
    )
    fixed = ", ".join(f"{k}={value_text(v)}" for k, v in pm.fixed.items())
    return (
        f'<div class="rolemodel-phasemap"><div>Recommended <b>{esc(pm.question)}</b>: '
        f"<b>{esc(pm.y)}</b> (up) by <b>{esc(pm.x)}</b> (right); "
        f"{esc(fixed)}</div>"
        f'<table style="border-collapse:collapse;border:0">{"".join(rows)}</table>'
        f'<div style="font-size:11px">{legend}</div></div>'
    )
