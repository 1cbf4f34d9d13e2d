/*
 * stitch — prevention cost–benefit and logic-model calculator.
 *
 * The library follows the pipeline of a business case:
 *
 *   stitch_model_load      parse a libconfig model file
 *   stitch_costbook_load   load PSSRU-style unit-cost tables and the index
 *   stitch_plan_compile    link and validate; compile a flat evaluation plan
 *   stitch_plan_monitor    update the plan with the service's own monitoring data
 *   stitch_lint_run        the warnings a reviewer would raise (stitch check)
 *   stitch_plan_base       the input vector with every number at its mean
 *   stitch_eval            evaluate one input vector (docs/method.md section 4)
 *   stitch_report_*        print the results for people or programs
 *
 * Each stage reads what the stages before it made and never changes it:
 * warnings come back with the object of the stage that found them (the
 * model, the plan, the lint result), in the order a program should show
 * them.
 *
 * Ownership: every object returned by a *_load, *_compile, *_run or *_alloc
 * call belongs to the caller and is released by the matching *_free, which
 * accepts NULL. Strings returned by accessors belong to the object they came
 * from and live as long as it does. The library never prints (except through
 * the report functions, to the stream they are given) and never exits.
 */
#ifndef STITCH_H
#define STITCH_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Everything declared here is libstitch's public interface; the library is
 * built with hidden visibility, and its installed archive keeps only these
 * symbols global (every one named stitch_*). */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

/* Stable status codes. A warning is a stitch_diag with status STITCH_OK:
 * something worth saying that stopped nothing. */
typedef enum {
    STITCH_OK = 0,
    STITCH_EINPUT,  /* a model, table or argument is malformed or inconsistent */
    STITCH_EIO,     /* a file could not be read or written */
    STITCH_ENOMEM,  /* out of memory */
    STITCH_ENUMERIC /* a numerical routine failed */
} stitch_status;

/* A short English description of a status code; never NULL. */
const char *stitch_strerror(stitch_status status);

/*
 * A diagnostic: an error or a warning about one place in one file.
 * `file` is the file as named by the user, `line` its line (0 when the
 * message is about the whole file), `path` the model path of the number or
 * key (`benefits.gp.attribution`) or a table column, and `message` says what
 * is wrong in plain words. Callers own it (usually on the stack).
 */
typedef struct {
    stitch_status status;
    int line;
    char file[512];
    char path[256];
    char message[768];
} stitch_diag;

/*
 * Format a diagnostic in the one house style:
 *   stitch: befriending.cfg:41: benefits.gp.attribution: 1.4 is not a share ...
 * `kind` is "" for errors and "warning: " for warnings. Writes at most n bytes
 * (NUL included) to buf and returns buf.
 */
char *stitch_diag_format(const stitch_diag *d, const char *kind, char *buf, size_t n);

/*
 * Initialise the library: call it once, first, before any other stitch
 * function and before starting threads. It turns off GSL's default error
 * handler, which would abort the whole program on a numerical failure;
 * stitch checks the status of every GSL call instead.
 */
void stitch_init(void);

/* ---- stage 1: the model file ------------------------------------------ */

typedef struct stitch_model stitch_model;

/*
 * Parse and check the model file `file` (libconfig syntax, docs/method.md section 2).
 * Returns a model or NULL with *err filled in. Unknown keys and other
 * non-fatal problems are kept as warnings (stitch_model_warnings).
 */
stitch_model *stitch_model_load(const char *file, stitch_diag *err);
void stitch_model_free(stitch_model *m);

/* Warnings found while loading the model file, in file order; `*n`
 * receives the count. Later stages never add to them. */
const stitch_diag *stitch_model_warnings(const stitch_model *m, size_t *n);

/* The model's unit-cost table names as written, in order. */
size_t stitch_model_table_count(const stitch_model *m);
const char *stitch_model_table(const stitch_model *m, size_t i);
const char *stitch_model_file(const stitch_model *m);

