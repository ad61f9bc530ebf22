"""Text a PDF clips away is not printed, so it is not read: a table cell's text wrapped onto a line
the cell cuts off lies over the row below in the text layer, though nobody sees it on the page."""

from __future__ import annotations

from budget_audit.ingest.pdf import load_pdf

from . import hostile


def _pdf(content: bytes) -> bytes:
    """A one-page PDF (Helvetica) whose page draws ``content``."""
    return hostile.pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        hostile.stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def _text(tmp_path, content: bytes) -> str:
    path = tmp_path / "clip.pdf"
    path.write_bytes(_pdf(content))
    return "\n".join(text for _, _, text in load_pdf(str(path)))


def test_text_inside_its_clip_is_read(tmp_path):
    shown = b"q 40 690 300 30 re W n BT /F1 12 Tf 50 700 Td (Printed inside its cell) Tj ET Q"
    assert "Printed inside its cell" in _text(tmp_path, shown)


def test_text_its_clip_cuts_off_is_not_read(tmp_path):
    content = (b"BT /F1 12 Tf 50 760 Td (A visible line) Tj ET\n"
               b"q 40 690 300 30 re W n BT /F1 12 Tf 50 660 Td (Cut off below the cell) Tj ET Q")
    text = _text(tmp_path, content)
    assert "A visible line" in text and "Cut off" not in text


def test_each_clip_is_judged_by_its_own_box_when_objects_share_clips(tmp_path):
    """Objects drawn in one clipping state share it (its box is read once a page); objects in
    another state are judged by that state's box, not the first one's."""
    content = (b"q 40 690 300 30 re W n BT /F1 12 Tf 50 700 Td (Inside first) Tj ET BT /F1 12 Tf 50 600 Td (Outside first) Tj ET Q\n"
               b"q 40 590 300 30 re W n BT /F1 12 Tf 50 600 Td (Inside second) Tj ET BT /F1 12 Tf 50 700 Td (Outside second) Tj ET Q")
    text = _text(tmp_path, content)
    assert "Inside first" in text and "Inside second" in text
    assert "Outside first" not in text and "Outside second" not in text
