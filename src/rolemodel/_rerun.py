"""Re-running a recommendation on changed profiles: what the what-if analyses share.

Every what-if analysis (:mod:`rolemodel._whatif`) re-runs :func:`rolemodel.recommend` with the
frameworks and weights a recommendation was made with: :func:`recommendation_context` finds
them (built-in frameworks stand in for those of a recommendation read back from a dict), and
:class:`Runner` re-recommends on one profile with one factor changed, memoised. A
recommendation answers two *questions*, the **role** and the **staffing**; the accessors here
read either one's answer, reason, confidence, scores and dissent off a recommendation, and a
missing answer ("no recommendation") is an answer of its own. The last few functions say how
the what-if values spell answers and factor values in their reprs and dicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from rolemodel._api import recommend
from rolemodel._errors import RoleModelError, did_you_mean
from rolemodel._loader import builtin_frameworks
from rolemodel._model import Framework, Role, Staffing, Stage

if TYPE_CHECKING:
    from rolemodel._result import Recommendation

__all__ = [
    "MAX_COUNT",
    "NO_ANSWER",
    "QUESTIONS",
    "STAGES",
    "Answer",
    "Question",
    "Runner",
    "Value",
    "answer_name",
    "answer_on",
    "answer_text",
    "check_question",
    "confidence_on",
    "dissents_on",
    "jsonable",
    "question_options",
    "reason_on",
    "recommendation_context",
    "scores_on",
    "value_text",
]

#: Largest company size the counterfactual search and phase maps look at.
MAX_COUNT = 1_000_000
#: What a missing answer is called in every rendering of a what-if value.
NO_ANSWER = "no recommendation"
#: The stages in order: startup -> growth -> mature.
STAGES = tuple(Stage)

Value = float | int | Stage
Answer = Role | Staffing | None
Question = Literal["role", "staffing"]
#: The two questions a recommendation answers.
QUESTIONS: tuple[Question, ...] = ("role", "staffing")


def question_options(question: str) -> tuple[Role, ...] | tuple[Staffing, ...]:
    """The answers a question can have (besides none)."""
    return tuple(Role) if question == "role" else tuple(Staffing)


def answer_on(rec: Recommendation, question: str) -> Answer:
    """The recommended answer to ``question`` (``None``: no recommendation)."""
    return rec.role if question == "role" else rec.staffing


def reason_on(rec: Recommendation, question: str) -> str:
    """Why there is no answer to ``question`` ("" when there is one)."""
    return rec.reason if question == "role" else rec.staffing_reason


def confidence_on(rec: Recommendation, question: str) -> float:
    """The confidence of the answer to ``question``."""
    return rec.confidence if question == "role" else rec.staffing_confidence


def scores_on(rec: Recommendation, question: str) -> Mapping[Any, float]:
    """The combined scores of ``question``'s options (empty when no framework speaks to it)."""
    return rec.scores if question == "role" else rec.staffing_scores


def dissents_on(rec: Recommendation, question: str) -> bool:
    """Whether a framework that takes part (weight > 0) gives its own, different verdict."""
    ids = rec.dissent if question == "role" else rec.staffing_dissent
    return any(rec.by_framework[fid].weight > 0 for fid in ids)


def check_question(question: object, caller: str) -> Question:
    """``question`` when it is ``"role"`` or ``"staffing"``; else a located error for ``caller``."""
    if question == "role":
        return "role"
    if question == "staffing":
        return "staffing"
    hint = did_you_mean(str(question), QUESTIONS)
    raise RoleModelError(
        f"{caller}: question: expected 'role' or 'staffing', found {question!r}"
        + (f" ({hint})" if hint else "")
    )


def answer_text(answer: Answer, reason: str = "") -> str:
    """An answer as a reader sees it; a missing one says so (and why, when known)."""
    if answer is None:
        return f"{NO_ANSWER}: {reason}" if reason else NO_ANSWER
    return answer.value


# -- the context a recommendation was made in -------------------------------------------------


def recommendation_context(rec: Recommendation, what: str) -> tuple[tuple[Framework, ...], dict[str, float]]:
    """The frameworks and weights ``rec`` was made with (built-ins stand in for read-back ones)."""
    frameworks = []
    builtin: dict[str, Framework] | None = None
    for verdict in rec.verdicts:
        framework = verdict._framework_obj
        if framework is None:
            if builtin is None:
                builtin = {f.id: f for f in builtin_frameworks()}
            framework = builtin.get(verdict.framework)
            if framework is None:
                raise RoleModelError(
                    f"{what}: the recommendation does not carry framework {verdict.framework!r} "
                    "(was it read back from a dict?); recommend again with that framework"
                )
        frameworks.append(framework)
    return tuple(frameworks), {v.framework: v.weight for v in rec.verdicts}


class Runner:
    """Recommend on variations of one profile with fixed frameworks and weights (memoised)."""

    def __init__(self, rec: Recommendation, what: str) -> None:
        self.profile = rec.profile
        self.frameworks, self.weights = recommendation_context(rec, what)
        #: The answers now, the recommendation's own: a change is any other answer.
        self.now: dict[str, Answer] = {"role": rec.role, "staffing": rec.staffing}
        self._seen: dict[tuple[str, Any], Recommendation] = {}

    def at(self, factor: str, value: Any) -> Recommendation:
        """The recommendation with ``factor`` set to ``value``, the rest of the profile held."""
        key = (factor, value)
        rec = self._seen.get(key)
        if rec is None:
            profile = attrs.evolve(self.profile, **{factor: value})
            rec = self._seen[key] = recommend(profile, frameworks=self.frameworks, weights=self.weights)
        return rec

    def answer(self, question: str, factor: str, value: Any) -> Answer:
        """The answer to ``question`` with ``factor`` set to ``value``."""
        return answer_on(self.at(factor, value), question)


# -- how what-if values spell answers and values ----------------------------------------------


def value_text(value: Any) -> str:
    """A factor value as a reader sees it: a stage by name, a float as short as it goes."""
    if isinstance(value, Stage):
        return value.value
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def jsonable(value: Any) -> Any:
    """A factor value as JSON: a stage by name."""
    return value.value if isinstance(value, Stage) else value


def answer_name(answer: Answer) -> str | None:
    """An answer as JSON: its name, ``None`` for no recommendation."""
    return None if answer is None else answer.value
