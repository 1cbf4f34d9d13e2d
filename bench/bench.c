/* bench.c — throughput of the Monte Carlo engine, printed as figures.
 *
 *   bench MODEL [ITERATIONS]
 *   bench --numpy ITERATIONS MODEL...   stitch against bench/reference.py
 *   bench --plan MODEL                  the plan as reference.py reads it
 *   bench --sampling ITERATIONS MODEL...  standard errors under mc, lhs and qmc
 *
 * For the model: iterations per second with 1 and 2 threads, the time to
 * draw the same random numbers alone (so the engine's overhead over pure
 * sampling shows), the sensitivity tables, the time to draw the charts and
 * the logic-model diagram, and the process's peak memory. Not a test: run it with
 * `cmake --build build --target bench`. */
#include "chart.h"
#include "diagram.h"
#include "information.h"
#include "plan.h"
#include "sample.h"
#include "sobol.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static stitch_plan *load(const char *file)
{
    stitch_diag err;
    char buf[2048];
    stitch_model *m = stitch_model_load(file, &err);
    stitch_costbook *cb =
        m ? stitch_costbook_load_for(m, stitch_costbook_default_dirs(), &err) : NULL;
    stitch_plan *p = cb ? stitch_plan_compile(m, cb, &err) : NULL;
    if (!p)
        fprintf(stderr, "%s\n", stitch_diag_format(&err, "", buf, sizeof buf));
    stitch_costbook_free(cb);
    stitch_model_free(m);
    return p;
}

/* Draw every uncertain input for n iterations, block by block, with the
 * engine's own sampler (correlations included). */
static double sampling_only(const stitch_plan *p, long n)
{
    gsl_rng *r = gsl_rng_alloc(sample_rng_type());
    double *cols = malloc((p->n_uncertain + 1) * STITCH_BLOCK * sizeof *cols);
    sample_scratch *z = sample_scratch_alloc(p);
    double sink = 0, t0 = now();
    for (size_t b = 0; (long)(b * STITCH_BLOCK) < n; b++) {
        size_t k = (size_t)n - b * STITCH_BLOCK;
        sample_block(p, 1, b, k < STITCH_BLOCK ? k : STITCH_BLOCK, SAMPLE_CORRELATED, r,
                     cols, z);
        sink += cols[0];
    }
    double t = now() - t0;
    if (sink == -1)
        puts("");
    free(cols);
    sample_scratch_free(z);
    gsl_rng_free(r);
    return t;
}

/* Milliseconds to draw the report's charts (20-row tornado and bars, the
 * histogram) and the logic-model diagram of p: the first diagram loads
 * Graphviz's plugins, so it is timed apart from the rest. */
static void drawing(const stitch_plan *p)
{
    static const char *const names[] = {"a.value", "b.rate", "c.attribution", "d"};
    double lo[20], hi[20], bins[STITCH_HIST_BINS], t[3];
    const char *labels[20];
    for (int i = 0; i < 20; i++)
        lo[i] = 1 - i * 0.03, hi[i] = 1 + i * 0.05, labels[i] = names[i % 4];
    for (int i = 0; i < STITCH_HIST_BINS; i++)
        bins[i] = exp(-0.01 * (i - 20) * (i - 20)) / 17.7;
    stitch_diag err;
    const int reps = 20;
    for (int k = 0; k < 3; k++) {
        double t0 = now();
        for (int i = 0; i < reps; i++)
            free(k == 0   ? chart_tornado_svg(labels, lo, hi, 20, 1, 1, "BCR", &err)
                 : k == 1 ? chart_histogram_svg(bins, STITCH_HIST_BINS, 0.2, 2.4, 1,
                                                "BCR", &err)
                          : chart_bars_svg(labels, hi, 20, chart_money, "PV", &err));
        t[k] = (now() - t0) / reps * 1e3;
    }
    printf("  charts, ms each            tornado %.2f, histogram %.2f, bars %.2f\n", t[0],
           t[1], t[2]);
    stitch_result *r = stitch_result_alloc(p);
    double *x = calloc(stitch_plan_input_count(p) + 1, sizeof *x);
    if (!r || !x) {
        stitch_result_free(r), free(x);
        return;
    }
    stitch_plan_base(p, x);
    stitch_eval(p, x, r);
    double t0 = now();
    free(diagram_svg(p, r, &err));
    double first = now() - t0;
    t0 = now();
    for (int i = 0; i < 10; i++)
        free(diagram_svg(p, r, &err));
    printf("  logic-model diagram, ms    first %.1f, then %.1f each\n", first * 1e3,
           (now() - t0) / 10 * 1e3);
    stitch_result_free(r);
    free(x);
}

