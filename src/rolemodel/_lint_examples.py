"""A framework's ``examples:`` run with that framework alone, question by question (role,
staffing): what ``rolemodel test`` reports."""

from __future__ import annotations

import attrs

from rolemodel._model import (
    Example,
    Framework,
    Role,
    Staffing,
)

__all__ = ["QUESTIONS", "ExampleResult", "run_example", "run_examples"]


QUESTIONS = ("role", "staffing")
"""The questions an example may check, in order."""


def _shown(answer: Role | Staffing | None) -> str:
    return "no verdict" if answer is None else answer.value


@attrs.frozen
class ExampleResult:
    """One example run with its framework alone: the verdict on each question, and whether it held.

    ``role`` and ``staffing`` are the framework's own verdicts (``None``: it abstained, and
    ``reason`` / ``staffing_reason`` say why); ``confidence`` and ``staffing_confidence`` are
    those of ``recommend(profile, frameworks=[framework])``. Only the questions in
    ``example.checks`` are judged: the answer must be the one expected (``None``: the framework
    must abstain) and, when an answer is expected, its confidence at least
    ``example.min_confidence``. :attr:`failed` names the questions that did not hold.
    """

    framework: str
    example: Example
    role: Role | None
    confidence: float
    staffing: Staffing | None = None
    staffing_confidence: float = 0.0
    reason: str = ""
    staffing_reason: str = ""

    def expected(self, question: str) -> Role | Staffing | None:
        """What the example expects on ``question`` (``"role"`` or ``"staffing"``)."""
        return self.example.expect if question == "role" else self.example.expect_staffing

    def got(self, question: str) -> Role | Staffing | None:
        """The framework's own answer on ``question`` (``None``: it abstained)."""
        return self.role if question == "role" else self.staffing

    def confidence_of(self, question: str) -> float:
        """The confidence on ``question`` of the framework evaluated alone."""
        return self.confidence if question == "role" else self.staffing_confidence

    def _problem(self, question: str) -> str:
        expected, got = self.expected(question), self.got(question)
        if got is not expected:
            why = self.reason if question == "role" else self.staffing_reason
            shown = f"no verdict: {why}" if got is None and why else _shown(got)
            return f"{question}: expected {_shown(expected)}, got {shown}"
        least = self.example.min_confidence
        if expected is not None and self.confidence_of(question) < least:
            return f"{question}: confidence {self.confidence_of(question):.2f} below min_confidence {least:g}"
        return ""

    @property
    def failed(self) -> tuple[str, ...]:
        """The questions checked that did not hold, in :data:`QUESTIONS` order."""
        return tuple(q for q in QUESTIONS if q in self.example.checks and self._problem(q))

    @property
    def passed(self) -> bool:
        """Whether every question the example checks held."""
        return not self.failed

    @property
    def message(self) -> str:
        """Why it failed, a clause per failed question ("" when it passed)."""
        return "; ".join(self._problem(q) for q in self.failed)


def run_examples(framework: Framework) -> tuple[ExampleResult, ...]:
    """Evaluate each of ``framework.examples`` with that framework alone."""
    return tuple(run_example(framework, example) for example in framework.examples)


def run_example(framework: Framework, example: Example) -> ExampleResult:
    """Evaluate one example with ``framework`` alone."""
    from rolemodel._api import recommend

    rec = recommend(example.profile, frameworks=[framework])
    verdict = rec.by_framework[framework.id]
    return ExampleResult(
        framework=framework.id,
        example=example,
        role=verdict.role,
        confidence=rec.confidence,
        staffing=verdict.staffing,
        staffing_confidence=rec.staffing_confidence,
        reason=verdict.reason,
        staffing_reason=verdict.staffing_reason,
    )
