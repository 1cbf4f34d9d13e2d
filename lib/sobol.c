/* sobol.c — Sobol' first-order and total indices from a pick-freeze design:
 * Saltelli et al. (2010) for first order, Jansen (1999) for total, and
 * percentile-bootstrap intervals that reuse the stored model outputs. */
#include "sobol.h"
#include "util.h"

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Pooled variance at or below this (in the scaled units of runs below, where
 * the largest |f| is in [1/2, 1)) counts as zero: a standard deviation under
 * 2^-50 (about 4 DBL_EPSILON) of the largest output is rounding, not
 * uncertainty. */
#define ZERO_VAR 0x1p-100

/* The stored model outputs, all scaled by one power of two (see prepare):
 * a_j = f(A)_j - m0 and b_j = f(B)_j - m0, centred on their pooled mean m0,
 * and d_ij = f(A_B^(i))_j - f(A)_j at d[j * k + i] (row by row, like A).
 * Every estimate below needs only these. */
typedef struct {
    size_t n, k;
    double *a, *b, *d;
    double *w; /* row weights: counts in a resample, else all 1 */
} runs;

static void zero(sobol_index *out, size_t k)
{
    for (size_t i = 0; i < k; i++)
        out[i] = (sobol_index){0, 0, 0, 0, 0, 0};
}

/* Evaluate f at rows [j0, j1) of A, B and A_B^(i) into r->a, r->b and r->d
 * (not yet differenced), building the A_B^(i) rows in the scratch row x.
 * Returns 0, or SOBOL_ENONFINITE at the first value that is not finite. */
static int evaluate(runs *r, size_t j0, size_t j1, const double *A, const double *B,
                    sobol_fn f, sobol_moved_fn g, void *ctx, double *x, util_progress *pr)
{
    size_t k = r->k;
    for (size_t j = j0; j < j1; util_progress_add(pr, 1), j++) {
        const double *aj = A + j * k, *bj = B + j * k;
        r->b[j] = f(bj, ctx);
        r->a[j] = f(aj, ctx); /* last, for g */
        if (!isfinite(r->a[j]) || !isfinite(r->b[j]))
            return SOBOL_ENONFINITE;
        memcpy(x, aj, k * sizeof *x);
        for (size_t i = 0; i < k; i++) {
            x[i] = bj[i];
            double y = g ? g(x, i, ctx) : f(x, ctx);
            if (!isfinite(y))
                return SOBOL_ENONFINITE;
            r->d[j * k + i] = y;
            x[i] = aj[i];
        }
    }
    return 0;
}

/* One thread's share of the evaluations: rows [n t / T, n (t + 1) / T). */
typedef struct {
    runs *r;
    const double *A, *B;
    sobol_fn f;
    sobol_moved_fn g;
    void *ctx;
    size_t j0, j1;
    int rc;
    util_progress *pr;
} eval_job;

static void *eval_work(void *arg)
{
    eval_job *job = arg;
    double *x = malloc((job->r->k + 1) * sizeof *x);
    job->rc = x ? evaluate(job->r, job->j0, job->j1, job->A, job->B, job->f, job->g,
                           job->ctx, x, job->pr)
                : SOBOL_ENOMEM;
    free(x);
    return NULL;
}

/* Every evaluation, over `threads` threads with ctx[t] each: which thread
 * evaluates a row changes nothing, as each row is stored in its own place.
 * Returns 0, SOBOL_ENONFINITE or SOBOL_ENOMEM. */
static int evaluate_all(runs *r, const double *A, const double *B, sobol_fn f,
                        sobol_moved_fn g, void *const *ctx, int threads,
                        util_progress *pr)
{
    eval_job jobs[64];
    for (int t = 0; t < threads; t++)
        jobs[t] = (eval_job){r,
                             A,
                             B,
                             f,
                             g,
                             ctx[t],
                             r->n * (size_t)t / (size_t)threads,
                             r->n * (size_t)(t + 1) / (size_t)threads,
                             0,
                             pr};
    if (util_run_threads(eval_work, jobs, sizeof *jobs, threads))
        return SOBOL_ENOMEM;
    int rc = 0;
    for (int t = 0; t < threads; t++)
        if (jobs[t].rc == SOBOL_ENONFINITE || (jobs[t].rc && !rc))
            rc = jobs[t].rc;
    return rc;
}

