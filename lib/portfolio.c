/* portfolio.c — a partnership's portfolio of projects: the portfolio file,
 * one joint simulation, the totals and the best set within a budget
 * (docs/method.md section 14). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "portfolio.h"

#include "mc.h"
#include "model.h"
#include "sample.h"
#include "text.h"
#include "unitcost.h"
#include "util.h"

#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the portfolio file ------------------------------------------------------------ */

typedef config_setting_t setting;

static int line_of(const setting *s)
{
    return s ? (int)config_setting_source_line(s) : 0;
}

static char *read_text(const char *file, stitch_diag *err)
{
    FILE *f = fopen(file, "rb");
    if (!f) {
        diag_set(err, STITCH_EIO, file, 0, "", "cannot read: %s", strerror(errno));
        return NULL;
    }
    size_t n = 0, cap = 0;
    char *buf = NULL;
    int bad = 0;
    for (;;) { /* grow as the file goes: a portfolio is a few hundred bytes */
        if (n + 1 >= cap) {
            size_t want = cap ? 2 * cap : 4096;
            char *w = want <= STITCH_MAX_FILE + 2 ? realloc(buf, want) : NULL;
            if (!w) {
                bad = want <= STITCH_MAX_FILE + 2 ? ENOMEM : EFBIG;
                break;
            }
            buf = w, cap = want;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            bad = ferror(f) ? EIO : 0;
            break;
        }
    }
    fclose(f);
    if (bad == ENOMEM) {
        free(buf);
        diag_set(err, STITCH_ENOMEM, file, 0, "", "out of memory");
        return NULL;
    }
    if (bad || n > STITCH_MAX_FILE) {
        diag_set(err, STITCH_EINPUT, file, 0, "",
                 bad == EIO ? "cannot read the file" : "the file is larger than 64 MiB: is "
                                                     "it the right file?");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (n == 0 || strspn(buf, " \t\r\n") == n)
        diag_set(err, STITCH_EINPUT, file, 0, "", "the file is empty");
    else if (memchr(buf, '\0', n) || !text_utf8_valid(buf))
        diag_set(err, STITCH_EINPUT, file, 0, "",
                 "this is not a plain-text UTF-8 file: save the portfolio as plain text");
    else if (strstr(buf, "@include"))
        diag_set(err, STITCH_EINPUT, file, 0, "",
                 "@include is not supported: keep the whole portfolio in one file");
    else
        return buf;
    free(buf);
    return NULL;
}

/* A number as written on its line: libconfig wraps integers of 2^31 or
 * more, so the budget is read from its text. */
static int number_on_line(const char *text, int line, const char *key, double *out)
{
    const char *p = text;
    for (int l = 1; l < line && p; l++)
        p = (p = strchr(p, '\n')) ? p + 1 : NULL;
    if (!p || !(p = strstr(p, key)))
        return -1;
    p += strlen(key);
    p += strspn(p, " \t");
    if (*p != '=' && *p != ':')
        return -1;
    p++;
    char *end;
    errno = 0;
    double v = strtod(p, &end);
    if (end == p || errno == ERANGE || !isfinite(v))
        return -1;
    if (*end == 'L') /* libconfig's 64-bit integer suffix */
        end += end[1] == 'L' ? 2 : 1;
    end += strspn(end, " \t");
    if (*end != ';' && *end != ',' && *end != '\n' && *end != '\r' && *end != '#' &&
        *end != '/' && *end)
        return -1;
    *out = v;
    return 0;
}

static int pfail(stitch_portfolio_file *f, stitch_diag *err, int line, const char *path,
                 const char *fmt, ...) STITCH_PRINTF(5, 6);
static int pfail(stitch_portfolio_file *f, stitch_diag *err, int line, const char *path,
                 const char *fmt, ...)
{
    char msg[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_set(err, STITCH_EINPUT, f->file, line, path, "%s", msg);
    return -1;
}

static int oom_in(const stitch_portfolio_file *f, stitch_diag *err)
{
    diag_set(err, STITCH_ENOMEM, f->file, 0, "", "out of memory");
    return -1;
}

static const char *const known_keys[] = {"name", "budget", "models", "price_year", NULL};

static int parse_models(stitch_portfolio_file *f, const setting *root, stitch_diag *err)
{
    const setting *ms = config_setting_get_member(root, "models");
    if (!ms)
        return pfail(f, err, 0, "models",
                     "missing (required): the projects' model files, such as models = "
                     "(\"befriending.cfg\", \"falls-prevention.cfg\");");
    f->models_line = line_of(ms);
    int t = config_setting_type(ms);
    if (t != CONFIG_TYPE_LIST && t != CONFIG_TYPE_ARRAY)
        return pfail(f, err, f->models_line, "models",
                     "should be a list of model files in double quotes, such as models = "
                     "(\"befriending.cfg\", \"falls-prevention.cfg\");");
    int n = config_setting_length(ms);
    if (n == 0)
        return pfail(f, err, f->models_line, "models", "the portfolio lists no model files");
    if (n > PF_MAX_MODELS)
        return pfail(f, err, f->models_line, "models",
                     "%d model files: a portfolio holds at most %d", n, PF_MAX_MODELS);
    if (!(f->models = calloc((size_t)n, sizeof *f->models)))
        return oom_in(f, err);
    char *dir = dir_of(f->file);
    char **real = calloc((size_t)n, sizeof *real);
    int rc = !dir || !real ? oom_in(f, err) : 0;
    for (int i = 0; !rc && i < n; i++) {
        const setting *e = config_setting_get_elem(ms, (unsigned)i);
        int line = line_of(e) ? line_of(e) : f->models_line;
        const char *s = config_setting_get_string(e);
        if (!s || !*s) {
            rc = pfail(f, err, line, "models",
                       "model %d is not a file name in double quotes", i + 1);
            break;
        }
        pf_entry *m = &f->models[f->n++];
        m->line = line;
        m->model = xstrdup(s);
        if (s[0] == '/' || strcmp(dir, ".") == 0)
            m->path = xstrdup(s);
        else {
            size_t len = strlen(dir) + strlen(s) + 2;
            if ((m->path = malloc(len)))
                snprintf(m->path, len, "%s/%s", dir, s);
        }
        if (!m->model || !m->path) {
            rc = oom_in(f, err);
            break;
        }
        FILE *probe = fopen(m->path, "rb");
        if (!probe) {
            if (strcmp(s, m->path) == 0)
                rc = pfail(f, err, line, "models", "cannot read the model '%s': %s", s,
                           strerror(errno));
            else
                rc = pfail(f, err, line, "models", "cannot read the model '%s' (%s): %s", s,
                           m->path, strerror(errno));
            break;
        }
        fclose(probe);
        real[i] = realpath(m->path, NULL);
        for (int k = 0; k < i; k++)
            if ((real[i] && real[k] && strcmp(real[i], real[k]) == 0) ||
                strcmp(f->models[k].model, s) == 0) {
                int same = strcmp(f->models[k].model, s) == 0;
                rc = pfail(f, err, line, "models",
                           "'%s' is %s%s%s (line %d): a project listed twice counts its "
                           "costs and benefits twice",
                           s, same ? "listed twice" : "the same file as '",
                           same ? "" : f->models[k].model, same ? "" : "'",
                           f->models[k].line);
                break;
            }
    }
    for (int i = 0; real && i < n; i++)
        free(real[i]);
    free(real);
    free(dir);
    return rc;
}

static int parse_portfolio(stitch_portfolio_file *f, const setting *root, const char *text,
                           stitch_diag *err)
{
    for (int i = 0; i < config_setting_length(root); i++) {
        const setting *k = config_setting_get_elem(root, (unsigned)i);
        const char *name = config_setting_name(k);
        int known = 0;
        for (size_t j = 0; known_keys[j]; j++)
            known |= strcmp(name, known_keys[j]) == 0;
        if (known)
            continue;
        const char *near = closest_word(name, known_keys);
        if (diag_list_add(&f->warnings, f->file, line_of(k), name,
                          "unknown key, ignored%s%s%s", near ? " (did you mean '" : "",
                          near ? near : "", near ? "'?)" : ""))
            return oom_in(f, err);
    }
    const setting *s = config_setting_get_member(root, "name");
    if (!s)
        return pfail(f, err, 0, "name",
                     "missing (required): what the portfolio is, such as name = "
                     "\"Integrated Care Fund 2025/26\";");
    if (config_setting_type(s) != CONFIG_TYPE_STRING || !*config_setting_get_string(s))
        return pfail(f, err, line_of(s), "name", "should be the portfolio's name in double "
                                                 "quotes");
    if (!(f->name = xstrdup(config_setting_get_string(s))))
        return oom_in(f, err);
    if ((s = config_setting_get_member(root, "price_year"))) {
        f->price_year_line = line_of(s);
        const char *y = config_setting_get_string(s);
        if (!y)
            return pfail(f, err, f->price_year_line, "price_year",
                         "should be a price year in double quotes, like \"2023/24\"");
        if (!price_year_valid(y))
            return pfail(f, err, f->price_year_line, "price_year",
                         "'%s' is not a price year like \"2023/24\"", y);
        if (!(f->price_year = xstrdup(y)))
            return oom_in(f, err);
    }
    if ((s = config_setting_get_member(root, "budget"))) {
        f->budget_line = line_of(s);
        int t = config_setting_type(s);
        if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64 && t != CONFIG_TYPE_FLOAT)
            return pfail(f, err, f->budget_line, "budget",
                         "should be a number of pounds, such as budget = 250000;");
        double b;
        if (number_on_line(text, f->budget_line, "budget", &b))
            b = t == CONFIG_TYPE_FLOAT ? config_setting_get_float(s)
                                       : (double)config_setting_get_int64(s);
        if (b < 0)
            return pfail(f, err, f->budget_line, "budget",
                         "%s is negative: the cash available cannot be less than £0",
                         text_money((char[64]){0}, 64, b));
        if (b >= 1e15)
            return pfail(f, err, f->budget_line, "budget",
                         "%.6g is too large: give the cash available in pounds", b);
        f->has_budget = 1;
        f->budget = b;
    }
    return parse_models(f, root, err);
}

stitch_portfolio_file *stitch_portfolio_load(const char *file, stitch_diag *err)
{
    stitch_portfolio_file *f = calloc(1, sizeof *f);
    if (!f || !(f->file = xstrdup(file))) {
        free(f);
        diag_set(err, STITCH_ENOMEM, file, 0, "", "out of memory");
        return NULL;
    }
    char *text = read_text(file, err);
    if (!text) {
        stitch_portfolio_file_free(f);
        return NULL;
    }
    config_t cfg;
    config_init(&cfg);
    int rc = 0;
    if (config_read_string(&cfg, text) != CONFIG_TRUE) {
        diag_set(err, STITCH_EINPUT, file, config_error_line(&cfg), "",
                 "%s (libconfig syntax: key = value; strings in double quotes)",
                 config_error_text(&cfg));
        rc = -1;
    } else
        rc = parse_portfolio(f, config_root_setting(&cfg), text, err);
    config_destroy(&cfg);
    free(text);
    if (rc) {
        stitch_portfolio_file_free(f);
        return NULL;
    }
    return f;
}

void stitch_portfolio_file_free(stitch_portfolio_file *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        free(f->models[i].model), free(f->models[i].path);
    free(f->models);
    free(f->file), free(f->name), free(f->price_year);
    diag_list_free(&f->warnings);
    free(f);
}

int stitch_file_is_portfolio(const char *file)
{
    stitch_diag err;
    char *text = read_text(file, &err);
    if (!text)
        return 0;
    config_t cfg;
    config_init(&cfg);
    int is = 0;
    if (config_read_string(&cfg, text) == CONFIG_TRUE) {
        const setting *root = config_root_setting(&cfg);
        is = config_setting_get_member(root, "models") &&
             !config_setting_get_member(root, "benefits") &&
             !config_setting_get_member(root, "costs");
    }
    config_destroy(&cfg);
    free(text);
    return is;
}

size_t stitch_portfolio_model_count(const stitch_portfolio_file *f)
{
    return f->n;
}

const char *stitch_portfolio_model_path(const stitch_portfolio_file *f, size_t i)
{
    return i < f->n ? f->models[i].path : NULL;
}

const stitch_diag *stitch_portfolio_file_warnings(const stitch_portfolio_file *f, size_t *n)
{
    *n = f->warnings.n;
    return f->warnings.v;
}

/* ---- double counting across projects (docs/method.md section 14.4) ----------------- */

stitch_status stitch_portfolio_lint(stitch_portfolio_file *f,
                                    const stitch_plan *const *plans)
{
    for (size_t b = 1; b < f->n; b++)
        for (size_t a = 0; a < b; a++) {
            const stitch_plan *pa = plans[a], *pb = plans[b];
            if (!pa->need_text || !pb->need_text || strcmp(pa->need_text, pb->need_text))
                continue;
            for (size_t j = 0; j < pb->n_benefits; j++) {
                const plan_benefit *y = &pb->benefits[j];
                if (!y->code)
                    continue;
                for (size_t i = 0; i < pa->n_benefits; i++) {
                    const plan_benefit *x = &pa->benefits[i];
                    if (!x->code || strcmp(x->code, y->code) != 0)
                        continue;
                    if (diag_list_add(
                            &f->warnings, f->file, f->models[b].line, "models",
                            "'%s' and '%s' serve the same need (the same need.text) "
                            "and both claim '%s' (benefits.%s and benefits.%s): their "
                            "sum counts the same avoided cost twice; claim it in one "
                            "project, or split it between them",
                            f->models[a].model, f->models[b].model, y->code, x->id,
                            y->id))
                        return STITCH_ENOMEM;
                    break;
                }
            }
        }
    return STITCH_OK;
}

/* ---- the best set within the budget (docs/method.md section 14.3) ------------------ */

typedef struct {
    long long cash;
    double value;
    unsigned long long mask;
} pf_set;

/* 1 when set a is better than b: more expected NPV, then less cash, then
 * the smaller mask. */
static int better(const pf_set *a, const pf_set *b)
{
    if (a->value != b->value)
        return a->value > b->value;
    if (a->cash != b->cash)
        return a->cash < b->cash;
    return a->mask < b->mask;
}

static int by_cash(const void *x, const void *y)
{
    const pf_set *a = x, *b = y;
    return a->cash < b->cash ? -1 : a->cash > b->cash ? 1 : a->mask < b->mask ? -1 : 1;
}

/* Every subset of items [from, from + n): 2^n sets. */
static pf_set *subsets(const double *value, const long long *pence, size_t from, size_t n)
{
    size_t m = (size_t)1 << n;
    pf_set *v = malloc(m * sizeof *v);
    if (!v)
        return NULL;
    v[0] = (pf_set){0, 0, 0};
    for (size_t k = 0; k < n; k++) { /* double the list with item k added */
        size_t half = (size_t)1 << k;
        for (size_t s = 0; s < half; s++) {
            pf_set *t = &v[half + s];
            t->cash = v[s].cash + pence[from + k];
            t->value = v[s].value + value[from + k];
            t->mask = v[s].mask | (1ULL << (from + k));
        }
    }
    return v;
}

static void keep_top2(pf_set *top, int *have, const pf_set *c)
{
    if (*have == 0 || better(c, &top[0])) {
        if (*have)
            top[1] = top[0];
        top[0] = *c;
        *have = *have < 2 ? *have + 1 : 2;
    } else if (*have == 1 || better(c, &top[1])) {
        top[1] = *c;
        *have = 2;
    }
}

int pf_knapsack(const double *value, const long long *pence, size_t n, long long budget,
                unsigned long long *best, unsigned long long *second, int *has_second)
{
    size_t h = n / 2;
    pf_set *lo = subsets(value, pence, 0, h), *hi = subsets(value, pence, h, n - h);
    size_t n_lo = (size_t)1 << h, n_hi = (size_t)1 << (n - h);
    /* for every j, the best two of hi[0..j] by `better` (hi sorted by cash),
     * as indices into hi: 8 bytes a set rather than 48 */
    unsigned *top = hi ? malloc(2 * n_hi * sizeof *top) : NULL;
    unsigned char *have = hi ? malloc(n_hi) : NULL;
    if (!lo || !hi || !top || !have) {
        free(lo), free(hi), free(top), free(have);
        return -1;
    }
    qsort(hi, n_hi, sizeof *hi, by_cash);
    for (size_t j = 0; j < n_hi; j++) {
        unsigned *t = &top[2 * j], c = (unsigned)j;
        int k = j ? have[j - 1] : 0;
        if (j)
            t[0] = t[-2], t[1] = t[-1];
        if (k == 0)
            t[0] = c, t[1] = c, k = 1;
        else if (better(&hi[c], &hi[t[0]])) {
            t[1] = t[0], t[0] = c;
            k = 2;
        } else if (k == 1 || better(&hi[c], &hi[t[1]])) {
            t[1] = c, k = 2;
        }
        have[j] = (unsigned char)k;
    }
    pf_set overall[2];
    int n_overall = 0;
    for (size_t i = 0; i < n_lo; i++) {
        if (lo[i].cash > budget)
            continue;
        long long room = budget - lo[i].cash;
        size_t a = 0, b = n_hi; /* the first set of hi dearer than room */
        while (a < b) {
            size_t mid = a + (b - a) / 2;
            if (hi[mid].cash <= room)
                a = mid + 1;
            else
                b = mid;
        }
        if (a == 0)
            continue;
        for (int k = 0; k < have[a - 1]; k++) {
            const pf_set *r = &hi[top[2 * (a - 1) + (size_t)k]];
            pf_set c = {lo[i].cash + r->cash, lo[i].value + r->value, lo[i].mask | r->mask};
            keep_top2(overall, &n_overall, &c);
        }
    }
    /* the empty set fits any budget >= 0, so n_overall >= 1 then */
    *best = n_overall ? overall[0].mask : 0;
    *has_second = n_overall > 1;
    *second = n_overall > 1 ? overall[1].mask : 0;
    free(lo), free(hi), free(top), free(have);
    return 0;
}

/* ---- the joint simulation (docs/method.md section 14.2) ---------------------------- */

static void pf_sums_free(pf_sum *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i].name);
    free(v);
}

