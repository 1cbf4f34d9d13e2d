/* monitor.c — the monitoring stage: the service's own records update the
 * inputs they observe (docs/method.md section 8.4).
 *
 * Each monitoring table is read strictly, as the unit-cost tables are:
 * every bad field is refused with its file, line (the header is line 1)
 * and column. Rows for one id are pooled (their sums). Each observed input
 * then goes from its prior, the distribution the model gives, to its
 * posterior: exact conjugate forms where they apply, otherwise a density
 * tabulated in one dimension (dist_posterior). The prior is kept, so that
 * the case without the data can still be worked out. */
#include "monitor.h"

#include "model.h"
#include "plan.h"
#include "unitcost.h"

#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Wider than this and the exact beta is handed to the tabulated posterior
 * (dist.c keeps beta shapes below 1e5 for its incomplete beta function). */
#define BETA_MAX_SHAPE 1e5

/* ---- the maths ---------------------------------------------------------------- */

typedef struct {
    double x, n; /* x of n, or x in exposure n */
} obs;

/* log-likelihoods up to a constant: x log t + (n - x) log(1 - t), and
 * x log t - e t; a term with a zero count is 0 (also where its log is
 * infinite). */
static double ll_binomial(double t, const void *arg)
{
    const obs *o = arg;
    double v = 0;
    if (o->x > 0)
        v += o->x * log(t);
    if (o->n - o->x > 0)
        v += (o->n - o->x) * log1p(-t);
    return v;
}

static double ll_poisson(double t, const void *arg)
{
    const obs *o = arg;
    return (o->x > 0 ? o->x * log(t) : 0) - o->n * t;
}

int monitor_posterior(const stitch_dist *d, int rate, double x, double n_or_e,
                      stitch_dist *post, dist_table **tab)
{
    *tab = NULL;
    if (rate && d->kind == DIST_BETA) { /* beta(a + x, b + n - x) */
        double a = d->q[0] + x, b = d->q[1] + n_or_e - x, s = a + b;
        if (a <= BETA_MAX_SHAPE && b <= BETA_MAX_SHAPE) {
            *post = (stitch_dist){
                DIST_BETA, {a / s, sqrt(a * b / (s * s * (s + 1))), 0, 0}, {a, b}};
            return 0;
        }
    }
    if (!rate && d->kind == DIST_GAMMA) { /* gamma(k + x, rate 1/scale + e) */
        double k = d->q[0] + x, scale = 1 / (1 / d->q[1] + n_or_e);
        *post = (stitch_dist){DIST_GAMMA, {k * scale, sqrt(k) * scale, 0, 0}, {k, scale}};
        return 0;
    }
    obs o = {x, n_or_e};
    double peak = n_or_e > 0 ? x / n_or_e : NAN;
    return dist_posterior(d, 0, rate ? 1 : INFINITY, rate ? ll_binomial : ll_poisson, &o,
                          peak, post, tab);
}

typedef struct {
    const stitch_dist *d;
    int rate, upper, failed;
    double x, n;
} predictive;

/* P(X <= x) or P(X >= x) given the input at its u-quantile. */
static double predictive_at(double u, void *arg)
{
    predictive *pr = arg;
    double t;
    if (dist_quantile(pr->d, u, &t) != 0) {
        pr->failed = 1;
        return 0;
    }
    unsigned x = (unsigned)pr->x, n = (unsigned)pr->n;
    if (pr->rate) {
        t = fmin(fmax(t, 0.0), 1.0);
        if (!pr->upper)
            return gsl_cdf_binomial_P(x, t, n);
        return x == 0 ? 1 : gsl_cdf_binomial_Q(x - 1, t, n);
    }
    double mu = fmax(t, 0.0) * pr->n;
    if (!pr->upper)
        return gsl_cdf_poisson_P(x, mu);
    return x == 0 ? 1 : gsl_cdf_poisson_Q(x - 1, mu);
}

double monitor_predictive_p(const stitch_dist *d, int rate, double x, double n_or_e)
{
    if (d->kind == DIST_FIXED || !(x >= 0 && x < 4e9) || !(n_or_e >= 0 && n_or_e < 4e9))
        return NAN;
    predictive pr = {d, rate, 0, 0, x, n_or_e};
    gsl_function F = {predictive_at, &pr};
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(200);
    if (!w)
        return NAN;
    /* over the prior's probability scale: the input is t = Q(u), so that a
     * narrow prior is as easy as a wide one */
    double tail[2], err;
    int st = 0;
    for (pr.upper = 0; pr.upper < 2; pr.upper++)
        st |= gsl_integration_qag(&F, 0, 1, 1e-7, 1e-6, 200, GSL_INTEG_GAUSS21, w,
                                  &tail[pr.upper], &err);
    gsl_integration_workspace_free(w);
    if (st || pr.failed)
        return NAN;
    return fmin(1.0, 2 * fmin(tail[0], tail[1]));
}

