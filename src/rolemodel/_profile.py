"""The company profile: the factors the articles name, each value read and validated.

The catalogue of factors itself is :mod:`rolemodel._factors`; its names are re-exported here."""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from typing import Any

import attrs

from rolemodel._errors import ProfileError, did_you_mean
from rolemodel._factors import ANSWERS, FACTORS, LEVELS, MAX_COUNT, MAX_TEXT, FactorSpec, fold, near_misses
from rolemodel._model import Stage

__all__ = [
    "ANSWERS",
    "FACTORS",
    "LEVELS",
    "MAX_COUNT",
    "MAX_TEXT",
    "Elided",
    "FactorSpec",
    "Profile",
    "fold",
    "is_missing",
    "near_misses",
    "parse_number",
    "shown_value",
    "split_inputs",
    "stage_membership",
]


@attrs.frozen
class Elided:
    """A stand-in for a value too long to show in an error: its ``repr`` is a short description."""

    description: str

    def __repr__(self) -> str:
        return f"<{self.description}>"


def shown_value(value: object) -> object:
    """``value`` itself when its ``repr`` is short, else an :class:`Elided` description of it.

    What a :class:`ProfileError` carries and prints: never thousands of digits, and never an
    integer too long for Python to write out (``repr`` of it would raise).
    """
    if value is None or isinstance(value, bool | float | Stage):
        return value
    if isinstance(value, int):
        if value.bit_length() <= 100:  # up to 30 digits: shown as is
            return value
        digits = int(value.bit_length() * 0.30103) + 1
        return Elided(f"an integer of about {digits} digits")
    if isinstance(value, str):
        if len(value) <= MAX_TEXT:
            return value
        return Elided(f"a text of {len(value)} characters starting {value[:20]!r}")
    try:
        text = repr(value)
    except Exception:
        return Elided(f"a {type(value).__name__} that cannot be shown")
    if len(text) <= MAX_TEXT:
        return value
    return Elided(f"a {type(value).__name__} shown as {text[:40]!r}...")


def _refuse(name: str, value: object, allowed: str, hint: str = "") -> ProfileError:
    return ProfileError(name, shown_value(value), allowed, hint)


_WORDS: Mapping[str, float] = {**LEVELS, **ANSWERS}
_NAMES = FACTORS.keys()

_GRADED_ALLOWED = "a number in [0, 1], a percentage, one of 'low', 'medium', 'high', or yes/no/partly"
_COUNT_ALLOWED = "a whole number >= 1"

# "5,000" / "1,234,567.5": a comma only before groups of exactly three digits
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
# "5 000" with a space, a no-break space or a narrow no-break space between the groups
_SPACED = re.compile(r"[+-]?[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?:\.[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]*,[0-9]+")
_UNDERSCORE_HINT = "an underscore is not read in a number: write 1000 or 1,000, not 1_000"
_DECIMAL_HINT = (
    "a decimal comma? numbers are read with a decimal point (1.5); "
    "read a client file written with decimal commas with --decimal ,"
)


def parse_number(text: str) -> float:
    """A number written as people write it: ``"300"``, ``"1e6"``, ``"5,000"`` (a comma only
    before groups of exactly three digits), ``"5 000"``; raises ``ValueError`` with a hint
    (``"1,5"``: a decimal comma, see ``--decimal``) for anything else. Percentages are the
    caller's (only graded factors take them)."""
    text = text.strip()
    if "_" in text:  # Python reads "1_000" and "0_5"; people do not write numbers so
        raise ValueError(_UNDERSCORE_HINT)
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    elif _SPACED.fullmatch(text):
        text = re.sub(r"[ \u00a0\u202f]", "", text)
    elif _DECIMAL_COMMA.fullmatch(text):
        raise ValueError(_DECIMAL_HINT)
    try:
        return float(text)
    except ValueError:
        raise ValueError("") from None