/* A chain of n outcomes, each from the one before, written in reverse
 * order: linking it was cubic (4,000 levels took 38 s). */
static void deep_chain(int n)
{
    char path[] = "/tmp/stitch-bench-chain-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f)
        return;
    fprintf(f, "name = \"deep\"; price_year = \"2023/24\"; years = 1; discount = 0.035;\n"
               "need = { text = \"n\"; population = 1000; };\n"
               "costs = ( { id = \"c\"; amount = 1000.0; per = \"once\"; } );\n"
               "outputs = ( { id = \"o\"; count = 100.0; } );\noutcomes = (\n");
    for (int i = n - 1; i > 0; i--)
        fprintf(f, "  { id = \"s%d\"; from = \"s%d\"; rate = 0.9999; },\n", i, i - 1);
    fprintf(f, "  { id = \"s0\"; from = \"o\"; rate = 0.9999; }\n");
    fprintf(f, ");\nbenefits = ( { id = \"b\"; outcome = \"s%d\"; value = 1.0; } );\n",
            n - 1);
    fclose(f);
    double t0 = now();
    stitch_plan *p = load(path);
    double t = now() - t0;
    unlink(path);
    if (p)
        printf("  load and link a %d-level chain      %8.3f s\n", n, t);
    stitch_plan_free(p);
}

/* ---- no surprises at scale (issue 19, item 5) ------------------------------------- */

/* Every sensitivity table with the defaults (Sobol n = 65,536, one thread
 * per processor): seconds, or -1 after printing the error. */
static double sensitivity_seconds(const stitch_plan *p)
{
    stitch_sensitivity_options o = {0};
    stitch_diag err;
    double t0 = now();
    stitch_sensitivity *s = stitch_sensitivity_run(p, &o, &err);
    double t = now() - t0;
    if (!s) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    stitch_sensitivity_free(s);
    return t;
}

/* A model of n benefits on one outcome, each benefit's value uncertain
 * (a PERT) when `uncertain`, else fixed with fixed deadweight, attribution
 * and drop-off; the cost and the outcome's rate are uncertain. Returns the
 * plan, or NULL. */
static stitch_plan *wide_model(int n, int uncertain)
{
    char path[] = "/tmp/stitch-bench-wide-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f)
        return NULL;
    fprintf(f,
            "name = \"wide\"; price_year = \"2023/24\"; years = 5; delivery_years = 3;\n"
            "discount = 0.035;\nneed = { text = \"n\"; population = 1000; };\n"
            "costs = ( { id = \"staff\"; amount = { dist = \"pert\"; min = 900.0; "
            "mode = 1000.0; max = 1200.0; }; per = \"year\"; } );\n"
            "outputs = ( { id = \"o\"; count = 100; } );\n"
            "outcomes = ( { id = \"x\"; from = \"o\"; rate = { dist = \"beta\"; "
            "mean = 0.5; sd = 0.1; }; } );\nbenefits = (\n");
    for (int i = 0; i < n; i++) {
        if (uncertain)
            fprintf(f,
                    "  { id = \"b%d\"; outcome = \"x\"; value = { dist = \"pert\"; "
                    "min = 1.0; mode = 2.0; max = 3.0; }; duration = 1; }%s\n",
                    i, i < n - 1 ? "," : "");
        else
            fprintf(f,
                    "  { id = \"b%d\"; outcome = \"x\"; value = %d.0; duration = 2; "
                    "deadweight = 0.1; attribution = 0.2; drop_off = 0.3; }%s\n",
                    i, 1 + i % 7, i < n - 1 ? "," : "");
    }
    fprintf(f, ");\n");
    fclose(f);
    stitch_plan *p = load(path);
    unlink(path);
    return p;
}

