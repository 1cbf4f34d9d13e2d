/* mc.c — the Monte Carlo engine: sample every uncertain input once per
 * iteration, evaluate, and keep only what the summaries need.
 *
 * Work is split into fixed blocks of STITCH_BLOCK iterations; block b's
 * streams are seeded from (seed, input path, b), and every block writes its
 * own slice of the per-iteration arrays, so the result does not depend on
 * which thread ran which block. Threads share no mutable state. */
#include "mc.h"
#include "design.h"
#include "eval.h"
#include "plan.h"
#include "sample.h"
#include "util.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    const stitch_plan *p;
    unsigned long seed;
    long n;            /* iterations wanted so far */
    size_t b0, b1;     /* blocks this round runs: [b0, b1) */
    size_t cap;        /* iterations the arrays hold */
    double *pvb, *pvc; /* per iteration */
    double **hours;    /* per staff group, per iteration */
    double **stake;    /* PV per stakeholder, per iteration */
    short *payback;    /* per iteration, -1 never (years <= 1000) */
    double *block_cpo; /* per block, per node: sum of cost per outcome over the
                          iterations reaching someone, then how many reached
                          nobody (2 values per node) */
    double **capacity; /* per capacity unit, per iteration */
    double **year_net; /* per year, per iteration below net_cap */
    size_t net_cap;    /* iterations whose yearly net is kept (whole blocks) */
    const design *dsg; /* lhs and qmc: the design; NULL: mc's streams */
} engine;

/* The most yearly nets kept (8 bytes each): 128 MiB, so that a long
 * appraisal run many times never runs out of memory for a table of P5 and
 * P95 that a few hundred thousand simulations pin down. */
#define YEAR_NET_VALUES ((size_t)1 << 24)

typedef struct {
    engine *e;
    int id, stride;
    int failed;
} worker;

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
    double *cpo = e->block_cpo + 2 * b * p->n_nodes;
    const eval_out *o = eval_block_out(be->s);
    for (size_t c0 = 0; c0 < n; c0 += EVAL_CHUNK) {
        size_t m = n - c0 < EVAL_CHUNK ? n - c0 : EVAL_CHUNK, at = first + c0;
        for (size_t u = 0; u < p->n_uncertain; u++)
            be->x[p->uncertain[u]] = cols + u * STITCH_BLOCK + c0;
        eval_block(p, be->x, m, be->s);
        memcpy(e->pvb + at, o->pvb, m * sizeof *o->pvb);
        memcpy(e->pvc + at, o->pvc, m * sizeof *o->pvc);
        memcpy(e->payback + at, o->payback, m * sizeof *o->payback);
        for (size_t g = 0; g < p->n_staff; g++)
            memcpy(e->hours[g] + at, o->hours + g * EVAL_CHUNK, m * sizeof *o->hours);
        for (size_t c = 0; c < p->n_capacity; c++)
            memcpy(e->capacity[c] + at, o->capacity + c * EVAL_CHUNK,
                   m * sizeof *o->capacity);
        size_t nets = at >= e->net_cap ? 0 : e->net_cap - at < m ? e->net_cap - at : m;
        for (int t = 0; nets && t < p->years; t++)
            memcpy(e->year_net[t] + at, o->year_net + (size_t)t * EVAL_CHUNK,
                   nets * sizeof *o->year_net);
        for (size_t g = 0; g < p->n_stakeholders; g++)
            memcpy(e->stake[g] + at, o->stake + g * EVAL_CHUNK, m * sizeof *o->stake);
        for (size_t j = 0; j < p->n_nodes; j++) {
            const double *reach = o->people + j * EVAL_CHUNK;
            for (size_t k = 0; k < m; k++) {
                double people = reach[k] * p->delivery_years;
                if (people > 0) /* nobody reached: no cost per person to average */
                    cpo[2 * j] += o->pvc[k] / people;
                else
                    cpo[2 * j + 1] += 1;
            }
        }
    }
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

/* The f-quantile with the same interpolation as
 * gsl_stats_quantile_from_sorted_data, in linear time: select the order
 * statistic at floor(f (n - 1)), then the smallest value above it. */
static double quantile(double *v, size_t n, double f)
{
    double h = f * (double)(n - 1);
    size_t lo = (size_t)h;
    double a = gsl_stats_select(v, 1, n, lo);
    if (lo + 1 >= n)
        return a;
    double b = v[lo + 1];
    for (size_t i = lo + 2; i < n; i++)
        b = v[i] < b ? v[i] : b;
    return a + (h - (double)lo) * (b - a);
}

