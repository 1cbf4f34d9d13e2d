/* test_design.c — Latin hypercube and quasi-Monte Carlo sampling
 * (docs/method.md section 7.1): the points, the quantiles they go
 * through, and the engine's results under every --sampling. */
#include "harness.h"
#include "design.h"
#include "plan.h"
#include "sample.h"

#include <criterion/criterion.h>
#include <gsl/gsl_qrng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static design *make(const stitch_plan *p, stitch_sampling m, size_t n)
{
    int failed = 0;
    design *d = design_make(p, m, 42, n, &failed);
    cr_assert_not_null(d, "design_make failed (%d)", failed);
    return d;
}

/* GSL's Sobol' generator stops at 40 dimensions, its Halton at 1,229: the
 * limits design.h switches at. */
Test(points, gsl_limits)
{
    cr_assert_eq(gsl_qrng_sobol->max_dimension, DESIGN_SOBOL_MAX);
    cr_assert_eq(gsl_qrng_halton->max_dimension, DESIGN_HALTON_MAX);
}

/* The random-access Sobol' points are GSL's: its c-th point (c = 1, 2, ...)
 * is index c, in every one of 40 dimensions, for the first 5,000 points. */
Test(points, sobol_points_are_gsls)
{
    stitch_plan *p = load_plan("bench/large.cfg"); /* 50 uncertain inputs */
    cr_assert_gt(p->n_uncertain, 40);
    stitch_plan q = *p;
    q.n_uncertain = 40; /* the first 40: Sobol' */
    design *d = make(&q, STITCH_SAMPLING_QMC, 16 * 5000);
    cr_assert_str_eq(design_points(d), "Sobol'");
    gsl_qrng *g = gsl_qrng_alloc(gsl_qrng_sobol, 40);
    double x[40];
    for (size_t c = 1; c <= 5000; c++) {
        gsl_qrng_get(g, x);
        for (size_t u = 0; u < 40; u++)
            cr_assert_eq(design_sobol_raw(d, c, u), x[u], "point %zu, dimension %zu", c, u);
    }
    gsl_qrng_free(g);
    design_free(d);
    stitch_plan_free(p);
}

/* Above 40 uncertain inputs qmc uses scrambled Halton points: the first b
 * points of a dimension of base b put one point in each of its b equal
 * intervals (the scrambling permutes digits, so that stays true). */
Test(points, halton_above_forty_inputs)
{
    stitch_plan *p = load_plan("bench/large.cfg");
    design *d = make(p, STITCH_SAMPLING_QMC, 100000);
    cr_assert_str_eq(design_points(d), "Halton");
    const unsigned bases[] = {2, 3, 5, 229}; /* dimensions 0, 1, 2 and 49 */
    const size_t dims[] = {0, 1, 2, 49};
    for (size_t k = 0; k < 4; k++) {
        unsigned b = bases[k];
        char *seen = calloc(b, 1);
        for (size_t j = 0; j < b; j++) { /* replicate 3: iterations 3, 19, 35, ... */
            double u = design_uniform(d, 3 + 16 * j, dims[k]);
            cr_assert(u > 0 && u < 1);
            seen[(size_t)(u * b)]++;
        }
        for (size_t i = 0; i < b; i++)
            cr_assert_eq(seen[i], 1, "base %u, interval %zu", b, i);
        free(seen);
    }
    design_free(d);
    stitch_plan_free(p);
}

/* Scrambled Sobol' points keep their stratification: in every replicate,
 * the first 256 points put one point in each interval [i/256, (i+1)/256)
 * of every dimension, and the replicates differ. */
Test(points, scrambled_sobol_is_stratified)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    design *d = make(p, STITCH_SAMPLING_QMC, 65536);
    for (size_t r = 0; r < STITCH_REPLICATES; r++)
        for (size_t u = 0; u < p->n_uncertain; u++) {
            char seen[256] = {0};
            for (size_t j = 0; j < 256; j++) {
                double v = design_uniform(d, r + STITCH_REPLICATES * j, u);
                cr_assert(v > 0 && v < 1);
                seen[(size_t)(v * 256)]++;
            }
            for (size_t i = 0; i < 256; i++)
                cr_assert_eq(seen[i], 1, "replicate %zu, dimension %zu", r, u);
        }
    cr_assert_neq(design_uniform(d, 0, 0), design_uniform(d, 1, 0));
    design_free(d);
    stitch_plan_free(p);
}

/* A Latin hypercube: each replicate of m points puts exactly one point in
 * each of the m equal intervals of every dimension, also when the
 * replicates differ in size (n = 1,000 is 62 or 63 per replicate). */
