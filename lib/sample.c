/* sample.c — per-input streams and draws from the seven distributions. */
#include "sample.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const gsl_rng_type *sample_rng_type(void)
{
    return gsl_rng_taus2;
}

/* SplitMix64 finaliser (Steele, Lea & Flood 2014): a strong 64-bit mixer. */
static unsigned long long mix(unsigned long long z)
{
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

unsigned long sample_stream_seed(unsigned long seed, const char *path, size_t block)
{
    unsigned long long h = 0xCBF29CE484222325ULL; /* FNV-1a of the path */
    for (const unsigned char *c = (const unsigned char *)path; *c; c++)
        h = (h ^ *c) * 0x100000001B3ULL;
    unsigned long long z = mix(mix(h) ^ mix((unsigned long long)seed) ^
                               mix((unsigned long long)block + 0x5851F42D4C957F2DULL));
    unsigned long s = (unsigned long)(z & 0xFFFFFFFFUL);
    return s ? s : 1UL; /* taus2 treats 0 as "use the default seed" */
}

unsigned long sample_stream_salt(const char *name)
{
    unsigned long long h = 0xCBF29CE484222325ULL; /* FNV-1a, as for a path */
    for (const unsigned char *c = (const unsigned char *)name; *c; c++)
        h = (h ^ *c) * 0x100000001B3ULL;
    unsigned long s = (unsigned long)mix(h ^ 0x5A17ULL);
    return s ? s : 1UL; /* 0 means "no salt" */
}

static double truncated_normal(const stitch_dist *d, gsl_rng *r)
{
    double mu = d->p[0], sd = d->p[1];
    double pa = isinf(d->p[2]) ? 0 : gsl_cdf_ugaussian_P((d->p[2] - mu) / sd);
    double pb = isinf(d->p[3]) ? 1 : gsl_cdf_ugaussian_P((d->p[3] - mu) / sd);
    if (pb - pa > 0.3) { /* rejection is cheap while most draws land inside */
        for (;;) {
            double v = mu + sd * gsl_ran_gaussian_ziggurat(r, 1.0);
            if (v >= d->p[2] && v <= d->p[3])
                return v;
        }
    }
    double v = mu + sd * gsl_cdf_ugaussian_Pinv(pa + gsl_rng_uniform_pos(r) * (pb - pa));
    return v < d->p[2] ? d->p[2] : v > d->p[3] ? d->p[3] : v;
}

void sample_draw(const stitch_dist *d, gsl_rng *r, double *out, size_t n)
{
    switch (d->kind) {
    case DIST_FIXED:
        for (size_t i = 0; i < n; i++)
            out[i] = d->p[0];
        return;
    case DIST_UNIFORM:
        for (size_t i = 0; i < n; i++)
            out[i] = gsl_ran_flat(r, d->p[0], d->p[1]);
        return;
    case DIST_TRIANGULAR:
        for (size_t i = 0; i < n; i++)
            out[i] = dist_triangular_quantile(d, gsl_rng_uniform(r));
        return;
    case DIST_PERT:
        for (size_t i = 0; i < n; i++)
            out[i] = d->p[0] + (d->p[2] - d->p[0]) * gsl_ran_beta(r, d->q[0], d->q[1]);
        return;
    case DIST_NORMAL:
        for (size_t i = 0; i < n; i++)
            out[i] = truncated_normal(d, r);
        return;
    case DIST_LOGNORMAL:
        for (size_t i = 0; i < n; i++)
            out[i] = gsl_ran_lognormal(r, d->q[0], d->q[1]);
        return;
    case DIST_BETA:
        for (size_t i = 0; i < n; i++)
            out[i] = gsl_ran_beta(r, d->q[0], d->q[1]);
        return;
    case DIST_GAMMA:
        for (size_t i = 0; i < n; i++)
            out[i] = gsl_ran_gamma(r, d->q[0], d->q[1]);
        return;
    case DIST_TABLE: /* a posterior (docs/method.md section 8.4): inverse CDF */
        for (size_t i = 0; i < n; i++) {
            double v;
            dist_quantile(d, gsl_rng_uniform_pos(r), &v);
            out[i] = v;
        }
        return;
    }
}

struct sample_scratch {
    double *scores; /* n_corr x STITCH_BLOCK normal scores */
    double *sorted; /* one column's values, sorted */
    size_t *order;  /* the iterations in the order of one column's scores */
};

sample_scratch *sample_scratch_alloc(const stitch_plan *p)
{
    sample_scratch *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->scores = malloc((p->n_corr + 1) * STITCH_BLOCK * sizeof *s->scores);
    s->sorted = malloc(STITCH_BLOCK * sizeof *s->sorted);
    s->order = malloc(STITCH_BLOCK * sizeof *s->order);
    if (!s->scores || !s->sorted || !s->order) {
        sample_scratch_free(s);
        return NULL;
    }
    return s;
}

void sample_scratch_free(sample_scratch *s)
{
    if (s)
        free(s->scores), free(s->sorted), free(s->order);
    free(s);
}

/* Give block columns the rank correlation of the plan (Iman & Conover 1982):
 * mix independent normal scores with the Cholesky factor, then reorder each
 * correlated column so that its ranks follow its scores' ranks. The values
 * themselves are untouched, so every input keeps its own distribution. */
static void correlate_block(const stitch_plan *p, size_t n, double *cols,
                            sample_scratch *s)
{
    size_t m = p->n_corr;
    double *z = s->scores;
    for (size_t k = 0; k < n; k++) /* in place, last row first: y = L z */
        for (size_t i = m; i-- > 0;) {
            const double *row = p->corr_chol + i * m;
            double y = 0;
            for (size_t j = 0; j <= i; j++)
                y += row[j] * z[j * STITCH_BLOCK + k];
            z[i * STITCH_BLOCK + k] = y;
        }
    for (size_t i = 0; i < m; i++) {
        double *col = cols + p->corr_col[i] * STITCH_BLOCK;
        memcpy(s->sorted, col, n * sizeof *col);
        gsl_sort(s->sorted, 1, n);
        gsl_sort_index(s->order, z + i * STITCH_BLOCK, 1, n);
        for (size_t r = 0; r < n; r++)
            col[s->order[r]] = s->sorted[r];
    }
}

void sample_block(const stitch_plan *p, unsigned long seed, size_t b, size_t n,
                  sample_mode mode, gsl_rng *rng, double *cols, sample_scratch *s)
{
    size_t n_corr = mode == SAMPLE_CORRELATED ? p->n_corr : 0;
    size_t c = 0; /* next correlated input */
    for (size_t u = 0; u < p->n_uncertain; u++) {
        const plan_input *in = &p->inputs[p->uncertain[u]];
        /* a portfolio's project salts its own inputs, not the prices all share */
        unsigned long s_in =
            p->stream_salt && in->role != ROLE_UNIT_COST ? seed ^ p->stream_salt : seed;
        gsl_rng_set(rng, sample_stream_seed(s_in, in->path, b));
        sample_draw(&in->dist, rng, cols + u * STITCH_BLOCK, n);
        if (c < n_corr && p->corr_col[c] == u) {
            /* The scores get a stream of their own: the complement of the
             * seed, which no 32-bit model seed can equal. */
            gsl_rng_set(rng, sample_stream_seed(~s_in, in->path, b));
            double *z = s->scores + c * STITCH_BLOCK;
            for (size_t k = 0; k < n; k++)
                z[k] = gsl_ran_gaussian_ziggurat(rng, 1.0);
            c++;
        }
    }
    if (n_corr)
        correlate_block(p, n, cols, s);
}
