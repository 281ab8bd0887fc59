"""The five built-in frameworks: they load, cite their sources verbatim, and keep the guarantees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import rolemodel
from rolemodel import Role, Staffing

FRAMEWORKS = rolemodel.builtin_frameworks()
BY_ID = {f.id: f for f in FRAMEWORKS}


def _citations(framework: rolemodel.Framework) -> list[tuple[str, rolemodel.Citation]]:
    out = [(f"roles.{s.role.value}", s.citation) for s in framework.roles]
    out += [(f"concepts.{c.id}", c.citation) for c in framework.concepts]
    out += [(f"rules.{r.id}", r.citation) for r in framework.rules]
    out += [(f"items[{i}]", it.citation) for i, it in enumerate(framework.items)]
    return out


def test_five_articles_one_framework_each() -> None:
    """Each of the five source files has exactly one built-in framework."""
    assert sorted(f.source for f in FRAMEWORKS) == [
        "000_199a938d70483324.txt",
        "001_28f390ffde53dbad.txt",
        "002_1107da2bb63b138e.txt",
        "003_8dfee91c3e6ab273.txt",
        "004_0f3fc4c78feaeb55.txt",
    ]


def test_sources_are_named_in_the_sources_index(sources: Path) -> None:
    """Every framework's source file is listed in shared/sources/README.md."""
    index = (sources / "README.md").read_text(encoding="utf-8")
    for framework in FRAMEWORKS:
        assert framework.source in index


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.id)
def test_every_quote_is_verbatim_in_its_source(framework: rolemodel.Framework, sources: Path) -> None:
    """Every citation's quote is an exact excerpt of its article, before its source_end."""
    missing = []
    for where, citation in _citations(framework):
        text = (sources / citation.source).read_text(encoding="utf-8")
        if citation.source == framework.source and framework.source_end:
            assert framework.source_end in text, f"source_end {framework.source_end!r} not in source"
            text = text[: text.index(framework.source_end) + len(framework.source_end)]
        if citation.quote not in text:
            missing.append(f"{where}: {citation.quote!r}")
    assert missing == []


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.id)
def test_quotes_are_short(framework: rolemodel.Framework) -> None:
    """Quotes are citations, not copies: one line, at most one sentence-ish (<= 300 chars)."""
    for _, citation in _citations(framework):
        assert len(citation.quote) <= 300
        assert "\n" not in citation.quote
        assert len(re.findall(r"[.!?]\s+[A-Z]", citation.quote)) <= 1


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.id)
def test_paraphrase_is_not_a_copy(framework: rolemodel.Framework, sources: Path) -> None:
    """The 'says' texts are our own words: none is a long verbatim run of the article."""
    text = (sources / framework.source).read_text(encoding="utf-8")
    for rule in framework.rules:
        assert rule.says not in text
    for item in framework.items:
        for words in (item.says, item.management, item.leadership):
            if len(words) > 40:
                assert words not in text


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.id)
def test_every_listed_answer_is_reachable(framework: rolemodel.Framework) -> None:
    """Every role and staffing option a framework lists has a rule into it in its rule graph."""
    graph = framework.graph
    nodes = [f"role:{r.value}" for r in framework.role_ids]
    nodes += [f"staffing:{s.value}" for s in framework.staffing_ids]
    for node in nodes:
        assert graph.in_degree(node) > 0, f"{framework.id}: no rule reaches {node}"


def test_the_growth_leader_is_known_where_the_articles_know_it() -> None:
    """002 (convergence) and 001 (do it all) speak of one person doing both at once; 000's small
    owner who wears both hats is single staffing, not the converged role."""
    for fid in ("growth-leader-convergence", "manage-lead-coach"):
        assert Role.GROWTH_LEADER in BY_ID[fid].role_ids
    for fid in ("both-hats", "seven-differences", "kotter-complexity-change"):
        assert Role.GROWTH_LEADER not in BY_ID[fid].role_ids
    assert set(BY_ID["both-hats"].staffing_ids) == {Staffing.SINGLE, Staffing.SPLIT}
    assert set(BY_ID["growth-leader-convergence"].staffing_ids) == set(Staffing)
    assert BY_ID["seven-differences"].staffing_ids == ()


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.id)
def test_every_rule_states_its_basis(framework: rolemodel.Framework) -> None:
    """Every built-in rule says whether its numbers are the article's or the library's calibration."""
    assert framework.version == 2
    for rule in framework.rules:
        assert rule.basis in ("article", "calibration"), rule.id


