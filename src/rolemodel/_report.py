"""Client and portfolio reports in Markdown or self-contained HTML (a face).

A client report answers the two questions for one company, the **role** (what the sales
organisation needs most now) and the **staffing** (who holds the roles), for a named client,
dated, by a named author, with an optional logo (:mod:`rolemodel._handover`). It comes in two
lengths:

- **brief** (:mod:`rolemodel._report_brief`; Markdown's default): the answer and its
  confidence, the reasons that counted most with their quotes, where the articles dissent,
  and next steps, the practices the articles prescribe;
- **full** (HTML's default): also the score charts, the company's factors, every article's
  verdict and scores, why each other answer lost, and everything the articles prescribe for
  that role, the company's stage and that staffing (:func:`prescriptions`).

Every practice and reason is an item or rule of a framework, quoted and cited by the article's
title and author (:mod:`rolemodel._sources`); a rule whose numbers are the library's
calibration is marked so. A question with no recommendation says so, with the reason, and
prescribes nothing for it. Portfolio reports are :mod:`rolemodel._portfolio`'s.

Both are built once as a list of blocks and written out by :mod:`rolemodel._blocks` as
Markdown or one self-contained HTML page.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._blocks import Block, chart, check_format, render, table
from rolemodel._errors import RoleModelError, did_you_mean
from rolemodel._explain import CALIBRATION_NOTE
from rolemodel._handover import Handover, handover
from rolemodel._markup import (
    STAFFING_MEANS,
    answer_label,
    has_scores,
    no_recommendation,
    role_label,
    score_bars,
)
from rolemodel._model import Framework, Role, Staffing, Stage
from rolemodel._portfolio import portfolio_report
from rolemodel._report_parts import (
    CONFIDENCE_NOTE,
    QUOTE_NOTE,
    Articles,
    Prescribed,
    agreement,
    case_blocks,
    headline,
    input_rows,
    item_cited,
    not_given,
    opening,
    sources_list,
    stage_note,
    title,
)
from rolemodel._result import RESULT_COLUMNS
from rolemodel._views import (
    SCORE_COLUMNS,
    SCORE_HEADERS,
    VERDICT_HEADERS,
    frameworks_of,
    questions,
    score_rows,
)
from rolemodel._views import verdict_rows as _verdict_rows

if TYPE_CHECKING:
    from rolemodel._assess import Assessment
    from rolemodel._audit_result import TeamAudit, TimeAudit
    from rolemodel._explain import Explanation
    from rolemodel._mbos import MBOPlan
    from rolemodel._result import Recommendation
    from rolemodel._rhythm import Rhythm

__all__ = [
    "DETAILS",
    "RESULT_COLUMNS",
    "Prescribed",
    "Section",
    "client_report",
    "portfolio_report",
    "prescriptions",
]

#: The lengths of a client report.
DETAILS = ("brief", "full")


# -- what the articles prescribe ------------------------------------------------------------

#: The groups of items about the recommended role after its practices and the company's
#: stage: heading, introduction (of the role's label) and the item kinds it holds.
_ROLE_SECTIONS = (
    ("Where this role fits", "Situations in which the articles say {} fits.", ("situation",)),
    ("Strengths", "What the articles count in favour of {}.", ("pro",)),
    ("Cons and caveats", "What the articles warn about {}.", ("con", "caveat")),
    ("Questions to ask", "Questions the articles put to {}.", ("question",)),
)


@attrs.frozen
class Section:
    """A group of prescribed items under a heading."""

    heading: str
    intro: str
    items: tuple[Prescribed, ...]


def prescriptions(
    frameworks: Iterable[Framework],
    role: Role | None,
    stage: Stage,
    staffing: Staffing | None = None,
) -> list[Section]:
    """What the frameworks' items say about ``role`` at ``stage`` (and about ``staffing``),
    grouped; empty groups left out.

    Practices for the role (and those for every role), the items on the company's stage,
    the situations where the articles say the role fits, its strengths, its risks and
    caveats, the questions it asks, and what the articles say about the staffing. With no
    role (``None``: there is no recommendation) nothing is prescribed for a role; with no
    staffing nothing is said about one. Nothing is added that no framework holds.
    """
    chosen = tuple(frameworks)

    def pick(test: Any) -> tuple[Prescribed, ...]:
        return tuple(Prescribed(i, f) for f in chosen for i in f.items if test(i))

    label = role_label(role) if role is not None else ""
    sections: list[Section] = []
    if role is not None:
        sections.append(
            Section(
                "Practices",
                f"What the articles prescribe for {label} (or for every sales head).",
                pick(lambda i: i.kind == "practice" and i.role in (role, None) and i.staffing is None),
            )
        )
    sections.append(
        Section(
            f"At the {stage.value} stage",
            f"What the articles say about a company at the {stage.value} stage.",
            pick(lambda i: i.kind == "stage" and i.dimension == stage.value),
        )
    )
    if role is not None:
        sections += [
            Section(
                heading, intro.format(label), pick(lambda i, kinds=kinds: i.kind in kinds and i.role is role)
            )
            for heading, intro, kinds in _ROLE_SECTIONS
        ]
    if staffing is not None:
        label = answer_label(staffing)
        sections.append(
            Section(
                f"{label} staffing",
                f"What the articles say about {label} staffing ({STAFFING_MEANS[staffing]}).",
                pick(lambda i: i.staffing is staffing),
            )
        )
    return [s for s in sections if s.items]


# -- one client, in full --------------------------------------------------------------------


def _verdict_table(explanation: Explanation, articles: Articles) -> Block:
    rows = _verdict_rows(explanation)
    for row, fx in zip(rows, explanation.frameworks, strict=True):
        source = articles.of(fx.framework)
        row[0], row[1] = source.shown_title, source.author or "not named"
    return table(VERDICT_HEADERS, rows)


def _score_table(explanation: Explanation, frameworks: list[Framework], articles: Articles) -> Block:
    rows = score_rows(explanation, frameworks)
    for row, fx in zip(rows, explanation.frameworks, strict=True):
        row[0] = articles.short(fx.framework)
    return table(SCORE_HEADERS, rows, SCORE_COLUMNS)


def _full_blocks(rec: Recommendation, given: Handover) -> tuple[str, list[Block]]:
    explanation = rec.explain()
    asked = questions(explanation)
    role_q = asked[0]
    frameworks = frameworks_of(rec)
    articles = Articles(explanation, frameworks)
    page_title = title(asked, given.client)
    blocks = opening(page_title, given)
    blocks += [Block("lead", headline(q), q.answer) for q in asked]
    blocks += [Block("close"), Block("open", "scores"), Block("h2", "Scores")]
    for q in asked:
        if has_scores(q.scores):
            highlight = answer_label(q.answer) if q.answer is not None else None
            blocks.append(
                chart(f"Combined scores of the {q.name} options", score_bars(q.scores, q.options), highlight)
            )
        else:
            blocks.append(Block("p", f"{q.title}: no scores, {q.reason or 'no reason given'}."))
    blocks += [Block("muted", CONFIDENCE_NOTE), Block("close")]

    blocks += [
        Block("open", "company"),
        Block("h2", "The company"),
        table(["factor", "value", "meaning"], input_rows(rec)),
    ]
    missing = not_given(explanation)
    if missing:
        blocks.append(
            Block("muted", f"Not given (rules that read these stayed silent): {', '.join(missing)}.")
        )
    note = stage_note(rec)
    if note:
        blocks += [Block("p", "Assumed:"), Block("list", data=[note])]
    blocks.append(Block("close"))

    blocks += [
        Block("open", "verdicts"),
        Block("h2", "Where the articles agree and dissent"),
        *(Block("p", agreement(q, explanation, articles)) for q in asked),
        _verdict_table(explanation, articles),
        Block("p", "Each article's own scores (\u2014 where the article does not name that answer):"),
        _score_table(explanation, frameworks, articles),
        Block("close"),
    ]

    for q in asked:
        if q.answer is None:
            blocks += [
                Block("open", f"no-{q.name}"),
                Block("h2", f"No {q.name} recommendation"),
                Block("p", f"{q.title}: {no_recommendation(q.reason)}."),
                Block("close"),
            ]
            continue
        for case in q.cases():
            blocks += [Block("open", ""), *case_blocks(q, case, articles), Block("close")]

    sections = prescriptions(frameworks, rec.role, rec.profile.effective_stage, rec.staffing)
    blocks.append(Block("open", "practices"))
    if role_q.answer is not None:
        blocks.append(Block("h2", f"What the articles prescribe for {answer_label(role_q.answer)}"))
    else:
        blocks += [
            Block("h2", "What the articles prescribe"),
            Block("p", f"No role is recommended ({role_q.reason}), so nothing is prescribed for a role."),
        ]
    for section in sections:
        items = [item_cited(p, role_q.answer, articles) for p in section.items]
        blocks += [Block("h3", section.heading), Block("muted", section.intro), Block("items", data=items)]
    blocks.append(Block("close"))

    blocks += [
        Block("open", "sources"),
        Block("h2", "Sources"),
        Block("list", data=sources_list(explanation, asked, articles)),
    ]
    if explanation.calibrated:
        blocks.append(Block("muted", f"Note: {CALIBRATION_NOTE}."))
    blocks += [Block("muted", QUOTE_NOTE), Block("close")]
    return page_title, blocks


def _check_detail(detail: str | None, format: str) -> str:
    if detail is None:
        return "brief" if format == "markdown" else "full"
    if detail not in DETAILS:
        hint = did_you_mean(str(detail), DETAILS)
        raise RoleModelError(
            f"detail: expected one of {', '.join(DETAILS)}, found {detail!r}" + (f" ({hint})" if hint else "")
        )
    return detail


def client_report(
    rec: Recommendation,
    format: str = "markdown",
    *,
    client: str | None = None,
    prepared_by: str | None = None,
    date: Any = None,
    logo: bytes | str | os.PathLike[str] | None = None,
    detail: str | None = None,
    assessments: Sequence[Assessment] = (),
    seats: str | Mapping[str, str] | None = None,
    audit: TimeAudit | TeamAudit | None = None,
    rhythm: Rhythm | None = None,
    mbos: MBOPlan | None = None,
) -> str:
    """One client's report: the role and the staffing recommended (or why not), with the
    reasons, quotes, dissent and what the articles prescribe.

    Optional sections, before the sources, when given: the assessed managers
    (``assessments``, :func:`rolemodel.assess`; ``seats`` as :func:`rolemodel.gap` takes
    them), each against what the company needs; 003's time audit (``audit``), split 1:1s
    (``rhythm``) and leadership MBOs (``mbos``).

    ``format`` is ``"markdown"`` or ``"html"`` (one self-contained page: inline CSS and SVG,
    no script, no network, a print stylesheet for a clean PDF). ``detail`` is ``"brief"``
    (the answer, confidence, top reasons with their quotes, dissent and next steps) or
    ``"full"`` (also the charts, the company's factors, every article's verdict and scores,
    why each other answer lost, and all the articles prescribe); by default Markdown is brief
    and HTML full.

    The title block names the ``client``, the ``date`` (a :class:`datetime.date` or ISO text;
    today when ``None``, left out when ``""``) and the author (``prepared_by``). ``logo``
    (bytes or a file path) must be a PNG or JPEG of at most 512 KiB; the HTML inlines it as a
    ``data:`` URI (Markdown leaves it out); anything else, an SVG included, is a
    :class:`RoleModelError`. Every practice, reason and quote comes from the frameworks, cited
    by the article's title and author.
    """
    from rolemodel._result import Recommendation

    if not isinstance(rec, Recommendation):
        raise RoleModelError(f"client_report: expected a Recommendation, found {type(rec).__name__}")
    check_format(format)
    length = _check_detail(detail, format)
    given = handover(client, prepared_by, date, logo)
    if length == "brief":
        from rolemodel._report_brief import brief_blocks

        page_title, blocks = brief_blocks(rec, given)
    else:
        page_title, blocks = _full_blocks(rec, given)
    extra: list[Block] = []
    if assessments:
        from rolemodel._assess_report import assessment_blocks

        extra += assessment_blocks(list(assessments), rec, seats=seats)
    if audit is not None or rhythm is not None or mbos is not None:
        from rolemodel._time_report import time_sections

        extra += time_sections(audit=audit, rhythm=rhythm, mbos=mbos)
    if extra:
        at = next((i for i, b in enumerate(blocks) if b.kind == "open" and b.text == "sources"), len(blocks))
        blocks = [*blocks[:at], *extra, *blocks[at:]]
    return render(page_title, blocks, format)
