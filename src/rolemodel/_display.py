"""Text, HTML, Markdown and Mermaid renderings of frameworks and results (a face).

Pure functions from values to strings: nothing here evaluates a profile or does I/O. The
engine's values call into this module lazily from their ``_repr_mimebundle_`` methods, so
importing :mod:`rolemodel` never imports it.

Every value that reaches HTML goes through :func:`esc` (``html.escape``); every value that
reaches Markdown goes through :func:`md`, which also turns ``<``, ``>`` and ``&`` into
entities so that a hostile value cannot smuggle raw HTML into a Markdown renderer.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._model import Framework, Item, Role

if TYPE_CHECKING:
    from rolemodel._explain import Contribution, Explanation, FrameworkExplanation
    from rolemodel._result import Recommendation, Verdict

__all__ = [
    "ROLE_COLOURS",
    "ROLE_LABELS",
    "bars_svg",
    "bars_text",
    "citation_html",
    "citation_md",
    "esc",
    "explanation_mermaid",
    "framework_mermaid",
    "md",
    "mimebundle",
    "render_table",
    "role_label",
]

ROLE_LABELS: Mapping[Role, str] = {
    Role.MANAGEMENT: "Management",
    Role.LEADERSHIP: "Leadership",
    Role.GROWTH_LEADER: "Growth Leader",
}
ROLE_COLOURS: Mapping[Role, str] = {
    Role.MANAGEMENT: "#3b6ea8",
    Role.LEADERSHIP: "#c7662b",
    Role.GROWTH_LEADER: "#3d8b5a",
}


def role_label(role: Role | str) -> str:
    """A role as a reader writes it: ``Growth Leader`` for ``growth_leader``."""
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return str(role)


# -- escaping ---------------------------------------------------------------------------------


def esc(value: object) -> str:
    """``value`` as HTML text, every special character escaped (quotes too)."""
    return html.escape(str(value), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*\[\]|#])")
_MD_EDGE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def md(value: object) -> str:
    """``value`` as Markdown text: one line, HTML specials as entities, Markdown specials escaped.

    Underscores inside words (``growth_leader``) are left alone: CommonMark does not read
    them as emphasis.
    """
    text = " ".join(str(value).split())
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_EDGE_UNDERSCORE.sub(r"\\_", text)


def fmt(value: object) -> str:
    """A cell value: floats shortened, ``None`` and NaN empty."""
    if value is None:
        return ""
    if isinstance(value, Role):
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


def score_bars(scores: Mapping[Role, float]) -> list[tuple[str, float, str]]:
    """A result's scores as bars for :func:`bars_svg`, in role order."""
    return [(role_label(r), float(scores.get(r, 0.0)), ROLE_COLOURS[r]) for r in Role]


# -- citations --------------------------------------------------------------------------------


def citation_html(quote: str, source: str, by: str = "") -> str:
    """A verbatim quote with its source, as an HTML ``<blockquote>``."""
    who = f"{esc(by)}, " if by else ""
    return (
        f'<blockquote class="rm-quote">\u201c{esc(quote)}\u201d'
        f"<footer>{who}<cite>{esc(source)}</cite></footer></blockquote>"
    )


def citation_md(quote: str, source: str, by: str = "") -> str:
    """A verbatim quote with its source, as one Markdown line (an indented quote)."""
    who = f"{md(by)}, " if by else ""
    return f"> \u201c{md(quote)}\u201d \u2014 {who}*{md(source)}*"


# -- frameworks -------------------------------------------------------------------------------

_CSS = """<style>
.rm-card{font-family:system-ui,sans-serif;max-width:56em;line-height:1.4}
.rm-card h3{margin:.2em 0}
.rm-table{border-collapse:collapse;margin:.4em 0;font-size:.92em}
.rm-table th,.rm-table td{border:1px solid #ccc;padding:.2em .5em;text-align:left;
 vertical-align:top}
.rm-table .num{text-align:right;font-variant-numeric:tabular-nums}
.rm-quote{margin:.2em 0 .6em 1em;color:#444;font-style:italic}
.rm-quote footer{font-style:normal;font-size:.85em;color:#666}
.rm-muted{color:#666;font-size:.9em}
</style>"""