/* Mean, sd, MCSE and percentiles of v[0..n). Reorders v: percentiles are
 * found by selection in place, so no copy of the iterations is kept. */
static stitch_summary summarise(double *v, size_t n)
{
    stitch_summary s;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    s.mean = sum / (double)n;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - s.mean) * (v[i] - s.mean);
    s.sd = n > 1 ? sqrt(ss / (double)(n - 1)) : NAN; /* one value has no spread */
    s.mcse = s.sd / sqrt((double)n);
    s.p5 = quantile(v, n, 0.05);
    s.p25 = quantile(v, n, 0.25);
    s.p50 = quantile(v, n, 0.50);
    s.p75 = quantile(v, n, 0.75);
    s.p95 = quantile(v, n, 0.95);
    return s;
}

/* The histogram of v[0..n) between its 0.5th and 99.5th percentiles. */
static void histogram(double *v, size_t n, stitch_mc_result *mc)
{
    double lo = quantile(v, n, 0.005), hi = quantile(v, n, 0.995);
    if (!(hi > lo)) /* no spread: one bin around the value */
        lo -= 0.5 * (fabs(lo) > 0 ? fabs(lo) * 0.01 : 1), hi = 2 * v[0] - lo;
    mc->hist_lo = lo, mc->hist_hi = hi;
    memset(mc->hist, 0, sizeof mc->hist);
    mc->hist_below = mc->hist_above = 0;
    double width = (hi - lo) / STITCH_HIST_BINS;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < lo)
            mc->hist_below += 1;
        else if (v[i] > hi)
            mc->hist_above += 1;
        else {
            size_t b = (size_t)((v[i] - lo) / width);
            mc->hist[b < STITCH_HIST_BINS ? b : STITCH_HIST_BINS - 1] += 1;
        }
    }
    for (size_t b = 0; b < STITCH_HIST_BINS; b++)
        mc->hist[b] /= (double)n;
    mc->hist_below /= (double)n, mc->hist_above /= (double)n;
}

/* BCR, NPV and ROI are derived from the stored PVB and PVC, one at a time,
 * in `tmp`; PVB and PVC are summarised last because that reorders them. A
 * simulation without costs has no BCR or ROI: it is left out of their
 * summaries, of their histogram and of P(BCR >= 1), and counted in no_bcr. */
static void summarise_all(engine *e, stitch_mc_result *mc, double *tmp)
{
    size_t n = (size_t)e->n, k = 0;
    long ge = 0, gt = 0;
    for (size_t i = 0; i < n; i++) {
        tmp[i] = e->pvb[i] - e->pvc[i];
        gt += e->pvb[i] > e->pvc[i];
        if (e->pvc[i] > 0)
            k++, ge += e->pvb[i] >= e->pvc[i];
    }
    mc->npv = summarise(tmp, n);
    mc->hist_of_npv = 1;
    histogram(tmp, n, mc);
    mc->p_npv_gt_0 = (double)gt / (double)n;
    mc->bcr_defined = k > 0;
    mc->no_bcr = (long)(n - k);
    mc->p_bcr_ge_1 = k > 0 ? (double)ge / (double)k : NAN;
    mc->p_bcr_ge_1_mcse =
        k > 1 ? sqrt(mc->p_bcr_ge_1 * (1 - mc->p_bcr_ge_1) / (double)k) : NAN;
    if (mc->bcr_defined) {
        for (size_t i = 0, j = 0; i < n; i++)
            if (e->pvc[i] > 0)
                tmp[j++] = e->pvb[i] / e->pvc[i] - 1.0;
        mc->roi = summarise(tmp, k);
        for (size_t i = 0, j = 0; i < n; i++)
            if (e->pvc[i] > 0)
                tmp[j++] = e->pvb[i] / e->pvc[i];
        mc->bcr = summarise(tmp, k);
        mc->hist_of_npv = 0;
        histogram(tmp, k, mc);
    }
    mc->pvb = summarise(e->pvb, n);
    mc->pvc = summarise(e->pvc, n);
    for (size_t g = 0; g < e->p->n_staff; g++)
        mc->hours[g] = summarise(e->hours[g], n);
    for (size_t c = 0; c < e->p->n_capacity; c++)
        mc->capacity[c] = summarise(e->capacity[c], n);
    size_t m = n < e->net_cap ? n : e->net_cap;
    mc->net_iterations = (long)m;
    for (int t = 0; t < e->p->years; t++) {
        mc->net_p5[t] = quantile(e->year_net[t], m, 0.05);
        mc->net_p95[t] = quantile(e->year_net[t], m, 0.95);
    }
    for (size_t g = 0; g < e->p->n_stakeholders; g++)
        mc->by_stakeholder[g] = summarise(e->stake[g], n);
}

