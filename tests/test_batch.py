"""Many profiles at once: recommend_many (records) and recommend_table (columns, vectorised)."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel import FACTORS, ProfileError, Role, RoleModelError, RowResult
from rolemodel._reasons import top_reason
from rolemodel._result import result_columns
from tests.strategies import profiles

np = pytest.importorskip("numpy")

DOCS = Path(__file__).resolve().parents[1] / "docs"
ACME = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}
SCORES = (
    "score_management",
    "score_leadership",
    "score_growth_leader",
    "score_single",
    "score_split",
    "score_converged",
)
NUMBERS = ("confidence", "staffing_confidence", *SCORES)
TEXTS = ("role", "staffing", "dissent", "staffing_dissent", "reason", "staffing_reason")
RESULTS = result_columns(f.id for f in rolemodel.builtin_frameworks())


def columns_of(records: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Records as columns (absent factors as None), factors in catalogue order."""
    names = [n for n in FACTORS if any(n in r for r in records)]
    names = list(dict.fromkeys([*(n for n in FACTORS if FACTORS[n].required), *names]))
    return {n: [r.get(n) for r in records] for n in names}


def same(got: Any, expected: Any) -> bool:
    """Cells agree: numbers to 1e-9 (NaN equals NaN), anything else exactly."""
    if isinstance(expected, float):
        return (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected, abs=1e-9)
    return bool(got == expected) and type(got) is type(expected)


def assert_row_matches(table: Any, i: int, record: dict[str, Any], **kwargs: Any) -> None:
    """Row i of a scored table is recommend(record).to_row() in every column (NaN equals NaN);
    a bad row has recommend()'s error text and empty results."""
    frameworks = kwargs.get("frameworks") or rolemodel.builtin_frameworks()
    columns = result_columns(f.id for f in frameworks)
    assert list(table)[-len(columns) :] == list(columns)
    try:
        rec = rolemodel.recommend(record, **kwargs)
    except ProfileError as exc:
        assert table["error"][i] == str(exc)
        assert all(math.isnan(table[c][i]) for c in NUMBERS)
        assert all(table[c][i] is None for c in columns if c not in NUMBERS and c != "error")
        return
    row = rec.to_row()
    assert list(row) == list(columns)
    for column, expected in row.items():
        got = table[column][i]
        assert same(got, expected), f"{column}: table {got!r}, recommend() {expected!r}"


# -- recommend_many -------------------------------------------------------------------------


def test_recommend_many_yields_recommendations_in_order() -> None:
    """Each record gets the recommendation recommend() gives it, in the records' order."""
    records = [ACME, {**ACME, "company_size": 20, "team_size": 3, "stage": "startup"}]
    got = list(rolemodel.recommend_many(records))
    assert [r.role for r in got] == [rolemodel.recommend(r).role for r in records]
    assert got[0].scores == rolemodel.recommend(ACME).scores


def test_recommend_many_is_lazy() -> None:
    """Records are read one at a time, so an endless generator works."""

    def endless() -> Any:
        while True:
            yield ACME

    stream = rolemodel.recommend_many(endless())
    assert next(stream).role is Role.LEADERSHIP
    assert next(stream).role is Role.LEADERSHIP


def test_recommend_many_raises_on_a_bad_record_noting_its_index() -> None:
    """With errors='raise' the first bad record's ProfileError comes out, naming the record."""
    stream = rolemodel.recommend_many([ACME, {**ACME, "regulation": "hgh"}])
    next(stream)
    with pytest.raises(ProfileError, match="regulation") as info:
        next(stream)
    assert "in record 1 of recommend_many()" in info.value.__notes__


def test_recommend_many_returns_row_results() -> None:
    """With errors='return' every record yields a RowResult; bad ones carry their error."""
    results = list(
        rolemodel.recommend_many([ACME, {**ACME, "team_size": 999}, {"company_size": 5}], errors="return")
    )
    assert [r.index for r in results] == [0, 1, 2]
    assert [r.ok for r in results] == [True, False, False]
    assert isinstance(results[0], RowResult)
    assert results[0].recommendation is not None and results[0].error is None
    assert results[1].recommendation is None
    assert isinstance(results[1].error, ProfileError)
    assert results[1].error.field == "team_size"
    assert "team_size" in repr(results[1]) and "leadership" in repr(results[0])


