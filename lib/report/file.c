/* file.c — `stitch report MODEL -o FILE`: choose the format from the
 * file's extension and write it safely.
 *
 * Every report is written to a temporary file (or folder, for CSV) beside
 * the target and renamed over it only when complete and flushed to disk, so
 * an interrupted or failed run never leaves half a report or spoils the
 * previous one. The rules (docs/model-reference.md, "Report files"):
 *
 * - stitch deletes only what it wrote. A CSV report is a folder that is
 *   replaced whole, so the folder must be one stitch wrote: marked by the
 *   manifest .stitch-report, or (from earlier versions) holding only table
 *   files. Anything else, and any link named as a CSV folder, is refused.
 *   Removal never follows a link.
 * - The folder swap is one renameat2(RENAME_EXCHANGE); on network drives,
 *   which answer EINVAL, the old folder waits under NAME.old-PID until the
 *   new one is in.
 * - A lock file beside the target (.NAME.lock) makes writers take turns.
 * - New reports are 0666 (folders 0777) less the umask; an overwritten one
 *   keeps its mode; a read-only one is refused. A link to a regular file is
 *   written through, in the folder of the file it leads to.
 * - The library installs no signal handler: it lists what a program stopped
 *   now must undo (stitch_report_undo_step), and the stitch command undoes it
 *   in its SIGINT/SIGTERM handler.
 *
 * Nothing is ever written over a target that is not a regular file (or,
 * for CSV, a folder): as root, a rename would replace a device such as
 * /dev/full. */
#define _GNU_SOURCE /* fopencookie, renameat2 */
#include "report.h"
#include "util.h"
#include "writer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { PATH_CAP = 4096 };

/* ---- test hooks ------------------------------------------------------------------ */

static long fail_after = -1; /* bytes a report may write before ENOSPC; -1 never */
static void (*step_hook)(const char *step);
static int no_exchange; /* behave as a network drive: no RENAME_EXCHANGE */

void report_test_fail_writes_after(long bytes)
{
    fail_after = bytes;
}

void report_test_step_hook(void (*fn)(const char *step))
{
    step_hook = fn;
}

void report_test_no_exchange(int on)
{
    no_exchange = on;
}

static void step(const char *name)
{
    if (step_hook)
        step_hook(name);
}

/* ---- what a program stopped now must undo ----------------------------------------
 *
 * A fixed list, read by stitch_report_undo_step from a signal handler: a
 * slot's path is written while its action is NONE, and the action and the
 * count are lock-free atomics, so the handler never sees half a path. The
 * handler undoes the slots last first. One report is written at a time (the
 * mutex), so the list is one report's. */

_Static_assert(ATOMIC_INT_LOCK_FREE == 2 && ATOMIC_LONG_LOCK_FREE == 2,
               "the undo list must be readable from a signal handler");

enum { FOLDER_FILES = 32, UNDO_SLOTS = 128 };
/* The most one report lists: the lock, the temporary folder, its files,
 * the old folder's files under the temporary name, the old folder kept
 * aside, its files there, and putting it back. */
_Static_assert(UNDO_SLOTS >= 4 + 3 * FOLDER_FILES, "the undo list is too short");
static struct {
    atomic_int action;
    char path[PATH_CAP];
} undo_slot[UNDO_SLOTS];
static atomic_long undo_n;
static char undo_to[PATH_CAP]; /* where STITCH_UNDO_RENAME puts the old report back */
static pthread_mutex_t writing = PTHREAD_MUTEX_INITIALIZER;

/* Add a step to undo; returns its slot, or -1 when the list is full (it is
 * sized for the most one report needs). */
static int undo_add(stitch_undo_action a, const char *path)
{
    long k = atomic_load(&undo_n);
    if (k >= UNDO_SLOTS || strlen(path) >= PATH_CAP)
        return -1;
    atomic_store(&undo_slot[k].action, STITCH_UNDO_NONE);
    strcpy(undo_slot[k].path, path);
    atomic_store(&undo_slot[k].action, (int)a);
    atomic_store(&undo_n, k + 1);
    return (int)k;
}

