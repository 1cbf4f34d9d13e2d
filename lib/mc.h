/* mc.h — the simulation's runs one by one, for the stages after it (the
 * value of information, comparisons), and its summary of any sample.
 * Internal to the library; the simulation itself is stitch_mc_run. */
#ifndef STITCH_MC_H
#define STITCH_MC_H

#include "plan.h"

#include <stddef.h>

/*
 * n runs with `stitch run`'s draws for this seed (docs/method.md section 7):
 * each run's PVB and PVC into pvb and pvc, and each uncertain input's draw
 * into xs[u] (u the input's column among the plan's uncertain inputs); any
 * of pvb, pvc and xs may be NULL. One thread. Returns 0, or -1 when out of
 * memory.
 */
int mc_runs(const stitch_plan *p, unsigned long seed, size_t n, double *pvb, double *pvc,
            double **xs);

/* mc_runs on `threads` threads (0: one per processor), block by block:
 * the same runs whatever the thread count. */
int mc_runs_threads(const stitch_plan *p, unsigned long seed, size_t n, double *pvb,
                    double *pvc, double **xs, int threads);

/* Mean, sd, MCSE and P5 ... P95 of v[0..n) as the simulation summarises
 * every figure (docs/method.md section 8.1). Reorders v. */
stitch_summary mc_summarise(double *v, size_t n);

#endif
