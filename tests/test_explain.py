"""Explanations: fired rules with their inputs, shares and citations; why the losers lost."""

from __future__ import annotations

import math
from typing import Any

import rolemodel
from rolemodel import Role

ISSUE_EXAMPLE: dict[str, Any] = {
    "company_size": 300,
    "team_size": 25,
    "market_change": "high",
    "regulation": "low",
}


def test_explanation_cites_and_accounts() -> None:
    """The explanation lists fired rules with inputs, shares and verbatim citations; losers too."""
    rec = rolemodel.recommend(**ISSUE_EXAMPLE)
    ex = rec.explain()
    assert ex is rec.explain()  # built once
    assert ex.role is rec.role
    assert ex.winner.role is rec.role
    assert {c.role for c in ex.losers} == set(Role) - {rec.role}
    fired = ex.contributions
    assert fired
    for c in fired:
        assert c.citation.quote and c.citation.source.endswith(".txt")
        assert 0 < c.degree <= 1
        assert math.isclose(c.evidence, c.degree * c.weight)
    market = [c for c in fired if any(i.name == "market_change" for i in c.reads)]
    assert market and all(i.value == 0.8 for c in market for i in c.reads if i.name == "market_change")
    text = str(ex)
    assert "Why not" in text and "\u201c" in text


def test_shares_and_baselines_account_for_the_whole_score() -> None:
    """Shares of rules into roles never exceed the combined score of their role."""
    rec = rolemodel.recommend(**ISSUE_EXAMPLE, innovation_need="high", structure_need="high")
    ex = rec.explain()
    for role in Role:
        total = sum(c.share or 0.0 for c in ex.contributions if c.target == role.value)
        assert total <= rec.scores[role] + 1e-12


def test_explanation_is_lazy_and_cached() -> None:
    """Nothing is explained until asked; asking twice gives the same object."""
    rec = rolemodel.recommend(**ISSUE_EXAMPLE)
    first = rec.explain()
    assert rec.explain() is first


def test_not_given_factors_are_named() -> None:
    """Each framework's explanation names the factors it reads that the profile did not give."""
    ex = rolemodel.recommend(**ISSUE_EXAMPLE).explain()
    by_id = {f.framework: f for f in ex.frameworks}
    assert "innovation_need" in by_id["seven-differences"].not_given
    given = rolemodel.recommend(**ISSUE_EXAMPLE, innovation_need="high").explain()
    assert "innovation_need" not in {n for f in given.frameworks for n in f.not_given}


def test_silent_frameworks_are_named_for_the_growth_leader() -> None:
    """Frameworks whose article knows no Growth Leader are named as silent on it."""
    ex = rolemodel.recommend(**ISSUE_EXAMPLE).explain()
    case = next(c for c in [ex.winner, *ex.losers] if c.role is Role.GROWTH_LEADER)
    assert set(case.silent) == {"kotter-complexity-change", "seven-differences"}


def test_staffing_is_explained_with_its_own_winner_and_losers() -> None:
    """The staffing answer has its own case: the frameworks behind it, cited reasons, losers."""
    ex = rolemodel.recommend(**ISSUE_EXAMPLE).explain()
    assert ex.staffing is rolemodel.Staffing.SPLIT
    assert ex.staffing_winner is not None and ex.staffing_winner.role is rolemodel.Staffing.SPLIT
    assert set(ex.staffing_winner.favoured_by) == {"both-hats", "growth-leader-convergence"}
    assert {c.role for c in ex.staffing_losers} == {rolemodel.Staffing.SINGLE, rolemodel.Staffing.CONVERGED}
    assert all(c.citation.quote for c in ex.staffing_winner.reasons)
    assert "Staffing: split" in str(ex)


def test_shares_per_question_account_for_the_whole_score() -> None:
    """Per answer, the shares of the rules into it never exceed its combined score."""
    rec = rolemodel.recommend(**ISSUE_EXAMPLE, stage="mature", team_seasoning="low", structure_need="high")
    ex = rec.explain()
    for answer, score in [*rec.scores.items(), *rec.staffing_scores.items()]:
        total = sum(c.share or 0.0 for c in ex.contributions if c.target == answer.value)
        assert total <= score + 1e-12


def test_abstaining_frameworks_rules_do_not_count_and_say_why() -> None:
    """Rules of a framework that abstains on a question have no share, are marked not counted,
    and its explanation gives the reason."""
    ex = rolemodel.recommend(company_size=300, team_size=20, market_change="low", regulation="low").explain()
    mlc = next(f for f in ex.frameworks if f.framework == "manage-lead-coach")
    assert mlc.role is None and mlc.reason and "growth_leader" in mlc.stance
    assert mlc.contributions and all(
        not c.counted and c.share is None and c.stance for c in mlc.contributions
    )
    assert "no verdict" in str(ex) and "standing claim" in str(ex)


def test_calibration_and_the_derived_stage_are_marked() -> None:
    """Rules whose numbers are the library's choice say so, and a stage derived from headcount is
    listed as an assumption with its cut-points; a given stage is not."""
    ex = rolemodel.recommend(**ISSUE_EXAMPLE).explain()
    assert ex.calibrated and all(c.basis == "calibration" for c in ex.calibrated)
    assert "(calibration)" in str(ex)
    assert ex.assumptions and "derived from company_size" in ex.assumptions[0]
    given = rolemodel.recommend(**ISSUE_EXAMPLE, stage="growth").explain()
    assert given.assumptions == ()
    audit = rolemodel.recommend(**ISSUE_EXAMPLE, leadership_time=0.2).explain()
    assert any(c.rule == "under-led-by-time-audit" and c.basis == "article" for c in audit.contributions)


def test_no_answer_is_explained_not_invented() -> None:
    """When every framework abstains on the role, the explanation says so and names no winner."""
    only = [f for f in rolemodel.builtin_frameworks() if f.id == "manage-lead-coach"]
    ex = rolemodel.recommend(
        company_size=300, team_size=20, market_change="low", regulation="low", frameworks=only
    ).explain()
    assert ex.role is None and ex.winner is None and ex.losers == () and ex.reason
    assert "Role: no answer" in str(ex)
    again = rolemodel.Explanation.from_dict(ex.to_dict())
    assert again == ex
