"""Files rolemodel reads are bounded before they are read, ``extends`` stays in its folder,
RM011 names the same cycle under every hash seed, and the lint stays near linear in the rules."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel._cli import main
from rolemodel._lint_checks import MAX_PAIRS
from rolemodel._loader import read_bounded
from rolemodel._scenarios import load_scenarios
from tests.test_lint import GOOD_RULES, framework, rule

GOOD = framework(GOOD_RULES)
TIMEOUT = 20.0
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")


def quickly(call: Callable[[], Any]) -> Any:
    """Run ``call`` in a thread; fail (instead of hanging the suite) if it takes over TIMEOUT."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed back to the test below
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(TIMEOUT)
    assert not thread.is_alive(), f"still running after {TIMEOUT} s (blocked or unbounded)"
    if "error" in box:
        raise box["error"]
    return box.get("value")


def hostile(folder: Path, kind: str) -> Path:
    """A path named like a framework that is not a regular file: a FIFO, a link to
    /dev/zero, or a folder."""
    if kind == "fifo":
        path = folder / "x.yaml"
        os.mkfifo(path)
    elif kind == "zero":
        path = folder / "z.yaml"
        path.symlink_to("/dev/zero")
    else:
        path = folder / "d.yaml"
        path.mkdir()
    return path


KINDS = {"fifo": "FIFO", "zero": "character device", "dir": "directory"}


# -- reads bounded before reading -----------------------------------------------------------


@POSIX
@pytest.mark.parametrize("kind", KINDS)
def test_load_framework_refuses_a_file_that_is_not_regular(tmp_path: Path, kind: str) -> None:
    """A FIFO, a symlink to /dev/zero or a folder named *.yaml is a located FrameworkError at once."""
    path = hostile(tmp_path, kind)
    with pytest.raises(rolemodel.FrameworkError) as info:
        quickly(lambda: rolemodel.load_framework(path))
    (problem,) = info.value.problems
    assert (problem.file, problem.code) == (str(path), "RM001")
    assert problem.expected == "a regular framework file" and KINDS[kind] in problem.found


@POSIX
@pytest.mark.parametrize("kind", KINDS)
def test_lint_reports_a_file_that_is_not_regular(tmp_path: Path, kind: str) -> None:
    """lint on such a path (or on its folder) gives one RM001 finding at that path, at once."""
    path = hostile(tmp_path, kind)
    targets = [tmp_path] if kind == "dir" else [path, tmp_path]  # a folder argument is expanded
    for target in targets:
        findings = quickly(functools.partial(rolemodel.lint, target))
        assert [(f.code, f.path) for f in findings] == [("RM001", str(path))], findings
        assert KINDS[kind] in findings[0].message


