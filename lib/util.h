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

/*
 * Text encoding. Every text stitch reads or writes is UTF-8; these are the
 * one place that decides what well-formed UTF-8 is (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF).
 */

/* Bytes in the well-formed UTF-8 sequence that starts at s (1 for ASCII,
 * including the terminating NUL), or 0 when s does not start one. */
size_t stitch_utf8_len(const char *s);

/* 1 when the string s is well-formed UTF-8. */
int stitch_utf8_valid(const char *s);

/* Cut s before an incomplete UTF-8 sequence at its end, such as the
 * first byte of "é" left by snprintf cutting text to a buffer's size. */
void stitch_utf8_trim(char *s);

/* A copy of s with each byte that does not start a well-formed UTF-8
 * sequence replaced by U+FFFD; NULL when out of memory. */
char *stitch_utf8_clean(const char *s);

/*
 * The Windows-1252 text s (what UK Excel saves as "CSV") as UTF-8, in a new
 * string; newlines are kept, so line numbers stay right. Returns NULL when
 * out of memory, or when s holds one of the five bytes Windows-1252 leaves
 * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): then *bad is that byte and
 * *bad_line its 1-based line (both 0 when out of memory).
 */
char *stitch_cp1252_to_utf8(const char *s, unsigned char *bad, int *bad_line);

/*
 * Make *text, read from `file`, UTF-8 as every input is read: a UTF-8
 * byte-order mark is dropped, valid UTF-8 is kept as it is, and anything
 * else is converted from Windows-1252 with one warning in `warnings`
 * ("not UTF-8: read as Windows-1252; <save_hint> to silence this"). Returns
 * 0, or -1 with *err set: out of memory, or a byte undefined in
 * Windows-1252 (STITCH_EINPUT at its line). *text may be replaced (the old
 * one freed); on failure it is kept for the caller to free.
 */
int stitch_text_decode(char **text, const char *file, const char *save_hint,
                       diag_list *warnings, stitch_diag *err);

/* Grow *v (elements of `size` bytes) to hold at least `want`; 0 on success. */
int grow(void **v, size_t *cap, size_t want, size_t size);

#endif
