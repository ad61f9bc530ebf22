/* The per-glyph and per-segment loops of budget_audit/ingest/pdfium_page.py, in C.
 *
 * Reading a page through ctypes costs two foreign calls a glyph, about ten a text object
 * and four a path segment; on table pages where every glyph is a text object of its own
 * those calls are most of the reading time. These functions make the same PDFium calls in
 * the same order from compiled code and hand back flat arrays, so Python pays one call a
 * page (characters, objects) or a path (segments).
 *
 * The library is not linked against PDFium: Python passes the addresses of the PDFium
 * functions pypdfium2 has loaded (``fns``, in the order of enum Fn below). Values are
 * returned exactly as the ctypes path reads them (floats widened to double, ints as
 * doubles), and where the Python path keeps an out-parameter's previous value after a
 * failed call, so does this one (the running ``matrix``, ``box``, ``state``).
 * Built by the project's hatch build hook; when it is missing, pdfium_page.py uses its
 * Python loops, which a test compares with these for identical output.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>

typedef struct { float a, b, c, d, e, f; } Matrix;
typedef struct { float left, top, right, bottom; } RectF;

enum Fn {
    TEXT_OBJECT, LOOSE_BOX, CHAR_MATRIX, FONT_SIZE, TEXT_FONT, FILL_COLOR, RENDER_MODE,
    CLIP_PATH, CLIP_COUNT_PATHS, CLIP_COUNT_SEGMENTS, CLIP_SEGMENT, SEGMENT_POINT,
    SEGMENT_TYPE, SEGMENT_CLOSE, COUNT_SEGMENTS, PATH_SEGMENT, PAGE_COUNT, PAGE_OBJECT,
    FORM_COUNT, FORM_OBJECT, OBJECT_TYPE, OBJECT_MATRIX, DRAW_MODE, FN_COUNT
};

typedef void *(*text_object_fn)(void *, int);
typedef int (*loose_box_fn)(void *, int, RectF *);
typedef int (*char_matrix_fn)(void *, int, Matrix *);
typedef int (*font_size_fn)(void *, float *);
typedef void *(*text_font_fn)(void *);
typedef int (*fill_color_fn)(void *, unsigned *, unsigned *, unsigned *, unsigned *);
typedef int (*render_mode_fn)(void *);
typedef void *(*clip_path_fn)(void *);
typedef int (*clip_count_paths_fn)(void *);
typedef int (*clip_count_segments_fn)(void *, int);
typedef void *(*clip_segment_fn)(void *, int, int);
typedef int (*segment_point_fn)(void *, float *, float *);
typedef int (*segment_type_fn)(void *);
typedef int (*segment_close_fn)(void *);
typedef int (*count_segments_fn)(void *);
typedef void *(*path_segment_fn)(void *, int);
typedef int (*count_objects_fn)(void *);
typedef void *(*page_object_fn)(void *, int);
typedef void *(*form_object_fn)(void *, unsigned long);
typedef int (*object_type_fn)(void *);
typedef int (*object_matrix_fn)(void *, Matrix *);
typedef int (*draw_mode_fn)(void *, int *, int *);

#ifndef SOURCE_DIGEST
#define SOURCE_DIGEST 0ULL
#endif

/* The digest of this source the build compiled in (hatch_build.py): the loader compares it
 * with the source beside the library, so a library built from an older source is not used. */
uint64_t source_digest(void) { return SOURCE_DIGEST; }

#define OBJECT_FIELDS 18 /* doubles per text object record, see read_chars */

/* The box a text object is clipped to (pdfium_page._clip_box): the intersection of its
 * clip paths' bounds; returns 0 when it has none. */
static int clip_box(void *const *fns, void *obj, double out[4]) {
    void *clip = ((clip_path_fn)fns[CLIP_PATH])(obj);
    if (!clip)
        return 0;
    int paths = ((clip_count_paths_fn)fns[CLIP_COUNT_PATHS])(clip);
    int found = 0;
    float fx = 0, fy = 0;
    for (int p = 0; p < paths; p++) {
        int n = ((clip_count_segments_fn)fns[CLIP_COUNT_SEGMENTS])(clip, p);
        int any = 0;
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        for (int k = 0; k < n; k++) {
            void *seg = ((clip_segment_fn)fns[CLIP_SEGMENT])(clip, p, k);
            if (!seg || !((segment_point_fn)fns[SEGMENT_POINT])(seg, &fx, &fy))
                continue;
            double x = fx, y = fy;
            if (!any) {
                x0 = x1 = x;
                y0 = y1 = y;
                any = 1;
            } else {
                if (x < x0) x0 = x;
                if (x > x1) x1 = x;
                if (y < y0) y0 = y;
                if (y > y1) y1 = y;
            }
        }
        if (!any)
            continue;
        if (!found) {
            out[0] = x0; out[1] = y0; out[2] = x1; out[3] = y1;
            found = 1;
        } else {
            if (x0 > out[0]) out[0] = x0;
            if (y0 > out[1]) out[1] = y0;
            if (x1 < out[2]) out[2] = x1;
            if (y1 < out[3]) out[3] = y1;
        }
    }
    return found;
}

