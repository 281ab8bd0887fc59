"""Text, HTML, Markdown and Mermaid renderings of frameworks and results (a face).

Pure functions from values to strings: nothing here evaluates a profile or does I/O. The
engine's values call into this module lazily from their ``_repr_mimebundle_`` methods, so
importing :mod:`rolemodel` never imports it.

A recommendation answers two questions, the **role** and the **staffing**, and every rendering
shows both. A missing answer shows as ``no recommendation: <reason>``; a framework that
abstains shows as ``no verdict: <reason>`` and neither agrees nor dissents; an article's
standing claim (its stance) is shown as such, never as a verdict; a fired rule whose numbers
are the library's calibration is marked ``(calibration)``. The colours of the six answers are
one palette, :data:`ANSWER_COLOURS`, which the drawings of :mod:`rolemodel._plot` use too.

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

from rolemodel._explain import CALIBRATION_NOTE
from rolemodel._graph import target_kind
from rolemodel._model import Framework, Item, Role, Staffing

if TYPE_CHECKING:
    from rolemodel._explain import Contribution, Explanation, FrameworkExplanation, RoleCase
    from rolemodel._result import Recommendation, Verdict

__all__ = [
    "ANSWER_COLOURS",
    "ANSWER_LABELS",
    "NO_ANSWER_COLOUR",
    "ROLE_COLOURS",
    "ROLE_LABELS",
    "SCORE_HEADERS",
    "STAFFING_COLOURS",
    "STAFFING_LABELS",
    "STAFFING_MEANS",
    "VERDICT_HEADERS",
    "Question",
    "answer_colour",
    "answer_label",
    "bars_svg",
    "bars_text",
    "citation_html",
    "citation_md",
    "esc",
    "explanation_html",
    "explanation_markdown",
    "explanation_mermaid",
    "framework_mermaid",
    "md",
    "mimebundle",
    "no_recommendation",
    "no_verdict",
    "questions",
    "recommendation_html",
    "recommendation_markdown",
    "recommendation_text",
    "render_table",
    "role_label",
    "score_rows",
    "verdict_html",
    "verdict_markdown",
    "verdict_rows",
    "verdict_text",
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
#: reports, Mermaid-free drawings of :mod:`rolemodel._plot`). Keys are the enums, which are
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


def _scores_line(scores: Mapping[Any, float], options: Iterable[Answer] = tuple(Role)) -> str:
    return ", ".join(f"{o.value} {scores.get(o, 0.0):.2f}" for o in options)


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
.rm-card h4{margin:.6em 0 .2em 0}
.rm-table{border-collapse:collapse;margin:.4em 0;font-size:.92em}
.rm-table th,.rm-table td{border:1px solid #ccc;padding:.2em .5em;text-align:left;
 vertical-align:top}
.rm-table .num{text-align:right;font-variant-numeric:tabular-nums}
.rm-quote{margin:.2em 0 .6em 1em;color:#444;font-style:italic}
.rm-quote footer{font-style:normal;font-size:.85em;color:#666}
.rm-muted{color:#666;font-size:.9em}
.rm-none{color:#666;font-style:italic}
</style>"""


def _options_text(specs: Iterable[Any], kind: str) -> str:
    return ", ".join(f"{getattr(s, kind).value} (baseline {s.baseline:g})" for s in specs) or "none"


def framework_text(framework: Framework) -> str:
    """A framework in a few plain lines."""
    return "\n".join(
        [
            f"Framework {framework.id}: {framework.title}",
            f"  by {framework.author}, source {framework.source}",
            f"  roles: {_options_text(framework.roles, 'role')}",
            f"  staffing: {_options_text(framework.staffing, 'staffing')}",
            f"  factors: {', '.join(framework.factors) or 'none'}",
            f"  concepts: {', '.join(c.id for c in framework.concepts) or 'none'}",
            f"  {len(framework.rules)} rules, {len(framework.items)} items",
        ]
    )


_RULE_HEADERS = ["rule", "when", "then", "weight", "basis", "says"]


