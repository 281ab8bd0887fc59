"""Scenario sets: profiles written from the articles, with the answers they should get.

A scenario set (``format: rolemodel/scenarios``, ``version: 1``) lists company profiles, each
with its expected role and staffing, whether each question is *clear* (every article that
speaks to the profile agrees) or *contested*, why, and the passages behind it. Checking a set
runs :func:`~rolemodel.recommend` on every profile and reports, per question, how often the
clear cases get the expected answer and how confident the answers are on clear and contested
cases: the test that confidence means something. The repository's own set is
``tests/scenarios.yaml``; its table is published on the docs' calibration page.

A bad file raises :class:`~rolemodel.RoleModelError` naming the file, line, column and field.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import yaml

from rolemodel._errors import ProfileError, RoleModelError, did_you_mean
from rolemodel._loader import UnreadableFile, read_bounded
from rolemodel._model import Citation, Framework, Role, Staffing
from rolemodel._profile import Profile
from rolemodel._result import Recommendation

__all__ = ["Scenario", "ScenarioOutcome", "ScenarioReport", "check_scenarios", "load_scenarios"]

FORMAT = "rolemodel/scenarios"
MAX_BYTES = 2 * 1024 * 1024
CASES = ("clear", "contested")
QUESTIONS = ("role", "staffing")
_FIELDS = ("id", "name", "profile", "expect", "case", "why", "citations")


@attrs.frozen
class Scenario:
    """One profile from the articles and the answers it should get."""

    id: str
    name: str
    profile: Profile
    expect: Mapping[str, Role | Staffing | None]
    """The expected answer per question (``"role"``, ``"staffing"``); ``None``: no answer."""
    case: Mapping[str, str]
    """Per question, ``"clear"`` or ``"contested"``."""
    why: str
    citations: tuple[Citation, ...]


@attrs.frozen
class ScenarioOutcome:
    """What rolemodel answered for one scenario."""

    scenario: Scenario
    recommendation: Recommendation

    def got(self, question: str) -> Role | Staffing | None:
        """The answer given on ``question`` (``"role"`` or ``"staffing"``)."""
        rec = self.recommendation
        return rec.role if question == "role" else rec.staffing

    def confidence(self, question: str) -> float:
        """The confidence of the answer on ``question``."""
        rec = self.recommendation
        return rec.confidence if question == "role" else rec.staffing_confidence

    def right(self, question: str) -> bool:
        """Whether the answer on ``question`` is the expected one."""
        return self.got(question) is self.scenario.expect[question]


@attrs.frozen
class ScenarioReport:
    """The outcomes of a scenario set, and per question and case: count, accuracy, confidence."""

    outcomes: tuple[ScenarioOutcome, ...]

    def summary(self, question: str, case: str) -> dict[str, float]:
        """``n``, ``accuracy`` and ``mean_confidence`` of the cases of one kind on one question."""
        chosen = [o for o in self.outcomes if o.scenario.case[question] == case]
        if not chosen:
            return {"n": 0, "accuracy": float("nan"), "mean_confidence": float("nan")}
        return {
            "n": len(chosen),
            "accuracy": sum(o.right(question) for o in chosen) / len(chosen),
            "mean_confidence": statistics.fmean(o.confidence(question) for o in chosen),
        }

    def summary_markdown(self) -> str:
        """The summary as a Markdown table: per question and case, count, accuracy, confidence."""
        lines = ["| question | case | scenarios | right | mean confidence |", "|---|---|---:|---:|---:|"]
        for question in QUESTIONS:
            for case in CASES:
                s = self.summary(question, case)
                cells = (
                    question,
                    case,
                    f"{s['n']:.0f}",
                    f"{s['accuracy']:.0%}",
                    f"{s['mean_confidence']:.2f}",
                )
                lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """Every scenario as a Markdown table row: expected against got, with confidences."""
        head = ["scenario"]
        for question in QUESTIONS:
            head += [f"{question}: expected", "got", "confidence", "case"]
        lines = ["| " + " | ".join(head) + " |", "|---|---|---|---:|---|---|---|---:|---|"]
        for o in self.outcomes:
            cells = [f"`{o.scenario.id}`"]
            for question in QUESTIONS:
                mark = "" if o.right(question) else " ✗"
                cells += [
                    _name(o.scenario.expect[question]),
                    _name(o.got(question)) + mark,
                    f"{o.confidence(question):.2f}",
                    o.scenario.case[question],
                ]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)


def _name(answer: Role | Staffing | None) -> str:
    return "no answer" if answer is None else answer.value


def check_scenarios(
    scenarios: str | Path | Iterable[Scenario],
    *,
    frameworks: Iterable[Framework] | None = None,
    weights: Mapping[str, float] | None = None,
) -> ScenarioReport:
    """Recommend for every scenario (a scenario file, or scenarios already loaded)."""
    from rolemodel._api import recommend

    loaded = load_scenarios(scenarios) if isinstance(scenarios, str | Path) else tuple(scenarios)
    chosen = None if frameworks is None else tuple(frameworks)
    return ScenarioReport(
        tuple(ScenarioOutcome(s, recommend(s.profile, frameworks=chosen, weights=weights)) for s in loaded)
    )


def load_scenarios(path: str | Path) -> tuple[Scenario, ...]:
    """The scenarios of a scenario file; :class:`RoleModelError` names every problem's place."""
    path = Path(path)
    try:
        data = read_bounded(path, MAX_BYTES, "scenario file")
    except UnreadableFile as exc:
        raise RoleModelError(str(exc)) from None
    try:
        text = data.decode("utf-8")
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except UnicodeDecodeError as exc:
        raise RoleModelError(f"{path}: expected UTF-8 text, found byte {data[exc.start]:#04x}") from None
    except RecursionError:
        raise RoleModelError(
            f"{path}: expected YAML nested a few levels deep, found deeper nesting"
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise RoleModelError(f"{where}: expected YAML, {exc.problem}") from None
    return _Reader(str(path)).document(root)


class _Reader:
    """Reads a composed scenario document, collecting every problem with its place."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[str] = []

    def problem(self, node: yaml.Node | None, path: str, expected: str, found: str, hint: str = "") -> None:
        where = f"{self.name}:{node.start_mark.line + 1}:{node.start_mark.column + 1}" if node else self.name
        self.problems.append(
            f"{where}: {path}: expected {expected}, found {found}" + (f" ({hint})" if hint else "")
        )

    def document(self, root: yaml.Node | None) -> tuple[Scenario, ...]:
        top = self.mapping(root, "<document>", ("format", "version", "scenarios"))
        out: list[Scenario] = []
        if top is not None:
            if self.plain(top["format"]) != FORMAT:
                self.problem(top["format"], "format", repr(FORMAT), _found(top["format"]))
            if self.plain(top["version"]) != 1:
                self.problem(top["version"], "version", "a supported version (1)", _found(top["version"]))
            items = top["scenarios"]
            if not isinstance(items, yaml.SequenceNode) or not items.value:
                self.problem(items, "scenarios", "a non-empty list", _found(items))
            else:
                seen: set[str] = set()
                for i, node in enumerate(items.value):
                    scenario = self.scenario(node, f"scenarios[{i}]")
                    if scenario is not None and scenario.id in seen:
                        self.problem(node, f"scenarios[{i}].id", "a unique id", f"{scenario.id!r} again")
                    elif scenario is not None:
                        seen.add(scenario.id)
                        out.append(scenario)
        if self.problems:
            raise RoleModelError(
                f"{len(self.problems)} problem(s) in {self.name}:\n" + "\n".join(self.problems)
            )
        return tuple(out)

    def plain(self, node: yaml.Node) -> Any:
        """A scalar's value; a value PyYAML cannot build (a 5000-digit integer, a date that does
        not exist) or one written in over 100 characters comes back as its text, which then
        fails the field's check."""
        if not isinstance(node, yaml.ScalarNode):
            return None
        if len(node.value) > 100 and node.tag != "tag:yaml.org,2002:str":
            return node.value[:40] + "..."
        try:
            return yaml.safe_load(yaml.serialize(node))
        except (ArithmeticError, ValueError, yaml.YAMLError):
            return node.value[:40]

    def mapping(
        self, node: yaml.Node | None, path: str, fields: Sequence[str]
    ) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, "a mapping", _found(node))
            return None
        got: dict[str, yaml.Node] = {str(k.value): v for k, v in node.value}
        for key, _ in node.value:
            if key.value not in fields:
                expected = "one of " + ", ".join(fields)
                self.problem(
                    key,
                    f"{path}.{key.value}",
                    expected,
                    repr(key.value),
                    did_you_mean(str(key.value), fields),
                )
        missing = [f for f in fields if f not in got]
        for field in missing:
            self.problem(node, path, f"the field {field!r}", "no such field")
        return None if missing else got

    def text(self, node: yaml.Node, path: str) -> str | None:
        value = self.plain(node)
        if not isinstance(value, str) or not value.strip():
            self.problem(node, path, "a non-empty string", _found(node))
            return None
        return value

    def scenario(self, node: yaml.Node, path: str) -> Scenario | None:
        fields = self.mapping(node, path, _FIELDS)
        if fields is None:
            return None
        before = len(self.problems)
        sid = self.text(fields["id"], f"{path}.id")
        name = self.text(fields["name"], f"{path}.name")
        why = self.text(fields["why"], f"{path}.why")
        profile = self.profile(fields["profile"], f"{path}.profile")
        expect: dict[str, Role | Staffing | None] = {}
        case: dict[str, str] = {}
        exp = self.mapping(fields["expect"], f"{path}.expect", QUESTIONS)
        cas = self.mapping(fields["case"], f"{path}.case", QUESTIONS)
        for question, kind in (("role", Role), ("staffing", Staffing)):
            if exp is not None:
                value = self.plain(exp[question])
                names = [k.value for k in kind]
                if value is None:
                    expect[question] = None
                elif value in names:
                    expect[question] = kind(value)
                else:
                    expected = "one of " + ", ".join(names) + " or null"
                    hint = did_you_mean(str(value), names)
                    self.problem(exp[question], f"{path}.expect.{question}", expected, repr(value), hint)
            if cas is not None:
                value = self.plain(cas[question])
                if value in CASES:
                    case[question] = value
                else:
                    self.problem(cas[question], f"{path}.case.{question}", "clear or contested", repr(value))
        citations = self.citations(fields["citations"], f"{path}.citations")
        if len(self.problems) > before or None in (sid, name, why, profile, citations):
            return None
        assert sid is not None and name is not None and why is not None
        assert profile is not None and citations is not None
        return Scenario(sid, name, profile, expect, case, why, citations)

    def profile(self, node: yaml.Node, path: str) -> Profile | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, "a mapping of factors", _found(node))
            return None
        data = {key.value: self.plain(value) for key, value in node.value}
        try:
            return Profile.from_mapping(data)
        except ProfileError as exc:
            at = next((v for k, v in node.value if k.value == exc.field), node)
            self.problem(
                at, f"{path}.{exc.field}", exc.allowed, "nothing" if exc.value is None else repr(exc.value)
            )
            return None

    def citations(self, node: yaml.Node, path: str) -> tuple[Citation, ...] | None:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.problem(node, path, "a non-empty list of {source, quote}", _found(node))
            return None
        out = []
        for i, item in enumerate(node.value):
            fields = self.mapping(item, f"{path}[{i}]", ("source", "quote"))
            if fields is None:
                continue
            source = self.text(fields["source"], f"{path}[{i}].source")
            quote = self.text(fields["quote"], f"{path}[{i}].quote")
            if source is not None and quote is not None:
                out.append(Citation(source, quote))
        return tuple(out) if len(out) == len(node.value) else None


def _found(node: yaml.Node | None) -> str:
    if node is None:
        return "nothing"
    if isinstance(node, yaml.ScalarNode):
        return repr(node.value)
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
