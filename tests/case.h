/* case.h — one example model's business case built once and rendered in
 * every format, for the tests that compare the formats with the results
 * document (test_results.c, test_case_reports.c). */
#ifndef STITCH_TEST_CASE_H
#define STITCH_TEST_CASE_H

#include "plan.h"
#include "results.h"

#include <cjson/cJSON.h>

typedef struct {
    stitch_plan *p;
    stitch_result *r;
    stitch_mc_result *mc;
    stitch_sensitivity *s;
    results_doc *d;
} case_run;

/* The model `rel` with 200 simulations (seed 1) and a small Sobol sample,
 * and its results document. Fails the test on any error. */
case_run case_build(const char *rel);
void case_done(case_run *x);

/* The report in format `fmt`, as a string the caller frees. */
char *case_rendered(const case_run *x, stitch_format fmt);

/* A report file dir/name written by stitch_report_file, read back. */
char *case_report_file(const case_run *x, const char *dir, const char *name);

/* One member of dir/case.xlsx (a zip), by unzip -p. */
char *case_xlsx_member(const char *dir, const char *member);

/* Text as the HTML and the workbook's XML write it (& < > " escaped);
 * the caller frees. */
char *case_escaped(const char *s);

/* Expect `what` in `text`: "<model> (<format>): '<what>' is missing". */
void case_has(const char *text, const char *what, const char *format, const char *model);

/* The same for `what` as the HTML and the workbook escape it. */
void case_has_escaped(const char *text, const char *what, const char *format,
                      const char *model);

/* The number root.a.b (fails the test if it is not a number). */
double case_json_at(const cJSON *root, const char *a, const char *b);

/* 1 when a cell of a worksheet's XML holds v as libxlsxwriter writes a
 * number (16 significant figures, "%.16G"; Excel keeps 15). */
int case_xlsx_has_number(const char *sheet, double v);

#endif