/* `stitch sensitivity` (every table, Sobol at its default n) on wide
 * models: 10,000 benefits with fixed numbers took several minutes before
 * issue 19 (5.5 s at 1,000), 300 uncertain ones 62 s. */
static int at_scale(void)
{
    struct {
        int n, uncertain;
    } cases[] = {{1000, 0}, {10000, 0}, {100, 1}, {300, 1}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        stitch_plan *p = wide_model(cases[c].n, cases[c].uncertain);
        if (!p)
            return 1;
        double t = sensitivity_seconds(p);
        if (t < 0)
            return 1;
        printf("  sensitivity, %5d benefits (%s), %zu inputs, %zu uncertain  %8.3f s\n",
               cases[c].n, cases[c].uncertain ? "uncertain values" : "fixed numbers",
               p->n_inputs, p->n_uncertain, t);
        stitch_plan_free(p);
    }
    for (int n = 1000; n <= 16000; n *= 4)
        deep_chain(n);
    return 0;
}

/* ---- every analysis on every core (issue 19, item 2) ---------------------------- */

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of `reps` timings of the Monte Carlo run (kind 0) or the
 * sensitivity tables with Sobol at its default size (kind 1) on `threads`
 * threads: the machine may be shared, so one run says little. */
static double median_time(const stitch_plan *p, long n, int kind, int threads, int reps)
{
    double t[9];
    for (int r = 0; r < reps; r++) {
        stitch_diag err;
        double t0 = now();
        if (kind == 0)
            stitch_mc_free(stitch_mc_run(p, n, 1, threads, &err));
        else {
            stitch_sensitivity_options o = {0};
            o.seed = 1, o.threads = threads;
            stitch_sensitivity_free(stitch_sensitivity_run(p, &o, &err));
        }
        t[r] = now() - t0;
    }
    qsort(t, (size_t)reps, sizeof *t, by_value);
    return t[reps / 2];
}

/* The Monte Carlo run and Sobol (n = 65,536) on 1 and 2 threads, medians
 * of three, and the speed-ups (goals: 1.8 and 1.7 on two cores). */
static void scaling(const stitch_plan *p, long n)
{
    const int reps = 3;
    double one = median_time(p, n, 0, 1, reps), two = median_time(p, n, 0, 2, reps);
    printf("  engine, median of %d      1 thread %.3f s, 2 threads %.3f s: %.2fx "
           "(goal 1.8x)\n",
           reps, one, two, one / two);
    if (n > 1000000)
        return;
    one = median_time(p, n, 1, 1, reps), two = median_time(p, n, 1, 2, reps);
    printf("  Sobol n = %d, median of %d  1 thread %.3f s, 2 threads %.3f s: %.2fx "
           "(goal 1.7x)\n",
           SOBOL_DEFAULT_N, reps, one, two, one / two);
}

/* ---- the NumPy reference (docs/performance.md "Against NumPy") ---------------- */

/* A number for JSON; Python's json module reads Infinity and -Infinity. */
static void json_num(FILE *f, double v)
{
    if (isinf(v))
        fputs(v > 0 ? "Infinity" : "-Infinity", f);
    else
        fprintf(f, "%.17g", v);
}

static void json_nums(FILE *f, const double *v, size_t n)
{
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        json_num(f, v[i]);
    }
    fputc(']', f);
}

/* Write the plan as bench/reference.py reads it: every input's distribution
 * and base value, the costs, the logic model, the benefits, the discount
 * factors, and stitch's own base-case PVB and PVC to check against. */
