"""Growth paths: the staffing the articles prescribe period by period, the transitions and their
passages, plans projected from one profile, and the renderings (rolemodel._growth and friends)."""

from __future__ import annotations

import contextlib
import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rolemodel
from rolemodel import GrowthPath, ProfileError, Role, RoleModelError, Staffing
from rolemodel._growth import MARKETING_CITATION
from rolemodel._growth_build import KINDS
from rolemodel._growth_input import MAX_PERIODS

from .strategies import profiles

SINGLE, SPLIT, CONVERGED = Staffing.SINGLE, Staffing.SPLIT, Staffing.CONVERGED
ONLY_002 = [f for f in rolemodel.builtin_frameworks() if f.id == "growth-leader-convergence"]

#: 002's story: the owner's company grows from 5 to 3,000 people over ten years, its sales team
#: seasons and its processes are refined as it goes (market and regulation held steady).
STORY = [
    (2020, 5, 1, 0.1),
    (2022, 30, 3, 0.2),
    (2024, 150, 12, 0.4),
    (2026, 400, 33, 0.6),
    (2028, 1200, 100, 0.8),
    (2030, 3000, 250, 0.9),
]


def story(readiness: Any = "absent") -> list[dict[str, Any]]:
    """The story as a trajectory, with the manager's readiness (``"absent"``: not given)."""
    out = []
    for year, size, team, seasoning in STORY:
        period = {
            "year": year,
            "company_size": size,
            "team_size": team,
            "market_change": "medium",
            "regulation": "low",
            "team_seasoning": seasoning,
            "process_maturity": seasoning,
        }
        if readiness != "absent":
            period["manager_readiness"] = readiness
        out.append(period)
    return out


def without_period(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "year"}


# -- the articles' scenarios -------------------------------------------------------------------


def test_a_company_from_5_to_3000_goes_single_split_converged() -> None:
    """002: the owner holds both roles, a dedicated manager comes in as the company grows, and a
    mature company whose team has seasoned and whose manager is ready converges the roles."""
    path = rolemodel.growth_path(story(readiness="high"))
    assert path.staffing_sequence == (SINGLE, SPLIT, CONVERGED)
    kinds = [t.kind for t in path.transitions if t.question == "staffing"]
    assert kinds == ["dedicated-manager", "converge"]
    bring_in, converge = (t for t in path.transitions if t.question == "staffing")
    assert (bring_in.was, bring_in.now) == (SINGLE, SPLIT)
    assert bring_in.citation == KINDS["dedicated-manager"][2]
    assert converge.citation == KINDS["converge"][2]
    assert path.periods[-1].role is Role.GROWTH_LEADER
    assert converge.note == ""  # the manager's readiness is known


def test_the_roles_stay_split_when_the_manager_lacks_the_aptitude() -> None:
    """002: a manager who cannot make the leap keeps the roles split; the path says where, with
    the passage, and the rules that read the manager's readiness."""
    path = rolemodel.growth_path(story(readiness="low"))
    assert path.staffing_sequence == (SINGLE, SPLIT)
    keep = [t for t in path.transitions if t.kind == "keep-split"]
    assert len(keep) == 1
    assert keep[0].was is SPLIT and keep[0].now is SPLIT
    assert keep[0].citation == KINDS["keep-split"][2]
    assert keep[0].reasons and all(
        any(i.name == "manager_readiness" for i in c.reads) for c in keep[0].reasons
    )
    held = [p.period for p in path.periods if p.held_by_manager]
    assert held and held[0] == keep[0].at
    ready = rolemodel.growth_path(story(readiness="high"))
    assert [p.period for p in ready.periods if p.staffing is CONVERGED] == held


