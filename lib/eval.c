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

/* Step 1 and 8 for cost line i: its PV, discounted with the model's
 * schedule (0); an amount given per delivery year is that year's (section
 * 4.1). With r, each year's cost and cash, and the line's PV and cash to
 * its funder (section 4.12); with pvc, each year's PV added to *pvc in
 * turn. r NULL: the PV alone (eval_oneway). */
static inline double eval_cost(const stitch_plan *p, size_t i, const double *x,
                               const double *df, stitch_result *r, double *pvc)
{
    const plan_cost *c = &p->costs[i];
    int last = c->once ? 1 : p->delivery_years;
    double line = 0, cash = 0;
    for (int t = 0; t < last; t++) {
        double a = x[c->amount + (c->per_year ? (size_t)t : 0)];
        double v = a * df_at(p, df, 0, t);
        if (r) {
            r->year_cost_cash[t] += a;
            r->year_cost[t] += v;
            *pvc += v;
        }
        line += v;
        cash += a;
    }
    if (r) {
        r->by_funder[c->funder] += line;
        r->funder_cash[c->funder] += cash;
    }
    return line;
}

static double eval_costs(const stitch_plan *p, const double *x, const double *df,
                         stitch_result *r)
{
    double pvc = 0;
    for (size_t i = 0; i < p->n_costs; i++)
        eval_cost(p, i, x, df, r, &pvc);
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

/* The people of benefit bi's node in each delivery year, in people_year
 * (rows of delivery years by node). */
static inline const double *row(const stitch_plan *p, const double *people_year,
                                size_t bi)
{
    return people_year + p->benefits[bi].node * (size_t)p->delivery_years;
}

/* Steps 4–8 for one benefit, people[y] in the cohort of delivery year y at
 * its node: returns its PV in the contribution view, and its PV after
 * attribution in *attributed. With r, also every figure it adds to; r
 * NULL: the PVs alone (eval_oneway, eval_part). */
static inline double eval_benefit(const stitch_plan *p, size_t bi, const double *x,
                                  const double *df, const double *people,
                                  stitch_result *r, double *attributed)
{
    const plan_benefit *b = &p->benefits[bi];
    double keep = 1.0 - x[b->drop_off];
    double contrib =
        (1.0 - x[b->deadweight]) * (1.0 - x[b->displacement]) * (1.0 - b->ob);
    double attr = 1.0 - x[b->attribution];
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
            if (!r)
                continue;
            r->year_benefit[t] += v * attr;
            double cash = u * price * attr;
            r->year_sched[b->sched * (size_t)p->years + (size_t)t] += cash;
            r->year_kind[4 * t + k0] += cash * share[0];
            if (b->kind == BKIND_UNIT_COST)
                r->year_kind[4 * t + STITCH_KIND_NONCASHABLE] += cash * share[1];
        }
    }
    *attributed = pv * attr;
    if (!r)
        return pv;
    r->units[bi] = units * attr;
    if (b->capacity >= 0)
        r->capacity[b->capacity] += units * attr;
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
        contribution +=
            eval_benefit(p, i, x, df, row(p, r->people_year, i), r, &r->by_benefit[i]);
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

/* ---- one input moved (the one-way tables, docs/method.md section 5.1) ---- */

/* What each input enters: input i's items are item[start[i]..start[i + 1]),
 * benefit b as b and cost line c as n_benefits + c, each once; full[i] is 1
 * for an output's or an outcome's input, which moves every step after it. */
typedef struct {
    size_t *start, *item;
    unsigned char *full;
} eval_links;

/* With count: counts each input's items into count[] and marks full;
 * without: puts each item at l->item[l->start[i]++]. */
