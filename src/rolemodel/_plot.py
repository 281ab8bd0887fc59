"""Matplotlib drawings of rule graphs (a face; needs the ``rolemodel[plot]`` extra).

Layers run left to right: the factors a framework reads (and ``always`` for its unconditional
rules), then its concepts in dependency order, then its answers: its roles and its staffing
options, each in its colour of the one palette (:data:`rolemodel._display.ANSWER_COLOURS`).
matplotlib is imported inside the functions only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from rolemodel._display import GraphSpec, answer_colour, graphs_for, questions
from rolemodel._errors import RoleModelError
from rolemodel._model import Framework, Role, Staffing

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from rolemodel._explain import Explanation

__all__ = ["draw_explanation", "draw_framework", "layered_graph", "panel_title"]

_KIND_COLOURS = {"factor": "#eeeeee", "always": "#ffffff", "concept": "#fff1b8"}
_ANSWERS = ("role", "staffing")
_FIRED = "#d62728"


def _require_matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise RoleModelError("drawing needs matplotlib: pip install 'rolemodel[plot]'") from None
    return matplotlib


def layered_graph(spec: GraphSpec) -> nx.DiGraph[str]:
    """The rule graph with a ``layer`` on every node: 0 for factors, concepts by depth, answers
    (roles and staffing options) last.

    Nodes are named as in :mod:`rolemodel._graph` (``role:<role>``, ``staffing:<option>`` ...);
    edges carry ``rules``, the ids of the rules along them.
    """
    graph: nx.DiGraph[str] = nx.DiGraph()
    for factor in spec.factors:
        graph.add_node(f"factor:{factor}", kind="factor", label=factor)
    for concept in spec.concepts:
        graph.add_node(f"concept:{concept}", kind="concept", label=concept)
    for kind in _ANSWERS:
        for name in spec.options(kind):
            graph.add_node(f"{kind}:{name}", kind=kind, label=name)
    for rule_id, _weight, reads, target_kind, target in spec.rules:
        head = f"{target_kind}:{target}"
        if head not in graph:
            graph.add_node(head, kind=target_kind, label=target)
        for kind, name in reads:
            tail = f"{kind}:{name}"
            if tail not in graph:
                graph.add_node(tail, kind=kind, label=name)
            if graph.has_edge(tail, head):
                graph.edges[tail, head]["rules"].append(rule_id)
            else:
                graph.add_edge(tail, head, rules=[rule_id])
    depth: dict[str, int] = {}
    for node in nx.topological_sort(graph):
        kind = graph.nodes[node]["kind"]
        preds = [depth[p] for p in graph.predecessors(node)]
        depth[node] = 0 if kind in ("factor", "always") else 1 + max(preds, default=0)
    last = 1 + max((d for n, d in depth.items() if graph.nodes[n]["kind"] not in _ANSWERS), default=0)
    for node, data in graph.nodes(data=True):
        data["layer"] = last if data["kind"] in _ANSWERS else depth[node]
    return graph


_NODE_SIZE = 260
_LABEL_AT = {  # offset in points, horizontal and vertical alignment
    "factor": ((-9, 0), "right", "center"),
    "always": ((-9, 0), "right", "center"),
    "concept": ((0, 9), "center", "bottom"),
    "role": ((9, 0), "left", "center"),
    "staffing": ((9, 0), "left", "center"),
}


def _panel_height(spec: GraphSpec) -> float:
    """Inches a panel needs so that the tallest layer's labels do not overlap."""
    graph = layered_graph(spec)
    sizes: dict[int, int] = {}
    for node in graph.nodes:
        layer = int(graph.nodes[node]["layer"])
        sizes[layer] = sizes.get(layer, 0) + 1
    return 1.2 + 0.32 * max(sizes.values(), default=1)


