"""The floor for ``recommend()``: a hand-written 8-rule function, and the ratio to it.

    python benchmarks/floor.py                      # this checkout
    python benchmarks/floor.py --before SRC_DIR     # and another source tree, same run

Each tree is measured in its own process (``PYTHONPATH``), the trees alternating ``--repeat``
times; the best figure of each is kept.

:func:`floor` is the least a rule engine could do per call: read the profile dict, apply eight
threshold rules into a scores dict and a fired list, return the top role and the list. It has
no validation, no explanations, no staffing and no combination; it is what a reader would write
by hand, so ``recommend()`` divided by it says what the library's guarantees cost.

Measured over 1,000 varied profiles (a seeded generator): ``recommend(**kw)`` per call, the
floor per call, their ratio (each result dropped as made, as ``timeit`` does; and with every
result kept in a list, which adds the garbage collector's scans of them), and the first
``explain()`` (as returned, and read whole) and ``to_dict()`` of a fresh recommendation
relative to ``recommend()``. Not a test: timings vary by machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def graded() -> list[str]:
    """The optional graded factors, from rolemodel's catalogue (imported when first needed)."""
    from rolemodel import FACTORS

    return [name for name, spec in FACTORS.items() if spec.kind == "graded" and not spec.required]


def floor(profile: dict[str, Any]) -> tuple[str, list[str]]:
    """Eight threshold rules, by hand: the top role and the rules that fired."""
    scores = {"management": 0.1, "leadership": 0.1, "growth_leader": 0.0}
    fired: list[str] = []
    if profile.get("market_change", 0.0) >= 0.6:
        scores["leadership"] += 1.0
        fired.append("change")
    if profile.get("regulation", 0.0) >= 0.6:
        scores["management"] += 1.0
        fired.append("regulation")
    if profile.get("company_size", 0) >= 250:
        scores["management"] += 0.5
        fired.append("size")
    if profile.get("team_size", 0) >= 20:
        scores["management"] += 0.3
        fired.append("team")
    if (profile.get("innovation_need") or 0.0) >= 0.6:
        scores["leadership"] += 0.7
        fired.append("innovation")
    if (profile.get("efficiency_priority") or 0.0) >= 0.6:
        scores["management"] += 0.6
        fired.append("efficiency")
    if (profile.get("competition") or 0.0) >= 0.6:
        scores["growth_leader"] += 0.5
        fired.append("competition")
    if (profile.get("short_term_pressure") or 0.0) >= 0.6:
        scores["management"] += 0.4
        fired.append("pressure")
    return max(scores, key=scores.__getitem__), fired


def profiles(n: int = 1000, seed: int = 12) -> list[dict[str, Any]]:
    """``n`` varied valid profiles: numbers and words, optional factors sometimes, a stage sometimes."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        company = rng.randint(1, 20_000)
        p: dict[str, Any] = {
            "company_size": company,
            "team_size": rng.randint(1, min(company, 500)),
            "market_change": round(rng.random(), 3),
            "regulation": rng.choice([round(rng.random(), 3), 0.2, 0.8]),
        }
        for name in graded():
            if rng.random() < 0.5:
                p[name] = round(rng.random(), 3)
        if rng.random() < 0.3:
            p["stage"] = rng.choice(["startup", "growth", "mature"])
        out.append(p)
    return out


def best_of(fn: Any, rounds: int) -> float:
    """The shortest of ``rounds`` timed calls of ``fn``, in seconds."""
    best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def first_calls(data: list[dict[str, Any]], method: str, read: str | None = None) -> float:
    """Seconds per call of ``method`` on fresh recommendations of ``data`` (and of reading the
    attribute ``read`` of what it returns: an explanation builds its parts when first read)."""
    import rolemodel

    recs = [rolemodel.recommend(**p) for p in data]
    recs.reverse()
    start = time.perf_counter()
    while recs:  # each result dropped once used (with the explanation it keeps), as per_call does
        out = getattr(recs.pop(), method)()
        if read is not None:
            getattr(out, read)
    return (time.perf_counter() - start) / len(data)


def per_call(data: list[dict[str, Any]], rounds: int) -> dict[str, float]:
    """Seconds per call of ``recommend(**kw)`` and of the floor over ``data`` (best of
    ``rounds``): ``recommend`` and ``floor`` with each result dropped as soon as it is made, as
    ``timeit`` does, which is what a call costs; ``recommend_kept`` and ``floor_kept`` with every
    result kept in a list, which adds what the garbage collector spends scanning them."""
    import rolemodel

    recommend = rolemodel.recommend
    for p in data[:3]:  # load and compile the frameworks outside the timing
        recommend(**p)

    def each_recommend() -> None:
        for p in data:
            recommend(**p)

    def each_floor() -> None:
        for p in data:
            floor(p)

    n = len(data)
    return {
        "recommend": best_of(each_recommend, rounds) / n,
        "floor": best_of(each_floor, rounds) / n,
        "recommend_kept": best_of(lambda: [recommend(**p) for p in data], rounds) / n,
        "floor_kept": best_of(lambda: [floor(p) for p in data], rounds) / n,
    }


def measure(rounds: int = 5) -> dict[str, float]:
    """Per-call seconds: recommend and the floor (see :func:`per_call`), first explain, first
    to_dict (best of ``rounds``)."""
    data = profiles()
    calls = per_call(data, rounds)

    explain_s = min(first_calls(data, "explain") for _ in range(rounds))
    # an explanation builds its frameworks and cases when one is first read
    read_s = min(first_calls(data, "explain", "frameworks") for _ in range(rounds))
    to_dict_s = min(first_calls(data, "to_dict") for _ in range(rounds))
    return {**calls, "explain": explain_s, "read": read_s, "to_dict": to_dict_s}


def _report(label: str, m: dict[str, float]) -> str:
    r = m["recommend"]
    return (
        f"{label}: recommend {r * 1e6:.1f} us/call, floor {m['floor'] * 1e6:.2f} us/call, "
        f"ratio {r / m['floor']:.1f}x (results kept {m['recommend_kept'] / m['floor_kept']:.1f}x); "
        f"first explain() {m['explain'] * 1e6:.1f} us "
        f"({m['explain'] / r:.2f}x recommend), read whole {m['read'] * 1e6:.1f} us "
        f"({m['read'] / r:.2f}x), first to_dict() {m['to_dict'] * 1e6:.1f} us "
        f"({m['to_dict'] / r:.2f}x recommend)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="another source tree (its src/ directory) to measure first")
    parser.add_argument("--json", action="store_true", help="print this tree's figures as JSON (internal)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per process (best kept)")
    parser.add_argument("--repeat", type=int, default=3, help="processes per tree, alternating")
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure(args.rounds)))
        return
    trees = ([("before", args.before)] if args.before else []) + [("after", str(ROOT / "src"))]
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.repeat):  # the trees alternate, so a busy moment slows both alike
        for label, src in trees:
            env = {**os.environ, "PYTHONPATH": src}
            out = subprocess.run(
                [sys.executable, __file__, "--json", "--rounds", str(args.rounds)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(out.stdout)
            seen = best.setdefault(label, figures)
            for key, value in figures.items():
                seen[key] = min(seen[key], value)
    for label, _ in trees:
        print(_report(label, best[label]))


if __name__ == "__main__":
    main()
