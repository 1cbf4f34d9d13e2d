/* test_monitor.c — the monitoring stage (docs/method.md section 8.4): known
 * answers for the conjugate posteriors, the tabulated posteriors against an
 * integration written here (independent of dist.c), pooling, the
 * prior-predictive check, and a model updated by its own data. */
#include "harness.h"
#include "monitor.h"
#include "plan.h"
#include "sample.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static stitch_dist prepared(stitch_dist d, dist_domain dom)
{
    char msg[256];
    cr_assert_eq(dist_prepare(&d, dom, msg, sizeof msg), 0, "%s", msg);
    return d;
}

static stitch_dist pert(double a, double m, double b)
{
    stitch_dist d = {DIST_PERT, {a, m, b, 0}, {0, 0}};
    return prepared(d, DOMAIN_NONNEG);
}

/* ---- exact conjugate forms ------------------------------------------------------ */

Test(monitor, beta_prior_binomial_data_give_the_beta_posterior)
{
    /* mean 0.75, sd 0.06: k = 0.1875 / 0.0036 - 1 = 51.0833..., a = 0.75 k, b = 0.25 k */
    stitch_dist prior = {DIST_BETA, {0.75, 0.06, 0, 0}, {0, 0}};
    prior = prepared(prior, DOMAIN_SHARE);
    double k = 0.75 * 0.25 / (0.06 * 0.06) - 1;
    stitch_dist post;
    dist_table *tab;
    cr_assert_eq(monitor_posterior(&prior, 1, 30, 41, &post, &tab), 0);
    cr_assert_null(tab, "a beta posterior needs no table");
    cr_assert_eq(post.kind, DIST_BETA);
    double a = 0.75 * k + 30, b = 0.25 * k + 11;
    cr_expect_float_eq(post.q[0], a, 1e-12);
    cr_expect_float_eq(post.q[1], b, 1e-12);
    cr_expect_float_eq(dist_mean(&post), a / (a + b), 1e-15);
    cr_expect_float_eq(post.p[1], sqrt(a * b / ((a + b) * (a + b) * (a + b + 1))), 1e-15);
}

Test(monitor, gamma_prior_poisson_data_give_the_gamma_posterior)
{
    /* mean 80, sd 10: shape 64, rate 0.8 (scale 1.25); 40 people in half a
     * year: Gamma(104, rate 1.3), mean 80, scale 1 / 1.3 */
    stitch_dist prior = {DIST_GAMMA, {80, 10, 0, 0}, {0, 0}};
    prior = prepared(prior, DOMAIN_NONNEG);
    stitch_dist post;
    dist_table *tab;
    cr_assert_eq(monitor_posterior(&prior, 0, 40, 0.5, &post, &tab), 0);
    cr_assert_null(tab);
    cr_assert_eq(post.kind, DIST_GAMMA);
    cr_expect_float_eq(post.q[0], 104, 1e-12);
    cr_expect_float_eq(post.q[1], 1 / 1.3, 1e-15);
    cr_expect_float_eq(dist_mean(&post), 80, 1e-12);
    cr_expect_float_eq(post.p[1], sqrt(104) / 1.3, 1e-12);
}

/* ---- tabulated posteriors against an independent integration ------------------- */

/* Composite Simpson's rule with n (even) intervals on [a, b] of
 * exp(logf(t) - shift) t^k, in long double. */
typedef long double (*logf_fn)(long double t);

static long double simpson(logf_fn f, long double a, long double b, int n, int k,
                           long double shift)
{
    long double h = (b - a) / n, s = 0;
    for (int i = 0; i <= n; i++) {
        long double t = a + h * i, lf = f(t);
        long double v = isinf((double)lf) ? 0 : expl(lf - shift) * powl(t, k);
        s += v * (i == 0 || i == n ? 1 : i % 2 ? 4 : 2);
    }
    return s * h / 3;
}

/* The posterior mean by the rule above: its peak found on the grid first,
 * so that nothing overflows. */
static double independent_mean(logf_fn f, double a, double b)
{
    long double peak = -INFINITY;
    for (int i = 0; i <= 20000; i++) {
        long double v = f(a + (b - a) * i / 20000.0L);
        if (v > peak)
            peak = v;
    }
    int n = 400000;
    return (double)(simpson(f, a, b, n, 1, peak) / simpson(f, a, b, n, 0, peak));
}

