/* results_portfolio.c — the results stage for options side by side and
 * for a portfolio of projects: their figures and sentences, worked out and
 * worded once (results.h; the method is docs/method.md sections 12 and
 * 13). */
#include "results.h"

#include "national.h"
#include "text.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static results_fig money(double v)
{
    results_fig f = {v, ""};
    text_money(f.text, sizeof f.text, v);
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
    if (!isfinite(v))
        snprintf(f.text, sizeof f.text, RESULTS_UNDEFINED);
    else
        text_pct(f.text, sizeof f.text, v);
    return f;
}

static results_fig amount(double v)
{
    results_fig f = {v, ""};
    if (!isfinite(v))
        snprintf(f.text, sizeof f.text, RESULTS_UNDEFINED);
    else
        text_num(f.text, sizeof f.text, v, fabs(v) < 10 ? 1 : 0);
    return f;
}

static void headline(results_headline *h, const char *key, const char *label, int is_money,
                     double base, const stitch_summary *s, int simulated)
{
    results_fig (*fig)(double) = is_money ? money : ratio;
    *h = (results_headline){.key = key, .label = label, .money = is_money};
    h->base = fig(base);
    h->simulated = simulated;
    h->mean = fig(simulated ? s->mean : NAN);
    h->p5 = fig(simulated ? s->p5 : NAN);
    h->p50 = fig(simulated ? s->p50 : NAN);
    h->p95 = fig(simulated ? s->p95 : NAN);
}

/* The projects in a set by name, "A; B and C", or "none of the projects". */
static void set_names(char *buf, size_t n, const stitch_portfolio *pf,
                      unsigned long long mask)
{
    size_t used = 0, k = 0, count = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < pf->n; i++)
        count += mask >> i & 1;
    for (size_t i = 0; i < pf->n && used < n; i++)
        if (mask >> i & 1) {
            k++;
            used += (size_t)snprintf(buf + used, n - used, "%s%s",
                                     k == 1 ? "" : k == count ? " and " : "; ",
                                     pf->proj[i].p->name);
        }
    if (!count)
        snprintf(buf, n, "none of the projects");
}

/* A project's short label for charts: its model file's name, without
 * folders or ".cfg". */
static void short_label(char *buf, size_t n, const char *model)
{
    const char *slash = strrchr(model, '/');
    const char *base = slash ? slash + 1 : model;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".cfg") == 0)
        len -= 4;
    snprintf(buf, n, "%.*s", (int)len, base);
}

static void row(results_pf_row *r, const char *label, double base, double mean, double p5,
                double p95, int is_money, const char *unit)
{
    results_fig (*fig)(double) = is_money ? money : amount;
    r->label = label;
    r->base = fig(base), r->mean = fig(mean), r->p5 = fig(p5), r->p95 = fig(p95);
    if (isfinite(p5))
        snprintf(r->line, sizeof r->line, "%s: %s%s%s (P5 %s, P95 %s)", label, r->base.text,
                 unit ? " " : "", unit ? unit : "", r->p5.text, r->p95.text);
    else
        snprintf(r->line, sizeof r->line, "%s: %s%s%s", label, r->base.text, unit ? " " : "",
                 unit ? unit : "");
}

static const char *const kind_names[] = {"cashable", "non-cashable", "economic", "social"};

