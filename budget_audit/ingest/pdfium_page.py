"""Pages read through PDFium (pypdfium2), in the dict shapes pdfplumber gives.

pdfplumber spends nearly all its time in pdfminer's pure-Python content interpreter;
PDFium parses the same page in C about fifteen times faster. This module reads what the
layout code uses from a page — characters with pdfminer-style boxes, ruling edges, an
image count — so the loader can swap its source; tables are found from the edges by
``grid`` (pdfplumber's table finder, re-written without importing pdfplumber).

Coordinates follow pdfplumber: points, origin at the top-left of the MediaBox, /Rotate
applied the way pdfminer applies it. Character boxes are pdfminer's: the advance width
across, and from the font's descent to descent + font size up (not the glyph's ink box).

Where PDFium's text page departs from pdfminer, and what is done about it:
- text objects of zero width (a lone space, an ideographic indent) are skipped by PDFium:
  they are added back as " " or U+3000 (``_blank_chars``);
- a text object repeating the previous one (fake bold) is dropped by PDFium, as
  pdfplumber's ``dedupe_chars`` would drop it;
- spaces and line breaks PDFium generates between objects are left out;
- fonts declaring no descent get PDFium's guess from a glyph of the subset; pdfminer's 0 is
  used instead (``_fonts_without_descent``), or lines mixing subsets come out ragged;
- in fonts that are not embedded PDFium's loose box spans the substitute's ink; the next
  glyph's origin bounds it (not for the last glyph of an object);
- glyphs without a Unicode map come out as their char code (U+0001…), not "(cid:N)";
- glyphs drawn at an angle get an approximate box (advance from the next glyph's origin).

Calls into PDFium go through private ctypes prototypes taking and returning plain
addresses (``c_void_p``), so per-character calls build no pointer objects and text
objects can be cached by address.
"""

from __future__ import annotations

import ctypes
import math
import re
from array import array
from collections.abc import Container, Sequence
from ctypes import c_double, c_float, c_int, c_uint, c_ulong, c_void_p
from dataclasses import dataclass, field, fields, replace
from typing import Any, NamedTuple

import pypdfium2
import pypdfium2.raw as pdfium_c
from pypdfium2_raw import bindings as _bindings

from budget_audit import limits
from budget_audit.ingest import grid, pdfium_native

Edge = dict[str, Any]
Char = dict[str, Any]
Affine = tuple[float, float, float, float, float, float]

_OBJ_TEXT, _OBJ_PATH, _OBJ_IMAGE, _OBJ_FORM = 1, 2, 3, 5
_SEG_LINETO, _SEG_BEZIERTO, _SEG_MOVETO = 0, 1, 2
_INVISIBLE_MODES = (3, 7)  # Tr 3 (neither fill nor stroke) and 7 (clip only)


def _prototype(name: str, restype: Any, *argtypes: Any) -> Any:
    """A private ctypes binding of one PDFium function (not shared with pypdfium2's)."""
    fn = _bindings._libs["pdfium"][name]
    fn.restype = restype
    fn.argtypes = list(argtypes)
    return fn


# out-parameters are passed as plain addresses (ctypes.addressof, taken once): a pointer
# argtype would convert a _ref() on every call, which costs more than the call itself
_P_DOUBLE = _P_FLOAT = _P_UINT = _P_INT = _P_STRUCT = c_void_p
_ref = ctypes.addressof
_count_chars = _prototype("FPDFText_CountChars", c_int, c_void_p)
_get_text = _prototype("FPDFText_GetText", c_int, c_void_p, c_int, c_int, c_void_p)
_get_unicode = _prototype("FPDFText_GetUnicode", c_uint, c_void_p, c_int)
_is_hyphen = _prototype("FPDFText_IsHyphen", c_int, c_void_p, c_int)
_text_object = _prototype("FPDFText_GetTextObject", c_void_p, c_void_p, c_int)
_char_origin = _prototype("FPDFText_GetCharOrigin", c_int, c_void_p, c_int, _P_DOUBLE, _P_DOUBLE)
_loose_box = _prototype("FPDFText_GetLooseCharBox", c_int, c_void_p, c_int, _P_STRUCT)
_char_matrix = _prototype("FPDFText_GetMatrix", c_int, c_void_p, c_int, _P_STRUCT)
_font_size = _prototype("FPDFTextObj_GetFontSize", c_int, c_void_p, _P_FLOAT)
_render_mode = _prototype("FPDFTextObj_GetTextRenderMode", c_int, c_void_p)
_text_font = _prototype("FPDFTextObj_GetFont", c_void_p, c_void_p)
_font_name = _prototype("FPDFFont_GetBaseFontName", c_ulong, c_void_p, c_void_p, c_ulong)
_font_descent = _prototype("FPDFFont_GetDescent", c_int, c_void_p, c_float, _P_FLOAT)
_font_ascent = _prototype("FPDFFont_GetAscent", c_int, c_void_p, c_float, _P_FLOAT)
_font_embedded = _prototype("FPDFFont_GetIsEmbedded", c_int, c_void_p)
_fill_color = _prototype("FPDFPageObj_GetFillColor", c_int, c_void_p, _P_UINT, _P_UINT, _P_UINT, _P_UINT)
_count_objects = _prototype("FPDFPage_CountObjects", c_int, c_void_p)
_page_object = _prototype("FPDFPage_GetObject", c_void_p, c_void_p, c_int)
_form_count = _prototype("FPDFFormObj_CountObjects", c_int, c_void_p)
_form_object = _prototype("FPDFFormObj_GetObject", c_void_p, c_void_p, c_ulong)
_object_type = _prototype("FPDFPageObj_GetType", c_int, c_void_p)
_object_matrix = _prototype("FPDFPageObj_GetMatrix", c_int, c_void_p, _P_STRUCT)
_object_bounds = _prototype("FPDFPageObj_GetBounds", c_int, c_void_p, _P_FLOAT, _P_FLOAT, _P_FLOAT, _P_FLOAT)
_draw_mode = _prototype("FPDFPath_GetDrawMode", c_int, c_void_p, _P_INT, _P_INT)
_count_segments = _prototype("FPDFPath_CountSegments", c_int, c_void_p)
_path_segment = _prototype("FPDFPath_GetPathSegment", c_void_p, c_void_p, c_int)
_segment_point = _prototype("FPDFPathSegment_GetPoint", c_int, c_void_p, _P_FLOAT, _P_FLOAT)
_segment_type = _prototype("FPDFPathSegment_GetType", c_int, c_void_p)
_segment_close = _prototype("FPDFPathSegment_GetClose", c_int, c_void_p)
_clip_path = _prototype("FPDFPageObj_GetClipPath", c_void_p, c_void_p)
_clip_count_paths = _prototype("FPDFClipPath_CountPaths", c_int, c_void_p)
_clip_count_segments = _prototype("FPDFClipPath_CountPathSegments", c_int, c_void_p, c_int)
_clip_segment = _prototype("FPDFClipPath_GetPathSegment", c_void_p, c_void_p, c_int, c_int)


