"""recommend_table's blocks and result columns: a block of valid rows scored on the column
engine (:mod:`rolemodel._vector`), the result columns of every row filled block by block
(:class:`Scored`), and the text columns made from answer codes, each label converted once.

numpy is passed in (``np``) so that importing this module costs nothing.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from rolemodel._engine import REASONS, ROLES, STAFFING
from rolemodel._model import Framework, Role, Staffing
from rolemodel._profile import MATURE_FULL, MATURE_START, STARTUP_FULL, STARTUP_GONE
from rolemodel._result import RESULT_COLUMNS, VERDICT_PREFIX
from rolemodel._vector import Columns, Combiner, Scratch, both_ways, decide_block, evaluate_block, keyed

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Array = npt.NDArray[np.float64]

__all__ = ["Scored", "array_columns", "frame_columns"]

#: The result columns that hold numbers.
NUMBERS = tuple(c for c in RESULT_COLUMNS if c.startswith(("score_", "confidence", "staffing_confidence")))


def _stage_arrays(np: Any, company: Array, stage: Array | None) -> tuple[Array, Array, Array]:
    """Stage membership per row, exactly as :attr:`Profile.stage_membership` computes it."""
    startup = np.subtract(STARTUP_GONE, company)
    np.divide(startup, STARTUP_GONE - STARTUP_FULL, out=startup)
    np.clip(startup, 0.0, 1.0, out=startup)  # min(1, max(0, t)) to the bit, in one pass
    mature = np.subtract(company, MATURE_START)
    np.divide(mature, MATURE_FULL - MATURE_START, out=mature)
    np.clip(mature, 0.0, 1.0, out=mature)
    growth = np.subtract(1.0, startup)
    growth -= mature
    if stage is not None:
        given = ~np.isnan(stage)
        if given.any():
            crisp = [(stage == float(i)).astype(np.float64) for i in range(3)]
            startup = np.where(given, crisp[0], startup)
            growth = np.where(given, crisp[1], growth)
            mature = np.where(given, crisp[2], mature)
    return startup, growth, mature


def _score_block(
    np: Any,
    chosen: Sequence[Framework],
    weights: Sequence[float],
    inputs: Mapping[str, Array],
    stage: Sequence[Array],
    n: int,
    reasons: bool = False,
    *,
    out: Mapping[str, Any] | None = None,
    complete: frozenset[str] = frozenset(),
    scratch: Scratch | None = None,
    both: frozenset[tuple[str, float, float]] | None = None,
) -> dict[str, Any]:
    """Every result column of a block of valid rows, as ``recommend`` gives them (and the top
    reason of the role, when ``reasons``); ``out`` may hold arrays of ``n`` to write the scores
    and confidences into, ``complete`` the factors given in every row, ``scratch`` lend the
    arrays (the results then last until it is reset), ``both`` the ramps read both ways (see
    :func:`~rolemodel._vector.both_ways`; found when not given). ``<question>_key`` is
    :attr:`Combined.key <rolemodel._vector.Combined.key>`."""
    if both is None:
        both = both_ways([f._plan for f in chosen])
    columns = Columns(np, inputs, stage, n, complete, scratch, both)
    sc = columns.scratch
    questions = (("role", 0, ROLES, "confidence"), ("staffing", 3, STAFFING, "staffing_confidence"))
    combiners = {}
    for name, lo, kinds, confidence in questions:
        dest = None if out is None else [out[f"score_{kind.value}"] for kind in kinds] + [out[confidence]]
        listed = [f._plan.listed[lo : lo + 3] for f in chosen]
        combiners[name] = Combiner(np, n, listed, weights, dest, sc)
    role_evidence: list[Any] = []
    for index, framework in enumerate(chosen):
        plan = framework._plan
        codes = [sc.keep("b"), sc.keep("b")]  # kept for the block; the rest is given back below
        mark = sc.mark()
        evidence, moved = evaluate_block(plan, columns)
        if reasons:
            role_evidence.append(
                [np.broadcast_to(np.asarray(e, dtype=np.float64), (n,)) for e in evidence[:3]]
            )
        for (name, lo, _, _), code in zip(questions, codes, strict=True):
            b = plan.baselines
            positive = b[lo] + b[lo + 1] + b[lo + 2] > 0.0  # evidence never falls below its baseline
            scores, choice = decide_block(
                np, n, evidence[lo : lo + 3], moved[lo // 3], plan.listed[lo : lo + 3], positive, sc, code
            )
            combiners[name].add(index, scores, choice)
        if not reasons:  # (the top reason reads every framework's evidence at the end)
            sc.release(mark)
    got: dict[str, Any] = {}
    for name, _, kinds, confidence in questions:
        combined = combiners[name].finish()
        got[name] = combined.best
        got[confidence] = combined.confidence
        got.update(zip((f"score_{kind.value}" for kind in kinds), combined.scores, strict=True))
        got[f"{name}_choices"] = combiners[name].choices
        got[f"{name}_key"] = combined.key
    if reasons:
        from rolemodel._reasons import top_reason_column

        got["top_reason"] = top_reason_column(
            np, chosen, weights, columns, got["role"], got["role_choices"], role_evidence
        )
    return got


class Scored:
    """Every row's results, as numbers and codes, filled block by block (a bad row's at once):
    the scores and confidences, the answers' and each framework's verdicts' ``int8`` codes, the
    dissent keys (see :attr:`Combined.key <rolemodel._vector.Combined.key>`) and the top
    reasons. The places of the text columns' labels (:class:`_Labelled`) are written by the
    blocks too, while their codes are in the cache: a bad row's is its own label's."""

    def __init__(self, np: Any, chosen: Sequence[Framework], bad: Any, top_reason: bool) -> None:
        self.np, self.bad, self.every = np, bad, not bad.any()
        self.ids = [f.id for f in chosen]
        self.voters = {
            q: tuple(f.id for f in chosen if any(f._plan.listed[lo : lo + 3]))
            for q, lo in (("role", 0), ("staffing", 3))
        }
        self.numbers = {c: self._empty(np.nan, np.float64) for c in NUMBERS}
        self.codes = {name: self._empty(_ERROR, np.int8) for name in ("role", "staffing")}
        self.verdicts = {q: {fid: self._empty(_ERROR, np.int8) for fid in self.ids} for q in self.codes}
        self.places = {q: self._empty(_ERROR % 256, np.intp) for q in self.codes}  # see _code_index
        self.keys = {  # a bad row's: the last of _dissent_names
            q: self._empty(1 << 2 * len(v), np.intp) for q, v in self.voters.items() if keyed(len(v))
        }
        shared = 1 < len(self.ids) <= _SHARED_VERDICTS  # a bad row's: no verdict (3) from each
        self.shared = self._empty((1 << 2 * len(self.ids)) - 1, np.intp) if shared else None
        self.reasons = self._empty(None, object) if top_reason else None

    def _empty(self, fill: Any, dtype: Any) -> Any:
        """A column: every good row is written by a block, so only bad rows are filled."""
        column = self.np.empty(self.bad.shape[0], dtype=dtype)
        if not self.every:
            column[self.bad] = fill
        return column

    def views(self, index: slice) -> dict[str, Any]:
        """The number columns' rows of a block, for :func:`_score_block` to write into."""
        return {c: column[index] for c, column in self.numbers.items()}

    def write(self, index: Any, got: Mapping[str, Any], written: bool) -> None:
        """A block's results (``written``: its numbers are in place already)."""
        if self.reasons is not None:
            self.reasons[index] = got["top_reason"]
        if not written:
            for c, column in self.numbers.items():
                column[index] = got[c]
        np = self.np
        for question, codes in self.codes.items():
            codes[index] = got[question]
            self.places[question][index] = got[question].view(np.uint8)
            for fid, choice in zip(self.ids, got[f"{question}_choices"], strict=True):
                self.verdicts[question][fid][index] = choice
            if question in self.keys:
                self.keys[question][index] = got[f"{question}_key"]
        if self.shared is not None:
            self.shared[index] = _verdict_key(np, got["role_choices"])

    def results(self, errors: Any) -> dict[str, Any]:
        """The result columns in :data:`RESULT_COLUMNS`'s order (text as :class:`_Labelled`
        where it can be)."""
        np, codes, numbers = self.np, self.codes, self.numbers
        role, staffing = self.places["role"], self.places["staffing"]
        out: dict[str, Any] = {
            "role": _Labelled(_answer_table(np, _names(np, ROLES)), role),
            "confidence": numbers["confidence"],
            "staffing": _Labelled(_answer_table(np, _names(np, STAFFING)), staffing),
            "staffing_confidence": numbers["staffing_confidence"],
        }
        for kind in (*ROLES, *STAFFING):
            out[f"score_{kind.value}"] = numbers[f"score_{kind.value}"]
        for name, question in (("dissent", "role"), ("staffing_dissent", "staffing")):
            if question in self.keys:  # the dissenters of each key, named once (None: a bad row)
                names = _dissent_names(np, self.voters[question])
                out[name] = _Labelled(names, self.keys[question])
            else:
                out[name] = _dissent(np, self.ids, self.verdicts[question], codes[question], ~self.bad)
        out["reason"] = _Labelled(_reason_texts(np), role)  # one index shared: one take for both
        out["staffing_reason"] = _Labelled(_reason_texts(np), staffing)
        if self.reasons is not None:
            out["top_reason"] = self.reasons
        out.update(_verdicts(np, self.ids, self.verdicts["role"], self.shared))
        out["error"] = errors
        return out


