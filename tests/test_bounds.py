"""Numeric bounds: huge, infinite or unreadable numbers in a profile, in weights or in a
framework give a RoleModelError (or a row error) naming the place, never another exception
and never a wrong answer (issue 11, defects 1 and 2)."""

from __future__ import annotations

import math
import pickle
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel import FACTORS, Profile, ProfileError, RoleModelError
from rolemodel._cli import main
from rolemodel._engine import MAX_WEIGHT, MIN_WEIGHT
from rolemodel._loader import builtin_framework_dir
from rolemodel._profile import MAX_COUNT, MAX_TEXT
from rolemodel._yamlread import MAX_NUMBER, MAX_NUMBER_TEXT

BASE: dict[str, Any] = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}
BIG = 10**400
HUGE = 10**5000  # past Python's 4300-digit limit: even repr() of it raises ValueError
#: A bound on any error message: it names the value, it never spells out thousands of digits.
SHORT = 400


def _id(value: object) -> str:
    """A short test id (pytest cannot print 10**5000)."""
    if isinstance(value, int) and value.bit_length() > 100:
        return f"int{value.bit_length()}bits"
    return repr(value)[:14]


def _profile_error(**changes: Any) -> ProfileError:
    with pytest.raises(ProfileError) as info:
        rolemodel.recommend(**{**BASE, **changes})
    return info.value


def _answer_or_profile_error(data: dict[str, Any]) -> str | None:
    """The ProfileError text for ``data``, or None when it is scored (with sane numbers)."""
    try:
        rec = rolemodel.recommend(data)
    except ProfileError as exc:
        assert len(str(exc)) < SHORT
        return str(exc)
    assert all(math.isfinite(s) for s in (*rec.scores.values(), *rec.staffing_scores.values()))
    assert 0.0 <= rec.confidence <= 1.0 and 0.0 <= rec.staffing_confidence <= 1.0
    return None


# -- profiles: worked examples ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        BIG,
        HUGE,
        -BIG,
        10_000_001,
        1e300,
        1e400,
        math.inf,
        -math.inf,
        math.nan,
        "1e999",
        "9" * 400,
        "9" * 5000,
    ],
    ids=_id,
)
def test_a_count_that_cannot_be_a_count_is_a_profile_error(value: object) -> None:
    """company_size and team_size refuse huge, infinite and unreadable numbers with a ProfileError."""
    for field in ("company_size", "team_size"):
        error = _profile_error(**{field: value})
        assert error.field == field
        assert len(str(error)) < SHORT


def test_the_count_bound_is_documented_and_inclusive() -> None:
    """A company of MAX_COUNT (10,000,000) is scored; one more employee is refused with the bound."""
    assert MAX_COUNT == 10_000_000
    rec = rolemodel.recommend(**{**BASE, "company_size": MAX_COUNT, "team_size": MAX_COUNT})
    assert rec.role is not None
    error = _profile_error(company_size=MAX_COUNT + 1)
    assert "at most 10,000,000" in error.allowed and "no company has more" in str(error)


def test_a_huge_integer_is_shown_short_and_the_error_pickles() -> None:
    """10**5000 (whose repr raises) is shown as a short description, and the error survives pickling."""
    error = _profile_error(company_size=HUGE)
    assert "an integer of about 5001 digits" in str(error)
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error) and again.field == "company_size"


def test_long_text_is_refused_unread() -> None:
    """A count or level written in more than MAX_TEXT characters is refused, shown by its length."""
    assert MAX_TEXT == 100
    error = _profile_error(team_size=" " * 200 + "5")
    assert "201 characters" in str(error)
    error = _profile_error(market_change="high" + " " * 200)
    assert error.field == "market_change" and "204 characters" in str(error)
    with pytest.raises(ProfileError, match="stage"):
        rolemodel.recommend(**BASE, stage="startup" * 100)


@pytest.mark.parametrize(
    "value", [BIG, HUGE, 1e300, math.inf, "nan", "inf", "1e999", "9" * 5000, "x" * 10**6], ids=_id
)
def test_a_graded_factor_refuses_what_is_no_grade(value: object) -> None:
    """A graded factor refuses huge integers, infinities, NaN written as text and overflowing
    text with a ProfileError (a NaN value itself means "not given": see test_profile)."""
    for field in ("market_change", "innovation_need"):
        error = _profile_error(**{field: value})
        assert error.field == field and len(str(error)) < SHORT


