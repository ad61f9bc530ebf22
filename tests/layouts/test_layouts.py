"""Hand-made layout documents (issues 8 and 16): the reader must read every layout faithfully.

tests/data/layouts/MANIFEST.yaml (written by make_layouts.py) drives the tests:

- ``test_findings``: ``check --format json`` on each document. A consistent variant gives no
  error finding; a broken one gives exactly the expected error findings (one, except where the
  manifest says the planted figure is in two relations), each with the expected rule id, in the
  planted table, at the expected row, differing by exactly the planted change (so it is the
  planted figure that was found), on the planted line (text) or with a page (PDF).
- ``test_reading``: ``extract --format json`` on each document: every table recognised with its
  alias, the row count of the named tables (continued tables joined), no watermark or running-head
  characters in any row or column name, no 栏次 row, economic codes never read as amounts, merged
  header columns named and trusted, levels 类/款/项 from whatever shows them.

A two-file document (narrative PDF + tables PDF) is a directory; ``check --join DIR`` reads it as
one document so the prose is checked against the tables.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data" / "layouts"
DOCS = yaml.safe_load((DATA / "MANIFEST.yaml").read_text(encoding="utf-8"))["documents"]

# Layouts the reader does not handle yet (open work of the reading issue), each with what is
# missing. Strict: a test that starts passing fails here, so the gap is closed on purpose.
KNOWN_GAPS: dict[str, str] = {}


def _cases(test: str) -> list:
    out = []
    for d in DOCS:
        gap = next((why for layout, why in KNOWN_GAPS.items() if d["file"].startswith(layout)), None)
        if gap:
            out.append(pytest.param(d, id=d["file"], marks=pytest.mark.xfail(reason=gap, strict=True)))
        else:
            out.append(pytest.param(d, id=d["file"]))
    return out


@cache
def run(command: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "budget_audit", command, "--format", "json", *args],
                         capture_output=True, timeout=300)
    assert "Traceback" not in out.stderr.decode(), out.stderr.decode()[-2000:]
    assert out.stdout.strip(), f"{command} printed nothing (exit {out.returncode}): {out.stderr.decode()[-500:]}"
    return json.loads(out.stdout)


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", (text or "").replace("（", "(").replace("）", ")"))


def _show(findings) -> str:
    return "\n".join(f"  {f['rule']} @ {f['location'].get('table')} / {f['location'].get('row')} / "
                     f"{f['location'].get('column')}: {f['message'][:160]}" for f in findings)


@pytest.mark.parametrize("doc", _cases("findings"))
def test_findings(doc):
    target = DATA / doc["file"]
    report = run("check", *(["--join"] if target.is_dir() else []), str(target))
    documents = report["documents"]
    assert len(documents) == 1, f"read as {len(documents)} documents: " + ", ".join(
        f"{Path(d['path']).name} ({d['error'] or 'ok'})" for d in documents)
    (result,) = documents
    assert result["error"] is None, result["error"]
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    expected = doc["expected"]
    if doc["variant"] == "consistent":
        assert not errors, f"{len(errors)} false error finding(s):\n" + _show(errors)
        return
    assert sorted(f["rule"] for f in errors) == sorted(e["rule"] for e in expected), \
        "expected " + ", ".join(e["rule"] for e in expected) + f"; got {len(errors)}:\n" + _show(errors)
    for want in expected:
        delta = abs(Decimal(want["printed"]) - Decimal(want["consistent"]))
        candidates = [f for f in errors if f["rule"] == want["rule"]]
        found = [f for f in candidates
                 if (want["table"] is None or f["location"]["table"] == want["table"])
                 and _norm(want["finding_row"]) in _norm(f["location"]["row"])
                 and f["difference"] is not None and abs(Decimal(f["difference"])) == delta]
        assert found, (f"{want['rule']} not at {want['table']} / {want['finding_row']} with difference ±{delta} "
                       f"(planted {want['row']} {want['column']} {want['consistent']} → {want['printed']}):\n" + _show(candidates))
        f = found[0]
        if "line" in want:
            assert want["line"] in f["lines"], f"planted line {want['line']} not among the finding's lines {f['lines']}"
        else:
            assert f["location"]["page"], "a PDF finding must say its page"


def _extract(doc) -> dict:
    path = DATA / doc["file"]
    if path.is_dir():  # the two-file document: its tables are in the tables file
        path = sorted(path.glob("*.pdf"))[-1]
    return run("extract", str(path))


def _row_name(row) -> str:
    return (row.get("enum") or "") + (row["name"] or "")


@pytest.mark.parametrize("doc", _cases("reading"))
def test_reading(doc):
    parsed = _extract(doc)
    tables = {t["alias"]: t for t in parsed["tables"]}
    problems = []
    missing = [a for a in doc["tables"] if a not in tables]
    if missing:
        problems.append(f"tables not recognised: {missing}")
    reads = doc["reads"]
    for alias, count in reads.get("rows", {}).items():
        if alias in tables and len(tables[alias]["rows"]) != count:
            problems.append(f"{alias}: {len(tables[alias]['rows'])} rows read, {count} printed "
                            f"(continued at {tables[alias].get('continued_at')})")
    marks = set(reads.get("no_chars", ""))
    for alias, t in tables.items():
        for name in [_row_name(r) for r in t["rows"]] + [c["name"] for c in t["columns"]]:
            if marks and (marks & set(name)) or re.fullmatch(r"[—\-–\s]*\d+[—\-–\s]*", name or ""):
                problems.append(f"{alias}: watermark/running-head/page-number text in a name: {name!r}")
            if any(text in (name or "") for text in reads.get("no_text", [])):
                problems.append(f"{alias}: running-head text in a name: {name!r}")
            if reads.get("no_row") and reads["no_row"] in (name or ""):
                problems.append(f"{alias}: a {reads['no_row']} row read as data: {name!r}")
    for value in reads.get("not_values", []):
        for alias, t in tables.items():
            for r in t["rows"]:
                for col, v in r["values"].items():
                    if v and v["printed"].replace(",", "") == value:
                        problems.append(f"{alias} {_row_name(r)}: code {value} read as an amount in column {col}")
    for alias, names in reads.get("not_in", {}).items():
        rows = [_norm(_row_name(r)) for r in tables.get(alias, {}).get("rows", [])]
        for n in names:
            if any(_norm(n) in r for r in rows):
                problems.append(f"{alias}: row {n!r} of the next table read into it")
    for alias, names in reads.get("columns", {}).items():
        cols = tables.get(alias, {}).get("columns", [])
        for n in names:
            hit = [c for c in cols if n in c["name"]]
            if not hit:
                problems.append(f"{alias}: no column {n!r} (columns: {[c['name'] for c in cols]})")
            elif any(c["uncertain"] for c in hit):
                problems.append(f"{alias}: column {n!r} not trusted")
    for alias, levels in reads.get("levels", {}).items():
        rows = tables.get(alias, {}).get("rows", [])
        for name, level in levels.items():
            got = [r["level"] for r in rows if _norm(r["name"]).endswith(_norm(name))]
            if level not in got:
                problems.append(f"{alias}: {name} should be level {level}, read as {got}")
    assert not problems, "\n".join(problems)
