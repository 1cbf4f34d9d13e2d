/* report.c — stage 5: choose a report writer and check that it was written. */
#include "report.h"

stitch_status stitch_report_base(FILE *out, stitch_format fmt, const stitch_plan *p,
                                 const stitch_result *base)
{
    if (fmt == STITCH_FORMAT_JSON)
        report_json_base(out, p, base);
    else
        report_text_base(out, p, base);
    if (fflush(out) != 0 || ferror(out))
        return STITCH_EIO;
    return STITCH_OK;
}

const char *stitch_version(void)
{
    return STITCH_VERSION;
}
