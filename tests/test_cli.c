/* test_cli.c — the command line: exit codes, help, JSON members, write errors. */
#include "harness.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static int run(const char *const *args, char **out, char **err)
{
    return run_stitch(src_path(""), args, out, err);
}

Test(cli, help_goes_to_stdout_with_exit_0)
{
    char *out, *err;
    const char *args[] = {"--help", NULL};
    cr_assert_eq(run(args, &out, &err), 0);
    cr_assert(strstr(out, "Usage: stitch COMMAND") == out);
    cr_assert_str_empty(err);
    free(out), free(err);
}

Test(cli, version)
{
    char *out, *err;
    const char *args[] = {"--version", NULL};
    cr_assert_eq(run(args, &out, &err), 0);
    cr_assert_str_eq(out, "stitch 0.1.0\n");
    free(out), free(err);
}

Test(cli, usage_errors_exit_2)
{
    char *out, *err;
    const char *none[] = {NULL};
    cr_assert_eq(run(none, &out, &err), 2);
    cr_assert_str_eq(err, "stitch: no command given\nTry 'stitch --help' for more "
                          "information.\n");
    free(out), free(err);
    const char *bad[] = {"frobnicate", NULL};
    cr_assert_eq(run(bad, &out, &err), 2);
    cr_assert_str_eq(err, "stitch: 'frobnicate' is not a command (run, check, "
                          "sensitivity, costs, init, report)\nTry 'stitch "
                          "--help' for more information.\n");
    free(out), free(err);
    const char *fmt[] = {"run", "--format", "xml", "models/befriending.cfg", NULL};
    cr_assert_eq(run(fmt, &out, &err), 2);
    cr_assert_str_eq(
        err, "stitch: --format: 'xml' is not a format (use text, json or csv)\nTry "
             "'stitch --help' for more information.\n");
    cr_assert_str_empty(out);
    free(out), free(err);
    const char *nomodel[] = {"run", NULL};
    cr_assert_eq(run(nomodel, &out, &err), 2);
    cr_assert_str_eq(err, "stitch: run: which model file?\nTry 'stitch --help' for more "
                          "information.\n");
    free(out), free(err);
}

Test(cli, missing_model_exits_2_with_nothing_on_stdout)
{
    char *out, *err;
    const char *args[] = {"run", "no-such-model.cfg", NULL};
    cr_assert_eq(run(args, &out, &err), 2);
    cr_assert_str_eq(err, "stitch: no-such-model.cfg: cannot open: No such file or "
                          "directory\n");
    cr_assert_str_empty(out);
    free(out), free(err);
}

Test(cli, example_runs_as_text)
{
    char *out, *err;
    const char *args[] = {"run", "models/befriending.cfg", NULL};
    cr_assert_eq(run(args, &out, &err), 0, "%s", err);
    cr_assert(strstr(out, "Benefit-cost ratio"));
    cr_assert(strstr(out, "Break-even attribution"));
    cr_assert(strstr(out, "Time freed"));
    cr_assert_null(strstr(out, "nan"));
    cr_assert_null(strstr(out, "inf"));
    free(out), free(err);
}

static cJSON *member(cJSON *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *save = NULL, *k = strtok_r(buf, ".", &save); k && o;
         k = strtok_r(NULL, ".", &save))
        o = cJSON_GetObjectItemCaseSensitive(o, k);
    cr_assert_not_null(o, "JSON member %s is missing", path);
    return o;
}