/* Every character of a text page: its text object's address (0 for a space or line break
 * PDFium generated) in objs[i] and its loose box (left, bottom, right, top) in boxes[4i..].
 * Each time the object changes from the previous character, a record of the object is
 * appended to records (OBJECT_FIELDS doubles) and its address and font to handles (two
 * uint64 each): first char index, font size, r, g, b, a, render mode, the char matrix
 * a..f, whether clipped, the clip box (left, bottom, right, top). rec[i] is the number of
 * the record of the character's object (-1: none).
 * Returns the number of records (at most count). */
int read_chars(void *const *fns, void *textpage, int count, uint64_t *objs, int *rec, double *boxes,
               double *records, uint64_t *handles) {
    RectF box = {0, 0, 0, 0};
    Matrix m = {0, 0, 0, 0, 0, 0};
    void *previous = NULL;
    int n = 0;
    for (int i = 0; i < count; i++) {
        void *obj = ((text_object_fn)fns[TEXT_OBJECT])(textpage, i);
        objs[i] = (uint64_t)(uintptr_t)obj;
        rec[i] = -1;
        if (!obj)
            continue;
        ((loose_box_fn)fns[LOOSE_BOX])(textpage, i, &box);
        boxes[4 * i] = box.left;
        boxes[4 * i + 1] = box.bottom;
        boxes[4 * i + 2] = box.right;
        boxes[4 * i + 3] = box.top;
        if (obj == previous) {
            rec[i] = n - 1;
            continue;
        }
        previous = obj;
        rec[i] = n;
        double *r = records + (size_t)n * OBJECT_FIELDS;
        float size = 0;
        unsigned c[4] = {0, 0, 0, 0};
        r[0] = i;
        r[1] = ((font_size_fn)fns[FONT_SIZE])(obj, &size) ? (double)size : 0.0;
        void *font = ((text_font_fn)fns[TEXT_FONT])(obj);
        if (((fill_color_fn)fns[FILL_COLOR])(obj, &c[0], &c[1], &c[2], &c[3])) {
            r[2] = c[0]; r[3] = c[1]; r[4] = c[2]; r[5] = c[3];
        } else {
            r[2] = 0; r[3] = 0; r[4] = 0; r[5] = 255;
        }
        r[6] = ((render_mode_fn)fns[RENDER_MODE])(obj);
        ((char_matrix_fn)fns[CHAR_MATRIX])(textpage, i, &m);
        r[7] = m.a; r[8] = m.b; r[9] = m.c; r[10] = m.d; r[11] = m.e; r[12] = m.f;
        r[13] = clip_box(fns, obj, r + 14) ? 1.0 : 0.0;
        handles[2 * n] = (uint64_t)(uintptr_t)obj;
        handles[2 * n + 1] = (uint64_t)(uintptr_t)font;
        n++;
    }
    return n;
}

/* Whether less than half of a glyph's box (user space) lies inside its object's clip box
 * (pdfium_page._clipped). */
static int clipped(const double *clip, double x0, double x1, double y0, double y1) {
    double width = x1 - x0, height = y1 - y0;
    if (width <= 0 || height <= 0)
        return 0;
    double inside_x = (clip[2] < x1 ? clip[2] : x1) - (clip[0] > x0 ? clip[0] : x0);
    double inside_y = (clip[3] < y1 ? clip[3] : y1) - (clip[1] > y0 ? clip[1] : y0);
    return inside_x < width / 2 || inside_y < height / 2;
}

/* Each character's box on the page, as pdfium_page._CharReader._place does it: from read_chars'
 * rec and boxes, PLACE_PARAMS per record (boxed from the loose box, turned a quarter, the span
 * across the baseline lo and hi, whether clipped, the clip box) and the page transform t
 * (a..f: x' = a*x + c*y + e, top = b*x + d*y + f). flags[i]: 0 not printed (no object, or cut
 * off by its clip), 1 placed — placed[4i..] is x0, x1, top, bottom and user[4i..] the user-space
 * box ux0, ux1, uy0, uy1 — or 2 to be boxed from its matrix. */
