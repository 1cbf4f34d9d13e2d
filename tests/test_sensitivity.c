/* test_sensitivity.c — the tables of docs/method.md section 5, against numbers that can
 * be worked out by hand or from each distribution's own formula. */
#include "harness.h"
#include "plan.h"
#include "sensitivity.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static stitch_sensitivity *sens(const stitch_plan *p, long sobol_n)
{
    stitch_sensitivity_options o = {0};
    o.sobol_n = sobol_n;
    o.seed = 7;
    stitch_diag err;
    stitch_sensitivity *s = stitch_sensitivity_run(p, &o, &err);
    cr_assert_not_null(s, "%s", err.message);
    return s;
}

static long input(const stitch_plan *p, const char *path)
{
    for (size_t i = 0; i < p->n_inputs; i++)
        if (strcmp(p->inputs[i].path, path) == 0)
            return (long)i;
    cr_assert_fail("no input %s", path);
    return -1;
}

static const sens_tornado *tornado_row(const stitch_sensitivity *s, long in)
{
    for (size_t k = 0; k < s->n_tornado; k++)
        if ((long)s->tornado[k].input == in)
            return &s->tornado[k];
    cr_assert_fail("input %ld is not in the tornado", in);
    return NULL;
}

/* NPV of the plan with input i at v, the rest at base. */
static double npv_with(const stitch_plan *p, long i, double v)
{
    double *x = malloc(p->n_inputs * sizeof *x);
    stitch_result *r = stitch_result_alloc(p);
    stitch_plan_base(p, x);
    x[i] = v;
    stitch_eval(p, x, r);
    double npv = r->npv;
    stitch_result_free(r);
    free(x);
    return npv;
}

/* P10 and P90 from each distribution's formula (z = 1.2815515655446004 is
 * the standard normal's 90th percentile), or, where the inverse has no
 * closed form, the forward CDF at the bound equals 0.10 / 0.90. */
Test(tornado, bounds_are_each_distributions_p10_and_p90)
{
    stitch_plan *p = load_plan("tests/data/hand/sens.cfg");
    stitch_sensitivity *s = sens(p, -1);
    const double z = 1.2815515655446004;
    const sens_tornado *t;
    t = tornado_row(s, input(p, "costs.staff.amount")); /* uniform 2000..6000 */
    cr_assert_float_eq(t->low, 2400.0, 1e-9);
    cr_assert_float_eq(t->high, 5600.0, 1e-9);
    t = tornado_row(s, input(p, "outputs.reached.count")); /* normal 100, 10 */
    cr_assert_float_eq(t->low, 100 - 10 * z, 1e-9);
    cr_assert_float_eq(t->high, 100 + 10 * z, 1e-9);
    /* triangular 1, 2, 4: F(mode) = 1/3; P10 = 1 + sqrt(0.1 * 3 * 1), P90 = 4 - sqrt(0.1
     * * 3 * 2) */
    t = tornado_row(s, input(p, "benefits.gp.quantity"));
    cr_assert_float_eq(t->low, 1 + sqrt(0.3), 1e-12);
    cr_assert_float_eq(t->high, 4 - sqrt(0.6), 1e-12);
    /* lognormal mean 50, sd 10: sigma^2 = ln(1.04), mu = ln 50 - sigma^2 / 2 */
    double s2 = log(1.04), mu = log(50.0) - s2 / 2;
    t = tornado_row(s, input(p, "unit_costs.t_gp.cost"));
    cr_assert_float_eq(t->low, exp(mu - z * sqrt(s2)), 1e-9);
    cr_assert_float_eq(t->high, exp(mu + z * sqrt(s2)), 1e-9);
    /* beta mean 0.5, sd 0.1: alpha = beta = 0.5 (0.25 / 0.01 - 1) = 12 */
    t = tornado_row(s, input(p, "outcomes.better.rate"));
    cr_assert_float_eq(gsl_cdf_beta_P(t->low, 12, 12), 0.10, 1e-9);
    cr_assert_float_eq(gsl_cdf_beta_P(t->high, 12, 12), 0.90, 1e-9);
    /* gamma mean 100, sd 20: shape 25, scale 4 */
    t = tornado_row(s, input(p, "benefits.wellbeing.value"));
    cr_assert_float_eq(gsl_cdf_gamma_P(t->low, 25, 4), 0.10, 1e-9);
    cr_assert_float_eq(gsl_cdf_gamma_P(t->high, 25, 4), 0.90, 1e-9);
    /* pert 0.1, 0.2, 0.4: Beta(1 + 4 (0.1/0.3), 1 + 4 (0.2/0.3)) on [0.1, 0.4] */
    t = tornado_row(s, input(p, "benefits.wellbeing.deadweight"));
    double a = 1 + 4.0 / 3, b = 1 + 8.0 / 3;
    cr_assert_float_eq(gsl_cdf_beta_P((t->low - 0.1) / 0.3, a, b), 0.10, 1e-9);
    cr_assert_float_eq(gsl_cdf_beta_P((t->high - 0.1) / 0.3, a, b), 0.90, 1e-9);
    /* A fixed adjustment at ±50%: the GP attribution 0.25 -> 0.125, 0.375. */
    t = tornado_row(s, input(p, "benefits.gp.attribution"));
    cr_assert(t->adjustment);
    cr_assert_float_eq(t->low, 0.125, 1e-15);
    cr_assert_float_eq(t->high, 0.375, 1e-15);
    /* Each row's NPV is the model's at that value; rows sorted by swing. */
    for (size_t k = 0; k < s->n_tornado; k++) {
        const sens_tornado *r = &s->tornado[k];
        cr_assert_float_eq(r->npv_low, npv_with(p, (long)r->input, r->low), 1e-9);
        if (k)
            cr_assert_geq(fabs(s->tornado[k - 1].bcr_high - s->tornado[k - 1].bcr_low),
                          fabs(r->bcr_high - r->bcr_low));
    }
    stitch_sensitivity_free(s);
    stitch_plan_free(p);
}

