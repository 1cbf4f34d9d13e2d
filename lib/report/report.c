/* report.c — stage 5: choose a report writer and check that it was written. */
#include "plan.h"
#include "report.h"

stitch_status stitch_report_base(FILE *out, stitch_format fmt, const stitch_plan *p,
                                 const stitch_result *base)
{
    return stitch_report_run(out, fmt, p, base, NULL, NULL);
}

static stitch_status flushed(FILE *out)
{
    return fflush(out) != 0 || ferror(out) ? STITCH_EIO : STITCH_OK;
}

stitch_status stitch_report_run(FILE *out, stitch_format fmt, const stitch_plan *p,
                                const stitch_result *base, const stitch_mc_result *mc,
                                const stitch_sensitivity *sens)
{
    if (fmt == STITCH_FORMAT_JSON)
        report_json_run(out, p, base, mc, sens);
    else if (fmt == STITCH_FORMAT_CSV) {
        report_csv_run(out, p, base, mc);
        if (sens) {
            fputc('\n', out);
            report_csv_sensitivity(out, p, sens);
        }
    } else {
        report_text_run(out, p, base, mc);
        if (sens) {
            fputc('\n', out);
            report_text_sensitivity(out, p, sens);
        }
    }
    return flushed(out);
}

stitch_status stitch_report_sensitivity(FILE *out, stitch_format fmt,
                                        const stitch_plan *p, const stitch_result *base,
                                        const stitch_sensitivity *sens)
{
    if (fmt == STITCH_FORMAT_JSON)
        report_json_run(out, p, base, NULL, sens);
    else if (fmt == STITCH_FORMAT_CSV)
        report_csv_sensitivity(out, p, sens);
    else {
        fprintf(out, "%s\n\n", p->name);
        report_text_sensitivity(out, p, sens);
    }
    return flushed(out);
}

void report_result_rows(const stitch_result *r, const stitch_mc_result *mc,
                        report_row rows[REPORT_ROWS])
{
    rows[0] = (report_row){"Benefit-cost ratio", r->bcr,
                           mc && mc->bcr_defined ? &mc->bcr : NULL, 0};
    rows[1] = (report_row){"Net present value", r->npv, mc ? &mc->npv : NULL, 1};
    rows[2] = (report_row){"PV of benefits", r->pvb, mc ? &mc->pvb : NULL, 1};
    rows[3] = (report_row){"PV of costs", r->pvc, mc ? &mc->pvc : NULL, 1};
}
