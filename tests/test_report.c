/* test_report.c — `stitch report -o FILE`: every format from every example
 * model, the HTML's figures against the JSON report, the page in a real
 * browser, and safe writing (no half-written report, the old one kept). */
#include "harness.h"
#include "plan.h"
#include "report.h"
#include "writer.h"
#include "cli.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Files in dir, as a count. */
static int files_in(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
    closedir(d);
    return n;
}

/* Every file in folder dir, in name order, as one text: each name on a line
 * of its own, then its bytes. NULL when dir is not a readable folder. */
static char *folder_text(const char *dir)
{
    struct dirent **v;
    int n = scandir(dir, &v, NULL, alphasort);
    if (n < 0)
        return NULL;
    size_t len = 0, cap = 1;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    text[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(v[i]->d_name, ".") && strcmp(v[i]->d_name, "..")) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, v[i]->d_name);
            char *body = slurp_file(path);
            cr_assert_not_null(body, "cannot read %s", path);
            size_t add = strlen(v[i]->d_name) + strlen(body) + 2;
            text = realloc(text, cap += add);
            cr_assert_not_null(text);
            len += (size_t)sprintf(text + len, "%s\n%s\n", v[i]->d_name, body);
            free(body);
        }
        free(v[i]);
    }
    free(v);
    return text;
}

static int report(const char *model, const char *out, char **o, char **e)
{
    const char *args[] = {"report", model,     "-o",  out, "--iterations",
                          "2000",   "--sobol", "256", NULL};
    return run_stitch(src_path(""), args, o, e);
}

/* Every format from every example model. */
Test(report, every_format_from_every_model, .timeout = 300)
{
    char **models, *dir = temp_dir();
    size_t n_models = list_files("models", ".cfg", NULL, 0, &models);
    const char *exts[] = {"html", "md", "json", "csv", "xlsx"};
    for (size_t i = 0; i < n_models; i++) {
        const char *model = models[i], *name = model + strlen("models/");
        for (size_t k = 0; k < 5; k++) {
            char out[512], *o, *er;
            snprintf(out, sizeof out, "%s/%.*s.%s", dir, (int)(strlen(name) - 4), name,
                     exts[k]);
            cr_assert_eq(report(model, out, &o, &er), 0, "%s -> %s: %s", model, out, er);
            char want[600];
            snprintf(want, sizeof want, "Wrote %s\n", out);
            cr_assert_str_eq(o, want);
            struct stat st;
            cr_assert_eq(stat(out, &st), 0, "%s missing", out);
            if (k == 3) {
                cr_assert(S_ISDIR(st.st_mode));
                const char *tables[] = {"summary", "tornado",  "switching",   "scenarios",
                                        "horizon", "discount", "attribution", "sobol"};
                for (size_t t = 0; t < 8; t++) {
                    char f[700];
                    snprintf(f, sizeof f, "%s/%s.csv", out, tables[t]);
                    cr_assert_eq(stat(f, &st), 0, "%s missing", f);
                }
            } else
                cr_assert(S_ISREG(st.st_mode) && st.st_size > 100, "%s is empty", out);
            if (k == 0 || k == 1 || k == 2) {
                char *text = slurp_file(out);
                cr_assert_not(has_word(text, "nan"), "%s holds nan", out);
                free(text);
            }
            free(o), free(er);
        }
    }
    cr_assert_geq(n_models, 5);
    /* Nothing but the reports: no temporary file left behind. */
    cr_assert_eq(files_in(dir), (int)n_models * 5);
    free_files(models, n_models);
    rm_rf(dir);
}

static double data_value(const char *html, const char *id)
{
    char key[64];
    snprintf(key, sizeof key, "id=\"%s\" data-value=\"", id);
    const char *s = strstr(html, key);
    cr_assert_not_null(s, "no figure '%s' in the page", id);
    return strtod(s + strlen(key), NULL);
}

static double json_number(cJSON *j, const char *a, const char *b, const char *c)
{
    cJSON *x = cJSON_GetObjectItem(j, a);
    if (b)
        x = cJSON_GetObjectItem(x, b);
    if (c)
        x = cJSON_GetObjectItem(x, c);
    cr_assert(cJSON_IsNumber(x), "%s.%s.%s is not a number", a, b ? b : "", c ? c : "");
    return x->valuedouble;
}

/* The page's figures are the JSON report's, exactly; it holds the diagram
 * and every chart as inline SVG, and needs nothing from the network. */
Test(report, html_figures_equal_the_json, .timeout = 120)
{
    char *dir = temp_dir(), out[256], *o, *e;
    snprintf(out, sizeof out, "%s/r.html", dir);
    cr_assert_eq(report("models/befriending.cfg", out, &o, &e), 0, "%s", e);
    free(o), free(e);
    char *html = slurp_file(out);
    const char *args[] = {
        "run",  "--format", "json", "--sensitivity",          "--iterations",
        "2000", "--sobol",  "256",  "models/befriending.cfg", NULL};
    cr_assert_eq(run_stitch(src_path(""), args, &o, &e), 0, "%s", e);
    cJSON *j = cJSON_Parse(o);
    cr_assert_not_null(j);
    struct {
        const char *id, *a, *b, *c;
    } figs[] = {{"bcr", "base", "bcr", NULL},
                {"npv", "base", "npv", NULL},
                {"pvb", "base", "pvb", NULL},
                {"pvc", "base", "pvc", NULL},
                {"cashable", "base", "by_kind", "cashable"},
                {"non_cashable", "base", "by_kind", "non_cashable"},
                {"break_even_attribution", "base", "break_even_attribution", NULL},
                {"p_bcr_ge_1", "p_bcr_ge_1", NULL, NULL},
                {"bcr_p5", "summary", "bcr", "p5"},
                {"bcr_p95", "summary", "bcr", "p95"}};
    for (size_t i = 0; i < sizeof figs / sizeof *figs; i++)
        cr_expect_eq(data_value(html, figs[i].id),
                     json_number(j, figs[i].a, figs[i].b, figs[i].c), "%s differs",
                     figs[i].id);
    const char *svgs[] = {"diagram",           "chart-distribution", "chart-tornado",
                          "chart-time",        "chart-payer",        "chart-kind",
                          "chart-contribution"};
    for (size_t i = 0; i < sizeof svgs / sizeof *svgs; i++) {
        char key[64];
        snprintf(key, sizeof key, "<figure id=\"%s\">\n<svg", svgs[i]);
        cr_expect(strstr(html, key), "no SVG in figure %s", svgs[i]);
    }
    /* Nothing fetched: no outside source, link or import (the SVG namespace
     * URIs are names, not fetches). */
    cr_assert_null(strstr(html, "src=\"http"), "the page must not fetch anything");
    cr_assert_null(strstr(html, "href=\"http"), "the page must not link out");
    cr_assert_null(strstr(html, "@import"));
    cr_assert_null(strstr(html, "<script src"));
    cr_assert_null(strstr(html, "<link "));
    cJSON_Delete(j);
    free(o), free(e), free(html);
    rm_rf(dir);
}

