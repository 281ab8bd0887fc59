"""Words for a reader in place of the library's names: factors, concepts, values, reads.

A client report says "market change: high (0.80)", never ``market_change = 0.80``; "need for
structure: high (0.93)", never the concept's id. These helpers turn the names and values the
engine records into those words; they compute nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rolemodel._profile import FACTORS

if TYPE_CHECKING:
    from rolemodel._explain import Input

__all__ = ["factor_label", "level_word", "name_words", "plain", "read_text", "reads_text", "value_text"]


def name_words(name: str) -> str:
    """A library name in words: ``need_for_structure`` -> ``need for structure``."""
    return " ".join(name.replace("_", " ").replace("-", " ").split())


def factor_label(name: str) -> str:
    """A factor as a reader writes it: ``Market change`` for ``market_change``."""
    words = name_words(name)
    return words[:1].upper() + words[1:]


def level_word(value: float) -> str:
    """A degree in [0, 1] in a word: low below 1/3, medium below 2/3, high from there (the
    catalogue's levels, 0.2, 0.5 and 0.8, read back as themselves)."""
    if value < 1 / 3:
        return "low"
    return "medium" if value < 2 / 3 else "high"


def value_text(name: str, value: object, *, concept: bool = False) -> str:
    """A value a rule read, in words: ``high (0.80)`` for a graded factor or a concept, the
    number for a count, the stage as it is."""
    if value is None:
        return "not given"
    graded = concept or (name in FACTORS and FACTORS[name].kind == "graded")
    if isinstance(value, float) and graded:
        return f"{level_word(value)} ({value:.2f})"
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value).replace("(assumed: derived from company_size)", "(assumed from the company size)")
    return plain(text)


_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def plain(text: str) -> str:
    """Text the engine wrote (a reason for abstaining, a factor's meaning, a value read) with
    any library name in it (``company_size``) in words (``company size``)."""
    return _SNAKE.sub(lambda m: name_words(m.group(0)), text)


def read_text(name: str, value: object, kind: str = "factor") -> str:
    """One read: ``market change: high (0.80)``."""
    return f"{name_words(name)}: {value_text(name, value, concept=kind == 'concept')}"


def reads_text(reads: Iterable[Input]) -> str:
    """What a rule read, in words; a standing claim reads nothing of the company."""
    shown = [read_text(i.name, i.value, i.kind) for i in reads]
    return "; ".join(shown) if shown else "a standing claim, whatever the company"
