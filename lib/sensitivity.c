/* sensitivity.c — stage 5b: the tables of docs/method.md section 5.
 *
 * Everything but the Sobol indices is the base case with one or two inputs
 * moved, so it is exact and cheap. Switching values are roots of NPV in one
 * input, bracketed by probing outwards from the base value and polished
 * with GSL's Brent solver. */
#include "eval.h"
#include "sample.h"
#include "sensitivity.h"
#include "text.h"
#include "util.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every table varies the base case through this alone: the input vector
 * x, moved and put back, and the evaluation options o (NULL: the plan's
 * own numbers). The plan is never copied or changed. */
typedef struct {
    const stitch_plan *p;
    double *x;             /* the base inputs, moved one at a time */
    const eval_options *o; /* what to evaluate with instead of the plan's */
    stitch_result *r;      /* scratch result */
    size_t input;          /* for npv_at */
    const eval_oneway *w;  /* the base with o NULL, for npv_at; NULL: evaluate in full */
} evaluator;

static void eval_at(evaluator *e)
{
    eval_with(e->p, e->x, e->o, e->r);
}

/* NPV with input e->input at v, the rest at base (the PVs, NPV and BCR
 * into e->r): only what the input enters is worked out again when e has
 * its one-way base (docs/method.md section 5.1). */
static double npv_at(double v, void *arg)
{
    evaluator *e = arg;
    if (e->w) {
        eval_oneway_at(e->w, e->x, e->input, v, e->o, e->r);
        return e->r->npv;
    }
    double keep = e->x[e->input];
    e->x[e->input] = v;
    eval_at(e);
    e->x[e->input] = keep;
    return e->r->npv;
}

static double bcr_of(const stitch_result *r)
{
    return r->pvc > 0 ? r->pvb / r->pvc : NAN;
}

/* Threads to use: `threads`, or one per processor when 0; 1..64. */
static int threads_of(const stitch_sensitivity_options *o)
{
    long t = o ? o->threads : 0;
    if (t <= 0)
        t = sysconf(_SC_NPROCESSORS_ONLN);
    return t < 1 ? 1 : t > 64 ? 64 : (int)t;
}

/* ---- one item at a time, over threads ------------------------------------------- */

/* Work out item i (an input, a row of the grid) with e, whose inputs are
 * at base, into the caller's arrays at i. Returns 0, -1 (out of memory)
 * or -2 with *err set. */
typedef int (*item_fn)(evaluator *e, gsl_root_fsolver *solver, size_t i, void *arg,
                       stitch_diag *err);

typedef struct {
    const evaluator *base;
    size_t n, id, stride;
    item_fn fn;
    void *arg;
    util_progress *pr;
    size_t failed_at; /* the first item that failed (n: none) */
    int rc;
    stitch_diag err;
} item_job;

static void *item_work(void *arg)
{
    item_job *j = arg;
    const stitch_plan *p = j->base->p;
    evaluator e = {p,          malloc((p->n_inputs + 1) * sizeof(double)),
                   j->base->o, stitch_result_alloc(p),
                   0,          j->base->w};
    gsl_root_fsolver *solver = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    j->failed_at = j->n;
    if (!e.x || !e.r || !solver)
        j->failed_at = j->id, j->rc = -1;
    else
        memcpy(e.x, j->base->x, p->n_inputs * sizeof *e.x);
    for (size_t i = j->id; j->failed_at == j->n && i < j->n; i += j->stride) {
        if ((j->rc = j->fn(&e, solver, i, j->arg, &j->err)) != 0)
            j->failed_at = i;
        util_progress_add(j->pr, 1);
    }
    gsl_root_fsolver_free(solver);
    stitch_result_free(e.r);
    free(e.x);
    return NULL;
}

/* fn for items 0..n over `threads` threads, item i on thread i mod threads,
 * each thread with its own copy of the inputs at base. Every item writes
 * only its own results, so they do not depend on the thread count; on
 * failure the error is that of the first item that failed, as on one
 * thread. Returns 0, -1 or -2 as fn. */
