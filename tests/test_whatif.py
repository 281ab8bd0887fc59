"""What-if analysis: counterfactuals, sensitivity, phase maps and robustness (rolemodel._whatif)."""

from __future__ import annotations

import json
import math
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
    Staffing,
    Stage,
    phase_map,
    recommend,
)
from rolemodel._engine import COMBINED_TIE, REASONS
from tests.strategies import profiles

# The README's example: a mid-sized company in a fast market, lightly regulated -> leadership,
# held by a leader plus a dedicated manager (split).
LEADING = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}
# A tiny company in a fast market: leadership, one person holding both roles (single).
TINY = {"company_size": 5, "team_size": 2, "market_change": 0.9, "regulation": 0.1}
# A large regulated company that needs structure: management, one converged Growth Leader.
REGULATED = {
    "company_size": 5000,
    "team_size": 200,
    "market_change": 0.3,
    "regulation": 0.8,
    "structure_need": "high",
    "development_priority": 0.4,
}
TIE = REASONS[COMBINED_TIE]  # "the speaking frameworks' combined scores tie"
SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FRAMEWORKS = {f.id: f for f in rolemodel.builtin_frameworks()}


def _at(rec: Recommendation, factor: str, value: Any) -> Recommendation:
    data = rec.profile.to_dict()
    data[factor] = value.value if isinstance(value, Stage) else value
    return recommend(data, frameworks=[FRAMEWORKS[f] for f in rec.by_framework])


def _answer(rec: Recommendation, question: str) -> Role | Staffing | None:
    return rec.role if question == "role" else rec.staffing


def _changes(rec: Recommendation) -> dict[tuple[str, str], Counterfactual]:
    return {(c.factor, c.question): c for c in rec.counterfactuals()}


# -- counterfactuals: worked examples -----------------------------------------------------------


def test_slowing_the_market_turns_leadership_into_management_through_a_tie() -> None:
    """A slower market takes the leadership example into a tie near 0.36, then to management."""
    rec = recommend(**LEADING)
    assert rec.role is Role.LEADERSHIP
    change = _changes(rec)[("market_change", "role")]
    assert change == Counterfactual(
        "market_change",
        "role",
        0.8,
        change.value,
        Role.LEADERSHIP,
        None,
        change.distance,
        TIE,
        Role.MANAGEMENT,
        change.beyond_value,
    )
    assert 0.3 < change.value < 0.45
    assert isinstance(change.beyond_value, float) and 0.3 < change.beyond_value < change.value
    assert change.distance == pytest.approx(0.8 - change.value)
    assert _at(rec, "market_change", change.value).role is None
    assert _at(rec, "market_change", change.value + 0.001).role is Role.LEADERSHIP
    assert _at(rec, "market_change", change.beyond_value).role is Role.MANAGEMENT
    assert _at(rec, "market_change", change.beyond_value + 0.001).role is None
    assert str(change).startswith("market_change: 0.8 -> ")
    assert f"turns the role leadership into no recommendation: {TIE}; management from " in str(change)


def test_a_smaller_company_turns_the_staffing_single() -> None:
    """A smaller company turns the split of the example into one person holding both roles."""
    rec = recommend(**LEADING)
    assert rec.staffing is Staffing.SPLIT
    change = _changes(rec)[("company_size", "staffing")]
    assert (change.now, change.then, change.beyond) == (Staffing.SPLIT, None, Staffing.SINGLE)
    assert isinstance(change.value, int) and isinstance(change.beyond_value, int)
    assert change.beyond_value < change.value < 300
    assert _at(rec, "company_size", change.beyond_value).staffing is Staffing.SINGLE
    assert _at(rec, "company_size", change.beyond_value + 1).staffing is None
    assert _at(rec, "company_size", change.value + 1).staffing is Staffing.SPLIT
    assert change.distance == 300 - change.value


def test_a_mature_stage_turns_the_staffing_converged() -> None:
    """A mature stage turns the example's staffing to one converged Growth Leader."""
    rec = recommend(**LEADING)
    change = _changes(rec)[("stage", "staffing")]
    assert change == Counterfactual(
        "stage", "staffing", None, Stage.MATURE, Staffing.SPLIT, Staffing.CONVERGED, 1.0
    )
    assert _at(rec, "stage", Stage.MATURE).staffing is Staffing.CONVERGED
    assert str(change) == "stage: not given -> mature turns the staffing split into converged"


