"""The framework format's field lists and limits, by version: what the loader reads and the
JSON Schema describes, written once."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "ITEM_FIELDS",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_EVENTS",
    "MAX_QUOTE",
    "V1_EXTENDING_REQUIRED",
    "V1_FIELDS",
    "V1_REQUIRED",
    "V2_FIELDS",
]

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 24
MAX_EVENTS = 400_000  # room for at least 10,000 rules with ramps (about 27 events each)
MAX_QUOTE = 300

#: The top-level fields a version-1 framework must have (one that extends another: fewer).
V1_REQUIRED = (
    "format",
    "version",
    "id",
    "title",
    "author",
    "source",
    "summary",
    "roles",
    "factors",
    "rules",
)
#: The top-level fields a version-1 framework may have.
V1_FIELDS = (
    "id",
    "title",
    "author",
    "source",
    "source_end",
    "summary",
    "roles",
    "factors",
    "concepts",
    "rules",
    "items",
    "examples",
    "extends",
    "overrides",
)
V1_EXTENDING_REQUIRED = ("format", "version", "id", "extends")
#: Version 2 adds staffing options (and rules into them) and makes every rule state its basis.
V2_FIELDS = (*V1_FIELDS, "staffing")

#: Each item kind: (its required fields, its optional fields) besides ``kind``.
ITEM_FIELDS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "difference": (("dimension", "management", "leadership", "citation"), ("name", "says")),
    "similarity": (("name", "says", "citation"), ("dimension",)),
    **{
        k: (("role", "says", "citation"), ("name", "dimension"))
        for k in ("pro", "con", "situation", "question")
    },
    **{
        k: (("says", "citation"), ("role", "name", "dimension"))
        for k in ("definition", "practice", "stage", "caveat")
    },
}
