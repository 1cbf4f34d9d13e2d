/* test_case_reports.c — every report tells the whole case (issue: reports
 * for funders): the costs with their evidence, the cash flow year by year,
 * capacity freed and, in the HTML, everything `run` and `sensitivity`
 * print; and no report writes a number for people in scientific notation.
 *
 * For every example model (200 simulations, seed 1, a small Sobol sample)
 * the results document is built once and every format rendered; each
 * figure is looked for with the document's words. */
#include "case.h"
#include "harness.h"
#include "plan.h"
#include "results.h"
#include "text.h"
#include "writer.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sentence appears exactly once: a report says a thing once. */
static void once_escaped(const char *text, const char *what, const char *format,
                         const char *model)
{
    char *e = case_escaped(what);
    const char *first = strstr(text, e);
    cr_expect(first, "%s (%s): '%s' is missing", model, format, what);
    if (first)
        cr_expect_null(strstr(first + 1, e), "%s (%s): '%s' appears twice", model, format,
                       what);
    free(e);
}

/* A number in scientific notation: a digit, 'e' or 'E', a sign or digit,
 * a digit ("6.213e+04", "1E-05"), outside a word. */
static const char *scientific(const char *s)
{
    for (const char *c = s + 1; *c; c++)
        if ((*c == 'e' || *c == 'E') && isdigit((unsigned char)c[-1]) &&
            (c - 1 == s || !isalpha((unsigned char)c[-2])) &&
            ((c[1] == '+' || c[1] == '-') ? isdigit((unsigned char)c[2])
                                          : isdigit((unsigned char)c[1])))
            return c - 1;
    return NULL;
}

