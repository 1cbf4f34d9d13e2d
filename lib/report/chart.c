/* chart.c — the report's charts (tornado, histogram, labelled bars), drawn
 * with cairo's SVG surface into memory.
 *
 * Layout: a label column on the left (labels cut with "…" past about a
 * third of the width), a plot area with light vertical grid lines at round
 * ticks ("nice" steps of 1, 2, 2.5 or 5 times a power of ten), tick labels
 * and the axis label below. Colours are a dark and a light blue, a light
 * orange for negative bars and a dark red dashed marker: distinct in
 * greyscale too. Numbers are written with thousands separators.
 *
 * cairo names its glyphs and clips "glyph0-1", "clip1", "surface1" in
 * every document; two charts inlined in one page would then share (and
 * swap) glyphs. finish_svg therefore prefixes every id, and every
 * reference to one, with a prefix unique in the process ("sc7-"). cairo
 * writes no user text into the SVG (text becomes outlines), so the only
 * user text is the <title>, which is escaped. */
#include "chart.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <float.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

#define W ((double)CHART_WIDTH)
#define PAD 12.0
#define ROW_H 26.0
#define BAR_H 16.0
#define FONT_LABEL 12.0
#define FONT_SMALL 11.0
#define AXIS_H 54.0   /* tick labels and the axis label under the plot */
#define LEGEND_H 24.0 /* the tornado's legend above the plot */
#define LABEL_MAX (W * 0.36)
#define HIST_H 320.0
#define MAX_TICKS 16

typedef struct {
    double r, g, b;
} rgb;

static const rgb INK = {0.13, 0.13, 0.13};   /* text, zero and reference lines */
static const rgb MUTED = {0.42, 0.42, 0.42}; /* "not defined", axis line */
static const rgb GRID = {0.88, 0.88, 0.88};
static const rgb DARK = {0.17, 0.36, 0.54};  /* #2b5c8a */
static const rgb LIGHT = {0.62, 0.79, 0.88}; /* #9ecae1 */
static const rgb NEG = {0.88, 0.56, 0.36};   /* #e08f5c */
static const rgb MARK = {0.65, 0.06, 0.08};  /* #a50f15, dashed */

/* ---- SVG text in memory -------------------------------------------------- */

