"""rolemodel's benchmarks: figures for docs/performance.md (not tests; timings vary by machine).

    python benchmarks/bench.py            # print the figures
    python benchmarks/bench.py --write    # and write them to docs/performance.md
    python benchmarks/bench.py --quick    # smaller runs, for a smoke test
    python benchmarks/bench.py --quick --compare   # and the ratios beside the recorded ones (CI)
    python benchmarks/bench.py --write --runs 3    # the side-by-side comparison three times

Measures:

- ``recommend()`` per call, without and with ``explain()``;
- ``recommend_many()`` per record;
- ``recommend_table()`` on a million profiles: numeric numpy columns, word-level text columns,
  a pandas DataFrame; the goal is under one second;
- side by side (``benchmarks/peers.py``): ``recommend()`` against a hand-written 8-rule floor,
  ``rule_engine`` and ``business_rules``; ``recommend_table()`` against the same rules in
  numpy; the ``rolemodel recommend`` process against ``python -c "import yaml, attrs"``;
  ``rolemodel batch`` against a ``csv``-module copy of the same file.

``--compare`` never fails: ratios are printed for a reader, not checked. With ``--runs N`` the
side-by-side comparison runs N times in a row; each comparison shows its median run, and the
page the lowest and highest ratio of the N beside it (this shared machine moves them a lot).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ACME = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}


def graded() -> list[str]:
    """The optional graded factors, from rolemodel's catalogue (imported when first needed)."""
    from rolemodel import FACTORS

    return [name for name, spec in FACTORS.items() if spec.kind == "graded" and not spec.required]


def per_call(fn: Callable[[], Any], number: int) -> float:
    """Best-of-5 seconds per call."""
    return min(timeit.repeat(fn, number=number, repeat=5)) / number


