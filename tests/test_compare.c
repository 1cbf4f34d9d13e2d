/* test_compare.c — options side by side on the same draws
 * (docs/method.md section 12). */
#include "compare.h"
#include "harness.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static stitch_comparison *compare(const stitch_plan *a, const stitch_plan *b, long n)
{
    const stitch_plan *plans[] = {a, b};
    const char *names[] = {"a.cfg", "b.cfg"};
    stitch_diag err = {0};
    stitch_comparison *c = stitch_compare_run(plans, names, 2, n, 11, 2, &err);
    cr_assert_not_null(c, "%s", err.message);
    return c;
}

/* A model compared with itself: every difference is exactly 0, neither is
 * ever strictly better, and the two share every run's "best" equally. */
Test(compare, a_model_against_itself_differs_by_nothing)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_comparison *c = compare(p, p, 5000);
    cr_assert_eq(c->n_pairs, 2);
    for (size_t k = 0; k < c->n_pairs; k++) {
        const cmp_pair *q = &c->pairs[k];
        cr_expect_eq(q->npv_diff.mean, 0);
        cr_expect_eq(q->npv_diff.p5, 0);
        cr_expect_eq(q->npv_diff.p95, 0);
        cr_expect_eq(q->p_a_better, 0);
        cr_expect(isnan(q->ibcr_base), "no incremental BCR at equal cost");
        cr_expect_eq(q->ibcr_runs, 0);
    }
    cr_expect_eq(c->p_best[0], 0.5);
    cr_expect_eq(c->p_best[1], 0.5);
    stitch_comparison_free(c);
    stitch_plan_free(p);
}

/* The same model with a cost of 1,100 instead of 1,000: every shared input
 * draws the same values, so the first option's NPV is higher by exactly
 * £100 in every simulation (common random numbers). */
Test(compare, shared_inputs_draw_the_same_values)
{
    stitch_plan *a = load_plan("tests/data/voi/one.cfg");
    stitch_plan *b = load_plan("tests/data/voi/dearer.cfg");
    stitch_comparison *c = compare(a, b, 20000);
    const cmp_pair *q = &c->pairs[0]; /* a against b */
    cr_expect(fabs(q->npv_diff.mean - 100) < 1e-9, "mean %.12f", q->npv_diff.mean);
    cr_expect(fabs(q->npv_diff.p5 - 100) < 1e-9, "P5 %.12f", q->npv_diff.p5);
    cr_expect(fabs(q->npv_diff.p95 - 100) < 1e-9, "P95 %.12f", q->npv_diff.p95);
    cr_expect_eq(q->p_a_better, 1);
    cr_expect_eq(c->p_best[0], 1);
    cr_expect_eq(c->p_best[1], 0);
    /* the same benefits at £100 more: the dearer option is dominated */
    cr_expect_eq(c->pairs[1].ibcr_base, 0); /* b against a: no more benefit */
    cr_expect_eq(c->rank[0], 0);
    stitch_comparison_free(c);
    stitch_plan_free(a);
    stitch_plan_free(b);
}

/* Befriending against social prescribing, from their pinned base cases
 * (README and test_models.c): social prescribing costs £307,735 - £217,846
 * = £89,889 more and brings £361,531 - £272,493 = £89,038 more, an
 * incremental BCR of 0.99. */
Test(compare, the_command_in_words_and_json, .timeout = 120)
{
    char *out, *err;
    const char *args[] = {"compare",
                          "models/befriending.cfg",
                          "models/social-prescribing.cfg",
                          "--iterations",
                          "4096",
                          NULL};
    cr_assert_eq(run_stitch(src_path("."), args, &out, &err), 0, "%s", err);
    cr_expect(strstr(out,
                     "    models/social-prescribing.cfg costs £89,889 more and brings "
                     "£89,038 more benefit: £0.99 of benefit for each extra £1 "
                     "(incremental BCR;"),
              "%s", out);
    free(out), free(err);
    const char *json[] = {"compare",
                          "--format",
                          "json",
                          "models/befriending.cfg",
                          "models/befriending.cfg",
                          "--iterations",
                          "4096",
                          NULL};
    cr_assert_eq(run_stitch(src_path("."), json, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "%s", out);
    cJSON *opts = cJSON_GetObjectItemCaseSensitive(j, "options");
    cr_assert_eq(cJSON_GetArraySize(opts), 2);
    cJSON *o0 = cJSON_GetArrayItem(opts, 0);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(o0, "model")->valuestring,
                     "models/befriending.cfg");
    cJSON *npv = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(o0, "base"), "npv");
    cr_expect_eq(lround(npv->valuedouble), 54647);
    cJSON *pair = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "pairs"), 0);
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(pair, "p_a_better")->valuedouble, 0);
    cr_expect(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(pair, "incremental_bcr")));
    cJSON *best = cJSON_GetObjectItemCaseSensitive(j, "p_best");
    cr_expect_eq(cJSON_GetArrayItem(best, 0)->valuedouble, 0.5);
    cJSON_Delete(j);
    free(out), free(err);
}

