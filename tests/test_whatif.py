"""What-if analysis: counterfactuals, sensitivity, phase maps and robustness (rolemodel._whatif)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel import (
    Counterfactual,
    PhaseMap,
    Recommendation,
    Robustness,
    Role,
    RoleModelError,
    Sensitivity,
    Stage,
    phase_map,
    recommend,
)
from tests.strategies import profiles

# The README's example: a mid-sized company in a fast market, lightly regulated -> leadership.
LEADING = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}
SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _at(rec: Recommendation, factor: str, value: Any) -> Recommendation:
    data = rec.profile.to_dict()
    data[factor] = value.value if isinstance(value, Stage) else value
    return recommend(data)


# -- counterfactuals: worked examples -----------------------------------------------------------


def test_slowing_the_market_turns_leadership_into_management() -> None:
    """A slower market turns the leadership example into management, near 0.43, and no sooner."""
    rec = recommend(**LEADING)
    assert rec.role is Role.LEADERSHIP
    by_factor = {c.factor: c for c in rec.counterfactuals()}
    change = by_factor["market_change"]
    assert change == Counterfactual(
        "market_change", 0.8, change.value, Role.LEADERSHIP, Role.MANAGEMENT, change.distance
    )
    assert 0.3 < change.value < 0.6
    assert change.distance == pytest.approx(0.8 - change.value)
    assert _at(rec, "market_change", change.value).role is Role.MANAGEMENT
    assert _at(rec, "market_change", change.value + 0.001).role is Role.LEADERSHIP
    assert str(change).startswith("market_change: 0.8 -> ")


def test_a_smaller_company_turns_the_example_into_a_growth_leader() -> None:
    """A smaller company turns the example into growth_leader; one more person and it is not."""
    rec = recommend(**LEADING)
    change = {c.factor: c for c in rec.counterfactuals()}["company_size"]
    assert change.role is Role.GROWTH_LEADER
    assert change.value < 300
    assert _at(rec, "company_size", change.value).role is Role.GROWTH_LEADER
    assert _at(rec, "company_size", change.value + 1).role is Role.LEADERSHIP
    assert change.distance == 300 - change.value


def test_an_absent_factor_is_searched_from_medium() -> None:
    """An optional factor the profile lacks has value_now None and a distance measured from 0.5."""
    rec = recommend(**LEADING)
    change = {c.factor: c for c in rec.counterfactuals()}["structure_need"]
    assert change.value_now is None
    assert change.distance == pytest.approx(abs(change.value - 0.5))
    assert "not given" in str(change)
    assert change.to_dict()["value_now"] is None


def test_a_settled_recommendation_has_no_counterfactual() -> None:
    """A large regulated company needing structure stays management whatever one factor does."""
    rec = recommend(
        company_size=5000,
        team_size=200,
        market_change=0.3,
        regulation=0.8,
        structure_need="high",
        development_priority=0.4,
    )
    assert rec.role is Role.MANAGEMENT
    assert rec.counterfactuals() == ()


def test_counterfactuals_need_no_live_frameworks_for_builtin_ones() -> None:
    """A recommendation read back from a dict finds its built-in frameworks again."""
    rec = recommend(**LEADING)
    data = json.loads(json.dumps(rec.to_dict()))
    del data["explanation"]  # only the verdicts matter here
    back = Recommendation.from_dict(data)
    assert back.counterfactuals() == rec.counterfactuals()
    assert back.sensitivity() == rec.sensitivity()


def test_counterfactuals_keep_the_weights_used() -> None:
    """Counterfactuals re-run recommend with the recommendation's own framework weights."""
    weights = {"kotter-complexity-change": 0.0}
    rec = recommend(LEADING, weights=weights)
    for change in rec.counterfactuals():
        value = getattr(change.value, "value", change.value)
        data = {**rec.profile.to_dict(), change.factor: value}
        assert recommend(data, weights=weights).role is change.role


