"""PDF benchmark (not a test): seconds per page for plain pdfplumber text extraction and for
our whole `check`, side by side in one run, their ratio, and the peak memory of each.

Run: python bench/bench_pdf.py [--repeat N]
The 20-plus-page PDF is the test PDFs joined (tests/data/pdf, made by tests/pdf/make_pdfs.py).
Targets: our check within 1.3x of plain text extraction, below 1 s per page.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDFS = sorted((ROOT / "tests" / "data" / "pdf").glob("*.pdf"))

CHILD = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if mode == "plain":
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
        for page in pdf.pages:
            page.extract_text()
            page.close()
else:
    from budget_audit.audit import audit
    from budget_audit.rules.engine import load_rules
    (report,) = audit([path], load_rules())
    pages = report.document.lines[-1].page
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "pages": pages, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def joined_pdf(target: Path) -> int:
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for p in PDFS:
        src = pdfium.PdfDocument(str(p))
        out.import_pages(src)
    out.save(str(target))
    return len(out)


def run(mode: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "joined.pdf"
        pages = joined_pdf(path)
        plain, ours = [], []
        for _ in range(args.repeat):  # interleaved, so both see the same machine load
            plain.append(run("plain", path))
            ours.append(run("check", path))
    p = statistics.median(r["seconds"] for r in plain) / pages
    o = statistics.median(r["seconds"] for r in ours) / pages
    print(f"PDF: {pages} pages (the test PDFs joined), median of {args.repeat} interleaved runs")
    print(f"  plain pdfplumber extract_text : {p:.3f} s/page   peak {max(r['peak_mb'] for r in plain):.0f} MB")
    print(f"  budget-audit check (whole)    : {o:.3f} s/page   peak {max(r['peak_mb'] for r in ours):.0f} MB")
    print(f"  ratio check / plain           : {o / p:.2f}   (target <= 1.3; and < 1 s/page)")


if __name__ == "__main__":
    main()
