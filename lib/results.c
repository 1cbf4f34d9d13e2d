/* results.c — the results stage: every figure a report shows and every
 * sentence it says, worked out and worded once (results.h). The formulas
 * behind the figures are in docs/method.md (sections 4 to 7); this stage
 * only chooses and words them. */
#include "results.h"

#include "fmt.h"
#include "model.h"
#include "national.h"
#include "text.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

char *results_ratio_text(char *buf, size_t n, double v)
{
    if (!isfinite(v))
        return snprintf(buf, n, RESULTS_UNDEFINED), buf;
    return text_num(buf, n, v, 2);
}

static results_fig money(double v)
{
    results_fig f = {v, ""};
    text_money(f.text, sizeof f.text, v);
    return f;
}

/* Money in whole pounds, even below £100: a column of a year's money. */
static results_fig money0(double v)
{
    results_fig f = {v, ""};
    char num[48];
    if (!isfinite(v))
        return snprintf(f.text, sizeof f.text, RESULTS_UNDEFINED), f;
    text_num(num, sizeof num, fabs(v), 0);
    snprintf(f.text, sizeof f.text, "%s£%s", v < 0 && strcmp(num, "0") ? "-" : "", num);
    return f;
}

static results_fig ratio(double v)
{
    results_fig f = {v, ""};
    results_ratio_text(f.text, sizeof f.text, v);
    return f;
}

static results_fig share(double v)
{
    results_fig f = {v, ""};
    text_pct(f.text, sizeof f.text, v);
    return f;
}

static results_fig count(double v, int decimals)
{
    results_fig f = {v, ""};
    text_num(f.text, sizeof f.text, v, decimals);
    return f;
}

/* ---- the headline --------------------------------------------------------- */

static void headline(results_doc *d)
{
    const stitch_result *r = d->r;
    const stitch_mc_result *mc = d->mc;
    static const char *const keys[] = {"bcr", "npv", "pvb", "pvc"};
    static const char *const labels[] = {"Benefit-cost ratio", "Net present value",
                                         "PV of benefits", "PV of costs"};
    const double base[] = {r->bcr, r->npv, r->pvb, r->pvc};
    const stitch_summary *sim[] = {mc && mc->bcr_defined ? &mc->bcr : NULL,
                                   mc ? &mc->npv : NULL, mc ? &mc->pvb : NULL,
                                   mc ? &mc->pvc : NULL};
    for (int i = 0; i < RESULTS_HEADLINES; i++) {
        results_headline *h = &d->headline[i];
        results_fig (*fig)(double) = i == RESULTS_BCR ? ratio : money;
        h->key = keys[i];
        h->label = labels[i];
        h->money = i != RESULTS_BCR;
        h->base = fig(base[i]);
        h->simulated = sim[i] != NULL;
        const stitch_summary *s = sim[i];
        h->mean = fig(s ? s->mean : NAN);
        h->p5 = fig(s ? s->p5 : NAN);
        h->p50 = fig(s ? s->p50 : NAN);
        h->p95 = fig(s ? s->p95 : NAN);
    }
    d->roi = share(r->roi);
}

/* ---- what the appraisal is --------------------------------------------- */

/* "Prices 2024/25 · 10-year appraisal, service runs 3 years · discount …" */
static void basis_words(char *buf, size_t n, const stitch_plan *p)
{
    char a[64];
    snprintf(buf, n,
             "Prices %s \xC2\xB7 %d-year appraisal, service runs %s \xC2\xB7 discount %s",
             p->price_year, p->years,
             text_count(a, sizeof a, p->delivery_years, "year", "years"), p->sched_names[0]);
    text_utf8_trim(buf); /* a long schedule name is cut between characters */
}

static void basis(results_doc *d)
{
    basis_words(d->basis, sizeof d->basis, d->p);
}

/* ---- the simulation: range, chance of breaking even, precision ------------ */

static void no_bcr(char *buf, size_t n, const stitch_mc_result *mc)
{
    char a[64], b[64], c[64];
    if (mc->no_bcr <= 0)
        snprintf(buf, n, "%s", "");
    else if (mc->no_bcr >= mc->iterations)
        snprintf(buf, n,
                 "No simulation had any costs, so none has a BCR or a chance of breaking "
                 "even: the NPV is the measure.");
    else
        snprintf(buf, n,
                 "%s of the %s simulations had no costs, so no BCR: the BCR figures and "
                 "the chance of breaking even are over the other %s.",
                 text_num(a, sizeof a, (double)mc->no_bcr, 0),
                 text_num(b, sizeof b, (double)mc->iterations, 0),
                 text_num(c, sizeof c, (double)(mc->iterations - mc->no_bcr), 0));
}

static void range(results_doc *d)
{
    const stitch_mc_result *mc = d->mc;
    const results_headline *bcr = &d->headline[RESULTS_BCR];
    if (!mc->bcr_defined)
        return;
    if (mc->iterations - mc->no_bcr < 2) { /* one BCR is no range */
        snprintf(d->range, sizeof d->range,
                 "Only one simulation has a BCR: %s, so it %s. One draw shows nothing of "
                 "the range; run more simulations to see it.",
                 bcr->p50.text, mc->p_bcr_ge_1 >= 1 ? "breaks even" : "does not break even");
        return;
    }
    snprintf(d->range, sizeof d->range,
             "In 9 out of 10 simulations the BCR lies between %s and %s; the project "
             "breaks even in %s of them.",
             bcr->p5.text, bcr->p95.text, d->p_break_even.text);
}

static void precision(results_doc *d)
{
    const stitch_mc_result *mc = d->mc;
    char b[64], c[64];
    size_t n = sizeof d->precision;
    if (mc->iterations < 2)
        snprintf(d->precision, n,
                 "Precision: not estimable from a single simulation; run at least 2 to "
                 "see how precise the figures above are.");
    else if (!mc->bcr_defined)
        snprintf(d->precision, n,
                 "Precision: the mean NPV is within about ±%s (2 Monte Carlo standard "
                 "errors).",
                 text_money(b, sizeof b, 2 * mc->npv.mcse));
    else if (!isfinite(mc->bcr.mcse)) /* BCRs too large to add up: see the mean */
        snprintf(d->precision, n,
                 "Precision: the chance of breaking even is within ±%s percentage points "
                 "(2 Monte Carlo standard errors); the mean BCR is not defined, so neither "
                 "is its precision.",
                 text_num(c, sizeof c, 200 * mc->p_bcr_ge_1_mcse, 1));
    else
        snprintf(d->precision, n,
                 "Precision: the mean BCR is within about ±%s and the chance of breaking "
                 "even within ±%s percentage points (2 Monte Carlo standard errors).",
                 text_num(b, sizeof b, 2 * mc->bcr.mcse, 3),
                 text_num(c, sizeof c, 200 * mc->p_bcr_ge_1_mcse, 1));
}

/* The target of a run that simulated until the figures were precise enough
 * (docs/method.md section 8), and whether it was reached. */
static void precision_target(results_doc *d)
{
    const stitch_mc_result *mc = d->mc;
    char a[64];
    size_t n = sizeof d->precision_target;
    if (!(mc->precision > 0))
        return;
    if (mc->precision_met)
        snprintf(d->precision_target, n,
                 "Ran until both standard errors were at most %g, the precision asked for.",
                 mc->precision);
    else
        snprintf(d->precision_target, n,
                 "Note: the precision asked for (standard errors at most %g) was not "
                 "reached within %s; allow more simulations.",
                 mc->precision,
                 text_count(a, sizeof a, mc->iterations, "simulation", "simulations"));
}

static void simulation(results_doc *d)
{
    const stitch_mc_result *mc = d->mc;
    char a[64];
    if (!mc)
        return;
    snprintf(d->uncertainty_title, sizeof d->uncertainty_title, "Uncertainty (%s, seed %lu)",
             text_count(a, sizeof a, mc->iterations, "simulation", "simulations"), mc->seed);
    precision_target(d);
    long with = mc->iterations - mc->no_bcr;
    if (!mc->bcr_defined)
        snprintf(d->break_even_over, sizeof d->break_even_over,
                 "no simulation had any costs");
    else
        snprintf(d->break_even_over, sizeof d->break_even_over, "in %s%s",
                 text_count(a, sizeof a, with, "simulation", "simulations"),
                 mc->no_bcr ? " with costs" : "");
    d->p_break_even = share(mc->p_bcr_ge_1);
    d->simulations = count((double)mc->iterations, 0);
    no_bcr(d->no_bcr, sizeof d->no_bcr, mc);
    range(d);
    precision(d);
}

/* ---- contribution versus attribution (docs/method.md section 4) ----------- */

