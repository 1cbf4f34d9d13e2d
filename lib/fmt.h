/* fmt.h — a unit's noun and a small JSON writer that never prints NaN or
 * infinity. Numbers, money and shares for people are in the text layer
 * (text.h). */
#ifndef STITCH_FMT_H
#define STITCH_FMT_H

#include "stitch/stitch.h"

#include <stddef.h>
#include <stdio.h>

/* "consultations" from the unit "per consultation". */
char *fmt_units_noun(char *buf, size_t n, const char *unit);

typedef struct {
    FILE *out;
    int depth;
    int first[32]; /* no comma needed yet at this depth */
} json_writer;

void json_begin(json_writer *w, FILE *out);
void json_open(json_writer *w, const char *key, char bracket); /* key NULL in arrays */
void json_close(json_writer *w, char bracket);
void json_num(json_writer *w, const char *key, double v); /* NaN/inf -> null */
void json_int(json_writer *w, const char *key, long v);
void json_str(json_writer *w, const char *key, const char *s); /* NULL -> null */
void json_null(json_writer *w, const char *key);
void json_bool(json_writer *w, const char *key, int v);

#endif