static int selection(results_portfolio *d)
{
    const stitch_portfolio *pf = d->pf;
    const pf_selection *s = &pf->sel;
    char names[2048];
    d->has_selection = 1;
    d->budget = money(s->budget);
    d->sel_cash = money(s->cash);
    d->sel_npv = money(s->expected_npv);
    d->sel_p_npv_gt_0 = share(s->p_npv_gt_0);
    d->p_beats = share(s->p_beats_runner_up);
    set_names(names, sizeof names, pf, s->chosen);
    snprintf(d->chosen, sizeof d->chosen,
             "Within the budget of %s, the set of projects with the highest expected NPV "
             "is: %s (cash %s, expected NPV %s; their NPV is above £0 in %s of "
             "simulations).",
             d->budget.text, names, d->sel_cash.text, d->sel_npv.text,
             d->sel_p_npv_gt_0.text);
    if (s->has_runner_up) {
        char a[64], b[64];
        set_names(names, sizeof names, pf, s->runner_up);
        snprintf(d->runner_up, sizeof d->runner_up,
                 "The runner-up is %s (cash %s, expected NPV %s).", names,
                 text_money(a, sizeof a, s->runner_cash),
                 text_money(b, sizeof b, s->runner_expected_npv));
        int close = s->p_beats_runner_up < 0.6;
        snprintf(d->beats, sizeof d->beats,
                 "On the same simulations, the chosen set's NPV is higher than the "
                 "runner-up's in %s of them%s",
                 d->p_beats.text,
                 close ? ": too close to call on these assumptions, so the two sets are "
                         "as good as each other until better evidence separates them."
                       : ".");
    } else {
        snprintf(d->runner_up, sizeof d->runner_up,
                 "No other set of projects fits the budget.");
        snprintf(d->beats, sizeof d->beats, "There is no runner-up to compare it with.");
    }
    snprintf(d->caveat, sizeof d->caveat,
             "This choice rests on the models' assumptions: each project's reach, "
             "outcomes, unit costs and attribution as its model states them. It ranks "
             "projects by expected NPV alone; the need each one meets, who gains and what "
             "the evidence is worth are for the board to weigh.");
    return 0;
}

/* The contribution to the National Health and Wellbeing Outcomes summed
 * over the projects (docs/method.md section 13): each project's people and
 * value in the portfolio's price year, added up. */
static void national(results_portfolio *d, const stitch_portfolio *pf)
{
    double people[RESULTS_NATIONAL + 1] = {0}, value[RESULTS_NATIONAL + 1] = {0};
    for (size_t i = 0; i < pf->n; i++) {
        double pp[RESULTS_NATIONAL + 1], vv[RESULTS_NATIONAL + 1];
        results_national_sums(pf->proj[i].p, pf->proj[i].base, pp, vv);
        for (int k = 1; k <= RESULTS_NATIONAL; k++)
            people[k] += pp[k], value[k] += vv[k];
    }
    results_national_rows(d->national, people, value);
    for (int k = 1; k <= RESULTS_NATIONAL; k++) {
        results_national *m = &d->national[k - 1];
        size_t used = 0;
        for (size_t i = 0; i < pf->n; i++) {
            const stitch_plan *p = pf->proj[i].p;
            int here = 0;
            for (size_t j = 0; j < p->n_nodes; j++)
                here += p->nodes[j].parent >= 0 && (p->nodes[j].national & (1u << k));
            if (!here)
                continue;
            m->tagged += here;
            if (used < sizeof m->outcomes) {
                int w = snprintf(m->outcomes + used, sizeof m->outcomes - used, "%s%s (%d)",
                                 used ? "; " : "", d->proj[i].name, here);
                used += w > 0 ? (size_t)w : 0;
            }
        }
        text_utf8_trim(m->outcomes);
        d->national_tagged += m->tagged > 0;
    }
    snprintf(d->national_title, sizeof d->national_title,
             "Contribution to the National Health and Wellbeing Outcomes");
    snprintf(d->national_people_label, sizeof d->national_people_label,
             "People (summed over outcomes and projects)");
    if (d->national_tagged)
        snprintf(d->national_note, sizeof d->national_note,
                 "The partnership's collective contribution. People: those reaching the "
                 "outcomes tagged with each national outcome over each project's delivery "
                 "years, summed over those outcomes and over the projects, so someone who "
                 "reaches two tagged outcomes, or is helped by two projects, counts twice. "
                 "Value: the present value of the benefits hanging off those outcomes. "
                 "Each row names the projects with how many of their outcomes are tagged. "
                 "Neither column adds up to a total.");
    else
        snprintf(d->national_note, sizeof d->national_note,
                 "No outcome of any project names a national outcome: add "
                 "national_outcomes = [...] to the outcomes the evidence links to them.");
    d->national_source = national_outcomes_source;
}

