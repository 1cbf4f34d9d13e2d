/* results.h — the results stage, the last before the reports: one document
 * that holds every figure a report shows and every sentence it says, each
 * worked out and worded once (docs/method.md, section 6). Every writer in
 * lib/report/ renders it; none recomputes or rewords a figure.
 *
 * Figures carry their exact value (NaN: the figure does not exist) and
 * the one way reports write it: money "£56,492", "-£16,974"; ratios
 * "1.26"; shares "37%"; a figure that does not exist "not defined".
 * Internal to the library. */
#ifndef STITCH_RESULTS_H
#define STITCH_RESULTS_H

#include "plan.h"
#include "sensitivity.h"
#include "stitch/stitch.h"

#include <stddef.h>

/* The outcome map's columns: the six steps of an outcome map, then the
 * outcomes whose step the model does not give. */
enum { RESULTS_MAP_UNPLACED = 6, RESULTS_MAP_COLUMNS = 7, RESULTS_NATIONAL = 9 };

/* How every report writes a figure that does not exist. */
#define RESULTS_UNDEFINED "not defined"

/* A figure: its exact value and its words. */
typedef struct {
    double value;
    char text[64];
} results_fig;

/* A headline figure: base case and, where the simulation ran and the
 * figure exists in it, its mean, P5, P50 and P95. */
typedef struct {
    const char *key;   /* the JSON member: "bcr", "npv", "pvb", "pvc" */
    const char *label; /* "Benefit-cost ratio" */
    int money;
    results_fig base;
    int simulated;
    results_fig mean, p5, p50, p95;
} results_headline;

enum { RESULTS_BCR, RESULTS_NPV, RESULTS_PVB, RESULTS_PVC, RESULTS_HEADLINES };

/* One staff group's time freed (negative: more time used). */
typedef struct {
    const char *group;
    results_fig hours; /* over the appraisal, undiscounted */
    char line[512];    /* "GP: about 5 hours", "more GP time used: about 2 hours" */
    char units[1024];  /* "some 31 consultations" ("" when none) */
    char fte[128];     /* "under 0.01 FTE at 2,064 working hours a year" ("": unknown) */
    int simulated;
    results_fig p5, p50, p95;
} results_time;

/* The data a chart is drawn from, exactly as the renderer is given it. */
typedef enum { CHART_BARS, CHART_HISTOGRAM, CHART_TORNADO } results_chart_kind;
typedef struct {
    results_chart_kind kind;
    const char *id;      /* the HTML figure's id, "chart-payer" */
    const char *caption; /* what it shows, in words */
    const char *axis;    /* the axis label */
    int money;           /* bars: the values are money (else hours) */
    size_t n;
    const char *const *labels; /* bars and tornado: n labels */
    const double *values;      /* bars: n values; histogram: n bin shares */
    const double *lo, *hi;     /* tornado: n ends */
    double from, to;           /* histogram: the range of the bins */
    double ref;                /* tornado: the base case */
    double mark;               /* histogram and tornado: break-even */
    results_fig *figs;         /* bars: n values as reports write them, beside the chart */
} results_chart;

enum { RESULTS_MAX_CHARTS = 10 };

/* One year of the cash flow (docs/method.md section 4.12): money in the
 * year, undiscounted, then discounted; net_p5/net_p95 from the simulation
 * (NaN when it did not run). */
typedef struct {
    int year;
    results_fig costs, benefits, kind[4], net;
    results_fig discount_factor; /* the model's schedule (the costs') */
    results_fig discounted_costs, discounted_benefits, discounted_net, cumulative;
    results_fig net_p5, net_p95;
} results_year;

/* One cost line: what the money is spent on. */
typedef struct {
    const char *id, *text, *evidence; /* evidence NULL: none recorded */
    int once;
    const char *per;        /* "a year" or "once" */
    results_fig amount;     /* base case (the mean) */
    results_fig low, high;  /* P5 and P95 of the amount; equal to it when fixed */
    int fixed;
    results_fig total;      /* undiscounted, over the delivery years */
    char line[512];         /* "£32,683 a year (P5 to P95: £31,570 to £34,080)" */
} results_cost;