Test(cli, json_has_the_spec_members)
{
    char *out, *err;
    const char *args[] = {"run", "--format", "json", "models/befriending.cfg", NULL};
    cr_assert_eq(run(args, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "output is not JSON");
    const char *nums[] = {"base.pvb",
                          "base.pvc",
                          "base.bcr",
                          "base.npv",
                          "base.roi",
                          "base.break_even_attribution",
                          "base.contribution.pvb",
                          "base.contribution.bcr",
                          "base.contribution.npv",
                          "base.by_kind.cashable",
                          "base.by_kind.non_cashable",
                          "base.by_kind.economic",
                          "base.by_kind.social",
                          "meta.seed",
                          "meta.iterations"};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
        cr_assert(cJSON_IsNumber(member(j, nums[i])), "%s is not a number", nums[i]);
    const char *objs[] = {"base.time_hours", "base.by_benefit", "base.by_payer"};
    for (size_t i = 0; i < 3; i++)
        cr_assert(cJSON_IsObject(member(j, objs[i])), "%s is not an object", objs[i]);
    cr_assert(cJSON_IsNumber(member(j, "base.payback_year")) ||
              cJSON_IsNull(member(j, "base.payback_year")));
    cr_assert_str_eq(member(j, "meta.price_year")->valuestring, "2023/24");
    cr_assert_str_eq(member(j, "meta.version")->valuestring, "0.1.0");
    cJSON *tables = member(j, "meta.unit_cost_tables");
    cr_assert(cJSON_IsArray(tables) && cJSON_GetArraySize(tables) == 1);
    cr_assert(cJSON_IsArray(member(cJSON_GetArrayItem(tables, 0), "price_years")));
    /* the parts add up to the whole */
    double pvb = member(j, "base.pvb")->valuedouble, sum = 0;
    cJSON *b;
    cJSON_ArrayForEach(b, member(j, "base.by_benefit")) sum += b->valuedouble;
    cr_assert_float_eq(sum, pvb, 1e-6);
    cr_assert_null(strstr(out, "nan"));
    cr_assert_null(strstr(out, "inf"));
    cJSON_Delete(j);
    free(out), free(err);
}

/* A zero-cost model: the BCR does not exist, and JSON says null, not inf. */
Test(cli, zero_costs_give_null_not_infinity)
{
    char *out, *err;
    const char *args[] = {"run", "--format", "json", "tests/data/zero-cost.cfg", NULL};
    cr_assert_eq(run(args, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j);
    cr_assert(cJSON_IsNull(member(j, "base.bcr")));
    cr_assert(cJSON_IsNull(member(j, "base.roi")));
    cr_assert(cJSON_IsNull(member(j, "base.payback_year")));
    cJSON_Delete(j);
    free(out), free(err);
    const char *text[] = {"run", "tests/data/zero-cost.cfg", NULL};
    cr_assert_eq(run(text, &out, &err), 0);
    cr_assert(strstr(out, "Benefit-cost ratio          not defined: the costs are zero"));
    free(out), free(err);
}

/* A full disk: the report cannot be written, so exit 1 with a message. */
Test(cli, write_error_exits_1)
{
    FILE *probe = fopen("/dev/full", "w");
    if (!probe)
        cr_skip_test("/dev/full is not available here");
    fclose(probe);
    /* run the binary with stdout on /dev/full through the shell */
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' run models/befriending.cfg 2>&1 >/dev/full", src_path(""),
             STITCH_BIN);
    FILE *pipe = popen(cmd, "r");
    cr_assert_not_null(pipe);
    char msg[512] = "";
    size_t n = fread(msg, 1, sizeof msg - 1, pipe);
    msg[n] = '\0';
    int status = pclose(pipe);
    cr_assert_eq(WEXITSTATUS(status), 1);
    cr_assert_str_eq(msg,
                     "stitch: cannot write the report to standard output: No space left "
                     "on device\n");
}

Test(cli, check_example_is_clean)
{
    char *out, *err;
    const char *args[] = {"check", "models/befriending.cfg", NULL};
    int rc = run(args, &out, &err);
    cr_assert_eq(rc, 0, "check printed: %s", err);
    cr_assert(strstr(out, "models/befriending.cfg: OK"));
    free(out), free(err);
}

/* SPEC section 7: the same model, seed and iterations give byte-identical
 * output whatever the thread count; and the summary members are present. */
Test(cli, run_is_byte_identical_across_threads)
{
    char *o1, *e1, *o2, *e2;
    const char *one[] = {
        "run", "--format",  "json", "--iterations",           "9000", "--seed",
        "5",   "--threads", "1",    "models/befriending.cfg", NULL};
    const char *two[] = {
        "run", "--format",  "json", "--iterations",           "9000", "--seed",
        "5",   "--threads", "2",    "models/befriending.cfg", NULL};
    cr_assert_eq(run(one, &o1, &e1), 0, "%s", e1);
    cr_assert_eq(run(two, &o2, &e2), 0, "%s", e2);
    cr_assert_str_eq(o1, o2);
    cJSON *j = cJSON_Parse(o1);
    cr_assert_not_null(j);
    cr_assert_eq(member(j, "meta.iterations")->valueint, 9000);
    cr_assert_eq(member(j, "meta.seed")->valueint, 5);
    const char *metrics[] = {"pvb", "pvc", "bcr", "npv", "roi"};
    for (size_t i = 0; i < 5; i++) {
        cJSON *s = cJSON_GetObjectItemCaseSensitive(member(j, "summary"), metrics[i]);
        cr_assert_not_null(s, "summary.%s missing", metrics[i]);
        const char *k[] = {"mean", "sd", "p5", "p50", "p95"};
        for (size_t q = 0; q < 5; q++)
            cr_assert(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(s, k[q])),
                      "summary.%s.%s", metrics[i], k[q]);
    }
    cr_assert_not_null(
        cJSON_GetObjectItemCaseSensitive(member(j, "summary"), "time_hours.GP"));
    double p = member(j, "p_bcr_ge_1")->valuedouble;
    cr_assert(p > 0 && p < 1);
    cJSON_Delete(j);
    free(o1), free(e1), free(o2), free(e2);
}

