"""The assessed managers as a report section, and a team report (a face).

:func:`assessment_blocks` says, as report blocks (:mod:`rolemodel._blocks`), the team's styles
side by side (a table: one row per person, a column per dimension, overall, balance, coaching
emphasis and completeness) and, given a recommendation, against what the company needs: each
person's seat, the band the seat needs, the gap, the largest shortfalls and what the articles
prescribe, every prescription quoted with its source. :func:`assessment_section` writes those
blocks as a Markdown or HTML fragment to put into another report (the client report);
:func:`team_report` as a whole page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rolemodel._assess_display import CALIBRATION_BANDS
from rolemodel._blocks import Block, Cited, check_format, render, table
from rolemodel._errors import RoleModelError
from rolemodel._markup import answer_label

if TYPE_CHECKING:
    from rolemodel._assess import Assessment
    from rolemodel._gap import Gap
    from rolemodel._instrument import Instrument, Prescription
    from rolemodel._result import Recommendation

__all__ = ["SECTION_ID", "assessment_blocks", "assessment_section", "team_report"]

#: The id of the section's ``<section>`` in HTML.
SECTION_ID = "assessed-managers"
_NOTE = (
    "Positions run from 0 (the management pole) to 1 (the leadership pole); balance is "
    "1 - 2 * |overall - 0.5| (003: \u201cYou need both management and leadership.\u201d); "
    "items not answered lower completeness and are never guessed."
)


def _source(file: str) -> tuple[str, str]:
    """A source as a reader names it (title, author) where the sources table knows it."""
    try:
        from rolemodel._sources import source_of
    except ImportError:  # pragma: no cover - the table is optional here
        return file, ""
    try:
        found = source_of(file)
    except RoleModelError:  # pragma: no cover - an unknown file keeps its name
        return file, ""
    return found.title or file, found.author


def _cited(p: Prescription) -> Cited:
    title, author = _source(p.citation.source)
    return Cited(
        says=p.says,
        quote=p.citation.quote,
        source=title,
        by=author,
        name="Caveat" if p.kind == "caveat" else "",
    )


def _seat_of(person: str, seats: str | Mapping[str, str] | None) -> str | None:
    if seats is None or isinstance(seats, str):
        return seats
    return seats.get(person)


def _gaps(
    assessments: Sequence[Assessment],
    rec: Recommendation,
    seats: str | Mapping[str, str] | None,
    instrument: Instrument | None,
) -> list[Gap | str]:
    from rolemodel._gap import gap

    out: list[Gap | str] = []
    for a in assessments:
        try:
            out.append(gap(a, rec, _seat_of(a.person, seats), instrument=instrument))
        except RoleModelError as exc:
            out.append(str(exc))
    return out


def assessment_blocks(
    assessments: Sequence[Assessment],
    rec: Recommendation | None = None,
    *,
    seats: str | Mapping[str, str] | None = None,
    instrument: Instrument | None = None,
) -> list[Block]:
    """The assessed managers as report blocks: their styles side by side and, with ``rec``, each
    one's gap to what the company needs and the articles' prescriptions.

    ``seats`` is one seat for everyone or a mapping person -> seat (see :func:`rolemodel.gap`);
    a person whose seat cannot be told (split staffing, none given) is said so, not guessed.
    """
    from rolemodel._assess import Assessment
    from rolemodel._instrument import manager_style

    people = list(assessments)
    if not all(isinstance(a, Assessment) for a in people):
        raise RoleModelError("assessment_blocks: expected a list of Assessment values")
    instrument = manager_style() if instrument is None else instrument
    names = {d.id: d.name for d in instrument.dimensions}
    blocks = [Block("open", SECTION_ID), Block("h2", "The assessed managers")]
    if not people:
        return [*blocks, Block("p", "No manager was assessed."), Block("close")]
    dims = list(people[0].dimensions)
    headers = ["Person", *(names.get(d, d) for d in dims), "Overall", "Balance", "Coaching", "Answered"]
    rows = [
        [
            a.person or f"#{i + 1}",
            *(a.dimensions.get(d) for d in dims),
            a.overall,
            a.balance,
            a.coaching,
            f"{a.completeness:.0%}",
        ]
        for i, a in enumerate(people)
    ]
    blocks += [
        Block("h3", "Styles side by side"),
        table(headers, rows, numeric=range(1, len(headers))),
        Block("muted", _NOTE),
    ]
    if rec is None:
        return [*blocks, Block("close")]
    role = answer_label(rec.role) if rec.role is not None else "no role recommended"
    staffing = answer_label(rec.staffing) if rec.staffing is not None else "no staffing recommended"
    blocks += [
        Block("h3", "Against what the company needs"),
        Block("p", f"Role: {role}. Staffing: {staffing}."),
    ]
    gap_rows: list[list[object]] = []
    details: list[Block] = []
    for i, (a, g) in enumerate(zip(people, _gaps(people, rec, seats, instrument), strict=True)):
        who = a.person or f"#{i + 1}"
        if isinstance(g, str):
            gap_rows.append([who, "", "", a.overall, "", "", g])
            continue
        low, high = g.need.band
        top = ", ".join(f"{s.name} {s.size:.2f}" for s in g.shortfalls[:3]) or "none"
        toward = g.toward or "within the band"
        gap_rows.append(
            [who, g.seat, f"{g.need.need} ({low:.2f}-{high:.2f})", g.overall, g.size, toward, top]
        )
        if g.shortfalls:
            details += [
                Block("h3", f"{who}: what the articles prescribe"),
                Block("p", f"Short by {g.size:.2f} toward {toward}. {g.need.says}"),
                Block("items", data=[_cited(p) for p in g.prescriptions]),
            ]
    blocks += [
        table(
            ["Person", "Seat", "Needs", "Overall", "Gap", "Toward", "Largest shortfalls"], gap_rows, (3, 4)
        ),
        *details,
        Block("muted", f"Note: {CALIBRATION_BANDS}."),
        Block("close"),
    ]
    return blocks


def assessment_section(
    assessments: Sequence[Assessment],
    rec: Recommendation | None,
    fmt: str = "markdown",
    *,
    seats: str | Mapping[str, str] | None = None,
) -> str:
    """The assessed managers as a fragment of a report: Markdown, or HTML (a ``<section>``, no
    page around it) for ``fmt="html"``; to go into the client report."""
    from rolemodel._blocks import _write_html, _write_markdown

    blocks = assessment_blocks(assessments, rec, seats=seats)
    if check_format(fmt) == "html":
        return "".join(_write_html(blocks))
    return _write_markdown(blocks)


def team_report(
    assessments: Sequence[Assessment],
    rec: Recommendation | None = None,
    fmt: str = "markdown",
    *,
    seats: str | Mapping[str, str] | None = None,
    title: str = "Sales managers: style and gap",
    errors: Sequence[str] = (),
) -> str:
    """A whole team report (Markdown, or one self-contained HTML page) of the assessed managers;
    ``errors`` lists the rows that could not be assessed, each said as it is."""
    blocks = [Block("h1", title), *assessment_blocks(assessments, rec, seats=seats)]
    if errors:
        blocks += [
            Block("open", "not-assessed"),
            Block("h2", "Not assessed"),
            Block("list", data=list(errors)),
            Block("close"),
        ]
    return render(title, blocks, check_format(fmt))
