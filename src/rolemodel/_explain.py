"""Explanations: why a recommendation came out as it did, built when first asked for, and
their JSON form.

A :class:`Contribution` is one rule that fired: what it read, its degree, its weight, its
evidence (``weight * degree``), whether its numbers are the article's or the library's
calibration (``basis``), and, for rules into an answer of a framework that gave a verdict on
that question, its ``share``: the part of the combined score of that answer it accounts for
(shares of all rules and baselines sum to 1 over a question's three answers). Rules of a
framework that abstained on a question have no share: they did not count.

An explanation covers both questions, the role and the staffing: the winner of each and why the
others lost, each framework's verdicts (or why it abstained), its standing claims, the factors
it reads that were not given, and the assumptions made (a stage derived from headcount).

**Built from compiled facts.** Everything about a rule that no profile changes (its
condition's description, what it says, its citation, basis, weight and stance, what it reads,
where its target is) was worked out when its framework was compiled
(:class:`rolemodel._engine.Facts`); a rule's contribution starts as a copy of the template
its facts hold. What is left per explanation is what the profile decides: the rules that fired
and their degrees, the values they read, the shares, the order, the cases. A fresh
recommendation is explained from what :func:`~rolemodel.recommend` kept of its run (its trace),
without building its verdicts; one built from its fields, from its verdicts. Both give the
same explanation, number for number (``tests/test_explain_speed_identical.py``): the sums are
the same ``sum()`` calls over the same values in the same order as ever.

The values keep their fields in a ``__dict__``, not in slots: an explanation has dozens of them,
and a ``__dict__`` fills in about half the time (a contribution's takes its template whole).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Container, Iterable, Mapping, Sequence
from itertools import compress
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from rolemodel._engine import REASONS, ROLES, STAFFING, Facts
from rolemodel._errors import RoleModelError
from rolemodel._graph import target_kind
from rolemodel._model import Citation, Framework, Role, Staffing
from rolemodel._profile import FACTORS, MATURE_FULL, MATURE_START, STARTUP_FULL, STARTUP_GONE, Profile

if TYPE_CHECKING:
    import cattrs
    from matplotlib.figure import Figure

    from rolemodel._result import Recommendation, Trace, Verdict

__all__ = ["Contribution", "Explanation", "FrameworkExplanation", "Input", "RoleCase"]

Answer = Role | Staffing

#: Said once under every explanation that shows a number of the library's choosing.
CALIBRATION_NOTE = (
    "numbers marked (calibration) are the library's choice, not the article's: "
    "see the calibration page of the docs"
)


@attrs.frozen(slots=False)
class Input:
    """A value a rule read: a profile factor (``None`` when not given) or a concept."""

    name: str
    value: float | int | str | None
    kind: str = "factor"


@attrs.frozen(slots=False)
class Contribution:
    """One rule that fired, and how much it counted."""

    framework: str
    rule: str
    target: str
    condition: str
    reads: tuple[Input, ...]
    degree: float
    weight: float
    evidence: float
    share: float | None
    says: str
    citation: Citation
    basis: str | None = None
    """``"article"`` or ``"calibration"``: whose numbers the rule's weight and ramps are."""
    stance: bool = False
    """True for the article's standing claim (reads nothing of the profile)."""
    counted: bool = True
    """False when its framework abstained on the rule's question: it took no part."""

    def __str__(self) -> str:
        inputs = ", ".join(f"{i.name}={_fmt(i.value)}" for i in self.reads) or "nothing (a standing claim)"
        if self.share is not None:
            counted = f"{self.share:.1%} of the score"
        elif target_kind(self.target) == "concept":
            counted = f"+{self.evidence:.2f} to concept {self.target}"
        else:
            counted = "not counted: its framework abstains"
        basis = f" ({self.basis})" if self.basis else ""
        return (
            f"[{self.framework}] {self.rule} -> {self.target}: {self.says} "
            f"(read {inputs}; degree {self.degree:.2f} x weight {self.weight:g}{basis}; {counted})\n"
            f"    {self.citation}"
        )


