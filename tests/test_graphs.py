"""Rule graphs drawn: Mermaid text of frameworks and explanations, matplotlib drawings; role and
staffing nodes alike, the answers marked, no crash where there is no answer."""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import given, settings

import rolemodel
from rolemodel._markup import ANSWER_COLOURS
from rolemodel._plot import layered_graph
from rolemodel._views import GraphSpec, panel_title
from tests.hostile import hostile_framework
from tests.strategies import profiles

SAFE_ID = re.compile(r"^[A-Za-z0-9_]+$")
NODE = re.compile(r'^\s*(\S+?)(\[|\(\[|\(\(|\()"([^"]*)"(\]|\]\)|\)\)|\)):::(\w+)$')
EDGE = re.compile(r'^\s*(\S+) -->\|"([^"]*)"\| (\S+)$')
FRAMEWORKS = rolemodel.builtin_frameworks()
BY_ID = {f.id: f for f in FRAMEWORKS}
README = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}


def _nothing_answered() -> rolemodel.Recommendation:
    """manage-lead-coach alone on a profile that moves none of its rules: no answer to either question."""
    rec = rolemodel.recommend(README | {"market_change": 0.0}, frameworks=[BY_ID["manage-lead-coach"]])
    assert rec.role is None and rec.staffing is None
    return rec


def _parse(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]], list[str]]:
    """Nodes (id -> label), edges (source, label, target) in order, and the other lines."""
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    other: list[str] = []
    for line in text.splitlines()[1:]:
        if m := NODE.match(line):
            nodes[m[1]] = m[3]
        elif m := EDGE.match(line):
            edges.append((m[1], m[2], m[3]))
        else:
            other.append(line.strip())
    return nodes, edges, other


def _rule_edges(framework: rolemodel.Framework) -> Iterator[tuple[str, str]]:
    """(rule id, read name) for every value a rule reads; 'always' for a rule reading none."""
    for rule in framework.rules:
        reads = rule.reads or (("always", "always"),)
        for _kind, name in reads:
            yield rule.id, name


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.id)
def test_framework_mermaid_has_every_rule_edge(framework: rolemodel.Framework) -> None:
    """Header flowchart LR; one edge per value each rule reads, labelled with its id and weight."""
    text = framework.to_mermaid()
    assert text.splitlines()[0] == "flowchart LR"
    nodes, edges, _ = _parse(text)
    assert len(edges) == sum(1 for _ in _rule_edges(framework))
    found = {(label.split(" \u00d7")[0], nodes[source]) for source, label, _ in edges}
    assert found == set(_rule_edges(framework))
    for rule in framework.rules:
        assert any(label == f"{rule.id} \u00d7{rule.weight:g}" for _, label, _ in edges)
    targets = {nodes[t] for _, _, t in edges}
    answers = {r.value for r in framework.role_ids} | {s.value for s in framework.staffing_ids}
    assert targets <= {c.id for c in framework.concepts} | answers


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.id)
def test_framework_mermaid_draws_staffing_like_roles(framework: rolemodel.Framework) -> None:
    """Staffing options are nodes of class staffing shaped like the role nodes; one node per graph node."""
    text = framework.to_mermaid()
    lines = text.splitlines()
    for option in framework.staffing_ids:
        assert any(line.endswith(f'(["{option.value}"]):::staffing') for line in lines), option
    for role in framework.role_ids:
        assert any(line.endswith(f'(["{role.value}"]):::role') for line in lines), role
    nodes, _, _ = _parse(text)
    assert len(nodes) == len(framework.graph)
    assert any(line.strip().startswith("classDef staffing ") for line in lines)


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.id)
def test_framework_mermaid_ids_are_safe(framework: rolemodel.Framework) -> None:
    """Every node id is letters, digits and underscores; every edge joins declared nodes."""
    nodes, edges, other = _parse(framework.to_mermaid())
    assert all(SAFE_ID.match(n) for n in nodes)
    assert all(s in nodes and t in nodes for s, _, t in edges)
    assert all(line.startswith(("%%", "classDef ")) for line in other)


