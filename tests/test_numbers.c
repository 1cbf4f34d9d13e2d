/* test_numbers.c — numbers are never silently changed (issue 11, part 2).
 * Each model is written to a temporary folder and run through the stitch
 * binary, as a bid writer would run it. */
#include "harness.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    char dir[32];
    char path[4096];
} temp_model;

/* A one-benefit model in a new temporary folder: `count` people reached,
 * `rate` of them helped, each worth `value` a year, costing `amount` a year,
 * over `years` years (discount 3.5%, attribution 0.5). */
static void write_model(temp_model *t, const char *years, const char *amount,
                        const char *count, const char *rate, const char *value)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/stitch-n-XXXXXX");
    cr_assert_not_null(mkdtemp(t->dir));
    snprintf(t->path, sizeof t->path, "%s/m.cfg", t->dir);
    FILE *f = fopen(t->path, "w");
    cr_assert_not_null(f);
    fprintf(f,
            "name = \"Numbers\";\n"
            "price_year = \"2023/24\";\n"
            "years = %s;\n"
            "discount = 0.035;\n"
            "need = { text = \"Need\"; population = 1e13; };\n"
            "costs = ( { id = \"staff\"; amount = %s; per = \"year\"; } );\n"
            "outputs = ( { id = \"o\"; count = %s; } );\n"
            "outcomes = ( { id = \"k\"; from = \"o\"; rate = %s; } );\n"
            "benefits = ( { id = \"v\"; outcome = \"k\"; value = %s; attribution = 0.5; "
            "} );\n",
            years, amount, count, rate, value);
    cr_assert_eq(fclose(f), 0);
}

static void remove_model(const temp_model *t)
{
    unlink(t->path);
    rmdir(t->dir);
}

/* Run stitch with args in the model's folder; returns the exit code. */
static int stitch(const temp_model *t, const char *const *args, char **out, char **err)
{
    return run_stitch(t->dir, args, out, err);
}

/* ---- GSL's error handler ------------------------------------------------------------
 */

/* An output count with a huge sd (a gamma of shape 1e-12): GSL's inverse
 * CDF used to fail inside `stitch check`, whose default error handler
 * aborted the program (exit 134). Its 95th percentile is 0 (nearly all of
 * a gamma of shape 1e-12 lies below the smallest double), so check finds
 * nothing wrong beyond the usual warnings. */
Test(numbers, gamma_with_huge_sd_does_not_abort_check)
{
    temp_model t;
    write_model(&t, "1", "1000.0", "{ dist = \"gamma\"; mean = 100.0; sd = 1e8; }", "0.5",
                "10.0");
    char *out, *err;
    const char *args[] = {"check", "m.cfg", NULL};
    int rc = stitch(&t, args, &out, &err);
    cr_assert_eq(rc, 1, "exit %d; stderr:\n%s", rc, err);
    cr_assert_str_eq(out, "m.cfg: usable, with warnings: 9 inputs, 1 of them uncertain; "
                          "5 warnings\n");
    cr_assert_null(strstr(err, "gsl"), "%s", err);
    free(out), free(err);
    remove_model(&t);
}

/* ---- quantiles of small-shape gamma and beta ----------------------------------------
 */

static cJSON *json_of(const char *out)
{
    cr_assert_not(has_word(out, "nan"), "NaN in:\n%s", out);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "not JSON:\n%s", out);
    return j;
}

static double number_at(cJSON *o, const char *key)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    cr_assert(cJSON_IsNumber(v), "%s is not a number", key);
    return v->valuedouble;
}

static void assert_rel(double got, double want, const char *what)
{
    cr_assert(fabs(got - want) <= 1e-10 * fabs(want), "%s: %.17g, expected %.17g", what,
              got, want);
}

