/* bilan_charts.c — the charts of the bilan (DESIGN §7: indicators vs
 * targets; monthly cumulative hours vs the target trajectory; breakdowns of
 * the hours by modalité, public and sex) and its counting rules.
 *
 * Indicators vs targets is drawn in % of each target: the indicators of a
 * fiche mix hours (tens of thousands) and counts (tens), so raw values on one
 * axis would flatten every count to nothing; rated, each pair of bars
 * (cible = 100 %, réalisé) reads at a glance.
 *
 * The hours are the evidence rows of the fiche's `sum heures of heures`
 * figure (in period, with an eligibility criterion), so the last point of
 * the cumulative curve is the value of indicateurs.csv.
 */
#include "pieces/bilan.h"
#include "pieces/heures_agg.h"
#include "common/text.h"
#include "common/util.h"
#include "ingest/values.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fse_bilan_num(double v, char *buf, size_t len)
{
    fse_format_number_fr(v, fabs(v - round(v)) < 0.005 ? 0 : 2, buf, len);
}

static double round2(double v) { return round(v * 100) / 100; }


/* "Nombre d'employeurs rencontrés (…)" -> "Employeurs rencontrés", the
 * first letter capitalised, accented ones too ("Événements emploi"): owned. */
static char *short_label(const fse_indicateur *ind)
{
    const char *s = ind->libelle && *ind->libelle ? ind->libelle : ind->id;
    static const char *const pre[] = { "Nombre total de ", "Nombre total d'", "Nombre de ", "Nombre d'",
                                       "Nombre d\xE2\x80\x99" };
    for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++)
        if (!strncmp(s, pre[i], strlen(pre[i]))) { s += strlen(pre[i]); break; }
    const char *par = strstr(s, " (");
    char *out = par && par > s ? fse_xstrndup(s, (size_t)(par - s)) : fse_xstrdup(s);
    unsigned char *u = (unsigned char *)out;
    if (u[0] >= 'a' && u[0] <= 'z') u[0] = (unsigned char)(u[0] - 'a' + 'A');
    else if (u[0] == 0xC3 && u[1] >= 0xA0 && u[1] <= 0xBE && u[1] != 0xB7)
        u[1] = (unsigned char)(u[1] - 0x20);   /* "événements" -> "Événements" (U+00E0..U+00FE) */
    else if (u[0] == 0xC5 && u[1] == 0x93) u[1] = 0x92;   /* œ -> Œ */
    return out;
}

void fse_bilan_chart_rates(fse_doc *d, const fse_piece_ctx *c)
{
    /* a month pack charts its year to date against the prorated target */
    const fse_figures *fg = c->cumul ? c->cumul : c->figs;
    size_t n = 0;
    char **cats = fse_xcalloc(fg->n + 1, sizeof *cats);
    double *target = fse_xcalloc(fg->n + 1, sizeof *target), *done = fse_xcalloc(fg->n + 1, sizeof *done);
    for (size_t i = 0; i < fg->n; i++) {
        const fse_figure *x = &fg->figs[i];
        if (!x->has_cible || !(x->cible_prorata > 0)) continue;
        cats[n] = short_label(x->ind);
        target[n] = 100;
        done[n] = round(x->res.value / x->cible_prorata * 1000) / 10;
        n++;
    }
    if (n) {
        fse_doc_chart *ch = fse_doc_chart_add(d, c->cumul ? "Cumul de l'année des indicateurs, en % de leur cible "
                                                            "proratisée" : "Réalisation des indicateurs, en % de leur cible",
                                              n, (const char *const *)cats, false);
        fse_doc_chart_series(ch, "Cible (100 %)", target);
        fse_doc_chart_series(ch, "Réalisé (% de la cible)", done);
        fse_doc_paragraph(d, "Les indicateurs n'ont pas la même unité (heures, nombres d'entreprises, "
                             "d'offres, d'actions…) : chacun est rapporté à sa cible, qui vaut 100 %. "
                             "Au-delà de 100 %, la cible est dépassée.");
    } else {
        fse_doc_paragraph(d, "Aucun indicateur de la fiche n'a de cible : pas de graphique de réalisation.");
    }
    for (size_t i = 0; i < n; i++) free(cats[i]);
    free(cats);
    free(target);
    free(done);
}

