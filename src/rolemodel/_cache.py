"""The built-in frameworks cached as plain JSON, so a new process need not parse their YAML.

The cache is one file in a per-user folder (``$XDG_CACHE_HOME/rolemodel``, else
``~/.cache/rolemodel``; ``ROLEMODEL_CACHE=off`` turns it off), named by a hash of rolemodel's
version and of every built-in file's name and bytes: an edited file, or another rolemodel,
never reads a stale cache.

The file is data, never code: JSON only (no pickle, no marshal), read with a size bound, and
rebuilt into :class:`~rolemodel.Framework` values field by field with the type of each checked
(enum values through their enums, a profile through :class:`~rolemodel.Profile`'s own
converters); the loader then re-runs its semantic checks on the result. Anything unexpected
(a missing or unwritable folder, a corrupt, truncated, hostile or oversized file) makes
:func:`read_cache` return ``None`` and the caller parses the YAML as usual: the cache can only
save time, never change an answer or raise.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import stat
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs

from rolemodel._model import (
    AllOf,
    Always,
    AnyOf,
    Citation,
    Concept,
    Condition,
    Example,
    Framework,
    Item,
    Ramp,
    Role,
    RoleSpec,
    Rule,
    Staffing,
    StaffingSpec,
    Stage,
    StageIs,
)
from rolemodel._profile import Profile

__all__ = ["cache_dir", "cache_key", "decode", "encode", "read_cache", "write_cache"]

#: The cache's own format; bump it when the encoding changes.
FORMAT = "rolemodel/builtin-cache"
VERSION = 1
#: A cache file larger than this is not read (the five built-ins take about 200 KB).
MAX_CACHE_BYTES = 8 * 1024 * 1024

T = TypeVar("T")


class _Bad(Exception):
    """The cache holds something other than what :func:`encode` writes."""


def enabled() -> bool:
    """Whether the cache is used: ``ROLEMODEL_CACHE=off`` (or ``0``, ``no``) turns it off."""
    return os.environ.get("ROLEMODEL_CACHE", "").strip().lower() not in ("off", "0", "no", "false")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/rolemodel``, else ``~/.cache/rolemodel``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "rolemodel"


def cache_key(version: str, files: Sequence[tuple[str, bytes]]) -> str:
    """A hash of rolemodel's ``version`` and each file's name and bytes."""
    digest = hashlib.sha256(f"{FORMAT}/{VERSION}\0{version}\0".encode())
    for name, data in files:
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()[:40]


def _path(key: str, folder: Path | None) -> Path:
    return (folder or cache_dir()) / f"builtins-{key}.json"


# -- reading --------------------------------------------------------------------------------------


def read_cache(key: str, paths: Mapping[str, str], folder: Path | None = None) -> list[Framework] | None:
    """The frameworks cached under ``key``, one per file (``paths`` maps file names to paths)."""
    try:
        data = _read_bounded(_path(key, folder))
        if data is None:
            return None
        doc = json.loads(data)
        return decode(doc, key, paths)
    except Exception:  # a cache is never an error: any surprise means "parse the YAML"
        return None


def _read_bounded(path: Path) -> bytes | None:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CACHE_BYTES:
            return None
        data = f.read(MAX_CACHE_BYTES + 1)
    return data if len(data) <= MAX_CACHE_BYTES else None


def decode(doc: object, key: str, paths: Mapping[str, str]) -> list[Framework]:
    """Frameworks rebuilt from ``doc``, checked field by field; :class:`_Bad` otherwise.

    ``paths`` maps each cached file name to the path the framework is read from."""
    doc = _dict(doc, {"format", "version", "key", "frameworks"})
    if doc["format"] != FORMAT or doc["version"] != VERSION or doc["key"] != key:
        raise _Bad("another cache")
    entries = _list(doc["frameworks"], _dict_any)
    if sorted(_str(e.get("file")) for e in entries) != sorted(paths):
        raise _Bad("other files")
    return [_framework(e, paths) for e in entries]


def _framework(d: dict[str, Any], paths: Mapping[str, str]) -> Framework:
    d = _dict(d, _FRAMEWORK_KEYS | {"file"})
    return Framework(
        id=_str(d["id"]),
        title=_str(d["title"]),
        author=_str(d["author"]),
        source=_str(d["source"]),
        summary=_str(d["summary"]),
        roles=_tuple(d["roles"], _role_spec),
        factors=_tuple(d["factors"], _str),
        concepts=_tuple(d["concepts"], _concept),
        rules=_tuple(d["rules"], _rule),
        items=_tuple(d["items"], _item),
        source_end=_str(d["source_end"]),
        version=_int(d["version"]),
        path=paths[_str(d["file"])],
        examples=_tuple(d["examples"], _example),
        extends=_str(d["extends"]),
        staffing=_tuple(d["staffing"], _staffing_spec),
    )


#: A cached framework's keys: every field of Framework but where it was read from.
_FRAMEWORK_KEYS = {field.name for field in attrs.fields(Framework)} - {"path"}


def _citation(value: object) -> Citation:
    d = _dict(value, {"source", "quote"})
    return Citation(_str(d["source"]), _str(d["quote"]))


def _role_spec(value: object) -> RoleSpec:
    d = _dict(value, {"role", "baseline", "says", "citation"})
    return RoleSpec(Role(_str(d["role"])), _float(d["baseline"]), _str(d["says"]), _citation(d["citation"]))


def _staffing_spec(value: object) -> StaffingSpec:
    d = _dict(value, {"staffing", "baseline", "says", "citation"})
    return StaffingSpec(
        Staffing(_str(d["staffing"])), _float(d["baseline"]), _str(d["says"]), _citation(d["citation"])
    )


def _concept(value: object) -> Concept:
    d = _dict(value, {"id", "says", "citation"})
    return Concept(_str(d["id"]), _str(d["says"]), _citation(d["citation"]))


def _condition(value: object, depth: int = 0) -> Condition:
    if depth > 32:
        raise _Bad("too deep")
    d = _dict_any(value)
    kind = d.get("kind")
    if kind == "ramp":
        d = _dict(d, {"kind", "source", "name", "low", "high", "rising"})
        source = d["source"]
        if source not in ("factor", "concept"):
            raise _Bad("ramp source")
        return Ramp(source, _str(d["name"]), _float(d["low"]), _float(d["high"]), _bool(d["rising"]))
    if kind == "stage":
        d = _dict(d, {"kind", "stages"})
        return StageIs(_tuple(d["stages"], lambda s: Stage(_str(s))))
    if kind in ("all", "any"):
        d = _dict(d, {"kind", "conditions"})
        inner = _tuple(d["conditions"], lambda c: _condition(c, depth + 1))
        return AllOf(inner) if kind == "all" else AnyOf(inner)
    if kind == "always":
        _dict(d, {"kind"})
        return Always()
    raise _Bad("condition kind")


def _rule(value: object) -> Rule:
    d = _dict(value, {"id", "when", "then", "weight", "says", "citation", "contrast", "basis"})
    basis = d["basis"]
    if basis is not None:
        basis = _str(basis)
    return Rule(
        id=_str(d["id"]),
        when=_condition(d["when"]),
        then=_str(d["then"]),
        weight=_float(d["weight"]),
        says=_str(d["says"]),
        citation=_citation(d["citation"]),
        contrast=_tuple(d["contrast"], _str),
        basis=basis,
    )


def _item(value: object) -> Item:
    keys = {"kind", "says", "citation", "role", "name", "dimension", "management", "leadership", "staffing"}
    d = _dict(value, keys)
    return Item(
        kind=_str(d["kind"]),
        says=_str(d["says"]),
        citation=_citation(d["citation"]),
        role=None if d["role"] is None else Role(_str(d["role"])),
        name=_str(d["name"]),
        dimension=_str(d["dimension"]),
        management=_str(d["management"]),
        leadership=_str(d["leadership"]),
        staffing=None if d["staffing"] is None else Staffing(_str(d["staffing"])),
    )


def _example(value: object) -> Example:
    keys = {"name", "profile", "expect", "citation", "min_confidence", "expect_staffing", "checks"}
    d = _dict(value, keys)
    return Example(
        name=_str(d["name"]),
        profile=_profile(d["profile"]),
        expect=None if d["expect"] is None else Role(_str(d["expect"])),
        citation=_citation(d["citation"]),
        min_confidence=_float(d["min_confidence"]),
        expect_staffing=None if d["expect_staffing"] is None else Staffing(_str(d["expect_staffing"])),
        checks=_tuple(d["checks"], _str),
    )


def _profile(value: object) -> Profile:
    d = _dict_any(value)
    fields = _profile_fields()
    if not set(d) <= fields:
        raise _Bad("profile field")
    for v in d.values():
        if v is not None and (isinstance(v, bool) or not isinstance(v, int | float | str)):
            raise _Bad("profile value")
    return Profile(**d)  # its converters validate every value


def _profile_fields() -> frozenset[str]:
    import attrs

    return frozenset(f.name for f in attrs.fields(Profile))


# -- plain checks ---------------------------------------------------------------------------------


def _dict_any(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad("expected an object")
    return value


def _dict(value: object, keys: set[str]) -> dict[str, Any]:
    d = _dict_any(value)
    if set(d) != keys:
        raise _Bad("keys")
    return d


def _list(value: object, item: Callable[[object], T]) -> list[T]:
    if not isinstance(value, list):
        raise _Bad("expected a list")
    return [item(v) for v in value]


def _tuple(value: object, item: Callable[[object], T]) -> tuple[T, ...]:
    return tuple(_list(value, item))


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise _Bad("expected a string")
    return value


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise _Bad("expected a boolean")
    return value


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad("expected an integer")
    return value


def _float(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Bad("expected a finite number")
    return value


# -- writing --------------------------------------------------------------------------------------


def encode(frameworks: Sequence[Framework], key: str, names: Sequence[str]) -> dict[str, Any]:
    """Plain JSON data for ``frameworks`` (read from the files ``names``, in that order)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "key": key,
        "frameworks": [_plain_framework(fw, name) for fw, name in zip(frameworks, names, strict=True)],
    }


