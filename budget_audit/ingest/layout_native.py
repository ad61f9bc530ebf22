"""The compiled loops of ``page_layout.c``, when the build made them, else None.

Finding a page's tables from its ruling lines (``grid.find_tables``) sorts, snaps and joins
hundreds of edges and looks up thousands of crossings. Laying a table page's glyphs in its cells asks, for each glyph, which table frame and which
smallest cell holds it, then puts each cell's glyphs in reading order and measures where its
text starts (``pdf._cell_texts``). ``page_layout.c`` does that per table in one call over the
page's glyph coordinates. ``grid.py`` and ``pdf.py`` keep the Python loops for a build without
a compiler and for a page with a coordinate that is not a number (a test holds the two to
identical output).
"""

from __future__ import annotations

import ctypes
import sys
from array import array
from ctypes import c_double, c_int, c_void_p
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from budget_audit.ingest.compiled import address as _at
from budget_audit.ingest.compiled import declare as _bind
from budget_audit.ingest.compiled import load_bound

LIBRARY = Path(__file__).with_name("_page_layout.so")
SOURCE = Path(__file__).with_name("page_layout.c")

_X0, _X1, _TOP, _BOTTOM, _TEXT = (itemgetter(key) for key in ("x0", "x1", "top", "bottom", "text"))
_ORIENTATION = {"h": 1, "v": 2}  # as pdfium_walk.c codes an edge's orientation
EDGE_VALUES = 6  # numbers an edge, as pdfium_walk.c's walk_page gives them


class Glyphs:
    """A page's glyph coordinates as flat arrays, in the page's glyph order, made once a page for
    every table on it; ``ink`` flags the glyphs that are not blank."""

    __slots__ = ("bottom", "count", "ink", "top", "x0", "x1")

    def __init__(self, chars: list[dict]) -> None:
        self.count = len(chars)
        self.x0, self.x1 = array("d", map(_X0, chars)), array("d", map(_X1, chars))
        self.top, self.bottom = array("d", map(_TOP, chars)), array("d", map(_BOTTOM, chars))
        self.ink = bytes(map(bool, map(str.strip, map(_TEXT, chars))))


class Placed(NamedTuple):
    """One table's glyphs in its cells: ``order`` the placed glyphs cell by cell, each cell's in
    reading order, from ``starts[k]`` to ``starts[k + 1]``; ``leads`` per cell (None without ink):
    where its ink starts from the cell's left border, its glyphs' median width, the middle of its
    ink."""

    order: list[int]
    starts: list[int]
    leads: list[tuple[float, float, float] | None]


class Layout:
    """The library's functions."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self._frame = _bind(lib.frame_glyphs, c_int, *[c_void_p] * 4, c_int, c_void_p, c_void_p, restype=None)
        self._find_tables = _bind(lib.find_tables, c_int, c_void_p, c_void_p, c_void_p, c_int, c_int, c_void_p, c_void_p,
                                  c_void_p)
        self._cells, self._sizes = array("d", [0.0]) * (4 * 4096), array("i", [0]) * 4096
        self._place = _bind(lib.place_in_cells, c_int, *[c_void_p] * 6, c_int, c_int, c_void_p, c_double,
                            *[c_void_p] * 5)

    def find_tables(self, edges: list[dict]) -> list[list[tuple[float, float, float, float]]] | None:
        """The cells of each table pdfplumber's edge dicts draw (``grid.find_tables``), tables in
        its order; None when a coordinate is not a number (the caller runs grid.py)."""
        records = array("d", [v for e in edges for v in (0.0, e["x0"], e["x1"], e["top"], e["bottom"],
                                                          _ORIENTATION.get(e["orientation"], 0))])
        widths, heights = array("d", map(itemgetter("width"), edges)), array("d", map(itemgetter("height"), edges))
        return self._tables(len(edges), records, _at(widths), _at(heights))

    def find_tables_in(self, values: array) -> list[list[tuple[float, float, float, float]]] | None:
        """The same from the numbers pdfium_walk.c's walk_page gives (``EDGE_VALUES`` an edge),
        without making a dict of each edge."""
        return self._tables(len(values) // EDGE_VALUES, values, None, None)

    def _tables(self, n: int, records: array, widths: int | None, heights: int | None
                ) -> list[list[tuple[float, float, float, float]]] | None:
        compensated = int(sys.version_info >= (3, 12))  # sum() of floats compensates from 3.12
        counts = array("i", [0, 0])
        while True:
            capacity = len(self._sizes)
            status = self._find_tables(n, _at(records), widths, heights, compensated, capacity, _at(self._cells),
                                       _at(self._sizes), _at(counts))
            if status != 1:
                break
            self._cells = array("d", [0.0]) * (4 * counts[0])
            self._sizes = array("i", [0]) * counts[0]
        if status == -2:
            raise MemoryError("no memory to find a page's tables")
        if status < 0:
            return None
        values = self._cells[:4 * counts[0]].tolist()
        boxes = [tuple(values[k:k + 4]) for k in range(0, len(values), 4)]
        out, start = [], 0
        for size in self._sizes[:counts[1]]:
            out.append(boxes[start:start + size])
            start += size
        return out

    def frame(self, glyphs: Glyphs, boxes: list[tuple[float, float, float, float]]) -> bytearray:
        """1 for each glyph whose centre is inside one of the boxes (bounds included), else 0."""
        inside = bytearray(glyphs.count)
        flat = array("d", [v for box in boxes for v in box])
        self._frame(glyphs.count, _at(glyphs.x0), _at(glyphs.x1), _at(glyphs.top), _at(glyphs.bottom), len(boxes),
                    _at(flat), _buffer(inside))
        return inside

    def place(self, glyphs: Glyphs, frame: tuple[float, ...], cells: list[tuple], low: int, reach: float,
              held: bytearray) -> Placed | None:
        """The glyphs inside ``frame`` each in the smallest of ``cells`` holding its centre (each a
        tuple whose first five items are x0, top, x1, bottom, area: the first ``low`` of ordinary
        height sorted by top, the others tall), their ``held`` flags set; None when a coordinate is
        not a number (the caller lays the table out in Python)."""
        n, count = glyphs.count, len(cells)
        flat, box = array("d", [v for c in cells for v in c[:5]]), array("d", frame)  # held until the call returns
        order = array("i", [0]) * max(n, 1)
        starts = array("i", [0]) * (count + 1)
        leads = array("d", [0.0]) * (3 * count)
        has_lead = bytearray(count)
        placed = self._place(n, _at(glyphs.x0), _at(glyphs.x1), _at(glyphs.top), _at(glyphs.bottom), glyphs.ink,
                             _at(box), count, low, _at(flat), reach, _buffer(held), _at(order),
                             _at(starts), _at(leads), _buffer(has_lead))
        if placed == -2:
            raise MemoryError("no memory to lay out a table's glyphs")
        if placed < 0:
            return None
        values = leads.tolist()
        return Placed(order[:placed].tolist(), starts.tolist(),
                      [tuple(values[3 * k:3 * k + 3]) if has_lead[k] else None for k in range(count)])


def _buffer(data: bytearray) -> ctypes.Array:
    return (ctypes.c_char * len(data)).from_buffer(data) if data else None


def load() -> Layout | None:
    """The compiled loops, or None (``compiled.load_bound``: not built, built from another
    source, or turned off)."""
    return load_bound(SOURCE, LIBRARY, Layout)


LOADED = load()  # what grid.py and pdf.py use (each keeps its own reference, which a test may swap)
