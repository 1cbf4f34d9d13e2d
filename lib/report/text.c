/* text.c — the business case in plain words for a bid writer, and the
 * sensitivity tables as aligned text with a tornado chart. */
#include "model.h"
#include "results.h"
#include "sensitivity.h"
#include "text.h"
#include "writer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"cashable savings",
                                         "non-cashable (time and capacity freed)",
                                         "economic value", "social value"};

static void header(FILE *o, const results_doc *d)
{
    fprintf(o, "%s\n", d->p->name);
    if (d->p->organisation[0])
        fprintf(o, "%s\n", d->p->organisation);
    fprintf(o, "%s\n", d->basis);
    if (d->monitoring_basis[0])
        fprintf(o, "%s\n", d->monitoring_basis);
    fputc('\n', o);
}

/* The deepest step the logic model indents for; deeper steps stay at this
 * indent (a chain thousands of steps deep would otherwise print lines
 * thousands of spaces wide). */
#define CHAIN_MAX_INDENT 16

static void chain_node(FILE *o, const stitch_plan *p, const stitch_result *r, size_t k,
                       int depth, const size_t *bstart, const size_t *bitem)
{
    char a[64];
    const plan_node *n = &p->nodes[k];
    int in = depth < CHAIN_MAX_INDENT ? depth : CHAIN_MAX_INDENT;
    fprintf(o, "%*s%-8s %s [%s]: %s people a year\n", 2 + 2 * in, "",
            n->parent < 0 ? "Output" : "Outcome", n->text, n->id,
            text_num(a, sizeof a, r->people[k], 1));
    for (size_t i = bstart[k]; i < bstart[k + 1]; i++) {
        const plan_benefit *pb = &p->benefits[bitem[i]];
        fprintf(o, "%*sBenefit  %s [%s]: present value %s\n", 4 + 2 * in, "", pb->text,
                pb->id, text_money(a, sizeof a, r->by_benefit[bitem[i]]));
    }
}

/* Each output, then the outcomes after it, depth first in model order:
 * nodes come parents first, so a node's children are found by one pass,
 * and an explicit stack keeps a deep chain off the call stack. */
static void logic_model(FILE *o, const stitch_plan *p, const stitch_result *r)
{
    char a[64];
    fprintf(o, "The logic model (base case, people in each delivery year)\n");
    fprintf(o, "  Need     %s: %s people\n", p->need_text,
            text_num(a, sizeof a, dist_mean(&p->population), 0));
    size_t *bstart = NULL, *bitem = NULL,
           *cstart = calloc(p->n_nodes + 2, sizeof *cstart);
    size_t *citem = malloc((p->n_nodes + 1) * sizeof *citem);
    size_t *stack = malloc((p->n_nodes + 1) * sizeof *stack);
    int *depth = malloc((p->n_nodes + 1) * sizeof *depth);
    if (!cstart || !citem || !stack || !depth ||
        plan_benefits_by_node(p, &bstart, &bitem)) {
        fprintf(o, "  (out of memory drawing the logic model)\n\n");
        goto done;
    }
    for (size_t k = 0; k < p->n_nodes; k++)
        if (p->nodes[k].parent >= 0)
            cstart[p->nodes[k].parent + 2]++;
    for (size_t k = 2; k <= p->n_nodes + 1; k++)
        cstart[k] += cstart[k - 1];
    for (size_t k = 0; k < p->n_nodes; k++)
        if (p->nodes[k].parent >= 0)
            citem[cstart[p->nodes[k].parent + 1]++] = k;
    for (size_t root = 0; root < p->n_nodes; root++) {
        if (p->nodes[root].parent >= 0)
            continue;
        size_t top = 0;
        stack[top] = root, depth[top++] = 0;
        while (top > 0) {
            size_t k = stack[--top];
            int dk = depth[top];
            chain_node(o, p, r, k, dk, bstart, bitem);
            for (size_t i = cstart[k + 1]; i-- > cstart[k];) /* first child on top */
                stack[top] = citem[i], depth[top++] = dk + 1;
        }
    }
    fputc('\n', o);
done:
    free(bstart), free(bitem), free(cstart), free(citem), free(stack), free(depth);
}

static void headline(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_result *r = d->r;
    const results_headline *h = d->headline;
    fprintf(o, "The business case (base case: every assumption at its mean)\n");
    fprintf(o, "  Present value of benefits   %s\n", h[RESULTS_PVB].base.text);
    fprintf(o, "  Present value of costs      %s\n", h[RESULTS_PVC].base.text);
    if (isfinite(h[RESULTS_BCR].base.value)) {
        char a[64];
        fprintf(o, "  Benefit-cost ratio          %s (%s back for every £1 spent)\n",
                h[RESULTS_BCR].base.text, text_money(a, sizeof a, r->bcr));
    } else
        fprintf(o, "  Benefit-cost ratio          not defined: the costs are zero\n");
    fprintf(o, "  Net present value           %s\n", h[RESULTS_NPV].base.text);
    fprintf(o, "  Return on investment        %s\n", d->roi.text);
    if (r->payback_year >= 0)
        fprintf(
            o,
            "  Payback                     year %d (discounted; year 0 is the first)\n",
            r->payback_year);
    else
        fprintf(o, "  Payback                     not within the %d-year appraisal\n",
                p->years);
    size_t outcomes = 0;
    for (size_t k = 0; k < p->n_nodes; k++) {
        if (p->nodes[k].parent < 0)
            continue;
        outcomes++;
        fprintf(o, "  Cost per outcome            %s per person (%s over %d year%s): %s\n",
                d->cost_per_outcome[k].text, d->outcome_people[k].text, p->delivery_years,
                p->delivery_years == 1 ? "" : "s", p->nodes[k].text);
    }
    if (outcomes > 1)
        fprintf(o, "  %s\n", d->cost_per_outcome_note);
    fputc('\n', o);
}

