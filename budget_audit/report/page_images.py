"""Images of the page region a finding is about, with its figures outlined.

An auditor wants to see the printed page, not our reading of it: for a PDF the page is
rendered with PDFium and the figures are found again on it by their printed text (the
model keeps every figure as printed, and the line it stood on). Lines are located by
their first cell's text, the figures by text on that line's band; whitespace is ignored
and compatibility forms folded (NFKC), as the reader does. For a text input there is no
page: the lines are drawn as text, with a CJK font when the system has one.

Imports Pillow and pypdfium2, so only the visual reports import this module.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageDraw, ImageFont

from budget_audit.model import Document
from budget_audit.report.parts import Located

DPI = 130
MAX_WIDTH = 1100  # px: a crop wider than this is scaled down
MAX_PAGE_PIXELS = 60_000_000  # a page larger than this at DPI (an A0 poster is 29 million) is not rendered
MAX_HEIGHT = 560  # px: a taller region is cut around its first line
MARGIN = 14  # pt around the outlined region
OUTLINE = (214, 40, 40, 255)
FILL = (255, 214, 0, 70)
LINE_FILL = (255, 236, 150, 60)

Box = tuple[float, float, float, float]  # left, top, right, bottom in page points, top-down


@dataclass
class LineMarks:
    """One line of a finding on a page: where it is and which printed figures to outline on it."""

    page_line: int
    key: str  # the line's first cell, to find the line on the page
    figures: list[str] = field(default_factory=list)
    primary: bool = False


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", c) for c in text if not c.isspace())


class _PageText:
    """A page's characters without whitespace, each with its box, for searching printed text."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        width, height = page.get_size()
        self.width, self.height = width, height
        tp = page.get_textpage()
        chars: list[str] = []
        boxes: list[Box] = []
        self.gap_before: list[bool] = []  # whitespace or a wide gap before the character: a token starts
        gap = True
        try:
            for i in range(tp.count_chars()):
                ch = chr(pdfium_c.FPDFText_GetUnicode(tp.raw, i))
                if ch.isspace() or ch == "\x00":
                    gap = True
                    continue
                left, bottom, right, top = tp.get_charbox(i)
                box = (left, height - top, right, height - bottom)
                if boxes and chars and chars[-1] == ch and _same(boxes[-1], box):
                    continue  # drawn twice for fake bold
                if boxes and (left - boxes[-1][2] > (box[3] - box[1]) * 0.6 or abs(_mid(box) - _mid(boxes[-1])) > 3):
                    gap = True
                for c in unicodedata.normalize("NFKC", ch):
                    chars.append(c)
                    boxes.append(box)
                    self.gap_before.append(gap)
                    gap = False
        finally:
            tp.close()
        self.text = "".join(chars)
        self.boxes = boxes

    def find(self, needle: str) -> list[Box]:
        """Every occurrence of ``needle`` (folded) as one box; a figure only as a whole token (not 1 in 11)."""
        needle = _fold(needle)
        out: list[Box] = []
        if not needle:
            return out
        figure = needle[0].isdigit() or needle[0] == "-"
        start = self.text.find(needle)
        while start >= 0 and len(out) < 200:
            end = start + len(needle)
            whole = (self.gap_before[start] or not _numeric(self.text[start - 1])) and (
                end >= len(self.text) or self.gap_before[end] or not _numeric(self.text[end]))
            if whole or not figure:
                out.append(_union(self.boxes[start:end]))
            start = self.text.find(needle, start + 1)
        return out

    def band(self, y: float, height: float) -> list[Box]:
        """Character boxes whose middle lies within the band around ``y``."""
        return [b for b in self.boxes if abs((b[1] + b[3]) / 2 - y) <= height / 2]

    @property
    def content(self) -> Box:
        return _union(self.boxes) if self.boxes else (0, 0, self.width, self.height)


def _numeric(ch: str) -> bool:
    return ch.isdigit() or ch in ".,"


def _same(a: Box, b: Box) -> bool:
    return all(abs(x - y) < 1.0 for x, y in zip(a, b, strict=True))


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _mid(b: Box) -> float:
    return (b[1] + b[3]) / 2


