"""Trajectories in: the periods of a growth path from dicts, a DataFrame or a client file.

A *trajectory* is a sequence of periods, each a company profile at one point in time, labelled
by a ``period`` (a year, a date, a quarter, a step number: any short label). This module turns
what a caller hands :func:`rolemodel.growth_path` into :class:`RawPeriod` records, in the order
given, without judging the profiles: that is :class:`rolemodel.Profile`'s job, on every route.

- a list (or any iterable) of mappings or :class:`~rolemodel.Profile` objects; a mapping's
  ``period`` key (or one of :data:`PERIOD_SYNONYMS`) labels it, otherwise periods are numbered
  from 1;
- a mapping of period label to profile (``{2025: {...}, 2026: {...}}``);
- a pandas DataFrame, one row a period (its index labels the periods when it has no period
  column and its index is not the default ``0..n-1``); pandas is never imported here;
- a path to a CSV, JSON Lines or ``.xlsx`` file, read by the one client-file reader,
  :mod:`rolemodel._clientfile`: the same formats, column mapping and bounds as every command.

**Bounds.** At most :data:`MAX_PERIODS` periods (the library's bound); a period label is a
number, a date or a text of at most :data:`~rolemodel._profile.MAX_TEXT` characters.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from rolemodel._errors import ProfileError, RoleModelError
from rolemodel._profile import FACTORS, MAX_TEXT, Profile, is_missing, shown_value

__all__ = [
    "MAX_PERIODS",
    "PERIOD_SYNONYMS",
    "Label",
    "PeriodError",
    "RawPeriod",
    "label_text",
    "period_column",
    "period_label",
    "raw_periods",
    "read_trajectory_file",
]

#: The most periods one growth path takes (the library's bound: a century, month by month).
MAX_PERIODS = 1_200
#: What a period's label may be called besides ``period`` (in a mapping's keys or a file's
#: header, case aside).
PERIOD_SYNONYMS = ("year", "date", "quarter", "month", "time", "step", "when")
_PERIOD_NAMES = ("period", *PERIOD_SYNONYMS)

Label = int | float | str
_MIDNIGHT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]00:00(:00(\.0+)?)?$")
_LABEL_ALLOWED = f"a period label: a number, a date, or a text of at most {MAX_TEXT} characters"


class PeriodError(ProfileError):
    """A period of a trajectory is not a valid company (or not a valid period): a
    :class:`~rolemodel.ProfileError` whose message starts with the period (and the file's line)."""

    where: str

    def __init__(self, where: str, field: str, value: object, allowed: str, hint: str = "") -> None:
        super().__init__(field, value, allowed, hint)
        self.where = where
        self.args = (f"{where}: {self.args[0]}",)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (type(self), self.where, self.field, self.value, self.allowed, self.hint, self.args),
        )

    @classmethod
    def of(cls, where: str, exc: ProfileError) -> PeriodError:
        """``exc`` (every bad field it names) located in a period: ``<where>: <exc>``."""
        located = cls(where, exc.field, exc.value, exc.allowed, exc.hint)
        located.args = (f"{where}: {exc}",)
        return located

    @classmethod
    def unreadable(cls, where: str, error: str) -> PeriodError:
        """A row the reader could not read: ``<where>: <the reader's error>``."""
        exc = cls(where, "<row>", None, "a row that can be read", error)
        exc.args = (f"{where}: {error}",)
        return exc


def _rebuild(
    kind: type[PeriodError],
    where: str,
    field: str,
    value: object,
    allowed: str,
    hint: str,
    args: tuple[Any, ...],
) -> PeriodError:
    exc = kind(where, field, value, allowed, hint)
    exc.args = args
    return exc


@attrs.frozen
class RawPeriod:
    """One period as given: its position (from 1), its label (``None``: not given), the file
    line it comes from (``None`` off a file), its factors as given, or why it could not be read."""

    position: int
    label: Label | None
    line: int | None
    factors: Mapping[str, Any]
    error: str | None = None

    def where(self) -> str:
        """``period 2027 (line 4)``, ``period #3``: how a message names this period."""
        name = f"period {label_text(self.label)}" if self.label is not None else f"period #{self.position}"
        return f"{name} (line {self.line})" if self.line is not None else name