def test_unknown_readiness_converges_at_a_lower_confidence() -> None:
    """002: readiness not given leaves the convergence standing, at a lower confidence than a
    ready manager gives (002 alone), a lower combined score, and a note on the transition."""
    unknown = rolemodel.growth_path(story())
    assert unknown.staffing_sequence == (SINGLE, SPLIT, CONVERGED)
    converge = next(t for t in unknown.transitions if t.kind == "converge")
    assert "manager_readiness not given" in converge.note
    ready = rolemodel.growth_path(story(readiness="high"))
    for a, b in zip(unknown.periods, ready.periods, strict=True):
        if a.staffing is CONVERGED:
            assert a.recommendation.staffing_scores[CONVERGED] < b.recommendation.staffing_scores[CONVERGED]
    alone_unknown = rolemodel.growth_path(story(), ONLY_002)
    alone_ready = rolemodel.growth_path(story(readiness="high"), ONLY_002)
    last_unknown, last_ready = alone_unknown.periods[-1], alone_ready.periods[-1]
    assert last_unknown.staffing is last_ready.staffing is CONVERGED
    assert last_unknown.staffing_confidence < last_ready.staffing_confidence


def test_marketing_reports_to_the_leader_when_split_and_the_growth_leader_when_converged() -> None:
    """002: marketing reports to the sales leader (collaborating with the manager) or to the
    Growth Leader; the path says nothing for one person in both roles."""
    path = rolemodel.growth_path(story(readiness="high"))
    for p in path.periods:
        if p.staffing is SPLIT:
            assert p.marketing is not None and "sales leader" in p.marketing
        elif p.staffing is CONVERGED:
            assert p.marketing is not None and "Growth Leader" in p.marketing
        else:
            assert p.marketing is None


def test_disagreements_are_the_periods_where_a_framework_dissents() -> None:
    """A large mature company is split by 000 and converged by 002: those periods are listed."""
    path = rolemodel.growth_path(story(readiness="high"))
    contested = path.disagreements
    assert contested == tuple(p for p in path.periods if p.dissent or p.staffing_dissent)
    converged = [p for p in path.periods if p.staffing is CONVERGED]
    assert converged and all(p in contested and "both-hats" in p.staffing_dissent for p in converged)


def test_transitions_cite_verbatim_passages(sources: Path) -> None:
    """Every passage a growth path cites (its kinds, marketing, every fired rule) is verbatim."""
    text = (sources / "002_1107da2bb63b138e.txt").read_text(encoding="utf-8")
    for _, _, citation in KINDS.values():
        if citation is not None:
            assert citation.quote in text
    assert MARKETING_CITATION.quote in text
    for readiness in ("high", "low", "absent"):
        for t in rolemodel.growth_path(story(readiness)).transitions:
            assert t.citation is not None
            for c in (t.citation, *(r.citation for r in t.reasons)):
                assert c.quote in (sources / c.source).read_text(encoding="utf-8")


def test_a_role_change_is_a_transition_with_the_rules_that_grew() -> None:
    """The role turning to growth_leader is a transition whose reasons are rules into it."""
    path = rolemodel.growth_path(story(readiness="high"))
    role = [t for t in path.transitions if t.question == "role"]
    assert role and role[-1].now is Role.GROWTH_LEADER
    assert all(c.target == "growth_leader" for c in role[-1].reasons)
    assert role[-1].citation == role[-1].reasons[0].citation


# -- every period is recommend() -----------------------------------------------------------------


def test_each_period_is_exactly_recommend_of_its_profile() -> None:
    """A period's answer is rolemodel.recommend() of its profile, with the same frameworks."""
    for frameworks in (None, ONLY_002):
        path = rolemodel.growth_path(story(readiness="low"), frameworks)
        for period, data in zip(path.periods, story(readiness="low"), strict=True):
            assert period.recommendation == rolemodel.recommend(without_period(data), frameworks=frameworks)
            assert period.period == data["year"]