/* The switching row of input `path`, or fails the test. */
static const sens_switch *switch_row(const stitch_sensitivity *s, const stitch_plan *p,
                                     const char *path)
{
    long in = input(p, path);
    for (size_t k = 0; k < s->n_switching; k++)
        if ((long)s->switching[k].input == in)
            return &s->switching[k];
    cr_assert_fail("%s has no switching value", path);
    return NULL;
}

/* Every switching value found brings the NPV to zero, to the penny. */
Test(switching, values_solve_npv_zero)
{
    const char *models[] = {"tests/data/hand/switch.cfg", "tests/data/hand/sens.cfg",
                            "tests/data/hand/a.cfg", "models/befriending.cfg"};
    for (size_t m = 0; m < sizeof models / sizeof *models; m++) {
        stitch_plan *p = load_plan(models[m]);
        stitch_sensitivity *s = sens(p, -1);
        cr_assert_gt(s->n_switching, 0);
        for (size_t k = 0; k < s->n_switching; k++) {
            const sens_switch *w = &s->switching[k];
            if (isnan(w->value))
                continue;
            double npv = npv_with(p, (long)w->input, w->value);
            cr_expect(fabs(npv) < 0.005, "%s: %s = %.17g gives NPV %g", models[m],
                      p->inputs[w->input].path, w->value, npv);
        }
        stitch_sensitivity_free(s);
        stitch_plan_free(p);
    }
}

/* The hand-built model of tests/data/hand/switch.cfg (its comment works
 * every figure out): PVC 1050, PVB 1200. Each switching value, its
 * uniform P5 and P95 (a + 0.05 (b - a), a + 0.95 (b - a)) and whether it
 * lies between them; hand case A's reach, where NPV is proportional to the
 * reach, switches at 100 PVC / PVB. */
