/* report.h — stage 5: the report writers behind stitch_report_*. */
#ifndef STITCH_REPORT_H
#define STITCH_REPORT_H

#include "stitch/stitch.h"
#include <stdio.h>

void report_text_base(FILE *o, const stitch_plan *p, const stitch_result *r);
void report_json_base(FILE *o, const stitch_plan *p, const stitch_result *r);

#endif