/* A cell right-aligned in w characters (not bytes: £ is two). */
static void rcell(FILE *o, const char *s, int w)
{
    int chars = 0;
    for (const char *c = s; *c; c++)
        chars += (*c & 0xC0) != 0x80;
    fprintf(o, " %*s%s", w > chars ? w - chars : 0, "", s);
}

static void costs(FILE *o, const results_doc *d)
{
    fprintf(o, "The costs (what the money is spent on)\n");
    for (size_t i = 0; i < d->n_costs; i++) {
        const results_cost *c = &d->costs[i];
        fprintf(o, "  %s [%s]: %s\n", c->text, c->id, c->line);
        fprintf(o, "    Evidence: %s\n", c->evidence ? c->evidence : "none recorded");
    }
    fprintf(o, "  %s\n\n", d->cash_ask_line);
}

static void cash_flow(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    fprintf(o, "Cash flow (base case, year by year)\n  %-5s", "year");
    const char *top[] = {"costs", "cashable", "non-cash", "economic", "social",
                         "benefits", "net", "net P5", "net P95"};
    int cols = d->mc ? 9 : 7;
    for (int i = 0; i < cols; i++)
        rcell(o, top[i], 10);
    fputc('\n', o);
    for (int t = 0; t < p->years; t++) {
        const results_year *y = &d->cash_flow[t];
        fprintf(o, "  %-5d", t);
        rcell(o, y->costs.text, 10);
        for (int k = 0; k < 4; k++)
            rcell(o, y->kind[k].text, 10);
        rcell(o, y->benefits.text, 10);
        rcell(o, y->net.text, 10);
        if (d->mc)
            rcell(o, y->net_p5.text, 10), rcell(o, y->net_p95.text, 10);
        fputc('\n', o);
    }
    fprintf(o, "\n  %-5s", "year");
    const char *bottom[] = {"discount", "disc. costs", "disc. benefits", "disc. net",
                            "cumulative"};
    for (int i = 0; i < 5; i++)
        rcell(o, bottom[i], 14);
    fputc('\n', o);
    for (int t = 0; t < p->years; t++) {
        const results_year *y = &d->cash_flow[t];
        fprintf(o, "  %-5d", t);
        rcell(o, y->discount_factor.text, 14);
        rcell(o, y->discounted_costs.text, 14);
        rcell(o, y->discounted_benefits.text, 14);
        rcell(o, y->discounted_net.text, 14);
        rcell(o, y->cumulative.text, 14);
        fputc('\n', o);
    }
    fprintf(o, "  %s\n\n", d->cash_flow_note);
}

static void capacity(FILE *o, const results_doc *d)
{
    if (d->n_capacity == 0)
        return;
    fprintf(o, "Capacity freed (potential: beds, places and appointments for other "
               "people, not cash)\n");
    for (size_t u = 0; u < d->n_capacity; u++) {
        const results_capacity *c = &d->capacity[u];
        fprintf(o, "  %s; from %s\n", c->line, c->services);
    }
    fputc('\n', o);
}

static void time_freed(FILE *o, const results_doc *d)
{
    if (d->n_time == 0)
        return;
    fprintf(o, "Time freed (potential: the staff stay employed, so this is capacity "
               "for other work, not cash)\n");
    for (size_t s = 0; s < d->n_time; s++) {
        const results_time *t = &d->time[s];
        fprintf(o, "  %s", t->line);
        if (t->units[0])
            fprintf(o, " (%s)", t->units);
        if (t->fte[0])
            fprintf(o, "; %s", t->fte);
        fputc('\n', o);
    }
    fputc('\n', o);
}

/* One label-and-money line; pads by characters, not bytes (£ is two bytes). */
static void money_line(FILE *o, const char *label, double v)
{
    char a[64];
    text_money(a, sizeof a, v);
    int chars = (int)text_chars(a);
    fprintf(o, "    %-44s %*s%s\n", label, 14 - chars, "", a);
}

static void breakdowns(FILE *o, const stitch_plan *p, const stitch_result *r)
{
    fprintf(o, "Where the value falls (present value, attribution view)\n  By payer:\n");
    for (size_t i = 0; i < p->n_payers; i++)
        money_line(o, p->payers[i], r->by_payer[i]);
    fprintf(o, "  By kind:\n");
    for (int k = 0; k < 4; k++)
        money_line(o, kind_names[k], r->kind[k]);
    fputc('\n', o);
}

/* Who pays and who gains (docs/method.md section 4.12), when the model
 * names any funder or stakeholder. */
static void who(FILE *o, const results_doc *d)
{
    if (d->funders_named) {
        fprintf(o, "Who pays (present value, undiscounted cash, ratio)\n");
        for (size_t i = 0; i < d->n_funders; i++) {
            const results_funder *f = &d->funders[i];
            fprintf(o, "  %s: %s (%s of the costs), cash %s, ratio %s\n", f->name,
                    f->cost.text, f->share.text, f->cash.text, f->bcr.text);
            fprintf(o, "    %s\n", f->line);
        }
        fprintf(o, "  %s\n\n", d->funder_note);
    }
    if (d->stakeholders_named) {
        fprintf(o, "Who gains (present value, share, value per £1 of cost)\n");
        for (size_t i = 0; i < d->n_stakeholders; i++) {
            const results_stakeholder *k = &d->stakeholders[i];
            fprintf(o, "  %s: %s (%s), %s", k->name, k->value.text, k->share.text,
                    k->ratio.text);
            if (k->simulated)
                fprintf(o, "; P5 %s, P50 %s, P95 %s", k->p5.text, k->p50.text,
                        k->p95.text);
            fputc('\n', o);
        }
        fprintf(o, "  %s\n\n", d->stakeholder_note);
    }
}

