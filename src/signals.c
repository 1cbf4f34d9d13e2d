/* signals.c — an interrupted report leaves nothing behind: the tool, not
 * the library, catches the signals (stitch.h, stitch_report_undo_step). */
#include "cli.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Stopped by a signal: undo what the report being written has made (only
 * async-signal-safe calls), then die of the same signal. */
static void undo_and_die(int sig)
{
    stitch_undo_action a;
    const char *path, *to;
    for (size_t i = 0; stitch_report_undo_step(i, &a, &path, &to); i++)
        if (a == STITCH_UNDO_UNLINK)
            (void)unlink(path);
        else if (a == STITCH_UNDO_RMDIR)
            (void)rmdir(path);
        else if (a == STITCH_UNDO_RENAME)
            (void)rename(path, to);
    signal(sig, SIG_DFL);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    raise(sig);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
}

void cli_catch_signals(void)
{
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = undo_and_die;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < 3; i++)
        sigaddset(&sa.sa_mask, sigs[i]); /* one undo at a time */
    for (size_t i = 0; i < 3; i++) {
        struct sigaction was;
        if (sigaction(sigs[i], NULL, &was) == 0 && was.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
}
