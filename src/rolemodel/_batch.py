"""Many profiles at once: records one by one, or columns vectorised with numpy.

:func:`recommend_many` runs :func:`~rolemodel.recommend` over an iterable of records and can
hand back bad records as :class:`RowResult` values instead of raising.

:func:`recommend_table` scores a table (a mapping of equal-length columns, or a pandas
DataFrame) in one pass per framework: each compiled plan is evaluated on numpy arrays, step by
step in plan order, with the very operations of the scalar engine, so its results are those of
:func:`~rolemodel.recommend` row for row (same role, same floating-point scores). Validation is
vectorised too: a bad row gets the :class:`~rolemodel.ProfileError` text ``recommend`` would
raise, in an ``error`` column, and empty results; a bad row never raises.

In a table a missing cell (``None``, ``NaN``, ``pd.NA``) means "not given": an optional factor
then makes no rule fire, a required one makes the row an error.

numpy (and pandas, for DataFrames) are imported only when :func:`recommend_table` is called.
"""

from __future__ import annotations

import contextlib
import importlib
import math
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs

from rolemodel._api import choose_frameworks, recommend
from rolemodel._batch_columns import (  # noqa: F401 - _ERROR, _dissent, _names, _pick, _reasons: kept here for callers
    _ERROR,
    Scored,
    _dissent,
    _names,
    _pick,
    _reasons,
    _score_block,
    _stage_arrays,
    array_columns,
    frame_columns,
)
from rolemodel._errors import ProfileError, RoleModelError, did_you_mean
from rolemodel._model import Framework, Stage
from rolemodel._profile import (
    ANSWERS,
    FACTORS,
    LEVELS,
    MAX_COUNT,
    Profile,
    _count,
    _graded,
    _stage,
    is_missing,
    split_inputs,
)
from rolemodel._result import RESULT_COLUMNS, Recommendation
from rolemodel._vector import Scratch, both_ways

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Array = npt.NDArray[np.float64]

__all__ = ["RESULT_COLUMNS", "RowResult", "recommend_many", "recommend_table"]


#: Rows scored per block, one block at a time on each thread: large enough that numpy's cost
#: per call is small beside its work (on two cores, 65,536 scored a million rows 15-35% faster
#: than 32,768, with the same peak memory; 131,072 was a little faster again, for 50 MB more).
BLOCK = 1 << 16


@attrs.frozen
class RowResult:
    """One record's outcome in :func:`recommend_many` with ``errors="return"``.

    ``index`` is the record's 0-based position; exactly one of ``recommendation`` and
    ``error`` is set. ``extras`` holds the record's keys that name no factor (a client's name,
    an id ...), carried through unread.
    """

    index: int
    recommendation: Recommendation | None = None
    error: RoleModelError | None = None
    extras: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the record was scored."""
        return self.error is None

    def __repr__(self) -> str:
        if self.recommendation is not None:
            role = self.recommendation.role
            return f"<RowResult {self.index} {role.value if role is not None else 'no role'}>"
        return f"<RowResult {self.index} error: {self.error}>"


# -- records ------------------------------------------------------------------------------------


@overload
def recommend_many(
    records: Iterable[Mapping[str, Any]],
    *,
    frameworks: Iterable[Framework] | None = ...,
    weights: Mapping[str, float] | None = ...,
    errors: Literal["raise"] = ...,
) -> Iterator[Recommendation]: ...


@overload
def recommend_many(
    records: Iterable[Mapping[str, Any]],
    *,
    frameworks: Iterable[Framework] | None = ...,
    weights: Mapping[str, float] | None = ...,
    errors: Literal["return"],
) -> Iterator[RowResult]: ...


def recommend_many(
    records: Iterable[Mapping[str, Any]],
    *,
    frameworks: Iterable[Framework] | None = None,
    weights: Mapping[str, float] | None = None,
    errors: Literal["raise", "return"] = "raise",
) -> Iterator[Recommendation] | Iterator[RowResult]:
    """Recommend for each record (a mapping of factors or a :class:`Profile`), lazily, in order.

    Keys that name no factor (a client's name, an id: ``df.to_dict("records")`` has them) are
    not factors and are not refused: :class:`RowResult` carries them in ``extras``; one that
    looks like a misspelt factor is warned of (:class:`RoleModelWarning`).
    With ``errors="raise"`` (the default) it yields :class:`Recommendation` values and raises
    the first bad record's :class:`ProfileError` (noting the record's index). With
    ``errors="return"`` it yields a :class:`RowResult` for every record, bad ones carrying the
    error. ``frameworks`` and ``weights`` are checked once, before the first record, and their
    errors are raised either way.
    """
    if errors not in ("raise", "return"):
        raise RoleModelError(f"errors: expected 'raise' or 'return', found {errors!r}")
    chosen, _ = choose_frameworks(frameworks, weights, "recommend_many")
    if errors == "raise":
        return _raising(records, chosen, weights)
    return _returning(records, chosen, weights)


def _raising(
    records: Iterable[Mapping[str, Any]],
    chosen: tuple[Framework, ...],
    weights: Mapping[str, float] | None,
) -> Iterator[Recommendation]:
    for index, record in enumerate(records):
        try:
            yield recommend(_factors(record)[0], frameworks=chosen, weights=weights)
        except RoleModelError as exc:
            exc.add_note(f"in record {index} of recommend_many()")
            raise


def _returning(
    records: Iterable[Mapping[str, Any]],
    chosen: tuple[Framework, ...],
    weights: Mapping[str, float] | None,
) -> Iterator[RowResult]:
    for index, record in enumerate(records):
        factors, extras = _factors(record)
        try:
            yield RowResult(index, recommend(factors, frameworks=chosen, weights=weights), extras=extras)
        except RoleModelError as exc:
            yield RowResult(index, None, exc, extras)


def _factors(record: Any) -> tuple[Any, dict[str, Any]]:
    """A record's factors, and its other keys (carried through, a misspelt factor warned of)."""
    if isinstance(record, Mapping) and not isinstance(record, Profile):
        return split_inputs(record)
    return record, {}


