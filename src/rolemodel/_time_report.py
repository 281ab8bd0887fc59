"""003's three Monday actions as sections of a client report: the time audit, the split 1:1s and
the leadership MBOs, each when its data is given (a face).

A report splices :func:`time_sections` into its own blocks (:mod:`rolemodel._blocks`), or takes
the sections already written as Markdown or an HTML fragment::

    blocks += time_sections(audit=rolemodel.audit("ana.ics"), mbos=rolemodel.mbos("history.csv"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rolemodel._blocks import Block, render

if TYPE_CHECKING:
    from rolemodel._audit_result import TeamAudit, TimeAudit
    from rolemodel._mbos import MBOPlan
    from rolemodel._rhythm import Rhythm

__all__ = ["time_sections", "time_sections_html", "time_sections_markdown"]


def time_sections(
    *, audit: TimeAudit | TeamAudit | None = None, rhythm: Rhythm | None = None, mbos: MBOPlan | None = None
) -> list[Block]:
    """The report blocks of whichever of the three is given, in 003's order."""
    blocks: list[Block] = []
    for part in (audit, rhythm, mbos):
        if part is not None:
            blocks += part.report_blocks()
    return blocks


def time_sections_markdown(
    *, audit: TimeAudit | TeamAudit | None = None, rhythm: Rhythm | None = None, mbos: MBOPlan | None = None
) -> str:
    """The sections as Markdown (``""`` when none is given)."""
    blocks = time_sections(audit=audit, rhythm=rhythm, mbos=mbos)
    return render("", blocks, "markdown") if blocks else ""


def time_sections_html(
    *, audit: TimeAudit | TeamAudit | None = None, rhythm: Rhythm | None = None, mbos: MBOPlan | None = None
) -> str:
    """The sections as an HTML fragment (``<section>`` elements, every value escaped) to put in
    a page that carries the report's stylesheet."""
    from rolemodel._blocks import _write_html

    return "".join(_write_html(time_sections(audit=audit, rhythm=rhythm, mbos=mbos)))
