/* progress.c — a line on stderr saying how far a long step has got
 * ("stitch: Sobol indices: evaluating the model: 45% (about 12 s left)"),
 * drawn only when stderr is a terminal and only once the step looks like
 * taking more than about 2 s; the line is cleared when the step ends. The
 * library says how far it has got through stitch_progress_fn. */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void cli_progress_init(cli_progress *pr, FILE *errs)
{
    memset(pr, 0, sizeof *pr);
    pr->errs = errs;
    pr->tty = isatty(fileno(errs));
}

void cli_progress_report(const char *step, double fraction, void *ctx)
{
    cli_progress *pr = ctx;
    if (!pr->tty)
        return;
    double t = now();
    if (fraction <= 0 || !pr->step || strcmp(step, pr->step) != 0) {
        if (pr->drawn)
            fputs("\r\033[K", pr->errs);
        pr->step = step, pr->start = t, pr->drawn = 0, pr->last = 0;
        if (fraction <= 0)
            return;
    }
    if (fraction >= 1) {
        if (pr->drawn)
            fputs("\r\033[K", pr->errs), fflush(pr->errs);
        pr->drawn = 0, pr->step = NULL;
        return;
    }
    double elapsed = t - pr->start, total = elapsed / fraction;
    if (elapsed < 0.5 || (!pr->drawn && total < 2) || t - pr->last < 0.1)
        return;
    double left = total - elapsed;
    if (left >= 90)
        fprintf(pr->errs, "\rstitch: %s: %d%% (about %.0f min left)\033[K", step,
                (int)(fraction * 100), left / 60);
    else
        fprintf(pr->errs, "\rstitch: %s: %d%% (about %.0f s left)\033[K", step,
                (int)(fraction * 100), left < 1 ? 1 : left);
    fflush(pr->errs);
    pr->drawn = 1, pr->last = t;
}
