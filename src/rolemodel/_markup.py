"""The building blocks every rendering shares: the palette, escaping, tables, charts, quotes.

Format-level primitives, knowing nothing of recommendations or frameworks: how a reader
writes each of the six answers and what colour it is (:data:`ANSWER_COLOURS`, the one palette
that the HTML charts, the reports and the drawings of :mod:`rolemodel._plot` all use), what
"no answer" shows, escaping for HTML (:func:`esc`) and Markdown (:func:`md`), one table
renderer for both (:func:`render_table`), bar charts as inline SVG or text, and a cited quote.

Every value that reaches HTML goes through :func:`esc` (``html.escape``); every value that
reaches Markdown goes through :func:`md`, which also turns ``<``, ``>`` and ``&`` into
entities so that a hostile value cannot smuggle raw HTML into a Markdown renderer.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from rolemodel._model import Role, Staffing

__all__ = [
    "ANSWER_COLOURS",
    "ANSWER_LABELS",
    "DISSENT_EDGE",
    "FIRED_COLOUR",
    "NO_ANSWER_COLOUR",
    "ROLE_COLOURS",
    "ROLE_LABELS",
    "STAFFING_COLOURS",
    "STAFFING_LABELS",
    "STAFFING_MEANS",
    "WINNER_EDGE",
    "Answer",
    "answer_colour",
    "answer_label",
    "bars_svg",
    "bars_text",
    "bundle",
    "citation_html",
    "citation_md",
    "esc",
    "fmt",
    "has_scores",
    "md",
    "no_recommendation",
    "no_verdict",
    "render_table",
    "role_label",
    "score_bars",
]

Answer = Role | Staffing

#: How a reader writes each answer: ``Growth Leader`` for ``growth_leader``.
ANSWER_LABELS: Mapping[Answer, str] = {
    Role.MANAGEMENT: "Management",
    Role.LEADERSHIP: "Leadership",
    Role.GROWTH_LEADER: "Growth Leader",
    Staffing.SINGLE: "Single",
    Staffing.SPLIT: "Split",
    Staffing.CONVERGED: "Converged",
}
#: The one palette: the colour of each answer, in every face that colours one (HTML charts,
#: reports, Mermaid graphs, the drawings of :mod:`rolemodel._plot`). Keys are the enums, which are
#: strings, so ``ANSWER_COLOURS["split"]`` works too.
ANSWER_COLOURS: Mapping[Answer, str] = {
    Role.MANAGEMENT: "#3b6ea8",
    Role.LEADERSHIP: "#c7662b",
    Role.GROWTH_LEADER: "#3d8b5a",
    Staffing.SINGLE: "#7a5ba6",
    Staffing.SPLIT: "#a8456b",
    Staffing.CONVERGED: "#2a8a8f",
}
#: The colour of no answer (a framework that abstains, a question with no recommendation).
NO_ANSWER_COLOUR = "#9a9a9a"
ROLE_LABELS: Mapping[Role, str] = {r: ANSWER_LABELS[r] for r in Role}
ROLE_COLOURS: Mapping[Role, str] = {r: ANSWER_COLOURS[r] for r in Role}
STAFFING_LABELS: Mapping[Staffing, str] = {s: ANSWER_LABELS[s] for s in Staffing}
STAFFING_COLOURS: Mapping[Staffing, str] = {s: ANSWER_COLOURS[s] for s in Staffing}
#: What each staffing option means, in a few words (a paraphrase of :class:`rolemodel.Staffing`).
STAFFING_MEANS: Mapping[Staffing, str] = {
    Staffing.SINGLE: "one person holds both roles",
    Staffing.SPLIT: "a sales leader plus a dedicated sales manager",
    Staffing.CONVERGED: "one converged Growth Leader",
}
_LABEL_OF = {a.value: label for a, label in ANSWER_LABELS.items()}
_COLOUR_OF = {a.value: colour for a, colour in ANSWER_COLOURS.items()}
#: How a rule-graph drawing (Mermaid or matplotlib) marks the rules that fired, the outline of
#: the recommended answers, and the outline of a framework's dissenting verdict.
FIRED_COLOUR = "#d62728"
WINNER_EDGE = "#a07800"
DISSENT_EDGE = "#b03030"


def answer_label(answer: Answer | str) -> str:
    """An answer as a reader writes it: ``Growth Leader`` for ``growth_leader``, ``Split`` for
    ``split``; any other text as it is."""
    return _LABEL_OF.get(str(answer), str(answer))


def role_label(role: Role | str) -> str:
    """A role (or staffing option) as a reader writes it: ``Growth Leader`` for ``growth_leader``."""
    return answer_label(role)


def answer_colour(answer: Answer | str | None) -> str:
    """The palette's colour of an answer; :data:`NO_ANSWER_COLOUR` for none or an unknown one."""
    if answer is None:
        return NO_ANSWER_COLOUR
    return _COLOUR_OF.get(str(answer), NO_ANSWER_COLOUR)


