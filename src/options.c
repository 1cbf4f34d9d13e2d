/* options.c — the command line: the help text, and argv parsed into the
 * command and its options. Parsing never prints; cli_usage_error does. */
#include "cli.h"

#include "model.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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
    "  evidence MODEL what finding out would be worth to the funding decision:\n"
    "                 the value of information (default 100000 simulations)\n"
    "  compare MODEL MODEL [MODEL...] [-o FILE]\n"
    "                 options for the same need side by side, on the same draws\n"
    "                 (-o: a report, .html, .xlsx, .md or .json)\n"
    "  portfolio FILE a portfolio of projects (FILE lists their models): the\n"
    "                 totals from one joint simulation and, with a budget, the\n"
    "                 set of projects with the highest expected NPV within it\n"
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
    "  --sampling M   run, report, check: how to draw the inputs: mc (default;\n"
    "                 one random stream per input), lhs (Latin hypercube) or qmc\n"
    "                 (scrambled quasi-random points, smaller errors for the same\n"
    "                 iterations); lhs and qmc give standard errors from 16\n"
    "                 replicates\n"
    "  -o FILE        report: where to write it (written whole, or not at all)\n"
    "  --sensitivity  run: add the sensitivity tables to the report\n"
    "  --no-monitoring\n"
    "                 run, check, report, sensitivity, evidence: leave out the\n"
    "                 model's monitoring data (the case as first assumed)\n"
    "  --grid A,B     sensitivity: the two inputs of the two-way grid, by path\n"
    "                 (default: an attribution and the top tornado input)\n"
    "  --grid-size N  sensitivity: points along each axis of the grid (2 to 21,\n"
    "                 default 5)\n"
    "  --sobol N      sensitivity: Sobol sample size (default 65536; 0 skips)\n"
    "  --nation N     costs: only rows for nation N (England, Scotland, UK)\n"
    "  --price-year Y costs: uprate to price year Y (default: the index's latest)\n"
    "  --show CODE    costs: everything about one unit cost, with its source\n"
    "  --table FILE   costs: search this table too (your own costs), first\n"
    "  --model M.cfg  costs: search only the tables model M lists, as run finds them\n"
    "  -h, --help     show this help and exit\n"
    "  --version      show the version and exit\n"
    "\n"
    "Unit-cost tables named in a model are looked for beside the model, then in\n"
    "the directories of STITCH_UNITCOSTS_PATH (colon-separated), then in\n"
    "the installed tables.\n"
    "Exit codes: 0 success, 1 warnings or other failure, 2 bad input or usage.\n";

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

static cli_status parse_format(const char *v, cli_args *cli, stitch_diag *err)
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

static cli_status parse_option(int c, cli_args *cli, stitch_diag *err)
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

cli_status cli_parse(int argc, char **argv, cli_args *cli, stitch_diag *err)
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
                                         {"model", required_argument, NULL, 'M'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"no-monitoring", no_argument, NULL, 'N'},
                                         {"sampling", required_argument, NULL, 'm'},
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
    else if (strcmp(cmd, "evidence") == 0)
        cli->command = CLI_EVIDENCE;
    else if (strcmp(cmd, "compare") == 0)
        cli->command = CLI_COMPARE;
    else if (strcmp(cmd, "portfolio") == 0)
        cli->command = CLI_PORTFOLIO;
    else
        return cli_usage(err,
                         "'%s' is not a command (run, check, sensitivity, evidence, compare, "
                         "portfolio, costs, init, report)",
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
        else if (c == 'N')
            cli->no_monitoring = 1;
        else if (c == 'o')
            cli->output = optarg;
        else if (c == 'M')
            cli->costs_model = optarg;
        else if (c == 'm') {
            stitch_sampling m;
            if (stitch_sampling_from_name(optarg, &m))
                return cli_usage(err, "--sampling: '%s' is not mc, lhs or qmc", optarg);
            cli->sampling = (int)m;
        }
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
    if (cli->sampling != STITCH_SAMPLING_MC &&
        (cli->command == CLI_SENSITIVITY || cli->command == CLI_EVIDENCE ||
         cli->command == CLI_COMPARE))
        return cli_usage(err,
                         "--sampling %s: %s draws with one random stream per input "
                         "(only run, report and check take --sampling)",
                         stitch_sampling_name((stitch_sampling)cli->sampling), cmd);
    if (cli->command == CLI_COSTS && optind + 1 > argc - 1)
        return CLI_OK; /* no search word: list every cost */
    if (cli->command == CLI_INIT && optind + 1 > argc - 1)
        return cli_usage(
            err, "%sinit: what should the new model be called? (stitch init NAME)", "");
    if (cli->command == CLI_PORTFOLIO && optind + 1 > argc - 1)
        return cli_usage(err, "%sportfolio: which portfolio file? (stitch portfolio "
                              "FILE)", "");
    if (optind + 1 > argc - 1)
        return cli_usage(err, "%s: which model file?", cmd);
    if (cli->command == CLI_COMPARE) {
        int n = argc - 1 - optind;
        if (n < 2)
            return cli_usage(err, "%scompare: name two model files or more", "");
        if (n > 16)
            return cli_usage(err, "%scompare: at most 16 model files", "");
        for (int i = 0; i < n; i++)
            cli->models[cli->n_models++] = argv[optind + 1 + i];
        cli->model = cli->models[0];
        return CLI_OK;
    }
    if (optind + 2 <= argc - 1)
        return cli_usage(err, "unexpected argument '%s'", argv[optind + 2]);
    cli->model = argv[optind + 1];
    if (cli->command == CLI_REPORT && !cli->output)
        return cli_usage(
            err, "%sreport: where should it go? (stitch report MODEL -o report.html)",
            "");
    return CLI_OK;
}

void cli_usage_error(const stitch_diag *err, FILE *errs)
{
    fprintf(errs, "stitch: %s\nTry 'stitch --help' for more information.\n",
            err->message);
}

cli_status cli_help(FILE *out, FILE *errs)
{
    fputs(usage_text, out);
    return fflush(out) == 0 && !ferror(out) ? CLI_OK : cli_write_failed(errs);
}
