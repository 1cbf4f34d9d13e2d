/* model.c — stage 1: parse a libconfig model file into a stitch_model.
 *
 * Every key is read with its type checked (config_setting_type), because
 * config_lookup_float cannot tell a missing key from a wrong type. Errors
 * name the file, the line libconfig recorded, the key's path and what is
 * wrong; unknown keys are warnings that suggest the nearest known key. */
#include "model.h"

#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <libconfig.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const confidence_names[] = {"high", "medium", "low", "none", NULL};
const char *const outcome_step_names[] = {"what we do",
                                          "who with",
                                          "how they feel",
                                          "what they learn and gain",
                                          "what they do differently",
                                          "what difference this makes",
                                          NULL};
const char *const progress_names[] = {"none", "some", "good", NULL};

/* A number as written in the model file (libconfig 1.5 wraps integers of
 * 2^31 or more while parsing, so every number is read from its text). */
typedef enum { LIT_INT, LIT_INT64, LIT_HEX, LIT_HEX64, LIT_FLOAT } literal_kind;

typedef struct {
    const char *text; /* in the model's text; len characters */
    int len;
    literal_kind kind;
} literal;

typedef struct {
    stitch_model *m;
    stitch_diag *err;
    const char *file;
    literal *lits; /* every number in the file, in order */
    size_t n_lits, cap_lits;
} ctx;

typedef config_setting_t setting;

static int line_of(const setting *s)
{
    return s ? (int)config_setting_source_line(s) : 0;
}

static int fail(ctx *c, const setting *s, const char *path, const char *fmt, ...)
    STITCH_PRINTF(4, 5);

static int fail(ctx *c, const setting *s, const char *path, const char *fmt, ...)
{
    char msg[sizeof c->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_set(c->err, STITCH_EINPUT, c->file, line_of(s), path, "%s", msg);
    return -1;
}

/* A required key is missing. When the group has a near miss of it (Years
 * for years, outcme for outcome), the error points at that line and says
 * so, as an unknown optional key's warning does. */
static int missing(ctx *c, const setting *g, const char *path, const char *key,
                   const char *more)
{
    const char *const want[] = {key, NULL};
    for (int i = 0; i < config_setting_length(g); i++) {
        setting *k = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(k);
        if (name && strcmp(name, key) != 0 && closest_word(name, want))
            return fail(c, k, path,
                        "missing (required)%s; this line has '%s' (did you mean '%s'?)",
                        more, name, key);
    }
    return fail(c, g, path, "missing (required)%s", more);
}

/* Out of memory while reading: not the model's fault, so not STITCH_EINPUT. */
static int oom_at(ctx *c, const setting *s, const char *path)
{
    diag_set(c->err, STITCH_ENOMEM, c->file, line_of(s), path, "out of memory");
    return -1;
}

static const char *type_name(const setting *s)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
    case CONFIG_TYPE_FLOAT:
        return "a number";
    case CONFIG_TYPE_STRING:
        return "a string";
    case CONFIG_TYPE_BOOL:
        return "true/false";
    case CONFIG_TYPE_GROUP:
        return "a group { }";
    case CONFIG_TYPE_ARRAY:
        return "an array [ ]";
    case CONFIG_TYPE_LIST:
        return "a list ( )";
    default:
        return "something else";
    }
}

static int is_number(const setting *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

/* ---- numbers as written ------------------------------------------------------------ */

/* Length of the longest match at p of one of libconfig 1.5's number
 * patterns (its scanner.l), and its kind:
 *   integer [-+]?[0-9]+, integer64 [-+]?[0-9]+L(L)?, hex 0[Xx][0-9A-Fa-f]+,
 *   hex64 0[Xx][0-9A-Fa-f]+L(L)?, float [-+]?[0-9]*\.[0-9]*([eE][-+]?[0-9]+)?
 *   or [-+]?[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+. */
static size_t match_number(const char *p, literal_kind *kind)
{
    size_t best = 0;
    const char *q;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) {
        for (q = p + 2; isxdigit((unsigned char)*q); q++)
            ;
        *kind = LIT_HEX;
        if (*q == 'L')
            q += q[1] == 'L' ? 2 : 1, *kind = LIT_HEX64;
        return (size_t)(q - p);
    }
    const char *d = p + (*p == '-' || *p == '+');
    const char *e = d;
    while (isdigit((unsigned char)*e))
        e++;
    if (e > d) { /* integer, or integer64 */
        best = (size_t)(e - p);
        *kind = LIT_INT;
        if (*e == 'L')
            best += e[1] == 'L' ? 2u : 1u, *kind = LIT_INT64;
    }
    q = e;
    int dot = *q == '.';
    if (dot) /* [0-9]*\.[0-9]* */
        for (q++; isdigit((unsigned char)*q); q++)
            ;
    if (dot || e > d) {
        const char *x = q;
        if (*x == 'e' || *x == 'E') { /* an exponent, if complete */
            x += 1 + (x[1] == '-' || x[1] == '+');
            const char *digits = x;
            while (isdigit((unsigned char)*x))
                x++;
            if (x > digits)
                q = x;
            else
                x = q;
        }
        int is_float = dot || q > e;
        if (is_float && (size_t)(q - p) > best) {
            best = (size_t)(q - p);
            *kind = LIT_FLOAT;
        }
    }
    return best;
}

/* Every number in the text, in order, skipping strings and comments as
 * libconfig's scanner does; 0, or -1 when out of memory. */
static int scan_numbers(ctx *c, const char *text)
{
    for (const char *p = text; *p;) {
        literal_kind kind;
        size_t n;
        if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
        } else if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
            p += strcspn(p, "\n");
        } else if (*p == '"') {
            for (p++; *p && *p != '"'; p++)
                if (*p == '\\' && p[1])
                    p++;
            p += *p == '"';
        } else if (isalpha((unsigned char)*p) || *p == '*') {
            while (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '*')
                p++;
        } else if ((n = match_number(p, &kind)) > 0) {
            if (grow((void **)&c->lits, &c->cap_lits, c->n_lits + 1, sizeof *c->lits))
                return -1;
            c->lits[c->n_lits++] = (literal){p, (int)n, kind};
            p += n;
        } else
            p++;
    }
    return 0;
}

#define EXACT_LIMIT                                                                      \
    9007199254740992.0 /* 2^53: every whole number up to it is a double                  \
                        */

/* The value of an integer literal into *v; -1 when it is beyond 2^53. */
static int integer_value(const literal *l, double *v)
{
    char digits[64];
    const char *t = l->text;
    int neg = *t == '-', hex = l->kind == LIT_HEX || l->kind == LIT_HEX64;
    t += *t == '-' || *t == '+';
    int n = l->len - (int)(t - l->text);
    while (n > 0 && t[n - 1] == 'L')
        n--;
    if (n >= (int)sizeof digits)
        return -1;
    memcpy(digits, t, (size_t)n);
    digits[n] = '\0';
    errno = 0;
    unsigned long long u = strtoull(digits, NULL, hex ? 16 : 10);
    if (errno == ERANGE || (double)u > EXACT_LIMIT || u > 9007199254740992ULL)
        return -1;
    *v = neg ? -(double)u : (double)u;
    return 0;
}

/* Does libconfig's value of s agree with its literal? (A check that the
 * two readings of the file are of the same numbers.) */
static int literal_matches(const setting *s, const literal *l)
{
    double v;
    int type = config_setting_type(s);
    if (type == CONFIG_TYPE_FLOAT) {
        char buf[512];
        if (l->kind != LIT_FLOAT || l->len >= (int)sizeof buf)
            return l->kind == LIT_FLOAT; /* too long to compare: trust the order */
        memcpy(buf, l->text, (size_t)l->len);
        buf[l->len] = '\0';
        return strtod(buf, NULL) == config_setting_get_float(s);
    }
    int wide = type == CONFIG_TYPE_INT64;
    if (l->kind == LIT_FLOAT || wide != (l->kind == LIT_INT64 || l->kind == LIT_HEX64))
        return 0;
    if (integer_value(l, &v) || fabs(v) >= 2147483648.0)
        return 1; /* wrapped, or beyond 2^53: read from the text in any case */
    return v == (double)config_setting_get_int64(s);
}

