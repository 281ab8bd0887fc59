"""The time audit's results: :class:`TimeAudit` (one manager) and :class:`TeamAudit` (many), with
their weeks and entries; frozen values, JSON-ready (``to_dict``/``from_dict``), shown by
:mod:`rolemodel._audit_display`. :mod:`rolemodel._audit` computes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._errors import RoleModelError

if TYPE_CHECKING:
    from rolemodel._blocks import Block

__all__ = ["AUDIT_FORMAT", "KINDS", "MAX_RANGE_DAYS", "Entry", "TeamAudit", "TimeAudit", "Week"]

#: The three kinds of audited time, in the order they are shown.
KINDS = ("management", "leadership", "unclassified")
#: The longest range one audit covers (the library's bound).
MAX_RANGE_DAYS = 366
_WEEK = dt.timedelta(days=7)
_HALF_HOUR = dt.timedelta(minutes=30)
AUDIT_FORMAT = "rolemodel-timeaudit-result"


def _share(part: float, whole: float) -> float:
    return part / whole if whole > 0 else 0.0


@attrs.frozen
class Week:
    """The minutes of one Monday-to-Sunday week (``start``: its Monday), by kind."""

    start: dt.date
    management: float
    leadership: float
    unclassified: float

    @property
    def total(self) -> float:
        return self.management + self.leadership + self.unclassified

    @property
    def leadership_share_of_classified(self) -> float | None:
        classified = self.management + self.leadership
        return self.leadership / classified if classified > 0 else None

    def to_dict(self) -> dict[str, Any]:
        total = self.total
        return {
            "week": self.start.isoformat(),
            "management_minutes": self.management,
            "leadership_minutes": self.leadership,
            "unclassified_minutes": self.unclassified,
            "management_share": _share(self.management, total),
            "leadership_share": _share(self.leadership, total),
            "unclassified_share": _share(self.unclassified, total),
            "leadership_share_of_classified": self.leadership_share_of_classified,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Week:
        return cls(
            dt.date.fromisoformat(data["week"]),
            float(data["management_minutes"]),
            float(data["leadership_minutes"]),
            float(data["unclassified_minutes"]),
        )


@attrs.frozen
class Entry:
    """Time under one title (or one rule): ``minutes`` over ``count`` blocks, and a ``note``
    (the rule that classed it, why it is ambiguous, or why it was left out)."""

    title: str
    minutes: float
    count: int
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "minutes": self.minutes, "count": self.count, "note": self.note}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entry:
        return cls(str(data["title"]), float(data["minutes"]), int(data["count"]), str(data.get("note", "")))


@attrs.frozen
class TimeAudit:
    """One manager's time audit. Shares are of all audited time and sum to 1;
    :attr:`leadership_share_of_classified` leaves the unclassified time out, and is what the
    verdict and :attr:`leadership_time` use."""

    manager: str
    source: str
    start: dt.date
    end: dt.date
    timezone: str
    management_minutes: float
    leadership_minutes: float
    unclassified_minutes: float
    blocks: Mapping[str, int]
    weeks: tuple[Week, ...]
    rules: tuple[Entry, ...] = ()
    unclassified: tuple[Entry, ...] = ()
    skipped: tuple[Entry, ...] = ()
    errors: tuple[str, ...] = ()
    threshold: float = 0.5
    threshold_basis: str = "article"
    threshold_quote: str = ""
    threshold_source: str = ""

    def __repr__(self) -> str:
        who = f" {self.manager!r}" if self.manager else ""
        ls = self.leadership_share_of_classified
        shown = "n/a" if ls is None else f"{ls:.0%}"
        return f"<TimeAudit{who} {self.start}..{self.end} leadership={shown} under_led={self.under_led}>"

    @property
    def total_minutes(self) -> float:
        return self.management_minutes + self.leadership_minutes + self.unclassified_minutes

    @property
    def management_share(self) -> float:
        return _share(self.management_minutes, self.total_minutes)

    @property
    def leadership_share(self) -> float:
        return _share(self.leadership_minutes, self.total_minutes)

    @property
    def unclassified_share(self) -> float:
        return _share(self.unclassified_minutes, self.total_minutes)

    @property
    def leadership_share_of_classified(self) -> float | None:
        """Leadership time over management plus leadership time; ``None`` when neither."""
        classified = self.management_minutes + self.leadership_minutes
        return self.leadership_minutes / classified if classified > 0 else None

    @property
    def under_led(self) -> bool | None:
        """Whether leadership is below the threshold of the classified time (003: "at least
        50/50"); ``None`` when no time was classified."""
        share = self.leadership_share_of_classified
        return None if share is None else share < self.threshold

    @property
    def leadership_time(self) -> float | None:
        """The profile factor ``leadership_time``: :attr:`leadership_share_of_classified`."""
        return self.leadership_share_of_classified

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; :meth:`from_dict` reads it back."""
        return {
            "format": AUDIT_FORMAT,
            "version": 1,
            "manager": self.manager,
            "source": self.source,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "timezone": self.timezone,
            "management_share": self.management_share,
            "leadership_share": self.leadership_share,
            "unclassified_share": self.unclassified_share,
            "leadership_share_of_classified": self.leadership_share_of_classified,
            "under_led": self.under_led,
            "leadership_time": self.leadership_time,
            "threshold": {
                "value": self.threshold,
                "basis": self.threshold_basis,
                "quote": self.threshold_quote,
                "source": self.threshold_source,
            },
            "minutes": {
                "management": self.management_minutes,
                "leadership": self.leadership_minutes,
                "unclassified": self.unclassified_minutes,
            },
            "blocks_30min": {k: self.blocks.get(k, 0) for k in KINDS},
            "weeks": [w.to_dict() for w in self.weeks],
            "rules": [e.to_dict() for e in self.rules],
            "unclassified": [e.to_dict() for e in self.unclassified],
            "skipped": [e.to_dict() for e in self.skipped],
            "errors": list(self.errors),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TimeAudit:
        """The audit :meth:`to_dict` wrote; anything else is a :class:`~rolemodel.RoleModelError`."""
        try:
            if data.get("format") != AUDIT_FORMAT:
                raise ValueError(f"format: expected {AUDIT_FORMAT!r}, found {data.get('format')!r}")
            minutes, threshold = data["minutes"], data["threshold"]
            return cls(
                manager=str(data["manager"]),
                source=str(data["source"]),
                start=dt.date.fromisoformat(data["from"]),
                end=dt.date.fromisoformat(data["to"]),
                timezone=str(data["timezone"]),
                management_minutes=float(minutes["management"]),
                leadership_minutes=float(minutes["leadership"]),
                unclassified_minutes=float(minutes["unclassified"]),
                blocks={k: int(data["blocks_30min"].get(k, 0)) for k in KINDS},
                weeks=tuple(Week.from_dict(w) for w in data["weeks"]),
                rules=tuple(Entry.from_dict(e) for e in data.get("rules", ())),
                unclassified=tuple(Entry.from_dict(e) for e in data.get("unclassified", ())),
                skipped=tuple(Entry.from_dict(e) for e in data.get("skipped", ())),
                errors=tuple(str(e) for e in data.get("errors", ())),
                threshold=float(threshold["value"]),
                threshold_basis=str(threshold["basis"]),
                threshold_quote=str(threshold.get("quote", "")),
                threshold_source=str(threshold.get("source", "")),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RoleModelError(f"not a time audit written by TimeAudit.to_dict: {exc}") from None

    # faces --------------------------------------------------------------------------------------

    def to_text(self) -> str:
        """A plain-text summary for a terminal."""
        from rolemodel._audit_display import audit_text

        return audit_text(self)

    def to_markdown(self) -> str:
        from rolemodel._audit_display import audit_page

        return audit_page(self, "markdown")

    def to_html(self) -> str:
        from rolemodel._audit_display import audit_page

        return audit_page(self, "html")

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        from rolemodel._audit_display import audit_fragment

        return audit_fragment(self)

    def report_blocks(self) -> list[Block]:
        """This audit as blocks of a client report (:mod:`rolemodel._blocks`)."""
        from rolemodel._audit_display import audit_blocks

        return audit_blocks(self)

    def plot(self, ax: Any = None) -> Any:
        """Stacked bars of the hours by kind, per week (matplotlib); returns the axes."""
        from rolemodel._audit_display import plot_audit

        return plot_audit(self, ax)


@attrs.frozen
class TeamAudit:
    """Many managers' audits side by side; ``errors`` holds ``(manager, message)`` for the
    managers whose time could not be audited."""

    audits: tuple[TimeAudit, ...]
    errors: tuple[tuple[str, str], ...] = ()
    row_errors: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return (
            f"<TeamAudit managers={len(self.audits)} under_led={sum(bool(a.under_led) for a in self.audits)}>"
        )

    @property
    def leadership_time(self) -> float | None:
        """The team's leadership share of classified time, all managers' minutes pooled."""
        lead = sum(a.leadership_minutes for a in self.audits)
        classified = lead + sum(a.management_minutes for a in self.audits)
        return lead / classified if classified > 0 else None

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat row per manager (errors last, with their ``error``), for a table or CSV."""
        rows: list[dict[str, Any]] = []
        for a in self.audits:
            rows.append(
                {
                    "manager": a.manager,
                    "from": a.start.isoformat(),
                    "to": a.end.isoformat(),
                    "hours": round(a.total_minutes / 60, 2),
                    "management_share": a.management_share,
                    "leadership_share": a.leadership_share,
                    "unclassified_share": a.unclassified_share,
                    "leadership_share_of_classified": a.leadership_share_of_classified,
                    "under_led": a.under_led,
                    "error": "",
                }
            )
        for manager, message in self.errors:
            rows.append({"manager": manager, "error": message})
        for message in self.row_errors:
            rows.append({"manager": "", "error": message})
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "audits": [a.to_dict() for a in self.audits],
            "errors": [{"manager": m, "error": e} for m, e in self.errors],
            "row_errors": list(self.row_errors),
            "leadership_time": self.leadership_time,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TeamAudit:
        try:
            errors = tuple((str(e["manager"]), str(e["error"])) for e in data.get("errors", ()))
            rows = tuple(str(e) for e in data.get("row_errors", ()))
            return cls(tuple(TimeAudit.from_dict(a) for a in data["audits"]), errors, rows)
        except (KeyError, TypeError, AttributeError) as exc:
            raise RoleModelError(f"not a team audit written by TeamAudit.to_dict: {exc}") from None

    def to_text(self) -> str:
        from rolemodel._audit_display import team_text

        return team_text(self)

    def to_markdown(self) -> str:
        from rolemodel._audit_display import team_page

        return team_page(self, "markdown")

    def to_html(self) -> str:
        from rolemodel._audit_display import team_page

        return team_page(self, "html")

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        from rolemodel._audit_display import fragment

        return fragment(self.report_blocks())

    def plot(self, ax: Any = None) -> Any:
        """One bar per manager, the leadership share of the classified time, the threshold
        marked (matplotlib); returns the axes."""
        from rolemodel._audit_display import plot_team

        return plot_team(self, ax)

    def report_blocks(self) -> list[Block]:
        from rolemodel._audit_display import team_blocks

        return team_blocks(self)