class PdfPages:
    """One open PDF, rendering page regions on demand; the last pages rendered are kept."""

    def __init__(self, path: str) -> None:
        self.pdf = pdfium.PdfDocument(path)
        self._cache: dict[int, tuple[_PageText, Image.Image]] = {}

    def close(self) -> None:
        self._cache.clear()
        self.pdf.close()

    def _page(self, number: int) -> tuple[_PageText, Image.Image] | None:
        if number in self._cache:
            return self._cache[number]
        if not 1 <= number <= len(self.pdf):
            return None
        page = self.pdf[number - 1]
        width, height = page.get_size()
        if width * height * (DPI / 72) ** 2 > MAX_PAGE_PIXELS:  # a hostile page size: its text excerpt is shown
            page.close()
            return None
        try:
            text = _PageText(page)
            image = page.render(scale=DPI / 72).to_pil().convert("RGB")
        finally:
            page.close()
        if len(self._cache) >= 4:  # findings come in document order; a few pages cover the back-references
            self._cache.pop(next(iter(self._cache)))
        self._cache[number] = (text, image)
        return text, image

    def region(self, page_number: int, marks: list[LineMarks], lines_on_page: int) -> Image.Image | None:
        """The page region holding ``marks``, figures outlined; None when nothing is found on the page."""
        got = self._page(page_number)
        if got is None:
            return None
        text, image = got
        content = text.content
        line_h = 11.0
        found: list[tuple[Box, bool]] = []  # (box, is a whole line)
        anchors: list[float] = []
        for mark in marks:
            estimate = content[1] + (content[3] - content[1]) * (mark.page_line - 0.5) / max(1, lines_on_page)
            keys = text.find(mark.key[:14]) if mark.key else []
            if keys:
                y = _mid(min(keys, key=lambda b: abs(_mid(b) - estimate)))
                line_h = max(8.0, min(30.0, keys[0][3] - keys[0][1]))
            else:
                y = estimate
            hits = []
            for fig in mark.figures:
                near = [b for b in text.find(fig) if abs(_mid(b) - y) <= 2.5 * line_h]
                if near:
                    hits.append(min(near, key=lambda b: abs(_mid(b) - y)))
            if hits:
                y = _mid(hits[0]) if not keys else y
                found.extend((h, False) for h in hits)
            else:
                band = text.band(y, line_h)
                if band:
                    found.append((_union(band), True))
            anchors.append(y)
        if not found:
            return None
        return _crop(image, text, found, anchors[0] if anchors else None)


def _clear(boxes: list[Box], y: float, step: float) -> float:
    """Move ``y`` by ``step`` until it cuts through no line of text, so a crop never halves a line."""
    for _ in range(12):
        if not any(b[1] - 1 < y < b[3] + 1 for b in boxes):
            break
        y += step
    return y


def _crop(image: Image.Image, text: _PageText, found: list[tuple[Box, bool]], anchor: float | None) -> Image.Image:
    scale = DPI / 72
    content = text.content
    region = _union([b for b, _ in found])
    top, bottom = region[1] - MARGIN * 2, region[3] + MARGIN * 2
    max_pt = MAX_HEIGHT / scale
    if bottom - top > max_pt:  # too tall: keep the part around the finding's first line
        centre = anchor if anchor is not None else (top + bottom) / 2
        top, bottom = centre - max_pt / 2, centre + max_pt / 2
    top, bottom = _clear(text.boxes, top, -2), _clear(text.boxes, bottom, 2)
    left, right = min(content[0], region[0]) - MARGIN, max(content[2], region[2]) + MARGIN
    px = (max(0, int(left * scale)), max(0, int(top * scale)),
          min(image.width, int(right * scale)), min(image.height, int(bottom * scale)))
    crop = image.crop(px).convert("RGBA")
    overlay = Image.new("RGBA", crop.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for box, whole in found:
        x0, y0 = box[0] * scale - px[0] - 3, box[1] * scale - px[1] - 3
        x1, y1 = box[2] * scale - px[0] + 3, box[3] * scale - px[1] + 3
        if whole:
            draw.rectangle((x0, y0, x1, y1), fill=LINE_FILL, outline=OUTLINE, width=2)
        else:
            draw.rectangle((x0, y0, x1, y1), fill=FILL, outline=OUTLINE, width=3)
    out = Image.alpha_composite(crop, overlay).convert("RGB")
    if out.width > MAX_WIDTH:
        out = out.resize((MAX_WIDTH, round(out.height * MAX_WIDTH / out.width)), Image.Resampling.LANCZOS)
    return out


_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


def cjk_font(size: int) -> ImageFont.FreeTypeFont | None:
    """A font that draws Chinese, or None when the system has none."""
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).exists():
            try:
                return ImageFont.truetype(candidate, size)
            except OSError:
                continue
    return None