def test_counterfactuals_report_both_questions() -> None:
    """One call gives the role's and the staffing's changes, each record saying which it is."""
    changes = recommend(**LEADING).counterfactuals()
    assert {c.question for c in changes} == {"role", "staffing"}
    factors = list(rolemodel.FACTORS)
    keys = [(factors.index(c.factor), c.question) for c in changes]
    assert keys == sorted(keys)  # catalogue order, the role before the staffing
    assert all(c.then is not c.now for c in changes)


def test_a_change_to_no_recommendation_says_so() -> None:
    """A mature stage leaves the example's role without a recommendation, and says why."""
    change = _changes(recommend(**LEADING))[("stage", "role")]
    assert (change.now, change.then, change.reason) == (Role.LEADERSHIP, None, TIE)
    assert change.beyond is None and change.beyond_value is None  # mature is the last stage
    assert (
        str(change) == f"stage: not given -> mature turns the role leadership into no recommendation: {TIE}"
    )
    assert change.to_dict()["then"] is None


def test_an_absent_factor_is_searched_from_medium() -> None:
    """An optional factor the profile lacks has value_now None and a distance measured from 0.5."""
    rec = recommend(**LEADING)
    change = _changes(rec)[("structure_need", "role")]
    assert change.value_now is None
    assert change.distance == pytest.approx(abs(change.value - 0.5))
    assert "not given" in str(change)
    assert change.to_dict()["value_now"] is None


def test_a_settled_role_has_no_counterfactual() -> None:
    """A tiny company in a fast market keeps leadership whatever one factor does; only its
    size (towards a split) and a mature stage (converged) change who holds the roles."""
    rec = recommend(**TINY)
    assert (rec.role, rec.staffing) == (Role.LEADERSHIP, Staffing.SINGLE)
    changes = rec.counterfactuals()
    assert [c for c in changes if c.question == "role"] == []
    by_factor = {c.factor: c for c in changes}
    assert set(by_factor) == {"company_size", "stage"}
    assert by_factor["company_size"].beyond is Staffing.SPLIT
    assert by_factor["stage"].then is Staffing.CONVERGED


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
    changes = rec.counterfactuals()
    assert changes
    for change in changes:
        value = getattr(change.value, "value", change.value)
        data = {**rec.profile.to_dict(), change.factor: value}
        assert _answer(recommend(data, weights=weights), change.question) is change.then


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
    """Counterfactuals serialise to strict JSON, stages and answers as their names."""
    rec = recommend(
        company_size=60, team_size=8, market_change=0.5, regulation=0.5, stage="growth", manager_readiness=0.9
    )
    changes = rec.counterfactuals()
    assert changes
    for change in changes:
        data = json.loads(json.dumps(change.to_dict(), allow_nan=False))
        assert data["question"] in ("role", "staffing")
        assert set(data) == {
            "factor",
            "question",
            "value_now",
            "value",
            "now",
            "then",
            "reason",
            "distance",
            "beyond",
            "beyond_value",
        }


def test_counterfactual_repr_reads_as_a_sentence() -> None:
    """A counterfactual's repr and str name the factor, the values, the question and answers."""
    change = Counterfactual("regulation", "role", 0.2, 0.61, Role.LEADERSHIP, Role.MANAGEMENT, 0.41)
    assert (
        repr(change) == "<Counterfactual regulation 0.2 -> 0.61: role leadership -> management distance=0.41>"
    )
    assert str(change) == "regulation: 0.2 -> 0.61 turns the role leadership into management"
    none = Counterfactual("team_size", "staffing", 9, 12, None, Staffing.SPLIT, 3.0)
    assert str(none) == "team_size: 9 -> 12 turns the staffing no recommendation into split"
    with pytest.raises(RoleModelError, match="did you mean 'role'"):
        Counterfactual("team_size", "rol", 9, 12, None, Role.LEADERSHIP, 3.0)  # type: ignore[arg-type]


