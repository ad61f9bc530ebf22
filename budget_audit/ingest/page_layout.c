/* The per-glyph loops of laying a page's glyphs in its ruled tables (budget_audit/ingest/pdf.py), in C.
 *
 * A table page has thousands of glyphs and hundreds of cells; finding each glyph's frame and the
 * smallest cell holding it, putting each cell's glyphs in reading order and measuring where its
 * text starts were a Python call or more per glyph, and a fifth of reading a table file. These
 * functions take the page's glyph coordinates as flat arrays (one array per coordinate, in the
 * page's glyph order) and give back flags, an order and numbers; Python joins the texts.
 *
 * They decide exactly as the Python functions they stand in for (pdf.py: the frame test of
 * _read_page, _CellIndex.smallest, line_groups, _lead): the same comparisons in the same order,
 * ties kept in the same order (stable sorts), the same arithmetic (built with -ffp-contract=off).
 * Sorting and comparing agree with Python's only for numbers, so a table with a coordinate that is
 * not finite is refused (-1) and the caller lays it out in Python. A test holds the two to identical
 * output. Nothing here calls PDFium: pdfplumber's pages are laid out with it as well.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef SOURCE_DIGEST
#define SOURCE_DIGEST 0ULL
#endif

/* The digest of this source the build compiled in (hatch_build.py): the loader compares it with
 * the source beside the library, so a library built from an older source is not used. */
uint64_t source_digest(void) { return SOURCE_DIGEST; }

/* 1 where a glyph's centre lies in one of the ``nboxes`` boxes (x0, top, x1, bottom; bounds
 * included), else 0: the frame test of _read_page. */
void frame_glyphs(int n, const double *x0, const double *x1, const double *top, const double *bottom, int nboxes,
                  const double *boxes, unsigned char *inside) {
    for (int i = 0; i < n; i++) {
        double cx = (x0[i] + x1[i]) / 2, cy = (top[i] + bottom[i]) / 2;
        unsigned char in = 0;
        for (int k = 0; k < nboxes; k++) {
            const double *b = boxes + 4 * k;
            if (b[0] <= cx && cx <= b[2] && b[1] <= cy && cy <= b[3]) {
                in = 1;
                break;
            }
        }
        inside[i] = in;
    }
}

