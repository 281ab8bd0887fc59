"""Explanations precomputed at compile time say exactly what they said before: ``to_dict()``,
``explain().to_dict()``, ``str(explain())`` and the renderings of ~200 varied recommendations
(every factor, given or not, every stage, subsets of frameworks, custom weights, a version-1
framework (no basis) and a concept-chained one) against the answers recorded in
``tests/data/`` before the change.

The recording is written once, by the code it guards: ``python -m tests.test_explain_speed_identical
--write`` (only when the output is meant to change, and then the diff is the review).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given, settings

import rolemodel
from rolemodel import Contribution, Explanation, FrameworkExplanation, Input, Recommendation, RoleCase
from tests.hostile import hostile_framework
from tests.strategies import profiles

GOLDEN = Path(__file__).parent / "data" / "explain_golden.json.gz"
#: The Python the recording was made with: from 3.12 on, sum() of floats rounds more closely
#: (compensated), so shares (sums of evidence) may differ in their last digit elsewhere.
RECORDED_ON = (3, 11)
SEED = 20240612
COUNT = 200

#: A framework with a concept fed by a concept, a concept fed only by a
#: standing claim, stage conditions, ``all`` and ``any``: the shapes the built-ins have few of.
CHAIN_YAML = """\
format: rolemodel/framework
version: 2
id: chain
title: "Chained concepts"
author: not named
source: chain.txt
summary: a framework for the explanation tests
roles:
  management:
    baseline: 0.2
    says: runs things
    citation: {quote: "run things"}
  leadership:
    baseline: 0.1
    says: leads people
    citation: {quote: "lead people"}
  growth_leader:
    baseline: 0.05
    says: both at once
    citation: {quote: "both"}
staffing:
  single:
    baseline: 0.1
    says: one person
    citation: {quote: "one"}
  converged:
    baseline: 0.1
    says: one growth leader
    citation: {quote: "converged"}
factors: [market_change, regulation, team_seasoning, company_size, stage]
concepts:
  - id: turbulence
    says: the market moves
    citation: {quote: "moves"}
  - id: pressure
    says: turbulence under rules
    citation: {quote: "pressure"}
  - id: creed
    says: what the article always holds
    citation: {quote: "creed"}
rules:
  - id: change-is-turbulence
    when: {factor: market_change, rising: [0.2, 0.8]}
    then: turbulence
    weight: 0.7
    basis: calibration
    says: change is turbulence
    citation: {quote: "change"}
  - id: turbulence-and-rules-press
    when:
      all:
        - {concept: turbulence, rising: [0.1, 0.6]}
        - {factor: regulation, rising: [0.3, 0.9]}
    then: pressure
    weight: 1.5
    basis: calibration
    says: turbulence under rules is pressure
    citation: {quote: "under rules"}
  - id: pressure-needs-leadership
    when: {concept: pressure, rising: [0.2, 0.9]}
    then: leadership
    weight: 1.25
    basis: article
    says: pressure needs leading
    citation: {quote: "leading"}
  - id: always-creed
    when: always
    then: creed
    weight: 0.4
    basis: calibration
    says: the creed
    citation: {quote: "always"}
  - id: creed-means-management
    when: {concept: creed, rising: [0.0, 0.5]}
    then: management
    weight: 0.3
    basis: calibration
    says: the creed is management
    citation: {quote: "creed management"}
  - id: mature-or-seasoned-converges
    when:
      any:
        - {factor: stage, is: [mature]}
        - {factor: team_seasoning, rising: [0.5, 0.9]}
    then: converged
    weight: 0.9
    basis: article
    says: a mature or seasoned team converges
    citation: {quote: "converges"}
  - id: small-is-single
    when:
      all:
        - {factor: stage, is: [startup, growth]}
        - {factor: company_size, falling: [20, 200]}
    then: single
    weight: 0.6
    basis: calibration
    says: a small company has one person
    citation: {quote: "small"}
  - id: growth-wants-growth-leader
    when: {factor: stage, is: [growth]}
    then: growth_leader
    weight: 0.35
    basis: calibration
    says: growth wants a growth leader
    citation: {quote: "growth"}