Test(switching, hand_values_and_ranges)
{
    stitch_plan *p = load_plan("tests/data/hand/switch.cfg");
    stitch_sensitivity *s = sens(p, -1);
    static const struct {
        const char *path;
        double base, value, p5, p95;
        int fixed, in_range;
    } want[] = {
        {"costs.staff.amount", 1050, 1200, 870, 1230, 0, 1},
        {"outputs.reached.count", 100, 87.5, 82, 118, 0, 1},
        {"outcomes.better.rate", 0.5, 0.4375, 0.5, 0.5, 1, 0},
        {"benefits.wellbeing.value", 22, 19, 21.1, 22.9, 0, 0},
        {"benefits.extra.value", 4, -2, 4, 4, 1, 0},
        {"benefits.extra.attribution", 0.5, NAN, 0.5, 0.5, 1, 0},
    };
    cr_expect_eq(s->n_switching, sizeof want / sizeof *want);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const sens_switch *w = switch_row(s, p, want[i].path);
        const char *path = want[i].path;
        cr_expect_float_eq(w->base, want[i].base, 1e-12, "%s base %.17g", path, w->base);
        if (isnan(want[i].value))
            cr_expect(isnan(w->value), "%s switches at %.17g, want none", path, w->value);
        else
            cr_expect_float_eq(w->value, want[i].value, 1e-9, "%s switches at %.17g", path,
                               w->value);
        cr_expect_float_eq(w->p5, want[i].p5, 1e-9, "%s P5 %.17g", path, w->p5);
        cr_expect_float_eq(w->p95, want[i].p95, 1e-9, "%s P95 %.17g", path, w->p95);
        cr_expect_eq(w->fixed, want[i].fixed, "%s fixed", path);
        cr_expect_eq(w->in_range, want[i].in_range, "%s in range", path);
    }
    stitch_sensitivity_free(s);
    stitch_plan_free(p);

    p = load_plan("tests/data/hand/a.cfg");
    stitch_result *base = base_case(p);
    s = sens(p, -1);
    /* NPV(c) = PVB c / 100 - PVC, the cost not depending on reach. */
    const sens_switch *w = switch_row(s, p, "outputs.reached.count");
    cr_assert_float_eq(w->value, 100 * base->pvc / base->pvb, 1e-9);
    stitch_sensitivity_free(s);
    stitch_result_free(base);
    stitch_plan_free(p);
}

/* Scenarios: the model's named ones equal the model with those values set;
 * pessimistic <= base <= optimistic. */
Test(scenarios, named_and_pessimistic_optimistic)
{
    stitch_plan *p = load_plan("tests/data/hand/sens.cfg");
    stitch_result *base = base_case(p);
    stitch_sensitivity *s = sens(p, -1);
    cr_assert_eq(s->n_scenarios, 5);
    cr_assert_str_eq(s->scenarios[0].name, "Pessimistic");
    cr_assert_str_eq(s->scenarios[1].name, "Base");
    cr_assert_str_eq(s->scenarios[2].name, "Optimistic");
    cr_assert_float_eq(s->scenarios[1].npv, base->npv, 1e-9);
    cr_assert_lt(s->scenarios[0].npv, s->scenarios[1].npv);
    cr_assert_gt(s->scenarios[2].npv, s->scenarios[1].npv);
    cr_assert_str_eq(s->scenarios[3].name, "No GP effect");
    /* With no GP effect only the wellbeing benefit is left. */
    cr_assert_float_eq(s->scenarios[3].pvb, base->by_benefit[1], 1e-9);
    double *x = malloc(p->n_inputs * sizeof *x);
    stitch_result *r = stitch_result_alloc(p);
    stitch_plan_base(p, x);
    x[input(p, "outputs.reached.count")] = 50;
    x[input(p, "benefits.wellbeing.attribution")] = 0;
    stitch_eval(p, x, r);
    cr_assert_str_eq(s->scenarios[4].name, "Half reach, full credit");
    cr_assert_float_eq(s->scenarios[4].npv, r->npv, 1e-9);
    free(x);
    stitch_result_free(r);
    stitch_sensitivity_free(s);
    stitch_result_free(base);
    stitch_plan_free(p);
}

/* The default grid crosses the attribution with the widest swing and the
 * top tornado input; every cell is the model with those two values. */
