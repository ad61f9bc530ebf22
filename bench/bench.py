"""Benchmarks (not tests): median time to parse and to check each sample, and the whole command.

Run: python bench/bench.py [--repeat N]
Targets: parse under 20 ms per sample in-process; check (parse + rules) under 30 ms.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from budget_audit.audit import audit
from budget_audit.ingest import load_text
from budget_audit.parse import parse_document
from budget_audit.parse.normalize import compact, normalize_cell
from budget_audit.rules.engine import load_rules

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))


def median_ms(fn, repeat: int) -> float:
    """Median wall time; the normalisation caches are emptied first, so every run is a cold parse."""
    times = []
    for _ in range(repeat):
        normalize_cell.cache_clear()
        compact.cache_clear()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    ruleset = load_rules()
    print(f"{'sample':45} {'parse ms':>9} {'check ms':>9} {'command ms':>11}")
    for path in SAMPLES:
        raw = load_text(str(path))
        parse_ms = median_ms(lambda p=str(path), r=raw: parse_document(p, r, ruleset.tables), args.repeat)
        check_ms = median_ms(lambda p=str(path): audit([p], ruleset), args.repeat)
        cmd = [sys.executable, "-m", "budget_audit", "check", "--format", "json", str(path)]
        command_ms = median_ms(lambda c=cmd: subprocess.run(c, capture_output=True), max(3, args.repeat // 6))
        print(f"{path.name:45} {parse_ms:9.2f} {check_ms:9.2f} {command_ms:11.1f}")
    print("targets: parse < 20 ms, check < 30 ms per sample (medians, one run)")


if __name__ == "__main__":
    main()