/* One capacity unit freed by the unit-cost benefits (docs/method.md
 * section 4.13), negative when more is used. */
typedef struct {
    const char *unit;       /* the table unit without "per ": "inpatient night" */
    results_fig units;      /* attributed, undiscounted, over the appraisal */
    results_fig all_year;   /* beds (days / 365) or places (weeks / 52); NaN: neither */
    const char *all_year_noun; /* "beds", "care-home places"; NULL with all_year NaN */
    char services[1024];    /* the services it came from, "; "-separated */
    char line[512];         /* "about 320 inpatient nights (0.88 beds all year)" */
    int simulated;
    results_fig p5, p50, p95, mean;
} results_capacity;

/* One input updated by the monitoring data (docs/method.md section 8.4). */
typedef struct {
    const char *path;  /* "outcomes.sustained.rate" */
    const char *label; /* the output's or outcome's text */
    int rate;          /* 1: a share; 0: people a year */
    int used;          /* 0: a plain number the data could not move */
    int conflict;      /* the data disagree with the prior (prior-predictive < 1%) */
    char data[512];    /* "61 of 81 in 2025/26 H1 and 2025/26 H2", "84 reached in 1
                          year (2025/26 H1 and 2025/26 H2)" */
    results_fig prior_mean, prior_p5, prior_p95, mean, p5, p95;
    char line[1024]; /* the whole update in one sentence */
} results_update;

/* One row of the case before and after the data. */
typedef struct {
    const char *label; /* "Benefit-cost ratio" */
    results_fig before, after;
} results_compare;

enum { RESULTS_COMPARE = 4 };

/* One funder's part of the costs (docs/method.md section 4.12). */
typedef struct {
    const char *name;  /* "Integrated Care Fund", or "not stated" */
    results_fig cost;  /* present value of its cost lines */
    results_fig cash;  /* their undiscounted total */
    results_fig share; /* of the PV of costs (NaN when there are none) */
    results_fig bcr;   /* PVB / its present value (NaN when it pays nothing) */
    char line[512];    /* "For every £1 of <funder> money, £4.20 of benefit." */
} results_funder;

/* One stakeholder's part of the benefits (docs/method.md section 4.12). */
typedef struct {
    const char *name;  /* "older people", or "not stated" */
    results_fig value; /* present value of its benefits */
    results_fig share; /* of PVB (NaN when PVB is not positive) */
    results_fig ratio; /* value / PVC: its benefit per £1 of cost (NaN: no costs) */
    int simulated;
    results_fig p5, p50, p95; /* its value over the simulations */
} results_stakeholder;

