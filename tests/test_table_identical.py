"""recommend_table() gives, on 5,000 varied rows, the very output it gave when its fixture was
written (every column, every float to the bit) and recommend()'s answers row for row: a speed
change to the numpy path must change no result.

The fixture (``tests/data/table_identical.json``) keeps one SHA-256 per column and case, so it
stays small; where a digest differs, the row-by-row comparison with recommend() says where.
Rewrite it only for an intended change of results: ``python tests/test_table_identical.py``.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import sys
from pathlib import Path
from typing import Any

import pytest

import rolemodel
from rolemodel import FACTORS, ProfileError

np = pytest.importorskip("numpy")

FIXTURE = Path(__file__).resolve().parent / "data" / "table_identical.json"
ROWS = 5000
BY_ID = {f.id: f for f in rolemodel.builtin_frameworks()}
OPTIONAL = [n for n, s in FACTORS.items() if s.kind == "graded" and not s.required]
#: Values at and around the built-in ramps' ends, so that every branch of a ramp is met.
EDGES = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 0.30000000000000004, 0.7999999999999999]
SIZES = [1, 2, 10, 49, 50, 51, 100, 249, 250, 251, 500, 999, 1000, 1001, 5000, 10_000, 200_000]


def _graded(rng: random.Random, words: bool) -> Any:
    pick = rng.random()
    if pick < 0.3:
        return rng.choice(EDGES)
    if words and pick < 0.45:
        return rng.choice(["low", "medium", "high", "yes", "no", "partly", "High", "50%"])
    return rng.random()


def records(seed: int, words: bool, bad: bool) -> list[dict[str, Any]]:
    """``ROWS`` profiles from a seeded generator: every factor, optional ones often missing (as
    ``None`` or NaN), word levels and stages where ``words``, a few bad cells where ``bad``."""
    rng = random.Random(seed)
    out = []
    for _ in range(ROWS):
        company = rng.choice(SIZES) if rng.random() < 0.4 else rng.randint(1, 20_000)
        team = (
            rng.randint(1, min(company, 400)) if rng.random() < 0.8 else rng.choice([1, 20, 40, 60, company])
        )
        row: dict[str, Any] = {
            "company_size": company,
            "team_size": min(team, company),
            "market_change": _graded(rng, words),
            "regulation": _graded(rng, words),
        }
        for name in OPTIONAL:
            row[name] = (
                _graded(rng, words) if rng.random() < 0.6 else (None if rng.random() < 0.5 else math.nan)
            )
        row["stage"] = rng.choice(["startup", "growth", "mature", None, None, None]) if words else None
        if bad and rng.random() < 0.03:
            name = rng.choice(["company_size", "team_size", "market_change", "innovation_need", "stage"])
            row[name] = rng.choice(["hgh", -1, 0, 1.5, "", None, "Startup ", True])
        if bad and rng.random() < 0.01:
            row["team_size"] = row["company_size"] + 1 if isinstance(row["company_size"], int) else 1
        out.append(row)
    return out


def numeric_columns(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The rows as numpy columns: counts as int64, graded factors as float64 (NaN missing), and
    a column carried through."""
    data: dict[str, Any] = {
        "client": np.array([f"c{i}" for i in range(len(rows))], dtype=object),
        "company_size": np.array([r["company_size"] for r in rows], dtype=np.int64),
        "team_size": np.array([r["team_size"] for r in rows], dtype=np.int64),
    }
    for name in ("market_change", "regulation", *OPTIONAL):
        data[name] = np.array([math.nan if r[name] is None else r[name] for r in rows], dtype=np.float64)
    return data


def list_columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """The rows as lists of Python values (words, None, NaN, bad cells)."""
    return {name: [r[name] for r in rows] for name in rows[0]}


#: Each case: how its table is made, the frameworks (None: the built-ins), weights, top_reason.
CASES: dict[str, tuple[str, list[str] | None, dict[str, float] | None, bool]] = {
    "numeric": ("numeric", None, None, False),
    "numeric-weighted": (
        "numeric",
        None,
        {"seven-differences": 2.5, "both-hats": 0.0, "kotter-complexity-change": 1e-6},
        False,
    ),
    "words": ("words", None, None, False),
    "words-reasons": ("words", None, None, True),
    "words-subset": (
        "words",
        ["kotter-complexity-change", "manage-lead-coach"],
        {"manage-lead-coach": 3.0},
        False,
    ),
    "words-one": ("words", ["manage-lead-coach"], None, False),
    "words-staffing": ("words", ["growth-leader-convergence", "both-hats", "seven-differences"], None, True),
}