/* The step in slot k is done, or never was. */
static void undo_drop(int k)
{
    if (k < 0)
        return;
    atomic_store(&undo_slot[k].action, STITCH_UNDO_NONE);
    if (k == atomic_load(&undo_n) - 1)
        atomic_store(&undo_n, k);
}

static void undo_clear(void)
{
    for (long k = atomic_load(&undo_n); k > 0; k--)
        undo_drop((int)k - 1);
}

int stitch_report_undo_step(size_t i, stitch_undo_action *action, const char **path,
                            const char **to)
{
    long n = atomic_load(&undo_n);
    if ((long)i >= n)
        return 0;
    long k = n - 1 - (long)i;
    *action = (stitch_undo_action)atomic_load(&undo_slot[k].action);
    *path = undo_slot[k].path;
    *to = undo_to;
    return 1;
}

/* ---- a FILE that can be told to fail: the tests' full disk ---------------------- */

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
static stitch_status cannot_create(const char *path, const char *where, stitch_diag *err)
{
    int e = errno;
    char *dir = dir_of(where);
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

static stitch_status too_long(const char *path, stitch_diag *err)
{
    return diag_set(err, STITCH_EIO, path, 0, "",
                    "cannot write the report: the name is too long");
}

/* "DIR/.NAME<suffix>" beside `path`; 0, or -1 when it does not fit. */
static int beside(char *out, const char *path, const char *suffix)
{
    const char *slash = strrchr(path, '/');
    int w = slash ? snprintf(out, PATH_CAP, "%.*s/.%s%s", (int)(slash - path), path,
                             slash + 1, suffix)
                  : snprintf(out, PATH_CAP, ".%s%s", path, suffix);
    return w < 0 || w >= PATH_CAP ? -1 : 0;
}

/* Make the temporary file or folder `templ` (ending in XXXXXX): a file
 * 0666 or a folder 0777, less the umask, as any new file (mkstemp and
 * mkdtemp would make 0600 and 0700, unreadable to colleagues). It is listed
 * to undo before it exists, so no instant leaves it behind. Returns the
 * file's descriptor (a folder: 0), or -1 with errno. */
static int make_temp(char *templ, int folder, int *slot)
{
    static const char letters[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static unsigned long long calls;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long long x =
        (unsigned long long)ts.tv_nsec ^ ((unsigned long long)ts.tv_sec << 30) ^
        ((unsigned long long)getpid() << 42) ^ (++calls * 0x9E3779B97F4A7C15ULL);
    size_t len = strlen(templ);
    for (int tries = 0; tries < 100; tries++) {
        for (size_t i = len - 6; i < len; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            templ[i] = letters[x % 62];
        }
        *slot = undo_add(folder ? STITCH_UNDO_RMDIR : STITCH_UNDO_UNLINK, templ);
        int r = folder ? mkdir(templ, 0777)
                       : open(templ, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                              0666);
        if (r >= 0)
            return r;
        int e = errno;
        undo_drop(*slot);
        *slot = -1;
        errno = e;
        if (e != EEXIST)
            return -1;
    }
    return -1;
}

/* Flush a folder's list of names to disk (best effort: not every
 * filesystem can). */
static void sync_folder(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* ---- the lock beside the target ---------------------------------------------------
 *
 * .NAME.lock beside the report, held with flock while the report is
 * written, and removed by its holder. A writer that waited for the lock
 * checks that the file it locked is still the one at that name (the holder
 * before it may have removed it), else tries again. */

typedef struct {
    int fd; /* -1: no lock (the filesystem cannot lock: written unlocked) */
    int slot;
    char path[PATH_CAP];
} report_lock;

static int lock_take(report_lock *l)
{
    l->fd = -1, l->slot = -1;
    for (;;) {
        int fd = open(l->path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno == EACCES) { /* a colleague's lock file: reading will do */
            fd = open(l->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0)
                errno = EACCES; /* the folder is not writable: say so */
        }
        if (fd < 0)
            return -1;
        int r;
        while ((r = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
            ;
        if (r != 0) { /* no locks here (some network drives): go on without */
            close(fd);
            return 0;
        }
        struct stat a, b;
        if (fstat(fd, &a) == 0 && lstat(l->path, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino) {
            l->fd = fd;
            /* A lock file is empty: anything else by that name is not stitch's,
             * and is locked but never removed. */
            l->slot = S_ISREG(a.st_mode) && a.st_size == 0
                          ? undo_add(STITCH_UNDO_UNLINK, l->path)
                          : -1;
            return 0;
        }
        close(fd);
    }
}

static void lock_release(report_lock *l)
{
    if (l->fd < 0)
        return;
    if (l->slot >= 0)
        unlink(l->path); /* while still held: see above */
    undo_drop(l->slot);
    close(l->fd);
    l->fd = -1;
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
    results_doc *doc;
    results_portfolio *portfolio; /* a portfolio's report instead (doc NULL) */
    results_comparison *comparison; /* a comparison's report instead (doc NULL) */
    const stitch_comparison *c;
} report_data;

static void write_text_format(FILE *o, out_format f, const report_data *d)
{
    if (d->comparison) {
        if (f == OUT_HTML)
            report_html_comparison(o, d->comparison);
        else if (f == OUT_MD)
            report_md_comparison(o, d->comparison);
        else
            (void)report_json_comparison(o, d->c);
    } else if (d->portfolio) {
        if (f == OUT_HTML)
            report_html_portfolio(o, d->portfolio);
        else if (f == OUT_MD)
            report_md_portfolio(o, d->portfolio);
        else
            (void)report_json_portfolio(o, d->portfolio);
    } else if (f == OUT_HTML)
        report_html(o, d->doc);
    else if (f == OUT_MD)
        report_md(o, d->doc);
    else
        report_json_run(o, d->doc);
}

/* ---- the CSV folder: one file per table ------------------------------------------ */

static const char manifest_name[] = ".stitch-report";
static const char manifest_head[] =
    "# stitch CSV report. stitch wrote the files listed below, and replaces\n"
    "# this folder whole each time it writes the report: keep your own\n"
    "# files elsewhere.\n";

/* The tables an earlier version wrote, before folders were marked. */
static int earlier_table(const char *name)
{
    static const char *const tables[] = {
        "summary.csv",     "probability.csv", "tornado.csv", "switching.csv",
        "scenarios.csv",   "grid.csv",        "horizon.csv", "discount.csv",
        "attribution.csv", "sobol.csv"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
        if (strcmp(name, tables[i]) == 0)
            return 1;
    return 0;
}

/* A CSV report folder: the files stitch wrote in it, and which folder it is. */
typedef struct {
    char name[FOLDER_FILES][256];
    size_t n;
    dev_t dev;
    ino_t ino;
} report_folder;

static int listed(const report_folder *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->name[i], name) == 0)
            return 1;
    return 0;
}

/* Read the manifest of the folder open as dfd into *m; 0 when there is
 * one (a regular file, not a link). */
static int read_manifest(int dfd, report_folder *m)
{
    m->n = 0;
    int fd = openat(dfd, manifest_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    char buf[16384];
    ssize_t len = 0;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        len = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (len <= 0 || strncmp(buf, "# stitch CSV report", 19) != 0)
        return -1;
    buf[len] = '\0';
    for (char *save = NULL, *line = strtok_r(buf, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        if (line[0] != '#' && line[0] != '.' && !strchr(line, '/') &&
            strlen(line) < 256 && m->n < FOLDER_FILES)
            strcpy(m->name[m->n++], line);
    return 0;
}

/* Is the existing folder `path` a CSV report stitch wrote? Every entry must
 * be a regular file (not a link, not a folder) that the manifest lists, or,
 * in a folder without one, a table file an earlier version wrote; an empty
 * folder holds nothing to lose. Fills *f with its files; refuses (exit 2)
 * naming the first stranger in alphabetical order. */
static stitch_status check_own_folder(const char *user, const char *path,
                                      report_folder *f, stitch_diag *err)
{
    static report_folder manifest;
    f->n = 0;
    int dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (dfd < 0 || fstat(dfd, &st) != 0) {
        int e = errno;
        if (dfd >= 0)
            close(dfd);
        return diag_set(err, STITCH_EIO, user, 0, "", "cannot read this folder: %s",
                        strerror(e));
    }
    f->dev = st.st_dev, f->ino = st.st_ino;
    int marked = read_manifest(dfd, &manifest) == 0;
    int dup_fd = dup(dfd);
    DIR *d = dup_fd < 0 ? NULL : fdopendir(dup_fd);
    if (!d) {
        int e = errno;
        if (dup_fd >= 0)
            close(dup_fd);
        close(dfd);
        return diag_set(err, e == ENOMEM ? STITCH_ENOMEM : STITCH_EIO, user, 0, "",
                        e == ENOMEM ? "out of memory" : "cannot read this folder: %s",
                        strerror(e));
    }
    char stranger[256] = "";
    for (struct dirent *e; (e = readdir(d));) {
        const char *name = e->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        struct stat es;
        int ok = fstatat(dfd, name, &es, AT_SYMLINK_NOFOLLOW) == 0 &&
                 S_ISREG(es.st_mode) &&
                 (marked ? strcmp(name, manifest_name) == 0 || listed(&manifest, name)
                         : earlier_table(name)) &&
                 f->n < FOLDER_FILES;
        if (ok)
            strcpy(f->name[f->n++], name);
        else if (!stranger[0] || strcmp(name, stranger) < 0)
            snprintf(stranger, sizeof stranger, "%s", name);
    }
    closedir(d);
    close(dfd);
    if (stranger[0])
        return diag_set(err, STITCH_EINPUT, user, 0, "",
                        "this folder holds '%s', which stitch did not write, and a CSV "
                        "report replaces the whole folder; write the report to a new "
                        "folder, or move your own files out of it first",
                        stranger);
    return STITCH_OK;
}

/* Remove the files of *f from the folder now named `where`, then the
 * folder: only if it is still that folder, only regular files, never
 * following a link. 0, or -1 with errno. */
static int remove_folder(const char *where, const report_folder *f)
{
    int dfd = open(where, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0)
        return -1;
    struct stat st;
    if (fstat(dfd, &st) != 0 || st.st_dev != f->dev || st.st_ino != f->ino) {
        close(dfd);
        errno = ESTALE;
        return -1;
    }
    for (size_t i = 0; i < f->n; i++) {
        struct stat fs;
        if (fstatat(dfd, f->name[i], &fs, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(fs.st_mode) && unlinkat(dfd, f->name[i], 0) == 0 && i == 0)
            step("cleaning");
    }
    close(dfd);
    return rmdir(where);
}

/* Open the new file `name` in the folder `dir` for writing (mode 0666 less
 * the umask, or `mode` when not 0), listing it in *f and to undo; NULL with
 * *err when it cannot be made. */
static FILE *new_file(const char *dir, const char *name, mode_t mode, report_folder *f,
                      stitch_diag *err)
{
    char path[PATH_CAP];
    int w = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (w < 0 || (size_t)w >= sizeof path)
        return diag_set(err, STITCH_EIO, dir, 0, "", "the folder name is too long"), NULL;
    if (f->n == FOLDER_FILES)
        return diag_set(err, STITCH_EIO, dir, 0, "", "cannot write: too many tables"),
               NULL;
    undo_add(STITCH_UNDO_UNLINK, path); /* before it exists: see make_temp */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0)
        strcpy(f->name[f->n++], name);
    if (fd >= 0 && mode)
        (void)fchmod(fd, mode);
    FILE *o = fd < 0 ? NULL : sink_open(fd);
    if (!o) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        diag_set(err, e == ENOMEM ? STITCH_ENOMEM : STITCH_EIO, path, 0, "",
                 e == ENOMEM ? "out of memory" : "cannot write: %s", strerror(e));
    }
    errno = 0;
    return o;
}

/* Close a file new_file opened; 0, or -1 with *err when any write failed. */
static int end_file(FILE *o, const char *dir, const char *name, stitch_diag *err)
{
    int bad = fflush(o) != 0 || ferror(o);
    int e = errno;
    if (fclose(o) != 0 && !bad)
        bad = 1, e = errno;
    if (!bad)
        return 0;
    char path[PATH_CAP];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    diag_set(err, STITCH_EIO, path, 0, "", "cannot write: %s", strerror(e ? e : EIO));
    return -1;
}

/* The CSV writer's tables, each to DIR/<table>.csv; a table without rows
 * is left out. After the first failure no more files are made. */
typedef struct {
    csv_out out; /* first: the writer's handle */
    const char *dir;
    mode_t mode;
    report_folder *f;
    stitch_diag *err;
    int failed;
    char file[80];
    char list[FOLDER_FILES * 80]; /* the manifest's list */
} folder_out;

static FILE *folder_open(csv_out *o, const char *name, size_t rows)
{
    folder_out *d = (folder_out *)o;
    if (d->failed || rows == 0)
        return NULL;
    snprintf(d->file, sizeof d->file, "%.64s.csv", name);
    FILE *f = new_file(d->dir, d->file, d->mode, d->f, d->err);
    d->failed = !f;
    return f;
}

static void folder_close(csv_out *o, FILE *f)
{
    folder_out *d = (folder_out *)o;
    if (end_file(f, d->dir, d->file, d->err)) {
        d->failed = 1;
        return;
    }
    if (strlen(d->list) + strlen(d->file) + 2 < sizeof d->list)
        strcat(d->list, d->file), strcat(d->list, "\n");
}

/* Write the CSV tables into the folder `dir`, one file each, then the
 * manifest that lists them. 0, or -1 with *err. */
static int write_tables(const char *dir, const report_data *r, mode_t mode,
                        report_folder *f, stitch_diag *err)
{
    static folder_out d;
    d = (folder_out){{folder_open, folder_close, NULL, 0}, dir, mode, f, err, 0, "", ""};
    report_csv(&d.out, r->p, r->r, r->mc, r->s);
    if (r->doc)
        report_csv_case(&d.out, r->doc);
    if (d.failed)
        return -1;
    FILE *o = new_file(dir, manifest_name, mode, f, err);
    if (!o)
        return -1;
    fputs(manifest_head, o);
    fputs(d.list, o);
    return end_file(o, dir, manifest_name, err);
}

/* RENAME_EXCHANGE, or EINVAL where the filesystem cannot (CIFS, NFS). */
static int exchange(const char *a, const char *b)
{
    if (no_exchange)
        return errno = EINVAL, -1;
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

/* Rename a new folder to a name nothing holds. */
static int rename_new(const char *from, const char *to)
{
    if (!no_exchange && renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (!no_exchange && errno != EINVAL && errno != ENOSYS)
        return -1;
    return rename(from, to); /* under the lock; a folder stitch did not make fails */
}

/* Write the CSV folder `path` (`user` as named on the command line); old:
 * the folder there now, NULL if none. */
static stitch_status write_csv_folder(const char *user, const char *path,
                                      const struct stat *old, const report_data *d,
                                      stitch_diag *err)
{
    static report_folder was, now;
    was.n = now.n = 0;
    if (old) {
        stitch_status st = check_own_folder(user, path, &was, err);
        if (st)
            return st;
    }
    char tmp[PATH_CAP], aside[PATH_CAP];
    int slot;
    if (beside(tmp, path, ".tmp-XXXXXX"))
        return too_long(user, err);
    if (make_temp(tmp, 1, &slot) < 0)
        return cannot_create(user, path, err);
    struct stat st;
    if (lstat(tmp, &st) == 0)
        now.dev = st.st_dev, now.ino = st.st_ino;
    mode_t mode = 0; /* the umask's */
    if (old) {       /* keep the folder's mode; its files take its read and write bits */
        (void)chmod(tmp, old->st_mode & 07777);
        mode = old->st_mode & 0666;
    }
    stitch_status status = STITCH_OK;
    if (write_tables(tmp, d, mode, &now, err)) {
        status = err->status;
        goto fail;
    }
    sync_folder(tmp);
    step("written");
    if (!old) {
        if (rename_new(tmp, path) != 0) {
            status = diag_set(err, STITCH_EIO, user, 0, "", "cannot write the report: %s",
                              strerror(errno));
            goto fail;
        }
        step("swapped");
        return STITCH_OK;
    }
    /* After an exchange the old files sit under the temporary name: list
     * them to undo there too. */
    for (size_t i = 0; i < was.n; i++) {
        char f[PATH_CAP];
        if (snprintf(f, sizeof f, "%s/%s", tmp, was.name[i]) < PATH_CAP)
            undo_add(STITCH_UNDO_UNLINK, f);
    }
    const char *old_at = tmp;
    if (exchange(tmp, path) != 0) {
        if (errno != EINVAL && errno != ENOSYS) {
            status = diag_set(err, STITCH_EIO, user, 0, "",
                              "cannot replace the old report: %s", strerror(errno));
            goto fail;
        }
        /* A network drive: the old folder waits under a marked name until
         * the new one is in. Stopped in between, it is put back. */
        int w = snprintf(aside, sizeof aside, "%s.old-%ld", path, (long)getpid());
        if (w < 0 || w >= PATH_CAP) {
            status = too_long(user, err);
            goto fail;
        }
        undo_add(STITCH_UNDO_RMDIR, aside);
        for (size_t i = 0; i < was.n; i++) {
            char f[PATH_CAP];
            if (snprintf(f, sizeof f, "%s/%s", aside, was.name[i]) < PATH_CAP)
                undo_add(STITCH_UNDO_UNLINK, f);
        }
        strcpy(undo_to, path);
        undo_add(STITCH_UNDO_RENAME, aside);
        if (rename(path, aside) != 0) {
            status = diag_set(err, STITCH_EIO, user, 0, "",
                              "cannot replace the old report: %s", strerror(errno));
            goto fail;
        }
        step("aside");
        if (rename(tmp, path) != 0) {
            int e = errno;
            rename(aside, path);
            status = diag_set(err, STITCH_EIO, user, 0, "", "cannot write the report: %s",
                              strerror(e));
            goto fail;
        }
        old_at = aside;
    }
    step("swapped");
    char *parent = dir_of(path);
    if (parent) /* the exchange on disk, before the old one goes */
        sync_folder(parent);
    free(parent);
    if (remove_folder(old_at, &was) != 0)
        return diag_set(err, STITCH_EIO, user, 0, "",
                        "the new report is in place, but the old one, now '%s', could "
                        "not be removed: %s",
                        old_at, strerror(errno));
    return STITCH_OK;
fail:
    remove_folder(tmp, &now);
    return status;
}

/* ---- one file -------------------------------------------------------------------------
 */

static stitch_status write_one_file(const char *user, const char *path,
                                    const struct stat *old, out_format f,
                                    const report_data *d, stitch_diag *err)
{
    char tmp[PATH_CAP];
    int slot;
    if (beside(tmp, path, ".tmp-XXXXXX"))
        return too_long(user, err);
    int fd = make_temp(tmp, 0, &slot);
    if (fd < 0)
        return cannot_create(user, path, err);
    if (old) /* an overwritten report keeps its mode */
        (void)fchmod(fd, old->st_mode & 0777);
    stitch_status st = STITCH_OK;
    if (f == OUT_XLSX) {
        close(fd);
        st = d->comparison  ? report_xlsx_comparison(tmp, d->comparison, err)
             : d->portfolio ? report_xlsx_portfolio(tmp, d->portfolio, err)
                            : report_xlsx_write(tmp, d->doc, err);
    } else {
        FILE *o = sink_open(fd);
        if (!o) {
            close(fd);
            unlink(tmp);
            return diag_set(err, STITCH_ENOMEM, user, 0, "", "out of memory");
        }
        errno = 0;
        write_text_format(o, f, d);
        int bad = fflush(o) != 0 || ferror(o);
        int saved = errno;
        if (fclose(o) != 0 && !bad)
            bad = 1, saved = errno;
        if (bad)
            st = diag_set(err, STITCH_EIO, user, 0, "",
                          "cannot write the report: %s; nothing was changed",
                          strerror(saved ? saved : EIO));
    }
    if (st == STITCH_OK) {
        step("written");
        if (rename(tmp, path) != 0)
            st = diag_set(err, STITCH_EIO, user, 0, "", "cannot write the report: %s",
                          strerror(errno));
    }
    if (st != STITCH_OK)
        unlink(tmp);
    else
        step("swapped");
    return st;
}

/* ---- the target -------------------------------------------------------------------- */

/* Refuse a report marked read-only: no write permission bit at all (which
 * the system ignores for root), or none for this user. */
static int read_only(const char *path, const struct stat *st)
{
    if ((st->st_mode & 0222) == 0)
        return 1;
    return faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0 &&
           (errno == EACCES || errno == EPERM || errno == EROFS);
}

/* Resolve the report's path: a link to a regular file is written through (the file it
 * leads to, in that file's folder); a CSV folder may not be a link. */
static stitch_status resolve(const char *user, out_format f, char *path, stitch_diag *err)
{
    struct stat ls;
    if (lstat(user, &ls) != 0 || !S_ISLNK(ls.st_mode)) {
        if (strlen(user) >= PATH_CAP)
            return too_long(user, err);
        strcpy(path, user);
        return STITCH_OK;
    }
    if (f == OUT_CSV)
        return diag_set(err, STITCH_EINPUT, user, 0, "",
                        "this is a link, and a CSV report replaces the whole folder it "
                        "names, so stitch will not write here (it could empty the folder "
                        "the link leads to); write the report to a new folder instead");
    char *real = realpath(user, NULL);
    if (!real) {
        int e = errno;
        char to[PATH_CAP];
        ssize_t n = readlink(user, to, sizeof to - 1);
        to[n > 0 ? n : 0] = '\0';
        if (e == ENOENT)
            return diag_set(err, STITCH_EINPUT, user, 0, "",
                            "this is a link to '%s', which does not exist; write the "
                            "report to the file's own name, or to a new name",
                            to);
        return diag_set(err, e == ENOMEM ? STITCH_ENOMEM : STITCH_EIO, user, 0, "",
                        "cannot follow this link to '%s': %s", to, strerror(e));
    }
    int fits = strlen(real) < PATH_CAP;
    if (fits)
        strcpy(path, real);
    free(real);
    return fits ? STITCH_OK : too_long(user, err);
}

static stitch_status write_report(const char *user, out_format f, const report_data *d,
                                  stitch_diag *err)
{
    static char path[PATH_CAP];
    static report_lock lock;
    stitch_status st = resolve(user, f, path, err);
    if (st)
        return st;
    if (beside(lock.path, path, ".lock"))
        return too_long(user, err);
    if (lock_take(&lock) != 0)
        return cannot_create(user, path, err);
    step("locked");
    struct stat old;
    int exists = lstat(path, &old) == 0;
    if (exists && f == OUT_CSV && S_ISLNK(old.st_mode))
        st = resolve(user, f, path, err); /* made a link since: refused */
    else if (exists && !(f == OUT_CSV ? S_ISDIR(old.st_mode) : S_ISREG(old.st_mode)))
        st = diag_set(err, STITCH_EINPUT, user, 0, "",
                      "will not write over this: it is not a %s",
                      f == OUT_CSV ? "folder of CSV files" : "regular file");
    else if (exists && read_only(path, &old))
        st = diag_set(err, STITCH_EINPUT, user, 0, "",
                      "this report is read-only, so stitch will not replace it; make it "
                      "writable first, or write the report under another name");
    else if (f == OUT_CSV)
        st = write_csv_folder(user, path, exists ? &old : NULL, d, err);
    else
        st = write_one_file(user, path, exists ? &old : NULL, f, d, err);
    lock_release(&lock);
    return st;
}

stitch_status stitch_report_file(const char *path, const stitch_plan *p,
                                 const stitch_result *r, const stitch_mc_result *mc,
                                 const stitch_sensitivity *s, stitch_diag *err)
{
    return stitch_report_file_evidence(path, p, r, mc, s, NULL, err);
}

stitch_status stitch_report_file_evidence(const char *path, const stitch_plan *p,
                                          const stitch_result *r,
                                          const stitch_mc_result *mc,
                                          const stitch_sensitivity *s,
                                          const stitch_evidence *e, stitch_diag *err)
{
    out_format f;
    if (format_of(path, &f))
        return diag_set(err, STITCH_EINPUT, path, 0, "",
                        "does not end in a report format: use .html, .xlsx, .md, "
                        ".json or .csv");
    report_data d = {p, r, mc, s, results_build(p, r, mc, s), NULL, NULL, NULL};
    if (d.doc && e && !(d.doc->evidence = results_evidence_build(p, e))) {
        results_free(d.doc);
        d.doc = NULL;
    }
    if (!d.doc)
        return diag_set(err, STITCH_ENOMEM, path, 0, "", "out of memory");
    pthread_mutex_lock(&writing);
    stitch_status st = write_report(path, f, &d, err);
    undo_clear();
    pthread_mutex_unlock(&writing);
    results_free(d.doc);
    return st;
}

/* ---- a portfolio's report (docs/method.md section 14) ---------------------- */

stitch_status stitch_report_portfolio_file(const char *path, const stitch_portfolio *pf,
                                           stitch_diag *err)
{
    out_format f;
    if (format_of(path, &f) || f == OUT_CSV)
        return diag_set(err, STITCH_EINPUT, path, 0, "",
                        "a portfolio's report is written as .html, .xlsx, .md or .json%s",
                        format_of(path, &f) ? "" : " (not a folder of CSV files)");
    report_data d = {0};
    if (!(d.portfolio = results_portfolio_build(pf)))
        return diag_set(err, STITCH_ENOMEM, path, 0, "", "out of memory");
    pthread_mutex_lock(&writing);
    stitch_status st = write_report(path, f, &d, err);
    undo_clear();
    pthread_mutex_unlock(&writing);
    results_portfolio_free(d.portfolio);
    return st;
}

/* ---- a comparison's report (docs/method.md section 12) --------------------- */

stitch_status stitch_report_comparison_file(const char *path, const stitch_comparison *c,
                                            stitch_diag *err)
{
    out_format f;
    if (format_of(path, &f) || f == OUT_CSV)
        return diag_set(err, STITCH_EINPUT, path, 0, "",
                        "a comparison's report is written as .html, .xlsx, .md or .json%s",
                        format_of(path, &f) ? "" : " (not a folder of CSV files)");
    report_data d = {0};
    d.c = c;
    if (!(d.comparison = results_comparison_build(c)))
        return diag_set(err, STITCH_ENOMEM, path, 0, "", "out of memory");
    pthread_mutex_lock(&writing);
    stitch_status st = write_report(path, f, &d, err);
    undo_clear();
    pthread_mutex_unlock(&writing);
    results_comparison_free(d.comparison);
    return st;
}
