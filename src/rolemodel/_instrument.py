"""The manager-style instrument: its model, and its safe loading from YAML, every problem located.

An *instrument* is knowledge, like a framework: ``frameworks/instruments/manager-style.yaml``
declares its answer scales, its dimensions, its items (each placing an answer between the
management pole and the leadership pole of one dimension), what each *seat* needs, what the
articles prescribe for a shortfall, and how an assessment feeds ``manager_readiness``. Every
part cites a source file and a short verbatim quote.

The file is read by the framework loader's own passes (:class:`rolemodel._yamlread.NodeReader`,
in :mod:`rolemodel._instrument_reader`: bounded bytes, streamed YAML events without anchors or
tags, then the composed nodes), so a
malformed instrument raises :class:`InstrumentError` (a :class:`~rolemodel.FrameworkError`)
listing every problem with its file, line, column, field, what was expected and what was found.

The values are frozen; scoring is :mod:`rolemodel._assess`'s, the gap :mod:`rolemodel._gap`'s.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, cast

import attrs

from rolemodel._errors import FrameworkError, Problem, RoleModelError, did_you_mean
from rolemodel._loader import UnreadableFile, builtin_framework_dir, read_bounded
from rolemodel._model import Citation, Role
from rolemodel._profile import MAX_TEXT, shown_value

__all__ = [
    "INSTRUMENT_FORMAT",
    "POLES",
    "SEATS",
    "AnswerError",
    "Dimension",
    "Instrument",
    "InstrumentError",
    "InstrumentItem",
    "Need",
    "Poles",
    "Prescription",
    "Readiness",
    "Scale",
    "builtin_instrument_path",
    "load_instrument",
    "loads_instrument",
    "manager_style",
]

INSTRUMENT_FORMAT = "rolemodel/instrument"
SUPPORTED_VERSIONS = (1,)
Pole = Literal["management", "leadership"]
Seat = Literal["leader", "manager", "both"]
#: The two poles, management first: position 0 is the management pole, 1 the leadership pole.
POLES: tuple[Pole, Pole] = ("management", "leadership")
#: A person's seat: the leader or the manager of a split, or ``both`` roles in one person.
SEATS: tuple[Seat, ...] = ("leader", "manager", "both")


class InstrumentError(FrameworkError):
    """An instrument file is malformed; ``problems`` lists every problem, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in instrument"
        self.args = (head + ":\n" + "\n".join(f"  {p}" for p in self.problems),)

    def __str__(self) -> str:
        return str(self.args[0])


class AnswerError(RoleModelError):
    """Answers an item does not take: ``person`` (may be ""), ``item``, the ``value`` found and
    the ``allowed`` answers of the first; ``more`` holds ``(item, value, allowed)`` for each
    other bad answer of the same person. All survive pickling."""

    def __init__(
        self,
        person: str,
        item: str,
        value: object,
        allowed: str,
        more: tuple[tuple[str, object, str], ...] = (),
    ) -> None:
        self.person, self.item, self.value, self.allowed = person, item, value, allowed
        self.more = tuple(more)
        who = f"person {person!r}: " if person else ""
        parts = [
            f"item {i!r}: expected {a}, got {shown_value(v)!r}" for i, v, a in ((item, value, allowed), *more)
        ]
        super().__init__(who + "; ".join(parts))

    def __reduce__(self) -> tuple[type[AnswerError], tuple[Any, ...]]:
        return (type(self), (self.person, self.item, self.value, self.allowed, self.more))


# -- the model --------------------------------------------------------------------------------


@attrs.frozen
class Scale:
    """An answer scale: ``likert`` with ``points`` (1 to points) and their ``labels``, or a
    ``forced_choice`` between the statements named by ``options``."""

    id: str
    kind: str
    points: int = 0
    labels: tuple[str, ...] = ()
    options: tuple[str, ...] = ()


@attrs.frozen
class Poles:
    """The answer that marks an item's management pole, and the one that marks its leadership pole."""

    management: int | str
    leadership: int | str


@attrs.frozen
class Dimension:
    """One dimension of style, with what its management and its leadership pole mean."""

    id: str
    name: str
    management: str
    leadership: str
    citation: Citation


