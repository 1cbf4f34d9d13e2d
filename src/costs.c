/* costs.c — `stitch costs`: search the unit-cost tables and show where each
 * figure comes from, uprated to the price year a bid writer asks for. */
#include "cli.h"
#include "fmt.h"
#include "model.h"
#include "text.h"
#include "unitcost.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Every table to search: the named local tables first (their codes win),
 * then each *.csv but indices.csv in the search directories, a file name
 * found in an earlier directory hiding later ones. */
static int collect_tables(const cli_costs_query *q, const char *const *dirs, char ***out,
                          size_t *n)
{
    size_t cap = 0;
    *out = NULL, *n = 0;
    for (size_t i = 0; i < q->n_tables; i++) {
        if (grow((void **)out, &cap, *n + 1, sizeof **out) ||
            !((*out)[*n] = xstrdup(q->tables[i])))
            return -1;
        (*n)++;
    }
    for (size_t d = 0; dirs && dirs[d]; d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir)
            continue;
        char *names[256];
        size_t k = 0;
        for (struct dirent *e; (e = readdir(dir)) && k < 256;) {
            size_t len = strlen(e->d_name);
            if (len > 4 && strcmp(e->d_name + len - 4, ".csv") == 0 &&
                strcmp(e->d_name, "indices.csv") != 0)
                names[k++] = e->d_name;
        }
        /* sorted by name, so the order does not depend on the file system */
        for (size_t a = 1; a < k; a++)
            for (size_t b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) {
                char *t = names[b];
                names[b] = names[b - 1], names[b - 1] = t;
            }
        int failed = 0;
        for (size_t j = 0; j < k && !failed; j++) {
            int seen = 0;
            /* a name given with --table hides the installed table so named,
             * so an edited copy does not warn about every code */
            for (size_t m = 0; m < *n && !seen; m++) {
                const char *base = strrchr((*out)[m], '/');
                seen = strcmp(base ? base + 1 : (*out)[m], names[j]) == 0;
            }
            if (seen)
                continue;
            size_t len = strlen(dirs[d]) + strlen(names[j]) + 2;
            char *path = malloc(len);
            if (!path || grow((void **)out, &cap, *n + 1, sizeof **out)) {
                free(path);
                failed = 1;
                break;
            }
            snprintf(path, len, "%s/%s", dirs[d], names[j]);
            (*out)[(*n)++] = path;
        }
        closedir(dir);
        if (failed)
            return -1;
    }
    return 0;
}

/* Case-insensitive substring. */
static int contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return n == 0;
}

static int matches(const uc_row *r, const cli_costs_query *q)
{
    if (q->nation && strcasecmp(r->nation, q->nation) != 0)
        return 0;
    if (!q->term)
        return 1;
    return contains(r->code, q->term) || contains(r->service, q->term) ||
           contains(r->unit, q->term) || contains(r->staff_group, q->term);
}

/* The uprating factor of a row to price year `year` with its own series,
 * or NaN when the series lacks a year. */
static double factor_to(const stitch_costbook *cb, const uc_row *r, const char *year)
{
    const uc_series *s = costbook_series_of(cb, r);
    return series_index(s, year) / series_index(s, r->price_year); /* NaN propagates */
}

static double uprated(const stitch_costbook *cb, const uc_row *r, const char *year)
{
    return r->cost * factor_to(cb, r, year);
}

/* Why a row cannot be uprated to `year`: which year its series lacks. */
static const char *missing_year(const stitch_costbook *cb, const uc_row *r,
                                const char *year)
{
    const uc_series *s = costbook_series_of(cb, r);
    return isnan(series_index(s, r->price_year)) ? r->price_year : year;
}

