/* xlsx.c — the business case as an Excel workbook for a funder.
 *
 * Fourteen sheets, read from the results document (results.h) so that the
 * numbers agree with every other report: Summary, Logic model,
 * Assumptions, Unit costs, Results, Tornado (with a native bar chart),
 * Distribution (with a native column chart), Switching values, Scenarios,
 * Sobol, (with the value of information) Find out next, Costs, Cash flow
 * (with a native column chart), Capacity freed and Outcomes (the outcome
 * map step by step and the National Health and Wellbeing Outcomes).
 * Every cell holds the number stitch computed; only the Cash flow sheet
 * has formulas (discount factors, present values, NPV and BCR, so that a
 * funder can change a rate or a year's cost), each written with stitch's
 * own value, so the workbook reads the same without recalculation. A
 * number that does not exist (a BCR without costs, a payback that never
 * comes) is written as text, never as a NaN. Strings from the model are
 * written as strings; invalid UTF-8 is replaced so that the sheet's XML
 * stays well formed. Written with libxlsxwriter. */

#include "model.h"
#include "writer.h"
#include "sensitivity.h"
#include "text.h"
#include "util.h"

#include <xlsxwriter.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Excel's limit on the text in one cell, in characters. */
#define XLSX_STR_MAX 32767

/* Colours: a pale header fill, and the chart's two bar colours. */
#define COLOUR_HEAD 0xDDEBF7
#define COLOUR_GOOD 0x2E75B6
#define COLOUR_BAD 0xED7D31
#define COLOUR_NOTE 0x595959

typedef struct {
    lxw_workbook *wb;
    /* cell formats */
    lxw_format *title, *subtitle, *head, *head_r, *section, *text, *text_r, *wrap, *para;
    lxw_format *note, *na, *bold, *money, *money2, *ratio, *ratio4, *pct, *pct_l, *pct1;
    lxw_format *pct2, *count, *count1, *num2, *num3, *sci, *factor, *index, *pts, *change;
    lxw_format *year, *year_l, *general;
    lxw_format *indent[4];
    lxw_error first; /* first error libxlsxwriter reported, LXW_NO_ERROR if none */
    int nomem;
    const plan_input *no_quantile; /* an input whose P5 or P95 could not be worked out */
    /* The sheet being written: its column widths, and the lines of wrapped text
     * each row needs. Neither Excel nor LibreOffice is sure to fit a row's
     * height to wrapped text when it opens the file, so stitch sets it. */
    lxw_worksheet *ws;
    double width[32];
    size_t n_width;
    double *lines;
    size_t n_lines, cap_lines;
    /* the histogram's bar colours, kept until the workbook is closed */
    lxw_chart_fill fill[STITCH_HIST_BINS];
    lxw_chart_point point[STITCH_HIST_BINS];
    lxw_chart_point *points[STITCH_HIST_BINS + 1];
} book;

static void check(book *b, lxw_error e)
{
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
        b->nomem = 1;
    else if (e != LXW_NO_ERROR && b->first == LXW_NO_ERROR)
        b->first = e;
}

/* ---- cells ------------------------------------------------------------------------- */

/* A copy of s with each byte that is not well-formed UTF-8 replaced by U+FFFD
 * and cut to Excel's limit; NULL when out of memory. */
static char *clean_copy(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), o = 0, chars = 0;
    char *t = malloc(3 * len + 1);
    if (!t)
        return NULL;
    for (size_t i = 0; u[i] && chars < XLSX_STR_MAX; chars++) {
        size_t k = text_utf8_len(s + i);
        if (k) {
            memcpy(t + o, s + i, k);
            o += k, i += k;
        } else {
            memcpy(t + o, "\xEF\xBF\xBD", 3);
            o += 3, i++;
        }
    }
    t[o] = '\0';
    return t;
}

/* 1 when s is well-formed UTF-8 within Excel's limit, so can be written as it is. */
static int clean(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t chars = 0;
    for (size_t i = 0; u[i]; chars++) {
        size_t k = text_utf8_len(s + i);
        if (!k || chars >= XLSX_STR_MAX)
            return 0;
        i += k;
    }
    return 1;
}

/* Lines that s takes when wrapped at about `cap` characters a line. */
static double wrap_lines(const char *s, double cap)
{
    double lines = 1, used = 0, word = 0;
    for (const unsigned char *c = (const unsigned char *)s;; c++) {
        if (*c != ' ' && *c != '\n' && *c) {
            word += (*c & 0xC0) != 0x80; /* count characters, not bytes */
            continue;
        }
        if (word > 0) {
            if (used > 0 && used + 1 + word > cap)
                lines++, used = 0;
            else if (used > 0)
                used++; /* the space */
            used += word;
            while (used > cap) /* a word longer than a line is broken */
                lines++, used -= cap;
        }
        word = 0;
        if (*c == '\n')
            lines++, used = 0;
        if (!*c)
            return lines;
    }
}

/* Note the height that wrapped text in format f at (row, col) needs. */
static void track(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                  lxw_format *f)
{
    int indent = 0;
    while (indent < 4 && f != b->indent[indent])
        indent++;
    if (ws != b->ws || col >= b->n_width ||
        !(f == b->wrap || f == b->note || f == b->head || f == b->head_r || indent < 4))
        return;
    /* About 1.25 characters of text a unit of column width (measured in
     * LibreOffice; Excel's Calibri is narrower), less a little for slack. */
    double cap = 1.2 * b->width[col] - 1 - (indent < 4 ? 2.5 * indent : 0);
    if (f == b->head || f == b->head_r)
        cap *= 0.85; /* bold is wider */
    double lines = wrap_lines(s, cap < 4 ? 4 : cap);
    if (lines <= 1)
        return;
    if (row >= b->cap_lines) {
        size_t cap_rows = b->cap_lines;
        if (grow((void **)&b->lines, &cap_rows, (size_t)row + 1, sizeof *b->lines)) {
            b->nomem = 1;
            return;
        }
        for (size_t i = b->cap_lines; i < cap_rows; i++)
            b->lines[i] = 1;
        b->cap_lines = cap_rows;
    }
    if ((size_t)row >= b->n_lines)
        b->n_lines = (size_t)row + 1;
    if (lines > b->lines[row])
        b->lines[row] = lines;
}

/* Set the height of each row of the current sheet that holds wrapped text. */
static void fit_rows(book *b)
{
    for (size_t r = 0; b->ws && r < b->n_lines; r++) {
        if (b->lines[r] > 1)
            check(b, worksheet_set_row(b->ws, (lxw_row_t)r, 15.0 * b->lines[r], NULL));
        b->lines[r] = 1;
    }
    b->n_lines = 0;
}

static void put_str(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                    const char *s, lxw_format *f)
{
    if (!s)
        s = "";
    track(b, ws, row, col, s, f);
    if (clean(s)) {
        check(b, worksheet_write_string(ws, row, col, s, f));
        return;
    }
    char *t = clean_copy(s);
    if (!t) {
        b->nomem = 1;
        return;
    }
    check(b, worksheet_write_string(ws, row, col, t, f));
    free(t);
}

/* A number, or `missing` (text) when it does not exist. */
static void put_num(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v,
                    lxw_format *f, const char *missing)
{
    if (isfinite(v))
        check(b, worksheet_write_number(ws, row, col, v, f));
    else
        put_str(b, ws, row, col, missing ? missing : "not defined", b->na);
}

static void put_int(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v,
                    lxw_format *f)
{
    check(b, worksheet_write_number(ws, row, col, v, f));
}

/* A table's header row; `align` has an 'r' for each column of numbers (NULL: none). */
static void header_row(book *b, lxw_worksheet *ws, lxw_row_t row, const char *const *h,
                       size_t n, const char *align)
{
    for (size_t c = 0; c < n; c++) {
        int right = align && c < strlen(align) && align[c] == 'r';
        put_str(b, ws, row, (lxw_col_t)c, h[c], right ? b->head_r : b->head);
    }
}

/* A section heading across `width` columns. */
static void section(book *b, lxw_worksheet *ws, lxw_row_t row, const char *text,
                    size_t width)
{
    check(b,
          worksheet_merge_range(ws, row, 0, row, (lxw_col_t)(width - 1), "", b->section));
    put_str(b, ws, row, 0, text, b->section);
}

/* A long note in one merged, wrapped cell across `width` columns; `chars` is
 * about how many characters fit on a line of it. */
static void long_note(book *b, lxw_worksheet *ws, lxw_row_t row, const char *text,
                      size_t width, double chars)
{
    double lines = ceil((double)strlen(text) / chars);
    check(b, worksheet_merge_range(ws, row, 0, row, (lxw_col_t)(width - 1), "", b->para));
    put_str(b, ws, row, 0, text, b->para);
    check(b, worksheet_set_row(ws, row, 15.0 * (lines < 1 ? 1 : lines) + 3, NULL));
}

/* A new worksheet: column widths, A4 landscape one page wide, the sheet's name
 * and page numbers on each printed page, and the header rows frozen. */
