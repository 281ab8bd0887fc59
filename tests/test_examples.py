"""Examples live with the rules: the loader parses them, `rolemodel test` and pytest run them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import rolemodel
from rolemodel._lint import test_main as cli_test
from rolemodel._loader import builtin_framework_dir
from rolemodel.testing import ExampleCase, check_example, framework_examples

ROOT = Path(__file__).resolve().parents[1]
SEVEN = builtin_framework_dir() / "seven-differences.yaml"


@pytest.mark.parametrize("case", framework_examples())
def test_builtin_example(case: ExampleCase) -> None:
    """Each built-in example gives its expected role, judged by its framework alone."""
    result = check_example(case)
    assert result.passed


@pytest.mark.parametrize("case", framework_examples(ROOT / "docs" / "examples"))
def test_docs_example_framework(case: ExampleCase) -> None:
    """The tutorial's sample framework's examples hold (the helper takes folders too)."""
    check_example(case)


def test_every_builtin_carries_examples_with_citations() -> None:
    """Each built-in framework has at least two examples, each cited from its own article."""
    for framework in rolemodel.builtin_frameworks():
        assert len(framework.examples) >= 2, framework.id
        for example in framework.examples:
            assert example.citation.source == framework.source
            assert example.expect in framework.role_ids


def test_expectation_is_the_framework_alone() -> None:
    """run_examples uses the framework alone: its verdict equals recommend(frameworks=[it])."""
    for framework in rolemodel.builtin_frameworks():
        for result in rolemodel.run_examples(framework):
            rec = rolemodel.recommend(result.example.profile, frameworks=[framework])
            assert result.role is rec.by_framework[framework.id].role
            assert result.confidence == rec.confidence


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
    """An example expecting the wrong role fails with its location and the role got."""
    path = tmp_path / "f.yaml"
    path.write_text(with_examples(example("leadership")), encoding="utf-8")
    out = io.StringIO()
    assert cli_test([str(path)], out=out) == 1
    text = out.getvalue()
    assert f"{path}:" in text and "FAIL regulated: expected leadership, got management" in text
    assert text.rstrip().endswith("0 passed, 1 failed")
    case = framework_examples(path)[0].values[0]
    with pytest.raises(AssertionError, match="expected leadership, got management"):
        check_example(case)


def test_min_confidence_is_enforced(tmp_path: Path) -> None:
    """The right role with too little confidence still fails."""
    path = tmp_path / "f.yaml"
    path.write_text(with_examples(example(more="    min_confidence: 1.0\n")), encoding="utf-8")
    (result,) = rolemodel.run_examples(rolemodel.load_framework(path))
    assert not result.passed and "below min_confidence" in result.message


def test_cli_passes_on_builtins_and_speaks_json() -> None:
    """`rolemodel test` on the built-ins exits 0; --format json lists each example."""
    out = io.StringIO()
    assert cli_test([str(builtin_framework_dir()), "--format", "json"], out=out) == 0
    records = json.loads(out.getvalue())
    assert len(records) == sum(len(f.examples) for f in rolemodel.builtin_frameworks())
    assert all(r["passed"] for r in records)


def test_cli_no_examples_is_a_failure(tmp_path: Path) -> None:
    """A run that finds no example at all exits 1: a CI must not pass on nothing."""
    path = tmp_path / "f.yaml"
    text = SEVEN.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\nexamples:")] + "\n", encoding="utf-8")
    out = io.StringIO()
    assert cli_test([str(path)], out=out) == 1
    assert "no examples" in out.getvalue()


def test_cli_broken_file_and_usage(tmp_path: Path) -> None:
    """A file that does not load exits 1 with its findings; no path at all is a usage error (2)."""
    path = tmp_path / "f.yaml"
    path.write_text("format: nope\n", encoding="utf-8")
    out = io.StringIO()
    assert cli_test([str(path)], out=out) == 1
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
