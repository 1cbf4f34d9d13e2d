/* run.c — `stitch run MODEL`: the business case with its uncertainty (and,
 * with --sensitivity, its sensitivity tables) to standard output. */
#include "cli.h"

#include <errno.h>

cli_status cli_cmd_run(const cli_args *cli, FILE *out, FILE *errs)
{
    cli_case b;
    stitch_mc_result *mc = NULL;
    stitch_sensitivity *sens = NULL;
    cli_status st = cli_case_open(cli, errs, &b);
    if (st || !(mc = cli_simulate(cli, b.p, errs, &st)) || (st = cli_before(cli, b.p, mc, errs)))
        goto done;
    if (cli->sensitivity && !(sens = cli_sensitivity_of(cli, b.p, errs, &st)))
        goto done;
    errno = 0;
    if (stitch_report_run(out, cli->format, b.p, b.r, mc, sens) != STITCH_OK)
        st = cli_write_failed(errs);
done:
    stitch_sensitivity_free(sens);
    stitch_mc_free(mc);
    cli_case_free(&b);
    return st;
}