results_portfolio *results_portfolio_build(const stitch_portfolio *pf)
{
    results_portfolio *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->pf = pf;
    d->n = pf->n;
    d->proj = calloc(pf->n, sizeof *d->proj);
    d->staff = calloc(pf->n_staff + 1, sizeof *d->staff);
    d->capacity = calloc(pf->n_capacity + 1, sizeof *d->capacity);
    d->payers = calloc(pf->n_payers + 1, sizeof *d->payers);
    d->chart_labels = calloc(pf->n + 1, sizeof *d->chart_labels);
    d->chart_lo = calloc(pf->n + 1, sizeof *d->chart_lo);
    d->chart_hi = calloc(pf->n + 1, sizeof *d->chart_hi);
    if (!d->proj || !d->staff || !d->capacity || !d->payers || !d->chart_labels ||
        !d->chart_lo || !d->chart_hi) {
        results_portfolio_free(d);
        return NULL;
    }
    char a[64], b[64];
    snprintf(d->title, sizeof d->title, "Portfolio: %s", pf->name);
    snprintf(d->about, sizeof d->about, "%s, %s in one joint simulation, seed %lu; money "
             "in %s prices",
             text_count(a, sizeof a, (long)pf->n, "project", "projects"),
             text_count(b, sizeof b, pf->iterations, "run", "runs"), pf->seed,
             pf->price_year);
    snprintf(d->streams, sizeof d->streams,
             "Each project's own numbers vary independently of the other projects'; a "
             "unit cost two projects both use varies together in both, since it is the "
             "same price for everyone.");
    headline(&d->headline[RESULTS_BCR], "bcr", "Benefit-cost ratio", 0, pf->bcr, &pf->s_bcr,
             pf->bcr_defined);
    headline(&d->headline[RESULTS_NPV], "npv", "Net present value", 1, pf->npv, &pf->s_npv, 1);
    headline(&d->headline[RESULTS_PVB], "pvb", "Present value of benefits", 1, pf->pvb,
             &pf->s_pvb, 1);
    headline(&d->headline[RESULTS_PVC], "pvc", "Present value of costs", 1, pf->pvc,
             &pf->s_pvc, 1);
    d->cash = money(pf->cash);
    d->p_bcr_ge_1 = share(pf->p_bcr_ge_1);
    d->p_npv_gt_0 = share(pf->p_npv_gt_0);
    snprintf(d->spread, sizeof d->spread,
             "In 9 out of 10 simulations the portfolio's NPV lies between %s and %s; its "
             "benefits at least match its costs in %s of them.",
             d->headline[RESULTS_NPV].p5.text, d->headline[RESULTS_NPV].p95.text,
             d->p_bcr_ge_1.text);
    for (size_t i = 0; i < pf->n; i++) {
        const pf_project *pr = &pf->proj[i];
        results_pf_project *q = &d->proj[i];
        q->model = pr->model, q->name = pr->p->name;
        q->cash = money(pr->cash);
        q->pvc = money(pr->base->pvc), q->pvb = money(pr->base->pvb);
        q->npv = money(pr->base->npv);
        q->bcr = ratio(pr->base->bcr);
        q->npv_mean = money(pr->mc->npv.mean);
        q->npv_p5 = money(pr->mc->npv.p5), q->npv_p95 = money(pr->mc->npv.p95);
        q->p_npv_gt_0 = share(pr->mc->p_npv_gt_0);
        q->chosen = !pf->has_selection ? "" : (pf->sel.chosen >> i & 1) ? "chosen"
                                                                          : "not chosen";
        short_label(q->label, sizeof q->label, pr->model);
        d->chart_labels[i] = q->label;
        d->chart_lo[i] = pr->mc->npv.p5, d->chart_hi[i] = pr->mc->npv.p95;
    }
    d->chart_ref = 0;
    for (size_t g = 0; g < pf->n_staff; g++) {
        const pf_sum *s = &pf->staff[g];
        row(&d->staff[g], s->name, s->base, s->mean, s->s.p5, s->s.p95, 0, "hours");
    }
    d->n_staff = pf->n_staff;
    for (size_t c = 0; c < pf->n_capacity; c++) {
        const pf_sum *s = &pf->capacity[c];
        row(&d->capacity[c], s->name, s->base, s->mean, s->s.p5, s->s.p95, 0, NULL);
    }
    d->n_capacity = pf->n_capacity;
    for (size_t k = 0; k < pf->n_payers; k++) {
        const pf_sum *s = &pf->payers[k];
        row(&d->payers[k], s->name, s->base, s->mean, NAN, NAN, 1, NULL);
    }
    d->n_payers = pf->n_payers;
    for (size_t k = 0; k < 4; k++)
        row(&d->kind[k], kind_names[k], pf->kind[k], pf->kind_mean[k], NAN, NAN, 1, NULL);
    if (pf->has_selection)
        selection(d);
    national(d, pf);
    return d;
}

