/* information.c — the value of information (docs/method.md section 11).
 *
 * One simulation of the plan gives each run's inputs and NPV. EVPI is the
 * mean of what perfect knowledge would add run by run. For EVPPI the NPV is
 * regressed on the input(s) of interest with a penalised regression spline
 * (cubic B-splines on knots at the input's quantiles, a second-difference
 * penalty, the smoothing chosen by generalised cross-validation); for a
 * group of inputs the model is additive, one spline per input with one
 * shared smoothing parameter. The fitted values estimate E[NPV | inputs],
 * and EVPPI = mean(max(fitted, 0)) - max(mean(fitted), 0). An input with
 * 12 or fewer distinct values is fitted by its group means, which is the
 * conditional expectation itself. */
#include "information.h"

#include "mc.h"
#include "sample.h"
#include "text.h"
#include "util.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_bspline.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const int info_study_sizes[INFO_STUDY_SIZES] = {10, 25, 50, 100, 250};

enum {
    INFO_BREAKS = 12,   /* spline breakpoints per input: 14 basis functions */
    INFO_DISCRETE = 12, /* at most this many distinct values: group means */
    INFO_SE_DRAWS = 40, /* draws of the coefficients for the standard error */
    INFO_MAX_COLS = 600 /* columns of one regression (a group of 40 inputs) */
};

/* ---- the smoother ------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sort n doubles ascending (no NaN): an LSD radix sort on their bits,
 * 8 passes of a byte, several times faster than qsort for 10^5 values.
 * tmp holds n values. */
static void sort_doubles(double *v, double *tmp, size_t n)
{
    uint64_t *a = (uint64_t *)(void *)v, *b = (uint64_t *)(void *)tmp;
    for (size_t i = 0; i < n; i++) { /* order-preserving keys */
        uint64_t u;
        memcpy(&u, &v[i], sizeof u);
        a[i] = u >> 63 ? ~u : u | (UINT64_C(1) << 63);
    }
    for (int shift = 0; shift < 64; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((a[i] >> shift) & 0xFF) + 1]++;
        for (int k = 0; k < 256; k++)
            count[k + 1] += count[k];
        for (size_t i = 0; i < n; i++)
            b[count[(a[i] >> shift) & 0xFF]++] = a[i];
        uint64_t *t = a;
        a = b, b = t;
    }
    /* 8 passes: the keys are back in v */
    for (size_t i = 0; i < n; i++) {
        uint64_t u = a[i];
        u = u >> 63 ? u & ~(UINT64_C(1) << 63) : ~u;
        memcpy(&v[i], &u, sizeof u);
    }
}

/* How one predictor enters the regression. */
typedef struct {
    const double *x;
    int discrete;   /* group means: one column per distinct value */
    double *values; /* discrete: the sorted distinct values */
    size_t n_values;
    gsl_bspline_workspace *bw; /* spline */
    gsl_vector *bk;            /* the 4 nonzero basis values */
    double lo, hi;
    size_t cols, first; /* its columns in the design */
} predictor;

/* Set up predictor x (n values). Returns 0, or -1 when out of memory. A
 * constant predictor gets 0 columns: it explains nothing. */
static int predictor_init(predictor *pr, const double *x, size_t n)
{
    memset(pr, 0, sizeof *pr);
    pr->x = x;
    double *s = malloc(n * sizeof *s);
    if (!s)
        return -1;
    memcpy(s, x, n * sizeof *s);
    double *full = malloc(n * sizeof *full); /* the sorted sample, for quantiles */
    if (!full) {
        free(s);
        return -1;
    }
    sort_doubles(s, full, n);
    memcpy(full, s, n * sizeof *full);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || s[i] != s[i - 1])
            s[distinct++] = s[i];
    if (distinct < 2) {
        free(s), free(full);
        return 0;
    }
    if (distinct <= INFO_DISCRETE) {
        free(full);
        pr->discrete = 1;
        pr->values = s;
        pr->n_values = distinct;
        pr->cols = distinct;
        return 0;
    }
    /* breakpoints at the quantiles of the sample (sorted in `full`) */
    double br[INFO_BREAKS];
    size_t nb = 0;
    for (size_t k = 0; k < INFO_BREAKS; k++) {
        double q = full[(size_t)((double)(n - 1) * (double)k / (INFO_BREAKS - 1))];
        if (nb == 0 || q > br[nb - 1])
            br[nb++] = q;
    }
    free(full);
    free(s);
    if (nb < 2)
        return 0;
    pr->lo = br[0], pr->hi = br[nb - 1];
    pr->bw = gsl_bspline_alloc(4, nb);
    pr->bk = gsl_vector_alloc(4);
    if (!pr->bw || !pr->bk)
        return -1;
    gsl_vector_view v = gsl_vector_view_array(br, nb);
    gsl_bspline_knots(&v.vector, pr->bw);
    pr->cols = gsl_bspline_ncoeffs(pr->bw);
    return 0;
}