void stitch_portfolio_free(stitch_portfolio *pf)
{
    if (!pf)
        return;
    for (size_t i = 0; pf->proj && i < pf->n; i++) {
        stitch_result_free(pf->proj[i].base);
        stitch_mc_free(pf->proj[i].mc);
        free(pf->proj[i].npv);
    }
    free(pf->proj);
    pf_sums_free(pf->staff, pf->n_staff);
    pf_sums_free(pf->capacity, pf->n_capacity);
    pf_sums_free(pf->payers, pf->n_payers);
    free(pf->name), free(pf->file), free(pf->price_year);
    free(pf);
}

/* The index of `name` in v, added when new; -1 when out of memory. */
static long sum_index(pf_sum **v, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i].name, name) == 0)
            return (long)i;
    pf_sum *w = realloc(*v, (*n + 1) * sizeof *w);
    if (!w)
        return -1;
    *v = w;
    memset(&w[*n], 0, sizeof w[*n]);
    w[*n].fte_hours = NAN;
    if (!(w[*n].name = xstrdup(name)))
        return -1;
    return (long)(*n)++;
}

static void scale_summary(stitch_summary *s, double f)
{
    s->mean *= f, s->sd *= f, s->mcse *= f;
    s->p5 *= f, s->p25 *= f, s->p50 *= f, s->p75 *= f, s->p95 *= f;
}

