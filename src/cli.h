/*
 * cli.h — the stitch tool's private header. main() parses argv into a
 * cli_args (options.c), runs it (cli.c hands it to one file per command),
 * and maps the status to an exit code; the tests drive the same calls.
 * The tool uses libstitch through include/stitch/stitch.h, and a few of
 * its internal helpers: the option parser checks numbers and price years
 * as the model file does (util.h, model.h), and costs reads the unit-cost
 * tables' own structures (unitcost.h).
 */
#ifndef STITCH_CLI_H
#define STITCH_CLI_H

#include "stitch/stitch.h"

#include <stdio.h>

/* ---- statuses and exit codes (cli.c) ---------------------------------------- */

/*
 * How a command ends, before it becomes an exit code. The library's
 * statuses say what went wrong in the library; the tool adds its own two:
 * a bad command line, and a check that found warnings.
 */
typedef enum {
    CLI_OK,       /* exit 0 */
    CLI_WARNINGS, /* check found warnings: exit 1 */
    CLI_FAILED,   /* could not finish (a file, memory, a numerical routine): exit 1 */
    CLI_INPUT,    /* a model, table or file named is wrong: exit 2 */
    CLI_USAGE     /* the command line is wrong: exit 2 */
} cli_status;

/* The tool's status for a library status: STITCH_EINPUT is bad input. */
cli_status cli_status_of(stitch_status st);

/* The exit code for a status: 0 success, 1 warnings or other failure, 2 bad input. */
int cli_exit_code(cli_status st);

/* ---- the command line (options.c) ------------------------------------------- */

typedef enum {
    CLI_NONE,
    CLI_HELP,
    CLI_VERSION,
    CLI_RUN,
    CLI_CHECK,
    CLI_SENSITIVITY,
    CLI_COSTS,
    CLI_INIT,
    CLI_REPORT,
    CLI_EVIDENCE,
    CLI_COMPARE,
    CLI_PORTFOLIO
} cli_command;

typedef struct {
    cli_command command;
    const char *model; /* borrowed from argv */
    stitch_format format;
    long iterations;    /* 0: the model's simulation.iterations */
    unsigned long seed; /* used when seed_given */
    int seed_given;
    int threads;       /* 0: one per processor */
    double precision;  /* 0: run a fixed number of iterations */
    int sensitivity;   /* run: add the sensitivity tables */
    char grid[2][256]; /* --grid A,B; empty: the default axes */
    int grid_n;        /* --grid-size; 0: 5 */
    long sobol_n;      /* --sobol; 0: the default, -1: skip (--sobol 0) */
    /* costs: model is the search term (may be NULL); init: model is the name */
    const char *nation, *price_year, *show;
    const char *output;     /* report: -o FILE */
    const char *tables[16]; /* --table FILE, searched first */
    size_t n_tables;
    const char *models[16]; /* compare: every model named, model is the first */
    size_t n_models;
    int no_monitoring; /* --no-monitoring: the model's monitoring data left out */
    const char *costs_model; /* costs --model M.cfg: the model's own tables */
    int sampling;            /* --sampling: a stitch_sampling, mc by default */
} cli_args;

/*
 * Parse argv into *cli. Returns CLI_OK, or CLI_USAGE with the message in
 * *err. Does not print.
 */
cli_status cli_parse(int argc, char **argv, cli_args *cli, stitch_diag *err);

/* Fill *err with a usage error (err->status STITCH_EINPUT, no file) and
 * return CLI_USAGE. */
