/* plan.h — the flat evaluation plan (stage 3's product).
 *
 * Everything an iteration needs, as arrays indexed by number: no strings
 * and no lookups on the hot path. Names and evidence are kept beside, for
 * reports. Nodes are outputs and outcomes in one array, parents first. */
#ifndef STITCH_PLAN_H
#define STITCH_PLAN_H

#include "dist.h"
#include "stitch/stitch.h"
#include "util.h"

/* What an input is in the model, so that later stages never read it off
 * the path: the adjustments (deadweight to drop-off) are shares that take
 * value away from a benefit. */
typedef enum {
    ROLE_COST,      /* a cost line's amount */
    ROLE_COUNT,     /* an output's people per delivery year */
    ROLE_RATE,      /* an outcome's share of the step before it */
    ROLE_UNIT_COST, /* a unit cost from a table (or its override) */
    ROLE_QUANTITY,  /* units avoided per person */
    ROLE_VALUE,     /* a benefit's value per person */
    ROLE_DEADWEIGHT,
    ROLE_DISPLACEMENT,
    ROLE_ATTRIBUTION,
    ROLE_DROP_OFF
} input_role;

/* 1 for the adjustments: deadweight, displacement, attribution, drop-off. */
static inline int role_is_adjustment(input_role r)
{
    return r >= ROLE_DEADWEIGHT;
}

typedef struct {
    char *path;
    stitch_dist dist;
    dist_domain domain;
    input_role role;
    int line;
    int given; /* 0: a default the model file did not write */
} plan_input;

typedef struct {
    size_t amount; /* input (year 0's when per_year) */
    int once;
    char *id, *text;
    char *evidence; /* NULL when the model gives none */
    int per_year;  /* 1: year y's amount is input amount + y */
    size_t funder; /* index in the plan's funders */
} plan_cost;

typedef struct {
    long parent; /* node index, -1 for an output */
    size_t in;   /* count (output) or rate (outcome) input */
    int confidence;
    char *id, *text, *evidence;
    int per_year; /* output: 1 when year y's count is input in + y */
    long initial; /* output: the caseload input, -1 none */
    int varies;   /* 1 when its people differ between delivery years */
    /* The outcome map (docs/method.md section 13): an outcome's step and
     * progress (-1: not given; an output's step is -1), the National Health
     * and Wellbeing Outcomes it is tagged with (bit k for outcome k) and how
     * it is measured (NULL: not said). */
    int step, progress;
    unsigned national;
    char *measure;
} plan_node;

enum { BKIND_UNIT_COST, BKIND_ECONOMIC, BKIND_SOCIAL };

typedef struct {
    size_t node, quantity, price, drop_off, deadweight, displacement, attribution;
    int lag, duration, kind, confidence;
    size_t sched;    /* discount schedule */
    double ob;       /* optimism-bias share */
    double cashable; /* unit-cost benefits */
    double minutes;  /* NaN when not time-based */
    long staff;      /* staff group index, -1 none */
    size_t payer;
    char *id, *text, *code, *unit, *evidence, *source;
    long capacity; /* capacity unit index (unit-cost benefits), -1 none */
    size_t stakeholder; /* index in the plan's stakeholders */
} plan_benefit;

/* A unit cost used by the model, with its uprating. */
typedef struct {
    char *code, *service, *unit, *price_year, *source, *table;
    double table_cost, factor; /* cost in the table's year, and the uprating factor */
    int overridden;
    size_t input; /* the input holding the model-year cost */
} plan_unit_cost;

/* A declared rank correlation, for reports. */
typedef struct {
    size_t a, b; /* input indices */
    double rho;
    int line;
} plan_correlation;

/* A named what-if from the model: inputs set to plain values. */
typedef struct {
    char *name;
    size_t n;
    size_t *input;
    double *value;
} plan_scenario;

/* An input updated by the service's monitoring data (docs/method.md
 * section 8.4): the prior the model gave, the data pooled over their rows,
 * and the posterior the plan now uses. */
typedef struct {
    size_t input;               /* the plan input */
    int rate;                   /* 1: an outcome's rate (binomial); 0: an output's count
                                   (Poisson) */
    double achieved, of, years; /* pooled; `of` NaN for an output, `years` NaN for an
                                   outcome */
    char *periods;              /* the periods pooled, "2025/26 H1 and 2025/26 H2" */
    char *file;                 /* the file and line of its first row */
    int line;
    int used;                     /* 0: a plain number, which no data can move */
    stitch_dist prior, posterior; /* posterior == prior when not used */
    dist_table *table;            /* behind a tabulated posterior, or NULL */
    double prior_mean, prior_p5, prior_p95, mean, p5, p95;
    double p_predictive; /* two-sided prior-predictive probability of data at least
                            this extreme (NaN: not worked out) */
} plan_update;

