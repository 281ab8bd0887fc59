"""``extends``: a framework built on a base framework, merged and checked.

The base is a built-in framework's id or a framework file in this file's folder tree (a
relative path, never leaving that folder, symlinks resolved); this file adds
roles, staffing options, factors, concepts, rules, items and examples, and ``overrides``
base rules' weights. The merged framework is checked as a whole, its problems located in this
file.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Mapping
from pathlib import Path, PureWindowsPath
from typing import Any

import attrs
import yaml

from rolemodel._errors import FrameworkError, did_you_mean
from rolemodel._model import (
    Framework,
    Role,
    Staffing,
)
from rolemodel._sections import SectionReader
from rolemodel._yamlread import BAD, found

__all__ = ["ExtendingReader"]


class ExtendingReader(SectionReader):
    """A :class:`SectionReader` that merges ``extends``; the loader says how to find bases."""

    def builtins(self) -> tuple[Framework, ...]:
        """The built-in frameworks a file may extend by id."""
        raise NotImplementedError  # pragma: no cover - the loader's

    def load_base(self, path: Path) -> Framework:
        """Load the framework file ``path`` extends."""
        raise NotImplementedError  # pragma: no cover - the loader's

    def _base(self, node: yaml.Node) -> Framework | None:
        name = self.string(node, "extends")
        if name is BAD:
            return None
        builtin = {f.id: f for f in self.builtins()}
        if name in builtin:
            return builtin[name]
        target = self._base_path(name)
        if target is None:
            self.problem(
                node,
                "extends",
                "the id of a built-in framework, or the relative path of a .yaml or .yml framework"
                " file in this file's folder or below it",
                repr(name),
                did_you_mean(name, builtin),
                code="RM013",
            )
            return None
        stack = _EXTENDING.get()
        if str(target) in stack or len(stack) >= 8:
            self.problem(
                node,
                "extends",
                _LOOP,
                " -> ".join([*stack, str(target)]),
                code="RM013",
            )
            return None
        token = _EXTENDING.set((*stack, str(target)))
        try:
            return self.load_base(target)
        except FrameworkError as exc:
            # Say where the base is wrong and what it should hold, never what it holds.
            first = exc.problems[0]
            place = f"{first.line}:{first.column}" if first.line else "the file"
            detail = f"expected {first.expected}"
            if first.path == "extends" and first.expected in (_LOOP, _BROKEN):
                detail += f", found {first.found}"  # this module's own words, not the base's
            self.problem(
                node,
                "extends",
                _BROKEN,
                f"{len(exc.problems)} problem(s) in {name}, the first at {place}: {detail}"
                f" (load {name} alone to see them all)",
                code="RM013",
            )
            return None
        finally:
            _EXTENDING.reset(token)

    def _base_path(self, name: str) -> Path | None:
        """The base file ``name`` names, confined to this file's folder tree; None if refused.

        Only a relative path to a ``.yaml``/``.yml`` regular file, which, symlinks resolved,
        is inside the folder of the extending file (of the working directory, for text
        without a file): no absolute path, no ``..`` out of it, no link leading elsewhere.
        """
        if not name.endswith((".yaml", ".yml")) or "\0" in name:
            return None
        relative = Path(name)
        if relative.is_absolute() or relative.anchor or PureWindowsPath(name).anchor:
            return None
        here = Path(self.name).parent if self.name and not self.name.startswith("<") else Path.cwd()
        try:
            root = here.resolve()
            target = (root / relative).resolve()
        except (OSError, RuntimeError, ValueError):
            return None
        if not target.is_relative_to(root) or not target.is_file():
            return None
        return target

    def _v1_extending(self, head: Mapping[str, yaml.Node]) -> Framework | None:
        base = self._base(head["extends"])
        fid = self.identifier(head["id"], "id") if "id" in head else BAD
        if base is None:
            return None
        self.base = base
        if fid is not BAD and fid == base.id:
            self.problem(head["id"], "id", "an id of its own (not the base's)", repr(fid), code="RM013")
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
                        code="RM013",
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
            self.problem(node, "overrides", "a mapping of rule ids", found(node), code="RM013")
            return out
        ids = [r.id for r in base.rules]
        known = set(ids)
        for key_node, value in node.value:
            key = self.string(key_node, "overrides")
            if key is BAD:
                continue
            path = f"overrides.{key}"
            self.marks.setdefault(
                f"{path}#key", (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            )
            if key not in known:
                self.problem(
                    key_node, path, f"a rule of {base.id!r}", repr(key), did_you_mean(key, ids), code="RM013"
                )
                continue
            if key in out:
                self.problem(key_node, path, "each rule once", "a duplicate key", code="RM013")
                continue
            spec = self.mapping(value, path, ("weight",))
            if spec is not None and "weight" in spec:
                weight = self.weight(spec["weight"], f"{path}.weight")
                if weight is not BAD:
                    out[key] = weight
        return out


_LOOP = "a chain of 'extends' without a loop"
_BROKEN = "a base framework without problems"
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
