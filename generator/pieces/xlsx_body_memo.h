/* xlsx_body_memo.h — the job's memo of large XLSX table bodies as
 * libxlsxwriter wrote them (xlsx_body_memo.c; issue 8). */
#ifndef FSE_XLSX_BODY_MEMO_H
#define FSE_XLSX_BODY_MEMO_H

#include <stddef.h>

/* Bodies of at least this many cells (rows × columns) in a constant_memory
 * workbook go through the memo. */
#define FSE_XLSX_BODY_MEMO_CELLS ((size_t)100000)

/* Test hook: n cells instead of FSE_XLSX_BODY_MEMO_CELLS (0: the default;
 * (size_t)-1: never). */
void fse_xlsx_set_body_memo_cells(size_t n);

/* Test hook: bodies written from the memo (hits) and bodies stored in it,
 * since the process started. */
void fse_xlsx_body_memo_counts(size_t *hits, size_t *stored);

/* Test hook: the file of every body kept is replaced by one that ends a
 * few XML rows after the body's start, so that the next copy fails halfway:
 * the temporary file is then cut back and the body written by libxlsxwriter. */
void fse_xlsx_body_memo_spoil(void);

#endif
