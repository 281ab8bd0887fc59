"""Text, HTML and Markdown renderings of frameworks, verdicts, recommendations and explanations.

The display face: pure functions from values to strings; nothing here evaluates a profile or
does I/O. The engine's values call into this module lazily from their ``_repr_mimebundle_``,
``_repr_html_``, ``_repr_markdown_`` and ``to_mermaid`` methods, so importing :mod:`rolemodel`
never imports it; it is the display face's one door for them (the Mermaid renderers live in
:mod:`rolemodel._mermaid` and are passed through here).

A recommendation answers two questions, the **role** and the **staffing**, and every rendering
shows both (read off the explanation by :func:`rolemodel._views.questions`). A missing answer
shows as ``no recommendation: <reason>``; a framework that abstains shows as
``no verdict: <reason>`` and neither agrees nor dissents; an article's standing claim (its
stance) is shown as such, never as a verdict; a fired rule whose numbers are the library's
calibration is marked ``(calibration)``. Tables, charts, quotes, the palette and escaping
come from :mod:`rolemodel._markup`: every value that reaches HTML goes through ``esc``, every
value that reaches Markdown through ``md``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rolemodel._explain import CALIBRATION_NOTE
from rolemodel._markup import (
    STAFFING_MEANS,
    Answer,
    answer_label,
    bars_svg,
    bars_text,
    bundle,
    citation_html,
    citation_md,
    esc,
    has_scores,
    md,
    no_recommendation,
    no_verdict,
    render_table,
    score_bars,
)
from rolemodel._mermaid import explanation_mermaid, framework_mermaid
from rolemodel._model import Framework, Role, Staffing
from rolemodel._views import (
    SCORE_COLUMNS,
    SCORE_HEADERS,
    VERDICT_HEADERS,
    Question,
    confidence_word,
    contribution_text,
    counted_text,
    is_calibration,
    options_of,
    questions,
    score_rows,
    stance_text,
    verdict_rows,
)

if TYPE_CHECKING:
    from rolemodel._explain import Contribution, Explanation
    from rolemodel._result import Recommendation, Verdict

__all__ = [
    "explanation_html",
    "explanation_markdown",
    "explanation_mermaid",
    "framework_html",
    "framework_markdown",
    "framework_mermaid",
    "framework_text",
    "mimebundle",
    "recommendation_html",
    "recommendation_markdown",
    "recommendation_text",
    "verdict_html",
    "verdict_markdown",
    "verdict_text",
]

# -- shared by the renderers ------------------------------------------------------------------

_CSS = """<style>
.rm-card{font-family:system-ui,sans-serif;max-width:56em;line-height:1.4}
.rm-card h3{margin:.2em 0}
.rm-card h4{margin:.6em 0 .2em 0}
.rm-table{border-collapse:collapse;margin:.4em 0;font-size:.92em}
.rm-table th,.rm-table td{border:1px solid #ccc;padding:.2em .5em;text-align:left;
 vertical-align:top}
