"""The table of contents (目录): the tables a document promises to contain."""

from __future__ import annotations

import re
from collections.abc import Sequence

from budget_audit.model import Line, TocEntry
from budget_audit.parse.catalogue import Catalogue
from budget_audit.parse.normalize import compact
from budget_audit.parse.titles import looks_like_title, marker_parts, match_kind, toc_entry_text

_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _entry_and_note(text: str, catalogue: Catalogue) -> tuple[str, str | None]:
    """An entry's title, and what its row says beside it (是否空表 | 理由: "是 不涉及").

    A register of tables prints "表11 | 名称 | 是 | 不涉及": the number, the title, then
    whether the table is empty and why; a plain 目录 prints the title and a page number.
    """
    cells = [c.strip() for c in text.split("\t")]
    marker = catalogue.number_marker.match(cells[0])
    if len(cells) > 1 and marker and not marker_parts(marker)[1]:
        cells = cells[1:]
    note = " ".join(c for c in cells[1:] if c and _CJK.search(c)) or None
    return toc_entry_text(cells[0]), note


def find_toc(lines: Sequence[Line], catalogue: Catalogue) -> tuple[list[TocEntry], int]:
    """Entries of the 目录 and the index of the first line after it (0 if none).

    The 目录 ends where the body starts, i.e. where its first entry is printed again.
    """
    start = next((i for i, ln in enumerate(lines[:200]) if compact(ln.text) == "目录"), None)
    if start is None:
        return [], 0
    entries: list[TocEntry] = []
    first_key = None
    seen: set[str] = set()
    part = None
    for i in range(start + 1, len(lines)):
        text = lines[i].text
        if not text:
            continue
        entry, note = _entry_and_note(text, catalogue)
        key = compact(entry)
        heading = _PART.match(key)
        if first_key is None:
            first_key = key
            part = heading.group(0) if heading else None
        elif key in seen or (part and heading and heading.group(0) == part):
            return entries, i  # the body starts: its first heading is printed again
        seen.add(key)
        kind = match_kind(entry, catalogue) if looks_like_title(entry) else None
        entries.append(TocEntry(title=entry, line=lines[i].number, alias=kind.alias if kind else None, note=note))
        if len(entries) > 80:
            break
    return [], start + 1  # never found the body again: not a real 目录


def find_register(lines: Sequence[Line], catalogue: Catalogue) -> list[TocEntry]:
    """A register of tables (报表目录) printed apart from the 目录: "表11 | 名称 | 是否空表 | 理由".

    Its rows promise tables like the 目录 does, and say beside each whether it is empty and why.
    """
    start = next((i for i, ln in enumerate(lines) if compact(ln.text) in catalogue["registers"]), None)
    if start is None:
        return []
    entries = []
    for ln in lines[start + 1 : start + 60]:
        if not ln.text:
            continue
        cells = [c.strip() for c in ln.text.split("\t")]
        marker = catalogue.number_marker.match(cells[0])
        if "\t" not in ln.text or not marker:
            if entries:
                break
            continue
        title, note = _entry_and_note(ln.text, catalogue)
        kind = match_kind(title, catalogue) if looks_like_title(title) else None
        entries.append(TocEntry(title=title, line=ln.number, alias=kind.alias if kind else None, note=note))
    return entries