def test_a_read_back_custom_framework_cannot_be_varied() -> None:
    """Without the framework object and no built-in of that id, what-if says what is missing."""
    rec = recommend(**LEADING)
    data = rec.to_dict()
    del data["explanation"]
    data["by_framework"] = {"mine": {**data["by_framework"]["both-hats"], "framework": "mine"}}
    back = Recommendation.from_dict(data)
    with pytest.raises(RoleModelError, match="'mine'"):
        back.counterfactuals()


def test_counterfactual_to_dict_is_json() -> None:
    """Counterfactuals serialise to JSON, stages as their names."""
    rec = recommend(
        company_size=60, team_size=8, market_change=0.5, regulation=0.5, stage="growth", manager_readiness=0.9
    )
    for change in rec.counterfactuals():
        json.dumps(change.to_dict())


# -- counterfactuals: properties ----------------------------------------------------------------


@SLOW
@given(profiles())
def test_every_counterfactual_is_true(profile: dict[str, Any]) -> None:
    """Recommending at a counterfactual's value (others held) gives its role, not the role now."""
    rec = recommend(profile)
    for change in rec.counterfactuals():
        assert change.role_now is rec.role
        assert change.role is not rec.role
        assert change.distance >= 0
        assert _at(rec, change.factor, change.value).role is change.role


@SLOW
@given(profiles())
def test_count_counterfactuals_sit_on_the_boundary(profile: dict[str, Any]) -> None:
    """One person back towards the profile's count, the role is still the role now."""
    rec = recommend(profile)
    for change in rec.counterfactuals():
        if change.factor in ("company_size", "team_size"):
            assert isinstance(change.value, int) and isinstance(change.value_now, int)
            back = change.value + (1 if change.value < change.value_now else -1)
            assert _at(rec, change.factor, back).role is rec.role


# -- sensitivity --------------------------------------------------------------------------------


def test_sensitivity_table_of_the_example() -> None:
    """The example's table lists the given factors; a faster market favours leadership."""
    sens = recommend(**LEADING).sensitivity()
    assert isinstance(sens, Sensitivity)
    assert sens.factors == ("company_size", "team_size", "market_change", "regulation")
    assert sens.units["team_size"] == "per doubling"
    assert sens.units["market_change"] == "per unit"
    assert sens["market_change"][Role.LEADERSHIP] > 0
    for factor in sens.factors:
        assert sum(sens[factor].values()) == pytest.approx(0.0, abs=1e-9)
    assert [r["factor"] for r in sens.rows] == list(sens.factors)
    json.dumps(sens.to_dict())
    assert "market_change" in sens._repr_html_()
    assert "| market\\_change |" in sens._repr_markdown_()
    with pytest.raises(KeyError, match="did you mean 'regulation'"):
        sens["regulatoin"]


def test_sensitivity_is_a_central_difference() -> None:
    """A graded factor's entry is the score difference across +-step over the step's width."""
    rec = recommend(**LEADING)
    sens = rec.sensitivity(step=0.1)
    up = _at(rec, "market_change", 0.9).scores[Role.LEADERSHIP]
    down = _at(rec, "market_change", 0.7).scores[Role.LEADERSHIP]
    assert sens["market_change"][Role.LEADERSHIP] == pytest.approx((up - down) / 0.2)


def test_sensitivity_refuses_bad_steps() -> None:
    """Steps out of range are refused."""
    rec = recommend(**LEADING)
    with pytest.raises(RoleModelError, match="step"):
        rec.sensitivity(step=0)
    with pytest.raises(RoleModelError, match="relative_step"):
        rec.sensitivity(relative_step=-1)


@settings(max_examples=150, deadline=None)
@given(profiles())
def test_sensitivity_signs_follow_the_articles(profile: dict[str, Any]) -> None:
    """Regulation and team size never lower management; market change never lowers leadership."""
    sens = recommend(profile).sensitivity()
    assert sens["regulation"][Role.MANAGEMENT] >= -1e-12
    assert sens["market_change"][Role.LEADERSHIP] >= -1e-12
    assert sens["team_size"][Role.MANAGEMENT] >= -1e-12