/* A real browser renders the page without console errors; the screenshot
 * is saved as report-screenshot.png in the test's build folder. */
Test(report, renders_in_headless_chromium, .timeout = 180)
{
    if (access("/usr/bin/chromium", X_OK) != 0)
        cr_skip_test(
            "chromium is not installed (scripts/install-test-deps.sh installs it)");
    char *dir = temp_dir(), out[256], *o, *e, cmd[2048];
    snprintf(out, sizeof out, "%s/r.html", dir);
    cr_assert_eq(report("models/befriending.cfg", out, &o, &e), 0, "%s", e);
    free(o), free(e);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && HOME='%s' chromium --headless --no-sandbox --disable-gpu "
             "--no-first-run --disable-background-networking --enable-logging=stderr "
             "--v=0 --window-size=1200,2400 --screenshot='%s/shot.png' 'file://%s' "
             ">'%s/out.txt' 2>'%s/err.txt'",
             dir, dir, dir, out, dir, dir);
    cr_assert_eq(system(cmd), 0, "chromium failed");
    char path[300];
    snprintf(path, sizeof path, "%s/shot.png", dir);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0, "no screenshot");
    cr_assert_gt(st.st_size, 10000, "the screenshot is nearly empty");
    /* Keep the screenshot beside the test binary, for a person to look at. */
    snprintf(cmd, sizeof cmd, "cp '%s' report-screenshot.png", path);
    cr_assert_eq(system(cmd), 0);
    snprintf(path, sizeof path, "%s/err.txt", dir);
    char *log = slurp_file(path);
    cr_assert_null(strstr(log, "CONSOLE("), "console messages:\n%s", log);
    free(log);
    rm_rf(dir);
}

/* Who pays, as CSV (tests/data/hand/who.cfg, docs/method.md section 4.12):
 * PVC 8,000 of which the fund pays 6,000 (0.75) and own funds and the
 * unnamed set-up 1,000 each (0.125); PVB 18,000, so the fund's ratio is
 * 18,000 / 6,000 = 3 and the others' 18. No discounting: cash = PV. */
Test(report, csv_funders_table_by_hand)
{
    const char *args[] = {"run", "--format", "csv", "--iterations", "10",
                          "tests/data/hand/who.cfg", NULL};
    char *o, *e;
    cr_assert_eq(run_stitch(src_path(""), args, &o, &e), 0, "%s", e);
    cr_expect(strstr(o, "\ntable,funder,cost,cash,share,bcr\n"
                        "funders,Integrated Care Fund,6000,6000,0.75,3\n"
                        "funders,own funds,1000,1000,0.125,18\n"
                        "funders,not stated,1000,1000,0.125,18\n"),
              "%s", o);
    free(o), free(e);
}

Test(report, missing_folder_and_unknown_format)
{
    char *o, *e;
    cr_assert_eq(
        report("models/befriending.cfg", "/tmp/stitch-no-such-dir/r.html", &o, &e), 1);
    cr_assert_str_eq(e,
                     "stitch: /tmp/stitch-no-such-dir/r.html: cannot write the report: "
                     "the folder '/tmp/stitch-no-such-dir' does not exist\n");
    cr_assert_str_empty(o);
    free(o), free(e);
    cr_assert_eq(report("models/befriending.cfg", "/tmp/r.pdf", &o, &e), 2);
    cr_assert_str_eq(e, "stitch: /tmp/r.pdf: does not end in a report format: use "
                        ".html, .xlsx, .md, .json or .csv\n");
    free(o), free(e);
    const char *none[] = {"report", "models/befriending.cfg", NULL};
    cr_assert_eq(run_stitch(src_path(""), none, &o, &e), 2);
    cr_assert_str_eq(e, "stitch: report: where should it go? (stitch report MODEL -o "
                        "report.html)\nTry 'stitch --help' for more information.\n");
    free(o), free(e);
}

/* Never over something that is not a regular file: a folder, a FIFO. */
Test(report, refuses_non_regular_targets)
{
    char *dir = temp_dir(), target[256], *o, *e;
    snprintf(target, sizeof target, "%s/folder.html", dir);
    cr_assert_eq(mkdir(target, 0755), 0);
    cr_assert_eq(report("models/befriending.cfg", target, &o, &e), 2);
    char want[512];
    snprintf(want, sizeof want,
             "stitch: %s: will not write over this: it is not a regular file\n", target);
    cr_assert_str_eq(e, want);
    free(o), free(e);
    snprintf(target, sizeof target, "%s/pipe.json", dir);
    cr_assert_eq(mkfifo(target, 0644), 0);
    cr_assert_eq(report("models/befriending.cfg", target, &o, &e), 2);
    snprintf(want, sizeof want,
             "stitch: %s: will not write over this: it is not a regular file\n", target);
    cr_assert_str_eq(e, want);
    free(o), free(e);
    rm_rf(dir);
}

