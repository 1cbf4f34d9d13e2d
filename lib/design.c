/* design.c — Latin hypercube and scrambled Sobol' and Halton designs
 * (docs/method.md section 7.1). Every coordinate is a pure function of
 * (seed, replicate, index, dimension), so blocks are independent. */
#include "design.h"
#include "sample.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Cells of a tabulated inverse CDF (see icdf below), and sub-cells of a
 * cell where the cells are too coarse (towards the tails). */
#define ICDF_CELLS 512
#define ICDF_SUB 16

/* The inverse CDF of one input. The gamma and beta (and so the PERT) are
 * inverted by a root finder (dist_quantile), a few microseconds a value; a
 * design maps every coordinate, so these are tabulated: the exact quantile
 * at the ends of ICDF_CELLS equal cells of probability, with its exact
 * derivative 1 / density, joined by cubic Hermite interpolation. A cell is
 * solved exactly instead when it is an end cell (the tails), when the
 * density is 0 or infinite at either end, or when the interpolation at its
 * middle misses the exact quantile by more than 1e-10 of the input's
 * range; such a cell is split into ICDF_SUB sub-cells tabulated and checked
 * in the same way, and the sub-cells that still fail are solved exactly
 * (Newton's method on the exact CDF). So every value is the exact quantile
 * to within 1e-10 of the range (tests/test_design.c checks it at 100,000
 * points per distribution). */
typedef struct {
    const stitch_dist *dist;
    double *q, *dq;       /* ICDF_CELLS + 1 nodes; NULL: always exact */
    unsigned char *exact; /* per cell */
    double lo, w, a, b;   /* x = lo + w z, z ~ beta(a, b) or gamma(a, scale 1) */
    double log_norm;      /* log of the density's constant, with log w */
    /* Cells that fail the check get ICDF_SUB sub-cells, tabulated and
     * checked the same way: sub[c] is cell c's sub-table or -1. */
    long *sub;
    double *sq, *sdq;      /* ICDF_SUB + 1 nodes per sub-table */
    unsigned char *sexact; /* ICDF_SUB per sub-table */
} icdf;

struct design {
    const stitch_plan *p;
    stitch_sampling method;
    int halton;        /* qmc above DESIGN_SOBOL_MAX inputs */
    size_t dim, n;     /* uncertain inputs; iterations (lhs strata) */
    uint64_t seed;
    uint32_t *sobol_v; /* DESIGN_SOBOL_MAX x 30 direction numbers, bit k of
                          the index at [u * 30 + k], left-aligned in 30 bits */
    unsigned *base;    /* Halton: the u-th prime */
    uint64_t *keys;    /* per replicate and dimension, the keys of its
                          randomisation (key() for purposes 1 to 4) */
    icdf *inv;         /* per uncertain input */
};

