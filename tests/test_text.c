/* test_text.c — the text layer (lib/text.c): numbers, money and shares as
 * every report writes them, CSV fields, UTF-8 repair with U+FFFD, the
 * growable string, and the one policy reaching the charts. Each expected
 * string is worked out by hand from the rule in text.h. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "harness.h"
#include "text.h"

#define FFFD "\xEF\xBF\xBD"

typedef struct {
    double v;
    const char *want;
} num_case;

Test(text, money_in_pounds_and_pence)
{
    const num_case cases[] = {
        {0, "£0"},
        {-0.4, "-£0.40"},  /* pence below £100 */
        {-0.004, "£0.00"}, /* rounds to nothing: no "-£0.00" */
        {12.5, "£12.50"},
        {999.5, "£1,000"}, /* whole pounds from £100; a tie rounds to even */
        {56492, "£56,492"},
        {-16974, "-£16,974"}, /* the sign before the £ */
        {1234567, "£1,234,567"},
        {-1234567.4, "-£1,234,567"},
        {1e15, "£1 \xC3\x97 10^15"}, /* past a double's digits: the short form */
        {-2.5e65, "-£2.5 \xC3\x97 10^65"},
        {9.9999e15, "£1 \xC3\x97 10^16"}, /* 9.9999 rounds to 10 at three figures */
        {NAN, "not defined"},
        {-INFINITY, "not defined"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char buf[64];
        cr_expect_str_eq(text_money(buf, sizeof buf, cases[i].v), cases[i].want,
                         "text_money(%g)", cases[i].v);
    }
}

Test(text, money_with_places_for_axes)
{
    char buf[64];
    cr_expect_str_eq(text_money_dp(buf, sizeof buf, 2.5, 1), "£2.5");
    cr_expect_str_eq(text_money_dp(buf, sizeof buf, -1000, 0), "-£1,000");
    cr_expect_str_eq(text_money_dp(buf, sizeof buf, -0.04, 1), "£0.0");
    cr_expect_str_eq(text_money_dp(buf, sizeof buf, 250000, 0), "£250,000");
}

Test(text, numbers_with_thousands_separators)
{
    char buf[64];
    cr_expect_str_eq(text_num(buf, sizeof buf, 0, 0), "0");
    cr_expect_str_eq(text_num(buf, sizeof buf, 999, 0), "999");
    cr_expect_str_eq(text_num(buf, sizeof buf, 1000, 0), "1,000");
    cr_expect_str_eq(text_num(buf, sizeof buf, 1234.56, 1), "1,234.6");
    cr_expect_str_eq(text_num(buf, sizeof buf, -1234567.891, 2), "-1,234,567.89");
    cr_expect_str_eq(text_num(buf, sizeof buf, 999999.5, 0), "1,000,000");
    cr_expect_str_eq(text_num(buf, sizeof buf, -0.004, 2), "0.00");
    cr_expect_str_eq(text_num(buf, sizeof buf, -0.4, 0), "0");
    cr_expect_str_eq(text_num(buf, sizeof buf, 123456789012345.0, 0),
                     "123,456,789,012,345");
    cr_expect_str_eq(text_num(buf, sizeof buf, -3.14159e20, 2), "-3.14 \xC3\x97 10^20");
    cr_expect_str_eq(text_num(buf, sizeof buf, NAN, 2), "not defined");
    /* A buffer too small cuts the text, never overruns it. */
    char small[6];
    cr_expect_str_eq(text_num(small, sizeof small, 1234567, 0), "1,234");
}