def no_recommendation(reason: str) -> str:
    """What a missing combined answer shows: ``no recommendation: <reason>``."""
    return f"no recommendation: {reason}" if reason else "no recommendation"


def no_verdict(reason: str) -> str:
    """What a framework that abstains shows: ``no verdict: <reason>``."""
    return f"no verdict: {reason}" if reason else "no verdict"


# -- escaping ---------------------------------------------------------------------------------


def esc(value: object) -> str:
    """``value`` as HTML text, every special character escaped (quotes too)."""
    import html  # here, not above: the plain-text output (the CLI's) never loads it

    return html.escape(str(value), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*\[\]|#])")
_MD_EDGE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def md(value: object) -> str:
    """``value`` as Markdown text: one line, HTML specials as entities, Markdown specials escaped.

    Underscores inside words (``growth_leader``) are left alone: CommonMark does not read
    them as emphasis.
    """
    import html

    text = " ".join(str(value).split())
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_EDGE_UNDERSCORE.sub(r"\\_", text)


def fmt(value: object) -> str:
    """A cell value: floats shortened, ``None`` and NaN empty."""
    if value is None:
        return ""
    if isinstance(value, Role | Staffing):
        return value.value
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:.2f}" if abs(value) < 10 else f"{value:g}"
    return str(value)


# -- tables -----------------------------------------------------------------------------------


