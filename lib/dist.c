/* dist.c — validation and means of the input distributions. */
#include "dist.h"

#include <float.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const dist_names[] = {"fixed",     "uniform", "triangular", "pert", "normal",
                                  "lognormal", "beta",    "gamma",      NULL};

const char *dist_name(dist_kind k)
{
    if (k == DIST_TABLE)
        return "posterior";
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

/* GSL's incomplete beta function fails or loses accuracy when a shape is
 * much above 1e5 (from about 5e5), so a beta is kept below that: a share
 * with sd 0.0011 around 0.5 or narrower is, for a business case, a fixed
 * number. */
#define BETA_MAX_SHAPE 1e5

/* The derived parameters of a lognormal, gamma or beta must be finite and
 * not degenerate: an sd far too small or too large beside the mean would
 * otherwise give infinite shapes or a zero spread. */
static int check_derived(const stitch_dist *d, char *msg, size_t n)
{
    double mean = d->p[0], sd = d->p[1];
    int too_small, too_large;
    if (d->kind == DIST_LOGNORMAL) {
        too_small = !(d->q[1] > 0);
        too_large = !isfinite(d->q[0]) || !isfinite(d->q[1]);
    } else if (d->kind == DIST_GAMMA) {
        too_small = !isfinite(d->q[0]) || !(d->q[1] > 0);
        too_large = !(d->q[0] > 0) || !isfinite(d->q[1]);
    } else {
        too_small = !isfinite(d->q[0]) || !isfinite(d->q[1]);
        too_large = !(d->q[0] > 0 && d->q[1] > 0);
    }
    if (too_small)
        FAIL("sd (%g) is too small beside the mean (%g) to work with: if the number "
             "is this certain, write the plain number %g",
             sd, mean, mean);
    if (too_large)
        FAIL("sd (%g) is too large beside the mean (%g) to work with: check both for a "
             "typo such as extra zeros",
             sd, mean);
    return 0;
}

static int check_params(stitch_dist *d, char *msg, size_t n)
{
    const char *name = dist_name(d->kind);
    switch (d->kind) {
    case DIST_FIXED:
    case DIST_TABLE: /* made by dist_posterior, never read from a model */
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
        /* In ratios, so that no square overflows on the way. */
        double cv = d->p[1] / d->p[0];
        if (d->kind == DIST_LOGNORMAL) {
            double s2 = log1p(cv * cv);
            d->q[0] = log(d->p[0]) - 0.5 * s2;
            d->q[1] = sqrt(s2);
        } else {
            d->q[0] = 1 / (cv * cv);
            d->q[1] = d->p[1] * cv;
        }
        return check_derived(d, msg, n);
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
        if (!(d->q[0] <= BETA_MAX_SHAPE && d->q[1] <= BETA_MAX_SHAPE)) {
            double big = fmax(m, 1 - m);
            FAIL("a beta this narrow (mean %g, sd %g) is beyond what stitch can work "
                 "with: if the share is this certain, write the plain number %g; "
                 "otherwise give an sd of at least %.3g (or use a pert)",
                 m, s, m, sqrt(m * (1 - m) / (BETA_MAX_SHAPE / big + 1)) * 1.001);
        }
        return check_derived(d, msg, n);
    }
    }
    FAIL("unknown distribution");
}

/* Smallest and largest values a distribution can take. */
void dist_support(const stitch_dist *d, double *lo, double *hi)
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
    case DIST_TABLE:
        *lo = d->p[2];
        *hi = d->p[3];
        return;
    }
}

static int check_domain(const stitch_dist *d, dist_domain dom, char *msg, size_t n)
{
    double lo, hi;
    dist_support(d, &lo, &hi);
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

/* Every quantile the reports use (P5 to P95) must be a finite number. */
static int check_quantiles(const stitch_dist *d, char *msg, size_t n)
{
    static const double probs[] = {0.05, 0.95};
    for (int i = 0; i < 2 && d->kind != DIST_FIXED; i++) {
        double q;
        int rc = dist_quantile(d, probs[i], &q);
        if (rc == DIST_EOVERFLOW)
            FAIL("its %s percentile is too large to work with (above 1.8e308): check "
                 "its numbers for a typo such as extra zeros",
                 i ? "95th" : "5th");
        if (rc == DIST_EQUANTILE) {
            snprintf(msg, n,
                     "internal error: its P%g could not be worked out; please report "
                     "it, with the model file",
                     probs[i] * 100);
            return rc;
        }
        if (rc)
            return rc;
    }
    return 0;
}

int dist_prepare(stitch_dist *d, dist_domain dom, char *msg, size_t n)
{
    if (check_params(d, msg, n) || check_domain(d, dom, msg, n))
        return -1;
    return check_quantiles(d, msg, n);
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
    case DIST_TABLE:
        return d->p[0];
    }
    return NAN;
}

