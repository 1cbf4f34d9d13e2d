/* test_results.c — one results document, the same figures in every format.
 *
 * For every example model (200 simulations, seed 1, a small Sobol sample)
 * the results document is built once, and every format is rendered: text,
 * JSON, CSV, Markdown, HTML and XLSX. Each headline figure must appear with
 * the document's words in each format that shows it in words, and with the
 * document's exact value where a format carries numbers (the JSON, the CSV,
 * the HTML's data-value and the workbook's cells, read back with unzip). */
#include "case.h"
#include "harness.h"
#include "plan.h"
#include "results.h"
#include "writer.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void every_format(const char *rel)
{
    case_run x = case_build(rel);
    const results_doc *d = x.d;
    const results_headline *h = d->headline;
    char *text = case_rendered(&x, STITCH_FORMAT_TEXT);
    char *json = case_rendered(&x, STITCH_FORMAT_JSON);
    char *csv = case_rendered(&x, STITCH_FORMAT_CSV);
    char *dir = strdup(temp_dir());
    char *md = case_report_file(&x, dir, "case.md");
    char *html = case_report_file(&x, dir, "case.html");
    free(case_report_file(&x, dir, "case.xlsx"));
    char *strings = case_xlsx_member(dir, "xl/sharedStrings.xml");
    char *sheet = case_xlsx_member(dir, "xl/worksheets/sheet1.xml");
    char want[1024];

    /* The headline: in words in the text, Markdown and HTML reports. */
    snprintf(want, sizeof want, "Present value of benefits   %s\n", h[RESULTS_PVB].base.text);
    case_has(text, want, "text", rel);
    snprintf(want, sizeof want, "Present value of costs      %s\n", h[RESULTS_PVC].base.text);
    case_has(text, want, "text", rel);
    snprintf(want, sizeof want, "Net present value           %s\n", h[RESULTS_NPV].base.text);
    case_has(text, want, "text", rel);
    snprintf(want, sizeof want, "Benefit-cost ratio          %s", h[RESULTS_BCR].base.text);
    case_has(text, want, "text", rel);
    snprintf(want, sizeof want,
             "the benefits are worth %s and the costs %s (present values): a "
             "benefit-cost ratio (BCR) of %s and a net present value of %s.",
             h[RESULTS_PVB].base.text, h[RESULTS_PVC].base.text, h[RESULTS_BCR].base.text,
             h[RESULTS_NPV].base.text);
    case_has(md, want, "Markdown", rel);
    for (int i = 0; i < RESULTS_HEADLINES; i++) {
        const results_headline *f = &h[i];
        snprintf(want, sizeof want, "| %s | %s | %s | %s | %s | %s |", f->label,
                 f->base.text, f->mean.text, f->p5.text, f->p50.text, f->p95.text);
        case_has(md, want, "Markdown", rel);
        /* the HTML card carries the exact value beside the words */
        snprintf(want, sizeof want, "id=\"%s\" data-value=\"%.17g\">%s</span>", f->key,
                 f->base.value, f->base.text);
        case_has(html, want, "HTML", rel);
        snprintf(want, sizeof want, "<tr><th>%s</th><td class=\"n\">%s</td>", f->label,
                 f->base.text);
        case_has(html, want, "HTML", rel);
        /* the exact numbers: JSON, CSV, the workbook */
        cr_expect(case_xlsx_has_number(sheet, f->base.value), "%s: the Summary sheet lacks %s %.17g",
                  rel, f->key, f->base.value);
        snprintf(want, sizeof want, "\nsummary,%s,%.17g,", f->key, f->base.value);
        case_has(csv, want, "CSV", rel);
    }
    /* The sentences: the same words in every format that says them. */
    case_has(text, d->range, "text", rel);
    case_has(md, d->range, "Markdown", rel);
    case_has(strings, d->range, "XLSX", rel);
    case_has(text, d->break_even, "text", rel);
    case_has(md, d->break_even, "Markdown", rel);
    case_has(strings, d->break_even, "XLSX", rel);
    /* which kind most of the value is, and each kind's share: worded once */
    case_has(md, d->kind_banner, "Markdown", rel);
    case_has(md, d->kind_detail, "Markdown", rel);
    case_has(html, d->kind_banner, "HTML", rel);
    case_has(strings, d->kind_banner, "XLSX", rel);
    case_has(strings, d->kind_detail, "XLSX", rel);
    if (d->kind[STITCH_KIND_NONCASHABLE].value < d->kind[STITCH_KIND_CASHABLE].value)
        cr_expect_null(strstr(md, "time freed, not cash"), "%s: Markdown says time freed "
                                                           "though cash is larger", rel);
    case_has(text, d->precision, "text", rel);
    for (size_t g = 0; g < d->n_time; g++) {
        case_has(text, d->time[g].line, "text", rel);
        case_has(html, d->time[g].line, "HTML", rel);
    }
    snprintf(want, sizeof want, "data-value=\"%.17g\">%s</span>", h[RESULTS_BCR].p5.value,
             h[RESULTS_BCR].p5.text);
    case_has(html, want, "HTML", rel);

    /* Who pays and who gains (when the model names any): the same words and
     * numbers in every format; the JSON always has both. */
    for (size_t i = 0; d->funders_named && i < d->n_funders; i++) {
        const results_funder *f = &d->funders[i];
        case_has(text, f->line, "text", rel);
        case_has(md, f->line, "Markdown", rel);
        case_has(html, f->line, "HTML", rel);
        case_has(strings, f->line, "XLSX", rel);
        snprintf(want, sizeof want, "  %s: %s (%s of the costs), cash %s, ratio %s\n",
                 f->name, f->cost.text, f->share.text, f->cash.text, f->bcr.text);
        case_has(text, want, "text", rel);
        snprintf(want, sizeof want, "| %s | %s | %s | %s | %s |", f->name, f->cost.text,
                 f->share.text, f->cash.text, f->bcr.text);
        case_has(md, want, "Markdown", rel);
        snprintf(want, sizeof want, "<tr><th>%s</th><td class=\"n\">%s</td>", f->name,
                 f->cost.text);
        case_has(html, want, "HTML", rel);
        cr_expect(case_xlsx_has_number(sheet, f->cost.value), "%s: the Summary sheet lacks %s",
                  rel, f->name);
        snprintf(want, sizeof want, "\nsummary,by_funder.%s.cost,%.17g,", f->name,
                 f->cost.value);
        case_has(csv, want, "CSV", rel);
    }
    for (size_t i = 0; d->stakeholders_named && i < d->n_stakeholders; i++) {
        const results_stakeholder *k = &d->stakeholders[i];
        snprintf(want, sizeof want, "  %s: %s (%s), %s; P5 %s, P50 %s, P95 %s\n", k->name,
                 k->value.text, k->share.text, k->ratio.text, k->p5.text, k->p50.text,
                 k->p95.text);
        case_has(text, want, "text", rel);
        snprintf(want, sizeof want, "| %s | %s | %s | %s | %s | %s |", k->name,
                 k->value.text, k->share.text, k->ratio.text, k->p5.text, k->p95.text);
        case_has(md, want, "Markdown", rel);
        snprintf(want, sizeof want, "<tr><th>%s</th><td class=\"n\">%s</td>", k->name,
                 k->value.text);
        case_has(html, want, "HTML", rel);
        cr_expect(case_xlsx_has_number(sheet, k->value.value),
                  "%s: the Summary sheet lacks %s", rel, k->name);
        snprintf(want, sizeof want, "\nsummary,by_stakeholder.%s,%.17g,", k->name,
                 k->value.value);
        case_has(csv, want, "CSV", rel);
    }
    if (d->stakeholders_named)
        case_has(text, d->stakeholder_note, "text", rel);
    if (d->cohorts[0]) {
        case_has(text, d->cohorts, "text", rel);
        case_has(md, d->cohorts, "Markdown", rel);
        case_has(html, d->cohorts, "HTML", rel);
        case_has(strings, d->cohorts, "XLSX", rel);
    }

    /* The JSON's exact numbers are the document's. */
    cJSON *root = cJSON_Parse(json);
    cr_assert_not_null(root, "%s: the JSON does not parse", rel);
    const cJSON *jbase = cJSON_GetObjectItemCaseSensitive(root, "base");
    const cJSON *jf = cJSON_GetObjectItemCaseSensitive(jbase, "by_funder");
    const cJSON *js = cJSON_GetObjectItemCaseSensitive(jbase, "by_stakeholder");
    cr_expect_eq((size_t)cJSON_GetArraySize(jf), d->n_funders, "%s", rel);
    cr_expect_eq((size_t)cJSON_GetArraySize(js), d->n_stakeholders, "%s", rel);
    for (size_t i = 0; i < d->n_funders; i++) {
        cr_expect_eq(case_json_at(jf, d->funders[i].name, "cost"), d->funders[i].cost.value);
        cr_expect_eq(case_json_at(jf, d->funders[i].name, "cash"), d->funders[i].cash.value);
    }
    for (size_t i = 0; i < d->n_stakeholders; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(js, d->stakeholders[i].name);
        cr_expect(cJSON_IsNumber(v) && v->valuedouble == d->stakeholders[i].value.value,
                  "%s: base.by_stakeholder.%s", rel, d->stakeholders[i].name);
    }
    cr_expect_eq(case_json_at(root, "base", "pvb"), h[RESULTS_PVB].base.value);
    cr_expect_eq(case_json_at(root, "base", "pvc"), h[RESULTS_PVC].base.value);
    cr_expect_eq(case_json_at(root, "base", "npv"), h[RESULTS_NPV].base.value);
    cr_expect_eq(case_json_at(root, "base", "bcr"), h[RESULTS_BCR].base.value);
    cr_expect_eq(case_json_at(root, "base", "break_even_attribution"),
                 d->break_even_attribution.value);
    const cJSON *sum = cJSON_GetObjectItemCaseSensitive(root, "summary");
    cr_expect_eq(case_json_at(sum, "bcr", "p5"), h[RESULTS_BCR].p5.value);
    cr_expect_eq(case_json_at(sum, "bcr", "p95"), h[RESULTS_BCR].p95.value);
    cr_expect_eq(case_json_at(sum, "npv", "mean"), h[RESULTS_NPV].mean.value);
    const cJSON *sent = cJSON_GetObjectItemCaseSensitive(root, "sentences");
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(sent, "break_even")->valuestring,
                     d->break_even);
    cJSON_Delete(root);

    /* And the document's words are the house's: money "£54,647"/"-£20,685". */
    cr_expect_eq(h[RESULTS_NPV].base.text[0] == '-', h[RESULTS_NPV].base.value < -0.5);
    cr_expect(strstr(h[RESULTS_PVB].base.text, "£") == h[RESULTS_PVB].base.text ||
              strstr(h[RESULTS_PVB].base.text, "-£") == h[RESULTS_PVB].base.text);

    free(text), free(json), free(csv), free(md), free(html), free(strings), free(sheet);
    rm_rf(dir);
    free(dir);
    case_done(&x);
}

