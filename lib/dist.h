/* dist.h — the seven distributions of docs/method.md section 2 (plus a fixed value):
 * validation with plain-words messages, and the mean used as base case. */
#ifndef STITCH_DIST_H
#define STITCH_DIST_H

#include <stddef.h>

typedef enum {
    DIST_FIXED,
    DIST_UNIFORM,    /* p: min, max */
    DIST_TRIANGULAR, /* p: min, mode, max */
    DIST_PERT,       /* p: min, mode, max; q: alpha, beta (lambda = 4) */
    DIST_NORMAL,     /* p: mean, sd, lo, hi (lo/hi infinite when absent) */
    DIST_LOGNORMAL,  /* p: mean, sd; q: mu, sigma of log */
    DIST_BETA,       /* p: mean, sd; q: alpha, beta */
    DIST_GAMMA       /* p: mean, sd; q: shape, scale */
} dist_kind;

/* What values an input may take. */
typedef enum { DOMAIN_ANY, DOMAIN_NONNEG, DOMAIN_SHARE } dist_domain;

typedef struct {
    dist_kind kind;
    double p[4];
    double q[2];
} stitch_dist;

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

#endif
