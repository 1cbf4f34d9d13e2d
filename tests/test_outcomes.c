/* test_outcomes.c — the outcomes that matter to people (docs/method.md
 * section 13): the outcome map, outcomes without a price, and the
 * contribution to the National Health and Wellbeing Outcomes, against the
 * sums worked by hand in tests/data/hand/outcomes.cfg. */
#include "harness.h"
#include "national.h"
#include "plan.h"
#include "results.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-9
#define HAND "tests/data/hand/outcomes.cfg"

/* The member at a dotted path ("base.national_outcomes.1.people"), or NULL. */
static cJSON *member(cJSON *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *save = NULL, *k = strtok_r(buf, ".", &save); k && o;
         k = strtok_r(NULL, ".", &save))
        o = cJSON_GetObjectItemCaseSensitive(o, k);
    return o;
}

static double num(cJSON *o, const char *path)
{
    cJSON *m = member(o, path);
    cr_assert(cJSON_IsNumber(m), "%s is not a number", path);
    return m->valuedouble;
}

/* The hand sums (the model file's comment): national outcome 1 is reached
 * by "calmer" (12 people) and "skills" (6), and only "calmer" is priced
 * (£6,000); 2 by "home" (6 people, £1,200); 4 by "calmer" and "home" (18
 * people, £7,200); the others by none. */
static const double want_people[10] = {0, 18, 6, 0, 18, 0, 0, 0, 0, 0};
static const double want_value[10] = {0, 6000, 1200, 0, 7200, 0, 0, 0, 0, 0};

Test(outcomes, national_sums_by_hand)
{
    stitch_plan *p = load_plan(HAND);
    stitch_result *r = base_case(p);
    double people[RESULTS_NATIONAL + 1], value[RESULTS_NATIONAL + 1];
    results_national_sums(p, r, people, value);
    for (int k = 1; k <= RESULTS_NATIONAL; k++) {
        cr_expect_float_eq(people[k], want_people[k], EPS, "outcome %d people", k);
        cr_expect_float_eq(value[k], want_value[k], EPS, "outcome %d value", k);
    }
    cr_expect_float_eq(r->pvb, 7200.0, EPS);
    stitch_result_free(r);
    stitch_plan_free(p);
}

Test(outcomes, json_national_outcomes_and_unpriced_outcomes)
{
    char *out, *err;
    const char *args[] = {"run", "--format", "json", HAND, NULL};
    cr_assert_eq(run_stitch(src_path(""), args, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j);
    for (int k = 1; k <= RESULTS_NATIONAL; k++) {
        char path[128];
        snprintf(path, sizeof path, "base.national_outcomes.%d.people", k);
        cr_expect_float_eq(num(j, path), want_people[k], EPS, "%s", path);
        snprintf(path, sizeof path, "base.national_outcomes.%d.value", k);
        cr_expect_float_eq(num(j, path), want_value[k], EPS, "%s", path);
        snprintf(path, sizeof path, "base.national_outcomes.%d.title", k);
        cJSON *t = member(j, path);
        cr_expect(cJSON_IsString(t) && strcmp(t->valuestring, national_outcome_title(k)) == 0,
                  "%s", path);
    }
    cJSON *list = member(j, "base.outcomes");
    cr_assert(cJSON_IsArray(list));
    cr_assert_eq(cJSON_GetArraySize(list), 4, "one object per outcome, outputs left out");
    cJSON *e = cJSON_GetArrayItem(list, 0); /* "engaged": not priced */
    cr_expect_str_eq(cJSON_GetObjectItem(e, "id")->valuestring, "engaged");
    cr_expect_float_eq(num(e, "people_per_year"), 10.0, EPS);
    cr_expect_float_eq(num(e, "people_total"), 20.0, EPS);
    cr_expect_str_eq(cJSON_GetObjectItem(e, "step")->valuestring, "who with");
    cr_expect_str_eq(cJSON_GetObjectItem(e, "confidence")->valuestring, "medium");
    cr_expect_str_eq(cJSON_GetObjectItem(e, "progress")->valuestring, "good");
    cr_expect(cJSON_IsFalse(cJSON_GetObjectItem(e, "priced")));
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(e, "national_outcomes")), 0);
    cJSON *h = cJSON_GetArrayItem(list, 2); /* "home": [4, 2] written in order */
    cr_expect_str_eq(cJSON_GetObjectItem(h, "id")->valuestring, "home");
    cJSON *n = cJSON_GetObjectItem(h, "national_outcomes");
    cr_expect_eq(cJSON_GetArraySize(n), 2);
    cr_expect_eq(cJSON_GetArrayItem(n, 0)->valueint, 2);
    cr_expect_eq(cJSON_GetArrayItem(n, 1)->valueint, 4);
    cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(h, "priced")));
    cr_expect_float_eq(num(h, "value"), 1200.0, EPS);
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(h, "progress")), "progress not given");
    cJSON *s = cJSON_GetArrayItem(list, 3); /* "skills": 6 x 0.5 = 3 a year */
    cr_expect_float_eq(num(s, "people_total"), 6.0, EPS);
    cr_expect(cJSON_IsFalse(cJSON_GetObjectItem(s, "priced")));
    cJSON_Delete(j);
    free(out), free(err);
}