/* A full disk half-way through (an injected ENOSPC after 2,000 bytes, 50 per
 * CSV file): the old report, and every file of an old CSV folder, is
 * byte-identical afterwards, and no temporary file is left. */
Test(report, failed_write_keeps_the_old_report)
{
    char *dir = temp_dir(), path[256];
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_result *r = base_case(p);
    const char *exts[] = {"html", "md", "json", "csv"};
    for (size_t k = 0; k < 4; k++) {
        snprintf(path, sizeof path, "%s/r.%s", dir, exts[k]);
        stitch_diag err;
        cr_assert_eq(stitch_report_file(path, p, r, NULL, NULL, &err), STITCH_OK, "%s",
                     err.message);
        /* a CSV report is a folder: every file in it, by name */
        char *before = k == 3 ? folder_text(path) : slurp_file(path);
        cr_assert_not_null(before, "%s", path);
        cr_assert_gt(strlen(before), 100, "%s: the first report is almost empty", path);
        report_test_fail_writes_after(k == 3 ? 50 : 2000); /* CSV files are small */
        stitch_status st = stitch_report_file(path, p, r, NULL, NULL, &err);
        report_test_fail_writes_after(-1);
        cr_assert_eq(st, STITCH_EIO, "%s", exts[k]);
        /* (the folder writer words its message differently) */
        cr_assert_str_eq(err.message, k == 3 ? "cannot write: No space left on device"
                                             : "cannot write the report: No space left "
                                               "on device; nothing was changed");
        char *after = k == 3 ? folder_text(path) : slurp_file(path);
        cr_assert_not_null(after, "the old %s report is gone", exts[k]);
        cr_assert_str_eq(after, before, "the old %s report changed", exts[k]);
        free(after);
        free(before);
        cr_assert_eq(files_in(dir), (int)k + 1, "a temporary file was left behind");
    }
    stitch_result_free(r);
    stitch_plan_free(p);
    rm_rf(dir);
}

/* ---- report files never destroy what stitch did not write (issue 11) ------------- */

/* The names in dir, hidden ones too (not . and ..), sorted, space-separated. */
static const char *names_in(const char *dir)
{
    static char buf[4096];
    char *v[128];
    size_t n = 0;
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot open %s", dir);
    for (struct dirent *e; (e = readdir(d)) && n < 128;)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            v[n++] = strdup(e->d_name);
    closedir(d);
    for (size_t a = 1; a < n; a++)
        for (size_t b = a; b > 0 && strcmp(v[b - 1], v[b]) > 0; b--) {
            char *t = v[b];
            v[b] = v[b - 1], v[b - 1] = t;
        }
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(buf, " ");
        strncat(buf, v[i], sizeof buf - strlen(buf) - 2);
        free(v[i]);
    }
    return buf;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

static void assert_holds(const char *path, const char *text)
{
    char *got = slurp_file(path);
    cr_assert_not_null(got, "%s is gone", path);
    cr_assert_str_eq(got, text, "%s changed", path);
    free(got);
}

/* A quick report through the real binary (200 iterations, no Sobol). */
static int quick_report(const char *out, char **o, char **e)
{
    const char *args[] = {"report",
                          "models/befriending.cfg",
                          "-o",
                          out,
                          "--iterations",
                          "200",
                          "--sobol",
                          "0",
                          NULL};
    return run_stitch(src_path(""), args, o, e);
}

static const char quick_tables[] =
    "attribution.csv capacity.csv cash_flow.csv costs.csv discount.csv grid.csv horizon.csv "
    "national_outcomes.csv outcomes.csv probability.csv scenarios.csv "
    "summary.csv switching.csv tornado.csv";

/* A CSV report named by a link to a folder: the folder it leads to is the
 * user's, and is left alone (the old writer emptied it and exited 0). */
