/* link.c — stage 3: link the model to its tables, validate what only the
 * whole model can show (ids, links, codes, price years), and compile the
 * flat evaluation plan. */
#include "correlate.h"
#include "fmt.h"
#include "model.h"
#include "plan.h"
#include "text.h"
#include "unitcost.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const stitch_model *m;
    const stitch_costbook *cb;
    stitch_plan *p;
    stitch_diag *err;
    size_t cap_inputs, cap_uc, cap_staff, cap_payers, cap_sched, cap_fte, n_fte;
    size_t cap_funders, cap_stakeholders;
    struct {
        int kind;
        double rate;
    } sched[64];
} linker;

static int lfail(linker *l, int line, const char *path, const char *fmt, ...)
    STITCH_PRINTF(4, 5);

static int lfail(linker *l, int line, const char *path, const char *fmt, ...)
{
    char msg[sizeof l->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_set(l->err, STITCH_EINPUT, l->m->file, line, path, "%s", msg);
    return -1;
}

static int oom(linker *l)
{
    diag_set(l->err, STITCH_ENOMEM, l->m->file, 0, "", "out of memory");
    return -1;
}

/* ---- ids and links ---------------------------------------------------------- */

/* An index of ids, sorted by id then position, for lookups in log time:
 * a model with thousands of outcomes links in n log n, not n^2 or n^3. */
typedef struct {
    const char *id;
    size_t at;
} id_ref;

static int cmp_ref(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->at > y->at) - (x->at < y->at);
}

static int cmp_ref_id(const void *key, const void *b)
{
    return strcmp(key, ((const id_ref *)b)->id);
}

/* The n ids at base + i * stride + id_off, sorted; NULL when out of memory. */
static id_ref *id_index(size_t n, size_t stride, const char *base, size_t id_off)
{
    id_ref *v = malloc((n + 1) * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < n; i++)
        v[i] = (id_ref){*(char *const *)(base + i * stride + id_off), i};
    qsort(v, n, sizeof *v, cmp_ref);
    return v;
}

/* The position of id in a sorted index of unique ids, or -1. */
static long id_find(const id_ref *v, size_t n, const char *id)
{
    const id_ref *r = bsearch(id, v, n, sizeof *v, cmp_ref_id);
    return r ? (long)r->at : -1;
}

/* The first id (in file order) that repeats an earlier one is an error,
 * naming the line of the first. */
static int unique_ids(linker *l, const char *section, size_t n, size_t stride,
                      const char *base, size_t id_off, size_t line_off)
{
    id_ref *v = id_index(n, stride, base, id_off);
    if (!v)
        return oom(l);
    size_t best_i = n, best_j = 0;
    for (size_t k = 1; k < n; k++) /* within a run of one id: first, then second */
        if (strcmp(v[k].id, v[k - 1].id) == 0 && (k < 2 || strcmp(v[k - 1].id, v[k - 2].id)) &&
            v[k].at < best_i)
            best_i = v[k].at, best_j = v[k - 1].at;
    free(v);
    if (best_i == n)
        return 0;
    const char *a = *(char *const *)(base + best_i * stride + id_off);
    char path[300];
    snprintf(path, sizeof path, "%s.%s", section, a);
    return lfail(l, *(const int *)(base + best_i * stride + line_off), path,
                 "id '%s' is used twice (first at line %d)", a,
                 *(const int *)(base + best_j * stride + line_off));
}

#define UNIQUE(l, section, arr, n, type)                                                 \
    unique_ids(l, section, n, sizeof(type), (const char *)(arr), offsetof(type, id),     \
               offsetof(type, line))

static int check_ids(linker *l)
{
    const stitch_model *m = l->m;
    if (UNIQUE(l, "costs", m->costs, m->n_costs, model_cost) ||
        UNIQUE(l, "outputs", m->outputs, m->n_outputs, model_output) ||
        UNIQUE(l, "outcomes", m->outcomes, m->n_outcomes, model_outcome) ||
        UNIQUE(l, "benefits", m->benefits, m->n_benefits, model_benefit))
        return -1;
    id_ref *out = id_index(m->n_outputs, sizeof *m->outputs, (const char *)m->outputs,
                           offsetof(model_output, id));
    if (!out)
        return oom(l);
    for (size_t i = 0; i < m->n_outcomes; i++) {
        long j = id_find(out, m->n_outputs, m->outcomes[i].id);
        if (j >= 0) {
            char path[300];
            snprintf(path, sizeof path, "outcomes.%s", m->outcomes[i].id);
            free(out);
            return lfail(l, m->outcomes[i].line, path,
                         "id '%s' is also an output's id (line %d); links need "
                         "distinct names",
                         m->outcomes[i].id, m->outputs[j].line);
        }
    }
    free(out);
    return 0;
}

/* The ids of outputs and outcomes, for "did you mean". Caller frees. */
static const char **node_ids(const stitch_model *m, int outputs, int outcomes)
{
    const char **v = calloc(m->n_outputs + m->n_outcomes + 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; v && outputs && i < m->n_outputs; i++)
        v[n++] = m->outputs[i].id;
    for (size_t i = 0; v && outcomes && i < m->n_outcomes; i++)
        v[n++] = m->outcomes[i].id;
    return v;
}

static int unknown_link(linker *l, int line, const char *path, const char *what,
                        const char *id, int outputs)
{
    const char **ids = node_ids(l->m, outputs, 1);
    if (!ids)
        return oom(l);
    const char *near = closest_word(id, ids);
    lfail(l, line, path, "'%s' is not %s%s%s%s", id, what, near ? " (did you mean '" : "",
          near ? near : "", near ? "'?)" : "");
    free(ids);
    return -1;
}

/*
 * Each outcome's depth below its output (1: straight from an output) and
 * the step it comes from (parent[i]: an outcome's index, or -1 - j for
 * output j), in n log n: each chain is walked once, stopping at the first
 * outcome whose depth is known. Returns 0, or -1 after reporting the first
 * outcome (in file order) whose chain has a bad link or loops.
 */
