"""The JSON Schemas of the framework and instrument formats, built from the same catalogues
the loaders read.

One schema per format version ships as ``rolemodel/schema/framework-<version>.schema.json``
(and ``instrument-<version>.schema.json`` for the manager-style instrument's format) so that
editors (the YAML language server) complete and check the files. It checks the *shape* of a
file; the loader checks shape and meaning (references between ids, ``low < high``, cycles,
quotes). This module builds the framework format's schema, names and places every schema
file, and prints one; :mod:`rolemodel._schema_instrument` builds the instrument format's
(:func:`instrument_schema`, re-exported here). A test keeps each shipped file equal to
:func:`framework_schema` or :func:`instrument_schema`; regenerate them with
``python -m rolemodel._schema 1 > src/rolemodel/schema/framework-1.schema.json``,
``python -m rolemodel._schema 2 > src/rolemodel/schema/framework-2.schema.json`` and
``python -m rolemodel._schema instrument 1 > src/rolemodel/schema/instrument-1.schema.json``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Literal

from rolemodel._model import BASES, FORMAT, SUPPORTED_VERSIONS, Role, Staffing, Stage
from rolemodel._schema_instrument import INSTRUMENT_LATEST, instrument_schema

__all__ = [
    "INSTRUMENT_LATEST",
    "LATEST",
    "SCHEMA_ID",
    "Kind",
    "framework_schema",
    "instrument_schema",
    "schema_id",
    "schema_path",
]

#: The newest framework format version: the default of :func:`framework_schema` and
#: :func:`schema_path`.
LATEST = max(SUPPORTED_VERSIONS)
#: Which format a schema describes: ``framework`` (``rolemodel/framework``) or ``instrument``
#: (``rolemodel/instrument``, the manager-style instrument's).
Kind = Literal["framework", "instrument"]

_ID_PATTERN = "^[a-z0-9][a-z0-9_-]*$"


def _versioned(version: int | None, kind: Kind) -> int:
    if kind == "framework":
        return LATEST if version is None else version
    if kind == "instrument":
        return INSTRUMENT_LATEST if version is None else version
    raise ValueError(f"kind: expected 'framework' or 'instrument', found {kind!r}")


def schema_id(version: int | None = None, *, kind: Kind = "framework") -> str:
    """The ``$id`` of the schema of ``kind``'s format ``version`` (by default the newest)."""
    return f"https://rolemodel.invalid/schema/{kind}-{_versioned(version, kind)}.schema.json"


SCHEMA_ID = schema_id()


def _ci(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in word)


def schema_path(version: int | None = None, *, kind: Kind = "framework") -> Path:
    """Where the shipped schema file of ``kind``'s format ``version`` (by default the newest) is."""
    name = f"{kind}-{_versioned(version, kind)}.schema.json"
    return Path(__file__).resolve().parent / "schema" / name


