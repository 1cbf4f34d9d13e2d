/* test_portfolio.c — a portfolio of projects from one joint simulation, and
 * the best set within a budget (docs/method.md section 14). */
#include "harness.h"
#include "portfolio.h"
#include "results.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const *unit_dirs(void)
{
    static const char *d[2];
    static char path[4096];
    snprintf(path, sizeof path, "%s/unitcosts", STITCH_SOURCE_DIR);
    d[0] = path;
    return d;
}

static stitch_plan *plan_at(const char *path)
{
    stitch_diag err;
    char buf[2048];
    stitch_model *m = stitch_model_load(path, &err);
    stitch_costbook *cb = m ? stitch_costbook_load_for(m, unit_dirs(), &err) : NULL;
    stitch_plan *p = cb ? stitch_plan_compile(m, cb, &err) : NULL;
    stitch_costbook_free(cb);
    stitch_model_free(m);
    cr_assert_not_null(p, "%s", stitch_diag_format(&err, "", buf, sizeof buf));
    return p;
}

typedef struct {
    stitch_portfolio_file *f;
    stitch_plan *plans[PF_MAX_MODELS];
    stitch_portfolio *pf;
} fixture;

static void open_pf(fixture *x, const char *file, long iterations)
{
    stitch_diag err;
    char buf[2048];
    x->f = stitch_portfolio_load(file, &err);
    cr_assert_not_null(x->f, "%s", stitch_diag_format(&err, "", buf, sizeof buf));
    for (size_t i = 0; i < x->f->n; i++)
        x->plans[i] = plan_at(stitch_portfolio_model_path(x->f, i));
    x->pf = stitch_portfolio_run(x->f, x->plans, iterations, 7, 2, unit_dirs(), &err);
    cr_assert_not_null(x->pf, "%s", stitch_diag_format(&err, "", buf, sizeof buf));
}

static void close_pf(fixture *x)
{
    stitch_portfolio_free(x->pf);
    for (size_t i = 0; i < x->f->n; i++)
        stitch_plan_free(x->plans[i]);
    stitch_portfolio_file_free(x->f);
}

/* The portfolio's base case is the sum of each model's own, worked out
 * afresh from its file (README: befriending's NPV is £54,647). */
Test(portfolio, base_totals_are_the_sums_of_the_models_own, .timeout = 120)
{
    fixture x;
    open_pf(&x, src_path("models/portfolios/icf.cfg"), 2000);
    double pvb = 0, pvc = 0, cash = 0, kind[4] = {0}, gp = 0;
    for (size_t i = 0; i < x.f->n; i++) {
        stitch_plan *p = plan_at(stitch_portfolio_model_path(x.f, i));
        stitch_result *r = base_case(p);
        pvb += r->pvb, pvc += r->pvc;
        for (int t = 0; t < p->years; t++)
            cash += r->year_cost_cash[t];
        for (size_t k = 0; k < 4; k++)
            kind[k] += r->kind[k];
        for (size_t g = 0; g < p->n_staff; g++)
            gp += strcmp(p->staff[g], "GP") == 0 ? r->hours[g] : 0;
        stitch_result_free(r);
        stitch_plan_free(p);
    }
    const stitch_portfolio *pf = x.pf;
    cr_expect(fabs(pf->pvb - pvb) <= 1e-9, "PVB %.12f against %.12f", pf->pvb, pvb);
    cr_expect(fabs(pf->pvc - pvc) <= 1e-9, "PVC %.12f against %.12f", pf->pvc, pvc);
    cr_expect(fabs(pf->npv - (pvb - pvc)) <= 1e-9, "NPV %.12f", pf->npv);
    cr_expect(fabs(pf->cash - cash) <= 1e-9, "cash %.12f against %.12f", pf->cash, cash);
    for (size_t k = 0; k < 4; k++)
        cr_expect(fabs(pf->kind[k] - kind[k]) <= 1e-9, "kind %zu", k);
    cr_assert_eq(pf->n_staff, 1);
    cr_expect_str_eq(pf->staff[0].name, "GP");
    cr_expect(fabs(pf->staff[0].base - gp) <= 1e-9, "GP hours %.12f against %.12f",
              pf->staff[0].base, gp);
    cr_expect_eq(lround(pf->proj[0].base->npv), 54647);
    cr_expect_eq(pf->n, 5);
    close_pf(&x);
}