def is_missing(value: object) -> bool:
    """Whether a value means "not given": ``None``, blank text, a float NaN (numpy's included)
    or pandas' missing markers, the same on every route (``recommend``, ``recommend_table``,
    batch)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float | numbers.Real) and not isinstance(value, bool | int):
        try:
            return math.isnan(float(value))
        except (TypeError, ValueError, OverflowError):
            return False
    return type(value).__name__ in ("NAType", "NaTType")


def _plain_number(value: object) -> object:
    """numpy's and other libraries' numbers as Python's (``np.int64(300)`` -> ``300``,
    ``np.bool_(True)`` -> ``True``); Python's booleans and everything else unchanged."""
    if isinstance(value, bool | int | float):
        return value
    if type(value).__module__ == "numpy" and type(value).__name__ in ("bool_", "bool"):  # not a Real
        return bool(value)
    if not isinstance(value, numbers.Real):
        return value
    return int(value) if isinstance(value, numbers.Integral) else float(value)


def _missing(value: object) -> bool:
    """:func:`is_missing`, answered at once for plain ints, floats and ``None``."""
    kind = type(value)
    if kind is float:
        return value != value  # NaN
    if kind is int:
        return False
    return value is None or is_missing(value)


def _graded(name: str, required: bool) -> Any:
    """A graded factor's converter: plain numbers in [0, 1] (and ``None`` when optional) at once,
    everything else through :func:`_graded_checked`, which accepts and refuses the same."""
    checked = _graded_checked(name, required)

    def convert(value: object) -> float | None:
        kind = type(value)
        if kind is float:
            if 0.0 <= value <= 1.0:  # type: ignore[operator]
                return value  # type: ignore[return-value]
        elif kind is int:
            if 0 <= value <= 1:  # type: ignore[operator]
                return float(value)  # type: ignore[arg-type]
        elif value is None and not required:
            return None
        result: float | None = checked(value)
        return result

    return convert


def _graded_checked(name: str, required: bool) -> Any:
    def convert(value: object) -> float | None:
        if is_missing(value):
            if required:
                raise ProfileError(name, None, "a value (this factor is required)")
            return None
        given = value
        value = _plain_number(value)
        if isinstance(value, bool):  # a yes/no cell of a spreadsheet
            return 1.0 if value else 0.0
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                raise _refuse(name, given, _GRADED_ALLOWED)
            word = value.strip().lower()
            level = _WORDS.get(word)
            if level is not None:
                return level
            percent = word.endswith("%")
            try:  # a number written as text, as a count may be ("0.7", "80%")
                value = parse_number(word[:-1] if percent else word)
            except ValueError as exc:
                hint = str(exc) or did_you_mean(word, _WORDS)
                raise _refuse(name, given, _GRADED_ALLOWED, hint) from None
            if percent:
                if not 0 <= value <= 100:
                    raise _refuse(name, given, _GRADED_ALLOWED, "a percentage is from 0% to 100%")
                return value / 100.0
        if not isinstance(value, int | float):
            raise _refuse(name, given, _GRADED_ALLOWED)
        # compared before any conversion: an int of any size compares exactly; NaN fails
        if not 0 <= value <= 1:
            hint = "a percentage? write 80% or 0.8" if 1 < value <= 100 else ""
            raise _refuse(name, given, _GRADED_ALLOWED, hint)
        return float(value)

    return convert


def _count(name: str) -> Any:
    """A count's converter: plain ints from 1 to :data:`MAX_COUNT` at once, everything else
    through :func:`_count_checked`, which accepts and refuses the same."""
    checked = _count_checked(name)

    def convert(value: object) -> int:
        if type(value) is int and 1 <= value <= MAX_COUNT:
            return value
        result: int = checked(value)
        return result

    return convert