def framework_text(framework: Framework) -> str:
    """A framework in a few plain lines."""
    roles = ", ".join(f"{s.role.value} (baseline {s.baseline:g})" for s in framework.roles)
    return "\n".join(
        [
            f"Framework {framework.id}: {framework.title}",
            f"  by {framework.author}, source {framework.source}",
            f"  roles: {roles}",
            f"  factors: {', '.join(framework.factors) or 'none'}",
            f"  concepts: {', '.join(c.id for c in framework.concepts) or 'none'}",
            f"  {len(framework.rules)} rules, {len(framework.items)} items",
        ]
    )


def _rule_rows(framework: Framework) -> list[list[object]]:
    return [[r.id, r.when.describe(), r.then, f"{r.weight:g}", r.says] for r in framework.rules]


def framework_html(framework: Framework) -> str:
    """A framework as an HTML fragment: header, summary, roles and rules with citations."""
    role_html, _ = render_table(
        ["role", "baseline", "what the article means"],
        [[s.role.value, f"{s.baseline:g}", s.says] for s in framework.roles],
        numeric={1},
    )
    rules_html, _ = render_table(
        ["rule", "when", "then", "weight", "says"],
        _rule_rows(framework),
        numeric={3},
    )
    return "".join(
        [
            _CSS,
            '<div class="rm-card">',
            f"<h3>{esc(framework.title)}</h3>",
            f'<p class="rm-muted"><code>{esc(framework.id)}</code> \u00b7 {esc(framework.author)}'
            f" \u00b7 <cite>{esc(framework.source)}</cite> \u00b7 {len(framework.rules)} rules"
            f" \u00b7 {len(framework.items)} items</p>",
            f"<p>{esc(framework.summary)}</p>",
            role_html,
            f"<p>Factors read: {esc(', '.join(framework.factors) or 'none')}"
            + (
                f"; concepts: {esc(', '.join(c.id for c in framework.concepts))}"
                if framework.concepts
                else ""
            )
            + "</p>",
            "<details><summary>Rules</summary>",
            rules_html,
            "</details>",
            "</div>",
        ]
    )


def framework_markdown(framework: Framework) -> str:
    """A framework as Markdown, its rule graph as a Mermaid block."""
    _, roles = render_table(
        ["role", "baseline", "what the article means"],
        [[s.role.value, f"{s.baseline:g}", s.says] for s in framework.roles],
        numeric={1},
    )
    _, rules = render_table(["rule", "when", "then", "weight", "says"], _rule_rows(framework), numeric={3})
    return "\n".join(
        [
            f"### {md(framework.title)}",
            "",
            f"`{md(framework.id)}` \u00b7 {md(framework.author)} \u00b7 *{md(framework.source)}*",
            "",
            md(framework.summary),
            "",
            roles,
            "",
            rules,
            "",
            "```mermaid",
            framework_mermaid(framework),
            "```",
        ]
    )


# -- Mermaid ----------------------------------------------------------------------------------

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_]")


def mermaid_id(*parts: str) -> str:
    """A node id Mermaid's parser accepts: letters, digits and ``_`` only, never a keyword."""
    return "_".join(_UNSAFE_ID.sub("_", p) for p in parts if p)


def mermaid_label(text: object) -> str:
    """``text`` as a quoted Mermaid label: one line, quotes and markup as entity codes."""
    flat = " ".join(str(text).split())
    for char, code in (
        ("#", "#35;"),
        ('"', "#quot;"),
        ("<", "#lt;"),
        (">", "#gt;"),
        ("&", "#amp;"),
        ("|", "#124;"),
        ("`", "#96;"),
    ):
        flat = flat.replace(char, code)
    return f'"{flat}"'


