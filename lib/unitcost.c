/* unitcost.c — stage 2: load unit-cost tables and the inflation index (libcsv).
 *
 * Columns are found by header name (order free, extra columns allowed).
 * Every number goes through parse_double (C locale, whole field, finite);
 * cost and cashable also take the forms Excel writes (parse_form). A file
 * that is not UTF-8 is read as Windows-1252, with a warning.
 * Errors name the file, the row (the header is row 1) and the column. */
#include "unitcost.h"

#include "model.h"
#include "text.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- reading a CSV file into rows of fields ------------------------------ */

typedef struct {
    char **f; /* fields of the current record */
    size_t n, cap;
    int line;     /* current physical line being fed */
    int rec_line; /* line where the current record's first field ended */
    int (*on_record)(void *ctx, char **f, size_t n, int line);
    void *ctx;
    int stop; /* a callback failed */
    int oom;
    int empty_line;   /* the first of the all-empty rows just read, or 0 */
    const char *path; /* for the message about an empty row */
    stitch_diag *err;
} csv_reader;

static void on_field(void *s, size_t len, void *data)
{
    csv_reader *r = data;
    if (r->stop)
        return;
    if (r->n == 0)
        r->rec_line = r->line;
    char *v = malloc(len + 1);
    if (!v || grow((void **)&r->f, &r->cap, r->n + 1, sizeof *r->f)) {
        free(v);
        r->stop = r->oom = 1;
        return;
    }
    if (len)
        memcpy(v, s, len);
    v[len] = '\0';
    r->f[r->n++] = v;
}

static void clear_fields(csv_reader *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->f[i]);
    r->n = 0;
}

/* Hand a record on. A row whose fields are all empty (",,,,", what Excel
 * leaves after rows are deleted) is held back: ignored at the end of the
 * table, refused when a row follows it. */
static int take_record(csv_reader *r)
{
    size_t filled = 0;
    for (size_t i = 0; i < r->n; i++)
        filled += r->f[i][0] != '\0';
    if (!filled) {
        if (!r->empty_line)
            r->empty_line = r->rec_line;
        return 0;
    }
    if (r->empty_line)
        return diag_set(r->err, STITCH_EINPUT, r->path, r->empty_line, "",
                        "the row is empty (only commas), but rows follow it: delete it, "
                        "or fill it in"),
               -1;
    return r->on_record(r->ctx, r->f, r->n, r->rec_line);
}

static void on_record(int c, void *data)
{
    (void)c;
    csv_reader *r = data;
    if (!r->stop && take_record(r))
        r->stop = 1;
    clear_fields(r);
}

/* Read a whole file; refuse directories, empty and binary files. */
static char *read_text(const char *path, size_t *len, stitch_diag *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_set(err, STITCH_EINPUT, path, 0, "", "cannot open: %s", strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        diag_set(err, STITCH_EINPUT, path, 0, "", "is a folder, not a file");
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        diag_set(err, STITCH_EINPUT, path, 0, "",
                 "is not a regular file (a device or a pipe?): name a CSV file");
        return NULL;
    }
    if ((size_t)st.st_size > STITCH_MAX_FILE) {
        diag_set(err, STITCH_EINPUT, path, 0, "",
                 "larger than 64 MiB, the most stitch reads for a table: is it the right "
                 "file?");
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_set(err, STITCH_EINPUT, path, 0, "", "cannot open: %s", strerror(errno));
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        diag_set(err, buf ? STITCH_EINPUT : STITCH_ENOMEM, path, 0, "",
                 buf ? "cannot read" : "out of memory");
        return NULL;
    }
    buf[n] = '\0';
    if (strspn(buf, " \t\r\n") == n) {
        diag_set(err, STITCH_EINPUT, path, 0, "", "the file is empty");
    } else if (memchr(buf, '\0', n)) {
        diag_set(
            err, STITCH_EINPUT, path, 0, "",
            "this is not a plain-text CSV file (an Excel workbook?): save it as CSV");
    } else {
        *len = n;
        return buf;
    }
    free(buf);
    return NULL;
}

