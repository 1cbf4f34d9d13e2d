/* bench.c — throughput of the Monte Carlo engine, printed as figures.
 *
 *   bench MODEL [ITERATIONS]
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

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench MODEL [ITERATIONS]\n");
        return 2;
    }
    stitch_init();
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
        stitch_sensitivity_options o = {0};
        stitch_diag err;
        double t0 = now();
        stitch_sensitivity *s = stitch_sensitivity_run(p, &o, &err);
        double t = now() - t0;
        if (!s) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        printf("  sensitivity tables, Sobol n = %d  %8.3f s  (%zu uncertain inputs)\n",
               SOBOL_DEFAULT_N, t, p->n_uncertain);
        stitch_sensitivity_free(s);
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
