/* xlsx_writer_private.h — what xlsx_writer.c, xlsx_cells.c and
 * xlsx_body_memo.c share (pieces never include this file; they use doc.h).
 *
 * xlsx_cells.c makes the formats and turns a typed cell into one
 * libxlsxwriter call in two steps: a plan (which call, the value, the exact
 * text, the format) then its application. The table body memo
 * (xlsx_body_memo.c) hashes plans instead of applying them, so both paths
 * share one copy of the rules that decide what a cell becomes.
 */
#ifndef FSE_XLSX_WRITER_PRIVATE_H
#define FSE_XLSX_WRITER_PRIVATE_H

#include "pieces/doc.h"
#include "pieces/xlsx_names.h"
#include "common/util.h"

#include <stdbool.h>
#include <stddef.h>
#include <xlsxwriter.h>

enum { K_TEXT, K_WRAP, K_ID, K_INT, K_NUM, K_PCT, K_EUR, K_DATE, K_MONTH, K_COUNT };  /* K_ID: text format "@" */
#define DEC_MAX 10
#define UNIQUE_MAX (8 + K_COUNT * (DEC_MAX + 1) * 2)   /* the named formats and every cell_fmt */

/* The state of one fse_xlsx_write call; lives on its stack. */
typedef struct {
    lxw_workbook *wb;
    const fse_doc *d;
    const char *path;
    fse_xlsx_names names;         /* sheet names given so far */
    lxw_format *fmts[K_COUNT][DEC_MAX + 1][2];   /* cell_fmt's, by kind, decimals, bold; made on first use */
    lxw_format *f_eu, *f_title, *f_h1, *f_h2, *f_key, *f_para, *f_hdr, *f_sub;
    lxw_format *unique[UNIQUE_MAX];   /* every format handed out, no two alike (unique_fmt) */
    size_t nunique;
    fse_sb sb;                    /* a truncated text (plan of a string cell) */
    lxw_error first_err;          /* first failed write */
    int sys_errno;                /* errno of a failed system call of ours (xlsx_body_memo.c), 0 if none */
    size_t nerrors;               /* failed writes, counted (the memo keeps no body that had one) */
} xctx;

/* One libxlsxwriter call for a cell, decided but not made. */
typedef enum {
    XP_NONE,      /* nothing is written */
    XP_BLANK,     /* worksheet_write_blank(fmt) */
    XP_NUMBER,    /* worksheet_write_number(num, fmt) */
    XP_DATETIME,  /* worksheet_write_datetime(&dt, fmt) */
    XP_STRING     /* worksheet_write_string(str, fmt) */
} xlsx_op;

typedef struct {
    xlsx_op op;
    double num;
    lxw_datetime dt;
    const char *str;   /* XP_STRING: the text as written (buf, x->sb or the doc's own) */
    lxw_format *fmt;   /* may be NULL */
    char buf[64];      /* storage for str when the plan made it */
} xlsx_plan;

/* Records e as the first error when none was (LXW_NO_ERROR: nothing). */
void fse_xlsx_note_err(xctx *x, lxw_error e);

/* The cell format of a kind (K_*), decimals (clamped to 0..DEC_MAX) and
 * bold (totals row): made on first use, then the same pointer. Formats made
 * in the same order give the same styles.xml. */
lxw_format *fse_xlsx_cell_fmt(xctx *x, int kind, int dec, bool bold);

/* Makes the named formats (x->f_*). Once, right after workbook_new_opt. */
void fse_xlsx_make_formats(xctx *x);

/* Plans s as a string cell with format f (s NULL: nothing). Text over
 * 32 767 characters is cut at a character boundary, ends with
 * " […tronqué]" (in x->sb, valid until the next plan) and counts a warning. */
void fse_xlsx_plan_str(xctx *x, xlsx_plan *p, const char *s, lxw_format *f);

/* Plans a typed cell of column col (cell NULL or empty: nothing, or a bold
 * blank in the totals row); the rules are at fse_xlsx_plan_cell in xlsx_cells.c.
 * May make formats (fse_xlsx_cell_fmt) and count a truncation warning. */
void fse_xlsx_plan_cell(xctx *x, xlsx_plan *p, const fse_doc_column *col, const fse_doc_cell *cell,
                        bool bold);

/* Makes the call p planned at (r, c) of ws; a failure goes to fse_xlsx_note_err. */
void fse_xlsx_apply(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const xlsx_plan *p);

/* plan + apply of a string / a typed cell. */
void fse_xlsx_put_str(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f);
void fse_xlsx_put_cell(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                       const fse_doc_column *col, const fse_doc_cell *cell, bool bold);

/* Writes the rows of t (t->nrows × t->ncols cells, row-major) from row0 of
 * ws, as fse_xlsx_put_cell cell by cell would; a large body in a
 * constant_memory workbook goes through the job's memo (xlsx_body_memo.c). */
void fse_xlsx_table_body(xctx *x, lxw_worksheet *ws, const fse_doc_table *t, lxw_row_t row0);

#endif
