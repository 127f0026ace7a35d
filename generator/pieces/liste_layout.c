/* liste_layout.c — see liste_layout.h. */
#include "pieces/liste_layout.h"
#include "config/ini_file.h"
#include "common/util.h"
#include "ingest/values.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    fse_list_layout *l;
    const fse_templates *t;
    fse_diags *d;
} ctx;

#define ERR(...) fse_ini_error(c->d, "piece", c->l->path, line, __VA_ARGS__)

static fse_list_col *column(fse_list_layout *l, const char *id, long line)
{
    for (size_t i = 0; i < l->ncols; i++)
        if (!strcmp(l->cols[i].id, id)) return &l->cols[i];
    fse_grow((void **)&l->cols, &l->cap_cols, l->ncols + 1, sizeof *l->cols);
    fse_list_col *col = &l->cols[l->ncols++];
    memset(col, 0, sizeof *col);
    col->id = fse_xstrdup(id);
    col->line = line;
    col->largeur = 1;
    col->decimales = -1;
    col->fidx = col->join_fidx = col->par_local = col->par_remote = -1;
    col->sous_idx = -1;
    return col;
}

static int parse_type(const char *v, fse_col_type *t)
{
    static const struct { const char *name; fse_col_type t; } types[] = {
        { "texte", FSE_COL_TEXT }, { "identifiant", FSE_COL_ID }, { "entier", FSE_COL_INTEGER },
        { "nombre", FSE_COL_NUMBER }, { "date", FSE_COL_DATE }, { "mois", FSE_COL_MONTH },
        { "pourcentage", FSE_COL_PERCENT }, { "euros", FSE_COL_EURO },
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(v, types[i].name)) { *t = types[i].t; return 0; }
    return -1;
}

static int parse_agg(const char *v, fse_list_agg *a)
{
    static const char *const names[] = { "premier", "min", "max", "nombre", "distinct", "somme", "liste" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(v, names[i])) { *a = (fse_list_agg)i; return 0; }
    return -1;
}

static int on_col(ctx *c, fse_list_col *col, const char *name, const char *value, long line)
{
    if (!strcmp(name, "titre")) { free(col->titre); col->titre = fse_xstrdup(value); }
    else if (!strcmp(name, "champ")) { free(col->champ); col->champ = fse_xstrdup(value); }
    else if (!strcmp(name, "par")) { free(col->par); col->par = fse_xstrdup(value); }
    else if (!strcmp(name, "ou")) { free(col->ou); col->ou = fse_xstrdup(value); }
    else if (!strcmp(name, "agregat")) {
        if (parse_agg(value, &col->agg)) return ERR("agregat doit valoir premier, min, max, nombre, distinct, somme ou liste");
        col->agg_set = true;
    } else if (!strcmp(name, "type")) {
        if (parse_type(value, &col->type)) return ERR("type inconnu « %s »", value);
        col->type_set = true;
    } else if (!strcmp(name, "decimales")) {
        col->decimales = atoi(value);
    } else if (!strcmp(name, "largeur")) {
        double v;
        if (!fse_parse_number(value, &v) || v <= 0) return ERR("largeur doit être un nombre positif");
        col->largeur = v;
    } else if (!strcmp(name, "total")) {
        if (!strcmp(value, "nombre")) col->total = 1;
        else if (!strcmp(value, "somme")) col->total = 2;
        else if (!strcmp(value, "distinct")) col->total = 3;
        else return ERR("total doit valoir nombre, somme ou distinct");
    } else if (!strcmp(name, "total_libelle")) {
        free(col->total_libelle);
        col->total_libelle = fse_xstrdup(value);
    } else if (!strcmp(name, "sous")) {   /* resolved in finish(), once every column is known */
        free(col->sous);
        col->sous = fse_xstrdup(value);
    } else {
        return ERR("clé inconnue « %s » dans [colonne.%s]", name, col->id);
    }
    return 1;
}

