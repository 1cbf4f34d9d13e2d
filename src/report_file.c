/* report_file.c — `stitch report MODEL -o FILE`: choose the format from the
 * file's extension and write it safely.
 *
 * Every report is written to a temporary file (or folder, for CSV) beside
 * the target and renamed over it only when complete and flushed to disk, so
 * an interrupted or failed run never leaves half a report or spoils the
 * previous one. Nothing is ever written over a target that is not a
 * regular file (or, for CSV, a folder): as root, a rename would replace a
 * device such as /dev/full. */
#define _GNU_SOURCE /* fopencookie */
#include "report.h"
#include "report_xlsx.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- a FILE that can be told to fail: the tests' full disk ---------------------- */

static long fail_after = -1; /* bytes a report may write before ENOSPC; -1 never */

void report_test_fail_writes_after(long bytes)
{
    fail_after = bytes;
}

typedef struct {
    int fd;
    long written;
} sink;

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
    sink *s = cookie;
    if (fail_after >= 0 && s->written + (long)n > fail_after) {
        errno = ENOSPC;
        return -1;
    }
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(s->fd, buf + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return done ? (ssize_t)done : -1;
        done += (size_t)w;
    }
    s->written += (long)n;
    return (ssize_t)n;
}

static int sink_close(void *cookie)
{
    sink *s = cookie;
    int rc = fsync(s->fd) != 0 ? -1 : 0; /* on disk before the rename */
    if (close(s->fd) != 0)
        rc = -1;
    free(s);
    return rc;
}

/* A FILE writing to fd through the sink; NULL when out of memory. */
static FILE *sink_open(int fd)
{
    sink *s = malloc(sizeof *s);
    if (!s)
        return NULL;
    *s = (sink){fd, 0};
    cookie_io_functions_t io = {NULL, sink_write, NULL, sink_close};
    FILE *f = fopencookie(s, "w", io);
    if (!f)
        free(s);
    return f;
}

/* The temporary file beside the target could not be made: say why in words. */
static stitch_status cannot_create(const char *path, stitch_diag *err)
{
    int e = errno;
    char *dir = dir_of(path);
    if (e == ENOENT)
        diag_set(err, STITCH_EIO, path, 0, "",
                 "cannot write the report: the folder '%s' does not exist",
                 dir ? dir : ".");
    else
        diag_set(err, STITCH_EIO, path, 0, "", "cannot write the report in '%s': %s",
                 dir ? dir : ".", strerror(e));
    free(dir);
    return STITCH_EIO;
}

/* ---- formats -------------------------------------------------------------------------
 */

typedef enum { OUT_HTML, OUT_XLSX, OUT_MD, OUT_JSON, OUT_CSV } out_format;

static int format_of(const char *path, out_format *f)
{
    static const struct {
        const char *ext;
        out_format f;
    } known[] = {{".html", OUT_HTML}, {".htm", OUT_HTML},  {".xlsx", OUT_XLSX},
                 {".md", OUT_MD},     {".json", OUT_JSON}, {".csv", OUT_CSV}};
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return -1;
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (strcasecmp(dot, known[i].ext) == 0)
            return *f = known[i].f, 0;
    return -1;
}

typedef struct {
    const stitch_plan *p;
    const stitch_result *r;
    const stitch_mc_result *mc;
    const stitch_sensitivity *s;
} report_data;

static void write_text_format(FILE *o, out_format f, const report_data *d)
{
    if (f == OUT_HTML)
        report_html(o, d->p, d->r, d->mc, d->s);
    else if (f == OUT_MD)
        report_md(o, d->p, d->r, d->mc, d->s);
    else
        report_json_run(o, d->p, d->r, d->mc, d->s);
}

/* ---- the CSV folder: one file per table ------------------------------------------ */

/* Split the combined CSV (blocks separated by blank lines, each row starting
 * with its table's name) into DIR/<table>.csv files. */
static int split_csv(const char *dir, const char *text, stitch_diag *err)
{
    const char *block = text;
    while (*block) {
        const char *end = strstr(block, "\n\n");
        size_t len = end ? (size_t)(end - block) + 1 : strlen(block);
        const char *row = memchr(block, '\n', len);
        if (row && (size_t)(row + 1 - block) < len) {
            const char *name = row + 1;
            size_t n = strcspn(name, ",\n");
            char path[4096];
            int w = snprintf(path, sizeof path, "%s/%.*s.csv", dir,
                             (int)(n < 64 ? n : 64), name);
            if (w < 0 || (size_t)w >= sizeof path)
                return diag_set(err, STITCH_EIO, dir, 0, "",
                                "the folder name is too long"),
                       -1;
            int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            FILE *f = fd < 0 ? NULL : sink_open(fd);
            if (!f) {
                if (fd >= 0)
                    close(fd);
                return diag_set(err, STITCH_EIO, path, 0, "", "cannot write: %s",
                                strerror(errno)),
                       -1;
            }
            size_t put = fwrite(block, 1, len, f);
            int bad = put != len || fflush(f) != 0 || ferror(f);
            if (fclose(f) != 0 || bad)
                return diag_set(err, STITCH_EIO, path, 0, "", "cannot write: %s",
                                strerror(errno ? errno : EIO)),
                       -1;
        }
        if (!end)
            break;
        block = end + 2;
    }
    return 0;
}

