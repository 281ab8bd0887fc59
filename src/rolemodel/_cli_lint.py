"""The ``rolemodel lint`` and ``rolemodel test`` commands: findings and example runs printed
like a compiler's messages (or as JSON). Linting is :mod:`rolemodel._lint`'s job; this module
reads the command line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from rolemodel._errors import FrameworkError
from rolemodel._lint import expand, from_problem, lint, run_examples
from rolemodel._loader import locate_framework
from rolemodel._model import (
    Role,
    Staffing,
)

__all__ = ["lint_main", "register", "test_main"]


def _lint_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="framework files or folders of them")
    parser.add_argument(
        "--sources", metavar="DIR", help="folder of source articles: check every quote is verbatim"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _test_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="framework files or folders of them")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def register(subparsers: Any) -> None:
    """Add ``lint`` and ``test`` to an argparse sub-command set (``parser.add_subparsers()``).

    Each sets ``handler`` to a callable ``(namespace) -> exit code``.
    """
    lint_parser = subparsers.add_parser(
        "lint",
        help="check framework files",
        description="Check framework files like a compiler.",
        epilog="example:\n  rolemodel lint frameworks/ --sources ../shared/sources\n"
        "  rolemodel lint ours.yaml --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _lint_args(lint_parser)
    lint_parser.set_defaults(handler=_run_lint)
    test_parser = subparsers.add_parser(
        "test",
        help="run the examples of framework files",
        description="Run each framework's examples: the profile must give the expected role"
        " and staffing (or no verdict, where the example expects the framework to abstain).",
        epilog="example:\n  rolemodel test frameworks/ docs/examples/our-playbook.yaml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _test_args(test_parser)
    test_parser.set_defaults(handler=_run_test)


def _parse(prog: str, add: Any, argv: Sequence[str] | None) -> argparse.Namespace | int:
    parser = argparse.ArgumentParser(prog=f"rolemodel {prog}")
    add(parser)
    try:
        return parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2


def lint_main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """``rolemodel lint PATH... [--sources DIR] [--format json]``: 0 clean, 1 findings, 2 usage."""
    args = _parse("lint", _lint_args, argv)
    return args if isinstance(args, int) else _run_lint(args, out)


def test_main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """``rolemodel test PATH... [--format json]``: 0 all examples hold, 1 some fail (or none
    ran), 2 usage or a file that does not load."""
    args = _parse("test", _test_args, argv)
    return args if isinstance(args, int) else _run_test(args, out)


test_main.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def _run_lint(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    findings = lint(args.paths, args.sources)
    if args.format == "json":
        json.dump([f.to_dict() for f in findings], out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for finding in findings:
            print(finding, file=out)
    return 1 if findings else 0


def _value(answer: Role | Staffing | None) -> str | None:
    return None if answer is None else answer.value


def _run_test(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    records: list[dict[str, Any]] = []
    failed = ran = broken = 0
    for path in expand(args.paths):
        try:
            located = locate_framework(path)
        except FrameworkError as exc:
            broken += 1
            for problem in exc.problems:
                records.append(
                    {
                        "path": str(path),
                        "line": problem.line,
                        "column": problem.column,
                        "framework": None,
                        "example": None,
                        "passed": False,
                        "message": str(from_problem(problem)),
                    }
                )
            continue
        framework, marks = located.framework, located.marks
        own = framework.examples
        if not own:
            records.append(
                {
                    "path": str(path),
                    "line": 0,
                    "column": 0,
                    "framework": framework.id,
                    "example": None,
                    "passed": True,
                    "message": "no examples",
                }
            )
        for i, result in enumerate(run_examples(framework)):
            ran += 1
            failed += not result.passed
            line, column = marks.get(f"examples[{i}]", (0, 0))
            records.append(
                {
                    "path": str(path),
                    "line": line,
                    "column": column,
                    "framework": framework.id,
                    "example": result.example.name,
                    "checks": list(result.example.checks),
                    "expect": _value(result.example.expect),
                    "role": _value(result.role),
                    "confidence": round(result.confidence, 4),
                    "expect_staffing": _value(result.example.expect_staffing),
                    "staffing": _value(result.staffing),
                    "staffing_confidence": round(result.staffing_confidence, 4),
                    "failed": list(result.failed),
                    "passed": result.passed,
                    "message": result.message,
                }
            )
    if args.format == "json":
        json.dump(records, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for r in records:
            if r["example"] is None:
                print(
                    r["message"] if r["framework"] is None else f"{r['path']}: {r['message']}",
                    file=out,
                )
            elif r["passed"]:
                print(f"{r['path']}:{r['line']}:{r['column']}: PASS {r['example']}", file=out)
            else:
                print(
                    f"{r['path']}:{r['line']}:{r['column']}: FAIL {r['example']}: {r['message']}",
                    file=out,
                )
        tail = f", {broken} file(s) did not load" if broken else ""
        print(f"{ran - failed} passed, {failed} failed{tail}", file=out)
    if broken:
        return 2  # an input file that does not load: as for every command
    return 1 if failed or not ran else 0
