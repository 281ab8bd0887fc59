"""Explanations, built lazily from a recommendation's recorded rule degrees.

A :class:`Contribution` is one rule that fired: what it read, its degree, its weight, its
evidence (``weight * degree``) and, for rules into a role, its ``share``: the part of the
recommendation's score of that role it accounts for (shares of all rules and baselines sum
to 1 over the three roles).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._errors import RoleModelError
from rolemodel._model import Citation, Framework, Ramp, Role, walk_condition
from rolemodel._profile import Profile

if TYPE_CHECKING:
    import cattrs
    from matplotlib.figure import Figure

    from rolemodel._result import Recommendation, Verdict

__all__ = ["Contribution", "Explanation", "FrameworkExplanation", "Input", "RoleCase"]


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

    def __str__(self) -> str:
        inputs = ", ".join(f"{i.name}={_fmt(i.value)}" for i in self.reads) or "nothing"
        counted = (
            f"{self.share:.1%} of the score"
            if self.share is not None
            else (f"+{self.evidence:.2f} to concept {self.target}")
        )
        return (
            f"[{self.framework}] {self.rule} -> {self.target}: {self.says} "
            f"(read {inputs}; degree {self.degree:.2f} x weight {self.weight:g}; {counted})\n"
            f"    {self.citation}"
        )


@attrs.frozen
class FrameworkExplanation:
    """One framework's verdict and the rules of it that fired, strongest first."""

    framework: str
    title: str
    author: str
    source: str
    role: Role
    scores: Mapping[Role, float]
    weight: float
    contributions: tuple[Contribution, ...]
    not_given: tuple[str, ...]


@attrs.frozen
class RoleCase:
    """Why a role won or lost: its score, its gap to the winner, its best evidence."""

    role: Role
    score: float
    gap: float
    favoured_by: tuple[str, ...]
    silent: tuple[str, ...]
    reasons: tuple[Contribution, ...]
    summary: str


@attrs.frozen
class Explanation:
    """Why a recommendation came out as it did, with every fired rule cited."""

    role: Role
    scores: Mapping[Role, float]
    confidence: float
    frameworks: tuple[FrameworkExplanation, ...]
    winner: RoleCase
    losers: tuple[RoleCase, ...]
    dissent: tuple[str, ...]

    @property
    def contributions(self) -> tuple[Contribution, ...]:
        """Every fired rule of every framework, largest share of the score first."""
        every = [c for f in self.frameworks for c in f.contributions]
        return tuple(sorted(every, key=lambda c: -(c.share or 0.0)))

    def __str__(self) -> str:
        lines = [
            f"Recommended: {self.role.value} (confidence {self.confidence:.2f})",
            "Scores: " + ", ".join(f"{r.value} {s:.2f}" for r, s in self.scores.items()),
            "",
            f"Why {self.role.value}: {self.winner.summary}",
        ]
        lines += [f"  - {c}" for c in self.winner.reasons]
        for case in self.losers:
            lines += ["", f"Why not {case.role.value}: {case.summary}"]
            lines += [f"  - {c}" for c in case.reasons]
        lines += ["", "By framework:"]
        for f in self.frameworks:
            scores = ", ".join(f"{r.value} {s:.2f}" for r, s in f.scores.items())
            lines.append(f"  {f.framework} ({f.author}, {f.source}): {f.role.value} [{scores}]")
            if f.not_given:
                lines.append(f"    not given: {', '.join(f.not_given)}")
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
    return converter


def _structure_value(value: Any, _: Any) -> float | int | str | None:
    if value is None or (isinstance(value, int | float | str) and not isinstance(value, bool)):
        return value
    raise ValueError(f"expected a number, a string or null, found {value!r}")


