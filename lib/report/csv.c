/* csv.c — the business case and its sensitivity as CSV tables (docs/method.md
 * section 6): numbers in full precision, one table per kind of row, each
 * row starting with its table's name. The tables go to one stream with
 * blank lines between them (stitch run --format csv) or each to a file of
 * its own (a CSV report folder): see csv_out in writer.h. */
#include "sensitivity.h"
#include "text.h"
#include "writer.h"

#include <math.h>
#include <string.h>

/* ---- fields --------------------------------------------------------------- */

/* A number in full precision after a comma; empty for NaN (no NaN in any
 * output). */
static void csv_num(FILE *o, double v)
{
    fputc(',', o);
    if (isfinite(v))
        fprintf(o, "%.17g", v);
}

/* As csv_num, but never "-0". */
static void csv_num0(FILE *o, double v)
{
    fputc(',', o);
    if (isfinite(v))
        fprintf(o, "%.17g", v == 0 ? 0.0 : v);
}

/* ---- where the tables go -------------------------------------------------- */

static FILE *stream_open(csv_out *o, const char *name, size_t rows)
{
    (void)name, (void)rows;
    if (o->tables++)
        fputc('\n', o->stream);
    return o->stream;
}

static void stream_close(csv_out *o, FILE *f)
{
    (void)o, (void)f;
}

csv_out csv_stream(FILE *f)
{
    return (csv_out){stream_open, stream_close, f, 0};
}

/* ---- the business case ---------------------------------------------------- */

/* One "summary" row: the base case and the simulation's summary (s NULL:
 * not run or not defined). */
static void summary_row(FILE *o, const char *metric, double base, const stitch_summary *s)
{
    fputs("summary,", o);
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
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        csv_num0(o, v[i]);
    fputc('\n', o);
}

static void summary_table(csv_out *out, const stitch_plan *p, const stitch_result *r,
                          const stitch_mc_result *mc)
{
    FILE *o =
        out->open(out, "summary", 5 + p->n_staff + 2 * p->n_funders + p->n_stakeholders);
    if (!o)
        return;
    fprintf(o, "table,metric,base,mean,sd,mcse,p5,p25,p50,p75,p95\n");
    int bcr = mc && mc->bcr_defined;
    summary_row(o, "pvb", r->pvb, mc ? &mc->pvb : NULL);
    summary_row(o, "pvc", r->pvc, mc ? &mc->pvc : NULL);
    summary_row(o, "bcr", r->bcr, bcr ? &mc->bcr : NULL);
    summary_row(o, "npv", r->npv, mc ? &mc->npv : NULL);
    summary_row(o, "roi", r->roi, bcr ? &mc->roi : NULL);
    for (size_t g = 0; g < p->n_staff; g++) {
        char key[300];
        snprintf(key, sizeof key, "time_hours.%s", p->staff[g]);
        summary_row(o, key, r->hours[g], mc ? &mc->hours[g] : NULL);
    }
    for (size_t g = 0; g < p->n_funders; g++) { /* docs/method.md section 4.12 */
        char key[300];
        snprintf(key, sizeof key, "by_funder.%s.cost", p->funders[g]);
        summary_row(o, key, r->by_funder[g], NULL);
        snprintf(key, sizeof key, "by_funder.%s.cash", p->funders[g]);
        summary_row(o, key, r->funder_cash[g], NULL);
    }
    for (size_t g = 0; g < p->n_stakeholders; g++) {
        char key[300];
        snprintf(key, sizeof key, "by_stakeholder.%s", p->stakeholders[g]);
        summary_row(o, key, r->by_stakeholder[g], mc ? &mc->by_stakeholder[g] : NULL);
    }
    out->close(out, o);
}

static void probability_table(csv_out *out, const stitch_mc_result *mc)
{
    FILE *o = out->open(out, "probability", 6);
    if (!o)
        return;
    fprintf(o, "table,metric,value\n");
    fputs("probability,p_bcr_ge_1", o), csv_num0(o, mc->p_bcr_ge_1), fputc('\n', o);
    fputs("probability,p_bcr_ge_1_mcse", o), csv_num0(o, mc->p_bcr_ge_1_mcse);
    fputc('\n', o);
    fputs("probability,p_npv_gt_0", o), csv_num0(o, mc->p_npv_gt_0), fputc('\n', o);
    fprintf(o, "meta,iterations,%ld\nmeta,seed,%lu\n", mc->iterations, mc->seed);
    fprintf(o, "meta,simulations_without_bcr,%ld\n", mc->no_bcr);
    out->close(out, o);
}

