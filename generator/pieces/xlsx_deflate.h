/* xlsx_deflate.h — what pieces/xlsx_deflate.c, which compresses the XLSX
 * entries in place of zlib, tells the XLSX writer. */
#ifndef FSE_XLSX_DEFLATE_H
#define FSE_XLSX_DEFLATE_H

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

#endif
