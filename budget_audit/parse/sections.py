"""The parts of a disclosure in reading order: 封面, 目录, 第X部分, 一、… headings and the tables.

Reports that follow the auditors' 检查表 need one row per part of the document, so the
headings a reader navigates by are kept with their line ranges. Only headings outside
tables count (a table's own "一、本年收入" row is not a heading), and a numbered heading
must be short, carry no figures and number upwards within its part, so a numbered list of
definitions ("一、财政拨款：指由…") is not taken for one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budget_audit.model import Line, Section, Table, table_line_mask

_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_HEADING = re.compile(r"^([一二三四五六七八九十]+)、")
_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def chinese_number(text: str) -> int:
    """一 … 九十九 as an int (0 if not a numeral)."""
    if not text or any(c not in _NUMERALS and c != "十" for c in text):
        return 0
    if "十" not in text:
        return _NUMERALS.get(text, 0) if len(text) == 1 else 0
    tens, _, units = text.partition("十")
    return (_NUMERALS.get(tens, 0) if tens else 1) * 10 + (_NUMERALS.get(units, 0) if units else 0)


def _title(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\t", " ")).strip()


def _is_heading(text: str) -> bool:
    if "\t" in text or len(text) > 70 or re.search(r"万元|%|％|[。:：]$", text):
        return False
    colon = re.search(r"[:：]", text)
    return not (colon and len(text) - colon.end() > 4)


def _toc_end(lines: Sequence[Line], toc_start: int | None, body_start: int) -> int:
    """Where the body starts: at the second printing of the 目录's first 第X部分, when find_toc stopped early."""
    if toc_start is None:
        return body_start
    first = None
    for i in range(toc_start + 1, min(len(lines), toc_start + 400)):
        m = _PART.match(lines[i].text.strip())
        if not m:
            continue
        if first is None:
            first = m.group(0)
        elif m.group(0) == first:
            return max(i, body_start)
    return body_start


def find_sections(lines: Sequence[Line], toc_start: int | None, body_start: int, tables: list[Table]) -> list[Section]:
    """Sections in document order; ``toc_start``/``body_start`` are indexes into ``lines`` (find_toc's)."""
    if not lines:
        return []
    inside = table_line_mask(tables, lines[-1].number)
    starts: list[tuple[int, str, str]] = [(t.line, _title(t.title), "table") for t in tables]
    last = 0
    body_start = _toc_end(lines, toc_start, body_start)
    for ln in lines[body_start:]:
        text = ln.text.strip()
        if _PART.match(text) and len(text) <= 70:
            starts.append((ln.number, _title(text), "part"))
            last = 0
            continue
        if not text or inside[ln.number]:
            continue
        m = _HEADING.match(text)
        if m and _is_heading(text):
            n = chinese_number(m.group(1))
            if last < n <= last + 3:  # numbering goes up; a skipped number or two happens
                starts.append((ln.number, _title(text), "heading"))
                last = n
    starts.sort()
    first_body = lines[body_start].number if body_start < len(lines) else lines[-1].number + 1
    out: list[Section] = []
    cover_end = (lines[toc_start].number - 1) if toc_start is not None else (starts[0][0] - 1 if starts else 0)
    if cover_end >= 1:
        out.append(Section("封面", 1, cover_end, "cover"))
    if toc_start is not None and body_start > toc_start:
        out.append(Section("目录", lines[toc_start].number, first_body - 1, "toc"))
    end_of_doc = lines[-1].number
    tables_by_line = {t.line: t for t in tables}
    next_part = end_of_doc + 1  # a part runs to the next part; anything else to the next start
    part_ends = [0] * len(starts)
    for i in range(len(starts) - 1, -1, -1):
        part_ends[i] = next_part
        if starts[i][2] == "part":
            next_part = starts[i][0]
    for i, (line, title, kind) in enumerate(starts):
        nxt = part_ends[i] if kind == "part" else (starts[i + 1][0] if i + 1 < len(starts) else end_of_doc + 1)
        end = nxt - 1
        if kind == "table":
            end = min(end, max(line, tables_by_line[line].end_line))
        out.append(Section(title, line, max(line, min(end, end_of_doc)), kind))
    return out
