/* tableau_impact.c — the tableau d'impact of the clauses sociales: hours of
 * insertion realised in the period by opération / marché / entreprise, by
 * modalité, by public (eligibility criterion), by sex and by month, with
 * hours planned against hours realised (FICHES.md: agen-4, bordeaux-4,
 * perigueux-3, graves-3, … "Tableau d'impact (ABC Clause)").
 *
 * The hours counted are those of the indicator `sum heures of heures`:
 * rows in the period with an eligibility criterion (FICHES.md); the others
 * are listed apart as "à régulariser", so the total equals indicateurs.csv.
 */
#include "pieces/pieces.h"
#include "pieces/heures_agg.h"
#include "pieces/volumetrie.h"
#include "common/text.h"
#include "common/util.h"
#include "ingest/values.h"
#include "measures/measure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    fse_dataset *h;
    int f_marche, f_part, f_mois, f_heures, f_nom, f_prenom;
} hcols;

static const char *tx(const fse_row *r, int f) { return f >= 0 && r->v[f].text ? r->v[f].text : ""; }
static double num(const fse_row *r, int f) { return f >= 0 && r->v[f].state == FSE_VAL_OK ? r->v[f].num : 0; }

/* One breakdown table of the hours counted: a row per group, then the total
 * hours (indicateurs.csv's), the total of lines, and the participants of the
 * whole table counted once each (people: a person working in two months or
 * for two entreprises is on two rows, so the column does not add up). */
static void add_breakdown(fse_doc *d, const char *title, const char *sheet, const char *what,
                          const fse_groups *gs, double total, size_t people, bool month)
{
    fse_doc_table *t = fse_doc_table_add(d, title, sheet);
    fse_doc_col(t, what, month ? FSE_COL_MONTH : FSE_COL_TEXT, month ? 1 : 3, 0);
    fse_doc_col(t, "Heures réalisées", FSE_COL_NUMBER, 1.4, 2);
    fse_doc_col(t, month ? "Cumul" : "Part", month ? FSE_COL_NUMBER : FSE_COL_PERCENT, 1.2, month ? 2 : 1);
    fse_doc_col(t, "Participants", FSE_COL_INTEGER, 1.1, 0);
    fse_doc_col(t, "Lignes", FSE_COL_INTEGER, 0.9, 0);
    double cumul = 0;
    size_t rows = 0;
    for (size_t i = 0; i < gs->n; i++) {
        const fse_group *g = &gs->g[i];
        fse_doc_row(t);
        if (month) fse_doc_put_num(t, 0, g->order); else fse_doc_put_text(t, 0, g->label);
        fse_doc_put_num(t, 1, g->sum);
        cumul += g->sum;
        fse_doc_put_num(t, 2, month ? cumul : (total > 0 ? g->sum / total : 0));
        fse_doc_put_num(t, 3, (double)g->npeople);
        fse_doc_put_num(t, 4, (double)g->nrows);
        rows += g->nrows;
    }
    fse_doc_total_text(t, 0, "Total");
    fse_doc_total_num(t, 1, total);
    if (!month) fse_doc_total_num(t, 2, total > 0 ? 1 : 0);
    fse_doc_total_num(t, 3, (double)people);
    fse_doc_total_num(t, 4, (double)rows);
}