/* SplitMix64 finaliser: a strong 64-bit mixer. */
static uint64_t mix(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* A key for (seed, replicate, dimension, purpose). */
static uint64_t key(const design *d, size_t r, size_t u, uint64_t what)
{
    return mix(mix(d->seed ^ 0x243F6A8885A308D3ULL) ^ mix((uint64_t)r * 0x10000 + u) ^
               mix(what));
}

/* A uniform in (0, 1) from 64 random bits. */
static double unit(uint64_t z)
{
    return ((double)(z >> 11) + 0.5) * 0x1p-53;
}

static inline uint32_t reverse32(uint32_t x)
{
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
    x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
    return (x >> 16) | (x << 16);
}

/* Owen's nested uniform scrambling of a 32-bit fraction, in the hashed form
 * of Laine and Karras (2011) as used by Burley (2020): each output digit
 * depends on its own digit and the digits before it only. */
static inline uint32_t owen_scramble(uint32_t x, uint32_t seed)
{
    x = reverse32(x);
    x += seed;
    x ^= x * 0x6c50b47cu;
    x ^= x * 0xb82f1e52u;
    x ^= x * 0xc7afe638u;
    x ^= x * 0x8d22f6e6u;
    return reverse32(x);
}

/* The unscrambled Sobol' numerator (30 bits) of index j along dimension u:
 * the exclusive-or of the direction numbers over the bits of j's Gray code
 * (Antonov and Saleev 1979), as GSL's generator steps through them. */
static uint32_t sobol_bits(const design *d, size_t j, size_t u)
{
    uint32_t x = 0;
    const uint32_t *v = d->sobol_v + u * 30;
    for (uint64_t g = (uint64_t)j ^ ((uint64_t)j >> 1); g; g &= g - 1)
        x ^= v[__builtin_ctzll(g)];
    return x;
}

/* Read GSL's direction numbers off its generator: the point after call c
 * differs from the one before by the direction number of the lowest zero
 * bit of c - 1, so calls 2^k give direction number k (k < 30). */
static int sobol_directions(design *d)
{
    size_t dim = d->dim < DESIGN_SOBOL_MAX ? d->dim : DESIGN_SOBOL_MAX;
    if (!(d->sobol_v = calloc(DESIGN_SOBOL_MAX * 30, sizeof *d->sobol_v)))
        return -1;
    size_t need = 1; /* direction numbers needed: 2^need > largest index */
    while (need < 30 && ((size_t)1 << need) <= d->n / STITCH_REPLICATES + 1)
        need++;
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(dim ? dim : 1));
    double prev[DESIGN_SOBOL_MAX] = {0}, x[DESIGN_SOBOL_MAX];
    if (!q)
        return -1;
    for (size_t c = 1; c <= ((size_t)1 << (need - 1)); c++) {
        gsl_qrng_get(q, x);
        if ((c & (c - 1)) == 0) { /* c = 2^k */
            size_t k = (size_t)__builtin_ctzll((unsigned long long)c);
            for (size_t u = 0; u < dim; u++)
                d->sobol_v[u * 30 + k] =
                    (uint32_t)(x[u] * 0x1p30) ^ (uint32_t)(prev[u] * 0x1p30);
        }
        for (size_t u = 0; u < dim; u++)
            prev[u] = x[u];
    }
    gsl_qrng_free(q);
    return 0;
}

/* The scrambled radical inverse of j in base b (Halton), each of the digits
 * that resolve 2^-32 put through its own random linear permutation
 * (a d + c mod b, a != 0: Matoušek 1998), the rest filled with half a digit. */
static double halton(const design *d, size_t r, size_t j, size_t u)
{
    unsigned b = d->base[u];
    uint64_t z = d->keys[(r * d->dim + u) * 4 + 2];
    double f = 1.0 / b, sum = 0;
    size_t m = j;
    while (f * b > 0x1p-32) {
        unsigned digit = (unsigned)(m % b);
        m /= b;
        z = mix(z);
        unsigned a = 1 + (unsigned)((z >> 32) % (b - 1)), c = (unsigned)(z % b);
        sum += f * (double)((a * (uint64_t)digit + c) % b);
        f /= b;
    }
    return sum + 0.5 * f * b;
}

/* A random permutation of [0, m) evaluated at j (m <= 2^62): a keyed
 * bijection of the smallest power of two above m (rounds of exclusive-or
 * with a key, multiplication by an odd number and a right xorshift, each a
 * bijection), walked along its cycle until it lands below m. */
static uint64_t permute(uint64_t j, uint64_t m, uint64_t k)
{
    if (m <= 1)
        return 0;
    int w = 1;
    while (((uint64_t)1 << w) < m)
        w++;
    uint64_t mask = ((uint64_t)1 << w) - 1, x = j;
    do {
        uint64_t z = k;
        for (int round = 0; round < 4; round++) {
            z = mix(z);
            x = (x ^ z) & mask;
            x = (x * ((z >> 20) | 1)) & mask;
            x ^= x >> (w / 2 + 1);
        }
    } while (x >= m);
    return x;
}

