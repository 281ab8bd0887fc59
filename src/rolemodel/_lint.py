"""Lint framework files and run the scenarios that live with their rules.

:func:`lint` turns every problem the loader finds into a :class:`Finding` (codes ``RM0xx``)
and, on a file that loads, adds the semantic checks the loader does not make: roles and
staffing options no rule can reach, factors and concepts that influence nothing (``RM1xx``),
rules that can never fire or never count, overlapping rules that favour different answers of
one question without saying so, rules that do not say their basis (``RM2xx``), mixed
influences and broken monotonicity guarantees (``RM3xx``) and, given the source articles,
quotes that are not verbatim (``RM4xx``). The codes, with an example and the fix for each,
are catalogued in ``docs/reference/errors.md``.

:func:`run_examples` evaluates a framework's ``examples:`` alone and says, question by
question (role, staffing), which hold.
:func:`lint_main` and :func:`test_main` are the ``rolemodel lint`` / ``rolemodel test``
commands; :func:`register` adds them to an ``argparse`` sub-command set.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TextIO

import attrs
import yaml

from rolemodel._errors import FrameworkError, Problem
from rolemodel._loader import load_framework
from rolemodel._model import (
    AllOf,
    Always,
    AnyOf,
    Condition,
    Example,
    Framework,
    Ramp,
    Role,
    Rule,
    Staffing,
    StageIs,
)
from rolemodel._profile import FACTORS

__all__ = [
    "CODES",
    "GUARANTEES",
    "ExampleResult",
    "Finding",
    "lint",
    "lint_main",
    "register",
    "run_example",
    "run_examples",
    "test_main",
]

Severity = Literal["error", "warning"]

CODES: Mapping[str, tuple[Severity, str]] = {
    # the loader's checks
    "RM001": ("error", "the file cannot be read as text"),
    "RM002": ("error", "not valid, or not plain, YAML"),
    "RM003": ("error", "wrong format or unsupported version"),
    "RM004": ("error", "unknown field"),
    "RM005": ("error", "missing field"),
    "RM006": ("error", "wrong type"),
    "RM007": ("error", "invalid value"),
    "RM008": ("error", "unknown name"),
    "RM009": ("error", "duplicate"),
    "RM010": ("error", "quote too long or over several lines"),
    "RM011": ("error", "cycle in the rule graph"),
    "RM012": ("error", "invalid example profile"),
    "RM013": ("error", "bad extends or overrides"),
    "RM014": ("error", "rule without a basis, or with an unknown one (version 2)"),
    "RM015": ("error", "unknown staffing option"),
    "RM016": ("error", "role or staffing option the framework does not list"),
    "RM017": ("error", "concept named like a role or staffing option"),
    # reach
    "RM101": ("warning", "role or staffing option no rule can reach"),
    "RM102": ("warning", "factor that influences nothing"),
    "RM103": ("warning", "concept that influences nothing, or that nothing feeds"),
    # rules
    "RM201": ("error", "rule that can never fire"),
    "RM202": ("warning", "rule that never counts (weight 0)"),
    "RM203": ("warning", "rules on the same condition favour different answers, unsaid"),
    "RM204": ("warning", "rule without a basis (a version-1 file)"),
    # monotonicity
    "RM301": ("warning", "factor with a mixed influence on a role or staffing option"),
    "RM302": ("error", "broken monotonicity guarantee"),
    # faithfulness to the sources
    "RM401": ("error", "quote not verbatim in its source"),
    "RM402": ("error", "quote after the article's end (source_end)"),
    "RM403": ("error", "source file not found"),
    "RM404": ("error", "source_end not found in the source"),
}
"""Every finding code: its severity and what it means."""

GUARANTEES: tuple[tuple[str, Role], ...] = (
    ("regulation", Role.MANAGEMENT),
    ("team_size", Role.MANAGEMENT),
    ("market_change", Role.LEADERSHIP),
)
"""Factor -> role pairs the library promises: more of the factor never lowers the role."""


@attrs.frozen
class Finding:
    """One thing a lint found, located like a compiler's message: ``path:line:col: CODE message``.

    ``line`` and ``column`` are 1-based, 0 when the finding has no position.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return attrs.asdict(self)


# -- lint ----------------------------------------------------------------------------------------


