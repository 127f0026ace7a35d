/* pdf_table.c — lays a table of an fse_doc out on PDF pages.
 *
 * Table rules (DESIGN §7): header row repeated at the top of every page,
 * under the table title followed by " (suite)"; text wrapped inside its
 * cell (\n honoured) between words only; identifiers, dates and numbers on
 * one line, numbers right-aligned in French format; a row is never cut
 * between pages — it moves to the next page when it does not fit — except
 * a row taller than a whole page, which is split line by line, its
 * continuation headed "(suite)", no line lost; light zebra shading; totals
 * row in bold.
 *
 * Column widths: pdf_table_widths.c.
 */
#include "pieces/pdf_internal.h"
#include "pieces/doc_private.h"
#include "pieces/pdf_table_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Colour and line width set only when they change: a list of thousands of
 * pages repeats them on every row (issue 8: fewer operators to write and
 * deflate). libharu keeps the current values in its graphics state. The
 * operators a row repeats go through pdf_ops.c (libharu's bytes, without
 * its 512-byte memset per call). */
static void fill(pdf_ctx *c, float r, float g, float b)
{
    HPDF_RGBColor k = HPDF_Page_GetRGBFill(c->page);
    if (k.r != r || k.g != g || k.b != b) pdf_op_rgb_fill(c, r, g, b);
}

static void stroke_rgb(HPDF_Page p, float r, float g, float b)
{
    HPDF_RGBColor k = HPDF_Page_GetRGBStroke(p);
    if (k.r != r || k.g != g || k.b != b) HPDF_Page_SetRGBStroke(p, r, g, b);
}

static void line_width(HPDF_Page p, float w)
{
    if (HPDF_Page_GetLineWidth(p) != w) HPDF_Page_SetLineWidth(p, w);
}

/* ---------------------------------------------------------------- drawing */

/* The vertical rules of every column edge from top down to bottom. */
static void column_rules(pdf_ctx *c, const tbl *T, float top, float bottom)
{
    HPDF_Page p = c->page;
    stroke_rgb(p, 0.72f, 0.72f, 0.72f);
    line_width(p, 0.3f);
    float x = c->ml;
    for (size_t i = 0; i <= T->nc; i++) {
        pdf_op_moveto(c, x, top);
        pdf_op_lineto(c, x, bottom);
        if (i < T->nc) x += T->w[i];
    }
    HPDF_Page_Stroke(p);
}

/* The rule under a box of height h from top, bottom_w wide (blue when
 * thicker than 0.5, grey else). */
static void bottom_rule(pdf_ctx *c, float top, float h, float bottom_w)
{
    HPDF_Page p = c->page;
    line_width(p, bottom_w);
    stroke_rgb(p, bottom_w > 0.5f ? 0.0f : 0.72f, bottom_w > 0.5f ? 0.2f : 0.72f,
               bottom_w > 0.5f ? 0.6f : 0.72f);
    pdf_op_moveto(c, c->ml, top - h);
    pdf_op_lineto(c, c->ml + c->lw, top - h);
    HPDF_Page_Stroke(p);
}

static void grid(pdf_ctx *c, const tbl *T, float top, float h, float bottom_w)
{
    column_rules(c, T, top, top - h);
    bottom_rule(c, top, h, bottom_w);
}

/* Draws the pending vertical rules of the body rows on this page, one
 * segment per column edge for the whole run instead of one per row and
 * edge (issue 8: a list of a million rows wrote 2 x (ncols + 1) path
 * operators per row). Same picture: the rows of a run share edges; each
 * row's fill and text lie between the rules, and its bottom rule is the
 * same grey 0.3 pt line, so the order in which they are painted does not
 * show. Called before anything that must cover them (the totals' dark
 * rule), before a new page and at the end of the table. */
static void flush_rules(pdf_ctx *c, tbl *T)
{
    if (!T->vrun) return;
    column_rules(c, T, T->vtop, T->vbot);
    T->vrun = false;
}

