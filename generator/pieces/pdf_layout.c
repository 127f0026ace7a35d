/* pdf_layout.c — lays the blocks of an fse_doc out on PDF pages: headings
 * (level 1 -> bookmark), paragraphs, key/value lists, tables, page breaks;
 * charts are drawn by pdf_chart.c.
 *
 * Table rules (DESIGN §7): header row repeated at the top of every page;
 * column widths proportional to fse_doc_column.width across the line;
 * text wrapped inside its cell (\n honoured); numbers right-aligned in
 * French format; a row is never cut between pages — it moves to the next
 * page when it does not fit — except a row taller than a whole page, which
 * is split line by line, its continuation headed "(suite)", no line lost;
 * light zebra shading; totals row in bold.
 */
#include "pieces/pdf_internal.h"
#include "pieces/doc_private.h"

#include <math.h>
#include <string.h>

#define TB_PAD_X 3.0f
#define TB_PAD_Y 2.5f
#define TB_TITLE_FS 10.5f
#define KV_FS 9.0f

static void fill(pdf_ctx *c, float r, float g, float b) { HPDF_Page_SetRGBFill(c->page, r, g, b); }

/* Text lines at x, width w, from the cursor down, breaking pages between
 * lines (never leaving a single first line at the bottom of a page). */
static void flow_lines(pdf_ctx *c, const char *text, HPDF_Font f, float fs, float x, float w,
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
        float w = pdf_width(c->bold, KV_FS, b->keys[i], strlen(b->keys[i]));
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

/* ---------------------------------------------------------------- tables */

typedef struct {
    const fse_doc_table *t;
    size_t nc;
    float *w;                 /* column widths */
    size_t *hf, *hn;          /* header cell spans: first, count */
    size_t *rf, *rn;          /* current row cell spans */
    float hdr_h;
    float fs, lh;
} tbl;

static void grid(pdf_ctx *c, const tbl *T, float top, float h, float bottom_w)
{
    HPDF_Page p = c->page;
    HPDF_Page_SetRGBStroke(p, 0.72f, 0.72f, 0.72f);
    HPDF_Page_SetLineWidth(p, 0.3f);
    float x = c->ml;
    for (size_t i = 0; i <= T->nc; i++) {
        HPDF_Page_MoveTo(p, x, top);
        HPDF_Page_LineTo(p, x, top - h);
        if (i < T->nc) x += T->w[i];
    }
    HPDF_Page_Stroke(p);
    HPDF_Page_SetLineWidth(p, bottom_w);
    if (bottom_w > 0.5f) HPDF_Page_SetRGBStroke(p, 0.0f, 0.2f, 0.6f);
    HPDF_Page_MoveTo(p, c->ml, top - h);
    HPDF_Page_LineTo(p, c->ml + c->lw, top - h);
    HPDF_Page_Stroke(p);
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
            if (right) tx = x + T->w[i] - TB_PAD_X - pdf_width(f, T->fs, s, len);
            pdf_text(c, f, T->fs, tx, top - TB_PAD_Y - (j - from) * T->lh - PDF_BASE(T->fs), s, len);
        }
        x += T->w[i];
    }
}

static void draw_header(pdf_ctx *c, const tbl *T)
{
    float top = c->y;
    fill(c, 0.86f, 0.90f, 0.97f);
    HPDF_Page_Rectangle(c->page, c->ml, top - T->hdr_h, c->lw, T->hdr_h);
    HPDF_Page_Fill(c->page);
    fill(c, 0.05f, 0.05f, 0.2f);
    size_t hmax = (size_t)((T->hdr_h - 2 * TB_PAD_Y) / T->lh + 0.5f);
    cell_lines(c, T, T->hf, T->hn, 0, hmax, top, c->bold);
    fill(c, 0, 0, 0);
    grid(c, T, top, T->hdr_h, 0.9f);
    c->y -= T->hdr_h;
    c->fresh = false;
}

static void new_page_with_header(pdf_ctx *c, const tbl *T)
{
    pdf_new_page(c);
    draw_header(c, T);
}

