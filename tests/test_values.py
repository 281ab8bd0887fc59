"""One coercion for every route: the same values are accepted, and refused with the same
message, by ``recommend``, ``recommend_many``, ``recommend_table``, ``Profile``, the CLI's
client files and profile files. The shared table of cases below runs through each."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rolemodel
from rolemodel._cli import main

BASE: dict[str, Any] = {"company_size": 300, "team_size": 25, "market_change": 0.7, "regulation": 0.2}

#: (factor, value as given, the value the profile holds). ``None``: not given.
ACCEPTED: list[tuple[str, Any, Any]] = [
    ("company_size", 300, 300),
    ("company_size", "300", 300),
    ("company_size", " 300 ", 300),
    ("company_size", 300.0, 300),
    ("company_size", "300.0", 300),
    ("company_size", "1e3", 1000),
    ("company_size", "5,000", 5000),
    ("company_size", "1,234,567", 1234567),
    ("company_size", "5 000", 5000),
    ("company_size", np.int64(300), 300),
    ("company_size", np.float64(300.0), 300),
    ("market_change", 0.7, 0.7),
    ("market_change", "0.7", 0.7),
    ("market_change", "80%", 0.8),
    ("market_change", "80 %", 0.8),
    ("market_change", "high", 0.8),
    ("market_change", " Medium ", 0.5),
    ("market_change", "yes", 1.0),
    ("market_change", "No", 0.0),
    ("market_change", "partly", 0.5),
    ("market_change", "TRUE", 1.0),
    ("market_change", True, 1.0),
    ("market_change", False, 0.0),
    ("market_change", np.float32(0.5), 0.5),
    ("market_change", np.bool_(True), 1.0),
    ("market_change", 1, 1.0),
    ("competition", None, None),
    ("competition", float("nan"), None),
    ("competition", np.nan, None),
    ("competition", "", None),
    ("competition", "   ", None),
    ("competition", "30%", 0.3),
]

#: (factor, value, words the message holds).
REFUSED: list[tuple[str, Any, str]] = [
    ("company_size", "1,5", "--decimal ,"),
    ("company_size", "1_000", "an underscore is not read"),
    ("market_change", "0_5", "an underscore is not read"),
    ("company_size", "12,34", "--decimal ,"),
    ("company_size", 10**24, "at most 10,000,000"),
    ("company_size", "20000000", "at most 10,000,000"),
    ("company_size", 0, "a whole number >= 1"),
    ("company_size", 300.5, "a whole number >= 1"),
    ("company_size", True, "a whole number >= 1"),
    ("company_size", "80%", "a whole number >= 1"),
    ("company_size", "", "got empty"),
    ("company_size", None, "got empty"),
    ("company_size", float("nan"), "got empty"),
    ("market_change", "150%", "0% to 100%"),
    ("market_change", 80, "a percentage? write 80% or 0.8"),
    ("market_change", "0,7", "--decimal ,"),
    ("market_change", "hgh", "did you mean 'high'?"),
    ("market_change", "maybe", "yes/no/partly"),
    ("market_change", "", "got empty"),
    ("stage", "grwth", "did you mean 'growth'?"),
]


def _profile(factor: str, value: Any) -> dict[str, Any]:
    return {**BASE, factor: value}


def _message(factor: str, value: Any) -> str:
    with pytest.raises(rolemodel.ProfileError) as info:
        rolemodel.Profile.from_mapping(_profile(factor, value))
    return str(info.value)


@pytest.mark.parametrize(("factor", "value", "held"), ACCEPTED)
def test_every_api_route_accepts_the_same_values(factor: str, value: Any, held: Any) -> None:
    profile = rolemodel.Profile.from_mapping(_profile(factor, value))
    got = getattr(profile, factor)
    assert got == held if held is None else got == pytest.approx(held)
    rec = rolemodel.recommend(**_profile(factor, value))
    assert rec.profile == profile
    (row,) = rolemodel.recommend_many([_profile(factor, value)], errors="return")
    assert row.error is None and row.recommendation is not None
    assert row.recommendation.role == rec.role
    table = rolemodel.recommend_table({k: [v] for k, v in _profile(factor, value).items()})
    assert table["error"][0] is None
    assert table["role"][0] == (None if rec.role is None else rec.role.value)
    assert table["confidence"][0] == pytest.approx(rec.confidence)


@pytest.mark.parametrize(("factor", "value", "words"), REFUSED)
def test_every_api_route_refuses_with_the_same_message(factor: str, value: Any, words: str) -> None:
    message = _message(factor, value)
    assert words in message
    with pytest.raises(rolemodel.ProfileError) as info:
        rolemodel.recommend(**_profile(factor, value))
    assert str(info.value) == message
    (row,) = rolemodel.recommend_many([_profile(factor, value)], errors="return")
    assert row.recommendation is None and str(row.error) == message
    table = rolemodel.recommend_table({k: [v] for k, v in _profile(factor, value).items()})
    assert table["error"][0] == message


def _cell(value: Any) -> str | None:
    """How a value is written in a CSV cell (None: it has no text form of its own)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return None