/* The partnership's contribution to the National Health and Wellbeing
 * Outcomes (docs/method.md section 13) is the sum of each model's own,
 * worked out afresh from its file. Outcome 4 is tagged only on
 * befriending's "less lonely", whose benefits are the whole of its PVB
 * (README: £272,493); outcome 6 only on carers' support. */
Test(portfolio, national_outcomes_are_the_sums_of_the_models_own, .timeout = 120)
{
    fixture x;
    open_pf(&x, src_path("models/portfolios/icf.cfg"), 200);
    double people[RESULTS_NATIONAL + 1] = {0}, value[RESULTS_NATIONAL + 1] = {0};
    for (size_t i = 0; i < x.f->n; i++) {
        stitch_plan *p = plan_at(stitch_portfolio_model_path(x.f, i));
        stitch_result *r = base_case(p);
        double pp[RESULTS_NATIONAL + 1], vv[RESULTS_NATIONAL + 1];
        results_national_sums(p, r, pp, vv);
        for (int k = 1; k <= RESULTS_NATIONAL; k++)
            people[k] += pp[k], value[k] += vv[k];
        stitch_result_free(r);
        stitch_plan_free(p);
    }
    results_portfolio *d = results_portfolio_build(x.pf);
    cr_assert_not_null(d);
    for (int k = 1; k <= RESULTS_NATIONAL; k++) {
        const results_national *m = &d->national[k - 1];
        cr_expect_eq(m->number, k);
        cr_expect(fabs(m->people.value - people[k]) <= 1e-9, "%d: people %.12f, %.12f", k,
                  m->people.value, people[k]);
        cr_expect(fabs(m->value.value - value[k]) <= 1e-9, "%d: value %.12f, %.12f", k,
                  m->value.value, value[k]);
    }
    cr_expect_eq(lround(d->national[3].value.value), 272493);
    cr_expect_str_eq(d->national[3].outcomes, "Community befriending for isolated older people (1)");
    cr_expect_str_eq(d->national[5].outcomes,
                     "Support for unpaid carers of older people to prevent carer breakdown (1)");
    cr_expect_eq(d->national_tagged, 4); /* outcomes 1, 2, 4 and 6 */
    results_portfolio_free(d);
    close_pf(&x);
}

/* Each project's own summary comes from the same draws as the joint runs:
 * the mean of its NPV over the runs is its summary's mean. */
Test(portfolio, the_joint_runs_are_each_projects_own_draws, .timeout = 120)
{
    fixture x;
    open_pf(&x, src_path("models/portfolios/icf.cfg"), 3000);
    for (size_t i = 0; i < x.pf->n; i++) {
        const pf_project *pr = &x.pf->proj[i];
        double sum = 0;
        for (long k = 0; k < x.pf->iterations; k++)
            sum += pr->npv[k];
        double mean = sum / (double)x.pf->iterations;
        cr_expect(fabs(mean - pr->mc->npv.mean) <= 1e-6 * fabs(pr->mc->npv.mean) + 1e-6,
                  "%s: %.6f against %.6f", pr->model, mean, pr->mc->npv.mean);
    }
    /* the totals' mean NPV is the sum of the projects' means */
    double means = 0;
    for (size_t i = 0; i < x.pf->n; i++)
        means += x.pf->proj[i].mc->npv.mean;
    cr_expect(fabs(x.pf->s_npv.mean - means) <= 1e-6 * fabs(means), "%.6f against %.6f",
              x.pf->s_npv.mean, means);
    close_pf(&x);
}

static double correlation(const double *a, const double *b, size_t n)
{
    double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
    for (size_t k = 0; k < n; k++)
        ma += a[k], mb += b[k];
    ma /= (double)n, mb /= (double)n;
    for (size_t k = 0; k < n; k++)
        sab += (a[k] - ma) * (b[k] - mb), saa += (a[k] - ma) * (a[k] - ma),
            sbb += (b[k] - mb) * (b[k] - mb);
    return sab / sqrt(saa * sbb);
}