static void links_pass(const stitch_plan *p, eval_links *l, size_t *count)
{
    size_t d = (size_t)p->delivery_years;
    for (size_t b = 0; b < p->n_benefits; b++) {
        const plan_benefit *pb = &p->benefits[b];
        size_t in[6] = {pb->quantity,   pb->price,        pb->drop_off,
                        pb->deadweight, pb->displacement, pb->attribution};
        for (int k = 0; k < 6; k++) {
            int seen = 0;
            for (int j = 0; j < k; j++)
                seen |= in[j] == in[k];
            if (seen)
                continue;
            if (count)
                count[in[k]]++;
            else
                l->item[l->start[in[k]]++] = b;
        }
    }
    for (size_t c = 0; c < p->n_costs; c++) {
        const plan_cost *pc = &p->costs[c];
        size_t years = pc->per_year ? (pc->once ? 1 : d) : 1;
        for (size_t t = 0; t < years; t++) {
            if (count)
                count[pc->amount + t]++;
            else
                l->item[l->start[pc->amount + t]++] = p->n_benefits + c;
        }
    }
    if (!count)
        return;
    for (size_t i = 0; i < p->n_nodes; i++) {
        const plan_node *n = &p->nodes[i];
        size_t years = n->parent < 0 && n->per_year ? d : 1;
        for (size_t t = 0; t < years; t++)
            l->full[n->in + t] = 1;
        if (n->initial >= 0)
            l->full[n->initial] = 1;
    }
}

static void links_free(eval_links *l)
{
    free(l->start), free(l->item), free(l->full);
}

static int links_make(const stitch_plan *p, eval_links *l)
{
    *l = (eval_links){calloc(p->n_inputs + 1, sizeof *l->start), NULL,
                      calloc(p->n_inputs + 1, 1)};
    if (!l->start || !l->full)
        return -1;
    links_pass(p, l, l->start); /* counts, then offsets */
    size_t total = 0;
    for (size_t i = 0; i <= p->n_inputs; i++) {
        size_t c = i < p->n_inputs ? l->start[i] : 0;
        l->start[i] = total;
        total += c;
    }
    if (!(l->item = malloc((total + 1) * sizeof *l->item)))
        return -1;
    links_pass(p, l, NULL); /* fills, moving each start to the next's */
    for (size_t i = p->n_inputs; i > 0; i--)
        l->start[i] = l->start[i - 1];
    l->start[0] = 0;
    return 0;
}

struct eval_oneway {
    const stitch_plan *p;
    const double *df;
    double pvb, pvc;     /* at base */
    double *benefit_pv;  /* each benefit's PV after attribution, at base */
    double *cost_pv;     /* each cost line's PV, at base */
    double *people_year; /* at base */
    eval_links l;
};

eval_oneway *eval_oneway_alloc(const stitch_plan *p, const double *x,
                               const eval_options *o, stitch_result *r)
{
    eval_oneway *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    size_t nd = p->n_nodes * (size_t)p->delivery_years;
    w->p = p;
    w->df = o && o->df ? o->df : p->df;
    w->benefit_pv = malloc((p->n_benefits + 1) * sizeof *w->benefit_pv);
    w->cost_pv = malloc((p->n_costs + 1) * sizeof *w->cost_pv);
    w->people_year = malloc((nd + 1) * sizeof *w->people_year);
    if (!w->benefit_pv || !w->cost_pv || !w->people_year || links_make(p, &w->l)) {
        eval_oneway_free(w);
        return NULL;
    }
    eval_with(p, x, o, r);
    w->pvb = r->pvb, w->pvc = r->pvc;
    memcpy(w->benefit_pv, r->by_benefit, p->n_benefits * sizeof *w->benefit_pv);
    memcpy(w->people_year, r->people_year, nd * sizeof *w->people_year);
    for (size_t c = 0; c < p->n_costs; c++)
        w->cost_pv[c] = eval_cost(p, c, x, w->df, NULL, NULL);
    return w;
}

void eval_oneway_free(eval_oneway *w)
{
    if (!w)
        return;
    free(w->benefit_pv), free(w->cost_pv), free(w->people_year);
    links_free(&w->l);
    free(w);
}

/* The change in PVB (*db) and PVC (*dc) when input i of x (all else as
 * when benefit_pv, cost_pv and people_year were worked out) moves. */
