/* bilan.c — the bilan de l'action (DESIGN §7): identification of the
 * operation, every indicator's target, value and rate with the pièces that
 * justify it, the detail per volet (measure, what was left out, note),
 * charts (bilan_charts.c), the counting rules, a synthesis of the controles
 * and the sources.
 *
 * The figures are those of indicateurs.csv (c->figs: x->res.value and
 * x->cible_prorata), never recomputed here. Eligibility criteria appear
 * only in aggregates (the hours charts), never in lists. Deterministic: no
 * clock, the generation date is c->generated.
 */
#include "pieces/bilan.h"
#include "pieces/mesure_fr.h"
#include "pieces/preuves.h"
#include "common/strset.h"
#include "common/u64map.h"
#include "common/text.h"
#include "common/util.h"
#include "ingest/values.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NNBSP "\xE2\x80\xAF"   /* U+202F, as FSE_COL_EURO and FSE_COL_PERCENT */


static const char *volet_label(const fse_fiche *f, const char *id)
{
    const fse_volet *v = id ? fse_fiche_volet(f, id) : NULL;
    return v && v->libelle && *v->libelle ? v->libelle : id ? id : "";
}

/* "Tableau d'impact des clauses sociales, Liste des actions collectives"; owned. */
static char *pieces_text(char *const *ids, size_t n)
{
    fse_sb sb = {0};
    for (size_t i = 0; i < n; i++) {
        if (i) fse_sb_adds(&sb, ", ");
        fse_sb_adds(&sb, fse_piece_title(ids[i]));
    }
    return fse_sb_take(&sb);
}

/* "25 par ETP × 2 ETP", "cible annuelle"; "" without target. owned. */
static char *target_basis(const fse_piece_ctx *c, const fse_figure *x)
{
    if (!x->has_cible) return fse_xstrdup("");
    char a[64], b[64];
    char *s;
    if (x->ind->par_etp) {
        fse_bilan_num(x->ind->cible, a, sizeof a);
        fse_bilan_num(x->etp, b, sizeof b);
        s = fse_xasprintf("%s par ETP × %s ETP", a, b);
    } else {
        s = fse_xstrdup("cible annuelle");
    }
    return s;
}

static bool whole(double v) { return fabs(v - round(v)) < 0.005; }

/* ------------------------------------------------------------ 1. identification */

static void identification(fse_doc *d, const fse_piece_ctx *c)
{
    const fse_fiche *f = c->fiche;
    const fse_fiche_cfg *fc = fse_job_fiche(c->job, f->id);
    char buf[64], a[11], b[11], per[48];
    fse_doc_heading(d, 1, "Identification de l'opération");
    fse_doc_block *kv = fse_doc_keyvalue(d);
    fse_doc_kv_add(kv, "PLIE", c->job->plie_nom ? c->job->plie_nom : f->plie);
    if (c->job->porteur && *c->job->porteur) fse_doc_kv_add(kv, "Porteur", c->job->porteur);
    fse_doc_kv_add(kv, "Fiche opération", f->id);
    if (f->numero) fse_doc_kv_add_id(kv, "N° de fiche", f->numero);
    fse_doc_kv_add(kv, "Intitulé", f->titre);
    if (fc && fc->dossier_mdfse && *fc->dossier_mdfse)
        fse_doc_kv_add_id(kv, "Dossier Ma Démarche FSE+", fc->dossier_mdfse);
    else
        fse_doc_kv_add(kv, "Dossier Ma Démarche FSE+", "non renseigné (clé dossier_mdfse de la configuration)");
    fse_format_fr(f->debut, a);
    fse_format_fr(f->fin, b);
    char *s = fse_xasprintf("du %s au %s", a, b);
    fse_doc_kv_add(kv, "Période d'exécution", s);
    free(s);
    fse_period_text(c->period, per, sizeof per);
    s = fse_xasprintf("%s (%d mois)", per, c->period->months);
    fse_doc_kv_add(kv, "Période du bilan", s);
    free(s);
    if (f->fse_max > 0) fse_doc_kv_add_num(kv, "Montant FSE+ maximum", f->fse_max, FSE_COL_EURO, 2, NULL);
    if (f->cofinancement_max > 0)
        fse_doc_kv_add_num(kv, "Taux de cofinancement FSE+ maximum", f->cofinancement_max, FSE_COL_PERCENT,
                           whole(f->cofinancement_max * 100) ? 0 : 1, NULL);
    fse_sb sb = {0};
    for (size_t i = 0; i < f->nvolets; i++) {
        const fse_volet *v = &f->volets[i];
        bool declared = false, used = false;
        for (size_t k = 0; fc && k < fc->netp; k++) declared |= !strcmp(fc->etp_volets[k], v->id);
        for (size_t k = 0; k < f->ninds; k++) used |= f->inds[k].par_etp && !strcmp(f->inds[k].volet, v->id);
        if (!used && !declared) continue;
        fse_bilan_num(fse_job_etp(c->job, f->id, v->id), buf, sizeof buf);
        if (sb.len) fse_sb_adds(&sb, " ; ");
        fse_sb_addf(&sb, "%s : %s ETP%s%s", volet_label(f, v->id), buf, declared ? "" : " (par défaut)",
                    used ? "" : " (cibles non rapportées à l'ETP)");
    }
    s = fse_sb_take(&sb);
    fse_doc_kv_add(kv, "ETP par volet", *s ? s : "sans objet : aucune cible de la fiche n'est fixée par ETP");
    free(s);
    if (f->territoire && *f->territoire) fse_doc_kv_add(kv, "Territoire", f->territoire);
    if (f->note && *f->note) fse_doc_kv_add(kv, "Précisions de la fiche", f->note);
}

