/* liste_summary.c — what follows the lines of a list pièce: the totals
 * row and the optional breakdown table (liste_summary.h). Split out of
 * liste.c, which builds the lines. */
#include "pieces/liste_summary.h"
#include "pieces/groups.h"
#include "common/text.h"
#include "common/util.h"
#include "common/strset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fse_liste_totals(fse_doc_table *t, const fse_list_layout *l, size_t nlines)
{
    /* the label "Total : N lignes, K … distincts" in the first column; a count
     * the first column would hold goes into the label instead */
    fse_sb label = {0};
    fse_sb_addf(&label, "Total : %zu ligne%s", nlines, fse_pluriel(nlines));
    for (size_t ci = 0; ci < l->ncols; ci++) {
        const fse_list_col *col = &l->cols[ci];
        if (col->total == 1) {
            if (ci) fse_doc_total_num(t, ci, (double)nlines);
        } else if (col->total == 2) {
            double s = 0;
            for (size_t r = 0; r < t->nrows; r++) {
                const fse_doc_cell *cell = &t->cells[r * t->ncols + ci];
                if (cell->has_num) s += cell->num;
            }
            fse_doc_total_num(t, ci, round(s * 1e6) / 1e6);  /* no float noise in the cell */
        } else if (col->total == 3) {
            fse_strset vals = {0};
            for (size_t r = 0; r < t->nrows; r++) {
                const fse_doc_cell *cell = &t->cells[r * t->ncols + ci];
                if (cell->text && *cell->text) fse_strset_add_owned(&vals, fse_norm_key(cell->text));
            }
            fse_strset_freeze(&vals);
            if (ci) fse_doc_total_num(t, ci, (double)vals.n);
            fse_sb_addf(&label, ", %zu %s", vals.n, col->total_libelle ? col->total_libelle : "valeurs distinctes");
            fse_strset_free(&vals);
        }
    }
    fse_doc_total_text(t, 0, label.s);
    fse_sb_free(&label);
}

void fse_liste_breakdown(fse_doc *d, const fse_doc_table *t, const fse_list_layout *l)
{
    size_t ci = 0;
    while (ci < l->ncols && strcmp(l->cols[ci].id, l->repartition)) ci++;
    if (ci == l->ncols) return;
    /* "Répartition par type de contact": the column title in lower case */
    const char *ct = l->cols[ci].titre;
    char *lower = fse_xstrdup(ct);
    if (lower[0] >= 'A' && lower[0] <= 'Z' && !(lower[1] >= 'A' && lower[1] <= 'Z')) lower[0] += 32;
    char *title = fse_xasprintf("Répartition par %s", lower);
    free(lower);
    fse_doc_table *r = fse_doc_table_add(d, title, "Répartition");
    free(title);
    fse_doc_col(r, ct, FSE_COL_TEXT, 3, 0);
    fse_doc_col(r, "Lignes", FSE_COL_INTEGER, 1, 0);
    fse_doc_col(r, "Part", FSE_COL_PERCENT, 1, 1);
    fse_groups gs = {0};
    for (size_t i = 0; i < t->nrows; i++) {  /* keyed by the cell's text address: the table
                                                 lives and is not changed while grouping */
        const char *v = t->cells[i * t->ncols + ci].text;
        fse_group_add(&gs, fse_groups_get_keyed(&gs, (uint64_t)(uintptr_t)v, v), 1, FSE_GROUP_NOBODY);
    }
    fse_groups_finish(&gs, 1);
    for (size_t i = 0; i < gs.n; i++) {
        fse_doc_row(r);
        fse_doc_put_text(r, 0, gs.g[i].label);
        fse_doc_put_num(r, 1, gs.g[i].sum);
        fse_doc_put_num(r, 2, t->nrows ? gs.g[i].sum / (double)t->nrows : 0);
    }
    fse_doc_total_text(r, 0, "Total");
    fse_doc_total_num(r, 1, (double)t->nrows);
    if (t->nrows) fse_doc_total_num(r, 2, 1);
    fse_groups_free(&gs);
}
