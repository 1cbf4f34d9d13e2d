/* test_xlsx.c — the Excel workbook (report_xlsx.c): every example model gives a
 * workbook with ten sheets and two native charts whose Summary holds the base
 * case's numbers, with no NaN anywhere; LibreOffice opens and prints it; and a
 * path in a missing folder is an error naming the path. Reads the workbook
 * with unzip, and prints it with libreoffice (both in scripts/install-test-deps.sh). */
#include "harness.h"
#include "plan.h"
#include "writer.h"
#include "sensitivity.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    stitch_plan *p;
    stitch_result *r;
    stitch_mc_result *mc;
    stitch_sensitivity *sens;
} run;

/* Plan, base case, 2,000 simulations (seed 1, two threads) and every
 * sensitivity table (grid 5, Sobol n 256, seed 1). */
static run build(const char *rel, int uncertainty)
{
    run x = {load_plan(rel), NULL, NULL, NULL};
    x.r = base_case(x.p);
    if (!uncertainty)
        return x;
    stitch_diag err;
    x.mc = stitch_mc_run(x.p, 2000, 1, 2, &err);
    cr_assert_not_null(x.mc, "%s: %s", rel, err.message);
    stitch_sensitivity_options o = {.grid_n = 5, .sobol_n = 256, .seed = 1};
    x.sens = stitch_sensitivity_run(x.p, &o, &err);
    cr_assert_not_null(x.sens, "%s: %s", rel, err.message);
    return x;
}

static void run_free(run *x)
{
    stitch_sensitivity_free(x->sens);
    stitch_mc_free(x->mc);
    stitch_result_free(x->r);
    stitch_plan_free(x->p);
}

/* ---- files and commands -------------------------------------------------------------
 */

/* A new temporary folder under $TMPDIR (or /tmp), as a string the caller frees. */
static char *owned_temp_dir(void)
{
    const char *t = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/stitch-xlsx-XXXXXX", t && *t ? t : "/tmp");
    char *d = mkdtemp(tmpl);
    cr_assert_not_null(d, "cannot make a temporary folder");
    return strdup(d);
}

/* s in single quotes for sh, into buf. */
static const char *sh_quote(char *buf, size_t n, const char *s)
{
    size_t o = 0;
    buf[o++] = '\'';
    for (; *s && o + 5 < n; s++) {
        if (*s == '\'') {
            memcpy(buf + o, "'\\''", 4);
            o += 4;
        } else
            buf[o++] = *s;
    }
    buf[o++] = '\'';
    buf[o] = '\0';
    return buf;
}

static void remove_dir(char *dir)
{
    char q[4200], cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", sh_quote(q, sizeof q, dir));
    cr_expect_eq(system(cmd), 0);
    free(dir);
}

/* Run a shell command and capture its output (NUL-free text); returns the
 * exit status, or -1 when it could not run. */
static int capture(const char *cmd, char **out)
{
    fflush(NULL);
    FILE *f = popen(cmd, "r");
    cr_assert_not_null(f, "cannot run %s", cmd);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) {
            buf = realloc(buf, cap *= 2);
            cr_assert_not_null(buf);
        }
    }
    buf[n] = '\0';
    int status = pclose(f);
    *out = buf;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* One member of the workbook, as text. */
static char *member(const char *xlsx, const char *name)
{
    char q[4200], cmd[4400], *out;
    snprintf(cmd, sizeof cmd, "unzip -p %s %s", sh_quote(q, sizeof q, xlsx), name);
    int rc = capture(cmd, &out);
    cr_assert_eq(rc, 0, "unzip -p %s %s exited %d", xlsx, name, rc);
    return out;
}

/* ---- reading the sheets' XML
 * ------------------------------------------------------------ */

/* The index of the shared string exactly equal to `text`, or -1. */
static long shared_string(const char *sst, const char *text)
{
    long i = 0;
    for (const char *si = strstr(sst, "<si>"); si; si = strstr(si + 4, "<si>"), i++) {
        const char *t = strstr(si, "<t");
        const char *end = strstr(si, "</si>");
        if (!t || !end || t > end)
            continue;
        t = strchr(t, '>') + 1;
        size_t n = strlen(text);
        if (strncmp(t, text, n) == 0 && strncmp(t + n, "</t>", 4) == 0)
            return i;
    }
    return -1;
}