def wall_times(fn: Callable[[], Any], runs: int) -> list[float]:
    """Wall times of ``runs`` calls, after one warm-up."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def median_time(fn: Callable[[], Any], runs: int) -> float:
    """Median wall time of ``runs`` calls, after one warm-up."""
    return statistics.median(wall_times(fn, runs))


def seconds(fn: Callable[[], Any], runs: int) -> str:
    """'median s (best s)' of ``runs`` calls."""
    times = wall_times(fn, runs)
    return f"{statistics.median(times):.2f} s (best {min(times):.2f} s)"


def columns(n: int, words: bool = False) -> dict[str, Any]:
    """``n`` random, valid profiles as numpy columns (every factor given)."""
    import numpy as np

    rng = np.random.default_rng(0)
    company = rng.integers(1, 5000, n)
    data: dict[str, Any] = {
        "company_size": company,
        "team_size": np.minimum(company, rng.integers(1, 300, n)),
        "market_change": rng.random(n),
        "regulation": rng.random(n),
    }
    for name in graded():
        data[name] = rng.random(n)
    if words:
        levels = np.array(["low", "medium", "high"])
        data["market_change"] = levels[rng.integers(0, 3, n)]
        data["regulation"] = levels[rng.integers(0, 3, n)]
        data["stage"] = np.array(["startup", "growth", "mature"])[rng.integers(0, 3, n)]
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write docs/performance.md")
    parser.add_argument("--quick", action="store_true", help="small runs (a smoke test)")
    parser.add_argument(
        "--compare", action="store_true", help="print the ratios beside those in docs/performance.md"
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="run the side-by-side comparison N times (median and range)"
    )
    args = parser.parse_args()

    import numpy as np

    import rolemodel

    # Where PYTHONDONTWRITEBYTECODE is set, rolemodel would be compiled in every process;
    # an installed wheel has its bytecode, so compile it as an install would.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "rolemodel")], check=True)
    rows = 100_000 if args.quick else 1_000_000
    figures: dict[str, str] = {}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    rolemodel.recommend(ACME)
    call = per_call(lambda: rolemodel.recommend(ACME), 2000)
    explained = per_call(lambda: rolemodel.recommend(ACME).explain(), 500)
    # an explanation builds its frameworks and cases when first read: read them
    read = per_call(lambda: rolemodel.recommend(ACME).explain().frameworks, 500)
    figures["recommend() per call"] = f"{call * 1e6:.0f} µs"
    figures["recommend() + explain() per call"] = f"{explained * 1e6:.0f} µs"
    figures["recommend() + explain(), read whole, per call"] = f"{read * 1e6:.0f} µs"
    records = [dict(ACME, company_size=20 + i % 4000, team_size=1 + i % 20) for i in range(10_000)]
    many = median_time(lambda: list(rolemodel.recommend_many(records)), 3) / len(records)
    figures["recommend_many() per record"] = f"{many * 1e6:.0f} µs"

    numeric = columns(rows)
    figures[f"recommend_table(), {rows:,} rows, numeric columns"] = seconds(
        lambda: rolemodel.recommend_table(numeric), 9
    )
    worded = columns(rows, words=True)
    figures[f"recommend_table(), {rows:,} rows, word levels and stage"] = seconds(
        lambda: rolemodel.recommend_table(worded), 9
    )
    try:
        import pandas as pd
    except ImportError:
        pass
    else:
        frame = pd.DataFrame(numeric)
        figures[f"recommend_table(), {rows:,} rows, pandas DataFrame"] = seconds(
            lambda: rolemodel.recommend_table(frame), 9
        )

    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")

    import peers

    side, spread = median_runs([peers.compare(args.quick) for _ in range(max(1, args.runs))])
    print()
    width = max(len(r.what) for r in side)
    recorded = recorded_ratios() if args.compare else {}
    for row in side:
        line = f"{row.what:<{width}}  {row.ours:>22}  {row.theirs:>42}  {peers.ratio_text(row.ratio):>8}"
        if spread[row.what]:
            line += f"  ({spread[row.what]})"
        if args.compare:
            line += f"  (recorded {recorded.get(row.what, 'none')})"
        print(line)
    if args.write:
        write(figures, side, spread, max(1, args.runs), np.__version__, load)
    return 0


def median_runs(runs: list[list[Any]]) -> tuple[list[Any], dict[str, str]]:
    """Per comparison, the row of the run with the median ratio (the higher middle one of an
    even count), and the lowest to highest ratio over the runs ("" for one run or no ratio)."""
    side, spread = [], {}
    for rows in zip(*runs, strict=True):
        rated = sorted((r for r in rows if r.ratio is not None), key=lambda r: r.ratio)
        side.append(rated[len(rated) // 2] if rated else rows[0])
        several = len(rated) > 1
        spread[rows[0].what] = f"{rated[0].ratio:.2f}x to {rated[-1].ratio:.2f}x" if several else ""
    return side, spread


def recorded_ratios() -> dict[str, str]:
    """The ratios of the side-by-side table in docs/performance.md, by comparison."""
    try:
        text = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) in (4, 5) and cells[3].endswith("x"):
            out[cells[0]] = cells[3]
    return out


def write(
    figures: dict[str, str],
    side: list[Any],
    spread: dict[str, str],
    runs: int,
    numpy_version: str,
    load: float,
) -> None:
    """docs/performance.md from the figures and the side-by-side rows (each the median of
    ``runs``, with the range of its ratio in ``spread``)."""
    from peers import ratio_text

    rows = "\n".join(f"| {k} | {v} |" for k, v in figures.items())
    peers = "\n".join(
        f"| {r.what} | {r.ours} | {r.theirs} | {ratio_text(r.ratio)} | {spread[r.what] or '—'} |"
        for r in side
    )
    over = f"{runs} runs" if runs > 1 else "one run"
    text = f"""# Performance