def write_cache(
    frameworks: Sequence[Framework], key: str, names: Sequence[str], folder: Path | None = None
) -> None:
    """Write the cache for ``key``, atomically; silently nothing when the folder is unwritable."""
    import tempfile  # only when writing: it is slow to import

    try:
        text = json.dumps(encode(frameworks, key, names), ensure_ascii=False, allow_nan=False)
        target = _path(key, folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".builtins-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # a cache is never an error
        return


def _plain_framework(fw: Framework, name: str) -> dict[str, Any]:
    return {
        "file": name,
        "id": fw.id,
        "title": fw.title,
        "author": fw.author,
        "source": fw.source,
        "summary": fw.summary,
        "roles": [_plain_spec(s.role, s.baseline, s.says, s.citation, "role") for s in fw.roles],
        "factors": list(fw.factors),
        "concepts": [
            {"id": c.id, "says": c.says, "citation": _plain_citation(c.citation)} for c in fw.concepts
        ],
        "rules": [_plain_rule(r) for r in fw.rules],
        "items": [_plain_item(i) for i in fw.items],
        "source_end": fw.source_end,
        "version": fw.version,
        "examples": [_plain_example(e) for e in fw.examples],
        "extends": fw.extends,
        "staffing": [
            _plain_spec(s.staffing, s.baseline, s.says, s.citation, "staffing") for s in fw.staffing
        ],
    }


def _plain_citation(c: Citation) -> dict[str, str]:
    return {"source": c.source, "quote": c.quote}


def _plain_spec(answer: str, baseline: float, says: str, citation: Citation, key: str) -> dict[str, Any]:
    return {key: str(answer), "baseline": baseline, "says": says, "citation": _plain_citation(citation)}


def _plain_condition(c: Condition) -> dict[str, Any]:
    if isinstance(c, Ramp):
        return {
            "kind": "ramp",
            "source": c.source,
            "name": c.name,
            "low": c.low,
            "high": c.high,
            "rising": c.rising,
        }
    if isinstance(c, StageIs):
        return {"kind": "stage", "stages": [s.value for s in c.stages]}
    if isinstance(c, AllOf | AnyOf):
        kind = "all" if isinstance(c, AllOf) else "any"
        return {"kind": kind, "conditions": [_plain_condition(i) for i in c.conditions]}
    return {"kind": "always"}


def _plain_rule(r: Rule) -> dict[str, Any]:
    return {
        "id": r.id,
        "when": _plain_condition(r.when),
        "then": r.then,
        "weight": r.weight,
        "says": r.says,
        "citation": _plain_citation(r.citation),
        "contrast": list(r.contrast),
        "basis": r.basis,
    }


def _plain_item(i: Item) -> dict[str, Any]:
    return {
        "kind": i.kind,
        "says": i.says,
        "citation": _plain_citation(i.citation),
        "role": None if i.role is None else i.role.value,
        "name": i.name,
        "dimension": i.dimension,
        "management": i.management,
        "leadership": i.leadership,
        "staffing": None if i.staffing is None else i.staffing.value,
    }


def _plain_example(e: Example) -> dict[str, Any]:
    import attrs

    profile = {
        k: (v.value if isinstance(v, Stage) else v)
        for k, v in attrs.asdict(e.profile, recurse=False).items()
        if v is not None
    }
    return {
        "name": e.name,
        "profile": profile,
        "expect": None if e.expect is None else e.expect.value,
        "citation": _plain_citation(e.citation),
        "min_confidence": e.min_confidence,
        "expect_staffing": None if e.expect_staffing is None else e.expect_staffing.value,
        "checks": list(e.checks),
    }
