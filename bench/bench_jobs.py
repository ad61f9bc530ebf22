"""Batch benchmark (not a test): -j 1 against -j 2 on a batch of PDFs, before (the anchor) and
after, and a re-check of the whole corpus answered from the result cache.

Run: python bench/bench_jobs.py [--batch 20] [--repeat N] [--before REF] [--corpus DIR]
The batch is the first N PDFs of the corpus (the folder BUDGET_AUDIT_CORPUS names, or --corpus;
without one, the test PDFs). It also says whether before and after print the same JSON report:
meaningful with ``--before main`` (the anchor predates rules added since, so its findings differ).
Issue 11's targets: -j 2 on 2 cores >= 1.8x the throughput of -j 1; a cached re-check of the
corpus <= 2 s in total. On a machine shared with other work, -j 2 cannot reach 2x: compare the
ratio with the number of cores really free.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from anchor import ANCHOR, CORPUS, HEADER, ROOT, export, median, ratio, row, run, workdir


def _same(a: bytes, b: bytes) -> bool:
    """The same report, the tool's own description aside."""
    x, y = json.loads(a), json.loads(b)
    x.pop("tool", None), y.pop("tool", None)
    return x == y


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--before", default=ANCHOR)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    folder = args.corpus if args.corpus.is_dir() else ROOT / "tests" / "data" / "pdf"
    pdfs = [str(p) for p in sorted(folder.glob("*.pdf"))[: args.batch]]
    with workdir() as tmp:
        cwd = Path(tmp)
        old = export(args.before, cwd)
        print(f"{len(pdfs)} PDFs of {folder}, --format json, median of {args.repeat}; before = {args.before}, after = this tree")
        print(HEADER)
        measured = {}
        for jobs in ("1", "2"):
            before, after = [], []
            for _ in range(args.repeat):
                before.append(run(["check", "--format", "json", "-j", jobs, *pdfs], old, cwd, keep_output=True))
                after.append(run(["check", "--no-cache", "--format", "json", "-j", jobs, *pdfs], ROOT, cwd, keep_output=True))
            measured[jobs] = (median(before), median(after))
            print(row(f"-j {jobs}", *measured[jobs]))
            print(f"{'':34} same report before and after: {'yes' if _same(before[0].output, after[0].output) else 'NO'}")
        (b1, a1), (b2, a2) = measured["1"], measured["2"]
        print(f"{'-j 2 throughput / -j 1':34} {ratio(b1.wall, b2.wall):>19}   {ratio(a1.wall, a2.wall):>18}   (target >= 1.8x)")
        everything = [str(args.corpus)] if args.corpus.is_dir() else pdfs
        cache = cwd / "cache"
        first = run(["check", "--cache-dir", str(cache), "--format", "json", *everything], ROOT, cwd, keep_output=True)
        again = run(["check", "--cache-dir", str(cache), "--format", "json", *everything], ROOT, cwd, keep_output=True)
        count = len(json.loads(first.output)["documents"])
        print(f"whole corpus, {count} documents, after: first check (fills the cache) and a re-check")
        print(row("first check", None, first))
        print(row("re-check from the cache", None, again) + f"   (target <= 2 s; same report: {'yes' if first.output == again.output else 'NO'})")


if __name__ == "__main__":
    main()