double design_sobol_raw(const design *d, size_t j, size_t u)
{
    return (double)sobol_bits(d, j, u) * 0x1p-30;
}

double design_uniform(const design *d, size_t i, size_t u)
{
    size_t r = i % STITCH_REPLICATES, j = i / STITCH_REPLICATES;
    if (d->method == STITCH_SAMPLING_LHS) {
        /* replicate r holds the iterations r, r + R, ... below n */
        size_t m = d->n > r ? (d->n - r + STITCH_REPLICATES - 1) / STITCH_REPLICATES : 1;
        const uint64_t *k = d->keys + (r * d->dim + u) * 4;
        uint64_t cell = permute(j, m, k[0]);
        return ((double)cell + unit(mix(k[1] ^ mix(j)))) / (double)m;
    }
    if (d->halton)
        return halton(d, r, j, u);
    uint32_t x =
        owen_scramble(sobol_bits(d, j, u) << 2, (uint32_t)d->keys[(r * d->dim + u) * 4 + 3]);
    return ((double)x + 0.5) * 0x1p-32;
}

/* The CDF at x and log density there of a tabulated input, or -1 when GSL
 * cannot evaluate them. */
static int cdf_at(const icdf *f, double x, double *cdf, double *log_pdf)
{
    gsl_sf_result r;
    double z = (x - f->lo) / f->w;
    int beta = f->dist->kind != DIST_GAMMA;
    if (!(z > 0) || (beta && !(z < 1)))
        return -1;
    if ((beta ? gsl_sf_beta_inc_e(f->a, f->b, z, &r) : gsl_sf_gamma_inc_P_e(f->a, z, &r)) !=
        GSL_SUCCESS)
        return -1;
    *cdf = r.val;
    *log_pdf = (f->a - 1) * log(z) - f->log_norm +
               (beta ? (f->b - 1) * log1p(-z) : -z);
    return 0;
}

/* The q-quantile from a guess x within [x_lo, x_hi] by Newton's method on
 * the CDF, kept within the bracket; 0 when it converged to a CDF within
 * 1e-13 of q (the caller falls back to dist_quantile otherwise). */
static int newton(const icdf *f, double q, double x, double x_lo, double x_hi, double *out)
{
    for (int it = 0; it < 8; it++) {
        double F, lp;
        if (cdf_at(f, x, &F, &lp))
            return -1;
        if (fabs(F - q) <= 1e-13) {
            *out = x;
            return 0;
        }
        double next = x - (F - q) / exp(lp);
        if (!(next > x_lo && next < x_hi))
            next = F > q ? 0.5 * (x_lo + x) : isinf(x_hi) ? 2 * x : 0.5 * (x + x_hi);
        if (F > q)
            x_hi = x;
        else
            x_lo = x;
        x = next;
    }
    return -1;
}

/* Cubic Hermite interpolation at t in [0, 1] between nodes q (with
 * derivatives dq) a probability h apart, kept between the nodes. */
static double hermite_at(const double *q, const double *dq, double h, double t)
{
    double t2 = t * t, t3 = t2 * t;
    double v = (2 * t3 - 3 * t2 + 1) * q[0] + (t3 - 2 * t2 + t) * h * dq[0] +
               (-2 * t3 + 3 * t2) * q[1] + (t3 - t2) * h * dq[1];
    return fmin(fmax(v, q[0]), q[1]);
}

/* Cubic Hermite interpolation of the quantile in cell c at t in [0, 1]. */
static double hermite(const icdf *f, size_t c, double t)
{
    return hermite_at(f->q + c, f->dq + c, 1.0 / ICDF_CELLS, t);
}

