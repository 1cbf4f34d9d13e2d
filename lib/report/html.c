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
    ".yes{background:#fde2e2;font-weight:bold}"
    "figure{margin:1rem 0}figcaption{color:#555;font-size:.9rem}"
    "svg{max-width:100%;height:auto}"
    "@media print{body{margin:0;max-width:none}h2{page-break-before:always}"
    "h2.first{page-break-before:avoid}figure,table{page-break-inside:avoid}"
    "a{color:inherit;text-decoration:none}}";

static void head(FILE *o, const stitch_plan *p)
{
    fprintf(o,
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"stitch %s\">\n<title>",
            stitch_version());
    esc(o, p->name);
    fprintf(o, " — business case</title>\n<style>%s</style>\n</head>\n<body>\n", style);
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
        "Need → outputs → outcomes → benefits, with people per year on each step and "
        "each benefit's present value. Links are coloured by the strength of their "
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
        fprintf(o, "<tr%s><td>", w->in_range ? " class=\"yes\"" : "");
        esc(o, p->inputs[w->input].path);
        fprintf(o, "</td>");
        snprintf(v[0], 64, "%.4g", w->base);
        if (isnan(w->value))
            snprintf(v[1], 64, "none");
        else
            snprintf(v[1], 64, "%.4g", w->value);
        if (w->fixed)
            snprintf(v[2], 64, "fixed"), snprintf(v[3], 64, "fixed");
        else
            snprintf(v[2], 64, "%.4g", w->p5), snprintf(v[3], 64, "%.4g", w->p95);
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
            "order) and with its interactions (total), with 95%% bootstrap intervals; "
            "%ld samples.</p>\n<table id=\"sobol\"><tr><th>input</th><th>first "
            "order</th><th>total</th></tr>\n",
            s->sobol_samples);
        for (size_t i = 0; i < s->n_sobol; i++) {
            const sobol_index *x = &s->sobol[i];
            fprintf(o, "<tr><td>");
            esc(o, p->inputs[p->uncertain[i]].path);
            fprintf(o, "</td>");
            char e[6][32];
            snprintf(v[0], 64, "%s [%s, %s]", text_num(e[0], 32, x->s1, 3),
                     text_num(e[1], 32, x->s1_lo, 3), text_num(e[2], 32, x->s1_hi, 3));
            snprintf(v[1], 64, "%s [%s, %s]", text_num(e[3], 32, x->st, 3),
                     text_num(e[4], 32, x->st_lo, 3), text_num(e[5], 32, x->st_hi, 3));
            num_cell(o, v[0]);
            num_cell(o, v[1]);
            fprintf(o, "</tr>\n");
        }
        fprintf(o, "</table>\n");
    }
}

static void dist_text(char *buf, size_t n, const stitch_dist *d)
{
    switch (d->kind) {
    case DIST_FIXED:
        snprintf(buf, n, "%.6g (fixed)", d->p[0]);
        return;
    case DIST_UNIFORM:
        snprintf(buf, n, "uniform %.6g to %.6g", d->p[0], d->p[1]);
        return;
    case DIST_TRIANGULAR:
    case DIST_PERT:
        snprintf(buf, n, "%s min %.6g, mode %.6g, max %.6g", dist_name(d->kind), d->p[0],
                 d->p[1], d->p[2]);
        return;
    default:
        snprintf(buf, n, "%s mean %.6g, sd %.6g", dist_name(d->kind), d->p[0], d->p[1]);
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
        fprintf(o, "<tr><td>");
        esc(o, in->path);
        fprintf(o, "</td><td>");
        dist_text(v, sizeof v, &in->dist);
        esc(o, v);
        fprintf(o, "</td>");
        snprintf(v, sizeof v, "%.6g", dist_mean(&in->dist));
        num_cell(o, v);
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
                STITCH_RNG_NAME, mc->seed, mc->iterations);
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
    fprintf(o, "</b></p>\n");
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
    charts(o, d);
    fprintf(o, "<section id=\"tables\">\n<h2>Tables</h2>\n");
    results_table(o, d);
    who_tables(o, d);
    if (d->s)
        sensitivity_tables(o, d->p, d->s);
    assumptions(o, d->p);
    unit_costs(o, d->p);
    fprintf(o, "</section>\n");
    if (d->evidence)
        evidence(o, d->evidence);
    method(o, d->p, d->mc, d->s);
    fprintf(o, "</body>\n</html>\n");
}
