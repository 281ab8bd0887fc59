"""The values a recommendation returns: one framework's verdict, and the combined answer."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._errors import RoleModelError
from rolemodel._model import Framework, Role
from rolemodel._profile import Profile

if TYPE_CHECKING:
    from rolemodel._explain import Explanation
    from rolemodel._whatif import Counterfactual, Robustness, Sensitivity

__all__ = ["Recommendation", "Verdict"]


def _scores_dict(scores: Mapping[Role, float]) -> dict[str, float]:
    return {role.value: scores[role] for role in Role}


def _scores_from(data: Any, where: str) -> dict[Role, float]:
    if not isinstance(data, Mapping):
        raise RoleModelError(f"{where}: expected a mapping of role to score, found {data!r}")
    try:
        return {Role(k): float(v) for k, v in data.items()}
    except (ValueError, TypeError) as exc:
        raise RoleModelError(f"{where}: expected role -> number, found {data!r} ({exc})") from None


@attrs.frozen(repr=False)
class Verdict:
    """One framework's own answer: its role and its scores over the three roles."""

    framework: str
    title: str
    source: str
    role: Role
    scores: Mapping[Role, float]
    weight: float = 1.0
    _framework_obj: Framework | None = attrs.field(default=None, eq=False, alias="framework_obj")
    _degrees: tuple[float, ...] = attrs.field(default=(), eq=False, alias="degrees")
    _evidence: tuple[float, ...] = attrs.field(default=(), eq=False, alias="evidence")

    def __repr__(self) -> str:
        scores = ", ".join(f"{r.value}={s:.2f}" for r, s in self.scores.items())
        return f"<Verdict {self.framework!r} {self.role.value} ({scores})>"

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
            "role": self.role.value,
            "scores": _scores_dict(self.scores),
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
                role=Role(data["role"]),
                scores=_scores_from(data["scores"], "verdict.scores"),
                weight=float(data.get("weight", 1.0)),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise RoleModelError(f"verdict: expected a dict from Verdict.to_dict(), {exc}") from None


@attrs.frozen(repr=False)
class Recommendation:
    """The combined answer for one profile.

    ``role`` is the recommended role, ``scores`` the combined scores (non-negative, summing to
    1), ``confidence`` in [0, 1], ``by_framework`` each article's own verdict. ``explain()``
    says why, with citations; it is built on first use and costs nothing until then.
    """

    profile: Profile
    role: Role
    scores: Mapping[Role, float]
    confidence: float
    by_framework: Mapping[str, Verdict]
    _cache: dict[str, Any] = attrs.field(factory=dict, eq=False, alias="cache")

    def __repr__(self) -> str:
        return (
            f"<Recommendation {self.role.value} confidence={self.confidence:.2f} "
            f"frameworks={len(self.by_framework)}>"
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
        """Ids of the frameworks whose own verdict is not the recommended role."""
        return tuple(fid for fid, v in self.by_framework.items() if v.role is not self.role)

    def explain(self) -> Explanation:
        """Why this role: rules that fired, what they read, how much they counted, citations."""
        explanation = self._cache.get("explanation")
        if explanation is None:
            from rolemodel._explain import build_explanation

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
            "role": self.role.value,
            "scores": _scores_dict(self.scores),
            "confidence": self.confidence,
            "profile": self.profile.to_dict(),
            "by_framework": {fid: v.to_dict() for fid, v in self.by_framework.items()},
            "explanation": self.explain().to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recommendation:
        """The recommendation :meth:`to_dict` wrote, its explanation included."""
        from rolemodel._explain import Explanation

        if not isinstance(data, Mapping):
            raise RoleModelError(f"recommendation: expected a mapping, found {type(data).__name__}")
        try:
            cache: dict[str, Any] = {}
            if "explanation" in data:
                cache["explanation"] = Explanation.from_dict(data["explanation"])
            return cls(
                profile=Profile.from_mapping(data["profile"]),
                role=Role(data["role"]),
                scores=_scores_from(data["scores"], "recommendation.scores"),
                confidence=float(data["confidence"]),
                by_framework={k: Verdict.from_dict(v) for k, v in data["by_framework"].items()},
                cache=cache,
            )
        except KeyError as exc:
            raise RoleModelError(f"recommendation: expected the field {exc}, it is missing") from None
        except (ValueError, TypeError, AttributeError) as exc:
            if isinstance(exc, RoleModelError):
                raise
            raise RoleModelError(f"recommendation: {exc}") from None