Test(report, csv_refuses_a_link_to_a_folder)
{
    char *dir = temp_dir(), keep[300], path[400], link[300], want[800], *o, *e;
    snprintf(keep, sizeof keep, "%s/precious", dir);
    cr_assert_eq(mkdir(keep, 0755), 0);
    snprintf(path, sizeof path, "%s/thesis.docx", keep);
    put(path, "my thesis\n");
    snprintf(path, sizeof path, "%s/sub", keep);
    cr_assert_eq(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/sub/keep.txt", keep);
    put(path, "keep me\n");
    snprintf(link, sizeof link, "%s/out.csv", dir);
    cr_assert_eq(symlink("precious", link), 0);
    cr_assert_eq(quick_report(link, &o, &e), 2, "%s", e);
    snprintf(want, sizeof want,
             "stitch: %s: this is a link, and a CSV report replaces the whole folder it "
             "names, so stitch will not write here (it could empty the folder the link "
             "leads to); write the report to a new folder instead\n",
             link);
    cr_assert_str_eq(e, want);
    cr_assert_str_empty(o);
    free(o), free(e);
    cr_assert_str_eq(names_in(dir), "out.csv precious");
    cr_assert_str_eq(names_in(keep), "sub thesis.docx");
    snprintf(path, sizeof path, "%s/thesis.docx", keep);
    assert_holds(path, "my thesis\n");
    snprintf(path, sizeof path, "%s/sub/keep.txt", keep);
    assert_holds(path, "keep me\n");
    /* A link to a folder stitch wrote, or to nothing, is refused the same way. */
    snprintf(path, sizeof path, "%s/real.csv", dir);
    cr_assert_eq(quick_report(path, &o, &e), 0, "%s", e);
    free(o), free(e);
    const char *targets[] = {"real.csv", "nothing-here.csv"};
    for (size_t i = 0; i < 2; i++) {
        cr_assert_eq(unlink(link), 0);
        cr_assert_eq(symlink(targets[i], link), 0);
        cr_assert_eq(quick_report(link, &o, &e), 2, "%s", e);
        cr_assert_str_eq(e, want);
        free(o), free(e);
    }
    cr_assert_str_eq(names_in(dir), "out.csv precious real.csv");
    rm_rf(dir);
}

/* A folder holding anything stitch did not write is refused, whole: the old
 * writer deleted thesis.docx and left results.csv.old-PID/sub/keep.txt. */
Test(report, csv_refuses_a_folder_it_did_not_write)
{
    char *dir = temp_dir(), target[300], path[400], want[800], *o, *e;
    snprintf(target, sizeof target, "%s/results.csv", dir);
    cr_assert_eq(mkdir(target, 0755), 0);
    snprintf(path, sizeof path, "%s/thesis.docx", target);
    put(path, "my thesis\n");
    snprintf(path, sizeof path, "%s/sub", target);
    cr_assert_eq(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/sub/keep.txt", target);
    put(path, "keep me\n");
    const char *fmt =
        "stitch: %s: this folder holds '%s', which stitch did not write, and a CSV "
        "report replaces the whole folder; write the report to a new folder, or move "
        "your own files out of it first\n";
    cr_assert_eq(quick_report(target, &o, &e), 2, "%s", e);
    snprintf(want, sizeof want, fmt, target, "sub");
    cr_assert_str_eq(e, want);
    cr_assert_str_empty(o);
    free(o), free(e);
    cr_assert_str_eq(names_in(dir), "results.csv");
    cr_assert_str_eq(names_in(target), "sub thesis.docx");
    snprintf(path, sizeof path, "%s/thesis.docx", target);
    assert_holds(path, "my thesis\n");
    snprintf(path, sizeof path, "%s/sub/keep.txt", target);
    assert_holds(path, "keep me\n");
    rm_rf(target);

    /* A report stitch wrote, with the user's notes added: refused, kept. */
    cr_assert_eq(quick_report(target, &o, &e), 0, "%s", e);
    free(o), free(e);
    snprintf(path, sizeof path, "%s/notes.txt", target);
    put(path, "my notes\n");
    cr_assert_eq(quick_report(target, &o, &e), 2, "%s", e);
    snprintf(want, sizeof want, fmt, target, "notes.txt");
    cr_assert_str_eq(e, want);
    free(o), free(e);
    assert_holds(path, "my notes\n");
    cr_assert_eq(unlink(path), 0);

    /* One of its files swapped for a link to the user's file: refused, and
     * the file the link leads to is untouched. */
    char precious[300];
    snprintf(precious, sizeof precious, "%s/precious.txt", dir);
    put(precious, "precious\n");
    snprintf(path, sizeof path, "%s/summary.csv", target);
    cr_assert_eq(unlink(path), 0);
    cr_assert_eq(symlink("../precious.txt", path), 0);
    cr_assert_eq(quick_report(target, &o, &e), 2, "%s", e);
    snprintf(want, sizeof want, fmt, target, "summary.csv");
    cr_assert_str_eq(e, want);
    free(o), free(e);
    assert_holds(precious, "precious\n");
    rm_rf(target);

    /* An earlier version's folder (no mark) with a stranger in it: refused. */
    cr_assert_eq(mkdir(target, 0755), 0);
    snprintf(path, sizeof path, "%s/summary.csv", target);
    put(path, "table,metric\n");
    snprintf(path, sizeof path, "%s/budget.xlsx", target);
    put(path, "sums\n");
    cr_assert_eq(quick_report(target, &o, &e), 2, "%s", e);
    snprintf(want, sizeof want, fmt, target, "budget.xlsx");
    cr_assert_str_eq(e, want);
    free(o), free(e);
    assert_holds(path, "sums\n");
    cr_assert_str_eq(names_in(dir), "precious.txt results.csv");
    rm_rf(dir);
}

/* stitch marks its CSV folders, and replaces its own: a marked folder, an
 * earlier version's folder of tables, and an empty folder. */
Test(report, csv_folder_is_marked_and_replaced)
{
    char *dir = temp_dir(), target[300], path[400], want[1200], *o, *e;
    snprintf(target, sizeof target, "%s/r.csv", dir);
    cr_assert_eq(quick_report(target, &o, &e), 0, "%s", e);
    free(o), free(e);
    snprintf(want, sizeof want, ".stitch-report %s", quick_tables);
    cr_assert_str_eq(names_in(target), want);
    snprintf(path, sizeof path, "%s/.stitch-report", target);
    assert_holds(
        path, "# stitch CSV report. stitch wrote the files listed below, and replaces\n"
              "# this folder whole each time it writes the report: keep your own\n"
              "# files elsewhere.\n"
              "summary.csv\nprobability.csv\ntornado.csv\nswitching.csv\n"
              "scenarios.csv\ngrid.csv\nhorizon.csv\ndiscount.csv\nattribution.csv\n"
              "costs.csv\ncash_flow.csv\ncapacity.csv\noutcomes.csv\nnational_outcomes.csv\n");
    cr_assert_eq(quick_report(target, &o, &e), 0, "%s", e);
    free(o), free(e);
    cr_assert_str_eq(names_in(dir), "r.csv");
    cr_assert_str_eq(names_in(target), want);
    rm_rf(target);
    /* An earlier version wrote the tables alone, with no mark. */
    cr_assert_eq(mkdir(target, 0755), 0);
    const char *old[] = {"summary.csv", "tornado.csv", "sobol.csv"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", target, old[i]);
        put(path, "table,metric\n");
    }
    cr_assert_eq(quick_report(target, &o, &e), 0, "%s", e);
    free(o), free(e);
    cr_assert_str_eq(names_in(target), want);
    rm_rf(target);
    cr_assert_eq(mkdir(target, 0755), 0);
    cr_assert_eq(quick_report(target, &o, &e), 0, "%s", e);
    free(o), free(e);
    cr_assert_str_eq(names_in(target), want);
    cr_assert_str_eq(names_in(dir), "r.csv");
    rm_rf(dir);
}

/* ---- the folder swap, interruptions, concurrent writers -------------------------- */

static const char *watched;   /* the report being written */
static char steps_seen[256];  /* the steps the writer went through */
static char missing_at[256];  /* the steps at which `watched` held no report */
static const char *stop_step; /* the step at which to raise stop_sig */
static int stop_sig;

static void note_step(const char *step)
{
    char probe[600];
    snprintf(probe, sizeof probe, "%s/summary.csv", watched);
    strcat(steps_seen, step), strcat(steps_seen, " ");
    if (access(probe, R_OK) != 0)
        strcat(missing_at, step), strcat(missing_at, " ");
}

static void stop_here(const char *step)
{
    if (strcmp(step, stop_step) == 0)
        raise(stop_sig);
}

static void write_ok(const char *path, const stitch_plan *p, const stitch_result *r)
{
    stitch_diag err;
    cr_assert_eq(stitch_report_file(path, p, r, NULL, NULL, &err), STITCH_OK, "%s: %s",
                 path, err.message);
}

/* Replacing a CSV folder is one exchange of names: at every step the
 * folder holds a whole report, the old one or the new. */
Test(report, csv_swap_is_atomic)
{
    char *dir = temp_dir(), path[300];
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_result *r = base_case(p);
    snprintf(path, sizeof path, "%s/r.csv", dir);
    write_ok(path, p, r);
    watched = path, steps_seen[0] = missing_at[0] = '\0';
    report_test_step_hook(note_step);
    write_ok(path, p, r);
    report_test_step_hook(NULL);
    cr_assert_str_eq(steps_seen, "locked written swapped cleaning ");
    cr_assert_str_eq(missing_at, "", "no report at: %s", missing_at);
    cr_assert_str_eq(names_in(dir), "r.csv");
    cr_assert_str_eq(names_in(path), ".stitch-report capacity.csv cash_flow.csv costs.csv national_outcomes.csv outcomes.csv summary.csv");
    stitch_result_free(r);
    stitch_plan_free(p);
    rm_rf(dir);
}

static void old_one_kept_aside(const char *step)
{
    note_step(step);
    if (strcmp(step, "aside") == 0) {
        char old[600];
        snprintf(old, sizeof old, "%s.old-%ld/summary.csv", watched, (long)getpid());
        cr_assert_eq(access(old, R_OK), 0, "the old report is not kept aside");
    }
}

/* On a network drive (CIFS, NFS) the exchange answers EINVAL: the old
 * folder waits under a marked name until the new one is in, then goes. */
Test(report, csv_swap_falls_back_on_network_drives)
{
    char *dir = temp_dir(), path[300];
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_result *r = base_case(p);
    snprintf(path, sizeof path, "%s/r.csv", dir);
    write_ok(path, p, r);
    watched = path, steps_seen[0] = missing_at[0] = '\0';
    report_test_no_exchange(1);
    report_test_step_hook(old_one_kept_aside);
    write_ok(path, p, r);
    report_test_step_hook(NULL);
    report_test_no_exchange(0);
    cr_assert_str_eq(steps_seen, "locked written aside swapped cleaning ");
    cr_assert_str_eq(missing_at, "aside ");
    cr_assert_str_eq(names_in(dir), "r.csv");
    cr_assert_str_eq(names_in(path), ".stitch-report capacity.csv cash_flow.csv costs.csv national_outcomes.csv outcomes.csv summary.csv");
    stitch_result_free(r);
    stitch_plan_free(p);
    rm_rf(dir);
}

/* Write `path` in a child that catches signals as the stitch command does,
 * and raises `sig` at `step`; the child must die of that signal. */
static void interrupt_at(const char *path, const char *step, int sig, int no_exchange,
                         const stitch_plan *p, const stitch_result *r)
{
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        cli_catch_signals();
        stop_step = step, stop_sig = sig;
        report_test_no_exchange(no_exchange);
        report_test_step_hook(stop_here);
        stitch_diag err;
        stitch_report_file(path, p, r, NULL, NULL, &err);
        _exit(0); /* the step was never reached */
    }
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == sig,
              "%s at step %s: the writer was not stopped by signal %d (status %d)", path,
              step, sig, status);
}