_WALK = pdfium_native.load()  # the compiled loops, when built (else the calls are made from here)

ClipKey = tuple[int, ...]


def _clip_key(clip: int) -> ClipKey:
    """What identifies a clip path while its page is loaded: the address of each of its paths'
    first segment (0 for an empty path). Objects drawn in one clipping state share the path
    data (PDFium counts references and copies on write), so these addresses repeat — a table
    whose every glyph is a text object of its own has one clip for thousands of them — and
    three or four calls tell the box is known instead of forty reading it again."""
    return tuple(_clip_segment(clip, p, 0) or 0 for p in range(_clip_count_paths(clip)))


def _clip_box(obj: int, known: dict[ClipKey, tuple[float, float, float, float] | None]) -> tuple[float, float, float, float] | None:
    """The box (left, bottom, right, top, page space) a text object is clipped to: the
    intersection of its clip paths' bounds; None when it has none. A glyph outside it is not
    painted — a table cell's text wrapped onto a second line the cell cuts off prints over the
    row below in the text layer, though no reader of the page sees it. ``known``: the boxes of
    the page's clip paths read so far (``_clip_key``)."""
    clip = _clip_path(obj)
    if not clip:
        return None
    key = _clip_key(clip)
    if key in known:
        return known[key]
    box = None
    fx, fy = c_float(), c_float()
    px, py = _ref(fx), _ref(fy)
    for p in range(len(key)):
        xs, ys = [], []
        for k in range(_clip_count_segments(clip, p)):
            seg = _clip_segment(clip, p, k)
            if seg and _segment_point(seg, px, py):
                xs.append(fx.value)
                ys.append(fy.value)
        if not xs:
            continue
        part = (min(xs), min(ys), max(xs), max(ys))
        box = part if box is None else (max(box[0], part[0]), max(box[1], part[1]), min(box[2], part[2]), min(box[3], part[3]))
    known[key] = box
    return box


def _clipped(box: tuple[float, float, float, float], x0: float, x1: float, y0: float, y1: float) -> bool:
    """Whether less than half of a glyph's box (user space) lies inside its object's clip box."""
    width, height = x1 - x0, y1 - y0
    if width <= 0 or height <= 0:
        return False
    left, bottom, right, top = box  # min() and max() spelt out: this runs for every glyph
    inside_x = (right if right < x1 else x1) - (left if left > x0 else x0)
    inside_y = (top if top < y1 else y1) - (bottom if bottom > y0 else y0)
    return inside_x < width / 2 or inside_y < height / 2


class PdfiumDocument:
    """An open PDF; a context manager that closes PDFium's handle on exit."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.pdf = pypdfium2.PdfDocument(path)
        self._zero_descent: frozenset[bytes] | None = None

    @property
    def zero_descent(self) -> frozenset[bytes]:
        """Fonts whose descriptor declares no descent (read once, on first use)."""
        if self._zero_descent is None:
            self._zero_descent = _fonts_without_descent(self.path)
        return self._zero_descent

    def __len__(self) -> int:
        return len(self.pdf)

    def __enter__(self) -> PdfiumDocument:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.pdf.close()


_FONT_NAME = re.compile(rb"/FontName\s*/([^\s/<>\[\]()]+)")
_DESCENT = re.compile(rb"/Descent\s+(-?[\d.]+)")
_SUBSET_TAG = re.compile(rb"^[A-Z]{6}\+")


def _fonts_without_descent(path: str) -> frozenset[bytes]:
    """Base names of fonts whose FontDescriptor says /Descent 0 or none (LibreOffice's CJK
    subsets do). pdfminer then puts the box bottom on the baseline, while PDFium invents a
    descent from some glyph of the subset — different for each subset of one font, so a line
    mixing subsets would come out ragged. PDFium exposes no dictionaries, so the descriptors
    are found in the file's bytes: uncompressed ones only; others keep PDFium's descent."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return frozenset()
    names = set()
    # the nearest << before each /FontDescriptor and >> after it, searched incrementally and a
    # dictionary read once, so a hostile file full of them costs linear time, not quadratic
    opened, searched, closed = -1, 0, None
    at = data.find(b"/FontDescriptor")
    while at >= 0:
        found = data.rfind(b"<<", max(0, searched - 1), at)
        opened, searched = (found if found >= 0 else opened), at
        if closed is None or 0 <= closed < at:
            closed = data.find(b">>", at)
        if opened < 0 or closed < 0:
            at = data.find(b"/FontDescriptor", at + 1)
            continue
        body = data[opened:closed]
        name = _FONT_NAME.search(body)
        descent = _DESCENT.search(body)
        if name and (descent is None or _number(descent.group(1)) == 0):
            names.add(_SUBSET_TAG.sub(b"", name.group(1)))
        opened, searched = -1, closed  # the next dictionary starts after this one
        at = data.find(b"/FontDescriptor", closed)
    return frozenset(names)