Test(points, latin_hypercube_strata)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    size_t n = 1000;
    design *d = make(p, STITCH_SAMPLING_LHS, n);
    cr_assert_str_eq(design_points(d), "Latin hypercube");
    for (size_t r = 0; r < STITCH_REPLICATES; r++) {
        size_t m = (n - r + STITCH_REPLICATES - 1) / STITCH_REPLICATES;
        cr_assert(m == 62 || m == 63);
        for (size_t u = 0; u < p->n_uncertain; u++) {
            char seen[63] = {0};
            for (size_t j = 0; j < m; j++)
                seen[(size_t)(design_uniform(d, r + STITCH_REPLICATES * j, u) * (double)m)]++;
            for (size_t i = 0; i < m; i++)
                cr_assert_eq(seen[i], 1, "replicate %zu, dimension %zu, stratum %zu", r, u,
                             i);
        }
    }
    design_free(d);
    stitch_plan_free(p);
}

/* The tabulated inverse CDFs are the exact quantiles (dist_quantile) to
 * within 1e-10 of the range between the 0.2nd and 99.8th percentiles, at
 * 100,000 probabilities, for PERTs, betas and gammas of several shapes. */
Test(quantiles, tabulated_equal_exact, .timeout = 120)
{
    stitch_dist dists[] = {
        {DIST_PERT, {31000, 32600, 35500, 0}, {0, 0}},
        {DIST_PERT, {0, 0.1, 10, 0}, {0, 0}}, /* mode near min: a long right tail */
        {DIST_BETA, {0.3, 0.1, 0, 0}, {0, 0}},
        {DIST_BETA, {0.1, 0.2, 0, 0}, {0, 0}}, /* shapes below 1: infinite density */
        {DIST_GAMMA, {40, 12, 0, 0}, {0, 0}},
        {DIST_GAMMA, {2, 6, 0, 0}, {0, 0}}, /* shape 1/9 */
    };
    for (size_t k = 0; k < sizeof dists / sizeof *dists; k++) {
        char msg[256];
        cr_assert_eq(dist_prepare(&dists[k], DOMAIN_ANY, msg, sizeof msg), 0, "%s", msg);
        plan_input in = {0};
        in.dist = dists[k];
        size_t uncertain = 0;
        stitch_plan p = {0};
        p.inputs = &in, p.n_inputs = 1, p.uncertain = &uncertain, p.n_uncertain = 1;
        design *d = make(&p, STITCH_SAMPLING_LHS, 16);
        double lo, hi;
        cr_assert_eq(dist_quantile(&dists[k], 1.0 / 512, &lo), 0);
        cr_assert_eq(dist_quantile(&dists[k], 511.0 / 512, &hi), 0);
        double worst = 0;
        for (int i = 0; i < 100000; i++) {
            double q = (i + 0.5) / 100000, exact, ours;
            cr_assert_eq(dist_quantile(&dists[k], q, &exact), 0);
            cr_assert_eq(design_quantile(d, 0, q, &ours), 0);
            worst = fmax(worst, fabs(ours - exact));
        }
        cr_expect_leq(worst, 1e-10 * (hi - lo), "distribution %zu: off by %g of %g", k,
                      worst, hi - lo);
        design_free(d);
    }
}

static stitch_mc_result *simulate(const stitch_plan *p, long n, int threads,
                                  stitch_sampling m)
{
    stitch_diag err;
    stitch_mc_result *mc = stitch_mc_run_sampled(p, n, 0, 42, threads, m, &err);
    cr_assert_not_null(mc, "%s", err.message);
    return mc;
}

static int same_summary(const stitch_summary *a, const stitch_summary *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* Byte-identical results whatever the thread count, for every method (and
 * an iteration count that is not a whole number of blocks or replicates). */
Test(engine, identical_for_one_and_two_threads)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    for (int m = STITCH_SAMPLING_LHS; m <= STITCH_SAMPLING_QMC; m++) {
        stitch_mc_result *a = simulate(p, 20003, 1, (stitch_sampling)m);
        stitch_mc_result *b = simulate(p, 20003, 2, (stitch_sampling)m);
        cr_assert(same_summary(&a->pvb, &b->pvb));
        cr_assert(same_summary(&a->pvc, &b->pvc));
        cr_assert(same_summary(&a->bcr, &b->bcr));
        cr_assert(same_summary(&a->npv, &b->npv));
        cr_assert_eq(a->p_bcr_ge_1, b->p_bcr_ge_1);
        cr_assert_eq(a->p_bcr_ge_1_mcse, b->p_bcr_ge_1_mcse);
        cr_assert(memcmp(a->payback_by, b->payback_by, (size_t)p->years * sizeof(double)) ==
                  0);
        cr_assert_eq(a->replicates, STITCH_REPLICATES);
        cr_assert_eq(a->sampling, m);
        stitch_mc_free(a), stitch_mc_free(b);
    }
    stitch_plan_free(p);
}

