"""The auditors' 检查表 as .xlsx: one row per part of the disclosure, problems in numbered sentences.

District finance bureaus record their checks in this sheet by hand; the columns are
theirs (检查内容 / 符合要求 / 问题说明 / 问题截图 / 规则). Text from the document is
untrusted: a cell beginning with = + - @ is written as a string, never a formula.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.drawing.image import Image as XlImage
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image

from budget_audit import __version__
from budget_audit.audit import DocumentReport
from budget_audit.findings import ERROR
from budget_audit.report.page_images import PdfPages, finding_images
from budget_audit.report.parts import NO, UNCHECKED, YES, Located, Locator, Part, document_parts
from budget_audit.rules.ruleset import RuleSet

HEADERS = ("序号", "检查内容", "符合要求", "问题说明", "问题截图", "规则")
WIDTHS = (6, 34, 10, 64, 74, 24)  # characters
SHOT_WIDTH = 520  # px: the 问题截图 column holds images this wide
SHOT_HEIGHT = 540  # px: about Excel's tallest row (409 pt)
FORMULA_START = ("=", "+", "-", "@")
CELL_CHARS = 32_767  # Excel's most characters in a cell; a longer one makes it "repair" the file
_QUOTE = re.compile(r"「([^」]*)」")
_NUMBER = re.compile(r"-?[\d,]+(?:\.\d+)?%?")
FILLS = {
    YES: PatternFill("solid", fgColor="E6F4EA"),
    NO: PatternFill("solid", fgColor="FDECEA"),
    UNCHECKED: PatternFill("solid", fgColor="EEF0F3"),
}
HEAD_FILL = PatternFill("solid", fgColor="0B4F8A")
THIN = Side(style="thin", color="C9D1D9")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "等线"


def put(ws: Worksheet, row: int, column: int, value: object):
    """Write a cell; text that a spreadsheet would take for a formula stays text, and characters
    XML cannot hold (openpyxl would refuse them) become U+FFFD."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        value = value if len(value) <= CELL_CHARS else value[: CELL_CHARS - 1] + "…"
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = TYPE_STRING  # openpyxl took it for a formula; it is document text
    return cell


def problem_sentence(item: Located, titles: dict[str, str]) -> str:
    """One finding as the 检查表 says it: where, which requirement, what is printed and what it should be."""
    f = item.finding
    where = []
    if f.table:
        where.append(f"《{f.table}》")
    where.extend(x for x in (f.row, f.column) if x)
    place = " ".join(where)
    at = f"第{f.page}页第{f.line}行" if f.page else (f"第{f.line}行" if f.line else "")
    lead = f"{place}（{at}）" if place and at else place or at
    title = titles.get(f.rule, f.rule)
    severity = "" if f.severity == ERROR else "（警告，提请核实）"
    quote = _QUOTE.search(f.message)
    if quote and not f.table:  # a sentence of the narrative: quote it, as auditors do
        lead = f"{lead}「{quote.group(1)}」"
    if f.expected is not None and f.actual is not None and f.difference is not None:
        detail = f"应为{f.expected}，实为{f.actual}，相差{f.difference}"
    elif f.expected is None and f.actual and not _NUMBER.fullmatch(f.actual):
        shown = lead if quote and not f.table else f"{lead}「{f.actual}」"
        return f"{shown}不符合「{title}」。"  # the quoted text is the problem: template text left in
    else:
        message = f.message_zh or f.message  # the 检查表 is written in Chinese
        quote_zh = _QUOTE.search(message)
        detail = message.replace(quote_zh.group(0), "").strip() if quote_zh and not f.table else message
    return f"{lead}不符合「{title}」{severity}：{detail}。"


def _numbered(sentences: list[str]) -> str:
    return "；\n".join(f"{i}.{s.rstrip('。；;')}" for i, s in enumerate(sentences, start=1)) + ("。" if sentences else "")


def _scaled(image: Image.Image, width: int = SHOT_WIDTH) -> Image.Image:
    if image.width <= width:
        return image
    return image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)


def _stack(images: list[Image.Image]) -> Image.Image | None:
    """A part's page regions as one picture (one image per row), repeats dropped, as tall as a row can be."""
    unique: dict[bytes, Image.Image] = {}
    for im in images:
        unique.setdefault(im.tobytes(), _scaled(im))
    gap, kept, height = 8, [], 0
    for im in unique.values():
        if kept and height + gap + im.height > SHOT_HEIGHT:
            break
        kept.append(im)
        height += (gap if len(kept) > 1 else 0) + im.height
    if not kept:
        return None
    canvas = Image.new("RGB", (max(im.width for im in kept), height), "white")
    y = 0
    for im in kept:
        canvas.paste(im, (0, y))
        y += im.height + gap
    if canvas.height > SHOT_HEIGHT:
        canvas = canvas.crop((0, 0, canvas.width, SHOT_HEIGHT))
    return canvas


def _sheet_title(name: str, used: set[str]) -> str:
    base = "".join(c for c in name if c not in "[]:*?/\\")[:28].strip("'") or "文件"  # Excel: no quote at either end
    title, n = base, 1
    while title in used:
        n += 1
        title = f"{base[:25]}({n})"
    used.add(title)
    return title


def _header(ws: Worksheet, row: int) -> None:
    for col, text in enumerate(HEADERS, start=1):
        cell = put(ws, row, col, text)
        cell.font = Font(name=FONT, bold=True, color="FFFFFF", size=11)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = BORDER
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[row].height = 24
    ws.page_setup.orientation = "landscape"  # printed as auditors file it: all columns on one page width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{row}:{row}"