/* libcsv's strict mode fails only on misplaced or unclosed quotes. */
static void quote_error(const char *path, int line, stitch_diag *err)
{
    diag_set(
        err, STITCH_EINPUT, path, line, "",
        "a double quote (\") is misplaced or never closed, here or in an earlier row: "
        "put a field that holds commas or quotes in double quotes, and write a quote "
        "inside it twice (\"\")");
}

/* Feed `path` line by line to libcsv so every record knows its line. A
 * file that is not UTF-8 is read as Windows-1252, with a warning. */
static int read_csv(const char *path, csv_reader *r, diag_list *warnings,
                    stitch_diag *err)
{
    size_t len = 0;
    char *text = read_text(path, &len, err);
    if (!text)
        return -1;
    if (text_decode(&text, path, "save as 'CSV UTF-8'", warnings, err)) {
        free(text);
        return -1;
    }
    struct csv_parser p;
    int rc = 0;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        free(text);
        return diag_set(err, STITCH_ENOMEM, path, 0, "", "out of memory"), -1;
    }
    char *s = text;
    r->line = 0;
    r->path = path, r->err = err;
    while (*s && !r->stop) {
        char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) + 1 : strlen(s);
        r->line++;
        if (csv_parse(&p, s, n, on_field, on_record, r) != n) {
            quote_error(path, r->line, err);
            rc = -1;
            break;
        }
        s += n;
    }
    if (rc == 0 && !r->stop && csv_fini(&p, on_field, on_record, r) != 0) {
        quote_error(path, r->line, err);
        rc = -1;
    }
    if (r->oom)
        diag_set(err, STITCH_ENOMEM, path, r->line, "", "out of memory");
    if (r->stop)
        rc = -1;
    clear_fields(r);
    free(r->f);
    r->f = NULL;
    r->cap = 0;
    csv_free(&p);
    free(text);
    return rc;
}

/* ---- columns ------------------------------------------------------------- */

typedef struct {
    const char *const *names; /* required columns, NULL-terminated */
    int col[16];              /* field index of each column */
    size_t n_fields;          /* fields in the header */
    int header_done;
    const char *const *optional; /* optional columns, NULL-terminated, or NULL */
    int opt[8];                  /* their field index, -1 when absent */
} columns;

static int map_header(columns *c, char **f, size_t n, const char *path, int line,
                      stitch_diag *err)
{
    c->n_fields = n;
    for (size_t k = 0; c->names[k]; k++) {
        c->col[k] = -1;
        for (size_t j = 0; j < n; j++) {
            if (strcmp(f[j], c->names[k]) != 0)
                continue;
            if (c->col[k] >= 0)
                return diag_set(err, STITCH_EINPUT, path, line, c->names[k],
                                "column appears twice in the header"),
                       -1;
            c->col[k] = (int)j;
        }
        if (c->col[k] < 0 && n == 1 && strchr(f[0], ';'))
            return diag_set(err, STITCH_EINPUT, path, line, "",
                            "the header has one column: is the table separated by ';'? "
                            "Save it as CSV with commas"),
                   -1;
        if (c->col[k] < 0)
            return diag_set(err, STITCH_EINPUT, path, line, c->names[k],
                            "missing column (the header must name it)"),
                   -1;
    }
    for (size_t k = 0; c->optional && c->optional[k]; k++) {
        c->opt[k] = -1;
        for (size_t j = 0; j < n; j++)
            if (strcmp(f[j], c->optional[k]) == 0) {
                if (c->opt[k] >= 0)
                    return diag_set(err, STITCH_EINPUT, path, line, c->optional[k],
                                    "column appears twice in the header"),
                           -1;
                c->opt[k] = (int)j;
            }
    }
    c->header_done = 1;
    return 0;
}

