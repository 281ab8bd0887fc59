"""The gap between a person's style and what the organisation needs: :func:`gap` -> :class:`Gap`.

What the organisation needs comes from a :class:`~rolemodel.Recommendation` and the person's
*seat*. The seat is ``leader`` or ``manager`` (the two seats of a split) or ``both`` (one person
holds both roles); by default it follows the staffing answer: ``both`` for single or converged,
and it must be given for split (or when no staffing is recommended). The instrument's *needs*
then give, for the seat (and, for ``both``, the recommended role), the band of overall positions
that fits (the library's calibration) with the article that says so.

Every dimension whose position falls outside the band is a :class:`Shortfall` of that size
(the distance to the band) toward the pole the band lies on; the shortfalls are ordered by size,
largest first, and each carries the instrument's prescriptions for its pole and the seat, each
with its citation (001's coaching, 003's split one-to-ones, time audit and MBOs, 002's
dedicated manager and its warning that not every manager can make the leap).
:meth:`Gap.as_profile_factors` turns the assessment into the ``manager_readiness`` factor.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._assess import Assessment
from rolemodel._errors import RoleModelError, did_you_mean
from rolemodel._instrument import SEATS, Instrument, Need, Prescription, manager_style
from rolemodel._model import Citation, Role, Staffing

if TYPE_CHECKING:
    from rolemodel._result import Recommendation

__all__ = ["GAP_FORMAT", "Gap", "Shortfall", "gap"]

GAP_FORMAT = "rolemodel/gap"
GAP_VERSION = 1
#: A distance to the band below this is no shortfall (rounding noise).
_EPSILON = 1e-9


def _distance(position: float, band: tuple[float, float]) -> tuple[float, str | None]:
    """How far ``position`` is from ``band``, and toward which pole it must move."""
    low, high = band
    if position < low - _EPSILON:
        return low - position, "leadership"
    if position > high + _EPSILON:
        return position - high, "management"
    return 0.0, None


@attrs.frozen
class Shortfall:
    """One dimension outside the band its seat needs: its ``position``, the ``band``, the
    ``size`` of the shortfall (the distance to the band), the pole to move ``toward``, and
    what the articles prescribe for it."""

    dimension: str
    name: str
    position: float
    band: tuple[float, float]
    size: float
    toward: str
    prescriptions: tuple[Prescription, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "dimension": self.dimension,
            "name": self.name,
            "position": self.position,
            "band": list(self.band),
            "size": self.size,
            "toward": self.toward,
            "prescriptions": [p.to_dict() for p in self.prescriptions],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Shortfall:
        """The shortfall :meth:`to_dict` wrote."""
        low, high = data["band"]
        return cls(
            dimension=str(data["dimension"]),
            name=str(data["name"]),
            position=float(data["position"]),
            band=(float(low), float(high)),
            size=float(data["size"]),
            toward=str(data["toward"]),
            prescriptions=tuple(Prescription.from_dict(p) for p in data["prescriptions"]),
        )


def _need_dict(need: Need) -> dict[str, Any]:
    return {
        "seat": need.seat,
        "role": None if need.role is None else need.role.value,
        "need": need.need,
        "band": list(need.band),
        "basis": need.basis,
        "says": need.says,
        "source": need.citation.source,
        "quote": need.citation.quote,
    }


def _need_from(data: Mapping[str, Any]) -> Need:
    low, high = data["band"]
    return Need(
        seat=str(data["seat"]),
        role=None if data["role"] is None else Role(data["role"]),
        need=str(data["need"]),
        band=(float(low), float(high)),
        basis=str(data["basis"]),
        says=str(data["says"]),
        citation=Citation(str(data["source"]), str(data["quote"])),
    )


@attrs.frozen(repr=False)
class Gap:
    """Where one person's style falls short of what the organisation needs.

    ``seat`` is the person's seat and ``seat_reason`` how it was chosen; ``role`` and
    ``staffing`` the recommendation's answers; ``need`` what the seat needs (its ``band`` of
    overall positions, cited). ``overall`` is the person's overall position, ``size`` its
    distance to the band and ``toward`` the pole to move to (``None`` inside the band).
    ``shortfalls`` lists the dimensions outside the band, largest first, each with the
    articles' prescriptions; ``overall_prescriptions`` are those for the overall shortfall
    (including the ones of ``scope`` overall, such as 002's dedicated manager).
    ``readiness`` is the ``manager_readiness`` this style gives (``None`` when too few items
    are answered); ``completeness`` and ``unanswered`` are the assessment's.
    """

    person: str
    seat: str
    seat_reason: str
    role: Role | None
    staffing: Staffing | None
    need: Need
    overall: float
    size: float
    toward: str | None
    shortfalls: tuple[Shortfall, ...]
    overall_prescriptions: tuple[Prescription, ...]
    readiness: float | None
    readiness_note: str
    completeness: float
    unanswered: tuple[str, ...]

    def __repr__(self) -> str:
        who = f"{self.person!r} " if self.person else ""
        return (
            f"<Gap {who}seat={self.seat} need={self.need.need} size={self.size:.2f} "
            f"shortfalls={len(self.shortfalls)}>"
        )

    @property
    def prescriptions(self) -> tuple[Prescription, ...]:
        """Every prescription, once each: the overall shortfall's first, then the dimensions'
        in the order of their size."""
        seen: dict[str, Prescription] = {p.id: p for p in self.overall_prescriptions}
        for shortfall in self.shortfalls:
            for p in shortfall.prescriptions:
                seen.setdefault(p.id, p)
        return tuple(seen.values())

    def as_profile_factors(self) -> dict[str, float]:
        """``{"manager_readiness": x}`` to add to a company profile (see ``readiness_note``).

        ``x`` is ``min(1, overall / full_at)`` (the instrument's calibration: 0 at the management
        pole, 1 from ``full_at`` toward leadership). Raises :class:`~rolemodel.RoleModelError`
        when too few items were answered to say.
        """
        if self.readiness is None:
            raise RoleModelError(f"manager_readiness: {self.readiness_note}")
        return {"manager_readiness": self.readiness}

    def __str__(self) -> str:
        from rolemodel._assess_display import gap_text

        return gap_text(self)

    def _repr_mimebundle_(
        self, include: Collection[str] | None = None, exclude: Collection[str] | None = None
    ) -> dict[str, str]:
        from rolemodel._assess_display import mimebundle

        return mimebundle(self, include, exclude)

    def _repr_html_(self) -> str:
        from rolemodel._assess_display import gap_html

        return gap_html(self)

    def _repr_markdown_(self) -> str:
        from rolemodel._assess_display import gap_markdown

        return gap_markdown(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; :meth:`from_dict` reads it back."""
        return {
            "format": GAP_FORMAT,
            "version": GAP_VERSION,
            "person": self.person,
            "seat": self.seat,
            "seat_reason": self.seat_reason,
            "role": None if self.role is None else self.role.value,
            "staffing": None if self.staffing is None else self.staffing.value,
            "need": _need_dict(self.need),
            "overall": self.overall,
            "size": self.size,
            "toward": self.toward,
            "shortfalls": [s.to_dict() for s in self.shortfalls],
            "overall_prescriptions": [p.to_dict() for p in self.overall_prescriptions],
            "readiness": self.readiness,
            "readiness_note": self.readiness_note,
            "completeness": self.completeness,
            "unanswered": list(self.unanswered),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Gap:
        """The gap :meth:`to_dict` wrote; anything else is a :class:`~rolemodel.RoleModelError`."""
        if (
            not isinstance(data, Mapping)
            or data.get("format") != GAP_FORMAT
            or data.get("version") != GAP_VERSION
        ):
            raise RoleModelError(f"gap: expected a dict of format {GAP_FORMAT!r} version {GAP_VERSION}")
        try:
            return cls(
                person=str(data["person"]),
                seat=str(data["seat"]),
                seat_reason=str(data["seat_reason"]),
                role=None if data["role"] is None else Role(data["role"]),
                staffing=None if data["staffing"] is None else Staffing(data["staffing"]),
                need=_need_from(data["need"]),
                overall=float(data["overall"]),
                size=float(data["size"]),
                toward=None if data["toward"] is None else str(data["toward"]),
                shortfalls=tuple(Shortfall.from_dict(s) for s in data["shortfalls"]),
                overall_prescriptions=tuple(Prescription.from_dict(p) for p in data["overall_prescriptions"]),
                readiness=None if data["readiness"] is None else float(data["readiness"]),
                readiness_note=str(data["readiness_note"]),
                completeness=float(data["completeness"]),
                unanswered=tuple(str(x) for x in data["unanswered"]),
            )
        except KeyError as exc:
            raise RoleModelError(f"gap: expected the field {exc}, it is missing") from None
        except (TypeError, ValueError, AttributeError) as exc:
            if isinstance(exc, RoleModelError):
                raise
            raise RoleModelError(f"gap: {exc}") from None


def _seat(seat: str | None, staffing: Staffing | None, reason: str) -> tuple[str, str]:
    if seat is not None:
        if seat not in SEATS:
            hint = did_you_mean(str(seat), SEATS)
            raise RoleModelError(
                f"seat: expected one of {', '.join(SEATS)}, found {seat!r}" + (f" ({hint})" if hint else "")
            )
        return seat, "given"
    if staffing in (Staffing.SINGLE, Staffing.CONVERGED):
        return "both", f"the staffing is {staffing.value}: one person holds both roles"
    if staffing is Staffing.SPLIT:
        raise RoleModelError(
            "seat: the staffing recommended is split (a sales leader plus a dedicated sales manager): "
            "give the person's seat, 'leader' or 'manager' (or 'both')"
        )
    why = f" ({reason})" if reason else ""
    raise RoleModelError(
        f"seat: no staffing is recommended{why}: give the person's seat, one of {', '.join(SEATS)}"
    )


def _readiness(assessment: Assessment, instrument: Instrument) -> tuple[float | None, str]:
    calibration = instrument.readiness
    if assessment.completeness + _EPSILON < calibration.min_completeness:
        return None, (
            f"too few items answered to derive it ({assessment.completeness:.0%}, "
            f"at least {calibration.min_completeness:.0%} needed)"
        )
    value = min(1.0, assessment.overall / calibration.full_at)
    return value, (
        f"min(1, overall {assessment.overall:.2f} / {calibration.full_at:g}) = {value:.2f} "
        f"({calibration.basis})"
    )


def gap(
    assessment: Assessment,
    recommendation: Recommendation,
    seat: str | None = None,
    *,
    instrument: Instrument | None = None,
) -> Gap:
    """Where ``assessment``'s style falls short of what ``recommendation`` needs of ``seat``.

    ``seat`` is ``"leader"``, ``"manager"`` or ``"both"``; by default ``both`` when the staffing
    recommended is single or converged; it must be given for split (or when no staffing is
    recommended), else a :class:`~rolemodel.RoleModelError`. ``instrument`` is the one the
    assessment was scored on (the built-in one by default).
    """
    from rolemodel._result import Recommendation

    if not isinstance(assessment, Assessment):
        raise RoleModelError(f"gap: expected an Assessment, found {type(assessment).__name__}")
    if not isinstance(recommendation, Recommendation):
        raise RoleModelError(f"gap: expected a Recommendation, found {type(recommendation).__name__}")
    instrument = manager_style() if instrument is None else instrument
    if assessment.instrument != instrument.id:
        raise RoleModelError(
            f"gap: the assessment was scored on the instrument {assessment.instrument!r}, "
            f"not {instrument.id!r}: pass that instrument"
        )
    chosen, seat_reason = _seat(seat, recommendation.staffing, recommendation.staffing_reason)
    need = instrument.need(chosen, recommendation.role if chosen == "both" else None)
    size, toward = _distance(assessment.overall, need.band)
    order = {d.id: i for i, d in enumerate(instrument.dimensions)}
    shortfalls = []
    for dimension, position in assessment.dimensions.items():
        if position is None or dimension not in order:
            continue
        distance, pole = _distance(position, need.band)
        if pole is None:
            continue
        prescribed = tuple(
            p for p in instrument.prescriptions if p.toward == pole and chosen in p.seats and p.scope == "any"
        )
        name = instrument.dimension(dimension).name
        shortfalls.append(Shortfall(dimension, name, position, need.band, distance, pole, prescribed))
    shortfalls.sort(key=lambda s: (-s.size, order[s.dimension]))
    overall_prescribed = tuple(
        p for p in instrument.prescriptions if p.toward == toward and chosen in p.seats
    )
    readiness, note = _readiness(assessment, instrument)
    return Gap(
        person=assessment.person,
        seat=chosen,
        seat_reason=seat_reason,
        role=recommendation.role,
        staffing=recommendation.staffing,
        need=need,
        overall=assessment.overall,
        size=size,
        toward=toward,
        shortfalls=tuple(shortfalls),
        overall_prescriptions=overall_prescribed,
        readiness=readiness,
        readiness_note=note,
        completeness=assessment.completeness,
        unanswered=assessment.unanswered,
    )
