/* xlsx_tmpfile.h — what pieces/xlsx_tmpfile.c, which gives libxlsxwriter's
 * temporary files larger stdio buffers, needs from the XLSX writer. */
#ifndef FSE_XLSX_TMPFILE_H
#define FSE_XLSX_TMPFILE_H

#include <stdbool.h>

/* Bytes of stdio buffer given to each temporary file (xlsx_tmpfile.c says
 * how it was chosen). */
#define FSE_XLSX_TMPFILE_BUF (256 * 1024)

/* Ends the buffers given to the temporary files of the workbook just
 * closed (call once workbook_close has returned, before the next workbook
 * is made). all_closed: workbook_close returned LXW_NO_ERROR, every
 * worksheet was made and none in constant_memory mode is without a cell
 * (xlsx_writer.c empty_stream_sheet), so libxlsxwriter 1.1.4 has closed every one of its
 * temporary files (see xlsx_tmpfile.c): the buffers are freed. Otherwise
 * some of the files may still be open (libxlsxwriter leaves a file open
 * when zipping it fails) and glibc flushes open files at exit: their
 * buffers are left allocated, forgotten here, never reused. */
void fse_xlsx_tmpfile_release(bool all_closed);

/* How many buffers are held for open temporary files (for the tests). */
unsigned fse_xlsx_tmpfile_held(void);

#endif
