/* dist.h — the seven distributions of docs/method.md section 2 (plus a fixed value):
 * validation with plain-words messages, and the mean used as base case. */
#ifndef STITCH_DIST_H
#define STITCH_DIST_H

#include <stddef.h>
#include <string.h>

typedef enum {
    DIST_FIXED,
    DIST_UNIFORM,    /* p: min, max */
    DIST_TRIANGULAR, /* p: min, mode, max */
    DIST_PERT,       /* p: min, mode, max; q: alpha, beta (lambda = 4) */
    DIST_NORMAL,     /* p: mean, sd, lo, hi (lo/hi infinite when absent) */
    DIST_LOGNORMAL,  /* p: mean, sd; q: mu, sigma of log */
    DIST_BETA,       /* p: mean, sd; q: alpha, beta */
    DIST_GAMMA,      /* p: mean, sd; q: shape, scale */
    DIST_TABLE       /* p: mean, sd, lo, hi; q: the table (dist_tab), a tabulated
                        density (a posterior, docs/method.md section 8.4); never
                        written in a model */
} dist_kind;

/* What values an input may take. */
typedef enum { DOMAIN_ANY, DOMAIN_NONNEG, DOMAIN_SHARE } dist_domain;

/* A density tabulated on a grid (DIST_TABLE): nodes x[0..n-1] with the
 * density f there (normalised over the grid) and the CDF at each node, the
 * density taken as linear between nodes. Owned by whoever made it (the
 * plan's monitoring updates); a stitch_dist only points at it. */
typedef struct {
    size_t n;
    double *x, *f, *cdf;
} dist_table;

typedef struct {
    dist_kind kind;
    double p[4];
    double q[2]; /* DIST_TABLE: the bytes of its dist_table pointer (dist_tab) */
} stitch_dist;

/* The table of a DIST_TABLE, kept in q so that the struct, and every
 * initialiser of it, stays as it is for the seven model distributions. */
_Static_assert(sizeof(const dist_table *) <= sizeof(double[2]),
               "a table pointer fits in q");
static inline const dist_table *dist_tab(const stitch_dist *d)
{
    const dist_table *t;
    memcpy(&t, d->q, sizeof t);
    return t;
}

/* "uniform", "pert", ...; NULL for an unknown kind. */
const char *dist_name(dist_kind k);
/* Look a name up; returns 0 and sets *k, or -1 when unknown. */
int dist_from_name(const char *name, dist_kind *k);
/* The distribution names, NULL-terminated, for "did you mean". */
extern const char *const dist_names[];

/*
 * Check the parameters of d against docs/method.md section 2 and the domain, and
 * compute its derived parameters; its P5 and P95 must be finite numbers.
 * Returns 0, or -1 with a plain-words message in msg (e.g. "mode (7) is
 * outside min..max (0 to 5)"), or DIST_EQUANTILE with msg, or DIST_ENOMEM.
 */
int dist_prepare(stitch_dist *d, dist_domain dom, char *msg, size_t n);

/* The mean used as the base case (docs/method.md section 2 table). */
double dist_mean(const stitch_dist *d);

/* A fixed distribution holding v. */
stitch_dist dist_fixed(double v);

/* Failures of dist_prepare and dist_quantile (-1: bad input, with msg). */
#define DIST_ENOMEM (-2)    /* out of memory */
#define DIST_EQUANTILE (-3) /* a quantile could not be worked out: an internal error */
#define DIST_EOVERFLOW (-4) /* a quantile beyond the largest double */

/*
 * The p-quantile (0 < p < 1) of d into *out. The gamma and beta (and so the
 * PERT) are inverted by solving on their CDFs, and every answer is checked.
 * Returns 0, or DIST_EQUANTILE, DIST_EOVERFLOW or DIST_ENOMEM with *out
 * NaN: never a number to print.
 */
int dist_quantile(const stitch_dist *d, double p, double *out);

/* The p-quantile of a triangular distribution (closed form; never fails). */
double dist_triangular_quantile(const stitch_dist *d, double p);

/* log of the density of d at t (-INFINITY outside its support); NaN for a
 * fixed value, which has none. */
double dist_log_pdf(const stitch_dist *d, double t);

/* Smallest and largest values d can take (infinite when unbounded). */
void dist_support(const stitch_dist *d, double *lo, double *hi);

/* log-likelihood of the data at t, for dist_posterior. */
typedef double (*dist_loglik)(double t, const void *arg);

/*
 * The posterior of prior d given a log-likelihood, on d's support clipped
 * to [lo, hi] (docs/method.md section 8.4): density proportional to
 * prior pdf x likelihood, worked in logs. Its mean and sd come from
 * adaptive quadrature (GSL's QAGP, breakpoints at `peak`, the likelihood's
 * maximum, and at the prior's mode) to 1e-10 relative; its CDF from a
 * 4,096-cell grid over the region holding all but e^-50 of the density,
 * which *post points at and *tab owns (free with dist_table_free). Returns
 * 0, DIST_ENOMEM, or DIST_EQUANTILE when the integrals cannot be worked
 * out (the data have no support under the prior).
 */
int dist_posterior(const stitch_dist *d, double lo, double hi, dist_loglik ll,
                   const void *arg, double peak, stitch_dist *post, dist_table **tab);
void dist_table_free(dist_table *t);

#endif