# -- columns ------------------------------------------------------------------------------------


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - exercised only without numpy
        raise ImportError("recommend_table needs numpy: pip install 'rolemodel[table]'") from None
    return numpy


def _is_dataframe(data: object) -> bool:
    return type(data).__module__.startswith("pandas") and type(data).__name__ == "DataFrame"


def _is_missing(value: object) -> bool:
    kind = type(value)
    if kind is float:
        return value != value  # NaN
    if kind is int:
        return False
    if kind is str:
        return not value.strip()  # type: ignore[attr-defined]
    return value is None or is_missing(value)


def _as_array(np: Any, values: Any) -> Any:
    """A column as a numpy array: numeric dtypes kept, anything else as Python objects."""
    if type(values).__module__.startswith("pandas"):  # a Series
        dtype = values.dtype
        if getattr(dtype, "kind", "O") in "iuf" and not isinstance(dtype, np.dtype):
            # nullable Int64 / Float64: missing cells become NaN
            return values.to_numpy(dtype="float64", na_value=np.nan)
        if isinstance(dtype, np.dtype) and dtype.kind in "biuf":
            return values.to_numpy()
        if type(dtype).__name__ == "StringDtype":  # text only: each distinct value once
            codes, uniques = importlib.import_module("pandas").factorize(values)
            return _Coded(np.asarray(codes), np.asarray(uniques, dtype=object))
        return values.to_numpy(dtype=object)
    if isinstance(values, np.ndarray):
        return values if values.dtype.kind in "biufUO" else values.astype(object)
    values = list(values)
    kinds = set(map(type, values))
    if len(kinds) == 1 and kinds <= {int, float}:  # all ints or all floats (a bool is neither)
        try:
            return np.asarray(values, dtype=np.float64 if float in kinds else np.int64)
        except OverflowError:  # an int too large for int64: read one by one
            pass
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _whole(np: Any, x: Any) -> bool:
    """Whether every value of the finite float array ``x`` is a whole number."""
    return bool(np.array_equal(np.floor(x), x))


@attrs.frozen
class _Coded:
    """A text column as codes into its distinct values (-1 where missing), as pandas has it."""

    codes: Any
    uniques: Any

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i: int) -> Any:
        code = self.codes[i]
        return None if code < 0 else self.uniques[code]


