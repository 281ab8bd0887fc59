"""Time audits shown: plain text, report blocks (Markdown or HTML through :mod:`rolemodel._blocks`),
a notebook fragment and a matplotlib drawing (a face).

:func:`audit_blocks` and :func:`team_blocks` are the client report's sections: a list of
:class:`~rolemodel._blocks.Block` values a report can splice in, as it does its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rolemodel._blocks import Block, Cited, chart, render, table
from rolemodel._markup import NO_ANSWER_COLOUR, ROLE_COLOURS
from rolemodel._model import Role

if TYPE_CHECKING:
    from rolemodel._audit import TeamAudit, TimeAudit

__all__ = [
    "KIND_COLOURS",
    "audit_blocks",
    "audit_fragment",
    "audit_page",
    "audit_text",
    "cited",
    "fragment",
    "named",
    "plot_audit",
    "plot_team",
    "team_blocks",
    "team_page",
    "team_text",
]

#: The colour of each kind of time: the roles' colours of the one palette, grey for the rest.
KIND_COLOURS = {
    "management": ROLE_COLOURS[Role.MANAGEMENT],
    "leadership": ROLE_COLOURS[Role.LEADERSHIP],
    "unclassified": NO_ANSWER_COLOUR,
}
_LABELS = {"management": "Management", "leadership": "Leadership", "unclassified": "Unclassified"}
_HOW = (
    "Shares are of all audited time (blocks inside the range; overlapping blocks each count in "
    "full). The verdict compares leadership with the classified (management plus leadership) time. "
    "All-day, declined and cancelled events are left out and listed."
)


def cited(says: str, quote: str, file: str, **extra: Any) -> Cited:
    """A cited entry naming its source by title and author (:mod:`rolemodel._sources`), never
    by file name."""
    from rolemodel._sources import source_of

    source = source_of(file)
    return Cited(says, quote, source.title, source.author, **extra)


def named(file: str) -> str:
    """A source as text: its title, and its author where the text names one."""
    from rolemodel._sources import source_of

    source = source_of(file)
    return f"{source.author}, {source.title}" if source.author else source.title


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _hours(minutes: float) -> str:
    return f"{minutes / 60:.1f} h"


def _basis(audit: TimeAudit) -> str:
    return "the article's" if audit.threshold_basis == "article" else "the library's calibration"


def verdict_sentence(audit: TimeAudit) -> str:
    """The verdict in one sentence."""
    share = audit.leadership_share_of_classified
    if share is None:
        return "No verdict: none of the audited time could be classed as management or leadership."
    word = "under-led" if audit.under_led else "not under-led"
    return (
        f"Leadership takes {_pct(share)} of the classified time, "
        f"{'below' if audit.under_led else 'at or above'} the {_pct(audit.threshold)} threshold "
        f"({_basis(audit)}): {word}."
    )


def _bars(shares: list[tuple[str, float]], width: int = 30) -> str:
    """Shares as text bars on one scale (a full bar is all the time)."""
    label = max(len(name) for name, _ in shares)
    return "\n".join(
        f"{name:<{label}}  {'█' * round(width * s)}{'░' * (width - round(width * s))}  {s:.0%}"
        for name, s in shares
    )


def _shares(audit: TimeAudit) -> list[tuple[str, float]]:
    return [
        ("Management", audit.management_share),
        ("Leadership", audit.leadership_share),
        ("Unclassified", audit.unclassified_share),
    ]


def audit_text(audit: TimeAudit) -> str:
    """A plain-text summary for a terminal."""
    who = f" of {audit.manager}" if audit.manager else ""
    lines = [
        f"Time audit{who}: {audit.start} to {audit.end} ({audit.timezone}), from {audit.source}",
        f"Audited: {_hours(audit.total_minutes)}; 30-minute blocks: "
        + ", ".join(f"{k} {audit.blocks.get(k, 0)}" for k in _LABELS),
        "",
        _bars(_shares(audit)),
        "",
        verdict_sentence(audit),
    ]
    if audit.threshold_quote:
        lines.append(f'  "{audit.threshold_quote}" ({named(audit.threshold_source)})')
    if len(audit.weeks) > 1:
        lines += ["", "Per week (leadership share of classified time):"]
        lines += [
            f"  week of {w.start}: {_pct(w.leadership_share_of_classified)} of {_hours(w.total)}"
            for w in audit.weeks
        ]
    if audit.rules:
        lines += ["", "Classified by:"]
        lines += [f"  {e.note:<12} {e.title}: {_hours(e.minutes)} ({e.count})" for e in audit.rules]
    if audit.unclassified:
        lines += ["", "Unclassified (give them a category, or add a rule):"]
        lines += [
            f"  {e.title}: {_hours(e.minutes)} ({e.count})" + (f" [{e.note}]" if e.note else "")
            for e in audit.unclassified
        ]
    if audit.skipped:
        lines += ["", "Left out:"]
        lines += [f"  {e.title}: {e.note} ({e.count})" for e in audit.skipped]
    if audit.errors:
        lines += ["", "Rows that could not be read:"]
        lines += [f"  {e}" for e in audit.errors]
    return "\n".join(lines)


def audit_blocks(audit: TimeAudit, *, heading: str = "Time audit") -> list[Block]:
    """The audit as report blocks: the verdict, the shares, the weeks, what was not classified."""
    who = f" of {audit.manager}" if audit.manager else ""
    out = [
        Block("open", "time-audit"),
        Block("h2", heading),
        Block(
            "p",
            f"{audit.start} to {audit.end} ({audit.timezone}){who}: {_hours(audit.total_minutes)} audited.",
        ),
        Block("lead", verdict_sentence(audit), Role.LEADERSHIP if audit.under_led else None),
        chart(
            "Shares of audited time",
            [(label, share, KIND_COLOURS[label.lower()]) for label, share in _shares(audit)],
            value_format="{:.0%}",
        ),
    ]
    if audit.threshold_quote:
        out.append(
            Block(
                "reasons",
                data=[
                    cited(
                        f"Leadership should take at least {_pct(audit.threshold)} of the classified time.",
                        audit.threshold_quote,
                        audit.threshold_source,
                        calibration=audit.threshold_basis != "article",
                    )
                ],
            )
        )
    rows = [
        [
            str(w.start),
            f"{w.management / 60:.1f}",
            f"{w.leadership / 60:.1f}",
            f"{w.unclassified / 60:.1f}",
            _pct(w.leadership_share_of_classified),
        ]
        for w in audit.weeks
    ]
    out.append(
        table(
            ["Week of", "Management h", "Leadership h", "Unclassified h", "Leadership of classified"],
            rows,
            (1, 2, 3, 4),
        )
    )
    out.append(
        table(
            ["30-minute blocks", "Count"],
            [[_LABELS[k], audit.blocks.get(k, 0)] for k in _LABELS],
            (1,),
        )
    )
    if audit.unclassified:
        out.append(Block("h3", "Unclassified time"))
        out.append(
            table(
                ["Title", "Hours", "Blocks", "Note"],
                [[e.title, f"{e.minutes / 60:.1f}", e.count, e.note] for e in audit.unclassified],
                (1, 2),
            )
        )
    if audit.skipped:
        out.append(Block("h3", "Left out"))
        out.append(
            table(["Title", "Why", "Events"], [[e.title, e.note, e.count] for e in audit.skipped], (2,))
        )
    if audit.errors:
        out.append(Block("h3", "Rows that could not be read"))
        out.append(Block("list", data=list(audit.errors)))
    out += [Block("muted", _HOW), Block("close")]
    return out


def audit_page(audit: TimeAudit, format: str) -> str:
    """The audit alone, as Markdown or one self-contained HTML page."""
    return render("Time audit", audit_blocks(audit), format)


def fragment(blocks: list[Block]) -> str:
    """Report blocks as an HTML fragment for a notebook cell (every value escaped)."""
    from rolemodel._blocks import _write_html

    return '<div class="rm-time">' + "".join(_write_html(blocks)) + "</div>"


def audit_fragment(audit: TimeAudit) -> str:
    """The audit as an HTML fragment for a notebook cell."""
    return fragment(audit_blocks(audit))


def plot_audit(audit: TimeAudit, ax: Any = None) -> Any:
    """Stacked bars of hours by kind, one bar per week, the threshold's split as a line."""
    from rolemodel._plot import _require_matplotlib

    _require_matplotlib("TimeAudit.plot")
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    labels = [str(w.start) for w in audit.weeks]
    bottom = [0.0] * len(labels)
    for kind in ("management", "leadership", "unclassified"):
        hours = [getattr(w, kind) / 60 for w in audit.weeks]
        ax.bar(labels, hours, bottom=bottom, color=KIND_COLOURS[kind], label=_LABELS[kind])
        bottom = [b + h for b, h in zip(bottom, hours, strict=True)]
    ax.set_ylabel("hours")
    ax.set_xlabel("week of")
    ax.set_title(
        f"Time audit{' of ' + audit.manager if audit.manager else ''}: leadership "
        f"{_pct(audit.leadership_share_of_classified)} of classified time",
        fontsize="small",
    )
    ax.legend(frameon=False, fontsize="small")
    return ax


