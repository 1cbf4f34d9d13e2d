/* report_xlsx.h — stage 6: the business case as an Excel workbook a bid writer
 * can hand to a funder: a summary, the logic model, every assumption and unit
 * cost, the simulation's results and the sensitivity tables, with native
 * Excel charts of the tornado and of the distribution of the BCR. */
#ifndef STITCH_REPORT_XLSX_H
#define STITCH_REPORT_XLSX_H

#include "stitch/stitch.h"

/*
 * Write the workbook to `path` (the caller passes a temporary path and
 * renames it after). mc and sens may be NULL (then those sheets say "not
 * run"). Sheets, in order: Summary, Logic model, Assumptions, Unit costs,
 * Results, Tornado, Distribution, Switching values, Scenarios, Sobol.
 * Values that do not exist (a BCR without costs, a payback that never comes)
 * are written as text, never as a NaN. Returns STITCH_OK, or an error with
 * *err: STITCH_EIO "cannot write the workbook: <libxlsxwriter's message>"
 * (err->file names the path), or STITCH_ENOMEM.
 */
stitch_status report_xlsx_write(const char *path, const stitch_plan *p,
                                const stitch_result *r, const stitch_mc_result *mc,
                                const stitch_sensitivity *sens, stitch_diag *err);

#endif