static void predictor_free(predictor *pr)
{
    free(pr->values);
    if (pr->bw)
        gsl_bspline_free(pr->bw);
    if (pr->bk)
        gsl_vector_free(pr->bk);
}

/* Row i's nonzero columns of predictor pr: up to 4 (column, value) pairs. */
static size_t predictor_row(predictor *pr, size_t i, size_t *col, double *val)
{
    double x = pr->x[i];
    if (!pr->cols)
        return 0;
    if (pr->discrete) {
        const double *at = bsearch(&x, pr->values, pr->n_values, sizeof x, cmp_double);
        col[0] = pr->first + (size_t)(at - pr->values);
        val[0] = 1;
        return 1;
    }
    x = x < pr->lo ? pr->lo : x > pr->hi ? pr->hi : x;
    size_t a, b;
    gsl_bspline_eval_nonzero(x, pr->bk, &a, &b, pr->bw);
    for (size_t k = a; k <= b; k++) {
        col[k - a] = pr->first + k;
        val[k - a] = gsl_vector_get(pr->bk, k - a);
    }
    return b - a + 1;
}

/* E = mean(max(g, 0)) - max(mean(g), 0) for fitted values g = ybar + sd * B beta,
 * with the run-by-run standard error; rows' columns are given. */
typedef struct {
    size_t n, m, p; /* rows, predictors, columns */
    predictor *pr;
    size_t *col; /* n * 4m */
    double *val;
    unsigned char *nnz; /* per row and predictor */
    uint32_t *first;    /* per row and predictor: its first nonzero column; the
                           4 values from there are in val, zero past nnz */
    double *fit;        /* n fitted values: scratch */
    double ybar, ysd;
} design;

/* B-spline columns are consecutive, so each predictor's part of a row is
 * 4 values from its first column (beta has 3 zeros of padding after its
 * p coefficients for a group mean in the last column). */
static double row_fit(const design *d, size_t i, const double *beta)
{
    double s = 0;
    const double *v = d->val + i * 4 * d->m;
    const uint32_t *f = d->first + i * d->m;
    for (size_t j = 0; j < d->m; j++, v += 4) {
        const double *b = beta + f[j];
        s += v[0] * b[0] + v[1] * b[1] + v[2] * b[2] + v[3] * b[3];
    }
    return d->ybar + d->ysd * s;
}

static info_estimate decision_value(const design *d, const double *beta, double *se_mc)
{
    double sum = 0;
    for (size_t i = 0; i < d->n; i++)
        sum += d->fit[i] = row_fit(d, i, beta);
    int fund = sum > 0;
    double dsum = 0;
    for (size_t i = 0; i < d->n; i++) {
        double g = d->fit[i];
        dsum += (g > 0 ? g : 0) - (fund ? g : 0);
    }
    double dm = dsum / (double)d->n;
    if (se_mc) { /* a second pass for the spread: no cancellation */
        double ss = 0;
        for (size_t i = 0; i < d->n; i++) {
            double g = d->fit[i], x = (g > 0 ? g : 0) - (fund ? g : 0) - dm;
            ss += x * x;
        }
        *se_mc = d->n > 1 ? sqrt(ss / (double)(d->n - 1) / (double)d->n) : NAN;
    }
    return (info_estimate){dm, NAN};
}

/* Solve (G + lambda P) beta = c by Cholesky; chol keeps the factor.
 * Returns 0, or -1 when the system is not positive definite. */