@POSIX
@pytest.mark.parametrize("kind", KINDS)
def test_folders_report_entries_that_are_not_regular(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--framework dir/, rolemodel lint dir/ and rolemodel test dir/ end with exit codes and a
    message naming the entry, never a hang; the good file beside it is still read."""
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    path = hostile(tmp_path, kind)
    profile = ["--company-size", "10", "--team-size", "2", "--market-change", "low", "--regulation", "low"]
    assert quickly(lambda: main(["recommend", *profile, "--framework", str(tmp_path)])) == 2
    assert str(path) in capsys.readouterr().err
    assert quickly(lambda: main(["lint", str(tmp_path)])) == 1
    assert f"{path}:0:0: RM001 expected a regular framework file" in capsys.readouterr().out
    assert quickly(lambda: main(["test", str(tmp_path)])) != 0
    assert str(path) in capsys.readouterr().out


@POSIX
@pytest.mark.parametrize("kind", KINDS)
def test_scenario_file_is_bounded_too(tmp_path: Path, kind: str) -> None:
    """A scenario file that is not a regular file is a RoleModelError naming it, at once."""
    path = hostile(tmp_path, kind)
    with pytest.raises(rolemodel.RoleModelError, match="expected a regular scenario file"):
        quickly(lambda: load_scenarios(path))


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    """A sparse 4 GiB file is refused from its size alone; one byte over the limit is refused too."""
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(4 * 1024**3)
    with pytest.raises(rolemodel.FrameworkError, match="at most 2097152 bytes"):
        quickly(lambda: rolemodel.load_framework(huge))
    over = tmp_path / "over.yaml"
    over.write_bytes(b"#" * (2 * 1024 * 1024 + 1))
    (finding,) = rolemodel.lint(over)
    assert finding.code == "RM001" and "at most 2097152 bytes" in finding.message


def test_read_bounded_reads_at_most_its_limit(tmp_path: Path) -> None:
    """read_bounded returns a file up to its limit whole and refuses one byte more."""
    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * 10)
    assert read_bounded(path, 10) == b"x" * 10
    with pytest.raises(rolemodel.RoleModelError, match="at most 9 bytes"):
        read_bounded(path, 9)


# -- extends stays in its folder ------------------------------------------------------------


def child(text_extends: str) -> str:
    """A framework that extends ``text_extends`` and adds nothing."""
    head = GOOD.split("title:")[0].replace("id: tiny", "id: mine")
    return head + f"extends: {text_extends}\n"


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink", "no suffix"])
def test_extends_cannot_leave_its_folder(tmp_path: Path, how: str) -> None:
    """An absolute path, a ../ escape, a symlink out of the folder or a non-YAML name is refused
    before the file is read, and nothing of the outside file is echoed."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.yaml"
    secret.write_text("format: SECRET-TOKEN-abc123\n", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / "link.yaml").symlink_to(secret)
    (home / "notes").symlink_to(secret)
    name = {
        "absolute": str(secret),
        "dotdot": "../outside/secret.yaml",
        "symlink": "link.yaml",
        "no suffix": "notes",
    }[how]
    path = home / "mine.yaml"
    path.write_text(child(name), encoding="utf-8")
    with pytest.raises(rolemodel.FrameworkError) as info:
        rolemodel.load_framework(path)
    (problem,) = info.value.problems
    assert problem.code == "RM013" and "relative path" in problem.expected
    assert "SECRET" not in str(info.value)


def test_extends_a_file_below_its_folder(tmp_path: Path) -> None:
    """A relative path into a subfolder (even through a symlink that stays inside) is allowed."""
    (tmp_path / "bases").mkdir()
    (tmp_path / "bases" / "base.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "alias.yaml").symlink_to(tmp_path / "bases" / "base.yaml")
    for name in ("bases/base.yaml", "alias.yaml", "./bases/../bases/base.yaml"):
        path = tmp_path / "mine.yaml"
        path.write_text(child(name), encoding="utf-8")
        assert rolemodel.load_framework(path).extends == "tiny"


def test_a_broken_base_is_reported_without_its_content(tmp_path: Path) -> None:
    """A base with problems is named with their count, the first's place and what it expects,
    never the values it holds."""
    (tmp_path / "base.yaml").write_text(
        GOOD.replace("weight: 1.0", "weight: SECRET-TOKEN-abc123", 1), encoding="utf-8"
    )
    path = tmp_path / "mine.yaml"
    path.write_text(child("base.yaml"), encoding="utf-8")
    with pytest.raises(rolemodel.FrameworkError) as info:
        rolemodel.load_framework(path)
    (problem,) = info.value.problems
    assert problem.code == "RM013"
    assert problem.found.startswith("1 problem(s) in base.yaml, the first at ")
    assert "expected a number" in problem.found
    assert "SECRET" not in str(info.value)
    assert all("SECRET" not in f.message for f in rolemodel.lint(path))


# -- RM011 does not depend on the hash seed --------------------------------------------------

CYCLES = framework(
    GOOD_RULES
    + rule("ab", "{concept: a, rising: [0.1, 0.2]}", "b")
    + rule("ba", "{concept: b, rising: [0.1, 0.2]}", "a")
    + rule("cd", "{all: [{concept: c, rising: [0.1, 0.2]}, {concept: a, rising: [0.1, 0.2]}]}", "d")
    + rule("dc", "{concept: d, rising: [0.1, 0.2]}", "c")
    + rule("ec", "{concept: c, rising: [0.1, 0.2]}", "e")
    + rule("ed", "{concept: e, rising: [0.1, 0.2]}", "d")
    + rule("ce", "{concept: b, rising: [0.1, 0.2]}", "e"),
    extra="concepts:\n" + "".join(f"  - id: {c}\n    says: s\n    citation: {{quote: q}}\n" for c in "edcba"),
)
SHOW = (
    "import sys, rolemodel\n"
    "try:\n    rolemodel.load_framework(sys.argv[1])\n"
    "except rolemodel.FrameworkError as exc:\n    print(exc)\n"
    "print(*rolemodel.lint(sys.argv[1]), sep='\\n')\n"
)


def test_cycle_messages_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """The loader's and the lint's RM011 messages are byte-identical under different hash seeds."""
    path = tmp_path / "cycles.yaml"
    path.write_text(CYCLES, encoding="utf-8")
    outputs = set()
    for seed in ("0", "1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", SHOW, str(path)], env=env, capture_output=True, check=True, timeout=120
        )
        outputs.add(done.stdout)
    (output,) = outputs
    assert output.count(b"RM011") >= 2 and b"the cycle" in output


# -- the lint stays near linear ---------------------------------------------------------------

HEAD = (
    "format: rolemodel/framework\nversion: 2\nid: big\ntitle: Big\nauthor: Me\nsource: s.txt\n"
    "summary: Many rules.\nroles:\n  management: {says: m, citation: {quote: q}}\n"
    "  leadership: {says: l, citation: {quote: q}}\n"
    "factors: [regulation, market_change, team_size, competition]\nrules:\n"
)


def many_rules(count: int, when: str = "{factor: regulation, rising: [0.3, 0.8]}") -> str:
    """``count`` rules on one condition, alternating management and leadership."""
    return HEAD + "".join(
        f"- {{id: r{i}, when: {when}, then: {('leadership', 'management')[i % 2]}, weight: 1,"
        " basis: calibration, says: x, citation: {quote: q}}\n"
        for i in range(count)
    )


def test_lint_of_6000_rules_is_fast_and_caps_rm203(tmp_path: Path) -> None:
    """6000 rules pushing against each other lint in seconds, with MAX_PAIRS RM203 pairs listed
    and one finding counting the other 3000 * 3000 - MAX_PAIRS."""
    path = tmp_path / "big.yaml"
    path.write_text(many_rules(6000), encoding="utf-8")
    start = time.perf_counter()
    findings = rolemodel.lint(path)
    took = time.perf_counter() - start
    print(f"lint of 6000 rules: {took:.2f} s")
    assert took < 30
    rm203 = [f for f in findings if f.code == "RM203"]
    assert len(rm203) == MAX_PAIRS + 1
    (summary,) = [f for f in rm203 if f.message.startswith("and ")]
    assert f"and {3000 * 3000 - MAX_PAIRS} more pairs" in summary.message


def test_loader_takes_10000_rules(tmp_path: Path) -> None:
    """The loader has no limit on the number of rules: 10,000 compact rules load."""
    path = tmp_path / "big.yaml"
    path.write_text(many_rules(10_000, when="always"), encoding="utf-8")
    assert len(rolemodel.load_framework(path).rules) == 10_000


SHAPES = [
    "always",
    "{factor: regulation, rising: [0.3, 0.8]}",
    "{factor: regulation, rising: [0.1, 0.5]}",
    "{factor: team_size, falling: [3, 9]}",
]
RULES = st.lists(
    st.tuples(
        st.sampled_from(range(len(SHAPES))),
        st.sampled_from(["management", "leadership", "growth_leader"]),
        st.lists(st.integers(0, 11), max_size=2),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(RULES)
def test_rm203_pairs_are_the_quadratic_definition(specs: list[tuple[int, str, list[int]]]) -> None:
    """The grouped RM203 check finds exactly the pairs the all-pairs definition finds."""
    count = len(specs)
    texts = []
    for i, (shape, then, contrast) in enumerate(specs):
        others = sorted({f"r{j}" for j in contrast if j < count and j != i})
        more = f"  contrast: [{', '.join(others)}]\n" if others else ""
        texts.append(rule(f"r{i}", SHAPES[shape], then, more=more))
    roles = ("management", "leadership", "growth_leader")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.yaml"
        path.write_text(framework("".join(texts), roles=roles), encoding="utf-8")
        found = sorted(
            f.message.split("'")[1] + ">" + f.message.split("'")[3]
            for f in rolemodel.lint(path)
            if f.code == "RM203"
        )
    shape_of = [SHAPES[s] if s else "always" for s, _, _ in specs]
    same = {1: 1, 2: 1, 0: 0, 3: 3}  # rising ramps on regulation share a shape
    expected = sorted(
        f"r{a}>r{b}"
        for a, b in combinations(range(count), 2)
        if specs[a][1] != specs[b][1]
        and same[specs[a][0]] == same[specs[b][0]]
        and not (shape_of[a] == shape_of[b] == "always")
        and b not in specs[a][2]
        and a not in specs[b][2]
    )
    assert found == expected


def test_a_chain_of_bases_never_echoes_content(tmp_path: Path) -> None:
    """A broken base two levels down is reported through the chain, still without its values."""
    (tmp_path / "c.yaml").write_text(
        GOOD.replace("weight: 1.0", "weight: SECRET-TOKEN-abc123", 1), encoding="utf-8"
    )
    (tmp_path / "b.yaml").write_text(child("c.yaml").replace("id: mine", "id: middle"), encoding="utf-8")
    path = tmp_path / "mine.yaml"
    path.write_text(child("b.yaml"), encoding="utf-8")
    with pytest.raises(rolemodel.FrameworkError) as info:
        rolemodel.load_framework(path)
    assert "problem(s) in c.yaml" in str(info.value) and "expected a number" in str(info.value)
    assert "SECRET" not in str(info.value)
