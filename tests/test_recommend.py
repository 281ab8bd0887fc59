"""recommend(): worked examples that read like the articles, and the properties it promises."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel import Role
from tests.strategies import graded, profiles

ISSUE_EXAMPLE: dict[str, Any] = {
    "company_size": 300,
    "team_size": 25,
    "market_change": "high",
    "regulation": "low",
}


# -- worked examples ---------------------------------------------------------------------------


def test_issue_example() -> None:
    """The README's example: a fast-changing, lightly regulated mid-size company wants leadership."""
    rec = rolemodel.recommend(**ISSUE_EXAMPLE)
    assert rec.role is Role.LEADERSHIP
    assert set(rec.scores) == set(Role)
    assert set(rec.by_framework) == {f.id for f in rolemodel.builtin_frameworks()}


def test_regulated_large_team_short_term_targets_wants_management() -> None:
    """004: large teams, short-term targets, regulated industries, efficiency -> management."""
    rec = rolemodel.recommend(
        company_size=5000,
        team_size=200,
        market_change="low",
        regulation="high",
        short_term_pressure="high",
        efficiency_priority="high",
        structure_need="high",
    )
    assert rec.role is Role.MANAGEMENT
    assert rec.by_framework["seven-differences"].role is Role.MANAGEMENT
    assert rec.confidence > 0.5


def test_change_competition_innovation_wants_leadership() -> None:
    """004 and 003: change, competition and innovation call for leadership."""
    rec = rolemodel.recommend(
        company_size=400,
        team_size=20,
        market_change="high",
        regulation="low",
        competition="high",
        innovation_need="high",
        leadership_time=0.2,
    )
    assert rec.role is Role.LEADERSHIP
    assert rec.by_framework["kotter-complexity-change"].role is Role.LEADERSHIP
    assert rec.by_framework["seven-differences"].role is Role.LEADERSHIP


def test_mature_company_seasoned_team_converges_into_growth_leader() -> None:
    """002: a mature company with a seasoned team and a manager ready to lead -> Growth Leader."""
    rec = rolemodel.recommend(
        company_size=2000,
        team_size=30,
        market_change="medium",
        regulation="medium",
        stage="mature",
        team_seasoning="high",
        process_maturity="high",
        manager_readiness="high",
        development_priority="high",
    )
    assert rec.by_framework["growth-leader-convergence"].role is Role.GROWTH_LEADER
    assert rec.role is Role.GROWTH_LEADER


def test_manager_not_ready_keeps_roles_apart() -> None:
    """002: not every manager can make the leap; without readiness, no convergence in 002."""
    rec = rolemodel.recommend(
        company_size=2000,
        team_size=30,
        market_change="medium",
        regulation="medium",
        stage="mature",
        team_seasoning="high",
        process_maturity="high",
        manager_readiness=0.0,
    )
    assert rec.by_framework["growth-leader-convergence"].role is not Role.GROWTH_LEADER


def test_small_company_one_person_wears_both_hats() -> None:
    """000: in smaller companies one person wears both hats; in larger ones the roles split."""
    small = rolemodel.recommend(company_size=20, team_size=4, market_change=0.5, regulation=0.5)
    large = rolemodel.recommend(company_size=5000, team_size=4, market_change=0.5, regulation=0.5)
    assert small.by_framework["both-hats"].role is Role.GROWTH_LEADER
    assert large.by_framework["both-hats"].role is not Role.GROWTH_LEADER
    assert large.by_framework["both-hats"].scores[Role.GROWTH_LEADER] < 0.2


def test_growing_company_brings_in_a_manager() -> None:
    """002: as the company grows and needs structure, a dedicated sales manager runs process."""
    rec = rolemodel.recommend(
        company_size=150,
        team_size=15,
        market_change=0.4,
        regulation=0.3,
        stage="growth",
        structure_need="high",
    )
    assert rec.by_framework["growth-leader-convergence"].role is Role.MANAGEMENT


def test_articles_dissent_is_visible() -> None:
    """Where the articles disagree, the verdicts differ and dissent names the minority."""
    rec = rolemodel.recommend(company_size=20, team_size=15, market_change=0.5, regulation=0.5)
    roles = {v.role for v in rec.by_framework.values()}
    assert len(roles) > 1
    assert set(rec.dissent) == {fid for fid, v in rec.by_framework.items() if v.role is not rec.role}


def test_positional_profile_mapping_and_keywords_agree() -> None:
    """A Profile, a mapping or keywords give the same recommendation."""
    a = rolemodel.recommend(**ISSUE_EXAMPLE)
    b = rolemodel.recommend(ISSUE_EXAMPLE)
    c = rolemodel.recommend(rolemodel.Profile.from_mapping(ISSUE_EXAMPLE))
    assert a == b == c


def test_profile_and_keywords_together_is_an_error() -> None:
    """Giving both a profile and keywords is refused."""
    with pytest.raises(rolemodel.RoleModelError):
        rolemodel.recommend(ISSUE_EXAMPLE, company_size=3)


def test_one_framework_alone() -> None:
    """With one framework the recommendation is that framework's verdict, at full agreement."""
    kotter = next(f for f in rolemodel.builtin_frameworks() if f.id == "kotter-complexity-change")
    rec = rolemodel.recommend(ISSUE_EXAMPLE, frameworks=[kotter])
    assert list(rec.by_framework) == ["kotter-complexity-change"]
    verdict = rec.by_framework["kotter-complexity-change"]
    assert rec.scores == pytest.approx(verdict.scores)
    assert rec.confidence == pytest.approx(
        (verdict.scores[Role.LEADERSHIP] - verdict.scores[Role.MANAGEMENT]) / verdict.scores[Role.LEADERSHIP]
    )
    assert rec.scores[Role.GROWTH_LEADER] == 0.0


