"""gap(): where a person's style falls short of what the recommendation needs, with cited
prescriptions, and the manager_readiness it feeds back."""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rolemodel
from rolemodel import Gap, Role, RoleModelError, Staffing
from tests.test_assess import ASK_AND_LISTEN, INSTRUMENT, TELL_AND_SELL, answer_sets

#: 000/002: a small company, one person wears both hats; the articles recommend leadership.
SMALL = rolemodel.recommend(company_size=40, team_size=6, market_change="high", regulation="low")
#: 000/004: a larger company in a changing market: the roles are split, leadership needed.
SPLIT = rolemodel.recommend(company_size=300, team_size=25, market_change="high", regulation="low")
#: A regulated company with a large team: management, split.
REGULATED = rolemodel.recommend(company_size=200, team_size=40, market_change="low", regulation="high")
#: 002's mature company with a seasoned team: one converged Growth Leader.
MATURE = rolemodel.recommend(
    company_size=1500,
    team_size=60,
    market_change="low",
    regulation="low",
    stage="mature",
    team_seasoning="high",
    process_maturity="high",
)


def test_the_recommendations_used_here_say_what_the_tests_assume() -> None:
    """The worked examples rest on these answers of the articles."""
    assert (SMALL.role, SMALL.staffing) == (Role.LEADERSHIP, Staffing.SINGLE)
    assert (SPLIT.role, SPLIT.staffing) == (Role.LEADERSHIP, Staffing.SPLIT)
    assert (REGULATED.role, REGULATED.staffing) == (Role.MANAGEMENT, Staffing.SPLIT)
    assert (MATURE.role, MATURE.staffing) == (Role.GROWTH_LEADER, Staffing.CONVERGED)


def _ids(g: Gap) -> set[str]:
    return {p.id for p in g.prescriptions}


def test_a_forecaster_who_must_also_lead_falls_short_toward_leadership() -> None:
    """Single staffing, leadership needed: the seat is 'both'; every dimension falls short toward
    leadership, and the articles prescribe coaching (001), split 1:1s, the time audit and MBOs
    (003), with 002's warning that not every manager makes the leap."""
    g = rolemodel.gap(rolemodel.assess(TELL_AND_SELL, person="Pat"), SMALL)
    assert (g.seat, g.need.need, g.toward) == ("both", "leadership", "leadership")
    assert g.size > 0.3 and g.shortfalls
    assert all(s.toward == "leadership" for s in g.shortfalls)
    assert {
        "manage-lead-and-coach",
        "split-one-to-ones-development",
        "leadership-mbos",
        "time-audit",
        "not-every-manager-leaps",
    } <= _ids(g)
    sources = {p.id: p.citation.source for p in g.prescriptions}
    assert sources["manage-lead-and-coach"].startswith("001")
    assert sources["leadership-mbos"].startswith("003")
    assert sources["not-every-manager-leaps"].startswith("002")
    caveat = next(p for p in g.prescriptions if p.id == "not-every-manager-leaps")
    assert caveat.kind == "caveat" and "not every sales manager" in caveat.citation.quote


def test_shortfalls_are_ordered_by_size() -> None:
    """Largest first: a person leading on some dimensions and managing on others."""
    answers = {**TELL_AND_SELL, "communication-tell-or-ask": "b", "communication-why": 4, "focus-vision": 4}
    g = rolemodel.gap(rolemodel.assess(answers), SMALL)
    sizes = [s.size for s in g.shortfalls]
    assert sizes == sorted(sizes, reverse=True)
    assert g.shortfalls[-1].dimension in ("communication", "focus")
    assert g.shortfalls[0].size > g.shortfalls[-1].size


def test_a_split_needs_the_seat_and_the_seat_decides_the_need() -> None:
    """For split staffing the seat must be given; the dedicated manager needs the management pole,
    the leader the leadership pole."""
    coach = rolemodel.assess(ASK_AND_LISTEN)
    with pytest.raises(RoleModelError, match="'leader' or 'manager'"):
        rolemodel.gap(coach, SPLIT)
    as_manager = rolemodel.gap(coach, SPLIT, seat="manager")
    assert (as_manager.need.need, as_manager.toward) == ("management", "management")
    assert {"pipeline-review", "management-is-essential"} <= _ids(as_manager)
    assert "bring-in-a-manager" not in _ids(as_manager)
    as_leader = rolemodel.gap(coach, SPLIT, seat="leader")
    assert as_leader.toward is None and as_leader.size == 0.0 and as_leader.shortfalls == ()


def test_a_leader_short_of_management_is_told_to_bring_in_a_manager() -> None:
    """One person, management needed, a pure leader: short toward management; 002's dedicated
    manager and 003's pipeline review are prescribed."""
    single_management = attrs.evolve(REGULATED, staffing=Staffing.SINGLE)
    g = rolemodel.gap(rolemodel.assess(ASK_AND_LISTEN), single_management)
    assert (g.seat, g.need.need, g.toward) == ("both", "management", "management")
    assert {"bring-in-a-manager", "pipeline-review"} <= _ids(g)
    assert next(p for p in g.prescriptions if p.id == "bring-in-a-manager").citation.source.startswith("002")


