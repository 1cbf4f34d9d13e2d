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

/* ---- many evaluations at once (the simulation's, docs/method.md section 8) ---- */

/* Iterations evaluate_block takes at once. */
#define EVAL_CHUNK 256

/* What the simulation keeps of each evaluation, for up to EVAL_CHUNK
 * iterations, each array with EVAL_CHUNK values per row. */
typedef struct {
    double *pvb, *pvc;
    short *payback;   /* payback year, -1 never */
    double *hours;    /* n_staff rows */
    double *capacity; /* n_capacity rows */
    double *year_net; /* `years` rows: the undiscounted net of year t */
    double *stake;    /* n_stakeholders rows */
    double *people;   /* n_nodes rows: mean people over the delivery years */
} eval_out;

typedef struct eval_block_scratch eval_block_scratch;
eval_block_scratch *eval_block_scratch_alloc(const stitch_plan *p);
void eval_block_scratch_free(eval_block_scratch *s);
/* The rows of an eval_out held by s. */
eval_out *eval_block_out(eval_block_scratch *s);

/*
 * stitch_eval for iterations 0..n-1 (n <= EVAL_CHUNK) at once, in struct-of-
 * arrays form: input i's value in iteration k is x[i][k]. Each iteration's
 * figures are bit for bit stitch_eval's: the same operations in the same
 * order, only looped over iterations innermost. Results go to
 * eval_block_out(s). Never allocates.
 */
void eval_block(const stitch_plan *p, const double *const *x, size_t n,
                eval_block_scratch *s);

#endif
