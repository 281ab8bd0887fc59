"""Building an explanation of a recommendation: from the trace :func:`~rolemodel.recommend`
kept of its run (or from its verdicts), with the facts each framework's compile worked out.

An explanation from :func:`build_explanation` is complete on its cheap fields (the answers,
scores, confidences, reasons, assumptions) at once; its per-framework parts, the cases of its
answers and its dissent are built together the first time one of them is read (see
:class:`~rolemodel._explain.Explanation`), so asking for an explanation costs little until it
is read. What it holds is the same either way (``tests/test_explain_speed_identical.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Container, Mapping, Sequence
from itertools import compress
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from rolemodel._engine import REASONS, ROLES, STAFFING, Facts
from rolemodel._errors import RoleModelError
from rolemodel._explain import Answer, Contribution, Explanation, FrameworkExplanation, Input, RoleCase
from rolemodel._model import Framework, Role, Staffing
from rolemodel._profile import FACTORS, MATURE_FULL, MATURE_START, STARTUP_FULL, STARTUP_GONE, Profile

if TYPE_CHECKING:
    from rolemodel._result import Recommendation, Trace, Verdict

__all__ = ["build_explanation"]

_new = object.__new__
_set = object.__setattr__

# -- building an explanation ---------------------------------------------------------------------


class _Part(NamedTuple):
    """One framework's part in a recommendation: what its explanation is built from."""

    id: str
    facts: Facts
    weight: float
    degrees: Sequence[float]
    evidence: Sequence[float]
    role: Role | None
    scores: dict[Role, float]
    reason: str
    staffing: Staffing | None
    staffing_scores: dict[Staffing, float]
    staffing_reason: str
    stance: tuple[str, ...]


# a part without the NamedTuple's own __new__ (a Python function): the tuple's, in C
_part: Callable[[tuple[Any, ...]], _Part] = functools.partial(tuple.__new__, _Part)

#: Every factor's value in a profile, in the order of :data:`~rolemodel.FACTORS`.
_factor_values = attrgetter(*FACTORS)

_STAGE_NOTE = (
    f"(calibration: wholly a startup up to {STARTUP_FULL:g} employees, fading out by "
    f"{STARTUP_GONE:g}; wholly mature from {MATURE_FULL:g}, fading in from {MATURE_START:g}); "
    "give stage to replace it"
)


def _stage_note(stage: str, company_size: int) -> str:
    """The assumption made when the stage is derived from headcount."""
    return f"stage {stage}: derived from company_size={company_size} {_STAGE_NOTE}"


def build_explanation(rec: Recommendation) -> Explanation:
    """The explanation of ``rec``, from the rule degrees its run recorded.

    Its answers, scores, confidences, reasons and assumptions are set at once; its frameworks,
    cases and dissent are built together when one of them is first read."""
    profile = rec.profile
    # the factors' inputs, each made when first read; the stage's here, as the note needs it
    if profile.stage is None:
        stage = profile.effective_stage.value
        inputs = {"stage": Input("stage", f"{stage} (assumed: derived from company_size)")}
        assumptions: tuple[str, ...] = (_stage_note(stage, profile.company_size),)
    else:
        inputs = {"stage": Input("stage", profile.stage.value)}
        assumptions = ()
    scores, staffing_scores = dict(rec.scores), dict(rec.staffing_scores)
    explanation = _new(Explanation)
    # the fields set at once, in their order; LAZY_FIELDS are _parts_when_read's (see
    # Explanation.__getattr__)
    _set(
        explanation,
        "__dict__",
        {
            "role": rec.role,
            "scores": scores,
            "confidence": rec.confidence,
            "staffing": rec.staffing,
            "staffing_scores": staffing_scores,
            "staffing_confidence": rec.staffing_confidence,
            "reason": rec.reason,
            "staffing_reason": rec.staffing_reason,
            "assumptions": assumptions,
            "_build": functools.partial(_parts_when_read, rec, scores, staffing_scores, inputs),
        },
    )
    return explanation


def _parts_when_read(
    rec: Recommendation,
    scores: dict[Role, float],
    staffing_scores: dict[Staffing, float],
    inputs: dict[str, Input],
) -> dict[str, Any]:
    """The fields of ``rec``'s explanation that are built when first read: each framework's
    part, the cases of both questions, and the dissent."""
    trace = rec._trace
    role, staffing = rec.role, rec.staffing
    if trace is not None:
        parts = _parts_of_trace(trace)
        dissent = (
            () if role is None else tuple([p.id for p in parts if p.role is not None and p.role is not role])
        )
        staffing_dissent = (
            ()
            if staffing is None
            else tuple([p.id for p in parts if p.staffing is not None and p.staffing is not staffing])
        )
    else:
        parts = _parts_of_verdicts(rec.verdicts)
        dissent, staffing_dissent = rec.dissent, rec.staffing_dissent
    profile = rec.profile
    missing = {name for name, value in zip(FACTORS, _factor_values(profile), strict=True) if value is None}
    scales = _share_scales(parts)
    counted: dict[str, list[Contribution]] = {}
    frameworks = tuple([_framework_explanation(p, profile, missing, scales, inputs, counted) for p in parts])
    winner, losers = _cases(role, scores, dissent, parts, frameworks, counted, True)
    s_winner, s_losers = _cases(
        staffing, staffing_scores, staffing_dissent, parts, frameworks, counted, False
    )
    return {
        "frameworks": frameworks,
        "winner": winner,
        "losers": losers,
        "dissent": dissent,
        "staffing_winner": s_winner,
        "staffing_losers": s_losers,
        "staffing_dissent": staffing_dissent,
    }


