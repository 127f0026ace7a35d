/* pdf_writer.c — fse_pdf_write: the document, fonts, page header (EU
 * emblem drawn in vector, one form XObject per document), footer
 * "page X / Y". Text primitives and wrap are in pdf_text.c, blocks and
 * tables are laid out in pdf_layout.c, charts in pdf_chart.c; the pages'
 * streams are compressed by pdf_deflate.c, glyph lookups memoised by
 * pdf_glyphs.c (issue 8), the fonts' ToUnicode maps made valid by
 * pdf_tounicode.c. Issue 8 also: table text and row operators written at
 * once by pdf_show.c and pdf_ops.c, page resources shared by
 * pdf_resources.c, libharu's byte loops and zlib calls replaced by
 * pdf_memops.c and pdf_zstreams.c.
 *
 * Rules followed (research/tech.md §1): UTF-8 with embedded TrueType fonts
 * (§1.2), HPDF_COMP_ALL (§1.7), own wrap routine on MeasureText (§1.8),
 * page numbers drawn after layout on the kept page handles (§1.9),
 * setjmp/longjmp error handler (§1.11), dates with '+',0,0 (§1.5).
 */
#include "pieces/pdf_internal.h"
#include "common/util.h"
#include "pieces/doc_private.h"

#include <hpdf_objects.h>
#include <hpdf_pages.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FONT_DIR_DEFAULT "/usr/share/fonts/truetype/liberation2"
#define EU_TEXT "Cofinancé par l'Union européenne"

/* ------------------------------------------------------------ emblem */

/* The EU emblem (flag) with its lower-left corner at (x, y) and height h:
 * a reflex blue (RGB 0,51,153) rectangle of ratio 3:2, twelve gold (RGB
 * 255,204,0) five-pointed stars, one point up, at the hours of a clock on
 * a circle of radius h/3; each star's outer radius is h/18 (graphic rules
 * of the European emblem, EU visibility guidelines). */
static void draw_emblem(HPDF_Page p, float x, float y, float h)
{
    const double pi = 3.14159265358979323846;
    float w = h * 1.5f;
    HPDF_Page_GSave(p);
    HPDF_Page_SetRGBFill(p, 0.0f, 51.0f / 255.0f, 153.0f / 255.0f);
    HPDF_Page_Rectangle(p, x, y, w, h);
    HPDF_Page_Fill(p);
    HPDF_Page_SetRGBFill(p, 1.0f, 204.0f / 255.0f, 0.0f);
    double cx = x + w / 2.0, cy = y + h / 2.0, R = h / 3.0;
    double ro = h / 18.0, ri = ro * 0.381966011250105;   /* regular pentagram */
    for (int k = 0; k < 12; k++) {
        double a = pi / 2 - k * pi / 6;
        double sx = cx + R * cos(a), sy = cy + R * sin(a);
        for (int v = 0; v < 10; v++) {
            double b = pi / 2 + v * pi / 5;
            double r = (v % 2) ? ri : ro;
            float px = (float)(sx + r * cos(b)), py = (float)(sy + r * sin(b));
            if (v == 0) HPDF_Page_MoveTo(p, px, py);
            else HPDF_Page_LineTo(p, px, py);
        }
        HPDF_Page_ClosePath(p);
        HPDF_Page_Fill(p);
    }
    HPDF_Page_GRestore(p);
}

/* ------------------------------------------------------ header, footer */

#define EMBLEM_H 27.0f
#define HDR_TITLE_FS 12.5f
#define HDR_SUB_FS 8.5f
#define HDR_EU_FS 9.0f


/* Draw the wrapped lines i0..i0+n of the header (when draw) in one font,
 * size and colour, moving *y down one line height each. */
static void header_lines(pdf_ctx *c, size_t i0, size_t n, HPDF_Font font, float fs, const float rgb[3],
                         float x, float *y, bool draw)
{
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *s = pdf_span(c, i0 + i, &len);
        if (draw) {
            HPDF_Page_SetRGBFill(c->page, rgb[0], rgb[1], rgb[2]);
            pdf_text(c, font, fs, x, *y - PDF_BASE(fs), s, len);
        }
        *y -= PDF_LH(fs);
    }
}

