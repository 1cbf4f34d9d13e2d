/* report_text.c — stage 5: the business case in plain words for a bid writer. */
#include "fmt.h"
#include "model.h"
#include "plan.h"
#include "report.h"
#include "text.h"

#include <math.h>
#include <string.h>

static const char *const kind_names[] = {"cashable savings",
                                         "non-cashable (time and capacity freed)",
                                         "economic value", "social value"};

static void header(FILE *o, const stitch_plan *p)
{
    fprintf(o, "%s\n", p->name);
    if (p->organisation[0])
        fprintf(o, "%s\n", p->organisation);
    char runs[64];
    fprintf(o, "Prices %s · %d-year appraisal, service runs %s · discount %s\n\n",
            p->price_year, p->years,
            text_count(runs, sizeof runs, p->delivery_years, "year", "years"),
            p->sched_names[0]);
}

static void chain_node(FILE *o, const stitch_plan *p, const stitch_result *r, size_t k,
                       int depth)
{
    char a[64];
    const plan_node *n = &p->nodes[k];
    fprintf(o, "%*s%-8s %s [%s]: %s people a year\n", 2 + 2 * depth, "",
            n->parent < 0 ? "Output" : "Outcome", n->text, n->id,
            text_num(a, sizeof a, r->people[k], 1));
    for (size_t b = 0; b < p->n_benefits; b++) {
        const plan_benefit *pb = &p->benefits[b];
        if (pb->node != k)
            continue;
        fprintf(o, "%*sBenefit  %s [%s]: present value %s\n", 4 + 2 * depth, "", pb->text,
                pb->id, text_money(a, sizeof a, r->by_benefit[b]));
    }
    for (size_t c = 0; c < p->n_nodes; c++)
        if (p->nodes[c].parent == (long)k)
            chain_node(o, p, r, c, depth + 1);
}

static void logic_model(FILE *o, const stitch_plan *p, const stitch_result *r)
{
    char a[64];
    fprintf(o, "The logic model (base case, people in each delivery year)\n");
    fprintf(o, "  Need     %s: %s people\n", p->need_text,
            text_num(a, sizeof a, dist_mean(&p->population), 0));
    for (size_t k = 0; k < p->n_nodes; k++)
        if (p->nodes[k].parent < 0)
            chain_node(o, p, r, k, 0);
    fputc('\n', o);
}

static void headline(FILE *o, const stitch_plan *p, const stitch_result *r)
{
    char a[64], b[64], c[64];
    fprintf(o, "The business case (base case: every assumption at its mean)\n");
    fprintf(o, "  Present value of benefits   %s\n", text_money(a, sizeof a, r->pvb));
    fprintf(o, "  Present value of costs      %s\n", text_money(a, sizeof a, r->pvc));
    if (isfinite(r->bcr))
        fprintf(o, "  Benefit-cost ratio          %s (%s back for every £1 spent)\n",
                text_num(b, sizeof b, r->bcr, 2), text_money(a, sizeof a, r->bcr));
    else
        fprintf(o, "  Benefit-cost ratio          not defined: the costs are zero\n");
    fprintf(o, "  Net present value           %s\n", text_money(a, sizeof a, r->npv));
    fprintf(o, "  Return on investment        %s\n", text_pct(a, sizeof a, r->roi));
    if (r->payback_year >= 0)
        fprintf(
            o,
            "  Payback                     year %d (discounted; year 0 is the first)\n",
            r->payback_year);
    else
        fprintf(o, "  Payback                     not within the %d-year appraisal\n",
                p->years);
    for (size_t k = 0; k < p->n_nodes; k++) {
        double people = r->people[k] * p->delivery_years;
        if (p->nodes[k].parent < 0)
            continue;
        fprintf(o, "  Cost per outcome            %s per person (%s over %s): %s\n",
                people > 0 ? text_money(a, sizeof a, r->pvc / people) : "not defined",
                text_num(b, sizeof b, people, people < 10 ? 1 : 0),
                text_count(c, sizeof c, p->delivery_years, "year", "years"),
                p->nodes[k].text);
    }
    fputc('\n', o);
}

