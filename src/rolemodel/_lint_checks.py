"""The lint's semantic checks on a framework that loads: reach (``RM1xx``), rules (``RM2xx``)
and monotonicity (``RM3xx``), each finding located where the file writes the part."""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rolemodel._codes import Finding, finding
from rolemodel._loader import Located
from rolemodel._model import (
    AllOf,
    Always,
    AnyOf,
    Condition,
    Framework,
    Ramp,
    Role,
    Rule,
    Staffing,
    StageIs,
)
from rolemodel._profile import FACTORS

__all__ = ["GUARANTEES", "Locator", "check"]

GUARANTEES: tuple[tuple[str, Role], ...] = (
    ("regulation", Role.MANAGEMENT),
    ("team_size", Role.MANAGEMENT),
    ("market_change", Role.LEADERSHIP),
)
"""Factor -> role pairs the library promises: more of the factor never lowers the role."""


class Locator:
    """Where a framework's rules, concepts, factors and roles are written.

    In a framework that extends another, what it inherits unchanged is located at its
    ``extends:`` line (the findings are about this file, not the base), an overridden rule
    at its override.
    """

    def __init__(self, located: Located) -> None:
        self.framework = framework = located.framework
        self.path = framework.path
        self.marks = located.marks
        self.base = located.base
        # The loader refuses duplicate ids: one index per rule and concept, found in O(1).
        self._rules = {r.id: i for i, r in enumerate(framework.rules)}
        self._concepts = {c.id: i for i, c in enumerate(framework.concepts)}

    def _own(self, kind: str, index: int) -> tuple[str, int] | None:
        """(path inside this file, index) of the merged list's ``index``, or None if the base's."""
        offset = len(getattr(self.base, kind)) if self.base is not None else 0
        return (f"{kind}[{index - offset}]", index - offset) if index >= offset else None

    def at(self, key: str) -> tuple[str, int, int]:
        line, column = self.marks.get(key, (0, 0))
        return self.path, line, column

    def rule(self, rule: Rule) -> tuple[str, int, int]:
        index = self._rules.get(rule.id, -1)
        if index < 0 or self.framework.rules[index] != rule:
            index = self.framework.rules.index(rule)
        own = self._own("rules", index)
        if own is not None:
            return self.at(own[0])
        if f"overrides.{rule.id}" in self.marks:
            return self.at(f"overrides.{rule.id}#key")
        return self.at("extends")

    def concept(self, cid: str) -> tuple[str, int, int]:
        index = self._concepts[cid]
        own = self._own("concepts", index)
        return self.at(own[0] if own is not None else "extends")

    def factor(self, name: str) -> tuple[str, int, int]:
        if f"factors={name}" in self.marks:
            return self.at(f"factors={name}")
        return self.at("extends" if self.base is not None else "factors")

    def answer(self, answer: Role | Staffing) -> tuple[str, int, int]:
        """Where a role (under ``roles:``) or a staffing option (under ``staffing:``) is listed."""
        section = "roles" if isinstance(answer, Role) else "staffing"
        key = f"{section}.{answer.value}#key"
        return self.at(key if key in self.marks or self.base is None else "extends")


Interval = tuple[float, bool, float, bool]  # low, low open, high, high open
Region = dict[str, Any]  # input -> Interval, or "stage" -> frozenset of stages

_RANGES: dict[str, Interval] = {
    name: ((1.0, False, math.inf, True) if spec.kind == "count" else (0.0, False, 1.0, False))
    for name, spec in FACTORS.items()
    if spec.kind != "stage"
}
_MAX_TERMS = 64


def _meet(a: Interval, b: Interval) -> Interval | None:
    lo, lo_open = max((a[0], a[1]), (b[0], b[1]))
    hi, hi_open = min((a[2], not a[3]), (b[2], not b[3]))
    hi_open = not hi_open
    if lo > hi or (lo == hi and (lo_open or hi_open)):
        return None
    return lo, lo_open, hi, hi_open


