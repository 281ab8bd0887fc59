"""Generated code: a plan's steps written as straight-line Python, and compiled.

:func:`generate` writes the source of ``run(x, s)``: ``x`` is the profile's numeric factors in
the order of :data:`~rolemodel._engine.NUMERIC` (``None`` where not given), ``s`` its stage
memberships. It returns what :func:`~rolemodel._engine.evaluate_steps` returns, with the same
floating-point operations in the same order as the steps' closures, so the numpy backend (which
walks the steps) agrees with it to the bit. :func:`emit_plan` writes one plan's steps into a
:class:`Writer`, so that :mod:`rolemodel._panel` can put several plans into one function.

The source is built only from validated, typed values: floats rendered with
``repr(float(x))`` (finite ones only), integer indices and fixed local names (``d3``, ``c0``,
``e0``, ``m0``, ``r0``, ``t1``, ``a``, ``v``). No text from a framework file (ids, names,
quotes) ever reaches it; tests/test_codegen.py checks every built-in framework's source
against a whitelist of syntax. :func:`build` compiles it with no builtins in its namespace.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, TypeGuard

from rolemodel._model import AllOf, Always, AnyOf, Condition, Ramp, Stage, StageIs, walk_condition

__all__ = ["Writer", "build", "emit_plan", "generate", "num"]

_STAGE_INDEX = {stage: i for i, stage in enumerate(Stage)}


def num(value: float) -> str:
    """A finite float as source text that reads back to the same float."""
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"cannot compile a non-finite number: {x!r}")
    return repr(x)


class Writer:
    """Lines of generated source, and the factor ramps already written (shared by name)."""

    def __init__(self, factor_index: Mapping[str, int], concept_index: Mapping[str, int]) -> None:
        self.lines: list[str] = []
        self.temps = 0
        self.shared: dict[tuple[int, float, float, bool], str] = {}
        self.factor_index = factor_index
        self.concept_index = concept_index

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    def temp(self) -> str:
        self.temps += 1
        return f"t{self.temps}"

    def degree(self, condition: Condition, out: str, indent: int) -> None:
        """Lines that set local ``out`` to the condition's degree, as the closure computes it."""
        if isinstance(condition, Always):
            self.emit(indent, f"{out} = 1.0")
        elif _single_stage(condition):
            # a membership lies in [0, 1] and is never -0.0 (Profile.stage_membership): 0 + m
            # is m, and so is min(1.0, m)
            self.emit(indent, f"{out} = s[{int(_STAGE_INDEX[condition.stages[0]])}]")
        elif isinstance(condition, StageIs):
            # the closure: min(1.0, sum(stage[i] for i in indices)); sum starts from int 0
            # and min(1.0, v) is v when v < 1.0, else the 1.0 (two memberships may add up to
            # a hair over 1)
            total = " + ".join(["0", *(f"s[{int(_STAGE_INDEX[st])}]" for st in condition.stages)])
            self.emit(indent, f"v = {total}")
            self.emit(indent, f"{out} = v if v < 1.0 else 1.0")
        elif isinstance(condition, AllOf | AnyOf):
            if not condition.conditions:
                raise ValueError("cannot compile an empty all-of/any-of")
            op = "<" if isinstance(condition, AllOf) else ">"
            first, *rest = condition.conditions
            self.degree(first, out, indent)
            for inner in rest:  # min()/max(): keep the earlier unless the next is strictly past it
                part = self.temp()
                self.degree(inner, part, indent)
                self.emit(indent, f"if {part} {op} {out}:")
                self.emit(indent + 1, f"{out} = {part}")
        else:
            assert isinstance(condition, Ramp)
            if condition.source == "concept":  # a concept's value changes as rules run
                low, span = float(condition.low), float(condition.high) - float(condition.low)
                self._ramp(
                    indent, f"c{int(self.concept_index[condition.name])}", low, span, condition.rising, out
                )
                return
            self.emit(indent, f"{out} = {self.factor_ramp(condition, indent)}")

    def _key(self, condition: Ramp) -> tuple[int, float, float, bool]:
        low, span = float(condition.low), float(condition.high) - float(condition.low)
        return int(self.factor_index[condition.name]), low, span, bool(condition.rising)

    def factor_ramp(self, condition: Ramp, indent: int) -> str:
        """The local ``r<k>`` holding a factor's ramp: the same wherever it recurs, so its lines
        are emitted the first time only (unless :meth:`hoist` emitted them up front)."""
        key = self._key(condition)
        shared = self.shared.get(key)
        if shared is None:
            shared = self.shared[key] = f"r{len(self.shared)}"
            self.emit(indent, f"v = x[{key[0]}]")
            self.emit(indent, "if v is None:")
            self.emit(indent + 1, f"{shared} = 0.0")
            self.emit(indent, "else:")
            self._ramp(indent + 1, "v", key[1], key[2], key[3], shared)
        return shared

    def hoist(self, conditions: Iterable[Condition], given: Collection[int]) -> None:
        """Emit every factor ramp of ``conditions`` up front, factor by factor: the factor read
        once, and tested once for ``None`` (not at all for the factors at the indices ``given``,
        which a profile always has)."""
        keys = dict.fromkeys(
            self._key(c)
            for top in conditions
            for c in walk_condition(top)
            if isinstance(c, Ramp) and c.source == "factor"
        )
        by_factor: dict[int, list[tuple[int, float, float, bool]]] = {}
        for key in keys:
            if key not in self.shared:
                by_factor.setdefault(key[0], []).append(key)
        for index, group in by_factor.items():
            names = [self.shared.setdefault(key, f"r{len(self.shared)}") for key in group]
            self.emit(1, f"a = x[{int(index)}]")
            indent = 1
            if index not in given:
                self.emit(1, "if a is None:")
                self.emit(2, " = ".join(names) + " = 0.0")
                self.emit(1, "else:")
                indent = 2
            for key, name in zip(group, names, strict=True):
                self._ramp(indent, "a", key[1], key[2], key[3], name)

    def _ramp(self, indent: int, value: str, low: float, span: float, rising: bool, out: str) -> None:
        """Lines that set ``out`` to the ramp of local ``value``, as the closure computes it
        (falling: ``1.0 - t`` of the clamped ``t``, which is 1.0 at 0.0 and 0.0 at 1.0)."""
        if low == 0.0 and span == 1.0:  # x - 0.0 and x / 1.0 are x, to the bit
            self.emit(indent, f"v = {value}")
        else:
            self.emit(indent, f"v = ({value} - {num(low)}) / {num(span)}")
        if rising:
            self.emit(indent, f"{out} = 0.0 if v <= 0.0 else 1.0 if v >= 1.0 else v")
        else:
            self.emit(indent, f"{out} = 1.0 if v <= 0.0 else 0.0 if v >= 1.0 else 1.0 - v")


