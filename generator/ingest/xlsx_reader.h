/* xlsx_reader.h — a small streaming reader of .xlsx workbooks (libzip + expat).
 *
 * Why our own: Debian 12 packages no C XLSX reader (research/tech.md §4.1).
 * Covers the checklist of research/tech.md §4.3 (ECMA-376 Part 1 §18):
 * workbook -> relationship -> sheet part (relative or absolute targets),
 * shared strings with rich runs (rPh skipped), inline strings, cell types
 * n/s/str/inlineStr/b/e/d, dates recognised by their number format
 * (built-in ids 14-22, 45-47, the East-Asian 27-36 and 50-58, and custom
 * formats with d/m/y/h/s outside quotes, escapes and [..] blocks), the
 * 1900 (phantom 29/02/1900) and 1904 systems, missing `r` attributes,
 * _xHHHH_ escapes, namespace prefixes.
 * Limits: each part is capped at FSE_XLSX_MAX_PART bytes uncompressed (the
 * size in the zip directory and the bytes actually inflated), a read sheet at
 * about 1 GiB of cells and texts (zip bombs, "one cell at XFD per row").
 * A DOCTYPE is refused (no entity expansion). Code: xlsx_reader.c (workbook,
 * shared strings, sheets), xlsx_part.c (zip + expat, relationships),
 * xlsx_styles.c (number formats, dates, number texts); xlsx_internal.h.
 *
 * Cells produced (kinds of sheet.h):
 *   t="s", "inlineStr", "str"  TEXT, _xHHHH_ decoded (a lone surrogate or
 *                              _x0000_ becomes U+FFFD: texts never hold a
 *                              NUL); an empty string is EMPTY
 *   number with a date format  DATE: num = days since 1970-01-01 (fraction =
 *                              time of day), text "2024-03-01" or
 *                              "2024-03-01T09:30:00" (rounded to the second)
 *   other numbers              NUMBER: text = shortest round-trip decimal
 *                              ("45683", "120.5", "0.1"). Formats showing only
 *                              a time (h:mm, 18-21, 45, 47) or elapsed time
 *                              ([h]:mm, 46) stay NUMBER, as do date-formatted
 *                              serials that are no date: 1900 system below 1
 *                              (a pure time) or in [60, 61) (the phantom
 *                              29/02/1900), 1904 system below 0, past 9999.
 *   t="d"                      DATE from its ISO text (zone dropped), else TEXT
 *   t="b"                      BOOL "TRUE"/"FALSE", num 1/0
 *   t="e"                      ERROR, text "#DIV/0!"…
 *   a <v> that is not a number TEXT (kept, never dropped)
 * Cells without a value (styled blanks, formulas without a cached value) are
 * EMPTY, rows without any value are absent; row->nfields is 0 (sparse rows:
 * trailing empty cells are absent, ncells is up to the last value). Row
 * numbers must increase and, within a row, columns too: a repeated cell
 * (a second <c r="R99">), a cell left of the previous one, a cell whose r
 * names another row than its <row>, a repeated or decreasing row number are
 * BAD_VALUE ("xl/worksheets/sheet1.xml:2:80: duplicate cell R99", "row 5
 * after row 7"), never a silent overwrite. Formulas are not evaluated: the
 * cached <v> is read. Hidden sheets are listed like the others.
 * Not thread-safe per book (one zip handle); separate books are independent.
 */
#ifndef FSE_XLSX_READER_H
#define FSE_XLSX_READER_H

#include <stddef.h>
#include "ingest/sheet.h"

#define FSE_XLSX_MAX_PART ((size_t)512 * 1024 * 1024)
/* Deepest nesting of XML elements accepted in a part: SpreadsheetML needs
 * about 8 (worksheet/sheetData/row/c/is/r/t); deeper is a hostile file. */
#define FSE_XLSX_MAX_DEPTH 64

typedef enum {
    FSE_XLSX_OK = 0,
    FSE_XLSX_ERR_OPEN,        /* file missing or unreadable */
    FSE_XLSX_ERR_NOT_ZIP,     /* not a zip archive, or damaged data (CRC error) in a part */
    FSE_XLSX_ERR_MISSING_PART,/* workbook, rels or a sheet part absent */
    FSE_XLSX_ERR_XML,         /* malformed XML in a part (or a DOCTYPE) */
    FSE_XLSX_ERR_TOO_BIG,     /* a part larger than FSE_XLSX_MAX_PART, or a sheet over ~1 GiB in memory */
    FSE_XLSX_ERR_BAD_VALUE,   /* bad cell reference, shared string index out of range, … */
    FSE_XLSX_ERR_NO_SHEET     /* sheet index out of range */
} fse_xlsx_error;

/* Message for an error code (static string). */
const char *fse_xlsx_strerror(fse_xlsx_error e);

typedef struct fse_xlsx_book fse_xlsx_book;

/* Open a workbook: reads _rels/.rels (to find the workbook part, default
 * xl/workbook.xml), workbook.xml, its rels, sharedStrings.xml and
 * styles.xml (both optional, found by relationship type or next to the
 * workbook). The zip stays open until fse_xlsx_close. On success *out is an
 * owned book and msg is "". On failure returns the error, *out is NULL and
 * msg (if not NULL) receives a detail such as
 * "xl/workbook.xml:1:120: not well-formed (invalid token)" (part:line:col)
 * or "xl/workbook.xml: part missing". */
fse_xlsx_error fse_xlsx_open(const char *path, fse_xlsx_book **out, char *msg, size_t msglen);
/* Sheets in workbook order (not rId or file-name order). */
size_t fse_xlsx_sheet_count(const fse_xlsx_book *b);
const char *fse_xlsx_sheet_name(const fse_xlsx_book *b, size_t i); /* borrowed, UTF-8; NULL past the end */
/* Whether sheet i is hidden in Excel (<sheet state="hidden|veryHidden">,
 * ECMA-376 §18.2.19): not what the user sees; false past the end. */
bool fse_xlsx_sheet_hidden(const fse_xlsx_book *b, size_t i);
int fse_xlsx_is_1904(const fse_xlsx_book *b);  /* <workbookPr date1904="1|true"> */
/* Read every cell of sheet i into *out (zeroed by the caller; out->name gets
 * the sheet name); cell kinds as above. Rows keep their `r` number as line;
 * a <row> or <c> without r follows the previous one (row + 1, column + 1).
 * A sheet can be read any number of times. Errors: NO_SHEET (i out of
 * range), MISSING_PART (no relationship or no part), XML, TOO_BIG, NOT_ZIP,
 * BAD_VALUE (reference past XFD1048576, shared string index out of range,
 * duplicate or out-of-order cell or row, cell r in another row);
 * msg as for fse_xlsx_open. On failure *out is freed and zeroed. */
fse_xlsx_error fse_xlsx_read_sheet(fse_xlsx_book *b, size_t i, fse_raw_sheet *out, char *msg, size_t msglen);
void fse_xlsx_close(fse_xlsx_book *b);  /* NULL is fine */

#endif
