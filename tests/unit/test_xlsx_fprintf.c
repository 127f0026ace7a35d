/* test_xlsx_fprintf.c — the __fprintf_chk of pieces/xlsx_fprintf.c prints
 * what glibc prints:
 *   - every format libxlsxwriter 1.1.4 passes to fprintf with only %s, %d,
 *     %u, %% and %.16G (listed from the library's binary), with random
 *     and extreme arguments (INT_MIN, INT_MAX, empty, long and NULL
 *     strings, integral doubles around 2^53 and 10^16, -0.0, fractions,
 *     NaN, infinities, subnormals; 300 000 more numbers alone, two
 *     decimals a few ulps off, around the powers of ten, three decimals):
 *     the same bytes as vsnprintf and as
 *     glibc's __vfprintf_chk into a file, the same return value, and the
 *     fast path taken;
 *   - formats and streams outside the fast path (other conversions,
 *     widths, unbuffered, line-buffered, unoriented, wide, read-only
 *     streams) give glibc's result, through glibc;
 *   - on a full device (/dev/full) the calls return what glibc's return,
 *     call by call, with the same error flag and errno.
 * Called directly: this binary defines __fprintf_chk as fsepack does. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "pieces/xlsx_fprintf.h"

int __fprintf_chk(FILE *fp, int flag, const char *fmt, ...);
typedef int (*vchk_fn)(FILE *, int, const char *, va_list);
typedef int (*chk_fn)(FILE *, int, const char *, ...);

static vchk_fn glibc_v;

/* A fully buffered, byte-oriented temporary file, as libxlsxwriter's. */
static FILE *oriented_tmp(void)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    fwide(f, -1);   /* orients the stream to bytes */
    assert_true(fwide(f, 0) < 0);
    return f;
}

/* The bytes written to f so far, NUL-ended (caller frees). */
static char *contents(FILE *f, long *n)
{
    assert_int_equal(fflush(f), 0);
    *n = ftell(f);
    char *s = malloc((size_t)*n + 1);
    rewind(f);
    assert_int_equal(fread(s, 1, (size_t)*n, f), (size_t)*n);
    s[*n] = 0;
    return s;
}

/* The files every SAME call appends to, ours and glibc's, and what they
 * must hold (vsnprintf's outputs one after the other). Many calls on one
 * stream: most outputs go straight into its buffer, the long ones and
 * those at a buffer's end through fwrite. */
static FILE *mine, *theirs;
static char *expect;
static size_t expect_len, expect_cap;

/* fmt with the arguments: the same return value from ours, vsnprintf and
 * glibc's __vfprintf_chk, and the bytes appended to expect; fast: the
 * call must take the fast path. */
static void same_as_glibc(int line, bool fast, const char *fmt, ...)
{
    va_list a, b, c, d;
    va_start(a, fmt);
    va_copy(b, a);
    va_copy(c, a);
    va_copy(d, a);
    int want = vsnprintf(NULL, 0, fmt, a);
    assert_true(want >= 0);
    if (expect_len + (size_t)want + 1 > expect_cap) {
        expect_cap = (expect_len + (size_t)want + 1) * 2;
        expect = realloc(expect, expect_cap);
        assert_non_null(expect);
    }
    vsnprintf(expect + expect_len, (size_t)want + 1, fmt, b);
    expect_len += (size_t)want;
    unsigned long before = fse_fprintf_fast_calls();
    int got = fse_fprintf_chk_v(mine, 1, fmt, c);
    int glibc = glibc_v(theirs, 1, fmt, d);
    bool took = fse_fprintf_fast_calls() == before + 1;
    va_end(a); va_end(b); va_end(c); va_end(d);
    if (got != want || glibc != want)
        fail_msg("line %d, format \"%s\": returned %d (glibc %d, vsnprintf %d)", line, fmt, got, glibc, want);
    if (took != fast)
        fail_msg("line %d, format \"%s\": fast path %s", line, fmt, took ? "taken" : "not taken");
}

static void files_open(void)
{
    mine = oriented_tmp();
    theirs = oriented_tmp();
    expect_len = 0;
}

