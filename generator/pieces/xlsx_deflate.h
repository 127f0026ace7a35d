/* xlsx_deflate.h — what pieces/xlsx_deflate.c, which compresses the XLSX
 * entries in place of zlib, tells the XLSX writer. */
#ifndef FSE_XLSX_DEFLATE_H
#define FSE_XLSX_DEFLATE_H

#include <stdbool.h>
#include <stdio.h>

/* The zip name of the last XML part (".xml", ".rels") that did not end with
 * its root element's end tag, e.g. "xl/worksheets/sheet9.xml", or NULL.
 * Such a part failed its entry (workbook_close returns an error): it means
 * libxlsxwriter's temporary file of that part was cut short (a full /tmp,
 * a file size limit), which libxlsxwriter 1.1.4 does not report. The string
 * is static, valid until the next reset or zip entry. */
const char *fse_xlsx_incomplete_part(void);

/* Forgets the part named by fse_xlsx_incomplete_part (call before
 * workbook_close). */
void fse_xlsx_incomplete_reset(void);

/* Part streams (xlsx_deflate.c, "part files"): while on (the XLSX writer
 * sets it around workbook_close; off frees what was kept), a part file of
 * libxlsxwriter 1.1.4 is deflated as it is written. fse_xlsx_part_open
 * takes spill, a new unlinked temporary file open for update, and returns
 * the stream libxlsxwriter gets instead (spill closed with it), or NULL
 * (off, no memory: spill is then the caller's, used as the part file).
 * fse_xlsx_parts_lost: how many part streams since the last call had
 * bytes that reached no zip entry (the workbook must then fail). */
void fse_xlsx_parts_streamed(bool on);
FILE *fse_xlsx_part_open(FILE *spill);
unsigned fse_xlsx_parts_lost(void);

#endif
