/* html.c — the report a bid writer hands to a funder: one HTML file
 * with no outside resources, that prints cleanly to PDF.
 *
 * The logic-model diagram comes from Graphviz (diagram.c) and the charts
 * from cairo (chart.c), both as inline SVG. Every headline figure carries
 * its exact value in a data-value attribute, so the tests can check that
 * the page says what the JSON report says. */
#include "chart.h"
#include "diagram.h"
#include "model.h"
#include "writer.h"
#include "sensitivity.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Text with &, <, > and quotes escaped; a byte that is not UTF-8 becomes
 * U+FFFD, so the page is always valid UTF-8. */
static void esc(FILE *o, const char *s)
{
    for (size_t k; s && *s; s++)
        switch (*s) {
        case '&':
            fputs("&amp;", o);
            break;
        case '<':
            fputs("&lt;", o);
            break;
        case '>':
            fputs("&gt;", o);
            break;
        case '"':
            fputs("&quot;", o);
            break;
        default:
            if ((k = text_utf8_len(s)) != 0)
                fwrite(s, 1, k, o), s += k - 1;
            else
                fputs("\xEF\xBF\xBD", o);
        }
}

/* A figure people read, with its exact value for machines. */
static void figure(FILE *o, const char *id, double v, const char *shown)
{
    fprintf(o, "<span class=\"fig\" id=\"%s\"", id);
    if (isfinite(v))
        fprintf(o, " data-value=\"%.17g\"", v);
    fprintf(o, ">");
    esc(o, shown);
    fprintf(o, "</span>");
}

/* The document's sentence, with each of its n figures (in the order they
 * appear) marked up as a figure; text between them escaped. */
static void sentence(FILE *o, const char *text, const char *const *ids,
                     const results_fig *const *figs, size_t n)
{
    const char *at = text;
    for (size_t i = 0; i < n; i++) {
        const char *f = strstr(at, figs[i]->text);
        if (!f)
            continue;
        char *before = strndup(at, (size_t)(f - at));
        if (before)
            esc(o, before);
        free(before);
        figure(o, ids[i], figs[i]->value, figs[i]->text);
        at = f + strlen(figs[i]->text);
    }
    esc(o, at);
}

static const char *bcr_text(char *buf, size_t n, double v)
{
    return results_ratio_text(buf, n, v);
}

static const char style[] =
    "body{font-family:Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;"
    "padding:0 1rem;color:#222;line-height:1.45}"
    "h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:2px solid #2a5d84;"
    "padding-bottom:.2rem;margin-top:2.5rem}h3{margin-top:1.5rem}"
    ".meta{color:#555}.fig{font-weight:bold}"
    ".headline{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}"
    ".card{border:1px solid #ccd;border-radius:6px;padding:.6rem 1rem;min-width:10rem}"
    ".card b{display:block;font-size:1.4rem}"
    ".caveat{background:#fff6e0;border-left:4px solid #d99a00;padding:.6rem 1rem}"
    "table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}"
    "th,td{border:1px solid #ccd;padding:.25rem .5rem;text-align:left;vertical-align:top}"
    "th{background:#eef2f7}td.n{text-align:right;white-space:nowrap}"
    ".yes{background:#fde2e2;font-weight:bold}.path{color:#666;font-weight:normal}"
    "figure{margin:1rem 0}figcaption{color:#555;font-size:.9rem}"
    "svg{max-width:100%;height:auto}"
    "@media print{body{margin:0;max-width:none}h2{page-break-before:always}"
    "h2.first{page-break-before:avoid}figure,table{page-break-inside:avoid}"
    "a{color:inherit;text-decoration:none}}";

/* The outcome map (docs/method.md section 13): columns by step, boxes
 * coloured by confidence (a heat map), marked by progress. */
static const char map_style[] =
    ".omap{display:flex;gap:1.4rem;overflow-x:auto;padding:.3rem 0 .6rem}"
    ".ocol{flex:1 1 0;min-width:11rem;position:relative}"
    ".ocol+.ocol:before{content:'\\2192';position:absolute;left:-1.25rem;top:-.2rem;"
    "color:#2a5d84;font-weight:bold;font-size:1.3rem}"
    ".ocol h3{font-size:.85rem;margin:0 0 .5rem;color:#2a5d84;text-transform:uppercase;"
    "letter-spacing:.03em}"
    ".obox{border:1px solid #999;border-left-width:6px;border-radius:4px;"
    "padding:.4rem .55rem;margin:0 0 .8rem;font-size:.85rem;position:relative;"
    "page-break-inside:avoid}"
    ".obox b{display:block;padding-right:1.3rem}.obox .ppl{display:block;margin:.2rem 0;"
    "font-size:1rem}.obox small{display:block;color:#333}"
    ".obox .prog{position:absolute;right:.4rem;top:.25rem;font-size:1.1rem}"
    ".c-high{background:#d4edda;border-color:#2b7a30}"
    ".c-medium{background:#fff4c2;border-color:#c9a000}"
    ".c-low{background:#ffe0c2;border-color:#d9730d}"
    ".c-none{background:#f9d0d0;border-color:#c62828}"
    ".c-unrated{background:#eeeeee;border-color:#888}"
    ".oben{list-style:none;margin:.45rem 0 0;padding:.3rem 0 0;border-top:1px dashed #777}"
    ".oben li{margin:.15rem 0;padding-left:.9rem;text-indent:-.9rem}"
    ".oben li:before{content:'\\21B3  '}"
    ".obox small.nat{margin-top:.15rem;color:#2a5d84}"
    "td.ev{font-size:.8rem;color:#444;border-top:none}"
    ".okey span{display:inline-block;padding:0 .4rem;margin:0 .2rem;border-style:solid;"
    "border-width:1px 1px 1px 6px;font-size:.85rem;color:#222}";

static void head(FILE *o, const stitch_plan *p)
{
    fprintf(o,
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"stitch %s\">\n<title>",
            stitch_version());
    esc(o, p->name);
    fprintf(o, " — business case</title>\n<style>%s%s</style>\n</head>\n<body>\n", style,
            map_style);
}

static void summary(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_mc_result *mc = d->mc;
    const results_headline *h = d->headline;
    fprintf(o, "<header>\n<h1>");
    esc(o, p->name);
    fprintf(o, "</h1>\n<p class=\"meta\">");
    if (p->organisation[0]) {
        esc(o, p->organisation);
        fprintf(o, " · ");
    }
    esc(o, d->basis);
    if (d->monitoring_basis[0]) {
        fprintf(o, "</p>\n<p class=\"meta\">");
        esc(o, d->monitoring_basis);
    }
    fprintf(
        o, "</p>\n</header>\n<section id=\"summary\">\n<h2 class=\"first\">Summary</h2>\n"
           "<p>The service addresses: ");
    esc(o, p->need_text);
    fprintf(o,
            ".</p>\n<div class=\"headline\">\n<div class=\"card\">Benefit-cost ratio<b>");
    figure(o, "bcr", h[RESULTS_BCR].base.value, h[RESULTS_BCR].base.text);
    fprintf(
        o, "</b>with every assumption at its mean</div>\n<div class=\"card\">Net present "
           "value<b>");
    figure(o, "npv", h[RESULTS_NPV].base.value, h[RESULTS_NPV].base.text);
    fprintf(o, "</b>benefits ");
    figure(o, "pvb", h[RESULTS_PVB].base.value, h[RESULTS_PVB].base.text);
    fprintf(o, ", costs ");
    figure(o, "pvc", h[RESULTS_PVC].base.value, h[RESULTS_PVC].base.text);
    fprintf(o, "</div>\n");
    if (mc) {
        fprintf(o, "<div class=\"card\">Chance of breaking even<b>");
        figure(o, "p_bcr_ge_1", d->p_break_even.value, d->p_break_even.text);
        fprintf(o, "</b>");
        esc(o, d->break_even_over);
        fprintf(o, "</div>\n");
    }
    fprintf(o, "</div>\n");
    if (d->no_bcr[0]) {
        fprintf(o, "<p>");
        esc(o, d->no_bcr);
        fprintf(o, "</p>\n");
    }
    if (d->range[0]) {
        fprintf(o, "<p>");
        if (h[RESULTS_BCR].p5.value != h[RESULTS_BCR].p95.value) {
            const char *ids[] = {"bcr_p5", "bcr_p95"};
            const results_fig *figs[] = {&h[RESULTS_BCR].p5, &h[RESULTS_BCR].p95};
            sentence(o, d->range, ids, figs, 2);
        } else
            esc(o, d->range);
        fprintf(o, "</p>\n");
    }
    if (d->n_time) {
        fprintf(o, "<p>Time freed (potential): ");
        for (size_t g = 0; g < d->n_time; g++) {
            fprintf(o, "%s", g ? "; " : "");
            esc(o, d->time[g].line);
            if (d->time[g].units[0]) {
                fprintf(o, " (");
                esc(o, d->time[g].units);
                fprintf(o, ")");
            }
        }
        fprintf(o, ".</p>\n");
    }
    if (d->capacity_line[0]) {
        fprintf(o, "<p>");
        esc(o, d->capacity_line);
        fprintf(o, "</p>\n");
    }
    fprintf(o, "<p>");
    esc(o, d->cash_ask_line);
    fprintf(o, "</p>\n");
    fprintf(o, "<p class=\"caveat\"><b>");
    esc(o, d->kind_banner);
    fprintf(o, "</b> ");
    {
        const char *ids[] = {"cashable", "non_cashable"};
        const results_fig *figs[] = {&d->kind[STITCH_KIND_CASHABLE],
                                     &d->kind[STITCH_KIND_NONCASHABLE]};
        sentence(o, d->kind_detail, ids, figs, 2);
    }
    fprintf(o, "</p>\n");
    /* the document's sentence, its figure marked up where it first appears */
    const char *at = strstr(d->break_even, d->break_even_attribution.text);
    fprintf(o, "<p>");
    if (at && isfinite(d->break_even_attribution.value)) {
        fwrite(d->break_even, 1, (size_t)(at - d->break_even), o);
        figure(o, "break_even_attribution", d->break_even_attribution.value,
               d->break_even_attribution.text);
        esc(o, at + strlen(d->break_even_attribution.text));
    } else
        esc(o, d->break_even);
    fprintf(o, "</p>\n");
    fprintf(o, "</section>\n");
}

