"""Profiles: levels and numbers, derived stage, and clear errors for bad input."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rolemodel
from rolemodel import Profile, ProfileError, Stage

BASE: dict[str, Any] = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}


def test_levels_mean_numbers() -> None:
    """'low', 'medium', 'high' are 0.2, 0.5, 0.8; numbers pass through."""
    p = Profile.from_mapping({**BASE, "competition": "Medium", "regulation": 0.35})
    assert (p.market_change, p.regulation, p.competition) == (0.8, 0.35, 0.5)
    assert rolemodel.LEVELS == {"low": 0.2, "medium": 0.5, "high": 0.8}


def test_optional_factors_default_to_not_given() -> None:
    """Optional factors are None until given, and to_dict leaves them out."""
    p = Profile.from_mapping(BASE)
    assert p.innovation_need is None
    assert p.to_dict() == {"company_size": 300, "team_size": 25, "market_change": 0.8, "regulation": 0.2}


@pytest.mark.parametrize("missing", [None, float("nan")], ids=["None", "NaN"])
def test_a_missing_value_is_not_given_the_same_on_every_route(missing: object) -> None:
    """None and NaN mean "not given" (as in a table's empty cell): an optional factor is left
    out, a required one is a ProfileError saying it is required."""
    p = Profile.from_mapping({**BASE, "innovation_need": missing, "stage": missing})
    assert p.innovation_need is None and p.stage is None
    with pytest.raises(ProfileError, match="required") as info:
        Profile.from_mapping({**BASE, "company_size": missing})
    assert info.value.field == "company_size"


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("company_size", -5, "a whole number >= 1"),
        ("company_size", 0, "a whole number >= 1"),
        ("company_size", 2.5, "a whole number >= 1"),
        ("company_size", True, "a whole number >= 1"),
        ("team_size", "many", "a whole number >= 1"),
        ("team_size", 301, "at most company_size (300)"),
        ("market_change", 1.5, "a number in [0, 1]"),
        ("market_change", -0.1, "a number in [0, 1]"),
        ("regulation", "hgih", "a number in [0, 1]"),
        ("regulation", [1], "a number in [0, 1]"),
        ("innovation_need", "extreme", "a number in [0, 1]"),
        ("stage", "teenager", "one of 'startup', 'growth', 'mature'"),
        ("stage", 3, "one of 'startup', 'growth', 'mature'"),
    ],
)
def test_bad_values_name_field_value_and_allowed(field: str, value: object, allowed: str) -> None:
    """A bad value raises ProfileError naming the field, the value and what is allowed."""
    with pytest.raises(ProfileError) as info:
        Profile.from_mapping({**BASE, field: value})
    error = info.value
    assert error.field == field
    assert allowed in error.allowed
    assert field in str(error)
    assert error.value is value or (isinstance(value, float) and math.isnan(value))


def test_did_you_mean_for_levels_and_names() -> None:
    """Misspelt levels and factor names get a suggestion."""
    with pytest.raises(ProfileError, match="did you mean 'high'"):
        Profile.from_mapping({**BASE, "regulation": "hgih"})
    with pytest.raises(ProfileError, match="did you mean 'regulation'"):
        Profile.from_mapping({**BASE, "regulaton": 0.5})


def test_missing_required_field() -> None:
    """Each required factor is required."""
    for name in ("company_size", "team_size", "market_change", "regulation"):
        data = {k: v for k, v in BASE.items() if k != name}
        with pytest.raises(ProfileError, match=name):
            Profile.from_mapping(data)


def test_not_a_mapping() -> None:
    """A profile must be a mapping."""
    with pytest.raises(ProfileError):
        Profile.from_mapping([("company_size", 3)])  # type: ignore[arg-type]


def test_stage_is_derived_from_company_size() -> None:
    """Without a stage, small companies are startups, large ones mature (documented thresholds)."""
    assert Profile(10, 3, 0.5, 0.5).effective_stage is Stage.STARTUP
    assert Profile(300, 30, 0.5, 0.5).effective_stage is Stage.GROWTH
    assert Profile(5000, 300, 0.5, 0.5).effective_stage is Stage.MATURE
    assert Profile(10, 3, 0.5, 0.5, stage="mature").stage_membership == (0.0, 0.0, 1.0)


@given(st.integers(1, 10**7))
def test_derived_stage_is_a_partition(size: int) -> None:
    """Derived stage memberships are in [0, 1] and sum to 1."""
    membership = Profile(size, 1, 0.5, 0.5).stage_membership
    assert all(0.0 <= m <= 1.0 for m in membership)
    assert math.isclose(sum(membership), 1.0)


def test_string_counts_are_accepted() -> None:
    """Counts may come as text (CSV), and must still be whole numbers."""
    assert Profile.from_mapping({**BASE, "company_size": " 300 ", "team_size": "25"}).team_size == 25


def test_numbers_from_numpy_and_text_are_the_same_values() -> None:
    """A numpy number, or a graded factor written as text, is the same value as the plain one."""
    import numpy as np

    plain = rolemodel.Profile(company_size=300, team_size=25, market_change=0.7, regulation=0.25)
    other = rolemodel.Profile(
        company_size=np.int64(300), team_size=np.int32(25), market_change="0.7", regulation=np.float64(0.25)
    )
    assert other == plain