static void remove_folder(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        for (struct dirent *e; (e = readdir(d));) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

static stitch_status write_csv_folder(const char *path, const report_data *d,
                                      stitch_diag *err)
{
    char tmp[4096], old[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    if (!mkdtemp(tmp))
        return cannot_create(path, err);
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m) {
        remove_folder(tmp);
        return diag_set(err, STITCH_ENOMEM, path, 0, "", "out of memory");
    }
    report_csv_run(m, d->p, d->r, d->mc);
    if (d->s) {
        fputc('\n', m);
        report_csv_sensitivity(m, d->p, d->s);
    }
    int bad = fclose(m) != 0;
    if (bad || !text || split_csv(tmp, text, err)) {
        if (bad || !text)
            diag_set(err, STITCH_ENOMEM, path, 0, "", "out of memory");
        free(text);
        remove_folder(tmp);
        return err->status;
    }
    free(text);
    /* Swap the folders: the old one aside, the new one in, the old one gone. */
    struct stat st;
    int had_old = stat(path, &st) == 0;
    snprintf(old, sizeof old, "%s.old-%ld", path, (long)getpid());
    if (had_old && rename(path, old) != 0) {
        diag_set(err, STITCH_EIO, path, 0, "", "cannot replace the old report: %s",
                 strerror(errno));
        remove_folder(tmp);
        return STITCH_EIO;
    }
    if (rename(tmp, path) != 0) {
        diag_set(err, STITCH_EIO, path, 0, "", "cannot write the report: %s",
                 strerror(errno));
        if (had_old)
            rename(old, path);
        remove_folder(tmp);
        return STITCH_EIO;
    }
    if (had_old)
        remove_folder(old);
    return STITCH_OK;
}

/* ---- one file -------------------------------------------------------------------------
 */

static stitch_status write_one_file(const char *path, out_format f, const report_data *d,
                                    stitch_diag *err)
{
    char tmp[4096];
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(tmp, sizeof tmp, "%.*s/.%s.tmp-XXXXXX", (int)(slash - path), path,
                 slash + 1);
    else
        snprintf(tmp, sizeof tmp, ".%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return cannot_create(path, err);
    stitch_status st = STITCH_OK;
    if (f == OUT_XLSX) {
        close(fd);
        st = report_xlsx_write(tmp, d->p, d->r, d->mc, d->s, err);
    } else {
        FILE *o = sink_open(fd);
        if (!o) {
            close(fd);
            unlink(tmp);
            return diag_set(err, STITCH_ENOMEM, path, 0, "", "out of memory");
        }
        errno = 0;
        write_text_format(o, f, d);
        int bad = fflush(o) != 0 || ferror(o);
        int saved = errno;
        if (fclose(o) != 0 && !bad)
            bad = 1, saved = errno;
        if (bad)
            st = diag_set(err, STITCH_EIO, path, 0, "",
                          "cannot write the report: %s; nothing was changed",
                          strerror(saved ? saved : EIO));
    }
    if (st == STITCH_OK && rename(tmp, path) != 0)
        st = diag_set(err, STITCH_EIO, path, 0, "", "cannot write the report: %s",
                      strerror(errno));
    if (st != STITCH_OK)
        unlink(tmp);
    return st;
}

stitch_status stitch_report_file(const char *path, const stitch_plan *p,
                                 const stitch_result *r, const stitch_mc_result *mc,
                                 const stitch_sensitivity *s, stitch_diag *err)
{
    out_format f;
    if (format_of(path, &f))
        return diag_set(
            err, STITCH_EUSAGE, "", 0, "",
            "-o: '%s' does not end in a report format: use .html, .xlsx, .md, "
            ".json or .csv",
            path);
    struct stat st;
    if (stat(path, &st) == 0) {
        int ok = f == OUT_CSV ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode);
        if (!ok)
            return diag_set(err, STITCH_EIO, path, 0, "",
                            "will not write over this: it is not a %s",
                            f == OUT_CSV ? "folder of CSV files" : "regular file");
    }
    report_data d = {p, r, mc, s};
    return f == OUT_CSV ? write_csv_folder(path, &d, err)
                        : write_one_file(path, f, &d, err);
}
