/* fuzz_run.c — libFuzzer harness for the whole path: load, link to the
 * project's tables, evaluate, simulate, the sensitivity tables, and every
 * report format. Any model that loads must give finite results or a clean
 * error; no report may hold NaN or infinity. */
#include "fuzz_common.h"
#include "plan.h"
#include "stitch/stitch.h"

#include <math.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The cohort-years one evaluation of p works through: each benefit's
 * delivery-year cohorts times the years each lasts within the appraisal. */
static double cohort_years(const stitch_plan *p)
{
    double cells = 0;
    for (size_t b = 0; b < p->n_benefits; b++) {
        int last =
            p->benefits[b].duration < p->years ? p->benefits[b].duration : p->years;
        cells += (double)p->delivery_years * (last > 0 ? last : 1);
    }
    return cells;
}

/* The sensitivity tables evaluate the model a hundred times or more per
 * input, and under the fuzzer's instrumentation a cohort-year costs tens of
 * nanoseconds: past this many cohort-years times inputs (a 1,000-year
 * appraisal delivered for 1,000 years is a million cohort-years) they
 * would pass its time limit, so such a model is simulated 16 times rather
 * than 128 and reported, and its tables are left to the bench target. */
#define FUZZ_MAX_WORK 2e6

/* Abort when a JSON report has a non-finite number: outside strings, the
 * only words JSON allows are true, false and null (NaN must print null). */
static void check_json(const char *text)
{
    for (const char *c = text; *c; c++) {
        if (*c == '"') { /* skip the string, escapes included */
            for (c++; *c && *c != '"'; c++)
                if (*c == '\\' && c[1])
                    c++;
            if (!*c)
                abort();
            continue;
        }
        if ((*c >= '0' && *c <= '9') || *c == '-') { /* a number, exponent included */
            while (c[1] && strchr("0123456789.eE+-", c[1]))
                c++;
            continue;
        }
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')) {
            size_t n = 0;
            while ((c[n] >= 'a' && c[n] <= 'z') || (c[n] >= 'A' && c[n] <= 'Z'))
                n++;
            if (!((n == 4 &&
                   (strncmp(c, "true", 4) == 0 || strncmp(c, "null", 4) == 0)) ||
                  (n == 5 && strncmp(c, "false", 5) == 0)))
                abort();
            c += n - 1;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int once;
    if (!once++)
        setenv("STITCH_UNITCOSTS_PATH", STITCH_SOURCE_DIR "/unitcosts", 1);
    stitch_diag err;
    stitch_costbook *cb = NULL;
    stitch_plan *p = NULL;
    stitch_result *r = NULL;
    stitch_mc_result *mc = NULL;
    stitch_sensitivity *s = NULL;
    double *x = NULL;
    stitch_model *m = stitch_model_load(write_input("model.cfg", data, size), &err);
    if (!m || !(cb = stitch_costbook_load_for(m, stitch_costbook_default_dirs(), &err)) ||
        !(p = stitch_plan_compile(m, cb, &err)))
        goto done;
    r = stitch_result_alloc(p);
    x = calloc(stitch_plan_input_count(p) + 1, sizeof *x);
    if (!r || !x)
        goto done;
    stitch_plan_base(p, x);
    stitch_eval(p, x, r);
    if (stitch_result_check(p, r, &err) != STITCH_OK)
        goto done;
    int heavy =
        cohort_years(p) * (double)(stitch_plan_input_count(p) + 1) > FUZZ_MAX_WORK;
    if (!(mc = stitch_mc_run(p, heavy ? 16 : 128, 1, 1, &err)))
        goto done;
    stitch_sensitivity_options o = {.grid_n = 3, .sobol_n = -1, .seed = 1};
    if (!heavy && !(s = stitch_sensitivity_run(p, &o, &err)))
        goto done;
    for (int fmt = 0; fmt < 3; fmt++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f || stitch_report_run(f, (stitch_format)fmt, p, r, mc, s) != STITCH_OK)
            abort();
        fclose(f);
        if (fmt == STITCH_FORMAT_JSON)
            check_json(buf);
        free(buf);
    }
done:
    stitch_sensitivity_free(s);
    stitch_mc_free(mc);
    free(x);
    stitch_result_free(r);
    stitch_plan_free(p);
    stitch_costbook_free(cb);
    stitch_model_free(m);
    return 0;
}