/* ---- inverse CDFs of the gamma and beta ------------------------------------------ */

/* GSL 2.7's gsl_cdf_gamma_Pinv and gsl_cdf_beta_Pinv return NaN for small
 * shapes (a gamma with sd/mean of 3 or more, a beta with mean 0.1 and sd
 * 0.24). These solve CDF(x) = p instead, with GSL's incomplete gamma and
 * beta functions and Brent's method: the root is bracketed in t = log x, so
 * that a quantile of 1e-200 is as easy to find as one of 1, narrowed there,
 * then polished in x. Probabilities are compared in logs, so tiny ones keep
 * their digits; the gamma's p > 1/2 is solved on the upper tail, Q(x) =
 * 1 - p, and a beta quantile above 1/2 as 1 - y, y the (1 - p)-quantile of
 * beta(b, a), so that no digits are lost to 1 - p or 1 - x. Every answer
 * is checked: the CDF at it must equal p, or p must lie between the CDFs
 * at the doubles either side. */

typedef enum { TAIL_GAMMA_P, TAIL_GAMMA_Q, TAIL_BETA_P } tail_kind;

typedef struct {
    tail_kind kind;
    double a, b;       /* the gamma's shape (scale 1), or the beta's shapes */
    double target;     /* the tail probability sought, P or Q */
    double log_target; /* its log */
    int failed;        /* GSL could not evaluate the tail somewhere */
    int nomem;         /* the root solver could not be allocated */
} tail_problem;

/* GSL's incomplete gamma function loses accuracy for shapes above about
 * 1e4 (errors of 1e-8 at 1e5, 0.1 near 1e6, where it can also return a
 * negative P or fail), so large shapes use Temme's uniform asymptotic
 * expansion (N. M. Temme, SIAM J. Math. Anal. 10 (1979); A. R. DiDonato and
 * A. H. Morris, ACM TOMS 12 (1986), section 4): with lambda = x / a and
 * eta = sign(lambda - 1) sqrt(2 (lambda - 1 - log lambda)),
 *   Q = erfc(eta sqrt(a / 2)) / 2 + R,  P = erfc(-eta sqrt(a / 2)) / 2 - R,
 *   R = exp(-a eta^2 / 2) / sqrt(2 pi a) (C0(eta) + C1(eta) / a + C2(eta) / a^2),
 * each C_k a power series in eta. For a >= 1e4 the terms left out are
 * below 1e-17, and so are the power-series terms dropped where R is not
 * negligible (|eta| < 0.4). */
#define TEMME_SHAPE 1e4

static const double temme_c[3][12] = {
    {-1.0 / 3, 1.0 / 12, -2.0 / 135, 1.0 / 864, 1.0 / 2835, -139.0 / 777600, 1.0 / 25515,
     -571.0 / 261273600, -281.0 / 151559100, 8.29671134095308601e-7,
     -1.76659527368260793e-7, 6.70785354340149857e-9},
    {-1.0 / 540, -1.0 / 288, 1.0 / 378, -77.0 / 77760, 1.0 / 4860,
     -4.01877572016460905e-7, -1.80985503344899778e-5, 7.64916091608111009e-6,
     -1.61209008945634460e-6, 4.64712780280743434e-9, 1.37863344691572095e-7,
     -5.75254560351770497e-8},
    {25.0 / 6048, -139.0 / 51840, 1.0 / 1296, 2.00938786008230453e-6,
     -1.07366532263651606e-4, 5.29234488291201254e-5, -1.27606351886187277e-5,
     3.42357873409613807e-8, 1.37219573090629333e-6, -6.29899213838005502e-7,
     1.42806142060642417e-7, -2.04770984219908660e-9}};

/* log(1 + s) - s, accurate also for small s. */
static double log1pmx(double s)
{
    if (fabs(s) > 1e-2)
        return log1p(s) - s;
    double term = s, sum = 0;
    for (int n = 2; n < 40; n++) {
        term *= -s;
        double add = term / n;
        sum += add;
        if (fabs(add) <= 1e-17 * fabs(sum))
            break;
    }
    return sum;
}

