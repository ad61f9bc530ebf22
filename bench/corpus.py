"""Run the checker over a corpus of real disclosures and print what it read and found.

Not a test: the figures this prints are the reader's measure on documents nobody here
wrote (issue "read every real disclosure faithfully"). For each document: refused or
not (and why), tables listed in its 目录 and how many of them were recognised, tables
kept but unrecognised, rules evaluated/skipped, error and warning findings. Then the
totals, errors per rule, and every error finding as one line (for the review file).

    python bench/corpus.py DIR [--jobs 2] [--cache DIR] [--findings out.tsv] [--join-manifest]

``--cache`` keeps each PDF's extracted lines (keyed by the file's hash and the loader's
source), so re-runs after a parser or rule change skip PDF extraction.
``--join-manifest`` reads DIR/MANIFEST.tsv and checks the files of one department, year and
kind (a narrative and its tables published apart) as one document, as ``check --join`` does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from budget_audit.audit import DocumentReport, join_lines
from budget_audit.errors import UserError
from budget_audit.findings import ERROR, WARNING
from budget_audit.ingest import is_pdf
from budget_audit.ingest import pdf as pdf_loader
from budget_audit.parse import parse_document
from budget_audit.rules.engine import evaluate, load_rules

SUFFIXES = (".pdf", ".txt", ".html", ".htm")
_PART = re.compile(r"^第[一二三四五六七八九十\d]+部分|报表$|^(?:部门|单位)预算表$")


@dataclass
class Outcome:
    path: str
    seconds: float
    refused: str | None = None
    crashed: str | None = None
    toc: int = 0
    toc_found: int = 0
    toc_elsewhere: int = 0
    tables: int = 0
    unrecognised: list[str] = field(default_factory=list)
    evaluated: int = 0
    skipped: int = 0
    findings: list[tuple[str, str, str, int | None, str]] = field(default_factory=list)
    skips: list[tuple[str, str, bool]] = field(default_factory=list)  # (rule, why, unread) of every rule skipped


def _loader_key() -> str:
    """A hash of the PDF reader's source (every module of ingest/), so a cached page is re-read when it changes."""
    digest = hashlib.sha1()
    for source in sorted(Path(pdf_loader.__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def _load(path: str, cache: Path | None) -> tuple[list[str], list[tuple[int, int]] | None]:
    if not is_pdf(path):
        from budget_audit.audit import read_lines

        return read_lines(path)
    if cache is not None:
        digest = hashlib.sha1(Path(path).read_bytes()).hexdigest()[:16]
        spot = cache / f"{digest}-{_loader_key()}.json"
        if spot.exists():
            items = json.loads(spot.read_text(encoding="utf-8"))
        else:
            items = pdf_loader.load_pdf(path)
            spot.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    else:
        items = pdf_loader.load_pdf(path)
    return [t for _, _, t in items], [(p, n) for p, n, _ in items]


def run_one(parts: list[str], cache: str | None) -> Outcome:
    start = time.perf_counter()
    path = " + ".join(parts)
    out = Outcome(path, 0.0)
    try:
        ruleset = load_rules()
        raw, pages, sources = join_lines(parts, lambda part: _load(part, Path(cache) if cache else None))
        doc = parse_document(path, raw, ruleset.tables, pages, sources if len(parts) > 1 else None)
        report = DocumentReport(path, doc, results=evaluate(doc, ruleset.rules))
        listed = [e for e in doc.toc if e.alias or (e.title.endswith("表") and len(e.title) > 4 and not _PART.match(e.title))]
        if not doc.tables:
            out.toc_elsewhere = len(listed)  # a narrative whose tables are published in a file not given
            listed = []
        out.toc = len(listed)
        present = {t.alias for t in doc.tables if t.alias}
        out.toc_found = sum(1 for e in listed if e.alias and e.alias in present)
        out.tables = len(doc.tables)
        out.unrecognised = [t.title for t in doc.tables if not t.alias]
        out.evaluated = report.count("passed") + report.count("failed")
        out.skipped = report.count("skipped")
        out.skips = [(r.rule, r.reason or "", r.unread) for r in report.results if r.status == "skipped"]
        for result in report.results:
            for f in result.findings:  # placed by the engine: page, line within it, file
                where = f"{Path(f.file).name}:" if f.file else ""
                out.findings.append((f.rule, f.severity, f"{where}p{f.page}", f.line, f.message))
    except UserError as exc:
        out.refused = str(exc)
    except Exception:  # noqa: BLE001 - a crash is what this run is looking for
        out.crashed = traceback.format_exc(limit=4)
    out.seconds = time.perf_counter() - start
    return out


def _join_by_manifest(folder: Path, files: list[str]) -> list[list[str]]:
    """Files of one department, year and kind (per the corpus's MANIFEST.tsv) as one document."""
    manifest = folder / "MANIFEST.tsv"
    if not manifest.exists():
        return [[f] for f in files]
    rows = manifest.read_text(encoding="utf-8").splitlines()
    head = rows[0].split("\t")
    key_of = {}
    for row in rows[1:]:
        cells = dict(zip(head, row.split("\t"), strict=False))
        key_of[cells["file"]] = (cells.get("department"), cells.get("year"), cells.get("kind"), cells.get("scope"))
    groups: dict[object, list[str]] = {}
    for f in files:
        groups.setdefault(key_of.get(Path(f).name, f), []).append(f)
    # the narrative first, then its tables (file names say which in this corpus only)
    return [sorted(g, key=lambda f: ("tables" in Path(f).name, f)) for g in groups.values()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--findings", type=Path, default=None, help="write every finding as a TSV line here")
    parser.add_argument("--skips", type=Path, default=None, help="write every skipped rule and its reason as a TSV line here")
    parser.add_argument("--only", default=None, help="only files whose name contains this")
    parser.add_argument("--join-manifest", action="store_true", help="one document per department/year/kind in MANIFEST.tsv")
    args = parser.parse_args()
    files = sorted(str(p) for p in args.corpus.iterdir() if p.suffix.lower() in SUFFIXES)
    if args.only:
        files = [f for f in files if args.only in f]
    documents = _join_by_manifest(args.corpus, files) if args.join_manifest else [[f] for f in files]
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        outcomes = list(pool.map(run_one, documents, [str(args.cache) if args.cache else None] * len(documents)))
    wall = time.perf_counter() - start

    rules: Counter[str] = Counter()
    lines = []
    for o in outcomes:
        name = " + ".join(Path(p).name for p in o.path.split(" + "))
        if o.refused or o.crashed:
            print(f"{name}: {'CRASH' if o.crashed else 'refused'}: {(o.refused or o.crashed).splitlines()[-1]}")
            continue
        errors = [f for f in o.findings if f[1] == ERROR]
        warnings = [f for f in o.findings if f[1] == WARNING]
        rules.update(f[0] for f in errors)
        print(
            f"{name}: 目录 {o.toc_found}/{o.toc} tables, {o.tables} read ({len(o.unrecognised)} unrecognised), "
            f"rules {o.evaluated} run / {o.skipped} skipped, {len(errors)} errors, {len(warnings)} warnings, {o.seconds:.1f}s"
        )
        for rule, severity, page, line, message in o.findings:
            lines.append(f"{name}\t{rule}\t{severity}\t{page}:{line}\t{message}")
    read = [o for o in outcomes if not o.refused and not o.crashed]
    toc = sum(o.toc for o in read)
    found = sum(o.toc_found for o in read)
    errors = sum(1 for o in read for f in o.findings if f[1] == ERROR)
    warnings = sum(1 for o in read for f in o.findings if f[1] == WARNING)
    print()
    print(f"documents        {len(outcomes)}  (wall {wall:.0f}s, jobs {args.jobs})")
    print(f"refused          {sum(1 for o in outcomes if o.refused)}")
    print(f"tracebacks       {sum(1 for o in outcomes if o.crashed)}")
    print(f"目录 tables       {found}/{toc} recognised ({100 * found / toc:.1f}%)" if toc else "目录 tables       none listed")
    elsewhere = sum(o.toc_elsewhere for o in read)
    print(f"                 (+{elsewhere} listed by narratives whose tables file was not given)")
    print(f"unrecognised     {sum(len(o.unrecognised) for o in read)} tables kept without an alias")
    unread = sum(1 for o in read for s in o.skips if s[2])
    print(f"rules            {sum(o.evaluated for o in read)} evaluated, {sum(o.skipped for o in read)} skipped "
          f"({unread} of them not read reliably)")
    print(f"findings         {errors} errors, {warnings} warnings, {sum(1 for o in read if any(f[1] == ERROR for f in o.findings))} documents with errors")
    for rule, n in rules.most_common():
        print(f"  {n:5d}  {rule}")
    if args.findings:
        args.findings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.skips:
        skipped = [
            f"{' + '.join(Path(p).name for p in o.path.split(' + '))}\t{rule}\t{'unread' if unread else 'absent'}\t{why}"
            for o in read for rule, why, unread in o.skips
        ]
        args.skips.write_text("\n".join(skipped) + "\n", encoding="utf-8")
    sys.exit(1 if any(o.crashed for o in outcomes) else 0)


if __name__ == "__main__":
    main()
