/* test_case_reports.c — every report tells the whole case (issue: reports
 * for funders): the costs with their evidence, the cash flow year by year,
 * capacity freed and, in the HTML, everything `run` and `sensitivity`
 * print; and no report writes a number for people in scientific notation.
 *
 * For every example model (200 simulations, seed 1, a small Sobol sample)
 * the results document is built once and every format rendered; each
 * figure is looked for with the document's words. */
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

typedef struct {
    stitch_plan *p;
    stitch_result *r;
    stitch_mc_result *mc;
    stitch_sensitivity *s;
    results_doc *d;
} run;

static run build(const char *rel)
{
    run x = {0};
    stitch_diag err = {0};
    x.p = load_plan(rel);
    x.r = base_case(x.p);
    x.mc = stitch_mc_run(x.p, 200, 1, 1, &err);
    cr_assert_not_null(x.mc, "%s: %s", rel, err.message);
    stitch_sensitivity_options o = {NULL, NULL, 3, 64, 1, 0};
    x.s = stitch_sensitivity_run(x.p, &o, &err);
    cr_assert_not_null(x.s, "%s: %s", rel, err.message);
    x.d = results_build(x.p, x.r, x.mc, x.s);
    cr_assert_not_null(x.d);
    return x;
}

static void done(run *x)
{
    results_free(x->d);
    stitch_sensitivity_free(x->s);
    stitch_mc_free(x->mc);
    stitch_result_free(x->r);
    stitch_plan_free(x->p);
}

static char *rendered(const run *x, stitch_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    cr_assert_eq(stitch_report_run(f, fmt, x->p, x->r, x->mc, x->s), STITCH_OK);
    cr_assert_eq(fclose(f), 0);
    return buf;
}

static char *report_file(const run *x, const char *dir, const char *name)
{
    char path[4200];
    stitch_diag err = {0};
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cr_assert_eq(stitch_report_file(path, x->p, x->r, x->mc, x->s, &err), STITCH_OK, "%s",
                 err.message);
    return slurp_file(path);
}

static char *unzip(const char *dir, const char *member)
{
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "unzip -p '%s/case.xlsx' '%s'", dir, member);
    FILE *f = popen(cmd, "r");
    cr_assert_not_null(f);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int c;
    while ((c = fgetc(f)) != EOF)
        fputc(c, m);
    cr_assert_eq(pclose(f), 0, "unzip could not read %s", member);
    fclose(m);
    return buf;
}

/* Text as the HTML and the workbook's XML write it (& < > " escaped). */
static char *escaped(const char *s)
{
    char *out = malloc(6 * strlen(s) + 1), *o = out;
    cr_assert_not_null(out);
    for (; *s; s++)
        o += *s == '&'   ? sprintf(o, "&amp;")
             : *s == '<' ? sprintf(o, "&lt;")
             : *s == '>' ? sprintf(o, "&gt;")
             : *s == '"' ? sprintf(o, "&quot;")
                         : sprintf(o, "%c", *s);
    return out;
}

static void has(const char *text, const char *what, const char *format, const char *model)
{
    cr_expect(strstr(text, what), "%s (%s): '%s' is missing", model, format, what);
}