def test_recommend_many_checks_its_arguments_up_front() -> None:
    """A bad errors=, weights= or frameworks= raises at the call, not at the first record."""
    with pytest.raises(RoleModelError, match="errors"):
        rolemodel.recommend_many([ACME], errors="ignore")  # type: ignore[call-overload]
    with pytest.raises(RoleModelError, match="did you mean"):
        rolemodel.recommend_many([ACME], weights={"seven-diferences": 2})
    with pytest.raises(RoleModelError, match="at least one framework"):
        rolemodel.recommend_many([ACME], frameworks=[], errors="return")


def test_recommend_many_passes_frameworks_and_weights() -> None:
    """frameworks= and weights= reach every record, as in recommend()."""
    kotter = [f for f in rolemodel.builtin_frameworks() if f.id == "kotter-complexity-change"]
    (rec,) = rolemodel.recommend_many([ACME], frameworks=kotter)
    assert list(rec.by_framework) == ["kotter-complexity-change"]
    weights = {"seven-differences": 3.0}
    (rec,) = rolemodel.recommend_many([ACME], weights=weights)
    assert rec.scores == rolemodel.recommend(ACME, weights=weights).scores


# -- recommend_table: agreement with recommend() ----------------------------------------------


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(profiles(), min_size=1, max_size=25))
def test_table_agrees_with_recommend_row_for_row(records: list[dict[str, Any]]) -> None:
    """Vectorised scoring gives each row recommend().to_row(), column for column: both
    answers, confidences, scores, dissent, reasons and every framework's verdict."""
    table = rolemodel.recommend_table(columns_of(records))
    for i, record in enumerate(records):
        assert_row_matches(table, i, record)


weights_st = st.dictionaries(
    st.sampled_from([f.id for f in rolemodel.builtin_frameworks()]),
    st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=5.0)),  # the weights allowed
).filter(lambda w: any(w.values()) or len(w) < 5)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(profiles(), min_size=1, max_size=10),
    weights_st,
    st.sets(st.integers(0, 4), min_size=1),
)
def test_table_agrees_with_weights_and_framework_subsets(
    records: list[dict[str, Any]], weights: dict[str, float], picks: set[int]
) -> None:
    """The agreement, every column of to_row() included, holds for any weights and any subset
    of the frameworks (where abstentions and missing answers are common)."""
    chosen = [f for i, f in enumerate(rolemodel.builtin_frameworks()) if i in picks]
    weights = {k: v for k, v in weights.items() if k in {f.id for f in chosen}}
    if weights and not any(weights.values()) and len(weights) == len(chosen):
        weights[chosen[0].id] = 1.0
    table = rolemodel.recommend_table(columns_of(records), frameworks=chosen, weights=weights)
    for i, record in enumerate(records):
        assert_row_matches(table, i, record, frameworks=chosen, weights=weights)


def test_table_agrees_where_every_framework_abstains() -> None:
    """A row on which every framework abstains is scored like recommend(): no role, no
    staffing, NaN scores, the reasons, empty verdicts, no error."""
    mlc = [f for f in rolemodel.builtin_frameworks() if f.id == "manage-lead-coach"]
    quiet = {"company_size": 10, "team_size": 2, "market_change": "low", "regulation": "low"}
    table = rolemodel.recommend_table(columns_of([quiet, ACME]), frameworks=mlc)
    assert table["role"][0] is None and table["reason"][0] != "" and table["error"][0] is None
    assert table["verdict_manage-lead-coach"][0] is None
    assert table["role"][1] == "leadership" and table["reason"][1] == ""
    assert_row_matches(table, 0, quiet, frameworks=mlc)
    assert_row_matches(table, 1, ACME, frameworks=mlc)


def test_table_verdict_column_is_none_where_the_framework_abstains() -> None:
    """verdict_<id> is each framework's own role, None where it abstains."""
    rec = rolemodel.recommend(ACME)
    assert rec.abstaining
    table = rolemodel.recommend_table({k: [v] for k, v in ACME.items()})
    for fid, verdict in rec.by_framework.items():
        assert table[f"verdict_{fid}"][0] == (None if verdict.role is None else verdict.role.value)
    assert all(table[f"verdict_{fid}"][0] is None for fid in rec.abstaining)