static void attribution(results_doc *d)
{
    const stitch_result *r = d->r;
    d->contribution_pvb = money(r->contribution_pvb);
    d->contribution_bcr = ratio(r->contribution_bcr);
    d->contribution_npv = money(r->contribution_npv);
    d->break_even_attribution = share(r->break_even_attribution);
    if (!isfinite(r->break_even_attribution))
        snprintf(d->break_even_attribution.text, sizeof d->break_even_attribution.text,
                 "none");
    const char *pct = d->break_even_attribution.text;
    if (r->pvc == 0 && isfinite(r->break_even_attribution))
        snprintf(d->break_even, sizeof d->break_even,
                 "Break-even attribution %s: with no costs, the project pays back "
                 "whatever share of the change others caused.",
                 pct);
    else if (isfinite(r->break_even_attribution))
        snprintf(d->break_even, sizeof d->break_even,
                 "Break-even attribution %s: the project pays back even if others caused "
                 "up to %s of the change.",
                 pct, pct);
    else
        snprintf(d->break_even, sizeof d->break_even,
                 "Break-even attribution: none. Even claiming all of the change, the "
                 "benefits do not cover the costs.");
}

/* ---- time freed (docs/method.md section 4) -------------------------------- */

/* One staff group's time in words, with a positive number: "GP: about 5
 * hours", "GP: under 1 hour", or where the benefits use more of the group's
 * time than they free, "more GP time used: about 2 hours". */
static void staff_time(char *buf, size_t n, const char *group, double hours)
{
    char num[64], who[300];
    double h = fabs(hours);
    if (hours < 0)
        snprintf(who, sizeof who, "more %s time used", group);
    else
        snprintf(who, sizeof who, "%s", group);
    if (h > 0 && h < 0.5)
        snprintf(buf, n, "%s: under 1 hour", who);
    else
        snprintf(buf, n, "%s: about %s hour%s", who, text_num(num, sizeof num, h, 0),
                 lround(h) == 1 ? "" : "s");
}

/* The units behind a staff group's time: "some 12 consultations, 3
 * visits"; where more time is used, "some 12 extra consultations, 15 fewer
 * interventions"; fewer than half a unit, "under 1 extra consultation".
 * "" when no benefit has the group. */
static void staff_units(char *buf, size_t n, const stitch_plan *p, const stitch_result *r,
                        size_t s)
{
    char num[64], noun[128];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < p->n_benefits && o < n; i++) {
        const plan_benefit *pb = &p->benefits[i];
        if (pb->staff != (long)s)
            continue;
        double u = r->units[i];
        const char *how = u < 0 ? "extra " : r->hours[s] < 0 ? "fewer " : "";
        int k;
        if (u == 0)
            continue;
        if (fabs(u) < 0.5) /* never "some 0 extra consultations" */
            k = snprintf(buf + o, n - o, "%sunder 1 %s%s", o ? ", " : "", how,
                         strncmp(pb->unit, "per ", 4) == 0 ? pb->unit + 4 : pb->unit);
        else
            k = snprintf(buf + o, n - o, "%s%s %s%s", o ? ", " : "some ",
                         text_num(num, sizeof num, fabs(u), 0), how,
                         fmt_units_noun(noun, sizeof noun, pb->unit));
        o += k > 0 ? (size_t)k : 0;
    }
}

static void staff_fte(char *buf, size_t n, double hours, double fte)
{
    char a[64], b[64];
    double h = fabs(hours);
    buf[0] = '\0';
    if (isnan(fte))
        return;
    if (h / fte < 0.005)
        snprintf(buf, n, "under 0.01 FTE at %s working hours a year",
                 text_num(b, sizeof b, fte, 0));
    else
        snprintf(buf, n, "%s FTE at %s working hours a year",
                 text_num(a, sizeof a, h / fte, h / fte < 10 ? 2 : 1),
                 text_num(b, sizeof b, fte, 0));
}

static int time_freed(results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_result *r = d->r;
    d->n_time = p->n_staff;
    d->time = calloc(p->n_staff ? p->n_staff : 1, sizeof *d->time);
    if (!d->time)
        return -1;
    for (size_t s = 0; s < p->n_staff; s++) {
        results_time *t = &d->time[s];
        t->group = p->staff[s];
        t->hours = count(r->hours[s], 0);
        staff_time(t->line, sizeof t->line, p->staff[s], r->hours[s]);
        staff_units(t->units, sizeof t->units, p, r, s);
        staff_fte(t->fte, sizeof t->fte, r->hours[s],
                  p->staff_fte_hours ? p->staff_fte_hours[s] : NAN);
        t->simulated = d->mc != NULL;
        t->p5 = count(d->mc ? d->mc->hours[s].p5 : NAN, 0);
        t->p50 = count(d->mc ? d->mc->hours[s].p50 : NAN, 0);
        t->p95 = count(d->mc ? d->mc->hours[s].p95 : NAN, 0);
    }
    return 0;
}

/* ---- value by kind -------------------------------------------------------- */

static void kinds(results_doc *d)
{
    const stitch_result *r = d->r;
    double total = 0;
    for (int k = 0; k < 4; k++)
        total += r->kind[k];
    for (int k = 0; k < 4; k++) {
        d->kind[k] = money(r->kind[k]);
        d->kind_share[k] = share(total > 0 ? r->kind[k] / total : NAN);
    }
    /* The banner says which of cash, time freed, and value to people (economic
     * and social) is the largest part, so it is true for every model. */
    double cash = r->kind[STITCH_KIND_CASHABLE], time = r->kind[STITCH_KIND_NONCASHABLE],
           people = r->kind[STITCH_KIND_ECONOMIC] + r->kind[STITCH_KIND_SOCIAL];
    const char *banner;
    if (!(total > 0))
        banner = "None of these benefits is a cash saving.";
    else if (time >= cash && time >= people)
        banner = "Most of these savings are time freed, not cash.";
    else if (cash >= people)
        banner = "Most of these savings are cashable, but only a budget holder can say "
                 "whether the money will really be released.";
    else
        banner = "Most of this value is economic or social value to people, not a saving "
                 "to any budget.";
    snprintf(d->kind_banner, sizeof d->kind_banner, "%s", banner);
    /* what each kind is, with its figure and share: the words every report
     * puts beside the banner */
    if (!(total > 0)) {
        snprintf(d->kind_detail, sizeof d->kind_detail,
                 "The benefits add up to %s, so none of it is cashable.",
                 money(total).text);
        return;
    }
    results_fig rest = money(people);
    results_fig rest_share = share(people / total);
    snprintf(d->kind_detail, sizeof d->kind_detail,
             "Of the benefits, %s (%s) is realistically cashable: money a budget could "
             "actually release; %s (%s) is staff time and capacity freed for other work "
             "(the staff stay employed, so it pays for other work, not back into a "
             "budget); and the other %s (%s) is economic or social value to people, which "
             "no public budget sees.",
             d->kind[STITCH_KIND_CASHABLE].text, d->kind_share[STITCH_KIND_CASHABLE].text,
             d->kind[STITCH_KIND_NONCASHABLE].text,
             d->kind_share[STITCH_KIND_NONCASHABLE].text, rest.text, rest_share.text);
}

/* ---- cost per outcome (docs/method.md section 4) -------------------------- */

static int outcomes(results_doc *d)
{
    const stitch_plan *p = d->p;
    size_t n = p->n_nodes ? p->n_nodes : 1;
    d->cost_per_outcome = calloc(n, sizeof *d->cost_per_outcome);
    d->outcome_people = calloc(n, sizeof *d->outcome_people);
    if (!d->cost_per_outcome || !d->outcome_people)
        return -1;
    for (size_t k = 0; k < p->n_nodes; k++) {
        double people = d->r->people[k] * p->delivery_years;
        int outcome = p->nodes[k].parent >= 0;
        d->outcome_people[k] = count(people, people < 10 ? 1 : 0);
        d->cost_per_outcome[k] = money(outcome && people > 0 ? d->r->pvc / people : NAN);
    }
    return 0;
}

/* ---- the charts' data ----------------------------------------------------- */

static const char *const kind_labels[] = {"cashable", "non-cashable (time freed)",
                                          "economic", "social"};
static const char *const view_labels[] = {"contribution (with others)",
                                          "attribution (this project)", "costs"};

static results_chart *chart_add(results_doc *d, results_chart_kind kind, const char *id)
{
    results_chart *c = &d->chart[d->n_charts++];
    *c = (results_chart){.kind = kind, .id = id, .ref = NAN, .mark = NAN};
    return c;
}

