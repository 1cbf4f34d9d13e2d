/* report.c — `stitch report MODEL -o FILE`: the full report for a funder
 * (the simulation and every sensitivity table), in the format FILE's
 * extension names. */
#include "cli.h"

#include <errno.h>

cli_status cli_cmd_report(const cli_args *cli, FILE *out, FILE *errs)
{
    cli_case b;
    stitch_mc_result *mc = NULL;
    stitch_sensitivity *sens = NULL;
    stitch_diag err;
    cli_status st = cli_case_open(cli, errs, &b);
    if (st || !(mc = cli_simulate(cli, b.p, errs, &st)) || (st = cli_before(cli, b.p, mc, errs)) ||
        !(sens = cli_sensitivity_of(cli, b.p, errs, &st)))
        goto done;
    errno = 0;
    if (stitch_report_file(cli->output, b.p, b.r, mc, sens, &err) != STITCH_OK)
        st = cli_print_diag(errs, &err, "");
    else {
        fprintf(out, "Wrote %s\n", cli->output);
        if (fflush(out) != 0 || ferror(out))
            st = cli_write_failed(errs);
    }
done:
    stitch_sensitivity_free(sens);
    stitch_mc_free(mc);
    cli_case_free(&b);
    return st;
}
