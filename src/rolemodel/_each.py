"""One report per client: a safe file name for each, never two the same (a face's helper).

:func:`safe_stem` turns a client's name (a cell of a client file: any text) into a file name
that every common file system takes: letters, digits, ``-``, ``_`` and ``.`` only (letters of
any script kept), no leading dot, no path separator, no name Windows reserves (``CON``,
``NUL``, ``COM1`` ...), at most :data:`MAX_STEM` characters. :class:`Names` hands out one
name per row: a row whose name is taken (the same client twice, or two names that fold to the
same file, as ``Acme`` and ``ACME`` do on a case-insensitive disk) gets its line number added.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_STEM", "Names", "safe_stem"]

#: The longest file name stem written (the library's choice, well under every file system's limit).
MAX_STEM = 80

_UNSAFE = re.compile(r"[^\w.-]+")
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def safe_stem(name: str | None, fallback: str) -> str:
    """``name`` as a safe file name stem (``fallback`` when nothing of it is left)."""
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")  # no control characters
    stem = _UNSAFE.sub("-", text).strip("-._")
    stem = re.sub(r"-{2,}", "-", stem)[:MAX_STEM].rstrip("-._")
    if not stem:
        return fallback
    if stem.split(".")[0].casefold() in _RESERVED:
        stem = f"{stem}-client"
    return stem


class Names:
    """File names for the rows of one run, each used once (case folded)."""

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix
        self._taken: set[str] = set()

    def name(self, client: str | None, line: int) -> str:
        """The file name for the row on ``line`` naming ``client`` (``line-<n>`` without one)."""
        stem = safe_stem(client, f"line-{line}")
        candidates = [stem, f"{stem}-line-{line}"]
        candidates += [f"{stem}-line-{line}-{n}" for n in range(2, 10_000)]
        for candidate in candidates:
            key = (candidate + self.suffix).casefold()
            if key not in self._taken:
                self._taken.add(key)
                return candidate + self.suffix
        raise AssertionError("unreachable: a line number is unique")  # pragma: no cover
