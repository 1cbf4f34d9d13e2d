/* mc.c — the Monte Carlo engine: sample every uncertain input once per
 * iteration, evaluate, and keep only what the summaries need.
 *
 * Work is split into fixed blocks of STITCH_BLOCK iterations; block b's
 * streams are seeded from (seed, input path, b), and every block writes its
 * own slice of the per-iteration arrays and its own counts, so the result
 * does not depend on which thread ran which block. The one thing threads
 * share while they run is the tails of the yearly nets (below), behind a
 * lock; what ends up in them does not depend on the order they arrive in.
 *
 * The summaries are then worked out in parallel too, one task per output
 * (docs/performance.md): each task reads only its own array, so again the
 * result does not depend on which thread took it. */
#define _DEFAULT_SOURCE /* madvise */
#include "mc.h"
#include "design.h"
#include "eval.h"
#include "plan.h"
#include "sample.h"
#include "util.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- the tails of the yearly nets ------------------------------------------------ */

/* The P5 and P95 of a year's net need only its order statistics near the
 * 5th and 95th percentiles, so instead of every simulation's net the
 * engine keeps, per year, the `keep` smallest values seen (and, negated,
 * the `keep` largest): exact, for about a tenth of the memory. A tail
 * takes values until it holds `cap`, then selects its `keep` smallest and
 * drops the rest; from then on only values below the largest kept (`thr`)
 * can matter. Which values it holds at the end depends on the order they
 * came in, but its `keep` smallest do not. */
typedef struct {
    double *v;
    size_t len, alloc, cap, keep;
    _Atomic double thr; /* NaN until the first pruning: every value is taken */
} tail;

/* Values a worker gathers per year and side before taking the lock. */
#define STAGE 512

/* At most this many simulation-years of nets feed the tails: 2^26, about a
 * byte each in the tails (64 MiB), so 13 million simulations of a 5-year
 * appraisal and 65,536 of a 1,000-year one; beyond that, the first
 * ⌊2^26 / years⌋ simulations in whole blocks. */
#define YEAR_NET_VALUES ((size_t)1 << 26)

static int tail_init(tail *t, size_t keep)
{
    t->keep = keep;
    t->cap = keep + (keep / 4 > STAGE * 8 ? keep / 4 : STAGE * 8);
    t->len = 0;
    t->alloc = STAGE * 8;
    atomic_init(&t->thr, NAN);
    t->v = malloc(t->alloc * sizeof *t->v);
    return t->v ? 0 : -1;
}

/* Add n values (under the engine's lock). Returns -1 when out of memory. */
static int tail_add(tail *t, const double *x, size_t n)
{
    double thr = atomic_load_explicit(&t->thr, memory_order_relaxed);
    for (size_t i = 0; i < n; i++) {
        if (x[i] >= thr) /* false while thr is NaN */
            continue;
        if (t->len == t->alloc) {
            size_t a = t->alloc * 2 < t->cap ? t->alloc * 2 : t->cap;
            double *v = realloc(t->v, a * sizeof *v);
            if (!v)
                return -1;
            t->v = v, t->alloc = a;
        }
        t->v[t->len++] = x[i];
        if (t->len == t->cap) { /* keep the `keep` smallest */
            thr = gsl_stats_select(t->v, 1, t->len, t->keep - 1);
            t->len = t->keep;
            atomic_store_explicit(&t->thr, thr, memory_order_relaxed);
        }
    }
    return 0;
}

/* ---- the engine ------------------------------------------------------------------- */

/* Per block: counts the summaries need, merged in block order at the end. */
enum { COUNT_GT, COUNT_COSTED, COUNT_GE, COUNT_OVERFLOW, COUNT_SLOT, COUNT_PAYBACK };

typedef struct {
    const stitch_plan *p;
    unsigned long seed;
    long n;            /* iterations wanted so far */
    size_t b0, b1;     /* blocks this round runs: [b0, b1) */
    size_t cap;        /* iterations the arrays hold */
    double *pvb, *pvc; /* per iteration */
    double *npv;       /* PVB - PVC, per iteration */
    double *bcr;       /* PVB / PVC of the iterations with costs, each block's first
                          (their count), then +infinity to the block's end */
    double **hours;    /* per staff group, per iteration */
    double **stake;    /* PV per stakeholder, per iteration */
    double **people;   /* people over the delivery years per node, per iteration */
    long *count;       /* per block: the COUNT_* (payback: one per year) */
    size_t n_count;    /* counts per block */
    double *block_cpo; /* per block, per node: sum of cost per outcome over the
                          iterations reaching someone, then how many reached
                          nobody (2 values per node) */
    double **capacity; /* per capacity unit, per iteration */
    size_t net_cap;    /* iterations whose yearly nets feed the tails (whole blocks) */
    tail *tails;       /* per year: [2t] the smallest nets, [2t + 1] the largest, negated */
    pthread_mutex_t lock; /* over the tails */
    double *stage;     /* per staging slot, per year and side: STAGE values */
    size_t *staged;    /* how many in each */
    atomic_int *busy;  /* per slot: 1 while a block holds it */
    size_t slots;      /* staging slots: one per thread, so one per block running */
    int failed;        /* out of memory in a tail */
    const design *dsg; /* lhs and qmc: the design; NULL: mc's streams */
    util_progress *pr; /* the simulations, block by block (NULL: not told) */
} engine;

typedef struct {
    engine *e;
    int id, stride;
    int failed;
} worker;

/* The staging slot of block b (COUNT_SLOT is the slot + 1): the first
 * free one, taken at the block's first net and given back when the block
 * is done, so whichever thread runs a block, no two running blocks share
 * one. */
static size_t slot_of(engine *e, size_t b)
{
    long *c = e->count + b * e->n_count + COUNT_SLOT;
    for (size_t s = 0; !*c; s = (s + 1) % e->slots) {
        int free_slot = 0;
        if (atomic_compare_exchange_strong(&e->busy[s], &free_slot, 1))
            *c = (long)s + 1;
    }
    return (size_t)*c - 1;
}

/* Hand a staging slot's nets to the tails. */
static void flush(engine *e, size_t slot)
{
    size_t sides = 2 * (size_t)e->p->years;
    double *stage = e->stage + slot * sides * STAGE;
    size_t *staged = e->staged + slot * sides;
    pthread_mutex_lock(&e->lock);
    for (size_t s = 0; s < sides; s++) {
        if (staged[s] && tail_add(&e->tails[s], stage + s * STAGE, staged[s]))
            e->failed = 1;
        staged[s] = 0;
    }
    pthread_mutex_unlock(&e->lock);
}

/* Keep what the summaries need of iteration i (in block b): the k-th
 * evaluation of the block evaluator's output o. */