def framework_schema(version: int = LATEST) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of framework format ``version`` (1 or 2).

    Version 2 adds the ``staffing`` section, rules into staffing options with a required
    ``basis``, items about a staffing option, and examples whose ``expect`` is a mapping.
    """
    from rolemodel._format import ITEM_FIELDS, MAX_QUOTE, V1_EXTENDING_REQUIRED, V1_REQUIRED
    from rolemodel._profile import FACTORS

    if version not in SUPPORTED_VERSIONS:
        raise ValueError(f"version: expected one of {SUPPORTED_VERSIONS}, found {version!r}")
    v2 = version >= 2
    roles = [r.value for r in Role]
    options = [o.value for o in Staffing]
    stages = [s.value for s in Stage]
    ramp_factors = [name for name, spec in FACTORS.items() if spec.kind != "stage"]
    text = {"type": "string", "pattern": "\\S"}
    ref = {
        name: {"$ref": f"#/$defs/{name}"}
        for name in (
            "text",
            "id",
            "citation",
            "condition",
            "ramp_bounds",
            "weight",
            "role_spec",
            "concept",
            "rule",
            "item",
            "example",
            "profile",
        )
    }
    item_fields: dict[str, Any] = {
        "kind": {"enum": list(ITEM_FIELDS)},
        "role": {"enum": roles},
        **({"staffing": {"enum": options}} if v2 else {}),
        "citation": ref["citation"],
        **{k: ref["text"] for k in ("says", "name", "dimension", "management", "leadership")},
    }
    item_cases = []
    for kind, (required, optional) in ITEM_FIELDS.items():
        allowed = ["kind", *required, *optional]
        then: dict[str, Any] = {"required": ["kind", *required]}
        if v2:
            # An item may be about a staffing option instead of a role (then 'role' is optional).
            allowed.append("staffing")
            if "role" in required:
                then = {
                    "required": ["kind", *(k for k in required if k != "role")],
                    "anyOf": [{"required": ["role"]}, {"required": ["staffing"]}],
                }
        then["propertyNames"] = {"enum": allowed}
        item_cases.append(
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": then,
            }
        )
    graded = {
        "anyOf": [
            {"type": "number", "minimum": 0, "maximum": 1},
            {
                "type": "string",
                "pattern": "^\\s*(" + "|".join(_ci(w) for w in ("low", "medium", "high")) + ")\\s*$",
            },
        ]
    }
    count = {
        "anyOf": [
            {"type": "integer", "minimum": 1},
            {"type": "string", "pattern": "^\\s*\\+?0*[1-9](_?[0-9])*\\s*$"},
        ]
    }
    stage = {"type": "string", "pattern": "^\\s*(" + "|".join(_ci(s) for s in stages) + ")\\s*$"}
    profile_props = {
        name: count if spec.kind == "count" else stage if spec.kind == "stage" else graded
        for name, spec in FACTORS.items()
    }
    always = [k for k in V1_EXTENDING_REQUIRED if k in V1_REQUIRED]  # format, version, id
    head = [k for k in V1_REQUIRED if k not in always]
    answer_spec = {
        "type": "object",
        "required": ["says", "citation"],
        "additionalProperties": False,
        "properties": {"baseline": ref["weight"], "says": ref["text"], "citation": ref["citation"]},
    }
    expect: dict[str, Any] = {"enum": roles}
    if v2:
        expect = {
            "anyOf": [
                {"enum": roles},
                {
                    "type": "object",
                    "description": "the answer on each question checked; null: it abstains",
                    "minProperties": 1,
                    "additionalProperties": False,
                    "properties": {
                        "role": {"enum": [*roles, None]},
                        "staffing": {"enum": [*options, None]},
                    },
                },
            ]
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id(version),
        "title": f"rolemodel framework, format version {version}",
        "description": "One source article's model of sales management versus leadership."
        " See docs/reference/format.md; the loader also checks references, ramps and cycles.",
        "type": "object",
        "required": always,
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT, "description": "always rolemodel/framework"},
            "version": {"const": version, "description": "the format version"},
            "id": ref["id"],
            "title": ref["text"],
            "author": ref["text"],
            "source": {**text, "description": "the source file's name"},
            "source_end": {"type": "string", "description": "the article ends with this text"},
            "summary": ref["text"],
            "roles": {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"enum": roles},
                "additionalProperties": ref["role_spec"],
            },
            **(
                {
                    "staffing": {
                        "type": "object",
                        "description": "the staffing options the article speaks to",
                        "propertyNames": {"enum": options},
                        "additionalProperties": {"$ref": "#/$defs/staffing_spec"},
                    }
                }
                if v2
                else {}
            ),
            "factors": {"type": "array", "uniqueItems": True, "items": {"enum": list(FACTORS)}},
            "concepts": {"type": "array", "items": ref["concept"]},
            "rules": {"type": "array", "minItems": 1, "items": ref["rule"]},
            "items": {"type": "array", "items": ref["item"]},
            "examples": {"type": "array", "items": ref["example"]},
            "extends": {
                **text,
                "description": "a built-in framework's id or a framework file's path",
            },
            "overrides": {
                "type": "object",
                "description": "base rule id -> new weight",
                "additionalProperties": {
                    "type": "object",
                    "required": ["weight"],
                    "additionalProperties": False,
                    "properties": {"weight": ref["weight"]},
                },
            },
        },
        "if": {"not": {"required": ["extends"]}},
        "then": {"required": head, "not": {"required": ["overrides"]}},
        "$defs": {
            "text": text,
            "id": {"type": "string", "pattern": _ID_PATTERN},
            "weight": {"type": "number", "minimum": 0},
            "citation": {
                "type": "object",
                "required": ["quote"],
                "additionalProperties": False,
                "properties": {
                    "quote": {
                        "type": "string",
                        "maxLength": MAX_QUOTE,
                        "pattern": "^[^\\n]*\\S[^\\n]*$",
                        "description": "verbatim from the source, one line",
                    },
                    "source": text,
                },
            },
            "role_spec": answer_spec,
            **({"staffing_spec": answer_spec} if v2 else {}),
            "concept": {
                "type": "object",
                "required": ["id", "says", "citation"],
                "additionalProperties": False,
                "properties": {"id": ref["id"], "says": ref["text"], "citation": ref["citation"]},
            },
            "rule": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "id",
                    "when",
                    "then",
                    "weight",
                    *(["basis"] if v2 else []),
                    "says",
                    "citation",
                ],
                "properties": {
                    "id": ref["id"],
                    "when": ref["condition"],
                    "then": {
                        **ref["id"],
                        "description": "a role, a staffing option or a concept"
                        if v2
                        else "a role or a concept",
                    },
                    "weight": ref["weight"],
                    **(
                        {
                            "basis": {
                                "enum": list(BASES),
                                "description": "whose numbers: the article's, or the library's calibration",
                            }
                        }
                        if v2
                        else {}
                    ),
                    "says": ref["text"],
                    "citation": ref["citation"],
                    "contrast": {"anyOf": [ref["id"], {"type": "array", "minItems": 1, "items": ref["id"]}]},
                },
            },
            "ramp_bounds": {
                "type": "array",
                "minItems": 2,
                "maxItems": 2,
                "items": {"type": "number"},
            },
            "condition": {
                "oneOf": [
                    {"const": "always"},
                    {
                        "type": "object",
                        "required": ["all"],
                        "additionalProperties": False,
                        "properties": {"all": {"type": "array", "minItems": 1, "items": ref["condition"]}},
                    },
                    {
                        "type": "object",
                        "required": ["any"],
                        "additionalProperties": False,
                        "properties": {"any": {"type": "array", "minItems": 1, "items": ref["condition"]}},
                    },
                    {
                        "type": "object",
                        "required": ["factor", "is"],
                        "additionalProperties": False,
                        "properties": {
                            "factor": {"const": "stage"},
                            "is": {"type": "array", "minItems": 1, "items": {"enum": stages}},
                        },
                    },
                    *(
                        {
                            "type": "object",
                            "required": [source, direction],
                            "additionalProperties": False,
                            "properties": {
                                source: {"enum": ramp_factors} if source == "factor" else ref["id"],
                                direction: ref["ramp_bounds"],
                            },
                        }
                        for source in ("factor", "concept")
                        for direction in ("rising", "falling")
                    ),
                ]
            },
            "item": {
                "type": "object",
                "required": ["kind"],
                "properties": item_fields,
                "additionalProperties": False,
                "allOf": item_cases,
            },
            "profile": {
                "type": "object",
                "additionalProperties": False,
                "properties": profile_props,
                "required": [name for name, spec in FACTORS.items() if spec.required],
            },
            "example": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "profile", "expect", "citation"],
                "properties": {
                    "name": ref["text"],
                    "profile": ref["profile"],
                    "expect": expect,
                    "min_confidence": {"type": "number", "minimum": 0, "maximum": 1},
                    "citation": ref["citation"],
                },
            },
        },
    }


def main(argv: list[str] | None = None) -> None:
    """Print the schema asked for, as the shipped file holds it: ``[instrument] [VERSION]``
    (the framework format's newest version by default)."""
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "instrument":
        version = int(args[1]) if len(args) > 1 else INSTRUMENT_LATEST
        print(json.dumps(instrument_schema(version), indent=2, ensure_ascii=False))
        return
    version = int(args[0]) if args else LATEST
    print(json.dumps(framework_schema(version), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