def lint(paths: str | Path | Iterable[str | Path], sources: str | Path | None = None) -> list[Finding]:
    """Lint framework files (or folders of ``*.yaml``); findings in file order, [] when clean.

    ``sources`` is a folder of source articles: with it, every ``quote`` must be verbatim in
    its source file (before ``source_end``). Never raises on a malformed file.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    folder = Path(sources) if sources is not None else None
    findings: list[Finding] = []
    if folder is not None and not folder.is_dir():
        findings.append(_finding(str(folder), 0, 0, "RM403", "the sources folder does not exist"))
        folder = None
    for path in _expand(paths):
        findings.extend(_lint_file(path, folder))
    return findings


def _expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            yield path


def _finding(path: str, line: int, column: int, code: str, message: str) -> Finding:
    return Finding(path, line, column, code, message, CODES[code][0])


def _lint_file(path: Path, sources: Path | None) -> list[Finding]:
    name = str(path)
    try:
        framework = load_framework(path)
    except FrameworkError as exc:
        findings = [_from_problem(p) for p in exc.problems]
        if sources is not None and not any(f.code in ("RM001", "RM002", "RM003") for f in findings):
            findings += _quotes(path, None, sources)
        return _sorted(findings)
    except RecursionError:  # pragma: no cover - the loader bounds depth; belt and braces
        return [_finding(name, 0, 0, "RM002", "nesting too deep to read")]
    where = _Locator(framework)
    findings = _semantics(framework, where)
    if sources is not None:
        findings += _quotes(path, framework, sources)
    return _sorted(findings)


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(dict.fromkeys(findings), key=lambda f: (f.path, f.line, f.column, f.code))


# -- the loader's problems as findings ---------------------------------------------------------

_TYPES = {
    "a mapping",
    "a list",
    "a string",
    "a number",
    "a field name",
    "a mapping of rule ids",
    "a condition ('always' or a mapping)",
    "a number or a level (low, medium, high)",
}
_UNKNOWN_NAME = (
    "a factor listed in",
    "a factor from the catalogue",
    "a role, staffing option or concept",
    "a concept of this framework",
    "one of ",
    "'stage'",
    "the id of another rule",
    "a rule of ",
)


_STAFFING_NAMES = "one of " + ", ".join(s.value for s in Staffing)


def problem_code(problem: Problem) -> str:
    """The lint code of one loader problem (``RM001`` .. ``RM017``)."""
    expected, found, path = problem.expected, problem.found, problem.path
    if re.fullmatch(r"staffing\.[^.]+", path) and found.startswith("the unknown field"):
        return "RM015"
    if found.startswith("the unknown field"):
        return "RM004"
    if re.fullmatch(r"rules\[\d+\]\.basis", path) or (
        re.fullmatch(r"rules\[\d+\]", path) and expected == "the field 'basis'"
    ):
        return "RM014"
    if found == "no such field":
        return "RM005"
    if path == "extends" or path.startswith("overrides") or (path == "id" and "the base" in expected):
        return "RM013"
    if expected in ("valid YAML", "plain YAML") or expected.startswith("nesting") or "YAML nodes" in expected:
        return "RM002"
    if expected in ("UTF-8 text", "text", "a readable framework file", "a framework document") or (
        not path and expected.startswith("at most")
    ):
        return "RM001"
    if path in ("format", "version"):
        return "RM003"
    if found.startswith("the answer name"):
        return "RM017"
    if expected.startswith(
        ("a role or staffing option this framework lists", "a role this framework", "a staffing option this")
    ):
        return "RM016"
    if expected.startswith(_STAFFING_NAMES):
        return "RM015"
    if found == "a duplicate key" or found.endswith(" again") or expected.startswith(("each ", "a unique")):
        return "RM009"
    if expected.startswith("a short quote"):
        return "RM010"
    if expected == "a rule graph without cycles":
        return "RM011"
    if re.match(r"examples\[\d+\]\.profile", path):
        return "RM012"
    if expected in _TYPES:
        return "RM006"
    if expected.startswith(_UNKNOWN_NAME):
        return "RM008"
    return "RM007"


def _from_problem(problem: Problem) -> Finding:
    field = f"{problem.path}: " if problem.path else ""
    hint = f" ({problem.hint})" if problem.hint else ""
    message = f"{field}expected {problem.expected}, found {problem.found}{hint}"
    return _finding(problem.file, problem.line, problem.column, problem_code(problem), message)


# -- where things are --------------------------------------------------------------------------


def _marks(path: str, values: dict[str, str] | None = None) -> dict[str, tuple[int, int]]:
    """``rules[3].when`` -> (line, column) for every node of a file that loaded.

    ``values``, when given, receives each scalar's text by the same keys.
    """
    try:
        root = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return {}
    out: dict[str, tuple[int, int]] = {}
    stack: list[tuple[str, yaml.Node]] = [("", root)] if root is not None else []
    while stack:
        prefix, node = stack.pop()
        out.setdefault(prefix, (node.start_mark.line + 1, node.start_mark.column + 1))
        if values is not None and isinstance(node, yaml.ScalarNode):
            values.setdefault(prefix, str(node.value))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    sub = f"{prefix}.{key.value}" if prefix else str(key.value)
                    out.setdefault(sub + "#key", (key.start_mark.line + 1, key.start_mark.column + 1))
                    stack.append((sub, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((f"{prefix}[{i}]", item) for i, item in enumerate(node.value))
    return out


class _Locator:
    """Where a framework's rules, concepts, factors and roles are written.

    In a framework that extends another, what it inherits unchanged is located at its
    ``extends:`` line (the findings are about this file, not the base), an overridden rule
    at its override.
    """

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.path = framework.path
        self.values: dict[str, str] = {}
        self.marks = _marks(framework.path, self.values)
        self.base: Framework | None = None
        if framework.extends:
            self.base = _base(framework, self.values.get("extends", framework.extends))

    def _own(self, kind: str, index: int) -> tuple[str, int] | None:
        """(path inside this file, index) of the merged list's ``index``, or None if the base's."""
        offset = len(getattr(self.base, kind)) if self.base is not None else 0
        return (f"{kind}[{index - offset}]", index - offset) if index >= offset else None

    def at(self, key: str) -> tuple[str, int, int]:
        line, column = self.marks.get(key, (0, 0))
        return self.path, line, column

    def rule(self, rule: Rule) -> tuple[str, int, int]:
        index = self.framework.rules.index(rule)
        own = self._own("rules", index)
        if own is not None:
            return self.at(own[0])
        if f"overrides.{rule.id}" in self.marks:
            return self.at(f"overrides.{rule.id}#key")
        return self.at("extends")

    def concept(self, cid: str) -> tuple[str, int, int]:
        index = next(i for i, c in enumerate(self.framework.concepts) if c.id == cid)
        own = self._own("concepts", index)
        return self.at(own[0] if own is not None else "extends")

    def factor(self, name: str) -> tuple[str, int, int]:
        for key in (f"factors[{i}]" for i in range(len(self.framework.factors))):
            if self.values.get(key) == name:
                return self.at(key)
        return self.at("extends" if self.base is not None else "factors")

    def answer(self, answer: Role | Staffing) -> tuple[str, int, int]:
        """Where a role (under ``roles:``) or a staffing option (under ``staffing:``) is listed."""
        section = "roles" if isinstance(answer, Role) else "staffing"
        key = f"{section}.{answer.value}#key"
        return self.at(key if key in self.marks or self.base is None else "extends")


def _base(framework: Framework, extends: str) -> Framework | None:
    """The framework ``framework`` extends, found as the loader found it."""
    from rolemodel._loader import builtin_frameworks

    for base in builtin_frameworks():
        if base.id == extends:
            return base
    try:
        return load_framework(Path(framework.path).parent / extends)
    except FrameworkError:  # pragma: no cover - the loader refused it already
        return None


# -- semantic checks ---------------------------------------------------------------------------

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


def _semantics(fw: Framework, where: _Locator) -> list[Finding]:
    out: list[Finding] = []

    def add(at: tuple[str, int, int], code: str, message: str) -> None:
        out.append(_finding(at[0], at[1], at[2], code, message))

    from rolemodel._graph import evaluation_order

    answers: list[Role | Staffing] = [*fw.role_ids, *fw.staffing_ids]
    targets = {a.value for a in answers}
    ranges = {f"factor:{k}": v for k, v in _RANGES.items()}
    live: list[Rule] = []
    concept_hi: dict[str, float] = {}
    order = [fw.rules[i] for i in evaluation_order(fw)]
    # Concepts are complete before they are read: fill their ranges in evaluation order.
    by_target: dict[str, list[Rule]] = {}
    for rule in order:
        by_target.setdefault(rule.then, []).append(rule)
    for rule in order:
        for cid in {name for kind, name in rule.reads if kind == "concept"}:
            if f"concept:{cid}" not in ranges:
                feeders = [r for r in by_target.get(cid, []) if r in live]
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
    direct = [r for r in live if r.then in question]
    for a, b in itertools.combinations(direct, 2):
        if (
            a.then != b.then
            and question[a.then] == question[b.then]
            and not (a.stance and b.stance)
            and _shape(a.when) == _shape(b.when)
            and not (b.id in a.contrast or a.id in b.contrast)
        ):
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
                    f" {', '.join(_via(fw, live, key, answer.value))})",
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
                f" (through {', '.join(_via(fw, live, key, role.value, -1))})",
            )
        for other in fw.role_ids:
            if other is not role and 1 in influence.get((key, other.value), set()):
                add(
                    where.factor(factor),
                    "RM302",
                    f"rolemodel guarantees that more {factor} never lowers {role.value},"
                    " but here it"
                    f" raises {other.value!r}, which takes share from {role.value}"
                    f" (through {', '.join(_via(fw, live, key, other.value, 1))})",
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


def _via(fw: Framework, live: Sequence[Rule], key: str, role: str, sign: int | None = None) -> list[str]:
    """The live rules into ``role`` whose degree moves with ``key`` (with ``sign``, if given)."""
    influence = _influence(fw, live)
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


def _shape(cond: Condition) -> Any:
    """A condition up to its ramps' bounds: rules of one shape fire together."""
    if isinstance(cond, Ramp):
        return ("ramp", cond.source, cond.name, cond.rising)
    if isinstance(cond, StageIs):
        return ("stage", frozenset(cond.stages))
    if isinstance(cond, AllOf | AnyOf):
        return (type(cond).__name__, frozenset(_shape(c) for c in cond.conditions))
    return ("always",)