/* The number in column B of the row whose column A holds shared string `idx`. */
static int value_beside(const char *sheet, long idx, double *v)
{
    char needle[64];
    snprintf(needle, sizeof needle, "t=\"s\"><v>%ld</v>", idx);
    for (const char *hit = strstr(sheet, needle); hit; hit = strstr(hit + 1, needle)) {
        const char *c = hit;
        while (c > sheet && strncmp(c, "<c r=\"", 6) != 0)
            c--;
        if (c[6] != 'A')
            continue;
        long row = strtol(c + 7, NULL, 10);
        char cell[32];
        snprintf(cell, sizeof cell, "<c r=\"B%ld\"", row);
        const char *b = strstr(sheet, cell);
        if (!b)
            return -1;
        const char *open_end = strchr(b, '>'), *val = strstr(b, "<v>");
        if (!open_end || !val || val != open_end + 1) /* a number: no t="s" before <v> */
            return -1;
        for (const char *t = b; t < open_end; t++)
            if (strncmp(t, " t=", 3) == 0)
                return -1;
        *v = strtod(val + 3, NULL);
        return 0;
    }
    return -1;
}

/* Pages in a PDF: "/Type /Page" (or "/Type/Page") not followed by "s". */
static long pdf_pages(const char *file)
{
    FILE *f = fopen(file, "rb");
    cr_assert_not_null(f, "no PDF at %s", file);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)size + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    long pages = 0;
    static const char *const pats[] = {"/Type /Page", "/Type/Page"};
    for (size_t k = 0; k < 2; k++) {
        size_t n = strlen(pats[k]);
        for (long i = 0; i + (long)n < size; i++)
            if (memcmp(buf + i, pats[k], n) == 0 && buf[i + (long)n] != 's')
                pages++;
    }
    free(buf);
    return pages;
}

static int contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

/* Every sheet's cell values are numbers or text, never NaN or infinite. */
static void expect_no_nan(const char *xlsx, const char *model)
{
    for (int i = 1; i <= 10; i++) {
        char name[64];
        snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", i);
        char *x = member(xlsx, name);
        static const char *const bad[] = {"<v>nan", "<v>-nan", "<v>inf", "<v>-inf"};
        for (size_t k = 0; k < 4; k++)
            cr_expect(!contains_nocase(x, bad[k]), "%s: %s holds %s", model, name,
                      bad[k]);
        free(x);
    }
}

static char *write_workbook(const char *dir, const char *name, const run *x)
{
    char *path = malloc(4200);
    cr_assert_not_null(path);
    snprintf(path, 4200, "%s/%s.xlsx", dir, name);
    stitch_diag err;
    results_doc *d = results_build(x->p, x->r, x->mc, x->sens);
    cr_assert_not_null(d);
    stitch_status st = report_xlsx_write(path, d, &err);
    results_free(d);
    cr_assert_eq(st, STITCH_OK, "%s: %s", name, err.message);
    return path;
}

/* ---- tests
 * ------------------------------------------------------------------------------ */

Test(xlsx, every_example_model_makes_a_complete_workbook)
{
    char *dir = owned_temp_dir();
    char **paths;
    size_t n_models = list_files("models", ".cfg", NULL, 0, &paths);
    int models = 0;
    for (size_t m = 0; m < n_models; m++) {
        const char *rel = paths[m], *file = rel + strlen("models/");
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(strlen(file) - 4), file);
        run x = build(rel, 1);
        char *xlsx = write_workbook(dir, name, &x);

        char q[4200], cmd[4400], *list;
        snprintf(cmd, sizeof cmd, "unzip -l %s", sh_quote(q, sizeof q, xlsx));
        cr_assert_eq(capture(cmd, &list), 0, "%s: unzip -l failed:\n%s", name, list);
        for (int i = 1; i <= 14; i++) {
            char sheet[64];
            snprintf(sheet, sizeof sheet, "xl/worksheets/sheet%d.xml", i);
            cr_expect(strstr(list, sheet), "%s: no %s in\n%s", name, sheet, list);
        }
        cr_expect(!strstr(list, "xl/worksheets/sheet15.xml"), "%s: more than 14 sheets",
                  name);
        cr_expect(strstr(list, "xl/charts/chart3.xml"), "%s: no cash-flow chart", name);
        cr_expect(strstr(list, "xl/charts/chart1.xml"), "%s: no chart1", name);
        cr_expect(strstr(list, "xl/charts/chart2.xml"), "%s: no chart2", name);
        free(list);

        /* The tornado is a native bar chart with two series; the histogram a
         * column chart. */
        char *c1 = member(xlsx, "xl/charts/chart1.xml");
        char *c2 = member(xlsx, "xl/charts/chart2.xml");
        cr_expect(strstr(c1, "<c:barDir val=\"bar\"/>"), "%s: chart1 is not a bar chart",
                  name);
        const char *s2 = strstr(c1, "<c:ser>");
        cr_expect(s2 && strstr(s2 + 1, "<c:ser>"), "%s: chart1 has fewer than two series",
                  name);
        cr_expect(strstr(c2, "<c:barDir val=\"col\"/>"),
                  "%s: chart2 is not a column chart", name);
        free(c1);
        free(c2);

        /* The Summary's PVB is the base case's, as the same double. */
        char *sst = member(xlsx, "xl/sharedStrings.xml");
        char *s1 = member(xlsx, "xl/worksheets/sheet1.xml");
        long idx = shared_string(sst, "Present value of benefits (PVB)");
        cr_assert_geq(idx, 0, "%s: no PVB label in the shared strings", name);
        double pvb = NAN;
        cr_assert_eq(value_beside(s1, idx, &pvb), 0, "%s: no number beside the PVB label",
                     name);
        cr_expect(fabs(pvb - x.r->pvb) <= 1e-9 * fabs(x.r->pvb),
                  "%s: PVB %.17g, want %.17g", name, pvb, x.r->pvb);
        cr_expect(strstr(s1, "<pane ") && strstr(s1, "state=\"frozen\""),
                  "%s: Summary has no frozen header", name);
        free(sst);
        free(s1);

        expect_no_nan(xlsx, name);
        free(xlsx);
        run_free(&x);
        models++;
    }
    free_files(paths, n_models);
    cr_expect_geq(models, 5, "only %d models in models/", models);
    remove_dir(dir);
}

