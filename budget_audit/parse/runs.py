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
from budget_audit.model import Document, Line, Lines, Table, table_line_mask
from budget_audit.vocabulary import HEADING, ITEM

PROSE_LINE = 20  # characters: a line this long is a line of running text, not a narrow cell
_CLAUSE_END = re.compile(r"[。！？；;：:!?]")


@dataclass(slots=True)
class Run:
    """Consecutive lines of prose joined into one text; ``lines[i]`` is the number of the line
    character i comes from, ``line(i)`` that line.

    Slotted, its line numbers in an array and its pieces folded into the joined text once it is
    read: a long document holds a run for every stretch of prose, kept for the text checks."""

    source: Lines  # the document's lines (shared)
    near_table: bytes | bytearray = b""  # near_table[n] is 1 when line n is next to a table row (shared)
    lines: CharLines[int] = field(default_factory=CharLines)
    _pieces: list[str] | None = field(default_factory=list)  # None once joined into _text
    _text: str | None = None

    def add(self, number: int, text: str) -> None:
        """Line ``number``, whose text is ``text``, goes on the run."""
        text = text.strip()
        if self._pieces is None:
            self._pieces = [self._text or ""]
        self._pieces.append(text)
        self.lines.append(number, len(text))
        self._text = None

    def line(self, at: int) -> Line:
        """The line character ``at`` comes from."""
        return self.source[self.lines[at] - 1]

    @property
    def text(self) -> str:
        """The lines' text joined (once: adding to a string line by line would copy it each time)."""
        if self._pieces is not None:
            self._text = "".join(self._pieces)
            self._pieces = None
        return self._text or ""

    @property
    def last_character(self) -> str:
        return (self._text or "")[-1:] if self._pieces is None else (self._pieces[-1][-1:] if self._pieces else "")

    def running(self, start: int, end: int) -> bool:
        """Whether characters start..end lie in running text: full lines (a narrow table cell read
        as prose gives short lines), none next to a table row. The run's last line may be short."""
        last = self.lines[-1]
        near = self.near_table
        for number in self.lines[start:end]:
            if (number < len(near) and near[number]) or (
                    number != last and len(self.source[number - 1].text.strip()) < PROSE_LINE):
                return False
        return True


def lines_to_runs(lines: Lines, tables: list[Table]) -> list[Run]:
    """Every stretch of consecutive lines outside the tables (cover and 目录 too: a slip is a
    slip wherever it is). A table row or a table ends a stretch; so does a blank line, unless
    the text runs on across it: the blank lines of a page break, or a sentence left open
    (no closing mark) and continued by a line that starts nothing new (a heading, a list item)."""
    texts = lines.texts()  # line at is numbered at + 1
    inside = table_line_mask(tables, len(texts))
    prose = [not inside[at + 1] and "\t" not in text for at, text in enumerate(texts)]
    near = bytearray(len(inside) + 1)  # one byte a line, where a set of numbers costs some sixty
    for at, (text, ok) in enumerate(zip(texts, prose, strict=True)):
        if not ok and "\t" in text:
            near[at] = near[at + 2] = 1  # the lines numbered at and at + 2, around line at + 1
    runs: list[Run] = []
    current = Run(lines, near_table=near)
    for at, text in enumerate(texts):
        if prose[at] and text.strip():
            current.add(at + 1, text)
            continue
        if prose[at] and current.lines and _runs_on(lines, texts, at, current):
            continue
        if current.lines:
            runs.append(current)
        current = Run(lines, near_table=near)
    if current.lines:
        runs.append(current)
    return runs


def _runs_on(lines: Lines, texts: list[str], at: int, current: Run) -> bool:
    """Whether the text before the blank line ``at`` goes on after it."""
    following = next((i for i in range(at + 1, len(texts)) if texts[i].strip()), None)
    if following is None or "\t" in texts[following]:
        return False
    page = lines[following].page
    if page is not None and page != current.line(len(current.lines) - 1).page:
        return True  # the foot or head of a page (its number, a header)
    text = texts[following].strip()
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
