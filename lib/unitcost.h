/* unitcost.h — stage 2: PSSRU-style unit-cost tables and the inflation index. */
#ifndef STITCH_UNITCOST_H
#define STITCH_UNITCOST_H

#include "util.h"

typedef struct {
    char *code, *service, *unit, *price_year, *staff_group, *payer, *nation, *source;
    double cost, minutes, cashable; /* minutes NaN when the unit is not time-based */
    /* Optional columns, NaN or NULL when absent or empty: */
    char *notes;
    double fte_hours;      /* yearly working hours of the staff group */
    double low, high;      /* a range the source gives around cost */
    double economic_value; /* wider values per unit (GMCA-style tables), */
    double social_value;   /* shown for reference, not counted */
    size_t file;           /* index into costbook files */
    int row;               /* 1-based row in its file (header is row 1) */
} uc_row;

typedef struct {
    char *year;
    double index;
    char *source;
} uc_index;

typedef struct {
    char *path;
    char *price_years; /* distinct price years in the table, "2023/24, 2022/23" */
} uc_file;

struct stitch_costbook {
    uc_file *files;
    size_t n_files;
    uc_row *rows;
    size_t n_rows, cap_rows;
    uc_index *idx;
    size_t n_idx, cap_idx;
    char *idx_path;
    diag_list warnings; /* codes defined twice across tables */
};

/* The row defining `code` (the first table listing it wins), or NULL. */
const uc_row *costbook_lookup(const stitch_costbook *cb, const char *code);

/* The index value of a price year, or NaN when the index lacks it. */
double costbook_index(const stitch_costbook *cb, const char *year);

/*
 * Read the CSV file `path` as the unit-cost tables are read (UTF-8, or
 * Windows-1252 with a warning; strict quotes; a row of only commas refused
 * when rows follow it), handing each record to `record` with its fields
 * and the line it starts on (the header is line 1). It returns 0,
 * or -1 to stop with *err set. Returns 0, or -1 with *err.
 */
int unitcost_read_csv(const char *path, int (*record)(void *, char **, size_t, int),
                      void *ctx, diag_list *warnings, stitch_diag *err);

#endif
