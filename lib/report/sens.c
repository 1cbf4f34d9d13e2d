/* report_sens.c — stage 6: the sensitivity tables (SPEC section 5) as aligned
 * text with a tornado chart, as JSON members (SPEC section 6) and as CSV. */
#include "fmt.h"
#include "plan.h"
#include "report.h"
#include "sensitivity.h"
#include "text.h"

#include <math.h>
#include <string.h>

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
    else
        snprintf(buf, n, "%.3g", v == 0 ? 0.0 : v); /* no "-0" */
    return buf;
}

static char *fmt_bcr(char *buf, size_t n, double v)
{
    if (isnan(v))
        snprintf(buf, n, "n/a");
    else
        text_num(buf, n, v, 2);
    return buf;
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

/* ---- text -----------------------------------------------------------------------------
 */

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
    int base =
        (int)lround((((use_bcr ? s->base_bcr : s->base_npv) - lo) / span) * (W - 1));
    int one = use_bcr && lo <= 1 && hi >= 1 ? (int)lround((1 - lo) / span * (W - 1)) : -1;
    for (size_t k = 0; k < s->n_tornado; k++) {
        const sens_tornado *t = &s->tornado[k];
        double x = use_bcr ? t->bcr_low : t->npv_low,
               y = use_bcr ? t->bcr_high : t->npv_high;
        char bar[W + 1];
        int from =
            isnan(x) || isnan(y) ? 0 : (int)lround((fmin(x, y) - lo) / span * (W - 1));
        int to =
            isnan(x) || isnan(y) ? -1 : (int)lround((fmax(x, y) - lo) / span * (W - 1));
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

/* Three decimals without a "-0.000". */
static double r3(double v)
{
    return fabs(v) < 0.0005 ? 0.0 : v;
}

static void text_sobol(FILE *o, const stitch_plan *p, const stitch_sensitivity *s, int pw)
{
    char a[64], b[64];
    fprintf(o, "7. Global sensitivity (Sobol indices of NPV)\n");
    if (s->sobol_status == -2) {
        fprintf(o, "  Not computed (--sobol 0).\n\n");
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
        snprintf(a, sizeof a, "%.3f [%.3f, %.3f]", r3(x->s1), r3(x->s1_lo), r3(x->s1_hi));
        snprintf(b, sizeof b, "%.3f [%.3f, %.3f]", r3(x->st), r3(x->st_lo), r3(x->st_hi));
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

/* ---- JSON -----------------------------------------------------------------------------
 */

void report_json_sensitivity(json_writer *w, const stitch_plan *p,
                             const stitch_sensitivity *s)
{
    json_open(w, "tornado", '[');
    for (size_t k = 0; k < s->n_tornado; k++) {
        const sens_tornado *t = &s->tornado[k];
        json_open(w, NULL, '{');
        json_str(w, "path", path_of(p, t->input));
        json_str(w, "range", t->adjustment ? "half to 1.5x" : "P10-P90");
        json_num(w, "low", t->low);
        json_num(w, "high", t->high);
        json_num(w, "bcr_low", t->bcr_low);
        json_num(w, "bcr_high", t->bcr_high);
        json_num(w, "npv_low", t->npv_low);
        json_num(w, "npv_high", t->npv_high);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_open(w, "switching", '[');
    for (size_t k = 0; k < s->n_switching; k++) {
        const sens_switch *x = &s->switching[k];
        json_open(w, NULL, '{');
        json_str(w, "path", path_of(p, x->input));
        json_num(w, "base", x->base);
        json_num(w, "value", x->value);
        json_num(w, "p5", x->p5);
        json_num(w, "p95", x->p95);
        json_bool(w, "in_range", x->in_range);
        json_bool(w, "fixed", x->fixed);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_open(w, "scenarios", '[');
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const sens_scenario *c = &s->scenarios[k];
        json_open(w, NULL, '{');
        json_str(w, "name", c->name);
        json_num(w, "pvb", c->pvb);
        json_num(w, "pvc", c->pvc);
        json_num(w, "npv", c->npv);
        json_num(w, "bcr", c->bcr);
        if (c->payback_year < 0)
            json_null(w, "payback_year");
        else
            json_int(w, "payback_year", c->payback_year);
        json_close(w, '}');
    }
    json_close(w, ']');
    if (s->grid_a >= 0) {
        json_open(w, "grid", '{');
        json_str(w, "a", path_of(p, (size_t)s->grid_a));
        json_str(w, "b", path_of(p, (size_t)s->grid_b));
        json_open(w, "a_values", '[');
        for (size_t i = 0; i < s->grid_n; i++)
            json_num(w, NULL, s->grid_av[i]);
        json_close(w, ']');
        json_open(w, "b_values", '[');
        for (size_t i = 0; i < s->grid_n; i++)
            json_num(w, NULL, s->grid_bv[i]);
        json_close(w, ']');
        const char *names[2] = {"bcr", "npv"};
        const double *vals[2] = {s->grid_bcr, s->grid_npv};
        for (int m = 0; m < 2; m++) {
            json_open(w, names[m], '[');
            for (size_t i = 0; i < s->grid_n; i++) {
                json_open(w, NULL, '[');
                for (size_t j = 0; j < s->grid_n; j++)
                    json_num(w, NULL, vals[m][i * s->grid_n + j]);
                json_close(w, ']');
            }
            json_close(w, ']');
        }
        json_close(w, '}');
    } else
        json_null(w, "grid");
    json_open(w, "horizon", '[');
    for (int t = 0; t < p->years; t++) {
        json_open(w, NULL, '{');
        json_int(w, "years", t + 1);
        json_num(w, "bcr", s->horizon_bcr[t]);
        json_num(w, "npv", s->horizon_npv[t]);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_open(w, "discount", '[');
    for (size_t k = 0; k < s->n_discount; k++) {
        json_open(w, NULL, '{');
        if (isnan(s->discount[k].rate))
            json_str(w, "rate", p->sched_names[0]);
        else
            json_num(w, "rate", s->discount[k].rate);
        json_num(w, "bcr", s->discount[k].bcr);
        json_num(w, "npv", s->discount[k].npv);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_open(w, "attribution", '{');
    json_num(w, "break_even", s->break_even_attribution);
    json_open(w, "by_benefit", '[');
    for (size_t i = 0; i < p->n_benefits; i++) {
        const sens_benefit *b = &s->benefits[i];
        json_open(w, NULL, '{');
        json_str(w, "id", p->benefits[i].id);
        json_num(w, "contribution_pv", b->contribution);
        json_num(w, "attribution", b->attribution);
        json_num(w, "attributed_pv", b->attributed);
        json_num(w, "break_even_alone", b->break_even_alone);
        json_close(w, '}');
    }
    json_close(w, ']');
    json_close(w, '}');
    json_open(w, "sobol", '[');
    for (size_t i = 0; s->sobol_status >= 0 && i < s->n_sobol; i++) {
        const sobol_index *x = &s->sobol[i];
        json_open(w, NULL, '{');
        json_str(w, "path", path_of(p, p->uncertain[i]));
        json_num(w, "s1", x->s1);
        json_open(w, "s1_ci", '[');
        json_num(w, NULL, x->s1_lo);
        json_num(w, NULL, x->s1_hi);
        json_close(w, ']');
        json_num(w, "st", x->st);
        json_open(w, "st_ci", '[');
        json_num(w, NULL, x->st_lo);
        json_num(w, NULL, x->st_hi);
        json_close(w, ']');
        json_close(w, '}');
    }
    json_close(w, ']');
    json_open(w, "sobol_meta", '{');
    json_int(w, "samples", s->sobol_status == -2 ? 0 : s->sobol_samples);
    json_str(w, "status",
             s->sobol_status == 0             ? "ok"
             : s->sobol_status == SOBOL_NOVAR ? "no variance"
             : s->sobol_status == -1          ? "no uncertain inputs"
                                              : "not computed");
    json_close(w, '}');
}

/* ---- CSV ------------------------------------------------------------------------------
 */

/* A number in full precision; empty for NaN (no NaN in any output). */
static void csv_num(FILE *o, double v)
{
    fputc(',', o);
    if (isfinite(v))
        fprintf(o, "%.17g", v);
}

void report_csv_sensitivity(FILE *o, const stitch_plan *p, const stitch_sensitivity *s)
{
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
    fprintf(o, "\ntable,path,base,value,p5,p95,in_range,fixed\n");
    for (size_t k = 0; k < s->n_switching; k++) {
        const sens_switch *x = &s->switching[k];
        fprintf(o, "switching,");
        text_csv_field(o, path_of(p, x->input));
        csv_num(o, x->base), csv_num(o, x->value), csv_num(o, x->p5), csv_num(o, x->p95);
        fprintf(o, ",%s,%s\n", x->in_range ? "true" : "false",
                x->fixed ? "true" : "false");
    }
    fprintf(o, "\ntable,name,pvb,pvc,npv,bcr,payback_year\n");
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
    if (s->grid_a >= 0) {
        fprintf(o, "\ntable,a_path,a,b_path,b,bcr,npv\n");
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
    }
    fprintf(o, "\ntable,years,bcr,npv\n");
    for (int t = 0; t < p->years; t++) {
        fprintf(o, "horizon,%d", t + 1);
        csv_num(o, s->horizon_bcr[t]), csv_num(o, s->horizon_npv[t]);
        fputc('\n', o);
    }
    fprintf(o, "\ntable,rate,bcr,npv\n");
    for (size_t k = 0; k < s->n_discount; k++) {
        fprintf(o, "discount,");
        if (isnan(s->discount[k].rate))
            text_csv_field(o, p->sched_names[0]);
        else
            fprintf(o, "%.17g", s->discount[k].rate);
        csv_num(o, s->discount[k].bcr), csv_num(o, s->discount[k].npv);
        fputc('\n', o);
    }
    fprintf(
        o,
        "\ntable,benefit,contribution_pv,attribution,attributed_pv,break_even_alone\n");
    for (size_t i = 0; i < p->n_benefits; i++) {
        const sens_benefit *b = &s->benefits[i];
        fprintf(o, "attribution,");
        text_csv_field(o, p->benefits[i].id);
        csv_num(o, b->contribution), csv_num(o, b->attribution);
        csv_num(o, b->attributed), csv_num(o, b->break_even_alone);
        fputc('\n', o);
    }
    fprintf(o, "\ntable,path,s1,s1_lo,s1_hi,st,st_lo,st_hi\n");
    for (size_t i = 0; s->sobol_status >= 0 && i < s->n_sobol; i++) {
        const sobol_index *x = &s->sobol[i];
        fprintf(o, "sobol,");
        text_csv_field(o, path_of(p, p->uncertain[i]));
        csv_num(o, x->s1), csv_num(o, x->s1_lo), csv_num(o, x->s1_hi);
        csv_num(o, x->st), csv_num(o, x->st_lo), csv_num(o, x->st_hi);
        fputc('\n', o);
    }
}
