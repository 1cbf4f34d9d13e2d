/* main.c — the stitch command: parse, run, map the status to an exit code. */
#include "cli.h"

int main(int argc, char **argv)
{
    stitch_init();
    stitch_cli cli;
    stitch_diag err;
    cli_status st = stitch_cli_parse(argc, argv, &cli, &err);
    if (st == CLI_OK) {
        stitch_cli_catch_signals(); /* an interrupted report leaves nothing behind */
        st = stitch_cli_run(&cli, stdout, stderr);
    } else
        stitch_cli_usage_error(&err, stderr);
    return stitch_cli_exit_code(st);
}
