"""rolemodel side by side with its floors and peers, in one run, as ratios.

    python benchmarks/peers.py            # print the comparisons
    python benchmarks/peers.py --quick    # smaller runs

Each comparison times rolemodel and something simpler doing the same work on the same data:

- ``recommend()`` per call against the hand-written 8-rule floor of ``benchmarks/floor.py``,
  and the first ``explain()`` (as returned, and read whole) and ``to_dict()`` of a fresh
  result against ``recommend()``;
- ``recommend()`` per call against the same eight rules run by ``rule_engine`` and
  ``business_rules`` (``pip install rolemodel[bench]``; a peer that is not installed is
  skipped, saying so);
- ``recommend_table()`` against the eight rules written with numpy on the same columns;
- the ``rolemodel recommend`` process against ``python -c "import yaml, attrs"``, with the
  built-in frameworks' cache and without it (the cache folder made unusable);
- ``rolemodel batch`` against a copy of the same CSV file with the ``csv`` module.

The peers do far less than rolemodel (no validation, no explanation, no staffing, no
combination of five articles): the ratios say what those cost, not who is faster at the same
job. Not a test: timings vary by machine. :func:`compare` is what ``bench.py`` publishes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from floor import best_of, first_calls, floor, per_call, profiles  # noqa: E402 - benchmarks/floor.py, beside this file

#: The eight rules of :func:`floor.floor` as data: factor, threshold, role, weight.
RULES = [
    ("market_change", 0.6, "leadership", 1.0),
    ("regulation", 0.6, "management", 1.0),
    ("company_size", 250, "management", 0.5),
    ("team_size", 20, "management", 0.3),
    ("innovation_need", 0.6, "leadership", 0.7),
    ("efficiency_priority", 0.6, "management", 0.6),
    ("competition", 0.6, "growth_leader", 0.5),
    ("short_term_pressure", 0.6, "management", 0.4),
]
BASELINE = {"management": 0.1, "leadership": 0.1, "growth_leader": 0.0}
ARGV = ["recommend", "--company-size", "300", "--team-size", "25", "--market-change", "high"]
ARGV += ["--regulation", "low"]


class Row(NamedTuple):
    """One comparison: rolemodel's figure, the peer's, and rolemodel's time over the peer's."""

    what: str
    ours: str
    theirs: str
    ratio: float | None


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs"


# -- the eight rules, by peers -------------------------------------------------------------------


def rule_engine_peer() -> Callable[[dict[str, Any]], str] | None:
    """The eight rules as ``rule_engine`` expressions, or ``None`` when it is not installed."""
    try:
        import rule_engine
    except ImportError:
        return None
    context = rule_engine.Context(default_value=None)
    rules = [
        (rule_engine.Rule(f"{name} != null and {name} >= {limit}", context=context), role, weight)
        for name, limit, role, weight in RULES
    ]

    def run(profile: dict[str, Any]) -> str:
        scores = dict(BASELINE)
        for rule, role, weight in rules:
            if rule.matches(profile):
                scores[role] += weight
        return max(scores, key=scores.__getitem__)

    return run


def business_rules_peer() -> Callable[[dict[str, Any]], str] | None:
    """The eight rules as ``business_rules`` JSON rules, or ``None`` when it is not installed."""
    try:
        from business_rules import run_all
        from business_rules.actions import BaseActions, rule_action
        from business_rules.fields import FIELD_NUMERIC, FIELD_TEXT
        from business_rules.variables import BaseVariables, numeric_rule_variable
    except ImportError:
        return None

    def variable(name: str) -> Any:
        def read(self: Any) -> float:
            value = self.profile.get(name)
            return -1.0 if value is None else value

        read.__name__ = name
        return numeric_rule_variable(read)

    namespace: dict[str, Any] = {"__init__": lambda self, p: setattr(self, "profile", p)}
    for name, *_ in RULES:
        namespace[name] = variable(name)
    variables = type("ProfileVariables", (BaseVariables,), namespace)

    class Scores(BaseActions):  # type: ignore[misc]
        def __init__(self) -> None:
            self.scores = dict(BASELINE)

        @rule_action(params={"role": FIELD_TEXT, "weight": FIELD_NUMERIC})
        def add(self, role: str, weight: float) -> None:
            self.scores[role] += weight

    rules = [
        {
            "conditions": {"all": [{"name": name, "operator": "greater_than_or_equal_to", "value": limit}]},
            "actions": [{"name": "add", "params": {"role": role, "weight": weight}}],
        }
        for name, limit, role, weight in RULES
    ]

    def run(profile: dict[str, Any]) -> str:
        actions = Scores()
        run_all(rules, variables(profile), actions)
        scores = actions.scores
        return max(scores, key=scores.__getitem__)

    return run


def numpy_floor(data: dict[str, Any]) -> Any:
    """The eight rules on numpy columns: the index of the top role of every row."""
    import numpy as np

    n = len(data["company_size"])
    roles = list(BASELINE)
    scores = np.tile(np.array([BASELINE[r] for r in roles]), (n, 1))
    for name, limit, role, weight in RULES:
        scores[:, roles.index(role)] += np.where(data[name] >= limit, weight, 0.0)
    return scores.argmax(axis=1)


# -- process helpers -----------------------------------------------------------------------------


def interleaved(commands: list[tuple[list[str], dict[str, str] | None]], runs: int) -> list[float]:
    """Median wall times of processes run in turn (one warm-up round), so all meet the same load."""
    times: list[list[float]] = [[] for _ in commands]
    for i in range(runs + 1):
        for (argv, env), bucket in zip(commands, times, strict=True):
            start = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
            if i:
                bucket.append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def rolemodel_command() -> list[str]:
    script = Path(sys.executable).with_name("rolemodel")
    return [str(script)] if script.exists() else [sys.executable, "-m", "rolemodel"]


CSV_COPY = (
    "import csv, sys\n"
    "with open(sys.argv[1], newline='', encoding='utf-8') as f, "
    "open(sys.argv[2], 'w', newline='', encoding='utf-8') as g:\n"
    "    w = csv.writer(g)\n"
    "    for row in csv.reader(f):\n"
    "        w.writerow(row)\n"
)


# -- the comparisons -----------------------------------------------------------------------------


def compare(quick: bool = False, say: Callable[[str], None] = print) -> list[Row]:
    """Every comparison, in order; a missing peer is a row with no ratio that says why."""
    import rolemodel

    rows: list[Row] = []
    data = profiles(200 if quick else 1000)
    rounds = 3 if quick else 5
    calls = per_call(data, rounds)
    ours, base = calls["recommend"], calls["floor"]
    rows.append(Row("recommend() vs the hand-written 8-rule floor", _us(ours), _us(base), ours / base))
    kept, kept_base = calls["recommend_kept"], calls["floor_kept"]
    rows.append(Row("the same, every result kept in a list", _us(kept), _us(kept_base), kept / kept_base))
    for what, method, read in (
        ("explain() of a fresh result vs recommend()", "explain", None),
        ("explain() read whole vs recommend()", "explain", "frameworks"),
        ("to_dict() of a fresh result vs recommend()", "to_dict", None),
    ):
        first = min(first_calls(data, method, read) for _ in range(rounds))
        rows.append(Row(what, _us(first), _us(ours), first / ours))
    expected = [floor(p)[0] for p in data]
    for label, make, package in (
        ("rule_engine", rule_engine_peer, "rule-engine"),
        ("business_rules", business_rules_peer, "business-rules"),
    ):
        peer = make()
        what = f"recommend() vs the 8 rules in {label}"
        if peer is None:
            say(f"skipped {label}: {package} is not installed (pip install 'rolemodel[bench]')")
            rows.append(Row(what, _us(ours), f"skipped: {package} not installed", None))
            continue
        if [peer(p) for p in data] != expected:
            say(f"warning: {label} does not agree with the floor on every profile")
        theirs = best_of(lambda peer=peer: [peer(p) for p in data], rounds) / len(data)  # type: ignore[misc]
        rows.append(Row(what, _us(ours), _us(theirs), ours / theirs))

    try:
        import numpy as np  # noqa: F401
    except ImportError:
        say("skipped the table comparison: numpy is not installed")
    else:
        from bench import columns

        n = 100_000 if quick else 1_000_000
        table = columns(n)
        runs = 3 if quick else 9
        ours_t = statistics.median(_times(lambda: rolemodel.recommend_table(table), runs))
        base_t = statistics.median(_times(lambda: numpy_floor(table), runs))
        rows.append(
            Row(
                "recommend_table() vs the 8 rules in numpy",
                f"{ours_t:.3f} s ({n:,} rows)",
                f"{base_t:.3f} s",
                ours_t / base_t,
            )
        )

    command = rolemodel_command()
    env = dict(os.environ)
    no_cache = dict(env, XDG_CACHE_HOME=os.devnull)  # /dev/null/rolemodel cannot exist: no cache
    runs = 5 if quick else 25
    floor_s, cached, uncached = interleaved(
        [
            ([sys.executable, "-c", "import yaml, attrs"], env),
            ([*command, *ARGV], env),
            ([*command, *ARGV], no_cache),
        ],
        runs,
    )
    floor_text = f'{floor_s * 1e3:.0f} ms (python -c "import yaml, attrs")'
    rows.append(
        Row(
            "rolemodel recommend process vs importing yaml and attrs",
            f"{cached * 1e3:.0f} ms",
            floor_text,
            cached / floor_s,
        )
    )
    rows.append(
        Row(
            "the same, without the built-ins' cache",
            f"{uncached * 1e3:.0f} ms",
            floor_text,
            uncached / floor_s,
        )
    )

    rows.append(batch_vs_copy(10_000 if quick else 1_000_000))  # the goal is set on 1M rows
    return rows


def batch_vs_copy(batch_rows: int, runs: int = 3) -> Row:
    """``rolemodel batch`` against a ``csv``-module copy of the same file of ``batch_rows``
    rows, interleaved, medians of ``runs``. Run it alone with
    ``python -c "import peers; print(peers.batch_vs_copy(1_000_000))"`` (in ``benchmarks/``)."""
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "portfolio.csv"
        lines = ["client,company_size,team_size,market_change,regulation,stage"]
        lines += [
            f"c{i},{50 + i % 5000},{1 + i % 40},{('low', 'high', '0.4')[i % 3]},0.3,"
            for i in range(batch_rows)
        ]
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        batch, copy = interleaved(
            [
                ([*rolemodel_command(), "batch", str(src), "-o", str(Path(tmp) / "scored.csv")], env),
                ([sys.executable, "-c", CSV_COPY, str(src), str(Path(tmp) / "copy.csv")], env),
            ],
            runs,
        )
    return Row(
        "rolemodel batch vs a csv-module copy of the file",
        f"{batch:.2f} s ({batch_rows:,} rows)",
        f"{copy:.2f} s",
        batch / copy,
    )


def _times(fn: Callable[[], Any], runs: int) -> list[float]:
    fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def ratio_text(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.2f}x"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small runs (a smoke test)")
    args = parser.parse_args()
    rows = compare(args.quick)
    width = max(len(r.what) for r in rows)
    for row in rows:
        print(f"{row.what:<{width}}  {row.ours:>22}  {row.theirs:>40}  {ratio_text(row.ratio)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