static int for_each_item(const evaluator *base, size_t n, item_fn fn, void *arg,
                         int threads, stitch_diag *err, util_progress *pr)
{
    item_job jobs[64];
    threads = (size_t)threads > n ? (int)n : threads;
    threads = threads < 1 ? 1 : threads;
    for (int t = 0; t < threads; t++)
        jobs[t] = (item_job){.base = base,
                             .n = n,
                             .id = (size_t)t,
                             .stride = (size_t)threads,
                             .fn = fn,
                             .arg = arg,
                             .pr = pr};
    if (util_run_threads(item_work, jobs, sizeof *jobs, threads))
        return -1;
    size_t first = n;
    int rc = 0;
    for (int t = 0; t < threads; t++)
        if (jobs[t].failed_at < first) {
            first = jobs[t].failed_at, rc = jobs[t].rc;
            if (err && rc == -2)
                *err = jobs[t].err;
        }
    return rc;
}

/* ---- tornado ---------------------------------------------------------------------- */

static double clip01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

static double swing(const sens_tornado *t)
{
    if (!isnan(t->bcr_low) && !isnan(t->bcr_high))
        return fabs(t->bcr_high - t->bcr_low);
    return fabs(t->npv_high - t->npv_low);
}

static int by_swing(const void *a, const void *b)
{
    const sens_tornado *x = a, *y = b;
    double sx = swing(x), sy = swing(y);
    if (sx != sy)
        return sx < sy ? 1 : -1;
    return x->input < y->input ? -1 : x->input > y->input; /* stable by input order */
}

/* The prob-quantile of input i into *out; or -1 (out of memory), or -2
 * with *err set, since a quantile that cannot be worked out is an internal
 * error, never a number in a report. */
static int quantile_of(const stitch_plan *p, size_t i, double prob, double *out,
                       stitch_diag *err)
{
    const plan_input *in = &p->inputs[i];
    int rc = dist_quantile(&in->dist, prob, out);
    if (rc == 0 || rc == DIST_ENOMEM)
        return rc == 0 ? 0 : -1;
    diag_set(err, STITCH_ENUMERIC, p->model_file, in->line, in->path,
             "internal error: the P%g of this %s distribution could not be worked "
             "out; please report it, with the model file",
             prob * 100, dist_name(in->dist.kind));
    return -2;
}

/* Input i's bar into ((sens_tornado *)arg)[i]; its `input` is i + 1 when it
 * moves the result, 0 when it is flat, and it stays all zero when it has
 * no range (a fixed number other than an adjustment). */
static int tornado_item(evaluator *e, gsl_root_fsolver *solver, size_t i, void *arg,
                        stitch_diag *err)
{
    (void)solver;
    const stitch_plan *p = e->p;
    const plan_input *in = &p->inputs[i];
    sens_tornado t = {.input = i};
    if (in->dist.kind != DIST_FIXED) {
        int rc = quantile_of(p, i, 0.10, &t.low, err);
        if (rc || (rc = quantile_of(p, i, 0.90, &t.high, err)))
            return rc;
    } else if (role_is_adjustment(in->role)) {
        t.adjustment = 1;
        t.low = clip01(0.5 * in->dist.p[0]);
        t.high = clip01(1.5 * in->dist.p[0]);
    } else
        return 0;
    e->input = i;
    t.npv_low = npv_at(t.low, e);
    t.bcr_low = bcr_of(e->r);
    t.npv_high = npv_at(t.high, e);
    t.bcr_high = bcr_of(e->r);
    int flat = t.low == t.high || (t.npv_low == t.npv_high && t.bcr_low == t.bcr_high) ||
               (isnan(t.bcr_low) && isnan(t.bcr_high) && t.npv_low == t.npv_high);
    t.input = flat ? 0 : i + 1;
    ((sens_tornado *)arg)[i] = t;
    if (flat)
        ((sens_tornado *)arg)[i].adjustment = -1;
    return 0;
}

static int tornado(evaluator *e, stitch_sensitivity *s, int threads, stitch_diag *err,
                   util_progress *pr)
{
    const stitch_plan *p = e->p;
    s->tornado = calloc(p->n_inputs + 1, sizeof *s->tornado);
    if (!s->tornado)
        return -1;
    int rc = for_each_item(e, p->n_inputs, tornado_item, s->tornado, threads, err, pr);
    if (rc)
        return rc;
    for (size_t i = 0; i < p->n_inputs; i++) { /* in input order, as they were */
        sens_tornado t = s->tornado[i];
        if (t.adjustment == -1)
            s->n_flat++;
        else if (t.input > 0) {
            t.input -= 1;
            s->tornado[s->n_tornado++] = t;
        }
    }
    qsort(s->tornado, s->n_tornado, sizeof *s->tornado, by_swing);
    return 0;
}

/* ---- switching values ------------------------------------------------------------ */

