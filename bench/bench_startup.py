"""Start-up benchmark (not a test): the whole command, before (the anchor) and after, side by side.

Run: python bench/bench_startup.py [--repeat N] [--before REF]
Rows: --version; check of one text sample (console and json); check of one test PDF. "after"
is measured with --no-cache (a first check), and again answered from the result cache.
Issue 11's target: whole-process check of one text sample <= 0.3 s, 5x faster than before.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from anchor import ANCHOR, HEADER, ROOT, export, median, row, run, workdir

TEXT = ROOT / "samples" / "xinjiang-aheqi-government-office-2024.txt"
PDF = ROOT / "tests" / "data" / "pdf" / "xinjiang-aheqi-government-office-2024.pdf"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--before", default=ANCHOR, help="the commit to compare with (default: the anchor)")
    args = parser.parse_args()
    cases = [
        ("--version", ["--version"]),
        ("check text (console)", ["check", str(TEXT)]),
        ("check text (--format json)", ["check", "--format", "json", str(TEXT)]),
        ("check PDF (console)", ["check", str(PDF)]),
    ]
    with workdir() as tmp:
        old = export(args.before, Path(tmp))
        old_cache = (old / "budget_audit" / "cache.py").exists()  # a "before" with a cache is measured without it, as "after"
        cwd = Path(tmp)
        print(f"whole process, median of {args.repeat} interleaved runs; before = {args.before}, after = this tree")
        print(HEADER)
        for label, argv in cases:
            before, cold, hit = [], [], []
            uncached = argv if argv[0] != "check" else [argv[0], "--no-cache", *argv[1:]]
            for _ in range(args.repeat):
                before.append(run(uncached if old_cache else argv, old, cwd))
                cold.append(run(uncached, ROOT, cwd))
                if argv[0] == "check":
                    run(argv, ROOT, cwd)  # fill the cache (once is enough; repeating costs nothing)
                    hit.append(run(argv, ROOT, cwd))
            print(row(label, median(before), median(cold)))
            if hit:
                print(row("  … answered from the cache", median(before), median(hit)))
    print("target (issue 11): check of a text sample <= 0.3 s whole process")


if __name__ == "__main__":
    main()
