/* sensitivity.h — the tables of docs/method.md section 5: which assumptions the
 * business case rests on. Computed from the plan alone (base case plus
 * one-at-a-time changes, and a Sobol sample); printed by report_sens.c. */
#ifndef STITCH_SENSITIVITY_H
#define STITCH_SENSITIVITY_H

#include "plan.h"
#include "sobol.h"

/* One-way: an input at its P10 and P90 (or ±50% for a fixed adjustment). */
typedef struct {
    size_t input;
    int adjustment; /* 1: a fixed adjustment varied ±50% */
    double low, high;
    double bcr_low, bcr_high, npv_low, npv_high;
} sens_tornado;

/* The value of one input at which NPV = 0, the rest at base. */
typedef struct {
    size_t input;
    double base, value; /* value NaN: no root in the input's domain */
    double p5, p95;
    int in_range; /* p5 <= value <= p95 */
    int fixed;    /* a fixed number: no plausible range given */
} sens_switch;

typedef struct {
    const char *name; /* borrowed: static text or the plan's scenario name */
    double pvb, pvc, npv, bcr;
    int payback_year;
} sens_scenario;

/* A benefit's share of the case: its PV before and after attribution, and
 * the attribution at which it alone would just pay for the project. */
typedef struct {
    double contribution, attributed, attribution, break_even_alone; /* NaN: cannot */
} sens_benefit;

typedef struct {
    double rate; /* NaN for the model's own schedule */
    double bcr, npv;
} sens_discount;

struct stitch_sensitivity {
    double base_bcr, base_npv, break_even_attribution;
    sens_tornado *tornado; /* sorted by swing, largest first */
    size_t n_tornado;
    size_t n_flat;          /* inputs left out of the tornado because they do not move */
    sens_switch *switching; /* every input that moves NPV, nearest to base first */
    size_t n_switching;
    sens_scenario *scenarios; /* pessimistic, base, optimistic, then the model's */
    size_t n_scenarios;
    long grid_a, grid_b; /* inputs; -1 when no grid */
    size_t grid_n;
    double *grid_av, *grid_bv, *grid_bcr, *grid_npv; /* bcr[i * n + j]: a_i, b_j */
    double *horizon_bcr, *horizon_npv;               /* appraisal of 1..years */
    sens_discount discount[4];
    size_t n_discount;
    sens_benefit *benefits;
    size_t n_sobol; /* the uncertain inputs, in plan order */
    sobol_index *sobol;
    long sobol_samples;
    int sobol_status; /* 0, SOBOL_NOVAR, -1 no uncertain input, -2 not asked for */
    unsigned long seed;
};

#endif