Test(compare, usage_errors)
{
    char *out, *err;
    const char *one[] = {"compare", "models/befriending.cfg", NULL};
    cr_expect_eq(run_stitch(src_path("."), one, &out, &err), 2);
    cr_expect_str_eq(out, "");
    cr_expect_str_eq(err, "stitch: compare: name two model files or more\n"
                          "Try 'stitch --help' for more information.\n");
    free(out), free(err);
    const char *csv[] = {
        "compare", "--format", "csv", "models/befriending.cfg", "models/befriending.cfg",
        NULL};
    cr_expect_eq(run_stitch(src_path("."), csv, &out, &err), 2);
    cr_expect_str_eq(err, "stitch: --format: a comparison is written as text or json\n"
                          "Try 'stitch --help' for more information.\n");
    free(out), free(err);
}

/* compare -o: the comparison's report, with the same words as the text
 * (from the one results document). */
Test(compare, the_report_file, .timeout = 120)
{
    const char *dir = temp_dir();
    static const char *const ext[] = {"html", "md", "xlsx"};
    char path[3][4096];
    for (size_t i = 0; i < 3; i++) {
        snprintf(path[i], sizeof path[i], "%s/options.%s", dir, ext[i]);
        char *out, *err;
        const char *args[] = {"compare", "models/befriending.cfg",
                              "models/social-prescribing.cfg", "--iterations", "4096", "-o",
                              path[i], NULL};
        cr_assert_eq(run_stitch(src_path("."), args, &out, &err), 0, "%s", err);
        char want[12400];
        snprintf(want, sizeof want, "Wrote %s\n", path[i]);
        cr_expect_str_eq(out, want);
        free(out), free(err);
    }
    char *html = slurp_file(path[0]);
    cr_assert_not_null(html);
    cr_expect(strstr(html, "<td class=\"n\">£54,647</td>"), "no befriending NPV");
    cr_expect(strstr(html, "models/social-prescribing.cfg costs £89,889 more and brings "
                           "£89,038 more benefit: £0.99 of benefit for each extra £1"),
              "no incremental BCR sentence");
    cr_expect(strstr(html, "<figure id=\"chart-npv-ranges\">\n<svg"), "no chart");
    free(html);
    char *md = slurp_file(path[1]);
    cr_assert_not_null(md);
    cr_expect(strstr(md, "| Community befriending for isolated older people "
                         "(models/befriending.cfg) | £217,846 | £272,493 | £54,647 | 1.25 |"),
              "%s", md);
    free(md);
    char *xlsx = slurp_file(path[2]);
    cr_assert_not_null(xlsx);
    cr_expect_eq(memcmp(xlsx, "PK", 2), 0, "not a workbook");
    free(xlsx);
    char csv[4096], *out, *err;
    snprintf(csv, sizeof csv, "%s/options.csv", dir);
    const char *args[] = {"compare", "models/befriending.cfg", "models/befriending.cfg",
                          "--iterations", "100", "-o", csv, NULL};
    cr_expect_eq(run_stitch(src_path("."), args, &out, &err), 2);
    char want[8192];
    snprintf(want, sizeof want,
             "stitch: %s: a comparison's report is written as .html, .xlsx, .md or .json "
             "(not a folder of CSV files)\n",
             csv);
    cr_expect_str_eq(err, want);
    free(out), free(err);
    rm_rf(dir);
}