static void contribution(FILE *o, const results_doc *d)
{
    fprintf(o, "Contribution versus attribution\n");
    fprintf(o,
            "  Contribution (the change this project contributed to, with others):\n"
            "    benefits %s, BCR %s, NPV %s\n",
            d->contribution_pvb.text, d->contribution_bcr.text, d->contribution_npv.text);
    fprintf(o,
            "  Attribution (the share claimed for this project; the headline):\n"
            "    benefits %s, BCR %s, NPV %s\n",
            d->headline[RESULTS_PVB].base.text, d->headline[RESULTS_BCR].base.text,
            d->headline[RESULTS_NPV].base.text);
    fprintf(o, "  %s\n\n", d->break_even);
}

static void summary_row(FILE *o, const char *label, const stitch_summary *s, int money,
                        int decimals)
{
    char v[6][64];
    const double x[] = {s->mean, s->p5, s->p25, s->p50, s->p75, s->p95};
    for (int i = 0; i < 6; i++) {
        if (money)
            text_money(v[i], sizeof v[i], x[i]);
        else
            text_num(v[i], sizeof v[i], x[i], decimals);
    }
    fprintf(o, "  %-22s", label);
    for (int i = 0; i < 6; i++) {
        int chars = (int)text_chars(v[i]);
        fprintf(o, " %*s%s", 11 - chars, "", v[i]);
    }
    fputc('\n', o);
}

static void uncertainty(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_mc_result *mc = d->mc;
    char a[64];
    fprintf(o, "%s\n", d->uncertainty_title);
    if (d->range[0])
        fprintf(o, "  %s\n", d->range);
    if (d->no_bcr[0])
        fprintf(o, "  %s\n", d->no_bcr);
    fprintf(o, "  %-22s %11s %11s %11s %11s %11s %11s\n", "", "mean", "P5", "P25", "P50",
            "P75", "P95");
    if (mc->bcr_defined)
        summary_row(o, "Benefit-cost ratio", &mc->bcr, 0, 2);
    summary_row(o, "Net present value", &mc->npv, 1, 0);
    summary_row(o, "PV of benefits", &mc->pvb, 1, 0);
    summary_row(o, "PV of costs", &mc->pvc, 1, 0);
    for (size_t g = 0; g < p->n_staff; g++) {
        snprintf(a, sizeof a, "%s hours", p->staff[g]);
        text_utf8_trim(a); /* a long name is cut between characters */
        summary_row(o, a, &mc->hours[g], 0, 0);
    }
    for (size_t c = 0; c < p->n_capacity; c++) {
        char noun[300], label[320];
        fmt_units_noun(noun, sizeof noun, p->capacity_units[c]);
        snprintf(label, sizeof label, "%s avoided", noun);
        summary_row(o, label, &mc->capacity[c], 0, 0);
    }
    fprintf(o, "  Paid back by year:");
    for (int t = 0; t < p->years && t < 12; t++)
        fprintf(o, " %d: %s%s", t, text_pct(a, sizeof a, mc->payback_by[t]),
                t + 1 < p->years && t < 11 ? "," : "");
    fprintf(o, "\n  %s\n", d->precision);
    if (d->precision_target[0])
        fprintf(o, "  %s\n", d->precision_target);
    if (p->n_corr_pairs)
        fprintf(o, "  Inputs drawn together (rank correlation):\n");
    for (size_t k = 0; k < p->n_corr_pairs; k++)
        fprintf(o, "    %s ~ %s: %g\n", p->inputs[p->corr_pairs[k].a].path,
                p->inputs[p->corr_pairs[k].b].path, p->corr_pairs[k].rho);
    fputc('\n', o);
}

static void provenance(FILE *o, const stitch_plan *p, const stitch_mc_result *mc)
{
    fprintf(o, "Unit-cost tables:");
    if (p->n_tables == 0)
        fprintf(o, " none");
    for (size_t i = 0; i < p->n_tables;
         i++) { /* the file name: the full path is in the JSON report's meta */
        const char *base = strrchr(p->tables[i], '/');
        fprintf(o, "%s %s (%s)", i ? ";" : "", base ? base + 1 : p->tables[i],
                p->table_years[i]);
    }
    if (mc)
        fprintf(o, "\nRandom numbers: %s; seed %lu, %ld iterations", results_rng_name(mc),
                mc->seed, mc->iterations);
    fprintf(o, "\nstitch %s\n", stitch_version());
}

static void cell(FILE *o, const char *s, int w);

/* What the monitoring data changed (docs/method.md section 8.4). */
static void monitoring(FILE *o, const results_doc *d)
{
    if (!d->monitoring_intro[0])
        return;
    fprintf(o, "What the monitoring data changed\n  %s\n", d->monitoring_intro);
    for (size_t k = 0; k < d->n_updates; k++)
        fprintf(o, "  - %s\n", d->updates[k].line);
    if (d->has_before) {
        fprintf(o, "  The case before and after the data:\n  %-24s %12s %12s\n", "",
                "before", "after");
        for (int i = 0; i < RESULTS_COMPARE; i++) {
            const results_compare *c = &d->compare[i];
            fprintf(o, "  %-24s", c->label);
            cell(o, c->before.text, 12);
            cell(o, c->after.text, 12);
            fputc('\n', o);
        }
    }
    if (d->untouched[0])
        fprintf(o, "  %s\n", d->untouched);
    fputc('\n', o);
}