/* ---- stage 2: unit-cost tables ------------------------------------------ */

typedef struct stitch_costbook stitch_costbook;

/*
 * Find a table or index file called `name`: beside the model (`model_dir`),
 * then in each directory of `dirs` (NULL-terminated, may be NULL). Returns a
 * newly allocated path the caller frees, or NULL with errno ENOENT when none
 * exists, or ENOMEM when out of memory.
 */
char *stitch_costbook_find(const char *name, const char *model_dir,
                           const char *const *dirs);

/*
 * The directories searched after the model's own: those in the environment
 * variable STITCH_UNITCOSTS_PATH (colon-separated), then the installed
 * unit-cost directory. Static storage; NULL-terminated.
 */
const char *const *stitch_costbook_default_dirs(void);

/*
 * Load the model's unit-cost tables and the inflation index `indices.csv`,
 * each found with stitch_costbook_find. Returns NULL with *err on failure.
 */
stitch_costbook *stitch_costbook_load_for(const stitch_model *m, const char *const *dirs,
                                          stitch_diag *err);

/* Load explicit files: `n` table paths and one index path. */
stitch_costbook *stitch_costbook_load(const char *const *tables, size_t n,
                                      const char *indices, stitch_diag *err);
void stitch_costbook_free(stitch_costbook *cb);

/* ---- stage 3: link, validate and compile -------------------------------- */

typedef struct stitch_plan stitch_plan;

/*
 * Link the model to the tables: resolve ids, `from` links, unit-cost codes
 * and price years, then compile the flat evaluation plan. Neither model
 * nor costbook is changed; the plan copies what it needs, so both may be
 * freed as soon as this returns. Returns NULL with *err on failure.
 */
stitch_plan *stitch_plan_compile(const stitch_model *m, const stitch_costbook *cb,
                                 stitch_diag *err);
void stitch_plan_free(stitch_plan *p);

/*
 * Warnings found while loading the tables and linking: the tables' own
 * (a code defined twice, a file read as Windows-1252), then the plan's
 * (a benefit that runs past the last year, an override no benefit uses).
 * Show them after the model's (stitch_model_warnings). `*n` receives the
 * count; the array lives as long as the plan.
 */
const stitch_diag *stitch_plan_warnings(const stitch_plan *p, size_t *n);

/* Counts and names in a plan, for reports. */
size_t stitch_plan_input_count(const stitch_plan *p);
const char *stitch_plan_input_path(const stitch_plan *p, size_t i);
/* 1 when input i is a distribution, 0 when it is a fixed number. */
int stitch_plan_input_uncertain(const stitch_plan *p, size_t i);

/* ---- stage 3b: lint (stitch check) ----------------------------------------- */

typedef struct stitch_lint_result stitch_lint_result;

/*
 * The weaknesses a funder's reviewer would question in a linked model
 * (docs/model-reference.md, section 17): a claim without evidence, all the
 * credit claimed, benefits that never fade, a saving counted twice, costs
 * without staff. The result holds every warning about the model, in the
 * order to show them: the model's, the plan's and the lint rules', sorted
 * by line of the model file, then those without a line, then those about
 * other files. Reads m and p without changing them; m may be freed once
 * this returns. Returns NULL with *err on failure (out of memory, or
 * STITCH_ENUMERIC); free with stitch_lint_free.
 */
stitch_lint_result *stitch_lint_run(const stitch_model *m, const stitch_plan *p,
                                    stitch_diag *err);
/* The warnings of a lint result; `*n` receives the count. */
const stitch_diag *stitch_lint_warnings(const stitch_lint_result *l, size_t *n);
void stitch_lint_free(stitch_lint_result *l);

/* ---- stage 3c: monitoring data (docs/method.md section 8.4) ------------------------ */