Test(results, every_example_in_every_format, .timeout = 600)
{
    char **files;
    size_t n = list_files("models", ".cfg", NULL, 0, &files);
    cr_assert_geq(n, 5);
    for (size_t i = 0; i < n; i++)
        every_format(files[i]);
    free_files(files, n);
}

/* A model that names its funders and stakeholders (tests/data/hand/who.cfg,
 * worked by hand in test_eval.c): every format shows them, with the
 * figures by hand. The fund pays £6,000 of £8,000 (75%) for £18,000 of
 * benefit: £3.00 for every £1. Older people gain £12,000 of £18,000
 * (67%), £1.50 per £1 of the whole cost. */
Test(results, who_pays_who_gains_in_every_format, .timeout = 120)
{
    every_format("tests/data/hand/who.cfg");
    case_run x = case_build("tests/data/hand/who.cfg");
    const results_doc *d = x.d;
    cr_assert(d->funders_named && d->stakeholders_named);
    cr_assert_str_eq(d->funders[0].name, "Integrated Care Fund");
    cr_expect_str_eq(d->funders[0].cost.text, "£6,000");
    cr_expect_str_eq(d->funders[0].share.text, "75%");
    cr_expect_str_eq(d->funders[0].bcr.text, "3.00");
    cr_expect_str_eq(d->funders[0].line,
                     "For every £1 of Integrated Care Fund money, £3.00 of benefit.");
    cr_assert_str_eq(d->stakeholders[0].name, "older people");
    cr_expect_str_eq(d->stakeholders[0].value.text, "£12,000");
    cr_expect_str_eq(d->stakeholders[0].share.text, "67%");
    cr_expect_str_eq(d->stakeholders[0].ratio.text, "1.50");
    cr_assert_str_eq(d->stakeholders[2].name, "not stated");
    cr_expect_str_eq(d->stakeholders[2].value.text, "£2,000");
    case_done(&x);
}