/* PERT(0.5, 0.7, 0.9) prior on a rate, 30 of 41: a = 3, b = 3 on [0.5, 0.9] */
static long double pert_rate(long double t)
{
    if (t <= 0.5L || t >= 0.9L)
        return -INFINITY;
    return 2 * logl(t - 0.5L) + 2 * logl(0.9L - t) + 30 * logl(t) + 11 * logl(1 - t);
}

Test(monitor, pert_prior_on_a_rate_matches_an_independent_integration)
{
    stitch_dist prior = pert(0.5, 0.7, 0.9), post;
    dist_table *tab;
    cr_assert_eq(monitor_posterior(&prior, 1, 30, 41, &post, &tab), 0);
    cr_assert_not_null(tab);
    cr_assert_eq(post.kind, DIST_TABLE);
    double want = independent_mean(pert_rate, 0.5, 0.9);
    cr_expect_leq(fabs(dist_mean(&post) - want) / want, 1e-6,
                  "mean %.10g, integrated %.10g", dist_mean(&post), want);
    /* its median: half the integrated mass lies below it */
    double med;
    cr_assert_eq(dist_quantile(&post, 0.5, &med), 0);
    long double peak = pert_rate(0.73L);
    long double below = simpson(pert_rate, 0.5, med, 200000, 0, peak);
    long double all = simpson(pert_rate, 0.5, 0.9, 200000, 0, peak);
    cr_expect_leq(fabs((double)(below / all) - 0.5), 1e-5, "CDF at the median %.8f",
                  (double)(below / all));
    dist_table_free(tab);
}

/* normal(0.6, 0.2) truncated to [0, 1] on a rate, 12 of 41 */
static long double normal_rate(long double t)
{
    if (t <= 0 || t >= 1)
        return -INFINITY;
    long double z = (t - 0.6L) / 0.2L;
    return -0.5L * z * z + 12 * logl(t) + 29 * logl(1 - t);
}

Test(monitor, truncated_normal_prior_on_a_rate_matches_an_independent_integration)
{
    stitch_dist prior = {DIST_NORMAL, {0.6, 0.2, 0, 1}, {0, 0}}, post;
    prior = prepared(prior, DOMAIN_SHARE);
    dist_table *tab;
    cr_assert_eq(monitor_posterior(&prior, 1, 12, 41, &post, &tab), 0);
    double want = independent_mean(normal_rate, 0, 1);
    cr_expect_leq(fabs(dist_mean(&post) - want) / want, 1e-6,
                  "mean %.10g, integrated %.10g", dist_mean(&post), want);
    dist_table_free(tab);
}

/* normal(80, 20) truncated at 0 on a count, 30 people in half a year */
static long double normal_count(long double t)
{
    if (t <= 0)
        return -INFINITY;
    long double z = (t - 80) / 20;
    return -0.5L * z * z + 30 * logl(t) - 0.5L * t;
}

Test(monitor, truncated_normal_prior_on_a_count_matches_an_independent_integration)
{
    stitch_dist prior = {DIST_NORMAL, {80, 20, 0, INFINITY}, {0, 0}}, post;
    prior = prepared(prior, DOMAIN_NONNEG);
    dist_table *tab;
    cr_assert_eq(monitor_posterior(&prior, 0, 30, 0.5, &post, &tab), 0);
    double want = independent_mean(normal_count, 0, 300); /* e^-60 of the peak by 300 */
    cr_expect_leq(fabs(dist_mean(&post) - want) / want, 1e-6,
                  "mean %.10g, integrated %.10g", dist_mean(&post), want);
    dist_table_free(tab);
}

/* triangular(60, 80, 95) prior on a count (a kink at 80), 84 in a year */
static long double tri_count(long double t)
{
    if (t <= 60 || t >= 95)
        return -INFINITY;
    long double d = t < 80 ? (t - 60) / 20 : (95 - t) / 15;
    return logl(d) + 84 * logl(t) - t;
}

Test(monitor, triangular_prior_with_its_kink_matches_an_independent_integration)
{
    stitch_dist prior = {DIST_TRIANGULAR, {60, 80, 95, 0}, {0, 0}}, post;
    prior = prepared(prior, DOMAIN_NONNEG);
    dist_table *tab;
    cr_assert_eq(monitor_posterior(&prior, 0, 84, 1, &post, &tab), 0);
    double want = independent_mean(tri_count, 60, 95);
    cr_expect_leq(fabs(dist_mean(&post) - want) / want, 1e-6,
                  "mean %.10g, integrated %.10g", dist_mean(&post), want);
    dist_table_free(tab);
}

