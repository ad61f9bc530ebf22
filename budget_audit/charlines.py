"""CharLines: which line each character of a joined text came from, held compactly.

Prose is read as paragraphs and runs: lines joined into one text. A finding in that text
must point at the line of a character, so the reader keeps a map from character to line —
as the offset where each line starts (one number a line) and a search, not one entry per
character: a long narrative would otherwise cost several times its own size.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from typing import Generic, TypeVar, overload

T = TypeVar("T")


class CharLines(Sequence, Generic[T]):
    """``lines[i]`` is the line (a number, or a Line) of character i; ``lines[a:b]`` the lines
    characters a..b-1 lie on, each once, in order; ``window(a, b)`` the map of those characters
    alone, for a piece cut out of the text (a sentence of a paragraph)."""

    __slots__ = ("_starts", "_items", "_length")

    def __init__(self) -> None:
        # most paragraphs are one line: the offsets array is made when a second line comes
        self._starts: array | None = None
        self._items: list[T] | array = []  # a list, or an array of line numbers (CharLines.of)
        self._length = 0

    @classmethod
    def of(cls, items: array, starts: array, length: int) -> CharLines[int]:
        """The map of a text of ``length`` characters whose k-th line, numbered ``items[k]``,
        starts at character ``starts[k]`` (an array each, as a document's runs keep them)."""
        chars: CharLines[int] = cls()
        chars._items, chars._length = items, length
        chars._starts = starts if len(items) > 1 else None
        return chars

    def append(self, item: T, characters: int) -> None:
        """The next ``characters`` characters come from ``item`` (none: nothing to map)."""
        if characters <= 0:
            return
        if self._items and self._starts is None:
            self._starts = array("I", [0])
        if self._starts is not None:
            self._starts.append(self._length)
        self._items.append(item)
        self._length += characters

    def _at(self, offset: int) -> int:
        """The index of the item character ``offset`` comes from."""
        return 0 if self._starts is None else bisect_right(self._starts, offset) - 1

    def _start(self, k: int) -> int:
        return 0 if self._starts is None else self._starts[k]

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, at: int) -> T: ...
    @overload
    def __getitem__(self, at: slice) -> list[T]: ...
    def __getitem__(self, at):
        if isinstance(at, slice):
            start, stop, _ = at.indices(self._length)
            if start >= stop:
                return []
            items = self._items[self._at(start) : self._at(stop - 1) + 1]
            return items if isinstance(items, list) else items.tolist()
        if at < 0:
            at += self._length
        if not 0 <= at < self._length:
            raise IndexError(at)
        return self._items[self._at(at)]

    def window(self, start: int, stop: int) -> CharLines[T]:
        """The map of characters ``start``..``stop``-1, renumbered from 0."""
        out: CharLines[T] = CharLines()
        start, stop, _ = slice(start, stop).indices(self._length)
        if start >= stop:
            return out
        for k in range(self._at(start), self._at(stop - 1) + 1):
            begin = max(self._start(k), start)
            end = min(self._start(k + 1) if k + 1 < len(self._items) else self._length, stop)
            out.append(self._items[k], end - begin)
        return out
