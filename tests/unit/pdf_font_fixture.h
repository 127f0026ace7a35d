/* pdf_font_fixture.h — what test_pdf_show.c and test_pdf_glyphs.c share:
 * loading one of the Liberation fonts fsepack embeds into a libharu
 * document. */
#ifndef PDF_FONT_FIXTURE_H
#define PDF_FONT_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include <hpdf.h>

/* Loads file (e.g. "LiberationSans-Regular.ttf") from $FSEPACK_FONT_DIR,
 * else Debian's fonts-liberation2 folder, embedded, into pdf; returns the
 * font name libharu gave it (owned by pdf). Fails the test when libharu
 * cannot load it. */
static inline const char *fixture_load_ttf(HPDF_Doc pdf, const char *file)
{
    const char *d = getenv("FSEPACK_FONT_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", d && *d ? d : "/usr/share/fonts/truetype/liberation2", file);
    const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
    assert_non_null(name);
    return name;
}

#endif
