/* pdf_show.c — the hot path of the text of the PDF pièces: widths from a
 * table per font and document, and one line of text written to the page's
 * content stream in one piece, the very bytes libharu 2.3.0 writes.
 *
 * Why (issue 8, callgrind on the 10 000-row bench, perf at 1 M rows): a
 * list of a million cells drew each one with HPDF_Page_SetTextMatrix +
 * HPDF_Page_ShowText. The first clears a 512-byte buffer (HPDF_MemSet) on
 * every call and writes through strlen; the second measures the text again
 * (HPDF_Page_TextWidth: an encoder state machine and a glyph lookup per
 * byte), converts it to UTF-16 in a malloc'ed buffer, writes it as hex in
 * three more stream writes. Together 6 % of the 1 M-row job.
 *
 * How: libharu's TextWidth of a Type0 font is the sum over the characters
 * of HPDF_TTFontDef_GetCharWidth(fontdef, code point) (hpdf_font_cid.c),
 * an integer; the table keeps that answer per code point, asked of libharu
 * the first time a document uses the character, so the call's side effect
 * (the glyph marked as used, hence embedded) happens as before. The line
 * "1 0 0 1 x y Tm\n<hex UTF-16BE> Tj\n" is formatted with libharu's own
 * HPDF_FToA, and the page state libharu keeps (text matrix, text position)
 * updated as its two functions do. Same bytes, same state: any case the
 * fast path does not cover (other fonts, malformed or 4-byte UTF-8, char or
 * word spacing set, very long lines) goes through libharu's functions.
 * tests/unit/test_pdf_show.c compares both ways byte for byte.
 */
#include "pieces/pdf_internal.h"

#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_gstate.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <stdlib.h>
#include <string.h>

#define UNASKED (-1)
#define SHOW_MAX 1024   /* bytes of text the fast path formats on the stack */

/* The width table of font f in this document, NULL for a font it does not
 * keep (only the two Liberation Sans fonts of pdf_ctx). */
static int32_t *table_of(pdf_ctx *c, HPDF_Font f)
{
    int k = f && f == c->reg ? 0 : f && f == c->bold ? 1 : -1;
    if (k < 0) return NULL;
    if (!c->cw[k]) {
        c->cw[k] = fse_xmalloc(65536 * sizeof *c->cw[k]);
        memset(c->cw[k], 0xFF, 65536 * sizeof *c->cw[k]);   /* every entry UNASKED */
    }
    return c->cw[k];
}

/* Next code point of the UTF-8 s[*i..n), decoded as libharu's UTF-8
 * encoder does; -1 for anything but a well-formed 1-3 byte sequence. */
static long next_cp(const unsigned char *s, size_t n, size_t *i)
{
    size_t p = *i;
    unsigned b = s[p];
    if (b < 0x80) { *i = p + 1; return (long)b; }
    if (b >= 0xC0 && b < 0xE0) {
        if (p + 1 >= n || (s[p + 1] & 0xC0) != 0x80) return -1;
        *i = p + 2;
        return (long)(((b & 0x1Fu) << 6) | (s[p + 1] & 0x3Fu));
    }
    if (b >= 0xE0 && b < 0xF0) {
        if (p + 2 >= n || (s[p + 1] & 0xC0) != 0x80 || (s[p + 2] & 0xC0) != 0x80) return -1;
        *i = p + 3;
        return (long)(((b & 0x0Fu) << 12) | ((s[p + 1] & 0x3Fu) << 6) | (s[p + 2] & 0x3Fu));
    }
    return -1;
}

/* The width of code point u from the table t of font f, asked of libharu
 * the first time. */
static uint32_t char_units(int32_t *t, HPDF_Font f, unsigned u)
{
    if (t[u] == UNASKED) {
        HPDF_FontDef def = ((HPDF_FontAttr)f->attr)->fontdef;
        t[u] = (HPDF_UINT)HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)u);
    }
    return (uint32_t)t[u];
}

/* Sum of the widths of s[0..n) at font f in 1/1000 em from the table,
 * or false when the fast path does not apply (see the top of the file). */
static bool table_units(pdf_ctx *c, HPDF_Font f, const char *s, size_t n, uint32_t *units)
{
    int32_t *t = table_of(c, f);
    if (!t) return false;
    const unsigned char *u = (const unsigned char *)s;
    uint32_t w = 0;
    for (size_t i = 0; i < n;) {
        long cp = next_cp(u, n, &i);
        if (cp < 0) return false;
        w += char_units(t, f, (unsigned)cp);
    }
    *units = w;
    return true;
}

