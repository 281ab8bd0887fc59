"""The fast paths give the answers of the reference ones, to the bit: recommend() (one generated
panel per set of frameworks, results built when read) against the plan's closures, decide and
combine; recommend_table() (numpy) against recommend(); and the lazily built parts of a
recommendation against the ones it is given."""

from __future__ import annotations

import math
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel import FACTORS, Profile, Recommendation, Role, Staffing, _panel
from rolemodel._engine import REASONS, ROLES, STAFFING, combine, decide, evaluate_steps, profile_inputs
from tests.strategies import profiles

FRAMEWORKS = rolemodel.builtin_frameworks()


def reference(
    profile: Profile, frameworks: tuple[rolemodel.Framework, ...], weights: tuple[float, ...]
) -> dict[str, Any]:
    """Every number of a recommendation, from the reference functions (the plans' closures,
    ``decide`` and ``combine``), as plain values."""
    inputs, stage = profile_inputs(profile), profile.stage_membership
    verdicts = {}
    questions: tuple[tuple[list[Any], list[Any], list[Any]], ...] = (([], [], []), ([], [], []))
    for framework, weight in zip(frameworks, weights, strict=True):
        plan = framework._plan
        degrees, evidence, moved = evaluate_steps(plan, inputs, stage)
        role_scores, role = decide(evidence[:3], moved[:3], plan.listed[:3])
        staff_scores, staff = decide(evidence[3:], moved[3:], plan.listed[3:])
        for (scores, choices, listed), answer, choice, lo in (
            (questions[0], role_scores, role, 0),
            (questions[1], staff_scores, staff, 3),
        ):
            scores.append(answer)
            choices.append(choice)
            listed.append(plan.listed[lo : lo + 3])
        verdicts[framework.id] = {
            "role": ROLES[role] if role >= 0 else None,
            "scores": dict(zip(ROLES, role_scores, strict=True)),
            "reason": REASONS.get(role, ""),
            "staffing": STAFFING[staff] if staff >= 0 else None,
            "staffing_scores": dict(zip(STAFFING, staff_scores, strict=True)) if any(plan.listed[3:]) else {},
            "staffing_reason": REASONS.get(staff, ""),
            "weight": weight,
            "degrees": degrees,
            "evidence": evidence,
        }
    out: dict[str, Any] = {"by_framework": verdicts}
    for name, kinds, question in (("role", ROLES, questions[0]), ("staffing", STAFFING, questions[1])):
        combined, best, confidence = combine(*question, weights)
        out[name] = kinds[best] if best >= 0 else None
        out[f"{name}_scores"] = {} if combined is None else dict(zip(kinds, combined, strict=True))
        out[f"{name}_confidence"] = confidence
        out[f"{name}_reason"] = REASONS.get(best, "")
    return out


def observed(rec: Recommendation) -> dict[str, Any]:
    """The same numbers, as ``rec`` shows them."""
    return {
        "by_framework": {
            fid: {
                "role": v.role,
                "scores": dict(v.scores),
                "reason": v.reason,
                "staffing": v.staffing,
                "staffing_scores": dict(v.staffing_scores),
                "staffing_reason": v.staffing_reason,
                "weight": v.weight,
                "degrees": v._degrees,
                "evidence": v._evidence,
            }
            for fid, v in rec.by_framework.items()
        },
        "role": rec.role,
        "role_scores": dict(rec.scores),
        "role_confidence": rec.confidence,
        "role_reason": rec.reason,
        "staffing": rec.staffing,
        "staffing_scores": dict(rec.staffing_scores),
        "staffing_confidence": rec.staffing_confidence,
        "staffing_reason": rec.staffing_reason,
    }


@settings(max_examples=300, deadline=None)
@given(profiles())
def test_recommend_is_the_reference_to_the_bit(data: dict[str, Any]) -> None:
    """With the built-ins, every number recommend() shows is the reference functions' (same repr)."""
    rec = rolemodel.recommend(data)
    expected = reference(rec.profile, FRAMEWORKS, (1.0,) * len(FRAMEWORKS))
    assert repr(observed(rec)) == repr(expected)


framework_ids = [f.id for f in FRAMEWORKS]
weight_values = st.one_of(st.just(0.0), st.just(1.0), st.floats(min_value=1e-6, max_value=1e6))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(), st.permutations(range(len(FRAMEWORKS))), st.integers(1, len(FRAMEWORKS)), st.data())
def test_recommend_is_the_reference_for_any_frameworks_and_weights(
    data: dict[str, Any], order: list[int], count: int, draw: st.DataObject
) -> None:
    """The same for any subset of the built-ins, in any order, with any allowed weights."""
    chosen = tuple(FRAMEWORKS[i] for i in order[:count])
    weights = {f.id: draw.draw(weight_values) for f in chosen}
    if not any(weights.values()):
        weights[chosen[0].id] = 1.0
    rec = rolemodel.recommend(data, frameworks=chosen, weights=weights)
    expected = reference(rec.profile, chosen, tuple(weights[f.id] for f in chosen))
    assert repr(observed(rec)) == repr(expected)


def test_first_calls_before_compiling_give_what_later_calls_give() -> None:
    """A set of frameworks is answered without compiling for its first calls, then by its
    compiled panel: every call gives the same numbers."""
    chosen = (FRAMEWORKS[3], FRAMEWORKS[1], FRAMEWORKS[4])  # a set no other test uses
    weights = {FRAMEWORKS[3].id: 2.5, FRAMEWORKS[1].id: 0.5, FRAMEWORKS[4].id: 1.0}
    data = {"company_size": 700, "team_size": 30, "market_change": 0.7, "regulation": 0.4}
    key = tuple(id(f._plan) for f in chosen)
    _panel._PANELS.pop(key, None)  # as in a fresh process
    seen = []
    for call in range(1, 6):
        seen.append(repr(observed(rolemodel.recommend(data, frameworks=chosen, weights=weights))))
        assert (_panel._PANELS[key][2] is not None) is (call > _panel.WARM_UP)
    assert len(set(seen)) == 1
    expected = reference(Profile.from_mapping(data), chosen, (2.5, 0.5, 1.0))
    assert seen[0] == repr(expected)


