/* sobol.h — variance-based (Sobol') sensitivity indices of a model output to
 * its inputs, with bootstrap confidence intervals. Generic: the model is any
 * function of k independent inputs, and the caller draws the samples.
 *
 * Design (Saltelli et al. 2010, Comput. Phys. Commun. 181:259–270): two
 * independent n x k sample matrices A and B, and for each input i the matrix
 * A_B^(i), A with column i taken from B; n (k + 2) model evaluations in all.
 * First-order index S_i = V(E(Y|X_i)) / V(Y) by their Table 2 estimator;
 * total index ST_i = E(V(Y|X_~i)) / V(Y) by Jansen's estimator (Jansen 1999,
 * Comput. Phys. Commun. 117:35–43; Saltelli et al. 2010, Table 2). */
#ifndef STITCH_SOBOL_H
#define STITCH_SOBOL_H

#include <stddef.h>

#include "stitch/stitch.h"

/* f evaluates the model at one point x[0..k) (already in the inputs' own
 * units). It must not keep x. sobol_estimate calls it from one thread, in
 * row order; sobol_estimate_threads from each thread with that thread's
 * own ctx. */
typedef double (*sobol_fn)(const double *x, void *ctx);

typedef struct {
    double s1, s1_lo, s1_hi; /* first-order index and its bootstrap 95% percentile CI */
    double st, st_lo, st_hi; /* total index and its CI */
} sobol_index;

/* Return values of sobol_estimate besides 0 (success). */
#define SOBOL_NOVAR 1         /* output variance zero: no uncertainty to share out */
#define SOBOL_ENOMEM (-1)     /* allocation failed */
#define SOBOL_EINVAL (-2)     /* n or k zero, n >= 2^32, or a NULL argument */
#define SOBOL_ENONFINITE (-3) /* f returned NaN or an infinity */

/*
 * A and B are n x k row-major matrices of independent samples of the k
 * inputs (the caller draws them). Evaluates f at A, B and the k matrices
 * A_B^(i): n (k + 2) evaluations. First order by Saltelli et al. (2010)
 * V_i = mean_j (f(B)_j - m) (f(A_B^(i))_j - f(A)_j), m the pooled mean;
 * total by Jansen (1999) VT_i = mean_j (f(A)_j - f(A_B^(i))_j)^2 / 2; both
 * divided by the variance of f over A and B pooled (2n values).
 *
 * Bootstrap: n_boot resamples of the row index j (with replacement) drawn
 * from a GSL taus2 generator seeded with boot_seed; 2.5% and 97.5% percentile
 * CIs. Resamples recombine the stored outputs (no new evaluations). With
 * n_boot 0 each CI is the point estimate.
 *
 * Estimates are not clipped to [0, 1]: an index near 0 may come out slightly
 * negative, which says only that it is too small to tell from 0 at this n.
 * A percentile interval need not contain the point estimate, though with
 * these estimators and a reasonable n it does.
 *
 * Returns 0 on success; SOBOL_NOVAR (1) when the output variance is zero
 * (indices 0, CIs [0, 0]); or a negative SOBOL_E* code, with out all zero.
 * out[0..k) never holds NaN or an infinity. The result depends only on the
 * arguments (and f), so equal calls give bit-identical results.
 */
int sobol_estimate(size_t n, size_t k, const double *A, const double *B, sobol_fn f,
                   void *ctx, size_t n_boot, unsigned long boot_seed, sobol_index *out);

/*
 * sobol_estimate on `threads` threads (1..64), thread t calling f with
 * ctx[t]: the rows are split into equal runs, one per thread, and the
 * resamples handed out one at a time; each lands in its own place, so the
 * result is bit-identical to sobol_estimate's whatever the thread count.
 */
int sobol_estimate_threads(size_t n, size_t k, const double *A, const double *B,
                           sobol_fn f, void *const *ctx, int threads, size_t n_boot,
                           unsigned long boot_seed, sobol_index *out);

/* The model at x, which is the point of the thread's last call of f with
 * column i moved (x[i] from B): a model that can work out only what input
 * i changes gives the same value as f(x), to rounding, sooner. */
typedef double (*sobol_moved_fn)(const double *x, size_t i, void *ctx);

/*
 * sobol_estimate_threads with g for the rows of A_B^(i): each row j of A is
 * evaluated by f (after B's row j), then its k rows A_B^(i) by g on the
 * same thread. g NULL: f for every point. progress (NULL: none) hears how
 * far the evaluations and then the bootstrap have got.
 */
int sobol_estimate_moved(size_t n, size_t k, const double *A, const double *B, sobol_fn f,
                         sobol_moved_fn g, void *const *ctx, int threads, size_t n_boot,
                         unsigned long boot_seed, sobol_index *out,
                         stitch_progress_fn progress, void *progress_ctx);

/*
 * Default base sample size n: 2^16 (a power of two, which quasi-random A and
 * B from a Sobol' sequence want). A model with k inputs then costs 65536
 * (k + 2) evaluations, 1.4 million at k = 20.
 *
 * Chosen on the Ishigami function (a = 7, b = 0.1, x_i ~ U(-pi, pi)), a
 * standard hard case: so that every index lands within 0.02 of its analytic
 * value. A scratch study (independent A and B per seed, GSL taus2) found:
 *   n = 65536, 500 seeds: worst |error| S1 0.012 0.010 0.011,
 *                         ST 0.017 0.010 0.005; the noisiest estimate, ST of
 *                         x1 (the x1-x3 interaction), has RMS error 0.0056,
 *                         so 0.02 is 3.6 RMS errors away;
 *   n = 65536, 100 more seeds with 1000 resamples: worst |error| 0.018
 *                         (ST of x1), widest CI half-width 0.012, every
 *                         point estimate inside its CI;
 *   n = 32768, 100 seeds: worst |error| 0.022, over the limit.
 * Linear model 1 x1 + 2 x2 + 3 x3, x_i ~ N(0, 1), n = 65536, 100 seeds:
 * worst |error| 0.010.
 */
#define SOBOL_DEFAULT_N 65536

/*
 * Default bootstrap resamples. Percentile intervals need many more than a
 * standard error does (the rule of thumb, after Efron & Tibshirani 1993, An
 * Introduction to the Bootstrap, is about 1000 against 200). On
 * Ishigami at n = 65536 the endpoints move between bootstrap seeds with a
 * standard deviation of 7% of the CI half-width (14% with 200 resamples, 4%
 * with 2000). Cost: O(n_boot n k), about 0.5 s at n = 65536, k = 3.
 */
#define SOBOL_DEFAULT_BOOT 1000

#endif