static int on_pair(void *user, const char *section, const char *name, const char *value, long line)
{
    ctx *c = user;
    fse_list_layout *l = c->l;
    if (!strncmp(section, "colonne.", 8)) {
        fse_list_col *col = column(l, section + 8, line);
        if (!name) return 1;
        return on_col(c, col, name, value, line);
    }
    if (strcmp(section, "piece")) return name ? ERR("section inconnue [%s] (piece, colonne.ID)", section) : 1;
    if (!name) return 1;
    if (!strcmp(name, "titre")) { free(l->titre); l->titre = fse_xstrdup(value); }
    else if (!strcmp(name, "feuille")) { free(l->feuille); l->feuille = fse_xstrdup(value); }
    else if (!strcmp(name, "note")) {
        char *s = l->note ? fse_xasprintf("%s %s", l->note, value) : fse_xstrdup(value);
        free(l->note);
        l->note = s;
    } else if (!strcmp(name, "jeu")) {
        l->def = fse_dataset_find(value);
        if (!l->def) return ERR("jeu de données inconnu « %s »", value);
    } else if (!strcmp(name, "lignes")) {
        if (!strcmp(value, "preuves")) l->preuves = true;
        else if (!strcmp(value, "periode")) l->preuves = false;
        else return ERR("lignes doit valoir preuves ou periode");
    } else if (!strcmp(name, "orientation")) {
        if (!strcmp(value, "paysage")) l->paysage = true;
        else if (!strcmp(value, "portrait")) l->paysage = false;
        else return ERR("orientation doit valoir paysage ou portrait");
    } else if (!strcmp(name, "grouper")) {  /* resolved in finish(), once jeu is final */
        free(l->grouper);
        l->grouper = fse_xstrdup(value);
        l->grouper_line = line;
    } else if (!strcmp(name, "tri")) {
        for (size_t i = 0; i < l->ntri; i++) free(l->tri[i]);
        free(l->tri);
        l->ntri = fse_split_bar(value, &l->tri);
    } else if (!strcmp(name, "police")) {
        char *end;
        double v = strtod(value, &end);
        if (end == value || *end || v < 6 || v > 8) return ERR("police doit être une taille de 6 à 8 (points)");
        l->police = (float)v;
    } else if (!strcmp(name, "apparier")) {
        for (size_t i = 0; i < l->napparier; i++) free(l->apparier[i]);
        free(l->apparier);
        l->napparier = fse_split_bar(value, &l->apparier);
    } else if (!strcmp(name, "repartition")) {
        free(l->repartition);
        l->repartition = fse_xstrdup(value);
    } else {
        return ERR("clé inconnue « %s » dans [piece]", name);
    }
    return 1;
}

static const struct { const char *name; fse_computed_field f; } computed[] = {
    { "@source", FSE_CF_SOURCE }, { "@personne", FSE_CF_PERSONNE }, { "@entreprise", FSE_CF_ENTREPRISE },
    { "@heures_realisees", FSE_CF_HEURES_REALISEES }, { "@heures_cumulees", FSE_CF_HEURES_CUMULEES },
    { "@taux_realisation", FSE_CF_TAUX_REALISATION }, { "@lignes", FSE_CF_LIGNES },
};

fse_col_type fse_col_type_of_field(fse_field_type t)
{
    switch (t) {
    case FSE_FT_ID: return FSE_COL_ID;
    case FSE_FT_NUMBER: return FSE_COL_NUMBER;
    case FSE_FT_DATE: return FSE_COL_DATE;
    case FSE_FT_MONTH: return FSE_COL_MONTH;
    default: return FSE_COL_TEXT;
    }
}

/* People's names go through @personne, which applies the job's
 * confidentialite (complet | initiales | pseudonyme). */
static bool is_name(const char *field)
{
    return !strcmp(field, "nom") || !strcmp(field, "prenom");
}

/* Attributes that only aggregates may show (schema.h fse_field_is_personal). */
static bool is_sensitive(const char *field)
{
    return fse_field_is_personal(field) && !is_name(field);
}

/* The first name or sensitive field that conditions test (a join's `ou`:
 * a count per row would reveal it), or NULL. */
static const char *refused_in(const fse_dataset_def *def, const fse_cond *conds, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *name = def->fields[conds[i].fidx].name;
        if (is_sensitive(name) || is_name(name)) return name;
        if (conds[i].sub) {
            const char *sub = refused_in(conds[i].sub->def, conds[i].sub->conds, conds[i].sub->nconds);
            if (sub) return sub;
        }
    }
    return NULL;
}