/* The means under lhs and qmc agree with mc's within their standard errors
 * (4 of the combined error), on every example model. */
Test(engine, means_agree_with_mc, .timeout = 120)
{
    const char *models[] = {"models/befriending.cfg", "models/carers-support.cfg",
                            "models/falls-prevention.cfg", "models/home-from-hospital.cfg",
                            "models/social-prescribing.cfg"};
    for (size_t i = 0; i < 5; i++) {
        stitch_plan *p = load_plan(models[i]);
        stitch_mc_result *mc = simulate(p, 40000, 2, STITCH_SAMPLING_MC);
        for (int m = STITCH_SAMPLING_LHS; m <= STITCH_SAMPLING_QMC; m++) {
            stitch_mc_result *q = simulate(p, 16384, 2, (stitch_sampling)m);
            const stitch_summary *a[] = {&mc->bcr, &mc->npv, &mc->pvb, &mc->pvc};
            const stitch_summary *b[] = {&q->bcr, &q->npv, &q->pvb, &q->pvc};
            for (size_t k = 0; k < 4; k++)
                cr_expect(fabs(a[k]->mean - b[k]->mean) <=
                              4 * hypot(a[k]->mcse, b[k]->mcse) + 1e-9 * fabs(a[k]->mean),
                          "%s, %s, summary %zu: %g against mc's %g (errors %g, %g)",
                          models[i], stitch_sampling_name((stitch_sampling)m), k,
                          b[k]->mean, a[k]->mean, b[k]->mcse, a[k]->mcse);
            cr_expect(fabs(mc->p_bcr_ge_1 - q->p_bcr_ge_1) <=
                          4 * hypot(mc->p_bcr_ge_1_mcse, q->p_bcr_ge_1_mcse),
                      "%s: P(BCR >= 1) %g against %g", models[i], q->p_bcr_ge_1,
                      mc->p_bcr_ge_1);
            stitch_mc_free(q);
        }
        stitch_mc_free(mc);
        stitch_plan_free(p);
    }
}

/* Known answers under lhs and qmc (test_mc.c's for mc): where no drop-off
 * is uncertain the means of PVB and PVC converge to the base case, within
 * 4 replicate standard errors; a model with nothing uncertain has no
 * spread. */
Test(engine, known_answers_under_every_method)
{
    const char *models[] = {"models/befriending.cfg", "tests/data/hand/c.cfg",
                            "tests/data/hand/years.cfg", "tests/data/hand/caseload.cfg"};
    for (int m = STITCH_SAMPLING_LHS; m <= STITCH_SAMPLING_QMC; m++) {
        const char *name = stitch_sampling_name((stitch_sampling)m);
        for (size_t i = 0; i < 4; i++) {
            stitch_plan *p = load_plan(models[i]);
            stitch_result *base = base_case(p);
            stitch_mc_result *mc = simulate(p, 40000, 2, (stitch_sampling)m);
            cr_expect(fabs(mc->pvb.mean - base->pvb) < 4 * mc->pvb.mcse,
                      "%s, %s: mean PVB %f, base %f, error %g", name, models[i],
                      mc->pvb.mean, base->pvb, mc->pvb.mcse);
            cr_expect(fabs(mc->pvc.mean - base->pvc) < 4 * mc->pvc.mcse + 1e-9,
                      "%s, %s: mean PVC %f, base %f, error %g", name, models[i],
                      mc->pvc.mean, base->pvc, mc->pvc.mcse);
            stitch_mc_free(mc);
            stitch_result_free(base);
            stitch_plan_free(p);
        }
        stitch_plan *p = load_plan("tests/data/hand/a.cfg");
        stitch_result *base = base_case(p);
        stitch_mc_result *mc = simulate(p, 5000, 2, (stitch_sampling)m);
        cr_assert_float_eq(mc->bcr.p5, base->bcr, 1e-12);
        cr_assert_float_eq(mc->bcr.p95, base->bcr, 1e-12);
        cr_assert_eq(mc->p_bcr_ge_1, 1.0);
        stitch_mc_free(mc);
        stitch_result_free(base);
        stitch_plan_free(p);
    }
}

/* Spearman's rank correlation of columns a and b of n values. */
static double spearman(const double *a, const double *b, size_t n)
{
    double *ra = malloc(n * sizeof *ra), *rb = malloc(n * sizeof *rb);
    for (size_t i = 0; i < n; i++) { /* ranks by counting (n is small) */
        size_t x = 0, y = 0;
        for (size_t j = 0; j < n; j++)
            x += a[j] < a[i], y += b[j] < b[i];
        ra[i] = (double)x, rb[i] = (double)y;
    }
    double m = (double)(n - 1) / 2, sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; i++)
        sab += (ra[i] - m) * (rb[i] - m), saa += (ra[i] - m) * (ra[i] - m),
            sbb += (rb[i] - m) * (rb[i] - m);
    free(ra), free(rb);
    return sab / sqrt(saa * sbb);
}