float pdf_width(pdf_ctx *c, HPDF_Font f, float size, const char *s, size_t n)
{
    uint32_t units;
    if (n <= 65535 && table_units(c, f, s, n, &units)) return (float)(units * (double)size / 1000.0);
    double w = 0;
    while (n) {
        size_t k = n;
        if (k > 8192) {   /* libharu refuses texts over 65 535 bytes: chunks cut at a character */
            k = 8192;
            while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
        }
        HPDF_TextWidth tw = HPDF_Font_TextWidth(f, (const HPDF_BYTE *)s, (HPDF_UINT)k);
        w += tw.width;
        s += k;
        n -= k;
    }
    return (float)(w * size / 1000.0);
}

bool pdf_fits(pdf_ctx *c, HPDF_Font f, float size, const char *s, size_t n, float width)
{
    uint32_t units;
    if (n > 65535 || !table_units(c, f, s, n, &units)) return false;
    /* MeasureText adds the characters' widths in floats: each step rounds
     * by at most 2^-24 of the sum, hence the margin of n * 2.5e-7 */
    double w = units * (double)size / 1000.0;
    return w + w * (double)n * 2.5e-7 + 1e-4 < width;
}

/* libharu's way: NUL-terminated copy, Tm then Tj. */
static void show_libharu(pdf_ctx *c, float x, float y, const char *s, size_t n)
{
    c->tmp.len = 0;
    fse_sb_add(&c->tmp, s, n);
    HPDF_Page_SetTextMatrix(c->page, 1, 0, 0, 1, x, y);
    HPDF_Page_ShowText(c->page, c->tmp.s);
}

void pdf_show(pdf_ctx *c, float x, float y, const char *s, size_t n)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)c->page->attr;
    HPDF_GState gs = attr->gstate;
    uint32_t units;
    if (n == 0 || n > SHOW_MAX || attr->gmode != HPDF_GMODE_TEXT_OBJECT ||
        c->page->error->error_no != HPDF_NOERROR || !gs->font ||
        gs->char_space != 0 || gs->word_space != 0 || gs->writing_mode != HPDF_WMODE_HORIZONTAL ||
        ((HPDF_FontAttr)gs->font->attr)->type != HPDF_FONT_TYPE0_TT ||
        !table_units(c, gs->font, s, n, &units)) {
        show_libharu(c, x, y, s, n);
        return;
    }
    static const char hex[] = "0123456789ABCDEF";   /* HPDF_Stream_WriteBinary's digits */
    char buf[64 + 4 * SHOW_MAX + 8];
    char *p = buf;
    memcpy(p, "1 0 0 1 ", 8);   /* HPDF_FToA of 1 and 0 */
    p = pdf_ftoa(p + 8, x);
    *p++ = ' ';
    p = pdf_ftoa(p, y);
    memcpy(p, " Tm\012", 4);
    p += 4;
    /* HPDF_Page_TextWidth, char and word spacing 0: its float arithmetic */
    HPDF_REAL tw = (HPDF_REAL)units * gs->font_size / 1000;
    if (tw != 0) {   /* HPDF_Page_ShowText draws nothing of zero width */
        *p++ = '<';
        const unsigned char *u = (const unsigned char *)s;
        for (size_t i = 0; i < n;) {
            unsigned cp = (unsigned)next_cp(u, n, &i);   /* well-formed: checked above */
            if (cp < 0x20) {   /* a control character: libharu's encoder, nothing written yet */
                show_libharu(c, x, y, s, n);
                return;
            }
            p[0] = hex[cp >> 12];
            p[1] = hex[(cp >> 8) & 15];
            p[2] = hex[(cp >> 4) & 15];
            p[3] = hex[cp & 15];
            p += 4;
        }
        memcpy(p, "> Tj\012", 5);
        p += 5;
    }
    if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)buf, (HPDF_UINT)(p - buf)) != HPDF_OK) {
        c->err = HPDF_GetError(c->pdf);
        longjmp(c->jb, 1);
    }
    /* the state HPDF_Page_SetTextMatrix and HPDF_Page_ShowText leave */
    attr->text_matrix.a = 1;
    attr->text_matrix.b = 0;
    attr->text_matrix.c = 0;
    attr->text_matrix.d = 1;
    attr->text_matrix.x = x;
    attr->text_matrix.y = y;
    attr->text_pos.x = x;
    attr->text_pos.y = y;
    if (tw != 0) {
        attr->text_pos.x += tw * attr->text_matrix.a;
        attr->text_pos.y += tw * attr->text_matrix.b;
    }
}

void pdf_show_free(pdf_ctx *c)
{
    free(c->cw[0]);
    free(c->cw[1]);
    c->cw[0] = c->cw[1] = NULL;
}
