"""-j N: documents checked in N processes give the report one process gives, the longest started first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdfium2

from budget_audit.audit import _page_objects, _work

PDFS = sorted((Path(__file__).parent / "data" / "pdf").glob("*.pdf"))


def test_two_processes_read_pdfs_as_one_does():
    pdfs = [str(p) for p in PDFS[:2]]

    def run(jobs: str) -> str:
        return subprocess.run([sys.executable, "-m", "budget_audit", "check", "--no-cache", "-j", jobs, "--format", "json", *pdfs],
                              capture_output=True, text=True, timeout=300).stdout

    assert run("2") == run("1") != ""


def test_a_pdf_is_weighed_by_its_pages_as_its_bytes_show_them():
    for pdf in PDFS:
        document = pypdfium2.PdfDocument(pdf)
        try:
            assert _page_objects(str(pdf)) == len(document)
        finally:
            document.close()
    by_pages = sorted(PDFS, key=lambda p: _page_objects(str(p)))
    assert sorted(PDFS, key=lambda p: _work([str(p)])) == by_pages


def test_a_pdf_whose_pages_cannot_be_seen_is_weighed_by_its_size(tmp_path):
    hidden = tmp_path / "compressed.pdf"
    hidden.write_bytes(b"%PDF-1.7\n" + b"x" * 300_000)  # page objects inside object streams show no /Type /Page
    assert _work([str(hidden)]) > _work([str(tmp_path / "missing.pdf")]) == 0
