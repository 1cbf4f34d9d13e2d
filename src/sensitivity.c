/* sensitivity.c — `stitch sensitivity MODEL`: the tables of which
 * assumptions the case rests on. */
#include "cli.h"

#include <errno.h>

cli_status cli_cmd_sensitivity(const cli_args *cli, FILE *out, FILE *errs)
{
    cli_case b;
    stitch_sensitivity *s = NULL;
    cli_status st = cli_case_open(cli, errs, &b);
    if (st || !(s = cli_sensitivity_of(cli, b.p, errs, &st)))
        goto done;
    errno = 0;
    if (stitch_report_sensitivity(out, cli->format, b.p, b.r, s) != STITCH_OK)
        st = cli_write_failed(errs);
done:
    stitch_sensitivity_free(s);
    cli_case_free(&b);
    return st;
}
