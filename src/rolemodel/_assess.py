"""Scoring a sales manager's answers on the style instrument: :func:`assess` -> :class:`Assessment`.

Each answered item places the person at a *position* in [0, 1] on its dimension: 0 is the
item's management pole, 1 its leadership pole (a likert answer between the poles is placed
evenly between them). A dimension's position is the mean of its answered items; the
``overall`` position is the mean of the answered dimensions, so a dimension with more items
weighs no more than another. Items not answered are listed in ``unanswered`` and lower
``completeness``; they are never guessed.

``balance`` follows 003's "You need both management and leadership": ``1 - 2 * |overall - 0.5|``,
1 at the middle of the two poles and 0 at either pole. ``coaching`` is the coaching emphasis
of 001's "Manage, lead and coach": the mean position of the items that read coaching (at 1,
people are coached on their skills; at 0, only managed on their activities); ``None`` when
none of them is answered.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._errors import RoleModelError, check_envelope, did_you_mean
from rolemodel._instrument import AnswerError, Instrument, manager_style

if TYPE_CHECKING:
    from rolemodel._gap import Gap
    from rolemodel._result import Recommendation

__all__ = ["ASSESSMENT_FORMAT", "Assessment", "assess", "balance_of"]

ASSESSMENT_FORMAT = "rolemodel/assessment"
ASSESSMENT_VERSION = 1
#: The key of an answers mapping that may name the person (a table's ``person`` column).
PERSON_KEY = "person"


def balance_of(overall: float) -> float:
    """003's "You need both": ``1 - 2 * |overall - 0.5|``, 1 at the middle, 0 at either pole."""
    return 1.0 - 2.0 * abs(overall - 0.5)


def _mean(values: Collection[float]) -> float | None:
    return sum(values) / len(values) if values else None


