/* pdf_table_widths.c — the column widths of a PDF table (pdf_table.c
 * draws it).
 *
 * Column widths (pdf_table_column_widths): each column has a minimum — its widest
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
#include "pieces/pdf_table_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

void pdf_table_column_widths(pdf_ctx *c, tbl *T)
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

