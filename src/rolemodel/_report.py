"""Client and portfolio reports in Markdown or self-contained HTML (a face).

A client report answers the two questions for one company, the **role** (what the sales
organisation needs most now) and the **staffing** (who holds the roles): what the articles
recommend on each, how sure they are, where they agree and dissent, which articles abstain and
why, why (the rules that fired, with their citations; a rule whose numbers are the library's
calibration is marked so) and what the articles prescribe for that role, the company's stage
and that staffing: every practice is an item of a framework, quoted with its source, never
written here. A question with no recommendation says so, with the reason, and prescribes
nothing for it.

A portfolio report reads the flat rows of :meth:`Recommendation.to_row
<rolemodel.Recommendation.to_row>` (plus each company's own columns): the distribution of
roles and of staffing, then the companies least confident first, then the rows that could not
be read.

Both are built once as a list of blocks (headings, paragraphs, charts, tables, cited reasons)
and written out by :mod:`rolemodel._blocks` as Markdown or one self-contained HTML page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._blocks import Block, Cited, chart, check_format, render, table
from rolemodel._errors import RoleModelError
from rolemodel._explain import CALIBRATION_NOTE
from rolemodel._markup import (
    STAFFING_MEANS,
    Answer,
    answer_colour,
    answer_label,
    fmt,
    has_scores,
    no_recommendation,
    role_label,
    score_bars,
)
from rolemodel._model import Framework, Item, Role, Staffing, Stage
from rolemodel._profile import FACTORS, LEVELS
from rolemodel._result import RESULT_COLUMNS, is_result_column
from rolemodel._views import (
    SCORE_COLUMNS,
    SCORE_HEADERS,
    VERDICT_HEADERS,
    Question,
    confidence_word,
    counted_text,
    frameworks_of,
    is_calibration,
    item_says,
    questions,
    score_rows,
    stance_text,
    verdict_rows,
)

if TYPE_CHECKING:
    from rolemodel._explain import Contribution, Explanation
    from rolemodel._result import Recommendation

__all__ = ["RESULT_COLUMNS", "client_report", "portfolio_report", "prescriptions"]


_CONFIDENCE_NOTE = (
    "Confidence is in [0, 1], for each question: how clearly the top answer leads the next one, "
    "times the share of the articles with a verdict that agree less the share that dissent. "
    "Articles that abstain take no part."
)
_QUOTE_NOTE = "Quotes are verbatim from the source articles named; everything else paraphrases them."


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
class Prescribed:
    """One framework item, with the framework that holds it."""

    item: Item
    framework: Framework


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


# -- one client -----------------------------------------------------------------------------


def _value(name: str, value: object) -> str:
    if isinstance(value, float) and FACTORS[name].kind == "graded":
        level = next((k for k, v in LEVELS.items() if v == value), "")
        return f"{value:g} ({level})" if level else f"{value:g}"
    return fmt(value)


def _input_rows(rec: Recommendation) -> list[list[object]]:
    profile = rec.profile
    rows: list[list[object]] = [
        [name, _value(name, value), FACTORS[name].says] for name, value in profile.to_dict().items()
    ]
    if profile.stage is None:
        rows.append(
            ["stage", f"{profile.effective_stage.value} (derived from company_size)", FACTORS["stage"].says]
        )
    return rows


def _not_given(explanation: Explanation) -> list[str]:
    return list(dict.fromkeys(n for f in explanation.frameworks for n in f.not_given))


def _label(q: Question) -> str:
    """``Leadership`` for the role, ``Split staffing`` for the staffing (``no role`` ... when none)."""
    if q.answer is None:
        return f"no {q.name}"
    return answer_label(q.answer) + (" staffing" if q.name == "staffing" else "")


def _headline(q: Question) -> str:
    if q.answer is None:
        return f"{q.title}: {no_recommendation(q.reason)}."
    means = f" ({STAFFING_MEANS[q.answer]})" if isinstance(q.answer, Staffing) else ""
    lead = (
        "The articles together recommend"
        if q.name == "role"
        else "On who should hold the roles, they recommend"
    )
    return (
        f"{lead} {_label(q)}{means}: it scores {q.scores[q.answer]:.2f} of 1, with confidence "
        f"{q.confidence:.2f} ({confidence_word(q.confidence)})."
    )


def _agreement(q: Question, explanation: Explanation) -> str:
    total = len(explanation.frameworks)
    speaking = [f for f in explanation.frameworks if q.own(f) is not None]
    abstaining = [f"{f.title} ({_why(q.own_reason(f))})" for f in explanation.frameworks if q.own(f) is None]
    if q.answer is None:
        text = f"{q.title}: {no_recommendation(q.reason)}"
        own = [f"{f.title} ({answer_label(q.own(f) or '')})" for f in speaking]
        if own:
            text += "; verdicts: " + "; ".join(own)
    else:
        agree = [f for f in speaking if q.agreement(f) == "agrees"]
        text = (
            f"{q.title}: {len(agree)} of {total} articles give {answer_label(q.answer)} as their own verdict"
        )
        dissent = [
            f"{f.title} ({answer_label(q.own(f) or '')})" for f in speaking if q.agreement(f) == "dissents"
        ]
        if dissent:
            text += "; dissenting: " + "; ".join(dissent)
    if abstaining:
        text += "; no verdict: " + "; ".join(abstaining)
    return text + "."


def _why(reason: str) -> str:
    """A reason as it reads in a sentence."""
    return reason or "no reason given"


def _by(framework: Framework | None) -> str:
    """Who a quote is by: the article's author and title (its title alone when unnamed)."""
    if framework is None:
        return ""
    return framework.title if framework.author == "not named" else f"{framework.author}, {framework.title}"