/* Cohorts that change between years are spelt out (tests/data/hand/
 * caseload.cfg, worked in test_eval.c): 10 new people a year and 5 on the
 * books make 15 and 10, whose mean is the 12.5 "people a year". */
Test(results, changing_cohorts_in_words, .timeout = 120)
{
    every_format("tests/data/hand/caseload.cfg");
    case_run x = case_build("tests/data/hand/caseload.cfg");
    cr_expect_str_eq(
        x.d->cohorts,
        "People a year are the mean over the delivery years, where the "
        "numbers change. reached: 15 and 10 people in delivery years 0 to 1, "
        "year 0 with 5 already on the books.");
    char *json = case_rendered(&x, STITCH_FORMAT_JSON);
    cJSON *root = cJSON_Parse(json);
    const cJSON *model = cJSON_GetObjectItemCaseSensitive(root, "model");
    const cJSON *by = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(model, "people_by_delivery_year"), "reached");
    cr_assert_eq(cJSON_GetArraySize(by), 2);
    cr_expect_eq(cJSON_GetArrayItem(by, 0)->valuedouble, 15.0);
    cr_expect_eq(cJSON_GetArrayItem(by, 1)->valuedouble, 10.0);
    cr_expect_eq(case_json_at(model, "people_per_year", "reached"), 12.5);
    cJSON_Delete(root);
    free(json);
    case_done(&x);
    x = case_build("models/befriending.cfg");
    cr_expect_str_empty(x.d->cohorts);
    case_done(&x);
}

