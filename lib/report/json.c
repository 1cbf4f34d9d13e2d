/* json.c — the business case, its simulation and its sensitivity as one
 * JSON object (docs/method.md section 6). */
#include "model.h"
#include "results.h"
#include "sensitivity.h"
#include "text.h"
#include "writer.h"

#include <math.h>
#include <string.h>

static void meta(json_writer *w, const stitch_plan *p, const stitch_mc_result *mc,
                 const stitch_sensitivity *sens)
{
    /* Random numbers are drawn by the simulation, and by the Sobol sample. */
    int drawn = mc || (sens && sens->sobol_status >= 0);
    unsigned long seed = mc ? mc->seed : sens ? sens->seed : p->seed;
    json_open(w, "meta", '{');
    json_str(w, "version", stitch_version());
    json_int(w, "seed", (long)seed);
    json_int(w, "iterations", mc ? mc->iterations : 0);
    json_str(w, "rng", drawn ? results_rng_name(mc) : "none (base case only)");
    json_str(w, "price_year", p->price_year);
    json_str(w, "model", p->model_file);
    if (mc && mc->precision > 0) {
        json_open(w, "precision", '{');
        json_num(w, "target", mc->precision);
        json_int(w, "met", mc->precision_met);
        json_close(w, '}');
    }
    json_open(w, "unit_cost_tables", '[');
    for (size_t i = 0; i < p->n_tables; i++) {
        json_open(w, NULL, '{');
        json_str(w, "file", p->tables[i]);
        json_open(w, "price_years", '[');
        for (const char *y = p->table_years[i]; *y; y += *y ? 2 : 0) {
            char year[8];
            snprintf(year, sizeof year, "%.7s", y);
            json_str(w, NULL, year);
            y += strlen(year);
        }
        json_close(w, ']');
        json_close(w, '}');
    }
    json_close(w, ']');
    json_close(w, '}');
}

