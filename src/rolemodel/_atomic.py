"""The one way the command line writes a file: atomically, and never onto one of its inputs.

:func:`atomic_output` opens a temporary file beside the target (same directory, so the same
file system), hands it out to be written, then flushes it, ``fsync``s it and renames it over
the target with :func:`os.replace`. If anything goes wrong on the way (a full disk, a file
size limit, an error while the rows are still being scored, Ctrl-C) the temporary file is
removed and the target is left as it was: a reader sees the old file or the whole new one,
never a file cut mid-row.

- The target may not be one of the command's input files: the same file by
  :func:`os.path.samefile` (the same inode, so also through a symlink or a hard link) is
  refused with a :class:`~rolemodel._cli.UsageError` before anything is read.
- A target that is a symlink is replaced by a regular file: the link itself is replaced, the
  file it pointed to is left untouched (never written through).
- A target that is a device or a pipe (``/dev/null``, a FIFO) cannot be replaced: it is
  written straight into.
- A new file gets the usual permissions (``0o666`` less the umask); a regular file that is
  replaced keeps its permission bits.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from rolemodel._cli import UsageError

__all__ = ["atomic_output", "refuse_inputs", "write_text"]


def _same(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # one of them does not exist (or is not a path)
        return False


def refuse_inputs(target: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Raise :class:`~rolemodel._cli.UsageError` when ``target`` is one of ``inputs``.

    The same file by inode counts (a symlink to an input, a hard link, another spelling of
    its path); ``-`` (stdin/stdout) is never a file.
    """
    if str(target) == "-":
        return
    for source in inputs:
        if str(source) != "-" and _same(target, source):
            raise UsageError(
                f"refusing to write {target}: it is the input file {source} "
                "(write the output to another file)"
            )


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_directory(directory: str) -> None:
    """Make the rename durable where the platform allows it (best effort)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(fd)


def _cannot(target: str | os.PathLike[str], exc: OSError) -> UsageError:
    return UsageError(f"cannot write {target}: {exc.strerror or exc}")


@contextlib.contextmanager
def atomic_output(
    target: str | os.PathLike[str], *, inputs: Iterable[str | os.PathLike[str]] = ()
) -> Iterator[TextIO]:
    """A UTF-8 text stream whose contents replace ``target`` when the block ends without error.

    On any error inside the block (or while writing, flushing or renaming) the temporary file
    is removed, ``target`` is untouched, and the error propagates (an :class:`OSError` as a
    :class:`~rolemodel._cli.UsageError` saying ``cannot write <target>: <why>``).
    """
    refuse_inputs(target, inputs)
    path = Path(target)
    try:
        info = path.stat()  # through a symlink: what it points to
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        # a device or a pipe: nothing to replace, write straight into it
        try:
            stream = path.open("w", encoding="utf-8", newline="")
        except OSError as exc:
            raise _cannot(target, exc) from None
        with stream:
            yield stream
        return
    try:
        own = path.lstat()
    except OSError:
        own = None
    mode = stat.S_IMODE(own.st_mode) if own is not None and stat.S_ISREG(own.st_mode) else 0o666 & ~_umask()
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _cannot(target, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
            os.fchmod(stream.fileno(), mode)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _cannot(target, exc) from None
        raise
    _fsync_directory(directory)


def write_text(
    text: str, target: str | os.PathLike[str], *, inputs: Iterable[str | os.PathLike[str]] = ()
) -> None:
    """``text``, ending in a newline, written atomically to ``target`` (see :func:`atomic_output`)."""
    with atomic_output(target, inputs=inputs) as stream:
        stream.write(text if text.endswith("\n") else text + "\n")