def test_every_profile_route_gives_the_same_profile_error() -> None:
    """recommend(**kw), recommend(mapping) and Profile(...) raise the same ProfileError for 10**400."""
    texts = set()
    for call in (
        lambda: rolemodel.recommend(**{**BASE, "company_size": BIG}),
        lambda: rolemodel.recommend({**BASE, "company_size": BIG}),
        lambda: Profile(BIG, 25, 0.8, 0.2),
        lambda: Profile.from_mapping({**BASE, "company_size": BIG}),
    ):
        with pytest.raises(ProfileError) as info:
            call()
        texts.add(str(info.value))
    assert len(texts) == 1


def test_an_unknown_factor_with_a_huge_name_or_value_is_a_profile_error() -> None:
    """An unknown key, or an unknown key holding 10**5000, is named short in a ProfileError."""
    with pytest.raises(ProfileError) as info:
        rolemodel.recommend({**BASE, "x" * 10_000: HUGE})
    assert len(str(info.value)) < SHORT
    with pytest.raises(ProfileError) as info:
        rolemodel.recommend({**BASE, HUGE: 1})
    assert len(str(info.value)) < SHORT


def test_recommend_many_returns_a_row_error_and_goes_on() -> None:
    """recommend_many(errors="return") gives a huge count a row error and scores the next record."""
    rows = list(rolemodel.recommend_many([{**BASE, "company_size": BIG}, BASE], errors="return"))
    assert [r.ok for r in rows] == [False, True]
    assert isinstance(rows[0].error, ProfileError) and rows[0].error.field == "company_size"


def test_recommend_table_puts_the_recommend_text_in_the_error_column() -> None:
    """A huge cell is a row error in recommend_table, with the very text recommend raises."""
    pytest.importorskip("numpy")
    cells: list[Any] = [300, BIG, HUGE, 1e300, "9" * 5000, MAX_COUNT + 1]
    table = rolemodel.recommend_table(
        {
            "company_size": cells,
            "team_size": [25] * len(cells),
            "market_change": ["high"] * len(cells),
            "regulation": ["low"] * len(cells),
        }
    )
    assert table["error"][0] is None
    for i, cell in enumerate(cells[1:], start=1):
        assert table["error"][i] == str(_profile_error(company_size=cell))


def test_recommend_table_bounds_numeric_columns() -> None:
    """Integer and float columns over the count bound are row errors, as recommend says them."""
    np = pytest.importorskip("numpy")
    for column in (
        np.array([300, 2**62, MAX_COUNT + 1], dtype=np.int64),
        np.array([300.0, 1e300, MAX_COUNT + 1.0]),
        np.array([300, 2**64 - 1, MAX_COUNT + 1], dtype=np.uint64),
    ):
        table = rolemodel.recommend_table(
            {
                "company_size": column,
                "team_size": [25] * 3,
                "market_change": [0.5] * 3,
                "regulation": [0.5] * 3,
            }
        )
        assert table["error"][0] is None
        for i in (1, 2):
            assert table["error"][i] == str(_profile_error(company_size=column[i].item()))


# -- profiles: properties -----------------------------------------------------------------------

any_integer = st.one_of(
    st.integers(),
    st.integers(min_value=0, max_value=5000).map(lambda k: 10**k),
    st.integers(min_value=0, max_value=5000).map(lambda k: -(10**k)),
)
any_number = st.one_of(any_integer, st.floats())
any_value = st.one_of(any_number, st.text(), st.text(alphabet="0123456789", min_size=90, max_size=6000))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(FACTORS)), any_value)
def test_any_value_for_any_factor_is_scored_or_a_profile_error(name: str, value: object) -> None:
    """Any integer, float (inf, NaN) or text for any factor gives a Recommendation or a ProfileError."""
    _answer_or_profile_error({**BASE, name: value})


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(sorted(FACTORS)), st.lists(any_value, min_size=1, max_size=4))
def test_a_table_row_error_is_the_recommend_error(name: str, values: list[object]) -> None:
    """recommend_table's error column holds, row for row, what recommend raises (or None); a NaN
    cell is a missing one, as recommend_table documents."""
    pytest.importorskip("numpy")
    columns = {k: [v] * len(values) for k, v in BASE.items()}
    columns[name] = values
    table = rolemodel.recommend_table(columns)
    for i, value in enumerate(values):
        missing = isinstance(value, float) and math.isnan(value)
        assert table["error"][i] == _answer_or_profile_error({**BASE, name: None if missing else value})