class _Column:
    """One factor column, validated: values as floats (NaN where missing) and a bad-row mask;
    ``complete`` when it is known that every row has a good value."""

    values: Any
    bad: Any
    complete: bool = False

    def __init__(self, np: Any, name: str, raw: Any) -> None:
        self.name, self.raw = name, raw
        spec = FACTORS[name]
        self.convert: Callable[[object], Any] = (
            _count(name)
            if spec.kind == "count"
            else _graded(name, spec.required)
            if spec.kind == "graded"
            else _stage
        )
        if isinstance(raw, _Coded):
            distinct = _Column(np, name, np.append(raw.uniques, None))
            given = raw.codes >= 0  # code -1 (missing) picks the None appended
            self.values = np.where(given, distinct.values[raw.codes], np.nan)
            self.bad = given & distinct.bad[raw.codes]
            if spec.required:
                self.bad = self.bad | np.isnan(self.values)
            return
        n = len(raw)
        kind = raw.dtype.kind
        low, high = (1.0, MAX_COUNT) if spec.kind == "count" else (0.0, 1.0)
        if spec.kind == "stage":
            # values: the index of the stage (0, 1, 2), NaN when not given
            words = {stage.value: float(i) for i, stage in enumerate(Stage)}
            self.values, self.bad = self._text(np, raw, words, lambda s: words[s.value])
        elif kind == "b":  # yes/no cells: 1 and 0 for a graded factor, never a count
            if spec.kind == "graded":
                self.values, self.bad = raw.astype(np.float64), np.zeros(n, dtype=bool)
            else:
                self.values, self.bad = np.full(n, np.nan), np.ones(n, dtype=bool)
        elif kind in "iu":
            x = raw.astype(np.float64)
            self.values = x
            if n and low <= raw.min() and raw.max() <= high:  # every value in range: one look
                self.bad, self.complete = np.zeros(n, dtype=bool), True
            else:  # compared as floats, as ever (an int past 2**53 rounds as the engine reads it)
                self.bad = (x < low) | (x > high)
        elif kind == "f":
            x = raw.astype(np.float64, copy=False)
            self.values = x
            # min and max are NaN where any value is: no value missing, none out of range, and
            # (for a count) whole, or else the cells are looked at one by one
            if n and low <= x.min() and x.max() <= high and (spec.kind != "count" or _whole(np, x)):
                self.bad, self.complete = np.zeros(n, dtype=bool), True
            elif spec.kind == "count":
                given = ~np.isnan(x)
                with np.errstate(invalid="ignore"):
                    ok = np.isfinite(x) & (x == np.floor(x)) & (x >= low) & (x <= high)
                self.bad = given & ~ok
            else:  # NaN, not given, is in neither
                self.bad = (x < low) | (x > high)
        else:
            words = {**LEVELS, **ANSWERS} if spec.kind == "graded" else {}
            self.values, self.bad = self._text(np, raw, words, float)
        if spec.required and not self.complete:  # not given: an error of the row, as recommend raises it
            self.bad = self.bad | np.isnan(self.values)

    def _text(
        self, np: Any, raw: Any, words: Mapping[str, float], to_float: Callable[[Any], float]
    ) -> tuple[Any, Any]:
        """Text or mixed columns: the usual words by vectorised comparison, the rest one by one."""
        n = len(raw)
        values = np.full(n, np.nan)
        matched = np.zeros(n, dtype=bool)
        if raw.dtype.kind in "UO":
            for word, number in words.items():
                hit = raw == word
                values[hit] = number
                matched |= hit
        rest = np.flatnonzero(~matched)
        if rest.size == 0:
            return values, np.zeros(n, dtype=bool)
        bad = np.zeros(n, dtype=bool)
        if raw.dtype.kind == "U":  # each distinct text once
            uniques, inverse = np.unique(raw[rest], return_inverse=True)
            some, some_bad = self._objects(np, uniques.astype(object), to_float)
            values[rest], bad[rest] = some[inverse], some_bad[inverse]
        else:
            values[rest], bad[rest] = self._objects(np, raw[rest], to_float)
        return values, bad

    def _objects(self, np: Any, raw: Any, to_float: Callable[[Any], float]) -> tuple[Any, Any]:
        n = len(raw)
        values = np.full(n, np.nan)
        bad = np.zeros(n, dtype=bool)
        # keyed by type too: True == 1 == 1.0, yet a count refuses True and takes 1
        cache: dict[tuple[type, object], float] = {}
        convert = self.convert
        for i, value in enumerate(raw.tolist()):
            if _is_missing(value):
                continue
            key = (type(value), value)
            try:
                number = cache.get(key)
            except TypeError:  # unhashable
                number = None
            if number is None:
                try:
                    number = to_float(convert(value))
                except RoleModelError:
                    number = math.inf
                with contextlib.suppress(TypeError):  # unhashable: not cached
                    cache[key] = number
            if number == math.inf:
                bad[i] = True
            else:
                values[i] = number
        return values, bad

    def problem(self, i: int) -> ProfileError:
        """The :class:`ProfileError` ``recommend`` gives for this column's value in row ``i``."""
        value = self.raw[i]
        if not isinstance(self.raw, _Coded) and self.raw.dtype.kind != "O":
            value = value.item()
        try:
            self.convert(value)
        except ProfileError as exc:
            return exc
        return ProfileError(self.name, value, "a valid value")  # pragma: no cover