/* ------------------------------------------------------------ hours */

static const char *const MOIS[12] = { "janv.", "févr.", "mars", "avr.", "mai", "juin",
                                      "juil.", "août", "sept.", "oct.", "nov.", "déc." };

/* A bar chart of the groups (finished, by hours descending) and, under it,
 * their figures (hours, share, participants): aggregates only. */
static void breakdown(fse_doc *d, const char *title, const char *sheet, const char *what,
                      const fse_groups *gs, double total, size_t people)
{
    const char **cats = fse_xcalloc(gs->n + 1, sizeof *cats);
    double *v = fse_xcalloc(gs->n + 1, sizeof *v);
    for (size_t i = 0; i < gs->n; i++) {
        cats[i] = gs->g[i].label;
        v[i] = round2(gs->g[i].sum);
    }
    fse_doc_chart *ch = fse_doc_chart_add(d, title, gs->n, cats, false);
    fse_doc_chart_series(ch, "Heures réalisées", v);
    free(cats);
    free(v);
    fse_doc_table *t = fse_doc_table_add(d, title, sheet);
    fse_doc_col(t, what, FSE_COL_TEXT, 2.2, 0);
    fse_doc_col(t, "Heures réalisées", FSE_COL_NUMBER, 1.2, 2);
    fse_doc_col(t, "Part", FSE_COL_PERCENT, 1, 1);
    fse_doc_col(t, "Participants", FSE_COL_INTEGER, 1, 0);
    for (size_t i = 0; i < gs->n; i++) {
        fse_doc_row(t);
        fse_doc_put_text(t, 0, gs->g[i].label);
        fse_doc_put_num(t, 1, gs->g[i].sum);
        fse_doc_put_num(t, 2, total > 0 ? gs->g[i].sum / total : 0);
        fse_doc_put_num(t, 3, (double)gs->g[i].npeople);
    }
    fse_doc_total_text(t, 0, "Total");
    fse_doc_total_num(t, 1, total);
    if (total > 0) fse_doc_total_num(t, 2, 1);
    fse_doc_total_num(t, 3, (double)people);   /* distinct: a person may be in two groups */
}