/* ---- reading the tables --------------------------------------------------------- */

enum { M_PERIOD, M_ID, M_ACHIEVED, M_OF, M_YEARS, M_SOURCE, M_NOTES, M_YEAR, M_COLUMNS };
static const char *const column_names[] = {"period", "id",    "achieved", "of", "years",
                                           "source", "notes", "year",     NULL};

typedef struct {
    size_t node, file;
    char *period;
    double achieved, of, years;
    int line;
    long year; /* the delivery year a per-year output's row informs; -1: none */
} obs_row;

typedef struct {
    const stitch_plan *p;
    const char *path;
    size_t file;
    int col[M_COLUMNS];
    size_t n_fields;
    int header_done;
    obs_row *rows;
    size_t n_rows, cap;
    stitch_diag *err;
} reader;

#define BAD(col, ...)                                                                    \
    (diag_set(r->err, STITCH_EINPUT, r->path, line, col, __VA_ARGS__), -1)

static int read_header(reader *r, char **f, size_t n, int line)
{
    r->n_fields = n;
    for (size_t k = 0; k < M_COLUMNS; k++)
        r->col[k] = -1;
    for (size_t j = 0; j < n; j++) {
        size_t k = 0;
        while (column_names[k] && strcmp(f[j], column_names[k]) != 0)
            k++;
        if (!column_names[k]) {
            if (n == 1 && strchr(f[0], ';'))
                return BAD("", "the header has one column: is the table separated by "
                               "';'? Save it as CSV with commas");
            const char *near = closest_word(f[j], column_names);
            return BAD(f[j][0] ? f[j] : "(empty)",
                       "unknown column%s%s%s (the columns are period, id, achieved, of, "
                       "years, source and, if you like, notes)",
                       near ? ": did you mean " : "", near ? near : "", near ? "?" : "");
        }
        if (r->col[k] >= 0)
            return BAD(column_names[k], "column appears twice in the header");
        if (k == M_YEAR) { /* only where an output is counted per delivery year */
            int any = 0;
            for (size_t q = 0; q < r->p->n_nodes; q++)
                any |= r->p->nodes[q].parent < 0 && r->p->nodes[q].per_year;
            if (!any)
                return BAD(f[j], "a year column informs an output counted per delivery "
                                 "year, which this model does not have: delete the "
                                 "column");
        }
        r->col[k] = (int)j;
    }
    for (size_t k = 0; k < M_NOTES; k++)
        if (r->col[k] < 0)
            return BAD(column_names[k], "missing column (the header must name it)");
    r->header_done = 1;
    return 0;
}

/* A count of people: a whole number, 0 or more. */
static int count_field(reader *r, const char *v, const char *col, int line, double *out)
{
    if (!*v)
        return BAD(col, "empty; a number of people is needed");
    if (parse_double(v, out))
        return BAD(col, "'%s' is not a number", v);
    if (*out < 0)
        return BAD(col, "%s is negative; a number of people is 0 or more", v);
    if (*out != floor(*out))
        return BAD(col, "%s is not a whole number of people", v);
    if (*out > 1e9)
        return BAD(col,
                   "%s is more people than stitch can work with (at most "
                   "1,000,000,000): check for extra zeros",
                   v);
    return 0;
}

static long find_node(const stitch_plan *p, const char *id)
{
    for (size_t k = 0; k < p->n_nodes; k++)
        if (strcmp(p->nodes[k].id, id) == 0)
            return (long)k;
    return -1;
}

static int unknown_id(reader *r, const char *id, int line)
{
    const stitch_plan *p = r->p;
    const char **ids = calloc(p->n_nodes + 1, sizeof *ids);
    if (!ids)
        return diag_set(r->err, STITCH_ENOMEM, r->path, line, "", "out of memory"), -1;
    for (size_t k = 0; k < p->n_nodes; k++)
        ids[k] = p->nodes[k].id;
    const char *near = closest_word(id, ids);
    if (near)
        diag_set(r->err, STITCH_EINPUT, r->path, line, "id",
                 "'%s' is not an output or outcome of the model: did you mean '%s'?", id,
                 near);
    else
        diag_set(r->err, STITCH_EINPUT, r->path, line, "id",
                 "'%s' is not an output or outcome of the model", id);
    free(ids);
    return -1;
}

