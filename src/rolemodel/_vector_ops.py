"""numpy primitives of the column engine (:mod:`rolemodel._vector`): the arrays a block of
rows lends out (:class:`Scratch`), a question's top two answers (:func:`top_two`), and answer
codes set by ``int8`` arithmetic (:func:`set_where`).

numpy is passed in (``np``) so that importing this module costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["Scratch", "is_scalar", "is_zero", "set_where", "top_two"]


def is_scalar(x: Any) -> bool:
    """Whether ``x`` is a number rather than an array (numpy's float64 is a float)."""
    return isinstance(x, int | float)


def is_zero(x: Any) -> bool:
    """Whether ``x`` is the scalar 0 (adding it, or taking the maximum with it, changes no
    value at least 0)."""
    return isinstance(x, int | float) and x == 0.0


class Scratch:
    """Arrays of a block's ``n`` rows, lent out and taken back: the blocks of a table scored on
    one thread reuse the same memory, and a temporary given back is the next one lent, still in
    the CPU's cache (fresh arrays would cost page faults, and many live ones the cache).
    ``Scratch(np, n)`` used for one block lends fresh arrays."""

    def __init__(self, np: Any, n: int) -> None:
        self.np, self.n, self.size = np, n, n
        self._free: dict[str, list[Any]] = {}
        self._lent: list[tuple[str, Any]] = []  # temporaries, in the order lent
        self._kept: list[tuple[str, Any]] = []

    def _take(self, dtype: str, into: list[tuple[str, Any]]) -> Any:
        free = self._free.get(dtype)
        array = free.pop() if free else self.np.empty(self.size, dtype=dtype)
        into.append((dtype, array))
        return array if self.n == self.size else array[: self.n]

    def __call__(self, dtype: str = "d") -> Any:
        """A temporary array of ``n`` (``dtype`` a numpy type code), its contents undefined."""
        return self._take(dtype, self._lent)

    def keep(self, dtype: str = "d") -> Any:
        """An array of ``n`` for the whole block (never taken back by :meth:`release`)."""
        return self._take(dtype, self._kept)

    def mark(self) -> int:
        """Where :meth:`release` takes the temporaries back from."""
        return len(self._lent)

    def _give_back(self, arrays: list[tuple[str, Any]]) -> None:
        for dtype, array in arrays:
            self._free.setdefault(dtype, []).append(array)
        arrays.clear()

    def release(self, mark: int) -> None:
        """Take back the temporaries lent since ``mark`` (none may be used after this)."""
        self._give_back(self._lent[mark:])
        del self._lent[mark:]

    def reset(self, n: int) -> None:
        """Take every array back, for a block of ``n`` rows."""
        self._give_back(self._lent)
        self._give_back(self._kept)
        if n > self.size:  # longer blocks from now: longer arrays
            self._free.clear()
            self.size = n
        self.n = n


def set_where(np: Any, sc: Scratch, codes: Any, mask: Any, code: int) -> None:
    """``codes[mask] = code`` as ``int8`` arithmetic (no masked assignment), when any is set."""
    if mask.any():
        step = np.subtract(code, codes, out=sc("b"))
        np.multiply(step, mask.view(np.int8), out=step)
        np.add(codes, step, out=codes)


def top_two(
    np: Any, sc: Scratch, scores: Sequence[Any], known: Sequence[int], top: bool
) -> tuple[Any, Any, Any]:
    """Per row, the index (``int8``, an array of ours) of the highest of the ``known`` scores
    (ties to the earlier), its lead on the next, and (if ``top``) the highest itself: the scalar
    engine's ``_top_two`` to the bit (the lead is the highest less the middle one)."""
    s = [scores[i] for i in known]
    if len(known) == 1:
        best = sc("b")
        best.fill(known[0])
        return best, s[0], s[0]
    if len(known) == 2:
        a, b = known
        best = np.greater(s[1], s[0], out=sc("?")).view(np.int8)
        if (a, b) != (0, 1):
            best *= b - a
            best += a
        lead = np.subtract(s[0], s[1], out=sc())
        np.abs(lead, out=lead)  # max - min, exactly
        return best, lead, np.maximum(s[0], s[1], out=sc()) if top else None
    best = np.greater(s[1], s[0], out=sc("?")).view(np.int8)
    high = np.maximum(s[0], s[1], out=sc())
    above = np.greater(s[2], high, out=sc("?")).view(np.int8)
    np.add(above, above, out=above)
    np.maximum(best, above, out=best)  # 2 where the third is above both
    second = np.minimum(high, s[2], out=sc())
    np.maximum(second, np.minimum(s[0], s[1], out=sc()), out=second)  # the middle one of three
    np.maximum(high, s[2], out=high)
    lead = np.subtract(high, second, out=second)
    return best, lead, high
