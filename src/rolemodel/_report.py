"""Client and portfolio reports in Markdown or self-contained HTML (a face).

A client report says what the articles recommend for one company, how sure they are, where
they agree and dissent, why (the rules that fired, with their citations) and what the
articles prescribe for that role and the company's stage: every practice is an item of a
framework, quoted with its source, never written here.

HTML reports are one self-contained page: inline CSS and SVG, no script, no network (a
Content-Security-Policy says so to the browser), every value escaped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._batch import RESULT_COLUMNS
from rolemodel._display import (
    ROLE_COLOURS,
    VERDICT_HEADERS,
    bars_svg,
    bars_text,
    citation_html,
    citation_md,
    confidence_word,
    esc,
    fmt,
    item_says,
    md,
    render_table,
    role_label,
    score_bars,
    verdict_rows,
)
from rolemodel._errors import RoleModelError, did_you_mean
from rolemodel._model import Framework, Item, Role, Stage
from rolemodel._profile import FACTORS, LEVELS

if TYPE_CHECKING:
    from rolemodel._explain import Contribution, Explanation
    from rolemodel._result import Recommendation

__all__ = ["RESULT_COLUMNS", "client_report", "portfolio_report", "prescriptions"]

FORMATS = ("markdown", "html")


_CONFIDENCE_NOTE = (
    "Confidence is in [0, 1]: how clearly the top role leads the next one, times how closely "
    "the articles' own verdicts match the combined scores."
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


def prescriptions(frameworks: Iterable[Framework], role: Role, stage: Stage) -> list[Section]:
    """What the frameworks' items say about ``role`` at ``stage``, grouped; empty groups left out.

    Practices for the role (and those for every role), the items on the company's stage,
    the situations where the articles say the role fits, its strengths, its risks and
    caveats, and the questions it asks. Nothing is added that no framework holds.
    """
    chosen = tuple(frameworks)

    def pick(test: Any) -> tuple[Prescribed, ...]:
        return tuple(Prescribed(i, f) for f in chosen for i in f.items if test(i))

    label = role_label(role)
    sections = [
        Section(
            "Practices",
            f"What the articles prescribe for {label} (or for every sales head).",
            pick(lambda i: i.kind == "practice" and i.role in (role, None)),
        ),
        Section(
            f"At the {stage.value} stage",
            f"What the articles say about a company at the {stage.value} stage.",
            pick(lambda i: i.kind == "stage" and i.dimension == stage.value),
        ),
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
    return [s for s in sections if s.items]


def _frameworks_of(rec: Recommendation) -> list[Framework]:
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


def _agreement(rec: Recommendation, explanation: Explanation) -> str:
    agree = [f.title for f in explanation.frameworks if f.role is rec.role]
    total = len(explanation.frameworks)
    text = f"{len(agree)} of {total} articles give {role_label(rec.role)} as their own verdict"
    dissent = [f"{f.title} ({role_label(f.role)})" for f in explanation.frameworks if f.role is not rec.role]
    if dissent:
        text += "; dissenting: " + "; ".join(dissent)
    return text + "."


def _headline(rec: Recommendation) -> str:
    return (
        f"The articles together recommend {role_label(rec.role)}: it scores "
        f"{rec.scores[rec.role]:.2f} of 1, with confidence {rec.confidence:.2f} "
        f"({confidence_word(rec.confidence)})."
    )


def _counted(c: Contribution) -> str:
    if c.share is not None:
        return f"{c.share:.1%} of the score"
    return f"+{c.evidence:.2f} to {c.target}"


def _read(c: Contribution) -> str:
    return ", ".join(f"{i.name} = {fmt(i.value)}" for i in c.reads) or "nothing (always)"


def _by(framework: Framework) -> str:
    return framework.title if framework.author == "not named" else (f"{framework.author}, {framework.title}")


def _client_markdown(rec: Recommendation) -> str:
    explanation = rec.explain()
    frameworks = _frameworks_of(rec)
    by_id = {f.id: f for f in frameworks}
    out = [
        f"# Sales role recommendation: {md(role_label(rec.role))}",
        "",
        md(_headline(rec)),
        "",
        "```",
        bars_text([(role_label(r), rec.scores[r]) for r in Role]),
        "```",
        "",
        f"*{md(_CONFIDENCE_NOTE)}*",
        "",
        "## The company",
        "",
    ]
    out.append(render_table(["factor", "value", "meaning"], _input_rows(rec))[1])
    missing = _not_given(explanation)
    if missing:
        out += ["", f"Not given (rules that read these stayed silent): {md(', '.join(missing))}."]
    out += [
        "",
        "## Where the articles agree and dissent",
        "",
        md(_agreement(rec, explanation)),
        "",
        render_table(VERDICT_HEADERS, verdict_rows(explanation), numeric={4, 5, 6})[1],
    ]
    for case in (explanation.winner, *explanation.losers):
        verb = "Why" if case.role is rec.role else "Why not"
        out += [
            "",
            f"## {verb} {md(role_label(case.role))}",
            "",
            md(case.summary[0].upper() + case.summary[1:]) + ".",
        ]
        for c in case.reasons:
            fw = by_id.get(c.framework)
            out += [
                "",
                f"- {md(c.says)} (read {md(_read(c))}; {md(_counted(c))}; "
                f"rule `{md(c.rule)}` of {md(c.framework)})",
                f"  {citation_md(c.citation.quote, c.citation.source, _by(fw) if fw else '')}",
            ]
    sections = prescriptions(frameworks, rec.role, rec.profile.effective_stage)
    if sections:
        out += ["", f"## What the articles prescribe for {md(role_label(rec.role))}"]
    for section in sections:
        out += ["", f"### {md(section.heading)}", "", f"*{md(section.intro)}*"]
        for p in section.items:
            name = f"**{md(p.item.name)}.** " if p.item.name else ""
            whose = (
                f" \u2014 for {md(role_label(p.item.role))}"
                if (p.item.role is not None and p.item.role is not rec.role)
                else ""
            )
            cite = p.item.citation
            out += [
                "",
                f"- {name}{md(item_says(p.item))}{whose}",
                f"  {citation_md(cite.quote, cite.source, _by(p.framework))}",
            ]
    out += ["", "## Sources", ""]
    for f in explanation.frameworks:
        out.append(
            f"- {md(f.title)} \u2014 {md(f.author)}, *{md(f.source)}* "
            f"(`{md(f.framework)}`, weight {f.weight:g}): {md(role_label(f.role))}"
        )
    out += ["", f"*{md(_QUOTE_NOTE)}*", ""]
    return "\n".join(out)


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


def _client_html(rec: Recommendation) -> str:
    explanation = rec.explain()
    frameworks = _frameworks_of(rec)
    by_id = {f.id: f for f in frameworks}
    colour = ROLE_COLOURS[rec.role]
    body = [
        "<header>",
        f"<h1>Sales role recommendation: {esc(role_label(rec.role))}</h1>",
        f'<p class="lead"><span class="badge" style="background:{colour}">'
        f"{esc(role_label(rec.role))}</span> {esc(_headline(rec))}</p>",
        "</header>",
        '<section id="scores"><h2>Scores</h2>',
        bars_svg(
            score_bars(rec.scores), title="Combined scores of the three roles", highlight=role_label(rec.role)
        ),
        f'<p class="muted">{esc(_CONFIDENCE_NOTE)}</p></section>',
        '<section id="company"><h2>The company</h2><div class="wrap">',
        render_table(["factor", "value", "meaning"], _input_rows(rec))[0],
        "</div>",
    ]
    missing = _not_given(explanation)
    if missing:
        body.append(
            f'<p class="muted">Not given (rules that read these stayed silent): '
            f"{esc(', '.join(missing))}.</p>"
        )
    body += [
        "</section>",
        '<section id="verdicts"><h2>Where the articles agree and dissent</h2>',
        f"<p>{esc(_agreement(rec, explanation))}</p>",
        '<div class="wrap">',
        render_table(VERDICT_HEADERS, verdict_rows(explanation), numeric={4, 5, 6})[0],
        "</div></section>",
    ]
    for case in (explanation.winner, *explanation.losers):
        verb = "Why" if case.role is rec.role else "Why not"
        body.append(f'<section class="case"><h2>{verb} {esc(role_label(case.role))}</h2>')
        body.append(f"<p>{esc(case.summary[0].upper() + case.summary[1:])}.</p>")
        body.append('<ul class="reasons">')
        for c in case.reasons:
            fw = by_id.get(c.framework)
            cited = citation_html(c.citation.quote, c.citation.source, _by(fw) if fw else "")
            body.append(
                f'<li>{esc(c.says)} <span class="muted">(read {esc(_read(c))}; '
                f"{esc(_counted(c))}; rule <code>{esc(c.rule)}</code> of {esc(c.framework)})"
                f"</span>{cited}</li>"
            )
        body.append("</ul></section>")
    sections = prescriptions(frameworks, rec.role, rec.profile.effective_stage)
    if sections:
        body.append(
            f'<section id="practices"><h2>What the articles prescribe for {esc(role_label(rec.role))}</h2>'
        )
        for section in sections:
            body.append(
                f'<h3>{esc(section.heading)}</h3><p class="muted">{esc(section.intro)}</p><ul class="items">'
            )
            for p in section.items:
                name = f"<strong>{esc(p.item.name)}.</strong> " if p.item.name else ""
                whose = (
                    f" <em>\u2014 for {esc(role_label(p.item.role))}</em>"
                    if (p.item.role is not None and p.item.role is not rec.role)
                    else ""
                )
                cite = p.item.citation
                body.append(
                    f"<li>{name}{esc(item_says(p.item))}{whose}"
                    f"{citation_html(cite.quote, cite.source, _by(p.framework))}</li>"
                )
            body.append("</ul>")
        body.append("</section>")
    body.append('<section id="sources"><h2>Sources</h2><ul>')
    for f in explanation.frameworks:
        body.append(
            f"<li>{esc(f.title)} \u2014 {esc(f.author)}, <cite>{esc(f.source)}</cite> "
            f"(<code>{esc(f.framework)}</code>, weight {f.weight:g}): "
            f"{esc(role_label(f.role))}</li>"
        )
    body.append(f'</ul><p class="muted">{esc(_QUOTE_NOTE)}</p></section>')
    return _page(f"Sales role recommendation: {role_label(rec.role)}", body)


def client_report(rec: Recommendation, format: str = "markdown") -> str:
    """One client's report: inputs, recommendation, score chart, verdicts, reasons, practices.

    ``format`` is ``"markdown"`` or ``"html"`` (one self-contained page: inline CSS and SVG,
    no script, no network). Every practice, reason and quote comes from the frameworks,
    with its citation.
    """
    from rolemodel._result import Recommendation

    if not isinstance(rec, Recommendation):
        raise RoleModelError(f"client_report: expected a Recommendation, found {type(rec).__name__}")
    if _check_format(format) == "html":
        return _client_html(rec)
    return _client_markdown(rec)


# -- a portfolio ----------------------------------------------------------------------------


@attrs.frozen
class _Row:
    number: int
    data: Mapping[str, Any]
    role: Role | None
    confidence: float
    scores: tuple[float, float, float]
    error: str


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


def _rows(rows: Iterable[Mapping[str, Any]]) -> list[_Row]:
    out = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise RoleModelError(
                f"portfolio_report: row {number}: expected a mapping, found {type(row).__name__}"
            )
        error = "" if _blank(row.get("error")) else str(row.get("error"))
        role: Role | None = None
        if not error:
            try:
                role = Role(str(row.get("role", "")).strip())
            except ValueError:
                error = f"role: expected one of {', '.join(Role)}, found {row.get('role')!r}"
        confidence = _number(row.get("confidence"))
        if not error and math.isnan(confidence):
            error = f"confidence: expected a number, found {row.get('confidence')!r}"
        scores = (
            _number(row.get("score_management")),
            _number(row.get("score_leadership")),
            _number(row.get("score_growth_leader")),
        )
        out.append(_Row(number, row, None if error else role, confidence, scores, error))
    return out


def _columns(rows: Sequence[_Row]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row.data:
            if key not in RESULT_COLUMNS:
                seen[str(key)] = None
    return list(seen)


def _portfolio_parts(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    parsed = _rows(rows)
    good = [r for r in parsed if r.role is not None]
    bad = [r for r in parsed if r.role is None]
    columns = _columns(parsed)
    counts = {role: sum(1 for r in good if r.role is role) for role in Role}
    distribution = []
    for role in Role:
        mine = [r.confidence for r in good if r.role is role]
        share = counts[role] / len(good) if good else 0.0
        mean = sum(mine) / len(mine) if mine else None
        distribution.append(
            [role_label(role), counts[role], f"{share:.0%}", "" if mean is None else f"{mean:.2f}"]
        )
    ranked = sorted(good, key=lambda r: (r.confidence, r.number))
    clients = [
        [
            r.number,
            role_label(r.role or ""),
            f"{r.confidence:.2f}",
            *(f"{s:.2f}" if s == s else "" for s in r.scores),
            *(r.data.get(c) for c in columns),
        ]
        for r in ranked
    ]
    errors = [[r.number, r.error, *(r.data.get(c) for c in columns)] for r in bad]
    low = sum(1 for r in good if r.confidence < 1 / 3)
    summary = (
        f"{len(parsed)} rows: {len(good)} recommended, {len(bad)} could not be read. "
        f"{low} of the {len(good)} recommendations have low confidence (below 0.33)."
    )
    return {
        "summary": summary,
        "counts": counts,
        "good": good,
        "distribution": (["role", "clients", "share", "mean confidence"], distribution, {1, 2, 3}),
        "clients": (
            ["row", "role", "confidence", *(f"score {role_label(r)}" for r in Role), *columns],
            clients,
            {0, 2, 3, 4, 5},
        ),
        "errors": (["row", "error", *columns], errors, {0}),
    }


def _portfolio_markdown(parts: Mapping[str, Any]) -> str:
    out = [
        "# Portfolio report",
        "",
        md(parts["summary"]),
        "",
        "## Recommended roles",
        "",
        "```",
        bars_text([(role_label(r), float(n)) for r, n in parts["counts"].items()], value_format="{:.0f}"),
        "```",
        "",
    ]
    headers, rows, numeric = parts["distribution"]
    out += [render_table(headers, rows, numeric=numeric)[1], ""]
    headers, rows, numeric = parts["clients"]
    out += [
        "## Clients, least confident first",
        "",
        render_table(headers, rows, numeric=numeric)[1] if rows else "No client was read.",
        "",
    ]
    headers, rows, numeric = parts["errors"]
    if rows:
        out += ["## Rows that could not be read", "", render_table(headers, rows, numeric=numeric)[1], ""]
    out += [f"*{md(_CONFIDENCE_NOTE)}*", ""]
    return "\n".join(out)


def _portfolio_html(parts: Mapping[str, Any]) -> str:
    body = [
        "<h1>Portfolio report</h1>",
        f'<p class="lead">{esc(parts["summary"])}</p>',
        '<section id="distribution"><h2>Recommended roles</h2>',
        bars_svg(
            [(role_label(r), float(n), ROLE_COLOURS[r]) for r, n in parts["counts"].items()],
            title="Clients per recommended role",
            value_format="{:.0f}",
        ),
    ]
    headers, rows, numeric = parts["distribution"]
    body += [render_table(headers, rows, numeric=numeric)[0], "</section>"]
    headers, rows, numeric = parts["clients"]
    body += [
        '<section id="clients"><h2>Clients, least confident first</h2><div class="wrap">',
        render_table(headers, rows, numeric=numeric)[0] if rows else "<p>No client was read.</p>",
        "</div></section>",
    ]
    headers, rows, numeric = parts["errors"]
    if rows:
        body += [
            '<section id="errors"><h2>Rows that could not be read</h2><div class="wrap">',
            render_table(headers, rows, numeric=numeric)[0],
            "</div></section>",
        ]
    body.append(f'<p class="muted">{esc(_CONFIDENCE_NOTE)}</p>')
    return _page("Portfolio report", body)


def portfolio_report(rows: Iterable[Mapping[str, Any]], format: str = "markdown") -> str:
    """A portfolio's report: the distribution of roles, then clients least confident first.

    Each row is a mapping: an input record's columns plus ``role``, ``confidence``,
    ``score_management``, ``score_leadership``, ``score_growth_leader`` and ``error``
    (non-empty for a row that could not be read; such rows are listed separately).
    ``format`` is ``"markdown"`` or ``"html"``.
    """
    _check_format(format)
    parts = _portfolio_parts(rows)
    if format == "html":
        return _portfolio_html(parts)
    return _portfolio_markdown(parts)