/* Every money figure of a base case times f (the uprating to the
 * portfolio's price year); ratios, people, hours and units stay. */
static void scale_result(const stitch_plan *p, stitch_result *r, double f)
{
    size_t years = (size_t)p->years;
    r->pvb *= f, r->pvc *= f, r->npv *= f;
    r->contribution_pvb *= f, r->contribution_npv *= f;
    for (size_t k = 0; k < 4; k++)
        r->kind[k] *= f;
    for (size_t i = 0; i < p->n_benefits; i++)
        r->by_benefit[i] *= f;
    for (size_t i = 0; i < p->n_payers; i++)
        r->by_payer[i] *= f;
    for (size_t t = 0; t < years; t++) {
        r->year_benefit[t] *= f, r->year_cost[t] *= f, r->year_cost_cash[t] *= f;
        for (size_t k = 0; k < 4; k++)
            r->year_kind[4 * t + k] *= f;
    }
    for (size_t i = 0; i < p->n_sched * years; i++)
        r->year_sched[i] *= f;
    for (size_t i = 0; i < p->n_funders; i++)
        r->by_funder[i] *= f, r->funder_cash[i] *= f;
    for (size_t i = 0; i < p->n_stakeholders; i++)
        r->by_stakeholder[i] *= f;
}

static void scale_mc(const stitch_plan *p, stitch_mc_result *mc, double f)
{
    scale_summary(&mc->pvb, f), scale_summary(&mc->pvc, f), scale_summary(&mc->npv, f);
    if (mc->hist_of_npv)
        mc->hist_lo *= f, mc->hist_hi *= f;
    for (size_t k = 0; k < p->n_nodes; k++)
        mc->cost_per_outcome[k] *= f;
    for (int t = 0; t < p->years; t++)
        mc->net_p5[t] *= f, mc->net_p95[t] *= f;
    for (size_t i = 0; i < p->n_stakeholders; i++)
        scale_summary(&mc->by_stakeholder[i], f);
}

