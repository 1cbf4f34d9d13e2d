/* fuzz_table.c — libFuzzer harness for the unit-cost CSV loader (stage 2):
 * the input is a table, loaded with the project's inflation index. */
#include "fuzz_common.h"
#include "stitch/stitch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *table = write_input("table.csv", data, size);
    const char *tables[] = {table};
    stitch_diag err;
    stitch_costbook *cb =
        stitch_costbook_load(tables, 1, STITCH_SOURCE_DIR "/unitcosts/indices.csv", &err);
    if (!cb && (!err.message[0] || err.status == STITCH_OK))
        abort();
    stitch_costbook_free(cb);
    /* The same bytes as an index, with the project's England table. */
    const char *england[] = {STITCH_SOURCE_DIR "/unitcosts/uk-pssru-2024.csv"};
    cb = stitch_costbook_load(england, 1, table, &err);
    if (!cb && (!err.message[0] || err.status == STITCH_OK))
        abort();
    stitch_costbook_free(cb);
    return 0;
}
