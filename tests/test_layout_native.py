"""The compiled page layout (page_layout.c) against the Python loops of grid.py and pdf.py: a
page's rules give the same tables and cells, a table's glyphs land in the same cells, in the same
order, with the same leads, and a document reads the same."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from budget_audit.ingest import grid, layout_native, pdf
from budget_audit.ingest.grid import Table
from budget_audit.ingest.layout_native import Glyphs
from budget_audit.ingest.pdfium_page import open_pdf, read_page

from .damaged_pdfs import run_in_child

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "tests" / "data" / "pdf"
CORPUS = Path(os.environ.get("BUDGET_AUDIT_CORPUS", ROOT.parent / "shared" / "corpus" / "real"))
LAYOUT = pdf._LAYOUT
needs_library = pytest.mark.skipif(LAYOUT is None, reason="the compiled layout is not built")


def _glyph(text: str, x0: float, top: float, width: float = 10.0, height: float = 10.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + height}


def _table() -> Table:
    """A header cell merged over two rows (tall) beside two rows of two cells, the second row's
    right cell split in two, and a cell drawn over the merged one's lower half (as overlapping
    rules make): 100 wide, 60 high."""
    return Table([
        (0.0, 0.0, 40.0, 40.0),  # merged over both rows
        (0.0, 20.0, 40.0, 40.0),  # inside it
        (40.0, 0.0, 100.0, 20.0),
        (40.0, 20.0, 70.0, 40.0), (70.0, 20.0, 100.0, 40.0),
        (0.0, 40.0, 40.0, 60.0), (40.0, 40.0, 100.0, 60.0),
    ])


def _both(table: Table, chars: list[dict]) -> tuple[tuple, tuple]:
    """(texts, leads, held) laid out by the compiled loops and by the Python ones."""
    out = []
    for layout in (LAYOUT, None):
        pdf._LAYOUT = layout
        try:
            held = bytearray(len(chars))
            texts, leads = pdf._cell_texts(table, chars, held, Glyphs(chars))
            out.append((texts, leads, bytes(held)))
        finally:
            pdf._LAYOUT = LAYOUT
    return out[0], out[1]


def test_the_layout_is_built_where_a_c_compiler_is():
    if not (os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler here: the Python loops lay the tables out")
    if os.environ.get("BUDGET_AUDIT_NATIVE") == "0":
        pytest.skip("BUDGET_AUDIT_NATIVE=0: the compiled loops are turned off for this run")
    assert LAYOUT is not None


@needs_library
def test_a_glyph_goes_to_the_smallest_cell_holding_it_either_way():
    chars = [_glyph("合", 45.0, 25.0), _glyph("计", 5.0, 25.0), _glyph("项", 5.0, 5.0), _glyph("外", 150.0, 5.0)]
    compiled, python = _both(_table(), chars)
    assert compiled == python
    texts, _, held = compiled
    assert texts[1][0] == "计"  # in the cell drawn inside the merged one, the smaller
    assert texts[0][0] == "项"
    assert texts[1][1] == "合"
    assert held == b"\x01\x01\x01\x00"  # the glyph outside the frame is no cell's


@needs_library
def test_a_cells_glyphs_are_read_line_by_line_left_to_right_either_way():
    chars = [  # two lines in one cell, given out of order, the second line's glyphs a little uneven
        _glyph("出", 55.0, 43.0, height=8.0), _glyph("支", 45.0, 43.5, height=8.0),
        _glyph("计", 55.0, 50.5, height=8.0), _glyph("合", 45.0, 51.0, height=8.0),
    ]
    compiled, python = _both(_table(), chars)
    assert compiled == python
    assert compiled[0][2][1] == "支出合计"


@needs_library
def test_a_cells_lead_is_measured_from_its_inked_glyphs_either_way():
    chars = [_glyph(" ", 41.0, 45.0, width=3.0), _glyph("一", 48.0, 45.0), _glyph("二", 58.0, 45.0, width=14.0)]
    compiled, python = _both(_table(), chars)
    assert compiled == python
    left, width, middle = compiled[1][2][1]
    assert (left, width, middle) == (8.0, 14.0, (48.0 + 72.0) / 2)  # the blank is no ink
    assert compiled[1][0][0] is None  # a cell without ink has no lead


@needs_library
def test_a_glyph_on_a_cell_border_is_placed_as_python_places_it():
    chars = [_glyph("界", 35.0, 15.0), _glyph("角", 65.0, 35.0)]  # centres on x = 40 and on (70, 40)
    compiled, python = _both(_table(), chars)
    assert compiled == python


@needs_library
def test_a_table_with_a_coordinate_that_is_not_a_number_is_laid_out_in_python():
    chars = [_glyph("数", 45.0, 25.0), _glyph("?", float("nan"), 5.0)]
    table = _table()
    index = pdf._CellIndex([(*b, (b[2] - b[0]) * (b[3] - b[1]), 0, k) for k, b in enumerate(table.cells)])
    refused = LAYOUT.place(Glyphs(chars), table.bbox, index.low + index.tall, len(index.low), index.reach,
                           bytearray(2))
    assert refused is None
    compiled, python = _both(table, chars)
    assert compiled == python
    assert compiled[0][1][1] == "数"


@needs_library
def test_the_frame_test_agrees_with_pythons():
    chars = [_glyph("a", 0.0, 0.0), _glyph("b", 95.0, 55.0), _glyph("c", 96.0, 56.0), _glyph("d", 200.0, 10.0)]
    boxes = [(0.0, 0.0, 100.0, 60.0), (190.0, 0.0, 220.0, 30.0)]
    assert LAYOUT.frame(Glyphs(chars), boxes) == pdf._framed(chars, boxes) == bytearray(b"\x01\x01\x00\x01")


def _corpus_sample() -> list[Path]:
    """Every twelfth corpus PDF when the corpus is at hand: producers and table shapes the test
    PDFs lack."""
    return sorted(CORPUS.glob("*.pdf"))[::12] if CORPUS.is_dir() else []


@needs_library
@pytest.mark.parametrize("path", [*sorted(PDFS.glob("*.pdf")), *sorted((PDFS / "extra").glob("*.pdf")), *_corpus_sample()],
                         ids=lambda p: p.name)
def test_compiled_and_python_layout_read_every_document_alike(path, monkeypatch):
    compiled = pdf.load_pdf(str(path))
    monkeypatch.setattr(pdf, "_LAYOUT", None)
    assert compiled == pdf.load_pdf(str(path))


@needs_library
def test_a_layout_library_built_from_another_source_is_not_loaded(tmp_path, monkeypatch):
    changed = tmp_path / "page_layout.c"
    changed.write_bytes(layout_native.SOURCE.read_bytes() + b"\n/* changed */\n")
    monkeypatch.setattr(layout_native, "SOURCE", changed)
    assert layout_native.load() is None


@needs_library
def test_the_environment_can_turn_the_layout_off(monkeypatch):
    monkeypatch.setenv("BUDGET_AUDIT_NATIVE", "0")
    assert layout_native.load() is None


def _grid_python(edges: list[dict], monkeypatch) -> list[list[tuple]]:
    monkeypatch.setattr(grid, "_LAYOUT", None)
    try:
        return [t.cells for t in grid.find_tables(edges)]
    finally:
        monkeypatch.setattr(grid, "_LAYOUT", LAYOUT)


def _edge(x0: float, x1: float, top: float, bottom: float) -> dict:
    orientation = "v" if x0 == x1 else "h" if top == bottom else None
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": orientation}


@needs_library
def test_the_compiled_finder_snaps_joins_and_groups_as_grid_py(monkeypatch):
    edges = [
        # a 2 x 2 table whose rules are drawn in pieces, a little off each other
        _edge(10.0, 60.0, 10.0, 10.0), _edge(61.5, 110.0, 11.0, 11.0),  # top rule: two pieces, 1.5 apart
        _edge(10.0, 110.0, 30.0, 30.0), _edge(10.0, 110.0, 50.0, 50.0),
        _edge(10.0, 10.0, 10.0, 50.0), _edge(60.0, 60.0, 10.0, 29.0), _edge(61.0, 61.0, 31.0, 50.0),
        _edge(110.0, 110.0, 10.0, 50.0),
        # a single cell apart: no table
        _edge(200.0, 220.0, 200.0, 200.0), _edge(200.0, 220.0, 210.0, 210.0),
        _edge(200.0, 200.0, 200.0, 210.0), _edge(220.0, 220.0, 200.0, 210.0),
        _edge(0.0, 0.5, 300.0, 300.0),  # too short to be a rule
    ]
    compiled = LAYOUT.find_tables(edges)
    assert compiled == _grid_python(edges, monkeypatch)
    assert len(compiled) == 1 and len(compiled[0]) == 4


@needs_library
def test_the_compiled_finder_agrees_with_grid_py_on_random_rules(monkeypatch):
    """Rules a little off their line, in pieces, crossing or not: snapping averages clusters as
    this Python's sum() does (compensated from 3.12), so cells come out bit for bit the same."""
    rng = random.Random(5)
    for _ in range(300):
        edges = []
        for _ in range(rng.randint(2, 30)):
            x = rng.choice([100.0, 200.0, 300.0]) + rng.random() * 2.9
            edges.append(_edge(x, x, rng.random() * 50, 100 + rng.random() * 50))
        for _ in range(rng.randint(2, 30)):
            y = rng.choice([100.0, 120.0, 140.0]) + rng.random() * 2.9
            edges.append(_edge(90 + rng.random() * 5, 305 + rng.random() * 5, y, y))
        assert LAYOUT.find_tables(edges) == _grid_python(edges, monkeypatch)


