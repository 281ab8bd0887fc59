"""Explanations, built lazily from a recommendation's recorded rule degrees.

A :class:`Contribution` is one rule that fired: what it read, its degree, its weight, its
evidence (``weight * degree``), whether its numbers are the article's or the library's
calibration (``basis``), and, for rules into an answer of a framework that gave a verdict on
that question, its ``share``: the part of the combined score of that answer it accounts for
(shares of all rules and baselines sum to 1 over a question's three answers). Rules of a
framework that abstained on a question have no share: they did not count.

An explanation covers both questions, the role and the staffing: the winner of each and why the
others lost, each framework's verdicts (or why it abstained), its standing claims, the factors
it reads that were not given, and the assumptions made (a stage derived from headcount).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._engine import Facts
from rolemodel._errors import RoleModelError
from rolemodel._graph import target_kind
from rolemodel._model import Citation, Framework, Role, Staffing
from rolemodel._profile import MATURE_FULL, MATURE_START, STARTUP_FULL, STARTUP_GONE, Profile

if TYPE_CHECKING:
    import cattrs
    from matplotlib.figure import Figure

    from rolemodel._result import Recommendation, Verdict

__all__ = ["Contribution", "Explanation", "FrameworkExplanation", "Input", "RoleCase"]

Answer = Role | Staffing

#: Said once under every explanation that shows a number of the library's choosing.
CALIBRATION_NOTE = (
    "numbers marked (calibration) are the library's choice, not the article's: "
    "see the calibration page of the docs"
)


@attrs.frozen
class Input:
    """A value a rule read: a profile factor (``None`` when not given) or a concept."""

    name: str
    value: float | int | str | None
    kind: str = "factor"


@attrs.frozen
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


@attrs.frozen
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


@attrs.frozen
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


@attrs.frozen
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
        return _converter().unstructure(self)  # type: ignore[no-any-return]

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
    return converter


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


def derived_stage_note(profile: Profile) -> str:
    """The assumption made when the stage is derived from headcount ("" when it was given)."""
    if profile.stage is not None:
        return ""
    return (
        f"stage {profile.effective_stage.value}: derived from company_size={profile.company_size} "
        f"(calibration: wholly a startup up to {STARTUP_FULL:g} employees, fading out by "
        f"{STARTUP_GONE:g}; wholly mature from {MATURE_FULL:g}, fading in from {MATURE_START:g}); "
        "give stage to replace it"
    )


def _reads(
    reads: tuple[tuple[str, str], ...], profile: Profile, concepts: Mapping[str, float]
) -> tuple[Input, ...]:
    out = []
    for kind, name in reads:
        if kind == "concept":
            out.append(Input(name, round(concepts.get(name, 0.0), 6), "concept"))
        elif name == "stage":
            stage = (
                profile.stage.value
                if profile.stage is not None
                else (f"{profile.effective_stage.value} (assumed: derived from company_size)")
            )
            out.append(Input("stage", stage))
        else:
            out.append(Input(name, getattr(profile, name)))
    return tuple(out)


_QUESTIONS: tuple[tuple[str, tuple[Answer, ...], int], ...] = (
    ("role", tuple(Role), 0),
    ("staffing", tuple(Staffing), 3),
)


def _share_scales(verdicts: tuple[Verdict, ...]) -> dict[str, float]:
    """Per answer, what one unit of ``weight * score`` in a speaking framework is of the
    combined score (0 where no framework that speaks on the question knows the answer)."""
    out: dict[str, float] = {}
    for question, answers, _ in _QUESTIONS:
        speaking = [v for v in verdicts if _choice(v, question) is not None and v.weight > 0]
        totals: dict[str, float] = {}
        raw: dict[str, float] = {}
        for answer in answers:
            knowing = [v for v in speaking if answer in _listed(v, question)]
            totals[answer.value] = sum(v.weight for v in knowing)
            raw[answer.value] = (
                sum(v.weight * _scores(v, question)[answer] for v in knowing) / totals[answer.value]
                if totals[answer.value] > 0
                else 0.0
            )
        norm = sum(raw.values())
        for key, total in totals.items():
            out[key] = 1.0 / (total * norm) if total > 0 and norm > 0 else 0.0
    return out


def _choice(verdict: Verdict, question: str) -> Answer | None:
    return verdict.role if question == "role" else verdict.staffing


def _scores(verdict: Verdict, question: str) -> Mapping[Any, float]:
    return verdict.scores if question == "role" else verdict.staffing_scores


def _listed(verdict: Verdict, question: str) -> tuple[Answer, ...]:
    facts = _facts_of(verdict)
    return facts.role_ids if question == "role" else facts.staffing_ids


def _framework_explanation(
    verdict: Verdict, profile: Profile, scales: Mapping[str, float]
) -> FrameworkExplanation:
    framework = _framework_of(verdict)
    facts = _facts_of(verdict)
    degrees = verdict._degrees
    evidence = verdict._evidence
    totals = {"role": sum(evidence[:3]), "staffing": sum(evidence[3:])}
    concept_ids = facts.concept_ids
    concepts: dict[str, float] = {}
    for i, rule in enumerate(framework.rules):
        if rule.then in concept_ids:
            concepts[rule.then] = min(1.0, concepts.get(rule.then, 0.0) + rule.weight * degrees[i])
    contributions = []
    for i, rule in enumerate(framework.rules):
        degree = degrees[i]
        if not degree:
            continue
        fact = facts.rules[i]
        kind = fact.kind
        counted = kind == "concept" or (_choice(verdict, kind) is not None and verdict.weight > 0)
        share = None
        if kind != "concept" and counted and totals[kind] > 0:
            share = verdict.weight * rule.weight * degree / totals[kind] * scales[rule.then]
        contributions.append(
            Contribution(
                framework=framework.id,
                rule=rule.id,
                target=rule.then,
                condition=fact.condition,
                reads=_reads(fact.reads, profile, concepts),
                degree=degree,
                weight=rule.weight,
                evidence=rule.weight * degree,
                share=share,
                says=rule.says,
                citation=rule.citation,
                basis=rule.basis,
                stance=fact.stance,
                counted=counted,
            )
        )
    contributions.sort(key=lambda c: (c.share is None, -(c.share or c.evidence)))
    not_given = tuple(n for n in facts.factors if getattr(profile, n, 0) is None)
    return FrameworkExplanation(
        framework=framework.id,
        title=framework.title,
        author=framework.author,
        source=framework.source,
        role=verdict.role,
        scores=dict(verdict.scores),
        weight=verdict.weight,
        contributions=tuple(contributions),
        not_given=not_given,
        reason=verdict.reason,
        staffing=verdict.staffing,
        staffing_scores=dict(verdict.staffing_scores),
        staffing_reason=verdict.staffing_reason,
        stance=verdict.stance,
    )


def _cases(
    rec: Recommendation,
    frameworks: tuple[FrameworkExplanation, ...],
    question: str,
) -> tuple[RoleCase | None, tuple[RoleCase, ...]]:
    """The winner's case and the losers' cases of one question (no cases when no answer)."""
    answer = rec.role if question == "role" else rec.staffing
    scores: Mapping[Any, float] = rec.scores if question == "role" else rec.staffing_scores
    dissent = rec.dissent if question == "role" else rec.staffing_dissent
    if answer is None:
        return None, ()
    verdicts = rec.verdicts
    speaking = {v.framework for v in verdicts if _choice(v, question) is not None}
    top = scores[answer]

    def case(option: Answer) -> RoleCase:
        favoured = tuple(
            f.framework for f in frameworks if (f.role if question == "role" else f.staffing) is option
        )
        silent = tuple(
            v.framework for v in verdicts if v.framework in speaking and option not in _listed(v, question)
        )
        reasons = tuple(
            sorted(
                (c for f in frameworks for c in f.contributions if c.target == option.value and c.counted),
                key=lambda c: -(c.share or 0.0),
            )[:5]
        )
        score = scores[option]
        gap = top - score
        by = ", ".join(favoured) if favoured else "no framework"
        if option is answer:
            summary = f"it scores {score:.2f}; the verdict of {by}" + (
                f"; {len(dissent)} framework(s) dissent" if dissent else ""
            )
        else:
            summary = f"it scores {score:.2f}, {gap:.2f} behind {answer.value}; the verdict of {by}"
        if silent:
            summary += f"; not an answer in {', '.join(silent)}"
        if not reasons:
            summary += "; no rule for it fired, only baselines"
        return RoleCase(option, score, gap, favoured, silent, reasons, summary)

    ranked = sorted(scores, key=lambda k: -scores[k])
    return case(answer), tuple(case(k) for k in ranked if k is not answer)


def build_explanation(rec: Recommendation) -> Explanation:
    """The explanation of ``rec``, from the rule degrees its verdicts recorded."""
    verdicts = rec.verdicts
    scales = _share_scales(verdicts)
    frameworks = tuple(_framework_explanation(v, rec.profile, scales) for v in verdicts)
    winner, losers = _cases(rec, frameworks, "role")
    s_winner, s_losers = _cases(rec, frameworks, "staffing")
    note = derived_stage_note(rec.profile)
    return Explanation(
        role=rec.role,
        scores=dict(rec.scores),
        confidence=rec.confidence,
        frameworks=frameworks,
        winner=winner,
        losers=losers,
        dissent=rec.dissent,
        staffing=rec.staffing,
        staffing_scores=dict(rec.staffing_scores),
        staffing_confidence=rec.staffing_confidence,
        staffing_winner=s_winner,
        staffing_losers=s_losers,
        staffing_dissent=rec.staffing_dissent,
        reason=rec.reason,
        staffing_reason=rec.staffing_reason,
        assumptions=(note,) if note else (),
    )


def _framework_of(verdict: Verdict) -> Framework:
    if verdict._framework_obj is None:  # pragma: no cover - restored recommendations carry one
        raise RoleModelError(f"framework {verdict.framework!r}: no rule trace to explain")
    return verdict._framework_obj


def _facts_of(verdict: Verdict) -> Facts:
    """What explanations need of the verdict's framework, worked out when it was compiled."""
    facts = _framework_of(verdict)._plan.facts
    assert facts is not None  # compile_framework always sets them
    return facts
