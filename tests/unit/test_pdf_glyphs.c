/* test_pdf_glyphs.c — the memo of pdf_glyphs.c answers exactly as libharu's
 * HPDF_TTFontDef_GetGlyphid, for every BMP code point of both fonts the
 * PDF pièces embed, in a first document (table filled) and in a second one
 * (new font definitions of the same files: table reused). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <dlfcn.h>
#include <cmocka.h>

#include <hpdf.h>
#include <hpdf_fontdef.h>

#include "pieces/pdf_internal.h"
#include "pdf_font_fixture.h"

typedef HPDF_UINT16 (*glyphid_fn)(HPDF_FontDef, HPDF_UINT16);

/* Loads the font file into pdf and returns its definition. */
static HPDF_FontDef load(HPDF_Doc pdf, const char *file)
{
    const char *name = fixture_load_ttf(pdf, file);
    HPDF_FontDef def = HPDF_GetFontDef(pdf, name);
    assert_non_null(def);
    return def;
}

static void same_as_libharu(void **state)
{
    (void)state;
    glyphid_fn real = (glyphid_fn)dlsym(RTLD_NEXT, "HPDF_TTFontDef_GetGlyphid");
    assert_non_null(real);
    assert_true(real != HPDF_TTFontDef_GetGlyphid);
    static const char *files[] = { "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf" };
    for (int doc = 0; doc < 2; doc++) {
        pdf_glyphs_forget();
        HPDF_Doc pdf = HPDF_New(NULL, NULL);
        assert_non_null(pdf);
        for (int f = 0; f < 2; f++) {
            HPDF_FontDef def = load(pdf, files[f]);
            size_t differ = 0, mapped = 0;
            for (unsigned u = 0; u <= 0xFFFF; u++) {
                HPDF_UINT16 want = real(def, (HPDF_UINT16)u);
                if (HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)u) != want) differ++;
                if (want) mapped++;
            }
            assert_int_equal(differ, 0);
            assert_true(mapped > 2000);   /* Latin, Greek, Cyrillic, symbols… */
            /* asked again: from the table */
            assert_int_equal(HPDF_TTFontDef_GetGlyphid(def, 'A'), real(def, 'A'));
            assert_int_not_equal(real(def, 0x00E9), 0);   /* é */
        }
        HPDF_Free(pdf);
        pdf_glyphs_forget();
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_as_libharu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
