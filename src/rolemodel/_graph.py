"""A framework's rule graph: factors -> concepts -> roles, as a ``networkx.DiGraph``.

Node names are ``factor:<name>``, ``concept:<id>`` and ``role:<role>`` (and ``always`` for
the source of unconditional rules); each node carries
``kind`` and ``label`` (and ``says``/``citation`` where the framework gives them). Each edge
carries ``rules``: the ids of the rules that read its source and act on its target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from rolemodel._model import Role

if TYPE_CHECKING:
    from rolemodel._model import Framework

__all__ = ["build_graph", "evaluation_order", "find_cycles", "node_id"]


def node_id(kind: str, name: str) -> str:
    """The graph node for a factor, concept or role."""
    return f"{kind}:{name}"


def _target_kind(framework: Framework, target: str) -> str:
    return "role" if target in {r.value for r in Role} else "concept"


def build_graph(framework: Framework) -> nx.DiGraph[str]:
    """The rule graph of ``framework`` (see the module docstring)."""
    graph: nx.DiGraph[str] = nx.DiGraph(framework=framework.id, title=framework.title)
    for factor in framework.factors:
        graph.add_node(node_id("factor", factor), kind="factor", label=factor)
    for concept in framework.concepts:
        graph.add_node(
            node_id("concept", concept.id),
            kind="concept",
            label=concept.id,
            says=concept.says,
            citation=concept.citation,
        )
    for spec in framework.roles:
        graph.add_node(
            node_id("role", spec.role.value),
            kind="role",
            label=spec.role.value,
            baseline=spec.baseline,
            says=spec.says,
            citation=spec.citation,
        )
    for rule in framework.rules:
        target = node_id(_target_kind(framework, rule.then), rule.then)
        for kind, name in rule.reads or (("always", ""),):
            source = node_id(kind, name) if name else "always"
            if source == "always" and source not in graph:
                graph.add_node(source, kind="always", label="always")
            if graph.has_edge(source, target):
                graph.edges[source, target]["rules"].append(rule.id)
            else:
                graph.add_edge(source, target, rules=[rule.id])
    return graph


def find_cycles(framework: Framework) -> list[tuple[str, ...]]:
    """Cycles among concepts, each as the ids of the rules that close it (none is allowed)."""
    graph = build_graph(framework)
    concepts = [n for n in graph.nodes if graph.nodes[n]["kind"] == "concept"]
    sub = graph.subgraph(concepts)
    cycles: list[tuple[str, ...]] = []
    for cycle in nx.simple_cycles(sub):
        pairs = zip(cycle, [*cycle[1:], cycle[0]], strict=True)
        cycles.append(tuple(graph.edges[a, b]["rules"][0] for a, b in pairs))
        if len(cycles) >= 5:
            break
    return cycles


def evaluation_order(framework: Framework) -> list[int]:
    """Indices of ``framework.rules`` so that every concept is complete before it is read."""
    graph = framework.graph
    rank = {node: i for i, node in enumerate(nx.topological_sort(graph))}

    def key(index: int) -> int:
        rule = framework.rules[index]
        return rank[node_id(_target_kind(framework, rule.then), rule.then)]

    return sorted(range(len(framework.rules)), key=key)