/* Two copies of one model under different names: a number of their own
 * (the same path in both) draws independently in each, while an
 * overridden unit cost (the same price for everyone) draws the same
 * values in both, run by run. */
Test(portfolio, own_inputs_draw_apart_and_unit_costs_together, .timeout = 120)
{
    const char *dir = temp_dir();
    const char *own = "name = \"Own\"; price_year = \"2023/24\"; years = 1;\n"
                      "discount = 0.035;\n"
                      "need = { text = \"Test need\"; population = 1000; };\n"
                      "costs = ( { id = \"cost\"; amount = 1000.0; per = \"once\"; } );\n"
                      "outputs = ( { id = \"reached\"; count = 100.0; } );\n"
                      "outcomes = ( { id = \"better\"; from = \"reached\"; rate = 1.0; } );\n"
                      "benefits = ( { id = \"v\"; outcome = \"better\"; value = { dist = "
                      "\"normal\"; mean = 12.0; sd = 4.0; }; } );\n";
    const char *price =
        "name = \"Price\"; price_year = \"2023/24\"; years = 1;\n"
                      "discount = 0.035;\n"
        "unit_costs = [\"uk-pssru-2024.csv\"];\n"
        "need = { text = \"Another need\"; population = 1000; };\n"
        "costs = ( { id = \"cost\"; amount = 1000.0; per = \"once\"; } );\n"
        "outputs = ( { id = \"reached\"; count = 100.0; } );\n"
        "outcomes = ( { id = \"better\"; from = \"reached\"; rate = 1.0; } );\n"
        "benefits = ( { id = \"stays\"; outcome = \"better\"; unit_cost = "
        "\"nel_long_stay\"; quantity = 0.01; } );\n"
        "unit_cost_overrides = { nel_long_stay = { dist = \"pert\"; min = 3000.0; "
        "mode = 5000.0; max = 8000.0; }; };\n";
    write_file(dir, "a.cfg", own);
    write_file(dir, "b.cfg", own);
    write_file(dir, "c.cfg", price);
    write_file(dir, "d.cfg", price);
    write_file(dir, "p.cfg",
               "name = \"Pairs\"; models = (\"a.cfg\", \"b.cfg\", \"c.cfg\", \"d.cfg\");\n");
    char file[4096];
    snprintf(file, sizeof file, "%s/p.cfg", dir);
    fixture x;
    open_pf(&x, file, 8192);
    const pf_project *a = &x.pf->proj[0], *b = &x.pf->proj[1];
    const pf_project *c = &x.pf->proj[2], *d = &x.pf->proj[3];
    size_t n = (size_t)x.pf->iterations, same_ab = 0, same_cd = 0;
    for (size_t k = 0; k < n; k++)
        same_ab += a->npv[k] == b->npv[k], same_cd += c->npv[k] == d->npv[k];
    cr_expect_eq(same_ab, 0, "%zu runs drew the same own value in both", same_ab);
    double rho = correlation(a->npv, b->npv, n);
    cr_expect(fabs(rho) < 0.05, "own inputs correlated %.4f", rho);
    cr_expect_eq(same_cd, n, "only %zu of %zu runs shared the price", same_cd, n);
    close_pf(&x);
    rm_rf(dir);
}

/* The knapsack against brute force over every subset, with the runner-up,
 * on random small instances. */
static void brute(const double *v, const long long *c, size_t n, long long budget,
                  unsigned long long *best, unsigned long long *second, int *has2)
{
    double bv = -INFINITY, sv = -INFINITY;
    long long bc = 0, sc = 0;
    *has2 = 0;
    *best = *second = 0;
    for (unsigned long long m = 0; m < (1ULL << n); m++) {
        double val = 0;
        long long cash = 0;
        for (size_t i = 0; i < n; i++)
            if (m >> i & 1)
                val += v[i], cash += c[i];
        if (cash > budget)
            continue;
        /* better: more value, then less cash, then the smaller mask */
        int beats_best = val > bv || (val == bv && (cash < bc || (cash == bc && m < *best)));
        int beats_second =
            val > sv || (val == sv && (cash < sc || (cash == sc && m < *second)));
        if (beats_best) {
            if (bv > -INFINITY)
                *second = *best, sv = bv, sc = bc, *has2 = 1;
            *best = m, bv = val, bc = cash;
        } else if (!*has2 || beats_second)
            *second = m, sv = val, sc = cash, *has2 = 1;
    }
}