/* lognormal(mean 80, sd 20) on a count, 30 people in half a year: mu and
 * sigma of its log from the mean and sd, as docs/method.md section 2 */
static long double lognormal_count(long double t)
{
    if (t <= 0)
        return -INFINITY;
    long double s2 = log1pl(0.0625L), mu = logl(80.0L) - 0.5L * s2;
    long double z = (logl(t) - mu) / sqrtl(s2);
    return -0.5L * z * z - logl(t) + 30 * logl(t) - 0.5L * t;
}

Test(monitor, lognormal_prior_on_a_count_matches_an_independent_integration)
{
    stitch_dist prior = {DIST_LOGNORMAL, {80, 20, 0, 0}, {0, 0}}, post;
    prior = prepared(prior, DOMAIN_NONNEG);
    dist_table *tab;
    cr_assert_eq(monitor_posterior(&prior, 0, 30, 0.5, &post, &tab), 0);
    double want = independent_mean(lognormal_count, 1e-9, 400);
    cr_expect_leq(fabs(dist_mean(&post) - want) / want, 1e-6,
                  "mean %.10g, integrated %.10g", dist_mean(&post), want);
    dist_table_free(tab);
}

/* Many data: the posterior is narrow (sd about 0.007) and the likelihood
 * 0.45^2000-small in absolute terms; the log form keeps it exact. */
static long double uniform_big(long double t)
{
    if (t <= 0.2L || t >= 0.8L)
        return -INFINITY;
    return 2250 * logl(t) + 2750 * logl(1 - t);
}

Test(monitor, a_narrow_posterior_from_many_data_keeps_its_digits)
{
    stitch_dist prior = {DIST_UNIFORM, {0.2, 0.8, 0, 0}, {0, 0}}, post;
    prior = prepared(prior, DOMAIN_SHARE);
    dist_table *tab;
    cr_assert_eq(monitor_posterior(&prior, 1, 2250, 5000, &post, &tab), 0);
    double want = independent_mean(uniform_big, 0.2, 0.8);
    cr_expect_leq(fabs(dist_mean(&post) - want) / want, 1e-6,
                  "mean %.10g, integrated %.10g", dist_mean(&post), want);
    /* beta(2251, 2751) truncated far outside its mass: mean 2251 / 5002 */
    cr_expect_leq(fabs(dist_mean(&post) - 2251.0 / 5002), 1e-9);
    dist_table_free(tab);
}

Test(monitor, draws_from_a_tabulated_posterior_have_its_mean)
{
    stitch_dist prior = pert(0.5, 0.7, 0.9), post;
    dist_table *tab;
    cr_assert_eq(monitor_posterior(&prior, 1, 30, 41, &post, &tab), 0);
    gsl_rng *r = gsl_rng_alloc(sample_rng_type());
    size_t n = 200000;
    double *v = malloc(n * sizeof *v), s = 0, s2 = 0;
    cr_assert(r && v);
    gsl_rng_set(r, 7);
    sample_draw(&post, r, v, n);
    for (size_t i = 0; i < n; i++)
        s += v[i], s2 += v[i] * v[i];
    double mean = s / (double)n, sd = sqrt(s2 / (double)n - mean * mean);
    cr_expect_leq(fabs(mean - dist_mean(&post)), 4 * sd / sqrt((double)n),
                  "draws' mean %.6f, posterior mean %.6f", mean, dist_mean(&post));
    cr_expect_leq(fabs(sd - post.p[1]) / post.p[1], 0.01,
                  "draws' sd %.6f, posterior %.6f", sd, post.p[1]);
    free(v);
    gsl_rng_free(r);
    dist_table_free(tab);
}

/* ---- the prior-predictive check ---------------------------------------------- */

/* beta-binomial P(X = k) for a beta(a, b) prior and n trials */
static double beta_binomial(int k, int n, double a, double b)
{
    return exp(lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) + lgamma(k + a) +
               lgamma(n - k + b) - lgamma(n + a + b) + lgamma(a + b) - lgamma(a) -
               lgamma(b));
}

