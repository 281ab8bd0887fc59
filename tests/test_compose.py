"""Composition: a framework extends a built-in (overrides, new rules); per-framework weights."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rolemodel
from tests.strategies import profiles

ROOT = Path(__file__).resolve().parents[1]
PLAYBOOK = ROOT / "docs" / "examples" / "our-playbook.yaml"
HEAD = "format: rolemodel/framework\nversion: 1\nid: mine\n"
OVERRIDE = "extends: seven-differences\noverrides:\n  regulated-industry-needs-management: "
RULE = (
    "  - id: {id}\n    when: {when}\n    then: {then}\n    weight: 1\n    says: mine\n"
    '    citation: {{quote: "In highly regulated industries"}}\n'
)
PROFILE = {"company_size": 150, "team_size": 6, "market_change": "low", "regulation": "high"}


def seven() -> rolemodel.Framework:
    """The built-in seven-differences framework."""
    return next(f for f in rolemodel.builtin_frameworks() if f.id == "seven-differences")


def test_extends_inherits_everything_it_does_not_change() -> None:
    """A bare extension has the base's rules, roles, factors and texts, and no examples."""
    mine = rolemodel.loads_framework(HEAD + "extends: seven-differences\n")
    base = seven()
    assert (mine.id, mine.extends) == ("mine", "seven-differences")
    assert (mine.rules, mine.roles, mine.factors, mine.title) == (
        base.rules,
        base.roles,
        base.factors,
        base.title,
    )
    assert mine.examples == ()


def test_override_changes_the_weight_and_the_verdict() -> None:
    """Raising one rule's weight changes only that rule, and shifts the scores its way."""
    mine = rolemodel.loads_framework(HEAD + OVERRIDE + "{weight: 3}\n")
    assert mine.rule("regulated-industry-needs-management").weight == 3
    changed = [r.id for r, b in zip(mine.rules, seven().rules, strict=True) if r != b]
    assert changed == ["regulated-industry-needs-management"]
    profile = {**PROFILE, "market_change": "high"}
    ours = rolemodel.recommend(profile, frameworks=[mine]).scores[rolemodel.Role.MANAGEMENT]
    theirs = rolemodel.recommend(profile, frameworks=[seven()]).scores[rolemodel.Role.MANAGEMENT]
    assert ours > theirs


def test_added_rules_come_after_the_base_and_fire() -> None:
    """Rules added by the extension follow the base's and count in the verdict."""
    text = (
        HEAD
        + "extends: seven-differences\nfactors: [process_complexity]\nrules:\n"
        + RULE.format(
            id="complex-needs-management",
            when="{factor: process_complexity, rising: [0.2, 0.6]}",
            then="management",
        )
    )
    mine = rolemodel.loads_framework(text)
    assert mine.rules[-1].id == "complex-needs-management" and len(mine.rules) == len(seven().rules) + 1
    rec = rolemodel.recommend(
        {**PROFILE, "regulation": "low", "process_complexity": "high"}, frameworks=[mine]
    )
    assert rec.by_framework["mine"].role is rolemodel.Role.MANAGEMENT


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (HEAD + "extends: seven-diferences\n", "did you mean 'seven-differences'"),
        (
            HEAD + "extends: seven-differences\noverrides:\n  regulated-industry: {weight: 2}\n",
            "a rule of 'seven-differences'",
        ),
        (
            HEAD + OVERRIDE + "{weight: -1}\n",
            ">= 0",
        ),
        (
            HEAD + OVERRIDE + "{says: x}\n",
            "unknown field",
        ),
        (
            HEAD
            + "extends: seven-differences\nrules:\n"
            + RULE.format(id="change-needs-leadership", when="always", then="leadership"),
            "use 'overrides'",
        ),
        (
            HEAD
            + "extends: seven-differences\nrules:\n"
            + RULE.format(id="new", when="{factor: nonsense, rising: [0, 1]}", then="leadership"),
            "rules[0].when.factor",
        ),
        (
            HEAD.replace("mine", "seven-differences") + "extends: seven-differences\n",
            "an id of its own",
        ),
        (
            HEAD + "title: t\nauthor: a\nsource: s\nsummary: s\nroles: {}\nfactors: []\nrules: []\n"
            "overrides:\n  x: {weight: 1}\n",
            "'overrides' only with 'extends'",
        ),
    ],
)
def test_bad_extensions_are_located_problems(text: str, needle: str) -> None:
    """Each mistake in extends/overrides is a FrameworkError that says what is wrong."""
    with pytest.raises(rolemodel.FrameworkError, match=re.escape(needle)):
        rolemodel.loads_framework(text, "mine.yaml")


