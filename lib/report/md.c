/* md.c — the business case as Markdown: the same sections as the HTML
 * report, as text tables a bid writer can paste into a document. */
#include "model.h"
#include "writer.h"
#include "sensitivity.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Markdown table cells: a '|' in text would end the cell. */
static void cell_text(FILE *o, const char *s)
{
    fputs(" ", o);
    for (; s && *s; s++) {
        if (*s == '|')
            fputs("\\|", o);
        else
            fputc(*s == '\n' ? ' ' : *s, o);
    }
    fputs(" |", o);
}

static const char *bcr_text(char *buf, size_t n, double v)
{
    return results_ratio_text(buf, n, v);
}

static void summary(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    const results_headline *h = d->headline;
    fprintf(o, "# %s\n\n", p->name);
    if (p->organisation[0])
        fprintf(o, "%s  \n", p->organisation);
    fprintf(o, "%s\n\n", d->basis);
    if (d->monitoring_basis[0])
        fprintf(o, "%s\n\n", d->monitoring_basis);
    fprintf(o, "## Summary\n\n");
    fprintf(o, "The service addresses: %s.\n\n", p->need_text);
    fprintf(o,
            "With every assumption at its mean, the benefits are worth %s and the costs "
            "%s (present values): a benefit-cost ratio (BCR) of %s and a net present "
            "value of %s.",
            h[RESULTS_PVB].base.text, h[RESULTS_PVC].base.text, h[RESULTS_BCR].base.text,
            h[RESULTS_NPV].base.text);
    if (d->range[0])
        fprintf(o, " %s", d->range);
    if (d->no_bcr[0])
        fprintf(o, " %s", d->no_bcr);
    fprintf(o, "\n\n**%s** %s\n\n", d->kind_banner, d->kind_detail);
    fprintf(o, "%s\n\n", d->cash_ask_line);
    if (d->capacity_line[0])
        fprintf(o, "%s\n\n", d->capacity_line);
}

/* ---- the costs, the cash flow and capacity freed (docs/method.md 4.12, 4.13) */

static void md_costs(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    fprintf(o, "## The costs\n\n| cost | base case | likely range (P5 to P95) | when | in "
               "all (undiscounted) | evidence |\n|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < d->n_costs; i++) {
        const results_cost *c = &d->costs[i];
        fprintf(o, "|");
        cell_text(o, c->text);
        if (c->fixed)
            fprintf(o, " %s | fixed |", c->amount.text);
        else
            fprintf(o, " %s | %s to %s |", c->amount.text, c->low.text, c->high.text);
        fprintf(o, " %s | %s |", c->once ? "once, in year 0" : "each delivery year",
                c->total.text);
        cell_text(o, c->evidence ? c->evidence : "none recorded");
        fputc('\n', o);
    }
    fprintf(o, "\n| cash asked for |");
    for (int t = 0; t < p->years; t++)
        fprintf(o, " year %d |", t);
    fprintf(o, " in all | present value |\n|---|");
    for (int t = 0; t < p->years; t++)
        fprintf(o, "---|");
    fprintf(o, "---|---|\n| costs |");
    for (int t = 0; t < p->years; t++)
        fprintf(o, " %s |", d->cash_flow[t].costs.text);
    fprintf(o, " %s | %s |\n\n%s\n\n", d->cash_ask_total.text,
            d->headline[RESULTS_PVC].base.text, d->cash_ask_line);
}

static void md_cash_flow(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    fprintf(o, "### Cash flow, year by year\n\n| year | costs | cashable | non-cashable | "
               "economic | social | benefits | net |%s\n|---|---|---|---|---|---|---|---|%s\n",
            d->mc ? " net P5 | net P95 |" : "", d->mc ? "---|---|" : "");
    for (int t = 0; t < p->years; t++) {
        const results_year *y = &d->cash_flow[t];
        fprintf(o, "| %d | %s | %s | %s | %s | %s | %s | %s |", t, y->costs.text,
                y->kind[0].text, y->kind[1].text, y->kind[2].text, y->kind[3].text,
                y->benefits.text, y->net.text);
        if (d->mc)
            fprintf(o, " %s | %s |", y->net_p5.text, y->net_p95.text);
        fputc('\n', o);
    }
    fprintf(o, "\n| year | discount factor | discounted costs | discounted benefits | "
               "discounted net | cumulative |\n|---|---|---|---|---|---|\n");
    for (int t = 0; t < p->years; t++) {
        const results_year *y = &d->cash_flow[t];
        fprintf(o, "| %d | %s | %s | %s | %s | %s |\n", t, y->discount_factor.text,
                y->discounted_costs.text, y->discounted_benefits.text,
                y->discounted_net.text, y->cumulative.text);
    }
    fprintf(o, "\n%s\n\n", d->cash_flow_note);
}