/* Turn the raw outputs into the form runs describes. First every value is
 * scaled by the power of two that brings the largest |f| into [1/2, 1):
 * exact (barring subnormals), it leaves the indices unchanged and keeps
 * squares and sums far from overflow whatever the model's units. Returns 0
 * when every output is the same (no variance at all), else 1. */
static int prepare(runs *r)
{
    size_t n = r->n, nd = n * r->k;
    double lo = r->a[0], hi = r->a[0];
    double *v[3] = {r->a, r->b, r->d};
    size_t len[3] = {n, n, nd};
    for (int s = 0; s < 3; s++)
        for (size_t j = 0; j < len[s]; j++) {
            lo = fmin(lo, v[s][j]);
            hi = fmax(hi, v[s][j]);
        }
    if (lo == hi)
        return 0;
    int e;
    frexp(fmax(-lo, hi), &e);
    for (int s = 0; s < 3; s++)
        for (size_t j = 0; j < len[s]; j++)
            v[s][j] = ldexp(v[s][j], -e);

    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < r->k; i++)
            r->d[j * r->k + i] -= r->a[j];
    /* Pooled mean, corrected by the mean deviation (two passes). */
    double sum = 0, dev = 0;
    for (size_t j = 0; j < n; j++)
        sum += r->a[j] + r->b[j];
    double m0 = sum / (2.0 * (double)n);
    for (size_t j = 0; j < n; j++)
        dev += (r->a[j] - m0) + (r->b[j] - m0);
    m0 += dev / (2.0 * (double)n);
    for (size_t j = 0; j < n; j++) {
        r->a[j] -= m0;
        r->b[j] -= m0;
    }
    return 1;
}

/* First-order and total indices of the sample whose row j appears w_j times
 * (r->w: a bootstrap resample, or all ones for the estimate itself) into
 * s1[0..k) and st[0..k). Returns 1, with zeros, when the pooled variance is
 * zero. Two sequential passes over the stored values: O(n k) per call.
 *
 * V(Y) is the variance of the 2n pooled values f(A)_j, f(B)_j (mean first,
 * then squared deviations; divisor 2n - 1). First order (Saltelli et al.
 * 2010, Table 2):
 *   V_i = 1/n sum_j (f(B)_j - m) (f(A_B^(i))_j - f(A)_j)
 * Centring f(B) on the pooled mean m (the paper has f(B)_j alone) leaves the
 * expectation unchanged, the second factor having mean zero (to O(1/n), as m
 * is estimated), but removes an error of about (mean/sd of f) sqrt(2 ST_i/n)
 * that swamps the index when f is far from zero: 4 for costs of 1e6 +- 1e3
 * at n = 65536. Total (Jansen 1999; Saltelli et al. 2010, Table 2):
 *   VT_i = 1/(2n) sum_j (f(A)_j - f(A_B^(i))_j)^2. */
static int indices(const runs *r, double *restrict s1, double *restrict st)
{
    size_t n = r->n, k = r->k;
    const double *a = r->a, *b = r->b, *w = r->w;
    double sum = 0;
    for (size_t j = 0; j < n; j++)
        sum += w[j] * (a[j] + b[j]);
    double mean = sum / (2.0 * (double)n);
    double ss = 0;
    memset(s1, 0, k * sizeof *s1);
    memset(st, 0, k * sizeof *st);
    for (size_t j = 0; j < n; j++) {
        double da = a[j] - mean, db = b[j] - mean, wj = w[j], uj = wj * db;
        const double *restrict dj = r->d + j * k;
        ss += wj * (da * da + db * db);
        for (size_t i = 0; i < k; i++) {
            s1[i] += uj * dj[i];
            st[i] += wj * dj[i] * dj[i];
        }
    }
    double var = ss / (2.0 * (double)n - 1.0);
    if (!(var > ZERO_VAR)) {
        memset(s1, 0, k * sizeof *s1);
        memset(st, 0, k * sizeof *st);
        return 1;
    }
    for (size_t i = 0; i < k; i++) {
        s1[i] = s1[i] / (double)n / var;
        st[i] = st[i] / (2.0 * (double)n) / var;
    }
    return 0;
}

