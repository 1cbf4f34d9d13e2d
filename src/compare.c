/* compare.c — `stitch compare A.cfg B.cfg …`: options for the same need
 * side by side, on the same draws (docs/method.md section 12). */
#include "cli.h"

#include <errno.h>
#include <string.h>

cli_status cli_cmd_compare(const cli_args *cli, FILE *out, FILE *errs)
{
    cli_case cases[16] = {{0}};
    const stitch_plan *plans[16];
    stitch_comparison *c = NULL;
    cli_status st = CLI_OK;
    if (cli->format == STITCH_FORMAT_CSV) {
        stitch_diag u;
        st = cli_usage(&u, "--format: a comparison is written as text or json");
        cli_usage_error(&u, errs);
        return st;
    }
    size_t n = cli->n_models;
    for (size_t i = 0; i < n; i++) {
        cli_args one = *cli;
        one.model = cli->models[i];
        if ((st = cli_case_open(&one, errs, &cases[i])))
            goto done;
        plans[i] = cases[i].p;
    }
    long iterations =
        cli->iterations ? cli->iterations : stitch_plan_iterations(plans[0]);
    unsigned long seed = cli->seed_given ? cli->seed : stitch_plan_seed(plans[0]);
    stitch_diag err = {0};
    c = stitch_compare_run(plans, cli->models, n, iterations, seed, cli->threads, &err);
    if (!c) {
        st = cli_print_diag(errs, &err, "");
        goto done;
    }
    errno = 0;
    if (cli->output) { /* the comparison's report, in the format its name says */
        if (stitch_report_comparison_file(cli->output, c, &err) != STITCH_OK)
            st = cli_print_diag(errs, &err, "");
        else {
            fprintf(out, "Wrote %s\n", cli->output);
            if (fflush(out) != 0 || ferror(out))
                st = cli_write_failed(errs);
        }
    } else if (stitch_report_comparison(out, cli->format, c) != STITCH_OK)
        st = cli_write_failed(errs);
done:
    stitch_comparison_free(c);
    for (size_t i = 0; i < n; i++)
        cli_case_free(&cases[i]);
    return st;
}