/* "<fiche>   ·   Période : <periode>" into c->tmp (NUL-terminated). The
 * period is one unbreakable run (no-break spaces): when the line is too
 * long for the page (a long fiche title), the period goes whole on a line
 * of its own instead of breaking as "Période : du" / "01/01/2024 au …". */
static void header_sub(pdf_ctx *c)
{
    const fse_doc *d = c->d;
    c->tmp.len = 0;
    if (d->fiche && *d->fiche) fse_sb_adds(&c->tmp, d->fiche);
    if (d->periode && *d->periode) {
        size_t mark = c->tmp.len;
        if (c->tmp.len) fse_sb_adds(&c->tmp, "   \xC2\xB7   ");
        size_t from = c->tmp.len;
        fse_sb_adds(&c->tmp, "Période\xC2\xA0:\xC2\xA0");
        for (const char *q = d->periode; *q; q++) {
            if (*q == ' ') fse_sb_adds(&c->tmp, "\xC2\xA0");
            else fse_sb_addc(&c->tmp, *q);
        }
        if (mark && pdf_width(c, c->reg, HDR_SUB_FS, c->tmp.s, c->tmp.len) > c->lw) {
            size_t plen = c->tmp.len - from;
            memmove(c->tmp.s + mark + 1, c->tmp.s + from, plen);
            c->tmp.s[mark] = '\n';
            c->tmp.len = mark + 1 + plen;
        }
    }
    fse_sb_addc(&c->tmp, 0);
}

/* Draws (draw = true) or only measures the page header; returns its height
 * from the top margin down to the rule under it, plus a gap. The spans it
 * uses are released before returning, so a row being laid out keeps its own. */
static float header_block(pdf_ctx *c, bool draw)
{
    size_t ns = c->nspans, al = c->arena.len;
    const fse_doc *d = c->d;
    float top = c->ph - c->top_margin, x = c->ml;
    float ew = EMBLEM_H * 1.5f;
    float base = top - EMBLEM_H / 2 - HDR_EU_FS * 0.35f;
    float euw = pdf_width(c, c->bold, HDR_EU_FS, EU_TEXT, strlen(EU_TEXT));
    if (draw) {
        draw_emblem(c->page, x, top - EMBLEM_H, EMBLEM_H);
        HPDF_Page_SetRGBFill(c->page, 0, 0, 0);
        pdf_text(c, c->bold, HDR_EU_FS, x + ew + 7, base, EU_TEXT, strlen(EU_TEXT));
        if (d->plie && *d->plie) {
            float room = c->lw - (ew + 7 + euw + 24);
            HPDF_Page_SetRGBFill(c->page, 0.15f, 0.15f, 0.15f);
            pdf_line_fit(c, c->bold, HDR_SUB_FS + 0.5f, c->pw - c->mr, base, room, PDF_RIGHT, d->plie);
        }
    }
    float y = top - EMBLEM_H - 7;
    size_t n;
    size_t i0 = pdf_wrap(c, d->title ? d->title : "", c->bold, HDR_TITLE_FS, c->lw, &n);
    static const float title_rgb[3] = { 0.0f, 0.2f, 0.6f }, sub_rgb[3] = { 0.2f, 0.2f, 0.2f };
    header_lines(c, i0, n, c->bold, HDR_TITLE_FS, title_rgb, x, &y, draw);
    header_sub(c);
    i0 = pdf_wrap(c, c->tmp.s, c->reg, HDR_SUB_FS, c->lw, &n);
    if (c->nspans > i0 && !(n == 1 && c->spans[i0].len == 0)) {
        y -= 1;
        header_lines(c, i0, n, c->reg, HDR_SUB_FS, sub_rgb, x, &y, draw);
    }
    y -= 3;
    if (draw) {
        HPDF_Page_SetRGBStroke(c->page, 0.0f, 0.2f, 0.6f);
        HPDF_Page_SetLineWidth(c->page, 0.8f);
        HPDF_Page_MoveTo(c->page, c->ml, y);
        HPDF_Page_LineTo(c->page, c->pw - c->mr, y);
        HPDF_Page_Stroke(c->page);
        HPDF_Page_SetRGBFill(c->page, 0, 0, 0);
    }
    c->nspans = ns;
    c->arena.len = al;
    return top - y + 10;
}