def _number(text: bytes) -> float | None:
    try:
        return float(text)
    except ValueError:  # "1.2.3": not a number PDFium would take either
        return None


def open_pdf(path: str) -> PdfiumDocument:
    """Open a PDF with PDFium; raises pypdfium2's PdfiumError (or OSError) when it cannot."""
    return PdfiumDocument(path)


@dataclass(eq=False)
class PageContent:
    """What the layout code needs from one page, in pdfplumber's coordinates and dicts."""

    index: int
    width: float
    height: float
    rotation: int
    bbox: tuple[float, float, float, float]
    cropbox: tuple[float, float, float, float]
    chars: list[Char] = field(default_factory=list)
    # the painted edges: as pdfium_walk.c's walk_page gives them (``EDGE_VALUES`` numbers each),
    # or as pdfplumber's dicts (the Python walk); ``edges`` makes the dicts when first asked
    edge_values: array | None = None
    edge_dicts: list[Edge] | None = None
    images: int = 0
    # text objects PDFium may have failed to place: a font not embedded whose substitute has
    # no such glyph leaves it without ink, and the text page drops it; its characters are
    # then missing from ``chars`` (a page with many is better read by pdfplumber)
    unplaced: int = 0

    def __eq__(self, other: object) -> bool:
        """Pages are equal when what they hold is, however their edges are kept."""
        if not isinstance(other, PageContent):
            return NotImplemented
        return self._compared() == other._compared()

    __hash__ = None  # type: ignore[assignment]  # mutable, as a dataclass with eq

    def _compared(self) -> tuple:
        """Every field, the edges as dicts whichever way they are kept."""
        return (*(getattr(self, f.name) for f in fields(self) if not f.name.startswith("edge_")), self.edges)

    @property
    def edges(self) -> list[Edge]:
        """The painted edges as pdfplumber's dicts."""
        if self.edge_dicts is None:
            self.edge_dicts = _edges_from(self.edge_values) if self.edge_values is not None else []
        return self.edge_dicts

    def find_tables(self) -> list[grid.Table]:
        """As pdfplumber's ``Page.find_tables()``, so the loader can call either page alike; from
        the walk's numbers when the compiled finder takes them (no dict made an edge)."""
        found = grid.find_tables_in(self.edge_values) if self.edge_values is not None else None
        return found if found is not None else grid.find_tables(self.edges)

    def dedupe_chars(self, tolerance: float = 1, extra_attrs: tuple[str, ...] = ("fontname", "size")) -> PageContent:
        """As pdfplumber's ``Page.dedupe_chars``: a copy without glyphs drawn twice (fake bold)."""
        return replace(self, chars=dedupe_chars(self.chars, tolerance, extra_attrs))


def dedupe_chars(chars: list[Char], tolerance: float = 1, extra_attrs: tuple[str, ...] = ("fontname", "size")) -> list[Char]:
    """pdfplumber.utils.dedupe_chars, keeping the same characters in the same order, but
    restoring the order by position instead of ``chars.index`` (quadratic on a long page)."""
    from itertools import groupby
    from operator import itemgetter

    key = itemgetter("upright", "text", *extra_attrs)
    pos_key = itemgetter("doctop", "x0")
    kept: list[Char] = []
    for _, group in groupby(sorted(chars, key=key), key=key):
        for y_cluster in grid.cluster_objects(list(group), itemgetter("doctop"), tolerance):
            for x_cluster in grid.cluster_objects(y_cluster, itemgetter("x0"), tolerance):
                kept.append(sorted(x_cluster, key=pos_key)[0])
    order = {id(c): n for n, c in enumerate(chars)}
    return sorted(kept, key=lambda c: order[id(c)])


@dataclass(frozen=True)
class _Geometry:
    """The map from PDF user space to pdfplumber's (x, top), as pdfminer + pdfplumber compose it."""

    transform: Affine  # x' = a*x + c*y + e ; top = b*x + d*y + f
    width: float
    height: float
    bbox: tuple[float, float, float, float]
    cropbox: tuple[float, float, float, float]
    rotation: int


def _normalize_box(box: tuple[float, ...], rotation: int) -> tuple[float, float, float, float]:
    x0, x1 = sorted((box[0], box[2]))
    y0, y1 = sorted((box[1], box[3]))
    return (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)


def _geometry(page: pypdfium2.PdfPage) -> _Geometry:
    """pdfminer's rotation CTM for the MediaBox, then pdfplumber's flip to a top-left origin."""
    rotation = page.get_rotation() % 360
    media = tuple(page.get_mediabox())
    x0, y0, x1, y1 = media
    ctm = {
        90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
        180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
        270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
    }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
    nx0, ny0, nx1, ny1 = _normalize_box(media, rotation)
    box_height = ny1 - ny0
    bbox = (nx0, box_height - ny1, nx1, box_height - ny0)
    a, b, c, d, e, f = ctm
    flip_base = (bbox[3] - bbox[1]) + bbox[1]  # pdfplumber: top = height - y' + mediabox top
    transform = (a, -b, c, -d, e + bbox[0], flip_base - f)
    crop_raw = tuple(page.get_cropbox())
    cx0, cy0, cx1, cy1 = _normalize_box(crop_raw, rotation)
    cropbox = (cx0, box_height - cy1, cx1, box_height - cy0)
    return _Geometry(transform, nx1 - nx0, box_height, bbox, cropbox, rotation)