/* The contribution to the National Health and Wellbeing Outcomes: of one
 * model, or summed over a portfolio's projects (docs/method.md section 13). */
static void national_table(FILE *o, const results_national *rows, int tagged,
                           const char *title, const char *people, const char *note,
                           const char *source)
{
    fprintf(o, "\n%s\n", title);
    int untagged = 0;
    for (int k = 0; k < RESULTS_NATIONAL; k++) {
        const results_national *m = &rows[k];
        untagged += !m->tagged;
        if (m->tagged)
            fprintf(o, "  %d. %s\n     %s %s, value %s: %s\n", m->number, m->title,
                    m->people.text, people, m->value.text, m->outcomes);
    }
    if (untagged && tagged) {
        fprintf(o, "  No outcome tagged with");
        for (int k = 0, n = 0; k < RESULTS_NATIONAL; k++)
            if (!rows[k].tagged)
                fprintf(o, "%s %d", n++ ? "," : "", rows[k].number);
        fprintf(o, ".\n");
    }
    fprintf(o, "  %s\n  Source: %s.\n", note, source);
}

/* The outcome map step by step, every outcome with its evidence, priced or
 * not, and the contribution to the National Health and Wellbeing Outcomes
 * (docs/method.md section 13). */
static void outcome_map(FILE *o, const results_doc *d)
{
    fprintf(o, "%s (step by step)\n  %s\n", d->map_title, d->outcomes_intro);
    for (int c = 0; c < RESULTS_MAP_COLUMNS; c++) {
        if (!d->map_used[c])
            continue;
        fprintf(o, "  %s\n", d->map_columns[c]);
        for (size_t j = 0; j < d->n_outcome_map; j++) {
            const results_outcome *b = &d->outcome_map[j];
            if (b->column != c)
                continue;
            fprintf(o, "    - %s\n", b->line);
            if (!b->output)
                fprintf(o, "      Evidence: %s\n", b->evidence ? b->evidence : "none recorded");
        }
    }
    national_table(o, d->national, d->national_tagged, d->national_title,
                   "people (summed over outcomes)", d->national_note, d->national_source);
    fputc('\n', o);
}

void report_text_run(FILE *o, const results_doc *d)
{
    header(o, d);
    logic_model(o, d->p, d->r);
    if (d->cohorts[0])
        fprintf(o, "%s\n\n", d->cohorts);
    outcome_map(o, d);
    costs(o, d);
    headline(o, d);
    if (d->mc)
        uncertainty(o, d);
    time_freed(o, d);
    capacity(o, d);
    breakdowns(o, d->p, d->r);
    who(o, d);
    contribution(o, d);
    cash_flow(o, d);
    monitoring(o, d);
    provenance(o, d->p, d->mc);
}

static const char *path_of(const stitch_plan *p, size_t i)
{
    return p->inputs[i].path;
}

/* v, or 0 when it would print as "-0" with `decimals` places. */
static double no_negative_zero(double v, int decimals)
{
    return fabs(v) < 0.5 * pow(10, -decimals) ? 0.0 : v;
}

/* An input's value in a readable number of figures. */
static char *fmt_value(char *buf, size_t n, double v)
{
    if (isnan(v))
        snprintf(buf, n, "none");
    else if (fabs(v) >= 100)
        text_num(buf, n, v, 0);
    else if (fabs(v) >= 1)
        text_num(buf, n, v, 2);
    else /* never in scientific notation */
        results_plain_number(buf, n, v);
    return buf;
}

static char *fmt_bcr(char *buf, size_t n, double v)
{
    return results_ratio_text(buf, n, v); /* "not defined" as in every report */
}

/* Print s right-aligned in w columns, counting UTF-8 characters. */
static void cell(FILE *o, const char *s, int w)
{
    int chars = (int)text_chars(s);
    fprintf(o, " %*s%s", w > chars ? w - chars : 0, "", s);
}

static int path_width(const stitch_plan *p)
{
    int w = 20;
    for (size_t i = 0; i < p->n_inputs; i++)
        w = (int)strlen(p->inputs[i].path) > w ? (int)strlen(p->inputs[i].path) : w;
    return w > 48 ? 48 : w;
}

/* ---- the sensitivity tables (docs/method.md section 5) -------------------------------- */

/* The column (0 to w - 1) of v on a scale from lo over span. The position
 * is rounded to 10^-9 of a column first, so that a value on the boundary
 * between two columns (the base case of a symmetric input is exactly
 * half-way) lands in the same one whatever its last bits. */
static int chart_column(double v, double lo, double span, int w)
{
    double x = (v - lo) / span * (w - 1);
    return (int)lround(round(x * 1e9) / 1e9);
}