/* The page header is the same on every page of a document: it is drawn once
 * into a form XObject (PDF 32000 §8.10) that every page paints with one
 * "/X1 Do". libharu 2.3.0 has no call to make a form, so it is made with its
 * object API (hpdf_objects.h, hpdf_pages.h): a stream dictionary of subtype
 * Form whose bytes are the header's operators, written by the usual drawing
 * calls while the first page's content stream is swapped for the form's.
 * q/Q around them keep libharu's idea of the page's graphics state (the
 * "set only when it changes" colour and font checks) true after the swap.
 * Issue 8: the emblem alone is 144 path operators; drawing and deflating
 * the header on each of thousands of pages cost about as much as the table
 * rows of the page (one shared content stream per page instead doubled the
 * objects qpdf copies into dossier-complet.pdf: a form adds none per page). */
/* A libharu object call that failed without calling the error handler
 * (a NULL from an allocation): the error handler's way out. */
static void object_failed(pdf_ctx *c)
{
    c->err = HPDF_GetError(c->pdf);
    longjmp(c->jb, 1);
}

static HPDF_Dict header_form(pdf_ctx *c)
{
    HPDF_Doc pdf = c->pdf;
    HPDF_Page p = c->page;
    HPDF_Dict form = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!form) object_failed(c);
    form->header.obj_class = HPDF_OSUBCLASS_XOBJECT | HPDF_OCLASS_DICT;
    form->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    HPDF_Array box = HPDF_Array_New(pdf->mmgr);
    HPDF_Dict res = HPDF_Dict_New(pdf->mmgr), fonts = HPDF_Dict_New(pdf->mmgr);
    if (!box || !res || !fonts) object_failed(c);
    HPDF_PageAttr attr = (HPDF_PageAttr)p->attr;
    HPDF_Stream page_stream = attr->stream;
    attr->stream = form->stream;
    HPDF_Page_GSave(p);
    header_block(c, true);
    HPDF_Page_GRestore(p);
    attr->stream = page_stream;
    /* the fonts under the names the header's operators use: the first
     * page's (HPDF_Page_GetLocalFontName gave them while drawing) */
    HPDF_Font fs[2] = { c->bold, c->reg };
    for (int i = 0; i < 2; i++) {
        const char *name = HPDF_Page_GetLocalFontName(p, fs[i]);
        if (!name || HPDF_Dict_Add(fonts, name, fs[i]) != HPDF_OK) object_failed(c);
    }
    if (HPDF_Dict_AddName(form, "Type", "XObject") != HPDF_OK ||
        HPDF_Dict_AddName(form, "Subtype", "Form") != HPDF_OK ||
        HPDF_Array_AddReal(box, 0) != HPDF_OK || HPDF_Array_AddReal(box, 0) != HPDF_OK ||
        HPDF_Array_AddReal(box, c->pw) != HPDF_OK || HPDF_Array_AddReal(box, c->ph) != HPDF_OK ||
        HPDF_Dict_Add(form, "BBox", box) != HPDF_OK || HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK ||
        HPDF_Dict_Add(form, "Resources", res) != HPDF_OK)
        object_failed(c);
    return form;
}

void pdf_new_page(pdf_ctx *c)
{
    pdf_text_close(c);
    HPDF_Page p = HPDF_AddPage(c->pdf);
    HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, c->d->landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
    FSE_PUSH(c->pages, c->npages, c->pcap, p);
    c->page = p;
    if (!c->header) c->header = header_form(c);
    HPDF_Page_ExecuteXObject(p, c->header);
    c->y = c->body_top;
    c->fresh = true;
}

#define FOOTER_FS 7.5f

