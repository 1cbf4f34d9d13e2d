/* compare.c — options for the same need on the same draws (docs/method.md
 * section 12). */
#include "compare.h"

#include "mc.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void options_free(stitch_comparison *c)
{
    for (size_t i = 0; i < c->n; i++) {
        cmp_option *o = &c->opt[i];
        free(o->name);
        stitch_result_free(o->base);
        stitch_mc_free(o->mc);
        free(o->npv), free(o->pvb), free(o->pvc);
    }
    free(c->opt);
}

void stitch_comparison_free(stitch_comparison *c)
{
    if (!c)
        return;
    options_free(c);
    free(c->pairs);
    free(c->p_best);
    free(c->rank);
    free(c);
}

static void pair(stitch_comparison *c, size_t a, size_t b, double *tmp, cmp_pair *out)
{
    const cmp_option *x = &c->opt[a], *y = &c->opt[b];
    size_t n = (size_t)c->iterations, better = 0, k = 0;
    for (size_t i = 0; i < n; i++) {
        tmp[i] = x->npv[i] - y->npv[i];
        better += x->npv[i] > y->npv[i];
    }
    *out = (cmp_pair){.a = a, .b = b};
    out->npv_diff = mc_summarise(tmp, n);
    out->p_a_better = (double)better / (double)n;
    double dc = x->base->pvc - y->base->pvc;
    out->ibcr_base = dc != 0 ? (x->base->pvb - y->base->pvb) / dc : NAN;
    for (size_t i = 0; i < n; i++) {
        double d = x->pvc[i] - y->pvc[i];
        if (d != 0)
            tmp[k++] = (x->pvb[i] - y->pvb[i]) / d;
    }
    out->ibcr_runs = (long)k;
    if (k)
        out->ibcr = mc_summarise(tmp, k);
}

/* Options by mean NPV, highest first; ties keep the order given (an
 * insertion sort: a handful of options, and no state outside the call). */
static void ranking(stitch_comparison *c)
{
    for (size_t i = 0; i < c->n; i++) {
        size_t k = i;
        double v = c->opt[i].mc->npv.mean;
        while (k > 0 && c->opt[c->rank[k - 1]].mc->npv.mean < v) {
            c->rank[k] = c->rank[k - 1];
            k--;
        }
        c->rank[k] = i;
    }
}

stitch_comparison *stitch_compare_run(const stitch_plan *const *plans,
                                      const char *const *names, size_t n, long iterations,
                                      unsigned long seed, int threads, stitch_diag *err)
{
    if (n < 2 || iterations < 1) {
        diag_set(err, STITCH_EINPUT, "", 0, n < 2 ? "models" : "iterations",
                 n < 2 ? "a comparison needs two options or more"
                       : "a comparison needs one simulation or more");
        return NULL;
    }
    size_t runs = (size_t)iterations;
    stitch_comparison *c = calloc(1, sizeof *c);
    if (!c)
        goto oom;
    c->iterations = iterations, c->seed = seed;
    c->opt = calloc(n, sizeof *c->opt);
    c->p_best = calloc(n, sizeof *c->p_best);
    c->rank = malloc(n * sizeof *c->rank);
    c->pairs = calloc(n * (n - 1), sizeof *c->pairs);
    double *tmp = malloc(runs * sizeof *tmp);
    if (!c->opt || !c->p_best || !c->rank || !c->pairs || !tmp) {
        free(tmp);
        goto oom;
    }
    c->n = n;
    for (size_t i = 0; i < n; i++) {
        cmp_option *o = &c->opt[i];
        o->p = plans[i];
        o->name = xstrdup(names[i]);
        o->base = stitch_result_alloc(plans[i]);
        o->npv = malloc(runs * sizeof *o->npv);
        o->pvb = malloc(runs * sizeof *o->pvb);
        o->pvc = malloc(runs * sizeof *o->pvc);
        if (!o->name || !o->base || !o->npv || !o->pvb || !o->pvc) {
            free(tmp);
            goto oom;
        }
        double *x = malloc((plans[i]->n_inputs + 1) * sizeof *x);
        if (!x) {
            free(tmp);
            goto oom;
        }
        stitch_plan_base(plans[i], x);
        stitch_eval(plans[i], x, o->base);
        free(x);
        o->mc = stitch_mc_run(plans[i], iterations, seed, threads, err);
        if (!o->mc ||
            mc_runs_threads(plans[i], seed, runs, o->pvb, o->pvc, NULL, threads)) {
            free(tmp);
            if (o->mc)
                goto oom;
            stitch_comparison_free(c);
            return NULL; /* err says why */
        }
        for (size_t k = 0; k < runs; k++)
            o->npv[k] = o->pvb[k] - o->pvc[k];
    }
    /* the chance each option has the highest NPV; ties share the run */
    for (size_t k = 0; k < runs; k++) {
        double best = -INFINITY;
        size_t tied = 0;
        for (size_t i = 0; i < n; i++)
            best = c->opt[i].npv[k] > best ? c->opt[i].npv[k] : best;
        for (size_t i = 0; i < n; i++)
            tied += c->opt[i].npv[k] == best;
        for (size_t i = 0; i < n; i++)
            if (c->opt[i].npv[k] == best)
                c->p_best[i] += 1.0 / (double)tied;
    }
    for (size_t i = 0; i < n; i++)
        c->p_best[i] /= (double)runs;
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++)
            if (a != b)
                pair(c, a, b, tmp, &c->pairs[c->n_pairs++]);
    free(tmp);
    ranking(c);
    return c;
oom:
    stitch_comparison_free(c);
    diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory comparing the options");
    return NULL;
}
