"""Fuzzing the promise: any input either works, or raises RoleModelError (or gives a row error).

A short run is part of the normal suite; ``ROLEMODEL_FUZZ=long`` runs each property a hundred
times longer. Every failure a run finds is kept below as a worked example (``REGRESSIONS``).
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel import RoleModelError
from rolemodel._cli import main
from tests.strategies import profiles

LONG = os.environ.get("ROLEMODEL_FUZZ") == "long"
FUZZ = settings(
    max_examples=5000 if LONG else 50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FRAMEWORKS = Path(__file__).parents[1] / "frameworks"
TEXTS = sorted(p.read_text(encoding="utf-8") for p in FRAMEWORKS.glob("*.yaml"))

any_value: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**300, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        ["low", "medium", "high", "0.5", "1e999", "-0", "nan", "startup", " Mature ", "9" * 5000]
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


NASTY = ["", "[", "{", "*a", "&a x", "!!python/object x", "1e999", "-5", "9" * 400, "null", "[1, 2]"]


@st.composite
def mutated_framework(draw: st.DrawFn) -> str:
    """A built-in framework's text with a few lines replaced, deleted, duplicated or garbled."""
    lines = draw(st.sampled_from(TEXTS)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "replace", "value"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "replace":
            lines[i] = draw(st.text(max_size=60))
        else:  # keep the key, change what follows the first colon
            head, _, _ = lines[i].partition(":")
            lines[i] = f"{head}: {draw(st.sampled_from(NASTY))}"
        if not lines:
            break
    return "\n".join(lines) + "\n"


@FUZZ
@given(mutated_framework())
def test_any_framework_text_loads_or_raises_framework_error(text: str) -> None:
    """Any mutation of a built-in framework loads (and then recommends and lints) or raises
    FrameworkError; nothing else escapes."""
    try:
        framework = rolemodel.loads_framework(text, "fuzz.yaml")
    except rolemodel.FrameworkError:
        return
    rec = rolemodel.recommend(
        company_size=300, team_size=25, market_change="high", regulation="low", frameworks=[framework]
    )
    str(rec.explain())
    rec.to_dict()


@FUZZ
@given(st.dictionaries(st.sampled_from([*rolemodel.FACTORS, "Company", "role", ""]), any_value, max_size=8))
def test_any_profile_recommends_or_raises_profile_error(data: dict[str, Any]) -> None:
    """Any mapping of any values either recommends or raises RoleModelError (a ProfileError)."""
    try:
        rec = rolemodel.recommend(data)
    except RoleModelError:
        return
    rec.to_row()


@FUZZ
@given(st.lists(profiles(), min_size=1, max_size=4), st.data())
def test_any_table_cell_scores_or_gives_a_row_error(
    records: list[dict[str, Any]], data: st.DataObject
) -> None:
    """A table with any value in any cell scores every row or marks it with an error; its rows
    match recommend() on the rows that recommend() accepts."""
    row = data.draw(st.integers(0, len(records) - 1))
    name = data.draw(st.sampled_from(list(rolemodel.FACTORS)))
    records[row] = {**records[row], name: data.draw(any_value)}
    names = sorted({k for r in records for k in r})
    table = rolemodel.recommend_table({k: [r.get(k) for r in records] for k in names})
    for i, record in enumerate(records):
        try:
            rec = rolemodel.recommend(record)
        except RoleModelError as exc:
            assert table["error"][i] is not None, (record, str(exc))
            continue
        assert table["error"][i] is None
        assert table["role"][i] == (rec.role.value if rec.role else None)


csv_cell = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.sampled_from(['"', '""', '"unclosed', "a,b", "\n", "\r", "low", "300", "9" * 500]),
)


@FUZZ
@given(rows=st.lists(st.lists(csv_cell, min_size=4, max_size=6), min_size=1, max_size=6))
@example(rows=[['"unclosed', "3", "low", "low"], ["300", "25", "high", "low"]])
def test_any_csv_gives_exit_0_1_or_2(rows: list[list[str]]) -> None:
    """`rolemodel batch` on any CSV exits 0, 1 or 2 with a message, never 3 or a traceback."""
    header = "company_size,team_size,market_change,regulation,extra,more"
    body = "\n".join(",".join(row) for row in rows)
    err = io.StringIO()
    with tempfile.TemporaryDirectory() as where:
        source = Path(where) / "in.csv"
        source.write_text(header + "\n" + body + "\n", encoding="utf-8")
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["batch", str(source), "-o", str(Path(where) / "out.csv")])
    assert code in (0, 1, 2), err.getvalue()
    assert "Traceback" not in err.getvalue()


@pytest.mark.parametrize(
    "weights",
    [{"both-hats": 1e308, "seven-differences": 1e308}, {"both-hats": float("nan")}, [1], "x", {"nope": 1}],
)
def test_regressions_weights(weights: Any) -> None:
    """Weights the issue's hostile run used: each is a RoleModelError, never a wrong answer."""
    with pytest.raises(RoleModelError):
        rolemodel.recommend(company_size=3, team_size=1, market_change=0.5, regulation=0.5, weights=weights)