Test(monitor, predictive_probability_is_the_beta_binomial_tail)
{
    stitch_dist prior = {DIST_BETA, {0.75, 0.06, 0, 0}, {0, 0}};
    prior = prepared(prior, DOMAIN_SHARE);
    double a = prior.q[0], b = prior.q[1];
    for (int x = 12; x <= 36; x += 12) {
        double lower = 0, upper = 0;
        for (int k = 0; k <= 41; k++) {
            double pk = beta_binomial(k, 41, a, b);
            lower += k <= x ? pk : 0;
            upper += k >= x ? pk : 0;
        }
        double want = fmin(1, 2 * fmin(lower, upper));
        double got = monitor_predictive_p(&prior, 1, x, 41);
        cr_expect_leq(fabs(got - want), 1e-6 + 1e-4 * want, "%d of 41: %.8g, want %.8g",
                      x, got, want);
    }
    /* 12 of 41 against 75% is a conflict; 30 of 41 is not */
    cr_expect_lt(monitor_predictive_p(&prior, 1, 12, 41), 0.01);
    cr_expect_gt(monitor_predictive_p(&prior, 1, 30, 41), 0.5);
}

Test(monitor, predictive_probability_of_a_count_is_the_negative_binomial_tail)
{
    /* gamma(shape 64, rate 0.8) prior, exposure 0.5: X is negative binomial
     * with r = 64, success probability 0.8 / (0.8 + 0.5) */
    stitch_dist prior = {DIST_GAMMA, {80, 10, 0, 0}, {0, 0}};
    prior = prepared(prior, DOMAIN_NONNEG);
    double pr = 0.8 / 1.3, lower = 0;
    int x = 25;
    for (int k = 0; k <= x; k++)
        lower += exp(lgamma(k + 64.0) - lgamma(k + 1.0) - lgamma(64.0) + 64 * log(pr) +
                     k * log1p(-pr));
    double got = monitor_predictive_p(&prior, 0, x, 0.5);
    cr_expect_leq(fabs(got - 2 * lower), 1e-6 + 1e-4 * 2 * lower, "%.8g, want %.8g", got,
                  2 * lower);
}

/* ---- through a model ------------------------------------------------------------ */

static const char *model_text =
    "name = \"Befriending\";\n"
    "price_year = \"2023/24\";\n"
    "years = 3;\n"
    "discount = 0.035;\n"
    "need = { text = \"Older people\"; population = 1000; };\n"
    "costs = ( { id = \"staff\"; amount = 30000.0; per = \"year\"; } );\n"
    "outputs = ( { id = \"matched\";\n"
    "    count = { dist = \"pert\"; min = 60.0; mode = 80.0; max = 95.0; }; } );\n"
    "outcomes = ( { id = \"less_lonely\"; from = \"matched\";\n"
    "    rate = { dist = \"beta\"; mean = 0.55; sd = 0.08; }; } );\n"
    "benefits = ( { id = \"wellbeing\"; outcome = \"less_lonely\"; value = 900.0;\n"
    "    confidence = \"low\"; attribution = 0.2; } );\n"
    "simulation = { iterations = 1000; seed = 3; };\n"
    "monitoring = [%s];\n";

/* Compile the model above in dir with the monitoring files `files` and
 * apply them. */
static stitch_plan *monitored(const char *dir, const char *files)
{
    char text[4096], path[1024];
    snprintf(text, sizeof text, model_text, files);
    write_file(dir, "m.cfg", text);
    snprintf(path, sizeof path, "%s/m.cfg", dir);
    stitch_diag err;
    char buf[2048];
    stitch_model *m = stitch_model_load(path, &err);
    cr_assert_not_null(m, "%s", stitch_diag_format(&err, "", buf, sizeof buf));
    stitch_costbook *cb =
        stitch_costbook_load_for(m, stitch_costbook_default_dirs(), &err);
    cr_assert_not_null(cb, "%s", stitch_diag_format(&err, "", buf, sizeof buf));
    stitch_plan *p = stitch_plan_compile(m, cb, &err);
    cr_assert_not_null(p, "%s", stitch_diag_format(&err, "", buf, sizeof buf));
    cr_assert_eq(stitch_plan_monitor(p, m, &err), STITCH_OK, "%s",
                 stitch_diag_format(&err, "", buf, sizeof buf));
    stitch_costbook_free(cb);
    stitch_model_free(m);
    return p;
}

static const plan_update *update_of(const stitch_plan *p, const char *path)
{
    for (size_t i = 0; i < p->n_updates; i++)
        if (strcmp(p->inputs[p->updates[i].input].path, path) == 0)
            return &p->updates[i];
    cr_assert_fail("no update of %s", path);
    return NULL;
}

