/* cli.c — the command line: options, commands, messages, exit codes. */
#include "cli.h"

#include "model.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
    "Usage: stitch COMMAND [OPTIONS] MODEL\n"
    "\n"
    "Prevention cost-benefit and logic-model calculator.\n"
    "\n"
    "Commands:\n"
    "  run MODEL      work out the business case of a model file\n"
    "  check MODEL    validate a model and warn about weak claims\n"
    "                 (exit 0 clean, 1 warnings, 2 errors)\n"
    "  costs [WORD]   search the unit-cost tables (--show CODE: one row in full)\n"
    "  init NAME      write NAME.cfg, a commented template model to start from\n"
    "  report MODEL -o FILE\n"
    "                 the full report for a funder; FILE's extension chooses the\n"
    "                 format: .html, .xlsx, .md, .json, or .csv (a folder of CSVs)\n"
    "  sensitivity MODEL\n"
    "                 which assumptions the case rests on: tornado, switching\n"
    "                 values, scenarios, two-way grid, horizon and discount,\n"
    "                 attribution, Sobol indices\n"
    "\n"
    "Options:\n"
    "  --format F     text (default), json or csv\n"
    "  --iterations N simulations to run (default: the model's, else 10000)\n"
    "  --seed S       random seed (default: the model's, else 1)\n"
    "  --threads T    threads (default: one per processor); results do not\n"
    "                 depend on it\n"
    "  --precision E  run until the Monte Carlo standard errors of the mean BCR\n"
    "                 and of the chance of breaking even are at most E (e.g.\n"
    "                 0.005); --iterations is then the most to run (default\n"
    "                 10000000)\n"
    "  -o FILE        report: where to write it (written whole, or not at all)\n"
    "  --sensitivity  run: add the sensitivity tables to the report\n"
    "  --grid A,B     sensitivity: the two inputs of the two-way grid, by path\n"
    "                 (default: an attribution and the top tornado input)\n"
    "  --grid-size N  sensitivity: points along each axis of the grid (2 to 21,\n"
    "                 default 5)\n"
    "  --sobol N      sensitivity: Sobol sample size (default 65536; 0 skips)\n"
    "  --nation N     costs: only rows for nation N (England, Scotland, UK)\n"
    "  --price-year Y costs: uprate to price year Y (default: the index's latest)\n"
    "  --show CODE    costs: everything about one unit cost, with its source\n"
    "  --table FILE   costs: search this table too (your own costs), first\n"
    "  -h, --help     show this help and exit\n"
    "  --version      show the version and exit\n"
    "\n"
    "Unit-cost tables named in a model are looked for beside the model, then in\n"
    "the directories of STITCH_UNITCOSTS_PATH (colon-separated), then in\n"
    "the installed tables.\n"
    "Exit codes: 0 success, 1 warnings or other failure, 2 bad input or usage.\n";

cli_status cli_status_of(stitch_status st)
{
    switch (st) {
    case STITCH_OK:
        return CLI_OK;
    case STITCH_EINPUT:
        return CLI_INPUT;
    case STITCH_EIO:
    case STITCH_ENOMEM:
    case STITCH_ENUMERIC:
        break;
    }
    return CLI_FAILED;
}

cli_status cli_usage(stitch_diag *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err->status = STITCH_EINPUT;
    err->line = 0;
    err->file[0] = err->path[0] = '\0';
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return CLI_USAGE;
}

static cli_status parse_format(const char *v, stitch_cli *cli, stitch_diag *err)
{
    if (strcmp(v, "text") == 0)
        cli->format = STITCH_FORMAT_TEXT;
    else if (strcmp(v, "json") == 0)
        cli->format = STITCH_FORMAT_JSON;
    else if (strcmp(v, "csv") == 0)
        cli->format = STITCH_FORMAT_CSV;
    else
        return cli_usage(err, "--format: '%s' is not a format (use text, json or csv)",
                         v);
    return CLI_OK;
}

static cli_status parse_count(const char *opt, const char *v, long lo, long hi, long *out,
                              stitch_diag *err)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < lo || n > hi)
        return cli_usage(err, "%s: '%s' is not a whole number from %ld to %ld", opt, v,
                         lo, hi);
    *out = n;
    return CLI_OK;
}