def _validate(np: Any, columns: Mapping[str, Any], n: int) -> tuple[dict[str, Any], Any]:
    """Per factor its float values, and per row the error text (``None`` for good rows): every
    bad field of the row at once, as :meth:`Profile.from_mapping` reports them."""
    values, errors, _, _ = _checked(np, columns, n)
    return values, errors


def _checked(np: Any, columns: Mapping[str, Any], n: int) -> tuple[dict[str, Any], Any, Any, frozenset[str]]:
    """:func:`_validate`'s values and errors, the bad rows' mask, and the columns known to hold
    a good value in every row."""
    parsed = {name: _Column(np, name, raw) for name, raw in columns.items()}
    errors = np.full(n, None, dtype=object)
    failed = np.zeros(n, dtype=bool)
    for column in parsed.values():
        if not column.complete:  # a complete column has no bad row
            failed |= column.bad
    for i in np.flatnonzero(failed).tolist():
        problems = [parsed[name].problem(i) for name in FACTORS if name in parsed and parsed[name].bad[i]]
        errors[i] = str(ProfileError.several(problems))
    company = parsed["company_size"].values
    team = parsed["team_size"].values
    with np.errstate(invalid="ignore"):
        too_big = (team > company) & ~failed
    for i in np.flatnonzero(too_big).tolist():
        errors[i] = str(
            ProfileError(
                "team_size",
                int(team[i]),
                f"at most company_size ({int(company[i])})",
                "the sales team cannot be larger than the company",
            )
        )
    values = {name: column.values for name, column in parsed.items()}
    complete = frozenset(name for name, column in parsed.items() if column.complete)
    return values, errors, failed | too_big, complete


def _columns_of(np: Any, data: Any) -> tuple[dict[str, Any], int]:
    if _is_dataframe(data):
        names = list(data.columns)
        columns = {str(name): data[name] for name in names}
    elif isinstance(data, Mapping):
        columns = {str(k): v for k, v in data.items()}
    else:
        raise RoleModelError(
            "recommend_table: expected a mapping of columns or a pandas DataFrame, "
            f"found {type(data).__name__}"
        )
    lengths = {name: len(values) for name, values in columns.items()}
    if len(set(lengths.values())) > 1:
        raise RoleModelError(f"recommend_table: expected columns of equal length, found {lengths}")
    for name, spec in FACTORS.items():
        if spec.required and name not in columns:
            hint = did_you_mean(name, columns)
            raise RoleModelError(
                f"recommend_table: expected a column {name!r} (a required factor), found none"
                + (f" ({hint})" if hint else "")
            )
    n = next(iter(lengths.values()))
    return {name: _as_array(np, v) for name, v in columns.items() if name in FACTORS}, n