static int read_row(reader *r, char **f, size_t n, int line)
{
    if (n != r->n_fields)
        return BAD("",
                   "row has %zu field%s; the header has %zu (a missing or extra comma?)",
                   n, n == 1 ? "" : "s", r->n_fields);
    const char *period = f[r->col[M_PERIOD]], *id = f[r->col[M_ID]];
    const char *of = f[r->col[M_OF]], *years = f[r->col[M_YEARS]];
    if (!*period)
        return BAD("period",
                   "empty; say which period the row covers, such as 2025/26 H1");
    if (!*id)
        return BAD("id", "empty; give the id of an output or an outcome of the model");
    long k = find_node(r->p, id);
    if (k < 0)
        return unknown_id(r, id, line);
    const plan_node *node = &r->p->nodes[k];
    int outcome = node->parent >= 0;
    obs_row row = {(size_t)k, r->file, NULL, 0, NAN, NAN, line, -1};
    /* the year column (docs/method.md section 8.4): which delivery year of an
     * output counted per delivery year the row informs */
    const char *year = r->col[M_YEAR] >= 0 ? f[r->col[M_YEAR]] : "";
    int per_year = !outcome && node->per_year;
    if (per_year && r->col[M_YEAR] < 0)
        return BAD("year",
                   "output '%s' is counted per delivery year: add a year column saying "
                   "which year each row informs (0 = the first delivery year)",
                   id);
    if (per_year) {
        double y;
        if (!*year)
            return BAD("year",
                       "empty; output '%s' is counted per delivery year: say which (0 "
                       "to %d)",
                       id, r->p->delivery_years - 1);
        if (parse_double(year, &y) || y != floor(y) || y < 0 ||
            y > r->p->delivery_years - 1)
            return BAD("year", "'%s' is not a delivery year of the model (0 to %d)", year,
                       r->p->delivery_years - 1);
        row.year = (long)y;
    } else if (*year)
        return BAD("year",
                   "given for '%s', which is not counted per delivery year; leave it "
                   "empty",
                   id);
    if (count_field(r, f[r->col[M_ACHIEVED]], "achieved", line, &row.achieved))
        return -1;
    if (outcome) {
        if (!*of)
            return BAD("of",
                       "empty; outcome '%s' needs the people observed at the step "
                       "before it ('%s')",
                       id, r->p->nodes[node->parent].id);
        if (count_field(r, of, "of", line, &row.of))
            return -1;
        if (row.achieved > row.of)
            return BAD("achieved",
                       "%s is more than of (%s): no more people can reach '%s' "
                       "than were observed at the step before it",
                       f[r->col[M_ACHIEVED]], of, id);
        if (*years)
            return BAD("years",
                       "given for outcome '%s'; leave it empty (years is the "
                       "length of the period for an output)",
                       id);
    } else {
        if (*of)
            return BAD("of",
                       "given for output '%s'; leave it empty (of is the people at "
                       "the step before an outcome)",
                       id);
        row.years = 1;
        if (*years && parse_double(years, &row.years))
            return BAD("years", "'%s' is not a number", years);
        if (!(row.years > 0))
            return BAD("years",
                       "%s must be greater than 0: the length of the period in "
                       "years, such as 0.5 for six months",
                       years);
        if (row.years > 1000)
            return BAD("years", "%s years is longer than any appraisal: check for a typo",
                       years);
    }
    if (!f[r->col[M_SOURCE]][0])
        return BAD("source", "empty; every row must say where its figure comes from");
    for (size_t i = 0; i < r->n_rows; i++) {
        const obs_row *o = &r->rows[i];
        if (o->node != row.node || o->year != row.year || strcmp(o->period, period) != 0)
            continue;
        if (o->file != r->file)
            return BAD("period",
                       "'%s' for '%s' is already given in %s, line %d: give each "
                       "period once per id",
                       period, id, r->p->monitoring_files[o->file], o->line);
        return BAD("period",
                   "'%s' for '%s' is already given on line %d: give each period "
                   "once per id",
                   period, id, o->line);
    }
    if (grow((void **)&r->rows, &r->cap, r->n_rows + 1, sizeof *r->rows) ||
        !(row.period = xstrdup(period)))
        return diag_set(r->err, STITCH_ENOMEM, r->path, line, "", "out of memory"), -1;
    r->rows[r->n_rows++] = row;
    return 0;
}

static int on_record(void *ctx, char **f, size_t n, int line)
{
    reader *r = ctx;
    return r->header_done ? read_row(r, f, n, line) : read_header(r, f, n, line);
}