/* The domain of an input: [lo, hi]. */
static void domain_of(const plan_input *in, double *lo, double *hi)
{
    *lo = in->domain == DOMAIN_ANY ? -INFINITY : 0;
    *hi = in->domain == DOMAIN_SHARE ? 1 : INFINITY;
}

/* The k-th probe point from base towards `dir` (+1/-1) within [lo, hi]:
 * 64 even steps across a bounded side, doubling steps on an open one. */
static double probe(double base, int dir, int k, double lo, double hi)
{
    double edge = dir > 0 ? hi : lo;
    if (isfinite(edge))
        return k >= 64 ? edge : base + (edge - base) * k / 64.0;
    double scale = base != 0 ? fabs(base) : 1.0;
    return base + dir * scale * (ldexp(1.0, k) - 1.0) / 64.0;
}

/* The root of NPV nearest to base on one side, or NaN. */
static double root_towards(evaluator *e, double base, double f0, int dir, double lo,
                           double hi, gsl_root_fsolver *solver)
{
    double a = base, fa = f0;
    int steps = isfinite(dir > 0 ? hi : lo) ? 64 : 70;
    for (int k = 1; k <= steps; k++) {
        double b = probe(base, dir, k, lo, hi), fb = npv_at(b, e);
        if (!isfinite(fb))
            return NAN;
        if (fb == 0)
            return b;
        if ((fa < 0) != (fb < 0)) {
            gsl_function F = {npv_at, e};
            double x_lo = fmin(a, b), x_hi = fmax(a, b);
            if (gsl_root_fsolver_set(solver, &F, x_lo, x_hi) != GSL_SUCCESS)
                return NAN;
            for (int it = 0; it < 200; it++) {
                if (gsl_root_fsolver_iterate(solver) != GSL_SUCCESS)
                    return NAN;
                x_lo = gsl_root_fsolver_x_lower(solver);
                x_hi = gsl_root_fsolver_x_upper(solver);
                if (gsl_root_test_interval(x_lo, x_hi, 0, 1e-12) == GSL_SUCCESS)
                    break;
            }
            return gsl_root_fsolver_root(solver);
        }
        a = b, fa = fb;
        if (b == (dir > 0 ? hi : lo))
            break;
    }
    return NAN;
}

static int by_distance(const void *a, const void *b)
{
    const sens_switch *x = a, *y = b;
    int fx = !isnan(x->value), fy = !isnan(y->value);
    if (fx != fy)
        return fy - fx; /* found first */
    double dx = fx ? fabs(x->value - x->base) / fmax(fabs(x->base), 1e-300) : 0;
    double dy = fy ? fabs(y->value - y->base) / fmax(fabs(y->base), 1e-300) : 0;
    if (dx != dy)
        return dx < dy ? -1 : 1;
    return x->input < y->input ? -1 : x->input > y->input;
}

/* What switching needs of each input: the base NPV, and where to put the
 * value (an input that does not move NPV, or a default the user did not
 * write, is left out: `keep` 0). */
typedef struct {
    double f0;
    sens_switch *at;
    char *keep;
} switch_arg;

static int switching_item(evaluator *e, gsl_root_fsolver *solver, size_t i, void *arg,
                          stitch_diag *err)
{
    switch_arg *a = arg;
    const stitch_plan *p = e->p;
    const plan_input *in = &p->inputs[i];
    double f0 = a->f0;
    if (in->dist.kind == DIST_FIXED && !in->given)
        return 0; /* a default the user did not write: noise, not an assumption */
    sens_switch w = {.input = i, .base = e->x[i], .value = NAN};
    double lo, hi;
    domain_of(in, &lo, &hi);
    e->input = i;
    /* An input that does not move NPV has nothing to say here. */
    double probe_v = w.base != 0 ? w.base * 1.5 : (isfinite(hi) ? hi : 1);
    if (npv_at(probe_v, e) == f0 && npv_at(isfinite(lo) ? lo : -probe_v, e) == f0)
        return 0;
    if (f0 == 0)
        w.value = w.base;
    else {
        double up = root_towards(e, w.base, f0, +1, lo, hi, solver);
        double down = root_towards(e, w.base, f0, -1, lo, hi, solver);
        if (isnan(up) || (!isnan(down) && w.base - down < up - w.base))
            w.value = down;
        else
            w.value = up;
    }
    w.fixed = in->dist.kind == DIST_FIXED;
    w.p5 = w.p95 = w.base;
    int rc = 0;
    if (!w.fixed && ((rc = quantile_of(p, i, 0.05, &w.p5, err)) ||
                     (rc = quantile_of(p, i, 0.95, &w.p95, err))))
        return rc;
    w.in_range = !w.fixed && !isnan(w.value) && w.value >= w.p5 && w.value <= w.p95;
    a->at[i] = w;
    a->keep[i] = 1;
    return 0;
}