static void moved(const stitch_plan *p, const eval_links *l, const double *df,
                  const double *x, size_t i, const double *people_year,
                  const double *benefit_pv, const double *cost_pv, double *db, double *dc)
{
    double attributed;
    *db = *dc = 0;
    for (size_t k = l->start[i]; k < l->start[i + 1]; k++) {
        size_t it = l->item[k];
        if (it < p->n_benefits) {
            eval_benefit(p, it, x, df, row(p, people_year, it), NULL, &attributed);
            *db += attributed - benefit_pv[it];
        } else {
            it -= p->n_benefits;
            *dc += eval_cost(p, it, x, df, NULL, NULL) - cost_pv[it];
        }
    }
}

void eval_oneway_at(const eval_oneway *w, double *x, size_t i, double v,
                    const eval_options *o, stitch_result *r)
{
    const stitch_plan *p = w->p;
    double keep = x[i], db, dc;
    x[i] = v;
    if (w->l.full[i]) {
        eval_with(p, x, o, r);
        x[i] = keep;
        return;
    }
    moved(p, &w->l, w->df, x, i, w->people_year, w->benefit_pv, w->cost_pv, &db, &dc);
    x[i] = keep;
    /* Nothing moved: exactly the base, as a full evaluation gives. */
    r->pvb = db == 0 ? w->pvb : w->pvb + db;
    r->pvc = dc == 0 ? w->pvc : w->pvc + dc;
    r->npv = r->pvb - r->pvc;
    r->bcr = r->pvc > 0 ? r->pvb / r->pvc : NAN;
    r->roi = r->pvc > 0 ? r->npv / r->pvc : NAN;
}

/* ---- some inputs varied (the Sobol sample, docs/method.md section 5.7) ---- */

struct eval_part {
    const stitch_plan *p;
    const double *df;
    eval_links l;
    size_t *live_b, *live_c; /* benefits and cost lines that read a varied input */
    size_t n_live_b, n_live_c;
    size_t *live_node; /* nodes whose people the varied inputs move */
    size_t n_live_node;
    double *weight;      /* n_nodes x delivery_years: the other benefits' PV per person */
    double *people_year; /* at base */
    double fixed_pvb, fixed_pvc; /* what no varied input moves */
};

struct eval_part_state {
    double *pv;          /* n_benefits + n_costs: the live items' PVs at the last point */
    double *people_year; /* at the last point */
    double pvb, pvc;
};

/* PVB and PVC at x into *pvb, *pvc, through the varied inputs alone; with
 * s, the live items' PVs and the people are kept in s. r is scratch for
 * the people. */
static void part_eval(const eval_part *w, const double *x, eval_part_state *s,
                      stitch_result *r, double *pvb, double *pvc)
{
    const stitch_plan *p = w->p;
    size_t d = (size_t)p->delivery_years, nd = p->n_nodes * d;
    double c = w->fixed_pvc, b = w->fixed_pvb, attributed;
    for (size_t k = 0; k < w->n_live_c; k++) {
        double v = eval_cost(p, w->live_c[k], x, w->df, NULL, NULL);
        if (s)
            s->pv[p->n_benefits + w->live_c[k]] = v;
        c += v;
    }
    const double *people = w->people_year;
    if (w->n_live_node) {
        eval_people(p, x, r);
        people = r->people_year;
        if (s)
            memcpy(s->people_year, people, nd * sizeof *people);
    }
    for (size_t k = 0; k < w->n_live_b; k++) {
        eval_benefit(p, w->live_b[k], x, w->df, row(p, people, w->live_b[k]), NULL,
                     &attributed);
        if (s)
            s->pv[w->live_b[k]] = attributed;
        b += attributed;
    }
    for (size_t k = 0; k < w->n_live_node; k++)
        for (size_t y = 0; y < d; y++)
            b += people[w->live_node[k] * d + y] * w->weight[w->live_node[k] * d + y];
    *pvb = b, *pvc = c;
}