Test(monitor, two_rows_pool_to_one_row_of_their_sums)
{
    char *dir = temp_dir();
    write_file(dir, "two.csv",
               "period,id,achieved,of,years,source\n"
               "H1,matched,38,,0.5,log\nH2,matched,45,,0.5,log\n"
               "H1,less_lonely,20,38,,survey\nH2,less_lonely,21,45,,survey\n");
    write_file(dir, "one.csv",
               "period,id,achieved,of,years,source\n"
               "year,matched,83,,1,log\nyear,less_lonely,41,83,,survey\n");
    stitch_plan *two = monitored(dir, "\"two.csv\"");
    stitch_plan *one = monitored(dir, "\"one.csv\"");
    cr_assert_eq(two->n_updates, 2);
    cr_assert_eq(one->n_updates, 2);
    const char *paths[] = {"outputs.matched.count", "outcomes.less_lonely.rate"};
    for (int k = 0; k < 2; k++) {
        const plan_update *a = update_of(two, paths[k]), *b = update_of(one, paths[k]);
        cr_expect_eq(a->achieved, b->achieved, "%s", paths[k]);
        cr_expect_eq(a->mean, b->mean, "%s: %.17g pooled, %.17g in one row", paths[k],
                     a->mean, b->mean);
        cr_expect_eq(a->p5, b->p5, "%s", paths[k]);
        cr_expect_eq(a->p95, b->p95, "%s", paths[k]);
    }
    cr_expect_str_eq(update_of(two, paths[1])->periods, "H1 and H2");
    cr_expect_eq(update_of(two, paths[1])->of, 83);
    cr_expect_eq(update_of(two, paths[0])->years, 1);
    stitch_plan_free(two);
    stitch_plan_free(one);
    rm_rf(dir);
}

Test(monitor, two_files_pool_as_one)
{
    char *dir = temp_dir();
    write_file(dir, "a.csv",
               "period,id,achieved,of,years,source\nH1,less_lonely,20,38,,survey\n");
    write_file(dir, "b.csv",
               "source,years,of,achieved,id,period\nsurvey,,45,21,less_lonely,H2\n");
    write_file(dir, "one.csv",
               "period,id,achieved,of,years,source\nyear,less_lonely,41,83,,survey\n");
    stitch_plan *two = monitored(dir, "\"a.csv\", \"b.csv\"");
    stitch_plan *one = monitored(dir, "\"one.csv\"");
    const plan_update *a = update_of(two, "outcomes.less_lonely.rate");
    const plan_update *b = update_of(one, "outcomes.less_lonely.rate");
    cr_expect_eq(a->achieved, 41);
    cr_expect_eq(a->of, 83);
    cr_expect_eq(a->mean, b->mean);
    cr_expect_eq(two->n_monitoring_files, 2);
    stitch_plan_free(two);
    stitch_plan_free(one);
    rm_rf(dir);
}

Test(monitor, data_at_the_prior_mean_move_the_base_case_little)
{
    /* the beta's mean is 0.55 and 44 of 80 is 0.55: its posterior mean stays
     * 0.55 exactly; the pert's mean is 79.17 and 79 in a year is close */
    char *dir = temp_dir();
    write_file(dir, "d.csv",
               "period,id,achieved,of,years,source\n"
               "year,matched,79,,1,log\nyear,less_lonely,44,80,,survey\n");
    stitch_plan *p = monitored(dir, "\"d.csv\"");
    cr_expect_float_eq(update_of(p, "outcomes.less_lonely.rate")->mean, 0.55, 1e-15);
    cr_expect_lt(update_of(p, "outcomes.less_lonely.rate")->p95 -
                     update_of(p, "outcomes.less_lonely.rate")->p5,
                 update_of(p, "outcomes.less_lonely.rate")->prior_p95 -
                     update_of(p, "outcomes.less_lonely.rate")->prior_p5,
                 "the data narrow the interval");
    stitch_result *after = base_case(p);
    stitch_plan_use_prior(p, 1);
    stitch_result *before = base_case(p);
    stitch_plan_use_prior(p, 0);
    /* the Poisson likelihood of 79 in a year, read as a density of the count,
     * has mean 80: the count's posterior mean lies between the prior's 79.17
     * and 80, nearer the prior (sd 7, the likelihood's 9), so the BCR, in
     * proportion to the count, moves by well under 1% */
    cr_expect_leq(fabs(after->bcr - before->bcr) / before->bcr, 0.004,
                  "BCR %.4f before, %.4f after", before->bcr, after->bcr);
    stitch_result_free(after);
    stitch_result_free(before);
    stitch_plan_free(p);
    rm_rf(dir);
}

