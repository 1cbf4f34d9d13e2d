/* test_costs.c — `stitch costs`, `stitch init`, and the optional table
 * columns (a source's range, a staff group's working year). */
#include "harness.h"
#include "plan.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int run(const char *cwd, const char *const *args, char **out, char **err)
{
    return run_stitch(cwd ? cwd : src_path(""), args, out, err);
}

/* A row's low..high makes its cost PERT(80, 100, 130): base case
 * (80 + 4 x 100 + 130) / 6; fte_hours 1650 turns 50 hours into 50/1650 FTE. */
Test(columns, range_and_working_year)
{
    stitch_plan *p = load_plan("tests/data/hand/ranged.cfg");
    stitch_result *r = base_case(p);
    const plan_input *in = &p->inputs[p->unit_costs[0].input];
    cr_assert_eq(in->dist.kind, DIST_PERT);
    cr_assert_float_eq(dist_mean(&in->dist), (80 + 400 + 130) / 6.0, 1e-12);
    /* 100 reached x 0.5 x 2 visits x 30 minutes = 50 hours */
    cr_assert_float_eq(r->hours[0], 50.0, 1e-12);
    cr_assert_float_eq(p->staff_fte_hours[0], 1650.0, 0);
    stitch_result_free(r);
    stitch_plan_free(p);
    char *out, *err;
    const char *args[] = {"run", "--iterations", "100", "tests/data/hand/ranged.cfg",
                          NULL};
    cr_assert_eq(run(NULL, args, &out, &err), 0, "%s", err);
    cr_assert(strstr(out,
                     "  test nurse: about 50 hours (some 100 visits); 0.03 FTE at 1,650 "
                     "working hours a year\n"),
              "%s", out);
    free(out), free(err);
}

Test(costs, search_prints_each_row)
{
    char *out, *err;
    const char *args[] = {
        "costs",    "--table", "tests/data/hand/ranged.csv", "--price-year", "2023/24",
        "t_ranged", NULL};
    cr_assert_eq(run(NULL, args, &out, &err), 0, "%s", err);
    cr_assert_str_eq(out,
                     "1 unit cost matching 't_ranged', in 2023/24 prices (each uprated "
                     "with its row's index series)\n\n"
                     "t_ranged  Test ranged nurse visit\n"
                     "  £100 per visit in 2023/24 prices · 30 min of test nurse time · "
                     "NHS · 25% cashable · UK · ranged.csv\n\n"
                     "Full provenance of one row: stitch costs --show CODE\n");
    free(out), free(err);
}

/* --show uprates with the index: 100 x index(2021/22) / index(2023/24). */
Test(costs, show_gives_full_provenance)
{
    char *out, *err;
    const char *args[] = {"costs",   "--table",  "tests/data/hand/ranged.csv",
                          "--show",  "t_ranged", "--price-year",
                          "2021/22", NULL};
    cr_assert_eq(run(NULL, args, &out, &err), 0, "%s", err);
    const char *lines[] = {
        "t_ranged\n",
        "  Service       Test ranged nurse visit\n",
        "  Cost          £100 in 2023/24 prices (ranged.csv, row 2)\n",
        "  Table         tests/data/hand/ranged.csv\n",
        "  Range         £80.00 to £130 (from the source; stitch draws the cost from a "
        "PERT "
        "over it)\n",
        "  Time          30 minutes of test nurse time per unit\n",
        "  Working year  1,650 hours for one full-time test nurse\n",
        "  Cashable      25% of the value\n",
        "  Source        Test figure for the optional columns, with a range\n",
        "  Notes         a note with a comma\n"};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
        cr_assert(strstr(out, lines[i]), "missing: %s\nin:\n%s", lines[i], out);
    /* The factor is index(2021/22) / index(2023/24), read here from
     * unitcosts/indices.csv itself. */
    char *idx = slurp_file(src_path("unitcosts/indices.csv"));
    cr_assert_not_null(idx);
    const char *a = strstr(idx, "\n2021/22,"), *b = strstr(idx, "\n2023/24,");
    cr_assert(a && b);
    double factor = strtod(a + 9, NULL) / strtod(b + 9, NULL);
    char want[128];
    snprintf(want, sizeof want, "(× %.4f, NHS Cost Inflation Index)", factor);
    cr_assert(strstr(out, want), "%s not in %s", want, out);
    free(idx);
    cr_assert(strstr(out, "  Uprated       £89.33 in 2021/22 prices (× 0.8933, NHS Cost "
                          "Inflation Index)\n"),
              "%s", out);
    free(out), free(err);
}