eval_part *eval_part_alloc(const stitch_plan *p, const double *x, const size_t *vary,
                           size_t n_vary, stitch_result *r)
{
    eval_part *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    size_t d = (size_t)p->delivery_years, nd = p->n_nodes * d;
    w->p = p;
    w->df = p->df;
    unsigned char *live = calloc(p->n_benefits + p->n_costs + p->n_nodes + 1, 1);
    unsigned char *node_live = live ? live + p->n_benefits + p->n_costs : NULL;
    double *unit = calloc(d + 1, sizeof *unit);
    w->live_b = malloc((p->n_benefits + 1) * sizeof *w->live_b);
    w->live_c = malloc((p->n_costs + 1) * sizeof *w->live_c);
    w->live_node = malloc((p->n_nodes + 1) * sizeof *w->live_node);
    w->weight = calloc(nd + 1, sizeof *w->weight);
    w->people_year = malloc((nd + 1) * sizeof *w->people_year);
    if (!live || !unit || !w->live_b || !w->live_c || !w->live_node || !w->weight ||
        !w->people_year || links_make(p, &w->l)) {
        free(live), free(unit);
        eval_part_free(w);
        return NULL;
    }
    for (size_t v = 0; v < n_vary; v++) {
        size_t i = vary[v];
        for (size_t k = w->l.start[i]; k < w->l.start[i + 1]; k++)
            live[w->l.item[k]] = 1;
    }
    /* A node's people move with its own inputs and its parent's (parents
     * come first). */
    for (size_t i = 0; i < p->n_nodes; i++) {
        const plan_node *n = &p->nodes[i];
        for (size_t v = 0; v < n_vary; v++) {
            size_t in = vary[v];
            int years = n->parent < 0 && n->per_year ? (int)d : 1;
            node_live[i] |= (in >= n->in && in < n->in + (size_t)years) ||
                            (n->initial >= 0 && in == (size_t)n->initial);
        }
        node_live[i] |= n->parent >= 0 && node_live[n->parent];
        if (node_live[i])
            w->live_node[w->n_live_node++] = i;
    }
    eval_with(p, x, NULL, r);
    memcpy(w->people_year, r->people_year, nd * sizeof *w->people_year);
    double attributed;
    for (size_t b = 0; b < p->n_benefits; b++) {
        if (live[b])
            w->live_b[w->n_live_b++] = b;
        else if (!node_live[p->benefits[b].node])
            w->fixed_pvb += r->by_benefit[b];
        else /* linear in its node's people: its PV per person of each cohort */
            for (size_t y = 0; y < d; y++) {
                unit[y] = 1;
                eval_benefit(p, b, x, w->df, unit, NULL, &attributed);
                unit[y] = 0;
                w->weight[p->benefits[b].node * d + y] += attributed;
            }
    }
    for (size_t c = 0; c < p->n_costs; c++) {
        if (live[p->n_benefits + c])
            w->live_c[w->n_live_c++] = c;
        else
            w->fixed_pvc += eval_cost(p, c, x, w->df, NULL, NULL);
    }
    free(live), free(unit);
    return w;
}

void eval_part_free(eval_part *w)
{
    if (!w)
        return;
    links_free(&w->l);
    free(w->live_b), free(w->live_c), free(w->live_node), free(w->weight);
    free(w->people_year);
    free(w);
}

eval_part_state *eval_part_state_alloc(const eval_part *w)
{
    const stitch_plan *p = w->p;
    eval_part_state *s = calloc(1, sizeof *s);
    size_t nd = p->n_nodes * (size_t)p->delivery_years;
    if (!s || !(s->pv = calloc(p->n_benefits + p->n_costs + 1, sizeof *s->pv)) ||
        !(s->people_year = malloc((nd + 1) * sizeof *s->people_year))) {
        eval_part_state_free(s);
        return NULL;
    }
    memcpy(s->people_year, w->people_year, nd * sizeof *s->people_year);
    return s;
}

void eval_part_state_free(eval_part_state *s)
{
    if (s)
        free(s->pv), free(s->people_year);
    free(s);
}

double eval_part_npv(const eval_part *w, eval_part_state *s, const double *x,
                     stitch_result *r)
{
    part_eval(w, x, s, r, &s->pvb, &s->pvc);
    return s->pvb - s->pvc;
}

