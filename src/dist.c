/* dist.c — validation and means of the input distributions. */
#include "dist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

const char *const dist_names[] = {"fixed",     "uniform", "triangular", "pert", "normal",
                                  "lognormal", "beta",    "gamma",      NULL};

const char *dist_name(dist_kind k)
{
    return (unsigned)k <= DIST_GAMMA ? dist_names[k] : NULL;
}

int dist_from_name(const char *name, dist_kind *k)
{
    for (int i = DIST_UNIFORM; i <= DIST_GAMMA; i++)
        if (strcmp(name, dist_names[i]) == 0) {
            *k = (dist_kind)i;
            return 0;
        }
    return -1;
}

stitch_dist dist_fixed(double v)
{
    stitch_dist d = {DIST_FIXED, {v, 0, 0, 0}, {0, 0}};
    return d;
}

#define FAIL(...)                                                                        \
    do {                                                                                 \
        snprintf(msg, n, __VA_ARGS__);                                                   \
        return -1;                                                                       \
    } while (0)

static int check_range(const stitch_dist *d, int has_mode, char *msg, size_t n)
{
    double lo = d->p[0], hi = has_mode ? d->p[2] : d->p[1];
    if (lo > hi)
        FAIL("min (%g) is greater than max (%g)", lo, hi);
    if (lo == hi)
        FAIL("min and max are both %g: use a plain number for a fixed value", lo);
    if (has_mode && (d->p[1] < lo || d->p[1] > hi))
        FAIL("mode (%g) is outside min..max (%g to %g)", d->p[1], lo, hi);
    return 0;
}

/* Truncated-normal normalising mass; 0 when the bounds hold none of it. */
static double normal_mass(const stitch_dist *d)
{
    double a = (d->p[2] - d->p[0]) / d->p[1], b = (d->p[3] - d->p[0]) / d->p[1];
    if (a > 0)
        return gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(b);
    return gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a);
}

static int check_params(stitch_dist *d, char *msg, size_t n)
{
    const char *name = dist_name(d->kind);
    switch (d->kind) {
    case DIST_FIXED:
        return 0;
    case DIST_UNIFORM:
        return check_range(d, 0, msg, n);
    case DIST_TRIANGULAR:
        return check_range(d, 1, msg, n);
    case DIST_PERT:
        if (check_range(d, 1, msg, n))
            return -1;
        d->q[0] = 1.0 + 4.0 * (d->p[1] - d->p[0]) / (d->p[2] - d->p[0]);
        d->q[1] = 1.0 + 4.0 * (d->p[2] - d->p[1]) / (d->p[2] - d->p[0]);
        return 0;
    case DIST_NORMAL:
        if (!(d->p[1] > 0))
            FAIL("sd must be greater than 0 (got %g)", d->p[1]);
        if (d->p[2] >= d->p[3])
            FAIL("min (%g) must be less than max (%g)", d->p[2], d->p[3]);
        if (normal_mass(d) < 1e-9)
            FAIL("min..max (%g to %g) holds almost none of a normal with mean %g and sd "
                 "%g",
                 d->p[2], d->p[3], d->p[0], d->p[1]);
        return 0;
    case DIST_LOGNORMAL:
    case DIST_GAMMA:
        if (!(d->p[0] > 0))
            FAIL("a %s mean must be greater than 0 (got %g)", name, d->p[0]);
        if (!(d->p[1] > 0))
            FAIL("sd must be greater than 0 (got %g)", d->p[1]);
        if (d->kind == DIST_LOGNORMAL) {
            double s2 = log1p((d->p[1] * d->p[1]) / (d->p[0] * d->p[0]));
            d->q[0] = log(d->p[0]) - 0.5 * s2;
            d->q[1] = sqrt(s2);
        } else {
            d->q[0] = (d->p[0] * d->p[0]) / (d->p[1] * d->p[1]);
            d->q[1] = (d->p[1] * d->p[1]) / d->p[0];
        }
        return 0;
    case DIST_BETA: {
        double m = d->p[0], s = d->p[1];
        if (!(m > 0 && m < 1))
            FAIL("a beta mean must lie strictly between 0 and 1 (got %g)", m);
        if (!(s > 0))
            FAIL("sd must be greater than 0 (got %g)", s);
        if (s * s >= m * (1 - m))
            FAIL("no beta distribution has mean %g and sd %g: sd must be below %.4g "
                 "(sd² < mean × (1 − mean))",
                 m, s, sqrt(m * (1 - m)));
        double k = m * (1 - m) / (s * s) - 1;
        d->q[0] = m * k;
        d->q[1] = (1 - m) * k;
        return 0;
    }
    }
    FAIL("unknown distribution");
}

