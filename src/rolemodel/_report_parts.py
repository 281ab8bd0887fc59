"""The pieces both client reports (the brief one and the full one) are made of (a face).

How a report names an article (its title and author from :mod:`rolemodel._sources`, never a
file name or a framework id), how it writes a fired rule as a cited reason (what it read in
words, never a factor or concept id), a prescribed item as a cited entry, the headline of a
question, where the articles agree and dissent, and the case for and against an answer.
Everything here renders what the explanation computed; nothing is computed again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._blocks import Block, Cited
from rolemodel._markup import STAFFING_MEANS, Answer, answer_label, no_recommendation, role_label
from rolemodel._model import Framework, Item, Staffing
from rolemodel._profile import FACTORS, LEVELS, MATURE_FULL, MATURE_START, STARTUP_FULL, STARTUP_GONE
from rolemodel._sources import LIBRARY_TITLE, Source, source_of
from rolemodel._views import Question, confidence_word, is_calibration, item_says
from rolemodel._wording import factor_label, name_words, plain, reads_text

if TYPE_CHECKING:
    from rolemodel._explain import Contribution, Explanation, RoleCase
    from rolemodel._handover import Handover
    from rolemodel._result import Recommendation

__all__ = [
    "CONFIDENCE_NOTE",
    "QUOTE_NOTE",
    "Articles",
    "Prescribed",
    "agreement",
    "case_blocks",
    "company_line",
    "headline",
    "input_rows",
    "item_cited",
    "label",
    "not_given",
    "opening",
    "reason_cited",
    "sources_list",
    "stage_note",
    "title",
]

CONFIDENCE_NOTE = (
    "Confidence is in [0, 1], for each question: how clearly the top answer leads the next one, "
    "times the share of the articles with a verdict that agree less the share that dissent. "
    "Articles that abstain take no part."
)
QUOTE_NOTE = "Quotes are verbatim from the source articles named; everything else paraphrases them."


@attrs.frozen
class Prescribed:
    """One framework item, with the framework that holds it."""

    item: Item
    framework: Framework


class Articles:
    """The articles behind an explanation, by framework id, as a reader names them."""

    def __init__(self, explanation: Explanation, frameworks: Iterable[Framework]) -> None:
        self.by_id: dict[str, Source] = {}
        for f in frameworks:
            self.by_id[f.id] = source_of(f.source, f.title, f.author)
        for fx in explanation.frameworks:
            self.by_id.setdefault(fx.framework, source_of(fx.source, fx.title, fx.author))

    def of(self, framework_id: str) -> Source:
        """The article of a framework (a stand-in named after its id if unknown)."""
        return self.by_id.get(framework_id) or Source(file="", title=name_words(framework_id))

    def short(self, framework_id: str) -> str:
        """An article in a sentence: its author, else its title."""
        source = self.of(framework_id)
        return source.author or source.shown_title

    def cited(self, framework_id: str, says: str, quote: str, **fields: Any) -> Cited:
        """A :class:`Cited` entry quoting a framework's article, named by title and author."""
        source = self.of(framework_id)
        note = "library's title" if source.library_title else ""
        return Cited(says, quote, source.title, source.author, url=source.url, note=note, **fields)


def label(q: Question) -> str:
    """``Leadership`` for the role, ``Split staffing`` for the staffing (``no role`` ... when none)."""
    if q.answer is None:
        return f"no {q.name}"
    return answer_label(q.answer) + (" staffing" if q.name == "staffing" else "")


def title(asked: Sequence[Question], client: str = "") -> str:
    """The report's title: both answers, and for whom."""
    whom = f" for {client}" if client else ""
    return f"Sales role recommendation{whom}: " + " \u00b7 ".join(label(q) for q in asked)


