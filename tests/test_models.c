/* test_models.c — every example model in models/ checks clean and runs.
 *
 * The folder is read at run time, so a model added later is covered without
 * editing this file. For each *.cfg: `stitch check` exits 0 with nothing on
 * standard error (no warnings), and `stitch run --format json` exits 0 with a
 * finite base-case BCR that lies strictly inside the simulated P5..P95 range,
 * mean PVB and PVC within three Monte Carlo standard errors of the base
 * case (docs/method.md section 4), and no NaN or infinity anywhere in the
 * JSON. The shipped examples' simulated figures are pinned. The project
 * ships at least five worked examples. */
#include "harness.h"
#include "plan.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run(const char *const *args, char **out, char **err)
{
    return run_stitch(src_path(""), args, out, err);
}

/* The member at a dotted path ("summary.bcr.p5"), or NULL. */
static cJSON *member(cJSON *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *save = NULL, *k = strtok_r(buf, ".", &save); k && o;
         k = strtok_r(NULL, ".", &save))
        o = cJSON_GetObjectItemCaseSensitive(o, k);
    return o;
}

/* The first bare word outside JSON strings that is not true, false or null
 * (such as nan, inf, NaN or Infinity), copied into word; 0 when there is
 * none. Words inside strings ("Financial", "information") are text, not
 * numbers, and are skipped. */
static int bare_word(const char *json, char *word, size_t n)
{
    int in_string = 0;
    for (const char *p = json; *p; p++) {
        if (in_string) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '"')
                in_string = 0;
            continue;
        }
        if (*p == '"') {
            in_string = 1;
            continue;
        }
        if (!isalpha((unsigned char)*p))
            continue;
        /* a letter inside a number is its exponent: 1e-05, 2E+10 */
        if ((*p == 'e' || *p == 'E') && p > json && isdigit((unsigned char)p[-1]))
            continue;
        size_t k = 0;
        while (isalpha((unsigned char)p[k]))
            k++;
        if (!((k == 4 && strncmp(p, "true", 4) == 0) ||
              (k == 5 && strncmp(p, "false", 5) == 0) ||
              (k == 4 && strncmp(p, "null", 4) == 0))) {
            snprintf(word, n, "%.*s", (int)k, p);
            return 1;
        }
        p += k - 1;
    }
    return 0;
}

/* Every number in the tree is finite (cJSON cannot hold NaN from text, but
 * this also guards against a parser that accepts it). */
static const cJSON *non_finite(const cJSON *j)
{
    if (cJSON_IsNumber(j) && !isfinite(j->valuedouble))
        return j;
    for (const cJSON *c = j ? j->child : NULL; c; c = c->next) {
        const cJSON *bad = non_finite(c);
        if (bad)
            return bad;
    }
    return NULL;
}

/* The warnings a contribution analyst would raise of the outcome map
 * (docs/model-reference.md section 17): an honest example may carry them,
 * since its evidence is what it is. Every other warning is a flaw. */
static int outcome_map_warning(const char *line)
{
    const char *const words[] = {": rests on a chain with ", " of the value of the case (",
                                 "straight to \"what difference this makes\"",
                                 " at the later step \""};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strstr(line, words[i]))
            return 1;
    return 0;
}

static void check_clean(const char *model)
{
    char *out, *err;
    const char *args[] = {"check", model, NULL};
    int rc = run(args, &out, &err);
    cr_expect(rc == 0 || rc == 1, "%s: stitch check exited %d; stderr:\n%s", model, rc,
              err);
    for (char *save = NULL, *l = strtok_r(err, "\n", &save); l;
         l = strtok_r(NULL, "\n", &save))
        cr_expect(outcome_map_warning(l), "%s: stitch check printed:\n%s", model, l);
    free(out), free(err);
}

/* The befriending example's value is 96% the older people's wellbeing
 * (£262,322 of £272,493, the pinned base case): check says so, at the
 * benefit. */
Test(models, befriending_warns_that_it_rests_on_wellbeing)
{
    char *out, *err;
    const char *args[] = {"check", "models/befriending.cfg", NULL};
    cr_expect_eq(run(args, &out, &err), 1);
    cr_expect_not_null(
        strstr(err, "stitch: warning: models/befriending.cfg:252: benefits.wellbeing: 96% "
                    "of the value of the case (£262,322 of £272,493) rests on this one "
                    "benefit: if its figures are wrong, the case falls with them; test "
                    "them first (stitch sensitivity), and show the outcomes and benefits "
                    "that do not depend on it\n"),
        "%s", err);
    free(out), free(err);
}

