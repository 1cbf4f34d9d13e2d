/* text.c — the one text layer: UTF-8, Windows-1252 input, a growable
 * string, CSV fields and numbers for people (text.h). */
#include "text.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- UTF-8 ------------------------------------------------------------------ */

size_t text_utf8_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n;
    unsigned lo = 0x80, hi = 0xBF; /* the range of the second byte */
    if (u[0] < 0x80)
        return 1;
    else if (u[0] >= 0xC2 && u[0] <= 0xDF)
        n = 2;
    else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        n = 3;
        lo = u[0] == 0xE0 ? 0xA0 : 0x80; /* no overlong forms */
        hi = u[0] == 0xED ? 0x9F : 0xBF; /* no surrogates */
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        n = 4;
        lo = u[0] == 0xF0 ? 0x90 : 0x80; /* no overlong forms */
        hi = u[0] == 0xF4 ? 0x8F : 0xBF; /* nothing above U+10FFFF */
    } else
        return 0;
    if (u[1] < lo || u[1] > hi)
        return 0; /* a NUL stops here, so s is never read past its end */
    for (size_t i = 2; i < n; i++)
        if (u[i] < 0x80 || u[i] > 0xBF)
            return 0;
    return n;
}

int text_utf8_valid(const char *s)
{
    for (size_t k; *s; s += k)
        if (!(k = text_utf8_len(s)))
            return 0;
    return 1;
}

void text_utf8_trim(char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && n - i < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--; /* back over continuation bytes to the sequence's first byte */
    if (i > 0 && (unsigned char)s[i - 1] >= 0xC0 && text_utf8_len(s + i - 1) == 0)
        s[i - 1] = '\0';
}

char *text_utf8_repair(const char *s)
{
    size_t len = strlen(s), o = 0;
    char *t = malloc(3 * len + 1);
    if (!t)
        return NULL;
    for (size_t i = 0, k; s[i]; i += k ? k : 1) {
        k = text_utf8_len(s + i);
        if (k)
            memcpy(t + o, s + i, k), o += k;
        else
            memcpy(t + o, TEXT_REPLACEMENT, 3), o += 3;
    }
    t[o] = '\0';
    return t;
}

char *text_line(char *buf, size_t n, const char *s)
{
    size_t o = 0;
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    if (n == 0)
        return buf;
    while (*u) {
        size_t len = text_utf8_len((const char *)u);
        if (o + (len ? len : 3) >= n)
            break;
        if (len == 0) {
            memcpy(buf + o, TEXT_REPLACEMENT, 3);
            o += 3, u++;
        } else if (len == 1) {
            buf[o++] = *u < 0x20 || *u == 0x7F ? ' ' : (char)*u;
            u++;
        } else {
            memcpy(buf + o, u, len);
            o += len, u += len;
        }
    }
    buf[o] = '\0';
    return buf;
}

size_t text_chars_n(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

size_t text_chars(const char *s)
{
    return text_chars_n(s, strlen(s));
}

size_t text_prefix(const char *s, size_t n, size_t chars)
{
    size_t i = 0;
    for (size_t c = 0; i < n && c < chars; c++)
        do
            i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80);
    return i;
}

size_t text_back(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[--i] & 0xC0) == 0x80)
        ;
    return i;
}

/* ---- Windows-1252 ----------------------------------------------------------- */