static void store(engine *e, size_t b, size_t i, const eval_out *o, size_t k)
{
    const stitch_plan *p = e->p;
    long *count = e->count + b * e->n_count;
    double pvb = o->pvb[k], pvc = o->pvc[k];
    e->pvb[i] = pvb;
    e->pvc[i] = pvc;
    e->npv[i] = pvb - pvc;
    count[COUNT_OVERFLOW] |= !isfinite(pvb) || !isfinite(pvc);
    count[COUNT_GT] += pvb > pvc;
    if (pvc > 0) {
        e->bcr[b * STITCH_BLOCK + (size_t)count[COUNT_COSTED]++] = pvb / pvc;
        count[COUNT_GE] += pvb >= pvc;
    }
    int payback = o->payback[k];
    if (payback >= 0 && payback < p->years)
        count[COUNT_PAYBACK + payback] += 1;
    for (size_t g = 0; g < p->n_staff; g++)
        e->hours[g][i] = o->hours[g * EVAL_CHUNK + k];
    for (size_t c = 0; c < p->n_capacity; c++)
        e->capacity[c][i] = o->capacity[c * EVAL_CHUNK + k];
    if (i < e->net_cap) {
        size_t slot = slot_of(e, b), sides = 2 * (size_t)p->years;
        double *stage = e->stage + slot * sides * STAGE;
        size_t *staged = e->staged + slot * sides;
        int full = 0;
        for (int t = 0; t < p->years; t++) {
            double net = o->year_net[(size_t)t * EVAL_CHUNK + k];
            for (int side = 0; side < 2; side++) {
                size_t s = 2 * (size_t)t + (size_t)side;
                double v = side ? -net : net;
                if (!(v >= atomic_load_explicit(&e->tails[s].thr, memory_order_relaxed)))
                    stage[s * STAGE + staged[s]++] = v;
                full |= staged[s] == STAGE;
            }
        }
        if (full)
            flush(e, slot);
    }
    for (size_t g = 0; g < p->n_stakeholders; g++)
        e->stake[g][i] = o->stake[g * EVAL_CHUNK + k];
    double *cpo = e->block_cpo + 2 * b * p->n_nodes;
    for (size_t j = 0; j < p->n_nodes; j++) {
        double people = o->people[j * EVAL_CHUNK + k] * p->delivery_years;
        e->people[j][i] = people;
        if (people > 0) /* nobody reached: no cost per person to average */
            cpo[2 * j] += pvc / people;
        else
            cpo[2 * j + 1] += 1;
    }
}

/* After block b: fill the rest of its BCR slice, hand over its staged
 * nets and free its slot. */
static void block_done(engine *e, size_t b)
{
    for (size_t k = (size_t)e->count[b * e->n_count + COUNT_COSTED]; k < STITCH_BLOCK; k++)
        e->bcr[b * STITCH_BLOCK + k] = INFINITY;
    long *slot = e->count + b * e->n_count + COUNT_SLOT;
    if (*slot) {
        flush(e, (size_t)*slot - 1);
        atomic_store(&e->busy[*slot - 1], 0);
    }
}

/* What one thread evaluates with: the block evaluator's scratch, and each
 * input's row of values for the chunk being evaluated (fixed inputs point
 * at a row of their base value). */
typedef struct {
    eval_block_scratch *s;
    const double **x; /* per input */
    double *fixed;    /* n_inputs rows of EVAL_CHUNK */
} block_eval;

/* Run block b; 0, or -1 when the design could not work out a quantile. */
static int run_block(engine *e, size_t b, gsl_rng *rng, double *cols,
                     sample_scratch *scratch, block_eval *be)
{
    const stitch_plan *p = e->p;
    size_t first = b * STITCH_BLOCK;
    size_t n = (size_t)e->n - first < STITCH_BLOCK ? (size_t)e->n - first : STITCH_BLOCK;
    if (e->dsg) {
        if (design_block(e->dsg, b, n, cols))
            return -1;
    } else
        sample_block(p, e->seed, b, n, SAMPLE_CORRELATED, rng, cols, scratch);
    const eval_out *o = eval_block_out(be->s);
    for (size_t c0 = 0; c0 < n; c0 += EVAL_CHUNK) {
        size_t m = n - c0 < EVAL_CHUNK ? n - c0 : EVAL_CHUNK, at = first + c0;
        for (size_t u = 0; u < p->n_uncertain; u++)
            be->x[p->uncertain[u]] = cols + u * STITCH_BLOCK + c0;
        eval_block(p, be->x, m, be->s);
        for (size_t k = 0; k < m; k++)
            store(e, b, at + k, o, k);
    }
    block_done(e, b);
    util_progress_add(e->pr, n);
    return 0;
}

/* The block evaluator of one thread, or NULL when out of memory. */
static block_eval *block_eval_alloc(const stitch_plan *p)
{
    block_eval *be = calloc(1, sizeof *be);
    double *base = malloc((p->n_inputs + 1) * sizeof *base);
    if (!be || !base ||
        !(be->x = malloc((p->n_inputs + 1) * sizeof *be->x)) ||
        !(be->fixed = malloc((p->n_inputs + 1) * EVAL_CHUNK * sizeof *be->fixed)) ||
        !(be->s = eval_block_scratch_alloc(p))) {
        free(base);
        if (be)
            free(be->x), free(be->fixed), free(be);
        return NULL;
    }
    stitch_plan_base(p, base); /* fixed inputs keep their value */
    for (size_t i = 0; i < p->n_inputs; i++) {
        double *row = be->fixed + i * EVAL_CHUNK;
        for (size_t k = 0; k < EVAL_CHUNK; k++)
            row[k] = base[i];
        be->x[i] = row;
    }
    free(base);
    return be;
}

static void block_eval_free(block_eval *be)
{
    if (!be)
        return;
    eval_block_scratch_free(be->s);
    free(be->x), free(be->fixed), free(be);
}

static void *work(void *arg)
{
    worker *w = arg;
    engine *e = w->e;
    const stitch_plan *p = e->p;
    gsl_rng *rng = gsl_rng_alloc(sample_rng_type());
    double *cols = malloc((p->n_uncertain + 1) * STITCH_BLOCK * sizeof *cols);
    sample_scratch *scratch = sample_scratch_alloc(p);
    block_eval *be = block_eval_alloc(p);
    if (!rng || !cols || !scratch || !be)
        w->failed = 1;
    else {
        for (size_t b = e->b0 + (size_t)w->id; b < e->b1 && !w->failed;
             b += (size_t)w->stride)
            w->failed = run_block(e, b, rng, cols, scratch, be) ? 2 : 0;
    }
    block_eval_free(be);
    free(cols);
    sample_scratch_free(scratch);
    gsl_rng_free(rng);
    return NULL;
}

/* ---- summaries -------------------------------------------------------------------- */

/* Put the order statistics of v[lo..hi) at ranks[0..nr) (ascending, all
 * in [lo, hi)) in their places, by GSL's linear-time selection, which
 * leaves smaller values before the one it selects and larger after: the
 * middle rank first, then each side on its own part. */
static void select_ranks(double *v, size_t lo, size_t hi, const size_t *ranks, size_t nr)
{
    if (nr == 0)
        return;
    size_t m = nr / 2, r = ranks[m];
    gsl_stats_select(v + lo, 1, hi - lo, r - lo);
    select_ranks(v, lo, r, ranks, m);
    select_ranks(v, r + 1, hi, ranks + m + 1, nr - m - 1);
}

/* Below this many values, order_stats selects in place directly. */
#define ORDER_SMALL 65536

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/*
 * The order statistics of v[0..n) at ranks[0..nr) (ascending, distinct, at
 * most 32) into val[0..nr), exactly: the values are what sorting v would
 * put there. For large n, by bracketing (Floyd & Rivest 1975, CACM 18:165):
 * a sorted sample of about n^(2/3) values, taken at even strides, gives for
 * each rank two values that almost surely bracket it; one pass over v
 * counts the values below each bracket and swaps those inside to the front,
 * and the ranks are found among those few the same way (below 65,536 of
 * them, by selection in place). A bracket that misses its
 * rank (an unlucky sample) falls back to selecting in all of v. One read
 * of v instead of repeated partitioning, and no memory beyond the sample.
 * Reorders v.
 */
