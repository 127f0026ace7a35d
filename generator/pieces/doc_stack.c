/* doc_stack.c — fse_doc_table_stacked: a PDF layout of a wide table where
 * some columns are printed under another one (doc.h).
 *
 * Why: a list with fifteen columns on A4 landscape leaves the text columns
 * a few words wide, and its rows wrap to four lines. Printing a short
 * column (a SIRET, an end date) on a second line of a neighbour's cell
 * frees its width for the text, with nothing left out; the XLSX keeps one
 * column per value (DESIGN §7: typed cells, autofilter).
 */
#include "pieces/doc.h"
#include "pieces/doc_private.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

/* Is column j printed under another (under[j] a column that stays)? */
static bool moved(const int *under, size_t nc, size_t j)
{
    return under[j] >= 0 && (size_t)under[j] < nc && under[under[j]] < 0;
}

/* "parent\nchild…" of one row (or the totals: cells = t->totals), the empty
 * parts left out. Owned. */
static char *stacked_text(const fse_doc_table *t, const fse_doc_cell *cells, size_t i, const int *under)
{
    fse_sb sb = {0};
    char buf[128];
    fse_sb_adds(&sb, fse_doc_cell_display(&t->cols[i], &cells[i], buf, sizeof buf));
    for (size_t j = 0; j < t->ncols; j++) {
        if (under[j] != (int)i) continue;
        const char *s = fse_doc_cell_display(&t->cols[j], &cells[j], buf, sizeof buf);
        if (!*s) continue;
        if (sb.len) fse_sb_addc(&sb, '\n');
        fse_sb_adds(&sb, s);
    }
    return fse_sb_take(&sb);
}

fse_doc_table *fse_doc_table_stacked(fse_doc *d, fse_doc_table *t, const int *under)
{
    size_t nc = t->ncols;
    bool any = false;
    for (size_t j = 0; j < nc; j++) any |= moved(under, nc, j);
    if (!any) return NULL;
    fse_doc_table *s = fse_doc_table_add(d, t->title, t->sheet);
    s->font_size = t->font_size;
    s->only = FSE_DOC_PDF_ONLY;
    t->only = FSE_DOC_XLSX_ONLY;
    size_t *map = fse_xcalloc(nc, sizeof *map);   /* column of s for column i of t */
    bool *has = fse_xcalloc(nc, sizeof *has);
    for (size_t j = 0; j < nc; j++)
        if (moved(under, nc, j)) has[under[j]] = true;
    size_t k = 0;
    for (size_t i = 0; i < nc; i++) {
        if (moved(under, nc, i)) continue;
        map[i] = k++;
        if (!has[i]) {
            fse_doc_col(s, t->cols[i].title, t->cols[i].type, t->cols[i].width, t->cols[i].decimals);
            s->cols[s->ncols - 1].whole = t->cols[i].whole;
            continue;
        }
        fse_sb title = {0};
        double w = t->cols[i].width;
        fse_sb_adds(&title, t->cols[i].title);
        for (size_t j = 0; j < nc; j++)
            if (under[j] == (int)i) {
                fse_sb_addf(&title, " / %s", t->cols[j].title);
                if (t->cols[j].width > w) w = t->cols[j].width;
            }
        fse_doc_col(s, title.s, FSE_COL_TEXT, w, 0);   /* two values: text, left-aligned */
        fse_sb_free(&title);
    }
    for (size_t r = 0; r < t->nrows; r++) {
        const fse_doc_cell *cells = &t->cells[r * nc];
        fse_doc_row(s);
        for (size_t i = 0; i < nc; i++) {
            if (moved(under, nc, i)) continue;
            if (has[i]) {
                char *x = stacked_text(t, cells, i, under);
                fse_doc_put_text(s, map[i], x);
                free(x);
            } else {
                if (cells[i].text) fse_doc_put_text(s, map[i], cells[i].text);
                if (cells[i].has_num) fse_doc_put_num(s, map[i], cells[i].num);
            }
        }
    }
    for (size_t i = 0; t->totals && i < nc; i++) {
        if (moved(under, nc, i)) continue;
        if (has[i]) {
            char *x = stacked_text(t, t->totals, i, under);
            if (*x) fse_doc_total_text(s, map[i], x);
            free(x);
        } else {
            if (t->totals[i].text) fse_doc_total_text(s, map[i], t->totals[i].text);
            if (t->totals[i].has_num) fse_doc_total_num(s, map[i], t->totals[i].num);
        }
    }
    if (t->note) fse_doc_table_note(s, t->note);
    free(map);
    free(has);
    return s;
}