static void text_chart(FILE *o, const stitch_plan *p, const stitch_sensitivity *s, int pw)
{
    int use_bcr = !isnan(s->base_bcr);
    double lo = use_bcr ? s->base_bcr : s->base_npv, hi = lo;
    for (size_t k = 0; k < s->n_tornado; k++) {
        const sens_tornado *t = &s->tornado[k];
        double a = use_bcr ? t->bcr_low : t->npv_low,
               b = use_bcr ? t->bcr_high : t->npv_high;
        if (isnan(a) || isnan(b))
            continue;
        lo = fmin(lo, fmin(a, b));
        hi = fmax(hi, fmax(a, b));
    }
    enum { W = 40 };
    char a[64], b[64], c[64];
    if (use_bcr)
        fprintf(o,
                "\n  BCR from %s (left) to %s (right); | marks the base case %s, ! marks "
                "a BCR of 1\n",
                fmt_bcr(a, sizeof a, lo), fmt_bcr(b, sizeof b, hi),
                fmt_bcr(c, sizeof c, s->base_bcr));
    else
        fprintf(o, "\n  NPV from %s (left) to %s (right); | marks the base case\n",
                text_money(a, sizeof a, lo), text_money(b, sizeof b, hi));
    double span = hi > lo ? hi - lo : 1;
    int base = chart_column(use_bcr ? s->base_bcr : s->base_npv, lo, span, W);
    int one = use_bcr && lo <= 1 && hi >= 1 ? chart_column(1, lo, span, W) : -1;
    for (size_t k = 0; k < s->n_tornado; k++) {
        const sens_tornado *t = &s->tornado[k];
        double x = use_bcr ? t->bcr_low : t->npv_low,
               y = use_bcr ? t->bcr_high : t->npv_high;
        char bar[W + 1];
        int from = isnan(x) || isnan(y) ? 0 : chart_column(fmin(x, y), lo, span, W);
        int to = isnan(x) || isnan(y) ? -1 : chart_column(fmax(x, y), lo, span, W);
        for (int i = 0; i < W; i++)
            bar[i] = i == base ? '|' : i >= from && i <= to ? '#' : i == one ? '!' : '.';
        bar[W] = '\0';
        fprintf(o, "  %-*.*s %s\n", pw, pw, path_of(p, t->input), bar);
    }
}

static void text_tornado(FILE *o, const stitch_plan *p, const stitch_sensitivity *s,
                         int pw)
{
    char v[6][64];
    fprintf(o, "1. One-way sensitivity (tornado)\n"
               "  Each uncertain input at its P10 and P90, the rest at base; fixed\n"
               "  adjustments (marked *) at half and one and a half times their value.\n"
               "  Largest swing first.\n\n");
    if (!s->n_tornado) {
        fprintf(o, "  No input changes the result: the model has no uncertain inputs or "
                   "adjustments.\n\n");
        return;
    }
    fprintf(o, "  %-*s", pw + 1, "input");
    const char *heads[] = {"low",         "high",       "BCR at low",
                           "BCR at high", "NPV at low", "NPV at high"};
    for (int i = 0; i < 6; i++)
        cell(o, heads[i], i < 2 ? 9 : 11);
    fputc('\n', o);
    for (size_t k = 0; k < s->n_tornado; k++) {
        const sens_tornado *t = &s->tornado[k];
        fprintf(o, "  %-*.*s%c", pw, pw, path_of(p, t->input), t->adjustment ? '*' : ' ');
        cell(o, fmt_value(v[0], 64, t->low), 9);
        cell(o, fmt_value(v[1], 64, t->high), 9);
        cell(o, fmt_bcr(v[2], 64, t->bcr_low), 11);
        cell(o, fmt_bcr(v[3], 64, t->bcr_high), 11);
        cell(o, text_money(v[4], 64, t->npv_low), 11);
        cell(o, text_money(v[5], 64, t->npv_high), 11);
        fputc('\n', o);
    }
    text_chart(o, p, s, pw);
    fprintf(o, "  Not shown: fixed numbers other than adjustments");
    if (s->n_flat)
        fprintf(o,
                ",\n  and %zu input%s whose range does not move the result (such as an "
                "adjustment at 0)",
                s->n_flat, s->n_flat == 1 ? "" : "s");
    fprintf(o, ".\n");
    fputc('\n', o);
}

static void text_switching(FILE *o, const stitch_plan *p, const stitch_sensitivity *s,
                           int pw)
{
    char v[6][64];
    fprintf(o, "2. Switching values\n"
               "  The value of each input, on its own, at which the NPV falls to zero\n"
               "  (the case stops paying back), beside the input's plausible range.\n\n");
    fprintf(o, "  %-*s", pw + 1, "input");
    const char *heads[] = {"base", "switches at", "change", "P5", "P95"};
    for (int i = 0; i < 5; i++)
        cell(o, heads[i], i == 1 ? 12 : i == 2 ? 10 : 9);
    fprintf(o, "  in range?\n");
    size_t inside = 0;
    for (size_t k = 0; k < s->n_switching; k++) {
        const sens_switch *w = &s->switching[k];
        fprintf(o, "  %-*.*s ", pw, pw, path_of(p, w->input));
        cell(o, fmt_value(v[0], 64, w->base), 9);
        cell(o, fmt_value(v[1], 64, w->value), 12);
        if (isnan(w->value))
            snprintf(v[2], 64, "-");
        else if (p->inputs[w->input].domain == DOMAIN_SHARE) /* percentage points */
            snprintf(v[2], 64,
                     fabs(w->value - w->base) < 0.01 ? "%+.1f pts" : "%+.0f pts",
                     no_negative_zero(100 * (w->value - w->base),
                                      fabs(w->value - w->base) < 0.01 ? 1 : 0));
        else if (w->base == 0)
            snprintf(v[2], 64, "-");
        else
            snprintf(v[2], 64, "%+.0f%%",
                     no_negative_zero(100 * (w->value - w->base) / fabs(w->base), 0));
        cell(o, v[2], 10);
        if (w->fixed)
            snprintf(v[3], 64, "-"), snprintf(v[4], 64, "-");
        else
            fmt_value(v[3], 64, w->p5), fmt_value(v[4], 64, w->p95);
        cell(o, v[3], 9);
        cell(o, v[4], 9);
        fprintf(o, "  %s\n",
                isnan(w->value) ? "-"
                : w->fixed      ? "fixed"
                : w->in_range   ? "YES"
                                : "no");
        inside += (size_t)w->in_range;
    }
    if (!s->n_switching)
        fprintf(o, "  No input moves the NPV.\n");
    if (inside) {
        fprintf(o,
                "\n  The case rests on %zu assumption%s: within %s plausible range, on "
                "its own,\n  each of these could turn the NPV negative:\n",
                inside, inside == 1 ? "" : "s", inside == 1 ? "its" : "their");
        for (size_t k = 0; k < s->n_switching; k++)
            if (s->switching[k].in_range)
                fprintf(o, "    %s\n", path_of(p, s->switching[k].input));
    } else if (s->n_switching)
        fprintf(
            o, "\n  No input, on its own, turns the NPV %s within its plausible range.\n",
            s->base_npv >= 0 ? "negative" : "positive");
    fprintf(
        o,
        "  \"none\": no value the input can take (0 to 1 for a share, 0 or more for a\n"
        "  count or cost) does it, so there is nothing to compare (\"-\"). Shares\n"
        "  change in percentage points (pts), other inputs in per cent of their base.\n"
        "  \"fixed\": the model gives one value, not a range, so only you can judge\n"
        "  whether its switching value is plausible.\n\n");
}

