"""Run frameworks' ``examples:`` from your own pytest suite.

::

    # tests/test_our_frameworks.py
    import pytest
    from rolemodel.testing import check_example, framework_examples

    @pytest.mark.parametrize("case", framework_examples("frameworks/"))
    def test_framework_example(case):
        check_example(case)

Each example becomes one test, named ``<framework id>::<example name>``. With no paths,
:func:`framework_examples` gives the built-in frameworks' examples. An example checks the
questions its ``expect`` names (the role, the staffing, or both; ``null`` expects the
framework to abstain), judged by the framework alone; a failure says which question failed,
what was expected and what the framework gave. ``pytest`` is imported only when
:func:`framework_examples` is called.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from rolemodel._lint import ExampleResult, _expand, run_example
from rolemodel._loader import builtin_frameworks, load_framework
from rolemodel._model import Example, Framework

__all__ = ["ExampleCase", "check_example", "framework_examples"]


@attrs.frozen
class ExampleCase:
    """One example of one framework, ready to run."""

    framework: Framework
    example: Example

    def __str__(self) -> str:
        return f"{self.framework.id}::{self.example.name}"


def framework_examples(*paths: str | Path) -> list[Any]:
    """``pytest.param`` cases for every example of the framework files (or folders) given.

    A file that does not load raises :class:`~rolemodel.FrameworkError` at collection.
    """
    import pytest

    frameworks = [load_framework(p) for p in _expand(paths)] if paths else list(builtin_frameworks())
    return [
        pytest.param(case, id=str(case))
        for framework in frameworks
        for case in (ExampleCase(framework, example) for example in framework.examples)
    ]


def check_example(case: ExampleCase) -> ExampleResult:
    """Run one example; raise ``AssertionError`` saying why when it does not hold
    (``"<framework>::<example>: staffing: expected single, got split"``)."""
    result = run_example(case.framework, case.example)
    if not result.passed:
        raise AssertionError(f"{case}: {result.message}")
    return result
