"""PDF loader on pdfplumber: pages → the same lines-with-provenance the text loader gives.

Ruled tables are read with pdfplumber's table finder, each row becoming one line of
tab-separated cells (a cell wrapped over two lines is one cell; a merged cell is empty
after its first column, as in extracted text). Text outside ruled tables is read line by
line from character positions; a wide horizontal gap between words becomes a tab, so a
table printed without rules still comes out as cells. Characters drawn twice for fake
bold are deduplicated; bare page numbers are dropped. Pages are closed as soon as they are
read, so memory stays bounded on long documents.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from statistics import median

from budget_audit import limits
from budget_audit.controls import visible
from budget_audit.errors import InputError
from budget_audit.ingest import layout_native, unruled
from budget_audit.ingest.inflate import inflated_size
from budget_audit.ingest.layout_native import Glyphs
from budget_audit.ingest.text import PAGE_NUMBER, existing_file

ProgressFn = Callable[[int, int], None]

_LAYOUT = layout_native.LOADED  # the compiled cell layout, when built (else the loops below)

_TEXT, _X0, _TOP, _SIZE, _ANGLE = (itemgetter(key) for key in ("text", "x0", "top", "size", "angle"))

_CID = re.compile(r"\(cid:\d+\)")
# a replacement character, a control character other than tab and newline, a private-use code point
_UNMAPPED = re.compile(r"[\ufffd\x00-\x08\x0b-\x1f\ue000-\uf8ff]")
_FIGURE = re.compile(r"\d+\.\d+")
_SENTENCE = re.compile(r"[，。；：,;:%％]|万元|\d{4}\s*年")


class PdfLine:
    """A line of one page: its text, and its position for ordering."""

    __slots__ = ("top", "text")

    def __init__(self, top: float, text: str) -> None:
        self.top = top
        self.text = text


def _check_header(path: str) -> None:
    """A clear refusal for a file that is missing, empty or no PDF at all."""
    p = existing_file(path)
    try:
        with p.open("rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror or exc})") from None
    if not head:
        raise InputError(path, "file is empty")
    if b"%PDF" not in head:
        raise InputError(path, "is not a PDF (no %PDF header), although it is named .pdf")


def _check_bounds(path: str) -> None:
    """Refuse a file too large, or whose streams inflate beyond the limit, before a PDF library
    inflates them whole in memory (issue 15: a few KiB can hold gigabytes)."""
    p = existing_file(path)
    try:
        limits.check_file_size(path, p.stat().st_size)
        bound = limits.inflated_byte_bound()
        if bound is not None and inflated_size(p.read_bytes(), bound) > bound:
            raise limits.LimitExceeded(path, "inflated-mb", limits.active().inflated_mb)
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror or exc})") from None


def _open(path: str):
    import logging

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings are not ours to print
    _check_header(path)
    try:
        pdf = pdfplumber.open(path)
        pdf.pages  # noqa: B018 - parses the page tree, where truncation shows
    except (PDFPasswordIncorrect, PdfminerException, PDFSyntaxError, Exception) as exc:  # noqa: BLE001
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in repr(cause).lower() or "encrypt" in repr(cause).lower():
            raise InputError(path, "PDF is encrypted: a password is needed to read it") from None
        raise InputError(path, f"PDF is damaged or truncated and cannot be read ({type(cause).__name__})") from None
    return pdf


def _cell(text: str | None) -> str:
    if not text:
        return ""
    return text.replace("\n", "").replace("\t", " ").strip()


def _cell_texts(table, chars: list[dict], held: bytearray, glyphs: Glyphs | None = None
                ) -> tuple[list[list[str | None]], list[list[tuple[float, float, float] | None]]]:
    """The text of every cell, each character placed once, in the smallest cell holding it, and
    each cell's lead (``_lead``).

    pdfplumber's own extract() scans every character for every cell (slow on long tables)
    and gives a character to the first row whose band holds it; a header cell spanning
    several rows (项目 over 类|款|项) makes that band tall, so sub-labels printed under a
    merged group label (预算数 over 合计 | 一般公共预算 | …) would be run together into the
    group's cell. The smallest cell is the one the character was printed in. ``chars`` are the
    page's; the flag in ``held`` of each one placed in a cell is set (for the text outside the
    cells). With ``glyphs`` (their coordinates as arrays) the compiled loops place them, when built.
    """
    rows = table.rows
    boxes = [
        (box[0], box[1], box[2], box[3], (box[2] - box[0]) * (box[3] - box[1]), i, j)
        for i, row in enumerate(rows)
        for j, box in enumerate(row.cells)
        if box is not None
    ]
    index = _CellIndex(boxes)
    texts: list[list[str | None]] = [[None] * len(r.cells) for r in rows]
    leads: list[list[tuple[float, float, float] | None]] = [[None] * len(r.cells) for r in rows]
    placed = None
    if _LAYOUT is not None and glyphs is not None:
        cells = index.low + index.tall
        placed = _LAYOUT.place(glyphs, table.bbox, cells, len(index.low), index.reach, held)
    if placed is not None:
        order, starts, cell_leads = placed
        for k, cell in enumerate(cells):
            texts[cell[5]][cell[6]] = "".join([chars[g]["text"] for g in order[starts[k]:starts[k + 1]]])
            leads[cell[5]][cell[6]] = cell_leads[k]
        return texts, leads
    found: dict[tuple[int, int], list[dict]] = {(b[5], b[6]): [] for b in boxes}
    x0, top, x1, bottom = table.bbox
    for g, c in enumerate(chars):
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        best = index.smallest(cx, cy)
        if best is not None:
            found[best[5], best[6]].append(c)
            held[g] = 1
    for b in boxes:
        cell = found[b[5], b[6]]
        texts[b[5]][b[6]] = "".join(ch["text"] for ch in _reading_order(cell))
        leads[b[5]][b[6]] = _lead(b, cell)
    return texts, leads


def _lead(box, cell: list[dict]) -> tuple[float, float, float] | None:
    """How far a cell's text starts from the cell's left border, its characters' width, and the
    middle of its ink (where on the page the text stands)."""
    ink = [c for c in cell if c["text"].strip()]
    if box is None or not ink:
        return None
    widths = sorted(c["x1"] - c["x0"] for c in ink)
    left, right = min(c["x0"] for c in ink), max(c["x1"] for c in ink)
    return left - box[0], widths[len(widths) // 2] or 1.0, (left + right) / 2


def _indented(slots: list[str], leads: list[tuple[float, float, float] | None], base: list[float]) -> list[str]:
    """Names indented in their cell keep the indentation as full-width spaces (one per
    character width past the column's least indented name), so levels shown only by
    indentation survive into the text; the parser decides whether they are levels."""
    out = []
    for k, text in enumerate(slots):
        lead = leads[k] if k < len(leads) else None
        if lead and text and _is_cjk(text[0]) and k < len(base):
            steps = round((lead[0] - base[k]) / lead[1])
            text = "\u3000" * steps + text if 0 < steps <= 12 else text
        out.append(text)
    return out


def _table_lines(table, chars: list[dict], held: bytearray, glyphs: Glyphs | None = None) -> list[PdfLine]:
    """Rows as tab-separated cells on the table's own columns.

    pdfplumber's grid is the union of every row's cell borders, so a table whose rows are
    split differently (common in word-processor output, and where two tables touch) gains
    sliver columns. A row with the full number of cells is written as it is; a row with
    fewer (merged header cells) is laid on the columns of the nearest full row: each cell
    goes to the first column whose middle it covers and leaves the others it spans empty,
    as extracted text does. ``chars`` are the page's; each one placed in a cell has its flag in
    ``held`` set.
    """
    rows = []
    all_texts, all_leads = _cell_texts(table, chars, held, glyphs)
    leads_of = []
    for row, texts, leads in zip(table.rows, all_texts, all_leads, strict=False):
        kept = [(box, _cell(t), lead) for box, t, lead in zip(row.cells, texts, leads, strict=False) if box is not None]
        rows.append((row, [(box, text) for box, text, _ in kept]))
        leads_of.append([lead for _, _, lead in kept])
    if not rows:
        return []
    full = max(len(cells) for _, cells in rows)
    full_rows = [i for i, (_, cells) in enumerate(rows) if len(cells) == full]
    base = [
        min((leads_of[i][k][0] for i in full_rows if leads_of[i][k] and rows[i][1][k][1][:1] and _is_cjk(rows[i][1][k][1][0])),
            default=0.0)
        for k in range(full)
    ]
    out = []
    for i, (row, cells) in enumerate(rows):
        if len(cells) == full:
            slots = _indented([text for _, text in cells], leads_of[i], base)
        else:
            nearest = min(full_rows, key=lambda j: (abs(j - i), j < i))
            columns = [(box[0], box[2]) for box, _ in rows[nearest][1]]
            full_texts = [t for _, t in rows[nearest][1]]
            slots = [""] * len(columns)
            for (box, text), lead in zip(cells, leads_of[i], strict=True):
                covered = [k for k, (c0, c1) in enumerate(columns) if box[0] - 1 <= (c0 + c1) / 2 <= box[2] + 1]
                if covered and text:
                    k = _home(covered, columns, text, lead, full_texts)
                    slots[k] = f"{slots[k]} {text}".strip() if slots[k] else text
        line = "\t".join(slots)
        if line.strip("\t"):
            out.append(PdfLine(row.bbox[1], line))
    return out


def _home(covered: list[int], columns: list[tuple[float, float]], text: str, lead, full: list[str]) -> int:
    """The column a merged cell's text goes to: the first it spans, as extracted text has it —
    but a figure whose cell also spans a column of labels (in ``full``, the nearest row with a
    cell for every column) goes under the figure column its ink stands in: in a total row whose
    label takes the first code columns and whose figure cell takes the last code column and 合计,
    the figure, set flush right, is 合计's."""
    first = full[covered[0]] if covered[0] < len(full) else ""
    if len(covered) > 1 and lead is not None and _FIGURE_CELL.match(text) and first and not _FIGURE_CELL.match(first):
        for k in covered[1:]:
            if columns[k][0] <= lead[2] <= columns[k][1] and (k >= len(full) or not full[k] or _FIGURE_CELL.match(full[k])):
                return k
    return covered[0]


_FIGURE_CELL = re.compile(r"^-?[\d,]+(?:\.\d+)?$")


def line_groups(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into printed lines, top to bottom, each line left to right.

    A character joins a line when its middle lies within the height of the line's highest
    character. Fonts of one line sit at slightly different heights (a Latin font's figures a
    little above the CJK glyphs beside them), so a fixed grid of heights would cut some lines
    in two and put their figures on a line of their own, out of their sentence or cell; and
    the band does not grow with each character, or a header cell centred between two header
    lines would chain them into one.
    """
    lines: list[list[dict]] = []
    bottom = -math.inf
    for c in sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2):
        if lines and (c["top"] + c["bottom"]) / 2 <= bottom:
            lines[-1].append(c)
        else:
            lines.append([c])
            bottom = c["bottom"]
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def _reading_order(chars: list[dict]) -> list[dict]:
    return [c for line in line_groups(chars) for c in line]


class _CellIndex:
    """The cells holding a point (bounds included, as for a table's frame). A table page has hundreds of
    cells and thousands of characters, so the cells of ordinary height are kept by their tops and
    only those that can reach a point are looked at; the few tall ones (merged over several rows)
    are looked at always. A cell is a tuple whose first four items are its box; the rest is the
    caller's."""

    def __init__(self, cells: list[tuple]) -> None:
        heights = sorted(c[3] - c[1] for c in cells)
        ordinary = 2 * heights[len(heights) // 2] if heights else 0.0
        self.low = sorted((c for c in cells if c[3] - c[1] <= ordinary), key=lambda c: c[1])
        self.tops = [c[1] for c in self.low]
        self.reach = ordinary + 1  # 1 pt more: rounding
        self.tall = [c for c in cells if c[3] - c[1] > ordinary]

    def smallest(self, cx: float, cy: float) -> tuple | None:
        """The cell of least area (item 4) holding the point; of equals, the first found: the
        ordinary cells by top, then the tall ones."""
        best, least = None, math.inf
        for c in self.low[bisect_left(self.tops, cy - self.reach) : bisect_right(self.tops, cy)]:
            if c[0] <= cx <= c[2] and cy <= c[3] and c[4] < least:
                best, least = c, c[4]
        for c in self.tall:
            if c[0] <= cx <= c[2] and c[1] <= cy <= c[3] and c[4] < least:
                best, least = c, c[4]
        return best


def _outside_cells(chars: list[dict], framed: bytearray, held: bytearray) -> list[dict]:
    """Of the characters inside a table's frame (flagged in ``framed``), those in none of its
    cells (not flagged in ``held``), on printed lines where no cell has text: a title the
    sheet's border encloses (an Excel page whose grid frames its title). They are read as text;
    characters beside a row's cells are not (they would cut the row)."""
    if framed == held:  # every framed character is in a cell
        return []
    loose, celled = [], []
    for c, inside, placed in zip(chars, framed, held, strict=True):
        if placed:
            celled.append((c["top"] + c["bottom"]) / 2)
        elif inside:
            loose.append(c)
    if not loose:
        return []
    out = []
    for line in line_groups(loose):
        top, bottom = min(c["top"] for c in line), max(c["bottom"] for c in line)
        if not any(top <= y <= bottom for y in celled):
            out.extend(line)
    return out


@dataclasses.dataclass
class PageRead:
    """One page as read, before the tables printed without rules are laid on their columns:
    that last step alone carries anything from page to page (``unruled.Carry``), so pages can
    be read apart — in several processes — and laid out in order after (``lay_out``)."""

    table_lines: list[PdfLine]  # the rows of its ruled tables
    text_lines: list[unruled.TextLine]  # the lines outside them; wide gaps already tabs
    width: float  # the typical character width of that text
    breaks: list[float]  # the tops of its ruled tables, which no unruled table crosses
    chars: int
    images: int


def _text_lines(chars: list[dict]) -> tuple[list[unruled.TextLine], float]:
    """Lines of the text outside ruled tables (``chars``), wide gaps between words made tabs, and
    the typical character width."""
    if not chars:
        return [], 5.0
    width = median(c["x1"] - c["x0"] for c in chars) or 5.0
    return [_text_line(group, width) for group in line_groups(chars)], width


def _text_line(line: list[dict], width: float) -> unruled.TextLine:
    """One printed line: its text, cells split at wide gaps (in a row of figures, at any gap)."""
    plain = "".join(c["text"] for c in line)
    row_like = bool(_FIGURE.search(plain) and not _SENTENCE.search(plain))
    text = ""
    cells: list[list[dict]] = [[]]  # the characters of each tab-separated cell
    parts = [""]  # and its text
    for i, cur in enumerate(line):
        if i > 0:
            prev = line[i - 1]
            if cur["text"] == " ":
                after = line[i + 1]["text"] if i + 1 < len(line) else ""
                if row_like and _cell_break(text, after):
                    text += "\t"  # in a row of an unruled table, a space between a figure and a word
                    cells.append([])
                    parts.append("")
                elif not row_like:
                    text += " "
                    parts[-1] += " "
                continue
            gap = cur["x0"] - (prev["x1"] if prev["text"] != " " else cur["x0"])
            if gap > 2.5 * width or (row_like and gap > 0.5):
                text += "\t"
                cells.append([])
                parts.append("")
            elif gap > 0.6 * width and (prev["text"].isascii() or cur["text"].isascii()):
                text += " "
                parts[-1] += " "
        text += cur["text"]
        cells[-1].append(cur)
        parts[-1] += cur["text"]
    heights = sorted(c["bottom"] - c["top"] for c in line)
    return unruled.TextLine(
        top=min(c["top"] for c in line),
        bottom=max(c["bottom"] for c in line),
        size=heights[len(heights) // 2],
        text=re.sub(r"\t{2,}", "\t", text) if row_like else text,
        cells=[_cell_of(part, chars) for part, chars in zip(parts, cells, strict=True)
               if any(c["text"].strip() for c in chars)],
        row_like=row_like,
        chars=line,
    )


def _cell_of(text: str, chars: list[dict]) -> unruled.Cell:
    """A cell's text, as in the line, and the x-extent of its ink."""
    ink = [c for c in chars if c["text"].strip()]
    return unruled.Cell(text, min(c["x0"] for c in ink), max(c["x1"] for c in ink))


def _cell_break(before: str, after: str) -> bool:
    """A space in a table row separates cells unless it spaces out a word (收 入) or follows 1."""
    if not before or not after or before.endswith("\t"):
        return False
    last = before.split("\t")[-1]
    if re.fullmatch(r"\d+[.、]|[一二三四五六七八九十]+、", last):
        return False
    return not (_is_cjk(before[-1]) and _is_cjk(after))


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or ch in "（）()“”"


def _drawn_twice(chars: list[dict]) -> bool:
    """Whether some character is printed twice at (almost) one place: fake bold."""
    keys = set(zip(map(_TEXT, chars), map(round, map(_X0, chars)), map(round, map(_TOP, chars)), strict=True))
    return len(keys) < len(chars)


def _slanted(c: dict) -> bool:
    """Drawn at an angle that is not a multiple of 90°: a diagonal stamp, never table text."""
    if "angle" in c:  # PDFium's reader gives the angle itself
        angle = abs(c["angle"]) % 90
    else:
        a, b = c["matrix"][0], c["matrix"][1]
        angle = abs(math.degrees(math.atan2(b, a))) % 90
    return 8 < angle < 82


def _faint(c: dict) -> bool:
    """Light grey (or lighter) fill: how watermarks are printed; text is dark."""
    if "color" in c and c["color"]:  # PDFium: RGBA 0–255
        return min(c["color"][:3]) >= 0.7 * 255
    color = c.get("non_stroking_color")
    if not isinstance(color, (tuple, list)) or not color or not all(isinstance(v, (int, float)) for v in color):
        return False
    if len(color) == 4:  # CMYK: light when little ink of any kind
        return max(color) <= 0.25
    return min(color) >= 0.7


def watermark_chars(chars: list[dict]) -> list[dict]:
    """Characters of a watermark: slanted, or faint and far larger than the page's text.

    Recognised by what they are, not by what they say, so any stamp (仅供审核, 内部资料, a
    department name) is dropped, while text rotated by 90° (a vertical header) stays.
    """
    if not chars:
        return []
    sizes = sorted(map(_SIZE, chars))
    big = 1.8 * sizes[len(sizes) // 2]
    try:  # PDFium's characters carry their angle, one of a few on a page: each looked at once
        slanted = {a for a in set(map(_ANGLE, chars)) if 8 < abs(a) % 90 < 82}
    except KeyError:  # pdfplumber's: the angle from each one's matrix
        return [c for c in chars if _slanted(c) or (c["size"] > big and _faint(c))]
    if not slanted and not any(size > big for size in sizes):
        return []
    return [c for c in chars if c["angle"] in slanted or (c["size"] > big and _faint(c))]


def _read_page(page) -> PageRead:
    """A page's ruled tables and its other lines, not yet laid out (``PageRead``)."""
    images = len(page.images) if isinstance(page.images, list) else page.images
    count = len(page.chars)
    marks = watermark_chars(page.chars)
    if marks:
        drop = {id(c) for c in marks}
        if hasattr(page, "filter"):  # a pdfplumber page
            page = page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) not in drop)
        else:
            page = dataclasses.replace(page, chars=[c for c in page.chars if id(c) not in drop])
    if _drawn_twice(page.chars):
        page = page.dedupe_chars()  # costly: only when a character is drawn twice
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    chars = page.chars
    glyphs = Glyphs(chars) if _LAYOUT is not None and tables else None
    if glyphs is not None:
        framed = _LAYOUT.frame(glyphs, boxes)
    else:
        framed = _framed(chars, boxes) if boxes else bytearray(len(chars))
    free = [c for c, inside in zip(chars, framed, strict=True) if not inside]
    held = bytearray(len(chars))  # the characters placed in a table's cell
    table_lines = [ln for t in tables for ln in _table_lines(t, chars, held, glyphs)]
    text_lines, width = _text_lines(free + _outside_cells(chars, framed, held))
    for line in text_lines:  # of its characters, laying out needs only the text and where it stands
        line.chars = [{"text": c["text"], "x0": c["x0"], "x1": c["x1"]} for c in line.chars]
    return PageRead(table_lines, text_lines, width, [box[1] for box in boxes], count, images)


def _framed(chars: list[dict], boxes: list[tuple[float, float, float, float]]) -> bytearray:
    """1 for each character whose centre is inside a table's frame (bounds included), else 0."""
    out = bytearray(len(chars))
    for g, c in enumerate(chars):
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        for x0, top, x1, bottom in boxes:
            if x0 <= cx <= x1 and top <= cy <= bottom:
                out[g] = 1
                break
    return out


def lay_out(read: PageRead, carry: unruled.Carry | None = None) -> list[str]:
    """A read page's lines in reading order: its unruled tables laid on their columns (with the
    columns ``carry`` brings from the page before), bare page numbers dropped."""
    laid = unruled.lay_out_tables(read.text_lines, read.width, read.breaks, carry) if read.text_lines else []
    items = read.table_lines + [PdfLine(top, text) for top, text in laid]
    items.sort(key=lambda ln: ln.top)
    return [ln.text for ln in items if not PAGE_NUMBER.match(ln.text)]


def _unreadable(lines: list[str]) -> bool:
    """Mostly (cid:N) tokens, replacement or control characters: glyphs without a Unicode map."""
    text = "".join(lines)
    if not text:
        return False
    bad = sum(len(m) for m in _CID.findall(text)) + len(_UNMAPPED.findall(text))
    return bad * 3 > len(text)


def _pdfium_page_lines(path: str, index: int) -> list[str]:
    """The text of one page read by PDFium, for fonts whose glyphs pdfminer cannot map."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(path)
    try:
        page = doc[index]
        text = page.get_textpage().get_text_range()
        page.close()
    finally:
        doc.close()
    return [ln for ln in text.replace("\r\n", "\n").split("\n")]


READER = os.environ.get("BUDGET_AUDIT_PDF_READER", "pdfium")  # or "pdfplumber": the slower reference reader


def load_pdf(path: str, progress: ProgressFn | None = None) -> list[tuple[int, int, str]]:
    """(page, line within page, text) for every line of the PDF, in reading order.

    Pages are read through PDFium (``pdfium_page``: characters and rules in pdfplumber's
    shapes, several times faster; tables found by ``grid``); a file PDFium cannot open goes to pdfplumber,
    whose refusal names the cause (encrypted, damaged), and a page on which PDFium could not
    place every glyph (a font neither embedded nor substitutable) is read by pdfplumber.
    """
    return assemble(path, read_pages(path, progress=progress))


def page_count(path: str) -> int:
    """How many pages the PDF has (as the reader will read them)."""
    _check_header(path)
    _check_bounds(path)
    with _opened(path) as (pdf, doc):
        return _total(path, pdf, doc)


def read_pages(path: str, start: int = 0, stop: int | None = None, progress: ProgressFn | None = None) -> list[PageRead]:
    """Pages ``start``..``stop``-1 (all by default) read, not yet laid out: a long PDF's pages
    may be read in several processes at once and laid out in order by ``assemble``."""
    _check_header(path)
    _check_bounds(path)
    out: list[PageRead] = []
    chars = 0
    with _opened(path) as (pdf, doc):
        total = _total(path, pdf, doc)
        stop = total if stop is None else min(stop, total)
        fallback = None
        try:
            for index in range(start, stop):
                limits.tick(path)
                page = _page(path, pdf, doc, index)
                if getattr(page, "unplaced", False):
                    fallback = fallback or _open(path)
                    page = fallback.pages[index]
                limits.check_page_chars(path, index + 1, len(page.chars))
                chars += len(page.chars)
                limits.check_chars(path, chars)
                out.append(_read_page(page))
                if hasattr(page, "close"):
                    page.close()
                if progress:
                    progress(index + 1, total)
        finally:
            if fallback is not None:
                fallback.close()
    return out


def assemble(path: str, pages: list[PageRead]) -> list[tuple[int, int, str]]:
    """(page, line within page, text) of all the pages read, in order: each laid out with the
    columns the page before carries over; a page whose fonts have no Unicode map is asked of
    PDFium; the document refused when it has no text at all."""
    out: list[tuple[int, int, str]] = []
    carry = unruled.Carry()  # an unruled table's columns, for its rows on the next page
    chars = images = unmapped = 0
    for number, read in enumerate(pages, start=1):
        chars += read.chars
        images += read.images
        lines = lay_out(read, carry)
        if _unreadable(lines):
            lines = _pdfium_page_lines(path, number - 1)  # fonts without a Unicode map: ask PDFium
            if _unreadable(lines):
                unmapped += 1
        out.extend((number, n, visible(text)) for n, text in enumerate(lines, start=1))
        limits.check_lines(path, len(out))
    limits.check_chars(path, chars)
    if chars == 0:
        if images:
            raise InputError(path, "PDF has no text layer (a scanned document): OCR is needed before it can be checked")
        raise InputError(path, "PDF has no text")
    if unmapped:
        raise InputError(
            path,
            f"PDF fonts have no Unicode map on {unmapped} of {len(pages)} pages: the text comes out as (cid:…) "
            "and neither pdfplumber nor PDFium can read it",
        )
    return out


@contextmanager
def _opened(path: str) -> Iterator[tuple[object, object]]:
    """(pdfplumber document, None) or (None, PDFium document), closed after: PDFium unless the
    reader is set to pdfplumber or PDFium cannot open the file (pdfplumber then names why)."""
    doc = None
    if READER == "pdfium":
        try:
            from budget_audit.ingest import pdfium_page

            doc = pdfium_page.open_pdf(path)
        except Exception:  # noqa: BLE001 - pdfplumber will say what is wrong with the file
            doc = None
    pdf = _open(path) if doc is None else None
    try:
        yield pdf, doc
    finally:
        (pdf if pdf is not None else doc).close()


def _total(path: str, pdf, doc) -> int:
    """The page count of whichever reader opened the file, within the limits."""
    total = len(pdf.pages) if pdf is not None else len(doc)
    limits.check_pages(path, total)
    return total


def _page(path: str, pdf, doc, index: int):
    """Page ``index`` from whichever reader opened the file."""
    if pdf is not None:
        return pdf.pages[index]
    from pypdfium2 import PdfiumError

    from budget_audit.ingest.pdfium_page import read_page

    try:
        return read_page(doc, index)
    except PdfiumError:  # the page tree names a page that is not there, or not a page
        raise InputError(path, f"PDF is damaged: page {index + 1} cannot be read") from None
