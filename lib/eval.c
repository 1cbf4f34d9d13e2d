/* eval.c — stage 4: evaluate the plan at one input vector (docs/method.md section 4).
 *
 * No allocation and no string work: the Monte Carlo engine calls this once
 * per iteration. Every quantity follows the numbered steps of docs/method.md
 * sections 4.1 to 4.8. */
#include "eval.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

stitch_result *stitch_result_alloc(const stitch_plan *p)
{
    stitch_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    size_t y = (size_t)p->years;
    r->by_benefit = calloc(p->n_benefits + 1, sizeof(double));
    r->units = calloc(p->n_benefits + 1, sizeof(double));
    r->by_payer = calloc(p->n_payers + 1, sizeof(double));
    r->hours = calloc(p->n_staff + 1, sizeof(double));
    r->people = calloc(p->n_nodes + 1, sizeof(double));
    r->year_benefit = calloc(y, sizeof(double));
    r->year_cost = calloc(y, sizeof(double));
    r->year_cost_cash = calloc(y, sizeof(double));
    r->year_kind = calloc(4 * y, sizeof(double));
    r->capacity = calloc(p->n_capacity + 1, sizeof(double));
    r->year_sched = calloc(p->n_sched * y + 1, sizeof(double));
    r->people_year = calloc(p->n_nodes * (size_t)p->delivery_years + 1, sizeof(double));
    r->by_funder = calloc(p->n_funders + 1, sizeof(double));
    r->funder_cash = calloc(p->n_funders + 1, sizeof(double));
    r->by_stakeholder = calloc(p->n_stakeholders + 1, sizeof(double));
    if (!r->by_benefit || !r->units || !r->by_payer || !r->hours || !r->people ||
        !r->year_benefit || !r->year_cost || !r->year_cost_cash || !r->year_kind ||
        !r->capacity || !r->year_sched || !r->people_year || !r->by_funder ||
        !r->funder_cash || !r->by_stakeholder) {
        stitch_result_free(r);
        return NULL;
    }
    return r;
}

void stitch_result_free(stitch_result *r)
{
    if (!r)
        return;
    free(r->by_benefit), free(r->units), free(r->by_payer), free(r->hours);
    free(r->people), free(r->year_benefit), free(r->year_cost);
    free(r->year_cost_cash), free(r->year_kind), free(r->capacity), free(r->year_sched);
    free(r->people_year), free(r->by_funder), free(r->funder_cash);
    free(r->by_stakeholder);
    free(r);
}

void stitch_plan_base(const stitch_plan *p, double *x)
{
    for (size_t i = 0; i < p->n_inputs; i++)
        x[i] = dist_mean(&p->inputs[i].dist);
}

static void reset(const stitch_plan *p, stitch_result *r)
{
    size_t y = (size_t)p->years;
    memset(r->by_benefit, 0, p->n_benefits * sizeof(double));
    memset(r->units, 0, p->n_benefits * sizeof(double));
    memset(r->by_payer, 0, p->n_payers * sizeof(double));
    memset(r->hours, 0, p->n_staff * sizeof(double));
    memset(r->year_benefit, 0, y * sizeof(double));
    memset(r->year_cost, 0, y * sizeof(double));
    memset(r->kind, 0, sizeof r->kind);
    memset(r->year_cost_cash, 0, y * sizeof(double));
    memset(r->year_kind, 0, 4 * y * sizeof(double));
    memset(r->capacity, 0, p->n_capacity * sizeof(double));
    memset(r->year_sched, 0, p->n_sched * y * sizeof(double));
    memset(r->by_funder, 0, p->n_funders * sizeof(double));
    memset(r->funder_cash, 0, p->n_funders * sizeof(double));
    memset(r->by_stakeholder, 0, p->n_stakeholders * sizeof(double));
}

/* Discount factor of schedule s in year t, from the factors df (the
 * plan's, or those an evaluation is given instead). */