# -- weights ------------------------------------------------------------------------------------


@pytest.mark.parametrize("weights", [[1], "both-hats", 5, (("both-hats", 1),)], ids=_id)
def test_weights_must_be_a_mapping(weights: Any) -> None:
    """weights=[1] (or any non-mapping) is a RoleModelError, not a TypeError."""
    with pytest.raises(RoleModelError, match="weights: expected a mapping"):
        rolemodel.recommend(BASE, weights=weights)


@pytest.mark.parametrize(
    "value",
    [1e308, MAX_WEIGHT * 2, BIG, HUGE, math.inf, math.nan, -1, 1e-300, 5e-324, "2", None, True],
    ids=_id,
)
def test_a_weight_outside_the_bounds_is_refused(value: object) -> None:
    """A weight above MAX_WEIGHT, below MIN_WEIGHT (but not 0), non-finite or not a number is refused."""
    with pytest.raises(RoleModelError, match=r"weights\['both-hats'\]") as info:
        rolemodel.recommend(BASE, weights={"both-hats": value})
    assert len(str(info.value)) < SHORT


def test_huge_weights_never_give_full_confidence_from_an_inf_total() -> None:
    """1e308 for two frameworks is refused; the largest weight allowed gives the answer of weights 1."""
    with pytest.raises(RoleModelError, match="at most 1,000,000"):
        rolemodel.recommend(BASE, weights={"both-hats": 1e308, "seven-differences": 1e308})
    ids = [f.id for f in rolemodel.builtin_frameworks()]
    others = {fid: 0 for fid in ids if fid not in ("both-hats", "seven-differences")}
    heavy = rolemodel.recommend(
        BASE, weights={**others, "both-hats": MAX_WEIGHT, "seven-differences": MAX_WEIGHT}
    )
    plain = rolemodel.recommend(BASE, weights={**others, "both-hats": 1, "seven-differences": 1})
    assert (heavy.role, heavy.staffing) == (plain.role, plain.staffing)
    assert heavy.confidence == pytest.approx(plain.confidence)
    for role, score in plain.scores.items():
        assert heavy.scores[role] == pytest.approx(score)


def test_the_cli_refuses_a_huge_weight_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """rolemodel recommend --weight both-hats=1e308 exits 2 with a message, no traceback."""
    argv = ["recommend", "--company-size", "300", "--team-size", "25"]
    argv += ["--market-change", "high", "--regulation", "low"]
    code = main([*argv, "--weight", "both-hats=1e308", "--weight", "seven-differences=1e308"])
    err = capsys.readouterr().err
    assert code == 2 and "at most 1,000,000" in err and "Traceback" not in err


def test_a_tiny_weight_on_the_only_speaker_does_not_divide_by_zero() -> None:
    """The smallest weight allowed, on frameworks that speak while the heavy one is silenced, still scores."""
    ids = [f.id for f in rolemodel.builtin_frameworks()]
    rec = rolemodel.recommend(BASE, weights={fid: MIN_WEIGHT for fid in ids} | {ids[0]: MAX_WEIGHT})
    assert all(math.isfinite(s) for s in rec.scores.values())


weight_value = st.one_of(
    st.just(0.0),
    st.floats(min_value=MIN_WEIGHT, max_value=MAX_WEIGHT),
    st.floats(),
    any_integer,
)


