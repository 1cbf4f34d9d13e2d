/* chart.h — the charts of the HTML report (tornado, histogram, labelled
 * bars), drawn with cairo and returned as SVG text to inline in the page.
 *
 * Every function returns a malloc'd, NUL-terminated "<svg ...>...</svg>\n"
 * (no XML prolog or DOCTYPE) that the caller frees, or NULL with *err set
 * (STITCH_ENOMEM, or STITCH_EIO when cairo fails).
 * Charts are CHART_WIDTH px wide; their height grows with the number of
 * rows. cairo writes text as glyph outlines, so the text is not selectable;
 * each chart carries a <title> for screen readers, and its ids are unique
 * in the process so that several charts can share one page. Non-finite
 * values are never drawn (a row with none is marked "not defined"), and no
 * data or all-equal values give a valid chart. The caller's text (labels,
 * axis labels, formatted values) is drawn as one line of UTF-8, a byte that
 * is not UTF-8 as U+FFFD (text_line). Internal to the library. */
#ifndef STITCH_CHART_H
#define STITCH_CHART_H

#include <stddef.h>

#include "stitch/stitch.h"

#define CHART_WIDTH 720 /* px, the width attribute of every chart */

/* A horizontal bar for each label: from lo[i] to hi[i] (a floating bar; lo may be > hi),
 * a vertical reference line at `ref` (e.g. the base-case BCR) and, when mark is finite,
 * a dashed line at `mark` (e.g. BCR = 1). Used for the tornado chart. The part of a
 * bar from ref to lo[i] is light, from ref to hi[i] dark, with a legend. */
char *chart_tornado_svg(const char *const *labels, const double *lo, const double *hi,
                        size_t n, double ref, double mark, const char *axis_label,
                        stitch_diag *err);

/* Each label's range from lo[i] to hi[i] (a project's NPV, P5 to P95) as
 * a floating bar, light below 0 (a loss) and dark above it, with a line at
 * break-even 0. */
char *chart_ranges_svg(const char *const *labels, const double *lo, const double *hi,
                       size_t n, const char *axis_label, stitch_diag *err);

/* A histogram: bins[i] is the share (0..1) in equal bins from lo to hi; a dashed
 * vertical line at `mark` (break-even BCR 1) when it lies in range. Bins wholly
 * below the mark are light, the others dark. */
char *chart_histogram_svg(const double *bins, size_t n, double lo, double hi, double mark,
                          const char *axis_label, stitch_diag *err);

/* How a chart writes a value for people: into buf (n bytes), returning buf.
 * v may be NaN or infinite. The text is made one line of UTF-8 after. */
typedef char *(*chart_fmt)(char *buf, size_t n, double v);

/* Money as the reports write it (text_money), and past 10^15 the short
 * form "£1.5e+15"; a bar chart given chart_money has its axis in pounds. */
char *chart_money(char *buf, size_t n, double v);
/* Plain numbers: two places below 10, whole above, separated thousands. */
char *chart_plain(char *buf, size_t n, double v);
/* A number with `decimals` places, separated thousands, and past 10^15 the
 * short form "1.5e+15": what the axes write, for formats built on it. */
char *chart_num(char *buf, size_t n, double v, int decimals);

/* Plain horizontal bars from 0 (values may be negative), labelled, with each bar's
 * value written at its end by `fmt` (NULL: chart_plain). Used for time freed by
 * staff group, PV by payer, PV by kind, and contribution vs attribution. */
char *chart_bars_svg(const char *const *labels, const double *values, size_t n,
                     chart_fmt fmt, const char *axis_label, stitch_diag *err);

#endif