bad_value = st.one_of(
    st.sampled_from(["hgh", "", "0.5", "very", "Startup ", True, False, -1, 0, 1.5, -0.1]),
    st.floats(min_value=1.0000001, max_value=1e9),
    st.integers(min_value=-10, max_value=0),
)


@st.composite
def maybe_bad_profiles(draw: st.DrawFn) -> dict[str, Any]:
    """A profile in which some factors may hold a bad value or be missing."""
    record = draw(profiles())
    for name in draw(st.sets(st.sampled_from(list(FACTORS)), max_size=3)):
        record[name] = draw(st.one_of(bad_value, st.none()))
    return record


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(maybe_bad_profiles(), min_size=1, max_size=15))
def test_table_reports_bad_rows_as_recommend_would(records: list[dict[str, Any]]) -> None:
    """A bad row gets the ProfileError text recommend() raises, and empty results; none raise."""
    table = rolemodel.recommend_table(columns_of(records))
    for i, record in enumerate(records):
        assert_row_matches(table, i, {k: v for k, v in record.items() if v is not None})


def test_table_names_the_field_the_value_and_what_is_allowed() -> None:
    """The error text of a bad row says the field, the value found and what is allowed."""
    table = rolemodel.recommend_table(
        {
            "company_size": [300, 300, 0, 10],
            "team_size": [25, 25, 5, 50],
            "market_change": ["high", "hgh", 0.3, 0.3],
            "regulation": [0.1, 0.2, 0.3, None],
        }
    )
    assert table["error"][0] is None
    assert table["error"][1] == (
        "profile field 'market_change': expected a number in [0, 1], a percentage, one of "
        "'low', 'medium', 'high', or yes/no/partly, got 'hgh' (did you mean 'high'?)"
    )
    assert table["error"][2] == ("profile field 'company_size': expected a whole number >= 1, got 0")
    assert table["error"][3] == (
        "profile field 'regulation': expected a value (this factor is required), got empty"
    )


# -- recommend_table: kinds of input and output -----------------------------------------------


def test_table_keeps_input_columns_and_adds_result_columns() -> None:
    """The output holds the input's columns, untouched and first, then the result columns."""
    data = {"client": ["Acme", "Beta"], **{k: [v, v] for k, v in ACME.items()}}
    out = rolemodel.recommend_table(data)
    assert list(out) == [*data, *RESULTS]
    assert out["client"] is data["client"]
    assert list(out["role"]) == ["leadership", "leadership"]
    assert list(out["staffing"]) == ["split", "split"]
    assert list(out["error"]) == [None, None]


def test_table_keeps_input_columns_named_like_results_as_input_names() -> None:
    """An input column named like a result column comes back as ``input_<name>``, with a
    warning; the results are fresh (the rule of every route)."""
    given = {
        **{k: [v] for k, v in ACME.items()},
        "role": ["stale"],
        "verdict_gone": ["old"],
        "client": ["Acme"],
    }
    with pytest.warns(rolemodel.RoleModelWarning, match="role as input_role"):
        out = rolemodel.recommend_table(given)
    assert out["role"][0] == "leadership"
    assert out["input_role"] == ["stale"] and out["input_verdict_gone"] == ["old"]
    assert list(out) == [*ACME, "input_role", "input_verdict_gone", "client", *RESULTS]


def test_table_warns_of_a_misspelt_factor_column_and_carries_it() -> None:
    given = {**{k: [v] for k, v in ACME.items()}, "short_term_presure": [0.9]}
    with pytest.warns(rolemodel.RoleModelWarning, match="did you mean 'short_term_pressure'"):
        out = rolemodel.recommend_table(given)
    assert out["short_term_presure"] == [0.9]
    assert out["role"][0] == rolemodel.recommend(ACME).role.value


def test_table_gives_the_top_reason_recommend_gives() -> None:
    rows = [
        ACME,
        {**ACME, "company_size": 4000, "team_size": 300, "market_change": 0.1, "regulation": 0.9},
        {**ACME, "company_size": 12, "team_size": 3},
    ]
    out = rolemodel.recommend_table({k: [r[k] for r in rows] for k in ACME}, top_reason=True)
    for i, row in enumerate(rows):
        assert out["top_reason"][i] == top_reason(rolemodel.recommend(row))
        assert out["top_reason"][i]