static int solve(const double *G, const double *P, double lambda, double ridge,
                 const double *c, size_t p, double *chol, double *beta)
{
    for (size_t i = 0; i < p * p; i++)
        chol[i] = G[i] + lambda * P[i];
    for (size_t i = 0; i < p; i++)
        chol[i * p + i] += ridge;
    gsl_matrix_view A = gsl_matrix_view_array(chol, p, p);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int st = gsl_linalg_cholesky_decomp1(&A.matrix);
    gsl_set_error_handler(old);
    if (st)
        return -1;
    memcpy(beta, c, p * sizeof *beta);
    gsl_vector_view b = gsl_vector_view_array(beta, p);
    gsl_linalg_cholesky_svx(&A.matrix, &b.vector);
    return 0;
}

/*
 * EVPPI of NPV y (n runs) on the m predictors xs. rng draws the
 * coefficients for the standard error. Returns 0, or -1 when out of memory.
 */
static int smooth(const double *const *xs, size_t m, const double *y, size_t n,
                  gsl_rng *rng, info_estimate *out)
{
    int rc = -1;
    design d = {.n = n, .m = m};
    double *G = NULL, *P = NULL, *c = NULL, *chol = NULL, *beta = NULL, *best = NULL,
           *tmp = NULL, *draw = NULL;
    d.pr = calloc(m, sizeof *d.pr);
    if (!d.pr)
        return -1;
    size_t p = 0;
    for (size_t j = 0; j < m; j++) {
        if (predictor_init(&d.pr[j], xs[j], n))
            goto done;
        d.pr[j].first = p;
        p += d.pr[j].cols;
    }
    *out = (info_estimate){0, 0};
    if (p == 0) { /* nothing varies: nothing to learn */
        rc = 0;
        goto done;
    }
    if (p > INFO_MAX_COLS)
        goto done;
    d.p = p;
    /* y centred and scaled, for a well-conditioned system */
    double mean = 0, m2 = 0;
    for (size_t i = 0; i < n; i++) {
        double delta = y[i] - mean;
        mean += delta / (double)(i + 1);
        m2 += delta * (y[i] - mean);
    }
    d.ybar = mean;
    d.ysd = n > 1 && m2 > 0 ? sqrt(m2 / (double)(n - 1)) : 1;
    d.col = malloc(n * 4 * m * sizeof *d.col);
    d.val = malloc(n * 4 * m * sizeof *d.val);
    d.nnz = malloc(n * m);
    d.first = malloc(n * m * sizeof *d.first);
    d.fit = malloc(n * sizeof *d.fit);
    G = calloc(p * p, sizeof *G);
    P = calloc(p * p, sizeof *P);
    c = calloc(p, sizeof *c);
    chol = malloc(p * p * sizeof *chol);
    beta = calloc(p + 3, sizeof *beta); /* 3 zeros of padding: row_fit */
    best = calloc(p + 3, sizeof *best);
    tmp = malloc(p * p * sizeof *tmp);
    draw = calloc(p + 3, sizeof *draw);
    if (!d.col || !d.val || !d.nnz || !d.first || !d.fit || !G || !P || !c || !chol ||
        !beta || !best || !tmp || !draw)
        goto done;
    double yy = 0;
    size_t w = 4 * m;
    for (size_t i = 0; i < n; i++) {
        double yi = (y[i] - d.ybar) / d.ysd;
        yy += yi * yi;
        size_t *ci = d.col + i * w;
        double *vi = d.val + i * w;
        for (size_t j = 0; j < m; j++) {
            size_t k = predictor_row(&d.pr[j], i, ci + 4 * j, vi + 4 * j);
            d.nnz[i * m + j] = (unsigned char)k;
            d.first[i * m + j] = k ? (uint32_t)ci[4 * j] : 0;
            for (; k < 4; k++)
                vi[4 * j + k] = 0;
        }
        for (size_t j = 0; j < m; j++)
            for (size_t a = 0; a < d.nnz[i * m + j]; a++) {
                size_t ca = ci[4 * j + a];
                c[ca] += vi[4 * j + a] * yi;
                for (size_t k = 0; k < m; k++)
                    for (size_t b = 0; b < d.nnz[i * m + k]; b++)
                        G[ca * p + ci[4 * k + b]] += vi[4 * j + a] * vi[4 * k + b];
            }
    }
    /* second-difference penalty on each spline's coefficients (P-splines,
     * Eilers & Marx 1996); none on group means */
    int penalised = 0;
    for (size_t j = 0; j < m; j++) {
        const predictor *pr = &d.pr[j];
        if (pr->discrete || pr->cols < 3)
            continue;
        penalised = 1;
        for (size_t r = 0; r + 2 < pr->cols; r++) {
            size_t i0 = pr->first + r;
            const double dv[3] = {1, -2, 1};
            for (size_t a = 0; a < 3; a++)
                for (size_t b = 0; b < 3; b++)
                    P[(i0 + a) * p + i0 + b] += dv[a] * dv[b];
        }
    }
    double trG = 0, trP = 0;
    for (size_t i = 0; i < p; i++)
        trG += G[i * p + i], trP += P[i * p + i];
    double ridge = 1e-9 * trG / (double)p; /* additive splines share a constant */
    double best_gcv = INFINITY, best_lambda = 0, best_edf = 0, best_rss = 0;
    for (int e = penalised ? -16 : 0; e <= (penalised ? 8 : 0); e++) {
        double lambda = penalised ? pow(10, e / 2.0) * trG / trP : 0;
        if (solve(G, P, lambda, ridge, c, p, chol, beta))
            continue;
        /* RSS = yy - 2 beta'c + beta'G beta; edf = tr((G + lambda P)^-1 G) */
        double bc = 0, bgb = 0;
        for (size_t i = 0; i < p; i++) {
            bc += beta[i] * c[i];
            double gb = 0;
            for (size_t k = 0; k < p; k++)
                gb += G[i * p + k] * beta[k];
            bgb += beta[i] * gb;
        }
        double rss = yy - 2 * bc + bgb;
        memcpy(tmp, G, p * p * sizeof *tmp);
        gsl_matrix_view A = gsl_matrix_view_array(chol, p, p);
        double edf = 0;
        for (size_t k = 0; k < p; k++) {
            gsl_vector_view col = gsl_vector_view_array(draw, p);
            for (size_t i = 0; i < p; i++)
                draw[i] = tmp[i * p + k];
            gsl_linalg_cholesky_svx(&A.matrix, &col.vector);
            edf += draw[k];
        }
        double gcv =
            (double)n * (rss > 0 ? rss : 0) / (((double)n - edf) * ((double)n - edf));
        if (gcv < best_gcv) {
            best_gcv = gcv, best_lambda = lambda, best_edf = edf, best_rss = rss;
            memcpy(best, beta, p * sizeof *best);
        }
    }
    if (!isfinite(best_gcv))
        goto done;
    double se_mc;
    *out = decision_value(&d, best, &se_mc);
    /* the fit's own uncertainty: coefficients drawn from N(beta, s^2 A^-1)
     * (Strong, Oakley & Brennan 2014, section 2.3) */
    if (solve(G, P, best_lambda, ridge, c, p, chol, beta))
        goto done;
    double s2 =
        best_rss > 0 && (double)n > best_edf ? best_rss / ((double)n - best_edf) : 0;
    gsl_matrix_view L = gsl_matrix_view_array(chol, p, p);
    double sm = 0, sq = 0;
    for (int r = 0; r < INFO_SE_DRAWS; r++) {
        for (size_t i = 0; i < p; i++)
            draw[i] = gsl_ran_gaussian_ziggurat(rng, 1);
        /* L' z solves to a N(0, A^-1) vector: A = L L' */
        gsl_vector_view z = gsl_vector_view_array(draw, p);
        gsl_blas_dtrsv(CblasLower, CblasTrans, CblasNonUnit, &L.matrix, &z.vector);
        for (size_t i = 0; i < p; i++)
            draw[i] = best[i] + sqrt(s2) * draw[i];
        double v = decision_value(&d, draw, NULL).value;
        sm += v, sq += v * v;
    }
    double var_fit = (sq - sm * sm / INFO_SE_DRAWS) / (INFO_SE_DRAWS - 1);
    out->se = sqrt((var_fit > 0 ? var_fit : 0) + se_mc * se_mc);
    rc = 0;
done:
    for (size_t j = 0; j < m; j++)
        predictor_free(&d.pr[j]);
    free(d.pr);
    free(d.col), free(d.val), free(d.nnz), free(d.first), free(d.fit);
    free(G), free(P), free(c), free(chol), free(beta), free(best), free(tmp), free(draw);
    return rc;
}