# -- counterfactuals: properties ----------------------------------------------------------------


@SLOW
@given(profiles())
def test_every_counterfactual_is_true(profile: dict[str, Any]) -> None:
    """At a counterfactual's value (others held) its question has its new answer, not the one
    now; past a no-recommendation band the answer beyond holds; counts sit on the boundary."""
    rec = recommend(profile)
    for change in rec.counterfactuals():
        now = _answer(rec, change.question)
        assert change.now is now
        assert change.then is not now
        assert change.distance >= 0
        there = _at(rec, change.factor, change.value)
        assert _answer(there, change.question) is change.then
        assert change.reason == (there.reason if change.question == "role" else there.staffing_reason)
        assert (change.reason == "") == (change.then is not None)
        if change.beyond_value is not None:
            assert change.then is None and change.beyond is not None
            assert _answer(_at(rec, change.factor, change.beyond_value), change.question) is change.beyond
        if change.factor in ("company_size", "team_size"):
            assert isinstance(change.value, int) and isinstance(change.value_now, int)
            back = change.value + (1 if change.value < change.value_now else -1)
            assert _answer(_at(rec, change.factor, back), change.question) is now


# -- sensitivity --------------------------------------------------------------------------------


def test_sensitivity_table_of_the_example() -> None:
    """The example's table lists the given factors for the roles and the staffing options: a
    faster market favours leadership, a bigger company the converged Growth Leader."""
    sens = recommend(**LEADING).sensitivity()
    assert isinstance(sens, Sensitivity)
    assert (sens.role, sens.staffing) == (Role.LEADERSHIP, Staffing.SPLIT)
    assert sens.factors == ("company_size", "team_size", "market_change", "regulation")
    assert sens.columns[2:] == ("management", "leadership", "growth_leader", "single", "split", "converged")
    assert sens.units["team_size"] == "per doubling"
    assert sens.units["market_change"] == "per unit"
    assert sens["market_change"][Role.LEADERSHIP] > 0
    assert sens["company_size"][Staffing.CONVERGED] > 0
    for factor in sens.factors:
        assert sum(sens[factor][r] for r in Role) == pytest.approx(0.0, abs=1e-9)
        assert sum(sens[factor][s] for s in Staffing) == pytest.approx(0.0, abs=1e-9)
    assert [r["factor"] for r in sens.rows] == list(sens.factors)
    json.dumps(sens.to_dict(), allow_nan=False)
    assert "market_change" in sens._repr_html_()
    assert "| market\\_change |" in sens._repr_markdown_()
    assert "staffing: split" in str(sens)
    with pytest.raises(KeyError, match="did you mean 'regulation'"):
        sens["regulatoin"]


def test_sensitivity_is_a_central_difference() -> None:
    """A graded factor's entry is the score difference across +-step over the step's width."""
    rec = recommend(**LEADING)
    sens = rec.sensitivity(step=0.1)
    up, down = _at(rec, "market_change", 0.9), _at(rec, "market_change", 0.7)
    assert sens["market_change"][Role.LEADERSHIP] == pytest.approx(
        (up.scores[Role.LEADERSHIP] - down.scores[Role.LEADERSHIP]) / 0.2
    )
    up, down = _at(rec, "company_size", 375), _at(rec, "company_size", 240)
    assert sens["company_size"][Staffing.CONVERGED] == pytest.approx(
        (up.staffing_scores[Staffing.CONVERGED] - down.staffing_scores[Staffing.CONVERGED])
        / math.log2(375 / 240)
    )


def test_sensitivity_where_nobody_speaks_is_undefined() -> None:
    """With only an article that abstains on the staffing, its scores are empty: the staffing
    columns are undefined (NaN, None in rows and JSON, n/a in text), the role's are not."""
    rec = recommend(LEADING, frameworks=[FRAMEWORKS["kotter-complexity-change"]])
    assert rec.staffing is None and rec.staffing_scores == {}
    sens = rec.sensitivity()
    for factor in sens.factors:
        assert all(math.isnan(sens[factor][s]) for s in Staffing)
        assert all(math.isfinite(sens[factor][r]) for r in Role)
        assert all(row[s.value] is None for row in sens.rows for s in Staffing)
    json.dumps(sens.to_dict(), allow_nan=False)
    assert "n/a" in str(sens) and "staffing: no recommendation" in str(sens)
    assert repr(sens).startswith("<Sensitivity role=leadership staffing=no recommendation factors=4")


