/* test_mc.c — the Monte Carlo engine (docs/method.md sections 4 and 7). */
#include "harness.h"
#include "plan.h"
#include "correlate.h"
#include "mc.h"
#include "sample.h"

#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>
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

/* Byte-identical summaries whatever the thread count (docs/method.md section 7). */
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
    const char *models[] = {"models/befriending.cfg", "tests/data/hand/c.cfg",
                            "tests/data/hand/years.cfg", "tests/data/hand/caseload.cfg"};
    for (size_t i = 0; i < 4; i++) {
        stitch_plan *p = load_plan(models[i]);
        stitch_result *base = base_case(p);
        stitch_mc_result *mc = simulate(p, 40000, 2);
        cr_expect(fabs(mc->pvb.mean - base->pvb) < 4 * mc->pvb.mcse,
                  "%s: mean PVB %f, base %f, mcse %f", models[i], mc->pvb.mean, base->pvb,
                  mc->pvb.mcse);
        cr_expect(fabs(mc->pvc.mean - base->pvc) < 4 * mc->pvc.mcse + 1e-9,
                  "%s: mean PVC %f, base %f, mcse %f", models[i], mc->pvc.mean, base->pvc,
                  mc->pvc.mcse);
        /* each stakeholder's spread is summarised; their means add up to PVB's */
        double stake = 0;
        for (size_t k = 0; k < p->n_stakeholders; k++)
            stake += mc->by_stakeholder[k].mean;
        cr_expect(fabs(stake - mc->pvb.mean) <= 1e-9 * fabs(mc->pvb.mean),
                  "%s: stakeholders' means add up to %f, mean PVB %f", models[i], stake,
                  mc->pvb.mean);
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

/* ---- correlations (Gaussian copula) ---------------------------------------------- */

/* Column u of an n-iteration sample drawn block by block, as the engine does. */
static double *draw_columns(const stitch_plan *p, size_t blocks)
{
    size_t n = blocks * STITCH_BLOCK;
    double *all = malloc(p->n_uncertain * n * sizeof *all);
    double *cols = malloc(p->n_uncertain * STITCH_BLOCK * sizeof *cols);
    sample_scratch *z = sample_scratch_alloc(p);
    gsl_rng *r = gsl_rng_alloc(sample_rng_type());
    for (size_t b = 0; b < blocks; b++) {
        sample_block(p, 42, b, STITCH_BLOCK, SAMPLE_CORRELATED, r, cols, z);
        for (size_t u = 0; u < p->n_uncertain; u++)
            memcpy(all + u * n + b * STITCH_BLOCK, cols + u * STITCH_BLOCK,
                   STITCH_BLOCK * sizeof *cols);
    }
    gsl_rng_free(r);
    free(cols);
    sample_scratch_free(z);
    return all;
}

static size_t column_of(const stitch_plan *p, const char *path)
{
    for (size_t u = 0; u < p->n_uncertain; u++)
        if (strcmp(p->inputs[p->uncertain[u]].path, path) == 0)
            return u;
    cr_assert_fail("no uncertain input %s", path);
    return 0;
}

/* The sample's Spearman rank correlation matches each declared one, and an
 * undeclared pair stays uncorrelated. The standard error of a Spearman
 * coefficient is below 1/sqrt(n - 1); allow 5 of them. */
Test(correlation, rank_correlation_matches_the_target, .timeout = 60)
{
    stitch_plan *p = load_plan("tests/data/hand/correlated.cfg");
    cr_assert_eq(p->n_corr, 3);
    size_t blocks = 25, n = blocks * STITCH_BLOCK;
    double *all = draw_columns(p, blocks), *work = malloc(2 * n * sizeof *work);
    size_t count = column_of(p, "outputs.reached.count");
    size_t rate = column_of(p, "outcomes.better.rate");
    size_t qty = column_of(p, "benefits.gp.quantity");
    size_t cost = column_of(p, "costs.staff.amount");
    struct {
        size_t a, b;
        double rho;
    } pairs[] = {
        {count, rate, 0.6}, {rate, qty, -0.3}, {count, qty, 0.0}, {cost, rate, 0.0}};
    double tol = 5 / sqrt((double)n - 1);
    for (size_t k = 0; k < 4; k++) {
        double s =
            gsl_stats_spearman(all + pairs[k].a * n, 1, all + pairs[k].b * n, 1, n, work);
        cr_expect(fabs(s - pairs[k].rho) < tol,
                  "pair %zu: rank correlation %f, wanted %f", k, s, pairs[k].rho);
    }
    free(all), free(work);
    stitch_plan_free(p);
}

/* The correlated gamma count (mean 100, sd 30) and beta rate (mean 0.4,
 * sd 0.1) keep their mean and sd, within 5 standard errors. */
Test(correlation, marginals_are_kept, .timeout = 60)
{
    stitch_plan *p = load_plan("tests/data/hand/correlated.cfg");
    size_t blocks = 25, n = blocks * STITCH_BLOCK;
    double *all = draw_columns(p, blocks);
    const char *paths[] = {"outputs.reached.count", "outcomes.better.rate"};
    double mean[] = {100, 0.4}, sd[] = {30, 0.1};
    for (size_t k = 0; k < 2; k++) {
        const double *v = all + column_of(p, paths[k]) * n;
        double m = gsl_stats_mean(v, 1, n), s = gsl_stats_sd(v, 1, n);
        double se = sd[k] / sqrt((double)n);
        cr_expect(fabs(m - mean[k]) < 5 * se, "%s: mean %f", paths[k], m);
        /* sd's standard error is about sd * sqrt((kurtosis - 1) / 4n); the
         * gamma's excess kurtosis here is 6 (sd/mean)^2 = 0.54: use 3. */
        cr_expect(fabs(s - sd[k]) < 5 * sd[k] * sqrt(3.0 / (4.0 * (double)n)),
                  "%s: sd %f", paths[k], s);
    }
    free(all);
    stitch_plan_free(p);
}

/* Correlating inputs leaves every other input's draws exactly as they were,
 * and only reorders the correlated inputs' draws within each block. */
Test(correlation, correlating_only_reorders_draws)
{
    stitch_plan *p = load_plan("tests/data/hand/correlated.cfg");
    stitch_plan *q = load_plan("tests/data/hand/correlated.cfg");
    q->n_corr = 0; /* the same model without its correlations */
    size_t blocks = 2, n = blocks * STITCH_BLOCK;
    double *a = draw_columns(p, blocks), *b = draw_columns(q, blocks);
    size_t cost = column_of(p, "costs.staff.amount");
    cr_assert(memcmp(a + cost * n, b + cost * n, n * sizeof *a) == 0);
    for (size_t c = 0; c < p->n_corr; c++) {
        double *x = a + p->corr_col[c] * n, *y = b + p->corr_col[c] * n;
        cr_assert(memcmp(x, y, n * sizeof *x) != 0);
        for (size_t k = 0; k < blocks; k++) {
            gsl_sort(x + k * STITCH_BLOCK, 1, STITCH_BLOCK);
            gsl_sort(y + k * STITCH_BLOCK, 1, STITCH_BLOCK);
        }
        cr_assert(memcmp(x, y, n * sizeof *x) == 0, "input %zu: not a reordering", c);
    }
    free(a), free(b);
    stitch_plan_free(p), stitch_plan_free(q);
}

/* Three equal correlations r with signs (+, +, -) are valid only while the
 * normal-scale 2 sin(pi r / 6) is below 1/2, i.e. r < (6/pi) asin(1/4) =
 * 0.4826: the nearest valid set, in two decimals, is 0.48. */
Test(correlation, nearest_valid_matrix)
{
    double r = 0.9, rho[9] = {1, r, -r, r, 1, r, -r, r, 1}, chol[9], near[9];
    cr_assert_eq(correlate_prepare(3, rho, chol, near), 1);
    cr_assert_float_eq(near[1], 0.48, 1e-12);
    cr_assert_float_eq(near[5], 0.48, 1e-12);
    cr_assert_float_eq(near[2], -0.48, 1e-12);
    cr_assert_float_eq(near[0], 1.0, 1e-12);
    /* A valid matrix: the factor reproduces the normal-scale matrix. */
    double ok[4] = {1, 0.5, 0.5, 1}, l[4];
    cr_assert_eq(correlate_prepare(2, ok, l, near), 0);
    double r01 = 2 * sin(acos(-1.0) * 0.5 / 6); /* 0.5176 */
    cr_assert_float_eq(l[0] * l[0], 1.0, 1e-12);
    cr_assert_float_eq(l[2] * l[0], r01, 1e-12);
    cr_assert_float_eq(l[2] * l[2] + l[3] * l[3], 1.0, 1e-12);
    cr_assert_float_eq(l[1], 0.0, 1e-15);
}

/* ---- --precision ------------------------------------------------------------------ */

/* Running to a precision target is deterministic and equals a plain run of
 * the iterations it settled on; both standard errors meet the target. */
Test(precision, equals_a_plain_run_of_its_length)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_diag err;
    stitch_mc_result *a = stitch_mc_run_to_precision(p, 0.002, 10000000, 42, 2, &err);
    cr_assert_not_null(a, "%s", err.message);
    cr_assert(a->precision_met);
    cr_assert_eq(a->iterations % STITCH_BLOCK, 0);
    cr_assert_gt(a->iterations, 4 * STITCH_BLOCK); /* 16,384 are not enough */
    cr_assert_leq(a->bcr.mcse, 0.002);
    cr_assert_leq(a->p_bcr_ge_1_mcse, 0.002);
    stitch_mc_result *b = simulate(p, a->iterations, 1);
    cr_assert(same_summary(&a->bcr, &b->bcr));
    cr_assert(same_summary(&a->pvb, &b->pvb));
    cr_assert_eq(a->p_bcr_ge_1, b->p_bcr_ge_1);
    stitch_mc_free(a), stitch_mc_free(b);
    stitch_plan_free(p);
}

