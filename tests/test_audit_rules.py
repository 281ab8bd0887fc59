"""The time audit's keyword rules are cited data: every bucket and rule quotes 003 verbatim, the
50% threshold is the article's, keywords are the library's calibration; the built-in
frameworks are not confused by the rules' folder."""

from __future__ import annotations

from pathlib import Path

import pytest

import rolemodel
from rolemodel._loader import builtin_framework_dir
from rolemodel._timerules import BUCKETS, MAX_KEYWORDS, RulesError, builtin_rules, loads_rules

RULES = builtin_framework_dir() / "timeaudit" / "rules.yaml"


def _normal(text: str) -> str:
    return " ".join(text.split())


def test_every_quote_is_verbatim_and_short(sources: Path) -> None:
    """The threshold's, each bucket's and each rule's quote is an excerpt of 003, one sentence or less."""
    import yaml

    data = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    text = _normal((sources / data["source"]).read_text(encoding="utf-8"))
    quotes = [data["threshold"]["quote"]]
    for bucket in data["buckets"].values():
        quotes.append(bucket["quote"])
        quotes += [rule["quote"] for rule in bucket["rules"]]
    assert len(quotes) > 10
    for quote in quotes:
        assert _normal(quote) in text, quote
        assert len(quote) <= 300 and "\n" not in quote


def test_the_threshold_is_the_articles_and_the_keywords_are_calibration() -> None:
    """50/50 is 003's number (basis: article); every keyword rule is marked calibration."""
    rules = builtin_rules()
    assert (rules.threshold, rules.threshold_basis) == (0.5, "article")
    assert "50/50" in rules.threshold_quote
    assert {r.bucket for r in rules.rules} == set(BUCKETS)
    assert all(r.basis == "calibration" and r.quote and r.source == rules.source for r in rules.rules)


@pytest.mark.parametrize(
    ("title", "bucket"),
    [
        ("Pipeline & Forecast Review: Bob", "management"),
        ("Q4 forecasting", "management"),
        ("Sales dashboard review", "management"),
        ("Performance & Development Session: Bob", "leadership"),
        ("Call coaching with Cid", "leadership"),
        ("Team offsite planning", "leadership"),
        ("Unblock the Acme deal", "leadership"),
        ("Lunch", None),
        ("1:1 Dee", None),  # 003 asks to split the combined 1:1; a plain 1:1 says neither
        ("preforecast", None),  # a keyword starts a word
    ],
)
def test_titles_of_a_real_calendar(title: str, bucket: str | None) -> None:
    """Typical calendar titles land in 003's buckets, or in none."""
    assert builtin_rules().classify(title).bucket == bucket


def test_frameworks_discovery_ignores_the_rules_folder() -> None:
    """The five built-in frameworks are still the five YAML files at the top of frameworks/."""
    assert RULES.is_file()
    assert len(rolemodel.builtin_frameworks()) == 5


def test_the_rules_ship_in_the_wheel() -> None:
    """pyproject force-includes the whole frameworks folder, the rules' subfolder with it."""
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"frameworks" = "rolemodel/frameworks"' in pyproject


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("format: rolemodel-timeaudit\nversion: 2\nbuckets: {}\n", "<rules>:2:10: version: expected 1"),
        ("format: other\nversion: 1\nbuckets: {}\n", "<rules>:1:9: format"),
        (
            "format: rolemodel-timeaudit\nversion: 1\nbuckets:\n  management:\n    rules:\n      - name: x\n"
            "        keywords: []\n",
            "keywords: expected at least one keyword",
        ),
        (
            "format: rolemodel-timeaudit\nversion: 1\nbuckets: {management: {rules: [{name: x, keywords: [a],"
            " basis: guess}]}}\n",
            "basis: expected article or calibration",
        ),
        (
            "format: rolemodel-timeaudit\nversion: 1\nthreshold: {value: 2}\nbuckets: {}\n",
            "threshold.value: expected a finite number >= 0 and at most 1",
        ),
        ("a: &x 1\nb: *x\n", "anchor"),
        ("format: [unclosed\n", "valid YAML"),
        ("", "empty"),
    ],
)
def test_bad_rules_are_located(text: str, where: str) -> None:
    """Every problem in a rules file is a RulesError (a RoleModelError) saying where and what."""
    with pytest.raises(RulesError) as caught:
        loads_rules(text)
    assert isinstance(caught.value, rolemodel.RoleModelError)
    assert where in str(caught.value)


def test_keywords_are_bounded() -> None:
    """A rules file with more keywords than MAX_KEYWORDS is refused, naming the bound."""
    words = ", ".join(f"k{i}" for i in range(MAX_KEYWORDS + 1))
    text = (
        "format: rolemodel-timeaudit\nversion: 1\nbuckets:\n  management:\n    rules:\n"
        f"      - name: x\n        keywords: [{words}]\n"
    )
    with pytest.raises(RulesError, match=f"at most {MAX_KEYWORDS:,} keywords"):
        loads_rules(text)


def test_builtin_false_drops_the_built_in_rules() -> None:
    """`builtin: false` leaves only the user's rules (and 50% as calibration: none is given)."""
    rules = loads_rules(
        "format: rolemodel-timeaudit\nversion: 1\nbuiltin: false\nbuckets:\n  leadership:\n    rules:\n"
        "      - {name: walks, keywords: [walk]}\n"
    )
    assert [r.name for r in rules.rules] == ["walks"]
    assert (
        rules.classify("Forecast").bucket is None and rules.classify("Walk with Bob").bucket == "leadership"
    )
    assert rules.threshold_basis == "calibration"