static inline double df_at(const stitch_plan *p, const double *df, size_t s, int t)
{
    return df[s * (size_t)p->years + (size_t)t];
}

/* Step 1 and 8: costs by year, discounted with the model's schedule (0);
 * an amount given per delivery year is that year's (section 4.1). Each
 * line's PV and cash go to its funder (section 4.12). */
static double eval_costs(const stitch_plan *p, const double *x, const double *df,
                         stitch_result *r)
{
    double pvc = 0;
    for (size_t i = 0; i < p->n_costs; i++) {
        const plan_cost *c = &p->costs[i];
        int last = c->once ? 1 : p->delivery_years;
        double line = 0, cash = 0;
        for (int t = 0; t < last; t++) {
            double a = x[c->amount + (c->per_year ? (size_t)t : 0)];
            double v = a * df_at(p, df, 0, t);
            r->year_cost_cash[t] += a;
            r->year_cost[t] += v;
            pvc += v;
            line += v;
            cash += a;
        }
        r->by_funder[c->funder] += line;
        r->funder_cash[c->funder] += cash;
    }
    return pvc;
}

/* Steps 2 and 3: people in each delivery year's cohort at each node
 * (parents first): an output's count for that year, with its existing
 * caseload joining year 0's cohort (section 4.2); `people` is the mean
 * over the delivery years (the count itself when every year is the same). */
static void eval_people(const stitch_plan *p, const double *x, stitch_result *r)
{
    size_t d = (size_t)p->delivery_years;
    for (size_t i = 0; i < p->n_nodes; i++) {
        const plan_node *n = &p->nodes[i];
        double *py = r->people_year + i * d;
        double v = x[n->in];
        if (!n->varies) {
            r->people[i] = n->parent < 0 ? v : r->people[n->parent] * v;
            for (size_t y = 0; y < d; y++)
                py[y] = r->people[i];
            continue;
        }
        double sum = 0;
        for (size_t y = 0; y < d; y++) {
            if (n->parent >= 0)
                py[y] = r->people_year[(size_t)n->parent * d + y] * v;
            else
                py[y] = x[n->in + (n->per_year ? y : 0)] +
                        (y == 0 && n->initial >= 0 ? x[n->initial] : 0);
            sum += py[y];
        }
        r->people[i] = sum / (double)d;
    }
}

/* Steps 4–8 for one benefit; returns its PV in the contribution view. */
static double eval_benefit(const stitch_plan *p, size_t bi, const double *x,
                           const double *df, stitch_result *r)
{
    const plan_benefit *b = &p->benefits[bi];
    double keep = 1.0 - x[b->drop_off];
    double contrib =
        (1.0 - x[b->deadweight]) * (1.0 - x[b->displacement]) * (1.0 - b->ob);
    double attr = 1.0 - x[b->attribution];
    const double *people = r->people_year + b->node * (size_t)p->delivery_years;
    double price = x[b->price];
    double units = 0, pv = 0;
    /* Section 4.12: the undiscounted attributed value of each year, split by
     * kind as in section 4.6. */
    double share[2] = {1.0, 0.0};
    int k0 = b->kind == BKIND_ECONOMIC ? STITCH_KIND_ECONOMIC : STITCH_KIND_SOCIAL;
    if (b->kind == BKIND_UNIT_COST)
        share[0] = b->cashable, share[1] = 1.0 - b->cashable, k0 = STITCH_KIND_CASHABLE;
    for (int y = 0; y < p->delivery_years; y++) {
        double per_cohort = people[y] * x[b->quantity] * contrib; /* units, j = 0 */
        double f = 1.0;
        for (int j = 0; j < b->duration; j++, f *= keep) {
            int t = y + b->lag + j;
            if (t >= p->years)
                break;
            double u = per_cohort * f;
            double v = u * price * df_at(p, df, b->sched, t);
            units += u;
            pv += v;
            r->year_benefit[t] += v * attr;
            double cash = u * price * attr;
            r->year_sched[b->sched * (size_t)p->years + (size_t)t] += cash;
            r->year_kind[4 * t + k0] += cash * share[0];
            if (b->kind == BKIND_UNIT_COST)
                r->year_kind[4 * t + STITCH_KIND_NONCASHABLE] += cash * share[1];
        }
    }
    r->units[bi] = units * attr;
    if (b->capacity >= 0)
        r->capacity[b->capacity] += units * attr;
    r->by_benefit[bi] = pv * attr;
    r->by_payer[b->payer] += pv * attr;
    r->by_stakeholder[b->stakeholder] += pv * attr;
    if (b->staff >= 0)
        r->hours[b->staff] += units * attr * b->minutes / 60.0;
    if (b->kind == BKIND_UNIT_COST) {
        r->kind[STITCH_KIND_CASHABLE] += pv * attr * b->cashable;
        r->kind[STITCH_KIND_NONCASHABLE] += pv * attr * (1.0 - b->cashable);
    } else {
        r->kind[b->kind == BKIND_ECONOMIC ? STITCH_KIND_ECONOMIC : STITCH_KIND_SOCIAL] +=
            pv * attr;
    }
    return pv;
}