/* A GMCA row priced in 2000/01 uprates with HM Treasury's GDP deflator:
 * 2,014 x 96.1117 / 54.3697 = 3,560 (unitcosts/indices/gdp-deflator.csv). */
Test(costs, show_uprates_with_the_rows_series)
{
    char *out, *err;
    const char *args[] = {"costs",        "--show",  "gmca_fall_admission_60_plus",
                          "--price-year", "2023/24", NULL};
    cr_assert_eq(run(NULL, args, &out, &err), 0, "%s", err);
    char want[128];
    snprintf(want, sizeof want, "(× %.4f, index series gdp-deflator)\n",
             96.1117 / 54.3697);
    cr_assert(strstr(out, want), "%s not in:\n%s", want, out);
    cr_assert(strstr(out, "  Cost          £2,014 in 2000/01 prices"), "%s", out);
    cr_assert(strstr(out, "  Uprated       £3,560 in 2023/24 prices (× 1.7677, index "
                          "series gdp-deflator)\n"),
              "%s", out);
    cr_assert(strstr(out, "indices/gdp-deflator.csv (2000/01 to 2024/25)\n"), "%s", out);
    free(out), free(err);
}

Test(costs, errors)
{
    char *out, *err;
    const char *unknown[] = {"costs",  "--table", "tests/data/hand/ranged.csv",
                             "--show", "t_rangd", NULL};
    cr_assert_eq(run(NULL, unknown, &out, &err), 2);
    cr_assert_str_eq(err,
                     "stitch: 't_rangd' is not a code in the unit-cost tables (did you "
                     "mean 't_ranged'?)\n");
    free(out), free(err);
    const char *year[] = {"costs", "--price-year", "2040/41", NULL};
    cr_assert_eq(run(NULL, year, &out, &err), 2);
    cr_assert(strncmp(err,
                      "stitch: --price-year: '2040/41' is not in the inflation index (",
                      63) == 0,
              "%s", err);
    free(out), free(err);
    const char *form[] = {"costs", "--price-year", "2023", NULL};
    cr_assert_eq(run(NULL, form, &out, &err), 2);
    cr_assert_str_eq(err,
                     "stitch: --price-year: '2023' is not a price year like 2023/24\n"
                     "Try 'stitch --help' for more information.\n");
    free(out), free(err);
}