static int switching(evaluator *e, stitch_sensitivity *s, int threads, stitch_diag *err,
                     util_progress *pr)
{
    const stitch_plan *p = e->p;
    s->switching = calloc(p->n_inputs + 1, sizeof *s->switching);
    char *keep = calloc(p->n_inputs + 1, 1);
    if (!s->switching || !keep) {
        free(keep);
        return -1;
    }
    switch_arg a = {s->base_npv, s->switching, keep};
    int rc = for_each_item(e, p->n_inputs, switching_item, &a, threads, err, pr);
    for (size_t i = 0; !rc && i < p->n_inputs; i++) /* in input order, as they were */
        if (keep[i])
            s->switching[s->n_switching++] = s->switching[i];
    free(keep);
    if (rc)
        return rc;
    qsort(s->switching, s->n_switching, sizeof *s->switching, by_distance);
    return 0;
}

/* ---- scenarios ------------------------------------------------------------------ */

static sens_scenario scenario_now(evaluator *e, const char *name)
{
    eval_at(e);
    return (sens_scenario){name,      e->r->pvb,    e->r->pvc,
                           e->r->npv, bcr_of(e->r), e->r->payback_year};
}

static int scenarios(evaluator *e, stitch_sensitivity *s)
{
    const stitch_plan *p = e->p;
    s->scenarios = calloc(3 + p->n_scenarios, sizeof *s->scenarios);
    double *keep = malloc((p->n_inputs + 1) * sizeof *keep);
    if (!s->scenarios || !keep) {
        free(keep);
        return -1;
    }
    memcpy(keep, e->x, p->n_inputs * sizeof *keep);
    /* Every uncertain input at its unfavourable (then favourable) P10/P90. */
    for (int side = 0; side < 2; side++) {
        for (size_t k = 0; k < s->n_tornado; k++) {
            const sens_tornado *t = &s->tornado[k];
            if (t->adjustment)
                continue;
            int low_worse = t->npv_low < t->npv_high;
            e->x[t->input] = (side == 0) == low_worse ? t->low : t->high;
        }
        s->scenarios[side == 0 ? 0 : 2] =
            scenario_now(e, side == 0 ? "Pessimistic" : "Optimistic");
        memcpy(e->x, keep, p->n_inputs * sizeof *keep);
    }
    s->scenarios[1] = scenario_now(e, "Base");
    s->n_scenarios = 3;
    for (size_t i = 0; i < p->n_scenarios; i++) {
        const plan_scenario *sc = &p->scenarios[i];
        for (size_t k = 0; k < sc->n; k++)
            e->x[sc->input[k]] = sc->value[k];
        s->scenarios[s->n_scenarios++] = scenario_now(e, sc->name);
        memcpy(e->x, keep, p->n_inputs * sizeof *keep);
    }
    free(keep);
    return 0;
}

/* ---- two-way grid --------------------------------------------------------------- */

static long input_by_path(const stitch_plan *p, const char *path)
{
    for (size_t i = 0; i < p->n_inputs; i++)
        if (strcmp(p->inputs[i].path, path) == 0)
            return (long)i;
    return -1;
}

/* n points across an input's plausible range: P10..P90 of a distribution,
 * ±50% of a fixed value (clipped to its domain), or 0..1 for a share at 0. */
static int grid_points(const stitch_plan *p, size_t input, double base, size_t n,
                       double *v, stitch_diag *err)
{
    const plan_input *in = &p->inputs[input];
    double lo, hi;
    domain_of(in, &lo, &hi);
    for (size_t i = 0; i < n; i++) {
        double f = (double)i / (double)(n - 1);
        if (in->dist.kind != DIST_FIXED) {
            int rc = quantile_of(p, input, 0.10 + 0.80 * f, &v[i], err);
            if (rc)
                return rc;
        } else if (base == 0 && in->domain == DOMAIN_SHARE)
            v[i] = f;
        else {
            double x = base * (0.5 + f);
            v[i] = x < lo ? lo : x > hi ? hi : x;
        }
    }
    return 0;
}

/* Default axes: the attribution with the widest swing, and the top tornado
 * input besides it. */