def recommend_table(
    data: Any,
    *,
    frameworks: Iterable[Framework] | None = None,
    weights: Mapping[str, float] | None = None,
    top_reason: bool = False,
) -> Any:
    """Score every row of a table; return the table with the result columns added.

    ``data`` is a mapping of equal-length columns (lists, tuples, numpy arrays) or a pandas
    DataFrame; its factor columns are named as in :data:`FACTORS`, other columns are carried
    through untouched. The result is of the same kind: a new ``dict`` (the input's columns,
    then numpy arrays) or a new DataFrame (same index), with the result columns of
    :meth:`Recommendation.to_row`: ``role`` and ``staffing`` (a name, or ``None`` where no
    framework speaks), their confidences, the six scores, ``dissent`` and
    ``staffing_dissent``, ``reason`` and ``staffing_reason``, one ``verdict_<framework id>``
    column per framework (``None`` where it abstains), and ``error`` (``None``, or the
    :class:`ProfileError` text ``recommend`` would raise for the row; its results are then
    ``None`` and NaN). Input columns of those names are replaced.

    Raises :class:`RoleModelError` for a table without a required factor's column, columns of
    unequal length, or bad ``frameworks``/``weights``; never for a bad row. With
    ``top_reason=True`` a ``top_reason`` column gives the strongest cited rule behind each
    row's role, in words (see :func:`rolemodel._reasons.top_reason`). Needs numpy (and
    pandas for DataFrames): ``pip install 'rolemodel[table]'``.
    """
    np = _numpy()
    chosen, resolved = choose_frameworks(frameworks, weights, "recommend_table")
    raw, n = _columns_of(np, data)
    values, errors, bad, known = _checked(np, raw, n)
    stage = values.pop("stage", None)
    inputs = values
    every = not bad.any()
    rows = np.flatnonzero(~bad)
    # a factor with a value in every row (a required one, after validation: else the row is
    # bad) needs no search for missing cells in each block
    complete = frozenset(
        name
        for name, x in inputs.items()
        if FACTORS[name].required or name in known or not math.isnan(x.sum())
    )
    both = both_ways([f._plan for f in chosen])
    scored = Scored(np, chosen, bad, top_reason)
    local = threading.local()  # one Scratch per thread: its blocks reuse the same arrays

    def block(lo: int, hi: int) -> None:
        scratch = getattr(local, "scratch", None)
        if scratch is None:
            scratch = local.scratch = Scratch(np, min(BLOCK, rows.size))
        scratch.reset(hi - lo)
        index: Any = slice(lo, hi) if every else rows[lo:hi]
        sub = {k: v[index] for k, v in inputs.items()}
        st = None if stage is None else stage[index]
        out = scored.views(index) if every else None  # written in place
        with np.errstate(all="ignore"):
            memberships = _stage_arrays(np, sub["company_size"], st)
            got = _score_block(
                np,
                chosen,
                resolved,
                sub,
                memberships,
                hi - lo,
                top_reason,
                out=out,
                complete=complete,
                scratch=scratch,
                both=both,
            )
        scored.write(index, got, written=out is not None)

    bounds = [(lo, min(lo + BLOCK, rows.size)) for lo in range(0, rows.size, BLOCK)]
    workers = min(os.cpu_count() or 1, len(bounds))
    if workers > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(workers) as pool:
            for future in [pool.submit(block, lo, hi) for lo, hi in bounds]:
                future.result()
    else:
        for lo, hi in bounds:
            block(lo, hi)
    results = scored.results(errors)
    if _is_dataframe(data):
        results = frame_columns(np, results, data.index, every)
        renamed = _renamed([str(c) for c in data.columns])
        out = data.rename(columns={a: b for a, b in zip(data.columns, renamed, strict=True) if a != b})
        return out.assign(**results)
    table: dict[str, Any] = dict(zip(_renamed([str(k) for k in data]), data.values(), strict=True))
    table.update(array_columns(results))
    return table


def _renamed(names: Sequence[str]) -> list[str]:
    """The input's column names as a table of results keeps them: a result column's name
    becomes ``input_<name>`` (with a warning), and a misspelt factor name is warned of."""
    import warnings

    from rolemodel._csvio import input_names
    from rolemodel._errors import RoleModelWarning
    from rolemodel._profile import near_misses

    new = input_names(names)
    moved = [f"{a} as {b}" for a, b in zip(names, new, strict=True) if a != b]
    if moved:
        warnings.warn(
            RoleModelWarning("input column(s) named like result columns kept as " + ", ".join(moved)),
            stacklevel=3,
        )
    for name, factor in near_misses(n for n in names if n not in FACTORS):
        warnings.warn(
            RoleModelWarning(
                f"column {name!r} is not a factor, so it is carried through unread: did you mean {factor!r}?"
            ),
            stacklevel=3,
        )
    return new