def test_sensitivity_refuses_bad_steps() -> None:
    """Steps out of range are refused."""
    rec = recommend(**LEADING)
    with pytest.raises(RoleModelError, match="step"):
        rec.sensitivity(step=0)
    with pytest.raises(RoleModelError, match="relative_step"):
        rec.sensitivity(relative_step=-1)


@settings(max_examples=150, deadline=None)
@given(profiles(), st.sampled_from(sorted(FRAMEWORKS)))
def test_sensitivity_signs_follow_the_articles(profile: dict[str, Any], framework: str) -> None:
    """Within one article, regulation and team size never lower management and market change
    never lowers leadership (a bigger company and single staffing: see test_recommend, on
    evidence, since a stage shift between split and converged moves single's share by itself).

    (One article at a time: in the combination an article that starts or stops speaking across
    the step moves the scores by itself.)
    """
    sens = recommend(profile, frameworks=[FRAMEWORKS[framework]]).sensitivity()
    for factor, answer, sign in (
        ("regulation", Role.MANAGEMENT, 1),
        ("team_size", Role.MANAGEMENT, 1),
        ("market_change", Role.LEADERSHIP, 1),
    ):
        value = sens[factor][answer]
        assert math.isnan(value) or value * sign >= -1e-12, (factor, answer, value)


# -- robustness ---------------------------------------------------------------------------------


def test_robustness_of_the_example() -> None:
    """The example keeps leadership and its split under weight noise and without any one article."""
    rob = recommend(**LEADING).robustness()
    assert isinstance(rob, Robustness)
    assert (rob.role, rob.staffing) == (Role.LEADERSHIP, Staffing.SPLIT)
    assert sum(rob.counts.values()) + rob.no_answer == rob.samples == 200
    assert sum(rob.staffing_counts.values()) + rob.staffing_no_answer == 200
    assert rob.share == rob.counts[Role.LEADERSHIP] / 200 == 1.0
    assert rob.staffing_share == rob.staffing_counts[Staffing.SPLIT] / 200 == 1.0
    assert set(rob.leave_one_out) == set(rob.staffing_leave_one_out) == set(FRAMEWORKS)
    assert rob.robust and rob.staffing_robust
    assert rob.fragile_to == rob.staffing_fragile_to == ()
    json.dumps(rob.to_dict(), allow_nan=False)


def test_robustness_finds_a_staffing_resting_on_one_article() -> None:
    """The regulated company's management is robust; its converged staffing rests on the
    growth-leader article: without it the staffing turns to a split."""
    rob = recommend(REGULATED).robustness(samples=50)
    assert (rob.role, rob.staffing) == (Role.MANAGEMENT, Staffing.CONVERGED)
    assert rob.robust and not rob.staffing_robust
    assert rob.fragile_to == ()
    assert rob.staffing_fragile_to == ("growth-leader-convergence",)
    assert rob.staffing_leave_one_out["growth-leader-convergence"] is Staffing.SPLIT
    assert rob.staffing_seen == (Staffing.SPLIT, Staffing.CONVERGED)
    assert "without growth-leader-convergence: -> split" in str(rob)
    assert rob.to_dict()["staffing_leave_one_out"]["growth-leader-convergence"] == "split"


def test_leaving_out_one_of_two_may_leave_no_speaker() -> None:
    """With two articles, leaving one out can leave one that abstains: no answer, no crash."""
    pair = [FRAMEWORKS["both-hats"], FRAMEWORKS["manage-lead-coach"]]
    rec = recommend(LEADING, frameworks=pair)
    assert (rec.role, rec.staffing) == (Role.LEADERSHIP, Staffing.SPLIT)
    rob = rec.robustness(samples=20)
    assert rob.leave_one_out["manage-lead-coach"] is None  # both-hats alone: no role verdict
    assert rob.staffing_leave_one_out["both-hats"] is None  # manage-lead-coach: no staffing
    assert rob.fragile_to == ("manage-lead-coach",)
    assert None in rob.seen and None in rob.staffing_seen
    assert "without manage-lead-coach: -> no recommendation" in str(rob)
    data = json.loads(json.dumps(rob.to_dict(), allow_nan=False))
    assert data["leave_one_out"]["manage-lead-coach"] is None