/* The GDP deflator's ratio from the model's price year to the
 * portfolio's (docs/method.md section 14.1). */
static int uprating(const stitch_portfolio_file *f, const stitch_plan *p, size_t i,
                    const char *const *dirs, stitch_costbook **defl, double *factor,
                    stitch_diag *err)
{
    static const char series[] = "indices/gdp-deflator.csv";
    *factor = 1;
    if (!f->price_year || strcmp(f->price_year, p->price_year) == 0)
        return 0;
    if (!*defl) {
        char *dir = dir_of(f->file);
        char *path = dir ? stitch_costbook_find(series, dir, dirs) : NULL;
        free(dir);
        if (!path)
            return pfail((stitch_portfolio_file *)f, err, f->price_year_line, "price_year",
                         "uprating needs the GDP deflator %s, which is not beside the "
                         "portfolio nor in the unit-cost folders",
                         series);
        *defl = stitch_costbook_load(NULL, 0, path, err);
        free(path);
        if (!*defl)
            return -1;
    }
    double to = costbook_index(*defl, f->price_year);
    double from = costbook_index(*defl, p->price_year);
    if (isnan(to))
        return pfail((stitch_portfolio_file *)f, err, f->price_year_line, "price_year",
                     "%s is not in the GDP deflator (%s to %s), so the models cannot be "
                     "uprated to it",
                     f->price_year, series_year(&(*defl)->series[0], 0),
                     series_year(&(*defl)->series[0], 1));
    if (isnan(from))
        return pfail((stitch_portfolio_file *)f, err, f->models[i].line, "models",
                     "'%s' is priced in %s, which is not in the GDP deflator (%s to %s), "
                     "so it cannot be uprated to %s",
                     f->models[i].model, p->price_year, series_year(&(*defl)->series[0], 0),
                     series_year(&(*defl)->series[0], 1), f->price_year);
    *factor = to / from;
    return 0;
}