static int tornado_chart(results_doc *d)
{
    const stitch_sensitivity *s = d->s;
    size_t n = s->n_tornado < 12 ? s->n_tornado : 12;
    d->tornado_labels = calloc(n, sizeof *d->tornado_labels);
    d->tornado_lo = calloc(n, sizeof *d->tornado_lo);
    d->tornado_hi = calloc(n, sizeof *d->tornado_hi);
    d->tornado_text = calloc(n ? n : 1, sizeof *d->tornado_text);
    if (!d->tornado_labels || !d->tornado_lo || !d->tornado_hi || !d->tornado_text)
        return -1;
    int use_npv = isnan(s->base_bcr);
    for (size_t k = 0; k < n; k++) {
        plan_input_short_label(d->tornado_text[k], sizeof d->tornado_text[k], d->p,
                                  s->tornado[k].input, 18);
        d->tornado_labels[k] = d->tornado_text[k];
        d->tornado_lo[k] = use_npv ? s->tornado[k].npv_low : s->tornado[k].bcr_low;
        d->tornado_hi[k] = use_npv ? s->tornado[k].npv_high : s->tornado[k].bcr_high;
    }
    results_chart *c = chart_add(d, CHART_TORNADO, "chart-tornado");
    c->caption = "Tornado: the result with each input at its P10 and P90 (fixed "
                 "adjustments at half and one and a half times), the rest at base; the "
                 "largest swings first.";
    c->axis = use_npv ? "NPV (£)" : "benefit-cost ratio";
    c->n = n;
    c->labels = d->tornado_labels;
    c->lo = d->tornado_lo;
    c->hi = d->tornado_hi;
    c->ref = use_npv ? s->base_npv : s->base_bcr;
    c->mark = use_npv ? 0.0 : 1.0;
    return 0;
}

/* A bar chart, and each bar's figure in words, "£12,345" or "1,200 hours",
 * for the table beside it. Returns -1 when out of memory. */
static int bars(results_doc *d, const char *id, const char *const *labels,
                const double *values, size_t n, int is_money, const char *axis,
                const char *caption)
{
    results_chart *c = chart_add(d, CHART_BARS, id);
    c->labels = labels;
    c->values = values;
    c->n = n;
    c->money = is_money;
    c->axis = axis;
    c->caption = caption;
    c->figs = calloc(n ? n : 1, sizeof *c->figs);
    if (!c->figs)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (is_money) {
            c->figs[i] = money(values[i]);
            continue;
        }
        char num[64];
        c->figs[i].value = values[i];
        snprintf(c->figs[i].text, sizeof c->figs[i].text, "%s hours",
                 text_num(num, sizeof num, values[i], 0));
    }
    return 0;
}

static int charts(results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_result *r = d->r;
    const stitch_mc_result *mc = d->mc;
    if (mc) {
        results_chart *c = chart_add(d, CHART_HISTOGRAM, "chart-distribution");
        c->values = mc->hist;
        c->n = STITCH_HIST_BINS;
        c->from = mc->hist_lo;
        c->to = mc->hist_hi;
        c->mark = mc->hist_of_npv ? 0.0 : 1.0;
        c->axis = mc->hist_of_npv ? "NPV (£)" : "benefit-cost ratio";
        c->caption = mc->hist_of_npv ? "How the NPV varies over the simulations; the "
                                       "dashed line is break-even."
                                     : "How the BCR varies over the simulations; the "
                                       "dashed line is break-even (BCR 1).";
    }
    if (d->s && d->s->n_tornado && tornado_chart(d))
        return -1;
    if (p->n_staff && bars(d, "chart-time", (const char *const *)p->staff, r->hours,
                           p->n_staff, 0, "hours freed over the appraisal",
                           "Time freed by staff group (potential capacity, not cash)."))
        return -1;
    if (bars(d, "chart-payer", (const char *const *)p->payers, r->by_payer, p->n_payers, 1,
             "present value (£)", "Present value of benefits by who would see them."))
        return -1;
    if (bars(d, "chart-kind", kind_labels, r->kind, 4, 1, "present value (£)",
             "Present value of benefits by kind: only the first is cash."))
        return -1;
    d->contribution_view[0] = r->contribution_pvb;
    d->contribution_view[1] = r->pvb;
    d->contribution_view[2] = r->pvc;
    return bars(d, "chart-contribution", view_labels, d->contribution_view, 3, 1,
                "present value (£)",
                "Contribution versus attribution: the change the project contributed to, "
                "the share claimed for it, and its costs.");
}

/* ---- the costs (docs/method.md section 4.1) ------------------------------- */

static int cost_lines(results_doc *d)
{
    const stitch_plan *p = d->p;
    char a[64], b[64], c[64];
    d->n_costs = p->n_costs;
    d->costs = calloc(p->n_costs ? p->n_costs : 1, sizeof *d->costs);
    if (!d->costs)
        return -1;
    for (size_t i = 0; i < p->n_costs; i++) {
        const plan_cost *pc = &p->costs[i];
        const stitch_dist *dist = &p->inputs[pc->amount].dist;
        results_cost *k = &d->costs[i];
        double lo = NAN, hi = NAN, base = d->r ? dist_mean(dist) : NAN;
        k->id = pc->id, k->text = pc->text, k->evidence = pc->evidence;
        k->once = pc->once;
        k->per = pc->once ? "once" : "a year";
        k->fixed = dist->kind == DIST_FIXED;
        if (k->fixed || dist_quantile(dist, 0.05, &lo) || dist_quantile(dist, 0.95, &hi))
            lo = hi = base;
        k->amount = money(base);
        k->low = money(lo);
        k->high = money(hi);
        k->total = money(base * (pc->once ? 1 : p->delivery_years));
        if (k->fixed)
            snprintf(k->line, sizeof k->line, "%s %s", k->amount.text, k->per);
        else
            snprintf(k->line, sizeof k->line, "%s %s (likely %s to %s)",
                     text_money(a, sizeof a, base), k->per, text_money(b, sizeof b, lo),
                     text_money(c, sizeof c, hi));
    }
    return 0;
}

/* ---- the cash flow, year by year (docs/method.md section 4.12) ----------- */

static void cash_ask(results_doc *d)
{
    const stitch_plan *p = d->p;
    char a[64], y[128];
    double total = 0;
    for (int t = 0; t < p->years; t++)
        total += d->r->year_cost_cash[t];
    d->cash_ask_total = money(total);
    size_t o = (size_t)snprintf(d->cash_ask_line, sizeof d->cash_ask_line,
                                "The project costs %s in cash (undiscounted)",
                                d->cash_ask_total.text);
    int shown = 0;
    for (int t = 0; t < p->years && o < sizeof d->cash_ask_line; t++) {
        if (d->r->year_cost_cash[t] == 0)
            continue;
        snprintf(y, sizeof y, "%s year %d %s", shown++ ? "," : ":", t,
                 text_money(a, sizeof a, d->r->year_cost_cash[t]));
        o += (size_t)snprintf(d->cash_ask_line + o, sizeof d->cash_ask_line - o, "%s", y);
    }
    if (o < sizeof d->cash_ask_line)
        snprintf(d->cash_ask_line + o, sizeof d->cash_ask_line - o,
                 "; %s in present value.", d->headline[RESULTS_PVC].base.text);
}

static int cash_flow(results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_result *r = d->r;
    const stitch_mc_result *mc = d->mc;
    size_t years = (size_t)p->years;
    d->cash_flow = calloc(years, sizeof *d->cash_flow);
    d->cf_values = calloc(2 * years, sizeof *d->cf_values);
    d->cf_labels = calloc(years, sizeof *d->cf_labels);
    d->cf_label_text = calloc(years, sizeof *d->cf_label_text);
    if (!d->cash_flow || !d->cf_values || !d->cf_labels || !d->cf_label_text)
        return -1;
    double cumulative = 0;
    for (int t = 0; t < p->years; t++) {
        results_year *y = &d->cash_flow[t];
        const double *kind = r->year_kind + 4 * t;
        double benefits = kind[0] + kind[1] + kind[2] + kind[3];
        double net = benefits - r->year_cost_cash[t];
        double dnet = r->year_benefit[t] - r->year_cost[t];
        cumulative += dnet;
        y->year = t;
        y->costs = money0(r->year_cost_cash[t]);
        y->benefits = money0(benefits);
        for (int k = 0; k < 4; k++)
            y->kind[k] = money0(kind[k]);
        y->net = money0(net);
        y->discount_factor = count(plan_df(p, 0, t), 4);
        y->discounted_costs = money0(r->year_cost[t]);
        y->discounted_benefits = money0(r->year_benefit[t]);
        y->discounted_net = money0(dnet);
        y->cumulative = money0(cumulative);
        y->net_p5 = money0(mc ? mc->net_p5[t] : NAN);
        y->net_p95 = money0(mc ? mc->net_p95[t] : NAN);
        d->cf_values[t] = cumulative;
        d->cf_values[years + (size_t)t] = net;
        snprintf(d->cf_label_text[t], sizeof d->cf_label_text[t], "year %d", t);
        d->cf_labels[t] = d->cf_label_text[t];
    }
    char a[64], b[64];
    d->cash_flow_simulations = mc ? mc->net_iterations : 0;
    int own = 0;
    for (size_t i = 0; i < p->n_benefits; i++)
        own |= p->benefits[i].sched != 0;
    size_t o = (size_t)snprintf(
        d->cash_flow_note, sizeof d->cash_flow_note,
        "Money in each year at %s prices, benefits after attribution. The discounted "
        "columns use the discount factor shown%s and add up to the present values; the "
        "cumulative column is the discounted net so far.",
        p->price_year, own ? " (a benefit that sets its own discount rate uses that)" : "");
    if (mc && mc->net_iterations < mc->iterations)
        snprintf(d->cash_flow_note + o, sizeof d->cash_flow_note - o,
                 " P5 and P95 of the net are over the first %s of the %s simulations.",
                 text_num(a, sizeof a, (double)mc->net_iterations, 0),
                 text_num(b, sizeof b, (double)mc->iterations, 0));
    else if (mc)
        snprintf(d->cash_flow_note + o, sizeof d->cash_flow_note - o,
                 " P5 and P95 of the net are over the %s simulations.",
                 text_num(a, sizeof a, (double)mc->iterations, 0));
    cash_ask(d);
    return 0;
}