static void dump_plan(const stitch_plan *p, FILE *f)
{
    fprintf(f, "{\"years\":%d,\"delivery_years\":%d,\"n_sched\":%zu,\"df\":", p->years,
            p->delivery_years, p->n_sched);
    json_nums(f, p->df, p->n_sched * (size_t)p->years);
    fputs(",\"inputs\":[", f);
    for (size_t i = 0; i < p->n_inputs; i++) {
        const stitch_dist *d = &p->inputs[i].dist;
        fprintf(f, "%s{\"kind\":\"%s\",\"mean\":", i ? "," : "",
                d->kind == DIST_TABLE ? "table" : dist_name(d->kind));
        json_num(f, dist_mean(d));
        fputs(",\"p\":", f);
        json_nums(f, d->p, 4);
        if (d->kind == DIST_TABLE) {
            const dist_table *t = dist_tab(d);
            fputs(",\"x\":", f);
            json_nums(f, t->x, t->n);
            fputs(",\"cdf\":", f);
            json_nums(f, t->cdf, t->n);
        } else {
            fputs(",\"q\":", f);
            json_nums(f, d->q, 2);
        }
        fputc('}', f);
    }
    fputs("],\"costs\":[", f);
    for (size_t i = 0; i < p->n_costs; i++)
        fprintf(f, "%s{\"amount\":%zu,\"once\":%d,\"per_year\":%d}", i ? "," : "",
                p->costs[i].amount, p->costs[i].once, p->costs[i].per_year);
    fputs("],\"nodes\":[", f);
    for (size_t i = 0; i < p->n_nodes; i++) {
        const plan_node *n = &p->nodes[i];
        fprintf(f, "%s{\"parent\":%ld,\"in\":%zu,\"per_year\":%d,\"initial\":%ld}",
                i ? "," : "", n->parent, n->in, n->per_year, n->initial);
    }
    fputs("],\"benefits\":[", f);
    for (size_t i = 0; i < p->n_benefits; i++) {
        const plan_benefit *b = &p->benefits[i];
        fprintf(f,
                "%s{\"node\":%zu,\"quantity\":%zu,\"price\":%zu,\"drop_off\":%zu,"
                "\"deadweight\":%zu,\"displacement\":%zu,\"attribution\":%zu,\"lag\":%d,"
                "\"duration\":%d,\"sched\":%zu,\"ob\":",
                i ? "," : "", b->node, b->quantity, b->price, b->drop_off, b->deadweight,
                b->displacement, b->attribution, b->lag, b->duration, b->sched);
        json_num(f, b->ob);
        fputc('}', f);
    }
    stitch_result *r = stitch_result_alloc(p);
    double *x = calloc(p->n_inputs + 1, sizeof *x);
    if (r && x) {
        stitch_plan_base(p, x);
        stitch_eval(p, x, r);
        fputs("],\"base\":{\"pvb\":", f);
        json_num(f, r->pvb);
        fputs(",\"pvc\":", f);
        json_num(f, r->pvc);
        fputs("}}\n", f);
    }
    stitch_result_free(r);
    free(x);
}


/* A python3 that has NumPy: $STITCH_PYTHON, else python3, else the system's;
 * NULL when none has. */
static const char *numpy_python(void)
{
    static const char *const cands[] = {NULL, "python3", "/usr/bin/python3"};
    const char *env = getenv("STITCH_PYTHON");
    for (size_t i = env ? 0 : 1; i < sizeof cands / sizeof *cands; i++) {
        const char *py = i ? cands[i] : env;
        char cmd[512];
        snprintf(cmd, sizeof cmd, "%s -c 'import numpy' >/dev/null 2>&1", py);
        if (system(cmd) == 0)
            return py;
    }
    return NULL;
}

/* Processor time of this process so far: on a shared machine, less
 * disturbed by other work than the time on the clock. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The median of three engine runs of n iterations on `threads` threads:
 * processor time on one thread, time on the clock on more. */
static double engine_median(const stitch_plan *p, long n, int threads)
{
    double t[3];
    for (int k = 0; k < 3; k++) {
        stitch_diag err;
        double t0 = threads == 1 ? cpu_now() : now();
        stitch_mc_result *mc = stitch_mc_run(p, n, 1, threads, &err);
        t[k] = (threads == 1 ? cpu_now() : now()) - t0;
        stitch_mc_free(mc);
    }
    double lo = fmin(t[0], fmin(t[1], t[2])), hi = fmax(t[0], fmax(t[1], t[2]));
    return t[0] + t[1] + t[2] - lo - hi;
}