@attrs.frozen(slots=False)
class FrameworkExplanation:
    """One framework's verdicts (or why it abstained) and its rules that fired, strongest first."""

    framework: str
    title: str
    author: str
    source: str
    role: Role | None
    scores: Mapping[Role, float]
    weight: float
    contributions: tuple[Contribution, ...]
    not_given: tuple[str, ...]
    reason: str = ""
    staffing: Staffing | None = None
    staffing_scores: Mapping[Staffing, float] = attrs.field(factory=dict)
    staffing_reason: str = ""
    stance: tuple[str, ...] = ()


@attrs.frozen(slots=False)
class RoleCase:
    """Why an answer (a role or a staffing option) won or lost: its score, its gap to the
    winner, the frameworks whose verdict it is, those silent on it, its best evidence."""

    role: Answer
    score: float
    gap: float
    favoured_by: tuple[str, ...]
    silent: tuple[str, ...]
    reasons: tuple[Contribution, ...]
    summary: str


@attrs.frozen(slots=False)
class Explanation:
    """Why a recommendation came out as it did, on both questions, with every fired rule cited.

    ``winner`` / ``losers`` are the role's cases (``winner`` is ``None`` when there is no role),
    ``staffing_winner`` / ``staffing_losers`` the staffing's.
    """

    role: Role | None
    scores: Mapping[Role, float]
    confidence: float
    frameworks: tuple[FrameworkExplanation, ...]
    winner: RoleCase | None
    losers: tuple[RoleCase, ...]
    dissent: tuple[str, ...]
    staffing: Staffing | None = None
    staffing_scores: Mapping[Staffing, float] = attrs.field(factory=dict)
    staffing_confidence: float = 0.0
    staffing_winner: RoleCase | None = None
    staffing_losers: tuple[RoleCase, ...] = ()
    staffing_dissent: tuple[str, ...] = ()
    reason: str = ""
    staffing_reason: str = ""
    assumptions: tuple[str, ...] = ()

    @property
    def contributions(self) -> tuple[Contribution, ...]:
        """Every fired rule of every framework, largest share of the score first."""
        every = [c for f in self.frameworks for c in f.contributions]
        return tuple(sorted(every, key=lambda c: -(c.share or 0.0)))

    @property
    def calibrated(self) -> tuple[Contribution, ...]:
        """The fired rules whose numbers are the library's calibration, not the article's."""
        return tuple(c for c in self.contributions if c.basis != "article")

    def __str__(self) -> str:
        lines: list[str] = []
        for name, answer, scores, confidence, winner, losers, why in (
            ("Role", self.role, self.scores, self.confidence, self.winner, self.losers, self.reason),
            (
                "Staffing",
                self.staffing,
                self.staffing_scores,
                self.staffing_confidence,
                self.staffing_winner,
                self.staffing_losers,
                self.staffing_reason,
            ),
        ):
            if answer is None:
                lines += [f"{name}: no answer ({why})"]
            else:
                lines += [f"{name}: {answer.value} (confidence {confidence:.2f})"]
            if scores:
                lines.append("Scores: " + ", ".join(f"{k.value} {v:.2f}" for k, v in scores.items()))
            if winner is not None:
                lines += ["", f"Why {winner.role.value}: {winner.summary}"]
                lines += [f"  - {c}" for c in winner.reasons]
            for case in losers:
                lines += ["", f"Why not {case.role.value}: {case.summary}"]
                lines += [f"  - {c}" for c in case.reasons]
            lines.append("")
        lines.append("By framework:")
        for f in self.frameworks:
            lines.append(f"  {f.framework} ({f.author}, {f.source}):")
            lines.append(f"    role: {_verdict_text(f.role, f.scores, f.reason)}")
            lines.append(f"    staffing: {_verdict_text(f.staffing, f.staffing_scores, f.staffing_reason)}")
            if f.stance:
                lines.append(f"    standing claim (whatever the company): {', '.join(f.stance)}")
            if f.not_given:
                lines.append(f"    not given: {', '.join(f.not_given)}")
        if self.assumptions:
            lines += ["", "Assumed:"] + [f"  - {a}" for a in self.assumptions]
        if self.calibrated:
            lines += ["", f"Note: {CALIBRATION_NOTE}."]
        return "\n".join(lines)

    def to_mermaid(self, frameworks: Iterable[Framework] | None = None) -> str:
        """The frameworks' rule graphs as Mermaid text, the rules that fired and the winner marked.

        The graphs come from ``frameworks`` (by id; the built-in ones by default); a framework
        in neither is drawn from the rules that fired only.
        """
        from rolemodel._display import explanation_mermaid

        return explanation_mermaid(self, frameworks)

    def draw(
        self,
        frameworks: Iterable[Framework] | None = None,
        *,
        fig: Figure | None = None,
        edge_labels: bool = False,
    ) -> Figure:
        """One matplotlib panel per framework, fired rules in red (``rolemodel[plot]``)."""
        from rolemodel._plot import draw_explanation

        return draw_explanation(self, frameworks, fig=fig, edge_labels=edge_labels)

    def _repr_mimebundle_(
        self, include: Collection[str] | None = None, exclude: Collection[str] | None = None
    ) -> dict[str, str]:
        from rolemodel._display import mimebundle

        return mimebundle(self, include, exclude)

    def _repr_html_(self) -> str:
        from rolemodel._display import explanation_html

        return explanation_html(self)

    def _repr_markdown_(self) -> str:
        from rolemodel._display import explanation_markdown

        return explanation_markdown(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; :meth:`from_dict` reads it back."""
        return _explanation_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Explanation:
        """The explanation :meth:`to_dict` wrote."""
        import cattrs

        try:
            return _converter().structure(data, cls)
        except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
            detail = (
                "; ".join(cattrs.transform_error(exc))
                if isinstance(exc, cattrs.BaseValidationError)
                else str(exc)
            )
            raise RoleModelError(f"explanation: {detail}") from None


@functools.cache
def _converter() -> cattrs.Converter:
    """The cattrs converter for explanations, made on first use (cattrs loads lazily)."""
    import cattrs

    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(float | int | str | None, _structure_value)
    converter.register_structure_hook(Answer, _structure_answer)
    for cls, unstructure in _UNSTRUCTURE.items():
        converter.register_unstructure_hook(cls, unstructure)
    return converter


# What cattrs' generated functions wrote (tests/test_explain_speed_identical.py holds them to
# it): each class a dict of its fields in order, tuples as lists, mappings as new dicts, the
# answers and the other values as they are. Written out, they are several times faster: each
# starts from a copy of the value's ``__dict__``, which holds its fields in order (attrs'
# __init__ and the explanation's templates both write them so, and frozen, nothing adds to
# them), and replaces the values that are not JSON.


def _fields(value: Any, cls: type) -> dict[str, Any]:
    """The fields of ``cls`` of ``value`` by name, in order (``value.__dict__`` holds them)."""
    if value.__class__ is cls:
        return value.__dict__.copy()
    return {field.name: getattr(value, field.name) for field in attrs.fields(cls)}  # a subclass


def _input_dict(i: Input) -> dict[str, Any]:
    return _fields(i, Input)


def _contribution_dict(c: Contribution) -> dict[str, Any]:
    out = c.__dict__.copy() if c.__class__ is Contribution else _fields(c, Contribution)
    out["reads"] = [*map(_input_dict, c.reads)]
    citation = c.citation
    out["citation"] = {"source": citation.source, "quote": citation.quote}
    return out


def _framework_dict(f: FrameworkExplanation) -> dict[str, Any]:
    out = _fields(f, FrameworkExplanation)
    out["scores"] = dict(f.scores)
    out["contributions"] = [*map(_contribution_dict, f.contributions)]
    out["not_given"] = list(f.not_given)
    out["staffing_scores"] = dict(f.staffing_scores)
    out["stance"] = list(f.stance)
    return out


def _case_dict(case: RoleCase) -> dict[str, Any]:
    out = _fields(case, RoleCase)
    out["favoured_by"] = list(case.favoured_by)
    out["silent"] = list(case.silent)
    out["reasons"] = [*map(_contribution_dict, case.reasons)]
    return out


def _explanation_dict(e: Explanation) -> dict[str, Any]:
    winner, staffing_winner = e.winner, e.staffing_winner
    return {
        "role": e.role,
        "scores": dict(e.scores),
        "confidence": e.confidence,
        "frameworks": [*map(_framework_dict, e.frameworks)],
        "winner": None if winner is None else _case_dict(winner),
        "losers": [*map(_case_dict, e.losers)],
        "dissent": list(e.dissent),
        "staffing": e.staffing,
        "staffing_scores": dict(e.staffing_scores),
        "staffing_confidence": e.staffing_confidence,
        "staffing_winner": None if staffing_winner is None else _case_dict(staffing_winner),
        "staffing_losers": [*map(_case_dict, e.staffing_losers)],
        "staffing_dissent": list(e.staffing_dissent),
        "reason": e.reason,
        "staffing_reason": e.staffing_reason,
        "assumptions": list(e.assumptions),
    }


_UNSTRUCTURE: dict[type, Any] = {
    Input: _input_dict,
    Contribution: _contribution_dict,
    FrameworkExplanation: _framework_dict,
    RoleCase: _case_dict,
    Explanation: _explanation_dict,
}


def _structure_value(value: Any, _: Any) -> float | int | str | None:
    if value is None or (isinstance(value, int | float | str) and not isinstance(value, bool)):
        return value
    raise ValueError(f"expected a number, a string or null, found {value!r}")


def _structure_answer(value: Any, _: Any) -> Answer:
    if value in Role.__members__.values():
        return Role(value)
    return Staffing(value)


def _fmt(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _verdict_text(answer: Answer | None, scores: Mapping[Any, float], reason: str) -> str:
    if answer is None:
        return f"no verdict: {reason}"
    shown = ", ".join(f"{k.value} {v:.2f}" for k, v in scores.items())
    return f"{answer.value} [{shown}]"


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
    """The explanation of ``rec``, from the rule degrees its run recorded."""
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
    # the factors' inputs, each made when first read; the stage's here, as the note needs it
    if profile.stage is None:
        stage = profile.effective_stage.value
        inputs = {"stage": Input("stage", f"{stage} (assumed: derived from company_size)")}
        assumptions: tuple[str, ...] = (_stage_note(stage, profile.company_size),)
    else:
        inputs = {"stage": Input("stage", profile.stage.value)}
        assumptions = ()
    missing = {name for name, value in zip(FACTORS, _factor_values(profile), strict=True) if value is None}
    scales = _share_scales(parts)
    counted: dict[str, list[Contribution]] = {}
    frameworks = tuple([_framework_explanation(p, profile, missing, scales, inputs, counted) for p in parts])
    scores, staffing_scores = dict(rec.scores), dict(rec.staffing_scores)
    winner, losers = _cases(role, scores, dissent, parts, frameworks, counted, True)
    s_winner, s_losers = _cases(
        staffing, staffing_scores, staffing_dissent, parts, frameworks, counted, False
    )
    return Explanation(
        role,
        scores,
        rec.confidence,
        frameworks,
        winner,
        losers,
        dissent,
        staffing,
        staffing_scores,
        rec.staffing_confidence,
        s_winner,
        s_losers,
        staffing_dissent,
        rec.reason,
        rec.staffing_reason,
        assumptions,
    )


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


_new = object.__new__
_set = object.__setattr__


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