/* ---- updating the plan ---------------------------------------------------------- */

/* A share as "75%" (to 0.1% when it needs it), a count as "84". */
static void value_text(char *buf, size_t n, double v, int rate)
{
    if (rate)
        snprintf(buf, n, "%.3g%%", 100 * v);
    else
        snprintf(buf, n, "%.3g", v);
}

static void data_text(char *buf, size_t n, const plan_update *u)
{
    if (u->rate)
        snprintf(buf, n, "%.0f of %.0f", u->achieved, u->of);
    else
        snprintf(buf, n, "%.0f in %.3g year%s", u->achieved, u->years,
                 u->years == 1 ? "" : "s");
}

/* The periods pooled for one input, in the order first read:
 * "2025/26 H1 and 2025/26 H2", "A, B and C". */
static char *periods_of(const obs_row *rows, size_t n, size_t node, long year)
{
    size_t len = 1, count = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].node == node && rows[i].year == year)
            len += strlen(rows[i].period) + 5, count++;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0, k = 0; i < n; i++)
        if (rows[i].node == node && rows[i].year == year) {
            if (k)
                strcat(s, k + 1 == count ? " and " : ", ");
            strcat(s, rows[i].period);
            k++;
        }
    return s;
}

static int prior_summary(plan_update *u)
{
    u->prior_mean = dist_mean(&u->prior);
    if (u->prior.kind == DIST_FIXED) {
        u->prior_p5 = u->prior_p95 = u->prior_mean;
        return 0;
    }
    int rc = dist_quantile(&u->prior, 0.05, &u->prior_p5);
    return rc ? rc : dist_quantile(&u->prior, 0.95, &u->prior_p95);
}

/* Work out one input's update; its warnings go to the plan. */
static stitch_status update_input(stitch_plan *p, plan_update *u, stitch_diag *err)
{
    plan_input *in = &p->inputs[u->input];
    char data[128], v[64];
    u->prior = u->posterior = in->dist;
    data_text(data, sizeof data, u);
    if (prior_summary(u))
        return diag_set(err, STITCH_ENUMERIC, u->file, u->line, in->path,
                        "the prior's 90%% interval could not be worked out");
    if (in->dist.kind == DIST_FIXED) {
        u->mean = u->prior_mean, u->p5 = u->prior_p5, u->p95 = u->prior_p95;
        u->p_predictive = NAN;
        double m = u->prior_mean;
        char suggest[160];
        if (u->rate)
            snprintf(suggest, sizeof suggest,
                     "{ dist = \"beta\"; mean = %.3g; sd = %.3g; }", m,
                     fmin(0.1, 0.5 * sqrt(m * (1 - m))));
        else
            snprintf(suggest, sizeof suggest,
                     "{ dist = \"pert\"; min = %.4g; mode = %.4g; max = %.4g; }", 0.8 * m,
                     m, 1.2 * m);
        return diag_list_add(&p->warnings, u->file, u->line, in->path,
                             "%s is a plain number (%.4g), which no data can move: the "
                             "monitoring data (%s) were not used; give it a range, such "
                             "as %s",
                             in->path, m, data, suggest)
                   ? diag_set(err, STITCH_ENOMEM, u->file, 0, "", "out of memory")
                   : STITCH_OK;
    }
    double n_or_e = u->rate ? u->of : u->years;
    int rc = monitor_posterior(&in->dist, u->rate, u->achieved, n_or_e, &u->posterior,
                               &u->table);
    if (rc == DIST_ENOMEM)
        return diag_set(err, STITCH_ENOMEM, u->file, 0, "", "out of memory");
    if (rc || dist_quantile(&u->posterior, 0.05, &u->p5) ||
        dist_quantile(&u->posterior, 0.95, &u->p95))
        return diag_set(err, STITCH_EINPUT, u->file, u->line, in->path,
                        "the data (%s) are impossible under the assumption for %s: it "
                        "leaves no room for them; widen its range or check the data",
                        data, in->path);
    u->used = 1;
    u->mean = dist_mean(&u->posterior);
    in->dist = u->posterior;
    u->p_predictive = monitor_predictive_p(&u->prior, u->rate, u->achieved, n_or_e);
    if (u->p_predictive < 0.01) {
        value_text(v, sizeof v, u->prior_mean, u->rate);
        if (diag_list_add(
                &p->warnings, u->file, u->line, in->path,
                "the monitoring data disagree with the assumption for %s (%s%s, "
                "data %s): check the assumption or the data",
                in->path, v, u->rate ? "" : " a year", data))
            return diag_set(err, STITCH_ENOMEM, u->file, 0, "", "out of memory");
    }
    return STITCH_OK;
}

