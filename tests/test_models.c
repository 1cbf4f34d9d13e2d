/* test_models.c — every example model in models/ checks clean and runs.
 *
 * The folder is read at run time, so a model added later is covered without
 * editing this file. For each *.cfg: `stitch check` exits 0 with nothing on
 * standard error (no warnings), and `stitch run --format json` exits 0 with a
 * finite base-case BCR that lies strictly inside the simulated P5..P95 range,
 * and no NaN or infinity anywhere in the JSON. The project ships at least five
 * worked examples. */
#include "harness.h"

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

static void check_clean(const char *model)
{
    char *out, *err;
    const char *args[] = {"check", model, NULL};
    int rc = run(args, &out, &err);
    cr_expect_eq(rc, 0, "%s: stitch check exited %d (0 = clean); stderr:\n%s", model, rc,
                 err);
    cr_expect_str_empty(err, "%s: stitch check printed to stderr:\n%s", model, err);
    free(out), free(err);
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

Test(models, every_example_checks_clean)
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
        {"models/befriending.cfg", 274338, 217846, 126, 37},
        {"models/carers-support.cfg", 404938, 338307, 120, 39},
        {"models/falls-prevention.cfg", 226194, 243168, 93, 16},
        {"models/home-from-hospital.cfg", 319233, 309635, 103, 30},
        {"models/social-prescribing.cfg", 361677, 307735, 118, 41},
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
