/* use_libstitch.c — a program outside stitch that uses only the installed
 * library: built by tests/install/run.sh with `pkg-config --cflags --libs
 * stitch` against an installed tree. It loads a model, evaluates the base
 * case and summarises a Monte Carlo run, printing the figures the README
 * quotes for the befriending example, and the count of warnings a check
 * gives (the model's, the plan's and the lint rules'). */
#include <stitch/stitch.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: use_libstitch MODEL\n");
        return 2;
    }
    stitch_init();
    stitch_diag err;
    char msg[2048];
    int rc = 1;
    stitch_costbook *cb = NULL;
    stitch_plan *p = NULL;
    stitch_result *r = NULL;
    stitch_mc_result *mc = NULL;
    stitch_lint_result *lint = NULL;
    double *x = NULL;
    size_t warnings = 0;
    stitch_model *m = stitch_model_load(argv[1], &err);
    if (!m || !(cb = stitch_costbook_load_for(m, stitch_costbook_default_dirs(), &err)) ||
        !(p = stitch_plan_compile(m, cb, &err)) || !(lint = stitch_lint_run(m, p, &err)))
        goto done;
    stitch_lint_warnings(lint, &warnings);
    stitch_costbook_free(cb), cb = NULL;
    stitch_model_free(m), m = NULL;
    r = stitch_result_alloc(p);
    x = calloc(stitch_plan_input_count(p) + 1, sizeof *x);
    if (!r || !x)
        goto done;
    stitch_plan_base(p, x);
    stitch_eval(p, x, r);
    if (stitch_lint_case(lint, p, r, &err) != STITCH_OK) /* the checks on the base case */
        goto done;
    stitch_lint_warnings(lint, &warnings);
    if (!(mc = stitch_mc_run(p, 10000, 20241, 2, &err)))
        goto done;
    printf("base: PVB %.0f, PVC %.0f, BCR %.2f, break-even attribution %.0f%%\n", r->pvb,
           r->pvc, r->bcr, r->break_even_attribution * 100);
    printf("simulated: %ld iterations, P5 BCR %.2f, P95 BCR %.2f\n", mc->iterations,
           mc->bcr.p5, mc->bcr.p95);
    printf("checked: %zu warnings\n", warnings);
    rc = 0;
done:
    if (rc)
        fprintf(stderr, "%s\n", stitch_diag_format(&err, "", msg, sizeof msg));
    free(x);
    stitch_mc_free(mc);
    stitch_lint_free(lint);
    stitch_result_free(r);
    stitch_plan_free(p);
    stitch_costbook_free(cb);
    stitch_model_free(m);
    return rc;
}
