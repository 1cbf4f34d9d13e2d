/* test_cashflow.c — the costs, the cash flow year by year and capacity
 * freed in the JSON report (docs/method.md sections 4.1, 4.12 and 4.13):
 * the years add up to the present values, for every example model and for
 * a model with a benefit at its own discount rate worked out by hand. */
#include "harness.h"
#include "plan.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static cJSON *run_json(const char *model)
{
    const char *args[] = {"run", model, "--format", "json", "--iterations", "500", NULL};
    char *out, *err;
    cr_assert_eq(run_stitch(src_path(""), args, &out, &err), 0, "%s: %s", model, err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "%s: the JSON does not parse", model);
    free(out), free(err);
    return j;
}

static const cJSON *at(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    cr_assert_not_null(v, "no member %s", key);
    return v;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = at(o, key);
    cr_assert(cJSON_IsNumber(v), "%s is not a number", key);
    return v->valuedouble;
}

/* Equal but for the order of a sum: 1e-9 of the larger, or of £1. */
static int same(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1, fmax(fabs(a), fabs(b)));
}
#define SAME(a, b, ...) cr_expect(same((a), (b)), __VA_ARGS__)

/* What every model's JSON must satisfy, checked against its plan. */
static void check_model(const char *model)
{
    stitch_plan *p = load_plan(model);
    cJSON *j = run_json(model);
    const cJSON *base = at(j, "base"), *cf = at(base, "cash_flow");
    cr_assert(cJSON_IsArray(cf));
    cr_assert_eq(cJSON_GetArraySize(cf), p->years, "%s", model);
    double dc = 0, db = 0, cum = 0, cash = 0;
    int year = 0;
    for (const cJSON *y = cf->child; y; y = y->next, year++) {
        cr_expect_eq(num(y, "year"), year);
        const cJSON *k = at(y, "benefits_by_kind");
        double kinds = num(k, "cashable") + num(k, "non_cashable") + num(k, "economic") +
                       num(k, "social");
        SAME(num(y, "benefits"), kinds, "%s year %d: benefits", model, year);
        SAME(num(y, "net"), num(y, "benefits") - num(y, "costs"), "%s year %d", model, year);
        SAME(num(y, "discounted_net"), num(y, "discounted_benefits") -
             num(y, "discounted_costs"), "%s year %d", model, year);
        SAME(num(y, "discounted_costs"), num(y, "costs") * num(y, "discount_factor"),
             "%s year %d: costs use the model's discount", model, year);
        dc += num(y, "discounted_costs"), db += num(y, "discounted_benefits");
        cum += num(y, "discounted_net");
        cash += num(y, "costs");
        SAME(num(y, "cumulative"), cum, "%s year %d: cumulative", model, year);
        cr_expect_leq(num(y, "net_p5"), num(y, "net_p95"), "%s year %d", model, year);
    }
    SAME(dc, num(base, "pvc"), "%s: discounted costs %.17g, PVC %.17g", model, dc,
         num(base, "pvc"));
    SAME(db, num(base, "pvb"), "%s: discounted benefits %.17g, PVB %.17g", model, db,
         num(base, "pvb"));
    SAME(cum, num(base, "npv"), "%s: the last cumulative is the NPV", model);

    /* the costs: each line's total, the ask by year and in all */
    const cJSON *costs = at(base, "costs");
    double lines = 0;
    for (const cJSON *c = at(costs, "lines")->child; c; c = c->next)
        lines += num(c, "total");
    cr_expect_eq(cJSON_GetArraySize(at(costs, "lines")), (int)p->n_costs);
    SAME(lines, cash, "%s: the cost lines add up to the cash ask", model);
    SAME(num(costs, "total_undiscounted"), cash, "%s: the cash ask", model);
    cr_expect_eq(num(costs, "pvc"), num(base, "pvc"));

    /* capacity: each unit's units are the sum of its benefits' units */
    const cJSON *cap = at(base, "capacity"), *units = at(base, "units");
    cr_expect_eq(cJSON_GetArraySize(cap), (int)p->n_capacity, "%s", model);
    for (size_t u = 0; u < p->n_capacity; u++) {
        double sum = 0;
        for (size_t b = 0; b < p->n_benefits; b++)
            if (p->benefits[b].capacity == (long)u)
                sum += num(units, p->benefits[b].id);
        const cJSON *c = at(cap, p->capacity_units[u]);
        SAME(num(c, "units"), sum, "%s: capacity %s", model, p->capacity_units[u]);
        cr_expect(strlen(at(c, "services")->valuestring) > 0);
        char key[300];
        snprintf(key, sizeof key, "capacity.%s", p->capacity_units[u]);
        const cJSON *s = at(at(j, "summary"), key);
        cr_expect_leq(num(s, "p5"), num(s, "p95"));
    }
    cJSON_Delete(j);
    stitch_plan_free(p);
}

Test(cash_flow, every_example_adds_up, .timeout = 120)
{
    char **models;
    size_t n = list_files("models", ".cfg", NULL, 0, &models);
    cr_assert_geq(n, 5);
    for (size_t i = 0; i < n; i++)
        check_model(models[i]);
    free_files(models, n);
    check_model("tests/data/hand/d.cfg");
}

/* Hand case D (worked in tests/test_eval.c): a fixed model, so the
 * simulation's P5 and P95 of each year's net are the base case's. */
Test(cash_flow, hand_case_d_in_the_json)
{
    cJSON *j = run_json("tests/data/hand/d.cfg");
    const cJSON *base = at(j, "base"), *cf = at(base, "cash_flow");
    const double costs[] = {1500, 1000, 0}, benefits[] = {2250, 4250, 2000};
    const double df[] = {1, 1 / 1.1, 1 / 1.21};
    const double dben[] = {2250, 3200 + 250 / 1.1, 1280};
    int t = 0;
    for (const cJSON *y = cf->child; y; y = y->next, t++) {
        SAME(num(y, "costs"), costs[t], "year %d", t);
        SAME(num(y, "benefits"), benefits[t], "year %d", t);
        SAME(num(y, "net"), benefits[t] - costs[t], "year %d", t);
        SAME(num(y, "discount_factor"), df[t], "year %d", t);
        SAME(num(y, "discounted_benefits"), dben[t], "year %d", t);
        SAME(num(y, "net_p5"), benefits[t] - costs[t], "year %d", t);
        SAME(num(y, "net_p95"), benefits[t] - costs[t], "year %d", t);
    }
    const cJSON *line = at(at(base, "costs"), "lines")->child;
    cr_expect_str_eq(at(line, "text")->valuestring, "A worker");
    cr_expect_str_eq(at(line, "per")->valuestring, "year");
    cr_expect_str_eq(at(line, "evidence")->valuestring, "Test figure.");
    SAME(num(line, "amount"), 1000, "amount");
    SAME(num(line, "total"), 2000, "total");
    cr_expect(cJSON_IsNull(at(line->next, "evidence")));
    cr_expect_str_eq(at(line->next, "per")->valuestring, "once");
    SAME(num(at(base, "costs"), "total_undiscounted"), 2500, "cash ask");
    const cJSON *gp = at(at(base, "capacity"), "consultation");
    SAME(num(gp, "units"), 10, "consultations");
    cr_expect_str_eq(at(gp, "services")->valuestring, "Test GP consultation");
    cr_expect_str_eq(at(at(j, "sentences"), "cash_ask")->valuestring,
                     "The project costs £2,500 in cash (undiscounted): year 0 £1,500, "
                     "year 1 £1,000; £2,409 in present value.");
    cJSON_Delete(j);
}