def array_columns(results: Mapping[str, Any]) -> dict[str, Any]:
    """:meth:`Scored.results` as numpy arrays (text as Python objects). The text columns that
    share an index are taken at once, as rows of their labels side by side: a take of object
    rows costs little more than one of single objects (each column is then a view)."""
    import numpy as np

    groups: dict[int, list[str]] = {}
    for name, c in results.items():
        if isinstance(c, _Labelled):
            groups.setdefault(id(c.index), []).append(name)
    out = dict(results)
    for names in groups.values():
        first = results[names[0]]
        if len(names) == 1:
            out[names[0]] = first.labels.take(first.index)
            continue
        rows = np.stack([results[name].labels for name in names], axis=1).take(first.index, axis=0)
        out.update((name, rows[:, j]) for j, name in enumerate(names))
    return out


def frame_columns(np: Any, results: Mapping[str, Any], index: Any, every: bool) -> dict[str, Any]:
    """:meth:`Scored.results` as pandas Series on ``index``: text in pandas' own text dtype
    (``str`` from pandas 3), so that an empty frame's columns (Dask's ``meta``) are typed as a
    full one's, each label converted once."""
    pd = importlib.import_module("pandas")
    text = pd.Series(["x"]).dtype
    text = "string" if text == np.dtype(object) else text
    out = dict(results)
    if every:  # no error text: one None, converted once
        out["error"] = _Labelled(np.array([None]), np.zeros(len(index), dtype=np.intp))
    for name, column in out.items():
        if isinstance(column, _Labelled):
            column = pd.array(column.labels.tolist(), dtype=text).take(column.index)
        elif column.dtype != object:
            continue
        out[name] = pd.Series(column, index=index, dtype=text)
    return out


