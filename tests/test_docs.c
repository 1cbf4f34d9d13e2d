/* test_docs.c — the docs' examples cannot rot: every complete model (a
 * ```cfg block) checks without errors, and every command shown with its
 * output (a ```console block) prints exactly that output.
 *
 * A console block starts with "$ stitch ARGS"; the lines after it are the
 * expected standard output; a line "..." stands for any number of lines (so
 * a page can show an excerpt). The blocks of one page run in order, in a
 * fresh folder of their own that links to the source tree's models/,
 * unitcosts/ and tests/, so a page may create files (stitch init) and use
 * them in later blocks; the project's unitcosts/ is on the search path.
 * A cfg block that starts "# file: NAME.cfg" is saved there as NAME.cfg. */
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

/* Remove the page's folder: its links and the files its commands wrote. */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        cr_expect_eq(unlink(path), 0, "cannot remove %s", path);
    }
    closedir(d);
    rmdir(dir);
}

/* 1 when the lines of `got` match `want`, where a line "..." in want
 * matches any run of lines (backtracking, as the blocks are short). */
static int lines_match(const char *want, const char *got)
{
    if (!*want)
        return !*got;
    const char *wend = strchr(want, '\n');
    size_t wlen = wend ? (size_t)(wend - want) : strlen(want);
    const char *wnext = wend ? wend + 1 : want + wlen;
    if (wlen == 3 && strncmp(want, "...", 3) == 0) {
        for (const char *g = got;; g = strchr(g, '\n') + 1) {
            if (lines_match(wnext, g))
                return 1;
            if (!strchr(g, '\n'))
                return 0;
        }
    }
    const char *gend = strchr(got, '\n');
    size_t glen = gend ? (size_t)(gend - got) : strlen(got);
    if (!*got || glen != wlen || strncmp(want, got, wlen) != 0)
        return 0;
    return lines_match(wnext, gend ? gend + 1 : got + glen);
}

/* Run "$ stitch a b c" and compare its output with the block's. */
static void run_console(const char *doc, const char *dir, const char *block, size_t len)
{
    char *text = strndup(block, len), *shown = strndup(block, len);
    char *nl = strchr(text, '\n');
    cr_assert(strncmp(text, "$ stitch ", 9) == 0 && nl,
              "%s: a console block must start with '$ stitch': %s", doc, text);
    *nl = '\0';
    const char *args[32];
    size_t n = 0;
    for (char *w = strtok(text + 9, " "); w && n < 31; w = strtok(NULL, " "))
        args[n++] = w;
    args[n] = NULL;
    char *out, *err;
    int rc = run_stitch(dir, args, &out, &err);
    *strchr(shown, '\n') = '\0'; /* the command line as the page shows it */
    cr_expect(rc == 0 || rc == 1, "%s: '%s' exits %d:\n%s", doc, shown + 2, rc, err);
    cr_expect(lines_match(nl + 1, out),
              "%s: the output of '%s' is not as shown.\n"
              "Shown:\n%s\nPrinted:\n%s",
              doc, shown + 2, nl + 1, out);
    free(out), free(err), free(text), free(shown);
}

/* A fresh folder for one page's blocks, linking to the source tree. */
static void page_folder(char *dir)
{
    cr_assert_not_null(mkdtemp(dir));
    const char *links[] = {"models", "unitcosts", "tests"};
    for (size_t i = 0; i < 3; i++) {
        char from[4096], to[4096];
        snprintf(from, sizeof from, "%s", src_path(links[i]));
        snprintf(to, sizeof to, "%s/%s", dir, links[i]);
        cr_assert_eq(symlink(from, to), 0, "cannot link %s", to);
    }
}

/* A cfg block whose first line is "# file: NAME.cfg" is also saved in the
 * page's folder under that name, for the console blocks after it. */
static void save_named(const char *dir, const char *text, size_t len)
{
    if (strncmp(text, "# file: ", 8) != 0)
        return;
    const char *nl = memchr(text, '\n', len);
    cr_assert_not_null(nl);
    char path[4096];
    snprintf(path, sizeof path, "%s/%.*s", dir, (int)(nl - text - 8), text + 8);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fwrite(text, 1, len, f);
    fclose(f);
}

static int consoles;

/* The page's cfg and console blocks, in the order they appear. */
static int check_doc(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", src_path("docs"), name);
    char *text = slurp_file(path);
    cr_assert_not_null(text);
    char dir[] = "/tmp/stitch-docs-XXXXXX";
    page_folder(dir);
    int blocks = 0;
    for (const char *s = text;;) {
        const char *c = strstr(s, "```cfg\n"), *k = strstr(s, "```console\n");
        if (!c && !k)
            break;
        if (c && (!k || c < k)) {
            c += 7;
            const char *end = strstr(c, "\n```");
            cr_assert_not_null(end, "%s: unterminated cfg block", name);
            blocks += check_block(name, blocks + 1, c, (size_t)(end - c) + 1);
            save_named(dir, c, (size_t)(end - c) + 1);
            s = end + 4;
        } else {
            k += 11;
            const char *end = strstr(k, "```");
            cr_assert_not_null(end, "%s: unterminated console block", name);
            run_console(name, dir, k, (size_t)(end - k));
            consoles++;
            s = end + 3;
        }
    }
    remove_tree(dir);
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
    cr_assert_geq(consoles, 1, "expected at least one console example in docs/");
}