/* Resolve every column's champ once the whole file is read. */
static void finish(ctx *c)
{
    fse_list_layout *l = c->l;
    long line = 0;
    if (!l->def) { ERR("[piece] needs jeu = DATASET"); return; }
    if (!l->titre) ERR("[piece] needs titre");
    if (l->grouper) {
        line = l->grouper_line;
        if (!strcmp(l->grouper, "@entreprise")) l->group_fidx = -2;
        else if ((l->group_fidx = fse_field_index(l->def, l->grouper)) < 0)
            ERR("grouper : champ inconnu « %s » de %s", l->grouper, l->def->name);
        line = 0;
    }
    if (!l->ncols) ERR("the pièce declares no [colonne.ID]");
    for (size_t i = 0; i < l->ncols; i++) {
        fse_list_col *col = &l->cols[i];
        line = col->line;
        char *spec = fse_xstrdup(col->champ ? col->champ : col->id);
        char *par = col->par ? fse_xstrdup(col->par) : NULL;
        const char *cond = col->ou;
        char *field = spec;
        if (!col->titre) col->titre = fse_xstrdup(col->id);
        fse_field_type ft = FSE_FT_TEXT;
        if (field[0] == '@') {
            for (size_t k = 0; k < sizeof computed / sizeof computed[0]; k++)
                if (!strcmp(computed[k].name, field)) col->computed = computed[k].f;
            if (!col->computed) ERR("colonne %s : champ calculé inconnu %s", col->id, field);
            if (col->computed >= FSE_CF_HEURES_REALISEES && col->computed <= FSE_CF_TAUX_REALISATION) ft = FSE_FT_NUMBER;
            if (col->computed == FSE_CF_LIGNES) { ft = FSE_FT_NUMBER; if (!col->type_set) col->type = FSE_COL_INTEGER, col->type_set = true; }
        } else if (strchr(field, '.')) {
            char *dot = strchr(field, '.');
            *dot = 0;
            col->join = fse_dataset_find(field);
            if (!col->join) ERR("colonne %s : jeu de données inconnu « %s »", col->id, field);
            else if ((col->join_fidx = fse_field_index(col->join, dot + 1)) < 0)
                ERR("colonne %s : champ inconnu « %s » de %s", col->id, dot + 1, col->join->name);
            else if (!par) ERR("colonne %s : une colonne tirée de %s demande par = CLÉ", col->id, field);
            else {
                char *colon = strchr(par, ':');
                const char *remote = colon ? colon + 1 : par;
                if (colon) *colon = 0;
                col->par_local = fse_field_index(l->def, par);
                col->par_remote = fse_field_index(col->join, remote);
                if (col->par_local < 0 || col->par_remote < 0)
                    ERR("colonne %s : par = %s n'est pas un champ à la fois de %s et de %s", col->id, par, l->def->name, col->join->name);
                ft = col->join->fields[col->join_fidx].type;
                if (is_sensitive(col->join->fields[col->join_fidx].name) && col->agg != FSE_AGG_NOMBRE)
                    ERR("colonne %s : %s est un attribut sensible, montré seulement en agrégats", col->id, dot + 1);
                if (is_name(col->join->fields[col->join_fidx].name) && col->agg != FSE_AGG_NOMBRE)
                    ERR("colonne %s : les noms se montrent avec champ = @personne (confidentialite)", col->id);
                if (cond) {
                    char *m = fse_xasprintf("count %s where %s", col->join->name, cond);
                    char msg[256];
                    int pos = 0;
                    col->join_where = fse_measure_parse(m, c->t, msg, sizeof msg, &pos);
                    if (!col->join_where) ERR("column %s: ou = %s: %s", col->id, cond, msg);
                    else {
                        const fse_term *jt = &col->join_where->terms[0];
                        const char *bad = refused_in(jt->def, jt->conds, jt->nconds);
                        if (bad)
                            ERR("colonne %s : ou teste %s, un nom ou un attribut sensible : une liste ne peut pas "
                                "la révéler ligne par ligne", col->id, bad);
                    }
                    free(m);
                }
            }
            if (!col->agg_set) col->agg = FSE_AGG_PREMIER;
        } else {
            col->fidx = fse_field_index(l->def, field);
            if (col->fidx < 0) ERR("colonne %s : champ inconnu « %s » de %s", col->id, field, l->def->name);
            else {
                ft = l->def->fields[col->fidx].type;
                if (is_sensitive(field)) ERR("colonne %s : %s est un attribut sensible, montré seulement en agrégats", col->id, field);
                if (is_name(field)) ERR("colonne %s : les noms se montrent avec champ = @personne (confidentialite)", col->id);
            }
        }
        if (!col->type_set) {
            col->type = (col->agg == FSE_AGG_NOMBRE || col->agg == FSE_AGG_DISTINCT_V) ? FSE_COL_INTEGER
                      : col->computed == FSE_CF_TAUX_REALISATION ? FSE_COL_PERCENT
                      : col->agg == FSE_AGG_LISTE ? FSE_COL_TEXT : fse_col_type_of_field(ft);
        }
        if (col->decimales < 0)
            col->decimales = col->type == FSE_COL_NUMBER ? 2 : col->type == FSE_COL_PERCENT ? 1 : 0;
        free(spec);
        free(par);
    }
    for (size_t k = 0; k < l->ntri; k++) {
        bool ok = fse_field_index(l->def, l->tri[k]) >= 0;
        for (size_t i = 0; i < l->ncols && !ok; i++) ok = !strcmp(l->cols[i].id, l->tri[k]);
        if (!ok) ERR("tri : « %s » n'est ni une colonne ni un champ de %s", l->tri[k], l->def->name);
    }
    for (size_t j = 0; j < l->ncols; j++) {
        fse_list_col *col = &l->cols[j];
        if (!col->sous) continue;
        line = col->line;
        size_t i = 0;
        while (i < l->ncols && strcmp(l->cols[i].id, col->sous)) i++;
        if (i == l->ncols || i == j) ERR("colonne %s : sous = « %s » n'est pas une autre colonne", col->id, col->sous);
        else if (l->cols[i].sous) ERR("colonne %s : la colonne %s est elle-même placée sous une autre", col->id, col->sous);
        else col->sous_idx = (int)i;
    }
    line = 0;
    if (l->napparier) {
        if (l->napparier < 2) ERR("apparier : au moins deux colonnes « liste » (ex. actions | dates)");
        l->paired = fse_xcalloc(l->napparier, sizeof *l->paired);
        for (size_t k = 0; k < l->napparier; k++) {
            size_t i = 0;
            while (i < l->ncols && strcmp(l->cols[i].id, l->apparier[k])) i++;
            if (i == l->ncols) ERR("apparier : « %s » n'est pas une colonne", l->apparier[k]);
            else if (l->cols[i].agg != FSE_AGG_LISTE)
                ERR("apparier : la colonne %s n'a pas agregat = liste", l->apparier[k]);
            else l->paired[k] = i;
        }
    }
    if (l->repartition) {
        bool ok = false;
        for (size_t i = 0; i < l->ncols && !ok; i++) ok = !strcmp(l->cols[i].id, l->repartition);
        if (!ok) ERR("repartition : « %s » n'est pas une colonne", l->repartition);
    }
}

