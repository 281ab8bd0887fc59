"""Several frameworks compiled into one function: every plan, each verdict, the combination.

:func:`recommend <rolemodel.recommend>` runs one generated function per call for the whole set
of frameworks (a *panel*): ``panel(x, s, w)`` evaluates each plan's steps (the factor ramps the
frameworks share computed once), decides each framework's two verdicts as
:func:`~rolemodel._engine.decide` does, with the options it lists written in as constants, and
combines them as :func:`~rolemodel._engine.combine` does, with the weights ``w`` given at call
time. Every floating-point operation is the reference functions', in their order, so the panel's
numbers are theirs to the bit (``tests/test_speed_identical.py`` checks it on many profiles).

``x`` and ``s`` are what a plan's ``run`` reads (the numeric factors in the order of
:data:`~rolemodel._engine.NUMERIC`, and the stage memberships); ``w`` holds one weight per
framework. The panel returns one tuple per framework, ``(degrees, evidence, role_scores,
role_choice, staffing_scores, staffing_choice)``, then the combination, ``(role_scores or None,
role_choice, confidence, staffing_scores or None, staffing_choice, staffing_confidence)``; a
choice is an index into the options, or the negative code of :func:`~rolemodel._engine.reason`.

Like a plan's ``run``, the source is written only from validated, typed values (floats by
``repr``, integer indices, fixed local names) and compiled with no builtins; the same syntax
whitelist test covers it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from rolemodel._codegen import Writer, build, emit_plan, num
from rolemodel._engine import (
    _FACTOR_INDEX,
    COMBINED_TIE,
    NO_EVIDENCE,
    NO_SPEAKERS,
    NUMERIC,
    OUTCOMES,
    REQUIRED_INDICES,
    SILENT,
    TIE_MARGIN,
    TIED,
    Plan,
    combine,
    decide,
    evaluate_steps,
)

__all__ = ["Panel", "compile_panel", "interpreted_panel", "panel_for", "panel_source"]

#: A compiled panel: ``panel(x, s, w) -> (per framework..., combined)`` (see the module docstring).
Panel = Callable[[Sequence[Any], Sequence[float], Sequence[float]], tuple[Any, ...]]

_TIE = num(TIE_MARGIN)


def panel_source(plans: Sequence[Plan]) -> str:
    """The source of ``panel(x, s, w)`` for these plans, in this order."""
    w = Writer(_FACTOR_INDEX, {})
    w.emit(0, "def panel(x, s, w):")
    for j in range(len(plans)):
        w.emit(1, f"y{j} = w[{j}]")
    # every factor ramp first, read and tested for None once per factor (x comes from a Profile,
    # so its required factors are never None)
    w.hoist((step.condition for plan in plans for step in plan.steps), REQUIRED_INDICES)
    frames = []
    rule_at = concept_at = 0
    for j, plan in enumerate(plans):
        w.concept_index = {c: concept_at + i for i, c in enumerate(plan.concepts)}
        degrees = emit_plan(
            w,
            plan.steps,
            plan.rules,
            plan.baselines,
            len(plan.concepts),
            rule_at=rule_at,
            concept_at=concept_at,
            outcome_at=6 * j,
        )
        rule_at += int(plan.rules)
        concept_at += len(plan.concepts)
        e = [f"e{6 * j + i}" for i in range(len(OUTCOMES))]
        m = [f"m{6 * j + i}" for i in range(len(OUTCOMES))]
        p = [f"p{6 * j + i}" for i in range(len(OUTCOMES))]
        listed = tuple(bool(flag) for flag in plan.listed)
        _decide(w, e[:3], m[:3], listed[:3], p[:3], f"k{2 * j}")
        _decide(w, e[3:], m[3:], listed[3:], p[3:], f"k{2 * j + 1}")
        trail = "," if len(degrees) == 1 else ""
        frames.append(
            f"(({', '.join(degrees)}{trail}), ({', '.join(e)}), ({', '.join(p[:3])}), k{2 * j}, "
            f"({', '.join(p[3:])}), k{2 * j + 1})"
        )
    count = len(plans)
    for question in (0, 1):
        speakers = []
        for j, plan in enumerate(plans):
            listed = tuple(bool(flag) for flag in plan.listed[3 * question : 3 * question + 3])
            if any(listed):  # a framework that lists no option of the question never speaks
                scores = [f"p{6 * j + 3 * question + i}" for i in range(3)]
                speakers.append((f"y{j}", scores, f"k{2 * j + question}", listed))
        _combine(w, speakers, question, f"k{2 * count + question}")
    combined = f"(n0, k{2 * count}, z0, n1, k{2 * count + 1}, z1)"
    w.emit(1, f"return ({', '.join([*frames, combined])})")
    return "\n".join(w.lines) + "\n"


def _decide(
    w: Writer, e: Sequence[str], m: Sequence[str], listed: Sequence[bool], scores: Sequence[str], choice: str
) -> None:
    """Lines that set one question's ``scores`` and ``choice`` as ``decide`` computes them."""
    count = sum(listed)
    w.emit(1, f"u = {e[0]} + {e[1]} + {e[2]}")  # ``sum`` of three floats, left to right
    w.emit(1, "if u <= 0.0:")
    for i in range(3):
        w.emit(2, f"{scores[i]} = {num(listed[i] / count) if count else '0.0'}")
    w.emit(1, "else:")
    for i in range(3):
        w.emit(2, f"{scores[i]} = {e[i]} / u")
    if not any(listed):
        w.emit(1, f"{choice} = {int(SILENT)}")
        return
    w.emit(1, f"if {m[0]} + {m[1]} + {m[2]} <= 0.0:")
    w.emit(2, f"{choice} = {int(NO_EVIDENCE)}")
    w.emit(1, "else:")
    _top_two_listed(w, 2, scores, [i for i in range(3) if listed[i]])
    w.emit(2, f"{choice} = {int(TIED)} if v < {_TIE} else b")


