/* test_pdf_show.c — pdf_show.c writes what libharu writes: the same content
 * stream bytes as HPDF_Page_SetTextMatrix + HPDF_Page_ShowText, the same
 * page state after each line, the same glyphs marked as used (embedded),
 * and pdf_width gives HPDF_Font_TextWidth's value, for every BMP code point
 * of both fonts of the pièces and for mixed lines; pdf_fits agrees with
 * HPDF_Font_MeasureText; pdf_ops.c's path and colour operators write
 * libharu's bytes and state. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hpdf.h>
#include <hpdf_fontdef.h>
#include <hpdf_font.h>
#include <hpdf_gstate.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include "pieces/pdf_internal.h"
#include "pdf_font_fixture.h"

static HPDF_Font load(HPDF_Doc pdf, const char *file)
{
    const char *name = fixture_load_ttf(pdf, file);
    HPDF_Font f = HPDF_GetFont(pdf, name, "UTF-8");
    assert_non_null(f);
    return f;
}

/* UTF-8 of code point u (BMP) at p; returns the byte count. */
static size_t utf8(char *p, unsigned u)
{
    if (u < 0x80) { p[0] = (char)u; return 1; }
    if (u < 0x800) { p[0] = (char)(0xC0 | (u >> 6)); p[1] = (char)(0x80 | (u & 0x3F)); return 2; }
    p[0] = (char)(0xE0 | (u >> 12));
    p[1] = (char)(0x80 | ((u >> 6) & 0x3F));
    p[2] = (char)(0x80 | (u & 0x3F));
    return 3;
}

/* The lines drawn: every code point from 0x20 (surrogates included: the
 * encoder takes them as any 3-byte sequence) 40 to a line, then words of
 * the pièces, spaces, zero-width characters, a control character (the
 * libharu path) and a line longer than the fast path's buffer. */
static size_t make_lines(char ***out)
{
    size_t n = 0, cap = 4096;
    char **v = malloc(cap * sizeof *v);
    for (unsigned u = 0x20; u <= 0xFFFF; u += 40) {
        char *s = malloc(40 * 3 + 1), *p = s;
        for (unsigned k = u; k < u + 40 && k <= 0xFFFF; k++) p += utf8(p, k);
        *p = 0;
        v[n++] = s;
    }
    static const char *fixed[] = { "Total", "N° mise en relation", "12 345,67 €", "  ", " a ",
                                   "\xE2\x80\x8B", "\xE2\x80\x8B\xE2\x80\x8B", "\xE2\x96\xA1",
                                   "é\xC2\xA0à", "tab\there", "ABCDEFGHIJKLMNOPQRSTUVWXYZ" };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) v[n++] = strdup(fixed[i]);
    char *big = malloc(3000);
    for (int i = 0; i < 2999; i++) big[i] = (char)('a' + i % 26);
    big[2999] = 0;
    v[n++] = big;
    *out = v;
    return n;
}

/* Reads the whole content stream of page p. */
static unsigned char *stream_bytes(HPDF_Page p, size_t *len)
{
    HPDF_Stream s = ((HPDF_PageAttr)p->attr)->stream;
    HPDF_UINT32 n = s->size;
    unsigned char *b = malloc(n ? n : 1);
    HPDF_UINT got = n;
    assert_int_equal(HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET), HPDF_OK);
    if (n) assert_int_equal(HPDF_Stream_Read(s, b, &got), HPDF_OK);
    assert_int_equal(got, n);
    *len = n;
    return b;
}

/* Asserts that pages p0 and p1 have the same content stream, of more
 * than min bytes. */
static void assert_same_stream(HPDF_Page p0, HPDF_Page p1, size_t min)
{
    size_t n0, n1;
    unsigned char *b0 = stream_bytes(p0, &n0), *b1 = stream_bytes(p1, &n1);
    assert_true(n0 > min);
    assert_int_equal(n0, n1);
    assert_memory_equal(b0, b1, n0);
    free(b0);
    free(b1);
}

