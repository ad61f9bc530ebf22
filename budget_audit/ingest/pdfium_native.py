"""The compiled loops of ``pdfium_walk.c``, when the build made them, else None.

``pdfium_page`` reads a page with two foreign calls a glyph and four a path segment; from
Python each costs more than the work PDFium does in it. The build hook (``hatch_build.py``)
compiles ``pdfium_walk.c`` into ``_pdfium_walk.so`` beside this module; the library takes the
PDFium functions pypdfium2 has loaded as a table of addresses, so it needs no PDFium headers
or linking, and a build without a C compiler still installs — ``pdfium_page`` then runs the
same calls from Python (a test holds the two to identical output).

``BUDGET_AUDIT_NATIVE=0`` in the environment turns the library off (to compare or to debug;
``compiled.load_library``).
"""

from __future__ import annotations

import ctypes
from array import array
from ctypes import c_int, c_void_p
from pathlib import Path
from typing import Any, NamedTuple

from pypdfium2_raw import bindings as _bindings

from budget_audit.ingest.compiled import address as _at
from budget_audit.ingest.compiled import declare as _bind
from budget_audit.ingest.compiled import load_bound

LIBRARY = Path(__file__).with_name("_pdfium_walk.so")
SOURCE = Path(__file__).with_name("pdfium_walk.c")

# the order of enum Fn in pdfium_walk.c
FUNCTIONS = (
    "FPDFText_GetTextObject", "FPDFText_GetLooseCharBox", "FPDFText_GetMatrix", "FPDFTextObj_GetFontSize",
    "FPDFTextObj_GetFont", "FPDFPageObj_GetFillColor", "FPDFTextObj_GetTextRenderMode", "FPDFPageObj_GetClipPath",
    "FPDFClipPath_CountPaths", "FPDFClipPath_CountPathSegments", "FPDFClipPath_GetPathSegment",
    "FPDFPathSegment_GetPoint", "FPDFPathSegment_GetType", "FPDFPathSegment_GetClose", "FPDFPath_CountSegments",
    "FPDFPath_GetPathSegment", "FPDFPage_CountObjects", "FPDFPage_GetObject", "FPDFFormObj_CountObjects",
    "FPDFFormObj_GetObject", "FPDFPageObj_GetType", "FPDFPageObj_GetMatrix", "FPDFPath_GetDrawMode",
    "FPDFPageObj_GetBounds",
)
RECORD_FIELDS = 7  # doubles per run of one text object (read_chars): origin e, f; clipped; clip box
STYLE_FIELDS = 10  # doubles per distinct style (read_chars)
BLANK_VALUES = 15  # doubles per blank text object (walk_page)
EDGE_VALUES = 6  # doubles per edge (path_edges): kind, x0, x1, top, bottom, orientation
EDGE_KINDS = ("line", "rect_edge", "curve_edge")
ORIENTATIONS = (None, "h", "v")


class CharScan(NamedTuple):
    """What read_chars gives: per char its object (0: none), record number (-1: none) and loose
    box; per record (a run of one object) its numbers and its style's number; per distinct
    style its ``STYLE_FIELDS`` numbers (size, r, g, b, a, render mode, matrix a..d) and font."""

    objs: array
    rec: array
    boxes: array
    records: array
    rec_style: array
    styles: array
    style_fonts: array