static void text_scenarios(FILE *o, const stitch_sensitivity *s)
{
    char v[6][64];
    int nw = 8;
    for (size_t k = 0; k < s->n_scenarios; k++)
        nw = (int)strlen(s->scenarios[k].name) > nw ? (int)strlen(s->scenarios[k].name)
                                                    : nw;
    nw = nw > 60 ? 60 : nw;
    fprintf(o,
            "3. Scenarios\n"
            "  Pessimistic: every uncertain input at whichever of its P10 and P90 is\n"
            "  worse for the case; optimistic: the better one. Year 0 is the first.\n\n");
    fprintf(o, "  %-*s", nw, "scenario");
    const char *heads[] = {"PV benefits", "PV costs", "NPV", "BCR", "pays back"};
    for (int i = 0; i < 5; i++)
        cell(o, heads[i], i < 3 ? 12 : 10);
    fputc('\n', o);
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const sens_scenario *c = &s->scenarios[k];
        fprintf(o, "  %-*.*s", nw, nw, c->name);
        cell(o, text_money(v[0], 64, c->pvb), 12);
        cell(o, text_money(v[1], 64, c->pvc), 12);
        cell(o, text_money(v[2], 64, c->npv), 12);
        cell(o, fmt_bcr(v[3], 64, c->bcr), 10);
        if (c->payback_year < 0)
            snprintf(v[4], 64, "never");
        else
            snprintf(v[4], 64, "year %d", c->payback_year);
        cell(o, v[4], 10);
        fputc('\n', o);
    }
    fputc('\n', o);
}

static void text_grid(FILE *o, const stitch_plan *p, const stitch_sensitivity *s)
{
    char v[64];
    fprintf(o, "4. Two-way grid\n");
    if (s->grid_a < 0) {
        fprintf(o, "  Not shown: the model has fewer than two inputs that change the "
                   "result.\n\n");
        return;
    }
    const char *hit = isnan(s->base_bcr) ? "NPV" : "BCR";
    fprintf(o,
            "  %s as two inputs move together, the rest at base:\n"
            "    rows:    %s\n    columns: %s\n"
            "  Each runs from its P10 to its P90 (the middle value is the median, P50),\n"
            "  or from half to one and a half times a fixed value (0 to 1 for a share at "
            "0).\n"
            "  * marks cells that break even (BCR at least 1).\n\n",
            hit, path_of(p, (size_t)s->grid_a), path_of(p, (size_t)s->grid_b));
    fprintf(o, "  %12s", "");
    for (size_t j = 0; j < s->grid_n; j++)
        cell(o, fmt_value(v, sizeof v, s->grid_bv[j]), 10);
    fputc('\n', o);
    for (size_t i = 0; i < s->grid_n; i++) {
        fprintf(o, "  ");
        cell(o, fmt_value(v, sizeof v, s->grid_av[i]), 11);
        for (size_t j = 0; j < s->grid_n; j++) {
            double b = s->grid_bcr[i * s->grid_n + j], n = s->grid_npv[i * s->grid_n + j];
            char c[48];
            if (isnan(b))
                text_money(c, sizeof c, n);
            else
                text_num(c, sizeof c, b, 2);
            snprintf(v, sizeof v, "%s%s", n >= 0 ? "*" : "", c);
            cell(o, v, 10);
        }
        fputc('\n', o);
    }
    fputc('\n', o);
}

static void text_horizon(FILE *o, const stitch_plan *p, const stitch_sensitivity *s)
{
    char a[64], b[64];
    fprintf(o, "5. Horizon and discount rate\n  If the appraisal stopped after:\n");
    for (int t = 0; t < p->years; t++)
        fprintf(o, "    %3d year%s  BCR %6s  NPV %s\n", t + 1, t ? "s" : " ",
                fmt_bcr(a, sizeof a, s->horizon_bcr[t]),
                text_money(b, sizeof b, s->horizon_npv[t]));
    fprintf(o, "  At another discount rate (every benefit and cost):\n");
    for (size_t k = 0; k < s->n_discount; k++) {
        const sens_discount *d = &s->discount[k];
        char label[64];
        if (isnan(d->rate) && p->n_sched > 1)
            snprintf(label, sizeof label, "the model's own (%s, %s%s)", p->sched_names[0],
                     p->sched_names[1], p->n_sched > 2 ? ", ..." : "");
        else if (isnan(d->rate))
            snprintf(label, sizeof label, "the model's (%s)", p->sched_names[0]);
        else
            snprintf(label, sizeof label, "%.1f%%", 100 * d->rate);
        fprintf(o, "    %-22s BCR %6s  NPV %s\n", label, fmt_bcr(a, sizeof a, d->bcr),
                text_money(b, sizeof b, d->npv));
    }
    fputc('\n', o);
}

