/* The per-glyph and per-segment loops of budget_audit/ingest/pdfium_page.py, in C.
 *
 * Reading a page through ctypes costs two foreign calls a glyph, about ten a text object
 * and four a path segment; on table pages where every glyph is a text object of its own
 * those calls are most of the reading time. These functions make the same PDFium calls from
 * compiled code and hand back flat arrays: Python pays a few calls a page (read_chars and
 * place_chars for the characters, walk_page for the objects), and describes each distinct
 * text style once.
 *
 * The library is not linked against PDFium: Python passes the addresses of the PDFium
 * functions pypdfium2 has loaded (``fns``, in the order of enum Fn below). Values are
 * returned exactly as the ctypes path reads them (floats widened to double, ints as
 * doubles), and where the Python path keeps an out-parameter's previous value after a
 * failed call, so does this one (the running ``matrix``, ``box``, ``state``). Arithmetic on
 * coordinates is written in Python's order of operations and built with -ffp-contract=off,
 * so boxes come out bit for bit as the Python loops compute them.
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
    FORM_COUNT, FORM_OBJECT, OBJECT_TYPE, OBJECT_MATRIX, DRAW_MODE, OBJECT_BOUNDS, FN_COUNT
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
typedef int (*object_bounds_fn)(void *, float *, float *, float *, float *);

#ifndef SOURCE_DIGEST
#define SOURCE_DIGEST 0ULL
#endif

/* The digest of this source the build compiled in (hatch_build.py): the loader compares it
 * with the source beside the library, so a library built from an older source is not used. */
uint64_t source_digest(void) { return SOURCE_DIGEST; }


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

/* A text style: what pdfium_page._CharReader keys its styles by. */
typedef struct {
    void *font;
    float size;
    unsigned color[4];
    int mode;
    float a, b, c, d;
} Style;

static int same_style(const Style *x, const Style *y) {
    return x->font == y->font && x->size == y->size && x->color[0] == y->color[0] && x->color[1] == y->color[1]
        && x->color[2] == y->color[2] && x->color[3] == y->color[3] && x->mode == y->mode && x->a == y->a
        && x->b == y->b && x->c == y->c && x->d == y->d;
}

static uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
}

static uint64_t float_bits(float v) {
    union { float f; uint32_t u; } x;
    x.f = v + 0.0f; /* -0.0 and 0.0 are one key, as in Python */
    return x.u;
}

static uint64_t style_hash(const Style *s) {
    uint64_t h = (uint64_t)(uintptr_t)s->font;
    h = mix(h, float_bits(s->size));
    for (int k = 0; k < 4; k++)
        h = mix(h, s->color[k]);
    h = mix(h, (uint64_t)(unsigned)s->mode);
    h = mix(h, float_bits(s->a));
    h = mix(h, float_bits(s->b));
    h = mix(h, float_bits(s->c));
    return mix(h, float_bits(s->d));
}

/* Every character of a text page: its text object's address (0 for a space or line break
 * PDFium generated) in objs[i], its loose box (left, bottom, right, top) in boxes[4i..] and
 * in rec[i] the number of the record of its object (-1: none). Each time the object changes
 * from the previous character a record is appended to records (RECORD_FIELDS doubles: the
 * char matrix's e and f, whether clipped, the clip box left, bottom, right, top) and the
 * number of its style to rec_style. Each distinct style (font, size, colour, mode, matrix
 * a..d) is written once, STYLE_FIELDS doubles in styles (size, r, g, b, a, mode, a, b, c, d)
 * and its font in style_fonts; *n_styles is their number. Returns the number of records (at
 * most count), -1 when out of memory. */
