"""Renderings of a growth path (a face): text, HTML for Jupyter, a Markdown or HTML report, a
Mermaid state diagram and a matplotlib timeline.

Pure functions from a :class:`rolemodel.GrowthPath` to strings (or a drawing); the path's
``__str__``, ``_repr_html_``, ``to_markdown``, ``to_html``, ``to_mermaid`` and ``plot`` call in
here lazily. Reports are written as blocks by :mod:`rolemodel._blocks`, tables by
:func:`rolemodel._markup.render_table`, every answer in its colour of the one palette
(:data:`rolemodel._markup.ANSWER_COLOURS`), every value escaped; Mermaid ids and labels go
through :func:`rolemodel._mermaid.mermaid_id` and :func:`rolemodel._mermaid.mermaid_label`.
matplotlib is imported inside :func:`draw_growth_path` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rolemodel._blocks import Block, Cited, render, table
from rolemodel._explain import CALIBRATION_NOTE
from rolemodel._growth import MARKETING_CITATION
from rolemodel._growth_input import label_text
from rolemodel._markup import (
    ANSWER_COLOURS,
    answer_colour,
    answer_label,
    citation_html,
    esc,
    render_table,
)
from rolemodel._mermaid import mermaid_id, mermaid_label
from rolemodel._model import Citation, Role, Staffing

if TYPE_CHECKING:
    from rolemodel._explain import Contribution
    from rolemodel._growth import GrowthPath, Period, Transition

__all__ = [
    "draw_growth_path",
    "growth_html",
    "growth_markdown",
    "growth_mermaid",
    "growth_page",
    "growth_text",
    "period_rows",
]

PERIOD_HEADERS = (
    "period",
    "company",
    "sales team",
    "stage",
    "role",
    "confidence",
    "staffing",
    "staffing confidence",
    "marketing reports to",
    "articles disagree",
)
_MARKETING_SHORT = {
    Staffing.SPLIT: "the sales leader",
    Staffing.CONVERGED: "the Growth Leader",
}


def _label(answer: Role | Staffing | None) -> str:
    return "none" if answer is None else answer_label(answer)


def _stage(p: Period) -> str:
    stage = p.profile.effective_stage.value
    return stage if p.profile.stage is not None else f"{stage} (derived)"


def _disagree(p: Period) -> str:
    parts = []
    if p.dissent:
        parts.append("role: " + ", ".join(p.dissent))
    if p.staffing_dissent:
        parts.append("staffing: " + ", ".join(p.staffing_dissent))
    return "; ".join(parts)


def period_rows(gp: GrowthPath) -> list[list[object]]:
    """The period table's cells, in :data:`PERIOD_HEADERS` order."""
    return [
        [
            label_text(p.period),
            f"{p.profile.company_size:,}",
            f"{p.profile.team_size:,}",
            _stage(p),
            _label(p.role),
            p.confidence,
            _label(p.staffing) + (" (manager not ready)" if p.held_by_manager else ""),
            p.staffing_confidence,
            "" if p.staffing is None else _MARKETING_SHORT.get(p.staffing, ""),
            _disagree(p),
        ]
        for p in gp.periods
    ]


def _title(gp: GrowthPath) -> str:
    return f"Growth path: {gp.name}" if gp.name else "Growth path"


def _sequence(gp: GrowthPath) -> str:
    return " \u2192 ".join(_label(s) for s in gp.staffing_sequence)


def _source(gp: GrowthPath, file: str) -> tuple[str, str]:
    """How a report names an article: the title and author of the framework that cites it."""
    for verdict in gp.periods[0].recommendation.verdicts:
        if verdict.source == file:
            framework = verdict._framework_obj
            author = "" if framework is None or framework.author.lower() == "not named" else framework.author
            return verdict.title, author
    return file, ""


