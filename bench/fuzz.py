"""A long fuzz run over the targets of tests/fuzzing.py (issue 15): inputs tried, crashes, hangs.

Not a test: hypothesis draws random (not derandomized) inputs for every target, each run
under a wall-time limit; an exception other than a clean refusal is a crash (its type,
place and a short repr of the input are printed), an input past the limit is a hang.

    python bench/fuzz.py [--examples 2000] [--hang 20] [--target NAME]...
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from budget_audit import limits  # noqa: E402
from tests.fuzzing import TARGETS  # noqa: E402


def fuzz(name: str, examples: int, hang: int) -> tuple[int, Counter, list[str], int, float]:
    target, inputs = TARGETS[name]
    outcomes: Counter = Counter()
    crashes: list[str] = []
    hangs = 0
    start = time.perf_counter()

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(inputs)
    def run(value):
        nonlocal hangs
        try:
            with limits.applied(limits.DEFAULT.set("seconds", hang), "fuzz"):
                outcomes[target(value)] += 1
        except limits.LimitExceeded as exc:
            if exc.limit == "seconds":
                hangs += 1
            outcomes["refused"] += 1
        except Exception as exc:  # noqa: BLE001 - a crash is what we count
            where = traceback.extract_tb(exc.__traceback__)[-1]
            crashes.append(f"{type(exc).__name__}: {exc} at {where.filename}:{where.lineno} on {repr(value)[:120]}")

    run()
    return sum(outcomes.values()) + len(crashes), outcomes, crashes, hangs, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="inputs per target")
    parser.add_argument("--hang", type=int, default=20, help="seconds after which an input counts as a hang")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="only these targets")
    args = parser.parse_args()
    total = Counter()
    print(f"{'target':18} {'inputs':>7} {'read':>6} {'refused':>8} {'crashes':>8} {'hangs':>6} {'s':>7}")
    for name in args.target or sorted(TARGETS):
        tried, outcomes, crashes, hangs, seconds = fuzz(name, args.examples, args.hang)
        total.update(inputs=tried, crashes=len(crashes), hangs=hangs)
        print(f"{name:18} {tried:7} {outcomes['read']:6} {outcomes['refused']:8} {len(crashes):8} {hangs:6} "
              f"{seconds:7.1f}", flush=True)
        for line in sorted(set(crashes))[:10]:
            print(f"    crash: {line}")
    print(f"fuzz: {total['inputs']} inputs tried, {total['crashes']} crashes, {total['hangs']} hangs")


if __name__ == "__main__":
    main()
