/* portfolio.c — `stitch portfolio FILE`: a partnership's projects together,
 * from one joint simulation, and the best set within a budget; and what
 * check and report do with a portfolio file (docs/method.md section 14). */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>

typedef struct {
    stitch_portfolio_file *f;
    cli_case *cases;
    stitch_plan **plans;
    size_t n;
} pf_open;

static void pf_close(pf_open *o)
{
    for (size_t i = 0; o->cases && i < o->n; i++)
        cli_case_free(&o->cases[i]);
    free(o->cases), free(o->plans);
    stitch_portfolio_file_free(o->f);
}

/* The portfolio file and every model it lists, with their warnings. */
static cli_status pf_load(const cli_args *cli, FILE *errs, pf_open *o)
{
    stitch_diag err;
    *o = (pf_open){0};
    if (cli->sampling != STITCH_SAMPLING_MC) { /* docs/method.md sections 7.1 and 14.2 */
        fprintf(errs,
                "stitch: --sampling %s: a portfolio draws with one random stream per "
                "input, so that its projects share their unit costs' draws (only run, "
                "report and check of one model take --sampling)\n",
                stitch_sampling_name((stitch_sampling)cli->sampling));
        return CLI_USAGE;
    }
    if (!(o->f = stitch_portfolio_load(cli->model, &err)))
        return cli_print_diag(errs, &err, "");
    size_t n = stitch_portfolio_model_count(o->f);
    o->cases = calloc(n, sizeof *o->cases);
    o->plans = calloc(n, sizeof *o->plans);
    if (!o->cases || !o->plans) {
        fprintf(errs, "stitch: out of memory\n");
        return CLI_FAILED;
    }
    for (size_t i = 0; i < n; i++) {
        cli_args one = *cli;
        one.model = stitch_portfolio_model_path(o->f, i);
        o->n = i + 1;
        cli_status st = cli_case_open(&one, errs, &o->cases[i]);
        if (st)
            return st;
        o->plans[i] = o->cases[i].p;
    }
    return CLI_OK;
}

static stitch_portfolio *pf_simulate(const cli_args *cli, pf_open *o, FILE *errs,
                                     cli_status *st)
{
    size_t n;
    const stitch_diag *w = stitch_portfolio_file_warnings(o->f, &n);
    cli_print_warnings(errs, w, n);
    long iterations = cli->iterations ? cli->iterations : stitch_plan_iterations(o->plans[0]);
    unsigned long seed = cli->seed_given ? cli->seed : stitch_plan_seed(o->plans[0]);
    stitch_diag err = {0};
    stitch_portfolio *pf = stitch_portfolio_run(o->f, o->plans, iterations, seed,
                                                cli->threads,
                                                stitch_costbook_default_dirs(), &err);
    if (!pf)
        *st = cli_print_diag(errs, &err, "");
    return pf;
}

cli_status cli_cmd_portfolio(const cli_args *cli, FILE *out, FILE *errs)
{
    pf_open o;
    stitch_portfolio *pf = NULL;
    cli_status st = CLI_OK;
    if (cli->format == STITCH_FORMAT_CSV) {
        stitch_diag u;
        st = cli_usage(&u, "--format: a portfolio is written as text or json");
        cli_usage_error(&u, errs);
        return st;
    }
    if ((st = pf_load(cli, errs, &o)) || !(pf = pf_simulate(cli, &o, errs, &st)))
        goto done;
    errno = 0;
    if (stitch_report_portfolio(out, cli->format, pf) != STITCH_OK)
        st = cli_write_failed(errs);
done:
    stitch_portfolio_free(pf);
    pf_close(&o);
    return st;
}

/* check on a portfolio: every model as `stitch check` checks it alone (its
 * warnings printed and counted), and no two projects serving the same need
 * claim the same saving. */
cli_status cli_check_portfolio(const cli_args *cli, FILE *out, FILE *errs)
{
    pf_open o;
    stitch_portfolio *pf = NULL;
    cli_status st = pf_load(cli, errs, &o);
    size_t n = 0, each = 0;
    if (st == CLI_OK && stitch_portfolio_lint(o.f, (const stitch_plan *const *)o.plans) !=
                            STITCH_OK) {
        fprintf(errs, "stitch: out of memory\n");
        st = CLI_FAILED;
    }
    /* what `stitch portfolio` would do, so that every check passes runs
     * (and an error in the portfolio comes first); then each project as
     * `stitch check` checks it alone */
    if (st == CLI_OK)
        pf = pf_simulate(cli, &o, errs, &st);
    for (size_t i = 0; pf && st == CLI_OK && i < o.n; i++) {
        cli_args one = *cli;
        one.model = stitch_portfolio_model_path(o.f, i);
        stitch_plan *p = NULL;
        size_t k = 0;
        st = cli_lint_model(&one, errs, &p, &k);
        stitch_plan_free(p);
        each += k;
    }
    if (pf && st == CLI_OK) {
        stitch_portfolio_file_warnings(o.f, &n);
        n += each;
        errno = 0;
        fprintf(out, "%s: %s: a portfolio of %zu project%s; %zu warning%s\n", cli->model,
                n ? "usable, with warnings" : "OK", o.n, o.n == 1 ? "" : "s", n,
                n == 1 ? "" : "s");
        if (fflush(out) != 0 || ferror(out))
            st = cli_write_failed(errs);
        else if (n)
            st = CLI_WARNINGS;
    }
    stitch_portfolio_free(pf);
    pf_close(&o);
    return st;
}

/* report on a portfolio: the portfolio's own report, in the format the
 * file's extension names. */
cli_status cli_report_portfolio(const cli_args *cli, FILE *out, FILE *errs)
{
    pf_open o;
    stitch_portfolio *pf = NULL;
    stitch_diag err;
    cli_status st = pf_load(cli, errs, &o);
    if (st == CLI_OK && (pf = pf_simulate(cli, &o, errs, &st))) {
        errno = 0;
        if (stitch_report_portfolio_file(cli->output, pf, &err) != STITCH_OK)
            st = cli_print_diag(errs, &err, "");
        else {
            fprintf(out, "Wrote %s\n", cli->output);
            if (fflush(out) != 0 || ferror(out))
                st = cli_write_failed(errs);
        }
    }
    stitch_portfolio_free(pf);
    pf_close(&o);
    return st;
}