"""

_GRADED_PICKS: tuple[Any, ...] = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 0.9, 1.0, "low", "medium", "high")
_WEIGHT_PICKS = (0, 0.5, 1, 2, 1e-6, 3.7, 1000)


@functools.cache
def _frameworks() -> dict[str, rolemodel.Framework]:
    every = [*rolemodel.builtin_frameworks(), hostile_framework(), rolemodel.loads_framework(CHAIN_YAML)]
    return {f.id: f for f in every}


def _graded(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(_GRADED_PICKS)
    if roll < 0.9:
        return round(rng.random(), rng.choice((1, 2, 6, 15)))
    return rng.choice(("yes", "no", "partly"))


def cases() -> list[dict[str, Any]]:
    """The recorded calls, the same on every run: a profile, and maybe frameworks and weights."""
    rng = random.Random(SEED)
    ids = list(_frameworks())
    builtin = ids[:5]
    out: list[dict[str, Any]] = []
    for n in range(COUNT):
        profile: dict[str, Any] = {
            "company_size": rng.choice(
                (1, 5, 20, 50, 120, 250, 300, 999, 2000, 50_000, rng.randint(1, 5000))
            ),
            "team_size": rng.choice((1, 3, 8, 20, 25, 60, rng.randint(1, 400))),
            "market_change": _graded(rng),
            "regulation": _graded(rng),
        }
        profile["team_size"] = min(profile["team_size"], profile["company_size"])
        given = rng.random()  # some profiles give few optional factors, some nearly all
        for name, spec in rolemodel.FACTORS.items():
            if spec.required or rng.random() > given:
                continue
            profile[name] = rng.choice(("startup", "growth", "mature")) if name == "stage" else _graded(rng)
        if n % 10 == 0:  # the optional factors the issue names, all given
            for name in ("team_seasoning", "manager_readiness", "structure_need"):
                profile[name] = _graded(rng)
            profile["stage"] = ("startup", "growth", "mature")[n // 10 % 3]
        case: dict[str, Any] = {"profile": profile, "frameworks": None, "weights": None}
        roll = rng.random()
        if roll < 0.25:
            case["frameworks"] = rng.sample(builtin, rng.randint(1, len(builtin)))
        elif roll < 0.4:
            case["frameworks"] = rng.sample(ids, rng.randint(1, len(ids)))
        chosen = case["frameworks"] or builtin
        if rng.random() < 0.3:
            weights = {fid: rng.choice(_WEIGHT_PICKS) for fid in chosen if rng.random() < 0.7}
            if weights and not any(weights.get(fid, 1) for fid in chosen):
                weights[chosen[0]] = 1
            case["weights"] = weights
        out.append(case)
    return out


def _recommend(case: dict[str, Any], frameworks: dict[str, rolemodel.Framework]) -> Recommendation:
    chosen = None if case["frameworks"] is None else [frameworks[i] for i in case["frameworks"]]
    return rolemodel.recommend(case["profile"], frameworks=chosen, weights=case["weights"])


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def observe(case: dict[str, Any], frameworks: dict[str, rolemodel.Framework]) -> dict[str, Any]:
    """What the recording keeps of one call: each output from a fresh result."""
    as_dict = _recommend(case, frameworks).to_dict()
    explanation = _recommend(case, frameworks).explain()
    explained = explanation.to_dict()
    return {
        "case": case,
        "to_dict": as_dict,
        # repr tells a tuple from a list and an enum from its string, which JSON does not
        "to_dict_repr": _digest(repr(as_dict)),
        "explain_to_dict_repr": _digest(repr(explained)),
        "str": str(explanation),
        "markdown": _digest(explanation._repr_markdown_()),
        "html": _digest(explanation._repr_html_()),
        "mermaid": _digest(explanation.to_mermaid(frameworks.values())),
    }


def write_golden() -> None:
    """Record today's outputs (run by hand, never by the tests)."""
    frameworks = _frameworks()
    records = [observe(case, frameworks) for case in cases()]
    GOLDEN.parent.mkdir(exist_ok=True)
    text = json.dumps(records, ensure_ascii=False) + "\n"
    GOLDEN.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