def table_of(kind: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The records of a kind of table and the table; one optional factor has no value at all."""
    rows = records(12 if kind == "numeric" else 34, words=kind == "words", bad=kind == "words")
    empty = "leadership_time" if kind == "numeric" else "customer_focus"
    for row in rows:
        row[empty] = None
    return rows, numeric_columns(rows) if kind == "numeric" else list_columns(rows)


def run(case: str) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    """The case's records, the keywords of its call and recommend_table's output."""
    kind, ids, weights, reasons = CASES[case]
    rows, data = table_of(kind)
    kwargs: dict[str, Any] = {}
    if ids is not None:
        kwargs["frameworks"] = [BY_ID[i] for i in ids]
    if weights is not None:
        kwargs["weights"] = weights
    return rows, kwargs, rolemodel.recommend_table(data, top_reason=reasons, **kwargs)


def canonical(value: Any) -> Any:
    """A cell as plain JSON: floats by their hex (NaN as "nan"), numpy scalars as Python's."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return "nan" if math.isnan(value) else value.hex()
    return value


def digest(column: Any) -> str:
    """A column's dtype and cells, hashed."""
    cells = [str(getattr(column, "dtype", type(column).__name__))] + [canonical(v) for v in column]
    return hashlib.sha256(json.dumps(cells).encode()).hexdigest()[:20]


def digests(table: dict[str, Any]) -> dict[str, str]:
    """Each column's digest, and that of the columns' order."""
    return {"(order)": digest(list(table)), **{name: digest(column) for name, column in table.items()}}


def expected() -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return result


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("block", [None, 700])
def test_table_is_the_recorded_one(case: str, block: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every column of the table (the input's and the results, dtypes too) hashes to the
    recorded digest, in one block or in many (scored by several threads)."""
    if block is not None:
        from rolemodel import _batch

        monkeypatch.setattr(_batch, "BLOCK", block)
    _, _, table = run(case)
    assert digests(table) == expected()[case]


@pytest.mark.parametrize("case", list(CASES))
def test_table_is_the_recorded_one_without_bit_sets(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same where the frameworks are combined by sums over the columns (more voters than
    bit sets take), in blocks."""
    from rolemodel import _batch, _vector_combine

    monkeypatch.setattr(_vector_combine, "KEYED", 0)
    monkeypatch.setattr(_batch, "BLOCK", 1500)
    _, _, table = run(case)
    assert digests(table) == expected()[case]


def test_a_move_lost_in_rounding_still_counts() -> None:
    """A rule that reads the profile adds so little that the evidence does not change (1 plus
    1e-16 is 1): the framework was still moved, as recommend() has it, whether few rows or
    many are like that; a row nothing moved abstains."""
    text = (Path(__file__).resolve().parents[1] / "frameworks" / "both-hats.yaml").read_text(encoding="utf-8")
    roles, staffing = text.split("staffing:", 1)
    heavy = rolemodel.loads_framework(
        roles.replace("baseline: 0.1", "baseline: 1.0", 1) + "staffing:" + staffing
    )
    tiny, none, much = 0.30000000000000004, 0.3, 0.9  # a ramp from 0.3: 1e-16, 0, 1.2
    for cells in ([tiny] + [much] * 63, [tiny, none, much, None] * 16):
        data = {"company_size": [300] * 64, "team_size": [10] * 64, "market_change": [0.5] * 64}
        table = rolemodel.recommend_table(
            {**data, "regulation": [0.5] * 64, "efficiency_priority": cells}, frameworks=[heavy]
        )
        for i, cell in enumerate(cells):
            record = {"company_size": 300, "team_size": 10, "market_change": 0.5, "regulation": 0.5}
            rec = rolemodel.recommend({**record, "efficiency_priority": cell}, frameworks=[heavy])
            for column, want in rec.to_row().items():
                assert same(table[column][i], want), (i, column)
        assert table["verdict_both-hats"][0] == "management"


def test_the_column_helpers_are_the_scalar_engine_to_the_bit() -> None:
    """evaluate_columns, decide_columns and combine_columns (the column engine's helpers kept
    for their callers) give, row for row, what evaluate, decide and combine give."""
    from rolemodel import Profile
    from rolemodel._engine import combine, decide, evaluate, profile_inputs
    from rolemodel._vector import Columns, combine_columns, decide_columns, evaluate_columns

    rows = records(56, words=False, bad=False)[:300]
    profiles = [Profile.from_mapping({k: v for k, v in r.items() if v is not None}) for r in rows]
    inputs = [profile_inputs(p) for p in profiles]
    names = [name for name in FACTORS if name != "stage"]
    columns = {name: np.array([math.nan if i[name] is None else i[name] for i in inputs]) for name in names}
    stage = [np.array([p.stage_membership[k] for p in profiles]) for k in range(3)]
    frameworks = rolemodel.builtin_frameworks()
    weights = [1.0, 0.0, 2.5, 1.0, 1e-6][: len(frameworks)]
    block = Columns(np, columns, stage, len(rows))
    got: list[Any] = [([], [], []), ([], [], [])]
    for framework in frameworks:
        plan = framework._plan
        evidence, moved = evaluate_columns(plan, block)
        for (scores, choices, listed), lo in zip(got, (0, 3), strict=True):
            s, c = decide_columns(np, evidence[lo : lo + 3], moved[lo : lo + 3], plan.listed[lo : lo + 3])
            scores.append(s)
            choices.append(c)
            listed.append(plan.listed[lo : lo + 3])
    combined = [combine_columns(np, *question, weights) for question in got]
    for i, (profile, values) in enumerate(zip(profiles, inputs, strict=True)):
        want: list[Any] = [([], [], []), ([], [], [])]
        for framework in frameworks:
            plan = framework._plan
            _, evidence, moved = evaluate(plan, values, profile.stage_membership)
            for (scores, choices, listed), lo in zip(want, (0, 3), strict=True):
                s, c = decide(evidence[lo : lo + 3], moved[lo : lo + 3], plan.listed[lo : lo + 3])
                scores.append(s)
                choices.append(c)
                listed.append(plan.listed[lo : lo + 3])
        for question, (table, best, confidence) in zip(want, combined, strict=True):
            expected, code, sure = combine(*question, weights)
            assert int(best[i]) == code and same(confidence[i], sure), i
            assert [same(table[k][i], expected[k] if expected else math.nan) for k in range(3)] == [True] * 3
        for (scores, choices, _), (got_scores, got_choices, _) in zip(want, got, strict=True):
            assert [int(c[i]) for c in got_choices] == list(choices), i
            assert [[canonical(s[k][i]) for k in range(3)] for s in got_scores] == [
                [canonical(v) for v in s] for s in scores
            ], i


def same(got: Any, want: Any) -> bool:
    return canonical(got) == canonical(want)


@pytest.mark.parametrize("case", ["numeric", "numeric-weighted", "words", "words-subset", "words-staffing"])
def test_table_is_recommend_row_for_row(case: str) -> None:
    """Each row is recommend()'s to_row() (or its error text, with empty results), to the bit."""
    rows, kwargs, table = run(case)
    for i, row in enumerate(rows):
        given = {k: v for k, v in row.items() if not (v is None or (isinstance(v, float) and math.isnan(v)))}
        try:
            rec = rolemodel.recommend(given, **kwargs)
        except ProfileError as exc:
            assert table["error"][i] == str(exc), i
            assert table["role"][i] is None and math.isnan(table["confidence"][i]), i
            continue
        for column, want in rec.to_row().items():
            assert same(table[column][i], want), (i, column, table[column][i], want)


def test_top_reason_column_is_top_reason_row_for_row() -> None:
    """The table's top_reason is top_reason() of recommend() on every row, ties included (the
    column divides last, as the scalar function does)."""
    from rolemodel._reasons import top_reason

    rows, kwargs, table = run("words-reasons")
    kwargs = {k: v for k, v in kwargs.items() if k != "top_reason"}
    for i, row in enumerate(rows):
        given = {k: v for k, v in row.items() if not (v is None or (isinstance(v, float) and math.isnan(v)))}
        try:
            rec = rolemodel.recommend(given, **kwargs)
        except ProfileError:
            continue
        assert table["top_reason"][i] == top_reason(rec), i


@pytest.mark.parametrize("case", ["numeric", "words-reasons", "words-subset"])
def test_dataframe_holds_the_dict_results(case: str) -> None:
    """A DataFrame in gives the same results as the columns in a mapping, text in pandas' own
    text dtype (error rows, a top reason and abstentions among them)."""
    pd = pytest.importorskip("pandas")
    kind, ids, weights, reasons = CASES[case]
    _, data = table_of(kind)
    kwargs: dict[str, Any] = {"top_reason": reasons, "weights": weights}
    if ids is not None:
        kwargs["frameworks"] = [BY_ID[i] for i in ids]
    table = rolemodel.recommend_table(data, **kwargs)
    frame = rolemodel.recommend_table(pd.DataFrame(data), **kwargs)
    text = pd.Series(["x"]).dtype
    text = pd.StringDtype() if text == np.dtype(object) else text
    assert list(frame.columns) == list(table)
    for name, column in table.items():
        cells = [None if v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v for v in frame[name]]
        want = [None if isinstance(v, float) and math.isnan(v) else v for v in column]
        assert [canonical(v) for v in cells] == [canonical(v) for v in want], name
        if name not in data and isinstance(column, np.ndarray) and column.dtype.kind == "O":
            assert frame[name].dtype == text, name


if __name__ == "__main__":  # rewrite the fixture (an intended change of results only)
    FIXTURE.parent.mkdir(exist_ok=True)
    recorded = {case: digests(run(case)[2]) for case in CASES}
    FIXTURE.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    sys.exit(0)
