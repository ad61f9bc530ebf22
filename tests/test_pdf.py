"""PDF input: the same model and findings as the text, and clear refusals of bad PDFs.

The PDFs in tests/data/pdf were made from the samples by tests/pdf/make_pdfs.py
(bordered tables in a word processor, printed to PDF by LibreOffice).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from budget_audit.audit import audit

from .conftest import SAMPLES

PDFS = Path(__file__).resolve().parent / "data" / "pdf"
PDF_FILES = sorted(PDFS.glob("*.pdf"))


def _key(f):
    return (f.rule, f.severity, f.table, f.row, f.column, f.expected, f.actual)


@pytest.mark.parametrize("pdf", PDF_FILES, ids=[p.stem for p in PDF_FILES])
def test_pdf_gives_the_same_findings_as_its_text(ruleset, pdf):
    text_report, pdf_report = audit([str(SAMPLES / f"{pdf.stem}.txt"), str(pdf)], ruleset)
    assert pdf_report.error is None, pdf_report.error
    assert [t.alias for t in pdf_report.document.tables] == [t.alias for t in text_report.document.tables]
    assert sorted(map(_key, pdf_report.findings), key=str) == sorted(map(_key, text_report.findings), key=str)


def test_pdf_findings_point_to_page_and_line(ruleset):
    (report,) = audit([str(PDFS / "xinjiang-aheqi-government-office-2024.pdf")], ruleset)
    pages = [f.page for f in report.findings]
    assert pages and all(p is not None and p >= 1 for p in pages)
    doc_lines = {(ln.page, ln.page_line): ln.text for ln in report.document.lines}
    for f in report.findings:
        assert (f.page, f.line) in doc_lines


def test_pdf_values_keep_their_page(ruleset):
    (report,) = audit([str(PDFS / "xinjiang-hejing-party-office-2024.pdf")], ruleset)
    doc = report.document
    total = next(r for r in doc.table("支出总表").rows if r.is_total).values["合计"]
    assert total.printed == "1076.35"
    assert doc.locate(total.line)[0] >= 1


BAD = {
    "encrypted.pdf": "password",
    "scanned.pdf": "OCR",
    "truncated.pdf": "damaged or truncated",
    "empty.pdf": "empty",
    "not-a-pdf.pdf": "not a PDF",
    "unmapped-font.pdf": "Unicode map",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_pdf_gives_one_clear_line_and_exit_2(name):
    path = PDFS / "bad" / name
    out = subprocess.run([sys.executable, "-m", "budget_audit", "check", "--format", "json", str(path)],
                         capture_output=True, timeout=60)
    err = out.stderr.decode()
    assert out.returncode == 2
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert BAD[name] in err and str(path) in err
    assert BAD[name] in json.loads(out.stdout)["documents"][0]["error"]


def test_table_without_rules_is_read_by_the_positions_of_its_figures(ruleset):
    """Unruled tables: each figure lands in the column it is printed under, blank cells stay blank."""
    pdf = PDFS / "extra" / "unruled.pdf"
    text = Path(__file__).resolve().parent / "docs" / "consistent.txt"
    text_report, pdf_report = audit([str(text), str(pdf)], ruleset)
    doc = pdf_report.document
    assert [t.alias for t in doc.tables] == ["收支总表", "支出总表"]
    row = next(r for r in doc.table("支出总表").rows if r.code == "2010302")
    assert {k: v and v.printed for k, v in row.values.items()} == {"合计": "20.00", "基本支出": None, "项目支出": "20.00"}
    assert not any(c.uncertain for t in doc.tables for c in t.columns)
    assert sorted(map(_key, pdf_report.findings), key=str) == sorted(map(_key, text_report.findings), key=str)


def test_a_table_continued_on_the_next_page_is_one_table(ruleset):
    (report,) = audit([str(PDFS / "xinjiang-bazhou-government-office-2024.pdf")], ruleset)
    doc = report.document
    spanning = [t for t in doc.tables if t.alias and len({doc.locate(r.line)[0] for r in t.rows}) > 1]
    assert spanning, "no table of the 18-page PDF runs over a page break"


def test_characters_drawn_twice_for_fake_bold_are_detected():
    from budget_audit.ingest.pdf import _drawn_twice

    char = {"text": "合", "x0": 10.0, "top": 20.0}
    assert _drawn_twice([char, {**char, "x0": 10.3}])
    assert not _drawn_twice([char, {**char, "x0": 18.0, "text": "计"}])


def test_cell_wrapped_over_lines_in_the_pdf_is_one_cell(ruleset):
    """In the PDF, 党委办公厅（室）及相关机构事务 wraps inside its narrow cell (pdfplumber gives '…（室）\\n及相关…')."""
    (report,) = audit([str(PDFS / "xinjiang-hejing-party-office-2024.pdf")], ruleset)
    row = next(r for r in report.document.table("收入总表").rows if r.code == "20131")
    assert row.name == "党委办公厅(室)及相关机构事务"
    assert row.values["总计"].printed == "798.11"


@pytest.mark.parametrize("name", ["p5-unruled-broken.pdf", "p9-unruled-word-processor-broken.pdf"])
def test_unruled_tables_are_read_alike_by_both_pdf_readers(name):
    """The column layout works on characters, so PDFium and pdfplumber give the same findings."""
    path = Path(__file__).resolve().parent / "data" / "layouts" / name

    def findings(reader: str) -> list[tuple]:
        env = {**os.environ, "BUDGET_AUDIT_PDF_READER": reader}
        out = subprocess.run([sys.executable, "-m", "budget_audit", "check", "--format", "json", str(path)],
                             capture_output=True, timeout=300, env=env)
        (doc,) = json.loads(out.stdout)["documents"]
        return sorted((f["rule"], f["location"]["page"], f["location"]["line"], f["actual"]) for f in doc["findings"])

    assert findings("pdfium") == findings("pdfplumber")


def test_a_figure_in_a_cell_spanning_a_label_column_goes_under_its_figure_column():
    from budget_audit.ingest.pdf import _home

    columns = [(0, 100), (100, 200), (200, 300), (300, 400)]  # code | name | 合计 | 基本支出
    full = ["2010101", "行政运行", "12.00", "12.00"]
    # the total row: 合计 over the code column, its figure cell over the name column and 合计, set flush right
    assert _home([1, 2], columns, "1,024.00", (0.0, 5.0, 280.0), full) == 2
    assert _home([1, 2], columns, "合计", (0.0, 5.0, 150.0), full) == 1  # a label stays in the first column it spans
    assert _home([2, 3], columns, "12.00", (0.0, 5.0, 380.0), full) == 2  # over figure columns only: as extracted text