/* Per run of the joint simulation, the totals the projects add up to. */
typedef struct {
    double *pvb, *pvc;
    double **hours, **capacity; /* per portfolio staff group / capacity unit */
    size_t cap_staff, cap_capacity;
} pf_runs;

static void pf_runs_free(pf_runs *t)
{
    free(t->pvb), free(t->pvc);
    for (size_t g = 0; g < t->cap_staff; g++)
        free(t->hours[g]);
    for (size_t c = 0; c < t->cap_capacity; c++)
        free(t->capacity[c]);
    free(t->hours), free(t->capacity);
}

/* A new column of n zeros for run totals; 0, or -1 when out of memory. */
static int add_column(double ***cols, size_t *have, size_t n)
{
    double **w = realloc(*cols, (*have + 1) * sizeof *w);
    if (!w)
        return -1;
    *cols = w;
    if (!(w[*have] = calloc(n ? n : 1, sizeof **w)))
        return -1;
    ++*have;
    return 0;
}

/* Project i: its base case, its own summary, and its runs added to the
 * totals. Returns 0, or -1 with *err. */
static int simulate_project(stitch_portfolio *pf, size_t i, pf_runs *t, int threads,
                            stitch_diag *err)
{
    pf_project *pr = &pf->proj[i];
    const stitch_plan *p = pr->p;
    size_t n = (size_t)pf->iterations, nu = p->n_uncertain;
    double f = pr->factor;
    double *x = malloc((p->n_inputs + 1) * sizeof *x);
    double **xs = calloc(nu + 1, sizeof *xs);
    long *gmap = malloc((p->n_staff + 1) * sizeof *gmap);
    long *cmap = malloc((p->n_capacity + 1) * sizeof *cmap);
    long *paymap = malloc((p->n_payers + 1) * sizeof *paymap);
    stitch_result *r = stitch_result_alloc(p);
    int rc = -1;
    pr->base = stitch_result_alloc(p);
    pr->npv = malloc((n ? n : 1) * sizeof *pr->npv);
    if (!x || !xs || !gmap || !cmap || !paymap || !r || !pr->base || !pr->npv)
        goto oom;
    for (size_t u = 0; u < nu; u++)
        if (!(xs[u] = malloc(n * sizeof **xs)))
            goto oom;
    /* the base case */
    stitch_plan_base(p, x);
    stitch_eval(p, x, pr->base);
    if (stitch_result_check(p, pr->base, err) != STITCH_OK)
        goto done;
    scale_result(p, pr->base, f);
    for (int y = 0; y < p->years; y++)
        pr->cash += pr->base->year_cost_cash[y];
    /* its own summary, on the joint simulation's draws (the plan is salted) */
    if (!(pr->mc = stitch_mc_run(p, pf->iterations, pf->seed, threads, err)))
        goto done;
    scale_mc(p, pr->mc, f);
    /* staff groups, capacity units and payers by name across the projects */
    for (size_t g = 0; g < p->n_staff; g++) {
        size_t had = pf->n_staff;
        if ((gmap[g] = sum_index(&pf->staff, &pf->n_staff, p->staff[g])) < 0 ||
            (pf->n_staff > had && add_column(&t->hours, &t->cap_staff, n)))
            goto oom;
        pf_sum *s = &pf->staff[gmap[g]];
        s->base += pr->base->hours[g];
        if (isnan(s->fte_hours))
            s->fte_hours = p->staff_fte_hours[g];
    }
    for (size_t c = 0; c < p->n_capacity; c++) {
        size_t had = pf->n_capacity;
        if ((cmap[c] = sum_index(&pf->capacity, &pf->n_capacity, p->capacity_units[c])) < 0 ||
            (pf->n_capacity > had && add_column(&t->capacity, &t->cap_capacity, n)))
            goto oom;
        pf->capacity[cmap[c]].base += pr->base->capacity[c];
    }
    for (size_t k = 0; k < p->n_payers; k++) {
        if ((paymap[k] = sum_index(&pf->payers, &pf->n_payers, p->payers[k])) < 0)
            goto oom;
        pf->payers[paymap[k]].base += pr->base->by_payer[k];
    }
    for (size_t k = 0; k < 4; k++)
        pf->kind[k] += pr->base->kind[k];
    /* the joint runs: the same draws as its summary, evaluated in full */
    if (mc_runs_threads(p, pf->seed, n, NULL, NULL, xs, threads))
        goto oom;
    for (size_t k = 0; k < n; k++) {
        for (size_t u = 0; u < nu; u++)
            x[p->uncertain[u]] = xs[u][k];
        stitch_eval(p, x, r);
        pr->npv[k] = (r->pvb - r->pvc) * f;
        t->pvb[k] += r->pvb * f;
        t->pvc[k] += r->pvc * f;
        for (size_t g = 0; g < p->n_staff; g++)
            t->hours[gmap[g]][k] += r->hours[g];
        for (size_t c = 0; c < p->n_capacity; c++)
            t->capacity[cmap[c]][k] += r->capacity[c];
        for (size_t q = 0; q < p->n_payers; q++)
            pf->payers[paymap[q]].mean += r->by_payer[q] * f / (double)n;
        for (size_t q = 0; q < 4; q++)
            pf->kind_mean[q] += r->kind[q] * f / (double)n;
    }
    rc = 0;
    goto done;
oom:
    diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory simulating the portfolio");
done:
    for (size_t u = 0; xs && u < nu; u++)
        free(xs[u]);
    free(xs), free(x), free(gmap), free(cmap), free(paymap);
    stitch_result_free(r);
    return rc;
}