/* LibreOffice is slow (5 to 10 s a file, more on its first start), so only one. */
Test(xlsx, befriending_workbook_prints_to_pdf, .timeout = 600)
{
    char *dir = owned_temp_dir();
    run x = build("models/befriending.cfg", 1);
    char *xlsx = write_workbook(dir, "befriending", &x);
    char qd[4200], qx[4200], qp[4300], cmd[13000], profile[4300], *out;
    /* A profile of its own, so that no other LibreOffice can get in the way. */
    snprintf(profile, sizeof profile, "-env:UserInstallation=file://%s/profile", dir);
    snprintf(cmd, sizeof cmd,
             "libreoffice %s --headless --convert-to pdf --outdir %s %s </dev/null 2>&1",
             sh_quote(qp, sizeof qp, profile), sh_quote(qd, sizeof qd, dir),
             sh_quote(qx, sizeof qx, xlsx));
    int rc = capture(cmd, &out);
    cr_assert_eq(rc, 0, "libreoffice exited %d:\n%s", rc, out);
    free(out);
    char pdf[4300];
    snprintf(pdf, sizeof pdf, "%s/befriending.pdf", dir);
    struct stat st;
    cr_assert_eq(stat(pdf, &st), 0, "libreoffice made no %s", pdf);
    long pages = pdf_pages(pdf);
    cr_expect_geq(pages, 14, "%ld pages, want at least 14 (one a sheet)", pages);
    free(xlsx);
    run_free(&x);
    remove_dir(dir);
}

Test(xlsx, a_missing_folder_is_an_error_naming_the_path)
{
    char *dir = owned_temp_dir();
    run x = build("models/befriending.cfg", 0);
    char path[4300], buf[2048];
    snprintf(path, sizeof path, "%s/no-such-folder/case.xlsx", dir);
    stitch_diag err;
    results_doc *d = results_build(x.p, x.r, NULL, NULL);
    cr_assert_not_null(d);
    stitch_status st = report_xlsx_write(path, d, &err);
    results_free(d);
    cr_assert_eq(st, STITCH_EIO);
    stitch_diag_format(&err, "", buf, sizeof buf);
    cr_expect(strstr(buf, path), "the message does not name %s: %s", path, buf);
    cr_expect(strstr(buf, "cannot write the workbook: "), "%s", buf);
    struct stat sb;
    cr_expect_neq(stat(path, &sb), 0);
    run_free(&x);
    remove_dir(dir);
}

/* Without a simulation or sensitivity tables every sheet is still there, and
 * says what was not run; there is nothing to chart. */
Test(xlsx, base_case_alone_says_not_run)
{
    char *dir = owned_temp_dir();
    run x = build("models/befriending.cfg", 0);
    char *xlsx = write_workbook(dir, "base", &x);
    char q[4200], cmd[4400], *list;
    snprintf(cmd, sizeof cmd, "unzip -l %s", sh_quote(q, sizeof q, xlsx));
    cr_assert_eq(capture(cmd, &list), 0);
    cr_expect(strstr(list, "xl/worksheets/sheet13.xml"));
    /* only the cash flow's chart: it needs the base case alone */
    cr_expect(strstr(list, "xl/charts/chart1.xml"), "no cash-flow chart:\n%s", list);
    cr_expect(!strstr(list, "xl/charts/chart2.xml"), "charts without data:\n%s", list);
    free(list);
    char *sst = member(xlsx, "xl/sharedStrings.xml");
    cr_expect(strstr(sst, "Monte Carlo simulation not run"));
    cr_expect(strstr(sst, "Sensitivity analysis not run"));
    cr_expect_geq(shared_string(sst, "not run"), 0);
    free(sst);
    expect_no_nan(xlsx, "base");
    free(xlsx);
    run_free(&x);
    remove_dir(dir);
}