Figures from `python benchmarks/bench.py --write`: {platform.system()} on {platform.machine()},
{os.cpu_count()} CPU cores, Python {platform.python_version()}, numpy {numpy_version}; load
average {load:.1f} when the run began (other work shared the machine). Table figures are
medians of nine runs with the best in brackets; process figures
medians; per-call figures the best of five. Expect others on other machines: on this shared
machine the ratios of the same code moved by up to a third between runs of the same day. They
are not tests: the test suite has no timed tests.

| What | Time |
|---|---|
{rows}

## Side by side

The same work, in the same runs, by rolemodel and by something simpler (`benchmarks/peers.py`; the
peers `rule-engine` and `business-rules` come with `pip install 'rolemodel[bench]'` and are
skipped, saying so, where they are missing). The ratio is rolemodel's time over the other's
(for `explain()` and `to_dict()`, over a `recommend()`'s).
The per-call rows run over the floor's 1,000 varied profiles, so `recommend()` differs from
the single profile timed above. Each result is dropped as it is made, as `timeit` does: that is
what a call costs. The row after it keeps every result (rolemodel's and the floor's) in a list,
which adds what Python's garbage collector spends scanning what is kept; the goal is set on the
first.

The table is the median of {over} of the comparison in a row, each row from the run with its
median ratio; the last column is the lowest and highest ratio of those runs.

| Comparison | rolemodel | the other | ratio | range |
|---|---|---|---|---|
{peers}

- **The 8-rule floor** (`benchmarks/floor.py`) is what a reader would write by hand: eight
  threshold rules into a scores dict, the top role. `rule_engine` and `business_rules` run the
  same eight rules (each checked to give the floor's answer on every profile). `recommend()`
  does more on every call: it validates the profile, evaluates five articles' graded rules,
  answers staffing too, combines the verdicts with their confidence and dissent, and keeps
  what `explain()` needs. The ratio to the floor is what those guarantees cost.
- **numpy** runs the same eight rules on the same million-row columns as `recommend_table()`.
- **The process** is `rolemodel recommend` against `python -c "import yaml, attrs"`, with the
  built-in frameworks' cache and without it (see below).
- **batch** is `rolemodel batch` against a copy of the same CSV file with the `csv` module:
  reading, validating, scoring and writing against reading and writing.

`python benchmarks/bench.py --quick --compare` (run at the end of CI, never failing it) prints
these ratios, on smaller sizes, beside the ones recorded here.

## The built-in frameworks' cache

A new process does not parse the five built-in YAML files: the first process that loads them
writes the validated frameworks as plain JSON (never pickle: reading it runs no code) to
`$XDG_CACHE_HOME/rolemodel` (else `~/.cache/rolemodel`), in a file named by a hash of
rolemodel's version and of each file's name and bytes, so an edited file is never read stale.
The cache is rebuilt into frameworks field by field, every type checked, the profiles of the
examples through `Profile`'s own validation, and the loader's semantic checks run again
(they read no YAML: a process that finds the cache good never imports pyyaml); a
cache file that is missing, corrupt, oversized or wrong in any way is ignored and the YAML
parsed as before, and a folder that cannot be written only means no cache. Set
`ROLEMODEL_CACHE=off` to neither read nor write it.

## Goals

- `recommend()`: at most 12 times the hand-written 8-rule floor (the side-by-side table says
  where it stands). Each set of frameworks compiles once into one generated Python function
  (`rolemodel._panel`): it evaluates every framework's rules as straight-line code, computing
  each factor's ramps once for all of them, decides each framework's two verdicts with the
  options its article lists written in, and combines them with the weights of the call. The
  function is built from validated, typed values only (a test walks its syntax tree against a
  whitelist) and its numbers are those of the reference functions to the bit (a test checks
  that on many profiles). The result keeps what the function returned and builds its score
  dictionaries and per-framework verdicts when they are first read; `explain()` is built
  lazily, only when asked for. Nothing is cached across calls but the compiled code.
- `recommend_table()` scores a million profiles in under a second on two cores. It evaluates
  each framework's compiled plan on numpy arrays, step by step in plan order, with the scalar
  engine's operations (so it agrees with `recommend()` to the bit), shares the factor ramps the
  frameworks have in common, and scores blocks of 65,536 rows on one thread per core (numpy
  releases the GIL; blocks of 32,768 were 15-35% slower here, with the same peak memory). A
  ramp is a subtraction, a division by its span and one in-place `np.clip` (missing cells are
  set once per column to the infinity the ramp clips to 0, and a column with no value costs
  nothing); sums are kept in place; a question's top two answers come from
  `np.maximum`/`np.minimum`, with the options each framework lists known in advance, never
  from a sort. Text columns are validated once per distinct value. What is left above the
  floor is mostly the result itself: eleven text columns of a million Python references each
  (about 4-6 ms a column to fill, and the memory to map), and some 450 numpy calls a block,
  each needed for the scalar engine's numbers to the bit.
- `rolemodel recommend` as a whole process: the goal is within 1.4 times the import of pyyaml
  and attrs (see the side-by-side table for where it stands). Its import path stays light:
  numpy, pandas and the other optional packages are imported only by the commands and
  functions that need them (a test checks that `rolemodel recommend` loads none of them).
  With the cache, loading the five frameworks takes a few milliseconds (JSON, rebuilding,
  checks) plus compiling their plans, and pyyaml is never imported; the rest is Python's start
  and importing rolemodel's modules and attrs. What keeps it above its goal is mostly the
  making of rolemodel's attrs classes at import (about 1 ms each on this machine, some thirty
  on the path of `rolemodel recommend`: attrs writes and compiles each class's methods) and
  argparse's building of the command's options (which also imports `shutil` and the
  compression modules, to size its help to the terminal); meeting it would mean values that are
  not attrs classes on the import path, which this release does not do. The plain-text answer
  loads neither `html` nor `difflib` (a test checks it).
- `explain()` and `to_dict()` of a fresh result: the goals are 2 and 3 times a `recommend()`
  (the side-by-side table has both, and an explanation read whole). `explain()` returns at
  once with the answers, scores, confidences, reasons and assumptions; each framework's part,
  the cases of both answers and the dissent are built together when one of them is first read
  (`rolemodel._explain_build`), and an explanation built so is equal, field for field, to one
  built whole. What no profile changes is worked out when a framework compiles (each rule's
  reads, condition text, citation and a template of its contribution; each framework's listed
  answers and factors), and the parts are built straight from `recommend()`'s trace, without
  building the per-framework verdicts. `to_dict()` of a result whose explanation was never
  read writes the explanation's JSON form straight from the trace, without making its objects:
  one builder makes either (a Hypothesis property holds the two to the same value, order and
  type, and checks that no dict or list is shared); once the objects exist, their fields are
  written out by hand (checked against cattrs' output). Read whole, an explanation holds a few
  dozen contributions, each with the inputs it read and its citation, and six cases that repeat
  the strongest of them; its JSON form is about 960 values (29 KB). Making that many Python
  objects costs several `recommend()`s, so an explanation read whole and `to_dict()` (which
  holds one) stay above their goals.
- `rolemodel batch` on a CSV file: at most 4 times a `csv`-module copy of the file. It reads a
  block of lines, splits plain ones by column, converts each column's distinct texts once with
  the one coercion, scores the rows that read well with `recommend_table()` and sends every
  other row through the row-by-row scorer (so its errors are the same words), then writes
  each result column as text at once. Memory does not grow with rows.

The benchmark compiles rolemodel's bytecode first, as an installed wheel has it: where
`PYTHONDONTWRITEBYTECODE` is set, a source checkout would otherwise compile rolemodel's
modules in every process (about 20 ms more).
"""
    (ROOT / "docs" / "performance.md").write_text(text, encoding="utf-8")
    print("wrote docs/performance.md")


if __name__ == "__main__":
    sys.exit(main())