/* The totals over the runs (as mc.c summarises a project's). */
static int summarise_totals(stitch_portfolio *pf, pf_runs *t)
{
    size_t n = (size_t)pf->iterations, k = 0;
    double *tmp = malloc(n * sizeof *tmp);
    long ge = 0, gt = 0;
    if (!tmp)
        return -1;
    for (size_t i = 0; i < n; i++) {
        tmp[i] = t->pvb[i] - t->pvc[i];
        gt += t->pvb[i] > t->pvc[i];
        if (t->pvc[i] > 0)
            k++, ge += t->pvb[i] >= t->pvc[i];
    }
    pf->s_npv = mc_summarise(tmp, n);
    pf->p_npv_gt_0 = (double)gt / (double)n;
    pf->bcr_defined = k > 0;
    pf->no_bcr = (long)(n - k);
    pf->p_bcr_ge_1 = k ? (double)ge / (double)k : NAN;
    for (size_t i = 0, j = 0; i < n; i++)
        if (t->pvc[i] > 0)
            tmp[j++] = t->pvb[i] / t->pvc[i];
    if (k)
        pf->s_bcr = mc_summarise(tmp, k);
    for (size_t g = 0; g < pf->n_staff; g++) {
        pf->staff[g].s = mc_summarise(t->hours[g], n);
        pf->staff[g].mean = pf->staff[g].s.mean;
    }
    for (size_t c = 0; c < pf->n_capacity; c++) {
        pf->capacity[c].s = mc_summarise(t->capacity[c], n);
        pf->capacity[c].mean = pf->capacity[c].s.mean;
    }
    pf->s_pvb = mc_summarise(t->pvb, n);
    pf->s_pvc = mc_summarise(t->pvc, n);
    free(tmp);
    return 0;
}