@attrs.frozen(repr=False)
class InstrumentItem:
    """One item: its ``text`` (the library's words), its ``dimension``, its ``scale`` and its
    ``poles``; for a forced choice, the two statements in ``choices``. ``coaching`` items also
    read how much the person coaches (001's manage, lead and coach)."""

    id: str
    dimension: str
    scale: Scale
    text: str
    poles: Poles
    citation: Citation
    choices: Mapping[str, str] = attrs.field(factory=dict)
    coaching: bool = False

    def __repr__(self) -> str:
        return (
            f"<InstrumentItem {self.id!r} {self.dimension} {self.scale.kind} "
            f"management={self.poles.management!r} leadership={self.poles.leadership!r}>"
        )

    @property
    def allowed(self) -> str:
        """The answers this item takes, as an error message says them."""
        if self.scale.kind == "likert":
            return f"a whole number from 1 to {self.scale.points} (or its label)"
        return " or ".join(repr(o) for o in self.scale.options)

    def read(self, value: Any, person: str = "") -> int | str | None:
        """The answer ``value`` as the scale's own (an int for likert, an option for a forced
        choice), or ``None`` when not given (``None``, blank text, NaN); else :class:`AnswerError`."""
        if _missing(value):
            return None
        bad = AnswerError(person, self.id, value, self.allowed)
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                raise bad
            text = value.strip()
            if self.scale.kind == "forced_choice":
                if text.lower() in self.scale.options:
                    return text.lower()
                raise bad
            labels = {label.lower(): i + 1 for i, label in enumerate(self.scale.labels)}
            if text.lower() in labels:
                return labels[text.lower()]
            try:
                value = float(text)
            except ValueError:
                raise bad from None
        if (
            self.scale.kind == "forced_choice"
            or isinstance(value, bool)
            or not isinstance(value, numbers.Real)
        ):
            raise bad
        number = float(value)
        if not number.is_integer() or not 1 <= number <= self.scale.points:
            raise bad
        return int(number)

    def position(self, answer: int | str) -> float:
        """Where a read answer places the person on this item: 0 the management pole, 1 the
        leadership pole; a likert answer between the poles is placed evenly between them."""
        if self.scale.kind == "forced_choice":
            return 0.0 if answer == self.poles.management else 1.0
        low, high = cast(int, self.poles.management), cast(int, self.poles.leadership)
        return (cast(int, answer) - low) / (high - low) + 0.0  # never -0.0


@attrs.frozen
class Need:
    """What a ``seat`` needs (for ``both``, given the recommended ``role``; ``None``: any role
    or none): the ``band`` of overall positions that fits it, named by the pole it leans to
    (``need``: management, leadership or both). ``basis`` says whose numbers the band is."""

    seat: str
    role: Role | None
    need: str
    band: tuple[float, float]
    basis: str
    says: str
    citation: Citation


@attrs.frozen
class Prescription:
    """What an article prescribes (``kind`` practice) or warns (``caveat``) for a shortfall
    ``toward`` a pole, for the ``seats`` listed; ``scope`` ``overall`` keeps it to a person
    whose overall position falls short (``any``: a single dimension's shortfall too)."""

    id: str
    kind: str
    toward: str
    seats: tuple[str, ...]
    says: str
    citation: Citation
    scope: str = "any"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "kind": self.kind,
            "toward": self.toward,
            "seats": list(self.seats),
            "scope": self.scope,
            "says": self.says,
            "source": self.citation.source,
            "quote": self.citation.quote,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Prescription:
        """The prescription :meth:`to_dict` wrote."""
        return cls(
            id=str(data["id"]),
            kind=str(data["kind"]),
            toward=str(data["toward"]),
            seats=tuple(str(s) for s in data["seats"]),
            says=str(data["says"]),
            citation=Citation(str(data["source"]), str(data["quote"])),
            scope=str(data.get("scope", "any")),
        )


@attrs.frozen
class Readiness:
    """How an assessment becomes ``manager_readiness``: ``min(1, overall / full_at)``, refused
    below ``min_completeness``; the library's calibration."""

    full_at: float
    min_completeness: float
    basis: str
    says: str
    citation: Citation


