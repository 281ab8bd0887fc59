"""Lint framework files and run the scenarios that live with their rules.

:func:`lint` turns every problem the loader finds into a :class:`Finding` (codes ``RM0xx``)
and, on a file that loads, adds the semantic checks the loader does not make: roles and
staffing options no rule can reach, factors and concepts that influence nothing (``RM1xx``),
rules that can never fire or never count, overlapping rules that favour different answers of
one question without saying so, rules that do not say their basis (``RM2xx``), mixed
influences and broken monotonicity guarantees (``RM3xx``) and, given the source articles,
quotes that are not verbatim (``RM4xx``). The codes, with an example and the fix for each,
are catalogued in ``docs/reference/errors.md``.

:func:`run_examples` evaluates a framework's ``examples:`` alone and says, question by
question (role, staffing), which hold.
The checks live in :mod:`rolemodel._lint_checks` and :mod:`rolemodel._lint_quotes`, the
examples in :mod:`rolemodel._lint_examples`, the codes in :mod:`rolemodel._codes`; the
``rolemodel lint`` / ``rolemodel test`` commands in :mod:`rolemodel._cli_lint`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from rolemodel._codes import CODES, Finding, finding
from rolemodel._errors import FrameworkError, Problem
from rolemodel._lint_checks import GUARANTEES, Locator, check
from rolemodel._lint_examples import QUESTIONS, ExampleResult, run_example, run_examples
from rolemodel._lint_quotes import check_quotes
from rolemodel._loader import locate_framework

__all__ = [
    "CODES",
    "GUARANTEES",
    "QUESTIONS",
    "ExampleResult",
    "Finding",
    "expand",
    "from_problem",
    "lint",
    "run_example",
    "run_examples",
]


def lint(paths: str | Path | Iterable[str | Path], sources: str | Path | None = None) -> list[Finding]:
    """Lint framework files (or folders of ``*.yaml``); findings in file order, [] when clean.

    A file that declares ``format: rolemodel/instrument`` (the manager-style instrument,
    :func:`rolemodel.manager_style`) is linted as an instrument: the loader's located problems,
    and its quotes against ``sources``.

    ``sources`` is a folder of source articles: with it, every ``quote`` must be verbatim in
    its source file (before ``source_end``). Never raises on a malformed file.

    The checks are near linear in the number of rules. RM203 (pairs of rules pushing against
    each other) lists at most ``MAX_PAIRS`` (50) pairs per file, then one finding saying how
    many more there are; a file, a folder entry or a source article that is not a regular
    file, or is too large, is one RM001 (RM403 for a source) finding, found without reading it.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    folder = Path(sources) if sources is not None else None
    findings: list[Finding] = []
    if folder is not None and not folder.is_dir():
        findings.append(finding(str(folder), 0, 0, "RM403", "the sources folder does not exist"))
        folder = None
    for path in expand(paths):
        findings.extend(_lint_file(path, folder))
    return findings


def expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each path, a folder replaced by its ``*.yaml``/``*.yml`` entries in name order.

    Entries are listed, never read or opened here: one that is not a regular file (a FIFO,
    a device, a folder named ``x.yaml``, a broken symlink) is yielded all the same, so that
    reading it reports it (RM001) instead of it being skipped in silence or blocking.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        else:
            yield path


#: How an instrument file (rolemodel.manager_style's format) says what it is, near its top.
_INSTRUMENT = re.compile(rb"^format:[ \t]*[\"']?rolemodel/instrument[\"']?[ \t]*(#.*)?$", re.MULTILINE)


def _is_instrument(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            head = stream.read(8192)
    except OSError:
        return False
    return _INSTRUMENT.search(head) is not None


def _lint_instrument(path: Path, sources: Path | None) -> list[Finding]:
    """An instrument file: the loader's located problems, and its quotes against the sources."""
    from rolemodel._instrument import load_instrument

    findings: list[Finding] = []
    try:
        load_instrument(path)
    except FrameworkError as exc:
        findings = [from_problem(p) for p in exc.problems]
    if sources is not None and not any(f.code in ("RM001", "RM002", "RM003") for f in findings):
        findings += check_quotes(path, None, sources)
    return _sorted(findings)


def _lint_file(path: Path, sources: Path | None) -> list[Finding]:
    name = str(path)
    if path.is_file() and _is_instrument(path):
        return _lint_instrument(path, sources)
    try:
        located = locate_framework(path)
    except FrameworkError as exc:
        findings = [from_problem(p) for p in exc.problems]
        if sources is not None and not any(f.code in ("RM001", "RM002", "RM003") for f in findings):
            findings += check_quotes(path, None, sources)
        return _sorted(findings)
    except RecursionError:  # pragma: no cover - the loader bounds depth; belt and braces
        return [finding(name, 0, 0, "RM002", "nesting too deep to read")]
    framework = located.framework
    findings = check(framework, Locator(located))
    if sources is not None:
        findings += check_quotes(path, framework, sources)
    return _sorted(findings)


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(dict.fromkeys(findings), key=lambda f: (f.path, f.line, f.column, f.code))


# -- the loader's problems as findings ---------------------------------------------------------


def from_problem(problem: Problem) -> Finding:
    field = f"{problem.path}: " if problem.path else ""
    hint = f" ({problem.hint})" if problem.hint else ""
    message = f"{field}expected {problem.expected}, found {problem.found}{hint}"
    return finding(problem.file, problem.line, problem.column, problem.code or "RM007", message)


# the name rolemodel.testing imports
_expand = expand