def test_the_articles_own_number_is_marked_as_the_article_s() -> None:
    """003's 50/50 time audit is the article's number; the time-audit rule says so."""
    rule = BY_ID["kotter-complexity-change"].rule("under-led-by-time-audit")
    assert rule.basis == "article"
    assert "50/50" in rule.citation.quote


REQUIRED = {"company_size": 300, "team_size": 20, "market_change": "low", "regulation": "low"}


@pytest.mark.parametrize(
    ("stage", "role", "staffing"),
    [
        ("startup", Role.LEADERSHIP, Staffing.SINGLE),
        ("growth", Role.MANAGEMENT, Staffing.SPLIT),
        ("mature", Role.GROWTH_LEADER, Staffing.CONVERGED),
    ],
)
def test_002_lifecycle_fires_from_the_stage_alone(stage: str, role: Role, staffing: Staffing) -> None:
    """002's headline claims need no optional factor: the stage alone gives its verdicts."""
    verdict = rolemodel.recommend({**REQUIRED, "stage": stage}).by_framework["growth-leader-convergence"]
    assert (verdict.role, verdict.staffing) == (role, staffing)


@pytest.mark.parametrize(("size", "staffing"), [(20, Staffing.SINGLE), (2000, Staffing.SPLIT)])
def test_000_size_claim_fires_from_company_size_alone(size: int, staffing: Staffing) -> None:
    """000's smaller/larger claim needs no optional factor: company size alone gives its staffing."""
    profile = {**REQUIRED, "company_size": size, "team_size": min(size, 20)}
    assert rolemodel.recommend(profile).by_framework["both-hats"].staffing is staffing


@pytest.mark.parametrize(
    ("factors", "role"),
    [
        ({"regulation": "high"}, Role.MANAGEMENT),
        ({"team_size": 200, "company_size": 2000}, Role.MANAGEMENT),
        ({"market_change": "high"}, Role.LEADERSHIP),
    ],
)
def test_004_situations_fire_from_the_required_inputs(factors: dict[str, object], role: Role) -> None:
    """004's situations on regulation, team size and change need no optional factor."""
    assert rolemodel.recommend({**REQUIRED, **factors}).by_framework["seven-differences"].role is role


def test_seven_differences_are_all_there() -> None:
    """004 encodes its seven differences, seven similarities, and five pros/cons/situations a side."""
    items = BY_ID["seven-differences"].items
    kinds = [i.kind for i in items]
    assert kinds.count("difference") == 7
    assert kinds.count("similarity") == 7
    for kind in ("pro", "con", "situation"):
        for role in (Role.MANAGEMENT, Role.LEADERSHIP):
            assert sum(1 for i in items if i.kind == kind and i.role is role) == 5
    dimensions = {i.dimension for i in items if i.kind == "difference"}
    assert dimensions == {
        "focus",
        "decision_making",
        "motivation",
        "communication",
        "adaptability",
        "conflict_resolution",
        "development",
    }


def test_kotter_takeaways_are_practices() -> None:
    """003's three takeaways (time audit, split 1:1s, leadership MBOs) are practices."""
    names = {i.name for i in BY_ID["kotter-complexity-change"].items if i.kind == "practice"}
    assert {"Time audit", "Separate one-to-ones", "Leadership MBOs"} <= names


def test_graph_edges_carry_rules() -> None:
    """Every rule appears on at least one edge of its framework's graph."""
    for framework in FRAMEWORKS:
        on_edges = {r for _, _, data in framework.graph.edges(data=True) for r in data["rules"]}
        assert on_edges == {r.id for r in framework.rules}


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.id)
def test_rules_run_in_an_order_the_rule_graph_allows(framework: rolemodel.Framework) -> None:
    """The evaluation order (found with graphlib, without networkx) is a topological order of the
    networkx rule graph: every rule into a concept runs before any rule that reads it."""
    import networkx as nx

    from rolemodel._graph import evaluation_order

    order = [framework.rules[i] for i in evaluation_order(framework)]
    position = {rule.id: n for n, rule in enumerate(order)}
    graph = framework.graph
    for source, target, data in graph.edges(data=True):
        if graph.nodes[source]["kind"] == "concept":
            feeding = [r for r in framework.rules if f"concept:{r.then}" == source]
            for reader in data["rules"]:
                assert all(position[f.id] < position[reader] for f in feeding), (source, target)
    assert nx.is_directed_acyclic_graph(graph)
