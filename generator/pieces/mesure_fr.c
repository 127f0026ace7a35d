/* mesure_fr.c — fse_mesure_fr: a parsed measure in French (mesure_fr.h).
 *
 * Each term reads "<aggregate> du jeu « <label> »[, lignes dont <conditions>]
 * [, <counting rule>] ; période : <rule>", after FICHES.md "Counting
 * vocabulary": count counts rows, duplicates on the dataset's key fields
 * once; distinct entreprise identifies a company by SIRET, else its name;
 * heures rows count only with an eligibility criterion.
 */
#include "pieces/mesure_fr.h"
#include "common/text.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a distinct count of field f counts ("nombre de …"), or NULL. */
static const char *distinct_noun(const char *f)
{
    static const struct { const char *field, *noun; } N[] = {
        { "entreprise", "nombre d'entreprises distinctes (par SIRET, à défaut par nom)" },
        { "participant_id", "nombre de participants distincts" },
        { "personne_id", "nombre de personnes distinctes" },
        { "donneur_ordre", "nombre de donneurs d'ordre distincts" },
        { "marche_id", "nombre de marchés distincts" },
        { "operation_id", "nombre d'opérations distinctes" },
        { "offre_id", "nombre d'offres distinctes" },
        { "action_id", "nombre d'actions distinctes" },
    };
    for (size_t i = 0; i < sizeof N / sizeof N[0]; i++)
        if (!strcmp(N[i].field, f)) return N[i].noun;
    return NULL;
}

static void conds_fr(fse_sb *sb, const fse_cond *cs, size_t n);

static void cond_fr(fse_sb *sb, const fse_cond *c)
{
    char num[64];
    snprintf(num, sizeof num, "%g", c->vnum);
    for (char *p = num; *p; p++) if (*p == '.') *p = ',';
    switch (c->op) {
    case FSE_OP_EQ: fse_sb_addf(sb, "« %s » vaut « %s »", c->field, c->value ? c->value : ""); break;
    case FSE_OP_NE: fse_sb_addf(sb, "« %s » ne vaut pas « %s »", c->field, c->value ? c->value : ""); break;
    case FSE_OP_PREFIX: fse_sb_addf(sb, "« %s » commence par « %s »", c->field, c->value ? c->value : ""); break;
    case FSE_OP_LT: fse_sb_addf(sb, "« %s » inférieur à %s", c->field, num); break;
    case FSE_OP_LE: fse_sb_addf(sb, "« %s » d'au plus %s", c->field, num); break;
    case FSE_OP_GT: fse_sb_addf(sb, "« %s » supérieur à %s", c->field, num); break;
    case FSE_OP_GE: fse_sb_addf(sb, "« %s » d'au moins %s", c->field, num); break;
    case FSE_OP_IN_LIST: {
        /* the list as the parser read it (not searched again in the text,
         * where "type in (" may sit inside a quoted value) */
        const char *w = c->written;
        if (w && *w == '@')
            fse_sb_addf(sb, "« %s » parmi les %zu valeurs de la liste %s (templates/listes.ini)",
                        c->field, c->nkeys, w);
        else if (w)
            fse_sb_addf(sb, "« %s » parmi %s", c->field, w);
        else
            fse_sb_addf(sb, "« %s » parmi %zu valeurs", c->field, c->nkeys);
        break;
    }
    case FSE_OP_IN_PERIOD: fse_sb_addf(sb, "« %s » tombe dans la période", c->field); break;
    case FSE_OP_IN_SET:
        fse_sb_addf(sb, "« %s » figure en « %s » d'une ligne du jeu « %s » de la période", c->field,
                    c->sub && c->sub->def && c->sub->fidx >= 0 ? c->sub->def->fields[c->sub->fidx].name : "?",
                    c->sub && c->sub->def ? c->sub->def->label : "?");
        if (c->sub && c->sub->nconds) {
            fse_sb_adds(sb, " (dont ");
            conds_fr(sb, c->sub->conds, c->sub->nconds);
            fse_sb_adds(sb, ")");
        }
        break;
    case FSE_OP_FILLED: fse_sb_addf(sb, "« %s » renseigné", c->field); break;
    case FSE_OP_EMPTY: fse_sb_addf(sb, "« %s » vide", c->field); break;
    }
}