/* A value per person that is a gamma with mean 1 and sd 3 (shape 1/9,
 * scale 9), where GSL's inverse CDF gave NaN: the Pessimistic scenario
 * then silently used the P90. Costs of 25 and 100 x 0.5 x 0.5 people make
 * the BCR equal the value, so the Pessimistic BCR is the value's P10 and
 * the Optimistic its P90. The quantiles are SciPy's
 * (9 * scipy.special.gammaincinv(1/9, p)), to 1e-10 as in test_dist. */
Test(numbers, pessimistic_scenario_uses_the_p10_of_a_small_shape_gamma)
{
    const double p5 = 1.0764139995121223e-11, p10 = 5.5112396805335235e-09;
    const double p90 = 2.767987664703908, p95 = 5.7562365342716415;
    temp_model t;
    write_model(&t, "1", "25.0", "100.0", "0.5",
                "{ dist = \"gamma\"; mean = 1.0; sd = 3.0; }");
    char *out, *err;
    const char *args[] = {"sensitivity", "--sobol", "0", "--format",
                          "json",        "m.cfg",   NULL};
    cr_assert_eq(stitch(&t, args, &out, &err), 0, "%s", err);
    cJSON *j = json_of(out);
    cJSON *sc = cJSON_GetObjectItem(j, "scenarios");
    cr_assert_str_eq(cJSON_GetArrayItem(sc, 0)->child->valuestring, "Pessimistic");
    assert_rel(number_at(cJSON_GetArrayItem(sc, 0), "bcr"), p10, "Pessimistic BCR");
    cr_assert_str_eq(cJSON_GetArrayItem(sc, 2)->child->valuestring, "Optimistic");
    assert_rel(number_at(cJSON_GetArrayItem(sc, 2), "bcr"), p90, "Optimistic BCR");
    cJSON *tor = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "tornado"), 0);
    cr_assert_str_eq(cJSON_GetObjectItem(tor, "path")->valuestring, "benefits.v.value");
    assert_rel(number_at(tor, "low"), p10, "tornado low (P10)");
    assert_rel(number_at(tor, "high"), p90, "tornado high (P90)");
    cJSON *w, *value = NULL;
    cJSON_ArrayForEach(w, cJSON_GetObjectItem(j, "switching"))
    {
        if (strcmp(cJSON_GetObjectItem(w, "path")->valuestring, "benefits.v.value") == 0)
            value = w;
    }
    cr_assert_not_null(value);
    assert_rel(number_at(value, "p5"), p5, "switching P5");
    assert_rel(number_at(value, "p95"), p95, "switching P95");
    cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(cJSON_GetObjectItem(j, "grid"), "b_values"))
        cr_assert(cJSON_IsNumber(v), "a grid value is not a number");
    cJSON_Delete(j);
    free(out), free(err);
    /* The text tornado shows the P10, not "none", and never in scientific
     * notation (it was "5.51e-09"): three significant figures. */
    const char *text[] = {"sensitivity", "--sobol", "0", "m.cfg", NULL};
    cr_assert_eq(stitch(&t, text, &out, &err), 0, "%s", err);
    cr_assert(strstr(out,
                     "  benefits.v.value         0.00000000551      2.77        0.00        "
                     "2.77     -£25.00      £44.20\n"),
              "%s", out);
    cr_assert_not(has_word(out, "nan"), "%s", out);
    free(out), free(err);
    remove_model(&t);
}

/* Every tornado low and high, switching P5 and P95 and grid value in a
 * JSON report is a number (JSON shows a NaN as null). */
static void assert_quantiles_are_numbers(const char *text)
{
    cJSON *j = cJSON_Parse(text), *s = j, *e;
    cr_assert_not_null(cJSON_GetObjectItem(s, "tornado"), "no tornado in:\n%s", text);
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(s, "tornado"))
    {
        number_at(e, "low");
        number_at(e, "high");
    }
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(s, "switching"))
    {
        number_at(e, "p5");
        number_at(e, "p95");
    }
    const char *axes[] = {"a_values", "b_values"};
    for (int k = 0; k < 2; k++)
        cJSON_ArrayForEach(e,
                           cJSON_GetObjectItem(cJSON_GetObjectItem(s, "grid"), axes[k]))
            cr_assert(cJSON_IsNumber(e), "a grid value is not a number");
    cJSON_Delete(j);
}