void fse_bilan_hours(fse_doc *d, const fse_piece_ctx *c, const fse_figure *x)
{
    char a[64], b[64];
    const fse_term_result *tr = &x->res.terms[0];
    fse_doc_heading(d, 1, "Heures d'insertion");
    fse_doc_block *kv = fse_doc_keyvalue(d);
    fse_bilan_num(x->res.value, a, sizeof a);
    char *s = fse_xasprintf("%s h (indicateur %s)", a, x->ind->id);
    fse_doc_kv_add(kv, "Heures comptées", s);
    free(s);
    double per_etp = c->job->heures_par_etp > 0 ? c->job->heures_par_etp : 1607;
    fse_format_number_fr(x->res.value / per_etp, 2, a, sizeof a);
    fse_bilan_num(per_etp, b, sizeof b);
    s = fse_xasprintf("%s ETP (heures / %s)", a, b);
    fse_doc_kv_add(kv, "Équivalent temps plein", s);
    free(s);
    if (x->has_cible) {
        fse_doc_kv_add_num(kv, "Cible de la période (heures)", x->cible_prorata, FSE_COL_NUMBER, FSE_DEC_NEEDED, " h");
    }
    fse_bilan_num(tr->regul_sum, a, sizeof a);
    s = fse_xasprintf("%s h sur %zu ligne%s sans critère d'éligibilité (non comptées)", a,
                      tr->na_regulariser, fse_pluriel(tr->na_regulariser));
    fse_doc_kv_add(kv, "À régulariser", s);
    free(s);

    fse_dataset *h = fse_datasets_get(c->data, "heures");
    if (!h || !h->loaded) {
        fse_doc_paragraph(d, "La configuration ne déclare aucune source d'heures ([source.heures]) : "
                             "pas de graphique des heures.");
        return;
    }
    const fse_dataset_def *def = h->def;
    int f_mois = fse_field_index(def, "mois"), f_h = fse_field_index(def, "heures");

    /* months of the curve: those of the period; for a month pack, those of
     * the year to date (its rows and prorated target are the cumul's, so the
     * curve ends on the "Cumul de l'année" of the trajectory table) */
    const fse_figure *yx = c->cumul && c->cumul_period ? fse_figures_get(c->cumul, x->ind->id) : NULL;
    const fse_figure *cx = yx && yx->res.nterms ? yx : x;
    const fse_period *cp = cx == yx ? c->cumul_period : c->period;
    const fse_term_result *ctr = &cx->res.terms[0];
    int y0, m0, d0, y1, m1, d1;
    fse_civil_from_days(cp->debut, &y0, &m0, &d0);
    fse_civil_from_days(cp->fin, &y1, &m1, &d1);
    size_t nm = (size_t)((y1 - y0) * 12 + (m1 - m0) + 1);
    if (nm < 1 || nm > 1200) nm = 1;
    double *month = fse_xcalloc(nm, sizeof *month), *traj = fse_xcalloc(nm, sizeof *traj);
    for (size_t i = 0; i < ctr->nrows; i++) {
        const fse_row *r = &h->rows[ctr->rows[i]];
        double hv = f_h >= 0 && r->v[f_h].state == FSE_VAL_OK ? r->v[f_h].num : 0;
        if (f_mois >= 0 && r->v[f_mois].state == FSE_VAL_OK) {
            int y, m, dd;
            fse_civil_from_days((int32_t)r->v[f_mois].num, &y, &m, &dd);
            long k = (long)(y - y0) * 12 + (m - m0);
            if (k >= 0 && (size_t)k < nm) month[k] += hv;
        }
    }
    fse_heures_agg *own_agg;   /* shared with the tableau d'impact and the other fiches (heures_agg.h) */
    const fse_heures_agg *ag = fse_heures_agg_of(c, h, tr, &own_agg);
    char **cats = fse_xcalloc(nm, sizeof *cats);
    double cum = 0;
    for (size_t k = 0; k < nm; k++) {
        int m = (m0 - 1 + (int)k) % 12, y = y0 + (m0 - 1 + (int)k) / 12;
        cats[k] = fse_xasprintf("%s %d", MOIS[m], y);
        cum += month[k];
        month[k] = round2(cum);
        traj[k] = round2(cx->cible_prorata * (double)(k + 1) / (double)nm);
    }
    fse_doc_chart *ch = fse_doc_chart_add(d, cx == yx ? "Heures cumulées depuis le début de l'année et "
                                          "trajectoire de la cible" : "Heures cumulées par mois et trajectoire "
                                          "de la cible", nm, (const char *const *)cats, true);
    fse_doc_chart_series(ch, "Heures cumulées", month);
    if (cx->has_cible) fse_doc_chart_series(ch, "Trajectoire cible", traj);
    if (cx->has_cible) {
        fse_bilan_num(cx->cible, a, sizeof a);
        s = fse_xasprintf("Trajectoire cible : la cible annuelle (%s h) répartie également sur les douze mois, "
                          "soit cible × mois écoulés / 12 ; le dernier point vaut la cible %s. "
                          "Heures cumulées : heures comptées (critère d'éligibilité renseigné), %s au mois "
                          "porté en abscisse.", a,
                          cx == yx ? "proratisée du cumul" : "de la période",
                          cx == yx ? "du début de l'année (ou de la fiche)" : "du premier mois de la période");
        fse_doc_paragraph(d, s);
        free(s);
    }
    for (size_t k = 0; k < nm; k++) free(cats[k]);
    free(cats);
    free(month);
    free(traj);

    fse_doc_paragraph(d, "Répartitions des heures comptées ci-dessous, en agrégats seulement : les critères "
                         "d'éligibilité des personnes ne figurent dans aucune liste nominative. Le détail par "
                         "marché, entreprise et mois est dans le tableau d'impact des clauses sociales.");
    breakdown(d, "Heures réalisées par modalité", "Heures par modalité", "Modalité", &ag->by_mod, x->res.value, ag->people);
    breakdown(d, "Heures réalisées par public (critère d'éligibilité)", "Heures par public",
              "Critère d'éligibilité", &ag->by_crit, x->res.value, ag->people);
    breakdown(d, "Heures réalisées par sexe", "Heures par sexe", "Sexe", &ag->by_sexe, x->res.value, ag->people);
    fse_heures_agg_free(own_agg);
}