class Walk:
    """The library's functions, bound to PDFium's addresses."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        pdfium = _bindings._libs["pdfium"]
        addresses = [ctypes.cast(pdfium[name], c_void_p).value for name in FUNCTIONS]
        self._fns = (c_void_p * len(addresses))(*addresses)
        self._read_chars = _bind(lib.read_chars, c_void_p, c_void_p, c_int, *[c_void_p] * 8)
        self._place_chars = _bind(lib.place_chars, c_int, *[c_void_p] * 11, restype=None)
        self._walk_page = _bind(lib.walk_page, c_void_p, c_void_p, c_void_p, c_void_p, c_int, c_void_p, c_int,
                                c_void_p, c_int, c_void_p)
        self._edges = array("d", [0.0]) * (EDGE_VALUES * 4096)
        self._blanks = array("d", [0.0]) * (BLANK_VALUES * 64)

    def read_chars(self, textpage: int, count: int) -> CharScan:
        """A text page's characters, each with its object, record and loose box; the records
        of its objects and their distinct styles."""
        objs = array("Q", [0]) * count
        rec = array("i", [0]) * count
        boxes = array("d", [0.0]) * (4 * count)
        records = array("d", [0.0]) * (RECORD_FIELDS * count)
        rec_style = array("i", [0]) * count
        styles = array("d", [0.0]) * (STYLE_FIELDS * count)
        fonts = array("Q", [0]) * count
        kinds = c_int()
        n = self._read_chars(self._fns, textpage, count, _at(objs), _at(rec), _at(boxes), _at(records), _at(rec_style),
                             _at(styles), _at(fonts), ctypes.addressof(kinds))
        if n < 0:
            raise MemoryError("no memory for a page's characters")
        return CharScan(objs, rec, boxes, records, rec_style, styles[: STYLE_FIELDS * kinds.value], fonts[: kinds.value])

    def place_chars(self, scan: CharScan, params: list[float], transform: tuple[float, ...]
                    ) -> tuple[list[int], list[int], list[float], list[float]]:
        """Each character's flag (0 not printed, 1 placed, 2 to be boxed from its matrix),
        style number, box on the page and box in user space, from ``PLACE_PARAMS`` numbers per
        style of ``scan`` (boxed from the loose box, turned a quarter, descent)."""
        count = len(scan.objs)
        per_style, page = array("d", params), array("d", transform)
        flags = array("i", [0]) * count
        char_style = array("i", [0]) * count
        placed = array("d", [0.0]) * (4 * count)
        user = array("d", [0.0]) * (4 * count)
        self._place_chars(count, _at(scan.rec), _at(scan.boxes), _at(scan.records), _at(scan.rec_style), _at(scan.styles),
                          _at(per_style), _at(page), _at(flags), _at(char_style), _at(placed), _at(user))
        return flags.tolist(), char_style.tolist(), placed.tolist(), user.tolist()

    def walk_page(self, page: int, transform: tuple[float, ...], seen: array
                  ) -> tuple[array, list[list[Any]], int]:
        """A page's painted edges (``EDGE_VALUES`` numbers each: index into EDGE_KINDS, x0, x1,
        top, bottom, index into ORIENTATIONS); its blank text objects not among ``seen`` (the
        text page's objects), each [object, matrix to page, the next text object's matrix or
        None]; its image count."""
        matrix, counts = array("d", transform), array("q", [0, 0, 0])
        while True:
            ok = self._walk_page(self._fns, page, _at(matrix), _at(seen), len(seen), _at(self._edges), len(self._edges),
                                 _at(self._blanks), len(self._blanks), _at(counts))
            if not ok:
                raise MemoryError("no memory for a page's objects")
            edges, blanks, images = counts
            if edges <= len(self._edges) and blanks <= len(self._blanks):
                break
            self._edges = array("d", [0.0]) * max(edges, len(self._edges))
            self._blanks = array("d", [0.0]) * max(blanks, len(self._blanks))
        values = self._blanks[:blanks].tolist()
        out = []
        for i in range(0, blanks, BLANK_VALUES):
            b = values[i:i + BLANK_VALUES]
            out.append([int(b[0]) << 32 | int(b[1]), tuple(b[2:8]), tuple(b[9:15]) if b[8] else None])
        return self._edges[:edges], out, images


def load() -> Walk | None:
    """The compiled loops, or None (``compiled.load_bound``: not built, built from another
    source, or turned off)."""
    return load_bound(SOURCE, LIBRARY, Walk)