# -- teams --------------------------------------------------------------------------------------


def plot_team(team: TeamAudit, ax: Any = None) -> Any:
    """One bar per manager: the leadership share of the classified time, the threshold as a line."""
    from rolemodel._plot import _require_matplotlib

    _require_matplotlib("TeamAudit.plot")
    import matplotlib.pyplot as plt

    audits = list(team.audits)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 0.5 * len(audits) + 1.6))
    names = [a.manager or a.source for a in audits]
    shares = [a.leadership_share_of_classified or 0.0 for a in audits]
    colours = [KIND_COLOURS["management" if a.under_led else "leadership"] for a in audits]
    ax.barh(names, shares, color=colours)
    threshold = audits[0].threshold if audits else 0.5
    ax.axvline(threshold, color="#333333", linestyle="--", linewidth=1)
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_xlabel("leadership share of classified time")
    ax.set_title(f"Time audit of the team: under-led below {_pct(threshold)}", fontsize="small")
    return ax


def _team_rows(team: TeamAudit) -> list[list[Any]]:
    return [
        [
            a.manager or a.source,
            f"{a.start}..{a.end}",
            f"{a.total_minutes / 60:.1f}",
            _pct(a.management_share),
            _pct(a.leadership_share),
            _pct(a.unclassified_share),
            _pct(a.leadership_share_of_classified),
            {True: "under-led", False: "ok", None: "n/a"}[a.under_led],
        ]
        for a in team.audits
    ]