Test(portfolio, knapsack_equals_brute_force_on_random_sets)
{
    unsigned long long s = 12345;
    for (int trial = 0; trial < 200; trial++) {
        size_t n = 1 + (size_t)(trial % 14);
        double v[16];
        long long c[16], total = 0;
        for (size_t i = 0; i < n; i++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            v[i] = (double)((long long)(s >> 40) % 20001 - 5000) + 0.25 * (double)i;
            c[i] = (long long)((s >> 20) % 100000);
            total += c[i];
        }
        long long budget = total * (trial % 5) / 5;
        unsigned long long b1, s1, b2, s2;
        int h1, h2;
        cr_assert_eq(pf_knapsack(v, c, n, budget, &b1, &s1, &h1), 0);
        brute(v, c, n, budget, &b2, &s2, &h2);
        cr_expect_eq(b1, b2, "trial %d: best %llx against %llx", trial, b1, b2);
        cr_expect_eq(h1, h2, "trial %d", trial);
        if (h1 && h2)
            cr_expect_eq(s1, s2, "trial %d: runner-up %llx against %llx", trial, s1, s2);
    }
}

/* Forty projects, too many to enumerate (2^40 sets): the best value equals
 * a dynamic programme over the (small, whole) cash, by hand-checkable
 * construction. */
Test(portfolio, knapsack_of_forty_projects_matches_dynamic_programming)
{
    enum { N = 40, B = 400 };
    double v[N], best[B + 1];
    long long c[N];
    unsigned long long s = 99;
    for (size_t i = 0; i < N; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        c[i] = 1 + (long long)((s >> 33) % 40);
        v[i] = (double)((s >> 13) % 1000) - 200.0;
    }
    for (int b = 0; b <= B; b++)
        best[b] = 0;
    for (size_t i = 0; i < N; i++)
        for (int b = B; b >= c[i]; b--)
            if (best[b - c[i]] + v[i] > best[b])
                best[b] = best[b - c[i]] + v[i];
    unsigned long long m, m2;
    int h;
    cr_assert_eq(pf_knapsack(v, c, N, B, &m, &m2, &h), 0);
    double val = 0;
    long long cash = 0;
    for (size_t i = 0; i < N; i++)
        if (m >> i & 1)
            val += v[i], cash += c[i];
    cr_expect_leq(cash, B);
    cr_expect_eq(val, best[B], "%.1f against %.1f", val, best[B]);
    cr_expect(h);
}

/* Six small models: the selection equals brute force over all 64 subsets
 * of their expected NPVs (the simulated means) and cash. */