/* Footer of every page, once the page count is known (tech.md §1.9). */
static void draw_footers(pdf_ctx *c)
{
    char buf[64], gen[256];
    snprintf(gen, sizeof gen, "généré le %s", c->d->generated && *c->d->generated ? c->d->generated : "?");
    float base = c->bottom_margin;
    for (size_t i = 0; i < c->npages; i++) {
        c->page = c->pages[i];
        HPDF_Page_SetRGBStroke(c->page, 0.6f, 0.6f, 0.6f);
        HPDF_Page_SetLineWidth(c->page, 0.4f);
        HPDF_Page_MoveTo(c->page, c->ml, base + 10);
        HPDF_Page_LineTo(c->page, c->pw - c->mr, base + 10);
        HPDF_Page_Stroke(c->page);
        HPDF_Page_SetRGBFill(c->page, 0.3f, 0.3f, 0.3f);
        snprintf(buf, sizeof buf, "page %zu / %zu", i + 1, c->npages);
        float third = c->lw / 3;
        pdf_line_fit(c, c->reg, FOOTER_FS, c->ml, base, third, PDF_LEFT, gen);
        pdf_line_fit(c, c->reg, FOOTER_FS, c->ml + c->lw / 2, base, third, PDF_CENTER,
                     c->d->title ? c->d->title : "");
        pdf_line_fit(c, c->reg, FOOTER_FS, c->pw - c->mr, base, third, PDF_RIGHT, buf);
    }
}

/* ------------------------------------------------------------ document */

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
    pdf_ctx *c = user;
    if (e == HPDF_STREAM_EOF) return;       /* end of the memory stream read back */
    c->err = e;
    c->detail = detail;
    longjmp(c->jb, 1);
}

static void set_info(pdf_ctx *c, HPDF_InfoType type, const char *s)
{
    if (!s || !*s) return;
    c->tmp.len = 0;
    pdf_sanitize(&c->tmp, s, strlen(s));
    fse_sb_addc(&c->tmp, 0);
    HPDF_SetInfoAttr(c->pdf, type, c->tmp.s);
}

static void free_ctx(pdf_ctx *c)
{
    free(c->pages);
    free(c->spans);
    fse_sb_free(&c->arena);
    fse_sb_free(&c->tmp);
    fse_sb_free(&c->ttl);
    free(c->ext);
    fse_strpool_free(&c->ext_pool);
    free(c->colw);
    free(c->cidx);
    pdf_deflate_free(c);
    pdf_show_free(c);
    free(c->out);
    free(c);
}

/* Loads dir/name as an embedded TrueType font in UTF-8; 0, or -1 with
 * c->msg set when the file cannot be read. */
static int load_font(pdf_ctx *c, const char *dir, const char *name, HPDF_Font *out)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (access(path, R_OK) != 0) {
        snprintf(c->msg, sizeof c->msg, "police %s : %s (installez fonts-liberation2 ou indiquez FSEPACK_FONT_DIR)",
                 path, fse_strerror(errno));
        return -1;
    }
    const char *fname = HPDF_LoadTTFontFromFile(c->pdf, path, HPDF_TRUE);
    *out = HPDF_GetFont(c->pdf, fname, "UTF-8");
    HPDF_STATUS st = pdf_tounicode_fix(*out);   /* libharu's is invalid */
    if (st != HPDF_OK) {
        c->err = st;
        longjmp(c->jb, 1);
    }
    return 0;
}

static int write_file(const char *path, const unsigned char *buf, size_t n, char *err, size_t errlen)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(err, errlen, "création impossible de %s : %s", path, fse_strerror(errno));
        return -1;
    }
    size_t w = fwrite(buf, 1, n, f);
    int e = w == n ? 0 : errno;
    if (fclose(f) != 0 && !e) e = errno;
    if (e || w != n) {
        snprintf(err, errlen, "écriture impossible de %s : %s", path, fse_strerror(e ? e : EIO));
        remove(path);
        return -1;
    }
    return 0;
}

/* Builds the whole PDF of c->d into c->out / c->outlen. The only function
 * with a setjmp: its sole local state is c (heap, never reassigned), so
 * nothing can be clobbered by the longjmp of on_error. Returns 0, -1 on a
 * libharu error (c->err, c->detail), -2 with a message in c->msg. */
