/* test_charts.c — the report's pictures: the cairo charts (chart.c) and the
 * Graphviz logic model (diagram.c). Every SVG must be one <svg> root with
 * no prolog, no NaN or infinity, no raw '<' or '&' in text, and the width
 * designed; the diagram must have a node per need, output, outcome and
 * benefit and its links coloured by confidence; no data, equal values,
 * non-finite values and hostile text must still give valid SVG, quickly. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "chart.h"
#include "diagram.h"
#include "harness.h"
#include "model.h"

static size_t count(const char *s, const char *sub)
{
    size_t n = 0, k = strlen(sub);
    for (const char *p = strstr(s, sub); p; p = strstr(p + k, sub))
        n++;
    return n;
}

/* 1 when `word` occurs in s as a whole word, any case ("nan", "inf"). */
static int has_word(const char *s, const char *word)
{
    size_t k = strlen(word);
    for (const char *p = s; *p; p++) {
        if (strncasecmp(p, word, k) != 0)
            continue;
        int before = p > s && isalpha((unsigned char)p[-1]);
        int after = isalpha((unsigned char)p[k]) && strncasecmp(p + k, "inity", 5) != 0;
        if (!before && !after)
            return 1;
    }
    return 0;
}

/* One <svg> root, nothing before it, "</svg>" (and a newline) at the end,
 * every '<' opening a tag and every '&' an entity, no NaN or infinity. */
static void check_svg(const char *svg)
{
    cr_assert_not_null(svg);
    cr_assert(strncmp(svg, "<svg", 4) == 0, "starts: %.40s", svg);
    size_t n = strlen(svg);
    int ends = (n >= 7 && strcmp(svg + n - 7, "</svg>\n") == 0) ||
               (n >= 6 && strcmp(svg + n - 6, "</svg>") == 0);
    cr_assert(ends, "ends: %s", svg + (n > 40 ? n - 40 : 0));
    cr_assert_eq(count(svg, "<svg"), 1);
    cr_assert_eq(count(svg, "</svg>"), 1);
    cr_assert_null(strstr(svg, "<?xml"));
    cr_assert_null(strstr(svg, "<!DOCTYPE"));
    for (const char *p = svg; *p; p++) {
        if (*p == '<')
            cr_assert(isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!',
                      "raw '<' at: %.40s", p);
        if (*p == '&') {
            size_t k = p[1] == '#' ? 2 + strspn(p + 2, "0123456789")
                                   : 1 + strspn(p + 1, "abcdefghijklmnopqrstuvwxyz");
            cr_assert(k > 1 && p[k] == ';', "raw '&' at: %.40s", p);
        }
    }
    cr_assert_not(has_word(svg, "nan"), "NaN in the SVG");
    cr_assert_not(has_word(svg, "inf"), "infinity in the SVG");
    cr_assert_not(has_word(svg, "infinity"), "infinity in the SVG");
}

/* The chart's root says width="720px". */
static void check_width(const char *svg)
{
    char want[32];
    snprintf(want, sizeof want, "width=\"%dpx\"", CHART_WIDTH);
    const char *root_end = strchr(svg, '>');
    const char *w = strstr(svg, want);
    cr_assert(w && w < root_end, "no %s in the root element", want);
}

static const char *const LABELS[] = {
    "benefits.wellbeing.value", "outcomes.less_lonely.rate",
    "benefits.wellbeing.attribution", "costs.coordinator"};

/* ---- charts --------------------------------------------------------------------- */

Test(charts, tornado)
{
    double lo[] = {0.81, 0.95, 1.12, 1.30}, hi[] = {1.71, 1.58, 1.40, 1.21};
    stitch_diag err;
    char *svg =
        chart_tornado_svg(LABELS, lo, hi, 4, 1.26, 1.0, "Benefit-cost ratio", &err);
    check_svg(svg);
    check_width(svg);
    cr_assert(strstr(svg, "<title>Tornado chart: Benefit-cost ratio</title>"));
    cr_assert(strstr(svg, "stroke-dasharray"), "the break-even line is dashed");
    free(svg);
}