double eval_part_npv_moved(const eval_part *w, const eval_part_state *s, const double *x,
                           size_t i, stitch_result *r)
{
    double pvb, pvc;
    if (w->l.full[i]) {
        part_eval(w, x, NULL, r, &pvb, &pvc);
        return pvb - pvc;
    }
    moved(w->p, &w->l, w->df, x, i, s->people_year, s->pv, s->pv + w->p->n_benefits, &pvb,
          &pvc);
    /* Nothing moved: exactly the last point's NPV. */
    pvb = pvb == 0 ? s->pvb : s->pvb + pvb;
    pvc = pvc == 0 ? s->pvc : s->pvc + pvc;
    return pvb - pvc;
}

/* ---- many evaluations at once -------------------------------------------- */

struct eval_block_scratch {
    eval_out out;
    double *year_cost, *year_cost_cash, *year_benefit, *year_kind; /* years (x 4) rows */
    double *people_year; /* n_nodes x delivery_years rows */
    double *units, *pv, *f, *keep, *attr, *cohort; /* one benefit's */
    double *all;
    short *payback;
};

eval_block_scratch *eval_block_scratch_alloc(const stitch_plan *p)
{
    eval_block_scratch *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    size_t y = (size_t)p->years, d = (size_t)p->delivery_years;
    size_t rows = 2 + p->n_staff + p->n_capacity + y + p->n_stakeholders + p->n_nodes +
                  7 * y + p->n_nodes * d + 6;
    s->all = malloc(rows * EVAL_CHUNK * sizeof *s->all);
    s->payback = malloc(EVAL_CHUNK * sizeof *s->payback);
    if (!s->all || !s->payback) {
        eval_block_scratch_free(s);
        return NULL;
    }
    double *next = s->all;
#define ROWS(k) (next += (k) * EVAL_CHUNK, next - (k) * EVAL_CHUNK)
    s->out.pvb = ROWS(1);
    s->out.pvc = ROWS(1);
    s->out.hours = ROWS(p->n_staff);
    s->out.capacity = ROWS(p->n_capacity);
    s->out.year_net = ROWS(y);
    s->out.stake = ROWS(p->n_stakeholders);
    s->out.people = ROWS(p->n_nodes);
    s->year_cost = ROWS(y);
    s->year_cost_cash = ROWS(y);
    s->year_benefit = ROWS(y);
    s->year_kind = ROWS(4 * y);
    s->people_year = ROWS(p->n_nodes * d);
    s->units = ROWS(1);
    s->pv = ROWS(1);
    s->f = ROWS(1);
    s->keep = ROWS(1);
    s->attr = ROWS(1);
    s->cohort = ROWS(1);
#undef ROWS
    s->out.payback = s->payback;
    return s;
}

void eval_block_scratch_free(eval_block_scratch *s)
{
    if (s)
        free(s->all), free(s->payback);
    free(s);
}

eval_out *eval_block_out(eval_block_scratch *s)
{
    return &s->out;
}

#define ROW(a, r) ((a) + (size_t)(r) * EVAL_CHUNK)

/* eval_costs, iterations innermost. */
static void block_costs(const stitch_plan *p, const double *const *x, size_t n,
                        eval_block_scratch *s)
{
    double *pvc = s->out.pvc;
    for (size_t k = 0; k < n; k++)
        pvc[k] = 0;
    for (size_t i = 0; i < p->n_costs; i++) {
        const plan_cost *c = &p->costs[i];
        int last = c->once ? 1 : p->delivery_years;
        for (int t = 0; t < last; t++) {
            const double *a = x[c->amount + (c->per_year ? (size_t)t : 0)];
            double df = plan_df(p, 0, t);
            double *cash = ROW(s->year_cost_cash, t), *cost = ROW(s->year_cost, t);
            for (size_t k = 0; k < n; k++) {
                double v = a[k] * df;
                cash[k] += a[k];
                cost[k] += v;
                pvc[k] += v;
            }
        }
    }
}

