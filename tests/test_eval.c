/* test_eval.c — base cases worked out by hand (docs/method.md section 4).
 * Each expected number is written as the arithmetic a reader can redo. */
#include "harness.h"
#include "eval.h"
#include "plan.h"
#include "sample.h"

#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-9

static long index_of(char **names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (long)i;
    return -1;
}

/*
 * Case A (tests/data/hand/a.cfg). 100 reached, rate 0.5: 50 people in each of
 * delivery years 0 and 1. Each cohort avoids 2 GP consultations in its first
 * year and 2 × (1 − 0.5) = 1 in its second (duration 2, drop-off 0.5), so
 * gross units are 100 (t0), 50 + 100 = 150 (t1), 50 (t2).
 * Net factor (1 − 0.2)(1 − 0.1)(1 − 0.1 optimism bias, "low") = 0.648;
 * attributed × (1 − 0.25) = 0.486.
 * Attributed units: 48.6, 72.9, 24.3 (145.8 in all); at £50: 2430, 3645, 1215.
 * PVB = 2430 + 3645/1.1 + 1215/1.21.
 * Costs: t0 1000 + 500 once, t1 1000: PVC = 1500 + 1000/1.1.
 * Payback in year 0 (2430 ≥ 1500). Time: 145.8 × 10/60 = 24.3 GP hours.
 * Contribution PVB = PVB / 0.75; break-even attribution = 1 − PVC/(PVB/0.75).
 * Cashable share 0.2 of PVB; cost per outcome = PVC / (50 × 2).
 */
Test(hand, case_a)
{
    stitch_plan *p = load_plan("tests/data/hand/a.cfg");
    stitch_result *r = base_case(p);
    double pvb = 2430 + 3645 / 1.1 + 1215 / 1.21, pvc = 1500 + 1000 / 1.1;
    cr_assert_float_eq(r->pvb, pvb, EPS);
    cr_assert_float_eq(r->pvc, pvc, EPS);
    cr_assert_float_eq(r->bcr, pvb / pvc, EPS);
    cr_assert_float_eq(r->npv, pvb - pvc, EPS);
    cr_assert_float_eq(r->roi, (pvb - pvc) / pvc, EPS);
    cr_assert_eq(r->payback_year, 0);
    long gp = index_of(p->staff, p->n_staff, "GP");
    cr_assert_geq(gp, 0);
    cr_assert_float_eq(r->hours[gp], 24.3, EPS);
    cr_assert_float_eq(r->units[0], 145.8, EPS);
    cr_assert_float_eq(r->contribution_pvb, pvb / 0.75, EPS);
    cr_assert_float_eq(r->break_even_attribution, 1 - pvc / (pvb / 0.75), EPS);
    cr_assert_float_eq(r->kind[STITCH_KIND_CASHABLE], 0.2 * pvb, EPS);
    cr_assert_float_eq(r->kind[STITCH_KIND_NONCASHABLE], 0.8 * pvb, EPS);
    cr_assert_float_eq(r->people[1], 50.0, EPS);
    cr_assert_float_eq(r->by_payer[index_of(p->payers, p->n_payers, "NHS")], pvb, EPS);
    stitch_result_free(r);
    stitch_plan_free(p);
}

/*
 * Case B (tests/data/hand/b.cfg). No discounting. 40 reached × 0.25 = 10
 * people, one delivery year. The visit cost £100 in 2021/22, uprated by
 * 121/110 = 1.1 to £110. Quantity −1 with lag 1: 10 more visits in year 1,
 * a dis-benefit of −10 × 110 = −1100, and −10 × 30/60 = −5 nurse hours.
 * The job benefit: £300 × 10 people from year 1 for 3 years with drop-off
 * 0.1: 3000, 2700, 2430, halved by attribution 0.5: 1500, 1350, 1215
 * (4065 in all). PVB = 4065 − 1100 = 2965; PVC = 2000 (year 0 only).
 * Cumulative benefit: 0, 400, 1750, 2965: payback in year 3.
 * Contribution PVB = 2 × 4065 − 1100 = 7030; break-even = 1 − 2000/7030.
 */
