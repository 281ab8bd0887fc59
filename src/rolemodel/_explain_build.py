"""Building an explanation of a recommendation: from the trace :func:`~rolemodel.recommend`
kept of its run (or from its verdicts), with the facts each framework's compile worked out.

An explanation from :func:`build_explanation` is complete on its cheap fields (the answers,
scores, confidences, reasons, assumptions) at once; its per-framework parts, the cases of its
answers and its dissent are built together the first time one of them is read (see
:class:`~rolemodel._explain.Explanation`), so asking for an explanation costs little until it
is read. What it holds is the same either way (``tests/test_explain_speed_identical.py``).

The builder makes its values through a :class:`_Shape`: as the explanation's objects
(:data:`OBJECTS`), or as their JSON form (:data:`JSON`), which is what
:meth:`Explanation.to_dict <rolemodel._explain.Explanation.to_dict>` returns for an explanation
never read: the same dicts, lists and values that converting the objects gives, without making
the objects first. Each JSON value is new, none shared with another part of the same form.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from itertools import compress
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from rolemodel._engine import REASONS, ROLES, STAFFING, Facts
from rolemodel._errors import RoleModelError
from rolemodel._explain import Answer, Contribution, Explanation, FrameworkExplanation, Input, RoleCase
from rolemodel._model import Citation, Framework, Role, Staffing
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


class _Shape(NamedTuple):
    """How :func:`_parts_when_read` makes the values of an explanation: as objects or as the
    JSON form of them (see :data:`OBJECTS` and :data:`JSON`)."""

    #: ``(name, value, kind)``: a value a rule read (one made per name and explanation)
    input: Callable[[str, Any, str], Any]
    #: ``(fields, reads)``: a contribution from a copy of its rule's template, filled in
    contribution: Callable[[dict[str, Any], list[Any]], Any]
    #: ``(facts, part, contributions, not_given)``: one framework's part
    framework: Callable[[Facts, _Part, list[Any], list[str]], Any]
    #: ``(answer, score, gap, favoured_by, silent, reasons, summary)``: one answer's case
    case: Callable[..., Any]
    #: a sequence of values, as the shape holds it (a tuple, or a list)
    seq: Callable[[Iterable[Any]], Sequence[Any]]


def _contribution(fields: dict[str, Any], reads: list[Input]) -> Contribution:
    fields["reads"] = tuple(reads)
    # the template holds every field, in order, and none has a converter or a validator:
    # attrs' __init__ would only copy them again, one by one
    contribution = _new(Contribution)
    _set(contribution, "__dict__", fields)
    return contribution


def _framework(
    facts: Facts, part: _Part, contributions: list[Any], not_given: list[str]
) -> FrameworkExplanation:
    _, _, weight, _, _, role, scores, reason, staffing, staffing_scores, why, stance = part
    return FrameworkExplanation(
        facts.framework,
        facts.title,
        facts.author,
        facts.source,
        role,
        scores,
        weight,
        tuple(contributions),
        tuple(not_given),
        reason,
        staffing,
        staffing_scores,
        why,
        stance,
    )


def _case(
    answer: Answer,
    score: float,
    gap: float,
    by: list[str] | None,
    silent: list[str] | None,
    reasons: list[Any],
    summary: str,
) -> RoleCase:
    return RoleCase(
        answer, score, gap, tuple(by) if by else (), tuple(silent) if silent else (), tuple(reasons), summary
    )


#: The explanation's own values: :class:`Input`, :class:`Contribution` ... (a read input is one
#: object, shared by the contributions that read it: the objects are frozen).
OBJECTS = _Shape(Input, _contribution, _framework, _case, tuple)


def _input_json(name: str, value: Any, kind: str) -> dict[str, Any]:
    return {"name": name, "value": value, "kind": kind}


def _citation_json(citation: Citation) -> dict[str, str]:
    return {"source": citation.source, "quote": citation.quote}


def _contribution_json(fields: dict[str, Any], reads: list[dict[str, Any]]) -> dict[str, Any]:
    fields["reads"] = [read.copy() for read in reads]
    fields["citation"] = _citation_json(fields["citation"])
    return fields


def _copy_contribution_json(c: dict[str, Any]) -> dict[str, Any]:
    out = c.copy()
    out["reads"] = [read.copy() for read in c["reads"]]
    out["citation"] = c["citation"].copy()
    return out


def _framework_json(
    facts: Facts, part: _Part, contributions: list[Any], not_given: list[str]
) -> dict[str, Any]:
    _, _, weight, _, _, role, scores, reason, staffing, staffing_scores, why, stance = part
    return {
        "framework": facts.framework,
        "title": facts.title,
        "author": facts.author,
        "source": facts.source,
        "role": role,
        "scores": scores,
        "weight": weight,
        "contributions": contributions,
        "not_given": not_given,
        "reason": reason,
        "staffing": staffing,
        "staffing_scores": staffing_scores,
        "staffing_reason": why,
        "stance": list(stance),
    }


def _case_json(
    answer: Answer,
    score: float,
    gap: float,
    by: list[str] | None,
    silent: list[str] | None,
    reasons: list[Any],
    summary: str,
) -> dict[str, Any]:
    return {
        "role": answer,
        "score": score,
        "gap": gap,
        "favoured_by": by or [],
        "silent": silent or [],
        # a case's reasons are also in their framework's contributions: copies, not the same dicts
        "reasons": [_copy_contribution_json(c) for c in reasons],
        "summary": summary,
    }


#: The JSON form of those values, as :meth:`Explanation.to_dict` writes it: dicts and lists,
#: every one new (none shared by two places of the form).
JSON = _Shape(_input_json, _contribution_json, _framework_json, _case_json, list)

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
    # the stage's input is made here, as the note needs it; the factors' when first read
    if profile.stage is None:
        stage = profile.effective_stage.value
        stage_input = f"{stage} (assumed: derived from company_size)"
        assumptions: tuple[str, ...] = (_stage_note(stage, profile.company_size),)
    else:
        stage_input = profile.stage.value
        assumptions = ()
    scores, staffing_scores = dict(rec.scores), dict(rec.staffing_scores)
    explanation = _new(Explanation)
    # the fields set at once, in their order; LAZY_FIELDS are _parts_when_read's (see
    # Explanation.__getattr__ and Explanation.to_dict)
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
            "_build": functools.partial(_parts_when_read, rec, scores, staffing_scores, stage_input),
        },
    )
    return explanation


def _parts_when_read(
    rec: Recommendation,
    scores: dict[Role, float],
    staffing_scores: dict[Staffing, float],
    stage_input: str,
    as_json: bool = False,
) -> dict[str, Any]:
    """The fields of ``rec``'s explanation that are built when first read: each framework's
    part, the cases of both questions, and the dissent; as the explanation's objects, or with
    ``as_json`` in their JSON form (see :data:`JSON`)."""
    shape = JSON if as_json else OBJECTS
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
    inputs = {"stage": shape.input("stage", stage_input, "factor")}
    counted: dict[str, list[tuple[float, Any]]] = {}
    frameworks = [_framework_explanation(p, profile, missing, scales, inputs, counted, shape) for p in parts]
    winner, losers = _cases(role, scores, dissent, parts, counted, True, shape)
    s_winner, s_losers = _cases(staffing, staffing_scores, staffing_dissent, parts, counted, False, shape)
    seq = shape.seq
    return {
        "frameworks": seq(frameworks),
        "winner": winner,
        "losers": losers,
        "dissent": seq(dissent),
        "staffing_winner": s_winner,
        "staffing_losers": s_losers,
        "staffing_dissent": seq(staffing_dissent),
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
    inputs: dict[str, Any],
    counted: dict[str, list[tuple[float, Any]]],
    shape: _Shape,
) -> Any:
    """One framework's explanation, made by ``shape``. Its counted contributions are added to
    ``counted`` (by target, strongest first, each with its sort key: ``-share``); ``inputs``
    keeps the factors' inputs for the others; ``missing`` names the factors the profile does
    not give."""
    facts, weight, degrees, evidence, role, staffing = (
        part.facts,
        part.weight,
        part.degrees,
        part.evidence,
        part.role,
        part.staffing,
    )
    # per question (role, staffing, concept: RuleFacts.question): whether its rules count, and
    # the evidence their shares divide (a concept's count, but have no share: it is no answer)
    counts = (role is not None and weight > 0, staffing is not None and weight > 0, True)
    totals = (sum(evidence[:3]), sum(evidence[3:]), 0.0)
    # what the rules into each concept add up to, capped at 1 as they are added, in rule order
    concepts: dict[str, float] = {}
    for i, concept, rule_weight in facts.concept_rules:
        concepts[concept] = min(1.0, concepts.get(concept, 0.0) + rule_weight * degrees[i])
    concept_inputs: dict[str, Any] = {}
    make_input, make_contribution = shape.input, shape.contribution
    ranked: list[tuple[bool, float, int, float | None, str, bool, Any]] = []
    # one degree per rule, by construction (zip(strict=True) costs more than the loop it drives)
    for (question, target, rule_weight, rule_reads, template), degree in compress(
        zip(facts.rules, degrees),  # noqa: B905
        degrees,
    ):
        is_counted = counts[question]
        total = totals[question]
        share = weight * rule_weight * degree / total * scales[target] if is_counted and total > 0 else None
        reads = []
        for source, name in rule_reads:
            if source == "concept":
                read = concept_inputs.get(name)
                if read is None:
                    value = round(concepts.get(name, 0.0), 6)
                    read = concept_inputs[name] = make_input(name, value, "concept")
            else:
                read = inputs.get(name)
                if read is None:
                    read = inputs[name] = make_input(name, getattr(profile, name), "factor")
            reads.append(read)
        evidence_of = rule_weight * degree
        fields = template.copy()
        fields["degree"] = degree
        fields["evidence"] = evidence_of
        fields["share"] = share
        fields["counted"] = is_counted
        contribution = make_contribution(fields, reads)
        ranked.append(
            (share is None, -(share or evidence_of), len(ranked), share, target, is_counted, contribution)
        )
    # the largest share first, then the rules without one by evidence; ties in rule order
    ranked.sort(key=_RANK)
    for _, _, _, share, target, is_counted, contribution in ranked:
        if is_counted:
            counted.setdefault(target, []).append((-(share or 0.0), contribution))
    not_given = [name for name in facts.factors if name in missing]
    return shape.framework(facts, part, [r[6] for r in ranked], not_given)


_RANK = itemgetter(0, 1, 2)


# -- the cases of a question ---------------------------------------------------------------------


def _cases(
    answer: Answer | None,
    scores: Mapping[Any, float],
    dissent: Sequence[str],
    parts: Sequence[_Part],
    counted: Mapping[str, list[tuple[float, Any]]],
    is_role: bool,
    shape: _Shape,
) -> tuple[Any, Sequence[Any]]:
    """The winner's case and the losers' cases of one question (no cases when no answer): each
    answer's score and gap, the frameworks whose verdict it is, the speaking frameworks that do
    not list it, and its five strongest counted rules."""
    if answer is None:
        return None, shape.seq(())
    favoured: dict[Answer, list[str]] = {}
    silent: dict[Answer, list[str]] = {}
    for p in parts:
        verdict = p.role if is_role else p.staffing
        if verdict is not None:
            favoured.setdefault(verdict, []).append(p.id)
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
        # the largest share first (a stable sort: ties in the frameworks' order)
        reasons = [c for _, c in sorted(into, key=itemgetter(0))[:5]] if into else []
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
        cases.append(shape.case(option, score, gap, by, not_in, reasons, summary))
    return cases[0], shape.seq(cases[1:])
