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
 * Column widths (column_widths): each column has a minimum — its widest
 * cell for identifiers, dates and numbers, its widest word for text, and
 * the widest word of its header — and a natural width (its widest line).
 * The declared fse_doc_column.width gives each a share of the line; a
 * column starts at its share, no wider than its natural width and no
 * narrower than its minimum; columns above their minimum give back any
 * excess in proportion to their slack; leftover room goes to the text
 * columns. When the text cannot all stay on one line (the natural widths
 * exceed the line), the widths follow the content instead (fit_to_content):
 * typed columns at their minimum, the room left to the text columns where
 * it shortens the rows most. When the minimums alone exceed the line the font goes down from
 * 8 pt to 6 pt; only past that are words broken. No minimum is wider than
 * a quarter of the line, except for a column marked whole (a SHA-256).
 */
#include "pieces/pdf_internal.h"
#include "pieces/doc_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TB_PAD_X 3.0f
#define TB_PAD_Y 2.5f
#define TB_TITLE_FS 10.5f
#define TB_FS_MIN 6.0f
#define TB_FS_STEP 0.5f
#define TB_COL_MAX 0.25f     /* no minimum wider than this part of the line */
#define TB_SLACK (2 * TB_PAD_X + 1.0f) /* padding plus rounding room */

/* Colour and line width set only when they change: a list of thousands of
 * pages repeats them on every row (issue 8: fewer operators to write and
 * deflate). libharu keeps the current values in its graphics state. */
