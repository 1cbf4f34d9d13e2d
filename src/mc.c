/* mc.c — the Monte Carlo engine: sample every uncertain input once per
 * iteration, evaluate, and keep only what the summaries need.
 *
 * Work is split into fixed blocks of STITCH_BLOCK iterations; block b's
 * streams are seeded from (seed, input path, b), and every block writes its
 * own slice of the per-iteration arrays, so the result does not depend on
 * which thread ran which block. Threads share no mutable state. */
#include "plan.h"
#include "sample.h"
#include "util.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    const stitch_plan *p;
    unsigned long seed;
    long n; /* iterations */
    size_t n_blocks;
    size_t *uncertain; /* indices of uncertain inputs */
    size_t n_uncertain;
    double *pvb, *pvc; /* per iteration */
    double **hours;    /* per staff group, per iteration */
    int *payback;      /* per iteration, -1 never */
    double *block_cpo; /* per block, per node: sum of cost per outcome */
} engine;

typedef struct {
    engine *e;
    int id, stride;
    int failed;
} worker;

static void run_block(engine *e, size_t b, gsl_rng *rng, double *cols, double *x,
                      stitch_result *r)
{
    const stitch_plan *p = e->p;
    size_t first = b * STITCH_BLOCK;
    size_t n = (size_t)e->n - first < STITCH_BLOCK ? (size_t)e->n - first : STITCH_BLOCK;
    for (size_t i = 0; i < e->n_uncertain; i++) {
        const plan_input *in = &p->inputs[e->uncertain[i]];
        gsl_rng_set(rng, sample_stream_seed(e->seed, in->path, b));
        sample_draw(&in->dist, rng, cols + i * STITCH_BLOCK, n);
    }
    double *cpo = e->block_cpo + b * p->n_nodes;
    for (size_t k = 0; k < n; k++) {
        for (size_t i = 0; i < e->n_uncertain; i++)
            x[e->uncertain[i]] = cols[i * STITCH_BLOCK + k];
        stitch_eval(p, x, r);
        e->pvb[first + k] = r->pvb;
        e->pvc[first + k] = r->pvc;
        e->payback[first + k] = r->payback_year;
        for (size_t g = 0; g < p->n_staff; g++)
            e->hours[g][first + k] = r->hours[g];
        for (size_t j = 0; j < p->n_nodes; j++) {
            double people = r->people[j] * p->delivery_years;
            cpo[j] += people > 0 ? r->pvc / people : 0;
        }
    }
}

static void *work(void *arg)
{
    worker *w = arg;
    engine *e = w->e;
    gsl_rng *rng = gsl_rng_alloc(sample_rng_type());
    double *cols = malloc((e->n_uncertain + 1) * STITCH_BLOCK * sizeof *cols);
    double *x = malloc((e->p->n_inputs + 1) * sizeof *x);
    stitch_result *r = stitch_result_alloc(e->p);
    if (!rng || !cols || !x || !r)
        w->failed = 1;
    else {
        stitch_plan_base(e->p, x); /* fixed inputs keep their value */
        for (size_t b = (size_t)w->id; b < e->n_blocks; b += (size_t)w->stride)
            run_block(e, b, rng, cols, x, r);
    }
    stitch_result_free(r);
    free(x), free(cols);
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

/* Mean, sd, MCSE and percentiles of v[0..n); `scratch` is overwritten. */
static stitch_summary summarise(const double *v, size_t n, double *scratch)
{
    stitch_summary s;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    s.mean = sum / (double)n;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - s.mean) * (v[i] - s.mean);
    s.sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
    s.mcse = s.sd / sqrt((double)n);
    memcpy(scratch, v, n * sizeof *v);
    s.p5 = quantile(scratch, n, 0.05);
    s.p25 = quantile(scratch, n, 0.25);
    s.p50 = quantile(scratch, n, 0.50);
    s.p75 = quantile(scratch, n, 0.75);
    s.p95 = quantile(scratch, n, 0.95);
    return s;
}

/* BCR, NPV and ROI are derived from the stored PVB and PVC, one at a time. */
static void summarise_all(engine *e, stitch_mc_result *mc, double *tmp, double *scratch)
{
    size_t n = (size_t)e->n;
    long ge = 0, gt = 0;
    mc->bcr_defined = 1;
    mc->pvb = summarise(e->pvb, n, scratch);
    mc->pvc = summarise(e->pvc, n, scratch);
    for (size_t i = 0; i < n; i++) {
        tmp[i] = e->pvb[i] - e->pvc[i];
        ge += e->pvc[i] > 0 && e->pvb[i] >= e->pvc[i];
        gt += e->pvb[i] > e->pvc[i];
        mc->bcr_defined &= e->pvc[i] > 0;
    }
    mc->npv = summarise(tmp, n, scratch);
    mc->p_bcr_ge_1 = (double)ge / (double)n;
    mc->p_bcr_ge_1_mcse = sqrt(mc->p_bcr_ge_1 * (1 - mc->p_bcr_ge_1) / (double)n);
    mc->p_npv_gt_0 = (double)gt / (double)n;
    if (mc->bcr_defined) {
        for (size_t i = 0; i < n; i++)
            tmp[i] = e->pvb[i] / e->pvc[i];
        mc->bcr = summarise(tmp, n, scratch);
        for (size_t i = 0; i < n; i++)
            tmp[i] -= 1.0;
        mc->roi = summarise(tmp, n, scratch);
    }
    for (size_t g = 0; g < e->p->n_staff; g++)
        mc->hours[g] = summarise(e->hours[g], n, scratch);
}