/* Give each number of the tree, in order, its literal (as its hook). */
static int attach_literals(ctx *c, setting *s, size_t *next)
{
    int type = config_setting_type(s);
    if (type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64 ||
        type == CONFIG_TYPE_FLOAT) {
        if (*next >= c->n_lits || !literal_matches(s, &c->lits[*next])) {
            diag_set(c->err, STITCH_ENUMERIC, c->file, line_of(s), "",
                     "internal error: this number could not be matched to its text in "
                     "the file; please report it, with the model file");
            return -1;
        }
        config_setting_set_hook(s, &c->lits[(*next)++]);
        return 0;
    }
    if (type == CONFIG_TYPE_GROUP || type == CONFIG_TYPE_LIST ||
        type == CONFIG_TYPE_ARRAY)
        for (int i = 0; i < config_setting_length(s); i++)
            if (attach_literals(c, config_setting_get_elem(s, (unsigned)i), next))
                return -1;
    return 0;
}

/* The number s (is_number(s)) as written, into *v: a whole number exactly
 * (up to 2^53), a decimal as the nearest double. Refused, under `path`
 * with `key` before the message: a whole number beyond 2^53, which no
 * double holds exactly, and a decimal that overflows to infinity or
 * underflows to zero. */
static int read_number(ctx *c, const setting *s, const char *path, const char *key,
                       double *v)
{
    const literal *l = config_setting_get_hook(s);
    if (!l) /* not from the file's text (cannot happen): libconfig's value */
        return *v = config_setting_type(s) == CONFIG_TYPE_FLOAT
                        ? config_setting_get_float(s)
                        : (double)config_setting_get_int64(s),
               0;
    if (l->kind != LIT_FLOAT) {
        if (integer_value(l, v) == 0)
            return 0;
        if (l->kind == LIT_INT)
            return fail(
                c, s, path,
                "%s%.*s is too large a whole number to hold exactly (the limit is "
                "9007199254740992): if a rounded value will do, write it with a "
                "decimal point, %.*s.0",
                key, l->len, l->text, l->len, l->text);
        return fail(c, s, path,
                    "%s%.*s is too large a whole number to hold exactly (the limit is "
                    "9007199254740992): if a rounded value will do, write it as a "
                    "decimal number with a decimal point",
                    key, l->len, l->text);
    }
    *v = config_setting_get_float(s);
    if (isinf(*v))
        return fail(c, s, path,
                    "%s%.*s is too large for a computer to hold (the largest number is "
                    "about 1.8e308): check it for a typo such as extra zeros",
                    key, l->len, l->text);
    int nonzero = 0; /* a digit other than 0 before the exponent */
    for (int i = 0; i < l->len && l->text[i] != 'e' && l->text[i] != 'E'; i++)
        nonzero |= l->text[i] >= '1' && l->text[i] <= '9';
    if (*v == 0 && nonzero)
        return fail(c, s, path,
                    "%s%.*s is too small for a computer to hold (the smallest is about "
                    "2.2e-308): write 0.0 if you mean nothing",
                    key, l->len, l->text);
    return 0;
}

/* prefix.key into out; a path too long for out is cut (only messages use it). */
static void join(char *out, size_t n, const char *prefix, const char *key)
{
    int len = snprintf(out, n, "%s%s%s", prefix, prefix[0] ? "." : "", key);
    if (len < 0 || (size_t)len >= n)
        out[n - 1] = '\0';
}

/* Warn about keys of group `g` not in `known`, suggesting the nearest. */
static int check_keys(ctx *c, const setting *g, const char *prefix,
                      const char *const *known)
{
    for (int i = 0; i < config_setting_length(g); i++) {
        setting *k = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(k);
        int found = 0;
        for (size_t j = 0; known[j] && !found; j++)
            found = strcmp(name, known[j]) == 0;
        if (found)
            continue;
        char path[256];
        join(path, sizeof path, prefix, name);
        const char *near = closest_word(name, known);
        stitch_status rc;
        if (near)
            rc = diag_list_add(&c->m->warnings, c->file, line_of(k), path,
                               "unknown key, ignored (did you mean '%s'?)", near);
        else
            rc = diag_list_add(&c->m->warnings, c->file, line_of(k), path,
                               "unknown key, ignored");
        if (rc)
            return oom_at(c, k, path);
    }
    return 0;
}

/* A string member: required or optional (NULL when absent). */
static int get_string(ctx *c, const setting *g, const char *prefix, const char *key,
                      int required, char **out, int *line)
{
    char path[256];
    join(path, sizeof path, prefix, key);
    setting *s = config_setting_get_member(g, key);
    if (!s) {
        if (required)
            return missing(c, g, path, key, "");
        return 0;
    }
    if (config_setting_type(s) != CONFIG_TYPE_STRING)
        return fail(c, s, path, "expected a string in double quotes, got %s",
                    type_name(s));
    *out = xstrdup(config_setting_get_string(s));
    if (!*out)
        return oom_at(c, s, path);
    if (line)
        *line = line_of(s);
    return 0;
}

/* A whole number within [lo, hi]; `*out` keeps its default when absent. */
static int get_int(ctx *c, const setting *g, const char *prefix, const char *key,
                   int required, long lo, long hi, long *out, int *line)
{
    char path[256];
    join(path, sizeof path, prefix, key);
    setting *s = config_setting_get_member(g, key);
    if (!s)
        return required ? missing(c, g, path, key, "") : 0;
    if (!is_number(s))
        return fail(c, s, path, "expected a whole number, got %s", type_name(s));
    double v;
    if (read_number(c, s, path, "", &v))
        return -1;
    if (v != floor(v))
        return fail(c, s, path, "%g is not a whole number", v);
    if (v < (double)lo || v > (double)hi)
        return fail(c, s, path, "%.15g is out of range (%ld to %ld)", v, lo, hi);
    *out = (long)v;
    if (line)
        *line = line_of(s);
    return 0;
}

static const char *const dist_keys[][4] = {
    [DIST_UNIFORM] = {"min", "max", NULL},
    [DIST_TRIANGULAR] = {"min", "mode", "max", NULL},
    [DIST_PERT] = {"min", "mode", "max", NULL},
    [DIST_NORMAL] = {"mean", "sd", NULL},
    [DIST_LOGNORMAL] = {"mean", "sd", NULL},
    [DIST_BETA] = {"mean", "sd", NULL},
    [DIST_GAMMA] = {"mean", "sd", NULL},
};

static int dist_param(ctx *c, const setting *g, const char *path, dist_kind k,
                      const char *key, int required, double *out)
{
    setting *s = config_setting_get_member(g, key);
    if (!s) {
        if (!required)
            return 0;
        return fail(c, g, path, "a %s distribution needs %s", dist_name(k), key);
    }
    if (!is_number(s))
        return fail(c, s, path, "%s: expected a number, got %s", key, type_name(s));
    char what[32];
    snprintf(what, sizeof what, "%s: ", key);
    return read_number(c, s, path, what, out);
}