static void default_grid(const stitch_plan *p, const stitch_sensitivity *s, long *a,
                         long *b)
{
    *a = *b = -1;
    for (size_t k = 0; k < s->n_tornado && *a < 0; k++) {
        if (p->inputs[s->tornado[k].input].role == ROLE_ATTRIBUTION)
            *a = (long)s->tornado[k].input;
    }
    for (size_t k = 0; k < s->n_tornado && *b < 0; k++)
        if ((long)s->tornado[k].input != *a)
            *b = (long)s->tornado[k].input;
    if (*a < 0) /* no attribution moves: the top two inputs */
        for (size_t k = 0; k < s->n_tornado && *a < 0; k++)
            if ((long)s->tornado[k].input != *b)
                *a = (long)s->tornado[k].input;
}

/* Row i of the grid: input a at its i-th point, b at each of its points. */
static int grid_row(evaluator *e, gsl_root_fsolver *solver, size_t i, void *arg,
                    stitch_diag *err)
{
    (void)solver, (void)err;
    stitch_sensitivity *s = arg;
    size_t n = s->grid_n, a = (size_t)s->grid_a, b = (size_t)s->grid_b;
    double ka = e->x[a], kb = e->x[b];
    for (size_t j = 0; j < n; j++) {
        e->x[a] = s->grid_av[i];
        e->x[b] = s->grid_bv[j];
        eval_at(e);
        s->grid_bcr[i * n + j] = bcr_of(e->r);
        s->grid_npv[i * n + j] = e->r->npv;
    }
    e->x[a] = ka, e->x[b] = kb;
    return 0;
}

static int grid(evaluator *e, stitch_sensitivity *s, const stitch_sensitivity_options *o,
                int threads, stitch_diag *err)
{
    const stitch_plan *p = e->p;
    s->grid_a = s->grid_b = -1;
    if (o && o->grid_a) {
        /* An axis at fault is named by its option (stitch.h), so that the
         * caller can say where it came from. */
        const char *names[2] = {o->grid_a, o->grid_b}, *option[2] = {"grid_a", "grid_b"};
        long *at[2] = {&s->grid_a, &s->grid_b};
        for (int k = 0; k < 2; k++)
            if (!names[k] || (*at[k] = input_by_path(p, names[k])) < 0) {
                const char **paths = calloc(p->n_inputs + 1, sizeof *paths);
                for (size_t j = 0; paths && j < p->n_inputs; j++)
                    paths[j] = p->inputs[j].path;
                const char *near =
                    paths && names[k] ? closest_word(names[k], paths) : NULL;
                diag_set(err, STITCH_EINPUT, "", 0, option[k],
                         "'%s' is not a number of this model%s%s%s",
                         names[k] ? names[k] : "", near ? " (did you mean '" : "",
                         near ? near : "", near ? "'?)" : "");
                free(paths);
                return -2;
            }
        if (s->grid_a == s->grid_b) {
            diag_set(err, STITCH_EINPUT, "", 0, "grid_b", "give two different inputs");
            return -2;
        }
    } else
        default_grid(p, s, &s->grid_a, &s->grid_b);
    if (s->grid_a < 0 || s->grid_b < 0) { /* fewer than two inputs move the result */
        s->grid_a = s->grid_b = -1;
        return 0;
    }
    size_t n = o && o->grid_n ? (size_t)o->grid_n : 5;
    s->grid_n = n;
    s->grid_av = malloc(n * sizeof *s->grid_av);
    s->grid_bv = malloc(n * sizeof *s->grid_bv);
    s->grid_bcr = malloc(n * n * sizeof *s->grid_bcr);
    s->grid_npv = malloc(n * n * sizeof *s->grid_npv);
    if (!s->grid_av || !s->grid_bv || !s->grid_bcr || !s->grid_npv)
        return -1;
    size_t a = (size_t)s->grid_a, b = (size_t)s->grid_b;
    double ka = e->x[a], kb = e->x[b];
    int rc = grid_points(p, a, ka, n, s->grid_av, err);
    if (rc || (rc = grid_points(p, b, kb, n, s->grid_bv, err)))
        return rc;
    return for_each_item(e, n, grid_row, s, threads, err, NULL);
}

/* ---- horizon, discount and attribution -------------------------------------------- */