/* ------------------------------------------------------------ 2. indicators table */

static void indicators_table(fse_doc *d, const fse_piece_ctx *c)
{
    const fse_figures *fg = c->figs;
    bool vint = true, cint = true;
    for (size_t i = 0; i < fg->n; i++) {
        vint &= whole(fg->figs[i].res.value);
        if (fg->figs[i].has_cible) cint &= whole(fg->figs[i].cible) && whole(fg->figs[i].cible_prorata);
    }
    /* a month pack shows its prorated targets on the year to date instead
     * (fse_bilan_cumul): a target × 1/12 says little of one month */
    bool short_period = c->period->months < 12 && !c->cumul;
    fse_doc_heading(d, 1, "Indicateurs : cibles et réalisations");
    fse_doc_table *t = fse_doc_table_add(d, "Indicateurs de la fiche", "Indicateurs");
    fse_doc_col(t, "Indicateur", FSE_COL_ID, 1.65, 0);
    fse_doc_col(t, "Volet", FSE_COL_TEXT, 1.2, 0);
    fse_doc_col(t, "Libellé", FSE_COL_TEXT, 2.7, 0);
    fse_doc_col(t, "Cible", FSE_COL_NUMBER, 0.9, cint ? 0 : FSE_DEC_AUTO);
    fse_doc_col(t, "Base de la cible", FSE_COL_TEXT, 1.45, 0);
    fse_doc_col(t, "Réalisé", FSE_COL_NUMBER, 0.9, vint ? 0 : FSE_DEC_AUTO);
    /* a month's value against the annual target is the month's share of the
     * year's target: said in the header, beside the cumul table's rate */
    fse_doc_col(t, c->cumul ? "Taux (mois / cible annuelle)" : "Taux", FSE_COL_PERCENT, 0.75, 1);
    size_t cp = 7;  /* the prorated target and its rate, for a period shorter than a year */
    if (short_period) {
        char *h = fse_xasprintf("Cible proratisée (%d/12)", c->period->months);
        fse_doc_col(t, h, FSE_COL_NUMBER, 0.9, FSE_DEC_NEEDED);
        free(h);
        fse_doc_col(t, "Taux / prorata", FSE_COL_PERCENT, 0.75, 1);
        cp = 9;
    }
    fse_doc_col(t, "Pièces justificatives", FSE_COL_TEXT, 2.2, 0);
    for (size_t i = 0; i < fg->n; i++) {
        const fse_figure *x = &fg->figs[i];
        fse_doc_row(t);
        fse_doc_put_text(t, 0, x->ind->id);
        fse_doc_put_text(t, 1, volet_label(c->fiche, x->ind->volet));
        fse_doc_put_text(t, 2, x->ind->libelle ? x->ind->libelle : x->ind->id);
        if (x->has_cible) fse_doc_put_num(t, 3, round(x->cible * 100) / 100);   /* as indicateurs.csv */
        char *basis = target_basis(c, x);
        fse_doc_put_text(t, 4, basis);
        free(basis);
        fse_doc_put_num(t, 5, round(x->res.value * 100) / 100);
        if (x->has_cible && x->cible > 0) fse_doc_put_num(t, 6, x->res.value / x->cible);
        if (short_period && x->has_cible) {
            fse_doc_put_num(t, 7, round(x->cible_prorata * 100) / 100);
            if (x->cible_prorata > 0) fse_doc_put_num(t, 8, x->res.value / x->cible_prorata);
        }
        char *p = pieces_text(x->ind->pieces, x->ind->npieces);
        fse_doc_put_text(t, cp, p);
        free(p);
    }
    fse_doc_table_note(t, c->cumul
        ? "Valeurs identiques à indicateurs.csv : celles du mois. Cible : cible annuelle de la fiche ; quand "
          "elle est fixée par ETP, elle est multipliée par l'ETP du volet déclaré dans la configuration "
          "(« par ETP × n »). Taux (mois / cible annuelle) = réalisé du mois / cible annuelle : la part de "
          "la cible de l'année atteinte dans le mois. La trajectoire se lit dans le tableau du cumul "
          "qui suit, rapporté à la cible proratisée. Un indicateur sans cible n'a ni cible ni taux."
        : "Valeurs identiques à indicateurs.csv. Cible : cible annuelle de la fiche ; "
          "quand elle est fixée par ETP, elle est multipliée par l'ETP du volet déclaré dans "
          "la configuration (« par ETP × n »). Taux = réalisé / cible. Pour une période de "
          "moins d'un an, la cible proratisée (cible × mois de la période / 12) et le taux "
          "correspondant sont donnés en plus. Un indicateur sans cible (indicateurs FSE+ sur "
          "les participants, par exemple) n'a ni cible ni taux.");
}

