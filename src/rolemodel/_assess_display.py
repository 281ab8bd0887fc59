"""Text, HTML and Markdown renderings of an assessment and a gap (a face).

Pure functions from the values to strings; nothing here scores answers. A position in [0, 1] is
drawn on a *strip* from the management pole (0, left) to the leadership pole (1, right): a dot
in the palette's colour of the nearer pole, and, for a gap, the band the seat needs shaded. The
strip is an inline SVG (no script, no fonts fetched) in HTML, a line of text elsewhere. Tables,
escaping, quotes and the palette come from :mod:`rolemodel._markup`: every value that reaches
HTML goes through ``esc``, every value that reaches Markdown through ``md``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from rolemodel._markup import (
    ANSWER_COLOURS,
    NO_ANSWER_COLOUR,
    answer_label,
    bundle,
    citation_html,
    citation_md,
    esc,
    md,
    render_table,
)
from rolemodel._model import Role

if TYPE_CHECKING:
    from rolemodel._assess import Assessment
    from rolemodel._gap import Gap, Shortfall
    from rolemodel._instrument import Instrument, InstrumentItem

__all__ = [
    "CALIBRATION_BANDS",
    "assessment_html",
    "assessment_markdown",
    "assessment_rows",
    "assessment_text",
    "gap_html",
    "gap_markdown",
    "gap_text",
    "instrument_html",
    "instrument_markdown",
    "mimebundle",
    "pole_colour",
    "strip_svg",
    "strip_text",
]

Row = tuple[str, "float | None"]
#: Said wherever a band is shown: whose numbers the bands are.
CALIBRATION_BANDS = "the bands a seat needs are the library's calibration, not the articles' numbers"
_MANAGEMENT, _LEADERSHIP = ANSWER_COLOURS[Role.MANAGEMENT], ANSWER_COLOURS[Role.LEADERSHIP]
_CSS = """<style>
.rm-card{font-family:system-ui,sans-serif;max-width:56em;line-height:1.4}
.rm-card h3{margin:.2em 0} .rm-card h4{margin:.6em 0 .2em 0}
.rm-table{border-collapse:collapse;margin:.4em 0;font-size:.92em}
.rm-table th,.rm-table td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
.rm-table .num{text-align:right;font-variant-numeric:tabular-nums}
.rm-quote{margin:.2em 0 .6em 1em;color:#444;font-style:italic}
.rm-quote footer{font-style:normal;font-size:.85em;color:#666}
.rm-muted{color:#666;font-size:.9em}
</style>"""


def pole_colour(position: float | None) -> str:
    """The palette's colour of the nearer pole (management below 0.5, leadership above); grey
    at the middle or for no position."""
    if position is None or position == 0.5:
        return NO_ANSWER_COLOUR
    return _MANAGEMENT if position < 0.5 else _LEADERSHIP


def _value(position: float | None) -> str:
    return "not answered" if position is None else f"{position:.2f}"


# -- the strip chart ----------------------------------------------------------------------------


def strip_svg(rows: Sequence[Row], *, title: str, band: tuple[float, float] | None = None) -> str:
    """Positions on strips from the management pole (left) to the leadership pole (right), as
    one inline ``<svg>``; ``band`` (the range a seat needs) shaded on every strip."""
    row_h, top, label_w, plot_w, value_w = 28, 24, 170, 300, 100
    width, height = label_w + plot_w + value_w, top + row_h * len(rows) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rm-chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="system-ui, sans-serif" font-size="13">',
        f"<title>{esc(title)}</title>",
        f'<text x="{label_w}" y="14" fill="{_MANAGEMENT}">Management</text>',
        f'<text x="{label_w + plot_w}" y="14" text-anchor="end" fill="{_LEADERSHIP}">Leadership</text>',
    ]
    for i, (label, position) in enumerate(rows):
        y = top + i * row_h
        mid = y + row_h / 2
        parts.append(f'<text x="{label_w - 10}" y="{mid + 4:.1f}" text-anchor="end">{esc(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{mid - 3:.1f}" width="{plot_w}" height="6" fill="#eeeeee"/>')
        if band is not None:
            x0, x1 = label_w + plot_w * band[0], label_w + plot_w * band[1]
            parts.append(
                f'<rect x="{x0:.1f}" y="{mid - 8:.1f}" width="{max(x1 - x0, 2):.1f}" height="16" '
                'fill="#3d8b5a" fill-opacity="0.18"/>'
            )
        parts.append(
            f'<line x1="{label_w + plot_w / 2}" y1="{mid - 6:.1f}" x2="{label_w + plot_w / 2}" '
            f'y2="{mid + 6:.1f}" stroke="#999"/>'
        )
        if position is not None:
            parts.append(
                f'<circle cx="{label_w + plot_w * position:.1f}" cy="{mid:.1f}" r="7" '
                f'fill="{pole_colour(position)}"/>'
            )
        parts.append(f'<text x="{label_w + plot_w + 12}" y="{mid + 4:.1f}">{esc(_value(position))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def strip_text(rows: Sequence[Row], *, band: tuple[float, float] | None = None, width: int = 21) -> str:
    """Positions as text strips, ``M |----●----| L``; the band (if any) drawn with ``=``."""
    label_w = max((len(label) for label, _ in rows), default=0)
    lines = []
    for label, position in rows:
        cells = ["-"] * width
        if band is not None:
            for j in range(round(band[0] * (width - 1)), round(band[1] * (width - 1)) + 1):
                cells[j] = "="
        if position is not None:
            cells[round(position * (width - 1))] = "●"
        lines.append(f"{label:<{label_w}}  M |{''.join(cells)}| L  {_value(position)}")
    return "\n".join(lines)


# -- an assessment ------------------------------------------------------------------------------


def _names(assessment: Assessment) -> dict[str, str]:
    from rolemodel._instrument import manager_style

    try:
        instrument = manager_style()
    except Exception:  # pragma: no cover - the built-in instrument is part of the package
        return {}
    if instrument.id != assessment.instrument:
        return {}
    return {d.id: d.name for d in instrument.dimensions}


def assessment_rows(assessment: Assessment) -> list[Row]:
    """``(label, position)`` for each dimension, then the overall position."""
    names = _names(assessment)
    rows: list[Row] = [(names.get(d, d), p) for d, p in assessment.dimensions.items()]
    return [*rows, ("Overall", assessment.overall)]


def _title(assessment: Assessment) -> str:
    return f"Style of {assessment.person}" if assessment.person else "Style assessment"


def _summary(assessment: Assessment) -> list[str]:
    coaching = "not answered" if assessment.coaching is None else f"{assessment.coaching:.2f}"
    lines = [
        f"overall {assessment.overall:.2f} (0 = management pole, 1 = leadership pole): "
        f"leans {assessment.lean}",
        f'balance {assessment.balance:.2f} (1 = both poles equally, 003\'s "You need both")',
        f"coaching emphasis {coaching} (001's manage, lead and coach)",
        f"completeness {assessment.completeness:.0%}",
    ]
    if assessment.unanswered:
        lines.append(f"not answered (never guessed): {', '.join(assessment.unanswered)}")
    return lines


def assessment_text(assessment: Assessment) -> str:
    """An assessment in plain lines: the strips, then overall, balance, coaching, completeness."""
    return "\n".join(
        [
            _title(assessment),
            strip_text(assessment_rows(assessment)),
            *(f"  {line}" for line in _summary(assessment)),
        ]
    )


def assessment_html(assessment: Assessment) -> str:
    """An assessment as an HTML card: the strip chart per dimension and the summary."""
    title = _title(assessment)
    items = "".join(f"<li>{esc(line)}</li>" for line in _summary(assessment))
    return (
        f'{_CSS}<div class="rm-card"><h3>{esc(title)}</h3>'
        f"{strip_svg(assessment_rows(assessment), title=title)}<ul>{items}</ul></div>"
    )


def assessment_markdown(assessment: Assessment) -> str:
    """An assessment in Markdown: a table of positions and the summary."""
    _, table = render_table(
        ["Dimension", "Position", "Nearer pole"],
        [[label, _value(p), _pole_word(p)] for label, p in assessment_rows(assessment)],
        numeric=(1,),
    )
    return "\n".join(
        [f"### {md(_title(assessment))}", "", table, "", *(f"- {md(x)}" for x in _summary(assessment))]
    )


def _pole_word(position: float | None) -> str:
    if position is None:
        return ""
    if position == 0.5:
        return "both"
    return "management" if position < 0.5 else "leadership"


# -- a gap --------------------------------------------------------------------------------------


def _gap_title(g: Gap) -> str:
    who = g.person or "the person"
    return f"Gap of {who} ({g.seat} seat)"


def _need_line(g: Gap) -> str:
    role = answer_label(g.role) if g.role is not None else "no role recommended"
    staffing = answer_label(g.staffing) if g.staffing is not None else "no staffing recommended"
    low, high = g.need.band
    return (
        f"Needs: {g.need.need} (overall {low:.2f}-{high:.2f}; role {role}, staffing {staffing}; "
        f"seat {g.seat}: {g.seat_reason}). {g.need.says}"
    )


def _overall_line(g: Gap) -> str:
    if g.toward is None:
        return f"Overall {g.overall:.2f}: within the band."
    return f"Overall {g.overall:.2f}: short by {g.size:.2f} toward {g.toward}."


def _shortfall_line(s: Shortfall) -> str:
    return f"{s.name}: {s.position:.2f}, short by {s.size:.2f} toward {s.toward}"


def _readiness_line(g: Gap) -> str:
    shown = "not derived" if g.readiness is None else f"{g.readiness:.2f}"
    return f"manager_readiness {shown}: {g.readiness_note}"


def _gap_rows(g: Gap) -> list[Row]:
    return [*((s.name, s.position) for s in g.shortfalls), ("Overall", g.overall)]


def gap_text(g: Gap) -> str:
    """A gap in plain lines: the need, the overall shortfall, each shortfall, the prescriptions."""
    lines = [_gap_title(g), f"  {_need_line(g)}", f"  {_overall_line(g)}"]
    if g.shortfalls:
        lines.append("  Shortfalls, largest first:")
        lines += [f"    {_shortfall_line(s)}" for s in g.shortfalls]
        lines.append("  What the articles prescribe:")
        for p in g.prescriptions:
            kind = " (caveat)" if p.kind == "caveat" else ""
            lines.append(f"    - {p.says}{kind} [{p.citation.source}: \u201c{p.citation.quote}\u201d]")
    else:
        lines.append("  No dimension falls short.")
    lines += [f"  {_readiness_line(g)}", f"  Note: {CALIBRATION_BANDS}."]
    if g.unanswered:
        lines.append(f"  Not answered (never guessed): {', '.join(g.unanswered)}")
    return "\n".join(lines)


def gap_html(g: Gap) -> str:
    """A gap as an HTML card: the strips of the short dimensions against the band, then the
    cited prescriptions."""
    title = _gap_title(g)
    parts = [
        _CSS,
        f'<div class="rm-card"><h3>{esc(title)}</h3>',
        f"<p>{esc(_need_line(g))}</p>",
        citation_html(g.need.citation.quote, g.need.citation.source),
        f"<p><strong>{esc(_overall_line(g))}</strong></p>",
        strip_svg(_gap_rows(g), title=title, band=g.need.band),
    ]
    if g.shortfalls:
        html, _ = render_table(
            ["Dimension", "Position", "Short by", "Toward"],
            [[s.name, s.position, s.size, s.toward] for s in g.shortfalls],
            "Shortfalls, largest first",
            numeric=(1, 2),
        )
        parts += [html, "<h4>What the articles prescribe</h4><ul>"]
        for p in g.prescriptions:
            kind = " <em>(caveat)</em>" if p.kind == "caveat" else ""
            parts.append(f"<li>{esc(p.says)}{kind}{citation_html(p.citation.quote, p.citation.source)}</li>")
        parts.append("</ul>")
    else:
        parts.append("<p>No dimension falls short.</p>")
    parts.append(f'<p class="rm-muted">{esc(_readiness_line(g))}. Note: {esc(CALIBRATION_BANDS)}.</p>')
    if g.unanswered:
        parts.append(f'<p class="rm-muted">Not answered (never guessed): {esc(", ".join(g.unanswered))}</p>')
    parts.append("</div>")
    return "".join(parts)


def gap_markdown(g: Gap) -> str:
    """A gap in Markdown: the need (cited), the shortfalls table and the cited prescriptions."""
    lines = [
        f"### {md(_gap_title(g))}",
        "",
        md(_need_line(g)),
        "",
        citation_md(g.need.citation.quote, g.need.citation.source),
        "",
        f"**{md(_overall_line(g))}**",
        "",
    ]
    if g.shortfalls:
        _, table = render_table(
            ["Dimension", "Position", "Short by", "Toward"],
            [[s.name, s.position, s.size, s.toward] for s in g.shortfalls],
            numeric=(1, 2),
        )
        lines += [table, "", "**What the articles prescribe**", ""]
        for p in g.prescriptions:
            kind = " *(caveat)*" if p.kind == "caveat" else ""
            lines += [f"- {md(p.says)}{kind}", f"  {citation_md(p.citation.quote, p.citation.source)}"]
        lines.append("")
    else:
        lines += ["No dimension falls short.", ""]
    lines.append(f"*{md(_readiness_line(g))}. Note: {md(CALIBRATION_BANDS)}.*")
    return "\n".join(lines)


# -- the instrument -----------------------------------------------------------------------------


def _pole_answer(item: InstrumentItem, pole: str) -> str:
    answer = getattr(item.poles, pole)
    if item.scale.kind == "likert":
        return f"{answer} ({item.scale.labels[answer - 1]})" if item.scale.labels else str(answer)
    return f"{answer}) {item.choices[answer]}"


def _instrument_table(instrument: Instrument) -> tuple[str, str]:
    names = {d.id: d.name for d in instrument.dimensions}
    rows = [
        [
            i.id,
            names[i.dimension],
            i.text,
            _pole_answer(i, "management"),
            _pole_answer(i, "leadership"),
            f"{i.citation.source}: \u201c{i.citation.quote}\u201d",
        ]
        for i in instrument.items
    ]
    return render_table(
        ["Item", "Dimension", "Text", "Management pole", "Leadership pole", "Cited"],
        rows,
        f"{instrument.title} ({len(instrument.items)} items)",
    )


def instrument_html(instrument: Instrument) -> str:
    """The instrument as an HTML table of its items, each with its poles and citation."""
    return f'{_CSS}<div class="rm-card">{_instrument_table(instrument)[0]}</div>'


def instrument_markdown(instrument: Instrument) -> str:
    """The instrument as a Markdown table of its items."""
    return _instrument_table(instrument)[1]


# -- notebook bundles ---------------------------------------------------------------------------


def mimebundle(
    obj: object, include: Collection[str] | None = None, exclude: Collection[str] | None = None
) -> dict[str, str]:
    """The MIME bundle of an assessment or a gap: plain text, HTML and Markdown."""
    from rolemodel._assess import Assessment
    from rolemodel._gap import Gap

    renderers: dict[str, Any]
    if isinstance(obj, Assessment):
        renderers = {
            "text/plain": assessment_text,
            "text/html": assessment_html,
            "text/markdown": assessment_markdown,
        }
    elif isinstance(obj, Gap):
        renderers = {"text/plain": gap_text, "text/html": gap_html, "text/markdown": gap_markdown}
    else:
        raise TypeError(f"mimebundle: cannot render {type(obj).__name__}")
    return bundle(obj, renderers, include, exclude)