static int horizon(evaluator *e, stitch_sensitivity *s)
{
    const stitch_plan *p = e->p;
    size_t y = (size_t)p->years;
    s->horizon_bcr = malloc(y * sizeof *s->horizon_bcr);
    s->horizon_npv = malloc(y * sizeof *s->horizon_npv);
    if (!s->horizon_bcr || !s->horizon_npv)
        return -1;
    eval_at(e);
    double b = 0, c = 0;
    for (size_t t = 0; t < y; t++) {
        b += e->r->year_benefit[t];
        c += e->r->year_cost[t];
        s->horizon_bcr[t] = c > 0 ? b / c : NAN;
        s->horizon_npv[t] = b - c;
    }
    return 0;
}

/* The model at one constant discount rate for every schedule. */
static int discount(evaluator *e, stitch_sensitivity *s)
{
    const stitch_plan *p = e->p;
    static const double rates[] = {0.0, 0.015, 0.035};
    size_t y = (size_t)p->years, m = p->n_sched * y;
    double *df = malloc((m + 1) * sizeof *df);
    if (!df)
        return -1;
    eval_options at_rate = {df}; /* every schedule at one constant rate */
    for (size_t k = 0; k < 3; k++) {
        for (size_t i = 0; i < m; i++)
            df[i] = pow(1.0 + rates[k], -(double)(i % y));
        e->o = &at_rate;
        eval_at(e);
        e->o = NULL;
        s->discount[k] = (sens_discount){rates[k], bcr_of(e->r), e->r->npv};
    }
    free(df);
    eval_at(e);
    s->discount[3] = (sens_discount){NAN, bcr_of(e->r), e->r->npv};
    s->n_discount = 4;
    return 0;
}

static int attribution(evaluator *e, stitch_sensitivity *s)
{
    const stitch_plan *p = e->p;
    s->benefits = calloc(p->n_benefits + 1, sizeof *s->benefits);
    double *keep = malloc((p->n_benefits + 1) * sizeof *keep);
    if (!s->benefits || !keep) {
        free(keep);
        return -1;
    }
    eval_at(e);
    s->break_even_attribution = e->r->break_even_attribution;
    double pvc = e->r->pvc;
    for (size_t i = 0; i < p->n_benefits; i++) {
        s->benefits[i].attributed = e->r->by_benefit[i];
        s->benefits[i].attribution = e->x[p->benefits[i].attribution];
    }
    for (size_t i = 0; i < p->n_benefits; i++) { /* credit nothing to others */
        keep[i] = e->x[p->benefits[i].attribution];
        e->x[p->benefits[i].attribution] = 0;
    }
    eval_at(e);
    for (size_t i = 0; i < p->n_benefits; i++) {
        sens_benefit *b = &s->benefits[i];
        b->contribution = e->r->by_benefit[i];
        b->break_even_alone = b->contribution > pvc ? 1 - pvc / b->contribution : NAN;
    }
    for (size_t i = p->n_benefits; i-- > 0;)
        e->x[p->benefits[i].attribution] = keep[i];
    free(keep);
    return 0;
}

/* ---- Sobol ------------------------------------------------------------------------ */

/* The most memory the Sobol sample and its outputs may take. */
#define SENS_SOBOL_MAX_BYTES (2.0 * (1 << 30))

/* A thread's Sobol evaluations: the model reduced to its uncertain inputs
 * (docs/method.md section 5.7), shared, and the thread's own state. */
typedef struct {
    evaluator *e;
    const size_t *uncertain;
    size_t k;
    const eval_part *part;
    eval_part_state *state;
} sobol_ctx;

/* NPV with the uncertain inputs at u; the caller restores the base. */
static double npv_of_uncertain(const double *u, void *arg)
{
    sobol_ctx *c = arg;
    for (size_t i = 0; i < c->k; i++)
        c->e->x[c->uncertain[i]] = u[i];
    return eval_part_npv(c->part, c->state, c->e->x, c->e->r);
}

/* NPV at u, the last point with uncertain input i moved: only what the
 * input enters is worked out again. */
static double npv_moved(const double *u, size_t i, void *arg)
{
    sobol_ctx *c = arg;
    double *x = c->e->x, keep = x[c->uncertain[i]];
    x[c->uncertain[i]] = u[i];
    double v = eval_part_npv_moved(c->part, c->state, x, c->uncertain[i], c->e->r);
    x[c->uncertain[i]] = keep;
    return v;
}

/* Draw n rows of the uncertain inputs, independently (Sobol indices assume
 * independent inputs), from blocks first.. of the engine's own streams:
 * blocks id, id + stride, ... of them. */