int design_quantile(const design *d, size_t u, double q, double *out)
{
    const icdf *f = &d->inv[u];
    if (f->q) {
        double s = q * ICDF_CELLS;
        size_t c = (size_t)s;
        if (c < ICDF_CELLS && !f->exact[c]) {
            *out = hermite(f, c, s - (double)c);
            return 0;
        }
        if (c < ICDF_CELLS && f->sub[c] >= 0) {
            double t = (s - (double)c) * ICDF_SUB;
            size_t j = (size_t)t < ICDF_SUB ? (size_t)t : ICDF_SUB - 1;
            const double *sq = f->sq + (size_t)f->sub[c] * (ICDF_SUB + 1) + j;
            const double *sdq = f->sdq + (size_t)f->sub[c] * (ICDF_SUB + 1) + j;
            double guess = hermite_at(sq, sdq, 1.0 / (ICDF_CELLS * ICDF_SUB), t - (double)j);
            if (!f->sexact[(size_t)f->sub[c] * ICDF_SUB + j]) {
                *out = guess;
                return 0;
            }
            if (newton(f, q, guess, sq[0], sq[1], out) == 0)
                return 0;
        } else if (c > 0 && c + 1 < ICDF_CELLS &&
            newton(f, q, hermite(f, c, s - (double)c), f->q[c], f->q[c + 1], out) == 0)
            return 0;
    }
    return dist_quantile(f->dist, q, out) ? -1 : 0;
}

/* The exact q-quantile of a tabulated input, known to lie in [lo, hi]
 * near `guess`: 0, or 2 when it cannot be worked out. */
static int exact_in(const icdf *f, double q, double guess, double lo, double hi, double *v)
{
    if (newton(f, q, guess, lo, hi, v) == 0)
        return 0;
    return dist_quantile(f->dist, q, v) ? 2 : 0;
}

/* Give each interior cell that failed its check (with a finite density at
 * both ends) ICDF_SUB sub-cells, each checked at its middle as the cells
 * were. Returns 0, 1 (out of memory) or 2 (a quantile failed). */
static int icdf_split(icdf *f, double range)
{
    size_t n = 0;
    if (!(f->sub = malloc(ICDF_CELLS * sizeof *f->sub)))
        return 1;
    for (size_t c = 0; c < ICDF_CELLS; c++) {
        int split = c > 0 && c + 1 < ICDF_CELLS && f->exact[c] && isfinite(f->dq[c]) &&
                    isfinite(f->dq[c + 1]) && f->dq[c] > 0 && f->dq[c + 1] > 0;
        f->sub[c] = split ? (long)n++ : -1;
    }
    f->sq = malloc((n * (ICDF_SUB + 1) + 1) * sizeof *f->sq);
    f->sdq = malloc((n * (ICDF_SUB + 1) + 1) * sizeof *f->sdq);
    f->sexact = calloc(n * ICDF_SUB + 1, 1);
    if (!f->sq || !f->sdq || !f->sexact)
        return 1;
    const double h = 1.0 / (ICDF_CELLS * ICDF_SUB);
    for (size_t c = 0; c < ICDF_CELLS; c++) {
        if (f->sub[c] < 0)
            continue;
        double *sq = f->sq + (size_t)f->sub[c] * (ICDF_SUB + 1);
        double *sdq = f->sdq + (size_t)f->sub[c] * (ICDF_SUB + 1);
        unsigned char *ex = f->sexact + (size_t)f->sub[c] * ICDF_SUB;
        sq[0] = f->q[c], sdq[0] = f->dq[c];
        sq[ICDF_SUB] = f->q[c + 1], sdq[ICDF_SUB] = f->dq[c + 1];
        for (size_t j = 1; j < ICDF_SUB; j++) {
            double t = (double)j / ICDF_SUB;
            if (exact_in(f, ((double)c + t) / ICDF_CELLS, hermite(f, c, t), f->q[c],
                         f->q[c + 1], &sq[j]))
                return 2;
            sdq[j] = exp(-dist_log_pdf(f->dist, sq[j]));
            if (!isfinite(sdq[j]) || !(sdq[j] > 0))
                ex[j - 1] = ex[j] = 1;
        }
        for (size_t j = 0; j < ICDF_SUB; j++) {
            if (ex[j])
                continue;
            double v, guess = hermite_at(sq + j, sdq + j, h, 0.5);
            if (exact_in(f, ((double)c + ((double)j + 0.5) / ICDF_SUB) / ICDF_CELLS, guess,
                         sq[j], sq[j + 1], &v))
                return 2;
            ex[j] = !(fabs(guess - v) <= 1e-10 * range);
        }
    }
    return 0;
}

