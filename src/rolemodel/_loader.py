"""Safe YAML text -> a validated :class:`~rolemodel.Framework`, every problem located.

The loader reads in three passes, each cheap and none recursive on untrusted depth:

1. bytes: size, NUL bytes, UTF-8, emptiness;
2. YAML events (streamed): syntax, nesting depth, anchors/aliases, explicit tags, node count;
3. the composed node tree: the framework format, dispatched on ``format`` and ``version``,
   then the semantic checks (ids, references, ramps, cycles in the rule graph).

All problems of a file are gathered into one :class:`~rolemodel.FrameworkError`, each with its
lint code. The passes live in :mod:`rolemodel._yamlread` (bytes, events, nodes),
:mod:`rolemodel._sections` (the format), :mod:`rolemodel._semantics` (the checks) and
:mod:`rolemodel._extends` (``extends``); this module reads files and finds base frameworks.
:func:`locate_framework` also returns where each part of the file is written, for the lint.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import attrs

from rolemodel._errors import FrameworkError, Problem
from rolemodel._extends import ExtendingReader
from rolemodel._model import Framework

__all__ = [
    "Located",
    "builtin_framework_dir",
    "builtin_frameworks",
    "load_framework",
    "loads_framework",
    "locate_framework",
]


@attrs.frozen
class Located:
    """A framework as loaded, with where its parts are written in its file.

    ``marks`` maps a path of the file (``rules[3]``, ``rules[3].when``, ``roles.leadership#key``
    for a key's own position, ``factors=team_size`` for where a factor is listed) to its 1-based
    (line, column); ``base`` is the framework it extends, as the loader found it (or None).
    """

    framework: Framework
    marks: Mapping[str, tuple[int, int]] = attrs.field(eq=False, repr=False)
    base: Framework | None = None


def locate_framework(path: str | Path) -> Located:
    """Load the framework file at ``path`` and say where its parts are written.

    Raises :class:`~rolemodel.FrameworkError` listing every problem of the file.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    "",
                    "a readable framework file",
                    exc.strerror or str(exc),
                    code="RM001",
                )
            ]
        ) from None
    return _located(data, str(path))


def load_framework(path: str | Path) -> Framework:
    """Load and validate the framework file at ``path``.

    Raises :class:`~rolemodel.FrameworkError` listing every problem of the file.
    """
    return locate_framework(path).framework


def loads_framework(text: str | bytes, name: str = "<string>") -> Framework:
    """Load and validate a framework from YAML ``text``; ``name`` labels its problems."""
    return _located(text, name).framework


def _located(text: str | bytes, name: str) -> Located:
    reader = _Reader(name)
    framework = reader.read(text)
    if reader.problems or framework is None:
        raise FrameworkError(sorted(reader.problems, key=lambda p: (p.line, p.column)))
    return Located(framework, dict(reader.marks), reader.base)


def builtin_framework_dir() -> Path:
    """Where the built-in framework files are: inside the wheel, or the source tree's."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "frameworks", here.parent.parent / "frameworks"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("rolemodel's built-in frameworks are missing from this install")


@functools.cache
def builtin_frameworks() -> tuple[Framework, ...]:
    """The five articles' frameworks, loaded and compiled once, in source order."""
    frameworks = [load_framework(p) for p in sorted(builtin_framework_dir().glob("*.yaml"))]
    frameworks.sort(key=lambda f: f.source)
    for framework in frameworks:
        framework._plan  # noqa: B018 - compile once, up front
    return tuple(frameworks)


class _Reader(ExtendingReader):
    """Finds bases among the built-in frameworks and as files, loading them like any file."""

    def builtins(self) -> tuple[Framework, ...]:
        return builtin_frameworks()

    def load_base(self, path: Path) -> Framework:
        return load_framework(path)
