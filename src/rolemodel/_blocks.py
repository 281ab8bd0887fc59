"""A report as a list of blocks, written out as Markdown or one self-contained HTML page (a face).

The reports of :mod:`rolemodel._report` say what they say once, as a list of :class:`Block`
values (headings, paragraphs, charts, tables, cited entries), and :func:`render` writes that
list as Markdown or HTML. The writers know nothing of recommendations or frameworks: a block
holds text and numbers already chosen, and a cited entry (:class:`Cited`) its quote already
taken from a framework. An HTML report is one self-contained page: inline CSS and SVG, no
script, no network (a Content-Security-Policy says so to the browser), every value escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from rolemodel._errors import RoleModelError, did_you_mean
from rolemodel._markup import (
    answer_colour,
    answer_label,
    bars_svg,
    bars_text,
    citation_html,
    citation_md,
    esc,
    md,
    render_table,
)

__all__ = ["FORMATS", "Block", "Cited", "chart", "check_format", "render", "table"]

#: The formats a report is written in.
FORMATS = ("markdown", "html")


def check_format(format: str) -> str:
    """``format`` when it is one of :data:`FORMATS`; else a :class:`RoleModelError`."""
    if format not in FORMATS:
        hint = did_you_mean(str(format), FORMATS)
        raise RoleModelError(
            f"format: expected one of {', '.join(FORMATS)}, found {format!r}" + (f" ({hint})" if hint else "")
        )
    return format


@attrs.frozen
class Cited:
    """One entry of a ``reasons`` or ``items`` block: what it says, then its verbatim quote.

    ``source`` is the work quoted as a reader names it (an article's title, never a file
    name), ``by`` its author, ``url`` its address and ``note`` a remark on its title (as
    "library's title"). ``name`` is set in bold before the text, ``detail`` follows it in
    brackets, ``calibration`` marks it as resting on the library's calibration, and ``whose``
    names the role it is for when that is not the one recommended; each is left out when empty.
    """

    says: str
    quote: str
    source: str
    by: str = ""
    name: str = ""
    detail: str = ""
    calibration: bool = False
    whose: str = ""
    url: str = ""
    note: str = ""


@attrs.frozen
class Block:
    """One piece of a report: a heading, a paragraph, a chart, a table, cited reasons or items.

    ``kind`` is one of ``h1 h2 h3 lead p muted list chart table reasons items meta logo open
    close``; ``text`` its text (a section id for ``open``), ``data`` what the kind needs (the
    answer whose badge leads a ``lead``, the entries of a ``list``, the :class:`Cited` entries
    of ``reasons`` and ``items``, the ``(label, value)`` pairs of a ``meta`` line, the checked
    ``data:`` URI of a ``logo``, which only HTML shows).
    """

    kind: str
    text: str = ""
    data: Any = None


def chart(
    title: str, bars: list[tuple[str, float, str]], highlight: str | None = None, value_format: str = "{:.2f}"
) -> Block:
    """A bar chart: ``(label, value, colour)`` bars, the bar labelled ``highlight`` marked."""
    return Block("chart", title, (bars, highlight, value_format))


def table(headers: Sequence[object], rows: Sequence[Sequence[object]], numeric: Iterable[int] = ()) -> Block:
    """A table; the columns at the ``numeric`` indexes are aligned as numbers."""
    return Block("table", "", (list(headers), [list(r) for r in rows], set(numeric)))


def _write_markdown(blocks: Iterable[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if b.kind in ("open", "close", "logo"):
            continue
        if b.kind == "meta":
            out += [" \u00b7 ".join(f"**{md(label)}:** {md(value)}" for label, value in b.data), ""]
        elif b.kind == "h1":
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
        elif b.kind in ("reasons", "items"):
            for e in b.data:
                name = f"**{md(e.name)}.** " if e.name else ""
                detail = f" ({md(e.detail)})" if e.detail else ""
                mark = " *(calibration)*" if e.calibration else ""
                whose = f" \u2014 for {md(e.whose)}" if e.whose else ""
                out += [
                    f"- {name}{md(e.says)}{detail}{mark}{whose}",
                    f"  {citation_md(e.quote, e.source, e.by, url=e.url, note=e.note)}",
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
        elif b.kind == "meta":
            cells = " \u00b7 ".join(
                f'<span class="meta-item"><strong>{esc(key)}:</strong> {esc(value)}</span>'
                for key, value in b.data
            )
            body.append(f'<p class="meta">{cells}</p>')
        elif b.kind == "logo":
            body.append(f'<img class="logo" alt="{esc(b.text)}" src="{esc(b.data)}">')
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
        elif b.kind in ("reasons", "items"):
            body.append(f'<ul class="{b.kind}">')
            for e in b.data:
                name = f"<strong>{esc(e.name)}.</strong> " if e.name else ""
                detail = f' <span class="muted">({esc(e.detail)})</span>' if e.detail else ""
                mark = ' <span class="muted">(calibration)</span>' if e.calibration else ""
                whose = f" <em>\u2014 for {esc(e.whose)}</em>" if e.whose else ""
                cite = citation_html(e.quote, e.source, e.by, url=e.url, note=e.note)
                body.append(f"<li>{name}{esc(e.says)}{detail}{mark}{whose}{cite}</li>")
            body.append("</ul>")
        else:  # pragma: no cover - every kind is written above
            raise AssertionError(b.kind)
    return body


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
img.logo{float:right;max-height:4rem;max-width:12rem;margin:0 0 .5rem 1rem}
p.meta{margin:.2rem 0 1rem;color:#444} .meta-item{white-space:nowrap}
@page{size:A4;margin:16mm 14mm 18mm}
@media print{
 body{margin:0;max-width:none;padding:0;font-size:10.5pt;color:#000;line-height:1.4}
 h1{font-size:18pt} h2{font-size:13pt;break-after:avoid;page-break-after:avoid}
 h3{font-size:11pt;break-after:avoid;page-break-after:avoid}
 section{break-inside:auto} .wrap{overflow:visible}
 li,tr,blockquote.rm-quote,svg.rm-chart,img.logo,p.meta{break-inside:avoid;page-break-inside:avoid}
 table.rm-table{font-size:8.5pt;width:100%} table.rm-table th{background:#eee}
 blockquote.rm-quote{color:#222;border-left-color:#999}
 a{color:inherit;text-decoration:none}
 a[href^="https:"]::after{content:" <" attr(href) ">";font-size:.85em;color:#444}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
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


def render(title: str, blocks: Iterable[Block], format: str) -> str:
    """``blocks`` as Markdown, or for ``format="html"`` as one self-contained page titled
    ``title``. ``format`` is one :func:`check_format` has passed."""
    if format == "html":
        return _page(title, _write_html(blocks))
    return _write_markdown(blocks)
