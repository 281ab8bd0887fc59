"""Matplotlib drawings: rule graphs and phase maps (a face; needs the ``rolemodel[plot]`` extra).

Rule graphs run left to right: the factors a framework reads (and ``always`` for its
unconditional rules), then its concepts in dependency order, then its answers: its roles and
its staffing options, each in its colour of the one palette
(:data:`rolemodel._markup.ANSWER_COLOURS`). A phase map (:class:`rolemodel.PhaseMap`) is drawn
as coloured answer regions over its two factors, dissent hatched. matplotlib (and numpy) are
imported inside the functions only.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx

from rolemodel._errors import RoleModelError
from rolemodel._markup import DISSENT_EDGE, FIRED_COLOUR, WINNER_EDGE, answer_colour
from rolemodel._model import Framework, Stage
from rolemodel._profile import FACTORS
from rolemodel._rerun import Answer, Value, answer_text, value_text
from rolemodel._views import QUESTION_NAMES, GraphSpec, graphs_for, panel_title, questions

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from rolemodel._explain import Explanation
    from rolemodel._phasemap import PhaseMap

__all__ = ["draw_explanation", "draw_framework", "draw_phase_map", "layered_graph"]

_KIND_COLOURS = {"factor": "#eeeeee", "always": "#ffffff", "concept": "#fff1b8"}


def _require_matplotlib(what: str = "drawing") -> Any:
    try:
        import matplotlib
    except ImportError:  # pragma: no cover - depends on the environment
        raise RoleModelError(f"{what} needs matplotlib: pip install 'rolemodel[plot]'") from None
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
    for kind in QUESTION_NAMES:
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
    last = 1 + max((d for n, d in depth.items() if graph.nodes[n]["kind"] not in QUESTION_NAMES), default=0)
    for node, data in graph.nodes(data=True):
        data["layer"] = last if data["kind"] in QUESTION_NAMES else depth[node]
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
            if data["kind"] in QUESTION_NAMES
            else _KIND_COLOURS.get(data["kind"], "#eeeeee")
        )
        if node in winners:
            edgecolours.append(WINNER_EDGE)
            widths.append(3.5)
        elif node in dissents:
            edgecolours.append(DISSENT_EDGE)
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
            edge_color=FIRED_COLOUR,
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


# -- phase maps -------------------------------------------------------------------------------


def draw_phase_map(pm: PhaseMap, ax: Any = None) -> Any:
    """Draw a phase map's answer regions ("no recommendation" in its own colour), hatch where the
    frameworks dissent; returns the axes. Cells that are no valid company stay blank."""
    _require_matplotlib("PhaseMap.plot")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch, Rectangle

    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4.8))
    keys: list[Answer] = [*pm.options, None]
    codes = np.ma.masked_invalid(
        np.array(
            [
                [keys.index(a) if c is not None else np.nan for a, c in zip(arow, crow, strict=True)]
                for arow, crow in zip(pm.answers, pm.confidence, strict=True)
            ],
            dtype=float,
        )
    )
    x_edges, x_log = _edges(pm.x, pm.x_values)
    y_edges, y_log = _edges(pm.y, pm.y_values)
    cmap = ListedColormap([answer_colour(k) for k in keys])
    ax.pcolormesh(x_edges, y_edges, codes, cmap=cmap, vmin=-0.5, vmax=len(keys) - 0.5, shading="flat")
    for j, row in enumerate(pm.dissent):
        for i, flag in enumerate(row):
            if flag and pm.confidence[j][i] is not None:
                ax.add_patch(
                    Rectangle(
                        (x_edges[i], y_edges[j]),
                        x_edges[i + 1] - x_edges[i],
                        y_edges[j + 1] - y_edges[j],
                        fill=False,
                        hatch="///",
                        edgecolor=(0.0, 0.0, 0.0, 0.35),
                        linewidth=0,
                    )
                )
    for axis_name, values, log, set_scale, set_ticks, set_labels, set_label in (
        (pm.x, pm.x_values, x_log, ax.set_xscale, ax.set_xticks, ax.set_xticklabels, ax.set_xlabel),
        (pm.y, pm.y_values, y_log, ax.set_yscale, ax.set_yticks, ax.set_yticklabels, ax.set_ylabel),
    ):
        if log:
            set_scale("log")
        if FACTORS[axis_name].kind == "stage":
            set_ticks(range(len(values)))
            set_labels([value_text(v) for v in values])
        set_label(axis_name.replace("_", " "))
    shares = pm.shares
    handles = [Patch(facecolor=answer_colour(k), label=answer_text(k)) for k in keys if shares[k]]
    if any(any(row) for row in pm.dissent):
        handles.append(Patch(facecolor="white", edgecolor="#333333", hatch="///", label="frameworks dissent"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, frameon=False)
    fixed = ", ".join(f"{k}={value_text(v)}" for k, v in pm.fixed.items())
    ax.set_title(f"Recommended {pm.question}\n{fixed}", fontsize="small")
    return ax


def _edges(name: str, values: Sequence[Value]) -> tuple[list[float], bool]:
    """Cell edges for an axis, and whether it is drawn on a log scale."""
    kind = FACTORS[name].kind
    if kind == "stage":
        return [i - 0.5 for i in range(len(values) + 1)], False
    points = [float(v) for v in values if not isinstance(v, Stage)]
    if len(points) == 1:
        half = max(0.5, points[0] * 0.25) if kind == "count" else 0.025
        return [points[0] - half, points[0] + half], False
    if kind == "count":
        logs = [math.log(p) for p in points]
        mids = [(a + b) / 2 for a, b in itertools.pairwise(logs)]
        edges = [2 * logs[0] - mids[0], *mids, 2 * logs[-1] - mids[-1]]
        return [math.exp(e) for e in edges], True
    mids = [(a + b) / 2 for a, b in itertools.pairwise(points)]
    return [2 * points[0] - mids[0], *mids, 2 * points[-1] - mids[-1]], False