/* Tabulate the inverse CDF of a gamma, beta or PERT (see icdf). */
static int icdf_build(icdf *f)
{
    const stitch_dist *dist = f->dist;
    if (dist->kind != DIST_PERT && dist->kind != DIST_BETA && dist->kind != DIST_GAMMA)
        return 0;
    f->q = malloc((ICDF_CELLS + 1) * sizeof *f->q);
    f->dq = malloc((ICDF_CELLS + 1) * sizeof *f->dq);
    f->exact = calloc(ICDF_CELLS, 1);
    if (!f->q || !f->dq || !f->exact)
        return 1;
    if (dist->kind == DIST_GAMMA)
        f->lo = 0, f->w = dist->q[1], f->a = dist->q[0], f->b = 0,
        f->log_norm = lgamma(f->a) + log(f->w);
    else {
        int pert = dist->kind == DIST_PERT;
        f->lo = pert ? dist->p[0] : 0, f->w = pert ? dist->p[2] - dist->p[0] : 1;
        f->a = dist->q[0], f->b = dist->q[1];
        f->log_norm = lgamma(f->a) + lgamma(f->b) - lgamma(f->a + f->b) + log(f->w);
    }
    /* Each node from the one before, by Newton's method (the root finder
     * when that fails): the next node lies above it, below the support's end. */
    double top = dist->kind == DIST_GAMMA ? INFINITY : f->lo + f->w;
    for (size_t k = 1; k < ICDF_CELLS; k++) {
        double u = (double)k / ICDF_CELLS;
        if (k == 1 || !isfinite(f->dq[k - 1]) ||
            exact_in(f, u, f->q[k - 1] + f->dq[k - 1] / ICDF_CELLS, f->q[k - 1], top,
                     &f->q[k]))
            if (dist_quantile(dist, u, &f->q[k]))
                return 2;
        f->dq[k] = exp(-dist_log_pdf(dist, f->q[k]));
        if (!isfinite(f->dq[k]) || !(f->dq[k] > 0))
            f->exact[k - 1] = f->exact[k] = 1;
    }
    f->exact[0] = f->exact[ICDF_CELLS - 1] = 1; /* the tails */
    double range = f->q[ICDF_CELLS - 1] - f->q[1];
    for (size_t c = 1; c + 1 < ICDF_CELLS; c++) {
        if (f->exact[c])
            continue;
        double v, mid = ((double)c + 0.5) / ICDF_CELLS;
        if (newton(f, mid, hermite(f, c, 0.5), f->q[c], f->q[c + 1], &v) &&
            dist_quantile(dist, mid, &v))
            return 2;
        if (!(fabs(hermite(f, c, 0.5) - v) <= 1e-10 * range))
            f->exact[c] = 1;
    }
    return icdf_split(f, range);
}

/* The first n primes into b. */
static void primes(unsigned *b, size_t n)
{
    size_t k = 0;
    for (unsigned c = 2; k < n; c++) {
        int prime = 1;
        for (size_t i = 0; i < k && b[i] * b[i] <= c; i++)
            if (c % b[i] == 0) {
                prime = 0;
                break;
            }
        if (prime)
            b[k++] = c;
    }
}