Test(monitor, conflicting_data_warn_and_move_the_case)
{
    char *dir = temp_dir();
    write_file(dir, "c.csv",
               "period,id,achieved,of,years,source\n"
               "H1,less_lonely,6,40,,survey\n");
    stitch_plan *p = monitored(dir, "\"c.csv\"");
    size_t n;
    const stitch_diag *w = stitch_plan_warnings(p, &n);
    cr_assert_eq(n, 1);
    cr_expect_str_eq(
        w[0].message,
        "the monitoring data disagree with the assumption for "
        "outcomes.less_lonely.rate (55%, data 6 of 40): check the assumption "
        "or the data");
    cr_expect_eq(w[0].line, 2);
    const plan_update *u = update_of(p, "outcomes.less_lonely.rate");
    cr_expect_lt(u->p_predictive, 0.01);
    cr_expect_lt(u->mean, 0.45, "the posterior mean %.3f moves towards 15%%", u->mean);
    stitch_plan_free(p);
    rm_rf(dir);
}

/* ---- through the tool ------------------------------------------------------------ */

#include <cjson/cJSON.h>

static cJSON *member(cJSON *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *save = NULL, *k = strtok_r(buf, ".", &save); k && o;
         k = strtok_r(NULL, ".", &save))
        o = cJSON_GetObjectItemCaseSensitive(o, k);
    return o;
}

static double num(cJSON *o, const char *path)
{
    cJSON *m = member(o, path);
    cr_assert(cJSON_IsNumber(m), "%s is not a number", path);
    return m->valuedouble;
}

/* The case before the data is befriending.cfg's own: the README's BCR 1.25,
 * NPV £54,647 and 36% break-even, and its 1,437 of 2,000 simulations that
 * break even (tests/test_models.c pins them). */
Test(monitor, the_case_before_the_data_is_the_model_without_them)
{
    char *out, *err;
    const char *args[] = {"run",  "--format",
                          "json", "--iterations",
                          "2000", "models/befriending-monitored.cfg",
                          NULL};
    cr_assert_eq(run_stitch(src_path(""), args, &out, &err), 0, "%s", err);
    cr_expect_str_empty(err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j);
    cr_expect_eq(round(num(j, "monitoring.before.bcr") * 100), 125);
    cr_expect_eq(round(num(j, "monitoring.before.npv")), 54647);
    cr_expect_eq(round(num(j, "monitoring.before.break_even_attribution") * 100), 36);
    cr_expect_eq(round(num(j, "monitoring.before.p_bcr_ge_1") * 2000), 1437);
    cJSON *files = member(j, "monitoring.files");
    cr_assert_eq(cJSON_GetArraySize(files), 1);
    cr_expect_str_eq(cJSON_GetArrayItem(files, 0)->valuestring,
                     "befriending-monitoring.csv");
    cJSON *u = member(j, "monitoring.updates");
    cr_assert_eq(cJSON_GetArraySize(u), 3);
    cJSON *count = cJSON_GetArrayItem(u, 0), *sustained = cJSON_GetArrayItem(u, 1);
    cr_expect_str_eq(member(count, "path")->valuestring, "outputs.matched.count");
    cr_expect_eq(num(count, "achieved"), 84); /* 40 + 44 */
    cr_expect(cJSON_IsNull(member(count, "of")));
    cr_expect_eq(num(count, "years"), 1); /* 0.5 + 0.5 */
    cr_expect_str_eq(member(sustained, "path")->valuestring, "outcomes.sustained.rate");
    cr_expect_eq(num(sustained, "achieved"), 61);
    cr_expect_eq(num(sustained, "of"), 81);
    cr_expect(cJSON_IsNull(member(sustained, "years")));
    /* beta(0.75 k, 0.25 k), k = 0.1875 / 0.0036 - 1, with 61 of 81 */
    double k = 0.1875 / 0.0036 - 1, a = 0.75 * k + 61, b = 0.25 * k + 20;
    cr_expect_float_eq(num(sustained, "posterior.mean"), a / (a + b), 1e-12);
    cr_expect_float_eq(num(sustained, "prior.mean"), 0.75, 1e-15);
    cr_expect_lt(num(sustained, "posterior.p95") - num(sustained, "posterior.p5"),
                 num(sustained, "prior.p95") - num(sustained, "prior.p5"));
    /* the base case uses the posterior means */
    cr_expect_eq(round(num(j, "base.bcr") * 100), 121);
    cJSON_Delete(j);
    free(out), free(err);
}