/* Inline an SVG, or say in words why it is missing. */
static void svg_figure(FILE *o, const char *id, char *svg, const stitch_diag *err,
                       const char *caption)
{
    fprintf(o, "<figure id=\"%s\">\n", id);
    if (svg)
        fputs(svg, o);
    else {
        fprintf(o, "<p>(This picture could not be drawn: ");
        esc(o, err->message);
        fprintf(o, ")</p>");
    }
    fprintf(o, "\n<figcaption>");
    esc(o, caption);
    fprintf(o, "</figcaption>\n</figure>\n");
    free(svg);
}

static void diagram(FILE *o, const stitch_plan *p, const stitch_result *r)
{
    stitch_diag err = {0};
    fprintf(o, "<section id=\"logic-model\">\n<h2>The logic model</h2>\n");
    svg_figure(
        o, "diagram", diagram_svg(p, r, &err), &err,
        "Need → inputs (the costs) → outputs → outcomes → benefits, with the cash "
        "asked for, people per year on each step and each benefit's present value. Links are coloured by the strength of their "
        "evidence; dashed links have none recorded.");
    fprintf(o, "</section>\n");
}

/* A bar's hours at its end: "1,200 hours". */
static char *bar_hours(char *buf, size_t n, double v)
{
    char num[64];
    if (!isfinite(v))
        return snprintf(buf, n, "not defined"), buf;
    snprintf(buf, n, "%s hours", chart_num(num, sizeof num, v, 0));
    return buf;
}

/* The chart drawn from the document's data for it. */
static char *chart_svg(const results_chart *c, stitch_diag *err)
{
    if (c->kind == CHART_HISTOGRAM)
        return chart_histogram_svg(c->values, c->n, c->from, c->to, c->mark, c->axis, err);
    if (c->kind == CHART_TORNADO)
        return chart_tornado_svg(c->labels, c->lo, c->hi, c->n, c->ref, c->mark, c->axis,
                                 err);
    return chart_bars_svg(c->labels, c->values, c->n, c->money ? chart_money : bar_hours,
                          c->axis, err);
}

/* The figures a bar chart draws, written out beside it, so a reader who
 * cannot see the chart (or prints it in grey) has every number. */
static void chart_figures(FILE *o, const results_chart *c)
{
    if (c->kind != CHART_BARS)
        return;
    fprintf(o, "<table class=\"chart-figures\" id=\"%s-figures\">\n", c->id);
    for (size_t i = 0; i < c->n; i++) {
        fprintf(o, "<tr><th>");
        esc(o, c->labels[i]);
        fprintf(o, "</th><td class=\"n\">");
        esc(o, c->figs[i].text);
        fprintf(o, "</td></tr>\n");
    }
    fprintf(o, "</table>\n");
}

static void charts(FILE *o, const results_doc *d)
{
    fprintf(o, "<section id=\"charts\">\n<h2>Charts</h2>\n");
    for (size_t i = 0; i < d->n_charts; i++) {
        stitch_diag err = {0};
        const results_chart *c = &d->chart[i];
        svg_figure(o, c->id, chart_svg(c, &err), &err, c->caption);
        chart_figures(o, c);
    }
    fprintf(o, "</section>\n");
}

/* An input's cell: its item in words, and its path below, smaller. */
static void input_cell(FILE *o, const stitch_plan *p, size_t i)
{
    char label[600];
    fprintf(o, "<td>");
    esc(o, plan_input_label(label, sizeof label, p, i));
    fprintf(o, "<br><small class=\"path\">");
    esc(o, p->inputs[i].path);
    fprintf(o, "</small></td>");
}

static void num_cell(FILE *o, const char *text)
{
    fprintf(o, "<td class=\"n\">");
    esc(o, text);
    fprintf(o, "</td>");
}