static void order_stats(double *v, size_t n, const size_t *ranks, size_t nr, double *val)
{
    size_t s = (size_t)pow((double)n, 2.0 / 3.0);
    double *sample = NULL;
    if (n < ORDER_SMALL || nr == 0 || nr > 32 || !(sample = malloc(s * sizeof *sample))) {
        select_ranks(v, 0, n, ranks, nr);
        for (size_t j = 0; j < nr; j++)
            val[j] = v[ranks[j]];
        return;
    }
    for (size_t i = 0; i < s; i++)
        sample[i] = v[(size_t)((double)i * (double)n / (double)s)];
    qsort(sample, s, sizeof *sample, by_double);
    /* Brackets [a, b] in the sample around each rank: 5 standard deviations
     * of the sample rank of that quantile each side, merged where they meet. */
    double a[33], b[32];
    size_t nb = 0;
    for (size_t j = 0; j < nr; j++) {
        double f = ((double)ranks[j] + 0.5) / (double)n;
        double sd = sqrt((double)s * f * (1 - f)), c = f * (double)s;
        long lo = (long)floor(c - 5 * sd - 2), hi = (long)ceil(c + 5 * sd + 2);
        double lo_v = lo < 0 ? -INFINITY : sample[lo];
        double hi_v = hi >= (long)s ? INFINITY : sample[hi];
        if (nb > 0 && lo_v <= b[nb - 1])
            b[nb - 1] = hi_v > b[nb - 1] ? hi_v : b[nb - 1];
        else
            a[nb] = lo_v, b[nb] = hi_v, nb++;
    }
    free(sample);
    a[nb] = NAN; /* no value is in the bracket after the last */
    /* below[k]: the values between bracket k - 1 and bracket k; len[k]:
     * those in bracket k, swapped to v[0..w) as they come. */
    size_t below[33] = {0}, len[33] = {0}, w = 0;
    for (size_t i = 0; i < n; i++) {
        double x = v[i];
        size_t k = 0;
        for (size_t j = 0; j < nb; j++) /* no early exit: no branch to mispredict */
            k += x > b[j];
        if (x >= a[k]) {
            len[k]++;
            v[i] = v[w], v[w++] = x;
        } else
            below[k]++; /* x < a[k], or past every bracket */
    }
    /* v[0..w) sorted would be bracket 0's values, then bracket 1's, ...: so
     * rank r in bracket k is rank (the brackets before) + (r - those below
     * it) there. */
    size_t at[32], k = 0, all_before = 0, in_before = 0;
    int ok = 1;
    for (size_t j = 0; ok && j < nr; j++) {
        while (k < nb && ranks[j] >= all_before + below[k] + len[k])
            all_before += below[k] + len[k], in_before += len[k], k++;
        ok = k < nb && ranks[j] >= all_before + below[k];
        if (ok)
            at[j] = in_before + (ranks[j] - all_before - below[k]);
    }
    if (ok && w < n) /* the same again among the bracketed values */
        order_stats(v, w, at, nr, val);
    else if (ok) { /* every value is in a bracket (ties): select in place */
        select_ranks(v, 0, w, at, nr);
        for (size_t j = 0; j < nr; j++)
            val[j] = v[at[j]];
    } else { /* v holds the same values, reordered */
        select_ranks(v, 0, n, ranks, nr);
        for (size_t j = 0; j < nr; j++)
            val[j] = v[ranks[j]];
    }
}

/* The order statistic at rank r among those order_stats worked out. */
static double stat_at(const size_t *ranks, const double *val, size_t nr, size_t r)
{
    size_t j = 0;
    while (j + 1 < nr && ranks[j] != r)
        j++;
    return val[j];
}

/* The ranks (ascending, distinct) that the f-quantiles of n values need:
 * floor(f (n - 1)) and the one after. Returns how many. */
static size_t quantile_ranks(const double *f, size_t nf, size_t n, size_t *ranks)
{
    size_t nr = 0;
    for (size_t q = 0; q < nf; q++) {
        size_t lo = (size_t)(f[q] * (double)(n - 1));
        for (size_t r = lo; r <= lo + 1 && r < n; r++)
            if (nr == 0 || ranks[nr - 1] < r)
                ranks[nr++] = r;
    }
    return nr;
}

/* The f-quantiles (f ascending) of v[0..n) with the same interpolation as
 * gsl_stats_quantile_from_sorted_data, in linear time: the order statistics
 * at floor(f (n - 1)) and the one after, selected together. May reorder v. */
static void quantiles(double *v, size_t n, const double *f, size_t nf, double *out)
{
    size_t ranks[32];
    double val[32];
    size_t nr = quantile_ranks(f, nf, n, ranks);
    order_stats(v, n, ranks, nr, val);
    for (size_t q = 0; q < nf; q++) {
        double h = f[q] * (double)(n - 1);
        size_t lo = (size_t)h;
        double a = stat_at(ranks, val, nr, lo);
        out[q] = lo + 1 >= n
                     ? a
                     : a + (h - (double)lo) * (stat_at(ranks, val, nr, lo + 1) - a);
    }
}

static const double fifths[] = {0.05, 0.25, 0.50, 0.75, 0.95};
/* The same with the histogram's bounds, the 0.5th and 99.5th percentiles. */
static const double fifths_and_bounds[] = {0.005, 0.05, 0.25, 0.50, 0.75, 0.95, 0.995};

static void moments(const double *v, size_t n, stitch_summary *s)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    s->mean = sum / (double)n;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - s->mean) * (v[i] - s->mean);
    s->sd = n > 1 ? sqrt(ss / (double)(n - 1)) : NAN; /* one value has no spread */
    s->mcse = s->sd / sqrt((double)n);
}

static void set_fifths(stitch_summary *s, const double *q)
{
    s->p5 = q[0], s->p25 = q[1], s->p50 = q[2], s->p75 = q[3], s->p95 = q[4];
}

/* Mean, sd, MCSE and percentiles of v[0..n). Reorders v: percentiles are
 * found by selection in place, so no copy of the iterations is kept. */
static stitch_summary summarise(double *v, size_t n)
{
    stitch_summary s;
    double q[5];
    moments(v, n, &s);
    quantiles(v, n, fifths, 5, q);
    set_fifths(&s, q);
    return s;
}

/* The histogram of the first n of v[0..all) between lo and hi (its 0.5th
 * and 99.5th percentiles); the values past n are +infinity, not counted.
 * Without spread, one bin around lo. */
static void histogram(const double *v, size_t n, size_t all, double lo, double hi,
                      stitch_mc_result *mc)
{
    if (!(hi > lo)) { /* no spread: one bin around the value */
        double at = lo;
        lo -= 0.5 * (fabs(lo) > 0 ? fabs(lo) * 0.01 : 1), hi = 2 * at - lo;
    }
    mc->hist_lo = lo, mc->hist_hi = hi;
    memset(mc->hist, 0, sizeof mc->hist);
    mc->hist_below = mc->hist_above = 0;
    double width = (hi - lo) / STITCH_HIST_BINS;
    for (size_t i = 0; i < all; i++) {
        if (v[i] < lo)
            mc->hist_below += 1;
        else if (v[i] > hi)
            mc->hist_above += 1;
        else {
            size_t b = (size_t)((v[i] - lo) / width);
            mc->hist[b < STITCH_HIST_BINS ? b : STITCH_HIST_BINS - 1] += 1;
        }
    }
    mc->hist_above -= (double)(all - n);
    for (size_t b = 0; b < STITCH_HIST_BINS; b++)
        mc->hist[b] /= (double)n;
    mc->hist_below /= (double)n, mc->hist_above /= (double)n;
}

/* A summary to work out: one output, one task. */
enum { TASK_NPV, TASK_BCR, TASK_PVB, TASK_PVC, TASK_HOURS, TASK_CAPACITY, TASK_STAKE,
       TASK_NET, TASK_PEOPLE };

typedef struct {
    int kind;
    size_t index;
} task;

typedef struct {
    engine *e;
    stitch_mc_result *mc;
    const task *tasks;
    size_t n_tasks;
    atomic_size_t next;
} task_list;

/* BCR and ROI over the iterations with costs, in iteration order: each
 * block's first values in e->bcr. */
