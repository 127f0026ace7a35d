/* progress.c — see progress.h. */
#include "common/progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool enabled, shown;

void fse_progress_enable(bool on)
{
    if (!on) fse_progress_clear();
    enabled = on;
}

void fse_progress(const char *fmt, ...)
{
    if (!enabled) return;
    char line[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t n = strlen(line);
    if (n > 100) {  /* cut on a UTF-8 boundary, then mark the cut */
        n = 100;
        while (n && ((unsigned char)line[n] & 0xC0) == 0x80) n--;
        memcpy(line + n, "…", sizeof "…");
    }
    fprintf(stderr, "\r%s\033[K", line);
    fflush(stderr);
    shown = true;
}

void fse_progress_clear(void)
{
    if (!shown) return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    shown = false;
}