/* The lines on page p, by libharu's two calls or (fast) by pdf_show. */
static void draw(pdf_ctx *c, bool fast, HPDF_Page p, HPDF_Font reg, HPDF_Font bold, char **lines, size_t nl)
{
    if (setjmp(c->jb)) fail_msg("libharu error in pdf_show");
    for (size_t i = 0; i < nl; i++) {
        HPDF_Font f = i % 2 ? bold : reg;
        float size = i % 3 ? 8.0f : 9.5f;
        float x = 36.0f + (float)(i % 97) * 7.31f, y = 800.0f - (float)i * 0.7371f;
        HPDF_Page_SetFontAndSize(p, f, size);
        if (!fast) {
            HPDF_Page_SetTextMatrix(p, 1, 0, 0, 1, x, y);
            HPDF_Page_ShowText(p, lines[i]);
        } else {
            pdf_show(c, x, y, lines[i], strlen(lines[i]));
        }
    }
}

static void same_bytes_state_and_glyphs(void **state)
{
    (void)state;
    char **lines;
    size_t nl = make_lines(&lines);
    HPDF_Doc doc[2];
    HPDF_Page page[2];
    HPDF_Font fonts[2][2];
    pdf_ctx *c = calloc(1, sizeof *c);
    for (int k = 0; k < 2; k++) {
        doc[k] = HPDF_New(NULL, NULL);
        assert_non_null(doc[k]);
        HPDF_UseUTFEncodings(doc[k]);
        HPDF_SetCurrentEncoder(doc[k], "UTF-8");
        HPDF_Font reg = fonts[k][0] = load(doc[k], "LiberationSans-Regular.ttf");
        HPDF_Font bold = fonts[k][1] = load(doc[k], "LiberationSans-Bold.ttf");
        page[k] = HPDF_AddPage(doc[k]);
        HPDF_Page_BeginText(page[k]);
        if (k == 1) { c->pdf = doc[k]; c->page = page[k]; c->reg = reg; c->bold = bold; }
        draw(c, k == 1, page[k], reg, bold, lines, nl);
        HPDF_Page_EndText(page[k]);
    }
    assert_same_stream(page[0], page[1], 100000);
    HPDF_PageAttr a0 = page[0]->attr, a1 = page[1]->attr;
    assert_memory_equal(&a0->text_pos, &a1->text_pos, sizeof a0->text_pos);
    assert_memory_equal(&a0->text_matrix, &a1->text_matrix, sizeof a0->text_matrix);
    /* the glyphs marked for embedding: the same in both documents */
    for (int f = 0; f < 2; f++) {
        HPDF_FontDef d0 = ((HPDF_FontAttr)fonts[0][f]->attr)->fontdef;
        HPDF_FontDef d1 = ((HPDF_FontAttr)fonts[1][f]->attr)->fontdef;
        HPDF_TTFontDefAttr t0 = d0->attr, t1 = d1->attr;
        assert_int_equal(t0->num_glyphs, t1->num_glyphs);
        assert_memory_equal(t0->glyph_tbl.flgs, t1->glyph_tbl.flgs, t0->num_glyphs);
        size_t used = 0;
        for (unsigned g = 0; g < t0->num_glyphs; g++) used += t0->glyph_tbl.flgs[g] != 0;
        assert_true(used > 1000);
    }
    pdf_show_free(c);
    fse_sb_free(&c->tmp);   /* the copies of the lines libharu drew */
    for (size_t i = 0; i < nl; i++) free(lines[i]);
    free(lines);
    free(c);
    HPDF_Free(doc[0]);
    HPDF_Free(doc[1]);
}

/* A UTF-8 document and a context with both fonts, as fse_pdf_write makes
 * them; the caller frees c (pdf_show_free, free) and *pdf (HPDF_Free). */
static pdf_ctx *ctx_with_fonts(HPDF_Doc *pdf)
{
    *pdf = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(*pdf);
    HPDF_SetCurrentEncoder(*pdf, "UTF-8");
    pdf_ctx *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->pdf = *pdf;
    c->reg = load(*pdf, "LiberationSans-Regular.ttf");
    c->bold = load(*pdf, "LiberationSans-Bold.ttf");
    return c;
}