Test(grid, default_axes_and_cells)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_sensitivity *s = sens(p, -1);
    cr_assert_str_eq(p->inputs[s->grid_a].path, "benefits.wellbeing.attribution");
    cr_assert_eq(s->grid_b, (long)s->tornado[0].input);
    cr_assert_eq(s->grid_n, 5);
    double *x = malloc(p->n_inputs * sizeof *x);
    stitch_result *r = stitch_result_alloc(p);
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 5; j++) {
            stitch_plan_base(p, x);
            x[s->grid_a] = s->grid_av[i];
            x[s->grid_b] = s->grid_bv[j];
            stitch_eval(p, x, r);
            cr_assert_float_eq(s->grid_bcr[i * 5 + j], r->bcr, 1e-12);
        }
    /* The grid's first and last columns are the tornado's P10 and P90. */
    const sens_tornado *t = tornado_row(s, s->grid_b);
    cr_assert_float_eq(s->grid_bv[0], t->low, 1e-12);
    cr_assert_float_eq(s->grid_bv[4], t->high, 1e-12);
    free(x);
    stitch_result_free(r);
    stitch_sensitivity_free(s);
    stitch_plan_free(p);
}

/* Horizon: the full length is the base case; discount: the model's own rate
 * (3.5%) row equals the base, 0% is the undiscounted sums. */
Test(horizon, lengths_and_rates)
{
    stitch_plan *p = load_plan("tests/data/hand/sens.cfg");
    stitch_result *base = base_case(p);
    stitch_sensitivity *s = sens(p, -1);
    cr_assert_float_eq(s->horizon_npv[p->years - 1], base->npv, 1e-9);
    cr_assert_float_eq(s->horizon_bcr[p->years - 1], base->bcr, 1e-12);
    /* Year 0 alone: its benefit over its cost, undiscounted. */
    cr_assert_float_eq(s->horizon_bcr[0], base->year_benefit[0] / base->year_cost[0],
                       1e-12);
    cr_assert_float_eq(s->discount[2].rate, 0.035, 1e-15);
    cr_assert_float_eq(s->discount[2].npv, base->npv, 1e-9);
    cr_assert(isnan(s->discount[3].rate));
    /* At 0%, the cost is 2 years of the staff mean (4000) plus setup 500. */
    double pvb0 = s->discount[0].npv + 2 * 4000 + 500;
    cr_assert_float_eq(s->discount[0].bcr, pvb0 / 8500, 1e-12);
    stitch_sensitivity_free(s);
    stitch_result_free(base);
    stitch_plan_free(p);
}

/* Hand case A has one benefit, so the attribution it alone would need is
 * the project's break-even attribution, 1 - PVC / contribution PVB. */
Test(attribution, one_benefit_alone_is_the_break_even)
{
    stitch_plan *p = load_plan("tests/data/hand/a.cfg");
    stitch_result *base = base_case(p);
    stitch_sensitivity *s = sens(p, -1);
    cr_assert_float_eq(s->benefits[0].contribution, base->contribution_pvb, 1e-9);
    cr_assert_float_eq(s->benefits[0].attributed, base->pvb, 1e-9);
    cr_assert_float_eq(s->benefits[0].attribution, 0.25, 1e-15);
    cr_assert_float_eq(s->benefits[0].break_even_alone, base->break_even_attribution,
                       1e-12);
    cr_assert_float_eq(s->break_even_attribution, 1 - base->pvc / base->contribution_pvb,
                       1e-12);
    stitch_sensitivity_free(s);
    stitch_result_free(base);
    stitch_plan_free(p);
}

/* Sobol on an additive model: the indices are the variance shares, 0.8 and
 * 0.2, first order and total (within 0.02 at the default sample size). */
Test(sobol, additive_model_gives_variance_shares, .timeout = 60)
{
    stitch_plan *p = load_plan("tests/data/hand/additive.cfg");
    stitch_sensitivity *s = sens(p, 0);
    cr_assert_eq(s->sobol_status, 0);
    cr_assert_eq(s->n_sobol, 2);
    const double share[2] = {0.8, 0.2};
    for (size_t i = 0; i < 2; i++) {
        cr_expect(fabs(s->sobol[i].s1 - share[i]) < 0.02, "S1[%zu] = %f", i,
                  s->sobol[i].s1);
        cr_expect(fabs(s->sobol[i].st - share[i]) < 0.02, "ST[%zu] = %f", i,
                  s->sobol[i].st);
        cr_expect(s->sobol[i].st_hi - s->sobol[i].st_lo < 0.1);
    }
    stitch_sensitivity_free(s);
    stitch_plan_free(p);
}

/* No uncertain input: every table still works and Sobol says why it is
 * empty rather than dividing by zero. */