def test_weights_shift_the_answer() -> None:
    """Per-framework weights change the combination; a zero weight silences a framework."""
    base = rolemodel.recommend(ISSUE_EXAMPLE)
    only_002 = rolemodel.recommend(
        ISSUE_EXAMPLE,
        weights={f.id: 0.0 for f in rolemodel.builtin_frameworks() if f.id != "growth-leader-convergence"},
    )
    assert only_002.role is base.by_framework["growth-leader-convergence"].role
    assert only_002.scores != base.scores


@pytest.mark.parametrize(
    "weights",
    [
        {"nope": 1.0},
        {"seven-differences": -1.0},
        {"seven-differences": float("nan")},
        {
            f: 0.0
            for f in (
                "both-hats",
                "manage-lead-coach",
                "growth-leader-convergence",
                "kotter-complexity-change",
                "seven-differences",
            )
        },
    ],
)
def test_bad_weights(weights: dict[str, float]) -> None:
    """Unknown ids, negative, non-finite or all-zero weights are RoleModelErrors."""
    with pytest.raises(rolemodel.RoleModelError):
        rolemodel.recommend(ISSUE_EXAMPLE, weights=weights)


def test_json_round_trip_example() -> None:
    """to_dict is JSON-ready and from_dict gives back an equal recommendation and explanation."""
    rec = rolemodel.recommend(**ISSUE_EXAMPLE, stage="growth")
    data = json.loads(json.dumps(rec.to_dict()))
    again = rolemodel.Recommendation.from_dict(data)
    assert again == rec
    assert again.explain() == rec.explain()
    assert again.to_dict() == rec.to_dict()


def test_from_dict_rejects_garbage() -> None:
    """A malformed dict is a RoleModelError, not a KeyError."""
    with pytest.raises(rolemodel.RoleModelError):
        rolemodel.Recommendation.from_dict({"role": "boss"})
    with pytest.raises(rolemodel.RoleModelError):
        rolemodel.Recommendation.from_dict([])  # type: ignore[arg-type]


# -- properties ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(profiles())
def test_every_valid_profile_gets_a_valid_answer(data: dict[str, Any]) -> None:
    """Scores are non-negative and sum to 1; confidence is in [0, 1]; role is the top score."""
    rec = rolemodel.recommend(data)
    assert all(s >= 0 for s in rec.scores.values())
    assert math.isclose(sum(rec.scores.values()), 1.0)
    assert 0.0 <= rec.confidence <= 1.0
    assert rec.scores[rec.role] == max(rec.scores.values())
    for verdict in rec.by_framework.values():
        assert math.isclose(sum(verdict.scores.values()), 1.0)


@settings(max_examples=200, deadline=None)
@given(profiles())
def test_deterministic(data: dict[str, Any]) -> None:
    """The same profile always gives the same recommendation."""
    assert rolemodel.recommend(data) == rolemodel.recommend(dict(data))


@settings(max_examples=100, deadline=None)
@given(profiles())
def test_json_round_trip(data: dict[str, Any]) -> None:
    """Every recommendation survives JSON and from_dict unchanged."""
    rec = rolemodel.recommend(data)
    again = rolemodel.Recommendation.from_dict(json.loads(json.dumps(rec.to_dict())))
    assert again == rec and again.to_dict() == rec.to_dict()


def _pair(low: float, high: float) -> st.SearchStrategy[tuple[float, float]]:
    return st.tuples(st.floats(low, high), st.floats(low, high)).map(lambda t: (min(t), max(t)))


@pytest.mark.parametrize(
    ("factor", "role"),
    [("regulation", Role.MANAGEMENT), ("market_change", Role.LEADERSHIP)],
    ids=["more regulation never lowers management", "a faster market never lowers leadership"],
)
@settings(max_examples=300, deadline=None)
@given(data=profiles(), pair=_pair(0.0, 1.0))
def test_graded_evidence_is_monotone(
    factor: str, role: Role, data: dict[str, Any], pair: tuple[float, float]
) -> None:
    """Raising the factor never lowers the role's score, combined or in any framework."""
    lo = rolemodel.recommend({**data, factor: pair[0]})
    hi = rolemodel.recommend({**data, factor: pair[1]})
    assert hi.scores[role] >= lo.scores[role] - 1e-12
    for fid, v in hi.by_framework.items():
        assert v.scores[role] >= lo.by_framework[fid].scores[role] - 1e-12


@settings(max_examples=300, deadline=None)
@given(profiles(), st.data())
def test_bigger_team_never_lowers_management(data: dict[str, Any], draw: st.DataObject) -> None:
    """Growing the sales team (company held) never lowers management's score."""
    company = data["company_size"]
    a = draw.draw(st.integers(1, company))
    b = draw.draw(st.integers(a, company))
    lo = rolemodel.recommend({**data, "team_size": a})
    hi = rolemodel.recommend({**data, "team_size": b})
    assert hi.scores[Role.MANAGEMENT] >= lo.scores[Role.MANAGEMENT] - 1e-12


@settings(max_examples=200, deadline=None)
@given(profiles(), graded)
def test_scores_move_continuously(data: dict[str, Any], value: float | str) -> None:
    """A small change in a graded factor moves the scores only a little (graded evidence)."""
    base = rolemodel.recommend({**data, "regulation": 0.5})
    near = rolemodel.recommend({**data, "regulation": 0.5 + 1e-6})
    for role in Role:
        assert abs(base.scores[role] - near.scores[role]) < 1e-3
