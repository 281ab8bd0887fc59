"""The brief client report: what a client reads in a few minutes (a face).

The answer on both questions with its confidence and what it rests on, the reasons that counted
most (each quoted and cited), where the articles dissent, and next steps: the first practices
the articles prescribe for the recommended role and the staffing. Every entry is one of the full
report's (:mod:`rolemodel._report`), fewer of them; the full report has the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rolemodel._blocks import Block
from rolemodel._explain import CALIBRATION_NOTE
from rolemodel._markup import answer_label
from rolemodel._report_parts import (
    CONFIDENCE_NOTE,
    QUOTE_NOTE,
    Articles,
    Prescribed,
    agreement,
    company_line,
    headline,
    item_cited,
    opening,
    reason_cited,
    stage_note,
    title,
)
from rolemodel._views import Question, frameworks_of, questions

if TYPE_CHECKING:
    from rolemodel._handover import Handover
    from rolemodel._result import Recommendation

__all__ = ["NEXT_STEPS", "TOP_REASONS", "brief_blocks"]

#: The reasons shown per question, strongest first (the full report shows up to five).
TOP_REASONS = 3
#: The practices shown as next steps for the role (those for that role first), and for the staffing.
NEXT_STEPS = 5
_STAFFING_STEPS = 2


def _others(q: Question) -> str:
    """The other answers and how far behind they are, in one clause."""
    assert q.answer is not None
    suffix = " staffing" if q.name == "staffing" else ""
    return "; ".join(f"{answer_label(c.role)}{suffix} {c.score:.2f}, {c.gap:.2f} behind" for c in q.losers)


def _interleave(items: list[Prescribed]) -> list[Prescribed]:
    """The items taken in turn from each article (each article's own order kept), so that the
    first few steps come from several articles, not all from the first."""
    queues: dict[str, list[Prescribed]] = {}
    for p in items:
        queues.setdefault(p.framework.id, []).append(p)
    out: list[Prescribed] = []
    while any(queues.values()):
        for queue in queues.values():
            if queue:
                out.append(queue.pop(0))
    return out


def _steps(rec: Recommendation, items: list[Prescribed]) -> tuple[list[Prescribed], int]:
    """The next steps shown and how many more the full report prescribes: the practices for
    the recommended role, then those for every role, then what the articles say about the
    recommended staffing."""
    role, staffing = rec.role, rec.staffing
    practices = [p for p in items if p.item.kind == "practice" and p.item.staffing is None]
    for_role = [p for p in practices if role is not None and p.item.role is role]
    general = [p for p in practices if role is not None and p.item.role is None]
    about_staffing = [p for p in items if staffing is not None and p.item.staffing is staffing]
    shown = _interleave(for_role + general)[:NEXT_STEPS] + about_staffing[:_STAFFING_STEPS]
    return shown, len(for_role) + len(general) + len(about_staffing) - len(shown)


def brief_blocks(rec: Recommendation, given: Handover) -> tuple[str, list[Block]]:
    """The brief report's title and blocks."""
    explanation = rec.explain()
    asked = questions(explanation)
    frameworks = frameworks_of(rec)
    articles = Articles(explanation, frameworks)
    page_title = title(asked, given.client)
    blocks = opening(page_title, given)
    blocks += [Block("lead", headline(q), q.answer) for q in asked]
    others = [f"{q.title}: {_others(q)}" for q in asked if q.answer is not None and q.losers]
    if others:
        blocks.append(Block("p", "The other answers score lower. " + ". ".join(others) + "."))
    blocks.append(Block("p", company_line(rec)))
    note = stage_note(rec)
    if note:
        blocks.append(Block("muted", note))
    blocks.append(Block("close"))

    for q in asked:
        if q.answer is None or q.winner is None:
            continue
        suffix = " staffing" if q.name == "staffing" else ""
        reasons = [reason_cited(c, articles) for c in q.winner.reasons[:TOP_REASONS]]
        blocks += [Block("open", f"why-{q.name}"), Block("h2", f"Why {answer_label(q.answer)}{suffix}")]
        blocks.append(
            Block("reasons", data=reasons)
            if reasons
            else Block("p", "No rule for it fired: only the articles' baselines count for it.")
        )
        blocks.append(Block("close"))

    blocks += [
        Block("open", "verdicts"),
        Block("h2", "Where the articles agree and dissent"),
        *(Block("p", agreement(q, explanation, articles, brief=True)) for q in asked),
        Block("close"),
    ]

    items = [Prescribed(i, f) for f in frameworks for i in f.items]
    steps, more = _steps(rec, items)
    blocks += [Block("open", "next-steps"), Block("h2", "Next steps")]
    if steps:
        blocks.append(Block("items", data=[item_cited(p, rec.role, articles) for p in steps]))
    else:
        blocks.append(Block("p", "No role is recommended, so nothing is prescribed for a role."))
    if more > 0:
        blocks.append(
            Block("muted", f"The full report prescribes {more} more, with every reason and verdict.")
        )
    blocks.append(Block("close"))

    sources = [articles.of(f.framework).byline for f in explanation.frameworks]
    blocks += [Block("open", "sources"), Block("h2", "Sources"), Block("list", data=sources)]
    notes = [CONFIDENCE_NOTE]
    if explanation.calibrated:
        notes.append(f"Note: {CALIBRATION_NOTE}.")
    notes.append(QUOTE_NOTE)
    blocks += [*(Block("muted", n) for n in notes), Block("close")]
    return page_title, blocks