def _compose(m: Affine, n: Affine) -> Affine:
    """m then n, in PDF's row-vector convention: [x y 1]·m·n."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


# --- characters -------------------------------------------------------------------------


@dataclass(slots=True)
class _Style:
    """What the glyphs of many text objects share: font, size, colour, mode, orientation."""

    fontname: str
    fontsize: float
    descent: float  # per unit of font size, negative
    color: tuple[int, int, int, int]
    invisible: bool
    matrix: tuple[float, float, float, float]  # text matrix in user space, forms included
    upright: bool  # pdfminer's test, on the matrix composed with the page's rotation
    angle: float  # degrees, counter-clockwise, of the baseline on the page
    # boxes straight from the loose box: the text is level or turned a quarter, and the font
    # has vertical metrics (without them PDFium's loose box falls back to the ink box)
    by_box: bool
    turned: bool  # a quarter turn in user space: glyphs advance along y (common on /Rotate pages)
    # not embedded: PDFium stretches the loose box over a substitute font's ink, which may
    # overrun the advance pdfminer uses (digits in STSong-Light), so the advance is checked
    substituted: bool


class Placed(NamedTuple):
    """Where a page's characters go (``_CharReader._place``), per character: its text object
    (0: none); whether it is printed and placed (1), not printed (0: no object, or cut off by
    its clip) or to be boxed from its matrix (2); its box on the page (x0, x1, top, bottom) and
    in user space (x0, x1, y0, y1), four numbers each; the number of its look in ``looks``:
    substituted font, font name, upright, angle, colour, invisible, style."""

    objs: list[int]
    flags: list[int]
    placed: list[float]
    user: list[float]
    char_style: list[int]
    looks: list[tuple]


def _decode_name(raw: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


class _FontCache:
    """Font name, descent and whether it has vertical metrics, per PDFium font handle."""

    def __init__(self, zero_descent: frozenset[bytes] = frozenset()) -> None:
        self.zero_descent = zero_descent
        self._fonts: dict[int, tuple[str, float, bool, bool]] = {}
        self._buf = ctypes.create_string_buffer(256)
        self._value = c_float()

    def get(self, font: int | None) -> tuple[str, float, bool, bool]:
        """(base font name, descent per unit size, has vertical metrics, is embedded)."""
        if not font:
            return ("", 0.0, False, True)
        hit = self._fonts.get(font)
        if hit is None:
            size = _font_name(font, self._buf, 256)
            raw = self._buf.raw[: max(size - 1, 0)] if size else b""
            name = _decode_name(raw)
            descent = self._value.value if _font_descent(font, 1.0, _ref(self._value)) else 0.0
            if _SUBSET_TAG.sub(b"", raw) in self.zero_descent:
                descent = 0.0  # as pdfminer reads the descriptor
            ascent = self._value.value if _font_ascent(font, 1.0, _ref(self._value)) else descent
            hit = self._fonts[font] = (name, descent, ascent != descent, bool(_font_embedded(font)))
        return hit


def _page_text(textpage: int, count: int) -> list[str]:
    """Every character's text in one call; one UTF-16 unit per char unless surrogates intervene."""
    buf = (ctypes.c_uint16 * (count + 1))()
    written = _get_text(textpage, 0, count, buf)
    text = bytes(buf)[: max(written - 1, 0) * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) != count:
        return [chr(_get_unicode(textpage, i)) for i in range(count)]
    chars = list(text)
    if "\ufffe" in text:  # PDFium's mark for a hyphen it takes for a line-end break
        for i, ch in enumerate(chars):
            if ch == "\ufffe":
                chars[i] = "-" if _is_hyphen(textpage, i) else chr(_get_unicode(textpage, i))
    return chars