/* Both files hold exactly what vsnprintf printed. */
static void files_check(void)
{
    long n1, n2;
    char *s1 = contents(mine, &n1), *s2 = contents(theirs, &n2);
    assert_int_equal(n1, (long)expect_len);
    assert_int_equal(n2, (long)expect_len);
    for (size_t i = 0; i < expect_len; i++)
        if (s1[i] != expect[i] || s2[i] != expect[i])
            fail_msg("byte %zu differs: ours \"%.80s\", glibc \"%.80s\", expected \"%.80s\"", i, s1 + i,
                     s2 + i, expect + i);
    free(s1);
    free(s2);
    fclose(mine);
    fclose(theirs);
}
#define SAME(...) same_as_glibc(__LINE__, true, __VA_ARGS__)
#define SAME_SLOW(...) same_as_glibc(__LINE__, false, __VA_ARGS__)

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void)
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return rng;
}

static int rand_int(void)
{
    static const int edge[] = { INT_MIN, INT_MIN + 1, -1, 0, 1, 9, 10, 99, 100, INT_MAX - 1, INT_MAX };
    switch (next() % 4) {
    case 0: return edge[next() % (sizeof edge / sizeof edge[0])];
    case 1: return (int)(next() % 2000) - 1000;
    default: return (int)(uint32_t)next();
    }
}

static double rand_double(void)
{
    static const double edge[] = { 0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1e15, 1e16, -1e16, 9999999999999998.0,
                                   9007199254740992.0, 9007199254740993.0, 1e16 - 2, 1e17, 123456789012345678.0,
                                   1e-5, 1e-4, 0.0001234, 1e300, -1e-300, 5e-324, 2.2250738585072014e-308,
                                   30.81, 12.5, 1e21, 4294967296.0, -2147483648.0 };
    uint64_t bits;
    double v;
    int k;
    switch (next() % 10) {
    case 0: return edge[next() % (sizeof edge / sizeof edge[0])];
    case 1: return (double)(int64_t)(next() % 20000000000000000ull) - 1e16;   /* integers around ±10^16 */
    case 2: return (double)((int)(next() % 200000) - 100000) / 100;            /* hours, amounts */
    case 3: return (double)(int64_t)(next() >> (next() % 64)) * ((next() & 1) ? 1 : -1);
    case 4: return next() & 1 ? NAN : (next() & 1 ? INFINITY : -INFINITY);
    case 5:                                        /* two decimals, any size up to and past 10^13 */
        v = (double)(int64_t)(next() >> (next() % 64 | 7)) / 100;
        return next() & 1 ? v : -v;
    case 6:                                        /* a few ulps off two decimals */
        v = (double)(int64_t)(next() % 100000000000ull) / 100;
        for (k = (int)(next() % 5); k; k--) v = nextafter(v, next() & 1 ? INFINITY : 0);
        return v;
    case 7:                                        /* around powers of ten, tenths, hundredths */
        v = pow(10, (double)(int)(next() % 20) - 3) * (double)(1 + next() % 3) / (next() & 1 ? 1 : 3);
        for (k = (int)(next() % 4); k; k--) v = nextafter(v, next() & 1 ? INFINITY : 0);
        return v;
    case 8: return (double)(int64_t)(next() % 100000000) / 1000;               /* three decimals */
    default:
        bits = next();
        memcpy(&v, &bits, sizeof v);
        return v;
    }
}

/* A random text: empty, short, long, with '%' and UTF-8, or NULL. */
static const char *rand_str(char *buf, size_t cap)
{
    size_t n;
    switch (next() % 6) {
    case 0: return "";
    case 1: return "Bâtiment « Océane » 100 %d %s %%";
    case 2: return next() % 8 ? "B12" : NULL;
    case 3: n = cap - 1; break;                        /* long */
    default: n = next() % 64;
    }
    for (size_t i = 0; i < n; i++) buf[i] = (char)('!' + next() % 94);
    buf[n] = 0;
    return buf;
}

/* The formats of libxlsxwriter 1.1.4 (libxlsxwriter.so.4 of Debian 12)
 * whose conversions are all in the fast path, by argument types. */