/* 1 when some drop-off of the model is uncertain: its PVB is then not a sum
 * of products of independent draws, and its mean need not be the base case. */
static int uncertain_drop_off(const char *model)
{
    stitch_plan *p = load_plan(model);
    int any = 0;
    for (size_t i = 0; i < p->n_inputs; i++)
        any |= p->inputs[i].role == ROLE_DROP_OFF && p->inputs[i].dist.kind != DIST_FIXED;
    stitch_plan_free(p);
    return any;
}

/* The simulated figures of the shipped examples at their own seeds and
 * 2,000 iterations: the BCR's P5 and P95 (to 1e-6) and the number of
 * simulations, of 2,000, that break even. A change that moves them on
 * purpose updates them here and says why. */
static const struct {
    const char *model;
    double p5, p95;
    int break_even;
} sim_pins[] = {
    {"models/befriending.cfg", 0.693720, 1.956607, 1437},
    {"models/carers-support.cfg", 0.546002, 1.884225, 1149},
    {"models/falls-prevention.cfg", 0.390573, 1.591591, 747},
    {"models/home-from-hospital.cfg", 0.573031, 1.597740, 983},
    {"models/social-prescribing.cfg", 0.503774, 2.133689, 1149},
    /* befriending updated by its illustrative monitoring data (issue #16) */
    {"models/befriending-monitored.cfg", 0.748671, 1.774781, 1450},
};

static void check_pins(const char *model, cJSON *j)
{
    for (size_t i = 0; i < sizeof sim_pins / sizeof *sim_pins; i++) {
        if (strcmp(sim_pins[i].model, model) != 0)
            continue;
        double p5 = member(j, "summary.bcr.p5")->valuedouble;
        double p95 = member(j, "summary.bcr.p95")->valuedouble;
        double p = member(j, "p_bcr_ge_1")->valuedouble;
        cr_expect(fabs(p5 - sim_pins[i].p5) < 1e-6, "%s: P5 BCR %.6f, pinned %.6f", model,
                  p5, sim_pins[i].p5);
        cr_expect(fabs(p95 - sim_pins[i].p95) < 1e-6, "%s: P95 BCR %.6f, pinned %.6f",
                  model, p95, sim_pins[i].p95);
        cr_expect_eq(round(p * 2000), sim_pins[i].break_even,
                     "%s: %g of 2000 simulations break even, pinned %d", model, p * 2000,
                     sim_pins[i].break_even);
    }
}

/* The simulated mean of PVB and of PVC within three Monte Carlo standard
 * errors of the base case (by chance outside 0.27% of the time). */
static void check_converges(const char *model, cJSON *j)
{
    if (uncertain_drop_off(model))
        return;
    const char *what[] = {"pvb", "pvc"};
    for (size_t k = 0; k < 2; k++) {
        char path[64];
        snprintf(path, sizeof path, "base.%s", what[k]);
        double base = member(j, path)->valuedouble;
        snprintf(path, sizeof path, "summary.%s.mean", what[k]);
        double mean = member(j, path)->valuedouble;
        snprintf(path, sizeof path, "summary.%s.mcse", what[k]);
        double mcse = member(j, path)->valuedouble;
        cr_expect(fabs(mean - base) <= 3 * mcse,
                  "%s: mean %s %.2f is %.1f standard errors from the base case %.2f", model,
                  what[k], mean, (mean - base) / mcse, base);
    }
}

static void check_runs(const char *model)
{
    char *out, *err;
    const char *args[] = {"run", "--format", "json", "--iterations", "2000", model, NULL};
    int rc = run(args, &out, &err);
    cr_expect_eq(rc, 0, "%s: stitch run exited %d; stderr:\n%s", model, rc, err);
    char word[64];
    cr_expect(!bare_word(out, word, sizeof word),
              "%s: the JSON holds the bare word '%s' (NaN or infinity?)", model, word);
    cJSON *j = cJSON_Parse(out);
    cr_expect_not_null(j,
                       "%s: stitch run --format json printed something that is not "
                       "JSON",
                       model);
    if (j) {
        const cJSON *bad = non_finite(j);
        cr_expect_null(bad, "%s: the JSON member '%s' is not finite", model,
                       bad && bad->string ? bad->string : "?");
        cJSON *bcr = member(j, "base.bcr"), *p5 = member(j, "summary.bcr.p5"),
              *p95 = member(j, "summary.bcr.p95");
        cr_expect(cJSON_IsNumber(bcr) && isfinite(bcr->valuedouble),
                  "%s: base.bcr is missing, null or not finite", model);
        cr_expect(cJSON_IsNumber(p5) && cJSON_IsNumber(p95),
                  "%s: summary.bcr.p5 or summary.bcr.p95 is missing", model);
        if (cJSON_IsNumber(bcr) && cJSON_IsNumber(p5) && cJSON_IsNumber(p95))
            cr_expect(p5->valuedouble < bcr->valuedouble &&
                          bcr->valuedouble < p95->valuedouble,
                      "%s: base-case BCR %g is not strictly inside its P5..P95 range "
                      "(%g to %g)",
                      model, bcr->valuedouble, p5->valuedouble, p95->valuedouble);
        check_pins(model, j);
        check_converges(model, j);
        cJSON_Delete(j);
    }
    free(out), free(err);
}