cli_status cli_usage(stitch_diag *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Print a usage error and the hint to run --help. */
void cli_usage_error(const stitch_diag *err, FILE *errs);

/* Print the help text. */
cli_status cli_help(FILE *out, FILE *errs);

/* ---- running a command (cli.c) ---------------------------------------------- */

/*
 * Run a parsed command: results to `out`, errors and warnings to `errs`.
 * Returns CLI_OK, CLI_WARNINGS (check found warnings), or the error.
 */
cli_status cli_run(const cli_args *cli, FILE *out, FILE *errs);

/* Print an error (kind "") or a warning ("warning: "); returns the tool's
 * status for it. */
cli_status cli_print_diag(FILE *errs, const stitch_diag *d, const char *kind);
void cli_print_warnings(FILE *errs, const stitch_diag *w, size_t n);

/* Say that standard output could not be written; returns CLI_FAILED. */
cli_status cli_write_failed(FILE *errs);

/*
 * Catch SIGINT, SIGTERM and SIGHUP (unless ignored): the handler undoes
 * what a report being written has made so far (stitch_report_undo_step),
 * then re-raises the signal, so the program still ends by it. Call once,
 * before cli_run (signals.c).
 */
void cli_catch_signals(void);

/* ---- the steps commands share (case.c) ------------------------------------- */

/* Load, link and compile the model named on the command line; errors are
 * printed. */
cli_status cli_load(const cli_args *cli, FILE *errs, stitch_model **mp, stitch_plan **pp);

/* A model's plan and its base case: what run, report and sensitivity all
 * start from (the model itself is freed once its warnings are printed). */
typedef struct {
    stitch_model *m;
    stitch_plan *p;
    stitch_result *r;
} cli_case;

/* Load the model, print its and the plan's warnings, and evaluate the base case. */
cli_status cli_case_open(const cli_args *cli, FILE *errs, cli_case *b);
void cli_case_free(cli_case *b);

/* Evaluate the base case into *r (the caller frees it); a result too
 * large to add up is an error, so no report shows infinity. */
cli_status cli_base_case(const stitch_plan *p, FILE *errs, stitch_result **r);

/* The simulation or the sensitivity tables the command line asks for, or
 * NULL after printing the error into *st. */
stitch_mc_result *cli_simulate(const cli_args *cli, const stitch_plan *p, FILE *errs,
                               cli_status *st);
/* When monitoring data updated the plan: work out the case without them
 * (the priors' base case, and a simulation like mc when it is not NULL)
 * and keep its headline in the plan for the reports. */
cli_status cli_before(const cli_args *cli, stitch_plan *p, const stitch_mc_result *mc,
                      FILE *errs);
stitch_sensitivity *cli_sensitivity_of(const cli_args *cli, const stitch_plan *p,
                                       FILE *errs, cli_status *st);

/* The value of information for p (stitch_evidence_run), and with
 * monitoring data also without them, so that it can say how much the data
 * reduced it. NULL with *err on failure. */
stitch_evidence *cli_evidence(stitch_plan *p, const stitch_evidence_options *o,
                              stitch_diag *err);

/* ---- the commands: one file each ------------------------------------------- */

/* A progress line on stderr for the library's long steps (progress.c):
 * pass cli_progress_report with a cli_progress as its context. */
typedef struct {
    FILE *errs;
    int tty, drawn;
    const char *step;
    double start, last;
} cli_progress;
void cli_progress_init(cli_progress *pr, FILE *errs);
void cli_progress_report(const char *step, double fraction, void *ctx);

/* Load and lint one model, printing its warnings (check.c). */
cli_status cli_lint_model(const cli_args *cli, FILE *errs, stitch_plan **pp, size_t *n);

cli_status cli_cmd_run(const cli_args *cli, FILE *out, FILE *errs);    /* run.c */
cli_status cli_cmd_report(const cli_args *cli, FILE *out, FILE *errs); /* report.c */
cli_status cli_cmd_check(const cli_args *cli, FILE *out, FILE *errs);  /* check.c */
cli_status cli_cmd_sensitivity(const cli_args *cli, FILE *out,
                               FILE *errs);                           /* sensitivity.c */
cli_status cli_cmd_costs(const cli_args *cli, FILE *out, FILE *errs); /* costs.c */
cli_status cli_cmd_init(const cli_args *cli, FILE *out, FILE *errs);  /* init.c */
cli_status cli_cmd_evidence(const cli_args *cli, FILE *out, FILE *errs); /* evidence.c */
cli_status cli_cmd_compare(const cli_args *cli, FILE *out, FILE *errs);  /* compare.c */
/* portfolio.c: `stitch portfolio FILE`; check and report hand a portfolio
 * file to the two after it */
cli_status cli_cmd_portfolio(const cli_args *cli, FILE *out, FILE *errs);
cli_status cli_check_portfolio(const cli_args *cli, FILE *out, FILE *errs);
cli_status cli_report_portfolio(const cli_args *cli, FILE *out, FILE *errs);


/*
 * `stitch costs`: list the unit costs whose code, service, unit or staff
 * group contains `term` (all when NULL), in `nation` (any when NULL),
 * uprated to `price_year` (the index's latest when NULL); or, with `show`,
 * the full provenance of one code. Tables: `tables` first, then every
 * *.csv in `dirs` (indices.csv is the index). Results to out, warnings to
 * errs. Returns CLI_OK, or an error with *err (CLI_USAGE: a price year
 * the index does not hold).
 */
typedef struct {
    const char *term, *nation, *price_year, *show;
    const char *const *tables;
    size_t n_tables;
    /* With a model file: only the tables it lists, found as run finds them,
     * each named as reports name it; the default price year is the
     * model's. Not with `tables`. */
    const char *model;
} cli_costs_query;

cli_status cli_costs(FILE *out, FILE *errs, const cli_costs_query *q,
                     const char *const *dirs, stitch_diag *err);

/*
 * `stitch init NAME`: write NAME.cfg (NAME kept if it ends in .cfg), a
 * commented template model that runs as it stands. Never overwrites a
 * file. The path written goes to `written` (n bytes). Returns CLI_OK, or
 * an error with *err (CLI_USAGE: a name no file can have).
 */
cli_status cli_template_write(const char *name, char *written, size_t n,
                              stitch_diag *err);

#endif
