/* harness.h — helpers shared by the test programs. */
#ifndef STITCH_HARNESS_H
#define STITCH_HARNESS_H

#include "stitch/stitch.h"

#include <stddef.h>

/* Absolute path of a file in the source tree; static buffer. */
const char *src_path(const char *rel);

/* Load, link and compile a model in the source tree (tables beside it or in
 * unitcosts/). Fails the test with the error message on failure. */
stitch_plan *load_plan(const char *rel);

/* Load a model expecting failure; returns the formatted error. */
const char *load_error(const char *rel);

/* Evaluate the base case of a plan into a new result. */
stitch_result *base_case(const stitch_plan *p);

/* Run the stitch binary in `cwd` with args (NULL-terminated, without argv[0]).
 * Captures stdout and stderr (caller frees) and returns the exit code. */
int run_stitch(const char *cwd, const char *const *args, char **out, char **err);

/*
 * The files in the source tree's folder `dir` whose names end in `ext`
 * (hidden files and the name `except`, if not NULL, left out), sorted by
 * name, as "dir/name" or, with `absolute`, full paths. Returns the count;
 * free with free_files.
 */
size_t list_files(const char *dir, const char *ext, const char *except, int absolute,
                  char ***out);
void free_files(char **v, size_t n);

/* 1 when the n bytes at s are well-formed UTF-8, by glibc's iconv (a
 * check independent of stitch's own). */
int valid_utf8(const char *s, size_t n);

/* What progress_record, a stitch_progress_fn, saw: each step's name (up to
 * 4), its first and last fraction, how many calls, and how many times a
 * fraction went back. Fails the test on a fifth step. */
typedef struct {
    char step[4][64];
    double first[4], last[4];
    int n_steps, calls[4], backwards;
} progress_seen;

void progress_record(const char *step, double fraction, void *ctx);

/* Read a whole file into a new string, or NULL. */
char *slurp_file(const char *path);

/* A new folder under /tmp; static buffer, overwritten by the next call. */
char *temp_dir(void);

/* Write `text` to dir/name, failing the test if it cannot. */
void write_file(const char *dir, const char *name, const char *text);

/* Remove a folder the test made, and everything in it. */
void rm_rf(const char *path);

/* 1 when `word` occurs in s as a whole word, any case: "nan" or "inf"
 * printed for a number, but not "finance" or "information". */
int has_word(const char *s, const char *word);

#endif
