/* harness.c — helpers shared by the test programs. */
#include "harness.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

/* Every test program starts the library as the stitch tool does, before
 * Criterion runs a test (the harness is linked as objects, so this always
 * runs). */
__attribute__((constructor)) static void harness_init(void)
{
    stitch_init();
}

const char *src_path(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", STITCH_SOURCE_DIR, rel);
    return buf;
}

static const char *const *dirs(void)
{
    static const char *d[2];
    static char path[4096];
    snprintf(path, sizeof path, "%s/unitcosts", STITCH_SOURCE_DIR);
    d[0] = path;
    return d;
}

static stitch_plan *try_load(const char *rel, stitch_diag *err)
{
    stitch_model *m = stitch_model_load(src_path(rel), err);
    stitch_costbook *cb = m ? stitch_costbook_load_for(m, dirs(), err) : NULL;
    stitch_plan *p = cb ? stitch_plan_compile(m, cb, err) : NULL;
    stitch_costbook_free(cb);
    stitch_model_free(m);
    return p;
}

stitch_plan *load_plan(const char *rel)
{
    stitch_diag err;
    char buf[2048];
    stitch_plan *p = try_load(rel, &err);
    cr_assert_not_null(p, "%s", stitch_diag_format(&err, "", buf, sizeof buf));
    return p;
}

const char *load_error(const char *rel)
{
    static char buf[2048];
    stitch_diag err;
    stitch_plan *p = try_load(rel, &err);
    cr_assert_null(p, "%s loaded, but an error was expected", rel);
    return stitch_diag_format(&err, "", buf, sizeof buf);
}

stitch_result *base_case(const stitch_plan *p)
{
    stitch_result *r = stitch_result_alloc(p);
    double *x = calloc(stitch_plan_input_count(p) + 1, sizeof *x);
    cr_assert(r && x);
    stitch_plan_base(p, x);
    stitch_eval(p, x, r);
    free(x);
    return r;
}

char *slurp_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

int valid_utf8(const char *s, size_t n)
{
    iconv_t cd = iconv_open("UTF-32LE", "UTF-8");
    cr_assert(cd != (iconv_t)-1);
    char buf[4096], *in = (char *)s;
    size_t left = n;
    int ok = 1;
    while (left > 0 && ok) {
        char *o = buf;
        size_t room = sizeof buf;
        if (iconv(cd, &in, &left, &o, &room) == (size_t)-1 && errno != E2BIG)
            ok = 0; /* EILSEQ, or EINVAL: a sequence cut off at the end */
    }
    iconv_close(cd);
    return ok;
}

int run_stitch(const char *cwd, const char *const *args, char **out, char **err)
{
    char out_path[] = "/tmp/stitch-out-XXXXXX", err_path[] = "/tmp/stitch-err-XXXXXX";
    int fo = mkstemp(out_path), fe = mkstemp(err_path);
    cr_assert(fo >= 0 && fe >= 0);
    const char *argv[64] = {STITCH_BIN};
    fflush(NULL); /* nothing buffered may be written twice by the child */
    size_t n = 1;
    for (; args[n - 1] && n < 63; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        if (cwd && chdir(cwd) != 0)
            _exit(127);
        execv(STITCH_BIN, (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    close(fo);
    close(fe);
    *out = slurp_file(out_path);
    *err = slurp_file(err_path);
    unlink(out_path);
    unlink(err_path);
    cr_assert(WIFEXITED(status), "stitch %s (in %s) was killed by signal %d; stderr:\n%s",
              args[0] ? args[0] : "", cwd ? cwd : ".", WTERMSIG(status),
              *err ? *err : "");
    return WEXITSTATUS(status);
}

size_t list_files(const char *dir, const char *ext, const char *except, int absolute,
                  char ***out)
{
    DIR *d = opendir(src_path(dir));
    cr_assert_not_null(d, "cannot open the %s/ folder", dir);
    char **v = NULL;
    size_t n = 0, el = strlen(ext);
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len <= el || strcmp(e->d_name + len - el, ext) != 0 || e->d_name[0] == '.' ||
            (except && strcmp(e->d_name, except) == 0))
            continue;
        char **nv = realloc(v, (n + 1) * sizeof *v);
        cr_assert_not_null(nv);
        v = nv;
        char rel[512];
        snprintf(rel, sizeof rel, "%s/%s", dir, e->d_name);
        v[n] = strdup(absolute ? src_path(rel) : rel);
        cr_assert_not_null(v[n]);
        n++;
    }
    closedir(d);
    for (size_t a = 1; a < n; a++)
        for (size_t b = a; b > 0 && strcmp(v[b - 1], v[b]) > 0; b--) {
            char *t = v[b];
            v[b] = v[b - 1], v[b - 1] = t;
        }
    *out = v;
    return n;
}

void free_files(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

char *temp_dir(void)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/stitch-test-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

void write_file(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0, "cannot write %s", path);
}

void rm_rf(const char *path)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    cr_assert_eq(system(cmd), 0);
}

int has_word(const char *s, const char *word)
{
    size_t k = strlen(word);
    for (const char *p = s; *p; p++) {
        if (strncasecmp(p, word, k) != 0)
            continue;
        int before = p > s && isalpha((unsigned char)p[-1]);
        int after = isalpha((unsigned char)p[k]) && strncasecmp(p + k, "inity", 5) != 0;
        if (!before && !after)
            return 1;
    }
    return 0;
}

void progress_record(const char *step, double fraction, void *ctx)
{
    progress_seen *s = ctx;
    int k = s->n_steps - 1;
    if (k < 0 || strcmp(s->step[k], step) != 0) {
        cr_assert_lt(s->n_steps, 4, "a fifth step: %s", step);
        k = s->n_steps++;
        snprintf(s->step[k], sizeof s->step[k], "%s", step);
        s->first[k] = fraction;
    } else if (fraction < s->last[k])
        s->backwards++;
    s->last[k] = fraction;
    s->calls[k]++;
}