Test(charts, histogram_from_a_simulation)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_diag err;
    stitch_mc_result *mc = stitch_mc_run(p, 2000, 7, 1, &err);
    cr_assert_not_null(mc);
    char *svg = chart_histogram_svg(mc->hist, STITCH_HIST_BINS, mc->hist_lo, mc->hist_hi,
                                    1.0, "Benefit-cost ratio", &err);
    check_svg(svg);
    check_width(svg);
    cr_assert(strstr(svg, "stroke-dasharray"), "the break-even line is dashed");
    free(svg);
    stitch_mc_free(mc);
    stitch_plan_free(p);
}

/* Value formats as callers write them: hours, a share, scientific. */
static char *hours(char *buf, size_t n, double v)
{
    char num[64];
    snprintf(buf, n, "%s hours", chart_num(num, sizeof num, v, 0));
    return buf;
}

static char *share(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%.1f%%", v);
    return buf;
}

static char *sci(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%8.2e", v);
    return buf;
}

/* A caller's format that writes markup and a byte that is not UTF-8. */
static char *hostile(char *buf, size_t n, double v)
{
    snprintf(buf, n, "\"<&>\" %.0f \xff", v);
    return buf;
}

Test(charts, bars_and_formats)
{
    double v[] = {262300.4, 9900, -1300, 812.5};
    const chart_fmt fmts[] = {chart_money, chart_plain, hours, share, sci, NULL};
    stitch_diag err;
    for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++) {
        char *svg = chart_bars_svg(LABELS, v, 4, fmts[i], "Present value", &err);
        check_svg(svg);
        check_width(svg);
        free(svg);
    }
}

Test(charts, no_data)
{
    stitch_diag err;
    char *svg[] = {
        chart_tornado_svg(NULL, NULL, NULL, 0, 1.2, 1.0, "BCR", &err),
        chart_tornado_svg(NULL, NULL, NULL, 0, NAN, NAN, NULL, &err),
        chart_histogram_svg(NULL, 0, 0, 1, 1.0, "BCR", &err),
        chart_histogram_svg(NULL, 0, NAN, NAN, NAN, NULL, &err),
        chart_bars_svg(NULL, NULL, 0, chart_money, "PV", &err),
        chart_bars_svg(NULL, NULL, 0, NULL, NULL, &err),
    };
    for (size_t i = 0; i < sizeof svg / sizeof *svg; i++) {
        check_svg(svg[i]);
        check_width(svg[i]);
        free(svg[i]);
    }
}

Test(charts, equal_values)
{
    double same[] = {2, 2, 2}, zero[] = {0, 0, 0}, bins[] = {0.25, 0.25, 0.25, 0.25};
    double none[] = {0, 0, 0, 0}, big[] = {DBL_MAX, DBL_MAX, DBL_MAX};
    double tiny[] = {5e-324, 5e-324, 5e-324};
    stitch_diag err;
    char *svg[] = {
        chart_tornado_svg(LABELS, same, same, 3, 2, 2, "BCR", &err),
        chart_tornado_svg(LABELS, zero, zero, 3, 0, NAN, "BCR", &err),
        chart_tornado_svg(LABELS, big, big, 3, DBL_MAX, 1, "BCR", &err),
        chart_tornado_svg(LABELS, tiny, tiny, 3, 0, NAN, "BCR", &err),
        chart_bars_svg(LABELS, same, 3, chart_money, "PV", &err),
        chart_bars_svg(LABELS, zero, 3, hours, "Hours", &err),
        chart_bars_svg(LABELS, big, 3, chart_money, "PV", &err),
        chart_bars_svg(LABELS, tiny, 3, chart_plain, "x", &err),
        chart_histogram_svg(bins, 4, 1.5, 1.5, 1, "BCR", &err),
        chart_histogram_svg(bins, 4, 0, 2, 1, "BCR", &err),
        chart_histogram_svg(none, 4, 0, 2, 1, "BCR", &err),
        chart_histogram_svg(bins, 4, -DBL_MAX, DBL_MAX, 0, "NPV", &err),
        chart_histogram_svg(bins, 1, -DBL_MAX, DBL_MAX, 0, "NPV", &err),
        chart_histogram_svg(bins, 1, DBL_MAX / 2, DBL_MAX, 1, "NPV", &err),
        chart_histogram_svg(bins, 4, 3, 1, 2, "reversed ends", &err),
    };
    for (size_t i = 0; i < sizeof svg / sizeof *svg; i++) {
        cr_assert_not_null(svg[i], "chart %zu: %s", i, err.message);
        check_svg(svg[i]);
        check_width(svg[i]);
        free(svg[i]);
    }
}

