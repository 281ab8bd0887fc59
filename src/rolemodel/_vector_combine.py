"""The column engine's combination (:mod:`rolemodel._vector`): one question's verdicts of
every framework, per row, combined as :func:`rolemodel._engine.combine` does it, with the same
floating-point operations in the same order.

A :class:`Combiner` takes the frameworks one at a time (so that a block needs no framework's
scores once it has been added). With at most :data:`KEYED` voters (frameworks that list an
answer to the question), each row's speaking voters and the ones agreeing with the answer are
two bit sets, and the speaking weight, each answer's total weight and the consensus are read
from tables made once per set of weights with the scalar engine's very sums (``key`` hands
the bit sets on: a table of results makes its dissent column from them); with more, they are
sums over the columns. "Only where the framework speaks" is a multiplication by 0 or 1, not a
masked copy: evidence is never negative, so adding ``0 * score`` changes no sum.

numpy is passed in (``np``) so that importing this module costs nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

from rolemodel._engine import COMBINED_TIE, NO_SPEAKERS, TIE_MARGIN
from rolemodel._vector_ops import Scratch, set_where, top_two

__all__ = ["KEYED", "Combined", "Combiner", "combine_block", "combine_columns", "keyed"]

#: The most voters (frameworks that list an answer to the question) combined by bit sets and
#: tables; more are combined by sums over the columns.
KEYED = 8


def keyed(voters: int) -> bool:
    """Whether a question with this many voters is combined by bit sets (see :data:`KEYED`)."""
    return voters <= KEYED


class Combined(NamedTuple):
    """One question combined per row: the scores (NaN where no framework speaks), the answer's
    index or negative code (``int8``), the confidence, and ``key``: each row's speaking voters
    (bit ``v`` for the ``v``-th framework that lists an answer) and, shifted left by their
    count, the voters whose verdict is the answer; 0 where there is no answer. ``key`` is
    ``None`` beyond :data:`KEYED` voters."""

    scores: list[Any]
    best: Any
    confidence: Any
    key: Any


@functools.lru_cache(maxsize=64)
def _tables(np: Any, listed: tuple[Sequence[bool], ...], weights: tuple[float, ...]) -> tuple[list[Any], Any]:
    """For voters that list ``listed`` with ``weights``: per answer, the total weight of each
    set of speaking voters (1 where it is 0: the answer's sum is 0 there too), and per key (see
    :class:`Combined`) the consensus. The scalar engine's very sums, in the voters' order."""
    count = len(weights)
    totals = [[0.0] * (1 << count) for _ in range(3)]
    consensus = [0.0] * (1 << 2 * count)
    for speak in range(1 << count):
        speaking, total = 0.0, [0.0, 0.0, 0.0]
        for f in range(count):
            if speak >> f & 1 and weights[f] > 0.0:
                speaking += weights[f]
                for i in range(3):
                    if listed[f][i]:
                        total[i] += weights[f]
        for i in range(3):
            totals[i][speak] = total[i] if total[i] > 0.0 else 1.0
        agreeing = speak
        while speaking > 0.0:  # every subset of the speaking voters
            agree = 0.0
            for f in range(count):
                if agreeing >> f & 1 and weights[f] > 0.0:
                    agree += weights[f]
            consensus[speak | agreeing << count] = max(0.0, (2.0 * agree - speaking) / speaking)
            if not agreeing:
                break
            agreeing = (agreeing - 1) & speak
    unique: dict[tuple[float, ...], Any] = {}
    arrays = [unique.setdefault(tuple(t), np.array(t)) for t in totals]
    return arrays, np.array(consensus)


class Combiner:
    """One question, combined as ``combine`` does it, from the frameworks' verdicts given one
    framework at a time in order (:meth:`add`: each framework's scores are used then, and need
    not outlive the call), then :meth:`finish`. ``out`` holds four arrays of ``n`` for the three
    scores and the confidence (fresh ones when not given)."""

    def __init__(
        self,
        np: Any,
        n: int,
        listed: Sequence[Sequence[bool]],
        weights: Sequence[float],
        out: Sequence[Any] | None = None,
        scratch: Scratch | None = None,
    ) -> None:
        sc = self.sc = scratch if scratch is not None else Scratch(np, n)
        self.np, self.n, self.listed, self.weights = np, n, listed, weights
        self.voters = [f for f, k in enumerate(listed) if any(k)]
        taking = [f for f in self.voters if weights[f] > 0.0]  # the others never count
        self.taking = taking
        self.options = [i for i in range(3) if any(listed[f][i] for f in taking)]
        self.every = [all(listed[f][i] for f in taking) for i in range(3)]
        self.keyed = keyed(len(self.voters))
        self.combined = list(out[:3]) if out is not None else [sc.keep(), sc.keep(), sc.keep()]
        self.confidence = out[3] if out is not None else sc.keep()
        self.choices: list[Any] = [None] * len(listed)
        self.raw: dict[int, Any] = {}
        self.speak = sc.keep("B") if self.keyed else None  # bit v: the v-th voter speaks
        self.speaking: Any = None  # beyond KEYED voters: the weight speaking, and per answer
        self.totals: dict[int, Any] = {}

    def add(self, f: int, scores: Sequence[Any], choice: Any) -> None:
        """The ``f``-th framework's scores and answer codes (``choice`` must outlive
        :meth:`finish`)."""
        np, sc = self.np, self.sc
        self.choices[f] = choice
        if f not in self.voters:
            return
        mark = sc.mark()
        mask = np.greater_equal(choice, 0, out=sc("?"))
        v = self.voters.index(f)
        if self.speak is not None:
            if v:
                np.bitwise_or(self.speak, np.left_shift(mask.view(np.uint8), v, out=sc("B")), out=self.speak)
            else:
                np.copyto(self.speak, mask)
        w = self.weights[f]
        if w > 0.0:
            speaks = sc()  # w where the framework speaks, else 0
            np.copyto(speaks, mask)
            if w != 1.0:
                speaks *= w
            if not self.keyed:
                self.speaking = _plus_kept(np, sc, self.speaking, speaks)
                for i in self.options:
                    if self.listed[f][i] and not self.every[i]:
                        self.totals[i] = _plus_kept(np, sc, self.totals.get(i), speaks)
            for i in self.options:
                if not self.listed[f][i]:
                    continue
                if i in self.raw:  # raw += w * score where the framework speaks (adding 0 elsewhere)
                    np.add(self.raw[i], np.multiply(speaks, scores[i], out=sc()), out=self.raw[i])
                else:
                    self.raw[i] = np.multiply(speaks, scores[i], out=self.combined[i])
        sc.release(mark)

    def finish(self) -> Combined:
        """The question combined (every framework added)."""
        np, sc, n, raw, options = self.np, self.sc, self.n, self.raw, self.options
        combined, confidence = self.combined, self.confidence
        voters = self.voters
        if not self.taking:
            for c in combined:
                c.fill(np.nan)
            confidence.fill(0.0)
            best = sc("b")
            best.fill(NO_SPEAKERS)
            key = np.zeros(n, dtype=np.uint16) if self.keyed else None
            return Combined(combined, best, confidence, key)
        with np.errstate(all="ignore"):
            if self.keyed:
                speak = self.speak
                index = sc("p")
                np.copyto(index, speak)
                tables, consensus_table = _tables(
                    np, tuple(tuple(self.listed[f]) for f in voters), tuple(self.weights[f] for f in voters)
                )
                taken: dict[int, Any] = {}
                for i in options:  # raw / total, 0 where the total is (raw is 0 there too)
                    if id(tables[i]) not in taken:
                        taken[id(tables[i])] = tables[i].take(index, out=sc(), mode="clip")
                    np.divide(raw[i], taken[id(tables[i])], out=raw[i])
                takers = sum(1 << v for v, f in enumerate(voters) if self.weights[f] > 0.0)
                if takers != (1 << len(voters)) - 1:
                    speak = np.bitwise_and(speak, takers, out=sc("B"))
                none = np.equal(speak, 0, out=sc("?"))
            else:
                for i in options:
                    total = self.speaking if self.every[i] else self.totals[i]
                    np.divide(raw[i], total, out=raw[i], where=True if self.every[i] else total > 0)
                none = np.less_equal(self.speaking, 0.0)
            norm = raw[options[0]]
            if len(options) > 1:
                norm = np.add(norm, raw[options[1]], out=sc())
                for i in options[2:]:
                    norm += raw[i]
            for i in range(3):
                if i in raw:
                    np.divide(raw[i], norm, out=raw[i])
                else:
                    combined[i].fill(0.0)
            best, lead, top = top_two(np, sc, combined, options, top=True)
            set_where(np, sc, best, np.less(lead, TIE_MARGIN, out=sc("?")), COMBINED_TIE)
            set_where(np, sc, best, none, NO_SPEAKERS)
            agreeing = [np.equal(self.choices[f], best, out=sc("?")) for f in voters]
            if self.keyed:
                speak = self.speak
                np.multiply(speak, np.greater_equal(best, 0, out=sc("?")).view(np.uint8), out=speak)
                key = sc("H")
                np.copyto(key, agreeing[0])
                for v, agrees in enumerate(agreeing[1:], 1):
                    np.bitwise_or(key, np.left_shift(agrees.view(np.uint8), v, out=sc("B")), out=key)
                np.left_shift(key, len(voters), out=key)
                np.bitwise_or(key, speak, out=key)
                np.copyto(index, key)
                consensus = consensus_table.take(index, out=sc(), mode="clip")
            else:
                key = None
                agree = _sum(
                    np,
                    [
                        a * self.weights[f]
                        for a, f in zip(agreeing, voters, strict=True)
                        if self.weights[f] > 0.0
                    ],
                )
                agree *= 2.0
                agree -= self.speaking
                agree /= self.speaking
                consensus = np.maximum(agree, 0.0, out=agree)
                consensus[best < 0] = 0.0
            np.divide(lead, top, out=confidence)
            confidence *= consensus
            np.minimum(confidence, 1.0, out=confidence)
            np.maximum(confidence, 0.0, out=confidence)
        if none.any():
            confidence[none] = 0.0
            for c in combined:
                c[none] = np.nan
        return Combined(combined, best, confidence, key)


def _plus_kept(np: Any, sc: Scratch, total: Any, part: Any) -> Any:
    """``total + part`` into an array kept for the block (a copy of ``part`` when ``total`` is
    ``None``)."""
    if total is None:
        total = sc.keep()
        np.copyto(total, part)
        return total
    return np.add(total, part, out=total)


def _sum(np: Any, parts: Sequence[Any]) -> Any:
    """``parts`` added left to right, into a fresh array."""
    total = np.array(parts[0], dtype=np.float64)
    for p in parts[1:]:
        total += p
    return total


def combine_block(
    np: Any,
    n: int,
    verdict_scores: Sequence[Sequence[Any]],
    choices: Sequence[Any],
    listed: Sequence[Sequence[bool]],
    weights: Sequence[float],
    out: Sequence[Any] | None = None,
    scratch: Scratch | None = None,
) -> Combined:
    """One question combined per row, as ``combine`` gives it (see :class:`Combiner`)."""
    combiner = Combiner(np, n, listed, weights, out, scratch)
    for f, (scores, choice) in enumerate(zip(verdict_scores, choices, strict=True)):
        combiner.add(f, scores, choice)
    return combiner.finish()


def combine_columns(
    np: Any,
    verdict_scores: Sequence[Sequence[Any]],
    choices: Sequence[Any],
    listed: Sequence[Sequence[bool]],
    weights: Sequence[float],
) -> tuple[list[Any], Any, Any]:
    """One question combined per row: the scores (NaN where no framework speaks), the
    answer's index or negative code, and the confidence, as ``combine`` gives them."""
    got = combine_block(np, choices[0].shape[0], verdict_scores, choices, listed, weights)
    return got.scores, got.best, got.confidence