#define RECORD_FIELDS 7
#define STYLE_FIELDS 10
int read_chars(void *const *fns, void *textpage, int count, uint64_t *objs, int *rec, double *boxes,
               double *records, int *rec_style, double *styles, uint64_t *style_fonts,
               int *n_styles) {
    RectF box = {0, 0, 0, 0};
    Matrix m = {0, 0, 0, 0, 0, 0};
    void *previous = NULL;
    int n = 0, kinds = 0;
    size_t slots = 16;
    while (slots < 2 * (size_t)count + 1)
        slots *= 2;
    int *table = (int *)malloc(sizeof(int) * slots);
    Style *known = (Style *)malloc(sizeof(Style) * ((size_t)count + 1));
    if (!table || !known) {
        free(table);
        free(known);
        *n_styles = 0;
        return -1;
    }
    for (size_t k = 0; k < slots; k++)
        table[k] = -1;
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
        double *r = records + (size_t)n * RECORD_FIELDS;
        Style style = {NULL, 0, {0, 0, 0, 255}, 0, 0, 0, 0, 0};
        float size = 0;
        unsigned c[4] = {0, 0, 0, 0};
        if (((font_size_fn)fns[FONT_SIZE])(obj, &size))
            style.size = size;
        style.font = ((text_font_fn)fns[TEXT_FONT])(obj);
        if (((fill_color_fn)fns[FILL_COLOR])(obj, &c[0], &c[1], &c[2], &c[3])) {
            style.color[0] = c[0]; style.color[1] = c[1]; style.color[2] = c[2]; style.color[3] = c[3];
        }
        style.mode = ((render_mode_fn)fns[RENDER_MODE])(obj);
        ((char_matrix_fn)fns[CHAR_MATRIX])(textpage, i, &m);
        style.a = m.a; style.b = m.b; style.c = m.c; style.d = m.d;
        r[0] = m.e;
        r[1] = m.f;
        r[2] = clip_box(fns, obj, r + 3) ? 1.0 : 0.0;
        size_t slot = style_hash(&style) & (slots - 1);
        while (table[slot] >= 0 && !same_style(&known[table[slot]], &style))
            slot = (slot + 1) & (slots - 1);
        if (table[slot] < 0) {
            table[slot] = kinds;
            known[kinds] = style;
            double *out = styles + (size_t)kinds * STYLE_FIELDS;
            out[0] = style.size;
            for (int k = 0; k < 4; k++)
                out[1 + k] = style.color[k];
            out[5] = style.mode;
            out[6] = style.a; out[7] = style.b; out[8] = style.c; out[9] = style.d;
            style_fonts[kinds] = (uint64_t)(uintptr_t)style.font;
            kinds++;
        }
        rec_style[n] = table[slot];
        n++;
    }
    free(table);
    free(known);
    *n_styles = kinds;
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

/* Each character's box on the page, as pdfium_page._CharReader._place does it: from what
 * read_chars gave (rec, boxes, records, rec_style, styles), PLACE_PARAMS per style (boxed from the
 * loose box, turned a quarter, descent per unit of font size) and the page transform t (a..f:
 * x' = a*x + c*y + e, top = b*x + d*y + f). flags[i]: 0 not printed (no object, or cut off by
 * its clip), 1 placed — placed[4i..] is x0, x1, top, bottom and user[4i..] the user-space box
 * ux0, ux1, uy0, uy1 — or 2 to be boxed from its matrix; char_style[i] its style's number. */