Test(hand, case_b)
{
    stitch_plan *p = load_plan("tests/data/hand/b.cfg");
    stitch_result *r = base_case(p);
    cr_assert_float_eq(r->pvb, 2965.0, EPS);
    cr_assert_float_eq(r->pvc, 2000.0, EPS);
    cr_assert_float_eq(r->bcr, 2965.0 / 2000.0, EPS);
    cr_assert_float_eq(r->npv, 965.0, EPS);
    cr_assert_eq(r->payback_year, 3);
    cr_assert_float_eq(r->by_benefit[0], -1100.0, EPS);
    cr_assert_float_eq(r->by_benefit[1], 4065.0, EPS);
    long dn = index_of(p->staff, p->n_staff, "district nurse");
    cr_assert_float_eq(r->hours[dn], -5.0, EPS);
    cr_assert_float_eq(r->contribution_pvb, 7030.0, EPS);
    cr_assert_float_eq(r->break_even_attribution, 1 - 2000.0 / 7030.0, EPS);
    cr_assert_float_eq(r->kind[STITCH_KIND_ECONOMIC], 4065.0, EPS);
    cr_assert_float_eq(r->kind[STITCH_KIND_NONCASHABLE], -1100.0, EPS);
    cr_assert_float_eq(r->by_payer[index_of(p->payers, p->n_payers, "the economy")],
                       4065.0, EPS);
    cr_assert_float_eq(p->unit_costs[0].factor, 1.1, EPS);
    stitch_result_free(r);
    stitch_plan_free(p);
}

/*
 * Case C (tests/data/hand/c.cfg). Green Book discounting over 35 years:
 * 3.5% for years 1–30, then 3.0%. Means: cost uniform(500, 1500) = 1000;
 * count triangular(0, 1, 2) = 1; rate pert(0.9, 1, 1) = (0.9 + 4 + 1)/6;
 * value gamma mean 100; unrated benefit, so optimism bias "none" = 0.5.
 * Value a year = 100 × 5.9/6 × 0.5. Sum of discount factors:
 * S1 = Σ_{t=0..30} 1.035^-t = (1 − 1.035^-31)/(1 − 1/1.035),
 * S2 = 1.035^-30 × Σ_{k=1..4} 1.03^-k. PVB = value × (S1 + S2).
 * Cumulative value first reaches 1000 in year 33 (checked on paper:
 * Σ_{t=0..32} DF = 20.1 < 1000/49.17 = 20.34 ≤ Σ_{t=0..33} DF = 20.4).
 */
Test(hand, case_c_green_book)
{
    stitch_plan *p = load_plan("tests/data/hand/c.cfg");
    stitch_result *r = base_case(p);
    double v = 100 * 5.9 / 6 * 0.5;
    double s1 = (1 - pow(1.035, -31)) / (1 - 1 / 1.035);
    double s2 =
        pow(1.035, -30) * (1 / 1.03 + pow(1.03, -2) + pow(1.03, -3) + pow(1.03, -4));
    cr_assert_float_eq(r->pvb, v * (s1 + s2), 1e-8);
    cr_assert_float_eq(r->pvc, 1000.0, EPS);
    cr_assert_eq(r->payback_year, 33);
    cr_assert_float_eq(r->kind[STITCH_KIND_SOCIAL], r->pvb, EPS);
    stitch_result_free(r);
    stitch_plan_free(p);
}

Test(discount, green_book_bands)
{
    cr_assert_float_eq(discount_rate(1, 0, 30), 0.035, EPS);
    cr_assert_float_eq(discount_rate(1, 0, 31), 0.030, EPS);
    cr_assert_float_eq(discount_rate(1, 0, 75), 0.030, EPS);
    cr_assert_float_eq(discount_rate(1, 0, 76), 0.025, EPS);
    cr_assert_float_eq(discount_rate(1, 0, 201), 0.015, EPS);
    cr_assert_float_eq(discount_rate(1, 0, 301), 0.010, EPS);
    cr_assert_float_eq(discount_rate(2, 0, 1), 0.015, EPS);
    cr_assert_float_eq(discount_rate(0, 0.07, 99), 0.07, EPS);
}