def _document_sheet(ws: Worksheet, rep: DocumentReport, ruleset: RuleSet, titles: dict[str, str]) -> list[Part]:
    doc = rep.document
    meta = doc.metadata if doc else None
    name = " ".join(x for x in ((meta.department, f"{meta.year}年{meta.kind or ''}") if meta else ()) if x)
    put(ws, 1, 1, f"{name or rep.path} 预算公开检查表").font = Font(name=FONT, bold=True, size=15)
    put(ws, 2, 1, f"文件：{rep.path}　生成：budget-audit {__version__}，"
                  f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC").font = Font(name=FONT, size=9, color="656D76")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    ws.row_dimensions[1].height = 26
    _header(ws, 3)
    ws.freeze_panes = "A4"
    if doc is None:
        put(ws, 4, 2, "无法读取")
        put(ws, 4, 4, rep.error or "")
        return []
    locator = Locator(doc)
    parts = document_parts(rep, ruleset, locator)
    pages = PdfPages(doc.path) if locator.pdf else None
    try:
        for i, part in enumerate(parts, start=1):
            _part_row(ws, 3 + i, i, part, doc, pages, titles)
    finally:
        if pages is not None:
            pages.close()
    return parts


def _part_row(ws: Worksheet, row: int, number: int, part: Part, doc, pages: PdfPages | None,
              titles: dict[str, str]) -> None:
    if part.findings:
        explanation = _numbered([problem_sentence(item, titles) for item in part.findings])
    elif part.status == UNCHECKED:
        explanation = f"未检查：{part.reason}。" if part.reason else "未检查。"
    else:
        explanation = ""
    rules = "\n".join(dict.fromkeys(item.finding.rule for item in part.findings))
    values = (number, part.title, part.status, explanation, None, rules)
    for col, value in enumerate(values, start=1):
        cell = put(ws, row, col, value)
        cell.font = Font(name=FONT, size=10.5, bold=col == 3,
                         color={NO: "C62828", YES: "1A7F37"}.get(part.status, "57606A") if col == 3 else "1F2328")
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center" if col in (1, 3) else "left")
        cell.border = BORDER
    ws.cell(row=row, column=3).fill = FILLS[part.status]
    lines = explanation.count("\n") + sum(len(x) // 34 for x in explanation.split("\n")) + 1
    height = max(20.0, 15.0 * lines)
    images = [im for item in part.findings for im in finding_images(doc, item, pages)]
    picture = _stack(images)
    if picture is not None:
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        buffer.seek(0)
        image = XlImage(buffer)
        image.anchor = f"{get_column_letter(5)}{row}"
        ws.add_image(image)
        height = max(height, picture.height * 0.75 + 6)  # px → points
    ws.row_dimensions[row].height = min(409.0, height)  # Excel's row height limit


def _overview(ws: Worksheet, reports: list[DocumentReport], parts: list[list[Part]], sheets: list[str]) -> None:
    put(ws, 1, 1, "预算公开检查表 · 总览").font = Font(name=FONT, bold=True, size=15)
    heads = ("文件", "部门", "年度", "错误", "警告", "否", "未检查", "工作表")
    for col, text in enumerate(heads, start=1):
        cell = put(ws, 3, col, text)
        cell.font = Font(name=FONT, bold=True, color="FFFFFF")
        cell.fill = HEAD_FILL
        cell.border = BORDER
    for col, width in enumerate((48, 30, 8, 8, 8, 8, 8, 30), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for i, (rep, doc_parts, sheet) in enumerate(zip(reports, parts, sheets, strict=True), start=4):
        meta = rep.document.metadata if rep.document else None
        errors = sum(1 for f in rep.findings if f.severity == ERROR)
        row = (rep.path, meta.department if meta else rep.error, meta.year if meta else None, errors,
               len(rep.findings) - errors, sum(1 for p in doc_parts if p.status == NO),
               sum(1 for p in doc_parts if p.status == UNCHECKED), sheet)
        for col, value in enumerate(row, start=1):
            cell = put(ws, i, col, value)
            cell.font = Font(name=FONT)
            cell.border = BORDER
        link = ws.cell(row=i, column=len(row))
        link.hyperlink = "#'{}'!A1".format(sheet.replace("'", "''"))  # a quote in a sheet name is doubled
        link.font = Font(name=FONT, color="0B4F8A", underline="single")
    ws.freeze_panes = "A4"


def check_xlsx(reports: list[DocumentReport], ruleset: RuleSet) -> bytes:
    """The workbook as bytes: an overview sheet when there are several documents, then one sheet each."""
    titles = {r.id: r.title for r in ruleset.rules}
    book = Workbook()
    first = book.active
    used: set[str] = set()
    if len(reports) > 1:
        first.title = _sheet_title("总览", used)
        overview = first
    else:
        overview = None
    sheets, all_parts = [], []
    for i, rep in enumerate(reports):
        meta = rep.document.metadata if rep.document else None
        name = (meta.department if meta and meta.department else None) or rep.path.rsplit("/", 1)[-1]
        ws = first if overview is None and i == 0 else book.create_sheet()
        ws.title = _sheet_title(name, used)
        sheets.append(ws.title)
        all_parts.append(_document_sheet(ws, rep, ruleset, titles))
    if overview is not None:
        _overview(overview, reports, all_parts, sheets)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