/* ------------------------------------------------------------ counting rules */

static const struct { const char *field, *label; } FIELDS[] = {
    { "date", "date" }, { "date_reception", "date de réception" }, { "date_diffusion", "date de diffusion" },
    { "date_debut", "date de début" }, { "date_fin", "date de fin" }, { "mois", "mois" },
    { "date_notification", "date de notification" }, { "date_signature", "date de signature" },
    { "date_entree", "date d'entrée" }, { "date_sortie", "date de sortie" },
    { "participant_id", "réf. participant" }, { "offre_id", "n° offre" }, { "action_id", "n° action" },
    { "mode", "type de contact" }, { "@entreprise", "entreprise (SIRET, sinon nom)" },
};

static const char *field_label(const char *f)
{
    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++)
        if (!strcmp(FIELDS[i].field, f)) return FIELDS[i].label;
    return f;
}

static void add_def(const fse_dataset_def **defs, size_t *n, const fse_dataset_def *def)
{
    if (!def) return;
    for (size_t i = 0; i < *n; i++) if (defs[i] == def) return;
    defs[(*n)++] = def;
}

static void add_conds(const fse_dataset_def **defs, size_t *n, const fse_cond *cs, size_t nc)
{
    for (size_t i = 0; i < nc; i++)
        if (cs[i].op == FSE_OP_IN_SET && cs[i].sub) {
            add_def(defs, n, cs[i].sub->def);
            add_conds(defs, n, cs[i].sub->conds, cs[i].sub->nconds);
        }
}

static char *period_rule(const fse_dataset_def *def)
{
    switch (def->period) {
    case FSE_PERIOD_DATE:
        return fse_xasprintf("%s dans la période", field_label(def->date_field));
    case FSE_PERIOD_MONTH:
        return fse_xasprintf("%s dans la période (une ligne par personne, marché et mois)",
                             field_label(def->date_field));
    case FSE_PERIOD_OVERLAP:
        return fse_xasprintf("actifs : [%s, %s] chevauche la période ; sans %s, toujours en cours",
                             field_label(def->date_field), field_label(def->end_field),
                             field_label(def->end_field));
    case FSE_PERIOD_VIA: {
        const fse_dataset_def *via = fse_dataset_find(def->via_dataset);
        return fse_xasprintf("rattachées par leur %s à une ligne de « %s » datée dans la période",
                             field_label(def->via_field), via ? via->label : def->via_dataset);
    }
    case FSE_PERIOD_NONE: break;
    }
    return fse_xstrdup("non datées : toutes les lignes de l'export");
}