@pytest.fixture(scope="module")
def golden() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(gzip.decompress(GOLDEN.read_bytes()))
    return records


def test_the_recorded_calls_are_the_generated_ones(golden: list[dict[str, Any]]) -> None:
    """The recording holds the calls this file generates, in order (the seed did not drift)."""
    assert [r["case"] for r in golden] == json.loads(json.dumps(cases()))


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} != {list(b)}"
        for key in a:
            found = _first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return ""
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return ""
    return "" if json.dumps(a) == json.dumps(b) else f"{path}: {a!r} != {b!r}"


@pytest.mark.parametrize("index", range(COUNT))
def test_outputs_are_the_recorded_ones(golden: list[dict[str, Any]], index: int) -> None:
    """to_dict(), explain().to_dict(), str(explain()) and the renderings are byte for byte the
    recorded ones, and both to_dict()s read back into equal values."""
    if sys.version_info[:2] != RECORDED_ON:
        pytest.skip(f"recorded on Python {RECORDED_ON}, whose sum() of floats rounds as this one does not")
    recorded = golden[index]
    frameworks = _frameworks()
    now = observe(recorded["case"], frameworks)
    assert json.dumps(now["to_dict"]) == json.dumps(recorded["to_dict"]), _first_difference(
        now["to_dict"], recorded["to_dict"]
    )
    for key in ("to_dict_repr", "explain_to_dict_repr", "str", "markdown", "html", "mermaid"):
        assert now[key] == recorded[key], key
    rec = _recommend(recorded["case"], frameworks)
    explanation = rec.explain()
    assert Explanation.from_dict(explanation.to_dict()) == explanation
    assert Explanation.from_dict(recorded["to_dict"]["explanation"]) == explanation
    restored = Recommendation.from_dict(rec.to_dict())
    assert restored.explain() == explanation
    assert json.dumps(restored.to_dict()) == json.dumps(recorded["to_dict"])


def test_each_rules_template_holds_its_contributions_fields_in_order() -> None:
    """A rule's compiled template names every field of a Contribution, in order, with the rule's
    own values where no profile changes them."""
    names = [field.name for field in attrs.fields(Contribution)]
    for framework in _frameworks().values():
        facts = framework._plan.facts
        assert facts is not None
        for rule, fact in zip(framework.rules, facts.rules, strict=True):
            template = dict(fact.template)
            assert list(template) == names
            assert (template["rule"], template["target"], template["condition"]) == (
                rule.id,
                rule.then,
                rule.when.describe(),
            )
            assert (template["weight"], template["says"], template["citation"], template["basis"]) == (
                rule.weight,
                rule.says,
                rule.citation,
                rule.basis,
            )
            assert template["framework"] == framework.id
            assert all(template[n] is None for n in ("reads", "degree", "evidence", "share", "counted"))


@pytest.mark.parametrize("cls", [Input, Contribution, FrameworkExplanation, RoleCase, Explanation])
def test_explanation_values_take_their_fields_as_given(cls: type) -> None:
    """The explanation's values have no converter, validator or post-init hook and keep their
    fields in a __dict__: built from a template, or written from a copy of that __dict__, they
    are what attrs' __init__ and cattrs make of them."""
    assert "__slots__" not in vars(cls)
    assert not hasattr(cls, "__attrs_post_init__") and not hasattr(cls, "__attrs_pre_init__")
    for field in attrs.fields(cls):
        assert field.converter is None and field.validator is None and field.init


@pytest.mark.parametrize("index", range(0, COUNT, 4))
def test_hand_written_json_is_what_cattrs_wrote(index: int) -> None:
    """Explanation.to_dict() is, in value, order and type, what a plain cattrs converter writes."""
    explanation = _recommend(cases()[index], _frameworks()).explain()
    assert repr(explanation.to_dict()) == repr(cattrs.Converter().unstructure(explanation))