/*
 * Update the plan with the service's own monitoring records: the CSV files
 * the model's `monitoring` key names, found beside the model (m is the
 * model p was compiled from). Each observed input's distribution becomes
 * its posterior given the data (an outcome's rate: `achieved` of `of`, a
 * binomial; an output's count: `achieved` in `years` years, a Poisson);
 * the base case then uses the posterior mean. Warnings (a plain number no
 * data can move, data that disagree with the assumption) join the plan's
 * (stitch_plan_warnings). A model without the key leaves p as it is.
 * Call it once, before anything reads p (a second call does nothing).
 * Returns STITCH_OK, or an error with *err naming the file, line and
 * column at fault; p is then only fit to be freed.
 */
stitch_status stitch_plan_monitor(stitch_plan *p, const stitch_model *m,
                                  stitch_diag *err);

/* How many inputs the monitoring data updated (0: none, or no data). */
size_t stitch_plan_update_count(const stitch_plan *p);

/* With prior = 1, put every updated input back to its prior (the case
 * without the data); with 0, to its posterior again. For working out the
 * case before the data, to give to stitch_plan_set_before (stage 5). */
void stitch_plan_use_prior(stitch_plan *p, int prior);

/* ---- stage 4: evaluation ------------------------------------------------- */

/*
 * Results of evaluating one input vector. Arrays are sized by the plan
 * (stitch_result_alloc) and indexed as the plan's benefits, payers, staff
 * groups and outcomes. A value that does not exist (a BCR without costs, a
 * payback that never comes) is NaN here and `null` or "not defined" in
 * reports; `payback_year` is -1 when the project never pays back.
 */
typedef struct {
    double pvb, pvc, bcr, npv, roi;
    int payback_year;
    double contribution_pvb, contribution_bcr, contribution_npv;
    double break_even_attribution;
    double kind[4];       /* cashable, non-cashable, economic, social */
    double *by_benefit;   /* PV of each benefit (attribution view) */
    double *units;        /* attributed units avoided per benefit, undiscounted */
    double *by_payer;     /* PV by payer */
    double *hours;        /* time freed per staff group, hours, undiscounted */
    double *people;       /* people per delivery year reaching each node */
    double *year_benefit; /* discounted benefit in each year t */
    double *year_cost;    /* discounted cost in each year t */
    /* The cash flow (docs/method.md section 4.9), undiscounted: */
    double *year_cost_cash; /* cost in each year t */
    double *year_kind;      /* attributed benefit in year t of each kind: [4 * t + kind] */
    double *capacity;       /* attributed units freed per capacity unit of the plan
                               (what unit-cost benefits free: bed-days, visits),
                               undiscounted */
    double *year_sched;     /* attributed benefit in year t of the benefits
                               discounted with schedule s: [s * years + t] */
    /* People reaching node k in the cohort of delivery year y, at
     * people_year[k * delivery_years + y] (an existing caseload joins year
     * 0's); `people` above is their mean over the delivery years. */
    double *people_year;
    double *by_funder;      /* PV of the cost lines of each funder */
    double *funder_cash;    /* their undiscounted total, per funder */
    double *by_stakeholder; /* PV of the benefits of each stakeholder */
} stitch_result;

enum {
    STITCH_KIND_CASHABLE,
    STITCH_KIND_NONCASHABLE,
    STITCH_KIND_ECONOMIC,
    STITCH_KIND_SOCIAL
};

stitch_result *stitch_result_alloc(const stitch_plan *p);
void stitch_result_free(stitch_result *r);

/* Fill `x` (length stitch_plan_input_count) with every input at its mean. */
void stitch_plan_base(const stitch_plan *p, double *x);

/* Evaluate the plan at input vector `x` into `r`. Never allocates. */
void stitch_eval(const stitch_plan *p, const double *x, stitch_result *r);

/*
 * STITCH_OK when every present value in r is finite; else STITCH_EINPUT
 * with *err naming the benefit (or the totals) that overflowed, so that no
 * infinity reaches a report.
 */