Test(charts, non_finite_values)
{
    double lo[] = {NAN, 0.9, INFINITY, NAN}, hi[] = {1.4, NAN, 1.2, -INFINITY};
    double v[] = {NAN, 120, -INFINITY, INFINITY};
    double bins[] = {0.1, NAN, INFINITY, -0.2, 0.3};
    stitch_diag err;
    char *svg[] = {
        chart_tornado_svg(LABELS, lo, hi, 4, 1.26, 1, "BCR", &err),
        chart_tornado_svg(LABELS, lo, hi, 4, NAN, INFINITY, "BCR", &err),
        chart_bars_svg(LABELS, v, 4, chart_money, "PV", &err),
        chart_bars_svg(LABELS, v, 4, hours, "Hours", &err),
        chart_histogram_svg(bins, 5, 0, 2, 1, "BCR", &err),
        chart_histogram_svg(bins, 5, NAN, 2, 1, "BCR", &err),
        chart_histogram_svg(bins, 5, -INFINITY, INFINITY, NAN, "BCR", &err),
        chart_histogram_svg(bins, 5, 0, 2, INFINITY, "BCR", &err),
    };
    for (size_t i = 0; i < sizeof svg / sizeof *svg; i++) {
        cr_assert_not_null(svg[i], "chart %zu: %s", i, err.message);
        check_svg(svg[i]);
        free(svg[i]);
    }
}

Test(charts, hostile_text)
{
    const char *labels[] = {
        "Quotes \"<&>\" & more", "bad UTF-8 \xff\xfe here \xe2\x82",
        "a very long label that goes on and on and on and on and on and on "
        "and on and on well past the label column",
        NULL};
    double lo[] = {1, 2, 3, 4}, hi[] = {2, 3, 4, 5};
    stitch_diag err;
    char *svg[] = {
        chart_tornado_svg(labels, lo, hi, 4, 2, 1, "Axis \"<&>\" \xff", &err),
        chart_bars_svg(labels, lo, 4, hostile, "x </title><svg>", &err),
        chart_histogram_svg(lo, 4, 0, 1, 0.5, "</svg> & <", &err),
    };
    for (size_t i = 0; i < sizeof svg / sizeof *svg; i++) {
        cr_assert_not_null(svg[i], "chart %zu: %s", i, err.message);
        check_svg(svg[i]);
        free(svg[i]);
    }
}

/* Two charts in one page must not share ids (cairo names glyphs "glyph0-1"
 * in every document). */
Test(charts, ids_unique_between_charts)
{
    double v[] = {1, 2};
    stitch_diag err;
    char *a = chart_bars_svg(LABELS, v, 2, chart_money, "PV", &err);
    char *b = chart_bars_svg(LABELS, v, 2, chart_money, "PV", &err);
    check_svg(a);
    check_svg(b);
    const char *ia = strstr(a, "id=\""), *ib = strstr(b, "id=\"");
    cr_assert(ia && ib);
    size_t la = strcspn(ia + 4, "\""), lb = strcspn(ib + 4, "\"");
    cr_assert(la != lb || strncmp(ia, ib, la + 4) != 0, "both charts use id %.*s",
              (int)la, ia + 4);
    cr_assert_null(strstr(a, "\"#glyph"), "an id reference was not prefixed");
    cr_assert_null(strstr(a, "id=\"glyph"), "an id was not prefixed");
    free(a);
    free(b);
}

/* Twenty rows, as a large model's tornado and bars have: each chart is
 * drawn whole (how long it takes is the bench target's: docs/performance.md). */
Test(charts, twenty_rows_render)
{
    double lo[20], hi[20], bins[STITCH_HIST_BINS];
    const char *labels[20];
    for (int i = 0; i < 20; i++)
        lo[i] = 1 - i * 0.03, hi[i] = 1 + i * 0.05, labels[i] = LABELS[i % 4];
    for (int i = 0; i < STITCH_HIST_BINS; i++)
        bins[i] = exp(-0.01 * (i - 20) * (i - 20)) / 17.7;
    stitch_diag err;
    for (int k = 0; k < 3; k++) {
        char *svg = k == 0   ? chart_tornado_svg(labels, lo, hi, 20, 1, 1, "BCR", &err)
                    : k == 1 ? chart_histogram_svg(bins, STITCH_HIST_BINS, 0.2, 2.4, 1,
                                                   "BCR", &err)
                             : chart_bars_svg(labels, hi, 20, chart_money, "PV", &err);
        cr_assert_not_null(svg, "chart %d: %s", k, err.message);
        check_svg(svg);
        check_width(svg);
        free(svg);
    }
}

