/* xlsx_reader.h — a small streaming reader of .xlsx workbooks (libzip + expat).
 *
 * Why our own: Debian 12 packages no C XLSX reader (research/tech.md §4.1).
 * Covers the checklist of research/tech.md §4.3 (ECMA-376 Part 1 §18):
 * workbook -> relationship -> sheet part (relative or absolute targets),
 * shared strings with rich runs (rPh skipped), inline strings, cell types
 * n/s/str/inlineStr/b/e/d, dates recognised by their number format
 * (built-in ids 14-22, 45-47, and custom formats with d/m/y/h/s outside
 * quotes, escapes and [..] blocks), the 1900 (phantom 29/02/1900) and 1904
 * systems, missing `r` attributes, _xHHHH_ escapes, namespace prefixes.
 * Limits: each part is capped at FSE_XLSX_MAX_PART bytes uncompressed.
 */
#ifndef FSE_XLSX_READER_H
#define FSE_XLSX_READER_H

#include <stddef.h>
#include "ingest/sheet.h"

#define FSE_XLSX_MAX_PART ((size_t)512 * 1024 * 1024)

typedef enum {
    FSE_XLSX_OK = 0,
    FSE_XLSX_ERR_OPEN,        /* file missing or unreadable */
    FSE_XLSX_ERR_NOT_ZIP,     /* not a zip archive */
    FSE_XLSX_ERR_MISSING_PART,/* workbook, rels or a sheet part absent */
    FSE_XLSX_ERR_XML,         /* malformed XML in a part */
    FSE_XLSX_ERR_TOO_BIG,     /* a part larger than FSE_XLSX_MAX_PART */
    FSE_XLSX_ERR_BAD_VALUE,   /* bad cell reference, shared string index out of range, … */
    FSE_XLSX_ERR_NO_SHEET     /* sheet index out of range */
} fse_xlsx_error;

/* Message for an error code (static string). */
const char *fse_xlsx_strerror(fse_xlsx_error e);

typedef struct fse_xlsx_book fse_xlsx_book;

/* Open a workbook: reads workbook.xml, its rels, sharedStrings.xml and
 * styles.xml. On failure returns the error, *out is NULL and msg (if not
 * NULL) receives a detail such as "xl/workbook.xml:1:120: not well-formed". */
fse_xlsx_error fse_xlsx_open(const char *path, fse_xlsx_book **out, char *msg, size_t msglen);
size_t fse_xlsx_sheet_count(const fse_xlsx_book *b);
const char *fse_xlsx_sheet_name(const fse_xlsx_book *b, size_t i); /* borrowed, UTF-8 */
int fse_xlsx_is_1904(const fse_xlsx_book *b);
/* Read every cell of sheet i into *out (zeroed by the caller); cell kinds as
 * in sheet.h. Rows keep their `r` number as line. */
fse_xlsx_error fse_xlsx_read_sheet(fse_xlsx_book *b, size_t i, fse_raw_sheet *out, char *msg, size_t msglen);
void fse_xlsx_close(fse_xlsx_book *b);

#endif