/* The top of the report says the case uses the data, and what they did to
 * the BCR (1.25 before, 1.21 after: the figures pinned above). */
Test(monitor, the_report_says_at_the_top_that_the_data_changed_the_case)
{
    const char *want = "Updated with the service's own monitoring records "
                       "(befriending-monitoring.csv): the benefit-cost ratio was 1.25 "
                       "as first assumed and is 1.21 with the data.";
    char *out, *err;
    const char *args[] = {"run", "--iterations", "20", "models/befriending-monitored.cfg",
                          NULL};
    cr_assert_eq(run_stitch(src_path(""), args, &out, &err), 0, "%s", err);
    char head[1024];
    snprintf(head, sizeof head, "Prices 2023/24 \xC2\xB7 5-year appraisal, service runs 3 "
                                "years \xC2\xB7 discount 3.5%%\n%s\n\n", want);
    cr_expect(strstr(out, head), "%s", out);
    free(out), free(err);
    const char *none[] = {"run", "--iterations", "20", "--no-monitoring",
                          "models/befriending-monitored.cfg", NULL};
    cr_assert_eq(run_stitch(src_path(""), none, &out, &err), 0, "%s", err);
    cr_expect_null(strstr(out, "monitoring records"), "%s", out);
    free(out), free(err);
}