class _Ids:
    """Sanitized ids that stay distinct even when two names sanitize alike."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, ...], str] = {}
        self._used: set[str] = set()

    def __call__(self, *parts: str) -> str:
        if parts not in self._ids:
            base = mermaid_id(*parts)
            candidate, n = base, 1
            while candidate in self._used:
                n += 1
                candidate = f"{base}_{n}"
            self._used.add(candidate)
            self._ids[parts] = candidate
        return self._ids[parts]


_SHAPES = {"factor": ("[", "]"), "concept": ("(", ")"), "role": ("([", "])"), "always": ("((", "))")}
_CLASSES = (
    "classDef factor fill:#f4f4f4,stroke:#888;",
    "classDef concept fill:#fff6d5,stroke:#b59a00;",
    "classDef role fill:#e8f0fb,stroke:#3b6ea8;",
    "classDef always fill:#ffffff,stroke:#bbbbbb,stroke-dasharray:3 3;",
)
_FIRED = "stroke:#d62728,stroke-width:3px"
_HIGHLIGHT_CLASSES = (
    f"classDef fired {_FIRED};",
    "classDef winner fill:#ffd75e,stroke:#a07800,stroke-width:3px,font-weight:bold;",
    "classDef dissent fill:#f7d4d4,stroke:#b03030,stroke-width:2px;",
)

ALWAYS = "always"


@attrs.frozen
class GraphSpec:
    """What a rule graph drawing needs: nodes by kind and, per rule, what it reads and acts on.

    ``rules`` holds ``(rule id, weight, reads, target kind, target)`` where ``reads`` are
    ``(kind, name)`` pairs; a rule that reads nothing reads ``("always", "always")``.
    """

    id: str
    factors: tuple[str, ...]
    concepts: tuple[str, ...]
    roles: tuple[str, ...]
    rules: tuple[tuple[str, float, tuple[tuple[str, str], ...], str, str], ...]

    @classmethod
    def of(cls, framework: Framework) -> GraphSpec:
        """The graph of a framework: every rule of it."""
        concepts = {c.id for c in framework.concepts}
        return cls(
            id=framework.id,
            factors=framework.factors,
            concepts=tuple(c.id for c in framework.concepts),
            roles=tuple(s.role.value for s in framework.roles),
            rules=tuple(
                (
                    r.id,
                    r.weight,
                    r.reads or (("always", ALWAYS),),
                    "concept" if r.then in concepts else "role",
                    r.then,
                )
                for r in framework.rules
            ),
        )

    @classmethod
    def fired(cls, fx: FrameworkExplanation) -> GraphSpec:
        """A stand-in graph for a framework not at hand: only the rules that fired in ``fx``."""
        rules = []
        for c in fx.contributions:
            reads = tuple(("concept" if i.kind == "concept" else "factor", i.name) for i in c.reads) or (
                ("always", ALWAYS),
            )
            rules.append((c.rule, c.weight, reads, "role" if c.share is not None else "concept", c.target))
        return cls(
            id=fx.framework,
            factors=tuple(dict.fromkeys(n for r in rules for k, n in r[2] if k == "factor")),
            concepts=tuple(
                dict.fromkeys(
                    [n for r in rules for k, n in r[2] if k == "concept"]
                    + [r[4] for r in rules if r[3] == "concept"]
                )
            ),
            roles=tuple(dict.fromkeys([fx.role.value] + [r[4] for r in rules if r[3] == "role"])),
            rules=tuple(rules),
        )


def _graph_lines(
    spec: GraphSpec,
    ids: _Ids,
    prefix: str,
    indent: str,
) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Nodes and edges of one graph: lines, and ``(rule, source node, target node)`` per edge.

    Every rule gives one edge per value it reads; a rule that reads nothing (``always``)
    gets an edge from an ``always`` node, so every rule is drawn.
    """
    lines: list[str] = []
    nodes: dict[tuple[str, str], str] = {}

    def node(kind: str, name: str) -> str:
        key = (kind, name)
        if key not in nodes:
            nid = nodes[key] = ids(prefix, kind[0], name)
            left, right = _SHAPES[kind]
            lines.append(f"{indent}{nid}{left}{mermaid_label(name)}{right}:::{kind}")
        return nodes[key]

    for factor in spec.factors:
        node("factor", factor)
    for concept in spec.concepts:
        node("concept", concept)
    for role in spec.roles:
        node("role", role)
    edges: list[tuple[str, str, str]] = []
    for rule_id, weight, reads, target_kind, target_name in spec.rules:
        target = node(target_kind, target_name)
        for kind, name in reads:
            source = node(kind, name)
            label = mermaid_label(f"{rule_id} \u00d7{weight:g}")
            lines.append(f"{indent}{source} -->|{label}| {target}")
            edges.append((rule_id, source, target))
    return lines, edges


