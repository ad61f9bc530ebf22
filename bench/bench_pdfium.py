"""Benchmark (not a test): seconds per page of four ways to read a PDF, side by side.

(a) pdfplumber ``extract_text``          (b) pdfplumber chars + ``find_tables``
(c) pypdfium2 ``get_text_range``         (d) ``pdfium_page.read_page`` + ``find_tables``

Each file is timed per reader (whole file, opening included) and divided by its pages;
the figure is the median over files. Peak memory is each reader's maximum resident set
on the largest file, measured in a fresh child process.

    nice python bench/bench_pdfium.py [PDF or folder ...] [--every N] [--skip-plumber]

Default input: the folder named by BUDGET_AUDIT_CORPUS, else tests/data/pdf (or give files/folders).
Targets: (d) within 3x of (c), and at least 5x faster than (a).
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from anchor import pdf_inputs  # noqa: E402 - the bench folder is put on the path just above
from baselines import pdfium_text, plumber_text  # noqa: E402


def plumber_layout(path: str) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.chars  # noqa: B018 - the parse is what is timed
            page.find_tables()
            page.close()
        return len(pdf.pages)


def pdfium_layout(path: str) -> int:
    from budget_audit.ingest.pdfium_page import open_pdf, read_page

    with open_pdf(path) as doc:
        for index in range(len(doc)):
            read_page(doc, index).find_tables()
        return len(doc)


READERS: dict[str, Callable[[str], int]] = {
    "a plumber text": plumber_text,
    "b plumber chars+tables": plumber_layout,
    "c pdfium text": pdfium_text,
    "d pdfium read_page+tables": pdfium_layout,
}


def _per_page(reader: Callable[[str], int], path: Path) -> float | None:
    start = time.process_time()
    try:
        pages = reader(str(path))
    except Exception:  # noqa: BLE001 - an unreadable file is left out of every column alike
        return None
    return (time.process_time() - start) / max(pages, 1)


def _peak_mb(name: str, path: Path) -> float:
    """Peak resident set (VmHWM) of a fresh process that imports and runs one reader on one
    file. Not ru_maxrss: Linux carries that across exec from the forking parent, which here
    has just held every file in pdfplumber."""
    code = (
        "import re, sys; sys.path.insert(0, sys.argv[3]);"
        "import bench.bench_pdfium as b; b.READERS[sys.argv[1]](sys.argv[2]);"
        "status = open('/proc/self/status').read();"
        "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code, name, str(path), str(ROOT)], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--every", type=int, default=1, help="time every Nth file only")
    ap.add_argument("--skip-plumber", action="store_true", help="time (c) and (d) only")
    args = ap.parse_args(argv)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    files = pdf_inputs(args.paths, args.every)
    import pdfplumber.table  # noqa: F401 - imports are paid once per process, not per page
    import pypdfium2  # noqa: F401

    import budget_audit.ingest.pdfium_page  # noqa: F401
    names = [n for n in READERS if not (args.skip_plumber and "plumber" in n)]
    timings: dict[str, list[float]] = {n: [] for n in names}
    for path in files:
        row = {n: _per_page(READERS[n], path) for n in names}
        if any(v is None for v in row.values()):
            continue  # a file one reader cannot open is left out of every column
        for n in names:
            timings[n].append(row[n])  # type: ignore[arg-type]
    medians = {n: statistics.median(v) for n, v in timings.items() if v}
    largest = max(files, key=lambda p: p.stat().st_size)
    print(f"{len(timings[names[0]])} of {len(files)} files; median seconds per page; peak RSS on {largest.stat().st_size / 1e6:.1f} MB file")
    base = medians.get("c pdfium text")
    for n in names:
        ratio_c = f"{medians[n] / base:6.1f}x (c)" if base else ""
        ratio_a = f"{medians['a plumber text'] / medians[n]:6.1f}x faster than (a)" if "a plumber text" in medians else ""
        print(f"  {n:28s} {medians[n] * 1000:8.2f} ms/page  {ratio_c}  {ratio_a}  peak {_peak_mb(n, largest):6.0f} MB")
    print(json.dumps({n: round(m, 5) for n, m in medians.items()}))


if __name__ == "__main__":
    main()