/* eval_people, iterations innermost. */
static void block_people(const stitch_plan *p, const double *const *x, size_t n,
                         eval_block_scratch *s)
{
    size_t d = (size_t)p->delivery_years;
    for (size_t i = 0; i < p->n_nodes; i++) {
        const plan_node *nd = &p->nodes[i];
        double *people = ROW(s->out.people, i);
        const double *v = x[nd->in];
        if (!nd->varies) {
            if (nd->parent < 0)
                for (size_t k = 0; k < n; k++)
                    people[k] = v[k];
            else {
                const double *up = ROW(s->out.people, nd->parent);
                for (size_t k = 0; k < n; k++)
                    people[k] = up[k] * v[k];
            }
            for (size_t y = 0; y < d; y++) {
                double *py = ROW(s->people_year, i * d + y);
                for (size_t k = 0; k < n; k++)
                    py[k] = people[k];
            }
            continue;
        }
        for (size_t k = 0; k < n; k++)
            people[k] = 0; /* the sum over years first */
        for (size_t y = 0; y < d; y++) {
            double *py = ROW(s->people_year, i * d + y);
            if (nd->parent >= 0) {
                const double *up = ROW(s->people_year, (size_t)nd->parent * d + y);
                for (size_t k = 0; k < n; k++)
                    py[k] = up[k] * v[k];
            } else {
                const double *c = x[nd->in + (nd->per_year ? y : 0)];
                const double *init = y == 0 && nd->initial >= 0 ? x[nd->initial] : NULL;
                for (size_t k = 0; k < n; k++)
                    py[k] = c[k] + (init ? init[k] : 0);
            }
            for (size_t k = 0; k < n; k++)
                people[k] += py[k];
        }
        for (size_t k = 0; k < n; k++)
            people[k] /= (double)d;
    }
}

/* One year t of one cohort of a benefit (the body of eval_benefit's inner
 * loop) for n iterations; s1 NaN: no non-cashable share. */
static void benefit_year(size_t n, double df, double s0, double s1,
                         const double *restrict cohort, double *restrict f,
                         const double *restrict keep, const double *restrict price,
                         const double *restrict attr, double *restrict units,
                         double *restrict pv, double *restrict yb, double *restrict yk,
                         double *restrict nc)
{
    if (isnan(s1))
        for (size_t k = 0; k < n; k++) {
            double u = cohort[k] * f[k];
            double v = u * price[k] * df;
            units[k] += u;
            pv[k] += v;
            yb[k] += v * attr[k];
            double cash = u * price[k] * attr[k];
            yk[k] += cash * s0;
            f[k] *= keep[k];
        }
    else
        for (size_t k = 0; k < n; k++) {
            double u = cohort[k] * f[k];
            double v = u * price[k] * df;
            units[k] += u;
            pv[k] += v;
            yb[k] += v * attr[k];
            double cash = u * price[k] * attr[k];
            yk[k] += cash * s0;
            nc[k] += cash * s1;
            f[k] *= keep[k];
        }
}

/* eval_benefit for benefit bi, iterations innermost: the figures the
 * simulation keeps. Per iteration the operations and their order are
 * eval_benefit's; the loops over iterations are plain enough for the
 * compiler to vectorise. */
