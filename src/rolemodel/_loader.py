"""Safe YAML text -> a validated :class:`~rolemodel.Framework`, every problem located.

The loader reads in three passes, each cheap and none recursive on untrusted depth:

1. bytes: size, NUL bytes, UTF-8, emptiness;
2. YAML events (streamed): syntax, nesting depth, anchors/aliases, explicit tags, node count;
3. the composed node tree: the framework format, dispatched on ``format`` and ``version``,
   then the semantic checks (ids, references, ramps, cycles in the rule graph).

All problems of a file are gathered into one :class:`~rolemodel.FrameworkError`.
"""

from __future__ import annotations

import contextvars
import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs
import yaml

from rolemodel._errors import FrameworkError, Problem, ProfileError, did_you_mean
from rolemodel._graph import find_cycles
from rolemodel._model import (
    BASES,
    FORMAT,
    ITEM_KINDS,
    SUPPORTED_VERSIONS,
    AllOf,
    Always,
    AnyOf,
    Citation,
    Concept,
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
    walk_condition,
)
from rolemodel._profile import FACTORS, Profile

__all__ = ["builtin_framework_dir", "builtin_frameworks", "load_framework", "loads_framework"]

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 24
MAX_EVENTS = 200_000
MAX_QUOTE = 300
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

_TAG_TYPES = {
    "tag:yaml.org,2002:str": "a string",
    "tag:yaml.org,2002:int": "an integer",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:null": "null",
}


def load_framework(path: str | Path) -> Framework:
    """Load and validate the framework file at ``path``.

    Raises :class:`~rolemodel.FrameworkError` listing every problem of the file.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(
            [Problem(str(path), 0, 0, "", "a readable framework file", exc.strerror or str(exc))]
        ) from None
    return loads_framework(data, name=str(path))


def loads_framework(text: str | bytes, name: str = "<string>") -> Framework:
    """Load and validate a framework from YAML ``text``; ``name`` labels its problems."""
    reader = _Reader(name)
    framework = reader.read(text)
    if reader.problems or framework is None:
        raise FrameworkError(sorted(reader.problems, key=lambda p: (p.line, p.column)))
    return framework


def builtin_framework_dir() -> Path:
    """Where the built-in framework files are: inside the wheel, or the source tree's."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "frameworks", here.parent.parent / "frameworks"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("rolemodel's built-in frameworks are missing from this install")


@functools.cache
def builtin_frameworks() -> tuple[Framework, ...]:
    """The five articles' frameworks, loaded and compiled once, in source order."""
    frameworks = [load_framework(p) for p in sorted(builtin_framework_dir().glob("*.yaml"))]
    frameworks.sort(key=lambda f: f.source)
    for framework in frameworks:
        framework._plan  # noqa: B018 - compile once, up front
    return tuple(frameworks)


# -- the reader -------------------------------------------------------------------------------


class _Bad:
    """A value that was reported as a problem; parsing goes on around it."""


BAD: Any = _Bad()


