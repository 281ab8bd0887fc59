"""recommend(): worked examples that read like the articles, and the properties it promises."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel import Role, Staffing
from tests.strategies import graded, profiles

ISSUE_EXAMPLE: dict[str, Any] = {
    "company_size": 300,
    "team_size": 25,
    "market_change": "high",
    "regulation": "low",
}


# -- worked examples ---------------------------------------------------------------------------


def test_issue_example() -> None:
    """The README's example: a fast-changing mid-size company needs leadership, with the roles
    split; 002 (a growing company needs a manager) dissents on the role, so confidence is low."""
    rec = rolemodel.recommend(**ISSUE_EXAMPLE)
    assert rec.role is Role.LEADERSHIP
    assert rec.staffing is Staffing.SPLIT
    assert set(rec.scores) == set(Role) and set(rec.staffing_scores) == set(Staffing)
    assert set(rec.by_framework) == {f.id for f in rolemodel.builtin_frameworks()}
    assert "growth-leader-convergence" in rec.dissent
    assert rec.confidence < 0.3 < rec.staffing_confidence


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


def test_mature_company_alone_reaches_the_growth_leader() -> None:
    """002's headline from the required inputs and stage alone: mature -> converged Growth Leader."""
    rec = rolemodel.recommend(
        company_size=1500, team_size=12, market_change="low", regulation="low", stage="mature"
    )
    own = rec.by_framework["growth-leader-convergence"]
    assert own.role is Role.GROWTH_LEADER and own.staffing is Staffing.CONVERGED
    assert rec.role is Role.GROWTH_LEADER and rec.staffing is Staffing.CONVERGED


def test_mature_company_with_moderate_change_can_reach_the_growth_leader() -> None:
    """A mature company with a well-established team and moderate change gets the Growth Leader."""
    rec = rolemodel.recommend(
        company_size=2000, team_size=30, market_change="medium", regulation="low",
        stage="mature", team_seasoning="high",
    )  # fmt: skip
    assert rec.role is Role.GROWTH_LEADER
    assert rec.staffing is Staffing.CONVERGED


def test_manager_readiness_refines_the_staffing_in_002() -> None:
    """002 alone: mature -> converged; an unready manager -> split; unknown readiness -> converged
    at a lower confidence than a ready manager."""
    only = [f for f in rolemodel.builtin_frameworks() if f.id == "growth-leader-convergence"]
    base = {
        "company_size": 1500,
        "team_size": 40,
        "market_change": "low",
        "regulation": "low",
        "stage": "mature",
    }
    unknown = rolemodel.recommend(base, frameworks=only)
    ready = rolemodel.recommend({**base, "manager_readiness": "high"}, frameworks=only)
    unready = rolemodel.recommend({**base, "manager_readiness": "low"}, frameworks=only)
    assert unknown.staffing is Staffing.CONVERGED and ready.staffing is Staffing.CONVERGED
    assert unready.staffing is Staffing.SPLIT
    assert unready.role is Role.LEADERSHIP  # the missing piece is a leader, not a Growth Leader
    assert unknown.staffing_confidence < ready.staffing_confidence


def test_small_company_one_person_wears_both_hats() -> None:
    """000: in smaller companies one person wears both hats (single staffing, not the converged
    role); in larger ones the roles are split. 000 gives no role verdict from size alone."""
    small = rolemodel.recommend(company_size=20, team_size=4, market_change=0.5, regulation=0.5)
    large = rolemodel.recommend(company_size=5000, team_size=4, market_change=0.5, regulation=0.5)
    assert small.by_framework["both-hats"].staffing is Staffing.SINGLE
    assert large.by_framework["both-hats"].staffing is Staffing.SPLIT
    assert small.by_framework["both-hats"].role is None
    assert small.staffing is Staffing.SINGLE


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
    assert rec.by_framework["growth-leader-convergence"].staffing is Staffing.SPLIT
    assert rec.staffing is Staffing.SPLIT


def test_articles_dissent_is_visible() -> None:
    """Where the articles disagree, the verdicts differ and dissent names exactly the speaking
    frameworks whose verdict differs; abstainers are neither."""
    rec = rolemodel.recommend(
        company_size=1500, team_size=80, market_change="high", regulation="high", stage="mature"
    )
    roles = {v.role for v in rec.by_framework.values() if v.role is not None}
    assert len(roles) > 1
    assert set(rec.dissent) == {
        fid for fid, v in rec.by_framework.items() if v.role is not None and v.role is not rec.role
    }
    assert set(rec.staffing_dissent) == {"both-hats"}  # 000 splits a large company; 002 converges it


