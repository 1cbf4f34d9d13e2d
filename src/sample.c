/* sample.c — per-input streams and draws from the seven distributions. */
#include "sample.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>

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
            out[i] = dist_quantile(d, gsl_rng_uniform(r));
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
    }
}