/* ---- capacity freed (docs/method.md section 4.13) ------------------------- */

/* Beds or care-home places kept free all year by `units` of this unit:
 * bed-days / 365, resident weeks / 52; NaN for any other unit. */
static double all_year(const char *unit, const char **noun)
{
    static const char *const days[] = {"bed-day", "bed day", "bed night", "inpatient night",
                                       "occupied bed"};
    for (size_t i = 0; i < sizeof days / sizeof *days; i++)
        if (strstr(unit, days[i]))
            return *noun = "beds", 365.0;
    if (strstr(unit, "resident week") || strstr(unit, "care home week") ||
        strstr(unit, "care-home week"))
        return *noun = "care-home places", 52.0;
    *noun = NULL;
    return NAN;
}

static void capacity_services(results_capacity *c, const stitch_plan *p, size_t u)
{
    size_t o = 0;
    c->services[0] = '\0';
    for (size_t i = 0; i < p->n_benefits && o < sizeof c->services; i++) {
        const plan_benefit *b = &p->benefits[i];
        if (b->capacity != (long)u)
            continue;
        const char *service = b->code;
        for (size_t k = 0; k < p->n_unit_costs; k++)
            if (strcmp(p->unit_costs[k].code, b->code) == 0)
                service = p->unit_costs[k].service;
        if (strstr(c->services, service)) /* two benefits of one service */
            continue;
        int n = snprintf(c->services + o, sizeof c->services - o, "%s%s", o ? "; " : "",
                         service);
        o += n > 0 ? (size_t)n : 0;
    }
    text_utf8_trim(c->services);
}

static int capacity(results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_mc_result *mc = d->mc;
    char num[64], noun[300], more[128];
    d->n_capacity = p->n_capacity;
    d->capacity = calloc(p->n_capacity ? p->n_capacity : 1, sizeof *d->capacity);
    if (!d->capacity)
        return -1;
    size_t o = 0;
    for (size_t u = 0; u < p->n_capacity; u++) {
        results_capacity *c = &d->capacity[u];
        double v = d->r->capacity[u], per = all_year(p->capacity_units[u],
                                                     &c->all_year_noun);
        c->unit = p->capacity_units[u];
        c->units = count(v, fabs(v) < 10 ? 1 : 0);
        c->all_year = count(v / per, 2);
        capacity_services(c, p, u);
        fmt_units_noun(noun, sizeof noun, c->unit);
        more[0] = '\0';
        if (c->all_year_noun)
            snprintf(more, sizeof more, " (%s %s all year)", c->all_year.text,
                     c->all_year_noun);
        if (v < 0)
            snprintf(c->line, sizeof c->line, "about %s more %s used%s",
                     text_num(num, sizeof num, -v, fabs(v) < 10 ? 1 : 0), noun, more);
        else
            snprintf(c->line, sizeof c->line, "about %s %s%s", c->units.text, noun, more);
        c->simulated = mc != NULL;
        c->mean = count(mc ? mc->capacity[u].mean : NAN, fabs(v) < 10 ? 1 : 0);
        c->p5 = count(mc ? mc->capacity[u].p5 : NAN, fabs(v) < 10 ? 1 : 0);
        c->p50 = count(mc ? mc->capacity[u].p50 : NAN, fabs(v) < 10 ? 1 : 0);
        c->p95 = count(mc ? mc->capacity[u].p95 : NAN, fabs(v) < 10 ? 1 : 0);
        if (o < sizeof d->capacity_line) {
            int n = snprintf(d->capacity_line + o, sizeof d->capacity_line - o, "%s%s",
                             o ? "; " : "Capacity freed (potential, not cash): ", c->line);
            o += n > 0 ? (size_t)n : 0;
        }
    }
    if (o && o < sizeof d->capacity_line)
        snprintf(d->capacity_line + o, sizeof d->capacity_line - o, ".");
    snprintf(d->cost_per_outcome_note, sizeof d->cost_per_outcome_note,
             "Each cost per outcome is the whole cost of the project divided by the "
             "people reaching that one outcome, so the lines overlap: do not add them "
             "up.");
    return 0;
}

static int cash_flow_charts(results_doc *d)
{
    size_t years = (size_t)d->p->years;
    if (bars(d, "chart-cumulative", d->cf_labels, d->cf_values, years, 1,
             "cumulative discounted net (£)",
             "Cash flow: the discounted net so far at the end of each year; the project "
             "has paid back once the bar turns positive."))
        return -1;
    return bars(d, "chart-cash-flow", d->cf_labels, d->cf_values + years, years, 1,
                "net in the year, undiscounted (£)",
                "Cash flow: benefits minus costs in each year, before discounting.");
}

const results_chart *results_chart_find(const results_doc *d, const char *id)
{
    for (size_t i = 0; i < d->n_charts; i++)
        if (strcmp(d->chart[i].id, id) == 0)
            return &d->chart[i];
    return NULL;
}

/* ---- what the monitoring data changed (docs/method.md section 8.4) ------------ */

/* A rate as a share, a count as people a year to one decimal. */
static results_fig update_fig(double v, int rate)
{
    return rate ? share(v) : count(v, 1);
}

static const char *node_label(const stitch_plan *p, size_t input)
{
    for (size_t k = 0; k < p->n_nodes; k++)
        if (p->nodes[k].in == input)
            return p->nodes[k].text ? p->nodes[k].text : p->nodes[k].id;
    return p->inputs[input].path;
}

static void update_line(results_update *u)
{
    const char *per = u->rate ? "" : " a year";
    if (!u->used) {
        snprintf(u->line, sizeof u->line,
                 "%s (%s): a plain number (%s%s), which no data can move: the data (%s) "
                 "were not used.",
                 u->label, u->path, u->prior_mean.text, per, u->data);
        return;
    }
    snprintf(u->line, sizeof u->line,
             "%s (%s): assumed %s%s (90%% range %s to %s); data %s; now %s%s (%s to %s)%s",
             u->label, u->path, u->prior_mean.text, per, u->prior_p5.text,
             u->prior_p95.text, u->data, u->mean.text, per, u->p5.text, u->p95.text,
             u->conflict ? ". The data disagree with the assumption: check both." : ".");
}

/* The uncertain inputs no monitoring data reached, by kind. */
static void untouched(results_doc *d)
{
    const stitch_plan *p = d->p;
    static const char *const groups[] = {"outputs and outcomes not observed", "values",
                                         "adjustments"};
    size_t len = 0, total = 0;
    char *buf = d->untouched;
    size_t n = sizeof d->untouched;
    for (int g = 0; g < 3; g++) {
        size_t in_group = 0;
        for (size_t u = 0; u < p->n_uncertain; u++) {
            size_t i = p->uncertain[u];
            const plan_input *in = &p->inputs[i];
            int group = in->role == ROLE_COUNT || in->role == ROLE_RATE ? 0
                        : role_is_adjustment(in->role)                   ? 2
                        : in->role == ROLE_COST                          ? -1
                                                                         : 1;
            int updated = 0;
            for (size_t k = 0; k < p->n_updates; k++)
                updated |= p->updates[k].input == i && p->updates[k].used;
            if (group != g || updated)
                continue;
            if (len < n)
                len += (size_t)snprintf(buf + len, n - len, "%s%s%s",
                                        in_group ? ", " : total ? "; " : "",
                                        in_group ? "" : groups[g], in_group ? "" : " (");
            if (len < n)
                len += (size_t)snprintf(buf + len, n - len, "%s", in->path);
            in_group++, total++;
        }
        if (in_group && len < n)
            len += (size_t)snprintf(buf + len, n - len, ")");
    }
    if (!total) {
        buf[0] = '\0';
        return;
    }
    char head[256];
    snprintf(head, sizeof head,
             "The data could not reach %zu uncertain input%s, which still carr%s the case: ",
             total, total == 1 ? "" : "s", total == 1 ? "ies" : "y");
    size_t hl = strlen(head);
    if (hl + len + 2 <= n) {
        memmove(buf + hl, buf, len + 1);
        memcpy(buf, head, hl);
        strcat(buf, ".");
    }
    text_utf8_trim(buf);
}