/* ---- the simulation ----------------------------------------------------- */

/* The column among the uncertain inputs of input `in`, or -1. */
static long column_of(const stitch_plan *p, size_t in)
{
    for (size_t u = 0; u < p->n_uncertain; u++)
        if (p->uncertain[u] == in)
            return (long)u;
    return -1;
}

/* ---- groups ------------------------------------------------------------- */

/* Add a group of the uncertain inputs in `ins` (k of them) when it has two
 * or more. Returns 0, or -1 when out of memory. */
static int group_add(stitch_evidence *e, const stitch_plan *p, const char *path,
                     const char *label, const size_t *ins, size_t k)
{
    size_t n = 0;
    for (size_t i = 0; i < k; i++)
        n += column_of(p, ins[i]) >= 0;
    if (n < 2)
        return 0;
    info_target *g = &e->groups[e->n_groups];
    g->members = malloc(n * sizeof *g->members);
    g->path = xstrdup(path);
    g->label = xstrdup(label);
    if (!g->members || !g->path || !g->label) {
        free(g->members), free(g->path), free(g->label);
        return -1;
    }
    for (size_t i = 0; i < k; i++)
        if (column_of(p, ins[i]) >= 0)
            g->members[g->n_members++] = ins[i];
    e->n_groups++;
    return 0;
}

