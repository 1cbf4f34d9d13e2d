/* evidence.c — `stitch evidence MODEL`: what finding out would be worth
 * to the decision to fund the project (docs/method.md section 11). */
#include "cli.h"

#include <errno.h>
#include <string.h>

cli_status cli_cmd_evidence(const cli_args *cli, FILE *out, FILE *errs)
{
    cli_case b = {0};
    stitch_evidence *e = NULL;
    if (cli->format == STITCH_FORMAT_CSV) {
        stitch_diag u;
        cli_status st = cli_usage(&u, "--format: evidence is written as text or json");
        cli_usage_error(&u, errs);
        return st;
    }
    cli_status st = cli_case_open(cli, errs, &b);
    if (st)
        goto done;
    stitch_evidence_options o = {cli->iterations,
                                 cli->seed_given ? cli->seed : stitch_plan_seed(b.p),
                                 cli->threads};
    stitch_diag err = {0};
    e = cli_evidence(b.p, &o, &err);
    if (!e) {
        if (err.status == STITCH_EINPUT && strcmp(err.path, "iterations") == 0) {
            stitch_diag u; /* too few simulations: a usage error */
            st = cli_usage(&u, "--iterations: %s", err.message);
            cli_usage_error(&u, errs);
        } else
            st = cli_print_diag(errs, &err, "");
        goto done;
    }
    errno = 0;
    if (stitch_report_evidence(out, cli->format, b.p, e) != STITCH_OK)
        st = cli_write_failed(errs);
done:
    stitch_evidence_free(e);
    cli_case_free(&b);
    return st;
}