Test(sobol, no_uncertain_inputs)
{
    stitch_plan *p = load_plan("tests/data/hand/a.cfg");
    stitch_sensitivity *s = sens(p, 0);
    cr_assert_eq(s->sobol_status, -1);
    cr_assert_eq(s->n_sobol, 0);
    cr_assert_gt(s->n_tornado, 0); /* the fixed adjustments at ±50% */
    for (size_t k = 0; k < s->n_tornado; k++)
        cr_assert(s->tornado[k].adjustment);
    stitch_sensitivity_free(s);
    stitch_plan_free(p);
}

/* ---- the command ----------------------------------------------------------------------
 */

static int run(const char *const *args, char **out, char **err)
{
    return run_stitch(src_path(""), args, out, err);
}

Test(command, no_uncertainty_text_says_so)
{
    char *out, *err;
    const char *args[] = {"sensitivity", "tests/data/hand/a.cfg", NULL};
    cr_assert_eq(run(args, &out, &err), 0, "%s", err);
    cr_assert(strstr(out,
                     "7. Global sensitivity (Sobol indices of NPV)\n  The model has no "
                     "uncertain inputs, so there is no uncertainty to share out.\n"),
              "%s", out);
    cr_assert_not(has_word(out, "nan"));
    cr_assert_not(has_word(out, "inf"));
    free(out), free(err);
}

/* JSON has docs/method.md section 6's members, with the right fields, and no NaN. */
Test(command, json_members)
{
    char *out, *err;
    const char *args[] = {"sensitivity", "--format", "json",
                          "--sobol",     "4096",     "models/befriending.cfg",
                          NULL};
    cr_assert_eq(run(args, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "not JSON");
    const char *members[] = {"tornado", "switching", "sobol"};
    const char *fields[3][7] = {
        {"path", "low", "high", "bcr_low", "bcr_high", "npv_low", "npv_high"},
        {"path", "base", "value", "p5", "p95", "in_range", NULL},
        {"path", "s1", "s1_ci", "st", "st_ci", NULL, NULL}};
    for (int m = 0; m < 3; m++) {
        cJSON *a = cJSON_GetObjectItem(j, members[m]);
        cr_assert(cJSON_IsArray(a) && cJSON_GetArraySize(a) > 0, "%s", members[m]);
        cJSON *row;
        cJSON_ArrayForEach(row, a) for (int f = 0; f < 7 && fields[m][f]; f++)
            cr_assert_not_null(cJSON_GetObjectItem(row, fields[m][f]), "%s.%s",
                               members[m], fields[m][f]);
    }
    cr_assert_not(has_word(out, "nan"));
    cJSON_Delete(j);
    free(out), free(err);
}

/* run --sensitivity adds the tables to the run's JSON. */
Test(command, run_with_sensitivity)
{
    char *out, *err;
    const char *args[] = {
        "run", "--format",     "json", "--sensitivity",          "--sobol",
        "0",   "--iterations", "2000", "models/befriending.cfg", NULL};
    cr_assert_eq(run(args, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert(cJSON_IsObject(cJSON_GetObjectItem(j, "summary")));
    cr_assert(cJSON_IsArray(cJSON_GetObjectItem(j, "tornado")));
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "sobol")), 0);
    cJSON_Delete(j);
    free(out), free(err);
}

Test(command, csv_tables)
{
    char *out, *err;
    const char *args[] = {"sensitivity",           "--format", "csv", "--sobol", "0",
                          "tests/data/hand/a.cfg", NULL};
    cr_assert_eq(run(args, &out, &err), 0, "%s", err);
    const char *head = "table,path,range,low,high,bcr_low,bcr_high,npv_low,npv_high\n";
    cr_assert(strncmp(out, head, strlen(head)) == 0, "%s", out);
    cr_assert(strstr(out, "\ntable,years,bcr,npv\nhorizon,1,"));
    cr_assert(strstr(out, "\nscenarios,Base,"));
    free(out), free(err);
}

