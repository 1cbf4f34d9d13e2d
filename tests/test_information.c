/* test_information.c — the value of information against answers worked out
 * by hand (docs/method.md section 11).
 *
 * With NPV = a x - c and x normal, NPV is normal(m, s) and
 *   EVPI = m Phi(m/s) + s phi(m/s) - max(m, 0);
 * with independent normal inputs, each EVPPI is the same formula with
 * s = |a_i| sd_i. Each estimate must lie within 3 of its standard errors
 * or 2% of the answer, whichever is wider. A product of two inputs is
 * checked against nested Monte Carlo written here. */
#include "harness.h"
#include "information.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static double normal_voi(double m, double s)
{
    return m * gsl_cdf_ugaussian_P(m / s) + s * gsl_ran_ugaussian_pdf(m / s) - fmax(m, 0);
}

static stitch_evidence *evidence(const stitch_plan *p, long n)
{
    stitch_diag err = {0};
    stitch_evidence_options o = {n, 7, 2};
    stitch_evidence *e = stitch_evidence_run(p, &o, &err);
    cr_assert_not_null(e, "%s", err.message);
    return e;
}

static const info_target *target(const stitch_evidence *e, const char *path)
{
    for (size_t i = 0; i < e->n_inputs; i++)
        if (strcmp(e->inputs[i].path, path) == 0)
            return &e->inputs[i];
    for (size_t i = 0; i < e->n_groups; i++)
        if (strcmp(e->groups[i].path, path) == 0)
            return &e->groups[i];
    cr_assert_fail("no value of information for %s", path);
    return NULL;
}

static void near(const char *what, info_estimate got, double want)
{
    double tol = fmax(3 * got.se, 0.02 * fabs(want));
    cr_expect(fabs(got.value - want) <= tol,
              "%s: %.4f (se %.4f), want %.4f (tolerance %.4f)", what, got.value, got.se,
              want, tol);
}

/* NPV = 100 v - 1000, v ~ normal(12, 4): m = 200, s = 400, EVPI 79.12;
 * knowing v is knowing the NPV, so EVPPI(v) = EVPI. */
Test(information, one_normal_input)
{
    stitch_plan *p = load_plan("tests/data/voi/one.cfg");
    stitch_evidence *e = evidence(p, 100000);
    double want = normal_voi(200, 400);
    cr_expect(fabs(want - 79.1186) < 1e-3, "the formula gives %.4f", want);
    near("EVPI", e->evpi, want);
    near("EVPPI(v)", target(e, "benefits.v.value")->evppi, want);
    cr_expect(e->fund);
    /* the decision (fund) is wrong when NPV < 0: P(Z < -0.5) = 30.85% */
    cr_expect(fabs(e->p_wrong - gsl_cdf_ugaussian_P(-0.5)) < 0.005, "p_wrong %.4f",
              e->p_wrong);
    stitch_evidence_free(e);
    stitch_plan_free(p);
}

/* NPV = 100 v1 + 100 v2 - 1400: m = 100; EVPPI(v1) with s = 400 (114.54),
 * EVPPI(v2) with s = 600 (192.68), EVPI with s = 100 sqrt(52) (240.44);
 * the input with no effect is within 2 standard errors of 0. */
Test(information, two_independent_normal_inputs)
{
    stitch_plan *p = load_plan("tests/data/voi/two.cfg");
    stitch_evidence *e = evidence(p, 100000);
    near("EVPI", e->evpi, normal_voi(100, 100 * sqrt(52)));
    near("EVPPI(v1)", target(e, "benefits.v1.value")->evppi, normal_voi(100, 400));
    near("EVPPI(v2)", target(e, "benefits.v2.value")->evppi, normal_voi(100, 600));
    info_estimate none = target(e, "benefits.nothing.deadweight")->evppi;
    cr_expect(fabs(none.value) <= 2 * none.se + 1e-9, "no effect: %.4f (se %.4f)",
              none.value, none.se);
    /* no EVPPI exceeds the EVPI beyond their errors */
    for (size_t i = 0; i < e->n_inputs; i++)
        cr_expect(e->inputs[i].evppi.value <=
                      e->evpi.value + 3 * hypot(e->evpi.se, e->inputs[i].evppi.se),
                  "%s: EVPPI %.3f above EVPI %.3f", e->inputs[i].path,
                  e->inputs[i].evppi.value, e->evpi.value);
    /* largest first */
    cr_expect_str_eq(e->inputs[0].path, "benefits.v2.value");
    stitch_evidence_free(e);
    stitch_plan_free(p);
}