Test(text, shares_as_percentages)
{
    const num_case cases[] = {
        {0.37, "37%"},     {0.375, "38%"},       {1, "100%"},
        {0, "0%"},         {0.045, "4.5%"}, /* one decimal below 10% */
        {0.0999, "10.0%"}, {-0.004, "-0.4%"},    {-0.0004, "0.0%"}, /* no "-0.0%" */
        {-0.5, "-50%"},    {NAN, "not defined"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char buf[32];
        cr_expect_str_eq(text_pct(buf, sizeof buf, cases[i].v), cases[i].want,
                         "text_pct(%g)", cases[i].v);
    }
}

Test(text, counts_with_their_noun)
{
    char buf[64];
    cr_expect_str_eq(text_count(buf, sizeof buf, 1, "simulation", "simulations"),
                     "1 simulation");
    cr_expect_str_eq(text_count(buf, sizeof buf, 0, "simulation", "simulations"),
                     "0 simulations");
    cr_expect_str_eq(text_count(buf, sizeof buf, 10000, "simulation", "simulations"),
                     "10,000 simulations");
    cr_expect_str_eq(text_count(buf, sizeof buf, 2, "year", "years"), "2 years");
}

/* The field as text_csv_field writes it. */
static char *csv(const char *s)
{
    char *text = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&text, &len);
    cr_assert_not_null(o);
    text_csv_field(o, s);
    fclose(o);
    return text;
}

Test(text, csv_fields_quoted_as_rfc_4180_asks)
{
    const struct {
        const char *in, *want;
    } cases[] = {
        {"time_hours.GP", "time_hours.GP"},
        {"", ""},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"carriage\rreturn", "\"carriage\rreturn\""},
        {"\"", "\"\"\"\""},
        {"caf\xC3\xA9 \xC2\xA3", "caf\xC3\xA9 \xC2\xA3"}, /* UTF-8 as it is */
        /* No formula policy: stitch's CSV is data, and a leading = + - @
         * is written as it is (a negative number starts with '-'). */
        {"=1+2", "=1+2"},
        {"-16974", "-16974"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = csv(cases[i].in);
        cr_expect_str_eq(got, cases[i].want, "case %zu", i);
        free(got);
    }
}

