/* test_dist.c — the distributions of docs/method.md section 2: means, checks,
 * quantiles. */
#include "dist.h"
#include "harness.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static stitch_dist make(dist_kind k, double a, double b, double c, double d)
{
    stitch_dist x = {k, {a, b, c, d}, {0, 0}};
    return x;
}

static const char *prepare(stitch_dist *d, dist_domain dom)
{
    static char msg[256];
    msg[0] = '\0';
    dist_prepare(d, dom, msg, sizeof msg);
    return msg;
}

Test(dist, means_follow_the_spec_table)
{
    stitch_dist u = make(DIST_UNIFORM, 2, 6, 0, 0), t = make(DIST_TRIANGULAR, 0, 1, 5, 0);
    stitch_dist pe = make(DIST_PERT, 60, 80, 95, 0), g = make(DIST_GAMMA, 7, 2, 0, 0);
    cr_assert_str_empty(prepare(&u, DOMAIN_ANY));
    cr_assert_str_empty(prepare(&t, DOMAIN_ANY));
    cr_assert_str_empty(prepare(&pe, DOMAIN_ANY));
    cr_assert_str_empty(prepare(&g, DOMAIN_ANY));
    cr_assert_float_eq(dist_mean(&u), 4.0, 1e-12);
    cr_assert_float_eq(dist_mean(&t), 2.0, 1e-12);
    cr_assert_float_eq(dist_mean(&pe), (60 + 4 * 80 + 95) / 6.0, 1e-12);
    cr_assert_float_eq(dist_mean(&g), 7.0, 1e-12);
    /* PERT shape: alpha = 1 + 4 (mode − min)/(max − min) */
    cr_assert_float_eq(pe.q[0], 1 + 4 * 20 / 35.0, 1e-12);
    cr_assert_float_eq(pe.q[1], 1 + 4 * 15 / 35.0, 1e-12);
}

/* A normal truncated at its mean on one side has mean mu + sd × sqrt(2/pi). */
Test(dist, truncated_normal_mean)
{
    stitch_dist n = make(DIST_NORMAL, 10, 2, 10, INFINITY);
    cr_assert_str_empty(prepare(&n, DOMAIN_NONNEG));
    cr_assert_float_eq(dist_mean(&n), 10 + 2 * sqrt(2 / acos(-1.0)), 1e-9);
    stitch_dist sym = make(DIST_NORMAL, 0.5, 0.1, 0.3, 0.7);
    cr_assert_str_empty(prepare(&sym, DOMAIN_SHARE));
    cr_assert_float_eq(dist_mean(&sym), 0.5, 1e-12);
}

/* Method of moments: beta mean m, sd s gives alpha = m k, beta = (1 − m) k,
 * k = m(1 − m)/s² − 1; gamma shape m²/s², scale s²/m; lognormal
 * sigma² = ln(1 + s²/m²), mu = ln m − sigma²/2. */
Test(dist, method_of_moments)
{
    stitch_dist b = make(DIST_BETA, 0.55, 0.08, 0, 0);
    cr_assert_str_empty(prepare(&b, DOMAIN_SHARE));
    double k = 0.55 * 0.45 / 0.0064 - 1;
    cr_assert_float_eq(b.q[0], 0.55 * k, 1e-9);
    cr_assert_float_eq(b.q[1], 0.45 * k, 1e-9);
    stitch_dist g = make(DIST_GAMMA, 100, 20, 0, 0);
    cr_assert_str_empty(prepare(&g, DOMAIN_NONNEG));
    cr_assert_float_eq(g.q[0], 25.0, 1e-12);
    cr_assert_float_eq(g.q[1], 4.0, 1e-12);
    stitch_dist l = make(DIST_LOGNORMAL, 1, 1, 0, 0);
    cr_assert_str_empty(prepare(&l, DOMAIN_NONNEG));
    cr_assert_float_eq(l.q[1], sqrt(log(2.0)), 1e-12);
    cr_assert_float_eq(l.q[0], -log(2.0) / 2, 1e-12);
}

Test(dist, invalid_parameters_are_errors)
{
    stitch_dist d = make(DIST_PERT, 5, 1, 3, 0);
    cr_assert_str_eq(prepare(&d, DOMAIN_ANY), "min (5) is greater than max (3)");
    d = make(DIST_TRIANGULAR, 0, 7, 5, 0);
    cr_assert_str_eq(prepare(&d, DOMAIN_ANY), "mode (7) is outside min..max (0 to 5)");
    d = make(DIST_GAMMA, 3, 0, 0, 0);
    cr_assert_str_eq(prepare(&d, DOMAIN_ANY), "sd must be greater than 0 (got 0)");
    d = make(DIST_BETA, 0.5, 0.6, 0, 0);
    cr_assert_str_eq(prepare(&d, DOMAIN_SHARE),
                     "no beta distribution has mean 0.5 and sd 0.6: sd must be below 0.5 "
                     "(sd² < mean × (1 − mean))");
    d = dist_fixed(1.4);
    cr_assert_str_eq(prepare(&d, DOMAIN_SHARE), "1.4 is not a share between 0 and 1");
    d = make(DIST_LOGNORMAL, 0.5, 0.1, 0, 0);
    cr_assert_str_eq(
        prepare(&d, DOMAIN_SHARE),
        "a lognormal can exceed 1: use beta, pert, triangular or uniform for a "
        "share");
    d = make(DIST_NORMAL, 80, 5, -INFINITY, INFINITY);
    cr_assert_str_eq(prepare(&d, DOMAIN_NONNEG),
                     "a normal distribution can fall below 0: add min = 0 (or higher)");
    d = make(DIST_UNIFORM, 2, 2, 0, 0);
    cr_assert_str_eq(prepare(&d, DOMAIN_ANY),
                     "min and max are both 2: use a plain number for a fixed value");
}

