"""The compiled engine: generated straight-line code (per plan, and per set of frameworks: the
panel), safe by construction and equal to the reference functions it replaces; and the
profile's fast path, equal to the checked one."""

from __future__ import annotations

import ast
import math
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel import ProfileError, Stage
from rolemodel._codegen import build, generate
from rolemodel._engine import (
    NUMERIC,
    Plan,
    Step,
    _compile,
    evaluate,
    evaluate_steps,
    profile_inputs,
    profile_values,
)
from rolemodel._model import AllOf, Always, AnyOf, Condition, Ramp, StageIs
from rolemodel._panel import compile_panel, interpreted_panel, panel_source
from rolemodel._profile import (
    MAX_COUNT,
    Profile,
    _count,
    _count_checked,
    _graded,
    _graded_checked,
    _missing,
    is_missing,
)
from tests.strategies import profiles

FRAMEWORKS = rolemodel.builtin_frameworks()

ALLOWED_NODES = (
    ast.Module,
    ast.FunctionDef,
    ast.arguments,
    ast.arg,
    ast.Assign,
    ast.AugAssign,
    ast.If,
    ast.IfExp,
    ast.Compare,
    ast.BinOp,
    ast.UnaryOp,
    ast.Subscript,
    ast.Name,
    ast.Constant,
    ast.Tuple,
    ast.Return,
    ast.Load,
    ast.Store,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.USub,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.Is,
    ast.Eq,
    ast.BoolOp,
    ast.And,
    ast.Or,
)
# run(x, s) of a plan; panel(x, s, w) of a set of frameworks (rolemodel._panel)
FIXED_NAMES = {"run", "panel", "x", "s", "w", "v", "a", "u", "b", "top", "sec", "hs", "sp", "agree"}
LOCAL_PREFIXES = ("d", "c", "e", "m", "r", "t", "p", "k", "g", "o", "q", "y", "n", "z")
SIGNATURES = {"run": ["x", "s"], "panel": ["x", "s", "w"]}


def check_source(source: str) -> None:
    """Every node of ``source`` is on the whitelist; names are the fixed ones or ``<letter><n>``."""
    for node in ast.walk(ast.parse(source)):
        assert isinstance(node, ALLOWED_NODES), ast.dump(node)
        if isinstance(node, ast.Constant):
            assert node.value is None or type(node.value) in (int, float), repr(node.value)
            assert not isinstance(node.value, float) or math.isfinite(node.value)
        if isinstance(node, ast.Name):
            name = node.id
            assert name in FIXED_NAMES or (name[0] in LOCAL_PREFIXES and name[1:].isdigit()), name
        if isinstance(node, ast.FunctionDef):
            assert node.name in SIGNATURES and not node.decorator_list
            assert [a.arg for a in node.args.args] == SIGNATURES[node.name]


def same(a: Any, b: Any) -> bool:
    """Equal to the bit: the same reprs (so 0.0 and -0.0 differ, as do 1 and 1.0)."""
    return repr(a) == repr(b)


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.id)
def test_generated_source_is_whitelisted(framework: rolemodel.Framework) -> None:
    """Each built-in framework's generated source uses only whitelisted syntax, names and numbers."""
    check_source(framework._plan.source)


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.id)
def test_no_text_of_the_file_reaches_the_source(framework: rolemodel.Framework) -> None:
    """No id, name or quote of the framework file appears in its generated source."""
    source = framework._plan.source
    texts = [framework.id, *(r.id for r in framework.rules), *(c.id for c in framework.concepts)]
    for text in texts:
        if len(text) > 1:
            assert text not in source


@settings(max_examples=150, deadline=None)
@given(profiles())
def test_generated_equals_closures_on_builtins(data: dict[str, Any]) -> None:
    """On any profile, every built-in plan's generated function equals its closures to the bit."""
    profile = Profile.from_mapping(data)
    inputs, stage = profile_inputs(profile), profile.stage_membership
    for framework in FRAMEWORKS:
        plan = framework._plan
        assert same(evaluate(plan, inputs, stage), evaluate_steps(plan, inputs, stage))


# Random plans: conditions over the numeric factors and a few concepts, any weights and targets.
CONCEPTS = 3
# few distinct lows, widths and factors too, so that ramps recur (the generated code shares them)
unit = st.one_of(st.sampled_from([0.0, 0.3, 0.5]), st.floats(min_value=-2.0, max_value=2.0, allow_nan=False))
width = st.one_of(st.sampled_from([0.5, 2.0]), st.floats(min_value=1e-3, max_value=3.0))
factor = st.one_of(st.sampled_from(NUMERIC[:3]), st.sampled_from(NUMERIC))


@st.composite
def ramps(draw: st.DrawFn) -> Ramp:
    """A ramp on a factor or a concept, with any finite low < high."""
    low = draw(unit)
    high = low + draw(width)
    if draw(st.booleans()):
        return Ramp("concept", f"k{draw(st.integers(0, CONCEPTS - 1))}", low, high, draw(st.booleans()))
    return Ramp("factor", draw(factor), low, high, draw(st.booleans()))


leaves: st.SearchStrategy[Condition] = st.one_of(
    ramps(),
    st.just(Always()),
    st.lists(st.sampled_from(list(Stage)), min_size=1, max_size=3, unique=True).map(
        lambda s: StageIs(tuple(s))
    ),
)
conditions: st.SearchStrategy[Condition] = st.recursive(
    leaves,
    lambda inner: st.lists(inner, min_size=1, max_size=3).flatmap(
        lambda parts: st.sampled_from([AllOf(tuple(parts)), AnyOf(tuple(parts))])
    ),
    max_leaves=6,
)


