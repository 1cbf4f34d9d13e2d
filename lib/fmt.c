/* fmt.c — sentences every report words the same way, and JSON. */
#include "fmt.h"

#include "text.h"
#include "util.h"
#include "plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

char *fmt_units_noun(char *buf, size_t n, const char *unit)
{
    const char *u = strncmp(unit, "per ", 4) == 0 ? unit + 4 : unit;
    const char *of = strstr(u, " of ");
    size_t head = of ? (size_t)(of - u) : strlen(u);
    int plural = head > 0 && u[head - 1] == 's';
    snprintf(buf, n, "%.*s%s%s", (int)head, u, plural ? "" : "s", of ? of : "");
    text_utf8_trim(buf); /* a long unit is cut between characters */
    return buf;
}

/* ---- sentences ------------------------------------------------------------ */

char *fmt_no_bcr(char *buf, size_t n, const stitch_mc_result *mc)
{
    char a[64], b[64], c[64];
    if (mc->no_bcr <= 0)
        snprintf(buf, n, "%s", "");
    else if (mc->no_bcr >= mc->iterations)
        snprintf(buf, n,
                 "No simulation had any costs, so none has a BCR or a chance of breaking "
                 "even: the NPV is the measure.");
    else
        snprintf(buf, n,
                 "%s of the %s simulations had no costs, so no BCR: the BCR figures and "
                 "the chance of breaking even are over the other %s.",
                 text_num(a, sizeof a, (double)mc->no_bcr, 0),
                 text_num(b, sizeof b, (double)mc->iterations, 0),
                 text_num(c, sizeof c, (double)(mc->iterations - mc->no_bcr), 0));
    return buf;
}

char *fmt_staff_time(char *buf, size_t n, const char *group, double hours)
{
    char num[64], who[300];
    double h = fabs(hours);
    if (hours < 0)
        snprintf(who, sizeof who, "more %s time used", group);
    else
        snprintf(who, sizeof who, "%s", group);
    if (h > 0 && h < 0.5)
        snprintf(buf, n, "%s: under 1 hour", who);
    else
        snprintf(buf, n, "%s: about %s hour%s", who, text_num(num, sizeof num, h, 0),
                 lround(h) == 1 ? "" : "s");
    return buf;
}

char *fmt_staff_units(char *buf, size_t n, const stitch_plan *p, const stitch_result *r,
                      size_t s)
{
    char num[64], noun[128];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < p->n_benefits && o < n; i++) {
        const plan_benefit *pb = &p->benefits[i];
        if (pb->staff != (long)s)
            continue;
        double u = r->units[i];
        const char *how = u < 0 ? "extra " : r->hours[s] < 0 ? "fewer " : "";
        int k = snprintf(buf + o, n - o, "%s%s %s%s", o ? ", " : "some ",
                         text_num(num, sizeof num, fabs(u), 0), how,
                         fmt_units_noun(noun, sizeof noun, pb->unit));
        o += k > 0 ? (size_t)k : 0;
    }
    return buf;
}

const char fmt_break_even_no_costs[] =
    "with no costs, the project pays back whatever share of the change others caused.";

/* ---- JSON ---------------------------------------------------------------- */

static void indent(json_writer *w)
{
    fputc('\n', w->out);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->out);
}

static void put_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        switch (*c) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (*c < 0x20)
                fprintf(out, "\\u%04x", *c);
            else if (*c < 0x80)
                fputc(*c, out);
            else { /* JSON is UTF-8: a byte that is not becomes U+FFFD */
                size_t k = text_utf8_len((const char *)c);
                if (k)
                    fwrite(c, 1, k, out), c += k - 1;
                else
                    fputs(TEXT_REPLACEMENT, out);
            }
        }
    }
    fputc('"', out);
}

static void member(json_writer *w, const char *key)
{
    if (w->depth > 0) {
        if (!w->first[w->depth])
            fputc(',', w->out);
        w->first[w->depth] = 0;
        indent(w);
    }
    if (key) {
        put_string(w->out, key);
        fputs(": ", w->out);
    }
}

void json_begin(json_writer *w, FILE *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

void json_open(json_writer *w, const char *key, char bracket)
{
    member(w, key);
    fputc(bracket, w->out);
    if (w->depth < 31)
        w->depth++;
    w->first[w->depth] = 1;
}

void json_close(json_writer *w, char bracket)
{
    int empty = w->first[w->depth];
    w->depth--;
    if (!empty)
        indent(w);
    fputc(bracket, w->out);
    if (w->depth == 0)
        fputc('\n', w->out);
}

void json_num(json_writer *w, const char *key, double v)
{
    member(w, key);
    if (isfinite(v))
        fprintf(w->out, "%.17g", v == 0 ? 0.0 : v);
    else
        fputs("null", w->out);
}

void json_int(json_writer *w, const char *key, long v)
{
    member(w, key);
    fprintf(w->out, "%ld", v);
}

void json_str(json_writer *w, const char *key, const char *s)
{
    member(w, key);
    if (s)
        put_string(w->out, s);
    else
        fputs("null", w->out);
}

void json_null(json_writer *w, const char *key)
{
    member(w, key);
    fputs("null", w->out);
}

void json_bool(json_writer *w, const char *key, int v)
{
    member(w, key);
    fputs(v ? "true" : "false", w->out);
}