def _top_two_listed(w: Writer, indent: int, s: Sequence[str], known: Sequence[int]) -> None:
    """Lines that set ``b`` to the index of the highest of the options ``known`` (ties to the
    earlier) and ``v`` to its lead on the next, as ``_top_two`` does with these options listed."""
    if len(known) == 1:
        w.emit(indent, f"b = {known[0]}")
        w.emit(indent, f"v = {s[known[0]]}")
    elif len(known) == 2:
        a, z = known
        w.emit(indent, f"if {s[z]} > {s[a]}:")
        w.emit(indent + 1, f"b = {z}")
        w.emit(indent + 1, f"v = {s[z]} - {s[a]}")
        w.emit(indent, "else:")
        w.emit(indent + 1, f"b = {a}")
        w.emit(indent + 1, f"v = {s[a]} - {s[z]}")
    else:
        w.emit(indent, f"if {s[1]} > {s[0]}:")
        for line in ("b = 1", f"top = {s[1]}", f"sec = {s[0]}"):
            w.emit(indent + 1, line)
        w.emit(indent, "else:")
        for line in ("b = 0", f"top = {s[0]}", f"sec = {s[1]}"):
            w.emit(indent + 1, line)
        w.emit(indent, f"if {s[2]} > top:")
        w.emit(indent + 1, "b = 2")
        w.emit(indent + 1, f"v = {s[2]} - top")
        w.emit(indent, "else:")
        w.emit(indent + 1, f"if {s[2]} > sec:")
        w.emit(indent + 2, f"sec = {s[2]}")
        w.emit(indent + 1, "v = top - sec")


def _combine(
    w: Writer, speakers: Sequence[tuple[str, Sequence[str], str, Sequence[bool]]], question: int, answer: str
) -> None:
    """Lines that set one question's combined scores ``n<question>`` (a tuple, or ``None``),
    its answer and its confidence ``z<question>`` as ``combine`` computes them, from the
    frameworks that list an option of it (``(weight, scores, choice, listed)`` each; the others
    never speak)."""
    n, z = f"n{question}", f"z{question}"
    # An option every such framework lists has the speaking weight as its total (the same sums
    # in the same order), which is above 0 wherever anyone speaks: no total of its own, no test.
    everywhere = [bool(speakers) and all(listed[i] for _, _, _, listed in speakers) for i in range(3)]
    total = ["sp" if everywhere[i] else f"o{i}" for i in range(3)]
    for i in range(3):
        if not everywhere[i]:
            w.emit(1, f"o{i} = 0.0")
        w.emit(1, f"q{i} = 0.0")
    w.emit(1, "sp = 0.0")
    for weight, scores, choice, listed in speakers:
        w.emit(1, f"if {choice} >= 0 and {weight} > 0.0:")
        w.emit(2, f"sp += {weight}")
        for i in range(3):
            if listed[i]:
                if not everywhere[i]:
                    w.emit(2, f"o{i} += {weight}")
                w.emit(2, f"q{i} += {weight} * {scores[i]}")
    w.emit(1, "if sp <= 0.0:")
    w.emit(2, f"{n} = None")
    w.emit(2, f"{answer} = {int(NO_SPEAKERS)}")
    w.emit(2, f"{z} = 0.0")
    w.emit(1, "else:")
    for i in range(3):
        if everywhere[i]:
            w.emit(2, f"q{i} = q{i} / sp")
        else:
            w.emit(2, f"q{i} = q{i} / o{i} if o{i} > 0.0 else 0.0")
    w.emit(2, "u = q0 + q1 + q2")
    g = [f"g{3 * question + i}" for i in range(3)]
    for i in range(3):
        w.emit(2, f"{g[i]} = q{i} / u")
    w.emit(2, f"{n} = ({', '.join(g)})")
    _top_two_known(w, g, [None if everywhere[i] else f"{total[i]} > 0.0" for i in range(3)])
    w.emit(2, f"if v < {_TIE}:")
    w.emit(3, f"{answer} = {int(COMBINED_TIE)}")
    w.emit(3, f"{z} = 0.0")
    w.emit(2, "else:")
    w.emit(3, "agree = 0.0")
    for weight, _, choice, _ in speakers:
        w.emit(3, f"if {choice} == b and {weight} > 0.0:")
        w.emit(4, f"agree += {weight}")
    w.emit(3, "u = (2.0 * agree - sp) / sp")  # consensus, before max(0.0, .)
    w.emit(3, "u = u if u > 0.0 else 0.0")
    w.emit(3, "v = v / top * u")  # sharpness * consensus
    w.emit(3, "v = v if v < 1.0 else 1.0")
    w.emit(3, f"{z} = v if v > 0.0 else 0.0")
    w.emit(3, f"{answer} = b")