/* Percentile interval (2.5%, 97.5%) of the n_boot replicates in rep, which
 * it sorts. Quantiles interpolate linearly between order statistics. */
static void percentile(double *rep, size_t n_boot, double *lo, double *hi)
{
    gsl_sort(rep, 1, n_boot);
    *lo = gsl_stats_quantile_from_sorted_data(rep, 1, n_boot, 0.025);
    *hi = gsl_stats_quantile_from_sorted_data(rep, 1, n_boot, 0.975);
}

/* GSL's taus2 generator (its state: three unsigned longs), stepped here
 * without the call through a pointer; checked against GSL before use. */
typedef struct {
    unsigned long s1, s2, s3;
} taus_state;

static unsigned long taus_get(taus_state *s)
{
#define MASK 0xffffffffUL
#define TAUSWORTHE(x, a, b, c, d)                                                        \
    ((((x) & (c)) << (d)) & MASK) ^ (((((x) << (a)) & MASK) ^ (x)) >> (b))
    s->s1 = TAUSWORTHE(s->s1, 13, 19, 4294967294UL, 12);
    s->s2 = TAUSWORTHE(s->s2, 2, 25, 4294967288UL, 4);
    s->s3 = TAUSWORTHE(s->s3, 3, 11, 4294967280UL, 17);
    return s->s1 ^ s->s2 ^ s->s3;
#undef TAUSWORTHE
#undef MASK
}

/* 1 when rng is taus2 and taus_get steps it as GSL does. */
static int taus_matches(const gsl_rng *rng)
{
    if (rng->type != gsl_rng_taus2 || gsl_rng_size(rng) != sizeof(taus_state))
        return 0;
    gsl_rng *copy = gsl_rng_clone(rng);
    if (!copy)
        return 0;
    taus_state s;
    memcpy(&s, gsl_rng_state(copy), sizeof s);
    int same = 1;
    for (int i = 0; i < 8 && same; i++)
        same = taus_get(&s) == gsl_rng_get(copy);
    gsl_rng_free(copy);
    return same;
}

/* One resample's row counts into w (zeroed first): n draws of
 * gsl_rng_uniform_int(rng, n) from rng, or with `fast` the same draws
 * made here: taus2's values are below 2^32, so its division (v - min) /
 * scale, and the rejection of a result >= n, can be done in 32 bits. */
static void draw_weights(double *w, size_t n, gsl_rng *rng, int fast)
{
    memset(w, 0, n * sizeof *w);
    if (!fast) {
        for (size_t j = 0; j < n; j++)
            w[gsl_rng_uniform_int(rng, (unsigned long)n)] += 1.0;
        return;
    }
    uint32_t scale = (uint32_t)((rng->type->max - rng->type->min) / (unsigned long)n);
    uint32_t offset = (uint32_t)rng->type->min, m = (uint32_t)n;
    taus_state s;
    memcpy(&s, gsl_rng_state(rng), sizeof s);
    for (size_t j = 0; j < n; j++) {
        uint32_t k;
        do
            k = ((uint32_t)taus_get(&s) - offset) / scale;
        while (k >= m);
        w[k] += 1.0;
    }
    memcpy(gsl_rng_state(rng), &s, sizeof s);
}

/* The indices of the resample whose row counts are w into rep and rep_st
 * at b (s1: 2k scratch). */
