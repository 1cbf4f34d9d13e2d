/* fmt.h — sentences every report words the same way, and a small JSON
 * writer that never prints NaN or infinity. Numbers, money and shares in
 * them come from the text layer (text.h). */
#ifndef STITCH_FMT_H
#define STITCH_FMT_H

#include "stitch/stitch.h"

#include <stddef.h>
#include <stdio.h>

/* "consultations" from the unit "per consultation". */
char *fmt_units_noun(char *buf, size_t n, const char *unit);

/* ---- sentences every report words the same way ---------------------------- */

/* How the simulations without costs, so without a BCR, are treated: "" when
 * every simulation had costs. Returns buf. */
char *fmt_no_bcr(char *buf, size_t n, const stitch_mc_result *mc);

/* One staff group's time in words, with a positive number: "GP: about 5
 * hours", "GP: under 1 hour", or where the benefits use more of the group's
 * time than they free, "more GP time used: about 2 hours". Returns buf. */
char *fmt_staff_time(char *buf, size_t n, const char *group, double hours);

/* The units behind a staff group's time (index s of the plan's groups):
 * "some 12 consultations, 3 visits"; where more time is used, "some 12
 * extra consultations, 15 fewer interventions". "" when no benefit has
 * the group. Returns buf. */
char *fmt_staff_units(char *buf, size_t n, const stitch_plan *p, const stitch_result *r,
                      size_t s);

/* The break-even attribution when the costs are zero (it is then 100%). */
extern const char fmt_break_even_no_costs[];

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