static void md_capacity(FILE *o, const results_doc *d)
{
    if (d->n_capacity == 0)
        return;
    fprintf(o, "### Capacity freed (potential, not cash)\n\n| what is freed | base case |%s "
               "in words | from |\n|---|---|%s---|---|\n",
            d->mc ? " P5 | P95 |" : "", d->mc ? "---|---|" : "");
    for (size_t u = 0; u < d->n_capacity; u++) {
        const results_capacity *c = &d->capacity[u];
        char noun[300];
        fmt_units_noun(noun, sizeof noun, c->unit);
        fprintf(o, "|");
        cell_text(o, noun);
        fprintf(o, " %s |", c->units.text);
        if (d->mc)
            fprintf(o, " %s | %s |", c->p5.text, c->p95.text);
        cell_text(o, c->line);
        cell_text(o, c->services);
        fputc('\n', o);
    }
    fputc('\n', o);
}

static void md_business_case(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    fprintf(o, "### The business case\n\n| | base case |\n|---|---|\n"
               "| Return on investment | %s |\n",
            d->roi.text);
    if (d->r->payback_year >= 0)
        fprintf(o, "| Payback | year %d (discounted; year 0 is the first) |\n",
                d->r->payback_year);
    else
        fprintf(o, "| Payback | not within the %d-year appraisal |\n", p->years);
    fprintf(o, "\n| Cost per outcome | per person | people over the delivery years |\n"
               "|---|---|---|\n");
    size_t outcomes = 0;
    for (size_t k = 0; k < p->n_nodes; k++) {
        if (p->nodes[k].parent < 0)
            continue;
        outcomes++;
        fprintf(o, "|");
        cell_text(o, p->nodes[k].text);
        fprintf(o, " %s | %s |\n", d->cost_per_outcome[k].text, d->outcome_people[k].text);
    }
    fputc('\n', o);
    if (outcomes > 1)
        fprintf(o, "%s\n\n", d->cost_per_outcome_note);
}

static void results(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    fprintf(o, "## Results\n\n| | base case | mean | P5 | P50 | P95 "
               "|\n|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < RESULTS_HEADLINES; i++) {
        const results_headline *h = &d->headline[i];
        const results_fig *x[] = {&h->base, &h->mean, &h->p5, &h->p50, &h->p95};
        fprintf(o, "| %s |", h->label);
        for (int k = 0; k < 5; k++)
            fprintf(o, " %s |", isnan(x[k]->value) ? "-" : x[k]->text);
        fputc('\n', o);
    }
    if (d->mc)
        fprintf(o, "\nChance of breaking even: %s (%s simulations, seed %lu).\n",
                d->p_break_even.text, d->simulations.text, d->mc->seed);
    fprintf(
        o,
        "\n### Time freed (potential, not cash)\n\n| staff group | hours |\n|---|---|\n");
    for (size_t g = 0; g < d->n_time; g++)
        fprintf(o, "| %s | %s |\n", p->staff[g], d->time[g].hours.text);
    fprintf(o,
            "\n### Contribution versus attribution\n\n| view | benefits | BCR |\n"
            "|---|---|---|\n| Contribution (with others) | %s | %s |\n"
            "| Attribution (this project's share; the headline) | %s | %s |\n\n",
            d->contribution_pvb.text, d->contribution_bcr.text,
            d->headline[RESULTS_PVB].base.text, d->headline[RESULTS_BCR].base.text);
    fprintf(o, "%s\n\n", d->break_even);
}