def test_mermaid_sanitizes_hostile_names() -> None:
    """Ids with spaces, quotes, markup or Mermaid keywords become safe, distinct node ids."""
    base = hostile_framework()
    odd = 'end "x" <b>|#1'
    renamed = attrs.evolve(
        base,
        id='my framework "v2"',
        roles=base.roles,
        factors=base.factors,
        rules=tuple(attrs.evolve(r, id=f"{r.id} {odd}") for r in base.rules),
    )
    text = renamed.to_mermaid()
    nodes, edges, other = _parse(text)
    assert all(SAFE_ID.match(n) for n in nodes)
    assert len(edges) == 2
    assert all('"' not in label and "<" not in label for _, label, _ in edges)
    assert "#quot;x#quot; #lt;b#gt;#124;#35;1" in text
    assert all(line.startswith(("%%", "classDef ")) for line in other)


def test_explanation_mermaid_highlights_what_fired() -> None:
    """linkStyle marks exactly the fired rules' edges; the recommended role and staffing are class winner."""
    rec = rolemodel.recommend(README)
    assert rec.role is not None and rec.staffing is not None
    explanation = rec.explain()
    text = explanation.to_mermaid()
    assert text.splitlines()[0] == "flowchart LR"
    nodes, edges, other = _parse(text)
    assert all(SAFE_ID.match(n) for n in nodes)
    subgraphs = [line for line in other if line.startswith("subgraph ")]
    assert len(subgraphs) == len(FRAMEWORKS)
    fired = {(c.framework, c.rule) for c in explanation.contributions if c.degree > 0}
    prefixes = {f.id: "fw_" + f.id.replace("-", "_") + "_" for f in FRAMEWORKS}

    def owner(node: str) -> str:
        return next(fid for fid, p in prefixes.items() if node.startswith(p))

    expected = {
        i for i, (source, label, _) in enumerate(edges) if (owner(source), label.split(" \u00d7")[0]) in fired
    }
    (link_style,) = [line for line in other if line.startswith("linkStyle ")]
    marked = {int(i) for i in link_style.split()[1].split(",")}
    assert marked == expected and marked
    (winner_line,) = [line for line in other if line.endswith(" winner;")]
    winners = winner_line.split()[1].split(",")
    assert {nodes[w] for w in winners} == {rec.role.value, rec.staffing.value}
    assert len(winners) == sum(rec.role in f.role_ids for f in FRAMEWORKS) + sum(
        rec.staffing in f.staffing_ids for f in FRAMEWORKS
    )
    (dissent_line,) = [line for line in other if line.endswith(" dissent;")]
    assert len(dissent_line.split()[1].split(",")) == len(rec.dissent) + len(rec.staffing_dissent)
    for verdict in rec.verdicts:
        role = verdict.role.value if verdict.role is not None else "no verdict"
        staffing = verdict.staffing.value if verdict.staffing is not None else "no verdict"
        assert f'["{verdict.framework}: role {role}; staffing {staffing}"]' in text


def test_explanation_mermaid_without_answers() -> None:
    """With no answer to either question nothing is marked winner or dissent, and the graph is still drawn."""
    rec = _nothing_answered()
    text = rec.explain().to_mermaid()
    nodes, edges, other = _parse(text)
    assert nodes and edges
    assert not [line for line in other if line.endswith((" winner;", " dissent;"))]
    assert "%% rolemodel explanation: role no recommendation: " in text
    assert '["manage-lead-coach: role no verdict; staffing no verdict"]' in text


def test_restored_explanation_draws_the_same_mermaid() -> None:
    """An explanation read back from its dict draws the same graph as the original."""
    explanation = rolemodel.recommend(
        company_size=40, team_size=6, market_change=0.3, regulation=0.9
    ).explain()
    restored = rolemodel.Explanation.from_dict(explanation.to_dict())
    assert restored.to_mermaid() == explanation.to_mermaid()


def test_unknown_framework_is_drawn_from_what_fired() -> None:
    """A framework that is not at hand is drawn from its fired rules; given, it is drawn whole."""
    hostile = hostile_framework()
    rec = rolemodel.recommend(
        company_size=300, team_size=25, market_change="high", regulation="low", frameworks=[hostile]
    )
    fired_rules = {c.rule for c in rec.explain().contributions}
    _, edges, _ = _parse(rec.explain().to_mermaid())
    assert {label.split(" \u00d7")[0] for _, label, _ in edges} == fired_rules
    _, whole, _ = _parse(rec.explain().to_mermaid(frameworks=[hostile]))
    assert len(whole) == sum(1 for _ in _rule_edges(hostile))


