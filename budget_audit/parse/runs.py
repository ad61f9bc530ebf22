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
from array import array
from collections.abc import Iterator, Sequence
from typing import overload

from budget_audit.charlines import CharLines
from budget_audit.model import Document, Line, Lines, Table, table_line_mask
from budget_audit.vocabulary import HEADING, ITEM

PROSE_LINE = 20  # characters: a line this long is a line of running text, not a narrow cell
_CLAUSE_END = re.compile(r"[。！？；;：:!?]")


class Run:
    """One stretch of prose: its lines' text joined, ``lines[i]`` the number of the line character
    i comes from, ``line(i)`` that line. Made when read from the document's ``ProseRuns``."""

    __slots__ = ("_runs", "_k", "text", "_lines")

    def __init__(self, runs: ProseRuns, k: int) -> None:
        self._runs, self._k = runs, k
        self.text: str = runs.texts[k]
        self._lines: CharLines[int] | None = None

    @property
    def lines(self) -> CharLines[int]:
        if self._lines is None:
            self._lines = self._runs.char_lines(self._k)
        return self._lines

    def line(self, at: int) -> Line:
        """The line character ``at`` comes from."""
        return self._runs.source[self.lines[at] - 1]

    def running(self, start: int, end: int) -> bool:
        """Whether characters start..end lie in running text: full lines (a narrow table cell read
        as prose gives short lines), none next to a table row. The run's last line may be short."""
        last = self.lines[-1]
        near, source = self._runs.near_table, self._runs.source
        for number in self.lines[start:end]:
            if (number < len(near) and near[number]) or (
                    number != last and len(source[number - 1].text.strip()) < PROSE_LINE):
                return False
        return True


class ProseRuns(Sequence[Run]):
    """A document's runs held as columns — each run's text, and for each of its lines the line's
    number and where it starts in that text — a ``Run`` made when one is read.

    Kept for the text checks while the document is checked: a long document has a run for every
    stretch of prose, and a run object with its own arrays and lists came to some 300 bytes."""

    __slots__ = ("source", "near_table", "texts", "_first", "_numbers", "_starts")

    def __init__(self, source: Lines, near_table: bytes | bytearray) -> None:
        self.source = source  # the document's lines
        self.near_table = near_table  # near_table[n] is 1 when line n is next to a table row
        self.texts: list[str] = []  # each run's text
        self._first = array("I", [0])  # run k's lines are entries _first[k] .. _first[k + 1] - 1 of:
        self._numbers = array("I")  # the line's number
        self._starts = array("I")  # where the line starts in its run's text

    def add(self, pieces: list[tuple[int, str]]) -> None:
        """A run of (line number, stripped text) pieces."""
        at = 0
        for number, text in pieces:
            self._numbers.append(number)
            self._starts.append(at)
            at += len(text)
        self._first.append(len(self._numbers))
        self.texts.append("".join(text for _, text in pieces))

    def char_lines(self, k: int) -> CharLines[int]:
        """Run ``k``'s map from character to line number."""
        first, last = self._first[k], self._first[k + 1]
        return CharLines.of(self._numbers[first:last], self._starts[first:last], len(self.texts[k]))

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, k: int) -> Run: ...
    @overload
    def __getitem__(self, k: slice) -> list[Run]: ...
    def __getitem__(self, k):
        if isinstance(k, slice):
            return [Run(self, i) for i in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        return Run(self, k)

    def __iter__(self) -> Iterator[Run]:
        return (Run(self, k) for k in range(len(self)))


def lines_to_runs(lines: Lines, tables: list[Table]) -> ProseRuns:
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
    runs = ProseRuns(lines, near)
    current: list[tuple[int, str]] = []  # (line number, stripped text) of the run being read
    for at, text in enumerate(texts):
        stripped = text.strip() if prose[at] else ""
        if stripped:
            current.append((at + 1, stripped))
            continue
        if prose[at] and current and _runs_on(lines, texts, at, current):
            continue
        if current:
            runs.add(current)
        current = []
    if current:
        runs.add(current)
    return runs


def _runs_on(lines: Lines, texts: list[str], at: int, current: list[tuple[int, str]]) -> bool:
    """Whether the text before the blank line ``at`` goes on after it."""
    following = next((i for i in range(at + 1, len(texts)) if texts[i].strip()), None)
    if following is None or "\t" in texts[following]:
        return False
    page = lines[following].page
    if page is not None and page != lines[current[-1][0] - 1].page:
        return True  # the foot or head of a page (its number, a header)
    text = texts[following].strip()
    return not _CLAUSE_END.match(current[-1][1][-1]) and not HEADING.match(text) and not ITEM.match(text)


def excerpt(text: str, at: int, width: int = 20) -> str:
    start = max(0, at - width)
    return ("…" if start else "") + text[start : at + width] + ("…" if at + width < len(text) else "")


_last: tuple[weakref.ref, ProseRuns] | None = None  # the runs of the document read last


def prose_runs(doc: Document) -> ProseRuns:
    """The document's stretches of prose, read once: for its counts when it is parsed, and for
    every rule that looks at its text (kept for the document read last only)."""
    global _last
    if _last is None or _last[0]() is not doc:
        _last = (weakref.ref(doc), lines_to_runs(doc.lines, doc.tables))
    return _last[1]