def render_table(
    headers: Sequence[object],
    rows: Iterable[Sequence[object]],
    caption: str | None = None,
    *,
    numeric: Collection[int] = (),
    css_class: str = "rm-table",
) -> tuple[str, str]:
    """A table as ``(html, markdown)``; every header and cell escaped for its format.

    ``numeric`` holds the indices of columns to right-align. Cells are formatted with
    :func:`fmt` (floats to two decimals, ``None`` empty). The caption is an HTML
    ``<caption>`` and a bold line above the Markdown table.
    """
    heads = [fmt(h) for h in headers]
    body = [[fmt(c) for c in row] for row in rows]
    width = len(heads)
    for i, row in enumerate(body):
        if len(row) != width:
            raise ValueError(f"render_table: row {i} has {len(row)} cells, expected {width}")

    def align(i: int) -> str:
        return ' class="num"' if i in numeric else ""

    out = [f'<table class="{esc(css_class)}">']
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(f'<th scope="col"{align(i)}>{esc(h)}</th>' for i, h in enumerate(heads))
        + "</tr></thead>"
    )
    out.append("<tbody>")
    for row in body:
        out.append("<tr>" + "".join(f"<td{align(i)}>{esc(c)}</td>" for i, c in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")

    lines = []
    if caption:
        lines += [f"**{md(caption)}**", ""]
    lines.append("| " + " | ".join(md(h) for h in heads) + " |")
    lines.append("|" + "|".join("---:" if i in numeric else "---" for i in range(width)) + "|")
    for row in body:
        lines.append("| " + " | ".join(md(c) for c in row) + " |")
    return "\n".join(out), "\n".join(lines)


# -- charts -----------------------------------------------------------------------------------


def bars_svg(
    bars: Sequence[tuple[str, float, str]],
    *,
    title: str,
    highlight: str | None = None,
    width: int = 520,
    value_format: str = "{:.2f}",
) -> str:
    """A horizontal bar chart as a self-contained inline ``<svg>`` (no script, no fonts fetched).

    ``bars`` are ``(label, value, colour)``; the longest bar is the largest value. The bar
    labelled ``highlight`` is drawn in bold. ``title`` is the chart's accessible name.
    """
    row_h, top, label_w, value_w = 30, 6, 150, 60
    plot_w = width - label_w - value_w
    height = top * 2 + row_h * len(bars)
    vmax = max((v for _, v, _ in bars), default=0.0) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rm-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'font-family="system-ui, sans-serif" font-size="14">',
        f"<title>{esc(title)}</title>",
    ]
    for i, (label, value, colour) in enumerate(bars):
        y = top + i * row_h
        bar = max(0.0, plot_w * value / vmax)
        weight = ' font-weight="bold"' if label == highlight else ""
        parts.append(
            f'<text x="{label_w - 8}" y="{y + row_h / 2 + 5:.1f}" text-anchor="end"{weight}>'
            f"{esc(label)}</text>"
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 5}" width="{plot_w}" height="{row_h - 10}" fill="#eeeeee"/>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 5}" width="{bar:.1f}" height="{row_h - 10}" fill="{esc(colour)}"/>'
        )
        parts.append(
            f'<text x="{label_w + plot_w + 8}" y="{y + row_h / 2 + 5:.1f}"{weight}>'
            f"{esc(value_format.format(value))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def bars_text(bars: Sequence[tuple[str, float]], *, width: int = 30, value_format: str = "{:.2f}") -> str:
    """A text bar chart (one line per bar) for a Markdown code block or a terminal."""
    vmax = max((v for _, v in bars), default=0.0) or 1.0
    label_w = max((len(label) for label, _ in bars), default=0)
    lines = []
    for label, value in bars:
        full = round(width * max(0.0, value) / vmax)
        lines.append(f"{label:<{label_w}}  {'█' * full}{'░' * (width - full)}  {value_format.format(value)}")
    return "\n".join(lines)


def score_bars(
    scores: Mapping[Any, float], options: Iterable[Answer] = tuple(Role)
) -> list[tuple[str, float, str]]:
    """Scores as bars for :func:`bars_svg`, one per option (the three roles by default), in
    order, each in its palette colour."""
    return [(answer_label(o), float(scores.get(o, 0.0)), ANSWER_COLOURS[o]) for o in options]


def has_scores(scores: Mapping[Any, float]) -> bool:
    """Whether there are scores to chart (none when no framework speaks to the question)."""
    return bool(scores) and sum(scores.values()) > 0


# -- citations --------------------------------------------------------------------------------


#: An address a citation links to: https only, no space, quote, bracket or angle bracket.
_URL_SAFE = re.compile(r"^https://[A-Za-z0-9._~:/?#@!$&*+,;=%-]+$")


def citation_html(quote: str, source: str, by: str = "", *, url: str = "", note: str = "") -> str:
    """A verbatim quote with its source, as an HTML ``<blockquote>``: ``by`` (an author)
    before the source, the source linked to ``url`` (an ``https`` address) where given and
    followed by ``note`` (as "library's title") where given."""
    who = f"{esc(by)}, " if by else ""
    cite = f'<a href="{esc(url)}">{esc(source)}</a>' if _URL_SAFE.match(url) else esc(source)
    after = f" ({esc(note)})" if note else ""
    return (
        f'<blockquote class="rm-quote">\u201c{esc(quote)}\u201d'
        f"<footer>{who}<cite>{cite}</cite>{after}</footer></blockquote>"
    )


def citation_md(quote: str, source: str, by: str = "", *, url: str = "", note: str = "") -> str:
    """A verbatim quote with its source, as one Markdown line (an indented quote); the source
    a link where ``url`` is a plain ``https`` address, then ``note`` in brackets."""
    who = f"{md(by)}, " if by else ""
    cite = f"*{md(source)}*"
    if _URL_SAFE.match(url):
        cite = f"[{cite}](<{url}>)"
    after = f" ({md(note)})" if note else ""
    return f"> \u201c{md(quote)}\u201d \u2014 {who}{cite}{after}"


def bundle(
    obj: object,
    renderers: dict[str, Any],
    include: Collection[str] | None = None,
    exclude: Collection[str] | None = None,
) -> dict[str, str]:
    """Render ``obj`` by each of ``renderers`` (MIME type to function) that ``include`` asks for.

    All types by default, less those in ``exclude``: the filtering IPython's
    ``_repr_mimebundle_(include, exclude)`` protocol asks of every rich object here.
    """
    return {
        mime: render(obj)
        for mime, render in renderers.items()
        if (include is None or mime in include) and not (exclude and mime in exclude)
    }