int fse_list_layout_load(fse_list_layout *l, const char *dir, const char *id,
                         const fse_templates *t, fse_diags *d)
{
    memset(l, 0, sizeof *l);
    l->id = fse_xstrdup(id);
    l->path = fse_xasprintf("%s/pieces/%s.ini", dir, id);
    l->group_fidx = -1;
    l->preuves = true;
    ctx c = { l, t, d };
    size_t before = d->nerrors;
    int rc = fse_ini_parse(l->path, on_pair, &c, d);
    if (rc < 0) return -1;
    finish(&c);
    return d->nerrors > before ? 1 : 0;
}

void fse_list_layout_free(fse_list_layout *l)
{
    for (size_t i = 0; i < l->ncols; i++) {
        fse_list_col *col = &l->cols[i];
        free(col->id); free(col->titre); free(col->champ); free(col->par); free(col->ou); free(col->total_libelle);
        free(col->sous);
        fse_measure_free(col->join_where);
    }
    free(l->cols);
    for (size_t i = 0; i < l->ntri; i++) free(l->tri[i]);
    free(l->tri);
    for (size_t i = 0; i < l->napparier; i++) free(l->apparier[i]);
    free(l->apparier);
    free(l->paired);
    free(l->id); free(l->path); free(l->titre); free(l->feuille); free(l->note); free(l->repartition);
    free(l->grouper);
    memset(l, 0, sizeof *l);
}