/* P (upper = 0) or Q (upper = 1) of the gamma of shape a >= TEMME_SHAPE. */
static double gamma_temme(double a, double x, int upper)
{
    double s = (x - a) / a;
    double eta = sqrt(-2 * log1pmx(s));
    eta = x < a ? -eta : eta;
    double sign = upper ? 1 : -1;
    double v = 0.5 * erfc(sign * eta * sqrt(a / 2));
    double e = 0.5 * a * eta * eta;
    if (e < 745) {
        double sum = 0, afac = 1;
        for (int k = 0; k < 3; k++, afac /= a) {
            double c = 0, pw = 1;
            for (int n = 0; n < 12; n++, pw *= eta)
                c += temme_c[k][n] * pw;
            sum += c * afac;
        }
        v += sign * exp(-e) * sum / sqrt(2 * M_PI * a);
    }
    return fmin(fmax(v, 0.0), 1.0);
}

/* The tail probability at x >= 0 (0 when it underflows), or NaN when GSL
 * fails. */
static double tail_at(tail_problem *t, double x)
{
    gsl_sf_result r;
    int st;
    if (t->kind != TAIL_BETA_P && t->a >= TEMME_SHAPE)
        return gamma_temme(t->a, x, t->kind == TAIL_GAMMA_Q);
    if (t->kind == TAIL_GAMMA_P)
        st = gsl_sf_gamma_inc_P_e(t->a, x, &r);
    else if (t->kind == TAIL_GAMMA_Q)
        st = gsl_sf_gamma_inc_Q_e(t->a, x, &r);
    else
        st = x >= 1 ? (r.val = 1, GSL_SUCCESS) : gsl_sf_beta_inc_e(t->a, t->b, x, &r);
    if (st == GSL_EUNDRFLW)
        return 0;
    if (st != GSL_SUCCESS || !(r.val >= 0 && r.val <= 1)) {
        t->failed = 1;
        return NAN;
    }
    return r.val;
}

/* log(tail(x)) - log(target), signed to increase with x. A tail that
 * underflows counts as e^-746, below every positive double. */
static double tail_gap(double x, void *arg)
{
    tail_problem *t = arg;
    double v = tail_at(t, x);
    double g = (v > 0 ? log(v) : -746.0) - t->log_target;
    return t->kind == TAIL_GAMMA_Q ? -g : g;
}

static double tail_gap_log(double u, void *arg)
{
    return tail_gap(exp(u), arg);
}

/* Brent's method on [lo, hi], where f changes sign, until the bracket is
 * within `rel` of its size; 0 and the root, or -1. */
static int brent(double (*f)(double, void *), tail_problem *t, double lo, double hi,
                 double rel, gsl_root_fsolver *s, double *root)
{
    gsl_function F = {f, t};
    if (gsl_root_fsolver_set(s, &F, lo, hi) != GSL_SUCCESS)
        return -1;
    for (int it = 0; it < 200; it++) {
        if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS || t->failed)
            return -1;
        lo = gsl_root_fsolver_x_lower(s);
        hi = gsl_root_fsolver_x_upper(s);
        if (gsl_root_test_interval(lo, hi, 0, rel) == GSL_SUCCESS || lo == hi)
            break;
    }
    *root = gsl_root_fsolver_root(s);
    return t->failed ? -1 : 0;
}

/* Is x the quantile? The tail at x equals the target to 1e-9, or the target
 * lies between the tails at the doubles either side of x. */
static int tail_verified(tail_problem *t, double x)
{
    double v = tail_at(t, x);
    if (t->failed || !(x >= 0))
        return 0;
    if (fabs(v - t->target) <= 1e-9 * t->target)
        return 1;
    double below = tail_at(t, fmax(0.0, nextafter(x, 0.0)));
    double above = tail_at(t, nextafter(x, INFINITY));
    double tol = 1e-9 * t->target;
    return !t->failed && fmin(below, above) - tol <= t->target &&
           t->target <= fmax(below, above) + tol;
}

/*
 * Solve tail(x) = target for x in [0, x_max]. `small` gives x from the
 * lower-tail probability when the answer lies below DBL_MIN, where the CDF
 * is a power law (x^a / a B(a, b) for the beta, x^a / Gamma(a + 1) for the
 * gamma). Returns x, or NaN when the answer cannot be found or checked.
 */
