/* writer.h — what the report writers share: one writer per format
 * (text.c, json.c, csv.c, md.c, html.c, xlsx.c), called by the dispatcher
 * (report.c, file.c). The writers include this header, never the
 * dispatcher's (report.h). Internal to the library. */
#ifndef STITCH_WRITER_H
#define STITCH_WRITER_H

#include "fmt.h"
#include "plan.h"
#include "stitch/stitch.h"

#include <stdio.h>

/* The generator and stream scheme of sample.c, as reports name it. */
#define STITCH_RNG_NAME "gsl taus2, one stream per input per block of 4096 iterations"

/* ---- text (text.c) -------------------------------------------------------- */

/* The business case in words; mc may be NULL (the base case alone). */
void report_text_run(FILE *o, const stitch_plan *p, const stitch_result *r,
                     const stitch_mc_result *mc);
/* The sensitivity tables as aligned text with a tornado chart. */
void report_text_sensitivity(FILE *o, const stitch_plan *p, const stitch_sensitivity *s);

/* ---- JSON (json.c) -------------------------------------------------------- */

/* One JSON object; mc and sens may be NULL. */
void report_json_run(FILE *o, const stitch_plan *p, const stitch_result *r,
                     const stitch_mc_result *mc, const stitch_sensitivity *sens);

/* ---- CSV (csv.c) ---------------------------------------------------------- */

/*
 * Where the CSV writer puts its tables: every table in one stream,
 * separated by blank lines (csv_stream), or each in a file of its own (the
 * folder stitch_report_file writes). `open` returns the stream for the table
 * `name` that `rows` rows will follow (the writer then writes its header line
 * and rows), or NULL to leave the table out; `close` ends it.
 */
typedef struct csv_out csv_out;
struct csv_out {
    FILE *(*open)(csv_out *o, const char *name, size_t rows);
    void (*close)(csv_out *o, FILE *f);
    FILE *stream; /* csv_stream's */
    int tables;   /* opened so far */
};

/* Every table in `f`, with a blank line between tables. */
csv_out csv_stream(FILE *f);

/* The tables of the business case (r and mc; r NULL: none, mc NULL: no
 * simulation) and of the sensitivity (s NULL: none), in that order. */
void report_csv(csv_out *o, const stitch_plan *p, const stitch_result *r,
                const stitch_mc_result *mc, const stitch_sensitivity *s);

/* ---- Markdown (md.c) and HTML (html.c): self-contained pages for funders -- */

void report_md(FILE *o, const stitch_plan *p, const stitch_result *r,
               const stitch_mc_result *mc, const stitch_sensitivity *s);
void report_html(FILE *o, const stitch_plan *p, const stitch_result *r,
                 const stitch_mc_result *mc, const stitch_sensitivity *s);

/* ---- Excel (xlsx.c) ------------------------------------------------------- */

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

/* ---- shared by the funders' reports --------------------------------------- */

/* The headline results as rows: label, base case, simulation summary (NULL
 * when not run or not defined), money or ratio. */
typedef struct {
    const char *label;
    double base;
    const stitch_summary *s;
    int money;
} report_row;
enum { REPORT_ROWS = 4 };

static inline void report_result_rows(const stitch_result *r, const stitch_mc_result *mc,
                                      report_row rows[REPORT_ROWS])
{
    rows[0] = (report_row){"Benefit-cost ratio", r->bcr,
                           mc && mc->bcr_defined ? &mc->bcr : NULL, 0};
    rows[1] = (report_row){"Net present value", r->npv, mc ? &mc->npv : NULL, 1};
    rows[2] = (report_row){"PV of benefits", r->pvb, mc ? &mc->pvb : NULL, 1};
    rows[3] = (report_row){"PV of costs", r->pvc, mc ? &mc->pvc : NULL, 1};
}

#endif