static lxw_worksheet *sheet(book *b, const char *name, const double *widths, size_t n,
                            lxw_row_t frozen)
{
    fit_rows(b);
    if (b->nomem)
        return NULL;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    if (!ws) {
        b->nomem = 1;
        return NULL;
    }
    b->ws = ws;
    b->n_width = n < 32 ? n : 32;
    for (size_t c = 0; c < n; c++) {
        check(b, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
        if (c < 32)
            b->width[c] = widths[c];
    }
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    check(b, worksheet_set_header(ws, "&L&A"));
    check(b, worksheet_set_footer(ws, "&LMade with stitch&RPage &P of &N"));
    if (frozen) {
        worksheet_freeze_panes(ws, frozen, 0);
        check(b, worksheet_repeat_rows(ws, 0, frozen - 1));
    }
    return ws;
}

/* ---- formats ----------------------------------------------------------------------- */

enum {
    F_BOLD = 1,
    F_WRAP = 2,
    F_ITALIC = 4,
    F_RIGHT = 8,
    F_HEAD = 16,
    F_TITLE = 32,
    F_LEFT = 64,
    F_NOWRAP = 128
};

static lxw_format *format(book *b, const char *num, unsigned flags, int indent)
{
    lxw_format *f = workbook_add_format(b->wb);
    if (!f) {
        b->nomem = 1;
        return NULL;
    }
    if (num)
        format_set_num_format(f, num);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (flags & F_BOLD)
        format_set_bold(f);
    if (flags & F_WRAP)
        format_set_text_wrap(f);
    if (flags & F_ITALIC) {
        format_set_italic(f);
        format_set_font_color(f, COLOUR_NOTE);
    }
    if (flags & F_RIGHT)
        format_set_align(f, LXW_ALIGN_RIGHT);
    if (flags & F_LEFT)
        format_set_align(f, LXW_ALIGN_LEFT);
    if (flags & F_HEAD) {
        format_set_bold(f);
        if (!(flags & F_NOWRAP))
            format_set_text_wrap(f);
        format_set_bg_color(f, COLOUR_HEAD);
        format_set_bottom(f, LXW_BORDER_THIN);
    }
    if (flags & F_TITLE) {
        format_set_bold(f);
        format_set_font_size(f, 14);
    }
    if (indent)
        format_set_indent(f, (uint8_t)indent);
    return f;
}

static void formats(book *b)
{
    b->title = format(b, NULL, F_TITLE, 0);
    b->subtitle = format(b, NULL, F_ITALIC, 0);
    b->head = format(b, NULL, F_HEAD, 0);
    b->head_r = format(b, NULL, F_HEAD | F_RIGHT, 0);
    b->section = format(b, NULL, F_HEAD | F_NOWRAP, 0);
    b->text = format(b, NULL, 0, 0);
    b->text_r = format(b, NULL, F_RIGHT, 0);
    b->wrap = format(b, NULL, F_WRAP, 0);
    b->para = format(b, NULL, F_WRAP, 0);
    b->note = format(b, NULL, F_ITALIC | F_WRAP, 0);
    b->na = format(b, NULL, F_RIGHT | F_ITALIC, 0);
    b->bold = format(b, NULL, F_BOLD, 0);
    b->money = format(b, "\"£\"#,##0", 0, 0);
    b->money2 = format(b, "\"£\"#,##0.00", 0, 0);
    b->ratio = format(b, "0.00", 0, 0);
    b->ratio4 = format(b, "0.0000", 0, 0);
    b->pct = format(b, "0%", 0, 0);
    b->pct_l = format(b, "0.0%", F_LEFT, 0);
    b->pct1 = format(b, "0.0%", 0, 0);
    b->pct2 = format(b, "0.00%", 0, 0);
    b->count = format(b, "#,##0", 0, 0);
    b->count1 = format(b, "#,##0.0", 0, 0);
    b->num2 = format(b, "#,##0.00", 0, 0);
    b->num3 = format(b, "0.000", 0, 0);
    b->sci = format(b, "0.000000", 0, 0); /* small values: no scientific notation */
    b->general = format(b, "General", 0, 0);
    b->factor = format(b, "0.0000", 0, 0);
    b->index = format(b, "0.000", 0, 0);
    b->pts = format(b, "+0.0\" pts\";-0.0\" pts\";0.0\" pts\"", 0, 0);
    b->change = format(b, "+0%;-0%;0%", 0, 0);
    b->year = format(b, "\"year \"0", 0, 0);
    b->year_l = format(b, "\"year \"0", F_LEFT, 0);
    for (int i = 0; i < 4; i++)
        b->indent[i] = format(b, NULL, F_WRAP, i);
}

/* The format for an input's values: shares as percentages, other numbers in a
 * readable number of figures (as report_sens.c's fmt_value). */
static lxw_format *value_format(book *b, dist_domain dom, double magnitude)
{
    if (dom == DOMAIN_SHARE)
        return b->pct1;
    if (magnitude >= 100)
        return b->count;
    if (magnitude >= 1 || magnitude == 0)
        return b->num2;
    if (magnitude >= 0.01)
        return b->num3;
    return b->sci;
}

/* As value_format, with money for the inputs that are money. */
static lxw_format *input_format(book *b, const plan_input *in, double magnitude)
{
    if (in->role == ROLE_COST || in->role == ROLE_UNIT_COST || in->role == ROLE_VALUE)
        return magnitude < 100 ? b->money2 : b->money;
    return value_format(b, in->domain, magnitude);
}

/* An input's item in words (column 0), with its path in column `at`. */
static void put_input(book *b, lxw_worksheet *ws, lxw_row_t row, const stitch_plan *p,
                      size_t i, lxw_col_t at)
{
    char label[600];
    put_str(b, ws, row, 0, plan_input_label(label, sizeof label, p, i), b->wrap);
    put_str(b, ws, row, at, p->inputs[i].path, b->text);
}

static const char *base_name(const char *path)
{
    const char *s = path ? strrchr(path, '/') : NULL;
    return s ? s + 1 : path ? path : "";
}

static const char *confidence_of(int c)
{
    return c >= 0 && c < 4 ? confidence_names[c] : "not given";
}

/* ---- Summary -------------------------------------------------------------------------
 */

static const char *const kind_names[] = {"Cashable savings",
                                         "Non-cashable (time and capacity freed)",
                                         "Economic value", "Social value"};

typedef struct {
    book *b;
    lxw_worksheet *ws;
    lxw_row_t row;
} cursor;

static void kv_str(cursor *c, const char *label, const char *value, const char *note)
{
    put_str(c->b, c->ws, c->row, 0, label, c->b->wrap);
    put_str(c->b, c->ws, c->row, 1, value, c->b->text);
    if (note)
        put_str(c->b, c->ws, c->row, 2, note, c->b->note);
    c->row++;
}

static void kv_num(cursor *c, const char *label, double v, lxw_format *f,
                   const char *missing, const char *note)
{
    put_str(c->b, c->ws, c->row, 0, label, c->b->wrap);
    put_num(c->b, c->ws, c->row, 1, v, f, missing);
    if (note)
        put_str(c->b, c->ws, c->row, 2, note, c->b->note);
    c->row++;
}

static void summary_about(cursor *c, const stitch_plan *p)
{
    char a[256], n[256];
    section(c->b, c->ws, c->row++, "About the appraisal", 3);
    kv_str(c, "Project", p->name, NULL);
    kv_str(c, "Organisation", p->organisation, NULL);
    kv_str(c, "Model file", base_name(p->model_file), NULL);
    kv_str(c, "Price year", p->price_year,
           "Every sum of money is in pounds at these prices.");
    snprintf(a, sizeof a, "%d year%s (year 0 to year %d)", p->years,
             p->years == 1 ? "" : "s", p->years - 1);
    snprintf(n, sizeof n,
             "The service runs for %d year%s; benefits to the people it helps are "
             "counted to the end of the appraisal.",
             p->delivery_years, p->delivery_years == 1 ? "" : "s");
    kv_str(c, "Appraisal period", a, n);
    kv_str(c, "Discount rate", p->sched_names[0],
           "Benefits and costs in later years count for less (HM Treasury Green Book).");
    kv_num(c, "Need (people)", dist_mean(&p->population), c->b->count, NULL,
           p->need_text);
    c->row++;
}

static void summary_case(cursor *c, const results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_result *r = d->r;
    const results_headline *h = d->headline;
    char n[512], a[64];
    book *b = c->b;
    section(b, c->ws, c->row++,
            "The business case (base case: every assumption at its mean)", 3);
    kv_num(c, "Present value of benefits (PVB)", h[RESULTS_PVB].base.value, b->money, NULL,
           "Attribution view: the share of the change claimed for this project.");
    kv_num(c, "Present value of costs (PVC)", h[RESULTS_PVC].base.value, b->money, NULL,
           NULL);
    if (isfinite(r->bcr))
        snprintf(n, sizeof n, "%s back for every £1 spent.",
                 text_money(a, sizeof a, r->bcr));
    else
        snprintf(n, sizeof n, "Not defined: the costs are zero.");
    kv_num(c, "Benefit-cost ratio (BCR)", h[RESULTS_BCR].base.value, b->ratio,
           RESULTS_UNDEFINED, n);
    kv_num(c, "Net present value (NPV)", h[RESULTS_NPV].base.value, b->money, NULL,
           "PVB minus PVC.");
    kv_num(c, "Return on investment (ROI)", d->roi.value, b->pct, RESULTS_UNDEFINED,
           "NPV as a share of PVC.");
    if (r->payback_year >= 0)
        kv_num(c, "Payback", r->payback_year, b->year, NULL,
               "Discounted; year 0 is the first.");
    else {
        snprintf(n, sizeof n, "Not within the %d-year appraisal.", p->years);
        kv_str(c, "Payback", "never", n);
    }
    for (size_t k = 0; k < p->n_nodes; k++) {
        if (p->nodes[k].parent < 0)
            continue;
        char label[300];
        snprintf(label, sizeof label, "Cost per outcome: %s", p->nodes[k].id);
        snprintf(n, sizeof n, "Per person (%s over %d year%s): %s",
                 d->outcome_people[k].text, p->delivery_years,
                 p->delivery_years == 1 ? "" : "s", p->nodes[k].text);
        kv_num(c, label, d->cost_per_outcome[k].value, b->money, RESULTS_UNDEFINED, n);
    }
    c->row++;
}

static void summary_uncertainty(cursor *c, const results_doc *doc)
{
    const stitch_mc_result *mc = doc->mc;
    char n[1024], a[64], d[64];
    book *b = c->b;
    section(b, c->ws, c->row++, "Uncertainty (Monte Carlo simulation)", 3);
    if (!mc) {
        kv_str(c, "Simulation", "not run",
               "Not simulated: a simulation shows how sure the case is.");
        c->row++;
        return;
    }
    kv_num(c, "Simulations", (double)mc->iterations, b->count, NULL, NULL);
    snprintf(n, sizeof n, "%s%s%s", doc->range, doc->range[0] && doc->no_bcr[0] ? " " : "",
             doc->no_bcr);
    kv_num(c, "BCR, low end (P5)", mc->bcr_defined ? mc->bcr.p5 : NAN, b->ratio, NULL, n);
    kv_num(c, "BCR, high end (P95)", mc->bcr_defined ? mc->bcr.p95 : NAN, b->ratio, NULL,
           NULL);
    if (!mc->bcr_defined)
        snprintf(n, sizeof n, "Not defined: no simulation had any costs.");
    else if (isnan(mc->p_bcr_ge_1_mcse))
        snprintf(n, sizeof n,
                 "The share of simulations in which the benefits at least cover the "
                 "costs (its precision is not estimable from a single simulation).");
    else
        snprintf(n, sizeof n,
                 "The share of simulations in which the benefits at least cover the "
                 "costs (within ±%s percentage points).",
                 text_num(a, sizeof a, 200 * mc->p_bcr_ge_1_mcse, 1));
    kv_num(c, "Chance of breaking even (BCR ≥ 1)", mc->p_bcr_ge_1, b->pct1, NULL, n);
    kv_num(c, "NPV, low end (P5)", mc->npv.p5, b->money, NULL, NULL);
    kv_num(c, "NPV, high end (P95)", mc->npv.p95, b->money, NULL, NULL);
    if (mc->bcr_defined) {
        if (mc->iterations < 2)
            snprintf(n, sizeof n, "Precision not estimable from a single simulation.");
        else
            snprintf(n, sizeof n, "Within about ±%s (2 Monte Carlo standard errors).",
                     text_num(d, sizeof d, 2 * mc->bcr.mcse, 3));
        kv_num(c, "Mean BCR over the simulations", mc->bcr.mean, b->ratio, NULL, n);
    }
    c->row++;
}

static void summary_time(cursor *c, const results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_result *r = d->r;
    char n[sizeof d->time->units + sizeof d->time->fte + 4];
    book *b = c->b;
    section(b, c->ws, c->row++,
            "Time freed by staff group (potential: capacity for other work, not cash)",
            3);
    if (p->n_staff == 0) {
        kv_str(c, "Time freed", "none", "No benefit frees staff time.");
        c->row++;
        return;
    }
    for (size_t s = 0; s < p->n_staff; s++) {
        const results_time *t = &d->time[s];
        double h = fabs(r->hours[s]);
        snprintf(n, sizeof n, "%s%s%s.", t->units, t->units[0] && t->fte[0] ? "; " : "",
                 t->fte);
        if (n[0] >= 'a' && n[0] <= 'z')
            n[0] = (char)(n[0] - 'a' + 'A'); /* "Some 12 consultations" */
        char label[300];
        if (r->hours[s] < 0) /* a positive number, with words that say which way */
            snprintf(label, sizeof label, "More %s time used (hours)", p->staff[s]);
        else
            snprintf(label, sizeof label, "%s (hours)", p->staff[s]);
        kv_num(c, label, h, b->count, NULL, n);
    }
    c->row++;
}

static void summary_kinds(cursor *c, const stitch_plan *p, const stitch_result *r)
{
    book *b = c->b;
    section(b, c->ws, c->row++, "Cash and non-cash (present value, attribution view)", 3);
    for (int k = 0; k < 4; k++) {
        put_str(b, c->ws, c->row, 0, kind_names[k], b->text);
        put_num(b, c->ws, c->row, 1, r->kind[k], b->money, NULL);
        if (r->pvb > 0)
            put_num(b, c->ws, c->row, 2, r->kind[k] / r->pvb, b->pct_l, NULL);
        c->row++;
    }
    put_str(b, c->ws, c->row, 2, "Share of the present value of benefits.", b->note);
    c->row++;
    c->row++;
    section(b, c->ws, c->row++, "Who gains (present value by payer)", 3);
    for (size_t i = 0; i < p->n_payers; i++)
        kv_num(c, p->payers[i], r->by_payer[i], b->money, NULL, NULL);
    c->row++;
}

/* Who pays and who gains (docs/method.md section 4.12), when named. */
static void summary_who(cursor *c, const results_doc *d)
{
    book *b = c->b;
    char label[400], note[600];
    if (d->funders_named) {
        section(b, c->ws, c->row++, "Who pays (funders)", 3);
        for (size_t i = 0; i < d->n_funders; i++) {
            const results_funder *f = &d->funders[i];
            snprintf(label, sizeof label, "%s: present value", f->name);
            snprintf(note, sizeof note, "%s of the costs.", f->share.text);
            kv_num(c, label, f->cost.value, b->money, NULL, note);
            snprintf(label, sizeof label, "%s: cash", f->name);
            kv_num(c, label, f->cash.value, b->money, NULL, "Undiscounted.");
            snprintf(label, sizeof label, "%s: ratio", f->name);
            kv_num(c, label, f->bcr.value, b->ratio, "not defined", f->line);
        }
        put_str(b, c->ws, c->row++, 2, d->funder_note, b->note);
        c->row++;
    }
    if (d->stakeholders_named) {
        section(b, c->ws, c->row++, "Who gains (stakeholders, present value)", 3);
        for (size_t i = 0; i < d->n_stakeholders; i++) {
            const results_stakeholder *k = &d->stakeholders[i];
            if (k->simulated)
                snprintf(note, sizeof note,
                         "%s of the benefits; %s per £1 of cost; "
                         "P5 %s, P50 %s, P95 %s.",
                         k->share.text, k->ratio.text, k->p5.text, k->p50.text,
                         k->p95.text);
            else
                snprintf(note, sizeof note, "%s of the benefits; %s per £1 of cost.",
                         k->share.text, k->ratio.text);
            kv_num(c, k->name, k->value.value, b->money, NULL, note);
        }
        put_str(b, c->ws, c->row++, 2, d->stakeholder_note, b->note);
        c->row++;
    }
}

static void summary_contribution(cursor *c, const results_doc *d)
{
    const stitch_result *r = d->r;
    book *b = c->b;
    section(b, c->ws, c->row++, "Contribution versus attribution", 3);
    kv_num(c, "Contribution: PV of benefits", r->contribution_pvb, b->money, NULL,
           "The change this project contributed to, with others.");
    kv_num(c, "Contribution: BCR", r->contribution_bcr, b->ratio, "not defined", NULL);
    kv_num(c, "Contribution: NPV", r->contribution_npv, b->money, NULL, NULL);
    kv_num(c, "Attribution: PV of benefits", r->pvb, b->money, NULL,
           "The share claimed for this project; the headline.");
    kv_num(c, "Attribution: BCR", r->bcr, b->ratio, "not defined", NULL);
    kv_num(c, "Attribution: NPV", r->npv, b->money, NULL, NULL);
    kv_num(c, "Break-even attribution", d->break_even_attribution.value, b->pct, "none",
           d->break_even);
    c->row++;
}

static void summary_provenance(cursor *c, const stitch_plan *p,
                               const stitch_mc_result *mc, const stitch_sensitivity *sens)
{
    book *b = c->b;
    int drawn = mc || (sens && sens->sobol_status >= 0);
    unsigned long seed = mc ? mc->seed : sens ? sens->seed : p->seed;
    section(b, c->ws, c->row++, "How these numbers were made", 3);
    char a[32];
    snprintf(a, sizeof a, "%lu", seed); /* as text: a number keeps only 15 digits */
    put_str(b, c->ws, c->row, 0, "Seed", b->text);
    put_str(b, c->ws, c->row, 1, a, b->text_r);
    put_str(b, c->ws, c->row++, 2,
            "The same model, seed and simulations give the same numbers.", b->note);
    if (mc)
        kv_num(c, "Simulations", (double)mc->iterations, b->count, NULL, NULL);
    else
        kv_str(c, "Simulations", "not run", NULL);
    kv_str(c, "Random numbers", drawn ? results_rng_name(mc) : "none (base case only)", NULL);
    if (sens && sens->sobol_status >= 0)
        kv_num(c, "Sobol sample", (double)sens->sobol_samples, b->count, NULL, NULL);
    else
        kv_str(c, "Sobol sample", "not run", NULL);
    for (size_t i = 0; i < p->n_tables; i++)
        kv_str(c, i ? "" : "Unit-cost tables", base_name(p->tables[i]),
               p->table_years[i]);
    if (!p->n_tables)
        kv_str(c, "Unit-cost tables", "none", NULL);
    kv_str(c, "stitch version", stitch_version(), NULL);
    c->row++;
}

/* The caveat: most of the savings are time freed, not cash. */
static void summary_caveat(cursor *c, const results_doc *d)
{
    char t[1536];
    section(c->b, c->ws, c->row++, "Please read before quoting these savings", 3);
    snprintf(t, sizeof t,
             "%s %s Present the case as value for money, not as a saving to the public "
             "purse.",
             d->kind_banner, d->kind_detail);
    long_note(c->b, c->ws, c->row++, t, 3, 120);
}

/* What the benefits free, and the cash asked for: the Costs, Cash flow and
 * Capacity freed sheets have the detail. */
static void summary_capacity_cash(cursor *c, const results_doc *d)
{
    book *b = c->b;
    section(b, c->ws, c->row++, "Capacity freed and the cash asked for", 3);
    for (size_t u = 0; u < d->n_capacity; u++) {
        char noun[300];
        fmt_units_noun(noun, sizeof noun, d->capacity[u].unit);
        kv_num(c, noun, d->capacity[u].units.value, b->count1, NULL, d->capacity[u].line);
    }
    kv_num(c, "Cash asked for (undiscounted)", d->cash_ask_total.value, b->money, NULL,
           d->cash_ask_line);
    c->row++;
}

static void summary_sheet(book *b, const results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_result *r = d->r;
    static const double w[] = {44, 22, 80};
    lxw_worksheet *ws = sheet(b, "Summary", w, 3, 2);
    if (!ws)
        return;
    cursor c = {b, ws, 0};
    put_str(b, ws, c.row++, 0, p->name, b->title);
    put_str(b, ws, c.row++, 0, p->organisation, b->subtitle);
    if (d->monitoring_basis[0])
        put_str(b, ws, c.row++, 0, d->monitoring_basis, b->text);
    c.row++;
    summary_about(&c, p);
    summary_case(&c, d);
    summary_uncertainty(&c, d);
    summary_time(&c, d);
    summary_capacity_cash(&c, d);
    summary_kinds(&c, p, r);
    summary_who(&c, d);
    if (d->cohorts[0]) {
        long_note(b, ws, c.row++, d->cohorts, 3, 140);
        c.row++;
    }
    summary_contribution(&c, d);
    summary_caveat(&c, d);
    c.row++;
    summary_provenance(&c, p, d->mc, d->s);
}

/* ---- Logic model ---------------------------------------------------------------------
 */

enum {
    LM_LEVEL,
    LM_ID,
    LM_TEXT,
    LM_PEOPLE,
    LM_UNITS,
    LM_UNIT,
    LM_PAYER,
    LM_EVIDENCE,
    LM_CONF,
    LM_PV
};

static void logic_node(book *b, lxw_worksheet *ws, lxw_row_t *row, const stitch_plan *p,
                       const stitch_result *r, size_t k, int depth)
{
    const plan_node *n = &p->nodes[k];
    int in = depth < 3 ? depth : 3;
    put_str(b, ws, *row, LM_LEVEL, n->parent < 0 ? "Output" : "Outcome", b->text);
    put_str(b, ws, *row, LM_ID, n->id, b->text);
    put_str(b, ws, *row, LM_TEXT, n->text, b->indent[in]);
    put_num(b, ws, *row, LM_PEOPLE, r->people[k], b->count1, NULL);
    put_str(b, ws, *row, LM_EVIDENCE, n->evidence, b->wrap);
    put_str(b, ws, *row, LM_CONF, confidence_of(n->confidence), b->text);
    (*row)++;
    for (size_t i = 0; i < p->n_benefits; i++) {
        const plan_benefit *pb = &p->benefits[i];
        if (pb->node != k)
            continue;
        int bi = depth + 1 < 3 ? depth + 1 : 3;
        put_str(b, ws, *row, LM_LEVEL, "Benefit", b->text);
        put_str(b, ws, *row, LM_ID, pb->id, b->text);
        put_str(b, ws, *row, LM_TEXT, pb->text, b->indent[bi]);
        put_num(b, ws, *row, LM_UNITS, r->units[i], b->count1, NULL);
        put_str(b, ws, *row, LM_UNIT, pb->unit, b->wrap);
        put_str(b, ws, *row, LM_PAYER, p->payers[pb->payer], b->wrap);
        put_str(b, ws, *row, LM_EVIDENCE, pb->evidence, b->wrap);
        put_str(b, ws, *row, LM_CONF, confidence_of(pb->confidence), b->text);
        put_num(b, ws, *row, LM_PV, r->by_benefit[i], b->money, NULL);
        (*row)++;
    }
    for (size_t ch = 0; ch < p->n_nodes; ch++)
        if (p->nodes[ch].parent == (long)k)
            logic_node(b, ws, row, p, r, ch, depth + 1);
}

static void logic_sheet(book *b, const stitch_plan *p, const stitch_result *r)
{
    static const double w[] = {10, 18, 46, 12, 12, 18, 18, 80, 11, 14};
    static const char *const h[] = {
        "Level", "ID",        "What",     "People a year", "Units avoided",
        "Unit",  "Who gains", "Evidence", "Confidence",    "Present value"};
    lxw_worksheet *ws = sheet(b, "Logic model", w, 10, 1);
    if (!ws)
        return;
    header_row(b, ws, 0, h, 10, "lllrrllllr");
    lxw_row_t row = 1;
    put_str(b, ws, row, LM_LEVEL, "Need", b->text);
    put_str(b, ws, row, LM_TEXT, p->need_text, b->wrap);
    put_num(b, ws, row, LM_PEOPLE, dist_mean(&p->population), b->count, NULL);
    row++;
    for (size_t k = 0; k < p->n_nodes; k++)
        if (p->nodes[k].parent < 0)
            logic_node(b, ws, &row, p, r, k, 0);
    put_str(b, ws, row, LM_LEVEL, "Total", b->bold);
    put_str(b, ws, row, LM_TEXT, "Present value of all benefits (attribution view)",
            b->bold);
    put_num(b, ws, row, LM_PV, r->pvb, b->money, NULL);
    row += 2;
    put_str(b, ws, row, 0,
            "People a year: base case, in each delivery year. Units avoided: attributed, "
            "undiscounted, over the appraisal. Present value: after every adjustment "
            "(deadweight, displacement, attribution, drop-off) and discounting.",
            b->text);
}

/* ---- Monitoring (docs/method.md section 8.4)
 * ----------------------------------------------------------------------- */

static void monitoring_sheet(book *b, const results_doc *d)
{
    const stitch_plan *p = d->p;
    if (!d->monitoring_intro[0])
        return;
    static const double w[] = {34, 10, 12, 10, 10, 12, 10, 10, 12, 10, 10, 40};
    static const char *const h[] = {"Input",        "Achieved",      "Of",
                                    "Years",        "Prior mean",    "Prior P5",
                                    "Prior P95",    "Posterior mean", "Posterior P5",
                                    "Posterior P95", "Conflict",     "Periods"};
    lxw_worksheet *ws = sheet(b, "Monitoring", w, 12, 3);
    if (!ws)
        return;
    long_note(b, ws, 0, d->monitoring_intro, 12, 180);
    header_row(b, ws, 2, h, 12, "lrrrrrrrrrll");
    lxw_row_t row = 3;
    for (size_t k = 0; k < p->n_updates; k++, row++) {
        const plan_update *u = &p->updates[k];
        lxw_format *f = u->rate ? b->pct : b->count1;
        put_str(b, ws, row, 0, d->updates[k].path, b->text);
        put_int(b, ws, row, 1, u->achieved, b->count);
        put_num(b, ws, row, 2, u->of, b->count, "");
        put_num(b, ws, row, 3, u->years, b->ratio, "");
        const double v[] = {u->prior_mean, u->prior_p5, u->prior_p95,
                            u->mean,       u->p5,       u->p95};
        for (int i = 0; i < 6; i++)
            put_num(b, ws, row, (lxw_col_t)(4 + i), v[i], f, NULL);
        put_str(b, ws, row, 10, d->updates[k].conflict ? "yes" : "no", b->text);
        put_str(b, ws, row, 11, u->periods, b->text);
    }
    row++;
    if (d->has_before) {
        static const char *const hb[] = {"The case", "Before the data", "After"};
        header_row(b, ws, row++, hb, 3, "lrr");
        for (int i = 0; i < RESULTS_COMPARE; i++, row++) {
            const results_compare *c = &d->compare[i];
            lxw_format *f = i == 0 ? b->ratio : i == 1 ? b->money : b->pct;
            put_str(b, ws, row, 0, c->label, b->text);
            put_num(b, ws, row, 1, c->before.value, f, c->before.text);
            put_num(b, ws, row, 2, c->after.value, f, c->after.text);
        }
        row++;
    }
    for (size_t k = 0; k < d->n_updates; k++)
        if (d->updates[k].conflict || !d->updates[k].used)
            long_note(b, ws, row++, d->updates[k].line, 12, 180);
    if (d->untouched[0])
        long_note(b, ws, row, d->untouched, 12, 180);
}

/* ---- Assumptions
 * ----------------------------------------------------------------------- */

static void assumptions_sheet(book *b, const stitch_plan *p)
{
    static const double w[] = {44, 12, 36, 13, 13, 13, 14, 8, 10, 40};
    static const char *const h[] = {
        "Input", "Distribution", "As given",   "Base value",           "P5",
        "P95",   "Values are",   "Line",       "Written in the model?", "Path in the model"};
    static const char *const domains[] = {"any number", "0 or more", "a share (0 to 1)"};
    lxw_worksheet *ws = sheet(b, "Assumptions", w, 10, 1);
    if (!ws)
        return;
    header_row(b, ws, 0, h, 10, "lllrrrlrll");
    lxw_row_t row = 1;
    for (size_t i = 0; i < p->n_inputs; i++, row++) {
        const plan_input *in = &p->inputs[i];
        char par[256];
        double base = dist_mean(&in->dist);
        int fixed = in->dist.kind == DIST_FIXED;
        double p5 = base, p95 = base;
        int rc = 0;
        if (!fixed && ((rc = dist_quantile(&in->dist, 0.05, &p5)) ||
                       (rc = dist_quantile(&in->dist, 0.95, &p95)))) {
            if (rc == DIST_ENOMEM)
                b->nomem = 1;
            else
                b->no_quantile = in; /* an internal error: no number to write */
            return;
        }
        lxw_format *f =
            input_format(b, in, fmax(fabs(base), fmax(fabs(p5), fabs(p95))));
        results_input_given(par, sizeof par, p, i);
        put_input(b, ws, row, p, i, 9);
        put_str(b, ws, row, 1, dist_name(in->dist.kind), b->text);
        put_str(b, ws, row, 2, par, b->wrap);
        put_num(b, ws, row, 3, base, f, NULL);
        put_num(b, ws, row, 4, p5, f, NULL);
        put_num(b, ws, row, 5, p95, f, NULL);
        put_str(b, ws, row, 6, domains[in->domain <= DOMAIN_SHARE ? in->domain : 0],
                b->text);
        if (in->line > 0)
            put_int(b, ws, row, 7, in->line, b->count);
        put_str(b, ws, row, 8, in->given ? "yes" : "default", b->text);
    }
    row++;
    put_str(
        b, ws, row++, 0,
        "Base value: the mean, used for the base case. P5 and P95: 9 in 10 draws of the "
        "simulation fall between them. \"default\": a value stitch assumed because the "
        "model file does not set it.",
        b->text);
    if (p->n_corr_pairs) {
        row++;
        static const char *const hc[] = {"Drawn together", "with", "Rank correlation"};
        header_row(b, ws, row++, hc, 3, "llr");
        for (size_t k = 0; k < p->n_corr_pairs; k++, row++) {
            put_str(b, ws, row, 0, p->inputs[p->corr_pairs[k].a].path, b->text);
            put_str(b, ws, row, 1, p->inputs[p->corr_pairs[k].b].path, b->text);
            put_num(b, ws, row, 2, p->corr_pairs[k].rho, b->num2, NULL);
        }
    }
}

/* ---- Unit costs
 * -------------------------------------------------------------------------- */

static void unit_costs_sheet(book *b, const stitch_plan *p)
{
    static const double w[] = {30, 40, 24, 12, 11, 11, 12, 11, 50, 24};
    static const char *const h[] = {"Code",       "Service",          "Unit",
                                    "Table cost", "Table price year", "Uprating factor",
                                    "Cost used",  "Overridden?",      "Source",
                                    "Table"};
    lxw_worksheet *ws = sheet(b, "Unit costs", w, 10, 1);
    if (!ws)
        return;
    header_row(b, ws, 0, h, 10, "lllrlrrlll");
    lxw_row_t row = 1;
    for (size_t i = 0; i < p->n_unit_costs; i++, row++) {
        const plan_unit_cost *u = &p->unit_costs[i];
        put_str(b, ws, row, 0, u->code, b->text);
        put_str(b, ws, row, 1, u->service, b->wrap);
        put_str(b, ws, row, 2, u->unit, b->wrap);
        put_num(b, ws, row, 3, u->table_cost, b->money2, NULL);
        put_str(b, ws, row, 4, u->price_year, b->text);
        put_num(b, ws, row, 5, u->factor, b->factor, u->overridden ? "overridden" : NULL);
        put_num(b, ws, row, 6, dist_mean(&p->inputs[u->input].dist), b->money2, NULL);
        put_str(b, ws, row, 7, u->overridden ? "yes" : "no", b->text);
        put_str(b, ws, row, 8, u->source, b->wrap);
        put_str(b, ws, row, 9, base_name(u->table), b->wrap);
    }
    if (!p->n_unit_costs)
        put_str(b, ws, row++, 0, "The model uses no unit costs from a table.", b->text);
    row++;
    put_str(b, ws, row, 0,
            "Cost used = table cost x uprating factor (to the model's price year), "
            "unless the "
            "model overrides it.",
            b->text);
}

/* ---- Results
 * ----------------------------------------------------------------------------- */

static void result_row(book *b, lxw_worksheet *ws, lxw_row_t row, const char *label,
                       double base, const stitch_summary *s, lxw_format *f,
                       lxw_format *fine)
{
    put_str(b, ws, row, 0, label, b->text);
    put_num(b, ws, row, 1, base, f, NULL);
    if (!s)
        return;
    const double v[] = {s->mean, s->sd, s->mcse, s->p5, s->p25, s->p50, s->p75, s->p95};
    for (size_t i = 0; i < 8; i++) /* sd and MCSE need 2 simulations or more */
        put_num(b, ws, row, (lxw_col_t)(2 + i), v[i], i == 2 ? fine : f,
                (i == 1 || i == 2) && !isnan(s->mean) ? "not estimable" : NULL);
}

static void results_sheet(book *b, const stitch_plan *p, const stitch_result *r,
                          const stitch_mc_result *mc)
{
    static const double w[] = {40, 14, 14, 14, 13, 14, 14, 14, 14, 14};
    static const char *const h[] = {"Metric", "Base case", "Mean", "SD",  "MCSE",
                                    "P5",     "P25",       "P50",  "P75", "P95"};
    lxw_worksheet *ws = sheet(b, "Results", w, 10, 1);
    if (!ws)
        return;
    header_row(b, ws, 0, h, 10, "lrrrrrrrrr");
    int bcr = mc && mc->bcr_defined;
    const stitch_summary undefined = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    lxw_row_t row = 1;
    result_row(b, ws, row++, "PV of benefits (pvb)", r->pvb, mc ? &mc->pvb : NULL,
               b->money, b->money);
    result_row(b, ws, row++, "PV of costs (pvc)", r->pvc, mc ? &mc->pvc : NULL, b->money,
               b->money);
    result_row(b, ws, row++, "Benefit-cost ratio (bcr)", r->bcr,
               mc ? (bcr ? &mc->bcr : &undefined) : NULL, b->ratio, b->ratio4);
    result_row(b, ws, row++, "Net present value (npv)", r->npv, mc ? &mc->npv : NULL,
               b->money, b->money);
    result_row(b, ws, row++, "Return on investment (roi)", r->roi,
               mc ? (bcr ? &mc->roi : &undefined) : NULL, b->pct, b->pct2);
    for (size_t g = 0; g < p->n_staff; g++) {
        char label[300];
        snprintf(label, sizeof label, "Time freed, hours: %s", p->staff[g]);
        result_row(b, ws, row++, label, r->hours[g], mc ? &mc->hours[g] : NULL, b->count,
                   b->count1);
    }
    row++;
    if (!mc) {
        put_str(
            b, ws, row, 0,
            "Monte Carlo simulation not run: only the base case (every assumption at its "
            "mean) is shown.",
            b->text);
        return;
    }
    put_str(
        b, ws, row++, 0,
        "Mean, SD and percentiles over the simulations; MCSE: the Monte Carlo standard "
        "error of the mean. Time freed is undiscounted hours over the appraisal.",
        b->text);
    row++;
    static const char *const hp[] = {"Chance", "Share", "MCSE"};
    header_row(b, ws, row++, hp, 3, "lrr");
    put_str(b, ws, row, 0, "BCR at least 1 (breaks even)", b->text);
    put_num(b, ws, row, 1, mc->p_bcr_ge_1, b->pct1, NULL);
    put_num(b, ws, row++, 2, mc->p_bcr_ge_1_mcse, b->pct2,
            mc->bcr_defined ? "not estimable" : "not defined");
    put_str(b, ws, row, 0, "Simulations without costs (no BCR; left out of the BCR)",
            b->text);
    put_num(b, ws, row++, 1, (double)mc->no_bcr, b->count, NULL);
    put_str(b, ws, row, 0, "NPV above 0", b->text);
    put_num(b, ws, row++, 1, mc->p_npv_gt_0, b->pct1, NULL);
    if (mc->precision > 0) {
        put_str(b, ws, row, 0, "Precision target (standard error)", b->text);
        put_num(b, ws, row, 1, mc->precision, b->general, NULL);
        put_str(b, ws, row++, 2, mc->precision_met ? "met" : "not met", b->text);
    }
    row++;
    static const char *const hy[] = {"Paid back by (discounted)", "Share of simulations"};
    header_row(b, ws, row++, hy, 2, "lr");
    for (int t = 0; t < p->years; t++, row++) {
        put_int(b, ws, row, 0, t, b->year_l);
        put_num(b, ws, row, 1, mc->payback_by[t], b->pct1, NULL);
    }
    row++;
    static const char *const ho[] = {"Mean cost per outcome", "Per person", "Outcome",
                                     "Simulations left out (nobody reached it)"};
    header_row(b, ws, row++, ho, 4, "lrlr");
    for (size_t k = 0; k < p->n_nodes; k++)
        if (p->nodes[k].parent >= 0) {
            put_str(b, ws, row, 0, p->nodes[k].id, b->text);
            put_num(b, ws, row, 1, mc->cost_per_outcome[k], b->money,
                    "not defined: nobody reached it");
            put_str(b, ws, row, 2, p->nodes[k].text, b->text);
            put_num(b, ws, row++, 3, (double)mc->no_outcome[k], b->count, NULL);
        }
}

/* ---- Tornado
 * ----------------------------------------------------------------------------- */

static const char *const not_run_sens =
    "Sensitivity analysis not run.";

/* A round step for an axis that spans `span`, about six steps in all. */
static double axis_step(double span)
{
    double raw = span / 6, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return mag * (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10);
}

/* The chart shows at most this many inputs, the largest swings. */
#define TORNADO_CHART_MAX 20

/* The native bar chart: one bar per input from the base case to its value at
 * the input's low end, and one to its value at the high end. */
static void tornado_chart(book *b, lxw_worksheet *ws, lxw_row_t at,
                          const stitch_sensitivity *s, int use_bcr)
{
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_BAR);
    if (!ch) {
        b->nomem = 1;
        return;
    }
    size_t n = s->n_tornado < TORNADO_CHART_MAX ? s->n_tornado : TORNADO_CHART_MAX;
    lxw_row_t last = (lxw_row_t)n;
    lxw_col_t lo = use_bcr ? 4 : 6;
    static const char *const names[] = {"Input at its low value",
                                        "Input at its high value"};
    for (lxw_col_t k = 0; k < 2; k++) {
        lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
        if (!se) {
            b->nomem = 1;
            return;
        }
        chart_series_set_categories(se, "Tornado", 1, 0, last, 0);
        chart_series_set_values(se, "Tornado", 1, (lxw_col_t)(lo + k), last,
                                (lxw_col_t)(lo + k));
        chart_series_set_name(se, names[k]);
        lxw_chart_fill fill = {.color = k ? COLOUR_GOOD : COLOUR_BAD};
        chart_series_set_fill(se, &fill);
    }
    double base = use_bcr ? s->base_bcr : s->base_npv, min = base, max = base;
    for (size_t k = 0; k < n; k++) {
        const sens_tornado *t = &s->tornado[k];
        double v[2] = {use_bcr ? t->bcr_low : t->npv_low,
                       use_bcr ? t->bcr_high : t->npv_high};
        for (int i = 0; i < 2; i++)
            if (isfinite(v[i]))
                min = fmin(min, v[i]), max = fmax(max, v[i]);
    }
    if (max > min) { /* Excel would start a bar chart's axis at 0 */
        double step = axis_step(max - min);
        chart_axis_set_min(ch->x_axis, floor(min / step) * step);
        chart_axis_set_max(ch->x_axis, ceil(max / step) * step);
    }
    char title[160], a[64];
    if (use_bcr)
        snprintf(title, sizeof title, "BCR as each input moves (base case %.2f)%s", base,
                 n < s->n_tornado ? ": the 20 largest swings" : "");
    else
        snprintf(title, sizeof title, "NPV as each input moves (base case %s)%s",
                 text_money(a, sizeof a, base),
                 n < s->n_tornado ? ": the 20 largest swings" : "");
    chart_title_set_name(ch, title);
    /* In a bar chart the categories run up the y axis: largest swing at the top,
     * labels at the left edge, and bars drawn from the base case. */
    chart_axis_set_reverse(ch->y_axis);
    chart_axis_set_label_position(ch->y_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
    chart_axis_set_crossing(ch->x_axis, base);
    chart_axis_set_num_format(ch->x_axis, use_bcr ? "0.00" : "\"£\"#,##0");
    chart_axis_set_name(ch->x_axis, use_bcr ? "Benefit-cost ratio" : "Net present value");
    chart_set_series_overlap(ch, 100);
    chart_set_series_gap(ch, 40);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    chart_axis_set_interval_unit(ch->y_axis, 1); /* every input named */
    double height = 110.0 + 24.0 * (double)n;
    lxw_chart_options o = {.x_scale = 2.0,
                           .y_scale = height < 288 ? 1.0 : height / 288.0};
    check(b, worksheet_insert_chart_opt(ws, at, 0, ch, &o));
    if ((double)at + height / 20.0 > 32) { /* print it on a page of its own, whole */
        lxw_row_t breaks[] = {at, 0};
        check(b, worksheet_set_h_pagebreaks(ws, breaks));
    }
}

static void tornado_sheet(book *b, const stitch_plan *p, const stitch_sensitivity *s)
{
    static const double w[] = {44, 14, 13, 13, 12, 12, 14, 14, 36};
    static const char *const h[] = {"Input",      "Range",       "Low value",
                                    "High value", "BCR at low",  "BCR at high",
                                    "NPV at low", "NPV at high", "Path in the model"};
    lxw_worksheet *ws = sheet(b, "Tornado", w, 9, 1);
    if (!ws)
        return;
    header_row(b, ws, 0, h, 9, "llrrrrrrl");
    if (!s) {
        put_str(b, ws, 1, 0, not_run_sens, b->text);
        return;
    }
    lxw_row_t row = 1;
    for (size_t k = 0; k < s->n_tornado; k++, row++) {
        const sens_tornado *t = &s->tornado[k];
        const plan_input *in = &p->inputs[t->input];
        lxw_format *f = input_format(b, in, fmax(fabs(t->low), fabs(t->high)));
        put_input(b, ws, row, p, t->input, 8);
        put_str(b, ws, row, 1, t->adjustment ? "half to 1.5x" : "P10 to P90", b->text);
        put_num(b, ws, row, 2, t->low, f, NULL);
        put_num(b, ws, row, 3, t->high, f, NULL);
        put_num(b, ws, row, 4, t->bcr_low, b->ratio, NULL);
        put_num(b, ws, row, 5, t->bcr_high, b->ratio, NULL);
        put_num(b, ws, row, 6, t->npv_low, b->money, NULL);
        put_num(b, ws, row, 7, t->npv_high, b->money, NULL);
    }
    if (!s->n_tornado)
        put_str(b, ws, row++, 0,
                "No input changes the result: the model has no uncertain inputs or "
                "adjustments.",
                b->text);
    row++;
    put_str(
        b, ws, row++, 0,
        "Each uncertain input at its P10 and P90, the rest at base; fixed adjustments at "
        "half and one and a half times their value. Largest swing first.",
        b->text);
    if (s->n_flat) {
        char n[256];
        snprintf(n, sizeof n,
                 "Not shown: fixed numbers other than adjustments, and %zu input%s whose "
                 "range does not move the result.",
                 s->n_flat, s->n_flat == 1 ? "" : "s");
        put_str(b, ws, row++, 0, n, b->text);
    }
    if (s->n_tornado)
        tornado_chart(b, ws, row + 1, s, !isnan(s->base_bcr));
}

/* ---- Distribution
 * ------------------------------------------------------------------------ */

static void distribution_chart(book *b, lxw_worksheet *ws, lxw_row_t at,
                               const stitch_mc_result *mc, double width)
{
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
    if (!ch) {
        b->nomem = 1;
        return;
    }
    lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
    if (!se) {
        b->nomem = 1;
        return;
    }
    chart_series_set_categories(se, "Distribution", 1, 0, STITCH_HIST_BINS, 0);
    chart_series_set_values(se, "Distribution", 1, 2, STITCH_HIST_BINS, 2);
    chart_series_set_name(se, "Share of simulations");
    /* Bars that break even (BCR of 1 or more, NPV of 0 or more) in blue. */
    double even = mc->hist_of_npv ? 0.0 : 1.0;
    for (int i = 0; i < STITCH_HIST_BINS; i++) {
        double mid = mc->hist_lo + (i + 0.5) * width;
        b->fill[i] = (lxw_chart_fill){.color = mid >= even ? COLOUR_GOOD : COLOUR_BAD};
        b->point[i] = (lxw_chart_point){.fill = &b->fill[i]};
        b->points[i] = &b->point[i];
    }
    b->points[STITCH_HIST_BINS] = NULL;
    check(b, chart_series_set_points(se, b->points));
    chart_set_series_gap(ch, 10);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    chart_title_set_name(
        ch, mc->hist_of_npv ? "Net present value over the simulations (blue: pays back)"
                            : "Benefit-cost ratio over the simulations (blue: BCR of 1 "
                              "or more)");
    chart_axis_set_name(ch->x_axis, mc->hist_of_npv
                                        ? "NPV (each bar starts at the value shown)"
                                        : "BCR (each bar starts at the value shown)");
    chart_axis_set_num_format(ch->x_axis, mc->hist_of_npv ? "\"£\"#,##0" : "0.00");
    chart_axis_set_interval_unit(ch->x_axis, 4);
    chart_axis_set_name(ch->y_axis, "Share of simulations");
    chart_axis_set_num_format(ch->y_axis, "0%");
    lxw_chart_options o = {.x_scale = 2.0, .y_scale = 1.4};
    check(b, worksheet_insert_chart_opt(ws, at, 4, ch, &o));
}

static void distribution_sheet(book *b, const stitch_mc_result *mc)
{
    static const double w[] = {14, 14, 14, 14};
    static const char *const h[] = {"Bin from", "Bin to", "Share of simulations",
                                    "Share at or below"};
    lxw_worksheet *ws = sheet(b, "Distribution", w, 4, 1);
    if (!ws)
        return;
    header_row(b, ws, 0, h, 4, "rrrr");
    if (!mc) {
        put_str(b, ws, 1, 0, "Monte Carlo simulation not run: no distribution to show.",
                b->text);
        return;
    }
    lxw_format *f = mc->hist_of_npv ? b->money : b->ratio;
    double width = (mc->hist_hi - mc->hist_lo) / STITCH_HIST_BINS, below = mc->hist_below;
    lxw_row_t row = 1;
    for (int i = 0; i < STITCH_HIST_BINS; i++, row++) {
        below += mc->hist[i];
        put_num(b, ws, row, 0, mc->hist_lo + i * width, f, NULL);
        put_num(b, ws, row, 1,
                i + 1 == STITCH_HIST_BINS ? mc->hist_hi : mc->hist_lo + (i + 1) * width,
                f, NULL);
        put_num(b, ws, row, 2, mc->hist[i], b->pct1, NULL);
        put_num(b, ws, row, 3, below, b->pct1, NULL);
    }
    row++;
    put_str(b, ws, row, 0, "Below the first bin", b->text);
    put_num(b, ws, row++, 2, mc->hist_below, b->pct1, NULL);
    put_str(b, ws, row, 0, "Above the last bin", b->text);
    put_num(b, ws, row++, 2, mc->hist_above, b->pct1, NULL);
    row++;
    char n[256], a[64];
    snprintf(n, sizeof n,
             "The %s in %s simulations: %d equal bins from its 0.5th to its 99.5th "
             "percentile.",
             mc->hist_of_npv ? "NPV (the BCR is not defined)" : "BCR",
             text_num(a, sizeof a, (double)mc->iterations, 0), STITCH_HIST_BINS);
    put_str(b, ws, row, 0, n, b->text);
    distribution_chart(b, ws, 1, mc, width);
}

/* ---- Switching values
 * -------------------------------------------------------------------- */

static void switching_sheet(book *b, const stitch_plan *p, const stitch_sensitivity *s)
{
    static const double w[] = {44, 13, 13, 12, 13, 13, 16, 36};
    static const char *const h[] = {"Input", "Base", "Switches at",         "Change",
                                    "P5",    "P95",  "In plausible range?", "Path in the model"};
    lxw_worksheet *ws = sheet(b, "Switching values", w, 8, 1);
    if (!ws)
        return;
    header_row(b, ws, 0, h, 8, "lrrrrrll");
    if (!s) {
        put_str(b, ws, 1, 0, not_run_sens, b->text);
        return;
    }
    lxw_row_t row = 1;
    size_t inside = 0;
    for (size_t k = 0; k < s->n_switching; k++, row++) {
        const sens_switch *x = &s->switching[k];
        const plan_input *in = &p->inputs[x->input];
        lxw_format *f = input_format(b, in, fmax(fabs(x->base), fabs(x->value)));
        put_input(b, ws, row, p, x->input, 7);
        put_num(b, ws, row, 1, x->base, f, NULL);
        put_num(b, ws, row, 2, x->value, f, "none");
        if (isnan(x->value))
            put_str(b, ws, row, 3, "-", b->na);
        else if (in->domain == DOMAIN_SHARE) /* percentage points */
            put_num(b, ws, row, 3, 100 * (x->value - x->base), b->pts, "-");
        else if (x->base == 0)
            put_str(b, ws, row, 3, "-", b->na);
        else
            put_num(b, ws, row, 3, (x->value - x->base) / fabs(x->base), b->change, "-");
        if (x->fixed) {
            put_str(b, ws, row, 4, "-", b->na);
            put_str(b, ws, row, 5, "-", b->na);
        } else {
            put_num(b, ws, row, 4, x->p5, f, NULL);
            put_num(b, ws, row, 5, x->p95, f, NULL);
        }
        put_str(b, ws, row, 6,
                isnan(x->value) ? "-"
                : x->fixed      ? "fixed"
                : x->in_range   ? "YES"
                                : "no",
                b->text);
        inside += (size_t)x->in_range;
    }
    if (!s->n_switching)
        put_str(b, ws, row++, 0, "No input moves the NPV.", b->text);
    row++;
    char n[512];
    if (inside)
        snprintf(
            n, sizeof n,
            "The case rests on %zu assumption%s: within %s plausible range, on its own, "
            "each one marked YES could turn the NPV %s.",
            inside, inside == 1 ? "" : "s", inside == 1 ? "its" : "their",
            s->base_npv >= 0 ? "negative" : "positive");
    else
        snprintf(n, sizeof n,
                 "No input, on its own, turns the NPV %s within its plausible range.",
                 s->base_npv >= 0 ? "negative" : "positive");
    put_str(b, ws, row++, 0, n, b->bold);
    static const char *const notes[] = {
        "The value of each input, on its own, at which the NPV falls to zero (the case "
        "stops paying back), beside the input's plausible range (P5 to P95).",
        "\"none\": no value the input can take (0 to 1 for a share, 0 or more for a "
        "count "
        "or cost) does it. Shares change in percentage points (pts), other inputs in per "
        "cent of their base.",
        "\"fixed\": the model gives one value, not a range, so only you can judge "
        "whether "
        "its switching value is plausible."};
    for (size_t i = 0; i < 3; i++)
        put_str(b, ws, row++, 0, notes[i], b->text);
}

/* ---- Scenarios (with horizon, discount rate, attribution and the grid)
 * -------------------- */

static void scenario_tables(book *b, lxw_worksheet *ws, lxw_row_t *rowp,
                            const stitch_plan *p, const stitch_sensitivity *s)
{
    lxw_row_t row = *rowp;
    static const char *const hh[] = {"Appraisal stops after", "BCR", "NPV"};
    section(b, ws, row++, "If the appraisal stopped early", 6);
    header_row(b, ws, row++, hh, 3, "lrr");
    for (int t = 0; t < p->years; t++, row++) {
        char y[32];
        snprintf(y, sizeof y, "%d year%s", t + 1, t ? "s" : "");
        put_str(b, ws, row, 0, y, b->text);
        put_num(b, ws, row, 1, s->horizon_bcr[t], b->ratio, NULL);
        put_num(b, ws, row, 2, s->horizon_npv[t], b->money, NULL);
    }
    row++;
    static const char *const hd[] = {"Discount rate (every benefit and cost)", "BCR",
                                     "NPV"};
    section(b, ws, row++, "At another discount rate", 6);
    header_row(b, ws, row++, hd, 3, "lrr");
    for (size_t k = 0; k < s->n_discount; k++, row++) {
        const sens_discount *d = &s->discount[k];
        char label[160];
        if (isnan(d->rate) && p->n_sched > 1)
            snprintf(label, sizeof label, "the model's own (%s, %s%s)", p->sched_names[0],
                     p->sched_names[1], p->n_sched > 2 ? ", ..." : "");
        else if (isnan(d->rate))
            snprintf(label, sizeof label, "the model's (%s)", p->sched_names[0]);
        else
            snprintf(label, sizeof label, "%.1f%%", 100 * d->rate);
        put_str(b, ws, row, 0, label, b->text);
        put_num(b, ws, row, 1, d->bcr, b->ratio, NULL);
        put_num(b, ws, row, 2, d->npv, b->money, NULL);
    }
    row++;
    static const char *const ha[] = {"Benefit", "Contribution PV", "Attribution",
                                     "Attributed PV", "Alone pays if attribution ≤"};
    section(b, ws, row++, "Contribution and attribution by benefit", 6);
    header_row(b, ws, row++, ha, 5, "lrrrr");
    for (size_t i = 0; i < p->n_benefits; i++, row++) {
        const sens_benefit *x = &s->benefits[i];
        put_str(b, ws, row, 0, p->benefits[i].id, b->text);
        put_num(b, ws, row, 1, x->contribution, b->money, NULL);
        put_num(b, ws, row, 2, x->attribution, b->pct, NULL);
        put_num(b, ws, row, 3, x->attributed, b->money, NULL);
        put_num(b, ws, row, 4, x->break_even_alone, b->pct, "never");
    }
    char n[256], a[64];
    if (isnan(s->break_even_attribution))
        snprintf(n, sizeof n,
                 "Even claiming all of the change, the benefits do not cover the costs.");
    else
        snprintf(n, sizeof n,
                 "The project pays back as long as others caused no more than %s of the "
                 "change (break-even attribution, applied to every benefit).",
                 text_pct(a, sizeof a, s->break_even_attribution));
    put_str(b, ws, row++, 0, n, b->text);
    *rowp = row + 1;
}

static void grid_table(book *b, lxw_worksheet *ws, lxw_row_t row, const stitch_plan *p,
                       const stitch_sensitivity *s)
{
    int bcr = !isnan(s->base_bcr);
    section(b, ws, row++, bcr ? "Two-way grid: BCR" : "Two-way grid: NPV", 6);
    if (s->grid_a < 0) {
        put_str(b, ws, row, 0,
                "Not shown: the model has fewer than two inputs that change the result.",
                b->text);
        return;
    }
    const plan_input *ia = &p->inputs[s->grid_a], *ib = &p->inputs[s->grid_b];
    char n[600];
    snprintf(n, sizeof n, "Rows: %s. Columns: %s. The rest at base.", ia->path, ib->path);
    put_str(b, ws, row++, 0, n, b->text);
    put_str(b, ws, row, 0, ia->path, b->head);
    for (size_t j = 0; j < s->grid_n; j++)
        put_num(b, ws, row, (lxw_col_t)(1 + j), s->grid_bv[j],
                value_format(b, ib->domain, fabs(s->grid_bv[j])), NULL);
    row++;
    for (size_t i = 0; i < s->grid_n; i++, row++) {
        put_num(b, ws, row, 0, s->grid_av[i],
                value_format(b, ia->domain, fabs(s->grid_av[i])), NULL);
        for (size_t j = 0; j < s->grid_n; j++) {
            double v =
                bcr ? s->grid_bcr[i * s->grid_n + j] : s->grid_npv[i * s->grid_n + j];
            put_num(b, ws, row, (lxw_col_t)(1 + j), v, bcr ? b->ratio : b->money, NULL);
        }
    }
    row++;
    put_str(b, ws, row, 0,
            "Each runs from its P10 to its P90 (the middle value is the median), or from "
            "half to one and a half times a fixed value.",
            b->text);
}

static void scenarios_sheet(book *b, const stitch_plan *p, const stitch_sensitivity *s)
{
    double w[6 + 21] = {40, 15, 15, 15, 12, 12};
    for (size_t c = 6; c < sizeof w / sizeof *w; c++)
        w[c] = 12;
    static const char *const h[] = {"Scenario", "PV benefits", "PV costs",
                                    "NPV",      "BCR",         "Pays back"};
    lxw_worksheet *ws =
        sheet(b, "Scenarios", w, s && s->grid_n > 5 ? 1 + s->grid_n : 6, 1);
    if (!ws)
        return;
    header_row(b, ws, 0, h, 6, "lrrrrr");
    if (!s) {
        put_str(b, ws, 1, 0, not_run_sens, b->text);
        return;
    }
    lxw_row_t row = 1;
    for (size_t k = 0; k < s->n_scenarios; k++, row++) {
        const sens_scenario *c = &s->scenarios[k];
        put_str(b, ws, row, 0, c->name, b->text);
        put_num(b, ws, row, 1, c->pvb, b->money, NULL);
        put_num(b, ws, row, 2, c->pvc, b->money, NULL);
        put_num(b, ws, row, 3, c->npv, b->money, NULL);
        put_num(b, ws, row, 4, c->bcr, b->ratio, NULL);
        if (c->payback_year < 0)
            put_str(b, ws, row, 5, "never", b->na);
        else
            put_int(b, ws, row, 5, c->payback_year, b->year);
    }
    row++;
    put_str(
        b, ws, row++, 0,
        "Pessimistic: every uncertain input at whichever of its P10 and P90 is worse for "
        "the case; optimistic: the better one. Year 0 is the first.",
        b->text);
    row++;
    scenario_tables(b, ws, &row, p, s);
    grid_table(b, ws, row, p, s);
}

/* ---- Sobol
 * ------------------------------------------------------------------------------- */

static void sobol_sheet(book *b, const stitch_plan *p, const stitch_sensitivity *s)
{
    static const double w[] = {44, 12, 12, 12, 12, 12, 12, 12, 36};
    static const char *const h[] = {"Input",       "First order", "95% CI low",
                                    "95% CI high", "Total",       "95% CI low",
                                    "95% CI high", "Negligible?", "Path in the model"};
    lxw_worksheet *ws = sheet(b, "Sobol", w, 9, 1);
    if (!ws)
        return;
    header_row(b, ws, 0, h, 9, "lrrrrrrll");
    const char *why = !s                      ? not_run_sens
                      : s->sobol_status == -2 ? "Not computed (--sobol 0)."
                      : s->sobol_status == -1 ? "The model has no uncertain inputs, "
                                                "so there is no uncertainty to share "
                                                "out."
                      : s->sobol_status == SOBOL_NOVAR
                          ? "The NPV does not vary with the "
                            "uncertain inputs, so there is no "
                            "uncertainty to share out."
                          : NULL;
    if (why) {
        put_str(b, ws, 1, 0, why, b->text);
        return;
    }
    size_t *order = malloc((s->n_sobol + 1) * sizeof *order);
    if (!order) {
        b->nomem = 1;
        return;
    }
    for (size_t i = 0; i < s->n_sobol; i++) /* largest total first (insertion sort) */
        for (size_t k = i;; k--) {
            if (k == 0 || s->sobol[order[k - 1]].st >= s->sobol[i].st) {
                order[k] = i;
                break;
            }
            order[k] = order[k - 1];
        }
    lxw_row_t row = 1;
    size_t marked = 0;
    for (size_t r = 0; r < s->n_sobol; r++, row++) {
        const sobol_index *x = &s->sobol[order[r]];
        int negligible = x->st_lo <= 0 || x->st_hi < 0.01;
        marked += (size_t)negligible;
        put_input(b, ws, row, p, p->uncertain[order[r]], 8);
        const double v[] = {x->s1, x->s1_lo, x->s1_hi, x->st, x->st_lo, x->st_hi};
        for (size_t i = 0; i < 6; i++) /* shares of variance: shown within 0 to 1 */
            put_num(b, ws, row, (lxw_col_t)(1 + i), isnan(v[i]) ? v[i] : fmin(1, fmax(0, v[i])),
                    b->index, NULL);
        put_str(b, ws, row, 7, negligible ? "~0" : "", b->text);
    }
    free(order);
    row++;
    char n[400], a[64];
    snprintf(
        n, sizeof n,
        "The share of the NPV's variance due to each input alone (first order) and with "
        "its interactions (total); %s samples, 95%% bootstrap intervals. Inputs are "
        "treated as independent here, even if the model correlates them.",
        text_num(a, sizeof a, (double)s->sobol_samples, 0));
    put_str(b, ws, row++, 0, n, b->text);
    if (marked)
        put_str(
            b, ws, row, 0,
            "~0: the input's share cannot be told from zero, or is under 1% even at the "
            "top of its interval: narrowing its range would change the spread of "
            "results little.",
            b->text);
}

/* ---- the workbook
 * ------------------------------------------------------------------------ */

/* ---- Costs, Cash flow and Capacity freed (docs/method.md 4.1, 4.12, 4.13) ---------- */

static void costs_sheet(book *b, const results_doc *d)
{
    static const double w[] = {48, 13, 13, 13, 18, 15, 60};
    static const char *const h[] = {"Cost",  "Base case",           "P5", "P95",
                                    "When",  "In all (undiscounted)", "Evidence"};
    const stitch_plan *p = d->p;
    lxw_worksheet *ws = sheet(b, "Costs", w, 7, 1);
    if (!ws)
        return;
    header_row(b, ws, 0, h, 7, "lrrrlrl");
    lxw_row_t row = 1;
    for (size_t i = 0; i < d->n_costs; i++, row++) {
        const results_cost *c = &d->costs[i];
        put_str(b, ws, row, 0, c->text, b->wrap);
        put_num(b, ws, row, 1, c->amount.value, b->money, NULL);
        put_num(b, ws, row, 2, c->low.value, b->money, NULL);
        put_num(b, ws, row, 3, c->high.value, b->money, NULL);
        put_str(b, ws, row, 4, c->once ? "once, in year 0" : "each delivery year",
                b->text);
        put_num(b, ws, row, 5, c->total.value, b->money, NULL);
        put_str(b, ws, row, 6, c->evidence ? c->evidence : "none recorded", b->wrap);
    }
    row++;
    static const char *const hy[] = {"Cash asked for", "Costs (undiscounted)"};
    header_row(b, ws, row++, hy, 2, "lr");
    for (int t = 0; t < p->years; t++, row++) {
        put_int(b, ws, row, 0, t, b->year_l);
        put_num(b, ws, row, 1, d->cash_flow[t].costs.value, b->money, NULL);
    }
    put_str(b, ws, row, 0, "In all (undiscounted)", b->bold);
    put_num(b, ws, row++, 1, d->cash_ask_total.value, b->money, NULL);
    put_str(b, ws, row, 0, "Present value of costs (PVC)", b->bold);
    put_num(b, ws, row++, 1, d->headline[RESULTS_PVC].base.value, b->money, NULL);
    row++;
    put_str(b, ws, row, 0, d->cash_ask_line, b->text);
}

/* The yearly rate r_t of schedule s, from its factors: DF(t) = DF(t-1) / (1 + r_t),
 * to ten decimal places (the rates are given to four at most). */
static double year_rate(const stitch_plan *p, size_t s, int t)
{
    double r = plan_df(p, s, t - 1) / plan_df(p, s, t) - 1;
    return round(r * 1e10) / 1e10;
}

/* A formula with its value as stitch computed it (what a reader sees before
 * the spreadsheet recalculates). */
static void put_formula(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                        const char *formula, lxw_format *f, double v)
{
    check(b, worksheet_write_formula_num(ws, row, col, formula, f, isfinite(v) ? v : 0));
}

/* "B12": a cell's name. */
static const char *cell(char *buf, lxw_row_t row, lxw_col_t col)
{
    lxw_rowcol_to_cell(buf, row, col);
    return buf;
}

static void cash_flow_chart(book *b, lxw_worksheet *ws, lxw_row_t first, lxw_row_t last,
                            lxw_col_t net, lxw_col_t cum, lxw_row_t at)
{
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
    if (!ch) {
        b->nomem = 1;
        return;
    }
    lxw_chart_series *a = chart_add_series(ch, NULL, NULL);
    lxw_chart_series *c = chart_add_series(ch, NULL, NULL);
    if (!a || !c) {
        b->nomem = 1;
        return;
    }
    chart_series_set_categories(a, "Cash flow", first, 0, last, 0);
    chart_series_set_values(a, "Cash flow", first, net, last, net);
    chart_series_set_name(a, "Net in the year (undiscounted)");
    chart_series_set_categories(c, "Cash flow", first, 0, last, 0);
    chart_series_set_values(c, "Cash flow", first, cum, last, cum);
    chart_series_set_name(c, "Cumulative discounted net");
    chart_title_set_name(ch, "Cash flow by year: paid back once the cumulative net is above 0");
    chart_axis_set_name(ch->x_axis, "Year");
    chart_axis_set_num_format(ch->x_axis, "\"year \"0");
    chart_axis_set_num_format(ch->y_axis, "\"£\"#,##0");
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options o = {.x_scale = 1.6, .y_scale = 1.2};
    check(b, worksheet_insert_chart_opt(ws, at, 1, ch, &o));
}

/*
 * The cash flow with formulas (docs/method.md section 4.12): each year's
 * costs and benefits (one benefits column per discount schedule) are
 * numbers; the discount factors come from a rate column per schedule, and
 * the present values, NPV and BCR are formulas over them, so changing a
 * rate or a year's cost recomputes the case. Every formula carries
 * stitch's own value.
 */
static void cash_flow_sheet(book *b, const results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_result *r = d->r;
    size_t ns = p->n_sched, ncol = 2 + 3 * ns + 6;
    double w[32];
    for (size_t c = 0; c < 32; c++)
        w[c] = c == 0 ? 10 : 14;
    lxw_worksheet *ws = sheet(b, "Cash flow", w, ncol < 32 ? ncol : 32, 4);
    if (!ws)
        return;
    char f[512], a[16], x[16], y[16], z[16];
    put_str(b, ws, 0, 0, "Cash flow, year by year (base case)", b->title);
    long_note(b, ws, 1, d->cash_flow_note, ncol < 12 ? ncol : 12, 150);
    long_note(b, ws, 2,
              "Costs, benefits and rates are numbers you may change; discount factors, "
              "present values, the NPV and the BCR are formulas and recalculate. Each "
              "year's rate r gives its discount factor: the year before's / (1 + r).",
              ncol < 12 ? ncol : 12, 150);
    lxw_row_t h = 3, first = 4, last = first + (lxw_row_t)p->years - 1;
    put_str(b, ws, h, 0, "Year", b->head);
    put_str(b, ws, h, 1, "Costs", b->head_r);
    for (size_t s = 0; s < ns; s++) {
        char t[300];
        lxw_col_t c0 = (lxw_col_t)(2 + 3 * s);
        snprintf(t, sizeof t, "Rate (%s)", p->sched_names[s]);
        put_str(b, ws, h, c0, t, b->head_r);
        snprintf(t, sizeof t, "Discount factor (%s)", p->sched_names[s]);
        put_str(b, ws, h, c0 + 1, t, b->head_r);
        snprintf(t, sizeof t, "Benefits discounted at %s%s", p->sched_names[s],
                 s == 0 ? " (the model's)" : "");
        put_str(b, ws, h, c0 + 2, t, b->head_r);
    }
    lxw_col_t cb = (lxw_col_t)(2 + 3 * ns), cn = cb + 1, cdc = cb + 2, cdb = cb + 3,
              cdn = cb + 4, ccum = cb + 5;
    static const char *const tail[] = {"Benefits",           "Net",
                                       "Discounted costs",   "Discounted benefits",
                                       "Discounted net",     "Cumulative discounted net"};
    for (int i = 0; i < 6; i++)
        put_str(b, ws, h, (lxw_col_t)(cb + i), tail[i], b->head_r);
    for (int t = 0; t < p->years; t++) {
        lxw_row_t row = first + (lxw_row_t)t;
        const results_year *yr = &d->cash_flow[t];
        put_int(b, ws, row, 0, t, b->year_l);
        put_num(b, ws, row, 1, r->year_cost_cash[t], b->money2, NULL);
        size_t o = 0;
        for (size_t s = 0; s < ns; s++) {
            lxw_col_t c0 = (lxw_col_t)(2 + 3 * s);
            if (t == 0) {
                put_str(b, ws, row, c0, "", b->text);
                put_formula(b, ws, row, c0 + 1, "=1", b->factor, 1);
            } else {
                put_num(b, ws, row, c0, year_rate(p, s, t), b->pct2, NULL);
                snprintf(f, sizeof f, "=%s/(1+%s)", cell(a, row - 1, c0 + 1),
                         cell(x, row, c0));
                put_formula(b, ws, row, c0 + 1, f, b->factor, plan_df(p, s, t));
            }
            put_num(b, ws, row, c0 + 2, r->year_sched[s * (size_t)p->years + (size_t)t],
                    b->money2, NULL);
            o += (size_t)snprintf(f + o, sizeof f - o, "%s%s*%s", s ? "+" : "=",
                                  cell(a, row, c0 + 2), cell(x, row, c0 + 1));
        }
        char sum[512];
        size_t q = 0;
        for (size_t s = 0; s < ns; s++)
            q += (size_t)snprintf(sum + q, sizeof sum - q, "%s%s", s ? "+" : "=",
                                  cell(a, row, (lxw_col_t)(2 + 3 * s + 2)));
        put_formula(b, ws, row, cb, sum, b->money2, yr->benefits.value);
        snprintf(sum, sizeof sum, "=%s-%s", cell(a, row, cb), cell(x, row, 1));
        put_formula(b, ws, row, cn, sum, b->money2, yr->net.value);
        snprintf(sum, sizeof sum, "=%s*%s", cell(a, row, 1), cell(x, row, 3));
        put_formula(b, ws, row, cdc, sum, b->money2, yr->discounted_costs.value);
        put_formula(b, ws, row, cdb, f, b->money2, yr->discounted_benefits.value);
        snprintf(sum, sizeof sum, "=%s-%s", cell(a, row, cdb), cell(x, row, cdc));
        put_formula(b, ws, row, cdn, sum, b->money2, yr->discounted_net.value);
        if (t == 0)
            snprintf(sum, sizeof sum, "=%s", cell(a, row, cdn));
        else
            snprintf(sum, sizeof sum, "=%s+%s", cell(a, row - 1, ccum), cell(x, row, cdn));
        put_formula(b, ws, row, ccum, sum, b->money2, yr->cumulative.value);
    }
    lxw_row_t row = last + 2;
    const results_headline *hl = d->headline;
    put_str(b, ws, row, 0, "PV of costs (PVC)", b->bold);
    snprintf(f, sizeof f, "=SUM(%s:%s)", cell(a, first, cdc), cell(x, last, cdc));
    put_formula(b, ws, row, cdc, f, b->money2, hl[RESULTS_PVC].base.value);
    snprintf(y, sizeof y, "%s", cell(a, row, cdc));
    row++;
    put_str(b, ws, row, 0, "PV of benefits (PVB)", b->bold);
    snprintf(f, sizeof f, "=SUM(%s:%s)", cell(a, first, cdb), cell(x, last, cdb));
    put_formula(b, ws, row, cdc, f, b->money2, hl[RESULTS_PVB].base.value);
    snprintf(z, sizeof z, "%s", cell(a, row, cdc));
    row++;
    put_str(b, ws, row, 0, "Net present value (NPV)", b->bold);
    snprintf(f, sizeof f, "=%s-%s", z, y);
    put_formula(b, ws, row, cdc, f, b->money2, hl[RESULTS_NPV].base.value);
    row++;
    put_str(b, ws, row, 0, "Benefit-cost ratio (BCR)", b->bold);
    snprintf(f, sizeof f, "=IF(%s>0,%s/%s,\"not defined\")", y, z, y);
    if (isfinite(hl[RESULTS_BCR].base.value))
        put_formula(b, ws, row, cdc, f, b->ratio, hl[RESULTS_BCR].base.value);
    else
        check(b, worksheet_write_formula_str(ws, row, cdc, f, b->na, RESULTS_UNDEFINED));
    row++;
    put_str(b, ws, row, 0, "Cash asked for (undiscounted)", b->bold);
    snprintf(f, sizeof f, "=SUM(%s:%s)", cell(a, first, 1), cell(x, last, 1));
    put_formula(b, ws, row, cdc, f, b->money2, d->cash_ask_total.value);
    cash_flow_chart(b, ws, first, last, cn, ccum, row + 2);
}

static void capacity_sheet(book *b, const results_doc *d)
{
    static const double w[] = {30, 13, 13, 13, 13, 16, 40, 60};
    static const char *const h[] = {"What is freed", "Base case", "P5",   "P95",
                                    "Mean",          "All year",  "In words", "From"};
    lxw_worksheet *ws = sheet(b, "Capacity freed", w, 8, 1);
    if (!ws)
        return;
    header_row(b, ws, 0, h, 8, "lrrrrrll");
    lxw_row_t row = 1;
    for (size_t g = 0; g < d->n_time; g++, row++) {
        const results_time *t = &d->time[g];
        char label[300];
        snprintf(label, sizeof label, "%s hours", t->group);
        put_str(b, ws, row, 0, label, b->text);
        put_num(b, ws, row, 1, t->hours.value, b->count1, NULL);
        put_num(b, ws, row, 2, t->p5.value, b->count1, "not run");
        put_num(b, ws, row, 3, t->p95.value, b->count1, "not run");
        put_str(b, ws, row, 4, "", b->text);
        put_str(b, ws, row, 5, t->fte, b->text);
        put_str(b, ws, row, 6, t->line, b->wrap);
        put_str(b, ws, row, 7, t->units, b->wrap);
    }
    for (size_t u = 0; u < d->n_capacity; u++, row++) {
        const results_capacity *c = &d->capacity[u];
        char noun[300];
        fmt_units_noun(noun, sizeof noun, c->unit);
        put_str(b, ws, row, 0, noun, b->text);
        put_num(b, ws, row, 1, c->units.value, b->count1, NULL);
        put_num(b, ws, row, 2, c->p5.value, b->count1, "not run");
        put_num(b, ws, row, 3, c->p95.value, b->count1, "not run");
        put_num(b, ws, row, 4, c->mean.value, b->count1, "not run");
        if (c->all_year_noun) {
            char t[128];
            snprintf(t, sizeof t, "%s %s", c->all_year.text, c->all_year_noun);
            put_str(b, ws, row, 5, t, b->text);
        } else
            put_str(b, ws, row, 5, "", b->text);
        put_str(b, ws, row, 6, c->line, b->wrap);
        put_str(b, ws, row, 7, c->services, b->wrap);
    }
    row++;
    put_str(b, ws, row, 0,
            "Potential, not cash: over the appraisal, after attribution, not discounted. "
            "The staff stay employed and the beds stay open: this is room for other "
            "people.",
            b->note);
}

/* The contribution to the National Health and Wellbeing Outcomes from
 * *row on: of one model, or summed over a portfolio's projects
 * (docs/method.md section 13). */
static void national_rows(book *b, lxw_worksheet *ws, lxw_row_t *rowp,
                          const results_national *rows, const char *title,
                          const char *people, const char *note, const char *source,
                          lxw_col_t span)
{
    const char *hn[] = {"", "National Health and Wellbeing Outcome", people, "Value (PV)",
                        "Outcomes tagged"};
    lxw_row_t row = *rowp;
    section(b, ws, row++, title, span);
    header_row(b, ws, row++, hn, 5, "lrrrl");
    for (int k = 0; k < RESULTS_NATIONAL; k++, row++) {
        const results_national *m = &rows[k];
        put_int(b, ws, row, 0, m->number, b->count);
        put_str(b, ws, row, 1, m->title, b->wrap);
        put_num(b, ws, row, 2, m->people.value, b->count1, NULL);
        put_num(b, ws, row, 3, m->value.value, b->money, NULL);
        put_str(b, ws, row, 4, m->tagged ? m->outcomes : "none", b->wrap);
    }
    long_note(b, ws, row++, note, span, 200);
    char src[1024];
    snprintf(src, sizeof src, "Source: %s.", source);
    long_note(b, ws, row++, src, span, 200);
    *rowp = row;
}

/* The outcome map step by step, every outcome priced or not, and the
 * contribution to the National Health and Wellbeing Outcomes
 * (docs/method.md section 13). */
static void outcomes_sheet(book *b, const results_doc *d)
{
    static const double w[] = {44, 22, 12, 13, 13, 13, 12, 12, 12, 14, 36, 60};
    static const char *const h[] = {
        "Output or outcome", "Step",       "People a year", "Over the delivery years",
        "P5",                "P95",        "Confidence",    "Progress",
        "National outcomes", "Value (PV)", "Measure",       "Evidence"};
    lxw_worksheet *ws = sheet(b, "Outcomes", w, 12, 0);
    if (!ws)
        return;
    lxw_row_t row = 0;
    section(b, ws, row++, d->map_title, 12);
    long_note(b, ws, row++, d->map_intro, 12, 200);
    long_note(b, ws, row++, d->outcomes_intro, 12, 200);
    header_row(b, ws, row++, h, 12, "llrrrrllrrll");
    for (int c = 0; c < RESULTS_MAP_COLUMNS; c++)
        for (size_t j = 0; j < d->n_outcome_map; j++) {
            const results_outcome *o = &d->outcome_map[j];
            if (o->column != c)
                continue;
            put_str(b, ws, row, 0, o->text, b->wrap);
            put_str(b, ws, row, 1, o->output ? d->map_columns[c] : o->step_name, b->text);
            put_num(b, ws, row, 2, o->per_year.value, b->count1, NULL);
            put_num(b, ws, row, 3, o->total.value, b->count1, NULL);
            put_num(b, ws, row, 4, o->total_p5.value, b->count1, "not run");
            put_num(b, ws, row, 5, o->total_p95.value, b->count1, "not run");
            put_str(b, ws, row, 6, o->confidence_name, b->text);
            put_str(b, ws, row, 7, o->output ? "" : o->progress_name, b->text);
            put_str(b, ws, row, 8, o->output ? "" : o->national_text, b->text);
            if (o->output)
                put_str(b, ws, row, 9, "", b->text);
            else if (o->priced)
                put_num(b, ws, row, 9, o->value.value, b->money, NULL);
            else
                put_str(b, ws, row, 9, "not priced", b->na);
            put_str(b, ws, row, 10, o->output ? "" : o->measure ? o->measure : "not said",
                    b->wrap);
            put_str(b, ws, row++, 11, o->evidence ? o->evidence : "none recorded",
                    b->wrap);
        }
    row++;
    national_rows(b, ws, &row, d->national, d->national_title, d->national_people_label,
                  d->national_note, d->national_source, 12);
}

/* What to find out next (docs/method.md section 11): the sentences, then
 * each input's and group's EVPPI and each study's EVSI, in pounds. */
static void evidence_rows(book *b, lxw_worksheet *ws, lxw_row_t *row,
                          const results_evppi *r, size_t n)
{
    for (size_t i = 0; i < n; i++, (*row)++) {
        put_str(b, ws, *row, 0, r[i].t->label, b->wrap);
        put_str(b, ws, *row, 1, r[i].t->path, b->text);
        put_num(b, ws, *row, 2, r[i].t->evppi.value, b->money, NULL);
        put_num(b, ws, *row, 3, r[i].t->evppi.se, b->money, NULL);
        put_str(b, ws, *row, 4, r[i].negligible ? "no" : "yes", b->text);
    }
}

static void evidence_sheet(book *b, const results_evidence *v)
{
    static const double w[] = {60, 34, 16, 16, 14};
    static const char *const h[] = {"What is uncertain", "Path", "Worth resolving (£)",
                                    "Standard error (£)", "Could change the decision?"};
    static const char *const hs[] = {"Study", "Path", "People (or years)", "Worth (£)",
                                     "Standard error (£)"};
    lxw_worksheet *ws = sheet(b, "Find out next", w, 5, 0);
    if (!ws)
        return;
    const stitch_evidence *e = v->e;
    lxw_row_t row = 0;
    section(b, ws, row++, "What to find out next", 5);
    long_note(b, ws, row++, v->decision, 5, 130);
    long_note(b, ws, row++, v->wrong, 5, 130);
    long_note(b, ws, row++, v->evpi, 5, 130);
    if (v->before[0])
        long_note(b, ws, row++, v->before, 5, 130);
    put_str(b, ws, row, 0, "Expected value of perfect information (EVPI)", b->text);
    put_num(b, ws, row, 2, e->evpi.value, b->money, NULL);
    put_num(b, ws, row++, 3, e->evpi.se, b->money, NULL);
    row++;
    header_row(b, ws, row++, h, 5, "llrrl");
    evidence_rows(b, ws, &row, v->inputs, e->n_inputs);
    evidence_rows(b, ws, &row, v->groups, e->n_groups);
    if (!e->n_studies)
        return;
    row++;
    header_row(b, ws, row++, hs, 5, "llrrr");
    for (size_t i = 0; i < e->n_studies; i++, row++) {
        char label[512];
        const info_study *s = &e->studies[i];
        put_str(b, ws, row, 0, plan_input_label(label, sizeof label, v->p, s->input),
                b->wrap);
        put_str(b, ws, row, 1, v->p->inputs[s->input].path, b->text);
        put_int(b, ws, row, 2, s->n, b->count);
        put_num(b, ws, row, 3, s->evsi.value, b->money, NULL);
        put_num(b, ws, row, 4, s->evsi.se, b->money, NULL);
    }
}

stitch_status report_xlsx_write(const char *path, const results_doc *d, stitch_diag *err)
{
    const stitch_plan *p = d->p;
    const stitch_result *r = d->r;
    const stitch_mc_result *mc = d->mc;
    const stitch_sensitivity *sens = d->s;
    book *b = calloc(1, sizeof *b);
    if (!b)
        return diag_set(err, STITCH_ENOMEM, path, 0, NULL, "out of memory");
    b->wb = workbook_new(path);
    if (!b->wb) {
        free(b);
        return diag_set(err, STITCH_ENOMEM, path, 0, NULL, "out of memory");
    }
    /* No workbook_set_properties: when it runs out of memory, libxlsxwriter 1.1
     * frees the old properties but keeps the pointer, and frees them again. */
    formats(b);
    if (!b->nomem) {
        summary_sheet(b, d);
        logic_sheet(b, p, r);
        assumptions_sheet(b, p);
        unit_costs_sheet(b, p);
        results_sheet(b, p, r, mc);
        monitoring_sheet(b, d);
        tornado_sheet(b, p, sens);
        distribution_sheet(b, mc);
        switching_sheet(b, p, sens);
        scenarios_sheet(b, p, sens);
        sobol_sheet(b, p, sens);
        if (d->evidence)
            evidence_sheet(b, d->evidence);
        costs_sheet(b, d);
        cash_flow_sheet(b, d);
        capacity_sheet(b, d);
        outcomes_sheet(b, d);
        fit_rows(b);
    }
    stitch_status st = STITCH_OK;
    lxw_error e = b->first;
    if (b->no_quantile && !b->nomem) {
        lxw_workbook_free(b->wb);
        st = diag_set(err, STITCH_ENUMERIC, p->model_file, b->no_quantile->line,
                      b->no_quantile->path,
                      "internal error: the P5 or P95 of this %s distribution could not "
                      "be worked out; please report it, with the model file",
                      dist_name(b->no_quantile->dist.kind));
    } else if (b->nomem || e != LXW_NO_ERROR) {
        lxw_workbook_free(b->wb);
        st = b->nomem ? diag_set(err, STITCH_ENOMEM, path, 0, NULL, "out of memory")
                      : diag_set(err, STITCH_EIO, path, 0, NULL,
                                 "cannot write the workbook: %s", lxw_strerror(e));
    } else {
        /* libxlsxwriter prints to stderr when it cannot create the file; the
         * library never prints, so see first whether the file can be made. */
        FILE *f = fopen(path, "wb");
        if (!f) {
            int errnum = errno;
            lxw_workbook_free(b->wb);
            st = diag_set(err, STITCH_EIO, path, 0, NULL,
                          "cannot write the workbook: %s (%s)",
                          lxw_strerror(LXW_ERROR_CREATING_XLSX_FILE), strerror(errnum));
        } else {
            fclose(f);
            e = workbook_close(b->wb);
            if (e != LXW_NO_ERROR) {
                remove(path);
                st = diag_set(
                    err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? STITCH_ENOMEM : STITCH_EIO,
                    path, 0, NULL, "cannot write the workbook: %s", lxw_strerror(e));
            }
        }
    }
    free(b->lines);
    free(b);
    return st;
}

/* ---- a portfolio of projects (docs/method.md section 14) ------------------ */

static void pf_rows_sheet(cursor *c, const char *title, const char *what,
                          const results_pf_row *rows, size_t n, int spread, lxw_format *f)
{
    if (!n)
        return;
    c->row++;
    section(c->b, c->ws, c->row++, title, 5);
    const char *const h[] = {what, "base case", "mean", "P5", "P95"};
    header_row(c->b, c->ws, c->row++, h, spread ? 5 : 3, "lrrrr");
    for (size_t i = 0; i < n; i++, c->row++) {
        put_str(c->b, c->ws, c->row, 0, rows[i].label, c->b->wrap);
        put_num(c->b, c->ws, c->row, 1, rows[i].base.value, f, NULL);
        put_num(c->b, c->ws, c->row, 2, rows[i].mean.value, f, NULL);
        if (spread) {
            put_num(c->b, c->ws, c->row, 3, rows[i].p5.value, f, NULL);
            put_num(c->b, c->ws, c->row, 4, rows[i].p95.value, f, NULL);
        }
    }
}

static void pf_total_sheet(book *b, const results_portfolio *d)
{
    static const double w[] = {44, 16, 16, 16, 60};
    cursor c = {b, sheet(b, "Portfolio", w, 5, 0), 0};
    if (!c.ws)
        return;
    put_str(b, c.ws, c.row++, 0, d->title, b->title);
    put_str(b, c.ws, c.row++, 0, d->about, b->note);
    c.row++;
    section(b, c.ws, c.row++, "The portfolio as a whole", 5);
    const char *const h[] = {"", "base case", "P5", "P95"};
    header_row(b, c.ws, c.row++, h, 4, "lrrr");
    static const int order[] = {RESULTS_PVC, RESULTS_PVB, RESULTS_NPV, RESULTS_BCR};
    for (size_t k = 0; k < 4; k++, c.row++) {
        const results_headline *hl = &d->headline[order[k]];
        lxw_format *f = hl->money ? b->money : b->ratio;
        put_str(b, c.ws, c.row, 0, hl->label, b->wrap);
        put_num(b, c.ws, c.row, 1, hl->base.value, f, NULL);
        put_num(b, c.ws, c.row, 2, hl->p5.value, f, NULL);
        put_num(b, c.ws, c.row, 3, hl->p95.value, f, NULL);
    }
    kv_num(&c, "Cash over the delivery years (undiscounted)", d->cash.value, b->money, NULL,
           NULL);
    kv_num(&c, "Chance the benefits at least match the costs", d->p_bcr_ge_1.value, b->pct,
           NULL, NULL);
    c.row++;
    long_note(b, c.ws, c.row++, d->spread, 5, 120);
    long_note(b, c.ws, c.row++, d->streams, 5, 120);
    if (d->has_selection) {
        c.row++;
        section(b, c.ws, c.row++, "Allocating the budget", 5);
        kv_num(&c, "Budget", d->budget.value, b->money, NULL, NULL);
        kv_num(&c, "Cash of the chosen projects", d->sel_cash.value, b->money, NULL, NULL);
        kv_num(&c, "Their expected NPV", d->sel_npv.value, b->money, NULL, NULL);
        kv_num(&c, "Chance their NPV is above £0", d->sel_p_npv_gt_0.value, b->pct, NULL,
               NULL);
        kv_num(&c, "Chance they beat the runner-up", d->p_beats.value, b->pct, "-", NULL);
        long_note(b, c.ws, c.row++, d->chosen, 5, 120);
        long_note(b, c.ws, c.row++, d->runner_up, 5, 120);
        long_note(b, c.ws, c.row++, d->beats, 5, 120);
        long_note(b, c.ws, c.row++, d->caveat, 5, 120);
    }
}

static void pf_projects_sheet(book *b, const results_portfolio *d)
{
    static const double w[] = {48, 22, 14, 14, 14, 14, 10, 14, 14, 12, 14};
    lxw_worksheet *ws = sheet(b, "Projects", w, 11, 1);
    if (!ws)
        return;
    const char *const h[] = {"project", "model file", "cash", "PV of costs",
                             "PV of benefits", "NPV", "BCR", "NPV P5", "NPV P95",
                             "chance NPV above £0", "within the budget"};
    header_row(b, ws, 0, h, d->has_selection ? 11 : 10, "llrrrrrrrrl");
    for (size_t i = 0; i < d->n; i++) {
        const results_pf_project *q = &d->proj[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        put_str(b, ws, r, 0, q->name, b->wrap);
        put_str(b, ws, r, 1, q->model, b->text);
        put_num(b, ws, r, 2, q->cash.value, b->money, NULL);
        put_num(b, ws, r, 3, q->pvc.value, b->money, NULL);
        put_num(b, ws, r, 4, q->pvb.value, b->money, NULL);
        put_num(b, ws, r, 5, q->npv.value, b->money, NULL);
        put_num(b, ws, r, 6, q->bcr.value, b->ratio, NULL);
        put_num(b, ws, r, 7, q->npv_p5.value, b->money, NULL);
        put_num(b, ws, r, 8, q->npv_p95.value, b->money, NULL);
        put_num(b, ws, r, 9, q->p_npv_gt_0.value, b->pct, NULL);
        if (d->has_selection)
            put_str(b, ws, r, 10, q->chosen, b->text);
    }
}

static void pf_freed_sheet(book *b, const results_portfolio *d)
{
    static const double w[] = {48, 16, 16, 16, 16};
    cursor c = {b, sheet(b, "Freed", w, 5, 0), 0};
    if (!c.ws)
        return;
    put_str(b, c.ws, c.row++, 0, "What the portfolio frees, and for whom", b->title);
    pf_rows_sheet(&c, "Time freed, summed over the projects (hours over the appraisal)",
                  "staff group", d->staff, d->n_staff, 1, b->count);
    pf_rows_sheet(&c, "Capacity freed, summed over the projects", "unit", d->capacity,
                  d->n_capacity, 1, b->count);
    pf_rows_sheet(&c, "Value by payer (present value)", "payer", d->payers, d->n_payers, 0,
                  b->money);
    pf_rows_sheet(&c, "Value by kind (present value)", "kind", d->kind, 4, 0, b->money);
    c.row++;
    national_rows(b, c.ws, &c.row, d->national, d->national_title, d->national_people_label,
                  d->national_note, d->national_source, 5);
}

/* Close a portfolio's or comparison's workbook (as report_xlsx_write closes
 * the business case's), and free the book. */
static stitch_status close_book(book *b, const char *path, stitch_diag *err)
{
    stitch_status st = STITCH_OK;
    lxw_error e = b->first;
    if (b->nomem || e != LXW_NO_ERROR) {
        lxw_workbook_free(b->wb);
        st = b->nomem ? diag_set(err, STITCH_ENOMEM, path, 0, NULL, "out of memory")
                      : diag_set(err, STITCH_EIO, path, 0, NULL,
                                 "cannot write the workbook: %s", lxw_strerror(e));
    } else {
        /* as report_xlsx_write: see first whether the file can be made */
        FILE *f = fopen(path, "wb");
        if (!f) {
            int errnum = errno;
            lxw_workbook_free(b->wb);
            st = diag_set(err, STITCH_EIO, path, 0, NULL,
                          "cannot write the workbook: %s (%s)",
                          lxw_strerror(LXW_ERROR_CREATING_XLSX_FILE), strerror(errnum));
        } else {
            fclose(f);
            e = workbook_close(b->wb);
            if (e != LXW_NO_ERROR) {
                remove(path);
                st = diag_set(
                    err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? STITCH_ENOMEM : STITCH_EIO,
                    path, 0, NULL, "cannot write the workbook: %s", lxw_strerror(e));
            }
        }
    }
    free(b->lines);
    free(b);
    return st;
}

static book *open_book(const char *path, stitch_diag *err)
{
    book *b = calloc(1, sizeof *b);
    if (!b) {
        diag_set(err, STITCH_ENOMEM, path, 0, NULL, "out of memory");
        return NULL;
    }
    if (!(b->wb = workbook_new(path))) {
        free(b);
        diag_set(err, STITCH_ENOMEM, path, 0, NULL, "out of memory");
        return NULL;
    }
    formats(b);
    return b;
}

stitch_status report_xlsx_portfolio(const char *path, const results_portfolio *d,
                                    stitch_diag *err)
{
    book *b = open_book(path, err);
    if (!b)
        return err->status;
    if (!b->nomem) {
        pf_total_sheet(b, d);
        pf_projects_sheet(b, d);
        pf_freed_sheet(b, d);
        fit_rows(b);
    }
    return close_book(b, path, err);
}

/* ---- options side by side (docs/method.md section 12) --------------------- */

static void cmp_options_sheet(book *b, const results_comparison *d)
{
    static const double w[] = {48, 22, 14, 14, 14, 10, 10, 10, 14, 14};
    lxw_worksheet *ws = sheet(b, "Options", w, 10, 1);
    if (!ws)
        return;
    const char *const h[] = {"option", "model file", "PV of costs", "PV of benefits", "NPV",
                             "BCR", "BCR P5", "BCR P95", "chance BCR at least 1",
                             "chance of the highest NPV"};
    header_row(b, ws, 0, h, 10, "llrrrrrrrr");
    lxw_row_t r = 1;
    for (size_t i = 0; i < d->n; i++, r++) {
        const results_cmp_option *x = &d->opt[i];
        put_str(b, ws, r, 0, x->name, b->wrap);
        put_str(b, ws, r, 1, x->model, b->text);
        put_num(b, ws, r, 2, x->pvc.value, b->money, NULL);
        put_num(b, ws, r, 3, x->pvb.value, b->money, NULL);
        put_num(b, ws, r, 4, x->npv.value, b->money, NULL);
        put_num(b, ws, r, 5, x->bcr.value, b->ratio, NULL);
        put_num(b, ws, r, 6, x->bcr_p5.value, b->ratio, NULL);
        put_num(b, ws, r, 7, x->bcr_p95.value, b->ratio, NULL);
        put_num(b, ws, r, 8, x->p_bcr_ge_1.value, b->pct, NULL);
        put_num(b, ws, r, 9, x->p_best.value, b->pct, NULL);
    }
    r++;
    long_note(b, ws, r++, d->title, 10, 160);
    long_note(b, ws, r++, d->shared, 10, 160);
    long_note(b, ws, r, d->ranking, 10, 160);
}

static void cmp_pairs_sheet(book *b, const results_comparison *d)
{
    static const double w[] = {30, 30, 14, 14, 14, 14, 80};
    lxw_worksheet *ws = sheet(b, "Pairs", w, 7, 1);
    if (!ws)
        return;
    const char *const h[] = {"option A", "option B", "chance A's NPV is higher",
                             "A's NPV minus B's, mean", "P5", "P95", "what the dearer buys"};
    header_row(b, ws, 0, h, 7, "llrrrrl");
    for (size_t k = 0; k < d->n_pairs; k++) {
        const results_cmp_pair *q = &d->pairs[k];
        lxw_row_t r = (lxw_row_t)(k + 1);
        put_str(b, ws, r, 0, d->opt[q->a].model, b->wrap);
        put_str(b, ws, r, 1, d->opt[q->b].model, b->wrap);
        put_num(b, ws, r, 2, q->p_a_better.value, b->pct, NULL);
        put_num(b, ws, r, 3, q->diff_mean.value, b->money, NULL);
        put_num(b, ws, r, 4, q->diff_p5.value, b->money, NULL);
        put_num(b, ws, r, 5, q->diff_p95.value, b->money, NULL);
        put_str(b, ws, r, 6, q->dearer, b->wrap);
    }
}

stitch_status report_xlsx_comparison(const char *path, const results_comparison *d,
                                     stitch_diag *err)
{
    book *b = open_book(path, err);
    if (!b)
        return err->status;
    if (!b->nomem) {
        cmp_options_sheet(b, d);
        cmp_pairs_sheet(b, d);
        fit_rows(b);
    }
    return close_book(b, path, err);
}