static void draw_rows(const stitch_plan *p, unsigned long seed, size_t first, size_t n,
                      size_t id, size_t stride, gsl_rng *rng, double *cols,
                      sample_scratch *scr, double *rows)
{
    size_t k = p->n_uncertain;
    for (size_t b = id; b * STITCH_BLOCK < n; b += stride) {
        size_t m =
            n - b * STITCH_BLOCK < STITCH_BLOCK ? n - b * STITCH_BLOCK : STITCH_BLOCK;
        sample_block(p, seed, first + b, m, SAMPLE_INDEPENDENT, rng, cols, scr);
        for (size_t j = 0; j < m; j++)
            for (size_t i = 0; i < k; i++)
                rows[(b * STITCH_BLOCK + j) * k + i] = cols[i * STITCH_BLOCK + j];
    }
}

/* One thread's share of the Sobol sample: its blocks of A and of B. A
 * block's draws depend only on the seed and the block, so which thread
 * draws it changes nothing. */
typedef struct {
    const stitch_plan *p;
    unsigned long seed;
    size_t n, id, stride;
    double *A, *B;
    int failed;
} draw_job;

static void *draw_work(void *arg)
{
    draw_job *j = arg;
    const stitch_plan *p = j->p;
    double *cols = malloc((p->n_uncertain + 1) * STITCH_BLOCK * sizeof *cols);
    sample_scratch *scr = sample_scratch_alloc(p);
    gsl_rng *rng = gsl_rng_alloc(sample_rng_type());
    j->failed = !cols || !scr || !rng;
    if (!j->failed) {
        /* A from blocks 0.., B from blocks 2^20.. of the streams: disjoint. */
        draw_rows(p, j->seed, 0, j->n, j->id, j->stride, rng, cols, scr, j->A);
        draw_rows(p, j->seed, (size_t)1 << 20, j->n, j->id, j->stride, rng, cols, scr,
                  j->B);
    }
    free(cols);
    sample_scratch_free(scr);
    gsl_rng_free(rng);
    return NULL;
}

static int sobol(evaluator *e, stitch_sensitivity *s, const stitch_sensitivity_options *o,
                 stitch_diag *err)
{
    const stitch_plan *p = e->p;
    size_t k = p->n_uncertain;
    s->n_sobol = k;
    if (o && o->sobol_n < 0) {
        s->sobol_status = -2;
        return 0;
    }
    long n = o && o->sobol_n > 0 ? o->sobol_n : SOBOL_DEFAULT_N;
    s->sobol_samples = n;
    if (k == 0) {
        s->sobol_status = -1;
        return 0;
    }
    /* A and B (n k each) and the outputs (n (k + 3)): refused past
     * SENS_SOBOL_MAX_BYTES rather than left to run for hours or fail to
     * allocate half-way. */
    double per_n = (3.0 * (double)k + 3.0) * sizeof(double);
    if ((double)n * per_n > SENS_SOBOL_MAX_BYTES) {
        char inputs[32], sample[32], most[32];
        text_num(inputs, sizeof inputs, (double)k, 0);
        text_num(sample, sizeof sample, (double)n, 0);
        text_num(most, sizeof most, floor(SENS_SOBOL_MAX_BYTES / per_n), 0);
        return diag_set(
                   err, STITCH_EINPUT, p->model_file, 0, "",
                   "the Sobol indices of %s uncertain inputs at a sample of %s would "
                   "keep %.1f GiB of draws and results, more than the 2 GiB stitch "
                   "allows: ask for a smaller sample with --sobol N (at most %s "
                   "here; the indices are then less precise, as their intervals "
                   "show) or for none with --sobol 0",
                   inputs, sample, (double)n * per_n / (1 << 30), most),
               -2;
    }
    int threads = threads_of(o);
    s->sobol = calloc(k, sizeof *s->sobol);
    double *A = malloc((size_t)n * k * sizeof *A), *B = malloc((size_t)n * k * sizeof *B);
    /* Each thread evaluates with its own copy of the base inputs and result. */
    evaluator ev[64];
    sobol_ctx c[64];
    void *ctx[64];
    eval_part *part = eval_part_alloc(p, e->x, p->uncertain, k, e->r);
    int ok = s->sobol && A && B && part, made = 0;
    for (; ok && made < threads; made++) {
        ev[made] = (evaluator){p,    malloc((p->n_inputs + 1) * sizeof(double)),
                               NULL, stitch_result_alloc(p),
                               0,    NULL};
        c[made] =
            (sobol_ctx){&ev[made], p->uncertain, k, part, eval_part_state_alloc(part)};
        ok = ev[made].x && ev[made].r && c[made].state;
        if (ok)
            memcpy(ev[made].x, e->x, p->n_inputs * sizeof(double));
        ctx[made] = &c[made];
    }
    int rc = -1;
    if (ok) {
        size_t blocks = ((size_t)n + STITCH_BLOCK - 1) / STITCH_BLOCK;
        int drawers = (size_t)threads > blocks ? (int)blocks : threads;
        draw_job jobs[64];
        for (int t = 0; t < drawers; t++)
            jobs[t] = (draw_job){p, o ? o->seed : 0, (size_t)n, (size_t)t, (size_t)drawers,
                                 A, B, 0};
        ok = util_run_threads(draw_work, jobs, sizeof *jobs, drawers) == 0;
        for (int t = 0; t < drawers; t++)
            ok = ok && !jobs[t].failed;
    }
    if (ok) {
        int st =
            sobol_estimate_moved((size_t)n, k, A, B, npv_of_uncertain, npv_moved, ctx,
                                 threads, SOBOL_DEFAULT_BOOT, o ? o->seed : 0, s->sobol,
                                 o ? o->progress : NULL, o ? o->progress_ctx : NULL);
        s->sobol_status = st == SOBOL_NOVAR ? SOBOL_NOVAR : 0;
        /* Each failure keeps its own code: only SOBOL_ENOMEM is memory. */
        rc = st >= 0 ? 0 : st == SOBOL_ENOMEM ? -1 : -2;
        if (st == SOBOL_ENONFINITE)
            diag_set(err, STITCH_EINPUT, p->model_file, 0, "",
                     STITCH_SIMULATION_OVERFLOW);
        else if (rc == -2)
            diag_set(err, STITCH_ENUMERIC, p->model_file, 0, "",
                     "internal error: the Sobol indices could not be worked out (code "
                     "%d); please report it, with the model file",
                     st);
    }
    for (int t = 0; t < made; t++) {
        free(ev[t].x);
        stitch_result_free(ev[t].r);
        eval_part_state_free(c[t].state);
    }
    eval_part_free(part);
    free(A), free(B);
    return rc;
}