@needs_library
def test_edges_with_a_coordinate_that_is_not_a_number_are_left_to_grid_py(monkeypatch):
    edges = [_edge(10.0, 60.0, 10.0, 10.0), _edge(10.0, 10.0, 10.0, 50.0), _edge(float("inf"), 60.0, 50.0, 50.0)]
    assert LAYOUT.find_tables(edges) is None
    assert [t.cells for t in grid.find_tables(edges)] == _grid_python(edges, monkeypatch)


@needs_library
@pytest.mark.parametrize("path", [*sorted(PDFS.glob("*.pdf")), *sorted((PDFS / "extra").glob("*.pdf")), *_corpus_sample()],
                         ids=lambda p: p.name)
def test_the_compiled_finder_finds_every_pages_tables_as_grid_py(path, monkeypatch):
    with open_pdf(str(path)) as doc:
        for i in range(len(doc)):
            page = read_page(doc, i)
            python = _grid_python(page.edges, monkeypatch)
            assert [t.cells for t in page.find_tables()] == python, (path.name, i)  # from the walk's numbers
            assert LAYOUT.find_tables(page.edges) == python, (path.name, i)  # from edge dicts


_DAMAGED_LAYOUTS = """
import sys
from budget_audit.ingest import grid, pdf, pdfium_page as pp
from tests.damaged_pdfs import opened_pages
layout, differ, pages = pdf._LAYOUT, 0, 0
for doc, i in opened_pages(sys.argv[1:]):
    try:
        page = pp.read_page(doc, i)
    except Exception:
        continue
    pages += 1
    laid = []
    for loops in (layout, None):
        pdf._LAYOUT = grid._LAYOUT = loops
        try:
            laid.append(pdf.lay_out(pdf._read_page(page)))
        except Exception as exc:
            laid.append(type(exc).__name__)
    differ += laid[0] != laid[1]
print(pages, differ)
"""


@needs_library
def test_damaged_pdfs_are_laid_out_alike_both_ways_and_never_crash_the_process(tmp_path):
    """Bytes of the test PDFs overwritten at random (seeded), whatever pages PDFium still reads
    laid out by the compiled and the Python loops alike — odd coordinates included — in a child
    process, since a crash in C would end it."""
    pages, differ = map(int, run_in_child(_DAMAGED_LAYOUTS, tmp_path))
    assert pages > 50 and differ == 0
