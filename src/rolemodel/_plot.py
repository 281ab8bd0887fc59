"""Matplotlib drawings of rule graphs (a face; needs the ``rolemodel[plot]`` extra).

Layers run left to right: the factors a framework reads (and ``always`` for its unconditional
rules), then its concepts in dependency order, then its roles. matplotlib is imported inside
the functions only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from rolemodel._display import ROLE_COLOURS, GraphSpec, graphs_for
from rolemodel._errors import RoleModelError
from rolemodel._model import Framework, Role

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from rolemodel._explain import Explanation

__all__ = ["draw_explanation", "draw_framework", "layered_graph"]

_KIND_COLOURS = {"factor": "#eeeeee", "always": "#ffffff", "concept": "#fff1b8"}
_FIRED = "#d62728"


def _require_matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise RoleModelError("drawing needs matplotlib: pip install 'rolemodel[plot]'") from None
    return matplotlib


def layered_graph(spec: GraphSpec) -> nx.DiGraph[str]:
    """The rule graph with a ``layer`` on every node: 0 for factors, concepts by depth, roles last.

    Edges carry ``rules``, the ids of the rules along them.
    """
    graph: nx.DiGraph[str] = nx.DiGraph()
    for factor in spec.factors:
        graph.add_node(f"factor:{factor}", kind="factor", label=factor)
    for concept in spec.concepts:
        graph.add_node(f"concept:{concept}", kind="concept", label=concept)
    for role in spec.roles:
        graph.add_node(f"role:{role}", kind="role", label=role)
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
    last = 1 + max((d for n, d in depth.items() if graph.nodes[n]["kind"] != "role"), default=0)
    for node, data in graph.nodes(data=True):
        data["layer"] = last if data["kind"] == "role" else depth[node]
    return graph


def _role_colour(name: str) -> str:
    try:
        return ROLE_COLOURS[Role(name)]
    except ValueError:
        return "#dddddd"


_NODE_SIZE = 260
_LABEL_AT = {  # offset in points, horizontal and vertical alignment
    "factor": ((-9, 0), "right", "center"),
    "always": ((-9, 0), "right", "center"),
    "concept": ((0, 9), "center", "bottom"),
    "role": ((9, 0), "left", "center"),
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
    winner: str | None,
    dissent: str | None,
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
            _role_colour(data["label"])
            if data["kind"] == "role"
            else _KIND_COLOURS.get(data["kind"], "#eeeeee")
        )
        if node == f"role:{winner}":
            edgecolours.append("#a07800")
            widths.append(3.5)
        elif node == f"role:{dissent}":
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
        strong = node in (f"role:{winner}", f"role:{dissent}") or any(node in edge for edge in fired_edges)
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
        winner=None,
        dissent=None,
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
    """One panel per framework: rules that fired in red, the recommended role outlined in gold."""
    _require_matplotlib()
    specs = graphs_for(explanation, frameworks)
    if fig is None:
        import matplotlib.pyplot as plt

        heights = [_panel_height(spec) for spec in specs]
        fig = plt.figure(figsize=(10, 0.6 + sum(heights)), layout="constrained")
    else:
        heights = [1.0] * len(specs)
    axes = fig.subplots(len(specs), 1, squeeze=False, height_ratios=heights)[:, 0]
    for fx, spec, ax in zip(explanation.frameworks, specs, axes, strict=True):
        fired = {c.rule for c in fx.contributions if c.degree > 0}
        dissent = fx.role.value if fx.role is not explanation.role else None
        _draw(
            spec,
            ax,
            fired=fired,
            winner=explanation.role.value,
            dissent=dissent,
            title=f"{fx.framework}: {fx.role.value}",
            edge_labels=edge_labels,
        )
    fig.suptitle(f"Recommended: {explanation.role.value} (confidence {explanation.confidence:.2f})")
    return fig