@given(st.lists(profiles(), min_size=1, max_size=5))
def test_periods_keep_their_order_and_each_is_recommend(trajectory: list[dict[str, Any]]) -> None:
    """Periods come out in the order given, numbered from 1, each recommend() of its profile."""
    path = rolemodel.growth_path(trajectory)
    assert [p.period for p in path.periods] == list(range(1, len(trajectory) + 1))
    for period, data in zip(path.periods, trajectory, strict=True):
        assert period.recommendation == rolemodel.recommend(data)
    assert all(t.at != t.before for t in path.transitions)
    order = [p.period for p in path.periods]
    assert [order.index(t.at) for t in path.transitions] == sorted(
        order.index(t.at) for t in path.transitions
    )


@given(profiles(), st.sampled_from([2019, "2026-Q1", 3.5]))
def test_one_period_alone_is_recommend(data: dict[str, Any], label: Any) -> None:
    """A trajectory of one period gives recommend()'s answer and no transition."""
    path = rolemodel.growth_path([{**data, "period": label}])
    [period] = path.periods
    rec = rolemodel.recommend(data)
    assert period.recommendation == rec
    assert (period.role, period.staffing, period.confidence) == (rec.role, rec.staffing, rec.confidence)
    assert period.period == label and path.transitions == ()


@given(st.lists(profiles(), min_size=2, max_size=4))
def test_a_transition_is_every_change_of_answer(trajectory: list[dict[str, Any]]) -> None:
    """There is a staffing transition wherever the staffing changes or a manager who cannot make
    the leap starts keeping the roles split, a role transition wherever the role changes, and
    none elsewhere."""
    path = rolemodel.growth_path(trajectory)
    for before, now in zip(path.periods, path.periods[1:], strict=False):
        at = path.transitions_at(now.period)
        staffing = [t for t in at if t.question == "staffing"]
        starts_keeping = (
            now.held_by_manager and not before.held_by_manager and before.staffing is now.staffing is SPLIT
        )
        assert len(staffing) == (before.staffing is not now.staffing or starts_keeping)
        assert all(t.kind != "keep-split" or now.held_by_manager for t in staffing)
        assert len([t for t in at if t.question == "role"]) == (before.role is not now.role)


# -- trajectories in -----------------------------------------------------------------------------


def test_a_mapping_of_period_to_profile_and_profile_objects() -> None:
    """{period: profile} and Profile objects give the same path as the list of dicts."""
    listed = rolemodel.growth_path(story(readiness="high"))
    mapped = rolemodel.growth_path({d["year"]: without_period(d) for d in story(readiness="high")})
    profiles_ = rolemodel.growth_path(
        [rolemodel.Profile.from_mapping(without_period(d)) for d in story("high")]
    )
    assert mapped.periods == listed.periods and mapped.transitions == listed.transitions
    assert [p.recommendation for p in profiles_.periods] == [p.recommendation for p in listed.periods]
    assert [p.period for p in profiles_.periods] == [1, 2, 3, 4, 5, 6]


def test_a_dataframe_is_a_trajectory() -> None:
    """A pandas DataFrame, its year column or its index labelling the periods, NaN not given."""
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(story(readiness="high"))
    assert rolemodel.growth_path(frame).periods == rolemodel.growth_path(story("high")).periods
    indexed = pd.DataFrame(
        [without_period(d) for d in story("high")], index=[d["year"] for d in story("high")]
    )
    assert [p.period for p in rolemodel.growth_path(indexed).periods] == [d["year"] for d in story()]
    frame.loc[0, "manager_readiness"] = float("nan")
    first = rolemodel.growth_path(frame).periods[0]
    assert first.profile.manager_readiness is None