/* ---- the logic model ----------------------------------------------------------- */

/* Drawn links of each colour (the legend adds one of each). */
static size_t links(const char *svg, const char *colour)
{
    char want[64];
    snprintf(want, sizeof want, "<path fill=\"none\" stroke=\"%s\"", colour);
    return count(svg, want);
}

static const char *const COLOUR[CONF_COUNT] = {"#1a9641", "#e08b00", "#d7301f",
                                               "#8c8c8c"};

/* The legend's links of a colour: one each, and grey twice (solid and dashed). */
static size_t legend(int c)
{
    return c == CONF_NONE ? 2 : 1;
}

Test(diagram, befriending)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_result *r = base_case(p);
    stitch_diag err;
    char *svg = diagram_svg(p, r, &err);
    cr_assert_not_null(svg, "%s", err.message);
    check_svg(svg);
    size_t want = 1 + p->n_nodes + p->n_benefits;
    cr_assert_eq(count(svg, "class=\"node\""), want, "%zu nodes, want %zu",
                 count(svg, "class=\"node\""), want);
    cr_assert_eq(count(svg, "class=\"edge\""),
                 p->n_nodes + p->n_benefits + CONF_COUNT + 1);
    cr_assert(strstr(svg, "<title>need</title>"));
    for (size_t k = 0; k < p->n_nodes; k++) {
        char t[300];
        snprintf(t, sizeof t, "<title>%s%s</title>", p->nodes[k].parent < 0 ? "o_" : "c_",
                 p->nodes[k].id);
        cr_assert(strstr(svg, t), "no %s", t);
    }
    for (size_t b = 0; b < p->n_benefits; b++) {
        char t[300];
        snprintf(t, sizeof t, "<title>b_%s</title>", p->benefits[b].id);
        cr_assert(strstr(svg, t), "no %s", t);
    }
    /* Link colours as the model rates them, plus the legend's one each. */
    size_t by_conf[CONF_COUNT] = {0};
    for (size_t k = 0; k < p->n_nodes; k++)
        by_conf[p->nodes[k].confidence >= 0 ? p->nodes[k].confidence : CONF_NONE]++;
    for (size_t b = 0; b < p->n_benefits; b++)
        by_conf[p->benefits[b].confidence >= 0 ? p->benefits[b].confidence : CONF_NONE]++;
    for (int c = 0; c < CONF_COUNT; c++)
        cr_assert_eq(links(svg, COLOUR[c]), by_conf[c] + legend(c),
                     "%s: %zu links, want %zu", confidence_names[c],
                     links(svg, COLOUR[c]), by_conf[c] + legend(c));
    cr_assert(strstr(svg, "people a year"));
    cr_assert(strstr(svg, "present value £"));
    cr_assert(strstr(svg, "font-family=\"Helvetica"));
    free(svg);
    stitch_result_free(r);
    stitch_plan_free(p);
}

/* Every confidence, an unrated link and links without evidence. */
Test(diagram, colours_and_dashes)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_result *r = base_case(p);
    cr_assert(p->n_nodes >= 3 && p->n_benefits >= 4);
    int node_conf[] = {CONF_HIGH, CONF_MEDIUM, -1};
    int ben_conf[] = {CONF_LOW, CONF_NONE, CONF_HIGH, CONF_HIGH};
    size_t by_conf[CONF_COUNT] = {0}, dashed = 0;
    for (size_t k = 0; k < p->n_nodes; k++) {
        p->nodes[k].confidence = node_conf[k % 3];
        by_conf[node_conf[k % 3] >= 0 ? node_conf[k % 3] : CONF_NONE]++;
    }
    for (size_t b = 0; b < p->n_benefits; b++) {
        p->benefits[b].confidence = ben_conf[b % 4];
        by_conf[ben_conf[b % 4]]++;
    }
    free(p->nodes[0].evidence);
    p->nodes[0].evidence = NULL;
    free(p->benefits[1].evidence);
    p->benefits[1].evidence = strdup("");
    dashed = 2;
    stitch_diag err;
    char *svg = diagram_svg(p, r, &err);
    cr_assert_not_null(svg, "%s", err.message);
    check_svg(svg);
    for (int c = 0; c < CONF_COUNT; c++)
        cr_assert_eq(links(svg, COLOUR[c]), by_conf[c] + legend(c),
                     "%s: %zu links, want %zu", confidence_names[c],
                     links(svg, COLOUR[c]), by_conf[c] + legend(c));
    cr_assert_eq(count(svg, "stroke-dasharray"), dashed + 1, "%zu dashed links, want %zu",
                 count(svg, "stroke-dasharray"), dashed + 1);
    cr_assert(strstr(svg, "No evidence written."));
    free(svg);
    stitch_result_free(r);
    stitch_plan_free(p);
}