static int outcome_depths(linker *l, int *depth, long *parent)
{
    const stitch_model *m = l->m;
    size_t n = m->n_outcomes;
    id_ref *out = id_index(m->n_outputs, sizeof *m->outputs, (const char *)m->outputs,
                           offsetof(model_output, id));
    id_ref *oc = id_index(n, sizeof *m->outcomes, (const char *)m->outcomes,
                          offsetof(model_outcome, id));
    size_t *walk = malloc((n + 1) * sizeof *walk);
    int rc = 0;
    if (!out || !oc || !walk) {
        rc = oom(l);
        goto done;
    }
    for (size_t i = 0; i < n; i++) { /* 0: not known yet */
        long j = id_find(out, m->n_outputs, m->outcomes[i].from);
        parent[i] = j >= 0 ? -1 - j : id_find(oc, n, m->outcomes[i].from);
        depth[i] = j >= 0 ? 1 : 0;
    }
    char path[300];
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t len = 0, cur = i;
        while (depth[cur] == 0) { /* up the chain to a known depth */
            const model_outcome *o = &m->outcomes[cur];
            if (parent[cur] < 0) { /* not an output (depth 1), nor an outcome */
                snprintf(path, sizeof path, "outcomes.%s.from", o->id);
                rc = unknown_link(l, o->from_line, path, "an output or outcome", o->from, 1);
                break;
            }
            depth[cur] = -1; /* on this walk */
            walk[len++] = cur;
            cur = (size_t)parent[cur];
        }
        if (rc)
            break;
        if (depth[cur] < 0) { /* the walk came back to itself */
            const model_outcome *o = &m->outcomes[i];
            snprintf(path, sizeof path, "outcomes.%s.from", o->id);
            rc = lfail(l, o->from_line, path,
                       "the 'from' links loop back to '%s': each chain must lead back to an "
                       "output",
                       o->id);
            break;
        }
        for (int d = depth[cur]; len > 0;) /* and back down, numbering */
            depth[walk[--len]] = ++d;
    }
done:
    free(out), free(oc), free(walk);
    return rc;
}

/* ---- inputs ------------------------------------------------------------------- */

static long add_input(linker *l, const model_num *n, input_role role)
{
    stitch_plan *p = l->p;
    if (grow((void **)&p->inputs, &l->cap_inputs, p->n_inputs + 1, sizeof *p->inputs))
        return oom(l);
    plan_input *in = &p->inputs[p->n_inputs];
    memset(in, 0, sizeof *in);
    if (!(in->path = xstrdup(n->path)))
        return oom(l);
    in->dist = n->dist;
    in->domain = n->domain;
    in->role = role;
    in->line = n->line;
    in->given = n->given;
    return (long)p->n_inputs++;
}

/* One input, or one per delivery year (consecutive, year 0 first) when
 * `years` has n elements; the index of the first. */
static long add_inputs(linker *l, const model_num *one, const model_num *years, size_t n,
                       input_role role)
{
    if (n == 0)
        return add_input(l, one, role);
    long first = -1;
    for (size_t k = 0; k < n; k++) {
        long in = add_input(l, &years[k], role);
        if (in < 0)
            return -1;
        first = k == 0 ? in : first;
    }
    return first;
}

static long intern(linker *l, char ***v, size_t *n, size_t *cap, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0)
            return (long)i;
    if (grow((void **)v, cap, *n + 1, sizeof **v) || !((*v)[*n] = xstrdup(s)))
        return oom(l);
    return (long)(*n)++;
}

/* ---- nodes ---------------------------------------------------------------------- */

static int link_nodes(linker *l)
{
    const stitch_model *m = l->m;
    stitch_plan *p = l->p;
    size_t n_oc = m->n_outcomes;
    int *depth = calloc(n_oc + 1, sizeof *depth);
    long *parent = calloc(n_oc + 1, sizeof *parent);
    size_t *order = calloc(n_oc + 1, sizeof *order), *node_of = calloc(n_oc + 1, sizeof *node_of);
    size_t *first = NULL; /* per depth: where its outcomes start in order */
    p->nodes = calloc(m->n_outputs + n_oc, sizeof *p->nodes);
    int maxd = 0, rc = 0;
    if (!depth || !parent || !order || !node_of || !p->nodes)
        rc = oom(l);
    else
        rc = outcome_depths(l, depth, parent);
    for (size_t i = 0; i < n_oc && rc == 0; i++)
        maxd = depth[i] > maxd ? depth[i] : maxd;
    if (rc == 0 && !(first = calloc((size_t)maxd + 2, sizeof *first)))
        rc = oom(l);
    /* outcomes by depth (a counting sort, stable), so a parent always comes
     * before its children */
    for (size_t i = 0; i < n_oc && rc == 0; i++)
        first[depth[i] + 1]++;
    for (int d = 1; d <= maxd && rc == 0; d++)
        first[d + 1] += first[d];
    for (size_t i = 0; i < n_oc && rc == 0; i++)
        order[first[depth[i]]++] = i;
    for (size_t i = 0; i < m->n_outputs && rc == 0; i++) {
        plan_node *nd = &p->nodes[p->n_nodes++];
        const model_output *o = &m->outputs[i];
        long in = add_inputs(l, &o->count, o->count_year, o->n_count_year, ROLE_COUNT);
        long init =
            in >= 0 && o->initial.given ? add_input(l, &o->initial, ROLE_COUNT) : -1;
        nd->parent = -1;
        nd->in = (size_t)in;
        nd->per_year = o->n_count_year > 0;
        nd->initial = init;
        nd->varies = nd->per_year || init >= 0;
        if (o->initial.given && init < 0) {
            rc = -1;
            break;
        }
        nd->confidence = o->confidence;
        nd->step = nd->progress = -1;
        nd->id = xstrdup(o->id), nd->text = xstrdup(o->text ? o->text : o->id);
        nd->evidence = o->evidence ? xstrdup(o->evidence) : NULL;
        rc = in < 0 ? -1 : (!nd->id || !nd->text) ? oom(l) : 0;
    }
    for (size_t r = 0; r < n_oc && rc == 0; r++) {
        size_t i = order[r];
        const model_outcome *o = &m->outcomes[i];
        plan_node *nd = &p->nodes[p->n_nodes];
        nd->parent = parent[i] < 0 ? -1 - parent[i] : (long)node_of[parent[i]];
        node_of[i] = p->n_nodes;
        p->n_nodes++;
        nd->initial = -1;
        nd->varies = nd->parent >= 0 && p->nodes[nd->parent].varies;
        long in = add_input(l, &o->rate, ROLE_RATE);
        nd->in = (size_t)in;
        nd->confidence = o->confidence;
        nd->step = o->step, nd->progress = o->progress, nd->national = o->national;
        nd->id = xstrdup(o->id), nd->text = xstrdup(o->text ? o->text : o->id);
        nd->evidence = o->evidence ? xstrdup(o->evidence) : NULL;
        nd->measure = o->measure ? xstrdup(o->measure) : NULL;
        rc = in < 0                                       ? -1
             : (!nd->id || !nd->text || (o->measure && !nd->measure)) ? oom(l)
                                                           : 0;
    }
    free(depth), free(parent), free(order), free(node_of), free(first);
    return rc;
}

