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
and written out by a Markdown and an HTML writer. HTML reports are one self-contained page:
inline CSS and SVG, no script, no network (a Content-Security-Policy says so to the browser),
every value escaped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._display import (
    SCORE_COLUMNS,
    SCORE_HEADERS,
    STAFFING_MEANS,
    VERDICT_HEADERS,
    Question,
    answer_colour,
    answer_label,
    bars_svg,
    bars_text,
    citation_html,
    citation_md,
    confidence_word,
    counted_text,
    esc,
    fmt,
    frameworks_of,
    has_scores,
    is_calibration,
    item_says,
    md,
    no_recommendation,
    questions,
    render_table,
    role_label,
    score_bars,
    score_rows,
    stance_text,
    verdict_rows,
)
from rolemodel._errors import RoleModelError, did_you_mean
from rolemodel._explain import CALIBRATION_NOTE
from rolemodel._model import Framework, Item, Role, Staffing, Stage
from rolemodel._profile import FACTORS, LEVELS
from rolemodel._result import RESULT_COLUMNS, is_result_column

if TYPE_CHECKING:
    from rolemodel._explain import Contribution, Explanation
    from rolemodel._result import Recommendation

__all__ = ["RESULT_COLUMNS", "client_report", "portfolio_report", "prescriptions"]

FORMATS = ("markdown", "html")
Answer = Role | Staffing


_CONFIDENCE_NOTE = (
    "Confidence is in [0, 1], for each question: how clearly the top answer leads the next one, "
    "times the share of the articles with a verdict that agree less the share that dissent. "
    "Articles that abstain take no part."
)
_QUOTE_NOTE = "Quotes are verbatim from the source articles named; everything else paraphrases them."


def _check_format(format: str) -> str:
    if format not in FORMATS:
        hint = did_you_mean(str(format), FORMATS)
        raise RoleModelError(
            f"format: expected one of {', '.join(FORMATS)}, found {format!r}" + (f" ({hint})" if hint else "")
        )
    return format