/* Whether node k descends from node root. */
static int descends(const stitch_plan *p, size_t k, size_t root)
{
    for (long a = p->nodes[k].parent; a >= 0; a = p->nodes[a].parent)
        if ((size_t)a == root)
            return 1;
    return 0;
}

static int groups(stitch_evidence *e, const stitch_plan *p)
{
    size_t cap = p->n_nodes + p->n_benefits + 1;
    e->groups = calloc(cap, sizeof *e->groups);
    size_t *ins = malloc((p->n_inputs + 1) * sizeof *ins);
    char path[512], label[512];
    int rc = -1;
    if (!e->groups || !ins)
        goto done;
    for (size_t root = 0; root < p->n_nodes; root++) { /* each chain's rates */
        if (p->nodes[root].parent >= 0)
            continue;
        size_t k = 0;
        for (size_t j = 0; j < p->n_nodes; j++)
            if (descends(p, j, root))
                ins[k++] = p->nodes[j].in;
        snprintf(path, sizeof path, "group:rates:%s", p->nodes[root].id);
        snprintf(label, sizeof label, "Every outcome rate after '%s'", p->nodes[root].text);
        if (group_add(e, p, path, label, ins, k))
            goto done;
    }
    for (size_t b = 0; b < p->n_benefits; b++) { /* a benefit's adjustments */
        const plan_benefit *pb = &p->benefits[b];
        size_t adj[4] = {pb->deadweight, pb->displacement, pb->attribution, pb->drop_off};
        snprintf(path, sizeof path, "group:adjustments:%s", pb->id);
        snprintf(label, sizeof label, "%s \xE2\x80\x94 every adjustment", pb->text);
        if (group_add(e, p, path, label, adj, 4))
            goto done;
    }
    size_t k = 0; /* every cost */
    for (size_t c = 0; c < p->n_costs; c++)
        ins[k++] = p->costs[c].amount;
    if (group_add(e, p, "group:costs", "Every cost", ins, k))
        goto done;
    rc = 0;
done:
    free(ins);
    return rc;
}

/* ---- the stage ---------------------------------------------------------- */

static int by_value(const void *a, const void *b)
{
    const info_target *x = a, *y = b;
    if (x->evppi.value != y->evppi.value)
        return x->evppi.value < y->evppi.value ? 1 : -1;
    return strcmp(x->path, y->path);
}

/* ---- the jobs: one per input, group or input studied, over the threads --- */

typedef struct {
    const stitch_plan *p;
    stitch_evidence *e;
    double **xs;
    const double *npv;
    size_t n;
    size_t *study_first, n_study_inputs; /* each studied input's first study */
    size_t jobs;
    int stride;
    int id, failed;
} worker;

static const double *column(const worker *w, size_t in)
{
    return w->xs[column_of(w->p, in)];
}

/* EVSI of the studies of one input (e->studies[first...]): the study's
 * result drawn from each run's value of the input, NPV regressed on it. */