static void test_formats(void **state)
{
    (void)state;
    static char b1[20000], b2[300], b3[300];
    files_open();
    for (int it = 0; it < 20000; it++) {
        const char *s1 = rand_str(b1, it % 50 ? 300 : sizeof b1), *s2 = rand_str(b2, sizeof b2),
                   *s3 = rand_str(b3, sizeof b3);
        int d1 = rand_int(), d2 = rand_int(), d3 = rand_int();
        double g = rand_double();
        /* xmlwriter.c */
        SAME("<%s", s1);
        SAME("</%s>", s1);
        SAME(" %s=", s1);
        SAME("\"%s\"", s1);
        SAME(" %s=\"%s\"", s1, s2);
        SAME("<o:idmap v:ext=\"edit\" data=\"%s\"/>", s1);
        /* sst.c */
        SAME("<si>%s</si>", s1);
        /* worksheet.c, the cells of constant_memory and of the sheets */
        SAME("<c r=\"%s\" s=\"%d\"><v>%.16G</v></c>", s2, d1, g);
        SAME("<c r=\"%s\"><v>%.16G</v></c>", s2, g);
        SAME("<c r=\"%s\" s=\"%d\" t=\"s\"><v>%d</v></c>", s2, d1, d2);
        SAME("<c r=\"%s\" t=\"s\"><v>%d</v></c>", s2, d1);
        SAME("<c r=\"%s\" t=\"inlineStr\"><is><t xml:space=\"preserve\">%s</t></is></c>", s2, s1);
        SAME("<c r=\"%s\" s=\"%d\" t=\"inlineStr\"><is><t xml:space=\"preserve\">%s</t></is></c>", s2, d1, s1);
        SAME("<c r=\"%s\" s=\"%d\" t=\"inlineStr\"><is><t>%s</t></is></c>", s2, d1, s1);
        SAME("<c r=\"%s\" t=\"inlineStr\"><is><t>%s</t></is></c>", s2, s1);
        SAME("<c r=\"%s\" s=\"%d\" t=\"inlineStr\"><is>%s</is></c>", s2, d1, s1);
        SAME("<c r=\"%s\" t=\"inlineStr\"><is>%s</is></c>", s2, s1);
        /* its messages (to stderr in the library: there the slow path) */
        SAME("[ERROR][%s:%d]: Memory allocation failed.\n", s3, d1);
        SAME("[WARNING]: workbook_add_worksheet(): worksheet name '%s' has error: %s\n", s3, s2);
        SAME("[WARNING]: worksheet_filter_column(): Column '%d' is outside autofilter range '%d <= col <= %d'.\n",
             d1, d2, d3);
        SAME("[WARNING]: worksheet_write_url()/_opt(): URL exceeds Excel's allowable length of %d characters: %s\n",
             d1, s3);
        /* the other conversions of the fast path */
        SAME("%u%%%u %%", (unsigned)d1, (unsigned)d2);
        SAME("%.16G", g);
        SAME("%.16G|%.16G|%d", g, -g, d3);
    }
    SAME("");
    SAME("%%");
    SAME("plain text, no conversion\n");
    SAME("%s", (const char *)NULL);
    files_check();
}

/* Many numbers alone: "%.16G" of every kind of double, as glibc prints it. */
static void test_numbers(void **state)
{
    (void)state;
    files_open();
    for (int it = 0; it < 300000; it++) SAME("<v>%.16G</v>", rand_double());
    for (int e = -3; e <= 16; e++)             /* each power of ten, two ulps around */
        for (double v = nextafter(nextafter(pow(10, e), 0), 0); v < nextafter(nextafter(pow(10, e), 1e300), 1e300);
             v = nextafter(v, 1e300)) {
            SAME("%.16G", v);
            SAME("%.16G", -v);
        }
    files_check();
}