static void payback_and_cpo(engine *e, stitch_mc_result *mc)
{
    const stitch_plan *p = e->p;
    size_t n_blocks = ((size_t)e->n + STITCH_BLOCK - 1) / STITCH_BLOCK;
    for (long i = 0; i < e->n; i++)
        for (int t = e->payback[i] < 0 ? p->years : e->payback[i]; t < p->years; t++)
            mc->payback_by[t] += 1;
    for (int t = 0; t < p->years; t++)
        mc->payback_by[t] /= (double)e->n;
    for (size_t j = 0; j < p->n_nodes; j++) {
        double sum = 0, nobody = 0;
        for (size_t b = 0; b < n_blocks; b++) {
            sum += e->block_cpo[2 * (b * p->n_nodes + j)];
            nobody += e->block_cpo[2 * (b * p->n_nodes + j) + 1];
        }
        double counted = (double)e->n - nobody;
        mc->cost_per_outcome[j] =
            p->nodes[j].parent < 0 || counted < 1 ? NAN : sum / counted;
        mc->no_outcome[j] = (long)nobody;
    }
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
    return -failed; /* -2: a design's quantile failed */
}

static void engine_free(engine *e)
{
    for (size_t g = 0; e->hours && g < e->p->n_staff; g++)
        free(e->hours[g]);
    for (size_t g = 0; e->stake && g < e->p->n_stakeholders; g++)
        free(e->stake[g]);
    free(e->stake);
    free(e->hours), free(e->pvb), free(e->pvc), free(e->payback), free(e->block_cpo);
    for (size_t c = 0; e->capacity && c < e->p->n_capacity; c++)
        free(e->capacity[c]);
    for (int t = 0; e->year_net && t < e->p->years; t++)
        free(e->year_net[t]);
    free(e->capacity), free(e->year_net);
}

/* Make the per-iteration arrays hold `want` iterations (whole blocks). */
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
    void *v;
    if (!(v = realloc(e->pvb, cap * sizeof *e->pvb)))
        return -1;
    e->pvb = v;
    if (!(v = realloc(e->pvc, cap * sizeof *e->pvc)))
        return -1;
    e->pvc = v;
    if (!(v = realloc(e->payback, cap * sizeof *e->payback)))
        return -1;
    e->payback = v;
    for (size_t g = 0; g < p->n_staff; g++) {
        if (!(v = realloc(e->hours[g], cap * sizeof **e->hours)))
            return -1;
        e->hours[g] = v;
    }
    if (!e->capacity && !(e->capacity = calloc(p->n_capacity + 1, sizeof *e->capacity)))
        return -1;
    for (size_t c = 0; c < p->n_capacity; c++) {
        if (!(v = realloc(e->capacity[c], cap * sizeof **e->capacity)))
            return -1;
        e->capacity[c] = v;
    }
    if (!e->year_net && !(e->year_net = calloc((size_t)p->years, sizeof *e->year_net)))
        return -1;
    size_t most = YEAR_NET_VALUES / (size_t)p->years / STITCH_BLOCK * STITCH_BLOCK;
    size_t net_cap = cap < most ? cap : most ? most : STITCH_BLOCK;
    if (net_cap > e->net_cap) {
        for (int t = 0; t < p->years; t++) {
            if (!(v = realloc(e->year_net[t], net_cap * sizeof **e->year_net)))
                return -1;
            e->year_net[t] = v;
        }
        e->net_cap = net_cap;
    }
    for (size_t g = 0; g < p->n_stakeholders; g++) {
        if (!(v = realloc(e->stake[g], cap * sizeof **e->stake)))
            return -1;
        e->stake[g] = v;
    }
    size_t old = 2 * (e->cap / STITCH_BLOCK) * p->n_nodes, now = 2 * blocks * p->n_nodes;
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
    size_t n = (size_t)e->n, k = 0;
    double sum = 0, ss = 0;
    long hit = 0, gt = 0;
    for (size_t i = 0; i < n; i++) {
        gt += e->pvb[i] > e->pvc[i];
        if (e->pvc[i] > 0)
            k++, hit += e->pvb[i] >= e->pvc[i], sum += e->pvb[i] / e->pvc[i];
    }
    double mean = k ? sum / (double)k : 0;
    for (size_t i = 0; i < n; i++)
        if (e->pvc[i] > 0)
            ss += (e->pvb[i] / e->pvc[i] - mean) * (e->pvb[i] / e->pvc[i] - mean);
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
    if (!mc->hours || !mc->payback_by || !mc->cost_per_outcome || !mc->no_outcome ||
        !mc->capacity || !mc->net_p5 || !mc->net_p95 || !mc->by_stakeholder) {
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
        if (e->n) {
            memset(e->block_cpo, 0,
                   (2 * (e->cap / STITCH_BLOCK) * e->p->n_nodes + 1) * sizeof *e->block_cpo);
            e->n = 0;
        }
    }
    return engine_extend(e, n, threads);
}

