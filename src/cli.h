/*
 * cli.h — the stitch command line as library calls, so that the tests drive
 * exactly what users run. main() parses into a stitch_cli, runs it, and
 * maps the status to an exit code; nothing else.
 */
#ifndef STITCH_CLI_H
#define STITCH_CLI_H

#include "stitch/stitch.h"
#include <stdio.h>

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

/* Fill *err with a usage error (err->status STITCH_EINPUT, no file) and
 * return CLI_USAGE. */
cli_status cli_usage(stitch_diag *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

typedef enum {
    CLI_NONE,
    CLI_HELP,
    CLI_VERSION,
    CLI_RUN,
    CLI_CHECK,
    CLI_SENSITIVITY,
    CLI_COSTS,
    CLI_INIT,
    CLI_REPORT
} stitch_command;

typedef struct {
    stitch_command command;
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
} stitch_cli;

/* The commands that are the tool's own (src/costs.c, src/init.c). */
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

/*
 * Parse argv into *cli. Returns CLI_OK, or CLI_USAGE with the message in
 * *err. Does not print.
 */
cli_status stitch_cli_parse(int argc, char **argv, stitch_cli *cli, stitch_diag *err);

/*
 * Run a parsed command: results to `out`, errors and warnings to `errs`.
 * Returns CLI_OK, CLI_WARNINGS (check found warnings), or the error.
 */
cli_status stitch_cli_run(const stitch_cli *cli, FILE *out, FILE *errs);

/*
 * Catch SIGINT, SIGTERM and SIGHUP (unless ignored): the handler undoes
 * what a report being written has made so far (stitch_report_undo_step),
 * then re-raises the signal, so the program still ends by it. Call once,
 * before stitch_cli_run.
 */
void stitch_cli_catch_signals(void);

/* Print a usage error and the hint to run --help. */
void stitch_cli_usage_error(const stitch_diag *err, FILE *errs);

/* The exit code for a status: 0 success, 1 warnings or other failure, 2 bad input. */
int stitch_cli_exit_code(cli_status st);

#endif