Test(portfolio, six_models_selection_equals_brute_force_over_64_subsets, .timeout = 120)
{
    static const double cost[6] = {3000, 4000, 2500, 5000, 1500, 3500};
    static const double mean[6] = {40, 47, 30, 56, 14, 33};
    const char *dir = temp_dir();
    char list[512] = "";
    for (int i = 0; i < 6; i++) {
        char name[32], text[1024];
        snprintf(name, sizeof name, "p%d.cfg", i);
        snprintf(text, sizeof text,
                 "name = \"Project %d\"; price_year = \"2023/24\"; years = 1;\n"
                      "discount = 0.035;\n"
                 "need = { text = \"Need %d\"; population = 1000; };\n"
                 "costs = ( { id = \"cost\"; amount = %.1f; per = \"once\"; } );\n"
                 "outputs = ( { id = \"reached\"; count = 100.0; } );\n"
                 "outcomes = ( { id = \"better\"; from = \"reached\"; rate = 1.0; } );\n"
                 "benefits = ( { id = \"v\"; outcome = \"better\"; value = { dist = "
                 "\"normal\"; mean = %.1f; sd = 3.0; }; } );\n",
                 i, i, cost[i], mean[i]);
        write_file(dir, name, text);
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"", i ? ", " : "",
                 name);
    }
    char pf_text[1024];
    snprintf(pf_text, sizeof pf_text, "name = \"Six\"; budget = 9000; models = (%s);\n", list);
    write_file(dir, "six.cfg", pf_text);
    char file[4096];
    snprintf(file, sizeof file, "%s/six.cfg", dir);
    fixture x;
    open_pf(&x, file, 4096);
    const stitch_portfolio *pf = x.pf;
    cr_assert(pf->has_selection);
    unsigned long long best = 0, second = 0;
    double bv = -INFINITY, sv = -INFINITY;
    for (unsigned long long m = 0; m < 64; m++) {
        double val = 0, cash = 0;
        for (size_t i = 0; i < 6; i++)
            if (m >> i & 1)
                val += pf->proj[i].mc->npv.mean, cash += pf->proj[i].cash;
        if (cash > 9000)
            continue;
        if (val > bv)
            second = best, sv = bv, best = m, bv = val;
        else if (val > sv)
            second = m, sv = val;
    }
    cr_expect_eq(pf->sel.chosen, best, "chosen %llx, brute force %llx", pf->sel.chosen, best);
    cr_expect_eq(pf->sel.runner_up, second, "runner-up %llx, brute force %llx",
                 pf->sel.runner_up, second);
    cr_expect(fabs(pf->sel.expected_npv - bv) <= 1e-6, "%.6f against %.6f",
              pf->sel.expected_npv, bv);
    /* the chance the chosen set beats the runner-up, counted here run by run */
    long beats = 0;
    for (long k = 0; k < pf->iterations; k++) {
        double a = 0, b = 0;
        for (size_t i = 0; i < 6; i++)
            a += (best >> i & 1) ? pf->proj[i].npv[k] : 0,
                b += (second >> i & 1) ? pf->proj[i].npv[k] : 0;
        beats += a > b;
    }
    cr_expect_eq(pf->sel.p_beats_runner_up, (double)beats / (double)pf->iterations);
    close_pf(&x);
    rm_rf(dir);
}

/* A model in another price year joins at the portfolio's price year,
 * uprated with the GDP deflator (unitcosts/indices/gdp-deflator.csv:
 * 2022/23 91.2996, 2023/24 96.1117, 2024/25 100): a cost of £1,000 in
 * 2023/24 prices is 1000 x 100 / 96.1117 = £1,040.46 in 2024/25, and one
 * in 2022/23 prices 1000 x 100 / 91.2996 = £1,095.30. */
Test(portfolio, models_are_uprated_to_the_portfolios_price_year, .timeout = 120)
{
    const char *dir = temp_dir();
    char text[1024], one[512];
    snprintf(one, sizeof one, "%s", src_path("tests/data/voi/one.cfg")); /* static */
    snprintf(text, sizeof text,
             "name = \"Uprated\"; price_year = \"2024/25\";\n"
             "models = (\"%s\", \"%s\");\n",
             one, src_path("tests/data/portfolio/priced-2022.cfg"));
    write_file(dir, "up.cfg", text);
    char file[4096];
    snprintf(file, sizeof file, "%s/up.cfg", dir);
    fixture x;
    open_pf(&x, file, 1000);
    cr_expect(fabs(x.pf->proj[0].base->pvc - 1000 * 100 / 96.1117) < 1e-9, "%.9f",
              x.pf->proj[0].base->pvc);
    cr_expect(fabs(x.pf->proj[1].base->pvc - 1000 * 100 / 91.2996) < 1e-9, "%.9f",
              x.pf->proj[1].base->pvc);
    cr_expect(fabs(x.pf->proj[0].cash - 1000 * 100 / 96.1117) < 1e-9);
    cr_expect(fabs(x.pf->proj[1].base->pvb - 1200 * 100 / 91.2996) < 1e-9, "%.9f",
              x.pf->proj[1].base->pvb);
    cr_expect(fabs(x.pf->proj[1].mc->pvc.mean - 1000 * 100 / 91.2996) < 1e-9);
    cr_expect_str_eq(x.pf->price_year, "2024/25");
    close_pf(&x);
    rm_rf(dir);
}