static int check_ragged(const columns *c, size_t n, const char *path, int line,
                        stitch_diag *err)
{
    if (n == c->n_fields)
        return 0;
    diag_set(err, STITCH_EINPUT, path, line, "",
             "row has %zu field%s; the header has %zu (a missing or extra comma?)", n,
             n == 1 ? "" : "s", c->n_fields);
    return -1;
}

/* How a number may be written in a column. */
typedef enum {
    NUM_PLAIN, /* a plain number only */
    NUM_MONEY, /* also a leading £ and thousands commas, as Excel's currency format */
    NUM_SHARE  /* also a percentage, as Excel's percentage format: 10% is 0.1 */
} num_form;

/* 1 when v (after any sign) is digits in groups of three separated by
 * commas, the first group of one to three digits, then perhaps a full stop
 * and more with no comma: 1,234.50 but not 1,23, 1,2345 or 1.234,50. */
static int thousands(const char *v)
{
    v += *v == '+' || *v == '-';
    size_t d = strspn(v, "0123456789");
    if (d < 1 || d > 3)
        return 0;
    for (v += d; *v == ','; v += 4)
        if (strspn(v + 1, "0123456789") != 3)
            return 0;
    return (*v == '\0' || *v == '.') && !strchr(v, ',');
}

/* Parse v written in `form`. Returns 0; or -1 with *why the message when
 * it is ambiguous (NULL: it is not a number). */
static int parse_form(const char *v, num_form form, double *out, const char **why)
{
    char buf[256];
    *why = NULL;
    if (form == NUM_MONEY && strncmp(v, "\xC2\xA3", 2) == 0)
        v += 2; /* £ */
    if (form == NUM_MONEY && strchr(v, ',')) {
        if (!thousands(v)) {
            *why = "is ambiguous: a comma in a cost may only separate thousands, in "
                   "groups of three digits; write pence after a full stop, such as "
                   "1234.50 or £1,234.50";
            return -1;
        }
        size_t n = 0;
        for (; *v && n + 1 < sizeof buf; v++)
            if (*v != ',')
                buf[n++] = *v;
        buf[n] = '\0';
        return *v ? -1 : parse_double(buf, out);
    }
    size_t len = strlen(v);
    if (form == NUM_SHARE && len > 1 && v[len - 1] == '%') {
        /* "12.5%" is read as "12.5e-2", so the share is the decimal exactly */
        if (len + 3 > sizeof buf)
            return -1;
        memcpy(buf, v, len - 1);
        buf[len - 1] = '\0';
        if (parse_double(buf, out) || strpbrk(buf, "eE"))
            return -1;
        memcpy(buf + len - 1, "e-2", 4);
        return parse_double(buf, out);
    }
    return parse_double(v, out);
}

static int number_field(const char *v, num_form form, const char *path, int line,
                        const char *col, double lo, double hi, double *out,
                        stitch_diag *err)
{
    const char *why;
    if (!*v)
        return diag_set(err, STITCH_EINPUT, path, line, col, "empty; a number is needed"),
               -1;
    if (parse_form(v, form, out, &why))
        return diag_set(err, STITCH_EINPUT, path, line, col, "'%s' %s", v,
                        why ? why : "is not a number"),
               -1;
    if (*out < lo || *out > hi) {
        if (lo == 0 && hi == 1 && v[strlen(v) - 1] == '%')
            diag_set(err, STITCH_EINPUT, path, line, col,
                     "%s is not a share between 0%% and 100%%", v);
        else if (lo == 0 && hi == 1)
            diag_set(err, STITCH_EINPUT, path, line, col,
                     "%s is not a share between 0 and 1", v);
        else
            diag_set(err, STITCH_EINPUT, path, line, col,
                     "%s is negative; it must be 0 or more", v);
        return -1;
    }
    return 0;
}

/* ---- unit-cost tables ---------------------------------------------------- */

enum {
    C_CODE,
    C_SERVICE,
    C_UNIT,
    C_COST,
    C_YEAR,
    C_MINUTES,
    C_STAFF,
    C_PAYER,
    C_CASHABLE,
    C_NATION,
    C_SOURCE
};
static const char *const table_columns[] = {
    "code",        "service", "unit",     "cost",   "price_year", "minutes",
    "staff_group", "payer",   "cashable", "nation", "source",     NULL};

