"""Prose runs: the document's stretches of consecutive lines outside its tables, each joined
into one text with the line of every character.

Where paragraphs (parse/paragraphs.py) are the narrative after the 目录, read for its claims,
runs are every stretch of prose — cover and 目录 too — for what is looked for in the text
itself: a slip of writing (hygiene, wording) or a fact stated twice (counts). They are joined
across a page break and across a blank line when the sentence runs on.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field

from budget_audit.charlines import CharLines
from budget_audit.model import Document, Line, Table, table_line_mask
from budget_audit.vocabulary import HEADING, ITEM

PROSE_LINE = 20  # characters: a line this long is a line of running text, not a narrow cell
_CLAUSE_END = re.compile(r"[。！？；;：:!?]")


@dataclass
class Run:
    """Consecutive lines of prose joined into one text; ``lines[i]`` is the line of character i."""

    near_table: set[int] = field(default_factory=set)  # lines next to a table row: its wrapped cells
    lines: CharLines[Line] = field(default_factory=CharLines)
    _pieces: list[str] = field(default_factory=list)
    _text: str | None = None

    def add(self, line: Line) -> None:
        text = line.text.strip()
        self._pieces.append(text)
        self.lines.append(line, len(text))
        self._text = None

    @property
    def text(self) -> str:
        """The lines' text joined (once: adding to a string line by line would copy it each time)."""
        if self._text is None:
            self._text = "".join(self._pieces)
        return self._text

    @property
    def last_character(self) -> str:
        return self._pieces[-1][-1] if self._pieces else ""

    def running(self, start: int, end: int) -> bool:
        """Whether characters start..end lie in running text: full lines (a narrow table cell read
        as prose gives short lines), none next to a table row. The run's last line may be short."""
        last = self.lines[-1].number
        for line in self.lines[start:end]:
            if line.number in self.near_table or (line.number != last and len(line.text.strip()) < PROSE_LINE):
                return False
        return True


def lines_to_runs(lines: list[Line], tables: list[Table]) -> list[Run]:
    """Every stretch of consecutive lines outside the tables (cover and 目录 too: a slip is a
    slip wherever it is). A table row or a table ends a stretch; so does a blank line, unless
    the text runs on across it: the blank lines of a page break, or a sentence left open
    (no closing mark) and continued by a line that starts nothing new (a heading, a list item)."""
    inside = table_line_mask(tables, lines[-1].number if lines else 0)
    prose = [not inside[ln.number] and "\t" not in ln.text for ln in lines]
    near = {ln.number + d for ln, ok in zip(lines, prose, strict=True) if not ok and "\t" in ln.text for d in (-1, 1)}
    runs: list[Run] = []
    current = Run(near_table=near)
    for at, line in enumerate(lines):
        if prose[at] and line.text.strip():
            current.add(line)
            continue
        if prose[at] and current.lines and _runs_on(lines, at, current):
            continue
        if current.lines:
            runs.append(current)
        current = Run(near_table=near)
    if current.lines:
        runs.append(current)
    return runs


def _runs_on(lines: list[Line], at: int, current: Run) -> bool:
    """Whether the text before the blank line ``at`` goes on after it."""
    following = next((lines[i] for i in range(at + 1, len(lines)) if lines[i].text.strip()), None)
    if following is None or "\t" in following.text:
        return False
    if following.page is not None and following.page != current.lines[-1].page:
        return True  # the foot or head of a page (its number, a header)
    text = following.text.strip()
    return not _CLAUSE_END.match(current.last_character) and not HEADING.match(text) and not ITEM.match(text)


def excerpt(text: str, at: int, width: int = 20) -> str:
    start = max(0, at - width)
    return ("…" if start else "") + text[start : at + width] + ("…" if at + width < len(text) else "")


_last: tuple[weakref.ref, list[Run]] | None = None  # the runs of the document read last


def prose_runs(doc: Document) -> list[Run]:
    """The document's stretches of prose, read once: for its counts when it is parsed, and for
    every rule that looks at its text (kept for the document read last only)."""
    global _last
    if _last is None or _last[0]() is not doc:
        _last = (weakref.ref(doc), lines_to_runs(doc.lines, doc.tables))
    return _last[1]