#define PLACE_PARAMS 3
void place_chars(int count, const int *rec, const double *boxes, const double *records, const int *rec_style,
                 const double *styles, const double *params, const double *t, int *flags, int *char_style,
                 double *placed, double *user) {
    double ta = t[0], tb = t[1], tc = t[2], td = t[3], te = t[4], tf = t[5];
    for (int i = 0; i < count; i++) {
        flags[i] = 0;
        char_style[i] = -1;
        if (rec[i] < 0)
            continue;
        int k = rec_style[rec[i]];
        const double *r = records + (size_t)RECORD_FIELDS * rec[i];
        const double *style = styles + (size_t)STYLE_FIELDS * k, *p = params + (size_t)PLACE_PARAMS * k;
        char_style[i] = k;
        if (p[0] == 0.0) {
            flags[i] = 2;
            continue;
        }
        int turned = p[1] != 0.0;
        double descent = p[2], fontsize = style[0];
        /* the span across the baseline (pdfium_page._CharReader._describe): from the object's
         * origin (e, f) along the style's matrix (c, d) */
        double base = turned ? r[0] : r[1], across = turned ? style[8] : style[9];
        double lo = base + across * descent * fontsize;
        double hi = base + across * (descent + 1.0) * fontsize;
        if (lo > hi) {
            double swap = lo;
            lo = hi;
            hi = swap;
        }
        double left = boxes[4 * i], bottom = boxes[4 * i + 1], right = boxes[4 * i + 2], top = boxes[4 * i + 3];
        double ux0, ux1, uy0, uy1;
        if (turned) {
            ux0 = lo; ux1 = hi; uy0 = bottom; uy1 = top;
        } else {
            ux0 = left; ux1 = right; uy0 = lo; uy1 = hi;
        }
        if (r[2] != 0.0 && clipped(r + 3, left, right, bottom, top))
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

/* --- a page's objects: edges, images, blank text objects --------------------------------- */

enum { OP_NONE, OP_MOVE, OP_LINE, OP_CURVE, OP_CLOSE };
enum { EDGE_LINE, EDGE_RECT, EDGE_CURVE };
enum { ORIENT_NONE, ORIENT_H, ORIENT_V };
enum { OBJ_TEXT = 1, OBJ_PATH = 2, OBJ_IMAGE = 3, OBJ_FORM = 5 };
#define EDGE_VALUES 6 /* kind, x0, x1, top, bottom, orientation */
#define BLANK_VALUES 15 /* address (high, low 32 bits), matrix a..f, whether followed, the next matrix */

/* Numbers written while they fit; len counts all, so a caller whose buffer was short knows
 * how much to give the next time. */
typedef struct { double *data; size_t cap, len; } Out;

static void put(Out *out, const double *values, size_t n) {
    if (out->len + n <= out->cap)
        for (size_t k = 0; k < n; k++)
            out->data[out->len + k] = values[k];
    out->len += n;
}

typedef struct { int op; double x, y; } Op;

static void edge(Out *out, int kind, double x0, double x1, double top, double bottom, int orientation) {
    double v[EDGE_VALUES] = {kind, x0, x1, top, bottom, orientation};
    put(out, v, EDGE_VALUES);
}

/* min and max as Python's: the first of equals */
static double lesser(double a, double b) { return b < a ? b : a; }
static double greater(double a, double b) { return b > a ? b : a; }

/* One subpath's edges (pdfminer's line / rect / curve, then pdfplumber's edges), as
 * pdfium_page._shape_edges. */
static void subpath_edges(Op *ops, int n, Out *out) {
    if (n == 0 || ops[0].op != OP_MOVE)
        return;
    if (n > 3 && ops[n - 2].op == OP_LINE && ops[n - 1].op == OP_CLOSE
        && ops[n - 2].x == ops[0].x && ops[n - 2].y == ops[0].y) {
        ops[n - 2].op = OP_CLOSE; /* "...lh" back at the start: the l is the close */
        n--;
    }
    int line_shape = (n == 2 && ops[1].op == OP_LINE)
        || (n == 3 && ops[1].op == OP_LINE && ops[2].op == OP_CLOSE);
    if (line_shape) {
        double top = lesser(ops[0].y, ops[1].y), bottom = greater(ops[0].y, ops[1].y);
        edge(out, EDGE_LINE, lesser(ops[0].x, ops[1].x), greater(ops[0].x, ops[1].x), top, bottom,
             top == bottom ? ORIENT_H : ORIENT_V);
        return;
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
            edge(out, EDGE_RECT, left, right, top, top, ORIENT_H);
            edge(out, EDGE_RECT, left, right, bottom, bottom, ORIENT_H);
            edge(out, EDGE_RECT, left, left, top, bottom, ORIENT_V);
            edge(out, EDGE_RECT, right, right, top, bottom, ORIENT_V);
            return;
        }
    }
    for (int k = 0; k + 1 < n; k++) {
        double xa = ops[k].x, ya = ops[k].y, xb = ops[k + 1].x, yb = ops[k + 1].y;
        int orientation = xa == xb ? ORIENT_V : (ya == yb ? ORIENT_H : ORIENT_NONE);
        edge(out, EDGE_CURVE, lesser(xa, xb), greater(xa, xb), lesser(ya, yb), greater(ya, yb), orientation);
    }
}

/* Every edge of a path object drawn under m (user space to page, a..f), as
 * pdfium_page._subpaths then _shape_edges. Returns 0 when out of memory. */
static int path_edges(void *const *fns, void *path, const double *m, Out *out) {
    int count = ((count_segments_fn)fns[COUNT_SEGMENTS])(path);
    if (count <= 0)
        return 1;
    Op *ops = (Op *)malloc(sizeof(Op) * (2 * (size_t)count + 1)); /* an op and a close a segment, and a first op */
    if (!ops)
        return 0;
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5];
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
                subpath_edges(ops, n, out);
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
        subpath_edges(ops, n, out);
    free(ops);
    return 1;
}

/* m then n, in PDF's row-vector convention (pdfium_page._compose). */
static void compose(const double *m, const double *n, double *out) {
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5];
    double a2 = n[0], b2 = n[1], c2 = n[2], d2 = n[3], e2 = n[4], f2 = n[5];
    out[0] = a * a2 + b * c2;
    out[1] = a * b2 + b * d2;
    out[2] = c * a2 + d * c2;
    out[3] = c * b2 + d * d2;
    out[4] = e * a2 + f * c2 + e2;
    out[5] = e * b2 + f * d2 + f2;
}

/* The addresses of the text objects the text page has glyphs of: a set to ask. */
typedef struct { uint64_t *slots; size_t mask; } Seen;

static size_t seen_slot(const Seen *seen, uint64_t v) {
    size_t k = (size_t)((v >> 4) * 0x9e3779b97f4a7c15ULL) & seen->mask;
    while (seen->slots[k] && seen->slots[k] != v)
        k = (k + 1) & seen->mask;
    return k;
}

typedef struct {
    void *const *fns;
    Seen seen;
    int state[2]; /* the last fill mode and stroke flag read, as the Python walk keeps them */
    Matrix matrix; /* the last object matrix read */
    Out *edges, *blanks;
    int images, pending; /* pending: the last blank waits for the next text object's matrix */
    int ok;
} Walker;