static double solve_tail(tail_problem *t, double x_max, double small)
{
    const double u_min = log(DBL_MIN), u_max = log(x_max);
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s) {
        t->nomem = 1;
        return NAN;
    }
    double x = NAN;
    /* Bracket the root in u = log x, stepping out from the shape's mean. */
    double u = t->kind == TAIL_BETA_P ? log(t->a / (t->a + t->b)) : log(t->a);
    u = fmin(fmax(u, u_min), u_max);
    double g = tail_gap_log(u, t), lo = u, hi = u, step = 1;
    int below = 0, above = 0;
    if (g < 0)
        for (;;) {
            hi = fmin(lo + step, u_max);
            if (tail_gap_log(hi, t) >= 0 || t->failed)
                break;
            if (hi == u_max) {
                above = 1;
                break;
            }
            lo = hi, step *= 2;
        }
    else if (g > 0)
        for (;;) {
            lo = fmax(hi - step, u_min);
            if (tail_gap_log(lo, t) <= 0 || t->failed)
                break;
            if (lo == u_min) {
                below = 1;
                break;
            }
            hi = lo, step *= 2;
        }
    if (t->failed || above || isnan(g))
        x = NAN;
    else if (g == 0)
        x = exp(u);
    else if (below)
        x = small;
    else if (brent(tail_gap_log, t, lo, hi, 1e-6, s, &u) == 0) {
        /* Polish in x within the narrowed bracket. */
        double x_lo = exp(gsl_root_fsolver_x_lower(s));
        double x_hi = exp(gsl_root_fsolver_x_upper(s));
        if (tail_gap(x_lo, t) > 0 || tail_gap(x_hi, t) < 0 || x_lo == x_hi)
            x = exp(u);
        else if (brent(tail_gap, t, x_lo, x_hi, 2 * DBL_EPSILON, s, &x))
            x = NAN;
    }
    gsl_root_fsolver_free(s);
    return !isnan(x) && tail_verified(t, x) ? x : NAN;
}

/* The p-quantile of a gamma with shape a and scale 1; *nomem is set when
 * it fails for want of memory. */
static double gamma_quantile(double p, double a, int *nomem)
{
    int lower = p <= 0.5;
    tail_problem t = {lower ? TAIL_GAMMA_P : TAIL_GAMMA_Q, a, 0, lower ? p : 1 - p,
                      lower ? log(p) : log1p(-p),          0, 0};
    double small = exp((log(p) + lgamma(a + 1)) / a);
    double x = solve_tail(&t, DBL_MAX, small);
    *nomem |= t.nomem;
    return x;
}

/* The p-quantile of a beta with shapes a and b, known to lie below 1/2. */
static double beta_quantile_below_half(double p, double a, double b, int *nomem)
{
    gsl_sf_result lb;
    double small = gsl_sf_lnbeta_e(a, b, &lb) == GSL_SUCCESS
                       ? exp((log(p) + log(a) + lb.val) / a)
                       : NAN;
    tail_problem t = {TAIL_BETA_P, a, b, p, log(p), 0, 0};
    double x = solve_tail(&t, 1.0, small);
    *nomem |= t.nomem;
    return x;
}

/* The p-quantile of a beta with shapes a and b: solved for x when it lies
 * below 1/2, else for y = 1 - x, the (1 - p)-quantile of beta(b, a), so
 * that the unknown is always the small one and keeps all its digits. */
static double beta_quantile(double p, double a, double b, int *nomem)
{
    tail_problem t = {TAIL_BETA_P, a, b, p, log(p), 0, 0};
    double half = tail_at(&t, 0.5);
    if (t.failed)
        return NAN;
    if (p > half)
        return 1 - beta_quantile_below_half(1 - p, b, a, nomem);
    return beta_quantile_below_half(p, a, b, nomem);
}

/* The p-quantile of a tabulated density: the cell holding it by bisection
 * on the CDF, then the point within the cell where the integral of the
 * linear density reaches p (a quadratic, solved in its stable form). */