def generate(
    steps: Sequence[Any],
    rules: int,
    baselines: Sequence[float],
    concepts: int,
    factor_index: Mapping[str, int],
    concept_index: Mapping[str, int],
) -> str:
    """The source of ``run(x, s)`` for a plan's ``steps`` (see the module docstring)."""
    w = Writer(factor_index, concept_index)
    w.emit(0, "def run(x, s):")
    names = emit_plan(w, steps, rules, baselines, concepts)
    degrees = ", ".join(names)
    six = len(baselines)
    w.emit(1, f"return ({degrees}{',' if rules == 1 else ''}), ")
    w.lines[-1] += "(" + ", ".join(f"e{i}" for i in range(six)) + "), "
    w.lines[-1] += "(" + ", ".join(f"m{i}" for i in range(six)) + ")"
    return "\n".join(w.lines) + "\n"


def emit_plan(
    w: Writer,
    steps: Sequence[Any],
    rules: int,
    baselines: Sequence[float],
    concepts: int,
    *,
    rule_at: int = 0,
    concept_at: int = 0,
    outcome_at: int = 0,
) -> list[str]:
    """Emit one plan's steps into ``w`` (indent 1) and return the names of its rules' degrees
    (``"0.0"`` for a rule no step runs). Its locals are numbered from the offsets given, so that
    several plans can share one function: degrees ``d<rule_at + i>``, concepts
    ``c<concept_at + i>`` (``w.concept_index`` must map the plan's concept ids to those
    numbers), evidence and moved evidence ``e<outcome_at + i>`` and ``m<outcome_at + i>``."""
    for i in range(int(concepts)):
        w.emit(1, f"c{int(concept_at) + i} = 0.0")
    for i, base in enumerate(baselines):
        w.emit(1, f"e{int(outcome_at) + i} = {num(base)}")
        w.emit(1, f"m{int(outcome_at) + i} = 0.0")
    names = ["0.0"] * int(rules)
    for step in steps:
        rule, weight = int(step.rule), num(step.weight)
        target = int(step.target) + (int(outcome_at) if step.to_outcome else int(concept_at))
        d = names[rule] = f"d{int(rule_at) + rule}"
        if isinstance(step.condition, Always):  # degree 1.0: weight * 1.0 is the weight, exactly
            names[rule] = "1.0"
            _add(w, 1, step, target, weight)
            continue
        if isinstance(step.condition, Ramp) and step.condition.source == "factor":
            # the shared ramp is the degree itself: in [0, 1], so 0.0 exactly when it is falsy
            d = names[rule] = w.factor_ramp(step.condition, 1)
            w.emit(1, f"if {d}:")
            _add(w, 2, step, target, _times(weight, d))
            continue
        w.degree(step.condition, d, 1)
        w.emit(1, f"if {d}:")
        _add(w, 2, step, target, _times(weight, d))
        if not _single_stage(step.condition):
            # a degree that does not fire is recorded as 0.0, as evaluate() does (a single
            # stage's is its membership: 0.0 already when falsy)
            w.emit(1, "else:")
            w.emit(2, f"{d} = 0.0")
    return names


def _times(weight: str, degree: str) -> str:
    """``weight * degree`` as source; ``degree`` alone for a weight of 1 (``1.0 * d`` is ``d``,
    to the bit: a rule of weight 1 adds its degree as it is)."""
    return degree if weight == "1.0" else f"{weight} * {degree}"


def _single_stage(condition: Condition) -> TypeGuard[StageIs]:
    """Whether ``condition`` is one stage: its degree is that stage's membership itself."""
    return isinstance(condition, StageIs) and len(condition.stages) == 1


def _add(w: Writer, indent: int, step: Any, target: int, amount: str) -> None:
    """Lines that add ``amount`` (a product computed once, or a local) to a step's target."""
    if step.to_outcome:
        if step.stance:
            w.emit(indent, f"e{target} += {amount}")
        elif amount.isidentifier():
            w.emit(indent, f"e{target} += {amount}")
            w.emit(indent, f"m{target} += {amount}")
        else:
            w.emit(indent, f"v = {amount}")
            w.emit(indent, f"e{target} += v")
            w.emit(indent, f"m{target} += v")
    else:
        w.emit(indent, f"v = c{target} + {amount}")
        w.emit(indent, f"c{target} = v if v < 1.0 else 1.0")


def build(source: str, name: str = "run") -> Any:
    """Compile generated source into its function ``name`` (with no builtins in its namespace)."""
    namespace: dict[str, Any] = {"__builtins__": {}}
    exec(compile(source, "<rolemodel plan>", "exec"), namespace)  # our own source, from typed values only
    return namespace[name]