/* NPV between 500 and 900 in every simulation: nothing can change the
 * decision, so EVPI, every EVPPI and the chance of being wrong are 0. */
Test(information, a_sure_thing_is_worth_nothing_to_study)
{
    stitch_plan *p = load_plan("tests/data/voi/sure.cfg");
    stitch_evidence *e = evidence(p, 20000);
    cr_expect_eq(e->evpi.value, 0);
    cr_expect_eq(e->p_wrong, 0);
    cr_expect_eq(target(e, "benefits.v.value")->evppi.value, 0);
    stitch_evidence_free(e);
    stitch_plan_free(p);
}

/* Beta(a, b) with mean mu and sd sd, as stitch reads "mean" and "sd". */
static void beta_shapes(double mu, double sd, double *a, double *b)
{
    double k = mu * (1 - mu) / (sd * sd) - 1;
    *a = mu * k, *b = (1 - mu) * k;
}

/* NPV = 100 r v - 900, r ~ beta(mean 0.5, sd 0.15), v ~ normal(20, 8).
 * Nested Monte Carlo: for each of 4,000 outer draws of the input of
 * interest, the mean NPV over 2,000 inner draws of the other; EVPPI is
 * the mean over the outer draws of max(that mean, 0), less max(E[NPV], 0)
 * = 100. */
Test(information, a_product_against_nested_monte_carlo, .timeout = 120)
{
    stitch_plan *p = load_plan("tests/data/voi/nested.cfg");
    stitch_evidence *e = evidence(p, 100000);
    double a, b;
    beta_shapes(0.5, 0.15, &a, &b);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 12345);
    const int outer = 4000, inner = 2000;
    for (int which = 0; which < 2; which++) { /* 0: EVPPI(r), 1: EVPPI(v) */
        double sum = 0, sum2 = 0;
        for (int i = 0; i < outer; i++) {
            double known =
                which == 0 ? gsl_ran_beta(rng, a, b) : 20 + gsl_ran_gaussian(rng, 8);
            double mean = 0;
            for (int k = 0; k < inner; k++) {
                double other =
                    which == 0 ? 20 + gsl_ran_gaussian(rng, 8) : gsl_ran_beta(rng, a, b);
                double r = which == 0 ? known : other, v = which == 0 ? other : known;
                mean += (100 * r * v - 900 - mean) / (k + 1);
            }
            double g = fmax(mean, 0);
            sum += g, sum2 += g * g;
        }
        double brute = sum / outer - 100;
        double brute_se = sqrt((sum2 / outer - (sum / outer) * (sum / outer)) / outer);
        info_estimate got =
            target(e, which == 0 ? "outcomes.better.rate" : "benefits.v.value")->evppi;
        double tol = fmax(3 * hypot(got.se, brute_se), 0.02 * brute);
        cr_expect(fabs(got.value - brute) <= tol,
                  "EVPPI(%s): stitch %.3f (se %.3f), nested %.3f (se %.3f)",
                  which == 0 ? "r" : "v", got.value, got.se, brute, brute_se);
    }
    gsl_rng_free(rng);
    /* a study of the rate is worth more the more people it follows, and
     * never more than knowing the rate exactly */
    double evppi_r = target(e, "outcomes.better.rate")->evppi.value, last = -1;
    size_t seen = 0;
    for (size_t i = 0; i < e->n_studies; i++) {
        const info_study *s = &e->studies[i];
        if (strcmp(p->inputs[s->input].path, "outcomes.better.rate") != 0)
            continue;
        cr_expect_eq(s->n, info_study_sizes[seen]);
        cr_expect(s->evsi.value >= last - 3 * s->evsi.se, "EVSI(n=%d) %.3f after %.3f",
                  s->n, s->evsi.value, last);
        cr_expect(s->evsi.value <= evppi_r + 3 * s->evsi.se,
                  "EVSI(n=%d) %.3f > EVPPI %.3f", s->n, s->evsi.value, evppi_r);
        last = s->evsi.value;
        seen++;
    }
    cr_expect_eq(seen, INFO_STUDY_SIZES);
    stitch_evidence_free(e);
    stitch_plan_free(p);
}

/* Fewer than 10,000 simulations is refused, with the reason. */
Test(information, too_few_simulations)
{
    stitch_plan *p = load_plan("tests/data/voi/one.cfg");
    stitch_diag err = {0};
    stitch_evidence_options o = {9999, 1, 1};
    cr_expect_null(stitch_evidence_run(p, &o, &err));
    cr_expect_eq(err.status, STITCH_EINPUT);
    cr_expect_str_eq(err.path, "iterations");
    cr_expect_str_eq(
        err.message,
        "the value of information needs at least 10,000 simulations (given "
        "9,999): with fewer, the regression behind each input's value is not "
        "reliable");
    stitch_plan_free(p);
}