#define PLACE_PARAMS 9
void place_chars(int count, const int *rec, const double *boxes, const double *params, const double *t,
                 int *flags, double *placed, double *user) {
    double ta = t[0], tb = t[1], tc = t[2], td = t[3], te = t[4], tf = t[5];
    for (int i = 0; i < count; i++) {
        flags[i] = 0;
        if (rec[i] < 0)
            continue;
        const double *p = params + (size_t)PLACE_PARAMS * rec[i];
        if (p[0] == 0.0) {
            flags[i] = 2;
            continue;
        }
        double left = boxes[4 * i], bottom = boxes[4 * i + 1], right = boxes[4 * i + 2], top = boxes[4 * i + 3];
        double ux0, ux1, uy0, uy1;
        if (p[1] != 0.0) {
            ux0 = p[2]; ux1 = p[3]; uy0 = bottom; uy1 = top;
        } else {
            ux0 = left; ux1 = right; uy0 = p[2]; uy1 = p[3];
        }
        if (p[4] != 0.0 && clipped(p + 5, left, right, bottom, top))
            continue;
        double xa = ta * ux0 + tc * uy0 + te, xb = ta * ux1 + tc * uy1 + te;
        double ya = tb * ux0 + td * uy0 + tf, yb = tb * ux1 + td * uy1 + tf;
        double *o = placed + 4 * (size_t)i, *u = user + 4 * (size_t)i;
        if (xa <= xb) { o[0] = xa; o[1] = xb; } else { o[0] = xb; o[1] = xa; }
        if (ya <= yb) { o[2] = ya; o[3] = yb; } else { o[2] = yb; o[3] = ya; }
        u[0] = ux0; u[1] = ux1; u[2] = uy0; u[3] = uy1;
        flags[i] = 1;
    }
}

/* The objects of a page (form == 0) or a form object (form != 0), in drawing order:
 * addresses in objs, and per object 9 doubles in values: its type (0 for a null object),
 * the path fill mode and stroke flag (as last read: ``state`` keeps them and the object
 * matrix from one call to the next, as the Python walk keeps its out-parameters), and its
 * matrix a..f. Returns the number of objects (at most cap). */
int list_objects(void *const *fns, void *container, int form, int cap, uint64_t *objs,
                 double *values, int *state, Matrix *matrix) {
    int count = form ? ((count_objects_fn)fns[FORM_COUNT])(container)
                     : ((count_objects_fn)fns[PAGE_COUNT])(container);
    if (count > cap)
        count = cap;
    if (count < 0)
        return 0;
    for (int i = 0; i < count; i++) {
        void *obj = form ? ((form_object_fn)fns[FORM_OBJECT])(container, (unsigned long)i)
                         : ((page_object_fn)fns[PAGE_OBJECT])(container, i);
        double *v = values + (size_t)9 * i;
        objs[i] = (uint64_t)(uintptr_t)obj;
        int kind = obj ? ((object_type_fn)fns[OBJECT_TYPE])(obj) : 0;
        if (kind == 2) /* a path: its draw mode */
            ((draw_mode_fn)fns[DRAW_MODE])(obj, &state[0], &state[1]);
        if (kind)
            ((object_matrix_fn)fns[OBJECT_MATRIX])(obj, matrix);
        v[0] = kind;
        v[1] = state[0];
        v[2] = state[1];
        v[3] = matrix->a; v[4] = matrix->b; v[5] = matrix->c;
        v[6] = matrix->d; v[7] = matrix->e; v[8] = matrix->f;
    }
    return count;
}

/* --- a path's edges, as pdfium_page._subpaths and _shape_edges make them --------------- */

enum { OP_NONE, OP_MOVE, OP_LINE, OP_CURVE, OP_CLOSE };
enum { EDGE_LINE, EDGE_RECT, EDGE_CURVE };
enum { ORIENT_NONE, ORIENT_H, ORIENT_V };
#define EDGE_VALUES 6 /* kind, x0, x1, top, bottom, orientation */

typedef struct { int op; double x, y; } Op;

static double *edge(double *o, int kind, double x0, double x1, double top, double bottom, int orientation) {
    o[0] = kind; o[1] = x0; o[2] = x1; o[3] = top; o[4] = bottom; o[5] = orientation;
    return o + EDGE_VALUES;
}

/* min and max as Python's: the first of equals */
static double lesser(double a, double b) { return b < a ? b : a; }
static double greater(double a, double b) { return b > a ? b : a; }