static void test_outside(void **state)
{
    (void)state;
    /* formats: each goes to glibc */
    files_open();
    SAME_SLOW("[WARNING]: worksheet_add_table(): invalid first character '%c' in table name \"%s\".\n", 'x', "T");
    SAME_SLOW("top/bottom items (%g) must by in range 1-1000\n", 1001.5);
    SAME_SLOW("%5d|%-4s|%.3s", 42, "ab", "abcdef");
    SAME_SLOW("%.15G", 0.1);
    SAME_SLOW("%.16g", 1e20);
    SAME_SLOW("%ld %zu", -5L, (size_t)7);
    SAME_SLOW("%x", 255);
    /* more pieces than the fast path keeps */
    SAME_SLOW("%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
              14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25);
    files_check();

    /* streams */
    unsigned long before = fse_fprintf_fast_calls();
    FILE *f = tmpfile();
    assert_non_null(f);                                        /* not yet oriented */
    assert_int_equal(__fprintf_chk(f, 1, "<%s>", "a"), 3);
    assert_true(fwide(f, 0) < 0);                              /* glibc oriented it */
    FILE *u = tmpfile();
    setvbuf(u, NULL, _IONBF, 0);
    fwide(u, -1);
    assert_int_equal(__fprintf_chk(u, 1, "<%s>", "ab"), 4);
    FILE *l = tmpfile();
    setvbuf(l, NULL, _IOLBF, 0);
    fwide(l, -1);
    assert_int_equal(__fprintf_chk(l, 1, "<%s>\n", "ab"), 5);
    assert_int_equal(fse_fprintf_fast_calls(), before);        /* all through glibc */
    long n;
    char *s = contents(u, &n);
    assert_string_equal(s, "<ab>");
    free(s);
    s = contents(l, &n);
    assert_string_equal(s, "<ab>\n");
    free(s);
    assert_int_equal(__fprintf_chk(f, 1, "<%s>", "b"), 3);    /* now byte-oriented: fast */
    assert_int_equal(fse_fprintf_fast_calls(), before + 1);
    s = contents(f, &n);
    assert_string_equal(s, "<a><b>");
    free(s);
    fclose(f); fclose(u); fclose(l);

    FILE *w = tmpfile();                                       /* wide: -1, as glibc */
    assert_true(fwide(w, 1) > 0);
    assert_int_equal(__fprintf_chk(w, 1, "<%s>", "a"), -1);
    fclose(w);
    FILE *r = fopen("/dev/null", "r");                         /* read-only: -1, EBADF, error flag */
    assert_non_null(r);
    fwide(r, -1);
    errno = 0;
    assert_int_equal(__fprintf_chk(r, 1, "<%s>", "a"), -1);
    assert_int_equal(errno, EBADF);
    assert_true(ferror(r));
    fclose(r);
}

/* On /dev/full, ours and glibc's return the same values call by call. */
static void test_full_device(void **state)
{
    (void)state;
    chk_fn glibc = (chk_fn)dlsym(RTLD_NEXT, "__fprintf_chk");
    assert_non_null(glibc);
    assert_true(glibc != __fprintf_chk);
    FILE *mine = fopen("/dev/full", "w"), *theirs = fopen("/dev/full", "w");
    assert_non_null(mine);
    assert_non_null(theirs);
    fwide(mine, -1);
    fwide(theirs, -1);
    static char big[10000];
    memset(big, 'x', sizeof big - 1);
    unsigned long before = fse_fprintf_fast_calls();
    int fails = 0;
    for (int i = 0; i < 20000; i++) {
        const char *s = i % 97 == 0 ? big : "B12";
        errno = 0;
        int a = __fprintf_chk(mine, 1, "<c r=\"%s\" s=\"%d\" t=\"s\"><v>%d</v></c>", s, i, -i);
        int ea = errno;
        errno = 0;
        int b = glibc(theirs, 1, "<c r=\"%s\" s=\"%d\" t=\"s\"><v>%d</v></c>", s, i, -i);
        int eb = errno;
        if (a != b || ea != eb || !ferror(mine) != !ferror(theirs))
            fail_msg("call %d: returned %d errno %d error %d, glibc %d errno %d error %d", i, a, ea,
                     ferror(mine), b, eb, ferror(theirs));
        fails += a < 0;
        a = __fprintf_chk(mine, 1, "<v>%.16G</v>", i * 0.25);
        b = glibc(theirs, 1, "<v>%.16G</v>", i * 0.25);
        assert_int_equal(a, b);
        fails += a < 0;
    }
    assert_true(fails > 100);
    assert_int_equal(fse_fprintf_fast_calls(), before + 40000);
    assert_int_equal(fclose(mine), fclose(theirs));
}

int main(void)
{
    glibc_v = (vchk_fn)dlsym(RTLD_NEXT, "__vfprintf_chk");
    if (!glibc_v) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_outside),
        cmocka_unit_test(test_full_device),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