void results_portfolio_free(results_portfolio *d)
{
    if (!d)
        return;
    free(d->proj), free(d->staff), free(d->capacity), free(d->payers);
    free(d->chart_labels), free(d->chart_lo), free(d->chart_hi);
    free(d);
}

/* ---- options side by side (docs/method.md section 12) -------------------- */

static void cmp_pair_words(results_cmp_pair *w, const stitch_comparison *c,
                           const cmp_pair *q)
{
    char a[64], b[64], d[64], e[64], f[64], g[64];
    const cmp_option *x = &c->opt[q->a], *y = &c->opt[q->b];
    w->a = q->a, w->b = q->b;
    w->p_a_better = share(q->p_a_better);
    w->diff_mean = money(q->npv_diff.mean);
    w->diff_p5 = money(q->npv_diff.p5), w->diff_p95 = money(q->npv_diff.p95);
    snprintf(w->line, sizeof w->line,
             "%s against %s: its NPV is higher in %s of simulations, by %s on average "
             "(P5 %s, P95 %s).",
             x->name, y->name, w->p_a_better.text, w->diff_mean.text, w->diff_p5.text,
             w->diff_p95.text);
    /* the incremental BCR read from the dearer option (base case) */
    double dc = x->base->pvc - y->base->pvc;
    const cmp_option *hi = dc >= 0 ? x : y, *lo = dc >= 0 ? y : x;
    const cmp_pair *m = q;
    for (size_t j = 0; dc < 0 && j < c->n_pairs; j++)
        if (c->pairs[j].a == q->b && c->pairs[j].b == q->a)
            m = &c->pairs[j];
    double more = hi->base->pvc - lo->base->pvc, gain = hi->base->pvb - lo->base->pvb;
    if (more == 0)
        snprintf(w->dearer, sizeof w->dearer,
                 "They cost the same in the base case, so there is no incremental BCR.");
    else if (gain <= 0)
        snprintf(w->dearer, sizeof w->dearer,
                 "%s costs %s more and brings %s less benefit: %s dominates it in the base "
                 "case.",
                 hi->name, text_money(a, sizeof a, more), text_money(b, sizeof b, -gain),
                 lo->name);
    else
        snprintf(w->dearer, sizeof w->dearer,
                 "%s costs %s more and brings %s more benefit: %s of benefit for each extra "
                 "\xC2\xA3" "1 (incremental BCR; P5 %s, P95 %s over the %s whose costs "
                 "differ).",
                 hi->name, text_money(a, sizeof a, more), text_money(b, sizeof b, gain),
                 text_money(d, sizeof d, m->ibcr_base),
                 m->ibcr_runs ? results_ratio_text(f, sizeof f, m->ibcr.p5) : "-",
                 m->ibcr_runs ? results_ratio_text(g, sizeof g, m->ibcr.p95) : "-",
                 text_count(e, sizeof e, m->ibcr_runs, "simulation", "simulations"));
}