def test_table_takes_numpy_columns() -> None:
    """Numeric numpy columns are read directly; NaN in an optional factor means not given."""
    data = {
        "company_size": np.array([300, 40, 5000]),
        "team_size": np.array([25.0, 6.0, 200.0]),
        "market_change": np.array([0.8, 0.5, 0.1]),
        "regulation": np.array([0.2, 0.9, 0.7]),
        "competition": np.array([np.nan, 0.9, 0.1]),
        "stage": np.array(["", "startup", "mature"], dtype=object),
    }
    data["stage"][0] = None
    out = rolemodel.recommend_table(data)
    for i in range(3):
        record = {k: v[i].item() if hasattr(v[i], "item") else v[i] for k, v in data.items()}
        record = {k: v for k, v in record.items() if not (v is None or v != v)}
        record["team_size"] = int(record["team_size"])
        assert_row_matches(out, i, record)


def test_table_reads_text_columns() -> None:
    """A numpy text column of levels and stages is validated once per distinct value."""
    out = rolemodel.recommend_table(
        {
            "company_size": [300, 300, 300],
            "team_size": [25, 25, 25],
            "market_change": np.array(["high", "low", "HIGH"]),
            "regulation": np.array(["low", "lo", "low"]),
            "stage": np.array(["growth", "mature", "mature"]),
        }
    )
    assert out["error"][0] is None and out["error"][2] is None
    assert "'lo'" in out["error"][1]
    assert out["role"][0] == rolemodel.recommend({**ACME, "stage": "growth"}).role


def test_table_refuses_bad_numeric_columns_row_by_row() -> None:
    """Out-of-range, fractional or boolean counts are row errors, not exceptions; a boolean
    graded factor is a yes/no answer (1 and 0), as ``recommend`` reads it."""
    out = rolemodel.recommend_table(
        {
            "company_size": np.array([300.0, 300.5, np.inf, 300.0, 300.0]),
            "team_size": np.array([25, 25, 25, 25, 25]),
            "market_change": np.array([0.5, 0.5, 0.5, 1.5, 0.5]),
            "regulation": np.array([0.1] * 5),
            "competition": np.array([True, False, False, False, True]),
        }
    )
    assert out["error"][4] is None
    assert out["role"][4] == rolemodel.recommend({**ACME, "market_change": 0.5, "competition": True}).role
    bools = rolemodel.recommend_table({**{k: [v] for k, v in ACME.items()}, "team_size": np.array([True])})
    assert "'team_size'" in bools["error"][0] and "got True" in bools["error"][0]
    assert "got 300.5" in out["error"][1]
    assert "got inf" in out["error"][2]
    assert "'market_change'" in out["error"][3] and "got 1.5" in out["error"][3]


_NUMBERS = st.one_of(
    st.integers(-3, 12_000_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 0.5, 1.0, 1.5, 300.0, 300.5, 1e7, 1e7 + 1]),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(_NUMBERS, _NUMBERS, _NUMBERS), min_size=1, max_size=12),
    st.booleans(),
)
def test_numeric_columns_are_checked_as_each_row_is(rows: list[tuple[Any, Any, Any]], ints: bool) -> None:
    """A numeric column is checked whole when all its values are good, cell by cell otherwise:
    either way each row's error is the one ``recommend`` raises for it, and a good row scores
    as it does (counts as int or float columns, graded factors required and optional)."""
    sizes = [r[0] for r in rows]
    whole = ints and all(isinstance(v, int) for v in sizes)
    data = {
        "company_size": np.array(sizes, dtype=np.int64 if whole else np.float64),
        "team_size": np.ones(len(rows), dtype=np.int64),
        "market_change": np.array([float(r[1]) for r in rows]),
        "regulation": np.full(len(rows), 0.5),
        "competition": np.array([float(r[2]) for r in rows]),
    }
    out = rolemodel.recommend_table(data)
    for i in range(len(rows)):
        record = {k: v[i].item() for k, v in data.items()}
        try:
            expected = rolemodel.recommend(**record)
        except ProfileError as exc:
            assert out["error"][i] == str(exc)
        else:
            assert out["error"][i] is None
            assert out["role"][i] == (expected.role.value if expected.role else None)
            assert out["confidence"][i] == expected.confidence


