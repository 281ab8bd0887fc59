"""Mermaid renderings of rule graphs: a framework's, and an explanation's with the answers marked.

Text in, text out: :func:`framework_mermaid` draws one framework's rule graph as a Mermaid
``flowchart LR`` (factors -> concepts -> roles and staffing options); :func:`explanation_mermaid`
draws each framework of an explanation in a subgraph, the rules that fired, the recommended
answers and the dissenting verdicts marked. Both read the graph as :class:`rolemodel._views.GraphSpec`
gives it, the same one the matplotlib drawings of :mod:`rolemodel._plot` draw. Every id is
sanitized (:func:`mermaid_id`) and every label quoted with its markup as entity codes
(:func:`mermaid_label`), so no text from a framework can break out of its node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rolemodel._markup import ANSWER_COLOURS, DISSENT_EDGE, FIRED_COLOUR, WINNER_EDGE
from rolemodel._model import Framework, Role, Staffing
from rolemodel._views import QUESTION_NAMES, GraphSpec, graphs_for, panel_title, questions

if TYPE_CHECKING:
    from rolemodel._explain import Explanation

__all__ = ["explanation_mermaid", "framework_mermaid", "mermaid_id", "mermaid_label"]

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
_FIRED = f"stroke:{FIRED_COLOUR},stroke-width:3px"
_HIGHLIGHT_CLASSES = (
    f"classDef fired {_FIRED};",
    f"classDef winner fill:#ffd75e,stroke:{WINNER_EDGE},stroke-width:3px,font-weight:bold;",
    f"classDef dissent fill:#f7d4d4,stroke:{DISSENT_EDGE},stroke-width:2px;",
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
    for kind in QUESTION_NAMES:
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
        title = panel_title(fx.framework, *(q.own(fx) for q in asked))
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
