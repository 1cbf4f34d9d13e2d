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
#include <dirent.h>
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
    int opt[12];                 /* their field index, -1 when absent */
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
enum { O_NOTES, O_FTE, O_LOW, O_HIGH, O_ECONOMIC, O_SOCIAL, O_SERIES, O_KIND, O_STATUS };
static const char *const optional_columns[] = {
    "notes",        "fte_hours",    "low",  "high",   "economic_value",
    "social_value", "index_series", "kind", "status", NULL};

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

/* A series name is a file name in indices/: lower-case letters, digits
 * and '-', so that it can never reach outside that folder. */
static int series_name_valid(const char *v)
{
    return *v && strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(v) &&
           *v != '-';
}

static int row_series(table_ctx *t, uc_row *row, const char *v, int line)
{
    const char *path = t->cb->files[t->file].path;
    if (!*v)
        return 0;
    if (!series_name_valid(v))
        return diag_set(t->err, STITCH_EINPUT, path, line, "index_series",
                        "'%s' is not a series name: use lower-case letters, digits "
                        "and '-', as in gdp-deflator (the file indices/gdp-deflator.csv)",
                        v),
               -1;
    if (!(row->index_series = xstrdup(v)))
        return diag_set(t->err, STITCH_ENOMEM, path, line, "", "out of memory"), -1;
    return 0;
}

/* `kind`: fiscal (the default), economic or social. */
static int row_kind(table_ctx *t, uc_row *row, const char *v, int line)
{
    static const char *const kinds[] = {"fiscal", "economic", "social", NULL};
    row->kind = UC_FISCAL;
    if (!*v)
        return 0;
    for (int k = 0; kinds[k]; k++)
        if (strcmp(v, kinds[k]) == 0)
            return row->kind = k, 0;
    const char *near = closest_word(v, kinds);
    return diag_set(t->err, STITCH_EINPUT, t->cb->files[t->file].path, line, "kind",
                    "'%s' is not a kind: write fiscal (a saving to a budget), economic "
                    "or social%s%s%s",
                    v, near ? " (did you mean '" : "", near ? near : "",
                    near ? "'?)" : ""),
           -1;
}

/* `status`: primary (read in the publisher's own document) or secondary
 * (seen as someone else quoted it: "secondary: who"). */