/* Optional columns, used when a table has them. */
enum { O_NOTES, O_FTE, O_LOW, O_HIGH, O_ECONOMIC, O_SOCIAL };
static const char *const optional_columns[] = {
    "notes", "fte_hours", "low", "high", "economic_value", "social_value", NULL};

typedef struct {
    stitch_costbook *cb;
    size_t file;
    columns cols;
    stitch_diag *err;
} table_ctx;

static int row_text(table_ctx *t, uc_row *row, char **f, int line)
{
    const char *path = t->cb->files[t->file].path;
    char **dst[] = {&row->code,  &row->service,     &row->unit,  NULL, &row->price_year,
                    NULL,        &row->staff_group, &row->payer, NULL, &row->nation,
                    &row->source};
    for (int i = 0; i <= C_SOURCE; i++)
        if (dst[i] && !(*dst[i] = xstrdup(f[t->cols.col[i]])))
            return diag_set(t->err, STITCH_ENOMEM, path, line, "", "out of memory"), -1;
    const char *need[][2] = {{row->code, "code"},
                             {row->source, "source"},
                             {row->payer, "payer"},
                             {row->service, "service"}};
    for (size_t i = 0; i < 4; i++)
        if (!*need[i][0])
            return diag_set(t->err, STITCH_EINPUT, path, line, need[i][1],
                            i == 1 ? "empty; every row must say where its cost comes from"
                                   : "empty"),
                   -1;
    if (!price_year_valid(row->price_year))
        return diag_set(t->err, STITCH_EINPUT, path, line, "price_year",
                        "'%s' is not a price year like 2023/24", row->price_year),
               -1;
    return 0;
}

/* The optional columns: notes, and numbers that may be left empty. */
static int row_optional(table_ctx *t, uc_row *row, char **f, int line)
{
    const char *path = t->cb->files[t->file].path;
    const int *opt = t->cols.opt;
    double *num[] = {NULL,       &row->fte_hours,      &row->low,
                     &row->high, &row->economic_value, &row->social_value};
    for (int k = O_FTE; k <= O_SOCIAL; k++) {
        *num[k] = NAN;
        const char *v = opt[k] >= 0 ? f[opt[k]] : "";
        num_form form = k == O_FTE ? NUM_PLAIN : NUM_MONEY; /* the rest are money */
        if (*v && number_field(v, form, path, line, optional_columns[k], 0, INFINITY,
                               num[k], t->err))
            return -1;
    }
    if (opt[O_NOTES] >= 0 && f[opt[O_NOTES]][0] &&
        !(row->notes = xstrdup(f[opt[O_NOTES]])))
        return diag_set(t->err, STITCH_ENOMEM, path, line, "", "out of memory"), -1;
    if (isnan(row->low) != isnan(row->high))
        return diag_set(t->err, STITCH_EINPUT, path, line,
                        isnan(row->low) ? "low" : "high",
                        "empty, but %s is given: give both ends of the range or neither",
                        isnan(row->low) ? "high" : "low"),
               -1;
    if (!isnan(row->low) && !(row->low <= row->cost && row->cost <= row->high))
        return diag_set(t->err, STITCH_EINPUT, path, line, "low",
                        "the range %g to %g does not contain the cost %g", row->low,
                        row->high, row->cost),
               -1;
    if (!isnan(row->fte_hours) && row->fte_hours == 0)
        return diag_set(t->err, STITCH_EINPUT, path, line, "fte_hours",
                        "0 working hours a year: leave it empty if unknown"),
               -1;
    return 0;
}