/* Correlated inputs keep their declared rank correlations under lhs and
 * qmc (a Gaussian copula), within 5 standard errors (1 / sqrt(n - 1)). */
Test(correlation, kept_under_every_method, .timeout = 60)
{
    stitch_plan *p = load_plan("tests/data/hand/correlated.cfg");
    cr_assert_eq(p->n_corr, 3);
    size_t n = 4096;
    double *cols = malloc(p->n_uncertain * STITCH_BLOCK * sizeof *cols);
    for (int m = STITCH_SAMPLING_LHS; m <= STITCH_SAMPLING_QMC; m++) {
        design *d = make(p, (stitch_sampling)m, n);
        cr_assert_eq(design_block(d, 0, n, cols), 0);
        for (size_t k = 0; k < p->n_corr_pairs; k++) {
            size_t a = 0, b = 0;
            for (size_t u = 0; u < p->n_uncertain; u++) {
                a = p->uncertain[u] == p->corr_pairs[k].a ? u : a;
                b = p->uncertain[u] == p->corr_pairs[k].b ? u : b;
            }
            double rho = spearman(cols + a * STITCH_BLOCK, cols + b * STITCH_BLOCK, n);
            cr_expect(fabs(rho - p->corr_pairs[k].rho) < 5 / sqrt((double)n - 1),
                      "%s: pair %zu has %f, declared %f",
                      stitch_sampling_name((stitch_sampling)m), k, rho,
                      p->corr_pairs[k].rho);
        }
        design_free(d);
    }
    free(cols);
    stitch_plan_free(p);
}

/* --precision works with every method: the replicate standard errors meet
 * the target, and the result equals a plain run of the iterations it
 * settled on (for lhs, whose strata depend on n, the run is drawn anew at
 * each size). */
Test(precision, with_every_method, .timeout = 60)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    for (int m = STITCH_SAMPLING_LHS; m <= STITCH_SAMPLING_QMC; m++) {
        stitch_diag err;
        stitch_mc_result *a =
            stitch_mc_run_sampled(p, 10000000, 0.0005, 42, 2, (stitch_sampling)m, &err);
        cr_assert_not_null(a, "%s", err.message);
        cr_assert(a->precision_met);
        cr_assert_leq(a->bcr.mcse, 0.0005);
        cr_assert_leq(a->p_bcr_ge_1_mcse, 0.0005);
        stitch_mc_result *b = simulate(p, a->iterations, 1, (stitch_sampling)m);
        cr_assert(same_summary(&a->bcr, &b->bcr));
        cr_assert_eq(a->p_bcr_ge_1, b->p_bcr_ge_1);
        stitch_mc_free(a), stitch_mc_free(b);
    }
    stitch_plan_free(p);
}

/* The point of qmc: at 65,536 iterations of the example model the standard
 * error of the mean BCR is at least 3.2 times smaller than mc's (10 times
 * fewer iterations for the same precision); lhs's is smaller too. */
Test(engine, qmc_is_more_precise, .timeout = 60)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_mc_result *mc = simulate(p, 65536, 2, STITCH_SAMPLING_MC);
    stitch_mc_result *lhs = simulate(p, 65536, 2, STITCH_SAMPLING_LHS);
    stitch_mc_result *qmc = simulate(p, 65536, 2, STITCH_SAMPLING_QMC);
    cr_expect_geq(mc->bcr.mcse / qmc->bcr.mcse, 3.2, "mc %g, qmc %g", mc->bcr.mcse,
                  qmc->bcr.mcse);
    cr_expect_lt(lhs->bcr.mcse, mc->bcr.mcse);
    stitch_mc_free(mc), stitch_mc_free(lhs), stitch_mc_free(qmc);
    stitch_plan_free(p);
}

/* Halton points stop at the 1,229th prime: more uncertain inputs than that
 * is an error naming the alternatives. */
Test(engine, too_many_inputs_for_qmc)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_plan q = *p;
    size_t *many = malloc(1230 * sizeof *many);
    for (size_t i = 0; i < 1230; i++)
        many[i] = p->uncertain[0];
    q.uncertain = many, q.n_uncertain = 1230, q.n_corr = 0;
    stitch_diag err;
    cr_assert_null(stitch_mc_run_sampled(&q, 100, 0, 1, 1, STITCH_SAMPLING_QMC, &err));
    cr_assert_str_eq(err.message,
                     "quasi-Monte Carlo sampling takes at most 1,229 uncertain inputs and "
                     "this model has 1230: use a Latin hypercube (lhs) or Monte Carlo (mc)");
    free(many);
    stitch_plan_free(p);
}