/* A target out of reach stops at the most iterations allowed, and says so. */
Test(precision, stops_at_the_limit)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_diag err;
    stitch_mc_result *a = stitch_mc_run_to_precision(p, 0.0001, 20000, 42, 2, &err);
    cr_assert_not_null(a, "%s", err.message);
    cr_assert_eq(a->iterations, 20000);
    cr_assert_eq(a->precision_met, 0);
    cr_assert_null(stitch_mc_run_to_precision(p, 0, 20000, 42, 2, &err));
    cr_assert_str_eq(err.message,
                     "the precision target must be between 0 and 1, e.g. 0.005");
    stitch_mc_free(a);
    stitch_plan_free(p);
}

/* The BCR histogram holds every simulation once: its bins, plus the shares
 * below and above its range (the 0.5th and 99.5th percentiles), sum to 1,
 * with about 0.5% on each side. */
Test(engine, histogram_holds_every_simulation)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_mc_result *mc = simulate(p, 40000, 2);
    double sum = mc->hist_below + mc->hist_above;
    for (int b = 0; b < STITCH_HIST_BINS; b++)
        sum += mc->hist[b];
    cr_assert_float_eq(sum, 1.0, 1e-12);
    cr_assert_eq(mc->hist_of_npv, 0);
    cr_assert_float_eq(mc->hist_below, 0.005, 0.0005);
    cr_assert_float_eq(mc->hist_above, 0.005, 0.0005);
    cr_assert_lt(mc->hist_lo, mc->bcr.p5);
    cr_assert_gt(mc->hist_hi, mc->bcr.p95);
    stitch_mc_free(mc);
    stitch_plan_free(p);
}