/* `stitch evidence`: the JSON members the method names, and the text's
 * sentences with the JSON's own figures. */
Test(information, the_command_in_json_and_words, .timeout = 120)
{
    char *out, *err;
    const char *json[] = {
        "evidence", "--format", "json", "--iterations", "20000", "tests/data/voi/one.cfg",
        NULL};
    cr_assert_eq(run_stitch(src_path("."), json, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "%s", out);
    const char *nums[] = {"evpi", "evpi_se", "p_wrong"};
    for (size_t i = 0; i < 3; i++)
        cr_expect(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(j, nums[i])), "%s",
                  nums[i]);
    cJSON *evppi = cJSON_GetObjectItemCaseSensitive(j, "evppi");
    cr_assert(cJSON_IsArray(evppi));
    cJSON *first = cJSON_GetArrayItem(evppi, 0);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(first, "path")->valuestring,
                     "benefits.v.value");
    cr_expect(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "evsi")));
    double evpi = cJSON_GetObjectItemCaseSensitive(j, "evpi")->valuedouble;
    cJSON_Delete(j);
    free(out), free(err);

    const char *text[] = {"evidence", "--iterations", "20000", "tests/data/voi/one.cfg",
                          NULL};
    cr_assert_eq(run_stitch(src_path("."), text, &out, &err), 0, "%s", err);
    char want[256];
    cr_assert(evpi > 10 && evpi < 100, "EVPI %.2f: about 79", evpi);
    snprintf(want, sizeof want, "Perfect information would be worth at most £%.2f (",
             evpi); /* money under £100 is written with pence */
    cr_expect(strstr(out, want), "'%s' not in:\n%s", want, out);
    cr_expect(strstr(out, "With today's evidence the project should be funded"), "%s",
              out);
    free(out), free(err);

    const char *few[] = {"evidence", "--iterations", "500", "tests/data/voi/one.cfg",
                         NULL};
    cr_expect_eq(run_stitch(src_path("."), few, &out, &err), 2);
    cr_expect_str_eq(out, "");
    cr_expect_str_eq(err, "stitch: --iterations: the value of information needs at least "
                          "10,000 simulations (given 500): with fewer, the regression "
                          "behind each input's value is not reliable\n"
                          "Try 'stitch --help' for more information.\n");
    free(out), free(err);
}

/* The figures docs/sensitivity.md quotes in words for befriending (the
 * console block there pins the rest): a study of 250 people on "feels less
 * lonely" is worth £2,303, less than knowing the rate (£2,969). */
Test(information, the_befriending_figures_the_docs_quote, .timeout = 120)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_evidence_options o = {100000, stitch_plan_seed(p), 2};
    stitch_diag err = {0};
    stitch_evidence *e = stitch_evidence_run(p, &o, &err);
    cr_assert_not_null(e, "%s", err.message);
    cr_expect_eq(lround(target(e, "outcomes.less_lonely.rate")->evppi.value), 2969);
    int found = 0;
    for (size_t i = 0; i < e->n_studies; i++)
        if (e->studies[i].n == 250 && strcmp(p->inputs[e->studies[i].input].path,
                                             "outcomes.less_lonely.rate") == 0) {
            cr_expect_eq(lround(e->studies[i].evsi.value), 2303);
            found = 1;
        }
    cr_expect(found);
    stitch_evidence_free(e);
    stitch_plan_free(p);
}

/* The same seed gives the same figures whatever the number of threads:
 * every regression and study draws from a stream of its own. */
Test(information, results_do_not_depend_on_threads, .timeout = 120)
{
    char *one, *two, *err1, *err2;
    const char *a[] = {"evidence", "--format",  "json", "--iterations",
                       "20000",    "--threads", "1",    "models/befriending.cfg",
                       NULL};
    const char *b[] = {"evidence", "--format",  "json", "--iterations",
                       "20000",    "--threads", "2",    "models/befriending.cfg",
                       NULL};
    cr_assert_eq(run_stitch(src_path("."), a, &one, &err1), 0, "%s", err1);
    cr_assert_eq(run_stitch(src_path("."), b, &two, &err2), 0, "%s", err2);
    cr_expect_str_eq(one, two);
    free(one), free(two), free(err1), free(err2);
}