/* The example model: every number of the report is finite, and its base case
 * equals the sum of its parts. */
Test(example, befriending_consistent)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_result *r = base_case(p);
    double sum = 0, kinds = 0, payers = 0;
    for (size_t i = 0; i < p->n_benefits; i++)
        sum += r->by_benefit[i];
    for (int k = 0; k < 4; k++)
        kinds += r->kind[k];
    for (size_t i = 0; i < p->n_payers; i++)
        payers += r->by_payer[i];
    cr_assert_float_eq(sum, r->pvb, 1e-6);
    cr_assert_float_eq(kinds, r->pvb, 1e-6);
    cr_assert_float_eq(payers, r->pvb, 1e-6);
    cr_assert(isfinite(r->bcr) && r->bcr > 0);
    stitch_result_free(r);
    stitch_plan_free(p);
}

/* A model saved with a UTF-8 byte-order mark (as Windows Notepad does) loads
 * and gives case A's figures. */
Test(hand, byte_order_mark_is_accepted)
{
    stitch_plan *p = load_plan("tests/data/hand/bom.cfg");
    stitch_result *r = base_case(p);
    cr_assert_float_eq(r->pvb, 2430 + 3645 / 1.1 + 1215 / 1.21, EPS);
    stitch_result_free(r);
    stitch_plan_free(p);
}

/* An override replaces the table cost in the model's price year: case A's
 * PVB scales by 60/50. */
Test(hand, unit_cost_override)
{
    stitch_plan *p = load_plan("tests/data/hand/override.cfg");
    stitch_result *r = base_case(p);
    cr_assert_float_eq(r->pvb, (2430 + 3645 / 1.1 + 1215 / 1.21) * 60 / 50, EPS);
    cr_assert(p->unit_costs[0].overridden);
    stitch_result_free(r);
    stitch_plan_free(p);
}

/* Each input keeps its role in the plan, so later stages never read it off
 * the path. befriending.cfg: 6 cost lines, 1 output, 2 outcomes and 4
 * benefits, each with a quantity and its four adjustments: 1 valued per
 * person, 3 priced by 3 unit costs. 33 inputs in all. */
Test(plan, inputs_keep_their_roles)
{
    static const struct {
        input_role role;
        const char *suffix;
        size_t n;
    } want[] = {
        {ROLE_COST, ".amount", 6},
        {ROLE_COUNT, ".count", 1},
        {ROLE_RATE, ".rate", 2},
        {ROLE_UNIT_COST, ".cost", 3},
        {ROLE_QUANTITY, ".quantity", 4},
        {ROLE_VALUE, ".value", 1},
        {ROLE_DEADWEIGHT, ".deadweight", 4},
        {ROLE_DISPLACEMENT, ".displacement", 4},
        {ROLE_ATTRIBUTION, ".attribution", 4},
        {ROLE_DROP_OFF, ".drop_off", 4},
    };
    stitch_plan *p = load_plan("models/befriending.cfg");
    size_t total = 0;
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        size_t n = 0;
        for (size_t i = 0; i < p->n_inputs; i++) {
            if (p->inputs[i].role != want[k].role)
                continue;
            const char *path = p->inputs[i].path;
            size_t len = strlen(path), s = strlen(want[k].suffix);
            cr_expect(len > s && strcmp(path + len - s, want[k].suffix) == 0,
                      "role %d: %s", (int)want[k].role, path);
            n++;
        }
        cr_expect_eq(n, want[k].n, "role %d: %zu inputs", (int)want[k].role, n);
        cr_expect_eq(role_is_adjustment(want[k].role), want[k].role >= ROLE_DEADWEIGHT);
        total += n;
    }
    cr_expect_eq(total, 33, "%zu inputs have a role", total);
    cr_expect_eq(p->n_inputs, 33);
    stitch_plan_free(p);
}