static void text_attribution(FILE *o, const stitch_plan *p, const stitch_sensitivity *s)
{
    char v[5][64];
    fprintf(o, "6. Contribution and attribution\n");
    if (isnan(s->break_even_attribution))
        fprintf(
            o,
            "  Even claiming all of the change, the benefits do not cover the costs.\n");
    else
        fprintf(o,
                "  The project pays back as long as others caused no more than %s of the "
                "change\n  (break-even attribution, applied to every benefit).\n",
                text_pct(v[0], 64, s->break_even_attribution));
    fprintf(o, "\n  %-20s", "benefit");
    const char *heads[] = {"contribution", "attribution", "attributed", "alone pays if"};
    for (int i = 0; i < 4; i++)
        cell(o, heads[i], 14);
    fputc('\n', o);
    for (size_t i = 0; i < p->n_benefits; i++) {
        const sens_benefit *b = &s->benefits[i];
        fprintf(o, "  %-20.20s", p->benefits[i].id);
        cell(o, text_money(v[0], 64, b->contribution), 14);
        cell(o, text_pct(v[1], 64, b->attribution), 14);
        cell(o, text_money(v[2], 64, b->attributed), 14);
        if (isnan(b->break_even_alone))
            snprintf(v[3], 64, "never");
        else {
            char pct[32];
            snprintf(v[3], 64, "attr ≤ %s",
                     text_pct(pct, sizeof pct, b->break_even_alone));
        }
        cell(o, v[3], 14);
        fputc('\n', o);
    }
    fprintf(o, "  \"alone pays if\": the largest attribution at which this benefit by "
               "itself\n  would still cover every cost.\n\n");
}

static void text_sobol(FILE *o, const stitch_plan *p, const stitch_sensitivity *s, int pw)
{
    char a[64], b[64];
    fprintf(o, "7. Global sensitivity (Sobol indices of NPV)\n");
    if (s->sobol_status == -2) {
        fprintf(o, "  Not computed: Sobol indices were not asked for.\n\n");
        return;
    }
    if (s->sobol_status == -1) {
        fprintf(
            o, "  The model has no uncertain inputs, so there is no uncertainty to share "
               "out.\n\n");
        return;
    }
    if (s->sobol_status == SOBOL_NOVAR) {
        fprintf(o, "  The NPV does not vary with the uncertain inputs, so there is no "
                   "uncertainty to share out.\n\n");
        return;
    }
    fprintf(o,
            "  The share of the NPV's variance due to each input alone (first order)\n"
            "  and with its interactions (total); %s samples, 95%% bootstrap intervals.\n"
            "  Inputs are treated as independent here, even if the model correlates "
            "them.\n\n",
            text_num(a, sizeof a, (double)s->sobol_samples, 0));
    fprintf(o, "  %-*s %23s %23s\n", pw, "input", "first order", "total");
    size_t order[s->n_sobol + 1], marked = 0;
    for (size_t i = 0; i < s->n_sobol; i++) /* largest total first (insertion sort) */
        for (size_t k = i;; k--) {
            if (k == 0 || s->sobol[order[k - 1]].st >= s->sobol[i].st) {
                order[k] = i;
                break;
            }
            order[k] = order[k - 1];
        }
    for (size_t r = 0; r < s->n_sobol; r++) {
        const sobol_index *x = &s->sobol[order[r]];
        int negligible = x->st_lo <= 0 || x->st_hi < 0.01;
        marked += (size_t)negligible;
        char e[6][32]; /* shares of variance: shown within 0 to 1 */
        snprintf(a, sizeof a, "%s [%s, %s]", results_sobol_text(e[0], 32, x->s1),
                 results_sobol_text(e[1], 32, x->s1_lo), results_sobol_text(e[2], 32, x->s1_hi));
        snprintf(b, sizeof b, "%s [%s, %s]", results_sobol_text(e[3], 32, x->st),
                 results_sobol_text(e[4], 32, x->st_lo), results_sobol_text(e[5], 32, x->st_hi));
        fprintf(o, "  %-*.*s %23s %23s%s\n", pw, pw, path_of(p, p->uncertain[order[r]]),
                a, b, negligible ? "  ~0" : "");
    }
    if (marked)
        fprintf(
            o, "  ~0: the input's share of the NPV's variance cannot be told from zero,\n"
               "  or is under 1%% even at the top of its interval: narrowing its range\n"
               "  would change the spread of results little.\n");
    fputc('\n', o);
}

void report_text_sensitivity(FILE *o, const stitch_plan *p, const stitch_sensitivity *s)
{
    char a[64], b[64];
    int pw = path_width(p);
    fprintf(o, "Sensitivity: which assumptions the case rests on\n");
    fprintf(o, "  Base case: BCR %s, NPV %s\n\n", fmt_bcr(a, sizeof a, s->base_bcr),
            text_money(b, sizeof b, s->base_npv));
    text_tornado(o, p, s, pw);
    text_switching(o, p, s, pw);
    text_scenarios(o, s);
    text_grid(o, p, s);
    text_horizon(o, p, s);
    text_attribution(o, p, s);
    text_sobol(o, p, s, pw);
}

/* ---- the value of information (docs/method.md section 11) ---------------- */