/* The selection within the budget (docs/method.md section 14.3). */
static int select_projects(stitch_portfolio *pf, double budget)
{
    size_t n = pf->n, runs = (size_t)pf->iterations;
    double *value = malloc(n * sizeof *value);
    long long *pence = malloc(n * sizeof *pence);
    double *tmp = malloc(runs * sizeof *tmp);
    int rc = -1;
    if (!value || !pence || !tmp)
        goto done;
    for (size_t i = 0; i < n; i++) {
        value[i] = pf->proj[i].mc->npv.mean;
        pence[i] = llround(pf->proj[i].cash * 100);
    }
    pf_selection *s = &pf->sel;
    s->budget = budget;
    if (pf_knapsack(value, pence, n, llround(budget * 100), &s->chosen, &s->runner_up,
                    &s->has_runner_up))
        goto done;
    long gt0 = 0, beats = 0;
    for (size_t k = 0; k < runs; k++) {
        double a = 0, d = 0;
        for (size_t i = 0; i < n; i++) {
            int in_a = (int)(s->chosen >> i & 1), in_b = (int)(s->runner_up >> i & 1);
            a += in_a ? pf->proj[i].npv[k] : 0;
            /* the projects both sets hold cancel exactly */
            d += in_a && !in_b ? pf->proj[i].npv[k] : !in_a && in_b ? -pf->proj[i].npv[k] : 0;
        }
        tmp[k] = a;
        gt0 += a > 0;
        beats += d > 0;
    }
    s->npv = mc_summarise(tmp, runs);
    s->p_npv_gt_0 = (double)gt0 / (double)runs;
    s->p_beats_runner_up = s->has_runner_up ? (double)beats / (double)runs : NAN;
    for (size_t i = 0; i < n; i++) {
        if (s->chosen >> i & 1)
            s->cash += pf->proj[i].cash, s->expected_npv += value[i];
        if (s->has_runner_up && (s->runner_up >> i & 1))
            s->runner_cash += pf->proj[i].cash, s->runner_expected_npv += value[i];
    }
    pf->has_selection = 1;
    rc = 0;
done:
    free(value), free(pence), free(tmp);
    return rc;
}

