/* case.c — one example model's business case in every format (case.h). */
#include "case.h"

#include "harness.h"
#include "writer.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

case_run case_build(const char *rel)
{
    case_run x = {0};
    stitch_diag err = {0};
    x.p = load_plan(rel);
    x.r = base_case(x.p);
    x.mc = stitch_mc_run(x.p, 200, 1, 1, &err);
    cr_assert_not_null(x.mc, "%s: %s", rel, err.message);
    stitch_sensitivity_options o = {.grid_n = 3, .sobol_n = 64, .seed = 1};
    x.s = stitch_sensitivity_run(x.p, &o, &err);
    cr_assert_not_null(x.s, "%s: %s", rel, err.message);
    x.d = results_build(x.p, x.r, x.mc, x.s);
    cr_assert_not_null(x.d);
    return x;
}

void case_done(case_run *x)
{
    results_free(x->d);
    stitch_sensitivity_free(x->s);
    stitch_mc_free(x->mc);
    stitch_result_free(x->r);
    stitch_plan_free(x->p);
}

char *case_rendered(const case_run *x, stitch_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    cr_assert_eq(stitch_report_run(f, fmt, x->p, x->r, x->mc, x->s), STITCH_OK);
    cr_assert_eq(fclose(f), 0);
    return buf;
}

char *case_report_file(const case_run *x, const char *dir, const char *name)
{
    char path[4200];
    stitch_diag err = {0};
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cr_assert_eq(stitch_report_file(path, x->p, x->r, x->mc, x->s, &err), STITCH_OK, "%s",
                 err.message);
    return slurp_file(path);
}

char *case_xlsx_member(const char *dir, const char *member)
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

char *case_escaped(const char *s)
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

void case_has(const char *text, const char *what, const char *format, const char *model)
{
    cr_expect(strstr(text, what), "%s (%s): '%s' is missing", model, format, what);
}

void case_has_escaped(const char *text, const char *what, const char *format,
                      const char *model)
{
    char *e = case_escaped(what);
    case_has(text, e, format, model);
    free(e);
}

double case_json_at(const cJSON *root, const char *a, const char *b)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, a);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, b);
    cr_assert(cJSON_IsNumber(v), "JSON %s.%s is not a number", a, b);
    return v->valuedouble;
}

int case_xlsx_has_number(const char *sheet, double v)
{
    char cell[64];
    snprintf(cell, sizeof cell, "<v>%.16G</v>", v);
    return strstr(sheet, cell) != NULL;
}
