/* xlsx_fprintf.h — the fast path of __fprintf_chk (pieces/xlsx_fprintf.c),
 * for its unit test. */
#ifndef FSE_XLSX_FPRINTF_H
#define FSE_XLSX_FPRINTF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

/* __fprintf_chk with a va_list: the same output, return value and stream
 * state as glibc's __vfprintf_chk(fp, flag, fmt, ap), which it calls for
 * any format or stream outside its fast path. */
int fse_fprintf_chk_v(FILE *fp, int flag, const char *fmt, va_list ap);

/* True when the C library is glibc 2.36, the one whose FILE fields and
 * vfprintf pieces the fast path reproduces (checked once); otherwise
 * fse_fprintf_chk_v always calls glibc's __vfprintf_chk. */
bool fse_fprintf_glibc_known(void);

/* Calls that took the fast path since the start (for the tests). */
unsigned long fse_fprintf_fast_calls(void);

#endif
