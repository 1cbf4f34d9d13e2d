/* util.c — diagnostics, strings and strict number parsing. */
#include "util.h"

#include <stdatomic.h>

#include <gsl/gsl_errno.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
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

int util_run_threads(void *(*fn)(void *), void *items, size_t size, int n)
{
    pthread_t tid[64];
    int started = 0, failed = 0;
    n = n > 64 ? 64 : n;
    if (n == 1) {
        fn(items);
        return 0;
    }
    for (int t = 0; t < n; t++) {
        if (pthread_create(&tid[t], NULL, fn, (char *)items + (size_t)t * size) == 0)
            started++;
        else
            failed = 1;
    }
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    return failed ? -1 : 0;
}

void util_progress_start(util_progress *pr, stitch_progress_fn fn, void *ctx,
                         const char *step, size_t total)
{
    pr->fn = fn, pr->ctx = ctx, pr->step = step, pr->total = total ? total : 1;
    atomic_init(&pr->done, 0);
    atomic_init(&pr->shown, 0);
    atomic_init(&pr->busy, 0);
    if (fn)
        fn(step, 0.0, ctx);
}

void util_progress_add(util_progress *pr, size_t n)
{
    if (!pr || !pr->fn)
        return;
    size_t done = atomic_fetch_add(&pr->done, n) + n;
    size_t k =
        done >= pr->total ? 1000 : (size_t)((double)done / (double)pr->total * 1000);
    /* nothing new, or another thread is telling */
    if (k <= atomic_load(&pr->shown) || atomic_exchange(&pr->busy, 1))
        return;
    /* still new now that this thread holds the right to tell? */
    if (k > atomic_load(&pr->shown)) {
        atomic_store(&pr->shown, k);
        if (k < 1000)
            pr->fn(pr->step, (double)k / 1000, pr->ctx);
    }
    atomic_store(&pr->busy, 0);
}

void util_progress_end(util_progress *pr)
{
    if (pr && pr->fn)
        pr->fn(pr->step, 1.0, pr->ctx);
}
