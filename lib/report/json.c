/* report_json.c — stage 5: the business case as one JSON object (SPEC section 6). */
#include "fmt.h"
#include "model.h"
#include "plan.h"
#include "report.h"
#include "sensitivity.h"
#include "text.h"

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
    json_str(w, "rng", drawn ? STITCH_RNG_NAME : "none (base case only)");
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

static void base_breakdowns(json_writer *w, const stitch_plan *p, const stitch_result *r)
{
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
    json_close(w, '}');
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

void report_json_run(FILE *o, const stitch_plan *p, const stitch_result *r,
                     const stitch_mc_result *mc, const stitch_sensitivity *sens)
{
    json_writer w;
    json_begin(&w, o);
    json_open(&w, NULL, '{');
    meta(&w, p, mc, sens);
    model_info(&w, p, r);
    base(&w, p, r);
    if (mc)
        simulation(&w, p, mc);
    if (sens)
        report_json_sensitivity(&w, p, sens);
    unit_costs(&w, p);
    json_close(&w, '}');
}

/* ---- CSV: the simulation summary, one row per metric ---------------------------- */

static void csv_row(FILE *o, const char *metric, double base, const stitch_summary *s)
{
    fprintf(o, "summary,");
    text_csv_field(o, metric);
    const double v[] = {base,
                        s ? s->mean : NAN,
                        s ? s->sd : NAN,
                        s ? s->mcse : NAN,
                        s ? s->p5 : NAN,
                        s ? s->p25 : NAN,
                        s ? s->p50 : NAN,
                        s ? s->p75 : NAN,
                        s ? s->p95 : NAN};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        fputc(',', o);
        if (isfinite(v[i]))
            fprintf(o, "%.17g", v[i] == 0 ? 0.0 : v[i]); /* no "-0" */
    }
    fputc('\n', o);
}

/* One "table,metric,value" row; a value that does not exist is left empty. */
static void csv_value(FILE *o, const char *head, double v)
{
    fputs(head, o);
    if (isfinite(v))
        fprintf(o, "%.17g", v == 0 ? 0.0 : v);
    fputc('\n', o);
}

void report_csv_run(FILE *o, const stitch_plan *p, const stitch_result *r,
                    const stitch_mc_result *mc)
{
    fprintf(o, "table,metric,base,mean,sd,mcse,p5,p25,p50,p75,p95\n");
    int bcr = mc && mc->bcr_defined;
    csv_row(o, "pvb", r->pvb, mc ? &mc->pvb : NULL);
    csv_row(o, "pvc", r->pvc, mc ? &mc->pvc : NULL);
    csv_row(o, "bcr", r->bcr, bcr ? &mc->bcr : NULL);
    csv_row(o, "npv", r->npv, mc ? &mc->npv : NULL);
    csv_row(o, "roi", r->roi, bcr ? &mc->roi : NULL);
    for (size_t g = 0; g < p->n_staff; g++) {
        char key[300];
        snprintf(key, sizeof key, "time_hours.%s", p->staff[g]);
        csv_row(o, key, r->hours[g], mc ? &mc->hours[g] : NULL);
    }
    if (mc) {
        fprintf(o, "\ntable,metric,value\n");
        csv_value(o, "probability,p_bcr_ge_1,", mc->p_bcr_ge_1);
        csv_value(o, "probability,p_bcr_ge_1_mcse,", mc->p_bcr_ge_1_mcse);
        csv_value(o, "probability,p_npv_gt_0,", mc->p_npv_gt_0);
        fprintf(o, "meta,iterations,%ld\nmeta,seed,%lu\n", mc->iterations, mc->seed);
        fprintf(o, "meta,simulations_without_bcr,%ld\n", mc->no_bcr);
    }
}