def _cited(gp: GrowthPath, says: str, citation: Citation, name: str = "", calibration: bool = False) -> Cited:
    title, author = _source(gp, citation.source)
    return Cited(says=says, quote=citation.quote, source=title, by=author, name=name, calibration=calibration)


def _reason(gp: GrowthPath, c: Contribution) -> Cited:
    return _cited(gp, c.says, c.citation, name=f"{c.framework}: {c.rule}", calibration=c.basis != "article")


def _transition_blocks(gp: GrowthPath, t: Transition) -> list[Block]:
    was, now = _label(t.was), _label(t.now)
    blocks = [
        Block("h3", f"{label_text(t.at)}: {t.title}"),
        Block(
            "p",
            f"{t.question.capitalize()}: {was} \u2192 {now} (from period {label_text(t.before)}). {t.says}",
        ),
    ]
    entries = []
    if t.citation is not None:
        entries.append(_cited(gp, "The article's passage for this change.", t.citation, name="Prescribed"))
    entries += [_reason(gp, c) for c in t.reasons]
    if entries:
        blocks.append(Block("reasons", data=entries))
    if t.note:
        blocks.append(Block("muted", "Note: " + t.note))
    return blocks


def _blocks(gp: GrowthPath) -> list[Block]:
    first, last = gp.periods[0], gp.periods[-1]
    blocks = [
        Block("h1", _title(gp)),
        Block(
            "lead",
            f"From period {label_text(first.period)} ({first.profile.company_size:,} people) to "
            f"{label_text(last.period)} ({last.profile.company_size:,} people), the staffing the articles "
            f"prescribe goes {_sequence(gp)}.",
            last.staffing,
        ),
    ]
    if gp.assumptions:
        blocks += [Block("h3", "Assumed"), Block("list", data=list(gp.assumptions))]
    blocks += [
        Block("h2", "Period by period"),
        table(PERIOD_HEADERS, period_rows(gp), numeric=(1, 2, 5, 7)),
        Block("h2", "When to change"),
    ]
    if gp.transitions:
        for t in gp.transitions:
            blocks += _transition_blocks(gp, t)
    else:
        blocks.append(Block("p", "Nothing changes: every period has the same role and staffing."))
    if any(p.marketing for p in gp.periods):
        blocks += [
            Block("h2", "Where marketing reports"),
            Block(
                "reasons",
                data=[
                    _cited(
                        gp,
                        "While the roles are split, marketing reports to the sales leader and only "
                        "collaborates with the sales manager; once they converge, it reports to the "
                        "Growth Leader.",
                        MARKETING_CITATION,
                    )
                ],
            ),
        ]
    contested = gp.disagreements
    blocks.append(Block("h2", "Where the articles disagree"))
    if contested:
        blocks.append(Block("list", data=[f"{label_text(p.period)}: {_disagree(p)}" for p in contested]))
    else:
        blocks.append(Block("p", "In no period: the articles that speak agree throughout."))
    blocks.append(Block("muted", f"Confidences are the library's calibration; {CALIBRATION_NOTE}."))
    return blocks


def growth_markdown(gp: GrowthPath) -> str:
    """The growth path as a Markdown report, its Mermaid state diagram at the end."""
    text = render(_title(gp), _blocks(gp), "markdown")
    return text + "\n## Transitions\n\n```mermaid\n" + growth_mermaid(gp) + "\n```\n"


def growth_page(gp: GrowthPath) -> str:
    """The growth path as one self-contained HTML page (no script, no network)."""
    return render(_title(gp), _blocks(gp), "html")


# -- Jupyter ----------------------------------------------------------------------------------


