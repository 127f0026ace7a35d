/* source_internal.h — what the two halves of ingest/source.c share: the
 * file level (source.c: format, sheet, header, streaming) and the row level
 * (source_row.c: typing each cell by its field, the export's total line,
 * shifted CSV rows). Not for use outside ingest/source*.c.
 */
#ifndef FSE_SOURCE_INTERNAL_H
#define FSE_SOURCE_INTERNAL_H

#include "ingest/csv_reader.h"
#include "common/util.h"
#include "ingest/sheet.h"
#include "ingest/source.h"

#define HEADER_SEARCH_ROWS 50

/* One file being read into its dataset. */
typedef struct {
    const fse_source_cfg *cfg;
    const fse_templates *t;
    fse_dataset *ds;
    fse_diags *d;
    const char *shown;      /* file for stderr messages (resolved against the job's folder) */
    const char *rel;        /* file as written in the job */
    const char *cfg_path;   /* the job file, for errors about its declarations */
    long cfg_line, cfg_col; /* where the job's `fichier =` names this file (0: unknown) */
    const char *sheet;      /* sheet name or NULL */
    bool is1904;
    char where[512];        /* "file" or "file[sheet]" for messages */
    fse_file_id file_id;    /* the file as it was when read (util.h) */
} fse_source_reader;

/* Streaming state of one sheet being read (issue 8: a 1 M-row export is
 * never held whole): the reader's rows are held until the header is found
 * among the first HEADER_SEARCH_ROWS rows (or on the ligne_entete line),
 * then every row is typed into the dataset and released as soon as the
 * reader has finished it (fse_raw_sheet.on_rows). */
typedef enum { ST_SEARCH = 0, ST_LOADING, ST_NOHEADER, ST_FAILED } stream_phase;

typedef struct {
    fse_source_reader *rd;
    const char *path;            /* the file (new_info) */
    const char *sheet;           /* XLSX sheet name, NULL for CSV */
    const fse_csv_options *opt;  /* CSV: encoding, delimiter, replaced (known before any row) */
    long long size;
    const char *sha256;          /* hex of the file */
    stream_phase phase;
    bool noted;                  /* the CSV encoding note was given */
    long best;                   /* ST_NOHEADER: the row that matched most (for the message) */
    fse_raw_row hdr;             /* owned copy of the header row */
    int *colmap;                 /* owned: field of each header column, or -1 */
    size_t ncols;
    uint32_t src;                /* index of the file's fse_source_info */
    double *totals;              /* owned: running sum of each NUMBER field (total line) */
    int nbp;                     /* nb_postes field or -1 */
    bool bad_shape;
    /* text neutralised (issue 7, common/text.h fse_text_neutralise): control
     * characters replaced and characters outside the BMP met, each with the
     * place of the first one; reported once per file by stream_end */
    size_t nctl, nastral;
    long ctl_line, ctl_col, astral_line, astral_col;
    /* owned: per header column, FSE_MEMO_SLOTS texts it met lately, by hash,
     * typed (struct fse_intern_memo) */
    struct fse_intern_memo *memo;
    /* owned: per header column, how its memo fares (struct fse_memo_stat) */
    struct fse_memo_stat *memo_stat;
    /* owned: per row of FSE_PREHASH_AHEAD + 1 and header column, the trimmed
     * text of the row's cell, its hash and memo entry, computed before the row
     * is typed (source_row.c fse_source_rows) */
    struct fse_cell_hash *pre;
    /* owned: per header column, what its numbers said of their decimal
     * separator (struct fse_numsep_col), settled at the end of the file
     * (fse_source_settle) */
    struct fse_numsep_col *numsep;
    uint8_t num_sep;             /* the class of the number parse_cell typed last
                                    (fse_number_sep; source_row takes it back to 0) */
    /* owned: the export's total-line cells whose comparison waits for
     * fse_source_settle (struct fse_total_check), ntotal_checks of them */
    struct fse_total_check *total_checks;
    size_t ntotal_checks;
} fse_source_stream;

/* A number of the export's total line ("Total", "Somme") compared with the
 * sum of the rows above it only once the file's numbers are settled: its
 * column had counted ambiguous numbers ("1.035") when the line came, and
 * one rejected at the end of the file (fse_source_settle) counts 0 there
 * as every rejected value does. line/col: the total's cell (col 1-based);
 * field: its dataset field; shown: the export's total; sum: the rows'
 * sum at the line, lowered by fse_source_settle; nrows: ds->nrows at the
 * line (rows below it are not in sum). */