Test(diagram, hostile_text)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_result *r = base_case(p);
    free(p->need_text);
    p->need_text = strdup("Quotes \"<&>\" back\\slash \\N and \\n, bad \xff UTF-8");
    free(p->nodes[0].text);
    p->nodes[0].text = strdup("</text></g></svg><script>alert(1)</script> &amp; "
                              "averyveryveryveryveryveryverylongwordthatneedscutting");
    free(p->benefits[0].evidence);
    p->benefits[0].evidence = strdup("Evidence with \"<&>\" in it");
    stitch_diag err;
    char *svg = diagram_svg(p, r, &err);
    cr_assert_not_null(svg, "%s", err.message);
    check_svg(svg);
    cr_assert_null(strstr(svg, "<script"));
    cr_assert_null(strstr(svg, "\"<&>\""));
    cr_assert(strstr(svg, "&quot;&lt;&amp;&gt;&quot;"), "the text was not escaped");
    cr_assert(strstr(svg, ">Quotes &quot;&lt;&amp;&gt;&quot; back\\slash \\N</text>"),
              "backslashes were not kept in the label");
    cr_assert(
        strstr(svg, "title=\"Quotes &quot;&lt;&amp;&gt;&quot; back\\slash \\N and \\n,"),
        "backslashes were not kept in the tooltip");
    cr_assert(strstr(svg, "&amp;amp;"), "an entity in the text was not escaped");
    cr_assert_eq(count(svg, "class=\"node\""), 1 + p->n_nodes + p->n_benefits);
    free(svg);
    stitch_result_free(r);
    stitch_plan_free(p);
}

Test(diagram, without_figures_and_twice)
{
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_diag err;
    char *a = diagram_svg(p, NULL, &err), *b = diagram_svg(p, NULL, &err);
    cr_assert(a && b, "%s", err.message);
    check_svg(a);
    check_svg(b);
    cr_assert_null(strstr(a, "people a year"));
    const char *ia = strstr(a, "id=\"stitch_lm"), *ib = strstr(b, "id=\"stitch_lm");
    cr_assert(ia && ib);
    cr_assert(strncmp(ia, ib, strcspn(ia + 4, "\"") + 5) != 0,
              "two diagrams share their ids");
    /* no id twice within one diagram */
    for (const char *at = strstr(a, " id=\""); at; at = strstr(at + 1, " id=\"")) {
        char id[160];
        snprintf(id, sizeof id, "%.*s", (int)(5 + strcspn(at + 5, "\"") + 1), at);
        cr_assert_eq(count(a, id), 1, "%s is not unique", id);
    }
    free(a);
    free(b);
    stitch_plan_free(p);
}

Test(diagram, every_example_model)
{
    const char *models[] = {"models/befriending.cfg", "models/carers-support.cfg",
                            "models/falls-prevention.cfg",
                            "models/home-from-hospital.cfg",
                            "models/social-prescribing.cfg"};
    for (size_t i = 0; i < sizeof models / sizeof *models; i++) {
        stitch_plan *p = load_plan(models[i]);
        stitch_result *r = base_case(p);
        stitch_diag err;
        char *svg = diagram_svg(p, r, &err);
        cr_assert_not_null(svg, "%s: %s", models[i], err.message);
        check_svg(svg);
        cr_assert_eq(count(svg, "class=\"node\""), 1 + p->n_nodes + p->n_benefits, "%s",
                     models[i]);
        free(svg);
        stitch_result_free(r);
        stitch_plan_free(p);
    }
}