static int row_status(table_ctx *t, uc_row *row, const char *v, int line)
{
    const char *path = t->cb->files[t->file].path;
    if (!*v)
        return 0;
    if (strcmp(v, "primary") != 0 &&
        !(strncmp(v, "secondary: ", 11) == 0 && v[11] && v[11] != ' '))
        return diag_set(t->err, STITCH_EINPUT, path, line, "status",
                        "'%s' is not a status: write primary (read in the publisher's "
                        "own document) or 'secondary: WHO' (naming who quoted it)",
                        v),
               -1;
    if (!(row->status = xstrdup(v)))
        return diag_set(t->err, STITCH_ENOMEM, path, line, "", "out of memory"), -1;
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
    if (row_series(t, row, opt[O_SERIES] >= 0 ? f[opt[O_SERIES]] : "", line) ||
        row_kind(t, row, opt[O_KIND] >= 0 ? f[opt[O_KIND]] : "", line) ||
        row_status(t, row, opt[O_STATUS] >= 0 ? f[opt[O_STATUS]] : "", line))
        return -1;
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
    free(r->notes), free(r->index_series), free(r->status);
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

/* ---- the inflation index series -------------------------------------------- */

static const char *const index_columns[] = {"price_year", "index", "source", NULL};

typedef struct {
    uc_series *s;
    columns cols;
    stitch_diag *err;
} index_ctx;

static int on_index_record(void *ctx, char **f, size_t n, int line)
{
    index_ctx *t = ctx;
    uc_series *s = t->s;
    const char *path = s->path;
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
    if (!isnan(series_index(s, year)))
        return diag_set(t->err, STITCH_EINPUT, path, line, "price_year",
                        "%s appears twice", year),
               -1;
    if (grow((void **)&s->idx, &s->cap_idx, s->n_idx + 1, sizeof *s->idx))
        return diag_set(t->err, STITCH_ENOMEM, path, line, "", "out of memory"), -1;
    uc_index *e = &s->idx[s->n_idx++];
    e->year = xstrdup(year);
    e->source = xstrdup(src);
    e->index = v;
    if (!e->year || !e->source)
        return diag_set(t->err, STITCH_ENOMEM, path, line, "", "out of memory"), -1;
    return 0;
}

static void series_free(uc_series *s)
{
    for (size_t i = 0; i < s->n_idx; i++)
        free(s->idx[i].year), free(s->idx[i].source);
    free(s->idx), free(s->name), free(s->path), free(s->label);
}

/* Append the series `name` (NULL: the default) read from `path`; takes
 * ownership of path. Returns its index, or -1 with *err. */
static long load_series(stitch_costbook *cb, const char *name, char *path,
                        stitch_diag *err)
{
    uc_series s = {NULL, path, NULL, NULL, 0, 0};
    if (!path || (name && !(s.name = xstrdup(name))) ||
        grow((void **)&cb->series, &cb->cap_series, cb->n_series + 1,
             sizeof *cb->series)) {
        series_free(&s);
        return diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory"), -1;
    }
    index_ctx t = {&s, {index_columns, {0}, 0, 0, NULL, {0}}, err};
    csv_reader r = {0};
    r.on_record = on_index_record;
    r.ctx = &t;
    if (read_csv(path, &r, &cb->warnings, err)) {
        series_free(&s);
        return -1;
    }
    if (s.n_idx == 0) {
        diag_set(err, STITCH_EINPUT, path, 0, "",
                 "the index has no rows under its header");
        series_free(&s);
        return -1;
    }
    cb->series[cb->n_series] = s;
    return (long)cb->n_series++;
}

/* The file of series `name`: indices/NAME.csv in the folder of indices.csv. */
static char *series_path(const char *idx_path, const char *name)
{
    char *dir = dir_of(idx_path);
    if (!dir)
        return NULL;
    const char *d = strcmp(dir, ".") == 0 ? "" : dir;
    size_t n = strlen(d) + strlen(name) + 16;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%sindices/%s.csv", d, *d ? "/" : "", name);
    free(dir);
    return p;
}

/* Find or load the series each row names. */
static int resolve_series(stitch_costbook *cb, stitch_diag *err)
{
    for (size_t i = 0; i < cb->n_rows; i++) {
        uc_row *row = &cb->rows[i];
        if (!row->index_series)
            continue;
        size_t k = 1;
        while (k < cb->n_series && strcmp(cb->series[k].name, row->index_series) != 0)
            k++;
        if (k == cb->n_series) {
            char *path = series_path(cb->idx_path, row->index_series);
            struct stat st;
            if (path && stat(path, &st) != 0) {
                diag_set(err, STITCH_EINPUT, cb->files[row->file].path, row->row,
                         "index_series",
                         "no index series '%s': %s not found (a series lives in the "
                         "indices folder beside indices.csv)",
                         row->index_series, path);
                free(path);
                return -1;
            }
            if (load_series(cb, row->index_series, path, err) < 0)
                return -1;
        }
        row->series = k;
    }
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
    if (cb->idx_path) {
        char *p = xstrdup(cb->idx_path);
        if (load_series(cb, NULL, p, err) < 0 || resolve_series(cb, err))
            goto fail;
    }
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
    for (size_t i = 0; i < cb->n_series; i++)
        series_free(&cb->series[i]);
    for (size_t i = 0; cb->files && i < cb->n_files; i++)
        free(cb->files[i].path), free(cb->files[i].label), free(cb->files[i].price_years);
    for (size_t i = 0; i < cb->n_elsewhere; i++)
        free(cb->elsewhere[i].code), free(cb->elsewhere[i].table);
    free(cb->elsewhere);
    free(cb->rows), free(cb->series), free(cb->files), free(cb->idx_path);
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

double series_index(const uc_series *s, const char *year)
{
    for (size_t i = 0; s && i < s->n_idx; i++)
        if (strcmp(s->idx[i].year, year) == 0)
            return s->idx[i].index;
    return NAN;
}

double costbook_index(const stitch_costbook *cb, const char *year)
{
    return series_index(cb->n_series ? &cb->series[0] : NULL, year);
}

const uc_series *costbook_series_of(const stitch_costbook *cb, const uc_row *row)
{
    return row->series < cb->n_series ? &cb->series[row->series] : NULL;
}

const char *series_label(const uc_series *s, char *buf, size_t n)
{
    if (!s || !s->name)
        snprintf(buf, n, "NHS Cost Inflation Index");
    else
        snprintf(buf, n, "index series %s", s->name);
    return buf;
}

const char *series_year(const uc_series *s, int last)
{
    const char *best = NULL;
    for (size_t i = 0; s && i < s->n_idx; i++)
        if (!best || (strcmp(s->idx[i].year, best) > 0) == last)
            best = s->idx[i].year;
    return best;
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

const char *costbook_elsewhere(const stitch_costbook *cb, const char *code)
{
    for (size_t i = 0; cb && i < cb->n_elsewhere; i++)
        if (strcmp(cb->elsewhere[i].code, code) == 0)
            return cb->elsewhere[i].table;
    return NULL;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* 1 when the costbook already has a table, or a code, from a file so named. */
static int known_table(const stitch_costbook *cb, const char *name)
{
    for (size_t i = 0; i < cb->n_files; i++)
        if (strcmp(base_name(cb->files[i].path), name) == 0)
            return 1;
    for (size_t i = 0; i < cb->n_elsewhere; i++)
        if (strcmp(cb->elsewhere[i].table, name) == 0)
            return 1;
    return 0;
}

/* Remember the codes of installed table `path` (named `name`). A table that
 * does not load is skipped: it is not the model's. */
static int note_elsewhere(stitch_costbook *cb, const char *path, const char *name)
{
    stitch_diag ignored;
    stitch_costbook *o = stitch_costbook_load(&path, 1, NULL, &ignored);
    int rc = 0;
    for (size_t i = 0; o && i < o->n_rows && !rc; i++) {
        if (costbook_lookup(cb, o->rows[i].code) ||
            costbook_elsewhere(cb, o->rows[i].code))
            continue;
        if (grow((void **)&cb->elsewhere, &cb->cap_elsewhere, cb->n_elsewhere + 1,
                 sizeof *cb->elsewhere)) {
            rc = -1;
            break;
        }
        uc_elsewhere *e = &cb->elsewhere[cb->n_elsewhere];
        e->code = xstrdup(o->rows[i].code), e->table = xstrdup(name);
        if (!e->code || !e->table) {
            free(e->code), free(e->table);
            rc = -1;
        } else {
            cb->n_elsewhere++;
        }
    }
    stitch_costbook_free(o);
    return rc;
}

/* The codes of every *.csv table in `dirs` (not indices.csv) that the model
 * does not list, so that a message can say which table to add. */
static int scan_elsewhere(stitch_costbook *cb, const char *const *dirs)
{
    for (size_t d = 0; dirs && dirs[d]; d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir)
            continue;
        int rc = 0;
        for (struct dirent *e; !rc && (e = readdir(dir));) {
            size_t len = strlen(e->d_name);
            if (len <= 4 || strcmp(e->d_name + len - 4, ".csv") != 0 ||
                strcmp(e->d_name, "indices.csv") == 0 || known_table(cb, e->d_name))
                continue;
            char *path = join_path(dirs[d], e->d_name);
            rc = !path || note_elsewhere(cb, path, e->d_name);
            free(path);
        }
        closedir(dir);
        if (rc)
            return -1;
    }
    return 0;
}

const char *costbook_file_label(const stitch_costbook *cb, size_t file)
{
    return cb->files[file].label ? cb->files[file].label : cb->files[file].path;
}

const char *series_file_label(const uc_series *s)
{
    return !s ? "" : s->label ? s->label : s->path;
}

/* "NAME (beside the model)" or "NAME (installed)" for a file the model
 * names NAME, found at `found`; an absolute NAME is kept as it is. */
static char *where_label(const char *name, const char *found, const char *mdir)
{
    if (name[0] == '/')
        return xstrdup(name);
    char *beside = strcmp(mdir, ".") == 0 ? xstrdup(name) : join_path(mdir, name);
    if (!beside)
        return NULL;
    int here = strcmp(beside, found) == 0;
    free(beside);
    size_t n = strlen(name) + 24;
    char *l = malloc(n);
    if (l)
        snprintf(l, n, "%s (%s)", name, here ? "beside the model" : "installed");
    return l;
}

/* Label the model's tables and index series (uc_file.label). */
static int label_files(stitch_costbook *cb, const stitch_model *m, char *const *paths,
                       const char *mdir)
{
    for (size_t i = 0; i < cb->n_files; i++)
        if (!(cb->files[i].label = where_label(m->tables[i], paths[i], mdir)))
            return -1;
    for (size_t k = 0; k < cb->n_series; k++) {
        char name[300];
        if (cb->series[k].name)
            snprintf(name, sizeof name, "indices/%s.csv", cb->series[k].name);
        else
            snprintf(name, sizeof name, "indices.csv");
        /* a series sits beside indices.csv, so it shares its place */
        char *at =
            series_path(cb->idx_path, cb->series[k].name ? cb->series[k].name : "");
        const char *found = cb->series[k].name ? at : cb->idx_path;
        if (!at || !(cb->series[k].label = where_label(name, found, mdir))) {
            free(at);
            return -1;
        }
        free(at);
    }
    return 0;
}

/* 1 when every code the model names is in its own tables: then no message
 * will need the other installed tables, and they are not read. */
static int all_codes_found(const stitch_costbook *cb, const stitch_model *m)
{
    for (size_t i = 0; i < m->n_benefits; i++)
        if (m->benefits[i].unit_cost && !costbook_lookup(cb, m->benefits[i].unit_cost))
            return 0;
    return 1;
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
    if (cb && (label_files(cb, m, paths, mdir) ||
               (!all_codes_found(cb, m) && scan_elsewhere(cb, dirs)))) {
        stitch_costbook_free(cb);
        cb = NULL;
        diag_set(err, STITCH_ENOMEM, m->file, 0, "", "out of memory");
    }
done:
    for (size_t i = 0; paths && i < m->n_tables; i++)
        free(paths[i]);
    free(paths), free(mdir), free(idx);
    return cb;
}

/* ---- the CSV reader, for the monitoring tables ------------------------------ */

int unitcost_read_csv(const char *path, int (*record)(void *, char **, size_t, int),
                      void *ctx, diag_list *warnings, stitch_diag *err)
{
    csv_reader r;
    memset(&r, 0, sizeof r);
    r.on_record = record;
    r.ctx = ctx;
    return read_csv(path, &r, warnings, err);
}
