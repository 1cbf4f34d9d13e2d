/* report.c — `stitch report MODEL -o FILE`: the full report for a funder
 * (the simulation, every sensitivity table and, from 10,000 simulations,
 * the value of information), in the format FILE's extension names. */
#include "cli.h"

#include <errno.h>

cli_status cli_cmd_report(const cli_args *cli, FILE *out, FILE *errs)
{
    cli_case b;
    stitch_mc_result *mc = NULL;
    stitch_sensitivity *sens = NULL;
    stitch_evidence *ev = NULL;
    stitch_diag err;
    if (stitch_file_is_portfolio(cli->model))
        return cli_report_portfolio(cli, out, errs);
    cli_status st = cli_case_open(cli, errs, &b);
    if (st || !(mc = cli_simulate(cli, b.p, errs, &st)) || (st = cli_before(cli, b.p, mc, errs)) ||
        !(sens = cli_sensitivity_of(cli, b.p, errs, &st)))
        goto done;
    /* the value of information, from the report's own simulation size when
     * it is large enough (docs/method.md section 11) */
    if (mc->iterations >= STITCH_EVIDENCE_MIN) {
        long n = mc->iterations < STITCH_EVIDENCE_DEFAULT ? mc->iterations
                                                          : STITCH_EVIDENCE_DEFAULT;
        stitch_evidence_options o = {n, mc->seed, cli->threads};
        if (!(ev = cli_evidence(b.p, &o, &err))) {
            st = cli_print_diag(errs, &err, "");
            goto done;
        }
    }
    errno = 0;
    if (stitch_report_file_evidence(cli->output, b.p, b.r, mc, sens, ev, &err) !=
        STITCH_OK)
        st = cli_print_diag(errs, &err, "");
    else {
        fprintf(out, "Wrote %s\n", cli->output);
        if (fflush(out) != 0 || ferror(out))
            st = cli_write_failed(errs);
    }
done:
    stitch_evidence_free(ev);
    stitch_sensitivity_free(sens);
    stitch_mc_free(mc);
    cli_case_free(&b);
    return st;
}