/* SIGINT or SIGTERM at any step: no temporary file or folder, no old
 * folder and no lock is left, and the report is whole (old or new). */
Test(report, interrupted_writes_leave_nothing_behind, .timeout = 120)
{
    char *dir = temp_dir(), csv[300], html[300];
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_result *r = base_case(p);
    snprintf(csv, sizeof csv, "%s/r.csv", dir);
    snprintf(html, sizeof html, "%s/r.html", dir);
    const int sigs[] = {SIGTERM, SIGINT};
    const char *csv_steps[] = {"locked", "written", "aside", "swapped", "cleaning"};
    const char *html_steps[] = {"locked", "written", "swapped"};
    for (size_t k = 0; k < 2; k++) {
        /* No report yet: interrupted before the new one is in, none is left. */
        interrupt_at(csv, "written", sigs[k], 0, p, r);
        interrupt_at(html, "written", sigs[k], 0, p, r);
        cr_assert_str_eq(names_in(dir), "");
        write_ok(csv, p, r);
        write_ok(html, p, r);
        for (int no_exchange = 0; no_exchange < 2; no_exchange++)
            for (size_t s = 0; s < 5; s++) {
                if (s == 2 && !no_exchange)
                    continue; /* nothing is put aside with an exchange */
                interrupt_at(csv, csv_steps[s], sigs[k], no_exchange, p, r);
                cr_assert_str_eq(names_in(dir), "r.csv r.html", "after %s at %s%s",
                                 strsignal(sigs[k]), csv_steps[s],
                                 no_exchange ? " (no exchange)" : "");
                cr_assert_str_eq(names_in(csv), ".stitch-report capacity.csv cash_flow.csv costs.csv national_outcomes.csv outcomes.csv summary.csv",
                                 "after %s at %s", strsignal(sigs[k]), csv_steps[s]);
            }
        for (size_t s = 0; s < 3; s++) {
            interrupt_at(html, html_steps[s], sigs[k], 0, p, r);
            cr_assert_str_eq(names_in(dir), "r.csv r.html", "after %s at %s",
                             strsignal(sigs[k]), html_steps[s]);
            struct stat st;
            cr_assert(stat(html, &st) == 0 && st.st_size > 1000);
        }
        rm_rf(csv);
        cr_assert_eq(unlink(html), 0);
    }
    stitch_result_free(r);
    stitch_plan_free(p);
    rm_rf(dir);
}

