/* util.h — small helpers shared by every stage: diagnostics, strings,
 * strict number parsing. Internal to the library. */
#ifndef STITCH_UTIL_H
#define STITCH_UTIL_H

#include <stddef.h>
#include "stitch/stitch.h"

#if defined(__GNUC__)
#define STITCH_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define STITCH_PRINTF(a, b)
#endif

/* Fill *d (if not NULL). Returns `status` so callers can `return diag_set(...)`. */
stitch_status diag_set(stitch_diag *d, stitch_status status, const char *file, int line,
                       const char *path, const char *fmt, ...) STITCH_PRINTF(6, 7);

/* A growable list of diagnostics (warnings). */
typedef struct {
    stitch_diag *v;
    size_t n, cap;
} diag_list;

/* The largest model or table stitch reads (64 MiB): a model is a few
 * kilobytes and the largest unit-cost table under a megabyte, so a bigger
 * file is the wrong file (or /dev/zero), refused before memory runs out. */
#define STITCH_MAX_FILE ((size_t)64 << 20)

/* Append a warning (a diagnostic whose status is STITCH_OK); returns
 * STITCH_ENOMEM if it cannot grow. */
stitch_status diag_list_add(diag_list *l, const char *file, int line, const char *path,
                            const char *fmt, ...) STITCH_PRINTF(5, 6);
void diag_list_free(diag_list *l);

/* The error for a simulation (Monte Carlo or Sobol) that overflows where
 * the base case did not: the same words and code (STITCH_EINPUT)
 * wherever it happens. */
#define STITCH_SIMULATION_OVERFLOW                                                       \
    "a simulation gave a result too large to add up (overflow): check "                  \
    "distributions with very long tails (a lognormal or gamma with a large sd) and "     \
    "numbers with extra zeros"

char *xstrdup(const char *s);

/*
 * Parse a whole string as a finite double in the C locale: no leading or
 * trailing junk, no ERANGE, no NaN or infinity. Returns 0 on success.
 */
int parse_double(const char *s, double *out);

/* The candidate closest to `word` by edit distance, or NULL if none is close. */
const char *closest_word(const char *word, const char *const *candidates);

/* Directory part of a path ("." when it has none); caller frees. */
char *dir_of(const char *path);

/* Grow *v (elements of `size` bytes) to hold at least `want`; 0 on success. */
int grow(void **v, size_t *cap, size_t want, size_t size);

/* Run fn on each of n workers (items[0..n), `size` bytes apart): the only
 * one in the calling thread, or each in a thread of its own (n <= 64).
 * Returns 0, or -1 when a thread could not be started (those that started
 * have finished). The workers report their own failures. */
int util_run_threads(void *(*fn)(void *), void *items, size_t size, int n);

/*
 * How far a long step has got, for the caller's stitch_progress_fn: the
 * workers add what they finish, and whichever adds past the next
 * thousandth calls the function (one call at a time, from that thread).
 * fn NULL: nothing is reported, at the cost of one atomic add.
 */
typedef struct {
    stitch_progress_fn fn;
    void *ctx;
    const char *step;
    size_t total;
    _Atomic size_t done, shown; /* shown: thousandths reported */
    _Atomic int busy;
} util_progress;

void util_progress_start(util_progress *pr, stitch_progress_fn fn, void *ctx,
                         const char *step, size_t total);
void util_progress_add(util_progress *pr, size_t n);
/* The step is over: fn hears 1 (the tool then clears its line). */
void util_progress_end(util_progress *pr);

#endif
