/* main.c — the stitch tool: parse the command line (options.c), run the
 * command (cli.c and one file per command), map the status to an exit code. */
#include "cli.h"

int main(int argc, char **argv)
{
    stitch_init();
    cli_args cli;
    stitch_diag err;
    cli_status st = cli_parse(argc, argv, &cli, &err);
    if (st == CLI_OK) {
        cli_catch_signals(); /* an interrupted report leaves nothing behind */
        st = cli_run(&cli, stdout, stderr);
    } else
        cli_usage_error(&err, stderr);
    return cli_exit_code(st);
}
