/* test_extremes.c — numbers at the edges: huge and tiny counts, nothing to
 * count, harm larger than good, a 200-year Green Book appraisal, shares at
 * the edge of validity, overflow, ten million iterations. No NaN or
 * infinity may reach an output: each JSON report is scanned for them, and
 * the figures that can be worked out by hand are. */
#include "harness.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A one-benefit model: `count` people reached, `rate` of them helped, each
 * worth `value` a year; cost 1000 a year; 1 year unless `extra` says. */
static char *write_model(char *dir, const char *count, const char *rate,
                         const char *value, const char *extra)
{
    static char path[4096];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/m.cfg", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f,
            "name = \"Extreme\";\nprice_year = \"2023/24\";\n%s\n"
            "need = { text = \"Need\"; population = 1e13; };\n"
            "costs = ( { id = \"staff\"; amount = 1000.0; per = \"year\"; } );\n"
            "outputs = ( { id = \"o\"; count = %s; } );\n"
            "outcomes = ( { id = \"k\"; from = \"o\"; rate = %s; } );\n"
            "benefits = ( { id = \"v\"; outcome = \"k\"; value = %s; attribution = 0.5; "
            "} );\n",
            extra ? extra : "years = 1;\ndiscount = 0.035;", count, rate, value);
    fclose(f);
    return path;
}

static void remove_model(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/m.cfg", dir);
    unlink(path);
    rmdir(dir);
}

/* No number in the JSON is NaN or infinite (they must print as null). */
static void assert_finite_json(const char *out)
{
    cr_assert_not(has_word(out, "nan"), "NaN in:\n%s", out);
    cr_assert_not(has_word(out, "inf"), "infinity in:\n%s", out);
}

static cJSON *run_json(const char *dir, const char *iterations, char **out)
{
    char *err;
    const char *args[] = {"run",      "--format", "json", "--iterations",
                          iterations, "m.cfg",    NULL};
    cr_assert_eq(run_stitch(dir, args, out, &err), 0, "%s", err);
    free(err);
    assert_finite_json(*out);
    cJSON *j = cJSON_Parse(*out);
    cr_assert_not_null(j);
    return j;
}

static double num(cJSON *j, const char *a, const char *b)
{
    cJSON *x = cJSON_GetObjectItem(cJSON_GetObjectItem(j, a), b);
    cr_assert(cJSON_IsNumber(x), "%s.%s is not a number", a, b);
    return x->valuedouble;
}

/* PVB = count x rate x value x (1 - attribution) in year 0: 1e12 x 0.5 x 10
 * x 0.5 = 2.5e12, and 1e-12 x ... = 2.5e-12; exact to 1e-12 relative. */
Test(extremes, huge_and_tiny_counts)
{
    const char *counts[] = {"1e12", "1e-12"};
    const double want[] = {2.5e12, 2.5e-12};
    for (int i = 0; i < 2; i++) {
        char dir[] = "/tmp/stitch-x-XXXXXX", *out;
        write_model(dir, counts[i], "0.5", "10.0", NULL);
        cJSON *j = run_json(dir, "1000", &out);
        cr_assert_float_eq(num(j, "base", "pvb"), want[i], want[i] * 1e-12);
        cr_assert_float_eq(num(j, "base", "bcr"), want[i] / 1000, want[i] / 1000 * 1e-12);
        cJSON_Delete(j);
        free(out);
        remove_model(dir);
    }
}

/* Nothing to count: PVB 0, BCR 0, no payback and no break-even
 * attribution (null, not NaN), and the text says so in words. */
Test(extremes, all_benefits_zero)
{
    char dir[] = "/tmp/stitch-x-XXXXXX", *out, *err;
    write_model(dir, "100", "0.5", "0.0", NULL);
    cJSON *j = run_json(dir, "1000", &out);
    cr_assert_float_eq(num(j, "base", "pvb"), 0.0, 0);
    cr_assert_float_eq(num(j, "base", "bcr"), 0.0, 0);
    cr_assert(cJSON_IsNull(
        cJSON_GetObjectItem(cJSON_GetObjectItem(j, "base"), "payback_year")));
    cr_assert(cJSON_IsNull(
        cJSON_GetObjectItem(cJSON_GetObjectItem(j, "base"), "break_even_attribution")));
    cJSON_Delete(j);
    free(out);
    const char *text[] = {"run", "--iterations", "1000", "m.cfg", NULL};
    cr_assert_eq(run_stitch(dir, text, &out, &err), 0, "%s", err);
    cr_assert_not(has_word(out, "nan"), "%s", out);
    cr_assert(strstr(out, "Break-even attribution: none."), "%s", out);
    free(out), free(err);
    remove_model(dir);
}

/* Harm larger than good: a negative value per person gives a negative PVB
 * (-100 x 50 x 0.5 = -2,500) and BCR (-2.5), reported as numbers. */
Test(extremes, negative_benefits)
{
    char dir[] = "/tmp/stitch-x-XXXXXX", *out;
    write_model(dir, "100", "0.5", "-100.0", NULL);
    cJSON *j = run_json(dir, "1000", &out);
    cr_assert_float_eq(num(j, "base", "pvb"), -2500.0, 1e-9);
    cr_assert_float_eq(num(j, "base", "bcr"), -2.5, 1e-12);
    cr_assert_float_eq(num(j, "base", "npv"), -3500.0, 1e-9);
    cJSON_Delete(j);
    free(out);
    remove_model(dir);
}

/* 200 years on the Green Book schedule, service in year 0 only, a benefit
 * for all 200 years: PVB = 2,500 x sum of the 200 discount factors, which
 * the schedule's bands (3.5% to year 30, 3% to 75, 2.5% to 125, 2% to 199)
 * keep finite and positive; the last factor is about 0.0059. */