def _batch(tmp_path: Path, factor: str, value: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    import csv

    src = tmp_path / "in.csv"
    row = {k: str(v) for k, v in BASE.items()}
    row[factor] = value
    with src.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    main(["batch", str(src), "--format", "json", "--digits", "15"])
    result: dict[str, Any] = json.loads(capsys.readouterr().out)[0]
    return result


@pytest.mark.parametrize(
    ("factor", "value", "held"), [c for c in ACCEPTED if _cell(c[1]) is not None and c[1] != "   "]
)
def test_a_client_file_accepts_the_same_text(
    factor: str, value: Any, held: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = _batch(tmp_path, factor, _cell(value) or "", capsys)
    rec = rolemodel.recommend(**_profile(factor, value))
    assert row["error"] is None
    assert row["role"] == rec.role.value if rec.role else row["role"] is None
    assert row["confidence"] == pytest.approx(rec.confidence)


@pytest.mark.parametrize(("factor", "value", "words"), [c for c in REFUSED if _cell(c[1]) is not None])
def test_a_client_file_refuses_with_the_same_message(
    factor: str, value: Any, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = _batch(tmp_path, factor, _cell(value) or "", capsys)
    assert row["error"] == "line 2: " + _message(factor, value)


def test_a_profile_file_reads_values_and_headers_as_people_write_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "acme.yaml"
    src.write_text(
        "name: Acme Logistics\nEmployees: '5,000'\nSales reps: 120\n"
        "Market volatility: 80%\nRegulated?: partly\n",
        encoding="utf-8",
    )
    assert main(["recommend", "--profile", str(src), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["client"] == "Acme Logistics"
    want = rolemodel.recommend(company_size=5000, team_size=120, market_change=0.8, regulation=0.5)
    assert data["role"] == want.to_dict()["role"] and data["staffing"] == want.to_dict()["staffing"]
    assert data["profile"] == want.profile.to_dict()


def test_every_bad_field_of_a_row_is_reported_at_once() -> None:
    bad = {"company_size": "", "team_size": "many", "market_change": "150%", "regulation": 0.2}
    with pytest.raises(rolemodel.ProfileError) as info:
        rolemodel.recommend(**bad)
    error = info.value
    assert [e.field for e in error.errors] == ["company_size", "team_size", "market_change"]
    assert str(error).startswith("3 problems in the profile: profile field 'company_size'")
    assert "got empty" in str(error) and "'many'" in str(error) and "'150%'" in str(error)
    table = rolemodel.recommend_table({k: [v] for k, v in bad.items()})
    assert table["error"][0] == str(error)
    import pickle

    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error) and [e.field for e in again.errors] == [e.field for e in error.errors]


@given(
    size=st.integers(1, 10_000_000),
    share=st.integers(0, 100),
)
def test_written_forms_of_a_number_read_as_the_number(size: int, share: int) -> None:
    """Thousands separators and percentages read as the plain number, on every route."""
    profile = rolemodel.Profile.from_mapping(
        {**BASE, "company_size": f"{size:,}", "team_size": 1, "market_change": f"{share}%"}
    )
    assert profile.company_size == size
    assert math.isclose(profile.market_change, share / 100)


def test_records_with_extra_keys_are_scored_and_keep_them() -> None:
    """``df.to_dict("records")`` has a client column: it is carried through, not refused."""
    records = [{**BASE, "client": "Acme", "owner": "Kim"}, {**BASE, "client": "Bad", "team_size": 0}]
    first, second = rolemodel.recommend_many(records, errors="return")
    assert first.ok and first.extras == {"client": "Acme", "owner": "Kim"}
    assert first.recommendation == rolemodel.recommend(**BASE)
    assert not second.ok and second.extras == {"client": "Bad"}
    with pytest.warns(rolemodel.RoleModelWarning, match="did you mean 'innovation_need'"):
        (third,) = rolemodel.recommend_many([{**BASE, "Innovation Need": 0.9}], errors="return")
    assert third.ok and third.extras == {"Innovation Need": 0.9}
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([{**BASE, "client": "Acme"}, {**BASE, "client": "Birch", "company_size": 5000}])
    got = list(rolemodel.recommend_many(frame.to_dict("records")))
    assert [r.role for r in got] == [
        rolemodel.recommend(**BASE).role,
        rolemodel.recommend(**{**BASE, "company_size": 5000}).role,
    ]