static void conds_fr(fse_sb *sb, const fse_cond *cs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i) fse_sb_adds(sb, " et ");
        cond_fr(sb, &cs[i]);
    }
}

/* The period rule of a term (DESIGN §6, schema.h fse_period_kind). */
static void period_fr(fse_sb *sb, const fse_term *t)
{
    const fse_dataset_def *d = t->def;
    fse_sb_adds(sb, " ; période : ");
    if (t->period_fidx == -1) { fse_sb_adds(sb, "aucune, lignes non datées (periode = aucune)"); return; }
    if (t->period_fidx >= 0) {
        fse_sb_addf(sb, "la date « %s » tombe dans la période", d->fields[t->period_fidx].name);
        return;
    }
    switch (d->period) {
    case FSE_PERIOD_NONE: fse_sb_adds(sb, "aucune, jeu non daté (toutes ses lignes)"); break;
    case FSE_PERIOD_DATE: fse_sb_addf(sb, "la date « %s » tombe dans la période", d->date_field); break;
    case FSE_PERIOD_MONTH: fse_sb_addf(sb, "par mois, le mois « %s » tombe dans la période", d->date_field); break;
    case FSE_PERIOD_OVERLAP:
        fse_sb_addf(sb, "du « %s » au « %s », recoupant la période (sans fin : en cours)", d->date_field,
                    d->end_field);
        break;
    case FSE_PERIOD_VIA: {
        const fse_dataset_def *v = fse_dataset_find(d->via_dataset);
        fse_sb_addf(sb, "la date de la ligne « %s » de même « %s » tombe dans la période",
                    v ? v->label : d->via_dataset, d->via_key);
        break;
    }
    }
}

char *fse_mesure_fr(const fse_measure *m)
{
    fse_sb sb = {0};
    for (size_t i = 0; m && i < m->nterms; i++) {
        const fse_term *t = &m->terms[i];
        if (i) fse_sb_adds(&sb, " ; plus ");
        const char *f = t->fidx >= 0 ? t->def->fields[t->fidx].name : "";
        const char *noun;
        switch (t->agg) {
        case FSE_AGG_COUNT: fse_sb_adds(&sb, "nombre de lignes"); break;
        case FSE_AGG_DISTINCT:
            if ((noun = distinct_noun(f))) fse_sb_adds(&sb, noun);
            else fse_sb_addf(&sb, "nombre de valeurs distinctes de « %s »", f);
            break;
        case FSE_AGG_SUM:
            if (!strcmp(f, "heures")) fse_sb_adds(&sb, "somme des heures");
            else fse_sb_addf(&sb, "somme de « %s »", f);
            break;
        }
        fse_sb_addf(&sb, " du jeu « %s »", t->def->label);
        if (t->nconds) {
            fse_sb_adds(&sb, ", lignes dont ");
            conds_fr(&sb, t->conds, t->nconds);
        }
        if (t->agg == FSE_AGG_COUNT && t->def->keys[0]) {
            fse_sb_adds(&sb, ", doublons (même ");
            for (size_t k = 0; k < FSE_MAX_KEYS && t->def->keys[k]; k++)
                fse_sb_addf(&sb, "%s« %s »", k ? ", " : "", t->def->keys[k]);
            fse_sb_adds(&sb, ") comptés une fois");
        }
        if (t->def->eligibility_field)
            fse_sb_addf(&sb, ", seulement les lignes avec « %s » (les autres sont à régulariser)",
                        t->def->eligibility_field);
        period_fr(&sb, t);
    }
    return fse_sb_take(&sb);
}