@attrs.frozen
class _Labelled:
    """A text column as a table of labels and each row's place in it (``intp``): the column
    made once per kind of table (a numpy ``take``, or pandas' own text array's)."""

    labels: Any
    index: Any


def _code_index(np: Any, codes: Any) -> Any:
    """Each ``int8`` code's place in a table of 256 (a negative code at ``256 + code``)."""
    return codes.view(np.uint8).astype(np.intp)


def _answer_table(np: Any, names: Any) -> Any:
    """Answer names by code (a table of 256: see :func:`_code_index`); ``None`` for no answer."""
    table = np.full(256, None, dtype=object)
    table[: len(names) - 1] = names[:-1]
    return table


def _labelled(np: Any, names: Any, codes: Any) -> _Labelled:
    """Answer names per row (``int8`` codes); ``None`` where there is no answer (or the row is bad)."""
    return _Labelled(_answer_table(np, names), _code_index(np, codes))


#: The most frameworks whose verdict columns share one index (4 ** count combinations).
_SHARED_VERDICTS = 6


def _verdict_key(np: Any, choices: Sequence[Any]) -> Any:
    """Each row's combination of the frameworks' verdicts (``int8`` codes), 2 bits a framework:
    the answer, or 3 for none (``uint16``)."""
    n = choices[0].shape[0]
    key = np.empty(n, dtype=np.uint16)
    state = np.empty(n, dtype=np.uint8)
    shifted = np.empty(n, dtype=np.uint16)
    for f, choice in enumerate(choices):  # a negative code is 128 or more as uint8: 3, none
        np.minimum(choice.view(np.uint8), 3, out=state)
        if f:
            np.copyto(shifted, state)  # widened first: shifted as uint8, bits would be lost
            np.left_shift(shifted, 2 * f, out=shifted)
            np.bitwise_or(key, shifted, out=key)
        else:
            np.copyto(key, state)
    return key