Test(command, usage_errors)
{
    char *out, *err;
    const char *bad_grid[] = {"sensitivity", "--grid",
                              "outputs.reached.cuont,costs.staff.amount",
                              "tests/data/hand/a.cfg", NULL};
    cr_assert_eq(run(bad_grid, &out, &err), 2);
    cr_assert_str_eq(err,
                     "stitch: --grid: 'outputs.reached.cuont' is not a number of this "
                     "model (did you mean 'outputs.reached.count'?)\nTry 'stitch --help' "
                     "for more information.\n");
    free(out), free(err);
    const char *one[] = {"sensitivity", "--grid", "outputs.reached.count",
                         "tests/data/hand/a.cfg", NULL};
    cr_assert_eq(run(one, &out, &err), 2);
    cr_assert_str_eq(err,
                     "stitch: --grid: 'outputs.reached.count' is not two input paths "
                     "separated by a comma (e.g. "
                     "benefits.gp.attribution,outcomes.less_lonely.rate)\nTry 'stitch "
                     "--help' for more information.\n");
    free(out), free(err);
    const char *twice[] = {"sensitivity", "--grid",
                           "outputs.reached.count,outputs.reached.count",
                           "tests/data/hand/a.cfg", NULL};
    cr_assert_eq(run(twice, &out, &err), 2);
    cr_assert_str_eq(err,
                     "stitch: --grid: give two different inputs\nTry 'stitch --help' "
                     "for more information.\n");
    free(out), free(err);
    const char *sobol[] = {"sensitivity", "--sobol", "10", "tests/data/hand/a.cfg", NULL};
    cr_assert_eq(run(sobol, &out, &err), 2);
    cr_assert_str_eq(err, "stitch: --sobol: '10' is too small: use at least 64 (or 0 to "
                          "skip)\nTry 'stitch --help' for more information.\n");
    free(out), free(err);
}

/* The library names a grid axis at fault by its option, not by a flag of
 * the command line, and refuses it as bad input; the tool adds "--grid". */
Test(grid, unknown_axis_is_bad_input_named_by_its_option)
{
    stitch_plan *p = load_plan("tests/data/hand/a.cfg");
    stitch_sensitivity_options o = {0};
    o.grid_a = "outputs.reached.count";
    o.grid_b = "outputs.reached.cuont";
    o.sobol_n = -1;
    stitch_diag err;
    cr_assert_null(stitch_sensitivity_run(p, &o, &err));
    cr_assert_eq(err.status, STITCH_EINPUT);
    cr_assert_str_eq(err.file, "");
    cr_assert_str_eq(err.path, "grid_b");
    cr_assert_str_eq(err.message, "'outputs.reached.cuont' is not a number of this model "
                                  "(did you mean 'outputs.reached.count'?)");
    o.grid_b = o.grid_a;
    cr_assert_null(stitch_sensitivity_run(p, &o, &err));
    cr_assert_eq(err.status, STITCH_EINPUT);
    cr_assert_str_eq(err.path, "grid_b");
    cr_assert_str_eq(err.message, "give two different inputs");
    stitch_plan_free(p);
}

/* Found by fuzzing: with one input that moves the result, the default grid
 * had one axis and the reports read past the inputs. It is left out. */
Test(grid, one_moving_input_gives_no_grid)
{
    stitch_plan *p = load_plan("tests/data/fuzz-grid-one-input.cfg");
    stitch_sensitivity *s = sens(p, -1);
    cr_assert_eq(s->grid_a, -1);
    cr_assert_eq(s->grid_b, -1);
    stitch_sensitivity_free(s);
    stitch_plan_free(p);
    char *out, *err;
    const char *args[] = {"sensitivity", "--sobol", "0",
                          "tests/data/fuzz-grid-one-input.cfg", NULL};
    cr_assert_eq(run(args, &out, &err), 0, "%s", err);
    cr_assert(strstr(out,
                     "4. Two-way grid\n  Not shown: the model has fewer than two inputs "
                     "that change the result.\n"),
              "%s", out);
    free(out), free(err);
}

/*
 * Each year of a per-year value is a row of its own (tests/data/hand/
 * years.cfg, worked in test_eval.c). Year 1's count is U(10, 30): P10 12,
 * P90 28. Its cohort is half of it, and each of its people brings
 * 100 + 50 over two years, undiscounted: PVB = 750 + 75 × count[1] + 1500.
 * Year 1's staff cost is U(1500, 2500): P10 1600, P90 2400, discounted
 * one year at 10%. Years 0 and 2 are fixed and not adjustments: no rows.
 */