def _count_checked(name: str) -> Any:
    bounded = f"a whole number >= 1 and at most {MAX_COUNT:,}"
    why = "the library's bound: no company has more employees"

    def convert(value: object) -> int:
        if is_missing(value):
            raise ProfileError(name, None, "a value (this factor is required)")
        value = _plain_number(value)
        if isinstance(value, bool):
            raise _refuse(name, value, _COUNT_ALLOWED)
        if isinstance(value, str):
            if len(value) > MAX_TEXT:  # refused unread: no parsing of huge text
                raise _refuse(name, value, bounded, f"written in at most {MAX_TEXT} characters")
            try:
                if "_" in value:  # int() would read "1_0" as 10
                    raise ValueError
                number: object = int(value.strip())
            except ValueError:
                try:
                    number = parse_number(value)
                except ValueError as exc:
                    raise _refuse(name, value, _COUNT_ALLOWED, str(exc)) from None
        else:
            number = value
        if isinstance(number, float) and not number.is_integer():  # also NaN and infinities
            raise _refuse(name, value, _COUNT_ALLOWED)
        if not isinstance(number, int | float) or number < 1:
            raise _refuse(name, value, _COUNT_ALLOWED)
        # compared before any conversion: an int of any size compares exactly
        if number > MAX_COUNT:
            raise _refuse(name, value, bounded, why)
        return int(number)

    return convert


def _stage(value: object) -> Stage | None:
    if is_missing(value):
        return None
    if isinstance(value, Stage):
        return value
    if isinstance(value, str) and len(value) <= MAX_TEXT:
        word = value.strip().lower()
        if word in Stage.__members__.values():
            return Stage(word)
        hint = did_you_mean(value, [s.value for s in Stage])
    else:
        hint = ""
    raise _refuse("stage", value, "one of 'startup', 'growth', 'mature'", hint)


def _opt(name: str) -> Any:
    return attrs.field(default=None, converter=_graded(name, False), kw_only=True)


# No slots: a frozen attrs class with a __dict__ fills it directly in __init__, where a
# slotted one calls object.__setattr__ per field (about 0.9 us of every recommend() here).
@attrs.frozen(repr=False, slots=False)
class Profile:
    """A company as the articles see it.

    ``company_size``, ``team_size``, ``market_change`` and ``regulation`` are required; every
    other factor is optional and, when absent, makes no rule fire. Graded factors take a
    number in [0, 1] or ``"low"`` (0.2), ``"medium"`` (0.5), ``"high"`` (0.8).
    """

    company_size: int = attrs.field(converter=_count("company_size"))  # type: ignore[misc]
    team_size: int = attrs.field(converter=_count("team_size"))  # type: ignore[misc]
    market_change: float = attrs.field(converter=_graded("market_change", True))  # type: ignore[misc]
    regulation: float = attrs.field(converter=_graded("regulation", True))  # type: ignore[misc]
    stage: Stage | None = attrs.field(default=None, converter=_stage, kw_only=True)
    competition: float | None = _opt("competition")
    short_term_pressure: float | None = _opt("short_term_pressure")
    innovation_need: float | None = _opt("innovation_need")
    customer_focus: float | None = _opt("customer_focus")
    efficiency_priority: float | None = _opt("efficiency_priority")
    structure_need: float | None = _opt("structure_need")
    development_priority: float | None = _opt("development_priority")
    process_complexity: float | None = _opt("process_complexity")
    team_seasoning: float | None = _opt("team_seasoning")
    process_maturity: float | None = _opt("process_maturity")
    leadership_time: float | None = _opt("leadership_time")
    manager_readiness: float | None = _opt("manager_readiness")

    def __attrs_post_init__(self) -> None:
        if self.team_size > self.company_size:
            raise ProfileError(
                "team_size",
                self.team_size,
                f"at most company_size ({self.company_size})",
                "the sales team cannot be larger than the company",
            )

    def __repr__(self) -> str:
        given = ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items())
        return f"Profile({given})"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Profile:
        """A profile from a mapping of factor names; unknown or missing names are errors.

        Every bad field is reported at once: the :class:`ProfileError` raised names the first
        and holds one error per bad field in ``errors``. To keep other keys (a client's name,
        say) beside the factors, split them off first with :func:`split_inputs`.
        """
        if data.__class__ is not dict:  # a dict is read at once; anything else is checked first
            if isinstance(data, Profile):
                return data
            if not isinstance(data, Mapping):
                raise _refuse("<profile>", data, "a mapping of factor names to values")
        if data.keys() <= _NAMES:
            try:
                return cls(**data)
            except ProfileError:
                pass
            except TypeError:  # a required factor not given at all
                pass
        raise ProfileError.several(_problems(cls, data))

    def to_dict(self) -> dict[str, Any]:
        """The factors given, JSON-ready (absent optional factors left out)."""
        out: dict[str, Any] = {}
        for name in FACTORS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value.value if isinstance(value, Stage) else value
        return out

    @property
    def stage_membership(self) -> tuple[float, float, float]:
        """How much the company is a startup, a growth company and a mature one (sums to 1).

        Crisp when ``stage`` is given; derived from ``company_size`` otherwise.
        """
        if self.stage is not None:
            return (
                float(self.stage is Stage.STARTUP),
                float(self.stage is Stage.GROWTH),
                float(self.stage is Stage.MATURE),
            )
        return stage_membership(self.company_size)

    @property
    def effective_stage(self) -> Stage:
        """The stage given, or the one derived from ``company_size``."""
        membership = self.stage_membership
        return list(Stage)[max(range(3), key=membership.__getitem__)]


