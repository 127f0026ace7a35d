/* test_pdf_zstreams.c — pdf_zstreams.c's HPDF_Stream_WriteToStreamWithDeflate
 * writes a zlib stream that decodes to the source stream's bytes, as
 * libharu's own (dlsym RTLD_NEXT) does, for an empty stream, a short one
 * and one of several memory-stream blocks (a font file's size). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <dlfcn.h>
#include <zlib.h>
#include <cmocka.h>

#include <hpdf.h>
#include <hpdf_streams.h>

#include "pieces/pdf_internal.h"

typedef HPDF_STATUS (*deflate_fn)(HPDF_Stream, HPDF_Stream, HPDF_Encrypt);

/* The bytes of memory stream s. */
static unsigned char *all(HPDF_Stream s, HPDF_UINT *n)
{
    *n = s->size;
    unsigned char *b = malloc(*n ? *n : 1);
    HPDF_UINT got = *n;
    assert_int_equal(HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET), HPDF_OK);
    if (*n) assert_int_equal(HPDF_Stream_Read(s, b, &got), HPDF_OK);
    assert_int_equal(got, *n);
    return b;
}

static void decodes_to_source(void **state)
{
    (void)state;
    deflate_fn real = (deflate_fn)dlsym(RTLD_NEXT, "HPDF_Stream_WriteToStreamWithDeflate");
    assert_non_null(real);
    assert_true(real != HPDF_Stream_WriteToStreamWithDeflate);
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    static const HPDF_UINT sizes[] = { 0, 7, 300000 };
    for (size_t t = 0; t < 3; t++) {
        HPDF_Stream src = HPDF_MemStream_New(pdf->mmgr, 4096);
        unsigned char *data = malloc(sizes[t] + 1);
        for (HPDF_UINT i = 0; i < sizes[t]; i++) data[i] = (unsigned char)((i * 7919u) % 251u % (i % 3 ? 13 : 256));
        if (sizes[t]) assert_int_equal(HPDF_Stream_Write(src, data, sizes[t]), HPDF_OK);
        for (int way = 0; way < 2; way++) {
            HPDF_Stream dst = HPDF_MemStream_New(pdf->mmgr, 4096);
            assert_int_equal(way ? real(src, dst, NULL) : HPDF_Stream_WriteToStreamWithDeflate(src, dst, NULL),
                             HPDF_OK);
            HPDF_UINT zn;
            unsigned char *z = all(dst, &zn);
            assert_true(zn >= 8);
            uLongf back = sizes[t] + 16;
            unsigned char *plain = malloc(back);
            assert_int_equal(uncompress(plain, &back, z, zn), Z_OK);
            assert_int_equal(back, sizes[t]);
            if (back) assert_memory_equal(plain, data, back);
            free(plain);
            free(z);
            HPDF_Stream_Free(dst);
        }
        free(data);
        HPDF_Stream_Free(src);
    }
    HPDF_Free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decodes_to_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