def text_image(lines: list[tuple[int | None, str, list[str]]]) -> Image.Image | None:
    """Source lines drawn as an image, figures outlined: the 截图 of a text input. None without a CJK font.

    ``lines`` holds (line number or None for a gap, text, figures to outline).
    """
    font = cjk_font(18)
    if font is None or not lines:
        return None
    small = cjk_font(14) or font
    pad, gutter, height = 12, 64, 30
    shown = [(n, t.replace("\t", "    ")[:90], figs) for n, t, figs in lines[:14]]
    width = min(MAX_WIDTH, pad * 2 + gutter + max(int(font.getlength(t)) for _, t, _ in shown) + 8)
    image = Image.new("RGB", (width, pad * 2 + height * len(shown)), "white")
    draw = ImageDraw.Draw(image, "RGBA")
    for i, (number, text, figures) in enumerate(shown):
        y = pad + i * height
        draw.text((pad, y + 6), "⋯" if number is None else str(number), fill=(140, 140, 140), font=small)
        x0 = pad + gutter
        for fig in figures:
            at = text.find(fig)
            if at < 0:
                continue
            left = x0 + font.getlength(text[:at])
            right = left + font.getlength(fig)
            draw.rectangle((left - 3, y + 1, right + 3, y + height - 3), fill=FILL, outline=OUTLINE, width=3)
        draw.text((x0, y + 4), text, fill=(20, 20, 20), font=font)
    return image


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # a page region is text and rules on white: a 64-colour palette keeps it sharp at a third of the size
    image.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def finding_images(doc: Document, located: Located, pages: PdfPages | None, limit: int = 3) -> list[Image.Image]:
    """The page regions of a finding, its first line's page first; at most ``limit`` images.

    A PDF gives one image per page the finding's lines are on; a text input one image of
    the lines (with a gap marker between distant ones), when a CJK font is available.
    """
    if not located.lines:
        return []
    if pages is None:
        return [img] if (img := text_image(text_excerpt(doc, located))) else []
    by_page: dict[int, list[LineMarks]] = {}
    for i, n in enumerate(located.lines):
        line = doc.lines[n - 1]
        if line.page is None or line.page_line is None:
            continue
        key = line.text.split("\t")[0].strip()
        by_page.setdefault(line.page, []).append(LineMarks(line.page_line, key, located.figures.get(n, []), i == 0))
    images = []
    for page, marks in list(by_page.items())[:limit]:
        marks.sort(key=lambda m: not m.primary)
        total = max((ln.page_line or 0) for ln in doc.lines if ln.page == page)
        image = pages.region(page, marks, total)
        if image is not None:
            images.append(image)
    return images


def text_excerpt(doc: Document, located: Located) -> list[tuple[int | None, str, list[str]]]:
    """The finding's lines with the nearest non-blank line either side, gaps as (None, "", [])."""
    wanted: set[int] = set()
    for n in located.lines:
        wanted.add(n)
        for step in (-1, 1):
            k = n + step
            while 0 < k <= len(doc.lines) and abs(k - n) <= 3 and not doc.lines[k - 1].text.strip():
                k += step
            if 0 < k <= len(doc.lines) and doc.lines[k - 1].text.strip():
                wanted.add(k)
    out: list[tuple[int | None, str, list[str]]] = []
    previous = None
    for n in sorted(wanted):
        if previous is not None and not all(not doc.lines[k - 1].text.strip() for k in range(previous + 1, n)):
            out.append((None, "", []))
        line = doc.lines[n - 1]
        out.append((line.page_line or n, line.raw if line.raw.strip() else line.text, located.figures.get(n, [])))
        previous = n
    return out