/* init writes a template that checks clean and runs, and never overwrites. */
Test(init, template_runs_and_is_never_overwritten)
{
    char dir[] = "/tmp/stitch-init-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char *out, *err;
    const char *init[] = {"init", "my-case", NULL};
    cr_assert_eq(run(dir, init, &out, &err), 0, "%s", err);
    cr_assert_str_eq(out,
                     "Wrote my-case.cfg: a template business case. Every number in it "
                     "is an example.\nNext: edit it, then run\n  stitch check "
                     "my-case.cfg\n  stitch run my-case.cfg\n");
    free(out), free(err);
    /* an untouched template never checks clean: each of its seven example
     * texts is a warning; the other three are the outcome map's (its outcome
     * is rated "low", and wellbeing is 97% of its value) */
    const char *check[] = {"check", "my-case.cfg", NULL};
    cr_assert_eq(run(dir, check, &out, &err), 1, "%s%s", out, err);
    cr_assert_str_eq(out, "my-case.cfg: usable, with warnings: 16 inputs, 5 of them "
                          "uncertain; 10 warnings\n");
    const char *paths[] = {"need.source",
                           "costs.staff.evidence",
                           "costs.overheads.evidence",
                           "outputs.supported.evidence",
                           "outcomes.better.evidence",
                           "benefits.gp.evidence",
                           "benefits.wellbeing.evidence"};
    size_t lines = 0;
    for (const char *c = err; *c; c++)
        lines += *c == '\n';
    cr_assert_eq(lines, 10, "%s", err);
    cr_assert(strstr(err, ": benefits.gp: rests on a chain with 1 link rated \"low\" or "
                          "\"none\", the weakest outcome 'better' (rated \"low\")"),
              "%s", err);
    cr_assert(strstr(err, ": benefits.wellbeing: 97% of the value of the case"), "%s", err);
    for (size_t i = 0; i < 7; i++) {
        char want[256];
        snprintf(
            want, sizeof want,
            ": %s: still the template's example text (\"EXAMPLE: replace...\"): "
            "replace it with your own figure's source before anyone reads the case\n",
            paths[i]);
        cr_assert(strstr(err, want), "missing %s in:\n%s", want, err);
    }
    free(out), free(err);
    const char *runit[] = {"run", "--iterations", "500", "my-case.cfg", NULL};
    cr_assert_eq(run(dir, runit, &out, &err), 0, "%s", err);
    cr_assert(strstr(out, "Benefit-cost ratio"));
    free(out), free(err);
    char path[4096];
    snprintf(path, sizeof path, "%s/my-case.cfg", dir);
    char *before = slurp_file(path);
    cr_assert_eq(run(dir, init, &out, &err), 2);
    cr_assert_str_eq(err,
                     "stitch: my-case.cfg: already exists; stitch init never overwrites "
                     "a file: choose another name or move the file\n");
    char *after = slurp_file(path);
    cr_assert_str_eq(before, after);
    free(before), free(after), free(out), free(err);
    const char *none[] = {"init", NULL};
    cr_assert_eq(run(dir, none, &out, &err), 2);
    cr_assert_str_eq(err,
                     "stitch: init: what should the new model be called? (stitch init "
                     "NAME)\nTry 'stitch --help' for more information.\n");
    free(out), free(err);
    unlink(path);
    rmdir(dir);
}

/* The kind column and payer relabelling (tests/data/hand/kinds.cfg, whose
 * comment works the figures by hand). */
Test(columns, kind_counts_values_as_social_or_economic)
{
    stitch_plan *p = load_plan("tests/data/hand/kinds.cfg");
    stitch_result *r = base_case(p);
    cr_assert_float_eq(r->kind[STITCH_KIND_CASHABLE], 2500.0, 1e-9);
    cr_assert_float_eq(r->kind[STITCH_KIND_NONCASHABLE], 7500.0, 1e-9);
    cr_assert_float_eq(r->kind[STITCH_KIND_SOCIAL], 50000.0, 1e-9);
    cr_assert_float_eq(r->kind[STITCH_KIND_ECONOMIC], 20000.0, 1e-9);
    cr_assert_eq(p->n_staff, 1);
    cr_assert_float_eq(r->hours[0], 50.0, 1e-12, "only the fiscal row frees time");
    cr_assert_str_eq(p->payers[p->benefits[0].payer], "NHS Scotland");
    cr_assert_str_eq(p->payers[p->benefits[1].payer], "people helped");
    cr_assert(strstr(p->unit_costs[0].source, "(English figure used as a proxy)"), "%s",
              p->unit_costs[0].source);
    cr_assert_str_eq(p->unit_costs[1].source,
                     "Test social row (its minutes and cashable are ignored)");
    stitch_result_free(r);
    stitch_plan_free(p);
}

/* stitch costs finds the shipped wellbeing values by the words a bid
 * writer would type, and says they are not savings. */
Test(costs, wellbeing_values_are_found)
{
    const char *words[] = {"wellbeing", "lonel"};
    const char *codes[] = {"wellby_value", "loneliness_severe_year"};
    for (int k = 0; k < 2; k++) {
        char *out, *err;
        const char *args[] = {"costs", words[k], NULL};
        cr_assert_eq(run(NULL, args, &out, &err), 0, "%s", err);
        cr_assert(strstr(out, codes[k]), "'stitch costs %s' misses %s:\n%s", words[k],
                  codes[k], out);
        cr_assert(strstr(out, "social value, not a saving"), "%s", out);
        free(out), free(err);
    }
    char *out, *err;
    const char *show[] = {"costs",        "--show",  "wellby_value",
                          "--price-year", "2019/20", NULL};
    cr_assert_eq(run(NULL, show, &out, &err), 0, "%s", err);
    cr_assert(strstr(out, "  Cost          £13,000 in 2019/20 prices"), "%s", out);
    cr_assert(strstr(out, "  Range         £10,000 to £16,000"), "%s", out);
    cr_assert(strstr(out, "  Kind          social value"), "%s", out);
    free(out), free(err);
}