/* Python's bisect_left and bisect_right over ``count`` values ``stride`` apart. */
static int bisect_left(const double *values, int stride, int count, double x) {
    int lo = 0, hi = count;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (values[stride * mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static int bisect_right(const double *values, int stride, int count, double x) {
    int lo = 0, hi = count;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (x < values[stride * mid]) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

/* Sort ``idx[0..n)`` by ``key[idx[k]]``, stably (as Python's sorted): insertion sort for short
 * runs, merge sort through ``tmp`` (n ints) for long ones. */
static void stable_sort(int *idx, int n, const double *key, int *tmp) {
    if (n <= 24) {
        for (int k = 1; k < n; k++) {
            int cur = idx[k], j = k - 1;
            while (j >= 0 && key[cur] < key[idx[j]]) {
                idx[j + 1] = idx[j];
                j--;
            }
            idx[j + 1] = cur;
        }
        return;
    }
    int half = n / 2;
    stable_sort(idx, half, key, tmp);
    stable_sort(idx + half, n - half, key, tmp);
    int a = 0, b = half, out = 0;
    while (a < half && b < n) tmp[out++] = key[idx[b]] < key[idx[a]] ? idx[b++] : idx[a++];
    while (a < half) tmp[out++] = idx[a++];
    while (b < n) tmp[out++] = idx[b++];
    memcpy(idx, tmp, sizeof(int) * (size_t)n);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The glyphs of one table in its cells: for each glyph inside the table's ``frame`` (x0, top, x1,
 * bottom) the smallest cell holding its centre, of ``ncells`` cells of 5 numbers (x0, top, x1,
 * bottom, area), the first ``nlow`` of ordinary height sorted by top (looked up by top, ``reach``
 * above a point at most), the rest tall (always looked at) — _CellIndex.smallest. Each placed
 * glyph's ``held`` flag is set. ``order`` gets the placed glyphs cell by cell, each cell's in
 * reading order (line_groups), ``starts`` each cell's first position in it (ncells + 1 values);
 * ``leads`` 3 numbers a cell (_lead: where its ink starts from the cell's left border, its
 * glyphs' median width, the middle of its ink) and ``has_lead`` 1 where the cell has ink (``ink``
 * flags the glyphs that are not blank). Returns how many glyphs were placed, -1 when a glyph's
 * coordinate is not finite (then nothing is written), -2 out of memory. */
int place_in_cells(int n, const double *x0, const double *x1, const double *top, const double *bottom,
                   const unsigned char *ink, const double *frame, int ncells, int nlow, const double *cells, double reach,
                   unsigned char *held, int *order, int *starts, double *leads, unsigned char *has_lead) {
    for (int i = 0; i < n; i++)
        if (!isfinite(x0[i]) || !isfinite(x1[i]) || !isfinite(top[i]) || !isfinite(bottom[i])) return -1;
    int *cell_of = malloc(sizeof(int) * (size_t)(n ? n : 1));
    int *tmp = malloc(sizeof(int) * (size_t)(n ? n : 1));
    double *mid = malloc(sizeof(double) * (size_t)(n ? n : 1));
    double *widths = malloc(sizeof(double) * (size_t)(n ? n : 1));
    int *next = malloc(sizeof(int) * (size_t)(ncells ? ncells : 1));  /* where each cell's next glyph goes */
    if (!cell_of || !tmp || !mid || !widths || !next) {
        free(cell_of), free(tmp), free(mid), free(widths), free(next);
        return -2;
    }
    memset(starts, 0, sizeof(int) * (size_t)(ncells + 1));
    int placed = 0;
    for (int i = 0; i < n; i++) {
        double cx = (x0[i] + x1[i]) / 2, cy = (top[i] + bottom[i]) / 2;
        mid[i] = cy;
        cell_of[i] = -1;
        if (!(frame[0] <= cx && cx <= frame[2] && frame[1] <= cy && cy <= frame[3])) continue;
        int best = -1;
        double least = INFINITY;
        int lo = bisect_left(cells + 1, 5, nlow, cy - reach), hi = bisect_right(cells + 1, 5, nlow, cy);
        for (int k = lo; k < hi; k++) {
            const double *c = cells + 5 * k;
            if (c[0] <= cx && cx <= c[2] && cy <= c[3] && c[4] < least) best = k, least = c[4];
        }
        for (int k = nlow; k < ncells; k++) {
            const double *c = cells + 5 * k;
            if (c[0] <= cx && cx <= c[2] && c[1] <= cy && cy <= c[3] && c[4] < least) best = k, least = c[4];
        }
        if (best < 0) continue;
        cell_of[i] = best;
        held[i] = 1;
        starts[best + 1]++;
        placed++;
    }
    for (int k = 0; k < ncells; k++) starts[k + 1] += starts[k];
    memcpy(next, starts, sizeof(int) * (size_t)ncells);
    for (int i = 0; i < n; i++)  /* each cell's glyphs in page order, as Python appends them */
        if (cell_of[i] >= 0) order[next[cell_of[i]]++] = i;
    for (int k = 0; k < ncells; k++) {
        int *cell = order + starts[k], count = starts[k + 1] - starts[k], inked = 0;
        double left = 0, right = 0;
        for (int j = 0; j < count; j++) {  /* _lead, over the glyphs in page order as Python has them */
            int g = cell[j];
            if (!ink[g]) continue;
            if (!inked || x0[g] < left) left = x0[g];
            if (!inked || x1[g] > right) right = x1[g];
            widths[inked++] = x1[g] - x0[g];
        }
        has_lead[k] = inked > 0;
        if (inked) {
            qsort(widths, (size_t)inked, sizeof(double), cmp_double);
            double width = widths[inked / 2];
            leads[3 * k] = left - cells[5 * k];
            leads[3 * k + 1] = width != 0.0 ? width : 1.0;
            leads[3 * k + 2] = (left + right) / 2;
        }
        /* line_groups: by the middle of each glyph; a glyph joins the line whose first glyph's
         * height holds its middle; each line left to right */
        stable_sort(cell, count, mid, tmp);
        int first = 0;
        double line_bottom = 0;
        for (int j = 0; j <= count; j++) {
            if (j < count && j > 0 && mid[cell[j]] <= line_bottom) continue;
            if (j > first) stable_sort(cell + first, j - first, x0, tmp);
            if (j < count) first = j, line_bottom = bottom[cell[j]];
        }
    }
    free(cell_of), free(tmp), free(mid), free(widths), free(next);
    return placed;
}


/* ---- tables from ruling lines: grid.find_tables --------------------------------------------
 *
 * pdfplumber's "lines" table finder as grid.py writes it: edges filtered, snapped and joined
 * (merge_edges), their crossings (edges_to_intersections), the smallest boxes four crossings close
 * (intersections_to_cells), cells sharing corners grouped into tables (cells_to_tables). Every
 * order grid.py gives (sorts, dict insertion, list scans) is kept, so the cells and tables come
 * out the same, in the same order; points and edges are told apart by value as Python's tuples
 * are (-0.0 equals 0.0). Averages add as the running Python's sum() does: plainly before 3.12,
 * compensated (Neumaier) from 3.12 (``compensated``). */

typedef struct { double x0, x1, top, bottom, width, height; int vertical; } Edge;

typedef int (*compare_fn)(const void *ctx, int a, int b);

/* Sort ``idx[0..n)`` stably by ``compare`` (merge sort through ``tmp``, n ints). */
static void merge_sort(int *idx, int n, compare_fn compare, const void *ctx, int *tmp) {
    if (n <= 16) {
        for (int k = 1; k < n; k++) {
            int cur = idx[k], j = k - 1;
            while (j >= 0 && compare(ctx, cur, idx[j]) < 0) {
                idx[j + 1] = idx[j];
                j--;
            }
            idx[j + 1] = cur;
        }
        return;
    }
    int half = n / 2;
    merge_sort(idx, half, compare, ctx, tmp);
    merge_sort(idx + half, n - half, compare, ctx, tmp);
    int a = 0, b = half, out = 0;
    while (a < half && b < n) tmp[out++] = compare(ctx, idx[b], idx[a]) < 0 ? idx[b++] : idx[a++];
    while (a < half) tmp[out++] = idx[a++];
    while (b < n) tmp[out++] = idx[b++];
    memcpy(idx, tmp, sizeof(int) * (size_t)n);
}

static int cmp3(double a, double b) { return (a > b) - (a < b); }

static int by_index(const void *ctx, int a, int b) {
    (void)ctx;
    return (a > b) - (a < b);
}

/* Python's sum() of ``count`` values, as the running version adds them. */
static double python_sum(const double *values, int count, int compensated) {
    if (count == 0) return 0.0;
    double total = values[0], c = 0.0;
    for (int k = 1; k < count; k++) {
        double x = values[k];
        if (!compensated) {
            total += x;
            continue;
        }
        double t = total + x;
        if (fabs(total) >= fabs(x)) c += (total - t) + x;
        else c += (x - t) + total;
        total = t;
    }
    if (compensated && c != 0.0 && isfinite(c)) total += c;
    return total;
}

typedef struct { const Edge *edges; } EdgeCtx;

static double snap_value(const Edge *e) { return e->vertical ? e->x0 : e->top; }

static int by_snap_value(const void *ctx, int a, int b) {
    const Edge *edges = ((const EdgeCtx *)ctx)->edges;
    return cmp3(snap_value(edges + a), snap_value(edges + b));
}

/* the join groups: horizontal edges first ("h" < "v"), by top; vertical ones by x0 */
static int by_join_group(const void *ctx, int a, int b) {
    const Edge *edges = ((const EdgeCtx *)ctx)->edges;
    const Edge *x = edges + a, *y = edges + b;
    if (x->vertical != y->vertical) return x->vertical - y->vertical;
    return cmp3(snap_value(x), snap_value(y));
}

static int by_join_start(const void *ctx, int a, int b) {
    const Edge *edges = ((const EdgeCtx *)ctx)->edges;
    const Edge *x = edges + a, *y = edges + b;
    return x->vertical ? cmp3(x->top, y->top) : cmp3(x->x0, y->x0);
}

/* merge_edges' snapping of one orientation: cluster_objects over the edge's x0 (vertical) or top
 * (horizontal), tolerance 3, then each edge moved by the mean of its cluster. ``group`` holds the
 * indices of that orientation's edges in list order; snapped copies are appended to ``out``. */
static int snap(const Edge *edges, const int *group, int count, int compensated, Edge *out, int *written) {
    if (count == 0) return 0;
    int *order = malloc(sizeof(int) * (size_t)count), *tmp = malloc(sizeof(int) * (size_t)count);
    int *cluster = malloc(sizeof(int) * (size_t)count);
    double *values = malloc(sizeof(double) * (size_t)count);
    if (!order || !tmp || !cluster || !values) {
        free(order), free(tmp), free(cluster), free(values);
        return -2;
    }
    EdgeCtx ctx = {edges};
    for (int k = 0; k < count; k++) order[k] = group[k];
    merge_sort(order, count, by_snap_value, &ctx, tmp);
    /* cluster numbers over the sorted distinct values: a value more than 3 past the last starts one */
    int n = 0;
    double last = snap_value(edges + order[0]);
    for (int k = 0; k < count; k++) {
        double v = snap_value(edges + order[k]);
        if (k > 0 && v != last) {  /* a new distinct value */
            if (v > last + 3) n++;
            last = v;
        }
        cluster[k] = n;
    }
    /* order[] is by value, so a cluster is a span of it; Python lists a cluster's edges in list
     * order (sorted by cluster, then position), which is edge index order here */
    for (int start = 0; start < count;) {
        int end = start;
        while (end < count && cluster[end] == cluster[start]) end++;
        merge_sort(order + start, end - start, by_index, NULL, tmp);
        for (int k = start; k < end; k++) values[k - start] = snap_value(edges + order[k]);
        double avg = python_sum(values, end - start, compensated) / (end - start);
        for (int k = start; k < end; k++) {
            Edge moved = edges[order[k]];
            if (moved.vertical) {
                double shift = avg - moved.x0;
                moved.x0 = moved.x0 + shift;
                moved.x1 = moved.x1 + shift;
            } else {
                double shift = avg - moved.top;
                moved.top = moved.top + shift;
                moved.bottom = moved.bottom + shift;
            }
            out[(*written)++] = moved;
        }
        start = end;
    }
    free(order), free(tmp), free(cluster), free(values);
    return 0;
}

/* merge_edges' joining, then table_edges' length filter: edges of one line (same orientation and
 * snapped position) sorted by start, each joined to the last when it starts within 3 of its end.
 * ``edges`` (count) are the snapped ones in list order; the ruling lines are written to ``out``. */
static int join(const Edge *edges, int count, Edge *out, int *written) {
    int *order = malloc(sizeof(int) * (size_t)(count ? count : 1)), *tmp = malloc(sizeof(int) * (size_t)(count ? count : 1));
    if (!order || !tmp) {
        free(order), free(tmp);
        return -2;
    }
    EdgeCtx ctx = {edges};
    for (int k = 0; k < count; k++) order[k] = k;
    merge_sort(order, count, by_join_group, &ctx, tmp);
    int n = 0;
    for (int start = 0; start < count;) {
        int end = start + 1;
        while (end < count && by_join_group(&ctx, order[start], order[end]) == 0) end++;
        merge_sort(order + start, end - start, by_join_start, &ctx, tmp);
        out[n++] = edges[order[start]];
        for (int k = start + 1; k < end; k++) {
            const Edge *e = edges + order[k];
            Edge *last = out + n - 1;
            if (e->vertical) {
                if (e->top <= last->bottom + 3) {
                    if (e->bottom > last->bottom) {
                        double value = e->bottom;
                        last->height = last->height + (value - last->bottom);
                        last->bottom = value;
                    }
                } else out[n++] = *e;
            } else {
                if (e->x0 <= last->x1 + 3) {
                    if (e->x1 > last->x1) {
                        double value = e->x1;
                        last->width = value - last->x0;
                        last->x1 = value;
                    }
                } else out[n++] = *e;
            }
        }
        start = end;
    }
    /* table_edges: merged edges shorter than 3 are no ruling lines */
    int kept = 0;
    for (int k = 0; k < n; k++)
        if ((out[k].vertical ? out[k].height : out[k].width) >= 3) out[kept++] = out[k];
    *written = kept;
    free(order), free(tmp);
    return 0;
}

typedef struct { double x, y; int v, h, seq; } Crossing;
typedef struct { double x, y; int v_start, v_end, h_start, h_end; } Point;

static int by_vertical_start(const void *ctx, int a, int b) {  /* (x0, top) */
    const Edge *edges = ((const EdgeCtx *)ctx)->edges;
    int c = cmp3(edges[a].x0, edges[b].x0);
    return c ? c : cmp3(edges[a].top, edges[b].top);
}

static int by_horizontal_start(const void *ctx, int a, int b) {  /* (top, x0) */
    const Edge *edges = ((const EdgeCtx *)ctx)->edges;
    int c = cmp3(edges[a].top, edges[b].top);
    return c ? c : cmp3(edges[a].x0, edges[b].x0);
}

static int by_box(const void *ctx, int a, int b) {  /* (x0, top, x1, bottom): an edge's identity */
    const Edge *edges = ((const EdgeCtx *)ctx)->edges;
    const Edge *x = edges + a, *y = edges + b;
    int c = cmp3(x->x0, y->x0);
    if (!c) c = cmp3(x->top, y->top);
    if (!c) c = cmp3(x->x1, y->x1);
    if (!c) c = cmp3(x->bottom, y->bottom);
    return c;
}

typedef struct { const Crossing *crossings; } CrossingCtx;

static int by_point(const void *ctx, int a, int b) {  /* (x, y), then first seen */
    const Crossing *c = ((const CrossingCtx *)ctx)->crossings;
    int r = cmp3(c[a].x, c[b].x);
    if (!r) r = cmp3(c[a].y, c[b].y);
    return r ? r : (c[a].seq > c[b].seq) - (c[a].seq < c[b].seq);
}

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Whether two sorted id lists share one: frozenset.isdisjoint, negated. */
static int share(const int *a, int na, const int *b, int nb) {
    int i = 0, j = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) return 1;
        if (a[i] < b[j]) i++;
        else j++;
    }
    return 0;
}

/* The point at exactly (x, y) among the sorted points, or -1. */
static int point_at(const Point *points, int count, double x, double y) {
    int lo = 0, hi = count;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int c = cmp3(points[mid].x, x);
        if (!c) c = cmp3(points[mid].y, y);
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo < count && points[lo].x == x && points[lo].y == y ? lo : -1;
}

typedef struct { const Point *points; } PointCtx;

static int by_row(const void *ctx, int a, int b) {  /* y, then sorted point order */
    const Point *p = ((const PointCtx *)ctx)->points;
    int c = cmp3(p[a].y, p[b].y);
    return c ? c : (a > b) - (a < b);
}

typedef struct { const void *cells; const int *first; } TableCtx;

static int by_table_key(const void *ctx, int a, int b) {  /* a table's least (top, x0) of its cells */
    const TableCtx *t = ctx;
    const double *cells = t->cells, *x = cells + 4 * t->first[a], *y = cells + 4 * t->first[b];
    int c = cmp3(x[1], y[1]);
    return c ? c : cmp3(x[0], y[0]);
}

typedef struct { double x, y; int cell; } Corner;
typedef struct { double v[4]; } CellBox;  /* x0, top, x1, bottom */

static int by_corner(const void *a, const void *b) {
    const Corner *x = a, *y = b;
    int c = cmp3(x->x, y->x);
    if (!c) c = cmp3(x->y, y->y);
    return c ? c : (x->cell > y->cell) - (x->cell < y->cell);
}

static int root_of(int *parent, int k) {
    while (parent[k] != k) {
        parent[k] = parent[parent[k]];
        k = parent[k];
    }
    return k;
}

#define GROW(array, count, cap, type)                                                  \
    if ((count) == (cap)) {                                                            \
        size_t more = (cap) ? 2 * (size_t)(cap) : 64;                                  \
        type *grown = realloc((array), sizeof(type) * more);                           \
        if (!grown) goto out_of_memory;                                                \
        (array) = grown, (cap) = (int)more;                                            \
    }

#define EDGE_VALUES 6  /* numbers an edge: kind, x0, x1, top, bottom, orientation (pdfium_walk.c's) */

/* The tables a page's edges draw: pdfplumber's find_tables with its default settings, as
 * grid.find_tables. Each edge is EDGE_VALUES numbers, as pdfium_walk.c's walk_page gives them
 * (orientation 1 horizontal, 2 vertical, 0 neither); its width and height are x1 - x0 and
 * bottom - top unless ``widths`` and ``heights`` give them (pdfplumber's edges). Writes the cells of the tables of more than one cell,
 * table by table (4 numbers each: x0, top, x1, bottom) and each table's cell count; ``counts``
 * gets the cells and tables written. Returns 0; 1 when ``capacity`` (cells, and tables) is too
 * small (counts[0] then says how many cells); -1 when a coordinate is not finite (nothing is
 * written: the caller runs grid.py); -2 out of memory. */
int find_tables(int n, const double *records, const double *widths, const double *heights, int compensated,
                int capacity, double *cells_out, int *sizes_out, int *counts) {
    for (int i = 0; i < n; i++) {
        const double *r = records + EDGE_VALUES * i;
        if (r[5] != 0 && (!isfinite(r[1]) || !isfinite(r[2]) || !isfinite(r[3]) || !isfinite(r[4]) ||
                          (widths && !isfinite(widths[i])) || (heights && !isfinite(heights[i]))))
            return -1;
    }
    int status = 0;
    Edge *listed = NULL, *snapped = NULL, *ruled = NULL;
    int *v_group = NULL, *h_group = NULL, *vs = NULL, *hs = NULL, *tmp = NULL, *v_id = NULL, *h_id = NULL;
    double *h_tops = NULL;
    CellBox *cells = NULL;
    Crossing *crossings = NULL;
    int *corder = NULL, *ids = NULL, *row_order = NULL, *row_pos = NULL, *row_end = NULL, *col_end = NULL;
    int *below = NULL, *right = NULL, *parent = NULL, *first = NULL, *sizes = NULL, *torder = NULL, *table_of = NULL;
    Point *points = NULL;
    Corner *corners = NULL;
    int ncross = 0, cross_cap = 0, ncells = 0, cell_cap = 0;
    size_t m = (size_t)(n ? n : 1);
    listed = malloc(sizeof(Edge) * m), snapped = malloc(sizeof(Edge) * m), ruled = malloc(sizeof(Edge) * m);
    v_group = malloc(sizeof(int) * m), h_group = malloc(sizeof(int) * m), tmp = malloc(sizeof(int) * m);
    if (!listed || !snapped || !ruled || !v_group || !h_group || !tmp) goto out_of_memory;

    /* table_edges: vertical edges at least 1 high, then horizontal ones at least 1 wide */
    int nlisted = 0, nv = 0, nh = 0;
    for (int pass = 2; pass >= 1; pass--)
        for (int i = 0; i < n; i++) {
            const double *r = records + EDGE_VALUES * i;
            double width = widths ? widths[i] : r[2] - r[1], height = heights ? heights[i] : r[4] - r[3];
            if (r[5] != pass || (pass == 2 ? height : width) < 1) continue;
            Edge e = {r[1], r[2], r[3], r[4], width, height, pass == 2};
            if (pass == 2) v_group[nv++] = nlisted;
            else h_group[nh++] = nlisted;
            listed[nlisted++] = e;
        }
    int nsnapped = 0, nruled = 0;
    if (snap(listed, v_group, nv, compensated, snapped, &nsnapped) || snap(listed, h_group, nh, compensated, snapped, &nsnapped) ||
        join(snapped, nsnapped, ruled, &nruled))
        goto out_of_memory;

    /* edges_to_intersections, tolerance 3 */
    EdgeCtx ctx = {ruled};
    vs = malloc(sizeof(int) * (size_t)(nruled ? nruled : 1)), hs = malloc(sizeof(int) * (size_t)(nruled ? nruled : 1));
    v_id = malloc(sizeof(int) * (size_t)(nruled ? nruled : 1)), h_id = malloc(sizeof(int) * (size_t)(nruled ? nruled : 1));
    h_tops = malloc(sizeof(double) * (size_t)(nruled ? nruled : 1));
    if (!vs || !hs || !v_id || !h_id || !h_tops) goto out_of_memory;
    nv = nh = 0;
    for (int k = 0; k < nruled; k++) {
        if (ruled[k].vertical) vs[nv++] = k;
        else hs[nh++] = k;
    }
    /* an edge's identity is its box (frozenset of box tuples): equal boxes, one id */
    for (int pass = 0; pass < 2; pass++) {
        int *group = pass ? hs : vs, count = pass ? nh : nv, *id = pass ? h_id : v_id;
        merge_sort(group, count, by_box, &ctx, tmp);
        for (int k = 0, next = -1; k < count; k++) {
            if (k == 0 || by_box(&ctx, group[k - 1], group[k]) != 0) next++;
            id[group[k]] = next;
        }
    }
    merge_sort(vs, nv, by_vertical_start, &ctx, tmp);
    merge_sort(hs, nh, by_horizontal_start, &ctx, tmp);
    for (int k = 0; k < nh; k++) h_tops[k] = ruled[hs[k]].top;
    for (int a = 0; a < nv; a++) {
        const Edge *v = ruled + vs[a];
        double vx = v->x0, vtop = v->top, vbottom = v->bottom;
        int lo = bisect_left(h_tops, 1, nh, vtop - 3), hi = bisect_right(h_tops, 1, nh, vbottom + 3);
        for (int b = lo; b < hi; b++) {
            const Edge *h = ruled + hs[b];
            double htop = h->top;
            if (vtop <= htop + 3 && vbottom >= htop - 3 && h->x0 - 3 <= vx && vx <= h->x1 + 3) {
                GROW(crossings, ncross, cross_cap, Crossing);
                crossings[ncross] = (Crossing){vx, htop, v_id[vs[a]], h_id[hs[b]], ncross};
                ncross++;
            }
        }
    }

    /* the points, sorted (the first value seen of equal ones kept), each with its edges' ids */
    corder = malloc(sizeof(int) * (size_t)(ncross ? ncross : 1)), ids = malloc(sizeof(int) * 2 * (size_t)(ncross ? ncross : 1));
    points = malloc(sizeof(Point) * (size_t)(ncross ? ncross : 1));
    free(tmp);
    tmp = malloc(sizeof(int) * (size_t)(ncross ? ncross : 1));
    if (!corder || !ids || !points || !tmp) goto out_of_memory;
    for (int k = 0; k < ncross; k++) corder[k] = k;
    CrossingCtx cctx = {crossings};
    merge_sort(corder, ncross, by_point, &cctx, tmp);
    int npoints = 0, nids = 0;
    for (int start = 0; start < ncross;) {
        const Crossing *head = crossings + corder[start];
        int end = start + 1;
        while (end < ncross && crossings[corder[end]].x == head->x && crossings[corder[end]].y == head->y) end++;
        Point *p = points + npoints++;
        p->x = head->x, p->y = head->y;
        for (int pass = 0; pass < 2; pass++) {
            int from = nids;
            for (int k = start; k < end; k++) ids[nids++] = pass ? crossings[corder[k]].h : crossings[corder[k]].v;
            qsort(ids + from, (size_t)(nids - from), sizeof(int), cmp_int);
            int unique = from;
            for (int k = from; k < nids; k++)
                if (k == from || ids[k] != ids[unique - 1]) ids[unique++] = ids[k];
            nids = unique;
            if (pass) p->h_start = from, p->h_end = nids;
            else p->v_start = from, p->v_end = nids;
        }
        start = end;
    }

    /* intersections_to_cells: for each point, the points below it in its column joined by a
     * vertical edge, those right of it in its row joined by a horizontal one, and the first pair
     * (below, right) whose corner closes the cell */
    row_order = malloc(sizeof(int) * (size_t)(npoints ? npoints : 1)), row_pos = malloc(sizeof(int) * (size_t)(npoints ? npoints : 1));
    row_end = malloc(sizeof(int) * (size_t)(npoints ? npoints : 1)), col_end = malloc(sizeof(int) * (size_t)(npoints ? npoints : 1));
    below = malloc(sizeof(int) * (size_t)(npoints ? npoints : 1)), right = malloc(sizeof(int) * (size_t)(npoints ? npoints : 1));
    if (!row_order || !row_pos || !row_end || !col_end || !below || !right) goto out_of_memory;
    for (int start = 0; start < npoints;) {
        int end = start + 1;
        while (end < npoints && points[end].x == points[start].x) end++;
        for (int k = start; k < end; k++) col_end[k] = end;
        start = end;
    }
    for (int k = 0; k < npoints; k++) row_order[k] = k;
    PointCtx pctx = {points};
    merge_sort(row_order, npoints, by_row, &pctx, tmp);
    for (int start = 0; start < npoints;) {
        int end = start + 1;
        while (end < npoints && points[row_order[end]].y == points[row_order[start]].y) end++;
        for (int k = start; k < end; k++) row_pos[row_order[k]] = k, row_end[row_order[k]] = end;
        start = end;
    }
    for (int p = 0; p < npoints; p++) {
        const Point *pt = points + p;
        int nb = 0, nr = 0;
        for (int q = p + 1; q < col_end[p]; q++)
            if (share(ids + pt->v_start, pt->v_end - pt->v_start, ids + points[q].v_start, points[q].v_end - points[q].v_start))
                below[nb++] = q;
        if (!nb) continue;
        for (int r = row_pos[p] + 1; r < row_end[p]; r++) {
            int q = row_order[r];
            if (share(ids + pt->h_start, pt->h_end - pt->h_start, ids + points[q].h_start, points[q].h_end - points[q].h_start))
                right[nr++] = q;
        }
        int found = 0;
        for (int b = 0; b < nb && !found; b++)
            for (int r = 0; r < nr && !found; r++) {
                const Point *bp = points + below[b], *rp = points + right[r];
                int c = point_at(points, npoints, rp->x, bp->y);
                if (c < 0) continue;
                const Point *corner = points + c;
                if (share(ids + corner->v_start, corner->v_end - corner->v_start, ids + rp->v_start, rp->v_end - rp->v_start) &&
                    share(ids + corner->h_start, corner->h_end - corner->h_start, ids + bp->h_start, bp->h_end - bp->h_start)) {
                    GROW(cells, ncells, cell_cap, CellBox);
                    double *cell = cells[ncells].v;
                    cell[0] = pt->x, cell[1] = pt->y, cell[2] = rp->x, cell[3] = bp->y;
                    ncells++;
                    found = 1;
                }
            }
    }

    /* cells_to_tables: cells sharing a corner, directly or through others, are one table */
    parent = malloc(sizeof(int) * (size_t)(ncells ? ncells : 1)), corners = malloc(sizeof(Corner) * 4 * (size_t)(ncells ? ncells : 1));
    first = malloc(sizeof(int) * (size_t)(ncells ? ncells : 1)), sizes = malloc(sizeof(int) * (size_t)(ncells ? ncells : 1));
    torder = malloc(sizeof(int) * (size_t)(ncells ? ncells : 1)), table_of = malloc(sizeof(int) * (size_t)(ncells ? ncells : 1));
    free(tmp);
    tmp = malloc(sizeof(int) * (size_t)(ncells ? ncells : 1));
    if (!parent || !corners || !first || !sizes || !torder || !table_of || !tmp) goto out_of_memory;
    for (int k = 0; k < ncells; k++) {
        const double *c = cells[k].v;
        parent[k] = k;
        corners[4 * k] = (Corner){c[0], c[1], k}, corners[4 * k + 1] = (Corner){c[0], c[3], k};
        corners[4 * k + 2] = (Corner){c[2], c[1], k}, corners[4 * k + 3] = (Corner){c[2], c[3], k};
    }
    qsort(corners, 4 * (size_t)ncells, sizeof(Corner), by_corner);
    for (int k = 1; k < 4 * ncells; k++)
        if (corners[k].x == corners[k - 1].x && corners[k].y == corners[k - 1].y) {
            int a = root_of(parent, corners[k - 1].cell), b = root_of(parent, corners[k].cell);
            if (a != b) parent[a > b ? a : b] = a < b ? a : b;
        }
    int ntables = 0;
    for (int k = 0; k < ncells; k++) {  /* tables in order of their first cell, each with its least (top, x0) cell */
        int r = root_of(parent, k);
        if (r == k) {
            table_of[k] = ntables, first[ntables] = k, sizes[ntables] = 0, ntables++;
        }
        int t = table_of[r];
        table_of[k] = t;
        sizes[t]++;
        const double *c = cells[k].v, *best = cells[first[t]].v;
        if (c[1] < best[1] || (c[1] == best[1] && c[0] < best[0])) first[t] = k;
    }
    for (int t = 0; t < ntables; t++) torder[t] = t;
    TableCtx tctx = {cells, first};
    merge_sort(torder, ntables, by_table_key, &tctx, tmp);
    int needed = 0, written = 0, tables_written = 0;
    for (int t = 0; t < ntables; t++)
        if (sizes[t] > 1) needed += sizes[t];
    counts[0] = needed;
    if (needed > capacity) {
        status = 1;
        goto done;
    }
    for (int r = 0; r < ntables; r++) {
        int t = torder[r];
        if (sizes[t] < 2) continue;
        for (int k = 0; k < ncells; k++)
            if (table_of[k] == t) memcpy(cells_out + 4 * (size_t)written++, cells[k].v, 4 * sizeof(double));
        sizes_out[tables_written++] = sizes[t];
    }
    counts[0] = written, counts[1] = tables_written;
    goto done;
out_of_memory:
    status = -2;
done:
    free(listed), free(snapped), free(ruled), free(v_group), free(h_group), free(vs), free(hs), free(tmp);
    free(v_id), free(h_id), free(h_tops), free(cells), free(crossings), free(corder), free(ids), free(row_order);
    free(row_pos), free(row_end), free(col_end), free(below), free(right), free(parent), free(first), free(sizes);
    free(torder), free(table_of), free(points), free(corners);
    return status;
}