class _CharReader:
    """Turns PDFium's per-character facts into pdfminer-shaped boxes in pdfplumber space.

    Two calls per character (its text object, its loose box); everything else is read once
    per text object, since PDFium gives all glyphs of an object one matrix, font and colour.
    The calls are made by the compiled loop when it is built (``pdfium_native``).
    """

    def __init__(self, textpage: int, geometry: _Geometry, zero_descent: frozenset[bytes] = frozenset()) -> None:
        self.textpage = textpage
        self.t = geometry.transform
        self.fonts = _FontCache(zero_descent)
        # per text object: its style and the user-space bottom and top of its glyph boxes
        # per text object, flat for the per-glyph loop: by_box, turned, the span across the
        # baseline (two floats), substituted, fontname, upright, angle, color, invisible, style
        self.objects: dict[int, tuple] = {}
        self.text_objects: Container[int] = self.objects  # the text objects of the page's glyphs
        self.clips: dict[int, tuple[float, float, float, float] | None] = {}  # per text object: its clip box
        self.clip_boxes: dict[ClipKey, tuple[float, float, float, float] | None] = {}  # per clip path of the page
        self.styles: dict[tuple, _Style] = {}
        self._x, self._y = c_double(), c_double()
        self._size = c_float()
        self._rgba = (c_uint(), c_uint(), c_uint(), c_uint())
        self._matrix = pdfium_c.FS_MATRIX()
        self._refs = (_ref(self._size), _ref(self._matrix), tuple(_ref(v) for v in self._rgba))

    def _place(self, count: int) -> Placed:
        """Where each character goes (``Placed``). Each new object is described in ``objects``
        and its clip box kept in ``clips``. By the compiled loops when they are built, else by
        the same calls from here."""
        if _WALK is not None:
            return self._place_compiled(count)
        tp, infos, clips = self.textpage, self.objects, self.clips
        ta, tb, tc, td, te, tf = self.t
        objs, flags, placed, user = [0] * count, [0] * count, [0.0] * (4 * count), [0.0] * (4 * count)
        char_style, looks, look_of = [-1] * count, [], {}
        box = pdfium_c.FS_RECTF()
        pbox = _ref(box)
        for i in range(count):
            obj = _text_object(tp, i)
            if not obj:  # a space or line break PDFium generated itself
                continue
            objs[i] = obj
            info = infos.get(obj)
            if info is None:
                info = infos[obj] = self._info(i, obj)
                clips[obj] = _clip_box(obj, self.clip_boxes)
                look_of[obj] = len(looks)
                looks.append(info[4:])
            char_style[i] = look_of[obj]
            by_box, turned, span0, span1 = info[:4]
            if not by_box:
                flags[i] = 2
                continue
            _loose_box(tp, i, pbox)
            left, bottom, right, top = box.left, box.bottom, box.right, box.top
            if turned:
                ux0, ux1, uy0, uy1 = span0, span1, bottom, top
            else:
                ux0, ux1, uy0, uy1 = left, right, span0, span1
            clip = clips[obj]
            if clip is not None and _clipped(clip, left, right, bottom, top):
                continue  # cut off by the clip: not printed
            xa, xb = ta * ux0 + tc * uy0 + te, ta * ux1 + tc * uy1 + te
            ya, yb = tb * ux0 + td * uy0 + tf, tb * ux1 + td * uy1 + tf
            x0, x1 = (xa, xb) if xa <= xb else (xb, xa)
            top, bottom = (ya, yb) if ya <= yb else (yb, ya)
            placed[4 * i:4 * i + 4] = x0, x1, top, bottom
            user[4 * i:4 * i + 4] = ux0, ux1, uy0, uy1
            flags[i] = 1
        return Placed(objs, flags, placed, user, char_style, looks)

    def _place_compiled(self, count: int) -> Placed:
        """``_place`` by pdfium_walk.c: its read_chars, then each distinct style described here
        (a table page drawing each glyph as an object of its own has thousands of objects and a
        handful of styles), then its place_chars."""
        assert _WALK is not None
        scan = _WALK.read_chars(self.textpage, count)
        width = pdfium_native.STYLE_FIELDS
        looks, params = [], []
        for k, font in enumerate(scan.style_fonts):
            v = scan.styles[k * width:(k + 1) * width]
            style = self._style(font, v[0], (int(v[1]), int(v[2]), int(v[3]), int(v[4])), int(v[5]), tuple(v[6:10]))
            looks.append((style.substituted and not style.turned, style.fontname, style.upright, style.angle,
                          style.color, style.invisible, style))
            params += (1.0 if style.by_box else 0.0, 1.0 if style.turned else 0.0, style.descent)
        self.text_objects = scan.objs
        flags, char_style, placed, user = _WALK.place_chars(scan, params, self.t)
        return Placed(scan.objs.tolist(), flags, placed, user, char_style, looks)

    def _info(self, index: int, obj: int) -> tuple:
        """Five calls per text object (the compiled loop makes them for ``_scan``)."""
        psize, pmatrix, prgba = self._refs
        fontsize = self._size.value if _font_size(obj, psize) else 0.0
        font = _text_font(obj) or 0
        r, g, b_, a_ = self._rgba
        color = (r.value, g.value, b_.value, a_.value) if _fill_color(obj, *prgba) else (0, 0, 0, 255)
        mode = _render_mode(obj)
        mm = self._matrix
        _char_matrix(self.textpage, index, pmatrix)
        return self._describe(font, fontsize, color, mode, (mm.a, mm.b, mm.c, mm.d, mm.e, mm.f))

    def _describe(self, font: int, fontsize: float, color: tuple[int, int, int, int], mode: int,
                  matrix: Sequence[float]) -> tuple:
        """A text object's facts, flat for the per-glyph loop; the style behind them is
        built once per page."""
        a, b, c, d, e, f = matrix
        key = (font, fontsize, color, mode, a, b, c, d)
        style = self.styles.get(key)
        if style is None:
            style = self.styles[key] = self._style(font, fontsize, color, mode, (a, b, c, d))
        # the span across the baseline, the same for all the object's glyphs: in y from its
        # baseline for level text, in x for text turned a quarter
        base, across = (e, c) if style.turned else (f, d)
        lo = base + across * style.descent * fontsize
        hi = base + across * (style.descent + 1.0) * fontsize
        if lo > hi:
            lo, hi = hi, lo
        return (style.by_box, style.turned, lo, hi, style.substituted and not style.turned, style.fontname,
                style.upright, style.angle, style.color, style.invisible, style)

    def _style(self, font: int, fontsize: float, color: tuple[int, int, int, int], mode: int,
               matrix: tuple[float, float, float, float]) -> _Style:
        name, descent, metrics, embedded = self.fonts.get(font)
        a, b, c, d = matrix
        ta, tb, tc, td = self.t[:4]
        ca, cb, cc, cd = ta, -tb, tc, -td  # pdfminer's rotation CTM: the transform before the flip
        pa, pb = a * ca + b * cc, a * cb + b * cd
        pc, pd = c * ca + d * cc, c * cb + d * cd
        return _Style(
            fontname=name,
            fontsize=fontsize,
            descent=descent,
            color=color,
            invisible=mode in _INVISIBLE_MODES,
            matrix=matrix,
            upright=pa * pd > 0 and pb * pc <= 0,
            angle=math.degrees(math.atan2(pb, pa)) % 360.0,
            by_box=((b == 0.0 and c == 0.0) or (a == 0.0 and d == 0.0)) and metrics,
            turned=a == 0.0 and d == 0.0,
            substituted=not embedded,
        )

    def read(self) -> list[Char]:
        count = _count_chars(self.textpage)
        if count <= 0:
            return []
        texts = _page_text(self.textpage, count)
        objs, flags, placed, user, char_style, looks = self._place(count)
        out: list[Char] = []
        append = out.append
        rotated: list[tuple[Char, int, int, _Style]] = []  # glyphs at an angle, boxed afterwards
        substituted: list[tuple[Char, int, int, float, float, float, float]] = []
        boxes = zip(placed[0::4], placed[1::4], placed[2::4], placed[3::4], strict=True)
        for i, flag, style_number, (x0, x1, top, bottom) in zip(range(count), flags, char_style, boxes, strict=True):
            if not flag:
                continue
            substituted_font, fontname, upright, angle, color, invisible, style = looks[style_number]
            if flag != 1:
                x0 = x1 = top = bottom = 0.0  # set by _box_by_matrix below
            char: Char = {
                "text": texts[i],
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "size": bottom - top,
                "fontname": fontname,
                "upright": upright,
                "angle": angle,
                "color": color,
                "invisible": invisible,
            }
            if flag == 2:
                rotated.append((char, i, objs[i], style))
            elif substituted_font:
                substituted.append((char, i, objs[i], *user[4 * i:4 * i + 4]))
            append(char)
        if rotated:
            self._box_by_matrix(rotated)
        if substituted:
            self._clip_advances(substituted)
        return out

    def _clip_advances(self, pending: list[tuple[Char, int, int, float, float, float, float]]) -> None:
        """In a substituted font, end each glyph's box no later than the next glyph of its
        text object starts: the advance pdfminer takes from the PDF's widths."""
        ta, tb, tc, td, te, tf = self.t
        x, px, py = self._x, _ref(self._x), _ref(self._y)
        starts = []
        for _, i, *_ in pending:
            _char_origin(self.textpage, i, px, py)
            starts.append(x.value)
        for k in range(len(pending) - 1):
            char, _, obj, ux0, ux1, uy0, uy1 = pending[k]
            if pending[k + 1][2] != obj:
                continue
            step = starts[k + 1] - starts[k]
            if not 0 < step < ux1 - ux0:
                continue
            ux1 = ux0 + step
            xa, xb = ta * ux0 + tc * uy0 + te, ta * ux1 + tc * uy1 + te
            ya, yb = tb * ux0 + td * uy0 + tf, tb * ux1 + td * uy1 + tf
            x0, x1 = (xa, xb) if xa <= xb else (xb, xa)
            top, bottom = (ya, yb) if ya <= yb else (yb, ya)
            char.update(x0=x0, x1=x1, top=top, bottom=bottom, doctop=top, size=bottom - top)

    def _box_by_matrix(self, pending: list[tuple[Char, int, int, _Style]]) -> None:
        """pdfminer's box corners under the full matrix, for glyphs drawn at an angle (or in
        fonts without vertical metrics, where PDFium's loose box is the ink box).

        The advance is the distance to the next glyph of the same text object; the last
        glyph of an object takes the font size (CJK glyphs are square).
        """
        ta, tb, tc, td, te, tf = self.t
        x, y = self._x, self._y
        origins = []
        for _, i, _, _ in pending:
            _char_origin(self.textpage, i, _ref(x), _ref(y))
            origins.append((x.value, y.value))
        for k, (char, _, obj, info) in enumerate(pending):
            a, b, c, d = info.matrix
            ox, oy = origins[k]
            scale = math.hypot(a, b) or 1.0
            if k + 1 < len(pending) and pending[k + 1][2] == obj:
                adv = math.hypot(origins[k + 1][0] - ox, origins[k + 1][1] - oy) / scale
            else:
                adv = info.fontsize
            lo, hi = info.descent * info.fontsize, (info.descent + 1.0) * info.fontsize
            xs, tops = [], []
            for u, v in ((0.0, lo), (adv, lo), (0.0, hi), (adv, hi)):
                ux, uy = ox + a * u + c * v, oy + b * u + d * v
                xs.append(ta * ux + tc * uy + te)
                tops.append(tb * ux + td * uy + tf)
            x0, x1, top, bottom = min(xs), max(xs), min(tops), max(tops)
            char.update(x0=x0, x1=x1, top=top, bottom=bottom, doctop=top, size=bottom - top)