/* Four writers at once, each writing the same CSV folder and page 25
 * times: each write completes whole or fails cleanly, and nothing stale is
 * left. */
Test(report, concurrent_writers_take_turns, .timeout = 120)
{
    char *dir = temp_dir(), csv[300], html[300];
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_result *r = base_case(p);
    snprintf(csv, sizeof csv, "%s/r.csv", dir);
    snprintf(html, sizeof html, "%s/r.html", dir);
    write_ok(csv, p, r);
    fflush(NULL);
    pid_t kids[4];
    for (int k = 0; k < 4; k++) {
        kids[k] = fork();
        cr_assert(kids[k] >= 0);
        if (kids[k] == 0) {
            int failed = 0;
            for (int i = 0; i < 25; i++) {
                stitch_diag err;
                const char *path = (i + k) % 2 ? csv : html;
                if (stitch_report_file(path, p, r, NULL, NULL, &err) != STITCH_OK) {
                    fprintf(stderr, "writer %d: %s: %s\n", k, path, err.message);
                    failed++;
                }
            }
            _exit(failed ? 1 : 0);
        }
    }
    for (int k = 0; k < 4; k++) {
        int status = 0;
        cr_assert_eq(waitpid(kids[k], &status, 0), kids[k]);
        cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "writer %d failed (status %d)", k, status);
    }
    cr_assert_str_eq(names_in(dir), "r.csv r.html");
    cr_assert_str_eq(names_in(csv), ".stitch-report capacity.csv cash_flow.csv costs.csv national_outcomes.csv outcomes.csv summary.csv");
    stitch_result_free(r);
    stitch_plan_free(p);
    rm_rf(dir);
}

/* ---- permissions and links ----------------------------------------------------------
 */

static unsigned mode_of(const char *path)
{
    struct stat st;
    cr_assert_eq(lstat(path, &st), 0, "%s is missing", path);
    return (unsigned)(st.st_mode & 07777);
}

/* A new report is 0666 & ~umask (a folder 0777 & ~umask), as any file a
 * program makes: colleagues on a shared drive can open it. */
Test(report, new_reports_follow_the_umask)
{
    char *dir = temp_dir(), path[300], inner[400];
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_result *r = base_case(p);
    const mode_t masks[] = {002, 027};
    const unsigned file_modes[] = {0664, 0640}, dir_modes[] = {0775, 0750};
    const char *exts[] = {"html", "md", "json", "xlsx"};
    for (size_t m = 0; m < 2; m++) {
        umask(masks[m]);
        for (size_t k = 0; k < 4; k++) {
            snprintf(path, sizeof path, "%s/r%zu.%s", dir, m, exts[k]);
            write_ok(path, p, r);
            cr_expect_eq(mode_of(path), file_modes[m], "%s: mode %o", path,
                         mode_of(path));
        }
        snprintf(path, sizeof path, "%s/r%zu.csv", dir, m);
        write_ok(path, p, r);
        cr_expect_eq(mode_of(path), dir_modes[m], "%s: mode %o", path, mode_of(path));
        snprintf(inner, sizeof inner, "%s/summary.csv", path);
        cr_expect_eq(mode_of(inner), file_modes[m], "%s: mode %o", inner, mode_of(inner));
        snprintf(inner, sizeof inner, "%s/.stitch-report", path);
        cr_expect_eq(mode_of(inner), file_modes[m], "%s: mode %o", inner, mode_of(inner));
    }
    umask(022);
    stitch_result_free(r);
    stitch_plan_free(p);
    rm_rf(dir);
}

/* An overwritten report keeps its mode; the files of a CSV folder take
 * the folder's read and write bits. */
Test(report, overwritten_reports_keep_their_mode)
{
    char *dir = temp_dir(), html[300], csv[300], inner[400];
    stitch_plan *p = load_plan("models/befriending.cfg");
    stitch_result *r = base_case(p);
    umask(022);
    snprintf(html, sizeof html, "%s/r.html", dir);
    snprintf(csv, sizeof csv, "%s/r.csv", dir);
    write_ok(html, p, r);
    write_ok(csv, p, r);
    cr_assert_eq(chmod(html, 0604), 0);
    cr_assert_eq(chmod(csv, 0751), 0);
    write_ok(html, p, r);
    write_ok(csv, p, r);
    cr_expect_eq(mode_of(html), 0604, "mode %o", mode_of(html));
    cr_expect_eq(mode_of(csv), 0751, "mode %o", mode_of(csv));
    snprintf(inner, sizeof inner, "%s/summary.csv", csv);
    cr_expect_eq(mode_of(inner), 0640, "mode %o", mode_of(inner));
    stitch_result_free(r);
    stitch_plan_free(p);
    rm_rf(dir);
}

/* A write-protected report (no write permission bit: chmod a-w, or
 * "Read-only" ticked on a shared drive) is refused, not replaced, even for
 * root, whom the system would let write anything. */