/*
 * Case D (tests/data/hand/d.cfg): the cash flow (docs/method.md section
 * 4.12). 10 reached × 0.5 = 5 people in each of years 0 and 1.
 * gp: 5 × 2 consultations in the cohort's year only, attribution 0.5: 5
 * consultations a year, × £50 = £250 in years 0 and 1; cashable 0.2: £50,
 * non-cashable £200. Discounted at the model's 10%: 250, 250/1.1.
 * wellbeing: 5 × £400 = £2,000 a cohort-year for 2 years: 2000 (t0), 4000
 * (t1), 2000 (t2), social; discounted at its own 25%: 2000, 4000/1.25 =
 * 3200, 2000/1.25² = 1280.
 * Costs: 1000 + 500 once (t0), 1000 (t1); discounted 1500, 1000/1.1.
 * So the discounted benefits of year 2 are 1280, not 2000 × DF(2) = 2000/1.21:
 * each benefit at its own rate. Capacity: 10 consultations in all.
 */
Test(hand, case_d_cash_flow)
{
    stitch_plan *p = load_plan("tests/data/hand/d.cfg");
    stitch_result *r = base_case(p);
    const double cost[] = {1500, 1000, 0}, dcost[] = {1500, 1000 / 1.1, 0};
    const double social[] = {2000, 4000, 2000}, gp[] = {250, 250, 0};
    const double dben[] = {2250, 3200 + 250 / 1.1, 1280};
    double sum_c = 0, sum_b = 0;
    for (int t = 0; t < 3; t++) {
        const double *k = r->year_kind + 4 * t;
        cr_assert_float_eq(r->year_cost_cash[t], cost[t], EPS, "year %d", t);
        cr_assert_float_eq(r->year_cost[t], dcost[t], EPS, "year %d", t);
        cr_assert_float_eq(k[STITCH_KIND_CASHABLE], 0.2 * gp[t], EPS, "year %d", t);
        cr_assert_float_eq(k[STITCH_KIND_NONCASHABLE], 0.8 * gp[t], EPS, "year %d", t);
        cr_assert_float_eq(k[STITCH_KIND_ECONOMIC], 0, EPS, "year %d", t);
        cr_assert_float_eq(k[STITCH_KIND_SOCIAL], social[t], EPS, "year %d", t);
        cr_assert_float_eq(r->year_benefit[t], dben[t], EPS, "year %d", t);
        sum_c += r->year_cost[t], sum_b += r->year_benefit[t];
    }
    cr_assert_float_eq(r->pvb, 2000 + 3200 + 1280 + 250 + 250 / 1.1, EPS);
    cr_assert_float_eq(sum_c, r->pvc, EPS);
    cr_assert_float_eq(sum_b, r->pvb, EPS);
    /* by discount schedule: the model's 10% (gp), then the benefit's 25% */
    cr_assert_eq(p->n_sched, 2);
    for (int t = 0; t < 3; t++) {
        cr_assert_float_eq(r->year_sched[t], gp[t], EPS, "year %d", t);
        cr_assert_float_eq(r->year_sched[3 + t], social[t], EPS, "year %d", t);
    }
    cr_assert_eq(p->n_capacity, 1);
    cr_assert_str_eq(p->capacity_units[0], "consultation");
    cr_assert_float_eq(r->capacity[0], 10.0, EPS);
    cr_assert_float_eq(r->capacity[0], r->units[0], EPS);
    stitch_result_free(r);
    stitch_plan_free(p);
}

/*
 * Per-year values (tests/data/hand/years.cfg), docs/method.md section 4.1.
 * Staff cost 1000, 2000 (a uniform's mean), 2000 in delivery years 0-2
 * at 10%, plus 500 once:
 * PVC = 1000 + 500 + 2000/1.1 + 2000/1.21. Cash 5500.
 * Counts 10, 20 (the uniform's mean), 30; rate 0.5: cohorts of 5, 10, 15.
 * £100 each, lag 1, duration 2, drop-off 0.5, benefit discount 0:
 * cohort 0: 500 (t1) + 250 (t2); cohort 1: 1000 (t2) + 500 (t3);
 * cohort 2: 1500 (t3), its second year (t4) outside the 4-year appraisal.
 * PVB = 3750; units 5 + 2.5 + 10 + 5 + 15 = 37.5; people a year 10 (mean).
 */
