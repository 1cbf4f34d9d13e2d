/* fmt.h — numbers for people (thousands separators, £) and a small JSON
 * writer that never prints NaN or infinity. */
#ifndef STITCH_FMT_H
#define STITCH_FMT_H

#include "stitch/stitch.h"

#include <stddef.h>
#include <stdio.h>

/* "12,345" with `decimals` places; "-" sign for negatives, but never
 * "-0" or "-0.00" for a negative number that rounds to zero. Returns buf. */
char *fmt_num(char *buf, size_t n, double v, int decimals);
/* "£12,345" (whole pounds), "-£1,234"; "£12.34" when |v| < 100. */
char *fmt_money(char *buf, size_t n, double v);
/* "37%" (0.37 -> 37%), one decimal below 10%; never "-0%". */
char *fmt_pct(char *buf, size_t n, double share);
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