static long node_index(const stitch_plan *p, const char *id)
{
    for (size_t i = 0; i < p->n_nodes; i++)
        if (strcmp(p->nodes[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* ---- unit costs ------------------------------------------------------------------- */

static const model_override *find_override(const stitch_model *m, const char *code)
{
    for (size_t i = 0; i < m->n_overrides; i++)
        if (strcmp(m->overrides[i].code, code) == 0)
            return &m->overrides[i];
    return NULL;
}

/* Uprate with the row's own index series (docs/method.md section 3). */
static int uprate(linker *l, const model_benefit *b, const uc_row *row, double *factor)
{
    const stitch_model *m = l->m;
    char path[300];
    snprintf(path, sizeof path, "benefits.%s.unit_cost", b->id);
    if (strcmp(row->price_year, m->price_year) == 0) {
        *factor = 1.0;
        return 0;
    }
    const uc_series *s = costbook_series_of(l->cb, row);
    const char *file = s ? series_file_label(s) : l->cb->idx_path;
    double to = series_index(s, m->price_year);
    double from = series_index(s, row->price_year);
    char span[128] = "", covers[128] = "";
    if (s) {
        snprintf(span, sizeof span, ", which covers %s to %s", series_year(s, 0),
                 series_year(s, 1));
        snprintf(covers, sizeof covers, " (%s to %s)", series_year(s, 0),
                 series_year(s, 1));
    }
    if (isnan(to))
        return lfail(l, m->price_year_line, "price_year",
                     "%s is not in the inflation index %s%s, so '%s' (priced in %s) "
                     "cannot be converted to it: price the model in a year the index "
                     "covers, or give the cost in unit_cost_overrides",
                     m->price_year, file ? file : "(none loaded)", span, row->code,
                     row->price_year);
    if (isnan(from))
        return lfail(l, b->unit_cost_line, path,
                     "'%s' is priced in %s, which is not in its inflation index %s%s: "
                     "give the row an index_series that covers its year, or give the "
                     "cost in unit_cost_overrides",
                     row->code, row->price_year, file ? file : "(none loaded)", covers);
    *factor = to / from;
    return 0;
}

static const char **all_codes(const stitch_costbook *cb)
{
    const char **v = calloc(cb ? cb->n_rows + 1 : 1, sizeof *v);
    for (size_t i = 0; v && cb && i < cb->n_rows; i++)
        v[i] = cb->rows[i].code;
    return v;
}

/* The unit_costs line with `extra` added, for a message: unit_costs =
 * ["uk-pssru-2024.csv", "gmca-ucd-1.4.csv"]; */
static void tables_line(const stitch_model *m, const char *extra, char *buf, size_t n)
{
    size_t used = (size_t)snprintf(buf, n, "unit_costs = [");
    for (size_t i = 0; i < m->n_tables && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "\"%s\", ", m->tables[i]);
    if (used < n)
        snprintf(buf + used, n - used, "\"%s\"];", extra);
}

static int unknown_code(linker *l, const model_benefit *b)
{
    const stitch_model *m = l->m;
    char path[300], add[1024];
    snprintf(path, sizeof path, "benefits.%s.unit_cost", b->id);
    if (m->n_tables == 0 && m->tables_near)
        return lfail(l, m->tables_near_line, m->tables_near,
                     "'%s' needs a unit-cost table, but the model lists none: this line "
                     "has '%s' (did you mean 'unit_costs'?)",
                     b->unit_cost, m->tables_near);
    const char *other = costbook_elsewhere(l->cb, b->unit_cost);
    if (other) {
        tables_line(m, other, add, sizeof add);
        return lfail(l, b->unit_cost_line, path,
                     "'%s' is in the installed table %s, which the model does not list: "
                     "add it to the tables: %s",
                     b->unit_cost, other, add);
    }
    if (m->n_tables == 0)
        return lfail(
            l, b->unit_cost_line, path,
            "'%s' needs a unit-cost table, but the model lists none in unit_costs",
            b->unit_cost);
    const char **codes = all_codes(l->cb);
    if (!codes)
        return oom(l);
    const char *near = closest_word(b->unit_cost, codes);
    lfail(l, b->unit_cost_line, path, "'%s' is not in the unit-cost tables%s%s%s",
          b->unit_cost, near ? " (did you mean '" : "", near ? near : "",
          near ? "'?)"
               : "; see the code column of the tables, or search them with: "
                 "stitch costs WORD");
    free(codes);
    return -1;
}

/* A row's source as reports show it: an England-only figure says beside
 * it that it stands in for a Scottish one (stitch is for Scottish cases). */
static char *proxy_source(const uc_row *row)
{
    static const char note[] = " (English figure used as a proxy)";
    if (strcmp(row->nation, "England") != 0)
        return xstrdup(row->source);
    size_t n = strlen(row->source) + sizeof note;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s", row->source, note);
    return s;
}

/* The input index holding the model-year price of b's unit cost. */
static long unit_cost_input(linker *l, const model_benefit *b, const uc_row **rowp)
{
    stitch_plan *p = l->p;
    const uc_row *row = l->cb ? costbook_lookup(l->cb, b->unit_cost) : NULL;
    if (!row)
        return unknown_code(l, b);
    *rowp = row;
    char path[300];
    snprintf(path, sizeof path, "unit_costs.%s.cost", row->code);
    for (size_t i = 0; i < p->n_inputs; i++)
        if (strcmp(p->inputs[i].path, path) == 0)
            return (long)i;
    /* An override is already in the model's price year: no uprating needed. */
    const model_override *o = find_override(l->m, row->code);
    double factor = NAN;
    if (!o && uprate(l, b, row, &factor))
        return -1;
    model_num fixed = {dist_fixed(row->cost * factor), DOMAIN_NONNEG, b->unit_cost_line,
                       path, 1}; /* given: the model names the code */
    if (!o && !isnan(row->low) && row->low < row->high) {
        /* The source's range makes the cost uncertain: beta-PERT with the
         * table's cost as its most likely value. */
        fixed.dist =
            (stitch_dist){DIST_PERT,
                          {row->low * factor, row->cost * factor, row->high * factor, 0},
                          {0, 0}};
        char msg[256];
        int rc = dist_prepare(&fixed.dist, DOMAIN_NONNEG, msg, sizeof msg);
        if (rc == DIST_ENOMEM)
            return oom(l);
        if (rc == DIST_EQUANTILE) {
            diag_set(l->err, STITCH_ENUMERIC, l->m->file, b->unit_cost_line, path, "%s",
                     msg);
            return -1;
        }
        if (rc)
            return lfail(l, b->unit_cost_line, path, "the table's range: %s", msg);
    }
    long in = add_input(l, o ? &o->cost : &fixed, ROLE_UNIT_COST);
    if (in < 0 || grow((void **)&p->unit_costs, &l->cap_uc, p->n_unit_costs + 1,
                       sizeof *p->unit_costs))
        return in < 0 ? -1 : oom(l);
    plan_unit_cost *u = &p->unit_costs[p->n_unit_costs++];
    memset(u, 0, sizeof *u);
    u->code = xstrdup(row->code), u->service = xstrdup(row->service);
    u->unit = xstrdup(row->unit), u->price_year = xstrdup(row->price_year);
    u->source = proxy_source(row);
    /* a name for reports, the same wherever stitch runs */
    u->table = text_utf8_repair(costbook_file_label(l->cb, row->file));
    u->table_cost = row->cost;
    u->factor = factor;
    u->overridden = o != NULL;
    u->input = (size_t)in;
    if (!u->code || !u->service || !u->unit || !u->price_year || !u->source || !u->table)
        return oom(l);
    return in;
}

/* ---- discounting ---------------------------------------------------------------------
 */

double discount_rate(int kind, double rate, int k)
{
    static const int upto[] = {30, 75, 125, 200, 300};
    static const double standard[] = {0.035, 0.030, 0.025, 0.020, 0.015, 0.010};
    static const double health[] = {0.015, 0.0129, 0.0107, 0.0086, 0.0064, 0.0043};
    if (kind == DISC_RATE)
        return rate;
    int band = 0;
    while (band < 5 && k > upto[band])
        band++;
    return kind == DISC_GREEN_BOOK ? standard[band] : health[band];
}

static long schedule(linker *l, const model_discount *d)
{
    stitch_plan *p = l->p;
    for (size_t i = 0; i < p->n_sched; i++)
        if (l->sched[i].kind == (int)d->kind && l->sched[i].rate == d->rate)
            return (long)i;
    if (p->n_sched == 64)
        return lfail(l, d->line, "discount", "more than 64 different discount rates");
    char name[64];
    if (d->kind == DISC_RATE)
        snprintf(name, sizeof name, "%.4g%%", d->rate * 100);
    else
        snprintf(name, sizeof name, "%s",
                 d->kind == DISC_GREEN_BOOK ? "green-book" : "green-book-health");
    if (grow((void **)&p->sched_names, &l->cap_sched, p->n_sched + 1,
             sizeof *p->sched_names) ||
        !(p->sched_names[p->n_sched] = xstrdup(name)))
        return oom(l);
    l->sched[p->n_sched].kind = (int)d->kind;
    l->sched[p->n_sched].rate = d->rate;
    return (long)p->n_sched++;
}

static int fill_discount_factors(linker *l)
{
    stitch_plan *p = l->p;
    p->df = malloc(p->n_sched * (size_t)p->years * sizeof *p->df);
    if (!p->df)
        return oom(l);
    for (size_t s = 0; s < p->n_sched; s++) {
        double f = 1.0;
        for (int t = 0; t < p->years; t++) {
            if (t > 0)
                f /= 1.0 + discount_rate(l->sched[s].kind, l->sched[s].rate, t);
            p->df[s * (size_t)p->years + (size_t)t] = f;
        }
    }
    return 0;
}

/* ---- benefits
 * -------------------------------------------------------------------------- */

static int link_benefit_node(linker *l, const model_benefit *b, plan_benefit *pb)
{
    char path[300];
    snprintf(path, sizeof path, "benefits.%s.outcome", b->id);
    long k = node_index(l->p, b->outcome);
    if (k < 0)
        return unknown_link(l, b->outcome_line, path, "an outcome", b->outcome, 0);
    if (l->p->nodes[k].parent < 0)
        return lfail(l, b->outcome_line, path,
                     "'%s' is an output; a benefit hangs from an outcome (add an outcome "
                     "with from = \"%s\" and a rate)",
                     b->outcome, b->outcome);
    pb->node = (size_t)k;
    return 0;
}

static int link_benefit_price(linker *l, const model_benefit *b, plan_benefit *pb)
{
    stitch_plan *p = l->p;
    if (b->is_value) {
        long in = add_input(l, &b->value, ROLE_VALUE);
        pb->price = (size_t)in;
        pb->kind = b->economic ? BKIND_ECONOMIC : BKIND_SOCIAL;
        pb->minutes = NAN;
        pb->staff = -1;
        long py = intern(l, &p->payers, &p->n_payers, &l->cap_payers,
                         b->payer ? b->payer : "wider society");
        pb->payer = (size_t)py;
        return in < 0 || py < 0 ? -1 : 0;
    }
    const uc_row *row = NULL;
    long in = unit_cost_input(l, b, &row);
    if (in < 0)
        return -1;
    pb->price = (size_t)in;
    pb->kind = BKIND_UNIT_COST;
    pb->cashable = row->cashable;
    pb->minutes = row->minutes;
    if (row->kind != UC_FISCAL) {
        /* A value, not a saving: never cashable, frees no one's time
         * (docs/method.md section 4.6). */
        pb->kind = row->kind == UC_ECONOMIC ? BKIND_ECONOMIC : BKIND_SOCIAL;
        pb->cashable = 0;
        pb->minutes = NAN;
    }
    pb->staff = isnan(pb->minutes)
                    ? -1
                    : intern(l, &p->staff, &p->n_staff, &l->cap_staff, row->staff_group);
    if (pb->staff >= 0) { /* working hours of the group: the first row giving them */
        if (grow((void **)&p->staff_fte_hours, &l->cap_fte, p->n_staff,
                 sizeof *p->staff_fte_hours))
            return oom(l);
        for (size_t g = l->n_fte; g < p->n_staff; g++)
            p->staff_fte_hours[g] = NAN;
        l->n_fte = p->n_staff;
        if (isnan(p->staff_fte_hours[pb->staff]))
            p->staff_fte_hours[pb->staff] = row->fte_hours;
    }
    long py = intern(l, &p->payers, &p->n_payers, &l->cap_payers,
                     b->payer ? b->payer : row->payer); /* the model may relabel it */
    pb->payer = (size_t)py;
    pb->code = xstrdup(row->code), pb->unit = xstrdup(row->unit);
    pb->source = xstrdup(row->source);
    if (!pb->code || !pb->unit || !pb->source)
        return oom(l);
    return (!isnan(pb->minutes) && pb->staff < 0) || py < 0 ? -1 : 0;
}

static int link_benefits(linker *l)
{
    const stitch_model *m = l->m;
    stitch_plan *p = l->p;
    if (!(p->benefits = calloc(m->n_benefits, sizeof *p->benefits)))
        return oom(l);
    for (size_t i = 0; i < m->n_benefits; i++) {
        p->n_benefits = i + 1; /* counted before filling, so a failure frees it */
        const model_benefit *b = &m->benefits[i];
        plan_benefit *pb = &p->benefits[i];
        long q, dw, ds, at, dr, s;
        pb->id = xstrdup(b->id), pb->text = xstrdup(b->text ? b->text : b->id);
        pb->evidence = b->evidence ? xstrdup(b->evidence) : NULL;
        if (!pb->id || !pb->text)
            return oom(l);
        if (link_benefit_node(l, b, pb) || link_benefit_price(l, b, pb) ||
            (q = add_input(l, &b->quantity, ROLE_QUANTITY)) < 0 ||
            (dw = add_input(l, &b->deadweight, ROLE_DEADWEIGHT)) < 0 ||
            (ds = add_input(l, &b->displacement, ROLE_DISPLACEMENT)) < 0 ||
            (at = add_input(l, &b->attribution, ROLE_ATTRIBUTION)) < 0 ||
            (dr = add_input(l, &b->drop_off, ROLE_DROP_OFF)) < 0 ||
            (s = schedule(l, b->discount.given ? &b->discount : &m->discount)) < 0)
            return -1;
        pb->quantity = (size_t)q, pb->deadweight = (size_t)dw,
        pb->displacement = (size_t)ds;
        pb->attribution = (size_t)at, pb->drop_off = (size_t)dr, pb->sched = (size_t)s;
        pb->lag = b->lag, pb->duration = b->duration, pb->confidence = b->confidence;
        int rating = b->confidence < 0 ? CONF_NONE : b->confidence;
        pb->ob = m->has_ob ? m->ob[rating] : 0.0;
        long who = intern(l, &p->stakeholders, &p->n_stakeholders, &l->cap_stakeholders,
                          b->stakeholder ? b->stakeholder : PLAN_NOT_STATED);
        if (who < 0)
            return -1;
        pb->stakeholder = (size_t)who;
    }
    return 0;
}

/* The base-case size of delivery year y's cohort beside the others, for
 * the benefits hanging below node k: its output's count for that year
 * (with the existing caseload in year 0). 1 when every year is the same. */
static double cohort_weight(const stitch_plan *p, size_t k, int y)
{
    while (p->nodes[k].parent >= 0)
        k = (size_t)p->nodes[k].parent;
    const plan_node *n = &p->nodes[k];
    if (!n->varies)
        return 1.0;
    double w = dist_mean(&p->inputs[n->in + (n->per_year ? (size_t)y : 0)].dist);
    return w + (y == 0 && n->initial >= 0 ? dist_mean(&p->inputs[n->initial].dist) : 0);
}

/* A benefit that lasts past the last appraisal year loses that part of its
 * value without a word: warn, with the share lost and the years that would
 * hold it. A unit is worth the same in every year, so the share of the
 * value before discounting is the share of the cohort-years' weights, the
 * cohort's size (at its mean) times drop_off^j (the drop-off at its mean),
 * that fall after the last year. */
static int horizon_warnings(linker *l)
{
    const stitch_plan *p = l->p;
    for (size_t i = 0; i < p->n_benefits; i++) {
        const plan_benefit *pb = &p->benefits[i];
        const model_benefit *b = &l->m->benefits[i];
        double keep = 1.0 - dist_mean(&p->inputs[pb->drop_off].dist), f = 1.0;
        double total = 0, out = 0, *sum = calloc((size_t)pb->duration + 1, sizeof *sum);
        int last = 0; /* the last j in which the benefit still has weight */
        if (!sum)
            return oom(l);
        for (int j = 0; j < pb->duration; j++, f *= keep) {
            sum[j + 1] = sum[j] + f; /* sum[m]: the weight of the first m years */
            last = f > 0 ? j : last;
        }
        for (int y = 0; y < p->delivery_years; y++) {
            long fit = (long)p->years - y - pb->lag; /* years of this cohort inside */
            fit = fit < 0 ? 0 : fit > pb->duration ? pb->duration : fit;
            double w = cohort_weight(p, pb->node, y);
            total += w * sum[pb->duration];
            out += w * (sum[pb->duration] - sum[fit]);
        }
        free(sum);
        if (!(out > 0))
            continue;
        char path[300], pct[32];
        double share = out / total;
        snprintf(path, sizeof path, "benefits.%s.duration", pb->id);
        if (share < 0.001)
            snprintf(pct, sizeof pct, "under 0.1%%");
        else
            text_pct(pct, sizeof pct, share);
        if (diag_list_add(&l->p->warnings, l->m->file,
                          b->duration_line ? b->duration_line : b->line, path,
                          "%s of this benefit's value (before discounting) comes after "
                          "year %d, the last year of the appraisal, so it is left out of "
                          "every result; set years = %ld to count all of it, or shorten "
                          "the duration (or lag) if the effect does not last that long",
                          pct, p->years - 1, (long)p->delivery_years + pb->lag + last))
            return oom(l);
    }
    return 0;
}

/* ---- costs and the rest
 * ------------------------------------------------------------------ */

static int link_costs(linker *l)
{
    const stitch_model *m = l->m;
    stitch_plan *p = l->p;
    if (!(p->costs = calloc(m->n_costs, sizeof *p->costs)))
        return oom(l);
    for (size_t i = 0; i < m->n_costs; i++) {
        p->n_costs = i + 1;
        plan_cost *c = &p->costs[i];
        const model_cost *mc = &m->costs[i];
        long in =
            add_inputs(l, &mc->amount, mc->amount_year, mc->n_amount_year, ROLE_COST);
        if (in < 0)
            return -1;
        long f = intern(l, &p->funders, &p->n_funders, &l->cap_funders,
                        mc->funder ? mc->funder : PLAN_NOT_STATED);
        if (f < 0)
            return -1;
        c->amount = (size_t)in;
        c->once = m->costs[i].once;
        c->per_year = mc->n_amount_year > 0;
        c->funder = (size_t)f;
        c->id = xstrdup(m->costs[i].id);
        c->text = xstrdup(m->costs[i].text ? m->costs[i].text : m->costs[i].id);
        c->evidence = m->costs[i].evidence ? xstrdup(m->costs[i].evidence) : NULL;
        if (!c->id || !c->text || (m->costs[i].evidence && !c->evidence))
            return oom(l);
    }
    return 0;
}

/* What each unit-cost benefit frees, keyed by its table unit without a
 * leading "per " (docs/method.md section 4.13). */
static int link_capacity(linker *l)
{
    stitch_plan *p = l->p;
    size_t cap = 0;
    for (size_t i = 0; i < p->n_benefits; i++) {
        plan_benefit *b = &p->benefits[i];
        b->capacity = -1;
        if (b->kind != BKIND_UNIT_COST || !b->unit)
            continue;
        const char *u = strncmp(b->unit, "per ", 4) == 0 ? b->unit + 4 : b->unit;
        b->capacity = intern(l, &p->capacity_units, &p->n_capacity, &cap, u);
        if (b->capacity < 0)
            return -1;
    }
    return 0;
}

static int unused_overrides(linker *l)
{
    for (size_t i = 0; i < l->m->n_overrides; i++) {
        const model_override *o = &l->m->overrides[i];
        int used = 0;
        for (size_t j = 0; j < l->p->n_unit_costs; j++)
            used |= strcmp(l->p->unit_costs[j].code, o->code) == 0;
        if (!used &&
            diag_list_add(&l->p->warnings, l->m->file, o->cost.line, o->cost.path,
                          "no benefit uses this code, so the override has no "
                          "effect"))
            return oom(l);
    }
    return 0;
}

/* ---- correlations ---------------------------------------------------------------- */

static long find_input(const stitch_plan *p, const char *path)
{
    for (size_t i = 0; i < p->n_inputs; i++)
        if (strcmp(p->inputs[i].path, path) == 0)
            return (long)i;
    return -1;
}

/* "'path' is not a number of this model (did you mean ...?)" */
static long unknown_input(linker *l, int line, const char *where, const char *path)
{
    stitch_plan *p = l->p;
    const char **paths = calloc(p->n_inputs + 1, sizeof *paths);
    if (!paths)
        return oom(l);
    for (size_t j = 0; j < p->n_inputs; j++)
        paths[j] = p->inputs[j].path;
    const char *near = closest_word(path, paths);
    lfail(l, line, where, "'%s' is not a number of this model%s%s%s", path,
          near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    free(paths);
    return -1;
}

/* The uncertain input named by one end of a correlation. */
static long correlated_input(linker *l, size_t k, const char *end, const char *path,
                             int line)
{
    stitch_plan *p = l->p;
    char where[64];
    snprintf(where, sizeof where, "correlations[%zu].%s", k, end);
    long i = find_input(p, path);
    if (i < 0)
        return unknown_input(l, line, where, path);
    if (p->inputs[i].dist.kind == DIST_FIXED)
        return lfail(l, line, where,
                     "'%s' is a fixed number; only numbers given as distributions can be "
                     "correlated",
                     path);
    return i;
}

/* Describe the suggested matrix: "a ~ b: 0.62 (you gave 0.9); ...". */
static void describe_nearest(linker *l, const size_t *member, size_t n,
                             const double *near, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t k = 0; k < l->p->n_corr_pairs && used < size; k++) {
        const plan_correlation *c = &l->p->corr_pairs[k];
        size_t ia = 0, ib = 0;
        for (size_t j = 0; j < n; j++) {
            ia = member[j] == c->a ? j : ia;
            ib = member[j] == c->b ? j : ib;
        }
        int w = snprintf(out + used, size - used, "%s%s ~ %s: %.2f (you gave %g)",
                         k ? "; " : "", l->p->inputs[c->a].path, l->p->inputs[c->b].path,
                         near[ia * n + ib], c->rho);
        used += w > 0 ? (size_t)w : 0;
    }
}

static int link_correlations(linker *l)
{
    const stitch_model *m = l->m;
    stitch_plan *p = l->p;
    p->uncertain = calloc(p->n_inputs + 1, sizeof *p->uncertain);
    p->corr_pairs = calloc(m->n_correlations + 1, sizeof *p->corr_pairs);
    if (!p->uncertain || !p->corr_pairs)
        return oom(l);
    for (size_t i = 0; i < p->n_inputs; i++)
        if (p->inputs[i].dist.kind != DIST_FIXED)
            p->uncertain[p->n_uncertain++] = i;
    if (!m->n_correlations)
        return 0;
    /* The correlated inputs, in input order, and each one's column. */
    char *member = calloc(p->n_inputs + 1, 1);
    if (!member)
        return oom(l);
    for (size_t k = 0; k < m->n_correlations; k++) {
        const model_correlation *c = &m->correlations[k];
        long a = correlated_input(l, k, "a", c->a, c->a_line);
        long b = a < 0 ? -1 : correlated_input(l, k, "b", c->b, c->b_line);
        if (a < 0 || b < 0) {
            free(member);
            return -1;
        }
        char where[64];
        snprintf(where, sizeof where, "correlations[%zu]", k);
        if (a == b) {
            free(member);
            return lfail(l, c->line, where, "a and b are the same input ('%s')", c->a);
        }
        for (size_t j = 0; j < k; j++) {
            const plan_correlation *d = &p->corr_pairs[j];
            if ((d->a == (size_t)a && d->b == (size_t)b) ||
                (d->a == (size_t)b && d->b == (size_t)a)) {
                free(member);
                return lfail(l, c->line, where,
                             "'%s' and '%s' are already correlated at line %d", c->a,
                             c->b, d->line);
            }
        }
        p->corr_pairs[k] = (plan_correlation){(size_t)a, (size_t)b, c->rho, c->line};
        p->n_corr_pairs++;
        member[a] = member[b] = 1;
    }
    size_t n = 0, *index = calloc(p->n_inputs + 1, sizeof *index);
    p->corr_col = calloc(p->n_inputs + 1, sizeof *p->corr_col);
    size_t *input_of = calloc(p->n_inputs + 1, sizeof *input_of);
    if (!index || !p->corr_col || !input_of) {
        free(member), free(index), free(input_of);
        return oom(l);
    }
    for (size_t u = 0; u < p->n_uncertain; u++)
        if (member[p->uncertain[u]]) {
            index[p->uncertain[u]] = n;
            input_of[n] = p->uncertain[u];
            p->corr_col[n++] = u;
        }
    p->n_corr = n;
    double *rho = calloc(n * n, sizeof *rho), *near = calloc(n * n, sizeof *near);
    p->corr_chol = calloc(n * n, sizeof *p->corr_chol);
    int rc = rho && near && p->corr_chol ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rho[i * n + i] = 1;
    for (size_t k = 0; rc == 0 && k < p->n_corr_pairs; k++) {
        size_t a = index[p->corr_pairs[k].a], b = index[p->corr_pairs[k].b];
        rho[a * n + b] = rho[b * n + a] = p->corr_pairs[k].rho;
    }
    if (rc == 0)
        rc = correlate_prepare(n, rho, p->corr_chol, near);
    if (rc == 1) {
        char text[sizeof l->err->message];
        describe_nearest(l, input_of, n, near, text, sizeof text);
        lfail(l, m->correlations[0].line, "correlations",
              "these correlations cannot all hold at once (their matrix is not "
              "positive definite); the nearest set that can is: %s",
              text);
    } else if (rc < 0)
        oom(l);
    free(member), free(index), free(input_of), free(rho), free(near);
    return rc ? -1 : 0;
}

/* ---- scenarios ------------------------------------------------------------------- */

static int link_scenario(linker *l, size_t i)
{
    const model_scenario *ms = &l->m->scenarios[i];
    plan_scenario *ps = &l->p->scenarios[i];
    char where[64];
    snprintf(where, sizeof where, "scenarios[%zu]", i);
    for (size_t j = 0; j < i; j++)
        if (strcmp(l->m->scenarios[j].name, ms->name) == 0)
            return lfail(l, ms->line, where,
                         "the name '%s' is used twice (first at line %d)", ms->name,
                         l->m->scenarios[j].line);
    ps->input = calloc(ms->n_set + 1, sizeof *ps->input);
    ps->value = calloc(ms->n_set + 1, sizeof *ps->value);
    if (!(ps->name = xstrdup(ms->name)) || !ps->input || !ps->value)
        return oom(l);
    for (size_t k = 0; k < ms->n_set; k++, ps->n++) {
        const model_setting *st = &ms->set[k];
        char at[96];
        snprintf(at, sizeof at, "scenarios[%zu].set[%zu]", i, k);
        long in = find_input(l->p, st->path);
        if (in < 0)
            return (int)unknown_input(l, st->line, at, st->path);
        for (size_t j = 0; j < k; j++)
            if (ps->input[j] == (size_t)in)
                return lfail(l, st->line, at, "'%s' is set twice in this scenario",
                             st->path);
        dist_domain dom = l->p->inputs[in].domain;
        if (dom == DOMAIN_SHARE && (st->value < 0 || st->value > 1))
            return lfail(l, st->line, at, "%g is not a share from 0 to 1 for '%s'%s",
                         st->value, st->path,
                         st->value > 1 && st->value <= 100 ? " (write 40% as 0.4)" : "");
        if (dom == DOMAIN_NONNEG && st->value < 0)
            return lfail(l, st->line, at, "%g is negative; '%s' must be 0 or more",
                         st->value, st->path);
        ps->input[k] = (size_t)in;
        ps->value[k] = st->value;
    }
    return 0;
}

static int link_scenarios(linker *l)
{
    l->p->scenarios = calloc(l->m->n_scenarios + 1, sizeof *l->p->scenarios);
    if (!l->p->scenarios)
        return oom(l);
    for (size_t i = 0; i < l->m->n_scenarios; i++, l->p->n_scenarios++)
        if (link_scenario(l, i)) {
            l->p->n_scenarios++; /* free what was half-built */
            return -1;
        }
    return 0;
}

static int copy_meta(linker *l)
{
    const stitch_model *m = l->m;
    stitch_plan *p = l->p;
    p->years = m->years;
    p->delivery_years = m->delivery_years;
    p->iterations = m->iterations;
    p->seed = m->seed;
    p->population = m->population.dist;
    p->name = xstrdup(m->name);
    p->organisation = xstrdup(m->organisation ? m->organisation : "");
    p->price_year = xstrdup(m->price_year);
    p->model_file = text_utf8_repair(m->file); /* file names, for reports, in UTF-8 */
    p->need_text = xstrdup(m->need_text);
    size_t n = l->cb ? l->cb->n_files : 0;
    p->tables = calloc(n + 1, sizeof *p->tables);
    p->table_years = calloc(n + 1, sizeof *p->table_years);
    if (!p->name || !p->organisation || !p->price_year || !p->model_file ||
        !p->need_text || !p->tables || !p->table_years)
        return oom(l);
    p->n_tables = n; /* the arrays are zeroed, so a half-filled one frees cleanly */
    for (size_t i = 0; i < n; i++) {
        p->tables[i] = text_utf8_repair(costbook_file_label(l->cb, i));
        p->table_years[i] = xstrdup(l->cb->files[i].price_years);
        if (!p->tables[i] || !p->table_years[i])
            return oom(l);
    }
    for (size_t i = 0; l->cb && i < l->cb->warnings.n; i++) {
        const stitch_diag *w = &l->cb->warnings.v[i];
        if (diag_list_add(&p->warnings, w->file, w->line, w->path, "%s", w->message))
            return oom(l);
    }
    return 0;
}

stitch_plan *stitch_plan_compile(const stitch_model *m, const stitch_costbook *cb,
                                 stitch_diag *err)
{
    stitch_diag scratch;
    linker l = {0};
    l.m = m;
    l.cb = cb;
    l.err = err ? err : &scratch;
    if (!(l.p = calloc(1, sizeof *l.p))) {
        oom(&l);
        return NULL;
    }
    if (copy_meta(&l) || check_ids(&l) || schedule(&l, &m->discount) < 0 ||
        link_costs(&l) || link_nodes(&l) || link_benefits(&l) || horizon_warnings(&l) ||
        unused_overrides(&l) || link_correlations(&l) || link_scenarios(&l) ||
        fill_discount_factors(&l) || link_capacity(&l)) {
        stitch_plan_free(l.p);
        return NULL;
    }
    return l.p;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

void stitch_plan_free(stitch_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_inputs; i++)
        free(p->inputs[i].path);
    for (size_t i = 0; i < p->n_costs; i++)
        free(p->costs[i].id), free(p->costs[i].text), free(p->costs[i].evidence);
    for (size_t i = 0; i < p->n_nodes; i++)
        free(p->nodes[i].id), free(p->nodes[i].text), free(p->nodes[i].evidence),
            free(p->nodes[i].measure);
    for (size_t i = 0; i < p->n_benefits; i++) {
        plan_benefit *b = &p->benefits[i];
        free(b->id), free(b->text), free(b->code), free(b->unit), free(b->evidence);
        free(b->source);
    }
    for (size_t i = 0; i < p->n_unit_costs; i++) {
        plan_unit_cost *u = &p->unit_costs[i];
        free(u->code), free(u->service), free(u->unit), free(u->price_year);
        free(u->source), free(u->table);
    }
    free_strings(p->staff, p->n_staff);
    free_strings(p->capacity_units, p->n_capacity);
    free_strings(p->payers, p->n_payers);
    free_strings(p->funders, p->n_funders);
    free_strings(p->stakeholders, p->n_stakeholders);
    free_strings(p->sched_names, p->n_sched);
    free_strings(p->tables, p->n_tables);
    free_strings(p->table_years, p->n_tables);
    for (size_t i = 0; i < p->n_scenarios; i++)
        free(p->scenarios[i].name), free(p->scenarios[i].input),
            free(p->scenarios[i].value);
    free(p->scenarios);
    free(p->staff_fte_hours);
    free(p->uncertain), free(p->corr_col), free(p->corr_chol), free(p->corr_pairs);
    free(p->inputs), free(p->costs), free(p->nodes), free(p->benefits),
        free(p->unit_costs);
    free(p->df), free(p->name), free(p->organisation), free(p->price_year);
    free(p->model_file), free(p->need_text);
    diag_list_free(&p->warnings);
    for (size_t i = 0; i < p->n_updates; i++)
        free(p->updates[i].periods), free(p->updates[i].file),
            dist_table_free(p->updates[i].table);
    free(p->updates);
    free_strings(p->monitoring_files, p->n_monitoring_files);
    free(p);
}

const stitch_diag *stitch_plan_warnings(const stitch_plan *p, size_t *n)
{
    *n = p->warnings.n;
    return p->warnings.v;
}

size_t stitch_plan_input_count(const stitch_plan *p)
{
    return p->n_inputs;
}

const char *stitch_plan_input_path(const stitch_plan *p, size_t i)
{
    return i < p->n_inputs ? p->inputs[i].path : NULL;
}

int stitch_plan_input_uncertain(const stitch_plan *p, size_t i)
{
    return i < p->n_inputs && p->inputs[i].dist.kind != DIST_FIXED;
}

/* ---- inputs in words, for the tables people read (plan.h) ----------------- */

/* The item an input belongs to, found by the id in its path. */
static const char *item_text(const stitch_plan *p, const plan_input *in, const char **what)
{
    const char *path = in->path, *dot = strchr(path, '.');
    const char *last = strrchr(path, '.');
    *what = last ? last + 1 : path;
    if (!dot || dot == last) {
        *what = path;
        return NULL;
    }
    size_t k = (size_t)(last - dot - 1);
    const char *id = dot + 1;
#define SAME_ID(s) (strlen(s) == k && strncmp((s), id, k) == 0)
    if (strncmp(path, "costs.", 6) == 0)
        for (size_t c = 0; c < p->n_costs; c++)
            if (SAME_ID(p->costs[c].id))
                return p->costs[c].text;
    if (strncmp(path, "outputs.", 8) == 0 || strncmp(path, "outcomes.", 9) == 0)
        for (size_t c = 0; c < p->n_nodes; c++)
            if (SAME_ID(p->nodes[c].id))
                return p->nodes[c].text;
    if (strncmp(path, "benefits.", 9) == 0)
        for (size_t c = 0; c < p->n_benefits; c++)
            if (SAME_ID(p->benefits[c].id))
                return p->benefits[c].text;
    if (strncmp(path, "unit_costs.", 11) == 0)
        for (size_t c = 0; c < p->n_unit_costs; c++)
            if (SAME_ID(p->unit_costs[c].code))
                return p->unit_costs[c].service;
#undef SAME_ID
    return NULL;
}

/* Input i's item (NULL: none, the path stands alone) and what it is. */
static const char *input_words(const stitch_plan *p, size_t i, const char **whatp)
{
    const plan_input *in = &p->inputs[i];
    const char *what, *text = item_text(p, in, &what);
    static const struct {
        const char *key, *words;
    } keys[] = {{"amount", "amount"},
                {"count", "people a year"},
                {"rate", "share reaching it"},
                {"cost", "unit cost"},
                {"quantity", "units avoided per person a year"},
                {"value", "value per person a year"},
                {"deadweight", "deadweight"},
                {"displacement", "displacement"},
                {"attribution", "attribution (share caused by others)"},
                {"drop_off", "drop-off a year"},
                {"population", "people in need"}};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
        if (strcmp(what, keys[k].key) == 0)
            what = keys[k].words;
    if (strcmp(in->path, "need.population") == 0)
        text = p->need_text;
    for (size_t c = 0; c < p->n_costs; c++)
        if (p->costs[c].amount == i)
            what = p->costs[c].once ? "amount, once" : "amount a year";
    *whatp = what;
    return text;
}

char *plan_input_label(char *buf, size_t n, const stitch_plan *p, size_t i)
{
    const char *what, *text = input_words(p, i, &what);
    if (!text)
        return snprintf(buf, n, "%s", p->inputs[i].path), buf;
    snprintf(buf, n, "%s \xE2\x80\x94 %s", text, what);
    text_utf8_trim(buf);
    return buf;
}

char *plan_input_short_label(char *buf, size_t n, const stitch_plan *p, size_t i,
                                size_t chars)
{
    const char *what, *text = input_words(p, i, &what);
    if (!text)
        return snprintf(buf, n, "%s", p->inputs[i].path), buf;
    static const struct {
        const char *words, *brief;
    } brief[] = {{"units avoided per person a year", "units avoided"},
                 {"value per person a year", "value"},
                 {"share reaching it", "share"},
                 {"attribution (share caused by others)", "attribution"},
                 {"drop-off a year", "drop-off"},
                 {"amount a year", "amount"},
                 {"amount, once", "amount"}};
    for (size_t k = 0; k < sizeof brief / sizeof *brief; k++)
        if (strcmp(what, brief[k].words) == 0)
            what = brief[k].brief;
    char head[400];
    size_t bytes = 0, k = 0;
    for (; text[bytes] && k < chars; k++) /* the first `chars` characters */
        bytes += text_utf8_len(text + bytes) ? text_utf8_len(text + bytes) : 1;
    snprintf(head, sizeof head, "%.*s%s", (int)bytes, text,
             text[bytes] ? "\xE2\x80\xA6" : "");
    snprintf(buf, n, "%s \xE2\x80\x94 %s", head, what);
    text_utf8_trim(buf);
    return buf;
}

int plan_benefits_by_node(const stitch_plan *p, size_t **start, size_t **item)
{
    *start = calloc(p->n_nodes + 2, sizeof **start);
    *item = malloc((p->n_benefits + 1) * sizeof **item);
    if (!*start || !*item)
        return -1;
    for (size_t b = 0; b < p->n_benefits; b++)
        (*start)[p->benefits[b].node + 2]++;
    for (size_t k = 2; k <= p->n_nodes + 1; k++)
        (*start)[k] += (*start)[k - 1];
    for (size_t b = 0; b < p->n_benefits; b++)
        (*item)[(*start)[p->benefits[b].node + 1]++] = b;
    return 0;
}