Test(hand, per_year_amounts_and_counts)
{
    stitch_plan *p = load_plan("tests/data/hand/years.cfg");
    stitch_result *r = base_case(p);
    double pvc = 1500 + 2000 / 1.1 + 2000 / 1.21;
    cr_assert_float_eq(r->pvc, pvc, EPS);
    cr_assert_float_eq(r->pvb, 3750.0, EPS);
    cr_assert_float_eq(r->units[0], 37.5, EPS);
    cr_assert_float_eq(r->year_cost[1], 2000 / 1.1, EPS);
    cr_assert_float_eq(r->year_benefit[2], 250.0 + 1000.0, EPS);
    cr_assert_float_eq(r->year_benefit[3], 500.0 + 1500.0, EPS);
    cr_assert_float_eq(r->people_year[1 * 3 + 0], 5.0, EPS);
    cr_assert_float_eq(r->people_year[1 * 3 + 1], 10.0, EPS);
    cr_assert_float_eq(r->people_year[1 * 3 + 2], 15.0, EPS);
    cr_assert_float_eq(r->people[1], 10.0, EPS);
    cr_assert_float_eq(r->funder_cash[0], 5500.0, EPS);
    /* each element is an input of its own, with its year in the path */
    const char *want[] = {"costs.staff.amount[0]",    "costs.staff.amount[1]",
                          "costs.staff.amount[2]",    "costs.setup.amount",
                          "outputs.reached.count[0]", "outputs.reached.count[1]",
                          "outputs.reached.count[2]"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_assert_str_eq(p->inputs[i].path, want[i]);
    cr_assert_eq(p->n_uncertain, 2);
    cr_assert_str_eq(p->inputs[p->uncertain[0]].path, "costs.staff.amount[1]");
    cr_assert_str_eq(p->inputs[p->uncertain[1]].path, "outputs.reached.count[1]");
    stitch_result_free(r);
    stitch_plan_free(p);
}

/*
 * An existing caseload (tests/data/hand/caseload.cfg), docs/method.md
 * section 4.2. 10 new people a year for 2 years and 5 on the books (the
 * mean of a uniform from 0 to 10): the year-0 cohort is 15, the year-1
 * cohort 10. £100 a year for two years
 * with drop-off 0.2, no discounting: cohort 0 gives 1500 (t0) + 1200 (t1),
 * cohort 1 gives 1000 (t1) + 800 (t2). PVB = 4500; PVC = 2000. Over the
 * delivery years 25 people are reached (12.5 a year), so the cost per
 * outcome is 2000 / 25 = 80.
 */
Test(hand, existing_caseload)
{
    stitch_plan *p = load_plan("tests/data/hand/caseload.cfg");
    stitch_result *r = base_case(p);
    cr_assert_float_eq(r->pvb, 4500.0, EPS);
    cr_assert_float_eq(r->pvc, 2000.0, EPS);
    cr_assert_float_eq(r->year_benefit[0], 1500.0, EPS);
    cr_assert_float_eq(r->year_benefit[1], 1200.0 + 1000.0, EPS);
    cr_assert_float_eq(r->year_benefit[2], 800.0, EPS);
    cr_assert_float_eq(r->people_year[0], 15.0, EPS);
    cr_assert_float_eq(r->people_year[1], 10.0, EPS);
    cr_assert_float_eq(r->people[0], 12.5, EPS);
    cr_assert_str_eq(p->inputs[2].path, "outputs.reached.initial");
    stitch_result_free(r);
    stitch_plan_free(p);
}

/*
 * Funders and stakeholders (tests/data/hand/who.cfg), docs/method.md
 * section 4.12. 20 reached × 0.5 = 10 people a year for 2 years, no
 * discounting. Benefits: 600 × 10 × 2 = 12000 (older people), 200 × 10 × 2
 * = 4000 (carers), 100 × 10 × 2 = 2000 (not stated): PVB = 18000.
 * Costs: the fund 3000 × 2 = 6000, own funds 500 × 2 = 1000, set-up 1000
 * (not stated): PVC = 8000. The fund's ratio 18000 / 6000 = 3.
 */
Test(hand, funders_and_stakeholders_add_up)
{
    stitch_plan *p = load_plan("tests/data/hand/who.cfg");
    stitch_result *r = base_case(p);
    cr_assert_eq(p->n_funders, 3);
    cr_assert_eq(p->n_stakeholders, 3);
    long icf = index_of(p->funders, p->n_funders, "Integrated Care Fund");
    long own = index_of(p->funders, p->n_funders, "own funds");
    long nf = index_of(p->funders, p->n_funders, "not stated");
    cr_assert(icf >= 0 && own >= 0 && nf >= 0);
    cr_assert_float_eq(r->by_funder[icf], 6000.0, EPS);
    cr_assert_float_eq(r->by_funder[own], 1000.0, EPS);
    cr_assert_float_eq(r->by_funder[nf], 1000.0, EPS);
    cr_assert_float_eq(r->funder_cash[icf], 6000.0, EPS);
    long old = index_of(p->stakeholders, p->n_stakeholders, "older people");
    long car = index_of(p->stakeholders, p->n_stakeholders, "carers");
    long ns = index_of(p->stakeholders, p->n_stakeholders, "not stated");
    cr_assert(old >= 0 && car >= 0 && ns >= 0);
    cr_assert_float_eq(r->by_stakeholder[old], 12000.0, EPS);
    cr_assert_float_eq(r->by_stakeholder[car], 4000.0, EPS);
    cr_assert_float_eq(r->by_stakeholder[ns], 2000.0, EPS);
    double sb = 0, sc = 0;
    for (size_t i = 0; i < p->n_stakeholders; i++)
        sb += r->by_stakeholder[i];
    for (size_t i = 0; i < p->n_funders; i++)
        sc += r->by_funder[i];
    cr_assert_float_eq(sb, r->pvb, EPS);
    cr_assert_float_eq(sc, r->pvc, EPS);
    cr_assert_float_eq(r->pvb, 18000.0, EPS);
    cr_assert_float_eq(r->pvc, 8000.0, EPS);
    stitch_result_free(r);
    stitch_plan_free(p);
}

/* With discounting, the funders' PVs still add up to the PVC and the
 * stakeholders' to the PVB, in every shipped model. */
Test(hand, shares_add_up_in_every_model)
{
    char **files;
    size_t n = list_files("models", ".cfg", NULL, 0, &files);
    cr_assert_gt(n, 0);
    for (size_t k = 0; k < n; k++) {
        stitch_plan *p = load_plan(files[k]);
        stitch_result *r = base_case(p);
        double sb = 0, sc = 0;
        for (size_t i = 0; i < p->n_stakeholders; i++)
            sb += r->by_stakeholder[i];
        for (size_t i = 0; i < p->n_funders; i++)
            sc += r->by_funder[i];
        cr_expect(fabs(sb - r->pvb) <= 1e-9 * fmax(1, fabs(r->pvb)), "%s", files[k]);
        cr_expect(fabs(sc - r->pvc) <= 1e-9 * fmax(1, fabs(r->pvc)), "%s", files[k]);
        stitch_result_free(r);
        stitch_plan_free(p);
    }
    free_files(files, n);
}

/* ---- the block evaluator (eval_block) ------------------------------------------ */

/* eval_block gives, bit for bit, stitch_eval's figures for every iteration
 * of a block of simulated inputs, on every example model and every hand
 * model (the simulation's results depend on it being so). */
Test(eval_block, equals_stitch_eval_bit_for_bit)
{
    char **files;
    size_t n_models = list_files("models", ".cfg", NULL, 0, &files);
    char **hand;
    size_t n_hand = list_files("tests/data/hand", ".cfg", NULL, 0, &hand);
    cr_assert_gt(n_models + n_hand, 10);
    for (size_t f = 0; f < n_models + n_hand; f++) {
        const char *path = f < n_models ? files[f] : hand[f - n_models];
        stitch_plan *p = load_plan(path);
        double *cols = malloc((p->n_uncertain + 1) * STITCH_BLOCK * sizeof *cols);
        sample_scratch *z = sample_scratch_alloc(p);
        gsl_rng *rng = gsl_rng_alloc(sample_rng_type());
        sample_block(p, 7, 0, EVAL_CHUNK, SAMPLE_CORRELATED, rng, cols, z);
        double *base = malloc((p->n_inputs + 1) * sizeof *base);
        double *rows = malloc((p->n_inputs + 1) * EVAL_CHUNK * sizeof *rows);
        const double **x = malloc((p->n_inputs + 1) * sizeof *x);
        stitch_plan_base(p, base);
        for (size_t i = 0; i < p->n_inputs; i++) {
            for (size_t k = 0; k < EVAL_CHUNK; k++)
                rows[i * EVAL_CHUNK + k] = base[i];
            x[i] = rows + i * EVAL_CHUNK;
        }
        for (size_t u = 0; u < p->n_uncertain; u++)
            x[p->uncertain[u]] = cols + u * STITCH_BLOCK;
        eval_block_scratch *s = eval_block_scratch_alloc(p);
        eval_block(p, x, EVAL_CHUNK, s);
        const eval_out *o = eval_block_out(s);
        stitch_result *r = stitch_result_alloc(p);
        for (size_t k = 0; k < EVAL_CHUNK; k++) {
            for (size_t i = 0; i < p->n_inputs; i++)
                base[i] = x[i][k];
            stitch_eval(p, base, r);
            cr_assert_eq(o->pvb[k], r->pvb, "%s, iteration %zu", path, k);
            cr_assert_eq(o->pvc[k], r->pvc, "%s, iteration %zu", path, k);
            cr_assert_eq(o->payback[k], r->payback_year, "%s, iteration %zu", path, k);
            for (size_t g = 0; g < p->n_staff; g++)
                cr_assert_eq(o->hours[g * EVAL_CHUNK + k], r->hours[g]);
            for (size_t c = 0; c < p->n_capacity; c++)
                cr_assert_eq(o->capacity[c * EVAL_CHUNK + k], r->capacity[c]);
            for (size_t g = 0; g < p->n_stakeholders; g++)
                cr_assert_eq(o->stake[g * EVAL_CHUNK + k], r->by_stakeholder[g]);
            for (size_t j = 0; j < p->n_nodes; j++)
                cr_assert_eq(o->people[j * EVAL_CHUNK + k], r->people[j]);
            for (int t = 0; t < p->years; t++) {
                const double *kind = r->year_kind + 4 * t;
                cr_assert_eq(o->year_net[(size_t)t * EVAL_CHUNK + k],
                             kind[0] + kind[1] + kind[2] + kind[3] - r->year_cost_cash[t]);
            }
        }
        stitch_result_free(r);
        eval_block_scratch_free(s);
        free(base), free(rows), free(x), free(cols);
        sample_scratch_free(z);
        gsl_rng_free(rng);
        stitch_plan_free(p);
    }
    free_files(files, n_models);
    free_files(hand, n_hand);
}

/*
 * eval_oneway (docs/method.md section 5.1): moving one input works out only
 * the benefits and cost lines it enters, and adds their change to the base.
 * On every example model and hand case, every input moved to half and one
 * and a half times its base value (and 0.1 when that is 0) gives the PVB and
 * PVC of a full evaluation to 1e-12 of their size, and moving an input to
 * its own base value gives the base exactly.
 */
Test(oneway, agrees_with_a_full_evaluation)
{
    const char *models[] = {
        "models/befriending.cfg",        "models/carers-support.cfg",
        "models/falls-prevention.cfg",   "models/home-from-hospital.cfg",
        "models/social-prescribing.cfg", "tests/data/hand/a.cfg",
        "tests/data/hand/years.cfg",     "tests/data/hand/caseload.cfg",
        "tests/data/hand/who.cfg",       "tests/data/hand/kinds.cfg"};
    for (size_t m = 0; m < sizeof models / sizeof *models; m++) {
        stitch_plan *p = load_plan(models[m]);
        double *x = malloc((p->n_inputs + 1) * sizeof *x);
        stitch_result *r = stitch_result_alloc(p), *full = stitch_result_alloc(p);
        cr_assert(x && r && full);
        stitch_plan_base(p, x);
        eval_oneway *w = eval_oneway_alloc(p, x, NULL, r);
        cr_assert(w);
        double pvb0 = r->pvb, pvc0 = r->pvc;
        for (size_t i = 0; i < p->n_inputs; i++) {
            double base = x[i];
            eval_oneway_at(w, x, i, base, NULL, r);
            cr_assert(r->pvb == pvb0 && r->pvc == pvc0, "%s %s at base", models[m],
                      p->inputs[i].path);
            double to[2] = {base != 0 ? 0.5 * base : 0.1, base != 0 ? 1.5 * base : 0.2};
            for (int k = 0; k < 2; k++) {
                eval_oneway_at(w, x, i, to[k], NULL, r);
                cr_assert(x[i] == base, "x[%zu] is put back", i);
                x[i] = to[k];
                stitch_eval(p, x, full);
                x[i] = base;
                cr_assert_float_eq(r->pvb, full->pvb, 1e-12 * fmax(1, fabs(full->pvb)),
                                   "%s %s: PVB %.17g, in full %.17g", models[m],
                                   p->inputs[i].path, r->pvb, full->pvb);
                cr_assert_float_eq(r->pvc, full->pvc, 1e-12 * fmax(1, fabs(full->pvc)),
                                   "%s %s: PVC", models[m], p->inputs[i].path);
                cr_assert_float_eq(r->npv, r->pvb - r->pvc, 0);
            }
        }
        eval_oneway_free(w);
        stitch_result_free(r), stitch_result_free(full);
        free(x);
        stitch_plan_free(p);
    }
}

/*
 * eval_part (docs/method.md section 5.7): the model reduced to its uncertain
 * inputs gives the NPV of a full evaluation to 1e-12 of the PVB at points
 * where every uncertain input is moved (to its P10 or P90 in turn), and
 * moving one of them from such a point gives the NPV of the full
 * evaluation there.
 */
Test(part, agrees_with_a_full_evaluation)
{
    const char *models[] = {
        "models/befriending.cfg",        "models/falls-prevention.cfg",
        "models/home-from-hospital.cfg", "tests/data/hand/years.cfg",
        "tests/data/hand/caseload.cfg",  "tests/data/hand/ranged.cfg"};
    for (size_t m = 0; m < sizeof models / sizeof *models; m++) {
        stitch_plan *p = load_plan(models[m]);
        double *x = malloc((p->n_inputs + 1) * sizeof *x);
        stitch_result *r = stitch_result_alloc(p), *full = stitch_result_alloc(p);
        cr_assert(x && r && full);
        stitch_plan_base(p, x);
        eval_part *w = eval_part_alloc(p, x, p->uncertain, p->n_uncertain, r);
        eval_part_state *s = w ? eval_part_state_alloc(w) : NULL;
        cr_assert(w && s);
        for (size_t u = 0; u < p->n_uncertain; u++) {
            size_t i = p->uncertain[u];
            cr_assert_eq(dist_quantile(&p->inputs[i].dist, u % 2 ? 0.9 : 0.1, &x[i]), 0);
        }
        stitch_eval(p, x, full);
        double tol = 1e-12 * fmax(1, fabs(full->pvb));
        cr_assert_float_eq(eval_part_npv(w, s, x, r), full->npv, tol, "%s", models[m]);
        for (size_t u = 0; u < p->n_uncertain; u++) {
            size_t i = p->uncertain[u];
            double keep = x[i];
            cr_assert_eq(dist_quantile(&p->inputs[i].dist, 0.5, &x[i]), 0);
            stitch_eval(p, x, full);
            cr_assert_float_eq(eval_part_npv_moved(w, s, x, i, r), full->npv, tol,
                               "%s %s", models[m], p->inputs[i].path);
            x[i] = keep;
        }
        eval_part_state_free(s);
        eval_part_free(w);
        stitch_result_free(r), stitch_result_free(full);
        free(x);
        stitch_plan_free(p);
    }
}
