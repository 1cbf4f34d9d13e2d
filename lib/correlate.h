/* correlate.h — rank correlations between inputs.
 *
 * A model declares Spearman rank correlations between pairs of uncertain
 * inputs. They are induced block by block with Iman & Conover's (1982)
 * method: each correlated input draws its values from its own stream as
 * usual, plus independent normal scores from a second stream; the scores
 * are mixed with the Cholesky factor of the normal-scale matrix
 * r = 2 sin(pi rho_s / 6) (Kruskal 1958), which gives normals the rank
 * correlation rho_s (a Gaussian copula), and the values are reordered to
 * follow the scores' ranks. The values are unchanged, so each input keeps
 * exactly its own distribution. */
#ifndef STITCH_CORRELATE_H
#define STITCH_CORRELATE_H

#include <stddef.h>

/* The normal-scale correlation that gives Spearman rank correlation rho. */
double correlate_normal_scale(double rho);

/*
 * `rho` is an n x n symmetric matrix of rank correlations (row-major, unit
 * diagonal). On success returns 0 and writes the lower Cholesky factor of
 * its normal-scale matrix to `chol` (n x n, upper part zero). When the
 * matrix is not positive definite, returns 1 and writes to `nearest` the
 * nearest valid rank-correlation matrix (Higham 2002, alternating
 * projections) that keeps every zero entry zero, rounded to two decimals
 * and checked positive definite. Returns -1 when out of memory.
 */
int correlate_prepare(size_t n, const double *rho, double *chol, double *nearest);

#endif