static void bcr_and_roi(engine *e, stitch_mc_result *mc)
{
    size_t n = (size_t)e->n, k = (size_t)(n - (size_t)mc->no_bcr);
    size_t blocks = (n + STITCH_BLOCK - 1) / STITCH_BLOCK;
    double sum = 0, sum_roi = 0, ss = 0, ss_roi = 0;
    for (size_t b = 0; b < blocks; b++) {
        const double *v = e->bcr + b * STITCH_BLOCK;
        for (long j = 0; j < e->count[b * e->n_count + COUNT_COSTED]; j++)
            sum += v[j], sum_roi += v[j] - 1.0;
    }
    double mean = sum / (double)k, mean_roi = sum_roi / (double)k;
    for (size_t b = 0; b < blocks; b++) {
        const double *v = e->bcr + b * STITCH_BLOCK;
        for (long j = 0; j < e->count[b * e->n_count + COUNT_COSTED]; j++) {
            ss += (v[j] - mean) * (v[j] - mean);
            ss_roi += (v[j] - 1.0 - mean_roi) * (v[j] - 1.0 - mean_roi);
        }
    }
    mc->bcr.mean = mean, mc->roi.mean = mean_roi;
    mc->bcr.sd = k > 1 ? sqrt(ss / (double)(k - 1)) : NAN;
    mc->roi.sd = k > 1 ? sqrt(ss_roi / (double)(k - 1)) : NAN;
    mc->bcr.mcse = mc->bcr.sd / sqrt((double)k);
    mc->roi.mcse = mc->roi.sd / sqrt((double)k);
    /* The k values with costs are the k smallest (the rest are +infinity),
     * and x - 1 is monotone, so ROI's order statistics are BCR's less 1. */
    size_t all = blocks * STITCH_BLOCK;
    double q[7], q_roi[5], val[32];
    size_t ranks[32], nr = quantile_ranks(fifths_and_bounds, 7, k, ranks);
    order_stats(e->bcr, all, ranks, nr, val);
    for (size_t f = 0; f < 7; f++) {
        double h = fifths_and_bounds[f] * (double)(k - 1);
        size_t lo = (size_t)h;
        double a = stat_at(ranks, val, nr, lo);
        double a1 = lo + 1 >= k ? a : stat_at(ranks, val, nr, lo + 1);
        q[f] = lo + 1 >= k ? a : a + (h - (double)lo) * (a1 - a);
        if (f >= 1 && f <= 5) {
            double ar = a - 1.0;
            q_roi[f - 1] = lo + 1 >= k ? ar : ar + (h - (double)lo) * ((a1 - 1.0) - ar);
        }
    }
    set_fifths(&mc->bcr, q + 1);
    set_fifths(&mc->roi, q_roi);
    mc->hist_of_npv = 0;
    histogram(e->bcr, k, all, q[0], q[6], mc);
}

/* P5 and P95 of year t's net from its tails. */
static void net_quantiles(engine *e, stitch_mc_result *mc, int t)
{
    size_t m = (size_t)mc->net_iterations;
    tail *lo_tail = &e->tails[2 * t], *hi_tail = &e->tails[2 * t + 1];
    double h = 0.05 * (double)(m - 1);
    size_t lo = (size_t)h, ranks[2] = {lo, lo + 1};
    select_ranks(lo_tail->v, 0, lo_tail->len, ranks, lo + 1 < m ? 2 : 1);
    double a = lo_tail->v[lo];
    mc->net_p5[t] = lo + 1 >= m ? a : a + (h - (double)lo) * (lo_tail->v[lo + 1] - a);
    /* The largest, negated: the order statistic at rank r from the bottom
     * is at rank m - 1 - r from the top. */
    h = 0.95 * (double)(m - 1);
    lo = (size_t)h;
    size_t r1 = m - 1 - lo;
    if (lo + 1 < m)
        ranks[0] = r1 - 1, ranks[1] = r1;
    else
        ranks[0] = r1;
    select_ranks(hi_tail->v, 0, hi_tail->len, ranks, lo + 1 < m ? 2 : 1);
    a = -hi_tail->v[r1];
    mc->net_p95[t] = lo + 1 >= m ? a : a + (h - (double)lo) * (-hi_tail->v[r1 - 1] - a);
}

static void run_task(engine *e, stitch_mc_result *mc, const task *t)
{
    size_t n = (size_t)e->n;
    switch (t->kind) {
    case TASK_NPV:
        if (mc->bcr_defined)
            mc->npv = summarise(e->npv, n);
        else { /* the histogram is of the NPV */
            double q[7];
            moments(e->npv, n, &mc->npv);
            quantiles(e->npv, n, fifths_and_bounds, 7, q);
            set_fifths(&mc->npv, q + 1);
            mc->hist_of_npv = 1;
            histogram(e->npv, n, n, q[0], q[6], mc);
        }
        break;
    case TASK_BCR:
        bcr_and_roi(e, mc);
        break;
    case TASK_PVB:
        mc->pvb = summarise(e->pvb, n);
        break;
    case TASK_PVC:
        mc->pvc = summarise(e->pvc, n);
        break;
    case TASK_HOURS:
        mc->hours[t->index] = summarise(e->hours[t->index], n);
        break;
    case TASK_CAPACITY:
        mc->capacity[t->index] = summarise(e->capacity[t->index], n);
        break;
    case TASK_STAKE:
        mc->by_stakeholder[t->index] = summarise(e->stake[t->index], n);
        break;
    case TASK_NET:
        net_quantiles(e, mc, (int)t->index);
        break;
    case TASK_PEOPLE:
        mc->people[t->index] = summarise(e->people[t->index], n);
        break;
    }
}

static void *task_work(void *arg)
{
    task_list *l = *(task_list **)arg;
    for (size_t i; (i = atomic_fetch_add(&l->next, 1)) < l->n_tasks;) {
        run_task(l->e, l->mc, &l->tasks[i]);
        util_progress_add(l->e->pr, 1);
    }
    return NULL;
}

/* The counts merged in block order: P(NPV > 0), P(BCR >= 1), payback by
 * year and cost per outcome. */
static void counts(engine *e, stitch_mc_result *mc)
{
    const stitch_plan *p = e->p;
    size_t n = (size_t)e->n, n_blocks = (n + STITCH_BLOCK - 1) / STITCH_BLOCK;
    long gt = 0, k = 0, ge = 0;
    for (size_t b = 0; b < n_blocks; b++) {
        const long *c = e->count + b * e->n_count;
        gt += c[COUNT_GT], k += c[COUNT_COSTED], ge += c[COUNT_GE];
        for (int t = 0; t < p->years; t++)
            mc->payback_by[t] += (double)c[COUNT_PAYBACK + t];
    }
    for (int t = 1; t < p->years; t++) /* paid back by year t: in year t or before */
        mc->payback_by[t] += mc->payback_by[t - 1];
    for (int t = 0; t < p->years; t++)
        mc->payback_by[t] /= (double)n;
    mc->p_npv_gt_0 = (double)gt / (double)n;
    mc->bcr_defined = k > 0;
    mc->no_bcr = (long)n - k;
    mc->p_bcr_ge_1 = k > 0 ? (double)ge / (double)k : NAN;
    mc->p_bcr_ge_1_mcse =
        k > 1 ? sqrt(mc->p_bcr_ge_1 * (1 - mc->p_bcr_ge_1) / (double)k) : NAN;
    for (size_t j = 0; j < p->n_nodes; j++) {
        double sum = 0, nobody = 0;
        for (size_t b = 0; b < n_blocks; b++) {
            sum += e->block_cpo[2 * (b * p->n_nodes + j)];
            nobody += e->block_cpo[2 * (b * p->n_nodes + j) + 1];
        }
        double counted = (double)n - nobody;
        mc->cost_per_outcome[j] =
            p->nodes[j].parent < 0 || counted < 1 ? NAN : sum / counted;
        mc->no_outcome[j] = (long)nobody;
    }
}