Test(report, read_only_reports_are_refused)
{
    char *dir = temp_dir(), html[300], csv[300], want[800], *o, *e;
    snprintf(html, sizeof html, "%s/r.html", dir);
    snprintf(csv, sizeof csv, "%s/r.csv", dir);
    put(html, "the signed-off version\n");
    cr_assert_eq(chmod(html, 0444), 0);
    cr_assert_eq(quick_report(html, &o, &e), 2, "%s", e);
    snprintf(want, sizeof want,
             "stitch: %s: this report is read-only, so stitch will not replace it; make "
             "it writable first, or write the report under another name\n",
             html);
    cr_assert_str_eq(e, want);
    free(o), free(e);
    assert_holds(html, "the signed-off version\n");
    cr_assert_eq(quick_report(csv, &o, &e), 0, "%s", e);
    free(o), free(e);
    cr_assert_eq(chmod(csv, 0555), 0);
    cr_assert_eq(quick_report(csv, &o, &e), 2, "%s", e);
    snprintf(want, sizeof want,
             "stitch: %s: this report is read-only, so stitch will not replace it; make "
             "it writable first, or write the report under another name\n",
             csv);
    cr_assert_str_eq(e, want);
    free(o), free(e);
    cr_assert_str_eq(names_in(dir), "r.csv r.html");
    cr_assert_eq(chmod(csv, 0755), 0);
    rm_rf(dir);
}

/* -o naming a link to a file writes the file the link leads to, in that
 * file's folder; the link stays a link. A link to nothing is refused. */
Test(report, a_link_to_a_file_is_written_through)
{
    char *dir = temp_dir(), real[300], target[400], link[300], want[800], *o, *e;
    snprintf(real, sizeof real, "%s/shared", dir);
    cr_assert_eq(mkdir(real, 0755), 0);
    snprintf(target, sizeof target, "%s/report.html", real);
    put(target, "last year's report\n");
    cr_assert_eq(chmod(target, 0660), 0);
    snprintf(link, sizeof link, "%s/latest.html", dir);
    cr_assert_eq(symlink("shared/report.html", link), 0);
    cr_assert_eq(quick_report(link, &o, &e), 0, "%s", e);
    snprintf(want, sizeof want, "Wrote %s\n", link);
    cr_assert_str_eq(o, want);
    free(o), free(e);
    char buf[300];
    ssize_t n = readlink(link, buf, sizeof buf - 1);
    cr_assert_gt(n, 0, "the link was replaced");
    buf[n] = '\0';
    cr_assert_str_eq(buf, "shared/report.html");
    char *page = slurp_file(target);
    cr_assert(strstr(page, "<html"), "the file the link leads to was not written");
    free(page);
    cr_assert_eq(mode_of(target), 0660);
    cr_assert_str_eq(names_in(dir), "latest.html shared");
    cr_assert_str_eq(names_in(real), "report.html");
    /* A link to nothing. */
    snprintf(link, sizeof link, "%s/gone.html", dir);
    cr_assert_eq(symlink("shared/none.html", link), 0);
    cr_assert_eq(quick_report(link, &o, &e), 2, "%s", e);
    snprintf(want, sizeof want,
             "stitch: %s: this is a link to 'shared/none.html', which does not exist; "
             "write the report to the file's own name, or to a new name\n",
             link);
    cr_assert_str_eq(e, want);
    free(o), free(e);
    cr_assert_str_eq(names_in(dir), "gone.html latest.html shared");
    cr_assert_str_eq(names_in(real), "report.html");
    rm_rf(dir);
}

/* A report written into memory by `write` (report_md or the JSON report). */
static char *in_memory(void (*write)(FILE *, const stitch_plan *, const stitch_result *),
                       const stitch_plan *p, const stitch_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    write(f, p, r);
    cr_assert_eq(fclose(f), 0);
    return buf;
}

static void md_base(FILE *o, const stitch_plan *p, const stitch_result *r)
{
    results_doc *d = results_build(p, r, NULL, NULL);
    cr_assert_not_null(d);
    report_md(o, d);
    results_free(d);
}

static void json_base(FILE *o, const stitch_plan *p, const stitch_result *r)
{
    cr_assert_eq(stitch_report_base(o, STITCH_FORMAT_JSON, p, r), STITCH_OK);
}

/* "-£16,974" as -16974; the text must be whole pounds. */
static double whole_pounds(const char *s)
{
    double sign = 1, v = 0;
    if (*s == '-')
        sign = -1, s++;
    cr_assert(strncmp(s, "£", strlen("£")) == 0, "not money: %.20s", s);
    for (s += strlen("£"); (*s >= '0' && *s <= '9') || *s == ','; s++)
        if (*s != ',')
            v = v * 10 + (*s - '0');
    return sign * v;
}

/* The Markdown summary's "net present value of £X" is the JSON's base-case
 * NPV to the pound, for every example model (it used to print the PV of
 * benefits there: falls-prevention read £226,194 for an NPV of -£16,974; its
 * NPV is -£20,685 since it uses the Scottish care home contract rate). */
Test(report, markdown_summary_states_the_npv)
{
    char **models;
    size_t n = list_files("models", ".cfg", NULL, 0, &models);
    cr_assert_geq(n, 5);
    for (size_t i = 0; i < n; i++) {
        stitch_plan *p = load_plan(models[i]);
        stitch_result *r = base_case(p);
        char *md = in_memory(md_base, p, r), *json = in_memory(json_base, p, r);
        cJSON *j = cJSON_Parse(json);
        double npv = json_number(j, "base", "npv", NULL);
        const char *key = "a net present value of ", *at = strstr(md, key);
        cr_assert_not_null(at, "%s: no NPV sentence", models[i]);
        cr_expect_eq(whole_pounds(at + strlen(key)), round(npv), "%s: %.30s vs %.0f",
                     models[i], at + strlen(key), npv);
        if (strcmp(models[i], "models/falls-prevention.cfg") == 0)
            cr_expect(strstr(md, "a net present value of -£20,685."),
                      "falls-prevention: %.40s", at);
        cJSON_Delete(j);
        free(md), free(json);
        stitch_result_free(r);
        stitch_plan_free(p);
    }
    free_files(models, n);
}