static int row_numbers(table_ctx *t, uc_row *row, char **f, int line)
{
    const char *path = t->cb->files[t->file].path;
    const char *mins = f[t->cols.col[C_MINUTES]];
    if (number_field(f[t->cols.col[C_COST]], NUM_MONEY, path, line, "cost", 0, INFINITY,
                     &row->cost, t->err) ||
        number_field(f[t->cols.col[C_CASHABLE]], NUM_SHARE, path, line, "cashable", 0, 1,
                     &row->cashable, t->err))
        return -1;
    row->minutes = NAN;
    if (*mins && number_field(mins, NUM_PLAIN, path, line, "minutes", 0, INFINITY,
                              &row->minutes, t->err))
        return -1;
    if (*mins && !*row->staff_group)
        return diag_set(t->err, STITCH_EINPUT, path, line, "staff_group",
                        "empty, but minutes are given: whose time is freed?"),
               -1;
    return row_optional(t, row, f, line);
}

static void row_free(uc_row *r)
{
    free(r->code), free(r->service), free(r->unit), free(r->price_year);
    free(r->staff_group), free(r->payer), free(r->nation), free(r->source);
    free(r->notes);
}

static int add_year(uc_file *file, const char *year)
{
    if (file->price_years && strstr(file->price_years, year))
        return 0;
    size_t n = file->price_years ? strlen(file->price_years) : 0;
    char *p = realloc(file->price_years, n + strlen(year) + 3);
    if (!p)
        return -1;
    sprintf(p + n, "%s%s", n ? ", " : "", year);
    file->price_years = p;
    return 0;
}

static int duplicate_code(table_ctx *t, const uc_row *row, int line)
{
    const char *path = t->cb->files[t->file].path;
    for (size_t i = 0; i + 1 < t->cb->n_rows; i++) {
        const uc_row *o = &t->cb->rows[i];
        if (strcmp(o->code, row->code) != 0)
            continue;
        if (o->file == t->file)
            return diag_set(t->err, STITCH_EINPUT, path, line, "code",
                            "'%s' is defined twice in this table (also row %d)",
                            row->code, o->row),
                   -1;
        if (diag_list_add(
                &t->cb->warnings, path, line, "code",
                "'%s' is also defined in %s row %d, which comes first and is used",
                row->code, t->cb->files[o->file].path, o->row))
            return diag_set(t->err, STITCH_ENOMEM, path, line, "", "out of memory"), -1;
        return 0;
    }
    return 0;
}

static int on_table_record(void *ctx, char **f, size_t n, int line)
{
    table_ctx *t = ctx;
    const char *path = t->cb->files[t->file].path;
    if (!t->cols.header_done)
        return map_header(&t->cols, f, n, path, line, t->err);
    if (check_ragged(&t->cols, n, path, line, t->err))
        return -1;
    if (grow((void **)&t->cb->rows, &t->cb->cap_rows, t->cb->n_rows + 1,
             sizeof *t->cb->rows))
        return diag_set(t->err, STITCH_ENOMEM, path, line, "", "out of memory"), -1;
    uc_row *row = &t->cb->rows[t->cb->n_rows++];
    memset(row, 0, sizeof *row);
    row->file = t->file;
    row->row = line;
    if (row_text(t, row, f, line) || row_numbers(t, row, f, line))
        return -1;
    if (add_year(&t->cb->files[t->file], row->price_year))
        return diag_set(t->err, STITCH_ENOMEM, path, line, "", "out of memory"), -1;
    return duplicate_code(t, row, line);
}

static int load_table(stitch_costbook *cb, size_t file, stitch_diag *err)
{
    table_ctx t = {cb, file, {table_columns, {0}, 0, 0, optional_columns, {0}}, err};
    csv_reader r = {0};
    r.on_record = on_table_record;
    r.ctx = &t;
    size_t before = cb->n_rows;
    if (read_csv(cb->files[file].path, &r, &cb->warnings, err))
        return -1;
    if (!t.cols.header_done || cb->n_rows == before)
        return diag_set(err, STITCH_EINPUT, cb->files[file].path, 0, "",
                        "the table has no rows under its header"),
               -1;
    return 0;
}

/* ---- the inflation index --------------------------------------------------- */

static const char *const index_columns[] = {"price_year", "index", "source", NULL};