typedef struct {
    /* what the document was made from, for the tables writers print as they are */
    const stitch_plan *p;
    const stitch_result *r;
    const stitch_mc_result *mc;  /* NULL: not simulated */
    const stitch_sensitivity *s; /* NULL: no sensitivity */

    char basis[256]; /* "Prices 2024/25 · 10-year appraisal, service runs 3 years · discount …" */
    results_headline headline[RESULTS_HEADLINES];
    results_fig roi;
    /* the simulation: the chance of breaking even and the runs counted */
    results_fig p_break_even;
    results_fig simulations;
    char range[512];     /* the range sentence ("" when not simulated) */
    char no_bcr[512];    /* simulations without costs ("" when none) */
    char precision[512]; /* the precision statement ("" when not simulated) */
    char break_even_over[128];    /* what the chance is over: "in 10,000 simulations" */
    char uncertainty_title[128];  /* "Uncertainty (10,000 simulations, seed 1)" */
    char precision_target[256];   /* a run to a precision: met or not ("": none) */

    /* contribution versus attribution */
    results_fig contribution_pvb, contribution_bcr, contribution_npv;
    results_fig break_even_attribution; /* NaN: none */
    char break_even[512];               /* the break-even sentence */

    /* time freed, per staff group of the plan */
    results_time *time;
    size_t n_time;

    /* value by kind (cashable, non-cashable, economic, social) */
    results_fig kind[4];
    results_fig kind_share[4]; /* of the sum of the kinds; NaN when it is not positive */
    char kind_banner[256];     /* which kind most of the value is, in words */
    char kind_detail[768];     /* each kind's figure and share, in words */

    /* cost per outcome, per plan node (NaN for outputs and where nobody is reached) */
    results_fig *cost_per_outcome;
    results_fig *outcome_people; /* over the delivery years */

    results_chart chart[RESULTS_MAX_CHARTS];
    size_t n_charts;

    /* the value of information (NULL: not worked out); owned */
    struct results_evidence *evidence;

    /* owned storage behind the charts */
    const char **tornado_labels;
    double *tornado_lo, *tornado_hi;
    double contribution_view[3];

    /* ---- appended: the costs, the cash flow and capacity freed ---- */
    results_cost *costs;
    size_t n_costs;
    results_fig cash_ask_total; /* undiscounted, every year (each year's: cash_flow) */
    char cash_ask_line[512]; /* "£217,846 ... in all: year 0 £.., ..." */
    results_year *cash_flow; /* p->years rows */
    long cash_flow_simulations; /* simulations behind net_p5/net_p95 (0: none) */
    char cash_flow_note[512];
    results_capacity *capacity;
    size_t n_capacity;
    char capacity_line[1024]; /* every unit in one sentence ("" when none) */
    char cost_per_outcome_note[256];
    double *cf_values;        /* chart storage: cumulative and yearly net */
    const char **cf_labels;
    char (*cf_label_text)[32];
    char (*tornado_text)[120]; /* the tornado's labels: each input's item in words */
    /* what the monitoring data changed (docs/method.md section 8.4); n_updates
     * is 0 and the strings empty when the model has no monitoring data */
    results_update *updates;
    size_t n_updates;
    char monitoring_files[512]; /* "befriending-monitoring.csv" */
    char monitoring_intro[1024]; /* what the section shows, in words */
    int has_before;             /* the case without the data was worked out */
    results_compare compare[RESULTS_COMPARE]; /* BCR, NPV, P(BCR >= 1), break-even */
    char untouched[2048]; /* the uncertain inputs no data reached, which still
                             carry the case ("" when none) */
    /* who pays and who gains (docs/method.md section 4.12), one per funder
     * and stakeholder of the plan; `named` is 1 when the model names any,
     * so that reports of models that name none need not show "not stated"
     * alone */
    results_funder *funders;
    size_t n_funders;
    int funders_named;
    char funder_note[512]; /* what the funder table means, in words */
    results_stakeholder *stakeholders;
    size_t n_stakeholders;
    int stakeholders_named;
    char stakeholder_note[512];

    /* Where an output's count changes between delivery years (per-year
     * counts or an existing caseload, docs/method.md sections 4.1 and 4.2):
     * the cohorts in words, since "people a year" is then their mean; ""
     * when every year is the same. */
    char cohorts[1024];

    /* ---- appended: the outcomes that matter to people (docs/method.md
     * section 13) ---- */
    struct results_outcome *outcome_map; /* one per plan node, in plan order */
    size_t n_outcome_map;
    const char *map_columns[RESULTS_MAP_COLUMNS]; /* column titles, "What we do" */
    int map_used[RESULTS_MAP_COLUMNS];            /* 1: some box is in the column */
    char map_title[128];    /* "Outcome map" */
    char map_intro[768];    /* what the map shows, in words */
    char map_key[512];      /* how the drawn map shows confidence and progress */
    char outcomes_title[128];
    char outcomes_intro[512];
    size_t n_unpriced;      /* outcomes with no benefit hanging off them */
    struct results_national *national; /* RESULTS_NATIONAL rows, outcomes 1 to 9 */
    int national_tagged;                 /* how many of the nine some outcome names */
    char national_title[128]; /* "Contribution to the National Health and Wellbeing Outcomes" */
    char national_note[768];  /* what the people and value mean, in words */
    char national_people_label[128];
    const char *national_source;
    /* One sentence for the top of every report when the model has
     * monitoring data (docs/method.md section 8.4): the case uses the
     * service's own records and what they did to the BCR; "" without. */
    char monitoring_basis[1024];
} results_doc;

