/* bilan_cumul.c — the bilan of a month pack (issue 6): the year to date
 * beside the month's own figures. Each indicator's value from 1 January (or
 * the fiche's start) to the end of the month, against the prorated target
 * (annual target × ETP × elapsed months / 12), and whether the operation is
 * en avance, dans la trajectoire or en retard (figures.h: ±10 % band).
 *
 * The month's figures are those of indicateurs.csv (c->figs); the year to
 * date ones are c->cumul, computed by the command with the same measures
 * over c->cumul_period, never recomputed here.
 */
#include "pieces/bilan.h"
#include "common/util.h"
#include "ingest/values.h"
#include "measures/figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

void fse_bilan_cumul(fse_doc *d, const fse_piece_ctx *c)
{
    if (!c->cumul || !c->cumul_period) return;
    const fse_period *yp = c->cumul_period;
    char per[48];
    fse_period_text(yp, per, sizeof per);
    fse_doc_heading(d, 1, "Cumul depuis le début de l'année et trajectoire");
    char *title = fse_xasprintf("Cumul %s (%d mois écoulés)", per, yp->months);
    fse_doc_table *t = fse_doc_table_add(d, title, "Cumul");
    free(title);
    fse_doc_col(t, "Indicateur", FSE_COL_ID, 1.8, 0);
    fse_doc_col(t, "Réalisé du mois", FSE_COL_NUMBER, 1.0, FSE_DEC_AUTO);
    fse_doc_col(t, "Cumul de l'année", FSE_COL_NUMBER, 1.0, FSE_DEC_AUTO);
    fse_doc_col(t, "Cible annuelle", FSE_COL_NUMBER, 1.0, FSE_DEC_AUTO);
    char *h = fse_xasprintf("Cible proratisée (%d/12)", yp->months);
    fse_doc_col(t, h, FSE_COL_NUMBER, 1.1, FSE_DEC_NEEDED);
    free(h);
    fse_doc_col(t, "Taux cumul / prorata", FSE_COL_PERCENT, 1.0, 1);
    fse_doc_col(t, "Trajectoire", FSE_COL_TEXT, 1.4, 0);
    size_t ahead = 0, on = 0, behind = 0;
    for (size_t i = 0; i < c->cumul->n; i++) {
        const fse_figure *y = &c->cumul->figs[i];
        const fse_figure *m = fse_figures_get(c->figs, y->ind->id);
        fse_doc_row(t);
        fse_doc_put_text(t, 0, y->ind->id);
        if (m) fse_doc_put_num(t, 1, round(m->res.value * 100) / 100);
        fse_doc_put_num(t, 2, round(y->res.value * 100) / 100);
        fse_trajectoire tr = fse_figure_trajectoire(y);
        if (y->has_cible) {
            fse_doc_put_num(t, 3, round(y->cible * 100) / 100);
            fse_doc_put_num(t, 4, round(y->cible_prorata * 100) / 100);
        }
        if (tr != FSE_TRAJ_SANS_CIBLE) fse_doc_put_num(t, 5, y->res.value / y->cible_prorata);
        fse_doc_put_text(t, 6, fse_trajectoire_text(tr));
        ahead += tr == FSE_TRAJ_EN_AVANCE;
        on += tr == FSE_TRAJ_DANS;
        behind += tr == FSE_TRAJ_EN_RETARD;
    }
    fse_doc_table_note(t, "Réalisé du mois : valeurs d'indicateurs.csv. Cumul : la même mesure du 1er janvier "
                          "(ou du début de la fiche) à la fin du mois. Cible proratisée = cible annuelle × mois "
                          "écoulés / 12. Trajectoire : en avance quand le cumul atteint 110 % de la cible "
                          "proratisée ou plus, dans la trajectoire de 90 % à 110 %, en retard en dessous de "
                          "90 % (bande de lecture de fsepack, non réglementaire).");
    char fin[11];
    fse_format_fr(yp->fin, fin);
    char *s = fse_xasprintf("Au %s, sur les indicateurs ayant une cible : %zu en avance, %zu dans la "
                            "trajectoire, %zu en retard.", fin, ahead, on, behind);
    fse_doc_paragraph(d, s);
    free(s);
}