/* Actions behind figure x (its rows of dataset actions) that have no
 * attendance row at all in the presences export; 0 without presences.
 * Speed (issue 8): the presences are keyed only for a figure that counts
 * actions (before, every indicator of the bilan built the set of the
 * 200 000 presences of a 1 M-row job: ~0.3 s a bilan), and each distinct
 * action_id text once (dataset texts are interned: equal texts share one
 * address, so the pointer memo gives the key fse_id_key would). */
static size_t actions_without_attendance(const fse_piece_ctx *c, const fse_figure *x)
{
    bool actions = false;
    for (size_t k = 0; k < x->res.nterms && !actions; k++)
        actions = x->res.terms[k].ds && !strcmp(x->res.terms[k].ds->def->name, "actions");
    if (!actions) return 0;
    fse_dataset *pres = fse_datasets_get(c->data, "presences");
    if (!pres->loaded) return 0;
    fse_strset with = {0};
    fse_u64map seen = {0};   /* text address -> 1: keyed already */
    int pa = fse_field_index(pres->def, "action_id");
    for (size_t i = 0; i < pres->nrows; i++) {
        const char *a = pres->rows[i].v[pa].text;
        if (a && fse_u64map_add(&seen, (uint64_t)(uintptr_t)a, 1)) fse_strset_add_owned(&with, fse_id_key(a));
    }
    fse_u64map_free(&seen);
    fse_strset_freeze(&with);
    size_t n = 0;
    for (size_t k = 0; k < x->res.nterms; k++) {
        const fse_term_result *tr = &x->res.terms[k];
        if (!tr->ds || strcmp(tr->ds->def->name, "actions")) continue;
        int fa = fse_field_index(tr->ds->def, "action_id");
        for (size_t i = 0; i < tr->nrows; i++) {
            char *key = fse_id_key(tr->ds->rows[tr->rows[i]].v[fa].text);
            n += !fse_strset_has(&with, key);
            free(key);
        }
    }
    fse_strset_free(&with);
    return n;
}

/* ------------------------------------------------------------ 3. detail per volet */

