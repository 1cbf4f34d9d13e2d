/* check.c — `stitch check MODEL`: every warning a reviewer would raise,
 * then what run would do next, so that every model check passes runs. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>

/* Load the model named in cli and lint it, its base case included, and
 * print its warnings; *n gets how many. On success *pp is the plan (the
 * caller frees it). */
cli_status cli_lint_model(const cli_args *cli, FILE *errs, stitch_plan **pp, size_t *n)
{
    stitch_model *m = NULL;
    stitch_lint_result *lint = NULL;
    stitch_result *r = NULL;
    stitch_diag err;
    *n = 0;
    cli_status st = cli_load(cli, errs, &m, pp);
    if (st == CLI_OK && !(lint = stitch_lint_run(m, *pp, &err)))
        st = cli_print_diag(errs, &err, "");
    stitch_model_free(m); /* the plan and the lint result stand alone */
    if (st == CLI_OK) {
        /* the base case first, quietly: the checks on it join the warnings,
         * which are printed before any error it has */
        stitch_diag base_err;
        int base_ok = 0;
        double *x = calloc(stitch_plan_input_count(*pp) + 1, sizeof *x);
        if ((r = stitch_result_alloc(*pp)) && x) {
            stitch_plan_base(*pp, x);
            stitch_eval(*pp, x, r);
            base_ok = stitch_result_check(*pp, r, &base_err) == STITCH_OK;
        }
        free(x);
        if (base_ok && stitch_lint_case(lint, *pp, r, &err) != STITCH_OK)
            st = cli_print_diag(errs, &err, "");
        const stitch_diag *w = stitch_lint_warnings(lint, n);
        cli_print_warnings(errs, w, *n);
    }
    stitch_result_free(r);
    stitch_lint_free(lint);
    return st;
}

/* check: load and lint the model, then do what run would do next (the
 * base case and the simulation), so that every model check passes runs. */
cli_status cli_cmd_check(const cli_args *cli, FILE *out, FILE *errs)
{
    if (stitch_file_is_portfolio(cli->model))
        return cli_check_portfolio(cli, out, errs);
    stitch_plan *p = NULL;
    stitch_result *r = NULL;
    stitch_mc_result *mc = NULL;
    size_t n = 0;
    cli_status st = cli_lint_model(cli, errs, &p, &n);
    if (st == CLI_OK && (st = cli_base_case(p, errs, &r)) == CLI_OK)
        mc = cli_simulate(cli, p, errs, &st);
    if (st == CLI_OK) {
        size_t uncertain = 0;
        for (size_t i = 0; i < stitch_plan_input_count(p); i++)
            uncertain += (size_t)stitch_plan_input_uncertain(p, i);
        errno = 0;
        size_t updated = stitch_plan_update_count(p);
        char by_data[64] = "";
        if (updated)
            snprintf(by_data, sizeof by_data, ", %zu updated by monitoring data", updated);
        fprintf(out, "%s: %s: %zu inputs, %zu of them uncertain%s; %zu warning%s\n",
                cli->model, n ? "usable, with warnings" : "OK",
                stitch_plan_input_count(p), uncertain, by_data, n, n == 1 ? "" : "s");
        if (fflush(out) != 0 || ferror(out))
            st = cli_write_failed(errs);
        else if (n)
            st = CLI_WARNINGS;
    }
    stitch_mc_free(mc);
    stitch_result_free(r);
    stitch_plan_free(p);
    return st;
}
