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
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._errors import RoleModelError
from rolemodel._graph import target_kind
from rolemodel._model import Citation, Framework, Role, Staffing

if TYPE_CHECKING:
    import cattrs
    from matplotlib.figure import Figure


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


#: The fields of an explanation from ``recommend()`` that are built together when one of them is
#: first read (:func:`rolemodel._explain_build.build_explanation`); the others are set at once.
LAZY_FIELDS = frozenset(
    ("frameworks", "winner", "losers", "dissent", "staffing_winner", "staffing_losers", "staffing_dissent")
)


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

    def __getattr__(self, name: str) -> Any:
        # An explanation from recommend() builds its frameworks, cases and dissent when one of
        # them is first read (see rolemodel._explain_build): its "_build" makes them. Two threads
        # reading at once may both build them; what they build is equal, and the last one stays.
        build = self.__dict__.get("_build")
        if build is None or name not in LAZY_FIELDS:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self.__dict__.update(build())
        self.__dict__.pop("_build", None)
        return self.__dict__[name]

    def __getstate__(self) -> dict[str, Any]:
        """Its fields, built whole (for pickle and copy)."""
        return {field.name: getattr(self, field.name) for field in attrs.fields(type(self))}

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
        build = self.__dict__.get("_build")
        if build is not None:  # never read: the JSON form of its parts, without their objects
            return _explanation_dict(self, build(as_json=True))
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


def _explanation_dict(e: Explanation, parts: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``e``'s JSON form; its :data:`LAZY_FIELDS` from ``parts`` where given, already in that
    form (:func:`rolemodel._explain_build.build_explanation` makes them for an explanation never
    read)."""
    if parts is None:
        winner, staffing_winner = e.winner, e.staffing_winner
        parts = {
            "frameworks": [*map(_framework_dict, e.frameworks)],
            "winner": None if winner is None else _case_dict(winner),
            "losers": [*map(_case_dict, e.losers)],
            "dissent": list(e.dissent),
            "staffing_winner": None if staffing_winner is None else _case_dict(staffing_winner),
            "staffing_losers": [*map(_case_dict, e.staffing_losers)],
            "staffing_dissent": list(e.staffing_dissent),
        }
    return {
        "role": e.role,
        "scores": dict(e.scores),
        "confidence": e.confidence,
        "frameworks": parts["frameworks"],
        "winner": parts["winner"],
        "losers": parts["losers"],
        "dissent": parts["dissent"],
        "staffing": e.staffing,
        "staffing_scores": dict(e.staffing_scores),
        "staffing_confidence": e.staffing_confidence,
        "staffing_winner": parts["staffing_winner"],
        "staffing_losers": parts["staffing_losers"],
        "staffing_dissent": parts["staffing_dissent"],
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