/* Cell lines [from, from+cnt) of every column, from the baseline of the
 * first line; numeric columns right-aligned. */
static void cell_lines(pdf_ctx *c, const tbl *T, const size_t *first, const size_t *count,
                       size_t from, size_t cnt, float top, HPDF_Font f)
{
    float x = c->ml;
    for (size_t i = 0; i < T->nc; i++) {
        bool right = fse_doc_col_numeric(T->t->cols[i].type);
        for (size_t j = from; j < from + cnt && j < count[i]; j++) {
            size_t len;
            const char *s = pdf_span(c, first[i] + j, &len);
            float tx = x + TB_PAD_X;
            if (right) tx = x + T->w[i] - TB_PAD_X - pdf_width(c, f, T->fs, s, len);
            pdf_text(c, f, T->fs, tx, top - TB_PAD_Y - (j - from) * T->lh - PDF_BASE(T->fs), s, len);
        }
        x += T->w[i];
    }
}

static void draw_header(pdf_ctx *c, const tbl *T)
{
    float top = c->y;
    fill(c, 0.86f, 0.90f, 0.97f);
    pdf_op_rect(c, c->ml, top - T->hdr_h, c->lw, T->hdr_h);
    HPDF_Page_Fill(c->page);
    pdf_text_open(c);
    fill(c, 0.05f, 0.05f, 0.2f);
    size_t hmax = (size_t)((T->hdr_h - 2 * TB_PAD_Y) / T->lh + 0.5f);
    cell_lines(c, T, T->hf, T->hn, 0, hmax, top, c->bold);
    fill(c, 0, 0, 0);
    pdf_text_close(c);
    grid(c, T, top, T->hdr_h, 0.9f);
    c->y -= T->hdr_h;
    c->fresh = false;
}

/* Title lines of text at the cursor; returns their height (0 for none).
 * draw = false only measures. The spans used are released, so the row
 * being laid out keeps its own. */
static float title_block(pdf_ctx *c, const char *text, bool draw)
{
    if (!text || !*text) return 0;
    size_t ns = c->nspans, al = c->arena.len;
    size_t n, i0 = pdf_wrap(c, text, c->bold, TB_TITLE_FS, c->lw, &n);
    if (draw) {
        pdf_text_open(c);
        fill(c, 0.1f, 0.1f, 0.1f);
        for (size_t i = 0; i < n; i++) {
            size_t len;
            const char *s = pdf_span(c, i0 + i, &len);
            pdf_text(c, c->bold, TB_TITLE_FS, c->ml, c->y - i * PDF_LH(TB_TITLE_FS) - PDF_BASE(TB_TITLE_FS),
                     s, len);
        }
        fill(c, 0, 0, 0);
        pdf_text_close(c);
    }
    c->nspans = ns;
    c->arena.len = al;
    float h = n * PDF_LH(TB_TITLE_FS) + 4;
    if (draw) {
        c->y -= h;
        c->fresh = false;
    }
    return h;
}

/* Next page: the table title with " (suite)", then the header row. */
static void new_page_with_header(pdf_ctx *c, tbl *T)
{
    flush_rules(c, T);
    pdf_new_page(c);
    if (T->ctitle_h > 0) title_block(c, c->ttl.s, true);
    draw_header(c, T);
}

/* One segment of the current row: lines [from, from+cnt); shade 0 none,
 * 1 zebra, 2 totals. */
