/* test_cli.c — the command line: exit codes, help, JSON members, write errors. */
#include "harness.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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
                          "sensitivity, evidence, compare, portfolio, costs, init, report)\nTry 'stitch "
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

/* The README's example, pinned: `stitch run models/befriending.cfg` (seed
 * 20241, 10,000 simulations) prints these lines whole. The README quotes
 * the BCR 1.25 and the 36% break-even attribution; the other figures are
 * the same base case (tests/test_models.c pins it to the pound) and its
 * simulation. NPV = PVB - PVC = 272,493 - 217,846 = 54,647 and the BCR
 * 272,493 / 217,846 = 1.25, by hand. */
Test(cli, example_runs_as_text)
{
    char *out, *err;
    const char *args[] = {"run", "models/befriending.cfg", NULL};
    cr_assert_eq(run(args, &out, &err), 0, "%s", err);
    const char *lines[] = {
        "  Present value of benefits   £272,493",
        "  Present value of costs      £217,846",
        "  Benefit-cost ratio          1.25 (£1.25 back for every £1 spent)",
        "  Net present value           £54,647",
        "  Return on investment        25%",
        "  Payback                     year 2 (discounted; year 0 is the first)",
        "Uncertainty (10,000 simulations, seed 20241)",
        "  In 9 out of 10 simulations the BCR lies between 0.69 and 1.96; the project "
        "breaks even in 72% of them.",
        "  GP: about 5 hours (some 31 consultations); under 0.01 FTE at 2,064 working "
        "hours a year",
        "    benefits £342,433, BCR 1.57, NPV £124,587",
        "    benefits £272,493, BCR 1.25, NPV £54,647",
        "  Break-even attribution 36%: the project pays back even if others caused up "
        "to 36% of the change.",
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        char want[512];
        snprintf(want, sizeof want, "\n%s\n", lines[i]);
        cr_expect_not_null(strstr(out, want), "no line\n%s\nin:\n%s", lines[i], out);
    }
    cr_assert_not(has_word(out, "nan"));
    cr_assert_not(has_word(out, "inf"));
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

static double num(cJSON *o, const char *path)
{
    cJSON *m = member(o, path);
    cr_assert(cJSON_IsNumber(m), "%s is not a number", path);
    return m->valuedouble;
}

/* The JSON of the README's example, at its seed 20241 and 10,000
 * simulations: docs/method.md section 6's members, the base case to the
 * penny (money) or to 1e-9 (ratios and shares), the simulation's figures,
 * and the identities that tie them together, which hold whatever the
 * model: NPV = PVB - PVC, BCR = PVB / PVC, ROI = NPV / PVC, break-even
 * attribution = 1 - PVC / contribution PVB, the parts summing to the whole,
 * GP hours = units x 10 minutes / 60, and the Monte Carlo standard errors
 * sd / sqrt(n) and sqrt(p (1 - p) / n). */
Test(cli, json_has_the_spec_members)
{
    char *out, *err;
    const char *args[] = {"run", "--format", "json", "models/befriending.cfg", NULL};
    cr_assert_eq(run(args, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "output is not JSON");
    static const struct {
        const char *path;
        double want, tol;
    } pins[] = {
        {"meta.seed", 20241, 0},
        {"meta.iterations", 10000, 0},
        {"base.pvb", 272493.22, 0.005},
        {"base.pvc", 217846.17, 0.005},
        {"base.npv", 54647.04, 0.005},
        {"base.bcr", 1.250851520, 1e-9},
        {"base.roi", 0.250851520, 1e-9},
        {"base.payback_year", 2, 0},
        {"base.break_even_attribution", 0.363828111, 1e-9},
        {"base.contribution.pvb", 342432.88, 0.005},
        {"base.contribution.bcr", 1.571902212, 1e-9},
        {"base.contribution.npv", 124586.71, 0.005},
        {"base.time_hours.GP", 5.219648437, 1e-9},
        {"base.units.gp", 31.317890625, 1e-9},
        {"base.by_benefit.wellbeing", 262321.60, 0.005},
        {"base.by_benefit.gp", 1346.83, 0.005},
        {"base.by_benefit.ae", 424.84, 0.005},
        {"base.by_benefit.care_home", 8399.95, 0.005},
        {"base.by_payer.NHS Scotland", 1771.67, 0.005},
        {"base.by_kind.cashable", 4242.46, 0.005},
        {"base.by_kind.non_cashable", 5929.16, 0.005},
        {"base.by_kind.economic", 0, 0},
        {"base.by_kind.social", 262321.60, 0.005},
        {"summary.bcr.mean", 1.249489869, 1e-9},
        {"summary.bcr.p5", 0.694997733, 1e-9},
        {"summary.bcr.p50", 1.205105035, 1e-9},
        {"summary.bcr.p95", 1.958880079, 1e-9},
        {"summary.npv.mean", 54135.79, 0.005},
        {"summary.pvb.mean", 271976.09, 0.005},
        {"summary.pvc.mean", 217840.31, 0.005},
        {"p_bcr_ge_1", 0.7156, 1e-12},
    };
    for (size_t i = 0; i < sizeof pins / sizeof *pins; i++) {
        double got = num(j, pins[i].path);
        cr_expect(fabs(got - pins[i].want) <= pins[i].tol, "%s: %.17g, want %.17g (+-%g)",
                  pins[i].path, got, pins[i].want, pins[i].tol);
    }
    double pvb = num(j, "base.pvb"), pvc = num(j, "base.pvc"), npv = num(j, "base.npv");
    cr_expect_float_eq(npv, pvb - pvc, 1e-9);
    cr_expect_float_eq(num(j, "base.bcr"), pvb / pvc, 1e-15);
    cr_expect_float_eq(num(j, "base.roi"), npv / pvc, 1e-15);
    double cpvb = num(j, "base.contribution.pvb");
    cr_expect_float_eq(num(j, "base.break_even_attribution"), 1 - pvc / cpvb, 1e-15);
    cr_expect_float_eq(num(j, "base.contribution.npv"), cpvb - pvc, 1e-9);
    cr_expect_float_eq(num(j, "base.time_hours.GP"), num(j, "base.units.gp") * 10 / 60,
                       1e-12);
    const char *parts[] = {"base.by_benefit", "base.by_payer", "base.by_kind"};
    for (size_t i = 0; i < 3; i++) {
        double sum = 0;
        cJSON *b;
        cr_assert(cJSON_IsObject(member(j, parts[i])), "%s is not an object", parts[i]);
        cJSON_ArrayForEach(b, member(j, parts[i])) sum += b->valuedouble;
        cr_expect_float_eq(sum, pvb, 1e-6, "%s adds up to %.17g, not the PVB", parts[i],
                           sum);
    }
    double n = num(j, "meta.iterations"), p = num(j, "p_bcr_ge_1");
    cr_expect_float_eq(num(j, "summary.bcr.mcse"), num(j, "summary.bcr.sd") / sqrt(n),
                       1e-15);
    cr_expect_float_eq(num(j, "p_bcr_ge_1_mcse"), sqrt(p * (1 - p) / n), 1e-15);
    cr_assert(cJSON_IsObject(member(j, "base.time_hours")));
    cr_assert_str_eq(member(j, "meta.price_year")->valuestring, "2023/24");
    cr_assert_str_eq(member(j, "meta.version")->valuestring, "0.1.0");
    cJSON *tables = member(j, "meta.unit_cost_tables");
    /* scotland.csv first (Scottish figures wherever one exists), then the
     * England table, all of whose rows are priced in 2023/24 */
    cr_assert(cJSON_IsArray(tables) && cJSON_GetArraySize(tables) == 2);
    /* named as the model sees it, not by a path that depends on the folder */
    cr_assert_str_eq(member(cJSON_GetArrayItem(tables, 1), "file")->valuestring,
                     "uk-pssru-2024.csv (installed)");
    cJSON *years = member(cJSON_GetArrayItem(tables, 1), "price_years");
    cr_assert(cJSON_IsArray(years) && cJSON_GetArraySize(years) == 1);
    cr_assert_str_eq(cJSON_GetArrayItem(years, 0)->valuestring, "2023/24");
    cr_assert_not(has_word(out, "nan"));
    cr_assert_not(has_word(out, "inf"));
    cJSON_Delete(j);
    free(out), free(err);
}

/* The whole output of one command, or fails the test. */
static char *output_of(const char *const *args)
{
    char *out, *err;
    cr_assert_eq(run(args, &out, &err), 0, "%s", err);
    free(err);
    return out;
}

/* A zero-cost model with positive benefits (PVB £24.58): the BCR, the ROI
 * and the chance of breaking even do not exist (null, not infinity or 0);
 * it pays back in year 0; and no sentence says otherwise. */
Test(cli, zero_costs_give_null_not_infinity)
{
    const char *args[] = {"run", "--format", "json", "tests/data/zero-cost.cfg", NULL};
    char *out = output_of(args);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j);
    cr_assert(cJSON_IsNull(member(j, "base.bcr")));
    cr_assert(cJSON_IsNull(member(j, "base.roi")));
    cr_expect_eq(member(j, "base.payback_year")->valueint, 0);
    cr_expect(cJSON_IsNumber(member(j, "base.payback_year")));
    cr_expect_eq(member(j, "base.break_even_attribution")->valuedouble, 1.0);
    cr_expect(cJSON_IsNull(member(j, "p_bcr_ge_1")), "p_bcr_ge_1 must be null, not 0");
    cr_expect(cJSON_IsNull(member(j, "p_bcr_ge_1_mcse")));
    cr_expect_eq(member(j, "p_npv_gt_0")->valuedouble, 1.0);
    cr_expect_eq(member(j, "simulations_without_bcr")->valuedouble, 10000.0);
    cr_expect(cJSON_IsNull(member(j, "summary.bcr.mean")));
    cr_expect(cJSON_IsNull(member(j, "summary.roi.mean")));
    cr_expect_eq(cJSON_GetArrayItem(member(j, "payback_by_year"), 0)->valuedouble, 1.0);
    cJSON_Delete(j);
    free(out);

    const char *text[] = {"run", "tests/data/zero-cost.cfg", NULL};
    out = output_of(text);
    const char *want[] = {
        "  Benefit-cost ratio          not defined: the costs are zero\n",
        "  Payback                     year 0 (discounted; year 0 is the first)\n",
        "  No simulation had any costs, so none has a BCR or a chance of breaking even: "
        "the NPV is the measure.\n",
        "  Paid back by year: 0: 100%, 1: 100%\n",
        "  Precision: the mean NPV is within about ±£0.00 (2 Monte Carlo standard "
        "errors).\n",
        "  Break-even attribution 100%: with no costs, the project pays back whatever "
        "share of the change others caused.\n"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_expect(strstr(out, want[i]), "missing: %s\nin:\n%s", want[i], out);
    const char *never[] = {"not within", "±not defined", " 0 simulations",
                           "breaks even in"};
    for (size_t i = 0; i < sizeof never / sizeof *never; i++)
        cr_expect_null(strstr(out, never[i]), "'%s' in:\n%s", never[i], out);
    free(out);

    const char *csv[] = {"run", "--format", "csv", "tests/data/zero-cost.cfg", NULL};
    out = output_of(csv);
    cr_expect(strstr(out, "\nprobability,p_bcr_ge_1,\nprobability,p_bcr_ge_1_mcse,\n"
                          "probability,p_npv_gt_0,1\n"),
              "%s", out);
    cr_expect(strstr(out, "\nmeta,simulations_without_bcr,10000\n"), "%s", out);
    free(out);
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

/* The example is usable; its warnings are the outcome map's (test_models.c). */
Test(cli, check_example_is_usable)
{
    char *out, *err;
    const char *args[] = {"check", "models/befriending.cfg", NULL};
    int rc = run(args, &out, &err);
    cr_assert_eq(rc, 1, "check printed: %s", err);
    cr_assert(strstr(out, "models/befriending.cfg: usable, with warnings: 33 inputs, 15 of "
                          "them uncertain; 5 warnings\n"),
              "%s", out);
    free(out), free(err);
}

/* Every analysis runs on --threads, split so that the output does not
 * depend on it: `run` with its sensitivity tables and `sensitivity` (the
 * tornado, switching values, grid, and Sobol sample, evaluations and
 * bootstrap), `compare` and `portfolio` print byte-identical JSON on 1, 2
 * and 3 threads, for the example model and for one whose benefits' inputs
 * are correlated. */
Test(cli, every_analysis_is_byte_identical_across_threads)
{
    const char *models[] = {"models/befriending.cfg", "tests/data/hand/correlated.cfg"};
    for (size_t m = 0; m < 2; m++) {
        char *first[4] = {NULL, NULL, NULL, NULL};
        for (int t = 1; t <= 3; t++) {
            char threads[4];
            snprintf(threads, sizeof threads, "%d", t);
            const char *run_args[] = {"run",      "--format",      "json",    "--iterations",
                                      "13000",    "--seed",        "5",       "--sensitivity",
                                      "--sobol",  "5000",          "--threads", threads,
                                      models[m],  NULL};
            const char *sens_args[] = {"sensitivity", "--format", "json",    "--sobol", "9000",
                                       "--grid-size", "7",        "--threads", threads,
                                       models[m],     NULL};
            const char *compare_args[] = {"compare",
                                          "--format",
                                          "json",
                                          "--iterations",
                                          "7000",
                                          "--threads",
                                          threads,
                                          "models/befriending.cfg",
                                          "models/social-prescribing.cfg",
                                          NULL};
            const char *portfolio_args[] = {
                "portfolio", "--format",  "json",  "--iterations",
                "7000",      "--threads", threads, "models/portfolios/icf.cfg",
                NULL};
            const char *const *args[4] = {run_args, sens_args, compare_args,
                                          portfolio_args};
            /* compare and portfolio do not take models[m]: once is enough */
            for (int a = 0; a < (m == 0 ? 4 : 2); a++) {
                char *out, *err;
                cr_assert_eq(run(args[a], &out, &err), 0, "%s", err);
                free(err);
                if (!first[a])
                    first[a] = out;
                else {
                    cr_assert_str_eq(out, first[a], "%s %s on %d threads", args[a][0],
                                     models[m], t);
                    free(out);
                }
            }
        }
        free(first[0]), free(first[1]), free(first[2]), free(first[3]);
    }
}

/* docs/method.md section 7: the same model, seed and iterations give byte-identical
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
    const char *text[] = {"run", "--precision", "0.003", "models/befriending.cfg", NULL};
    cr_assert_eq(run(text, &out, &err), 0, "%s", err);
    cr_expect(strstr(out, "  Ran until both standard errors were at most 0.003, the precision "
                          "asked for.\n"),
              "%s", out);
    free(out), free(err);
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

/* ---- text stays valid UTF-8 (issue 11) ------------------------------------- */

/* The report `stitch report MODEL -o NAME` writes in dir, valid UTF-8. */
static char *utf8_report(const char *dir, const char *model, const char *name)
{
    char *out, *err, path[4096];
    const char *args[] = {"report", model,     "-o", name, "--iterations",
                          "500",    "--sobol", "0",  NULL};
    cr_assert_lt(run_stitch(dir, args, &out, &err), 2, "%s", err);
    free(out), free(err);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = slurp_file(path);
    cr_assert_not_null(text, "no report %s", path);
    cr_assert(valid_utf8(text, strlen(text)), "%s is not valid UTF-8", name);
    return text;
}

/* A model whose file name is Latin-1 ("caf\xE9.cfg"): the reports name it
 * with U+FFFD for the byte, and stay valid UTF-8. */
Test(cli, a_file_name_not_in_utf8_stays_out_of_the_reports)
{
    const char *dir = temp_dir();
    char *model = slurp_file(src_path("models/befriending.cfg"));
    cr_assert_not_null(model);
    write_file(dir, "caf\xE9.cfg", model);
    free(model);
    char *out, *err;
    const char *args[] = {"run", "--format",    "json", "--iterations",
                          "500", "caf\xE9.cfg", NULL};
    cr_assert_eq(run_stitch(dir, args, &out, &err), 0, "%s", err);
    cr_assert(valid_utf8(out, strlen(out)), "the JSON is not valid UTF-8");
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j);
    cr_assert_str_eq(member(j, "meta.model")->valuestring, "caf\xEF\xBF\xBD.cfg");
    cJSON_Delete(j);
    free(out), free(err);
    free(utf8_report(dir, "caf\xE9.cfg", "r.html"));
    char *md = utf8_report(dir, "caf\xE9.cfg", "r.md");
    cr_assert(strstr(md, "Model file: caf\xEF\xBF\xBD.cfg."));
    free(md);
    rm_rf(dir);
}

/* A model using a table saved by UK Excel as "CSV (Comma delimited)": the
 * table is Windows-1252, with pound signs (0xA3, one in a cost written
 * "£1,045.50") and smart quotes (0x93, 0x94), and the model's name is
 * Latin-1 (0xE9). The JSON parses, is valid
 * UTF-8 and carries the text converted; the HTML is valid UTF-8 too. */
Test(cli, windows_1252_inputs_give_utf8_reports)
{
    const char *dir = temp_dir();
    char *model = slurp_file(src_path("tests/bad/warn-csv-windows-1252.cfg"));
    cr_assert_not_null(model);
    char *name = strstr(model, "\"Befriending\"");
    cr_assert_not_null(name);
    char text[8192];
    snprintf(text, sizeof text, "%.*s\"Caf\xE9 befriending\"%s", (int)(name - model),
             model, name + strlen("\"Befriending\""));
    free(model);
    char *at = strstr(text, "warn-csv-windows-1252.csv");
    cr_assert_not_null(at);
    memcpy(at, "excel-table-from-1252.csv", strlen("excel-table-from-1252.csv"));
    write_file(dir, "m.cfg", text);
    write_file(
        dir, "excel-table-from-1252.csv",
        "code,service,unit,cost,price_year,minutes,staff_group,payer,cashable,"
        "nation,source\r\n"
        "gp_surgery_consultation,GP \x93same day\x94 consultation,per consultation,"
        "\"\xA3"
        "1,045.50\",2023/24,10,GP,NHS,0,Scotland,\"Local audit: \xA3"
        "926.40 a week\"\r\n");
    char *out, *err;
    const char *args[] = {"run", "--format", "json", "--iterations",
                          "500", "m.cfg",    NULL};
    cr_assert_eq(run_stitch(dir, args, &out, &err), 0, "%s", err);
    cr_expect_str_eq(
        err, "stitch: warning: m.cfg: not UTF-8: read as Windows-1252; save it as "
             "UTF-8 to silence this\n"
             "stitch: warning: excel-table-from-1252.csv: not UTF-8: read as "
             "Windows-1252; save as 'CSV UTF-8' to silence this\n");
    cr_assert(valid_utf8(out, strlen(out)), "the JSON is not valid UTF-8");
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "the JSON does not parse");
    cr_expect_str_eq(member(j, "model.name")->valuestring, "Caf\xC3\xA9 befriending");
    cJSON *u = cJSON_GetArrayItem(member(j, "unit_costs"), 0);
    cr_assert_not_null(u);
    cr_expect_str_eq(member(u, "service")->valuestring,
                     "GP \xE2\x80\x9Csame day\xE2\x80\x9D consultation");
    cr_expect_eq(member(u, "table_cost")->valuedouble, 1045.50);
    cr_expect_str_eq(member(u, "source")->valuestring, "Local audit: \xC2\xA3"
                                                       "926.40 a week");
    cJSON_Delete(j);
    free(out), free(err);
    char *html = utf8_report(dir, "m.cfg", "r.html");
    cr_expect(strstr(html, "GP \xE2\x80\x9Csame day\xE2\x80\x9D consultation"));
    cr_expect(strstr(html, "Caf\xC3\xA9 befriending"));
    free(html);
    rm_rf(dir);
}

/* ---- tables survive Excel (issue 11) ----------------------------------------- */

/* A table on STITCH_UNITCOSTS_PATH with the bare-comma rows Excel leaves
 * after deleting rows: `stitch costs` still lists it. */
Test(cli, costs_ignores_the_empty_rows_excel_leaves)
{
    const char *dir = temp_dir();
    char *idx = slurp_file(src_path("unitcosts/indices.csv"));
    cr_assert_not_null(idx);
    write_file(dir, "indices.csv", idx);
    free(idx);
    write_file(dir, "local.csv",
               "code,service,unit,cost,price_year,minutes,staff_group,payer,cashable,"
               "nation,source\r\n"
               "fife_lunch_club,Lunch club,per session,18,2023/24,,,Council,0,Scotland,"
               "Our accounts 2023/24\r\n"
               ",,,,,,,,,,\r\n,,,,,,,,,,\r\n,,,,,,,,,,\r\n");
    cr_assert_eq(setenv("STITCH_UNITCOSTS_PATH", dir, 1), 0);
    char *out, *err;
    const char *args[] = {"costs", "--show", "fife_lunch_club", NULL};
    cr_assert_eq(run_stitch(dir, args, &out, &err), 0, "%s", err);
    cr_expect_str_empty(err);
    cr_expect(
        strstr(out, "  Cost          £18.00 in 2023/24 prices (local.csv, row 2)\n"),
        "%s", out);
    free(out), free(err);
    rm_rf(dir);
}

/* A unit and a staff group too long for the text report's buffers, cut
 * where "é" (two bytes) straddles the cut: the report drops the whole
 * character, not half of it. */
Test(cli, long_names_are_cut_between_characters)
{
    const char *dir = temp_dir();
    char *model = slurp_file(src_path("tests/bad/warn-csv-windows-1252.cfg"));
    cr_assert_not_null(model);
    write_file(dir, "m.cfg", model);
    free(model);
    char table[1024], x[127], y[63];
    memset(x, 'x', 126), memset(y, 'y', 62);
    x[126] = y[62] = '\0';
    snprintf(
        table, sizeof table,
        "code,service,unit,cost,price_year,minutes,staff_group,payer,cashable,nation,"
        "source\ngp_surgery_consultation,GP,per %s\xC3\xA9,45,2023/24,10,%s\xC3\xA9,"
        "NHS,0,England,PSSRU\n",
        x, y);
    write_file(dir, "warn-csv-windows-1252.csv", table);
    char *out, *err;
    const char *args[] = {"run", "--iterations", "500", "m.cfg", NULL};
    cr_assert_eq(run_stitch(dir, args, &out, &err), 0, "%s", err);
    cr_assert(valid_utf8(out, strlen(out)), "the text report is not valid UTF-8");
    char want[256];
    snprintf(want, sizeof want, "(some 118 %s)", x);
    cr_expect(strstr(out, want), "%s", out);
    snprintf(want, sizeof want, "\n  %s ", y);
    cr_expect(strstr(out, want), "%s", out);
    free(out), free(err);
    rm_rf(dir);
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
    /* one draw has no range: no "9 out of 10" (the draw's BCR is 1.14) */
    cr_expect_null(strstr(out, "9 out of 10"), "%s", out);
    cr_expect(strstr(out, "  Only one simulation has a BCR: 1.14, so it breaks even. One draw "
                          "shows nothing of the range; run more simulations to see it.\n"),
              "%s", out);
    free(out), free(err);

    const char *csv[] = {
        "run", "--format", "csv", "--iterations", "1", "models/befriending.cfg", NULL};
    cr_assert_eq(run(csv, &out, &err), 0, "%s", err);
    char *end = strstr(out, "\n\n"); /* the summary table, first, alone: the cash flow's
                                        zeros later are figures */
    cr_assert_not_null(end);
    *end = '\0';
    cr_expect_null(strstr(out, ",0,0,"), "sd and mcse must be empty, not 0:\n%s", out);
    *end = '\n';
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
    cr_expect(strstr(out, "  Note: the precision asked for (standard errors at most 0.005) "
                          "was not reached within 1 simulation; allow more simulations.\n"),
              "%s", out);
    free(out), free(err);
}

/* A model file written into a new temporary folder; returns the folder. */
static char *model_in_temp(const char *text)
{
    char *dir = temp_dir();
    write_file(dir, "m.cfg", text);
    return dir;
}

/* A cost range that reaches 0 (a gamma with a tiny shape draws exact zeros):
 * the simulations without costs have no BCR. The reports say how many, and
 * the BCR figures and the chance of breaking even are over the others. */
Test(cli, some_simulations_without_costs_are_counted)
{
    char *dir = model_in_temp(
        "name = \"Partly free\";\nprice_year = \"2023/24\";\nyears = 1;\ndiscount = "
        "0.035;\n"
        "need = { text = \"Need\"; population = 100; };\n"
        "costs = ( { id = \"staff\"; per = \"year\";\n"
        "  amount = { dist = \"gamma\"; mean = 1000.0; sd = 31622.0; }; } );\n"
        "outputs = ( { id = \"o\"; count = 10; } );\n"
        "outcomes = ( { id = \"k\"; from = \"o\"; rate = 0.5; } );\n"
        "benefits = ( { id = \"v\"; outcome = \"k\"; value = 100.0; attribution = 0.5; "
        "} );\n");
    char *out, *err;
    const char *json[] = {"run",  "--format", "json", "--iterations",
                          "1000", "m.cfg",    NULL};
    cr_assert_eq(run_stitch(dir, json, &out, &err), 0, "%s", err);
    free(err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j);
    double left_out = member(j, "simulations_without_bcr")->valuedouble;
    cr_assert(left_out > 0 && left_out < 1000, "%g", left_out);
    double with_costs = 1000 - left_out;
    /* P(BCR >= 1) is a share of the simulations with costs: a whole number of them */
    double hits = member(j, "p_bcr_ge_1")->valuedouble * with_costs;
    cr_expect_float_eq(hits, round(hits), 1e-9, "%g of %g", hits, with_costs);
    cr_expect(cJSON_IsNumber(member(j, "summary.bcr.p5")));
    cJSON_Delete(j);
    free(out);

    const char *text[] = {"run", "--iterations", "1000", "m.cfg", NULL};
    cr_assert_eq(run_stitch(dir, text, &out, &err), 0, "%s", err);
    free(err);
    char want[256];
    snprintf(want, sizeof want,
             "\n  %.0f of the 1,000 simulations had no costs, so no BCR: the BCR figures "
             "and the chance of breaking even are over the other %.0f.\n",
             left_out, with_costs);
    cr_expect(strstr(out, want), "missing: %s\nin:\n%s", want, out);
    cr_expect_null(strstr(out, "±not defined"), "%s", out);
    free(out);
    rm_rf(dir);
}

/* Mean cost per outcome leaves out the simulations in which nobody reaches
 * the outcome (it used to count them as £0 a person), and says how many.
 * Cost £1,000 in one year; 10 people reached; outcome "half" 0.5 of them,
 * "none" 0 of them. "half": £1,000 / 5 = £200 a person in every simulation;
 * "none": nobody in any, so null (the base case is null too). */
Test(cli, cost_per_outcome_leaves_out_simulations_without_anyone)
{
    char *dir = model_in_temp(
        "name = \"Nobody\";\nprice_year = \"2023/24\";\nyears = 1;\ndiscount = 0.035;\n"
        "need = { text = \"Need\"; population = 100; };\n"
        "costs = ( { id = \"staff\"; amount = 1000.0; per = \"year\"; } );\n"
        "outputs = ( { id = \"o\"; count = 10.0; } );\n"
        "outcomes = ( { id = \"half\"; from = \"o\"; rate = 0.5; },\n"
        "             { id = \"none\"; from = \"o\"; rate = 0.0; } );\n"
        "benefits = ( { id = \"v\"; outcome = \"half\"; value = 100.0; attribution = "
        "0.5; "
        "} );\n");
    char *out, *err;
    const char *json[] = {"run",  "--format", "json", "--iterations",
                          "1000", "m.cfg",    NULL};
    cr_assert_eq(run_stitch(dir, json, &out, &err), 0, "%s", err);
    free(err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j);
    cr_expect(cJSON_IsNull(member(j, "base.cost_per_outcome.none")));
    cr_expect_float_eq(member(j, "base.cost_per_outcome.half")->valuedouble, 200.0, 1e-9);
    cr_expect(cJSON_IsNull(member(j, "mean_cost_per_outcome.none")),
              "nobody reaches it in any simulation: null, not £0");
    cr_expect_float_eq(member(j, "mean_cost_per_outcome.half")->valuedouble, 200.0, 1e-9);
    cr_expect_eq(member(j, "simulations_without_outcome.none")->valuedouble, 1000.0);
    cr_expect_eq(member(j, "simulations_without_outcome.half")->valuedouble, 0.0);
    cJSON_Delete(j);
    free(out);
    rm_rf(dir);
}

/* Where only some simulations reach nobody (an output count that can be 0:
 * a gamma with a tiny shape draws exact zeros), the mean is over the others
 * and the count left out is given. Outcomes "half" (rate 0.5) and "all"
 * (rate 1) reach nobody in the same simulations, and in every other one
 * "half" costs exactly twice as much a person: £1,000 / (0.5 x count). (Near
 * zero such a gamma also draws counts so small that £1,000 / count
 * overflows; seed 1 with 1,000 simulations draws none.) */
Test(cli, cost_per_outcome_counts_the_simulations_left_out)
{
    char *dir = model_in_temp(
        "name = \"Sometimes nobody\";\nprice_year = \"2023/24\";\nyears = 1;\n"
        "discount = 0.035;\nneed = { text = \"Need\"; population = 1e9; };\n"
        "costs = ( { id = \"staff\"; amount = 1000.0; per = \"year\"; } );\n"
        "outputs = ( { id = \"o\"; count = { dist = \"gamma\"; mean = 10.0; "
        "sd = 3162.0; }; } );\n"
        "outcomes = ( { id = \"half\"; from = \"o\"; rate = 0.5; },\n"
        "             { id = \"all\"; from = \"o\"; rate = 1.0; } );\n"
        "benefits = ( { id = \"v\"; outcome = \"half\"; value = 100.0; attribution = "
        "0.5; "
        "} );\n");
    char *out, *err;
    const char *json[] = {"run",  "--format", "json", "--iterations",
                          "1000", "m.cfg",    NULL};
    cr_assert_eq(run_stitch(dir, json, &out, &err), 0, "%s", err);
    free(err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j);
    double left_out = member(j, "simulations_without_outcome.half")->valuedouble;
    cr_assert(left_out > 0 && left_out < 1000, "%g", left_out);
    cr_expect_eq(member(j, "simulations_without_outcome.all")->valuedouble, left_out);
    double half = member(j, "mean_cost_per_outcome.half")->valuedouble;
    double all = member(j, "mean_cost_per_outcome.all")->valuedouble;
    cr_expect(all > 0 && isfinite(all), "%g", all);
    cr_expect_float_eq(half, 2 * all, 1e-12 * half, "%g vs %g", half, all);
    cJSON_Delete(j);
    free(out);
    rm_rf(dir);
}

/* Benefits that fall after the last appraisal year are left out of every
 * result, so check and run both warn, with the share lost and the years
 * that would hold it. years = 3 and three cohorts (years 0, 1 and 2):
 * "flat" lasts 3 years at full strength, so of its 9 cohort-years 1 (from
 * the year-1 cohort) and 2 (year-2 cohort) fall in years 3 and 4: 3/9 = 33%,
 * and years = 5 holds them. "fading" lasts 3 years, halving each year
 * (1 + 0.5 + 0.25 = 1.75 a cohort, 5.25 in all); 0.25 of the year-1
 * cohort's and 0.5 + 0.25 of the year-2 cohort's fall outside: 1/5.25 = 19%.
 * "late" starts a year after (lag 1) and lasts 1 year: the year-2 cohort's
 * falls in year 3, 1 of 3 = 33%, and years = 4 holds it. "short" fits. */
Test(cli, benefits_after_the_appraisal_are_warned_about)
{
    char *dir = model_in_temp(
        "name = \"Too short\";\nprice_year = \"2023/24\";\nyears = 3;\ndiscount = "
        "0.035;\n"
        "need = { text = \"Need\"; population = 100; };\n"
        "costs = ( { id = \"staff\"; amount = 1000.0; per = \"year\"; } );\n"
        "outputs = ( { id = \"o\"; count = 10.0; } );\n"
        "outcomes = ( { id = \"k\"; from = \"o\"; rate = 0.5; } );\n"
        "benefits = (\n"
        "  { id = \"flat\"; outcome = \"k\"; value = 100.0; attribution = 0.5;\n"
        "    duration = 3; drop_off = 0.0; },\n"
        "  { id = \"fading\"; outcome = \"k\"; value = 100.0; attribution = 0.5;\n"
        "    duration = 3; drop_off = 0.5; },\n"
        "  { id = \"late\"; outcome = \"k\"; value = 100.0; attribution = 0.5;\n"
        "    lag = 1; duration = 1; },\n"
        "  { id = \"short\"; outcome = \"k\"; value = 100.0; attribution = 0.5;\n"
        "    duration = 1; }\n"
        ");\n");
    const char *want[] = {
        "stitch: warning: m.cfg:11: benefits.flat.duration: 33% of this benefit's value "
        "(before discounting) comes after year 2, the last year of the appraisal, so it "
        "is left out of every result; set years = 5 to count all of it, or shorten the "
        "duration (or lag) if the effect does not last that long\n",
        "stitch: warning: m.cfg:13: benefits.fading.duration: 19% of this benefit's "
        "value (before discounting) comes after year 2, the last year of the appraisal, "
        "so it is left out of every result; set years = 5 to count all of it, or "
        "shorten the duration (or lag) if the effect does not last that long\n",
        "stitch: warning: m.cfg:15: benefits.late.duration: 33% of this benefit's value "
        "(before discounting) comes after year 2, the last year of the appraisal, so it "
        "is left out of every result; set years = 4 to count all of it, or shorten the "
        "duration (or lag) if the effect does not last that long\n"};
    const char *check[] = {"check", "m.cfg", NULL};
    const char *run_[] = {"run", "--iterations", "100", "m.cfg", NULL};
    const char *const *commands[] = {check, run_};
    for (size_t c = 0; c < 2; c++) {
        char *out, *err;
        int rc = run_stitch(dir, commands[c], &out, &err);
        cr_expect_eq(rc, c == 0 ? 1 : 0, "%s: exit %d", commands[c][0], rc);
        for (size_t i = 0; i < sizeof want / sizeof *want; i++)
            cr_expect(strstr(err, want[i]), "%s: missing:\n%s\nin:\n%s", commands[c][0],
                      want[i], err);
        cr_expect_null(strstr(err, "benefits.short.duration"), "%s", err);
        free(out), free(err);
    }
    rm_rf(dir);
}

/* A dis-benefit uses more staff time: the reports say so in words, with
 * positive numbers ("more GP time used: about 2 hours"), never "about -2
 * hours (some -12 consultations)". 12 people each with 1 more 10-minute
 * GP consultation: 12 extra consultations, 2 hours. With 1.25 fewer
 * 4-minute telephone triages each as well (15 fewer, 1 hour), the net is
 * 1 hour more. */
Test(cli, more_staff_time_used_is_said_in_words)
{
    const char *head =
        "name = \"Harm\";\nprice_year = \"2023/24\";\nyears = 1;\ndiscount = 0.035;\n"
        "unit_costs = [\"uk-pssru-2024.csv\"];\n"
        "need = { text = \"Need\"; population = 100; };\n"
        "costs = ( { id = \"staff\"; amount = 1000.0; per = \"year\"; } );\n"
        "outputs = ( { id = \"o\"; count = 12.0; } );\n"
        "outcomes = ( { id = \"k\"; from = \"o\"; rate = 1.0; } );\n"
        "benefits = ( { id = \"gp\"; outcome = \"k\"; unit_cost = "
        "\"gp_surgery_consultation\"; quantity = -1.0; attribution = 0.0; }";
    const char *mixed = ",\n  { id = \"triage\"; outcome = \"k\"; unit_cost = "
                        "\"gp_telephone_triage\"; quantity = 1.25; attribution = 0.0; }";
    const char *want[] = {
        "\n  more GP time used: about 2 hours (some 12 extra consultations); under 0.01 "
        "FTE at 2,064 working hours a year\n",
        "\n  more GP time used: about 1 hour (some 12 extra consultations, 15 fewer "
        "interventions); under 0.01 FTE at 2,064 working hours a year\n"};
    for (int m = 0; m < 2; m++) {
        char text[2048];
        snprintf(text, sizeof text, "%s%s );\n", head, m ? mixed : "");
        char *dir = model_in_temp(text), *out, *err;
        const char *args[] = {"run", "--iterations", "100", "m.cfg", NULL};
        cr_assert_eq(run_stitch(dir, args, &out, &err), 0, "%s", err);
        cr_expect(strstr(out, want[m]), "missing: %s\nin:\n%s", want[m], out);
        cr_expect_null(strstr(out, "about -"), "%s", out);
        free(out), free(err);
        if (m == 0) { /* the funder's page and workbook */
            const char *html[] = {"report", "m.cfg",   "-o", "r.html", "--iterations",
                                  "100",    "--sobol", "64", NULL};
            cr_assert_eq(run_stitch(dir, html, &out, &err), 0, "%s", err);
            free(out), free(err);
            char path[128];
            snprintf(path, sizeof path, "%s/r.html", dir);
            char *page = slurp_file(path);
            cr_expect(strstr(page, "more GP time used: about 2 hours"), "html");
            cr_expect_null(strstr(page, "about -"), "html");
            free(page);
            unlink(path);
        }
        rm_rf(dir);
    }
}

/* A file that never ends, or is far larger than any model or table, is
 * refused after reading at most 64 MiB, never by running out of memory;
 * a device is not a table. */
Test(cli, endless_and_huge_files_are_refused, .timeout = 60)
{
    char *out, *err;
    const char *zero[] = {"run", "/dev/zero", NULL};
    cr_expect_eq(run(zero, &out, &err), 2);
    cr_expect_str_eq(out, "");
    cr_expect_str_eq(err, "stitch: /dev/zero: larger than 64 MiB, the most stitch reads for "
                          "a model: is it the right file?\n");
    free(out), free(err);
    const char *dev[] = {"costs", "--table", "/dev/null", "x", NULL};
    cr_expect_eq(run(dev, &out, &err), 2);
    cr_expect_str_eq(err, "stitch: /dev/null: is not a regular file (a device or a pipe?): "
                          "name a CSV file\n");
    free(out), free(err);
    char *dir = strdup(temp_dir());
    char path[4200];
    snprintf(path, sizeof path, "%s/huge.csv", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    cr_assert_eq(ftruncate(fileno(f), (off_t)65 << 20), 0); /* sparse: no disk used */
    fclose(f);
    const char *huge[] = {"costs", "--table", path, "x", NULL};
    cr_expect_eq(run(huge, &out, &err), 2);
    char want[4400];
    snprintf(want, sizeof want,
             "stitch: %s: larger than 64 MiB, the most stitch reads for a table: is it the "
             "right file?\n",
             path);
    cr_expect_str_eq(err, want);
    free(out), free(err);
    rm_rf(dir);
    free(dir);
}

/* A chain of 1,000 outcomes, each from the one before and written in
 * reverse order, whose first outcome comes from `top`. Caller frees. */
static char *chain_model(const char *top)
{
    size_t cap = 1 << 17, o = 0;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    o += (size_t)snprintf(text + o, cap - o,
                          "name = \"deep\"; price_year = \"2023/24\"; years = 1; "
                          "discount = 0.035;\nneed = { text = \"n\"; population = 1000; };\n"
                          "costs = ( { id = \"c\"; amount = 50.0; per = \"once\"; } );\n"
                          "outputs = ( { id = \"o\"; count = 100.0; } );\noutcomes = (\n");
    for (int i = 999; i > 0; i--)
        o += (size_t)snprintf(text + o, cap - o,
                              "  { id = \"s%d\"; from = \"s%d\"; rate = 0.9999; },\n", i,
                              i - 1);
    o += (size_t)snprintf(text + o, cap - o,
                          "  { id = \"s0\"; from = \"%s\"; rate = 0.9999; }\n);\n"
                          "benefits = ( { id = \"b\"; outcome = \"s999\"; value = 1.0; } );\n",
                          top);
    cr_assert_lt(o, cap);
    return text;
}

/* The chain links (in n log n) and carries its people down all of it:
 * PVB = 100 x 0.9999^1000 x £1 = £90.48 (year 0, no discounting). Closed
 * into a loop at its top, it is named at the first outcome (in file
 * order) whose chain loops. */
Test(cli, a_thousand_level_chain_links, .timeout = 60)
{
    char *dir = strdup(temp_dir());
    char *text = chain_model("o");
    write_file(dir, "deep.cfg", text);
    free(text);
    char *out, *err;
    const char *args[] = {"run", "--format", "json", "--iterations", "1", "deep.cfg", NULL};
    cr_assert_eq(run_stitch(dir, args, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j);
    double pvb = member(j, "base.pvb")->valuedouble;
    cr_expect(fabs(pvb - 100 * pow(0.9999, 1000)) < 1e-9, "PVB %.12f", pvb);
    cJSON_Delete(j);
    free(out), free(err);
    text = chain_model("s999");
    write_file(dir, "loop.cfg", text);
    free(text);
    const char *loop[] = {"check", "loop.cfg", NULL};
    cr_expect_eq(run_stitch(dir, loop, &out, &err), 2);
    cr_expect(strstr(err, "loop.cfg:6: outcomes.s999.from: the 'from' links loop back to "
                          "'s999': each chain must lead back to an output\n"),
              "%s", err);
    free(out), free(err);
    rm_rf(dir);
    free(dir);
}

/* --sampling takes mc, lhs or qmc, and names what it got otherwise; the
 * commands that draw with one stream per input refuse lhs and qmc. */
Test(cli, sampling_is_checked)
{
    char *out, *err;
    const char *bad[] = {"run", "--sampling", "sobol", "models/befriending.cfg", NULL};
    cr_assert_eq(run(bad, &out, &err), 2);
    cr_assert_str_eq(err, "stitch: --sampling: 'sobol' is not mc, lhs or qmc\nTry 'stitch "
                          "--help' for more information.\n");
    free(out), free(err);
    const char *cmp[] = {"compare", "--sampling", "qmc", "models/befriending.cfg",
                         "models/befriending.cfg", NULL};
    cr_assert_eq(run(cmp, &out, &err), 2);
    cr_assert_str_eq(err, "stitch: --sampling qmc: compare draws with one random stream per "
                          "input (only run, report and check take --sampling)\nTry 'stitch "
                          "--help' for more information.\n");
    free(out), free(err);
}

/* A portfolio shares its unit costs' draws across projects through the
 * streams of mc: lhs and qmc are refused, not silently ignored. */
Test(cli, portfolio_refuses_sampling)
{
    const char *cmds[][6] = {
        {"portfolio", "--sampling", "lhs", "models/portfolios/icf.cfg", NULL},
        {"report", "--sampling", "lhs", "-o", "/tmp/never-written.html",
         "models/portfolios/icf.cfg"},
    };
    for (size_t c = 0; c < 2; c++) {
        const char *args[7] = {0};
        for (size_t k = 0; k < 6 && cmds[c][k]; k++)
            args[k] = cmds[c][k];
        char *out, *err;
        cr_assert_eq(run_stitch(src_path(""), args, &out, &err), 2, "%s", err);
        cr_expect_str_eq(err, "stitch: --sampling lhs: a portfolio draws with one random "
                              "stream per input, so that its projects share their unit "
                              "costs' draws (only run, report and check of one model "
                              "take --sampling)\n");
        cr_expect_str_empty(out);
        free(out), free(err);
    }
}

/* `run --sampling qmc` says how it drew, and its standard error of the
 * mean BCR is the replicates' (smaller than mc's at the same iterations). */
Test(cli, sampling_qmc_runs)
{
    char *out, *err, *out2, *err2;
    const char *qmc[] = {"run",        "--format", "json", "--sampling", "qmc",
                         "--iterations", "16384", "models/befriending.cfg", NULL};
    const char *mc[] = {"run", "--format", "json", "--iterations", "16384",
                        "models/befriending.cfg", NULL};
    cr_assert_eq(run(qmc, &out, &err), 0, "%s", err);
    cr_assert_eq(run(mc, &out2, &err2), 0, "%s", err2);
    cJSON *a = cJSON_Parse(out), *b = cJSON_Parse(out2);
    cr_assert_str_eq(member(a, "meta.rng")->valuestring,
                     "scrambled Sobol' points (qmc), 16 replicates; standard errors from "
                     "their spread");
    cr_assert_lt(member(a, "summary.bcr.mcse")->valuedouble,
                 member(b, "summary.bcr.mcse")->valuedouble);
    cJSON_Delete(a), cJSON_Delete(b);
    free(out), free(err), free(out2), free(err2);
}