results_comparison *results_comparison_build(const stitch_comparison *c)
{
    results_comparison *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->c = c;
    d->n = c->n;
    d->opt = calloc(c->n + 1, sizeof *d->opt);
    d->pairs = calloc(c->n_pairs + 1, sizeof *d->pairs);
    d->chart_labels = calloc(c->n + 1, sizeof *d->chart_labels);
    d->chart_lo = calloc(c->n + 1, sizeof *d->chart_lo);
    d->chart_hi = calloc(c->n + 1, sizeof *d->chart_hi);
    if (!d->opt || !d->pairs || !d->chart_labels || !d->chart_lo || !d->chart_hi) {
        results_comparison_free(d);
        return NULL;
    }
    char a[64], b[64];
    snprintf(d->title, sizeof d->title, "Comparing %zu options: %s each, seed %lu", c->n,
             text_count(a, sizeof a, c->iterations, "simulation", "simulations"), c->seed);
    snprintf(d->shared, sizeof d->shared,
             "(an input with the same path, or the same unit-cost code, draws the same "
             "values in every option)");
    snprintf(d->pairs_title, sizeof d->pairs_title,
             "Option against option (the same simulations, so the differences are paired)");
    size_t used = (size_t)snprintf(d->ranking, sizeof d->ranking, "Ranking by expected NPV:");
    for (size_t i = 0; i < c->n; i++) {
        const cmp_option *x = &c->opt[i];
        const stitch_mc_result *mc = x->mc;
        results_cmp_option *o = &d->opt[i];
        o->model = x->name, o->name = x->p->name;
        short_label(o->label, sizeof o->label, x->name);
        o->pvc = money(x->base->pvc), o->pvb = money(x->base->pvb);
        o->npv = money(x->base->npv), o->bcr = ratio(x->base->bcr);
        o->npv_mean = money(mc->npv.mean);
        o->npv_p5 = money(mc->npv.p5), o->npv_p95 = money(mc->npv.p95);
        o->bcr_p5 = ratio(mc->bcr_defined ? mc->bcr.p5 : NAN);
        o->bcr_p95 = ratio(mc->bcr_defined ? mc->bcr.p95 : NAN);
        o->p_bcr_ge_1 = share(mc->p_bcr_ge_1);
        o->p_best = share(c->p_best[i]);
        snprintf(o->heading, sizeof o->heading, "%zu. %s (%s)", i + 1, x->p->name, x->name);
        snprintf(o->base, sizeof o->base, "PV of costs %s, PV of benefits %s, NPV %s, BCR %s",
                 o->pvc.text, o->pvb.text, o->npv.text, o->bcr.text);
        if (mc->bcr_defined)
            snprintf(o->spread, sizeof o->spread,
                     "In 9 out of 10 simulations the BCR lies between %s and %s; it breaks "
                     "even in %s of them",
                     o->bcr_p5.text, o->bcr_p95.text, o->p_bcr_ge_1.text);
        snprintf(o->best, sizeof o->best, "Chance it has the highest NPV of the options: %s",
                 o->p_best.text);
        d->chart_labels[i] = o->label;
        d->chart_lo[i] = mc->npv.p5, d->chart_hi[i] = mc->npv.p95;
    }
    for (size_t i = 0; i < c->n && used < sizeof d->ranking; i++) {
        const cmp_option *x = &c->opt[c->rank[i]];
        used += (size_t)snprintf(d->ranking + used, sizeof d->ranking - used, "%s %zu. %s (%s)",
                                 i ? "," : "", i + 1, x->name,
                                 text_money(b, sizeof b, x->mc->npv.mean));
    }
    for (size_t k = 0; k < c->n_pairs; k++)
        if (c->pairs[k].a < c->pairs[k].b) /* each pair once: the other way is its mirror */
            cmp_pair_words(&d->pairs[d->n_pairs++], c, &c->pairs[k]);
    return d;
}

void results_comparison_free(results_comparison *d)
{
    if (!d)
        return;
    free(d->opt), free(d->pairs);
    free(d->chart_labels), free(d->chart_lo), free(d->chart_hi);
    free(d);
}