def _draw(
    spec: GraphSpec,
    ax: Axes,
    *,
    fired: set[str],
    winners: set[str],
    dissents: set[str],
    title: str,
    edge_labels: bool,
) -> None:
    graph = layered_graph(spec)
    pos = nx.multipartite_layout(graph, subset_key="layer", align="vertical")
    nodes = list(graph.nodes)
    colours = []
    edgecolours = []
    widths = []
    for node in nodes:
        data = graph.nodes[node]
        colours.append(
            answer_colour(data["label"])
            if data["kind"] in _ANSWERS
            else _KIND_COLOURS.get(data["kind"], "#eeeeee")
        )
        if node in winners:
            edgecolours.append("#a07800")
            widths.append(3.5)
        elif node in dissents:
            edgecolours.append("#b03030")
            widths.append(2.5)
        else:
            edgecolours.append("#555555")
            widths.append(1.0)
    rules: dict[tuple[str, str], list[str]] = {
        (u, v): list(data["rules"]) for u, v, data in graph.edges(data=True)
    }
    fired_edges = [edge for edge, ids in rules.items() if fired & set(ids)]
    other_edges = [edge for edge in rules if edge not in set(fired_edges)]
    nx.draw_networkx_edges(
        graph,
        pos,
        ax=ax,
        edgelist=other_edges,
        edge_color="#a0a0a0",
        arrows=True,
        node_size=_NODE_SIZE,
        width=1.0,
    )
    if fired_edges:
        nx.draw_networkx_edges(
            graph,
            pos,
            ax=ax,
            edgelist=fired_edges,
            edge_color=_FIRED,
            arrows=True,
            node_size=_NODE_SIZE,
            width=2.5,
        )
    nx.draw_networkx_nodes(
        graph,
        pos,
        ax=ax,
        nodelist=nodes,
        node_color=colours,
        edgecolors=edgecolours,
        linewidths=widths,
        node_size=_NODE_SIZE,
    )
    for node in nodes:
        data = graph.nodes[node]
        offset, ha, va = _LABEL_AT.get(data["kind"], _LABEL_AT["concept"])
        strong = node in winners or node in dissents or any(node in edge for edge in fired_edges)
        x, y = pos[node]
        ax.annotate(
            data["label"],
            (float(x), float(y)),
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=8,
            fontweight="bold" if strong else "normal",
        )
    if edge_labels:
        nx.draw_networkx_edge_labels(
            graph,
            pos,
            ax=ax,
            font_size=6,
            font_color="#444444",
            rotate=False,
            edge_labels={edge: "\n".join(ids) for edge, ids in rules.items()},
        )
    ax.set_title(title, fontsize=10)
    ax.set_axis_off()
    ax.margins(x=0.35, y=0.12)


def draw_framework(framework: Framework, ax: Axes | None = None, *, edge_labels: bool = False) -> Axes:
    """Draw ``framework``'s rule graph left to right on ``ax`` (a new figure's when ``None``)."""
    _require_matplotlib()
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(10, _panel_height(GraphSpec.of(framework))))
    _draw(
        GraphSpec.of(framework),
        ax,
        fired=set(),
        winners=set(),
        dissents=set(),
        title=framework.id,
        edge_labels=edge_labels,
    )
    return ax


def draw_explanation(
    explanation: Explanation,
    frameworks: Iterable[Framework] | None = None,
    *,
    fig: Figure | None = None,
    edge_labels: bool = False,
) -> Figure:
    """One panel per framework: rules that fired in red, the recommended role and staffing
    outlined in gold, a framework's dissenting verdict in red (none where there is no
    recommendation or the framework abstains)."""
    _require_matplotlib()
    specs = graphs_for(explanation, frameworks)
    if fig is None:
        import matplotlib.pyplot as plt

        heights = [_panel_height(spec) for spec in specs]
        fig = plt.figure(figsize=(10, 0.6 + sum(heights)), layout="constrained")
    else:
        heights = [1.0] * len(specs)
    axes = fig.subplots(len(specs), 1, squeeze=False, height_ratios=heights)[:, 0]
    asked = questions(explanation)
    winners = {f"{q.name}:{q.answer.value}" for q in asked if q.answer is not None}
    for fx, spec, ax in zip(explanation.frameworks, specs, axes, strict=True):
        fired = {c.rule for c in fx.contributions if c.degree > 0}
        dissents = {
            f"{q.name}:{own.value}"
            for q in asked
            if (own := q.own(fx)) is not None and q.agreement(fx) == "dissents"
        }
        _draw(
            spec,
            ax,
            fired=fired,
            winners=winners,
            dissents=dissents,
            title=panel_title(fx.framework, *(q.own(fx) for q in asked)),
            edge_labels=edge_labels,
        )
    fig.suptitle("; ".join(f"{q.title}: {q.answer_text()}" for q in asked), fontsize=10)
    return fig


def panel_title(framework: str, role: Role | Staffing | None, staffing: Role | Staffing | None) -> str:
    """A panel's title: the framework and its two verdicts (``no verdict`` where it abstains)."""
    role_text = "no verdict" if role is None else role.value
    staffing_text = "no verdict" if staffing is None else staffing.value
    return f"{framework}: role {role_text}; staffing {staffing_text}"