_TEAM_HEADERS = [
    "Manager",
    "Range",
    "Hours",
    "Management",
    "Leadership",
    "Unclassified",
    "Leadership of classified",
    "Verdict",
]


def team_text(team: TeamAudit) -> str:
    """The team table as aligned text."""
    rows = [_TEAM_HEADERS] + [[str(c) for c in r] for r in _team_rows(team)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(_TEAM_HEADERS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append("")
    lines.append(f"Team leadership share of classified time: {_pct(team.leadership_time)}")
    for manager, message in team.errors:
        lines.append(f"could not audit {manager}: {message}")
    lines += [f"could not read: {message}" for message in team.row_errors]
    return "\n".join(lines)


def team_blocks(team: TeamAudit, *, heading: str = "Time audit of the team") -> list[Block]:
    """The team table as report blocks."""
    out = [
        Block("open", "team-time-audit"),
        Block("h2", heading),
        Block("p", f"Team leadership share of classified time: {_pct(team.leadership_time)}."),
        table(_TEAM_HEADERS, _team_rows(team), (2, 3, 4, 5, 6)),
    ]
    if team.errors:
        out.append(Block("h3", "Managers not audited"))
        out.append(Block("list", data=[f"{m}: {e}" for m, e in team.errors]))
    if team.row_errors:
        out.append(Block("h3", "Rows that could not be read"))
        out.append(Block("list", data=list(team.row_errors)))
    out += [Block("muted", _HOW), Block("close")]
    return out


def team_page(team: TeamAudit, format: str) -> str:
    return render("Time audit of the team", team_blocks(team), format)