def test_period_labels_dates_and_synonyms() -> None:
    """Labels may be dates, quarters or numbers written as text; synonyms name the column."""
    import datetime as dt

    data = without_period(story()[0])
    path = rolemodel.growth_path(
        [
            {**data, "date": dt.date(2026, 1, 1)},
            {**data, "date": dt.datetime(2026, 7, 1)},
            {**data, "date": "2027"},
        ]
    )
    assert [p.period for p in path.periods] == ["2026-01-01", "2026-07-01", 2027]
    workbook = rolemodel.growth_path([{**data, "date": "2028-01-01T00:00:00"}])
    assert workbook.periods[0].period == "2028-01-01"
    quarters = rolemodel.growth_path([{**data, "Quarter": "2026-Q1"}, {**data, "Quarter": "2026-Q2"}])
    assert [p.period for p in quarters.periods] == ["2026-Q1", "2026-Q2"]


def test_a_bad_period_raises_a_profile_error_naming_it() -> None:
    """A period that is no company raises ProfileError naming the period (and surviving pickling)."""
    bad = story()
    bad[3]["team_size"] = 10_000
    with pytest.raises(ProfileError, match=r"^period 2026: ") as info:
        rolemodel.growth_path(bad)
    assert info.value.field == "team_size"
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value) and again.field == "team_size"
    bad[3]["team_size"] = 33
    bad[3]["market_chnage"] = "high"
    with pytest.raises(ProfileError, match="period 2026") as info:
        rolemodel.growth_path(bad)
    assert "market_change" in str(info.value)  # did you mean


@pytest.mark.parametrize(
    ("trajectory", "message"),
    [
        ([], "at least one period"),
        ({"company_size": 10}, "mapping whose values are not profiles"),
        (42, "found int"),
        (b"bytes", "found bytes"),
        (
            [{"year": 1, "company_size": 5, "team_size": 1, "market_change": 0.5, "regulation": 0.5}, "x"],
            "#2",
        ),
        (
            [{"year": True, "company_size": 5, "team_size": 1, "market_change": 0.5, "regulation": 0.5}],
            "period",
        ),
        ([{"year": 1, "date": 2, "company_size": 5}], "one period column"),
    ],
)
def test_what_is_no_trajectory_is_a_rolemodel_error(trajectory: Any, message: str) -> None:
    """Anything that is no trajectory raises RoleModelError (never another exception)."""
    with pytest.raises(RoleModelError, match=message):
        rolemodel.growth_path(trajectory)


def test_labels_are_given_once_and_by_every_period() -> None:
    """Two periods with one label, or one period without a label among labelled ones, are refused."""
    data = story()
    data[2]["year"] = 2020
    with pytest.raises(ProfileError, match="each period once"):
        rolemodel.growth_path(data)
    data[2].pop("year")
    with pytest.raises(ProfileError, match=r"period #3: .*a label"):
        rolemodel.growth_path(data)


def test_trajectories_are_bounded() -> None:
    """More than MAX_PERIODS periods are refused before any is recommended."""
    one = without_period(story()[0])
    endless = (dict(one) for _ in range(10**9))
    with pytest.raises(RoleModelError, match="at most"):
        rolemodel.growth_path(endless)
    assert MAX_PERIODS >= 1000


# -- results out ---------------------------------------------------------------------------------


def test_a_growth_path_round_trips_through_json() -> None:
    """to_dict() is JSON-ready and from_dict() gives the same path back."""
    path = rolemodel.growth_path(story(readiness="low"), name="Acme")
    again = GrowthPath.from_dict(json.loads(json.dumps(path.to_dict())))
    assert again == path
    assert again.name == "Acme" and again.transitions[-1].kind == "keep-split"
    with pytest.raises(RoleModelError, match="format"):
        GrowthPath.from_dict({"format": "other", "version": 1})
    with pytest.raises(RoleModelError):
        GrowthPath.from_dict({**path.to_dict(), "periods": [{"period": 1}]})


def test_rows_are_flat_per_period() -> None:
    """to_rows(): one row per period with the factors, the answers and the changes at it."""
    path = rolemodel.growth_path(story(readiness="high"))
    rows = path.to_rows()
    assert [r["period"] for r in rows] == [p.period for p in path.periods]
    assert [r["staffing"] for r in rows] == [p.staffing.value for p in path.periods if p.staffing]
    changed = [r for r in rows if r["changes"]]
    assert {r["period"] for r in changed} == {t.at for t in path.transitions}
    assert all("002_1107da2bb63b138e.txt" in r["cited"] for r in changed)