# -- each framework's part -----------------------------------------------------------------------


def _facts_of(framework: Framework) -> Facts:
    """What explanations need of ``framework``, worked out when it was compiled."""
    facts = framework._plan.facts
    assert facts is not None  # compile_framework always sets them
    return facts


def _parts_of_trace(trace: Trace) -> list[_Part]:
    """Each framework's part, read straight from a fresh recommendation's trace (the values its
    verdicts would hold; see :func:`rolemodel._result.verdicts_of`)."""
    frameworks, weights, out = trace
    why = REASONS.get
    m, le, g = ROLES
    one, split, conv = STAFFING
    parts = []
    for framework, weight, (degrees, evidence, r, choice, s, s_choice) in zip(
        frameworks, weights, out[:-1], strict=True
    ):
        plan = framework._plan
        listed = plan.listed
        facts = plan.facts
        assert facts is not None  # compile_framework always sets them
        parts.append(
            _part(
                (
                    framework.id,
                    facts,
                    weight,
                    degrees,
                    evidence,
                    ROLES[choice] if choice >= 0 else None,
                    {m: r[0], le: r[1], g: r[2]},
                    why(choice, ""),
                    STAFFING[s_choice] if s_choice >= 0 else None,
                    {one: s[0], split: s[1], conv: s[2]} if listed[3] or listed[4] or listed[5] else {},
                    why(s_choice, ""),
                    plan.stances,
                )
            )
        )
    return parts


def _parts_of_verdicts(verdicts: Sequence[Verdict]) -> list[_Part]:
    """Each framework's part, from verdicts that carry their framework and rule degrees."""
    parts = []
    for v in verdicts:
        framework = v._framework_obj
        if framework is None:  # pragma: no cover - restored recommendations carry their explanation
            raise RoleModelError(f"framework {v.framework!r}: no rule trace to explain")
        parts.append(
            _Part(
                v.framework,
                _facts_of(framework),
                v.weight,
                v._degrees,
                v._evidence,
                v.role,
                dict(v.scores),
                v.reason,
                v.staffing,
                dict(v.staffing_scores),
                v.staffing_reason,
                v.stance,
            )
        )
    return parts


def _share_scales(parts: Sequence[_Part]) -> dict[str, float]:
    """Per answer, what one unit of ``weight * score`` in a speaking framework is of the
    combined score (0 where no framework that speaks on the question knows the answer).

    Keyed by the answers themselves: a member of a ``StrEnum`` is found by its value."""
    out: dict[str, float] = {}
    for (a0, a1, a2), is_role in ((ROLES, True), (STAFFING, False)):
        # per answer, the weights of the speaking frameworks that list it, and weight * score
        w0: list[float] = []
        w1: list[float] = []
        w2: list[float] = []
        s0: list[float] = []
        s1: list[float] = []
        s2: list[float] = []
        for p in parts:
            weight = p.weight
            if (p.role if is_role else p.staffing) is None or not weight > 0:
                continue
            l0, l1, l2 = p.facts.role_listed if is_role else p.facts.staffing_listed
            scores: Mapping[Any, float] = p.scores if is_role else p.staffing_scores
            if l0:
                w0.append(weight)
                s0.append(weight * scores[a0])
            if l1:
                w1.append(weight)
                s1.append(weight * scores[a1])
            if l2:
                w2.append(weight)
                s2.append(weight * scores[a2])
        t0, t1, t2 = sum(w0), sum(w1), sum(w2)
        norm = sum(
            [
                sum(s0) / t0 if t0 > 0 else 0.0,
                sum(s1) / t1 if t1 > 0 else 0.0,
                sum(s2) / t2 if t2 > 0 else 0.0,
            ]
        )
        out[a0] = 1.0 / (t0 * norm) if t0 > 0 and norm > 0 else 0.0
        out[a1] = 1.0 / (t1 * norm) if t1 > 0 and norm > 0 else 0.0
        out[a2] = 1.0 / (t2 * norm) if t2 > 0 and norm > 0 else 0.0
    return out