static void every_format(const char *rel)
{
    case_run x = case_build(rel);
    const results_doc *d = x.d;
    char *text = case_rendered(&x, STITCH_FORMAT_TEXT);
    char *dir = strdup(temp_dir());
    char *md = case_report_file(&x, dir, "case.md");
    char *html = case_report_file(&x, dir, "case.html");
    free(case_report_file(&x, dir, "case.xlsx"));
    char *strings = case_xlsx_member(dir, "xl/sharedStrings.xml");
    char want[2048];

    /* 1. The costs: each line's text and amount, and the cash ask. */
    cr_assert_eq(d->n_costs, x.p->n_costs);
    for (size_t i = 0; i < d->n_costs; i++) {
        const results_cost *c = &d->costs[i];
        snprintf(want, sizeof want, "  %s [%s]: %s\n", c->text, c->id, c->line);
        case_has(text, want, "text", rel);
        snprintf(want, sizeof want, "| %s | %s |", c->text, c->amount.text);
        case_has(md, want, "Markdown", rel);
        case_has_escaped(html, c->text, "HTML", rel);
        case_has_escaped(strings, c->text, "XLSX", rel);
        if (c->evidence) {
            case_has(text, c->evidence, "text", rel);
            case_has_escaped(html, c->evidence, "HTML", rel);
        }
    }
    case_has(text, d->cash_ask_line, "text", rel);
    case_has(md, d->cash_ask_line, "Markdown", rel);
    once_escaped(html, d->cash_ask_line, "HTML", rel);
    if (d->monitoring_basis[0]) { /* at the top: before the first section */
        const char *first = strstr(text, d->monitoring_basis);
        cr_expect(first && first < strstr(text, "The logic model"), "%s (text)", rel);
        case_has(md, d->monitoring_basis, "Markdown", rel);
        char *e = case_escaped(d->monitoring_basis);
        const char *h = strstr(html, e);
        cr_expect(h && h < strstr(html, "<section"), "%s (HTML): not at the top", rel);
        case_has(strings, e, "XLSX", rel);
        free(e);
    }
    snprintf(want, sizeof want, "id=\"cash_ask\" data-value=\"%.17g\">%s</span>",
             d->cash_ask_total.value, d->cash_ask_total.text);
    case_has(html, want, "HTML", rel);

    /* 2. The cash flow: every year's figures in words, in every format. */
    for (int t = 0; t < x.p->years; t++) {
        const results_year *y = &d->cash_flow[t];
        snprintf(want, sizeof want, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |", t,
                 y->costs.text, y->kind[0].text, y->kind[1].text, y->kind[2].text,
                 y->kind[3].text, y->benefits.text, y->net.text, y->net_p5.text,
                 y->net_p95.text);
        case_has(md, want, "Markdown", rel);
        snprintf(want, sizeof want, "| %d | %s | %s | %s | %s | %s |", t,
                 y->discount_factor.text, y->discounted_costs.text,
                 y->discounted_benefits.text, y->discounted_net.text, y->cumulative.text);
        case_has(md, want, "Markdown", rel);
        snprintf(want, sizeof want, "<tr><th>%d</th><td class=\"n\">%s</td>", t,
                 y->costs.text);
        case_has(html, want, "HTML", rel);
        case_has(text, y->cumulative.text, "text", rel);
    }
    cr_expect(fabs(d->cash_flow[x.p->years - 1].cumulative.value - x.r->npv) <
                  1e-9 * fmax(1, fabs(x.r->npv)),
              "%s: the last cumulative is the NPV", rel);
    case_has(text, d->cash_flow_note, "text", rel);
    cr_expect(strstr(html, "id=\"chart-cumulative\""), "%s: no cash-flow chart", rel);

    /* 3. Capacity freed, beside time freed. */
    cr_assert_eq(d->n_capacity, x.p->n_capacity);
    for (size_t u = 0; u < d->n_capacity; u++) {
        case_has(text, d->capacity[u].line, "text", rel);
        case_has_escaped(html, d->capacity[u].line, "HTML", rel);
        case_has(md, d->capacity[u].line, "Markdown", rel);
        case_has_escaped(strings, d->capacity[u].line, "XLSX", rel);
    }

    /* 4. The HTML holds what run and sensitivity print, under their headings. */
    snprintf(want, sizeof want, "<tr><th>Return on investment</th><td class=\"n\">%s</td>",
             d->roi.text);
    case_has(html, want, "HTML", rel);
    if (x.r->payback_year >= 0)
        snprintf(want, sizeof want, "<tr><th>Payback</th><td class=\"n\">year %d",
                 x.r->payback_year);
    else
        snprintf(want, sizeof want, "<tr><th>Payback</th><td class=\"n\">not within");
    case_has(html, want, "HTML", rel);
    for (size_t k = 0; k < x.p->n_nodes; k++)
        if (x.p->nodes[k].parent >= 0) {
            char *e = case_escaped(x.p->nodes[k].text);
            snprintf(want, sizeof want, "<td>%s</td><td class=\"n\">%s</td>", e,
                     d->cost_per_outcome[k].text);
            case_has(html, want, "HTML", rel);
            free(e);
        }
    const char *headings[] = {"Cost per outcome",     "Paid back by year",
                              "One-way sensitivity (tornado)", "Two-way grid",
                              "Horizon and discount rate",     "Contribution and attribution",
                              "Where the value falls",         "Uncertainty ("};
    for (size_t i = 0; i < sizeof headings / sizeof *headings; i++)
        case_has(html, headings[i], "HTML", rel);
    char a[64];
    for (int t = 0; t < x.p->years; t++) { /* horizon: the NPV after t + 1 years */
        snprintf(want, sizeof want, "<tr><th>%d year%s</th><td class=\"n\">", t + 1,
                 t ? "s" : "");
        case_has(html, want, "HTML", rel);
        case_has(html, text_money(a, sizeof a, x.s->horizon_npv[t]), "HTML", rel);
    }
    for (size_t i = 0; i < x.p->n_benefits; i++)
        case_has(html, text_money(a, sizeof a, x.s->benefits[i].contribution), "HTML", rel);

    /* 5. Readable: no scientific notation, no "-0.000", and the cost-per-outcome
     * note. */
    const char *outs[] = {text, md, html, strings};
    const char *names[] = {"text", "Markdown", "HTML", "XLSX"};
    for (size_t i = 0; i < 4; i++) {
        const char *at = NULL;
        /* the HTML's SVG and data-value attributes are for machines */
        char *copy = strdup(outs[i]);
        for (char *v = strstr(copy, "data-value=\""); v; v = strstr(v + 1, "data-value=\""))
            for (char *q = v + 12; *q && *q != '"'; q++)
                *q = 'x';
        for (char *sv = strstr(copy, "<svg"); sv; sv = strstr(sv + 1, "<svg")) {
            char *end = strstr(sv, "</svg>");
            for (char *q = sv; q && q < end; q++)
                *q = ' ';
        }
        at = scientific(copy);
        cr_expect_null(at, "%s (%s): scientific notation: %.30s", rel, names[i], at);
        cr_expect_null(strstr(copy, "-0.000"), "%s (%s): -0.000", rel, names[i]);
        free(copy);
    }
    size_t outcomes = 0;
    for (size_t k = 0; k < x.p->n_nodes; k++)
        outcomes += x.p->nodes[k].parent >= 0;
    if (outcomes > 1) {
        case_has(text, d->cost_per_outcome_note, "text", rel);
        case_has(html, d->cost_per_outcome_note, "HTML", rel);
        case_has(md, d->cost_per_outcome_note, "Markdown", rel);
    }
    snprintf(want, sizeof want, "| Return on investment | %s |", d->roi.text);
    case_has(md, want, "Markdown", rel);

    free(text), free(md), free(html), free(strings);
    rm_rf(dir);
    free(dir);
    case_done(&x);
}

