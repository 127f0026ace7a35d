/* pieces.c — registry of the pièce builders and their shared helpers. */
#include "pieces/pieces.h"
#include "common/sha256.h"
#include "common/util.h"
#include "ingest/values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

fse_doc *fse_piece_tableau_impact(const fse_piece_ctx *c, const char **why);
fse_doc *fse_piece_bilan(const fse_piece_ctx *c, const char **why);
fse_doc *fse_piece_liste(const fse_piece_ctx *c, const char *id, const char **why);
fse_doc *fse_piece_emargements(const fse_piece_ctx *c, const char **why);

static const struct {
    const char *id, *title;
    fse_doc *(*build)(const fse_piece_ctx *, const char **);
} registry[] = {
    { "bordereau", "Bordereau des pièces justificatives", NULL },
    { "bilan", "Bilan de l'action", fse_piece_bilan },
    { "tableau-impact", "Tableau d'impact des clauses sociales", fse_piece_tableau_impact },
    { "liste-marches", "Liste des marchés clausés", NULL },
    { "liste-operations", "Liste des opérations suivies", NULL },
    { "liste-chantiers", "Liste des chantiers suivis et volumétrie", NULL },
    { "liste-donneurs-ordre", "Liste des donneurs d'ordre accompagnés", NULL },
    { "liste-conventions", "Liste des conventions", NULL },
    { "liste-entreprises", "Tableau récapitulatif des entreprises mobilisées", NULL },
    { "liste-offres", "Liste des offres d'emploi", NULL },
    { "liste-mises-en-relation", "Liste des mises en relation", NULL },
    { "liste-actions", "Liste des actions collectives", NULL },
    { "emargements", "Synthèse des émargements", fse_piece_emargements },
    { "liste-personnes-preparees", "Liste des personnes préparées au recrutement", NULL },
    { "liste-participants", "Liste des participants suivis", NULL },
};

bool fse_piece_is_code(const char *id)
{
    if (!strcmp(id, "bordereau")) return true;
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
        if (!strcmp(registry[i].id, id)) return registry[i].build != NULL;
    return false;
}

const char *fse_piece_title(const char *id)
{
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
        if (!strcmp(registry[i].id, id)) return registry[i].title;
    return id;
}

fse_doc *fse_piece_build(const char *id, const fse_piece_ctx *c, const char **why)
{
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++) {
        if (strcmp(registry[i].id, id)) continue;
        if (!registry[i].build) return fse_piece_liste(c, id, why);  /* templates/pieces/<id>.ini */
        return registry[i].build(c, why);
    }
    *why = "pièce inconnue";
    return NULL;
}

void fse_period_text(const fse_period *p, char *buf, size_t len)
{
    char a[11], b[11];
    fse_format_fr(p->debut, a);
    fse_format_fr(p->fin, b);
    snprintf(buf, len, "du %s au %s", a, b);
}

fse_doc *fse_piece_doc(const fse_piece_ctx *c, const char *title)
{
    char per[48];
    fse_period_text(c->period, per, sizeof per);
    char *fiche = c->fiche->numero
        ? fse_xasprintf("%s — Fiche n°%s « %s »", c->fiche->id, c->fiche->numero, c->fiche->titre)
        : fse_xasprintf("%s — « %s »", c->fiche->id, c->fiche->titre);
    const char *plie = c->job->plie_nom ? c->job->plie_nom : c->fiche->plie;
    fse_doc *d = fse_doc_new(title, plie, fiche, per, c->generated, c->epoch);
    free(fiche);
    return d;
}

char *fse_person_name(const fse_piece_ctx *c, const char *id, const char *nom, const char *prenom)
{
    nom = nom ? nom : "";
    prenom = prenom ? prenom : "";
    switch (c->job->confidentialite) {
    case FSE_CONF_COMPLET:
        return *prenom ? fse_xasprintf("%s %s", nom, prenom) : fse_xstrdup(nom);
    case FSE_CONF_INITIALES: {
        /* first letter (one UTF-8 character) of each */
        char a[8] = "", b[8] = "";
        size_t la = 1, lb = 1;
        while (nom[0] && (nom[la] & 0xC0) == 0x80) la++;
        while (prenom[0] && (prenom[lb] & 0xC0) == 0x80) lb++;
        if (*nom) snprintf(a, sizeof a, "%.*s.", (int)la, nom);
        if (*prenom) snprintf(b, sizeof b, "%.*s.", (int)lb, prenom);
        return fse_xasprintf("%s%s%s", b, *a && *b ? " " : "", a);
    }
    case FSE_CONF_PSEUDONYME: {
        char hex[65];
        /* SHA-256 of the job's secret and the id: stable from pack to pack, not
         * recomputable from the id without the secret (sel_pseudonyme) */
        /* without an id (a company's representative), the name stands for it */
        char *who = id && *id ? fse_xstrdup(id) : fse_xasprintf("%s\x1f%s", nom, prenom);
        char *key = fse_xasprintf("fsepack:%s:%s:%s", c->job->sel_pseudonyme ? c->job->sel_pseudonyme : "",
                                  c->fiche->id, who);
        free(who);
        fse_sha256_buf(key, strlen(key), hex);
        free(key);
        return fse_xasprintf("P-%.12s", hex);  /* 48 bits: no collision among a PLIE's people */
    }
    }
    return fse_xstrdup("");
}

const fse_figure *fse_piece_heures_figure(const fse_piece_ctx *c)
{
    for (size_t i = 0; i < c->figs->n; i++) {
        const fse_figure *x = &c->figs->figs[i];
        const fse_measure *m = x->ind->mesure;
        if (!m || m->nterms != 1) continue;
        const fse_term *t = &m->terms[0];
        if (t->agg == FSE_AGG_SUM && t->def && !strcmp(t->def->name, "heures") &&
            t->fidx == fse_field_index(t->def, "heures"))
            return x;
    }
    return NULL;
}
