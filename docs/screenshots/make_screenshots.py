"""Screenshots of the HTML and xlsx reports, as a browser and a spreadsheet show them.

    python docs/screenshots/make_screenshots.py

Needs Debian's `chromium` (and `fonts-noto-cjk`, so Chinese renders); the xlsx shot also
needs `libreoffice-calc` (skipped without it). The reports are made from the project's
own sample and test PDF. Chromium is run headless twice per page: once with --dump-dom,
where a small script added to a copy of the report records where each part is, then with
--screenshot of the whole page, which is cropped to those parts.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
TEXT = ROOT / "samples" / "xinjiang-aheqi-government-office-2024.txt"
PDF = ROOT / "tests" / "data" / "pdf" / "xinjiang-aheqi-government-office-2024.pdf"
WIDTH = 1280
MEASURE = """<script>
addEventListener('load', function () {
  var out = {height: document.documentElement.scrollHeight};
  document.querySelectorAll('[id], .summary, .checklist').forEach(function (el) {
    var r = el.getBoundingClientRect();
    out[el.id || el.className] = [r.top + scrollY, r.bottom + scrollY];
  });
  document.body.setAttribute('data-positions', JSON.stringify(out));
});
</script>"""


def browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    sys.exit("needs chromium: apt-get install -y chromium fonts-noto-cjk")


def chromium(*args: str) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--virtual-time-budget=4000"]
    return subprocess.run([browser(), *flags, *args], capture_output=True, text=True, timeout=180, check=True)


def report(fmt: str, source: Path, target: Path) -> Path:
    subprocess.run([sys.executable, "-m", "budget_audit", "check", str(source.relative_to(ROOT)), "--format", fmt,
                    "-o", str(target)], check=False, timeout=300, cwd=ROOT)
    if not target.exists():
        sys.exit(f"no report written for {source}")
    return target


def page_shot(html: Path, work: Path) -> tuple[Image.Image, dict]:
    """The whole page as one image, and where its parts are (CSS px, top to bottom)."""
    measured = work / f"measured-{html.name}"
    measured.write_text(html.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = chromium(f"--window-size={WIDTH},1000", "--dump-dom", measured.as_uri()).stdout
    found = re.search(r"data-positions=\"([^\"]+)\"", dom)
    positions = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&")) if found else {}
    height = int(positions.get("height", 6000)) + 20
    png = work / f"{html.stem}.png"
    chromium(f"--window-size={WIDTH},{height}", f"--screenshot={png}", measured.as_uri())
    return Image.open(png).convert("RGB"), positions


def crop(image: Image.Image, top: float, bottom: float, name: str) -> Path:
    target = OUT / name
    image.crop((0, max(0, int(top)), image.width, min(image.height, int(bottom)))).save(target, optimize=True)
    print(target.relative_to(ROOT))
    return target


def xlsx_shot(xlsx: Path, work: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        print("skipped the xlsx screenshot: needs libreoffice-calc")
        return
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(xlsx)],
                   capture_output=True, timeout=300, check=True)
    pdf = pdfium.PdfDocument(str(work / f"{xlsx.stem}.pdf"))
    page = pdf[0]
    image = page.render(scale=160 / 72).to_pil().convert("RGB")
    page.close()
    pdf.close()
    box = Image.eval(image, lambda v: 255 - v).getbbox() or (0, 0, image.width, image.height)
    image.crop((max(0, box[0] - 16), max(0, box[1] - 16), min(image.width, box[2] + 16),
                min(image.height, box[3] + 16))).save(OUT / "xlsx-checklist.png", optimize=True)
    print((OUT / "xlsx-checklist.png").relative_to(ROOT))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        page, at = page_shot(report("html", PDF, work / "report-pdf.html"), work)
        crop(page, 0, at["checklist"][0] + 760, "html-overview.png")
        part = next(k for k in at if k.startswith("d1-") and "table" in k and at[k][1] - at[k][0] > 900)
        crop(page, at[part][0] - 16, at[part][0] + 1100, "html-pdf-findings.png")
        page, at = page_shot(report("html", TEXT, work / "report-text.html"), work)
        part = next(k for k in at if k.startswith("d1-") and "heading" in k)
        crop(page, at[part][0] - 16, at[part][0] + 1000, "html-text-findings.png")
        xlsx_shot(report("xlsx", PDF, work / "检查表.xlsx"), work)


if __name__ == "__main__":
    main()