static int study_job(worker *w, size_t first, gsl_rng *rng, double *s)
{
    stitch_evidence *e = w->e;
    size_t in = e->studies[first].input;
    input_role role = w->p->inputs[in].role;
    const double *x = column(w, in);
    gsl_rng_set(rng, sample_stream_seed(e->seed, w->p->inputs[in].path, 1u << 20));
    for (size_t k = first; k < e->n_studies && e->studies[k].input == in; k++) {
        int size = e->studies[k].n;
        for (size_t i = 0; i < w->n; i++) {
            double v = x[i];
            if (role == ROLE_RATE)
                s[i] = gsl_ran_binomial(rng,
                                        v < 0   ? 0
                                        : v > 1 ? 1
                                                : v,
                                        (unsigned)size) /
                       (double)size;
            else
                s[i] = gsl_ran_poisson(rng, v > 0 ? v : 0);
        }
        const double *one[1] = {s};
        if (smooth(one, 1, w->npv, w->n, rng, &e->studies[k].evsi))
            return -1;
    }
    return 0;
}

static int target_job(worker *w, info_target *t, gsl_rng *rng)
{
    const double **cols = malloc(t->n_members * sizeof *cols);
    if (!cols)
        return -1;
    for (size_t k = 0; k < t->n_members; k++)
        cols[k] = column(w, t->members[k]);
    gsl_rng_set(rng, sample_stream_seed(w->e->seed, t->path, 1u << 21));
    int st = smooth(cols, t->n_members, w->npv, w->n, rng, &t->evppi);
    free(cols);
    return st;
}

static void *work(void *arg)
{
    worker *w = arg;
    stitch_evidence *e = w->e;
    gsl_rng *rng = gsl_rng_alloc(sample_rng_type());
    double *s = malloc(w->n * sizeof *s);
    if (!rng || !s)
        w->failed = 1;
    for (size_t j = (size_t)w->id; !w->failed && j < w->jobs; j += (size_t)w->stride) {
        if (j < e->n_inputs)
            w->failed = target_job(w, &e->inputs[j], rng) != 0;
        else if (j < e->n_inputs + e->n_groups)
            w->failed = target_job(w, &e->groups[j - e->n_inputs], rng) != 0;
        else
            w->failed =
                study_job(w, w->study_first[j - e->n_inputs - e->n_groups], rng, s) != 0;
    }
    if (rng)
        gsl_rng_free(rng);
    free(s);
    return NULL;
}

/* Every job on `threads` threads (each job seeds its own stream, so the
 * results do not depend on the thread that ran it). Returns 0, or -1. */
static int run_jobs(worker *proto, int threads)
{
    worker w[64];
    int failed = 0;
    threads = threads < 1 ? 1 : threads > 64 ? 64 : threads;
    if ((size_t)threads > proto->jobs)
        threads = proto->jobs ? (int)proto->jobs : 1;
    for (int t = 0; t < threads; t++) {
        w[t] = *proto;
        w[t].id = t, w[t].stride = threads, w[t].failed = 0;
    }
    if (util_run_threads(work, w, sizeof *w, threads))
        return -1;
    for (int t = 0; t < threads; t++)
        failed |= w[t].failed;
    return failed ? -1 : 0;
}

/* The studies: 5 sizes for each uncertain outcome rate, one year's records
 * for each uncertain output count. Returns 0, or -1 when out of memory. */
static int studies_plan(stitch_evidence *e, const stitch_plan *p, worker *w)
{
    size_t cap = 0;
    for (size_t u = 0; u < p->n_uncertain; u++) {
        input_role role = p->inputs[p->uncertain[u]].role;
        cap += role == ROLE_RATE ? INFO_STUDY_SIZES : role == ROLE_COUNT;
    }
    e->studies = calloc(cap + 1, sizeof *e->studies);
    w->study_first = calloc(cap + 1, sizeof *w->study_first);
    if (!e->studies || !w->study_first)
        return -1;
    for (size_t u = 0; u < p->n_uncertain; u++) {
        size_t in = p->uncertain[u];
        input_role role = p->inputs[in].role;
        if (role != ROLE_RATE && role != ROLE_COUNT)
            continue;
        w->study_first[w->n_study_inputs++] = e->n_studies;
        for (int k = 0; k < (role == ROLE_RATE ? INFO_STUDY_SIZES : 1); k++)
            e->studies[e->n_studies++] =
                (info_study){in, role == ROLE_RATE ? info_study_sizes[k] : 1, {NAN, NAN}};
    }
    return 0;
}

