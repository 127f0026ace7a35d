/* pdf_ops.c — the path and colour operators a table row repeats, written
 * as libharu 2.3.0 writes them but without its per-call cost.
 *
 * Why (issue 8): each of HPDF_Page_MoveTo, _LineTo, _Rectangle and
 * _SetRGBFill clears a 512-byte buffer (HPDF_MemSet) before formatting a
 * few numbers, then writes it through strlen. A list row draws its bottom
 * rule (m, l) and every other row a shaded box (rg, re, rg): four such calls
 * per row, a million rows in the biggest pièces.
 *
 * How: the same text ("x y m\n", "x y l\n", "x y w h re\n", "r g b rg\n"),
 * numbers formatted by libharu's own HPDF_FToA, written with one
 * HPDF_Stream_Write, and the page state libharu keeps (current point, path
 * start, graphics mode, fill colour) updated as its functions do (hpdf_page_
 * operator.c). When the page is not in a mode where libharu accepts the
 * operator, an error is pending or a colour is out of range, libharu's
 * function is called, so its error reports stay its own. tests/unit/test_pdf_show.c compares both
 * ways byte for byte.
 */
#include "pieces/pdf_internal.h"

#include <hpdf_gstate.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <stdint.h>
#include <string.h>

/* False when libharu's function must be called instead: the page is not
 * in one of the graphics modes allowed (bits of HPDF_GMODE_*), or an error
 * is pending (libharu then skips every call: HPDF_Page_CheckState). */
static bool ready(HPDF_Page p, HPDF_UINT16 modes)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)p->attr;
    return (attr->gmode & modes) && p->error->error_no == HPDF_NOERROR;
}

/* Writes n bytes of buf to the page's content stream, or leaves through
 * the error path when the stream cannot grow (no memory). */
static void put(pdf_ctx *c, HPDF_PageAttr attr, const char *buf, size_t n)
{
    if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)buf, (HPDF_UINT)n) != HPDF_OK) {
        c->err = HPDF_GetError(c->pdf);
        longjmp(c->jb, 1);
    }
}

/* Texts of HPDF_FToA kept by the bits of their float, direct-mapped.
 * Issue 8: the numbers of a table repeat (a column's x and width in every
 * row, a row's y in each of its cells), and HPDF_FToA (two loops of
 * divisions by 10 per number) was 1.5 % of the 1 M-row CSV job, nearly all
 * of it from pdf_show and the operators here (with the kept texts, the
 * 100 000-row CSV job takes 16.29 -> 16.08 G instructions, callgrind;
 * same bytes). HPDF_FToA's text is a
 * function of the float alone (an end pointer 15 bytes on never cuts it:
 * |v| <= HPDF_LIMIT_MAX_REAL, 32767, gives at most 12 characters), so a
 * kept text is the text libharu would write; test_pdf_memops compares the
 * two over a million floats. The process is single-threaded. */
#define FTOA_SLOTS 256
static struct { uint32_t bits; uint8_t len; char s[15]; } ftoa_kept[FTOA_SLOTS];   /* len 0: empty */

char *pdf_ftoa(char *p, float v)
{
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    unsigned k = (bits * 2654435761u) >> 24;
    if (ftoa_kept[k].len && ftoa_kept[k].bits == bits) {
        memcpy(p, ftoa_kept[k].s, sizeof ftoa_kept[k].s);   /* the caller's buffer has 15 bytes at p */
        return p + ftoa_kept[k].len;
    }
    char *e = HPDF_FToA(p, v, p + 15);
    size_t len = (size_t)(e - p);
    if (len > 0 && len <= sizeof ftoa_kept[k].s) {
        ftoa_kept[k].bits = bits;
        ftoa_kept[k].len = (uint8_t)len;
        memcpy(ftoa_kept[k].s, p, len);
    }
    return e;
}

/* "v[0] v[1] .. v[n-1] op\n" into buf (at least 16 * n + 8 bytes); returns
 * the length. */
static size_t format(char *buf, const float *v, int n, const char *op)
{
    char *p = buf;
    for (int i = 0; i < n; i++) {
        p = pdf_ftoa(p, v[i]);
        *p++ = ' ';
    }
    size_t k = strlen(op);
    memcpy(p, op, k);
    p[k] = '\012';
    return (size_t)(p - buf) + k + 1;
}

void pdf_op_moveto(pdf_ctx *c, float x, float y)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)c->page->attr;
    if (!ready(c->page, HPDF_GMODE_PAGE_DESCRIPTION | HPDF_GMODE_PATH_OBJECT)) {
        HPDF_Page_MoveTo(c->page, x, y);
        return;
    }
    char buf[64];
    float v[2] = { x, y };
    put(c, attr, buf, format(buf, v, 2, "m"));
    attr->cur_pos.x = x;
    attr->cur_pos.y = y;
    attr->str_pos = attr->cur_pos;
    attr->gmode = HPDF_GMODE_PATH_OBJECT;
}

void pdf_op_lineto(pdf_ctx *c, float x, float y)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)c->page->attr;
    if (!ready(c->page, HPDF_GMODE_PATH_OBJECT)) {
        HPDF_Page_LineTo(c->page, x, y);
        return;
    }
    char buf[64];
    float v[2] = { x, y };
    put(c, attr, buf, format(buf, v, 2, "l"));
    attr->cur_pos.x = x;
    attr->cur_pos.y = y;
}

void pdf_op_rect(pdf_ctx *c, float x, float y, float w, float h)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)c->page->attr;
    if (!ready(c->page, HPDF_GMODE_PAGE_DESCRIPTION | HPDF_GMODE_PATH_OBJECT)) {
        HPDF_Page_Rectangle(c->page, x, y, w, h);
        return;
    }
    char buf[96];
    float v[4] = { x, y, w, h };
    put(c, attr, buf, format(buf, v, 4, "re"));
    attr->cur_pos.x = x;
    attr->cur_pos.y = y;
    attr->str_pos = attr->cur_pos;
    attr->gmode = HPDF_GMODE_PATH_OBJECT;
}

void pdf_op_rgb_fill(pdf_ctx *c, float r, float g, float b)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)c->page->attr;
    if (!ready(c->page, HPDF_GMODE_TEXT_OBJECT | HPDF_GMODE_PAGE_DESCRIPTION) || r < 0 || r > 1 ||
        g < 0 || g > 1 || b < 0 || b > 1) {
        HPDF_Page_SetRGBFill(c->page, r, g, b);
        return;
    }
    char buf[80];
    float v[3] = { r, g, b };
    put(c, attr, buf, format(buf, v, 3, "rg"));
    attr->gstate->rgb_fill.r = r;
    attr->gstate->rgb_fill.g = g;
    attr->gstate->rgb_fill.b = b;
    attr->gstate->cs_fill = HPDF_CS_DEVICE_RGB;
}