design *design_make(const stitch_plan *p, stitch_sampling m, unsigned long seed, size_t n,
                    int *failed)
{
    design *d = calloc(1, sizeof *d);
    *failed = 1;
    if (!d)
        return NULL;
    d->p = p, d->method = m, d->dim = p->n_uncertain, d->n = n;
    d->seed = (uint64_t)seed;
    d->halton = m == STITCH_SAMPLING_QMC && d->dim > DESIGN_SOBOL_MAX;
    d->inv = calloc(d->dim + 1, sizeof *d->inv);
    d->keys = malloc((STITCH_REPLICATES * d->dim * 4 + 1) * sizeof *d->keys);
    if (!d->inv || !d->keys)
        goto fail;
    for (size_t r = 0; r < STITCH_REPLICATES; r++)
        for (size_t u = 0; u < d->dim; u++)
            for (uint64_t what = 1; what <= 4; what++)
                d->keys[(r * d->dim + u) * 4 + what - 1] = key(d, r, u, what);
    for (size_t u = 0; u < d->dim; u++) {
        d->inv[u].dist = &p->inputs[p->uncertain[u]].dist;
        int rc = icdf_build(&d->inv[u]);
        if (rc) {
            *failed = rc;
            goto fail;
        }
    }
    if (m == STITCH_SAMPLING_QMC && !d->halton && sobol_directions(d))
        goto fail;
    if (d->halton) {
        if (!(d->base = malloc(d->dim * sizeof *d->base)))
            goto fail;
        primes(d->base, d->dim);
    }
    *failed = 0;
    return d;
fail:
    design_free(d);
    return NULL;
}

void design_free(design *d)
{
    if (!d)
        return;
    for (size_t u = 0; d->inv && u < d->dim; u++)
        free(d->inv[u].q), free(d->inv[u].dq), free(d->inv[u].exact),
            free(d->inv[u].sub), free(d->inv[u].sq), free(d->inv[u].sdq),
            free(d->inv[u].sexact);
    free(d->inv), free(d->sobol_v), free(d->base), free(d->keys);
    free(d);
}

const char *design_points(const design *d)
{
    return d->method == STITCH_SAMPLING_LHS ? "Latin hypercube"
           : d->halton                      ? "Halton"
                                            : "Sobol'";
}

/* Probabilities for the quantiles: within (0, 1) whatever rounding did. */
static double open_unit(double q)
{
    return fmin(fmax(q, 0x1p-1074), 1 - 0x1p-53);
}

int design_block(const design *d, size_t b, size_t k, double *cols)
{
    const stitch_plan *p = d->p;
    size_t first = b * STITCH_BLOCK;
    for (size_t u = 0; u < d->dim; u++)
        for (size_t i = 0; i < k; i++)
            cols[u * STITCH_BLOCK + i] = design_uniform(d, first + i, u);
    /* Correlated inputs: a Gaussian copula with the plan's Cholesky factor
     * of the normal-scale matrix (docs/method.md section 8.2). */
    size_t m = p->n_corr;
    if (m) {
        double z[64], *zs = m <= 64 ? z : malloc(m * sizeof *zs);
        if (!zs)
            return -1;
        for (size_t i = 0; i < k; i++) {
            for (size_t c = 0; c < m; c++)
                zs[c] = gsl_cdf_ugaussian_Pinv(cols[p->corr_col[c] * STITCH_BLOCK + i]);
            for (size_t c = m; c-- > 0;) { /* in place, last row first: y = L z */
                const double *row = p->corr_chol + c * m;
                double y = 0;
                for (size_t j = 0; j <= c; j++)
                    y += row[j] * zs[j];
                zs[c] = y;
            }
            for (size_t c = 0; c < m; c++)
                cols[p->corr_col[c] * STITCH_BLOCK + i] =
                    open_unit(gsl_cdf_ugaussian_P(zs[c]));
        }
        if (zs != z)
            free(zs);
    }
    for (size_t u = 0; u < d->dim; u++)
        for (size_t i = 0; i < k; i++) {
            double *c = &cols[u * STITCH_BLOCK + i];
            if (design_quantile(d, u, open_unit(*c), c))
                return -1;
        }
    return 0;
}
