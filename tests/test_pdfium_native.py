"""The compiled reader loops (pdfium_walk.c) against the same calls made from Python: a page
reads the same either way, character for character and edge for edge."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from budget_audit.ingest import pdfium_native, pdfium_page
from budget_audit.ingest.pdfium_page import open_pdf, read_page

from .damaged_pdfs import run_in_child

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "tests" / "data" / "pdf"
CORPUS = Path(os.environ.get("BUDGET_AUDIT_CORPUS", ROOT.parent / "shared" / "corpus" / "real"))
WALK = pdfium_page._WALK


def _corpus_sample() -> list[Path]:
    """Every twelfth corpus PDF when the corpus is at hand: producers the test PDFs lack
    (a text object a glyph, clipped cells, turned pages, forms)."""
    return sorted(CORPUS.glob("*.pdf"))[::12] if CORPUS.is_dir() else []


def _read_both(path: Path, monkeypatch) -> list[tuple[int, object, object]]:
    out = []
    with open_pdf(str(path)) as doc:
        for i in range(len(doc)):
            monkeypatch.setattr(pdfium_page, "_WALK", WALK)
            compiled = read_page(doc, i)
            monkeypatch.setattr(pdfium_page, "_WALK", None)
            out.append((i, compiled, read_page(doc, i)))
    return out


def test_the_loops_are_built_where_a_c_compiler_is():
    """The build hook compiles them wherever it finds a compiler; a silent failure would leave
    every PDF read the slow way."""
    if not (os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler here: the Python loops are the reader")
    if os.environ.get("BUDGET_AUDIT_NATIVE") == "0":
        pytest.skip("BUDGET_AUDIT_NATIVE=0: the loops are turned off for this run")
    assert WALK is not None


@pytest.mark.skipif(WALK is None, reason="the compiled loops are not built")
@pytest.mark.parametrize("path", [*sorted(PDFS.glob("*.pdf")), *sorted((PDFS / "extra").glob("*.pdf")), *_corpus_sample()],
                         ids=lambda p: p.name)
def test_compiled_and_python_loops_read_every_page_alike(path, monkeypatch):
    for i, compiled, python in _read_both(path, monkeypatch):
        assert compiled.chars == python.chars, (path.name, i)
        assert compiled.edges == python.edges, (path.name, i)
        assert (compiled.images, compiled.unplaced) == (python.images, python.unplaced), (path.name, i)


@pytest.mark.skipif(WALK is None, reason="the compiled loops are not built")
def test_a_library_built_from_another_source_is_not_loaded(tmp_path, monkeypatch):
    changed = tmp_path / "pdfium_walk.c"
    changed.write_bytes(pdfium_native.SOURCE.read_bytes() + b"\n/* changed */\n")
    monkeypatch.setattr(pdfium_native, "SOURCE", changed)
    assert pdfium_native.load() is None


@pytest.mark.skipif(WALK is None, reason="the compiled loops are not built")
def test_the_environment_can_turn_the_loops_off(monkeypatch):
    monkeypatch.setenv("BUDGET_AUDIT_NATIVE", "0")
    assert pdfium_native.load() is None
    monkeypatch.delenv("BUDGET_AUDIT_NATIVE")
    assert pdfium_native.load() is not None


_DAMAGED_READS = """
import sys
from budget_audit.ingest import pdfium_page as pp
from tests.damaged_pdfs import opened_pages
walk, differ = pp._WALK, 0
for doc, i in opened_pages(sys.argv[1:]):
    pages = []
    for loops in (walk, None):
        pp._WALK = loops
        try:
            pages.append(pp.read_page(doc, i))
        except Exception as exc:
            pages.append(type(exc).__name__)
    differ += pages[0] != pages[1]
print(differ)
"""


@pytest.mark.skipif(WALK is None, reason="the compiled loops are not built")
def test_damaged_pdfs_read_alike_both_ways_and_never_crash_the_process(tmp_path):
    """Bytes of the test PDFs overwritten at random (seeded): whatever PDFium still makes of
    the file, the C loops read it as the Python ones do, in a child process (a crash in C would end it)."""
    assert run_in_child(_DAMAGED_READS, tmp_path) == ["0"]
