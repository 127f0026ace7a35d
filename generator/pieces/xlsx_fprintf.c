/* xlsx_fprintf.c — glibc's __fprintf_chk with a fast path for the few
 * formats libxlsxwriter writes its XML with.
 *
 * Why (issue 8, measured): libxlsxwriter 1.1.4 (Debian, built with
 * _FORTIFY_SOURCE) prints every tag, attribute, row and cell of a sheet
 * with fprintf, i.e. __fprintf_chk: "<%s", " %s=", "\"%s\"", "</%s>",
 * "<c r=\"%s\" s=\"%d\" t=\"s\"><v>%d</v></c>",
 * "<c r=\"%s\" s=\"%d\"><v>%.16G</v></c>"... (perf, 100 000-row job:
 * __fprintf_chk is 10.5 % of the CPU with what it calls, 3 % of it the
 * printing of the doubles). With this file (callgrind, 10 000-row job):
 * __fprintf_chk and what it calls 379 M -> 168 M instructions, the whole
 * job 4.67 G -> 4.47 G (-4.4 %); 1 M-row CSV job, user+sys, best of 3
 * interleaved runs: 15.0 s -> 14.0 s, each bilan 0.25-0.4 s faster.
 *
 * How: the executable defines __fprintf_chk; ld exports it, libc being a
 * linked library that defines it too, so every library's call comes here
 * (fsepack's own code calls fprintf, untouched). A format made only of
 * literal text, %s, %d, %u, %% and %.16G, written to a fully buffered,
 * byte-oriented, writable stream, is printed here; everything else — any
 * other conversion, flag, width or precision, more than PIECES_MAX
 * pieces, an unbuffered or line-buffered stream (stderr: glibc prints
 * those through one temporary buffer), a stream not yet byte-oriented or
 * not writable — goes to glibc's own __vfprintf_chk, the va_list
 * untouched (the arguments are read from a copy).
 *
 * The pieces are those glibc 2.36's vfprintf writes: each run of literal
 * text, then each conversion. When they all fit in the stream's buffer
 * (_IO_write_ptr to _IO_write_end, the fields glibc's own putc_unlocked
 * macro writes to) they are copied there, as the stream's xsputn would
 * copy them without flushing. Otherwise each goes to fwrite_unlocked and
 * the first one not written whole makes the call return -1, as
 * vfprintf's outstring does; fwrite_unlocked of n bytes returns n exactly
 * when xsputn wrote them all (fwrite counts an EOF from xsputn as
 * written, but xsputn returns EOF only for a piece that fit whole while a
 * flush was due, i.e. on a line-buffered stream). The call returns the
 * bytes printed, as fprintf. "%.16G" is printed by put_g16 (integers and
 * two-decimal numbers, proof there) or by snprintf with that conversion.
 * Version guard: the stream fields and flags read here, and the pieces,
 * are those of glibc 2.36 (Debian 12), checked by the test; with another
 * glibc (fse_fprintf_glibc_known() false) every call goes to glibc.
 * tests/unit/test_xlsx_fprintf.c checks the bytes, return values, stream
 * error and errno against glibc's (vsnprintf, __vfprintf_chk on files and
 * on /dev/full) for every such format of libxlsxwriter 1.1.4.
 */
#define _GNU_SOURCE   /* fwrite_unlocked, strchrnul */
#include "pieces/xlsx_fprintf.h"
#include "common/library_fn.h"

#include <gnu/libc-version.h>
#include <langinfo.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define PIECES_MAX 24
/* glibc's FILE flags (libio/libio.h; stable since the libio of 1997) */
#define IO_UNBUFFERED 0x0002
#define IO_NO_WRITES  0x0008
#define IO_LINE_BUF   0x0200

typedef int (*vchk_fn)(FILE *, int, const char *, va_list);

static unsigned long fast_calls;

unsigned long fse_fprintf_fast_calls(void)
{
    return fast_calls;
}

/* Writes u in decimal into the end of a 24-byte area ending at end; returns
 * the first digit. */
static char *put_u64(char *end, unsigned long long u)
{
    do { *--end = (char)('0' + u % 10); u /= 10; } while (u);
    return end;
}

/* 0.49 * 10^(n - 16): how far 100 v may be from an integer of n digits for
 * v to print as that integer / 100 (see put_g16). */
static const double near_k[16] = { 0, 0.49e-15, 0.49e-14, 0.49e-13, 0.49e-12, 0.49e-11, 0.49e-10, 0.49e-9,
                                   0.49e-8, 0.49e-7, 0.49e-6, 0.49e-5, 0.49e-4, 0.49e-3, 0.49e-2, 0.49e-1 };

/* Prints "%.16G" of v into buf (32 bytes); returns its first byte, sets
 * *len. Two cases are printed here, the rest by snprintf:
 * - v integral, |v| < 10^16: at most 16 digits, exact at 16 significant
 *   digits, exponent below 16, so %G prints it as %f would, with the
 *   trailing zeros and the point removed: the integer's digits ("-0" for
 *   -0.0);
 * - v the double nearest a decimal with two decimals, k / 100 (hours,
 *   amounts), |v| < 10^13: %.16G rounds v to 16 significant digits, i.e.
 *   to a multiple of 10^(X-15) where X = floor(log10 |v|). When k (n
 *   digits, not a power of ten, so X = n - 3 for v as for k / 100) has
 *   |100 v - k| < 0.5 * 10^(n-16), v is within half that unit of k / 100,
 *   itself a multiple of the unit (X <= 12): the rounding is k / 100
 *   exactly, which %G (-4 <= X < 16: style f) prints without its trailing
 *   zeros. 100 v - k is computed exactly (fma gives the product's error,
 *   hi - k is exact by Sterbenz's lemma) but for the final sum, whose
 *   rounding the 0.49 in place of 0.5 absorbs. The decimal point is the
 *   locale's, as for printf. */
