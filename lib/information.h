/* information.h — the value of information for the funding decision
 * (docs/method.md section 11): what resolving each uncertainty is worth.
 *
 * The decision is to fund the project if its expected NPV is positive.
 * From one simulation of the plan (the same draws as `stitch run` with the
 * same seed), EVPI is E[max(NPV, 0)] - max(E[NPV], 0); each input's EVPPI
 * comes from a penalised regression spline of NPV on that input (Strong,
 * Oakley & Brennan 2014), and each study's EVSI from the same smoother on
 * the study's simulated result (Strong et al. 2015). */
#ifndef STITCH_INFORMATION_H
#define STITCH_INFORMATION_H

#include "plan.h"

/* An estimate and its standard error, in pounds. */
typedef struct {
    double value, se;
} info_estimate;

/* One input, or a group of inputs learnt together. */
typedef struct {
    char *path;      /* the input's path, or "group:costs" ... */
    char *label;     /* what it is, in words: the item's text and the field */
    size_t *members; /* input indices (one for an input) */
    size_t n_members;
    info_estimate evppi;
} info_target;

/* The value of a study of n more people (a rate) or of one more year's
 * records (a count, n = 1). */
typedef struct {
    size_t input;
    int n;
    info_estimate evsi;
} info_study;

/* Study sizes for an outcome rate. */
#define INFO_STUDY_SIZES 5
extern const int info_study_sizes[INFO_STUDY_SIZES];

struct stitch_evidence {
    long iterations;
    unsigned long seed;
    double mean_npv; /* E[NPV] over the simulations */
    int fund;        /* the decision with today's evidence: mean NPV > 0 */
    double p_wrong;  /* the chance the other decision is the better one */
    info_estimate evpi;
    info_target *inputs; /* one per uncertain input, largest EVPPI first */
    size_t n_inputs;
    info_target *groups; /* chains' rates, a benefit's adjustments, every cost */
    size_t n_groups;
    info_study *studies;
    size_t n_studies;
    int has_before;          /* the EVPI without the monitoring data is known */
    info_estimate evpi_before;
};

#endif
