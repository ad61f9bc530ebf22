"""Batch benchmark (not a test): -j 1 against -j 2 on a batch of PDFs, before (the anchor) and
after, and a re-check of the whole corpus answered from the result cache.

Run: python bench/bench_jobs.py [--batch 20] [--repeat N] [--before REF] [--corpus DIR] [--batch-only]
Two batches of N PDFs from the corpus (the folder BUDGET_AUDIT_CORPUS names, or --corpus; without
one, the test PDFs): the first N by name, and N spread evenly over the folder by name. The first
are one province's files, mostly short narratives with one long table file; the spread batch has
the corpus's mix of lengths (most disclosures run 20-60 pages). It also says whether before and after print the same JSON report:
meaningful with ``--before main`` (the anchor predates rules added since, so its findings differ).
Issue 11's targets: -j 2 on 2 cores >= 1.8x the throughput of -j 1; a cached re-check of the
corpus <= 2 s in total. On a machine shared with other work, -j 2 cannot reach 2x: compare the
ratio with the number of cores really free.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

from anchor import ANCHOR, CORPUS, HEADER, ROOT, export, median, row, run, workdir


def _same(a: bytes, b: bytes) -> bool:
    """The same report, the tool's own description aside."""
    x, y = json.loads(a), json.loads(b)
    x.pop("tool", None), y.pop("tool", None)
    return x == y


def spread(pdfs: list[Path], n: int) -> list[Path]:
    """``n`` files evenly spread over ``pdfs`` (every k-th by name): the first ``n`` by name are
    one province's and one producer's files, most of them short narratives."""
    if len(pdfs) <= n:
        return pdfs
    step = len(pdfs) / n
    return [pdfs[int(k * step)] for k in range(n)]


def batch(label: str, pdfs: list[str], args: argparse.Namespace, old: Path, cwd: Path) -> None:
    """-j 1 and -j 2 on one batch, before and after, interleaved; the throughput ratio."""
    print(f"{label}: {len(pdfs)} PDFs, --format json, median of {args.repeat}; before = {args.before}, after = this tree")
    print(HEADER)
    # --no-cache for a "before" that has a cache too: it would otherwise answer from it after its first run
    old_flags = ["--no-cache"] if (old / "budget_audit" / "cache.py").exists() else []
    runs: dict[tuple[str, str], list] = {(side, jobs): [] for side in ("before", "after") for jobs in ("1", "2")}
    load_before = os.getloadavg()
    for _ in range(args.repeat):  # -j 1 and -j 2 interleaved: a load that comes and goes falls on both
        for jobs in ("1", "2"):
            runs["before", jobs].append(run(["check", *old_flags, "--format", "json", "-j", jobs, *pdfs], old, cwd, keep_output=True))
            runs["after", jobs].append(run(["check", "--no-cache", "--format", "json", "-j", jobs, *pdfs], ROOT, cwd, keep_output=True))
    for jobs in ("1", "2"):
        before, after = runs["before", jobs], runs["after", jobs]
        print(row(f"-j {jobs}", median(before), median(after)))
        print(f"{'':34} same report before and after: {'yes' if _same(before[0].output, after[0].output) else 'NO'}")
    same = all(_same(runs["after", "1"][0].output, r.output) for r in runs["after", "2"])
    b1, a1, b2, a2 = (median(runs[key]) for key in (("before", "1"), ("after", "1"), ("before", "2"), ("after", "2")))
    # two decimals: the target is 1.8x, and one decimal would print 1.75x as meeting it
    print(f"{'-j 2 throughput / -j 1':34} {b1.wall / b2.wall:18.2f}x   {a1.wall / a2.wall:17.2f}x   (target >= 1.8x)")
    paired = statistics.median(x.wall / y.wall for x, y in zip(runs["after", "1"], runs["after", "2"], strict=True))
    load_after = os.getloadavg()
    print(f"{'  after, median of paired ratios':34} {'':>19}   {paired:17.2f}x   load average {load_before[0]:.2f} → {load_after[0]:.2f} "
          f"on {os.cpu_count()} cores")
    print(f"{'  after: -j 2 report = -j 1 report':34} {'':>19}   {'yes' if same else 'NO':>18}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--before", default=ANCHOR)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--batch-only", action="store_true", help="the batches alone, not the whole corpus's cached re-check")
    args = parser.parse_args()
    folder = args.corpus if args.corpus.is_dir() else ROOT / "tests" / "data" / "pdf"
    every = sorted(folder.glob("*.pdf"))
    batches = {"first by name": every[: args.batch]}
    if len(every) > args.batch:
        batches["spread over the folder"] = spread(every, args.batch)
    with workdir() as tmp:
        cwd = Path(tmp)
        old = export(args.before, cwd)
        for label, pdfs in batches.items():
            batch(f"{label} ({folder})", [str(p) for p in pdfs], args, old, cwd)
            print()
        pdfs = [str(p) for p in batches["first by name"]]
        if args.batch_only:
            return
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