struct fse_total_check {
    long line, col;
    int field;
    double shown, sum;
    size_t nrows;
};

/* A text of a column and its typed value: its interned copy in the
 * dataset's pool, its number and whether the field's type accepts it.
 * Most columns (lot, modalité, sexe, mois, critère…) repeat a few values,
 * which this finds in cache, typed already, instead of neutralising,
 * interning (in the pool's large table) and parsing them again (issue 8).
 * Only texts that fse_text_neutralise leaves alone are kept: a cell's value
 * then depends on its text, its column's type and the file alone. Two-way:
 * slots 2k and 2k + 1 hold texts whose hash leads to k. */
#define FSE_MEMO_SLOTS 256
struct fse_intern_memo {
    uint64_t hash;
    const char *text;   /* in the dataset's pool; NULL = free */
    double num;         /* the fse_value.num typing gave it */
    uint32_t len;
    bool ok;            /* the type accepted it (else FSE_VAL_REJECTED) */
    uint8_t sep;        /* NUMBER fields: fse_number_sep of the text when
                           accepted, else FSE_NUMSEP_NONE (values.h) */
    char head[12];      /* the text's first 12 bytes, zero-padded (compared
                           here, as the pool's slots do, without reading text) */
};
/* A column's memo use: after FSE_MEMO_PROBE lookups, a column whose memo
 * found fewer than one text in FSE_MEMO_POOR (a participant's reference,
 * name, birth date, hours: nearly every text new) stops using it (off):
 * its texts go straight to the pool, without the memo's lookup, a cache
 * miss, and its insertion. The memo only saves work (a memo hit gives what
 * interning and typing give), so this changes no value. */
#define FSE_MEMO_PROBE 1024
#define FSE_MEMO_POOR 4
struct fse_memo_stat {
    uint32_t tries, hits;
    bool off;
};
struct fse_cell_hash {
    const char *text;   /* in the cell (not NUL-terminated at len); NULL = none */
    size_t len;
    uint64_t hash;      /* fse_hash_bytes(text, len) */
    struct fse_intern_memo hit;  /* a copy of the column memo's entry of the text
                                    (hit.text NULL when the memo lacks it): a copy,
                                    as the memo changes while the rows between are typed */
};

/* What the accepted numbers of one column of one file said of their
 * decimal separator (values.h fse_number_sep): seen, the classes met (bit
 * 1 << class, as fse_numsep_settle takes them); per ambiguous kind ([0] "1.035", [1] "1,035"), how
 * many cells and the dataset row of the first. Bounded memory whatever the
 * file's size: the cells themselves are found again, from that first row,
 * only when the column rejects them (fse_source_settle), which reads their
 * value texts in the dataset again, no cell left out. */
struct fse_numsep_col {
    unsigned seen;
    size_t namb[2];
    size_t first[2];
};

/* Rows whose texts are hashed and looked up ahead of the row being typed
 * (source_row.c fse_source_rows): the pool slots of the next rows are
 * fetched from memory while this one is typed. (1, 3 and 8 measured the
 * same at 1 M rows: a row's own lookups, prefetched together, are most of
 * the gain.) */
#define FSE_PREHASH_AHEAD 3

/* Type rows[0..n), data rows of st's file, into the dataset, in order: a
 * blank row is skipped, the export's total line left out and compared with
 * the running totals, a CSV row whose field count differs from the
 * header's reported (and the file refused: st->bad_shape), every other
 * cell parsed by its field's type (rejected values reported with file,
 * line, column), nb_postes defaulted to 1 (DESIGN §3), required fields and
 * date ranges checked. The texts of the FSE_PREHASH_AHEAD rows after the
 * one being typed are hashed and looked up ahead (st->pre holds
 * FSE_PREHASH_AHEAD + 1 rows of st->ncols entries). */
void fse_source_rows(fse_source_stream *st, const fse_raw_row *rows, size_t n);

/* At the end of st's file, after its last row and before its dataset is
 * handed on: in each column, the ambiguous numbers ("1.035", values.h
 * fse_number_sep) that fse_numsep_settle does not keep (the column writes
 * its decimals with the other separator, or with both) are rejected as
 * any unreadable value is (FSE_VAL_REJECTED, num 0, ds->nrejected and the
 * file's rows_rejected counted, the running total lowered) and reported
 * "valeur-rejetee" at their file:line:col with both readings; a figure that
 * depends on one then stops the run (valeur-bloquante). Then the total
 * line's comparisons that waited (st->total_checks) are made with the
 * settled sums ("total-export" warnings). */
void fse_source_settle(fse_source_stream *st);

#endif
