"""The loader's first two passes and its node helpers: bytes and YAML events checked, then
mappings, lists, strings and numbers read from composed nodes, each problem located and coded.

:class:`NodeReader` gathers problems (with their ``RM0xx`` code) and the position of every
path it reads (``marks``); the framework format is read on top of it by
:mod:`rolemodel._sections`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import yaml

from rolemodel._errors import Reporter, did_you_mean
from rolemodel._format import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_EVENTS,
)
from rolemodel._model import (
    Framework,
)

__all__ = [
    "BAD",
    "MAX_NUMBER",
    "MAX_NUMBER_TEXT",
    "MAX_WEIGHT",
    "NodeReader",
    "SafeLoader",
    "found",
    "number_text",
]

#: The bounds of a framework's numbers, the library's choice: a rule's weight and an answer's
#: baseline are at most ``MAX_WEIGHT``; any other number (a ramp bound) is at most
#: ``MAX_NUMBER`` in size, far past any count a profile takes (``MAX_COUNT``); and a number
#: written in more than ``MAX_NUMBER_TEXT`` characters is refused unread.
MAX_WEIGHT = 1e6
MAX_NUMBER = 1e9
MAX_NUMBER_TEXT = 100

SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

_TAG_TYPES = {
    "tag:yaml.org,2002:str": "a string",
    "tag:yaml.org,2002:int": "an integer",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:null": "null",
}


class _Bad:
    """A value that was reported as a problem; parsing goes on around it."""


BAD: Any = _Bad()


def found(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    kind = _TAG_TYPES.get(node.tag, "a value")
    if node.tag == "tag:yaml.org,2002:null":
        return "nothing (null)"
    value = node.value if len(node.value) <= 60 else node.value[:57] + "..."
    return f"{kind} {value!r}"


class NodeReader(Reporter):
    """Reads nodes of one framework text named ``name``; ``problems`` and ``marks`` fill up."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.version = 1
        self._constructor = yaml.SafeLoader("")

        self.base: Framework | None = None

    # reporting --------------------------------------------------------------------------------

    def problem(
        self,
        at: yaml.Node | tuple[int, int] | None,
        path: str,
        expected: str,
        found: str,
        hint: str = "",
        *,
        code: str,
    ) -> None:
        """Note a problem at ``at``: a node (its position), a ``(line, column)`` or ``None``."""
        if isinstance(at, yaml.Node):
            at = (at.start_mark.line + 1, at.start_mark.column + 1)
        super().problem(at, path, expected, found, hint, code=code)

    # passes -----------------------------------------------------------------------------------

    def read(self, text: str | bytes) -> Framework | None:
        root = self.compose(text, "a framework document")
        return None if root is None else self._document(root)

    def compose(self, text: str | bytes, what: str) -> yaml.Node | None:
        """The node tree of ``text`` (safe loader, no tags run), or ``None`` with the problem
        noted: bytes that are not UTF-8, a document past the bounds, bad syntax, or an empty
        document where ``what`` was expected."""
        decoded = self._decode(text)
        if decoded is None or not self._scan(decoded):
            return None
        try:
            root = yaml.compose(decoded, Loader=SafeLoader)
        except yaml.MarkedYAMLError as exc:
            self._syntax(exc)
            return None
        if root is None:
            self.problem(None, "", what, "an empty document", code="RM001")
        return root

    def _decode(self, text: str | bytes) -> str | None:
        if isinstance(text, bytes):
            if len(text) > MAX_BYTES:
                self.problem(None, "", f"at most {MAX_BYTES} bytes", f"{len(text)} bytes", code="RM001")
                return None
            if b"\0" in text:
                offset = text.index(b"\0")
                self.problem(
                    _offset(text, offset), "", "UTF-8 text", "a binary file (NUL byte)", code="RM001"
                )
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
                    code="RM001",
                )
                return None
        if len(text) > MAX_BYTES:
            self.problem(None, "", f"at most {MAX_BYTES} characters", f"{len(text)} characters", code="RM001")
            return None
        if "\0" in text:
            self.problem(None, "", "text", "a NUL character", code="RM001")
            return None
        text = text.removeprefix("\ufeff")
        if not text.strip():
            self.problem(None, "", "a framework document", "an empty file", code="RM001")
            return None
        return text

    def _syntax(self, exc: yaml.MarkedYAMLError) -> None:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark is not None else None
        self.problem(
            where, "", "valid YAML", str(exc.problem or exc.context or "a syntax error"), code="RM002"
        )

    def _scan(self, text: str) -> bool:
        depth = 0
        try:
            for count, event in enumerate(yaml.parse(text, Loader=SafeLoader)):
                mark = event.start_mark
                where = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
                if count > MAX_EVENTS:
                    self.problem(where, "", f"at most {MAX_EVENTS} YAML nodes", "more", code="RM002")
                    return False
                if isinstance(event, yaml.AliasEvent):
                    self.problem(
                        where,
                        "",
                        "plain YAML",
                        f"an alias *{event.anchor}",
                        "anchors and aliases are not allowed in a framework",
                        code="RM002",
                    )
                    return False
                if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                    self.problem(
                        where,
                        "",
                        "plain YAML",
                        f"an anchor &{event.anchor}",
                        "anchors and aliases are not allowed in a framework",
                        code="RM002",
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
                        where,
                        "",
                        "plain YAML",
                        f"the tag {tag}",
                        "tags are not allowed in a framework",
                        code="RM002",
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
                            code="RM002",
                        )
                        return False
                    depth += 1
                    if depth > MAX_DEPTH:
                        self.problem(
                            where, "", f"nesting at most {MAX_DEPTH} deep", "deeper nesting", code="RM002"
                        )
                        return False
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
        except yaml.MarkedYAMLError as exc:
            self._syntax(exc)
            return False
        except yaml.YAMLError as exc:  # pragma: no cover - libyaml without a mark
            self.problem(None, "", "valid YAML", str(exc), code="RM002")
            return False
        return True

    def _document(self, root: yaml.Node) -> Framework | None:
        raise NotImplementedError  # pragma: no cover - SectionReader's

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
            self.problem(node, path, "a mapping", found(node), code=_coded(path, "RM006"))
            return None
        required, optional = tuple(required), tuple(optional)
        known = required + optional
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key_node.tag != "tag:yaml.org,2002:str":
                self.problem(key_node, path, "a field name", found(key_node), code=_coded(path, "RM006"))
                continue
            sub = f"{path}.{key}" if path else key
            self.marks.setdefault(
                f"{sub}#key", (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            )
            if key in out:
                self.problem(key_node, sub, "each field once", "a duplicate key", code=_coded(sub, "RM009"))
                continue
            if key not in known:
                self.problem(
                    key_node,
                    sub,
                    "one of " + ", ".join(known),
                    f"the unknown field {key!r}",
                    did_you_mean(key, known),
                    code="RM015" if re.fullmatch(r"staffing\.[^.]+", sub) else "RM004",
                )
                continue
            out[key] = value_node
        for key in required:
            if key not in out:
                self.problem(
                    node,
                    path or "<document>",
                    f"the field {key!r}",
                    "no such field",
                    code="RM014" if key == "basis" and re.fullmatch(r"rules\[\d+\]", path) else "RM005",
                )
        return out

    def seq(self, node: yaml.Node, path: str) -> list[yaml.Node] | None:
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, path, "a list", found(node), code=_coded(path, "RM006"))
            return None
        return list(node.value)

    def scalar(self, node: yaml.Node) -> Any:
        """The Python value of a scalar node, or :data:`BAD` when it has none: a number written
        in more than :data:`MAX_NUMBER_TEXT` characters (refused unread), or a value PyYAML
        cannot build (an integer past Python's digit limit, a date that does not exist)."""
        if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_TEXT:
            return BAD
        self._constructor.constructed_objects = {}
        try:
            return self._constructor.construct_object(node, deep=True)
        except (ArithmeticError, ValueError, yaml.YAMLError):
            return BAD

    def string(self, node: yaml.Node | None, path: str, *, empty: bool = False) -> Any:
        if node is None:
            return "" if empty else BAD
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            self.problem(node, path, "a string", found(node), code=_coded(path, "RM006"))
            return BAD
        if not empty and not node.value.strip():
            self.problem(node, path, "a non-empty string", "an empty string", code=_coded(path, "RM007"))
            return BAD
        return (
            node.value.strip()
            if path.endswith((".says", "summary", ".management", ".leadership"))
            else node.value
        )

    def identifier(self, node: yaml.Node, path: str) -> Any:
        value = self.string(node, path)
        if value is not BAD and not _ID.match(value):
            self.problem(
                node,
                path,
                "an id of lowercase letters, digits, '-' and '_'",
                repr(value),
                code=_coded(path, "RM007"),
            )
            return BAD
        return value

    def number(
        self, node: yaml.Node, path: str, *, least: float = -MAX_NUMBER, most: float = MAX_NUMBER
    ) -> Any:
        """A number from ``least`` to ``most``, as a float; else a located problem and :data:`BAD`.

        An integer of any size is compared before it becomes a float, so nothing overflows;
        what was there is shown short (never thousands of digits)."""
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _NUMBER_TAGS:
            self.problem(node, path, "a number", found(node), code=_coded(path, "RM006"))
            return BAD
        value = self.scalar(node)
        if value is not BAD and least <= value <= most:  # NaN fails too
            return float(value)
        finite = value is not BAD and (isinstance(value, int) or math.isfinite(value))
        if least == 0 and finite and value < 0:
            expected = f"a number >= 0 and at most {most:,.0f}"
        elif least == 0:
            expected = f"a finite number >= 0 and at most {most:,.0f}"
        else:
            expected = f"a finite number from {least:,.0f} to {most:,.0f}"
        self.problem(node, path, expected, number_text(node.value), code=_coded(path, "RM007"))
        return BAD

    def weight(self, node: yaml.Node, path: str) -> Any:
        """A weight or a baseline: a number from 0 to :data:`MAX_WEIGHT`."""
        return self.number(node, path, least=0.0, most=MAX_WEIGHT)


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def number_text(text: str) -> str:
    """What a number's node held, short: the text itself, or its start and its length."""
    if len(text) <= 30:
        return repr(text)
    return f"a number written in {len(text)} characters, starting {text[:12]!r}"


def _coded(path: str, code: str) -> str:
    """``code`` for a problem at ``path``, unless the path says whose part it is: the basis of
    a rule (RM014), ``extends``/``overrides`` (RM013), the format or version (RM003), or, short
    of a duplicate, an example's profile (RM012)."""
    if re.fullmatch(r"rules\[\d+\]\.basis", path):
        return "RM014"
    if path == "extends" or path.startswith("overrides"):
        return "RM013"
    if path in ("format", "version"):
        return "RM003"
    if code != "RM009" and re.match(r"examples\[\d+\]\.profile", path):
        return "RM012"
    return code


def _offset(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset."""
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1