/* The reports for a funder carry the section "What to find out next" with
 * the same EVPI: in words in the HTML and Markdown, exactly in the JSON,
 * and as a number on the workbook's sheet "Find out next". */
Test(information, every_report_says_what_to_find_out_next, .timeout = 120)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_result *r = base_case(p);
    stitch_evidence *e = evidence(p, 10000);
    char *dir = strdup(temp_dir());
    char words[64], path[4200];
    /* the EVPI as reports write money: whole pounds with separators */
    long pounds = lround(e->evpi.value);
    cr_assert(pounds >= 1000 && pounds < 1000000, "EVPI £%ld", pounds);
    snprintf(words, sizeof words, "at most £%ld,%03ld (", pounds / 1000, pounds % 1000);
    const char *names[] = {"case.html", "case.md", "case.json", "case.xlsx"};
    for (size_t i = 0; i < 4; i++) {
        stitch_diag err = {0};
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        cr_assert_eq(stitch_report_file_evidence(path, p, r, NULL, NULL, e, &err),
                     STITCH_OK, "%s", err.message);
    }
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char *text = slurp_file(path);
        cr_assert_not_null(text);
        cr_expect(strstr(text, "What to find out next"), "%s: no section", names[i]);
        cr_expect(strstr(text, words), "%s: '%s' missing", names[i], words);
        free(text);
    }
    snprintf(path, sizeof path, "%s/case.json", dir);
    char *json = slurp_file(path);
    cJSON *j = cJSON_Parse(json);
    cr_assert_not_null(j);
    cJSON *ev = cJSON_GetObjectItemCaseSensitive(j, "evidence");
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(ev, "evpi")->valuedouble,
                 e->evpi.value);
    cJSON_Delete(j);
    free(json);
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "unzip -p '%s/case.xlsx' xl/worksheets/sheet11.xml", dir);
    FILE *f = popen(cmd, "r");
    cr_assert_not_null(f);
    char *sheet = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&sheet, &len);
    int c;
    while ((c = fgetc(f)) != EOF)
        fputc(c, m);
    cr_assert_eq(pclose(f), 0);
    fclose(m);
    char num[64];
    snprintf(num, sizeof num, "<v>%.16G</v>", e->evpi.value);
    cr_expect(strstr(sheet, num), "the workbook has no %s", num);
    free(sheet);
    rm_rf(dir);
    free(dir);
    stitch_evidence_free(e);
    stitch_result_free(r);
    stitch_plan_free(p);
}

/* With monitoring data, the value of information is worked out on the
 * posterior and again without the data: befriending-monitored.cfg without
 * its data is befriending.cfg, so its "before" EVPI is befriending's EVPI
 * exactly (the same seed and draws), and the report says by how much the
 * data changed it. */
Test(information, monitoring_data_and_the_value_of_information, .timeout = 120)
{
    char *out, *err;
    const char *plain[] = {"evidence", "--format", "json", "--iterations", "20000",
                           "models/befriending.cfg", NULL};
    cr_assert_eq(run_stitch(src_path("."), plain, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j);
    double evpi = cJSON_GetObjectItemCaseSensitive(j, "evpi")->valuedouble;
    cJSON_Delete(j);
    free(out), free(err);
    const char *mon[] = {"evidence", "--format", "json", "--iterations", "20000",
                         "models/befriending-monitored.cfg", NULL};
    cr_assert_eq(run_stitch(src_path("."), mon, &out, &err), 0, "%s", err);
    j = cJSON_Parse(out);
    cr_assert_not_null(j);
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(j, "evpi_before")->valuedouble, evpi);
    double after = cJSON_GetObjectItemCaseSensitive(j, "evpi")->valuedouble;
    cr_expect_neq(after, evpi);
    const char *before = cJSON_GetObjectItemCaseSensitive(
                             cJSON_GetObjectItemCaseSensitive(j, "sentences"), "before")
                             ->valuestring;
    cr_assert_not_null(before);
    cr_expect(strncmp(before, "Before the monitoring data it would have been worth at most £",
                      strlen("Before the monitoring data it would have been worth at most "
                             "£")) == 0,
              "%s", before);
    cJSON_Delete(j);
    free(out), free(err);
    /* at the default 100,000 simulations, the figure docs/sensitivity.md quotes */
    const char *text[] = {"evidence", "models/befriending-monitored.cfg", NULL};
    cr_assert_eq(run_stitch(src_path("."), text, &out, &err), 0, "%s", err);
    cr_expect(strstr(out, ": the data cut it by £1,316.\n"), "%s", out);
    free(out), free(err);
}