static int parse_dist_group(ctx *c, const setting *g, const char *path, stitch_dist *d)
{
    setting *ds = config_setting_get_member(g, "dist");
    if (!ds)
        return fail(c, g, path,
                    "a distribution group needs dist = \"pert\" (or uniform, triangular, "
                    "normal, lognormal, beta, gamma)");
    if (config_setting_type(ds) != CONFIG_TYPE_STRING)
        return fail(c, ds, path, "dist: expected a string, got %s", type_name(ds));
    const char *name = config_setting_get_string(ds);
    dist_kind k;
    if (dist_from_name(name, &k)) {
        const char *near = closest_word(name, dist_names + 1);
        return fail(c, ds, path, "'%s' is not a distribution%s%s%s", name,
                    near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    }
    memset(d, 0, sizeof *d);
    d->kind = k;
    for (int i = 0; i < config_setting_length(g); i++) {
        const char *key = config_setting_name(config_setting_get_elem(g, (unsigned)i));
        int ok = strcmp(key, "dist") == 0 ||
                 (k == DIST_NORMAL && (!strcmp(key, "min") || !strcmp(key, "max")));
        for (int j = 0; dist_keys[k][j] && !ok; j++)
            ok = strcmp(key, dist_keys[k][j]) == 0;
        if (!ok)
            return fail(c, config_setting_get_elem(g, (unsigned)i), path,
                        "'%s' does not belong in a %s distribution (it takes %s%s%s%s%s)",
                        key, name, dist_keys[k][0], dist_keys[k][2] ? ", " : " and ",
                        dist_keys[k][1], dist_keys[k][2] ? " and " : "",
                        dist_keys[k][2] ? dist_keys[k][2] : "");
    }
    for (int j = 0; dist_keys[k][j]; j++)
        if (dist_param(c, g, path, k, dist_keys[k][j], 1, &d->p[j]))
            return -1;
    if (k == DIST_NORMAL) {
        d->p[2] = -INFINITY;
        d->p[3] = INFINITY;
        if (dist_param(c, g, path, k, "min", 0, &d->p[2]) ||
            dist_param(c, g, path, k, "max", 0, &d->p[3]))
            return -1;
    }
    return 0;
}

static int num_from_setting(ctx *c, const setting *s, const char *path, model_num *out);

/* An uncertain number g.key, reported under `path`: a plain number or a
 * distribution group. */
static int get_num_at(ctx *c, const setting *g, const char *key, const char *path,
                      int required, double dflt, dist_domain dom, model_num *out)
{
    out->path = xstrdup(path);
    out->domain = dom;
    out->line = line_of(g);
    if (!out->path)
        return oom_at(c, g, path);
    setting *s = config_setting_get_member(g, key);
    if (!s) {
        if (required)
            return missing(c, g, path, key, "");
        out->dist = dist_fixed(dflt);
        return 0;
    }
    return num_from_setting(c, s, path, out);
}

/* The uncertain number s (a plain number or a distribution group) into
 * *out, whose path and domain are set. */
static int num_from_setting(ctx *c, const setting *s, const char *path, model_num *out)
{
    dist_domain dom = out->domain;
    out->line = line_of(s);
    out->given = 1;
    if (is_number(s)) {
        double v;
        if (read_number(c, s, path, "", &v))
            return -1;
        out->dist = dist_fixed(v);
    } else if (config_setting_type(s) == CONFIG_TYPE_GROUP) {
        if (parse_dist_group(c, s, path, &out->dist))
            return -1;
    } else
        return fail(c, s, path, "expected a number or a distribution group, got %s",
                    type_name(s));
    char msg[256];
    int rc = dist_prepare(&out->dist, dom, msg, sizeof msg);
    if (rc == DIST_ENOMEM)
        return oom_at(c, s, path);
    if (rc == DIST_EQUANTILE) { /* not the model's fault */
        diag_set(c->err, STITCH_ENUMERIC, c->file, line_of(s), path, "%s", msg);
        return -1;
    }
    return rc ? fail(c, s, path, "%s", msg) : 0;
}

static int get_num(ctx *c, const setting *g, const char *prefix, const char *key,
                   int required, double dflt, dist_domain dom, model_num *out)
{
    char path[256];
    join(path, sizeof path, prefix, key);
    return get_num_at(c, g, key, path, required, dflt, dom, out);
}

/* An uncertain number that may be given per delivery year (docs/method.md
 * section 4.1): prefix.key is a plain number or a distribution group, read
 * into *one, or an array [ ] of numbers or a list ( ) mixing numbers and
 * distribution groups with one element per delivery year, read into
 * *years (*n elements, each with its own path "prefix.key[i]"). */
static int get_num_years(ctx *c, const setting *g, const char *prefix, const char *key,
                         dist_domain dom, model_num *one, model_num **years, size_t *n)
{
    char path[256];
    join(path, sizeof path, prefix, key);
    setting *s = config_setting_get_member(g, key);
    int type = s ? config_setting_type(s) : CONFIG_TYPE_NONE;
    if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
        return get_num_at(c, g, key, path, 1, 0, dom, one);
    int len = config_setting_length(s), want = c->m->delivery_years;
    if (len != want)
        return fail(c, s, path,
                    "%d value%s for %d delivery year%s: give one value per delivery "
                    "year, year 0 first, or one value for every year%s",
                    len, len == 1 ? "" : "s", want, want == 1 ? "" : "s",
                    len == 2 || len == 3
                        ? " (a range is a distribution group, such as { dist = "
                          "\"pert\"; min = 60.0; mode = 80.0; max = 95.0; })"
                        : "");
    one->line = line_of(s);
    one->given = 1;
    one->domain = dom;
    one->dist = dist_fixed(0);
    *years = calloc((size_t)len, sizeof **years);
    if (!*years)
        return oom_at(c, s, path);
    *n = (size_t)len;
    for (int i = 0; i < len; i++) {
        setting *e = config_setting_get_elem(s, (unsigned)i);
        model_num *y = &(*years)[i];
        char at[300];
        snprintf(at, sizeof at, "%s[%d]", path, i);
        y->domain = dom;
        if (!(y->path = xstrdup(at)))
            return oom_at(c, e, at);
        y->line = line_of(e);
        if (!is_number(e) && config_setting_type(e) != CONFIG_TYPE_GROUP)
            return fail(c, e, at, "expected a number or a distribution group, got %s",
                        type_name(e));
        if (num_from_setting(c, e, at, y))
            return -1;
    }
    return 0;
}

static int get_confidence(ctx *c, const setting *g, const char *prefix, int *out,
                          int *line)
{
    char *v = NULL;
    *out = -1;
    if (get_string(c, g, prefix, "confidence", 0, &v, line))
        return -1;
    if (!v)
        return 0;
    for (int i = 0; confidence_names[i]; i++)
        if (strcmp(v, confidence_names[i]) == 0)
            *out = i;
    char path[256];
    join(path, sizeof path, prefix, "confidence");
    int rc = 0;
    if (*out < 0)
        rc = fail(c, config_setting_get_member(g, "confidence"), path,
                  "'%s' is not a rating: use \"high\", \"medium\", \"low\" or \"none\"",
                  v);
    free(v);
    return rc;
}

static int get_discount(ctx *c, const setting *g, const char *prefix, int required,
                        model_discount *d)
{
    char path[256];
    join(path, sizeof path, prefix, "discount");
    setting *s = config_setting_get_member(g, "discount");
    if (!s)
        return required ? missing(c, g, path, "discount",
                                  ": give a rate such as 0.035, \"green-book\" or "
                                  "\"green-book-health\"")
                        : 0;
    d->given = 1;
    d->line = line_of(s);
    if (is_number(s)) {
        d->kind = DISC_RATE;
        if (read_number(c, s, path, "", &d->rate))
            return -1;
        if (d->rate < 0 || d->rate >= 1)
            return fail(c, s, path,
                        "%g is not a yearly rate between 0 and 1 (3.5%% is 0.035)",
                        d->rate);
        return 0;
    }
    if (config_setting_type(s) == CONFIG_TYPE_STRING) {
        const char *v = config_setting_get_string(s);
        if (strcmp(v, "green-book") == 0) {
            d->kind = DISC_GREEN_BOOK;
            return 0;
        }
        if (strcmp(v, "green-book-health") == 0) {
            d->kind = DISC_GREEN_BOOK_HEALTH;
            return 0;
        }
        return fail(
            c, s, path,
            "'%s' is not a discount: give a rate such as 0.035, \"green-book\" or "
            "\"green-book-health\"",
            v);
    }
    return fail(c, s, path,
                "expected a rate, \"green-book\" or \"green-book-health\", got %s",
                type_name(s));
}

/* The list `key` of groups; *out NULL when absent and not required. */
static int get_list(ctx *c, const setting *root, const char *key, int required,
                    setting **out)
{
    *out = config_setting_get_member(root, key);
    if (!*out)
        return required ? missing(c, root, key, key, "") : 0;
    if (config_setting_type(*out) != CONFIG_TYPE_LIST)
        return fail(c, *out, key, "expected a list of groups in ( ), got %s",
                    type_name(*out));
    for (int i = 0; i < config_setting_length(*out); i++) {
        setting *e = config_setting_get_elem(*out, (unsigned)i);
        if (config_setting_type(e) != CONFIG_TYPE_GROUP) {
            char path[64];
            snprintf(path, sizeof path, "%s[%d]", key, i);
            return fail(c, e, path, "expected a group { }, got %s", type_name(e));
        }
    }
    return 0;
}

/* Read an item's id and build its path prefix "section.id". */
static int item_id(ctx *c, const setting *g, const char *section, int i, char **id,
                   char *prefix, size_t n)
{
    snprintf(prefix, n, "%s[%d]", section, i);
    if (get_string(c, g, prefix, "id", 1, id, NULL))
        return -1;
    const char *p = *id;
    if (!*p)
        return fail(c, config_setting_get_member(g, "id"), prefix, "id is empty");
    for (; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
            return fail(c, config_setting_get_member(g, "id"), prefix,
                        "id '%s' may hold only letters, digits, '_' and '-'", *id);
    snprintf(prefix, n, "%s.%s", section, *id);
    return 0;
}

static int alloc_items(ctx *c, const setting *list, size_t size, void **out, size_t *n)
{
    size_t want = list ? (size_t)config_setting_length(list) : 0;
    *out = calloc(want ? want : 1, size);
    *n = *out ? want : 0; /* the count only once the items exist, for freeing */
    return *out ? 0 : oom_at(c, list, "");
}

static const char *const cost_keys[] = {"id",       "text",  "amount", "per",
                                        "evidence", "notes", "funder", NULL};

/* A name that says who: a non-empty string, or absent (NULL). */
static int get_who(ctx *c, const setting *g, const char *prefix, const char *key,
                   const char *what, char **out)
{
    if (get_string(c, g, prefix, key, 0, out, NULL))
        return -1;
    if (!*out || strspn(*out, " \t") < strlen(*out))
        return 0;
    char path[300];
    join(path, sizeof path, prefix, key);
    return fail(c, config_setting_get_member(g, key), path,
                "is empty: name %s, or leave the key out", what);
}

static int parse_costs(ctx *c, const setting *root)
{
    setting *list;
    if (get_list(c, root, "costs", 1, &list) ||
        alloc_items(c, list, sizeof *c->m->costs, (void **)&c->m->costs, &c->m->n_costs))
        return -1;
    for (size_t i = 0; i < c->m->n_costs; i++) {
        model_cost *it = &c->m->costs[i];
        setting *g = config_setting_get_elem(list, (unsigned)i);
        char prefix[256], *per = NULL;
        it->line = line_of(g);
        if (item_id(c, g, "costs", (int)i, &it->id, prefix, sizeof prefix) ||
            check_keys(c, g, prefix, cost_keys) ||
            get_string(c, g, prefix, "text", 0, &it->text, NULL) ||
            get_string(c, g, prefix, "evidence", 0, &it->evidence, NULL) ||
            get_string(c, g, prefix, "notes", 0, &it->notes, NULL) ||
            get_num_years(c, g, prefix, "amount", DOMAIN_NONNEG, &it->amount,
                          &it->amount_year, &it->n_amount_year) ||
            get_who(c, g, prefix, "funder", "who pays for this cost line", &it->funder) ||
            get_string(c, g, prefix, "per", 1, &per, NULL))
            return free(per), -1;
        int ok = strcmp(per, "year") == 0 || strcmp(per, "once") == 0;
        it->once = strcmp(per, "once") == 0;
        if (!ok) {
            char path[300];
            join(path, sizeof path, prefix, "per");
            fail(c, config_setting_get_member(g, "per"), path,
                 "'%s' is not a period: use \"year\" (each delivery year) or \"once\" "
                 "(year 0)",
                 per);
        }
        free(per);
        if (!ok)
            return -1;
        if (it->once && it->n_amount_year) {
            char path[300];
            join(path, sizeof path, prefix, "amount");
            return fail(c, config_setting_get_member(g, "amount"), path,
                        "one value per delivery year, but per = \"once\" pays it only in "
                        "year 0: give one number, or write per = \"year\"");
        }
    }
    if (c->m->n_costs == 0)
        return fail(c, config_setting_get_member(root, "costs"), "costs",
                    "the list is empty: a business case needs its costs");
    return 0;
}

static const char *const output_keys[] = {"id",         "text",  "count",   "evidence",
                                          "confidence", "notes", "initial", NULL};

static int parse_outputs(ctx *c, const setting *root)
{
    setting *list;
    if (get_list(c, root, "outputs", 1, &list) ||
        alloc_items(c, list, sizeof *c->m->outputs, (void **)&c->m->outputs,
                    &c->m->n_outputs))
        return -1;
    for (size_t i = 0; i < c->m->n_outputs; i++) {
        model_output *it = &c->m->outputs[i];
        setting *g = config_setting_get_elem(list, (unsigned)i);
        char prefix[256];
        it->line = line_of(g);
        if (item_id(c, g, "outputs", (int)i, &it->id, prefix, sizeof prefix) ||
            check_keys(c, g, prefix, output_keys) ||
            get_string(c, g, prefix, "text", 0, &it->text, NULL) ||
            get_string(c, g, prefix, "evidence", 0, &it->evidence, NULL) ||
            get_string(c, g, prefix, "notes", 0, &it->notes, NULL) ||
            get_confidence(c, g, prefix, &it->confidence, &it->confidence_line) ||
            get_num_years(c, g, prefix, "count", DOMAIN_NONNEG, &it->count,
                          &it->count_year, &it->n_count_year) ||
            get_num(c, g, prefix, "initial", 0, 0, DOMAIN_NONNEG, &it->initial))
            return -1;
    }
    if (c->m->n_outputs == 0)
        return fail(c, config_setting_get_member(root, "outputs"), "outputs",
                    "the list is empty: say how many people the service reaches");
    return 0;
}

static const char *const outcome_keys[] = {
    "id",    "text", "from",     "rate",     "evidence",          "confidence",
    "notes", "step", "progress", "measure",  "national_outcomes", NULL};

/* A string key that must be one of `names` (index into *out, -1 when
 * absent); `want` says what to use instead in the error. */
static int get_choice(ctx *c, const setting *g, const char *prefix, const char *key,
                      const char *const *names, const char *what, const char *want,
                      int *out, int *line)
{
    char *v = NULL;
    *out = -1;
    if (get_string(c, g, prefix, key, 0, &v, line))
        return -1;
    if (!v)
        return 0;
    for (int i = 0; names[i]; i++)
        if (strcmp(v, names[i]) == 0)
            *out = i;
    int rc = 0;
    if (*out < 0) {
        char path[300];
        join(path, sizeof path, prefix, key);
        rc = fail(c, config_setting_get_member(g, key), path, "'%s' is not %s: use %s", v,
                  what, want);
    }
    free(v);
    return rc;
}

/* measure = "...": how an outcome is measured; not blank when given. */
static int get_measure(ctx *c, const setting *g, const char *prefix, char **out)
{
    if (get_string(c, g, prefix, "measure", 0, out, NULL))
        return -1;
    if (!*out || strspn(*out, " \t") < strlen(*out))
        return 0;
    char path[300];
    join(path, sizeof path, prefix, "measure");
    return fail(c, config_setting_get_member(g, "measure"), path,
                "is empty: say how the outcome is measured (for example \"UCLA-3 "
                "loneliness scale at six months\"), or leave the key out");
}

/* national_outcomes = [2, 4]: numbers of the nine National Health and
 * Wellbeing Outcomes, each once; [] means none. */
static int get_national(ctx *c, const setting *g, const char *prefix, model_outcome *it)
{
    char path[300];
    join(path, sizeof path, prefix, "national_outcomes");
    setting *s = config_setting_get_member(g, "national_outcomes");
    if (!s)
        return 0;
    it->national_line = line_of(s);
    int t = config_setting_type(s);
    if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
        return fail(c, s, path,
                    "expected a list of outcome numbers 1 to 9 in [ ], such as [2, 4], got %s",
                    type_name(s));
    for (int i = 0; i < config_setting_length(s); i++) {
        setting *e = config_setting_get_elem(s, (unsigned)i);
        if (!is_number(e))
            return fail(c, e, path, "expected outcome numbers 1 to 9, got %s",
                        type_name(e));
        double v;
        if (read_number(c, e, path, "", &v))
            return -1;
        if (v != floor(v) || v < 1 || v > 9)
            return fail(c, e, path,
                        "%g is not one of the nine National Health and Wellbeing "
                        "Outcomes: use their numbers, 1 to 9",
                        v);
        unsigned bit = 1u << (unsigned)v;
        if (it->national & bit)
            return fail(c, e, path, "%g is listed twice: give each number once", v);
        it->national |= bit;
    }
    return 0;
}

static int parse_outcomes(ctx *c, const setting *root)
{
    setting *list;
    if (get_list(c, root, "outcomes", 1, &list) ||
        alloc_items(c, list, sizeof *c->m->outcomes, (void **)&c->m->outcomes,
                    &c->m->n_outcomes))
        return -1;
    for (size_t i = 0; i < c->m->n_outcomes; i++) {
        model_outcome *it = &c->m->outcomes[i];
        setting *g = config_setting_get_elem(list, (unsigned)i);
        char prefix[256];
        it->line = line_of(g);
        if (item_id(c, g, "outcomes", (int)i, &it->id, prefix, sizeof prefix) ||
            check_keys(c, g, prefix, outcome_keys) ||
            get_string(c, g, prefix, "text", 0, &it->text, NULL) ||
            get_string(c, g, prefix, "from", 1, &it->from, &it->from_line) ||
            get_string(c, g, prefix, "evidence", 0, &it->evidence, NULL) ||
            get_string(c, g, prefix, "notes", 0, &it->notes, NULL) ||
            get_confidence(c, g, prefix, &it->confidence, &it->confidence_line) ||
            get_num(c, g, prefix, "rate", 1, 0, DOMAIN_SHARE, &it->rate) ||
            get_choice(c, g, prefix, "step", outcome_step_names, "an outcome-map step",
                       "\"what we do\", \"who with\", \"how they feel\", \"what they "
                       "learn and gain\", \"what they do differently\" or \"what "
                       "difference this makes\"",
                       &it->step, &it->step_line) ||
            get_choice(c, g, prefix, "progress", progress_names, "a progress rating",
                       "\"none\", \"some\" or \"good\"", &it->progress,
                       &it->progress_line) ||
            get_measure(c, g, prefix, &it->measure) ||
            get_national(c, g, prefix, it))
            return -1;
    }
    if (c->m->n_outcomes == 0)
        return fail(c, config_setting_get_member(root, "outcomes"), "outcomes",
                    "the list is empty: benefits hang from outcomes");
    return 0;
}

static const char *const benefit_keys[] = {
    "id",       "text",       "outcome",      "unit_cost",   "value",
    "category", "payer",      "quantity",     "lag",         "duration",
    "drop_off", "deadweight", "displacement", "attribution", "discount",
    "evidence", "confidence", "notes",        "stakeholder", NULL};

static int benefit_kind(ctx *c, const setting *g, const char *prefix, model_benefit *it)
{
    char *cat = NULL;
    int has_uc = config_setting_get_member(g, "unit_cost") != NULL;
    int has_v = config_setting_get_member(g, "value") != NULL;
    if (has_uc && has_v)
        return fail(c, config_setting_get_member(g, "value"), prefix,
                    "has both unit_cost and value: give one (a code in the tables, or a "
                    "money value per person per year)");
    if (!has_uc && !has_v)
        return fail(
            c, g, prefix,
            "needs unit_cost (a code in the tables) or value (money per person per "
            "year)");
    it->is_value = has_v;
    if (has_uc) {
        /* payer may relabel the row's (an English proxy's "NHS" is "NHS
         * Scotland" in a Scottish case); the kind is the row's own. */
        if (config_setting_get_member(g, "category"))
            return fail(c, config_setting_get_member(g, "category"), prefix,
                        "category applies only to value benefits; a unit-cost benefit "
                        "takes its kind from its table row");
        return get_string(c, g, prefix, "unit_cost", 1, &it->unit_cost,
                          &it->unit_cost_line) ||
               get_string(c, g, prefix, "payer", 0, &it->payer, NULL);
    }
    if (get_num(c, g, prefix, "value", 1, 0, DOMAIN_ANY, &it->value) ||
        get_string(c, g, prefix, "payer", 0, &it->payer, NULL) ||
        get_string(c, g, prefix, "category", 0, &cat, NULL))
        return free(cat), -1;
    int rc = 0;
    if (cat && strcmp(cat, "economic") == 0)
        it->economic = 1;
    else if (cat && strcmp(cat, "social") != 0) {
        char path[300];
        join(path, sizeof path, prefix, "category");
        rc = fail(c, config_setting_get_member(g, "category"), path,
                  "'%s' is not a category: use \"social\" or \"economic\"", cat);
    }
    free(cat);
    return rc;
}

static int parse_benefit(ctx *c, const setting *g, int i, model_benefit *it)
{
    char prefix[256];
    long lag = 0, duration = 1;
    it->line = line_of(g);
    if (item_id(c, g, "benefits", i, &it->id, prefix, sizeof prefix) ||
        check_keys(c, g, prefix, benefit_keys) ||
        get_string(c, g, prefix, "text", 0, &it->text, NULL) ||
        get_string(c, g, prefix, "outcome", 1, &it->outcome, &it->outcome_line) ||
        get_string(c, g, prefix, "evidence", 0, &it->evidence, NULL) ||
        get_string(c, g, prefix, "notes", 0, &it->notes, NULL) ||
        get_confidence(c, g, prefix, &it->confidence, &it->confidence_line) ||
        benefit_kind(c, g, prefix, it) ||
        get_num(c, g, prefix, "quantity", 0, 1.0, DOMAIN_ANY, &it->quantity) ||
        get_int(c, g, prefix, "lag", 0, 0, 1000, &lag, NULL) ||
        get_int(c, g, prefix, "duration", 0, 1, 1000, &duration, &it->duration_line) ||
        get_num(c, g, prefix, "drop_off", 0, 0, DOMAIN_SHARE, &it->drop_off) ||
        get_num(c, g, prefix, "deadweight", 0, 0, DOMAIN_SHARE, &it->deadweight) ||
        get_num(c, g, prefix, "displacement", 0, 0, DOMAIN_SHARE, &it->displacement) ||
        get_num(c, g, prefix, "attribution", 0, 0, DOMAIN_SHARE, &it->attribution) ||
        get_discount(c, g, prefix, 0, &it->discount) ||
        get_who(c, g, prefix, "stakeholder", "who gains this benefit", &it->stakeholder))
        return -1;
    it->lag = (int)lag;
    it->duration = (int)duration;
    return 0;
}

static int parse_benefits(ctx *c, const setting *root)
{
    setting *list;
    if (get_list(c, root, "benefits", 1, &list) ||
        alloc_items(c, list, sizeof *c->m->benefits, (void **)&c->m->benefits,
                    &c->m->n_benefits))
        return -1;
    for (size_t i = 0; i < c->m->n_benefits; i++)
        if (parse_benefit(c, config_setting_get_elem(list, (unsigned)i), (int)i,
                          &c->m->benefits[i]))
            return -1;
    if (c->m->n_benefits == 0)
        return fail(c, config_setting_get_member(root, "benefits"), "benefits",
                    "the list is empty: a business case needs at least one benefit");
    return 0;
}

static const char *const need_keys[] = {"text", "population", "source", NULL};

static int parse_need(ctx *c, const setting *root)
{
    setting *g = config_setting_get_member(root, "need");
    if (!g)
        return missing(c, root, "need", "need", ": describe the need and its population");
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return fail(c, g, "need", "expected a group { }, got %s", type_name(g));
    c->m->need_line = line_of(g);
    return check_keys(c, g, "need", need_keys) ||
                   get_string(c, g, "need", "text", 1, &c->m->need_text, NULL) ||
                   get_string(c, g, "need", "source", 0, &c->m->need_source, NULL) ||
                   get_num(c, g, "need", "population", 1, 0, DOMAIN_NONNEG,
                           &c->m->population)
               ? -1
               : 0;
}

static int parse_ob(ctx *c, const setting *root)
{
    setting *g = config_setting_get_member(root, "optimism_bias");
    if (!g)
        return 0;
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return fail(c, g, "optimism_bias",
                    "expected a group { high = ..; medium = ..; "
                    "low = ..; none = ..; }, got %s",
                    type_name(g));
    c->m->has_ob = 1;
    c->m->ob_line = line_of(g);
    if (check_keys(c, g, "optimism_bias", confidence_names))
        return -1;
    for (int i = 0; i < CONF_COUNT; i++) {
        model_num n = {0};
        int rc =
            get_num(c, g, "optimism_bias", confidence_names[i], 1, 0, DOMAIN_SHARE, &n);
        free(n.path);
        if (rc)
            return -1;
        if (n.dist.kind != DIST_FIXED) {
            char path[64];
            join(path, sizeof path, "optimism_bias", confidence_names[i]);
            return fail(c, config_setting_get_member(g, confidence_names[i]), path,
                        "optimism-bias shares are fixed numbers, not distributions");
        }
        c->m->ob[i] = n.dist.p[0];
    }
    return 0;
}

static int parse_overrides(ctx *c, const setting *root)
{
    setting *g = config_setting_get_member(root, "unit_cost_overrides");
    if (!g)
        return 0;
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return fail(c, g, "unit_cost_overrides",
                    "expected a group { code = cost; }, got %s", type_name(g));
    c->m->n_overrides = (size_t)config_setting_length(g);
    c->m->overrides = calloc(c->m->n_overrides + 1, sizeof *c->m->overrides);
    if (!c->m->overrides)
        return oom_at(c, g, "unit_cost_overrides");
    for (size_t i = 0; i < c->m->n_overrides; i++) {
        model_override *o = &c->m->overrides[i];
        const char *code = config_setting_name(config_setting_get_elem(g, (unsigned)i));
        char path[256];
        snprintf(path, sizeof path, "unit_costs.%s.cost", code);
        if (!(o->code = xstrdup(code)))
            return oom_at(c, g, path);
        if (get_num_at(c, g, code, path, 1, 0, DOMAIN_NONNEG, &o->cost))
            return -1;
    }
    return 0;
}

static const char *const correlation_keys[] = {"a",     "b",        "rho",
                                               "notes", "evidence", NULL};

/* correlations = ( { a = "path"; b = "path"; rho = 0.4; } ); paths are
 * resolved when linking, when every input exists. */
static int parse_correlations(ctx *c, const setting *root)
{
    setting *list;
    if (get_list(c, root, "correlations", 0, &list) ||
        alloc_items(c, list, sizeof *c->m->correlations, (void **)&c->m->correlations,
                    &c->m->n_correlations))
        return -1;
    for (size_t i = 0; i < c->m->n_correlations; i++) {
        setting *g = config_setting_get_elem(list, (unsigned)i);
        model_correlation *it = &c->m->correlations[i];
        char prefix[64], path[80];
        snprintf(prefix, sizeof prefix, "correlations[%zu]", i);
        it->line = line_of(g);
        if (check_keys(c, g, prefix, correlation_keys) ||
            get_string(c, g, prefix, "a", 1, &it->a, &it->a_line) ||
            get_string(c, g, prefix, "b", 1, &it->b, &it->b_line))
            return -1;
        join(path, sizeof path, prefix, "rho");
        setting *r = config_setting_get_member(g, "rho");
        if (!r)
            return fail(c, g, path, "missing (required): the rank correlation, -1 to 1");
        if (!is_number(r))
            return fail(c, r, path, "expected a number between -1 and 1, got %s",
                        type_name(r));
        if (read_number(c, r, path, "", &it->rho))
            return -1;
        it->rho_line = line_of(r);
        if (!(it->rho > -1 && it->rho < 1))
            return fail(c, r, path,
                        "%g is not strictly between -1 and 1 (inputs that move exactly "
                        "together should be one input)",
                        it->rho);
    }
    return 0;
}

static const char *const scenario_keys[] = {"name", "set", "notes", "evidence", NULL};
static const char *const setting_keys[] = {"path", "value", NULL};

/* scenarios = ( { name = "No GP effect";
 *                 set = ( { path = "benefits.gp.quantity"; value = 0.0; } ); } );
 * Paths are resolved when linking. */
static int parse_scenario(ctx *c, const setting *g, size_t i, model_scenario *it)
{
    char prefix[64], path[96];
    snprintf(prefix, sizeof prefix, "scenarios[%zu]", i);
    it->line = line_of(g);
    if (check_keys(c, g, prefix, scenario_keys) ||
        get_string(c, g, prefix, "name", 1, &it->name, NULL))
        return -1;
    if (!it->name[0])
        return fail(c, config_setting_get_member(g, "name"), prefix,
                    "name is empty: give the scenario a short name");
    join(path, sizeof path, prefix, "set");
    setting *list = config_setting_get_member(g, "set");
    if (!list)
        return fail(c, g, path,
                    "missing (required): the numbers to change, e.g. set = ( { path = "
                    "\"benefits.gp.quantity\"; value = 0.0; } );");
    if (config_setting_type(list) != CONFIG_TYPE_LIST || !config_setting_length(list))
        return fail(c, list, path,
                    "expected a list of { path = \"...\"; value = ...; } groups in ( ), "
                    "got %s",
                    config_setting_length(list) ? type_name(list) : "an empty list");
    if (alloc_items(c, list, sizeof *it->set, (void **)&it->set, &it->n_set))
        return -1;
    for (size_t k = 0; k < it->n_set; k++) {
        setting *e = config_setting_get_elem(list, (unsigned)k);
        model_setting *st = &it->set[k];
        char at[128];
        snprintf(at, sizeof at, "%s[%zu]", path, k);
        if (config_setting_type(e) != CONFIG_TYPE_GROUP)
            return fail(c, e, at,
                        "expected a group { path = \"...\"; value = ...; }, got %s",
                        type_name(e));
        if (check_keys(c, e, at, setting_keys) ||
            get_string(c, e, at, "path", 1, &st->path, &st->line))
            return -1;
        char vpath[160];
        join(vpath, sizeof vpath, at, "value");
        setting *v = config_setting_get_member(e, "value");
        if (!v)
            return fail(c, e, vpath, "missing (required): the number to use");
        if (!is_number(v))
            return fail(c, v, vpath,
                        "expected a plain number, got %s (a scenario sets fixed values)",
                        type_name(v));
        if (read_number(c, v, vpath, "", &st->value))
            return -1;
    }
    return 0;
}

static int parse_scenarios(ctx *c, const setting *root)
{
    setting *list;
    if (get_list(c, root, "scenarios", 0, &list) ||
        alloc_items(c, list, sizeof *c->m->scenarios, (void **)&c->m->scenarios,
                    &c->m->n_scenarios))
        return -1;
    for (size_t i = 0; i < c->m->n_scenarios; i++)
        if (parse_scenario(c, config_setting_get_elem(list, (unsigned)i), i,
                           &c->m->scenarios[i]))
            return -1;
    return 0;
}

static int parse_tables(ctx *c, const setting *root)
{
    setting *s = config_setting_get_member(root, "unit_costs");
    if (!s) { /* value-only models need no table; link checks codes */
        const char *const want[] = {"unit_costs", NULL};
        for (int i = 0; i < config_setting_length(root); i++) {
            setting *k = config_setting_get_elem(root, (unsigned)i);
            const char *name = config_setting_name(k);
            if (name && closest_word(name, want)) { /* unit_cost, Unit_costs */
                c->m->tables_near_line = line_of(k);
                if (!(c->m->tables_near = xstrdup(name)))
                    return oom_at(c, k, name);
                break;
            }
        }
        return 0;
    }
    c->m->tables_line = line_of(s);
    int t = config_setting_type(s);
    if (t == CONFIG_TYPE_STRING) {
        c->m->tables = calloc(1, sizeof *c->m->tables);
        c->m->n_tables = 1;
        if (!c->m->tables || !(c->m->tables[0] = xstrdup(config_setting_get_string(s))))
            return oom_at(c, s, "unit_costs");
        return 0;
    }
    if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
        return fail(c, s, "unit_costs",
                    "expected a list of file names [\"a.csv\"], got %s", type_name(s));
    c->m->n_tables = (size_t)config_setting_length(s);
    c->m->tables = calloc(c->m->n_tables + 1, sizeof *c->m->tables);
    if (!c->m->tables)
        return oom_at(c, s, "unit_costs");
    for (size_t i = 0; i < c->m->n_tables; i++) {
        setting *e = config_setting_get_elem(s, (unsigned)i);
        if (config_setting_type(e) != CONFIG_TYPE_STRING)
            return fail(c, e, "unit_costs", "expected file names in quotes, got %s",
                        type_name(e));
        if (!(c->m->tables[i] = xstrdup(config_setting_get_string(e))))
            return oom_at(c, e, "unit_costs");
    }
    return 0;
}

/* monitoring = ["a.csv", ...] or "a.csv": the service's own records
 * (docs/method.md section 8.4), read by the monitoring stage. */
static int parse_monitoring(ctx *c, const setting *root)
{
    setting *s = config_setting_get_member(root, "monitoring");
    if (!s)
        return 0;
    stitch_model *m = c->m;
    m->monitoring_line = line_of(s);
    int t = config_setting_type(s);
    int list = t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST;
    if (!list && t != CONFIG_TYPE_STRING)
        return fail(c, s, "monitoring",
                    "expected a list of file names [\"monitoring.csv\"], got %s",
                    type_name(s));
    m->n_monitoring = list ? (size_t)config_setting_length(s) : 1;
    if (!(m->monitoring = calloc(m->n_monitoring + 1, sizeof *m->monitoring)))
        return oom_at(c, s, "monitoring");
    for (size_t i = 0; i < m->n_monitoring; i++) {
        setting *e = list ? config_setting_get_elem(s, (unsigned)i) : s;
        if (config_setting_type(e) != CONFIG_TYPE_STRING)
            return fail(c, e, "monitoring", "expected file names in quotes, got %s",
                        type_name(e));
        if (!(m->monitoring[i] = xstrdup(config_setting_get_string(e))))
            return oom_at(c, e, "monitoring");
        if (!m->monitoring[i][0])
            return fail(c, e, "monitoring", "a file name is empty");
    }
    return 0;
}

static int parse_simulation(ctx *c, const setting *root)
{
    static const char *const keys[] = {"iterations", "seed", NULL};
    long it = 10000, seed = 1;
    setting *g = config_setting_get_member(root, "simulation");
    if (g && config_setting_type(g) != CONFIG_TYPE_GROUP)
        return fail(c, g, "simulation",
                    "expected a group { iterations = ..; seed = ..; }, "
                    "got %s",
                    type_name(g));
    if (g && (check_keys(c, g, "simulation", keys) ||
              get_int(c, g, "simulation", "iterations", 0, 1, 1000000000L, &it, NULL) ||
              get_int(c, g, "simulation", "seed", 0, 0, 4294967295L, &seed, NULL)))
        return -1;
    c->m->iterations = it;
    c->m->seed = (unsigned long)seed;
    return 0;
}

int price_year_valid(const char *s)
{
    if (strlen(s) != 7 || s[4] != '/')
        return 0;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = atoi(s), yy = atoi(s + 5);
    return (y + 1) % 100 == yy;
}

static const char *const top_keys[] = {
    "name",        "organisation", "price_year",   "years",         "delivery_years",
    "discount",    "unit_costs",   "simulation",   "need",          "costs",
    "outputs",     "outcomes",     "benefits",     "optimism_bias", "unit_cost_overrides",
    "description", "notes",        "correlations", "scenarios",     "monitoring",
    NULL};

static int parse_header(ctx *c, const setting *root)
{
    long years = 0, delivery = -1;
    stitch_model *m = c->m;
    if (check_keys(c, root, "", top_keys) ||
        get_string(c, root, "", "name", 1, &m->name, NULL) ||
        get_string(c, root, "", "organisation", 0, &m->organisation, NULL) ||
        get_string(c, root, "", "price_year", 1, &m->price_year, &m->price_year_line) ||
        get_int(c, root, "", "years", 1, 1, 1000, &years, &m->years_line) ||
        get_int(c, root, "", "delivery_years", 0, 1, 1000, &delivery,
                &m->delivery_line) ||
        get_discount(c, root, "", 1, &m->discount))
        return -1;
    if (!m->name[0])
        return fail(c, config_setting_get_member(root, "name"), "name",
                    "empty: give the project a name");
    if (!price_year_valid(m->price_year))
        return fail(c, config_setting_get_member(root, "price_year"), "price_year",
                    "'%s' is not a price year like \"2023/24\"", m->price_year);
    m->years = (int)years;
    m->delivery_years = delivery < 0 ? (int)years : (int)delivery;
    if (m->delivery_years > m->years)
        return fail(c, config_setting_get_member(root, "delivery_years"),
                    "delivery_years",
                    "%d is more than years (%d): the service cannot run beyond the "
                    "appraisal period",
                    m->delivery_years, m->years);
    return 0;
}

/* Read the whole file; refuse empty and binary files with a clear word. */
static char *slurp(ctx *c, const char *file)
{
    struct stat st;
    if (stat(file, &st) == 0 && S_ISDIR(st.st_mode)) {
        diag_set(c->err, STITCH_EINPUT, file, 0, "",
                 "this is a folder, not a model file: name the .cfg file inside it");
        return NULL;
    }
    FILE *f = fopen(file, "rb");
    if (!f) {
        diag_set(c->err, STITCH_EINPUT, file, 0, "", "cannot open: %s", strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int nomem = 0;
    for (;;) {
        if (n > STITCH_MAX_FILE) { /* read no further: /dev/zero never ends */
            fclose(f);
            free(buf);
            diag_set(c->err, STITCH_EINPUT, file, 0, "",
                     "larger than 64 MiB, the most stitch reads for a model: is it the "
                     "right file?");
            return NULL;
        }
        if (grow((void **)&buf, &cap, n + 4097, 1)) {
            nomem = 1;
            break;
        }
        size_t got = fread(buf + n, 1, 4096, f);
        n += got;
        if (got < 4096)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (nomem) { /* never a partial model */
        free(buf);
        diag_set(c->err, STITCH_ENOMEM, file, 0, "", "out of memory");
        return NULL;
    }
    if (buf && bad) {
        diag_set(c->err, STITCH_EINPUT, file, 0, "", "cannot read: %s", strerror(errno));
        free(buf);
        return NULL;
    }
    if (!buf)
        return NULL;
    buf[n] = '\0';
    if (n == 0 || strspn(buf, " \t\r\n") == n)
        diag_set(c->err, STITCH_EINPUT, file, 0, "", "the file is empty");
    else if (memchr(buf, '\0', n))
        diag_set(c->err, STITCH_EINPUT, file, 0, "",
                 "this is not a plain-text file (a Word or Excel file?): save the model "
                 "as plain text");
    else
        return buf;
    free(buf);
    return NULL;
}

/* libconfig's syntax error, with a plainer word for a file that ends early. */
static void syntax_error(ctx *c, const config_t *cfg, const char *text)
{
    int lines = 0, line = config_error_line(cfg);
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    if (text[0] && text[strlen(text) - 1] != '\n')
        lines++;
    if (line > lines)
        diag_set(c->err, STITCH_EINPUT, c->file, lines, "",
                 "the file ends inside a group { } or list ( ): a closing '}' or ')' is "
                 "missing");
    else if (strstr(config_error_text(cfg), "mismatched element type in array"))
        diag_set(c->err, STITCH_EINPUT, c->file, line, "",
                 "%s: write every number with a decimal point, or use ( … ) for a mix",
                 config_error_text(cfg));
    else
        diag_set(c->err, STITCH_EINPUT, c->file, line, "",
                 "%s (libconfig syntax: key = value; strings in double quotes)",
                 config_error_text(cfg));
}

/* libconfig's @include reads other files, and its scanner exits the whole
 * process on some include paths (libconfig issue #292): refuse it, so that
 * a model stands on its own. */
static int has_include(ctx *c, const char *text)
{
    int line = 1;
    for (const char *p = text; *p; line++) {
        p += strspn(p, " \t");
        if (strncmp(p, "@include", 8) == 0) {
            diag_set(c->err, STITCH_EINPUT, c->file, line, "",
                     "@include is not supported: keep the whole model in one file, so "
                     "that it can be checked and shared on its own");
            return 1;
        }
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
    return 0;
}

static int parse_all(ctx *c, const setting *root)
{
    return parse_header(c, root) || parse_tables(c, root) || parse_simulation(c, root) ||
                   parse_need(c, root) || parse_costs(c, root) ||
                   parse_outputs(c, root) || parse_outcomes(c, root) ||
                   parse_benefits(c, root) || parse_ob(c, root) ||
                   parse_overrides(c, root) || parse_correlations(c, root) ||
                   parse_scenarios(c, root) || parse_monitoring(c, root)
               ? -1
               : 0;
}

stitch_model *stitch_model_load(const char *file, stitch_diag *err)
{
    stitch_diag scratch;
    ctx c = {NULL, err ? err : &scratch, file, NULL, 0, 0};
    config_t cfg;
    char *text = NULL;
    stitch_model *m = calloc(1, sizeof *m);
    config_init(&cfg);
    if (!m) {
        diag_set(c.err, STITCH_ENOMEM, file, 0, "", "out of memory");
        goto fail;
    }
    c.m = m;
    if (!(m->file = xstrdup(file)) || !(text = slurp(&c, file)) ||
        text_decode(&text, file, "save it as UTF-8", &m->warnings, c.err))
        goto fail;
    const char *body = text; /* UTF-8 now, without a byte-order mark */
    if (has_include(&c, body))
        goto fail;
    if (config_read_string(&cfg, body) != CONFIG_TRUE) {
        syntax_error(&c, &cfg, body);
        goto fail;
    }
    size_t next = 0;
    if (scan_numbers(&c, body)) {
        diag_set(c.err, STITCH_ENOMEM, file, 0, "", "out of memory");
        goto fail;
    }
    if (attach_literals(&c, config_root_setting(&cfg), &next) ||
        parse_all(&c, config_root_setting(&cfg)))
        goto fail;
    config_destroy(&cfg);
    free(text);
    free(c.lits);
    return m;
fail:
    config_destroy(&cfg);
    free(text);
    free(c.lits);
    stitch_model_free(m);
    return NULL;
}

static void num_free(model_num *n)
{
    free(n->path);
}

void stitch_model_free(stitch_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; m->costs && i < m->n_costs; i++) {
        model_cost *it = &m->costs[i];
        free(it->id), free(it->text), free(it->evidence), free(it->notes);
        free(it->funder);
        num_free(&it->amount);
        for (size_t k = 0; it->amount_year && k < it->n_amount_year; k++)
            num_free(&it->amount_year[k]);
        free(it->amount_year);
    }
    for (size_t i = 0; m->outputs && i < m->n_outputs; i++) {
        model_output *it = &m->outputs[i];
        free(it->id), free(it->text), free(it->evidence), free(it->notes);
        num_free(&it->count), num_free(&it->initial);
        for (size_t k = 0; it->count_year && k < it->n_count_year; k++)
            num_free(&it->count_year[k]);
        free(it->count_year);
    }
    for (size_t i = 0; m->outcomes && i < m->n_outcomes; i++) {
        model_outcome *it = &m->outcomes[i];
        free(it->id), free(it->text), free(it->from), free(it->evidence), free(it->notes);
        free(it->measure);
        num_free(&it->rate);
    }
    for (size_t i = 0; m->benefits && i < m->n_benefits; i++) {
        model_benefit *b = &m->benefits[i];
        free(b->id), free(b->text), free(b->outcome), free(b->unit_cost), free(b->payer);
        free(b->evidence), free(b->notes), free(b->stakeholder);
        num_free(&b->value), num_free(&b->quantity), num_free(&b->drop_off);
        num_free(&b->deadweight), num_free(&b->displacement), num_free(&b->attribution);
    }
    for (size_t i = 0; m->overrides && i < m->n_overrides; i++)
        free(m->overrides[i].code), num_free(&m->overrides[i].cost);
    for (size_t i = 0; m->scenarios && i < m->n_scenarios; i++) {
        for (size_t k = 0; m->scenarios[i].set && k < m->scenarios[i].n_set; k++)
            free(m->scenarios[i].set[k].path);
        free(m->scenarios[i].set), free(m->scenarios[i].name);
    }
    free(m->scenarios);
    for (size_t i = 0; m->correlations && i < m->n_correlations; i++)
        free(m->correlations[i].a), free(m->correlations[i].b);
    for (size_t i = 0; m->tables && i < m->n_tables; i++)
        free(m->tables[i]);
    free(m->tables), free(m->tables_near), free(m->costs), free(m->outputs),
        free(m->outcomes);
    for (size_t i = 0; m->monitoring && i < m->n_monitoring; i++)
        free(m->monitoring[i]);
    free(m->monitoring);
    free(m->benefits), free(m->overrides), free(m->correlations);
    free(m->file), free(m->name), free(m->organisation), free(m->price_year);
    free(m->need_text), free(m->need_source);
    num_free(&m->population);
    diag_list_free(&m->warnings);
    free(m);
}

const stitch_diag *stitch_model_warnings(const stitch_model *m, size_t *n)
{
    *n = m->warnings.n;
    return m->warnings.v;
}

size_t stitch_model_table_count(const stitch_model *m)
{
    return m->n_tables;
}

const char *stitch_model_table(const stitch_model *m, size_t i)
{
    return i < m->n_tables ? m->tables[i] : NULL;
}

const char *stitch_model_file(const stitch_model *m)
{
    return m->file;
}
