"""What every face reads off an explanation, before any format: questions, rows, graphs.

A recommendation answers two questions, the **role** and the **staffing**; :func:`questions`
gives them as two :class:`Question` values, each with its answer or why there is none, its
scores, the case for and against, and how each framework answered it (an abstainer neither
agrees nor dissents). The rows of the verdict and score tables, the texts of a fired rule,
a standing claim and a confidence, and :class:`GraphSpec`, the rule graph that the Mermaid
renderings and the matplotlib drawings both draw, live here too: plain strings and tuples
that :mod:`rolemodel._display`, :mod:`rolemodel._mermaid`, :mod:`rolemodel._plot` and the
reports then write out in their own format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._graph import target_kind
from rolemodel._markup import Answer, answer_label, no_recommendation, no_verdict
from rolemodel._model import Framework, Item, Role, Staffing

if TYPE_CHECKING:
    from rolemodel._explain import Contribution, Explanation, FrameworkExplanation, RoleCase
    from rolemodel._result import Recommendation

__all__ = [
    "ALWAYS",
    "QUESTION_NAMES",
    "SCORE_COLUMNS",
    "SCORE_HEADERS",
    "VERDICT_HEADERS",
    "GraphSpec",
    "Question",
    "confidence_word",
    "contribution_text",
    "counted_text",
    "frameworks_of",
    "graphs_for",
    "is_calibration",
    "item_says",
    "options_of",
    "panel_title",
    "questions",
    "score_rows",
    "stance_text",
    "verdict_rows",
]

#: The two questions a recommendation answers, in the order every face shows them.
QUESTION_NAMES = ("role", "staffing")


def options_of(name: str) -> tuple[Answer, ...]:
    """The answers a question (``role`` or ``staffing``) can have."""
    return tuple(Role) if name == "role" else tuple(Staffing)


# -- the two questions ------------------------------------------------------------------------


def confidence_word(confidence: float) -> str:
    """``low``, ``moderate`` or ``high``: thirds of the confidence scale."""
    return "low" if confidence < 1 / 3 else "moderate" if confidence < 2 / 3 else "high"


@attrs.frozen
class Question:
    """One of an explanation's two questions (``role`` or ``staffing``): its answer or why there
    is none, its combined scores, the case for the answer and against the others, and how each
    framework answered it."""

    name: str
    options: tuple[Answer, ...]
    answer: Answer | None
    scores: Mapping[Any, float]
    confidence: float
    reason: str
    winner: RoleCase | None
    losers: tuple[RoleCase, ...]

    @property
    def title(self) -> str:
        """``Role`` or ``Staffing``."""
        return self.name.capitalize()

    def own(self, fx: FrameworkExplanation) -> Answer | None:
        """A framework's own verdict on this question (``None``: it abstains)."""
        return fx.role if self.name == "role" else fx.staffing

    def own_reason(self, fx: FrameworkExplanation) -> str:
        """Why a framework abstains on this question ("" when it gives a verdict)."""
        return fx.reason if self.name == "role" else fx.staffing_reason

    def own_scores(self, fx: FrameworkExplanation) -> Mapping[Any, float]:
        """A framework's own scores on this question (empty when it does not speak to it)."""
        return fx.scores if self.name == "role" else fx.staffing_scores

    def agreement(self, fx: FrameworkExplanation) -> str:
        """``agrees`` or ``dissents`` for a framework with a verdict when there is a recommendation;
        ``""`` otherwise (an abstainer neither agrees nor dissents)."""
        own = self.own(fx)
        if own is None or self.answer is None:
            return ""
        return "agrees" if own is self.answer else "dissents"

    def dissent(self, frameworks: Iterable[FrameworkExplanation]) -> tuple[str, ...]:
        """Ids of the frameworks whose own verdict differs from the recommended answer."""
        return tuple(fx.framework for fx in frameworks if self.agreement(fx) == "dissents")

    def answer_text(self) -> str:
        """``leadership (confidence 0.62, moderate)``, or ``no recommendation: <reason>``."""
        if self.answer is None:
            return no_recommendation(self.reason)
        return f"{self.answer.value} (confidence {self.confidence:.2f}, {confidence_word(self.confidence)})"

    def own_text(self, fx: FrameworkExplanation, *, label: bool = False) -> str:
        """A framework's verdict: the answer (a label when ``label``), or ``no verdict: <reason>``."""
        own = self.own(fx)
        if own is None:
            return no_verdict(self.own_reason(fx))
        return answer_label(own) if label else own.value

    def cases(self) -> tuple[RoleCase, ...]:
        """The winner's case, then the losers' (none when there is no answer)."""
        return () if self.winner is None else (self.winner, *self.losers)