static cli_status parse_option(int c, stitch_cli *cli, stitch_diag *err)
{
    long v = 0;
    cli_status st = CLI_OK;
    switch (c) {
    case 'f':
        return parse_format(optarg, cli, err);
    case 'i':
        st = parse_count("--iterations", optarg, 1, 1000000000L, &v, err);
        cli->iterations = v;
        return st;
    case 's':
        st = parse_count("--seed", optarg, 0, 4294967295L, &v, err);
        cli->seed = (unsigned long)v;
        cli->seed_given = 1;
        return st;
    case 't':
        st = parse_count("--threads", optarg, 1, 64, &v, err);
        cli->threads = (int)v;
        return st;
    case 'g': {
        const char *comma = strchr(optarg, ',');
        size_t a = comma ? (size_t)(comma - optarg) : 0;
        if (!comma || a == 0 || !comma[1] || strchr(comma + 1, ',') ||
            a >= sizeof cli->grid[0] || strlen(comma + 1) >= sizeof cli->grid[1])
            return cli_usage(err,
                             "--grid: '%s' is not two input paths separated by a comma "
                             "(e.g. benefits.gp.attribution,outcomes.less_lonely.rate)",
                             optarg);
        memcpy(cli->grid[0], optarg, a);
        cli->grid[0][a] = '\0';
        strcpy(cli->grid[1], comma + 1);
        return CLI_OK;
    }
    case 'G':
        st = parse_count("--grid-size", optarg, 2, 21, &v, err);
        cli->grid_n = (int)v;
        return st;
    case 'S':
        st = parse_count("--sobol", optarg, 0, 10000000L, &v, err);
        cli->sobol_n = v == 0 ? -1 : v;
        if (st == CLI_OK && v > 0 && v < 64)
            return cli_usage(err,
                             "--sobol: '%s' is too small: use at least 64 (or 0 to skip)",
                             optarg);
        return st;
    case 'n':
        cli->nation = optarg;
        return CLI_OK;
    case 'y':
        if (!price_year_valid(optarg))
            return cli_usage(err, "--price-year: '%s' is not a price year like 2023/24",
                             optarg);
        cli->price_year = optarg;
        return CLI_OK;
    case 'w':
        cli->show = optarg;
        return CLI_OK;
    case 'T':
        if (cli->n_tables == sizeof cli->tables / sizeof *cli->tables)
            return cli_usage(err, "--table: at most %s tables", "16");
        cli->tables[cli->n_tables++] = optarg;
        return CLI_OK;
    case 'p':
        if (parse_double(optarg, &cli->precision) || !(cli->precision > 0) ||
            !(cli->precision < 1))
            return cli_usage(err,
                             "--precision: '%s' is not a standard error between 0 and 1 "
                             "(e.g. 0.005)",
                             optarg);
        return CLI_OK;
    }
    return CLI_OK;
}

cli_status stitch_cli_parse(int argc, char **argv, stitch_cli *cli, stitch_diag *err)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"iterations", required_argument, NULL, 'i'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"precision", required_argument, NULL, 'p'},
                                         {"sensitivity", no_argument, NULL, 'x'},
                                         {"grid", required_argument, NULL, 'g'},
                                         {"grid-size", required_argument, NULL, 'G'},
                                         {"sobol", required_argument, NULL, 'S'},
                                         {"nation", required_argument, NULL, 'n'},
                                         {"price-year", required_argument, NULL, 'y'},
                                         {"show", required_argument, NULL, 'w'},
                                         {"table", required_argument, NULL, 'T'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"version", no_argument, NULL, 'V'},
                                         {NULL, 0, NULL, 0}};
    memset(cli, 0, sizeof *cli);
    const char *cmd = argc > 1 ? argv[1] : NULL;
    if (!cmd)
        return cli_usage(err, "%sno command given", "");
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0)
        return cli->command = CLI_HELP, CLI_OK;
    if (strcmp(cmd, "--version") == 0)
        return cli->command = CLI_VERSION, CLI_OK;
    if (strcmp(cmd, "run") == 0)
        cli->command = CLI_RUN;
    else if (strcmp(cmd, "check") == 0)
        cli->command = CLI_CHECK;
    else if (strcmp(cmd, "sensitivity") == 0)
        cli->command = CLI_SENSITIVITY;
    else if (strcmp(cmd, "costs") == 0)
        cli->command = CLI_COSTS;
    else if (strcmp(cmd, "init") == 0)
        cli->command = CLI_INIT;
    else if (strcmp(cmd, "report") == 0)
        cli->command = CLI_REPORT;
    else
        return cli_usage(
            err, "'%s' is not a command (run, check, sensitivity, costs, init, report)",
            cmd);
    opterr = 0;
    optind = 0; /* GNU: restart the scan, so parse can be called again */
    int c;
    while ((c = getopt_long(argc - 1, argv + 1, "ho:", opts, NULL)) != -1) {
        cli_status st = CLI_OK;
        if (strchr("fistpgGSnywT", c))
            st = parse_option(c, cli, err);
        else if (c == 'x')
            cli->sensitivity = 1;
        else if (c == 'o')
            cli->output = optarg;
        else if (c == 'h')
            cli->command = CLI_HELP;
        else if (c == 'V')
            cli->command = CLI_VERSION;
        else
            st = cli_usage(err, "unknown option '%s'", argv[optind]);
        if (st)
            return st;
    }
    if (cli->command == CLI_HELP || cli->command == CLI_VERSION)
        return CLI_OK;
    if (cli->command == CLI_COSTS && optind + 1 > argc - 1)
        return CLI_OK; /* no search word: list every cost */
    if (cli->command == CLI_INIT && optind + 1 > argc - 1)
        return cli_usage(
            err, "%sinit: what should the new model be called? (stitch init NAME)", "");
    if (optind + 1 > argc - 1)
        return cli_usage(err, "%s: which model file?", cmd);
    if (optind + 2 <= argc - 1)
        return cli_usage(err, "unexpected argument '%s'", argv[optind + 2]);
    cli->model = argv[optind + 1];
    if (cli->command == CLI_REPORT && !cli->output)
        return cli_usage(
            err, "%sreport: where should it go? (stitch report MODEL -o report.html)",
            "");
    return CLI_OK;
}