def framework_mermaid(framework: Framework) -> str:
    """The framework's rule graph as a Mermaid ``flowchart LR`` (factors -> concepts -> roles)."""
    ids = _Ids()
    lines, _ = _graph_lines(GraphSpec.of(framework), ids, "", "    ")
    return "\n".join(
        [
            "flowchart LR",
            f"    %% rolemodel framework {mermaid_id(framework.id)}",
            *lines,
            *(f"    {c}" for c in _CLASSES),
        ]
    )


def graphs_for(
    explanation: Explanation,
    frameworks: Iterable[Framework] | None = None,
) -> list[GraphSpec]:
    """The rule graph behind each of an explanation's verdicts, in its order.

    The framework is looked up by id in ``frameworks`` (default: the built-in ones); one found
    in neither is stood in for by the rules the explanation says fired.
    """
    if frameworks is None:
        from rolemodel._loader import builtin_frameworks

        frameworks = builtin_frameworks()
    by_id = {f.id: f for f in frameworks}
    return [
        GraphSpec.of(by_id[fx.framework]) if fx.framework in by_id else GraphSpec.fired(fx)
        for fx in explanation.frameworks
    ]


def explanation_mermaid(explanation: Explanation, frameworks: Iterable[Framework] | None = None) -> str:
    """Each framework's rule graph in a subgraph, the rules that fired and the winner marked.

    Fired rules' edges are drawn thick and red (``linkStyle``), the values they read are
    class ``fired``, the recommended role is class ``winner`` in every framework and a
    framework's own verdict, where it dissents, is class ``dissent``.
    """
    ids = _Ids()
    lines = [
        "flowchart LR",
        f"    %% rolemodel explanation: {explanation.role.value} (confidence {explanation.confidence:.2f})",
    ]
    fired_edges: list[int] = []
    fired_nodes: list[str] = []
    winners: list[str] = []
    dissents: list[str] = []
    count = 0
    for fx, spec in zip(explanation.frameworks, graphs_for(explanation, frameworks), strict=True):
        prefix = mermaid_id("fw", fx.framework)
        title = f"{fx.framework}: {fx.role.value}"
        lines.append(f"    subgraph {ids(prefix)}[{mermaid_label(title)}]")
        lines.append("        direction LR")
        body, edges = _graph_lines(spec, ids, prefix, "        ")
        lines += body
        lines.append("    end")
        fired = {c.rule for c in fx.contributions if c.degree > 0}
        for i, (rule, source, _target) in enumerate(edges):
            if rule in fired:
                fired_edges.append(count + i)
                fired_nodes.append(source)
        count += len(edges)
        if explanation.role.value in spec.roles:
            winners.append(ids(prefix, "r", explanation.role.value))
        if fx.role is not explanation.role and fx.role.value in spec.roles:
            dissents.append(ids(prefix, "r", fx.role.value))
    lines += [f"    {c}" for c in (*_CLASSES, *_HIGHLIGHT_CLASSES)]
    fired_nodes = list(dict.fromkeys(n for n in fired_nodes if n not in winners))
    if fired_nodes:
        lines.append(f"    class {','.join(fired_nodes)} fired;")
    if dissents:
        lines.append(f"    class {','.join(dissents)} dissent;")
    if winners:
        lines.append(f"    class {','.join(winners)} winner;")
    if fired_edges:
        lines.append(f"    linkStyle {','.join(map(str, fired_edges))} {_FIRED};")
    return "\n".join(lines)


# -- verdicts, recommendations, explanations --------------------------------------------------


def _scores_line(scores: Mapping[Role, float]) -> str:
    return ", ".join(f"{r.value} {scores.get(r, 0.0):.2f}" for r in Role)


def verdict_text(verdict: Verdict) -> str:
    """A verdict in one line."""
    scores = _scores_line(verdict.scores)
    return f"{verdict.framework} ({verdict.source}): {verdict.role.value} [{scores}]"


def verdict_html(verdict: Verdict) -> str:
    """A verdict as an HTML fragment: its role and a score chart."""
    return "".join(
        [
            _CSS,
            '<div class="rm-card">',
            f"<h3>{esc(verdict.title)}: {esc(role_label(verdict.role))}</h3>",
            f'<p class="rm-muted"><code>{esc(verdict.framework)}</code> \u00b7 '
            f"<cite>{esc(verdict.source)}</cite> \u00b7 weight {verdict.weight:g}</p>",
            bars_svg(
                score_bars(verdict.scores),
                title=f"{verdict.framework} scores",
                highlight=role_label(verdict.role),
            ),
            "</div>",
        ]
    )


