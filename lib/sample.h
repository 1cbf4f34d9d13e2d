/* sample.h — drawing inputs (stage 6 of the pipeline: sample).
 *
 * Every uncertain input draws from its own stream, seeded from the model
 * seed, the input's path and the block number (docs/method.md section 7): the same
 * seed gives the same draws whatever the thread count, and editing one
 * input leaves every other input's draws unchanged. */
#ifndef STITCH_SAMPLE_H
#define STITCH_SAMPLE_H

#include "dist.h"
#include "plan.h"

#include <gsl/gsl_rng.h>
#include <stddef.h>

/* Iterations per block: the unit of work and of stream seeding. */
#define STITCH_BLOCK 4096

/* The generator behind every stream (GSL's taus2: fast, cheap to seed). */
const gsl_rng_type *sample_rng_type(void);

/* The seed of the stream for (model seed, input path, block). */
unsigned long sample_stream_seed(unsigned long seed, const char *path, size_t block);

/* The salt of a portfolio's project named `name` (its file name as the
 * portfolio writes it), never 0: sample_block seeds the project's own
 * inputs with seed ^ salt, and its unit costs with the seed alone, so that
 * unrelated projects' inputs of the same path draw independently while
 * they share the prices' uncertainty (docs/method.md section 14). */
unsigned long sample_stream_salt(const char *name);

/* Draw n values of d from r into out. */
void sample_draw(const stitch_dist *d, gsl_rng *r, double *out, size_t n);

/* Scratch space for sample_block, one per thread. */
typedef struct sample_scratch sample_scratch;
sample_scratch *sample_scratch_alloc(const stitch_plan *p);
void sample_scratch_free(sample_scratch *s);

/* Whether a draw carries the plan's rank correlations, or draws every
 * input independently (as Sobol indices assume). */
typedef enum { SAMPLE_CORRELATED, SAMPLE_INDEPENDENT } sample_mode;

/*
 * Draw block b's first n values (n <= STITCH_BLOCK) of every uncertain input
 * of p into cols: column u (the plan's u-th uncertain input) at
 * cols[u * STITCH_BLOCK]. Every input draws from its own stream; with
 * SAMPLE_CORRELATED, correlated inputs' values are then reordered within
 * the block to carry the plan's rank correlations (see correlate.h). The
 * values drawn are the same in both modes; only their order differs.
 */
void sample_block(const stitch_plan *p, unsigned long seed, size_t b, size_t n,
                  sample_mode mode, gsl_rng *rng, double *cols, sample_scratch *s);

#endif