def _merge(a: Region, b: Region) -> Region | None:
    out = dict(a)
    for key, value in b.items():
        if key not in out:
            out[key] = value
        elif key == "stage":
            out[key] = out[key] & value
            if not out[key]:
                return None
        else:
            met = _meet(out[key], value)
            if met is None:
                return None
            out[key] = met
    return out


def _regions(cond: Condition, ranges: Mapping[str, Interval]) -> list[Region] | None:
    """Where ``cond`` has a degree > 0, as a union of boxes; None when too many to tell."""
    if isinstance(cond, Always):
        return [{}]
    if isinstance(cond, StageIs):
        return [{"stage": frozenset(cond.stages)}]
    if isinstance(cond, Ramp):
        key = f"{cond.source}:{cond.name}"
        box: Interval = (
            (cond.low, True, math.inf, True) if cond.rising else (-math.inf, True, cond.high, True)
        )
        met = _meet(box, ranges.get(key, (-math.inf, True, math.inf, True)))
        return [] if met is None else [{key: met}]
    parts = [_regions(c, ranges) for c in cond.conditions]
    if any(p is None for p in parts):
        return None
    if isinstance(cond, AnyOf):
        return [r for p in parts for r in p or ()][:_MAX_TERMS]
    out: list[Region] = [{}]
    for part in parts:
        assert part is not None
        out = [m for a, b in itertools.product(out, part) if (m := _merge(a, b)) is not None]
        if len(out) > _MAX_TERMS:
            return None
    return out


def _signs(cond: Condition, key: str) -> set[int]:
    """How ``cond``'s degree moves as the input ``key`` rises: +1, -1 (both when mixed)."""
    if isinstance(cond, Ramp):
        return {1 if cond.rising else -1} if f"{cond.source}:{cond.name}" == key else set()
    if isinstance(cond, AllOf | AnyOf):
        return set().union(*(_signs(c, key) for c in cond.conditions))
    return set()


