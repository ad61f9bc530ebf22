"""Tables found from a page's ruling lines: pdfplumber's "lines" table finder, re-written.

The loader finds a table where ruling lines cross: edges snapped and joined, their
crossings, the smallest boxes closed by four crossings (cells), and groups of cells that
share corners (tables). These are pdfplumber's algorithms with its default settings, giving
its exact cells and tables (a test compares each step with pdfplumber's on real pages), but
without its quadratic scans and without importing pdfplumber — which brings pdfminer with
it, about 50 ms of every PDF check's start-up. pdfplumber stays the fallback reader for
files and pages PDFium cannot read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from budget_audit.ingest import layout_native

Edge = dict[str, Any]
Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, top, x1, bottom

# pdfplumber's TableSettings defaults for the "lines" strategies, the only ones the loader uses
SNAP = 3  # edges this close on their axis are moved to their mean
JOIN = 3  # collinear edges this close end to end become one
EDGE_MIN_LENGTH = 3  # shorter merged edges are not ruling lines
EDGE_MIN_LENGTH_PREFILTER = 1  # shorter drawn edges are not even merged
INTERSECTION = 3  # how far an edge may miss another and still cross it

_LAYOUT = layout_native.LOADED  # the compiled finder, when built (else the functions below)


def cluster_objects(items: Sequence[Any], key: Callable[[Any], float], tolerance: float) -> list[list[Any]]:
    """pdfplumber.utils.cluster_objects: items grouped by key values that chain within
    ``tolerance`` of each other, groups in key order, items in their given order."""
    values = sorted(set(map(key, items)))
    if not values:
        return []
    cluster_of: dict[float, int] = {}
    n, last = 0, values[0]
    for v in values:
        if tolerance and v > last + tolerance or not tolerance and v != last:
            n += 1
        cluster_of[v] = n
        last = v
    tagged = sorted(((cluster_of[key(x)], k) for k, x in enumerate(items)))
    return [[items[k] for _, k in group] for _, group in groupby(tagged, key=itemgetter(0))]


def edges_to_intersections(edges: list[Edge], x_tolerance: float = 1, y_tolerance: float = 1) -> dict[Point, dict]:
    """pdfplumber.table.edges_to_intersections, same result in the same order, without
    re-sorting the horizontal edges for every vertical one nor scanning those out of reach."""
    v_edges = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    h_edges = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    h_tops = [h["top"] for h in h_edges]
    intersections: dict[Point, dict] = {}
    for v in v_edges:
        vx, vtop, vbottom = v["x0"], v["top"], v["bottom"]
        lo = bisect_left(h_tops, vtop - y_tolerance)
        hi = bisect_right(h_tops, vbottom + y_tolerance)
        for h in h_edges[lo:hi]:
            htop = h["top"]
            if vtop <= htop + y_tolerance and vbottom >= htop - y_tolerance and h["x0"] - x_tolerance <= vx <= h["x1"] + x_tolerance:
                found = intersections.get((vx, htop))
                if found is None:
                    found = intersections[(vx, htop)] = {"v": [], "h": []}
                found["v"].append(v)
                found["h"].append(h)
    return intersections


def intersections_to_cells(intersections: dict[Point, dict]) -> list[Box]:
    """pdfplumber.table.intersections_to_cells, same cells, with each point's edge sets built
    once and its neighbours below and to the right looked up instead of scanned for."""

    def boxes(edges: list[Edge]) -> frozenset[Box]:
        return frozenset((e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges)

    v_sets = {p: boxes(found["v"]) for p, found in intersections.items()}
    h_sets = {p: boxes(found["h"]) for p, found in intersections.items()}
    points = sorted(intersections)
    same_x: dict[float, list[Point]] = {}
    same_y: dict[float, list[Point]] = {}
    for p in points:  # in sorted order, so each list is in the order pdfplumber scans it
        same_x.setdefault(p[0], []).append(p)
        same_y.setdefault(p[1], []).append(p)
    in_column = {p: k for column in same_x.values() for k, p in enumerate(column)}
    in_row = {p: k for row in same_y.values() for k, p in enumerate(row)}

    # Points of one column share x and differ in y, so only a vertical edge can join them
    # (and only a horizontal one, points of a row): pdfplumber's edge_connects, halved.
    cells = []
    for pt in points:
        v_pt, h_pt = v_sets[pt], h_sets[pt]
        below = [q for q in same_x[pt[0]][in_column[pt] + 1 :] if not v_pt.isdisjoint(v_sets[q])]
        if not below:
            continue
        right = [q for q in same_y[pt[1]][in_row[pt] + 1 :] if not h_pt.isdisjoint(h_sets[q])]
        cell = _smallest_cell(pt, below, right, v_sets, h_sets)
        if cell:
            cells.append(cell)
    return cells


def _smallest_cell(pt: Point, below: list[Point], right: list[Point], v_sets: dict, h_sets: dict) -> Box | None:
    """The first (below, right) pair, in pdfplumber's order, whose corner closes a cell."""
    for below_pt in below:
        for right_pt in right:
            corner = (right_pt[0], below_pt[1])
            v_corner = v_sets.get(corner)
            if v_corner is not None and not v_corner.isdisjoint(v_sets[right_pt]) and not h_sets[corner].isdisjoint(h_sets[below_pt]):
                return (pt[0], pt[1], corner[0], corner[1])
    return None