/* For each model: the engine's median time for n iterations on 1 and 2
 * threads beside bench/reference.py's median time for the same run in
 * NumPy (which first checks its base case against stitch's to 1e-9), and
 * how many times faster stitch is. */
static int versus_numpy(char **models, int n_models, long n)
{
    const char *py = numpy_python();
    printf("against NumPy, %ld iterations, medians of 3 runs (processor seconds; 2 "
           "threads: seconds on the clock):\n",
           n);
    if (!py) {
        printf("  skipped: no python3 with NumPy (install python3-numpy)\n");
        return 0;
    }
    printf("  %-36s %9s %9s %9s %12s %12s\n", "model", "1 thread", "2 threads", "NumPy",
           "NumPy/1 thr", "NumPy/2 thr");
    for (int i = 0; i < n_models; i++) {
        stitch_plan *p = load(models[i]);
        if (!p)
            return 2;
        char path[] = "/tmp/stitch-bench-plan-XXXXXX";
        int fd = mkstemp(path);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!f) {
            stitch_plan_free(p);
            return 1;
        }
        dump_plan(p, f);
        fclose(f);
        double t1 = engine_median(p, n, 1), t2 = engine_median(p, n, 2);
        char cmd[1024], line[512];
        snprintf(cmd, sizeof cmd, "%s bench/reference.py %ld 3 < %s", py, n, path);
        FILE *out = popen(cmd, "r");
        double tn = NAN;
        if (out) {
            while (fgets(line, sizeof line, out))
                if (sscanf(line, "{\"seconds\": %lf", &tn) == 1)
                    break;
            pclose(out);
        }
        unlink(path);
        const char *base = strrchr(models[i], '/');
        printf("  %-36s %8.3fs %8.3fs %8.3fs %11.2fx %11.2fx\n", base ? base + 1 : models[i],
               t1, t2, tn, tn / t1, tn / t2);
        stitch_plan_free(p);
    }
    return 0;
}


/* For each model, at n iterations: the standard error of the mean BCR and
 * of the chance of breaking even under mc, lhs and qmc (the latter two from
 * their 16 replicates), how many times smaller they are than mc's, and the
 * processor time of each run (one thread). */