/* ---- the cash flow's yearly net, and capacity (docs/method.md section 8) ---------- */

/* The yearly net's P5 and P95 are those of the nets worked out here, one
 * evaluation per simulation from the engine's own draws (seed 42), sorted
 * and interpolated by GSL; capacity is summarised like time freed. */
Test(engine, yearly_net_quantiles_are_the_simulations)
{
    stitch_plan *p = load_plan("models/falls-prevention.cfg");
    size_t blocks = 2, n = blocks * STITCH_BLOCK;
    stitch_mc_result *mc = simulate(p, (long)n, 2);
    double *cols = draw_columns(p, blocks);
    double *x = malloc(p->n_inputs * sizeof *x);
    double *net = malloc((size_t)p->years * n * sizeof *net);
    double *units = malloc(p->n_capacity * n * sizeof *units);
    stitch_result *r = stitch_result_alloc(p);
    stitch_plan_base(p, x);
    for (size_t i = 0; i < n; i++) {
        for (size_t u = 0; u < p->n_uncertain; u++)
            x[p->uncertain[u]] = cols[u * n + i];
        stitch_eval(p, x, r);
        for (int t = 0; t < p->years; t++) {
            const double *k = r->year_kind + 4 * t;
            net[(size_t)t * n + i] = k[0] + k[1] + k[2] + k[3] - r->year_cost_cash[t];
        }
        for (size_t c = 0; c < p->n_capacity; c++)
            units[c * n + i] = r->capacity[c];
    }
    cr_assert_eq(mc->net_iterations, (long)n);
    for (int t = 0; t < p->years; t++) {
        double *v = net + (size_t)t * n;
        gsl_sort(v, 1, n);
        cr_expect_float_eq(mc->net_p5[t], gsl_stats_quantile_from_sorted_data(v, 1, n, 0.05),
                           1e-9, "year %d", t);
        cr_expect_float_eq(mc->net_p95[t],
                           gsl_stats_quantile_from_sorted_data(v, 1, n, 0.95), 1e-9,
                           "year %d", t);
    }
    cr_assert_geq(p->n_capacity, 4);
    for (size_t c = 0; c < p->n_capacity; c++) {
        double *v = units + c * n;
        gsl_sort(v, 1, n);
        cr_expect_float_eq(mc->capacity[c].p95,
                           gsl_stats_quantile_from_sorted_data(v, 1, n, 0.95), 1e-9, "%s",
                           p->capacity_units[c]);
        cr_expect_float_eq(mc->capacity[c].mean, gsl_stats_mean(v, 1, n), 1e-9, "%s",
                           p->capacity_units[c]);
    }
    stitch_result_free(r);
    free(x), free(net), free(units), free(cols);
    stitch_mc_free(mc);
    stitch_plan_free(p);
}