# --- paths -> edges -----------------------------------------------------------------------


class _Painter:
    """Walks the page's objects once, forms included, collecting edges and counting images.
    pdfium_walk.c's walk_page does the same when it is built (``_objects``).

    A plain loop rather than a generator: a page holds hundreds of text objects that are
    only typed and skipped here, and each costs as little as possible.
    """

    def __init__(self, seen_text: Container[int] | None = None) -> None:
        self.edges: list[Edge] = []
        self.images = 0
        self.seen_text = seen_text if seen_text is not None else set()
        # blank text objects PDFium's text page leaves out: [object, matrix to page, advance]
        self.blanks: list[list[Any]] = []
        self._fill, self._stroke = c_int(), c_int()
        self._fsm = pdfium_c.FS_MATRIX()
        self._bounds = (c_float(), c_float(), c_float(), c_float())
        self._refs = (_ref(self._fill), _ref(self._stroke), _ref(self._fsm))

    def visit(self, container: int, count_fn: Any, get_fn: Any, matrix: Affine) -> None:
        pfill, pstroke, pfsm = self._refs
        fsm = self._fsm
        object_type = _object_type
        for i in range(count_fn(container)):
            obj = get_fn(container, i)
            kind = object_type(obj) if obj else 0
            if kind == _OBJ_PATH:
                _draw_mode(obj, pfill, pstroke)
                if not self._fill.value and not self._stroke.value:
                    continue  # a clipping path only: pdfminer never paints it
                _object_matrix(obj, pfsm)
                m = _compose((fsm.a, fsm.b, fsm.c, fsm.d, fsm.e, fsm.f), matrix)
                for sub in _subpaths(obj, m):
                    self.edges.extend(_shape_edges(sub))
            elif kind == _OBJ_TEXT:
                if self.blanks and self.blanks[-1][2] is None:
                    _object_matrix(obj, pfsm)  # the next glyph's origin bounds the blank's advance
                    self.blanks[-1][2] = _compose((fsm.a, fsm.b, fsm.c, fsm.d, fsm.e, fsm.f), matrix)
                if obj not in self.seen_text and self._is_blank(obj):
                    _object_matrix(obj, pfsm)
                    self.blanks.append([obj, _compose((fsm.a, fsm.b, fsm.c, fsm.d, fsm.e, fsm.f), matrix), None])
            elif kind == _OBJ_IMAGE:
                self.images += 1
            elif kind == _OBJ_FORM:
                _object_matrix(obj, pfsm)
                inner = _compose((fsm.a, fsm.b, fsm.c, fsm.d, fsm.e, fsm.f), matrix)
                self.visit(obj, _form_count, _form_object, inner)


    def _is_blank(self, obj: int) -> bool:
        """A text object of zero width: only spaces (PDFium's text page skips such objects)."""
        left, bottom, right, top = self._bounds
        if not _object_bounds(obj, _ref(left), _ref(bottom), _ref(right), _ref(top)):
            return False
        return abs(right.value - left.value) < 1e-4