static void time_freed(FILE *o, const stitch_plan *p, const stitch_result *r)
{
    char a[64], b[64], line[512], units[1024];
    if (p->n_staff == 0)
        return;
    fprintf(o, "Time freed (potential: the staff stay employed, so this is capacity "
               "for other work, not cash)\n");
    for (size_t s = 0; s < p->n_staff; s++) {
        double h = fabs(r->hours[s]);
        fprintf(o, "  %s", fmt_staff_time(line, sizeof line, p->staff[s], r->hours[s]));
        if (fmt_staff_units(units, sizeof units, p, r, s)[0])
            fprintf(o, " (%s)", units);
        double fte = p->staff_fte_hours ? p->staff_fte_hours[s] : NAN;
        if (!isnan(fte) && h / fte < 0.005)
            fprintf(o, "; under 0.01 FTE at %s working hours a year",
                    text_num(b, sizeof b, fte, 0));
        else if (!isnan(fte))
            fprintf(o, "; %s FTE at %s working hours a year",
                    text_num(a, sizeof a, h / fte, h / fte < 10 ? 2 : 1),
                    text_num(b, sizeof b, fte, 0));
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

static void contribution(FILE *o, const stitch_result *r)
{
    char a[64], b[64], c[64];
    fprintf(o, "Contribution versus attribution\n");
    fprintf(o,
            "  Contribution (the change this project contributed to, with others):\n"
            "    benefits %s, BCR %s, NPV %s\n",
            text_money(a, sizeof a, r->contribution_pvb),
            isfinite(r->contribution_bcr) ? text_num(b, sizeof b, r->contribution_bcr, 2)
                                          : "not defined",
            text_money(c, sizeof c, r->contribution_npv));
    fprintf(o,
            "  Attribution (the share claimed for this project; the headline):\n"
            "    benefits %s, BCR %s, NPV %s\n",
            text_money(a, sizeof a, r->pvb),
            isfinite(r->bcr) ? text_num(b, sizeof b, r->bcr, 2) : "not defined",
            text_money(c, sizeof c, r->npv));
    if (r->pvc == 0 && isfinite(r->break_even_attribution))
        fprintf(o, "  Break-even attribution %s: %s\n",
                text_pct(a, sizeof a, r->break_even_attribution),
                fmt_break_even_no_costs);
    else if (isfinite(r->break_even_attribution))
        fprintf(o,
                "  Break-even attribution %s: the project pays back even if others "
                "caused up to %s of the change.\n",
                text_pct(a, sizeof a, r->break_even_attribution),
                text_pct(b, sizeof b, r->break_even_attribution));
    else
        fprintf(o, "  Break-even attribution: none. Even claiming all of the change, the "
                   "benefits do not cover the costs.\n");
    fputc('\n', o);
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

static void uncertainty(FILE *o, const stitch_plan *p, const stitch_mc_result *mc)
{
    char a[64], b[64], c[64], no_bcr[512];
    fprintf(o, "Uncertainty (%s, seed %lu)\n",
            text_count(a, sizeof a, mc->iterations, "simulation", "simulations"),
            mc->seed);
    if (mc->bcr_defined)
        fprintf(o,
                "  In 9 out of 10 simulations the BCR lies between %s and %s; the "
                "project breaks even in %s of them.\n",
                text_num(a, sizeof a, mc->bcr.p5, 2),
                text_num(b, sizeof b, mc->bcr.p95, 2),
                text_pct(c, sizeof c, mc->p_bcr_ge_1));
    if (mc->no_bcr > 0)
        fprintf(o, "  %s\n", fmt_no_bcr(no_bcr, sizeof no_bcr, mc));
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
    fprintf(o, "  Paid back by year:");
    for (int t = 0; t < p->years && t < 12; t++)
        fprintf(o, " %d: %s%s", t, text_pct(a, sizeof a, mc->payback_by[t]),
                t + 1 < p->years && t < 11 ? "," : "");
    if (mc->iterations < 2)
        fprintf(o,
                "\n  Precision: not estimable from a single simulation; run at least 2 "
                "to see how precise the figures above are.\n");
    else if (!mc->bcr_defined)
        fprintf(o,
                "\n  Precision: the mean NPV is within about ±%s (2 Monte Carlo "
                "standard errors).\n",
                text_money(b, sizeof b, 2 * mc->npv.mcse));
    else if (!isfinite(mc->bcr.mcse)) /* BCRs too large to add up: see the mean */
        fprintf(o,
                "\n  Precision: the chance of breaking even is within ±%s percentage "
                "points (2 Monte Carlo standard errors); the mean BCR is not defined, so "
                "neither is its precision.\n",
                text_num(c, sizeof c, 200 * mc->p_bcr_ge_1_mcse, 1));
    else
        fprintf(o,
                "\n  Precision: the mean BCR is within about ±%s and the chance of "
                "breaking even within ±%s percentage points (2 Monte Carlo standard "
                "errors).\n",
                text_num(b, sizeof b, 2 * mc->bcr.mcse, 3),
                text_num(c, sizeof c, 200 * mc->p_bcr_ge_1_mcse, 1));
    if (mc->precision > 0 && mc->precision_met)
        fprintf(o, "  Ran until both standard errors were at most %g (--precision).\n",
                mc->precision);
    else if (mc->precision > 0)
        fprintf(o,
                "  Note: the --precision target %g was not reached within %s; "
                "allow more with --iterations.\n",
                mc->precision,
                text_count(a, sizeof a, mc->iterations, "simulation", "simulations"));
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
        fprintf(o, "\nRandom numbers: %s; seed %lu, %ld iterations", STITCH_RNG_NAME,
                mc->seed, mc->iterations);
    fprintf(o, "\nstitch %s\n", stitch_version());
}

void report_text_run(FILE *o, const stitch_plan *p, const stitch_result *r,
                     const stitch_mc_result *mc)
{
    header(o, p);
    logic_model(o, p, r);
    headline(o, p, r);
    if (mc)
        uncertainty(o, p, mc);
    time_freed(o, p, r);
    breakdowns(o, p, r);
    contribution(o, r);
    provenance(o, p, mc);
}