/* Who pays and who gains (docs/method.md section 4.12), when named. */
static void who(FILE *o, const results_doc *d)
{
    if (d->funders_named) {
        fprintf(o, "### Who pays\n\n| funder | present value | share | cash | ratio "
                   "|\n|---|---|---|---|---|\n");
        for (size_t i = 0; i < d->n_funders; i++) {
            const results_funder *f = &d->funders[i];
            fputs("|", o);
            cell_text(o, f->name);
            fprintf(o, " %s | %s | %s | %s |\n", f->cost.text, f->share.text,
                    f->cash.text, f->bcr.text);
        }
        fputc('\n', o);
        for (size_t i = 0; i < d->n_funders; i++)
            fprintf(o, "- %s\n", d->funders[i].line);
        fprintf(o, "\n%s\n\n", d->funder_note);
    }
    if (d->stakeholders_named) {
        fprintf(o, "### Who gains\n\n| stakeholder | present value | share | per £1 of "
                   "cost | P5 | P95 |\n|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < d->n_stakeholders; i++) {
            const results_stakeholder *k = &d->stakeholders[i];
            fputs("|", o);
            cell_text(o, k->name);
            fprintf(o, " %s | %s | %s | %s | %s |\n", k->value.text, k->share.text,
                    k->ratio.text, k->simulated ? k->p5.text : "-",
                    k->simulated ? k->p95.text : "-");
        }
        fprintf(o, "\n%s\n\n", d->stakeholder_note);
    }
}

static void logic(FILE *o, const stitch_plan *p, const stitch_result *r)
{
    char a[64];
    fprintf(
        o,
        "## The logic model\n\n| step | what | people a year | evidence | confidence |\n"
        "|---|---|---|---|---|\n");
    for (size_t k = 0; k < p->n_nodes; k++) {
        const plan_node *n = &p->nodes[k];
        fprintf(o, "| %s |", n->parent < 0 ? "output" : "outcome");
        cell_text(o, n->text);
        fprintf(o, " %s |", text_num(a, 64, r->people[k], 1));
        cell_text(o, n->evidence ? n->evidence : "-");
        fprintf(o, " %s |\n", n->confidence >= 0 ? confidence_names[n->confidence] : "-");
    }
    fprintf(o,
            "\n| benefit | present value | evidence | confidence |\n|---|---|---|---|\n");
    for (size_t b = 0; b < p->n_benefits; b++) {
        const plan_benefit *pb = &p->benefits[b];
        fprintf(o, "|");
        cell_text(o, pb->text);
        fprintf(o, " %s |", text_money(a, 64, r->by_benefit[b]));
        cell_text(o, pb->evidence ? pb->evidence : "-");
        fprintf(o, " %s |\n",
                pb->confidence >= 0 ? confidence_names[pb->confidence] : "none");
    }
    fputc('\n', o);
}

/* An input's cell: its item in words, then its path as code. */
static void input_cell(FILE *o, const stitch_plan *p, size_t i)
{
    char label[600], cell[900];
    snprintf(cell, sizeof cell, "%s (`%s`)", plan_input_label(label, sizeof label, p, i),
             p->inputs[i].path);
    cell_text(o, cell);
}

static void sensitivity(FILE *o, const stitch_plan *p, const stitch_sensitivity *s)
{
    char v[6][64];
    fprintf(o,
            "## Sensitivity\n\n### Tornado (each input at P10 and P90)\n\n"
            "| input | low | high | BCR at low | BCR at high |\n|---|---|---|---|---|\n");
    for (size_t k = 0; k < s->n_tornado; k++) {
        const sens_tornado *t = &s->tornado[k];
        fprintf(o, "|");
        input_cell(o, p, t->input);
        fprintf(o, " %s | %s | %s | %s |\n",
                results_input_value(v[0], 64, p, t->input, t->low),
                results_input_value(v[1], 64, p, t->input, t->high),
                bcr_text(v[2], 64, t->bcr_low), bcr_text(v[3], 64, t->bcr_high));
    }
    fprintf(
        o,
        "\n### Switching values (NPV = 0)\n\n| input | base | switches at | P5 | P95 | "
        "in range |\n|---|---|---|---|---|---|\n");
    for (size_t k = 0; k < s->n_switching; k++) {
        const sens_switch *w = &s->switching[k];
        fprintf(o, "|");
        input_cell(o, p, w->input);
        fprintf(o, " %s | %s | %s | %s | %s |\n",
                results_input_value(v[0], 64, p, w->input, w->base),
                results_input_value(v[1], 64, p, w->input, w->value),
                w->fixed ? "fixed" : results_input_value(v[2], 64, p, w->input, w->p5),
                w->fixed ? "fixed" : results_input_value(v[3], 64, p, w->input, w->p95),
                w->fixed      ? "fixed"
                : w->in_range ? "**yes**"
                              : "no");
    }
    fprintf(o, "\n### Scenarios\n\n| scenario | NPV | BCR |\n|---|---|---|\n");
    for (size_t k = 0; k < s->n_scenarios; k++) {
        fprintf(o, "|");
        cell_text(o, s->scenarios[k].name);
        fprintf(o, " %s | %s |\n", text_money(v[0], 64, s->scenarios[k].npv),
                bcr_text(v[1], 64, s->scenarios[k].bcr));
    }
    if (s->sobol_status == 0) {
        fprintf(o,
                "\n### Sobol indices of NPV (%ld samples; largest total first)\n\n"
                "| input | first order | total | total, 95%% interval |\n"
                "|---|---|---|---|\n",
                s->sobol_samples);
        size_t *order = results_sobol_order(s);
        for (size_t r = 0; order && r < s->n_sobol; r++) {
            const sobol_index *x = &s->sobol[order[r]];
            fprintf(o, "|");
            input_cell(o, p, p->uncertain[order[r]]);
            fprintf(o, " %s | %s | %s to %s |\n", results_sobol_text(v[0], 64, x->s1),
                    results_sobol_text(v[1], 64, x->st), results_sobol_text(v[2], 64, x->st_lo),
                    results_sobol_text(v[3], 64, x->st_hi));
        }
        free(order);
    }
    fputc('\n', o);
}