def _subpaths(path: int, m: Affine) -> list[list[tuple[str, float, float]]]:
    """pdfminer's view of a path: one list per subpath of ops m/l/c/h, each with its end
    point in page space (PDFium splits a curve into two control points and an end).
    It and ``_shape_edges`` are pdfium_walk.c's path_edges, which runs instead when built."""
    a, b, c, d, e, f = m
    fx, fy = c_float(), c_float()
    px, py = _ref(fx), _ref(fy)
    out: list[list[tuple[str, float, float]]] = []
    ops: list[tuple[str, float, float]] = []
    start = (0.0, 0.0)
    bezier = 0
    get_segment, segment_type, segment_point, segment_close = _path_segment, _segment_type, _segment_point, _segment_close
    for i in range(_count_segments(path)):
        seg = get_segment(path, i)
        kind = segment_type(seg)
        segment_point(seg, px, py)
        x, y = fx.value, fy.value
        pt = (a * x + c * y + e, b * x + d * y + f)
        if kind == _SEG_MOVETO:
            ops = [("m", *pt)]
            out.append(ops)
            start = pt
            bezier = 0
            continue
        if not ops:  # a path not starting with a move: pdfminer ignores it, so do we
            ops = [("", *pt)]
            out.append(ops)
        if kind == _SEG_LINETO:
            ops.append(("l", *pt))
        elif kind == _SEG_BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:
                ops.append(("c", *pt))
        if segment_close(seg):
            ops.append(("h", *start))
    return out


def _edge(kind: str, x0: float, x1: float, top: float, bottom: float, orientation: str | None) -> Edge:
    """pdfplumber's edge dict, less doctop and the source object's style: the table finder
    copies every edge while snapping, so every key costs."""
    return {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


def _edges_from(values: array) -> list[Edge]:
    """Edges from the numbers pdfium_walk.c's path_edges gives."""
    kinds, orientations, width = pdfium_native.EDGE_KINDS, pdfium_native.ORIENTATIONS, pdfium_native.EDGE_VALUES
    return [
        _edge(kinds[int(values[i])], values[i + 1], values[i + 2], values[i + 3], values[i + 4],
              orientations[int(values[i + 5])])
        for i in range(0, len(values), width)
    ]


def _shape_edges(sub: list[tuple[str, float, float]]) -> list[Edge]:
    """pdfminer's paint_path classification (line / rect / curve) then pdfplumber's edges."""
    if sub[0][0] != "m":
        return []
    shape = "".join(op[0] for op in sub)
    pts = [(op[1], op[2]) for op in sub]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("ml", "mlh"):
        (xa, ya), (xb, yb) = pts[0], pts[1]
        top, bottom = min(ya, yb), max(ya, yb)
        return [_edge("line", min(xa, xb), max(xa, xb), top, bottom, "h" if top == bottom else "v")]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            return _rect_edges(pts)
    return _curve_edges(pts)


def _rect_edges(pts: list[tuple[float, float]]) -> list[Edge]:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    return [
        _edge("rect_edge", x0, x1, top, top, "h"),
        _edge("rect_edge", x0, x1, bottom, bottom, "h"),
        _edge("rect_edge", x0, x0, top, bottom, "v"),
        _edge("rect_edge", x1, x1, top, bottom, "v"),
    ]


def _curve_edges(pts: list[tuple[float, float]]) -> list[Edge]:
    out = []
    for (xa, ya), (xb, yb) in zip(pts, pts[1:], strict=False):
        orientation = "v" if xa == xb else ("h" if ya == yb else None)
        out.append(_edge("curve_edge", min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb), orientation))
    return out