static void payback_and_cpo(engine *e, stitch_mc_result *mc)
{
    const stitch_plan *p = e->p;
    for (long i = 0; i < e->n; i++)
        for (int t = e->payback[i] < 0 ? p->years : e->payback[i]; t < p->years; t++)
            mc->payback_by[t] += 1;
    for (int t = 0; t < p->years; t++)
        mc->payback_by[t] /= (double)e->n;
    for (size_t j = 0; j < p->n_nodes; j++) {
        double sum = 0;
        for (size_t b = 0; b < e->n_blocks; b++)
            sum += e->block_cpo[b * p->n_nodes + j];
        mc->cost_per_outcome[j] = p->nodes[j].parent < 0 ? NAN : sum / (double)e->n;
    }
}

static int run_threads(engine *e, int threads)
{
    pthread_t tid[64];
    worker w[64];
    int started = 0, failed = 0;
    for (int t = 0; t < threads; t++) {
        w[t] = (worker){e, t, threads, 0};
        if (threads == 1)
            work(&w[t]);
        else if (pthread_create(&tid[t], NULL, work, &w[t]) == 0)
            started++;
        else
            failed = 1;
    }
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    for (int t = 0; t < threads; t++)
        failed |= w[t].failed;
    return failed || (threads > 1 && started < threads) ? -1 : 0;
}

static void engine_free(engine *e)
{
    for (size_t g = 0; e->hours && g < e->p->n_staff; g++)
        free(e->hours[g]);
    free(e->hours), free(e->pvb), free(e->pvc), free(e->payback), free(e->uncertain);
    free(e->block_cpo);
}

static int engine_alloc(engine *e)
{
    const stitch_plan *p = e->p;
    size_t n = (size_t)e->n;
    e->uncertain = calloc(p->n_inputs + 1, sizeof *e->uncertain);
    e->pvb = malloc(n * sizeof *e->pvb);
    e->pvc = malloc(n * sizeof *e->pvc);
    e->payback = malloc(n * sizeof *e->payback);
    e->hours = calloc(p->n_staff + 1, sizeof *e->hours);
    e->block_cpo = calloc(e->n_blocks * p->n_nodes + 1, sizeof *e->block_cpo);
    if (!e->uncertain || !e->pvb || !e->pvc || !e->payback || !e->hours || !e->block_cpo)
        return -1;
    for (size_t g = 0; g < p->n_staff; g++)
        if (!(e->hours[g] = malloc(n * sizeof **e->hours)))
            return -1;
    for (size_t i = 0; i < p->n_inputs; i++)
        if (p->inputs[i].dist.kind != DIST_FIXED)
            e->uncertain[e->n_uncertain++] = i;
    return 0;
}

static stitch_mc_result *result_alloc(const stitch_plan *p)
{
    stitch_mc_result *mc = calloc(1, sizeof *mc);
    if (!mc)
        return NULL;
    mc->hours = calloc(p->n_staff + 1, sizeof *mc->hours);
    mc->payback_by = calloc((size_t)p->years, sizeof *mc->payback_by);
    mc->cost_per_outcome = calloc(p->n_nodes + 1, sizeof *mc->cost_per_outcome);
    if (!mc->hours || !mc->payback_by || !mc->cost_per_outcome) {
        stitch_mc_free(mc);
        return NULL;
    }
    return mc;
}

stitch_mc_result *stitch_mc_run(const stitch_plan *p, long iterations, unsigned long seed,
                                int threads, stitch_diag *err)
{
    gsl_set_error_handler_off();
    if (iterations < 1) {
        diag_set(err, STITCH_EUSAGE, "", 0, "", "iterations must be at least 1");
        return NULL;
    }
    if (threads <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus > 0 ? (int)cpus : 1;
    }
    engine e = {0};
    e.p = p;
    e.seed = seed;
    e.n = iterations;
    e.n_blocks = ((size_t)iterations + STITCH_BLOCK - 1) / STITCH_BLOCK;
    threads = threads > 64 ? 64 : threads;
    threads = (size_t)threads > e.n_blocks ? (int)e.n_blocks : threads;
    stitch_mc_result *mc = result_alloc(p);
    double *tmp = malloc((size_t)iterations * sizeof *tmp);
    double *scratch = malloc((size_t)iterations * sizeof *scratch);
    if (!mc || !tmp || !scratch || engine_alloc(&e) || run_threads(&e, threads)) {
        diag_set(err, STITCH_ENOMEM, "", 0, "",
                 "out of memory for %ld iterations (try fewer with --iterations)",
                 iterations);
        stitch_mc_free(mc);
        mc = NULL;
    } else {
        mc->iterations = iterations;
        mc->seed = seed;
        mc->threads = threads;
        summarise_all(&e, mc, tmp, scratch);
        payback_and_cpo(&e, mc);
    }
    free(tmp), free(scratch);
    engine_free(&e);
    return mc;
}

void stitch_mc_free(stitch_mc_result *mc)
{
    if (!mc)
        return;
    free(mc->hours), free(mc->payback_by), free(mc->cost_per_outcome);
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