/* ---- the monitoring data (docs/method.md section 8.4) ------------------------------- */

/* Each updated input: its pooled data, prior and posterior. */
static void monitoring_table(csv_out *out, const stitch_plan *p)
{
    FILE *o = out->open(out, "monitoring", p->n_updates);
    if (!o)
        return;
    fprintf(o, "table,path,kind,achieved,of,years,periods,used,prior_mean,prior_p5,"
               "prior_p95,posterior_mean,posterior_p5,posterior_p95,prior_predictive_p\n");
    for (size_t k = 0; k < p->n_updates; k++) {
        const plan_update *u = &p->updates[k];
        fputs("monitoring,", o);
        text_csv_field(o, p->inputs[u->input].path);
        fprintf(o, ",%s", u->rate ? "rate" : "count");
        csv_num(o, u->achieved), csv_num(o, u->of), csv_num(o, u->years);
        fputc(',', o);
        text_csv_field(o, u->periods);
        fprintf(o, ",%d", u->used != 0);
        const double v[] = {u->prior_mean, u->prior_p5, u->prior_p95, u->mean,
                            u->p5,         u->p95,      u->p_predictive};
        for (size_t i = 0; i < sizeof v / sizeof *v; i++)
            csv_num(o, v[i]);
        fputc('\n', o);
    }
    out->close(out, o);
}

/* The headline of the case without the data. */
static void before_table(csv_out *out, const stitch_plan *p)
{
    FILE *o = out->open(out, "before_monitoring", 4);
    if (!o)
        return;
    fprintf(o, "table,metric,value\n");
    fputs("before_monitoring,bcr", o), csv_num(o, p->before_bcr), fputc('\n', o);
    fputs("before_monitoring,npv", o), csv_num0(o, p->before_npv), fputc('\n', o);
    fputs("before_monitoring,p_bcr_ge_1", o), csv_num0(o, p->before_p_bcr_ge_1);
    fputc('\n', o);
    fputs("before_monitoring,break_even_attribution", o);
    csv_num0(o, p->before_break_even), fputc('\n', o);
    out->close(out, o);
}

/* ---- the sensitivity (docs/method.md section 5) ------------------------------------- */

static const char *path_of(const stitch_plan *p, size_t i)
{
    return p->inputs[i].path;
}

static void tornado_table(csv_out *out, const stitch_plan *p, const stitch_sensitivity *s)
{
    FILE *o = out->open(out, "tornado", s->n_tornado);
    if (!o)
        return;
    fprintf(o, "table,path,range,low,high,bcr_low,bcr_high,npv_low,npv_high\n");
    for (size_t k = 0; k < s->n_tornado; k++) {
        const sens_tornado *t = &s->tornado[k];
        fprintf(o, "tornado,");
        text_csv_field(o, path_of(p, t->input));
        fprintf(o, ",%s", t->adjustment ? "half to 1.5x" : "P10-P90");
        csv_num(o, t->low), csv_num(o, t->high), csv_num(o, t->bcr_low);
        csv_num(o, t->bcr_high), csv_num(o, t->npv_low), csv_num(o, t->npv_high);
        fputc('\n', o);
    }
    out->close(out, o);
}

static void switching_table(csv_out *out, const stitch_plan *p,
                            const stitch_sensitivity *s)
{
    FILE *o = out->open(out, "switching", s->n_switching);
    if (!o)
        return;
    fprintf(o, "table,path,base,value,p5,p95,in_range,fixed\n");
    for (size_t k = 0; k < s->n_switching; k++) {
        const sens_switch *x = &s->switching[k];
        fprintf(o, "switching,");
        text_csv_field(o, path_of(p, x->input));
        csv_num(o, x->base), csv_num(o, x->value), csv_num(o, x->p5), csv_num(o, x->p95);
        fprintf(o, ",%s,%s\n", x->in_range ? "true" : "false",
                x->fixed ? "true" : "false");
    }
    out->close(out, o);
}

