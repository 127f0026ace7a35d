/* ini_file.h — read an INI file with inih, giving each key its line number.
 *
 * Why: Debian's libinih is built without INI_HANDLER_LINENO and with
 * INI_MAX_LINE = 200, silently splitting longer lines. This wrapper feeds
 * inih one physical line at a time through ini_parse_stream, so the handler
 * knows the line, and reports any line longer than 199 bytes as an error
 * instead of misreading it (write long values on indented continuation
 * lines: inih passes them as further values of the same key).
 *
 * Only a regular file of at most FSE_INI_MAX_BYTES is read (a folder, a fifo
 * or a link to /dev/zero is refused at once), and it must be UTF-8 (a BOM at
 * the start is allowed): a byte that is not UTF-8 is one error for the
 * file, at its line and column (in characters), naming Windows-1252 when
 * that byte is one of its letters, and the file is read no further; each
 * line holding a NUL byte is an error at its column.
 */
#ifndef FSE_INI_FILE_H
#define FSE_INI_FILE_H

#include <stdbool.h>
#include "common/diag.h"

#define FSE_INI_MAX_BYTES (4L << 20)
#define FSE_INI_MAX_TEXT "4 Mio"

/* Handler: called with name and value NULL at each [section] line (so that
 * sections without keys are seen), then for each name = value.
 * Return 1 to go on, 0 to mark the line as an error (the handler
 * should have reported why through fse_diag). line is 1-based. */
typedef int (*fse_ini_handler)(void *user, const char *section, const char *name,
                               const char *value, long line);

/* Where a value comes from, for handlers that must tell a key or a section
 * written twice from a continuation line. */
typedef struct {
    long line;        /* 1-based */
    long first;       /* a [section] line: the line of the same [section] met
                         earlier in the file, else 0. A key: the line where the
                         same key of the same section name was first given,
                         else 0 (for a continuation: the line of the key it
                         continues) */
    bool continued;   /* an indented line, which inih passes as a further value
                         of the previous key (a continuation, not a new key) */
    long col;         /* a key: 1-based column, in characters, where its value
                         starts on that line (after `=` or `:` and blanks; a
                         continuation: its first non-blank character), so that
                         an error about the value can point at it; a
                         [section] line: the column of its name (after '['),
                         so that an error about the section points at it */
} fse_ini_at;

typedef int (*fse_ini_handler_at)(void *user, const char *section, const char *name,
                                  const char *value, const fse_ini_at *at);

/* Report an error at line and column col of path under rule (col 1-based,
 * in characters, as fse_ini_at.col; 0 or less: column 1), for an error about
 * a value or a section name. Returns 0, so a handler can `return
 * fse_ini_error_at(…)`. */
int fse_ini_error_at(fse_diags *d, const char *rule, const char *path, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* The same at column 1: a line's error that no column names better.
 * Returns 0, so a handler can `return fse_ini_error(…)`. */
#define fse_ini_error(d, rule, path, line, ...) fse_ini_error_at(d, rule, path, line, 1, __VA_ARGS__)

/* Parse path. Returns 0 when the file was read with no error, -1 when it
 * cannot be opened (errno kept), 1 when some line was in error (each one
 * reported in d as "path:line:col: error: …"), 2 when it was refused unread
 * (not a regular file, or too large; reported in d as "path: error: …"). */
int fse_ini_parse(const char *path, fse_ini_handler h, void *user, fse_diags *d);
/* The same with a handler told about repeated sections, keys and
 * continuation lines. */
int fse_ini_parse_at(const char *path, fse_ini_handler_at h, void *user, fse_diags *d);

#endif