def _fmt(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _reads(
    framework: Framework, rule_index: int, profile: Profile, concepts: Mapping[str, float]
) -> tuple[Input, ...]:
    rule = framework.rules[rule_index]
    out = []
    for kind, name in rule.reads:
        if kind == "concept":
            out.append(Input(name, round(concepts.get(name, 0.0), 6), "concept"))
        elif name == "stage":
            stage = (
                profile.stage.value
                if profile.stage is not None
                else (f"{profile.effective_stage.value} (derived from company_size)")
            )
            out.append(Input("stage", stage))
        else:
            out.append(Input(name, getattr(profile, name)))
    return tuple(out)


def _share_scales(verdicts: tuple[Verdict, ...]) -> dict[str, float]:
    """Per role, what one unit of ``weight * score`` in a framework is of the combined score."""
    totals: dict[str, float] = {}
    raw: dict[str, float] = {}
    for role in Role:
        knowing = [v for v in verdicts if role in _framework_of(v).role_ids]
        totals[role.value] = sum(v.weight for v in knowing)
        raw[role.value] = (
            sum(v.weight * v.scores[role] for v in knowing) / totals[role.value]
            if totals[role.value] > 0
            else 0.0
        )
    norm = sum(raw.values())
    return {r: 1.0 / (totals[r] * norm) if totals[r] > 0 and norm > 0 else 0.0 for r in totals}


def _framework_explanation(
    verdict: Verdict, profile: Profile, scales: Mapping[str, float]
) -> FrameworkExplanation:
    framework = _framework_of(verdict)
    degrees = verdict._degrees
    evidence_total = sum(verdict._evidence)
    concept_ids = {c.id for c in framework.concepts}
    concepts: dict[str, float] = {}
    for i, rule in enumerate(framework.rules):
        if rule.then in concept_ids:
            concepts[rule.then] = min(1.0, concepts.get(rule.then, 0.0) + rule.weight * degrees[i])
    contributions = []
    for i, rule in enumerate(framework.rules):
        degree = degrees[i]
        if not degree:
            continue
        evidence = rule.weight * degree
        share = None
        if rule.then not in concept_ids and evidence_total > 0:
            share = verdict.weight * evidence / evidence_total * scales[rule.then]
        contributions.append(
            Contribution(
                framework=framework.id,
                rule=rule.id,
                target=rule.then,
                condition=rule.when.describe(),
                reads=_reads(framework, i, profile, concepts),
                degree=degree,
                weight=rule.weight,
                evidence=evidence,
                share=share,
                says=rule.says,
                citation=rule.citation,
            )
        )
    contributions.sort(key=lambda c: (c.share is None, -(c.share or c.evidence)))
    read = dict.fromkeys(
        c.name
        for r in framework.rules
        for c in walk_condition(r.when)
        if isinstance(c, Ramp) and c.source == "factor"
    )
    not_given = tuple(n for n in read if getattr(profile, n, 0) is None)
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
    )


def build_explanation(rec: Recommendation) -> Explanation:
    """The explanation of ``rec``, from the rule degrees its verdicts recorded."""
    verdicts = rec.verdicts
    scales = _share_scales(verdicts)
    frameworks = tuple(_framework_explanation(v, rec.profile, scales) for v in verdicts)
    winner_score = rec.scores[rec.role]

    def case(role: Role) -> RoleCase:
        favoured = tuple(f.framework for f in frameworks if f.role is role)
        silent = tuple(v.framework for v in verdicts if role not in _framework_of(v).role_ids)
        reasons = tuple(
            sorted(
                (c for f in frameworks for c in f.contributions if c.target == role.value),
                key=lambda c: -(c.share or 0.0),
            )[:5]
        )
        score = rec.scores[role]
        gap = winner_score - score
        by = ", ".join(favoured) if favoured else "no framework"
        if role is rec.role:
            summary = f"it scores {score:.2f}; the verdict of {by}" + (
                f"; {len(rec.dissent)} framework(s) dissent" if rec.dissent else ""
            )
        else:
            summary = f"it scores {score:.2f}, {gap:.2f} behind {rec.role.value}; the verdict of {by}"
        if silent:
            summary += f"; not a role in {', '.join(silent)}"
        if not reasons:
            summary += "; no rule for it fired, only baselines"
        return RoleCase(role, score, gap, favoured, silent, reasons, summary)

    return Explanation(
        role=rec.role,
        scores=dict(rec.scores),
        confidence=rec.confidence,
        frameworks=frameworks,
        winner=case(rec.role),
        losers=tuple(case(r) for r in sorted(Role, key=lambda r: -rec.scores[r]) if r is not rec.role),
        dissent=rec.dissent,
    )


def _framework_of(verdict: Verdict) -> Framework:
    if verdict._framework_obj is None:  # pragma: no cover - restored recommendations carry one
        raise RoleModelError(f"framework {verdict.framework!r}: no rule trace to explain")
    return verdict._framework_obj