static void fill(pdf_ctx *c, float r, float g, float b)
{
    HPDF_RGBColor k = HPDF_Page_GetRGBFill(c->page);
    if (k.r != r || k.g != g || k.b != b) HPDF_Page_SetRGBFill(c->page, r, g, b);
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

typedef struct {
    const fse_doc_table *t;
    size_t nc;
    float *w;                 /* column widths */
    size_t *hf, *hn;          /* header cell spans: first, count */
    size_t *rf, *rn;          /* current row cell spans */
    float hdr_h;
    float fs, lh;
    float ctitle_h;           /* height of "<title> (suite)" on later pages */
} tbl;

/* ---------------------------------------------------------------- widths */

/* Widest unbreakable run (*um) and widest line (*un) of every column, in
 * font units (size 1000): header words in bold; text cells by word;
 * identifier, date and number cells whole; totals in bold, a label in a
 * typed column (no number) by word. */
static void measure_columns(pdf_ctx *c, const tbl *T, float *um, float *un)
{
    const fse_doc_table *t = T->t;
    size_t nc = T->nc;
    char buf[128];
    for (size_t i = 0; i < nc; i++) {
        const fse_doc_column *col = &t->cols[i];
        float word, line;
        pdf_text_extent(c, c->bold, 1000, col->title, &word, &line);
        um[i] = word;
        un[i] = line;
        for (size_t r = 0; r <= t->nrows; r++) {
            bool tot = r == t->nrows;
            const fse_doc_cell *cell = !tot ? &t->cells[r * nc + i] : t->totals ? &t->totals[i] : NULL;
            if (tot && !t->totals) break;
            const char *s = fse_doc_cell_display(col, cell, buf, sizeof buf);
            if (tot && i == 0 && !*s) s = "Total";
            if (!*s) continue;
            pdf_text_extent(c, tot ? c->bold : c->reg, 1000, s, &word, &line);
            bool whole = col->type != FSE_COL_TEXT && (!tot || cell->has_num);
            if (whole) word = line;
            if (word > um[i]) um[i] = word;
            if (line > un[i]) un[i] = line;
        }
    }
}

/* Minimum and natural widths at font size fs; returns the sum of minimums. */
static float limits(const pdf_ctx *c, const fse_doc_table *t, const float *um, const float *un,
                    float fs, float *mn, float *nat)
{
    size_t nc = t->ncols;
    float sum = 0, cap = c->lw * TB_COL_MAX;
    for (size_t i = 0; i < nc; i++) {
        mn[i] = um[i] * fs / 1000.0f + TB_SLACK;
        if (mn[i] > cap && !t->cols[i].whole) mn[i] = cap;
        nat[i] = un[i] * fs / 1000.0f + TB_SLACK;
        if (nat[i] < mn[i]) nat[i] = mn[i];
        sum += mn[i];
    }
    return sum;
}

/* Gives room to the columns of the given kind (text: true) in proportion
 * to their share, none beyond its natural width when capped; returns what
 * is left of room. */
static float spread(const tbl *T, const float *share, const float *nat, float room,
                    bool text, bool capped)
{
    for (size_t pass = 0; pass <= T->nc && room > 0.001f; pass++) {
        double sh = 0;
        for (size_t i = 0; i < T->nc; i++)
            if ((T->t->cols[i].type == FSE_COL_TEXT) == text && (!capped || T->w[i] < nat[i] - 0.001f))
                sh += share[i];
        if (sh <= 0) break;
        float given = 0;
        for (size_t i = 0; i < T->nc; i++) {
            if ((T->t->cols[i].type == FSE_COL_TEXT) != text || (capped && T->w[i] >= nat[i] - 0.001f))
                continue;
            float g = (float)(room * share[i] / sh);
            if (capped && T->w[i] + g > nat[i]) g = nat[i] - T->w[i];
            T->w[i] += g;
            given += g;
        }
        room -= given;
        if (!capped) break;
    }
    return room;
}

#define TB_SAMPLE 400      /* rows measured for the content-aware widths */
#define TB_STEPS 160       /* bound on the widening steps (4 x) */
#define TB_CANDS 8         /* widths tried per column and step */

/* Estimated height, in lines, of the sampled rows at the text column widths
 * w: a cell of text width tw (font units at size fs) takes
 * ceil(tw / usable width) lines, a little more for the words that do not
 * fill a line; a row takes its tallest cell. Adds a small share of the
 * total cell lines so a step that shortens cells without shortening a row
 * still counts. */
/* The sampled text cells of a table: tw[r * nt + k] the widest line (font
 * units at size 1000) and nl[...] the line count of row r's cell in text
 * column tc[k]. */
typedef struct {
    const float *tw;
    const unsigned char *nl;
    size_t ns, nt;
    const size_t *tc;
} sample;

static double text_cost(const sample *S, const float *w, float fs)
{
    const float *tw = S->tw;
    size_t ns = S->ns, nt = S->nt;
    const size_t *tc = S->tc;
    double cost = 0;
    for (size_t r = 0; r < ns; r++) {
        double rmax = 1, sum = 0;
        for (size_t k = 0; k < nt; k++) {
            float avail = (w[tc[k]] - 2 * TB_PAD_X) * 0.92f;
            float x = tw[r * nt + k] * fs / 1000.0f;
            double lines = (x <= 0 ? 1 : avail > 1 ? ceil(x / avail) : x) * S->nl[r * nt + k];
            if (lines > rmax) rmax = lines;
            sum += lines;
        }
        cost += rmax + 0.01 * sum;
    }
    return cost;
}

/* Widens the text columns from their current widths, each time the column
 * and width (one where some cell of it loses a line) that lower the
 * estimated height most per point; returns the room left. */
static float widen_thresholds(tbl *T, const sample *S, const float *nat, float room)
{
    const float *tw = S->tw;
    size_t ns = S->ns, nt = S->nt;
    const size_t *tc = S->tc;
    size_t nc = T->nc;
    float *cand = malloc((ns + 1) * sizeof *cand);
    for (int iter = 0; iter < 4 * TB_STEPS && room > 0.5f; iter++) {
        double cost0 = text_cost(S, T->w, T->fs), best_gain = 0;
        size_t best = nc;
        float best_w = 0;
        for (size_t k = 0; k < nt; k++) {
            size_t i = tc[k];
            float cap = T->w[i] + room < nat[i] ? T->w[i] + room : nat[i];
            if (cap <= T->w[i] + 0.01f) continue;
            /* the widths at which one of its cells loses a line, smallest first */
            size_t nw = 0;
            for (size_t r = 0; r < ns; r++) {
                float x = tw[r * nt + k] * T->fs / 1000.0f;
                float avail = (T->w[i] - 2 * TB_PAD_X) * 0.92f;
                double lines = avail > 1 ? ceil(x / avail) : 2;   /* per line of the cell */
                if (lines < 2) continue;
                float need = x / (float)(lines - 1) / 0.92f + 2 * TB_PAD_X + 0.01f;
                if (need > T->w[i] && need <= cap) cand[nw++] = need;
            }
            for (size_t a = 0; a < nw && a < TB_CANDS; a++) {   /* TB_CANDS smallest */
                size_t m = a;
                for (size_t z = a + 1; z < nw; z++) if (cand[z] < cand[m]) m = z;
                float tmp = cand[a]; cand[a] = cand[m]; cand[m] = tmp;
                float keep = T->w[i];
                T->w[i] = cand[a];
                double gain = (cost0 - text_cost(S, T->w, T->fs)) / (cand[a] - keep);
                T->w[i] = keep;
                if (gain > best_gain + 1e-12) { best_gain = gain; best = i; best_w = cand[a]; }
            }
        }
        if (best == nc) break;   /* no width shortens anything within the room left */
        room -= best_w - T->w[best];
        T->w[best] = best_w;
    }
    free(cand);
    return room;
}

/* Widens the text columns by small steps, each to the column that lowers
 * the estimated height most (ties: the one furthest below its declared
 * share); returns the room left. */
static float widen_steps(tbl *T, const sample *S, const float *share, const float *nat, float room)
{
    size_t nt = S->nt;
    const size_t *tc = S->tc;
    float step = room / TB_STEPS;
    if (step < 0.5f) step = 0.5f;
    while (room >= step) {
        size_t best = T->nc;
        double bcost = 0, bdef = 0;
        for (size_t k = 0; k < nt; k++) {
            size_t i = tc[k];
            if (T->w[i] >= nat[i] - 0.001f) continue;
            T->w[i] += step;
            double cost = text_cost(S, T->w, T->fs);
            T->w[i] -= step;
            double def = share[i] - T->w[i];
            if (best == T->nc || cost < bcost - 1e-9 || (cost < bcost + 1e-9 && def > bdef)) {
                best = i;
                bcost = cost;
                bdef = def;
            }
        }
        if (best == T->nc) break;
        float g = step < nat[best] - T->w[best] ? step : nat[best] - T->w[best];
        T->w[best] += g;
        room -= g;
    }
    return room;
}

/* Lines of the sampled rows (ns rows, every stride-th) wrapped for real at
 * the column widths w: the sum of each row's tallest cell. The spans used
 * are released. */
static size_t wrapped_height(pdf_ctx *c, const tbl *T, size_t ns, size_t stride, const float *w)
{
    const fse_doc_table *t = T->t;
    size_t ns0 = c->nspans, al = c->arena.len, total = 0;
    char buf[128];
    for (size_t r = 0; r < ns; r++) {
        size_t rmax = 1;
        for (size_t i = 0; i < T->nc; i++) {
            const char *s = fse_doc_cell_display(&t->cols[i], &t->cells[r * stride * T->nc + i], buf, sizeof buf);
            size_t n;
            pdf_wrap(c, s, c->reg, T->fs, w[i] - 2 * TB_PAD_X, &n);
            if (n > rmax) rmax = n;
            c->nspans = ns0;
            c->arena.len = al;
        }
        total += rmax;
    }
    return total;
}

/* Content-aware widths, when the text columns cannot all stay on one line:
 * typed columns at their minimum (their cells are whole), then the room
 * left is handed to the text columns in two ways (widen_thresholds,
 * widen_steps) and the one whose sampled rows, really wrapped, are lower
 * is kept;
 * what remains when nothing shortens any more goes to all columns by their
 * declared share. Returns false (T->w untouched) when
 * there is no text column. */
static bool fit_to_content(pdf_ctx *c, tbl *T, const float *share, const float *mn, const float *nat)
{
    const fse_doc_table *t = T->t;
    size_t nc = T->nc, nt = 0;
    size_t *tc = malloc(nc * sizeof *tc);
    for (size_t i = 0; i < nc; i++) if (t->cols[i].type == FSE_COL_TEXT) tc[nt++] = i;
    if (!nt) { free(tc); return false; }
    size_t ns = t->nrows < TB_SAMPLE ? t->nrows : TB_SAMPLE;
    size_t stride = t->nrows > TB_SAMPLE ? t->nrows / TB_SAMPLE : 1;
    float *tw = calloc(ns * nt + 1, sizeof *tw);
    unsigned char *nls = calloc(ns * nt + 1, 1);
    char buf[128];
    for (size_t r = 0; r < ns; r++)
        for (size_t k = 0; k < nt; k++) {
            const char *s = fse_doc_cell_display(&t->cols[tc[k]], &t->cells[r * stride * nc + tc[k]], buf, sizeof buf);
            float word, line;
            pdf_text_extent(c, c->reg, 1000, s, &word, &line);
            size_t nl = 1;
            for (const char *p = s; *p; p++) nl += *p == '\n';
            /* a cell of several lines: its widest line, and how many */
            tw[r * nt + k] = line;
            nls[r * nt + k] = nl > 255 ? 255 : (unsigned char)nl;
        }
    float used = 0;
    for (size_t i = 0; i < nc; i++) { T->w[i] = mn[i]; used += mn[i]; }
    float room = c->lw - used;
    sample smp = { tw, nls, ns, nt, tc }, *S = &smp;
    float *w0 = malloc(nc * sizeof *w0);
    memcpy(w0, T->w, nc * sizeof *w0);
    float room_a = widen_thresholds(T, S, nat, room);
    float *wa = malloc(nc * sizeof *wa);
    memcpy(wa, T->w, nc * sizeof *wa);
    memcpy(T->w, w0, nc * sizeof *w0);
    room = widen_steps(T, S, share, nat, room);
    if (wrapped_height(c, T, ns, stride, wa) <= wrapped_height(c, T, ns, stride, T->w)) {   /* the better of the two */
        memcpy(T->w, wa, nc * sizeof *wa);
        room = room_a;
    }
    free(w0);
    free(wa);
    if (room > 0.001f) {
        double sh = 0;
        for (size_t i = 0; i < nc; i++) sh += share[i];
        for (size_t i = 0; i < nc; i++) T->w[i] += (float)(room * share[i] / sh);
    }
    free(tw);
    free(nls);
    free(tc);
    return true;
}

/* Sets T->w (summing to the line width) and T->fs / T->lh; see the top of
 * the file. c->colw holds 5 * ncols floats. */
static void column_widths(pdf_ctx *c, tbl *T)
{
    size_t nc = T->nc;
    float *um = T->w + nc, *un = T->w + 2 * nc, *mn = T->w + 3 * nc, *nat = T->w + 4 * nc;
    float *share = um;                       /* reused once the limits are known */
    measure_columns(c, T, um, un);
    float fs = T->t->font_size >= TB_FS_MIN && T->t->font_size < PDF_FS_TABLE ? T->t->font_size : PDF_FS_TABLE;
    float summin = limits(c, T->t, um, un, fs, mn, nat);
    while (summin > c->lw && fs - TB_FS_STEP >= TB_FS_MIN - 0.001f) {
        fs -= TB_FS_STEP;
        summin = limits(c, T->t, um, un, fs, mn, nat);
    }
    T->fs = fs;
    T->lh = PDF_LH(fs);
    if (summin > c->lw) {                    /* last resort: words will break */
        for (size_t i = 0; i < nc; i++) T->w[i] = mn[i] * c->lw / summin;
        return;
    }
    double wsum = 0;
    float sumnat = 0;
    for (size_t i = 0; i < nc; i++) wsum += T->t->cols[i].width > 0 ? T->t->cols[i].width : 1;
    float sum = 0;
    for (size_t i = 0; i < nc; i++) {
        share[i] = (float)(c->lw * (T->t->cols[i].width > 0 ? T->t->cols[i].width : 1) / wsum);
        float w = share[i] < nat[i] ? share[i] : nat[i];
        T->w[i] = w > mn[i] ? w : mn[i];
        sum += T->w[i];
        sumnat += nat[i];
    }
    if (sumnat > c->lw && fit_to_content(c, T, share, mn, nat)) {
        /* widths set from the content */
    } else if (sum > c->lw) {                       /* columns above their minimum give back */
        float slack = 0, excess = sum - c->lw;
        for (size_t i = 0; i < nc; i++) slack += T->w[i] - mn[i];
        for (size_t i = 0; i < nc; i++)
            if (slack > 0) T->w[i] -= (T->w[i] - mn[i]) * excess / slack;
    } else if (sum < c->lw) {                /* leftover to the text columns */
        float room = spread(T, share, nat, c->lw - sum, true, true);
        room = spread(T, share, nat, room, true, false);
        spread(T, share, nat, room, false, false);   /* no text column */
    }
    size_t last = nc - 1;                    /* exact total, no rounding gap */
    float others = 0;
    for (size_t i = 0; i < last; i++) others += T->w[i];
    if (c->lw - others > 0) T->w[last] = c->lw - others;
}

/* ---------------------------------------------------------------- drawing */

static void grid(pdf_ctx *c, const tbl *T, float top, float h, float bottom_w)
{
    HPDF_Page p = c->page;
    stroke_rgb(p, 0.72f, 0.72f, 0.72f);
    line_width(p, 0.3f);
    float x = c->ml;
    for (size_t i = 0; i <= T->nc; i++) {
        HPDF_Page_MoveTo(p, x, top);
        HPDF_Page_LineTo(p, x, top - h);
        if (i < T->nc) x += T->w[i];
    }
    HPDF_Page_Stroke(p);
    line_width(p, bottom_w);
    if (bottom_w > 0.5f) stroke_rgb(p, 0.0f, 0.2f, 0.6f);
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

/* Title lines of text at the cursor; returns their height (0 for none).
 * draw = false only measures. The spans used are released, so the row
 * being laid out keeps its own. */
static float title_block(pdf_ctx *c, const char *text, bool draw)
{
    if (!text || !*text) return 0;
    size_t ns = c->nspans, al = c->arena.len;
    size_t n, i0 = pdf_wrap(c, text, c->bold, TB_TITLE_FS, c->lw, &n);
    if (draw) {
        fill(c, 0.1f, 0.1f, 0.1f);
        for (size_t i = 0; i < n; i++) {
            size_t len;
            const char *s = pdf_span(c, i0 + i, &len);
            pdf_text(c, c->bold, TB_TITLE_FS, c->ml, c->y - i * PDF_LH(TB_TITLE_FS) - PDF_BASE(TB_TITLE_FS),
                     s, len);
        }
        fill(c, 0, 0, 0);
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
static void new_page_with_header(pdf_ctx *c, const tbl *T)
{
    pdf_new_page(c);
    if (T->ctitle_h > 0) title_block(c, c->ttl.s, true);
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
        stroke_rgb(c->page, 0.2f, 0.2f, 0.2f);
        line_width(c->page, 0.8f);
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

/* Body height below the repeated title and header of a continued page. */
static float page_room(const pdf_ctx *c, const tbl *T)
{
    return c->body_top - c->body_bottom - T->ctitle_h - T->hdr_h;
}

/* Places the wrapped row (nlines lines) from the cursor. */
static void place_row(pdf_ctx *c, const tbl *T, size_t nlines, int shade)
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
              0, PDF_FS_TABLE, PDF_LH(PDF_FS_TABLE), 0 };
    column_widths(c, &T);

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
    c->y -= 4;
    if (t->note && *t->note) pdf_flow_lines(c, t->note, c->reg, 8.0f, c->ml, c->lw, 0.3f);
    c->y -= 6;
}