def test_a_framework_with_nothing_to_read_abstains_and_keeps_its_stance() -> None:
    """001 with none of its factors moved abstains on both questions and says why; its standing
    "do it all" claim stays visible, and it takes no part in the combination."""
    rec = rolemodel.recommend(company_size=300, team_size=20, market_change="low", regulation="low")
    v = rec.by_framework["manage-lead-coach"]
    assert v.role is None and v.abstained and v.reason
    assert v.staffing is None and v.staffing_abstained and v.staffing_reason
    assert "growth_leader" in v.stance
    assert "manage-lead-coach" in rec.abstaining and "manage-lead-coach" not in rec.dissent
    alone = rolemodel.recommend(
        rec.profile, frameworks=[f for f in rolemodel.builtin_frameworks() if f.id == "manage-lead-coach"]
    )
    assert alone.role is None and alone.scores == {} and alone.confidence == 0.0 and alone.reason


def test_an_article_that_does_not_speak_to_staffing_abstains_on_it() -> None:
    """004 knows no staffing options: it never gives a staffing verdict, and says so."""
    rec = rolemodel.recommend(**ISSUE_EXAMPLE)
    v = rec.by_framework["seven-differences"]
    assert v.staffing is None and v.staffing_scores == {} and "does not speak" in v.staffing_reason


def test_a_tie_is_no_verdict() -> None:
    """003 in a fully stable market: management suffices, leadership wins anywhere; tied, so no verdict."""
    rec = rolemodel.recommend(company_size=300, team_size=20, market_change=0.1, regulation="low")
    v = rec.by_framework["kotter-complexity-change"]
    assert v.role is None and "tied" in v.reason


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
    """Per question, scores are non-negative and sum to 1 (empty when no framework speaks, and
    then no answer); confidence is in [0, 1]; an answer is the top score; with no answer nobody
    dissents; abstainers say why."""
    rec = rolemodel.recommend(data)
    for answer, scores, confidence, reason, dissent in (
        (rec.role, rec.scores, rec.confidence, rec.reason, rec.dissent),
        (
            rec.staffing,
            rec.staffing_scores,
            rec.staffing_confidence,
            rec.staffing_reason,
            rec.staffing_dissent,
        ),
    ):
        assert 0.0 <= confidence <= 1.0
        if answer is None:
            assert dissent == ()  # with no answer, nobody dissents
        if not scores:
            assert answer is None and confidence == 0.0 and reason
            continue
        assert all(s >= 0 for s in scores.values())
        assert math.isclose(sum(scores.values()), 1.0)
        if answer is None:
            assert reason and confidence == 0.0
        else:
            assert scores[answer] == max(scores.values()) and not reason
    for verdict in rec.by_framework.values():
        assert math.isclose(sum(verdict.scores.values()), 1.0)
        assert (verdict.role is None) == bool(verdict.reason)
        assert (verdict.staffing is None) == bool(verdict.staffing_reason)


@settings(max_examples=200, deadline=None)
@given(profiles())
def test_no_verdict_on_an_exact_tie(data: dict[str, Any]) -> None:
    """A framework whose top two scores on a question are equal never gives a verdict on it."""
    rec = rolemodel.recommend(data)
    for verdict in rec.by_framework.values():
        for answer, scores in ((verdict.role, verdict.scores), (verdict.staffing, verdict.staffing_scores)):
            ranked = sorted(scores.values(), reverse=True)
            if len(ranked) > 1 and ranked[0] == ranked[1]:
                assert answer is None


@settings(max_examples=100, deadline=None)
@given(profiles())
def test_abstainers_take_no_part(data: dict[str, Any]) -> None:
    """Leaving out the frameworks that abstain on the role changes neither the role, its scores
    nor its confidence."""
    rec = rolemodel.recommend(data)
    speaking = [f for f in rolemodel.builtin_frameworks() if rec.by_framework[f.id].role is not None]
    if not speaking:
        assert rec.role is None and rec.scores == {}
        return
    again = rolemodel.recommend(data, frameworks=speaking)
    assert again.role is rec.role
    assert again.confidence == pytest.approx(rec.confidence)
    for role in Role:
        assert again.scores[role] == pytest.approx(rec.scores[role])


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


