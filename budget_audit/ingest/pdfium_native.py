"""The compiled loops of ``pdfium_walk.c``, when the build made them, else None.

``pdfium_page`` reads a page with two foreign calls a glyph and four a path segment; from
Python each costs more than the work PDFium does in it. The build hook (``hatch_build.py``)
compiles ``pdfium_walk.c`` into ``_pdfium_walk.so`` beside this module; the library takes the
PDFium functions pypdfium2 has loaded as a table of addresses, so it needs no PDFium headers
or linking, and a build without a C compiler still installs — ``pdfium_page`` then runs the
same calls from Python (a test holds the two to identical output).

``BUDGET_AUDIT_NATIVE=0`` in the environment turns the library off (to compare or to debug).
"""

from __future__ import annotations

import ctypes
import os
import zlib
from array import array
from ctypes import c_int, c_uint64, c_void_p
from pathlib import Path
from typing import Any, NamedTuple

from pypdfium2_raw import bindings as _bindings

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
)
OBJECT_FIELDS = 18  # doubles per text object record (read_chars)
OBJECT_VALUES = 9  # doubles per page object (list_objects)
EDGE_VALUES = 6  # doubles per edge (path_edges): kind, x0, x1, top, bottom, orientation
EDGE_KINDS = ("line", "rect_edge", "curve_edge")
ORIENTATIONS = (None, "h", "v")


class CharScan(NamedTuple):
    """What read_chars gives: per char its object (0: none), record number (-1: none) and loose
    box; per record of an object its numbers and its object and font handles."""

    objs: list[int]
    rec: array
    boxes: array
    records: list[float]
    handles: list[int]


class Walk:
    """The library's functions, bound to PDFium's addresses."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        pdfium = _bindings._libs["pdfium"]
        addresses = [ctypes.cast(pdfium[name], c_void_p).value for name in FUNCTIONS]
        self._fns = (c_void_p * len(addresses))(*addresses)
        self._read_chars = _bind(lib.read_chars, c_void_p, c_void_p, c_int, c_void_p, c_void_p, c_void_p, c_void_p,
                                 c_void_p)
        self._place_chars = _bind(lib.place_chars, c_int, c_void_p, c_void_p, c_void_p, c_void_p, c_void_p, c_void_p,
                                  c_void_p, restype=None)
        self._list_objects = _bind(lib.list_objects, c_void_p, c_void_p, c_int, c_int, c_void_p, c_void_p,
                                   c_void_p, c_void_p)
        self._path_edges = _bind(lib.path_edges, c_void_p, c_void_p, c_void_p, c_void_p, c_int)
        self._edges = array("d", [0.0]) * (EDGE_VALUES * 1024)
        self._matrix = array("d", [0.0]) * 6

    def read_chars(self, textpage: int, count: int) -> CharScan:
        """A text page's characters, each with its object and loose box; a record per run of
        one object (``OBJECT_FIELDS`` numbers) and its object and font."""
        objs = array("Q", [0]) * count
        rec = array("i", [0]) * count
        boxes = array("d", [0.0]) * (4 * count)
        records = array("d", [0.0]) * (OBJECT_FIELDS * count)
        handles = array("Q", [0]) * (2 * count)
        n = self._read_chars(self._fns, textpage, count, _at(objs), _at(rec), _at(boxes), _at(records), _at(handles))
        return CharScan(objs.tolist(), rec, boxes, records[: OBJECT_FIELDS * n].tolist(), handles[: 2 * n].tolist())

    def place_chars(self, scan: CharScan, params: list[float], transform: tuple[float, ...]
                    ) -> tuple[list[int], list[float], list[float]]:
        """Each character's flag (0 not printed, 1 placed, 2 to be boxed from its matrix), box on
        the page and box in user space, from ``PLACE_PARAMS`` numbers per record of ``scan``."""
        count = len(scan.objs)
        per_record, page = array("d", params), array("d", transform)
        flags = array("i", [0]) * count
        placed = array("d", [0.0]) * (4 * count)
        user = array("d", [0.0]) * (4 * count)
        self._place_chars(count, _at(scan.rec), _at(scan.boxes), _at(per_record), _at(page), _at(flags),
                          _at(placed), _at(user))
        return flags.tolist(), placed.tolist(), user.tolist()

    def list_objects(self, container: int, form: bool, count: int, state: Any, matrix: Any) -> tuple[list[int], list[float]]:
        """The objects of a page or form: addresses, and ``OBJECT_VALUES`` doubles each."""
        objs = array("Q", [0]) * count
        values = array("d", [0.0]) * (OBJECT_VALUES * count)
        n = self._list_objects(self._fns, container, int(form), count, _at(objs), _at(values),
                               ctypes.addressof(state), ctypes.addressof(matrix))
        return objs[:n].tolist(), values[: OBJECT_VALUES * n].tolist()

    def path_edges(self, path: int, matrix: tuple[float, ...]) -> list[float]:
        """The edges of a path drawn under ``matrix`` (user space to page), ``EDGE_VALUES``
        numbers each: index into EDGE_KINDS, x0, x1, top, bottom, index into ORIENTATIONS."""
        self._matrix[:] = array("d", matrix)
        n = self._path_edges(self._fns, path, _at(self._matrix), _at(self._edges), len(self._edges))
        if n < 0:  # more than the buffer holds: -n doubles needed
            self._edges = array("d", [0.0]) * -n
            n = self._path_edges(self._fns, path, _at(self._matrix), _at(self._edges), len(self._edges))
        return self._edges[: EDGE_VALUES * n].tolist()


def _bind(fn: Any, *argtypes: Any, restype: Any = c_int) -> Any:
    fn.restype = restype
    fn.argtypes = list(argtypes)
    return fn


def _at(buffer: array) -> int:
    return buffer.buffer_info()[0]


def source_digest() -> int:
    """pdfium_walk.c's CRC-32, as hatch_build.py compiles it in (zlib is loaded already;
    hashlib would add its import to every start)."""
    return zlib.crc32(SOURCE.read_bytes())


def load() -> Walk | None:
    """The compiled loops, or None: not built, not loadable here, built from another source
    than the one beside it (an editable install whose C changed), or turned off."""
    if os.environ.get("BUDGET_AUDIT_NATIVE", "1") == "0" or not LIBRARY.exists():
        return None
    try:
        lib = ctypes.CDLL(str(LIBRARY))
        lib.source_digest.restype = c_uint64
        if lib.source_digest() != source_digest():
            return None
        return Walk(lib)
    except (OSError, AttributeError):  # built for another machine, or an older build
        return None