def _rule_rows(framework: Framework) -> list[list[object]]:
    return [[r.id, r.when.describe(), r.then, f"{r.weight:g}", r.basis, r.says] for r in framework.rules]


def _option_tables(framework: Framework) -> list[tuple[str, str]]:
    """The framework's roles and (where it speaks to it) staffing, as ``(html, markdown)`` tables."""
    tables = [
        render_table(
            ["role", "baseline", "what the article means"],
            [[s.role.value, f"{s.baseline:g}", s.says] for s in framework.roles],
            numeric={1},
        )
    ]
    if framework.staffing:
        tables.append(
            render_table(
                ["staffing", "baseline", "what the article means"],
                [[s.staffing.value, f"{s.baseline:g}", s.says] for s in framework.staffing],
                numeric={1},
            )
        )
    return tables


def framework_html(framework: Framework) -> str:
    """A framework as an HTML fragment: header, summary, roles, staffing and rules with citations."""
    rules_html, _ = render_table(_RULE_HEADERS, _rule_rows(framework), numeric={3})
    return "".join(
        [
            _CSS,
            '<div class="rm-card">',
            f"<h3>{esc(framework.title)}</h3>",
            f'<p class="rm-muted"><code>{esc(framework.id)}</code> \u00b7 {esc(framework.author)}'
            f" \u00b7 <cite>{esc(framework.source)}</cite> \u00b7 {len(framework.rules)} rules"
            f" \u00b7 {len(framework.items)} items</p>",
            f"<p>{esc(framework.summary)}</p>",
            *(table for table, _ in _option_tables(framework)),
            "" if framework.staffing else '<p class="rm-none">The article does not speak to staffing.</p>',
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
    _, rules = render_table(_RULE_HEADERS, _rule_rows(framework), numeric={3})
    options: list[str] = []
    for _, table in _option_tables(framework):
        options += [table, ""]
    if not framework.staffing:
        options += ["*The article does not speak to staffing.*", ""]
    return "\n".join(
        [
            f"### {md(framework.title)}",
            "",
            f"`{md(framework.id)}` \u00b7 {md(framework.author)} \u00b7 *{md(framework.source)}*",
            "",
            md(framework.summary),
            "",
            *options,
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


_OUTCOMES = ("role", "staffing")
_SHAPES = {
    "factor": ("[", "]"),
    "concept": ("(", ")"),
    "role": ("([", "])"),
    "staffing": ("([", "])"),
    "always": ("((", "))"),
}
_CLASSES = (
    "classDef factor fill:#f4f4f4,stroke:#888;",
    "classDef concept fill:#fff6d5,stroke:#b59a00;",
    f"classDef role fill:#e8f0fb,stroke:{ANSWER_COLOURS[Role.MANAGEMENT]};",
    f"classDef staffing fill:#f1ecf7,stroke:{ANSWER_COLOURS[Staffing.SINGLE]};",
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
    ``(kind, name)`` pairs and the target kind is ``concept``, ``role`` or ``staffing``; a rule
    that reads nothing reads ``("always", "always")``. ``roles`` and ``staffing`` are the
    answers the framework lists.
    """

    id: str
    factors: tuple[str, ...]
    concepts: tuple[str, ...]
    roles: tuple[str, ...]
    rules: tuple[tuple[str, float, tuple[tuple[str, str], ...], str, str], ...]
    staffing: tuple[str, ...] = ()

    def options(self, kind: str) -> tuple[str, ...]:
        """The answers of one question (``role`` or ``staffing``) drawn in this graph."""
        return self.roles if kind == "role" else self.staffing

    @classmethod
    def of(cls, framework: Framework) -> GraphSpec:
        """The graph of a framework: every rule of it."""
        return cls(
            id=framework.id,
            factors=framework.factors,
            concepts=tuple(c.id for c in framework.concepts),
            roles=tuple(s.role.value for s in framework.roles),
            staffing=tuple(s.staffing.value for s in framework.staffing),
            rules=tuple(
                (r.id, r.weight, r.reads or (("always", ALWAYS),), target_kind(r.then), r.then)
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
            rules.append((c.rule, c.weight, reads, target_kind(c.target), c.target))

        def answers(kind: str, own: Answer | None) -> tuple[str, ...]:
            first = [own.value] if own is not None else []
            return tuple(dict.fromkeys(first + [r[4] for r in rules if r[3] == kind]))

        return cls(
            id=fx.framework,
            factors=tuple(dict.fromkeys(n for r in rules for k, n in r[2] if k == "factor")),
            concepts=tuple(
                dict.fromkeys(
                    [n for r in rules for k, n in r[2] if k == "concept"]
                    + [r[4] for r in rules if r[3] == "concept"]
                )
            ),
            roles=answers("role", fx.role),
            staffing=answers("staffing", fx.staffing),
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
    for kind in _OUTCOMES:
        for name in spec.options(kind):
            node(kind, name)
    edges: list[tuple[str, str, str]] = []
    for rule_id, weight, reads, kind_of_target, target_name in spec.rules:
        target = node(kind_of_target, target_name)
        for kind, name in reads:
            source = node(kind, name)
            label = mermaid_label(f"{rule_id} \u00d7{weight:g}")
            lines.append(f"{indent}{source} -->|{label}| {target}")
            edges.append((rule_id, source, target))
    return lines, edges


def framework_mermaid(framework: Framework) -> str:
    """The framework's rule graph as a Mermaid ``flowchart LR`` (factors -> concepts -> roles and
    staffing options)."""
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


def _own_value(own: Answer | None) -> str:
    return "no verdict" if own is None else own.value


def explanation_mermaid(explanation: Explanation, frameworks: Iterable[Framework] | None = None) -> str:
    """Each framework's rule graph in a subgraph, the rules that fired and the answers marked.

    Fired rules' edges are drawn thick and red (``linkStyle``), the values they read are
    class ``fired``, the recommended role and staffing are class ``winner`` in every framework
    that lists them, and a framework's own verdict, where it dissents, is class ``dissent``
    (a question with no recommendation marks neither; an abstaining framework never dissents).
    """
    ids = _Ids()
    asked = questions(explanation)
    lines = [
        "flowchart LR",
        "    %% rolemodel explanation: "
        + "; ".join(f"{q.name} {mermaid_label(q.answer_text())[1:-1]}" for q in asked),
    ]
    fired_edges: list[int] = []
    fired_nodes: list[str] = []
    winners: list[str] = []
    dissents: list[str] = []
    count = 0
    for fx, spec in zip(explanation.frameworks, graphs_for(explanation, frameworks), strict=True):
        prefix = mermaid_id("fw", fx.framework)
        title = f"{fx.framework}: " + "; ".join(f"{q.name} {_own_value(q.own(fx))}" for q in asked)
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
        for q in asked:
            drawn = spec.options(q.name)
            if q.answer is not None and q.answer.value in drawn:
                winners.append(ids(prefix, q.name[0], q.answer.value))
            own = q.own(fx)
            if q.agreement(fx) == "dissents" and own is not None and own.value in drawn:
                dissents.append(ids(prefix, q.name[0], own.value))
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


# -- the two questions ------------------------------------------------------------------------


def confidence_word(confidence: float) -> str:
    """``low``, ``moderate`` or ``high``: thirds of the confidence scale."""
    return "low" if confidence < 1 / 3 else "moderate" if confidence < 2 / 3 else "high"


@attrs.frozen
class Question:
    """One of an explanation's two questions (``role`` or ``staffing``): its answer or why there
    is none, its combined scores, the case for the answer and against the others, and how each
    framework answered it."""

    name: str
    options: tuple[Answer, ...]
    answer: Answer | None
    scores: Mapping[Any, float]
    confidence: float
    reason: str
    winner: RoleCase | None
    losers: tuple[RoleCase, ...]

    @property
    def title(self) -> str:
        """``Role`` or ``Staffing``."""
        return self.name.capitalize()

    def own(self, fx: FrameworkExplanation) -> Answer | None:
        """A framework's own verdict on this question (``None``: it abstains)."""
        return fx.role if self.name == "role" else fx.staffing

    def own_reason(self, fx: FrameworkExplanation) -> str:
        """Why a framework abstains on this question ("" when it gives a verdict)."""
        return fx.reason if self.name == "role" else fx.staffing_reason

    def own_scores(self, fx: FrameworkExplanation) -> Mapping[Any, float]:
        """A framework's own scores on this question (empty when it does not speak to it)."""
        return fx.scores if self.name == "role" else fx.staffing_scores

    def agreement(self, fx: FrameworkExplanation) -> str:
        """``agrees`` or ``dissents`` for a framework with a verdict when there is a recommendation;
        ``""`` otherwise (an abstainer neither agrees nor dissents)."""
        own = self.own(fx)
        if own is None or self.answer is None:
            return ""
        return "agrees" if own is self.answer else "dissents"

    def dissent(self, frameworks: Iterable[FrameworkExplanation]) -> tuple[str, ...]:
        """Ids of the frameworks whose own verdict differs from the recommended answer."""
        return tuple(fx.framework for fx in frameworks if self.agreement(fx) == "dissents")

    def answer_text(self) -> str:
        """``leadership (confidence 0.62, moderate)``, or ``no recommendation: <reason>``."""
        if self.answer is None:
            return no_recommendation(self.reason)
        return f"{self.answer.value} (confidence {self.confidence:.2f}, {confidence_word(self.confidence)})"

    def own_text(self, fx: FrameworkExplanation, *, label: bool = False) -> str:
        """A framework's verdict: the answer (a label when ``label``), or ``no verdict: <reason>``."""
        own = self.own(fx)
        if own is None:
            return no_verdict(self.own_reason(fx))
        return answer_label(own) if label else own.value

    def cases(self) -> tuple[RoleCase, ...]:
        """The winner's case, then the losers' (none when there is no answer)."""
        return () if self.winner is None else (self.winner, *self.losers)


def questions(explanation: Explanation) -> tuple[Question, Question]:
    """The role question and the staffing question of an explanation."""
    return (
        Question(
            "role",
            tuple(Role),
            explanation.role,
            explanation.scores,
            explanation.confidence,
            explanation.reason,
            explanation.winner,
            explanation.losers,
        ),
        Question(
            "staffing",
            tuple(Staffing),
            explanation.staffing,
            explanation.staffing_scores,
            explanation.staffing_confidence,
            explanation.staffing_reason,
            explanation.staffing_winner,
            explanation.staffing_losers,
        ),
    )


def is_calibration(c: Contribution) -> bool:
    """Whether a fired rule's numbers are the library's calibration (as
    :attr:`Explanation.calibrated <rolemodel.Explanation.calibrated>` counts them)."""
    return c.basis != "article"


def counted_text(c: Contribution) -> str:
    """How much a fired rule counted: its share of the score, its push on a concept, or that it
    did not count because its framework abstains on that question."""
    if c.share is not None:
        return f"{c.share:.1%} of the score"
    if target_kind(c.target) == "concept":
        return f"+{c.evidence:.2f} to concept {c.target}"
    if not c.counted:
        return "not counted: its framework abstains"
    return f"+{c.evidence:.2f} to {c.target}"


def contribution_text(c: Contribution) -> str:
    """A fired rule in one plain line: what it says, where from, how much it counted, and
    ``(calibration)`` when its numbers are the library's."""
    mark = " (calibration)" if is_calibration(c) else ""
    stance = " (standing claim)" if c.stance else ""
    return f"{c.says} [{c.framework} \u00b7 {c.rule}{stance} \u00b7 {counted_text(c)}]{mark}"


def stance_text(stance: Iterable[str], *, label: bool = False) -> str:
    """An article's standing claims: the answers it pushes whatever the company."""
    return ", ".join(answer_label(s) if label else str(s) for s in stance)


VERDICT_HEADERS = ["article", "author", "role", "", "staffing", "", "standing claim (whatever the company)"]


def verdict_rows(explanation: Explanation) -> list[list[object]]:
    """Per framework: title, author, its role verdict and whether it agrees, its staffing verdict
    and whether it agrees, its standing claim. An abstainer's cell is ``no verdict: <reason>``
    and its agreement cell is empty; so is every agreement cell of a question with no
    recommendation."""
    role, staffing = questions(explanation)
    return [
        [
            fx.title,
            fx.author,
            role.own_text(fx, label=True),
            role.agreement(fx),
            staffing.own_text(fx, label=True),
            staffing.agreement(fx),
            stance_text(fx.stance, label=True),
        ]
        for fx in explanation.frameworks
    ]


SCORE_HEADERS = ["article", *(answer_label(a) for a in (*Role, *Staffing))]
SCORE_COLUMNS = frozenset(range(1, len(SCORE_HEADERS)))


def score_rows(explanation: Explanation, frameworks: Iterable[Framework] | None = None) -> list[list[object]]:
    """Per framework: its title and its own scores of the six answers, ``—`` where the article
    does not list that answer (``frameworks`` as for :func:`graphs_for`)."""
    rows: list[list[object]] = []
    for fx, spec in zip(explanation.frameworks, graphs_for(explanation, frameworks), strict=True):
        cells: list[object] = [fx.title]
        for q in questions(explanation):
            listed, scores = spec.options(q.name), q.own_scores(fx)
            cells += [f"{scores.get(o, 0.0):.2f}" if o.value in listed else "\u2014" for o in q.options]
        rows.append(cells)
    return rows


def frameworks_of(rec: Recommendation) -> list[Framework]:
    """The frameworks behind a recommendation's verdicts (built-in ones by id when restored)."""
    found: list[Framework] = []
    missing = []
    for verdict in rec.verdicts:
        if verdict._framework_obj is not None:
            found.append(verdict._framework_obj)
        else:
            missing.append(verdict.framework)
    if missing:
        from rolemodel._loader import builtin_frameworks

        by_id = {f.id: f for f in builtin_frameworks()}
        found += [by_id[m] for m in missing if m in by_id]
    return found


# -- verdicts ---------------------------------------------------------------------------------


def _verdict_answers(verdict: Verdict) -> list[tuple[str, Answer | None, Mapping[Any, float], str]]:
    return [
        ("role", verdict.role, verdict.scores, verdict.reason),
        ("staffing", verdict.staffing, verdict.staffing_scores, verdict.staffing_reason),
    ]


def _options_of(name: str) -> tuple[Answer, ...]:
    return tuple(Role) if name == "role" else tuple(Staffing)


def verdict_text(verdict: Verdict) -> str:
    """A verdict in one line per question (and its standing claim, if any)."""
    lines = [f"{verdict.framework} ({verdict.source}):"]
    for name, answer, scores, reason in _verdict_answers(verdict):
        if answer is None:
            lines.append(f"  {name}: {no_verdict(reason)}")
        else:
            lines.append(f"  {name}: {answer.value} [{_scores_line(scores, _options_of(name))}]")
    if verdict.stance:
        lines.append(f"  standing claim (whatever the company): {stance_text(verdict.stance)}")
    return "\n".join(lines)


def verdict_html(verdict: Verdict) -> str:
    """A verdict as an HTML fragment: both answers (or why none), a chart for each, its stance."""
    parts = [
        _CSS,
        '<div class="rm-card">',
        f"<h3>{esc(verdict.title)}</h3>",
        f'<p class="rm-muted"><code>{esc(verdict.framework)}</code> \u00b7 '
        f"<cite>{esc(verdict.source)}</cite> \u00b7 weight {verdict.weight:g}</p>",
    ]
    for name, answer, scores, reason in _verdict_answers(verdict):
        if answer is None:
            parts.append(
                f'<h4>{esc(name.capitalize())}: <span class="rm-none">{esc(no_verdict(reason))}</span></h4>'
            )
        else:
            parts.append(f"<h4>{esc(name.capitalize())}: {esc(answer_label(answer))}</h4>")
        if has_scores(scores):
            parts.append(
                bars_svg(
                    score_bars(scores, _options_of(name)),
                    title=f"{verdict.framework} {name} scores",
                    highlight=answer_label(answer) if answer is not None else None,
                )
            )
    if verdict.stance:
        parts.append(
            f'<p class="rm-muted">Standing claim (whatever the company): '
            f"{esc(stance_text(verdict.stance, label=True))}</p>"
        )
    parts.append("</div>")
    return "".join(parts)


def verdict_markdown(verdict: Verdict) -> str:
    """A verdict as Markdown: both answers (or why none), a text chart for each, its stance."""
    lines = [f"**{md(verdict.title)}** (`{md(verdict.framework)}`, *{md(verdict.source)}*)", ""]
    for name, answer, scores, reason in _verdict_answers(verdict):
        shown = no_verdict(reason) if answer is None else answer_label(answer)
        lines += [f"**{md(name.capitalize())}:** {md(shown)}", ""]
        if has_scores(scores):
            lines += ["```", bars_text([(o.value, scores.get(o, 0.0)) for o in _options_of(name)]), "```", ""]
    if verdict.stance:
        lines += [f"Standing claim (whatever the company): {md(stance_text(verdict.stance, label=True))}", ""]
    return "\n".join(lines).rstrip("\n")


# -- recommendations --------------------------------------------------------------------------


def _answer_label(q: Question) -> str:
    """``Leadership`` / ``Split (a sales leader plus a dedicated sales manager)``."""
    assert q.answer is not None
    label = answer_label(q.answer)
    if isinstance(q.answer, Staffing):
        label += f" ({STAFFING_MEANS[q.answer]})"
    return label


def recommendation_text(rec: Recommendation, *, reasons: int = 3) -> str:
    """A recommendation in plain text, complete and self-contained (what ``rolemodel recommend``
    prints): each answer with its confidence and scores (or ``no recommendation: <reason>``),
    each framework's verdicts (``no verdict: <reason>`` for an abstainer) and standing claim,
    the top ``reasons`` cited reasons for each answer, the dissent on each question, the
    assumptions made and, where a fired rule's numbers are the library's, the calibration note.
    """
    explanation = rec.explain()
    asked = questions(explanation)
    lines: list[str] = []
    for q in asked:
        lines.append(f"{q.title}: {q.answer_text()}")
        if q.scores:
            lines.append(f"  scores: {_scores_line(q.scores, q.options)}")
    lines += ["", "By framework:"]
    for fx in explanation.frameworks:
        lines.append(f"  {fx.framework} ({fx.source}):")
        for q in asked:
            own = q.own(fx)
            text = q.own_text(fx)
            if own is not None:
                text += f" [{_scores_line(q.own_scores(fx), q.options)}]"
                agreement = q.agreement(fx)
                text += f" ({agreement})" if agreement else ""
            lines.append(f"    {q.name}: {text}")
        if fx.stance:
            lines.append(f"    standing claim (whatever the company): {stance_text(fx.stance)}")
    for q in asked:
        if q.winner is None or q.answer is None:
            continue
        lines += ["", f"Why {q.answer.value}: {q.winner.summary}"]
        for c in q.winner.reasons[:reasons]:
            lines += [f"  - {contribution_text(c)}", f"      {c.citation}"]
    dissent = [
        f"Dissent on {q.name}: {', '.join(q.dissent(explanation.frameworks)) or 'none'}"
        for q in asked
        if q.answer is not None
    ]
    if dissent:
        lines += ["", *dissent]
    if explanation.assumptions:
        lines += ["", "Assumed:", *(f"  - {a}" for a in explanation.assumptions)]
    if explanation.calibrated:
        lines += ["", f"Note: {CALIBRATION_NOTE}."]
    return "\n".join(lines).strip("\n")


def _reason_html(c: Contribution) -> str:
    mark = ' <span class="rm-muted">(calibration)</span>' if is_calibration(c) else ""
    stance = " \u00b7 standing claim" if c.stance else ""
    return (
        f'<li>{esc(c.says)} <span class="rm-muted">[{esc(c.framework)} \u00b7 '
        f"{esc(c.rule)}{stance} \u00b7 {esc(counted_text(c))}]</span>{mark}"
        f"{citation_html(c.citation.quote, c.citation.source)}</li>"
    )


def _reason_md(c: Contribution) -> list[str]:
    mark = " *(calibration)*" if is_calibration(c) else ""
    stance = " \u00b7 standing claim" if c.stance else ""
    where = f"{md(c.framework)} \u00b7 {md(c.rule)}{stance} \u00b7 {md(counted_text(c))}"
    return [
        f"- {md(c.says)} \\[{where}\\]{mark}",
        f"  {citation_md(c.citation.quote, c.citation.source)}",
    ]


def _answer_html(q: Question, level: str = "h3") -> list[str]:
    """A question's answer as a heading, its confidence and its score chart (or why none)."""
    if q.answer is None:
        return [
            f"<{level}>{esc(q.title)}</{level}>",
            f'<p class="rm-none">{esc(no_recommendation(q.reason))}</p>',
        ]
    parts = [
        f"<{level}>{esc(q.title)}: {esc(_answer_label(q))}</{level}>",
        f'<p class="rm-muted">confidence {q.confidence:.2f} ({esc(confidence_word(q.confidence))}) '
        f"\u00b7 {esc(_scores_line(q.scores, q.options))}</p>",
    ]
    if has_scores(q.scores):
        parts.append(
            bars_svg(
                score_bars(q.scores, q.options),
                title=f"Combined {q.name} scores",
                highlight=answer_label(q.answer),
            )
        )
    return parts


def _answer_md(q: Question) -> list[str]:
    """A question's answer as a bold line, its confidence and a text chart (or why none)."""
    if q.answer is None:
        return [f"**{md(q.title)}:** {md(no_recommendation(q.reason))}", ""]
    return [
        f"**{md(q.title)}:** {md(_answer_label(q))} \u2014 confidence {q.confidence:.2f} "
        f"({confidence_word(q.confidence)})",
        "",
        "```",
        bars_text([(o.value, q.scores.get(o, 0.0)) for o in q.options]),
        "```",
        "",
    ]


def _notes_html(explanation: Explanation, asked: Sequence[Question]) -> list[str]:
    parts = []
    dissent = [
        f"{q.name}: {', '.join(q.dissent(explanation.frameworks)) or 'none'}"
        for q in asked
        if q.answer is not None
    ]
    if dissent:
        parts.append(f'<p class="rm-muted">Dissent \u2014 {esc("; ".join(dissent))}</p>')
    if explanation.assumptions:
        items = "".join(f"<li>{esc(a)}</li>" for a in explanation.assumptions)
        parts.append(f'<p class="rm-muted">Assumed:</p><ul class="rm-muted">{items}</ul>')
    if explanation.calibrated:
        parts.append(f'<p class="rm-muted">Note: {esc(CALIBRATION_NOTE)}.</p>')
    return parts


def _notes_md(explanation: Explanation, asked: Sequence[Question]) -> list[str]:
    lines = []
    for q in asked:
        if q.answer is not None:
            lines.append(
                f"Dissent on {md(q.name)}: {md(', '.join(q.dissent(explanation.frameworks)) or 'none')}"
            )
            lines.append("")
    if explanation.assumptions:
        lines += ["Assumed:", "", *(f"- {md(a)}" for a in explanation.assumptions), ""]
    if explanation.calibrated:
        lines += [f"*Note: {md(CALIBRATION_NOTE)}.*", ""]
    return lines


def recommendation_html(rec: Recommendation) -> str:
    """A recommendation as an HTML fragment for a notebook: both answers with their charts, the
    verdicts, the top reasons for each answer, dissent, assumptions, the calibration note."""
    explanation = rec.explain()
    asked = questions(explanation)
    table, _ = render_table(VERDICT_HEADERS, verdict_rows(explanation))
    parts = [
        _CSS,
        '<div class="rm-card">',
        f'<p class="rm-muted">{len(rec.by_framework)} frameworks'
        + (f" \u00b7 {len(rec.abstaining)} abstain on the role" if rec.abstaining else "")
        + (f" \u00b7 {len(rec.staffing_abstaining)} on the staffing" if rec.staffing_abstaining else "")
        + "</p>",
    ]
    for q in asked:
        parts += _answer_html(q)
    parts.append(table)
    for q in asked:
        if q.winner is not None and q.answer is not None and q.winner.reasons:
            reasons = "".join(_reason_html(c) for c in q.winner.reasons[:3])
            parts.append(f"<p><strong>Why {esc(answer_label(q.answer))}</strong></p><ul>{reasons}</ul>")
    parts += _notes_html(explanation, asked)
    parts.append("</div>")
    return "".join(parts)


def recommendation_markdown(rec: Recommendation, *, reasons: int = 3) -> str:
    """A recommendation as Markdown, complete and self-contained: both answers with text charts,
    the verdicts, the top ``reasons`` cited reasons for each answer, dissent, assumptions and
    the calibration note."""
    explanation = rec.explain()
    asked = questions(explanation)
    _, table = render_table(VERDICT_HEADERS, verdict_rows(explanation))
    lines: list[str] = []
    for q in asked:
        lines += _answer_md(q)
    lines += [table, ""]
    for q in asked:
        if q.winner is not None and q.answer is not None and q.winner.reasons:
            lines += [f"**Why {md(answer_label(q.answer))}:** {md(q.winner.summary)}", ""]
            for c in q.winner.reasons[:reasons]:
                lines += _reason_md(c)
            lines.append("")
    lines += _notes_md(explanation, asked)
    return "\n".join(lines).rstrip("\n")


# -- explanations -----------------------------------------------------------------------------


def _framework_rules_html(explanation: Explanation) -> list[str]:
    parts = []
    for fx in explanation.frameworks:
        if not fx.contributions:
            continue
        items = "".join(_reason_html(c) for c in fx.contributions)
        parts.append(
            f"<details><summary>Rules that fired in {esc(fx.title)} (<code>{esc(fx.framework)}</code>)"
            f"</summary><ul>{items}</ul></details>"
        )
    return parts


def explanation_html(explanation: Explanation) -> str:
    """An explanation as an HTML fragment: for each question the case for the answer and against
    the others (or why there is none), the verdicts and scores, every framework's fired rules,
    the assumptions and the calibration note."""
    asked = questions(explanation)
    parts = [_CSS, '<div class="rm-card">']
    for q in asked:
        parts += _answer_html(q)
        for case in q.cases():
            verb = "Why" if case is q.winner else "Why not"
            parts.append(f"<h4>{verb} {esc(answer_label(case.role))}</h4><p>{esc(case.summary)}</p>")
            parts.append("<ul>" + "".join(_reason_html(c) for c in case.reasons) + "</ul>")
    table, _ = render_table(VERDICT_HEADERS, verdict_rows(explanation))
    scores, _ = render_table(SCORE_HEADERS, score_rows(explanation), numeric=SCORE_COLUMNS)
    parts += [table, scores, *_framework_rules_html(explanation), *_notes_html(explanation, asked), "</div>"]
    return "".join(parts)


def explanation_markdown(explanation: Explanation) -> str:
    """An explanation as Markdown (both questions, verdicts, scores, every fired rule, notes),
    with its Mermaid graph."""
    asked = questions(explanation)
    lines: list[str] = []
    for q in asked:
        lines += [f"### {md(q.title)}", ""]
        lines += _answer_md(q)
        for case in q.cases():
            verb = "Why" if case is q.winner else "Why not"
            lines += [f"#### {verb} {md(answer_label(case.role))}", "", md(case.summary), ""]
            for c in case.reasons:
                lines += _reason_md(c)
            if case.reasons:
                lines.append("")
    _, table = render_table(VERDICT_HEADERS, verdict_rows(explanation))
    _, scores = render_table(SCORE_HEADERS, score_rows(explanation), numeric=SCORE_COLUMNS)
    lines += [table, "", scores, ""]
    for fx in explanation.frameworks:
        if fx.contributions:
            lines += [f"**Rules that fired in {md(fx.title)}** (`{md(fx.framework)}`)", ""]
            for c in fx.contributions:
                lines += _reason_md(c)
            lines.append("")
    lines += _notes_md(explanation, asked)
    lines += ["```mermaid", explanation_mermaid(explanation), "```"]
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