stitch_portfolio *stitch_portfolio_run(const stitch_portfolio_file *f,
                                       stitch_plan *const *plans, long iterations,
                                       unsigned long seed, int threads,
                                       const char *const *dirs, stitch_diag *err)
{
    if (iterations < 1) {
        diag_set(err, STITCH_EINPUT, "", 0, "iterations",
                 "a portfolio needs one simulation or more");
        return NULL;
    }
    /* one price year, or the portfolio's to uprate to */
    for (size_t i = 1; !f->price_year && i < f->n; i++)
        if (strcmp(plans[i]->price_year, plans[0]->price_year) != 0) {
            diag_set(err, STITCH_EINPUT, f->file, f->models[i].line, "models",
                     "'%s' is priced in %s but '%s' in %s: give the portfolio the price "
                     "year to uprate every model to, such as price_year = \"%s\";",
                     f->models[0].model, plans[0]->price_year, f->models[i].model,
                     plans[i]->price_year,
                     strcmp(plans[i]->price_year, plans[0]->price_year) > 0
                         ? plans[i]->price_year
                         : plans[0]->price_year);
            return NULL;
        }
    stitch_portfolio *pf = calloc(1, sizeof *pf);
    stitch_costbook *defl = NULL;
    pf_runs t = {0};
    size_t n = (size_t)iterations;
    if (!pf || !(pf->proj = calloc(f->n, sizeof *pf->proj)) ||
        !(pf->name = xstrdup(f->name)) || !(pf->file = xstrdup(f->file)) ||
        !(pf->price_year = xstrdup(f->price_year ? f->price_year : plans[0]->price_year)) ||
        !(t.pvb = calloc(n, sizeof *t.pvb)) || !(t.pvc = calloc(n, sizeof *t.pvc)))
        goto oom;
    pf->iterations = iterations, pf->seed = seed, pf->n = f->n;
    for (size_t i = 0; i < f->n; i++) {
        pf_project *pr = &pf->proj[i];
        pr->p = plans[i];
        pr->model = f->models[i].model;
        plans[i]->stream_salt = sample_stream_salt(f->models[i].model);
        if (uprating(f, plans[i], i, dirs, &defl, &pr->factor, err) ||
            simulate_project(pf, i, &t, threads, err))
            goto fail;
        pf->pvb += pr->base->pvb, pf->pvc += pr->base->pvc, pf->cash += pr->cash;
    }
    pf->npv = pf->pvb - pf->pvc;
    pf->bcr = pf->pvc > 0 ? pf->pvb / pf->pvc : NAN;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(t.pvb[i]) || !isfinite(t.pvc[i])) {
            diag_set(err, STITCH_EINPUT, f->file, 0, "", "%s", STITCH_SIMULATION_OVERFLOW);
            goto fail;
        }
    if (summarise_totals(pf, &t))
        goto oom;
    if (f->has_budget && select_projects(pf, f->budget))
        goto oom;
    pf_runs_free(&t);
    stitch_costbook_free(defl);
    return pf;
oom:
    diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory simulating the portfolio");
fail:
    pf_runs_free(&t);
    stitch_costbook_free(defl);
    stitch_portfolio_free(pf);
    return NULL;
}
