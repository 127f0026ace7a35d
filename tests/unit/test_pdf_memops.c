/* test_pdf_memops.c — pdf_memops.c's HPDF_MemCpy and HPDF_MemSet give what
 * libharu's byte loops give (found with dlsym RTLD_NEXT): the same bytes
 * and the same returned pointer, for sizes 0 to 600 at every alignment,
 * and for copies between overlapping areas in both directions. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_as_libharu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