/* Every summary, one task per output over `threads` threads. A simulation
 * without costs has no BCR or ROI: it is left out of their summaries, of
 * their histogram and of P(BCR >= 1), and counted in no_bcr. Returns -1
 * when out of memory. */
static int summarise_all(engine *e, stitch_mc_result *mc, int threads)
{
    const stitch_plan *p = e->p;
    counts(e, mc);
    size_t n_tasks = 4 + p->n_staff + p->n_capacity + p->n_stakeholders + p->n_nodes +
                     (size_t)p->years;
    task *tasks = malloc(n_tasks * sizeof *tasks);
    if (!tasks)
        return -1;
    size_t n = 0; /* the longest first */
    if (mc->bcr_defined)
        tasks[n++] = (task){TASK_BCR, 0};
    tasks[n++] = (task){TASK_NPV, 0};
    tasks[n++] = (task){TASK_PVB, 0};
    tasks[n++] = (task){TASK_PVC, 0};
    for (size_t g = 0; g < p->n_stakeholders; g++)
        tasks[n++] = (task){TASK_STAKE, g};
    for (size_t g = 0; g < p->n_staff; g++)
        tasks[n++] = (task){TASK_HOURS, g};
    for (size_t c = 0; c < p->n_capacity; c++)
        tasks[n++] = (task){TASK_CAPACITY, c};
    for (size_t j = 0; j < p->n_nodes; j++)
        tasks[n++] = (task){TASK_PEOPLE, j};
    mc->net_iterations = (long)((size_t)e->n < e->net_cap ? (size_t)e->n : e->net_cap);
    for (int t = 0; t < p->years; t++)
        tasks[n++] = (task){TASK_NET, (size_t)t};
    if (e->pr) /* a step of its own: the percentiles of each output */
        util_progress_start(e->pr, e->pr->fn, e->pr->ctx, "summarising the simulations",
                            n);
    task_list l = {e, mc, tasks, n, 0};
    task_list *items[64];
    threads = threads < 1 ? 1 : threads > 64 ? 64 : threads;
    threads = (size_t)threads > n ? (int)n : threads;
    for (int t = 0; t < threads; t++)
        items[t] = &l;
    int rc = util_run_threads(task_work, items, sizeof *items, threads);
    if (rc) /* a thread could not start: finish the tasks here */
        task_work(items);
    util_progress_end(e->pr);
    free(tasks);
    return 0;
}

static int run_threads(engine *e, int threads)
{
    worker w[64];
    int failed = 0;
    threads = threads > 64 ? 64 : threads;
    for (int t = 0; t < threads; t++)
        w[t] = (worker){e, t, threads, 0};
    if (util_run_threads(work, w, sizeof *w, threads))
        return -1;
    for (int t = 0; t < threads; t++)
        failed = w[t].failed > failed ? w[t].failed : failed;
    return failed ? -failed : e->failed ? -1 : 0; /* -2: a design's quantile failed */
}

static void engine_free(engine *e)
{
    for (size_t g = 0; e->hours && g < e->p->n_staff; g++)
        free(e->hours[g]);
    for (size_t g = 0; e->stake && g < e->p->n_stakeholders; g++)
        free(e->stake[g]);
    free(e->stake);
    for (size_t j = 0; e->people && j < e->p->n_nodes; j++)
        free(e->people[j]);
    free(e->people);
    free(e->hours), free(e->pvb), free(e->pvc), free(e->npv), free(e->bcr);
    free(e->count), free(e->block_cpo);
    for (size_t c = 0; e->capacity && c < e->p->n_capacity; c++)
        free(e->capacity[c]);
    free(e->capacity);
    for (int t = 0; e->tails && t < 2 * e->p->years; t++)
        free(e->tails[t].v);
    free(e->tails), free(e->stage), free(e->staged), free(e->busy);
    if (e->slots)
        pthread_mutex_destroy(&e->lock);
}

/* The iterations whose yearly nets feed the tails, in whole blocks (at least one). */
static size_t net_most(const stitch_plan *p)
{
    size_t most = YEAR_NET_VALUES / (size_t)p->years / STITCH_BLOCK * STITCH_BLOCK;
    return most ? most : STITCH_BLOCK;
}

/* Set up the tails for at most `iterations` simulations, with `slots`
 * workers' staging. */
static int engine_start(engine *e, long iterations, int slots)
{
    const stitch_plan *p = e->p;
    size_t most = net_most(p), sides = 2 * (size_t)p->years;
    e->net_cap = most;
    size_t m = (size_t)iterations < most ? (size_t)iterations : most;
    if (pthread_mutex_init(&e->lock, NULL))
        return -1;
    e->slots = (size_t)slots;
    if (!(e->tails = calloc(sides, sizeof *e->tails)) ||
        !(e->stage = malloc(e->slots * sides * STAGE * sizeof *e->stage)) ||
        !(e->staged = calloc(e->slots * sides, sizeof *e->staged)) ||
        !(e->busy = calloc(e->slots, sizeof *e->busy)))
        return -1;
    for (size_t s = 0; s < e->slots; s++)
        atomic_init(&e->busy[s], 0);
    /* Ranks floor(0.05 (m - 1)) and the next from the bottom; from the top,
     * m - 1 - floor(0.95 (m - 1)) and the one below it: neither falls as
     * m grows, so tails for m serve any smaller run. */
    size_t keep_lo = (size_t)(0.05 * (double)(m - 1)) + 2;
    size_t keep_hi = m - (size_t)(0.95 * (double)(m - 1));
    for (size_t s = 0; s < sides; s++)
        if (tail_init(&e->tails[s], s % 2 ? keep_hi : keep_lo))
            return -1;
    return 0;
}

/* Make the per-iteration arrays hold `want` iterations (whole blocks). */
/* Ask for the pages of a large per-iteration array in 2 MiB pieces
 * (transparent huge pages), when the kernel offers them on request: one
 * page fault per 2 MiB instead of per 4 KiB when the workers first write
 * it. Only a hint; nothing changes if it is refused. */
static void *huge_pages(void *v, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (v && bytes >= ((size_t)8 << 20) && page > 0) {
        char *lo = (char *)(((uintptr_t)v + page - 1) / page * page);
        char *hi = (char *)(((uintptr_t)v + bytes) / page * page);
        if (hi > lo)
            madvise(lo, (size_t)(hi - lo), MADV_HUGEPAGE);
    }
#else
    (void)bytes;
#endif
    return v;
}