static double table_quantile(const dist_table *t, double p)
{
    size_t lo = 0, hi = t->n - 1;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->cdf[mid] < p)
            lo = mid;
        else
            hi = mid;
    }
    double h = t->x[hi] - t->x[lo], f0 = t->f[lo], f1 = t->f[hi];
    double r = p - t->cdf[lo]; /* mass still to cover within the cell */
    double disc = f0 * f0 + 2 * (f1 - f0) * r / h;
    double den = f0 + sqrt(fmax(disc, 0.0));
    double s = den > 0 ? 2 * r / den : 0.5 * h;
    return t->x[lo] + fmin(fmax(s, 0.0), h);
}

double dist_triangular_quantile(const stitch_dist *d, double p)
{
    double a = d->p[0], c = d->p[1], b = d->p[2], fc = (c - a) / (b - a);
    if (p < fc)
        return a + sqrt(p * (b - a) * (c - a));
    return b - sqrt((1 - p) * (b - a) * (b - c));
}

int dist_quantile(const stitch_dist *d, double p, double *out)
{
    double v = NAN;
    int nomem = 0;
    if (!(p > 0 && p < 1))
        return *out = NAN, DIST_EQUANTILE;
    switch (d->kind) {
    case DIST_FIXED:
        v = d->p[0];
        break;
    case DIST_UNIFORM:
        v = d->p[0] + p * (d->p[1] - d->p[0]);
        break;
    case DIST_TRIANGULAR:
        v = dist_triangular_quantile(d, p);
        break;
    case DIST_PERT:
        v = d->p[0] + (d->p[2] - d->p[0]) * beta_quantile(p, d->q[0], d->q[1], &nomem);
        break;
    case DIST_NORMAL: {
        double a = (d->p[2] - d->p[0]) / d->p[1], b = (d->p[3] - d->p[0]) / d->p[1];
        double pa = gsl_cdf_ugaussian_P(a), pb = gsl_cdf_ugaussian_P(b);
        double z = gsl_cdf_ugaussian_Pinv(pa + p * (pb - pa));
        v = d->p[0] + d->p[1] * z;
        v = v < d->p[2] ? d->p[2] : v > d->p[3] ? d->p[3] : v;
        break;
    }
    case DIST_LOGNORMAL:
        v = gsl_cdf_lognormal_Pinv(p, d->q[0], d->q[1]);
        break;
    case DIST_BETA:
        v = beta_quantile(p, d->q[0], d->q[1], &nomem);
        break;
    case DIST_GAMMA:
        v = d->q[1] * gamma_quantile(p, d->q[0], &nomem);
        break;
    case DIST_TABLE:
        v = table_quantile(dist_tab(d), p);
        break;
    }
    *out = isfinite(v) ? v : NAN;
    if (isfinite(v))
        return 0;
    return nomem ? DIST_ENOMEM : isinf(v) ? DIST_EOVERFLOW : DIST_EQUANTILE;
}

/* ---- densities and tabulated posteriors (docs/method.md section 8.4) ---------------- */

/* (a - 1) log z, which is 0 when a = 1 whatever z (so also at z = 0). */
static double pow_term(double a, double z)
{
    return a == 1 ? 0 : (a - 1) * log(z);
}

static double beta_log_pdf(double a, double b, double z)
{
    return pow_term(a, z) + pow_term(b, 1 - z) - (lgamma(a) + lgamma(b) - lgamma(a + b));
}

double dist_log_pdf(const stitch_dist *d, double t)
{
    double lo, hi;
    if (d->kind == DIST_FIXED)
        return NAN;
    dist_support(d, &lo, &hi);
    if (!(t >= lo && t <= hi))
        return -INFINITY;
    switch (d->kind) {
    case DIST_FIXED:
        return NAN;
    case DIST_UNIFORM:
        return -log(d->p[1] - d->p[0]);
    case DIST_TRIANGULAR: {
        double a = d->p[0], c = d->p[1], b = d->p[2];
        if (t < c)
            return log(2 * (t - a) / ((b - a) * (c - a)));
        if (t > c)
            return log(2 * (b - t) / ((b - a) * (b - c)));
        return log(2 / (b - a));
    }
    case DIST_PERT: {
        double w = d->p[2] - d->p[0];
        return beta_log_pdf(d->q[0], d->q[1], (t - d->p[0]) / w) - log(w);
    }
    case DIST_NORMAL: {
        double z = (t - d->p[0]) / d->p[1];
        return -0.5 * z * z - log(d->p[1] * sqrt(2 * M_PI)) - log(normal_mass(d));
    }
    case DIST_LOGNORMAL: {
        if (!(t > 0))
            return -INFINITY;
        double lt = log(t), z = (lt - d->q[0]) / d->q[1];
        return -0.5 * z * z - lt - log(d->q[1] * sqrt(2 * M_PI));
    }
    case DIST_BETA:
        return beta_log_pdf(d->q[0], d->q[1], t);
    case DIST_GAMMA: {
        double k = d->q[0], s = d->q[1];
        return pow_term(k, t) - t / s - lgamma(k) - k * log(s);
    }
    case DIST_TABLE: {
        const dist_table *tb = dist_tab(d);
        size_t i = 0, j = tb->n - 1;
        while (j - i > 1) {
            size_t mid = i + (j - i) / 2;
            if (tb->x[mid] <= t)
                i = mid;
            else
                j = mid;
        }
        double h = tb->x[j] - tb->x[i];
        double f = h > 0 ? tb->f[i] + (tb->f[j] - tb->f[i]) * (t - tb->x[i]) / h : tb->f[i];
        return log(f);
    }
    }
    return NAN;
}

