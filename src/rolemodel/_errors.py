"""rolemodel's one exception family.

::

    ValueError
     └── RoleModelError            anything rolemodel refuses
          ├── FrameworkError       a framework file or text is malformed (all its problems at once)
          └── ProfileError         a company profile has a bad, missing or unknown factor

Every error carries data, not only a message: a :class:`FrameworkError` holds its
:class:`Problem` records (file, line, column, path, expected, found, hint); a
:class:`ProfileError` names the field, the value found and what is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

__all__ = [
    "FrameworkError",
    "Problem",
    "ProfileError",
    "Reporter",
    "RoleModelError",
    "RoleModelWarning",
    "check_envelope",
    "did_you_mean",
]


class RoleModelError(ValueError):
    """The root of every error rolemodel raises on purpose."""


@attrs.frozen
class Problem:
    """One thing wrong in a framework file, located.

    ``line`` and ``column`` are 1-based; 0 when the problem has no position (an empty file).
    ``code`` is the lint code (``RM0xx``, see ``docs/reference/errors.md``) the loader gave
    the problem where it found it; it is not part of :func:`str`.
    """

    file: str
    line: int
    column: int
    path: str
    expected: str
    found: str
    hint: str = ""
    code: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        field = f" {self.path}:" if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}:{field} expected {self.expected}, found {self.found}{hint}"


class FrameworkError(RoleModelError):
    """A framework is malformed. ``problems`` lists every problem found, in file order."""

    problems: tuple[Problem, ...]

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in framework"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))

    def __reduce__(self) -> tuple[type[FrameworkError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))


class ProfileError(RoleModelError):
    """A company profile is invalid: ``field`` holds ``value``, ``allowed`` says what may, and
    ``hint`` is a "did you mean" suggestion ("" when there is none); all survive pickling.

    A profile with several bad fields raises one error naming every one: ``errors`` holds one
    :class:`ProfileError` per bad field, in the catalogue's order (just ``(self,)`` when one
    field is bad), and ``field``, ``value``, ``allowed``, ``hint`` are the first one's. An
    empty value (``None``, blank text) is shown as ``empty``.
    """

    field: str
    value: object
    allowed: str
    hint: str
    errors: tuple[ProfileError, ...]

    def __init__(
        self,
        field: str,
        value: object,
        allowed: str,
        hint: str = "",
        *,
        errors: Sequence[ProfileError] = (),
    ) -> None:
        self.field, self.value, self.allowed, self.hint = field, value, allowed, hint
        self.errors = tuple(errors) if len(errors) > 1 else (self,)
        if len(self.errors) > 1:
            text = f"{len(self.errors)} problems in the profile: " + "; ".join(e._one() for e in self.errors)
        else:
            text = self._one()
        super().__init__(text)

    def _one(self) -> str:
        extra = f" ({self.hint})" if self.hint else ""
        return f"profile field {self.field!r}: expected {self.allowed}, got {_shown(self.value)}{extra}"

    @classmethod
    def several(cls, errors: Sequence[ProfileError]) -> ProfileError:
        """One error for every bad field: the error itself when there is one."""
        if len(errors) == 1:
            return errors[0]
        first = errors[0]
        return cls(first.field, first.value, first.allowed, first.hint, errors=errors)

    def __reduce__(self) -> tuple[Any, ...]:
        if len(self.errors) > 1:
            return (_rebuild, (self.errors,))
        return (type(self), (self.field, self.value, self.allowed, self.hint))


def _rebuild(errors: Sequence[ProfileError]) -> ProfileError:
    return ProfileError.several(errors)


def _shown(value: object) -> str:
    """How an error shows a value: ``empty`` for ``None`` and blank text, else its ``repr``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "empty"
    return repr(value)


class RoleModelWarning(UserWarning):
    """Something rolemodel took, but that looks like a mistake (a misspelt factor name, say)."""


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """A "did you mean ..." hint for an unknown ``name``, or ``""`` when nothing is close."""
    import difflib  # here, not above: only a mistake needs it, and every command imports this

    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def check_envelope(
    data: object, what: str, format: str, version: int, *, unversioned: str = "", advice: str = ""
) -> None:
    """Refuse ``data`` unless it is a mapping whose ``format`` and ``version`` are the ones given:
    the check :meth:`from_dict` makes before reading a dict its ``to_dict`` wrote.

    The message starts with ``what`` (``recommendation: expected format ... version ..., found
    ...``); ``unversioned`` says what was found when the dict has no version (a file of an older
    release), and ``advice`` what to do, after a semicolon.
    """
    if not isinstance(data, Mapping):
        raise RoleModelError(f"{what}: expected a mapping, found {type(data).__name__}")
    found_format, found_version = data.get("format"), data.get("version")
    if found_format == format and found_version == version:
        return
    if found_version is None and unversioned:
        found = unversioned
    else:
        found = f"format {found_format!r} version {found_version!r}"
    then = f"; {advice}" if advice else ""
    raise RoleModelError(f"{what}: expected format {format!r} version {version}, found {found}{then}")


class Reporter:
    """Gathers the problems of one text named ``name``, each located by ``(line, column)``
    (``marks`` holds the position of every path read; ``(0, 0)`` where none is known). The
    framework checks report through it; the YAML reader adds positions from its nodes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.marks: dict[str, tuple[int, int]] = {}

    def problem(
        self,
        at: tuple[int, int] | None,
        path: str,
        expected: str,
        found: str,
        hint: str = "",
        *,
        code: str,
    ) -> None:
        """Note a problem at ``at``: a ``(line, column)`` or ``None`` (no position)."""
        line, column = (0, 0) if at is None else at
        self.problems.append(Problem(self.name, line, column, path, expected, found, hint, code))

    def at(self, path: str) -> tuple[int, int]:
        """Where ``path`` was read, or ``(0, 0)``."""
        return self.marks.get(path, (0, 0))
