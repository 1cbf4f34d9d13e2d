/* eval.h — stage 4: evaluating the plan at one input vector
 * (docs/method.md, section 3), and the one way a later stage may evaluate
 * it differently. The plan is never copied or changed to vary an evaluation: what
 * changes is the input vector, or the options below. */
#ifndef STITCH_EVAL_H
#define STITCH_EVAL_H

#include "plan.h"

/* What an evaluation uses in place of the plan's own numbers. */
typedef struct {
    /* Discount factors for every schedule (n_sched rows of `years`, laid
     * out as the plan's), or NULL for the plan's. */
    const double *df;
} eval_options;

/* stitch_eval with options (o may be NULL: stitch_eval itself). Never
 * allocates. */
void eval_with(const stitch_plan *p, const double *x, const eval_options *o,
               stitch_result *r);

#endif