fse_doc *fse_piece_tableau_impact(const fse_piece_ctx *c, const char **why)
{
    hcols k;
    k.h = fse_datasets_get(c->data, "heures");
    if (!k.h->loaded) { *why = "le job ne déclare pas de [source.heures]"; return NULL; }
    const fse_dataset_def *def = k.h->def;
    k.f_marche = fse_field_index(def, "marche_id");
    k.f_part = fse_field_index(def, "participant_id"); k.f_mois = fse_field_index(def, "mois");
    k.f_heures = fse_field_index(def, "heures"); k.f_nom = fse_field_index(def, "nom");
    k.f_prenom = fse_field_index(def, "prenom");

    /* the rows: those of the fiche's hours figure (its total is indicateurs.csv's),
     * else the same rule evaluated here (a fiche that shows hours without counting them) */
    fse_result res = {0};
    const fse_figure *hf = fse_piece_heures_figure(c);
    if (!hf) {
        fse_measure *m = fse_measure_parse("sum heures of heures", NULL, NULL, 0, NULL);
        fse_measure_eval(m, c->data, c->period, &res);
        fse_measure_free(m);
    }
    const fse_term_result *tr = hf ? &hf->res.terms[0] : &res.terms[0];

    fse_doc *d = fse_piece_doc(c, fse_piece_title("tableau-impact"));
    d->landscape = true;
    fse_heures_agg *own_agg;   /* shared with the bilan and the other fiches (heures_agg.h) */
    const fse_heures_agg *a = fse_heures_agg_of(c, k.h, tr, &own_agg);
    char buf[64], per[48];
    fse_period_text(c->period, per, sizeof per);
    fse_doc_heading(d, 1, "Synthèse");
    fse_doc_block *kv = fse_doc_keyvalue(d);
    fse_doc_kv_add_num(kv, "Heures d'insertion réalisées (comptées)", tr->value, FSE_COL_NUMBER, 2, NULL);
    fse_doc_kv_add_num(kv, "Équivalent temps plein", tr->value / c->job->heures_par_etp, FSE_COL_NUMBER, 2, NULL);
    fse_doc_kv_add_num(kv, "Participants", (double)a->people, FSE_COL_INTEGER, 0, NULL);
    fse_doc_kv_add_num(kv, "Marchés avec des heures", (double)a->by_marche.n, FSE_COL_INTEGER, 0, NULL);
    fse_format_number_fr(tr->regul_sum, 2, buf, sizeof buf);
    char *rl = fse_xasprintf("%s h sur %zu ligne%s, sans critère d'éligibilité", buf, tr->na_regulariser,
                             fse_pluriel(tr->na_regulariser));
    fse_doc_kv_add(kv, "Heures à régulariser (non comptées)", rl);
    free(rl);
    fse_doc_paragraph(d, "Heures comptées : lignes de l'export des heures dont le mois tombe dans la période "
                         "et qui portent un critère d'éligibilité (fiches opération, vocabulaire de comptage). "
                         "ETP = heures / heures d'un temps plein (1\u00a0607 par défaut, heures_par_etp).");

    /* prévues vs réalisées by opération / marché */
    fse_dataset *mar = fse_datasets_get(c->data, "marches");
    fse_volumetries *vols_owned;
    const fse_volumetries *vols = fse_volumetries_of(c, &vols_owned);
    fse_doc_heading(d, 1, "Heures par opération et marché");
    fse_doc_table *t = fse_doc_table_add(d, "Heures par opération et marché", "Par marché");
    fse_doc_col(t, "N° opération", FSE_COL_ID, 1.2, 0);
    fse_doc_col(t, "N° marché", FSE_COL_ID, 1.2, 0);
    fse_doc_col(t, "Donneur d'ordre", FSE_COL_TEXT, 2, 0);
    fse_doc_col(t, "Entreprise attributaire", FSE_COL_TEXT, 2, 0);
    fse_doc_col(t, "Heures prévues", FSE_COL_NUMBER, 1.1, 2);
    fse_doc_col(t, "Heures réalisées", FSE_COL_NUMBER, 1.1, 2);
    fse_doc_col(t, "Taux", FSE_COL_PERCENT, 0.8, 1);
    fse_doc_col(t, "Participants", FSE_COL_INTEGER, 0.9, 0);
    double tot_prev = 0;
    for (size_t i = 0; i < a->by_marche.n; i++) {
        const fse_group *g = &a->by_marche.g[i];
        char *sep = strchr(g->label, '\x1f');
        char *op = fse_xstrndup(g->label, (size_t)(sep - g->label));
        const char *mid = sep + 1;
        fse_doc_row(t);
        fse_doc_put_text(t, 0, op);
        fse_doc_put_text(t, 1, mid);
        const fse_volumetrie *vol = fse_volumetrie_get(vols, mid);
        bool has_prev = vol && vol->has_prevues;
        double prev = has_prev ? vol->prevues : 0;
        const char *donneur = vol ? vol->donneur_ordre : NULL, *ent = vol ? vol->entreprise : NULL;
        if (donneur) fse_doc_put_text(t, 2, donneur);
        if (ent) fse_doc_put_text(t, 3, ent);
        if (has_prev) { fse_doc_put_num(t, 4, prev); tot_prev += prev; }
        fse_doc_put_num(t, 5, g->sum);
        if (has_prev && prev > 0) fse_doc_put_num(t, 6, g->sum / prev);
        fse_doc_put_num(t, 7, (double)g->npeople);
        free(op);
    }
    fse_doc_total_text(t, 0, "Total");
    if (mar->loaded) fse_doc_total_num(t, 4, tot_prev);
    fse_doc_total_num(t, 5, tr->value);
    fse_doc_total_num(t, 7, (double)a->people);
    fse_doc_table_note(t, "Heures prévues : colonne « Heures prévues » de l'export des marchés, sur toute la "
                          "durée du marché ; heures réalisées : dans la période seulement.");

    fse_doc_heading(d, 1, "Répartitions");
    fse_doc_paragraph(d, "Dans les tableaux ci-dessous, la colonne Participants compte des personnes "
                         "distinctes : une personne qui travaille plusieurs mois, ou pour plusieurs "
                         "entreprises, figure sur plusieurs lignes, et le total la compte une fois.");
    add_breakdown(d, "Heures par entreprise", "Par entreprise", "Entreprise attributaire", &a->by_ent, tr->value, a->people, false);
    add_breakdown(d, "Heures par modalité", "Par modalité", "Modalité", &a->by_mod, tr->value, a->people, false);
    add_breakdown(d, "Heures par public (critère d'éligibilité)", "Par public", "Critère d'éligibilité", &a->by_crit, tr->value, a->people, false);
    add_breakdown(d, "Heures par sexe", "Par sexe", "Sexe", &a->by_sexe, tr->value, a->people, false);
    add_breakdown(d, "Heures par mois", "Par mois", "Mois", &a->by_mois, tr->value, a->people, true);

    /* à régulariser: rows without criterion */
    fse_doc_heading(d, 1, "Heures à régulariser");
    t = fse_doc_table_add(d, "Heures sans critère d'éligibilité (à régulariser, non comptées)", "À régulariser");
    fse_doc_col(t, "Source", FSE_COL_TEXT, 2.2, 0);
    fse_doc_col(t, "N° marché", FSE_COL_ID, 1.2, 0);
    fse_doc_col(t, "Participant", FSE_COL_TEXT, 2, 0);
    fse_doc_col(t, "Mois", FSE_COL_MONTH, 0.9, 0);
    fse_doc_col(t, "Heures", FSE_COL_NUMBER, 1, 2);
    for (size_t i = 0; i < tr->na_regulariser; i++) {
        const fse_row *r = &k.h->rows[tr->a_regulariser[i]];
        char where[600];
        fse_doc_row(t);
        fse_doc_put_text(t, 0, fse_row_where(k.h, r, where, sizeof where));
        fse_doc_put_text(t, 1, tx(r, k.f_marche));
        char *name = fse_person_name(c, tx(r, k.f_part), tx(r, k.f_nom), tx(r, k.f_prenom));
        char *who = fse_xasprintf("%s (%s)", name, tx(r, k.f_part));
        fse_doc_put_text(t, 2, c->job->confidentialite == FSE_CONF_PSEUDONYME ? name : who);
        free(who);
        free(name);
        fse_doc_put_num(t, 3, num(r, k.f_mois));
        fse_doc_put_num(t, 4, num(r, k.f_heures));
    }
    fse_doc_total_text(t, 0, "Total");
    fse_doc_total_num(t, 4, tr->regul_sum);

    fse_doc_heading(d, 1, "Méthode et sources");
    fse_doc_paragraph(d, "Source : export des heures réalisées d'ABC Clause, une ligne par personne, marché et mois. "
                         "Une ligne compte quand son mois tombe dans la période et qu'elle porte un critère "
                         "d'éligibilité ; les lignes sans critère sont listées « à régulariser ». Les doublons "
                         "éventuels sont signalés dans controles.csv.");
    fse_heures_agg_free(own_agg);
    if (vols_owned) fse_volumetries_free(vols_owned);
    free(vols_owned);
    fse_result_free(&res);
    (void)per;
    return d;
}
