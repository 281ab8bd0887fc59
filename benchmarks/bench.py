"""rolemodel's benchmarks: figures for docs/performance.md (not tests; timings vary by machine).

    python benchmarks/bench.py            # print the figures
    python benchmarks/bench.py --write    # and write them to docs/performance.md
    python benchmarks/bench.py --quick    # smaller runs, for a smoke test

Measures:

- ``recommend()`` per call, without and with ``explain()``;
- ``recommend_many()`` per record;
- ``recommend_table()`` on a million profiles: numeric numpy columns, word-level text columns,
  a pandas DataFrame; the goal is under one second;
- the ``rolemodel recommend`` process against ``python -c "import networkx, yaml, attrs"``;
  the goal is within 1.5 times;
- ``rolemodel batch`` on a CSV file.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ACME = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}
ARGV = [
    "recommend",
    "--company-size",
    "300",
    "--team-size",
    "25",
    "--market-change",
    "high",
    "--regulation",
    "low",
]
GRADED = [
    "competition",
    "short_term_pressure",
    "innovation_need",
    "customer_focus",
    "efficiency_priority",
    "structure_need",
    "development_priority",
    "process_complexity",
    "team_seasoning",
    "process_maturity",
    "leadership_time",
    "manager_readiness",
]


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
    for name in GRADED:
        data[name] = rng.random(n)
    if words:
        levels = np.array(["low", "medium", "high"])
        data["market_change"] = levels[rng.integers(0, 3, n)]
        data["regulation"] = levels[rng.integers(0, 3, n)]
        data["stage"] = np.array(["startup", "growth", "mature"])[rng.integers(0, 3, n)]
    return data


def process_times(argv: list[str], runs: int) -> float:
    """Median wall time of a process, after one warm-up."""

    def once() -> None:
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)

    return median_time(once, runs)


def interleaved(first: list[str], second: list[str], runs: int) -> tuple[float, float]:
    """Median wall times of two processes run in turn, so both meet the same machine load."""
    times: tuple[list[float], list[float]] = ([], [])
    for i in range(runs + 1):
        for argv, bucket in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
            if i:  # the first round warms the caches
                bucket.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write docs/performance.md")
    parser.add_argument("--quick", action="store_true", help="small runs (a smoke test)")
    args = parser.parse_args()

    import numpy as np

    import rolemodel

    # Where PYTHONDONTWRITEBYTECODE is set, rolemodel would be compiled in every process;
    # an installed wheel has its bytecode, so compile it as an install would.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "rolemodel")], check=True)
    rows = 100_000 if args.quick else 1_000_000
    runs = 3 if args.quick else 25
    figures: dict[str, str] = {}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    rolemodel.recommend(ACME)
    call = per_call(lambda: rolemodel.recommend(ACME), 2000)
    explained = per_call(lambda: rolemodel.recommend(ACME).explain(), 500)
    figures["recommend() per call"] = f"{call * 1e6:.0f} µs"
    figures["recommend() + explain() per call"] = f"{explained * 1e6:.0f} µs"
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

    script = Path(sys.executable).with_name("rolemodel")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "rolemodel"]
    base, cli = interleaved([sys.executable, "-c", "import networkx, yaml, attrs"], [*command, *ARGV], runs)
    figures['python -c "import networkx, yaml, attrs"'] = f"{base * 1e3:.0f} ms"
    figures["rolemodel recommend (whole process)"] = f"{cli * 1e3:.0f} ms ({cli / base:.2f}x)"

    batch_rows = 10_000 if args.quick else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "portfolio.csv"
        lines = ["client,company_size,team_size,market_change,regulation,stage"]
        lines += [
            f"c{i},{50 + i % 5000},{1 + i % 40},{('low', 'high', '0.4')[i % 3]},0.3,"
            for i in range(batch_rows)
        ]
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = Path(tmp) / "scored.csv"
        t_batch = process_times([*command, "batch", str(src), "-o", str(out)], 3)
    figures[f"rolemodel batch, {batch_rows:,}-row CSV (whole process)"] = f"{t_batch:.2f} s"

    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    if args.write:
        write(figures, np.__version__, load)
    return 0


def write(figures: dict[str, str], numpy_version: str, load: float) -> None:
    """docs/performance.md from the figures."""
    rows = "\n".join(f"| {k} | {v} |" for k, v in figures.items())
    text = f"""# Performance

Figures from `python benchmarks/bench.py --write`: {platform.system()} on {platform.machine()},
{os.cpu_count()} CPU cores, Python {platform.python_version()}, numpy {numpy_version}; load
average {load:.1f} when the run began (other work shared the machine). Table figures are
medians of nine runs with the best in brackets; process figures
medians; per-call figures the best of five. Expect others on other machines. They are not
tests: the test suite has no timed tests.

| What | Time |
|---|---|
{rows}

## Goals

- `recommend_table()` scores a million profiles in under a second on two cores. It evaluates
  each framework's compiled plan on numpy arrays, step by step in plan order, with the scalar
  engine's operations (so it agrees with `recommend()` exactly), shares the factor ramps the
  frameworks have in common, and scores blocks of 32,768 rows on one thread per core (numpy
  releases the GIL). Text columns are validated once per distinct value.
- `rolemodel recommend` as a whole process takes within 1.5 times the import of networkx,
  pyyaml and attrs. Its import path stays light: numpy, pandas and the other optional packages
  are imported only by the commands and functions that need them (a test checks that
  `rolemodel recommend` loads none of them). The process time is mostly Python's start and the
  imports of networkx, pyyaml, attrs and cattrs; loading and compiling the five frameworks takes
  about 15 ms.
- `recommend()` aims at tens of microseconds per call; `explain()` is built lazily, only when
  asked for.

The benchmark compiles rolemodel's bytecode first, as an installed wheel has it: where
`PYTHONDONTWRITEBYTECODE` is set, a source checkout would otherwise compile rolemodel's
modules in every process (about 20 ms more).
"""
    (ROOT / "docs" / "performance.md").write_text(text, encoding="utf-8")
    print("wrote docs/performance.md")


if __name__ == "__main__":
    sys.exit(main())