static int monitoring(results_doc *d)
{
    const stitch_plan *p = d->p;
    if (!p->n_monitoring_files)
        return 0;
    size_t len = 0;
    for (size_t i = 0; i < p->n_monitoring_files && len < sizeof d->monitoring_files; i++) {
        const char *base = strrchr(p->monitoring_files[i], '/');
        len += (size_t)snprintf(d->monitoring_files + len, sizeof d->monitoring_files - len,
                                "%s%s", i ? ", " : "",
                                base ? base + 1 : p->monitoring_files[i]);
    }
    size_t used = 0;
    for (size_t k = 0; k < p->n_updates; k++)
        used += p->updates[k].used != 0;
    if (used)
        snprintf(d->monitoring_intro, sizeof d->monitoring_intro,
                 "The service's own records (%s) updated %zu input%s: each assumption is "
                 "the prior, and the case now uses the posterior, which combines it with "
                 "the data (docs/method.md section 8.4).",
                 d->monitoring_files, used, used == 1 ? "" : "s");
    else
        snprintf(d->monitoring_intro, sizeof d->monitoring_intro,
                 "The service's own records (%s) updated no input: the case is as "
                 "assumed (docs/method.md section 8.4).",
                 d->monitoring_files);
    text_utf8_trim(d->monitoring_intro);
    if (p->n_updates && !(d->updates = calloc(p->n_updates, sizeof *d->updates)))
        return -1;
    d->n_updates = p->n_updates;
    for (size_t k = 0; k < p->n_updates; k++) {
        const plan_update *pu = &p->updates[k];
        results_update *u = &d->updates[k];
        u->path = p->inputs[pu->input].path;
        u->label = node_label(p, pu->input);
        u->rate = pu->rate;
        u->used = pu->used;
        u->conflict = pu->p_predictive < 0.01;
        if (pu->rate)
            snprintf(u->data, sizeof u->data, "%.0f of %.0f in %s", pu->achieved, pu->of,
                     pu->periods);
        else
            snprintf(u->data, sizeof u->data, "%.0f reached in %g year%s (%s)", pu->achieved,
                     pu->years, pu->years == 1 ? "" : "s", pu->periods);
        text_utf8_trim(u->data);
        u->prior_mean = update_fig(pu->prior_mean, pu->rate);
        u->prior_p5 = update_fig(pu->prior_p5, pu->rate);
        u->prior_p95 = update_fig(pu->prior_p95, pu->rate);
        u->mean = update_fig(pu->mean, pu->rate);
        u->p5 = update_fig(pu->p5, pu->rate);
        u->p95 = update_fig(pu->p95, pu->rate);
        update_line(u);
        text_utf8_trim(u->line);
    }
    d->has_before = p->has_before;
    static const char *const labels[] = {"Benefit-cost ratio", "Net present value",
                                         "Chance that BCR >= 1",
                                         "Break-even attribution"};
    const results_fig before[] = {ratio(p->before_bcr), money(p->before_npv),
                                  share(p->before_p_bcr_ge_1),
                                  share(p->before_break_even)};
    const results_fig after[] = {d->headline[RESULTS_BCR].base,
                                 d->headline[RESULTS_NPV].base, d->p_break_even,
                                 d->break_even_attribution};
    for (int i = 0; i < RESULTS_COMPARE; i++) {
        d->compare[i].label = labels[i];
        d->compare[i].before = before[i];
        d->compare[i].after = after[i];
        if (!isfinite(d->compare[i].before.value))
            snprintf(d->compare[i].before.text, sizeof d->compare[i].before.text, "%s",
                     i == 3 ? "none" : RESULTS_UNDEFINED);
    }
    untouched(d);
    if (!used)
        snprintf(d->monitoring_basis, sizeof d->monitoring_basis,
                 "The service's own monitoring records (%s) changed none of the "
                 "assumptions.",
                 d->monitoring_files);
    else if (d->has_before)
        snprintf(d->monitoring_basis, sizeof d->monitoring_basis,
                 "Updated with the service's own monitoring records (%s): the "
                 "benefit-cost ratio was %s as first assumed and is %s with the data.",
                 d->monitoring_files, d->compare[0].before.text, d->compare[0].after.text);
    else
        snprintf(d->monitoring_basis, sizeof d->monitoring_basis,
                 "Updated with the service's own monitoring records (%s): %zu "
                 "assumption%s updated.",
                 d->monitoring_files, used, used == 1 ? "" : "s");
    text_utf8_trim(d->monitoring_basis);
    return 0;
}

/* ---- who pays and who gains (docs/method.md section 4.12) ----------------- */

static int funders(results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_result *r = d->r;
    d->n_funders = p->n_funders;
    d->funders = calloc(p->n_funders ? p->n_funders : 1, sizeof *d->funders);
    if (!d->funders)
        return -1;
    for (size_t i = 0; i < p->n_funders; i++) {
        results_funder *f = &d->funders[i];
        double pv = r->by_funder[i];
        f->name = p->funders[i];
        f->cost = money(pv);
        f->cash = money(r->funder_cash[i]);
        f->share = share(r->pvc > 0 ? pv / r->pvc : NAN);
        f->bcr = ratio(pv > 0 ? r->pvb / pv : NAN);
        d->funders_named |= strcmp(p->funders[i], PLAN_NOT_STATED) != 0;
        if (strcmp(f->name, PLAN_NOT_STATED) == 0 && isfinite(f->bcr.value))
            snprintf(f->line, sizeof f->line,
                     "For every £1 of the costs whose funder is not stated, £%s of "
                     "benefit.",
                     f->bcr.text);
        else if (isfinite(f->bcr.value))
            snprintf(f->line, sizeof f->line, "For every £1 of %s money, £%s of benefit.",
                     f->name, f->bcr.text);
        else
            snprintf(f->line, sizeof f->line,
                     "%s pays nothing in present value, so it has no ratio of its own.",
                     strcmp(f->name, PLAN_NOT_STATED) == 0 ? "Not stated" : f->name);
    }
    snprintf(d->funder_note, sizeof d->funder_note,
             "Each funder's ratio sets all the benefits against its part of the costs: "
             "what its own money buys if the rest is paid by others. The ratios do not "
             "add up; the costs do, to the PV of costs.");
    return 0;
}

static int stakeholders(results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_result *r = d->r;
    const stitch_mc_result *mc = d->mc;
    d->n_stakeholders = p->n_stakeholders;
    d->stakeholders =
        calloc(p->n_stakeholders ? p->n_stakeholders : 1, sizeof *d->stakeholders);
    if (!d->stakeholders)
        return -1;
    for (size_t i = 0; i < p->n_stakeholders; i++) {
        results_stakeholder *k = &d->stakeholders[i];
        double v = r->by_stakeholder[i];
        k->name = p->stakeholders[i];
        k->value = money(v);
        k->share = share(r->pvb > 0 ? v / r->pvb : NAN);
        k->ratio = ratio(r->pvc > 0 ? v / r->pvc : NAN);
        k->simulated = mc != NULL;
        k->p5 = money(mc ? mc->by_stakeholder[i].p5 : NAN);
        k->p50 = money(mc ? mc->by_stakeholder[i].p50 : NAN);
        k->p95 = money(mc ? mc->by_stakeholder[i].p95 : NAN);
        d->stakeholders_named |= strcmp(p->stakeholders[i], PLAN_NOT_STATED) != 0;
    }
    snprintf(d->stakeholder_note, sizeof d->stakeholder_note,
             "Who gains: the present value of each stakeholder's benefits, its share of "
             "all benefits, and its value per £1 of the whole cost (the ratios add up to "
             "the BCR).");
    return 0;
}

/* ---- cohorts that change between years (docs/method.md 4.1, 4.2) --------- */

/* A count as people read it: whole when it is, else to one decimal. */
static char *people_text(char *buf, size_t n, double v)
{
    return text_num(buf, n, v, v == floor(v) ? 0 : 1);
}