# -- robustness ---------------------------------------------------------------------------------


def test_robustness_of_the_example() -> None:
    """The example keeps leadership under weight noise; without Kotter it turns to management."""
    rob = recommend(**LEADING).robustness()
    assert isinstance(rob, Robustness)
    assert rob.role is Role.LEADERSHIP
    assert 0 <= rob.share <= 1
    assert sum(rob.roles.values()) == rob.samples == 200
    assert rob.share == rob.roles[Role.LEADERSHIP] / 200
    assert set(rob.leave_one_out) == {f.id for f in rolemodel.builtin_frameworks()}
    assert rob.leave_one_out["kotter-complexity-change"] is Role.MANAGEMENT
    assert rob.fragile_to == ("kotter-complexity-change",)
    assert Role.MANAGEMENT in rob.seen and not rob.robust
    json.dumps(rob.to_dict())
    assert "without kotter-complexity-change: -> management" in str(rob)


def test_robustness_is_deterministic_and_zero_spread_keeps_the_role() -> None:
    """The same seed gives the same answer; no spread keeps the role in every draw."""
    rec = recommend(company_size=60, team_size=8, market_change=0.45, regulation=0.5)
    assert rec.robustness(seed=3) == rec.robustness(seed=3)
    assert rec.robustness(spread=0.0, samples=20).share == 1.0


def test_robustness_refuses_bad_arguments() -> None:
    """Negative spreads and non-positive sample counts are refused."""
    rec = recommend(**LEADING)
    with pytest.raises(RoleModelError, match="spread"):
        rec.robustness(spread=-1)
    with pytest.raises(RoleModelError, match="samples"):
        rec.robustness(samples=0)


def test_one_framework_is_never_left_out() -> None:
    """With one framework there is nothing to leave out."""
    only = rolemodel.builtin_frameworks()[:1]
    rob = recommend(LEADING, frameworks=only).robustness(samples=5)
    assert rob.leave_one_out == {}
    assert rob.robust and rob.share == 1.0


# -- phase maps ---------------------------------------------------------------------------------


def test_phase_map_of_market_and_regulation() -> None:
    """On market change x regulation, calm regulated corners are management, fast free ones not."""
    pm = phase_map(x="market_change", y="regulation", company_size=300, team_size=25)
    assert isinstance(pm, PhaseMap)
    assert len(pm.x_values) == len(pm.y_values) == 21
    assert pm.at(1.0, 0.0) is Role.LEADERSHIP
    assert pm.at(0.0, 1.0) is Role.MANAGEMENT
    assert sum(pm.shares.values()) == pytest.approx(1.0)
    data = pm.to_dict()
    json.dumps(data)
    assert data["roles"][0][20] == "leadership"
    assert len(data["dissent"]) == 21 and all(len(row) == 21 for row in data["dissent"])


def test_phase_map_marks_impossible_cells() -> None:
    """Where the team would outnumber the company, the cell holds no role."""
    pm = phase_map(
        x="company_size",
        y="team_size",
        x_values=[10, 100],
        y_values=[5, 50],
        market_change=0.5,
        regulation=0.5,
    )
    assert pm.at(10, 50) is None
    assert pm.roles[1][0] is None and pm.confidence[1][0] is None
    assert pm.at(100, 50) is not None


def test_phase_map_over_stages() -> None:
    """The stage can be an axis; its default values are the three stages."""
    pm = phase_map(
        x="stage",
        y="manager_readiness",
        y_values=[0.0, 1.0],
        company_size=300,
        team_size=25,
        market_change=0.5,
        regulation=0.5,
    )
    assert pm.x_values == tuple(Stage)
    assert pm.to_dict()["x_values"] == ["startup", "growth", "mature"]