static void indicator_detail(fse_doc *d, const fse_piece_ctx *c, const fse_figure *x)
{
    const fse_indicateur *ind = x->ind;
    char v[64], t[64];
    fse_doc_block *kv = fse_doc_keyvalue(d);
    char *s = fse_xasprintf("%s — %s", ind->id, ind->libelle ? ind->libelle : "");
    fse_doc_kv_add(kv, "Indicateur", s);
    free(s);
    fse_bilan_num(x->res.value, v, sizeof v);
    if (x->has_cible) {
        fse_bilan_num(x->cible, t, sizeof t);
        char *basis = target_basis(c, x), rate[128] = "", pro[192] = "";
        if (x->cible > 0) {
            char r[64];
            fse_format_number_fr(x->res.value / x->cible * 100, 1, r, sizeof r);
            snprintf(rate, sizeof rate, ", soit %s" NNBSP "%% de la cible", r);
        }
        if (c->period->months < 12 && !c->cumul && x->cible_prorata > 0) {
            char a[64], r[64];
            fse_format_number_fr(x->cible_prorata, fse_decimals_needed(x->cible_prorata), a, sizeof a);
            fse_format_number_fr(x->res.value / x->cible_prorata * 100, 1, r, sizeof r);
            snprintf(pro, sizeof pro, " ; cible proratisée sur %d mois : %s, soit %s" NNBSP "%%",
                     c->period->months, a, r);
        }
        s = fse_xasprintf("%s pour une cible de %s (%s)%s%s", v, t, basis, rate, pro);
        free(basis);
    } else {
        s = fse_xasprintf("%s (indicateur sans cible)", v);
    }
    fse_doc_kv_add(kv, "Réalisé", s);
    free(s);

    const fse_measure *m = ind->mesure;
    fse_sb sb = {0};
    s = fse_mesure_fr(m);   /* in words; the rule as written is in "Méthode et sources" */
    fse_doc_kv_add(kv, "Mesure", s);
    free(s);

    /* the rows behind the value, and what was left out */
    size_t ndup = 0, nreg = 0;
    bool keyed = false, eligible = false;
    double hreg = 0;
    for (size_t k = 0; k < x->res.nterms; k++) {
        const fse_term_result *tr = &x->res.terms[k];
        if (!tr->ds) continue;
        if (k) fse_sb_adds(&sb, " ; ");
        fse_sb_addf(&sb, "%zu ligne%s de « %s »%s", tr->nrows, fse_pluriel(tr->nrows), tr->ds->def->label,
                    tr->ds->loaded ? "" : " (aucune source déclarée)");
        ndup += tr->nduplicates;
        keyed |= tr->ds->def->keys[0] && m && k < m->nterms && m->terms[k].agg == FSE_AGG_COUNT;
        eligible |= tr->ds->def->eligibility_field != NULL;
        nreg += tr->na_regulariser;
        hreg += tr->regul_sum;
    }
    s = fse_sb_take(&sb);
    if (*s) fse_doc_kv_add(kv, "Lignes retenues", s);
    free(s);
    if (ndup) fse_sb_addf(&sb, "%zu doublon%s compté%s une seule fois", ndup, fse_pluriel(ndup), fse_pluriel(ndup));
    if (nreg) {
        fse_bilan_num(hreg, t, sizeof t);
        fse_sb_addf(&sb, "%s%zu ligne%s sans critère d'éligibilité, soit %s h à régulariser (non comptées)",
                    ndup ? " ; " : "", nreg, fse_pluriel(nreg), t);
    }
    s = fse_sb_take(&sb);
    fse_doc_kv_add(kv, "Non compté", *s ? s : keyed ? "rien : aucun doublon" : eligible
                   ? "rien : aucune heure sans critère d'éligibilité" : "rien");
    free(s);
    size_t bare = actions_without_attendance(c, x);
    if (bare) {  /* counted, but an audit rejects an action without its sign-in sheet */
        s = fse_xasprintf("%zu action%s comptée%s sans aucune ligne d'émargement : à régulariser "
                          "(feuille signée à joindre), voir la Synthèse des émargements", bare, fse_pluriel(bare), fse_pluriel(bare));
        fse_doc_kv_add(kv, "À régulariser", s);
        free(s);
    }
    if (ind->npieces) {
        s = pieces_text(ind->pieces, ind->npieces);
        fse_doc_kv_add(kv, "Pièces", s);
        free(s);
    }
    s = fse_preuves_ref(c, (size_t)(x - c->figs->figs));
    fse_doc_kv_add(kv, "Lignes de preuve", s);
    free(s);
    if (ind->note && *ind->note) fse_doc_kv_add(kv, "Note", ind->note);
}

