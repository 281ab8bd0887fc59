"""Compile a framework once into a plan; evaluate a profile on it; combine the verdicts.

A framework answers two questions: the **role** (``management``, ``leadership``,
``growth_leader``: what the sales organisation needs most now) and the **staffing**
(``single``, ``split``, ``converged``: who holds the roles). Both are evaluated in one pass over
the same plan; the six answers are the plan's *outcomes* (roles first, then staffing).

**Evidence.** A rule's condition gives a degree in [0, 1]; the rule adds ``weight * degree``
to its target. A concept's activation is the sum into it, capped at 1. An outcome's evidence
in a framework is its baseline plus the sum into it. A rule is a *stance* when it reads
nothing of the profile (``always``, or only concepts fed by stances): the article's standing
claim, which counts in the scores but is not evidence about this company.

**Verdict.** Per question, a framework's scores are its options' evidence divided by their
sum (options the article does not list score 0). It *abstains* (no answer, with the reason)
when it lists no option of the question, when no rule that reads the profile moved that
question, or when its top two scores are within :data:`TIE_MARGIN`.

**Combination.** Per question, only the frameworks that gave a verdict take part. An option's
raw score is the weighted mean of its scores in the speaking frameworks that list it (a
framework is silent on an option its article does not know); the raw scores are then scaled
to sum to 1. The answer is the top option; when every framework abstains, or the top two are
within :data:`TIE_MARGIN`, there is no answer. The confidence is ``sharpness * consensus``:
``sharpness`` is ``(top - second) / top`` of the combined scores; ``consensus`` is the weighted
share of speaking frameworks whose verdict is the answer, less the share that dissents
(``max(0, agree - dissent)``), so that one dissenting article out of two leaves no confidence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import attrs

from rolemodel._codegen import build, generate
from rolemodel._errors import RoleModelError, did_you_mean
from rolemodel._graph import evaluation_order, target_kind
from rolemodel._model import (
    AllOf,
    Always,
    AnyOf,
    Condition,
    Framework,
    Ramp,
    Role,
    Staffing,
    Stage,
    StageIs,
    condition_reads,
    walk_condition,
)
from rolemodel._profile import FACTORS, Profile, shown_value

__all__ = [
    "NUMERIC",
    "OUTCOMES",
    "REASONS",
    "ROLES",
    "STAFFING",
    "TIE_MARGIN",
    "Facts",
    "Plan",
    "RuleFacts",
    "build",
    "combine",
    "compile_framework",
    "decide",
    "evaluate",
    "evaluate_steps",
    "generate",
    "profile_inputs",
    "profile_values",
    "reason",
]

ROLES: tuple[Role, ...] = tuple(Role)
STAFFING: tuple[Staffing, ...] = tuple(Staffing)
#: The six answers a plan scores: the three roles, then the three staffing options.
OUTCOMES: tuple[str, ...] = (*(r.value for r in ROLES), *(s.value for s in STAFFING))
_OUTCOME_INDEX = {name: i for i, name in enumerate(OUTCOMES)}
_STAGE_INDEX = {stage: i for i, stage in enumerate(Stage)}
#: The numeric factors, in the order a plan's generated function reads them.
NUMERIC: tuple[str, ...] = tuple(name for name, spec in FACTORS.items() if spec.kind != "stage")
_NUMERIC = NUMERIC
_FACTOR_INDEX = {name: i for i, name in enumerate(NUMERIC)}
#: The indices (in :data:`NUMERIC`) of the factors every profile has.
REQUIRED_INDICES = frozenset(i for name, i in _FACTOR_INDEX.items() if FACTORS[name].required)

#: Top two scores closer than this are a tie: no verdict (library calibration).
TIE_MARGIN = 0.02

# Why there is no answer, by the negative code that :func:`decide` and :func:`combine` return
# in place of an answer's index (both backends use the same codes).
SILENT, NO_EVIDENCE, TIED, NO_SPEAKERS, COMBINED_TIE = -1, -2, -3, -4, -5
ABSTAIN_SILENT = "the article does not speak to this question"
ABSTAIN_NO_EVIDENCE = "nothing in the profile moved it: only its baselines and standing claims count"
ABSTAIN_TIE = f"its top two answers are tied (within {TIE_MARGIN:g})"
REASONS: Mapping[int, str] = {
    SILENT: ABSTAIN_SILENT,
    NO_EVIDENCE: ABSTAIN_NO_EVIDENCE,
    TIED: ABSTAIN_TIE,
    NO_SPEAKERS: "every framework abstains on this question",
    COMBINED_TIE: f"the speaking frameworks' combined scores tie (within {TIE_MARGIN:g})",
}


def reason(choice: int) -> str:
    """Why there is no answer, for a negative ``choice`` code ("" for an answer)."""
    return REASONS.get(choice, "")


Inputs = Mapping[str, Any]
Degree = Callable[[Inputs, Sequence[float], Sequence[float]], float]
Six = tuple[float, float, float, float, float, float]
Three = tuple[float, float, float]
Floats = tuple[float, ...]
#: A plan's generated function: ``run(x, s) -> (degrees, evidence, moved)``; see :func:`generate`.
Run = Callable[[Sequence[Any], Sequence[float]], tuple[Floats, Floats, Floats]]


@attrs.frozen
class Step:
    """One rule, compiled: where its degree goes, how much it weighs, whether it is a stance."""

    rule: int
    condition: Condition
    degree: Degree
    to_outcome: bool
    target: int
    weight: float
    stance: bool


#: The fields of a rule's explanation (:class:`rolemodel.Contribution`), in order.
_CONTRIBUTION_FIELDS = (
    "framework",
    "rule",
    "target",
    "condition",
    "reads",
    "degree",
    "weight",
    "evidence",
    "share",
    "says",
    "citation",
    "basis",
    "stance",
    "counted",
)


#: A rule's question, by the kind of its target (:attr:`RuleFacts.question`).
QUESTIONS = {"role": 0, "staffing": 1, "concept": 2}


class RuleFacts(NamedTuple):
    """What an explanation needs of one rule, worked out once: its question (0 the role, 1 the
    staffing, 2 a concept: see :data:`QUESTIONS`), its target and weight, what it reads, and
    ``template``: its contribution's fields by name, in order, those no profile changes filled
    in (the condition's description, what the rule says, its citation, basis and stance ...),
    the others ``None`` (never changed: an explanation copies it). A tuple, so that the
    explanation's loop over the rules that fired unpacks it at once."""

    question: int
    target: str
    weight: float
    reads: tuple[tuple[str, str], ...]
    template: dict[str, Any]


@attrs.frozen
class Facts:
    """What explanations need of a framework, worked out once at compile time: its id and the
    texts that name it, per rule (by index) its :class:`RuleFacts`, the rules into concepts
    (``(index, concept, weight)`` in rule order), per question whether the article lists each
    answer and the answers it does not list, and the factors its ramps read (in first-read
    order)."""

    framework: str
    title: str
    author: str
    source: str
    rules: tuple[RuleFacts, ...]
    concept_rules: tuple[tuple[int, str, float], ...]
    role_listed: tuple[bool, bool, bool]
    staffing_listed: tuple[bool, bool, bool]
    role_unlisted: tuple[Role, ...]
    staffing_unlisted: tuple[Staffing, ...]
    factors: tuple[str, ...]


@attrs.frozen
class Plan:
    """A framework compiled for evaluation: rules in dependency order, as closures, and the
    same steps as one generated straight-line function (``run``; its ``source`` beside it;
    :mod:`rolemodel._panel` compiles several plans' steps into one function).

    ``baselines`` and ``listed`` are per outcome (see :data:`OUTCOMES`); ``stances`` names
    the outcomes the article's unconditional claims push, whatever the profile.
    """

    framework: str
    baselines: Six
    listed: tuple[bool, bool, bool, bool, bool, bool]
    concepts: tuple[str, ...]
    steps: tuple[Step, ...]
    rules: int
    stances: tuple[str, ...]
    source: str = attrs.field(default="", eq=False, repr=False)
    _run: Run | None = attrs.field(default=None, eq=False, repr=False, alias="run")
    facts: Facts | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def run(self) -> Run | None:
        """The generated function, compiled from ``source`` when first asked for (``recommend``
        runs the frameworks' panel instead, so a process that only recommends never compiles it);
        ``None`` for a plan without source."""
        run = self._run
        if run is None and self.source:
            run = build(self.source)
            object.__setattr__(self, "_run", run)
        return run


def compile_framework(framework: Framework) -> Plan:
    """Compile ``framework`` once: order its rules and turn its conditions into closures."""
    concepts = tuple(c.id for c in framework.concepts)
    concept_index = {c: i for i, c in enumerate(concepts)}
    baselines = [0.0] * len(OUTCOMES)
    listed = [False] * len(OUTCOMES)
    for spec in framework.roles:
        baselines[_OUTCOME_INDEX[spec.role.value]] = spec.baseline
        listed[_OUTCOME_INDEX[spec.role.value]] = True
    for option in framework.staffing:
        baselines[_OUTCOME_INDEX[option.staffing.value]] = option.baseline
        listed[_OUTCOME_INDEX[option.staffing.value]] = True
    steps = []
    driven: set[str] = set()  # concepts that some profile-reading rule feeds
    stances: dict[str, None] = {}
    for index in evaluation_order(framework):
        rule = framework.rules[index]
        reads = condition_reads(rule.when)
        stance = all(kind == "concept" and name not in driven for kind, name in reads)
        to_outcome = target_kind(rule.then) != "concept"
        if not stance and not to_outcome:
            driven.add(rule.then)
        if stance and to_outcome:
            stances[rule.then] = None
        target = _OUTCOME_INDEX[rule.then] if to_outcome else concept_index[rule.then]
        steps.append(
            Step(
                index, rule.when, _compile(rule.when, concept_index), to_outcome, target, rule.weight, stance
            )
        )
    source = generate(steps, len(framework.rules), baselines, len(concepts), _FACTOR_INDEX, concept_index)
    return Plan(
        framework=framework.id,
        baselines=_six(baselines),
        listed=(listed[0], listed[1], listed[2], listed[3], listed[4], listed[5]),
        concepts=concepts,
        steps=tuple(steps),
        rules=len(framework.rules),
        stances=tuple(stances),
        source=source,
        facts=_facts(framework, {step.rule for step in steps if step.stance}),
    )


def _facts(framework: Framework, stances: set[int]) -> Facts:
    factors = dict.fromkeys(
        c.name
        for r in framework.rules
        for c in walk_condition(r.when)
        if isinstance(c, Ramp) and c.source == "factor"
    )
    concept_ids = frozenset(c.id for c in framework.concepts)
    role_ids, staffing_ids = framework.role_ids, framework.staffing_ids
    m, le, g = ROLES
    one, split, conv = STAFFING
    rules = []
    for i, rule in enumerate(framework.rules):
        static = {
            "framework": framework.id,
            "rule": rule.id,
            "target": rule.then,
            "condition": rule.when.describe(),
            "weight": rule.weight,
            "says": rule.says,
            "citation": rule.citation,
            "basis": rule.basis,
            "stance": i in stances,
        }
        template = {name: static.get(name) for name in _CONTRIBUTION_FIELDS}
        rules.append(
            RuleFacts(QUESTIONS[target_kind(rule.then)], rule.then, rule.weight, rule.reads, template)
        )
    return Facts(
        framework=framework.id,
        title=framework.title,
        author=framework.author,
        source=framework.source,
        rules=tuple(rules),
        concept_rules=tuple(
            (i, rule.then, rule.weight) for i, rule in enumerate(framework.rules) if rule.then in concept_ids
        ),
        role_listed=(m in role_ids, le in role_ids, g in role_ids),
        staffing_listed=(one in staffing_ids, split in staffing_ids, conv in staffing_ids),
        role_unlisted=tuple(r for r in ROLES if r not in role_ids),
        staffing_unlisted=tuple(s for s in STAFFING if s not in staffing_ids),
        factors=tuple(factors),
    )


def _six(values: Sequence[float]) -> Six:
    return (values[0], values[1], values[2], values[3], values[4], values[5])


def _compile(condition: Condition, concept_index: Mapping[str, int]) -> Degree:
    if isinstance(condition, Always):
        return lambda inputs, stage, concepts: 1.0
    if isinstance(condition, StageIs):
        indices = tuple(_STAGE_INDEX[s] for s in condition.stages)
        return lambda inputs, stage, concepts: min(1.0, sum(stage[i] for i in indices))
    if isinstance(condition, AllOf | AnyOf):
        parts = tuple(_compile(c, concept_index) for c in condition.conditions)
        pick = min if isinstance(condition, AllOf) else max
        return lambda inputs, stage, concepts: pick(p(inputs, stage, concepts) for p in parts)
    assert isinstance(condition, Ramp)
    low, span, rising = condition.low, condition.high - condition.low, condition.rising

    def ramp(x: float | None) -> float:
        if x is None:  # not given: unknown, so the rule does not fire either way
            return 0.0
        t = (x - low) / span
        t = 0.0 if t <= 0.0 else 1.0 if t >= 1.0 else t
        return t if rising else 1.0 - t

    if condition.source == "concept":
        i = concept_index[condition.name]
        return lambda inputs, stage, concepts: ramp(concepts[i])
    name = condition.name
    return lambda inputs, stage, concepts: ramp(inputs[name])


def profile_inputs(profile: Profile) -> dict[str, Any]:
    """The profile's numeric factors by name (``None`` where not given)."""
    return {name: getattr(profile, name) for name in _NUMERIC}


def profile_values(profile: Profile) -> tuple[Any, ...]:
    """The profile's numeric factors in the order of :data:`NUMERIC` (what ``Plan.run`` reads)."""
    return tuple([getattr(profile, name) for name in _NUMERIC])


def evaluate(plan: Plan, inputs: Inputs, stage: Sequence[float]) -> tuple[tuple[float, ...], Six, Six]:
    """Run a plan: every rule's degree (by rule index), each outcome's evidence, and the part
    of that evidence that rules reading the profile added (stances and baselines left out)."""
    if plan.run is not None:
        degrees, evidence, moved = plan.run(tuple([inputs.get(name) for name in _NUMERIC]), stage)
        return degrees, _six(evidence), _six(moved)
    return evaluate_steps(plan, inputs, stage)


def evaluate_steps(plan: Plan, inputs: Inputs, stage: Sequence[float]) -> tuple[tuple[float, ...], Six, Six]:
    """:func:`evaluate` by walking the steps' closures (the reference the generated code equals)."""
    degrees = [0.0] * plan.rules
    concepts = [0.0] * len(plan.concepts)
    evidence = list(plan.baselines)
    moved = [0.0] * len(OUTCOMES)
    for step in plan.steps:
        d = step.degree(inputs, stage, concepts)
        if d:
            degrees[step.rule] = d
            if step.to_outcome:
                evidence[step.target] += step.weight * d
                if not step.stance:
                    moved[step.target] += step.weight * d
            else:
                value = concepts[step.target] + step.weight * d
                concepts[step.target] = value if value < 1.0 else 1.0
    return tuple(degrees), _six(evidence), _six(moved)


def normalise(evidence: Sequence[float], listed: Sequence[bool]) -> Three:
    """One question's evidence -> scores summing to 1 over the options the framework lists
    (all zero when it lists none)."""
    total = evidence[0] + evidence[1] + evidence[2]  # left to right, as every backend adds
    if total <= 0.0:
        count = sum(listed)
        if not count:
            return (0.0, 0.0, 0.0)
        return (listed[0] / count, listed[1] / count, listed[2] / count)
    return (evidence[0] / total, evidence[1] / total, evidence[2] / total)


def _top_two(scores: Sequence[float], listed: Sequence[bool]) -> tuple[int, float]:
    """The index of the highest listed score (ties to the earlier) and its lead on the next."""
    best = second = -1
    for i in (0, 1, 2):
        if listed[i]:
            if best < 0 or scores[i] > scores[best]:
                best, second = i, best
            elif second < 0 or scores[i] > scores[second]:
                second = i
    if second < 0:
        return best, scores[best]
    return best, scores[best] - scores[second]


def decide(evidence: Sequence[float], moved: Sequence[float], listed: Sequence[bool]) -> tuple[Three, int]:
    """One question of one framework: its scores and its answer's index, or a negative code
    when it abstains (:data:`SILENT`, :data:`NO_EVIDENCE`, :data:`TIED`; see :func:`reason`)."""
    scores = normalise(evidence, listed)
    if not (listed[0] or listed[1] or listed[2]):
        return scores, SILENT
    if moved[0] + moved[1] + moved[2] <= 0.0:
        return scores, NO_EVIDENCE
    best, lead = _top_two(scores, listed)
    if lead < TIE_MARGIN:
        return scores, TIED
    return scores, best


def combine(
    verdict_scores: Sequence[Sequence[float]],
    choices: Sequence[int],
    listed: Sequence[Sequence[bool]],
    weights: Sequence[float],
) -> tuple[Three | None, int, float]:
    """One question, combined: the scores (``None`` when no framework speaks), the answer's
    index or a negative code (:data:`NO_SPEAKERS`, :data:`COMBINED_TIE`), and the confidence.

    Only the frameworks that gave a verdict (``choice >= 0``) with a weight above 0 take part.
    """
    raw = [0.0, 0.0, 0.0]
    totals = [0.0, 0.0, 0.0]
    speaking = 0.0
    for scores, choice, w, known in zip(verdict_scores, choices, weights, listed, strict=True):
        if choice < 0 or w <= 0.0:
            continue
        speaking += w
        for i in (0, 1, 2):
            if known[i]:
                totals[i] += w
                raw[i] += w * scores[i]
    if speaking <= 0.0:
        return None, NO_SPEAKERS, 0.0
    for i in (0, 1, 2):
        raw[i] = raw[i] / totals[i] if totals[i] > 0 else 0.0
    norm = raw[0] + raw[1] + raw[2]
    combined = (raw[0] / norm, raw[1] / norm, raw[2] / norm)
    best, lead = _top_two(combined, (totals[0] > 0, totals[1] > 0, totals[2] > 0))
    if lead < TIE_MARGIN:
        return combined, COMBINED_TIE, 0.0
    agree = 0.0
    for choice, w in zip(choices, weights, strict=True):
        if choice == best and w > 0.0:
            agree += w
    consensus = max(0.0, (2.0 * agree - speaking) / speaking)
    sharpness = lead / combined[best]
    return combined, best, max(0.0, min(1.0, sharpness * consensus))


#: The bounds of a combination weight (besides 0, which silences a framework): the library's
#: choice. Only the ratios matter, and within these no total can overflow or vanish.
MIN_WEIGHT, MAX_WEIGHT = 1e-6, 1e6


def resolve_weights(
    frameworks: Sequence[Framework], weights: Mapping[str, float] | None
) -> tuple[float, ...]:
    """Per-framework combination weights: equal unless ``weights`` names some (by id).

    A weight is 0 or a number from :data:`MIN_WEIGHT` to :data:`MAX_WEIGHT`; anything else
    (a non-mapping ``weights``, an unknown id, a negative, huge, tiny, infinite or NaN weight,
    every weight 0) raises :class:`RoleModelError`.
    """
    ids = [f.id for f in frameworks]
    if len(set(ids)) != len(ids):
        raise RoleModelError(f"frameworks: expected distinct ids, found {ids}")
    if weights is not None and not isinstance(weights, Mapping):
        raise RoleModelError(
            f"weights: expected a mapping of framework ids to numbers, found {_short(weights)}"
        )
    given = dict(weights or {})
    for key in given:
        if key not in ids:
            shown = key if isinstance(key, str) and len(key) <= 100 else None
            hint = did_you_mean(shown, ids) if shown is not None else ""
            raise RoleModelError(
                f"weights: expected a framework id ({', '.join(ids)}), found {_short(key)}"
                + (f" ({hint})" if hint else "")
            )
    out = tuple(_weight(fid, given.get(fid, 1.0)) for fid in ids)
    if not any(out):
        raise RoleModelError("weights: expected at least one framework with a weight > 0")
    return out


_WEIGHT_ALLOWED = f"a finite number >= 0 and at most {MAX_WEIGHT:,.0f} (0, or at least {MIN_WEIGHT:g})"


def _weight(fid: str, w: object) -> float:
    """One checked weight, as a float."""
    if isinstance(w, bool) or not isinstance(w, int | float):
        raise RoleModelError(f"weights[{fid!r}]: expected {_WEIGHT_ALLOWED}, found {_short(w)}")
    # compared before any conversion: an int of any size compares exactly; NaN fails
    if not (w == 0 or MIN_WEIGHT <= w <= MAX_WEIGHT):
        raise RoleModelError(f"weights[{fid!r}]: expected {_WEIGHT_ALLOWED}, found {_short(w)}")
    return float(w)


def _short(value: object) -> str:
    """``repr(value)`` when short; else a short description (never thousands of digits)."""
    return repr(shown_value(value))