def _framework_explanation(
    part: _Part,
    profile: Profile,
    missing: Container[str],
    scales: Mapping[str, float],
    inputs: dict[str, Input],
    counted: dict[str, list[Contribution]],
) -> FrameworkExplanation:
    """One framework's explanation. Its counted contributions are added to ``counted`` (by
    target, strongest first); ``inputs`` keeps the factors' :class:`Input` for the others;
    ``missing`` names the factors the profile does not give."""
    _, facts, weight, degrees, evidence, role, scores, reason, staffing, staffing_scores, why, stance = part
    # per kind of target: whether its rules count, and the evidence their shares divide
    questions = {
        "role": (role is not None and weight > 0, sum(evidence[:3])),
        "staffing": (staffing is not None and weight > 0, sum(evidence[3:])),
        "concept": (True, 0.0),  # counted, but no share: a concept is no answer
    }
    # what the rules into each concept add up to, capped at 1 as they are added, in rule order
    concepts: dict[str, float] = {}
    for i, concept, rule_weight in facts.concept_rules:
        concepts[concept] = min(1.0, concepts.get(concept, 0.0) + rule_weight * degrees[i])
    concept_inputs: dict[str, Input] = {}
    ranked: list[tuple[bool, float, int, Contribution]] = []
    # one degree per rule, by construction (zip(strict=True) costs more than the loop it drives)
    for rule, degree in compress(zip(facts.rules, degrees), degrees):  # noqa: B905
        is_counted, total = questions[rule.kind]
        share = (
            weight * rule.weight * degree / total * scales[rule.target] if is_counted and total > 0 else None
        )
        reads = []
        for source, name in rule.reads:
            if source == "concept":
                read = concept_inputs.get(name)
                if read is None:
                    read = concept_inputs[name] = Input(name, round(concepts.get(name, 0.0), 6), "concept")
            else:
                read = inputs.get(name)
                if read is None:
                    read = inputs[name] = Input(name, getattr(profile, name))
            reads.append(read)
        evidence_of = rule.weight * degree
        fields = rule.template.copy()
        fields["reads"] = tuple(reads)
        fields["degree"] = degree
        fields["evidence"] = evidence_of
        fields["share"] = share
        fields["counted"] = is_counted
        # the template holds every field, in order, and none has a converter or a validator:
        # attrs' __init__ would only copy them again, one by one
        contribution = _new(Contribution)
        _set(contribution, "__dict__", fields)
        ranked.append((share is None, -(share or evidence_of), len(ranked), contribution))
    ranked.sort()  # the largest share first, then the rules without one by evidence; ties in rule order
    contributions = tuple([r[3] for r in ranked])
    for c in contributions:
        if c.counted:
            counted.setdefault(c.target, []).append(c)
    return FrameworkExplanation(
        facts.framework,
        facts.title,
        facts.author,
        facts.source,
        role,
        scores,
        weight,
        contributions,
        tuple([name for name in facts.factors if name in missing]),
        reason,
        staffing,
        staffing_scores,
        why,
        stance,
    )


# -- the cases of a question ---------------------------------------------------------------------


def _by_share(c: Contribution) -> float:
    return -(c.share or 0.0)


def _cases(
    answer: Answer | None,
    scores: Mapping[Any, float],
    dissent: tuple[str, ...],
    parts: Sequence[_Part],
    frameworks: tuple[FrameworkExplanation, ...],
    counted: Mapping[str, list[Contribution]],
    is_role: bool,
) -> tuple[RoleCase | None, tuple[RoleCase, ...]]:
    """The winner's case and the losers' cases of one question (no cases when no answer): each
    answer's score and gap, the frameworks whose verdict it is, the speaking frameworks that do
    not list it, and its five strongest counted rules."""
    if answer is None:
        return None, ()
    favoured: dict[Answer, list[str]] = {}
    for f in frameworks:
        verdict = f.role if is_role else f.staffing
        if verdict is not None:
            favoured.setdefault(verdict, []).append(f.framework)
    silent: dict[Answer, list[str]] = {}
    for p in parts:
        if (p.role if is_role else p.staffing) is not None:
            for option in p.facts.role_unlisted if is_role else p.facts.staffing_unlisted:
                silent.setdefault(option, []).append(p.id)
    top = scores[answer]
    # highest score first, ties in their order (a stable sort, as with the key -score)
    ranked = [k for k, _ in sorted(scores.items(), key=itemgetter(1), reverse=True) if k is not answer]
    cases = []
    for option in (answer, *ranked):
        by = favoured.get(option)
        not_in = silent.get(option)
        into = counted.get(option)
        reasons = tuple(sorted(into, key=_by_share)[:5]) if into else ()
        score = scores[option]
        gap = top - score
        names = ", ".join(by) if by else "no framework"
        if option is answer:
            summary = f"it scores {score:.2f}; the verdict of {names}" + (
                f"; {len(dissent)} framework(s) dissent" if dissent else ""
            )
        else:
            summary = f"it scores {score:.2f}, {gap:.2f} behind {answer.value}; the verdict of {names}"
        if not_in:
            summary += f"; not an answer in {', '.join(not_in)}"
        if not reasons:
            summary += "; no rule for it fired, only baselines"
        cases.append(
            RoleCase(
                option, score, gap, tuple(by) if by else (), tuple(not_in) if not_in else (), reasons, summary
            )
        )
    return cases[0], tuple(cases[1:])
