"""The PDFium page reader against pdfplumber: same characters, boxes and tables."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from pdfplumber import table as plumber_table
from pdfplumber.utils import dedupe_chars

from budget_audit.ingest import grid, pdfium_page
from budget_audit.ingest.pdfium_page import open_pdf, read_page

from . import hostile
from .cli_runner import modules_loaded_by

PDFS = Path(__file__).resolve().parent / "data" / "pdf"
GOOD = sorted(PDFS.glob("*.pdf"))
FEATURES = PDFS / "extra" / "pdfium-features.pdf"
TOLERANCE = 1.0


class _Reference:
    """What pdfplumber says of one page, kept after its file is closed."""

    def __init__(self, page) -> None:
        self.width, self.height, self.rotation = page.width, page.height, page.rotation
        self.chars, self.edges = page.chars, page.edges
        self.tables = sorted(t.bbox for t in page.find_tables())


def _pairs(path: Path) -> list[tuple[int, tuple[_Reference, pdfium_page.PageContent]]]:
    """(index, (pdfplumber's view, PDFium page content)) for the first, middle and last page
    (every page of a short PDF): pdfminer is slow, and the tests must stay fast."""
    with pdfplumber.open(path) as pdf, open_pdf(str(path)) as doc:
        n = len(pdf.pages)
        chosen = sorted({0, n // 2, n - 1})
        return [(i, (_Reference(pdf.pages[i]), read_page(doc, i))) for i in chosen]


@pytest.fixture(scope="module")
def pages() -> list[tuple[str, int, _Reference, pdfium_page.PageContent]]:
    """Every page of the good test PDFs and the features fixture, read by both readers once."""
    out = []
    for path in [*GOOD, FEATURES]:
        # a page with text PDFium could not place is read by pdfplumber (ingest.pdf.read_pages): the
        # features fixture's landscape page, on a machine with no substitute for its CJK font
        out.extend((path.name, i, page, ours) for i, (page, ours) in _pairs(path) if not ours.unplaced)
    return out


def test_words_pdfium_cannot_draw_are_read_whatever_fonts_the_machine_has():
    """The fixture's landscape page is set in a CJK font that is not embedded: without a substitute
    font PDFium's text page drops its words, the page counts them unplaced and pdfplumber reads it."""
    from budget_audit.ingest.pdf import load_pdf

    texts = [text for _, _, text in load_pdf(str(FEATURES))]
    assert any("项目支出" in t and "12.50" in t for t in texts)


def _letters(chars: list[dict]) -> Counter:
    return Counter(ch for c in chars for ch in c["text"] if not ch.isspace())


def test_pages_and_sizes_match(pages):
    for name, i, page, ours in pages:
        assert (ours.width, ours.height) == pytest.approx((page.width, page.height), abs=0.01), (name, i)
        assert ours.rotation == page.rotation


def test_non_space_characters_are_the_same_multiset(pages):
    for name, i, page, ours in pages:
        assert _letters(dedupe_chars(ours.chars)) == _letters(dedupe_chars(page.chars)), (name, i)


def _twins(page: _Reference, ours: pdfium_page.PageContent):
    """Each level pdfplumber glyph with its nearest PDFium glyph of the same text."""
    got: dict[str, list[dict]] = {}
    for c in ours.chars:
        got.setdefault(c["text"], []).append(c)
    for c in page.chars:
        if c["text"].strip() and c["matrix"][1] == 0 and c["matrix"][2] == 0:  # not drawn at an angle
            yield c, min(got[c["text"]], key=lambda g: abs(g["x0"] - c["x0"]) + abs(g["top"] - c["top"]))


def test_horizontal_positions_within_a_point(pages):
    """x0/x1 are pdfminer's (origin to origin + advance) for every level glyph."""
    for name, i, page, ours in pages:
        for ref, got in _twins(page, ours):
            assert got["x0"] == pytest.approx(ref["x0"], abs=TOLERANCE), (name, i, ref["text"])
            if name != FEATURES.name:  # its fonts are not embedded: see the next test
                assert got["x1"] == pytest.approx(ref["x1"], abs=TOLERANCE), (name, i, ref["text"])


def test_substituted_font_glyphs_end_at_their_advance(pages):
    """In a font that is not embedded, PDFium's loose box spans the substitute's ink (wider
    than the PDF's width for these digits); the next glyph's origin bounds it instead, so
    only the last glyph of a text object keeps the wider box."""
    name, i, page, ours = next(p for p in pages if p[0] == FEATURES.name)
    digits = [c for c in ours.chars if c["text"].isdigit()][:3]  # 2, 0, 2 of "2024"
    expected = [c for c in page.chars if c["text"].isdigit()][:3]
    assert [round(c["x1"], 1) for c in digits] == [round(c["x1"], 1) for c in expected]


def test_vertical_positions_within_a_point(pages):
    """top/bottom: baseline plus the descriptor's descent, and size from the font size; for
    fonts declaring no descent (these PDFs' LibreOffice subsets) the bottom is the baseline,
    as in pdfminer, and not PDFium's guess."""
    for name, i, page, ours in pages:
        for ref, got in _twins(page, ours):
            assert got["top"] == pytest.approx(ref["top"], abs=TOLERANCE), (name, i, ref["text"])
            assert got["bottom"] == pytest.approx(ref["bottom"], abs=TOLERANCE), (name, i, ref["text"])
            assert got["size"] == pytest.approx(ref["size"], abs=0.05), (name, i, ref["text"])


def test_lines_keep_one_top_across_font_subsets(pages):
    """Glyphs of one font size that pdfplumber puts at one top share one top here too, though
    they come from different subsets of a font (which PDFium gives different descents)."""
    for name, i, page, ours in pages:
        lines: dict[tuple[float, float], set[float]] = {}
        for ref, got in _twins(page, ours):
            lines.setdefault((round(ref["top"], 2), round(ref["size"], 2)), set()).add(round(got["top"], 2))
        assert all(len(tops) == 1 for tops in lines.values()), (name, i)


def test_table_bboxes_match_pdfplumber(pages):
    for name, i, page, ours in pages:
        expected = page.tables
        found = sorted(t.bbox for t in ours.find_tables())
        assert len(found) == len(expected), (name, i)
        for a, b in zip(found, expected, strict=True):
            assert a == pytest.approx(b, abs=TOLERANCE), (name, i)


def test_table_rows_have_cell_boxes(pages):
    name, i, page, ours = next(p for p in pages if p[2].tables)
    table = ours.find_tables()[0]
    row = table.rows[0]
    assert len(row.bbox) == 4
    assert [c for c in row.cells if c is not None]


class _EdgesView:
    """The little of a pdfplumber Page its TableFinder reads for the "lines" strategies."""

    def __init__(self, content: pdfium_page.PageContent) -> None:
        self.edges, self.chars, self.bbox = content.edges, content.chars, content.bbox


def _plumber_finder(ours: pdfium_page.PageContent) -> plumber_table.TableFinder:
    finder = plumber_table.TableFinder.__new__(plumber_table.TableFinder)
    finder.page, finder.settings = _EdgesView(ours), plumber_table.TableSettings.resolve(None)
    return finder


def test_table_steps_equal_pdfplumbers(pages):
    """Each re-written step gives pdfplumber's exact merged edges, intersections and cells."""
    for name, i, _, ours in pages:
        edges = _plumber_finder(ours).get_edges()
        assert grid.table_edges(ours.edges) == edges, (name, i)
        ref = plumber_table.edges_to_intersections(edges, 3, 3)
        got = grid.edges_to_intersections(edges, 3, 3)
        assert list(got) == list(ref), (name, i)
        assert all(got[k]["v"] == ref[k]["v"] and got[k]["h"] == ref[k]["h"] for k in ref)
        assert grid.intersections_to_cells(got) == plumber_table.intersections_to_cells(ref), (name, i)


def test_tables_and_rows_equal_pdfplumbers(pages):
    """The cells grouped into the same tables, in the same order, with the same rows."""
    for name, i, _, ours in pages:
        cells = grid.intersections_to_cells(grid.edges_to_intersections(grid.table_edges(ours.edges), 3, 3))
        ref = plumber_table.cells_to_tables(cells)
        assert [sorted(t) for t in grid.cells_to_tables(cells)] == [sorted(t) for t in ref], (name, i)
        for table, cells_of in zip(ours.find_tables(), ref, strict=True):
            plumber = plumber_table.Table(None, cells_of)  # type: ignore[arg-type]
            assert table.bbox == plumber.bbox
            assert [(r.cells, r.bbox) for r in table.rows] == [(r.cells, r.bbox) for r in plumber.rows], (name, i)


def test_cells_touching_only_at_a_corner_are_one_table():
    """pdfplumber joins cells that share a corner, even diagonally; a lone cell is no table."""
    diagonal = [(0, 0, 10, 10), (10, 10, 20, 20), (50, 50, 60, 60)]
    assert grid.cells_to_tables(diagonal) == [[(0, 0, 10, 10), (10, 10, 20, 20)]]


def test_cluster_objects_equals_pdfplumbers():
    from pdfplumber.utils.clustering import cluster_objects

    items = [{"x": v} for v in (5.0, 1.0, 3.5, 9.0, 1.0, 12.5, 2.0, 30.0)]
    for tolerance in (0, 1, 2.5, 3):
        assert grid.cluster_objects(items, lambda o: o["x"], tolerance) == cluster_objects(items, "x", tolerance)


def test_edges_match_pdfplumber_including_forms(pages):
    """The features fixture draws its first table inside a form XObject under a transform."""
    for name, i, page, ours in pages:
        expected = sorted((e["orientation"], round(e["x0"], 1), round(e["top"], 1), round(e["x1"], 1), round(e["bottom"], 1))
                          for e in page.edges)
        found = sorted((e["orientation"], round(e["x0"], 1), round(e["top"], 1), round(e["x1"], 1), round(e["bottom"], 1))
                       for e in ours.edges)
        assert found == expected, (name, i)


@pytest.fixture(scope="module")
def features() -> list[pdfium_page.PageContent]:
    with open_pdf(str(FEATURES)) as doc:
        return [read_page(doc, i) for i in range(len(doc))]


def _chars_of(content: pdfium_page.PageContent, text: str) -> list[dict]:
    """The run of characters spelling ``text`` (spaces left out)."""
    chars = [c for c in content.chars if c["text"] != " "]
    joined = "".join(c["text"] for c in chars)
    start = joined.index(text.replace(" ", ""))
    return chars[start : start + len(text.replace(" ", ""))]


def test_diagonal_watermark_has_its_angle(features):
    marks = _chars_of(features[0], "内部草稿") + _chars_of(features[0], "DRAFT")
    assert len(marks) == 9
    assert all(c["angle"] == pytest.approx(45, abs=0.5) for c in marks)
    assert all(c["upright"] for c in marks)  # pdfminer's test: 45° is not mirrored nor turned 90°


def test_level_text_has_angle_zero(features):
    assert all(c["angle"] == 0 for c in _chars_of(features[0], "部门预算表"))


def test_rotated_page_turns_text_and_is_not_upright(features):
    page = features[1]
    assert page.rotation == 90
    chars = _chars_of(page, "横向页面")
    assert chars and all(not c["upright"] and c["angle"] == pytest.approx(270) for c in chars)
    tops = [c["top"] for c in chars]
    assert tops == sorted(tops)  # the line now runs down the page


def test_fill_colour_is_read(features):
    assert {c["color"] for c in _chars_of(features[0], "红色说明文字")} == {(255, 0, 0, 255)}
    assert {c["color"][:3] for c in _chars_of(features[0], "部门预算表")} == {(0, 0, 0)}


def test_invisible_text_is_flagged_not_dropped(features):
    hidden = [c for c in features[0].chars if c["invisible"]]
    assert "".join(c["text"] for c in hidden) == "hidden"


def test_generated_spaces_are_skipped(features):
    """PDFium inserts spaces and line breaks between text objects; none reach the chars."""
    assert not any(c["text"] in "\r\n" for page in features for c in page.chars)


def test_table_in_form_xobject_is_found(features):
    boxes = [t.bbox for t in features[0].find_tables()]
    assert any(b == pytest.approx((72, 111.89, 332, 165.89), abs=0.5) for b in boxes)


def test_thin_filled_rectangles_make_a_table(features):
    boxes = [t.bbox for t in features[0].find_tables()]
    assert any(b[0] == pytest.approx(72, abs=0.5) and b[1] == pytest.approx(241.6, abs=0.5) for b in boxes)


def test_images_counted_on_a_scanned_page():
    with open_pdf(str(PDFS / "bad" / "scanned.pdf")) as doc:
        content = read_page(doc, 0)
    assert content.images >= 1 and not content.chars


def test_document_is_a_context_manager_with_a_length():
    with open_pdf(str(FEATURES)) as doc:
        assert len(doc) == 3


def test_unreadable_file_raises():
    with pytest.raises(Exception):  # noqa: B017 - the lead's loader maps PDFium's errors
        open_pdf(str(PDFS / "bad" / "not-a-pdf.pdf"))


def test_dedupe_equals_pdfplumbers_on_a_fake_bold_page(features):
    """A glyph drawn twice one point apart (fake bold) is kept once, as pdfplumber keeps it."""
    page = features[0]
    doubled = page.chars + [dict(c, x0=c["x0"] + 0.3, x1=c["x1"] + 0.3) for c in page.chars[:5]]
    assert pdfium_page.dedupe_chars(doubled) == dedupe_chars(doubled)
    assert len(pdfium_page.dedupe_chars(doubled)) == len(page.chars)


def test_page_content_answers_like_a_pdfplumber_page(features):
    page = features[0]
    assert [t.bbox for t in page.find_tables()] == [t.bbox for t in grid.find_tables(page.edges)]
    assert page.dedupe_chars().chars == page.chars


def test_spaces_in_blank_text_objects_are_kept(pages):
    """PDFium's text page skips text objects of zero width — a lone space, a paragraph's
    ideographic indent — which pdfminer reads; they come back, one per object."""
    for name, i, page, ours in pages:
        assert sum(c["text"] == " " for c in ours.chars) == sum(c["text"] == " " for c in page.chars), (name, i)


def test_landscape_page_reads_level_upright_text(features):
    """/Rotate 90 with the content turned back (how word processors print landscape): the
    glyphs advance along y in PDF space, but read level and upright on the page."""
    chars = _chars_of(features[2], "横向表格2025")
    assert all(c["upright"] and c["angle"] == pytest.approx(0, abs=1e-6) for c in chars)
    assert [c["x0"] for c in chars] == sorted(c["x0"] for c in chars)
    assert len({round(c["top"], 2) for c in chars}) == 1


def test_a_pdf_check_read_by_pdfium_does_not_load_pdfplumber():
    """pdfplumber (and pdfminer with it) is only the fallback reader: importing it costs a PDF
    check a tenth of a second of start-up."""
    args = ["check", "--no-cache", "-j", "1", "--format", "json", str(GOOD[0])]
    assert modules_loaded_by(args, ("pdfplumber", "pdfminer", "pypdfium2")) == ["pypdfium2"]


def _landscape_pdf(words: list[tuple[float, float, str]]) -> bytes:
    """A landscape page as word processors print it (/Rotate 90, the content turned a quarter back),
    its words set in a CJK font that is not embedded (STSong-Light, UniGB-UCS2-H): on a machine with
    no substitute for the font PDFium's text page drops them."""
    shown = b"".join(b"BT /F1 12 Tf %.2f %.2f Td <%s> Tj ET\n" % (x, y, w.encode("utf-16-be").hex().encode())
                     for x, y, w in words)
    content = b"q 0 1 -1 0 595.28 0 cm\n" + shown + b"Q"
    return hostile.pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Rotate 90 "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        hostile.stream(content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ])


def _lines(tmp_path: Path, words: list[tuple[float, float, str]]) -> list[str]:
    from budget_audit.ingest.pdf import load_pdf

    path = tmp_path / "landscape.pdf"
    path.write_bytes(_landscape_pdf(words))
    return [text for _, _, text in load_pdf(str(path))]


def test_words_in_a_font_pdfium_cannot_draw_that_end_their_lines_are_read(tmp_path):
    """Nothing follows them on their baseline: without a substitute font they came back as blanks."""
    assert _lines(tmp_path, [(72, 520, "横向表格"), (76, 460, "合计")]) == ["横向表格", "合计"]


def test_words_in_a_font_pdfium_cannot_draw_that_stop_short_of_the_next_are_read(tmp_path):
    assert _lines(tmp_path, [(72, 520, "横向表格"), (76, 485, "项目支出"), (226, 485, "单位")]) == ["横向表格", "项目支出\t单位"]
