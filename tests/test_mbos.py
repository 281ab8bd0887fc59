"""Leadership MBOs from a roster history: the three measures 003 names, worked by hand; missing
data reported, never imputed; the plan's weights marked as the library's calibration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rolemodel
from rolemodel import RoleModelError

LEVELS = ["SDR", "AE", "Senior AE"]
HISTORY = [
    # Bob: promoted under Ana on 1 July, skill 3.0 -> 3.5 in the period
    {
        "rep": "Bob",
        "manager": "Ana",
        "start": "2025-01-01",
        "end": "2025-12-31",
        "level": "AE",
        "skill": "2.0",
    },
    {
        "rep": "Bob",
        "manager": "Ana",
        "start": "2026-01-01",
        "end": "2026-06-30",
        "level": "AE",
        "skill": "3.0",
    },
    {"rep": "Bob", "manager": "Ana", "start": "2026-07-01", "end": "", "level": "Senior AE", "skill": "3.5"},
    # Cid: leaves the company in March
    {"rep": "Cid", "manager": "Ana", "start": "2025-03-01", "end": "2026-03-31", "level": "AE", "skill": "2"},
    # Dan: moves from Ana to Eve in June (retained: still in the company)
    {"rep": "Dan", "manager": "Ana", "start": "2025-06-01", "end": "2026-05-31", "level": "SDR"},
    {"rep": "Dan", "manager": "Eve", "start": "2026-06-01", "end": "", "level": "SDR"},
    # Fay: promoted under Eve in September
    {"rep": "Fay", "manager": "Eve", "start": "2025-01-01", "end": "2026-08-31", "level": "AE"},
    {"rep": "Fay", "manager": "Eve", "start": "2026-09-01", "end": "", "level": "Senior AE"},
    # a row that cannot be read
    {"rep": "Gus", "manager": "Eve", "start": "2026-02-01", "end": "2026-01-01"},
]


def _plan(**kwargs: object) -> rolemodel.MBOPlan:
    return rolemodel.mbos(HISTORY, start="2026-01-01", end="2026-12-31", **kwargs)  # type: ignore[arg-type]


def test_the_three_measures_worked_by_hand() -> None:
    """Ana: 3 reps on 1 Jan, Bob and Dan still in the company on 31 Dec (2/3); Bob's skill +0.5;
    Bob promoted. Eve: Fay on 1 Jan and still there (1/1); Fay promoted; no skill scores."""
    plan = _plan(levels=LEVELS)
    ana, eve = plan.managers
    assert (ana.manager, ana.reps_at_start, ana.retained) == ("Ana", 3, 2)
    assert ana.retention_rate == pytest.approx(2 / 3)
    assert ana.skill_development == pytest.approx(0.5) and ana.skill_reps == 1
    assert ana.reps_promoted == 1 and ana.missing == ()
    assert (eve.reps_at_start, eve.retention_rate, eve.reps_promoted) == (1, 1.0, 1)
    assert eve.skill_development is None and "skill" in eve.missing[0]
    assert plan.errors == ("line 9: end: 2026-01-01 is before the start 2026-02-01",)


def test_text_levels_without_an_order_are_reported_not_guessed() -> None:
    """Promotions need an order of the levels: without one, they are missing, with the reason."""
    plan = _plan()
    for manager in plan.managers:
        assert manager.reps_promoted is None
        assert any("levels=" in m for m in manager.missing)


def test_numeric_levels_need_no_order() -> None:
    """Levels written as numbers are ordered as numbers."""
    history = [
        {"rep": "A", "manager": "M", "start": "2026-01-01", "end": "2026-05-31", "level": 1},
        {"rep": "A", "manager": "M", "start": "2026-06-01", "level": 2},
        {"rep": "B", "manager": "M", "start": "2026-01-01", "end": "2026-05-31", "level": 2},
        {"rep": "B", "manager": "M", "start": "2026-06-01", "level": 1},
    ]
    (m,) = rolemodel.mbos(history, start="2026-01-01", end="2026-12-31").managers
    assert m.reps_promoted == 1 and m.retention_rate == 1.0


def test_a_manager_with_no_reps_at_the_start_has_no_retention_rate() -> None:
    """No reps on the first day: no retention rate, and the reason."""
    history = [{"rep": "A", "manager": "New", "start": "2026-03-01"}]
    (m,) = rolemodel.mbos(history, start="2026-01-01", end="2026-12-31").managers
    assert m.retention_rate is None and m.reps_at_start == 0
    assert any("retention" in note for note in m.missing)


def test_targets_weights_and_the_plan_template() -> None:
    """Targets are the user's; the suggested weights are the library's calibration, said so."""
    plan = _plan(levels=LEVELS, targets={"retention_rate": 0.8, "reps_promoted": 1})
    ana, eve = plan.managers
    assert plan.met(ana, "retention_rate") is False and plan.met(eve, "retention_rate") is True
    assert plan.met(ana, "reps_promoted") is True and plan.met(ana, "skill_development") is None
    assert sum(plan.weights.values()) == pytest.approx(1)
    md = plan.to_markdown()
    assert "calibration" in md and "Plan template" in md and "80%" in md
    assert "rep retention rates, team skill development, and the number of reps promoted" in md
    assert "<table" in plan.to_html()
    again = rolemodel.MBOPlan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert again == plan


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"targets": {"retention": 0.8}}, "targets: expected one of"),
        ({"weights": {"quota_attainment": 0.5, "retention_rate": 0.1}}, "summing to 1"),
        ({"weights": {"retention_rate": -1}}, ">= 0"),
        ({"start": "2026-12-31", "end": "2026-01-01"}, "before"),
        ({"start": "soon"}, "expected a date"),
    ],
)
def test_bad_arguments_are_errors(kwargs: dict[str, object], message: str) -> None:
    """Bad targets, weights or periods are RoleModelErrors naming what is wrong."""
    args = {"start": "2026-01-01", "end": "2026-12-31", **kwargs}
    with pytest.raises(RoleModelError, match=message):
        rolemodel.mbos(HISTORY, **args)  # type: ignore[arg-type]


def test_an_unreadable_history_is_an_error() -> None:
    """A history with no readable row is an error, not an empty plan."""
    with pytest.raises(RoleModelError, match="no readable rows"):
        rolemodel.mbos([{"rep": "A"}])


def test_quotes_are_verbatim(sources: Path) -> None:
    """The MBO texts quote 003 word for word."""
    from rolemodel._mbos import QUOTA_QUOTE, QUOTE

    text = " ".join((sources / "003_8dfee91c3e6ab273.txt").read_text(encoding="utf-8").split())
    assert QUOTE in text and QUOTA_QUOTE in text


# -- properties -------------------------------------------------------------------------------


@st.composite
def histories(draw: st.DrawFn) -> list[dict[str, object]]:
    """Rows of a few reps, each a run of consecutive periods under random managers and levels."""
    import datetime as dt

    rows = []
    for rep in range(draw(st.integers(1, 6))):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 400)))
        for _ in range(draw(st.integers(1, 4))):
            length = draw(st.integers(20, 300))
            ongoing = draw(st.booleans())
            rows.append(
                {
                    "rep": f"r{rep}",
                    "manager": draw(st.sampled_from(["Ana", "Ben"])),
                    "start": day.isoformat(),
                    "end": "" if ongoing else (day + dt.timedelta(days=length)).isoformat(),
                    "level": draw(st.integers(1, 4)),
                    "skill": draw(st.none() | st.floats(0, 5)),
                }
            )
            if ongoing:
                break
            day += dt.timedelta(days=length + 1)
    return rows


@given(histories())
def test_measures_stay_in_their_ranges_and_round_trip(rows: list[dict[str, object]]) -> None:
    """Retention is a share of the reps at the start, promotions at most the manager's reps,
    a measure is None exactly when a missing-data note says why; the plan round-trips."""
    plan = rolemodel.mbos(rows, start="2026-01-01", end="2026-12-31")
    for m in plan.managers:
        assert 0 <= m.retained <= m.reps_at_start
        if m.reps_at_start:
            assert m.retention_rate == pytest.approx(m.retained / m.reps_at_start)
        else:
            assert m.retention_rate is None and any("retention" in n for n in m.missing)
        reps = {r["rep"] for r in rows if r["manager"] == m.manager}
        assert m.reps_promoted is not None and 0 <= m.reps_promoted <= len(reps)
        assert (m.skill_development is None) == (m.skill_reps == 0) == any("skill" in n for n in m.missing)
    assert rolemodel.MBOPlan.from_dict(json.loads(json.dumps(plan.to_dict()))) == plan
