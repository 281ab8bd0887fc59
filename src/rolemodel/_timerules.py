"""The time audit's keyword rules: which calendar block is management time, which is leadership
time, read from cited data (``frameworks/timeaudit/rules.yaml``) and from a user's own file.

The file format (``format: rolemodel-timeaudit``, ``version: 1``)::

    format: rolemodel-timeaudit
    version: 1
    source: 003_8dfee91c3e6ab273.txt          # optional in a user's file
    builtin: true                             # optional: false to drop the built-in rules
    threshold: {value: 0.5, basis: article, quote: "..."}   # optional in a user's file
    buckets:
      management:                             # and/or leadership
        categories: [management, admin]       # a block's own category naming this bucket
        rules:
          - name: forecasting
            keywords: [forecast, commit call]
            says: ..., quote: ..., basis: calibration   # optional in a user's file

A keyword matches a title case-insensitively at the start of a word (``forecast`` matches
"Forecasting call", not "preforecast"); runs of spaces match any white space. Every problem in
a file is reported at once, located (``rules.yaml:12:9: buckets.management.rules[0].keywords:
expected a list, found a string 'forecast'``), as a :class:`RulesError`.

A user's rules are tried before the built-in ones: the first layer in which some rule matches
decides. A title that matches rules of both buckets within that layer is *ambiguous* (003 asks
to split exactly such combined meetings) and is reported with the unclassified time.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from rolemodel._errors import Problem, RoleModelError
from rolemodel._yamlread import BAD, NodeReader, found

__all__ = [
    "BUCKETS",
    "MAX_KEYWORDS",
    "MAX_RULES_BYTES",
    "Classification",
    "KeywordRule",
    "RulesError",
    "TimeRules",
    "builtin_rules",
    "load_rules",
    "loads_rules",
    "rules_from",
]

#: The two buckets of 003's time audit.
BUCKETS = ("management", "leadership")
#: The most keywords one rules file may hold (the library's bound).
MAX_KEYWORDS = 5_000
#: The largest rules file read, in bytes (checked before parsing).
MAX_RULES_BYTES = 1024 * 1024
FORMAT = "rolemodel-timeaudit"
_BASES = ("article", "calibration")


class RulesError(RoleModelError):
    """A rules file is malformed; ``problems`` lists every problem, in file order."""

    problems: tuple[Problem, ...]

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in time-audit rules"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))

    def __reduce__(self) -> tuple[type[RulesError], tuple[list[Problem]]]:
        return (type(self), (list(self.problems),))


def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    parts = [r"\s+".join(re.escape(w) for w in k.lower().split()) for k in keywords]
    return re.compile(r"(?<![0-9a-z])(?:" + "|".join(parts) + ")")


@attrs.frozen
class KeywordRule:
    """One activity of a bucket and the keywords that recognise it in a title, with its citation."""

    bucket: str
    name: str
    keywords: tuple[str, ...]
    says: str = ""
    source: str = ""
    quote: str = ""
    basis: str = "calibration"
    builtin: bool = False
    pattern: re.Pattern[str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "pattern", _pattern(self.keywords))

    def matches(self, title: str) -> bool:
        """Whether one of the keywords starts a word of ``title`` (any case)."""
        return self.pattern.search(" ".join(title.lower().split())) is not None


@attrs.frozen
class Classification:
    """How one block was classed: ``bucket`` (``None`` when unclassified), the rule (or
    ``category: X``) that decided, and whether it matched both buckets."""

    bucket: str | None
    rule: str = ""
    ambiguous: bool = False


@attrs.frozen
class TimeRules:
    """Keyword rules in layers (a user's first, then the built-in ones), the categories that
    name a bucket, and the under-led threshold with its basis and citation."""

    layers: tuple[tuple[KeywordRule, ...], ...]
    categories: Mapping[str, str]
    threshold: float = 0.5
    threshold_basis: str = "article"
    threshold_quote: str = ""
    source: str = ""
    names: tuple[str, ...] = ()

    @property
    def rules(self) -> tuple[KeywordRule, ...]:
        """Every rule, in the order they are tried."""
        return tuple(r for layer in self.layers for r in layer)

    def classify(self, title: str, category: str | None = None) -> Classification:
        """The bucket of a block titled ``title``: its category's when that names a bucket,
        else the first layer's rules that match (both buckets: ambiguous)."""
        if category:
            for part in re.split(r"[,;]", category):
                bucket = self.categories.get(" ".join(part.lower().split()))
                if bucket is not None:
                    return Classification(bucket, f"category: {part.strip()}")
        for layer in self.layers:
            hits: dict[str, str] = {}
            for rule in layer:
                if rule.bucket not in hits and rule.matches(title):
                    hits[rule.bucket] = rule.name
            if len(hits) > 1:
                return Classification(None, " / ".join(hits.values()), ambiguous=True)
            if hits:
                ((bucket, name),) = hits.items()
                return Classification(bucket, name)
        return Classification(None)


# -- reading ------------------------------------------------------------------------------------


class _Reader(NodeReader):
    def read_rules(self, text: str | bytes, builtin: bool) -> dict[str, Any] | None:
        root = self.compose(text, "a rules document")
        return None if root is None else self._rules_document(root, builtin)

    def _rules_document(self, root: yaml.Node, builtin: bool) -> dict[str, Any] | None:
        required = ("format", "version", "buckets") + (("source", "threshold") if builtin else ())
        head = self.mapping(root, "", required, ("source", "threshold", "builtin"))
        if head is None:
            return None
        if "format" in head and self.string(head["format"], "format") not in (FORMAT, BAD):
            self.problem(head["format"], "format", repr(FORMAT), found(head["format"]), code="RM003")
        if "version" in head:
            version = self.scalar(head["version"])
            if version != 1 or isinstance(version, bool):
                self.problem(head["version"], "version", "1", found(head["version"]), code="RM003")
        doc: dict[str, Any] = {"builtin": True, "threshold": None}
        source = self.string(head["source"], "source") if "source" in head else ""
        doc["source"] = "" if source is BAD else source
        if "builtin" in head:
            value = self.scalar(head["builtin"])
            if not isinstance(value, bool):
                self.problem(
                    head["builtin"], "builtin", "true or false", found(head["builtin"]), code="RM006"
                )
            else:
                doc["builtin"] = value
        if "threshold" in head:
            doc["threshold"] = self._threshold(head["threshold"], builtin)
        doc["buckets"] = self._buckets(head.get("buckets"), doc["source"], builtin)
        return doc

    def _cited(self, fields: Mapping[str, yaml.Node], path: str, builtin: bool) -> dict[str, str]:
        out = {}
        for key in ("says", "quote", "source", "basis"):
            node = fields.get(key)
            value = "" if node is None else self.string(node, f"{path}.{key}")
            out[key] = "" if value is BAD else value
        if out["basis"] and out["basis"] not in _BASES:
            self.problem(
                fields["basis"], f"{path}.basis", "article or calibration", repr(out["basis"]), code="RM014"
            )
        if builtin and not out["quote"]:
            self.problem(
                fields.get("quote") or self.at(path), f"{path}.quote", "a quote", "none", code="RM005"
            )
        return out

    def _threshold(self, node: yaml.Node, builtin: bool) -> Any:
        fields = self.mapping(node, "threshold", ("value",), ("basis", "quote", "source", "says"))
        if fields is None:
            return None
        value = (
            self.number(fields["value"], "threshold.value", least=0.0, most=1.0) if "value" in fields else BAD
        )
        cited = self._cited(fields, "threshold", builtin)
        return None if value is BAD else (value, cited)

    def _buckets(self, node: yaml.Node | None, source: str, builtin: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if node is None:
            return out
        fields = self.mapping(node, "buckets", BUCKETS if builtin else (), () if builtin else BUCKETS)
        for bucket, bnode in (fields or {}).items():
            path = f"buckets.{bucket}"
            bfields = self.mapping(bnode, path, ("rules",), ("categories", "says", "quote", "source"))
            if bfields is None:
                continue
            cited = self._cited(bfields, path, builtin)
            categories = self._words(bfields.get("categories"), f"{path}.categories")
            rules = []
            for i, rnode in enumerate(self.seq(bfields["rules"], f"{path}.rules") or []):
                rules.append(
                    self._rule(rnode, f"{path}.rules[{i}]", bucket, cited["source"] or source, builtin)
                )
            out[bucket] = (cited, categories, [r for r in rules if r is not None])
        return out

    def _words(self, node: yaml.Node | None, path: str) -> list[str]:
        words = []
        for i, wnode in enumerate(self.seq(node, path) or [] if node is not None else []):
            word = self.string(wnode, f"{path}[{i}]")
            if word is not BAD:
                words.append(" ".join(word.split()))
        return words

    def _rule(
        self, node: yaml.Node, path: str, bucket: str, source: str, builtin: bool
    ) -> KeywordRule | None:
        fields = self.mapping(node, path, ("name", "keywords"), ("says", "quote", "source", "basis"))
        if fields is None:
            return None
        name = self.string(fields["name"], f"{path}.name") if "name" in fields else BAD
        keywords = self._words(fields.get("keywords"), f"{path}.keywords")
        if "keywords" in fields and not keywords and isinstance(fields["keywords"], yaml.SequenceNode):
            self.problem(
                fields["keywords"], f"{path}.keywords", "at least one keyword", "an empty list", code="RM007"
            )
        cited = self._cited(fields, path, builtin)
        if name is BAD or not keywords:
            return None
        return KeywordRule(
            bucket,
            name,
            tuple(keywords),
            says=cited["says"],
            source=cited["source"] or source,
            quote=cited["quote"],
            basis=cited["basis"] or "calibration",
            builtin=builtin,
        )


def _parse(text: str | bytes, name: str, builtin: bool) -> dict[str, Any]:
    if len(text) > MAX_RULES_BYTES:
        raise RulesError([Problem(name, 0, 0, "", f"at most {MAX_RULES_BYTES:,} bytes", f"{len(text):,}")])
    reader = _Reader(name)
    doc = reader.read_rules(text, builtin)
    if doc is not None:
        count = sum(len(r.keywords) for b in doc["buckets"].values() for r in b[2])
        if count > MAX_KEYWORDS:
            reader.problem(None, "buckets", f"at most {MAX_KEYWORDS:,} keywords", f"{count:,}", code="RM007")
    if reader.problems or doc is None:
        raise RulesError(sorted(reader.problems, key=lambda p: (p.line, p.column)))
    return doc


def _assemble(docs: list[tuple[dict[str, Any], str]]) -> TimeRules:
    """Rules from parsed documents, the first tried first; the first threshold given wins."""
    layers, categories, names = [], {}, []
    threshold: tuple[float, dict[str, str]] | None = None
    source = ""
    for doc, _name in reversed(docs):  # later (built-in) categories first, overridden by earlier
        for bucket, (_cited, words, _rules) in doc["buckets"].items():
            categories[bucket] = bucket
            categories.update({w.lower(): bucket for w in words})
    for doc, name in docs:
        names.append(name)
        layers.append(tuple(r for b in doc["buckets"].values() for r in b[2]))
        if threshold is None and doc["threshold"] is not None:
            threshold = doc["threshold"]
        source = source or doc["source"]
    value, cited = threshold if threshold is not None else (0.5, {"basis": "calibration", "quote": ""})
    return TimeRules(
        tuple(layers),
        categories,
        threshold=value,
        threshold_basis=cited["basis"] or "calibration",
        threshold_quote=cited["quote"],
        source=source,
        names=tuple(names),
    )


def _builtin_path() -> Path:
    from rolemodel._loader import builtin_framework_dir

    return builtin_framework_dir() / "timeaudit" / "rules.yaml"


@functools.cache
def _builtin_doc() -> dict[str, Any]:
    path = _builtin_path()
    return _parse(path.read_bytes(), path.name, builtin=True)


def builtin_rules() -> TimeRules:
    """The built-in rules (003's buckets), read once."""
    return _assemble([(_builtin_doc(), "rules.yaml")])


def loads_rules(text: str | bytes, name: str = "<rules>") -> TimeRules:
    """A user's rules from YAML text, tried before the built-in ones (unless ``builtin: false``)."""
    doc = _parse(text, name, builtin=False)
    docs = [(doc, name)]
    if doc["builtin"]:
        docs.append((_builtin_doc(), "rules.yaml"))
    return _assemble(docs)


def load_rules(path: str | os.PathLike[str]) -> TimeRules:
    """A user's rules file (see :func:`loads_rules`); a file that cannot be read is a
    :class:`RulesError` too."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_RULES_BYTES:
            raise RulesError([Problem(str(p), 0, 0, "", f"at most {MAX_RULES_BYTES:,} bytes", f"{size:,}")])
        data = p.read_bytes()
    except OSError as exc:
        raise RulesError([Problem(str(p), 0, 0, "", "a readable file", exc.strerror or str(exc))]) from None
    return loads_rules(data, str(p))


def rules_from(rules: TimeRules | str | os.PathLike[str] | None) -> TimeRules:
    """The rules an ``audit(..., rules=)`` argument names: the built-ins for ``None``, a
    :class:`TimeRules` as it is, else a file's path."""
    if rules is None:
        return builtin_rules()
    if isinstance(rules, TimeRules):
        return rules
    if isinstance(rules, str | os.PathLike):
        return load_rules(rules)
    raise RoleModelError(f"rules: expected a rules file's path or None, found {type(rules).__name__}")