Test(tornado, per_year_values_are_rows_of_their_own)
{
    stitch_plan *p = load_plan("tests/data/hand/years.cfg");
    stitch_sensitivity *s = sens(p, 0);
    double pvc = 1500 + 2000 / 1.1 + 2000 / 1.21;
    const sens_tornado *c = tornado_row(s, input(p, "outputs.reached.count[1]"));
    cr_assert_float_eq(c->low, 12.0, 1e-9);
    cr_assert_float_eq(c->high, 28.0, 1e-9);
    cr_assert_float_eq(c->npv_low, 750 + 75 * 12.0 + 1500 - pvc, 1e-6);
    cr_assert_float_eq(c->npv_high, 750 + 75 * 28.0 + 1500 - pvc, 1e-6);
    const sens_tornado *a = tornado_row(s, input(p, "costs.staff.amount[1]"));
    cr_assert_float_eq(a->low, 1600.0, 1e-9);
    cr_assert_float_eq(a->npv_low, 3750 - (pvc - 400 / 1.1), 1e-6);
    cr_assert_float_eq(a->npv_high, 3750 - (pvc + 400 / 1.1), 1e-6);
    for (size_t k = 0; k < s->n_tornado; k++)
        cr_assert(
            strcmp(p->inputs[s->tornado[k].input].path, "outputs.reached.count[0]") &&
            strcmp(p->inputs[s->tornado[k].input].path, "costs.staff.amount[2]"));
    stitch_sensitivity_free(s);
    stitch_plan_free(p);
}

/* The library says how far its long steps have got (the tool draws a line
 * from it on a terminal): on two threads, each step starts at 0, never goes
 * back, ends at 1, and is told at most 1,000 times besides. */
Test(progress, every_long_step_runs_from_0_to_1)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    progress_seen seen = {0};
    stitch_sensitivity_options o = {.sobol_n = 4096,
                                    .seed = 7,
                                    .threads = 2,
                                    .progress = progress_record,
                                    .progress_ctx = &seen};
    stitch_diag err;
    stitch_sensitivity *s = stitch_sensitivity_run(p, &o, &err);
    cr_assert_not_null(s, "%s", err.message);
    const char *steps[] = {"tornado and switching values",
                           "Sobol indices: evaluating the model",
                           "Sobol indices: bootstrap intervals"};
    cr_assert_eq(seen.n_steps, 3);
    for (int k = 0; k < 3; k++) {
        cr_assert_str_eq(seen.step[k], steps[k]);
        cr_assert_eq(seen.first[k], 0.0, "%s starts at %g", steps[k], seen.first[k]);
        cr_assert_eq(seen.last[k], 1.0, "%s ends at %g", steps[k], seen.last[k]);
        cr_assert_leq(seen.calls[k], 1001, "%s: %d calls", steps[k], seen.calls[k]);
        cr_assert_geq(seen.calls[k], 3, "%s: %d calls", steps[k], seen.calls[k]);
    }
    cr_assert_eq(seen.backwards, 0);
    stitch_sensitivity_free(s);
    stitch_plan_free(p);
}

/* Sobol's sample and outputs take (3k + 3) n doubles for k uncertain
 * inputs: befriending's 15 at n = 6,000,000 would be 48 x 8 x 6,000,000
 * bytes = 2.15 GiB, refused with what to do instead; the most that fits
 * in 2 GiB is 2^31 / 384 = 5,592,405. */
Test(sobol, a_sample_too_large_for_memory_is_refused)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_sensitivity_options o = {.sobol_n = 6000000, .seed = 7};
    stitch_diag err;
    cr_assert_null(stitch_sensitivity_run(p, &o, &err));
    cr_assert_eq(err.status, STITCH_EINPUT);
    cr_assert_str_eq(
        err.message,
        "the Sobol indices of 15 uncertain inputs at a sample of 6,000,000 "
        "would keep 2.1 GiB of draws and results, more than the 2 GiB stitch "
        "allows: ask for a smaller sample with --sobol N (at most 5,592,405 "
        "here; the indices are then less precise, as their intervals show) or "
        "for none with --sobol 0");
    stitch_plan_free(p);
}