stitch_status stitch_result_check(const stitch_plan *p, const stitch_result *r,
                                  stitch_diag *err);

/* ---- stage 3b again: the checks on the base case (stitch check) ------------ */

/*
 * The checks that need the base case r of plan p (the plan and result of
 * the same model as l): a case whose value rests more than 90% on one
 * benefit. They join l's warnings, which stay in line order. Returns
 * STITCH_OK, or STITCH_ENOMEM with *err filled in.
 */
stitch_status stitch_lint_case(stitch_lint_result *l, const stitch_plan *p,
                               const stitch_result *r, stitch_diag *err);

/* ---- stage 5: Monte Carlo ------------------------------------------------ */

#define STITCH_HIST_BINS 40

/* Summary of one output over the simulations. `mcse` is the Monte Carlo
 * standard error of the mean (sd / sqrt(iterations)). With fewer than 2
 * simulations `sd` and `mcse` cannot be estimated and are NaN. */
typedef struct {
    double mean, sd, mcse, p5, p25, p50, p75, p95;
} stitch_summary;

typedef struct {
    long iterations;
    unsigned long seed;
    int threads;
    stitch_summary pvb, pvc, bcr, npv, roi;
    int bcr_defined;          /* 0 when no simulation had costs (no BCR at all) */
    long no_bcr;              /* simulations without costs, so without a BCR: left
                                 out of the BCR and ROI summaries, the histogram of
                                 the BCR and P(BCR >= 1) */
    stitch_summary *hours;    /* time freed per staff group of the plan */
    double p_bcr_ge_1;        /* share of simulations with costs whose PVB >= PVC
                                 (NaN when none had costs) */
    double p_bcr_ge_1_mcse;   /* its Monte Carlo standard error (NaN: fewer than 2) */
    double p_npv_gt_0;        /* share with PVB > PVC */
    double *payback_by;       /* share paid back by each year t = 0..years-1 */
    double *cost_per_outcome; /* mean PVC / people over delivery, per plan node,
                                 over the simulations in which someone reaches it
                                 (NaN when nobody does in any) */
    long *no_outcome;         /* per plan node: simulations in which nobody reaches
                                 it, left out of its mean cost per outcome */
    /* Histogram of the BCR (of the NPV when the BCR is not defined): shares
     * of simulations in STITCH_HIST_BINS equal bins from hist_lo to hist_hi
     * (the 0.5th and 99.5th percentiles), and below and above them. */
    int hist_of_npv;
    double hist_lo, hist_hi, hist_below, hist_above;
    double hist[STITCH_HIST_BINS];
    double precision;  /* the target of stitch_mc_run_to_precision, 0 when not asked */
    int precision_met; /* 1 when both standard errors reached it (never on 1 run) */
    stitch_summary *capacity; /* units freed per capacity unit of the plan */
    /* The undiscounted net (benefits minus costs) of each year t, P5 and P95
     * over the first `net_iterations` simulations (all of them unless the
     * iterations times the years exceed 2^26 = 67,108,864). */
    double *net_p5, *net_p95;
    long net_iterations;
    stitch_summary *by_stakeholder; /* PV of each stakeholder's benefits */
    stitch_summary *people; /* people reaching each plan node over the delivery
                               years (its people a year times the delivery years) */
    /* How the simulations were drawn (docs/method.md section 7.1): with
     * lhs and qmc every `mcse` above, and p_bcr_ge_1_mcse, come from the
     * spread of `replicates` independent replicates, not the iid formula. */
    int sampling;   /* a stitch_sampling */
    int replicates; /* 0 for mc */
    const char *points; /* lhs and qmc: "Sobol'", "Halton" or "Latin hypercube" */
} stitch_mc_result;

/* How the simulation draws its inputs (docs/method.md sections 7 and 7.1):
 * one random stream per input (mc, the default), a Latin hypercube (lhs),
 * or scrambled quasi-random points (qmc: Sobol' up to 40 uncertain inputs,
 * Halton above). */