/* The command: text in words and JSON with the members the issue names. */
Test(portfolio, the_command_in_words_and_json, .timeout = 120)
{
    char *out, *err;
    const char *json[] = {"portfolio", "--format", "json", "--iterations", "2000",
                          "models/portfolios/icf.cfg", NULL};
    cr_assert_eq(run_stitch(src_path("."), json, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "%s", out);
    cJSON *total = cJSON_GetObjectItemCaseSensitive(j, "total");
    cJSON *base = cJSON_GetObjectItemCaseSensitive(total, "base");
    /* the sum of the five models' pinned NPVs (test_models.c) */
    cr_expect_eq(lround(cJSON_GetObjectItemCaseSensitive(base, "npv")->valuedouble),
                 139979);
    cr_expect_not_null(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(total, "summary"), "npv"));
    cJSON *projects = cJSON_GetObjectItemCaseSensitive(j, "projects");
    cr_assert_eq(cJSON_GetArraySize(projects), 5);
    cJSON *p0 = cJSON_GetArrayItem(projects, 0);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(p0, "model")->valuestring,
                     "../befriending.cfg");
    cr_expect_eq(lround(cJSON_GetObjectItemCaseSensitive(
                            cJSON_GetObjectItemCaseSensitive(p0, "base"), "npv")
                            ->valuedouble),
                 54647);
    cr_expect_not_null(cJSON_GetObjectItemCaseSensitive(p0, "cash"));
    cr_expect_not_null(cJSON_GetObjectItemCaseSensitive(p0, "summary"));
    cJSON *sel = cJSON_GetObjectItemCaseSensitive(j, "selection");
    cr_assert_not_null(sel);
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(sel, "budget")->valuedouble, 600000);
    cr_expect(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(sel, "chosen")));
    cr_expect_leq(cJSON_GetObjectItemCaseSensitive(sel, "cash")->valuedouble, 600000);
    cr_expect_not_null(cJSON_GetObjectItemCaseSensitive(sel, "expected_npv"));
    cr_expect_not_null(cJSON_GetObjectItemCaseSensitive(sel, "p_npv_gt_0"));
    cJSON_Delete(j);
    free(out), free(err);
    const char *text[] = {"portfolio", "--iterations", "2000", "models/portfolios/icf.cfg",
                          NULL};
    cr_assert_eq(run_stitch(src_path("."), text, &out, &err), 0, "%s", err);
    cr_expect(strstr(out, "  Net present value                      £139,979"), "%s", out);
    cr_expect(strstr(out, "This choice rests on the models' assumptions"), "%s", out);
    free(out), free(err);
    const char *csv[] = {"portfolio", "--format", "csv", "models/portfolios/icf.cfg", NULL};
    cr_expect_eq(run_stitch(src_path("."), csv, &out, &err), 2);
    cr_expect_str_eq(err, "stitch: --format: a portfolio is written as text or json\n"
                          "Try 'stitch --help' for more information.\n");
    free(out), free(err);
}

/* stitch report on a portfolio: one report in each format, with the same
 * figures (the totals' NPV is the sum of the models' pinned NPVs). */
