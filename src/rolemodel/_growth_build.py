"""Building a growth path: the periods recommended, their transitions found and cited.

:func:`evaluate` turns raw periods (:mod:`rolemodel._growth_input`) into :class:`Period` values,
each holding exactly ``recommend()`` of its profile, and :func:`build` finds the transitions
between consecutive periods (:data:`KINDS` says what 002 prescribes for each change of staffing,
with its passage) and returns the :class:`GrowthPath`. :func:`rolemodel.growth_path` and the
plans of :mod:`rolemodel._growth_plan` both come through here.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._api import choose_frameworks, recommend
from rolemodel._errors import ProfileError, RoleModelError
from rolemodel._growth import READY, SOURCE_002, Answer, GrowthPath, Period, Question, Transition
from rolemodel._growth_input import PeriodError, RawPeriod, label_text
from rolemodel._model import Citation, Framework, Role, Staffing
from rolemodel._profile import Profile
from rolemodel._result import Recommendation

if TYPE_CHECKING:
    from rolemodel._explain import Contribution

__all__ = ["KINDS", "build", "evaluate"]

#: The kinds of staffing transition 002 describes: a title, what it means (our words) and the
#: passage that prescribes it (a verbatim quote of 002, checked by the tests).
KINDS: Mapping[str, tuple[str, str, Citation | None]] = {
    "dedicated-manager": (
        "Bring in a dedicated sales manager",
        "The company has outgrown one person holding both roles: the owner keeps leading, and a "
        "dedicated sales manager takes on the process, rigor and metrics.",
        Citation(
            SOURCE_002,
            "This is where business owners often face a critical decision: continue trying to juggle "
            "both leadership and management or bring in someone with strong sales management capabilities.",
        ),
    ),
    "converge": (
        "Converge the roles into one Growth Leader",
        "The company has matured: the two roles can be combined, and one Growth Leader holds both "
        "the vision and the operational grip.",
        Citation(
            SOURCE_002,
            "A mature company, with a well-established sales team, often finds that these two roles "
            "can be effectively combined into one.",
        ),
    ),
    "keep-split": (
        "Keep the roles split: the manager cannot make the leap",
        "The company has reached the point where the roles would converge (with a ready manager the "
        "answer is converged), but its sales manager lacks the aptitude to lead: keep a separate "
        "leader beside the manager.",
        Citation(
            SOURCE_002,
            "Yet, it\u2019s crucial to recognize that not every sales manager will naturally "
            "evolve into a sales leader.",
        ),
    ),
    "separate": (
        "Separate the roles again",
        "The roles are held apart again, a leader beside a dedicated manager, for the reasons below.",
        None,
    ),
    "one-person": (
        "One person holds both roles",
        "One person holds both roles again, as in a small company, for the reasons below.",
        None,
    ),
}

#: Where 002 puts marketing: it reports to the leader (or the Growth Leader) and only
#: collaborates with the manager.

# -- building a growth path ---------------------------------------------------------------------


def _labelled(raws: Sequence[RawPeriod]) -> list[tuple[RawPeriod, PeriodError | None]]:
    """Every period with its label (numbered from 1 when none has one), or why it has none that
    will do: a period without a label among labelled ones, or a label given twice."""
    if all(r.label is None for r in raws):
        return [(attrs.evolve(r, label=r.position), None) for r in raws]
    seen: dict[str, RawPeriod] = {}
    out: list[tuple[RawPeriod, PeriodError | None]] = []
    for r in raws:
        error = None
        if r.error is None and r.label is None:
            error = PeriodError(r.where(), "period", None, "a label, as the other periods have")
        elif r.error is None and r.label is not None:
            key = label_text(r.label)
            if key in seen:
                error = PeriodError(
                    r.where(), "period", r.label, "each period once", f"{seen[key].where()} has it too"
                )
            else:
                seen[key] = r
        out.append((r, error))
    return out


def _held(rec: Recommendation, frameworks: Any, weights: Any) -> bool:
    """Whether the roles are not converged only because the manager is not ready."""
    readiness = rec.profile.manager_readiness
    if rec.staffing is Staffing.CONVERGED or readiness is None or readiness >= READY:
        return False
    ready = recommend(
        attrs.evolve(rec.profile, manager_readiness=READY), frameworks=frameworks, weights=weights
    )
    return ready.staffing is Staffing.CONVERGED


def evaluate(
    raws: Iterable[RawPeriod],
    frameworks: Iterable[Framework] | None = None,
    weights: Mapping[str, float] | None = None,
    *,
    collect: bool = False,
) -> tuple[list[Period], list[tuple[RawPeriod, str]]]:
    """The periods recommended, and the bad ones with their errors.

    Without ``collect`` the first bad period raises a :class:`PeriodError` (a
    :class:`~rolemodel.ProfileError` naming the period); with it, bad periods are returned
    with their messages and left out of the path (the command line reports each one).
    """
    chosen = None if frameworks is None else choose_frameworks(frameworks, weights, "growth_path")[0]
    bad: list[tuple[RawPeriod, str]] = []
    periods: list[Period] = []
    for raw, label_error in _labelled(list(raws)):
        try:
            if raw.error is not None:
                raise PeriodError.unreadable(raw.where(), raw.error)
            if label_error is not None:
                raise label_error
            try:
                profile = Profile.from_mapping(raw.factors)
            except ProfileError as exc:
                raise PeriodError.of(raw.where(), exc) from None
        except PeriodError as exc:
            if not collect:
                raise
            bad.append((raw, str(exc)))
            continue
        rec = recommend(profile, frameworks=chosen, weights=weights)
        assert raw.label is not None
        periods.append(Period(raw.label, rec, _held(rec, chosen, weights)))
    return periods, bad


def build(periods: Sequence[Period], *, name: str = "", assumptions: Sequence[str] = ()) -> GrowthPath:
    """The growth path of these periods: their transitions found and cited."""
    if not periods:
        raise RoleModelError("trajectory: expected at least one period, found none")
    transitions: list[Transition] = []
    for before, now in itertools.pairwise(periods):
        transitions += _transitions(before, now)
    return GrowthPath(tuple(periods), tuple(transitions), name=name, assumptions=tuple(assumptions))


# -- transitions --------------------------------------------------------------------------------


def _grown(before: Recommendation, now: Recommendation, answer: Role | Staffing) -> tuple[Contribution, ...]:
    """The counted rules into ``answer`` whose evidence grew since ``before`` (most first), or
    its strongest rules when none grew."""
    was = {(c.framework, c.rule): c.evidence for c in before.explain().contributions}
    into = [c for c in now.explain().contributions if c.target == answer.value and c.counted]
    grown = sorted(
        (c for c in into if c.evidence > was.get((c.framework, c.rule), 0.0) + 1e-9),
        key=lambda c: -(c.evidence - was.get((c.framework, c.rule), 0.0)),
    )
    chosen = grown or sorted(into, key=lambda c: -(c.share or 0.0))
    return tuple(chosen[:3])


def _transitions(before: Period, now: Period) -> list[Transition]:
    out: list[Transition] = []
    was_s, now_s = before.staffing, now.staffing
    keep = now.held_by_manager and now_s is Staffing.SPLIT and was_s in (Staffing.SPLIT, Staffing.CONVERGED)
    if was_s is not now_s or (keep and not before.held_by_manager):
        out.append(_staffing_transition(before, now, keep))
    if before.role is not now.role:
        out.append(_role_transition(before, now))
    return out


def _no_answer(before: Period, now: Period, question: Question, was: Answer) -> Transition:
    reason = now.recommendation.reason if question == "role" else now.recommendation.staffing_reason
    return Transition(
        kind="no-answer",
        question=question,
        before=before.period,
        at=now.period,
        was=was,
        now=None,
        title=f"No {question} answer",
        says=f"The articles give no {question} answer in this period: {reason}.",
        citation=None,
    )


def _staffing_transition(before: Period, now: Period, held: bool) -> Transition:
    was, answer = before.staffing, now.staffing
    if answer is None:
        return _no_answer(before, now, "staffing", was)
    if held:
        kind = "keep-split"
        reasons = tuple(
            c
            for c in now.recommendation.explain().contributions
            if c.target == Staffing.SPLIT.value
            and c.counted
            and any(i.name == "manager_readiness" for i in c.reads)
        ) or _grown(before.recommendation, now.recommendation, answer)
    else:
        kind = {
            Staffing.CONVERGED: "converge",
            Staffing.SINGLE: "one-person",
            Staffing.SPLIT: "dedicated-manager" if was is Staffing.SINGLE else "separate",
        }[answer]
        reasons = _grown(before.recommendation, now.recommendation, answer)
    title, says, citation = KINDS[kind]
    note = ""
    if now.held_by_manager and not held:
        note = (
            "the sales manager's readiness keeps the roles apart: with a ready manager the articles "
            "would converge them into one Growth Leader"
        )
    if kind == "converge" and now.profile.manager_readiness is None:
        note = (
            "manager_readiness not given: the convergence assumes a sales manager able to make the "
            "leap (not every manager can), so it stands at a lower confidence than with a ready "
            "manager; give manager_readiness to firm it up"
        )
    return Transition(
        kind=kind,
        question="staffing",
        before=before.period,
        at=now.period,
        was=was,
        now=answer,
        title=title,
        says=says,
        citation=citation if citation is not None else (reasons[0].citation if reasons else None),
        reasons=reasons,
        note=note,
    )


def _role_transition(before: Period, now: Period) -> Transition:
    was, answer = before.role, now.role
    if answer is None:
        return _no_answer(before, now, "role", was)
    reasons = _grown(before.recommendation, now.recommendation, answer)
    text = "none" if was is None else was.value
    return Transition(
        kind="role",
        question="role",
        before=before.period,
        at=now.period,
        was=was,
        now=answer,
        title=f"The role needed most turns to {answer.value}",
        says=f"The role the sales organisation needs most changes from {text} to {answer.value}, "
        "for the reasons below.",
        citation=reasons[0].citation if reasons else None,
        reasons=reasons,
    )
