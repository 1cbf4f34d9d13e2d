/* report.h — stage 5: the report writers behind stitch_report_*. */
#ifndef STITCH_REPORT_H
#define STITCH_REPORT_H

#include "fmt.h"
#include "sample.h"
#include "stitch/stitch.h"
#include <stdio.h>

/* mc may be NULL: the base case alone; sens may be NULL: no sensitivity. */
void report_text_run(FILE *o, const stitch_plan *p, const stitch_result *r,
                     const stitch_mc_result *mc);
void report_json_run(FILE *o, const stitch_plan *p, const stitch_result *r,
                     const stitch_mc_result *mc, const stitch_sensitivity *sens);
void report_csv_run(FILE *o, const stitch_plan *p, const stitch_result *r,
                    const stitch_mc_result *mc);

/* The sensitivity tables (report_sens.c). */
void report_text_sensitivity(FILE *o, const stitch_plan *p, const stitch_sensitivity *s);
void report_json_sensitivity(json_writer *w, const stitch_plan *p,
                             const stitch_sensitivity *s);
void report_csv_sensitivity(FILE *o, const stitch_plan *p, const stitch_sensitivity *s);

/* The headline results as rows for the funders' reports: label, base case,
 * simulation summary (NULL when not run or not defined), money or ratio. */
typedef struct {
    const char *label;
    double base;
    const stitch_summary *s;
    int money;
} report_row;
enum { REPORT_ROWS = 4 };
void report_result_rows(const stitch_result *r, const stitch_mc_result *mc,
                        report_row rows[REPORT_ROWS]);

/* Reports for funders (report_html.c, report_md.c): self-contained pages. */
void report_html(FILE *o, const stitch_plan *p, const stitch_result *r,
                 const stitch_mc_result *mc, const stitch_sensitivity *s);
void report_md(FILE *o, const stitch_plan *p, const stitch_result *r,
               const stitch_mc_result *mc, const stitch_sensitivity *s);

/* Test hook: make report files fail with ENOSPC after `bytes` bytes (-1:
 * never), to simulate a full disk without touching a device. */
void report_test_fail_writes_after(long bytes);

/* Test hook: call fn with the name of each step stitch_report_file
 * reaches: "locked" (the lock beside the target is held), "written" (the
 * temporary file or folder is complete), "aside" (network drives: the old
 * CSV folder moved to NAME.old-PID), "swapped" (the new report is in
 * place), "cleaning" (the old CSV folder's first file removed). NULL: none. */
void report_test_step_hook(void (*fn)(const char *step));

/* Test hook: behave as a network drive, where renameat2 answers EINVAL to
 * RENAME_EXCHANGE and RENAME_NOREPLACE (1), or not (0). */
void report_test_no_exchange(int on);

#endif