/* One subpath's edges (pdfminer's line / rect / curve, then pdfplumber's edges). */
static double *subpath_edges(Op *ops, int n, double *o) {
    if (n == 0 || ops[0].op != OP_MOVE)
        return o;
    if (n > 3 && ops[n - 2].op == OP_LINE && ops[n - 1].op == OP_CLOSE
        && ops[n - 2].x == ops[0].x && ops[n - 2].y == ops[0].y) {
        ops[n - 2].op = OP_CLOSE; /* "...lh" back at the start: the l is the close */
        n--;
    }
    int line_shape = (n == 2 && ops[1].op == OP_LINE)
        || (n == 3 && ops[1].op == OP_LINE && ops[2].op == OP_CLOSE);
    if (line_shape) {
        double top = lesser(ops[0].y, ops[1].y), bottom = greater(ops[0].y, ops[1].y);
        return edge(o, EDGE_LINE, lesser(ops[0].x, ops[1].x), greater(ops[0].x, ops[1].x), top, bottom,
                    top == bottom ? ORIENT_H : ORIENT_V);
    }
    if (n == 5 && ops[1].op == OP_LINE && ops[2].op == OP_LINE && ops[3].op == OP_LINE
        && (ops[4].op == OP_CLOSE || ops[4].op == OP_LINE)) {
        double x0 = ops[0].x, y0 = ops[0].y, x1 = ops[1].x, y1 = ops[1].y;
        double x2 = ops[2].x, y2 = ops[2].y, x3 = ops[3].x, y3 = ops[3].y;
        int square = (x0 == x1 && y1 == y2 && x2 == x3 && y3 == y0) || (y0 == y1 && x1 == x2 && y2 == y3 && x3 == x0);
        if (ops[0].x == ops[4].x && ops[0].y == ops[4].y && square) {
            double left = ops[0].x, right = ops[0].x, top = ops[0].y, bottom = ops[0].y;
            for (int k = 1; k < 5; k++) {
                left = lesser(left, ops[k].x);
                right = greater(right, ops[k].x);
                top = lesser(top, ops[k].y);
                bottom = greater(bottom, ops[k].y);
            }
            o = edge(o, EDGE_RECT, left, right, top, top, ORIENT_H);
            o = edge(o, EDGE_RECT, left, right, bottom, bottom, ORIENT_H);
            o = edge(o, EDGE_RECT, left, left, top, bottom, ORIENT_V);
            return edge(o, EDGE_RECT, right, right, top, bottom, ORIENT_V);
        }
    }
    for (int k = 0; k + 1 < n; k++) {
        double xa = ops[k].x, ya = ops[k].y, xb = ops[k + 1].x, yb = ops[k + 1].y;
        int orientation = xa == xb ? ORIENT_V : (ya == yb ? ORIENT_H : ORIENT_NONE);
        o = edge(o, EDGE_CURVE, lesser(xa, xb), greater(xa, xb), lesser(ya, yb), greater(ya, yb), orientation);
    }
    return o;
}

/* Every edge of a path object drawn under matrix m (user space to page, a..f), EDGE_VALUES
 * doubles each in out. Returns the number of edges, or minus the number of doubles out must
 * hold when cap (in doubles) is too small — the caller calls again with that room. */
int path_edges(void *const *fns, void *path, const double *m, double *out, int cap) {
    int count = ((count_segments_fn)fns[COUNT_SEGMENTS])(path);
    if (count <= 0)
        return 0;
    /* no more edges than ops: an op and a close a segment, and a first op */
    int need = 8 * count * EDGE_VALUES;
    if (need > cap)
        return -need;
    Op *ops = (Op *)malloc(sizeof(Op) * (2 * (size_t)count + 1)); /* an op and a close a segment, and a first op */
    if (!ops)
        return 0;
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5];
    double *o = out;
    int n = 0, started = 0, bezier = 0;
    double start_x = 0.0, start_y = 0.0;
    float fx = 0, fy = 0;
    for (int i = 0; i < count; i++) {
        void *seg = ((path_segment_fn)fns[PATH_SEGMENT])(path, i);
        int kind = ((segment_type_fn)fns[SEGMENT_TYPE])(seg);
        ((segment_point_fn)fns[SEGMENT_POINT])(seg, &fx, &fy);
        double x = fx, y = fy;
        double px = a * x + c * y + e, py = b * x + d * y + f;
        if (kind == 2) { /* move: a new subpath */
            if (started)
                o = subpath_edges(ops, n, o);
            ops[0].op = OP_MOVE; ops[0].x = px; ops[0].y = py;
            n = 1;
            started = 1;
            start_x = px; start_y = py;
            bezier = 0;
            continue;
        }
        if (!started) { /* not starting with a move: pdfminer ignores the subpath */
            ops[0].op = OP_NONE; ops[0].x = px; ops[0].y = py;
            n = 1;
            started = 1;
        }
        if (kind == 0) {
            ops[n].op = OP_LINE; ops[n].x = px; ops[n].y = py; n++;
        } else if (kind == 1) {
            bezier++;
            if (bezier % 3 == 0) {
                ops[n].op = OP_CURVE; ops[n].x = px; ops[n].y = py; n++;
            }
        }
        if (((segment_close_fn)fns[SEGMENT_CLOSE])(seg)) {
            ops[n].op = OP_CLOSE; ops[n].x = start_x; ops[n].y = start_y; n++;
        }
    }
    if (started)
        o = subpath_edges(ops, n, o);
    free(ops);
    return (int)((o - out) / EDGE_VALUES);
}