@pytest.mark.parametrize("index", range(0, COUNT, 4))
def test_explained_alike_from_the_trace_or_from_the_verdicts(index: int) -> None:
    """A recommendation built from its fields (its verdicts carrying their rule degrees) explains
    and writes itself as the fresh one does, and the fresh one writes the same dict whichever
    part was read first."""
    case, frameworks = cases()[index], _frameworks()
    fresh = _recommend(case, frameworks)
    built = Recommendation(
        profile=fresh.profile,
        role=fresh.role,
        scores=dict(fresh.scores),
        confidence=fresh.confidence,
        by_framework=dict(fresh.by_framework),
        staffing=fresh.staffing,
        staffing_scores=dict(fresh.staffing_scores),
        staffing_confidence=fresh.staffing_confidence,
        reason=fresh.reason,
        staffing_reason=fresh.staffing_reason,
    )
    expected = repr(_recommend(case, frameworks).to_dict())
    assert built.explain() == fresh.explain()
    assert repr(built.to_dict()) == repr(fresh.to_dict()) == expected
    read_first = _recommend(case, frameworks)
    assert read_first.by_framework
    assert repr(read_first.to_dict()) == expected


def _containers(value: Any) -> list[Any]:
    """Every dict and list in a JSON form, each time it appears."""
    if isinstance(value, dict):
        return [value, *(c for v in value.values() for c in _containers(v))]
    if isinstance(value, list):
        return [value, *(c for v in value for c in _containers(v))]
    return []


@settings(max_examples=60, deadline=None)
@given(profile=profiles())
def test_the_json_of_an_unread_explanation_is_that_of_its_objects(profile: dict[str, Any]) -> None:
    """to_dict() of a result whose explanation was never read writes its JSON form straight from
    the trace: in value, order and type what converting the built explanation writes, and every
    dict and list in it new (a case's reasons are copies of the contributions, not the same)."""
    fresh = rolemodel.recommend(profile).to_dict()
    read = rolemodel.recommend(profile)
    explanation = read.explain()
    assert explanation.frameworks is not None  # builds the objects
    assert repr(fresh) == repr(read.to_dict())
    seen = _containers(fresh)
    assert len({id(c) for c in seen}) == len(seen)


LAZY = ("frameworks", "winner", "losers", "dissent", "staffing_winner", "staffing_losers", "staffing_dissent")


@pytest.mark.parametrize("first", LAZY)
def test_an_explanation_builds_its_parts_whole_whichever_is_read_first(first: str) -> None:
    """explain() returns at once; reading any one of its frameworks, cases or dissent builds
    them all, equal to an explanation built from its fields; it copies and pickles whole."""
    import copy
    import pickle

    from rolemodel._explain import LAZY_FIELDS

    assert set(LAZY) == LAZY_FIELDS
    rec = rolemodel.recommend(company_size=300, team_size=25, market_change="high", regulation="low")
    explanation = rec.explain()
    assert "_build" in vars(explanation) and "frameworks" not in vars(explanation)
    assert not hasattr(explanation, "_repr_png_")  # a name it has not: nothing is built for it
    assert "_build" in vars(explanation)
    getattr(explanation, first)
    assert "_build" not in vars(explanation) and all(name in vars(explanation) for name in LAZY)
    fields = attrs.fields(Explanation)
    built = Explanation(**{field.name: getattr(explanation, field.name) for field in fields})
    assert built == explanation and str(built) == str(explanation)
    fresh = rolemodel.recommend(rec.profile).explain()
    assert pickle.loads(pickle.dumps(fresh)) == explanation
    assert copy.deepcopy(rolemodel.recommend(rec.profile).explain()) == explanation
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = fresh.nothing


if __name__ == "__main__":  # pragma: no cover - run by hand
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.test_explain_speed_identical --write")
    write_golden()