/* A 1,000-year appraisal feeds the yearly nets of at most 2^26 / 1,000 =
 * 67,108 simulations to their tails, in whole blocks: 65,536 of 69,632. */
Test(engine, yearly_nets_are_bounded_in_memory)
{
    stitch_plan *p = load_plan("tests/data/hand/long.cfg");
    stitch_mc_result *mc = simulate(p, 17 * STITCH_BLOCK, 2);
    cr_assert_eq(mc->net_iterations, 16 * STITCH_BLOCK);
    /* Year 0: value 1 less the cost, uniform(1, 2), whose P95 is 1.95: P5 =
     * 1 − 1.95 = −0.95 (its standard error with 65,536 simulations is
     * sqrt(0.05 × 0.95 / 65536) = 0.00085), P95 = 1 − 1.05. Later years: 1. */
    cr_expect_float_eq(mc->net_p5[0], -0.95, 0.01, "%g", mc->net_p5[0]);
    cr_expect_float_eq(mc->net_p95[0], -0.05, 0.01, "%g", mc->net_p95[0]);
    cr_expect_float_eq(mc->net_p5[999], 1.0, 1e-12);
    cr_expect_float_eq(mc->net_p95[999], 1.0, 1e-12);
    stitch_mc_free(mc);
    stitch_plan_free(p);
}

