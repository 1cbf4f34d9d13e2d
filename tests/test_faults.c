/* test_faults.c — allocation failure at every allocation site of a run.
 *
 * This program is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
 * (tests/CMakeLists.txt), so every allocation made by stitch's own code goes
 * through the wrappers below. For n = 1, 2, ... the n-th allocation fails;
 * each run of the whole pipeline (load, tables, link, evaluate, simulate,
 * sensitivity, report) must then stop with a clean "out of memory" error,
 * or succeed where the failure was survivable, and never crash. Under the
 * sanitizer build, LeakSanitizer checks at exit that nothing leaked on any
 * of those paths. Allocations inside shared libraries (libconfig, GSL,
 * libc) are not wrapped. */
#include "harness.h"
#include "text.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

static long fail_at; /* the allocation to fail, 1-based; 0: none */
static long counted; /* allocations since the count was reset */
static int injected; /* 1 once the planned failure has happened */

static int should_fail(void)
{
    if (fail_at && ++counted == fail_at) {
        injected = 1;
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t n)
{
    return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : __real_realloc(p, n);
}

/* One whole run of `model`; returns the status of the first failing step. */
static stitch_status whole_run(const char *model, stitch_diag *err)
{
    stitch_status st = STITCH_OK;
    stitch_costbook *cb = NULL;
    stitch_plan *p = NULL;
    stitch_result *r = NULL;
    stitch_mc_result *mc = NULL;
    stitch_sensitivity *s = NULL;
    double *x = NULL;
    stitch_model *m = stitch_model_load(model, err);
    if (!m || !(cb = stitch_costbook_load_for(m, stitch_costbook_default_dirs(), err)) ||
        !(p = stitch_plan_compile(m, cb, err)) || stitch_plan_monitor(p, m, err)) {
        st = err->status;
        goto done;
    }
    r = stitch_result_alloc(p);
    x = malloc((stitch_plan_input_count(p) + 1) * sizeof *x);
    if (!r || !x) {
        st = STITCH_ENOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        goto done;
    }
    stitch_plan_base(p, x);
    stitch_eval(p, x, r);
    if (!(mc = stitch_mc_run(p, 300, 1, 1, err))) {
        st = err->status;
        goto done;
    }
    stitch_sensitivity_options o = {.grid_n = 3, .sobol_n = 64, .seed = 1};
    if (!(s = stitch_sensitivity_run(p, &o, err))) {
        st = err->status;
        goto done;
    }
    FILE *devnull = fopen("/dev/null", "w");
    cr_assert_not_null(devnull);
    /* The report builds its results document first: that may run out too. */
    for (int fmt = 0; fmt < 3 && st == STITCH_OK; fmt++)
        if ((st = stitch_report_run(devnull, (stitch_format)fmt, p, r, mc, s)) != STITCH_OK)
            snprintf(err->message, sizeof err->message, "%s", stitch_strerror(st));
    fclose(devnull);
done:
    stitch_sensitivity_free(s);
    stitch_mc_free(mc);
    free(x);
    stitch_result_free(r);
    stitch_plan_free(p);
    stitch_costbook_free(cb);
    stitch_model_free(m);
    return st;
}

static void every_allocation_fails_cleanly(const char *rel)
{
    char model[4096];
    snprintf(model, sizeof model, "%s", src_path(rel));
    long n = 1;
    for (;; n++) {
        stitch_diag err;
        memset(&err, 0, sizeof err);
        fail_at = n, counted = 0, injected = 0;
        stitch_status st = whole_run(model, &err);
        fail_at = 0;
        if (!injected) { /* the run made fewer than n allocations: all covered */
            cr_assert_eq(st, STITCH_OK, "%s: %s", rel, err.message);
            break;
        }
        /* A failed allocation may be survived (a scratch buffer), but a
         * failure reported must be the out-of-memory one, in words. */
        cr_assert(st == STITCH_OK || st == STITCH_ENOMEM,
                  "%s: allocation %ld failed, and the run reported status %d: %s", rel, n,
                  (int)st, err.message);
        if (st == STITCH_ENOMEM)
            cr_assert(strstr(err.message, "out of memory"),
                      "%s: allocation %ld: message '%s'", rel, n, err.message);
    }
    cr_assert_gt(n, 100, "%s: only %ld allocations: is the wrapper linked?", rel, n);
    cr_log_info("%s: %ld allocation sites failed in turn", rel, n - 1);
}

Test(faults, every_allocation_of_a_sensitivity_model, .timeout = 600)
{
    every_allocation_fails_cleanly("tests/data/hand/sens.cfg");
}

Test(faults, every_allocation_of_a_correlated_model, .timeout = 600)
{
    every_allocation_fails_cleanly("tests/data/hand/correlated.cfg");
}

/* Files that are not UTF-8 take the Windows-1252 path: the converted copy
 * and the warning are allocations too. */
/* Monitoring data: the tables read, a tabulated and an exact posterior,
 * and the report's section on what the data changed. */
Test(faults, every_allocation_of_a_monitored_model, .timeout = 600)
{
    every_allocation_fails_cleanly("tests/data/hand/monitored.cfg");
}

Test(faults, every_allocation_of_a_windows_1252_model, .timeout = 600)
{
    every_allocation_fails_cleanly("tests/bad/warn-model-windows-1252.cfg");
}

Test(faults, every_allocation_of_a_windows_1252_table, .timeout = 600)
{
    every_allocation_fails_cleanly("tests/bad/warn-csv-windows-1252.cfg");
}

/* Per-year values, a caseload, funders and stakeholders allocate in the
 * parser (the elements), the linker (the names), the evaluation and the
 * simulation (each stakeholder's draws) and the results document. */
Test(faults, every_allocation_of_a_per_year_model, .timeout = 600)
{
    every_allocation_fails_cleanly("tests/data/hand/years.cfg");
    every_allocation_fails_cleanly("tests/data/hand/caseload.cfg");
}

Test(faults, every_allocation_of_a_funded_model, .timeout = 600)
{
    every_allocation_fails_cleanly("tests/data/hand/who.cfg");
}

/* The growable string when its n-th allocation fails: out of memory is
 * sticky, and the text appended before is kept whole. Each append is 10
 * bytes; the buffer grows 16, 32, 64 bytes (grow() doubles from 8), and
 * holds as many whole appends as fit before its NUL: 0, 1, 3, 6. */
Test(faults, text_buf_keeps_its_text_when_growth_fails)
{
    const size_t kept_appends[] = {0, 1, 3, 6};
    for (long n = 1; n <= 4; n++) {
        text_buf b = {0};
        size_t kept = 0;
        fail_at = n, counted = 0, injected = 0;
        for (int i = 0; i < 200; i++) {
            buf_printf(&b, "%09d,", i);
            if (!b.nomem)
                kept = b.n;
        }
        buf_puts(&b, "after");
        fail_at = 0;
        cr_assert(injected, "allocation %ld never happened", n);
        cr_assert_eq(b.nomem, 1);
        cr_assert_eq(kept, 10 * kept_appends[n - 1], "allocation %ld: kept %zu bytes", n,
                     kept);
        cr_assert_eq(b.n, kept, "an append after the failure changed the text");
        for (size_t i = 0; i < kept / 10; i++) {
            char want[32];
            snprintf(want, sizeof want, "%09zu,", i);
            cr_assert(strncmp(b.p + 10 * i, want, 10) == 0, "append %zu lost", i);
        }
        if (b.p)
            cr_assert_eq(b.p[b.n], '\0');
        buf_free(&b);
    }
}

/* A whole portfolio run (docs/method.md section 14): the portfolio file,
 * its models, the joint simulation with a budget, and its reports. */
static stitch_status whole_portfolio(const char *file, stitch_diag *err)
{
    stitch_status st = STITCH_OK;
    stitch_plan *plans[2] = {NULL, NULL};
    stitch_portfolio *pf = NULL;
    size_t n = 0;
    stitch_portfolio_file *f = stitch_portfolio_load(file, err);
    if (!f)
        return err->status;
    for (; n < stitch_portfolio_model_count(f); n++) {
        stitch_costbook *cb = NULL;
        stitch_model *m = stitch_model_load(stitch_portfolio_model_path(f, n), err);
        if (m && (cb = stitch_costbook_load_for(m, stitch_costbook_default_dirs(), err)))
            plans[n] = stitch_plan_compile(m, cb, err);
        stitch_costbook_free(cb);
        stitch_model_free(m);
        if (!plans[n]) {
            st = err->status;
            goto done;
        }
    }
    if (stitch_portfolio_lint(f, (const stitch_plan *const *)plans) != STITCH_OK) {
        st = STITCH_ENOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        goto done;
    }
    if (!(pf = stitch_portfolio_run(f, plans, 300, 1, 1, stitch_costbook_default_dirs(),
                                    err))) {
        st = err->status;
        goto done;
    }
    FILE *devnull = fopen("/dev/null", "w");
    cr_assert_not_null(devnull);
    for (int fmt = 0; fmt < 2 && st == STITCH_OK; fmt++)
        if ((st = stitch_report_portfolio(devnull, (stitch_format)fmt, pf)) != STITCH_OK)
            snprintf(err->message, sizeof err->message, "%s", stitch_strerror(st));
    fclose(devnull);
done:
    stitch_portfolio_free(pf);
    for (size_t i = 0; i < n + 1 && i < 2; i++)
        stitch_plan_free(plans[i]);
    stitch_portfolio_file_free(f);
    return st;
}

Test(faults, every_allocation_of_a_portfolio, .timeout = 600)
{
    char file[4096];
    snprintf(file, sizeof file, "%s", src_path("tests/data/portfolio/faults.cfg"));
    long n = 1;
    for (;; n++) {
        stitch_diag err;
        memset(&err, 0, sizeof err);
        fail_at = n, counted = 0, injected = 0;
        stitch_status st = whole_portfolio(file, &err);
        fail_at = 0;
        if (!injected) {
            cr_assert_eq(st, STITCH_OK, "%s", err.message);
            break;
        }
        cr_assert(st == STITCH_OK || st == STITCH_ENOMEM,
                  "allocation %ld failed, and the run reported status %d: %s", n, (int)st,
                  err.message);
        if (st == STITCH_ENOMEM)
            cr_assert(strstr(err.message, "out of memory"), "allocation %ld: message '%s'",
                      n, err.message);
    }
    cr_assert_gt(n, 100, "only %ld allocations: is the wrapper linked?", n);
}