static int engine_reserve(engine *e, size_t want)
{
    const stitch_plan *p = e->p;
    size_t blocks = (want + STITCH_BLOCK - 1) / STITCH_BLOCK, cap = blocks * STITCH_BLOCK;
    if (cap <= e->cap)
        return 0;
    if (!e->hours && !(e->hours = calloc(p->n_staff + 1, sizeof *e->hours)))
        return -1;
    if (!e->stake && !(e->stake = calloc(p->n_stakeholders + 1, sizeof *e->stake)))
        return -1;
    if (!e->people && !(e->people = calloc(p->n_nodes + 1, sizeof *e->people)))
        return -1;
    void *v;
    double **arrays[] = {&e->pvb, &e->pvc, &e->npv, &e->bcr};
    for (size_t a = 0; a < 4; a++) {
        if (!(v = huge_pages(realloc(*arrays[a], cap * sizeof **arrays[a]),
                             cap * sizeof **arrays[a])))
            return -1;
        *arrays[a] = v;
    }
    for (size_t g = 0; g < p->n_staff; g++) {
        if (!(v = huge_pages(realloc(e->hours[g], cap * sizeof **e->hours),
                             cap * sizeof **e->hours)))
            return -1;
        e->hours[g] = v;
    }
    if (!e->capacity && !(e->capacity = calloc(p->n_capacity + 1, sizeof *e->capacity)))
        return -1;
    for (size_t c = 0; c < p->n_capacity; c++) {
        if (!(v = huge_pages(realloc(e->capacity[c], cap * sizeof **e->capacity),
                             cap * sizeof **e->capacity)))
            return -1;
        e->capacity[c] = v;
    }
    for (size_t g = 0; g < p->n_stakeholders; g++) {
        if (!(v = huge_pages(realloc(e->stake[g], cap * sizeof **e->stake),
                             cap * sizeof **e->stake)))
            return -1;
        e->stake[g] = v;
    }
    for (size_t j = 0; j < p->n_nodes; j++) {
        if (!(v = huge_pages(realloc(e->people[j], cap * sizeof **e->people),
                             cap * sizeof **e->people)))
            return -1;
        e->people[j] = v;
    }
    size_t old_blocks = e->cap / STITCH_BLOCK;
    e->n_count = COUNT_PAYBACK + (size_t)p->years;
    if (!(v = realloc(e->count, (blocks * e->n_count + 1) * sizeof *e->count)))
        return -1;
    e->count = v;
    memset(e->count + old_blocks * e->n_count, 0,
           ((blocks - old_blocks) * e->n_count + 1) * sizeof *e->count);
    size_t old = 2 * old_blocks * p->n_nodes, now = 2 * blocks * p->n_nodes;
    if (!(v = realloc(e->block_cpo, (now + 1) * sizeof *e->block_cpo)))
        return -1;
    e->block_cpo = v;
    memset(e->block_cpo + old, 0, (now + 1 - old) * sizeof *e->block_cpo);
    e->cap = cap;
    return 0;
}

/* Run the iterations from e->n up to `n`, with whole new blocks. */
static int engine_extend(engine *e, long n, int threads)
{
    if (engine_reserve(e, (size_t)n))
        return -1;
    e->b0 = ((size_t)e->n + STITCH_BLOCK - 1) / STITCH_BLOCK;
    e->n = n;
    e->b1 = ((size_t)n + STITCH_BLOCK - 1) / STITCH_BLOCK;
    size_t blocks = e->b1 - e->b0;
    threads = (size_t)threads > blocks ? (int)blocks : threads;
    return run_threads(e, threads < 1 ? 1 : threads);
}

/* The two Monte Carlo standard errors --precision watches: of the mean BCR
 * and of P(BCR >= 1), over the iterations with costs (as summarise_all), or
 * of P(NPV > 0) when no iteration has costs. Each is NaN, not estimable,
 * when fewer than 2 iterations count towards it. */
static void convergence(const engine *e, double *se_bcr, double *se_p)
{
    size_t n = (size_t)e->n, k = 0, blocks = (n + STITCH_BLOCK - 1) / STITCH_BLOCK;
    double sum = 0, ss = 0;
    long hit = 0, gt = 0;
    for (size_t b = 0; b < blocks; b++) {
        const long *c = e->count + b * e->n_count;
        const double *v = e->bcr + b * STITCH_BLOCK;
        gt += c[COUNT_GT], hit += c[COUNT_GE], k += (size_t)c[COUNT_COSTED];
        for (long j = 0; j < c[COUNT_COSTED]; j++)
            sum += v[j];
    }
    double mean = k ? sum / (double)k : 0;
    for (size_t b = 0; b < blocks; b++) {
        const double *v = e->bcr + b * STITCH_BLOCK;
        for (long j = 0; j < e->count[b * e->n_count + COUNT_COSTED]; j++)
            ss += (v[j] - mean) * (v[j] - mean);
    }
    size_t m = k ? k : n;
    double share = (double)(k ? hit : gt) / (double)m;
    *se_p = m > 1 ? sqrt(share * (1 - share) / (double)m) : NAN;
    *se_bcr = k > 1 ? sqrt(ss / (double)(k - 1) / (double)k) : NAN;
}

/* The larger of the two standard errors; infinite when they cannot be
 * estimated (fewer than 2 iterations), so such a run never meets a target. */
static double worst_error(double se_bcr, double se_p)
{
    if (isnan(se_p))
        return INFINITY;
    return fmax(se_p, isnan(se_bcr) ? 0 : se_bcr);
}

static stitch_mc_result *result_alloc(const stitch_plan *p)
{
    stitch_mc_result *mc = calloc(1, sizeof *mc);
    if (!mc)
        return NULL;
    mc->hours = calloc(p->n_staff + 1, sizeof *mc->hours);
    mc->payback_by = calloc((size_t)p->years, sizeof *mc->payback_by);
    mc->cost_per_outcome = calloc(p->n_nodes + 1, sizeof *mc->cost_per_outcome);
    mc->no_outcome = calloc(p->n_nodes + 1, sizeof *mc->no_outcome);
    mc->capacity = calloc(p->n_capacity + 1, sizeof *mc->capacity);
    mc->net_p5 = calloc((size_t)p->years, sizeof *mc->net_p5);
    mc->net_p95 = calloc((size_t)p->years, sizeof *mc->net_p95);
    mc->by_stakeholder = calloc(p->n_stakeholders + 1, sizeof *mc->by_stakeholder);
    mc->people = calloc(p->n_nodes + 1, sizeof *mc->people);
    if (!mc->hours || !mc->payback_by || !mc->cost_per_outcome || !mc->no_outcome ||
        !mc->capacity || !mc->net_p5 || !mc->net_p95 || !mc->by_stakeholder ||
        !mc->people) {
        stitch_mc_free(mc);
        return NULL;
    }
    return mc;
}

static int default_threads(int threads)
{
    if (threads <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus > 0 ? (int)cpus : 1;
    }
    return threads > 64 ? 64 : threads;
}

/* Iterations to try next: enough, by the square-root law, to bring the
 * larger standard error down to the target, with 10% to spare; at least one
 * more block, at most `most`, in whole blocks. */
static long next_size(long n, double ratio, long most)
{
    double want = (double)n * ratio * ratio * 1.1;
    double blocks = ceil(want / STITCH_BLOCK);
    long next = blocks * STITCH_BLOCK > (double)most ? most : (long)blocks * STITCH_BLOCK;
    if (next <= n)
        next = n + STITCH_BLOCK;
    return next > most ? most : next;
}

/* ---- Latin hypercube and quasi-Monte Carlo (docs/method.md section 7.1) ---- */

enum { REP_PVB, REP_PVC, REP_NPV, REP_BCR, REP_P_BCR, REP_P_NPV, REP_HOURS, REP_CAPACITY,
       REP_STAKE };

/* The standard error of the mean of one per-iteration figure from the
 * spread of the means of the design's replicates (iteration i is in
 * replicate i mod STITCH_REPLICATES): sqrt(sum (m_r - m)^2 / (R (R - 1)))
 * over the R replicates with at least one iteration that counts (those
 * with costs, for the BCR and P(BCR >= 1)); NaN when fewer than 2 have. */
