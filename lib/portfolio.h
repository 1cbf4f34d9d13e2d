/* portfolio.h — a partnership's portfolio of projects (docs/method.md
 * section 14): the portfolio file, one joint simulation of every project,
 * the totals, and the best set of projects within a budget.
 *
 * Every project is simulated with one seed. Its own inputs draw from
 * streams salted with its file name (sample_stream_salt), so that two
 * unrelated projects with an input of the same path do not move together;
 * its unit costs are not salted, so every project that prices the same
 * code shares that price's uncertainty. */
#ifndef STITCH_PORTFOLIO_H
#define STITCH_PORTFOLIO_H

#include "plan.h"

/* The most projects a portfolio holds (the budget's exact search, section
 * 13.3, is sized for it). */
#define PF_MAX_MODELS 40

/* A model the portfolio file lists. */
typedef struct {
    char *model; /* as the file writes it */
    char *path;  /* to open: relative to the portfolio file's folder */
    int line;
} pf_entry;

struct stitch_portfolio_file {
    char *file, *name;
    char *price_year; /* NULL: the models' own, which must then agree */
    int price_year_line, models_line, budget_line;
    int has_budget;
    double budget; /* cash available over the delivery years, undiscounted */
    pf_entry *models;
    size_t n;
    diag_list warnings; /* unknown keys, then stitch_portfolio_lint's */
};

/* One project, in the portfolio's price year. */
typedef struct {
    const stitch_plan *p; /* borrowed */
    const char *model;    /* as the portfolio file writes it */
    double factor;        /* uprating to the portfolio's price year (1: none) */
    stitch_result *base;  /* its base case, money uprated */
    stitch_mc_result *mc; /* its own summary from the joint simulation, as `run`
                             gives it, money uprated */
    double cash;          /* undiscounted base-case cost over the delivery years */
    double *npv;          /* per run of the joint simulation */
} pf_project;

/* A staff group, capacity unit or payer summed over the projects. */
typedef struct {
    char *name;
    double base, mean;
    stitch_summary s; /* staff groups and capacity units: over the joint runs */
    double fte_hours; /* staff groups: a working year, NaN unknown */
} pf_sum;

/* The best set within the budget (section 14.3). Sets are bit masks over
 * the projects, project i at bit i. */
typedef struct {
    double budget;
    unsigned long long chosen, runner_up;
    int has_runner_up; /* 0: no other set fits the budget */
    double cash, expected_npv, p_npv_gt_0;       /* the chosen set */
    double runner_cash, runner_expected_npv;     /* the runner-up */
    double p_beats_runner_up; /* the share of runs in which the chosen set's NPV is
                                 strictly above the runner-up's */
    stitch_summary npv;       /* the chosen set's NPV over the runs */
} pf_selection;

struct stitch_portfolio {
    char *name, *file, *price_year;
    long iterations;
    unsigned long seed;
    pf_project *proj;
    size_t n;
    /* the totals: base case, and over the joint runs */
    double pvb, pvc, npv, bcr, cash;
    stitch_summary s_pvb, s_pvc, s_npv, s_bcr;
    int bcr_defined;
    long no_bcr;
    double p_bcr_ge_1, p_npv_gt_0;
    pf_sum *staff, *capacity, *payers;
    size_t n_staff, n_capacity, n_payers;
    double kind[4], kind_mean[4]; /* cashable, non-cashable, economic, social */
    int has_selection;
    pf_selection sel;
    /* Issue #20 (national outcomes) adds its table summed over the
     * projects here, beside staff and capacity. */
};

/* The best and second-best sets of projects by expected NPV (value[i])
 * whose cash (pence[i], whole pence) totals at most `budget` pence, by
 * meet in the middle (section 14.3); n <= PF_MAX_MODELS. Ties go to the
 * cheaper set, then the smaller mask. *has_second is 0 when only one set
 * fits. Returns 0, or -1 when out of memory. */
int pf_knapsack(const double *value, const long long *pence, size_t n, long long budget,
                unsigned long long *best, unsigned long long *second, int *has_second);

#endif