def _band(gp: GrowthPath) -> str:
    """Two rows of coloured cells, one per period: the staffing, then the role."""
    cell = (
        "padding:2px 6px;border:1px solid #fff;color:#fff;font-size:11px;text-align:center;white-space:nowrap"
    )
    head = "padding:2px 6px;font-size:11px;text-align:right;border:0"
    rows = [
        f'<tr><th style="{head}">period</th>'
        + "".join(
            f'<td style="{head};text-align:center">{esc(label_text(p.period))}</td>' for p in gp.periods
        )
        + "</tr>"
    ]
    for name, answers in (
        ("staffing", [p.staffing for p in gp.periods]),
        ("role", [p.role for p in gp.periods]),
    ):
        rows.append(
            f'<tr><th style="{head}">{name}</th>'
            + "".join(
                f'<td style="{cell};background:{answer_colour(a)}">{esc(_label(a))}</td>' for a in answers
            )
            + "</tr>"
        )
    return f'<table style="border-collapse:collapse;margin:.4rem 0">{"".join(rows)}</table>'


def growth_html(gp: GrowthPath) -> str:
    """The growth path for a notebook: the staffing and role bands, the period table and the
    transitions with their passages."""
    parts = [
        '<div class="rolemodel-growth">',
        f"<h3>{esc(_title(gp))}</h3>",
        f"<p>Staffing: <b>{esc(_sequence(gp))}</b></p>",
        _band(gp),
        render_table(PERIOD_HEADERS, period_rows(gp), numeric=(1, 2, 5, 7))[0],
    ]
    if gp.transitions:
        parts.append("<h4>When to change</h4><ul>")
        for t in gp.transitions:
            cite = ""
            if t.citation is not None:
                title, author = _source(gp, t.citation.source)
                cite = citation_html(t.citation.quote, title, author)
            note = f"<br><small>Note: {esc(t.note)}</small>" if t.note else ""
            parts.append(
                f"<li><b>{esc(label_text(t.at))}: {esc(t.title)}</b> "
                f"({esc(t.question)} {esc(_label(t.was))} \u2192 {esc(_label(t.now))}){note}{cite}</li>"
            )
        parts.append("</ul>")
    if gp.assumptions:
        parts.append("<p><small>Assumed: " + esc("; ".join(gp.assumptions)) + "</small></p>")
    parts.append("</div>")
    return "".join(parts)


# -- text -------------------------------------------------------------------------------------


def growth_text(gp: GrowthPath) -> str:
    """The growth path as plain text: one line per period, then the transitions with their quotes."""
    lines = [f"{_title(gp)}: staffing {_sequence(gp)}"]
    for p in gp.periods:
        mark = " [articles disagree]" if p.contested else ""
        held = " (manager not ready)" if p.held_by_manager else ""
        lines.append(
            f"  {label_text(p.period)}: company {p.profile.company_size:,}, team {p.profile.team_size:,}, "
            f"{_stage(p)}: role {_label(p.role)} ({p.confidence:.2f}), "
            f"staffing {_label(p.staffing)}{held} ({p.staffing_confidence:.2f}){mark}"
        )
    if gp.transitions:
        lines.append("When to change:")
        for t in gp.transitions:
            lines.append(f"  {t}")
            if t.note:
                lines.append(f"    note: {t.note}")
    for a in gp.assumptions:
        lines.append(f"Assumed: {a}")
    return "\n".join(lines)


# -- Mermaid ----------------------------------------------------------------------------------


def _state(p: Period) -> str:
    return mermaid_id(
        "s", "none" if p.staffing is None else p.staffing.value, "none" if p.role is None else p.role.value
    )