static void width_as_libharu(void **state)
{
    (void)state;
    HPDF_Doc pdf;
    pdf_ctx *c = ctx_with_fonts(&pdf);
    char buf[3 * 64 + 1];
    size_t differ = 0;
    for (int f = 0; f < 2; f++) {
        HPDF_Font font = f ? c->bold : c->reg;
        for (unsigned u = 1; u <= 0xFFFF; u++) {   /* one character, then 64 */
            size_t n = utf8(buf, u);
            HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)buf, (HPDF_UINT)n);
            if (pdf_width(c, font, 9.5f, buf, n) != (float)(tw.width * 9.5 / 1000.0)) differ++;
        }
        for (unsigned u = 0x20; u + 64 <= 0xFFFF; u += 64) {
            size_t n = 0;
            for (unsigned k = u; k < u + 64; k++) n += utf8(buf + n, k);
            HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)buf, (HPDF_UINT)n);
            if (pdf_width(c, font, 8.0f, buf, n) != (float)(tw.width * 8.0 / 1000.0)) differ++;
        }
    }
    assert_int_equal(differ, 0);
    assert_true(pdf_width(c, c->reg, 10, "Total", 5) > 20);
    /* malformed or 4-byte UTF-8: libharu's answer all the same */
    const char *odd = "a\xF0\x9F\x98\x80z\xC3";
    HPDF_TextWidth tw = HPDF_Font_TextWidth(c->reg, (const HPDF_BYTE *)odd, (HPDF_UINT)strlen(odd));
    assert_true(pdf_width(c, c->reg, 10, odd, strlen(odd)) == (float)(tw.width * 10 / 1000.0));
    pdf_show_free(c);
    free(c);
    HPDF_Free(pdf);
}

/* pdf_fits never claims a fit MeasureText would not find, and finds most:
 * texts of 1 to 60 characters against widths around their own width. */
static void fits_as_measure_text(void **state)
{
    (void)state;
    HPDF_Doc pdf;
    pdf_ctx *c = ctx_with_fonts(&pdf);
    static const char *words[] = { "Dupont", "é", "12 345,67", "N°", "Marché", "l'Agenais", " ", "□" };
    char buf[1024];
    size_t claimed = 0, wrong = 0;
    for (unsigned seed = 1; seed < 3000; seed++) {
        size_t n = 0;
        unsigned r = seed;
        for (unsigned w = 0; w < 1 + seed % 12; w++) {
            r = r * 1103515245u + 12345u;
            const char *x = words[(r >> 16) % 8];
            memcpy(buf + n, x, strlen(x));
            n += strlen(x);
        }
        HPDF_Font f = seed % 2 ? c->bold : c->reg;
        float size = seed % 3 ? 8.0f : 9.5f;
        float own = pdf_width(c, f, size, buf, n);
        for (int d = -3; d <= 3; d++) {
            float width = own + (float)d * 1e-4f;
            if (!pdf_fits(c, f, size, buf, n, width)) continue;
            claimed++;
            HPDF_REAL real = 0;
            if (HPDF_Font_MeasureText(f, (const HPDF_BYTE *)buf, (HPDF_UINT)n, width, size, 0, 0,
                                      HPDF_TRUE, &real) != n)
                wrong++;
        }
        if (pdf_fits(c, f, size, buf, n, own + 0.01f)) claimed++;
        else wrong++;   /* a clear fit must be seen */
    }
    assert_int_equal(wrong, 0);
    assert_true(claimed >= 3000);
    pdf_show_free(c);
    free(c);
    HPDF_Free(pdf);
}

/* A number for the operators: positions, lengths, colours, tiny, negative,
 * huge (clamped by HPDF_FToA) from a simple generator. */
