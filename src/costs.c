/* costs.c — `stitch costs`: search the unit-cost tables and show where each
 * figure comes from, uprated to the price year a bid writer asks for. */
#include "cli.h"
#include "fmt.h"
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
    size_t first_dir_file = *n;
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
            for (size_t m = first_dir_file; m < *n && !seen; m++) {
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

/* The cost of a row in price year `year`, or NaN when the index lacks a year. */
static double uprated(const stitch_costbook *cb, const uc_row *r, const char *year)
{
    double to = costbook_index(cb, year), from = costbook_index(cb, r->price_year);
    return r->cost * to / from; /* NaN propagates when either is missing */
}

static const char *file_name(const stitch_costbook *cb, const uc_row *r)
{
    const char *p = cb->files[r->file].path, *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static void print_row(FILE *o, const stitch_costbook *cb, const uc_row *r,
                      const char *year)
{
    char a[64], b[64];
    double c = uprated(cb, r, year);
    fprintf(o, "%s  %s\n  ", r->code, r->service);
    if (isnan(c))
        fprintf(o, "%s %s in %s prices (not uprated: the index has no %s)",
                text_money(a, 64, r->cost), r->unit, r->price_year, r->price_year);
    else
        fprintf(o, "%s %s in %s prices", text_money(a, 64, c), r->unit, year);
    if (!isnan(r->minutes))
        fprintf(o, " · %s min of %s time",
                text_num(b, 64, r->minutes, r->minutes < 10 ? 1 : 0), r->staff_group);
    fprintf(o, " · %s · %s cashable · %s · %s\n", r->payer, text_pct(b, 64, r->cashable),
            r->nation, file_name(cb, r));
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
    if (isnan(c))
        fprintf(o, "  Uprated       not possible: the index has no %s\n", r->price_year);
    else
        fprintf(o, "  Uprated       %s in %s prices (× %.4f, NHS Cost Inflation Index)\n",
                text_money(a, 64, c), year,
                costbook_index(cb, year) / costbook_index(cb, r->price_year));
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
    fprintf(o, "  Cashable      %s of the value\n", text_pct(a, 64, r->cashable));
    fprintf(o, "  Nation        %s\n", r->nation);
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
    fprintf(o, "  Table         %s\n", cb->files[r->file].path);
    fprintf(o, "  Index         %s\n", cb->idx_path);
}

/* The latest (last = 1) or earliest (last = 0) year in the index. */
static const char *index_year(const stitch_costbook *cb, int last)
{
    const char *best = NULL;
    for (size_t i = 0; i < cb->n_idx; i++)
        if (!best || (strcmp(cb->idx[i].year, best) > 0) == last)
            best = cb->idx[i].year;
    return best;
}

static const char **all_codes(const stitch_costbook *cb)
{
    const char **v = calloc(cb->n_rows + 1, sizeof *v);
    for (size_t i = 0; v && i < cb->n_rows; i++)
        v[i] = cb->rows[i].code;
    return v;
}

cli_status cli_costs(FILE *out, FILE *errs, const cli_costs_query *q,
                     const char *const *dirs, stitch_diag *err)
{
    char **tables = NULL, *idx = NULL;
    size_t n = 0;
    stitch_costbook *cb = NULL;
    cli_status st = CLI_OK;
    if (collect_tables(q, dirs, &tables, &n)) {
        st = cli_status_of(diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory"));
        goto done;
    }
    idx = stitch_costbook_find("indices.csv", NULL, dirs);
    if (n == 0 || !idx) {
        st = cli_status_of(diag_set(
            err, STITCH_EINPUT, "", 0, "",
            "no unit-cost tables%s found: set STITCH_UNITCOSTS_PATH to the folder "
            "that holds them",
            n ? " index (indices.csv)" : ""));
        goto done;
    }
    if (!(cb = stitch_costbook_load((const char *const *)tables, n, idx, err))) {
        st = cli_status_of(err->status);
        goto done;
    }
    for (size_t i = 0; i < cb->warnings.n; i++) { /* a code in two tables */
        char buf[2048];
        fprintf(errs, "%s\n",
                stitch_diag_format(&cb->warnings.v[i], "warning: ", buf, sizeof buf));
    }
    const char *year = q->price_year ? q->price_year : index_year(cb, 1);
    if (isnan(costbook_index(cb, year))) {
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
            "%zu unit cost%s%s, in %s prices (uprated with the NHS Cost Inflation "
            "Index)\n\n",
            hits, hits == 1 ? "" : "s", word, year);
    for (size_t i = 0; i < cb->n_rows; i++) {
        const uc_row *r = &cb->rows[i];
        if (matches(r, q) &&
            costbook_lookup(cb, r->code) == r) /* first definition wins */
            print_row(out, cb, r, year);
    }
    if (hits)
        fprintf(out, "\nFull provenance of one row: stitch costs --show CODE\n");
    else
        fprintf(out, "Try a shorter word, or list everything with: stitch costs\n");
done:
    for (size_t i = 0; i < n; i++)
        free(tables[i]);
    free(tables), free(idx);
    stitch_costbook_free(cb);
    return st;
}

cli_status cli_cmd_costs(const cli_args *cli, FILE *out, FILE *errs)
{
    cli_costs_query q = {cli->model, cli->nation, cli->price_year,
                         cli->show,  cli->tables, cli->n_tables};
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
