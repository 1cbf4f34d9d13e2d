/* lint.c — warnings about a linked model that a reviewer would raise. */
#include "lint.h"

#include "fmt.h"
#include "model.h"
#include "plan.h"

/* SPEC 4.3: counts are not capped by the need; warn where reach may exceed it. */
static stitch_status reach_above_need(stitch_model *m)
{
    double need = dist_mean(&m->population.dist);
    for (size_t i = 0; i < m->n_outputs; i++) {
        const model_output *o = &m->outputs[i];
        double p95 = dist_quantile(&o->count.dist, 0.95);
        char a[64], b[64];
        if (p95 > need &&
            diag_list_add(&m->warnings, m->file, o->count.line, o->count.path,
                          "its 95th percentile (%s people a year) exceeds the need "
                          "population (%s): check the reach or the need",
                          fmt_num(a, sizeof a, p95, 0), fmt_num(b, sizeof b, need, 0)))
            return STITCH_ENOMEM;
    }
    return STITCH_OK;
}

stitch_status stitch_lint(stitch_model *m, const stitch_plan *p)
{
    (void)p;
    return reach_above_need(m);
}