static void detail(fse_doc *d, const fse_piece_ctx *c)
{
    const fse_fiche *f = c->fiche;
    fse_doc_heading(d, 1, "Détail par volet");
    for (size_t i = 0; i < f->nvolets; i++) {
        const fse_volet *v = &f->volets[i];
        size_t n = 0;
        for (size_t k = 0; k < c->figs->n; k++) n += !strcmp(c->figs->figs[k].ind->volet, v->id);
        if (!n) continue;
        char e[64];
        fse_bilan_num(fse_job_etp(c->job, f->id, v->id), e, sizeof e);
        char *h = v->par_etp ? fse_xasprintf("Volet « %s » — %s ETP", volet_label(f, v->id), e)
                             : fse_xasprintf("Volet « %s »", volet_label(f, v->id));
        fse_doc_heading(d, 2, h);
        free(h);
        for (size_t k = 0; k < c->figs->n; k++)
            if (!strcmp(c->figs->figs[k].ind->volet, v->id)) indicator_detail(d, c, &c->figs->figs[k]);
    }
}

/* ------------------------------------------------------------ 6. controles */

static const struct { const char *rule, *what; } RULES[] = {
    { "action-sans-presence", "Action comptée sans aucune ligne de présence" },
    { "caractere-controle", "Caractères de contrôle remplacés par une espace" },
    { "caractere-hors-police", "Caractères que la police des PDF ne dessine pas (□)" },
    { "champ-obligatoire-vide", "Champ obligatoire vide" },
    { "colonne-absente", "Colonne obligatoire absente de l'export" },
    { "colonne-ignoree", "Colonne de l'export non utilisée" },
    { "config", "Configuration de la tâche" },
    { "dates-incoherentes", "Dates impossibles (sortie avant l'entrée)" },
    { "doublon", "Ligne en double dans un export" },
    { "doublon-compte-une-fois", "Lignes en double comptées une seule fois" },
    { "encodage", "Encodage du fichier" },
    { "entete-en-double", "Deux colonnes pour le même champ" },
    { "feuille-absente", "Feuille absente du classeur" },
    { "fiche", "Définition de la fiche" },
    { "fiche-contradiction", "Contradiction dans la fiche (période ou cibles)" },
    { "fiche-inconnue", "Fiche inconnue" },
    { "fichier-absent", "Fichier absent" },
    { "fichier-illisible", "Fichier illisible" },
    { "heures-a-regulariser", "Heures sans critère d'éligibilité, non comptées" },
    { "heures-negatives", "Heures négatives, rejetées" },
    { "heures-excessives", "Plus de 200 h pour une personne et un mois" },
    { "heures-sans-critere", "Heures sans critère d'éligibilité" },
    { "hors-periode", "Lignes hors de la période" },
    { "ligne-total", "Ligne de total de l'export ignorée" },
    { "mer-offre-inconnue", "Mise en relation sur une offre inconnue" },
    { "nombre-negatif", "Nombre négatif, rejeté" },
    { "participant-sans-contact", "Participant sans coordonnées" },
    { "piece-non-produite", "Pièce non produite" },
    { "presence-action-inconnue", "Présence sur une action inconnue" },
    { "source-absente", "Aucune source déclarée pour un jeu de données utilisé" },
    { "siret-invalide", "SIRET invalide (14 chiffres, clé de Luhn)" },
    { "tableau-impact-ecart", "Écart avec le tableau d'impact d'ABC Clause" },
    { "total-export", "Total de l'export différent de la somme des lignes" },
    { "valeur-bloquante", "Valeur illisible dans un champ indispensable" },
    { "valeur-rejetee", "Valeur illisible, rejetée" },
};

typedef struct { const char *rule; fse_severity sev; size_t n; } rule_count;

static int by_severity(const void *a, const void *b)
{
    const rule_count *x = a, *y = b;
    if (x->sev != y->sev) return x->sev < y->sev ? -1 : 1;
    if (x->n != y->n) return x->n > y->n ? -1 : 1;
    return strcmp(x->rule, y->rule);
}

