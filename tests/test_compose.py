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
HEAD = "format: rolemodel/framework\nversion: 2\nid: mine\n"
HEAD_V1 = HEAD.replace("version: 2", "version: 1")
OVERRIDE = "extends: seven-differences\noverrides:\n  regulated-industry-needs-management: "
RULE = (
    "  - id: {id}\n    when: {when}\n    then: {then}\n    weight: 1\n"
    "    basis: calibration\n    says: mine\n"
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


def verdict(framework: rolemodel.Framework, profile: dict[str, object]) -> rolemodel.Verdict:
    """The framework's own verdict on ``profile``."""
    return rolemodel.recommend(profile, frameworks=[framework]).by_framework[framework.id]


def test_override_changes_the_weight_and_the_verdict() -> None:
    """Raising one rule's weight changes only that rule (keeping its basis), and shifts the
    scores its way: a tie of the base becomes a management verdict."""
    mine = rolemodel.loads_framework(HEAD + OVERRIDE + "{weight: 3}\n")
    overridden = mine.rule("regulated-industry-needs-management")
    assert overridden.weight == 3
    assert overridden.basis == seven().rule("regulated-industry-needs-management").basis
    changed = [r.id for r, b in zip(mine.rules, seven().rules, strict=True) if r != b]
    assert changed == ["regulated-industry-needs-management"]
    profile = {**PROFILE, "market_change": "high"}
    ours, theirs = verdict(mine, profile), verdict(seven(), profile)
    assert ours.scores[rolemodel.Role.MANAGEMENT] > theirs.scores[rolemodel.Role.MANAGEMENT]
    assert (theirs.role, ours.role) == (None, rolemodel.Role.MANAGEMENT)


def test_version_1_extension_still_loads() -> None:
    """A version-1 file may extend a version-2 built-in; it inherits the base's rules, basis and all."""
    mine = rolemodel.loads_framework(HEAD_V1 + OVERRIDE + "{weight: 3}\n")
    assert mine.version == 1 and mine.rule("regulated-industry-needs-management").weight == 3
    assert all(r.basis is not None for r in mine.rules)


def test_version_1_extension_may_not_add_staffing() -> None:
    """A version-1 extension that lists staffing options is refused: version 1 has no staffing."""
    text = HEAD_V1 + "extends: seven-differences\nstaffing:\n  single: {says: x, citation: {quote: q}}\n"
    with pytest.raises(rolemodel.FrameworkError, match="unknown field 'staffing'"):
        rolemodel.loads_framework(text, "mine.yaml")


def test_extension_adds_staffing_options_and_rules_into_them() -> None:
    """A version-2 extension of a base without staffing adds options and a rule into one; its
    verdict then speaks to staffing while the role stays the base's."""
    text = (
        HEAD
        + "extends: seven-differences\nfactors: [company_size]\nstaffing:\n"
        + '  single: {says: one person, citation: {quote: "In highly regulated industries"}}\n'
        + "rules:\n"
        + RULE.format(id="small-is-single", when="{factor: company_size, falling: [30, 150]}", then="single")
    )
    mine = rolemodel.loads_framework(text)
    assert seven().staffing == () and mine.staffing_ids == (rolemodel.Staffing.SINGLE,)
    small = {**PROFILE, "company_size": 20}
    assert verdict(mine, small).staffing is rolemodel.Staffing.SINGLE
    assert verdict(mine, small).role is verdict(seven(), small).role


def test_extension_rule_without_basis_is_refused() -> None:
    """A rule added by a version-2 extension must say its basis, like any version-2 rule."""
    text = (
        HEAD
        + "extends: seven-differences\nrules:\n"
        + RULE.format(id="new", when="always", then="leadership").replace("    basis: calibration\n", "")
    )
    with pytest.raises(rolemodel.FrameworkError, match="the field 'basis'"):
        rolemodel.loads_framework(text, "mine.yaml")


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


def test_playbook_sample_extends_and_adds_staffing() -> None:
    """The docs sample extends seven-differences, doubles regulation and adds 000's staffing:
    one person in a small company, split roles in a larger one; the roles stay the base's."""
    mine = rolemodel.load_framework(PLAYBOOK)
    assert (mine.version, mine.extends) == (2, "seven-differences")
    assert mine.role_ids == seven().role_ids
    assert mine.staffing_ids == (rolemodel.Staffing.SINGLE, rolemodel.Staffing.SPLIT)
    assert mine.rule("regulated-industry-needs-management").weight == 2.0
    small = {"company_size": 20, "team_size": 3, "market_change": "medium", "regulation": "low"}
    assert verdict(mine, small).staffing is rolemodel.Staffing.SINGLE
    assert verdict(mine, small).role is verdict(seven(), small).role
    large = {**small, "company_size": 400, "team_size": 15}
    assert verdict(mine, large).staffing is rolemodel.Staffing.SPLIT


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
    assert zero.scores.keys() == without.scores.keys()
    for role, score in zero.scores.items():
        assert score == pytest.approx(without.scores[role])
    assert zero.staffing_scores.keys() == without.staffing_scores.keys()
    for option, score in zero.staffing_scores.items():
        assert score == pytest.approx(without.staffing_scores[option])
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
    assert (a.role, a.staffing) == (b.role, b.staffing)
    assert a.scores.keys() == b.scores.keys() and a.staffing_scores.keys() == b.staffing_scores.keys()
    for role, score in a.scores.items():
        assert score == pytest.approx(b.scores[role])
    for option, score in a.staffing_scores.items():
        assert score == pytest.approx(b.staffing_scores[option])