/* One output or outcome on the outcome map, with its people, its evidence
 * ratings and the priced benefits hanging off it (docs/method.md
 * section 13). */
typedef struct results_outcome {
    const char *id, *text;
    const char *measure, *evidence; /* NULL: not said */
    int output;                     /* 1: an output (people reached) */
    long parent;                    /* the plan node it comes from, -1 for an output */
    int column;                     /* its map column (RESULTS_MAP_*) */
    int step;                       /* OUTCOME_STEP_*, -1: not given */
    const char *step_name;          /* "how they feel", or "not given" */
    int confidence;                 /* CONF_*, -1: not rated */
    const char *confidence_name;    /* "low", or "not rated" */
    int progress;                   /* PROGRESS_*, -1: not given */
    const char *progress_name;      /* "some", or "not given" */
    unsigned national;              /* bit k: National Health and Wellbeing Outcome k */
    char national_text[64];         /* "1, 4", or "none" */
    int priced;                     /* 1: some benefit hangs off it */
    size_t n_benefits;
    size_t *benefits;               /* plan benefit indices hanging off it */
    results_fig *benefit_value;     /* their PVs (attribution view) */
    results_fig value;              /* their sum */
    results_fig per_year, total;    /* people a year and over the delivery years */
    int simulated; /* 1: simulated, and the people vary (P5 < P95) */
    results_fig per_year_p5, per_year_p95, total_p5, total_p95; /* NaN: not simulated */
    char total_range[256]; /* "85 (57 to 116)": over the delivery years, P5 to P95 */
    char people[256]; /* "28 people a year, 85 over 3 years (P5 to P95: 52 to 122)" */
    char line[2048];  /* everything above in one sentence, for the step-by-step list */
} results_outcome;

/* One of the nine National Health and Wellbeing Outcomes: the people
 * reaching the outcomes tagged with it, summed over those outcomes, and
 * the present value of the benefits hanging off them. */
typedef struct results_national {
    int number;        /* 1 to 9 */
    const char *title; /* the Scottish Government's words */
    int tagged;        /* how many outcomes of the model name it */
    results_fig people, value;
    char outcomes[1024]; /* the tagged outcomes' texts, "; "-separated ("" none) */
} results_national;

/* The people and value of each National Health and Wellbeing Outcome k
 * (people[k], value[k] for k = 1..9; [0] unused) in the base case r of
 * plan p: people reaching the outcomes tagged with k over the delivery
 * years, summed over those outcomes, and the present value (attribution
 * view) of the benefits hanging off them. A portfolio adds these up
 * across projects. */
void results_national_sums(const stitch_plan *p, const stitch_result *r,
                           double people[RESULTS_NATIONAL + 1],
                           double value[RESULTS_NATIONAL + 1]);

/* The nine rows' numbers, titles and figures from people[k] and value[k]
 * (k = 1..9), as results_national_sums gives them; `tagged` and
 * `outcomes` are left to the caller. */
void results_national_rows(results_national rows[RESULTS_NATIONAL],
                           const double people[RESULTS_NATIONAL + 1],
                           const double value[RESULTS_NATIONAL + 1]);

/* Build the document from the base case r, the simulation mc (NULL: not
 * run) and the sensitivity s (NULL: not run). Returns NULL when out of
 * memory. Free with results_free (NULL is fine). */