/* Quantiles against closed forms: uniform and triangular by hand; the beta
 * median of Beta(2, 2) is 0.5; the gamma(1, s) quantile is −s ln(1 − p). */
/* The p-quantile of d; the test fails when it cannot be worked out. */
static double quantile(const stitch_dist *d, double p)
{
    double q;
    cr_assert_eq(dist_quantile(d, p, &q), 0, "no %g-quantile of a %s", p,
                 dist_name(d->kind));
    return q;
}

Test(dist, quantiles)
{
    stitch_dist u = make(DIST_UNIFORM, 0, 10, 0, 0);
    cr_assert_str_empty(prepare(&u, DOMAIN_ANY));
    cr_assert_float_eq(quantile(&u, 0.1), 1.0, 1e-12);
    stitch_dist t = make(DIST_TRIANGULAR, 0, 0, 1, 0);
    cr_assert_str_empty(prepare(&t, DOMAIN_ANY));
    /* F(x) = 1 − (1 − x)², so the p-quantile is 1 − sqrt(1 − p). */
    cr_assert_float_eq(quantile(&t, 0.9), 1 - sqrt(0.1), 1e-12);
    stitch_dist pe = make(DIST_PERT, 0, 5, 10, 0); /* Beta(3, 3) on [0, 10] */
    cr_assert_str_empty(prepare(&pe, DOMAIN_ANY));
    cr_assert_float_eq(quantile(&pe, 0.5), 5.0, 1e-9);
    stitch_dist g = make(DIST_GAMMA, 2, 2, 0, 0); /* shape 1, scale 2 */
    cr_assert_str_empty(prepare(&g, DOMAIN_ANY));
    cr_assert_float_eq(quantile(&g, 0.9), -2 * log(0.1), 1e-9);
}

/* P1, P5, P10, P50, P90, P95 and P99 of the gamma and beta over a grid of
 * shapes down to 0.01, against SciPy (tests/data/quantiles.py writes
 * quantiles.csv). GSL 2.7's own inverse CDFs give NaN for many of these.
 * The tolerance: GSL's incomplete gamma and beta functions are good to
 * about 1e-14 relative, and a CDF error e moves the quantile by
 * e F / (x f(x)), which in the lower tail is e / a: at most 100 e for a
 * shape of 0.01. SciPy's answers carry the same kind of error, so they
 * may differ by a few 1e-12 (the largest difference measured is 3.9e-13);
 * 1e-10 leaves room, and a NaN, a P90 given for a P10 or a wrong branch
 * misses it by far. GSL 2.7's gsl_cdf_*_Pinv give NaN for 84 of the 686. */
Test(dist, gamma_and_beta_quantiles_match_scipy)
{
    char *csv = slurp_file(src_path("tests/data/quantiles.csv"));
    cr_assert_not_null(csv, "tests/data/quantiles.csv is missing");
    int rows = 0;
    double worst = 0;
    for (char *save = NULL, *line = strtok_r(csv, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char name[16];
        double a, b, p, want;
        if (strncmp(line, "dist,", 5) == 0)
            continue;
        cr_assert_eq(sscanf(line, "%15[a-z],%lf,%lf,%lf,%lf", name, &a, &b, &p, &want), 5,
                     "bad row: %s", line);
        stitch_dist d;
        if (strcmp(name, "gamma") == 0) /* shape a, scale 1: mean a, sd sqrt(a) */
            d = (stitch_dist){DIST_GAMMA, {a, sqrt(a), 0, 0}, {a, 1}};
        else
            d = (stitch_dist){DIST_BETA, {a / (a + b), 0, 0, 0}, {a, b}};
        double got = quantile(&d, p);
        double rel = fabs(got - want) / want;
        cr_expect_leq(rel, 1e-10, "%s(%g, %g) P%g: %.17g, SciPy %.17g (%.3g relative)",
                      name, a, b, p * 100, got, want, rel);
        worst = fmax(worst, rel);
        rows++;
    }
    free(csv);
    cr_assert_eq(rows, 686, "%d rows", rows);
    cr_log_info("largest relative difference from SciPy: %.3g", worst);
}