@settings(max_examples=25, deadline=None)
@given(profiles())
def test_explanation_mermaid_is_well_formed_for_any_profile(profile: dict[str, object]) -> None:
    """For any profile every line of the explanation graph is a node, edge or known statement."""
    text = rolemodel.recommend(profile).explain().to_mermaid()
    nodes, edges, other = _parse(text)
    assert all(SAFE_ID.match(n) for n in nodes)
    assert all(s in nodes and t in nodes for s, _, t in edges)
    allowed = ("%%", "subgraph ", "direction LR", "end", "classDef ", "class ", "linkStyle ")
    assert all(line.startswith(allowed) for line in other)
    for line in other:
        if line.startswith("class "):
            assert all(n in nodes for n in line.split()[1].split(","))
        if line.startswith("linkStyle "):
            assert all(0 <= int(i) < len(edges) for i in line.split()[1].split(","))


# -- matplotlib ---------------------------------------------------------------------------------


@pytest.fixture
def plt() -> Iterator[object]:
    """pyplot on the Agg backend, every figure closed afterwards (skips without matplotlib)."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot

    yield pyplot
    pyplot.close("all")


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.id)
def test_framework_draw_lays_factors_left_of_roles(
    plt: object,
    framework: rolemodel.Framework,
) -> None:
    """draw() lays factors left of concepts and concepts left of every role and staffing option."""
    ax = framework.draw()
    assert ax.get_title() == framework.id
    labels = {t.get_text(): t.xy[0] for t in ax.texts if hasattr(t, "xy")}
    factors = [labels[f] for f in framework.factors]
    concepts = [labels[c.id] for c in framework.concepts]
    roles = [labels[a.value] for a in (*framework.role_ids, *framework.staffing_ids)]
    if concepts:
        assert max(factors) < min(concepts) and max(concepts) < min(roles)
    assert max(factors) < min(roles)
    ax.figure.canvas.draw()


def test_framework_draws_on_a_given_axes(plt: object) -> None:
    """draw(ax) draws on that axes and returns it."""
    import matplotlib.pyplot as pyplot

    _, ax = pyplot.subplots()
    assert FRAMEWORKS[2].draw(ax, edge_labels=True) is ax
    assert len(ax.texts) > len(FRAMEWORKS[2].factors)


def test_explanation_draw_has_a_panel_per_framework(plt: object) -> None:
    """Explanation.draw() gives one titled panel per framework and renders to PNG."""
    import io

    rec = rolemodel.recommend(README)
    fig = rec.explain().draw()
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [panel_title(v.framework, v.role, v.staffing) for v in rec.verdicts]
    assert any("role no verdict" in t or "staffing no verdict" in t for t in titles)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=40)
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_drawing_without_matplotlib_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where matplotlib is missing, draw() raises a RoleModelError naming the plot extra."""
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(rolemodel.RoleModelError, match=r"rolemodel\[plot\]"):
        FRAMEWORKS[0].draw()
    rec = rolemodel.recommend(company_size=30, team_size=5, market_change=0.5, regulation=0.5)
    with pytest.raises(rolemodel.RoleModelError, match=r"rolemodel\[plot\]"):
        rec.explain().draw()


def test_drawing_colours_answers_from_the_one_palette(plt: object) -> None:
    """Role and staffing nodes are filled with their colour of the display palette."""
    from matplotlib.colors import to_hex

    framework = BY_ID["growth-leader-convergence"]
    ax = framework.draw()
    graph = layered_graph(GraphSpec.of(framework))
    (nodes,) = [c for c in ax.collections if len(c.get_facecolors()) == len(graph)]
    fills = {node: to_hex(colour) for node, colour in zip(graph.nodes, nodes.get_facecolors(), strict=True)}
    for answer in (*framework.role_ids, *framework.staffing_ids):
        kind = "role" if isinstance(answer, rolemodel.Role) else "staffing"
        assert fills[f"{kind}:{answer.value}"] == ANSWER_COLOURS[answer].lower()


def test_explanation_draws_without_answers(plt: object) -> None:
    """With no answer to either question draw() still gives its panels, titled "no verdict"."""
    import io

    fig = _nothing_answered().explain().draw()
    assert [ax.get_title() for ax in fig.axes] == ["manage-lead-coach: role no verdict; staffing no verdict"]
    assert "no recommendation: " in fig.get_suptitle()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=30)
    assert buffer.getvalue().startswith(b"\x89PNG")