static const char *put_g16(char *buf, double v, size_t *len)
{
    char *end = buf + 31;
    if (v > -1e16 && v < 1e16 && v == (double)(long long)v) {
        long long k = (long long)v;
        bool neg = signbit(v);
        char *p = put_u64(end, neg ? 0ULL - (unsigned long long)k : (unsigned long long)k);
        if (neg) *--p = '-';
        *len = (size_t)(end - p);
        return p;
    }
    if (v > -1e13 && v < 1e13) {
        double hi = v * 100.0, kd = nearbyint(hi);
        double d = (hi - kd) + fma(v, 100.0, -hi);
        unsigned long long u = (unsigned long long)fabs(kd), t = u;
        int n = 1;
        bool pow10 = true;             /* u is 1, 10, 100...: X of v may be one less */
        for (; t >= 10; t /= 10, n++)
            if (t % 10) pow10 = false;
        pow10 = pow10 && t == 1;
        const char *radix = nl_langinfo(RADIXCHAR);
        if (u && !pow10 && fabs(d) < near_k[n] && radix[0] && !radix[1]) {
            unsigned frac = (unsigned)(u % 100);
            char *p = end;
            if (frac) {
                if (frac % 10) *--p = (char)('0' + frac % 10);
                *--p = (char)('0' + frac / 10);
                *--p = radix[0];
            }
            p = put_u64(p, u / 100);
            if (kd < 0) *--p = '-';
            *len = (size_t)(end - p);
            return p;
        }
    }
    int n = snprintf(buf, 32, "%.16G", v);
    *len = n > 0 ? (size_t)n : 0;
    return buf;
}

/* See xlsx_fprintf.h. */
bool fse_fprintf_glibc_known(void)
{
    static int known = -1;
    if (known < 0) known = strcmp(gnu_get_libc_version(), "2.36") == 0;
    return known;
}

int fse_fprintf_chk_v(FILE *fp, int flag, const char *fmt, va_list ap)
{
    static vchk_fn real;
    if (!real) real = (vchk_fn)fse_library_fn("__vfprintf_chk");
    if (!fmt || !fse_fprintf_glibc_known() || fp->_mode >= 0 ||
        (fp->_flags & (IO_UNBUFFERED | IO_NO_WRITES | IO_LINE_BUF)))
        return real(fp, flag, fmt, ap);

    const char *pp[PIECES_MAX];
    size_t pn[PIECES_MAX];
    char num[PIECES_MAX][32];
    size_t np = 0, total = 0;
    bool ok = true;
    va_list aq;
    va_copy(aq, ap);
    for (const char *p = fmt; *p && ok; ) {
        if (np == PIECES_MAX) { ok = false; break; }
        if (*p != '%') {
            const char *e = strchrnul(p, '%');
            pp[np] = p;
            pn[np++] = (size_t)(e - p);
            p = e;
            continue;
        }
        char *end = num[np] + 31;
        switch (p[1]) {
        case 's': {
            const char *s = va_arg(aq, const char *);
            if (!s) s = "(null)";      /* glibc, without a precision */
            pp[np] = s;
            pn[np++] = strlen(s);
            p += 2;
            break;
        }
        case 'd': {
            int d = va_arg(aq, int);
            char *q = put_u64(end, d < 0 ? 0ULL - (unsigned long long)(long long)d : (unsigned long long)d);
            if (d < 0) *--q = '-';
            pp[np] = q;
            pn[np++] = (size_t)(end - q);
            p += 2;
            break;
        }
        case 'u': {
            char *q = put_u64(end, va_arg(aq, unsigned));
            pp[np] = q;
            pn[np++] = (size_t)(end - q);
            p += 2;
            break;
        }
        case '%':
            pp[np] = "%";
            pn[np++] = 1;
            p += 2;
            break;
        case '.':
            if (strncmp(p + 1, ".16G", 4) == 0) {
                pp[np] = put_g16(num[np], va_arg(aq, double), &pn[np]);
                np++;
                p += 5;
                break;
            }
            ok = false;
            break;
        default:
            ok = false;
        }
    }
    va_end(aq);
    for (size_t i = 0; ok && i < np; i++) total += pn[i];
    if (!ok || total > INT_MAX) return real(fp, flag, fmt, ap);

    int ret = (int)total;
    flockfile(fp);
    ptrdiff_t room = fp->_IO_write_ptr ? fp->_IO_write_end - fp->_IO_write_ptr : 0;
    if (room > 0 && (size_t)room >= total) {
        /* all of it fits in the buffer: xsputn would only copy it there */
        char *w = fp->_IO_write_ptr;
        for (size_t i = 0; i < np; i++) w = (char *)memcpy(w, pp[i], pn[i]) + pn[i];
        fp->_IO_write_ptr = w;
    } else {
        for (size_t i = 0; i < np; i++)
            if (pn[i] && fwrite_unlocked(pp[i], 1, pn[i], fp) != pn[i]) { ret = -1; break; }
    }
    funlockfile(fp);
    fast_calls++;
    return ret;
}

/* Replaces glibc's function of the same name (the fortified fprintf):
 * prints fmt's conversions of the arguments to fp, returns the number of
 * bytes printed or -1 on a write error (errno from the write), as glibc
 * does; flag > 0 is _FORTIFY_SOURCE's checking (of %n), done by glibc for
 * every format outside the fast path. */
int __fprintf_chk(FILE *fp, int flag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = fse_fprintf_chk_v(fp, flag, fmt, ap);
    va_end(ap);
    return r;
}
