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

/* ---- one input moved (the one-way tables, docs/method.md section 5.1) ---- */

/*
 * The base case, and for each input the benefits and cost lines it enters,
 * so that moving one input works out only those again: a model with
 * thousands of benefits moves each of their inputs in constant time, not
 * in time proportional to the model. Read-only once made: threads share it.
 */
typedef struct eval_oneway eval_oneway;

/* The base at x with options o (NULL: the plan's numbers); r is scratch,
 * left holding the full evaluation at x. NULL when out of memory. */
eval_oneway *eval_oneway_alloc(const stitch_plan *p, const double *x,
                               const eval_options *o, stitch_result *r);
void eval_oneway_free(eval_oneway *w);

/*
 * PVB, PVC, NPV, BCR and ROI into r with input i at v and the others at
 * the base w was made with (x holds that base; x[i] is put back). Its
 * benefits' and cost lines' PVs are worked out again and their change
 * added to the base totals, so the figures can differ from a full
 * evaluation's in the last bit; an input that changes nothing gives the
 * base's exactly. An output's or outcome's input changes everything
 * after it: that is a full evaluation with o, and then every figure of r
 * is set; otherwise only those five are.
 */
void eval_oneway_at(const eval_oneway *w, double *x, size_t i, double v,
                    const eval_options *o, stitch_result *r);

/* ---- some inputs varied (the Sobol sample, docs/method.md section 5.7) ---- */

/*
 * The model reduced to what a set of inputs moves, the rest at a base x:
 * the benefits and cost lines no varied input enters, on steps whose
 * people no varied input moves, are one fixed PVB and PVC; those on steps
 * whose people do move are, being linear in those people, one PV per
 * person per node and cohort; the rest are worked out each time. Read-only
 * once made: threads share it, each with its own state. Evaluations of
 * the plan's own discount factors only.
 */
typedef struct eval_part eval_part;
typedef struct eval_part_state eval_part_state;

/* vary[0..n_vary) the inputs that vary; r is scratch. NULL: out of memory. */
eval_part *eval_part_alloc(const stitch_plan *p, const double *x, const size_t *vary,
                           size_t n_vary, stitch_result *r);
void eval_part_free(eval_part *w);
eval_part_state *eval_part_state_alloc(const eval_part *w);
void eval_part_state_free(eval_part_state *s);

/* NPV at x (only its varied inputs are read beyond the base), remembered
 * in s; r is scratch. Equal to a full evaluation's to rounding. */
double eval_part_npv(const eval_part *w, eval_part_state *s, const double *x,
                     stitch_result *r);

/* NPV at x, which is the point s remembers with input i moved: only what i
 * enters is worked out again. Moving nothing gives s's NPV exactly. */
double eval_part_npv_moved(const eval_part *w, const eval_part_state *s, const double *x,
                           size_t i, stitch_result *r);

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
