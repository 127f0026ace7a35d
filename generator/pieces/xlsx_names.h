/* xlsx_names.h — the sheet names of one workbook (xlsx_writer.c only).
 *
 * Why: Excel refuses a workbook whose sheet names clash (case-insensitively,
 * accents included), exceed 31 characters or hold []:*?/\ ; pièces name
 * their sheets freely and this keeps every name valid and unique.
 */
#ifndef FSE_XLSX_NAMES_H
#define FSE_XLSX_NAMES_H

#include <stddef.h>

/* Names given so far in one workbook; zero-initialise, free with
 * fse_xlsx_names_free. Owns its strings. */
typedef struct {
    char **names;
    size_t n, cap;
} fse_xlsx_names;

/* A valid, unique sheet name from want (or fallback when want is empty):
 * []:*?/\ and control characters become '_' / ' ', no apostrophe at either
 * end, at most 31 characters, " (2)", " (3)"… appended on a clash
 * (compared case-insensitively, "History" reserved). Recorded as taken;
 * owned by x, valid until fse_xlsx_names_free. */
const char *fse_xlsx_out_sheet_name(fse_xlsx_names *x, const char *want, const char *fallback);

void fse_xlsx_names_free(fse_xlsx_names *x);

#endif