def test_a_manager_wide_step_is_kept_to_an_overall_shortfall() -> None:
    """One dimension past the band (a forecaster who settles conflicts the leader's way) gets the
    pipeline review, not 002's "bring in a dedicated manager", which answers an overall shortfall."""
    g = rolemodel.gap(rolemodel.assess({**TELL_AND_SELL, "conflict-approach": "b"}), SMALL)
    [conflict] = [s for s in g.shortfalls if s.toward == "management"]
    assert conflict.dimension == "conflict_resolution"
    assert [p.id for p in conflict.prescriptions] == ["pipeline-review"]
    assert "bring-in-a-manager" not in _ids(g) and "not-every-manager-leaps" in _ids(g)
    assert [p.id for p in g.prescriptions][: len(g.overall_prescriptions)] == [
        p.id for p in g.overall_prescriptions
    ]


def test_a_growth_leader_needs_balance() -> None:
    """Converged: seat 'both', the Growth Leader's band is around the middle; both poles fall short."""
    lead = rolemodel.gap(rolemodel.assess(ASK_AND_LISTEN), MATURE)
    manage = rolemodel.gap(rolemodel.assess(TELL_AND_SELL), MATURE)
    assert lead.need.need == manage.need.need == "both"
    assert lead.need.band[0] < 0.5 < lead.need.band[1]
    assert (lead.toward, manage.toward) == ("management", "leadership")


def test_the_seat_is_checked_and_no_staffing_needs_a_seat() -> None:
    """A mistyped seat says "did you mean"; with no staffing answer the seat must be given."""
    a = rolemodel.assess(TELL_AND_SELL)
    with pytest.raises(RoleModelError, match="did you mean 'leader'"):
        rolemodel.gap(a, SMALL, seat="leeder")
    none = attrs.evolve(SMALL, staffing=None, role=None)
    with pytest.raises(RoleModelError, match="no staffing is recommended"):
        rolemodel.gap(a, none)
    g = rolemodel.gap(a, none, seat="both")
    assert g.need.role is None and g.need.need == "both"
    with pytest.raises(RoleModelError, match="expected a Recommendation"):
        rolemodel.gap(a, {"role": "leadership"})  # type: ignore[arg-type]
    with pytest.raises(RoleModelError, match="expected an Assessment"):
        rolemodel.gap({"overall": 0.5}, SMALL)  # type: ignore[arg-type]


def test_readiness_feeds_back_into_the_profile() -> None:
    """as_profile_factors gives manager_readiness = min(1, overall / 0.5): 0 for the forecaster,
    1 for the coach; fed back, the mature company with an unready manager keeps the roles split
    (002's warning), a ready one converges."""
    unready = rolemodel.gap(rolemodel.assess(TELL_AND_SELL), MATURE).as_profile_factors()
    ready = rolemodel.gap(rolemodel.assess(ASK_AND_LISTEN), MATURE).as_profile_factors()
    assert unready["manager_readiness"] < 0.2 and ready == {"manager_readiness": 1.0}
    profile = MATURE.profile.to_dict()
    assert rolemodel.recommend({**profile, **unready}).staffing is Staffing.SPLIT
    assert rolemodel.recommend({**profile, **ready}).staffing is Staffing.CONVERGED


def test_readiness_is_refused_on_too_few_answers() -> None:
    """Under half the items answered, readiness is not derived, and saying so is an error."""
    g = rolemodel.gap(rolemodel.assess({"focus-forecast": 1}), SMALL)
    assert g.readiness is None
    with pytest.raises(RoleModelError, match="too few items answered"):
        g.as_profile_factors()


def test_a_gap_round_trips_and_displays_itself() -> None:
    """to_dict/from_dict through JSON; text, HTML and Markdown quote the need and every prescription."""
    g = rolemodel.gap(rolemodel.assess(TELL_AND_SELL, person="Pat & <b>"), SMALL)
    assert Gap.from_dict(json.loads(json.dumps(g.to_dict()))) == g
    bundle = g._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "text/markdown"}
    for p in g.prescriptions:
        assert p.citation.quote in bundle["text/plain"]
    assert "<b>" not in bundle["text/html"] and "Pat &amp; &lt;b&gt;" in bundle["text/html"]
    assert "calibration" in bundle["text/markdown"] and g.need.citation.source in bundle["text/markdown"]
    with pytest.raises(RoleModelError):
        Gap.from_dict({**g.to_dict(), "role": "boss"})
    with pytest.raises(RoleModelError):
        Gap.from_dict({"format": "rolemodel/gap"})


@given(
    answer_sets,
    st.sampled_from([SMALL, MATURE, SPLIT, REGULATED]),
    st.sampled_from(["leader", "manager", "both"]),
)
def test_gap_properties(answers: dict[str, object], rec: rolemodel.Recommendation, seat: str) -> None:
    """Shortfalls are positive, sorted largest first, outside the band, toward the band's side,
    each with at least one cited prescription; readiness is in [0, 1] and rises with overall."""
    a = rolemodel.assess(answers)
    g = rolemodel.gap(a, rec, seat)
    low, high = g.need.band
    assert [s.size for s in g.shortfalls] == sorted((s.size for s in g.shortfalls), reverse=True)
    for s in g.shortfalls:
        assert s.size > 0 and s.prescriptions
        assert (s.toward == "leadership" and s.position < low) or (
            s.toward == "management" and s.position > high
        )
        assert all(p.toward == s.toward and seat in p.seats and p.scope == "any" for p in s.prescriptions)
    assert bool(g.overall_prescriptions) == (g.toward is not None)
    assert all(p.toward == g.toward for p in g.overall_prescriptions)
    assert g.size == pytest.approx(max(0.0, low - a.overall, a.overall - high))
    if g.readiness is not None:
        assert 0.0 <= g.readiness <= 1.0
        assert g.readiness == pytest.approx(min(1.0, a.overall / INSTRUMENT.readiness.full_at))