typedef struct {
    stitch_costbook *cb;
    columns cols;
    stitch_diag *err;
} index_ctx;

static int on_index_record(void *ctx, char **f, size_t n, int line)
{
    index_ctx *t = ctx;
    const char *path = t->cb->idx_path;
    if (!t->cols.header_done)
        return map_header(&t->cols, f, n, path, line, t->err);
    if (check_ragged(&t->cols, n, path, line, t->err))
        return -1;
    const char *year = f[t->cols.col[0]], *src = f[t->cols.col[2]];
    double v;
    if (!price_year_valid(year))
        return diag_set(t->err, STITCH_EINPUT, path, line, "price_year",
                        "'%s' is not a price year like 2023/24", year),
               -1;
    if (number_field(f[t->cols.col[1]], NUM_PLAIN, path, line, "index", 0, INFINITY, &v,
                     t->err))
        return -1;
    if (!(v > 0))
        return diag_set(t->err, STITCH_EINPUT, path, line, "index",
                        "must be greater than 0"),
               -1;
    if (!*src)
        return diag_set(t->err, STITCH_EINPUT, path, line, "source",
                        "empty; every index value must say where it comes from"),
               -1;
    if (!isnan(costbook_index(t->cb, year)))
        return diag_set(t->err, STITCH_EINPUT, path, line, "price_year",
                        "%s appears twice", year),
               -1;
    if (grow((void **)&t->cb->idx, &t->cb->cap_idx, t->cb->n_idx + 1, sizeof *t->cb->idx))
        return diag_set(t->err, STITCH_ENOMEM, path, line, "", "out of memory"), -1;
    uc_index *e = &t->cb->idx[t->cb->n_idx++];
    e->year = xstrdup(year);
    e->source = xstrdup(src);
    e->index = v;
    if (!e->year || !e->source)
        return diag_set(t->err, STITCH_ENOMEM, path, line, "", "out of memory"), -1;
    return 0;
}

static int load_index(stitch_costbook *cb, stitch_diag *err)
{
    index_ctx t = {cb, {index_columns, {0}, 0, 0, NULL, {0}}, err};
    csv_reader r = {0};
    r.on_record = on_index_record;
    r.ctx = &t;
    if (read_csv(cb->idx_path, &r, &cb->warnings, err))
        return -1;
    if (cb->n_idx == 0)
        return diag_set(err, STITCH_EINPUT, cb->idx_path, 0, "",
                        "the index has no rows under its header"),
               -1;
    return 0;
}

/* ---- the costbook ------------------------------------------------------------ */

stitch_costbook *stitch_costbook_load(const char *const *tables, size_t n,
                                      const char *indices, stitch_diag *err)
{
    stitch_costbook *cb = calloc(1, sizeof *cb);
    if (!cb || !(cb->files = calloc(n ? n : 1, sizeof *cb->files)))
        goto oom;
    cb->n_files = n;
    for (size_t i = 0; i < n; i++)
        if (!(cb->files[i].path = xstrdup(tables[i])))
            goto oom;
    if (indices && !(cb->idx_path = xstrdup(indices)))
        goto oom;
    for (size_t i = 0; i < n; i++)
        if (load_table(cb, i, err))
            goto fail;
    if (cb->idx_path && load_index(cb, err))
        goto fail;
    return cb;
oom:
    diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory");
fail:
    stitch_costbook_free(cb);
    return NULL;
}

void stitch_costbook_free(stitch_costbook *cb)
{
    if (!cb)
        return;
    for (size_t i = 0; i < cb->n_rows; i++)
        row_free(&cb->rows[i]);
    for (size_t i = 0; i < cb->n_idx; i++)
        free(cb->idx[i].year), free(cb->idx[i].source);
    for (size_t i = 0; cb->files && i < cb->n_files; i++)
        free(cb->files[i].path), free(cb->files[i].price_years);
    free(cb->rows), free(cb->idx), free(cb->files), free(cb->idx_path);
    diag_list_free(&cb->warnings);
    free(cb);
}

