/* test_unitcosts.c — the unit-cost library shipped in unitcosts/.
 *
 * Every table in unitcosts/ is loaded together with indices.csv by the
 * library's own loader (stitch_costbook_load), which already refuses a row
 * without a source or with a number it cannot read. On top of that this
 * checks what the loader does not: no code is defined in two tables, every
 * price year is in the index (or the row says it is not), the index is the
 * NHSCII chain, the codes models use are still there, and a few figures
 * equal the sourced facts a reader can look up in the manual. */
#include "harness.h"
#include "text.h"
#include "unitcost.h"

#include <criterion/criterion.h>
#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Written in the notes of a row whose price year has no index value. */
#define NO_INDEX "price year not in indices.csv"

/* All tables and the index, loaded together: fails the test on an error. */
static stitch_costbook *load_all(void)
{
    char **tables;
    size_t n = list_files("unitcosts", ".csv", "indices.csv", 1, &tables);
    cr_assert_geq(n, 3, "expected at least 3 tables in unitcosts/, found %zu", n);
    stitch_diag err;
    char buf[2048];
    stitch_costbook *cb = stitch_costbook_load((const char *const *)tables, n,
                                               src_path("unitcosts/indices.csv"), &err);
    cr_assert_not_null(cb, "the unit-cost library does not load: %s",
                       stitch_diag_format(&err, "", buf, sizeof buf));
    free_files(tables, n);
    return cb;
}

static const char *table_of(const stitch_costbook *cb, const uc_row *r)
{
    const char *p = cb->files[r->file].path, *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static const uc_row *must_find(const stitch_costbook *cb, const char *code)
{
    const uc_row *r = costbook_lookup(cb, code);
    cr_assert_not_null(r, "'%s' is not in the unit-cost tables", code);
    return r;
}

Test(library, every_table_loads_with_no_warning)
{
    stitch_costbook *cb = load_all();
    const char *want[] = {"uk-pssru-2024.csv", "scotland.csv", "gmca-ucd-1.4.csv"};
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        int found = 0;
        for (size_t i = 0; i < cb->n_files; i++) {
            const char *p = cb->files[i].path, *s = strrchr(p, '/');
            found |= strcmp(s ? s + 1 : p, want[k]) == 0;
        }
        cr_expect(found, "unitcosts/%s is missing", want[k]);
    }
    char buf[2048];
    for (size_t i = 0; i < cb->warnings.n; i++)
        cr_expect_fail(
            "%s", stitch_diag_format(&cb->warnings.v[i], "warning: ", buf, sizeof buf));
    cr_assert_eq(
        cb->warnings.n, 0,
        "%zu warning(s) loading all tables together (a code defined in two tables?)",
        cb->warnings.n);
    stitch_costbook_free(cb);
}

Test(library, at_least_60_rows)
{
    stitch_costbook *cb = load_all();
    cr_assert_geq(cb->n_rows, 60, "the tables hold %zu rows; at least 60 are expected",
                  cb->n_rows);
    stitch_costbook_free(cb);
}

