/* design.h — Latin hypercube and randomised quasi-Monte Carlo designs
 * (stage 4 of the pipeline, beside sample.h; docs/method.md section 7.1).
 *
 * `--sampling lhs` and `--sampling qmc` replace the one-stream-per-input
 * draws of sample.h with a design over all the uncertain inputs at once:
 * STITCH_REPLICATES independent randomisations, iteration i belonging to
 * replicate i mod R as its (i div R)-th point. Each point is computed from
 * its replicate and index alone (no sequential state), so any block can be
 * drawn by any thread and the result never depends on the thread count.
 * A point's coordinates are mapped through each input's inverse CDF;
 * correlated inputs go through a Gaussian copula with the plan's Cholesky
 * factor. Input u takes coordinate u: the draws depend on the number and
 * order of the uncertain inputs. */
#ifndef STITCH_DESIGN_H
#define STITCH_DESIGN_H

#include "plan.h"

#include <stddef.h>

/* The largest dimension of GSL's Sobol' generator (gsl_qrng_sobol's
 * max_dimension); above it a design uses Halton points. */
#define DESIGN_SOBOL_MAX 40
/* The largest dimension of Halton points (GSL's gsl_qrng_halton). */
#define DESIGN_HALTON_MAX 1229

typedef struct design design;

/*
 * The design of method m (STITCH_SAMPLING_LHS or _QMC) for plan p, seed
 * and n iterations (a Latin hypercube's strata depend on n; the Sobol' and
 * Halton points do not). Returns NULL when out of memory, with *failed 1;
 * or when a quantile cannot be worked out, with *failed 2.
 */
design *design_make(const stitch_plan *p, stitch_sampling m, unsigned long seed, size_t n,
                    int *failed);
void design_free(design *d);

/* "Sobol'", "Halton" or "Latin hypercube": the points a design uses. */
const char *design_points(const design *d);

/*
 * Block b's first k values (k <= STITCH_BLOCK) of every uncertain input,
 * laid out as sample_block's: column u at cols[u * STITCH_BLOCK]. Returns
 * 0, or -1 when a quantile could not be worked out.
 */
int design_block(const design *d, size_t b, size_t k, double *cols);

/* The uniform coordinate in (0, 1) of iteration i along dimension u, before
 * any correlation or quantile: exposed for the tests. */
double design_uniform(const design *d, size_t i, size_t u);

/* The Sobol' point (unscrambled, 30 bits) of index j along dimension u < 40,
 * as GSL's generator gives it on its (j)-th call after the first: exposed
 * for the tests, which check it against gsl_qrng_sobol. */
double design_sobol_raw(const design *d, size_t j, size_t u);

/* The inverse CDF of input column u at probability q, as the design maps
 * its coordinates: exposed for the tests. */
int design_quantile(const design *d, size_t u, double q, double *out);

#endif