static void replicate(const runs *r, double *w, size_t b, size_t n_boot, double *s1,
                      double *rep)
{
    size_t k = r->k;
    double *st = s1 + k, *rep_st = rep + k * n_boot;
    runs mine = *r;
    mine.w = w;
    indices(&mine, s1, st);
    for (size_t i = 0; i < k; i++) {
        rep[i * n_boot + b] = s1[i];
        rep_st[i * n_boot + b] = st[i];
    }
}

/* The resamples over threads. Each resample's draws follow the last's in
 * one stream, so the draws are made in turn: a thread takes the next
 * resample, waits for the one before it to finish drawing, takes the
 * stream's state from it, draws its rows and hands the state on; then it
 * works out the resample's indices (most of the work) while the next
 * thread draws. Each resample lands in its own place, so the result is
 * the one-thread result. */
typedef struct {
    const runs *r;
    size_t n_boot;
    int fast;
    unsigned char *state; /* the stream at the start of resample `turn` */
    size_t size;          /* its bytes */
    atomic_size_t turn, next;
    double *rep;
    util_progress *pr;
} boot_shared;

typedef struct {
    boot_shared *sh;
    int failed;
} boot_job;

static void *boot_work(void *arg)
{
    boot_job *job = arg;
    boot_shared *sh = job->sh;
    const runs *r = sh->r;
    double *w = malloc((r->n + 1) * sizeof *w), *s1 = malloc(2 * r->k * sizeof *s1);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    job->failed = !w || !s1 || !rng;
    for (size_t b; !job->failed && (b = atomic_fetch_add(&sh->next, 1)) < sh->n_boot;) {
        while (atomic_load_explicit(&sh->turn, memory_order_acquire) != b)
            sched_yield();
        memcpy(gsl_rng_state(rng), sh->state, sh->size);
        draw_weights(w, r->n, rng, sh->fast);
        memcpy(sh->state, gsl_rng_state(rng), sh->size);
        atomic_store_explicit(&sh->turn, b + 1, memory_order_release);
        replicate(r, w, b, sh->n_boot, s1, sh->rep);
        util_progress_add(sh->pr, 1);
    }
    gsl_rng_free(rng);
    free(w), free(s1);
    return NULL;
}

/* Resample the rows n_boot times and set the intervals in out. A resample
 * draws n row numbers with replacement and counts them into a weight per
 * row, which gives the same sums as gathering the rows, with sequential
 * passes. Replicates are stored input by input (rep[i * n_boot + b]) so
 * each can be sorted in place. A resample whose pooled variance is zero
 * (possible only when almost every output is the same) contributes zeros,
 * as the estimate itself would. */
static int bootstrap(const runs *r, size_t n_boot, unsigned long seed, int threads,
                     sobol_index *out, util_progress *pr)
{
    size_t k = r->k;
    double *rep = NULL, *s1 = NULL;
    gsl_rng *rng = NULL;
    int rc = SOBOL_ENOMEM;
    if (n_boot > SIZE_MAX / sizeof(double) / 2 / k)
        goto done;
    rep = malloc(2 * k * n_boot * sizeof *rep);
    s1 = malloc(2 * k * sizeof *s1);
    rng = gsl_rng_alloc(gsl_rng_taus2);
    if (!rep || !s1 || !rng)
        goto done;
    gsl_rng_set(rng, seed);
    threads = (size_t)threads > n_boot ? (int)n_boot : threads;
    int fast = taus_matches(rng);
    if (threads <= 1) {
        for (size_t b = 0; b < n_boot; b++) {
            draw_weights(r->w, r->n, rng, fast);
            replicate(r, r->w, b, n_boot, s1, rep);
            util_progress_add(pr, 1);
        }
    } else {
        size_t size = gsl_rng_size(rng);
        boot_shared sh = {.r = r,
                          .n_boot = n_boot,
                          .fast = fast,
                          .state = gsl_rng_state(rng),
                          .size = size,
                          .rep = rep,
                          .pr = pr};
        atomic_init(&sh.turn, 0);
        atomic_init(&sh.next, 0);
        boot_job jobs[64];
        for (int t = 0; t < threads; t++)
            jobs[t] = (boot_job){&sh, 0};
        int failed = util_run_threads(boot_work, jobs, sizeof *jobs, threads);
        for (int t = 0; t < threads; t++)
            failed |= jobs[t].failed;
        /* A thread that could not start or allocate left resamples undone. */
        if (failed)
            goto done;
    }
    double *rep_st = rep + k * n_boot;
    for (size_t i = 0; i < k; i++) {
        percentile(rep + i * n_boot, n_boot, &out[i].s1_lo, &out[i].s1_hi);
        percentile(rep_st + i * n_boot, n_boot, &out[i].st_lo, &out[i].st_hi);
    }
    rc = 0;
done:
    gsl_rng_free(rng);
    free(s1);
    free(rep);
    return rc;
}