@attrs.frozen(repr=False)
class Assessment:
    """Where one person's style sits between the management pole (0) and the leadership pole (1).

    ``dimensions`` maps each dimension of the instrument, in its order, to its position (``None``
    when none of its items is answered); ``overall`` is the mean of the answered dimensions,
    ``balance`` is ``1 - 2 * |overall - 0.5|`` and ``coaching`` the coaching emphasis (``None``
    when no coaching item is answered). ``answers`` holds the answers as read (item id -> a
    scale point or a forced-choice option); ``unanswered`` the items left out, which lower
    ``completeness`` (the share of items answered).
    """

    person: str
    instrument: str
    overall: float
    dimensions: Mapping[str, float | None]
    balance: float
    coaching: float | None
    completeness: float
    unanswered: tuple[str, ...]
    answers: Mapping[str, int | str]

    def __repr__(self) -> str:
        who = f"{self.person!r} " if self.person else ""
        return (
            f"<Assessment {who}overall={self.overall:.2f} balance={self.balance:.2f} "
            f"completeness={self.completeness:.2f}>"
        )

    @property
    def lean(self) -> str:
        """``management`` or ``leadership``: the pole the overall position is nearer; ``balanced``
        at the middle (within 0.05, the library's calibration)."""
        if abs(self.overall - 0.5) <= 0.05:
            return "balanced"
        return "management" if self.overall < 0.5 else "leadership"

    def gap(self, recommendation: Recommendation, seat: str | None = None) -> Gap:
        """Where this style falls short of what ``recommendation`` needs (see :func:`rolemodel.gap`)."""
        from rolemodel._gap import gap

        return gap(self, recommendation, seat)

    def plot(self, ax: Any = None, *, band: tuple[float, float] | None = None) -> Any:
        """A radar of the dimensions (matplotlib, the ``rolemodel[plot]`` extra); ``band``
        shades the positions a seat needs (a gap's ``need.band``). Returns the ``Axes``."""
        from rolemodel._assess_plot import draw_assessments
        from rolemodel._instrument import manager_style

        names = (
            {d.id: d.name for d in manager_style().dimensions} if self.instrument == "manager-style" else {}
        )
        return draw_assessments([self], ax, band=band, labels=[names.get(d, d) for d in self.dimensions])

    def __str__(self) -> str:
        from rolemodel._assess_display import assessment_text

        return assessment_text(self)

    def _repr_mimebundle_(
        self, include: Collection[str] | None = None, exclude: Collection[str] | None = None
    ) -> dict[str, str]:
        from rolemodel._assess_display import mimebundle

        return mimebundle(self, include, exclude)

    def _repr_html_(self) -> str:
        from rolemodel._assess_display import assessment_html

        return assessment_html(self)

    def _repr_markdown_(self) -> str:
        from rolemodel._assess_display import assessment_markdown

        return assessment_markdown(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; :meth:`from_dict` reads it back."""
        return {
            "format": ASSESSMENT_FORMAT,
            "version": ASSESSMENT_VERSION,
            "person": self.person,
            "instrument": self.instrument,
            "overall": self.overall,
            "dimensions": dict(self.dimensions),
            "balance": self.balance,
            "coaching": self.coaching,
            "completeness": self.completeness,
            "unanswered": list(self.unanswered),
            "answers": dict(self.answers),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assessment:
        """The assessment :meth:`to_dict` wrote; anything else is a :class:`~rolemodel.RoleModelError`."""
        check_envelope(data, "assessment", ASSESSMENT_FORMAT, ASSESSMENT_VERSION)
        try:
            dims = data["dimensions"]
            answers = data["answers"]
            if not isinstance(dims, Mapping) or not isinstance(answers, Mapping):
                raise TypeError("dimensions and answers must be mappings")
            return cls(
                person=str(data["person"]),
                instrument=str(data["instrument"]),
                overall=_unit(data["overall"], "overall"),
                dimensions={str(k): None if v is None else _unit(v, k) for k, v in dims.items()},
                balance=_unit(data["balance"], "balance"),
                coaching=None if data["coaching"] is None else _unit(data["coaching"], "coaching"),
                completeness=_unit(data["completeness"], "completeness"),
                unanswered=tuple(str(x) for x in data["unanswered"]),
                answers={str(k): v if isinstance(v, int | str) else str(v) for k, v in answers.items()},
            )
        except KeyError as exc:
            raise RoleModelError(f"assessment: expected the field {exc}, it is missing") from None
        except (TypeError, ValueError) as exc:
            if isinstance(exc, RoleModelError):
                raise
            raise RoleModelError(f"assessment: {exc}") from None


def _unit(value: Any, name: object) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:  # NaN fails too
        raise RoleModelError(f"assessment: {name} must be in [0, 1], found {value!r}")
    return number


def _pairs(answers: Any) -> list[tuple[Any, Any]]:
    if isinstance(answers, Mapping):
        return list(answers.items())
    items = getattr(answers, "items", None)
    if callable(items):  # a pandas Series, a row of a table
        return list(items())
    raise RoleModelError(f"answers: expected a mapping of item id to answer, found {type(answers).__name__}")


def assess(answers: Any, instrument: Instrument | None = None, *, person: str | None = None) -> Assessment:
    """Score one person's ``answers`` (item id -> answer) on ``instrument`` (the built-in
    manager-style instrument by default).

    A likert item takes a whole number of its scale (``4``, ``"4"``, ``4.0``) or its label
    (``"agree"``); a forced choice one of its options (``"a"`` or ``"b"``). ``None``, blank text
    and NaN mean "not answered". ``person`` names the person (else the ``person`` key of
    ``answers``, if any). Raises :class:`~rolemodel.RoleModelError` for an unknown item and an
    ``AnswerError`` (one, naming every bad answer with the answers allowed) for answers out of
    scale; a :class:`~rolemodel.RoleModelError` too when no item is answered at all.

    >>> a = assess({"communication-tell-or-ask": "b", "development-b-player": 5})
    >>> a.dimensions["communication"], a.overall, a.completeness < 1
    (1.0, 1.0, True)
    """
    instrument = manager_style() if instrument is None else instrument
    if not isinstance(instrument, Instrument):
        raise RoleModelError(f"instrument: expected an Instrument, found {type(instrument).__name__}")
    given: dict[str, Any] = {}
    for key, value in _pairs(answers):
        if not isinstance(key, str):
            raise RoleModelError(f"answers: expected item ids as keys, found {key!r}")
        given[key.strip()] = value
    named = given.pop(PERSON_KEY, None)
    if person is None:
        person = "" if named is None or named != named else str(named).strip()
    person = str(person)[:200]
    ids = [item.id for item in instrument.items]
    unknown = [k for k in given if k not in ids]
    if unknown:
        hint = did_you_mean(unknown[0], ids)
        who = f"person {person!r}: " if person else ""
        raise RoleModelError(
            f"{who}unknown item{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown[:5]))}"
            + (f" ({hint})" if hint else "")
            + f"; the instrument {instrument.id!r} has the items {', '.join(ids)}"
        )
    read: dict[str, int | str] = {}
    bad: list[tuple[str, object, str]] = []
    for item in instrument.items:
        try:
            answer = item.read(given.get(item.id), person)
        except AnswerError as exc:
            bad.append((item.id, exc.value, exc.allowed))
            continue
        if answer is not None:
            read[item.id] = answer
    if bad:
        (first_item, first_value, first_allowed), *more = bad
        raise AnswerError(person, first_item, first_value, first_allowed, tuple(more))
    if not read:
        who = f"person {person!r}: " if person else ""
        raise RoleModelError(
            f"{who}no item answered: nothing to assess ({len(ids)} items in {instrument.id!r})"
        )
    return _score(instrument, person, read)


def _score(instrument: Instrument, person: str, read: Mapping[str, int | str]) -> Assessment:
    by_dimension: dict[str, list[float]] = {d.id: [] for d in instrument.dimensions}
    coaching: list[float] = []
    for item in instrument.items:
        if item.id in read:
            position = item.position(read[item.id])
            by_dimension[item.dimension].append(position)
            if item.coaching:
                coaching.append(position)
    dimensions = {d: _mean(v) for d, v in by_dimension.items()}
    overall = _mean([v for v in dimensions.values() if v is not None])
    assert overall is not None  # at least one item is answered
    return Assessment(
        person=person,
        instrument=instrument.id,
        overall=overall,
        dimensions=dimensions,
        balance=balance_of(overall),
        coaching=_mean(coaching),
        completeness=len(read) / len(instrument.items),
        unanswered=tuple(i.id for i in instrument.items if i.id not in read),
        answers=dict(read),
    )
