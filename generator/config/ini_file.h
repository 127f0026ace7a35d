/* ini_file.h — read an INI file with inih, giving each key its line number.
 *
 * Why: Debian's libinih is built without INI_HANDLER_LINENO and with
 * INI_MAX_LINE = 200, silently splitting longer lines. This wrapper feeds
 * inih one physical line at a time through ini_parse_stream, so the handler
 * knows the line, and reports any line longer than 199 bytes as an error
 * instead of misreading it (write long values on indented continuation
 * lines: inih passes them as further values of the same key).
 */
#ifndef FSE_INI_FILE_H
#define FSE_INI_FILE_H

#include "common/diag.h"

/* Handler: called with name and value NULL at each [section] line (so that
 * sections without keys are seen), then for each name = value.
 * Return 1 to go on, 0 to mark the line as an error (the handler
 * should have reported why through fse_diag). line is 1-based. */
typedef int (*fse_ini_handler)(void *user, const char *section, const char *name,
                               const char *value, long line);

/* Report an error at line of path (column 1) under rule; returns 0, so a
 * handler can `return fse_ini_error(…)`. */
int fse_ini_error(fse_diags *d, const char *rule, const char *path, long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Parse path. Returns 0 when the file was read with no error, -1 when it
 * cannot be opened (errno kept), 1 when some line was in error (each one
 * reported in d as "path:line:1: error: …"). */
int fse_ini_parse(const char *path, fse_ini_handler h, void *user, fse_diags *d);

#endif
