/* xlsx_fprintf.h — the fast path of __fprintf_chk (pieces/xlsx_fprintf.c),
 * for its unit test. */
#ifndef FSE_XLSX_FPRINTF_H
#define FSE_XLSX_FPRINTF_H

#include <stdarg.h>
#include <stdio.h>

/* __fprintf_chk with a va_list: the same output, return value and stream
 * state as glibc's __vfprintf_chk(fp, flag, fmt, ap), which it calls for
 * any format or stream outside its fast path. */
int fse_fprintf_chk_v(FILE *fp, int flag, const char *fmt, va_list ap);

/* Calls that took the fast path since the start (for the tests). */
unsigned long fse_fprintf_fast_calls(void);

#endif