def verdict_markdown(verdict: Verdict) -> str:
    """A verdict as Markdown."""
    return "\n".join(
        [
            f"**{md(verdict.title)}** (`{md(verdict.framework)}`, *{md(verdict.source)}*): "
            f"**{md(role_label(verdict.role))}**",
            "",
            "```",
            bars_text([(r.value, verdict.scores.get(r, 0.0)) for r in Role]),
            "```",
        ]
    )


def confidence_word(confidence: float) -> str:
    """``low``, ``moderate`` or ``high``: thirds of the confidence scale."""
    return "low" if confidence < 1 / 3 else "moderate" if confidence < 2 / 3 else "high"


def verdict_rows(explanation: Explanation) -> list[list[object]]:
    """Per framework: title, author, verdict, agrees?, its three scores ("—" where silent)."""
    silent = {case.role: set(case.silent) for case in (explanation.winner, *explanation.losers)}
    rows: list[list[object]] = []
    for fx in explanation.frameworks:
        agrees = "agrees" if fx.role is explanation.role else "dissents"
        scores = [
            "\u2014" if fx.framework in silent.get(r, ()) else f"{fx.scores.get(r, 0.0):.2f}" for r in Role
        ]
        rows.append([fx.title, fx.author, role_label(fx.role), agrees, *scores])
    return rows


VERDICT_HEADERS = ["article", "author", "verdict", "", *(role_label(r) for r in Role)]


def recommendation_text(rec: Recommendation) -> str:
    """A recommendation in a few plain lines."""
    lines = [
        f"Recommendation: {rec.role.value} (confidence {rec.confidence:.2f}, "
        f"{confidence_word(rec.confidence)})",
        f"Scores: {_scores_line(rec.scores)}",
        "Verdicts:",
    ]
    for verdict in rec.verdicts:
        mark = "" if verdict.role is rec.role else "  (dissents)"
        lines.append(f"  {verdict.framework}: {verdict.role.value}{mark}")
    return "\n".join(lines)


def _reason_html(c: Contribution) -> str:
    counted = f"{c.share:.1%} of the score" if c.share is not None else f"+{c.evidence:.2f}"
    return (
        f'<li>{esc(c.says)} <span class="rm-muted">[{esc(c.framework)} \u00b7 '
        f"{esc(c.rule)} \u00b7 {esc(counted)}]</span>"
        f"{citation_html(c.citation.quote, c.citation.source)}</li>"
    )


def recommendation_html(rec: Recommendation) -> str:
    """A recommendation as an HTML fragment for a notebook: role, chart, verdicts, top reasons."""
    explanation = rec.explain()
    table, _ = render_table(VERDICT_HEADERS, verdict_rows(explanation), numeric={4, 5, 6})
    reasons = "".join(_reason_html(c) for c in explanation.winner.reasons[:3])
    return "".join(
        [
            _CSS,
            '<div class="rm-card">',
            f"<h3>Recommended: {esc(role_label(rec.role))}</h3>",
            f'<p class="rm-muted">confidence {rec.confidence:.2f} '
            f"({esc(confidence_word(rec.confidence))}) \u00b7 {len(rec.by_framework)} frameworks"
            + (f" \u00b7 {len(rec.dissent)} dissent" if rec.dissent else "")
            + "</p>",
            bars_svg(score_bars(rec.scores), title="Combined scores", highlight=role_label(rec.role)),
            table,
            f"<p><strong>Why {esc(role_label(rec.role))}</strong></p><ul>{reasons}</ul>" if reasons else "",
            "</div>",
        ]
    )


def recommendation_markdown(rec: Recommendation) -> str:
    """A recommendation as Markdown: role, text chart, verdicts."""
    explanation = rec.explain()
    _, table = render_table(VERDICT_HEADERS, verdict_rows(explanation), numeric={4, 5, 6})
    return "\n".join(
        [
            f"**Recommended: {md(role_label(rec.role))}** \u2014 confidence {rec.confidence:.2f} "
            f"({confidence_word(rec.confidence)})",
            "",
            "```",
            bars_text([(r.value, rec.scores[r]) for r in Role]),
            "```",
            "",
            table,
        ]
    )