static void scenarios_table(csv_out *out, const stitch_sensitivity *s)
{
    FILE *o = out->open(out, "scenarios", s->n_scenarios);
    if (!o)
        return;
    fprintf(o, "table,name,pvb,pvc,npv,bcr,payback_year\n");
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const sens_scenario *c = &s->scenarios[k];
        fprintf(o, "scenarios,");
        text_csv_field(o, c->name);
        csv_num(o, c->pvb), csv_num(o, c->pvc), csv_num(o, c->npv), csv_num(o, c->bcr);
        fputc(',', o);
        if (c->payback_year >= 0)
            fprintf(o, "%d", c->payback_year);
        fputc('\n', o);
    }
    out->close(out, o);
}

static void grid_table(csv_out *out, const stitch_plan *p, const stitch_sensitivity *s)
{
    if (s->grid_a < 0)
        return;
    FILE *o = out->open(out, "grid", s->grid_n * s->grid_n);
    if (!o)
        return;
    fprintf(o, "table,a_path,a,b_path,b,bcr,npv\n");
    for (size_t i = 0; i < s->grid_n; i++)
        for (size_t j = 0; j < s->grid_n; j++) {
            fprintf(o, "grid,");
            text_csv_field(o, path_of(p, (size_t)s->grid_a));
            csv_num(o, s->grid_av[i]);
            fputc(',', o);
            text_csv_field(o, path_of(p, (size_t)s->grid_b));
            csv_num(o, s->grid_bv[j]);
            csv_num(o, s->grid_bcr[i * s->grid_n + j]);
            csv_num(o, s->grid_npv[i * s->grid_n + j]);
            fputc('\n', o);
        }
    out->close(out, o);
}

static void horizon_tables(csv_out *out, const stitch_plan *p, const stitch_sensitivity *s)
{
    FILE *o = out->open(out, "horizon", (size_t)p->years);
    if (o) {
        fprintf(o, "table,years,bcr,npv\n");
        for (int t = 0; t < p->years; t++) {
            fprintf(o, "horizon,%d", t + 1);
            csv_num(o, s->horizon_bcr[t]), csv_num(o, s->horizon_npv[t]);
            fputc('\n', o);
        }
        out->close(out, o);
    }
    o = out->open(out, "discount", s->n_discount);
    if (!o)
        return;
    fprintf(o, "table,rate,bcr,npv\n");
    for (size_t k = 0; k < s->n_discount; k++) {
        fprintf(o, "discount,");
        if (isnan(s->discount[k].rate))
            text_csv_field(o, p->sched_names[0]);
        else
            fprintf(o, "%.17g", s->discount[k].rate);
        csv_num(o, s->discount[k].bcr), csv_num(o, s->discount[k].npv);
        fputc('\n', o);
    }
    out->close(out, o);
}

static void attribution_table(csv_out *out, const stitch_plan *p,
                              const stitch_sensitivity *s)
{
    FILE *o = out->open(out, "attribution", p->n_benefits);
    if (!o)
        return;
    fprintf(o, "table,benefit,contribution_pv,attribution,attributed_pv,break_even_alone\n");
    for (size_t i = 0; i < p->n_benefits; i++) {
        const sens_benefit *b = &s->benefits[i];
        fprintf(o, "attribution,");
        text_csv_field(o, p->benefits[i].id);
        csv_num(o, b->contribution), csv_num(o, b->attribution);
        csv_num(o, b->attributed), csv_num(o, b->break_even_alone);
        fputc('\n', o);
    }
    out->close(out, o);
}

static void sobol_table(csv_out *out, const stitch_plan *p, const stitch_sensitivity *s)
{
    size_t rows = s->sobol_status >= 0 ? s->n_sobol : 0;
    FILE *o = out->open(out, "sobol", rows);
    if (!o)
        return;
    fprintf(o, "table,path,s1,s1_lo,s1_hi,st,st_lo,st_hi\n");
    for (size_t i = 0; i < rows; i++) {
        const sobol_index *x = &s->sobol[i];
        fprintf(o, "sobol,");
        text_csv_field(o, path_of(p, p->uncertain[i]));
        csv_num(o, x->s1), csv_num(o, x->s1_lo), csv_num(o, x->s1_hi);
        csv_num(o, x->st), csv_num(o, x->st_lo), csv_num(o, x->st_hi);
        fputc('\n', o);
    }
    out->close(out, o);
}