Test(case_reports, every_example_tells_the_whole_case, .timeout = 600)
{
    char **models;
    size_t n = list_files("models", ".cfg", NULL, 0, &models);
    cr_assert_geq(n, 5);
    for (size_t i = 0; i < n; i++)
        every_format(models[i]);
    free_files(models, n);
}

/* The befriending case in words a funder reads: its costs, its cash ask,
 * what it frees, and inputs by their item's text in their own unit. */
Test(case_reports, befriending_in_words)
{
    case_run x = case_build("models/befriending.cfg");
    const results_doc *d = x.d;
    const stitch_plan *p = x.p;
    /* six lines; five a year for 3 years and the set-up once:
     * 3 × (32,817 + 15,783 + 10,867 + 3,583 + 9,433) + 7,667 = £225,117 */
    cr_expect_str_eq(d->cash_ask_total.text, "£225,117");
    cr_expect_str_eq(d->cash_ask_line,
                     "The project costs £225,117 in cash (undiscounted): year 0 £80,150, "
                     "year 1 £72,483, year 2 £72,483; £217,846 in present value.");
    cr_expect_str_eq(d->costs[0].per, "a year");
    cr_expect_str_eq(d->costs[5].per, "once");
    /* what it frees: GP consultations, A&E attendances, care-home weeks, the
     * weeks also as places all year (weeks / 52) */
    cr_assert_eq(d->n_capacity, 3);
    const results_capacity *weeks = &d->capacity[2];
    cr_expect_str_eq(weeks->unit, "resident week");
    cr_expect_float_eq(weeks->all_year.value, weeks->units.value / 52, 1e-12);
    cr_expect_str_eq(weeks->all_year_noun, "care-home places");
    /* an input in words and in its own unit */
    char label[600], v[64];
    for (size_t i = 0; i < p->n_inputs; i++) {
        if (strcmp(p->inputs[i].path, "benefits.wellbeing.deadweight") == 0) {
            cr_expect_str_eq(plan_input_label(label, sizeof label, p, i),
                             "Wellbeing value of moving out of chronic loneliness (one "
                             "step down the scale) \xE2\x80\x94 deadweight");
            cr_expect_str_eq(results_input_value(v, sizeof v, p, i, 0.3), "30%");
            cr_expect_str_eq(results_input_value(v, sizeof v, p, i, 0.4507), "45.1%");
        }
        if (strcmp(p->inputs[i].path, "costs.coordinator.amount") == 0) {
            cr_expect_str_eq(results_input_value(v, sizeof v, p, i, 62130), "£62,130");
            cr_expect(strstr(plan_input_label(label, sizeof label, p, i),
                             "\xE2\x80\x94 amount a year"),
                      "%s", label);
        }
        if (strcmp(p->inputs[i].path, "unit_costs.gp_surgery_consultation.cost") == 0)
            cr_expect_str_eq(results_input_given(label, sizeof label, p, i),
                             "from uk-pssru-2024.csv (installed): £45.00 in 2023/24 prices "
                             "\xC3\x97 1.0000 uprating");
    }
    char n[64];
    cr_expect_str_eq(results_plain_number(n, sizeof n, 5.51e-09), "0.00000000551");
    cr_expect_str_eq(results_plain_number(n, sizeof n, 0.0667), "0.0667");
    cr_expect_str_eq(results_sobol_text(n, sizeof n, -0.0004), "0.000");
    cr_expect_str_eq(results_sobol_text(n, sizeof n, 1.02), "1.000");
    /* Sobol rows by total index, largest first */
    size_t *order = results_sobol_order(x.s);
    cr_assert_not_null(order);
    for (size_t i = 1; i < x.s->n_sobol; i++)
        cr_expect_geq(x.s->sobol[order[i - 1]].st, x.s->sobol[order[i]].st);
    free(order);
    case_done(&x);
}
