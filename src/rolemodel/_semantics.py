"""The loader's semantic checks on a framework built from a file: unique ids, rule targets,
the factors and concepts conditions read, cycles in the rule graph, and the authoring checks
(item answers, contrasts, example expectations)."""

from __future__ import annotations

from rolemodel._errors import Reporter, did_you_mean
from rolemodel._graph import find_cycles
from rolemodel._model import (
    Framework,
    Ramp,
    Role,
    Staffing,
    StageIs,
    walk_condition,
)
from rolemodel._profile import FACTORS

__all__ = ["FrameworkChecks"]


class FrameworkChecks(Reporter):
    """The checks that need the whole framework; problems located by the reader's marks.

    It reads no YAML: a framework rebuilt from the built-ins' cache is checked by it alone
    (without importing pyyaml); :class:`~rolemodel._sections.SectionReader` adds the reading."""

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
                self.problem(
                    self.at(f"concepts[{i}].id"),
                    f"concepts[{i}].id",
                    "a unique id",
                    found,
                    code="RM009" if concept.id in concepts else "RM017",
                )
            concepts[concept.id] = i
        targets = roles | set(concepts)
        seen: set[str] = set()
        for i, rule in enumerate(fw.rules):
            path = f"rules[{i}]"
            if rule.id in seen:
                self.problem(
                    self.at(f"{path}.id"),
                    f"{path}.id",
                    "a unique rule id",
                    f"{rule.id!r} again",
                    code="RM009",
                )
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
                    code="RM016" if rule.then in reserved else "RM008",
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
                                code="RM007",
                            )
                    elif cond.name not in concepts:
                        self.problem(
                            self.at(f"{path}.when"),
                            f"{path}.when.concept",
                            "a concept of this framework",
                            repr(cond.name),
                            did_you_mean(cond.name, concepts),
                            code="RM008",
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
                code="RM011",
            )

    def _check_factor(self, fw: Framework, name: str, path: str) -> None:
        if name not in fw.factors:
            hint = did_you_mean(name, fw.factors) or (
                f"add {name!r} to 'factors'" if name in FACTORS else did_you_mean(name, FACTORS)
            )
            self.problem(
                self.at(path),
                f"{path}.factor",
                "a factor listed in 'factors'",
                repr(name),
                hint,
                code="RM008",
            )

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
                        code="RM016",
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
                        code="RM008",
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
                    code="RM016",
                )
            if example.expect_staffing is not None and example.expect_staffing.value not in offered:
                self.problem(
                    self.at(sub),
                    f"{sub}.staffing",
                    f"a staffing option this framework lists ({', '.join(sorted(offered)) or 'none'})",
                    repr(example.expect_staffing.value),
                    code="RM016",
                )
