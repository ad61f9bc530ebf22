"""lines_to_blocks: cut the document into raw table blocks (title, unit, note, tab rows).

A block starts at a title (with or without a printed number), collects the tab-separated
rows that follow, absorbs page continuations (a repeated 编制部门 line or header), and
ends at the first line of prose or the next title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from budget_audit.model import Line, TableKind
from budget_audit.parse.catalogue import Catalogue
from budget_audit.parse.titles import looks_like_title, marker_parts, match_kind, title_key

_UNIT = re.compile(r"^[(（]?(?:金额)?单位\s*[:：]\s*(万元|元|千元|亿元)\s*[)）]?$")
_NOTE = re.compile(r"^[(（]?\s*(?:备注|注|说明)\s*[:：]|^[(（]表\s*\d+\s*中")
_TITLE_THEN_ISSUER = re.compile(r"^(.{4,40}?表)\s*((?:编制)?(?:部门|单位)(?:名称)?\s*[:：].*)$")
_UNIT_IN_TEXT = re.compile(r"单位\s*[:：]\s*(万元|元|千元|亿元)")
_STARTS_WITH_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.]|[(（][一二三四五六七八九十\d]+[)）])")


@dataclass
class RawBlock:
    title: str
    line: int
    number: str | None
    kind: TableKind | None
    rows: list[tuple[Line, list[str]]] = field(default_factory=list)
    unit: str | None = None
    issuer: str | None = None
    notes: list[tuple[int, str]] = field(default_factory=list)
    continuations: list[int] = field(default_factory=list)
    end_line: int = 0


def _is_title(text: str) -> bool:
    return looks_like_title(text) and not _STARTS_WITH_ENUM.match(text)


def _lone_title(text: str, catalogue: Catalogue) -> str | None:
    """The title, when a tab row has one filled cell that reads as a table title."""
    cells = [c.strip() for c in text.split("\t") if c.strip()]
    if len(cells) != 1:
        return None
    cell = cells[0]
    marker = catalogue.number_marker.match(cell)
    if marker and (not marker_parts(marker)[1] or looks_like_title(marker_parts(marker)[1])):
        return cell
    return cell if _is_title(cell) else None


def lines_to_blocks(lines: Sequence[Line], catalogue: Catalogue, start: int = 0) -> Iterator[RawBlock]:
    """The table blocks from line index ``start`` on, one at a time: a block's rows split into
    cells take several times their text, so a caller reading each into a table as it comes
    never holds more than one (and a page continuation's block is merged before it is yielded)."""
    return merge_continuations(_blocks(lines, catalogue, start), catalogue)


def _blocks(lines: Sequence[Line], catalogue: Catalogue, start: int) -> Iterator[RawBlock]:
    current: RawBlock | None = None
    pending_number: str | None = None
    closed: list[RawBlock] = []  # the block just closed, to yield before the line goes on

    def close() -> None:
        nonlocal current
        if current is not None:
            closed.append(current)
        current = None

    for line in lines[start:]:
        if closed:
            yield closed.pop()
        text = line.text
        if not text:
            continue
        has_tab = "\t" in text
        joined = _TITLE_THEN_ISSUER.match(text.split("\t")[0])
        if joined and looks_like_title(joined.group(1).strip()):
            # "收支预算总表部门：X 单位：万元" printed on one line: the title, then the issuer
            title, rest = joined.group(1).strip(), joined.group(2)
            close()
            current = RawBlock(title, line.number, pending_number, match_kind(title, catalogue))
            pending_number = None
            unit = _UNIT_IN_TEXT.search(text)
            current.unit = unit.group(1) if unit else None
            issuer = catalogue.issuer.match(re.split(r"\s{2,}|\t|(?=单位[:：])", rest)[0].strip())
            current.issuer = issuer.group(1).strip() if issuer else None
            continue
        if has_tab:
            lone = _lone_title(text, catalogue)
            if lone:
                text, has_tab = lone, False  # a title printed inside the table's frame
        marker = None if has_tab else catalogue.number_marker.match(text)
        if marker:
            number, rest = marker_parts(marker)
            if (
                not rest and current is not None and current.kind is not None and not current.rows
                and current.number is None and line.number - current.line <= 2
            ):
                current.number = number  # "收入支出决算总表" then "公开01表": the number printed under the title
                continue
            if not rest or looks_like_title(rest):
                close()
                pending_number = number
                if rest:
                    current = RawBlock(rest, line.number, number, match_kind(rest, catalogue))
                    pending_number = None
                continue
        if not has_tab and (_is_title(text) or (pending_number and current is None and len(text) <= 60 and not _NOTE.match(text))):
            close()
            current = RawBlock(text, line.number, pending_number, match_kind(text, catalogue))
            pending_number = None
            continue
        if current is None:
            continue
        current.end_line = line.number
        issuer = None if _UNIT.match(text.split("\t")[0]) else catalogue.issuer.match(text.split("\t")[0])
        if issuer:
            if current.rows:
                current.continuations.append(line.number)
            current.issuer = current.issuer or issuer.group(1).strip() or None
            if has_tab:
                # "单位名称：X | | 单位：万元" or "部门名称：X | | 本年收入 | …": keep header cells, not the unit
                rest = text.split("\t")[1:]
                for cell in rest:
                    unit = _UNIT.match(cell)
                    if unit:
                        current.unit = unit.group(1)
                rest = ["" if _UNIT.match(c) else c for c in rest]
                if any(rest):
                    current.rows.append((line, [""] + rest))
            continue
        filled = [c.strip() for c in text.split("\t") if c.strip()]
        unit = _UNIT.match(filled[0]) if len(filled) == 1 else None  # "金额单位：万元" alone, in any cell
        if unit:
            current.unit = unit.group(1)
            continue
        if not has_tab and _NOTE.match(text):
            current.notes.append((line.number, text))
            continue
        if has_tab:
            current.rows.append((line, text.split("\t")))
            continue
        if not current.rows and len(text) <= 12:
            continue  # the tail of a wrapped 编制部门 line, before the header
        if catalogue.empty_note.search(text) and len(text) <= 200:
            current.notes.append((line.number, text))  # "… 为空表。" printed under the table
        close()
    close()
    yield from closed


def merge_continuations(blocks: Iterable[RawBlock], catalogue: Catalogue) -> Iterator[RawBlock]:
    """A table whose title (and number) is printed again on the next page goes on there.

    Templates that repeat the whole heading on every page would otherwise yield two tables
    of one kind, the second never read by the rules. Kinds printed once per project
    (``repeats`` in the catalogue, such as 项目绩效目标表) start anew at each title.
    """
    prev: RawBlock | None = None
    for block in blocks:
        if (
            prev is not None
            and prev.rows
            and block.number == prev.number
            and title_key(block.title, catalogue) == title_key(prev.title, catalogue)
            and not (block.kind and block.kind.repeats)
        ):
            prev.continuations.append(block.line)
            prev.rows.extend(block.rows)
            prev.notes.extend(block.notes)
            prev.end_line = max(prev.end_line, block.end_line)
            prev.unit = prev.unit or block.unit
            continue
        if prev is not None:
            yield prev
        prev = block
    if prev is not None:
        yield prev