def test_phase_map_errors() -> None:
    """Unknown axes get a hint; an axis cannot also be fixed; required factors must be there."""
    with pytest.raises(RoleModelError, match="did you mean 'regulation'"):
        phase_map(x="regulaton", y="market_change", company_size=10, team_size=2)
    with pytest.raises(RoleModelError, match="is an axis"):
        phase_map(x="regulation", y="market_change", regulation=0.5, company_size=10, team_size=2)
    with pytest.raises(RoleModelError, match="team_size"):
        phase_map(x="regulation", y="market_change", company_size=10)
    with pytest.raises(RoleModelError, match="two different"):
        phase_map(x="regulation", y="regulation", company_size=10, team_size=2)
    with pytest.raises(RoleModelError, match="regulation"):
        phase_map(x="regulation", y="market_change", x_values=[2.0], company_size=10, team_size=2)


graded_axis = st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=4, unique=True)


@settings(max_examples=40, deadline=None)
@given(profiles(), graded_axis, st.lists(st.integers(1, 5000), min_size=1, max_size=4, unique=True))
def test_phase_map_cells_equal_recommend(profile: dict[str, Any], xs: list[float], ys: list[int]) -> None:
    """Every cell holds the role, confidence and dissent recommend() gives at that point."""
    fixed = {k: v for k, v in profile.items() if k not in ("regulation", "team_size")}
    pm = phase_map(x="regulation", y="team_size", x_values=xs, y_values=ys, **fixed)
    for j, yv in enumerate(pm.y_values):
        for i, xv in enumerate(pm.x_values):
            if yv > profile["company_size"]:
                assert pm.roles[j][i] is None
                continue
            rec = recommend({**fixed, "regulation": xv, "team_size": yv})
            assert pm.roles[j][i] is rec.role
            assert pm.confidence[j][i] == rec.confidence
            assert pm.dissent[j][i] == (len({v.role for v in rec.verdicts}) > 1)


def test_phase_map_plot_draws_regions_and_hatches_dissent() -> None:
    """plot() draws on the axes given, one hatched patch per dissenting cell, and a legend."""
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    pm = phase_map(
        x="market_change", y="team_size", y_values=[2, 10, 50, 200], company_size=300, regulation=0.4
    )
    ax = Figure().subplots()
    assert pm.plot(ax=ax) is ax
    hatched = sum(1 for p in ax.patches if p.get_hatch())
    assert hatched == sum(map(sum, pm.dissent))
    assert ax.get_yscale() == "log"
    assert ax.get_legend() is not None


def test_phase_map_plot_makes_its_own_figure() -> None:
    """Without axes, plot() makes a figure (headless backend) and returns its axes."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pm = phase_map(x="stage", y="regulation", company_size=300, team_size=25, market_change=0.5)
    ax = pm.plot()
    assert ax.get_xlabel() == "stage"
    plt.close(ax.figure)


def test_phase_map_shows_itself_as_html() -> None:
    """In a notebook the map is a grid of coloured cells, one per point, with a legend."""
    pm = phase_map(
        x="market_change",
        y="team_size",
        x_values=[0.1, 0.9],
        y_values=[5, 500],
        company_size=300,
        regulation="low",
    )
    page = pm._repr_html_()
    assert page.count('<td style="width:14px') == 4
    assert "no valid company" in page  # 500 people in a company of 300
    assert "team_size=5" in page and "regulation=low" in page
    assert repr(pm).startswith("<PhaseMap market_change x team_size 2x2 (")


def test_counterfactual_repr_reads_as_a_sentence() -> None:
    """A counterfactual's repr names the factor, the values and the roles."""
    change = Counterfactual("regulation", 0.2, 0.61, Role.LEADERSHIP, Role.MANAGEMENT, 0.41)
    assert repr(change) == ("<Counterfactual regulation 0.2 -> 0.61: leadership -> management distance=0.41>")
    assert str(change) == "regulation: 0.2 -> 0.61 turns leadership into management"
