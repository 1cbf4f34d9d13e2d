/* test_docs.c — every complete model in the docs (a ```cfg block) checks
 * without errors, so the examples cannot rot. */
#include "harness.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int check_block(const char *doc, int n, const char *text, size_t len)
{
    char dir[] = "/tmp/stitch-doc-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[4096];
    snprintf(path, sizeof path, "%s/example.cfg", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fwrite(text, 1, len, f);
    fclose(f);
    char *out, *err;
    const char *args[] = {"check", "example.cfg", NULL};
    int rc = run_stitch(dir, args, &out, &err);
    cr_expect(rc == 0 || rc == 1, "%s block %d fails to check (exit %d):\n%s", doc, n, rc,
              err);
    free(out), free(err);
    unlink(path);
    rmdir(dir);
    return 1;
}

static int check_doc(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", src_path("docs"), name);
    char *text = slurp_file(path);
    cr_assert_not_null(text);
    int blocks = 0;
    for (char *s = strstr(text, "```cfg\n"); s; s = strstr(s, "```cfg\n")) {
        s += 7;
        char *end = strstr(s, "\n```");
        cr_assert_not_null(end, "%s: unterminated cfg block", name);
        blocks += check_block(name, blocks + 1, s, (size_t)(end - s) + 1);
        s = end + 4;
    }
    free(text);
    return blocks;
}

Test(docs, cfg_examples_check)
{
    DIR *d = opendir(src_path("docs"));
    cr_assert_not_null(d);
    struct dirent *e;
    int blocks = 0;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n > 3 && strcmp(e->d_name + n - 3, ".md") == 0)
            blocks += check_doc(e->d_name);
    }
    closedir(d);
    cr_assert_geq(blocks, 2, "expected at least two complete cfg examples in docs/");
}