int sobol_estimate(size_t n, size_t k, const double *A, const double *B, sobol_fn f,
                   void *ctx, size_t n_boot, unsigned long boot_seed, sobol_index *out)
{
    return sobol_estimate_threads(n, k, A, B, f, &ctx, 1, n_boot, boot_seed, out);
}

int sobol_estimate_threads(size_t n, size_t k, const double *A, const double *B,
                           sobol_fn f, void *const *ctx, int threads, size_t n_boot,
                           unsigned long boot_seed, sobol_index *out)
{
    return sobol_estimate_moved(n, k, A, B, f, NULL, ctx, threads, n_boot, boot_seed, out,
                                NULL, NULL);
}

int sobol_estimate_moved(size_t n, size_t k, const double *A, const double *B, sobol_fn f,
                         sobol_moved_fn g, void *const *ctx, int threads, size_t n_boot,
                         unsigned long boot_seed, sobol_index *out,
                         stitch_progress_fn progress, void *progress_ctx)
{
    util_progress pr;
    if (!out || k == 0)
        return SOBOL_EINVAL;
    zero(out, k);
    /* gsl_rng_uniform_int draws row numbers below 2^32 with taus2. */
    if (n == 0 || n > 0xFFFFFFFFUL || !A || !B || !f || !ctx || threads < 1 || threads > 64)
        return SOBOL_EINVAL;
    size_t cap = SIZE_MAX / sizeof(double) / n;
    if (cap < 3 || k > cap - 3)
        return SOBOL_ENOMEM;

    /* a, b, d, w: n (k + 3) doubles in one block. */
    double *store = malloc(n * (k + 3) * sizeof *store);
    double *x = malloc(2 * k * sizeof *x); /* scratch row, then s1 and st */
    int rc = SOBOL_ENOMEM;
    if (!store || !x)
        goto done;
    runs r = {n, k, store, store + n, store + 2 * n, store + (k + 2) * n};

    util_progress_start(&pr, progress, progress_ctx,
                        "Sobol indices: evaluating the model", n);
    rc = evaluate_all(&r, A, B, f, g, ctx, (size_t)threads > n ? (int)n : threads, &pr);
    util_progress_end(&pr);
    if (rc)
        goto done;
    double *s1 = x, *st = x + k;
    for (size_t j = 0; j < n; j++)
        r.w[j] = 1.0;
    if (!prepare(&r) || indices(&r, s1, st)) {
        rc = SOBOL_NOVAR;
        goto done;
    }
    for (size_t i = 0; i < k; i++)
        out[i] = (sobol_index){s1[i], s1[i], s1[i], st[i], st[i], st[i]};
    if (n_boot > 0) {
        util_progress_start(&pr, progress, progress_ctx,
                            "Sobol indices: bootstrap intervals", n_boot);
        rc = bootstrap(&r, n_boot, boot_seed, threads, out, &pr);
        util_progress_end(&pr);
    }
done:
    if (rc != 0)
        zero(out, k);
    free(x);
    free(store);
    return rc;
}
