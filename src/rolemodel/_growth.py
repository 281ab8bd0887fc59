"""Growth paths: the sales organisation the articles prescribe, period by period, as a company grows.

002 tells a story in time: the owner sells and leads; as the company grows the roles are split
between the owner, who keeps leading, and a dedicated sales manager; a mature company with a
seasoned team converges them into one Growth Leader, if the manager can make the leap. 000 ties
the split to size. :func:`growth_path` answers "what should our sales organisation look like
now, and when do we change it?" for a *trajectory*, a sequence of periods (see
:mod:`rolemodel._growth_input` for the forms it takes):

- each :class:`Period` holds **exactly** ``rolemodel.recommend()`` of its profile (with the same
  frameworks and weights), and so its role, staffing, confidences, cited reasons and dissent;
- each :class:`Transition` is a change between consecutive periods (the staffing, the role) or
  the point where a manager who cannot make the leap keeps the roles split, with the passage
  that prescribes it and the fired rules behind it;
- where marketing reports (002), per period, when the roles are split or converged;
- the periods where the articles disagree (:attr:`GrowthPath.disagreements`).

:func:`rolemodel._growth_plan.plan` (also ``growth_path.plan`` and :meth:`GrowthPath.plan`)
projects a trajectory forward from one profile. Renderings are :mod:`rolemodel._growth_display`'s.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from rolemodel._errors import RoleModelError, check_envelope
from rolemodel._growth_input import Label, label_text, period_label, raw_periods
from rolemodel._model import Citation, Framework, Role, Staffing
from rolemodel._profile import FACTORS, LEVELS, Profile
from rolemodel._result import Recommendation

if TYPE_CHECKING:
    from rolemodel._explain import Contribution

__all__ = [
    "GROWTH_FORMAT",
    "GROWTH_VERSION",
    "MARKETING_CITATION",
    "READY",
    "SOURCE_002",
    "Answer",
    "GrowthPath",
    "Period",
    "Question",
    "Transition",
    "growth_path",
]

GROWTH_FORMAT = "rolemodel/growth-path"
GROWTH_VERSION = 1
SOURCE_002 = "002_1107da2bb63b138e.txt"

Answer = Role | Staffing | None
Question = Literal["role", "staffing"]

#: Where 002 puts marketing: it reports to the leader (or the Growth Leader) and only
#: collaborates with the manager.
MARKETING_CITATION = Citation(
    SOURCE_002,
    "While marketing might report directly to the sales or growth leader, it typically only "
    "collaborates with the sales manager.",
)
_MARKETING = {
    Staffing.SPLIT: "marketing reports to the sales leader and only collaborates with the sales manager",
    Staffing.CONVERGED: "marketing reports to the Growth Leader",
}
#: The readiness a manager "ready to make the leap" has, in the check of :attr:`Period.held_by_manager`.
READY = LEVELS["high"]


def _answer(value: Any) -> Answer:
    if value is None:
        return None
    if value in Role.__members__.values():
        return Role(value)
    return Staffing(value)


def _name(answer: Answer) -> str | None:
    return None if answer is None else answer.value


@attrs.frozen(repr=False)
class Period:
    """One period of a growth path: its label and ``recommend()`` of its profile.

    ``recommendation`` is exactly what :func:`rolemodel.recommend` returns for the period's
    profile; the properties read it. ``held_by_manager`` is true when the roles are not
    converged only because the sales manager lacks the aptitude to lead: with
    ``manager_readiness`` high, the same period's staffing would be converged.
    """

    period: Label
    recommendation: Recommendation
    held_by_manager: bool = False

    def __repr__(self) -> str:
        return (
            f"<Period {label_text(self.period)} company_size={self.profile.company_size} "
            f"role={_name(self.role)} staffing={_name(self.staffing)}>"
        )

    @property
    def profile(self) -> Profile:
        """The company in this period."""
        return self.recommendation.profile

    @property
    def role(self) -> Role | None:
        """The role the sales organisation needs most in this period (``None``: no answer)."""
        return self.recommendation.role

    @property
    def staffing(self) -> Staffing | None:
        """Who should hold the roles in this period (``None``: no answer)."""
        return self.recommendation.staffing

    @property
    def confidence(self) -> float:
        """The role's confidence."""
        return self.recommendation.confidence

    @property
    def staffing_confidence(self) -> float:
        """The staffing's confidence."""
        return self.recommendation.staffing_confidence

    @property
    def dissent(self) -> tuple[str, ...]:
        """The frameworks whose own role verdict differs from the period's role."""
        return self.recommendation.dissent

    @property
    def staffing_dissent(self) -> tuple[str, ...]:
        """The frameworks whose own staffing verdict differs from the period's staffing."""
        return self.recommendation.staffing_dissent

    @property
    def contested(self) -> bool:
        """Whether the articles disagree in this period, on the role or on the staffing."""
        return bool(self.dissent or self.staffing_dissent)

    @property
    def reasons(self) -> tuple[Contribution, ...]:
        """The cited rules behind the role, largest share first (empty with no role)."""
        winner = self.recommendation.explain().winner
        return () if winner is None else winner.reasons

    @property
    def staffing_reasons(self) -> tuple[Contribution, ...]:
        """The cited rules behind the staffing, largest share first (empty with no staffing)."""
        winner = self.recommendation.explain().staffing_winner
        return () if winner is None else winner.reasons

    @property
    def marketing(self) -> str | None:
        """Where marketing reports (002), when the roles are split or converged; else ``None``
        (002 places marketing by the leader and the manager only). See :data:`MARKETING_CITATION`."""
        return None if self.staffing is None else _MARKETING.get(self.staffing)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the label, the answers at a glance, and the full recommendation."""
        rec = self.recommendation
        return {
            "period": self.period,
            "role": _name(rec.role),
            "confidence": rec.confidence,
            "staffing": _name(rec.staffing),
            "staffing_confidence": rec.staffing_confidence,
            "dissent": list(rec.dissent),
            "staffing_dissent": list(rec.staffing_dissent),
            "marketing": self.marketing,
            "held_by_manager": self.held_by_manager,
            "recommendation": rec.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Period:
        """The period :meth:`to_dict` wrote (the answers are read from its recommendation)."""
        try:
            label = period_label(data["period"], "period")
            if label is None:
                raise RoleModelError("period: expected a label, found none")
            return cls(
                period=label,
                recommendation=Recommendation.from_dict(data["recommendation"]),
                held_by_manager=bool(data.get("held_by_manager", False)),
            )
        except KeyError as exc:
            raise RoleModelError(f"period: expected the field {exc}, it is missing") from None
        except TypeError as exc:
            raise RoleModelError(f"period: {exc}") from None


@attrs.frozen(repr=False)
class Transition:
    """A change between two consecutive periods, and the passage that prescribes it.

    ``question`` is ``"staffing"`` or ``"role"``; ``was`` and ``now`` its answers in period
    ``before`` and period ``at``. ``kind`` is one of :data:`KINDS` for the staffing
    (``dedicated-manager``, ``converge``, ``keep-split``, ``separate``, ``one-person``),
    ``role`` for a change of role, or ``no-answer`` when the question loses its answer.
    ``citation`` is the passage that prescribes the change (002's for the kinds it describes,
    else the strongest fired rule's); ``reasons`` are the fired rules into the new answer
    whose evidence grew since ``before`` (or, for ``keep-split``, the rules that read the
    manager's readiness), each with its own citation. ``note`` adds a caveat.
    """

    kind: str
    question: Question
    before: Label
    at: Label
    was: Answer
    now: Answer
    title: str
    says: str
    citation: Citation | None
    reasons: tuple[Contribution, ...] = ()
    note: str = ""

    def __repr__(self) -> str:
        return (
            f"<Transition {self.kind} {self.question} {_name(self.was)} -> {_name(self.now)} "
            f"at {label_text(self.at)}>"
        )

    def __str__(self) -> str:
        text = f"{label_text(self.at)}: {self.title} ({self.question} {_name(self.was)} -> {_name(self.now)})"
        if self.citation is not None:
            text += f"\n    {self.citation}"
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; :meth:`from_dict` reads it back."""
        from rolemodel._explain import _converter

        return {
            "kind": self.kind,
            "question": self.question,
            "before": self.before,
            "at": self.at,
            "was": _name(self.was),
            "now": _name(self.now),
            "title": self.title,
            "says": self.says,
            "citation": None if self.citation is None else attrs.asdict(self.citation),
            "reasons": [_converter().unstructure(c) for c in self.reasons],
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Transition:
        """The transition :meth:`to_dict` wrote."""
        from rolemodel._explain import Contribution, _converter

        try:
            question = data["question"]
            if question not in ("role", "staffing"):
                raise ValueError(f"question: expected 'role' or 'staffing', found {question!r}")
            cited = data.get("citation")
            return cls(
                kind=str(data["kind"]),
                question=question,
                before=_label(data["before"]),
                at=_label(data["at"]),
                was=_answer(data["was"]),
                now=_answer(data["now"]),
                title=str(data["title"]),
                says=str(data["says"]),
                citation=None if cited is None else Citation(str(cited["source"]), str(cited["quote"])),
                reasons=tuple(_converter().structure(c, Contribution) for c in data.get("reasons", ())),
                note=str(data.get("note", "")),
            )
        except KeyError as exc:
            raise RoleModelError(f"transition: expected the field {exc}, it is missing") from None
        except (ValueError, TypeError) as exc:
            if isinstance(exc, RoleModelError):
                raise
            raise RoleModelError(f"transition: {exc}") from None


def _label(value: Any) -> Label:
    label = period_label(value, "transition")
    if label is None:
        raise RoleModelError("transition: expected a period label, found none")
    return label


@attrs.frozen(repr=False)
class GrowthPath:
    """The sales organisation the articles prescribe, period by period, and when it changes.

    ``periods`` keep the trajectory's order; ``transitions`` are in period order (for a
    period, the staffing's before the role's). ``assumptions`` say what a plan assumed (its
    growth curve, the library's calibration); ``name`` is the client's, for reports.
    """

    periods: tuple[Period, ...]
    transitions: tuple[Transition, ...]
    name: str = ""
    assumptions: tuple[str, ...] = ()

    def __repr__(self) -> str:
        path = " -> ".join(_name(s) or "none" for s in self.staffing_sequence)
        first, last = self.periods[0].period, self.periods[-1].period
        return (
            f"<GrowthPath {len(self.periods)} periods {label_text(first)}..{label_text(last)} "
            f"staffing {path}; {len(self.transitions)} transitions>"
        )

    def __len__(self) -> int:
        return len(self.periods)

    def __iter__(self) -> Iterator[Period]:
        return iter(self.periods)

    @property
    def frameworks(self) -> tuple[str, ...]:
        """The ids of the frameworks every period was recommended with."""
        return tuple(self.periods[0].recommendation.by_framework)

    @property
    def staffing_sequence(self) -> tuple[Staffing | None, ...]:
        """The staffing answers in order, each once per run (``single, split, converged``)."""
        out: list[Staffing | None] = []
        for p in self.periods:
            if not out or out[-1] is not p.staffing:
                out.append(p.staffing)
        return tuple(out)

    @property
    def disagreements(self) -> tuple[Period, ...]:
        """The periods where the articles disagree (a framework dissents on a question)."""
        return tuple(p for p in self.periods if p.contested)

    def at(self, period: Any) -> Period:
        """The period of that label (as given, or as its text)."""
        for p in self.periods:
            if p.period == period or label_text(p.period) == str(period):
                return p
        raise RoleModelError(
            f"growth path: no period {period!r}; the periods are "
            + ", ".join(label_text(p.period) for p in self.periods[:10])
            + (" ..." if len(self.periods) > 10 else "")
        )

    def transitions_at(self, period: Any) -> tuple[Transition, ...]:
        """The transitions that take effect in that period."""
        label = self.at(period).period
        return tuple(t for t in self.transitions if t.at == label)

    @staticmethod
    def plan(from_profile: Profile | Mapping[str, Any], /, **options: Any) -> GrowthPath:
        """A growth path projected forward from ``from_profile`` (also ``rolemodel.growth_path.plan``).

        Over time: ``years`` (with ``steps_per_year`` 1, 2, 4 or 12 periods a year, labelled
        from ``start``), and either ``to_company_size`` with a ``growth`` curve, ``"linear"``
        (the same number of people each period) or ``"compound"`` (the same percentage), or a
        yearly compound ``rate`` (``0.3`` for 30%). At chosen sizes: ``sizes=[50, 150, 500]``,
        one period at each, labelled by it. The sales team grows in proportion to the company
        unless ``to_team_size`` is given; graded factors named in ``to`` (``{"team_seasoning":
        "high"}``) move linearly from their starting value; every other factor is carried
        forward; a given ``stage`` holds at the starting size only. These choices are the
        library's calibration and are listed in the path's ``assumptions``. ``frameworks``,
        ``weights`` and ``name`` are as for :func:`growth_path`.

        Raises :class:`RoleModelError` for arguments that make no plan and
        :class:`ProfileError` naming the period for a projected profile that is no company.
        """
        from rolemodel._growth_plan import plan

        return plan(from_profile, **options)

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat row per period: the label, the factors, the answers, where marketing
        reports, and the changes that take effect (titles and citations, ``;``-joined)."""
        given = [n for n in FACTORS if any(getattr(p.profile, n) is not None for p in self.periods)]
        rows = []
        for p in self.periods:
            rec = p.recommendation
            profile = p.profile.to_dict()
            changes = [t for t in self.transitions if t.at == p.period]
            rows.append(
                {
                    "period": p.period,
                    **{n: profile.get(n) for n in given},
                    "effective_stage": p.profile.effective_stage.value,
                    "role": _name(rec.role),
                    "confidence": rec.confidence,
                    "staffing": _name(rec.staffing),
                    "staffing_confidence": rec.staffing_confidence,
                    "dissent": ";".join(rec.dissent),
                    "staffing_dissent": ";".join(rec.staffing_dissent),
                    "reason": rec.reason,
                    "staffing_reason": rec.staffing_reason,
                    "marketing": p.marketing or "",
                    "held_by_manager": p.held_by_manager,
                    "changes": "; ".join(t.title for t in changes),
                    "cited": "; ".join(str(t.citation) for t in changes if t.citation is not None),
                }
            )
        return rows

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (format ``rolemodel/growth-path`` version 1); :meth:`from_dict` reads it."""
        return {
            "format": GROWTH_FORMAT,
            "version": GROWTH_VERSION,
            "name": self.name,
            "assumptions": list(self.assumptions),
            "periods": [p.to_dict() for p in self.periods],
            "transitions": [t.to_dict() for t in self.transitions],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GrowthPath:
        """The growth path :meth:`to_dict` wrote."""
        check_envelope(data, "growth path", GROWTH_FORMAT, GROWTH_VERSION)
        try:
            periods = tuple(Period.from_dict(p) for p in data["periods"])
            transitions = tuple(Transition.from_dict(t) for t in data["transitions"])
        except KeyError as exc:
            raise RoleModelError(f"growth path: expected the field {exc}, it is missing") from None
        except TypeError as exc:
            raise RoleModelError(f"growth path: {exc}") from None
        if not periods:
            raise RoleModelError("growth path: expected at least one period, found none")
        return cls(
            periods=periods,
            transitions=transitions,
            name=str(data.get("name", "")),
            assumptions=tuple(str(a) for a in data.get("assumptions", ())),
        )

    # -- faces (rolemodel._growth_display) --------------------------------------------------

    def __str__(self) -> str:
        from rolemodel._growth_display import growth_text

        return growth_text(self)

    def to_markdown(self) -> str:
        """The growth path as a Markdown report (periods, changes with citations, Mermaid diagram)."""
        from rolemodel._growth_display import growth_markdown

        return growth_markdown(self)

    def to_html(self) -> str:
        """The growth path as a self-contained HTML page."""
        from rolemodel._growth_display import growth_page

        return growth_page(self)

    def to_mermaid(self) -> str:
        """The transitions as a Mermaid state diagram (states: staffing and role)."""
        from rolemodel._growth_display import growth_mermaid

        return growth_mermaid(self)

    def plot(self, ax: Any = None) -> Any:
        """The timeline (``rolemodel[plot]``): staffing bands, the role per period, company size,
        the transitions marked; returns the matplotlib axes."""
        from rolemodel._growth_display import draw_growth_path

        return draw_growth_path(self, ax)

    def _repr_mimebundle_(
        self, include: Collection[str] | None = None, exclude: Collection[str] | None = None
    ) -> dict[str, str]:
        bundle = {
            "text/plain": repr(self),
            "text/html": self._repr_html_(),
            "text/markdown": self._repr_markdown_(),
        }
        return {k: v for k, v in bundle.items() if (not include or k in include) and k not in (exclude or ())}

    def _repr_html_(self) -> str:
        from rolemodel._growth_display import growth_html

        return growth_html(self)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def growth_path(
    trajectory: Any,
    frameworks: Iterable[Framework] | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    name: str = "",
) -> GrowthPath:
    """The sales organisation the articles prescribe for each period of ``trajectory``, and the
    transitions between them, each with the passage that prescribes it.

    ``trajectory`` is a list of profiles (mappings or :class:`Profile`), each optionally
    labelled by a ``period`` key (or ``year``, ``date``, ``quarter``, ``month``, ``time``,
    ``step``, ``when``; numbered from 1 otherwise); a mapping of period to profile; a pandas
    DataFrame; or the path of a CSV, JSON Lines or ``.xlsx`` file (read like every client
    file). Periods keep the order given. Each period's answer is exactly
    ``recommend(profile, frameworks=frameworks, weights=weights)``.

    Raises :class:`ProfileError` naming the period (and its line in a file) for a bad period,
    and :class:`RoleModelError` for anything that is no trajectory. See also
    ``growth_path.plan`` to project a trajectory from one profile.
    """
    if not isinstance(name, str):
        raise RoleModelError(f"growth_path: name: expected a text, found {type(name).__name__}")
    from rolemodel._growth_build import build, evaluate

    periods, _ = evaluate(raw_periods(trajectory), frameworks, weights)
    return build(periods, name=name[:200])


def _plan(from_profile: Profile | Mapping[str, Any], /, **options: Any) -> GrowthPath:
    """Project a growth path forward from one profile: see :meth:`GrowthPath.plan`."""
    from rolemodel._growth_plan import plan

    path: GrowthPath = plan(from_profile, **options)
    return path


growth_path.plan = _plan  # type: ignore[attr-defined]
