"""The instrument file read from its composed YAML tree: each section into model values, every
problem located (file, line, column, field, expected, found) on the framework loader's node
helpers (:class:`rolemodel._yamlread.NodeReader`). :func:`rolemodel._instrument.loads_instrument`
is its door."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import yaml

from rolemodel._errors import did_you_mean
from rolemodel._format import MAX_QUOTE
from rolemodel._instrument import (
    INSTRUMENT_FORMAT,
    POLES,
    SEATS,
    SUPPORTED_VERSIONS,
    Dimension,
    Instrument,
    InstrumentItem,
    Need,
    Poles,
    Prescription,
    Readiness,
    Scale,
)
from rolemodel._model import Citation, Role
from rolemodel._yamlread import BAD, NodeReader, found

__all__ = ["InstrumentReader"]

_KINDS = ("likert", "forced_choice")
#: The top-level fields of an instrument file, every one required, in the file's order.
_SECTIONS = (
    "format",
    "version",
    "id",
    "title",
    "summary",
    "scales",
    "dimensions",
    "items",
    "needs",
    "prescriptions",
    "readiness",
)
_PRESCRIPTION_KINDS = ("practice", "caveat")
#: The most points a likert scale may have (the library's bound).
_MAX_POINTS = 11


class InstrumentReader(NodeReader):
    """Reads one instrument document on the framework loader's node helpers."""

    def read_instrument(self, text: str | bytes) -> Instrument | None:
        return cast("Instrument | None", self.read(text))

    def _document(self, root: yaml.Node) -> Any:
        head = self.mapping(
            root,
            "",
            _SECTIONS,
        )
        if head is None:
            return None
        if "format" in head:
            fmt = self.string(head["format"], "format")
            if fmt is not BAD and fmt != INSTRUMENT_FORMAT:
                self.problem(head["format"], "format", repr(INSTRUMENT_FORMAT), repr(fmt), code="RM003")
                return None
        if "version" in head:
            node = head["version"]
            version = self.scalar(node) if isinstance(node, yaml.ScalarNode) else None
            if not isinstance(version, int) or isinstance(version, bool) or version not in SUPPORTED_VERSIONS:
                self.problem(
                    node,
                    "version",
                    "a supported version (" + ", ".join(map(str, SUPPORTED_VERSIONS)) + ")",
                    found(node),
                    "this rolemodel is too old for the file, or the version is mistyped",
                    code="RM003",
                )
                return None
        if self.problems:
            return None
        iid = self.identifier(head["id"], "id")
        title = self.string(head["title"], "title")
        summary = self.string(head["summary"], "summary")
        scales = self._scales(head["scales"])
        dimensions = self._dimensions(head["dimensions"])
        items = self._items(head["items"], scales, dimensions)
        needs = self._needs(head["needs"])
        prescriptions = self._prescriptions(head["prescriptions"])
        readiness = self._readiness(head["readiness"])
        if self.problems:
            return None
        return Instrument(
            id=iid,
            title=title,
            summary=summary,
            version=1,
            scales=tuple(scales.values()),
            dimensions=tuple(dimensions),
            items=tuple(items),
            needs=tuple(needs),
            prescriptions=tuple(prescriptions),
            readiness=readiness,
            path=self.name,
        )

    # helpers ----------------------------------------------------------------------------------

    def _citation(self, node: yaml.Node | None, path: str) -> Any:
        if node is None:
            return BAD
        fields = self.mapping(node, path, ("source", "quote"))
        if fields is None or len(fields) < 2:
            return BAD
        source = self.string(fields["source"], f"{path}.source")
        quote = self.string(fields["quote"], f"{path}.quote")
        if quote is not BAD and (len(quote) > MAX_QUOTE or "\n" in quote):
            self.problem(
                fields["quote"],
                f"{path}.quote",
                f"a short quote (one line, at most {MAX_QUOTE} characters)",
                f"{len(quote)} characters",
                code="RM010",
            )
            return BAD
        return BAD if BAD in (source, quote) else Citation(source=source, quote=quote)

    def _choice(self, node: yaml.Node, path: str, allowed: Sequence[str], code: str = "RM007") -> Any:
        value = self.string(node, path)
        if value is not BAD and value not in allowed:
            self.problem(
                node,
                path,
                "one of " + ", ".join(allowed),
                repr(value),
                did_you_mean(value, allowed),
                code=code,
            )
            return BAD
        return value

    def _unique(self, node: yaml.Node, path: str, value: Any, seen: set[str]) -> Any:
        if value is not BAD and value in seen:
            self.problem(node, path, "a unique id", f"{value!r} again", code="RM009")
            return BAD
        if value is not BAD:
            seen.add(value)
        return value

    def _list(self, node: yaml.Node, path: str) -> list[yaml.Node]:
        items = self.seq(node, path)
        if items is not None and not items:
            self.problem(node, path, "at least one entry", "an empty list", code="RM007")
        return items or []

    # sections ---------------------------------------------------------------------------------

    def _scales(self, node: yaml.Node) -> dict[str, Scale]:
        out: dict[str, Scale] = {}
        for key, value in self._keyed(node, "scales").items():
            path = f"scales.{key}"
            fields = self.mapping(value, path, ("kind",), ("points", "labels", "options"))
            if fields is None or "kind" not in fields:
                continue
            kind = self._choice(fields["kind"], f"{path}.kind", _KINDS)
            if kind == "likert":
                for extra in ("options",):
                    if extra in fields:
                        self.problem(
                            fields[extra],
                            f"{path}.{extra}",
                            "no options on a likert scale",
                            "options",
                            code="RM004",
                        )
                if "points" not in fields:
                    self.problem(value, path, "the field 'points'", "no such field", code="RM005")
                    continue
                points = self.number(fields["points"], f"{path}.points", least=2, most=_MAX_POINTS)
                if points is not BAD and not float(points).is_integer():
                    self.problem(
                        fields["points"],
                        f"{path}.points",
                        "a whole number",
                        repr(fields["points"].value),
                        code="RM007",
                    )
                    points = BAD
                labels = self._strings(fields.get("labels"), f"{path}.labels")
                if points is not BAD and labels is not BAD and labels and len(labels) != int(points):
                    self.problem(
                        fields["labels"],
                        f"{path}.labels",
                        f"{int(points)} labels, one per point",
                        f"{len(labels)}",
                        code="RM007",
                    )
                    labels = BAD
                if BAD not in (points, labels):
                    out[key] = Scale(key, kind, int(points), tuple(labels))
            elif kind == "forced_choice":
                for extra in ("points", "labels"):
                    if extra in fields:
                        self.problem(
                            fields[extra],
                            f"{path}.{extra}",
                            "no points or labels on a forced-choice scale (it has two options)",
                            extra,
                            code="RM004",
                        )
                if "options" not in fields:
                    self.problem(value, path, "the field 'options'", "no such field", code="RM005")
                    continue
                options = self._strings(fields["options"], f"{path}.options")
                if options is not BAD and (len(options) != 2 or len({o.lower() for o in options}) != 2):
                    self.problem(
                        fields["options"],
                        f"{path}.options",
                        "two different options",
                        f"{len(options)} options",
                        code="RM007",
                    )
                    options = BAD
                if options is not BAD:
                    out[key] = Scale(key, kind, 0, (), tuple(o.lower() for o in options))
        return out

    def _keyed(self, node: yaml.Node, path: str) -> dict[str, yaml.Node]:
        """A mapping whose keys are ids the file chooses (the scales), each once."""
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, "a mapping", found(node), code="RM006")
            return {}
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self.identifier(key_node, path)
            if key is BAD:
                continue
            if key in out:
                self.problem(key_node, f"{path}.{key}", "each id once", "a duplicate key", code="RM009")
                continue
            out[key] = value_node
        if not out and not self.problems:
            self.problem(node, path, "at least one entry", "none", code="RM007")
        return out

    def _strings(self, node: yaml.Node | None, path: str) -> Any:
        if node is None:
            return []
        items = self.seq(node, path)
        if items is None:
            return BAD
        values = [self.string(n, f"{path}[{i}]") for i, n in enumerate(items)]
        return BAD if BAD in values else values

    def _dimensions(self, node: yaml.Node) -> list[Dimension]:
        out: list[Dimension] = []
        seen: set[str] = set()
        for i, item in enumerate(self._list(node, "dimensions")):
            path = f"dimensions[{i}]"
            fields = self.mapping(item, path, ("id", "name", "management", "leadership", "citation"))
            if fields is None:
                continue
            did = self.identifier(fields["id"], f"{path}.id") if "id" in fields else BAD
            did = self._unique(fields.get("id", item), f"{path}.id", did, seen)
            name = self.string(fields.get("name"), f"{path}.name")
            management = self.string(fields.get("management"), f"{path}.management")
            leadership = self.string(fields.get("leadership"), f"{path}.leadership")
            citation = self._citation(fields.get("citation"), f"{path}.citation")
            if BAD not in (did, name, management, leadership, citation):
                out.append(Dimension(did, name, management, leadership, citation))
        return out

    def _items(
        self, node: yaml.Node, scales: Mapping[str, Scale], dimensions: Sequence[Dimension]
    ) -> list[InstrumentItem]:
        out: list[InstrumentItem] = []
        seen: set[str] = set()
        known = [d.id for d in dimensions]
        for i, item in enumerate(self._list(node, "items")):
            path = f"items[{i}]"
            fields = self.mapping(
                item,
                path,
                ("id", "dimension", "scale", "text", "management", "leadership", "citation"),
                ("choices", "coaching"),
            )
            if fields is None:
                continue
            iid = self.identifier(fields["id"], f"{path}.id") if "id" in fields else BAD
            iid = self._unique(fields.get("id", item), f"{path}.id", iid, seen)
            dim = (
                self._choice(fields["dimension"], f"{path}.dimension", known, "RM008")
                if "dimension" in fields
                else BAD
            )
            scale_id = (
                self._choice(fields["scale"], f"{path}.scale", list(scales), "RM008")
                if "scale" in fields
                else BAD
            )
            text = self.string(fields.get("text"), f"{path}.text")
            citation = self._citation(fields.get("citation"), f"{path}.citation")
            coaching: Any = False
            if "coaching" in fields:
                coaching = self.scalar(fields["coaching"])
                if not isinstance(coaching, bool) or fields["coaching"].tag != "tag:yaml.org,2002:bool":
                    self.problem(
                        fields["coaching"],
                        f"{path}.coaching",
                        "true or false",
                        found(fields["coaching"]),
                        code="RM006",
                    )
                    coaching = BAD
            if scale_id is BAD or "management" not in fields or "leadership" not in fields:
                continue
            scale = scales[scale_id]
            poles, choices = self._poles(fields, path, scale)
            if BAD not in (iid, dim, text, citation, coaching, poles, choices):
                out.append(InstrumentItem(iid, dim, scale, text, poles, citation, choices, coaching))
        for dimension in dimensions:
            if dimension.id not in {it.dimension for it in out} and not self.problems:
                self.problem(
                    self.at("dimensions"),
                    "dimensions",
                    f"an item on the dimension {dimension.id!r}",
                    "none",
                    code="RM007",
                )
        return out

    def _poles(self, fields: Mapping[str, yaml.Node], path: str, scale: Scale) -> tuple[Any, Any]:
        if scale.kind == "likert":
            if "choices" in fields:
                self.problem(
                    fields["choices"],
                    f"{path}.choices",
                    "no choices on a likert item",
                    "choices",
                    code="RM004",
                )
                return BAD, BAD
            ends = [self.number(fields[p], f"{path}.{p}", least=1, most=scale.points) for p in POLES]
            if BAD in ends:
                return BAD, BAD
            if any(not float(e).is_integer() for e in ends) or ends[0] == ends[1]:
                self.problem(
                    fields["leadership"],
                    f"{path}.leadership",
                    "two different whole points of the scale",
                    f"{ends[0]:g} and {ends[1]:g}",
                    code="RM007",
                )
                return BAD, BAD
            return Poles(int(ends[0]), int(ends[1])), {}
        if "choices" not in fields:
            self.problem(self.at(path), path, "the field 'choices'", "no such field", code="RM005")
            return BAD, BAD
        choices = self.mapping(fields["choices"], f"{path}.choices", scale.options)
        if choices is None or len(choices) != len(scale.options):
            return BAD, BAD
        texts = {k: self.string(v, f"{path}.choices.{k}") for k, v in choices.items()}
        ends = [self._choice(fields[p], f"{path}.{p}", scale.options) for p in POLES]
        if BAD in ends or BAD in texts.values():
            return BAD, BAD
        if ends[0] == ends[1]:
            self.problem(
                fields["leadership"],
                f"{path}.leadership",
                "the other option than 'management'",
                repr(ends[1]),
                code="RM007",
            )
            return BAD, BAD
        return Poles(ends[0], ends[1]), {k: texts[k] for k in scale.options}

    def _needs(self, node: yaml.Node) -> list[Need]:
        out: list[Need] = []
        roles = [r.value for r in Role]
        for i, item in enumerate(self._list(node, "needs")):
            path = f"needs[{i}]"
            fields = self.mapping(
                item, path, ("seat", "need", "band", "basis", "says", "citation"), ("role",)
            )
            if fields is None:
                continue
            seat = self._choice(fields["seat"], f"{path}.seat", SEATS) if "seat" in fields else BAD
            role = self._choice(fields["role"], f"{path}.role", roles, "RM008") if "role" in fields else None
            need = self._choice(fields["need"], f"{path}.need", (*POLES, "both")) if "need" in fields else BAD
            basis = (
                self._choice(fields["basis"], f"{path}.basis", ("article", "calibration"), "RM014")
                if "basis" in fields
                else BAD
            )
            band = self._band(fields["band"], f"{path}.band") if "band" in fields else BAD
            says = self.string(fields.get("says"), f"{path}.says")
            citation = self._citation(fields.get("citation"), f"{path}.citation")
            if BAD in (seat, role, need, basis, band, says, citation):
                continue
            if any(n.seat == seat and n.role == (Role(role) if role else None) for n in out):
                self.problem(
                    item,
                    path,
                    "one need per seat and role",
                    f"{seat} / {role or 'any role'} again",
                    code="RM009",
                )
                continue
            out.append(Need(seat, Role(role) if role else None, need, band, basis, says, citation))
        for seat in SEATS:
            if (
                not any(n.seat == seat and n.role is None for n in out)
                and not all(any(n.seat == seat and n.role is r for n in out) for r in Role)
                and not self.problems
            ):
                self.problem(
                    self.at("needs"),
                    "needs",
                    f"a need for the seat {seat!r} (with no role: any role)",
                    "none",
                    code="RM007",
                )
        return out

    def _band(self, node: yaml.Node, path: str) -> Any:
        items = self.seq(node, path)
        if items is None:
            return BAD
        if len(items) != 2:
            self.problem(node, path, "[low, high]", f"{len(items)} numbers", code="RM007")
            return BAD
        low, high = (self.number(n, f"{path}[{j}]", least=0, most=1) for j, n in enumerate(items))
        if BAD in (low, high):
            return BAD
        if low > high:
            self.problem(node, path, "low <= high", f"[{low:g}, {high:g}]", code="RM007")
            return BAD
        return (float(low), float(high))

    def _prescriptions(self, node: yaml.Node) -> list[Prescription]:
        out: list[Prescription] = []
        seen: set[str] = set()
        for i, item in enumerate(self._list(node, "prescriptions")):
            path = f"prescriptions[{i}]"
            fields = self.mapping(
                item, path, ("id", "kind", "toward", "seats", "says", "citation"), ("scope",)
            )
            if fields is None:
                continue
            pid = self.identifier(fields["id"], f"{path}.id") if "id" in fields else BAD
            pid = self._unique(fields.get("id", item), f"{path}.id", pid, seen)
            kind = (
                self._choice(fields["kind"], f"{path}.kind", _PRESCRIPTION_KINDS) if "kind" in fields else BAD
            )
            toward = self._choice(fields["toward"], f"{path}.toward", POLES) if "toward" in fields else BAD
            seats: Any = BAD
            if "seats" in fields:
                nodes = self._list(fields["seats"], f"{path}.seats")
                chosen = [self._choice(n, f"{path}.seats[{j}]", SEATS) for j, n in enumerate(nodes)]
                seats = BAD if BAD in chosen or not chosen else tuple(chosen)
            scope = (
                self._choice(fields["scope"], f"{path}.scope", ("any", "overall"))
                if "scope" in fields
                else "any"
            )
            says = self.string(fields.get("says"), f"{path}.says")
            citation = self._citation(fields.get("citation"), f"{path}.citation")
            if BAD not in (pid, kind, toward, seats, scope, says, citation):
                out.append(Prescription(pid, kind, toward, seats, says, citation, scope))
        return out

    def _readiness(self, node: yaml.Node) -> Any:
        fields = self.mapping(node, "readiness", ("full_at", "min_completeness", "basis", "says", "citation"))
        if fields is None or len(fields) < 5:
            return BAD
        full_at = self.number(fields["full_at"], "readiness.full_at", least=0, most=1)
        if full_at is not BAD and full_at <= 0:
            self.problem(
                fields["full_at"],
                "readiness.full_at",
                "a number above 0 and at most 1",
                repr(fields["full_at"].value),
                code="RM007",
            )
            full_at = BAD
        least = self.number(fields["min_completeness"], "readiness.min_completeness", least=0, most=1)
        basis = self._choice(fields["basis"], "readiness.basis", ("article", "calibration"), "RM014")
        says = self.string(fields["says"], "readiness.says")
        citation = self._citation(fields["citation"], "readiness.citation")
        if BAD in (full_at, least, basis, says, citation):
            return BAD
        return Readiness(full_at, least, basis, says, citation)