/* A model without costs: the BCR is not defined, and says so as text. */
Test(xlsx, an_undefined_bcr_is_text_not_nan)
{
    char *dir = owned_temp_dir();
    run x = build("tests/data/zero-cost.cfg", 1);
    cr_assert(isnan(x.r->bcr));
    char *xlsx = write_workbook(dir, "zero", &x);
    char *sst = member(xlsx, "xl/sharedStrings.xml");
    cr_expect_geq(shared_string(sst, "not defined"), 0);
    free(sst);
    expect_no_nan(xlsx, "zero-cost");
    free(xlsx);
    run_free(&x);
    remove_dir(dir);
}

/* Text from a model is written as text: quotes and markup escaped, UTF-8 kept,
 * and bytes that are not UTF-8 replaced so the XML stays well formed. */
Test(xlsx, model_text_is_escaped)
{
    char *dir = owned_temp_dir();
    run x = build("models/befriending.cfg", 0);
    free(x.p->name);
    x.p->name = strdup("Café \"Ceòl\" <b>&amp; 'co' \xff\xfe end");
    char *xlsx = write_workbook(dir, "text", &x);
    char *sst = member(xlsx, "xl/sharedStrings.xml");
    cr_expect(
        strstr(sst, "Café &quot;Ceòl&quot; &lt;b&gt;&amp;amp; 'co' "
                    "\xEF\xBF\xBD\xEF\xBF\xBD end") ||
            strstr(sst,
                   "Café \"Ceòl\" &lt;b&gt;&amp;amp; 'co' \xEF\xBF\xBD\xEF\xBF\xBD end"),
        "the name is not in the shared strings as expected");
    cr_expect(!strchr(sst, '\xff'));
    free(sst);
    free(xlsx);
    run_free(&x);
    remove_dir(dir);
}

/* ---- the Cash flow sheet: formulas with stitch's values ---------------------------- */

/* Cell `ref` ("K5") of a sheet: its formula (without "=", "" for a plain
 * number) and its value. 0, or -1 when the cell holds no number. */
static int cell_at(const char *sheet, const char *ref, char *formula, size_t n, double *v)
{
    char open[32];
    snprintf(open, sizeof open, "<c r=\"%s\"", ref);
    const char *c = strstr(sheet, open), *end = c ? strstr(c, "</c>") : NULL;
    if (!c || !end)
        return -1;
    const char *f = strstr(c, "<f>"), *val = strstr(c, "<v>");
    formula[0] = '\0';
    if (f && f < end)
        snprintf(formula, n, "%.*s", (int)(strcspn(f + 3, "<")), f + 3);
    if (!val || val > end)
        return -1;
    for (const char *t = c; t < val; t++)
        if (strncmp(t, " t=\"s\"", 6) == 0 || strncmp(t, " t=\"str\"", 8) == 0)
            return -1;
    *v = strtod(val + 3, NULL);
    return 0;
}

static double cell_num(const char *sheet, const char *ref, char *formula, size_t n)
{
    double v = NAN;
    cr_assert_eq(cell_at(sheet, ref, formula, n, &v), 0, "no number in %s", ref);
    return v;
}

/* A column letter: 0 is A. */
static char col(size_t c)
{
    return (char)('A' + c);
}

/*
 * The Cash flow sheet (sheet 12) of falls-prevention, whose health benefit
 * has its own schedule ("green-book-health", 1.5%), and of hand case D (a
 * benefit at 25%): the discount factors are formulas over the rate column
 * of their schedule, and recomputing the case from the sheet's own numbers
 * (costs, benefits by schedule, rates) gives stitch's PVC, PVB and NPV to
 * the penny; every formula's cached value is stitch's own to the penny.
 */