void dist_table_free(dist_table *t)
{
    if (t)
        free(t->x), free(t->f), free(t->cdf);
    free(t);
}

/* The unnormalised posterior, scaled by e^-gmax so that its peak is 1. */
typedef struct {
    const stitch_dist *d;
    dist_loglik ll;
    const void *arg;
    double gmax;   /* the largest log density found */
    double centre; /* for the second moment */
    int moment;    /* 0: w, 1: t w, 2: (t - centre)^2 w */
} post_fn;

static double post_log(const post_fn *f, double t)
{
    double l = dist_log_pdf(f->d, t);
    return l == -INFINITY ? l : l + f->ll(t, f->arg);
}

static double post_w(double t, void *arg)
{
    const post_fn *f = arg;
    double g = post_log(f, t);
    double w = g > -INFINITY ? exp(g - f->gmax) : 0;
    return f->moment == 0 ? w : f->moment == 1 ? t * w : (t - f->centre) * (t - f->centre) * w;
}

#define POST_SCAN 4096  /* points scanned for the peak */
#define POST_CELLS 4096 /* cells of the tabulated CDF */
#define POST_DROP 50.0  /* the region kept: log density within 50 of its peak */

/* Scan [a, b] (and the points `extra`) for the peak of the log density;
 * the region holding it within POST_DROP is [*L, *R]. Returns 0, or -1 when
 * the density is nowhere positive. *at_end is set when the region reaches b. */
static int post_scan(post_fn *f, double a, double b, const double *extra, size_t n_extra,
                     double *L, double *R, double *argmax, int *at_end)
{
    double gmax = -INFINITY, h = (b - a) / POST_SCAN;
    *argmax = a;
    for (size_t i = 0; i <= POST_SCAN + n_extra; i++) {
        double t = i <= POST_SCAN ? a + h * (double)i : extra[i - POST_SCAN - 1];
        if (!(t >= a && t <= b))
            continue;
        double g = post_log(f, t);
        if (g > gmax)
            gmax = g, *argmax = t;
    }
    if (!(gmax > -INFINITY) || !isfinite(gmax))
        return -1;
    f->gmax = gmax;
    /* the first and last scanned points within POST_DROP of the peak, and
     * one step beyond each */
    double first = *argmax, last = *argmax;
    for (size_t i = 0; i <= POST_SCAN; i++) {
        double t = a + h * (double)i;
        if (post_log(f, t) > gmax - POST_DROP) {
            first = fmin(first, t);
            last = fmax(last, t);
        }
    }
    *L = fmax(a, first - h);
    *R = fmin(b, last + h);
    *at_end = last + h >= b;
    return 0;
}