results_doc *results_build(const stitch_plan *p, const stitch_result *r,
                           const stitch_mc_result *mc, const stitch_sensitivity *s);
void results_free(results_doc *d);

/* The chart with this HTML id, or NULL when the document has none. */
const results_chart *results_chart_find(const results_doc *d, const char *id);

/* A ratio as every report writes it: "1.26", or "not defined". */
char *results_ratio_text(char *buf, size_t n, double v);

/* ---- inputs in words: plan_input_label and plan_input_short_label (plan.h) */

/* A value of input i in the input's own unit, never in scientific
 * notation: money "£32,600", "£45.00"; a share "45%", "35.7%"; people or
 * units "84.2", "0.0667". "none" for NaN. Returns buf. */
char *results_input_value(char *buf, size_t n, const stitch_plan *p, size_t i, double v);

/* Input i as the model gives it, in its own unit: "£32,600 a year (fixed)",
 * "pert: min 60%, most likely 80%, max 95%", or for a number the user never
 * typed, where it comes from: "from uk-pssru-2024.csv: £135 in 2019/20 ×
 * 1.1034 uprating", "default: 0% (not in the model file)". Returns buf. */
char *results_input_given(char *buf, size_t n, const stitch_plan *p, size_t i);

/* A number for people, never in scientific notation: separators, and
 * enough decimals to show small values ("0.00042"). Returns buf. */
char *results_plain_number(char *buf, size_t n, double v);

/* The order to show the Sobol rows in: by total index, largest first
 * (n_sobol indices into s->sobol; the caller frees). NULL when out of
 * memory or there are none. */
size_t *results_sobol_order(const stitch_sensitivity *s);

/* A Sobol index or interval end as shown: clipped to [0, 1] (a share of
 * variance), three decimals, never "-0.000". Returns buf. */
char *results_sobol_text(char *buf, size_t n, double v);

/* ---- the value of information (docs/method.md section 11) ---------------- */

#include "information.h"

/* One input or group: its EVPPI in words, "£12,345 (±£210)". */
typedef struct {
    const info_target *t;
    results_fig value;
    char text[128];
    int negligible; /* could not change the decision: within 2 standard errors
                       of 0, or under 1% of the EVPI */
} results_evppi;

typedef struct results_evidence {
    const stitch_plan *p;
    const stitch_evidence *e;
    char basis[256];    /* as the business case's */
    char decision[512]; /* "With today's evidence the project should be funded: …" */
    char wrong[512];    /* the chance that decision is wrong */
    char evpi[512];     /* what perfect information would be worth at most */
    char before[512];   /* how the monitoring data changed it ("": no data) */
    results_fig evpi_fig, p_wrong;
    results_evppi *inputs, *groups; /* as the evidence's, in its order */
    char (*studies)[512];           /* one sentence per input studied */
    size_t n_studies;
    char negligible[1024]; /* the evidence that would not change the decision */
} results_evidence;

/* The words for the value of information, or NULL when out of memory. */
results_evidence *results_evidence_build(const stitch_plan *p, const stitch_evidence *e);
void results_evidence_free(results_evidence *d);


/* ---- a portfolio of projects (docs/method.md section 14) ----------------- */

#include "portfolio.h"

/* One project of a portfolio, in the portfolio's price year. */
typedef struct {
    const char *model, *name;
    results_fig cash, pvc, pvb, npv, bcr;
    results_fig npv_mean, npv_p5, npv_p95, p_npv_gt_0;
    const char *chosen; /* "chosen", "not chosen", or "" without a budget */
    char label[128];    /* for charts: the model file's name without ".cfg" */
} results_pf_project;

/* A staff group, capacity unit, payer or kind summed over the projects. */
typedef struct {
    const char *label;
    results_fig base, mean, p5, p95; /* p5, p95: NaN where not simulated */
    char line[512];                   /* the row in words */
} results_pf_row;