def merge_edges(edges: list[Edge], snap_x: float, snap_y: float, join_x: float, join_y: float) -> list[Edge]:
    """pdfplumber.table.merge_edges, the same edges in the same order and the same floats
    (each sum and difference as pdfplumber computes it), copying each edge dict once with
    ``{**edge}`` instead of rebuilding it from its items at every step."""
    if snap_x > 0 or snap_y > 0:
        snapped: list[Edge] = []
        for orientation, attr, other, tolerance in (("v", "x0", "x1", snap_x), ("h", "top", "bottom", snap_y)):
            group = [e for e in edges if e["orientation"] == orientation]
            for cluster in cluster_objects(group, itemgetter(attr), tolerance):
                avg = sum(map(itemgetter(attr), cluster)) / len(cluster)
                for e in cluster:
                    shift = avg - e[attr]
                    moved = {**e, attr: e[attr] + shift, other: e[other] + shift}
                    if "doctop" in e and attr == "top":
                        moved["doctop"] = e["doctop"] + shift
                    snapped.append(moved)
        edges = snapped

    def group_of(edge: Edge) -> tuple[str, float]:
        return ("h", edge["top"]) if edge["orientation"] == "h" else ("v", edge["x0"])

    out: list[Edge] = []
    for (orientation, _), items in groupby(sorted(edges, key=group_of), key=group_of):
        lo, hi, size, tolerance = ("x0", "x1", "width", join_x) if orientation == "h" else ("top", "bottom", "height", join_y)
        ordered = sorted(items, key=itemgetter(lo))
        joined = [ordered[0]]
        for e in ordered[1:]:
            last = joined[-1]
            if e[lo] <= last[hi] + tolerance:
                if e[hi] > last[hi]:
                    value = e[hi]
                    grown = {**last, hi: value}
                    grown[size] = value - last[lo] if size == "width" else last["height"] + (value - last[hi])
                    joined[-1] = grown
            else:
                joined.append(e)
        out.extend(joined)
    return out


def table_edges(edges: list[Edge]) -> list[Edge]:
    """The ruling lines tables are found from: drawn edges long enough, snapped and joined
    (pdfplumber's TableFinder.get_edges for the "lines" strategies)."""
    v = [e for e in edges if e["orientation"] == "v" and e["height"] >= EDGE_MIN_LENGTH_PREFILTER]
    h = [e for e in edges if e["orientation"] == "h" and e["width"] >= EDGE_MIN_LENGTH_PREFILTER]
    merged = merge_edges(v + h, SNAP, SNAP, JOIN, JOIN)
    return [e for e in merged if e["height" if e["orientation"] == "v" else "width"] >= EDGE_MIN_LENGTH]


def cells_to_tables(cells: list[Box]) -> list[list[Box]]:
    """pdfplumber.table.cells_to_tables: cells that share a corner, directly or through
    others, form one table; tables of more than one cell, topmost-then-leftmost first.

    pdfplumber grows each table by rescanning every remaining cell until none joins
    (quadratic on a long table); the same groups are the connected parts of the
    shares-a-corner graph, found here in one pass with a union-find over corners."""
    parent = list(range(len(cells)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    owner: dict[Point, int] = {}
    for k, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            other = owner.setdefault(corner, k)
            if other != k:
                a, b = root(other), root(k)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Box]] = {}
    for k, cell in enumerate(cells):
        groups.setdefault(root(k), []).append(cell)
    tables = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


class Row:
    """One row of a table: a box per column of the table's grid (None where the row has no
    cell starting at that column: a merged cell from the left covers it)."""

    __slots__ = ("bbox", "cells")

    def __init__(self, cells: list[Box | None]) -> None:
        self.cells = cells
        present = [c for c in cells if c is not None]
        self.bbox = (min(c[0] for c in present), min(c[1] for c in present),
                     max(c[2] for c in present), max(c[3] for c in present))


class Table:
    """A table as pdfplumber's ``Table`` gives it to the loader: its cells, box and rows."""

    __slots__ = ("_rows", "cells")

    def __init__(self, cells: list[Box]) -> None:
        self.cells = cells
        self._rows: list[Row] | None = None

    @property
    def bbox(self) -> Box:
        c = self.cells
        return (min(b[0] for b in c), min(b[1] for b in c), max(b[2] for b in c), max(b[3] for b in c))

    @property
    def rows(self) -> list[Row]:
        """Cells grouped by top, top to bottom; each row has a slot for every left edge of the
        table (pdfplumber's ``Table.rows``). Worked out once: the loader reads them twice."""
        if self._rows is None:
            xs = sorted({c[0] for c in self.cells})
            self._rows = []
            for _, row_cells in groupby(sorted(self.cells, key=itemgetter(1, 0)), itemgetter(1)):
                at = {c[0]: c for c in row_cells}
                self._rows.append(Row([at.get(x) for x in xs]))
        return self._rows


def find_tables_in(values: Sequence[float]) -> list[Table] | None:
    """The tables drawn by edges given as pdfium_walk.c's numbers, found by page_layout.c; None
    when it is not built or cannot take them (the caller makes the edge dicts for ``find_tables``)."""
    found = _LAYOUT.find_tables_in(values) if _LAYOUT is not None else None
    return None if found is None else [Table(cells) for cells in found]


def find_tables(edges: list[Edge]) -> list[Table]:
    """The tables a page's ruling lines draw (pdfplumber's ``Page.find_tables()`` with its
    default settings); by page_layout.c when it is built (``layout_native``), the same tables."""
    if _LAYOUT is not None:
        found = _LAYOUT.find_tables(edges)
        if found is not None:
            return [Table(cells) for cells in found]
    ruled = table_edges(edges)
    cells = intersections_to_cells(edges_to_intersections(ruled, INTERSECTION, INTERSECTION))
    return [Table(group) for group in cells_to_tables(cells)]