typedef enum { STITCH_SAMPLING_MC, STITCH_SAMPLING_LHS, STITCH_SAMPLING_QMC } stitch_sampling;

/* Independent replicates of an lhs or qmc design, whose spread gives the
 * standard errors. */
#define STITCH_REPLICATES 16

/* "mc", "lhs", "qmc"; and back: 0 and *s, or -1 for an unknown name. */
const char *stitch_sampling_name(stitch_sampling s);
int stitch_sampling_from_name(const char *name, stitch_sampling *s);

/*
 * How far a step that may take a while has got: `step` says what it is
 * ("Sobol indices: evaluating the model"), `fraction` runs from 0 (the step
 * starts) to 1 (it is over), reported at most a thousand times a step. It
 * may be called from any of the library's threads, one call at a time, and
 * must not call back into the library.
 */
typedef void (*stitch_progress_fn)(const char *step, double fraction, void *ctx);

/*
 * stitch_mc_run (target 0) or stitch_mc_run_to_precision (target > 0) with
 * the inputs drawn by `sampling`. With lhs and qmc the iterations form
 * STITCH_REPLICATES replicates (iteration i is in replicate i mod 16), so
 * at least 32 iterations are needed for a standard error; results are
 * byte-identical whatever the thread count, as with mc.
 */
stitch_mc_result *stitch_mc_run_sampled(const stitch_plan *p, long iterations, double target,
                                        unsigned long seed, int threads,
                                        stitch_sampling sampling, stitch_diag *err);

/* Everything stitch_mc_run_sampled takes, and who hears how far it has
 * got: the simulations block by block (for a fixed number of them), then
 * the summaries. */
typedef struct {
    long iterations; /* the most to run under a precision target */
    double target;   /* 0: run them all */
    unsigned long seed;
    int threads; /* 0: one per processor */
    stitch_sampling sampling;
    stitch_progress_fn progress; /* NULL: none */
    void *progress_ctx;
} stitch_mc_options;

stitch_mc_result *stitch_mc_run_with(const stitch_plan *p, const stitch_mc_options *o,
                                     stitch_diag *err);

/*
 * Run `iterations` simulations (docs/method.md sections 4 and 7) with `threads`
 * threads (0: one per processor). Every uncertain input is drawn once per
 * iteration from its own stream; results are byte-identical for the same
 * plan, seed and iterations whatever the thread count. Returns NULL with
 * *err on failure; free with stitch_mc_free.
 */
stitch_mc_result *stitch_mc_run(const stitch_plan *p, long iterations, unsigned long seed,
                                int threads, stitch_diag *err);

/*
 * Run whole blocks of simulations until the Monte Carlo standard errors of
 * the mean BCR and of P(BCR >= 1) are both at most `target` (0 < target <
 * 1), or `max_iterations` are done. Starts with 16,384 iterations and grows
 * by the square-root law; which iterations run depends only on the plan,
 * seed and target, so the result equals stitch_mc_run with the iteration
 * count it reports. Sets `precision` and `precision_met`.
 */
stitch_mc_result *stitch_mc_run_to_precision(const stitch_plan *p, double target,
                                             long max_iterations, unsigned long seed,
                                             int threads, stitch_diag *err);
void stitch_mc_free(stitch_mc_result *mc);

/* The iterations and seed a model file asks for (simulation group). */
long stitch_plan_iterations(const stitch_plan *p);
unsigned long stitch_plan_seed(const stitch_plan *p);

/* Keep the headline of the case without the monitoring data, for the
 * reports' "what the data changed": its base case, worked out with
 * stitch_plan_use_prior(p, 1), and its simulation (mc may be NULL). */
void stitch_plan_set_before(stitch_plan *p, const stitch_result *base,
                            const stitch_mc_result *mc);

/* ---- stage 5b: sensitivity (docs/method.md section 5) --------------------------- */