def headline(q: Question) -> str:
    """A question's answer in one sentence: score, confidence and its word."""
    if q.answer is None:
        return f"{q.title}: {no_recommendation(plain(q.reason))}."
    means = f" ({STAFFING_MEANS[q.answer]})" if isinstance(q.answer, Staffing) else ""
    lead = (
        "The articles together recommend"
        if q.name == "role"
        else "On who should hold the roles, they recommend"
    )
    return (
        f"{lead} {label(q)}{means}: it scores {q.scores[q.answer]:.2f} of 1, with confidence "
        f"{q.confidence:.2f} ({confidence_word(q.confidence)})."
    )


def _why(reason: str) -> str:
    return plain(reason) or "no reason given"


def agreement(q: Question, explanation: Explanation, articles: Articles, *, brief: bool = False) -> str:
    """Which articles give the answer as their own verdict, which dissent (with theirs), which
    abstain (with why, unless ``brief``)."""
    total = len(explanation.frameworks)
    speaking = [f for f in explanation.frameworks if q.own(f) is not None]
    silent = [f for f in explanation.frameworks if q.own(f) is None]
    name = articles.short
    if q.answer is None:
        text = f"{q.title}: {no_recommendation(plain(q.reason))}"
        own = [f"{name(f.framework)} ({answer_label(q.own(f) or '')})" for f in speaking]
        if own:
            text += "; verdicts: " + "; ".join(own)
    else:
        agree = [f for f in speaking if q.agreement(f) == "agrees"]
        text = (
            f"{q.title}: {len(agree)} of {total} articles give {answer_label(q.answer)} as their own verdict"
        )
        if agree and brief:
            text += " (" + "; ".join(name(f.framework) for f in agree) + ")"
        dissent = [
            f"{name(f.framework)} ({answer_label(q.own(f) or '')})"
            for f in speaking
            if q.agreement(f) == "dissents"
        ]
        text += "; dissenting: " + "; ".join(dissent) if dissent else "; none dissents"
    if silent and brief:
        text += f"; {len(silent)} give{'s' if len(silent) == 1 else ''} no verdict"
    elif silent:
        text += "; no verdict: " + "; ".join(f"{name(f.framework)} ({_why(q.own_reason(f))})" for f in silent)
    return text + "."


def reason_cited(c: Contribution, articles: Articles) -> Cited:
    """A fired rule as a cited reason: what it read (in words), how much it counted, its quote."""
    counted = f"{c.share:.1%} of the score" if c.share is not None else "not counted"
    return articles.cited(
        c.framework,
        c.says,
        c.citation.quote,
        detail=f"{reads_text(c.reads)}; {counted}",
        calibration=is_calibration(c),
    )


def item_cited(p: Prescribed, role: Answer | None, articles: Articles) -> Cited:
    """A prescribed item as a cited entry, naming its role when that is not ``role``."""
    whose = p.item.role is not None and p.item.role is not role
    return articles.cited(
        p.framework.id,
        item_says(p.item),
        p.item.citation.quote,
        name=p.item.name,
        whose=role_label(p.item.role) if whose and p.item.role else "",
    )


def _names(ids: Iterable[str], articles: Articles) -> str:
    return "; ".join(articles.short(i) for i in ids)


def case_blocks(q: Question, case: RoleCase, articles: Articles, *, limit: int | None = None) -> list[Block]:
    """The case for the recommended answer, or against another: its score, whose verdict it
    is, and the reasons that spoke for it (for another answer: outweighed by the winner's)."""
    assert q.answer is not None and q.winner is not None
    suffix = " staffing" if q.name == "staffing" else ""
    won = case is q.winner
    reasons = [reason_cited(c, articles) for c in case.reasons[:limit]]
    n = len(case.favoured_by)
    whose = (
        f"the own verdict of {n} article{'s' if n != 1 else ''} ({_names(case.favoured_by, articles)})"
        if n
        else "no article's own verdict"
    )
    if won:
        text = f"It scores {case.score:.2f} of 1 and is {whose}."
        intro = "The reasons that counted most for it:"
    else:
        winner = f"{answer_label(q.answer)}{suffix}"
        text = f"It scores {case.score:.2f}, {case.gap:.2f} behind {winner}, and is {whose}."
        intro = f"What spoke for it, outweighed by the reasons for {answer_label(q.answer)}{suffix} above:"
    if case.silent:
        text += f" Not among the answers of: {_names(case.silent, articles)}."
    blocks = [
        Block("h2", f"{'Why' if won else 'Why not'} {answer_label(case.role)}{suffix}"),
        Block("p", text),
    ]
    if reasons:
        blocks += [Block("p", intro), Block("reasons", data=reasons)]
    else:
        blocks.append(Block("p", "No rule for it fired: only the articles' baselines count for it."))
    return blocks


