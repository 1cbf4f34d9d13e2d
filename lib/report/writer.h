/* writer.h — what the report writers share: one writer per format
 * (text.c, json.c, csv.c, md.c, html.c, xlsx.c), called by the dispatcher
 * (report.c, file.c). The writers include this header, never the
 * dispatcher's (report.h). Internal to the library. */
#ifndef STITCH_WRITER_H
#define STITCH_WRITER_H

#include "fmt.h"
#include "plan.h"
#include "compare.h"
#include "results.h"
#include "stitch/stitch.h"

#include <stdio.h>

/* STITCH_RNG_NAME, the generator and stream scheme of sample.c as reports
 * name it, is in results.h, beside results_rng_name. */

/* Each writer renders the results document (results.h): the figures and
 * sentences are the document's, never worked out or worded again. */

/* ---- text (text.c) -------------------------------------------------------- */

/* The business case in words (without the sensitivity tables). */
void report_text_run(FILE *o, const results_doc *d);
/* The sensitivity tables as aligned text with a tornado chart. */
void report_text_sensitivity(FILE *o, const stitch_plan *p, const stitch_sensitivity *s);

/* The value of information in words. */
void report_text_evidence(FILE *o, const results_evidence *d);

/* A comparison of options in words. */
void report_text_comparison(FILE *o, const results_comparison *d);

/* A portfolio in words (docs/method.md section 14). */
void report_text_portfolio(FILE *o, const results_portfolio *d);

/* ---- JSON (json.c) -------------------------------------------------------- */

/* A portfolio: total (base, summary), projects (model, cash, base, summary),
 * and selection with a budget. STITCH_ENOMEM when out of memory. */
stitch_status report_json_portfolio(FILE *o, const results_portfolio *d);

/* A comparison of options: options (each as `run` gives it), pairs, p_best. */
stitch_status report_json_comparison(FILE *o, const stitch_comparison *c);

/* The value of information: evpi, evpi_se, p_wrong, evppi, evsi. */
void report_json_evidence(FILE *o, const results_evidence *d);

/* One JSON object: the document's figures, its simulation and sensitivity
 * when run, and its sentences. */
void report_json_run(FILE *o, const results_doc *d);

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

/* The document's cost lines, cash flow and capacity freed: the tables
 * "costs", "cash_flow" and "capacity" (after report_csv's). */
void report_csv_case(csv_out *o, const results_doc *d);

/* ---- Markdown (md.c) and HTML (html.c): self-contained pages for funders -- */

void report_md(FILE *o, const results_doc *d);
void report_html(FILE *o, const results_doc *d);

/* A portfolio's page (docs/method.md section 14): the totals, the
 * selection, the projects side by side with the chart of their NPV ranges,
 * and what the portfolio frees. */
void report_md_portfolio(FILE *o, const results_portfolio *d);
void report_html_portfolio(FILE *o, const results_portfolio *d);

/* A comparison's page (docs/method.md section 12): the options side by
 * side with the chart of their NPV ranges, the ranking and the pairs. */
void report_md_comparison(FILE *o, const results_comparison *d);
void report_html_comparison(FILE *o, const results_comparison *d);

/* ---- Excel (xlsx.c) ------------------------------------------------------- */

/*
 * Write the workbook to `path` (the caller passes a temporary path and
 * renames it after). Without a simulation or sensitivity in the document,
 * those sheets say "not run". Sheets, in order: Summary, Logic model, Assumptions, Unit costs,
 * Results, Tornado, Distribution, Switching values, Scenarios, Sobol,
 * Find out next (with the value of information only), Costs, Cash flow
 * (formulas over the base-case years), Capacity freed, Outcomes.
 * Values that do not exist (a BCR without costs, a payback that never comes)
 * are written as text, never as a NaN. Returns STITCH_OK, or an error with
 * *err: STITCH_EIO "cannot write the workbook: <libxlsxwriter's message>"
 * (err->file names the path), or STITCH_ENOMEM.
 */
stitch_status report_xlsx_write(const char *path, const results_doc *d, stitch_diag *err);

/* A portfolio's workbook: sheets Portfolio (the totals and the selection),
 * Projects, and Freed (time, capacity, payers and kinds); errors as
 * report_xlsx_write. */
stitch_status report_xlsx_portfolio(const char *path, const results_portfolio *d,
                                    stitch_diag *err);

/* A comparison's workbook: sheets Options and Pairs; errors as
 * report_xlsx_write. */
stitch_status report_xlsx_comparison(const char *path, const results_comparison *d,
                                     stitch_diag *err);

#endif