@st.composite
def plans(draw: st.DrawFn, min_weight: float = -3.0, min_rules: int = 1) -> tuple[Plan, Plan]:
    """A random plan twice: walking its closures (``run=None``) and with its generated function
    (at least ``min_rules`` rules, weights from ``min_weight`` to 3)."""
    concept_index = {f"k{i}": i for i in range(CONCEPTS)}
    factor_index = {name: i for i, name in enumerate(NUMERIC)}
    steps = []
    count = draw(st.integers(min_rules, 12))
    for rule in draw(st.permutations(range(count))):
        condition = draw(conditions)
        to_outcome = draw(st.booleans())
        target = draw(st.integers(0, 5 if to_outcome else CONCEPTS - 1))
        weight = draw(st.floats(min_value=min_weight, max_value=3.0, allow_nan=False))
        stance = draw(st.booleans())
        degree = _compile(condition, concept_index)
        steps.append(Step(rule, condition, degree, to_outcome, target, weight, stance))
    baselines = tuple(draw(st.floats(min_value=0.0, max_value=1.0)) for _ in range(6))
    listed = tuple(draw(st.booleans()) for _ in range(6))
    concepts = tuple(concept_index)
    source = generate(steps, count, baselines, CONCEPTS, factor_index, concept_index)
    check_source(source)
    reference = Plan(
        framework="random",
        baselines=baselines,  # type: ignore[arg-type]
        listed=listed,
        concepts=concepts,
        steps=tuple(steps),
        rules=count,
        stances=(),
        facts=None,
    )
    return reference, attrs.evolve(reference, source=source, run=build(source))


@settings(max_examples=200, deadline=None)
@given(plans(), profiles())
def test_generated_equals_closures_on_random_plans(pair: tuple[Plan, Plan], data: dict[str, Any]) -> None:
    """On random plans and profiles, the generated function equals the closures to the bit."""
    reference, compiled = pair
    profile = Profile.from_mapping(data)
    inputs, stage = profile_inputs(profile), profile.stage_membership
    assert same(evaluate(compiled, inputs, stage), evaluate_steps(reference, inputs, stage))


# The panel: every plan, each verdict and the combination in one generated function.


def outcome_of(fn: Any, *args: Any) -> tuple[str, str]:
    """A call's result to the bit (its repr), or the type of what it raised."""
    try:
        return "value", repr(fn(*args))
    except ArithmeticError as error:  # random negative weights can zero a sum: both must raise
        return "error", type(error).__name__


@pytest.mark.parametrize("count", [1, 2, 5])
def test_panel_source_is_whitelisted(count: int) -> None:
    """The built-ins' panels use only whitelisted syntax, names and numbers, and no text of a file."""
    chosen = FRAMEWORKS[:count]
    source = panel_source([f._plan for f in chosen])
    check_source(source)
    for framework in chosen:
        for text in [framework.id, *(r.id for r in framework.rules), *(c.id for c in framework.concepts)]:
            assert len(text) <= 1 or text not in source


weight_values = st.one_of(st.just(0.0), st.just(1.0), st.floats(min_value=1e-6, max_value=1e6))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(plans(), plans(0.0, 8)), min_size=1, max_size=3), st.data(), profiles())
def test_panel_equals_reference_on_random_plans(
    pairs: list[tuple[Plan, Plan]], data: st.DataObject, profile: dict[str, Any]
) -> None:
    """On random plans, weights and profiles, the compiled panel gives what the interpreted one
    (the closures, decide and combine) gives, to the bit (or raises where it raises)."""
    plans_ = [reference for reference, _ in pairs]
    weights = tuple(data.draw(weight_values) for _ in plans_)
    check_source(panel_source(plans_))
    values = profile_values(Profile.from_mapping(profile))
    stage = Profile.from_mapping(profile).stage_membership
    got = outcome_of(compile_panel(plans_), values, stage, weights)
    expected = outcome_of(interpreted_panel(plans_), values, stage, weights)
    assert got == expected


# The profile's fast path: one table of values through both paths.
np = pytest.importorskip("numpy")


class Real(float):
    """A float subclass: not a plain float, so it takes the checked path."""


VALUES: list[Any] = [
    None,
    0,
    1,
    2,
    -1,
    0.0,
    -0.0,
    0.5,
    1.0,
    1.0000001,
    -1e-300,
    5e-324,
    3.0,
    300,
    300.0,
    300.5,
    MAX_COUNT,
    MAX_COUNT + 1,
    float(MAX_COUNT),
    10**400,
    -(10**400),
    1e308,
    math.inf,
    -math.inf,
    math.nan,
    float("-nan"),
    True,
    False,
    np.float64(0.3),
    np.float64(math.nan),
    np.int64(300),
    np.int64(0),
    np.float32(0.5),
    np.bool_(True),
    Fraction(1, 3),
    Real(0.5),
    "0.7",
    "300",
    " high ",
    "medium",
    "hihg",
    "x" * 1000,
    "",
    b"1",
    [0.5],
    {},
    object,
]


def outcome(convert: Any, value: Any) -> tuple[str, Any]:
    """What a converter does with a value: its result (typed) or its error message."""
    try:
        result = convert(value)
    except ProfileError as error:
        return "error", str(error)
    return "value", (type(result).__name__, repr(result))


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_fast_path_accepts_and_refuses_as_the_checked_one(value: Any) -> None:
    """Graded and count converters and the missing test give the same answer or message on both paths."""
    for required in (True, False):
        assert outcome(_graded("competition", required), value) == outcome(
            _graded_checked("competition", required), value
        )
    assert outcome(_count("company_size"), value) == outcome(_count_checked("company_size"), value)
    assert _missing(value) == is_missing(value)