/* Smallest and largest values a distribution can take. */
static void support(const stitch_dist *d, double *lo, double *hi)
{
    *lo = -INFINITY;
    *hi = INFINITY;
    switch (d->kind) {
    case DIST_FIXED:
        *lo = *hi = d->p[0];
        return;
    case DIST_UNIFORM:
        *lo = d->p[0];
        *hi = d->p[1];
        return;
    case DIST_TRIANGULAR:
    case DIST_PERT:
        *lo = d->p[0];
        *hi = d->p[2];
        return;
    case DIST_NORMAL:
        *lo = d->p[2];
        *hi = d->p[3];
        return;
    case DIST_LOGNORMAL:
    case DIST_GAMMA:
        *lo = 0;
        *hi = INFINITY;
        return;
    case DIST_BETA:
        *lo = 0;
        *hi = 1;
        return;
    }
}

static int check_domain(const stitch_dist *d, dist_domain dom, char *msg, size_t n)
{
    double lo, hi;
    support(d, &lo, &hi);
    if (dom == DOMAIN_SHARE && d->kind == DIST_FIXED && (lo < 0 || lo > 1))
        FAIL("%g is not a share between 0 and 1", lo);
    if (dom == DOMAIN_NONNEG && d->kind == DIST_FIXED && lo < 0)
        FAIL("%g is negative; it must be 0 or more", lo);
    if (d->kind == DIST_FIXED || dom == DOMAIN_ANY)
        return 0;
    if (d->kind == DIST_NORMAL && isinf(lo))
        FAIL("a normal distribution can fall below 0: add min = 0%s",
             dom == DOMAIN_SHARE ? " and max = 1 (or narrower)" : " (or higher)");
    if (d->kind == DIST_NORMAL && dom == DOMAIN_SHARE && isinf(hi))
        FAIL("a normal distribution can exceed 1: add max = 1 (or lower)");
    if (dom == DOMAIN_SHARE && isinf(hi))
        FAIL("a %s can exceed 1: use beta, pert, triangular or uniform for a share",
             dist_name(d->kind));
    if (lo < 0)
        FAIL("min (%g) is negative; %s", lo,
             dom == DOMAIN_SHARE ? "a share must stay between 0 and 1"
                                 : "this value must be 0 or more");
    if (dom == DOMAIN_SHARE && hi > 1)
        FAIL("max (%g) is above 1; a share must stay between 0 and 1", hi);
    return 0;
}

int dist_prepare(stitch_dist *d, dist_domain dom, char *msg, size_t n)
{
    if (check_params(d, msg, n))
        return -1;
    return check_domain(d, dom, msg, n);
}

double dist_mean(const stitch_dist *d)
{
    switch (d->kind) {
    case DIST_FIXED:
        return d->p[0];
    case DIST_UNIFORM:
        return 0.5 * (d->p[0] + d->p[1]);
    case DIST_TRIANGULAR:
        return (d->p[0] + d->p[1] + d->p[2]) / 3.0;
    case DIST_PERT:
        return (d->p[0] + 4.0 * d->p[1] + d->p[2]) / 6.0;
    case DIST_NORMAL: {
        double mu = d->p[0], sd = d->p[1];
        double a = (d->p[2] - mu) / sd, b = (d->p[3] - mu) / sd;
        double pa = isinf(a) ? 0 : gsl_ran_ugaussian_pdf(a);
        double pb = isinf(b) ? 0 : gsl_ran_ugaussian_pdf(b);
        return mu + sd * (pa - pb) / normal_mass(d);
    }
    case DIST_LOGNORMAL:
    case DIST_BETA:
    case DIST_GAMMA:
        return d->p[0];
    }
    return NAN;
}

double dist_quantile(const stitch_dist *d, double p)
{
    switch (d->kind) {
    case DIST_FIXED:
        return d->p[0];
    case DIST_UNIFORM:
        return d->p[0] + p * (d->p[1] - d->p[0]);
    case DIST_TRIANGULAR: {
        double a = d->p[0], c = d->p[1], b = d->p[2], fc = (c - a) / (b - a);
        if (p < fc)
            return a + sqrt(p * (b - a) * (c - a));
        return b - sqrt((1 - p) * (b - a) * (b - c));
    }
    case DIST_PERT:
        return d->p[0] + (d->p[2] - d->p[0]) * gsl_cdf_beta_Pinv(p, d->q[0], d->q[1]);
    case DIST_NORMAL: {
        double a = (d->p[2] - d->p[0]) / d->p[1], b = (d->p[3] - d->p[0]) / d->p[1];
        double pa = gsl_cdf_ugaussian_P(a), pb = gsl_cdf_ugaussian_P(b);
        double z = gsl_cdf_ugaussian_Pinv(pa + p * (pb - pa));
        double v = d->p[0] + d->p[1] * z;
        return v < d->p[2] ? d->p[2] : v > d->p[3] ? d->p[3] : v;
    }
    case DIST_LOGNORMAL:
        return gsl_cdf_lognormal_Pinv(p, d->q[0], d->q[1]);
    case DIST_BETA:
        return gsl_cdf_beta_Pinv(p, d->q[0], d->q[1]);
    case DIST_GAMMA:
        return gsl_cdf_gamma_Pinv(p, d->q[0], d->q[1]);
    }
    return NAN;
}
