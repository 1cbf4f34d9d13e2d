/* model.h — the parsed model file, before linking (stage 1). */
#ifndef STITCH_MODEL_H
#define STITCH_MODEL_H

#include "dist.h"
#include "util.h"

/* A number of the model: a plain value or a distribution, with its path. */
typedef struct {
    stitch_dist dist;
    dist_domain domain;
    int line;
    char *path;
    int given; /* 0 when the default (docs/method.md section 2) was used */
} model_num;

enum { CONF_HIGH, CONF_MEDIUM, CONF_LOW, CONF_NONE, CONF_COUNT };
extern const char *const confidence_names[]; /* high, medium, low, none */

/* The steps of an outcome map (Matter of Focus's OutNav), in causal order:
 * outputs are "what we do" and "who with"; outcomes go on from there. */
enum {
    OUTCOME_STEP_DO,
    OUTCOME_STEP_WHO,
    OUTCOME_STEP_FEEL,
    OUTCOME_STEP_LEARN,
    OUTCOME_STEP_BEHAVE,
    OUTCOME_STEP_DIFFERENCE,
    OUTCOME_STEPS
};
extern const char *const outcome_step_names[]; /* "what we do", ... */

/* How far a project has got with an outcome: none, some, good. */
enum { PROGRESS_NONE, PROGRESS_SOME, PROGRESS_GOOD, PROGRESS_COUNT };
extern const char *const progress_names[];

/* A discount schedule: a constant rate or a Green Book schedule. */
typedef enum { DISC_RATE, DISC_GREEN_BOOK, DISC_GREEN_BOOK_HEALTH } disc_kind;
typedef struct {
    disc_kind kind;
    double rate;
    int line;
    int given;
} model_discount;

typedef struct {
    char *id, *text, *evidence, *notes;
    int line, once;
    model_num amount;
    /* One amount per delivery year (docs/method.md section 4.1), or none:
     * then `amount` holds every year's. */
    model_num *amount_year;
    size_t n_amount_year;
    char *funder; /* who pays (NULL: not stated) */
} model_cost;

typedef struct {
    char *id, *text, *evidence, *notes;
    int line, confidence; /* -1 when not given */
    int confidence_line;  /* 0 when not given */
    model_num count;
    /* One count per delivery year, or none: then `count` holds every year's. */
    model_num *count_year;
    size_t n_count_year;
    model_num initial; /* the caseload at the start; given == 0: none */
} model_output;

typedef struct {
    char *id, *text, *from, *evidence, *notes;
    int line, from_line, confidence;
    int confidence_line; /* 0 when not given */
    model_num rate;
    /* Where the outcome sits on an outcome map, and what it contributes to
     * (docs/model-reference.md section 8): -1 and 0 when not given. */
    int step, step_line;         /* one of OUTCOME_STEP_* */
    int progress, progress_line; /* one of PROGRESS_* */
    unsigned national;           /* bit k: National Health and Wellbeing Outcome k (1-9) */
    int national_line;           /* 0: national_outcomes not given */
    char *measure;               /* how it is measured (NULL: not said) */
} model_outcome;

typedef struct {
    char *id, *text, *outcome, *unit_cost, *payer, *evidence, *notes;
    int line, outcome_line, unit_cost_line, confidence;
    int is_value, economic;
    int lag, duration;
    int confidence_line, duration_line; /* 0 when not given */
    model_num value, quantity, drop_off, deadweight, displacement, attribution;
    model_discount discount; /* given == 0: the model's */
    char *stakeholder;       /* who gains (NULL: not stated) */
} model_benefit;

typedef struct {
    char *code;
    model_num cost;
} model_override;

/* A declared rank correlation between two inputs, by path. */
typedef struct {
    char *a, *b;
    double rho;
    int line, a_line, b_line, rho_line;
} model_correlation;

/* A named what-if: inputs set to plain values. */
typedef struct {
    char *path;
    double value;
    int line;
} model_setting;

typedef struct {
    char *name;
    model_setting *set;
    size_t n_set;
    int line;
} model_scenario;

struct stitch_model {
    char *file, *name, *organisation, *price_year;
    int price_year_line, years, delivery_years, years_line, delivery_line;
    model_discount discount;
    char **tables;
    size_t n_tables;
    int tables_line;
    char *tables_near;    /* a near miss of unit_costs (unit_cost), when absent */
    int tables_near_line; /* its line */
    long iterations;
    unsigned long seed;
    char *need_text, *need_source;
    int need_line;
    model_num population;
    model_cost *costs;
    model_output *outputs;
    model_outcome *outcomes;
    model_benefit *benefits;
    model_override *overrides;
    model_correlation *correlations;
    model_scenario *scenarios;
    size_t n_costs, n_outputs, n_outcomes, n_benefits, n_overrides, n_correlations;
    size_t n_scenarios;
    int has_ob, ob_line;
    double ob[CONF_COUNT];
    diag_list warnings;
    /* monitoring tables (docs/method.md section 8.4), as written */
    char **monitoring;
    size_t n_monitoring;
    int monitoring_line;
};

/* 1 when s is a price year "YYYY/YY" with consecutive years. */
int price_year_valid(const char *s);

#endif