Test(models, at_least_five_examples)
{
    char **v;
    size_t n = list_files("models", ".cfg", NULL, 0, &v);
    cr_expect_geq(n, 5, "models/ holds %zu example models; at least 5 are expected", n);
    free_files(v, n);
}

Test(models, every_example_checks_clean_but_for_the_outcome_map)
{
    char **v;
    size_t n = list_files("models", ".cfg", NULL, 0, &v);
    cr_assert_gt(n, 0, "no models/*.cfg found");
    for (size_t i = 0; i < n; i++)
        check_clean(v[i]);
    free_files(v, n);
}

Test(models, every_example_runs_with_a_sensible_bcr)
{
    char **v;
    size_t n = list_files("models", ".cfg", NULL, 0, &v);
    cr_assert_gt(n, 0, "no models/*.cfg found");
    for (size_t i = 0; i < n; i++)
        check_runs(v[i]);
    free_files(v, n);
}

/* The scanner itself: words in strings are text; bare words are not JSON. */
Test(models, bare_word_scanner)
{
    char w[64];
    cr_expect(!bare_word("{\"a\": 1.5e-05, \"b\": [true, false, null], "
                         "\"c\": \"Financial information\"}",
                         w, sizeof w));
    cr_expect(bare_word("{\"a\": nan}", w, sizeof w));
    cr_expect_str_eq(w, "nan");
    cr_expect(bare_word("{\"a\": -inf}", w, sizeof w));
    cr_expect_str_eq(w, "inf");
    cr_expect(bare_word("{\"a\": \"x\\\"y\", \"b\": Infinity}", w, sizeof w));
    cr_expect_str_eq(w, "Infinity");
}

/* The figures the README, the tutorial and the example models' comments
 * quote, pinned to the pound: base-case PVB and PVC (rounded), BCR in
 * hundredths and break-even attribution (whole per cent). When a change
 * moves one on purpose (new unit costs, monitoring data), update the pin,
 * the README and the docs in the same commit, and say why. */
Test(models, example_base_cases_are_pinned)
{
    static const struct {
        const char *model;
        double pvb, pvc, bcr_x100, break_even;
    } pins[] = {
        {"models/befriending.cfg", 272493, 217846, 125, 36},
        {"models/carers-support.cfg", 380929, 338307, 113, 35},
        {"models/falls-prevention.cfg", 222484, 243168, 91, 14},
        {"models/home-from-hospital.cfg", 319233, 309635, 103, 30},
        {"models/social-prescribing.cfg", 361531, 307735, 117, 41},
        /* befriending after its monitoring data: fewer people feel less
         * lonely (24 of 57 against 45% assumed), so PVB and BCR fall */
        {"models/befriending-monitored.cfg", 263166, 217846, 121, 34},
    };
    for (size_t i = 0; i < sizeof pins / sizeof *pins; i++) {
        char *out, *err;
        const char *args[] = {"run", "--format",    "json", "--iterations",
                              "2",   pins[i].model, NULL};
        cr_assert_eq(run(args, &out, &err), 0, "%s: %s", pins[i].model, err);
        cJSON *j = cJSON_Parse(out);
        cr_assert_not_null(j, "%s", pins[i].model);
        const char *m = pins[i].model;
        cr_expect_eq(round(member(j, "base.pvb")->valuedouble), pins[i].pvb, "%s PVB", m);
        cr_expect_eq(round(member(j, "base.pvc")->valuedouble), pins[i].pvc, "%s PVC", m);
        cr_expect_eq(round(member(j, "base.bcr")->valuedouble * 100), pins[i].bcr_x100,
                     "%s BCR %.4f", m, member(j, "base.bcr")->valuedouble);
        cr_expect_eq(round(member(j, "base.break_even_attribution")->valuedouble * 100),
                     pins[i].break_even, "%s break-even", m);
        cJSON_Delete(j);
        free(out), free(err);
    }
}