def explanation_html(explanation: Explanation) -> str:
    """An explanation as an HTML fragment: the case for the winner and against the others."""
    parts = [
        _CSS,
        '<div class="rm-card">',
        f"<h3>Why {esc(role_label(explanation.role))}</h3>",
        f'<p class="rm-muted">confidence {explanation.confidence:.2f} \u00b7 '
        f"{esc(_scores_line(explanation.scores))}</p>",
        f"<p>{esc(explanation.winner.summary)}</p>",
        "<ul>" + "".join(_reason_html(c) for c in explanation.winner.reasons) + "</ul>",
    ]
    for case in explanation.losers:
        parts.append(f"<h3>Why not {esc(role_label(case.role))}</h3><p>{esc(case.summary)}</p>")
        parts.append("<ul>" + "".join(_reason_html(c) for c in case.reasons) + "</ul>")
    table, _ = render_table(VERDICT_HEADERS, verdict_rows(explanation), numeric={4, 5, 6})
    parts += [table, "</div>"]
    return "".join(parts)


def _reason_md(c: Contribution) -> list[str]:
    counted = f"{c.share:.1%} of the score" if c.share is not None else f"+{c.evidence:.2f}"
    return [
        f"- {md(c.says)} \\[{md(c.framework)} \u00b7 {md(c.rule)} \u00b7 {md(counted)}\\]",
        f"  {citation_md(c.citation.quote, c.citation.source)}",
    ]


def explanation_markdown(explanation: Explanation) -> str:
    """An explanation as Markdown, with its Mermaid graph."""
    lines = [
        f"### Why {md(role_label(explanation.role))}",
        "",
        f"confidence {explanation.confidence:.2f} \u00b7 {md(_scores_line(explanation.scores))}",
        "",
        md(explanation.winner.summary),
        "",
    ]
    for c in explanation.winner.reasons:
        lines += _reason_md(c)
    for case in explanation.losers:
        lines += ["", f"### Why not {md(role_label(case.role))}", "", md(case.summary), ""]
        for c in case.reasons:
            lines += _reason_md(c)
    _, table = render_table(VERDICT_HEADERS, verdict_rows(explanation), numeric={4, 5, 6})
    lines += ["", table, "", "```mermaid", explanation_mermaid(explanation), "```"]
    return "\n".join(lines)


# -- notebook bundles -------------------------------------------------------------------------


def mimebundle(
    obj: object, include: Collection[str] | None = None, exclude: Collection[str] | None = None
) -> dict[str, str]:
    """The MIME bundle of a framework, verdict, recommendation or explanation.

    Only the types ``include`` asks for (all by default), less those in ``exclude``, are
    rendered.
    """
    from rolemodel._explain import Explanation
    from rolemodel._result import Recommendation, Verdict

    renderers: dict[str, Any]
    if isinstance(obj, Recommendation):
        renderers = {
            "text/plain": recommendation_text,
            "text/html": recommendation_html,
            "text/markdown": recommendation_markdown,
        }
    elif isinstance(obj, Verdict):
        renderers = {"text/plain": verdict_text, "text/html": verdict_html, "text/markdown": verdict_markdown}
    elif isinstance(obj, Explanation):
        renderers = {
            "text/plain": str,
            "text/html": explanation_html,
            "text/markdown": explanation_markdown,
            "text/vnd.mermaid": explanation_mermaid,
        }
    elif isinstance(obj, Framework):
        renderers = {
            "text/plain": framework_text,
            "text/html": framework_html,
            "text/markdown": framework_markdown,
            "text/vnd.mermaid": framework_mermaid,
        }
    else:
        raise TypeError(f"mimebundle: cannot render {type(obj).__name__}")
    return {
        mime: render(obj)
        for mime, render in renderers.items()
        if (include is None or mime in include) and not (exclude and mime in exclude)
    }


def item_says(item: Item) -> str:
    """What an item says; a ``difference`` says both of its poles."""
    if item.kind == "difference":
        return f"management: {item.management}; leadership: {item.leadership}"
    return item.says