/* The beta rates of the issue (mean 0.1 and sd 0.24; mean 0.01 and sd
 * 0.05) and a gamma count with mean 100 and sd 1000: their P10 and P90
 * were NaN, printed as a literal "nan" in the Markdown and HTML reports.
 * Every report now holds numbers only. */
Test(numbers, reports_hold_no_nan_for_small_shapes, .timeout = 120)
{
    const char *rates[] = {"{ dist = \"beta\"; mean = 0.1; sd = 0.24; }",
                           "{ dist = \"beta\"; mean = 0.01; sd = 0.05; }"};
    for (int i = 0; i < 2; i++) {
        temp_model t;
        write_model(&t, "2", "1000.0", "{ dist = \"gamma\"; mean = 100.0; sd = 1000.0; }",
                    rates[i], "500.0");
        const char *files[] = {"m.md", "m.html", "m.json"};
        for (int k = 0; k < 3; k++) {
            char *out, *err;
            const char *args[] = {"report", "--iterations", "2000",  "--sobol", "0",
                                  "-o",     files[k],       "m.cfg", NULL};
            cr_assert_eq(stitch(&t, args, &out, &err), 0, "%s", err);
            char path[4200];
            snprintf(path, sizeof path, "%s/%s", t.dir, files[k]);
            char *text = slurp_file(path);
            cr_assert_not_null(text);
            cr_assert_not(has_word(text, "nan"), "%s: nan in %s", rates[i], files[k]);
            cr_assert_null(strstr(text, "NaN"), "%s: NaN in %s", rates[i], files[k]);
            if (k == 2) /* JSON prints NaN as null: the quantiles must be numbers */
                assert_quantiles_are_numbers(text);
            unlink(path);
            free(text), free(out), free(err);
        }
        remove_model(&t);
    }
}

/* ---- check runs what run runs --------------------------------------------------------
 */

/* The last line of stderr (warnings come before it). */
static const char *last_line(const char *err)
{
    size_t n = strlen(err);
    cr_assert(n > 0 && err[n - 1] == '\n', "stderr: %s", err);
    const char *p = err + n - 1;
    while (p > err && p[-1] != '\n')
        p--;
    return p;
}

/* Models that run rejected and check passed. Now both give the same error,
 * with exit 2: a value too large to add up, a beta or gamma whose sd is
 * too small to work with (the beta was blamed on "long tails"), and a
 * lognormal whose simulation overflows though its base case does not. */