@settings(deadline=None)
@given(
    st.dictionaries(st.sampled_from(["both-hats", "seven-differences", "manage-lead-coach"]), weight_value)
)
def test_any_weights_give_a_sane_answer_or_a_role_model_error(weights: dict[str, object]) -> None:
    """Any weights give finite scores and a confidence in [0, 1], or a RoleModelError."""
    try:
        rec = rolemodel.recommend(BASE, weights=weights)  # type: ignore[arg-type]
    except RoleModelError as exc:
        assert len(str(exc)) < SHORT
        return
    assert all(math.isfinite(s) for s in (*rec.scores.values(), *rec.staffing_scores.values()))
    assert 0.0 <= rec.confidence <= 1.0


@settings(deadline=None)
@given(st.floats(min_value=MIN_WEIGHT, max_value=MAX_WEIGHT))
def test_equal_weights_of_any_size_are_weights_of_one(w: float) -> None:
    """Two frameworks weighted w each (the rest 0) give the answer of weights 1: only ratios matter."""
    ids = [f.id for f in rolemodel.builtin_frameworks()]
    others = {fid: 0 for fid in ids if fid not in ("both-hats", "seven-differences")}
    a = rolemodel.recommend(BASE, weights={**others, "both-hats": w, "seven-differences": w})
    b = rolemodel.recommend(BASE, weights={**others, "both-hats": 1, "seven-differences": 1})
    assert (a.role, a.staffing) == (b.role, b.staffing)
    for role, score in b.scores.items():
        assert a.scores[role] == pytest.approx(score)


# -- frameworks ---------------------------------------------------------------------------------

BUILTIN = builtin_framework_dir()
SEVEN = (BUILTIN / "seven-differences.yaml").read_text(encoding="utf-8")
OVERLONG = [
    "0x" + "f" * 4000,  # hex: no digit limit, an int far past a float
    "9" * 400,  # decimal: an int past a float
    "9" * 5000,  # decimal past Python's 4300-digit limit: int() raises ValueError
    "-" + "9" * 5000,
    "1" + ":30" * 60,  # YAML 1.1 base 60: quadratic to build, refused unread
]
OVERFLOWING = ["1.0e+400", "-1.0e+400", "1.0e+300", ".inf", ".nan", "10000000000"]


def _replace(text: str, pattern: str, value: str, nth: int = 0) -> str:
    """``text`` with the first group of the ``nth`` match of ``pattern`` replaced by ``value``."""
    match = list(re.finditer(pattern, text, flags=re.MULTILINE))[nth]
    return text[: match.start(1)] + value + text[match.end(1) :]


POSITIONS = {
    "weight": (r"^\s+weight: ([^\s]+)$", "rules[", ".weight"),
    "baseline": (r"^\s+baseline: ([^\s]+)$", "", ".baseline"),
    "ramp low": (r"(?:rising|falling): \[([^,\]]+),", "rules[", "[0]"),
    "ramp high": (r"(?:rising|falling): \[[^,\]]+, ([^\]]+)\]", "rules[", "[1]"),
    "min_confidence": (r"^\s+min_confidence: ([^\s]+)$", "examples[", ".min_confidence"),
}


def _problems(text: str) -> tuple[rolemodel.Problem, ...]:
    with pytest.raises(rolemodel.FrameworkError) as info:
        rolemodel.loads_framework(text, "seven.yaml")
    return info.value.problems


@pytest.mark.parametrize("value", OVERLONG + OVERFLOWING, ids=lambda v: v[:14])
@pytest.mark.parametrize("position", sorted(POSITIONS))
def test_a_number_past_the_bounds_is_a_located_framework_problem(position: str, value: str) -> None:
    """A huge or overflowing number in any numeric position is one located, coded, short problem."""
    pattern, start, end = POSITIONS[position]
    if value == "10000000000" and position == "weight":
        value = "2000000"  # past MAX_WEIGHT, within MAX_NUMBER
    (problem,) = _problems(_replace(SEVEN, pattern, value))
    assert problem.file == "seven.yaml" and problem.line > 0 and problem.column > 0
    assert problem.path.startswith(start) and problem.path.endswith(end)
    assert problem.code == "RM007"
    assert "at most" in problem.expected or "from" in problem.expected or "in [0, 1]" in problem.expected
    assert len(str(problem)) < SHORT


