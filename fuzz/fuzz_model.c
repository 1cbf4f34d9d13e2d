/* fuzz_model.c — libFuzzer harness for the model loader (stage 1): any bytes
 * must give a model or a clean error, never a crash, leak or hang. */
#include "fuzz_common.h"
#include "stitch/stitch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    stitch_diag err;
    stitch_model *m = stitch_model_load(write_input("model.cfg", data, size), &err);
    if (!m && (!err.message[0] || err.status == STITCH_OK))
        abort(); /* a failure must say what is wrong */
    stitch_model_free(m);
    return 0;
}