static void costs_and_method(FILE *o, const stitch_plan *p, const stitch_mc_result *mc)
{
    char a[64];
    fprintf(o, "## Unit costs used\n\n| code | service | cost | price year | source |\n"
               "|---|---|---|---|---|\n");
    for (size_t i = 0; i < p->n_unit_costs; i++) {
        const plan_unit_cost *u = &p->unit_costs[i];
        fprintf(o, "| %s |", u->code);
        cell_text(o, u->service);
        fprintf(o, " %s | %s |", text_money(a, 64, dist_mean(&p->inputs[u->input].dist)),
                u->price_year);
        cell_text(o, u->source);
        fputc('\n', o);
    }
    fprintf(
        o,
        "\n## Method and reproducibility\n\nPresent values follow the HM Treasury "
        "Green Book; benefits are reduced for deadweight, displacement, optimism bias "
        "and attribution, in that order (docs/method.md). stitch %s",
        stitch_version());
    if (mc)
        fprintf(o, "; random numbers %s, seed %lu, %ld iterations", results_rng_name(mc),
                mc->seed, mc->iterations);
    fprintf(o, ". Model file: %s.\n", p->model_file);
}

/* ---- what to find out next (docs/method.md section 11) ------------------- */

static void evppi_rows(FILE *o, const results_evppi *r, size_t n)
{
    fprintf(
        o,
        "| what is uncertain | worth resolving (± one standard error) |\n|---|---:|\n");
    for (size_t i = 0; i < n; i++)
        if (!r[i].negligible)
            fprintf(o, "| %s | %s |\n", r[i].t->label, r[i].text);
    fputc('\n', o);
}

static void evidence(FILE *o, const results_evidence *v)
{
    fprintf(o, "## What to find out next\n\n%s %s\n\n**%s**%s%s\n\n", v->decision, v->wrong,
            v->evpi, v->before[0] ? " " : "", v->before);
    if (!(v->e->evpi.value > 0))
        return;
    evppi_rows(o, v->inputs, v->e->n_inputs);
    if (v->e->n_groups) {
        fprintf(o, "Uncertainties resolved together:\n\n");
        evppi_rows(o, v->groups, v->e->n_groups);
    }
    for (size_t i = 0; i < v->n_studies; i++)
        fprintf(o, "- %s\n", v->studies[i]);
    if (v->n_studies)
        fputc('\n', o);
    if (v->negligible[0])
        fprintf(o, "%s\n\n", v->negligible);
}

