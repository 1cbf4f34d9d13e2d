/* fmt.c — a unit's noun and a small JSON writer. */
#include "fmt.h"

#include "text.h"
#include "util.h"

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