static void evidence_rows(FILE *o, const results_evppi *r, size_t n, int paths)
{
    for (size_t i = 0; i < n; i++) {
        int chars = (int)text_chars(r[i].text);
        fprintf(o, "  %*s%s  %s", 20 > chars ? 20 - chars : 0, "", r[i].text,
                r[i].t->label);
        if (paths)
            fprintf(o, " [%s]", r[i].t->path);
        fputc('\n', o);
    }
}

void report_text_evidence(FILE *o, const results_evidence *d)
{
    const stitch_evidence *e = d->e;
    fprintf(o, "%s\n%s\n\n", d->p->name, d->basis);
    fprintf(o, "What is worth finding out (the value of information)\n");
    fprintf(o, "  %s\n  %s\n  %s\n", d->decision, d->wrong, d->evpi);
    if (d->before[0])
        fprintf(o, "  %s\n", d->before);
    fputc('\n', o);
    if (!(e->evpi.value > 0))
        return;
    fprintf(o, "What resolving each uncertainty would be worth (EVPPI, largest first)\n");
    evidence_rows(o, d->inputs, e->n_inputs, 1);
    if (e->n_groups) {
        fprintf(o, "\nWhat resolving a group of them together would be worth\n");
        evidence_rows(o, d->groups, e->n_groups, 0);
    }
    if (d->n_studies) {
        fprintf(o, "\nWhat a study would be worth (EVSI)\n");
        for (size_t i = 0; i < d->n_studies; i++)
            fprintf(o, "  %s\n", d->studies[i]);
    }
    if (d->negligible[0])
        fprintf(o, "\n  %s\n", d->negligible);
    fprintf(o, "\n  Each figure is an estimate from the simulation (\xC2\xB1 one standard "
               "error).\n  A study is worth running only if it costs less than its value, "
               "and\n  only the evidence it produces can change the decision.\n");
}

/* ---- a comparison of options (docs/method.md section 12) ------------------ */

void report_text_comparison(FILE *o, const results_comparison *d)
{
    fprintf(o, "%s\n%s\n\n", d->title, d->shared);
    for (size_t i = 0; i < d->n; i++) {
        const results_cmp_option *x = &d->opt[i];
        fprintf(o, "%s\n   %s\n", x->heading, x->base);
        if (x->spread[0])
            fprintf(o, "   %s\n", x->spread);
        fprintf(o, "   %s\n\n", x->best);
    }
    fprintf(o, "%s\n\n%s\n", d->ranking, d->pairs_title);
    for (size_t k = 0; k < d->n_pairs; k++)
        fprintf(o, "  %s\n    %s\n", d->pairs[k].line, d->pairs[k].dearer);
}

/* ---- a portfolio of projects (docs/method.md section 14) ------------------ */

void report_text_portfolio(FILE *o, const results_portfolio *d)
{
    fprintf(o, "%s\n%s\n(%s)\n\n", d->title, d->about, d->streams);
    fprintf(o, "The portfolio as a whole              base case      P5 to P95\n");
    static const int order[] = {RESULTS_PVC, RESULTS_PVB, RESULTS_NPV, RESULTS_BCR};
    for (size_t k = 0; k < 4; k++) {
        const results_headline *h = &d->headline[order[k]];
        char range[160] = "";
        if (h->simulated)
            snprintf(range, sizeof range, "%s to %s", h->p5.text, h->p95.text);
        fprintf(o, "  %-36s%12s   %s\n", h->label, h->base.text, range);
    }
    fprintf(o, "  %-36s%12s\n", "Cash over the delivery years", d->cash.text);
    fprintf(o, "  %s\n\n", d->spread);
    fprintf(o, "Projects (base case; NPV P5 to P95 from the joint simulation)\n");
    for (size_t i = 0; i < d->n; i++) {
        const results_pf_project *q = &d->proj[i];
        fprintf(o, "  %zu. %s (%s)%s%s\n", i + 1, q->name, q->model, *q->chosen ? ": " : "",
                q->chosen);
        fprintf(o,
                "     cash %s, PV of costs %s, PV of benefits %s, NPV %s, BCR %s\n"
                "     NPV %s to %s; above \xC2\xA3" "0 in %s of simulations\n",
                q->cash.text, q->pvc.text, q->pvb.text, q->npv.text, q->bcr.text,
                q->npv_p5.text, q->npv_p95.text, q->p_npv_gt_0.text);
    }
    if (d->n_staff) {
        fprintf(o, "\nTime freed, summed over the projects (over the appraisal)\n");
        for (size_t g = 0; g < d->n_staff; g++)
            fprintf(o, "  %s\n", d->staff[g].line);
    }
    if (d->n_capacity) {
        fprintf(o, "\nCapacity freed, summed over the projects\n");
        for (size_t c = 0; c < d->n_capacity; c++)
            fprintf(o, "  %s\n", d->capacity[c].line);
    }
    fprintf(o, "\nValue by payer (present value, base case)\n");
    for (size_t k = 0; k < d->n_payers; k++)
        fprintf(o, "  %s\n", d->payers[k].line);
    fprintf(o, "\nValue by kind (present value, base case)\n");
    for (size_t k = 0; k < 4; k++)
        fprintf(o, "  %s\n", d->kind[k].line);
    if (d->has_selection)
        fprintf(o, "\nAllocating the budget\n  %s\n  %s\n  %s\n  %s\n", d->chosen,
                d->runner_up, d->beats, d->caveat);
    national_table(o, d->national, d->national_tagged, d->national_title,
                   "people (summed over outcomes and projects)", d->national_note,
                   d->national_source);
}
