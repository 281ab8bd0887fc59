"""A framework's rule graph: factors -> concepts -> roles, as a ``networkx.DiGraph``.

Node names are ``factor:<name>``, ``concept:<id>``, ``role:<role>`` and
``staffing:<option>`` (and ``always`` for the source of unconditional rules); each node carries
``kind`` and ``label`` (and ``says``/``citation`` where the framework gives them). Each edge
carries ``rules``: the ids of the rules that read its source and act on its target.
"""

from __future__ import annotations

import graphlib
import itertools
from typing import TYPE_CHECKING

from rolemodel._model import Role, Staffing

if TYPE_CHECKING:
    import networkx as nx

    from rolemodel._model import Framework, RoleSpec, StaffingSpec

__all__ = ["build_graph", "evaluation_order", "find_cycles", "node_id", "target_kind"]


def node_id(kind: str, name: str) -> str:
    """The graph node for a factor, concept or role."""
    return f"{kind}:{name}"


_ROLES = frozenset(r.value for r in Role)
_STAFFING = frozenset(s.value for s in Staffing)


def target_kind(target: str) -> str:
    """``role``, ``staffing`` or ``concept``: what a rule's ``then`` names."""
    return "role" if target in _ROLES else "staffing" if target in _STAFFING else "concept"


def build_graph(framework: Framework) -> nx.DiGraph[str]:
    """The rule graph of ``framework`` (see the module docstring); networkx loads here."""
    import networkx as nx

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
    answers: list[tuple[str, str, RoleSpec | StaffingSpec]] = [
        ("role", spec.role.value, spec) for spec in framework.roles
    ]
    answers += [("staffing", spec.staffing.value, spec) for spec in framework.staffing]
    for kind, name, spec in answers:
        graph.add_node(
            node_id(kind, name),
            kind=kind,
            label=name,
            baseline=spec.baseline,
            says=spec.says,
            citation=spec.citation,
        )
    for rule in framework.rules:
        target = node_id(target_kind(rule.then), rule.then)
        for kind, name in rule.reads or (("always", ""),):
            source = node_id(kind, name) if name else "always"
            if source == "always" and source not in graph:
                graph.add_node(source, kind="always", label="always")
            if graph.has_edge(source, target):
                graph.edges[source, target]["rules"].append(rule.id)
            else:
                graph.add_edge(source, target, rules=[rule.id])
    return graph


def _concept_edges(framework: Framework) -> dict[str, dict[str, list[str]]]:
    """Concept -> the concepts its rules read -> the ids of those rules (the reading order).

    Every level is ordered as the file writes it (dicts, never sets), so that the order and the
    cycles found from it do not depend on the hash seed.
    """
    concepts = dict.fromkeys(c.id for c in framework.concepts)
    edges: dict[str, dict[str, list[str]]] = {c: {} for c in concepts}
    for rule in framework.rules:
        if rule.then in concepts:
            for kind, name in rule.reads:
                if kind == "concept" and name in concepts:
                    edges[rule.then].setdefault(name, []).append(rule.id)
    return edges


def find_cycles(framework: Framework) -> list[tuple[str, ...]]:
    """Cycles among concepts, each as the ids of the rules that close it (none is allowed).

    Uses the standard library's :mod:`graphlib` (networkx stays the rule-graph type, for
    :attr:`Framework.graph`, and is not imported by loading or evaluating a framework).
    """
    edges = _concept_edges(framework)
    cycles: list[tuple[str, ...]] = []
    remaining = {c: dict(reads) for c, reads in edges.items()}
    while len(cycles) < 5:
        try:
            graphlib.TopologicalSorter({c: list(r) for c, r in remaining.items()}).prepare()
            break
        except graphlib.CycleError as exc:
            nodes = exc.args[1]  # [a, b, ..., a]: each feeds the next (the next reads it)
            cycles.append(tuple(remaining[b][a][0] for a, b in itertools.pairwise(nodes)))
            del remaining[nodes[1]][nodes[0]]  # break the cycle at one edge, look for another
    return cycles


def evaluation_order(framework: Framework) -> list[int]:
    """Indices of ``framework.rules`` so that every concept is complete before it is read:
    rules into concepts in dependency order, then rules into roles and staffing options."""
    order = list(
        graphlib.TopologicalSorter({c: list(r) for c, r in _concept_edges(framework).items()}).static_order()
    )
    rank = {concept: i for i, concept in enumerate(order)}
    last = len(order)

    def key(index: int) -> int:
        return rank.get(framework.rules[index].then, last)

    return sorted(range(len(framework.rules)), key=key)
