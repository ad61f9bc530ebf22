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
