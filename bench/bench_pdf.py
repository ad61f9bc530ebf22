"""PDF benchmark (not a test): a whole `check` of each PDF against the two plain text
extractions it is measured by — pdfplumber's ``extract_text`` and pypdfium2's
``get_text_range`` — each a whole process, side by side in one run.

    python bench/bench_pdf.py [PDF or folder ...] [--every N] [--repeat R] [--before REF] [--batch]

Default input: the folder named by BUDGET_AUDIT_CORPUS, else tests/data/pdf. For each file
the four processes run interleaved (pdfplumber, pypdfium2, `check -j 1`, `check` with its
default -j), R times, and the median wall time of each is kept; totals are over the files,
and so are the ratios issue 11 sets (`check` at least 5x faster than pdfplumber's text, and
within 3x of pypdfium2's). ``--before REF`` adds `check -j 1` of an earlier commit.
Peak memory: the largest resident set of a `check` process over the files. ``--batch`` also
runs each once over all the files in one process — one `check` command given them all, as an
auditor checks a folder — where the start-up is paid once.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from anchor import ROOT, export, pdf_inputs, run, workdir

# a child process running one baseline over the files named after it (bench/baselines.py)
BASELINE = "import sys; sys.path.insert(0, sys.argv[1]); import baselines; [baselines.{}(p) for p in sys.argv[2:]]"
PLUMBER, PDFIUM = BASELINE.format("plumber_text"), BASELINE.format("pdfium_text")


def _seconds(code: str, *paths: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(ROOT / "bench"), *map(str, paths)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def batch(files: list[Path], check: list[str], cwd: Path) -> None:
    """Each reader once over all the files, in one process (one command: `check` given them all)."""
    plumber, pdfium = _seconds(PLUMBER, *files), _seconds(PDFIUM, *files)
    one = run([*check, "-j", "1", *map(str, files)], ROOT, cwd).wall
    default = run([*check, *map(str, files)], ROOT, cwd).wall
    print(f"all {len(files)} in one process each (one command): pdfplumber {plumber:.1f} s, pypdfium2 {pdfium:.1f} s,"
          f" check -j 1 {one:.1f} s, check {default:.1f} s")
    for label, seconds in (("check -j1", one), ("check", default)):
        print(f"  {label:10s}: {plumber / seconds:4.1f}x faster than pdfplumber's text, {seconds / pdfium:4.1f}x pypdfium2's text")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--every", type=int, default=1, help="measure every Nth file only")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--before", default=None, help="also time `check -j 1` of this commit")
    parser.add_argument("--quiet", action="store_true", help="totals only, no line per file")
    parser.add_argument("--batch", action="store_true", help="also each reader once over all the files (a batch)")
    parser.add_argument("--batch-only", action="store_true", help="the batch alone")
    args = parser.parse_args()
    files = pdf_inputs(args.paths, args.every)
    check = ["check", "--no-cache", "-q", "--format", "json"]
    if args.batch_only:
        with workdir() as tmp:
            batch(files, check, Path(tmp))
        return
    columns = ["pdfplumber", "pypdfium2", "check -j1", "check"] + (["before -j1"] if args.before else [])
    totals = dict.fromkeys(columns, 0.0)
    peak = 0.0
    with workdir() as tmp:
        before = export(args.before, Path(tmp)) if args.before else None
        cwd = Path(tmp)  # not ROOT: `python -m` puts the working folder first on the path, before PYTHONPATH
        print(f"{len(files)} PDFs; median of {args.repeat} interleaved run(s) each; whole processes, wall seconds")
        print(f"  {'file':44s} " + " ".join(f"{c:>10s}" for c in columns))
        for path in files:
            times: dict[str, list[float]] = {c: [] for c in columns}
            for _ in range(args.repeat):
                times["pdfplumber"].append(_seconds(PLUMBER, path))
                times["pypdfium2"].append(_seconds(PDFIUM, path))
                one = run([*check, "-j", "1", str(path)], ROOT, cwd)
                times["check -j1"].append(one.wall)
                default = run([*check, str(path)], ROOT, cwd)
                times["check"].append(default.wall)
                peak = max(peak, one.peak_mb, default.peak_mb)
                if before is not None:
                    times["before -j1"].append(run([*check, "-j", "1", str(path)], before, cwd).wall)
            row = {c: statistics.median(v) for c, v in times.items()}
            for c in columns:
                totals[c] += row[c]
            if not args.quiet:
                print(f"  {path.name[-44:]:44s} " + " ".join(f"{row[c]:10.2f}" for c in columns), flush=True)
    print(f"  {'total':44s} " + " ".join(f"{totals[c]:10.2f}" for c in columns))
    for c in ("check -j1", "check"):
        print(f"  {c:10s}: {totals['pdfplumber'] / totals[c]:4.1f}x faster than pdfplumber's text (target >= 5),"
              f" {totals[c] / totals['pypdfium2']:4.1f}x pypdfium2's text (target <= 3)")
    if args.before:
        print(f"  check -j1 against {args.before}: {totals['before -j1'] / totals['check -j1']:4.2f}x faster")
    print(f"  peak memory of a check process: {peak:.0f} MB (target <= 150 MB)")
    if args.batch:
        with workdir() as tmp:
            batch(files, check, Path(tmp))


if __name__ == "__main__":
    main()