struct stitch_plan {
    int years, delivery_years;
    char *name, *organisation, *price_year, *model_file;
    long iterations;
    unsigned long seed;
    plan_input *inputs;
    size_t n_inputs;
    size_t *uncertain; /* the inputs that are distributions, in input order */
    size_t n_uncertain;
    /* Correlated inputs: their columns among `uncertain`, and the lower
     * Cholesky factor (n_corr x n_corr) of the normal-scale matrix. */
    size_t *corr_col;
    size_t n_corr;
    double *corr_chol;
    plan_correlation *corr_pairs;
    size_t n_corr_pairs;
    plan_scenario *scenarios;
    size_t n_scenarios;
    plan_cost *costs;
    size_t n_costs;
    plan_node *nodes;
    size_t n_nodes;
    plan_benefit *benefits;
    size_t n_benefits;
    plan_unit_cost *unit_costs;
    size_t n_unit_costs;
    char **staff, **payers;
    size_t n_staff, n_payers;
    double *staff_fte_hours; /* yearly working hours per staff group, NaN unknown */
    double *df;              /* discount factors: n_sched rows of `years` */
    size_t n_sched;
    char **sched_names; /* "3.5%", "green-book" */
    char *need_text;
    stitch_dist population;
    char **tables, **table_years; /* for the report's meta */
    size_t n_tables;
    /* What linking found worth saying: the tables' warnings, then the
     * plan's own (stitch_plan_warnings). The model keeps only its own. */
    diag_list warnings;
    /* What unit-cost benefits free, by the table's unit without a leading
     * "per " ("bed-day", "consultation"), in order of first use
     * (docs/method.md section 4.13). */
    char **capacity_units;
    size_t n_capacity;
    /* Monitoring (docs/method.md section 8.4): the files read, the inputs they
     * updated, and the headline of the case without the data when the caller
     * has worked it out (stitch_plan_set_before). */
    char **monitoring_files;
    size_t n_monitoring_files;
    plan_update *updates;
    size_t n_updates;
    int has_before;
    double before_bcr, before_npv, before_p_bcr_ge_1, before_break_even;
    /* Who pays for the cost lines and who gains from the benefits, in the
     * order first named; "not stated" for those that name none. */
    char **funders, **stakeholders;
    size_t n_funders, n_stakeholders;
    /* A project of a portfolio (docs/method.md section 14): its own inputs'
     * streams are seeded with this salt too (sample_stream_salt of its file
     * name), its unit costs' are not; 0 outside a portfolio. */
    unsigned long stream_salt;
};

/* The distribution the model file gave input i: its prior when monitoring
 * data updated it, else the one in use. */
static inline const stitch_dist *plan_input_given(const stitch_plan *p, size_t i)
{
    for (size_t k = 0; k < p->n_updates; k++)
        if (p->updates[k].input == i && p->updates[k].used)
            return &p->updates[k].prior;
    return &p->inputs[i].dist;
}

/* ---- inputs in words, for the tables people read (link.c) ---------------- */

/* Input i's item and what it is, in words: "Wellbeing value of reduced
 * loneliness — value", "Befriending coordinator — amount a year". Its path
 * is the secondary label. Returns buf. */
char *plan_input_label(char *buf, size_t n, const stitch_plan *p, size_t i);

/* The same, briefly, for a chart: the item cut to its first `chars`
 * characters with an ellipsis, and what it is in a word or two:
 * "Wellbeing value of… — deadweight". */
char *plan_input_short_label(char *buf, size_t n, const stitch_plan *p, size_t i,
                                size_t chars);

/* Each node's benefits, in model order: node k's are
 * (*item)[(*start)[k] .. (*start)[k + 1]). The caller frees both arrays
 * (also on failure). Returns 0, or -1 when out of memory. */
int plan_benefits_by_node(const stitch_plan *p, size_t **start, size_t **item);

/* The name under which a cost line without a funder, or a benefit without
 * a stakeholder, is counted. */
#define PLAN_NOT_STATED "not stated"

/* Discount factor of schedule s in year t. */
static inline double plan_df(const stitch_plan *p, size_t s, int t)
{
    return p->df[s * (size_t)p->years + (size_t)t];
}

/* Yearly rate of a discount schedule in year k >= 1 (Green Book tables). */
double discount_rate(int kind, double rate, int k);

#endif
