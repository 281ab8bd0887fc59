"""The top reason of a role answer, in words: the strongest cited rule behind it.

``top_reason`` is the rule that accounts for the largest share of the winning role's combined
score (as :class:`rolemodel.Explanation` measures shares), among the rules that read the
profile: an article's standing claim (a rule that fires for every company) is not a reason
for this company. It reads as the rule's own words and the article it comes from, e.g.
``"A market that changes fast needs leadership (Are You a Sales Leader or a Sales Manager?)"``.
Nothing when there is no role, or no rule that read the profile moved the winner.

:func:`top_reason` reads one :class:`~rolemodel.Recommendation`; :func:`top_reason_column`
gives the same for a block of rows scored by :func:`rolemodel.recommend_table`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rolemodel._model import Framework, Rule
    from rolemodel._result import Recommendation
    from rolemodel._vector import Columns

__all__ = ["reason_text", "top_reason", "top_reason_column"]

_ROLES = ("management", "leadership", "growth_leader")


def reason_text(framework: Framework, rule: Rule) -> str:
    """A rule in words: what it says, and the article it cites."""
    says = rule.says.strip().rstrip(".")
    return f"{says[:1].upper()}{says[1:]} ({framework.title})"


def top_reason(rec: Recommendation) -> str | None:
    """The strongest cited rule behind ``rec``'s role, in words (see the module's docs)."""
    if rec.role is None:
        return None
    best, text = 0.0, None
    for verdict in rec.verdicts:
        if verdict.role is None or verdict.weight <= 0:
            continue
        framework = verdict._framework_obj
        degrees, evidence = verdict._degrees, verdict._evidence
        if framework is None or not degrees or not evidence:
            continue
        total = sum(evidence[:3])
        if total <= 0:
            continue
        for rule, degree in zip(framework.rules, degrees, strict=True):
            if rule.then != rec.role.value or rule.stance or not degree:
                continue
            value = verdict.weight * rule.weight * degree / total
            if value > best:
                best, text = value, reason_text(framework, rule)
    return text


def top_reason_column(
    np: Any,
    chosen: Sequence[Framework],
    weights: Sequence[float],
    columns: Columns,
    role: Any,
    choices: Sequence[Any],
    evidence: Sequence[Sequence[Any]],
) -> Any:
    """:func:`top_reason` for each row of a scored block: ``role`` is the combined role's code
    per row (-1: none), ``choices`` each framework's role code per row, ``evidence`` each
    framework's role evidence (three arrays)."""
    n = columns.n
    best = np.zeros(n)
    pick = np.full(n, -1, dtype=np.intp)
    texts: list[str] = []
    for framework, weight, choice, ev in zip(chosen, weights, choices, evidence, strict=True):
        if weight <= 0:
            continue
        plan = framework._plan
        total = ev[0] + ev[1] + ev[2]
        speaks = (choice >= 0) & (total > 0)
        # divided last, as top_reason() does, so a tie between two rules resolves the same way
        total = np.where(speaks, total, 1.0)
        concept_index = {c: i for i, c in enumerate(plan.concepts)}
        concepts: list[Any] = [0.0] * len(plan.concepts)
        for step in plan.steps:
            d = columns.degree(step.condition, concepts, concept_index)
            if not step.to_outcome:
                concepts[step.target] = np.minimum(concepts[step.target] + step.weight * d, 1.0)
                continue
            if step.stance or step.target >= 3:
                continue
            value = np.where(speaks & (role == step.target), weight * step.weight * d / total, 0.0)
            better = value > best
            if better.any():
                best = np.where(better, value, best)
                pick = np.where(better, len(texts), pick)
            texts.append(reason_text(framework, framework.rules[step.rule]))
    names = np.empty(len(texts) + 1, dtype=object)
    names[: len(texts)] = texts
    names[len(texts)] = None
    return names[pick]


def role_code(role: Any) -> int:
    """A role's index in the engine's order (-1 for none)."""
    return -1 if role is None else _ROLES.index(role.value if hasattr(role, "value") else role)


def weights_of(chosen: Sequence[Framework], weights: Mapping[str, float] | None) -> list[float]:
    """The combination weight of each chosen framework (1 where not given)."""
    return [float((weights or {}).get(f.id, 1.0)) for f in chosen]