def _reason(c: Contribution, framework: Framework | None) -> Cited:
    """A fired rule as a cited reason: what it read, how much it counted, and its quote."""
    read = ", ".join(f"{i.name} = {fmt(i.value)}" for i in c.reads) or "nothing (a standing claim)"
    return Cited(
        c.says,
        c.citation.quote,
        c.citation.source,
        by=_by(framework),
        detail=f"read {read}; {counted_text(c)}; rule {c.rule} of {c.framework}",
        calibration=is_calibration(c),
    )


def _item(p: Prescribed, role: Answer | None) -> Cited:
    """A prescribed item as a cited entry, naming its role when that is not ``role``."""
    whose = p.item.role is not None and p.item.role is not role
    return Cited(
        item_says(p.item),
        p.item.citation.quote,
        p.item.citation.source,
        by=_by(p.framework),
        name=p.item.name,
        whose=role_label(p.item.role) if whose and p.item.role else "",
    )


def _title(asked: Sequence[Question]) -> str:
    return "Sales role recommendation: " + " \u00b7 ".join(_label(q) for q in asked)


def _client_blocks(rec: Recommendation) -> tuple[str, list[Block]]:
    explanation = rec.explain()
    asked = questions(explanation)
    role_q = asked[0]
    frameworks = frameworks_of(rec)
    by_id = {f.id: f for f in frameworks}
    title = _title(asked)
    blocks = [Block("open", "summary"), Block("h1", title)]
    blocks += [Block("lead", _headline(q), q.answer) for q in asked]
    blocks += [Block("close"), Block("open", "scores"), Block("h2", "Scores")]
    for q in asked:
        if has_scores(q.scores):
            highlight = answer_label(q.answer) if q.answer is not None else None
            blocks.append(
                chart(f"Combined scores of the {q.name} options", score_bars(q.scores, q.options), highlight)
            )
        else:
            blocks.append(Block("p", f"{q.title}: no scores, {_why(q.reason)}."))
    blocks += [Block("muted", _CONFIDENCE_NOTE), Block("close")]

    blocks += [
        Block("open", "company"),
        Block("h2", "The company"),
        table(["factor", "value", "meaning"], _input_rows(rec)),
    ]
    missing = _not_given(explanation)
    if missing:
        blocks.append(
            Block("muted", f"Not given (rules that read these stayed silent): {', '.join(missing)}.")
        )
    if explanation.assumptions:
        blocks += [Block("p", "Assumed:"), Block("list", data=list(explanation.assumptions))]
    blocks.append(Block("close"))

    blocks += [
        Block("open", "verdicts"),
        Block("h2", "Where the articles agree and dissent"),
        *(Block("p", _agreement(q, explanation)) for q in asked),
        table(VERDICT_HEADERS, verdict_rows(explanation)),
        Block("p", "Each article's own scores (\u2014 where the article does not name that answer):"),
        table(SCORE_HEADERS, score_rows(explanation, frameworks), SCORE_COLUMNS),
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
            verb = "Why" if case is q.winner else "Why not"
            suffix = " staffing" if q.name == "staffing" else ""
            reasons = [_reason(c, by_id.get(c.framework)) for c in case.reasons]
            blocks += [
                Block("open", ""),
                Block("h2", f"{verb} {answer_label(case.role)}{suffix}"),
                Block("p", case.summary[0].upper() + case.summary[1:] + "."),
                *([Block("reasons", data=reasons)] if reasons else []),
                Block("close"),
            ]

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
        items = [_item(p, role_q.answer) for p in section.items]
        blocks += [Block("h3", section.heading), Block("muted", section.intro), Block("items", data=items)]
    blocks.append(Block("close"))

    sources = []
    for f in explanation.frameworks:
        verdicts = "; ".join(f"{q.name} {q.own_text(f, label=True)}" for q in asked)
        stance = (
            f"; standing claim (whatever the company): {stance_text(f.stance, label=True)}"
            if f.stance
            else ""
        )
        who = f"{f.title} \u2014 {f.author}, {f.source} ({f.framework}, weight {f.weight:g})"
        sources.append(f"{who}: {verdicts}{stance}")
    blocks += [Block("open", "sources"), Block("h2", "Sources"), Block("list", data=sources)]
    if explanation.calibrated:
        blocks.append(Block("muted", f"Note: {CALIBRATION_NOTE}."))
    blocks += [Block("muted", _QUOTE_NOTE), Block("close")]
    return title, blocks


def client_report(rec: Recommendation, format: str = "markdown") -> str:
    """One client's report: the role and the staffing recommended (or why not), score charts,
    inputs, verdicts, reasons and what the articles prescribe.

    ``format`` is ``"markdown"`` or ``"html"`` (one self-contained page: inline CSS and SVG,
    no script, no network). Every practice, reason and quote comes from the frameworks,
    with its citation.
    """
    from rolemodel._result import Recommendation

    if not isinstance(rec, Recommendation):
        raise RoleModelError(f"client_report: expected a Recommendation, found {type(rec).__name__}")
    title, blocks = _client_blocks(rec)
    return render(title, blocks, check_format(format))


# -- a portfolio ----------------------------------------------------------------------------

_SCORE_KEYS = tuple(f"score_{a.value}" for a in (*Role, *Staffing))


@attrs.frozen
class _Row:
    number: int
    data: Mapping[str, Any]
    role: Role | None
    confidence: float
    staffing: Staffing | None
    staffing_confidence: float
    scores: tuple[float, ...]
    reason: str
    staffing_reason: str
    error: str

    def answer(self, question: str) -> Answer | None:
        return self.role if question == "role" else self.staffing

    def confidence_of(self, question: str) -> float:
        return self.confidence if question == "role" else self.staffing_confidence

    def cell(self, question: str) -> str:
        """The answer as the clients table shows it; why not, when there is none."""
        answer = self.answer(question)
        if answer is not None:
            return answer_label(answer)
        if question not in self.data:  # a row written before staffing was answered
            return ""
        return no_recommendation(self.reason if question == "role" else self.staffing_reason)


def _number(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number


def _blank(value: object) -> bool:
    """Whether a cell is empty: ``None``, NaN, or blank text."""
    nan = isinstance(value, float) and math.isnan(value)
    return value is None or nan or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    return "" if _blank(value) else str(value)


def _answer(row: Mapping[str, Any], name: str, kind: type[Role] | type[Staffing]) -> tuple[Any, str]:
    """The answer in column ``name`` (``None`` when blank), or the error that it is not one."""
    value = row.get(name)
    if _blank(value):
        return None, ""
    try:
        return kind(str(value).strip()), ""
    except ValueError:
        return None, f"{name}: expected one of {', '.join(kind)} or an empty cell, found {value!r}"


def _rows(rows: Iterable[Mapping[str, Any]]) -> list[_Row]:
    out = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise RoleModelError(
                f"portfolio_report: row {number}: expected a mapping, found {type(row).__name__}"
            )
        error = _text(row.get("error"))
        role, bad_role = _answer(row, "role", Role)
        staffing, bad_staffing = _answer(row, "staffing", Staffing)
        confidence = _number(row.get("confidence"))
        staffing_confidence = _number(row.get("staffing_confidence"))
        if not error:
            if "role" not in row:
                error = "role: expected a role column (empty where there is no recommendation), found none"
            error = error or bad_role or bad_staffing
        if not error and role is not None and math.isnan(confidence):
            error = f"confidence: expected a number, found {row.get('confidence')!r}"
        if not error and staffing is not None and math.isnan(staffing_confidence):
            error = f"staffing_confidence: expected a number, found {row.get('staffing_confidence')!r}"
        out.append(
            _Row(
                number,
                row,
                None if error else role,
                0.0 if math.isnan(confidence) else confidence,
                None if error else staffing,
                0.0 if math.isnan(staffing_confidence) else staffing_confidence,
                tuple(_number(row.get(key)) for key in _SCORE_KEYS),
                _text(row.get("reason")),
                _text(row.get("staffing_reason")),
                error,
            )
        )
    return out


def _columns(rows: Sequence[_Row]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row.data:
            if not is_result_column(str(key)):
                seen[str(key)] = None
    return list(seen)


_NONE_LABEL = "no recommendation"


def _distribution(good: Sequence[_Row], question: str, options: Sequence[Answer]) -> tuple[Block, Block]:
    """A question's answers over the readable rows: a chart of counts and a table with shares
    and mean confidence (a row for no recommendation where any)."""
    keys: list[Answer | None] = [*options, None]
    counts = {key: sum(1 for r in good if r.answer(question) is key) for key in keys}
    if not counts[None]:
        keys.pop()
    rows, bars = [], []
    for key in keys:
        label = _NONE_LABEL if key is None else answer_label(key)
        mine = [r.confidence_of(question) for r in good if r.answer(question) is key]
        share = counts[key] / len(good) if good else 0.0
        mean = "" if key is None or not mine else f"{sum(mine) / len(mine):.2f}"
        rows.append([label, counts[key], f"{share:.0%}", mean])
        bars.append((label, float(counts[key]), answer_colour(key)))
    return (
        chart(f"Companies per recommended {question}", bars, value_format="{:.0f}"),
        table([question, "clients", "share", "mean confidence"], rows, {1, 2, 3}),
    )


def _portfolio_blocks(rows: Iterable[Mapping[str, Any]]) -> list[Block]:
    parsed = _rows(rows)
    good = [r for r in parsed if not r.error]
    bad = [r for r in parsed if r.error]
    columns = _columns(parsed)
    with_role = [r for r in good if r.role is not None]
    with_staffing = [r for r in good if r.staffing is not None]
    low = sum(1 for r in with_role if r.confidence < 1 / 3)
    low_staffing = sum(1 for r in with_staffing if r.staffing_confidence < 1 / 3)
    summary = (
        f"{len(parsed)} rows: {len(good)} read, {len(bad)} could not be read. "
        f"A role is recommended for {len(with_role)} of the {len(good)} read "
        f"({low} with low confidence, below 0.33), a staffing for {len(with_staffing)} "
        f"({low_staffing} with low confidence)."
    )
    ranked = sorted(good, key=lambda r: (r.confidence, r.staffing_confidence, r.number))
    clients = [
        [
            r.number,
            r.cell("role"),
            f"{r.confidence:.2f}" if r.role is not None else "",
            r.cell("staffing"),
            f"{r.staffing_confidence:.2f}" if r.staffing is not None else "",
            *(f"{s:.2f}" if s == s else "" for s in r.scores),
            *(r.data.get(c) for c in columns),
        ]
        for r in ranked
    ]
    headers = [
        "row",
        "role",
        "confidence",
        "staffing",
        "staffing confidence",
        *(f"score {answer_label(a)}" for a in (*Role, *Staffing)),
        *columns,
    ]
    role_chart, role_table = _distribution(good, "role", tuple(Role))
    staffing_chart, staffing_table = _distribution(good, "staffing", tuple(Staffing))
    blocks = [
        Block("h1", "Portfolio report"),
        Block("lead", summary),
        Block("open", "distribution"),
        Block("h2", "Recommended roles"),
        role_chart,
        role_table,
        Block("h2", "Recommended staffing"),
        staffing_chart,
        staffing_table,
        Block("close"),
        Block("open", "clients"),
        Block("h2", "Clients, least confident first"),
        table(headers, clients, {0, 2, 4, *range(5, 11)}) if clients else Block("p", "No client was read."),
        Block("close"),
    ]
    if bad:
        blocks += [
            Block("open", "errors"),
            Block("h2", "Rows that could not be read"),
            table(
                ["row", "error", *columns],
                [[r.number, r.error, *(r.data.get(c) for c in columns)] for r in bad],
                {0},
            ),
            Block("close"),
        ]
    blocks.append(Block("muted", _CONFIDENCE_NOTE))
    return blocks


def portfolio_report(rows: Iterable[Mapping[str, Any]], format: str = "markdown") -> str:
    """A portfolio's report: the distributions of roles and of staffing, then clients least
    confident first, then the rows that could not be read.

    Each row is a mapping: a company's own columns plus the result columns of
    :meth:`Recommendation.to_row <rolemodel.Recommendation.to_row>` (``role``,
    ``confidence``, ``staffing``, ``staffing_confidence``, the six ``score_*``, ``reason``,
    ``staffing_reason``, ``error`` ...). An empty ``role`` or ``staffing`` is no
    recommendation, shown with its ``reason`` / ``staffing_reason``; a row with a non-empty
    ``error`` could not be scored and is listed apart. ``format`` is ``"markdown"`` or
    ``"html"``.
    """
    check_format(format)
    return render("Portfolio report", _portfolio_blocks(rows), format)
