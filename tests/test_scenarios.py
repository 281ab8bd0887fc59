"""The scenario set from the articles: answers right on clear cases, confidence that means something."""

from __future__ import annotations

from pathlib import Path

import pytest

import rolemodel
from rolemodel._scenarios import CASES, QUESTIONS, check_scenarios, load_scenarios

SCENARIOS = Path(__file__).parent / "scenarios.yaml"
REPORT = check_scenarios(SCENARIOS)


def test_the_set_is_large_and_has_both_kinds_of_case() -> None:
    """At least 40 scenarios, with clear and contested cases on each question."""
    assert len(REPORT.outcomes) >= 40
    for question in QUESTIONS:
        for case in CASES:
            assert REPORT.summary(question, case)["n"] >= 10


def test_every_scenario_quote_is_verbatim(sources: Path) -> None:
    """Each scenario cites its passages verbatim from the articles."""
    missing = [
        f"{o.scenario.id}: {c.quote!r}"
        for o in REPORT.outcomes
        for c in o.scenario.citations
        if c.quote not in (sources / c.source).read_text(encoding="utf-8")
    ]
    assert missing == []


@pytest.mark.parametrize("question", QUESTIONS)
def test_clear_scenarios_get_the_expected_answer(question: str) -> None:
    """At least 90% of the scenarios that are clear on a question get the expected answer."""
    wrong = [
        o.scenario.id
        for o in REPORT.outcomes
        if o.scenario.case[question] == "clear" and not o.right(question)
    ]
    assert REPORT.summary(question, "clear")["accuracy"] >= 0.9, wrong


@pytest.mark.parametrize("question", QUESTIONS)
def test_confidence_separates_clear_from_contested(question: str) -> None:
    """Clear scenarios average a confidence of at least 0.5, contested ones at most 0.3."""
    assert REPORT.summary(question, "clear")["mean_confidence"] >= 0.5
    assert REPORT.summary(question, "contested")["mean_confidence"] <= 0.3


def test_the_published_table_is_the_checked_one() -> None:
    """The docs page is generated from the same run: every scenario appears with what it got."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "docs_hook", Path(__file__).parents[1] / "docs/_hooks/frameworks.py"
    )
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    page = hook.scenario_page(REPORT)
    assert REPORT.summary_markdown() in page and REPORT.to_markdown() in page
    assert page.count("<circle") == 2 * len(REPORT.outcomes)


BAD = {
    "not a mapping": ("- a\n- b\n", "expected a mapping"),
    "wrong format": ("format: other\nversion: 1\nscenarios: []\n", "format: expected 'rolemodel/scenarios'"),
    "unknown version": (
        "format: rolemodel/scenarios\nversion: 9\nscenarios: [x]\n",
        "version: expected a supported",
    ),
    "bad role": (
        "format: rolemodel/scenarios\nversion: 1\nscenarios:\n  - id: a\n    name: A\n"
        "    profile: {company_size: 10, team_size: 2, market_change: low, regulation: low}\n"
        "    expect: {role: managment, staffing: single}\n    case: {role: clear, staffing: clear}\n"
        "    why: because\n    citations: [{source: x.txt, quote: y}]\n",
        ":7:20: scenarios[0].expect.role: expected one of management",
    ),
    "bad profile": (
        "format: rolemodel/scenarios\nversion: 1\nscenarios:\n  - id: a\n    name: A\n"
        "    profile: {company_size: 10, team_size: 20, market_change: low, regulation: low}\n"
        "    expect: {role: management, staffing: single}\n    case: {role: clear, staffing: maybe}\n"
        "    why: because\n    citations: [{source: x.txt, quote: y}]\n",
        "scenarios[0].profile.team_size",
    ),
    "syntax": ("format: [\n", "expected YAML"),
    "huge version": (
        "format: rolemodel/scenarios\nversion: " + "9" * 5000 + "\nscenarios: [x]\n",
        "version: expected",
    ),
    "no such date": (
        "format: rolemodel/scenarios\nversion: 2001-13-45\nscenarios: [x]\n",
        "version: expected",
    ),
    "binary": (b"\xff\xfe\x00", "expected UTF-8"),
}


@pytest.mark.parametrize(("text", "message"), BAD.values(), ids=BAD.keys())
def test_a_bad_scenario_file_names_file_place_and_field(
    tmp_path: Path, text: str | bytes, message: str
) -> None:
    """A malformed scenario file raises RoleModelError naming the file, the place and what was expected."""
    path = tmp_path / "bad.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(rolemodel.RoleModelError) as info:
        load_scenarios(path)
    assert message in str(info.value) and str(path) in str(info.value)