def test_extends_a_file_by_relative_path(tmp_path: Path) -> None:
    """extends: may name a framework file beside this one, and chains of them work."""
    (tmp_path / "base.yaml").write_text(
        PLAYBOOK.read_text(encoding="utf-8").replace(
            "# yaml-language-server: $schema=../../src", "# yaml-language-server: $schema=../src"
        ),
        encoding="utf-8",
    )
    child = tmp_path / "child.yaml"
    child.write_text(HEAD + "extends: base.yaml\n", encoding="utf-8")
    mine = rolemodel.load_framework(child)
    assert mine.extends == "our-playbook"
    assert mine.rule("regulated-industry-needs-management").weight == 2.0


def test_extends_loop_is_refused(tmp_path: Path) -> None:
    """Two files extending each other are a problem, not an endless recursion."""
    (tmp_path / "a.yaml").write_text(HEAD + "extends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(HEAD.replace("mine", "other") + "extends: a.yaml\n", encoding="utf-8")
    with pytest.raises(rolemodel.FrameworkError, match="without a loop"):
        rolemodel.load_framework(tmp_path / "a.yaml")


def test_playbook_sample_extends_and_adds_a_role() -> None:
    """The docs sample extends seven-differences, doubles regulation and adds growth_leader."""
    mine = rolemodel.load_framework(PLAYBOOK)
    assert mine.extends == "seven-differences"
    assert rolemodel.Role.GROWTH_LEADER in mine.role_ids
    rec = rolemodel.recommend(
        company_size=20, team_size=3, market_change="medium", regulation="low", frameworks=[mine]
    )
    assert rec.role is rolemodel.Role.GROWTH_LEADER


def test_user_framework_alongside_the_builtins() -> None:
    """A user's framework joins the five built-ins in one recommendation."""
    mine = rolemodel.load_framework(PLAYBOOK)
    rec = rolemodel.recommend(PROFILE, frameworks=[*rolemodel.builtin_frameworks(), mine])
    assert set(rec.by_framework) == {
        *(f.id for f in rolemodel.builtin_frameworks()),
        "our-playbook",
    }


# -- per-framework weights (docs/how-to/weight-frameworks.md) --------------------------------------------


def test_weight_zero_drops_a_framework() -> None:
    """A framework weighted 0 has no say: the result equals leaving it out."""
    frameworks = rolemodel.builtin_frameworks()
    zero = rolemodel.recommend(PROFILE, weights={"both-hats": 0})
    without = rolemodel.recommend(PROFILE, frameworks=[f for f in frameworks if f.id != "both-hats"])
    for role in rolemodel.Role:
        assert zero.scores[role] == pytest.approx(without.scores[role])
    assert zero.by_framework["both-hats"].weight == 0


def test_heavier_framework_pulls_the_scores_its_way() -> None:
    """Weighting seven-differences up moves the combined scores towards its verdict."""
    even = rolemodel.recommend(PROFILE)
    heavy = rolemodel.recommend(PROFILE, weights={"seven-differences": 5})
    own = even.by_framework["seven-differences"].role
    assert heavy.scores[own] > even.scores[own]


def test_bad_weights_are_errors() -> None:
    """Unknown ids (with a hint), negative weights and all-zero weights are refused."""
    with pytest.raises(rolemodel.RoleModelError, match="did you mean 'both-hats'"):
        rolemodel.recommend(PROFILE, weights={"both-hat": 2})
    with pytest.raises(rolemodel.RoleModelError, match=">= 0"):
        rolemodel.recommend(PROFILE, weights={"both-hats": -1})
    with pytest.raises(rolemodel.RoleModelError, match="at least one"):
        rolemodel.recommend(PROFILE, weights={f.id: 0 for f in rolemodel.builtin_frameworks()})


@settings(max_examples=40, deadline=None)
@given(profiles(), st.floats(min_value=0.1, max_value=10))
def test_scaling_all_weights_changes_nothing(profile: dict[str, object], factor: float) -> None:
    """Only the ratios of the weights matter: scaling them all leaves the recommendation as is."""
    ids = [f.id for f in rolemodel.builtin_frameworks()]
    weights = {fid: (i + 1) * 0.5 for i, fid in enumerate(ids)}
    a = rolemodel.recommend(profile, weights=weights)
    b = rolemodel.recommend(profile, weights={k: v * factor for k, v in weights.items()})
    assert a.role is b.role
    for role in rolemodel.Role:
        assert a.scores[role] == pytest.approx(b.scores[role])