/* The simulations tell how far they have got, block by block, and then
 * the summaries (docs/method.md section 5.7, "Progress"); under a
 * precision target the total is not known, so only the summaries are
 * told. Each step starts at 0 and ends at 1. */
Test(engine, progress_of_the_simulations_and_summaries)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    for (int precise = 0; precise < 2; precise++) {
        progress_seen seen = {0};
        stitch_mc_options o = {.iterations = 50000,
                               .target = precise ? 0.05 : 0,
                               .seed = 1,
                               .threads = 2,
                               .progress = progress_record,
                               .progress_ctx = &seen};
        stitch_diag err;
        stitch_mc_result *mc = stitch_mc_run_with(p, &o, &err);
        cr_assert_not_null(mc, "%s", err.message);
        const char *steps[] = {"simulations", "summarising the simulations"};
        cr_assert_eq(seen.n_steps, precise ? 1 : 2);
        for (int k = 0; k < seen.n_steps; k++) {
            cr_assert_str_eq(seen.step[k], steps[k + precise]);
            cr_assert_eq(seen.first[k], 0.0);
            cr_assert_eq(seen.last[k], 1.0);
        }
        cr_assert_eq(seen.backwards, 0);
        stitch_mc_free(mc);
    }
    stitch_plan_free(p);
}

/* The summaries' percentiles come from order statistics found by
 * bracketing with a sample (order_stats in lib/mc.c) above 65,536 values:
 * they must be exactly what sorting gives, with
 * gsl_stats_quantile_from_sorted_data's interpolation, whatever the data:
 * random, three values repeated, sorted either way, a sawtooth, a block
 * of +infinity, and a sample that misses every rank. */
Test(summaries, percentiles_are_exactly_those_of_the_sorted_values)
{
    size_t n = 300001;
    double *v = malloc(n * sizeof *v), *w = malloc(n * sizeof *w);
    cr_assert(v && w);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    /* The positions order_stats samples (about n^(2/3) at even strides):
     * kind 6 puts -1e9 at every one of them, so every bracket misses its
     * rank and the selection falls back to the whole array. */
    size_t ns = (size_t)pow((double)n, 2.0 / 3.0);
    for (int kind = 0; kind < 7; kind++) {
        for (size_t i = 0; i < n; i++) {
            double u = gsl_rng_uniform(r);
            v[i] = kind == 0   ? u * 1000 - 300
                   : kind == 1 ? (double)(i % 3)
                   : kind == 2 ? (double)i
                   : kind == 3 ? -(double)i
                   : kind == 4 ? (double)((i * 7919) % 1000) + (i % 2 ? 1e6 : 0)
                   : kind == 5 ? (i < n / 10 ? INFINITY : u)
                               : u;
        }
        for (size_t i = 0; kind == 6 && i < ns; i++)
            v[(size_t)((double)i * (double)n / (double)ns)] = -1e9;
        memcpy(w, v, n * sizeof *w);
        gsl_sort(w, 1, n);
        stitch_summary s = mc_summarise(v, n);
        double f[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
        double got[5] = {s.p5, s.p25, s.p50, s.p75, s.p95};
        for (int q = 0; q < 5; q++) {
            double want = gsl_stats_quantile_from_sorted_data(w, 1, n, f[q]);
            cr_assert(got[q] == want || (isnan(got[q]) && isnan(want)),
                      "data %d, P%g: %.17g, sorted %.17g", kind, f[q] * 100, got[q],
                      want);
        }
    }
    gsl_rng_free(r);
    free(v), free(w);
}