def _verdicts(np: Any, ids: Sequence[str], verdicts: Mapping[str, Any], shared: Any) -> dict[str, _Labelled]:
    """The ``verdict_<id>`` columns: a role's name per row (``int8`` codes), ``None`` where the
    framework abstains (or the row is bad). For a few frameworks the columns share one index,
    ``shared``: each row's combination of verdicts (:func:`_verdict_key`); ``None`` otherwise."""
    names = _names(np, ROLES)
    if shared is None:
        return {VERDICT_PREFIX + fid: _labelled(np, names, verdicts[fid]) for fid in ids}
    combos = np.arange(1 << 2 * len(ids))
    return {
        VERDICT_PREFIX + fid: _Labelled(names.take(combos >> 2 * f & 3), shared) for f, fid in enumerate(ids)
    }


#: The code of a row that was not scored (a bad row): every result is empty.
_ERROR = -99


def _names(np: Any, kinds: Sequence[Role] | Sequence[Staffing]) -> Any:
    return np.array([*(k.value for k in kinds), None], dtype=object)


def _pick(np: Any, names: Any, codes: Any) -> Any:
    """Answer names per row; ``None`` where there is no answer (or the row is bad)."""
    if codes.dtype == np.int8:
        got = _labelled(np, names, codes)
        return got.labels.take(got.index)
    return names[np.where(codes >= 0, codes, len(names) - 1)]


def _reason_texts(np: Any) -> Any:
    """The reason for a missing answer by code (a table of 256: see :func:`_code_index`)."""
    texts = np.full(256, "", dtype=object)
    for code, text in REASONS.items():
        texts[code % 256] = text
    texts[_ERROR % 256] = None
    return texts


def _reasons(np: Any, codes: Any) -> Any:
    """The reason for a missing answer per row ("" where there is one, None for a bad row)."""
    if codes.dtype == np.int8:
        return _reason_texts(np).take(_code_index(np, codes))
    return _reason_texts(np)[codes % 256]


@functools.lru_cache(maxsize=16)
def _dissent_names(np: Any, voters: tuple[str, ...]) -> Any:
    """The ``dissent`` text of each key of a question (see
    :attr:`Combined.key <rolemodel._vector.Combined.key>`): the voters that speak and do not
    agree with the answer, ``;``-joined in order; and last, ``None`` (a bad row's)."""
    count = len(voters)
    out = np.full((1 << 2 * count) + 1, "", dtype=object)
    out[-1] = None  # a bad row's
    for speak in range(1 << count):
        agreeing = speak
        while True:  # every subset of the speaking voters
            out[speak | agreeing << count] = ";".join(
                fid for f, fid in enumerate(voters) if (speak & ~agreeing) >> f & 1
            )
            if not agreeing:
                break
            agreeing = (agreeing - 1) & speak
    return out


def _dissent(np: Any, ids: Sequence[str], verdicts: Mapping[str, Any], answer: Any, ok: Any) -> Any:
    """The ``;``-joined ids of the frameworks whose verdict differs from the answer (none where
    there is no answer), per row:
    a bit per framework, and one string built per combination that occurs."""
    differs = [(verdicts[fid] >= 0) & (verdicts[fid] != answer) & (answer >= 0) for fid in ids]
    if len(ids) > 62:  # more frameworks than bits: join row by row
        out = np.array(
            [";".join(f for f, d in zip(ids, row, strict=True) if d) for row in zip(*differs, strict=True)],
            dtype=object,
        )
    else:
        mask = np.zeros(answer.shape[0], dtype=np.int64)
        for bit, d in enumerate(differs):
            mask |= d.astype(np.int64) << bit
        if len(ids) <= 16:  # count the combinations: linear, no sort
            seen = np.flatnonzero(np.bincount(mask, minlength=1))
            where = np.zeros(1 << len(ids), dtype=np.intp)
            where[seen] = np.arange(seen.size)
            where = where[mask]
        else:
            seen, where = np.unique(mask, return_inverse=True)
        names = [";".join(fid for bit, fid in enumerate(ids) if int(m) >> bit & 1) for m in seen]
        out = np.array(names, dtype=object)[where.reshape(-1)]
    out[~ok] = None
    return out
