/* liste_marches.c — the liste des marchés clausés (FICHES.md agen-4
 * "Liste des marchés clausés"): every marché / lot active in the period
 * (its [date_debut, date_fin] overlaps the period, DESIGN §6) with its
 * donneur d'ordre, attributaire, clause, dates and volumétrie: hours planned,
 * realised in the period and realised up to the end of the period.
 */
#include "pieces/pieces.h"
#include "common/strset.h"
#include "common/text.h"
#include "common/util.h"
#include "measures/measure.h"
#include "pieces/volumetrie.h"

#include <stdlib.h>
#include <string.h>

static const char *tx(const fse_row *r, int f) { return f >= 0 && r->v[f].text ? r->v[f].text : ""; }

fse_doc *fse_piece_liste_marches(const fse_piece_ctx *c, const char **why)
{
    fse_dataset *m = fse_datasets_get(c->data, "marches");
    if (!m->loaded) { *why = "the job declares no [source.marches]"; return NULL; }
    const fse_dataset_def *def = m->def;
    fse_doc *d = fse_piece_doc(c, fse_piece_title("liste-marches"));
    d->landscape = true;
    fse_doc_table *t = fse_doc_table_add(d, "Marchés clausés actifs sur la période", "Marchés");
    static const struct { const char *field, *title; fse_col_type type; double w; } cols[] = {
        { "operation_id", "N° opération", FSE_COL_ID, 1.1 },
        { "operation", "Opération", FSE_COL_TEXT, 2.2 },
        { "donneur_ordre", "Donneur d'ordre", FSE_COL_TEXT, 1.6 },
        { "marche_id", "N° marché", FSE_COL_ID, 1.1 },
        { "lot", "Lot", FSE_COL_TEXT, 0.7 },
        { "entreprise", "Entreprise attributaire", FSE_COL_TEXT, 1.7 },
        { "siret", "SIRET", FSE_COL_ID, 1.3 },
        { "base_juridique", "Type de clause", FSE_COL_TEXT, 1.5 },
        { "date_notification", "Notification", FSE_COL_DATE, 0.95 },
        { "date_debut", "Début", FSE_COL_DATE, 0.95 },
        { "date_fin", "Fin", FSE_COL_DATE, 0.95 },
        { "heures_prevues", "Heures prévues", FSE_COL_NUMBER, 0.9 },
    };
    size_t nc = sizeof cols / sizeof cols[0];
    for (size_t i = 0; i < nc; i++)
        fse_doc_col(t, cols[i].title, cols[i].type, cols[i].w, cols[i].type == FSE_COL_NUMBER ? 0 : 0);
    fse_doc_col(t, "Heures réalisées (période)", FSE_COL_NUMBER, 0.9, 2);
    fse_doc_col(t, "Heures réalisées (cumul)", FSE_COL_NUMBER, 0.9, 2);
    fse_doc_col(t, "Taux de réalisation", FSE_COL_PERCENT, 0.8, 1);
    fse_strset distinct = {0};
    double tot_prev = 0, tot_per = 0, tot_cum = 0;
    size_t rows = 0;
    int fid = fse_field_index(def, "marche_id");
    fse_volumetries vols;
    fse_volumetries_build(c, &vols);
    for (size_t i = 0; i < m->nrows; i++) {
        const fse_row *r = &m->rows[i];
        if (!fse_row_in_period(c->data, m, r, c->period, -2)) continue;
        fse_doc_row(t);
        rows++;
        for (size_t k = 0; k < nc; k++) {
            int f = fse_field_index(def, cols[k].field);
            const fse_value *v = &r->v[f];
            if (v->state == FSE_VAL_EMPTY) continue;
            if ((cols[k].type == FSE_COL_DATE || cols[k].type == FSE_COL_NUMBER) && v->state == FSE_VAL_OK)
                fse_doc_put_num(t, k, v->num);
            else
                fse_doc_put_text(t, k, v->text);
        }
        const fse_value *pv = &r->v[fse_field_index(def, "heures_prevues")];
        const fse_volumetrie *vol = fse_volumetrie_get(&vols, tx(r, fid));
        double per = vol ? vol->realisees_periode : 0, cum = vol ? vol->realisees_cumul : 0;
        fse_doc_put_num(t, nc, per);
        fse_doc_put_num(t, nc + 1, cum);
        if (pv->state == FSE_VAL_OK && pv->num > 0) { fse_doc_put_num(t, nc + 2, cum / pv->num); tot_prev += pv->num; }
        tot_per += per;
        tot_cum += cum;
        if (r->v[fid].text) fse_strset_add_owned(&distinct, fse_norm_key(r->v[fid].text));
    }
    fse_strset_freeze(&distinct);
    char *label = fse_xasprintf("Total : %zu ligne(s), %zu marché(s) distinct(s)", rows, distinct.n);
    fse_doc_total_text(t, 0, label);
    free(label);
    fse_doc_total_num(t, nc - 1, tot_prev);
    fse_doc_total_num(t, nc, tot_per);
    fse_doc_total_num(t, nc + 1, tot_cum);
    fse_doc_table_note(t, "Un marché est actif quand sa période [début, fin] recoupe la période de la pièce "
                          "(sans date de fin : en cours). Heures réalisées : lignes de l'export des heures "
                          "portant un critère d'éligibilité ; le cumul va jusqu'à la fin de la période. "
                          "Un marché à plusieurs lots compte une fois dans « marchés distincts ».");
    fse_doc_heading(d, 1, "Méthode et sources");
    fse_doc_paragraph(d, "Source : export des opérations et marchés clausés d'ABC Clause. Le nombre de marchés "
                         "distincts est l'indicateur « distinct marche_id of marches » de la fiche.");
    fse_strset_free(&distinct);
    fse_volumetries_free(&vols);
    return d;
}