static void row_segment(pdf_ctx *c, tbl *T, size_t from, size_t cnt, bool suite,
                        int shade)
{
    float h = (cnt + (suite ? 1 : 0)) * T->lh + 2 * TB_PAD_Y;
    float top = c->y;
    if (shade == 2) flush_rules(c, T);   /* under the totals' dark rule, as before */
    if (shade) {
        if (shade == 2) fill(c, 0.90f, 0.92f, 0.96f);
        else fill(c, 0.955f, 0.955f, 0.955f);
        pdf_op_rect(c, c->ml, top - h, c->lw, h);
        HPDF_Page_Fill(c->page);
    }
    float ttop = top;
    pdf_text_open(c);
    if (suite) {
        fill(c, 0.45f, 0.45f, 0.45f);
        pdf_text(c, c->reg, T->fs, c->ml + TB_PAD_X, top - TB_PAD_Y - PDF_BASE(T->fs),
                 "(suite)", 7);
        ttop -= T->lh;
    }
    fill(c, 0, 0, 0);
    cell_lines(c, T, T->rf, T->rn, from, cnt, ttop, shade == 2 ? c->bold : c->reg);
    pdf_text_close(c);
    if (shade == 2) {
        stroke_rgb(c->page, 0.2f, 0.2f, 0.2f);
        line_width(c->page, 0.8f);
        pdf_op_moveto(c, c->ml, top);
        pdf_op_lineto(c, c->ml + c->lw, top);
        HPDF_Page_Stroke(c->page);
    }
    if (!T->vrun) T->vtop = top;
    T->vrun = true;
    T->vbot = top - h;
    bottom_rule(c, top, h, 0.3f);
    c->y -= h;
    c->fresh = false;
}

/* Wraps the cells of one row (cells = ncols cells, or NULL for an empty
 * row) into T->rf/rn; returns the line count of the tallest cell. */
static size_t wrap_row(pdf_ctx *c, tbl *T, const fse_doc_cell *cells, bool bold, bool totals)
{
    size_t nmax = 1;
    char buf[128];
    for (size_t i = 0; i < T->nc; i++) {
        const fse_doc_cell *cell = cells ? &cells[i] : NULL;
        const char *s = fse_doc_cell_display(&T->t->cols[i], cell, buf, sizeof buf);
        if (totals && i == 0 && !*s) s = "Total";
        T->rf[i] = pdf_wrap(c, s, bold ? c->bold : c->reg, T->fs, T->w[i] - 2 * TB_PAD_X, &T->rn[i]);
        if (T->rn[i] > nmax) nmax = T->rn[i];
    }
    return nmax;
}

/* Body height below the repeated title and header of a continued page. */
static float page_room(const pdf_ctx *c, const tbl *T)
{
    return c->body_top - c->body_bottom - T->ctitle_h - T->hdr_h;
}

/* Places the wrapped row (nlines lines) from the cursor. */
static void place_row(pdf_ctx *c, tbl *T, size_t nlines, int shade)
{
    float h = nlines * T->lh + 2 * TB_PAD_Y;
    if (c->y - h >= c->body_bottom - 0.01f) { row_segment(c, T, 0, nlines, false, shade); return; }
    if (h <= page_room(c, T)) {
        new_page_with_header(c, T);
        row_segment(c, T, 0, nlines, false, shade);
        return;
    }
    /* taller than a page: split, starting here if a few lines fit */
    if (c->y - c->body_bottom < 2 * TB_PAD_Y + 4 * T->lh) new_page_with_header(c, T);
    size_t from = 0;
    bool suite = false;
    while (from < nlines) {
        float avail = c->y - c->body_bottom - 2 * TB_PAD_Y;
        long cap = (long)floorf(avail / T->lh + 0.001f) - (suite ? 1 : 0);
        if (cap < 1) cap = 1;
        size_t cnt = (size_t)cap < nlines - from ? (size_t)cap : nlines - from;
        row_segment(c, T, from, cnt, suite, shade);
        from += cnt;
        if (from < nlines) { new_page_with_header(c, T); suite = true; }
    }
}

