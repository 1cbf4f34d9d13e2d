/* test_mc.c — the Monte Carlo engine (SPEC sections 4 and 7). */
#include "harness.h"
#include "plan.h"
#include "sample.h"

#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* GSL's own reference (rng/test.c): taus2 seeded with 1 gives 2733957125 as
 * its 10,000th number. */
Test(streams, gsl_reference_stream)
{
    gsl_rng *r = gsl_rng_alloc(sample_rng_type());
    gsl_rng_set(r, 1);
    unsigned long k = 0;
    for (int i = 0; i < 10000; i++)
        k = gsl_rng_get(r);
    cr_assert_eq(k, 2733957125UL);
    gsl_rng_free(r);
}

/*
 * Sample moments against analytic ones. The tolerance comes from the sample
 * size: 5 standard errors of the mean (sd/sqrt(n)) and of the variance
 * (sqrt((m4 - s^4)/n), with m4 the sample's fourth central moment).
 */
static void check_moments(stitch_dist d, double mean, double var)
{
    char msg[256];
    cr_assert_eq(dist_prepare(&d, DOMAIN_ANY, msg, sizeof msg), 0, "%s", msg);
    size_t n = 200000;
    double *v = malloc(n * sizeof *v);
    gsl_rng *r = gsl_rng_alloc(sample_rng_type());
    gsl_rng_set(r, sample_stream_seed(7, dist_name(d.kind), 0));
    sample_draw(&d, r, v, n);
    double m = 0, s2 = 0, m4 = 0;
    for (size_t i = 0; i < n; i++)
        m += v[i] / (double)n;
    for (size_t i = 0; i < n; i++) {
        double e = (v[i] - m) * (v[i] - m);
        s2 += e / (double)(n - 1);
        m4 += e * e / (double)n;
    }
    double se_mean = sqrt(var / (double)n), se_var = sqrt((m4 - s2 * s2) / (double)n);
    cr_expect(fabs(m - mean) < 5 * se_mean, "%s: sample mean %g, expected %g (se %g)",
              dist_name(d.kind), m, mean, se_mean);
    cr_expect(fabs(s2 - var) < 5 * se_var, "%s: sample variance %g, expected %g (se %g)",
              dist_name(d.kind), s2, var, se_var);
    gsl_rng_free(r);
    free(v);
}

Test(sampling, moments_match_each_distribution, .timeout = 60)
{
    stitch_dist u = {DIST_UNIFORM, {2, 6, 0, 0}, {0, 0}};
    check_moments(u, 4, 16.0 / 12);
    stitch_dist t = {DIST_TRIANGULAR, {0, 1, 5, 0}, {0, 0}};
    check_moments(t, 2, (0 + 1 + 25 - 0 - 0 - 5) / 18.0);
    /* PERT(0, 2, 10): Beta(1.8, 4.2) on [0, 10]; var = ab/((a+b)^2 (a+b+1)) × 100 */
    stitch_dist pe = {DIST_PERT, {0, 2, 10, 0}, {0, 0}};
    check_moments(pe, 3, 100 * 1.8 * 4.2 / (36.0 * 7.0));
    stitch_dist no = {DIST_NORMAL, {5, 2, -INFINITY, INFINITY}, {0, 0}};
    check_moments(no, 5, 4);
    stitch_dist ln = {DIST_LOGNORMAL, {3, 1.5, 0, 0}, {0, 0}};
    check_moments(ln, 3, 2.25);
    stitch_dist be = {DIST_BETA, {0.3, 0.1, 0, 0}, {0, 0}};
    check_moments(be, 0.3, 0.01);
    stitch_dist ga = {DIST_GAMMA, {40, 12, 0, 0}, {0, 0}};
    check_moments(ga, 40, 144);
    /* A normal truncated at its mean: mean mu + sd sqrt(2/pi), var sd^2 (1 - 2/pi). */
    stitch_dist tn = {DIST_NORMAL, {0, 1, 0, INFINITY}, {0, 0}};
    check_moments(tn, sqrt(2 / acos(-1.0)), 1 - 2 / acos(-1.0));
}