Test(numbers, check_fails_every_model_run_fails, .timeout = 60)
{
    static const struct {
        const char *rate, *value, *error;
    } cases[] = {
        {"0.5", "1e308",
         "stitch: m.cfg: benefits.v: its value is too large to add up (overflow): check "
         "its numbers, and those of the outputs and outcomes above it, for a typo such "
         "as extra zeros\n"},
        {"{ dist = \"beta\"; mean = 0.5; sd = 1e-160; }", "10.0",
         "stitch: m.cfg:8: outcomes.k.rate: a beta this narrow (mean 0.5, sd 1e-160) is "
         "beyond what stitch can work with: if the share is this certain, write the "
         "plain number 0.5; otherwise give an sd of at least 0.00112 (or use a pert)\n"},
        {"0.5", "{ dist = \"gamma\"; mean = 1.0; sd = 1e-170; }",
         "stitch: m.cfg:9: benefits.v.value: sd (1e-170) is too small beside the mean "
         "(1) "
         "to work with: if the number is this certain, write the plain number 1\n"},
        {"0.5", "{ dist = \"lognormal\"; mean = 1e305; sd = 1e307; }",
         "stitch: m.cfg: a simulation gave a result too large to add up (overflow): "
         "check "
         "distributions with very long tails (a lognormal or gamma with a large sd) and "
         "numbers with extra zeros\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        temp_model t;
        write_model(&t, "1", "1000.0", "100.0", cases[i].rate, cases[i].value);
        const char *commands[] = {"check", "run"};
        for (int k = 0; k < 2; k++) {
            char *out, *err;
            const char *args[] = {commands[k], "m.cfg", NULL};
            int rc = stitch(&t, args, &out, &err);
            cr_expect_eq(rc, 2, "case %zu: stitch %s exits %d; stderr:\n%s", i,
                         commands[k], rc, err);
            cr_expect_str_eq(last_line(err), cases[i].error, "case %zu: stitch %s", i,
                             commands[k]);
            cr_expect_str_empty(out, "case %zu: stitch %s printed on stdout", i,
                                commands[k]);
            free(out), free(err);
        }
        remove_model(&t);
    }
}

/* A lognormal value with mean 1e303 and sd 1e306: run runs, but the
 * Sobol sample of `stitch sensitivity` overflows, which was reported as
 * "out of memory". It is the overflow, with run's message and exit code. */
Test(numbers, sensitivity_reports_an_overflow_as_an_overflow)
{
    temp_model t;
    write_model(&t, "1", "1000.0", "100.0", "0.5",
                "{ dist = \"lognormal\"; mean = 1e303; sd = 1e306; }");
    char *out, *err;
    const char *args[] = {"sensitivity", "m.cfg", NULL};
    cr_assert_eq(stitch(&t, args, &out, &err), 2, "%s", err);
    cr_assert_str_eq(
        last_line(err),
        "stitch: m.cfg: a simulation gave a result too large to add up "
        "(overflow): check distributions with very long tails (a lognormal or "
        "gamma with a large sd) and numbers with extra zeros\n");
    cr_assert_str_empty(out);
    free(out), free(err);
    remove_model(&t);
}

/* ---- integer literals
 * ------------------------------------------------------------------ */

/* The present value of costs of a one-year model costing `amount` a year:
 * the amount itself (year 0 is not discounted). */
static double pvc_of(const char *amount, const char *years)
{
    temp_model t;
    write_model(&t, years, amount, "100.0", "0.5", "10.0");
    char *out, *err;
    const char *args[] = {"run",  "--iterations", "100", "--format",
                          "json", "m.cfg",        NULL};
    int rc = stitch(&t, args, &out, &err);
    cr_assert_eq(rc, 0, "amount = %s: exit %d\n%s", amount, rc, err);
    cJSON *j = json_of(out);
    double pvc = number_at(cJSON_GetObjectItem(j, "base"), "pvc");
    cJSON_Delete(j);
    free(out), free(err);
    remove_model(&t);
    return pvc;
}

/* libconfig 1.5 wraps integer literals of 2^31 or more while parsing:
 * `amount = 5000000000;` cost 705,032,704 a year (PVC £2,044,379,296 over
 * three years), 4294968296 became 1000 and 3000000000 "-1.29497e+09 is
 * negative". stitch reads each literal from the file's own text, exactly:
 * every whole number up to 2^53 = 9007199254740992 is a double. */
Test(numbers, large_integer_literals_are_read_exactly)
{
    cr_assert_eq(pvc_of("5000000000", "1"), 5000000000.0);
    cr_assert_eq(pvc_of("4294968296", "1"), 4294968296.0);
    cr_assert_eq(pvc_of("3000000000", "1"), 3000000000.0);
    cr_assert_eq(pvc_of("2147483648", "1"), 2147483648.0);
    cr_assert_eq(pvc_of("5000000000L", "1"), 5000000000.0);
    cr_assert_eq(pvc_of("0x100000000", "1"), 4294967296.0);
    cr_assert_eq(pvc_of("9007199254740992", "1"), 9007199254740992.0);
    /* Three years at 3.5%: 5e9 x (1 + 1/1.035 + 1/1.035^2), to the pound. */
    double three = 5e9 * (1 + 1 / 1.035 + 1 / (1.035 * 1.035));
    cr_assert_float_eq(pvc_of("5000000000", "3"), three, 0.5);
    cr_assert_eq(round(three), 14498471376.0); /* £14,498,471,376: 5e9 x 2.8996943 */
}

/* A count of years that libconfig wrapped (4294967299 ran 3 years) is
 * refused as out of range, with the number as written. */
Test(numbers, wrapped_years_are_refused)
{
    temp_model t;
    write_model(&t, "4294967299", "1000.0", "100.0", "0.5", "10.0");
    char *out, *err;
    const char *args[] = {"run", "m.cfg", NULL};
    cr_assert_eq(stitch(&t, args, &out, &err), 2, "%s", err);
    cr_assert_str_eq(err,
                     "stitch: m.cfg:3: years: 4294967299 is out of range (1 to 1000)\n");
    cr_assert_str_empty(out);
    free(out), free(err);
    remove_model(&t);
}

/* The largest seed the documentation allows, 4294967295, was wrapped to -1
 * and refused; it is now read as written. */
Test(numbers, the_largest_seed_is_accepted)
{
    temp_model t;
    write_model(&t, "1", "1000.0", "100.0", "0.5", "10.0");
    FILE *f = fopen(t.path, "a");
    cr_assert_not_null(f);
    fprintf(f, "simulation = { iterations = 100; seed = 4294967295; };\n");
    fclose(f);
    char *out, *err;
    const char *args[] = {"run", "--format", "json", "m.cfg", NULL};
    cr_assert_eq(stitch(&t, args, &out, &err), 0, "%s", err);
    cJSON *j = json_of(out);
    cr_assert_eq(number_at(cJSON_GetObjectItem(j, "meta"), "seed"), 4294967295.0);
    cJSON_Delete(j);
    free(out), free(err);
    remove_model(&t);
}

/* Numbers are matched to their text past strings, comments and line
 * breaks, as libconfig reads them: a value on the line after its key, two
 * keys of the same name on one line, numbers inside strings and comments,
 * and the forms .5, +100 and 1e0. */
Test(numbers, literals_are_found_past_strings_and_comments)
{
    temp_model t;
    snprintf(t.dir, sizeof t.dir, "/tmp/stitch-n-XXXXXX");
    cr_assert_not_null(mkdtemp(t.dir));
    snprintf(t.path, sizeof t.path, "%s/m.cfg", t.dir);
    FILE *f = fopen(t.path, "w");
    cr_assert_not_null(f);
    fputs(
        "name = \"Tricky 5000000000 # not a comment\"; # 7 3000000000\n"
        "/* block 3000000000\n 12 */ price_year = \"2023/24\"; years = 1; "
        "discount = 0.035;\n"
        "need = { text = \"a \\\"quoted\\\" 4294967296 // x\"; population = 1e13; };\n"
        "costs = ( { id = \"staff\"; amount =\n"
        "   5000000000; per = \"year\"; } ); // 1e400 in a comment\n"
        "outputs = ( { id = \"o\"; count = +100; } );\n"
        "outcomes = ( { id = \"k\"; from = \"o\"; rate = { dist = \"uniform\"; min = .5; "
        "max = 0.75; }; } );\n"
        "benefits = ( { id = \"v\"; outcome = \"k\"; value = 3000000000; quantity = 1e0; "
        "attribution = 0.5; } );\n",
        f);
    fclose(f);
    char *out, *err;
    const char *args[] = {"run",  "--iterations", "100", "--format",
                          "json", "m.cfg",        NULL};
    cr_assert_eq(stitch(&t, args, &out, &err), 0, "%s", err);
    cJSON *j = json_of(out);
    cJSON *base = cJSON_GetObjectItem(j, "base");
    cr_assert_eq(number_at(base, "pvc"), 5000000000.0);
    /* 100 people x 0.625 (the uniform's mean) x 3e9 x (1 - 0.5) */
    cr_assert_eq(number_at(base, "pvb"), 100 * 0.625 * 3e9 * 0.5);
    cJSON_Delete(j);
    free(out), free(err);
    remove_model(&t);
}