/* First year whose discounted cumulative benefit covers the cumulative cost.
 * Without costs that is year 0 as long as the benefits so far are not
 * negative: a project that costs nothing has nothing to pay back. */
static int payback(const stitch_plan *p, const stitch_result *r)
{
    double cb = 0, cc = 0;
    for (int t = 0; t < p->years; t++) {
        cb += r->year_benefit[t];
        cc += r->year_cost[t];
        if (cb >= cc)
            return t;
    }
    return -1;
}

void stitch_eval(const stitch_plan *p, const double *x, stitch_result *r)
{
    eval_with(p, x, NULL, r);
}

void eval_with(const stitch_plan *p, const double *x, const eval_options *o,
               stitch_result *r)
{
    const double *df = o && o->df ? o->df : p->df;
    reset(p, r);
    r->pvc = eval_costs(p, x, df, r);
    eval_people(p, x, r);
    double pvb = 0, contribution = 0;
    for (size_t i = 0; i < p->n_benefits; i++) {
        contribution += eval_benefit(p, i, x, df, r);
        pvb += r->by_benefit[i];
    }
    r->pvb = pvb;
    r->npv = pvb - r->pvc;
    r->bcr = r->pvc > 0 ? pvb / r->pvc : NAN;
    r->roi = r->pvc > 0 ? r->npv / r->pvc : NAN;
    r->payback_year = payback(p, r);
    r->contribution_pvb = contribution;
    r->contribution_npv = contribution - r->pvc;
    r->contribution_bcr = r->pvc > 0 ? contribution / r->pvc : NAN;
    /* With no costs any share of the change leaves the NPV at 0 or above. */
    r->break_even_attribution = contribution > r->pvc ? 1.0 - r->pvc / contribution
                                : r->pvc == 0 && contribution >= 0 ? 1.0
                                                                   : NAN;
}

stitch_status stitch_result_check(const stitch_plan *p, const stitch_result *r,
                                  stitch_diag *err)
{
    for (size_t i = 0; i < p->n_benefits; i++)
        if (!isfinite(r->by_benefit[i]) || !isfinite(r->units[i])) {
            char path[300];
            snprintf(path, sizeof path, "benefits.%s", p->benefits[i].id);
            return diag_set(
                err, STITCH_EINPUT, p->model_file, 0, path,
                "its value is too large to add up (overflow): check its "
                "numbers, and those of the outputs and outcomes above it, for "
                "a typo such as extra zeros");
        }
    if (!isfinite(r->pvb) || !isfinite(r->pvc) || !isfinite(r->npv))
        return diag_set(err, STITCH_EINPUT, p->model_file, 0, "costs",
                        "the totals are too large to add up (overflow): check the costs "
                        "and benefits for a typo such as extra zeros");
    return STITCH_OK;
}