static int sampling_errors(char **models, int n_models, long n)
{
    printf("standard errors by --sampling, %ld iterations (mean BCR; P(BCR >= 1)):\n", n);
    printf("  %-26s %-16s %-16s %-16s %14s %14s %22s\n", "model", "mc", "lhs", "qmc",
           "mc/lhs", "mc/qmc", "seconds mc/lhs/qmc");
    for (int i = 0; i < n_models; i++) {
        stitch_plan *p = load(models[i]);
        if (!p)
            return 2;
        double se[3], sp[3], t[3];
        for (int m = 0; m < 3; m++) {
            stitch_diag err;
            double t0 = cpu_now();
            stitch_mc_result *mc =
                stitch_mc_run_sampled(p, n, 0, 1, 1, (stitch_sampling)m, &err);
            t[m] = cpu_now() - t0;
            if (!mc) {
                fprintf(stderr, "%s\n", err.message);
                return 1;
            }
            se[m] = mc->bcr.mcse, sp[m] = mc->p_bcr_ge_1_mcse;
            stitch_mc_free(mc);
        }
        const char *base = strrchr(models[i], '/');
        char gain[2][16]; /* P(BCR >= 1) may not vary at all: no ratio then */
        for (int m = 1; m < 3; m++)
            snprintf(gain[m - 1], sizeof gain[m - 1], sp[m] > 0 ? "%5.1fx" : "    -",
                     sp[0] / sp[m]);
        printf("  %-26s %.1e; %.1e  %.1e; %.1e  %.1e; %.1e  %5.1fx; %s  %5.1fx; %s"
               "  %5.2f/%5.2f/%5.2f\n",
               base ? base + 1 : models[i], se[0], sp[0], se[1], sp[1], se[2], sp[2],
               se[0] / se[1], gain[0], se[0] / se[2], gain[1], t[0], t[1], t[2]);
        stitch_plan_free(p);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench MODEL [ITERATIONS]\n");
        return 2;
    }
    stitch_init();
    if (strcmp(argv[1], "--plan") == 0 && argc == 3) { /* for bench/reference.py */
        stitch_plan *p = load(argv[2]);
        if (!p)
            return 2;
        dump_plan(p, stdout);
        stitch_plan_free(p);
        return 0;
    }
    if (strcmp(argv[1], "--numpy") == 0) /* --numpy N MODEL... */
        return argc < 4 ? 2 : versus_numpy(argv + 3, argc - 3, atol(argv[2]));
    if (strcmp(argv[1], "--scale") == 0) /* generated wide and deep models */
        return at_scale();
    if (strcmp(argv[1], "--sampling") == 0) /* --sampling N MODEL... */
        return argc < 4 ? 2 : sampling_errors(argv + 3, argc - 3, atol(argv[2]));
    long n = argc > 2 ? atol(argv[2]) : 1000000;
    stitch_plan *p = load(argv[1]);
    if (!p)
        return 2;
    size_t uncertain = 0;
    for (size_t i = 0; i < p->n_inputs; i++)
        uncertain += p->inputs[i].dist.kind != DIST_FIXED;
    printf(
        "model %s: %zu inputs (%zu uncertain), %zu benefits, %d years; %ld iterations\n",
        argv[1], p->n_inputs, uncertain, p->n_benefits, p->years, n);
    double ts = sampling_only(p, n);
    printf("  sampling alone, 1 thread   %8.3f s  %12.0f iterations/s\n", ts,
           (double)n / ts);
    for (int threads = 1; threads <= 2; threads++) {
        stitch_diag err;
        double t0 = now();
        stitch_mc_result *mc = stitch_mc_run(p, n, 1, threads, &err);
        double t = now() - t0;
        if (!mc) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        printf("  full engine, %d thread%s    %8.3f s  %12.0f iterations/s  (mean BCR "
               "%.4f)\n",
               threads, threads == 1 ? " " : "s", t, (double)n / t, mc->bcr.mean);
        stitch_mc_free(mc);
    }
    scaling(p, n);
    if (n <= 1000000) { /* the sensitivity tables, Sobol at its default size */
        double t = sensitivity_seconds(p);
        if (t < 0)
            return 1;
        printf("  sensitivity tables, Sobol n = %d  %8.3f s  (%zu uncertain inputs)\n",
               SOBOL_DEFAULT_N, t, p->n_uncertain);
    }
    if (n <= 1000000) { /* the value of information at its default 10^5 runs */
        double t1 = 0;
        for (int threads = 1; threads <= 2; threads++) {
            stitch_evidence_options o = {STITCH_EVIDENCE_DEFAULT, 1, threads};
            stitch_diag err;
            double t0 = now();
            stitch_evidence *e = stitch_evidence_run(p, &o, &err);
            double t = now() - t0;
            if (!e) {
                fprintf(stderr, "%s\n", err.message);
                return 1;
            }
            t1 = threads == 1 ? t : t1;
            printf("  value of information, %d thread%s  %8.3f s  (%d runs; EVPPI of %zu "
                   "inputs, %zu groups, %zu studies; goal under 5 s)%s\n",
                   threads, threads == 1 ? " " : "s", t, STITCH_EVIDENCE_DEFAULT,
                   p->n_uncertain, e->n_groups, e->n_studies, threads == 2 ? "" : "");
            if (threads == 2)
                printf("  value of information, speed-up on 2 threads  %.2fx\n", t1 / t);
            stitch_evidence_free(e);
        }
    }
    if (n <= 1000000)
        drawing(p);
    if (n <= 1000000)
        deep_chain(20000);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("  peak memory                %8.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
    stitch_plan_free(p);
    return 0;
}
