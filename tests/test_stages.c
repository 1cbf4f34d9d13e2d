/* test_stages.c — each stage reads what the stages before it made and
 * never writes back: warnings come back with the object of the stage that
 * found them, and the model may be freed once the plan is compiled. */
#include "eval.h"
#include "harness.h"
#include "sample.h"

#include <criterion/criterion.h>
#include <gsl/gsl_sort_double.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const *unitcost_dirs(void)
{
    static char path[4096];
    static const char *d[2] = {path, NULL};
    snprintf(path, sizeof path, "%s/unitcosts", STITCH_SOURCE_DIR);
    return d;
}

static stitch_model *model(const char *rel)
{
    stitch_diag err;
    stitch_model *m = stitch_model_load(src_path(rel), &err);
    cr_assert_not_null(m, "%s", err.message);
    return m;
}

static stitch_plan *compile(const stitch_model *m)
{
    stitch_diag err;
    stitch_costbook *cb = stitch_costbook_load_for(m, unitcost_dirs(), &err);
    cr_assert_not_null(cb, "%s", err.message);
    stitch_plan *p = stitch_plan_compile(m, cb, &err);
    cr_assert_not_null(p, "%s", err.message);
    stitch_costbook_free(cb);
    return p;
}

static const char *ends(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0 ? tail : s;
}

/* A model warning (an unknown key at line 6) stays the model's alone:
 * compiling and linting add nothing to it, and the lint result, which
 * holds every warning a check shows, has it once. */
Test(stages, the_model_keeps_only_its_own_warnings)
{
    stitch_model *m = model("tests/bad/warn-unknown-top-key.cfg");
    size_t n;
    const stitch_diag *w = stitch_model_warnings(m, &n);
    cr_assert_eq(n, 1);
    cr_assert_eq(w[0].line, 6);
    cr_assert_str_eq(w[0].path, "author");
    cr_assert_str_eq(w[0].message, "unknown key, ignored");
    cr_assert_eq(w[0].status, STITCH_OK);
    stitch_plan *p = compile(m);
    stitch_model_warnings(m, &n);
    cr_assert_eq(n, 1, "compiling added %zu warnings to the model", n - 1);
    stitch_plan_warnings(p, &n);
    cr_assert_eq(n, 0);
    stitch_diag err;
    stitch_lint_result *l = stitch_lint_run(m, p, &err);
    cr_assert_not_null(l, "%s", err.message);
    stitch_model_warnings(m, &n);
    cr_assert_eq(n, 1, "linting added %zu warnings to the model", n - 1);
    w = stitch_lint_warnings(l, &n);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(w[0].path, "author");
    stitch_lint_free(l);
    stitch_plan_free(p);
    stitch_model_free(m);
}

/* A table read as Windows-1252 is the plan's warning, not the model's, and
 * the plan keeps it after the model is freed. */
Test(stages, table_warnings_come_back_with_the_plan)
{
    stitch_model *m = model("tests/bad/warn-csv-windows-1252.cfg");
    stitch_plan *p = compile(m);
    size_t n;
    stitch_model_warnings(m, &n);
    cr_assert_eq(n, 0);
    stitch_model_free(m);
    const stitch_diag *w = stitch_plan_warnings(p, &n);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(ends(w[0].file, "/tests/bad/warn-csv-windows-1252.csv"),
                     "/tests/bad/warn-csv-windows-1252.csv");
    cr_assert_str_eq(
        w[0].message,
        "not UTF-8: read as Windows-1252; save as 'CSV UTF-8' to silence this");
    /* The plan stands alone: £30,000 a year for 3 years at 3.5%. */
    stitch_result *r = base_case(p);
    cr_assert_float_eq(r->pvc, 30000 * (1 + 1 / 1.035 + 1 / (1.035 * 1.035)), 1e-6);
    stitch_result_free(r);
    stitch_plan_free(p);
}

/* The plan's own warnings (a benefit that runs past the last year, an
 * override no benefit uses) follow the tables' and are sorted into the
 * lint result by line: the unused override (line 9) before the benefit
 * (line 14). */