Test(monitor, no_monitoring_gives_the_case_as_assumed)
{
    char *out, *err;
    const char *args[] = {"run",
                          "--format",
                          "json",
                          "--iterations",
                          "2",
                          "--no-monitoring",
                          "models/befriending-monitored.cfg",
                          NULL};
    cr_assert_eq(run_stitch(src_path(""), args, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j);
    cr_expect_eq(round(num(j, "base.pvb")), 272493); /* befriending.cfg's pinned PVB */
    cr_expect_null(member(j, "monitoring"), "no monitoring section without the data");
    cJSON_Delete(j);
    free(out), free(err);
}

/* befriending-monitored.cfg is befriending.cfg with the monitoring key: the
 * same lines once comments, blank lines, the name and the key are left out,
 * so that the two cannot drift apart. */
static char *model_lines(const char *rel)
{
    char *text = slurp_file(src_path(rel));
    cr_assert_not_null(text, "%s", rel);
    char *out = calloc(strlen(text) + 1, 1);
    cr_assert_not_null(out);
    for (char *save = NULL, *l = strtok_r(text, "\n", &save); l;
         l = strtok_r(NULL, "\n", &save)) {
        const char *t = l + strspn(l, " ");
        if (!*t || *t == '#' || strncmp(t, "name ", 5) == 0 ||
            strncmp(t, "monitoring ", 11) == 0)
            continue;
        strcat(out, l);
        strcat(out, "\n");
    }
    free(text);
    return out;
}

Test(monitor, the_monitored_example_is_befriending_with_its_data)
{
    char *a = model_lines("models/befriending.cfg");
    char *b = model_lines("models/befriending-monitored.cfg");
    cr_expect_str_eq(b, a);
    free(a), free(b);
}

Test(monitor, every_report_shows_what_the_data_changed, .timeout = 120)
{
    char *dir = temp_dir();
    const char *exts[] = {"md", "html", "json", "csv"};
    const char *want[] = {"## What the monitoring data changed",
                          "<section id=\"monitoring\">", "\"monitoring\": {",
                          "monitoring,outcomes.sustained.rate,rate,61,81,,"};
    for (int i = 0; i < 4; i++) {
        char path[1024], *out, *err;
        snprintf(path, sizeof path, "%s/r.%s", dir, exts[i]);
        const char *args[] = {
            "report", "--iterations", "500", "--sobol",
            "64",     "-o",           path,  "models/befriending-monitored.cfg",
            NULL};
        cr_assert_eq(run_stitch(src_path(""), args, &out, &err), 0, "%s", err);
        if (i == 3)
            strcat(path, "/monitoring.csv");
        char *text = slurp_file(path);
        cr_assert_not_null(text, "%s", path);
        cr_expect_not_null(strstr(text, want[i]), "%s lacks %s", path, want[i]);
        if (i < 2)
            cr_expect_not_null(strstr(text, "61 of 81 in 2025/26 H1 and 2025/26 H2"),
                               "%s", path);
        free(text), free(out), free(err);
    }
    char *out, *err;
    const char *args[] = {"run", "--iterations", "500",
                          "models/befriending-monitored.cfg", NULL};
    cr_assert_eq(run_stitch(src_path(""), args, &out, &err), 0, "%s", err);
    cr_expect_not_null(strstr(out, "What the monitoring data changed\n"));
    cr_expect_not_null(strstr(out,
                              "(outcomes.sustained.rate): assumed 75% (90% range 65% "
                              "to 84%); data 61 of 81 in 2025/26 H1 and 2025/26 H2; "
                              "now 75% (69% to 81%)."));
    cr_expect_not_null(
        strstr(out, "  Benefit-cost ratio               1.25         1.21\n"));
    free(out), free(err);
    rm_rf(dir);
}

Test(monitor, run_warns_of_a_conflict_and_goes_on)
{
    char *out, *err;
    const char *args[] = {"run", "--iterations", "100", "warn-conflict.cfg", NULL};
    cr_assert_eq(run_stitch(src_path("tests/bad/monitoring"), args, &out, &err), 0, "%s",
                 err);
    cr_expect_str_eq(err,
                     "stitch: warning: warn-conflict.csv:2: outcomes.less_lonely.rate: "
                     "the monitoring data disagree with the assumption for "
                     "outcomes.less_lonely.rate (55%, data 6 of 40): check the "
                     "assumption or the data\n");
    cr_expect_not_null(strstr(out, "The data disagree with the assumption: check both."));
    free(out), free(err);
}

Test(monitor, a_point_prior_is_reported_as_not_used)
{
    char *out, *err;
    const char *args[] = {"run", "--iterations", "100", "warn-point-prior.cfg", NULL};
    cr_assert_eq(run_stitch(src_path("tests/bad/monitoring"), args, &out, &err), 0, "%s",
                 err);
    cr_expect_not_null(strstr(out, "(warn-point-prior.csv) updated no input: the case is "
                                   "as assumed"));
    cr_expect_not_null(strstr(out,
                              "(outcomes.less_lonely.rate): a plain number (55%), "
                              "which no data can move: the data (22 of 40 in 2025/26 "
                              "H1) were not used.\n"));
    cr_expect_not_null(strstr(out, "The data could not reach 1 uncertain input, which "
                                   "still carries the case: outputs and outcomes not "
                                   "observed (outputs.matched.count).\n"));
    cr_expect_null(strstr(out, "before and after"), "no update, so no before and after");
    free(out), free(err);
}

/* A count given per delivery year (docs/method.md section 4.1) is updated
 * year by year: a row with year = 1 informs count[1] only. Its gamma prior
 * (mean 20, sd 5: shape 16, rate 0.8) with 22 people in one year becomes
 * Gamma(16 + 22, 0.8 + 1), mean 38 / 1.8 = 21.11; years 0 and 2 keep
 * their numbers. */
Test(monitor, a_row_informs_its_delivery_year)
{
    char *dir = strdup(temp_dir());
    char *text = slurp_file(src_path("tests/bad/monitoring/year-no-column.cfg"));
    cr_assert_not_null(text);
    write_file(dir, "m.cfg", text);
    free(text);
    write_file(dir, "year-no-column.csv",
               "period,id,achieved,of,years,source,year\n2025/26,matched,22,,1,Match log,1\n");
    char *out, *err;
    const char *args[] = {"run", "--format", "json", "--iterations", "2", "m.cfg", NULL};
    cr_assert_eq(run_stitch(dir, args, &out, &err), 0, "%s", err);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j);
    cJSON *u = member(j, "monitoring.updates");
    cr_assert_eq(cJSON_GetArraySize(u), 1);
    cJSON *up = cJSON_GetArrayItem(u, 0);
    cr_expect_str_eq(member(up, "path")->valuestring, "outputs.matched.count[1]");
    cr_expect_float_eq(num(up, "posterior.mean"), 38 / 1.8, 1e-9);
    cr_expect_float_eq(num(up, "prior.mean"), 20, 1e-9);
    cJSON_Delete(j);
    free(out), free(err);
    rm_rf(dir);
    free(dir);
}
