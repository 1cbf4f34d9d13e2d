/* report.c — the dispatcher: choose a report writer and check that it was
 * written. The writers (writer.h) know nothing of it. */
#include "report.h"
#include "writer.h"

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
    results_doc *d = results_build(p, base, mc, sens);
    if (!d)
        return STITCH_ENOMEM;
    if (fmt == STITCH_FORMAT_CSV) {
        csv_out o = csv_stream(out);
        report_csv(&o, p, base, mc, sens);
        report_csv_case(&o, d);
    } else if (fmt == STITCH_FORMAT_JSON)
        report_json_run(out, d);
    else {
        report_text_run(out, d);
        if (sens) {
            fputc('\n', out);
            report_text_sensitivity(out, p, sens);
        }
    }
    results_free(d);
    return flushed(out);
}

stitch_status stitch_report_sensitivity(FILE *out, stitch_format fmt,
                                        const stitch_plan *p, const stitch_result *base,
                                        const stitch_sensitivity *sens)
{
    if (fmt == STITCH_FORMAT_JSON) {
        results_doc *d = results_build(p, base, NULL, sens);
        if (!d)
            return STITCH_ENOMEM;
        report_json_run(out, d);
        results_free(d);
    } else if (fmt == STITCH_FORMAT_CSV) {
        csv_out o = csv_stream(out);
        report_csv(&o, p, NULL, NULL, sens);
    } else {
        fprintf(out, "%s\n\n", p->name);
        report_text_sensitivity(out, p, sens);
    }
    return flushed(out);
}

stitch_status stitch_report_evidence(FILE *out, stitch_format fmt, const stitch_plan *p,
                                     const stitch_evidence *e)
{
    if (fmt == STITCH_FORMAT_CSV)
        return STITCH_EINPUT;
    results_evidence *d = results_evidence_build(p, e);
    if (!d)
        return STITCH_ENOMEM;
    if (fmt == STITCH_FORMAT_JSON)
        report_json_evidence(out, d);
    else
        report_text_evidence(out, d);
    results_evidence_free(d);
    return flushed(out);
}

stitch_status stitch_report_comparison(FILE *out, stitch_format fmt,
                                       const stitch_comparison *c)
{
    if (fmt == STITCH_FORMAT_CSV)
        return STITCH_EINPUT;
    if (fmt == STITCH_FORMAT_JSON) {
        stitch_status st = report_json_comparison(out, c);
        if (st)
            return st;
    } else {
        results_comparison *d = results_comparison_build(c);
        if (!d)
            return STITCH_ENOMEM;
        report_text_comparison(out, d);
        results_comparison_free(d);
    }
    return flushed(out);
}

stitch_status stitch_report_portfolio(FILE *out, stitch_format fmt,
                                      const stitch_portfolio *pf)
{
    if (fmt == STITCH_FORMAT_CSV)
        return STITCH_EINPUT;
    results_portfolio *d = results_portfolio_build(pf);
    if (!d)
        return STITCH_ENOMEM;
    stitch_status st = STITCH_OK;
    if (fmt == STITCH_FORMAT_JSON)
        st = report_json_portfolio(out, d);
    else
        report_text_portfolio(out, d);
    results_portfolio_free(d);
    return st ? st : flushed(out);
}
