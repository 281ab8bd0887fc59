"""Examples live with the rules: the loader parses them, `rolemodel test` and pytest run them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import rolemodel
from rolemodel._cli_lint import test_main as cli_test
from rolemodel._loader import builtin_framework_dir
from rolemodel.testing import ExampleCase, check_example, framework_examples

ROOT = Path(__file__).resolve().parents[1]
SEVEN = builtin_framework_dir() / "seven-differences.yaml"


@pytest.mark.parametrize("case", framework_examples())
def test_builtin_example(case: ExampleCase) -> None:
    """Each built-in example gives its expected role and staffing (or abstains where it
    expects no verdict), judged by its framework alone."""
    result = check_example(case)
    assert result.passed


@pytest.mark.parametrize("case", framework_examples(ROOT / "docs" / "examples"))
def test_docs_example_framework(case: ExampleCase) -> None:
    """The tutorial's sample framework's examples hold (the helper takes folders too)."""
    check_example(case)


def test_every_builtin_carries_examples_with_citations() -> None:
    """Each built-in framework has at least two examples, each cited from its own article and
    expecting answers its framework lists (or no verdict)."""
    for framework in rolemodel.builtin_frameworks():
        assert len(framework.examples) >= 2, framework.id
        for example in framework.examples:
            assert example.citation.source == framework.source
            assert example.checks and set(example.checks) <= {"role", "staffing"}
            assert example.expect is None or example.expect in framework.role_ids
            assert example.expect_staffing is None or example.expect_staffing in framework.staffing_ids


def test_builtin_examples_cover_both_questions_and_abstention() -> None:
    """Among the built-in examples some check staffing and some expect a framework to abstain."""
    examples = [e for f in rolemodel.builtin_frameworks() for e in f.examples]
    assert any("staffing" in e.checks and e.expect_staffing is not None for e in examples)
    assert any("role" in e.checks and e.expect is None for e in examples)


def test_expectation_is_the_framework_alone() -> None:
    """run_examples uses the framework alone: its verdicts and confidences equal
    recommend(frameworks=[it])."""
    for framework in rolemodel.builtin_frameworks():
        for result in rolemodel.run_examples(framework):
            rec = rolemodel.recommend(result.example.profile, frameworks=[framework])
            verdict = rec.by_framework[framework.id]
            assert (result.role, result.staffing) == (verdict.role, verdict.staffing)
            assert (result.reason, result.staffing_reason) == (verdict.reason, verdict.staffing_reason)
            assert (result.confidence, result.staffing_confidence) == (
                rec.confidence,
                rec.staffing_confidence,
            )


def with_examples(block: str) -> str:
    """seven-differences with its examples replaced by ``block``."""
    text = SEVEN.read_text(encoding="utf-8")
    return text[: text.index("\nexamples:")] + "\n" + block


GOOD_PROFILE = "{company_size: 150, team_size: 6, market_change: low, regulation: high}"


def example(expect: str = "management", profile: str = GOOD_PROFILE, more: str = "") -> str:
    """An examples block of one example."""
    return (
        f"examples:\n  - name: regulated\n    profile: {profile}\n    expect: {expect}\n{more}"
        '    citation: {quote: "In highly regulated industries"}\n'
    )


def test_failing_example_is_reported(tmp_path: Path) -> None:
    """An example expecting the wrong role fails with its location, the question and the role got."""
    path = tmp_path / "f.yaml"
    path.write_text(with_examples(example("leadership")), encoding="utf-8")
    out = io.StringIO()
    assert cli_test([str(path)], out=out) == 1
    text = out.getvalue()
    assert f"{path}:" in text and "FAIL regulated: role: expected leadership, got management" in text
    assert text.rstrip().endswith("0 passed, 1 failed")
    case = framework_examples(path)[0].values[0]
    with pytest.raises(AssertionError, match="role: expected leadership, got management"):
        check_example(case)


BOTH_HATS = builtin_framework_dir() / "both-hats.yaml"
SMALL = "{company_size: 25, team_size: 4, market_change: low, regulation: low}"
QUOTE_000 = "in larger organizations, the roles will be split"


def result_of(expect: str, more: str = "", profile: str = SMALL) -> rolemodel.ExampleResult:
    """The one example of both-hats with ``expect``, run."""
    text = BOTH_HATS.read_text(encoding="utf-8")
    block = (
        f"examples:\n  - name: case\n    profile: {profile}\n    expect: {expect}\n{more}"
        f'    citation: {{quote: "{QUOTE_000}"}}\n'
    )
    framework = rolemodel.loads_framework(text[: text.index("\nexamples:")] + "\n" + block, "f.yaml")
    (result,) = rolemodel.run_examples(framework)
    return result


def test_staffing_expectation_holds() -> None:
    """A small company: 000 gives one person both hats (staffing single) and no role verdict."""
    result = result_of("{role: null, staffing: single}")
    assert result.passed and result.failed == ()
    assert (result.role, result.staffing) == (None, rolemodel.Staffing.SINGLE)
    assert result.example.checks == ("role", "staffing")


def test_wrong_staffing_says_which_question_failed() -> None:
    """Expecting split where the framework gives single fails on staffing alone, and says so."""
    result = result_of("{role: null, staffing: split}")
    assert result.failed == ("staffing",)
    assert result.message == "staffing: expected split, got single"
    assert (result.expected("staffing"), result.got("staffing")) == (
        rolemodel.Staffing.SPLIT,
        rolemodel.Staffing.SINGLE,
    )


def test_expecting_a_role_where_the_framework_abstains() -> None:
    """Expecting a role where the framework abstains fails, showing 'no verdict' and why."""
    result = result_of("{role: management}")
    assert result.failed == ("role",)
    assert result.message.startswith("role: expected management, got no verdict: ")
    assert result.reason in result.message and result.reason


def test_expecting_abstention_where_the_framework_speaks() -> None:
    """null expects no verdict: a framework that gives one fails, 'no verdict' shown as expected."""
    result = result_of("{staffing: null}")
    assert result.message == "staffing: expected no verdict, got single"


def test_a_question_left_out_is_not_checked() -> None:
    """An expect mapping without 'role' checks staffing only, whatever the role verdict is."""
    result = result_of("{staffing: single}")
    assert result.example.checks == ("staffing",) and result.passed


def test_min_confidence_applies_to_each_question_that_expects_an_answer() -> None:
    """min_confidence holds per question checked; an expected abstention has no confidence to check."""
    assert result_of("{role: null, staffing: single}", "    min_confidence: 0.5\n").passed
    strict = result_of("{role: null, staffing: single}", "    min_confidence: 1.0\n")
    assert strict.failed == ("staffing",) and "below min_confidence 1" in strict.message


def test_both_questions_failing_are_both_reported() -> None:
    """When role and staffing both fail, the message has a clause for each, role first."""
    result = result_of("{role: leadership, staffing: split}")
    assert result.failed == ("role", "staffing")
    assert result.message.startswith("role: expected leadership, got no verdict")
    assert "; staffing: expected split, got single" in result.message


def test_min_confidence_is_enforced(tmp_path: Path) -> None:
    """The right role with too little confidence still fails."""
    path = tmp_path / "f.yaml"
    path.write_text(with_examples(example(more="    min_confidence: 1.0\n")), encoding="utf-8")
    (result,) = rolemodel.run_examples(rolemodel.load_framework(path))
    assert not result.passed and "below min_confidence" in result.message


def test_cli_passes_on_builtins_and_speaks_json() -> None:
    """`rolemodel test` on the built-ins exits 0; --format json lists each example with both
    questions (null where the framework abstains or the example expects it to)."""
    out = io.StringIO()
    assert cli_test([str(builtin_framework_dir()), "--format", "json"], out=out) == 0
    records = json.loads(out.getvalue())
    assert len(records) == sum(len(f.examples) for f in rolemodel.builtin_frameworks())
    assert all(r["passed"] and r["failed"] == [] for r in records)
    small = next(r for r in records if r["example"] == "A small company where one person wears both hats")
    assert (small["checks"], small["expect"], small["expect_staffing"]) == (
        ["role", "staffing"],
        None,
        "single",
    )
    assert (small["role"], small["staffing"]) == (None, "single")


def test_cli_failure_names_the_question(tmp_path: Path) -> None:
    """A failing staffing expectation prints the question, what was expected and what came."""
    text = BOTH_HATS.read_text(encoding="utf-8").replace(
        "expect: {role: null, staffing: single}", "expect: {role: null, staffing: split}", 1
    )
    path = tmp_path / "both.yaml"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    assert cli_test([str(path)], out=out) == 1
    assert (
        "FAIL A small company where one person wears both hats: staffing: expected split, got single"
        in out.getvalue()
    )


def test_cli_no_examples_is_a_failure(tmp_path: Path) -> None:
    """A run that finds no example at all exits 1: a CI must not pass on nothing."""
    path = tmp_path / "f.yaml"
    text = SEVEN.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\nexamples:")] + "\n", encoding="utf-8")
    out = io.StringIO()
    assert cli_test([str(path)], out=out) == 1
    assert "no examples" in out.getvalue()


def test_cli_broken_file_and_usage(tmp_path: Path) -> None:
    """A file that does not load exits 2 (an input-file error) with its findings; no path at all
    is a usage error (2)."""
    path = tmp_path / "f.yaml"
    path.write_text("format: nope\n", encoding="utf-8")
    out = io.StringIO()
    assert cli_test([str(path)], out=out) == 2
    assert "RM003" in out.getvalue()
    assert cli_test([], out=io.StringIO()) == 2


@pytest.mark.parametrize(
    ("block", "needle"),
    [
        (example("boss"), "examples[0].expect"),
        (example("growth_leader"), "a role this framework lists"),
        (example(profile="{company_size: 10, team_size: 3, market_change: low}"), "regulation"),
        (
            example(profile="{company_size: 10, team_size: 30, market_change: low, regulation: low}"),
            "team_size",
        ),
        (
            example(profile="{company_size: 10, team_size: 3, market_change: low, regulation: 0, mo: 1}"),
            "mo",
        ),
        (example(more="    min_confidence: 2\n"), "min_confidence"),
        (example() + example()[len("examples:\n") :], "a unique example name"),
    ],
)
def test_loader_refuses_bad_examples(tmp_path: Path, block: str, needle: str) -> None:
    """Malformed examples are loader problems, located and named."""
    with pytest.raises(rolemodel.FrameworkError, match=needle.replace("[", r"\[").replace("]", r"\]")):
        rolemodel.loads_framework(with_examples(block), "f.yaml")