Test(portfolio, the_report_in_every_format, .timeout = 120)
{
    const char *dir = temp_dir();
    static const char *const ext[] = {"html", "md", "json", "xlsx"};
    char path[4][4096];
    for (size_t i = 0; i < 4; i++) {
        snprintf(path[i], sizeof path[i], "%s/portfolio.%s", dir, ext[i]);
        char *out, *err;
        const char *args[] = {"report", "models/portfolios/icf.cfg", "--iterations", "2000",
                              "-o", path[i], NULL};
        cr_assert_eq(run_stitch(src_path("."), args, &out, &err), 0, "%s", err);
        free(out), free(err);
    }
    char *html = slurp_file(path[0]);
    cr_assert_not_null(html);
    cr_expect(strstr(html, "<div class=\"card\" id=\"total-npv\">Net present value<b>"
                           "£139,979</b>"),
              "no total NPV in the page");
    cr_expect(strstr(html, "<figure id=\"chart-npv-ranges\">\n<svg"), "no chart of ranges");
    cr_expect(strstr(html, "<p class=\"caveat\">This choice rests on the models' "
                           "assumptions"),
              "no caveat");
    cr_expect(strstr(html, "<td class=\"n\">£54,647</td>"), "no befriending NPV");
    /* the partnership's contribution to national outcome 4: befriending's PVB */
    cr_expect(strstr(html, "<section id=\"national\">\n<h3>Contribution to the National "
                           "Health and Wellbeing Outcomes</h3>"),
              "no national outcomes in the page");
    cr_expect(strstr(html, "id=\"national-value-4\" data-value=\"272493.2"),
              "no value for national outcome 4");
    free(html);
    char *md = slurp_file(path[1]);
    cr_assert_not_null(md);
    cr_expect(strstr(md, "| Net present value | £139,979 |"), "%s", md);
    cr_expect(strstr(md, "## Allocating the budget"), "%s", md);
    cr_expect(strstr(md, "## Contribution to the National Health and Wellbeing Outcomes\n\n"
                         "| | National Health and Wellbeing Outcome | People (summed over "
                         "outcomes and projects) | value | outcomes tagged |"),
              "%s", md);
    free(md);
    char *json = slurp_file(path[2]);
    cJSON *j = cJSON_Parse(json);
    cr_assert_not_null(j);
    cr_expect_eq(lround(cJSON_GetObjectItemCaseSensitive(
                            cJSON_GetObjectItemCaseSensitive(
                                cJSON_GetObjectItemCaseSensitive(j, "total"), "base"),
                            "npv")
                            ->valuedouble),
                 139979);
    cJSON_Delete(j);
    free(json);
    char *xlsx = slurp_file(path[3]);
    cr_assert_not_null(xlsx);
    cr_expect_eq(memcmp(xlsx, "PK", 2), 0, "not a workbook");
    free(xlsx);
    char cmd[4400];
    snprintf(cmd, sizeof cmd,
             "unzip -p '%s' xl/sharedStrings.xml | grep -c 'People (summed over outcomes "
             "and projects)'",
             path[3]);
    FILE *f = popen(cmd, "r");
    cr_assert_not_null(f);
    int found = 0;
    cr_expect_eq(fscanf(f, "%d", &found), 1);
    cr_expect_eq(pclose(f), 0, "the workbook has no national outcomes table");
    cr_expect_eq(found, 1);
    char csv[4096], *out, *err;
    snprintf(csv, sizeof csv, "%s/portfolio.csv", dir);
    const char *args[] = {"report", "models/portfolios/icf.cfg", "--iterations", "2000",
                          "-o", csv, NULL};
    cr_expect_eq(run_stitch(src_path("."), args, &out, &err), 2);
    char want[8192];
    snprintf(want, sizeof want,
             "stitch: %s: a portfolio's report is written as .html, .xlsx, .md or .json "
             "(not a folder of CSV files)\n",
             csv);
    cr_expect_str_eq(err, want);
    free(out), free(err);
    rm_rf(dir);
}

/* check on a portfolio checks each project as `stitch check` checks it
 * alone: its warnings are printed, and the count on the last line is the
 * sum of the five models' own counts (each read from `stitch check
 * MODEL`'s last line), with exit 1 for warnings. */
Test(portfolio, check_lints_each_project, .timeout = 120)
{
    const char *models[] = {"befriending", "falls-prevention", "social-prescribing",
                            "carers-support", "home-from-hospital"};
    size_t sum = 0;
    for (size_t i = 0; i < 5; i++) {
        char path[128];
        snprintf(path, sizeof path, "models/%s.cfg", models[i]);
        const char *one[] = {"check", path, NULL};
        char *out, *err;
        cr_assert_eq(run_stitch(src_path("."), one, &out, &err), 1, "%s", err);
        const char *semi = strrchr(out, ';');
        cr_assert_not_null(semi, "%s", out);
        sum += strtoul(semi + 1, NULL, 10);
        free(out), free(err);
    }
    cr_assert_eq(sum, 19); /* 5 + 1 + 4 + 4 + 5 */
    const char *args[] = {"check", "models/portfolios/icf.cfg", NULL};
    char *out, *err;
    cr_assert_eq(run_stitch(src_path("."), args, &out, &err), 1, "%s", err);
    cr_assert_str_eq(out,
                     "models/portfolios/icf.cfg: usable, with warnings: a portfolio of "
                     "5 projects; 19 warnings\n");
    cr_assert(strstr(err, "stitch: warning: models/portfolios/../befriending.cfg:252: "
                          "benefits.wellbeing: rests on a chain with 2 links rated"),
              "%s", err);
    free(out), free(err);
}
