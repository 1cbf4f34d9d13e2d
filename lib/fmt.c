/* fmt.c — formatting numbers for people and for JSON. */
#include "fmt.h"

#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A number of a quadrillion or more has more digits than a double holds
 * and more than any column fits: written as "2.5 × 10^65", never cut. */
#define FMT_HUGE 1e15

static char *fmt_huge(char *buf, size_t n, double v)
{
    double a = fabs(v);
    int e = (int)floor(log10(a));
    double m = a / pow(10, e);
    if (m >= 9.995) /* rounds up to 10.0 at three figures */
        m /= 10, e++;
    snprintf(buf, n, "%s%.3g \xC3\x97 10^%d", v < 0 ? "-" : "", m, e);
    return buf;
}

char *fmt_num(char *buf, size_t n, double v, int decimals)
{
    char raw[64];
    if (!isfinite(v)) {
        snprintf(buf, n, "not defined");
        return buf;
    }
    if (fabs(v) >= FMT_HUGE)
        return fmt_huge(buf, n, v);
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    if (strtod(raw, NULL) == 0)
        v = 0; /* no "-0" */
    const char *dot = strchr(raw, '.');
    size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw), o = 0;
    char tmp[96];
    if (v < 0)
        tmp[o++] = '-';
    for (size_t i = 0; i < int_len; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            tmp[o++] = ',';
        tmp[o++] = raw[i];
    }
    snprintf(tmp + o, sizeof tmp - o, "%s", dot ? dot : "");
    snprintf(buf, n, "%s", tmp);
    return buf;
}

char *fmt_money(char *buf, size_t n, double v)
{
    char num[80];
    if (!isfinite(v))
        return snprintf(buf, n, "not defined"), buf;
    fmt_num(num, sizeof num, fabs(v), fabs(v) < 100 && v != 0 ? 2 : 0);
    int neg = v < 0 && strspn(num, "0.,") != strlen(num);
    snprintf(buf, n, "%s£%s", neg ? "-" : "", num);
    return buf;
}

char *fmt_pct(char *buf, size_t n, double share)
{
    if (!isfinite(share))
        return snprintf(buf, n, "not defined"), buf;
    double pct = share * 100;
    int decimals = fabs(pct) < 10 && pct != 0 ? 1 : 0;
    if (fabs(pct) < (decimals ? 0.05 : 0.5))
        pct = 0; /* no "-0%" or "-0.0%" */
    snprintf(buf, n, decimals ? "%.1f%%" : "%.0f%%", pct);
    return buf;
}

char *fmt_units_noun(char *buf, size_t n, const char *unit)
{
    const char *u = strncmp(unit, "per ", 4) == 0 ? unit + 4 : unit;
    const char *of = strstr(u, " of ");
    size_t head = of ? (size_t)(of - u) : strlen(u);
    int plural = head > 0 && u[head - 1] == 's';
    snprintf(buf, n, "%.*s%s%s", (int)head, u, plural ? "" : "s", of ? of : "");
    stitch_utf8_trim(buf); /* a long unit is cut between characters */
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
                size_t k = stitch_utf8_len((const char *)c);
                if (k)
                    fwrite(c, 1, k, out), c += k - 1;
                else
                    fputs("\xEF\xBF\xBD", out);
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