Test(xlsx, cash_flow_sheet_recomputes_the_case)
{
    const char *models[] = {"models/falls-prevention.cfg", "tests/data/hand/d.cfg"};
    char *dir = owned_temp_dir();
    for (size_t m = 0; m < 2; m++) {
        run x = build(models[m], 0);
        const stitch_plan *p = x.p;
        char *xlsx = write_workbook(dir, m ? "d" : "falls", &x);
        char *sheet = member(xlsx, "xl/worksheets/sheet12.xml");
        char ref[16], f[256];
        size_t ns = p->n_sched, cb = 2 + 3 * ns;
        cr_assert_eq(ns, 2, "%s: a benefit at its own rate", models[m]);
        double pvc = 0, pvb = 0, cum = 0, df[8] = {1, 1, 1, 1, 1, 1, 1, 1};
        for (int t = 0; t < p->years; t++) {
            int row = 5 + t;
            snprintf(ref, sizeof ref, "B%d", row);
            double cost = cell_num(sheet, ref, f, sizeof f), ben = 0, dben = 0;
            cr_expect_str_eq(f, "");
            for (size_t s = 0; s < ns; s++) {
                size_t c0 = 2 + 3 * s;
                if (t > 0) {
                    snprintf(ref, sizeof ref, "%c%d", col(c0), row);
                    df[s] /= 1 + cell_num(sheet, ref, f, sizeof f);
                }
                snprintf(ref, sizeof ref, "%c%d", col(c0 + 1), row);
                double cached = cell_num(sheet, ref, f, sizeof f);
                char want[64];
                if (t > 0)
                    snprintf(want, sizeof want, "%c%d/(1+%c%d)", col(c0 + 1), row - 1,
                             col(c0), row);
                else
                    snprintf(want, sizeof want, "1");
                cr_expect_str_eq(f, want, "%s %s", models[m], ref);
                cr_expect_float_eq(cached, df[s], 1e-12, "%s %s", models[m], ref);
                cr_expect_float_eq(cached, plan_df(p, s, t), 1e-12, "%s %s", models[m],
                                   ref);
                snprintf(ref, sizeof ref, "%c%d", col(c0 + 2), row);
                double b = cell_num(sheet, ref, f, sizeof f);
                ben += b, dben += b * df[s];
            }
            pvc += cost * df[0], pvb += dben, cum += dben - cost * df[0];
            /* the row's formulas hold stitch's figures to the penny */
            const double want[] = {ben, ben - cost, cost * df[0], dben, dben - cost * df[0],
                                   cum};
            const double own[] = {x.r->year_kind[4 * t] + x.r->year_kind[4 * t + 1] +
                                      x.r->year_kind[4 * t + 2] + x.r->year_kind[4 * t + 3],
                                  0, x.r->year_cost[t], x.r->year_benefit[t], 0, 0};
            for (size_t i = 0; i < 6; i++) {
                snprintf(ref, sizeof ref, "%c%d", col(cb + i), row);
                double v = cell_num(sheet, ref, f, sizeof f);
                cr_expect(f[0], "%s %s: not a formula", models[m], ref);
                cr_expect(fabs(v - want[i]) < 0.005, "%s %s: %.4f, recomputed %.4f",
                          models[m], ref, v, want[i]);
                if (own[i] != 0)
                    cr_expect(fabs(v - own[i]) < 0.005, "%s %s: %.4f, stitch %.4f",
                              models[m], ref, v, own[i]);
            }
        }
        cr_expect(fabs(pvc - x.r->pvc) < 0.005, "%s: PVC %.4f from the sheet, %.4f",
                  models[m], pvc, x.r->pvc);
        cr_expect(fabs(pvb - x.r->pvb) < 0.005, "%s: PVB %.4f from the sheet, %.4f",
                  models[m], pvb, x.r->pvb);
        /* the totals under the years: PVC, PVB, NPV, BCR, the cash ask */
        int total = 5 + p->years + 1;
        const double totals[] = {x.r->pvc, x.r->pvb, x.r->npv, x.r->bcr};
        for (int i = 0; i < 4; i++) {
            snprintf(ref, sizeof ref, "%c%d", col(cb + 2), total + i);
            double v = cell_num(sheet, ref, f, sizeof f);
            cr_expect(f[0], "%s %s: not a formula", models[m], ref);
            cr_expect(fabs(v - totals[i]) < 0.005, "%s %s: %.4f, stitch %.4f", models[m],
                      ref, v, totals[i]);
        }
        snprintf(ref, sizeof ref, "%c%d", col(cb + 2), total + 2);
        cell_num(sheet, ref, f, sizeof f);
        char want[64];
        snprintf(want, sizeof want, "%c%d-%c%d", col(cb + 2), total + 1, col(cb + 2), total);
        cr_expect_str_eq(f, want, "%s: the NPV is PVB - PVC", models[m]);
        free(sheet);
        free(xlsx);
        run_free(&x);
    }
    remove_dir(dir);
}