typedef struct {
    const stitch_portfolio *pf;
    char title[512];   /* "Portfolio: NAME" */
    char about[512];   /* projects, simulations, seed, price year */
    char streams[512]; /* what the joint simulation shares and what it does not */
    results_headline headline[RESULTS_HEADLINES]; /* the totals */
    results_fig cash, p_bcr_ge_1, p_npv_gt_0;
    char spread[512]; /* the totals' spread in words */
    results_pf_project *proj;
    size_t n;
    results_pf_row *staff, *capacity, *payers, kind[4];
    size_t n_staff, n_capacity, n_payers;
    /* the selection within the budget (has_selection 0: no budget) */
    int has_selection;
    results_fig budget, sel_cash, sel_npv, sel_p_npv_gt_0, p_beats;
    char chosen[3072], runner_up[3072], beats[512], caveat[768];
    /* the chart of each project's NPV, P5 to P95, and its mean */
    const char **chart_labels;
    double *chart_lo, *chart_hi;
    double chart_ref;
    /* the contribution to the National Health and Wellbeing Outcomes,
     * summed over the projects (docs/method.md section 13) */
    results_national national[RESULTS_NATIONAL];
    int national_tagged; /* how many of the nine some project's outcome names */
    char national_title[128], national_people_label[128], national_note[1024];
    const char *national_source;
} results_portfolio;

/* The portfolio's figures and words, or NULL when out of memory. */
results_portfolio *results_portfolio_build(const stitch_portfolio *pf);
void results_portfolio_free(results_portfolio *d);


/* ---- options side by side (docs/method.md section 12) -------------------- */

#include "compare.h"

/* One option of a comparison, in the words every report uses. */
typedef struct {
    const char *model, *name;
    char label[128]; /* for charts: the model file's name without ".cfg" */
    results_fig pvc, pvb, npv, bcr, npv_mean, npv_p5, npv_p95, bcr_p5, bcr_p95;
    results_fig p_bcr_ge_1, p_best;
    char heading[1024]; /* "1. NAME (MODEL)" */
    char base[512];     /* "PV of costs £…, PV of benefits £…, NPV £…, BCR 1.25" */
    char spread[512];   /* "In 9 out of 10 simulations the BCR lies …" ("": no BCR) */
    char best[256];     /* "Chance it has the highest NPV of the options: 53%" */
} results_cmp_option;

/* One pair of options, each pair once (a before b). */
typedef struct {
    size_t a, b;
    results_fig p_a_better, diff_mean, diff_p5, diff_p95;
    char line[1536];    /* A against B: how often and by how much A's NPV is higher */
    char dearer[1536];  /* what the dearer option buys (the incremental BCR) */
} results_cmp_pair;

typedef struct {
    const stitch_comparison *c;
    char title[256];   /* "Comparing 2 options: 10,000 simulations each, seed 1" */
    char shared[256];  /* what draws the same values in every option */
    char ranking[4096];
    char pairs_title[256];
    results_cmp_option *opt;
    size_t n;
    results_cmp_pair *pairs;
    size_t n_pairs;
    /* the chart of each option's NPV, P5 to P95 */
    const char **chart_labels;
    double *chart_lo, *chart_hi;
} results_comparison;

/* The comparison's figures and words, or NULL when out of memory. */
results_comparison *results_comparison_build(const stitch_comparison *c);
void results_comparison_free(results_comparison *d);

/* The generator and stream scheme of sample.c, as reports name it. */
#define STITCH_RNG_NAME "gsl taus2, one stream per input per block of 4096 iterations"

/* How a simulation drew its random numbers, as the reports name it: the
 * generator and its streams for mc (STITCH_RNG_NAME, also for mc NULL), or
 * the design and its replicates for lhs and qmc (docs/method.md section
 * 7.1). */
const char *results_rng_name(const stitch_mc_result *mc);

#endif
