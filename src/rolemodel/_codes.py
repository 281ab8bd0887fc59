"""The lint's codes (``RM0xx`` the loader's, ``RM1xx``-``RM4xx`` the lint's own) and the
:class:`Finding` that carries one. ``docs/reference/errors.md`` documents each code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

__all__ = ["CODES", "Finding", "Severity", "finding"]

Severity = Literal["error", "warning"]

CODES: Mapping[str, tuple[Severity, str]] = {
    # the loader's checks
    "RM001": ("error", "the file cannot be read as text"),
    "RM002": ("error", "not valid, or not plain, YAML"),
    "RM003": ("error", "wrong format or unsupported version"),
    "RM004": ("error", "unknown field"),
    "RM005": ("error", "missing field"),
    "RM006": ("error", "wrong type"),
    "RM007": ("error", "invalid value"),
    "RM008": ("error", "unknown name"),
    "RM009": ("error", "duplicate"),
    "RM010": ("error", "quote too long or over several lines"),
    "RM011": ("error", "cycle in the rule graph"),
    "RM012": ("error", "invalid example profile"),
    "RM013": ("error", "bad extends or overrides"),
    "RM014": ("error", "rule without a basis, or with an unknown one (version 2)"),
    "RM015": ("error", "unknown staffing option"),
    "RM016": ("error", "role or staffing option the framework does not list"),
    "RM017": ("error", "concept named like a role or staffing option"),
    # reach
    "RM101": ("warning", "role or staffing option no rule can reach"),
    "RM102": ("warning", "factor that influences nothing"),
    "RM103": ("warning", "concept that influences nothing, or that nothing feeds"),
    # rules
    "RM201": ("error", "rule that can never fire"),
    "RM202": ("warning", "rule that never counts (weight 0)"),
    "RM203": ("warning", "rules on the same condition favour different answers, unsaid"),
    "RM204": ("warning", "rule without a basis (a version-1 file)"),
    # monotonicity
    "RM301": ("warning", "factor with a mixed influence on a role or staffing option"),
    "RM302": ("error", "broken monotonicity guarantee"),
    # faithfulness to the sources
    "RM401": ("error", "quote not verbatim in its source"),
    "RM402": ("error", "quote after the article's end (source_end)"),
    "RM403": ("error", "source file not found"),
    "RM404": ("error", "source_end not found in the source"),
}
"""Every finding code: its severity and what it means."""


@attrs.frozen
class Finding:
    """One thing a lint found, located like a compiler's message: ``path:line:col: CODE message``.

    ``line`` and ``column`` are 1-based, 0 when the finding has no position.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return attrs.asdict(self)


def finding(path: str, line: int, column: int, code: str, message: str) -> Finding:
    """A :class:`Finding` with ``code``'s severity."""
    return Finding(path, line, column, code, message, CODES[code][0])