typedef struct stitch_sensitivity stitch_sensitivity;

typedef struct {
    const char *grid_a, *grid_b; /* input paths; NULL: attribution x top tornado input */
    int grid_n;                  /* points per side, 2..21; 0: 5 */
    long sobol_n;                /* Sobol base sample; 0: the default; -1: skip Sobol */
    unsigned long seed;          /* for the Sobol sample and its bootstrap */
    int threads;                 /* threads (0: one per processor); the tables do not
                                    depend on it */
    stitch_progress_fn progress; /* NULL: none; the one-way tables, and Sobol's
                                    evaluations and bootstrap */
    void *progress_ctx;
} stitch_sensitivity_options;

/*
 * Work out every table of docs/method.md section 5 for a plan: tornado, switching
 * values, scenarios, the two-way grid, horizon and discount, attribution
 * by benefit and Sobol indices. Returns NULL with *err on failure. A grid
 * axis that names no input of the plan (or the same input twice) is
 * STITCH_EINPUT with err->path the option at fault, "grid_a" or "grid_b",
 * and err->file empty. Free with stitch_sensitivity_free.
 */
stitch_sensitivity *stitch_sensitivity_run(const stitch_plan *p,
                                           const stitch_sensitivity_options *o,
                                           stitch_diag *err);
void stitch_sensitivity_free(stitch_sensitivity *s);

/* ---- stage 5c: the value of information (docs/method.md section 11) ------- */

typedef struct stitch_evidence stitch_evidence;

/* Simulations `stitch evidence` runs unless told, and the fewest it accepts. */
#define STITCH_EVIDENCE_DEFAULT 100000
#define STITCH_EVIDENCE_MIN 10000

typedef struct {
    long iterations;    /* 0: STITCH_EVIDENCE_DEFAULT */
    unsigned long seed; /* the simulation's seed (the draws are `run`'s) */
    int threads;        /* threads for the regressions (0: one per processor);
                           the results do not depend on it */
} stitch_evidence_options;

/*
 * What finding out would be worth to the decision to fund the project:
 * EVPI, each uncertain input's and each group's EVPPI, and the EVSI of a
 * study of each outcome rate (n = 10 ... 250 people) and output count (one
 * year's records). Fewer than STITCH_EVIDENCE_MIN simulations is
 * STITCH_EINPUT with err->path "iterations". Free with stitch_evidence_free.
 */
stitch_evidence *stitch_evidence_run(const stitch_plan *p, const stitch_evidence_options *o,
                                     stitch_diag *err);
void stitch_evidence_free(stitch_evidence *e);

/* Record in e the EVPI of `before`, the same analysis with the monitoring
 * data left out (stitch_plan_use_prior), so that reports say how much the
 * data reduced it (docs/method.md section 11.4). */
void stitch_evidence_set_before(stitch_evidence *e, const stitch_evidence *before);

/* ---- options side by side (docs/method.md section 12) --------------------- */

typedef struct stitch_comparison stitch_comparison;

/*
 * Simulate n options for the same need (n >= 2) with one seed, so that
 * inputs they share (the same path, or the same unit-cost code) get the
 * same draws and the differences are paired. names[i] is how option i is
 * named (the model's path as given). threads as for stitch_mc_run. Returns
 * NULL with *err on failure. Free with stitch_comparison_free.
 */
stitch_comparison *stitch_compare_run(const stitch_plan *const *plans,
                                      const char *const *names, size_t n, long iterations,
                                      unsigned long seed, int threads, stitch_diag *err);
void stitch_comparison_free(stitch_comparison *c);

/* ---- a portfolio of projects (docs/method.md section 13) ------------------ */

typedef struct stitch_portfolio_file stitch_portfolio_file;
typedef struct stitch_portfolio stitch_portfolio;

