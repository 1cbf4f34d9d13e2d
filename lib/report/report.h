/* report.h — the dispatcher's hooks for the tests (report.c, file.c). The
 * writers never include this header: they share writer.h. */
#ifndef STITCH_REPORT_H
#define STITCH_REPORT_H

/* Test hook: make report files fail with ENOSPC after `bytes` bytes (-1:
 * never), to simulate a full disk without touching a device. */
void report_test_fail_writes_after(long bytes);

/* Test hook: call fn with the name of each step stitch_report_file
 * reaches: "locked" (the lock beside the target is held), "written" (the
 * temporary file or folder is complete), "aside" (network drives: the old
 * CSV folder moved to NAME.old-PID), "swapped" (the new report is in
 * place), "cleaning" (the old CSV folder's first file removed). NULL: none. */
void report_test_step_hook(void (*fn)(const char *step));

/* Test hook: behave as a network drive, where renameat2 answers EINVAL to
 * RENAME_EXCHANGE and RENAME_NOREPLACE (1), or not (0). */
void report_test_no_exchange(int on);

#endif