@pytest.mark.parametrize("framework", sorted(FRAMEWORKS))
def test_one_framework_is_never_left_out(framework: str) -> None:
    """With one framework there is nothing to leave out; where it abstains, the draws give no
    answer too, and that is kept."""
    rec = recommend(LEADING, frameworks=[FRAMEWORKS[framework]])
    rob = rec.robustness(samples=5)
    assert rob.leave_one_out == {} and rob.staffing_leave_one_out == {}
    assert rob.robust and rob.share == 1.0
    assert rob.staffing_robust and rob.staffing_share == 1.0
    assert rob.no_answer == (5 if rec.role is None else 0)
    assert rob.staffing_no_answer == (5 if rec.staffing is None else 0)
    str(rob)
    json.dumps(rob.to_dict(), allow_nan=False)


def test_robustness_is_deterministic_and_zero_spread_keeps_the_answers() -> None:
    """The same seed gives the same answer; no spread keeps both answers in every draw."""
    rec = recommend(company_size=60, team_size=8, market_change=0.45, regulation=0.5)
    assert rec.robustness(seed=3) == rec.robustness(seed=3)
    still = rec.robustness(spread=0.0, samples=20)
    assert still.share == still.staffing_share == 1.0


def test_robustness_refuses_bad_arguments() -> None:
    """Negative spreads and non-positive sample counts are refused."""
    rec = recommend(**LEADING)
    with pytest.raises(RoleModelError, match="spread"):
        rec.robustness(spread=-1)
    with pytest.raises(RoleModelError, match="samples"):
        rec.robustness(samples=0)


# -- phase maps ---------------------------------------------------------------------------------


def test_phase_map_of_market_and_regulation() -> None:
    """On market change x regulation, calm regulated corners are management, fast free ones not."""
    pm = phase_map(x="market_change", y="regulation", company_size=300, team_size=25)
    assert isinstance(pm, PhaseMap)
    assert pm.question == "role"
    assert len(pm.x_values) == len(pm.y_values) == 21
    assert pm.at(1.0, 0.0) is Role.LEADERSHIP
    assert pm.at(0.0, 1.0) is Role.MANAGEMENT
    assert sum(pm.shares.values()) == pytest.approx(1.0)
    data = pm.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["answers"][0][20] == "leadership"
    assert len(data["dissent"]) == 21 and all(len(row) == 21 for row in data["dissent"])


def test_phase_map_of_the_staffing() -> None:
    """Mapped for the staffing, small companies are single, mature ones converged."""
    pm = phase_map(
        x="stage",
        y="company_size",
        y_values=[5, 300],
        team_size=3,
        market_change=0.5,
        regulation=0.5,
        question="staffing",
    )
    assert pm.question == "staffing" and pm.options == tuple(Staffing)
    assert pm.at(Stage.STARTUP, 5) is Staffing.SINGLE
    assert pm.at(Stage.GROWTH, 300) is Staffing.SPLIT
    assert pm.at(Stage.MATURE, 300) is Staffing.CONVERGED
    assert set(pm.shares) == {*Staffing, None}
    assert pm.to_dict()["question"] == "staffing"
    assert repr(pm).startswith("<PhaseMap staffing stage x company_size 3x2 (")


def test_phase_map_marks_impossible_cells() -> None:
    """Where the team would outnumber the company, the cell holds no answer and says why."""
    pm = phase_map(
        x="company_size",
        y="team_size",
        x_values=[10, 100],
        y_values=[5, 50],
        market_change=0.5,
        regulation=0.5,
    )
    assert pm.at(10, 50) is None
    assert pm.answers[1][0] is None and pm.confidence[1][0] is None
    assert "no valid company" in pm.reasons[1][0]
    assert pm.at(100, 50) is not None