void fse_bilan_rules(fse_doc *d, const fse_piece_ctx *c)
{
    const fse_fiche *f = c->fiche;
    const fse_dataset_def *defs[64];
    size_t nd = 0;
    bool heures = false, presences = false, par_etp = false, company = false;
    for (size_t i = 0; i < f->ninds; i++) {
        const fse_measure *m = f->inds[i].mesure;
        par_etp |= f->inds[i].par_etp && f->inds[i].has_cible;
        for (size_t k = 0; m && k < m->nterms && nd < 48; k++) {
            add_def(defs, &nd, m->terms[k].def);
            add_conds(defs, &nd, m->terms[k].conds, m->terms[k].nconds);
        }
    }
    char per[48];
    fse_period_text(c->period, per, sizeof per);
    fse_doc_heading(d, 1, "Règles de comptage appliquées");
    char *s = fse_xasprintf("Période : %s, bornes comprises. Une ligne d'export compte quand elle tombe "
                            "dans la période selon la règle de son jeu de données :", per);
    fse_doc_paragraph(d, s);
    free(s);
    fse_doc_block *kv = fse_doc_keyvalue(d);
    for (size_t i = 0; i < nd; i++) {
        heures |= defs[i]->eligibility_field != NULL;
        presences |= !strcmp(defs[i]->name, "presences");
        for (size_t k = 0; k < FSE_MAX_KEYS && defs[i]->keys[k]; k++) company |= defs[i]->keys[k][0] == '@';
        company |= !strcmp(defs[i]->name, "contacts") || !strcmp(defs[i]->name, "offres");
        s = period_rule(defs[i]);
        fse_doc_kv_add(kv, defs[i]->label, s);
        free(s);
    }
    for (size_t i = 0; i < f->ninds; i++)
        if (f->inds[i].periode) {
            char *k = fse_xasprintf("Indicateur %s", f->inds[i].id);
            s = fse_xasprintf("%s dans la période (règle propre à l'indicateur)",
                              !strcmp(f->inds[i].periode, "aucune") ? "sans date :" : field_label(f->inds[i].periode));
            fse_doc_kv_add(kv, k, s);
            free(k);
            free(s);
        }
    if (heures)
        fse_doc_paragraph(d, "Heures d'insertion : une ligne d'heures ne compte que si elle porte un critère "
                             "d'éligibilité (colonne « Critère d'éligibilité ») ; les heures sans critère sont "
                             "« à régulariser » : non comptées, chiffrées dans ce bilan et dans le tableau "
                             "d'impact, et signalées dans controles.csv.");
    fse_sb sb = {0};
    for (size_t i = 0; i < nd; i++) {
        if (!defs[i]->keys[0]) continue;
        fse_sb_addf(&sb, "%s%s (", sb.len ? " ; " : "", defs[i]->label);
        for (size_t k = 0; k < FSE_MAX_KEYS && defs[i]->keys[k]; k++)
            fse_sb_addf(&sb, "%s%s", k ? ", " : "", field_label(defs[i]->keys[k]));
        fse_sb_addc(&sb, ')');
    }
    if (sb.len) {
        s = fse_sb_take(&sb);
        char *p = fse_xasprintf("Doublons : dans un décompte de lignes, les lignes identiques sur leur clé ne "
                                "comptent qu'une fois et sont signalées. Clés : %s.", s);
        fse_doc_paragraph(d, p);
        free(p);
        free(s);
    }
    fse_sb_free(&sb);
    if (company)
        fse_doc_paragraph(d, "Entreprises : une entreprise est identifiée par son SIRET quand il est renseigné, "
                             "sinon par son nom normalisé (sans tenir compte de la casse, des accents, des espaces "
                             "ni de la ponctuation). Un participant est identifié par sa référence ; une mise en "
                             "relation est une ligne.");
    fse_doc_paragraph(d, "Filtres : les valeurs (type d'action, mode de contact…) sont comparées sans tenir "
                         "compte de la casse ni des accents.");
    if (presences)
        fse_doc_paragraph(d, "Présences : seules les lignes au statut « Présent » comptent.");
    char a[64];
    fse_bilan_num(c->job->heures_par_etp > 0 ? c->job->heures_par_etp : 1607, a, sizeof a);
    s = fse_xasprintf("Cibles : les cibles de la fiche sont annuelles.%s %s ETP des heures = heures / %s.",
                      par_etp ? " Une cible fixée par ETP est multipliée par l'ETP déclaré pour son volet dans "
                                "la configuration de la tâche (etp.<volet>, 1 par défaut)." : "",
                      c->cumul
                          ? "Pour un mois, le taux du tableau des indicateurs est le réalisé du mois rapporté à "
                            "la cible annuelle (la part de la cible de l'année atteinte dans le mois, colonne "
                            "« Taux (mois / cible annuelle) ») ; le bilan rapporte en plus le cumul depuis le "
                            "1er janvier (ou le début de la fiche) à la cible proratisée (cible × mois écoulés / "
                            "12) : c'est lui qui dit si l'opération est dans la trajectoire."
                          : c->period->months < 12
                          ? "La période couvrant moins d'un an, chaque cible est proratisée : cible × nombre de "
                            "mois de la période / 12."
                          : "La période couvre une année entière : pas de prorata (une période plus courte "
                            "proratise la cible : cible × nombre de mois / 12).",
                      a);
    fse_doc_paragraph(d, s);
    free(s);
}