def _value(name: str, value: object) -> str:
    if isinstance(value, float) and FACTORS[name].kind == "graded":
        level = next((k for k, v in LEVELS.items() if v == value), "")
        return f"{value:g} ({level})" if level else f"{value:g}"
    return "" if value is None else str(value)


def input_rows(rec: Recommendation) -> list[list[object]]:
    """The company's factors as given: label, value (graded ones with their level), meaning."""
    profile = rec.profile
    rows: list[list[object]] = [
        [factor_label(name), _value(name, value), plain(FACTORS[name].says)]
        for name, value in profile.to_dict().items()
    ]
    if profile.stage is None:
        rows.append(
            [
                "Stage",
                f"{profile.effective_stage.value} (derived from the company size)",
                plain(FACTORS["stage"].says),
            ]
        )
    return rows


def company_line(rec: Recommendation) -> str:
    """The factors as given, in one sentence."""
    parts = [f"{str(row[0]).lower()} {row[1]}" for row in input_rows(rec)]
    return "Based on: " + "; ".join(parts) + "."


def not_given(explanation: Explanation) -> list[str]:
    """The factors some framework reads that were not given, in words."""
    names = dict.fromkeys(n for f in explanation.frameworks for n in f.not_given)
    return [name_words(n) for n in names]


def stage_note(rec: Recommendation) -> str:
    """The assumption made when the stage is derived from the headcount ("" when given)."""
    profile = rec.profile
    if profile.stage is not None:
        return ""
    return (
        f"The stage, {profile.effective_stage.value}, is derived from the company size "
        f"({profile.company_size} employees): by the library's calibration a company is wholly a "
        f"startup up to {STARTUP_FULL:g} employees, fading out by {STARTUP_GONE:g}, and wholly mature "
        f"from {MATURE_FULL:g}, fading in from {MATURE_START:g}. Give the stage to replace it."
    )


def sources_list(explanation: Explanation, asked: Sequence[Question], articles: Articles) -> list[str]:
    """Each article as a reader names it, with what it answered (and the notes on its title,
    author and weight)."""
    out = []
    for f in explanation.frameworks:
        source = articles.of(f.framework)
        notes = []
        if source.library_title:
            notes.append(source.title_note or LIBRARY_TITLE)
        if not source.author:
            notes.append(source.author_note or "no author named")
        elif source.author_note:
            notes.append(f"the author {source.author_note}")
        if source.publisher:
            notes.append(f"published by {source.publisher}")
        if f.weight != 1:
            notes.append(f"weighted {f.weight:g}")
        if source.url:
            notes.append(source.url)
        verdicts = "; ".join(f"{q.name}: {plain(q.own_text(f, label=True))}" for q in asked)
        stance = ""
        if f.stance:
            stance = "; standing claim (whatever the company): " + ", ".join(
                answer_label(s) for s in f.stance
            )
        who = f"{source.author}, {source.title}" if source.author else source.title
        extra = f" ({'; '.join(notes)})" if notes else ""
        out.append(f"{who}{extra}. {verdicts[0].upper()}{verdicts[1:]}{stance}.")
    return out


def opening(page_title: str, given: Handover) -> list[Block]:
    """The title block: the logo (HTML only), the title, and for whom, when and by whom."""
    blocks = [Block("open", "summary")]
    if given.logo:
        blocks.append(Block("logo", f"logo of {given.client}" if given.client else "logo", given.logo))
    blocks.append(Block("h1", page_title))
    pairs = given.pairs()
    if pairs:
        blocks.append(Block("meta", data=pairs))
    return blocks