static void block_benefit(const stitch_plan *p, size_t bi, const double *const *x, size_t n,
                          eval_block_scratch *s)
{
    const plan_benefit *b = &p->benefits[bi];
    const double *drop = x[b->drop_off], *dw = x[b->deadweight];
    const double *disp = x[b->displacement], *at = x[b->attribution];
    const double *q = x[b->quantity], *price = x[b->price];
    double share[2] = {1.0, 0.0};
    int k0 = b->kind == BKIND_ECONOMIC ? STITCH_KIND_ECONOMIC : STITCH_KIND_SOCIAL;
    if (b->kind == BKIND_UNIT_COST)
        share[0] = b->cashable, share[1] = 1.0 - b->cashable, k0 = STITCH_KIND_CASHABLE;
    double *restrict units = s->units, *restrict pv = s->pv, *restrict f = s->f;
    double *restrict keep = s->keep, *restrict attr = s->attr, *restrict cohort = s->cohort;
    double ob = 1.0 - b->ob;
    for (size_t k = 0; k < n; k++)
        units[k] = 0, pv[k] = 0, keep[k] = 1.0 - drop[k], attr[k] = 1.0 - at[k];
    for (int y = 0; y < p->delivery_years; y++) {
        const double *people =
            ROW(s->people_year, b->node * (size_t)p->delivery_years + (size_t)y);
        for (size_t k = 0; k < n; k++) {
            double contrib = (1.0 - dw[k]) * (1.0 - disp[k]) * ob;
            cohort[k] = people[k] * q[k] * contrib;
            f[k] = 1.0;
        }
        for (int j = 0; j < b->duration; j++) {
            int t = y + b->lag + j;
            if (t >= p->years)
                break;
            double df = plan_df(p, b->sched, t), s0 = share[0], s1 = share[1];
            double *restrict yb = ROW(s->year_benefit, t);
            double *restrict yk = ROW(s->year_kind, 4 * t + k0);
            double *restrict nc = ROW(s->year_kind, 4 * t + STITCH_KIND_NONCASHABLE);
            benefit_year(n, df, s0, b->kind == BKIND_UNIT_COST ? s1 : NAN, cohort, f, keep,
                         price, attr, units, pv, yb, yk, nc);
        }
    }
    double *restrict pvb = s->out.pvb, *restrict stake = ROW(s->out.stake, b->stakeholder);
    for (size_t k = 0; k < n; k++) {
        pvb[k] += pv[k] * attr[k];
        stake[k] += pv[k] * attr[k];
    }
    if (b->capacity >= 0) {
        double *restrict cap = ROW(s->out.capacity, b->capacity);
        for (size_t k = 0; k < n; k++)
            cap[k] += units[k] * attr[k];
    }
    if (b->staff >= 0) {
        double *restrict hours = ROW(s->out.hours, b->staff);
        double minutes = b->minutes;
        for (size_t k = 0; k < n; k++)
            hours[k] += units[k] * attr[k] * minutes / 60.0;
    }
}

void eval_block(const stitch_plan *p, const double *const *x, size_t n,
                eval_block_scratch *s)
{
    size_t y = (size_t)p->years;
    /* reset: every accumulated row (pvb to stake, then the yearly rows) */
    memset(s->out.pvb, 0, EVAL_CHUNK * sizeof(double));
    memset(s->out.hours, 0, p->n_staff * EVAL_CHUNK * sizeof(double));
    memset(s->out.capacity, 0, p->n_capacity * EVAL_CHUNK * sizeof(double));
    memset(s->out.stake, 0, p->n_stakeholders * EVAL_CHUNK * sizeof(double));
    memset(s->year_cost, 0, 7 * y * EVAL_CHUNK * sizeof(double));
    block_costs(p, x, n, s);
    block_people(p, x, n, s);
    for (size_t i = 0; i < p->n_benefits; i++)
        block_benefit(p, i, x, n, s);
    for (size_t k = 0; k < n; k++) { /* payback(), per iteration */
        double cb = 0, cc = 0;
        short at = -1;
        for (size_t t = 0; t < y; t++) {
            cb += ROW(s->year_benefit, t)[k];
            cc += ROW(s->year_cost, t)[k];
            if (cb >= cc) {
                at = (short)t;
                break;
            }
        }
        s->out.payback[k] = at;
    }
    for (size_t t = 0; t < y; t++) {
        const double *kind = ROW(s->year_kind, 4 * t);
        const double *cash = ROW(s->year_cost_cash, t);
        double *net = ROW(s->out.year_net, t);
        for (size_t k = 0; k < n; k++)
            net[k] = kind[k] + kind[EVAL_CHUNK + k] + kind[2 * EVAL_CHUNK + k] +
                     kind[3 * EVAL_CHUNK + k] - cash[k];
    }
}

#undef ROW

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
