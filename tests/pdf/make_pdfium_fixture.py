"""Build tests/data/pdf/extra/pdfium-features.pdf: the page features the PDFium reader must
get right and the LibreOffice test PDFs lack — a diagonal watermark (rotated glyphs),
coloured and invisible text, a ruled table drawn inside a form XObject under a transform,
a table of filled thin rectangles, a page with /Rotate 90, and a landscape page (/Rotate 90
with its content turned a quarter back, glyphs advancing along y in user space).

Run from the project root (needs reportlab, only for this script; the PDF is committed):

    pip install reportlab && python tests/pdf/make_pdfium_fixture.py
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

OUT = Path(__file__).resolve().parents[1] / "data" / "pdf" / "extra" / "pdfium-features.pdf"
CJK = "STSong-Light"


def _grid(c: canvas.Canvas, x: float, y: float, cols: list[float], rows: int, h: float) -> None:
    """A ruled grid of stroked lines, top-left at (x, y)."""
    width = sum(cols)
    for r in range(rows + 1):
        c.line(x, y - r * h, x + width, y - r * h)
    edge = x
    for w in [0.0, *cols]:
        edge += w
        c.line(edge, y, edge, y - rows * h)


def _first_page(c: canvas.Canvas) -> None:
    c.setFont(CJK, 14)
    c.drawString(72, 780, "部门预算表 2024")
    c.setFillColorRGB(1, 0, 0)
    c.setFont(CJK, 10)
    c.drawString(72, 760, "红色说明文字")
    c.setFillColorRGB(0, 0, 0)
    text = c.beginText(300, 760)
    text.setTextRenderMode(3)
    text.setFont("Helvetica", 10)
    text.textOut("hidden")
    text.setTextRenderMode(0)  # Tr is graphics state: it would outlive the text object
    c.drawText(text)

    c.beginForm("ruled")
    c.setLineWidth(0.5)
    _grid(c, 0, 0, [100, 80, 80], 3, 18)
    c.endForm()
    c.saveState()
    c.translate(72, 730)
    c.doForm("ruled")
    c.restoreState()
    c.setFont(CJK, 9)
    for r, row in enumerate([("项目", "收入", "支出"), ("一般公共预算", "120.50", "118.20"), ("合计", "120.50", "118.20")]):
        for col, (dx, cell) in enumerate(zip((0, 100, 180), row, strict=True)):
            c.drawString(72 + dx + 3 + (col > 0) * 30, 730 - 18 * r - 13, cell)

    c.setFillColorRGB(0, 0, 0)
    for r in range(3):  # a table of thin filled rectangles, as some generators draw rules
        c.rect(72, 600 - r * 20, 200, 0.6, stroke=0, fill=1)
    for x in (72, 172, 272):
        c.rect(x, 560, 0.6, 40.6, stroke=0, fill=1)
    c.setFont(CJK, 9)
    c.drawString(80, 586, "基本支出")
    c.drawString(180, 586, "35.00")

    c.saveState()
    c.setFillColorRGB(0.6, 0.6, 0.6)
    c.translate(300, 400)
    c.rotate(45)
    c.setFont(CJK, 40)
    c.drawString(0, 0, "内部草稿")
    c.setFont("Helvetica", 30)
    c.drawString(0, -40, "DRAFT")
    c.restoreState()
    c.showPage()


def _rotated_page(c: canvas.Canvas) -> None:
    c.setPageRotation(90)
    c.setFont(CJK, 12)
    c.drawString(72, 780, "横向页面 表格")
    _grid(c, 72, 760, [120, 90], 2, 20)
    c.drawString(76, 745, "支出合计")
    c.drawString(196, 745, "88.00")
    c.showPage()


def _landscape_page(c: canvas.Canvas) -> None:
    """Landscape as word processors print it: /Rotate 90 and the content turned back."""
    c.setPageRotation(90)
    c.saveState()
    c.translate(595.28, 0)
    c.rotate(90)
    c.setFont(CJK, 12)
    c.drawString(72, 520, "横向表格 2025")
    _grid(c, 72, 500, [150, 90, 90], 2, 20)
    c.drawString(76, 485, "项目支出")
    c.drawString(226, 485, "12.50")
    c.restoreState()
    c.showPage()


def main() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(CJK))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(OUT), pagesize=(595.28, 841.89), invariant=1, pageCompression=1)
    _first_page(c)
    _rotated_page(c)
    _landscape_page(c)
    c.save()
    print(OUT)


if __name__ == "__main__":
    main()