def test_recommendations_are_distinct_per_call() -> None:
    """No result is reused across calls: two calls give equal, distinct recommendations whose
    parts are built separately."""
    first = rolemodel.recommend(company_size=300, team_size=25, market_change="high", regulation="low")
    second = rolemodel.recommend(company_size=300, team_size=25, market_change="high", regulation="low")
    assert first == second and first is not second
    assert first.scores is not second.scores and first.by_framework is not second.by_framework


def test_lazy_parts_are_built_once_and_equal_a_recommendation_built_from_its_fields() -> None:
    """Scores and verdicts are built when first read, then kept; a Recommendation built from
    the same fields (as from_dict builds one) is equal to it, and unequal once a field differs."""
    rec = rolemodel.recommend(company_size=300, team_size=25, market_change="high", regulation="low")
    assert rec.scores is rec.scores and rec.by_framework is rec.by_framework
    assert rec.staffing_scores is rec.staffing_scores
    fields = {
        "profile": rec.profile,
        "role": rec.role,
        "scores": dict(rec.scores),
        "confidence": rec.confidence,
        "by_framework": dict(rec.by_framework),
        "staffing": rec.staffing,
        "staffing_scores": dict(rec.staffing_scores),
        "staffing_confidence": rec.staffing_confidence,
        "reason": rec.reason,
        "staffing_reason": rec.staffing_reason,
    }
    built = Recommendation(**fields)
    assert built == rec and rec == built
    assert built.to_row() == rec.to_row() and repr(built) == repr(rec)
    assert Recommendation(**{**fields, "confidence": rec.confidence / 2}) != rec
    assert Recommendation(**{**fields, "scores": {Role.MANAGEMENT: 1.0}}) != rec
    assert Recommendation.from_dict(rec.to_dict()) == rec
    with pytest.raises(TypeError):
        hash(rec)


def test_a_fresh_recommendation_sets_every_field_attrs_would() -> None:
    """recommend() sets a result's fields directly, past attrs' __init__: each field of the
    class is set, to what __init__ would set it from the same values."""
    rec = rolemodel.recommend(company_size=300, team_size=25, market_change="high", regulation="low")
    names = [field.name for field in attrs.fields(Recommendation)]
    built = Recommendation(
        profile=rec.profile,
        role=rec.role,
        scores=None,
        confidence=rec.confidence,
        by_framework=None,
        staffing=rec.staffing,
        staffing_scores=None,
        staffing_confidence=rec.staffing_confidence,
        reason=rec.reason,
        staffing_reason=rec.staffing_reason,
        trace=rec._trace,
    )
    assert [getattr(rec, name) for name in names] == [getattr(built, name) for name in names]
    # its fields are a __dict__, in the order attrs' __init__ writes them, and nothing else
    assert list(vars(rec)) == list(vars(built)) == names


def test_fresh_recommendation_shows_the_same_things_in_any_order_of_reading() -> None:
    """Reading a fresh recommendation's parts in another order (row first, dict first, verdicts
    first) gives the same values."""
    args = {"company_size": 40, "team_size": 6, "market_change": 0.9, "regulation": 0.1, "stage": "startup"}
    first, second, third = (rolemodel.recommend(**args) for _ in range(3))
    row = first.to_row()
    data = second.to_dict()
    verdicts = third.verdicts
    assert row == third.to_row() and data == third.to_dict() and verdicts == first.verdicts
    assert set(second.staffing_scores) <= set(Staffing)


# -- recommend_table, to the bit --------------------------------------------------------------

np = pytest.importorskip("numpy")


def columns_of(records: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Records as columns (absent factors as None)."""
    names = [n for n in FACTORS if FACTORS[n].required or any(n in r for r in records)]
    return {n: [r.get(n) for r in records] for n in names}


def cell(value: Any) -> Any:
    """A result cell compared to the bit: a float by its repr (NaN as NaN), numpy scalars as Python's."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return "nan" if math.isnan(value) else repr(value)
    return value


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(profiles(), min_size=1, max_size=30))
def test_table_is_recommend_to_the_bit(records: list[dict[str, Any]]) -> None:
    """Each row of recommend_table() is recommend().to_row(), every float to the bit."""
    table = rolemodel.recommend_table(columns_of(records))
    for i, record in enumerate(records):
        for column, expected in rolemodel.recommend(record).to_row().items():
            assert cell(table[column][i]) == cell(expected), column


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(profiles(), min_size=1, max_size=15),
    st.permutations(range(len(FRAMEWORKS))),
    st.integers(1, len(FRAMEWORKS)),
    st.data(),
)
def test_table_is_recommend_to_the_bit_for_any_frameworks_and_weights(
    records: list[dict[str, Any]], order: list[int], count: int, draw: st.DataObject
) -> None:
    """The same for any subset of the built-ins, in any order, with any allowed weights."""
    chosen = [FRAMEWORKS[i] for i in order[:count]]
    weights = {f.id: draw.draw(weight_values) for f in chosen}
    if not any(weights.values()):
        weights[chosen[0].id] = 1.0
    table = rolemodel.recommend_table(columns_of(records), frameworks=chosen, weights=weights)
    for i, record in enumerate(records):
        rec = rolemodel.recommend(record, frameworks=chosen, weights=weights)
        for column, expected in rec.to_row().items():
            assert cell(table[column][i]) == cell(expected), column
