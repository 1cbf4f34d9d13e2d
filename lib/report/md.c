/* report_md.c — the business case as Markdown: the same sections as the HTML
 * report, as text tables a bid writer can paste into a document. */
#include "fmt.h"
#include "model.h"
#include "plan.h"
#include "report.h"
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
    if (isnan(v))
        return "not defined";
    return text_num(buf, n, v, 2);
}

static void summary(FILE *o, const stitch_plan *p, const stitch_result *r,
                    const stitch_mc_result *mc)
{
    char a[64], b[64], c[64], d[64];
    fprintf(o, "# %s\n\n", p->name);
    if (p->organisation[0])
        fprintf(o, "%s  \n", p->organisation);
    char runs[64];
    fprintf(o, "Prices %s · %d-year appraisal, service runs %s · discount %s\n\n",
            p->price_year, p->years,
            text_count(runs, sizeof runs, p->delivery_years, "year", "years"),
            p->sched_names[0]);
    fprintf(o, "## Summary\n\n");
    fprintf(o, "The service addresses: %s.\n\n", p->need_text);
    fprintf(o,
            "With every assumption at its mean, the benefits are worth %s and the costs "
            "%s (present values): a benefit-cost ratio (BCR) of %s and a net present "
            "value of %s.",
            text_money(a, 64, r->pvb), text_money(b, 64, r->pvc), bcr_text(c, 64, r->bcr),
            text_money(d, 64, r->npv));
    if (mc && mc->bcr_defined)
        fprintf(o,
                " In 9 out of 10 simulations the BCR lies between %s and %s; the "
                "project breaks even in %s of them.",
                text_num(a, 64, mc->bcr.p5, 2), text_num(c, 64, mc->bcr.p95, 2),
                text_pct(b, 64, mc->p_bcr_ge_1));
    if (mc && mc->no_bcr > 0) {
        char no_bcr[512];
        fprintf(o, " %s", fmt_no_bcr(no_bcr, sizeof no_bcr, mc));
    }
    fprintf(o,
            "\n\nMost of the saving is **time freed, not cash**: %s of the benefits are "
            "cashable; %s is capacity freed for other work, and the rest is economic or "
            "social value.\n\n",
            text_money(a, 64, r->kind[STITCH_KIND_CASHABLE]),
            text_money(b, 64, r->kind[STITCH_KIND_NONCASHABLE]));
}

static void results(FILE *o, const stitch_plan *p, const stitch_result *r,
                    const stitch_mc_result *mc)
{
    char v[8][64];
    fprintf(o, "## Results\n\n| | base case | mean | P5 | P50 | P95 "
               "|\n|---|---|---|---|---|---|\n");
    report_row rows[REPORT_ROWS];
    report_result_rows(r, mc, rows);
    for (size_t i = 0; i < REPORT_ROWS; i++) {
        const stitch_summary *s = rows[i].s;
        double x[] = {rows[i].base, s ? s->mean : NAN, s ? s->p5 : NAN, s ? s->p50 : NAN,
                      s ? s->p95 : NAN};
        fprintf(o, "| %s |", rows[i].label);
        for (int k = 0; k < 5; k++) {
            if (isnan(x[k]))
                snprintf(v[k], 64, "-");
            else if (rows[i].money)
                text_money(v[k], 64, x[k]);
            else
                text_num(v[k], 64, x[k], 2);
            fprintf(o, " %s |", v[k]);
        }
        fputc('\n', o);
    }
    if (mc)
        fprintf(o, "\nChance of breaking even: %s (%s simulations, seed %lu).\n",
                text_pct(v[0], 64, mc->p_bcr_ge_1),
                text_num(v[1], 64, (double)mc->iterations, 0), mc->seed);
    fprintf(
        o,
        "\n### Time freed (potential, not cash)\n\n| staff group | hours |\n|---|---|\n");
    for (size_t g = 0; g < p->n_staff; g++)
        fprintf(o, "| %s | %s |\n", p->staff[g], text_num(v[0], 64, r->hours[g], 0));
    fprintf(o,
            "\n### Contribution versus attribution\n\n| view | benefits | BCR |\n"
            "|---|---|---|\n| Contribution (with others) | %s | %s |\n"
            "| Attribution (this project's share; the headline) | %s | %s |\n\n",
            text_money(v[0], 64, r->contribution_pvb),
            bcr_text(v[1], 64, r->contribution_bcr), text_money(v[2], 64, r->pvb),
            bcr_text(v[3], 64, r->bcr));
    if (r->pvc == 0 && !isnan(r->break_even_attribution))
        fprintf(o, "Break-even attribution: %s: %s\n\n",
                text_pct(v[0], 64, r->break_even_attribution), fmt_break_even_no_costs);
    else if (isnan(r->break_even_attribution))
        fprintf(o, "Break-even attribution: none. Even claiming all of the change, the "
                   "benefits do not cover the costs.\n\n");
    else
        fprintf(o,
                "Break-even attribution: %s. The project pays back even if others caused "
                "up to %s of the change.\n\n",
                text_pct(v[0], 64, r->break_even_attribution),
                text_pct(v[1], 64, r->break_even_attribution));
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

void report_md(FILE *o, const stitch_plan *p, const stitch_result *r,
               const stitch_mc_result *mc, const stitch_sensitivity *s)
{
    summary(o, p, r, mc);
    results(o, p, r, mc);
    logic(o, p, r);
    if (s)
        sensitivity(o, p, s);
    costs_and_method(o, p, mc);
}
