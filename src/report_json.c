/* report_json.c — stage 5: the business case as one JSON object (SPEC section 6). */
#include "fmt.h"
#include "model.h"
#include "plan.h"
#include "report.h"

#include <math.h>
#include <string.h>

static void meta(json_writer *w, const stitch_plan *p)
{
    json_open(w, "meta", '{');
    json_str(w, "version", stitch_version());
    json_int(w, "seed", (long)p->seed);
    json_int(w, "iterations", p->iterations);
    json_str(w, "rng", "none (base case)");
    json_str(w, "price_year", p->price_year);
    json_str(w, "model", p->model_file);
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
    json_close(w, '}');
}

static void base_breakdowns(json_writer *w, const stitch_plan *p, const stitch_result *r)
{
    json_open(w, "time_hours", '{');
    for (size_t s = 0; s < p->n_staff; s++)
        json_num(w, p->staff[s], r->hours[s]);
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
    for (size_t k = 0; k < p->n_nodes; k++) {
        double people = r->people[k] * p->delivery_years;
        if (p->nodes[k].parent >= 0)
            json_num(w, p->nodes[k].id, people > 0 ? r->pvc / people : NAN);
    }
    json_close(w, '}');
}

static void base(json_writer *w, const stitch_plan *p, const stitch_result *r)
{
    json_open(w, "base", '{');
    json_num(w, "pvb", r->pvb);
    json_num(w, "pvc", r->pvc);
    json_num(w, "bcr", r->bcr);
    json_num(w, "npv", r->npv);
    json_num(w, "roi", r->roi);
    if (r->payback_year >= 0)
        json_int(w, "payback_year", r->payback_year);
    else
        json_null(w, "payback_year");
    json_num(w, "break_even_attribution", r->break_even_attribution);
    json_open(w, "contribution", '{');
    json_num(w, "pvb", r->contribution_pvb);
    json_num(w, "bcr", r->contribution_bcr);
    json_num(w, "npv", r->contribution_npv);
    json_close(w, '}');
    base_breakdowns(w, p, r);
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

void report_json_base(FILE *o, const stitch_plan *p, const stitch_result *r)
{
    json_writer w;
    json_begin(&w, o);
    json_open(&w, NULL, '{');
    meta(&w, p);
    model_info(&w, p, r);
    base(&w, p, r);
    unit_costs(&w, p);
    json_close(&w, '}');
}