static const char *file_name(const stitch_costbook *cb, const uc_row *r)
{
    if (cb->files[r->file].label) /* --model: as the model's reports name it */
        return cb->files[r->file].label;
    const char *p = cb->files[r->file].path, *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static const char *kind_name(int kind)
{
    return kind == UC_SOCIAL ? "social" : kind == UC_ECONOMIC ? "economic" : "fiscal";
}

static void print_row(FILE *o, const stitch_costbook *cb, const uc_row *r,
                      const char *year)
{
    char a[64], b[64];
    double c = uprated(cb, r, year);
    fprintf(o, "%s  %s\n  ", r->code, r->service);
    if (isnan(c))
        fprintf(o, "%s %s in %s prices (not uprated: the index has no %s)",
                text_money(a, 64, r->cost), r->unit, r->price_year,
                missing_year(cb, r, year));
    else
        fprintf(o, "%s %s in %s prices", text_money(a, 64, c), r->unit, year);
    if (!isnan(r->minutes))
        fprintf(o, " · %s min of %s time",
                text_num(b, 64, r->minutes, r->minutes < 10 ? 1 : 0), r->staff_group);
    if (r->kind == UC_FISCAL)
        fprintf(o, " · %s · %s cashable", r->payer, text_pct(b, 64, r->cashable));
    else
        fprintf(o, " · %s · %s value, not a saving", r->payer, kind_name(r->kind));
    fprintf(o, " · %s · %s\n", r->nation, file_name(cb, r));
}

static void print_show(FILE *o, const stitch_costbook *cb, const uc_row *r,
                       const char *year)
{
    char a[64], b[64];
    fprintf(o, "%s\n", r->code);
    fprintf(o, "  Service       %s\n", r->service);
    fprintf(o, "  Unit          %s\n", r->unit);
    fprintf(o, "  Cost          %s in %s prices (%s, row %d)\n",
            text_money(a, 64, r->cost), r->price_year, file_name(cb, r), r->row);
    double c = uprated(cb, r, year);
    const uc_series *s = costbook_series_of(cb, r);
    if (isnan(c))
        fprintf(o, "  Uprated       not possible: the index has no %s\n",
                missing_year(cb, r, year));
    else
        fprintf(o, "  Uprated       %s in %s prices (× %.4f, %s)\n", text_money(a, 64, c),
                year, factor_to(cb, r, year), series_label(s, b, sizeof b));
    if (!isnan(r->low))
        fprintf(o,
                "  Range         %s to %s (from the source; stitch draws the cost from a "
                "PERT "
                "over it)\n",
                text_money(a, 64, r->low), text_money(b, 64, r->high));
    if (isnan(r->minutes))
        fprintf(o, "  Time          not time-based\n");
    else
        fprintf(o, "  Time          %s minutes of %s time per unit\n",
                text_num(a, 64, r->minutes, r->minutes < 10 ? 1 : 0), r->staff_group);
    if (!isnan(r->fte_hours))
        fprintf(o, "  Working year  %s hours for one full-time %s\n",
                text_num(a, 64, r->fte_hours, 0), r->staff_group);
    fprintf(o, "  Payer         %s\n", r->payer);
    if (r->kind == UC_FISCAL)
        fprintf(o, "  Cashable      %s of the value\n", text_pct(a, 64, r->cashable));
    else
        fprintf(o,
                "  Kind          %s value: a benefit using it counts as %s, never as "
                "cashable or time freed\n",
                kind_name(r->kind), kind_name(r->kind));
    fprintf(o, "  Nation        %s\n", r->nation);
    if (r->status)
        fprintf(o, "  Status        %s\n", r->status);
    if (!isnan(r->economic_value) || !isnan(r->social_value))
        fprintf(o,
                "  Wider values  economic %s, social %s per unit (%s prices; shown for "
                "reference, not counted)\n",
                isnan(r->economic_value) ? "none given"
                                         : text_money(a, 64, r->economic_value),
                isnan(r->social_value) ? "none given" : text_money(b, 64, r->social_value),
                r->price_year);
    fprintf(o, "  Source        %s\n", r->source);
    if (r->notes)
        fprintf(o, "  Notes         %s\n", r->notes);
    fprintf(o, "  Table         %s\n", costbook_file_label(cb, r->file));
    fprintf(o, "  Index         %s (%s to %s)\n", s ? series_file_label(s) : cb->idx_path,
            series_year(s, 0), series_year(s, 1));
}

/* The latest (last = 1) or earliest (last = 0) year of any series. */
static const char *index_year(const stitch_costbook *cb, int last)
{
    const char *best = NULL;
    for (size_t k = 0; k < cb->n_series; k++) {
        const char *y = series_year(&cb->series[k], last);
        if (y && (!best || (strcmp(y, best) > 0) == last))
            best = y;
    }
    return best;
}

/* 1 when some series has `year`. */
static int any_series_has(const stitch_costbook *cb, const char *year)
{
    for (size_t k = 0; k < cb->n_series; k++)
        if (!isnan(series_index(&cb->series[k], year)))
            return 1;
    return 0;
}

static const char **all_codes(const stitch_costbook *cb)
{
    const char **v = calloc(cb->n_rows + 1, sizeof *v);
    for (size_t i = 0; v && i < cb->n_rows; i++)
        v[i] = cb->rows[i].code;
    return v;
}

/* The tables the model lists, found as run finds them; the model's price
 * year goes to *year (freed by the caller). */
static stitch_costbook *model_book(const char *file, const char *const *dirs, char **year,
                                   stitch_diag *err)
{
    stitch_model *m = stitch_model_load(file, err);
    if (!m)
        return NULL;
    stitch_costbook *cb = NULL;
    if (m->n_tables == 0)
        diag_set(err, STITCH_EINPUT, file, 0, "unit_costs",
                 "the model lists no unit-cost tables, so there is nothing to search");
    else if ((cb = stitch_costbook_load_for(m, dirs, err)) &&
             !(*year = xstrdup(m->price_year))) {
        stitch_costbook_free(cb);
        cb = NULL;
        diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory");
    }
    stitch_model_free(m);
    return cb;
}

cli_status cli_costs(FILE *out, FILE *errs, const cli_costs_query *q,
                     const char *const *dirs, stitch_diag *err)
{
    char **tables = NULL, *idx = NULL, *model_year = NULL;
    size_t n = 0;
    stitch_costbook *cb = NULL;
    cli_status st = CLI_OK;
    if (q->model && q->n_tables) {
        st = cli_usage(err, "--table and --model cannot be used together: --model "
                            "searches the tables the model lists");
        goto done;
    }
    if (q->model) {
        if (!(cb = model_book(q->model, dirs, &model_year, err))) {
            st = cli_status_of(err->status);
            goto done;
        }
    } else if (collect_tables(q, dirs, &tables, &n)) {
        st = cli_status_of(diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory"));
        goto done;
    }
    if (!q->model)
        idx = stitch_costbook_find("indices.csv", NULL, dirs);
    if (!q->model && (n == 0 || !idx)) {
        st = cli_status_of(diag_set(
            err, STITCH_EINPUT, "", 0, "",
            "no unit-cost tables%s found: set STITCH_UNITCOSTS_PATH to the folder "
            "that holds them",
            n ? " index (indices.csv)" : ""));
        goto done;
    }
    if (!q->model &&
        !(cb = stitch_costbook_load((const char *const *)tables, n, idx, err))) {
        st = cli_status_of(err->status);
        goto done;
    }
    for (size_t i = 0; i < cb->warnings.n; i++) { /* a code in two tables */
        char buf[2048];
        fprintf(errs, "%s\n",
                stitch_diag_format(&cb->warnings.v[i], "warning: ", buf, sizeof buf));
    }
    const char *year = q->price_year ? q->price_year
                       : model_year  ? model_year
                                     : index_year(cb, 1);
    if (!any_series_has(cb, year)) {
        st = cli_usage(err, "--price-year: '%s' is not in the inflation index (%s to %s)",
                       year, index_year(cb, 0), index_year(cb, 1));
        goto done;
    }
    if (q->show) {
        const uc_row *r = costbook_lookup(cb, q->show);
        if (!r) {
            const char **codes = all_codes(cb);
            const char *near = codes ? closest_word(q->show, codes) : NULL;
            for (size_t i = 0; !near && codes && codes[i]; i++)
                near = contains(codes[i], q->show) ? codes[i] : NULL;
            st = cli_status_of(
                diag_set(err, STITCH_EINPUT, "", 0, "",
                         "'%s' is not a code in the unit-cost tables%s%s%s", q->show,
                         near ? " (did you mean '" : "", near ? near : "",
                         near ? "'?)" : "; search them with: stitch costs WORD"));
            free(codes);
            goto done;
        }
        print_show(out, cb, r, year);
        goto done;
    }
    size_t hits = 0;
    for (size_t i = 0; i < cb->n_rows; i++)
        hits += (size_t)(matches(&cb->rows[i], q) &&
                         costbook_lookup(cb, cb->rows[i].code) == &cb->rows[i]);
    char word[300] = "";
    if (q->term)
        snprintf(word, sizeof word, " matching '%s'", q->term);
    if (q->nation)
        snprintf(word + strlen(word), sizeof word - strlen(word), " in %s", q->nation);
    fprintf(out,
            "%zu unit cost%s%s, in %s prices (each uprated with its row's index "
            "series)\n\n",
            hits, hits == 1 ? "" : "s", word, year);
    for (size_t i = 0; i < cb->n_rows; i++) {
        const uc_row *r = &cb->rows[i];
        if (matches(r, q) &&
            costbook_lookup(cb, r->code) == r) /* first definition wins */
            print_row(out, cb, r, year);
    }
    if (hits)
        fprintf(out, "\nFull provenance of one row: stitch costs --show CODE\n");
    else if (q->model)
        fprintf(out, "Try a shorter word, or search every installed table with: stitch "
                     "costs WORD\n");
    else
        fprintf(out, "Try a shorter word, or list everything with: stitch costs\n");
done:
    for (size_t i = 0; i < n; i++)
        free(tables[i]);
    free(tables), free(idx), free(model_year);
    stitch_costbook_free(cb);
    return st;
}

cli_status cli_cmd_costs(const cli_args *cli, FILE *out, FILE *errs)
{
    cli_costs_query q = {cli->model,  cli->nation,   cli->price_year, cli->show,
                         cli->tables, cli->n_tables, cli->costs_model};
    stitch_diag err;
    errno = 0;
    cli_status st = cli_costs(out, errs, &q, stitch_costbook_default_dirs(), &err);
    if (st == CLI_USAGE)
        cli_usage_error(&err, errs);
    else if (st)
        cli_print_diag(errs, &err, "");
    else if (fflush(out) != 0 || ferror(out))
        st = cli_write_failed(errs);
    return st;
}