static void has_escaped(const char *text, const char *what, const char *format,
                        const char *model)
{
    char *e = escaped(what);
    has(text, e, format, model);
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
    run x = build(rel);
    const results_doc *d = x.d;
    char *text = rendered(&x, STITCH_FORMAT_TEXT);
    char *dir = strdup(temp_dir());
    char *md = report_file(&x, dir, "case.md");
    char *html = report_file(&x, dir, "case.html");
    free(report_file(&x, dir, "case.xlsx"));
    char *strings = unzip(dir, "xl/sharedStrings.xml");
    char want[2048];

    /* 1. The costs: each line's text and amount, and the cash ask. */
    cr_assert_eq(d->n_costs, x.p->n_costs);
    for (size_t i = 0; i < d->n_costs; i++) {
        const results_cost *c = &d->costs[i];
        snprintf(want, sizeof want, "  %s [%s]: %s\n", c->text, c->id, c->line);
        has(text, want, "text", rel);
        snprintf(want, sizeof want, "| %s | %s |", c->text, c->amount.text);
        has(md, want, "Markdown", rel);
        has_escaped(html, c->text, "HTML", rel);
        has_escaped(strings, c->text, "XLSX", rel);
        if (c->evidence) {
            has(text, c->evidence, "text", rel);
            has_escaped(html, c->evidence, "HTML", rel);
        }
    }
    has(text, d->cash_ask_line, "text", rel);
    has(md, d->cash_ask_line, "Markdown", rel);
    has_escaped(html, d->cash_ask_line, "HTML", rel);
    snprintf(want, sizeof want, "id=\"cash_ask\" data-value=\"%.17g\">%s</span>",
             d->cash_ask_total.value, d->cash_ask_total.text);
    has(html, want, "HTML", rel);

    /* 2. The cash flow: every year's figures in words, in every format. */
    for (int t = 0; t < x.p->years; t++) {
        const results_year *y = &d->cash_flow[t];
        snprintf(want, sizeof want, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |", t,
                 y->costs.text, y->kind[0].text, y->kind[1].text, y->kind[2].text,
                 y->kind[3].text, y->benefits.text, y->net.text, y->net_p5.text,
                 y->net_p95.text);
        has(md, want, "Markdown", rel);
        snprintf(want, sizeof want, "| %d | %s | %s | %s | %s | %s |", t,
                 y->discount_factor.text, y->discounted_costs.text,
                 y->discounted_benefits.text, y->discounted_net.text, y->cumulative.text);
        has(md, want, "Markdown", rel);
        snprintf(want, sizeof want, "<tr><th>%d</th><td class=\"n\">%s</td>", t,
                 y->costs.text);
        has(html, want, "HTML", rel);
        has(text, y->cumulative.text, "text", rel);
    }
    cr_expect(fabs(d->cash_flow[x.p->years - 1].cumulative.value - x.r->npv) <
                  1e-9 * fmax(1, fabs(x.r->npv)),
              "%s: the last cumulative is the NPV", rel);
    has(text, d->cash_flow_note, "text", rel);
    cr_expect(strstr(html, "id=\"chart-cumulative\""), "%s: no cash-flow chart", rel);

    /* 3. Capacity freed, beside time freed. */
    cr_assert_eq(d->n_capacity, x.p->n_capacity);
    for (size_t u = 0; u < d->n_capacity; u++) {
        has(text, d->capacity[u].line, "text", rel);
        has_escaped(html, d->capacity[u].line, "HTML", rel);
        has(md, d->capacity[u].line, "Markdown", rel);
        has_escaped(strings, d->capacity[u].line, "XLSX", rel);
    }

    /* 4. The HTML holds what run and sensitivity print, under their headings. */
    snprintf(want, sizeof want, "<tr><th>Return on investment</th><td class=\"n\">%s</td>",
             d->roi.text);
    has(html, want, "HTML", rel);
    if (x.r->payback_year >= 0)
        snprintf(want, sizeof want, "<tr><th>Payback</th><td class=\"n\">year %d",
                 x.r->payback_year);
    else
        snprintf(want, sizeof want, "<tr><th>Payback</th><td class=\"n\">not within");
    has(html, want, "HTML", rel);
    for (size_t k = 0; k < x.p->n_nodes; k++)
        if (x.p->nodes[k].parent >= 0) {
            char *e = escaped(x.p->nodes[k].text);
            snprintf(want, sizeof want, "<td>%s</td><td class=\"n\">%s</td>", e,
                     d->cost_per_outcome[k].text);
            has(html, want, "HTML", rel);
            free(e);
        }
    const char *headings[] = {"Cost per outcome",     "Paid back by year",
                              "One-way sensitivity (tornado)", "Two-way grid",
                              "Horizon and discount rate",     "Contribution and attribution",
                              "Where the value falls",         "Uncertainty ("};
    for (size_t i = 0; i < sizeof headings / sizeof *headings; i++)
        has(html, headings[i], "HTML", rel);
    char a[64];
    for (int t = 0; t < x.p->years; t++) { /* horizon: the NPV after t + 1 years */
        snprintf(want, sizeof want, "<tr><th>%d year%s</th><td class=\"n\">", t + 1,
                 t ? "s" : "");
        has(html, want, "HTML", rel);
        has(html, text_money(a, sizeof a, x.s->horizon_npv[t]), "HTML", rel);
    }
    for (size_t i = 0; i < x.p->n_benefits; i++)
        has(html, text_money(a, sizeof a, x.s->benefits[i].contribution), "HTML", rel);

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
        has(text, d->cost_per_outcome_note, "text", rel);
        has(html, d->cost_per_outcome_note, "HTML", rel);
        has(md, d->cost_per_outcome_note, "Markdown", rel);
    }
    snprintf(want, sizeof want, "| Return on investment | %s |", d->roi.text);
    has(md, want, "Markdown", rel);

    free(text), free(md), free(html), free(strings);
    rm_rf(dir);
    free(dir);
    done(&x);
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
    run x = build("models/befriending.cfg");
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
            cr_expect_str_eq(results_input_label(label, sizeof label, p, i),
                             "Wellbeing value of moving out of chronic loneliness (one "
                             "step down the scale) \xE2\x80\x94 deadweight");
            cr_expect_str_eq(results_input_value(v, sizeof v, p, i, 0.3), "30%");
            cr_expect_str_eq(results_input_value(v, sizeof v, p, i, 0.4507), "45.1%");
        }
        if (strcmp(p->inputs[i].path, "costs.coordinator.amount") == 0) {
            cr_expect_str_eq(results_input_value(v, sizeof v, p, i, 62130), "£62,130");
            cr_expect(strstr(results_input_label(label, sizeof label, p, i),
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
    done(&x);
}