static double replicate_se(const engine *e, int what, size_t g)
{
    double sum[STITCH_REPLICATES] = {0}, count[STITCH_REPLICATES] = {0};
    for (size_t i = 0; i < (size_t)e->n; i++) {
        double v, pvb = e->pvb[i], pvc = e->pvc[i];
        switch (what) {
        case REP_PVB:
            v = pvb;
            break;
        case REP_PVC:
            v = pvc;
            break;
        case REP_NPV:
            v = pvb - pvc;
            break;
        case REP_BCR:
        case REP_P_BCR:
            if (!(pvc > 0))
                continue;
            v = what == REP_BCR ? pvb / pvc : pvb >= pvc;
            break;
        case REP_P_NPV:
            v = pvb > pvc;
            break;
        case REP_HOURS:
            v = e->hours[g][i];
            break;
        case REP_CAPACITY:
            v = e->capacity[g][i];
            break;
        default:
            v = e->stake[g][i];
            break;
        }
        sum[i % STITCH_REPLICATES] += v;
        count[i % STITCH_REPLICATES] += 1;
    }
    double m[STITCH_REPLICATES], mean = 0;
    size_t k = 0;
    for (size_t r = 0; r < STITCH_REPLICATES; r++)
        if (count[r] > 0)
            mean += (m[k++] = sum[r] / count[r]);
    if (k < 2)
        return NAN;
    mean /= (double)k;
    double ss = 0;
    for (size_t r = 0; r < k; r++)
        ss += (m[r] - mean) * (m[r] - mean);
    return sqrt(ss / ((double)k * (double)(k - 1)));
}

/* convergence() for a design: the same two standard errors, from the
 * replicates. */
static void replicate_convergence(const engine *e, double *se_bcr, double *se_p)
{
    size_t k = 0;
    for (size_t i = 0; i < (size_t)e->n; i++)
        k += e->pvc[i] > 0;
    *se_bcr = replicate_se(e, REP_BCR, 0);
    *se_p = replicate_se(e, k ? REP_P_BCR : REP_P_NPV, 0);
}

/* The replicate standard errors of every summary, worked out before the
 * summaries reorder the arrays, and put in place of the iid ones after. */
typedef struct {
    double pvb, pvc, npv, bcr, p;
    double *hours, *capacity, *stake;
} replicate_errors;

static int replicate_errors_of(const engine *e, replicate_errors *re)
{
    const stitch_plan *p = e->p;
    re->pvb = replicate_se(e, REP_PVB, 0);
    re->pvc = replicate_se(e, REP_PVC, 0);
    re->npv = replicate_se(e, REP_NPV, 0);
    re->bcr = replicate_se(e, REP_BCR, 0);
    re->p = replicate_se(e, REP_P_BCR, 0);
    re->hours = malloc((p->n_staff + 1) * sizeof *re->hours);
    re->capacity = malloc((p->n_capacity + 1) * sizeof *re->capacity);
    re->stake = malloc((p->n_stakeholders + 1) * sizeof *re->stake);
    if (!re->hours || !re->capacity || !re->stake)
        return -1;
    for (size_t g = 0; g < p->n_staff; g++)
        re->hours[g] = replicate_se(e, REP_HOURS, g);
    for (size_t c = 0; c < p->n_capacity; c++)
        re->capacity[c] = replicate_se(e, REP_CAPACITY, c);
    for (size_t g = 0; g < p->n_stakeholders; g++)
        re->stake[g] = replicate_se(e, REP_STAKE, g);
    return 0;
}

static void replicate_errors_apply(const stitch_plan *p, const replicate_errors *re,
                                   stitch_mc_result *mc)
{
    mc->pvb.mcse = re->pvb, mc->pvc.mcse = re->pvc, mc->npv.mcse = re->npv;
    if (mc->bcr_defined) {
        mc->bcr.mcse = mc->roi.mcse = re->bcr; /* ROI = BCR - 1 */
        mc->p_bcr_ge_1_mcse = re->p;
    }
    for (size_t g = 0; g < p->n_staff; g++)
        mc->hours[g].mcse = re->hours[g];
    for (size_t c = 0; c < p->n_capacity; c++)
        mc->capacity[c].mcse = re->capacity[c];
    for (size_t g = 0; g < p->n_stakeholders; g++)
        mc->by_stakeholder[g].mcse = re->stake[g];
}

/* engine_extend for any sampling. A Latin hypercube's strata depend on the
 * number of iterations, so it cannot be extended: it is drawn anew at the
 * new size (its design remade, every iteration run again). Returns 0, -1
 * (out of memory) or -2 (a quantile of the design failed). */
static int extend(engine *e, long n, int threads, stitch_sampling sampling, design **dsg)
{
    if (sampling == STITCH_SAMPLING_LHS) {
        int why = 0;
        design_free(*dsg);
        e->dsg = *dsg = design_make(e->p, sampling, e->seed, (size_t)n, &why);
        if (!*dsg)
            return -why;
        if (e->n) { /* every count, cost per outcome and yearly tail anew */
            size_t blocks = e->cap / STITCH_BLOCK;
            memset(e->block_cpo, 0, (2 * blocks * e->p->n_nodes + 1) * sizeof *e->block_cpo);
            memset(e->count, 0, (blocks * e->n_count + 1) * sizeof *e->count);
            for (int t = 0; t < 2 * e->p->years; t++) {
                e->tails[t].len = 0;
                atomic_store(&e->tails[t].thr, NAN);
            }
            e->n = 0;
        }
    }
    return engine_extend(e, n, threads);
}

static stitch_mc_result *mc_run(const stitch_plan *p, long iterations, double target,
                                unsigned long seed, int threads, stitch_sampling sampling,
                                stitch_progress_fn progress, void *progress_ctx,
                                stitch_diag *err)
{
    if (iterations < 1) {
        diag_set(err, STITCH_EINPUT, "", 0, "", "iterations must be at least 1");
        return NULL;
    }
    if (sampling == STITCH_SAMPLING_QMC && p->n_uncertain > DESIGN_HALTON_MAX) {
        diag_set(err, STITCH_EINPUT, p->model_file, 0, "",
                 "quasi-Monte Carlo sampling takes at most 1,229 uncertain inputs and this "
                 "model has %zu: use a Latin hypercube (lhs) or Monte Carlo (mc)",
                 p->n_uncertain);
        return NULL;
    }
    threads = default_threads(threads);
    engine e = {0};
    e.p = p;
    e.seed = seed;
    /* Told block by block for a fixed number of simulations; under a
     * precision target the total is not known in advance, so only the
     * summaries are told. */
    util_progress pr;
    util_progress_start(&pr, target > 0 ? NULL : progress, progress_ctx, "simulations",
                        (size_t)(iterations > 0 ? iterations : 1));
    e.pr = progress ? &pr : NULL;
    stitch_mc_result *mc = result_alloc(p);
    int failed = !mc || engine_start(&e, iterations, threads), rc = 0;
    design *dsg = NULL;
    if (!failed && sampling == STITCH_SAMPLING_QMC) { /* its points do not depend on n */
        int why = 0;
        e.dsg = dsg = design_make(p, sampling, seed, (size_t)iterations, &why);
        rc = dsg ? 0 : -why;
        failed = !dsg;
    }
    double se_bcr = NAN, se_p = NAN;
    if (target > 0) { /* start with 4 blocks, grow until both errors are small */
        long n = iterations < 4 * STITCH_BLOCK ? iterations : 4 * STITCH_BLOCK;
        while (!failed && !(failed = (rc = extend(&e, n, threads, sampling, &dsg)) != 0)) {
            if (dsg)
                replicate_convergence(&e, &se_bcr, &se_p);
            else
                convergence(&e, &se_bcr, &se_p);
            double ratio = worst_error(se_bcr, se_p) / target;
            if (ratio <= 1 || e.n >= iterations)
                break;
            n = next_size(e.n, ratio, iterations);
        }
        if (mc) {
            mc->precision = target;
            mc->precision_met = !failed && worst_error(se_bcr, se_p) <= target;
        }
    } else if (!failed)
        failed = (rc = extend(&e, iterations, threads, sampling, &dsg)) != 0;
    util_progress_end(e.pr);
    pr.fn = progress;
    int overflow = 0; /* a long-tailed draw can overflow where the base case does not */
    for (size_t b = 0; !failed && b * STITCH_BLOCK < (size_t)e.n; b++)
        overflow |= e.count[b * e.n_count + COUNT_OVERFLOW] != 0;
    if (overflow || rc == -2) {
        if (overflow)
            diag_set(err, STITCH_EINPUT, p->model_file, 0, "", STITCH_SIMULATION_OVERFLOW);
        else
            diag_set(err, STITCH_EINPUT, p->model_file, 0, "",
                     "a quantile of an uncertain input could not be worked out for "
                     "--sampling %s: use --sampling mc",
                     stitch_sampling_name(sampling));
        stitch_mc_free(mc);
        engine_free(&e);
        design_free(dsg);
        return NULL;
    }
    replicate_errors re = {0};
    if (!failed && dsg && replicate_errors_of(&e, &re)) /* before the summaries reorder */
        failed = 1;
    if (failed || summarise_all(&e, mc, threads)) {
        diag_set(err, STITCH_ENOMEM, "", 0, "",
                 "out of memory for %ld iterations (try fewer)",
                 e.n > iterations ? e.n : iterations);
        stitch_mc_free(mc);
        mc = NULL;
    } else {
        mc->iterations = e.n;
        mc->seed = seed;
        mc->threads = threads;
        mc->sampling = (int)sampling;
        if (dsg) {
            replicate_errors_apply(p, &re, mc);
            mc->replicates = STITCH_REPLICATES;
            mc->points = design_points(dsg);
        }
    }
    free(re.hours), free(re.capacity), free(re.stake);
    engine_free(&e);
    design_free(dsg);
    return mc;
}
stitch_mc_result *stitch_mc_run(const stitch_plan *p, long iterations, unsigned long seed,
                                int threads, stitch_diag *err)
{
    return mc_run(p, iterations, 0, seed, threads, STITCH_SAMPLING_MC, NULL, NULL, err);
}