def test_the_framework_bounds_are_the_documented_ones() -> None:
    """Weights and baselines stop at 1,000,000, other numbers at 1,000,000,000, in 100 characters."""
    assert (MAX_WEIGHT, MAX_NUMBER, MAX_NUMBER_TEXT) == (1e6, 1e9, 100)
    (problem,) = _problems(_replace(SEVEN, POSITIONS["weight"][0], "1000001"))
    assert problem.expected == "a finite number >= 0 and at most 1,000,000"
    loaded = rolemodel.loads_framework(_replace(SEVEN, POSITIONS["weight"][0], "1000000"), "seven.yaml")
    assert loaded.rules[0].weight == 1e6


def test_an_override_weight_past_the_bound_is_an_extends_problem() -> None:
    """In an extension, overrides: {rule: {weight: 0xfff...}} is a located RM013 problem."""
    rule = rolemodel.builtin_frameworks()[-1].rules[0].id
    text = (
        "format: rolemodel/framework\nversion: 2\nid: mine\nextends: seven-differences\n"
        f"overrides:\n  {rule}: {{weight: 0x{'f' * 4000}}}\n"
    )
    (problem,) = _problems(text)
    assert problem.code == "RM013" and problem.line == 6 and len(str(problem)) < SHORT


@pytest.mark.parametrize("value", ["9" * 5000, "9" * 400, "1.0e+400", "2001-13-45"])
def test_an_example_profile_number_past_the_bounds_is_a_profile_problem(value: str) -> None:
    """A huge count in an example's profile is a located RM012 problem, shown short."""
    (problem,) = _problems(_replace(SEVEN, r"company_size: ([0-9]+)", value))
    assert problem.code == "RM012" and problem.path.endswith(".company_size")
    assert len(str(problem)) < SHORT


@pytest.mark.parametrize("value", ["9" * 5000, "2001-13-45", "1.0e+400", "0x" + "f" * 4000])
def test_an_unreadable_version_is_a_version_problem(value: str) -> None:
    """A 5000-digit version, or a date that does not exist, is an RM003 problem."""
    (problem,) = _problems(SEVEN.replace("version: 2", f"version: {value}", 1))
    assert problem.code == "RM003" and len(str(problem)) < SHORT


def test_lint_and_test_report_findings_not_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """rolemodel.lint and `rolemodel test` report huge numbers as findings, never raise."""
    files = []
    for i, value in enumerate(OVERLONG + OVERFLOWING):
        path = tmp_path / f"f{i}.yaml"
        path.write_text(_replace(SEVEN, POSITIONS["ramp low"][0], value), encoding="utf-8")
        files.append(path)
    findings = rolemodel.lint(files)
    assert sorted({f.path for f in findings}) == sorted(str(p) for p in files)
    assert {f.code for f in findings} == {"RM007"}
    assert all(len(f.message) < SHORT for f in findings)
    code = main(["test", str(files[2])])
    said = "".join(capsys.readouterr())
    assert code != 0 and "RM007" in said and "Traceback" not in said
    assert main(["lint", *map(str, files)]) == 1


def _yaml_number(value: int | float) -> str:
    """``value`` written as YAML would have it (a 5000-digit integer too)."""
    if isinstance(value, int):
        return str(value) if value.bit_length() < 10_000 else hex(value)
    return str(yaml.safe_dump(value)).split("\n", 1)[0]


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.sampled_from(sorted(BUILTIN.glob("*.yaml"))),
    st.sampled_from(["weight", "baseline", "ramp low", "ramp high"]),
    any_number,
)
def test_any_number_in_a_builtin_loads_or_is_a_framework_error(
    path: Path, position: str, value: int | float
) -> None:
    """Any number in a built-in's weight, baseline or ramp position loads (and recommends) or is a
    FrameworkError."""
    text = _replace(path.read_text(encoding="utf-8"), POSITIONS[position][0], _yaml_number(value))
    try:
        framework = rolemodel.loads_framework(text, path.name)
    except rolemodel.FrameworkError as exc:
        assert all(p.line > 0 and len(str(p)) < SHORT for p in exc.problems)
        return
    rec = rolemodel.recommend(BASE, frameworks=[framework])
    assert all(math.isfinite(s) for s in (*rec.scores.values(), *rec.staffing_scores.values()))