/* cairo's write callback: the SVG text into a text_buf. */
static cairo_status_t svg_write(void *closure, const unsigned char *data,
                                unsigned int len)
{
    text_buf *b = closure;
    buf_put(b, (const char *)data, len);
    return b->nomem ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Append s (n bytes) to dst at *o, XML-escaped when `escape`. */
static void put(char *dst, size_t *o, const char *s, size_t n, int escape)
{
    for (size_t i = 0; i < n; i++) {
        const char *e = NULL;
        if (escape)
            e = s[i] == '<'    ? "&lt;"
                : s[i] == '>'  ? "&gt;"
                : s[i] == '&'  ? "&amp;"
                : s[i] == '"'  ? "&quot;"
                : s[i] == '\'' ? "&#39;"
                               : NULL;
        if (e) {
            size_t k = strlen(e);
            if (dst)
                memcpy(dst + *o, e, k);
            *o += k;
        } else {
            if (dst)
                dst[*o] = s[i];
            (*o)++;
        }
    }
}

/* The references to ids that cairo writes, each followed by an id. */
static const char *const ID_REFS[] = {"id=\"", "href=\"#", "url(#"};

/* Write (dst NULL: measure) the document from "<svg" on, every id prefixed
 * with pfx and a <title> after the root's start tag. Returns the length. */
static size_t rewrite(char *dst, const char *svg, const char *pfx, const char *title)
{
    size_t o = 0, plen = strlen(pfx);
    const char *root_end = strchr(svg, '>');
    for (const char *s = svg; *s;) {
        size_t k = 0;
        for (size_t r = 0; r < sizeof ID_REFS / sizeof *ID_REFS && !k; r++)
            if (strncmp(s, ID_REFS[r], strlen(ID_REFS[r])) == 0)
                k = strlen(ID_REFS[r]);
        if (k) {
            put(dst, &o, s, k, 0);
            put(dst, &o, pfx, plen, 0);
            s += k;
            continue;
        }
        put(dst, &o, s, 1, 0);
        if (s == root_end) {
            put(dst, &o, "\n<title>", 8, 0);
            put(dst, &o, title, strlen(title), 1);
            put(dst, &o, "</title>", 8, 0);
        }
        s++;
    }
    return o;
}

static atomic_ulong chart_serial;

/* The chart as returned: from "<svg" on, ids made unique, with a title. */
static char *finish_svg(const char *doc, const char *title, stitch_diag *err)
{
    const char *svg = doc ? strstr(doc, "<svg") : NULL;
    if (!svg || !strchr(svg, '>')) {
        diag_set(err, STITCH_EIO, "", 0, "", "cairo wrote no SVG document for the chart");
        return NULL;
    }
    char pfx[32];
    snprintf(pfx, sizeof pfx, "sc%lu-",
             (unsigned long)atomic_fetch_add(&chart_serial, 1) + 1);
    size_t n = rewrite(NULL, svg, pfx, title);
    char *out = malloc(n + 1);
    if (!out) {
        diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory");
        return NULL;
    }
    rewrite(out, svg, pfx, title);
    out[n] = '\0';
    return out;
}

/* ---- drawing ------------------------------------------------------------- */

typedef struct {
    cairo_surface_t *surface;
    cairo_t *cr;
    text_buf out;
} canvas;

/* Start a chart of height h. Errors are kept in cairo's status and
 * reported by canvas_close; drawing on a failed canvas does nothing. */
static cairo_t *canvas_open(canvas *c, double h)
{
    memset(c, 0, sizeof *c);
    c->surface = cairo_svg_surface_create_for_stream(svg_write, &c->out, W, h);
    cairo_svg_surface_restrict_to_version(c->surface, CAIRO_SVG_VERSION_1_1);
    cairo_svg_surface_set_document_unit(c->surface, CAIRO_SVG_UNIT_PX);
    c->cr = cairo_create(c->surface);
    cairo_set_source_rgb(c->cr, 1, 1, 1);
    cairo_paint(c->cr);
    cairo_select_font_face(c->cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_line_cap(c->cr, CAIRO_LINE_CAP_BUTT);
    return c->cr;
}

static char *canvas_close(canvas *c, const char *kind, const char *axis_label,
                          stitch_diag *err)
{
    cairo_status_t st = cairo_status(c->cr);
    cairo_destroy(c->cr);
    cairo_surface_finish(c->surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(c->surface);
    cairo_surface_destroy(c->surface);
    char *svg = NULL;
    if (c->out.nomem || st == CAIRO_STATUS_NO_MEMORY) {
        diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory");
    } else if (st != CAIRO_STATUS_SUCCESS) {
        diag_set(err, STITCH_EIO, "", 0, "", "cairo could not draw the %s: %s", kind,
                 cairo_status_to_string(st));
    } else {
        char raw[600], title[sizeof raw * 3];
        snprintf(raw, sizeof raw, "%s%s%s", kind, axis_label && *axis_label ? ": " : "",
                 axis_label ? axis_label : "");
        raw[0] = (char)(raw[0] >= 'a' && raw[0] <= 'z' ? raw[0] - 'a' + 'A' : raw[0]);
        text_line(title, sizeof title, raw); /* the caller's label, maybe cut */
        svg = finish_svg(c->out.p, title, err);
    }
    buf_free(&c->out);
    return svg;
}

static void set_rgb(cairo_t *cr, rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static double text_width(cairo_t *cr, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

/* Cut buf (valid UTF-8, `size` bytes) at a character boundary, adding "…",
 * until it fits in max_w. */
static void fit_text(cairo_t *cr, char *buf, size_t size, double max_w)
{
    if (text_width(cr, buf) <= max_w)
        return;
    size_t n = strlen(buf);
    while (n > 0) {
        n = text_back(buf, n);
        while (n > 0 && buf[n - 1] == ' ')
            n--;
        if (n + 4 > size)
            continue;
        memcpy(buf + n, "\xE2\x80\xA6", 4); /* … */
        if (text_width(cr, buf) <= max_w)
            return;
    }
}

/* Draw s with its baseline at y: align -1 ends at x, 0 centred, 1 starts at x. */
static void text_at(cairo_t *cr, const char *s, double x, double y, int align)
{
    double w = text_width(cr, s);
    cairo_move_to(cr, align < 0 ? x - w : align == 0 ? x - w / 2 : x, y);
    cairo_show_text(cr, s);
}

/* As text_at, on a white patch so that lines behind do not cross it. */
static void text_on_white(cairo_t *cr, const char *s, double x, double y, int align,
                          rgb c)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    double x0 = align < 0 ? x - e.x_advance : align == 0 ? x - e.x_advance / 2 : x;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x0 - 1.5, y - 9.5, e.x_advance + 3, 12.5);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_move_to(cr, x0, y);
    cairo_show_text(cr, s);
}

static void line(cairo_t *cr, double x0, double y0, double x1, double y1, double width,
                 rgb c, int dashed)
{
    static const double dash[] = {5, 3};
    set_rgb(cr, c);
    cairo_set_line_width(cr, width);
    cairo_set_dash(cr, dash, dashed ? 2 : 0, 0);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

static void box(cairo_t *cr, double x0, double y0, double x1, double y1, rgb c)
{
    set_rgb(cr, c);
    cairo_rectangle(cr, fmin(x0, x1), fmin(y0, y1), fabs(x1 - x0), fabs(y1 - y0));
    cairo_fill(cr);
}

/* ---- axes ---------------------------------------------------------------- */

typedef struct {
    double lo, hi; /* the domain drawn */
    double tick[MAX_TICKS];
    int n_ticks;
    int decimals; /* for tick labels */
} axis;

/* Places needed to write multiples of step exactly (0..8). */
static int step_decimals(double step)
{
    for (int d = 0; d < 8; d++) {
        double s = step * pow(10, d);
        if (fabs(s - round(s)) < 1e-6 * fmax(1, s))
            return d;
    }
    return 8;
}

/*
 * Round ticks covering lo..hi (finite): about `target` of them at a step of
 * 1, 2, 2.5 or 5 times a power of ten (the one nearest (hi - lo) / (target
 * - 1)); the domain becomes the outer ticks.
 * Equal ends are widened (by 10%, or by 1 around 0). Ranges too wide or too
 * narrow for round steps keep their ends as the only ticks. Never divides
 * by zero; every number in the axis is finite.
 */
static void nice_axis(axis *a, double lo, double hi, int target)
{
    if (lo > hi) {
        double t = lo;
        lo = hi, hi = t;
    }
    if (!(hi - lo > 1e-12 * fmax(fabs(lo), fabs(hi))) || hi - lo < 1e-300) {
        double d = fabs(lo) > 1e-300 ? fabs(lo) * 0.1 : 1;
        lo = fmax(lo - d, -DBL_MAX), hi = fmin(hi + d, DBL_MAX);
    }
    double raw = (hi / 2 - lo / 2) / (target - 1) * 2;
    double mag = pow(10, floor(log10(raw))), f = raw / mag;
    double step = (f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7 ? 5 : 10) * mag;
    double t0 = floor(lo / step) * step, t1 = ceil(hi / step) * step;
    double count = t1 / step - t0 / step;
    if (isfinite(step) && step > 0 && isfinite(t0) && isfinite(t1) && count >= 1 &&
        count < MAX_TICKS - 0.5) {
        a->n_ticks = (int)lround(count) + 1;
        for (int i = 0; i < a->n_ticks; i++) {
            double t = t0 + i * step;
            a->tick[i] = fabs(t) < step * 1e-9 ? 0 : t;
        }
        a->lo = t0, a->hi = t1;
        a->decimals = step_decimals(step);
        return;
    }
    a->lo = lo, a->hi = hi, a->n_ticks = 2;
    a->tick[0] = lo, a->tick[1] = hi;
    a->decimals = step_decimals(hi / 2 - lo / 2);
}

/* Places for values read against the axis: one more than the ticks need
 * for steps below 10 (1.26 against ticks 0.5, 1, 1.5), at most 6. */
static int value_decimals(const axis *a)
{
    double step = a->n_ticks > 1 ? a->tick[1] - a->tick[0] : 1;
    if (!(step > 0) || !isfinite(step))
        return 2;
    int d = (int)ceil(-log10(step / 10) - 1e-9);
    return d < 0 ? 0 : d > 6 ? 6 : d;
}

/* x of value v on an axis drawn from x0 to x1, kept inside. */
static double axis_x(const axis *a, double v, double x0, double x1)
{
    double t = (v / 2 - a->lo / 2) / (a->hi / 2 - a->lo / 2);
    t = t > 1 ? 1 : t >= 0 ? t : 0; /* NaN too */
    return x0 + t * (x1 - x0);
}

/* "12,345.6"; £ for money; short form past 1e15 where separators stop helping. */
static char *axis_num(char *buf, size_t n, double v, int decimals, int money)
{
    if (isfinite(v) && fabs(v) >= 1e15)
        snprintf(buf, n, money ? "%s£%.3g" : "%s%.3g", v < 0 && money ? "-" : "",
                 money ? fabs(v) : v);
    else if (money)
        text_money_dp(buf, n, v, decimals);
    else
        text_num(buf, n, v, decimals);
    return buf;
}

char *chart_num(char *buf, size_t n, double v, int decimals)
{
    return axis_num(buf, n, v, decimals, 0);
}

char *chart_money(char *buf, size_t n, double v)
{
    return isfinite(v) && fabs(v) >= 1e15 ? axis_num(buf, n, v, 0, 1)
                                          : text_money(buf, n, v);
}

char *chart_plain(char *buf, size_t n, double v)
{
    return axis_num(buf, n, v, fabs(v) < 10 ? 2 : 0, 0);
}

/* nice_axis with as many ticks as fit `width` px without their labels
 * touching: `target` at most, fewer when the labels are wide. */
static void fit_axis(cairo_t *cr, axis *a, double lo, double hi, int target, double width,
                     int money)
{
    cairo_set_font_size(cr, FONT_SMALL);
    for (int t = target; t >= 2; t--) {
        nice_axis(a, lo, hi, t);
        double widest = 0;
        for (int i = 0; i < a->n_ticks; i++) {
            char buf[96];
            axis_num(buf, sizeof buf, a->tick[i], a->decimals, money);
            widest = fmax(widest, text_width(cr, buf));
        }
        double span = a->n_ticks > 1 ? width / (a->n_ticks - 1) : width;
        if (widest + 10 <= span)
            return;
    }
}

/* Grid lines at the ticks from y0 to y1, the axis line at y1, tick labels
 * under it and the axis label under those. */
static void draw_x_axis(cairo_t *cr, const axis *a, double x0, double x1, double y0,
                        double y1, int money, const char *axis_label)
{
    cairo_set_font_size(cr, FONT_SMALL);
    for (int i = 0; i < a->n_ticks; i++) {
        if (a->tick[i] < a->lo || a->tick[i] > a->hi)
            continue;
        double x = axis_x(a, a->tick[i], x0, x1);
        char buf[96];
        line(cr, x, y0, x, y1, 1, GRID, 0);
        line(cr, x, y1, x, y1 + 4, 1, MUTED, 0);
        axis_num(buf, sizeof buf, a->tick[i], a->decimals, money);
        set_rgb(cr, INK);
        text_at(cr, buf, x, y1 + 17, 0);
    }
    line(cr, x0, y1, x1, y1, 1, MUTED, 0);
    if (axis_label && *axis_label) {
        char buf[512];
        cairo_set_font_size(cr, FONT_LABEL);
        text_line(buf, sizeof buf, axis_label);
        fit_text(cr, buf, sizeof buf, W - 2 * PAD);
        set_rgb(cr, INK);
        double mid = (x0 + x1) / 2, w = text_width(cr, buf);
        mid = fmin(fmax(mid, PAD + w / 2), W - PAD - w / 2);
        text_at(cr, buf, mid, y1 + 40, 0);
    }
}

/* ---- row charts (tornado and bars) --------------------------------------- */

typedef struct {
    double label_right; /* labels end here */
    double x0, x1;      /* plot area */
    double y0, y1;
} rows_layout;

/* Width of the label column: the longest label, at most LABEL_MAX. */
static double label_column(cairo_t *cr, const char *const *labels, size_t n)
{
    double w = 0;
    cairo_set_font_size(cr, FONT_LABEL);
    for (size_t i = 0; labels && i < n; i++) {
        char buf[512];
        text_line(buf, sizeof buf, labels[i]);
        w = fmax(w, text_width(cr, buf));
    }
    return fmin(w, LABEL_MAX);
}

static void rows_place(rows_layout *l, double label_w, double gutter_l, double gutter_r,
                       double top, size_t rows)
{
    l->label_right = PAD + label_w;
    l->x0 = l->label_right + (label_w > 0 ? 10 : 0) + gutter_l;
    l->x1 = W - PAD - gutter_r;
    l->y0 = top;
    l->y1 = top + (double)rows * ROW_H;
}

static void draw_label(cairo_t *cr, const rows_layout *l, const char *label, double yc)
{
    char buf[512];
    cairo_set_font_size(cr, FONT_LABEL);
    text_line(buf, sizeof buf, label);
    fit_text(cr, buf, sizeof buf, l->label_right - PAD);
    set_rgb(cr, INK);
    text_at(cr, buf, l->label_right, yc + 4, -1);
}

static void no_data(cairo_t *cr, double x0, double x1, double y0, double y1)
{
    cairo_set_font_size(cr, FONT_LABEL);
    set_rgb(cr, MUTED);
    text_at(cr, "No data", (x0 + x1) / 2, (y0 + y1) / 2 + 4, 0);
}

/* The gutter beside the plot for value labels: the widest, 28..140 px. */
static double gutter(double text_w)
{
    return fmin(fmax(text_w + 8, 28), 140);
}

/* One legend entry at *x: a swatch (box, or a line when dashed >= 0). */
static void legend_item(cairo_t *cr, double *x, double y, rgb c, int dashed,
                        const char *text)
{
    if (dashed < 0)
        box(cr, *x, y - 9, *x + 14, y + 1, c);
    else
        line(cr, *x + 7, y - 11, *x + 7, y + 3, 1.5, c, dashed);
    set_rgb(cr, INK);
    text_at(cr, text, *x + 19, y, 1);
    *x += 19 + text_width(cr, text) + 16;
}

/* One tornado row centred at yc: pass 0 draws the label and the bars (from
 * the reference, or between the ends when there is none; the longer first
 * so that the shorter shows on it), pass 1 the values at the outer ends
 * (an end lying inside the other bar is not written) or "not defined". */
static void tornado_row(cairo_t *cr, const axis *a, const rows_layout *l,
                        const char *label, const double v[2], double ref, int vdec,
                        double yc, int pass)
{
    int ok[2] = {isfinite(v[0]), isfinite(v[1])};
    double base = isfinite(ref) ? ref : ok[0] && ok[1] ? fmin(v[0], v[1]) : NAN;
    double xb = axis_x(a, isfinite(base) ? base : a->lo, l->x0, l->x1);
    double xv[2] = {ok[0] ? axis_x(a, v[0], l->x0, l->x1) : xb,
                    ok[1] ? axis_x(a, v[1], l->x0, l->x1) : xb};
    if (pass == 0) {
        draw_label(cr, l, label, yc);
        int first = fabs(xv[0] - xb) >= fabs(xv[1] - xb) ? 0 : 1;
        for (int k = first, m = 0; m < 2 && isfinite(base); m++, k = 1 - k)
            if (ok[k])
                box(cr, xb, yc - BAR_H / 2, xv[k], yc + BAR_H / 2, k ? DARK : LIGHT);
        return;
    }
    cairo_set_font_size(cr, FONT_SMALL);
    if (!ok[0] && !ok[1]) {
        text_on_white(cr, "not defined", xb + 4, yc + 4, 1, MUTED);
        return;
    }
    for (int k = 0; k < 2; k++) {
        if (!ok[k])
            continue;
        int side = xv[k] < xb || (xv[k] == xb && ok[1 - k] && xv[1 - k] > xb) ? -1 : 1;
        if (ok[1 - k]) {
            int other = xv[1 - k] < xb ? -1 : 1;
            double dk = fabs(xv[k] - xb), dother = fabs(xv[1 - k] - xb);
            if (side == other && (dk < dother || (dk == dother && k == 0)))
                continue;
        }
        char t[96];
        axis_num(t, sizeof t, v[k], vdec, 0);
        text_on_white(cr, t, xv[k] + side * 4, yc + 4, side, INK);
    }
}

/* The tornado's floating bars, with the legend's words: legend[0] for the
 * light part, legend[1] the dark, legend[2] before the reference value. */
static char *floating_bars(const char *const *labels, const double *lo, const double *hi,
                           size_t n, double ref, double mark, const char *axis_label,
                           const char *const legend[3], const char *title, stitch_diag *err);

char *chart_tornado_svg(const char *const *labels, const double *lo, const double *hi,
                        size_t n, double ref, double mark, const char *axis_label,
                        stitch_diag *err)
{
    static const char *const legend[3] = {"low input value", "high input value",
                                          "base case"};
    return floating_bars(labels, lo, hi, n, ref, mark, axis_label, legend, "tornado chart",
                         err);
}

char *chart_ranges_svg(const char *const *labels, const double *lo, const double *hi,
                       size_t n, const char *axis_label, stitch_diag *err)
{
    static const char *const legend[3] = {"a loss (below 0)", "a gain (above 0)",
                                          "break-even"};
    return floating_bars(labels, lo, hi, n, 0, NAN, axis_label, legend, "ranges chart",
                         err);
}

static char *floating_bars(const char *const *labels, const double *lo, const double *hi,
                           size_t n, double ref, double mark, const char *axis_label,
                           const char *const legend[3], const char *title, stitch_diag *err)
{
    if (!lo || !hi)
        n = 0;
    size_t rows = n ? n : 1;
    canvas c;
    cairo_t *cr = canvas_open(&c, PAD + LEGEND_H + (double)rows * ROW_H + AXIS_H);

    /* The domain: every finite end, the reference and the mark. */
    double dmin = INFINITY, dmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(lo[i]))
            dmin = fmin(dmin, lo[i]), dmax = fmax(dmax, lo[i]);
        if (isfinite(hi[i]))
            dmin = fmin(dmin, hi[i]), dmax = fmax(dmax, hi[i]);
    }
    if (isfinite(ref))
        dmin = fmin(dmin, ref), dmax = fmax(dmax, ref);
    if (isfinite(mark))
        dmin = fmin(dmin, mark), dmax = fmax(dmax, mark);
    if (dmin > dmax)
        dmin = 0, dmax = 1;
    axis a;
    nice_axis(&a, dmin, dmax, 6);
    int vdec = value_decimals(&a);

    cairo_set_font_size(cr, FONT_SMALL);
    double vw = text_width(cr, "not defined");
    for (size_t i = 0; i < 2 * n; i++) {
        double v = i < n ? lo[i] : hi[i - n];
        char buf[96];
        if (isfinite(v)) {
            axis_num(buf, sizeof buf, v, vdec, 0);
            vw = fmax(vw, text_width(cr, buf));
        }
    }
    rows_layout l;
    rows_place(&l, label_column(cr, labels, n), gutter(vw), gutter(vw), PAD + LEGEND_H,
               rows);
    fit_axis(cr, &a, dmin, dmax, 6, l.x1 - l.x0, 0);

    /* Legend. */
    cairo_set_font_size(cr, FONT_SMALL);
    double lx = PAD, ly = PAD + 8;
    char buf[128], num[96];
    legend_item(cr, &lx, ly, LIGHT, -1, legend[0]);
    legend_item(cr, &lx, ly, DARK, -1, legend[1]);
    if (isfinite(ref)) {
        axis_num(num, sizeof num, ref, vdec, 0);
        snprintf(buf, sizeof buf, "%s %s", legend[2], num);
        legend_item(cr, &lx, ly, INK, 0, buf);
    }
    if (isfinite(mark)) {
        axis_num(num, sizeof num, mark, vdec, 0);
        snprintf(buf, sizeof buf, "break-even %s", num);
        legend_item(cr, &lx, ly, MARK, 1, buf);
    }

    draw_x_axis(cr, &a, l.x0, l.x1, l.y0, l.y1, 0, axis_label);
    if (n == 0)
        no_data(cr, l.x0, l.x1, l.y0, l.y1);
    /* Labels and bars, the reference lines over them, then the values. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            double v[2] = {lo[i], hi[i]};
            tornado_row(cr, &a, &l, labels ? labels[i] : NULL, v, ref, vdec,
                        l.y0 + ((double)i + 0.5) * ROW_H, pass);
        }
        if (pass > 0)
            break;
        if (isfinite(ref)) {
            double x = axis_x(&a, ref, l.x0, l.x1);
            line(cr, x, l.y0 - 4, x, l.y1, 1.5, INK, 0);
        }
        if (isfinite(mark)) {
            double x = axis_x(&a, mark, l.x0, l.x1);
            line(cr, x, l.y0 - 4, x, l.y1, 1.5, MARK, 1);
        }
    }
    return canvas_close(&c, title, axis_label, err);
}

/* ---- bars ------------------------------------------------------------------ */

/* A bar's value as the caller's format writes it, as one line of UTF-8. */
static void bar_value(char *buf, size_t n, chart_fmt fmt, double v)
{
    char raw[256];
    fmt(raw, sizeof raw, v);
    text_line(buf, n, raw);
}

char *chart_bars_svg(const char *const *labels, const double *values, size_t n,
                     chart_fmt fmt, const char *axis_label, stitch_diag *err)
{
    if (!fmt)
        fmt = chart_plain;
    if (!values)
        n = 0;
    size_t rows = n ? n : 1;
    canvas c;
    cairo_t *cr = canvas_open(&c, PAD + 6 + (double)rows * ROW_H + AXIS_H);

    double dmin = 0, dmax = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(values[i]))
            dmin = fmin(dmin, values[i]), dmax = fmax(dmax, values[i]);
    axis a;
    nice_axis(&a, dmin, dmax, 6);

    double wl = 0, wr = 0;
    cairo_set_font_size(cr, FONT_SMALL);
    for (size_t i = 0; i < n; i++) {
        char buf[128];
        bar_value(buf, sizeof buf, fmt, values[i]);
        double w = text_width(cr, buf);
        if (isfinite(values[i]) && values[i] < 0)
            wl = fmax(wl, w);
        else if (isfinite(values[i]))
            wr = fmax(wr, w);
    }
    rows_layout l;
    rows_place(&l, label_column(cr, labels, n), gutter(wl), gutter(wr), PAD + 6, rows);
    int money = fmt == chart_money;
    fit_axis(cr, &a, dmin, dmax, 6, l.x1 - l.x0, money);
    draw_x_axis(cr, &a, l.x0, l.x1, l.y0, l.y1, money, axis_label);
    if (n == 0)
        no_data(cr, l.x0, l.x1, l.y0, l.y1);

    double xz = axis_x(&a, 0, l.x0, l.x1);
    for (size_t i = 0; i < n; i++) {
        double yc = l.y0 + ((double)i + 0.5) * ROW_H, v = values[i];
        char buf[128];
        draw_label(cr, &l, labels ? labels[i] : NULL, yc);
        bar_value(buf, sizeof buf, fmt, v);
        cairo_set_font_size(cr, FONT_SMALL);
        if (!isfinite(v)) {
            set_rgb(cr, MUTED);
            text_at(cr, buf, xz + 4, yc + 4, 1);
            continue;
        }
        double x = axis_x(&a, v, l.x0, l.x1);
        if (v != 0 && fabs(x - xz) < 1)
            x = xz + (v < 0 ? -1 : 1); /* a tiny bar still shows */
        box(cr, xz, yc - BAR_H / 2, x, yc + BAR_H / 2, v < 0 ? NEG : DARK);
        set_rgb(cr, INK);
        text_at(cr, buf, v < 0 ? x - 4 : x + 4, yc + 4, v < 0 ? -1 : 1);
    }
    line(cr, xz, l.y0 - 4, xz, l.y1, 1.5, INK, 0);
    return canvas_close(&c, "bar chart", axis_label, err);
}

/* ---- histogram ----------------------------------------------------------- */

char *chart_histogram_svg(const double *bins, size_t n, double lo, double hi, double mark,
                          const char *axis_label, stitch_diag *err)
{
    canvas c;
    cairo_t *cr = canvas_open(&c, HIST_H);
    int reversed = hi < lo;
    if (reversed) {
        double t = lo;
        lo = hi, hi = t;
    }
    int have = bins && n > 0 && isfinite(lo) && isfinite(hi);
    int point = have && !(hi > lo); /* every simulation gave the same value */

    double ymax = 0, total = 0;
    for (size_t i = 0; have && i < n; i++)
        if (isfinite(bins[i]) && bins[i] > 0)
            ymax = fmax(ymax, bins[i]), total += bins[i];
    if (point)
        ymax = total;
    axis ya, xa;
    nice_axis(&ya, 0, isfinite(ymax) && ymax > 1e-12 ? fmin(ymax, 1e12) : 1, 5);

    /* y tick labels are percentages. */
    int pdec = step_decimals(ya.n_ticks > 1 ? (ya.tick[1] - ya.tick[0]) * 100 : 1);
    char ylab[MAX_TICKS][64];
    double ylw = 0;
    cairo_set_font_size(cr, FONT_SMALL);
    for (int i = 0; i < ya.n_ticks; i++) {
        char num[48];
        text_num(num, sizeof num, ya.tick[i] * 100, pdec > 3 ? 3 : pdec);
        snprintf(ylab[i], sizeof ylab[i], "%s%%", num);
        ylw = fmax(ylw, text_width(cr, ylab[i]));
    }
    double x0 = PAD + 18 + ylw + 8, x1 = W - PAD - 24, y0 = PAD + 22,
           y1 = HIST_H - AXIS_H;
    fit_axis(cr, &xa, have ? lo : 0, have ? hi : 1, 8, x1 - x0, 0);
    if (have && !point)
        xa.lo = lo, xa.hi = hi; /* the bins fill the plot; ticks outside are skipped */

    /* y axis: grid, labels, and its name along it. */
    for (int i = 0; i < ya.n_ticks; i++) {
        double t = (ya.tick[i] - ya.lo) / (ya.hi - ya.lo);
        double y = y1 - t * (y1 - y0);
        if (i > 0)
            line(cr, x0, y, x1, y, 1, GRID, 0);
        set_rgb(cr, INK);
        text_at(cr, ylab[i], x0 - 6, y + 4, -1);
    }
    cairo_save(cr);
    cairo_translate(cr, PAD + 10, (y0 + y1) / 2);
    cairo_rotate(cr, -2 * atan(1.0)); /* a quarter turn anticlockwise */
    set_rgb(cr, INK);
    text_at(cr, "share of simulations", 0, 0, 0);
    cairo_restore(cr);

    draw_x_axis(cr, &xa, x0, x1, y0, y1, 0, axis_label);
    if (!have) {
        no_data(cr, x0, x1, y0, y1);
    } else if (point) {
        double x = axis_x(&xa, lo, x0, x1);
        double y = y1 - fmin(total / ya.hi, 1) * (y1 - y0);
        if (total > 0)
            box(cr, x - 4, y, x + 4, y1, DARK);
    } else {
        for (size_t k = 0; k < n; k++) {
            size_t i = reversed ? n - 1 - k : k; /* bins run from the first end given */
            double share = bins[i];
            if (!isfinite(share) || share <= 0)
                continue;
            double f0 = (double)k / (double)n, f1 = (double)(k + 1) / (double)n;
            double b1 =
                lo * (1 - f1) + hi * f1; /* the bin's upper end, without overflow */
            double xa0 = x0 + f0 * (x1 - x0), xa1 = x0 + f1 * (x1 - x0);
            double y = y1 - fmin(share / ya.hi, 1) * (y1 - y0);
            int below = isfinite(mark) && b1 <= mark;
            box(cr, xa0 + 0.5, y, fmax(xa1 - 0.5, xa0 + 1), y1, below ? LIGHT : DARK);
        }
    }
    line(cr, x0, y1, x1, y1, 1, MUTED, 0);
    if (have && isfinite(mark) && mark >= xa.lo && mark <= xa.hi) {
        double x = axis_x(&xa, mark, x0, x1);
        char num[96], buf[128];
        line(cr, x, y0 - 6, x, y1, 1.5, MARK, 1);
        axis_num(num, sizeof num, mark, value_decimals(&xa), 0);
        snprintf(buf, sizeof buf, "break-even %s", num);
        cairo_set_font_size(cr, FONT_SMALL);
        set_rgb(cr, MARK);
        double w = text_width(cr, buf);
        text_at(cr, buf, x + 4 + w > x1 ? x - 4 : x + 4, y0 - 9, x + 4 + w > x1 ? -1 : 1);
    }
    return canvas_close(&c, "histogram", axis_label, err);
}