def check(fw: Framework, where: Locator) -> list[Finding]:
    out: list[Finding] = []

    def add(at: tuple[str, int, int], code: str, message: str) -> None:
        out.append(finding(at[0], at[1], at[2], code, message))

    from rolemodel._graph import evaluation_order

    answers: list[Role | Staffing] = [*fw.role_ids, *fw.staffing_ids]
    targets = {a.value for a in answers}
    ranges = {f"factor:{k}": v for k, v in _RANGES.items()}
    live: list[Rule] = []
    live_ids: set[str] = set()
    concept_hi: dict[str, float] = {}
    order = [fw.rules[i] for i in evaluation_order(fw)]
    # Concepts are complete before they are read: fill their ranges in evaluation order.
    by_target: dict[str, list[Rule]] = {}
    for rule in order:
        by_target.setdefault(rule.then, []).append(rule)
    for rule in order:
        for cid in {name for kind, name in rule.reads if kind == "concept"}:
            if f"concept:{cid}" not in ranges:
                feeders = [r for r in by_target.get(cid, []) if r.id in live_ids]
                hi = min(1.0, sum(r.weight for r in feeders))
                lo = min(1.0, sum(r.weight for r in feeders if isinstance(r.when, Always)))
                concept_hi[cid] = hi
                ranges[f"concept:{cid}"] = (lo, False, hi, False)
        regions = _regions(rule.when, ranges)
        if regions == []:
            add(
                where.rule(rule),
                "RM201",
                f"rule {rule.id!r} can never fire: no profile satisfies '{rule.when.describe()}'"
                " (contradictory ramps or stages, or ramps outside the factor's range)",
            )
            continue
        if rule.weight == 0:
            add(where.rule(rule), "RM202", f"rule {rule.id!r} has weight 0, so it never counts")
            continue
        live.append(rule)
        live_ids.add(rule.id)

    # reach: roles and staffing options, factors, concepts
    live_targets = {r.then for r in live}
    for answer in answers:
        if answer.value not in live_targets:
            kind = "role" if isinstance(answer, Role) else "staffing option"
            add(
                where.answer(answer),
                "RM101",
                f"{kind} {answer.value!r}: no rule that can fire leads to it (only its baseline counts)",
            )
    influence = _influence(fw, live)
    for factor in fw.factors:
        if not any(influence.get((f"factor:{factor}", t)) for t in targets) and not (
            factor == "stage" and any(("factor", "stage") in r.reads for r in live)
        ):
            add(
                where.factor(factor),
                "RM102",
                f"factor {factor!r} is listed but influences no role or staffing option (no live"
                " rule reads it, or its concepts lead nowhere)",
            )
    read = {name for r in live for kind, name in r.reads if kind == "concept"}
    for concept in fw.concepts:
        if concept.id not in live_targets:
            add(
                where.concept(concept.id),
                "RM103",
                f"concept {concept.id!r}: no rule that can fire feeds it",
            )
        elif concept.id not in read:
            add(
                where.concept(concept.id),
                "RM103",
                f"concept {concept.id!r}: no rule reads it, so it influences nothing",
            )

    # overlapping rules into different answers of one question on the same condition; two
    # unconditional rules cannot overlap by accident ('always' says it), so they are left alone
    question = {a.value: "role" if isinstance(a, Role) else "staffing" for a in answers}
    for a, b, more in _pushing_pairs([r for r in live if r.then in question], question):
        if a is None:
            add(
                where.rule(b),
                "RM203",
                f"and {more} more pairs of rules that fire on the same condition and favour"
                f" different answers without 'contrast' (only the first {MAX_PAIRS} are listed)",
            )
            continue
        what = "roles" if question[a.then] == "role" else "staffing options"
        add(
            where.rule(b),
            "RM203",
            f"rules {a.id!r} ({a.then}) and {b.id!r} ({b.then}) fire on the same condition"
            f" '{b.when.describe()}' and favour different {what};"
            " if the article means it, say so"
            f" with 'contrast: {a.id}' on {b.id!r}",
        )

    # basis: whose numbers each rule's are (version 2 requires it; version 1 cannot say it)
    for index, rule in enumerate(fw.rules):
        if rule.basis is None:
            own = where._own("rules", index)
            if own is not None:
                message = (
                    f"{own[0]}.basis: expected article or calibration, found none (version 1 has no"
                    " basis: move the file to version 2 and say whether each rule's numbers are the"
                    " article's or calibration)"
                )
            else:
                message = (
                    f"rule {rule.id!r} of the base {fw.extends!r} has no basis (its file is version"
                    " 1): move the base to version 2 and add basis to its rules"
                )
            add(where.rule(rule), "RM204", message)

    # monotonicity
    for factor in fw.factors:
        key = f"factor:{factor}"
        for answer in answers:
            signs = influence.get((key, answer.value), set())
            if signs == {1, -1}:
                add(
                    where.factor(factor),
                    "RM301",
                    f"factor {factor!r} both raises and lowers {answer.value!r} (through"
                    f" {', '.join(_via(live, influence, key, answer.value))})",
                )
    for factor, role in GUARANTEES:
        if factor not in fw.factors or role not in fw.role_ids:
            continue
        key = f"factor:{factor}"
        if -1 in influence.get((key, role.value), set()):
            add(
                where.factor(factor),
                "RM302",
                f"rolemodel guarantees that more {factor} never lowers {role.value},"
                " but here it does"
                f" (through {', '.join(_via(live, influence, key, role.value, -1))})",
            )
        for other in fw.role_ids:
            if other is not role and 1 in influence.get((key, other.value), set()):
                add(
                    where.factor(factor),
                    "RM302",
                    f"rolemodel guarantees that more {factor} never lowers {role.value},"
                    " but here it"
                    f" raises {other.value!r}, which takes share from {role.value}"
                    f" (through {', '.join(_via(live, influence, key, other.value, 1))})",
                )
    return out


def _influence(fw: Framework, live: Sequence[Rule]) -> dict[tuple[str, str], set[int]]:
    """(``factor:x``, target) -> the signs with which more of x moves the target's evidence."""
    out: dict[tuple[str, str], set[int]] = {}
    inputs = [f"factor:{f}" for f in fw.factors]
    from rolemodel._graph import evaluation_order

    index = {r.id: r for r in live}
    for i in evaluation_order(fw):
        rule = index.get(fw.rules[i].id)
        if rule is None:
            continue
        for key in inputs:
            signs = set(_signs(rule.when, key))
            for kind, name in rule.reads:
                if kind == "concept":
                    inner = _signs(rule.when, f"concept:{name}")
                    signs |= {a * b for a in inner for b in out.get((key, name), set())}
            if signs or (key == "factor:stage" and ("factor", "stage") in rule.reads):
                out.setdefault((key, rule.then), set()).update(signs or {0})
    return out


