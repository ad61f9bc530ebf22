"""Normalisation that keeps provenance: each raw line becomes one ``Line``, same number.

What is removed is debris of the PDF-to-text conversion, never content: markdown and
HTML markup, full-width forms, thousands separators, characters spaced out one by one,
and watermark lines repeated across the document.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from functools import lru_cache

from budget_audit.ingest.text import PAGE_NUMBER
from budget_audit.model import Lines

_HTML_TAG = re.compile(r"</?(?:b|p|strong|em|i|u|span|br|div|font)\b[^>]*>", re.I)
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*")
_MD_LIST = re.compile(r"^\s*[-*+]\s+(?=\S)")
_MD_RULE = re.compile(r"^[\s|:-]*-{3,}[\s|:-]*$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’《》"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")
_SPACED_NUMBER = re.compile(r"^[\d.,\s]+$")
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACE_IN_FIGURE = re.compile(r"(?<=[\d.,]) +(?=[\d.,])")
_LEADING_ENUM = re.compile(r"^\s*\d{1,2}[.、．] ")
_SPACES = re.compile(r" {2,}")
_NOT_IN_KEY = re.compile(r"[\s“”\"‘’'「」『』]")

# Full-width forms that carry meaning for numbers and names. The CJK comma (，) and
# enumeration comma (、) stay: they separate clauses and list items, not digits.
_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９．％＋－（）：；＜＞＝"}
_FULLWIDTH.update({ord(c): ord(c) - 0xFEE0 for c in map(chr, range(0xFF21, 0xFF3B))})
_FULLWIDTH.update({ord(c): ord(c) - 0xFEE0 for c in map(chr, range(0xFF41, 0xFF5B))})
_FULLWIDTH[0x3000] = ord(" ")
_FULLWIDTH[0xA0] = ord(" ")


@lru_cache(maxsize=1 << 16)
def normalize_cell(text: str) -> str:
    """Normalise one table cell or one prose line (no tabs inside)."""
    text = text.translate(_FULLWIDTH)
    if " " in text and _HAS_CJK.search(text):
        # prose: "支出1 234.56万 元" — a space never splits a figure (but "1. 2023年" numbers a line)
        enum = _LEADING_ENUM.match(text)
        head, rest = (text[: enum.end()], text[enum.end() :]) if enum else ("", text)
        text = head + _SPACE_IN_FIGURE.sub("", rest)
    if "," in text:
        text = _THOUSANDS.sub("", text)
    if " " not in text:
        return text
    text = _SPACE_NEAR_CJK.sub("", text).strip()
    if " " in text and _SPACED_NUMBER.match(text):
        text = text.replace(" ", "")  # a figure broken by spaces: "40.0 0"
    return _SPACES.sub(" ", text)


def strip_markup(raw: str) -> str:
    text = _HTML_TAG.sub("", raw) if "<" in raw else raw
    if "*" in text or "_" in text:
        text = text.replace("**", "").replace("__", "")
    head = text[:8]
    if "#" in head:
        text = _MD_HEADING.sub("", text)
    if "-" in head or "*" in head or "+" in head:
        text = _MD_LIST.sub("", text)
        if _MD_RULE.match(text):
            return ""
    return text


def normalize_line(raw: str) -> str:
    cells = strip_markup(raw).rstrip("\n").split("\t")
    if len(cells) == 1:
        return normalize_cell(cells[0])
    return "\t".join(normalize_cell(c) for c in cells)


def find_watermarks(texts: list[str]) -> set[str]:
    """Short lines repeated across the document that also appear twice in a row.

    Headers such as 单位：万元 repeat too, but never back to back; a watermark stamped
    on every page shows up in runs once the page text is flattened.
    """
    short = [t for t in texts if t and "\t" not in t and len(t) <= 20 and not re.search(r"\d", t)]
    counts = Counter(short)
    candidates = {t for t, n in counts.items() if n >= 3}
    marks: set[str] = set()
    previous = ""
    for t in texts:
        if not t:
            continue
        if t == previous and t in candidates:
            marks.add(t)
        previous = t
    return marks


_DIGITS = re.compile(r"\d+")
_TITLE_LIKE = re.compile(r"表\s*(?:[(（][^)）]*[)）])?$|^(?:预算|决算|公开|附)?表\s*#")  # a table title repeated on each page stays


def running_heads(texts: list[str], pages: list[tuple[int, int]]) -> list[int]:
    """Indexes of running heads and feet: the same first (or last) line on most pages.

    A disclosure's PDF often prints the department and "部门预算公开" at the top of every
    page, or a footer with the page number; read as lines they would end up inside the
    table that spans the break. Page numbers aside (digits are compared as one), a line
    that opens or closes at least half the pages, on three or more pages, is not content.
    """
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, ((page, _), text) in enumerate(zip(pages, texts, strict=True)):
        if text:
            first.setdefault(page, i)
            last[page] = i
    if len(first) < 3:
        return []
    out: list[int] = []
    for ends in (first, last):
        keys = Counter(_DIGITS.sub("#", texts[i]) for i in ends.values())
        for key, n in keys.items():
            if n >= 3 and n * 2 >= len(ends) and not _TITLE_LIKE.search(key.replace("\t", "")):
                out.extend(i for i in ends.values() if _DIGITS.sub("#", texts[i]) == key)
    return out


def is_watermark(text: str, marks: set[str]) -> bool:
    if text in marks:
        return True
    # a watermark cut short at the page edge: "仅供内部审" for "仅供内部审核"
    return len(text) >= 4 and any(m.startswith(text) for m in marks)


def normalize_lines(
    raw_lines: list[str], pages: list[tuple[int, int]] | None = None, sources: list[str | None] | None = None
) -> Lines:
    """A line per raw line, numbered from 1; watermark lines become blank.

    ``pages`` gives (page, line within page) of each line when it came from a PDF.
    """
    texts = [normalize_line(r) for r in raw_lines]
    if pages:
        for i in running_heads(texts, pages):
            texts[i] = ""
    marks = find_watermarks(texts)
    raws = [raw.rstrip("\n") for raw in raw_lines]
    for i, (raw, text) in enumerate(zip(raws, texts, strict=True)):
        if (marks and is_watermark(text, marks)) or is_page_number(text):
            texts[i] = ""
        elif text == raw:
            texts[i] = raw  # one string, not two equal copies, for a line normalising left unchanged
    return Lines(
        texts, raws, [p for p, _ in pages] if pages else None, [n for _, n in pages] if pages else None,
        list(sources) if sources else None,
    )


def shared(text: str | None) -> str | None:
    """One string for a text printed many times — a subject's code in several tables, a project's
    name on each of its rows, a claim's unit — not a copy each (``sys.intern``: freed when unused)."""
    return None if text is None else sys.intern(text)


def compact(text: str) -> str:
    """Key for comparing names: no whitespace, no quotes, half-width brackets."""
    if len(text) > _CACHED_LEN:  # a whole passage: compared once, and kept by a cache it would stay in memory
        text = normalize_cell.__wrapped__(text)
        # a piece at a time: the characters dropped are dropped one by one, so pieces join exactly
        return "".join(_NOT_IN_KEY.sub("", text[i : i + _PIECE]) for i in range(0, len(text), _PIECE))
    return _compact(text)


_CACHED_LEN = 200  # names and headings are shorter; only they are asked for again and again
_PIECE = 1 << 16


@lru_cache(maxsize=1 << 16)
def _compact(text: str) -> str:
    return _NOT_IN_KEY.sub("", normalize_cell(text))


def is_page_number(text: str) -> bool:
    """A page number line ("— 3 —", "第 3 页", "3/20") left in by the extraction; a bare
    "3" is not taken for one in text, where it may be a cell (the PDF loader knows better)."""
    return bool(PAGE_NUMBER.match(text)) and any(ch in text for ch in "-—－页/ ")