def test_at_finds_a_period_by_label_or_text() -> None:
    """at() finds a period by its label or the label's text; an unknown one is an error."""
    path = rolemodel.growth_path(story())
    assert path.at(2024) is path.at("2024") is path.periods[2]
    with pytest.raises(RoleModelError, match="no period"):
        path.at(1999)


# -- plans ---------------------------------------------------------------------------------------

START = {"company_size": 10, "team_size": 2, "market_change": "medium", "regulation": "low"}


def test_a_linear_plan_reaches_its_target_and_each_period_is_recommend() -> None:
    """A linear plan adds the same number of people each year; the team keeps its share."""
    path = rolemodel.growth_path.plan(START, to_company_size=1010, years=5)
    sizes = [p.profile.company_size for p in path.periods]
    assert sizes == [10, 210, 410, 610, 810, 1010]
    assert [p.profile.team_size for p in path.periods] == [round(s / 5) for s in sizes]
    assert [p.period for p in path.periods] == [0, 1, 2, 3, 4, 5]
    for p in path.periods:
        assert p.recommendation == rolemodel.recommend(p.profile)
    assert any("calibration" in a for a in path.assumptions)


def test_a_compound_plan_grows_by_the_same_factor_each_period() -> None:
    """A compound plan multiplies the size by the same factor each period (up to rounding)."""
    path = GrowthPath.plan(START, to_company_size=10_000, years=3, growth="compound", start=2026)
    assert [p.profile.company_size for p in path.periods] == [10, 100, 1000, 10_000]
    assert [p.period for p in path.periods] == [2026, 2027, 2028, 2029]
    rated = rolemodel.growth_path.plan(START, rate=1.0, years=2, steps_per_year=2)
    assert [p.profile.company_size for p in rated.periods] == [10, 14, 20, 28, 40]
    assert [p.period for p in rated.periods] == [0, 0.5, 1, 1.5, 2]


def test_a_plan_at_chosen_sizes_shows_what_changes_at_50_150_500() -> None:
    """sizes=[...] gives one period per company size, each recommend() of the grown profile."""
    path = rolemodel.growth_path.plan({**START, "stage": "startup"}, sizes=[10, 50, 150, 500, 2000])
    assert [p.period for p in path.periods] == [10, 50, 150, 500, 2000]
    assert path.periods[0].profile.stage is rolemodel.Stage.STARTUP
    assert all(p.profile.stage is None for p in path.periods[1:])  # derived from size
    assert path.staffing_sequence[0] is SINGLE and SPLIT in path.staffing_sequence
    assert any("stage startup (given)" in a for a in path.assumptions)