# -- quotes ------------------------------------------------------------------------------------


def _quotes(path: Path, framework: Framework | None, sources: Path) -> list[Finding]:
    """Every ``citation`` written in this file: its quote verbatim in its source, before the end."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    head = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    name = str(path)
    default = _text(head.get("source")) or (framework.source if framework is not None else "")
    end = (
        _text(head.get("source_end"))
        if "source_end" in head
        else (framework.source_end if framework is not None else "")
    )
    main = framework.source if framework is not None else default
    out: list[Finding] = []
    texts: dict[str, str | None] = {}

    def text_of(source: str, node: yaml.Node) -> str | None:
        if source not in texts:
            file = sources / source
            if "/" in source or "\\" in source or source.startswith(".") or not file.is_file():
                out.append(
                    _finding(name, *_mark(node), "RM403", f"source {source!r} is not a file in {sources}")
                )
                texts[source] = None
            else:
                texts[source] = file.read_text(encoding="utf-8", errors="replace")
        return texts[source]

    body = None
    if main:
        at = head.get("source") or head.get("extends") or root
        body = text_of(main, at)
    if body is not None and end:
        cut = body.find(end)
        if cut < 0:
            out.append(
                _finding(
                    name,
                    *_mark(head.get("source_end", root)),
                    "RM404",
                    f"source_end {end!r} is not in {main}",
                )
            )
        else:
            texts[main + "#end"] = body[: cut + len(end)]
    for citation in _citations(root):
        quote_node = next((v for k, v in citation.value if getattr(k, "value", None) == "quote"), None)
        source_node = next((v for k, v in citation.value if getattr(k, "value", None) == "source"), None)
        quote = _text(quote_node)
        if quote_node is None or not quote:
            continue
        source = _text(source_node) or main
        full = text_of(source, source_node or quote_node)
        if full is None:
            continue
        scope = (texts.get(source + "#end") or full) if source == main else full
        if quote in scope:
            continue
        short = quote if len(quote) <= 60 else quote[:57] + "..."
        if quote in full:
            out.append(
                _finding(
                    name,
                    *_mark(quote_node),
                    "RM402",
                    f"quote {short!r} is after the article's end ({end!r}) in {source}",
                )
            )
        else:
            out.append(
                _finding(
                    name,
                    *_mark(quote_node),
                    "RM401",
                    f"quote {short!r} is not verbatim in {source}{_nearest(quote, full)}",
                )
            )
    return out


def _citations(node: yaml.Node) -> Iterator[yaml.MappingNode]:
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if getattr(key, "value", None) == "citation" and isinstance(value, yaml.MappingNode):
                    yield value
                else:
                    stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _text(node: yaml.Node | None) -> str:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        return str(node.value)
    return ""


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _nearest(quote: str, text: str) -> str:
    """A hint: where the quote stops matching its source, when its start matches."""
    size = len(quote)
    while size > 12 and quote[:size] not in text:
        size //= 2
    if size <= 12:
        return ""
    while size < len(quote) and quote[: size + 1] in text:
        size += 1
    return f" (it matches up to {quote[:size][-20:]!r}, then differs: {quote[size : size + 20]!r})"


# -- scenario examples -------------------------------------------------------------------------


QUESTIONS = ("role", "staffing")
"""The questions an example may check, in order."""


def _shown(answer: Role | Staffing | None) -> str:
    return "no verdict" if answer is None else answer.value


@attrs.frozen
class ExampleResult:
    """One example run with its framework alone: the verdict on each question, and whether it held.

    ``role`` and ``staffing`` are the framework's own verdicts (``None``: it abstained, and
    ``reason`` / ``staffing_reason`` say why); ``confidence`` and ``staffing_confidence`` are
    those of ``recommend(profile, frameworks=[framework])``. Only the questions in
    ``example.checks`` are judged: the answer must be the one expected (``None``: the framework
    must abstain) and, when an answer is expected, its confidence at least
    ``example.min_confidence``. :attr:`failed` names the questions that did not hold.
    """

    framework: str
    example: Example
    role: Role | None
    confidence: float
    staffing: Staffing | None = None
    staffing_confidence: float = 0.0
    reason: str = ""
    staffing_reason: str = ""

    def expected(self, question: str) -> Role | Staffing | None:
        """What the example expects on ``question`` (``"role"`` or ``"staffing"``)."""
        return self.example.expect if question == "role" else self.example.expect_staffing

    def got(self, question: str) -> Role | Staffing | None:
        """The framework's own answer on ``question`` (``None``: it abstained)."""
        return self.role if question == "role" else self.staffing

    def confidence_of(self, question: str) -> float:
        """The confidence on ``question`` of the framework evaluated alone."""
        return self.confidence if question == "role" else self.staffing_confidence

    def _problem(self, question: str) -> str:
        expected, got = self.expected(question), self.got(question)
        if got is not expected:
            why = self.reason if question == "role" else self.staffing_reason
            shown = f"no verdict: {why}" if got is None and why else _shown(got)
            return f"{question}: expected {_shown(expected)}, got {shown}"
        least = self.example.min_confidence
        if expected is not None and self.confidence_of(question) < least:
            return f"{question}: confidence {self.confidence_of(question):.2f} below min_confidence {least:g}"
        return ""

    @property
    def failed(self) -> tuple[str, ...]:
        """The questions checked that did not hold, in :data:`QUESTIONS` order."""
        return tuple(q for q in QUESTIONS if q in self.example.checks and self._problem(q))

    @property
    def passed(self) -> bool:
        """Whether every question the example checks held."""
        return not self.failed

    @property
    def message(self) -> str:
        """Why it failed, a clause per failed question ("" when it passed)."""
        return "; ".join(self._problem(q) for q in self.failed)