def questions(explanation: Explanation) -> tuple[Question, Question]:
    """The role question and the staffing question of an explanation."""
    return (
        Question(
            "role",
            tuple(Role),
            explanation.role,
            explanation.scores,
            explanation.confidence,
            explanation.reason,
            explanation.winner,
            explanation.losers,
        ),
        Question(
            "staffing",
            tuple(Staffing),
            explanation.staffing,
            explanation.staffing_scores,
            explanation.staffing_confidence,
            explanation.staffing_reason,
            explanation.staffing_winner,
            explanation.staffing_losers,
        ),
    )


def is_calibration(c: Contribution) -> bool:
    """Whether a fired rule's numbers are the library's calibration (as
    :attr:`Explanation.calibrated <rolemodel.Explanation.calibrated>` counts them)."""
    return c.basis != "article"


def counted_text(c: Contribution) -> str:
    """How much a fired rule counted: its share of the score, its push on a concept, or that it
    did not count because its framework abstains on that question."""
    if c.share is not None:
        return f"{c.share:.1%} of the score"
    if target_kind(c.target) == "concept":
        return f"+{c.evidence:.2f} to concept {c.target}"
    if not c.counted:
        return "not counted: its framework abstains"
    return f"+{c.evidence:.2f} to {c.target}"


def contribution_text(c: Contribution) -> str:
    """A fired rule in one plain line: what it says, where from, how much it counted, and
    ``(calibration)`` when its numbers are the library's."""
    mark = " (calibration)" if is_calibration(c) else ""
    stance = " (standing claim)" if c.stance else ""
    return f"{c.says} [{c.framework} \u00b7 {c.rule}{stance} \u00b7 {counted_text(c)}]{mark}"


def stance_text(stance: Iterable[str], *, label: bool = False) -> str:
    """An article's standing claims: the answers it pushes whatever the company."""
    return ", ".join(answer_label(s) if label else str(s) for s in stance)


VERDICT_HEADERS = ["article", "author", "role", "", "staffing", "", "standing claim (whatever the company)"]


def verdict_rows(explanation: Explanation) -> list[list[object]]:
    """Per framework: title, author, its role verdict and whether it agrees, its staffing verdict
    and whether it agrees, its standing claim. An abstainer's cell is ``no verdict: <reason>``
    and its agreement cell is empty; so is every agreement cell of a question with no
    recommendation."""
    role, staffing = questions(explanation)
    return [
        [
            fx.title,
            fx.author,
            role.own_text(fx, label=True),
            role.agreement(fx),
            staffing.own_text(fx, label=True),
            staffing.agreement(fx),
            stance_text(fx.stance, label=True),
        ]
        for fx in explanation.frameworks
    ]


SCORE_HEADERS = ["article", *(answer_label(a) for a in (*Role, *Staffing))]
SCORE_COLUMNS = frozenset(range(1, len(SCORE_HEADERS)))


def score_rows(explanation: Explanation, frameworks: Iterable[Framework] | None = None) -> list[list[object]]:
    """Per framework: its title and its own scores of the six answers, ``—`` where the article
    does not list that answer (``frameworks`` as for :func:`graphs_for`)."""
    rows: list[list[object]] = []
    for fx, spec in zip(explanation.frameworks, graphs_for(explanation, frameworks), strict=True):
        cells: list[object] = [fx.title]
        for q in questions(explanation):
            listed, scores = spec.options(q.name), q.own_scores(fx)
            cells += [f"{scores.get(o, 0.0):.2f}" if o.value in listed else "\u2014" for o in q.options]
        rows.append(cells)
    return rows