# -- what the articles prescribe ------------------------------------------------------------


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

    sections: list[Section] = []
    if role is not None:
        label = role_label(role)
        sections += [
            Section(
                "Practices",
                f"What the articles prescribe for {label} (or for every sales head).",
                pick(lambda i: i.kind == "practice" and i.role in (role, None) and i.staffing is None),
            )
        ]
    sections.append(
        Section(
            f"At the {stage.value} stage",
            f"What the articles say about a company at the {stage.value} stage.",
            pick(lambda i: i.kind == "stage" and i.dimension == stage.value),
        )
    )
    if role is not None:
        label = role_label(role)
        sections += [
            Section(
                "Where this role fits",
                f"Situations in which the articles say {label} fits.",
                pick(lambda i: i.kind == "situation" and i.role is role),
            ),
            Section(
                "Strengths",
                f"What the articles count in favour of {label}.",
                pick(lambda i: i.kind == "pro" and i.role is role),
            ),
            Section(
                "Cons and caveats",
                f"What the articles warn about {label}.",
                pick(lambda i: i.kind in ("con", "caveat") and i.role is role),
            ),
            Section(
                "Questions to ask",
                f"Questions the articles put to {label}.",
                pick(lambda i: i.kind == "question" and i.role is role),
            ),
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


# -- blocks: what a report says, before it is written as Markdown or HTML ----------------------


@attrs.frozen
class Block:
    """One piece of a report: a heading, a paragraph, a chart, a table, cited reasons or items.

    ``kind`` is one of ``h1 h2 h3 lead p muted list chart table reasons items open close``;
    ``text`` its text (a section id for ``open``), ``data`` what the kind needs.
    """

    kind: str
    text: str = ""
    data: Any = None


def _chart(
    title: str, bars: list[tuple[str, float, str]], highlight: str | None = None, value_format: str = "{:.2f}"
) -> Block:
    return Block("chart", title, (bars, highlight, value_format))


def _table(headers: Sequence[object], rows: Sequence[Sequence[object]], numeric: Iterable[int] = ()) -> Block:
    return Block("table", "", (list(headers), [list(r) for r in rows], set(numeric)))


def _write_markdown(blocks: Iterable[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if b.kind in ("open", "close"):
            continue
        if b.kind == "h1":
            out += [f"# {md(b.text)}", ""]
        elif b.kind == "h2":
            out += [f"## {md(b.text)}", ""]
        elif b.kind == "h3":
            out += [f"### {md(b.text)}", ""]
        elif b.kind in ("lead", "p"):
            out += [md(b.text), ""]
        elif b.kind == "muted":
            out += [f"*{md(b.text)}*", ""]
        elif b.kind == "list":
            out += [*(f"- {md(x)}" for x in b.data), ""]
        elif b.kind == "chart":
            bars, _, value_format = b.data
            text = bars_text([(label, value) for label, value, _ in bars], value_format=value_format)
            out += ["```", text, "```", ""]
        elif b.kind == "table":
            headers, rows, numeric = b.data
            out += [render_table(headers, rows, numeric=numeric)[1], ""]
        elif b.kind == "reasons":
            for c, by in b.data:
                out += [f"- {md(c.says)} ({md(_detail(c))}){' *(calibration)*' if is_calibration(c) else ''}"]
                out += [f"  {citation_md(c.citation.quote, c.citation.source, by)}"]
            out.append("")
        elif b.kind == "items":
            for p, whose in b.data:
                name = f"**{md(p.item.name)}.** " if p.item.name else ""
                cite = p.item.citation
                out += [
                    f"- {name}{md(item_says(p.item))}" + (f" \u2014 for {md(whose)}" if whose else ""),
                    f"  {citation_md(cite.quote, cite.source, _by(p.framework))}",
                ]
            out.append("")
        else:  # pragma: no cover - every kind is written above
            raise AssertionError(b.kind)
    return "\n".join(out).rstrip("\n") + "\n"


def _write_html(blocks: Iterable[Block]) -> list[str]:
    body: list[str] = []
    for b in blocks:
        if b.kind == "open":
            body.append(f'<section id="{esc(b.text)}">' if b.text else "<section>")
        elif b.kind == "close":
            body.append("</section>")
        elif b.kind in ("h1", "h2", "h3"):
            body.append(f"<{b.kind}>{esc(b.text)}</{b.kind}>")
        elif b.kind == "lead":
            badge = ""
            if b.data is not None:
                badge = (
                    f'<span class="badge" style="background:{answer_colour(b.data)}">'
                    f"{esc(answer_label(b.data))}</span> "
                )
            body.append(f'<p class="lead">{badge}{esc(b.text)}</p>')
        elif b.kind == "p":
            body.append(f"<p>{esc(b.text)}</p>")
        elif b.kind == "muted":
            body.append(f'<p class="muted">{esc(b.text)}</p>')
        elif b.kind == "list":
            body.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in b.data) + "</ul>")
        elif b.kind == "chart":
            bars, highlight, value_format = b.data
            body.append(bars_svg(bars, title=b.text, highlight=highlight, value_format=value_format))
        elif b.kind == "table":
            headers, rows, numeric = b.data
            body.append('<div class="wrap">' + render_table(headers, rows, numeric=numeric)[0] + "</div>")
        elif b.kind == "reasons":
            body.append('<ul class="reasons">')
            for c, by in b.data:
                mark = ' <span class="muted">(calibration)</span>' if is_calibration(c) else ""
                body.append(
                    f'<li>{esc(c.says)} <span class="muted">({esc(_detail(c))})</span>{mark}'
                    f"{citation_html(c.citation.quote, c.citation.source, by)}</li>"
                )
            body.append("</ul>")
        elif b.kind == "items":
            body.append('<ul class="items">')
            for p, whose in b.data:
                name = f"<strong>{esc(p.item.name)}.</strong> " if p.item.name else ""
                cite = p.item.citation
                body.append(
                    f"<li>{name}{esc(item_says(p.item))}"
                    + (f" <em>\u2014 for {esc(whose)}</em>" if whose else "")
                    + f"{citation_html(cite.quote, cite.source, _by(p.framework))}</li>"
                )
            body.append("</ul>")
        else:  # pragma: no cover - every kind is written above
            raise AssertionError(b.kind)
    return body


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


def _detail(c: Contribution) -> str:
    read = ", ".join(f"{i.name} = {fmt(i.value)}" for i in c.reads) or "nothing (a standing claim)"
    return f"read {read}; {counted_text(c)}; rule {c.rule} of {c.framework}"


def _by(framework: Framework) -> str:
    return framework.title if framework.author == "not named" else (f"{framework.author}, {framework.title}")


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
                _chart(f"Combined scores of the {q.name} options", score_bars(q.scores, q.options), highlight)
            )
        else:
            blocks.append(Block("p", f"{q.title}: no scores, {_why(q.reason)}."))
    blocks += [Block("muted", _CONFIDENCE_NOTE), Block("close")]

    blocks += [
        Block("open", "company"),
        Block("h2", "The company"),
        _table(["factor", "value", "meaning"], _input_rows(rec)),
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
        _table(VERDICT_HEADERS, verdict_rows(explanation)),
        Block("p", "Each article's own scores (\u2014 where the article does not name that answer):"),
        _table(SCORE_HEADERS, score_rows(explanation, frameworks), SCORE_COLUMNS),
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
            reasons = []
            for c in case.reasons:
                fw = by_id.get(c.framework)
                reasons.append((c, _by(fw) if fw else ""))
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
        items = []
        for p in section.items:
            whose = p.item.role is not None and p.item.role is not role_q.answer
            items.append((p, role_label(p.item.role) if whose and p.item.role else ""))
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


_PAGE_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;
 max-width:60rem;margin:2rem auto;padding:0 1.2rem;line-height:1.5}