static void controles(fse_doc *d, const fse_piece_ctx *c)
{
    fse_doc_heading(d, 1, "Synthèse des contrôles");
    rule_count *rc = NULL;
    size_t n = 0, cap = 0, nsev[3] = { 0, 0, 0 };
    for (size_t i = 0; c->d && i < c->d->n; i++) {
        const fse_controle *it = &c->d->items[i];
        const char *rule = it->rule ? it->rule : "";
        nsev[it->sev <= FSE_SEV_INFO ? it->sev : FSE_SEV_INFO]++;
        size_t k = 0;
        while (k < n && !(rc[k].sev == it->sev && !strcmp(rc[k].rule, rule))) k++;
        if (k == n) FSE_PUSH(rc, n, cap, ((rule_count){ rule, it->sev, 0 }));
        rc[k].n++;
    }
    size_t total = nsev[0] + nsev[1] + nsev[2];
    if (!total) {
        fse_doc_paragraph(d, "Aucun contrôle n'a été relevé à l'établissement du bilan. controles.csv, "
                             "dans le même dossier, en fait foi.");
        return;
    }
    char *s = fse_xasprintf("%zu contrôle%s relevé%s à l'établissement du bilan : %zu erreur%s, "
                            "%zu avertissement%s, %zu information%s. Le détail, ligne par ligne (gravité, "
                            "règle, fichier, ligne, message), figure dans controles.csv, dans le même dossier "
                            "que ce bilan.", total, fse_pluriel(total), fse_pluriel(total), nsev[0], fse_pluriel(nsev[0]),
                            nsev[1], fse_pluriel(nsev[1]), nsev[2], fse_pluriel(nsev[2]));
    fse_doc_paragraph(d, s);
    free(s);
    qsort(rc, n, sizeof *rc, by_severity);
    fse_doc_table *t = fse_doc_table_add(d, "Contrôles par règle et gravité", "Contrôles");
    fse_doc_col(t, "Règle", FSE_COL_ID, 1.6, 0);
    fse_doc_col(t, "Signification", FSE_COL_TEXT, 3, 0);
    fse_doc_col(t, "Gravité", FSE_COL_TEXT, 1, 0);
    fse_doc_col(t, "Nombre", FSE_COL_INTEGER, 0.7, 0);
    for (size_t i = 0; i < n; i++) {
        fse_doc_row(t);
        fse_doc_put_text(t, 0, rc[i].rule);
        for (size_t k = 0; k < sizeof RULES / sizeof RULES[0]; k++)
            if (!strcmp(RULES[k].rule, rc[i].rule)) fse_doc_put_text(t, 1, RULES[k].what);
        fse_doc_put_text(t, 2, fse_severity_name(rc[i].sev));
        fse_doc_put_num(t, 3, (double)rc[i].n);
    }
    fse_doc_total_text(t, 0, "Total");
    fse_doc_total_num(t, 3, (double)total);
    free(rc);
}

/* ------------------------------------------------------------ 8. attestation */

/* The block the PLIE's legal representative signs ("certifié exact"): an
 * auditor expects the bilan to be attested by the beneficiary. */
static void attestation(fse_doc *d, const fse_piece_ctx *c)
{
    fse_doc_heading(d, 1, "Attestation");
    char per[48];
    fse_period_text(c->period, per, sizeof per);
    char *t = fse_xasprintf("Je certifie exactes les réalisations présentées dans ce bilan pour la période %s, "
                            "établies à partir des données de suivi conservées par %s.", per,
                            c->job->porteur ? c->job->porteur : c->job->plie_nom ? c->job->plie_nom : "le porteur");
    fse_doc_paragraph(d, t);
    free(t);
    fse_doc_block *kv = fse_doc_keyvalue(d);
    fse_doc_kv_add(kv, "Fait à", "………………………………………………");
    fse_doc_kv_add(kv, "Le", "……/……/…………");
    fse_doc_kv_add(kv, "Nom et qualité du représentant légal", "………………………………………………………………");
    fse_doc_kv_add(kv, "Signature et cachet", "\n\n\n");
}

/* ------------------------------------------------------------ 8. sources */