def growth_mermaid(gp: GrowthPath) -> str:
    """The path as a Mermaid ``stateDiagram-v2``: one state per staffing and role held, one
    arrow per period where they change (labelled with the period and what changed, a
    self-arrow where a manager who cannot make the leap keeps the roles split), each state in
    its staffing's colour."""
    lines = ["stateDiagram-v2", "    direction LR"]
    by_staffing: dict[Staffing, list[str]] = {}
    declared: set[str] = set()
    for p in gp.periods:
        key = _state(p)
        if key not in declared:
            declared.add(key)
            text = f"{_label(p.staffing)} staffing, {_label(p.role)}"
            lines.append(f"    state {mermaid_label(text)} as {key}")
            if p.staffing is not None:
                by_staffing.setdefault(p.staffing, []).append(key)
    lines.append(f"    [*] --> {_state(gp.periods[0])}")
    for before, now in zip(gp.periods, gp.periods[1:], strict=False):
        changes = [t for t in gp.transitions if t.at == now.period]
        if changes:
            said = ", then ".join(t.title for t in changes)  # no ";": Mermaid ends a statement there
            label = mermaid_label(f"{label_text(now.period)}: {said}")[1:-1]
            lines.append(f"    {_state(before)} --> {_state(now)} : {label}")
    for staffing, keys in by_staffing.items():
        lines.append(f"    classDef staffing_{staffing.value} fill:{ANSWER_COLOURS[staffing]},color:#fff")
        lines.append(f"    class {','.join(keys)} staffing_{staffing.value}")
    return "\n".join(lines)


# -- matplotlib -------------------------------------------------------------------------------


def draw_growth_path(gp: GrowthPath, ax: Any = None) -> Any:
    """The timeline: a band per period in its staffing's colour, company size (log scale) with
    a marker per period in its role's colour (hollow where the articles disagree), and a
    dashed line at each transition; returns the axes."""
    from rolemodel._plot import _require_matplotlib

    _require_matplotlib("GrowthPath.plot")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if ax is None:
        _, ax = plt.subplots(figsize=(max(6.4, 0.7 * len(gp.periods)), 4.2))
    xs = list(range(len(gp.periods)))
    sizes = [p.profile.company_size for p in gp.periods]
    for x, p in zip(xs, gp.periods, strict=True):
        ax.axvspan(x - 0.5, x + 0.5, color=answer_colour(p.staffing), alpha=0.22, linewidth=0)
    ax.plot(xs, sizes, color="#555555", linewidth=1.2, zorder=2)
    for x, size, p in zip(xs, sizes, gp.periods, strict=True):
        colour = answer_colour(p.role)
        ax.scatter(
            [x],
            [size],
            s=70,
            zorder=3,
            facecolors="white" if p.contested else colour,
            edgecolors=colour,
            linewidths=2,
        )
    if max(sizes) > 10 * min(sizes):
        ax.set_yscale("log")
    index = {p.period: i for i, p in enumerate(gp.periods)}
    for t in gp.transitions:
        if t.question == "staffing":
            edge = index[t.at] - 0.5
            ax.axvline(edge, color="#333333", linestyle="--", linewidth=0.9, zorder=1)
            ax.annotate(
                t.title,
                (edge, 1.0),
                xycoords=("data", "axes fraction"),
                rotation=90,
                va="top",
                ha="right",
                fontsize=7,
            )
    ax.set_xticks(xs)
    ax.set_xticklabels([label_text(p.period) for p in gp.periods], rotation=45 if len(xs) > 8 else 0)
    ax.set_xlim(-0.5, len(xs) - 0.5)
    ax.set_xlabel("period")
    ax.set_ylabel("company size (employees)")
    seen_staffing = [s for s in (*Staffing, None) if any(p.staffing is s for p in gp.periods)]
    seen_roles = [r for r in (*Role, None) if any(p.role is r for p in gp.periods)]
    handles: list[Any] = [
        Patch(facecolor=answer_colour(s), alpha=0.35, label=f"staffing: {_label(s)}") for s in seen_staffing
    ]
    handles += [
        Line2D([], [], marker="o", linestyle="", color=answer_colour(r), label=f"role: {_label(r)}")
        for r in seen_roles
    ]
    if gp.disagreements:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor="white",
                color="#555555",
                label="articles disagree",
            )
        )
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, frameon=False)
    ax.set_title(_title(gp) + f"\nstaffing {_sequence(gp)}", fontsize="small")
    return ax