/* pdfium_page._Painter._is_blank: a text object of zero width (only spaces). */
static int is_blank(void *const *fns, void *obj) {
    float left = 0, bottom = 0, right = 0, top = 0;
    if (!((object_bounds_fn)fns[OBJECT_BOUNDS])(obj, &left, &bottom, &right, &top))
        return 0;
    double width = (double)right - (double)left;
    return (width < 0 ? -width : width) < 1e-4;
}

/* Forms inside forms deeper than this are not entered: PDFium itself stops parsing at a depth of
 * a few dozen, so this only keeps a damaged file from running the stack out. */
#define MAX_FORM_DEPTH 256

/* pdfium_page._Painter.visit: the objects of a page or form in drawing order, forms entered. */
static void visit(Walker *w, void *container, int form, const double *matrix, int depth) {
    void *const *fns = w->fns;
    if (depth > MAX_FORM_DEPTH)
        return;
    int count = form ? ((count_objects_fn)fns[FORM_COUNT])(container) : ((count_objects_fn)fns[PAGE_COUNT])(container);
    for (int i = 0; i < count && w->ok; i++) {
        void *obj = form ? ((form_object_fn)fns[FORM_OBJECT])(container, (unsigned long)i)
                         : ((page_object_fn)fns[PAGE_OBJECT])(container, i);
        int kind = obj ? ((object_type_fn)fns[OBJECT_TYPE])(obj) : 0;
        if (!kind)
            continue;
        if (kind == OBJ_PATH)
            ((draw_mode_fn)fns[DRAW_MODE])(obj, &w->state[0], &w->state[1]);
        ((object_matrix_fn)fns[OBJECT_MATRIX])(obj, &w->matrix);
        Matrix *om = &w->matrix;
        double own[6] = {om->a, om->b, om->c, om->d, om->e, om->f}, m[6];
        if (kind == OBJ_PATH) {
            if (!w->state[0] && !w->state[1])
                continue; /* a clipping path only: pdfminer never paints it */
            compose(own, matrix, m);
            w->ok = path_edges(fns, obj, m, w->edges);
        } else if (kind == OBJ_TEXT) {
            if (w->pending) { /* the next glyph's origin bounds the blank's advance */
                if (w->blanks->len <= w->blanks->cap) { /* the last blank was written: fill in its tail */
                    double *tail = w->blanks->data + w->blanks->len - 7;
                    tail[0] = 1.0;
                    compose(own, matrix, tail + 1);
                }
                w->pending = 0;
            }
            uint64_t address = (uint64_t)(uintptr_t)obj;
            if (!w->seen.slots[seen_slot(&w->seen, address)] && is_blank(fns, obj)) {
                double blank[BLANK_VALUES] = {(double)(address >> 32), (double)(address & 0xffffffffULL)};
                compose(own, matrix, blank + 2);
                put(w->blanks, blank, BLANK_VALUES);
                w->pending = 1;
            }
        } else if (kind == OBJ_IMAGE) {
            w->images++;
        } else if (kind == OBJ_FORM) {
            compose(own, matrix, m);
            visit(w, obj, 1, m, depth + 1);
        }
    }
}

/* A page's painted edges (EDGE_VALUES each), blank text objects the text page left out
 * (BLANK_VALUES each: those not among the count addresses in seen, of zero width) and image
 * count, walking its objects as pdfium_page._Painter does; transform: user space to page.
 * counts receives the numbers of doubles edges and blanks need and the image count; when a
 * buffer was too small (need > cap) the caller walks again with room. Returns 0 when out of
 * memory. */
int walk_page(void *const *fns, void *page, const double *transform, const uint64_t *seen, int count,
              double *edges, int edges_cap, double *blanks, int blanks_cap, int64_t *counts) {
    Out edge_out = {edges, (size_t)edges_cap, 0}, blank_out = {blanks, (size_t)blanks_cap, 0};
    Walker w = {fns, {NULL, 0}, {0, 0}, {0, 0, 0, 0, 0, 0}, &edge_out, &blank_out, 0, 0, 1};
    size_t slots = 16;
    while (slots < 2 * (size_t)(count > 0 ? count : 0) + 1)
        slots *= 2;
    w.seen.slots = (uint64_t *)calloc(slots, sizeof(uint64_t));
    if (!w.seen.slots)
        return 0;
    w.seen.mask = slots - 1;
    for (int i = 0; i < count; i++)
        if (seen[i])
            w.seen.slots[seen_slot(&w.seen, seen[i])] = seen[i];
    visit(&w, page, 0, transform, 0);
    free(w.seen.slots);
    counts[0] = (int64_t)edge_out.len;
    counts[1] = (int64_t)blank_out.len;
    counts[2] = w.images;
    return w.ok;
}
