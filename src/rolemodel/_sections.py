"""The framework format read from a composed YAML tree: dispatch on ``format`` and ``version``,
then each section (roles, staffing, factors, concepts, rules, items, examples) into model
values, every problem located and coded."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

import yaml

from rolemodel._errors import ProfileError, did_you_mean
from rolemodel._format import (
    ITEM_FIELDS,
    MAX_QUOTE,
    V1_EXTENDING_REQUIRED,
    V1_FIELDS,
    V1_REQUIRED,
    V2_FIELDS,
)
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
)
from rolemodel._profile import FACTORS, Profile
from rolemodel._semantics import FrameworkChecks
from rolemodel._yamlread import BAD, MAX_NUMBER_TEXT, NodeReader, found, number_text

__all__ = ["SectionReader"]


class SectionReader(FrameworkChecks, NodeReader):
    """Reads a framework document; ``extends`` is :class:`rolemodel._extends.ExtendingReader`'s."""

    def _v1_extending(self, head: Mapping[str, yaml.Node]) -> Framework | None:
        raise NotImplementedError  # pragma: no cover - ExtendingReader's

    # the document -----------------------------------------------------------------------------

    def _document(self, root: yaml.Node) -> Framework | None:
        if not isinstance(root, yaml.MappingNode):
            self.problem(root, "", "a mapping", found(root), code="RM006")
            return None
        # Peek at format and version to dispatch; the version's reader checks every field once.
        top = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
        if "format" in top:
            fmt = self.string(top["format"], "format")
            if fmt is not BAD and fmt != FORMAT:
                self.problem(top["format"], "format", repr(FORMAT), repr(fmt), code="RM003")
                return None
        if "version" not in top:
            for key in ("format", "version"):
                if key not in top:
                    self.problem(root, "<document>", f"the field {key!r}", "no such field", code="RM005")
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
                found(version_node),
                "this rolemodel is too old for the file, or the version is mistyped",
                code="RM003",
            )
            return None
        self.version = version
        required = V1_EXTENDING_REQUIRED if "extends" in top else V1_REQUIRED
        head = self.mapping(root, "", required, V1_FIELDS if version == 1 else V2_FIELDS)
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
                code="RM013",
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
                code="RM010",
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
                self.problem(node, "roles", "at least one role", "none", code="RM007")
            return out
        return self._answer_specs(roles, "roles", src, lambda key: Role(key), RoleSpec)

    def _staffing(self, node: yaml.Node | None, src: str) -> list[StaffingSpec]:
        if node is None:
            return []
        options = self.mapping(node, "staffing", (), [o.value for o in Staffing])
        return self._answer_specs(options or {}, "staffing", src, lambda key: Staffing(key), StaffingSpec)

    def _answer_specs(
        self,
        entries: Mapping[str, yaml.Node],
        section: str,
        src: str,
        answer: Callable[[str], Any],
        spec: Callable[[Any, Any, Any, Any], Any],
    ) -> list[Any]:
        """The answers of a ``roles:`` or ``staffing:`` section: baseline, says and citation each."""
        out = []
        for key, value in entries.items():
            path = f"{section}.{key}"
            fields = self.mapping(value, path, ("says", "citation"), ("baseline",))
            if fields is None:
                continue
            baseline = self.weight(fields["baseline"], f"{path}.baseline") if "baseline" in fields else 0.1
            says = self.string(fields.get("says"), f"{path}.says")
            citation = self._citation(fields.get("citation"), f"{path}.citation", src)
            if BAD not in (baseline, says, citation):
                out.append(spec(answer(key), baseline, says, citation))
        return out

    def _factors(self, node: yaml.Node | None) -> list[str]:
        items = self.seq(node, "factors") if node is not None else []
        out: list[str] = []
        for i, item in enumerate(items or ()):
            path = f"factors[{i}]"
            name = self.string(item, path)
            if name is BAD:
                continue
            self.marks.setdefault(f"factors={name}", self.at(path))
            if name not in FACTORS:
                self.problem(
                    item,
                    path,
                    "a factor from the catalogue",
                    repr(name),
                    did_you_mean(name, FACTORS),
                    code="RM008",
                )
            elif name in out:
                self.problem(item, path, "each factor once", f"{name!r} again", code="RM009")
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
            self.problem(node, "rules", "at least one rule", "an empty list", code="RM007")
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
            self.problem(
                node,
                path,
                "one of " + ", ".join(BASES),
                repr(value),
                did_you_mean(value, BASES),
                code="RM014",
            )
            return BAD
        return value

    def _condition(self, node: yaml.Node, path: str) -> Any:
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode) and node.value == "always":
            return Always()
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, "a condition ('always' or a mapping)", found(node), code="RM006")
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
                self.problem(
                    fields[which], f"{path}.{which}", "at least one condition", "an empty list", code="RM007"
                )
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
                    fields["factor"],
                    f"{path}.factor",
                    "'stage' (only the stage takes 'is')",
                    repr(name),
                    code="RM008",
                )
                return BAD
            stages = self.seq(fields["is"], f"{path}.is")
            if not stages:
                if stages is not None:
                    self.problem(
                        fields["is"], f"{path}.is", "at least one stage", "an empty list", code="RM007"
                    )
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
                        code="RM008",
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
                fields[direction],
                f"{path}.{direction}",
                "two numbers [low, high]",
                f"{len(bounds)} values",
                code="RM007",
            )
            return BAD
        low = self.number(bounds[0], f"{path}.{direction}[0]")
        high = self.number(bounds[1], f"{path}.{direction}[1]")
        if BAD in (name, low, high):
            return BAD
        if not low < high:
            self.problem(
                fields[direction], f"{path}.{direction}", "low < high", f"[{low:g}, {high:g}]", code="RM007"
            )
            return BAD
        return Ramp(source, name, low, high, direction == "rising")

    def _items(self, node: yaml.Node | None, src: str) -> list[Item]:
        out: list[Item] = []
        for i, item in enumerate((self.seq(node, "items") if node is not None else None) or ()):
            path = f"items[{i}]"
            if not isinstance(item, yaml.MappingNode):
                self.problem(item, path, "a mapping", found(item), code="RM006")
                continue
            kind_node = next((v for k, v in item.value if getattr(k, "value", None) == "kind"), None)
            kind = self.string(kind_node, f"{path}.kind") if kind_node is not None else BAD
            if kind is BAD:
                if kind_node is None:
                    self.problem(item, path, "the field 'kind'", "no such field", code="RM005")
                continue
            if kind not in ITEM_KINDS:
                self.problem(
                    kind_node,
                    f"{path}.kind",
                    "one of " + ", ".join(ITEM_KINDS),
                    repr(kind),
                    did_you_mean(kind, ITEM_KINDS),
                    code="RM008",
                )
                continue
            required, optional = ITEM_FIELDS[kind]
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
                            code="RM008",
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

    # authoring: contrast, examples, extends --------------------------------------------------

    def _contrast(self, node: yaml.Node, path: str) -> Any:
        if isinstance(node, yaml.SequenceNode):
            ids = [self.identifier(n, f"{path}[{j}]") for j, n in enumerate(node.value)]
            if not ids:
                self.problem(node, path, "at least one rule id", "an empty list", code="RM007")
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
                    self.problem(
                        fields["name"],
                        f"{path}.name",
                        "a unique example name",
                        f"{name!r} again",
                        code="RM009",
                    )
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
                        code="RM007",
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
                    self.problem(
                        node, path, "'role' or 'staffing' (or both)", "an empty mapping", code="RM007"
                    )
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
            self.problem(
                node,
                path,
                expected,
                repr(value),
                did_you_mean(value, names),
                code="RM015" if kind is Staffing else "RM008",
            )
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
                self.problem(
                    value,
                    f"{path}.{key}",
                    "a number or a level (low, medium, high)",
                    found(value),
                    code="RM012",
                )
                return BAD
            data[key] = self.scalar(value)
            if data[key] is BAD:  # a number too long to read
                self.problem(
                    value,
                    f"{path}.{key}",
                    f"a number written in at most {MAX_NUMBER_TEXT} characters",
                    number_text(value.value),
                    code="RM012",
                )
                return BAD
        try:
            return Profile.from_mapping(data)
        except ProfileError as exc:
            at = fields.get(exc.field, node)
            self.problem(
                at,
                f"{path}.{exc.field}" if exc.field in FACTORS else path,
                exc.allowed,
                "nothing" if exc.value is None else repr(exc.value),
                code="RM012",
            )
            return BAD


_READERS: Mapping[int, Callable[[SectionReader, Mapping[str, yaml.Node]], Framework | None]] = {
    1: SectionReader._v1,
    2: SectionReader._v1,
}