/* The text of a workbook's shared strings (unzip is in install-test-deps.sh). */
static char *xlsx_strings(const char *xlsx)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/sharedStrings.xml", xlsx);
    FILE *f = popen(cmd, "r");
    cr_assert_not_null(f);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int ch;
    while ((ch = fgetc(f)) != EOF)
        fputc(ch, m);
    fclose(m);
    cr_assert_eq(pclose(f), 0, "unzip failed on %s", xlsx);
    return buf;
}

/* A model with no costs, in every report for funders: no BCR and no chance
 * of breaking even (never 0%), pays back in year 0, and no sentence says
 * the opposite of another. */
Test(report, zero_costs_agree_in_every_format, .timeout = 120)
{
    char *dir = temp_dir();
    const char *no_costs = "No simulation had any costs, so none has a BCR or a chance "
                           "of breaking even: the NPV is the measure.";
    const char *whatever = "with no costs, the project pays back whatever share of the "
                           "change others caused.";
    const char *exts[] = {"md", "html", "xlsx"};
    for (size_t k = 0; k < 3; k++) {
        char out[256], *o, *e;
        snprintf(out, sizeof out, "%s/zero.%s", dir, exts[k]);
        cr_assert_eq(report("tests/data/zero-cost.cfg", out, &o, &e), 0, "%s", e);
        free(o), free(e);
        char *text = k == 2 ? xlsx_strings(out) : slurp_file(out);
        cr_expect(strstr(text, no_costs), "%s: no '%s'", exts[k], no_costs);
        cr_expect(strstr(text, whatever), "%s: no '%s'", exts[k], whatever);
        cr_expect_null(strstr(text, "breaks even in"), "%s", exts[k]);
        cr_expect_null(strstr(text, " 0 simulations"), "%s", exts[k]);
        cr_expect_null(strstr(text, "ot within the"), "%s", exts[k]);
        cr_expect_null(strstr(text, "do not cover the costs"), "%s", exts[k]);
        if (k == 0)
            cr_expect(strstr(text, "Chance of breaking even: not defined (2,000 "
                                   "simulations, seed 1)."),
                      "%s", text);
        if (k == 1)
            cr_expect(strstr(text, "<span class=\"fig\" id=\"p_bcr_ge_1\">not "
                                   "defined</span>"),
                      "html");
        if (k == 2)
            cr_expect_null(strstr(text, ">never<"), "xlsx: payback 'never'");
        free(text);
    }
    rm_rf(dir);
}

/* The first "-0", "-0.00", "-£0", "-0%" and the like in s (a negative
 * number that shows as zero), or NULL. */
static const char *negative_zero(const char *s)
{
    for (const char *m = strchr(s, '-'); m; m = strchr(m + 1, '-')) {
        const char *c = m + 1;
        if (strncmp(c, "£", strlen("£")) == 0)
            c += strlen("£");
        if (*c != '0')
            continue;
        while (*c == '0' || *c == '.' || *c == ',')
            c++;
        if (!(*c >= '1' && *c <= '9'))
            return m;
    }
    return NULL;
}

/* s without its inline SVG (whose coordinates are not figures for people). */
static char *without_svg(char *s)
{
    for (char *a; (a = strstr(s, "<svg"));) {
        char *b = strstr(a, "</svg>");
        cr_assert_not_null(b);
        memmove(a, b + 6, strlen(b + 6) + 1);
    }
    return s;
}

/* Harm a hair's breadth below zero: a benefit of -0.0001 GP consultations
 * a person (12 people: -0.0012 consultations, -£0.054, 0.0002 hours of GP
 * time used; BCR -0.000054). Every figure that rounds to zero shows as 0,
 * never "-0.00", "-£0" or "-0%", in every format. */
Test(report, no_negative_zero_in_any_format, .timeout = 120)
{
    char *dir = temp_dir(), model[256];
    snprintf(model, sizeof model, "%s/m.cfg", dir);
    FILE *f = fopen(model, "w");
    cr_assert_not_null(f);
    fputs(
        "name = \"Hair\";\nprice_year = \"2023/24\";\nyears = 1;\ndiscount = 0.035;\n"
        "unit_costs = [\"uk-pssru-2024.csv\"];\n"
        "need = { text = \"Need\"; population = 100; };\n"
        "costs = ( { id = \"staff\"; amount = 1000.0; per = \"year\"; } );\n"
        "outputs = ( { id = \"o\"; count = 12.0; } );\n"
        "outcomes = ( { id = \"k\"; from = \"o\"; rate = 1.0; } );\n"
        "benefits = ( { id = \"gp\"; outcome = \"k\"; unit_cost = "
        "\"gp_surgery_consultation\";\n  quantity = { dist = \"uniform\"; min = -0.0002; "
        "max = 0.0; }; attribution = 0.0; } );\n",
        f);
    cr_assert_eq(fclose(f), 0);
    const char *exts[] = {"md", "html", "xlsx", "json"};
    for (size_t k = 0; k < 4; k++) {
        char out[512], *o, *e;
        snprintf(out, sizeof out, "%s/r.%s", dir, exts[k]);
        cr_assert_eq(report(model, out, &o, &e), 0, "%s", e);
        free(o), free(e);
        char *text = k == 2 ? xlsx_strings(out) : without_svg(slurp_file(out));
        const char *z = negative_zero(text);
        cr_expect_null(z, "%s: %.60s", exts[k], z);
        free(text);
    }
    const char *formats[] = {"text", "csv"};
    for (size_t k = 0; k < 2; k++) {
        const char *args[] = {
            "run",           "--format", formats[k], "--iterations", "2000",
            "--sensitivity", "--sobol",  "256",      model,          NULL};
        char *o, *e;
        cr_assert_eq(run_stitch(src_path(""), args, &o, &e), 0, "%s", e);
        const char *z = negative_zero(o);
        cr_expect_null(z, "%s: %.60s", formats[k], z);
        free(o), free(e);
    }
    rm_rf(dir);
}