void pdf_table(pdf_ctx *c, const fse_doc_table *t)
{
    size_t nc = t->ncols;
    if (nc == 0) return;
    if (c->tcap < nc) {
        c->colw = fse_xrealloc(c->colw, 5 * nc * sizeof *c->colw);
        c->cidx = fse_xrealloc(c->cidx, 4 * nc * sizeof *c->cidx);
        c->tcap = nc;
    }
    tbl T = { t, nc, c->colw, c->cidx, c->cidx + nc, c->cidx + 2 * nc, c->cidx + 3 * nc,
              0, PDF_FS_TABLE, PDF_LH(PDF_FS_TABLE), 0, false, 0, 0 };
    pdf_table_column_widths(c, &T);

    pdf_scratch_reset(c);
    c->ttl.len = 0;
    if (t->title && *t->title) {
        fse_sb_adds(&c->ttl, t->title);
        fse_sb_adds(&c->ttl, " (suite)");
    }
    fse_sb_addc(&c->ttl, 0);
    T.ctitle_h = title_block(c, c->ttl.s, false);
    size_t hmax = 1;
    for (size_t i = 0; i < nc; i++) {
        T.hf[i] = pdf_wrap(c, t->cols[i].title, c->bold, T.fs, T.w[i] - 2 * TB_PAD_X, &T.hn[i]);
        if (T.hn[i] > hmax) hmax = T.hn[i];
    }
    T.hdr_h = hmax * T.lh + 2 * TB_PAD_Y;
    size_t ns = c->nspans, al = c->arena.len;   /* header spans kept */

    /* keep the title and header with the first row (or 4 lines of it
     * when it is taller than a page and will be split anyway) */
    size_t l0 = wrap_row(c, &T, t->nrows ? t->cells : NULL, false, false);
    float h0 = l0 * T.lh + 2 * TB_PAD_Y;
    if (h0 > page_room(c, &T)) h0 = 4 * T.lh + 2 * TB_PAD_Y;
    float need = title_block(c, t->title, false) + T.hdr_h + h0;
    if (!c->fresh && c->y - 6 - need < c->body_bottom) pdf_new_page(c);
    else if (!c->fresh) c->y -= 6;
    title_block(c, t->title, true);
    draw_header(c, &T);

    for (size_t r = 0; r < t->nrows; r++) {
        c->nspans = ns;
        c->arena.len = al;
        if (r > 0 && r + 1 == t->nrows && t->totals) {
            /* the totals row never stands alone under a "(suite)" header:
             * when the last row fits here and the totals do not, both move */
            float ht = wrap_row(c, &T, t->totals, true, true) * T.lh + 2 * TB_PAD_Y;
            c->nspans = ns;
            c->arena.len = al;
            float hl = wrap_row(c, &T, t->cells + r * nc, false, false) * T.lh + 2 * TB_PAD_Y;
            if (c->y - hl >= c->body_bottom - 0.01f && c->y - hl - ht < c->body_bottom - 0.01f)
                new_page_with_header(c, &T);
            c->nspans = ns;
            c->arena.len = al;
        }
        size_t n = wrap_row(c, &T, t->cells + r * nc, false, false);
        place_row(c, &T, n, (r % 2) ? 1 : 0);
    }
    if (!t->nrows) {
        c->nspans = ns;
        c->arena.len = al;
        if (c->y - (T.lh + 2 * TB_PAD_Y) < c->body_bottom) new_page_with_header(c, &T);
        fill(c, 0.4f, 0.4f, 0.4f);
        pdf_text(c, c->reg, T.fs, c->ml + TB_PAD_X, c->y - TB_PAD_Y - PDF_BASE(T.fs),
                 "Aucune ligne.", 13);
        fill(c, 0, 0, 0);
        grid(c, &T, c->y, T.lh + 2 * TB_PAD_Y, 0.3f);
        c->y -= T.lh + 2 * TB_PAD_Y;
    }
    if (t->totals) {
        c->nspans = ns;
        c->arena.len = al;
        size_t n = wrap_row(c, &T, t->totals, true, true);
        place_row(c, &T, n, 2);
    }
    flush_rules(c, &T);
    c->y -= 4;
    if (t->note && *t->note) pdf_flow_lines(c, t->note, c->reg, 8.0f, c->ml, c->lw, 0.3f);
    c->y -= 6;
}