def _problems(cls: type[Profile], data: Mapping[str, Any]) -> list[ProfileError]:
    """Every error of ``data`` as a profile: unknown names, then each factor in catalogue order."""
    errors: list[ProfileError] = []
    for key in data:
        if key not in FACTORS:
            label = key if isinstance(key, str) and len(key) <= MAX_TEXT else repr(shown_value(key))
            errors.append(_refuse(label, data[key], "a known factor name", did_you_mean(label, FACTORS)))
    fields = attrs.fields_dict(cls)
    converted: dict[str, Any] = {}
    for name in FACTORS:
        try:
            converted[name] = fields[name].converter(data.get(name))  # type: ignore[misc,operator]
        except ProfileError as exc:
            errors.append(exc)
    if not errors:  # only the sizes' relation is left to check
        try:
            cls(**converted)
        except ProfileError as exc:
            errors.append(exc)
    return errors


def split_inputs(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``data`` as ``(factors, extras)``: the keys that name a factor, and every other key (a
    client's name, an id ...), which a result carries through unread. Warns
    (:class:`~rolemodel.RoleModelWarning`) about an extra key that looks like a misspelt factor,
    as ``short_term_presure`` or ``Innovation Need`` do."""
    factors: dict[str, Any] = {}
    extras: dict[str, Any] = {}
    for key, value in data.items():
        if key in FACTORS:
            factors[key] = value
        else:
            extras[key] = value
    if extras:
        for key, name in near_misses(extras):
            import warnings

            from rolemodel._errors import RoleModelWarning

            warnings.warn(
                RoleModelWarning(
                    f"{key!r} is not a factor, so it is carried through unread: did you mean {name!r}?"
                ),
                stacklevel=3,
            )
    return factors, extras


#: Company sizes (employees) at which the derived stage changes; see :func:`stage_membership`.
STARTUP_FULL, STARTUP_GONE = 20.0, 100.0
MATURE_START, MATURE_FULL = 250.0, 1000.0


def stage_membership(company_size: float) -> tuple[float, float, float]:
    """Derived stage membership for a company of ``company_size`` employees.

    A company is wholly a startup up to 20 employees, fading out by 100; it is wholly mature
    from 1,000, fading in from 250; it is a growth company for the rest.
    """
    startup = min(1.0, max(0.0, (STARTUP_GONE - company_size) / (STARTUP_GONE - STARTUP_FULL)))
    mature = min(1.0, max(0.0, (company_size - MATURE_START) / (MATURE_FULL - MATURE_START)))
    return (startup, 1.0 - startup - mature, mature)