def frameworks_of(rec: Recommendation) -> list[Framework]:
    """The frameworks behind a recommendation's verdicts (built-in ones by id when restored)."""
    found: list[Framework] = []
    missing = []
    for verdict in rec.verdicts:
        if verdict._framework_obj is not None:
            found.append(verdict._framework_obj)
        else:
            missing.append(verdict.framework)
    if missing:
        from rolemodel._loader import builtin_frameworks

        by_id = {f.id: f for f in builtin_frameworks()}
        found += [by_id[m] for m in missing if m in by_id]
    return found


def item_says(item: Item) -> str:
    """What an item says; a ``difference`` says both of its poles."""
    if item.kind == "difference":
        return f"management: {item.management}; leadership: {item.leadership}"
    return item.says


# -- the rule graph a drawing draws -----------------------------------------------------------

ALWAYS = "always"


@attrs.frozen
class GraphSpec:
    """What a rule graph drawing needs: nodes by kind and, per rule, what it reads and acts on.

    ``rules`` holds ``(rule id, weight, reads, target kind, target)`` where ``reads`` are
    ``(kind, name)`` pairs and the target kind is ``concept``, ``role`` or ``staffing``; a rule
    that reads nothing reads ``("always", "always")``. ``roles`` and ``staffing`` are the
    answers the framework lists.
    """

    id: str
    factors: tuple[str, ...]
    concepts: tuple[str, ...]
    roles: tuple[str, ...]
    rules: tuple[tuple[str, float, tuple[tuple[str, str], ...], str, str], ...]
    staffing: tuple[str, ...] = ()

    def options(self, kind: str) -> tuple[str, ...]:
        """The answers of one question (``role`` or ``staffing``) drawn in this graph."""
        return self.roles if kind == "role" else self.staffing

    @classmethod
    def of(cls, framework: Framework) -> GraphSpec:
        """The graph of a framework: every rule of it."""
        return cls(
            id=framework.id,
            factors=framework.factors,
            concepts=tuple(c.id for c in framework.concepts),
            roles=tuple(s.role.value for s in framework.roles),
            staffing=tuple(s.staffing.value for s in framework.staffing),
            rules=tuple(
                (r.id, r.weight, r.reads or (("always", ALWAYS),), target_kind(r.then), r.then)
                for r in framework.rules
            ),
        )

    @classmethod
    def fired(cls, fx: FrameworkExplanation) -> GraphSpec:
        """A stand-in graph for a framework not at hand: only the rules that fired in ``fx``."""
        rules = []
        for c in fx.contributions:
            reads = tuple(("concept" if i.kind == "concept" else "factor", i.name) for i in c.reads) or (
                ("always", ALWAYS),
            )
            rules.append((c.rule, c.weight, reads, target_kind(c.target), c.target))

        def answers(kind: str, own: Answer | None) -> tuple[str, ...]:
            first = [own.value] if own is not None else []
            return tuple(dict.fromkeys(first + [r[4] for r in rules if r[3] == kind]))

        return cls(
            id=fx.framework,
            factors=tuple(dict.fromkeys(n for r in rules for k, n in r[2] if k == "factor")),
            concepts=tuple(
                dict.fromkeys(
                    [n for r in rules for k, n in r[2] if k == "concept"]
                    + [r[4] for r in rules if r[3] == "concept"]
                )
            ),
            roles=answers("role", fx.role),
            staffing=answers("staffing", fx.staffing),
            rules=tuple(rules),
        )


def graphs_for(
    explanation: Explanation,
    frameworks: Iterable[Framework] | None = None,
) -> list[GraphSpec]:
    """The rule graph behind each of an explanation's verdicts, in its order.

    The framework is looked up by id in ``frameworks`` (default: the built-in ones); one found
    in neither is stood in for by the rules the explanation says fired.
    """
    if frameworks is None:
        from rolemodel._loader import builtin_frameworks

        frameworks = builtin_frameworks()
    by_id = {f.id: f for f in frameworks}
    return [
        GraphSpec.of(by_id[fx.framework]) if fx.framework in by_id else GraphSpec.fired(fx)
        for fx in explanation.frameworks
    ]


def panel_title(framework: str, role: Answer | None, staffing: Answer | None) -> str:
    """The title of one framework's graph: its id and its two verdicts (``no verdict`` where it
    abstains)."""
    role_text = "no verdict" if role is None else role.value
    staffing_text = "no verdict" if staffing is None else staffing.value
    return f"{framework}: role {role_text}; staffing {staffing_text}"