static int build(pdf_ctx *c)
{
    if (setjmp(c->jb)) return -1;
    const fse_doc *d = c->d;
    c->pdf = HPDF_New(on_error, c);
    if (!c->pdf) {
        snprintf(c->msg, sizeof c->msg, "création du document impossible (mémoire insuffisante)");
        return -2;
    }
    HPDF_SetCompressionMode(c->pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(c->pdf);
    HPDF_SetCurrentEncoder(c->pdf, "UTF-8");
    c->enc = HPDF_GetEncoder(c->pdf, "UTF-8");
    const char *dir = getenv("FSEPACK_FONT_DIR");
    if (!dir || !*dir) dir = FONT_DIR_DEFAULT;
    if (load_font(c, dir, "LiberationSans-Regular.ttf", &c->reg) != 0 ||
        load_font(c, dir, "LiberationSans-Bold.ttf", &c->bold) != 0)
        return -2;
    HPDF_SetPageMode(c->pdf, HPDF_PAGE_MODE_USE_OUTLINE);

    set_info(c, HPDF_INFO_TITLE, d->title);
    set_info(c, HPDF_INFO_AUTHOR, d->author && *d->author ? d->author : d->plie);
    set_info(c, HPDF_INFO_SUBJECT, d->fiche);
    set_info(c, HPDF_INFO_CREATOR, "fsepack");
    time_t t = (time_t)d->created_epoch;
    struct tm tm;
    if (gmtime_r(&t, &tm) && tm.tm_year + 1900 >= 1 && tm.tm_year + 1900 <= 9999) {
        HPDF_Date dt = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                         tm.tm_min, tm.tm_sec < 60 ? tm.tm_sec : 59, '+', 0, 0 };
        HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, dt);
        HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, dt);
    }

    /* geometry: A4 is 595.276 x 841.89 pt in libharu */
    c->pw = d->landscape ? 841.89f : 595.276f;
    c->ph = d->landscape ? 595.276f : 841.89f;
    c->ml = c->mr = 36.0f;
    c->lw = c->pw - c->ml - c->mr;
    c->top_margin = 24.0f;
    c->bottom_margin = 22.0f;
    c->header_h = header_block(c, false);
    c->body_top = c->ph - c->top_margin - c->header_h;
    c->body_bottom = c->bottom_margin + 22.0f;

    pdf_new_page(c);
    pdf_layout_blocks(c);
    draw_footers(c);
    pdf_share_resources(c);
    pdf_deflate_pages(c);

    HPDF_SaveToStream(c->pdf);
    HPDF_UINT32 size = HPDF_GetStreamSize(c->pdf);
    c->out = fse_xmalloc(size ? size : 1);
    HPDF_ResetStream(c->pdf);
    while (c->outlen < size) {
        HPDF_UINT32 n = size - (HPDF_UINT32)c->outlen;
        HPDF_STATUS st = HPDF_ReadFromStream(c->pdf, c->out + c->outlen, &n);
        c->outlen += n;
        if (n == 0 || (st != HPDF_OK && st != HPDF_STREAM_EOF)) break;
    }
    if (c->outlen != size) {
        snprintf(c->msg, sizeof c->msg, "lecture incomplète du flux en mémoire (%zu octets sur %u)",
                 c->outlen, (unsigned)size);
        return -2;
    }
    return 0;
}

/* Writes d as an A4 PDF (landscape when d->landscape) at path.
 * Returns 0 and *pages = page count, or -1 with a message in err (font
 * missing, libharu error code, file not writable); nothing leaks on either
 * path (HPDF_Free releases all libharu memory, the context all ours). The
 * bytes depend only on d and on the font files. */
int fse_pdf_write(const fse_doc *d, const char *path, int *pages, char *err, size_t errlen)
{
    char dummy[8];
    if (!err || !errlen) { err = dummy; errlen = sizeof dummy; }
    err[0] = 0;
    if (pages) *pages = 0;
    pdf_ctx *c = fse_xcalloc(1, sizeof *c);
    c->d = d;
    pdf_glyphs_forget();
    int rc = build(c);
    if (c->pdf) HPDF_Free(c->pdf);
    pdf_glyphs_forget();
    if (rc == -1)
        snprintf(err, errlen, "PDF %s : erreur libharu 0x%04X (détail %u)", path,
                 (unsigned)c->err, (unsigned)c->detail);
    else if (rc == -2)
        snprintf(err, errlen, "PDF %s: %s", path, c->msg);
    else
        rc = write_file(path, c->out, c->outlen, err, errlen);
    if (rc == 0 && pages) *pages = (int)c->npages;
    free_ctx(c);
    return rc == 0 ? 0 : -1;
}