def _top_two_known(w: Writer, g: Sequence[str], guards: Sequence[str | None]) -> None:
    """Lines that set ``b``, ``top`` and ``v`` as ``_top_two`` does over the options whose
    ``guards`` hold at run time (``None``: listed wherever anyone speaks), leaving out the
    tests whose outcome is known when the code is written."""
    w.emit(2, "b = -1")
    w.emit(2, "hs = 0")
    w.emit(2, "top = 0.0")
    w.emit(2, "sec = 0.0")
    best, second = "none", "none"  # whether b >= 0 and hs == 1: "none", "some" (known) or "maybe"
    for i, guard in enumerate(guards):
        indent = 2
        if guard is not None:
            w.emit(2, f"if {guard}:")
            indent = 3
        if best == "none":
            w.emit(indent, f"b = {i}")
            w.emit(indent, f"top = {g[i]}")
        else:
            if best == "maybe":
                w.emit(indent, "if b < 0:")
                w.emit(indent + 1, f"b = {i}")
                w.emit(indent + 1, f"top = {g[i]}")
                w.emit(indent, f"elif {g[i]} > top:")
            else:
                w.emit(indent, f"if {g[i]} > top:")
            for line in ("sec = top", "hs = 1", f"b = {i}", f"top = {g[i]}"):
                w.emit(indent + 1, line)
            if second == "none":
                w.emit(indent, "else:")
            elif second == "some":
                w.emit(indent, f"elif {g[i]} > sec:")
            else:
                w.emit(indent, f"elif hs == 0 or {g[i]} > sec:")
            w.emit(indent + 1, f"sec = {g[i]}")
            w.emit(indent + 1, "hs = 1")
            sure = guard is None and best == "some"
            second = "some" if sure or second == "some" else "maybe"
        best = "some" if guard is None or best == "some" else "maybe"
    if second == "some":
        w.emit(2, "v = top - sec")
    else:
        w.emit(2, "v = top - sec if hs else top")


def compile_panel(plans: Sequence[Plan]) -> Panel:
    """The generated panel of these plans, compiled."""
    panel: Panel = build(panel_source(plans), "panel")
    return panel


def interpreted_panel(plans: Sequence[Plan]) -> Panel:
    """A panel of these plans that compiles nothing: it runs the reference functions (the plans'
    closures, ``decide`` and ``combine``) and returns what the compiled panel returns."""

    def panel(x: Sequence[Any], s: Sequence[float], w: Sequence[float]) -> tuple[Any, ...]:
        inputs = dict(zip(NUMERIC, x, strict=True))
        frames = []
        questions: tuple[tuple[list[Any], list[Any], list[Any]], ...] = (([], [], []), ([], [], []))
        for plan in plans:
            degrees, evidence, moved = evaluate_steps(plan, inputs, s)
            frame: list[Any] = [degrees, evidence]
            for (scores, choices, listed), lo in ((questions[0], 0), (questions[1], 3)):
                answer, choice = decide(evidence[lo : lo + 3], moved[lo : lo + 3], plan.listed[lo : lo + 3])
                frame += [answer, choice]
                scores.append(answer)
                choices.append(choice)
                listed.append(plan.listed[lo : lo + 3])
            frames.append(tuple(frame))
        return (*frames, combine(*questions[0], w) + combine(*questions[1], w))

    return panel


#: Calls of a set of frameworks answered by :func:`interpreted_panel` before its panel is
#: compiled: compiling (about 10 ms for the built-ins) pays only over several calls, so a
#: process that recommends once (the CLI) never compiles.
WARM_UP = 2
#: Sets of frameworks kept, with their calls so far and compiled panel (oldest dropped first).
MAX_PANELS = 64
_PANELS: dict[tuple[int, ...], list[Any]] = {}
_LOCK = threading.Lock()


def panel_for(plans: Sequence[Plan]) -> tuple[Panel, bool]:
    """The panel of these plans, and whether it is the compiled one: :func:`interpreted_panel`
    for the first :data:`WARM_UP` calls of a set, then the compiled panel. Sets are kept by
    the plans' identity, with the plans themselves, so a key never outlives what it names."""
    key = tuple(id(p) for p in plans)
    entry = _PANELS.get(key)
    if entry is None:
        with _LOCK:
            while len(_PANELS) >= MAX_PANELS:
                del _PANELS[next(iter(_PANELS))]
            entry = _PANELS.setdefault(key, [tuple(plans), 0, None])
    if entry[2] is not None:
        return entry[2], True
    entry[1] += 1
    if entry[1] <= WARM_UP:
        return interpreted_panel(entry[0]), False
    panel = entry[2] = compile_panel(entry[0])
    return panel, True