/*
 * Parse the portfolio file `file` (libconfig: name, optional budget and
 * price_year, models = ("a.cfg", ...) relative to the file's folder). Every
 * model must exist and be listed once; the budget cannot be negative.
 * Returns NULL with *err (file and line) on failure; unknown keys are kept
 * as warnings. Free with stitch_portfolio_file_free.
 */
stitch_portfolio_file *stitch_portfolio_load(const char *file, stitch_diag *err);
void stitch_portfolio_file_free(stitch_portfolio_file *f);

/* 1 when `file` reads as a portfolio file (a `models` list, no costs or
 * benefits), 0 otherwise (a model, or a file that does not parse). */
int stitch_file_is_portfolio(const char *file);

/* The models a portfolio lists, as paths to open. */
size_t stitch_portfolio_model_count(const stitch_portfolio_file *f);
const char *stitch_portfolio_model_path(const stitch_portfolio_file *f, size_t i);

/* The portfolio file's warnings (unknown keys, then stitch_portfolio_lint's). */
const stitch_diag *stitch_portfolio_file_warnings(const stitch_portfolio_file *f,
                                                  size_t *n);

/*
 * Warn (into f's warnings, at the line of the later model) where two
 * projects serving the same need (the same need.text) claim the same
 * unit-cost code, since their sum counts the saving twice. plans[i] is the
 * plan of f's model i. Returns STITCH_OK or STITCH_ENOMEM.
 */
stitch_status stitch_portfolio_lint(stitch_portfolio_file *f,
                                    const stitch_plan *const *plans);

/*
 * Simulate every project of f together (plans[i] is the plan of f's model
 * i; each is salted with its file name, so its own inputs draw apart from
 * the other projects' while unit costs share their draws), with one seed
 * and one number of runs: the totals, each project's figures in the
 * portfolio's price year (the models' own, or f's price_year: money uprated
 * with the GDP deflator found in dirs) and, with a budget, the set of
 * projects with the highest expected NPV within it. Returns NULL with *err
 * (mixed price years without price_year name f's file and line). Free
 * with stitch_portfolio_free.
 */
stitch_portfolio *stitch_portfolio_run(const stitch_portfolio_file *f,
                                       stitch_plan *const *plans, long iterations,
                                       unsigned long seed, int threads,
                                       const char *const *dirs, stitch_diag *err);
void stitch_portfolio_free(stitch_portfolio *pf);

/* ---- stage 6: reports ---------------------------------------------------- */

typedef enum { STITCH_FORMAT_TEXT, STITCH_FORMAT_JSON, STITCH_FORMAT_CSV } stitch_format;

/*
 * Print the base-case business case. Returns STITCH_OK, STITCH_ENOMEM when
 * the results document behind every report cannot be built, or STITCH_EIO
 * when the stream reports a write error (the caller names the stream).
 */
stitch_status stitch_report_base(FILE *out, stitch_format fmt, const stitch_plan *p,
                                 const stitch_result *base);

/* Print the business case with its uncertainty (mc may be NULL: base only),
 * and its sensitivity tables when sens is not NULL. */
stitch_status stitch_report_run(FILE *out, stitch_format fmt, const stitch_plan *p,
                                const stitch_result *base, const stitch_mc_result *mc,
                                const stitch_sensitivity *sens);

/* Print the value of information (text or JSON; CSV is STITCH_EINPUT). */
stitch_status stitch_report_evidence(FILE *out, stitch_format fmt, const stitch_plan *p,
                                     const stitch_evidence *e);

/* Print a comparison of options (text or JSON; CSV is STITCH_EINPUT). */
stitch_status stitch_report_comparison(FILE *out, stitch_format fmt,
                                       const stitch_comparison *c);

/* Print a portfolio (text or JSON; CSV is STITCH_EINPUT). */
stitch_status stitch_report_portfolio(FILE *out, stitch_format fmt,
                                      const stitch_portfolio *pf);