def label_text(label: Label | None) -> str:
    """A label as a reader sees it: ``2027``, ``2027.25``, ``2027-Q1``."""
    if label is None:
        return "?"
    if isinstance(label, float):
        return f"{label:g}"
    return str(label)


def period_label(value: object, where: str) -> Label | None:
    """``value`` as a period label: ints and whole floats as ints, finite floats, dates as ISO
    text, short text stripped; ``None`` (or NaN, an empty cell) when not given.

    Raises :class:`PeriodError` for anything else.
    """
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise PeriodError(where, "period", value, _LABEL_ALLOWED)
    if isinstance(value, numbers.Integral):
        number = int(value)
        if abs(number) > 10**15:
            raise PeriodError(where, "period", shown_value(number), _LABEL_ALLOWED)
        return number
    if isinstance(value, numbers.Real):
        real = float(value)
        if not math.isfinite(real) or abs(real) > 1e15:
            raise PeriodError(where, "period", value, _LABEL_ALLOWED)
        return int(real) if real.is_integer() else real
    if isinstance(value, dt.datetime):
        return (
            value.date().isoformat()
            if value.time() == dt.time() and value.tzinfo is None
            else value.isoformat()
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        if not text or len(text) > MAX_TEXT:
            raise PeriodError(where, "period", shown_value(value), _LABEL_ALLOWED)
        for convert in (int, float):
            try:
                parsed: float = convert(text)
            except ValueError:
                continue
            if not math.isfinite(parsed):
                break
            return period_label(parsed, where)
        if _MIDNIGHT.match(text):  # a date written as a datetime (as a workbook's cells come)
            return text[:10]
        return text
    raise PeriodError(where, "period", shown_value(value), _LABEL_ALLOWED)


def period_column(keys: Iterable[object]) -> str | None:
    """The key among ``keys`` that labels the period (``period`` or a synonym, case aside).

    Raises :class:`~rolemodel.RoleModelError` when two keys could be the period.
    """
    found = [k for k in keys if isinstance(k, str) and k.strip().lower() in _PERIOD_NAMES]
    if len(found) > 1:
        raise RoleModelError(
            f"trajectory: expected one period column, found {len(found)}: {', '.join(map(repr, found))}"
        )
    return found[0] if found else None


def _split(data: Mapping[Any, Any], position: int, line: int | None, key: str | None) -> RawPeriod:
    where = RawPeriod(position, None, line, {}).where()
    label = period_label(data[key], where) if key is not None and key in data else None
    factors = {k: v for k, v in data.items() if k != key}
    return RawPeriod(position, label, line, factors)


def _is_dataframe(value: object) -> bool:
    return type(value).__module__.split(".", 1)[0] == "pandas" and hasattr(value, "to_dict")


def _from_dataframe(frame: Any) -> Iterator[RawPeriod]:
    columns = [str(c) for c in frame.columns]
    key = period_column(columns)
    index = frame.index
    use_index = key is None and type(index).__name__ != "RangeIndex"
    if len(frame) > MAX_PERIODS:
        raise RoleModelError(f"trajectory: expected at most {MAX_PERIODS:,} periods, found {len(frame):,}")
    for position, (label, record) in enumerate(zip(index, frame.to_dict("records"), strict=True), start=1):
        record = {str(k): v for k, v in record.items()}
        if use_index:
            where = f"period #{position}"
            yield RawPeriod(position, period_label(label, where), None, record)
        else:
            yield _split(record, position, None, key)


def _from_iterable(items: Iterable[Any]) -> Iterator[RawPeriod]:
    for position, item in enumerate(items, start=1):
        if position > MAX_PERIODS:
            raise RoleModelError(f"trajectory: expected at most {MAX_PERIODS:,} periods, found more")
        if isinstance(item, Profile):
            yield RawPeriod(position, None, None, item.to_dict())
        elif isinstance(item, Mapping):
            yield _split(item, position, None, period_column(item))
        else:
            raise PeriodError(
                f"period #{position}", "<profile>", shown_value(item), "a mapping of factor names to values"
            )


def raw_periods(trajectory: object) -> Iterator[RawPeriod]:
    """The periods of ``trajectory`` in order (see the module's docstring for what it may be).

    Raises :class:`~rolemodel.RoleModelError` for a value that is no trajectory at all, and
    :class:`PeriodError` (a :class:`~rolemodel.ProfileError`) for a bad label.
    """
    if isinstance(trajectory, str | os.PathLike):
        yield from read_trajectory_file(trajectory)
    elif _is_dataframe(trajectory):
        yield from _from_dataframe(trajectory)
    elif isinstance(trajectory, Mapping):
        if not trajectory or not all(isinstance(v, Mapping | Profile) for v in trajectory.values()):
            raise RoleModelError(
                "trajectory: expected a list of profiles or a mapping of period to profile, found a "
                "mapping whose values are not profiles (for one company, recommend() it, or wrap it "
                "in a list)"
            )
        if len(trajectory) > MAX_PERIODS:
            raise RoleModelError(
                f"trajectory: expected at most {MAX_PERIODS:,} periods, found {len(trajectory):,}"
            )
        for position, (label, value) in enumerate(trajectory.items(), start=1):
            where = f"period #{position}"
            factors = value.to_dict() if isinstance(value, Profile) else dict(value)
            if period_column(factors) is not None:
                raise PeriodError(where, "period", label, "the period given once, as the mapping's key")
            yield RawPeriod(position, period_label(label, where), None, factors)
    elif isinstance(trajectory, bytes | bytearray) or not isinstance(trajectory, Iterable):
        raise RoleModelError(
            "trajectory: expected a list of profiles, a mapping of period to profile, a pandas "
            f"DataFrame or a file path, found {type(trajectory).__name__}"
        )
    else:
        yield from _from_iterable(trajectory)


# -- files --------------------------------------------------------------------------------------


def reader_columns() -> list[Any]:
    """The columns a trajectory file may have: the factors (the reader's vocabulary) and the period."""
    from rolemodel._clientfile import Column, factor_columns

    return [*factor_columns(), Column("period", synonyms=PERIOD_SYNONYMS)]


def file_periods(table: Any) -> Iterator[RawPeriod]:
    """The periods of an open client file (:func:`rolemodel._clientfile.open_client_file`): a row
    the reader could not read keeps its place with its ``error``; columns that are no factor
    are left out (the reader's warnings name them)."""
    for position, row in enumerate(table.rows(), start=1):
        if position > MAX_PERIODS:
            raise RoleModelError(f"trajectory: expected at most {MAX_PERIODS:,} periods, found more")
        if row.error is not None:
            yield RawPeriod(position, None, row.line, {}, row.error)
            continue
        values = {k: v for k, v in row.values.items() if k in FACTORS or k == "period"}
        try:
            yield _split(values, position, row.line, "period")
        except PeriodError as exc:
            yield RawPeriod(position, None, row.line, {}, str(exc))


def read_trajectory_file(path: str | os.PathLike[str], options: Any = None) -> Iterator[RawPeriod]:
    """The periods of a CSV, JSON Lines or ``.xlsx`` file, through the one client-file reader.

    A file that cannot be read is a :class:`~rolemodel.RoleModelError`; a row that cannot be is
    a :class:`PeriodError` naming its line (the command line reports every bad row instead).
    """
    from rolemodel._cli import UsageError
    from rolemodel._clientfile import ReadOptions, open_client_file

    name = os.fspath(path)
    if "\x00" in name:
        raise RoleModelError(f"cannot read {name!r}: a file name holds no NUL character")
    try:
        with open_client_file(
            name, reader_columns(), options or ReadOptions(), id_default=("period",)
        ) as table:
            for raw in file_periods(table):
                if raw.error is not None:
                    raise PeriodError.unreadable(raw.where(), raw.error)
                yield raw
    except UsageError as exc:
        raise RoleModelError(str(exc)) from None
    except OSError as exc:
        raise RoleModelError(f"cannot read {name}: {exc.strerror or exc}") from None