def test_a_result_of_format_1_is_refused_clearly() -> None:
    """A dict written by rolemodel 0.1 (no format and version) is a RoleModelError naming both."""
    old = rolemodel.recommend(**ISSUE_EXAMPLE).to_dict()
    del old["format"], old["version"]
    with pytest.raises(rolemodel.RoleModelError, match="version 2"):
        rolemodel.Recommendation.from_dict(old)


def _pair(low: float, high: float) -> st.SearchStrategy[tuple[float, float]]:
    return st.tuples(st.floats(low, high), st.floats(low, high)).map(lambda t: (min(t), max(t)))


MONOTONE = pytest.mark.parametrize(
    ("factor", "role"),
    [("regulation", Role.MANAGEMENT), ("market_change", Role.LEADERSHIP)],
    ids=["more regulation never lowers management", "a faster market never lowers leadership"],
)


@MONOTONE
@settings(max_examples=300, deadline=None)
@given(data=profiles(), pair=_pair(0.0, 1.0))
def test_graded_evidence_is_monotone(
    factor: str, role: Role, data: dict[str, Any], pair: tuple[float, float]
) -> None:
    """Per framework, raising the factor never lowers the role's evidence."""
    lo = rolemodel.recommend({**data, factor: pair[0]})
    hi = rolemodel.recommend({**data, factor: pair[1]})
    for fid, v in hi.by_framework.items():
        assert v.evidence[role.value] >= lo.by_framework[fid].evidence[role.value] - 1e-12


@MONOTONE
@settings(max_examples=300, deadline=None)
@given(data=profiles(), pair=_pair(0.0, 1.0))
def test_combined_scores_are_monotone_while_the_speakers_stay(
    factor: str, role: Role, data: dict[str, Any], pair: tuple[float, float]
) -> None:
    """Where the same frameworks speak at both values, raising the factor never lowers the
    role's combined score."""
    lo = rolemodel.recommend({**data, factor: pair[0]})
    hi = rolemodel.recommend({**data, factor: pair[1]})
    if set(lo.abstaining) != set(hi.abstaining) or not lo.scores:
        return
    assert hi.scores[role] >= lo.scores[role] - 1e-12


@settings(max_examples=300, deadline=None)
@given(profiles(), st.data())
def test_bigger_company_and_team_never_shift_toward_leadership(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    """At the same stage, a bigger company and sales team never shift the management : leadership
    balance toward leadership, in any framework or combined (while the same frameworks speak)."""
    stage = draw.draw(st.sampled_from(["startup", "growth", "mature"]))
    a = draw.draw(st.integers(1, 100_000))
    b = draw.draw(st.integers(a, 200_000))
    ta = draw.draw(st.integers(1, a))
    tb = draw.draw(st.integers(ta, b))
    lo = rolemodel.recommend({**data, "stage": stage, "company_size": a, "team_size": ta})
    hi = rolemodel.recommend({**data, "stage": stage, "company_size": b, "team_size": tb})
    for fid, v in hi.by_framework.items():
        before = lo.by_framework[fid].evidence
        assert (
            v.evidence["management"] * before["leadership"]
            >= before["management"] * v.evidence["leadership"] - 1e-9
        )
    if lo.scores and hi.scores and set(lo.abstaining) == set(hi.abstaining):
        assert (
            hi.scores[Role.MANAGEMENT] * lo.scores[Role.LEADERSHIP]
            >= lo.scores[Role.MANAGEMENT] * hi.scores[Role.LEADERSHIP] - 1e-9
        )


@settings(max_examples=200, deadline=None)
@given(profiles(), st.data())
def test_a_bigger_company_never_adds_evidence_for_one_person_in_both_roles(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    """In every framework, a bigger company (team held) never raises the evidence for single staffing."""
    a = draw.draw(st.integers(data["team_size"], 100_000))
    b = draw.draw(st.integers(a, 200_000))
    small = rolemodel.recommend({**data, "company_size": a})
    large = rolemodel.recommend({**data, "company_size": b})
    for fid, v in large.by_framework.items():
        assert v.evidence["single"] <= small.by_framework[fid].evidence["single"] + 1e-12


@settings(max_examples=200, deadline=None)
@given(profiles(), graded)
def test_scores_move_continuously(data: dict[str, Any], value: float | str) -> None:
    """A small change in a graded factor moves the scores only a little (graded evidence)."""
    base = rolemodel.recommend({**data, "regulation": 0.5})
    near = rolemodel.recommend({**data, "regulation": 0.5 + 1e-6})
    for role in base.scores:
        if role in near.scores:
            assert abs(base.scores[role] - near.scores[role]) < 1e-3
