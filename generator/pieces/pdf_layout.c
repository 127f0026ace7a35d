/* pdf_layout.c — lays the blocks of an fse_doc out on PDF pages: headings
 * (level 1 -> bookmark), paragraphs, key/value lists, page breaks; tables
 * are laid out by pdf_table.c, charts drawn by pdf_chart.c.
 */
#include "pieces/pdf_internal.h"

#include <string.h>

#define KV_FS 9.0f

static void fill(pdf_ctx *c, float r, float g, float b) { HPDF_Page_SetRGBFill(c->page, r, g, b); }

void pdf_flow_lines(pdf_ctx *c, const char *text, HPDF_Font f, float fs, float x, float w,
                    float gray)
{
    pdf_scratch_reset(c);
    size_t n, i0 = pdf_wrap(c, text, f, fs, w, &n);
    float lh = PDF_LH(fs);
    if (!c->fresh && n >= 2 && c->y - 2 * lh < c->body_bottom) pdf_new_page(c);
    for (size_t i = 0; i < n; i++) {
        if (c->y - lh < c->body_bottom) pdf_new_page(c);
        size_t len;
        const char *s = pdf_span(c, i0 + i, &len);
        fill(c, gray, gray, gray);
        pdf_text(c, f, fs, x, c->y - PDF_BASE(fs), s, len);
        c->y -= lh;
        c->fresh = false;
    }
    fill(c, 0, 0, 0);
}

static void heading(pdf_ctx *c, const fse_doc_block *b)
{
    bool l1 = b->level <= 1;
    float fs = l1 ? 13.0f : 10.5f, lh = PDF_LH(fs);
    pdf_scratch_reset(c);
    size_t n, i0 = pdf_wrap(c, b->text, c->bold, fs, c->lw, &n);
    float h = n * lh + (l1 ? 7 : 3);
    float before = c->fresh ? 0 : (l1 ? 12 : 8);
    float keep = l1 ? 60 : 40;              /* keep with the next block */
    if (!c->fresh && c->y - before - h - keep < c->body_bottom) pdf_new_page(c);
    else c->y -= before;
    if (l1) {
        c->tmp.len = 0;
        for (size_t i = 0; i < n; i++) {
            size_t len;
            const char *s = pdf_span(c, i0 + i, &len);
            if (i) fse_sb_addc(&c->tmp, ' ');
            fse_sb_add(&c->tmp, s, len);
        }
        if (c->tmp.len > 240) {         /* a bookmark, not a paragraph */
            size_t k = 240;
            while (k > 0 && ((unsigned char)c->tmp.s[k] & 0xC0) == 0x80) k--;
            c->tmp.len = k;
            fse_sb_adds(&c->tmp, "\xE2\x80\xA6");
        }
        fse_sb_addc(&c->tmp, 0);
        HPDF_Outline ol = HPDF_CreateOutline(c->pdf, NULL, c->tmp.s, c->enc);
        HPDF_Destination dst = HPDF_Page_CreateDestination(c->page);
        HPDF_Destination_SetFitH(dst, c->y + 4);
        HPDF_Outline_SetDestination(ol, dst);
    }
    if (l1) fill(c, 0.0f, 0.2f, 0.6f);
    else fill(c, 0.1f, 0.1f, 0.1f);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *s = pdf_span(c, i0 + i, &len);
        pdf_text(c, c->bold, fs, c->ml, c->y - i * lh - PDF_BASE(fs), s, len);
    }
    if (l1) {
        float ly = c->y - n * lh - 2;
        HPDF_Page_SetRGBStroke(c->page, 0.0f, 0.2f, 0.6f);
        HPDF_Page_SetLineWidth(c->page, 0.5f);
        HPDF_Page_MoveTo(c->page, c->ml, ly);
        HPDF_Page_LineTo(c->page, c->ml + c->lw, ly);
        HPDF_Page_Stroke(c->page);
    }
    fill(c, 0, 0, 0);
    c->y -= h;
    c->fresh = false;
}

static void keyvalue(pdf_ctx *c, const fse_doc_block *b)
{
    float lh = PDF_LH(KV_FS), kw = 0;
    for (size_t i = 0; i < b->npairs; i++) {
        float w = pdf_width(c, c->bold, KV_FS, b->keys[i], strlen(b->keys[i]));
        if (w > kw) kw = w;
    }
    kw += 14;
    if (kw < 70) kw = 70;
    if (kw > c->lw * 0.38f) kw = c->lw * 0.38f;
    for (size_t i = 0; i < b->npairs; i++) {
        pdf_scratch_reset(c);
        size_t nk, nv;
        size_t k0 = pdf_wrap(c, b->keys[i], c->bold, KV_FS, kw - 10, &nk);
        size_t v0 = pdf_wrap(c, b->vals[i], c->reg, KV_FS, c->lw - kw, &nv);
        size_t n = nk > nv ? nk : nv;
        float h = n * lh;
        if (!c->fresh && c->y - h < c->body_bottom && h <= c->body_top - c->body_bottom)
            pdf_new_page(c);
        for (size_t j = 0; j < n; j++) {
            if (c->y - lh < c->body_bottom) pdf_new_page(c);
            size_t len;
            float base = c->y - PDF_BASE(KV_FS);
            if (j < nk) {
                const char *s = pdf_span(c, k0 + j, &len);
                fill(c, 0.25f, 0.25f, 0.25f);
                pdf_text(c, c->bold, KV_FS, c->ml, base, s, len);
            }
            if (j < nv) {
                const char *s = pdf_span(c, v0 + j, &len);
                fill(c, 0, 0, 0);
                pdf_text(c, c->reg, KV_FS, c->ml + kw, base, s, len);
            }
            c->y -= lh;
            c->fresh = false;
        }
        c->y -= 2.5f;
    }
    fill(c, 0, 0, 0);
    c->y -= 5;
}

/* Lays out every block of c->d from the cursor of the current page. */
void pdf_layout_blocks(pdf_ctx *c)
{
    const fse_doc *d = c->d;
    bool brk = false;   /* page break pending: taken before the next block, so
                           a trailing break leaves no blank page */
    for (size_t i = 0; i < d->nblocks; i++) {
        const fse_doc_block *b = &d->blocks[i];
        if (b->kind == FSE_BLOCK_PAGEBREAK) { brk = true; continue; }
        if (brk && !c->fresh) pdf_new_page(c);
        brk = false;
        switch (b->kind) {
        case FSE_BLOCK_HEADING: heading(c, b); break;
        case FSE_BLOCK_PARAGRAPH:
            pdf_flow_lines(c, b->text, c->reg, PDF_FS_BODY, c->ml, c->lw, 0.08f);
            c->y -= 5;
            break;
        case FSE_BLOCK_KEYVALUE: keyvalue(c, b); break;
        case FSE_BLOCK_TABLE: if (b->table && b->table->only != FSE_DOC_XLSX_ONLY) pdf_table(c, b->table); break;
        case FSE_BLOCK_CHART: if (b->chart) pdf_chart(c, b->chart); break;
        case FSE_BLOCK_PAGEBREAK: break;
        }
    }
}
