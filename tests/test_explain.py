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