/* A model that names none shows neither section in words. */
Test(results, no_names_no_sections)
{
    case_run x = case_build("models/befriending.cfg");
    cr_expect_not(x.d->funders_named);
    cr_expect_not(x.d->stakeholders_named);
    char *text = case_rendered(&x, STITCH_FORMAT_TEXT);
    cr_expect_null(strstr(text, "Who pays"));
    cr_expect_null(strstr(text, "Who gains ("));
    free(text);
    case_done(&x);
}

/* The befriending example, by hand from its JSON figures (README): PVB
 * £272,493, PVC £217,846, so NPV £54,647, BCR 1.25 and break-even 1 -
 * 217,846 / contribution PVB 342,433 = 36%. */
Test(results, the_befriending_headline_in_words)
{
    case_run x = case_build("models/befriending.cfg");
    const results_headline *h = x.d->headline;
    cr_expect_str_eq(h[RESULTS_PVB].base.text, "£272,493");
    cr_expect_str_eq(h[RESULTS_PVC].base.text, "£217,846");
    cr_expect_str_eq(h[RESULTS_NPV].base.text, "£54,647");
    cr_expect_str_eq(h[RESULTS_BCR].base.text, "1.25");
    cr_expect_str_eq(x.d->break_even,
                     "Break-even attribution 36%: the project pays back even if others "
                     "caused up to 36% of the change.");
    case_done(&x);
}

/* The charts are drawn from the document (html.c hands each results_chart
 * to the renderer as it is): contribution versus attribution shows the two
 * PVBs and the PVC, the bars by kind add up to the PVB, the histogram's
 * shares (with those below and above its range) add up to 1, and the
 * tornado's reference line is the base-case BCR. */
Test(results, each_chart_is_given_the_documents_numbers)
{
    case_run x = case_build("models/befriending.cfg");
    const results_doc *d = x.d;
    const results_chart *c = results_chart_find(d, "chart-contribution");
    cr_assert_not_null(c);
    cr_assert_eq(c->n, 3);
    cr_expect_eq(c->values[0], x.r->contribution_pvb);
    cr_expect_eq(c->values[1], d->headline[RESULTS_PVB].base.value);
    cr_expect_eq(c->values[2], d->headline[RESULTS_PVC].base.value);
    c = results_chart_find(d, "chart-kind");
    cr_assert_not_null(c);
    double sum = 0;
    for (size_t k = 0; k < c->n; k++)
        sum += c->values[k];
    cr_expect(fabs(sum - d->headline[RESULTS_PVB].base.value) < 1e-6, "kinds add to %.6f",
              sum);
    c = results_chart_find(d, "chart-distribution");
    cr_assert_not_null(c);
    double shares = 0;
    for (size_t k = 0; k < c->n; k++)
        shares += c->values[k];
    shares += x.mc->hist_below + x.mc->hist_above;
    cr_expect(fabs(shares - 1) < 1e-12, "the histogram's shares add to %.15f", shares);
    cr_expect_eq(c->mark, 1.0); /* break-even: BCR 1 */
    c = results_chart_find(d, "chart-tornado");
    cr_assert_not_null(c);
    cr_expect_eq(c->ref, d->headline[RESULTS_BCR].base.value);
    cr_expect_leq(c->n, 12);
    c = results_chart_find(d, "chart-time");
    cr_assert_not_null(c);
    cr_assert_eq(c->n, d->n_time);
    cr_expect_eq(c->values[0], d->time[0].hours.value);
    case_done(&x);
}