def test_table_with_no_rows() -> None:
    """An empty table comes back empty, with the result columns."""
    out = rolemodel.recommend_table({name: [] for name in ACME})
    assert list(out) == [*ACME, *RESULTS]
    assert all(len(out[c]) == 0 for c in RESULTS)


def test_table_refuses_tables_it_cannot_read() -> None:
    """Missing required columns, unequal lengths and non-tables raise RoleModelError."""
    with pytest.raises(RoleModelError, match=r"'regulation'.*did you mean 'Regulation'"):
        rolemodel.recommend_table(
            {**{k: [v] for k, v in ACME.items() if k != "regulation"}, "Regulation": [0.2]}
        )
    with pytest.raises(RoleModelError, match="equal length"):
        rolemodel.recommend_table({**{k: [v] for k, v in ACME.items()}, "x": [1, 2]})
    with pytest.raises(RoleModelError, match="mapping of columns"):
        rolemodel.recommend_table([ACME])
    with pytest.raises(RoleModelError, match="did you mean"):
        rolemodel.recommend_table({k: [v] for k, v in ACME.items()}, weights={"kotter-complexity": 1})


def test_large_table_scored_in_blocks_agrees_with_recommend(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table of many blocks (scored on several threads) still agrees row for row."""
    from rolemodel import _batch

    monkeypatch.setattr(_batch, "BLOCK", 1 << 15)  # several blocks, the last one short
    rng = np.random.default_rng(7)
    n = 3 * _batch.BLOCK + 123
    company = rng.integers(1, 3000, n)
    data = {
        "company_size": company,
        "team_size": np.minimum(company, rng.integers(1, 200, n)),
        "market_change": rng.random(n),
        "regulation": rng.random(n),
        "structure_need": np.where(rng.random(n) < 0.5, np.nan, rng.random(n)),
        "manager_readiness": rng.random(n),
        "team_seasoning": rng.random(n),
        "process_maturity": rng.random(n),
    }
    data["regulation"][5] = 2.0  # one bad row shifts every block's rows
    out = rolemodel.recommend_table(data)
    for i in [*rng.integers(0, n, 150).tolist(), 5, n - 1]:
        record = {k: v[i].item() for k, v in data.items() if not np.isnan(v[i])}
        assert_row_matches(out, i, record)


# -- pandas, dask ---------------------------------------------------------------------------


def test_table_takes_and_returns_a_dataframe() -> None:
    """A DataFrame comes back as a DataFrame with its index, columns and the results."""
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "client": ["Acme", "Beta", "Gamma"],
            "company_size": pd.array([300, 40, None], dtype="Int64"),
            "team_size": [25, 6, 10],
            "market_change": ["high", 0.5, "low"],
            "regulation": [0.2, 0.9, 0.1],
            "stage": [None, "startup", "growth"],
        },
        index=[10, 20, 30],
    )
    out = rolemodel.recommend_table(frame)
    assert isinstance(out, pd.DataFrame)
    assert list(out.index) == [10, 20, 30]
    assert list(out.columns) == [*frame.columns, *RESULTS]
    assert out.loc[10, "role"] == rolemodel.recommend({**ACME, "regulation": 0.2}).role
    assert out.loc[10, "staffing"] == rolemodel.recommend({**ACME, "regulation": 0.2}).staffing
    assert (
        out.loc[20, "role"]
        == rolemodel.recommend(
            company_size=40, team_size=6, market_change=0.5, regulation=0.9, stage="startup"
        ).role
    )
    assert "'company_size'" in out.loc[30, "error"]
    assert "frame" not in out.columns and list(frame.columns)[-1] == "stage"


def test_dataframe_results_keep_the_index_and_type_the_text_columns() -> None:
    """A DataFrame's result columns carry its index; text columns (answers, dissent, reasons,
    verdicts, error) have pandas' text dtype, with NA where empty; the numbers are floats,
    and an empty frame's columns are typed as a full one's."""
    pd = pytest.importorskip("pandas")
    mlc = [f for f in rolemodel.builtin_frameworks() if f.id == "manage-lead-coach"]
    frame = pd.DataFrame(
        {
            "company_size": [300, 10, 300],
            "team_size": [25, 2, 25],
            "market_change": ["high", "low", "hgh"],
            "regulation": ["low", "low", "low"],
        },
        index=pd.Index(["a", "b", "c"], name="client"),
    )
    out = rolemodel.recommend_table(frame, frameworks=mlc)
    empty = rolemodel.recommend_table(frame.iloc[:0], frameworks=mlc)
    text_dtype = pd.Series(["x"]).dtype
    assert list(out.columns) == [*frame.columns, *result_columns(["manage-lead-coach"])]
    for column in result_columns(["manage-lead-coach"]):
        assert out[column].index.equals(frame.index)
        assert empty[column].dtype == out[column].dtype, column
        if column in NUMBERS:
            assert out[column].dtype == np.float64, column
        else:
            assert out[column].dtype != object and pd.api.types.is_string_dtype(out[column]), column
            assert text_dtype == np.dtype(object) or out[column].dtype == text_dtype, column
    assert out.loc["a", "role"] == "leadership" and out.loc["a", "reason"] == ""
    assert pd.isna(out.loc["b", "role"]) and out.loc["b", "reason"] != ""
    assert pd.isna(out.loc["b", "verdict_manage-lead-coach"])
    assert pd.isna(out.loc["c", "role"]) and pd.isna(out.loc["c", "reason"])
    assert "'market_change'" in out.loc["c", "error"] and pd.isna(out.loc["a", "error"])


def test_table_reads_pandas_text_columns() -> None:
    """Text columns of a DataFrame (levels, stages, gaps, typos) score as recommend() says."""
    pd = pytest.importorskip("pandas")
    records: list[dict[str, Any]] = [
        {**ACME, "stage": "growth"},
        {**ACME, "market_change": None},
        {**ACME, "market_change": "hgh", "stage": " Mature"},
        {**ACME, "stage": None, "regulation": "medium"},
        {**ACME, "stage": "matur"},
    ]
    frame = pd.DataFrame(records).astype(
        {"market_change": "string", "stage": "string", "regulation": "string"}
    )
    out = rolemodel.recommend_table(frame)
    table = {c: list(out[c].astype(object).where(out[c].notna(), None)) for c in out.columns}
    for c in NUMBERS:
        table[c] = [math.nan if v is None else v for v in table[c]]
    for i, record in enumerate(records):
        assert_row_matches(table, i, {k: v for k, v in record.items() if v is not None})


def _recipe(name: str) -> str:
    text = (DOCS / "how-to" / "big-portfolios.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- recipe: {name} -->\s*```python\n(.*?)```", text, re.S)
    assert match, f"no '{name}' recipe in docs/how-to/big-portfolios.md"
    return match.group(1)


# Dask's to_parquet still calls set_index(inplace=True), which pandas 3.1 deprecates.
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.set_index")
def test_dask_recipe_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Dask recipe of docs/how-to/big-portfolios.md runs on Dask's local scheduler."""
    pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    rows = [
        {**ACME, "client": f"c{i}", "company_size": 50 + 37 * i, "team_size": 5 + i % 20} for i in range(400)
    ]
    rows[7]["market_change"] = "hgh"
    pd.DataFrame(rows).to_csv(tmp_path / "portfolio.csv", index=False)
    monkeypatch.chdir(tmp_path)
    import dask

    with dask.config.set(scheduler="synchronous"):
        namespace: dict[str, Any] = {}
        exec(_recipe("dask"), namespace)
    scored = pd.read_parquet(tmp_path / "scored")
    assert len(scored) == 400
    by_client = scored.set_index("client")
    assert "'market_change'" in by_client.loc["c7", "error"]
    record = {k: rows[3][k] for k in ACME}
    assert by_client.loc["c3", "role"] == rolemodel.recommend(record).role
    assert by_client.loc["c3", "staffing"] == rolemodel.recommend(record).staffing
    assert list(scored.columns)[-len(RESULTS) :] == list(RESULTS)
    assert by_client.loc["c3", "confidence"] == pytest.approx(
        rolemodel.recommend(record).confidence, abs=1e-9
    )


def test_spark_recipe_is_present() -> None:
    """The Spark recipe is in the docs and is valid Python (it is not run: no Spark here)."""
    compile(_recipe("spark"), "spark-recipe", "exec")