/* --model searches the tables the model lists, found as run finds them,
 * and names each as reports do, so the output is the same from any
 * folder; the default price year is the model's. */
Test(costs, model_sees_what_run_sees)
{
    char *out, *err, *out2, *err2;
    const char *here[] = {"costs", "--model", "models/falls-prevention.cfg", "nchc",
                          NULL};
    cr_assert_eq(run(NULL, here, &out, &err), 0, "%s", err);
    const char *there[] = {"costs", "--model", "../models/falls-prevention.cfg", "nchc",
                           NULL};
    cr_assert_eq(run(src_path("tests"), there, &out2, &err2), 0, "%s", err2);
    cr_assert_str_eq(out, out2);
    cr_assert(strstr(out, "6 unit costs matching 'nchc', in 2023/24 prices"), "%s", out);
    cr_assert(strstr(out,
                     "  £753 per resident week in 2023/24 prices · local authority · 50% "
                     "cashable · Scotland · scotland.csv (installed)\n"),
              "%s", out);
    cr_assert_str_empty(err);
    free(out), free(err), free(out2), free(err2);
    /* a table the model does not list is not searched */
    const char *gmca[] = {"costs", "--model", "models/falls-prevention.cfg", "gmca",
                          NULL};
    cr_assert_eq(run(NULL, gmca, &out, &err), 0, "%s", err);
    cr_assert(strncmp(out, "0 unit costs matching 'gmca'", 28) == 0, "%s", out);
    free(out), free(err);
    const char *show[] = {"costs",
                          "--model",
                          "models/falls-prevention.cfg",
                          "--show",
                          "scot_nchc_residential_week",
                          NULL};
    cr_assert_eq(run(NULL, show, &out, &err), 0, "%s", err);
    cr_assert(strstr(out, "  Table         scotland.csv (installed)\n"), "%s", out);
    cr_assert(strstr(out, "  Index         indices/pss.csv (installed) (2007/08 to "
                          "2024/25)\n"),
              "%s", out);
    free(out), free(err);
    const char *both[] = {"costs",
                          "--model",
                          "models/falls-prevention.cfg",
                          "--table",
                          "tests/data/hand/ranged.csv",
                          NULL};
    cr_assert_eq(run(NULL, both, &out, &err), 2);
    cr_assert(strstr(err, "--table and --model cannot be used together"), "%s", err);
    free(out), free(err);
}

/* A table given with --table hides the installed table of the same name:
 * no warning for each of its codes. */
Test(costs, table_copy_does_not_warn_for_every_code)
{
    char *out, *err;
    const char *args[] = {"costs", "--table", "unitcosts/scotland.csv", "scot_ae", NULL};
    cr_assert_eq(run(NULL, args, &out, &err), 0, "%s", err);
    cr_assert_str_empty(err);
    cr_assert(strstr(out, "scot_ae_attendance "), "%s", out);
    free(out), free(err);
}

/* run names each table as the model sees it, not by a path that depends
 * on where it ran: the JSON of the same model from two folders agrees. */
Test(costs, run_names_tables_the_same_from_any_folder)
{
    char *out, *err;
    const char *args[] = {
        "run", "--format", "json", "--iterations", "2", "models/befriending.cfg", NULL};
    cr_assert_eq(run(NULL, args, &out, &err), 0, "%s", err);
    cr_assert(strstr(out, "\"file\": \"scotland.csv (installed)\""), "%.2000s", out);
    cr_assert(strstr(out, "\"table\": \"uk-pssru-2024.csv (installed)\""), "no table");
    cr_assert_null(strstr(out, src_path("unitcosts")), "an absolute path in the JSON");
    free(out), free(err);
}
