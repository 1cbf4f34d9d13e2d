/* unitcost.h — stage 2: PSSRU-style unit-cost tables and the inflation index. */
#ifndef STITCH_UNITCOST_H
#define STITCH_UNITCOST_H

#include "util.h"

/* What a row's value is (the `kind` column): a saving to a public budget,
 * or a value to the economy or to people that no budget sees. */
enum { UC_FISCAL, UC_ECONOMIC, UC_SOCIAL };

typedef struct {
    char *code, *service, *unit, *price_year, *staff_group, *payer, *nation, *source;
    double cost, minutes, cashable; /* minutes NaN when the unit is not time-based */
    /* Optional columns, NaN or NULL when absent or empty: */
    char *notes;
    double fte_hours;      /* yearly working hours of the staff group */
    double low, high;      /* a range the source gives around cost */
    double economic_value; /* wider values per unit (GMCA-style tables), */
    double social_value;   /* shown for reference, not counted */
    char *index_series;    /* the `index_series` column, NULL: the default */
    size_t series;         /* index into costbook series (0: indices.csv) */
    int kind;              /* UC_FISCAL (default), UC_ECONOMIC or UC_SOCIAL */
    char *status;          /* the `status` column, NULL when absent or empty */
    size_t file;           /* index into costbook files */
    int row;               /* 1-based row in its file (header is row 1) */
} uc_row;

typedef struct {
    char *year;
    double index;
    char *source;
} uc_index;

/* One inflation index series: indices.csv (the default, series 0) or
 * indices/NAME.csv beside it (docs/method.md section 3). */
typedef struct {
    char *name; /* NULL for the default series */
    char *path;
    char *label; /* as reports name it (see uc_file), or NULL: use path */
    uc_index *idx;
    size_t n_idx, cap_idx;
} uc_series;

typedef struct {
    char *path;
    /* What reports call the file, the same wherever stitch runs: the name
     * the model wrote, then "(beside the model)" or "(installed)"; NULL
     * for tables loaded by path (stitch_costbook_load): use path. */
    char *label;
    char *price_years; /* distinct price years in the table, "2023/24, 2022/23" */
} uc_file;

/* A code in an installed table the model does not list (for messages). */
typedef struct {
    char *code, *table; /* table: its file name, such as gmca-ucd-1.4.csv */
} uc_elsewhere;

struct stitch_costbook {
    uc_file *files;
    size_t n_files;
    uc_row *rows;
    size_t n_rows, cap_rows;
    uc_series *series; /* series[0] is indices.csv; the rest as rows name them */
    size_t n_series, cap_series;
    char *idx_path;          /* the default series' file, NULL when none was given */
    diag_list warnings;      /* codes defined twice across tables */
    uc_elsewhere *elsewhere; /* codes of installed tables the model does not list */
    size_t n_elsewhere, cap_elsewhere;
};

/* The installed table (not listed by the model) that defines `code`, or NULL. */
const char *costbook_elsewhere(const stitch_costbook *cb, const char *code);

/* The label of a table or series, else its path. */
const char *costbook_file_label(const stitch_costbook *cb, size_t file);
const char *series_file_label(const uc_series *s);

/* The row defining `code` (the first table listing it wins), or NULL. */
const uc_row *costbook_lookup(const stitch_costbook *cb, const char *code);

/* The index value of a price year in the default series (indices.csv), or
 * NaN when it lacks the year or no index was loaded. */
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

/* The index value of `year` in series s, or NaN when it lacks the year. */
double series_index(const uc_series *s, const char *year);

/* The series a row is uprated with, or NULL when no index was loaded. */
const uc_series *costbook_series_of(const stitch_costbook *cb, const uc_row *row);

/* What reports call a series: "NHS Cost Inflation Index" for the default,
 * "index series NAME" for the others. */
const char *series_label(const uc_series *s, char *buf, size_t n);

/* The earliest (last = 0) or latest (last = 1) year of a series. */
const char *series_year(const uc_series *s, int last);

#endif