/* Print the sensitivity tables alone (text, JSON or CSV). */
stitch_status stitch_report_sensitivity(FILE *out, stitch_format fmt,
                                        const stitch_plan *p, const stitch_result *base,
                                        const stitch_sensitivity *sens);

/*
 * `stitch report`: write the full report to `path`, in the format its
 * extension names: .html (self-contained, printable), .xlsx (workbook),
 * .md, .json, or .csv (a folder of CSV files, one per table). Written to a
 * temporary file beside `path` and renamed over it only when complete, so
 * a failure never leaves half a report or changes the old one; never writes
 * over anything but a regular file (a folder for .csv). The rules for the
 * target (docs/model-reference.md, "Report files"): a CSV folder is
 * replaced only if stitch wrote it (it carries the manifest .stitch-report,
 * or holds only an earlier version's table files) and is never a link; it
 * is swapped in with one exchange of names where the filesystem can; a
 * lock file beside `path` makes writers take turns; a new report is 0666
 * (a folder 0777) less the umask, an overwritten one keeps its mode, and a
 * read-only one is refused; a link to a regular file is written through.
 * mc and s may be NULL. One report is written at a time per process.
 * Returns STITCH_OK, STITCH_EINPUT (an extension that names no format, or
 * a target stitch refuses to replace), or STITCH_EIO, with *err naming the
 * file and the reason.
 */
stitch_status stitch_report_file(const char *path, const stitch_plan *p,
                                 const stitch_result *r, const stitch_mc_result *mc,
                                 const stitch_sensitivity *s, stitch_diag *err);

/* stitch_report_file with the value of information (e may be NULL: none):
 * the HTML, workbook, Markdown and JSON reports then have a section "What
 * to find out next". */
stitch_status stitch_report_file_evidence(const char *path, const stitch_plan *p,
                                          const stitch_result *r, const stitch_mc_result *mc,
                                          const stitch_sensitivity *s,
                                          const stitch_evidence *e, stitch_diag *err);

/*
 * What a program stopped now must undo. While stitch_report_file runs, the
 * library lists the temporary files and folders it has made, its lock file
 * and, on a network drive (where two folders cannot be exchanged in one
 * step), the old CSV folder kept aside. The library installs no signal
 * handler: a program that catches SIGINT or SIGTERM walks the steps from
 * i = 0 in its handler, doing each, then re-raises the signal:
 *
 *   STITCH_UNDO_UNLINK   unlink(path)
 *   STITCH_UNDO_RMDIR    rmdir(path)
 *   STITCH_UNDO_RENAME   rename(path, to): put the old report back; fails,
 *                        harmlessly, once the new one is in place
 *   STITCH_UNDO_NONE     nothing: that step is done, or never began
 *
 * Every step names only what stitch made, and none follows a link. Returns
 * 1 and fills the step, or 0 past the last. Async-signal-safe: it only
 * reads lock-free atomics and fixed buffers.
 */
typedef enum {
    STITCH_UNDO_NONE,
    STITCH_UNDO_UNLINK,
    STITCH_UNDO_RMDIR,
    STITCH_UNDO_RENAME
} stitch_undo_action;
int stitch_report_undo_step(size_t i, stitch_undo_action *action, const char **path,
                            const char **to);

/*
 * A portfolio's report (docs/method.md section 13), written as
 * stitch_report_file writes (whole or not at all): .html, .xlsx, .md or
 * .json; .csv is STITCH_EINPUT.
 */
stitch_status stitch_report_portfolio_file(const char *path, const stitch_portfolio *pf,
                                           stitch_diag *err);

/* A comparison's report (docs/method.md section 12), written as
 * stitch_report_file writes: .html, .xlsx, .md or .json; .csv is
 * STITCH_EINPUT. */
stitch_status stitch_report_comparison_file(const char *path, const stitch_comparison *c,
                                            stitch_diag *err);

/* The library's version string, e.g. "0.1.0". */
const char *stitch_version(void);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
