/* report.h — stage 5: the report writers behind stitch_report_*. */
#ifndef STITCH_REPORT_H
#define STITCH_REPORT_H

#include "stitch/stitch.h"
#include <stdio.h>

/* mc may be NULL: the base case alone. */
void report_text_run(FILE *o, const stitch_plan *p, const stitch_result *r,
                     const stitch_mc_result *mc);
void report_json_run(FILE *o, const stitch_plan *p, const stitch_result *r,
                     const stitch_mc_result *mc);

/* The generator and stream scheme, as reports name it. */
#define STITCH_RNG_NAME "gsl taus2, one stream per input per block of 4096 iterations"

#endif
