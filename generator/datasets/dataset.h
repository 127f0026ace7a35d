/* dataset.h — a typed in-memory table of one canonical dataset, whose rows
 * may come from several files, each row remembering where it came from.
 *
 * Why: DESIGN §1.2 — every figure must be traceable to file, sheet and line.
 * A row holds one fse_value per field of its fse_dataset_def, in the order of
 * def->fields. Text is kept for every set value (as shown in the export,
 * trimmed, valid UTF-8) so pièces print what the user typed; num holds the
 * parsed number / day count / boolean.
 */
#ifndef FSE_DATASET_H
#define FSE_DATASET_H

#include <stddef.h>
#include <stdint.h>
#include "common/strpool.h"
#include "datasets/schema.h"

typedef enum {
    FSE_VAL_EMPTY = 0,
    FSE_VAL_OK,
    FSE_VAL_REJECTED  /* the cell held text that is not a valid value of the field's
                         type; text keeps it, num is 0; reported by ingest */
} fse_value_state;

typedef struct {
    uint8_t state;  /* fse_value_state */
    uint8_t numsep_amb; /* ingest only: 1 when this value's cell was a text counted as an
                           ambiguous number ("1.035", values.h fse_number_sep) for
                           fse_source_settle, which reconsiders only those; 0 for any
                           other value, a number cell of an XLSX among them (its "1.125"
                           reads alike but is a number). In the padding: no memory. */
    char *text;     /* in the dataset's pool (fse_dataset_text), not owned, never
                       modified; equal texts share one pointer; NULL when EMPTY */
    double num;     /* NUMBER: value; DATE/MONTH: days since 1970-01-01; BOOL: 0/1 */
} fse_value;

/* Where rows came from: one entry per file (and sheet) read. Fields are what
 * manifest.json reports for every input (DESIGN §5). */
typedef struct {
    char *path;         /* as written in the job config, resolved against its folder */
    char *display;      /* path for stderr messages: openable from the current folder */
    char *rel;          /* path as written in the job config (relative to it): used in
                           the pack, so a pack does not depend on where it was run from */
    int *field_cols;    /* per field of the dataset: its 1-based column in the file, 0 = absent */
    char *sheet;        /* XLSX sheet name, or NULL */
    const char *encoding; /* "utf-8", "windows-1252", "xlsx", … (static) */
    char delimiter;     /* CSV only */
    long header_line;   /* 1-based */
    size_t rows_read, rows_rejected, rows_skipped; /* skipped: blank or total lines */
    long long size;     /* bytes */
    char sha256[65];    /* hex */
} fse_source_info;

typedef struct {
    fse_value *v;       /* def->nfields values, in the dataset's pool */
    uint32_t src;       /* index into the dataset's srcs */
    long line;          /* 1-based line or XLSX row */
} fse_row;

typedef struct {
    const fse_dataset_def *def;
    fse_row *rows;      /* owned */
    size_t nrows, cap;
    fse_source_info *srcs; /* owned */
    size_t nsrcs, srcs_cap;
    bool loaded;        /* a source was declared and read */
    size_t *nrejected;  /* owned: per field, the values FSE_VAL_REJECTED (counted by ingest,
                           the only stage that rejects), so that a figure's check for
                           rejected inputs skips the fields without any (issue 8) */
    fse_strpool pool;   /* owned: the rows' values and texts (issue 8: one arena, interned
                           texts, instead of a malloc per value) */
} fse_dataset;

/* All datasets of a job, indexed like fse_datasets[]. */
typedef struct {
    fse_dataset sets[16];
    size_t n;
} fse_datasets_t;

void fse_datasets_init(fse_datasets_t *all);
fse_dataset *fse_datasets_get(fse_datasets_t *all, const char *name); /* NULL if unknown name */
void fse_datasets_free(fse_datasets_t *all);

/* Append a row of all-empty values from source src; returns it (the pointer
 * is valid until the next append). */
fse_row *fse_dataset_add_row(fse_dataset *ds, uint32_t src, long line);
/* The dataset's interned copy of s[0..len) (a value's text): lives as long
 * as the dataset. */
static inline char *fse_dataset_text(fse_dataset *ds, const char *s, size_t len)
{
    return (char *)fse_strpool_intern(&ds->pool, s, len);
}
/* Value of field f (index) of row r; never NULL. */
static inline const fse_value *fse_val(const fse_row *r, int f) { return &r->v[f]; }
/* Text of field name of row, or "" when empty or unknown field. */
const char *fse_row_text(const fse_dataset *ds, const fse_row *r, const char *field);
/* Location "file:line" (file as written in the job; "file[sheet]:line" for
 * XLSX) of a row, for the pièces and controles.csv, into buf. */
const char *fse_row_where(const fse_dataset *ds, const fse_row *r, char *buf, size_t len);

#endif