static void cohorts(results_doc *d)
{
    const stitch_plan *p = d->p;
    size_t used = 0, dy = (size_t)p->delivery_years, cap = sizeof d->cohorts;
    d->cohorts[0] = '\0';
    for (size_t k = 0; k < p->n_nodes && used + 200 < cap; k++) {
        const plan_node *n = &p->nodes[k];
        if (n->parent >= 0 || !n->varies)
            continue;
        char num[64];
        int w = snprintf(d->cohorts + used, cap - used, "%s%s: ",
                         used ? " "
                              : "People a year are the mean over the delivery "
                                "years, where the numbers change. ",
                         n->text);
        used += w > 0 ? (size_t)w : 0;
        for (size_t y = 0; y < dy && y < 10 && used + 100 < cap; y++) {
            w = snprintf(d->cohorts + used, cap - used, "%s%s",
                         y == 0        ? ""
                         : y + 1 == dy ? " and "
                                       : ", ",
                         people_text(num, sizeof num, d->r->people_year[k * dy + y]));
            used += w > 0 ? (size_t)w : 0;
        }
        w = snprintf(d->cohorts + used, cap - used,
                     "%s people in delivery years 0 to %zu", dy > 10 ? ", …" : "",
                     dy - 1);
        used += w > 0 ? (size_t)w : 0;
        if (n->initial >= 0) {
            double init = dist_mean(&p->inputs[n->initial].dist);
            w = snprintf(d->cohorts + used, cap - used,
                         ", year 0 with %s already on the books",
                         people_text(num, sizeof num, init));
            used += w > 0 ? (size_t)w : 0;
        }
        w = snprintf(d->cohorts + used, cap - used, ".");
        used += w > 0 ? (size_t)w : 0;
    }
}

/* ---- the outcomes that matter to people (docs/method.md section 13) ------- */

static const char *const map_column_titles[RESULTS_MAP_COLUMNS] = {
    "What we do",
    "Who with",
    "How they feel",
    "What they learn and gain",
    "What they do differently",
    "What difference this makes",
    "Step not given",
};

void results_national_sums(const stitch_plan *p, const stitch_result *r,
                           double people[RESULTS_NATIONAL + 1],
                           double value[RESULTS_NATIONAL + 1])
{
    for (int k = 0; k <= RESULTS_NATIONAL; k++)
        people[k] = value[k] = 0;
    for (size_t j = 0; j < p->n_nodes; j++) {
        const plan_node *n = &p->nodes[j];
        if (n->parent < 0 || !n->national)
            continue;
        double v = 0;
        for (size_t b = 0; b < p->n_benefits; b++)
            if (p->benefits[b].node == j)
                v += r->by_benefit[b];
        for (int k = 1; k <= RESULTS_NATIONAL; k++)
            if (n->national & (1u << k)) {
                people[k] += r->people[j] * p->delivery_years;
                value[k] += v;
            }
    }
}

/* People as reports write them: whole numbers, one decimal below 10 when
 * not whole. */
static results_fig people_fig(double v)
{
    return count(v, fabs(v) < 10 && v != floor(v) ? 1 : 0);
}

void results_national_rows(results_national rows[RESULTS_NATIONAL],
                           const double people[RESULTS_NATIONAL + 1],
                           const double value[RESULTS_NATIONAL + 1])
{
    for (int k = 1; k <= RESULTS_NATIONAL; k++) {
        results_national *m = &rows[k - 1];
        m->number = k;
        m->title = national_outcome_title(k);
        m->people = people_fig(people[k]);
        m->value = money(value[k]);
    }
}

/* "1, 4" or "none". */
static void national_list(char *buf, size_t n, unsigned set)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 1; k <= RESULTS_NATIONAL && used + 4 < n; k++)
        if (set & (1u << k)) {
            int w = snprintf(buf + used, n - used, "%s%d", used ? ", " : "", k);
            used += w > 0 ? (size_t)w : 0;
        }
    if (!used)
        snprintf(buf, n, "none");
}

/* Append printf-style to buf (holding *used bytes), never past n. */
static void add(char *buf, size_t n, size_t *used, const char *fmt, ...)
    STITCH_PRINTF(4, 5);

static void add(char *buf, size_t n, size_t *used, const char *fmt, ...)
{
    if (*used + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *used, n - *used, fmt, ap);
    va_end(ap);
    *used = w < 0 ? *used : *used + (size_t)w >= n ? n - 1 : *used + (size_t)w;
    text_utf8_trim(buf); /* a cut text ends between characters */
}

static void outcome_words(results_doc *d, results_outcome *o)
{
    const stitch_plan *p = d->p;
    char years[64];
    text_count(years, sizeof years, p->delivery_years, "year", "years");
    size_t u = 0;
    add(o->people, sizeof o->people, &u, "%s people a year, %s over %s", o->per_year.text,
        o->total.text, years);
    if (o->simulated)
        add(o->people, sizeof o->people, &u, " (P5 to P95: %s to %s)", o->total_p5.text,
            o->total_p95.text);
    u = 0;
    add(o->total_range, sizeof o->total_range, &u, "%s", o->total.text);
    if (o->simulated)
        add(o->total_range, sizeof o->total_range, &u, " (%s to %s)", o->total_p5.text,
            o->total_p95.text);
    u = 0;
    add(o->line, sizeof o->line, &u, "%s: %s", o->text, o->people);
    if (o->parent >= 0)
        add(o->line, sizeof o->line, &u, "; from \"%s\"", p->nodes[o->parent].text);
    add(o->line, sizeof o->line, &u, "; confidence %s", o->confidence_name);
    if (!o->output) {
        add(o->line, sizeof o->line, &u, ", progress %s", o->progress_name);
        add(o->line, sizeof o->line, &u, "; measured by: %s",
            o->measure ? o->measure : "not said");
        if (o->national)
            add(o->line, sizeof o->line, &u,
                "; National Health and Wellbeing Outcome%s %s",
                strchr(o->national_text, ',') ? "s" : "", o->national_text);
        if (!o->priced)
            add(o->line, sizeof o->line, &u, "; not priced");
    }
    for (size_t i = 0; i < o->n_benefits; i++)
        add(o->line, sizeof o->line, &u, "%s%s %s", i ? "; " : "; priced: ",
            p->benefits[o->benefits[i]].text, o->benefit_value[i].text);
    add(o->line, sizeof o->line, &u, ".");
}