const char *stitch_sampling_name(stitch_sampling s)
{
    return s == STITCH_SAMPLING_LHS ? "lhs" : s == STITCH_SAMPLING_QMC ? "qmc" : "mc";
}

int stitch_sampling_from_name(const char *name, stitch_sampling *s)
{
    static const stitch_sampling all[] = {STITCH_SAMPLING_MC, STITCH_SAMPLING_LHS,
                                          STITCH_SAMPLING_QMC};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (strcmp(name, stitch_sampling_name(all[i])) == 0)
            return *s = all[i], 0;
    return -1;
}

stitch_mc_result *stitch_mc_run_sampled(const stitch_plan *p, long iterations, double target,
                                        unsigned long seed, int threads,
                                        stitch_sampling sampling, stitch_diag *err)
{
    if (target != 0 && !(target > 0 && target < 1)) {
        diag_set(err, STITCH_EINPUT, "", 0, "",
                 "the precision target must be between 0 and 1, e.g. 0.005");
        return NULL;
    }
    return mc_run(p, iterations, target, seed, threads, sampling, NULL, NULL, err);
}

stitch_mc_result *stitch_mc_run_with(const stitch_plan *p, const stitch_mc_options *o,
                                     stitch_diag *err)
{
    if (o->target != 0 && !(o->target > 0 && o->target < 1)) {
        diag_set(err, STITCH_EINPUT, "", 0, "",
                 "the precision target must be between 0 and 1, e.g. 0.005");
        return NULL;
    }
    return mc_run(p, o->iterations, o->target, o->seed, o->threads, o->sampling,
                  o->progress, o->progress_ctx, err);
}

stitch_mc_result *stitch_mc_run_to_precision(const stitch_plan *p, double target,
                                             long max_iterations, unsigned long seed,
                                             int threads, stitch_diag *err)
{
    if (!(target > 0 && target < 1)) {
        diag_set(err, STITCH_EINPUT, "", 0, "",
                 "the precision target must be between 0 and 1, e.g. 0.005");
        return NULL;
    }
    return mc_run(p, max_iterations, target, seed, threads, STITCH_SAMPLING_MC, NULL,
                  NULL, err);
}

void stitch_mc_free(stitch_mc_result *mc)
{
    if (!mc)
        return;
    free(mc->hours), free(mc->payback_by), free(mc->cost_per_outcome);
    free(mc->no_outcome), free(mc->by_stakeholder), free(mc->people);
    free(mc->capacity), free(mc->net_p5), free(mc->net_p95);
    free(mc);
}

long stitch_plan_iterations(const stitch_plan *p)
{
    return p->iterations;
}

unsigned long stitch_plan_seed(const stitch_plan *p)
{
    return p->seed;
}

/* ---- the runs one by one, for later stages (mc.h) ------------------------- */
/* ---- the runs one by one, for later stages (mc.h) ------------------------- */

typedef struct {
    const stitch_plan *p;
    unsigned long seed;
    size_t n;
    double *pvb, *pvc, **xs;
    int id, stride, failed;
} runs_worker;

/* Blocks id, id + stride, ... of the n runs. */
static void *runs_work(void *arg)
{
    runs_worker *w = arg;
    const stitch_plan *p = w->p;
    gsl_rng *rng = gsl_rng_alloc(sample_rng_type());
    double *cols = malloc((p->n_uncertain + 1) * STITCH_BLOCK * sizeof *cols);
    sample_scratch *scratch = sample_scratch_alloc(p);
    double *x = malloc((p->n_inputs + 1) * sizeof *x);
    stitch_result *r = stitch_result_alloc(p);
    w->failed = !rng || !cols || !scratch || !x || !r;
    if (!w->failed) {
        stitch_plan_base(p, x); /* fixed inputs keep their value */
        for (size_t b = (size_t)w->id; b * STITCH_BLOCK < w->n; b += (size_t)w->stride) {
            size_t first = b * STITCH_BLOCK;
            size_t k_n = w->n - first < STITCH_BLOCK ? w->n - first : STITCH_BLOCK;
            sample_block(p, w->seed, b, k_n, SAMPLE_CORRELATED, rng, cols, scratch);
            for (size_t k = 0; k < k_n; k++) {
                for (size_t u = 0; u < p->n_uncertain; u++) {
                    x[p->uncertain[u]] = cols[u * STITCH_BLOCK + k];
                    if (w->xs)
                        w->xs[u][first + k] = x[p->uncertain[u]];
                }
                stitch_eval(p, x, r);
                if (w->pvb)
                    w->pvb[first + k] = r->pvb;
                if (w->pvc)
                    w->pvc[first + k] = r->pvc;
            }
        }
    }
    if (rng)
        gsl_rng_free(rng);
    free(cols);
    sample_scratch_free(scratch);
    free(x);
    stitch_result_free(r);
    return NULL;
}

int mc_runs_threads(const stitch_plan *p, unsigned long seed, size_t n, double *pvb,
                    double *pvc, double **xs, int threads)
{
    runs_worker w[64];
    size_t blocks = (n + STITCH_BLOCK - 1) / STITCH_BLOCK;
    threads = default_threads(threads);
    threads = (size_t)threads > blocks ? (int)blocks : threads;
    threads = threads < 1 ? 1 : threads;
    for (int t = 0; t < threads; t++)
        w[t] = (runs_worker){p, seed, n, pvb, pvc, xs, t, threads, 0};
    int failed = util_run_threads(runs_work, w, sizeof *w, threads) != 0;
    for (int t = 0; t < threads; t++)
        failed |= w[t].failed;
    return failed ? -1 : 0;
}

int mc_runs(const stitch_plan *p, unsigned long seed, size_t n, double *pvb, double *pvc,
            double **xs)
{
    return mc_runs_threads(p, seed, n, pvb, pvc, xs, 1);
}

stitch_summary mc_summarise(double *v, size_t n)
{
    return summarise(v, n);
}