static void results_table(FILE *o, const results_doc *d)
{
    fprintf(o, "<h3>Results</h3>\n<table id=\"results\"><tr><th></th><th>base case</th>"
               "<th>P5</th><th>P50</th><th>P95</th></tr>\n");
    for (size_t i = 0; i < RESULTS_HEADLINES; i++) {
        const results_headline *h = &d->headline[i];
        const results_fig *x[] = {&h->base, &h->p5, &h->p50, &h->p95};
        fprintf(o, "<tr><th>%s</th>", h->label);
        for (int k = 0; k < 4; k++)
            num_cell(o, isnan(x[k]->value) ? "-" : x[k]->text);
        fprintf(o, "</tr>\n");
    }
    for (size_t g = 0; d->mc && g < d->n_time; g++) {
        const results_time *t = &d->time[g];
        fprintf(o, "<tr><th>");
        esc(o, t->group);
        fprintf(o, " hours</th>");
        num_cell(o, t->hours.text);
        num_cell(o, t->p5.text);
        num_cell(o, t->p50.text);
        num_cell(o, t->p95.text);
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n");
}

/* Who pays and who gains (docs/method.md section 4.12), when named. */
static void who_tables(FILE *o, const results_doc *d)
{
    if (d->funders_named) {
        fprintf(o,
                "<h3>Who pays</h3>\n<table id=\"funders\"><tr><th>funder</th>"
                "<th>present value</th><th>share</th><th>cash</th><th>ratio</th></tr>\n");
        for (size_t i = 0; i < d->n_funders; i++) {
            const results_funder *f = &d->funders[i];
            fprintf(o, "<tr><th>");
            esc(o, f->name);
            fprintf(o, "</th>");
            num_cell(o, f->cost.text);
            num_cell(o, f->share.text);
            num_cell(o, f->cash.text);
            num_cell(o, f->bcr.text);
            fprintf(o, "</tr>\n");
        }
        fprintf(o, "</table>\n<ul>\n");
        for (size_t i = 0; i < d->n_funders; i++) {
            fprintf(o, "<li>");
            esc(o, d->funders[i].line);
            fprintf(o, "</li>\n");
        }
        fprintf(o, "</ul>\n<p>");
        esc(o, d->funder_note);
        fprintf(o, "</p>\n");
    }
    if (d->stakeholders_named) {
        fprintf(o, "<h3>Who gains</h3>\n<table id=\"stakeholders\"><tr><th>stakeholder"
                   "</th><th>present value</th><th>share</th><th>per £1 of cost</th>"
                   "<th>P5</th><th>P50</th><th>P95</th></tr>\n");
        for (size_t i = 0; i < d->n_stakeholders; i++) {
            const results_stakeholder *k = &d->stakeholders[i];
            fprintf(o, "<tr><th>");
            esc(o, k->name);
            fprintf(o, "</th>");
            num_cell(o, k->value.text);
            num_cell(o, k->share.text);
            num_cell(o, k->ratio.text);
            num_cell(o, k->simulated ? k->p5.text : "-");
            num_cell(o, k->simulated ? k->p50.text : "-");
            num_cell(o, k->simulated ? k->p95.text : "-");
            fprintf(o, "</tr>\n");
        }
        fprintf(o, "</table>\n<p>");
        esc(o, d->stakeholder_note);
        fprintf(o, "</p>\n");
    }
}

static void sensitivity_tables(FILE *o, const stitch_plan *p, const stitch_sensitivity *s)
{
    char v[4][64];
    fprintf(o,
            "<h3>Switching values</h3>\n<p>The value of each input, on its own, at which "
            "the NPV falls to zero. Highlighted rows lie within the input's plausible "
            "range (P5 to P95): the case rests on them.</p>\n<table id=\"switching\"><tr>"
            "<th>input</th><th>base</th><th>switches at</th><th>P5</th><th>P95</th>"
            "</tr>\n");
    for (size_t k = 0; k < s->n_switching; k++) {
        const sens_switch *w = &s->switching[k];
        fprintf(o, "<tr%s>", w->in_range ? " class=\"yes\"" : "");
        input_cell(o, p, w->input);
        results_input_value(v[0], 64, p, w->input, w->base);
        results_input_value(v[1], 64, p, w->input, w->value);
        if (w->fixed)
            snprintf(v[2], 64, "fixed"), snprintf(v[3], 64, "fixed");
        else
            results_input_value(v[2], 64, p, w->input, w->p5),
                results_input_value(v[3], 64, p, w->input, w->p95);
        for (int i = 0; i < 4; i++)
            num_cell(o, v[i]);
        fprintf(o, "</tr>\n");
    }
    fprintf(o,
            "</table>\n<h3>Scenarios</h3>\n<table id=\"scenarios\"><tr><th>scenario</th>"
            "<th>PV benefits</th><th>PV costs</th><th>NPV</th><th>BCR</th></tr>\n");
    for (size_t k = 0; k < s->n_scenarios; k++) {
        const sens_scenario *c = &s->scenarios[k];
        fprintf(o, "<tr><td>");
        esc(o, c->name);
        fprintf(o, "</td>");
        num_cell(o, text_money(v[0], 64, c->pvb));
        num_cell(o, text_money(v[0], 64, c->pvc));
        num_cell(o, text_money(v[0], 64, c->npv));
        num_cell(o, bcr_text(v[0], 64, c->bcr));
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n<h3>Sobol indices of NPV</h3>\n");
    if (s->sobol_status != 0)
        fprintf(o, "<p>%s</p>\n",
                s->sobol_status == -2 ? "Not computed."
                : s->sobol_status == -1
                    ? "The model has no uncertain inputs."
                    : "The NPV does not vary with the uncertain inputs.");
    else {
        fprintf(
            o,
            "<p>The share of the NPV's variance due to each input alone (first "
            "order) and with its interactions (total), with 95%% bootstrap intervals "
            "(shown within 0 to 1, as shares are); %ld samples; the largest total "
            "first.</p>\n<table id=\"sobol\"><tr><th>input</th><th>first "
            "order</th><th>total</th></tr>\n",
            s->sobol_samples);
        size_t *order = results_sobol_order(s);
        for (size_t r = 0; order && r < s->n_sobol; r++) {
            const sobol_index *x = &s->sobol[order[r]];
            fprintf(o, "<tr>");
            input_cell(o, p, p->uncertain[order[r]]);
            char e[6][32];
            snprintf(v[0], 64, "%s [%s, %s]", results_sobol_text(e[0], 32, x->s1),
                     results_sobol_text(e[1], 32, x->s1_lo),
                     results_sobol_text(e[2], 32, x->s1_hi));
            snprintf(v[1], 64, "%s [%s, %s]", results_sobol_text(e[3], 32, x->st),
                     results_sobol_text(e[4], 32, x->st_lo),
                     results_sobol_text(e[5], 32, x->st_hi));
            num_cell(o, v[0]);
            num_cell(o, v[1]);
            fprintf(o, "</tr>\n");
        }
        free(order);
        fprintf(o, "</table>\n");
    }
}

static void assumptions(FILE *o, const stitch_plan *p)
{
    char v[256];
    fprintf(o,
            "<h3>Assumptions</h3>\n<p>Every number of the model, as given, with the "
            "value used in the base case (its mean).</p>\n<table id=\"assumptions\"><tr>"
            "<th>input</th><th>as given</th><th>base case</th></tr>\n");
    for (size_t i = 0; i < p->n_inputs; i++) {
        const plan_input *in = &p->inputs[i];
        fprintf(o, "<tr>");
        input_cell(o, p, i);
        fprintf(o, "<td>");
        esc(o, results_input_given(v, sizeof v, p, i));
        if (plan_input_given(p, i) != &in->dist)
            fprintf(o, "; updated by monitoring data");
        fprintf(o, "</td>");
        num_cell(o, results_input_value(v, sizeof v, p, i, dist_mean(&in->dist)));
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n<h3>Evidence behind each link</h3>\n<table id=\"evidence\"><tr>"
               "<th>link</th><th>evidence</th><th>confidence</th></tr>\n");
    for (size_t k = 0; k < p->n_nodes; k++) {
        const plan_node *n = &p->nodes[k];
        fprintf(o, "<tr><td>");
        esc(o, n->text);
        fprintf(o, "</td><td>");
        esc(o, n->evidence && n->evidence[0] ? n->evidence : "none recorded");
        fprintf(o, "</td><td>%s</td></tr>\n",
                n->confidence >= 0 ? confidence_names[n->confidence] : "not given");
    }
    for (size_t b = 0; b < p->n_benefits; b++) {
        const plan_benefit *pb = &p->benefits[b];
        fprintf(o, "<tr><td>");
        esc(o, pb->text);
        fprintf(o, "</td><td>");
        esc(o, pb->evidence && pb->evidence[0] ? pb->evidence : "none recorded");
        fprintf(o, "</td><td>%s</td></tr>\n",
                pb->confidence >= 0 ? confidence_names[pb->confidence] : "none");
    }
    fprintf(o, "</table>\n");
}

static void unit_costs(FILE *o, const stitch_plan *p)
{
    char a[64], b[64];
    fprintf(o, "<h3>Unit costs used</h3>\n<table id=\"unit-costs\"><tr><th>code</th>"
               "<th>service</th><th>table cost</th><th>uprating</th><th>cost used</th>"
               "<th>source</th></tr>\n");
    for (size_t i = 0; i < p->n_unit_costs; i++) {
        const plan_unit_cost *u = &p->unit_costs[i];
        fprintf(o, "<tr><td>");
        esc(o, u->code);
        fprintf(o, "</td><td>");
        esc(o, u->service);
        fprintf(o, "</td>");
        snprintf(b, sizeof b, "%s (%s)", text_money(a, 64, u->table_cost), u->price_year);
        num_cell(o, b);
        if (u->overridden)
            num_cell(o, "replaced by the model");
        else {
            snprintf(b, sizeof b, "× %.4f", u->factor);
            num_cell(o, b);
        }
        num_cell(o, text_money(a, 64, dist_mean(&p->inputs[u->input].dist)));
        fprintf(o, "<td>");
        esc(o, u->source);
        fprintf(o, "</td></tr>\n");
    }
    fprintf(o, "</table>\n");
}

static void method(FILE *o, const stitch_plan *p, const stitch_mc_result *mc,
                   const stitch_sensitivity *s)
{
    fprintf(o,
            "<section id=\"method\">\n<h2>Method and reproducibility</h2>\n<p>Costs and "
            "benefits are discounted to present values as the HM Treasury Green Book "
            "sets out. Each benefit is the people reaching its outcome × units avoided "
            "per person × unit cost (or value), reduced in turn for deadweight (what "
            "would have happened anyway), displacement (what moves elsewhere), optimism "
            "bias (by the strength of the evidence) and attribution (the share others "
            "caused); drop-off reduces it in each later year.</p>\n<ul>\n");
    fprintf(o, "<li>stitch %s; model file ", stitch_version());
    esc(o, p->model_file);
    fprintf(o, "</li>\n");
    if (mc)
        fprintf(o, "<li>Random numbers: %s; seed %lu; %ld iterations</li>\n",
                results_rng_name(mc), mc->seed, mc->iterations);
    if (s && s->sobol_status == 0)
        fprintf(o, "<li>Sobol indices: %ld samples, seed %lu</li>\n", s->sobol_samples,
                s->seed);
    for (size_t i = 0; i < p->n_tables; i++) {
        const char *base = strrchr(p->tables[i], '/');
        fprintf(o, "<li>Unit-cost table ");
        esc(o, base ? base + 1 : p->tables[i]);
        fprintf(o, " (price years ");
        esc(o, p->table_years[i]);
        fprintf(o, ")</li>\n");
    }
    fprintf(o, "<li>Prices: %s; discount: ", p->price_year);
    esc(o, p->sched_names[0]);
    fprintf(o, "</li>\n</ul>\n</section>\n");
}

/* ---- the costs, the cash flow and capacity freed (docs/method.md 4.12, 4.13) */

static void text_cell(FILE *o, const char *text)
{
    fprintf(o, "<td>");
    esc(o, text);
    fprintf(o, "</td>");
}

static void costs_section(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    fprintf(o, "<section id=\"costs\">\n<h2>The costs</h2>\n<p>What the money is spent "
               "on, with the evidence for each amount. The base case is the mean; the "
               "likely range is the P5 to P95 the simulation draws from.</p>\n"
               "<table id=\"cost-lines\"><tr><th>cost</th><th>base case</th><th>likely "
               "range</th><th>when</th><th>in all (undiscounted)</th><th>evidence</th>"
               "</tr>\n");
    for (size_t i = 0; i < d->n_costs; i++) {
        const results_cost *c = &d->costs[i];
        char range[160];
        if (c->fixed)
            snprintf(range, sizeof range, "fixed");
        else
            snprintf(range, sizeof range, "%s to %s", c->low.text, c->high.text);
        fprintf(o, "<tr>");
        text_cell(o, c->text);
        num_cell(o, c->amount.text);
        num_cell(o, range);
        text_cell(o, c->once ? "once, in year 0" : "each delivery year");
        num_cell(o, c->total.text);
        text_cell(o, c->evidence ? c->evidence : "none recorded");
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n<table id=\"cash-ask\"><tr><th>cash asked for</th>");
    for (int t = 0; t < p->years; t++)
        fprintf(o, "<th>year %d</th>", t);
    fprintf(o, "<th>in all</th><th>present value</th></tr>\n<tr><th>costs</th>");
    for (int t = 0; t < p->years; t++)
        num_cell(o, d->cash_flow[t].costs.text);
    fprintf(o, "<td class=\"n\">");
    figure(o, "cash_ask", d->cash_ask_total.value, d->cash_ask_total.text);
    fprintf(o, "</td>");
    num_cell(o, d->headline[RESULTS_PVC].base.text);
    /* The summary already says it in words (cash_ask_line); the table is
     * the figures, so the sentence is not repeated here. */
    fprintf(o, "</tr>\n</table>\n</section>\n");
}

static void cash_flow_table(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    static const char *const head[] = {"costs", "cashable", "non-cashable", "economic",
                                       "social", "benefits", "net"};
    fprintf(o, "<h3>Cash flow, year by year</h3>\n<p>");
    esc(o, d->cash_flow_note);
    fprintf(o, "</p>\n<table id=\"cash-flow\"><tr><th>year</th>");
    for (size_t i = 0; i < sizeof head / sizeof *head; i++)
        fprintf(o, "<th>%s</th>", head[i]);
    if (d->mc)
        fprintf(o, "<th>net P5</th><th>net P95</th>");
    fprintf(o, "</tr>\n");
    for (int t = 0; t < p->years; t++) {
        const results_year *y = &d->cash_flow[t];
        fprintf(o, "<tr><th>%d</th>", t);
        num_cell(o, y->costs.text);
        for (int k = 0; k < 4; k++)
            num_cell(o, y->kind[k].text);
        num_cell(o, y->benefits.text);
        num_cell(o, y->net.text);
        if (d->mc)
            num_cell(o, y->net_p5.text), num_cell(o, y->net_p95.text);
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n<table id=\"cash-flow-discounted\"><tr><th>year</th><th>discount "
               "factor</th><th>discounted costs</th><th>discounted benefits</th>"
               "<th>discounted net</th><th>cumulative</th></tr>\n");
    for (int t = 0; t < p->years; t++) {
        const results_year *y = &d->cash_flow[t];
        fprintf(o, "<tr><th>%d</th>", t);
        num_cell(o, y->discount_factor.text);
        num_cell(o, y->discounted_costs.text);
        num_cell(o, y->discounted_benefits.text);
        num_cell(o, y->discounted_net.text);
        num_cell(o, y->cumulative.text);
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n");
}

static void capacity_table(FILE *o, const results_doc *d)
{
    if (d->n_time == 0 && d->n_capacity == 0)
        return;
    fprintf(o, "<h3>Time and capacity freed</h3>\n<p>Potential, not cash: the staff stay "
               "employed and the beds stay open, so this is room for other people. Over "
               "the appraisal, after attribution, not discounted.</p>\n"
               "<table id=\"capacity\"><tr><th>what is freed</th><th>base case</th>");
    if (d->mc)
        fprintf(o, "<th>P5</th><th>P95</th>");
    fprintf(o, "<th>in words</th><th>from</th></tr>\n");
    for (size_t g = 0; g < d->n_time; g++) {
        const results_time *t = &d->time[g];
        char label[300];
        snprintf(label, sizeof label, "%s hours", t->group);
        fprintf(o, "<tr>");
        text_cell(o, label);
        num_cell(o, t->hours.text);
        if (d->mc)
            num_cell(o, t->p5.text), num_cell(o, t->p95.text);
        text_cell(o, t->line);
        text_cell(o, t->units);
        fprintf(o, "</tr>\n");
    }
    for (size_t u = 0; u < d->n_capacity; u++) {
        const results_capacity *c = &d->capacity[u];
        char noun[300];
        fmt_units_noun(noun, sizeof noun, c->unit);
        fprintf(o, "<tr>");
        text_cell(o, noun);
        num_cell(o, c->units.text);
        if (d->mc)
            num_cell(o, c->p5.text), num_cell(o, c->p95.text);
        text_cell(o, c->line);
        text_cell(o, c->services);
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n");
}

/* ---- everything `run` and `sensitivity` print, under the text report's headings */

static void row2(FILE *o, const char *label, const char *value)
{
    fprintf(o, "<tr><th>");
    esc(o, label);
    fprintf(o, "</th>");
    num_cell(o, value);
    fprintf(o, "</tr>\n");
}

static void business_case_table(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    const results_headline *h = d->headline;
    char v[640];
    fprintf(o, "<h3>The business case</h3>\n<p>Base case: every assumption at its "
               "mean. With the results above (benefit-cost ratio %s, net present value "
               "%s):</p>\n<table id=\"business-case\">\n",
            h[RESULTS_BCR].base.text, h[RESULTS_NPV].base.text);
    row2(o, "Return on investment", d->roi.text);
    if (d->r->payback_year >= 0)
        snprintf(v, sizeof v, "year %d (discounted; year 0 is the first)",
                 d->r->payback_year);
    else
        snprintf(v, sizeof v, "not within the %d-year appraisal", p->years);
    row2(o, "Payback", v);
    fprintf(o, "</table>\n<table id=\"cost-per-outcome\"><tr><th>Cost per outcome</th>"
               "<th>per person</th><th>people over the delivery years</th></tr>\n");
    size_t outcomes = 0;
    for (size_t k = 0; k < p->n_nodes; k++) {
        if (p->nodes[k].parent < 0)
            continue;
        outcomes++;
        fprintf(o, "<tr>");
        text_cell(o, p->nodes[k].text);
        num_cell(o, d->cost_per_outcome[k].text);
        num_cell(o, d->outcome_people[k].text);
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n");
    if (outcomes > 1) {
        fprintf(o, "<p>");
        esc(o, d->cost_per_outcome_note);
        fprintf(o, "</p>\n");
    }
}

static void uncertainty_tables(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    const stitch_mc_result *mc = d->mc;
    char a[64];
    if (!mc)
        return;
    fprintf(o, "<h3>Uncertainty (%s simulation%s, seed %lu)</h3>\n",
            text_num(a, sizeof a, (double)mc->iterations, 0), mc->iterations == 1 ? "" : "s",
            mc->seed);
    if (d->range[0]) {
        fprintf(o, "<p>");
        esc(o, d->range);
        fprintf(o, "</p>\n");
    }
    fprintf(o, "<table id=\"uncertainty\"><tr><th></th><th>mean</th><th>P5</th><th>P25"
               "</th><th>P50</th><th>P75</th><th>P95</th></tr>\n");
    struct {
        const char *label;
        const stitch_summary *s;
        int money, show;
    } rows[] = {{"Benefit-cost ratio", &mc->bcr, 0, mc->bcr_defined},
                {"Net present value", &mc->npv, 1, 1},
                {"PV of benefits", &mc->pvb, 1, 1},
                {"PV of costs", &mc->pvc, 1, 1}};
    for (size_t i = 0; i < 4; i++) {
        if (!rows[i].show)
            continue;
        const stitch_summary *s = rows[i].s;
        const double x[] = {s->mean, s->p5, s->p25, s->p50, s->p75, s->p95};
        fprintf(o, "<tr><th>%s</th>", rows[i].label);
        for (int k = 0; k < 6; k++)
            num_cell(o, rows[i].money ? text_money(a, sizeof a, x[k])
                                      : results_ratio_text(a, sizeof a, x[k]));
        fprintf(o, "</tr>\n");
    }
    for (size_t g = 0; g < p->n_staff; g++) {
        const stitch_summary *s = &mc->hours[g];
        const double x[] = {s->mean, s->p5, s->p25, s->p50, s->p75, s->p95};
        fprintf(o, "<tr><th>");
        esc(o, p->staff[g]);
        fprintf(o, " hours</th>");
        for (int k = 0; k < 6; k++)
            num_cell(o, text_num(a, sizeof a, x[k], 0));
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n<table id=\"paid-back\"><tr><th>Paid back by year</th>");
    for (int t = 0; t < p->years; t++)
        fprintf(o, "<th>%d</th>", t);
    fprintf(o, "</tr>\n<tr><th>share of simulations</th>");
    for (int t = 0; t < p->years; t++)
        num_cell(o, text_pct(a, sizeof a, mc->payback_by[t]));
    fprintf(o, "</tr>\n</table>\n<p>");
    esc(o, d->precision);
    fprintf(o, "</p>\n");
    if (d->no_bcr[0]) {
        fprintf(o, "<p>");
        esc(o, d->no_bcr);
        fprintf(o, "</p>\n");
    }
    if (p->n_corr_pairs) {
        fprintf(o, "<table id=\"correlations\"><tr><th>Inputs drawn together</th><th>with"
                   "</th><th>rank correlation</th></tr>\n");
        for (size_t k = 0; k < p->n_corr_pairs; k++) {
            fprintf(o, "<tr>");
            input_cell(o, p, p->corr_pairs[k].a);
            input_cell(o, p, p->corr_pairs[k].b);
            num_cell(o, text_num(a, sizeof a, p->corr_pairs[k].rho, 2));
            fprintf(o, "</tr>\n");
        }
        fprintf(o, "</table>\n");
    }
}

static void value_tables(FILE *o, const results_doc *d)
{
    const stitch_plan *p = d->p;
    static const char *const kinds[] = {"cashable savings",
                                        "non-cashable (time and capacity freed)",
                                        "economic value", "social value"};
    char a[64];
    fprintf(o, "<h3>Where the value falls (present value, attribution view)</h3>\n"
               "<table id=\"by-payer\"><tr><th>By payer</th><th>present value</th></tr>\n");
    for (size_t i = 0; i < p->n_payers; i++)
        row2(o, p->payers[i], text_money(a, sizeof a, d->r->by_payer[i]));
    fprintf(o, "</table>\n<table id=\"by-kind\"><tr><th>By kind</th><th>present value</th>"
               "<th>share</th></tr>\n");
    for (int k = 0; k < 4; k++) {
        fprintf(o, "<tr><th>%s</th>", kinds[k]);
        num_cell(o, d->kind[k].text);
        num_cell(o, d->kind_share[k].text);
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n<h3>Contribution versus attribution</h3>\n<table id=\"contribution\">"
               "<tr><th></th><th>benefits</th><th>BCR</th><th>NPV</th></tr>\n<tr><th>"
               "Contribution (the change this project contributed to, with others)</th>");
    num_cell(o, d->contribution_pvb.text);
    num_cell(o, d->contribution_bcr.text);
    num_cell(o, d->contribution_npv.text);
    fprintf(o, "</tr>\n<tr><th>Attribution (the share claimed for this project; the "
               "headline)</th>");
    num_cell(o, d->headline[RESULTS_PVB].base.text);
    num_cell(o, d->headline[RESULTS_BCR].base.text);
    num_cell(o, d->headline[RESULTS_NPV].base.text);
    fprintf(o, "</tr>\n</table>\n<p>");
    esc(o, d->break_even);
    fprintf(o, "</p>\n");
}

static void tornado_table(FILE *o, const stitch_plan *p, const stitch_sensitivity *s)
{
    char v[4][64];
    fprintf(o, "<h3>One-way sensitivity (tornado)</h3>\n<p>Each uncertain input at its P10 "
               "and P90, the rest at base; fixed adjustments at half and one and a half "
               "times their value. Largest swing first.</p>\n<table id=\"tornado\"><tr>"
               "<th>input</th><th>low</th><th>high</th><th>BCR at low</th><th>BCR at "
               "high</th><th>NPV at low</th><th>NPV at high</th></tr>\n");
    for (size_t k = 0; k < s->n_tornado; k++) {
        const sens_tornado *t = &s->tornado[k];
        fprintf(o, "<tr>");
        input_cell(o, p, t->input);
        num_cell(o, results_input_value(v[0], 64, p, t->input, t->low));
        num_cell(o, results_input_value(v[1], 64, p, t->input, t->high));
        num_cell(o, bcr_text(v[2], 64, t->bcr_low));
        num_cell(o, bcr_text(v[3], 64, t->bcr_high));
        num_cell(o, text_money(v[0], 64, t->npv_low));
        num_cell(o, text_money(v[1], 64, t->npv_high));
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n");
}

static void grid_table(FILE *o, const stitch_plan *p, const stitch_sensitivity *s)
{
    char v[64], l[600];
    fprintf(o, "<h3>Two-way grid</h3>\n");
    if (s->grid_a < 0) {
        fprintf(o, "<p>Not shown: the model has fewer than two inputs that change the "
                   "result.</p>\n");
        return;
    }
    int npv = isnan(s->base_bcr);
    fprintf(o, "<p>%s as two inputs move together, the rest at base; each runs from its "
               "P10 to its P90 (or half to one and a half times a fixed value). Rows: ",
            npv ? "NPV" : "BCR");
    esc(o, plan_input_label(l, sizeof l, p, (size_t)s->grid_a));
    fprintf(o, "; columns: ");
    esc(o, plan_input_label(l, sizeof l, p, (size_t)s->grid_b));
    fprintf(o, ". Highlighted cells break even.</p>\n<table id=\"grid\"><tr><th></th>");
    for (size_t j = 0; j < s->grid_n; j++) {
        fprintf(o, "<th>");
        esc(o, results_input_value(v, sizeof v, p, (size_t)s->grid_b, s->grid_bv[j]));
        fprintf(o, "</th>");
    }
    fprintf(o, "</tr>\n");
    for (size_t i = 0; i < s->grid_n; i++) {
        fprintf(o, "<tr><th>");
        esc(o, results_input_value(v, sizeof v, p, (size_t)s->grid_a, s->grid_av[i]));
        fprintf(o, "</th>");
        for (size_t j = 0; j < s->grid_n; j++) {
            double b = s->grid_bcr[i * s->grid_n + j], n = s->grid_npv[i * s->grid_n + j];
            fprintf(o, "<td class=\"n%s\">", n >= 0 ? " yes" : "");
            esc(o, isnan(b) ? text_money(v, sizeof v, n) : bcr_text(v, sizeof v, b));
            fprintf(o, "</td>");
        }
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n");
}

static void horizon_tables(FILE *o, const stitch_plan *p, const stitch_sensitivity *s)
{
    char a[64], b[64];
    fprintf(o, "<h3>Horizon and discount rate</h3>\n<table id=\"horizon\"><tr><th>If the "
               "appraisal stopped after</th><th>BCR</th><th>NPV</th></tr>\n");
    for (int t = 0; t < p->years; t++) {
        fprintf(o, "<tr><th>%d year%s</th>", t + 1, t ? "s" : "");
        num_cell(o, bcr_text(a, sizeof a, s->horizon_bcr[t]));
        num_cell(o, text_money(b, sizeof b, s->horizon_npv[t]));
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n<table id=\"discount\"><tr><th>At another discount rate (every "
               "benefit and cost)</th><th>BCR</th><th>NPV</th></tr>\n");
    for (size_t k = 0; k < s->n_discount; k++) {
        const sens_discount *x = &s->discount[k];
        char label[300];
        if (isnan(x->rate))
            snprintf(label, sizeof label, "the model's own (%s%s)", p->sched_names[0],
                     p->n_sched > 1 ? ", and the benefits' own rates" : "");
        else
            snprintf(label, sizeof label, "%.1f%%", 100 * x->rate);
        fprintf(o, "<tr><th>");
        esc(o, label);
        fprintf(o, "</th>");
        num_cell(o, bcr_text(a, sizeof a, x->bcr));
        num_cell(o, text_money(b, sizeof b, x->npv));
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n");
}

static void attribution_table(FILE *o, const stitch_plan *p, const stitch_sensitivity *s)
{
    char v[4][64];
    fprintf(o, "<h3>Contribution and attribution</h3>\n<p>");
    if (isnan(s->break_even_attribution))
        fprintf(o, "Even claiming all of the change, the benefits do not cover the costs.");
    else
        fprintf(o, "The project pays back as long as others caused no more than %s of the "
                   "change (break-even attribution, applied to every benefit).",
                text_pct(v[0], 64, s->break_even_attribution));
    fprintf(o, " \"Alone pays if\": the largest attribution at which this benefit by itself "
               "would still cover every cost.</p>\n<table id=\"attribution\"><tr><th>benefit"
               "</th><th>contribution</th><th>attribution</th><th>attributed</th><th>alone "
               "pays if</th></tr>\n");
    for (size_t i = 0; i < p->n_benefits; i++) {
        const sens_benefit *b = &s->benefits[i];
        fprintf(o, "<tr>");
        text_cell(o, p->benefits[i].text);
        num_cell(o, text_money(v[0], 64, b->contribution));
        num_cell(o, text_pct(v[1], 64, b->attribution));
        num_cell(o, text_money(v[2], 64, b->attributed));
        if (isnan(b->break_even_alone))
            snprintf(v[3], 64, "never");
        else {
            char pct[32];
            snprintf(v[3], 64, "attribution ≤ %s",
                     text_pct(pct, sizeof pct, b->break_even_alone));
        }
        num_cell(o, v[3]);
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n");
}

/* ---- what to find out next (docs/method.md section 11) ------------------- */

static void evppi_table(FILE *o, const char *id, const results_evppi *r, size_t n)
{
    fprintf(o,
            "<table id=\"%s\"><tr><th>what is uncertain</th><th>worth resolving "
            "(± one standard error)</th></tr>\n",
            id);
    for (size_t i = 0; i < n; i++) {
        if (r[i].negligible)
            continue; /* named together below */
        fprintf(o, "<tr><td>");
        esc(o, r[i].t->label);
        fprintf(o, "</td>");
        num_cell(o, r[i].text);
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n");
}

static void evidence(FILE *o, const results_evidence *v)
{
    fprintf(o, "<section id=\"evidence\">\n<h2>What to find out next</h2>\n<p>");
    esc(o, v->decision);
    fprintf(o, " ");
    esc(o, v->wrong);
    fprintf(o, "</p>\n<p><b>");
    esc(o, v->evpi);
    fprintf(o, "</b>");
    if (v->before[0]) {
        fprintf(o, " ");
        esc(o, v->before);
    }
    fprintf(o, "</p>\n");
    if (v->e->evpi.value > 0) {
        fprintf(o, "<h3>What resolving each uncertainty would be worth</h3>\n");
        evppi_table(o, "evppi", v->inputs, v->e->n_inputs);
        if (v->e->n_groups) {
            fprintf(o, "<h3>Uncertainties resolved together</h3>\n");
            evppi_table(o, "evppi-groups", v->groups, v->e->n_groups);
        }
        if (v->n_studies) {
            fprintf(o, "<h3>What a study would be worth</h3>\n<ul>\n");
            for (size_t i = 0; i < v->n_studies; i++) {
                fprintf(o, "<li>");
                esc(o, v->studies[i]);
                fprintf(o, "</li>\n");
            }
            fprintf(o, "</ul>\n");
        }
        if (v->negligible[0]) {
            fprintf(o, "<p>");
            esc(o, v->negligible);
            fprintf(o, "</p>\n");
        }
    }
    fprintf(o, "</section>\n");
}

/* What the monitoring data changed (docs/method.md section 8.4). */
static void monitoring(FILE *o, const results_doc *d)
{
    if (!d->monitoring_intro[0])
        return;
    fprintf(o, "<section id=\"monitoring\">\n<h2>What the monitoring data changed</h2>\n<p>");
    esc(o, d->monitoring_intro);
    fprintf(o, "</p>\n");
    if (d->n_updates)
        fprintf(o, "<table id=\"monitoring-updates\"><tr><th>input</th><th>assumed (90%% "
                   "range)</th><th>data</th><th>now (90%% range)</th></tr>\n");
    for (size_t k = 0; k < d->n_updates; k++) {
        const results_update *u = &d->updates[k];
        fprintf(o, "<tr><td>");
        esc(o, u->path);
        fprintf(o, "</td><td>");
        esc(o, u->prior_mean.text);
        fprintf(o, " (");
        esc(o, u->prior_p5.text);
        fprintf(o, " to ");
        esc(o, u->prior_p95.text);
        fprintf(o, ")</td><td>");
        esc(o, u->data);
        fprintf(o, "</td><td>");
        if (u->used) {
            esc(o, u->mean.text);
            fprintf(o, " (");
            esc(o, u->p5.text);
            fprintf(o, " to ");
            esc(o, u->p95.text);
            fprintf(o, ")");
        } else
            fprintf(o, "not used: a plain number");
        fprintf(o, "</td></tr>\n");
    }
    if (d->n_updates)
        fprintf(o, "</table>\n");
    for (size_t k = 0; k < d->n_updates; k++)
        if (d->updates[k].conflict || !d->updates[k].used) {
            fprintf(o, "<p><strong>");
            esc(o, d->updates[k].line);
            fprintf(o, "</strong></p>\n");
        }
    if (d->has_before) {
        fprintf(o, "<table id=\"monitoring-before-after\"><tr><th>the case</th><th>before "
                   "the data</th><th>after</th></tr>\n");
        for (int i = 0; i < RESULTS_COMPARE; i++) {
            fprintf(o, "<tr><td>");
            esc(o, d->compare[i].label);
            fprintf(o, "</td>");
            num_cell(o, d->compare[i].before.text);
            num_cell(o, d->compare[i].after.text);
            fprintf(o, "</tr>\n");
        }
        fprintf(o, "</table>\n");
    }
    if (d->untouched[0]) {
        fprintf(o, "<p>");
        esc(o, d->untouched);
        fprintf(o, "</p>\n");
    }
    fprintf(o, "</section>\n");
}

static const char *const conf_class[] = {"c-high", "c-medium", "c-low", "c-none"};
static const char *const progress_mark[] = {"\xE2\x97\x8B", "\xE2\x97\x90",
                                            "\xE2\x97\x8F"}; /* none, some, good */

static void map_box(FILE *o, const results_doc *d, const results_outcome *b)
{
    const stitch_plan *p = d->p;
    char id[300];
    fprintf(o, "<div class=\"obox %s\" id=\"map-%s\">",
            b->confidence >= 0 ? conf_class[b->confidence] : "c-unrated", b->id);
    if (b->progress >= 0) {
        fprintf(o, "<span class=\"prog\" title=\"progress: %s\">%s</span>",
                b->progress_name, progress_mark[b->progress]);
    }
    fprintf(o, "<b>");
    esc(o, b->text);
    fprintf(o, "</b><span class=\"ppl\">");
    snprintf(id, sizeof id, "people-%s", b->id);
    figure(o, id, b->total.value, b->total.text);
    fprintf(o, " people over %d year%s", p->delivery_years,
            p->delivery_years == 1 ? "" : "s");
    if (b->simulated) {
        fprintf(o, " <small>(P5 to P95: ");
        esc(o, b->total_p5.text);
        fprintf(o, " to ");
        esc(o, b->total_p95.text);
        fprintf(o, ")</small>");
    }
    fprintf(o, "</span><small>confidence %s", b->confidence_name);
    if (!b->output)
        fprintf(o, " · progress %s", b->progress_name);
    fprintf(o, "</small>");
    if (b->measure) {
        fprintf(o, "<small>Measured by: ");
        esc(o, b->measure);
        fprintf(o, "</small>");
    }
    for (int k = 1; k <= RESULTS_NATIONAL; k++)
        if (b->national & (1u << k)) {
            fprintf(o, "<small class=\"nat\">National outcome %d: ", k);
            esc(o, d->national[k - 1].title);
            fprintf(o, "</small>");
        }
    if (!b->output && !b->priced)
        fprintf(o, "<small><i>Not priced</i></small>");
    if (b->n_benefits) {
        fprintf(o, "<ul class=\"oben\">");
        for (size_t i = 0; i < b->n_benefits; i++) {
            fprintf(o, "<li>");
            esc(o, p->benefits[b->benefits[i]].text);
            fprintf(o, ": <b style=\"display:inline\">");
            esc(o, b->benefit_value[i].text);
            fprintf(o, "</b></li>");
        }
        fprintf(o, "</ul>");
    }
    fprintf(o, "</div>\n");
}

/* The contribution to the National Health and Wellbeing Outcomes: of one
 * model, or summed over a portfolio's projects (docs/method.md section 13). */
static void html_national(FILE *o, const results_national *rows, const char *title,
                          const char *people, const char *note, const char *source)
{
    fprintf(o, "<h3>");
    esc(o, title);
    fprintf(o, "</h3>\n<table id=\"national-outcomes\"><tr><th></th><th>National Health "
               "and Wellbeing Outcome</th><th>");
    esc(o, people);
    fprintf(o, "</th><th>value</th><th>outcomes tagged</th></tr>\n");
    for (int k = 0; k < RESULTS_NATIONAL; k++) {
        const results_national *m = &rows[k];
        char id[32];
        fprintf(o, "<tr><td>%d</td>", m->number);
        text_cell(o, m->title);
        fprintf(o, "<td class=\"n\">");
        snprintf(id, sizeof id, "national-people-%d", m->number);
        figure(o, id, m->people.value, m->people.text);
        fprintf(o, "</td><td class=\"n\">");
        snprintf(id, sizeof id, "national-value-%d", m->number);
        figure(o, id, m->value.value, m->value.text);
        fprintf(o, "</td>");
        text_cell(o, m->tagged ? m->outcomes : "none");
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n<p>");
    esc(o, note);
    fprintf(o, "</p>\n<p class=\"meta\">Source: ");
    esc(o, source);
    fprintf(o, ".</p>\n");
}

/* The outcome map, every outcome priced or not, and the contribution to
 * the National Health and Wellbeing Outcomes (docs/method.md section 13). */
static void outcome_map(FILE *o, const results_doc *d)
{
    fprintf(o, "<section id=\"outcome-map\">\n<h2>");
    esc(o, d->map_title);
    fprintf(o, "</h2>\n<p>");
    esc(o, d->map_intro);
    fprintf(o, "</p>\n<div class=\"omap\">\n");
    for (int c = 0; c < RESULTS_MAP_COLUMNS; c++) {
        if (!d->map_used[c])
            continue;
        fprintf(o, "<div class=\"ocol\"><h3>");
        esc(o, d->map_columns[c]);
        fprintf(o, "</h3>\n");
        for (size_t j = 0; j < d->n_outcome_map; j++)
            if (d->outcome_map[j].column == c)
                map_box(o, d, &d->outcome_map[j]);
        fprintf(o, "</div>\n");
    }
    fprintf(o, "</div>\n<p class=\"okey meta\">Confidence: <span class=\"c-high\">high"
               "</span><span class=\"c-medium\">medium</span><span class=\"c-low\">low"
               "</span><span class=\"c-none\">none</span><span class=\"c-unrated\">not "
               "rated</span><br>");
    esc(o, d->map_key);
    fprintf(o, "</p>\n<h3>");
    esc(o, d->outcomes_title);
    fprintf(o, "</h3>\n<p>");
    esc(o, d->outcomes_intro);
    fprintf(o, "</p>\n<table id=\"outcomes\"><tr><th>outcome</th><th>step</th><th>people "
               "a year</th><th>over the delivery years (P5 to P95)</th><th>confidence</th>"
               "<th>progress</th><th>measure</th><th>value</th></tr>\n");
    for (size_t j = 0; j < d->n_outcome_map; j++) {
        const results_outcome *b = &d->outcome_map[j];
        if (b->output)
            continue;
        fprintf(o, "<tr>");
        text_cell(o, b->text);
        text_cell(o, b->step_name);
        num_cell(o, b->per_year.text);
        num_cell(o, b->total_range);
        text_cell(o, b->confidence_name);
        text_cell(o, b->progress_name);
        text_cell(o, b->measure ? b->measure : "not said");
        num_cell(o, b->priced ? b->value.text : "not priced");
        fprintf(o, "</tr>\n<tr><td colspan=\"8\" class=\"ev\">Evidence: ");
        esc(o, b->evidence ? b->evidence : "none recorded");
        fprintf(o, "</td></tr>\n");
    }
    fprintf(o, "</table>\n");
    html_national(o, d->national, d->national_title, d->national_people_label,
                  d->national_note, d->national_source);
    fprintf(o, "</section>\n");
}

void report_html(FILE *o, const results_doc *d)
{
    head(o, d->p);
    summary(o, d);
    diagram(o, d->p, d->r);
    if (d->cohorts[0]) {
        fprintf(o, "<p id=\"cohorts\">");
        esc(o, d->cohorts);
        fprintf(o, "</p>\n");
    }
    outcome_map(o, d);
    costs_section(o, d);
    charts(o, d);
    monitoring(o, d);
    fprintf(o, "<section id=\"tables\">\n<h2>Tables</h2>\n");
    results_table(o, d);
    business_case_table(o, d);
    uncertainty_tables(o, d);
    cash_flow_table(o, d);
    capacity_table(o, d);
    value_tables(o, d);
    who_tables(o, d);
    if (d->s) {
        tornado_table(o, d->p, d->s);
        sensitivity_tables(o, d->p, d->s);
        grid_table(o, d->p, d->s);
        horizon_tables(o, d->p, d->s);
        attribution_table(o, d->p, d->s);
    }
    assumptions(o, d->p);
    unit_costs(o, d->p);
    fprintf(o, "</section>\n");
    if (d->evidence)
        evidence(o, d->evidence);
    method(o, d->p, d->mc, d->s);
    fprintf(o, "</body>\n</html>\n");
}

/* ---- a portfolio of projects (docs/method.md section 14) ------------------ */

static void pf_row(FILE *o, const results_pf_row *r, int spread)
{
    fprintf(o, "<tr><th>");
    esc(o, r->label);
    fprintf(o, "</th>");
    num_cell(o, r->base.text);
    num_cell(o, r->mean.text);
    if (spread) {
        num_cell(o, r->p5.text);
        num_cell(o, r->p95.text);
    }
    fprintf(o, "</tr>\n");
}

static void pf_rows(FILE *o, const char *id, const char *title, const char *what,
                    const results_pf_row *rows, size_t n, int spread)
{
    if (!n)
        return;
    fprintf(o, "<h3>%s</h3>\n<table id=\"%s\">\n<tr><th>%s</th><th>base case</th>"
               "<th>mean</th>%s</tr>\n",
            title, id, what, spread ? "<th>P5</th><th>P95</th>" : "");
    for (size_t i = 0; i < n; i++)
        pf_row(o, &rows[i], spread);
    fprintf(o, "</table>\n");
}

void report_html_portfolio(FILE *o, const results_portfolio *d)
{
    fprintf(o,
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"stitch %s\">\n<title>",
            stitch_version());
    esc(o, d->title);
    fprintf(o, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", style);
    esc(o, d->title);
    fprintf(o, "</h1>\n<p class=\"meta\">");
    esc(o, d->about);
    fprintf(o, "</p>\n<section id=\"summary\">\n<h2 class=\"first\">The portfolio as a "
               "whole</h2>\n<div class=\"headline\">\n");
    static const int order[] = {RESULTS_NPV, RESULTS_BCR, RESULTS_PVB, RESULTS_PVC};
    for (size_t k = 0; k < 4; k++) {
        const results_headline *h = &d->headline[order[k]];
        fprintf(o, "<div class=\"card\" id=\"total-%s\">", h->key);
        esc(o, h->label);
        fprintf(o, "<b>");
        esc(o, h->base.text);
        fprintf(o, "</b>");
        if (h->simulated) {
            fprintf(o, "<span class=\"meta\">P5 ");
            esc(o, h->p5.text);
            fprintf(o, " to P95 ");
            esc(o, h->p95.text);
            fprintf(o, "</span>");
        }
        fprintf(o, "</div>\n");
    }
    fprintf(o, "<div class=\"card\" id=\"total-cash\">Cash over the delivery years<b>");
    esc(o, d->cash.text);
    fprintf(o, "</b><span class=\"meta\">undiscounted</span></div>\n</div>\n<p>");
    esc(o, d->spread);
    fprintf(o, "</p>\n<p class=\"meta\">");
    esc(o, d->streams);
    fprintf(o, "</p>\n");
    if (d->has_selection) {
        fprintf(o, "<h3>Allocating the budget</h3>\n<p id=\"selection\">");
        esc(o, d->chosen);
        fprintf(o, "</p>\n<p id=\"runner-up\">");
        esc(o, d->runner_up);
        fprintf(o, " ");
        esc(o, d->beats);
        fprintf(o, "</p>\n<p class=\"caveat\">");
        esc(o, d->caveat);
        fprintf(o, "</p>\n");
    }
    fprintf(o, "</section>\n<section id=\"projects\">\n<h2>The projects side by side</h2>\n"
               "<table id=\"projects-table\">\n<tr><th>project</th><th>cash</th>"
               "<th>PV of costs</th><th>PV of benefits</th><th>NPV</th><th>BCR</th>"
               "<th>NPV P5</th><th>NPV P95</th><th>chance NPV above £0</th>%s</tr>\n",
            d->has_selection ? "<th>within the budget</th>" : "");
    for (size_t i = 0; i < d->n; i++) {
        const results_pf_project *q = &d->proj[i];
        fprintf(o, "<tr><th>");
        esc(o, q->name);
        fprintf(o, " <span class=\"path\">");
        esc(o, q->model);
        fprintf(o, "</span></th>");
        num_cell(o, q->cash.text);
        num_cell(o, q->pvc.text);
        num_cell(o, q->pvb.text);
        num_cell(o, q->npv.text);
        num_cell(o, q->bcr.text);
        num_cell(o, q->npv_p5.text);
        num_cell(o, q->npv_p95.text);
        num_cell(o, q->p_npv_gt_0.text);
        if (d->has_selection)
            fprintf(o, "<td>%s</td>", q->chosen);
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n<p class=\"meta\">Cash is each project's cost over its delivery "
               "years, undiscounted; PV of costs and benefits, NPV and BCR are its base case; "
               "NPV P5 and P95 are from the joint simulation.</p>\n");
    stitch_diag err = {0};
    char *svg = chart_ranges_svg(d->chart_labels, d->chart_lo, d->chart_hi, d->n,
                                 "NPV (£), P5 to P95 of the joint simulation", &err);
    svg_figure(o, "chart-npv-ranges", svg, &err,
               "Each project's NPV in 9 simulations out of 10 (P5 to P95): the light part "
               "of a bar is where the project loses money, the dark part where it gains.");
    fprintf(o, "</section>\n<section id=\"freed\">\n<h2>What the portfolio frees, and for "
               "whom</h2>\n");
    pf_rows(o, "time-freed", "Time freed, summed over the projects (hours over the "
            "appraisal)", "staff group", d->staff, d->n_staff, 1);
    pf_rows(o, "capacity-freed", "Capacity freed, summed over the projects", "unit",
            d->capacity, d->n_capacity, 1);
    pf_rows(o, "by-payer", "Value by payer (present value)", "payer", d->payers,
            d->n_payers, 0);
    pf_rows(o, "by-kind", "Value by kind (present value)", "kind", d->kind, 4, 0);
    fprintf(o, "</section>\n<section id=\"national\">\n");
    html_national(o, d->national, d->national_title, d->national_people_label,
                  d->national_note, d->national_source);
    fprintf(o, "</section>\n</body>\n</html>\n");
}

/* ---- options side by side (docs/method.md section 12) --------------------- */

void report_html_comparison(FILE *o, const results_comparison *d)
{
    fprintf(o,
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"stitch %s\">\n<title>",
            stitch_version());
    esc(o, d->title);
    fprintf(o, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>Options side by side"
               "</h1>\n<p class=\"meta\">",
            style);
    esc(o, d->title);
    fprintf(o, " ");
    esc(o, d->shared);
    fprintf(o, "</p>\n<section id=\"options\">\n<h2 class=\"first\">The options</h2>\n"
               "<table id=\"options-table\">\n<tr><th>option</th><th>PV of costs</th>"
               "<th>PV of benefits</th><th>NPV</th><th>BCR</th><th>BCR P5</th>"
               "<th>BCR P95</th><th>chance BCR at least 1</th><th>chance of the highest "
               "NPV</th></tr>\n");
    for (size_t i = 0; i < d->n; i++) {
        const results_cmp_option *x = &d->opt[i];
        fprintf(o, "<tr><th>");
        esc(o, x->name);
        fprintf(o, " <span class=\"path\">");
        esc(o, x->model);
        fprintf(o, "</span></th>");
        num_cell(o, x->pvc.text);
        num_cell(o, x->pvb.text);
        num_cell(o, x->npv.text);
        num_cell(o, x->bcr.text);
        num_cell(o, x->bcr_p5.text);
        num_cell(o, x->bcr_p95.text);
        num_cell(o, x->p_bcr_ge_1.text);
        num_cell(o, x->p_best.text);
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table>\n<p id=\"ranking\">");
    esc(o, d->ranking);
    fprintf(o, "</p>\n");
    stitch_diag err = {0};
    char *svg = chart_ranges_svg(d->chart_labels, d->chart_lo, d->chart_hi, d->n,
                                 "NPV (£), P5 to P95 on the same draws", &err);
    svg_figure(o, "chart-npv-ranges", svg, &err,
               "Each option's NPV in 9 simulations out of 10 (P5 to P95): the light part "
               "of a bar is where the option loses money, the dark part where it gains.");
    fprintf(o, "</section>\n<section id=\"pairs\">\n<h2>");
    esc(o, d->pairs_title);
    fprintf(o, "</h2>\n<ul>\n");
    for (size_t k = 0; k < d->n_pairs; k++) {
        fprintf(o, "<li>");
        esc(o, d->pairs[k].line);
        fprintf(o, " ");
        esc(o, d->pairs[k].dearer);
        fprintf(o, "</li>\n");
    }
    fprintf(o, "</ul>\n</section>\n</body>\n</html>\n");
}