@attrs.frozen(repr=False)
class Instrument:
    """A loaded style instrument: scales, dimensions (in order), items (in order), needs,
    prescriptions and the readiness calibration. ``path`` is the file it was read from."""

    id: str
    title: str
    summary: str
    version: int
    scales: tuple[Scale, ...]
    dimensions: tuple[Dimension, ...]
    items: tuple[InstrumentItem, ...]
    needs: tuple[Need, ...]
    prescriptions: tuple[Prescription, ...]
    readiness: Readiness
    path: str = ""

    def __repr__(self) -> str:
        return f"<Instrument {self.id!r} items={len(self.items)} dimensions={len(self.dimensions)}>"

    def _repr_html_(self) -> str:
        from rolemodel._assess_display import instrument_html

        return instrument_html(self)

    def _repr_markdown_(self) -> str:
        from rolemodel._assess_display import instrument_markdown

        return instrument_markdown(self)

    def item(self, item_id: str) -> InstrumentItem:
        """The item of that id; a :class:`~rolemodel.RoleModelError` (with "did you mean") if none."""
        for it in self.items:
            if it.id == item_id:
                return it
        hint = did_you_mean(item_id, [i.id for i in self.items])
        raise RoleModelError(
            f"instrument {self.id!r} has no item {item_id!r}" + (f" ({hint})" if hint else "")
        )

    def dimension(self, dimension_id: str) -> Dimension:
        """The dimension of that id."""
        for d in self.dimensions:
            if d.id == dimension_id:
                return d
        raise RoleModelError(f"instrument {self.id!r} has no dimension {dimension_id!r}")

    def need(self, seat: str, role: Role | None) -> Need:
        """What ``seat`` needs when the recommended role is ``role`` (the need written for that
        role, else the one for any role)."""
        exact = [n for n in self.needs if n.seat == seat and n.role is role and role is not None]
        fallback = [n for n in self.needs if n.seat == seat and n.role is None]
        if exact or fallback:
            return (exact or fallback)[0]
        raise RoleModelError(f"instrument {self.id!r} says nothing of what the seat {seat!r} needs")


def _missing(value: Any) -> bool:
    """Not given: ``None``, blank text, a NaN (numpy's and pandas' too), pandas' NA or NaT."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, bool | int):
        return False
    if isinstance(value, numbers.Real):
        return math.isnan(float(value))
    return type(value).__name__ in ("NAType", "NaTType")


# -- loading ------------------------------------------------------------------------------------


def loads_instrument(text: str | bytes, name: str = "<string>") -> Instrument:
    """An instrument from YAML ``text``; ``name`` labels its problems.

    Raises :class:`InstrumentError` (a :class:`~rolemodel.FrameworkError`) listing every problem.
    """
    from rolemodel._instrument_reader import InstrumentReader

    reader = InstrumentReader(name)
    instrument = reader.read_instrument(text)
    if reader.problems or instrument is None:
        problems = reader.problems or [Problem(name, 0, 0, "", "an instrument", "nothing readable")]
        raise InstrumentError(sorted(problems, key=lambda p: (p.line, p.column)))
    return instrument


def load_instrument(path: str | Path) -> Instrument:
    """The instrument in the file at ``path`` (a regular file, read bounded).

    Raises :class:`InstrumentError` listing every problem of the file.
    """
    try:
        data = read_bounded(path, what="instrument file")
    except UnreadableFile as exc:
        raise InstrumentError([Problem(exc.path, 0, 0, "", exc.expected, exc.found, code="RM001")]) from None
    return loads_instrument(data, str(path))


def builtin_instrument_path() -> Path:
    """Where the built-in ``manager-style.yaml`` is: inside the wheel, or the source tree's."""
    return builtin_framework_dir() / "instruments" / "manager-style.yaml"


@functools.cache
def _builtin() -> Instrument:
    return load_instrument(builtin_instrument_path())


def manager_style(path: str | Path | None = None) -> Instrument:
    """The manager-style instrument: the built-in one (loaded once), or the one in ``path``.

    >>> instrument = manager_style()
    >>> item = instrument.item("communication-tell-or-ask")
    >>> item.dimension, item.poles.management, item.poles.leadership
    ('communication', 'a', 'b')
    """
    return _builtin() if path is None else load_instrument(path)
