"""Safe YAML text -> a validated :class:`~rolemodel.Framework`, every problem located.

The loader reads in three passes, each cheap and none recursive on untrusted depth:

1. bytes: size, NUL bytes, UTF-8, emptiness (a file is read by :func:`read_bounded`: only a
   regular file, and never more than its limit);
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
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from rolemodel._errors import FrameworkError, Problem, RoleModelError
from rolemodel._format import MAX_BYTES
from rolemodel._model import Framework

if TYPE_CHECKING:
    from rolemodel._extends import ExtendingReader

__all__ = [
    "Located",
    "UnreadableFile",
    "builtin_framework_dir",
    "builtin_frameworks",
    "load_framework",
    "loads_framework",
    "locate_framework",
    "read_bounded",
]


class UnreadableFile(RoleModelError):
    """A file rolemodel refuses to read: missing, not a regular file, or over its size limit.

    ``path``, ``expected`` and ``found`` say which file, what it should be and what it is.
    """

    def __init__(self, path: str, expected: str, found: str) -> None:
        self.path, self.expected, self.found = path, expected, found
        super().__init__(f"{path}: expected {expected}, found {found}")

    def __reduce__(self) -> tuple[type[UnreadableFile], tuple[str, str, str]]:
        return (type(self), (self.path, self.expected, self.found))


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
#: Open without blocking (a FIFO swapped in after the check) and without a controlling tty.
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_bounded(path: str | Path, limit: int = MAX_BYTES, what: str = "framework file") -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit`` of them.

    Anything else raises :class:`UnreadableFile` before a byte is read: a missing or unreadable
    file, a directory, a FIFO, a device or a socket (whatever a symlink points to), and a file
    larger than ``limit``. The type and size are checked on the opened descriptor, so a file
    swapped between the check and the open cannot slip through, the open never blocks, and at
    most ``limit + 1`` bytes are ever read (a file that grows while read is refused too).
    """
    name = str(path)
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableFile(name, f"a regular {what}", _kind(mode))
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise UnreadableFile(name, f"a readable {what}", exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(name, f"a regular {what}", _kind(info.st_mode))
        if info.st_size > limit:
            raise UnreadableFile(name, f"at most {limit} bytes", f"{info.st_size} bytes")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise UnreadableFile(name, f"a readable {what}", exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    if size > limit:
        raise UnreadableFile(name, f"at most {limit} bytes", f"more than {limit} bytes")
    return b"".join(chunks)


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
    try:
        data = read_bounded(path)
    except UnreadableFile as exc:
        raise FrameworkError([Problem(exc.path, 0, 0, "", exc.expected, exc.found, code="RM001")]) from None
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
    reader = _reader(name)
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
    """The five articles' frameworks, loaded and compiled once, in source order.

    A new process reads them from the per-user cache (:mod:`rolemodel._cache`: plain JSON,
    keyed by each file's bytes and rolemodel's version, rebuilt field by field and re-checked)
    and parses the YAML only when the cache is missing, stale or unusable, then writes it.
    """
    frameworks = _cached_builtins(sorted(builtin_framework_dir().glob("*.yaml")))
    for framework in frameworks:
        framework._plan  # noqa: B018 - compile once, up front
    return tuple(frameworks)


def _cached_builtins(paths: list[Path], folder: Path | None = None) -> list[Framework]:
    """The frameworks of ``paths`` in source order: from the cache in ``folder`` when it is good."""
    from rolemodel import __version__, _cache

    try:
        files = [(p.name, read_bounded(p)) for p in paths]
    except UnreadableFile:  # said as the loader says it, with its lint code
        frameworks = [load_framework(p) for p in paths]
        return sorted(frameworks, key=lambda f: f.source)
    key = _cache.cache_key(__version__, files)
    where = {p.name: str(p) for p in paths}
    enabled = _cache.enabled()
    cached = _cache.read_cache(key, where, folder) if enabled else None
    if cached is not None and all(_passes_checks(fw) for fw in cached):
        return cached
    frameworks = [_located(data, where[name]).framework for name, data in files]
    frameworks.sort(key=lambda f: f.source)
    if enabled:
        _cache.write_cache(frameworks, key, [Path(f.path).name for f in frameworks], folder)
    return frameworks


def _passes_checks(framework: Framework) -> bool:
    """Whether a framework rebuilt from the cache passes the loader's semantic checks (they
    read no YAML: a process that finds the cache good never imports pyyaml)."""
    from rolemodel._semantics import FrameworkChecks

    try:
        checks = FrameworkChecks(framework.path)
        checks._semantics(framework)
        checks._authoring_semantics(framework)
    except Exception:  # a cache is never an error: it is only not used
        return False
    return not checks.problems


def _reader(name: str) -> ExtendingReader:
    """A reader of the framework text ``name`` that finds bases among the built-in frameworks
    and as files, loading them like any file."""
    return _reader_class()(name)


@functools.cache
def _reader_class() -> type[ExtendingReader]:
    # made on first use: the reading modules import pyyaml, which the cache path never needs
    from rolemodel._extends import ExtendingReader

    class Reader(ExtendingReader):
        def builtins(self) -> tuple[Framework, ...]:
            return builtin_frameworks()

        def load_base(self, path: Path) -> Framework:
            return load_framework(path)

    return Reader
