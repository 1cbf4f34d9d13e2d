/* report.c — stage 5: choose a report writer and check that it was written. */
#include "report.h"

stitch_status stitch_report_base(FILE *out, stitch_format fmt, const stitch_plan *p,
                                 const stitch_result *base)
{
    return stitch_report_run(out, fmt, p, base, NULL);
}

stitch_status stitch_report_run(FILE *out, stitch_format fmt, const stitch_plan *p,
                                const stitch_result *base, const stitch_mc_result *mc)
{
    if (fmt == STITCH_FORMAT_JSON)
        report_json_run(out, p, base, mc);
    else
        report_text_run(out, p, base, mc);
    if (fflush(out) != 0 || ferror(out))
        return STITCH_EIO;
    return STITCH_OK;
}

const char *stitch_version(void)
{
    return STITCH_VERSION;
}