void report_csv(csv_out *o, const stitch_plan *p, const stitch_result *r,
                const stitch_mc_result *mc, const stitch_sensitivity *s)
{
    if (r)
        summary_table(o, p, r, mc);
    if (r && mc)
        probability_table(o, mc);
    if (r && p->n_monitoring_files)
        monitoring_table(o, p);
    if (r && p->has_before)
        before_table(o, p);
    if (!s)
        return;
    tornado_table(o, p, s);
    switching_table(o, p, s);
    scenarios_table(o, s);
    grid_table(o, p, s);
    horizon_tables(o, p, s);
    attribution_table(o, p, s);
    sobol_table(o, p, s);
}

/* ---- the costs, the cash flow and capacity freed (docs/method.md 4.12, 4.13) */

static void cost_lines_table(csv_out *out, const results_doc *d)
{
    FILE *o = out->open(out, "costs", d->n_costs);
    if (!o)
        return;
    fprintf(o, "table,id,text,per,amount,p5,p95,total_undiscounted,evidence\n");
    for (size_t i = 0; i < d->n_costs; i++) {
        const results_cost *c = &d->costs[i];
        fputs("costs,", o);
        text_csv_field(o, c->id);
        fputc(',', o);
        text_csv_field(o, c->text);
        fprintf(o, ",%s", c->once ? "once" : "year");
        csv_num0(o, c->amount.value);
        csv_num0(o, c->low.value);
        csv_num0(o, c->high.value);
        csv_num0(o, c->total.value);
        fputc(',', o);
        text_csv_field(o, c->evidence ? c->evidence : "");
        fputc('\n', o);
    }
    out->close(out, o);
}

static void cash_flow_table(csv_out *out, const results_doc *d)
{
    FILE *o = out->open(out, "cash_flow", (size_t)d->p->years);
    if (!o)
        return;
    fprintf(o, "table,year,costs,cashable,non_cashable,economic,social,benefits,net,"
               "discount_factor,discounted_costs,discounted_benefits,discounted_net,"
               "cumulative,net_p5,net_p95\n");
    for (int t = 0; t < d->p->years; t++) {
        const results_year *y = &d->cash_flow[t];
        const results_fig *v[] = {&y->costs,    &y->kind[0],          &y->kind[1],
                                  &y->kind[2],  &y->kind[3],          &y->benefits,
                                  &y->net,      &y->discount_factor,  &y->discounted_costs,
                                  &y->discounted_benefits,            &y->discounted_net,
                                  &y->cumulative, &y->net_p5,         &y->net_p95};
        fprintf(o, "cash_flow,%d", t);
        for (size_t i = 0; i < sizeof v / sizeof *v; i++)
            csv_num0(o, v[i]->value);
        fputc('\n', o);
    }
    out->close(out, o);
}

static void capacity_table(csv_out *out, const results_doc *d)
{
    FILE *o = out->open(out, "capacity", d->n_capacity);
    if (!o)
        return;
    fprintf(o, "table,unit,units,all_year,mean,p5,p50,p95,services\n");
    for (size_t u = 0; u < d->n_capacity; u++) {
        const results_capacity *c = &d->capacity[u];
        fputs("capacity,", o);
        text_csv_field(o, c->unit);
        const double v[] = {c->units.value, c->all_year.value, c->mean.value,
                            c->p5.value,    c->p50.value,      c->p95.value};
        for (size_t i = 0; i < sizeof v / sizeof *v; i++)
            csv_num0(o, v[i]);
        fputc(',', o);
        text_csv_field(o, c->services);
        fputc('\n', o);
    }
    out->close(out, o);
}

/* Who pays (docs/method.md section 4.12): each named funder's present value,
 * cash, share of the costs and the benefits per pound of its money. */
static void funders_table(csv_out *out, const results_doc *d)
{
    size_t rows = d->funders_named ? d->n_funders : 0;
    FILE *o = out->open(out, "funders", rows);
    if (!o)
        return;
    fprintf(o, "table,funder,cost,cash,share,bcr\n");
    for (size_t i = 0; i < rows; i++) {
        const results_funder *f = &d->funders[i];
        fputs("funders,", o);
        text_csv_field(o, f->name);
        const double v[] = {f->cost.value, f->cash.value, f->share.value, f->bcr.value};
        for (size_t k = 0; k < sizeof v / sizeof *v; k++)
            csv_num0(o, v[k]);
        fputc('\n', o);
    }
    out->close(out, o);
}

void report_csv_case(csv_out *o, const results_doc *d)
{
    cost_lines_table(o, d);
    cash_flow_table(o, d);
    capacity_table(o, d);
    funders_table(o, d);
}