def _via(
    live: Sequence[Rule],
    influence: Mapping[tuple[str, str], set[int]],
    key: str,
    role: str,
    sign: int | None = None,
) -> list[str]:
    """The live rules into ``role`` whose degree moves with ``key`` (with ``sign``, if given)."""
    names = []
    for rule in live:
        if rule.then != role:
            continue
        signs = set(_signs(rule.when, key))
        for kind, name in rule.reads:
            if kind == "concept":
                signs |= {
                    a * b
                    for a in _signs(rule.when, f"concept:{name}")
                    for b in influence.get((key, name), set())
                }
        if signs and (sign is None or sign in signs):
            names.append(repr(rule.id))
    return names or ["its concepts"]


MAX_PAIRS = 50
"""RM203 lists at most this many pairs of rules per file, then one finding counting the rest."""

Pair = tuple[Rule | None, Rule, int]


def _pushing_pairs(direct: Sequence[Rule], question: Mapping[str, str]) -> Iterator[Pair]:
    """RM203's pairs ``(a, b, 0)``: ``a`` before ``b``, same question and condition shape,
    different answers, not both unconditional, neither naming the other in ``contrast``; the
    first :data:`MAX_PAIRS` by ``b`` then ``a`` in file order, then ``(None, b, more)`` counting
    the rest once, ``b`` the first rule with a pair left out.

    Rules are grouped by (question, shape, answer, unconditional) with dicts, so the work is
    linear in the rules plus their ``contrast`` entries plus the pairs listed, not quadratic.
    """
    position = {id(r): i for i, r in enumerate(direct)}
    contrasted: dict[str, set[str]] = {}  # rule id -> the ids of the rules naming it or it names
    for rule in direct:
        for other in rule.contrast:
            contrasted.setdefault(rule.id, set()).add(other)
            contrasted.setdefault(other, set()).add(rule.id)
    # (question, shape) -> (answer, unconditional) -> the rules so far, in file order
    groups: dict[tuple[str, Any], dict[tuple[str, bool], list[Rule]]] = {}
    group_of: dict[str, tuple[tuple[str, Any], str, bool]] = {}
    listed = more = 0
    unlisted: Rule | None = None  # the first rule with a pair left out
    for b in direct:
        key = (question[b.then], _shape(b.when))
        members = groups.setdefault(key, {})
        buckets = [
            bucket
            for (then, stance), bucket in members.items()
            if then != b.then and not (stance and b.stance)
        ]
        said = contrasted.get(b.id, set())
        count = sum(len(bucket) for bucket in buckets)
        count -= sum(
            1
            for other in said
            if (g := group_of.get(other)) is not None
            and g[0] == key
            and g[1] != b.then
            and not (g[2] and b.stance)
        )
        if listed < MAX_PAIRS and count:
            for a in heapq.merge(*buckets, key=lambda r: position[id(r)]):
                if a.id in said:
                    continue
                yield a, b, 0
                listed += 1
                count -= 1
                if listed == MAX_PAIRS:
                    break
        if count and unlisted is None:
            unlisted = b
        more += count
        members.setdefault((b.then, b.stance), []).append(b)
        group_of[b.id] = (key, b.then, b.stance)
    if more and unlisted is not None:
        yield None, unlisted, more


def _shape(cond: Condition) -> Any:
    """A condition up to its ramps' bounds: rules of one shape fire together."""
    if isinstance(cond, Ramp):
        return ("ramp", cond.source, cond.name, cond.rising)
    if isinstance(cond, StageIs):
        return ("stage", frozenset(cond.stages))
    if isinstance(cond, AllOf | AnyOf):
        return (type(cond).__name__, frozenset(_shape(c) for c in cond.conditions))
    return ("always",)
