"""The values a recommendation returns: one framework's verdict, and the combined answer."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._engine import OUTCOMES, REASONS, ROLES, STAFFING
from rolemodel._errors import RoleModelError, check_envelope
from rolemodel._model import Framework, Role, Staffing
from rolemodel._profile import Profile

if TYPE_CHECKING:
    from rolemodel._explain import Explanation
    from rolemodel._whatif import Counterfactual, Robustness, Sensitivity

__all__ = [
    "RESULT_COLUMNS",
    "RESULT_FORMAT",
    "RESULT_VERSION",
    "Recommendation",
    "Verdict",
    "is_result_column",
    "result_columns",
]


#: What :meth:`Recommendation.to_dict` writes: its format and version (2 adds staffing and
#: abstentions; a version-1 dict from rolemodel 0.1 is refused with a clear error).
RESULT_FORMAT = "rolemodel/recommendation"
RESULT_VERSION = 2


#: The result columns of a scored row, in order; a batch adds one ``verdict_<framework id>``
#: column per framework before ``error`` (see :func:`result_columns`).
RESULT_COLUMNS = (
    "role",
    "confidence",
    "staffing",
    "staffing_confidence",
    "score_management",
    "score_leadership",
    "score_growth_leader",
    "score_single",
    "score_split",
    "score_converged",
    "dissent",
    "staffing_dissent",
    "reason",
    "staffing_reason",
    "error",
)
VERDICT_PREFIX = "verdict_"


def result_columns(framework_ids: Iterable[str]) -> tuple[str, ...]:
    """Every result column for these frameworks: :data:`RESULT_COLUMNS` with one
    ``verdict_<id>`` column per framework before ``error``."""
    return (*RESULT_COLUMNS[:-1], *(VERDICT_PREFIX + fid for fid in framework_ids), RESULT_COLUMNS[-1])


def is_result_column(name: str) -> bool:
    """Whether a column of that name is one a batch writes (an input of that name is replaced)."""
    return name in RESULT_COLUMNS or name.startswith(VERDICT_PREFIX)


#: What :func:`~rolemodel.recommend` keeps of its run: the frameworks, their weights, and the
#: panel's output (see :mod:`rolemodel._panel`).
Trace = tuple[tuple[Framework, ...], tuple[float, ...], tuple[Any, ...]]


def _by_role(scores: Sequence[float]) -> dict[Role, float]:
    m, le, g = ROLES
    return {m: scores[0], le: scores[1], g: scores[2]}  # a literal: faster than dict(zip())


def _by_staffing(scores: Sequence[float]) -> dict[Staffing, float]:
    one, split, conv = STAFFING
    return {one: scores[0], split: scores[1], conv: scores[2]}


def verdicts_of(trace: Trace) -> dict[str, Verdict]:
    """Each framework's :class:`Verdict`, by id, from a recommendation's trace."""
    frameworks, weights, out = trace
    why = REASONS.get
    verdicts = {}
    for framework, weight, (degrees, evidence, r, choice, s, s_choice) in zip(
        frameworks, weights, out[:-1], strict=True
    ):
        plan = framework._plan
        listed = plan.listed
        # positional, in the order of Verdict's fields (tests/test_speed_identical.py compares
        # every field with the reference's)
        verdicts[framework.id] = Verdict(
            framework.id,
            framework.title,
            framework.source,
            ROLES[choice] if choice >= 0 else None,
            _by_role(r),
            weight,
            why(choice, ""),
            STAFFING[s_choice] if s_choice >= 0 else None,
            _by_staffing(s) if listed[3] or listed[4] or listed[5] else {},
            why(s_choice, ""),
            plan.stances,
            framework,
            degrees,
            evidence,
        )
    return verdicts


_ROLE_VALUES: tuple[str, ...] = tuple(role.value for role in ROLES)
_STAFFING_VALUES: tuple[str, ...] = tuple(option.value for option in STAFFING)


def _verdict_dicts(trace: Trace) -> dict[str, dict[str, Any]]:
    """Each framework's :meth:`Verdict.to_dict`, by id, read straight from a recommendation's
    trace: the verdicts :func:`verdicts_of` would build, without building them."""
    frameworks, weights, out = trace
    why = REASONS.get
    m, le, g = _ROLE_VALUES
    one, split, conv = _STAFFING_VALUES
    verdicts = {}
    for framework, weight, (_, _, r, choice, s, s_choice) in zip(frameworks, weights, out[:-1], strict=True):
        plan = framework._plan
        listed = plan.listed
        staffing_scores = {one: s[0], split: s[1], conv: s[2]} if listed[3] or listed[4] or listed[5] else {}
        verdicts[framework.id] = {
            "framework": framework.id,
            "title": framework.title,
            "source": framework.source,
            "role": _ROLE_VALUES[choice] if choice >= 0 else None,
            "scores": {m: r[0], le: r[1], g: r[2]},
            "reason": why(choice, ""),
            "staffing": _STAFFING_VALUES[s_choice] if s_choice >= 0 else None,
            "staffing_scores": staffing_scores,
            "staffing_reason": why(s_choice, ""),
            "stance": list(plan.stances),
            "weight": weight,
        }
    return verdicts


#: Each role's and staffing option's score column in a row, in order.
_SCORE_COLUMNS = tuple((role, f"score_{role.value}") for role in Role)
_STAFFING_COLUMNS = tuple((option, f"score_{option.value}") for option in Staffing)


def _scores_dict(scores: Mapping[Any, float]) -> dict[str, float]:
    return {key.value: value for key, value in scores.items()}


def _scores_from(data: Any, where: str, kind: type[Role] | type[Staffing]) -> dict[Any, float]:
    if not isinstance(data, Mapping):
        raise RoleModelError(
            f"{where}: expected a mapping of {kind.__name__.lower()} to score, found {data!r}"
        )
    try:
        return {kind(k): float(v) for k, v in data.items()}
    except (ValueError, TypeError) as exc:
        raise RoleModelError(
            f"{where}: expected {kind.__name__.lower()} -> number, found {data!r} ({exc})"
        ) from None


def _optional(kind: type[Role] | type[Staffing], value: Any) -> Any:
    return None if value is None else kind(value)


def _value(choice: Role | Staffing | None) -> str | None:
    return None if choice is None else choice.value


def _scores_text(scores: Mapping[Any, float]) -> str:
    return ", ".join(f"{key.value}={value:.2f}" for key, value in scores.items())


@attrs.frozen(repr=False)
class Verdict:
    """One framework's own answers: its role and its staffing, each with its scores.

    Either answer may be ``None``: the framework *abstains* on that question, and ``reason`` /
    ``staffing_reason`` say why (it does not speak to it, nothing in the profile moved it, or
    its top two answers tie). ``stance`` names what the article's unconditional claims push
    whatever the profile (001's "do it all"): shown, but never a verdict by itself.
    """

    framework: str
    title: str
    source: str
    role: Role | None
    scores: Mapping[Role, float]
    weight: float = 1.0
    reason: str = ""
    staffing: Staffing | None = None
    staffing_scores: Mapping[Staffing, float] = attrs.field(factory=dict)
    staffing_reason: str = ""
    stance: tuple[str, ...] = ()
    _framework_obj: Framework | None = attrs.field(default=None, eq=False, alias="framework_obj")
    _degrees: tuple[float, ...] = attrs.field(default=(), eq=False, alias="degrees")
    _evidence: tuple[float, ...] = attrs.field(default=(), eq=False, alias="evidence")

    @property
    def evidence(self) -> Mapping[str, float]:
        """Each answer's raw evidence in this framework (its baseline plus the rules into it), by
        name; the scores are these normalised per question. Empty for a restored verdict."""
        if not self._evidence:
            return {}
        return dict(zip(OUTCOMES, self._evidence, strict=True))

    @property
    def abstained(self) -> bool:
        """True when the framework gives no role verdict (see ``reason``)."""
        return self.role is None

    @property
    def staffing_abstained(self) -> bool:
        """True when the framework gives no staffing verdict (see ``staffing_reason``)."""
        return self.staffing is None

    def __repr__(self) -> str:
        role = self.role.value if self.role is not None else "no verdict"
        staffing = self.staffing.value if self.staffing is not None else "no verdict"
        return f"<Verdict {self.framework!r} {role} ({_scores_text(self.scores)}); staffing {staffing}>"

    def _repr_mimebundle_(
        self, include: Collection[str] | None = None, exclude: Collection[str] | None = None
    ) -> dict[str, str]:
        from rolemodel._display import mimebundle

        return mimebundle(self, include, exclude)

    def _repr_html_(self) -> str:
        from rolemodel._display import verdict_html

        return verdict_html(self)

    def _repr_markdown_(self) -> str:
        from rolemodel._display import verdict_markdown

        return verdict_markdown(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "framework": self.framework,
            "title": self.title,
            "source": self.source,
            "role": _value(self.role),
            "scores": _scores_dict(self.scores),
            "reason": self.reason,
            "staffing": _value(self.staffing),
            "staffing_scores": _scores_dict(self.staffing_scores),
            "staffing_reason": self.staffing_reason,
            "stance": list(self.stance),
            "weight": self.weight,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Verdict:
        """The verdict :meth:`to_dict` wrote."""
        try:
            return cls(
                framework=str(data["framework"]),
                title=str(data["title"]),
                source=str(data["source"]),
                role=_optional(Role, data["role"]),
                scores=_scores_from(data["scores"], "verdict.scores", Role),
                weight=float(data.get("weight", 1.0)),
                reason=str(data.get("reason", "")),
                staffing=_optional(Staffing, data.get("staffing")),
                staffing_scores=_scores_from(
                    data.get("staffing_scores", {}), "verdict.staffing_scores", Staffing
                ),
                staffing_reason=str(data.get("staffing_reason", "")),
                stance=tuple(str(x) for x in data.get("stance", ())),
            )
        except (KeyError, ValueError, TypeError) as exc:
            if isinstance(exc, RoleModelError):
                raise
            raise RoleModelError(f"verdict: expected a dict from Verdict.to_dict(), {exc}") from None


@attrs.frozen(repr=False, eq=False, slots=False)
class Recommendation:
    """The combined answer for one profile: two questions, two answers.

    ``role`` is what the sales organisation needs most now, ``scores`` the combined scores of
    the three roles (summing to 1), ``confidence`` in [0, 1]. ``staffing`` is who should hold
    the roles, with ``staffing_scores`` and ``staffing_confidence``. Only the frameworks that
    gave a verdict on a question take part in it; when none did (or their combined scores
    tie), the answer is ``None``, its scores are empty and ``reason`` / ``staffing_reason``
    say why. ``by_framework`` holds each article's own verdict. ``explain()`` says why, with
    citations; it is built on first use and costs nothing until then. From :func:`recommend`,
    the score dictionaries and the verdicts are built when first read, too.
    """

    profile: Profile
    role: Role | None
    _scores: Mapping[Role, float] | None = attrs.field(alias="scores")
    confidence: float
    _by_framework: Mapping[str, Verdict] | None = attrs.field(alias="by_framework")
    staffing: Staffing | None = None
    _staffing_scores: Mapping[Staffing, float] | None = attrs.field(factory=dict, alias="staffing_scores")
    staffing_confidence: float = 0.0
    reason: str = ""
    staffing_reason: str = ""
    _cache: dict[str, Any] = attrs.field(factory=dict, alias="cache")
    # What recommend() computed, from which ``scores``, ``staffing_scores`` and ``by_framework``
    # are built when first read (``None`` for a recommendation built from its fields).
    _trace: Trace | None = attrs.field(default=None, alias="trace")

    @property
    def scores(self) -> Mapping[Role, float]:
        """The combined scores of the three roles (empty when no framework speaks)."""
        scores = self._scores
        if scores is None and self._trace is not None:
            combined = self._trace[2][-1][0]
            scores = {} if combined is None else _by_role(combined)
            object.__setattr__(self, "_scores", scores)
        return scores  # type: ignore[return-value]

    @property
    def staffing_scores(self) -> Mapping[Staffing, float]:
        """The combined scores of the three staffing options (empty when no framework speaks)."""
        scores = self._staffing_scores
        if scores is None and self._trace is not None:
            combined = self._trace[2][-1][3]
            scores = {} if combined is None else _by_staffing(combined)
            object.__setattr__(self, "_staffing_scores", scores)
        return scores  # type: ignore[return-value]

    @property
    def by_framework(self) -> Mapping[str, Verdict]:
        """Each framework's own verdict, by framework id, in order."""
        verdicts = self._by_framework
        if verdicts is None and self._trace is not None:
            verdicts = verdicts_of(self._trace)
            object.__setattr__(self, "_by_framework", verdicts)
        return verdicts  # type: ignore[return-value]

    def _compared(self) -> tuple[Any, ...]:
        return (
            self.profile,
            self.role,
            self.scores,
            self.confidence,
            self.by_framework,
            self.staffing,
            self.staffing_scores,
            self.staffing_confidence,
            self.reason,
            self.staffing_reason,
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()

    __hash__ = None  # type: ignore[assignment]  # its scores are dicts, as before

    def __repr__(self) -> str:
        role = self.role.value if self.role is not None else "no role"
        staffing = self.staffing.value if self.staffing is not None else "no staffing"
        count = len(self._trace[0]) if self._trace is not None else len(self.by_framework)
        return (
            f"<Recommendation {role} confidence={self.confidence:.2f} "
            f"{staffing} staffing_confidence={self.staffing_confidence:.2f} "
            f"frameworks={count}>"
        )

    def to_markdown(self) -> str:
        """The client report in Markdown (see :func:`rolemodel.client_report`)."""
        from rolemodel._report import client_report

        return client_report(self, format="markdown")

    def to_html(self) -> str:
        """The client report as a self-contained HTML page (see :func:`rolemodel.client_report`)."""
        from rolemodel._report import client_report

        return client_report(self, format="html")

    def _repr_mimebundle_(
        self, include: Collection[str] | None = None, exclude: Collection[str] | None = None
    ) -> dict[str, str]:
        from rolemodel._display import mimebundle

        return mimebundle(self, include, exclude)

    def _repr_html_(self) -> str:
        from rolemodel._display import recommendation_html

        return recommendation_html(self)

    def _repr_markdown_(self) -> str:
        from rolemodel._display import recommendation_markdown

        return recommendation_markdown(self)

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        """The frameworks' verdicts, in order."""
        return tuple(self.by_framework.values())

    @property
    def dissent(self) -> tuple[str, ...]:
        """Ids of the frameworks whose own role verdict differs from the recommended role
        (abstaining frameworks neither agree nor dissent; with no role, nobody dissents)."""
        if self.role is None:
            return ()
        return tuple(
            fid for fid, v in self.by_framework.items() if v.role is not None and v.role is not self.role
        )

    @property
    def staffing_dissent(self) -> tuple[str, ...]:
        """Ids of the frameworks whose own staffing verdict differs from the recommended one."""
        if self.staffing is None:
            return ()
        return tuple(
            fid
            for fid, v in self.by_framework.items()
            if v.staffing is not None and v.staffing is not self.staffing
        )

    @property
    def abstaining(self) -> tuple[str, ...]:
        """Ids of the frameworks that give no role verdict."""
        return tuple(fid for fid, v in self.by_framework.items() if v.role is None)

    @property
    def staffing_abstaining(self) -> tuple[str, ...]:
        """Ids of the frameworks that give no staffing verdict."""
        return tuple(fid for fid, v in self.by_framework.items() if v.staffing is None)

    def to_row(self) -> dict[str, Any]:
        """The flat result columns of a batch row (see :func:`result_columns`): answers,
        confidences, the six scores (NaN where no framework speaks), dissent as ``;``-joined
        framework ids, the reasons for a missing answer, each framework's role verdict (``None``
        when it abstains), and ``error`` (``None``). A missing answer is ``None``."""
        nan = float("nan")
        row: dict[str, Any] = {
            "role": _value(self.role),
            "confidence": self.confidence,
            "staffing": _value(self.staffing),
            "staffing_confidence": self.staffing_confidence,
        }
        scores, staffing_scores = self.scores, self.staffing_scores
        for role, column in _SCORE_COLUMNS:
            row[column] = scores.get(role, nan)
        for option, column in _STAFFING_COLUMNS:
            row[column] = staffing_scores.get(option, nan)
        row["dissent"] = ";".join(self.dissent)
        row["staffing_dissent"] = ";".join(self.staffing_dissent)
        row["reason"] = self.reason
        row["staffing_reason"] = self.staffing_reason
        for fid, verdict in self.by_framework.items():
            row[VERDICT_PREFIX + fid] = _value(verdict.role)
        row["error"] = None
        return row

    def explain(self) -> Explanation:
        """Why this role: rules that fired, what they read, how much they counted, citations."""
        explanation = self._cache.get("explanation")
        if explanation is None:
            from rolemodel._explain_build import build_explanation

            explanation = self._cache["explanation"] = build_explanation(self)
        return explanation

    def counterfactuals(self) -> tuple[Counterfactual, ...]:
        """Per factor, the nearest value (others held) at which the recommended role changes.

        Each :class:`Counterfactual` says the factor, its value now, the value, the role now and
        the role there; factors no value of which changes the role are left out.
        """
        from rolemodel._whatif import counterfactuals

        return counterfactuals(self)

    def sensitivity(self, step: float = 0.05, relative_step: float = 0.25) -> Sensitivity:
        """How much each given factor moves each role's score around this profile."""
        from rolemodel._whatif import sensitivity

        return sensitivity(self, step=step, relative_step=relative_step)

    def robustness(self, spread: float = 0.5, samples: int = 200, seed: int = 0) -> Robustness:
        """Whether the role survives perturbed framework weights and leaving one framework out."""
        from rolemodel._whatif import robustness

        return robustness(self, spread=spread, samples=samples, seed=seed)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, explanation included; :meth:`from_dict` reads it back."""
        return {
            "format": RESULT_FORMAT,
            "version": RESULT_VERSION,
            "role": _value(self.role),
            "scores": _scores_dict(self.scores),
            "confidence": self.confidence,
            "reason": self.reason,
            "staffing": _value(self.staffing),
            "staffing_scores": _scores_dict(self.staffing_scores),
            "staffing_confidence": self.staffing_confidence,
            "staffing_reason": self.staffing_reason,
            "profile": self.profile.to_dict(),
            "by_framework": (
                _verdict_dicts(self._trace)
                if self._by_framework is None and self._trace is not None
                else {fid: v.to_dict() for fid, v in self.by_framework.items()}
            ),
            "explanation": self.explain().to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recommendation:
        """The recommendation :meth:`to_dict` wrote, its explanation included."""
        from rolemodel._explain import Explanation

        check_envelope(
            data,
            "recommendation",
            RESULT_FORMAT,
            RESULT_VERSION,
            unversioned="no format and version (a result of rolemodel 0.1)",
            advice="run recommend() again on its profile",
        )
        try:
            cache: dict[str, Any] = {}
            if "explanation" in data:
                cache["explanation"] = Explanation.from_dict(data["explanation"])
            return cls(
                profile=Profile.from_mapping(data["profile"]),
                role=_optional(Role, data["role"]),
                scores=_scores_from(data["scores"], "recommendation.scores", Role),
                confidence=float(data["confidence"]),
                by_framework={k: Verdict.from_dict(v) for k, v in data["by_framework"].items()},
                staffing=_optional(Staffing, data["staffing"]),
                staffing_scores=_scores_from(
                    data["staffing_scores"], "recommendation.staffing_scores", Staffing
                ),
                staffing_confidence=float(data["staffing_confidence"]),
                reason=str(data.get("reason", "")),
                staffing_reason=str(data.get("staffing_reason", "")),
                cache=cache,
            )
        except KeyError as exc:
            raise RoleModelError(f"recommendation: expected the field {exc}, it is missing") from None
        except (ValueError, TypeError, AttributeError) as exc:
            if isinstance(exc, RoleModelError):
                raise
            raise RoleModelError(f"recommendation: {exc}") from None


_new = object.__new__
_set = object.__setattr__


def fresh_recommendation(
    profile: Profile,
    role: Role | None,
    confidence: float,
    staffing: Staffing | None,
    staffing_confidence: float,
    reason: str,
    staffing_reason: str,
    trace: Trace,
) -> Recommendation:
    """What :func:`~rolemodel.recommend` returns: a recommendation whose score dictionaries and
    verdicts are built from ``trace`` when first read. The same object as
    ``Recommendation(..., scores=None, by_framework=None, staffing_scores=None, trace=trace)``
    (tests/test_speed_identical.py holds it to that), its fields set directly: attrs' __init__
    would resolve aliases and defaults for every call, several microseconds of one. Its
    fields live in a ``__dict__`` (not slots), set at once, in the order of the fields."""
    rec = _new(Recommendation)
    _set(
        rec,
        "__dict__",
        {
            "profile": profile,
            "role": role,
            "_scores": None,
            "confidence": confidence,
            "_by_framework": None,
            "staffing": staffing,
            "_staffing_scores": None,
            "staffing_confidence": staffing_confidence,
            "reason": reason,
            "staffing_reason": staffing_reason,
            "_cache": {},
            "_trace": trace,
        },
    )
    return rec