/* One integral of the posterior over [L, R] with QAGP, breaking at pts. */
static int post_integral(post_fn *f, int moment, double *pts, size_t npts, double epsabs,
                         gsl_integration_workspace *w, double *out)
{
    gsl_function F = {post_w, f};
    double res, abserr;
    f->moment = moment;
    int st = gsl_integration_qagp(&F, pts, npts, epsabs, 1e-10, 2000, w, &res, &abserr);
    if (st == GSL_EROUND && abserr <= 1e-8 * fabs(res))
        st = GSL_SUCCESS; /* rounding stopped it short of 1e-10, not of 1e-8 */
    *out = res;
    return st == GSL_SUCCESS && isfinite(res) ? 0 : -1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int dist_posterior(const stitch_dist *d, double lo, double hi, dist_loglik ll,
                   const void *arg, double peak, stitch_dist *post, dist_table **tab)
{
    post_fn f = {d, ll, arg, 0, 0, 0};
    double a, b, L, R, argmax;
    int at_end;
    *tab = NULL;
    dist_support(d, &a, &b);
    a = fmax(a, lo), b = fmin(b, hi);
    double mode = d->kind == DIST_TRIANGULAR || d->kind == DIST_PERT ? d->p[1] : NAN;
    if (!(a < b))
        return DIST_EQUANTILE;
    if (isinf(b)) { /* a finite end beyond which the density is negligible */
        double q = NAN;
        if (dist_quantile(d, 1 - 1e-12, &q) != 0)
            q = NAN;
        b = 2 * fmax(isfinite(q) ? q : 1.0, isfinite(peak) ? peak : 1.0) + 1;
    }
    double extra[2] = {peak, mode};
    for (int k = 0;; k++) {
        if (post_scan(&f, a, b, extra, 2, &L, &R, &argmax, &at_end))
            return DIST_EQUANTILE;
        if (!at_end || b >= hi || k == 60)
            break;
        b = fmin(2 * b, hi); /* the density reaches the end: look further */
    }
    dist_table *t = calloc(1, sizeof *t);
    size_t n = POST_CELLS + 2;
    if (!t || !(t->x = malloc(n * sizeof *t->x)) || !(t->f = malloc(n * sizeof *t->f)) ||
        !(t->cdf = malloc(n * sizeof *t->cdf))) {
        dist_table_free(t);
        return DIST_ENOMEM;
    }
    /* the grid: equal cells over [L, R], and the prior's mode (a kink of the
     * triangular) as a node of its own */
    n = 0;
    for (size_t i = 0; i <= POST_CELLS; i++) {
        double x = L + (R - L) * (double)i / POST_CELLS;
        if (i == POST_CELLS)
            x = R;
        if (n && mode > t->x[n - 1] && mode < x)
            t->x[n++] = mode;
        t->x[n++] = x;
    }
    t->n = n;
    t->cdf[0] = 0;
    f.moment = 0;
    for (size_t i = 0; i < n; i++) {
        t->f[i] = post_w(t->x[i], &f);
        if (i)
            t->cdf[i] = t->cdf[i - 1] + 0.5 * (t->f[i] + t->f[i - 1]) * (t->x[i] - t->x[i - 1]);
    }
    double total = t->cdf[n - 1];
    if (!(total > 0) || !isfinite(total)) {
        dist_table_free(t);
        return DIST_EQUANTILE;
    }
    for (size_t i = 0; i < n; i++)
        t->f[i] /= total, t->cdf[i] /= total;
    t->cdf[n - 1] = 1;

    /* the mean and sd by adaptive quadrature, breaking at the peaks */
    double pts[5] = {L, R, peak, argmax, mode};
    size_t np = 2;
    for (size_t i = 2; i < 5; i++)
        if (pts[i] > L && pts[i] < R)
            pts[np++] = pts[i];
    qsort(pts, np, sizeof *pts, cmp_double);
    size_t u = 1;
    for (size_t i = 1; i < np; i++)
        if (pts[i] > pts[u - 1])
            pts[u++] = pts[i];
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(2000);
    if (!w) {
        dist_table_free(t);
        return DIST_ENOMEM;
    }
    double i0, i1, i2 = 0;
    int bad = post_integral(&f, 0, pts, u, 0, w, &i0) || !(i0 > 0) ||
              post_integral(&f, 1, pts, u, 0, w, &i1);
    double mean = bad ? NAN : i1 / i0;
    f.centre = mean;
    double scale = (R - L) * (R - L) * i0;
    bad = bad || post_integral(&f, 2, pts, u, 1e-12 * scale, w, &i2);
    gsl_integration_workspace_free(w);
    if (bad || !isfinite(mean)) {
        dist_table_free(t);
        return DIST_EQUANTILE;
    }
    *post = (stitch_dist){DIST_TABLE, {mean, sqrt(fmax(i2 / i0, 0.0)), L, R}, {0, 0}};
    memcpy(post->q, &t, sizeof t);
    *tab = t;
    return 0;
}