.rm-table .num{text-align:right;font-variant-numeric:tabular-nums}
.rm-quote{margin:.2em 0 .6em 1em;color:#444;font-style:italic}
.rm-quote footer{font-style:normal;font-size:.85em;color:#666}
.rm-muted{color:#666;font-size:.9em}
.rm-none{color:#666;font-style:italic}
</style>"""


def _scores_line(scores: Mapping[Any, float], options: Iterable[Answer] = tuple(Role)) -> str:
    return ", ".join(f"{o.value} {scores.get(o, 0.0):.2f}" for o in options)


# -- frameworks -------------------------------------------------------------------------------


def _options_text(specs: Iterable[Any], kind: str) -> str:
    return ", ".join(f"{getattr(s, kind).value} (baseline {s.baseline:g})" for s in specs) or "none"


def framework_text(framework: Framework) -> str:
    """A framework in a few plain lines."""
    return "\n".join(
        [
            f"Framework {framework.id}: {framework.title}",
            f"  by {framework.author}, source {framework.source}",
            f"  roles: {_options_text(framework.roles, 'role')}",
            f"  staffing: {_options_text(framework.staffing, 'staffing')}",
            f"  factors: {', '.join(framework.factors) or 'none'}",
            f"  concepts: {', '.join(c.id for c in framework.concepts) or 'none'}",
            f"  {len(framework.rules)} rules, {len(framework.items)} items",
        ]
    )


_RULE_HEADERS = ["rule", "when", "then", "weight", "basis", "says"]


def _rule_rows(framework: Framework) -> list[list[object]]:
    return [[r.id, r.when.describe(), r.then, f"{r.weight:g}", r.basis, r.says] for r in framework.rules]


def _option_tables(framework: Framework) -> list[tuple[str, str]]:
    """The framework's roles and (where it speaks to it) staffing, as ``(html, markdown)`` tables."""
    tables = [
        render_table(
            ["role", "baseline", "what the article means"],
            [[s.role.value, f"{s.baseline:g}", s.says] for s in framework.roles],
            numeric={1},
        )
    ]
    if framework.staffing:
        tables.append(
            render_table(
                ["staffing", "baseline", "what the article means"],
                [[s.staffing.value, f"{s.baseline:g}", s.says] for s in framework.staffing],
                numeric={1},
            )
        )
    return tables


def framework_html(framework: Framework) -> str:
    """A framework as an HTML fragment: header, summary, roles, staffing and rules with citations."""
    rules_html, _ = render_table(_RULE_HEADERS, _rule_rows(framework), numeric={3})
    return "".join(
        [
            _CSS,
            '<div class="rm-card">',
            f"<h3>{esc(framework.title)}</h3>",
            f'<p class="rm-muted"><code>{esc(framework.id)}</code> \u00b7 {esc(framework.author)}'
            f" \u00b7 <cite>{esc(framework.source)}</cite> \u00b7 {len(framework.rules)} rules"
            f" \u00b7 {len(framework.items)} items</p>",
            f"<p>{esc(framework.summary)}</p>",
            *(table for table, _ in _option_tables(framework)),
            "" if framework.staffing else '<p class="rm-none">The article does not speak to staffing.</p>',
            f"<p>Factors read: {esc(', '.join(framework.factors) or 'none')}"
            + (
                f"; concepts: {esc(', '.join(c.id for c in framework.concepts))}"
                if framework.concepts
                else ""
            )
            + "</p>",
            "<details><summary>Rules</summary>",
            rules_html,
            "</details>",
            "</div>",
        ]
    )


def framework_markdown(framework: Framework) -> str:
    """A framework as Markdown, its rule graph as a Mermaid block."""
    _, rules = render_table(_RULE_HEADERS, _rule_rows(framework), numeric={3})
    options: list[str] = []
    for _, table in _option_tables(framework):
        options += [table, ""]
    if not framework.staffing:
        options += ["*The article does not speak to staffing.*", ""]
    return "\n".join(
        [
            f"### {md(framework.title)}",
            "",
            f"`{md(framework.id)}` \u00b7 {md(framework.author)} \u00b7 *{md(framework.source)}*",
            "",
            md(framework.summary),
            "",
            *options,
            rules,
            "",
            "```mermaid",
            framework_mermaid(framework),
            "```",
        ]
    )


# -- verdicts ---------------------------------------------------------------------------------


def _verdict_answers(verdict: Verdict) -> list[tuple[str, Answer | None, Mapping[Any, float], str]]:
    return [
        ("role", verdict.role, verdict.scores, verdict.reason),
        ("staffing", verdict.staffing, verdict.staffing_scores, verdict.staffing_reason),
    ]


def verdict_text(verdict: Verdict) -> str:
    """A verdict in one line per question (and its standing claim, if any)."""
    lines = [f"{verdict.framework} ({verdict.source}):"]
    for name, answer, scores, reason in _verdict_answers(verdict):
        if answer is None:
            lines.append(f"  {name}: {no_verdict(reason)}")
        else:
            lines.append(f"  {name}: {answer.value} [{_scores_line(scores, options_of(name))}]")
    if verdict.stance:
        lines.append(f"  standing claim (whatever the company): {stance_text(verdict.stance)}")
    return "\n".join(lines)


def verdict_html(verdict: Verdict) -> str:
    """A verdict as an HTML fragment: both answers (or why none), a chart for each, its stance."""
    parts = [
        _CSS,
        '<div class="rm-card">',
        f"<h3>{esc(verdict.title)}</h3>",
        f'<p class="rm-muted"><code>{esc(verdict.framework)}</code> \u00b7 '
        f"<cite>{esc(verdict.source)}</cite> \u00b7 weight {verdict.weight:g}</p>",
    ]
    for name, answer, scores, reason in _verdict_answers(verdict):
        if answer is None:
            parts.append(
                f'<h4>{esc(name.capitalize())}: <span class="rm-none">{esc(no_verdict(reason))}</span></h4>'
            )
        else:
            parts.append(f"<h4>{esc(name.capitalize())}: {esc(answer_label(answer))}</h4>")
        if has_scores(scores):
            parts.append(
                bars_svg(
                    score_bars(scores, options_of(name)),
                    title=f"{verdict.framework} {name} scores",
                    highlight=answer_label(answer) if answer is not None else None,
                )
            )
    if verdict.stance:
        parts.append(
            f'<p class="rm-muted">Standing claim (whatever the company): '
            f"{esc(stance_text(verdict.stance, label=True))}</p>"
        )
    parts.append("</div>")
    return "".join(parts)


def verdict_markdown(verdict: Verdict) -> str:
    """A verdict as Markdown: both answers (or why none), a text chart for each, its stance."""
    lines = [f"**{md(verdict.title)}** (`{md(verdict.framework)}`, *{md(verdict.source)}*)", ""]
    for name, answer, scores, reason in _verdict_answers(verdict):
        shown = no_verdict(reason) if answer is None else answer_label(answer)
        lines += [f"**{md(name.capitalize())}:** {md(shown)}", ""]
        if has_scores(scores):
            lines += ["```", bars_text([(o.value, scores.get(o, 0.0)) for o in options_of(name)]), "```", ""]
    if verdict.stance:
        lines += [f"Standing claim (whatever the company): {md(stance_text(verdict.stance, label=True))}", ""]
    return "\n".join(lines).rstrip("\n")


# -- recommendations --------------------------------------------------------------------------


def _answer_label(q: Question) -> str:
    """``Leadership`` / ``Split (a sales leader plus a dedicated sales manager)``."""
    assert q.answer is not None
    label = answer_label(q.answer)
    if isinstance(q.answer, Staffing):
        label += f" ({STAFFING_MEANS[q.answer]})"
    return label


def recommendation_text(rec: Recommendation, *, reasons: int = 3) -> str:
    """A recommendation in plain text, complete and self-contained (what ``rolemodel recommend``
    prints): each answer with its confidence and scores (or ``no recommendation: <reason>``),
    each framework's verdicts (``no verdict: <reason>`` for an abstainer) and standing claim,
    the top ``reasons`` cited reasons for each answer, the dissent on each question, the
    assumptions made and, where a fired rule's numbers are the library's, the calibration note.
    """
    explanation = rec.explain()
    asked = questions(explanation)
    lines: list[str] = []
    for q in asked:
        lines.append(f"{q.title}: {q.answer_text()}")
        if q.scores:
            lines.append(f"  scores: {_scores_line(q.scores, q.options)}")
    lines += ["", "By framework:"]
    for fx in explanation.frameworks:
        lines.append(f"  {fx.framework} ({fx.source}):")
        for q in asked:
            own = q.own(fx)
            text = q.own_text(fx)
            if own is not None:
                text += f" [{_scores_line(q.own_scores(fx), q.options)}]"
                agreement = q.agreement(fx)
                text += f" ({agreement})" if agreement else ""
            lines.append(f"    {q.name}: {text}")
        if fx.stance:
            lines.append(f"    standing claim (whatever the company): {stance_text(fx.stance)}")
    for q in asked:
        if q.winner is None or q.answer is None:
            continue
        lines += ["", f"Why {q.answer.value}: {q.winner.summary}"]
        for c in q.winner.reasons[:reasons]:
            lines += [f"  - {contribution_text(c)}", f"      {c.citation}"]
    dissent = [
        f"Dissent on {q.name}: {', '.join(q.dissent(explanation.frameworks)) or 'none'}"
        for q in asked
        if q.answer is not None
    ]
    if dissent:
        lines += ["", *dissent]
    if explanation.assumptions:
        lines += ["", "Assumed:", *(f"  - {a}" for a in explanation.assumptions)]
    if explanation.calibrated:
        lines += ["", f"Note: {CALIBRATION_NOTE}."]
    return "\n".join(lines).strip("\n")


def _reason_html(c: Contribution) -> str:
    mark = ' <span class="rm-muted">(calibration)</span>' if is_calibration(c) else ""
    stance = " \u00b7 standing claim" if c.stance else ""
    return (
        f'<li>{esc(c.says)} <span class="rm-muted">[{esc(c.framework)} \u00b7 '
        f"{esc(c.rule)}{stance} \u00b7 {esc(counted_text(c))}]</span>{mark}"
        f"{citation_html(c.citation.quote, c.citation.source)}</li>"
    )


def _reason_md(c: Contribution) -> list[str]:
    mark = " *(calibration)*" if is_calibration(c) else ""
    stance = " \u00b7 standing claim" if c.stance else ""
    where = f"{md(c.framework)} \u00b7 {md(c.rule)}{stance} \u00b7 {md(counted_text(c))}"
    return [
        f"- {md(c.says)} \\[{where}\\]{mark}",
        f"  {citation_md(c.citation.quote, c.citation.source)}",
    ]


def _answer_html(q: Question, level: str = "h3") -> list[str]:
    """A question's answer as a heading, its confidence and its score chart (or why none)."""
    if q.answer is None:
        return [
            f"<{level}>{esc(q.title)}</{level}>",
            f'<p class="rm-none">{esc(no_recommendation(q.reason))}</p>',
        ]
    parts = [
        f"<{level}>{esc(q.title)}: {esc(_answer_label(q))}</{level}>",
        f'<p class="rm-muted">confidence {q.confidence:.2f} ({esc(confidence_word(q.confidence))}) '
        f"\u00b7 {esc(_scores_line(q.scores, q.options))}</p>",
    ]
    if has_scores(q.scores):
        parts.append(
            bars_svg(
                score_bars(q.scores, q.options),
                title=f"Combined {q.name} scores",
                highlight=answer_label(q.answer),
            )
        )
    return parts


def _answer_md(q: Question) -> list[str]:
    """A question's answer as a bold line, its confidence and a text chart (or why none)."""
    if q.answer is None:
        return [f"**{md(q.title)}:** {md(no_recommendation(q.reason))}", ""]
    return [
        f"**{md(q.title)}:** {md(_answer_label(q))} \u2014 confidence {q.confidence:.2f} "
        f"({confidence_word(q.confidence)})",
        "",
        "```",
        bars_text([(o.value, q.scores.get(o, 0.0)) for o in q.options]),
        "```",
        "",
    ]


def _notes_html(explanation: Explanation, asked: Sequence[Question]) -> list[str]:
    parts = []
    dissent = [
        f"{q.name}: {', '.join(q.dissent(explanation.frameworks)) or 'none'}"
        for q in asked
        if q.answer is not None
    ]
    if dissent:
        parts.append(f'<p class="rm-muted">Dissent \u2014 {esc("; ".join(dissent))}</p>')
    if explanation.assumptions:
        items = "".join(f"<li>{esc(a)}</li>" for a in explanation.assumptions)
        parts.append(f'<p class="rm-muted">Assumed:</p><ul class="rm-muted">{items}</ul>')
    if explanation.calibrated:
        parts.append(f'<p class="rm-muted">Note: {esc(CALIBRATION_NOTE)}.</p>')
    return parts


def _notes_md(explanation: Explanation, asked: Sequence[Question]) -> list[str]:
    lines = []
    for q in asked:
        if q.answer is not None:
            lines.append(
                f"Dissent on {md(q.name)}: {md(', '.join(q.dissent(explanation.frameworks)) or 'none')}"
            )
            lines.append("")
    if explanation.assumptions:
        lines += ["Assumed:", "", *(f"- {md(a)}" for a in explanation.assumptions), ""]
    if explanation.calibrated:
        lines += [f"*Note: {md(CALIBRATION_NOTE)}.*", ""]
    return lines


def recommendation_html(rec: Recommendation) -> str:
    """A recommendation as an HTML fragment for a notebook: both answers with their charts, the
    verdicts, the top reasons for each answer, dissent, assumptions, the calibration note."""
    explanation = rec.explain()
    asked = questions(explanation)
    table, _ = render_table(VERDICT_HEADERS, verdict_rows(explanation))
    parts = [
        _CSS,
        '<div class="rm-card">',
        f'<p class="rm-muted">{len(rec.by_framework)} frameworks'
        + (f" \u00b7 {len(rec.abstaining)} abstain on the role" if rec.abstaining else "")
        + (f" \u00b7 {len(rec.staffing_abstaining)} on the staffing" if rec.staffing_abstaining else "")
        + "</p>",
    ]
    for q in asked:
        parts += _answer_html(q)
    parts.append(table)
    for q in asked:
        if q.winner is not None and q.answer is not None and q.winner.reasons:
            reasons = "".join(_reason_html(c) for c in q.winner.reasons[:3])
            parts.append(f"<p><strong>Why {esc(answer_label(q.answer))}</strong></p><ul>{reasons}</ul>")
    parts += _notes_html(explanation, asked)
    parts.append("</div>")
    return "".join(parts)


def recommendation_markdown(rec: Recommendation, *, reasons: int = 3) -> str:
    """A recommendation as Markdown, complete and self-contained: both answers with text charts,
    the verdicts, the top ``reasons`` cited reasons for each answer, dissent, assumptions and
    the calibration note."""
    explanation = rec.explain()
    asked = questions(explanation)
    _, table = render_table(VERDICT_HEADERS, verdict_rows(explanation))
    lines: list[str] = []
    for q in asked:
        lines += _answer_md(q)
    lines += [table, ""]
    for q in asked:
        if q.winner is not None and q.answer is not None and q.winner.reasons:
            lines += [f"**Why {md(answer_label(q.answer))}:** {md(q.winner.summary)}", ""]
            for c in q.winner.reasons[:reasons]:
                lines += _reason_md(c)
            lines.append("")
    lines += _notes_md(explanation, asked)
    return "\n".join(lines).rstrip("\n")


# -- explanations -----------------------------------------------------------------------------


def _framework_rules_html(explanation: Explanation) -> list[str]:
    parts = []
    for fx in explanation.frameworks:
        if not fx.contributions:
            continue
        items = "".join(_reason_html(c) for c in fx.contributions)
        parts.append(
            f"<details><summary>Rules that fired in {esc(fx.title)} (<code>{esc(fx.framework)}</code>)"
            f"</summary><ul>{items}</ul></details>"
        )
    return parts


def explanation_html(explanation: Explanation) -> str:
    """An explanation as an HTML fragment: for each question the case for the answer and against
    the others (or why there is none), the verdicts and scores, every framework's fired rules,
    the assumptions and the calibration note."""
    asked = questions(explanation)
    parts = [_CSS, '<div class="rm-card">']
    for q in asked:
        parts += _answer_html(q)
        for case in q.cases():
            verb = "Why" if case is q.winner else "Why not"
            parts.append(f"<h4>{verb} {esc(answer_label(case.role))}</h4><p>{esc(case.summary)}</p>")
            parts.append("<ul>" + "".join(_reason_html(c) for c in case.reasons) + "</ul>")
    table, _ = render_table(VERDICT_HEADERS, verdict_rows(explanation))
    scores, _ = render_table(SCORE_HEADERS, score_rows(explanation), numeric=SCORE_COLUMNS)
    parts += [table, scores, *_framework_rules_html(explanation), *_notes_html(explanation, asked), "</div>"]
    return "".join(parts)


def explanation_markdown(explanation: Explanation) -> str:
    """An explanation as Markdown (both questions, verdicts, scores, every fired rule, notes),
    with its Mermaid graph."""
    asked = questions(explanation)
    lines: list[str] = []
    for q in asked:
        lines += [f"### {md(q.title)}", ""]
        lines += _answer_md(q)
        for case in q.cases():
            verb = "Why" if case is q.winner else "Why not"
            lines += [f"#### {verb} {md(answer_label(case.role))}", "", md(case.summary), ""]
            for c in case.reasons:
                lines += _reason_md(c)
            if case.reasons:
                lines.append("")
    _, table = render_table(VERDICT_HEADERS, verdict_rows(explanation))
    _, scores = render_table(SCORE_HEADERS, score_rows(explanation), numeric=SCORE_COLUMNS)
    lines += [table, "", scores, ""]
    for fx in explanation.frameworks:
        if fx.contributions:
            lines += [f"**Rules that fired in {md(fx.title)}** (`{md(fx.framework)}`)", ""]
            for c in fx.contributions:
                lines += _reason_md(c)
            lines.append("")
    lines += _notes_md(explanation, asked)
    lines += ["```mermaid", explanation_mermaid(explanation), "```"]
    return "\n".join(lines)


# -- notebook bundles -------------------------------------------------------------------------


def mimebundle(
    obj: object, include: Collection[str] | None = None, exclude: Collection[str] | None = None
) -> dict[str, str]:
    """The MIME bundle of a framework, verdict, recommendation or explanation.

    Only the types ``include`` asks for (all by default), less those in ``exclude``, are
    rendered.
    """
    from rolemodel._explain import Explanation
    from rolemodel._result import Recommendation, Verdict

    renderers: dict[str, Any]
    if isinstance(obj, Recommendation):
        renderers = {
            "text/plain": recommendation_text,
            "text/html": recommendation_html,
            "text/markdown": recommendation_markdown,
        }
    elif isinstance(obj, Verdict):
        renderers = {"text/plain": verdict_text, "text/html": verdict_html, "text/markdown": verdict_markdown}
    elif isinstance(obj, Explanation):
        renderers = {
            "text/plain": str,
            "text/html": explanation_html,
            "text/markdown": explanation_markdown,
            "text/vnd.mermaid": explanation_mermaid,
        }
    elif isinstance(obj, Framework):
        renderers = {
            "text/plain": framework_text,
            "text/html": framework_html,
            "text/markdown": framework_markdown,
            "text/vnd.mermaid": framework_mermaid,
        }
    else:
        raise TypeError(f"mimebundle: cannot render {type(obj).__name__}")
    return bundle(obj, renderers, include, exclude)