/* ---- the whole set ---------------------------------------------------------------- */

stitch_sensitivity *stitch_sensitivity_run(const stitch_plan *p,
                                           const stitch_sensitivity_options *o,
                                           stitch_diag *err)
{
    stitch_sensitivity *s = calloc(1, sizeof *s);
    evaluator e = {p,    malloc((p->n_inputs + 1) * sizeof(double)),
                   NULL, stitch_result_alloc(p),
                   0,    NULL};
    eval_oneway *w = NULL;
    int rc = -1;
    if (s && e.x && e.r) {
        stitch_plan_base(p, e.x);
        eval_at(&e);
        s->base_bcr = bcr_of(e.r);
        s->base_npv = e.r->npv;
        s->seed = o ? o->seed : 0;
        int threads = threads_of(o);
        /* The one-way tables move one input at a time from the base. */
        e.w = w = eval_oneway_alloc(p, e.x, NULL, e.r);
        util_progress pr;
        util_progress_start(&pr, o ? o->progress : NULL, o ? o->progress_ctx : NULL,
                            "tornado and switching values", 2 * p->n_inputs);
        rc = w ? tornado(&e, s, threads, err, &pr) : -1;
        rc = rc ? rc : switching(&e, s, threads, err, &pr);
        util_progress_end(&pr);
        e.w = NULL;
        eval_at(&e);
        rc = rc ? rc : scenarios(&e, s);
        rc = rc ? rc : grid(&e, s, o, threads, err);
        rc = rc ? rc : horizon(&e, s);
        rc = rc ? rc : discount(&e, s);
        rc = rc ? rc : attribution(&e, s);
        rc = rc ? rc : sobol(&e, s, o, err);
    }
    if (rc == -1)
        diag_set(err, STITCH_ENOMEM, "", 0, "",
                 "out of memory for the sensitivity tables");
    free(e.x);
    stitch_result_free(e.r);
    eval_oneway_free(w);
    if (rc) {
        stitch_sensitivity_free(s);
        return NULL;
    }
    return s;
}

void stitch_sensitivity_free(stitch_sensitivity *s)
{
    if (!s)
        return;
    free(s->tornado), free(s->switching), free(s->scenarios);
    free(s->grid_av), free(s->grid_bv), free(s->grid_bcr), free(s->grid_npv);
    free(s->horizon_bcr), free(s->horizon_npv), free(s->benefits), free(s->sobol);
    free(s);
}
