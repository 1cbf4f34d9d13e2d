/* test_numbers.c — numbers are never silently changed (issue 11, part 2).
 * Each model is written to a temporary folder and run through the stitch
 * binary, as a bid writer would run it. */
#include "harness.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    char dir[32];
    char path[4096];
} temp_model;

/* A one-benefit model in a new temporary folder: `count` people reached,
 * `rate` of them helped, each worth `value` a year, costing `amount` a year,
 * over `years` years (discount 3.5%, attribution 0.5). */
static void write_model(temp_model *t, const char *years, const char *amount,
                        const char *count, const char *rate, const char *value)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/stitch-n-XXXXXX");
    cr_assert_not_null(mkdtemp(t->dir));
    snprintf(t->path, sizeof t->path, "%s/m.cfg", t->dir);
    FILE *f = fopen(t->path, "w");
    cr_assert_not_null(f);
    fprintf(f,
            "name = \"Numbers\";\n"
            "price_year = \"2023/24\";\n"
            "years = %s;\n"
            "discount = 0.035;\n"
            "need = { text = \"Need\"; population = 1e13; };\n"
            "costs = ( { id = \"staff\"; amount = %s; per = \"year\"; } );\n"
            "outputs = ( { id = \"o\"; count = %s; } );\n"
            "outcomes = ( { id = \"k\"; from = \"o\"; rate = %s; } );\n"
            "benefits = ( { id = \"v\"; outcome = \"k\"; value = %s; attribution = 0.5; "
            "} );\n",
            years, amount, count, rate, value);
    cr_assert_eq(fclose(f), 0);
}

static void remove_model(const temp_model *t)
{
    unlink(t->path);
    rmdir(t->dir);
}

/* Run stitch with args in the model's folder; returns the exit code. */
static int stitch(const temp_model *t, const char *const *args, char **out, char **err)
{
    return run_stitch(t->dir, args, out, err);
}

/* ---- GSL's error handler ------------------------------------------------------------
 */

/* An output count with a huge sd (a gamma of shape 1e-12): GSL's inverse
 * CDF used to fail inside `stitch check`, whose default error handler
 * aborted the program (exit 134). Its 95th percentile is 0 (nearly all of
 * a gamma of shape 1e-12 lies below the smallest double), so check finds
 * nothing wrong beyond the usual warnings. */
Test(numbers, gamma_with_huge_sd_does_not_abort_check)
{
    temp_model t;
    write_model(&t, "1", "1000.0", "{ dist = \"gamma\"; mean = 100.0; sd = 1e8; }", "0.5",
                "10.0");
    char *out, *err;
    const char *args[] = {"check", "m.cfg", NULL};
    int rc = stitch(&t, args, &out, &err);
    cr_assert_eq(rc, 1, "exit %d; stderr:\n%s", rc, err);
    cr_assert_str_eq(out, "m.cfg: usable, with warnings: 9 inputs, 1 of them uncertain; "
                          "5 warnings\n");
    cr_assert_null(strstr(err, "gsl"), "%s", err);
    free(out), free(err);
    remove_model(&t);
}