NO_ROLE_GRID = {
    "x": "market_change",
    "y": "team_size",
    "x_values": [0.1, 0.35, 0.9],
    "y_values": [5, 25, 500],
    "company_size": 300,
    "regulation": "low",
}


def test_phase_map_keeps_cells_with_no_recommendation() -> None:
    """A cell where the articles tie has no role, a confidence of 0 and its reason; it counts
    as a valid cell of its own ("no recommendation"), apart from the impossible ones."""
    pm = phase_map(**NO_ROLE_GRID)
    assert pm.at(0.35, 25) is None
    assert pm.confidence[1][1] == 0.0 and pm.reasons[1][1] == TIE
    assert pm.shares[None] == pytest.approx(1 / 6)  # one of six valid cells
    assert "no recommendation=17%" in repr(pm)
    assert pm.to_dict()["answers"][1][1] is None


def test_phase_map_shows_no_recommendation_as_html() -> None:
    """In a notebook, no-recommendation cells get their own colour and tooltip, apart from the
    cells that are no company; both are in the legend."""
    from rolemodel._markup import answer_colour

    page = phase_map(**NO_ROLE_GRID)._repr_html_()
    assert page.count('<td style="width:14px') == 9
    assert f"no recommendation: {TIE}".replace("'", "&#x27;") in page
    assert f"background-color:{answer_colour(None)}" in page
    assert "no recommendation 17%" in page
    assert "no valid company" in page


def test_phase_map_plots_cells_with_no_recommendation() -> None:
    """plot() draws a grid with no-recommendation cells, and labels them in the legend."""
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    pm = phase_map(**NO_ROLE_GRID)
    ax = Figure().subplots()
    assert pm.plot(ax=ax) is ax
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:3] == ["management", "leadership", "no recommendation"]
    assert ax.get_title().startswith("Recommended role")


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
    """Unknown axes and questions get a hint; an axis cannot also be fixed; required factors
    must be there."""
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
    with pytest.raises(RoleModelError, match="did you mean 'staffing'"):
        phase_map(x="regulation", y="market_change", company_size=10, team_size=2, question="stafing")


graded_axis = st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=4, unique=True)


@settings(max_examples=40, deadline=None)
@given(
    profiles(),
    graded_axis,
    st.lists(st.integers(1, 5000), min_size=1, max_size=4, unique=True),
    st.sampled_from(["role", "staffing"]),
)
def test_phase_map_cells_equal_recommend(
    profile: dict[str, Any], xs: list[float], ys: list[int], question: str
) -> None:
    """Every cell holds the answer, confidence, reason and dissent recommend() gives there."""
    fixed = {k: v for k, v in profile.items() if k not in ("regulation", "team_size")}
    pm = phase_map(x="regulation", y="team_size", x_values=xs, y_values=ys, question=question, **fixed)
    for j, yv in enumerate(pm.y_values):
        for i, xv in enumerate(pm.x_values):
            if yv > profile["company_size"]:
                assert pm.answers[j][i] is None and pm.confidence[j][i] is None
                continue
            rec = recommend({**fixed, "regulation": xv, "team_size": yv})
            role = question == "role"
            assert pm.answers[j][i] is _answer(rec, question)
            assert pm.confidence[j][i] == (rec.confidence if role else rec.staffing_confidence)
            assert pm.reasons[j][i] == (rec.reason if role else rec.staffing_reason)
            assert pm.dissent[j][i] == bool(rec.dissent if role else rec.staffing_dissent)


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

    pm = phase_map(
        x="stage", y="regulation", company_size=300, team_size=25, market_change=0.5, question="staffing"
    )
    ax = pm.plot()
    assert ax.get_xlabel() == "stage"
    assert ax.get_title().startswith("Recommended staffing")
    plt.close(ax.figure)


def test_phase_map_shows_itself_as_html() -> None:
    """In a notebook the map is a grid of coloured cells, one per point, with a legend, its
    colours the library's one palette."""
    from rolemodel._markup import answer_colour

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
    for answer in {a for row in pm.answers for a in row if a is not None}:
        assert f"background-color:{answer_colour(answer)}" in page
    assert repr(pm).startswith("<PhaseMap role market_change x team_size 2x2 (")
