/* sheet.h — a raw sheet: the cells of one CSV file or one XLSX worksheet,
 * before any header detection or typing.
 *
 * Why: the CSV reader and the XLSX reader both produce this one shape, so
 * header detection, alias matching and value parsing (source.c) are written
 * once for both formats. Every row remembers its 1-based line (CSV: the
 * physical line where the record starts; XLSX: the row number `r`).
 */
#ifndef FSE_SHEET_H
#define FSE_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a cell holds. CSV cells are always TEXT or EMPTY; XLSX cells carry
 * their stored type. */
typedef enum {
    FSE_CELL_EMPTY = 0, /* absent or empty string; text is NULL */
    FSE_CELL_TEXT,      /* text: the UTF-8 string (valid UTF-8, NUL-terminated) */
    FSE_CELL_NUMBER,    /* num: the value; text: shortest round-trip decimal ("120.5", "45683") */
    FSE_CELL_DATE,      /* num: days since 1970-01-01 (fraction = time of day), already
                           converted from the 1900 or 1904 system; text: ISO "2024-03-01"
                           or "2024-03-01T09:30:00" */
    FSE_CELL_BOOL,      /* num: 0 or 1; text: "TRUE" / "FALSE" */
    FSE_CELL_ERROR      /* text: the error literal, e.g. "#DIV/0!" */
} fse_cell_kind;

/* Longest text a cell may hold, in characters: Excel's own limit (32 767,
 * "Excel specifications and limits"), so no export a person edits has a
 * longer one; a longer cell is a damaged file (often a quote never closed
 * that swallowed the lines below) and both readers refuse it with its place. */
#define FSE_CELL_MAX_CHARS 32767

typedef struct {
    fse_cell_kind kind;
    uint32_t len; /* bytes of text (strlen), 0 for EMPTY: the typing stage trims
                     and interns without measuring the text again */
    char *text;   /* NUL-terminated; NULL only for EMPTY. In a sheet: the
                     sheet's text arena (fse_row_set copies it there), valid
                     until the row is dropped; in a row from fse_row_copy:
                     owned by that row */
    double num;
} fse_cell;

typedef struct {
    fse_cell *cells;  /* owned; ncells entries, column 0 = A */
    size_t ncells;
    size_t cells_cap; /* allocated cells (fse_row_set grows them by doubling) */
    size_t nfields;   /* CSV: the number of fields the record really had,
                         empty ones included ("a;;" has 3; equals ncells), for
                         comparing with the header's; XLSX: 0 (rows are sparse,
                         trailing empty cells are absent) */
    long line;        /* 1-based line (CSV) or row number (XLSX) */
    bool owns_texts;  /* a copy (fse_row_copy): its texts are its own */
} fse_raw_row;

/* Where a sheet keeps its cells' texts (issue 8: a malloc and a free per
 * field cost as much as libcsv's whole parse): bump allocation in 64 KiB
 * chunks, emptied (chunks kept) when the sheet holds no row any more, so a
 * streamed 1 M-row export reuses the same few chunks. Texts over half a
 * chunk get a block of their own (big). Private to sheet.c. */
typedef struct {
    char **chunks;    /* owned; chunks[0..used) hold texts */
    size_t nchunks, chunks_cap, used;
    char *cur;        /* free space of chunk used - 1 */
    size_t left;
    char **big;       /* owned blocks of long texts */
    size_t nbig, big_cap;
    size_t bytes;     /* text bytes held (chunks used + big blocks) */
} fse_sheet_arena;

/* Copies text[0..len) and a NUL into a's current chunk and returns the
 * copy, or NULL when the chunk has no room (the caller then goes through
 * sheet.c's arena_text, which opens a chunk). Inline: it is the common case
 * of every field stored (issue 8). */
static inline char *fse_arena_put_fast(fse_sheet_arena *a, const char *text, size_t len)
{
    if (len >= a->left) return NULL;
    char *t = a->cur;
    __builtin_memcpy(t, text, len);
    t[len] = 0;
    a->cur += len + 1;
    a->left -= len + 1;
    a->bytes += len + 1;
    return t;
}

typedef struct fse_raw_sheet {
    char *name;       /* sheet name (XLSX) or NULL (CSV); owned */
    fse_raw_row *rows;/* owned; in file order, sparse XLSX rows are simply absent */
    size_t nrows, cap;
    size_t rows_init; /* rows[0..rows_init) have cells allocated: a dropped row
                         keeps its cells array for the next row appended */
    fse_sheet_arena texts; /* the cells' texts */
    /* Optional consumer of complete rows, so that a reader streams (issue 8:
     * no whole-sheet copy of a 1 M-row export): fse_sheet_add_row calls
     * on_rows(ud, sh) before it appends, when rows are held — every held row
     * is then complete. The consumer may keep them or release them with
     * fse_sheet_drop_rows. The readers only ever append, so they work the
     * same with or without it. NULL: every row stays in the sheet. */
    void (*on_rows)(void *ud, struct fse_raw_sheet *sh);
    void *ud;
} fse_raw_sheet;

/* Append an empty row with the given line number and return it (after
 * on_rows, if set, has seen the rows held). */
fse_raw_row *fse_sheet_add_row(fse_raw_sheet *sh, long line);
/* Drop rows [from, nrows) and keep the first `from` (capacity, cells arrays
 * and text chunks are kept for the rows to come; the texts of the kept rows
 * are moved to fresh memory when the dropped ones held more than 4 MiB). */
void fse_sheet_drop_rows(fse_raw_sheet *sh, size_t from);
/* Owned deep copy of a row (owns_texts set); free it with fse_row_free. */
fse_raw_row fse_row_copy(const fse_raw_row *r);
/* Free what a row from fse_row_copy owns (its cells and their texts). */
void fse_row_free(fse_raw_row *r);
/* Set cell col of row, a row of sh (growing it with EMPTY cells): copies
 * text[0..len) (no NUL inside; NULL for EMPTY) into sh's arena. */
void fse_row_set(fse_raw_sheet *sh, fse_raw_row *row, size_t col, fse_cell_kind kind,
                 const char *text, size_t len, double num);
/* fse_row_set(sh, row, row->ncells, FSE_CELL_TEXT, text, len, 0): the next
 * cell of a row filled in order (CSV fields), inline when the row has room
 * for it and the arena for its text (nearly every field), else through
 * fse_row_set. Issue 8: the call and fse_row_set's general checks were
 * ~15 % of the instructions ingest adds to libcsv's per field. */
static inline void fse_row_push_text(fse_raw_sheet *sh, fse_raw_row *row, const char *text, size_t len)
{
    size_t col = row->ncells;
    char *t = col < row->cells_cap ? fse_arena_put_fast(&sh->texts, text, len) : NULL;
    if (!t) {
        fse_row_set(sh, row, col, FSE_CELL_TEXT, text, len, 0);
        return;
    }
    row->cells[col] = (fse_cell){ .kind = FSE_CELL_TEXT, .len = (uint32_t)len, .text = t, .num = 0 };
    row->ncells = col + 1;
}
/* Spreadsheet name of 0-based column c ("A", "Z", "AA", "XFD") into buf
 * (8 bytes: any size_t column fits); returns buf. Used in messages. */
char *fse_sheet_col_name(size_t c, char buf[8]);
/* Free everything the sheet owns and zero it. */
void fse_sheet_free(fse_raw_sheet *sh);

#endif
