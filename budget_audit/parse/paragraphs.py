"""Paragraphs: the narrative's prose lines rebuilt into paragraphs, read once for every reader of prose.

A sentence broken over lines is joined; headings, list entries and "标签：" fields start
anew; every character keeps its line (a CharLines map), so what a reader finds in a
paragraph is placed on the line it was printed on. The claims, the 决算 statements and the
unit counts are all read from these paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from budget_audit.charlines import CharLines
from budget_audit.model import Line, Table, table_line_mask
from budget_audit.vocabulary import AMOUNT, HEADING, ITEM

FIELD = re.compile(r"^[\u4e00-\u9fff()（）“”\"]{2,12}[:：]")  # a "标签：" field line


@dataclass(slots=True)
class Paragraph:
    """Lines of prose joined into one text, with the line of each character."""

    text: str
    lines: CharLines[int]  # the line of each character
    heading: bool
    section: str
    topic: str = ""  # the innermost heading above it


def narrative_lines(lines: Sequence[Line], tables: list[Table], start: int) -> list[Line]:
    """Prose lines: after the 目录, outside every table, no tab-separated cells."""
    inside = table_line_mask(tables, lines[-1].number if lines else 0)
    return [ln for ln in lines[start:] if ln.text and "\t" not in ln.text and not inside[ln.number]]


def lines_to_paragraphs(lines: Sequence[Line]) -> list[Paragraph]:
    """Join lines broken mid-sentence; headings, list items and "标签：" fields start anew."""
    paras: list[Paragraph] = []
    major = minor = section = ""
    heads = ("", "")
    for ln in lines:
        text = ln.text.strip()
        heading = bool(HEADING.match(text)) and len(text) <= 80
        if heading:
            if re.match(r"^[(（]", text):
                minor = text
            else:
                major, minor = text, ""
        starts_new = heading or ITEM.match(text) or FIELD.match(text) or not paras
        prev = paras[-1] if paras else None
        if not starts_new and prev and not prev.heading and not re.search(r"[。；;！？!?:：]$", prev.text):
            prev.text += text
            prev.lines.append(ln.number, len(text))
            continue
        broken_heading = len(text) <= 20 and not AMOUNT.search(text) and not re.search(r"[，,。]", text)
        if prev and prev.heading and broken_heading and not re.search(r"[。；;:：]$", prev.text) and not starts_new:
            prev.text += text  # a heading broken over two lines
            prev.lines.append(ln.number, len(text))
            major = prev.text if not re.match(r"^[(（]", prev.text) else major
            continue
        if (major, minor) != heads:  # one string for the paragraphs under the same headings, not one each
            heads, section = (major, minor), f"{major} {minor}".strip()
        paras.append(Paragraph(text, _chars_of(ln.number, text), heading, section, minor or major))
    return paras


def _chars_of(line: int, text: str) -> CharLines[int]:
    chars: CharLines[int] = CharLines()
    chars.append(line, len(text))
    return chars
