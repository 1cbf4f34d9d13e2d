/* md.c — the business case as Markdown: the same sections as the HTML
 * report, as text tables a bid writer can paste into a document. */
#include "model.h"
#include "writer.h"
#include "sensitivity.h"
#include "text.h"

#include <math.h>
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

static void sensitivity(FILE *o, const stitch_plan *p, const stitch_sensitivity *s)
{
    char v[6][64];
    fprintf(o,
            "## Sensitivity\n\n### Tornado (each input at P10 and P90)\n\n"
            "| input | low | high | BCR at low | BCR at high |\n|---|---|---|---|---|\n");
    for (size_t k = 0; k < s->n_tornado; k++) {
        const sens_tornado *t = &s->tornado[k];
        fprintf(o, "| %s | %.4g | %.4g | %s | %s |\n", p->inputs[t->input].path, t->low,
                t->high, bcr_text(v[0], 64, t->bcr_low), bcr_text(v[1], 64, t->bcr_high));
    }
    fprintf(
        o,
        "\n### Switching values (NPV = 0)\n\n| input | base | switches at | P5 | P95 | "
        "in range |\n|---|---|---|---|---|---|\n");
    for (size_t k = 0; k < s->n_switching; k++) {
        const sens_switch *w = &s->switching[k];
        if (isnan(w->value))
            snprintf(v[0], 64, "none");
        else
            snprintf(v[0], 64, "%.4g", w->value);
        fprintf(o, "| %s | %.4g | %s | %.4g | %.4g | %s |\n", p->inputs[w->input].path,
                w->base, v[0], w->p5, w->p95,
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
        fprintf(
            o,
            "\n### Sobol indices of NPV (%ld samples)\n\n| input | first order | total |"
            "\n|---|---|---|\n",
            s->sobol_samples);
        for (size_t i = 0; i < s->n_sobol; i++)
            fprintf(o, "| %s | %s | %s |\n", p->inputs[p->uncertain[i]].path,
                    text_num(v[0], 64, s->sobol[i].s1, 3),
                    text_num(v[1], 64, s->sobol[i].st, 3));
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
        fprintf(o, "; random numbers %s, seed %lu, %ld iterations", STITCH_RNG_NAME,
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
    fprintf(o, "## What to find out next\n\n%s %s\n\n**%s**\n\n", v->decision, v->wrong,
            v->evpi);
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

void report_md(FILE *o, const results_doc *d)
{
    summary(o, d);
    results(o, d);
    who(o, d);
    logic(o, d->p, d->r);
    if (d->cohorts[0])
        fprintf(o, "%s\n\n", d->cohorts);
    if (d->s)
        sensitivity(o, d->p, d->s);
    if (d->evidence)
        evidence(o, d->evidence);
    costs_and_method(o, d->p, d->mc);
}