stitch_evidence *stitch_evidence_run(const stitch_plan *p,
                                     const stitch_evidence_options *o, stitch_diag *err)
{
    long iters = o && o->iterations > 0 ? o->iterations : STITCH_EVIDENCE_DEFAULT;
    unsigned long seed = o ? o->seed : p->seed;
    int threads = o ? o->threads : 0;
    if (threads <= 0) { /* one per processor, as the simulation */
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus > 0 ? (int)cpus : 1;
    }
    if (iters < STITCH_EVIDENCE_MIN) {
        char given[64];
        diag_set(err, STITCH_EINPUT, "", 0, "iterations",
                 "the value of information needs at least 10,000 simulations (given %s): "
                 "with fewer, the regression behind each input's value is not reliable",
                 text_num(given, sizeof given, (double)iters, 0));
        return NULL;
    }
    size_t n = (size_t)iters;
    stitch_evidence *e = calloc(1, sizeof *e);
    double *npv = malloc(n * sizeof *npv);
    double **xs = calloc(p->n_uncertain + 1, sizeof *xs);
    worker w = {.p = p, .e = e, .xs = xs, .npv = npv, .n = n};
    int ok = e && npv && xs;
    for (size_t u = 0; ok && u < p->n_uncertain; u++)
        ok = (xs[u] = malloc(n * sizeof **xs)) != NULL;
    double *pvc = ok ? malloc(n * sizeof *pvc) : NULL;
    ok = ok && pvc && mc_runs(p, seed, n, npv, pvc, xs) == 0;
    for (size_t i = 0; ok && i < n; i++)
        npv[i] -= pvc[i]; /* PVB - PVC, as the evaluation's NPV */
    free(pvc);
    if (!ok)
        goto oom;
    e->iterations = iters, e->seed = seed;
    /* EVPI and the chance of the wrong decision (docs/method.md section 11.1) */
    double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += (npv[i] - mean) / (double)(i + 1);
    e->mean_npv = mean;
    e->fund = mean > 0;
    double dm = 0, m2 = 0, wrong = 0;
    for (size_t i = 0; i < n; i++) {
        double d = (npv[i] > 0 ? npv[i] : 0) - (e->fund ? npv[i] : 0), delta = d - dm;
        dm += delta / (double)(i + 1);
        m2 += delta * (d - dm);
        wrong += e->fund ? npv[i] < 0 : npv[i] > 0;
    }
    e->evpi = (info_estimate){dm, n > 1 ? sqrt(m2 / (double)(n - 1) / (double)n) : NAN};
    e->p_wrong = wrong / (double)n;
    /* EVPPI of every uncertain input and group, EVSI of every study */
    e->inputs = calloc(p->n_uncertain + 1, sizeof *e->inputs);
    if (!e->inputs)
        goto oom;
    char label[512];
    for (size_t u = 0; u < p->n_uncertain; u++) {
        info_target *t = &e->inputs[e->n_inputs++];
        size_t in = p->uncertain[u];
        t->path = xstrdup(p->inputs[in].path);
        t->label = xstrdup(plan_input_label(label, sizeof label, p, in));
        t->members = malloc(sizeof *t->members);
        if (!t->path || !t->label || !t->members)
            goto oom;
        t->members[0] = in, t->n_members = 1;
    }
    if (groups(e, p) || studies_plan(e, p, &w))
        goto oom;
    w.jobs = e->n_inputs + e->n_groups + w.n_study_inputs;
    if (run_jobs(&w, threads))
        goto oom;
    qsort(e->inputs, e->n_inputs, sizeof *e->inputs, by_value);
    qsort(e->groups, e->n_groups, sizeof *e->groups, by_value);
    for (size_t u = 0; u < p->n_uncertain; u++)
        free(xs[u]);
    free(xs), free(npv), free(w.study_first);
    return e;
oom:
    for (size_t u = 0; xs && u < p->n_uncertain; u++)
        free(xs[u]);
    free(xs), free(npv), free(w.study_first);
    stitch_evidence_free(e);
    diag_set(err, STITCH_ENOMEM, "", 0, "",
             "out of memory working out the value of information");
    return NULL;
}

void stitch_evidence_set_before(stitch_evidence *e, const stitch_evidence *before)
{
    e->has_before = before != NULL;
    if (before)
        e->evpi_before = before->evpi;
}

static void targets_free(info_target *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(t[i].path), free(t[i].label), free(t[i].members);
    free(t);
}

void stitch_evidence_free(stitch_evidence *e)
{
    if (!e)
        return;
    targets_free(e->inputs, e->n_inputs);
    targets_free(e->groups, e->n_groups);
    free(e->studies);
    free(e);
}
