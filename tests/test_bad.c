/* test_bad.c — every bad model or table in tests/bad/ is refused with its
 * exact message. A case is X.cfg with the expected stderr in X.err; it runs
 * as `stitch check X.cfg` in X.cfg's folder. Files named warn-* must exit 1
 * (warnings), all others 2 (errors). */
#include "harness.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cases;

static void run_case(const char *dir, const char *name)
{
    char cfg[4096], expect_path[4096];
    snprintf(cfg, sizeof cfg, "%s", name);
    snprintf(expect_path, sizeof expect_path, "%s/%.*s.err", dir, (int)(strlen(name) - 4),
             name);
    char *expected = slurp_file(expect_path);
    cr_expect_not_null(expected, "%s/%s has no .err file", dir, name);
    if (!expected)
        return;
    char *out, *err;
    const char *args[] = {"check", cfg, NULL};
    int want = strncmp(name, "warn-", 5) == 0 ? 1 : 2;
    int rc = run_stitch(dir, args, &out, &err);
    cr_expect_eq(rc, want, "%s/%s: exit %d, expected %d; stderr:\n%s", dir, name, rc,
                 want, err);
    cr_expect_str_eq(err, expected, "%s/%s: stderr differs", dir, name);
    if (want == 2)
        cr_expect_str_empty(out, "%s/%s: printed on stdout despite the error", dir, name);
    cases++;
    free(out), free(err), free(expected);
}

static void walk(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot open %s", dir);
    struct dirent *e;
    while ((e = readdir(d))) {
        char path[4096];
        size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        int is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
        if (is_dir && strcmp(e->d_name + (n > 4 ? n - 4 : 0), ".csv") != 0)
            walk(path);
        else if (n > 4 && strcmp(e->d_name + n - 4, ".cfg") == 0)
            run_case(dir, e->d_name);
    }
    closedir(d);
}

Test(bad_input, every_case_gives_its_exact_message, .timeout = 300)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", src_path("tests/bad"));
    walk(dir);
    cr_assert_geq(cases, 40, "only %d bad-input cases found", cases);
}