static int outcome_map(results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_result *r = d->r;
    const stitch_mc_result *mc = d->mc;
    d->outcome_map = calloc(p->n_nodes + 1, sizeof *d->outcome_map);
    d->national = calloc(RESULTS_NATIONAL, sizeof *d->national);
    if (!d->outcome_map || !d->national)
        return -1;
    for (int c = 0; c < RESULTS_MAP_COLUMNS; c++)
        d->map_columns[c] = map_column_titles[c];
    size_t *bstart = NULL, *bitem = NULL;
    if (plan_benefits_by_node(p, &bstart, &bitem)) {
        free(bstart), free(bitem);
        return -1;
    }
    for (size_t j = 0; j < p->n_nodes; j++) {
        const plan_node *n = &p->nodes[j];
        results_outcome *o = &d->outcome_map[d->n_outcome_map++];
        o->id = n->id, o->text = n->text, o->measure = n->measure, o->evidence = n->evidence;
        o->output = n->parent < 0;
        o->parent = n->parent;
        o->step = n->step;
        o->column = o->output      ? OUTCOME_STEP_WHO
                    : n->step >= 0 ? n->step
                                   : RESULTS_MAP_UNPLACED;
        d->map_used[o->column] = 1;
        o->step_name = n->step >= 0 ? outcome_step_names[n->step] : "not given";
        o->confidence = n->confidence;
        o->confidence_name = n->confidence >= 0 ? confidence_names[n->confidence]
                                                : "not rated";
        o->progress = n->progress;
        o->progress_name = n->progress >= 0 ? progress_names[n->progress] : "not given";
        o->national = n->national;
        national_list(o->national_text, sizeof o->national_text, n->national);
        o->n_benefits = bstart[j + 1] - bstart[j];
        o->benefits = calloc(o->n_benefits + 1, sizeof *o->benefits);
        o->benefit_value = calloc(o->n_benefits + 1, sizeof *o->benefit_value);
        if (!o->benefits || !o->benefit_value) {
            free(bstart), free(bitem);
            return -1;
        }
        double v = 0;
        for (size_t i = 0; i < o->n_benefits; i++) {
            size_t b = bitem[bstart[j] + i];
            o->benefits[i] = b;
            o->benefit_value[i] = money(r->by_benefit[b]);
            v += r->by_benefit[b];
        }
        o->priced = o->n_benefits > 0;
        o->value = money(o->priced ? v : 0);
        double total = r->people[j] * p->delivery_years;
        o->per_year = people_fig(r->people[j]);
        o->total = people_fig(total);
        double p5 = mc ? mc->people[j].p5 : NAN, p95 = mc ? mc->people[j].p95 : NAN;
        double dy = p->delivery_years;
        o->simulated = mc && p95 > p5; /* a range only where the people vary */
        o->total_p5 = people_fig(p5);
        o->total_p95 = people_fig(p95);
        o->per_year_p5 = people_fig(p5 / dy);
        o->per_year_p95 = people_fig(p95 / dy);
        if (!o->output && !o->priced)
            d->n_unpriced++;
        outcome_words(d, o);
    }
    free(bstart), free(bitem);
    snprintf(d->map_title, sizeof d->map_title, "Outcome map");
    snprintf(d->map_intro, sizeof d->map_intro,
             "The chain from the people reached to the difference it makes, step by step "
             "(what we do, who with, how they feel, what they learn and gain, what they "
             "do differently, what difference this makes): the people reaching each step "
             "over the %d delivery year%s, the confidence of its evidence, how far the "
             "project has got with it, and the priced benefits that come from it. An "
             "outcome without a price is still part of the case.",
             p->delivery_years, p->delivery_years == 1 ? "" : "s");
    snprintf(d->map_key, sizeof d->map_key,
             "Colour: the confidence of the evidence for each step (high, medium, low, "
             "none, or not rated). Mark: how far the project has got with it (\xE2\x97\x8F good, "
             "\xE2\x97\x90 some, \xE2\x97\x8B none; no mark when not given). Priced benefits hang "
             "below the outcome they come from, with their present value.");
    snprintf(d->outcomes_title, sizeof d->outcomes_title,
             "Outcomes, priced and not priced");
    size_t n_out = 0;
    for (size_t j = 0; j < p->n_nodes; j++)
        n_out += p->nodes[j].parent >= 0;
    char a[64];
    text_count(a, sizeof a, (long)n_out, "outcome", "outcomes");
    if (d->n_unpriced == 0)
        snprintf(d->outcomes_intro, sizeof d->outcomes_intro,
                 "The chain has %s; %s priced.", a, n_out == 1 ? "it is" : "all are");
    else if (d->n_unpriced == 1)
        snprintf(d->outcomes_intro, sizeof d->outcomes_intro,
                 "The chain has %s; %s not priced: it adds nothing to the benefit-cost "
                 "ratio, but it is part of the case.",
                 a, n_out == 1 ? "it is" : "1 of them is");
    else
        snprintf(d->outcomes_intro, sizeof d->outcomes_intro,
                 "The chain has %s; %zu of them are not priced: they add nothing to the "
                 "benefit-cost ratio, but they are part of the case.",
                 a, d->n_unpriced);

    double people[RESULTS_NATIONAL + 1], value[RESULTS_NATIONAL + 1];
    results_national_sums(p, r, people, value);
    results_national_rows(d->national, people, value);
    for (int k = 1; k <= RESULTS_NATIONAL; k++) {
        results_national *m = &d->national[k - 1];
        size_t u = 0;
        for (size_t j = 0; j < p->n_nodes; j++)
            if (p->nodes[j].parent >= 0 && (p->nodes[j].national & (1u << k))) {
                m->tagged++;
                add(m->outcomes, sizeof m->outcomes, &u, "%s%s", u ? "; " : "",
                    p->nodes[j].text);
            }
        d->national_tagged += m->tagged > 0;
    }
    snprintf(d->national_title, sizeof d->national_title,
             "Contribution to the National Health and Wellbeing Outcomes");
    snprintf(d->national_people_label, sizeof d->national_people_label,
             "People (summed over outcomes)");
    if (d->national_tagged)
        snprintf(d->national_note, sizeof d->national_note,
                 "People: those reaching the outcomes tagged with each national outcome "
                 "over the %d delivery year%s, summed over those outcomes, so someone who "
                 "reaches two tagged outcomes counts twice. Value: the present value of "
                 "the benefits hanging off those outcomes (the share claimed for this "
                 "project), so a benefit counts under every national outcome its outcome "
                 "is tagged with. Neither column adds up to a total.",
                 p->delivery_years, p->delivery_years == 1 ? "" : "s");
    else
        snprintf(d->national_note, sizeof d->national_note,
                 "No outcome of this model names a national outcome: add "
                 "national_outcomes = [...] to the outcomes the evidence links to them.");
    d->national_source = national_outcomes_source;
    return 0;
}

/* ---- the document --------------------------------------------------------- */

results_doc *results_build(const stitch_plan *p, const stitch_result *r,
                           const stitch_mc_result *mc, const stitch_sensitivity *s)
{
    results_doc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->p = p, d->r = r, d->mc = mc, d->s = s;
    d->p_break_even = share(NAN);
    d->simulations = count(0, 0);
    basis(d);
    headline(d);
    simulation(d);
    attribution(d);
    kinds(d);
    cohorts(d);
    if (time_freed(d) || outcomes(d) || charts(d) || monitoring(d) || cost_lines(d) ||
        cash_flow(d) || capacity(d) || cash_flow_charts(d) || funders(d) ||
        stakeholders(d) || outcome_map(d)) {
        results_free(d);
        return NULL;
    }
    return d;
}

void results_free(results_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_charts; i++)
        free(d->chart[i].figs);
    results_evidence_free(d->evidence);
    free(d->time);
    free(d->cost_per_outcome);
    free(d->outcome_people);
    free(d->tornado_labels);
    free(d->tornado_lo);
    free(d->tornado_hi);
    free(d->updates);
    free(d->costs), free(d->cash_flow), free(d->capacity);
    free(d->cf_values), free(d->cf_labels), free(d->cf_label_text), free(d->tornado_text);
    free(d->funders), free(d->stakeholders);
    for (size_t j = 0; d->outcome_map && j < d->n_outcome_map; j++)
        free(d->outcome_map[j].benefits), free(d->outcome_map[j].benefit_value);
    free(d->outcome_map), free(d->national);
    free(d);
}

/* ---- inputs in words, for the tables people read -------------------------- */

char *results_plain_number(char *buf, size_t n, double v)
{
    double a = fabs(v);
    int decimals = a >= 100 || a == 0 ? 0 : a >= 1 ? 2 : 0;
    if (a > 0 && a < 1) /* three significant figures, however small */
        decimals = (int)ceil(-log10(a)) + 2;
    if (decimals > 12)
        decimals = 12;
    text_num(buf, n, v, decimals);
    if (strchr(buf, '.') && a < 1) { /* "0.0670" -> "0.067" */
        size_t k = strlen(buf);
        while (k > 0 && buf[k - 1] == '0')
            buf[--k] = '\0';
        if (k > 0 && buf[k - 1] == '.')
            buf[--k] = '\0';
    }
    return buf;
}

static int is_money(input_role r)
{
    return r == ROLE_COST || r == ROLE_UNIT_COST || r == ROLE_VALUE;
}

char *results_input_value(char *buf, size_t n, const stitch_plan *p, size_t i, double v)
{
    const plan_input *in = &p->inputs[i];
    if (isnan(v))
        return snprintf(buf, n, "none"), buf;
    if (is_money(in->role))
        return text_money(buf, n, v);
    if (in->domain == DOMAIN_SHARE) {
        double pct = v * 100;
        char num[64];
        int whole = fabs(pct - round(pct)) < 1e-9;
        text_num(num, sizeof num, pct, whole ? 0 : fabs(pct) < 1 ? 2 : 1);
        snprintf(buf, n, "%s%%", num);
        return buf;
    }
    return results_plain_number(buf, n, v);
}

static const plan_unit_cost *unit_cost_of(const stitch_plan *p, size_t i)
{
    for (size_t k = 0; k < p->n_unit_costs; k++)
        if (p->unit_costs[k].input == i)
            return &p->unit_costs[k];
    return NULL;
}

char *results_input_given(char *buf, size_t n, const stitch_plan *p, size_t i)
{
    const plan_input *in = &p->inputs[i];
    const stitch_dist *d = plan_input_given(p, i); /* before monitoring data */
    const plan_unit_cost *u = in->role == ROLE_UNIT_COST ? unit_cost_of(p, i) : NULL;
    char a[64], b[64], c[64];
    const char *per = "";
    for (size_t k = 0; k < p->n_costs; k++)
        if (p->costs[k].amount == i)
            per = p->costs[k].once ? " once" : " a year";
    size_t o = 0;
    if (u && !u->overridden) { /* a number the user never typed */
        const char *base = strrchr(u->table, '/');
        o = (size_t)snprintf(buf, n, "from %s: %s in %s prices \xC3\x97 %s uprating",
                             base ? base + 1 : u->table, text_money(a, sizeof a, u->table_cost),
                             u->price_year, text_num(b, sizeof b, u->factor, 4));
        if (d->kind == DIST_FIXED || o >= n)
            return buf;
        buf += o, n -= o;
        snprintf(buf, n, "; the table's range as ");
        o = strlen(buf), buf += o, n -= o;
    } else if (!in->given) {
        snprintf(buf, n, "default: %s (not in the model file)",
                 results_input_value(a, sizeof a, p, i, d->p[0]));
        return buf;
    }
    switch (d->kind) {
    case DIST_FIXED:
        snprintf(buf, n, "%s%s (fixed)", results_input_value(a, sizeof a, p, i, d->p[0]),
                 per);
        break;
    case DIST_UNIFORM:
        snprintf(buf, n, "uniform: %s to %s%s", results_input_value(a, sizeof a, p, i, d->p[0]),
                 results_input_value(b, sizeof b, p, i, d->p[1]), per);
        break;
    case DIST_TRIANGULAR:
    case DIST_PERT:
        snprintf(buf, n, "%s: min %s, most likely %s, max %s%s", dist_name(d->kind),
                 results_input_value(a, sizeof a, p, i, d->p[0]),
                 results_input_value(b, sizeof b, p, i, d->p[1]),
                 results_input_value(c, sizeof c, p, i, d->p[2]), per);
        break;
    default:
        snprintf(buf, n, "%s: mean %s, sd %s%s", dist_name(d->kind),
                 results_input_value(a, sizeof a, p, i, d->p[0]),
                 results_input_value(b, sizeof b, p, i, d->p[1]), per);
    }
    return buf;
}