/* The unpriced outcome, with its figures, in every report a person reads. */
Test(outcomes, unpriced_outcome_in_every_report, .timeout = 60)
{
    char *dir = temp_dir();
    const char *exts[] = {"txt", "md", "html"};
    const char *want[][4] = {
        {"Keep coming for three months: 10 people a year, 20 over 2 years; from \"People "
         "reached\"; confidence medium, progress good; measured by: Attendance register; "
         "not priced.",
         "      Evidence: Last year's register", "  What they learn and gain\n",
         "     18 people (summed over outcomes), value £6,000: Feel calmer; Learn to "
         "manage their condition\n"},
        {"| Keep coming for three months | who with | 10 | 20 | medium | good | Attendance "
         "register | not priced | Last year's register |",
         "| 1 | People are able to look after and improve their own health and wellbeing "
         "and live in good health for longer. | 18 | £6,000 | Feel calmer; Learn to "
         "manage their condition |",
         "## Contribution to the National Health and Wellbeing Outcomes",
         "| 3 | People who use health and social care services have positive experiences "
         "of those services, and have their dignity respected. | 0 | £0 | none |"},
        {"<div class=\"obox c-medium\" id=\"map-engaged\"><span class=\"prog\" "
         "title=\"progress: good\">\xE2\x97\x8F</span><b>Keep coming for three months</b>",
         "id=\"people-engaged\" data-value=\"20\">20</span> people over 2 years",
         "<small><i>Not priced</i></small>",
         "id=\"national-people-4\" data-value=\"18\">18</span>"},
    };
    for (int i = 0; i < 3; i++) {
        char path[1024];
        char *text, *out, *err;
        if (i == 0) {
            const char *args[] = {"run", HAND, NULL};
            cr_assert_eq(run_stitch(src_path(""), args, &out, &err), 0, "%s", err);
            text = out;
            free(err);
        } else {
            snprintf(path, sizeof path, "%s/r.%s", dir, exts[i]);
            const char *args[] = {"report", "--sobol", "64", "-o", path, HAND, NULL};
            cr_assert_eq(run_stitch(src_path(""), args, &out, &err), 0, "%s", err);
            free(out), free(err);
            text = slurp_file(path);
            cr_assert_not_null(text, "%s", path);
        }
        for (int k = 0; k < 4; k++)
            cr_expect_not_null(strstr(text, want[i][k]), "%s lacks:\n%s", exts[i],
                               want[i][k]);
        free(text);
    }
    rm_rf(dir);
}