static stitch_mc_result *mc_run(const stitch_plan *p, long iterations, double target,
                                unsigned long seed, int threads, stitch_sampling sampling,
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
    stitch_mc_result *mc = result_alloc(p);
    int failed = !mc, rc = 0;
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
    int overflow = 0; /* a long-tailed draw can overflow where the base case does not */
    for (long i = 0; !failed && i < e.n && !overflow; i++)
        overflow = !isfinite(e.pvb[i]) || !isfinite(e.pvc[i]);
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
    double *tmp = failed ? NULL : malloc((size_t)e.n * sizeof *tmp);
    if (!failed && dsg && replicate_errors_of(&e, &re))
        failed = 1;
    if (failed || !tmp) {
        diag_set(err, STITCH_ENOMEM, "", 0, "",
                 "out of memory for %ld iterations (try fewer)",
                 e.n > iterations ? e.n : iterations);
        stitch_mc_free(mc);
        mc = NULL;
    } else {
        mc->iterations = e.n;
        mc->seed = seed;
        mc->threads = threads;
        payback_and_cpo(&e, mc);
        summarise_all(&e, mc, tmp);
        mc->sampling = (int)sampling;
        if (dsg) {
            replicate_errors_apply(p, &re, mc);
            mc->replicates = STITCH_REPLICATES;
            mc->points = design_points(dsg);
        }
    }
    free(re.hours), free(re.capacity), free(re.stake);
    free(tmp);
    engine_free(&e);
    design_free(dsg);
    return mc;
}

stitch_mc_result *stitch_mc_run(const stitch_plan *p, long iterations, unsigned long seed,
                                int threads, stitch_diag *err)
{
    return mc_run(p, iterations, 0, seed, threads, STITCH_SAMPLING_MC, err);
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
    return mc_run(p, iterations, target, seed, threads, sampling, err);
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
    return mc_run(p, max_iterations, target, seed, threads, STITCH_SAMPLING_MC, err);
}

void stitch_mc_free(stitch_mc_result *mc)
{
    if (!mc)
        return;
    free(mc->hours), free(mc->payback_by), free(mc->cost_per_outcome);
    free(mc->no_outcome), free(mc->by_stakeholder);
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

int mc_runs(const stitch_plan *p, unsigned long seed, size_t n, double *pvb, double *pvc,
            double **xs)
{
    int rc = -1;
    gsl_rng *rng = gsl_rng_alloc(sample_rng_type());
    double *cols = malloc((p->n_uncertain + 1) * STITCH_BLOCK * sizeof *cols);
    sample_scratch *scratch = sample_scratch_alloc(p);
    double *x = malloc((p->n_inputs + 1) * sizeof *x);
    stitch_result *r = stitch_result_alloc(p);
    if (!rng || !cols || !scratch || !x || !r)
        goto done;
    stitch_plan_base(p, x); /* fixed inputs keep their value */
    for (size_t b = 0; b * STITCH_BLOCK < n; b++) {
        size_t first = b * STITCH_BLOCK;
        size_t k_n = n - first < STITCH_BLOCK ? n - first : STITCH_BLOCK;
        sample_block(p, seed, b, k_n, SAMPLE_CORRELATED, rng, cols, scratch);
        for (size_t k = 0; k < k_n; k++) {
            for (size_t u = 0; u < p->n_uncertain; u++) {
                x[p->uncertain[u]] = cols[u * STITCH_BLOCK + k];
                if (xs)
                    xs[u][first + k] = x[p->uncertain[u]];
            }
            stitch_eval(p, x, r);
            if (pvb)
                pvb[first + k] = r->pvb;
            if (pvc)
                pvc[first + k] = r->pvc;
        }
    }
    rc = 0;
done:
    if (rng)
        gsl_rng_free(rng);
    free(cols);
    sample_scratch_free(scratch);
    free(x);
    stitch_result_free(r);
    return rc;
}

stitch_summary mc_summarise(double *v, size_t n)
{
    return summarise(v, n);
}