/* 1 when Sobol row a goes after row b: a smaller total index (NaN last),
 * or the same and later in the plan. */
static int sobol_after(const stitch_sensitivity *s, size_t a, size_t b)
{
    double u = isnan(s->sobol[a].st) ? -1 : s->sobol[a].st;
    double v = isnan(s->sobol[b].st) ? -1 : s->sobol[b].st;
    return u != v ? u < v : a > b;
}

size_t *results_sobol_order(const stitch_sensitivity *s)
{
    if (!s || s->n_sobol == 0)
        return NULL;
    size_t *v = malloc(s->n_sobol * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < s->n_sobol; i++)
        v[i] = i;
    for (size_t a = 1; a < s->n_sobol; a++) /* insertion sort: a few dozen rows */
        for (size_t b = a; b > 0 && sobol_after(s, v[b - 1], v[b]); b--) {
            size_t t = v[b];
            v[b] = v[b - 1], v[b - 1] = t;
        }
    return v;
}

char *results_sobol_text(char *buf, size_t n, double v)
{
    if (isnan(v))
        return snprintf(buf, n, RESULTS_UNDEFINED), buf;
    return text_num(buf, n, v < 0 ? 0 : v > 1 ? 1 : v, 3);
}

/* ---- the value of information (docs/method.md section 11) ---------------- */

static void evppi_words(results_evppi *r, const info_target *t, double evpi)
{
    char b[64];
    r->t = t;
    r->value = money(t->evppi.value);
    snprintf(r->text, sizeof r->text, "%s (\xC2\xB1%s)", r->value.text,
             text_money(b, sizeof b, t->evppi.se));
    r->negligible = t->evppi.value <= 2 * t->evppi.se || t->evppi.value < 0.01 * evpi;
}

/* "Following up more people on 'Feels less lonely': 10 people £120, …" */
static void study_words(char *buf, size_t n, const stitch_plan *p, const stitch_evidence *e,
                        size_t first, size_t count)
{
    const info_study *s = &e->studies[first];
    size_t k = s->input, o = 0;
    char a[64];
    const char *text = p->inputs[k].path;
    for (size_t j = 0; j < p->n_nodes; j++)
        if (p->nodes[j].in == k)
            text = p->nodes[j].text;
    if (p->inputs[k].role == ROLE_COUNT) {
        snprintf(buf, n,
                 "A year's records of how many people '%s' reaches would be worth about %s.",
                 text, text_money(a, sizeof a, s->evsi.value));
        return;
    }
    int w = snprintf(buf, n, "Following up more people on '%s' would be worth about:", text);
    o = w > 0 && (size_t)w < n ? (size_t)w : n - 1;
    for (size_t i = 0; i < count && o < n; i++) {
        w = snprintf(buf + o, n - o, "%s %d people %s", i ? "," : "", s[i].n,
                     text_money(a, sizeof a, s[i].evsi.value));
        o += w > 0 ? (size_t)w : 0;
    }
    if (o + 1 < n)
        buf[o] = '.', buf[o + 1] = '\0';
    text_utf8_trim(buf);
}

results_evidence *results_evidence_build(const stitch_plan *p, const stitch_evidence *e)
{
    results_evidence *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->p = p, d->e = e;
    d->inputs = calloc(e->n_inputs + 1, sizeof *d->inputs);
    d->groups = calloc(e->n_groups + 1, sizeof *d->groups);
    d->studies = calloc(e->n_studies + 1, sizeof *d->studies);
    if (!d->inputs || !d->groups || !d->studies) {
        results_evidence_free(d);
        return NULL;
    }
    char a[64], b[64], c[64];
    basis_words(d->basis, sizeof d->basis, p);
    d->evpi_fig = money(e->evpi.value);
    d->p_wrong = share(e->p_wrong);
    text_count(a, sizeof a, e->iterations, "simulation", "simulations");
    if (e->fund)
        snprintf(d->decision, sizeof d->decision,
                 "With today's evidence the project should be funded: its expected net "
                 "present value over %s (seed %lu) is %s.",
                 a, e->seed, text_money(b, sizeof b, e->mean_npv));
    else
        snprintf(d->decision, sizeof d->decision,
                 "With today's evidence the project should not be funded: its expected "
                 "net present value over %s (seed %lu) is %s, below the £0 of not funding "
                 "it.",
                 a, e->seed, text_money(b, sizeof b, e->mean_npv));
    snprintf(d->wrong, sizeof d->wrong,
             "The chance that this decision is wrong (that the project would in fact %s) "
             "is %s.",
             e->fund ? "lose money" : "pay back", d->p_wrong.text);
    if (!(e->evpi.value > 0))
        snprintf(d->evpi, sizeof d->evpi,
                 "Every simulation points to the same decision, so no evidence can change "
                 "it: perfect information is worth %s to this decision.",
                 d->evpi_fig.text);
    else
        snprintf(d->evpi, sizeof d->evpi,
                 "Perfect information would be worth at most %s (\xC2\xB1%s) to this "
                 "decision: no evaluation costing more than that can pay for itself.",
                 d->evpi_fig.text, text_money(c, sizeof c, e->evpi.se));
    if (e->has_before) {
        double cut = e->evpi_before.value - e->evpi.value;
        snprintf(d->before, sizeof d->before,
                 "Before the monitoring data it would have been worth at most %s: the "
                 "data %s it by %s.",
                 text_money(a, sizeof a, e->evpi_before.value), cut >= 0 ? "cut" : "raised",
                 text_money(b, sizeof b, fabs(cut)));
    }
    for (size_t i = 0; i < e->n_inputs; i++)
        evppi_words(&d->inputs[i], &e->inputs[i], e->evpi.value);
    for (size_t i = 0; i < e->n_groups; i++)
        evppi_words(&d->groups[i], &e->groups[i], e->evpi.value);
    for (size_t i = 0; i < e->n_studies;) {
        size_t k = i;
        while (k < e->n_studies && e->studies[k].input == e->studies[i].input)
            k++;
        study_words(d->studies[d->n_studies++], sizeof *d->studies, p, e, i, k - i);
        i = k;
    }
    /* the evidence that could not change the decision: the first few by name */
    size_t o = 0, listed = 0, more = 0;
    for (size_t i = 0; i < e->n_inputs && e->evpi.value > 0; i++) {
        if (!d->inputs[i].negligible)
            continue;
        if (listed == 4) {
            more++;
            continue;
        }
        int w = snprintf(d->negligible + o, sizeof d->negligible - o, "%s%s",
                         listed++ ? "; " : "Finding out more about these would not change "
                                           "the decision: ",
                         e->inputs[i].label);
        if (w < 0 || (size_t)w >= sizeof d->negligible - o)
            break;
        o += (size_t)w;
    }
    if (listed && o < sizeof d->negligible)
        snprintf(d->negligible + o, sizeof d->negligible - o, "%s%s.", more ? "; and " : "",
                 more ? text_count(a, sizeof a, (long)more, "other input", "other inputs")
                      : "");
    text_utf8_trim(d->negligible);
    return d;
}

void results_evidence_free(results_evidence *d)
{
    if (!d)
        return;
    free(d->inputs);
    free(d->groups);
    free(d->studies);
    free(d);
}

const char *results_rng_name(const stitch_mc_result *mc)
{
    if (!mc || mc->sampling == STITCH_SAMPLING_MC)
        return STITCH_RNG_NAME;
    if (mc->sampling == STITCH_SAMPLING_LHS)
        return "Latin hypercube (lhs), 16 replicates; standard errors from their spread";
    if (mc->points && strcmp(mc->points, "Halton") == 0)
        return "scrambled Halton points (qmc), 16 replicates; standard errors from their "
               "spread";
    return "scrambled Sobol' points (qmc), 16 replicates; standard errors from their "
           "spread";
}
