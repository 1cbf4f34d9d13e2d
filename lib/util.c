/* util.c — diagnostics, strings and strict number parsing. */
#include "util.h"

#include <gsl/gsl_errno.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void vfill(stitch_diag *d, stitch_status status, const char *file, int line,
                  const char *path, const char *fmt, va_list ap)
{
    d->status = status;
    d->line = line;
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    snprintf(d->path, sizeof d->path, "%s", path ? path : "");
    vsnprintf(d->message, sizeof d->message, fmt, ap);
}

stitch_status diag_set(stitch_diag *d, stitch_status status, const char *file, int line,
                       const char *path, const char *fmt, ...)
{
    if (d) {
        va_list ap;
        va_start(ap, fmt);
        vfill(d, status, file, line, path, fmt, ap);
        va_end(ap);
    }
    return status;
}

stitch_status diag_list_add(diag_list *l, const char *file, int line, const char *path,
                            const char *fmt, ...)
{
    if (grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return STITCH_ENOMEM;
    va_list ap;
    va_start(ap, fmt);
    vfill(&l->v[l->n++], STITCH_OK, file, line, path, fmt, ap);
    va_end(ap);
    return STITCH_OK;
}

void diag_list_free(diag_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

char *stitch_diag_format(const stitch_diag *d, const char *kind, char *buf, size_t n)
{
    char where[600] = "";
    if (d->file[0] && d->line > 0)
        snprintf(where, sizeof where, "%s:%d: ", d->file, d->line);
    else if (d->file[0])
        snprintf(where, sizeof where, "%s: ", d->file);
    snprintf(buf, n, "stitch: %s%s%s%s%s", kind ? kind : "", where, d->path,
             d->path[0] ? ": " : "", d->message);
    return buf;
}

const char *stitch_strerror(stitch_status status)
{
    switch (status) {
    case STITCH_OK:
        return "success";
    case STITCH_EINPUT:
        return "bad input";
    case STITCH_EIO:
        return "input/output error";
    case STITCH_ENOMEM:
        return "out of memory";
    case STITCH_ENUMERIC:
        return "numerical failure";
    }
    return "unknown status";
}

char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

int parse_double(const char *s, double *out)
{
    if (!s || !*s)
        return -1;
    /* strtod accepts leading space, hex, "nan" and "inf": refuse them all. */
    const char *c = s;
    if (*c == '+' || *c == '-')
        c++;
    if (!((*c >= '0' && *c <= '9') || *c == '.'))
        return -1;
    if (c[0] == '0' && (c[1] == 'x' || c[1] == 'X'))
        return -1;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno == ERANGE || end == s || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 64;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t sub = diag + (a[i - 1] != b[j - 1]);
            size_t best = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
            row[j] = sub < best ? sub : best;
            diag = up;
        }
    }
    return row[lb];
}

const char *closest_word(const char *word, const char *const *candidates)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; candidates[i]; i++) {
        size_t d = edit_distance(word, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    size_t len = strlen(word);
    size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    return best_d <= limit ? best : NULL;
}

char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    size_t n = (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

/* ---- text encoding ------------------------------------------------------- */

size_t stitch_utf8_len(const char *s)
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

int stitch_utf8_valid(const char *s)
{
    for (size_t k; *s; s += k)
        if (!(k = stitch_utf8_len(s)))
            return 0;
    return 1;
}

void stitch_utf8_trim(char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && n - i < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--; /* back over continuation bytes to the sequence's first byte */
    if (i > 0 && (unsigned char)s[i - 1] >= 0xC0 && stitch_utf8_len(s + i - 1) == 0)
        s[i - 1] = '\0';
}

char *stitch_utf8_clean(const char *s)
{
    size_t len = strlen(s), o = 0;
    char *t = malloc(3 * len + 1);
    if (!t)
        return NULL;
    for (size_t i = 0, k; s[i]; i += k ? k : 1) {
        k = stitch_utf8_len(s + i);
        if (k)
            memcpy(t + o, s + i, k), o += k;
        else
            memcpy(t + o, "\xEF\xBF\xBD", 3), o += 3;
    }
    t[o] = '\0';
    return t;
}

/* Windows-1252 0x80 to 0x9F as Unicode; 0 where the byte is undefined. The
 * bytes 0xA0 to 0xFF are U+00A0 to U+00FF. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char *stitch_cp1252_to_utf8(const char *s, unsigned char *bad, int *bad_line)
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

int stitch_text_decode(char **text, const char *file, const char *save_hint,
                       diag_list *warnings, stitch_diag *err)
{
    char *s = *text;
    if (strncmp(s, "\xEF\xBB\xBF", 3) == 0) /* a UTF-8 byte-order mark */
        memmove(s, s + 3, strlen(s + 3) + 1);
    if (stitch_utf8_valid(s))
        return 0;
    unsigned char bad;
    int line;
    char *t = stitch_cp1252_to_utf8(s, &bad, &line);
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

int grow(void **v, size_t *cap, size_t want, size_t size)
{
    if (want <= *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 8;
    while (nc < want)
        nc *= 2;
    void *p = realloc(*v, nc * size);
    if (!p)
        return -1;
    *v = p;
    *cap = nc;
    return 0;
}

void stitch_init(void)
{
    gsl_set_error_handler_off();
}

const char *stitch_version(void)
{
    return STITCH_VERSION;
}