h1{font-size:1.7rem;margin-bottom:.3rem} h2{font-size:1.25rem;margin-top:2rem;
 border-bottom:1px solid #ddd;padding-bottom:.2rem} h3{font-size:1.05rem;margin-bottom:.2rem}
.lead{font-size:1.1rem} .muted{color:#666;font-size:.9rem}
.badge{display:inline-block;padding:.15rem .6rem;border-radius:1rem;color:#fff;font-weight:600}
.wrap{overflow-x:auto}
table.rm-table{border-collapse:collapse;margin:.6rem 0;font-size:.92rem}
table.rm-table caption{text-align:left;font-weight:600;padding:.2rem 0}
table.rm-table th,table.rm-table td{border:1px solid #d0d0d0;padding:.25rem .55rem;
 text-align:left;vertical-align:top}
table.rm-table th{background:#f3f3f3} table.rm-table .num{text-align:right;
 font-variant-numeric:tabular-nums}
ul.reasons>li,ul.items>li{margin-bottom:.7rem}
blockquote.rm-quote{margin:.25rem 0 0 0;padding-left:.8rem;border-left:3px solid #ccc;
 color:#444;font-style:italic}
blockquote.rm-quote footer{font-style:normal;font-size:.85rem;color:#666}
svg.rm-chart{display:block;margin:.6rem 0;max-width:100%;height:auto}
@media print{body{margin:0;max-width:none}}
"""


def _page(title: str, body: Iterable[str]) -> str:
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; img-src data:\">",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)}</title><style>{_PAGE_CSS}</style></head><body>",
            *body,
            "</body></html>\n",
        ]
    )


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
    if _check_format(format) == "html":
        return _page(title, _write_html(blocks))
    return _write_markdown(blocks)


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
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


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
    rows = []
    for key in keys:
        mine = [r.confidence_of(question) for r in good if r.answer(question) is key]
        share = counts[key] / len(good) if good else 0.0
        mean = "" if key is None or not mine else f"{sum(mine) / len(mine):.2f}"
        rows.append([_NONE_LABEL if key is None else answer_label(key), counts[key], f"{share:.0%}", mean])
    bars = [
        (_NONE_LABEL if key is None else answer_label(key), float(counts[key]), answer_colour(key))
        for key in keys
    ]
    return (
        _chart(f"Companies per recommended {question}", bars, value_format="{:.0f}"),
        _table([question, "clients", "share", "mean confidence"], rows, {1, 2, 3}),
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
        _table(headers, clients, {0, 2, 4, *range(5, 11)}) if clients else Block("p", "No client was read."),
        Block("close"),
    ]
    if bad:
        blocks += [
            Block("open", "errors"),
            Block("h2", "Rows that could not be read"),
            _table(
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
    _check_format(format)
    blocks = _portfolio_blocks(rows)
    if format == "html":
        return _page("Portfolio report", _write_html(blocks))
    return _write_markdown(blocks)