def run_examples(framework: Framework) -> tuple[ExampleResult, ...]:
    """Evaluate each of ``framework.examples`` with that framework alone."""
    return tuple(run_example(framework, example) for example in framework.examples)


def run_example(framework: Framework, example: Example) -> ExampleResult:
    """Evaluate one example with ``framework`` alone."""
    from rolemodel._api import recommend

    rec = recommend(example.profile, frameworks=[framework])
    verdict = rec.by_framework[framework.id]
    return ExampleResult(
        framework=framework.id,
        example=example,
        role=verdict.role,
        confidence=rec.confidence,
        staffing=verdict.staffing,
        staffing_confidence=rec.staffing_confidence,
        reason=verdict.reason,
        staffing_reason=verdict.staffing_reason,
    )


# -- the commands ------------------------------------------------------------------------------


def _lint_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="framework files or folders of them")
    parser.add_argument(
        "--sources", metavar="DIR", help="folder of source articles: check every quote is verbatim"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _test_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="framework files or folders of them")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def register(subparsers: Any) -> None:
    """Add ``lint`` and ``test`` to an argparse sub-command set (``parser.add_subparsers()``).

    Each sets ``handler`` to a callable ``(namespace) -> exit code``.
    """
    lint_parser = subparsers.add_parser(
        "lint",
        help="check framework files",
        description="Check framework files like a compiler.",
        epilog="example:\n  rolemodel lint frameworks/ --sources ../shared/sources\n"
        "  rolemodel lint ours.yaml --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _lint_args(lint_parser)
    lint_parser.set_defaults(handler=_run_lint)
    test_parser = subparsers.add_parser(
        "test",
        help="run the examples of framework files",
        description="Run each framework's examples: the profile must give the expected role"
        " and staffing (or no verdict, where the example expects the framework to abstain).",
        epilog="example:\n  rolemodel test frameworks/ docs/examples/our-playbook.yaml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _test_args(test_parser)
    test_parser.set_defaults(handler=_run_test)


def _parse(prog: str, add: Any, argv: Sequence[str] | None) -> argparse.Namespace | int:
    parser = argparse.ArgumentParser(prog=f"rolemodel {prog}")
    add(parser)
    try:
        return parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2


def lint_main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """``rolemodel lint PATH... [--sources DIR] [--format json]``: 0 clean, 1 findings, 2 usage."""
    args = _parse("lint", _lint_args, argv)
    return args if isinstance(args, int) else _run_lint(args, out)


def test_main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """``rolemodel test PATH... [--format json]``: 0 all examples hold, 1 otherwise, 2 usage."""
    args = _parse("test", _test_args, argv)
    return args if isinstance(args, int) else _run_test(args, out)


test_main.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def _run_lint(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    findings = lint(args.paths, args.sources)
    if args.format == "json":
        json.dump([f.to_dict() for f in findings], out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for finding in findings:
            print(finding, file=out)
    return 1 if findings else 0


def _value(answer: Role | Staffing | None) -> str | None:
    return None if answer is None else answer.value


def _run_test(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    records: list[dict[str, Any]] = []
    failed = ran = broken = 0
    for path in _expand(args.paths):
        try:
            framework = load_framework(path)
        except FrameworkError as exc:
            broken += 1
            for problem in exc.problems:
                records.append(
                    {
                        "path": str(path),
                        "line": problem.line,
                        "column": problem.column,
                        "framework": None,
                        "example": None,
                        "passed": False,
                        "message": str(_from_problem(problem)),
                    }
                )
            continue
        marks = _marks(str(path))
        own = framework.examples
        if not own:
            records.append(
                {
                    "path": str(path),
                    "line": 0,
                    "column": 0,
                    "framework": framework.id,
                    "example": None,
                    "passed": True,
                    "message": "no examples",
                }
            )
        for i, result in enumerate(run_examples(framework)):
            ran += 1
            failed += not result.passed
            line, column = marks.get(f"examples[{i}]", (0, 0))
            records.append(
                {
                    "path": str(path),
                    "line": line,
                    "column": column,
                    "framework": framework.id,
                    "example": result.example.name,
                    "checks": list(result.example.checks),
                    "expect": _value(result.example.expect),
                    "role": _value(result.role),
                    "confidence": round(result.confidence, 4),
                    "expect_staffing": _value(result.example.expect_staffing),
                    "staffing": _value(result.staffing),
                    "staffing_confidence": round(result.staffing_confidence, 4),
                    "failed": list(result.failed),
                    "passed": result.passed,
                    "message": result.message,
                }
            )
    if args.format == "json":
        json.dump(records, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for r in records:
            if r["example"] is None:
                print(
                    r["message"] if r["framework"] is None else f"{r['path']}: {r['message']}",
                    file=out,
                )
            elif r["passed"]:
                print(f"{r['path']}:{r['line']}:{r['column']}: PASS {r['example']}", file=out)
            else:
                print(
                    f"{r['path']}:{r['line']}:{r['column']}: FAIL {r['example']}: {r['message']}",
                    file=out,
                )
        tail = f", {broken} file(s) did not load" if broken else ""
        print(f"{ran - failed} passed, {failed} failed{tail}", file=out)
    return 1 if failed or broken or not ran else 0