static void free_rows(obs_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(rows[i].period);
    free(rows);
}

/* Pool the rows of each observed input and update it, in plan order. */
static stitch_status pool_and_update(stitch_plan *p, const obs_row *rows, size_t n_rows,
                                     stitch_diag *err)
{
    size_t cap = 0;
    for (size_t k = 0; k < p->n_nodes; k++)
        for (long y = -1; y < p->delivery_years; y++) {
            const obs_row *first = NULL;
            plan_update u = {0};
            u.of = u.years = NAN;
            for (size_t i = 0; i < n_rows; i++) {
                if (rows[i].node != k || rows[i].year != y)
                    continue;
                if (!first) {
                    first = &rows[i];
                    u.of = u.years = 0;
                }
                u.achieved += rows[i].achieved;
                u.of += rows[i].of;       /* NaN for an output */
                u.years += rows[i].years; /* NaN for an outcome */
            }
            if (!first)
                continue;
            const plan_node *node = &p->nodes[k];
            u.input = node->in + (y >= 0 ? (size_t)y : 0); /* year y's own count */
            u.rate = node->parent >= 0;
            u.line = first->line;
            if (grow((void **)&p->updates, &cap, p->n_updates + 1, sizeof *p->updates))
                return diag_set(err, STITCH_ENOMEM, p->monitoring_files[first->file], 0,
                                "", "out of memory");
            plan_update *slot = &p->updates[p->n_updates++];
            *slot = u;
            if (!(slot->periods = periods_of(rows, n_rows, k, y)) ||
                !(slot->file = xstrdup(p->monitoring_files[first->file])))
                return diag_set(err, STITCH_ENOMEM, p->monitoring_files[first->file], 0,
                                "", "out of memory");
            stitch_status st = update_input(p, slot, err);
            if (st)
                return st;
        }
    return STITCH_OK;
}

stitch_status stitch_plan_monitor(stitch_plan *p, const stitch_model *m, stitch_diag *err)
{
    if (!m->n_monitoring || p->monitoring_files)
        return STITCH_OK;
    stitch_status st = STITCH_OK;
    reader r;
    memset(&r, 0, sizeof r);
    r.p = p, r.err = err;
    char *mdir = dir_of(m->file);
    p->monitoring_files = calloc(m->n_monitoring + 1, sizeof *p->monitoring_files);
    if (!mdir || !p->monitoring_files) {
        st = diag_set(err, STITCH_ENOMEM, m->file, 0, "", "out of memory");
        goto done;
    }
    for (size_t i = 0; i < m->n_monitoring; i++) {
        char *path = stitch_costbook_find(m->monitoring[i], mdir, NULL);
        if (!path) {
            if (errno == ENOMEM)
                st = diag_set(err, STITCH_ENOMEM, m->file, 0, "", "out of memory");
            else
                st = diag_set(err, STITCH_EINPUT, m->file, m->monitoring_line,
                              "monitoring", "table '%s' not found beside the model",
                              m->monitoring[i]);
            goto done;
        }
        p->monitoring_files[p->n_monitoring_files++] = path;
        r.path = path, r.file = i, r.header_done = 0;
        size_t had = r.n_rows;
        if (unitcost_read_csv(path, on_record, &r, &p->warnings, err)) {
            st = err->status;
            goto done;
        }
        if (r.n_rows == had &&
            diag_list_add(&p->warnings, path, 0, "",
                          "no rows of data yet (only the header): nothing to update")) {
            st = diag_set(err, STITCH_ENOMEM, path, 0, "", "out of memory");
            goto done;
        }
    }
    st = pool_and_update(p, r.rows, r.n_rows, err);
done:
    free_rows(r.rows, r.n_rows);
    free(mdir);
    return st;
}

size_t stitch_plan_update_count(const stitch_plan *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_updates; i++)
        n += p->updates[i].used != 0;
    return n;
}

void stitch_plan_use_prior(stitch_plan *p, int prior)
{
    for (size_t i = 0; i < p->n_updates; i++) {
        const plan_update *u = &p->updates[i];
        if (u->used)
            p->inputs[u->input].dist = prior ? u->prior : u->posterior;
    }
}

void stitch_plan_set_before(stitch_plan *p, const stitch_result *base,
                            const stitch_mc_result *mc)
{
    p->has_before = 1;
    p->before_bcr = base->bcr;
    p->before_npv = base->npv;
    p->before_break_even = base->break_even_attribution;
    p->before_p_bcr_ge_1 = mc ? mc->p_bcr_ge_1 : NAN;
}
