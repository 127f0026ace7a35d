/* test_pdf_memops.c — pdf_memops.c's HPDF_MemCpy and HPDF_MemSet give what
 * libharu's byte loops give (found with dlsym RTLD_NEXT): the same bytes
 * and the same returned pointer, for sizes 0 to 600 at every alignment,
 * and for copies between overlapping areas in both directions; and
 * pdf_ops.c's pdf_ftoa (HPDF_FToA's texts kept by float) writes what
 * HPDF_FToA writes, over a million floats, each met twice in a row (the
 * second from the kept text) and again later (its slot taken meanwhile): table coordinates, random bits within and
 * beyond libharu's limits, signed zeros. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <dlfcn.h>
#include <cmocka.h>

#include <hpdf.h>
#include <hpdf_utils.h>
#include <stdio.h>

#include "pieces/pdf_internal.h"

typedef HPDF_BYTE *(*memcpy_fn)(HPDF_BYTE *, const HPDF_BYTE *, HPDF_UINT);
typedef void *(*memset_fn)(void *, HPDF_BYTE, HPDF_UINT);

static void fill(HPDF_BYTE *b, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) b[i] = (HPDF_BYTE)(seed * 31 + i * 7 + (i >> 3));
}

static void same_as_libharu(void **state)
{
    (void)state;
    memcpy_fn real_cpy = (memcpy_fn)dlsym(RTLD_NEXT, "HPDF_MemCpy");
    memset_fn real_set = (memset_fn)dlsym(RTLD_NEXT, "HPDF_MemSet");
    assert_non_null(real_cpy);
    assert_non_null(real_set);
    assert_true(real_cpy != HPDF_MemCpy && real_set != HPDF_MemSet);
    HPDF_BYTE a[1400], b[1400];
    for (unsigned n = 0; n <= 600; n += (n < 40 ? 1 : 37)) {
        for (unsigned off = 0; off < 8; off++) {
            /* separate areas */
            fill(a, sizeof a, n + off);
            memcpy(b, a, sizeof a);
            HPDF_BYTE *ra = real_cpy(a + 700 + off, a + off, n), *rb = HPDF_MemCpy(b + 700 + off, b + off, n);
            assert_ptr_equal(ra - a, rb - b);
            assert_memory_equal(a, b, sizeof a);
            /* overlapping, forward and backward */
            for (int d = -5; d <= 5; d++) {
                fill(a, sizeof a, n * 3 + off);
                memcpy(b, a, sizeof a);
                ra = real_cpy(a + 100 + off + d, a + 100 + off, n);
                rb = HPDF_MemCpy(b + 100 + off + d, b + 100 + off, n);
                assert_ptr_equal(ra - a, rb - b);
                assert_memory_equal(a, b, sizeof a);
            }
            fill(a, sizeof a, n);
            memcpy(b, a, sizeof a);
            void *sa = real_set(a + off, (HPDF_BYTE)(n + 1), n), *sb = HPDF_MemSet(b + off, (HPDF_BYTE)(n + 1), n);
            assert_ptr_equal((HPDF_BYTE *)sa - a, (HPDF_BYTE *)sb - b);
            assert_memory_equal(a, b, sizeof a);
        }
    }
}

static void check_ftoa_once(float v)
{
    char want[32], got[32];
    memset(want, 0, sizeof want);
    memset(got, 0, sizeof got);
    char *we = HPDF_FToA(want, v, want + 15), *ge = pdf_ftoa(got, v);
    if (we - want != ge - got || memcmp(want, got, (size_t)(we - want)))
        fail_msg("pdf_ftoa(%a): '%.*s', HPDF_FToA: '%.*s'", (double)v, (int)(ge - got), got, (int)(we - want), want);
}

/* v twice in a row: the second time surely from the kept text */
static void check_ftoa(float v)
{
    check_ftoa_once(v);
    check_ftoa_once(v);
}

static void ftoa_same_as_libharu(void **state)
{
    (void)state;
    uint32_t x = 2463534242u;
    for (int pass = 0; pass < 2; pass++)   /* the second pass meets the kept texts */
        for (int i = 0; i < 250000; i++) {
            check_ftoa((float)i * 0.25f - 300.0f);
            check_ftoa((float)(i % 5000) * 0.1f + 28.346457f);
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            float r;
            uint32_t bits = x & 0xC7FFFFFFu;   /* exponents up to 2^64: beyond 32767 too */
            memcpy(&r, &bits, sizeof r);
            check_ftoa(r);
            check_ftoa((float)(int32_t)(x % 80000) / 1000.0f - 40.0f);
        }
    check_ftoa(0.0f);
    check_ftoa(-0.0f);
    check_ftoa(32767.0f);
    check_ftoa(-32767.0f);
    check_ftoa(99999.0f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_as_libharu),
        cmocka_unit_test(ftoa_same_as_libharu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