Test(stages, plan_warnings_are_sorted_into_the_lint_result)
{
    char *dir = temp_dir();
    write_file(
        dir, "m.cfg",
        "name = \"Order\";\nprice_year = \"2023/24\";\nyears = 2;\n"
        "discount = 0.035;\nunit_costs = [\"uk-pssru-2024.csv\"];\n"
        "need = { text = \"Need\"; population = 100; };\n"
        "costs = ( { id = \"staff\"; amount = 1000.0; per = \"year\"; } );\n"
        "unit_cost_overrides = {\n"
        "  gp_telephone_triage = 20.0; };\n"
        "outputs = ( { id = \"o\"; count = 10.0; evidence = \"Records\"; } );\n"
        "outcomes = ( { id = \"k\"; from = \"o\"; rate = 0.5;\n"
        "  evidence = \"Study\"; } );\n"
        "benefits = (\n"
        "  { id = \"b\"; outcome = \"k\"; value = 100.0; attribution = 0.5;\n"
        "    duration = 3; drop_off = 0.2; confidence = \"high\";\n"
        "    evidence = \"Study\"; }\n"
        ");\n"
        "optimism_bias = { high = 0.0; medium = 0.1; low = 0.25; none = 0.5; };\n");
    char path[4200];
    snprintf(path, sizeof path, "%s/m.cfg", dir);
    stitch_diag err;
    stitch_model *m = stitch_model_load(path, &err);
    cr_assert_not_null(m, "%s", err.message);
    stitch_plan *p = compile(m);
    size_t n;
    const stitch_diag *w = stitch_plan_warnings(p, &n);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(w[0].path, "benefits.b.duration"); /* linking order */
    cr_assert_eq(w[0].line, 15);
    cr_assert_str_eq(w[1].path, "unit_costs.gp_telephone_triage.cost");
    cr_assert_eq(w[1].line, 9);
    stitch_lint_result *l = stitch_lint_run(m, p, &err);
    cr_assert_not_null(l, "%s", err.message);
    w = stitch_lint_warnings(l, &n);
    cr_assert_eq(n, 2);
    cr_assert_eq(w[0].line, 9);
    cr_assert_eq(w[1].line, 15);
    stitch_lint_free(l);
    stitch_plan_free(p);
    stitch_model_free(m);
    rm_rf(dir);
}

/* Sensitivity evaluates with other discount factors through eval_with,
 * never through a changed copy of the plan. Hand case A: £1,000 a year for
 * 2 delivery years and £500 once, at 10%: PVC = 1000 + 1000 / 1.1 + 500;
 * with every factor 1 (no discounting) it is 2500; and the plan's own
 * evaluation is the same after as before. */
Test(stages, evaluation_options_leave_the_plan_alone)
{
    stitch_plan *p = load_plan("tests/data/hand/a.cfg");
    stitch_result *r = base_case(p);
    cr_assert_float_eq(r->pvc, 1000 + 1000 / 1.1 + 500, 1e-9);
    size_t m = p->n_sched * (size_t)p->years;
    double *df = malloc(m * sizeof *df), *x = malloc(p->n_inputs * sizeof *x);
    cr_assert(df && x);
    for (size_t i = 0; i < m; i++)
        df[i] = 1;
    stitch_plan_base(p, x);
    eval_options o = {df};
    eval_with(p, x, &o, r);
    cr_assert_float_eq(r->pvc, 2500, 1e-9);
    stitch_eval(p, x, r);
    cr_assert_float_eq(r->pvc, 1000 + 1000 / 1.1 + 500, 1e-9);
    free(df), free(x);
    stitch_result_free(r);
    stitch_plan_free(p);
}

/* Sobol draws independent inputs by asking sample_block for them, not by
 * a copy of the plan without correlations: each column is then exactly
 * its input's own stream, and the correlated draw holds the same values
 * in another order. */
Test(stages, independent_draws_are_each_inputs_own_stream)
{
    stitch_plan *p = load_plan("tests/data/hand/correlated.cfg");
    cr_assert_eq(p->n_corr, 3);
    size_t k = p->n_uncertain, n = STITCH_BLOCK;
    double *ind = malloc(k * n * sizeof *ind), *cor = malloc(k * n * sizeof *cor);
    double *own = malloc(n * sizeof *own);
    sample_scratch *z = sample_scratch_alloc(p);
    gsl_rng *rng = gsl_rng_alloc(sample_rng_type());
    cr_assert(ind && cor && own && z && rng);
    sample_block(p, 7, 3, n, SAMPLE_INDEPENDENT, rng, ind, z);
    sample_block(p, 7, 3, n, SAMPLE_CORRELATED, rng, cor, z);
    size_t moved = 0;
    for (size_t u = 0; u < k; u++) {
        const plan_input *in = &p->inputs[p->uncertain[u]];
        gsl_rng_set(rng, sample_stream_seed(7, in->path, 3));
        sample_draw(&in->dist, rng, own, n);
        cr_assert_arr_eq(ind + u * n, own, n * sizeof *own, "%s", in->path);
        for (size_t i = 0; i < n; i++)
            moved += ind[u * n + i] != cor[u * n + i];
        gsl_sort(ind + u * n, 1, n);
        gsl_sort(cor + u * n, 1, n);
        cr_assert_arr_eq(ind + u * n, cor + u * n, n * sizeof *own, "%s", in->path);
    }
    cr_assert_gt(moved, 0, "the correlated draw reordered nothing");
    gsl_rng_free(rng);
    sample_scratch_free(z);
    free(ind), free(cor), free(own);
    stitch_plan_free(p);
}