def _objects(page: int, geometry: _Geometry, seen_text: Container[int]
             ) -> tuple[array | list[Edge], int, list[list[Any]]]:
    """Edges of every painted path (forms included), the image count, and blank text objects
    (``_Painter.blanks``); by pdfium_walk.c's walk_page when it is built, which gives the edges
    as numbers (``PageContent.edge_values``), else as dicts."""
    if _WALK is not None:
        seen = seen_text if isinstance(seen_text, array) else array("Q", seen_text)
        values, blanks, images = _WALK.walk_page(page, geometry.transform, seen)
        return values, images, blanks
    painter = _Painter(seen_text)
    painter.visit(page, _count_objects, _page_object, geometry.transform)
    return painter.edges, painter.images, painter.blanks


def _blank_chars(blanks: list[list[Any]], fonts: _FontCache) -> tuple[list[Char], int]:
    """A space for each blank text object PDFium's text page dropped, where pdfminer has one.

    Their glyphs are unknown (PDFium exposes no char codes), so the advance to the next text
    object on the same baseline decides: about an em is an ideographic space (U+3000, the
    paragraph indent), else a space whose box spans the advance (a run of padding spaces
    becomes one); with no neighbour, a space of a quarter em.
    A wide blank in a font that is not embedded may as well be a glyph PDFium could not
    draw (no substitute font has it, so it has no ink): those are counted, not invented.
    """
    out: list[Char] = []
    unplaced = 0
    size, rgba = c_float(), (c_uint(), c_uint(), c_uint(), c_uint())
    for obj, m, following in blanks:
        name, descent, _, embedded = fonts.get(_text_font(obj))
        fontsize = size.value if _font_size(obj, _ref(size)) else 0.0
        a, b, c, d, e, f = m
        scale = math.hypot(a, b) or 1.0
        advance = None
        if following is not None and fontsize:
            along = ((following[4] - e) * a + (following[5] - f) * b) / scale / scale
            across = abs((following[4] - e) * b - (following[5] - f) * a) / scale / scale
            if across < 0.01 * fontsize and 0 < along <= 20 * fontsize:
                advance = along  # one glyph, or a run of padding spaces: the box spans it
        wide = advance is not None and 0.9 * fontsize <= advance <= 1.05 * fontsize
        if not embedded and (wide or _short_of(obj, advance, fontsize)):
            unplaced += 1  # an indent, or glyphs with no substitute to draw them: unknowable
            continue
        advance = advance if advance is not None else 0.25 * fontsize
        lo, hi = descent * fontsize, (descent + 1.0) * fontsize
        xs = [e + a * u + c * v for u, v in ((0, lo), (advance, lo), (0, hi), (advance, hi))]
        ys = [f + b * u + d * v for u, v in ((0, lo), (advance, lo), (0, hi), (advance, hi))]
        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
        ok = _fill_color(obj, *(_ref(v) for v in rgba))
        pa, pb, pc, pd = a, -b, c, -d  # back to pdfminer's y-up space for its upright test
        out.append({
            "text": "\u3000" if wide else " ",
            "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "size": bottom - top,
            "fontname": name,
            "upright": pa * pd > 0 and pb * pc <= 0,
            "angle": math.degrees(math.atan2(pb, pa)) % 360.0,
            "color": tuple(v.value for v in rgba) if ok else (0, 0, 0, 255),
            "invisible": _render_mode(obj) in _INVISIBLE_MODES,
        })
    return out, unplaced


def _short_of(obj: Any, advance: float | None, fontsize: float) -> bool:
    """Whether a dropped text object spans a glyph or more but stops short of the next text on its
    baseline (or has none after it): words PDFium could not draw (a font not embedded, and no
    substitute for it on this machine: a CJK font on a machine without one), not the padding spaces
    that run up to the next text. Measured along its baseline from its origin, in its text space
    (as ``advance`` is). On the corpus no page is counted by it that was not counted already."""
    if not fontsize:
        return False
    matrix, box = (c_float * 6)(), (c_float(), c_float(), c_float(), c_float())
    if not _object_matrix(obj, _ref(matrix)) or not _object_bounds(obj, *(_ref(v) for v in box)):
        return False
    a, b, _, _, e, f = matrix
    left, bottom, right, top = (v.value for v in box)
    square = a * a + b * b
    if not square:
        return False
    reach = max(((x - e) * a + (y - f) * b) / square for x in (left, right) for y in (bottom, top))
    return reach >= 0.9 * fontsize and (advance is None or reach < advance - 0.5 * fontsize)


# --- public entry points ------------------------------------------------------------------


def _address(handle: Any) -> int:
    return ctypes.cast(handle, c_void_p).value or 0


def read_page(doc: PdfiumDocument, index: int) -> PageContent:
    """One page's characters, edges and image count; the page is closed before returning."""
    page = doc.pdf[index]
    try:
        geometry = _geometry(page)
        textpage = page.get_textpage()
        try:
            limits.check_page_chars(doc.path, index + 1, textpage.count_chars())  # before ~1 KiB each
            reader = _CharReader(_address(textpage.raw), geometry, doc.zero_descent)
            chars = reader.read()
        finally:
            textpage.close()
        edges, images, blank_objects = _objects(_address(page.raw), geometry, reader.text_objects)
        blanks, unplaced = _blank_chars(blank_objects, reader.fonts)
        chars.extend(blanks)
    finally:
        page.close()
    return PageContent(
        index=index,
        width=geometry.width,
        height=geometry.height,
        rotation=geometry.rotation,
        bbox=geometry.bbox,
        cropbox=geometry.cropbox,
        chars=chars,
        edge_values=edges if isinstance(edges, array) else None,
        edge_dicts=None if isinstance(edges, array) else edges,
        images=images,
        unplaced=unplaced,
    )


__all__ = ["PageContent", "PdfiumDocument", "dedupe_chars", "open_pdf", "read_page"]
