/* progress.h — a one-line progress display on stderr for long runs (issue 6:
 * fiche, pièce, rows read).
 *
 * Why here: ingest reports the rows it reads and the commands the pièces
 * they write, and neither may know of the other; both call this. Nothing is
 * ever written until a command enables it, which it does only when stderr is
 * a terminal: a run through a pipe or under cron gets no escape sequence.
 * The line is rewritten in place ("\r", text, ESC [K = erase to end of line)
 * and erased by fse_progress_clear — before any diagnostic (diag.c) and when
 * the run ends, so nothing of it is left on the screen.
 */
#ifndef FSE_PROGRESS_H
#define FSE_PROGRESS_H

#include <stdbool.h>

/* Turn the display on or off (off by default). */
void fse_progress_enable(bool on);
/* Show fmt (printf-style, UTF-8, cut to 100 bytes) as the progress line; a
 * no-op when disabled. */
void fse_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Erase the progress line if one is shown. */
void fse_progress_clear(void);

#endif
