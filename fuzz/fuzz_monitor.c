/* fuzz_monitor.c — libFuzzer harness for the monitoring stage: the input is
 * a monitoring table for a small value-only model, read, pooled and used to
 * update its inputs. Every failure must come with a message; every update
 * must leave finite posterior figures. */
#include "fuzz_common.h"
#include "stitch/stitch.h"

#include <math.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char model_text[] =
    "name = \"Fuzz\";\nprice_year = \"2023/24\";\nyears = 2;\ndiscount = 0.035;\n"
    "need = { text = \"People\"; population = 1000; };\n"
    "costs = ( { id = \"staff\"; amount = 1000.0; per = \"year\"; } );\n"
    "outputs = ( { id = \"reached\";\n"
    "    count = { dist = \"pert\"; min = 10.0; mode = 20.0; max = 40.0; }; },\n"
    "  { id = \"called\"; count = { dist = \"gamma\"; mean = 30.0; sd = 10.0; }; } );\n"
    "outcomes = ( { id = \"better\"; from = \"reached\";\n"
    "    rate = { dist = \"normal\"; mean = 0.5; sd = 0.2; min = 0.0; max = 1.0; }; },\n"
    "  { id = \"well\"; from = \"better\"; rate = { dist = \"beta\"; mean = 0.4; sd = "
    "0.1; }; },\n"
    "  { id = \"fixed\"; from = \"called\"; rate = 0.3; } );\n"
    "benefits = ( { id = \"v\"; outcome = \"well\"; value = 100.0; attribution = 0.2; } "
    ");\n"
    "monitoring = [\"monitoring.csv\"];\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    write_input("monitoring.csv", data, size);
    const char *model =
        write_input("m.cfg", (const uint8_t *)model_text, sizeof model_text - 1);
    stitch_diag err;
    stitch_model *m = stitch_model_load(model, &err);
    if (!m)
        abort(); /* the model itself is fixed and valid */
    stitch_costbook *cb = stitch_costbook_load_for(m, NULL, &err);
    stitch_plan *p = cb ? stitch_plan_compile(m, cb, &err) : NULL;
    if (!p)
        abort();
    if (stitch_plan_monitor(p, m, &err) != STITCH_OK) {
        if (!err.message[0] || err.status == STITCH_OK)
            abort();
    } else {
        stitch_result *r = stitch_result_alloc(p);
        double *x = calloc(stitch_plan_input_count(p) + 1, sizeof *x);
        if (!r || !x)
            abort();
        stitch_plan_base(p, x);
        for (size_t i = 0; i < stitch_plan_input_count(p); i++)
            if (!isfinite(x[i]))
                abort(); /* a posterior mean that is not a number */
        free(x);
        stitch_result_free(r);
    }
    stitch_plan_free(p);
    stitch_costbook_free(cb);
    stitch_model_free(m);
    return 0;
}