@given(
    st.integers(min_value=1, max_value=5_000),
    st.integers(min_value=1, max_value=100_000),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["linear", "compound"]),
)
def test_plans_move_monotonically_from_start_to_target(start: int, end: int, years: int, growth: str) -> None:
    """A plan's sizes run monotonically from the start to the target; the team stays in the company."""
    path = rolemodel.growth_path.plan(
        {**START, "company_size": start, "team_size": max(1, start // 3)},
        to_company_size=end,
        years=years,
        growth=growth,
    )
    sizes = [p.profile.company_size for p in path.periods]
    assert sizes[0] == start and sizes[-1] == end and len(sizes) == years + 1
    assert sizes == sorted(sizes, reverse=end < start)
    assert all(1 <= p.profile.team_size <= p.profile.company_size for p in path.periods)


def test_a_plan_moves_graded_factors_given_in_to() -> None:
    """to={...} moves graded factors linearly from their starting value; others are carried."""
    path = rolemodel.growth_path.plan(
        {**START, "team_seasoning": 0.2, "manager_readiness": "high"},
        to_company_size=3000,
        years=4,
        growth="compound",
        to={"team_seasoning": "high"},
    )
    assert [p.profile.team_seasoning for p in path.periods] == pytest.approx([0.2, 0.35, 0.5, 0.65, 0.8])
    assert {p.profile.manager_readiness for p in path.periods} == {0.8}
    assert path.staffing_sequence == (SINGLE, SPLIT, CONVERGED)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "expected years"),
        ({"years": 5}, "either to_company_size or rate"),
        ({"years": 5, "to_company_size": 100, "rate": 0.1}, "exactly one"),
        ({"years": 0, "to_company_size": 100}, "more than 0"),
        ({"years": 1000, "to_company_size": 100}, "years"),
        ({"years": 1.3, "to_company_size": 100}, "whole number of periods"),
        ({"years": 5, "to_company_size": 100, "growth": "logistic"}, "growth"),
        ({"years": 5, "to_company_size": 100, "steps_per_year": 3}, "steps_per_year"),
        ({"years": 5, "to_company_size": 0}, "to_company_size"),
        ({"years": 5, "to_company_size": "lots"}, "to_company_size"),
        ({"sizes": [50, 150], "years": 3}, "not both"),
        ({"sizes": []}, "sizes"),
        ({"sizes": "50"}, "sizes"),
        ({"sizes": [50, -1]}, r"sizes\[1\]"),
        ({"sizes": [50, 50]}, "each period once"),
        ({"years": 2, "to_company_size": 100, "to": {"team_seasoning": "high"}}, "starting value"),
        ({"years": 2, "to_company_size": 100, "to": {"company_size": 5}}, "graded factor"),
    ],
)
def test_a_plan_that_makes_no_sense_is_refused(kwargs: dict[str, Any], message: str) -> None:
    """Bad plan arguments raise RoleModelError saying which one."""
    with pytest.raises(RoleModelError, match=message):
        rolemodel.growth_path.plan(START, **kwargs)


def test_a_plan_past_the_bound_names_the_period() -> None:
    """A compound rate that takes the company past the library's bound names the period."""
    with pytest.raises(ProfileError, match=r"^period \d+: .*company_size"):
        rolemodel.growth_path.plan(START, rate=100, years=10)


# -- renderings ----------------------------------------------------------------------------------


def test_markdown_report_has_every_period_transition_quote_and_a_state_diagram() -> None:
    """The Markdown report lists every period, every transition with its quote, and Mermaid."""
    path = rolemodel.growth_path(story(readiness="low"), name="Acme")
    text = path.to_markdown()
    assert text.startswith("# Growth path: Acme")
    for p in path.periods:
        assert f"| {p.period} |" in text
    for t in path.transitions:
        assert t.title in text and t.citation is not None
    assert "not every sales manager will naturally evolve into a sales leader" in text
    assert "```mermaid\nstateDiagram-v2" in text
    assert path._repr_markdown_() == text


def test_mermaid_has_a_state_per_answer_pair_and_an_arrow_per_change() -> None:
    """The state diagram declares each (staffing, role) held and an arrow for each changing period."""
    path = rolemodel.growth_path(story(readiness="high"))
    chart = path.to_mermaid()
    states = {(p.staffing, p.role) for p in path.periods}
    assert chart.count("\n    state ") == len(states)
    changing = {t.at for t in path.transitions}
    assert chart.count(" --> ") == 1 + len(changing)
    low = rolemodel.growth_path(story(readiness="low")).to_mermaid()
    assert "s_split_leadership --> s_split_leadership" in low  # the manager keeps the roles split