static void sources(fse_doc *d, const fse_piece_ctx *c)
{
    char a[64], b[64];
    fse_doc_heading(d, 1, "Méthode et sources");
    fse_doc_paragraph(d, "Les chiffres de ce bilan sont calculés par fsepack à partir des exports ci-dessous et "
                         "de la définition déclarative de la fiche opération (indicateurs, cibles, mesures, "
                         "pièces). Chaque valeur est celle du fichier indicateurs.csv du dossier ; les lignes "
                         "qui la justifient sont celles des pièces citées pour l'indicateur.");
    fse_doc_block *kv = fse_doc_keyvalue(d);
    size_t nloaded = 0;
    for (size_t i = 0; i < c->data->n; i++) {
        const fse_dataset *ds = &c->data->sets[i];
        if (!ds->loaded) continue;
        nloaded++;
        fse_sb sb = {0};
        for (size_t s = 0; s < ds->nsrcs; s++) {
            const fse_source_info *si = &ds->srcs[s];
            const char *rel = si->rel ? si->rel : si->display ? si->display : "";
            const char *slash = rel[0] == '/' ? strrchr(rel, '/') : NULL;   /* never an absolute path */
            fse_bilan_num((double)si->rows_read, a, sizeof a);
            fse_bilan_num((double)si->rows_rejected, b, sizeof b);
            if (s) fse_sb_adds(&sb, " ; ");
            fse_sb_adds(&sb, slash ? slash + 1 : rel);
            if (si->sheet) fse_sb_addf(&sb, " (feuille « %s »)", si->sheet);
            fse_sb_addf(&sb, " : %s ligne%s lue%s", a, fse_pluriel(si->rows_read), fse_pluriel(si->rows_read));
            if (si->rows_rejected)
                fse_sb_addf(&sb, ", dont %s rejetée%s", b, fse_pluriel(si->rows_rejected));
        }
        char *s = fse_sb_take(&sb);
        char *key = fse_xasprintf("%s [%s]", ds->def->label, ds->def->name);
        fse_doc_kv_add(kv, key, s);
        free(key);
        free(s);
    }
    if (!nloaded) fse_doc_kv_add(kv, "Exports", "aucune source déclarée dans la configuration");
    char *s = fse_xasprintf("fiches/%s.ini du dossier des modèles (templates)", c->fiche->id);
    fse_doc_kv_add(kv, "Définition de la fiche", s);
    free(s);
    /* the rules as written in the fiche (grammar: README « Les fiches »),
     * beside their French reading in the detail per volet */
    fse_doc_heading(d, 2, "Mesures telles qu'écrites dans la fiche (mesure =)");
    kv = fse_doc_keyvalue(d);
    for (size_t i = 0; i < c->fiche->ninds; i++) {
        const fse_indicateur *ind = &c->fiche->inds[i];
        s = ind->periode ? fse_xasprintf("%s ; periode = %s", ind->mesure && ind->mesure->text ? ind->mesure->text : "",
                                         ind->periode)
                         : fse_xstrdup(ind->mesure && ind->mesure->text ? ind->mesure->text : "");
        fse_doc_kv_add(kv, ind->id, s);
        free(s);
    }
    fse_doc_paragraph(d, "Chemins relatifs au fichier de configuration de la tâche. La taille, l'encodage, la "
                         "ligne d'en-tête et l'empreinte SHA-256 de chaque fichier lu sont dans manifest.json ; "
                         "SHA256SUMS permet de vérifier chaque fichier du dossier (sha256sum -c SHA256SUMS).");
    s = fse_xasprintf("Document établi le %s par fsepack : les mêmes entrées donnent le même document.",
                      c->generated ? c->generated : "");
    fse_doc_paragraph(d, s);
    free(s);
}

/* ------------------------------------------------------------ the pièce */

fse_doc *fse_piece_bilan(const fse_piece_ctx *c, const char **why)
{
    (void)why;
    fse_doc *d = fse_piece_doc(c, fse_piece_title("bilan"));
    d->landscape = true;
    identification(d, c);
    indicators_table(d, c);
    fse_bilan_cumul(d, c);
    fse_bilan_chart_rates(d, c);
    detail(d, c);
    const fse_figure *h = fse_piece_heures_figure(c);
    if (h) fse_bilan_hours(d, c, h);
    fse_bilan_rules(d, c);
    controles(d, c);
    fse_preuves_add(d, c);
    attestation(d, c);
    sources(d, c);
    return d;
}