/* Codes are what models write: snake_case ASCII, starting with a letter. */
static int snake_case(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

Test(library, every_row_has_a_source_and_a_cost)
{
    stitch_costbook *cb = load_all();
    for (size_t i = 0; i < cb->n_rows; i++) {
        const uc_row *r = &cb->rows[i];
        const char *t = table_of(cb, r);
        cr_expect(r->source && *r->source, "%s row %d (%s): the source is empty", t,
                  r->row, r->code);
        cr_expect(isfinite(r->cost) && r->cost >= 0,
                  "%s row %d (%s): the cost %g is not a number of 0 or more", t, r->row,
                  r->code, r->cost);
        cr_expect(r->cashable >= 0 && r->cashable <= 1,
                  "%s row %d (%s): cashable %g is not a share between 0 and 1", t, r->row,
                  r->code, r->cashable);
        cr_expect(snake_case(r->code), "%s row %d: the code '%s' is not snake_case ASCII",
                  t, r->row, r->code);
        cr_expect(*r->nation, "%s row %d (%s): the nation is empty", t, r->row, r->code);
    }
    stitch_costbook_free(cb);
}

/* Each table's own provenance convention (unitcosts/README.md). */
Test(library, every_row_says_how_its_figure_was_seen)
{
    stitch_costbook *cb = load_all();
    for (size_t i = 0; i < cb->n_rows; i++) {
        const uc_row *r = &cb->rows[i];
        const char *t = table_of(cb, r), *notes = r->notes ? r->notes : "";
        if (strcmp(t, "uk-pssru-2024.csv") == 0) {
            cr_expect(
                strstr(r->source, "Unit Costs of Health and Social Care 2024") &&
                    (strstr(r->source, "Table ") || strstr(r->source, "Section ")) &&
                    strstr(r->source, "p."),
                "%s row %d (%s): the source must name the 2024 manual, its table (or "
                "section) and page",
                t, r->row, r->code);
            cr_expect(strstr(notes, "status primary-read"),
                      "%s row %d (%s): the notes do not say 'status primary-read'", t,
                      r->row, r->code);
        } else if (strcmp(t, "scotland.csv") == 0) {
            cr_expect(strncmp(notes, "secondary source", 16) == 0,
                      "%s row %d (%s): the notes do not start with 'secondary source'", t,
                      r->row, r->code);
        } else if (strcmp(t, "gmca-ucd-1.4.csv") == 0) {
            cr_expect(strstr(r->source, "Unit Cost Database v1.4") &&
                          strstr(r->source, "entry ") &&
                          strstr(r->source, "Government Outcomes Lab"),
                      "%s row %d (%s): the source must name the GMCA database, the entry "
                      "and the Government Outcomes Lab",
                      t, r->row, r->code);
            cr_expect(strncmp(r->code, "gmca_", 5) == 0,
                      "%s row %d: the code '%s' does not start with gmca_", t, r->row,
                      r->code);
        }
    }
    stitch_costbook_free(cb);
}

/* Every price year is in indices.csv, except where the row's notes say it
 * is not (no sourced index value exists for that year); the England PSSRU
 * table has no such exception. A note that claims a missing year which the
 * index does have is wrong too. */
Test(library, every_price_year_is_in_the_index)
{
    stitch_costbook *cb = load_all();
    for (size_t i = 0; i < cb->n_rows; i++) {
        const uc_row *r = &cb->rows[i];
        const char *t = table_of(cb, r);
        int in_index = !isnan(costbook_index(cb, r->price_year));
        int says_not = r->notes && strstr(r->notes, NO_INDEX);
        if (strcmp(t, "uk-pssru-2024.csv") == 0)
            cr_expect(in_index, "%s row %d (%s): price year %s is not in indices.csv", t,
                      r->row, r->code, r->price_year);
        else if (!in_index)
            cr_expect(
                says_not,
                "%s row %d (%s): price year %s is not in indices.csv, and the notes "
                "do not say '" NO_INDEX "'",
                t, r->row, r->code, r->price_year);
        if (in_index)
            cr_expect(!says_not,
                      "%s row %d (%s): the notes say '" NO_INDEX "', but %s is there", t,
                      r->row, r->code, r->price_year);
    }
    stitch_costbook_free(cb);
}

/* indices.csv is the NHSCII pay & prices chain, 2014/15 = 100, with each
 * year's % from UCHSC 2024 Table 12.1.1 p.109 (unitcost_facts.md §3). */
Test(library, index_is_the_nhscii_chain)
{
    stitch_costbook *cb = load_all();
    static const struct {
        const char *year;
        double pct;
    } chain[] = {{"2015/16", 0.40}, {"2016/17", 2.09}, {"2017/18", 1.24},
                 {"2018/19", 1.60}, {"2019/20", 2.14}, {"2020/21", 2.49},
                 {"2021/22", 2.58}, {"2022/23", 7.32}, {"2023/24", 4.31}};
    cr_assert_float_eq(costbook_index(cb, "2014/15"), 100.0, 1e-12,
                       "indices.csv: 2014/15 must be 100 (the base of the chain)");
    double v = 100.0;
    for (size_t k = 0; k < sizeof chain / sizeof *chain; k++) {
        v *= 1 + chain[k].pct / 100;
        double got = costbook_index(cb, chain[k].year);
        cr_expect(fabs(got - v) < 5e-5,
                  "indices.csv: %s is %.4f; the chain (+%.2f%% on the year before) gives "
                  "%.4f",
                  chain[k].year, got, chain[k].pct, v);
    }
    for (size_t i = 0; i < cb->n_idx; i++)
        cr_expect(strstr(cb->idx[i].source, "Table 12.1.1"),
                  "indices.csv: %s does not cite Table 12.1.1 in its source",
                  cb->idx[i].year);
    stitch_costbook_free(cb);
}

/* Models, tests and docs use these codes: each must still be there. */
Test(library, existing_codes_are_kept)
{
    static const char *const codes[] = {"gp_surgery_consultation",
                                        "gp_patient_contact_hour",
                                        "practice_nurse_hour",
                                        "gp_telephone_triage",
                                        "nurse_telephone_triage",
                                        "e_consultation",
                                        "district_nurse_contact",
                                        "district_nurse_contact_non_f2f",
                                        "community_matron_contact",
                                        "community_ot_contact",
                                        "community_physio_contact",
                                        "intermediate_care_crisis_contact",
                                        "community_nurse_band6_hour",
                                        "community_mh_contact",
                                        "crisis_team_contact",
                                        "talking_therapies_contact",
                                        "ae_attendance",
                                        "nel_short_stay",
                                        "nel_long_stay",
                                        "outpatient_consultant",
                                        "ambulance_hear_treat",
                                        "ambulance_see_treat",
                                        "ambulance_see_convey",
                                        "social_worker_hour",
                                        "social_work_assistant_hour",
                                        "la_ot_hour",
                                        "home_care_hour",
                                        "support_worker_hour",
                                        "reablement_case",
                                        "reablement_functional_case",
                                        "nursing_home_week",
                                        "residential_home_week",
                                        "la_residential_home_week",
                                        "la_funded_nursing_placement_week",
                                        "la_funded_residential_placement_week",
                                        "day_care_attendance",
                                        "social_prescribing_referral",
                                        "scot_inpatient_night",
                                        "scot_inpatient_case",
                                        "scot_day_case",
                                        "scot_outpatient_consultant",
                                        "scot_ae_attendance",
                                        "scot_delayed_discharge_bed_day",
                                        "scot_hospital_bed_day",
                                        "scot_care_home_week",
                                        "scot_nhs24_contact",
                                        "scot_gp_ooh_consultation"};
    stitch_costbook *cb = load_all();
    for (size_t k = 0; k < sizeof codes / sizeof *codes; k++)
        cr_expect_not_null(costbook_lookup(cb, codes[k]),
                           "'%s' was in the tables and is gone (models use it)",
                           codes[k]);
    stitch_costbook_free(cb);
}

/* The engine takes a staff group's working year from the first row giving
 * one, so rows of the same group must agree. */
Test(library, a_staff_group_has_one_working_year)
{
    stitch_costbook *cb = load_all();
    for (size_t i = 0; i < cb->n_rows; i++)
        for (size_t j = i + 1; j < cb->n_rows; j++) {
            const uc_row *a = &cb->rows[i], *b = &cb->rows[j];
            if (isnan(a->fte_hours) || isnan(b->fte_hours) ||
                strcmp(a->staff_group, b->staff_group) != 0)
                continue;
            cr_expect(a->fte_hours == b->fte_hours,
                      "staff group '%s': %s gives %g working hours a year, %s gives %g",
                      a->staff_group, a->code, a->fte_hours, b->code, b->fte_hours);
        }
    stitch_costbook_free(cb);
}

/* Figures a reader can check in the sources (unitcost_facts.csv). */
Test(library, figures_match_the_facts)
{
    stitch_costbook *cb = load_all();
    const uc_row *r = must_find(cb, "gp_surgery_consultation");
    cr_expect_float_eq(r->cost, 45.0, 1e-12, "gp_surgery_consultation: cost %g, not £45",
                       r->cost);
    cr_expect_str_eq(r->price_year, "2023/24", "gp_surgery_consultation: price year %s",
                     r->price_year);
    cr_expect_float_eq(r->minutes, 10.0, 1e-12,
                       "gp_surgery_consultation: %g minutes, not 10", r->minutes);
    cr_expect_float_eq(
        r->fte_hours, 2064.0, 1e-12,
        "gp_surgery_consultation: %g working hours, not 2,064 (48 h x 43 weeks)",
        r->fte_hours);
    cr_expect(strstr(r->source, "Table 9.4.2, p.73"),
              "gp_surgery_consultation: the source does not cite Table 9.4.2, p.73");

    r = must_find(cb, "ae_attendance");
    cr_expect_float_eq(r->cost, 273.0, 1e-12, "ae_attendance: cost %g, not £273",
                       r->cost);
    cr_expect_str_eq(r->price_year, "2023/24", "ae_attendance: price year %s",
                     r->price_year);
    cr_expect(strstr(r->source, "Table 6.1.1, p.43"),
              "ae_attendance: the source does not cite Table 6.1.1, p.43");

    r = must_find(cb, "reablement_case");
    cr_expect_float_eq(r->cost, 1865.0, 1e-12, "reablement_case: cost %g, not £1,865",
                       r->cost);
    cr_expect(r->low == 25 && r->high == 4111,
              "reablement_case: range %g to %g, not 25 to 4,111 (Table 10.7.1)", r->low,
              r->high);

    r = must_find(cb, "scot_delayed_discharge_bed_day");
    cr_expect_float_eq(r->cost, 262.0, 1e-12,
                       "scot_delayed_discharge_bed_day: cost %g, not £262", r->cost);
    cr_expect_str_eq(r->price_year, "2019/20",
                     "scot_delayed_discharge_bed_day: price year %s", r->price_year);

    r = must_find(cb, "gmca_domestic_violence_police");
    cr_expect_float_eq(r->cost, 415.0, 1e-12,
                       "gmca_domestic_violence_police: cost %g, not £415", r->cost);
    cr_expect_str_eq(r->price_year, "2008/09",
                     "gmca_domestic_violence_police: price year %s", r->price_year);
    cr_expect_str_eq(r->payer, "police", "gmca_domestic_violence_police: payer %s",
                     r->payer);
    cr_expect(strstr(r->source, "entry CR2.0.3"),
              "gmca_domestic_violence_police: the source does not cite entry CR2.0.3");
    stitch_costbook_free(cb);
}

/* unitcosts/README.md promises UTF-8 with LF line endings. */
Test(library, files_use_lf_line_endings)
{
    char **tables;
    size_t n = list_files("unitcosts", ".csv", "indices.csv", 1, &tables);
    for (size_t i = 0; i <= n; i++) {
        const char *p = i < n ? tables[i] : src_path("unitcosts/indices.csv");
        char *text = slurp_file(p);
        cr_assert_not_null(text, "cannot read %s", p);
        cr_expect_null(strchr(text, '\r'), "%s has CR (Windows) line endings", p);
        free(text);
    }
    free_files(tables, n);
}

/* ---- text encoding (issue 11): one validator, one converter ---------------- */

/* Sequences at the edges of RFC 3629, each with the length stitch must give. */
Test(encoding, utf8_len_follows_rfc_3629)
{
    static const struct {
        const char *s;
        size_t len;
    } cases[] = {
        {"a", 1},
        {"\x7F", 1},
        {"\xC2\xA3", 2},         /* £ */
        {"\xDF\xBF", 2},         /* U+07FF */
        {"\xC0\xAF", 0},         /* overlong '/' */
        {"\xC1\xBF", 0},         /* overlong U+007F */
        {"\xC2", 0},             /* cut off by the end of the string */
        {"\xC2\x41", 0},         /* no continuation byte */
        {"\xE0\xA0\x80", 3},     /* U+0800 */
        {"\xE0\x9F\xBF", 0},     /* overlong U+07FF */
        {"\xE2\x80\x9C", 3},     /* U+201C left double quotation mark */
        {"\xED\x9F\xBF", 3},     /* U+D7FF */
        {"\xED\xA0\x80", 0},     /* surrogate U+D800 */
        {"\xEF\xBF\xBD", 3},     /* U+FFFD */
        {"\xE2\x80", 0},         /* cut off */
        {"\xF0\x90\x80\x80", 4}, /* U+10000 */
        {"\xF0\x8F\xBF\xBF", 0}, /* overlong U+FFFF */
        {"\xF4\x8F\xBF\xBF", 4}, /* U+10FFFF */
        {"\xF4\x90\x80\x80", 0}, /* above U+10FFFF */
        {"\xF5\x80\x80\x80", 0}, /* no such lead byte */
        {"\xA3", 0},             /* a lone continuation byte (Windows-1252 £) */
        {"\xFF", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cr_expect_eq(text_utf8_len(cases[i].s), cases[i].len,
                     "case %zu: length %zu, expected %zu", i, text_utf8_len(cases[i].s),
                     cases[i].len);
        int valid = cases[i].len == strlen(cases[i].s);
        cr_expect_eq(text_utf8_valid(cases[i].s), valid, "case %zu", i);
        cr_expect_eq(valid_utf8(cases[i].s, strlen(cases[i].s)), valid,
                     "case %zu: the test disagrees with iconv", i);
    }
}

/* Every byte 0x01-0xFF converts as glibc's iconv converts WINDOWS-1252, and
 * the five bytes it leaves undefined are refused with their line. */
Test(encoding, windows_1252_matches_iconv)
{
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    cr_assert(cd != (iconv_t)-1);
    int undefined = 0;
    for (int b = 1; b < 256; b++) {
        char in[] = {'a', '\n', 'b', (char)b, 'c', '\0'}, want[16], *ip = in, *op = want;
        size_t il = 5, ol = sizeof want;
        int ok = iconv(cd, &ip, &il, &op, &ol) != (size_t)-1;
        iconv(cd, NULL, NULL, NULL, NULL);
        *op = '\0';
        unsigned char bad = 1;
        int line = -1;
        char *got = text_cp1252_to_utf8(in, &bad, &line);
        if (ok) {
            cr_expect_not_null(got, "0x%02X was refused", b);
            if (got)
                cr_expect_str_eq(got, want, "0x%02X", b);
            cr_expect(bad == 0 && line == 0);
        } else {
            undefined++;
            cr_expect_null(got, "0x%02X is undefined, but was converted", b);
            cr_expect_eq(bad, b);
            cr_expect_eq(line, 2, "0x%02X: line %d, expected 2", b, line);
        }
        free(got);
    }
    iconv_close(cd);
    cr_expect_eq(undefined, 5,
                 "%d undefined bytes, expected 0x81, 0x8D, 0x8F, 0x90, 0x9D", undefined);
    unsigned char bad;
    int line;
    char *s = text_cp1252_to_utf8("\xA3"
                                  "926.40 \x93quoted\x94",
                                  &bad, &line);
    cr_assert_str_eq(s, "\xC2\xA3"
                        "926.40 \xE2\x80\x9Cquoted\xE2\x80\x9D");
    free(s);
}

Test(encoding, clean_replaces_each_bad_byte)
{
    char *s = text_utf8_repair("caf\xE9 \xC2\xA3"
                               "5 \xED\xA0\x80");
    cr_assert_str_eq(s, "caf\xEF\xBF\xBD \xC2\xA3"
                        "5 \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    free(s);
}

/* Text cut to a buffer's size loses a character it cut in half, and no more. */
Test(encoding, trim_drops_a_character_cut_in_half)
{
    static const char *const cases[][2] = {
        {"abc\xC3", "abc"},
        {"abc\xE2\x80", "abc"},
        {"\xF0\x9F\x98", ""},
        {"abc\xC3\xA9", "abc\xC3\xA9"},
        {"ab\xE2\x80\x9C", "ab\xE2\x80\x9C"},
        {"abc", "abc"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "%s", cases[i][0]);
        text_utf8_trim(buf);
        cr_expect_str_eq(buf, cases[i][1], "case %zu", i);
    }
}

/* ---- tables as Excel saves them (issue 11) ---------------------------------- */

#define HEADER                                                                           \
    "code,service,unit,cost,price_year,minutes,staff_group,payer,cashable,nation,"       \
    "source\r\n"

/* A new folder under /tmp holding `table.csv` with `text`; static buffer. */
static const char *write_table(const char *text)
{
    static char dir[64], path[128];
    snprintf(dir, sizeof dir, "/tmp/stitch-uc-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/table.csv", dir);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void remove_table(const char *path)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    cr_assert_eq(remove(path), 0);
    cr_assert_eq(remove(dir), 0);
}

/* The table `text` loaded alone (no index); NULL with *msg the error. */
static stitch_costbook *load_text(const char *text, char *msg, size_t n, char **path)
{
    *path = xstrdup(write_table(text));
    const char *tables[] = {*path};
    stitch_diag err;
    stitch_costbook *cb = stitch_costbook_load(tables, 1, NULL, &err);
    if (!cb)
        stitch_diag_format(&err, "", msg, n);
    return cb;
}

/* What UK Excel's "CSV (Comma delimited)" writes: Windows-1252, CRLF. The
 * text arrives as UTF-8, with one warning naming the file. */
Test(excel, windows_1252_table_is_converted_with_one_warning)
{
    char msg[2048], *path;
    stitch_costbook *cb = load_text(
        HEADER
        "gp,GP \x93same day\x94 visit,per visit,45,2023/24,10,GP,NHS,0,Scotland,"
        "\"PSSRU 2024 (\xA3"
        "45 a visit), caf\xE9 \x80 \x9F\"\r\n"
        "nurse,Nurse visit \x96 home,per visit,12.5,2023/24,15,Nurse,NHS,0,Scotland,"
        "\xABPSSRU\xBB\r\n",
        msg, sizeof msg, &path);
    cr_assert_not_null(cb, "%s", msg);
    cr_assert_eq(cb->n_rows, 2);
    cr_expect_str_eq(cb->rows[0].service, "GP \xE2\x80\x9Csame day\xE2\x80\x9D visit");
    cr_expect_str_eq(cb->rows[0].source, "PSSRU 2024 (\xC2\xA3"
                                         "45 a visit), caf\xC3\xA9 "
                                         "\xE2\x82\xAC \xC5\xB8");
    cr_expect_str_eq(cb->rows[1].service, "Nurse visit \xE2\x80\x93 home");
    cr_expect_str_eq(cb->rows[1].source, "\xC2\xABPSSRU\xC2\xBB");
    cr_expect_eq(cb->rows[1].row, 3);
    cr_assert_eq(cb->warnings.n, 1);
    char want[512];
    snprintf(want, sizeof want,
             "stitch: warning: %s: not UTF-8: read as Windows-1252; save as 'CSV UTF-8' "
             "to silence this",
             path);
    cr_expect_str_eq(stitch_diag_format(&cb->warnings.v[0], "warning: ", msg, sizeof msg),
                     want);
    stitch_costbook_free(cb);
    remove_table(path);
    free(path);
}

/* Line numbers stay right after the conversion: an error on line 3. */
Test(excel, windows_1252_errors_keep_their_line)
{
    char msg[2048], *path;
    stitch_costbook *cb = load_text(
        HEADER
        "gp,GP \x93visit\x94,per visit,45,2023/24,10,GP,NHS,0,Scotland,PSSRU\r\n"
        "nurse,Nurse \x93visit\x94,per visit,12.5,2023/24,15,Nurse,NHS,1.5,Scotland,"
        "PSSRU\r\n",
        msg, sizeof msg, &path);
    cr_assert_null(cb);
    char want[512];
    snprintf(want, sizeof want,
             "stitch: %s:3: cashable: 1.5 is not a share between 0 and 1", path);
    cr_expect_str_eq(msg, want);
    remove_table(path);
    free(path);
}

/* Valid UTF-8 is used as it is, with or without a byte-order mark, and
 * gives no warning. */
Test(excel, utf8_table_is_kept_as_it_is)
{
    for (int bom = 0; bom < 2; bom++) {
        char msg[2048], *path, text[1024];
        snprintf(text, sizeof text,
                 "%s" HEADER
                 "gp,GP \xE2\x80\x9Cvisit\xE2\x80\x9D,per visit,45,2023/24,10,GP,NHS,0,"
                 "Scotland,\"PSSRU, \xC2\xA3"
                 "45\"\r\n",
                 bom ? "\xEF\xBB\xBF" : "");
        stitch_costbook *cb = load_text(text, msg, sizeof msg, &path);
        cr_assert_not_null(cb, "%s", msg);
        cr_expect_str_eq(cb->rows[0].service, "GP \xE2\x80\x9Cvisit\xE2\x80\x9D");
        cr_expect_str_eq(cb->rows[0].source, "PSSRU, \xC2\xA3"
                                             "45");
        cr_expect_eq(cb->warnings.n, 0);
        stitch_costbook_free(cb);
        remove_table(path);
        free(path);
    }
}

/* Rows left as bare commas after deleting rows in Excel, at the end of the
 * table (also of the index), are not rows of the table. */
Test(excel, trailing_empty_rows_are_ignored)
{
    char msg[2048], *path;
    stitch_costbook *cb =
        load_text(HEADER "gp,GP visit,per visit,45,2023/24,10,GP,NHS,0,Scotland,PSSRU\r\n"
                         ",,,,,,,,,,\r\n"
                         ",,,,,,,,,,\r\n"
                         ",\"\",,, ,,,,,,\r\n",
                  msg, sizeof msg, &path);
    cr_assert_not_null(cb, "%s", msg);
    cr_expect_eq(cb->n_rows, 1);
    cr_expect_eq(cb->rows[0].cost, 45);
    cr_expect_eq(cb->warnings.n, 0);
    stitch_costbook_free(cb);
    remove_table(path);
    free(path);
    char *idx = xstrdup(write_table("price_year,index,source\r\n2022/23,120.5,NHSCII\r\n"
                                    "2023/24,125.0,NHSCII\r\n,,\r\n,,\r\n"));
    cb = load_text(HEADER
                   "gp,GP visit,per visit,45,2023/24,10,GP,NHS,0,Scotland,PSSRU\r\n",
                   msg, sizeof msg, &path);
    cr_assert_not_null(cb, "%s", msg);
    stitch_costbook_free(cb);
    const char *tables[] = {path};
    stitch_diag err;
    cb = stitch_costbook_load(tables, 1, idx, &err);
    cr_assert_not_null(cb, "%s", stitch_diag_format(&err, "", msg, sizeof msg));
    cr_expect_eq(cb->n_idx, 2);
    stitch_costbook_free(cb);
    remove_table(path), remove_table(idx);
    free(path), free(idx);
}

/* An empty row with rows after it is not what Excel leaves at the end: it
 * is refused with a plain message, at its line. */
Test(excel, an_empty_row_between_rows_is_refused)
{
    char msg[2048], *path;
    stitch_costbook *cb = load_text(
        HEADER
        "gp,GP visit,per visit,45,2023/24,10,GP,NHS,0,Scotland,PSSRU\r\n"
        ",,,,,,,,,,\r\n"
        "nurse,Nurse visit,per visit,12.5,2023/24,15,Nurse,NHS,0,Scotland,PSSRU\r\n",
        msg, sizeof msg, &path);
    cr_assert_null(cb);
    char want[512];
    snprintf(want, sizeof want,
             "stitch: %s:3: the row is empty (only commas), but rows follow it: delete "
             "it, or fill it in",
             path);
    cr_expect_str_eq(msg, want);
    remove_table(path);
    free(path);
}

/* A cost as Excel's currency format writes it, and a share as its
 * percentage format writes it, give the number a reader would work out. */
Test(excel, pounds_thousands_and_percentages)
{
    char msg[2048], *path;
    stitch_costbook *cb = load_text(
        HEADER "a,A,per week,\"\xC2\xA3"
               "1,234.50\",2023/24,,,NHS,10%,Scotland,S\r\n"
               "b,B,per week,\"1,234\",2023/24,,,NHS,12.5%,Scotland,S\r\n"
               "c,C,per week,\xC2\xA3"
               "926.40,2023/24,,,NHS,33.3%,Scotland,S\r\n"
               "d,D,per week,\"12,345,678.90\",2023/24,,,NHS,100%,Scotland,S\r\n"
               "e,E,per week,\xC2\xA3"
               "0,2023/24,,,NHS,0%,Scotland,S\r\n"
               "f,F,per week,45,2023/24,,,NHS,0.25,Scotland,S\r\n",
        msg, sizeof msg, &path);
    cr_assert_not_null(cb, "%s", msg);
    cr_assert_eq(cb->n_rows, 6);
    const double cost[] = {1234.50, 1234, 926.40, 12345678.90, 0, 45};
    const double cashable[] = {0.1, 0.125, 0.333, 1, 0, 0.25};
    for (size_t i = 0; i < 6; i++) {
        cr_expect_eq(cb->rows[i].cost, cost[i], "row %zu: cost %.17g, expected %.17g",
                     i + 2, cb->rows[i].cost, cost[i]);
        cr_expect_eq(cb->rows[i].cashable, cashable[i],
                     "row %zu: cashable %.17g, expected %.17g", i + 2,
                     cb->rows[i].cashable, cashable[i]);
    }
    cr_expect_eq(cb->warnings.n, 0);
    stitch_costbook_free(cb);
    remove_table(path);
    free(path);
}

/* The pound sign of a Windows-1252 table (0xA3) is a pound sign too. */
Test(excel, windows_1252_pound_sign_in_a_cost)
{
    char msg[2048], *path;
    stitch_costbook *cb =
        load_text(HEADER "gp,GP,per visit,\xA3"
                         "926.40,2023/24,,,NHS,0,Scotland,\x93PSSRU\x94\r\n",
                  msg, sizeof msg, &path);
    cr_assert_not_null(cb, "%s", msg);
    cr_expect_eq(cb->rows[0].cost, 926.40);
    cr_expect_eq(cb->warnings.n, 1);
    stitch_costbook_free(cb);
    remove_table(path);
    free(path);
}

/* A table kept in Excel's currency format has every money column in it:
 * the range and the wider values take the forms the cost takes. */
Test(excel, money_columns_all_take_the_currency_format)
{
    char msg[2048], *path;
    stitch_costbook *cb = load_text(
        "code,service,unit,cost,price_year,minutes,staff_group,payer,cashable,nation,"
        "source,low,high,economic_value,social_value,fte_hours\r\n"
        "a,A,per week,\"\xC2\xA3"
        "1,234.50\",2023/24,,,NHS,10%,Scotland,S,\"\xC2\xA3"
        "1,000.00\",\"\xC2\xA3"
        "1,500\",\"2,000\",\xC2\xA3"
        "3.25,1650\r\n",
        msg, sizeof msg, &path);
    cr_assert_not_null(cb, "%s", msg);
    cr_expect_eq(cb->rows[0].cost, 1234.5);
    cr_expect_eq(cb->rows[0].low, 1000.0);
    cr_expect_eq(cb->rows[0].high, 1500.0);
    cr_expect_eq(cb->rows[0].economic_value, 2000.0);
    cr_expect_eq(cb->rows[0].social_value, 3.25);
    cr_expect_eq(cb->rows[0].fte_hours, 1650.0);
    stitch_costbook_free(cb);
    remove_table(path);
    free(path);
}

/* What could mean two different numbers is refused, and the Excel forms
 * are taken in cost and cashable only: other columns stay strict. */
Test(excel, ambiguous_and_misplaced_forms_are_refused)
{
    static const struct {
        const char *row, *message;
    } cases[] = {
        {"a,A,u,\"1.234,50\",2023/24,,,NHS,0,S,S",
         "cost: '1.234,50' is ambiguous: a comma in a cost may only separate thousands, "
         "in groups of three digits; write pence after a full stop, such as 1234.50 or "
         "\xC2\xA3"
         "1,234.50"},
        {"a,A,u,\"1,23\",2023/24,,,NHS,0,S,S",
         "cost: '1,23' is ambiguous: a comma in a cost may only separate thousands, in "
         "groups of three digits; write pence after a full stop, such as 1234.50 or "
         "\xC2\xA3"
         "1,234.50"},
        {"a,A,u,\"1,2345\",2023/24,,,NHS,0,S,S",
         "cost: '1,2345' is ambiguous: a comma in a cost may only separate thousands, in "
         "groups of three digits; write pence after a full stop, such as 1234.50 or "
         "\xC2\xA3"
         "1,234.50"},
        {"a,A,u,\"1234,5\",2023/24,,,NHS,0,S,S",
         "cost: '1234,5' is ambiguous: a comma in a cost may only separate thousands, in "
         "groups of three digits; write pence after a full stop, such as 1234.50 or "
         "\xC2\xA3"
         "1,234.50"},
        {"a,A,u,\xC2\xA3,2023/24,,,NHS,0,S,S", "cost: '\xC2\xA3' is not a number"},
        {"a,A,u,45\xC2\xA3,2023/24,,,NHS,0,S,S", "cost: '45\xC2\xA3' is not a number"},
        {"a,A,u,\xC2\xA3-5,2023/24,,,NHS,0,S,S",
         "cost: \xC2\xA3-5 is negative; it must be 0 or more"},
        {"a,A,u,10%,2023/24,,,NHS,0,S,S", "cost: '10%' is not a number"},
        {"a,A,u,45,2023/24,,,NHS,150%,S,S",
         "cashable: 150% is not a share between 0% and 100%"},
        {"a,A,u,45,2023/24,,,NHS,-5%,S,S",
         "cashable: -5% is not a share between 0% and 100%"},
        {"a,A,u,45,2023/24,,,NHS,%,S,S", "cashable: '%' is not a number"},
        {"a,A,u,45,2023/24,,,NHS,1e1%,S,S", "cashable: '1e1%' is not a number"},
        {"a,A,u,45,2023/24,,,NHS,10%%,S,S", "cashable: '10%%' is not a number"},
        {"a,A,u,45,2023/24,,,NHS,\xC2\xA3"
         "0,S,S",
         "cashable: '\xC2\xA3"
         "0' is not a number"},
        {"a,A,u,45,2023/24,\"1,000\",GP,NHS,0,S,S", "minutes: '1,000' is not a number"},
        {"a,A,u,45,2023/24,10%,GP,NHS,0,S,S", "minutes: '10%' is not a number"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char msg[2048], text[1024], want[1024], *path;
        snprintf(text, sizeof text, HEADER "%s\r\n", cases[i].row);
        stitch_costbook *cb = load_text(text, msg, sizeof msg, &path);
        cr_expect_null(cb, "case %zu was accepted", i);
        snprintf(want, sizeof want, "stitch: %s:2: %s", path, cases[i].message);
        cr_expect_str_eq(msg, want, "case %zu", i);
        stitch_costbook_free(cb);
        remove_table(path);
        free(path);
    }
}
