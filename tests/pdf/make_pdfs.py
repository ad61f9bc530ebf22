"""Build realistic PDFs of the samples, as departments make them: a word-processor
document with real bordered tables, printed to PDF by LibreOffice.

Run from the project root (needs Debian's libreoffice-writer and fonts-noto-cjk):

    python tests/pdf/make_pdfs.py

It writes tests/data/pdf/*.pdf, which are committed so CI needs no LibreOffice, and the
bad PDFs the loader must refuse clearly (encrypted, scanned, truncated, empty, not a PDF,
fonts without a Unicode map).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "pdf"
SAMPLES = {
    "xinjiang-hejing-party-office-2024": "numbered template: 表 1 … 表 11, 类|款|项 columns",
    "shanxi-zezhou-party-office-2024": "titled template: 预算公开表, 7-digit codes, watermark",
    "xinjiang-aheqi-government-office-2024": "numbered template with many genuine errors",
    "xinjiang-bazhou-government-office-2024": "markdown/HTML debris, tables continued on a new page, 20+ pages",
}
CSS = """
@page { size: A4; margin: 1.6cm; }
body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; }
td { border: 0.6pt solid black; padding: 1pt 2pt; font-size: 7.5pt; }
p { margin: 1pt 0; }
"""
_MARKUP = re.compile(r"</?(?:b|p|strong|span)[^>]*>|\*\*|^#{1,6}\s*|^- ")


def _clean(text: str) -> str:
    return _MARKUP.sub("", text.strip())


def sample_to_html(text: str, ruled: bool = True) -> str:
    """Prose lines become paragraphs; runs of tab-separated lines become bordered tables."""
    out = [f"<html><head><meta charset='utf-8'><style>{CSS}</style></head><body>"]
    rows: list[list[str]] = []

    def flush() -> None:
        if not rows:
            return
        width = max(len(r) for r in rows)
        out.append(f"<table border='{1 if ruled else 0}' cellspacing='0' cellpadding='1'>")
        for r in rows:
            cells = r + [""] * (width - len(r))
            out.append("<tr>" + "".join(f"<td>{html.escape(_clean(c))}</td>" for c in cells) + "</tr>")
        out.append("</table>")
        rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        if line.strip():
            out.append(f"<p>{html.escape(_clean(line))}</p>")
    flush()
    out.append("</body></html>")
    return "\n".join(out)


def to_pdf(source: Path, outdir: Path, export: str = "writer_pdf_Export") -> Path:
    subprocess.run(
        ["soffice", "--headless", "--infilter=HTML (StarWriter)", "--convert-to", f"pdf:{export}",
         "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=300,
    )
    return outdir / (source.stem + ".pdf")


def _unmapped_font_pdf() -> bytes:
    """A one-page PDF whose font has no ToUnicode map: text extracts as (cid:N)."""
    stream = b"BT /F1 24 Tf 72 720 Td <0001000200030004000500060007000800090010> Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return body


def _scanned(source: Path, target: Path) -> None:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(source))
    bitmap = src[1].render(scale=1)
    out = pdfium.PdfDocument.new()
    page = out.new_page(bitmap.width, bitmap.height)
    image = pdfium.PdfImage.new(out)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(bitmap.width, bitmap.height))
    page.insert_obj(image)
    page.gen_content()
    out.save(str(target))


def main() -> None:
    if not shutil.which("soffice"):
        sys.exit("needs LibreOffice: apt-get install libreoffice-writer fonts-noto-cjk")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for stem in SAMPLES:
            source = work / f"{stem}.html"
            source.write_text(sample_to_html((ROOT / "samples" / f"{stem}.txt").read_text(encoding="utf-8")), encoding="utf-8")
            shutil.copy(to_pdf(source, work), OUT / f"{stem}.pdf")
        # a table printed without rules: read from character positions
        extra = OUT / "extra"
        extra.mkdir(exist_ok=True)
        unruled = work / "unruled.html"
        unruled.write_text(sample_to_html((ROOT / "tests" / "docs" / "consistent.txt").read_text(encoding="utf-8"), ruled=False),
                           encoding="utf-8")
        shutil.copy(to_pdf(unruled, work), extra / "unruled.pdf")
        bad = OUT / "bad"
        bad.mkdir(exist_ok=True)
        # encrypted: LibreOffice's PDF export with an open password
        small = work / "small.html"
        small.write_text(sample_to_html("表 1\n部门收支总体情况表\n收入\t1.00\n"), encoding="utf-8")
        options = '{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}'
        shutil.copy(to_pdf(small, work, f"writer_pdf_Export:{options}"), bad / "encrypted.pdf")
        # scanned: a page that is only a picture of text (page 2 of a real one, rendered)
        _scanned(OUT / "xinjiang-hejing-party-office-2024.pdf", bad / "scanned.pdf")
        whole = (OUT / "xinjiang-hejing-party-office-2024.pdf").read_bytes()
        (bad / "truncated.pdf").write_bytes(whole[: len(whole) // 3])
        (bad / "empty.pdf").write_bytes(b"")
        (bad / "not-a-pdf.pdf").write_text("这不是 PDF，只是改了扩展名的文本。\n", encoding="utf-8")
        (bad / "unmapped-font.pdf").write_bytes(_unmapped_font_pdf())
    for p in sorted(OUT.rglob("*.pdf")):
        print(f"{p.relative_to(ROOT)}  {p.stat().st_size} bytes")


if __name__ == "__main__":
    main()