Test(text, repair_writes_u_fffd_for_each_bad_byte)
{
    const struct {
        const char *in, *want;
    } cases[] = {
        {"plain", "plain"},
        {"\xC2\xA3\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80",
         "\xC2\xA3\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"},
        {"caf\xE9", "caf" FFFD},                   /* Latin-1 é */
        {"caf\xC3", "caf" FFFD},                   /* truncated at the end */
        {"\xE2\x82 x", FFFD FFFD " x"},            /* truncated in the middle */
        {"\xC0\xAF", FFFD FFFD},                   /* overlong '/' */
        {"\xE0\x80\xAF", FFFD FFFD FFFD},          /* overlong, three bytes */
        {"\xED\xA0\x80", FFFD FFFD FFFD},          /* a UTF-16 surrogate */
        {"\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD}, /* above U+10FFFF */
        {"\xFF\xFE", FFFD FFFD},
        {"\x80", FFFD}, /* a lone continuation byte */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = text_utf8_repair(cases[i].in);
        cr_assert_not_null(got);
        cr_expect_str_eq(got, cases[i].want, "case %zu", i);
        cr_expect(text_utf8_valid(got), "case %zu: the repair is not UTF-8", i);
        cr_expect(valid_utf8(got, strlen(got)), "case %zu: iconv disagrees", i);
        cr_expect_eq(text_utf8_valid(cases[i].in), strcmp(got, cases[i].in) == 0,
                     "case %zu: valid only when nothing was repaired", i);
        free(got);
    }
}

Test(text, one_line_repaired_and_cut_between_characters)
{
    char buf[32];
    cr_expect_str_eq(text_line(buf, sizeof buf, "tab\there\nnew\x7F"), "tab here new ");
    cr_expect_str_eq(text_line(buf, sizeof buf, "bad \xFF byte"), "bad " FFFD " byte");
    cr_expect_str_eq(text_line(buf, sizeof buf, NULL), "");
    char six[6];
    /* "a€" is 4 bytes; the next "€" would need 3 more and the NUL. */
    cr_expect_str_eq(text_line(six, sizeof six, "a\xE2\x82\xAC\xE2\x82\xAC"),
                     "a\xE2\x82\xAC");
    /* U+FFFD takes three bytes, so it is not written in part. */
    char four[4];
    cr_expect_str_eq(text_line(four, sizeof four, "ab\xFF"), "ab");
}

Test(text, characters_not_bytes)
{
    cr_expect_eq(text_chars("£56,492"), 7);
    cr_expect_eq(text_chars(""), 0);
    cr_expect_eq(text_chars("\xE2\x82\xAC\xF0\x9F\x98\x80"), 2);
    const char *s = "\xC3\xA9\xE2\x82\xACx";
    cr_expect_eq(text_chars_n(s, 5), 2);
    cr_expect_eq(text_prefix(s, strlen(s), 2), 5);
    cr_expect_eq(text_prefix(s, strlen(s), 9), 6);
    cr_expect_eq(text_back(s, 6), 5); /* before "x" */
    cr_expect_eq(text_back(s, 5), 2); /* before "€" */
    cr_expect_eq(text_back(s, 2), 0);
    cr_expect_eq(text_back(s, 0), 0);
    char cut[] = "caf\xC3"; /* snprintf left the first byte of "é" */
    text_utf8_trim(cut);
    cr_expect_str_eq(cut, "caf");
    char whole[] = "caf\xC3\xA9";
    text_utf8_trim(whole);
    cr_expect_str_eq(whole, "caf\xC3\xA9");
}

Test(text, buffer_grows_and_keeps_every_byte)
{
    text_buf b = {0};
    for (int i = 0; i < 1000; i++)
        buf_printf(&b, "%d,", i);
    char long_text[600];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    buf_printf(&b, "[%s]", long_text); /* longer than buf_printf's first try */
    buf_put(&b, "ab\0cd", 5);          /* bytes, NUL included */
    cr_assert_eq(b.nomem, 0);
    /* 0..9: 2 bytes each; 10..99: 3; 100..999: 4 */
    size_t numbers = 10 * 2 + 90 * 3 + 900 * 4;
    cr_assert_eq(b.n, numbers + 601 + 5);
    cr_expect(strncmp(b.p, "0,1,2,", 6) == 0);
    cr_expect(strncmp(b.p + numbers - 4, "999,[xx", 7) == 0);
    cr_expect(memcmp(b.p + b.n - 6, "]ab\0cd", 6) == 0);
    cr_expect_eq(b.p[b.n], '\0');
    buf_free(&b);
    cr_expect_null(b.p);
    cr_expect_eq(b.n, 0);
    buf_free(NULL);
}

/* The one policy reaches the charts: a label that is not UTF-8 shows
 * U+FFFD in the chart's <title> (it was '?' before the text layer). */
Test(text, charts_write_u_fffd_for_bad_bytes)
{
    double v[] = {1, 2};
    const char *labels[] = {"a", "b"};
    stitch_diag err;
    char *svg = chart_bars_svg(labels, v, 2, chart_money, "caf\xE9 costs", &err);
    cr_assert_not_null(svg, "%s", err.message);
    cr_expect(strstr(svg, "<title>Bar chart: caf" FFFD " costs</title>"), "%.300s", svg);
    cr_expect(valid_utf8(svg, strlen(svg)));
    free(svg);
}

Test(text, chart_formats)
{
    char buf[64];
    cr_expect_str_eq(chart_money(buf, sizeof buf, -16974), "-£16,974");
    cr_expect_str_eq(chart_money(buf, sizeof buf, 12.5), "£12.50");
    cr_expect_str_eq(chart_money(buf, sizeof buf, -2.5e15), "-£2.5e+15");
    cr_expect_str_eq(chart_plain(buf, sizeof buf, 1.256), "1.26");
    cr_expect_str_eq(chart_plain(buf, sizeof buf, 1234.5), "1,234");
    cr_expect_str_eq(chart_num(buf, sizeof buf, 2e15, 0), "2e+15");
    cr_expect_str_eq(chart_num(buf, sizeof buf, -0.2, 0), "0");
}