static stitch_mc_result *simulate(const stitch_plan *p, long n, int threads)
{
    stitch_diag err;
    stitch_mc_result *mc = stitch_mc_run(p, n, 42, threads, &err);
    cr_assert_not_null(mc, "%s", err.message);
    return mc;
}

static int same_summary(const stitch_summary *a, const stitch_summary *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* Byte-identical summaries whatever the thread count (SPEC section 7). */
Test(engine, identical_for_one_and_two_threads)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_mc_result *a = simulate(p, 20000, 1), *b = simulate(p, 20000, 2);
    cr_assert(same_summary(&a->pvb, &b->pvb));
    cr_assert(same_summary(&a->pvc, &b->pvc));
    cr_assert(same_summary(&a->bcr, &b->bcr));
    cr_assert(same_summary(&a->npv, &b->npv));
    cr_assert_eq(a->p_bcr_ge_1, b->p_bcr_ge_1);
    cr_assert(memcmp(a->payback_by, b->payback_by, (size_t)p->years * sizeof(double)) ==
              0);
    cr_assert(memcmp(a->cost_per_outcome, b->cost_per_outcome,
                     p->n_nodes * sizeof(double)) == 0);
    stitch_mc_free(a), stitch_mc_free(b);
    stitch_plan_free(p);
}

/* Where no drop-off is uncertain, PVB and PVC are sums of products of
 * independent draws, so their means converge to the base case: within 4
 * Monte Carlo standard errors. */
Test(engine, means_converge_to_the_base_case)
{
    const char *models[] = {"models/befriending.cfg", "tests/data/hand/c.cfg"};
    for (size_t i = 0; i < 2; i++) {
        stitch_plan *p = load_plan(models[i]);
        stitch_result *base = base_case(p);
        stitch_mc_result *mc = simulate(p, 40000, 2);
        cr_expect(fabs(mc->pvb.mean - base->pvb) < 4 * mc->pvb.mcse,
                  "%s: mean PVB %f, base %f, mcse %f", models[i], mc->pvb.mean, base->pvb,
                  mc->pvb.mcse);
        cr_expect(fabs(mc->pvc.mean - base->pvc) < 4 * mc->pvc.mcse + 1e-9,
                  "%s: mean PVC %f, base %f, mcse %f", models[i], mc->pvc.mean, base->pvc,
                  mc->pvc.mcse);
        stitch_mc_free(mc);
        stitch_result_free(base);
        stitch_plan_free(p);
    }
}

/* Common random numbers: changing a benefit's distribution leaves the cost
 * draws, and so every PVC summary, exactly as they were. */
Test(engine, editing_one_input_leaves_the_others_draws)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_plan *q = load_plan("tests/data/befriending-edited.cfg");
    stitch_mc_result *a = simulate(p, 10000, 2), *b = simulate(q, 10000, 2);
    cr_assert(same_summary(&a->pvc, &b->pvc));
    cr_assert(!same_summary(&a->pvb, &b->pvb));
    stitch_mc_free(a), stitch_mc_free(b);
    stitch_plan_free(p), stitch_plan_free(q);
}

/* A model with no uncertain input: every percentile equals the base case. */
Test(engine, fixed_model_has_no_spread)
{
    stitch_plan *p = load_plan("tests/data/hand/a.cfg");
    stitch_result *base = base_case(p);
    stitch_mc_result *mc = simulate(p, 5000, 2);
    cr_assert_float_eq(mc->bcr.p5, base->bcr, 1e-12);
    cr_assert_float_eq(mc->bcr.p95, base->bcr, 1e-12);
    cr_assert_float_eq(mc->bcr.sd, 0.0, 1e-12);
    cr_assert_eq(mc->p_bcr_ge_1, 1.0);
    cr_assert_eq(mc->payback_by[0], 1.0);
    stitch_mc_free(mc);
    stitch_result_free(base);
    stitch_plan_free(p);
}
