/* case.c — the steps run, report, check and sensitivity share: load and
 * compile the model named on the command line, evaluate its base case,
 * and simulate or work out the sensitivity tables with the options given. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Load, link and compile the model named on the command line. */
cli_status cli_load(const cli_args *cli, FILE *errs, stitch_model **mp, stitch_plan **pp)
{
    stitch_diag err;
    stitch_costbook *cb = NULL;
    *pp = NULL;
    if (!(*mp = stitch_model_load(cli->model, &err)) ||
        !(cb = stitch_costbook_load_for(*mp, stitch_costbook_default_dirs(), &err)) ||
        !(*pp = stitch_plan_compile(*mp, cb, &err)) ||
        (!cli->no_monitoring && stitch_plan_monitor(*pp, *mp, &err) != STITCH_OK)) {
        stitch_costbook_free(cb);
        return cli_print_diag(errs, &err, "");
    }
    stitch_costbook_free(cb);
    return CLI_OK;
}

/* The sensitivity tables the command line asks for, or NULL after printing
 * the error into *st. */
stitch_sensitivity *cli_sensitivity_of(const cli_args *cli, const stitch_plan *p,
                                       FILE *errs, cli_status *st)
{
    stitch_sensitivity_options o = {0};
    o.grid_a = cli->grid[0][0] ? cli->grid[0] : NULL;
    o.grid_b = cli->grid[1][0] ? cli->grid[1] : NULL;
    o.grid_n = cli->grid_n;
    o.sobol_n = cli->sobol_n;
    o.seed = cli->seed_given ? cli->seed : stitch_plan_seed(p);
    o.threads = cli->threads;
    cli_progress pr;
    cli_progress_init(&pr, errs);
    o.progress = cli_progress_report, o.progress_ctx = &pr;
    stitch_diag err;
    stitch_sensitivity *s = stitch_sensitivity_run(p, &o, &err);
    if (!s && err.status == STITCH_EINPUT && strncmp(err.path, "grid_", 5) == 0) {
        stitch_diag u; /* an axis of --grid names no input: a usage error */
        *st = cli_usage(&u, "--grid: %s", err.message);
        cli_usage_error(&u, errs);
    } else if (!s)
        *st = cli_print_diag(errs, &err, "");
    return s;
}

void cli_case_free(cli_case *b)
{
    stitch_result_free(b->r);
    stitch_plan_free(b->p);
    stitch_model_free(b->m);
}

/* Evaluate the base case into *r (the caller frees it); a result too
 * large to add up is an error, so no report shows infinity. */
cli_status cli_base_case(const stitch_plan *p, FILE *errs, stitch_result **r)
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
        return cli_print_diag(errs, &err, "");
    return CLI_OK;
}

/* Load the model, print its warnings, and evaluate the base case. */
cli_status cli_case_open(const cli_args *cli, FILE *errs, cli_case *b)
{
    *b = (cli_case){NULL, NULL, NULL};
    cli_status st = cli_load(cli, errs, &b->m, &b->p);
    if (st)
        return st;
    size_t n;
    const stitch_diag *w = stitch_model_warnings(b->m, &n);
    cli_print_warnings(errs, w, n);
    w = stitch_plan_warnings(b->p, &n);
    cli_print_warnings(errs, w, n);
    stitch_model_free(b->m); /* the plan stands alone */
    b->m = NULL;
    return cli_base_case(b->p, errs, &b->r);
}

/* The Monte Carlo simulation the command line asks for, or NULL after
 * printing the error into *st. */
stitch_mc_result *cli_simulate(const cli_args *cli, const stitch_plan *p, FILE *errs,
                               cli_status *st)
{
    stitch_diag err;
    long n = cli->iterations ? cli->iterations : stitch_plan_iterations(p);
    cli_progress pr;
    cli_progress_init(&pr, errs);
    stitch_mc_options o = {.iterations =
                               cli->precision > 0 && !cli->iterations ? 10000000L : n,
                           .target = cli->precision > 0 ? cli->precision : 0,
                           .seed = cli->seed_given ? cli->seed : stitch_plan_seed(p),
                           .threads = cli->threads,
                           .sampling = (stitch_sampling)cli->sampling,
                           .progress = cli_progress_report,
                           .progress_ctx = &pr};
    stitch_mc_result *mc = stitch_mc_run_with(p, &o, &err);
    if (!mc)
        *st = cli_print_diag(errs, &err, "");
    return mc;
}

/* The case without the monitoring data: every updated input back at its
 * prior for a base case and a simulation of the same size and seed. */
cli_status cli_before(const cli_args *cli, stitch_plan *p, const stitch_mc_result *mc,
                      FILE *errs)
{
    if (!stitch_plan_update_count(p))
        return CLI_OK;
    stitch_result *r = NULL;
    stitch_mc_result *before = NULL;
    stitch_diag err;
    stitch_plan_use_prior(p, 1);
    cli_status st = cli_base_case(p, errs, &r);
    if (!st && mc &&
        !(before = stitch_mc_run_sampled(p, mc->iterations, 0, mc->seed, cli->threads,
                                         (stitch_sampling)mc->sampling, &err)))
        st = cli_print_diag(errs, &err, "");
    stitch_plan_use_prior(p, 0);
    if (!st)
        stitch_plan_set_before(p, r, before);
    stitch_mc_free(before);
    stitch_result_free(r);
    return st;
}

stitch_evidence *cli_evidence(stitch_plan *p, const stitch_evidence_options *o,
                              stitch_diag *err)
{
    stitch_evidence *e = stitch_evidence_run(p, o, err);
    if (!e || !stitch_plan_update_count(p))
        return e;
    stitch_plan_use_prior(p, 1); /* the same analysis without the data */
    stitch_evidence *before = stitch_evidence_run(p, o, err);
    stitch_plan_use_prior(p, 0);
    if (!before) {
        stitch_evidence_free(e);
        return NULL;
    }
    stitch_evidence_set_before(e, before);
    stitch_evidence_free(before);
    return e;
}