def _found(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    kind = _TAG_TYPES.get(node.tag, "a value")
    if node.tag == "tag:yaml.org,2002:null":
        return "nothing (null)"
    value = node.value if len(node.value) <= 60 else node.value[:57] + "..."
    return f"{kind} {value!r}"


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.marks: dict[str, tuple[int, int]] = {}
        self.version = 1
        self._constructor = yaml.SafeLoader("")

    # reporting --------------------------------------------------------------------------------

    def problem(
        self,
        at: yaml.Node | tuple[int, int] | None,
        path: str,
        expected: str,
        found: str,
        hint: str = "",
    ) -> None:
        if isinstance(at, yaml.Node):
            line, column = at.start_mark.line + 1, at.start_mark.column + 1
        elif at is None:
            line, column = 0, 0
        else:
            line, column = at
        self.problems.append(Problem(self.name, line, column, path, expected, found, hint))

    def at(self, path: str) -> tuple[int, int]:
        return self.marks.get(path, (0, 0))

    # passes -----------------------------------------------------------------------------------

    def read(self, text: str | bytes) -> Framework | None:
        decoded = self._decode(text)
        if decoded is None or not self._scan(decoded):
            return None
        try:
            root = yaml.compose(decoded, Loader=_SafeLoader)
        except yaml.MarkedYAMLError as exc:
            self._syntax(exc)
            return None
        if root is None:
            self.problem(None, "", "a framework document", "an empty document")
            return None
        return self._document(root)

    def _decode(self, text: str | bytes) -> str | None:
        if isinstance(text, bytes):
            if len(text) > MAX_BYTES:
                self.problem(None, "", f"at most {MAX_BYTES} bytes", f"{len(text)} bytes")
                return None
            if b"\0" in text:
                offset = text.index(b"\0")
                self.problem(_offset(text, offset), "", "UTF-8 text", "a binary file (NUL byte)")
                return None
            data = text
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.problem(
                    _offset(data, exc.start),
                    "",
                    "UTF-8 text",
                    f"the byte 0x{data[exc.start]:02x}, which is not UTF-8",
                )
                return None
        if len(text) > MAX_BYTES:
            self.problem(None, "", f"at most {MAX_BYTES} characters", f"{len(text)} characters")
            return None
        if "\0" in text:
            self.problem(None, "", "text", "a NUL character")
            return None
        text = text.removeprefix("\ufeff")
        if not text.strip():
            self.problem(None, "", "a framework document", "an empty file")
            return None
        return text

    def _syntax(self, exc: yaml.MarkedYAMLError) -> None:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark is not None else None
        self.problem(where, "", "valid YAML", str(exc.problem or exc.context or "a syntax error"))

    def _scan(self, text: str) -> bool:
        depth = 0
        try:
            for count, event in enumerate(yaml.parse(text, Loader=_SafeLoader)):
                mark = event.start_mark
                where = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
                if count > MAX_EVENTS:
                    self.problem(where, "", f"at most {MAX_EVENTS} YAML nodes", "more")
                    return False
                if isinstance(event, yaml.AliasEvent):
                    self.problem(
                        where,
                        "",
                        "plain YAML",
                        f"an alias *{event.anchor}",
                        "anchors and aliases are not allowed in a framework",
                    )
                    return False
                if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                    self.problem(
                        where,
                        "",
                        "plain YAML",
                        f"an anchor &{event.anchor}",
                        "anchors and aliases are not allowed in a framework",
                    )
                    return False
                tag = getattr(event, "tag", None)
                implicit = getattr(event, "implicit", True)
                if (
                    tag is not None
                    and tag != "!"
                    and not (
                        implicit is True
                        or implicit == (True, True)
                        or (isinstance(implicit, tuple) and implicit[0])
                    )
                ):
                    self.problem(
                        where, "", "plain YAML", f"the tag {tag}", "tags are not allowed in a framework"
                    )
                    return False
                if isinstance(event, yaml.CollectionStartEvent):
                    if event.tag is not None and not event.implicit:
                        self.problem(
                            where,
                            "",
                            "plain YAML",
                            f"the tag {event.tag}",
                            "tags are not allowed in a framework",
                        )
                        return False
                    depth += 1
                    if depth > MAX_DEPTH:
                        self.problem(where, "", f"nesting at most {MAX_DEPTH} deep", "deeper nesting")
                        return False
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
        except yaml.MarkedYAMLError as exc:
            self._syntax(exc)
            return False
        except yaml.YAMLError as exc:  # pragma: no cover - libyaml without a mark
            self.problem(None, "", "valid YAML", str(exc))
            return False
        return True

    # node helpers -----------------------------------------------------------------------------

    def mapping(
        self,
        node: yaml.Node,
        path: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> dict[str, yaml.Node] | None:
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, "a mapping", _found(node))
            return None
        required, optional = tuple(required), tuple(optional)
        known = required + optional
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key_node.tag != "tag:yaml.org,2002:str":
                self.problem(key_node, path, "a field name", _found(key_node))
                continue
            sub = f"{path}.{key}" if path else key
            if key in out:
                self.problem(key_node, sub, "each field once", "a duplicate key")
                continue
            if key not in known:
                self.problem(
                    key_node,
                    sub,
                    "one of " + ", ".join(known),
                    f"the unknown field {key!r}",
                    did_you_mean(key, known),
                )
                continue
            out[key] = value_node
        for key in required:
            if key not in out:
                self.problem(node, path or "<document>", f"the field {key!r}", "no such field")
        return out

    def seq(self, node: yaml.Node, path: str) -> list[yaml.Node] | None:
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, path, "a list", _found(node))
            return None
        return list(node.value)

    def scalar(self, node: yaml.Node) -> Any:
        self._constructor.constructed_objects = {}
        return self._constructor.construct_object(node, deep=True)

    def string(self, node: yaml.Node | None, path: str, *, empty: bool = False) -> Any:
        if node is None:
            return "" if empty else BAD
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            self.problem(node, path, "a string", _found(node))
            return BAD
        if not empty and not node.value.strip():
            self.problem(node, path, "a non-empty string", "an empty string")
            return BAD
        return (
            node.value.strip()
            if path.endswith((".says", "summary", ".management", ".leadership"))
            else node.value
        )

    def identifier(self, node: yaml.Node, path: str) -> Any:
        value = self.string(node, path)
        if value is not BAD and not _ID.match(value):
            self.problem(node, path, "an id of lowercase letters, digits, '-' and '_'", repr(value))
            return BAD
        return value

    def number(self, node: yaml.Node, path: str) -> Any:
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
        ):
            self.problem(node, path, "a number", _found(node))
            return BAD
        value = float(self.scalar(node))
        if not math.isfinite(value):
            self.problem(node, path, "a finite number", repr(node.value))
            return BAD
        return value

    def weight(self, node: yaml.Node, path: str) -> Any:
        value = self.number(node, path)
        if value is not BAD and value < 0:
            self.problem(node, path, "a number >= 0", repr(node.value))
            return BAD
        return value

    # the document -----------------------------------------------------------------------------

    def _document(self, root: yaml.Node) -> Framework | None:
        if not isinstance(root, yaml.MappingNode):
            self.problem(root, "", "a mapping", _found(root))
            return None
        # Peek at format and version to dispatch; the version's reader checks every field once.
        top = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
        if "format" in top:
            fmt = self.string(top["format"], "format")
            if fmt is not BAD and fmt != FORMAT:
                self.problem(top["format"], "format", repr(FORMAT), repr(fmt))
                return None
        if "version" not in top:
            for key in ("format", "version"):
                if key not in top:
                    self.problem(root, "<document>", f"the field {key!r}", "no such field")
            return None
        version_node = top["version"]
        version: Any = self.scalar(version_node) if isinstance(version_node, yaml.ScalarNode) else None
        reader = _READERS.get(version) if isinstance(version, int) and not isinstance(version, bool) else None
        if reader is None:
            known = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
            self.problem(
                version_node,
                "version",
                f"a supported version ({known})",
                _found(version_node),
                "this rolemodel is too old for the file, or the version is mistyped",
            )
            return None
        self.version = version
        required = _V1_EXTENDING_REQUIRED if "extends" in top else _V1_REQUIRED
        head = self.mapping(root, "", required, _V1_FIELDS if version == 1 else _V2_FIELDS)
        return None if head is None else reader(self, head)

    def _v1(self, head: Mapping[str, yaml.Node]) -> Framework | None:
        if "extends" in head:
            return self._v1_extending(head)
        fid = self.identifier(head["id"], "id") if "id" in head else BAD
        title = self.string(head.get("title"), "title")
        author = self.string(head.get("author"), "author")
        source = self.string(head.get("source"), "source")
        summary = self.string(head.get("summary"), "summary")
        source_end = self.string(head.get("source_end"), "source_end", empty=True)
        default_source = source if source is not BAD else ""

        roles = self._roles(head.get("roles"), default_source)
        staffing = self._staffing(head.get("staffing"), default_source)
        factors = self._factors(head.get("factors"))
        concepts = self._concepts(head.get("concepts"), default_source)
        rules = self._rules(head.get("rules"), default_source)
        items = self._items(head.get("items"), default_source)
        examples = self._examples(head.get("examples"), default_source)
        if "overrides" in head:
            self.problem(
                head["overrides"],
                "overrides",
                "'overrides' only with 'extends'",
                "'overrides' in a framework that extends none",
            )

        if self.problems:
            return None
        framework = Framework(
            id=fid,
            title=title,
            author=author,
            source=source,
            summary=summary,
            roles=tuple(roles),
            factors=tuple(factors),
            concepts=tuple(concepts),
            rules=tuple(rules),
            items=tuple(items),
            source_end=source_end,
            version=self.version,
            path=self.name,
            examples=tuple(examples),
            staffing=tuple(staffing),
        )
        self._semantics(framework)
        if not self.problems:
            self._authoring_semantics(framework)
        return None if self.problems else framework

    def _citation(self, node: yaml.Node | None, path: str, default_source: str) -> Any:
        if node is None:
            return BAD
        fields = self.mapping(node, path, ("quote",), ("source",))
        if fields is None:
            return BAD
        quote = self.string(fields.get("quote"), f"{path}.quote")
        source = self.string(fields["source"], f"{path}.source") if "source" in fields else default_source
        if quote is not BAD and (len(quote) > MAX_QUOTE or "\n" in quote):
            self.problem(
                fields["quote"],
                f"{path}.quote",
                f"a short quote (one line, at most {MAX_QUOTE} characters)",
                f"{len(quote)} characters" + (" over several lines" if "\n" in quote else ""),
            )
            return BAD
        if BAD in (quote, source):
            return BAD
        return Citation(source=source, quote=quote)

    def _roles(self, node: yaml.Node | None, src: str) -> list[RoleSpec]:
        if node is None:
            return []
        roles = self.mapping(node, "roles", (), [r.value for r in Role])
        out: list[RoleSpec] = []
        if not roles:
            if roles is not None:
                self.problem(node, "roles", "at least one role", "none")
            return out
        for key, value in roles.items():
            path = f"roles.{key}"
            fields = self.mapping(value, path, ("says", "citation"), ("baseline",))
            if fields is None:
                continue
            baseline = self.weight(fields["baseline"], f"{path}.baseline") if "baseline" in fields else 0.1
            says = self.string(fields.get("says"), f"{path}.says")
            citation = self._citation(fields.get("citation"), f"{path}.citation", src)
            if BAD not in (baseline, says, citation):
                out.append(RoleSpec(Role(key), baseline, says, citation))
        return out

    def _staffing(self, node: yaml.Node | None, src: str) -> list[StaffingSpec]:
        if node is None:
            return []
        options = self.mapping(node, "staffing", (), [o.value for o in Staffing])
        out: list[StaffingSpec] = []
        for key, value in (options or {}).items():
            path = f"staffing.{key}"
            fields = self.mapping(value, path, ("says", "citation"), ("baseline",))
            if fields is None:
                continue
            baseline = self.weight(fields["baseline"], f"{path}.baseline") if "baseline" in fields else 0.1
            says = self.string(fields.get("says"), f"{path}.says")
            citation = self._citation(fields.get("citation"), f"{path}.citation", src)
            if BAD not in (baseline, says, citation):
                out.append(StaffingSpec(Staffing(key), baseline, says, citation))
        return out

    def _factors(self, node: yaml.Node | None) -> list[str]:
        items = self.seq(node, "factors") if node is not None else []
        out: list[str] = []
        for i, item in enumerate(items or ()):
            path = f"factors[{i}]"
            name = self.string(item, path)
            if name is BAD:
                continue
            if name not in FACTORS:
                self.problem(
                    item, path, "a factor from the catalogue", repr(name), did_you_mean(name, FACTORS)
                )
            elif name in out:
                self.problem(item, path, "each factor once", f"{name!r} again")
            else:
                out.append(name)
        return out

    def _concepts(self, node: yaml.Node | None, src: str) -> list[Concept]:
        out: list[Concept] = []
        for i, item in enumerate((self.seq(node, "concepts") if node is not None else None) or ()):
            path = f"concepts[{i}]"
            fields = self.mapping(item, path, ("id", "says", "citation"))
            if fields is None:
                continue
            cid = self.identifier(fields["id"], f"{path}.id") if "id" in fields else BAD
            says = self.string(fields.get("says"), f"{path}.says")
            citation = self._citation(fields.get("citation"), f"{path}.citation", src)
            if BAD not in (cid, says, citation):
                out.append(Concept(cid, says, citation))
        return out

    def _rules(self, node: yaml.Node | None, src: str) -> list[Rule]:
        out: list[Rule] = []
        items = self.seq(node, "rules") if node is not None else None
        if items is not None and not items:
            self.problem(node, "rules", "at least one rule", "an empty list")
        for i, item in enumerate(items or ()):
            path = f"rules[{i}]"
            required = ("id", "when", "then", "weight", "says", "citation")
            fields = self.mapping(
                item, path, required if self.version == 1 else (*required, "basis"), ("contrast",)
            )
            if fields is None:
                continue
            basis = self._basis(fields["basis"], f"{path}.basis") if "basis" in fields else None
            rid = self.identifier(fields["id"], f"{path}.id") if "id" in fields else BAD
            when = self._condition(fields["when"], f"{path}.when") if "when" in fields else BAD
            then = self.identifier(fields["then"], f"{path}.then") if "then" in fields else BAD
            weight = self.weight(fields["weight"], f"{path}.weight") if "weight" in fields else BAD
            says = self.string(fields.get("says"), f"{path}.says")
            citation = self._citation(fields.get("citation"), f"{path}.citation", src)
            contrast = self._contrast(fields["contrast"], f"{path}.contrast") if "contrast" in fields else ()
            if BAD not in (rid, when, then, weight, says, citation, contrast, basis):
                out.append(Rule(rid, when, then, weight, says, citation, contrast, basis))
        return out

    def _basis(self, node: yaml.Node, path: str) -> Any:
        value = self.string(node, path)
        if value is not BAD and value not in BASES:
            self.problem(node, path, "one of " + ", ".join(BASES), repr(value), did_you_mean(value, BASES))
            return BAD
        return value

    def _condition(self, node: yaml.Node, path: str) -> Any:
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode) and node.value == "always":
            return Always()
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, "a condition ('always' or a mapping)", _found(node))
            return BAD
        keys = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
        if "all" in keys or "any" in keys:
            which = "all" if "all" in keys else "any"
            fields = self.mapping(node, path, (which,))
            if fields is None or which not in fields:
                return BAD
            parts = self.seq(fields[which], f"{path}.{which}")
            if parts is None:
                return BAD
            if not parts:
                self.problem(fields[which], f"{path}.{which}", "at least one condition", "an empty list")
                return BAD
            inner = [self._condition(p, f"{path}.{which}[{j}]") for j, p in enumerate(parts)]
            if BAD in inner:
                return BAD
            return AllOf(tuple(inner)) if which == "all" else AnyOf(tuple(inner))
        source: Literal["factor", "concept"] = "concept" if "concept" in keys else "factor"
        if "is" in keys:
            fields = self.mapping(node, path, ("factor", "is"))
            if fields is None or len(fields) < 2:
                return BAD
            name = self.string(fields["factor"], f"{path}.factor")
            if name is not BAD and name != "stage":
                self.problem(
                    fields["factor"], f"{path}.factor", "'stage' (only the stage takes 'is')", repr(name)
                )
                return BAD
            stages = self.seq(fields["is"], f"{path}.is")
            if not stages:
                if stages is not None:
                    self.problem(fields["is"], f"{path}.is", "at least one stage", "an empty list")
                return BAD
            out: list[Stage] = []
            for j, s in enumerate(stages):
                value = self.string(s, f"{path}.is[{j}]")
                if value is BAD:
                    return BAD
                if value not in {st.value for st in Stage}:
                    self.problem(
                        s,
                        f"{path}.is[{j}]",
                        "one of startup, growth, mature",
                        repr(value),
                        did_you_mean(value, [st.value for st in Stage]),
                    )
                    return BAD
                out.append(Stage(value))
            return StageIs(tuple(out))
        direction = "falling" if "falling" in keys else "rising"
        fields = self.mapping(node, path, (source, direction))
        if fields is None or len(fields) < 2:
            return BAD
        name = self.string(fields[source], f"{path}.{source}")
        bounds = self.seq(fields[direction], f"{path}.{direction}")
        if bounds is None:
            return BAD
        if len(bounds) != 2:
            self.problem(
                fields[direction], f"{path}.{direction}", "two numbers [low, high]", f"{len(bounds)} values"
            )
            return BAD
        low = self.number(bounds[0], f"{path}.{direction}[0]")
        high = self.number(bounds[1], f"{path}.{direction}[1]")
        if BAD in (name, low, high):
            return BAD
        if not low < high:
            self.problem(fields[direction], f"{path}.{direction}", "low < high", f"[{low:g}, {high:g}]")
            return BAD
        return Ramp(source, name, low, high, direction == "rising")

    def _items(self, node: yaml.Node | None, src: str) -> list[Item]:
        out: list[Item] = []
        for i, item in enumerate((self.seq(node, "items") if node is not None else None) or ()):
            path = f"items[{i}]"
            if not isinstance(item, yaml.MappingNode):
                self.problem(item, path, "a mapping", _found(item))
                continue
            kind_node = next((v for k, v in item.value if getattr(k, "value", None) == "kind"), None)
            kind = self.string(kind_node, f"{path}.kind") if kind_node is not None else BAD
            if kind is BAD:
                if kind_node is None:
                    self.problem(item, path, "the field 'kind'", "no such field")
                continue
            if kind not in ITEM_KINDS:
                self.problem(
                    kind_node,
                    f"{path}.kind",
                    "one of " + ", ".join(ITEM_KINDS),
                    repr(kind),
                    did_you_mean(kind, ITEM_KINDS),
                )
                continue
            required, optional = _ITEM_FIELDS[kind]
            if self.version >= 2:  # an item may be about a staffing option instead of a role
                keys = {getattr(k, "value", None) for k, _ in item.value}
                if "staffing" in keys and "role" in required:
                    required = tuple(k for k in required if k != "role")
                    optional = (*optional, "role")
                optional = (*optional, "staffing")
            fields = self.mapping(item, path, ("kind", *required), optional)
            if fields is None:
                continue
            values: dict[str, Any] = {"kind": kind}
            for key, value in fields.items():
                if key == "kind":
                    continue
                sub = f"{path}.{key}"
                if key == "citation":
                    values[key] = self._citation(value, sub, src)
                elif key == "role":
                    role = self.string(value, sub)
                    if role is not BAD and role not in {r.value for r in Role}:
                        self.problem(
                            value,
                            sub,
                            "one of " + ", ".join(r.value for r in Role),
                            repr(role),
                            did_you_mean(role, [r.value for r in Role]),
                        )
                        role = BAD
                    values[key] = Role(role) if role is not BAD else BAD
                elif key == "staffing":
                    values[key] = self._answer(value, sub, Staffing, nullable=False)
                else:
                    values[key] = self.string(value, sub)
            if BAD in values.values() or any(k not in values for k in required):
                continue
            values.setdefault("says", "")
            out.append(Item(**values))
        return out

    # semantics --------------------------------------------------------------------------------

    def _semantics(self, fw: Framework) -> None:
        roles = {r.value for r in fw.role_ids} | {o.value for o in fw.staffing_ids}
        reserved = {r.value for r in Role} | {o.value for o in Staffing}
        concepts: dict[str, int] = {}
        for i, concept in enumerate(fw.concepts):
            if concept.id in concepts or concept.id in reserved:
                found = (
                    f"{concept.id!r} again" if concept.id in concepts else f"the answer name {concept.id!r}"
                )
                self.problem(self.at(f"concepts[{i}].id"), f"concepts[{i}].id", "a unique id", found)
            concepts[concept.id] = i
        targets = roles | set(concepts)
        seen: set[str] = set()
        for i, rule in enumerate(fw.rules):
            path = f"rules[{i}]"
            if rule.id in seen:
                self.problem(self.at(f"{path}.id"), f"{path}.id", "a unique rule id", f"{rule.id!r} again")
            seen.add(rule.id)
            if rule.then not in targets:
                kind = (
                    "a role or staffing option this framework lists"
                    if rule.then in reserved
                    else "a role, staffing option or concept"
                )
                self.problem(
                    self.at(f"{path}.then"),
                    f"{path}.then",
                    f"{kind} ({', '.join(sorted(targets))})",
                    repr(rule.then),
                    did_you_mean(rule.then, targets),
                )
            for j, cond in enumerate(walk_condition(rule.when)):
                del j
                if isinstance(cond, Ramp):
                    if cond.source == "factor":
                        self._check_factor(fw, cond.name, f"{path}.when")
                        if cond.name == "stage":
                            self.problem(
                                self.at(f"{path}.when"),
                                f"{path}.when",
                                "{factor: stage, is: [...]} for the stage",
                                "a ramp on stage",
                            )
                    elif cond.name not in concepts:
                        self.problem(
                            self.at(f"{path}.when"),
                            f"{path}.when.concept",
                            "a concept of this framework",
                            repr(cond.name),
                            did_you_mean(cond.name, concepts),
                        )
                elif isinstance(cond, StageIs):
                    self._check_factor(fw, "stage", f"{path}.when")
        if self.problems:
            return
        for cycle in find_cycles(fw):
            first = next(i for i, r in enumerate(fw.rules) if r.id == cycle[0])
            self.problem(
                self.at(f"rules[{first}]"),
                f"rules[{first}]",
                "a rule graph without cycles",
                "the cycle " + " -> ".join(cycle),
            )

    def _check_factor(self, fw: Framework, name: str, path: str) -> None:
        if name not in fw.factors:
            hint = did_you_mean(name, fw.factors) or (
                f"add {name!r} to 'factors'" if name in FACTORS else did_you_mean(name, FACTORS)
            )
            self.problem(self.at(path), f"{path}.factor", "a factor listed in 'factors'", repr(name), hint)

    # authoring: contrast, examples, extends --------------------------------------------------

    def _contrast(self, node: yaml.Node, path: str) -> Any:
        if isinstance(node, yaml.SequenceNode):
            ids = [self.identifier(n, f"{path}[{j}]") for j, n in enumerate(node.value)]
            if not ids:
                self.problem(node, path, "at least one rule id", "an empty list")
                return BAD
            return BAD if BAD in ids else tuple(ids)
        value = self.identifier(node, path)
        return BAD if value is BAD else (value,)

    def _examples(self, node: yaml.Node | None, src: str) -> list[Example]:
        out: list[Example] = []
        names: set[str] = set()
        for i, item in enumerate((self.seq(node, "examples") if node is not None else None) or ()):
            path = f"examples[{i}]"
            fields = self.mapping(item, path, ("name", "profile", "expect", "citation"), ("min_confidence",))
            if fields is None:
                continue
            name = self.string(fields.get("name"), f"{path}.name")
            if name is not BAD:
                if name in names:
                    self.problem(fields["name"], f"{path}.name", "a unique example name", f"{name!r} again")
                names.add(name)
            profile = self._profile(fields["profile"], f"{path}.profile") if "profile" in fields else BAD
            expect = self._expect(fields["expect"], f"{path}.expect") if "expect" in fields else BAD
            least: Any = 0.0
            if "min_confidence" in fields:
                least = self.number(fields["min_confidence"], f"{path}.min_confidence")
                if least is not BAD and not 0.0 <= least <= 1.0:
                    self.problem(
                        fields["min_confidence"],
                        f"{path}.min_confidence",
                        "a number in [0, 1]",
                        repr(fields["min_confidence"].value),
                    )
                    least = BAD
            citation = self._citation(fields.get("citation"), f"{path}.citation", src)
            if BAD not in (name, profile, expect, least, citation):
                role, staffing, checks = expect
                out.append(Example(name, profile, role, citation, least, staffing, checks))
        return out

    def _expect(self, node: yaml.Node, path: str) -> Any:
        """A role's name; in version 2 also ``{role: ..., staffing: ...}``, either ``null``
        for "abstains" and either left out for "not checked"."""
        if self.version >= 2 and isinstance(node, yaml.MappingNode):
            fields = self.mapping(node, path, (), ("role", "staffing"))
            if not fields:
                if fields is not None:
                    self.problem(node, path, "'role' or 'staffing' (or both)", "an empty mapping")
                return BAD
            got: dict[str, Any] = {}
            for key, kind in (("role", Role), ("staffing", Staffing)):
                if key in fields:
                    got[key] = self._answer(fields[key], f"{path}.{key}", kind, nullable=True)
            if BAD in got.values():
                return BAD
            return got.get("role"), got.get("staffing"), tuple(got)
        role = self._answer(node, path, Role, nullable=False)
        return BAD if role is BAD else (role, None, ("role",))

    def _answer(
        self, node: yaml.Node, path: str, kind: type[Role] | type[Staffing], *, nullable: bool
    ) -> Any:
        if nullable and isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return None
        value = self.string(node, path)
        names = [k.value for k in kind]
        if value is not BAD and value not in names:
            expected = "one of " + ", ".join(names) + (" or null (abstains)" if nullable else "")
            self.problem(node, path, expected, repr(value), did_you_mean(value, names))
            return BAD
        return BAD if value is BAD else kind(value)

    def _profile(self, node: yaml.Node, path: str) -> Any:
        fields = self.mapping(node, path, (), tuple(FACTORS))
        if fields is None:
            return BAD
        data: dict[str, Any] = {}
        for key, value in fields.items():
            if not isinstance(value, yaml.ScalarNode) or value.tag not in (
                "tag:yaml.org,2002:str",
                "tag:yaml.org,2002:int",
                "tag:yaml.org,2002:float",
            ):
                self.problem(value, f"{path}.{key}", "a number or a level (low, medium, high)", _found(value))
                return BAD
            data[key] = self.scalar(value)
        try:
            return Profile.from_mapping(data)
        except ProfileError as exc:
            at = fields.get(exc.field, node)
            self.problem(
                at,
                f"{path}.{exc.field}" if exc.field in FACTORS else path,
                exc.allowed,
                "nothing" if exc.value is None else repr(exc.value),
            )
            return BAD

    def _authoring_semantics(self, fw: Framework) -> None:
        for i, item in enumerate(fw.items):
            for key, answer, known in (
                ("role", item.role, fw.role_ids),
                ("staffing", item.staffing, fw.staffing_ids),
            ):
                if answer is not None and answer not in known:
                    sub = f"items[{i}].{key}"
                    names = ", ".join(a.value for a in known) or "none"
                    self.problem(
                        self.at(f"items[{i}]"),
                        sub,
                        f"a {key} this framework lists ({names})",
                        repr(answer.value),
                    )
        ids = {r.id for r in fw.rules}
        for i, rule in enumerate(fw.rules):
            for j, other in enumerate(rule.contrast):
                sub = f"rules[{i}].contrast" + (f"[{j}]" if f"rules[{i}].contrast[{j}]" in self.marks else "")
                if other == rule.id or other not in ids:
                    self.problem(
                        self.at(sub),
                        sub,
                        "the id of another rule of this framework",
                        repr(other),
                        did_you_mean(other, ids - {rule.id}),
                    )
        listed = {r.value for r in fw.role_ids}
        offered = {o.value for o in fw.staffing_ids}
        for i, example in enumerate(fw.examples):
            sub = f"examples[{i}].expect"
            if example.expect is not None and example.expect.value not in listed:
                self.problem(
                    self.at(sub),
                    sub,
                    f"a role this framework lists ({', '.join(sorted(listed))})",
                    repr(example.expect.value),
                )
            if example.expect_staffing is not None and example.expect_staffing.value not in offered:
                self.problem(
                    self.at(sub),
                    f"{sub}.staffing",
                    f"a staffing option this framework lists ({', '.join(sorted(offered)) or 'none'})",
                    repr(example.expect_staffing.value),
                )

    def _base(self, node: yaml.Node) -> Framework | None:
        name = self.string(node, "extends")
        if name is BAD:
            return None
        builtin = {f.id: f for f in builtin_frameworks()}
        if name in builtin:
            return builtin[name]
        here = Path(self.name).parent if self.name and not self.name.startswith("<") else Path.cwd()
        target = (here / name).resolve()
        if not name.endswith((".yaml", ".yml")) or not target.is_file():
            self.problem(
                node,
                "extends",
                "the id of a built-in framework or the path of a framework file",
                repr(name),
                did_you_mean(name, builtin),
            )
            return None
        stack = _EXTENDING.get()
        if str(target) in stack or len(stack) >= 8:
            self.problem(
                node, "extends", "a chain of 'extends' without a loop", " -> ".join([*stack, str(target)])
            )
            return None
        token = _EXTENDING.set((*stack, str(target)))
        try:
            return load_framework(target)
        except FrameworkError as exc:
            self.problem(
                node,
                "extends",
                "a base framework without problems",
                f"{len(exc.problems)} problem(s) in {name}, the first: {exc.problems[0]}",
            )
            return None
        finally:
            _EXTENDING.reset(token)

    def _v1_extending(self, head: Mapping[str, yaml.Node]) -> Framework | None:
        base = self._base(head["extends"])
        fid = self.identifier(head["id"], "id") if "id" in head else BAD
        if base is None:
            return None
        if fid is not BAD and fid == base.id:
            self.problem(head["id"], "id", "an id of its own (not the base's)", repr(fid))
        text: dict[str, Any] = {}
        for key in ("title", "author", "source", "summary"):
            text[key] = self.string(head[key], key) if key in head else getattr(base, key)
        source_end = (
            self.string(head["source_end"], "source_end", empty=True)
            if "source_end" in head
            else base.source_end
        )
        src = text["source"] if text["source"] is not BAD else base.source
        roles = {spec.role: spec for spec in base.roles}
        roles.update((spec.role, spec) for spec in self._roles(head.get("roles"), src))
        staffing = {spec.staffing: spec for spec in base.staffing}
        staffing.update((spec.staffing, spec) for spec in self._staffing(head.get("staffing"), src))
        factors = list(base.factors)
        factors += [f for f in self._factors(head.get("factors")) if f not in factors]
        concepts = self._concepts(head.get("concepts"), src)
        rules = self._rules(head.get("rules"), src)
        items = self._items(head.get("items"), src)
        examples = self._examples(head.get("examples"), src)
        overrides = self._overrides(head.get("overrides"), base)
        for kind, mine, theirs in (
            ("concepts", [c.id for c in concepts], {c.id for c in base.concepts}),
            ("rules", [r.id for r in rules], {r.id for r in base.rules}),
        ):
            for i, cid in enumerate(mine):
                if cid in theirs:
                    hint = "use 'overrides' to change a base rule" if kind == "rules" else ""
                    self.problem(
                        self.at(f"{kind}[{i}].id"),
                        f"{kind}[{i}].id",
                        f"an id the base {base.id!r} does not use",
                        f"{cid!r}",
                        hint,
                    )
        if self.problems:
            return None
        base_rules = [attrs.evolve(r, weight=overrides[r.id]) if r.id in overrides else r for r in base.rules]
        framework = Framework(
            id=fid,
            title=text["title"],
            author=text["author"],
            source=text["source"],
            summary=text["summary"],
            roles=tuple(roles[r] for r in Role if r in roles),
            factors=tuple(factors),
            concepts=(*base.concepts, *concepts),
            rules=(*base_rules, *rules),
            items=(*base.items, *items),
            source_end=source_end,
            version=self.version,
            path=self.name,
            examples=tuple(examples),
            extends=base.id,
            staffing=tuple(staffing[o] for o in Staffing if o in staffing),
        )
        # The merged lists put the base first: shift this file's marks, check, shift back.
        offsets = {"rules": len(base.rules), "concepts": len(base.concepts), "items": len(base.items)}
        own = self.marks
        self.marks = {_shift(k, offsets, 1): v for k, v in own.items()}
        before = len(self.problems)
        self._semantics(framework)
        if not self.problems:
            self._authoring_semantics(framework)
        self.marks = own
        self.problems[before:] = [
            attrs.evolve(p, path=_shift(p.path, offsets, -1, base.id)) for p in self.problems[before:]
        ]
        return None if self.problems else framework

    def _overrides(self, node: yaml.Node | None, base: Framework) -> dict[str, float]:
        out: dict[str, float] = {}
        if node is None:
            return out
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, "overrides", "a mapping of rule ids", _found(node))
            return out
        ids = [r.id for r in base.rules]
        for key_node, value in node.value:
            key = self.string(key_node, "overrides")
            if key is BAD:
                continue
            path = f"overrides.{key}"
            if key not in ids:
                self.problem(key_node, path, f"a rule of {base.id!r}", repr(key), did_you_mean(key, ids))
                continue
            if key in out:
                self.problem(key_node, path, "each rule once", "a duplicate key")
                continue
            spec = self.mapping(value, path, ("weight",))
            if spec is not None and "weight" in spec:
                weight = self.weight(spec["weight"], f"{path}.weight")
                if weight is not BAD:
                    out[key] = weight
        return out


_EXTENDING: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("_EXTENDING", default=())
_INDEXED = re.compile(r"^(rules|concepts|items)\[(\d+)\]")


def _shift(path: str, offsets: Mapping[str, int], sign: int, base: str = "") -> str:
    """Move ``rules[i]``/``concepts[i]``/``items[i]`` paths between a file's own list and the
    merged one."""
    match = _INDEXED.match(path)
    if match is None:
        return path
    kind, index = match.group(1), int(match.group(2)) + sign * offsets[match.group(1)]
    if index < 0:
        return f"{kind} of {base!r}" + path[match.end() :]
    return f"{kind}[{index}]" + path[match.end() :]


def _offset(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset."""
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


_V1_REQUIRED = (
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
_V1_FIELDS = (
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
_V1_EXTENDING_REQUIRED = ("format", "version", "id", "extends")
#: Version 2 adds staffing options (and rules into them) and makes every rule state its basis.
_V2_FIELDS = (*_V1_FIELDS, "staffing")

_ITEM_FIELDS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
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

_READERS: Mapping[int, Callable[[_Reader, Mapping[str, yaml.Node]], Framework | None]] = {
    1: _Reader._v1,
    2: _Reader._v1,
}