/* Stopped by a signal: undo what the report being written has made (only
 * async-signal-safe calls), then die of the same signal. */
static void undo_and_die(int sig)
{
    stitch_undo_action a;
    const char *path, *to;
    for (size_t i = 0; stitch_report_undo_step(i, &a, &path, &to); i++)
        if (a == STITCH_UNDO_UNLINK)
            (void)unlink(path);
        else if (a == STITCH_UNDO_RMDIR)
            (void)rmdir(path);
        else if (a == STITCH_UNDO_RENAME)
            (void)rename(path, to);
    signal(sig, SIG_DFL);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    raise(sig);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
}

void stitch_cli_catch_signals(void)
{
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = undo_and_die;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < 3; i++)
        sigaddset(&sa.sa_mask, sigs[i]); /* one undo at a time */
    for (size_t i = 0; i < 3; i++) {
        struct sigaction was;
        if (sigaction(sigs[i], NULL, &was) == 0 && was.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
}

void stitch_cli_usage_error(const stitch_diag *err, FILE *errs)
{
    fprintf(errs, "stitch: %s\nTry 'stitch --help' for more information.\n",
            err->message);
}

int stitch_cli_exit_code(cli_status st)
{
    switch (st) {
    case CLI_OK:
        return 0;
    case CLI_WARNINGS:
    case CLI_FAILED:
        return 1;
    case CLI_INPUT:
    case CLI_USAGE:
        break;
    }
    return 2;
}

/* Print an error (kind "") or a warning ("warning: "); returns the
 * tool's status for it. */
static cli_status print_diag(FILE *errs, const stitch_diag *d, const char *kind)
{
    char buf[2048];
    fprintf(errs, "%s\n", stitch_diag_format(d, kind, buf, sizeof buf));
    return cli_status_of(d->status);
}

static void print_warnings(FILE *errs, const stitch_diag *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        print_diag(errs, &w[i], "warning: ");
}

/* Load, link and compile the model named on the command line. */
static cli_status load(const stitch_cli *cli, FILE *errs, stitch_model **mp,
                       stitch_plan **pp)
{
    stitch_diag err;
    stitch_costbook *cb = NULL;
    *pp = NULL;
    if (!(*mp = stitch_model_load(cli->model, &err)) ||
        !(cb = stitch_costbook_load_for(*mp, stitch_costbook_default_dirs(), &err)) ||
        !(*pp = stitch_plan_compile(*mp, cb, &err))) {
        stitch_costbook_free(cb);
        return print_diag(errs, &err, "");
    }
    stitch_costbook_free(cb);
    return CLI_OK;
}

static cli_status write_failed(FILE *errs)
{
    fprintf(errs, "stitch: cannot write the report to standard output: %s\n",
            strerror(errno ? errno : EIO));
    return CLI_FAILED;
}

/* The sensitivity tables the command line asks for, or NULL after printing
 * the error into *st. */
static stitch_sensitivity *sensitivity_of(const stitch_cli *cli, const stitch_plan *p,
                                          FILE *errs, cli_status *st)
{
    stitch_sensitivity_options o = {0};
    o.grid_a = cli->grid[0][0] ? cli->grid[0] : NULL;
    o.grid_b = cli->grid[1][0] ? cli->grid[1] : NULL;
    o.grid_n = cli->grid_n;
    o.sobol_n = cli->sobol_n;
    o.seed = cli->seed_given ? cli->seed : stitch_plan_seed(p);
    stitch_diag err;
    stitch_sensitivity *s = stitch_sensitivity_run(p, &o, &err);
    if (!s && err.status == STITCH_EINPUT && strncmp(err.path, "grid_", 5) == 0) {
        stitch_diag u; /* an axis of --grid names no input: a usage error */
        *st = cli_usage(&u, "--grid: %s", err.message);
        stitch_cli_usage_error(&u, errs);
    } else if (!s)
        *st = print_diag(errs, &err, "");
    return s;
}

/* A model loaded, linked and evaluated at its base case: what run, report
 * and sensitivity all start from. */
typedef struct {
    stitch_model *m;
    stitch_plan *p;
    stitch_result *r;
} loaded_case;

static void case_free(loaded_case *b)
{
    stitch_result_free(b->r);
    stitch_plan_free(b->p);
    stitch_model_free(b->m);
}

/* Evaluate the base case into *r (the caller frees it); a result too
 * large to add up is an error, so no report shows infinity. */
static cli_status base_case(const stitch_plan *p, FILE *errs, stitch_result **r)
{
    *r = stitch_result_alloc(p);
    double *x = calloc(stitch_plan_input_count(p) + 1, sizeof *x);
    if (!*r || !x) {
        free(x);
        fprintf(errs, "stitch: out of memory\n");
        return CLI_FAILED;
    }
    stitch_plan_base(p, x);
    stitch_eval(p, x, *r);
    free(x);
    stitch_diag err;
    if (stitch_result_check(p, *r, &err) != STITCH_OK)
        return print_diag(errs, &err, "");
    return CLI_OK;
}

/* Load the model, print its warnings, and evaluate the base case. */
static cli_status case_open(const stitch_cli *cli, FILE *errs, loaded_case *b)
{
    *b = (loaded_case){NULL, NULL, NULL};
    cli_status st = load(cli, errs, &b->m, &b->p);
    if (st)
        return st;
    size_t n;
    const stitch_diag *w = stitch_model_warnings(b->m, &n);
    print_warnings(errs, w, n);
    w = stitch_plan_warnings(b->p, &n);
    print_warnings(errs, w, n);
    stitch_model_free(b->m); /* the plan stands alone */
    b->m = NULL;
    return base_case(b->p, errs, &b->r);
}

/* The Monte Carlo simulation the command line asks for, or NULL after
 * printing the error into *st. */
static stitch_mc_result *simulate(const stitch_cli *cli, const stitch_plan *p, FILE *errs,
                                  cli_status *st)
{
    stitch_diag err;
    stitch_mc_result *mc;
    long n = cli->iterations ? cli->iterations : stitch_plan_iterations(p);
    unsigned long seed = cli->seed_given ? cli->seed : stitch_plan_seed(p);
    if (cli->precision > 0)
        mc = stitch_mc_run_to_precision(p, cli->precision,
                                        cli->iterations ? cli->iterations : 10000000L,
                                        seed, cli->threads, &err);
    else
        mc = stitch_mc_run(p, n, seed, cli->threads, &err);
    if (!mc)
        *st = print_diag(errs, &err, "");
    return mc;
}

static cli_status sensitivity(const stitch_cli *cli, FILE *out, FILE *errs)
{
    loaded_case b;
    stitch_sensitivity *s = NULL;
    cli_status st = case_open(cli, errs, &b);
    if (st || !(s = sensitivity_of(cli, b.p, errs, &st)))
        goto done;
    errno = 0;
    if (stitch_report_sensitivity(out, cli->format, b.p, b.r, s) != STITCH_OK)
        st = write_failed(errs);
done:
    stitch_sensitivity_free(s);
    case_free(&b);
    return st;
}

static cli_status run(const stitch_cli *cli, FILE *out, FILE *errs)
{
    loaded_case b;
    stitch_mc_result *mc = NULL;
    stitch_sensitivity *sens = NULL;
    cli_status st = case_open(cli, errs, &b);
    if (st)
        goto done;
    stitch_plan *p = b.p;
    stitch_result *r = b.r;
    stitch_diag err;
    if (!(mc = simulate(cli, p, errs, &st)))
        goto done;
    int report = cli->command == CLI_REPORT; /* a file for a funder: everything */
    if ((cli->sensitivity || report) && !(sens = sensitivity_of(cli, p, errs, &st)))
        goto done;
    errno = 0;
    if (report) {
        if (stitch_report_file(cli->output, p, r, mc, sens, &err) != STITCH_OK)
            st = print_diag(errs, &err, "");
        else {
            fprintf(out, "Wrote %s\n", cli->output);
            if (fflush(out) != 0 || ferror(out))
                st = write_failed(errs);
        }
    } else if (stitch_report_run(out, cli->format, p, r, mc, sens) != STITCH_OK)
        st = write_failed(errs);
done:
    stitch_sensitivity_free(sens);
    stitch_mc_free(mc);
    case_free(&b);
    return st;
}

/* check: load and lint the model, then do what run would do next (the
 * base case and the simulation), so that every model check passes runs. */
static cli_status check(const stitch_cli *cli, FILE *out, FILE *errs)
{
    stitch_model *m = NULL;
    stitch_plan *p = NULL;
    stitch_lint_result *lint = NULL;
    stitch_result *r = NULL;
    stitch_mc_result *mc = NULL;
    cli_status st = load(cli, errs, &m, &p);
    stitch_diag err;
    if (st == CLI_OK && !(lint = stitch_lint_run(m, p, &err)))
        st = print_diag(errs, &err, "");
    stitch_model_free(m); /* the plan and the lint result stand alone */
    size_t n = 0;
    if (st == CLI_OK) {
        const stitch_diag *w = stitch_lint_warnings(lint, &n);
        print_warnings(errs, w, n);
        if ((st = base_case(p, errs, &r)) == CLI_OK)
            mc = simulate(cli, p, errs, &st);
    }
    if (st == CLI_OK) {
        size_t uncertain = 0;
        for (size_t i = 0; i < stitch_plan_input_count(p); i++)
            uncertain += (size_t)stitch_plan_input_uncertain(p, i);
        errno = 0;
        fprintf(out, "%s: %s: %zu inputs, %zu of them uncertain; %zu warning%s\n",
                cli->model, n ? "usable, with warnings" : "OK",
                stitch_plan_input_count(p), uncertain, n, n == 1 ? "" : "s");
        if (fflush(out) != 0 || ferror(out))
            st = write_failed(errs);
        else if (n)
            st = CLI_WARNINGS;
    }
    stitch_mc_free(mc);
    stitch_result_free(r);
    stitch_lint_free(lint);
    stitch_plan_free(p);
    return st;
}

static cli_status costs(const stitch_cli *cli, FILE *out, FILE *errs)
{
    cli_costs_query q = {cli->model, cli->nation, cli->price_year,
                         cli->show,  cli->tables, cli->n_tables};
    stitch_diag err;
    errno = 0;
    cli_status st = cli_costs(out, errs, &q, stitch_costbook_default_dirs(), &err);
    if (st == CLI_USAGE)
        stitch_cli_usage_error(&err, errs);
    else if (st)
        print_diag(errs, &err, "");
    else if (fflush(out) != 0 || ferror(out))
        st = write_failed(errs);
    return st;
}

static cli_status init(const stitch_cli *cli, FILE *out, FILE *errs)
{
    char path[4096];
    stitch_diag err;
    cli_status st = cli_template_write(cli->model, path, sizeof path, &err);
    if (st == CLI_USAGE)
        stitch_cli_usage_error(&err, errs);
    else if (st)
        return print_diag(errs, &err, "");
    else {
        errno = 0;
        fprintf(out,
                "Wrote %s: a template business case. Every number in it is an example.\n"
                "Next: edit it, then run\n  stitch check %s\n  stitch run %s\n",
                path, path, path);
        if (fflush(out) != 0 || ferror(out))
            st = write_failed(errs);
    }
    return st;
}

cli_status stitch_cli_run(const stitch_cli *cli, FILE *out, FILE *errs)
{
    switch (cli->command) {
    case CLI_HELP:
        fputs(usage_text, out);
        return fflush(out) == 0 && !ferror(out) ? CLI_OK : write_failed(errs);
    case CLI_VERSION:
        fprintf(out, "stitch %s\n", stitch_version());
        return fflush(out) == 0 && !ferror(out) ? CLI_OK : write_failed(errs);
    case CLI_RUN:
    case CLI_REPORT:
        return run(cli, out, errs);
    case CLI_CHECK:
        return check(cli, out, errs);
    case CLI_SENSITIVITY:
        return sensitivity(cli, out, errs);
    case CLI_COSTS:
        return costs(cli, out, errs);
    case CLI_INIT:
        return init(cli, out, errs);
    case CLI_NONE:
        break;
    }
    return CLI_USAGE;
}
