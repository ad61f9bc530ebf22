"""Compare pdfplumber and the PDFium reader page by page: characters and table boxes.

For each page of each PDF: the multiset of non-space characters (after pdfplumber's
``dedupe_chars`` on both sides, as the loader dedupes fake bold), the number of spaces,
the position of each character matched to its nearest twin (worst of x0/x1/top/bottom),
and the table bboxes of ``page.find_tables()`` against ``PageContent.find_tables`` (ingest/grid.py).

    nice python bench/compare_pdf_readers.py [PDF or folder ...] [--details out.jsonl] [-j 2]

Default input: the folder named by BUDGET_AUDIT_CORPUS, else tests/data/pdf (or give files/folders). Prints totals
and the kinds of difference; --details writes one JSON line per differing page.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = Path(os.environ.get("BUDGET_AUDIT_CORPUS", "/nonexistent"))  # a folder of real PDFs, if you have one
TOLERANCE = 1.0


def _inputs(args: list[str]) -> list[Path]:
    from bench_pdfium import _inputs as every_nth  # the same inputs as the timing benchmark

    return every_nth(args, 1)


def _letters(chars: list[dict]) -> Counter:
    return Counter(ch for c in chars for ch in c["text"] if not ch.isspace())


def _worst_offset(ref: list[dict], ours: list[dict]) -> float:
    """Largest box difference of a pdfplumber char from the nearest PDFium char of the same text."""
    by_text: dict[str, list[dict]] = {}
    for c in ours:
        by_text.setdefault(c["text"], []).append(c)
    worst = 0.0
    for c in ref:
        if c["text"].isspace() or c["text"] not in by_text:
            continue
        best = min(by_text[c["text"]], key=lambda o: abs(o["x0"] - c["x0"]) + abs(o["top"] - c["top"]))
        worst = max(worst, *(abs(best[k] - c[k]) for k in ("x0", "x1", "top", "bottom")))
    return worst


def _tables_match(a: list[tuple], b: list[tuple]) -> bool:
    if len(a) != len(b):
        return False
    return all(max(abs(x - y) for x, y in zip(ta, tb, strict=True)) <= TOLERANCE for ta, tb in zip(sorted(a), sorted(b), strict=True))


def compare_file(path: Path) -> dict[str, Any]:
    """Per-page comparison records of one PDF (an error record if either reader fails)."""
    import pdfplumber
    from pdfplumber.utils import dedupe_chars

    from budget_audit.ingest.pdfium_page import open_pdf, read_page

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    pages = []
    try:
        with pdfplumber.open(path) as pdf, open_pdf(str(path)) as doc:
            for index, page in enumerate(pdf.pages):
                ours = read_page(doc, index)
                ref_chars = page.chars
                a, b = _letters(dedupe_chars(ref_chars)), _letters(dedupe_chars(ours.chars))
                raw_a, raw_b = _letters(ref_chars), _letters(ours.chars)
                t_ref = [tuple(t.bbox) for t in page.find_tables()]
                t_ours = [tuple(t.bbox) for t in ours.find_tables()]
                pages.append({
                    "page": index + 1,
                    "rotation": page.rotation,
                    "chars": sum(a.values()),
                    "letters_equal": a == b,
                    "raw_letters_equal": raw_a == raw_b,
                    "missing": "".join(sorted((a - b).elements()))[:60],
                    "extra": "".join(sorted((b - a).elements()))[:60],
                    "cid": sum(1 for c in ref_chars if c["text"].startswith("(cid:")),
                    "spaces": (sum(c["text"] == " " for c in ref_chars), sum(c["text"] == " " for c in ours.chars)),
                    "worst_offset": round(_worst_offset(ref_chars, ours.chars), 2),
                    "tables_equal": _tables_match(t_ref, t_ours),
                    "tables": (len(t_ref), len(t_ours)),
                    "images": (len(page.images), ours.images),
                })
                page.close()
    except Exception as exc:  # noqa: BLE001 - a broken file is one record, not the end of the run
        return {"file": path.name, "error": f"{type(exc).__name__}: {exc}"[:200], "pages": pages}
    return {"file": path.name, "pages": pages}


def _summary(results: list[dict[str, Any]]) -> None:
    pages = [p for r in results for p in r["pages"]]
    n = len(pages)
    errors = [r for r in results if "error" in r]
    count = lambda pred: sum(1 for p in pages if pred(p))  # noqa: E731
    print(f"files {len(results)} (errors {len(errors)}), pages {n}")
    print(f"  non-space chars differ (after dedupe):  {count(lambda p: not p['letters_equal'])}")
    print(f"  non-space chars differ (raw):           {count(lambda p: not p['raw_letters_equal'])}")
    print(f"  space count differs:                    {count(lambda p: p['spaces'][0] != p['spaces'][1])}")
    print(f"  a char off by more than {TOLERANCE}pt:          {count(lambda p: p['worst_offset'] > TOLERANCE)}")
    print(f"  table bboxes differ:                    {count(lambda p: not p['tables_equal'])}"
          f"  (pages with tables: {count(lambda p: p['tables'][0] > 0)})")
    print(f"  image count differs:                    {count(lambda p: p['images'][0] != p['images'][1])}")
    print(f"  pages with (cid:N) in pdfplumber:       {count(lambda p: p['cid'] > 0)}")
    print(f"  rotated pages: {count(lambda p: p['rotation'] != 0)},"
          f" of which differing: {count(lambda p: p['rotation'] != 0 and not (p['letters_equal'] and p['tables_equal']))}")
    for r in errors:
        print(f"  error: {r['file']}: {r['error']}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--details", help="write one JSON line per differing page here")
    ap.add_argument("-j", "--jobs", type=int, default=1)
    args = ap.parse_args(argv)
    files = _inputs(args.paths)
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(compare_file, files))
    else:
        results = [compare_file(f) for f in files]
    _summary(results)
    if args.details:
        with open(args.details, "w", encoding="utf-8") as out:
            for r in results:
                for p in r["pages"]:
                    if not (p["letters_equal"] and p["tables_equal"]) or p["worst_offset"] > TOLERANCE or p["spaces"][0] != p["spaces"][1]:
                        out.write(json.dumps({"file": r["file"], **p}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