Test(cli, bad_iterations_are_usage_errors)
{
    char *out, *err;
    const char *args[] = {"run", "--iterations", "0", "models/befriending.cfg", NULL};
    cr_assert_eq(run(args, &out, &err), 2);
    cr_assert_str_eq(err, "stitch: --iterations: '0' is not a whole number from 1 to "
                          "1000000000\nTry 'stitch --help' for more information.\n");
    free(out), free(err);
}

/* --precision runs until both standard errors meet the target, and says so;
 * a plain run of the reported length prints the same summary. */
Test(cli, precision_runs_to_its_target)
{
    char *out, *err, *out2, *err2;
    const char *args[] = {"run",         "--format", "json",
                          "--precision", "0.003",    "models/befriending.cfg",
                          NULL};
    cr_assert_eq(run(args, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_eq(member(j, "meta.precision.met")->valueint, 1);
    cr_assert_float_eq(member(j, "meta.precision.target")->valuedouble, 0.003, 1e-15);
    cr_assert_leq(member(j, "p_bcr_ge_1_mcse")->valuedouble, 0.003);
    cr_assert_leq(member(j, "summary.bcr.mcse")->valuedouble, 0.003);
    char n[32];
    snprintf(n, sizeof n, "%d", member(j, "meta.iterations")->valueint);
    const char *plain[] = {
        "run", "--format", "json", "--iterations", n, "models/befriending.cfg", NULL};
    cr_assert_eq(run(plain, &out2, &err2), 0, "%s", err2);
    cJSON *k = cJSON_Parse(out2);
    char *a = cJSON_PrintUnformatted(cJSON_GetObjectItem(j, "summary"));
    char *b = cJSON_PrintUnformatted(cJSON_GetObjectItem(k, "summary"));
    cr_assert_str_eq(a, b);
    free(a), free(b);
    cJSON_Delete(j), cJSON_Delete(k);
    free(out), free(err), free(out2), free(err2);
}

Test(cli, bad_precision_is_a_usage_error)
{
    char *out, *err;
    const char *args[] = {"run", "--precision", "5%", "models/befriending.cfg", NULL};
    cr_assert_eq(run(args, &out, &err), 2);
    cr_assert_str_eq(err,
                     "stitch: --precision: '5%' is not a standard error between 0 "
                     "and 1 (e.g. 0.005)\nTry 'stitch --help' for more information.\n");
    free(out), free(err);
}

/* A folder named as the model gets a plain word, not "Is a directory". */
Test(cli, folder_as_model)
{
    char *out, *err;
    const char *args[] = {"check", "tests/data", NULL};
    cr_assert_eq(run(args, &out, &err), 2);
    cr_assert_str_eq(err,
                     "stitch: tests/data: this is a folder, not a model file: name the "
                     ".cfg file inside it\n");
    free(out), free(err);
}

/* One simulation has no spread to measure: its standard deviation and Monte
 * Carlo standard errors are null and "not estimable", never 0, and a
 * --precision target is never "met" on fewer than 2 simulations. */
Test(cli, one_iteration_has_no_standard_error)
{
    char *out, *err;
    const char *json[] = {
        "run", "--format", "json", "--iterations", "1", "models/befriending.cfg", NULL};
    cr_assert_eq(run(json, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j);
    const char *metrics[] = {"pvb", "pvc", "bcr", "npv", "roi", "time_hours.GP"};
    for (size_t i = 0; i < sizeof metrics / sizeof *metrics; i++) {
        cJSON *s = cJSON_GetObjectItemCaseSensitive(member(j, "summary"), metrics[i]);
        cr_assert_not_null(s, "summary.%s", metrics[i]);
        cr_expect(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(s, "mean")));
        cr_expect(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(s, "sd")),
                  "summary.%s.sd is not null", metrics[i]);
        cr_expect(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(s, "mcse")),
                  "summary.%s.mcse is not null", metrics[i]);
    }
    cr_expect(cJSON_IsNull(member(j, "p_bcr_ge_1_mcse")));
    cJSON_Delete(j);
    free(out), free(err);

    const char *text[] = {"run", "--iterations", "1", "models/befriending.cfg", NULL};
    cr_assert_eq(run(text, &out, &err), 0, "%s", err);
    cr_expect_null(strstr(out, "±0.000"), "%s", out);
    cr_expect(strstr(out, "  Precision: not estimable from a single simulation; run at "
                          "least 2 to see how precise the figures above are.\n"),
              "%s", out);
    free(out), free(err);

    const char *csv[] = {
        "run", "--format", "csv", "--iterations", "1", "models/befriending.cfg", NULL};
    cr_assert_eq(run(csv, &out, &err), 0, "%s", err);
    cr_expect_null(strstr(out, ",0,0,"), "sd and mcse must be empty, not 0:\n%s", out);
    cr_expect_null(strstr(out, "p_bcr_ge_1_mcse,0\n"), "%s", out);
    free(out), free(err);

    const char *precision[] = {"run",   "--format",     "json", "--precision",
                               "0.005", "--iterations", "1",    "models/befriending.cfg",
                               NULL};
    cr_assert_eq(run(precision, &out, &err), 0, "%s", err);
    j = cJSON_Parse(out);
    cr_assert_not_null(j);
    cr_expect_eq(member(j, "meta.iterations")->valueint, 1);
    cr_expect_eq(member(j, "meta.precision.met")->valueint, 0);
    cJSON_Delete(j);
    free(out), free(err);
    const char *ptext[] = {
        "run", "--precision", "0.005", "--iterations", "1", "models/befriending.cfg",
        NULL};
    cr_assert_eq(run(ptext, &out, &err), 0, "%s", err);
    cr_expect_null(strstr(out, "Ran until both standard errors"), "%s", out);
    cr_expect(strstr(out, "  Note: the --precision target 0.005 was not reached within 1 "
                          "simulation; allow more with --iterations.\n"),
              "%s", out);
    free(out), free(err);
}