/* What the monitoring data changed (docs/method.md section 8.4). */
static void monitoring(FILE *o, const results_doc *d)
{
    if (!d->monitoring_intro[0])
        return;
    fprintf(o, "## What the monitoring data changed\n\n%s\n\n", d->monitoring_intro);
    if (d->n_updates)
        fprintf(o, "| input | assumed (90%% range) | data | now (90%% range) |\n"
                   "|---|---|---|---|\n");
    for (size_t k = 0; k < d->n_updates; k++) {
        const results_update *u = &d->updates[k];
        char a[256], b[256];
        snprintf(a, sizeof a, "%s (%s to %s)", u->prior_mean.text, u->prior_p5.text,
                 u->prior_p95.text);
        if (u->used)
            snprintf(b, sizeof b, "%s (%s to %s)", u->mean.text, u->p5.text, u->p95.text);
        else
            snprintf(b, sizeof b, "not used: a plain number");
        fputc('|', o);
        cell_text(o, u->path);
        cell_text(o, a);
        cell_text(o, u->data);
        cell_text(o, b);
        fputc('\n', o);
    }
    for (size_t k = 0; k < d->n_updates; k++)
        if (d->updates[k].conflict || !d->updates[k].used)
            fprintf(o, "\n%s\n", d->updates[k].line);
    if (d->has_before) {
        fprintf(o, "\n| the case | before the data | after |\n|---|---|---|\n");
        for (int i = 0; i < RESULTS_COMPARE; i++)
            fprintf(o, "| %s | %s | %s |\n", d->compare[i].label, d->compare[i].before.text,
                    d->compare[i].after.text);
    }
    if (d->untouched[0])
        fprintf(o, "\n%s\n", d->untouched);
    fputc('\n', o);
}

/* The contribution to the National Health and Wellbeing Outcomes: of one
 * model, or summed over a portfolio's projects (docs/method.md section 13). */
static void md_national(FILE *o, const results_national *rows, const char *title,
                        const char *people, const char *note, const char *source)
{
    fprintf(o, "\n## %s\n\n| | National Health and Wellbeing Outcome | %s | value | "
               "outcomes tagged |\n|---|---|---|---|---|\n",
            title, people);
    for (int k = 0; k < RESULTS_NATIONAL; k++) {
        const results_national *m = &rows[k];
        fprintf(o, "| %d |", m->number);
        cell_text(o, m->title);
        cell_text(o, m->people.text);
        cell_text(o, m->value.text);
        cell_text(o, m->tagged ? m->outcomes : "none");
        fputc('\n', o);
    }
    fprintf(o, "\n%s\n\nSource: %s.\n\n", note, source);
}

/* The outcome map step by step, every outcome priced or not, and the
 * contribution to the National Health and Wellbeing Outcomes
 * (docs/method.md section 13). */
static void md_outcomes(FILE *o, const results_doc *d)
{
    fprintf(o, "## %s\n\n%s\n\n", d->map_title, d->map_intro);
    for (int c = 0; c < RESULTS_MAP_COLUMNS; c++) {
        if (!d->map_used[c])
            continue;
        fprintf(o, "**%s**\n\n", d->map_columns[c]);
        for (size_t j = 0; j < d->n_outcome_map; j++)
            if (d->outcome_map[j].column == c)
                fprintf(o, "- %s\n", d->outcome_map[j].line);
        fputc('\n', o);
    }
    fprintf(o, "## %s\n\n%s\n\n", d->outcomes_title, d->outcomes_intro);
    fprintf(o, "| outcome | step | people a year | over the delivery years (P5 to P95) | "
               "confidence | progress | measure | value | evidence |\n"
               "|---|---|---|---|---|---|---|---|---|\n");
    for (size_t j = 0; j < d->n_outcome_map; j++) {
        const results_outcome *b = &d->outcome_map[j];
        if (b->output)
            continue;
        fputc('|', o);
        cell_text(o, b->text);
        cell_text(o, b->step_name);
        cell_text(o, b->per_year.text);
        cell_text(o, b->total_range);
        cell_text(o, b->confidence_name);
        cell_text(o, b->progress_name);
        cell_text(o, b->measure ? b->measure : "not said");
        cell_text(o, b->priced ? b->value.text : "not priced");
        cell_text(o, b->evidence ? b->evidence : "none recorded");
        fputc('\n', o);
    }
    md_national(o, d->national, d->national_title, d->national_people_label,
                d->national_note, d->national_source);
}

void report_md(FILE *o, const results_doc *d)
{
    summary(o, d);
    md_costs(o, d);
    results(o, d);
    md_business_case(o, d);
    md_cash_flow(o, d);
    md_capacity(o, d);
    monitoring(o, d);
    who(o, d);
    logic(o, d->p, d->r);
    if (d->cohorts[0])
        fprintf(o, "%s\n\n", d->cohorts);
    md_outcomes(o, d);
    if (d->s)
        sensitivity(o, d->p, d->s);
    if (d->evidence)
        evidence(o, d->evidence);
    costs_and_method(o, d->p, d->mc);
}

/* ---- a portfolio of projects (docs/method.md section 14) ------------------ */

