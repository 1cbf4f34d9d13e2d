/* monitor.h — the monitoring stage (docs/method.md section 8.4): after the plan
 * is compiled and before anything samples it, the service's own records
 * update each observed input from its prior (the model's distribution) to
 * its posterior. The maths is here for the tests; the public entry point is
 * stitch_plan_monitor (stitch.h). */
#ifndef STITCH_MONITOR_H
#define STITCH_MONITOR_H

#include "dist.h"

/*
 * The posterior of a rate with prior d given x of n (binomial), or of a
 * count per year with prior d given x in e years (Poisson with exposure e).
 * A beta prior on a rate gives beta(a + x, b + n - x); a gamma prior on a
 * count gives gamma(k + x, rate theta + e) (stitch keeps the scale,
 * 1 / theta); any other prior a tabulated posterior (dist_posterior), whose
 * table *tab owns (NULL for the exact forms). d must not be fixed.
 * Returns 0, DIST_ENOMEM or DIST_EQUANTILE.
 */
int monitor_posterior(const stitch_dist *d, int rate, double x, double n_or_e,
                      stitch_dist *post, dist_table **tab);

/*
 * The two-sided prior-predictive probability of data at least as extreme
 * as x (docs/method.md section 8.4): 2 min(P(X <= x), P(X >= x)), at most 1,
 * X drawn from the binomial (rate) or Poisson (count) with the input drawn
 * from prior d. NaN when it cannot be worked out.
 */
double monitor_predictive_p(const stitch_dist *d, int rate, double x, double n_or_e);

#endif