static void model_info(json_writer *w, const stitch_plan *p, const stitch_result *r)
{
    json_open(w, "model", '{');
    json_str(w, "name", p->name);
    json_str(w, "organisation", p->organisation);
    json_int(w, "years", p->years);
    json_int(w, "delivery_years", p->delivery_years);
    json_str(w, "discount", p->sched_names[0]);
    json_num(w, "need_population", dist_mean(&p->population));
    json_open(w, "people_per_year", '{');
    for (size_t k = 0; k < p->n_nodes; k++)
        json_num(w, p->nodes[k].id, r->people[k]);
    json_close(w, '}');
    /* each delivery year's cohort (docs/method.md sections 4.1 and 4.2) */
    json_open(w, "people_by_delivery_year", '{');
    for (size_t k = 0; k < p->n_nodes; k++) {
        json_open(w, p->nodes[k].id, '[');
        for (int y = 0; y < p->delivery_years; y++)
            json_num(w, NULL, r->people_year[k * (size_t)p->delivery_years + (size_t)y]);
        json_close(w, ']');
    }
    json_close(w, '}');
    json_open(w, "correlations", '[');
    for (size_t k = 0; k < p->n_corr_pairs; k++) {
        json_open(w, NULL, '{');
        json_str(w, "a", p->inputs[p->corr_pairs[k].a].path);
        json_str(w, "b", p->inputs[p->corr_pairs[k].b].path);
        json_num(w, "rho", p->corr_pairs[k].rho);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_close(w, '}');
}

static void base_breakdowns(json_writer *w, const results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_result *r = d->r;
    json_open(w, "time_hours", '{');
    for (size_t s = 0; s < p->n_staff; s++)
        json_num(w, p->staff[s], r->hours[s]);
    json_close(w, '}');
    json_open(w, "time_fte", '{'); /* groups whose working hours the table gives */
    for (size_t s = 0; s < p->n_staff; s++)
        if (!isnan(p->staff_fte_hours[s]))
            json_num(w, p->staff[s], r->hours[s] / p->staff_fte_hours[s]);
    json_close(w, '}');
    json_open(w, "units", '{');
    for (size_t i = 0; i < p->n_benefits; i++)
        json_num(w, p->benefits[i].id, r->units[i]);
    json_close(w, '}');
    json_open(w, "by_benefit", '{');
    for (size_t i = 0; i < p->n_benefits; i++)
        json_num(w, p->benefits[i].id, r->by_benefit[i]);
    json_close(w, '}');
    json_open(w, "by_payer", '{');
    for (size_t i = 0; i < p->n_payers; i++)
        json_num(w, p->payers[i], r->by_payer[i]);
    json_close(w, '}');
    json_open(w, "by_kind", '{');
    json_num(w, "cashable", r->kind[STITCH_KIND_CASHABLE]);
    json_num(w, "non_cashable", r->kind[STITCH_KIND_NONCASHABLE]);
    json_num(w, "economic", r->kind[STITCH_KIND_ECONOMIC]);
    json_num(w, "social", r->kind[STITCH_KIND_SOCIAL]);
    json_close(w, '}');
    json_open(w, "cost_per_outcome", '{');
    for (size_t k = 0; k < p->n_nodes; k++)
        if (p->nodes[k].parent >= 0)
            json_num(w, p->nodes[k].id, d->cost_per_outcome[k].value);
    json_close(w, '}');
}

/* The cash flow, capacity freed and the costs (docs/method.md sections
 * 4.1, 4.12 and 4.13). */
static void base_cash(json_writer *w, const results_doc *d)
{
    const stitch_plan *p = d->p;
    static const char *const kinds[] = {"cashable", "non_cashable", "economic", "social"};
    json_open(w, "cash_flow", '[');
    for (int t = 0; t < p->years; t++) {
        const results_year *y = &d->cash_flow[t];
        json_open(w, NULL, '{');
        json_int(w, "year", y->year);
        json_num(w, "costs", y->costs.value);
        json_num(w, "benefits", y->benefits.value);
        json_open(w, "benefits_by_kind", '{');
        for (int k = 0; k < 4; k++)
            json_num(w, kinds[k], y->kind[k].value);
        json_close(w, '}');
        json_num(w, "net", y->net.value);
        json_num(w, "discount_factor", y->discount_factor.value);
        json_num(w, "discounted_costs", y->discounted_costs.value);
        json_num(w, "discounted_benefits", y->discounted_benefits.value);
        json_num(w, "discounted_net", y->discounted_net.value);
        json_num(w, "cumulative", y->cumulative.value);
        json_num(w, "net_p5", y->net_p5.value);
        json_num(w, "net_p95", y->net_p95.value);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_open(w, "capacity", '{');
    for (size_t u = 0; u < d->n_capacity; u++) {
        const results_capacity *c = &d->capacity[u];
        json_open(w, c->unit, '{');
        json_num(w, "units", c->units.value);
        if (c->all_year_noun)
            json_num(w, "all_year", c->all_year.value);
        json_str(w, "services", c->services);
        json_close(w, '}');
    }
    json_close(w, '}');
    json_open(w, "costs", '{');
    json_open(w, "lines", '[');
    for (size_t i = 0; i < d->n_costs; i++) {
        const results_cost *c = &d->costs[i];
        json_open(w, NULL, '{');
        json_str(w, "id", c->id);
        json_str(w, "text", c->text);
        json_str(w, "per", c->once ? "once" : "year");
        json_num(w, "amount", c->amount.value);
        json_num(w, "p5", c->low.value);
        json_num(w, "p95", c->high.value);
        json_num(w, "total", c->total.value);
        json_str(w, "evidence", c->evidence);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_open(w, "by_year", '[');
    for (int t = 0; t < p->years; t++)
        json_num(w, NULL, d->cash_flow[t].costs.value);
    json_close(w, ']');
    json_num(w, "total_undiscounted", d->cash_ask_total.value);
    json_num(w, "pvc", d->headline[RESULTS_PVC].base.value);
    json_close(w, '}');
}

/* Who pays and who gains (docs/method.md section 4.12). */
static void base_who(json_writer *w, const results_doc *d)
{
    json_open(w, "by_funder", '{');
    for (size_t i = 0; i < d->n_funders; i++) {
        const results_funder *f = &d->funders[i];
        json_open(w, f->name, '{');
        json_num(w, "cost", f->cost.value);
        json_num(w, "cash", f->cash.value);
        json_num(w, "bcr", f->bcr.value);
        json_close(w, '}');
    }
    json_close(w, '}');
    json_open(w, "by_stakeholder", '{');
    for (size_t i = 0; i < d->n_stakeholders; i++)
        json_num(w, d->stakeholders[i].name, d->stakeholders[i].value.value);
    json_close(w, '}');
}

/* base.national_outcomes: keyed "1" to "9", of one model or summed over a
 * portfolio's projects (docs/method.md section 13). */
static void national_members(json_writer *w, const results_national *rows)
{
    json_open(w, "national_outcomes", '{');
    for (int k = 0; k < RESULTS_NATIONAL; k++) {
        const results_national *m = &rows[k];
        char key[4];
        snprintf(key, sizeof key, "%d", m->number);
        json_open(w, key, '{');
        json_str(w, "title", m->title);
        json_num(w, "people", m->people.value);
        json_num(w, "value", m->value.value);
        json_int(w, "outcomes_tagged", m->tagged);
        json_close(w, '}');
    }
    json_close(w, '}');
}

/* The outcomes, priced or not, and the National Health and Wellbeing
 * Outcomes (docs/method.md section 13). */
static void base_outcomes(json_writer *w, const results_doc *d)
{
    json_open(w, "outcomes", '[');
    for (size_t j = 0; j < d->n_outcome_map; j++) {
        const results_outcome *o = &d->outcome_map[j];
        if (o->output)
            continue;
        json_open(w, NULL, '{');
        json_str(w, "id", o->id);
        json_str(w, "text", o->text);
        json_num(w, "people_per_year", o->per_year.value);
        json_num(w, "people_total", o->total.value);
        json_num(w, "people_total_p5", o->total_p5.value);
        json_num(w, "people_total_p95", o->total_p95.value);
        json_str(w, "step", o->step >= 0 ? o->step_name : NULL);
        json_open(w, "national_outcomes", '[');
        for (int k = 1; k <= RESULTS_NATIONAL; k++)
            if (o->national & (1u << k))
                json_int(w, NULL, k);
        json_close(w, ']');
        json_str(w, "confidence", o->confidence >= 0 ? o->confidence_name : NULL);
        json_str(w, "progress", o->progress >= 0 ? o->progress_name : NULL);
        json_str(w, "measure", o->measure);
        json_bool(w, "priced", o->priced);
        json_num(w, "value", o->value.value);
        json_close(w, '}');
    }
    json_close(w, ']');
    national_members(w, d->national);
}

static void base(json_writer *w, const results_doc *d)
{
    const stitch_result *r = d->r;
    json_open(w, "base", '{');
    json_num(w, "pvb", d->headline[RESULTS_PVB].base.value);
    json_num(w, "pvc", d->headline[RESULTS_PVC].base.value);
    json_num(w, "bcr", d->headline[RESULTS_BCR].base.value);
    json_num(w, "npv", d->headline[RESULTS_NPV].base.value);
    json_num(w, "roi", d->roi.value);
    if (r->payback_year >= 0)
        json_int(w, "payback_year", r->payback_year);
    else
        json_null(w, "payback_year");
    json_num(w, "break_even_attribution", d->break_even_attribution.value);
    json_open(w, "contribution", '{');
    json_num(w, "pvb", d->contribution_pvb.value);
    json_num(w, "bcr", d->contribution_bcr.value);
    json_num(w, "npv", d->contribution_npv.value);
    json_close(w, '}');
    base_breakdowns(w, d);
    base_cash(w, d);
    base_who(w, d);
    base_outcomes(w, d);
    json_close(w, '}');
}

static void unit_costs(json_writer *w, const stitch_plan *p)
{
    json_open(w, "unit_costs", '[');
    for (size_t i = 0; i < p->n_unit_costs; i++) {
        const plan_unit_cost *u = &p->unit_costs[i];
        json_open(w, NULL, '{');
        json_str(w, "code", u->code);
        json_str(w, "service", u->service);
        json_str(w, "unit", u->unit);
        json_num(w, "table_cost", u->table_cost);
        json_str(w, "table_price_year", u->price_year);
        json_num(w, "uprating_factor", u->factor);
        json_num(w, "cost", dist_mean(&p->inputs[u->input].dist));
        json_str(w, "overridden", u->overridden ? "yes" : "no");
        json_str(w, "table", u->table);
        json_str(w, "source", u->source);
        json_close(w, '}');
    }
    json_close(w, ']');
}

static void summary_member(json_writer *w, const char *key, const stitch_summary *s,
                           int defined)
{
    json_open(w, key, '{');
    const char *names[] = {"mean", "sd", "mcse", "p5", "p25", "p50", "p75", "p95"};
    const double v[] = {s->mean, s->sd, s->mcse, s->p5, s->p25, s->p50, s->p75, s->p95};
    for (size_t i = 0; i < 8; i++)
        json_num(w, names[i], defined ? v[i] : NAN);
    json_close(w, '}');
}

static void simulation(json_writer *w, const stitch_plan *p, const stitch_mc_result *mc)
{
    json_open(w, "summary", '{');
    summary_member(w, "pvb", &mc->pvb, 1);
    summary_member(w, "pvc", &mc->pvc, 1);
    summary_member(w, "bcr", &mc->bcr, mc->bcr_defined);
    summary_member(w, "npv", &mc->npv, 1);
    summary_member(w, "roi", &mc->roi, mc->bcr_defined);
    for (size_t g = 0; g < p->n_staff; g++) {
        char key[300];
        snprintf(key, sizeof key, "time_hours.%s", p->staff[g]);
        summary_member(w, key, &mc->hours[g], 1);
    }
    for (size_t c = 0; c < p->n_capacity; c++) {
        char key[300];
        snprintf(key, sizeof key, "capacity.%s", p->capacity_units[c]);
        summary_member(w, key, &mc->capacity[c], 1);
    }
    for (size_t g = 0; g < p->n_stakeholders; g++) {
        char key[300];
        snprintf(key, sizeof key, "by_stakeholder.%s", p->stakeholders[g]);
        summary_member(w, key, &mc->by_stakeholder[g], 1);
    }
    json_close(w, '}');
    json_int(w, "cash_flow_simulations", mc->net_iterations);
    json_num(w, "p_bcr_ge_1", mc->p_bcr_ge_1);
    json_num(w, "p_bcr_ge_1_mcse", mc->p_bcr_ge_1_mcse);
    json_num(w, "p_npv_gt_0", mc->p_npv_gt_0);
    json_int(w, "simulations_without_bcr", mc->no_bcr);
    json_open(w, "payback_by_year", '[');
    for (int t = 0; t < p->years; t++)
        json_num(w, NULL, mc->payback_by[t]);
    json_close(w, ']');
    json_open(w, "mean_cost_per_outcome", '{');
    for (size_t k = 0; k < p->n_nodes; k++)
        if (p->nodes[k].parent >= 0)
            json_num(w, p->nodes[k].id, mc->cost_per_outcome[k]);
    json_close(w, '}');
    json_open(w, "simulations_without_outcome", '{'); /* left out of the means */
    for (size_t k = 0; k < p->n_nodes; k++)
        if (p->nodes[k].parent >= 0)
            json_int(w, p->nodes[k].id, mc->no_outcome[k]);
    json_close(w, '}');
}

/* ---- the sensitivity tables (docs/method.md section 5) ------------------------------- */

static const char *path_of(const stitch_plan *p, size_t i)
{
    return p->inputs[i].path;
}

static void sensitivity(json_writer *w, const stitch_plan *p,
                        const stitch_sensitivity *s)
{
    json_open(w, "tornado", '[');
    for (size_t k = 0; k < s->n_tornado; k++) {
        const sens_tornado *t = &s->tornado[k];
        json_open(w, NULL, '{');
        json_str(w, "path", path_of(p, t->input));
        json_str(w, "range", t->adjustment ? "half to 1.5x" : "P10-P90");
        json_num(w, "low", t->low);
        json_num(w, "high", t->high);
        json_num(w, "bcr_low", t->bcr_low);
        json_num(w, "bcr_high", t->bcr_high);
        json_num(w, "npv_low", t->npv_low);
        json_num(w, "npv_high", t->npv_high);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_open(w, "switching", '[');
    for (size_t k = 0; k < s->n_switching; k++) {
        const sens_switch *x = &s->switching[k];
        json_open(w, NULL, '{');
        json_str(w, "path", path_of(p, x->input));
        json_num(w, "base", x->base);
        json_num(w, "value", x->value);
        json_num(w, "p5", x->p5);
        json_num(w, "p95", x->p95);
        json_bool(w, "in_range", x->in_range);
        json_bool(w, "fixed", x->fixed);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_open(w, "scenarios", '[');
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const sens_scenario *c = &s->scenarios[k];
        json_open(w, NULL, '{');
        json_str(w, "name", c->name);
        json_num(w, "pvb", c->pvb);
        json_num(w, "pvc", c->pvc);
        json_num(w, "npv", c->npv);
        json_num(w, "bcr", c->bcr);
        if (c->payback_year < 0)
            json_null(w, "payback_year");
        else
            json_int(w, "payback_year", c->payback_year);
        json_close(w, '}');
    }
    json_close(w, ']');
    if (s->grid_a >= 0) {
        json_open(w, "grid", '{');
        json_str(w, "a", path_of(p, (size_t)s->grid_a));
        json_str(w, "b", path_of(p, (size_t)s->grid_b));
        json_open(w, "a_values", '[');
        for (size_t i = 0; i < s->grid_n; i++)
            json_num(w, NULL, s->grid_av[i]);
        json_close(w, ']');
        json_open(w, "b_values", '[');
        for (size_t i = 0; i < s->grid_n; i++)
            json_num(w, NULL, s->grid_bv[i]);
        json_close(w, ']');
        const char *names[2] = {"bcr", "npv"};
        const double *vals[2] = {s->grid_bcr, s->grid_npv};
        for (int m = 0; m < 2; m++) {
            json_open(w, names[m], '[');
            for (size_t i = 0; i < s->grid_n; i++) {
                json_open(w, NULL, '[');
                for (size_t j = 0; j < s->grid_n; j++)
                    json_num(w, NULL, vals[m][i * s->grid_n + j]);
                json_close(w, ']');
            }
            json_close(w, ']');
        }
        json_close(w, '}');
    } else
        json_null(w, "grid");
    json_open(w, "horizon", '[');
    for (int t = 0; t < p->years; t++) {
        json_open(w, NULL, '{');
        json_int(w, "years", t + 1);
        json_num(w, "bcr", s->horizon_bcr[t]);
        json_num(w, "npv", s->horizon_npv[t]);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_open(w, "discount", '[');
    for (size_t k = 0; k < s->n_discount; k++) {
        json_open(w, NULL, '{');
        if (isnan(s->discount[k].rate))
            json_str(w, "rate", p->sched_names[0]);
        else
            json_num(w, "rate", s->discount[k].rate);
        json_num(w, "bcr", s->discount[k].bcr);
        json_num(w, "npv", s->discount[k].npv);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_open(w, "attribution", '{');
    json_num(w, "break_even", s->break_even_attribution);
    json_open(w, "by_benefit", '[');
    for (size_t i = 0; i < p->n_benefits; i++) {
        const sens_benefit *b = &s->benefits[i];
        json_open(w, NULL, '{');
        json_str(w, "id", p->benefits[i].id);
        json_num(w, "contribution_pv", b->contribution);
        json_num(w, "attribution", b->attribution);
        json_num(w, "attributed_pv", b->attributed);
        json_num(w, "break_even_alone", b->break_even_alone);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_close(w, '}');
    json_open(w, "sobol", '[');
    for (size_t i = 0; s->sobol_status >= 0 && i < s->n_sobol; i++) {
        const sobol_index *x = &s->sobol[i];
        json_open(w, NULL, '{');
        json_str(w, "path", path_of(p, p->uncertain[i]));
        json_num(w, "s1", x->s1);
        json_open(w, "s1_ci", '[');
        json_num(w, NULL, x->s1_lo);
        json_num(w, NULL, x->s1_hi);
        json_close(w, ']');
        json_num(w, "st", x->st);
        json_open(w, "st_ci", '[');
        json_num(w, NULL, x->st_lo);
        json_num(w, NULL, x->st_hi);
        json_close(w, ']');
        json_close(w, '}');
    }
    json_close(w, ']');
    json_open(w, "sobol_meta", '{');
    json_int(w, "samples", s->sobol_status == -2 ? 0 : s->sobol_samples);
    json_str(w, "status",
             s->sobol_status == 0             ? "ok"
             : s->sobol_status == SOBOL_NOVAR ? "no variance"
             : s->sobol_status == -1          ? "no uncertain inputs"
                                              : "not computed");
    json_close(w, '}');
}

/* The document's sentences, as every other report words them. */
static void sentences(json_writer *w, const results_doc *d)
{
    json_open(w, "sentences", '{');
    json_str(w, "range", d->range[0] ? d->range : NULL);
    json_str(w, "simulations_without_bcr", d->no_bcr[0] ? d->no_bcr : NULL);
    json_str(w, "precision", d->precision[0] ? d->precision : NULL);
    json_str(w, "break_even", d->break_even);
    json_open(w, "time_freed", '[');
    for (size_t g = 0; g < d->n_time; g++) {
        const results_time *t = &d->time[g];
        json_open(w, NULL, '{');
        json_str(w, "group", t->group);
        json_str(w, "line", t->line);
        json_str(w, "units", t->units);
        json_str(w, "fte", t->fte[0] ? t->fte : NULL);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_str(w, "cash_ask", d->cash_ask_line);
    json_str(w, "cash_flow", d->cash_flow_note);
    json_str(w, "capacity", d->capacity_line[0] ? d->capacity_line : NULL);
    json_str(w, "cost_per_outcome", d->cost_per_outcome_note);
    json_open(w, "by_funder", '{');
    for (size_t i = 0; i < d->n_funders; i++)
        json_str(w, d->funders[i].name, d->funders[i].line);
    json_close(w, '}');
    json_str(w, "funders", d->funder_note);
    json_str(w, "stakeholders", d->stakeholder_note);
    json_str(w, "cohorts", d->cohorts[0] ? d->cohorts : NULL);
    json_str(w, "outcomes", d->outcomes_intro);
    json_str(w, "national_outcomes", d->national_note);
    json_str(w, "national_outcomes_source", d->national_source);
    json_open(w, "outcome_map", '{');
    for (size_t j = 0; j < d->n_outcome_map; j++)
        json_str(w, d->outcome_map[j].id, d->outcome_map[j].line);
    json_close(w, '}');
    json_str(w, "monitoring_basis", d->monitoring_basis[0] ? d->monitoring_basis : NULL);
    json_close(w, '}');
}

static void evidence_members(json_writer *w, const results_evidence *d);

/* What the monitoring data changed (docs/method.md section 8.4): the files,
 * each updated input's data, prior and posterior, and the headline of the
 * case without the data. */
static void interval(json_writer *w, const char *key, double mean, double p5, double p95)
{
    json_open(w, key, '{');
    json_num(w, "mean", mean);
    json_num(w, "p5", p5);
    json_num(w, "p95", p95);
    json_close(w, '}');
}

static void monitoring(json_writer *w, const results_doc *d)
{
    const stitch_plan *p = d->p;
    if (!p->n_monitoring_files)
        return;
    json_open(w, "monitoring", '{');
    json_open(w, "files", '[');
    for (size_t i = 0; i < p->n_monitoring_files; i++) {
        const char *base = strrchr(p->monitoring_files[i], '/');
        json_str(w, NULL, base ? base + 1 : p->monitoring_files[i]);
    }
    json_close(w, ']');
    json_open(w, "updates", '[');
    for (size_t k = 0; k < p->n_updates; k++) {
        const plan_update *u = &p->updates[k];
        json_open(w, NULL, '{');
        json_str(w, "path", d->updates[k].path);
        json_str(w, "kind", u->rate ? "rate" : "count");
        json_num(w, "achieved", u->achieved);
        json_num(w, "of", u->of);       /* null for an output */
        json_num(w, "years", u->years); /* null for an outcome */
        json_str(w, "periods", u->periods);
        json_bool(w, "used", u->used);
        interval(w, "prior", u->prior_mean, u->prior_p5, u->prior_p95);
        interval(w, "posterior", u->mean, u->p5, u->p95);
        json_num(w, "prior_predictive_p", u->p_predictive);
        json_bool(w, "conflict", d->updates[k].conflict);
        json_str(w, "line", d->updates[k].line);
        json_close(w, '}');
    }
    json_close(w, ']');
    if (d->has_before) {
        json_open(w, "before", '{');
        json_num(w, "bcr", p->before_bcr);
        json_num(w, "npv", p->before_npv);
        json_num(w, "p_bcr_ge_1", p->before_p_bcr_ge_1);
        json_num(w, "break_even_attribution", p->before_break_even);
        json_close(w, '}');
    } else
        json_null(w, "before");
    json_str(w, "untouched", d->untouched[0] ? d->untouched : NULL);
    json_close(w, '}');
}

void report_json_run(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    json_writer w;
    json_begin(&w, o);
    json_open(&w, NULL, '{');
    meta(&w, p, d->mc, d->s);
    model_info(&w, p, d->r);
    base(&w, d);
    if (d->mc)
        simulation(&w, p, d->mc);
    if (d->s)
        sensitivity(&w, p, d->s);
    unit_costs(&w, p);
    sentences(&w, d);
    if (d->evidence) {
        json_open(&w, "evidence", '{');
        evidence_members(&w, d->evidence);
        json_close(&w, '}');
    }
    monitoring(&w, d);
    json_close(&w, '}');
}

/* ---- the value of information (docs/method.md section 11) ---------------- */

static void evppi_items(json_writer *w, const plan_input *paths, const results_evppi *r,
                        size_t n, int group)
{
    for (size_t i = 0; i < n; i++) {
        const info_target *t = r[i].t;
        json_open(w, NULL, '{');
        json_str(w, "path", t->path);
        json_str(w, "label", t->label);
        json_num(w, "value", t->evppi.value);
        json_num(w, "se", t->evppi.se);
        if (group) {
            json_open(w, "members", '[');
            for (size_t k = 0; k < t->n_members; k++)
                json_str(w, NULL, paths[t->members[k]].path);
            json_close(w, ']');
        }
        json_close(w, '}');
    }
}

/* The value of information's members, in the object open in w. */
static void evidence_members(json_writer *w, const results_evidence *d)
{
    const stitch_evidence *e = d->e;
    json_int(w, "iterations", e->iterations);
    json_int(w, "seed", (long)e->seed);
    json_num(w, "mean_npv", e->mean_npv);
    json_bool(w, "fund", e->fund);
    json_num(w, "evpi", e->evpi.value);
    json_num(w, "evpi_se", e->evpi.se);
    if (e->has_before)
        json_num(w, "evpi_before", e->evpi_before.value);
    json_num(w, "p_wrong", e->p_wrong);
    json_open(w, "evppi", '[');
    evppi_items(w, d->p->inputs, d->inputs, e->n_inputs, 0);
    evppi_items(w, d->p->inputs, d->groups, e->n_groups, 1);
    json_close(w, ']');
    json_open(w, "evsi", '[');
    for (size_t i = 0; i < e->n_studies; i++) {
        json_open(w, NULL, '{');
        json_str(w, "path", d->p->inputs[e->studies[i].input].path);
        json_int(w, "n", e->studies[i].n);
        json_num(w, "value", e->studies[i].evsi.value);
        json_num(w, "se", e->studies[i].evsi.se);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_open(w, "sentences", '{');
    json_str(w, "decision", d->decision);
    json_str(w, "wrong", d->wrong);
    json_str(w, "evpi", d->evpi);
    json_str(w, "before", d->before[0] ? d->before : NULL);
    json_str(w, "negligible", d->negligible[0] ? d->negligible : NULL);
    json_open(w, "studies", '[');
    for (size_t i = 0; i < d->n_studies; i++)
        json_str(w, NULL, d->studies[i]);
    json_close(w, ']');
    json_close(w, '}');
}

void report_json_evidence(FILE *o, const results_evidence *d)
{
    json_writer w;
    json_begin(&w, o);
    json_open(&w, NULL, '{');
    json_open(&w, "meta", '{');
    json_str(&w, "model", d->p->name);
    json_close(&w, '}');
    evidence_members(&w, d);
    json_close(&w, '}');
}

/* ---- a comparison of options (docs/method.md section 12) ------------------ */

static void range_member(json_writer *w, const char *key, const stitch_summary *s, int has)
{
    if (!has) {
        json_null(w, key);
        return;
    }
    json_open(w, key, '{');
    json_num(w, "mean", s->mean);
    json_num(w, "p5", s->p5);
    json_num(w, "p95", s->p95);
    json_close(w, '}');
}

stitch_status report_json_comparison(FILE *o, const stitch_comparison *c)
{
    json_writer w;
    json_begin(&w, o);
    json_open(&w, NULL, '{');
    json_open(&w, "meta", '{');
    json_str(&w, "version", stitch_version());
    json_int(&w, "seed", (long)c->seed);
    json_int(&w, "iterations", c->iterations);
    json_str(&w, "rng", STITCH_RNG_NAME);
    json_close(&w, '}');
    json_open(&w, "options", '[');
    for (size_t i = 0; i < c->n; i++) {
        const cmp_option *x = &c->opt[i];
        results_doc *d = results_build(x->p, x->base, x->mc, NULL);
        if (!d)
            return STITCH_ENOMEM;
        json_open(&w, NULL, '{');
        json_str(&w, "model", x->name);
        json_str(&w, "name", x->p->name);
        base(&w, d);
        simulation(&w, x->p, x->mc);
        json_close(&w, '}');
        results_free(d);
    }
    json_close(&w, ']');
    json_open(&w, "pairs", '[');
    for (size_t k = 0; k < c->n_pairs; k++) {
        const cmp_pair *q = &c->pairs[k];
        json_open(&w, NULL, '{');
        json_str(&w, "a", c->opt[q->a].name);
        json_str(&w, "b", c->opt[q->b].name);
        range_member(&w, "npv_diff", &q->npv_diff, 1);
        json_num(&w, "p_a_better", q->p_a_better);
        json_num(&w, "incremental_bcr_base", q->ibcr_base);
        range_member(&w, "incremental_bcr", &q->ibcr, q->ibcr_runs > 0);
        json_close(&w, '}');
    }
    json_close(&w, ']');
    json_open(&w, "p_best", '[');
    for (size_t i = 0; i < c->n; i++)
        json_num(&w, NULL, c->p_best[i]);
    json_close(&w, ']');
    json_open(&w, "ranking", '[');
    for (size_t i = 0; i < c->n; i++)
        json_str(&w, NULL, c->opt[c->rank[i]].name);
    json_close(&w, ']');
    json_close(&w, '}');
    return STITCH_OK;
}

/* ---- a portfolio of projects (docs/method.md section 14) ------------------ */

static void pf_set(json_writer *w, const char *key, const stitch_portfolio *pf,
                   unsigned long long mask)
{
    json_open(w, key, '[');
    for (size_t i = 0; i < pf->n; i++)
        if (mask >> i & 1)
            json_str(w, NULL, pf->proj[i].model);
    json_close(w, ']');
}

stitch_status report_json_portfolio(FILE *o, const results_portfolio *d)
{
    const stitch_portfolio *pf = d->pf;
    json_writer w;
    json_begin(&w, o);
    json_open(&w, NULL, '{');
    json_open(&w, "meta", '{');
    json_str(&w, "version", stitch_version());
    json_str(&w, "portfolio", pf->file);
    json_str(&w, "name", pf->name);
    json_str(&w, "price_year", pf->price_year);
    json_int(&w, "seed", (long)pf->seed);
    json_int(&w, "iterations", pf->iterations);
    json_str(&w, "rng", STITCH_RNG_NAME);
    json_close(&w, '}');
    json_open(&w, "total", '{');
    json_open(&w, "base", '{');
    json_num(&w, "pvb", d->headline[RESULTS_PVB].base.value);
    json_num(&w, "pvc", d->headline[RESULTS_PVC].base.value);
    json_num(&w, "bcr", d->headline[RESULTS_BCR].base.value);
    json_num(&w, "npv", d->headline[RESULTS_NPV].base.value);
    json_num(&w, "cash", d->cash.value);
    json_open(&w, "time_hours", '{');
    for (size_t g = 0; g < d->n_staff; g++)
        json_num(&w, d->staff[g].label, d->staff[g].base.value);
    json_close(&w, '}');
    json_open(&w, "capacity", '{');
    for (size_t c = 0; c < d->n_capacity; c++)
        json_num(&w, d->capacity[c].label, d->capacity[c].base.value);
    json_close(&w, '}');
    json_open(&w, "by_payer", '{');
    for (size_t k = 0; k < d->n_payers; k++)
        json_num(&w, d->payers[k].label, d->payers[k].base.value);
    json_close(&w, '}');
    static const char *const kinds[] = {"cashable", "non_cashable", "economic", "social"};
    json_open(&w, "by_kind", '{');
    for (size_t k = 0; k < 4; k++)
        json_num(&w, kinds[k], d->kind[k].base.value);
    json_close(&w, '}');
    national_members(&w, d->national);
    json_close(&w, '}');
    json_open(&w, "summary", '{');
    summary_member(&w, "pvb", &pf->s_pvb, 1);
    summary_member(&w, "pvc", &pf->s_pvc, 1);
    summary_member(&w, "bcr", &pf->s_bcr, pf->bcr_defined);
    summary_member(&w, "npv", &pf->s_npv, 1);
    for (size_t g = 0; g < pf->n_staff; g++) {
        char key[300];
        snprintf(key, sizeof key, "time_hours.%s", pf->staff[g].name);
        summary_member(&w, key, &pf->staff[g].s, 1);
    }
    for (size_t c = 0; c < pf->n_capacity; c++) {
        char key[300];
        snprintf(key, sizeof key, "capacity.%s", pf->capacity[c].name);
        summary_member(&w, key, &pf->capacity[c].s, 1);
    }
    json_close(&w, '}');
    json_num(&w, "p_bcr_ge_1", pf->p_bcr_ge_1);
    json_num(&w, "p_npv_gt_0", pf->p_npv_gt_0);
    json_int(&w, "simulations_without_bcr", pf->no_bcr);
    json_close(&w, '}');
    json_open(&w, "projects", '[');
    for (size_t i = 0; i < pf->n; i++) {
        const pf_project *x = &pf->proj[i];
        results_doc *r = results_build(x->p, x->base, x->mc, NULL);
        if (!r)
            return STITCH_ENOMEM;
        json_open(&w, NULL, '{');
        json_str(&w, "model", x->model);
        json_str(&w, "name", x->p->name);
        json_num(&w, "cash", x->cash);
        json_num(&w, "uprating_factor", x->factor);
        base(&w, r);
        simulation(&w, x->p, x->mc);
        json_close(&w, '}');
        results_free(r);
    }
    json_close(&w, ']');
    if (pf->has_selection) {
        const pf_selection *s = &pf->sel;
        json_open(&w, "selection", '{');
        json_num(&w, "budget", s->budget);
        pf_set(&w, "chosen", pf, s->chosen);
        json_num(&w, "cash", s->cash);
        json_num(&w, "expected_npv", s->expected_npv);
        json_num(&w, "p_npv_gt_0", s->p_npv_gt_0);
        if (s->has_runner_up) {
            json_open(&w, "runner_up", '{');
            pf_set(&w, "projects", pf, s->runner_up);
            json_num(&w, "cash", s->runner_cash);
            json_num(&w, "expected_npv", s->runner_expected_npv);
            json_close(&w, '}');
        } else
            json_null(&w, "runner_up");
        json_num(&w, "p_beats_runner_up", s->p_beats_runner_up);
        json_str(&w, "caveat", d->caveat);
        json_close(&w, '}');
    }
    json_close(&w, '}');
    return STITCH_OK;
}