static float value(unsigned *r, int kind)
{
    *r = *r * 1103515245u + 12345u;
    float u = (float)((*r >> 8) & 0xFFFFFF) / 16777216.0f;
    switch (kind) {
    case 0: return u * 842.0f;                 /* a position */
    case 1: return u;                          /* a colour */
    case 2: return (u - 0.5f) * 1e-4f;         /* next to 0 */
    default: return (u - 0.5f) * 80000.0f;     /* beyond libharu's +-32767 */
    }
}

/* The operators on page of doc, by libharu or (fast) by pdf_ops.c. */
static void ops_draw(pdf_ctx *c, bool fast, HPDF_Doc doc, HPDF_Page page)
{
    c->pdf = doc;
    c->page = page;
    if (setjmp(c->jb)) fail_msg("libharu error in pdf_ops");
    unsigned r = 7;
    for (int i = 0; i < 20000; i++) {
        int kind = i % 10 == 9 ? 3 : i % 10 == 8 ? 2 : 0;
        float v[4] = { value(&r, kind), value(&r, kind), value(&r, kind), value(&r, kind) };
        float g[3] = { value(&r, 1), value(&r, 1), i % 50 == 0 ? 1.5f : value(&r, 1) };
        if (!fast) HPDF_Page_SetRGBFill(page, g[0], g[1], g[2]);
        else pdf_op_rgb_fill(c, g[0], g[1], g[2]);
        if (!fast) HPDF_Page_Rectangle(page, v[0], v[1], v[2], v[3]);
        else pdf_op_rect(c, v[0], v[1], v[2], v[3]);
        HPDF_Page_Fill(page);
        if (!fast) { HPDF_Page_MoveTo(page, v[1], v[0]); HPDF_Page_LineTo(page, v[3], v[2]); }
        else { pdf_op_moveto(c, v[1], v[0]); pdf_op_lineto(c, v[3], v[2]); }
        HPDF_Page_Stroke(page);
        HPDF_ResetError(doc);   /* after the colour 1.5: libharu skips calls until then */
        if (i % 7 == 0) {   /* a colour inside a text object, a line outside any path */
            HPDF_Page_BeginText(page);
            if (!fast) HPDF_Page_SetRGBFill(page, g[2] > 1 ? 0.5f : g[2], g[0], g[1]);
            else pdf_op_rgb_fill(c, g[2] > 1 ? 0.5f : g[2], g[0], g[1]);
            HPDF_Page_EndText(page);
            if (!fast) HPDF_Page_LineTo(page, 1, 2);
            else pdf_op_lineto(c, 1, 2);
            HPDF_ResetError(doc);
        }
    }
}

/* pdf_ops.c writes libharu's bytes and leaves its page state. */
static void ops_as_libharu(void **state)
{
    (void)state;
    HPDF_Doc doc[2];
    HPDF_Page page[2];
    pdf_ctx *c = calloc(1, sizeof *c);
    for (int k = 0; k < 2; k++) {
        doc[k] = HPDF_New(NULL, NULL);
        page[k] = HPDF_AddPage(doc[k]);
        ops_draw(c, k == 1, doc[k], page[k]);
    }
    assert_same_stream(page[0], page[1], 500000);
    HPDF_PageAttr a0 = page[0]->attr, a1 = page[1]->attr;
    assert_memory_equal(&a0->cur_pos, &a1->cur_pos, sizeof a0->cur_pos);
    assert_memory_equal(&a0->str_pos, &a1->str_pos, sizeof a0->str_pos);
    assert_int_equal(a0->gmode, a1->gmode);
    assert_memory_equal(&a0->gstate->rgb_fill, &a1->gstate->rgb_fill, sizeof a0->gstate->rgb_fill);
    assert_int_equal(a0->gstate->cs_fill, a1->gstate->cs_fill);
    free(c);
    HPDF_Free(doc[0]);
    HPDF_Free(doc[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_bytes_state_and_glyphs),
        cmocka_unit_test(width_as_libharu),
        cmocka_unit_test(fits_as_measure_text),
        cmocka_unit_test(ops_as_libharu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
