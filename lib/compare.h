/* compare.h — options for the same need, side by side on the same draws
 * (docs/method.md section 12).
 *
 * Every option is simulated with one seed. Each input draws from a stream
 * seeded by the seed and the input's path (section 7), so an input that
 * means the same thing in two models (the same path, or the same unit-cost
 * code) gets the same draws in each: the differences are paired, and an
 * option compared with itself differs by exactly 0. */
#ifndef STITCH_COMPARE_H
#define STITCH_COMPARE_H

#include "plan.h"

typedef struct {
    const stitch_plan *p; /* borrowed */
    char *name;           /* the model's path as given */
    stitch_result *base;
    stitch_mc_result *mc;    /* its own summary, as `run` gives it */
    double *npv, *pvb, *pvc; /* per run */
} cmp_option;

/* A's NPV minus B's, and the incremental BCR (PVB_A - PVB_B) / (PVC_A -
 * PVC_B) over the runs where the costs differ. */
typedef struct {
    size_t a, b;
    stitch_summary npv_diff;
    double p_a_better; /* the share of runs with A's NPV strictly above B's */
    double ibcr_base;  /* NaN: the base costs are the same */
    stitch_summary ibcr;
    long ibcr_runs; /* runs where the costs differ; 0: no incremental BCR */
} cmp_pair;

struct stitch_comparison {
    long iterations;
    unsigned long seed;
    cmp_option *opt;
    size_t n;
    cmp_pair *pairs; /* every ordered pair, a != b, a-major */
    size_t n_pairs;
    double *p_best; /* per option: the chance its NPV is the highest (ties
                       share the run equally) */
    size_t *rank;   /* options by mean NPV, highest first */
};

#endif