/* Windows-1252 0x80 to 0x9F as Unicode; 0 where the byte is undefined. The
 * bytes 0xA0 to 0xFF are U+00A0 to U+00FF. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char *text_cp1252_to_utf8(const char *s, unsigned char *bad, int *bad_line)
{
    *bad = 0, *bad_line = 0;
    size_t len = strlen(s), o = 0;
    char *t = malloc(3 * len + 1);
    if (!t)
        return NULL;
    int line = 1;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        unsigned cp = *u;
        line += *u == '\n';
        if (*u >= 0x80 && *u <= 0x9F && !(cp = cp1252_high[*u - 0x80])) {
            *bad = *u, *bad_line = line;
            free(t);
            return NULL;
        }
        if (cp < 0x80)
            t[o++] = (char)cp;
        else if (cp < 0x800) {
            t[o++] = (char)(0xC0 | (cp >> 6));
            t[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            t[o++] = (char)(0xE0 | (cp >> 12));
            t[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            t[o++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    t[o] = '\0';
    return t;
}

int text_decode(char **text, const char *file, const char *save_hint, diag_list *warnings,
                stitch_diag *err)
{
    char *s = *text;
    if (strncmp(s, "\xEF\xBB\xBF", 3) == 0) /* a UTF-8 byte-order mark */
        memmove(s, s + 3, strlen(s + 3) + 1);
    if (text_utf8_valid(s))
        return 0;
    unsigned char bad;
    int line;
    char *t = text_cp1252_to_utf8(s, &bad, &line);
    if (!t && bad)
        return diag_set(err, STITCH_EINPUT, file, line, "",
                        "not UTF-8, and byte 0x%02X on this line is not a Windows-1252 "
                        "character either: %s, or delete the stray character",
                        bad, save_hint),
               -1;
    if (!t ||
        diag_list_add(warnings, file, 0, "",
                      "not UTF-8: read as Windows-1252; %s to silence this", save_hint)) {
        free(t);
        return diag_set(err, STITCH_ENOMEM, file, 0, "", "out of memory"), -1;
    }
    free(s);
    *text = t;
    return 0;
}

/* ---- a growable string ------------------------------------------------------ */

void buf_put(text_buf *b, const char *s, size_t n)
{
    if (b->nomem)
        return;
    if (grow((void **)&b->p, &b->cap, b->n + n + 1, 1)) {
        b->nomem = 1;
        return;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void buf_puts(text_buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

void buf_printf(text_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (k < 0) {
        b->nomem = 1; /* vsnprintf fails only for want of memory (EOVERFLOW aside) */
        return;
    }
    if ((size_t)k < sizeof small) {
        buf_put(b, small, (size_t)k);
        return;
    }
    if (b->nomem || grow((void **)&b->p, &b->cap, b->n + (size_t)k + 1, 1)) {
        b->nomem = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

void buf_free(text_buf *b)
{
    if (!b)
        return;
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---- CSV -------------------------------------------------------------------- */

void text_csv_field(FILE *o, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, o);
        return;
    }
    fputc('"', o);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', o);
        fputc(*s, o);
    }
    fputc('"', o);
}

/* ---- numbers for people ----------------------------------------------------- */

/* A number of a quadrillion or more has more digits than a double holds
 * and more than any column fits: written as "2.5 × 10^65", never cut. */
#define TEXT_HUGE 1e15

static char *huge(char *buf, size_t n, double v)
{
    double a = fabs(v);
    int e = (int)floor(log10(a));
    double m = a / pow(10, e);
    if (m >= 9.995) /* rounds up to 10.0 at three figures */
        m /= 10, e++;
    snprintf(buf, n, "%s%.3g \xC3\x97 10^%d", v < 0 ? "-" : "", m, e);
    return buf;
}

char *text_num(char *buf, size_t n, double v, int decimals)
{
    char raw[64];
    if (!isfinite(v)) {
        snprintf(buf, n, "not defined");
        return buf;
    }
    if (fabs(v) >= TEXT_HUGE)
        return huge(buf, n, v);
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

char *text_money_dp(char *buf, size_t n, double v, int decimals)
{
    char num[80];
    if (!isfinite(v))
        return snprintf(buf, n, "not defined"), buf;
    text_num(num, sizeof num, fabs(v), decimals);
    int neg = v < 0 && strspn(num, "0.,") != strlen(num); /* no "-£0" */
    snprintf(buf, n, "%s£%s", neg ? "-" : "", num);
    return buf;
}

char *text_money(char *buf, size_t n, double v)
{
    return text_money_dp(buf, n, v, fabs(v) < 100 && v != 0 ? 2 : 0);
}

char *text_pct(char *buf, size_t n, double share)
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

char *text_count(char *buf, size_t n, long count, const char *one, const char *many)
{
    char num[64];
    snprintf(buf, n, "%s %s", text_num(num, sizeof num, (double)count, 0),
             count == 1 ? one : many);
    return buf;
}
