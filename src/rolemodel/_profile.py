"""The company profile: the factors the articles name, validated, and the factor catalogue."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from rolemodel._errors import ProfileError, did_you_mean
from rolemodel._model import Stage

__all__ = [
    "FACTORS",
    "LEVELS",
    "MAX_COUNT",
    "MAX_TEXT",
    "Elided",
    "FactorSpec",
    "Profile",
    "is_missing",
    "shown_value",
    "stage_membership",
]

#: What the words ``low``, ``medium`` and ``high`` mean for a graded factor.
LEVELS: Mapping[str, float] = {"low": 0.2, "medium": 0.5, "high": 0.8}

#: The largest count (``company_size``, ``team_size``) a profile takes: the library's bound,
#: as no company has more employees (the largest employers have about two million).
MAX_COUNT = 10_000_000
#: The longest text a count, a level or a stage is read from; longer text is refused unread.
MAX_TEXT = 100


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


@attrs.frozen
class FactorSpec:
    """One input a profile can carry."""

    name: str
    kind: Literal["count", "graded", "stage"]
    required: bool
    says: str


FACTORS: Mapping[str, FactorSpec] = {
    spec.name: spec
    for spec in (
        FactorSpec("company_size", "count", True, "employees in the company"),
        FactorSpec("team_size", "count", True, "people in the sales team"),
        FactorSpec("market_change", "graded", True, "how fast the market, product and customers change"),
        FactorSpec("regulation", "graded", True, "how regulated the industry is"),
        FactorSpec(
            "stage", "stage", False, "startup, growth or mature; derived from company_size when absent"
        ),
        FactorSpec("competition", "graded", False, "how competitive the industry is"),
        FactorSpec("short_term_pressure", "graded", False, "how crucial short-term targets are"),
        FactorSpec("innovation_need", "graded", False, "how much the team must innovate"),
        FactorSpec("customer_focus", "graded", False, "how critical strong customer relationships are"),
        FactorSpec("efficiency_priority", "graded", False, "how much efficiency is the priority"),
        FactorSpec("structure_need", "graded", False, "how much the team needs structure and process"),
        FactorSpec(
            "development_priority", "graded", False, "how much long-term growth of the people matters"
        ),
        FactorSpec(
            "process_complexity",
            "graded",
            False,
            "the weight of forecasts, pipeline, rules of engagement, comp plans",
        ),
        FactorSpec("team_seasoning", "graded", False, "how seasoned and experienced the sales team is"),
        FactorSpec(
            "process_maturity", "graded", False, "how established and refined the sales processes are"
        ),
        FactorSpec("leadership_time", "graded", False, "share of the managers' time spent on leadership"),
        FactorSpec(
            "manager_readiness", "graded", False, "whether the sales manager has the aptitude to also lead"
        ),
    )
}

_GRADED_ALLOWED = "a number in [0, 1] or one of 'low', 'medium', 'high'"


def is_missing(value: object) -> bool:
    """Whether a value means "not given": ``None``, a float NaN (numpy's included) or pandas'
    missing markers, the same on every route (``recommend``, ``recommend_table``, batch)."""
    if value is None:
        return True
    if isinstance(value, float | numbers.Real) and not isinstance(value, bool | int):
        try:
            return math.isnan(float(value))
        except (TypeError, ValueError, OverflowError):
            return False
    return type(value).__name__ in ("NAType", "NaTType")


def _plain_number(value: object) -> object:
    """numpy's and other libraries' numbers as Python's (``np.int64(300)`` -> ``300``); booleans
    and everything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or isinstance(value, int | float):
        return value
    return int(value) if isinstance(value, numbers.Integral) else float(value)


def _missing(value: object) -> bool:
    """:func:`is_missing`, answered at once for plain ints, floats, text and ``None``."""
    kind = type(value)
    if kind is float:
        return value != value  # NaN
    if kind is int or kind is str:
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
        if not required and is_missing(value):
            return None
        given = value
        value = _plain_number(value)
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                raise _refuse(name, given, _GRADED_ALLOWED)
            level = LEVELS.get(value.strip().lower())
            if level is not None:
                return level
            text = value
            try:  # a number written as text, as a count may be ("0.7")
                value = float(text.strip())
            except ValueError:
                raise _refuse(name, given, _GRADED_ALLOWED, did_you_mean(text, LEVELS)) from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _refuse(name, given, _GRADED_ALLOWED)
        # compared before any conversion: an int of any size compares exactly; NaN fails
        if not 0 <= value <= 1:
            raise _refuse(name, given, _GRADED_ALLOWED)
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
    allowed = "a whole number >= 1"
    bounded = f"a whole number >= 1 and at most {MAX_COUNT:,}"
    why = "the library's bound: no company has more employees"

    def convert(value: object) -> int:
        value = _plain_number(value)
        if isinstance(value, bool):
            raise _refuse(name, value, allowed)
        if isinstance(value, str):
            if len(value) > MAX_TEXT:  # refused unread: no parsing of huge text
                raise _refuse(name, value, bounded, f"written in at most {MAX_TEXT} characters")
            try:
                number: object = int(value.strip())
            except ValueError:
                raise _refuse(name, value, allowed) from None
        else:
            number = value
        if isinstance(number, float) and not number.is_integer():  # also NaN and infinities
            raise _refuse(name, value, allowed)
        if not isinstance(number, int | float) or number < 1:
            raise _refuse(name, value, allowed)
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


@attrs.frozen(repr=False)
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
        """A profile from a mapping of factor names; unknown or missing names are errors."""
        if isinstance(data, Profile):
            return data
        if not isinstance(data, Mapping):
            raise _refuse("<profile>", data, "a mapping of factor names to values")
        for key in data:
            if key not in FACTORS:
                label = key if isinstance(key, str) and len(key) <= MAX_TEXT else repr(shown_value(key))
                raise _refuse(label, data[key], "a known factor name", did_you_mean(label, FACTORS))
        data = {k: None if _missing(v) else v for k, v in data.items()}
        for name, spec in FACTORS.items():
            if spec.required and data.get(name) is None:
                raise ProfileError(name, None, "a value (this factor is required)")
        required = {k: data[k] for k in ("company_size", "team_size", "market_change", "regulation")}
        optional = {k: v for k, v in data.items() if k not in required}
        return cls(**required, **optional)

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