static void md_pf_rows(FILE *o, const char *title, const char *what,
                       const results_pf_row *rows, size_t n, int spread)
{
    if (!n)
        return;
    fprintf(o, "\n### %s\n\n| %s | base case | mean |%s\n|---|---:|---:|%s\n", title, what,
            spread ? " P5 | P95 |" : "", spread ? "---:|---:|" : "");
    for (size_t i = 0; i < n; i++) {
        fprintf(o, "| %s | %s | %s |", rows[i].label, rows[i].base.text, rows[i].mean.text);
        if (spread)
            fprintf(o, " %s | %s |", rows[i].p5.text, rows[i].p95.text);
        fputc('\n', o);
    }
}

void report_md_portfolio(FILE *o, const results_portfolio *d)
{
    fprintf(o, "# %s\n\n%s\n\n## The portfolio as a whole\n\n", d->title, d->about);
    fprintf(o, "| | base case | P5 | P95 |\n|---|---:|---:|---:|\n");
    static const int order[] = {RESULTS_PVC, RESULTS_PVB, RESULTS_NPV, RESULTS_BCR};
    for (size_t k = 0; k < 4; k++) {
        const results_headline *h = &d->headline[order[k]];
        fprintf(o, "| %s | %s | %s | %s |\n", h->label, h->base.text, h->p5.text,
                h->p95.text);
    }
    fprintf(o, "| Cash over the delivery years | %s | | |\n\n%s\n\n%s\n", d->cash.text,
            d->spread, d->streams);
    if (d->has_selection)
        fprintf(o, "\n## Allocating the budget\n\n%s\n\n%s %s\n\n> %s\n", d->chosen,
                d->runner_up, d->beats, d->caveat);
    fprintf(o, "\n## The projects side by side\n\n| project | cash | PV of costs | PV of "
               "benefits | NPV | BCR | NPV P5 | NPV P95 | chance NPV above £0 |%s\n"
               "|---|---:|---:|---:|---:|---:|---:|---:|---:|%s\n",
            d->has_selection ? " within the budget |" : "",
            d->has_selection ? "---|" : "");
    for (size_t i = 0; i < d->n; i++) {
        const results_pf_project *q = &d->proj[i];
        fprintf(o, "| %s (%s) | %s | %s | %s | %s | %s | %s | %s | %s |", q->name, q->model,
                q->cash.text, q->pvc.text, q->pvb.text, q->npv.text, q->bcr.text,
                q->npv_p5.text, q->npv_p95.text, q->p_npv_gt_0.text);
        if (d->has_selection)
            fprintf(o, " %s |", q->chosen);
        fputc('\n', o);
    }
    fprintf(o, "\n## What the portfolio frees, and for whom\n");
    md_pf_rows(o, "Time freed, summed over the projects (hours over the appraisal)",
               "staff group", d->staff, d->n_staff, 1);
    md_pf_rows(o, "Capacity freed, summed over the projects", "unit", d->capacity,
               d->n_capacity, 1);
    md_pf_rows(o, "Value by payer (present value)", "payer", d->payers, d->n_payers, 0);
    md_pf_rows(o, "Value by kind (present value)", "kind", d->kind, 4, 0);
    md_national(o, d->national, d->national_title, d->national_people_label,
                d->national_note, d->national_source);
}

/* ---- options side by side (docs/method.md section 12) --------------------- */

void report_md_comparison(FILE *o, const results_comparison *d)
{
    fprintf(o, "# Options side by side\n\n%s %s\n\n## The options\n\n", d->title,
            d->shared);
    fprintf(o, "| option | PV of costs | PV of benefits | NPV | BCR | BCR P5 | BCR P95 | "
               "chance BCR at least 1 | chance of the highest NPV |\n"
               "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (size_t i = 0; i < d->n; i++) {
        const results_cmp_option *x = &d->opt[i];
        fprintf(o, "| %s (%s) | %s | %s | %s | %s | %s | %s | %s | %s |\n", x->name, x->model,
                x->pvc.text, x->pvb.text, x->npv.text, x->bcr.text, x->bcr_p5.text,
                x->bcr_p95.text, x->p_bcr_ge_1.text, x->p_best.text);
    }
    fprintf(o, "\n%s\n\n## %s\n\n", d->ranking, d->pairs_title);
    for (size_t k = 0; k < d->n_pairs; k++)
        fprintf(o, "- %s %s\n", d->pairs[k].line, d->pairs[k].dearer);
}