/* Beside each bar chart the HTML writes its figures: for befriending the
 * contribution chart's table reads PVB £272,493 and PVC £217,846 (README),
 * in the document's words, and every bar of every chart has its row. */
Test(results, html_states_the_figures_beside_each_chart)
{
    case_run x = case_build("models/befriending.cfg");
    char *dir = strdup(temp_dir());
    char *html = case_report_file(&x, dir, "case.html");
    const char *t = strstr(html, "<table class=\"chart-figures\" id=\"chart-contribution-figures\">");
    cr_assert_not_null(t, "no figures beside the contribution chart");
    const char *end = strstr(t, "</table>");
    cr_assert_not_null(end);
    char *table = strndup(t, (size_t)(end - t));
    cr_expect(strstr(table, "<td class=\"n\">£272,493</td>"), "%s", table);
    cr_expect(strstr(table, "<td class=\"n\">£217,846</td>"), "%s", table);
    free(table);
    for (size_t i = 0; i < x.d->n_charts; i++) {
        const results_chart *c = &x.d->chart[i];
        if (c->kind != CHART_BARS)
            continue;
        char id[128];
        snprintf(id, sizeof id, "id=\"%s-figures\"", c->id);
        const char *at = strstr(html, id);
        cr_assert_not_null(at, "%s has no figures", c->id);
        for (size_t k = 0; k < c->n; k++) {
            char row[512];
            snprintf(row, sizeof row, "<td class=\"n\">%s</td>", c->figs[k].text);
            cr_expect(strstr(at, row), "%s: %s missing", c->id, row);
        }
    }
    {
        const results_chart *c = results_chart_find(x.d, "chart-time");
        cr_assert_not_null(c);
        char want[64];
        snprintf(want, sizeof want, "%.0f hours", round(c->values[0]));
        if (fabs(c->values[0]) < 1000)
            cr_expect_str_eq(c->figs[0].text, want);
    }
    free(html);
    rm_rf(dir);
    free(dir);
    case_done(&x);
}

/* A small dis-benefit: 12 people each with 0.01 more 10-minute GP
 * consultation is 0.12 consultations and 1.2 minutes: "under 1 hour
 * (under 1 extra consultation)", never "some 0 extra consultations". */
Test(results, a_small_dis_benefit_is_under_one_unit)
{
    char *dir = strdup(temp_dir());
    write_file(dir, "m.cfg",
               "name = \"Harm\";\nprice_year = \"2023/24\";\nyears = 1;\ndiscount = 0.035;\n"
               "unit_costs = [\"uk-pssru-2024.csv\"];\n"
               "need = { text = \"Need\"; population = 100; };\n"
               "costs = ( { id = \"staff\"; amount = 1000.0; per = \"year\"; } );\n"
               "outputs = ( { id = \"o\"; count = 12.0; } );\n"
               "outcomes = ( { id = \"k\"; from = \"o\"; rate = 1.0; } );\n"
               "benefits = ( { id = \"gp\"; outcome = \"k\"; unit_cost = "
               "\"gp_surgery_consultation\"; quantity = -0.01; attribution = 0.0; } );\n");
    char *out, *err;
    const char *args[] = {"run", "--iterations", "10", "m.cfg", NULL};
    cr_assert_eq(run_stitch(dir, args, &out, &err), 0, "%s", err);
    cr_expect(strstr(out, "\n  more GP time used: under 1 hour (under 1 extra "
                          "consultation); under 0.01 FTE"),
              "%s", out);
    cr_expect_null(strstr(out, "some 0"), "%s", out);
    free(out), free(err);
    rm_rf(dir);
    free(dir);
}