/* One segment of the current row: lines [from, from+cnt); shade 0 none,
 * 1 zebra, 2 totals. */
static void row_segment(pdf_ctx *c, const tbl *T, size_t from, size_t cnt, bool suite,
                        int shade)
{
    float h = (cnt + (suite ? 1 : 0)) * T->lh + 2 * TB_PAD_Y;
    float top = c->y;
    if (shade) {
        if (shade == 2) fill(c, 0.90f, 0.92f, 0.96f);
        else fill(c, 0.955f, 0.955f, 0.955f);
        HPDF_Page_Rectangle(c->page, c->ml, top - h, c->lw, h);
        HPDF_Page_Fill(c->page);
    }
    float ttop = top;
    if (suite) {
        fill(c, 0.45f, 0.45f, 0.45f);
        pdf_text(c, c->reg, T->fs, c->ml + TB_PAD_X, top - TB_PAD_Y - PDF_BASE(T->fs),
                 "(suite)", 7);
        ttop -= T->lh;
    }
    fill(c, 0, 0, 0);
    cell_lines(c, T, T->rf, T->rn, from, cnt, ttop, shade == 2 ? c->bold : c->reg);
    if (shade == 2) {
        HPDF_Page_SetRGBStroke(c->page, 0.2f, 0.2f, 0.2f);
        HPDF_Page_SetLineWidth(c->page, 0.8f);
        HPDF_Page_MoveTo(c->page, c->ml, top);
        HPDF_Page_LineTo(c->page, c->ml + c->lw, top);
        HPDF_Page_Stroke(c->page);
    }
    grid(c, T, top, h, 0.3f);
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

/* Places the wrapped row (nlines lines) from the cursor. */
static void place_row(pdf_ctx *c, const tbl *T, size_t nlines, int shade)
{
    float h = nlines * T->lh + 2 * TB_PAD_Y;
    float full = c->body_top - c->body_bottom - T->hdr_h;
    if (c->y - h >= c->body_bottom - 0.01f) { row_segment(c, T, 0, nlines, false, shade); return; }
    if (h <= full) {
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

/* Widths proportional to fse_doc_column.width across the line; then a
 * column that is not free text (identifier, number, date) and whose widest
 * value (totals in bold included) would not fit on one line takes the
 * room it needs (at most 30 % of the line) from the others, each giving at
 * most half its share, so "1 823 911,50 €" or a SIRET is never broken when
 * the text columns can spare the room. */
static void column_widths(pdf_ctx *c, tbl *T)
{
    const fse_doc_table *t = T->t;
    size_t nc = T->nc;
    float *need = T->w + nc;              /* c->colw holds 2 * ncols floats */
    double sum = 0;
    for (size_t i = 0; i < nc; i++) sum += t->cols[i].width > 0 ? t->cols[i].width : 1;
    for (size_t i = 0; i < nc; i++)
        T->w[i] = (float)(c->lw * (t->cols[i].width > 0 ? t->cols[i].width : 1) / sum);
    float need_sum = 0, slack_sum = 0;
    char buf[128];
    for (size_t i = 0; i < nc; i++) {
        need[i] = 0;
        if (t->cols[i].type != FSE_COL_TEXT) {
            for (size_t r = 0; r <= t->nrows; r++) {
                const fse_doc_cell *cell = r < t->nrows ? &t->cells[r * nc + i]
                                                        : t->totals ? &t->totals[i] : NULL;
                if (!cell || (!cell->has_num && t->cols[i].type != FSE_COL_ID)) continue;
                const char *s = fse_doc_cell_display(&t->cols[i], cell, buf, sizeof buf);
                float w = pdf_width(r < t->nrows ? c->reg : c->bold, T->fs, s, strlen(s));
                if (w > need[i]) need[i] = w;
            }
            need[i] += 2 * TB_PAD_X + 1;
            if (need[i] > c->lw * 0.3f) need[i] = c->lw * 0.3f;
        }
        if (need[i] > T->w[i]) need_sum += need[i] - T->w[i];
        else slack_sum += T->w[i] - (need[i] > T->w[i] / 2 ? need[i] : T->w[i] / 2);
    }
    if (need_sum <= 0 || slack_sum <= 0) return;
    float take = need_sum < slack_sum ? need_sum : slack_sum;
    for (size_t i = 0; i < nc; i++) {
        if (need[i] > T->w[i]) T->w[i] += (need[i] - T->w[i]) * take / need_sum;
        else T->w[i] -= (T->w[i] - (need[i] > T->w[i] / 2 ? need[i] : T->w[i] / 2)) * take / slack_sum;
    }
}

static void table(pdf_ctx *c, const fse_doc_table *t)
{
    size_t nc = t->ncols;
    if (nc == 0) return;
    if (c->tcap < nc) {
        c->colw = fse_xrealloc(c->colw, 2 * nc * sizeof *c->colw);
        c->cidx = fse_xrealloc(c->cidx, 4 * nc * sizeof *c->cidx);
        c->tcap = nc;
    }
    tbl T = { t, nc, c->colw, c->cidx, c->cidx + nc, c->cidx + 2 * nc, c->cidx + 3 * nc,
              0, PDF_FS_TABLE, PDF_LH(PDF_FS_TABLE) };
    column_widths(c, &T);

    pdf_scratch_reset(c);
    size_t nt = 0, t0 = 0;
    if (t->title && *t->title) t0 = pdf_wrap(c, t->title, c->bold, TB_TITLE_FS, c->lw, &nt);
    size_t hmax = 1;
    for (size_t i = 0; i < nc; i++) {
        T.hf[i] = pdf_wrap(c, t->cols[i].title, c->bold, T.fs, T.w[i] - 2 * TB_PAD_X, &T.hn[i]);
        if (T.hn[i] > hmax) hmax = T.hn[i];
    }
    T.hdr_h = hmax * T.lh + 2 * TB_PAD_Y;
    size_t ns = c->nspans, al = c->arena.len;   /* title + header spans kept */

    /* keep the title and header with the first row (or 4 lines of it
     * when it is taller than a page and will be split anyway) */
    size_t l0 = wrap_row(c, &T, t->nrows ? t->cells : NULL, false, false);
    float h0 = l0 * T.lh + 2 * TB_PAD_Y;
    if (h0 > c->body_top - c->body_bottom - T.hdr_h) h0 = 4 * T.lh + 2 * TB_PAD_Y;
    float title_h = nt ? nt * PDF_LH(TB_TITLE_FS) + 4 : 0;
    float need = title_h + T.hdr_h + h0;
    if (!c->fresh && c->y - 6 - need < c->body_bottom) pdf_new_page(c);
    else if (!c->fresh) c->y -= 6;
    fill(c, 0.1f, 0.1f, 0.1f);
    for (size_t i = 0; i < nt; i++) {
        size_t len;
        const char *s = pdf_span(c, t0 + i, &len);
        pdf_text(c, c->bold, TB_TITLE_FS, c->ml, c->y - PDF_BASE(TB_TITLE_FS), s, len);
        c->y -= PDF_LH(TB_TITLE_FS);
    }
    c->y -= nt ? 4 : 0;
    fill(c, 0, 0, 0);
    draw_header(c, &T);

    for (size_t r = 0; r < t->nrows; r++) {
        c->nspans = ns;
        c->arena.len = al;
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
    c->y -= 4;
    if (t->note && *t->note) flow_lines(c, t->note, c->reg, 8.0f, c->ml, c->lw, 0.3f);
    c->y -= 6;
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
            flow_lines(c, b->text, c->reg, PDF_FS_BODY, c->ml, c->lw, 0.08f);
            c->y -= 5;
            break;
        case FSE_BLOCK_KEYVALUE: keyvalue(c, b); break;
        case FSE_BLOCK_TABLE: if (b->table) table(c, b->table); break;
        case FSE_BLOCK_CHART: if (b->chart) pdf_chart(c, b->chart); break;
        case FSE_BLOCK_PAGEBREAK: break;
        }
    }
}
