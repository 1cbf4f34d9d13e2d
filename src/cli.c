/* cli.c — what every command shares: the tool's statuses and exit codes,
 * how errors and warnings are printed, and the dispatch to one file per
 * command (run.c, report.c, check.c, sensitivity.c, evidence.c, compare.c, portfolio.c, costs.c, init.c). */
#include "cli.h"

#include <errno.h>
#include <string.h>

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

int cli_exit_code(cli_status st)
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
cli_status cli_print_diag(FILE *errs, const stitch_diag *d, const char *kind)
{
    char buf[2048];
    fprintf(errs, "%s\n", stitch_diag_format(d, kind, buf, sizeof buf));
    return cli_status_of(d->status);
}

void cli_print_warnings(FILE *errs, const stitch_diag *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cli_print_diag(errs, &w[i], "warning: ");
}

cli_status cli_write_failed(FILE *errs)
{
    fprintf(errs, "stitch: cannot write the report to standard output: %s\n",
            strerror(errno ? errno : EIO));
    return CLI_FAILED;
}

cli_status cli_run(const cli_args *cli, FILE *out, FILE *errs)
{
    switch (cli->command) {
    case CLI_HELP:
        return cli_help(out, errs);
    case CLI_VERSION:
        fprintf(out, "stitch %s\n", stitch_version());
        return fflush(out) == 0 && !ferror(out) ? CLI_OK : cli_write_failed(errs);
    case CLI_RUN:
    case CLI_REPORT:
        return cli->command == CLI_RUN ? cli_cmd_run(cli, out, errs)
                                       : cli_cmd_report(cli, out, errs);
    case CLI_CHECK:
        return cli_cmd_check(cli, out, errs);
    case CLI_SENSITIVITY:
        return cli_cmd_sensitivity(cli, out, errs);
    case CLI_COSTS:
        return cli_cmd_costs(cli, out, errs);
    case CLI_INIT:
        return cli_cmd_init(cli, out, errs);
    case CLI_EVIDENCE:
        return cli_cmd_evidence(cli, out, errs);
    case CLI_COMPARE:
        return cli_cmd_compare(cli, out, errs);
    case CLI_PORTFOLIO:
        return cli_cmd_portfolio(cli, out, errs);
    case CLI_NONE:
        break;
    }
    return CLI_USAGE;
}