def test_html_escapes_a_hostile_name() -> None:
    """Names and labels reach HTML and Mermaid escaped."""
    data = story()
    for i, d in enumerate(data):
        d["year"] = f'<script>alert("{i}")</script>'
    path = rolemodel.growth_path(data, name="<img src=x onerror=alert(1)>")
    for html in (path._repr_html_(), path.to_html()):
        assert "<script>" not in html and "<img src=x" not in html
    assert "<script>" not in path.to_mermaid()
    assert path.to_html().startswith("<!DOCTYPE html>")
    assert "<script>" not in path.to_markdown()


def test_text_and_repr() -> None:
    """str() lists the periods and the transitions; repr() is one telling line."""
    path = rolemodel.growth_path(story(readiness="high"))
    assert repr(path) == (
        "<GrowthPath 6 periods 2020..2030 staffing single -> split -> converged; 3 transitions>"
    )
    text = str(path)
    assert "When to change:" in text and "Bring in a dedicated sales manager" in text
    bundle = path._repr_mimebundle_(include=["text/html"])
    assert set(bundle) == {"text/html"}


def test_plot_draws_a_band_per_period() -> None:
    """The timeline has one staffing band per period and a dashed line per staffing change."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = rolemodel.growth_path(story(readiness="high"))
    ax = path.plot()
    try:
        assert len(ax.patches) == len(path.periods)
        dashed = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
        assert len(dashed) == len([t for t in path.transitions if t.question == "staffing"])
        assert [t.get_text() for t in ax.get_xticklabels()] == [str(p.period) for p in path.periods]
    finally:
        plt.close(ax.figure)


# -- any input works or raises RoleModelError ----------------------------------------------------

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["low", "high", "mature", "2026-Q1", "5,000", "80%"]),
    st.lists(st.integers(), max_size=2),
)
keys = st.sampled_from(
    [
        "year",
        "period",
        "date",
        "company_size",
        "team_size",
        "market_change",
        "regulation",
        "stage",
        "nonsense",
    ]
)


@given(st.one_of(junk, st.lists(st.one_of(junk, st.dictionaries(keys, junk, max_size=6)), max_size=4)))
def test_any_trajectory_works_or_raises_a_rolemodel_error(trajectory: Any) -> None:
    """Whatever is handed to growth_path, it returns a path or raises RoleModelError."""
    try:
        path = rolemodel.growth_path(trajectory)
    except RoleModelError:
        return
    assert len(path.periods) == len(trajectory)


@given(
    st.dictionaries(
        st.sampled_from(
            ["to_company_size", "years", "rate", "growth", "sizes", "to_team_size", "steps_per_year"]
        ),
        junk,
        max_size=4,
    )
)
def test_any_plan_works_or_raises_a_rolemodel_error(options: dict[str, Any]) -> None:
    """Whatever the plan's arguments, it returns a path or raises RoleModelError."""
    with contextlib.suppress(RoleModelError):
        rolemodel.growth_path.plan(START, **options)


def test_frameworks_that_are_no_list_are_refused() -> None:
    """A single framework where a list is expected is a RoleModelError, as in recommend()."""
    with pytest.raises(RoleModelError, match="list of Framework"):
        rolemodel.growth_path(story(), ONLY_002[0])  # type: ignore[arg-type]


@given(st.lists(profiles(), min_size=1, max_size=4))
def test_any_path_renders_and_round_trips(trajectory: list[dict[str, Any]]) -> None:
    """Every path, answers missing or not, renders as text, Markdown, HTML, Mermaid and rows,
    and comes back from JSON equal."""
    path = rolemodel.growth_path(trajectory)
    assert str(path) and path._repr_html_() and path.to_html()
    assert path.to_markdown().count("```mermaid") == 1
    chart = path.to_mermaid()
    arrows = [re.sub(r"#\w+;", "", line) for line in chart.splitlines() if " --> " in line]
    assert all(";" not in line for line in arrows)  # Mermaid ends a statement there (entities aside)
    assert len(path.to_rows()) == len(path.periods)
    assert GrowthPath.from_dict(json.loads(json.dumps(path.to_dict()))) == path