Test(extremes, two_hundred_years_green_book)
{
    char dir[] = "/tmp/stitch-x-XXXXXX", *out;
    char *path =
        write_model(dir, "100", "0.5", "100.0",
                    "years = 200;\ndelivery_years = 1;\ndiscount = \"green-book\";");
    /* the benefit lasts 200 years: append a duration by rewriting the file */
    char *text = slurp_file(path);
    char *v = strstr(text, "attribution = 0.5;");
    cr_assert_not_null(v);
    FILE *f = fopen(path, "w");
    fprintf(f, "%.*sattribution = 0.5; duration = 200; drop_off = 0.0;%s",
            (int)(v - text), text, v + strlen("attribution = 0.5;"));
    fclose(f);
    free(text);
    cJSON *j = run_json(dir, "1000", &out);
    double df = 1, sum = 0;
    for (int t = 0; t < 200; t++) {
        sum += df;
        double r = t + 1 <= 30 ? 0.035 : t + 1 <= 75 ? 0.03 : t + 1 <= 125 ? 0.025 : 0.02;
        df /= 1 + r;
    }
    cr_assert_float_eq(num(j, "base", "pvb"), 2500 * sum, 2500 * sum * 1e-12);
    cJSON_Delete(j);
    free(out);
    remove_model(dir);
}

/* A share at the edge of validity: beta with mean 0.001 (sd 0.0005). Its
 * draws stay in (0, 1) and the simulation mean stays near the base case. */
Test(extremes, beta_near_zero)
{
    char dir[] = "/tmp/stitch-x-XXXXXX", *out;
    write_model(dir, "1000", "{ dist = \"beta\"; mean = 0.001; sd = 0.0005; }", "1000.0",
                NULL);
    cJSON *j = run_json(dir, "20000", &out);
    double base = num(j, "base", "pvb"); /* 1000 x 0.001 x 1000 x 0.5 = 500 */
    cr_assert_float_eq(base, 500.0, 1e-9);
    cJSON *s = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "summary"), "pvb");
    double mean = cJSON_GetObjectItem(s, "mean")->valuedouble;
    double mcse = cJSON_GetObjectItem(s, "mcse")->valuedouble;
    cr_assert(fabs(mean - base) < 5 * mcse, "mean %f, base %f, mcse %f", mean, base,
              mcse);
    cr_assert_geq(cJSON_GetObjectItem(s, "p5")->valuedouble, 0.0);
    cJSON_Delete(j);
    free(out);
    remove_model(dir);
}

/* Numbers too large to add up are an error that says where, not inf. */
Test(extremes, overflow_is_an_error)
{
    char dir[] = "/tmp/stitch-x-XXXXXX", *out, *err;
    write_model(dir, "1e300", "1.0", "1e300", NULL);
    const char *args[] = {"run", "m.cfg", NULL};
    cr_assert_eq(run_stitch(dir, args, &out, &err), 2);
    cr_assert_str_eq(err, "stitch: m.cfg: benefits.v: its value is too large to add up "
                          "(overflow): check its numbers, and those of the outputs and "
                          "outcomes above it, for a typo such as extra zeros\n");
    cr_assert_str_empty(out);
    free(out), free(err);
    remove_model(dir);
}

/* Too many digits to print: PVB = 1e6 x 0.5 x 1e60 x (1 - 0.5) = 2.5e65,
 * BCR 2.5e65 / 1000 = 2.5e62. Printed as powers of ten, never as 64
 * digits cut short (which read as about 2.5e59). */
Test(extremes, huge_figures_keep_their_size)
{
    char dir[] = "/tmp/stitch-x-XXXXXX", *out, *err;
    write_model(dir, "1e6", "0.5", "1e60", NULL);
    const char *args[] = {"run", "--iterations", "100", "m.cfg", NULL};
    cr_assert_eq(run_stitch(dir, args, &out, &err), 0, "%s", err);
    cr_expect(strstr(out, "  Present value of benefits   \xC2\xA3"
                          "2.5 \xC3\x97 10^65\n"),
              "%s", out);
    cr_expect(strstr(out, "  Benefit-cost ratio          2.5 \xC3\x97 10^62 (\xC2\xA3"
                          "2.5 \xC3\x97 10^62 back for every \xC2\xA3"
                          "1 spent)\n"),
              "%s", out);
    cr_expect(strstr(out, "  Present value of costs      \xC2\xA3"
                          "1,000\n"),
              "%s", out);
    free(out), free(err);
    remove_model(dir);
}

/* Ten million iterations (a long-tailed lognormal value): every summary
 * finite. Skipped under the sanitizers, where it would take minutes. */
#if defined(__SANITIZE_ADDRESS__)
#define TEN_MILLION_DISABLED 1
#else
#define TEN_MILLION_DISABLED 0
#endif
Test(extremes, ten_million_iterations, .timeout = 300, .disabled = TEN_MILLION_DISABLED)
{
    char dir[] = "/tmp/stitch-x-XXXXXX", *out;
    write_model(dir, "100", "0.5", "{ dist = \"lognormal\"; mean = 100.0; sd = 300.0; }",
                NULL);
    cJSON *j = run_json(dir, "10000000", &out);
    cr_assert_eq(
        cJSON_GetObjectItem(cJSON_GetObjectItem(j, "meta"), "iterations")->valueint,
        10000000);
    cJSON *s = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "summary"), "pvb");
    double mean = cJSON_GetObjectItem(s, "mean")->valuedouble;
    double mcse = cJSON_GetObjectItem(s, "mcse")->valuedouble;
    cr_assert(fabs(mean - 2500.0) < 5 * mcse, "mean %f, mcse %f", mean, mcse);
    cJSON_Delete(j);
    free(out);
    remove_model(dir);
}