const uc_row *costbook_lookup(const stitch_costbook *cb, const char *code)
{
    for (size_t i = 0; i < cb->n_rows; i++)
        if (strcmp(cb->rows[i].code, code) == 0)
            return &cb->rows[i];
    return NULL;
}

double costbook_index(const stitch_costbook *cb, const char *year)
{
    for (size_t i = 0; i < cb->n_idx; i++)
        if (strcmp(cb->idx[i].year, year) == 0)
            return cb->idx[i].index;
    return NAN;
}

/* ---- finding files --------------------------------------------------------------- */

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

char *stitch_costbook_find(const char *name, const char *model_dir,
                           const char *const *dirs)
{
    char *p = NULL;
    errno = 0;
    if (name[0] == '/') {
        p = exists(name) ? xstrdup(name) : NULL;
        if (p || exists(name))
            goto found;
        errno = ENOENT;
        return NULL;
    }
    if (model_dir) {
        p = strcmp(model_dir, ".") == 0 ? xstrdup(name) : join_path(model_dir, name);
        if (!p || exists(p))
            goto found;
        free(p);
    }
    for (size_t i = 0; dirs && dirs[i]; i++) {
        p = join_path(dirs[i], name);
        if (!p || exists(p))
            goto found;
        free(p);
    }
    errno = ENOENT;
    return NULL;
found:
    if (!p)
        errno = ENOMEM;
    return p;
}

const char *const *stitch_costbook_default_dirs(void)
{
    static char env[4096];
    static const char *dirs[64];
    size_t n = 0;
    const char *e = getenv("STITCH_UNITCOSTS_PATH");
    if (e) {
        snprintf(env, sizeof env, "%s", e);
        for (char *save = NULL, *tok = strtok_r(env, ":", &save); tok && n < 62;
             tok = strtok_r(NULL, ":", &save))
            dirs[n++] = tok;
    }
    dirs[n++] = STITCH_UNITCOST_DIR;
    dirs[n] = NULL;
    return dirs;
}

static void where_searched(char *buf, size_t n, const char *const *dirs)
{
    size_t used = (size_t)snprintf(buf, n, "beside the model");
    for (size_t i = 0; dirs && dirs[i] && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s",
                                 dirs[i + 1] ? ", " : " or in ", dirs[i]);
}

stitch_costbook *stitch_costbook_load_for(const stitch_model *m, const char *const *dirs,
                                          stitch_diag *err)
{
    char *mdir = dir_of(m->file), **paths = calloc(m->n_tables + 1, sizeof *paths);
    char *idx = NULL, searched[1024];
    stitch_costbook *cb = NULL;
    where_searched(searched, sizeof searched, dirs);
    if (!mdir || !paths) {
        diag_set(err, STITCH_ENOMEM, m->file, 0, "", "out of memory");
        goto done;
    }
    for (size_t i = 0; i < m->n_tables; i++)
        if (!(paths[i] = stitch_costbook_find(m->tables[i], mdir, dirs))) {
            if (errno == ENOMEM)
                diag_set(err, STITCH_ENOMEM, m->file, 0, "", "out of memory");
            else
                diag_set(err, STITCH_EINPUT, m->file, m->tables_line, "unit_costs",
                         "table '%s' not found %s", m->tables[i], searched);
            goto done;
        }
    if (m->n_tables && !(idx = stitch_costbook_find("indices.csv", mdir, dirs))) {
        if (errno == ENOMEM)
            diag_set(err, STITCH_ENOMEM, m->file, 0, "", "out of memory");
        else
            diag_set(err, STITCH_EINPUT, m->file, m->tables_line, "unit_costs",
                     "the inflation index 'indices.csv' not found %s", searched);
        goto done;
    }
    cb = stitch_costbook_load((const char *const *)paths, m->n_tables, idx, err);
done:
    for (size_t i = 0; paths && i < m->n_tables; i++)
        free(paths[i]);
    free(paths), free(mdir), free(idx);
    return cb;
}
