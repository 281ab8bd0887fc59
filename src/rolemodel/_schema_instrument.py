"""The JSON Schema of the manager-style instrument's format (``rolemodel/instrument``), built
from the same tables :class:`~rolemodel._instrument_reader.InstrumentReader` reads.

:mod:`rolemodel._schema` re-exports :func:`instrument_schema` beside the framework format's
schema, and its command line writes the shipped file:
``python -m rolemodel._schema instrument 1 > src/rolemodel/schema/instrument-1.schema.json``.
"""

from __future__ import annotations

from typing import Any

from rolemodel._instrument import SUPPORTED_VERSIONS as INSTRUMENT_VERSIONS
from rolemodel._model import BASES, Role

__all__ = ["INSTRUMENT_LATEST", "instrument_schema"]

#: The newest instrument format version: the default of :func:`instrument_schema`.
INSTRUMENT_LATEST = max(INSTRUMENT_VERSIONS)


def instrument_schema(version: int = INSTRUMENT_LATEST) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of instrument format ``version`` (1): the shape
    :class:`rolemodel._instrument_reader.InstrumentReader` accepts.

    It also checks what JSON Schema can say of the parts together: an item's poles are two
    whole points with no ``choices`` (a likert item) or two option names with ``choices`` (a
    forced choice), a likert scale has one label per point, and every seat has a need. What
    refers by id (an item's dimension and scale, its poles against its scale), unique ids,
    ``low <= high`` and two different poles are the loader's alone.
    """
    from rolemodel._format import MAX_QUOTE
    from rolemodel._instrument import INSTRUMENT_FORMAT, POLES, SEATS
    from rolemodel._instrument_reader import _KINDS, _MAX_POINTS, _PRESCRIPTION_KINDS, _SECTIONS
    from rolemodel._schema import _ID_PATTERN, schema_id  # here: _schema imports this module

    if version not in INSTRUMENT_VERSIONS:
        raise ValueError(f"version: expected one of {INSTRUMENT_VERSIONS}, found {version!r}")
    roles = [r.value for r in Role]
    text = {"type": "string", "pattern": "\\S"}
    parts = "text id unit basis seat citation scale dimension likert_poles choice_poles item need"
    ref = {name: {"$ref": f"#/$defs/{name}"} for name in (*parts.split(), "prescription", "readiness")}

    def described(schema: dict[str, Any], description: str) -> dict[str, Any]:
        return {**schema, "description": description}

    def record(required: list[str], properties: dict[str, Any], **more: Any) -> dict[str, Any]:
        return {
            "type": "object",
            "required": required,
            "additionalProperties": False,
            "properties": properties,
            **more,
        }

    # One label per point, or none: a case per number of points (2 to _MAX_POINTS).
    labels_per_point = [
        {
            "if": {"properties": {"points": {"const": n}}, "required": ["points"]},
            "then": {"properties": {"labels": {"anyOf": [{"maxItems": 0}, {"minItems": n, "maxItems": n}]}}},
        }
        for n in range(2, _MAX_POINTS + 1)
    ]
    likert, forced = _KINDS
    scale = record(
        ["kind"],
        {
            "kind": described({"enum": list(_KINDS)}, "likert: points 1 to n; forced_choice: two statements"),
            "points": {
                "description": f"likert: how many points (2 to {_MAX_POINTS}); the answers are 1 to points"
            },
            "labels": {"description": "likert: one label per point, lowest first (optional)"},
            "options": {"description": "forced_choice: the two options' names, e.g. [a, b]"},
        },
        allOf=[
            {
                "if": {"properties": {"kind": {"const": likert}}, "required": ["kind"]},
                "then": {
                    "required": ["points"],
                    "not": {"required": ["options"]},
                    "properties": {
                        "points": {"type": "integer", "minimum": 2, "maximum": _MAX_POINTS},
                        "labels": {"type": "array", "items": ref["text"]},
                    },
                    "allOf": labels_per_point,
                },
            },
            {
                "if": {"properties": {"kind": {"const": forced}}, "required": ["kind"]},
                "then": {
                    "required": ["options"],
                    "not": {"anyOf": [{"required": ["points"]}, {"required": ["labels"]}]},
                    "properties": {
                        "options": {
                            "type": "array",
                            "minItems": 2,
                            "maxItems": 2,
                            "uniqueItems": True,
                            "items": ref["text"],
                        }
                    },
                },
            },
        ],
    )
    pole_point = {"type": "integer", "minimum": 1, "maximum": _MAX_POINTS}
    pole_option = {"type": "string", "pattern": "\\S"}
    item_properties = {
        "id": ref["id"],
        "dimension": described(ref["id"], "the id of one of the dimensions"),
        "scale": described(ref["id"], "the id of one of the scales"),
        "text": described(text, "the item as the person reads it (the library's words)"),
        "management": {
            "description": "the answer that marks the management pole: a point of a likert"
            " scale, or an option of a forced choice"
        },
        "leadership": {"description": "the answer that marks the leadership pole (not the management one)"},
        "choices": {"description": "forced choice only: each option's statement"},
        "coaching": {"type": "boolean", "description": "the item also reads how much the person coaches"},
        "citation": ref["citation"],
    }
    # Each seat has a need for any role (no 'role'), or one for each role.
    every_seat = [
        {
            "anyOf": [
                {
                    "contains": {
                        "properties": {"seat": {"const": seat}},
                        "required": ["seat"],
                        "not": {"required": ["role"]},
                    }
                },
                {
                    "allOf": [
                        {
                            "contains": {
                                "properties": {"seat": {"const": seat}, "role": {"const": role}},
                                "required": ["seat", "role"],
                            }
                        }
                        for role in roles
                    ]
                },
            ]
        }
        for seat in SEATS
    ]
    unit = {"type": "number", "minimum": 0, "maximum": 1}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id(version, kind="instrument"),
        "title": f"rolemodel instrument, format version {version}",
        "description": "The manager-style instrument: scales, dimensions, items between the"
        " management and the leadership pole, what each seat needs, the articles' prescriptions"
        " and the readiness calibration. See docs/reference/schema.md; the loader also checks"
        " references between ids, unique ids and low <= high.",
        **record(
            list(_SECTIONS),
            {
                "format": {"const": INSTRUMENT_FORMAT, "description": f"always {INSTRUMENT_FORMAT}"},
                "version": {"const": version, "description": "the format version"},
                "id": ref["id"],
                "title": ref["text"],
                "summary": ref["text"],
                "scales": {
                    "type": "object",
                    "description": "the answer scales, by id",
                    "minProperties": 1,
                    "propertyNames": ref["id"],
                    "additionalProperties": ref["scale"],
                },
                "dimensions": {
                    "type": "array",
                    "description": "the dimensions of style, in order; each has at least one item",
                    "minItems": 1,
                    "items": ref["dimension"],
                },
                "items": {"type": "array", "minItems": 1, "items": ref["item"]},
                "needs": {
                    "type": "array",
                    "description": "what each seat needs: one for any role, or one per role",
                    "minItems": 1,
                    "items": ref["need"],
                    "allOf": every_seat,
                },
                "prescriptions": {"type": "array", "minItems": 1, "items": ref["prescription"]},
                "readiness": ref["readiness"],
            },
        ),
        "$defs": {
            "text": text,
            "id": {"type": "string", "pattern": _ID_PATTERN},
            "unit": unit,
            "basis": described(
                {"enum": list(BASES)}, "whose numbers: the article's, or the library's calibration"
            ),
            "seat": described(
                {"enum": list(SEATS)}, "the leader or the manager of a split, or both roles in one person"
            ),
            "citation": record(
                ["source", "quote"],
                {
                    "source": described(text, "the source file's name"),
                    "quote": {
                        "type": "string",
                        "maxLength": MAX_QUOTE,
                        "pattern": "^[^\\n]*\\S[^\\n]*$",
                        "description": "verbatim from the source, one line",
                    },
                },
            ),
            "scale": scale,
            "dimension": record(
                ["id", "name", "management", "leadership", "citation"],
                {
                    "id": ref["id"],
                    "name": ref["text"],
                    "management": described(text, "what the management pole means on this dimension"),
                    "leadership": described(text, "what the leadership pole means on this dimension"),
                    "citation": ref["citation"],
                },
            ),
            "likert_poles": {
                "properties": {"management": pole_point, "leadership": pole_point},
                "not": {"required": ["choices"]},
            },
            "choice_poles": {
                "required": ["choices"],
                "properties": {
                    "management": pole_option,
                    "leadership": pole_option,
                    "choices": {
                        "type": "object",
                        "minProperties": 2,
                        "maxProperties": 2,
                        "additionalProperties": ref["text"],
                    },
                },
            },
            "item": record(
                ["id", "dimension", "scale", "text", "management", "leadership", "citation"],
                item_properties,
                oneOf=[ref["likert_poles"], ref["choice_poles"]],
            ),
            "need": record(
                ["seat", "need", "band", "basis", "says", "citation"],
                {
                    "seat": ref["seat"],
                    "role": described(
                        {"enum": roles}, "for the seat both: the recommended role (left out: any role)"
                    ),
                    "need": described({"enum": [*POLES, "both"]}, "the pole the seat leans to"),
                    "band": {
                        "type": "array",
                        "description": "[low, high]: the overall positions that fit"
                        " (0 management, 1 leadership)",
                        "minItems": 2,
                        "maxItems": 2,
                        "items": ref["unit"],
                    },
                    "basis": ref["basis"],
                    "says": ref["text"],
                    "citation": ref["citation"],
                },
            ),
            "prescription": record(
                ["id", "kind", "toward", "seats", "says", "citation"],
                {
                    "id": ref["id"],
                    "kind": described(
                        {"enum": list(_PRESCRIPTION_KINDS)}, "practice: what to do; caveat: a warning"
                    ),
                    "toward": described({"enum": list(POLES)}, "the pole the shortfall is toward"),
                    "seats": {"type": "array", "minItems": 1, "items": ref["seat"]},
                    "scope": described(
                        {"enum": ["any", "overall"]},
                        "overall: only for a shortfall of the overall position (default any)",
                    ),
                    "says": ref["text"],
                    "citation": ref["citation"],
                },
            ),
            "readiness": record(
                ["full_at", "min_completeness", "basis", "says", "citation"],
                {
                    "full_at": {
                        "type": "number",
                        "exclusiveMinimum": 0,
                        "maximum": 1,
                        "description": "manager_readiness is min(1, overall / full_at)",
                    },
                    "min_completeness": described(
                        unit, "the share of items answered below which readiness is refused"
                    ),
                    "basis": ref["basis"],
                    "says": ref["text"],
                    "citation": ref["citation"],
                },
            ),
        },
    }
