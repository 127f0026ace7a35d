/* preuves.c — see preuves.h. */
#include "pieces/preuves.h"
#include "common/text.h"
#include "common/util.h"
#include "pieces/liste_layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fields that identify a row of each dataset, in the order shown;
 * "@personne" is the person's name under the job's confidentialite. The
 * measure's own field and the fields of its conditions are added after them. */
static const struct { const char *ds; const char *fields[8]; } SHOW[] = {
    { "marches", { "operation_id", "marche_id", "donneur_ordre", "entreprise", "siret", "date_debut", "date_fin" } },
    { "heures", { "operation_id", "marche_id", "entreprise", "participant_id", "@personne", "mois", "heures" } },
    { "conventions", { "convention_id", "partenaire", "date_debut", "date_fin" } },
    { "participants", { "participant_id", "@personne", "date_entree", "date_sortie" } },
    { "offres", { "offre_id", "date_reception", "entreprise", "siret", "intitule" } },
    { "mises_en_relation", { "mer_id", "date", "participant_id", "@personne", "offre_id", "entreprise", "resultat" } },
    { "contacts", { "date", "entreprise", "siret", "mode" } },
    { "actions", { "action_id", "date", "type", "intitule" } },
    { "presences", { "action_id", "personne_id", "@personne", "type_personne", "statut" } },
    { "etapes", { "date", "participant_id", "type", "mode" } },
    { "tableau_impact_abc", { "operation_id", "marche_id", "heures" } },
};

/* Rows listed per sheet at most: Excel's 1 048 576 rows, less the title,
 * header and note (a figure over that many rows is reported, not lost). */
#define PREUVES_MAX 1000000


size_t fse_preuves_count(const fse_figure *x)
{
    size_t n = 0;
    for (size_t t = 0; t < x->res.nterms; t++) n += x->res.terms[t].nrows;
    return n;
}

char *fse_preuves_sheet(size_t k, const fse_indicateur *ind)
{
    char *s = fse_xasprintf("Preuves %02zu %s", k + 1, ind->id);
    /* ids are ASCII (fiche grammar), so bytes are characters; 31 is Excel's limit */
    if (strlen(s) > 31) s[31] = 0;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '_' || s[n - 1] == '-')) s[--n] = 0;
    return s;
}

char *fse_preuves_ref(const fse_piece_ctx *c, size_t k)
{
    const fse_figure *x = &c->figs->figs[k];
    size_t n = fse_preuves_count(x);
    if (!c->bilan_xlsx) return fse_xasprintf("%zu ligne%s (le pack n'a pas de bilan qui les liste)", n, fse_pluriel(n));
    char *sheet = fse_preuves_sheet(k, x->ind);
    char *s = fse_xasprintf("%zu ligne%s, listée%s dans %s, feuille « %s »", n, fse_pluriel(n), fse_pluriel(n),
                            c->bilan_xlsx, sheet);
    free(sheet);
    return s;
}

/* The export's header for a field (first alias of templates/colonnes.ini),
 * else the field's name. */
static const char *field_title(const fse_piece_ctx *c, const fse_dataset_def *def, const char *field)
{
    if (!strcmp(field, "@personne")) return "Personne";
    for (size_t i = 0; c->tpl && i < c->tpl->naliases; i++) {
        const fse_alias *a = &c->tpl->aliases[i];
        if (!strcmp(a->dataset, def->name) && !strcmp(a->field, field)) return a->header;
    }
    return field;
}

typedef struct { const char **names; size_t n, cap; } name_list;

static void add_name(name_list *l, const fse_dataset_def *def, const char *name)
{
    if (strcmp(name, "@personne") && (fse_field_index(def, name) < 0 || fse_field_is_personal(name))) return;
    if (!strcmp(name, "@personne") && (fse_field_index(def, "nom") < 0 || fse_field_index(def, "prenom") < 0)) return;
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->names[i], name)) return;
    FSE_PUSH(l->names, l->n, l->cap, name);
}

/* Columns after the origin: the identifying fields of every term's dataset,
 * then each term's aggregated and condition fields. */
static void columns_of(const fse_measure *m, name_list *l)
{
    for (size_t t = 0; m && t < m->nterms; t++) {
        const fse_dataset_def *def = m->terms[t].def;
        for (size_t s = 0; s < sizeof SHOW / sizeof SHOW[0]; s++)
            if (!strcmp(SHOW[s].ds, def->name))
                for (size_t f = 0; f < 8 && SHOW[s].fields[f]; f++) add_name(l, def, SHOW[s].fields[f]);
        if (m->terms[t].fidx >= 0) add_name(l, def, def->fields[m->terms[t].fidx].name);
        for (size_t k = 0; k < m->terms[t].nconds; k++) add_name(l, def, m->terms[t].conds[k].field);
    }
}

/* The type of a column over the terms' datasets: a field typed differently
 * in two datasets is shown as text. */
static fse_col_type column_type(const fse_measure *m, const char *name)
{
    int type = -1;
    for (size_t t = 0; t < m->nterms; t++) {
        int f = fse_field_index(m->terms[t].def, name);
        if (f < 0) continue;
        int ft = (int)m->terms[t].def->fields[f].type;
        type = type < 0 || type == ft ? ft : (int)FSE_FT_TEXT;
    }
    return type < 0 ? FSE_COL_TEXT : fse_col_type_of_field((fse_field_type)type);
}

/* The fields of a term's dataset behind the sheet's columns, looked up once
 * per term instead of by name for every cell (issue 8: a million evidence
 * rows × 8 columns of strcmp over the fields). */
typedef struct {
    int *f;                 /* per column: field index, -1 absent, PERSONNE for "@personne" */
    int id, nom, prenom;    /* for "@personne": participant_id (else personne_id), nom, prenom */
} term_fields;

#define PERSONNE (-2)

static void term_fields_init(term_fields *tf, const fse_dataset_def *def, const name_list *cols)
{
    tf->f = fse_xcalloc(cols->n + 1, sizeof *tf->f);
    for (size_t j = 0; j < cols->n; j++)
        tf->f[j] = !strcmp(cols->names[j], "@personne") ? PERSONNE : fse_field_index(def, cols->names[j]);
    tf->id = fse_field_index(def, "participant_id");
    if (tf->id < 0) tf->id = fse_field_index(def, "personne_id");
    tf->nom = fse_field_index(def, "nom");
    tf->prenom = fse_field_index(def, "prenom");
}

static const char *text_of(const fse_row *r, int f) { return f >= 0 && r->v[f].text ? r->v[f].text : ""; }

/* The texts a column's cell was last given, with the cell's text.
 * Speed (issue 8): the evidence of a figure over a million hour rows
 * repeats its file, sheet, month, marché and person row after row; dataset
 * texts never move while the bilan is built and equal addresses are equal
 * texts (dataset.h), so a repeat is set with fse_doc_put_pooled instead of
 * being validated again, and a person's name is formatted once per run of
 * rows, not per row. */
typedef struct {
    const char *a, *b, *c;   /* the text (put_stable), or nom, prenom, id ("@personne":
                                such a column never holds anything else) */
    const char *pooled;      /* the cell's text (pooled or borrowed); NULL: nothing yet */
} col_memo;

/* Puts text (a dataset's text or source name, not NULL: they outlive the
 * bilan) in column col, borrowed, not copied (fse_doc_put_borrowed); a
 * repeat of the previous row's is not validated again. */
static void put_stable(fse_doc_table *tb, size_t col, const char *text, col_memo *m)
{
    if (m->pooled && m->a == text) { fse_doc_put_pooled(tb, col, m->pooled); return; }
    fse_doc_put_borrowed(tb, col, text);
    *m = (col_memo){ text, NULL, NULL, fse_doc_cur_text(tb, col) };
}

static void put_value(fse_doc_table *tb, size_t col, const fse_dataset *ds, const fse_row *r, int f,
                      const term_fields *tf, const fse_piece_ctx *c, col_memo *m)
{
    if (f == PERSONNE) {
        const char *nom = text_of(r, tf->nom), *prenom = text_of(r, tf->prenom);
        if (!*nom && !*prenom) return;
        const char *id = tf->id >= 0 ? r->v[tf->id].text : NULL;
        if (m->pooled && m->a == nom && m->b == prenom && m->c == id) {
            fse_doc_put_pooled(tb, col, m->pooled);
            return;
        }
        char *who = fse_person_name(c, id, nom, prenom);
        fse_doc_put_text(tb, col, who);
        free(who);
        *m = (col_memo){ nom, prenom, id, fse_doc_cur_text(tb, col) };
        return;
    }
    if (f < 0) return;
    const fse_value *v = &r->v[f];
    fse_field_type t = ds->def->fields[f].type;
    bool numeric = t == FSE_FT_NUMBER || t == FSE_FT_DATE || t == FSE_FT_MONTH;
    if (v->state == FSE_VAL_OK && numeric && tb->cols[col].type != FSE_COL_TEXT) fse_doc_put_num(tb, col, v->num);
    else if (v->text) put_stable(tb, col, v->text, m);
}

/* The sentence over an indicator's sheet: measure, period, what is left out. */
static char *sheet_title(const fse_piece_ctx *c, const fse_figure *x)
{
    char per[48];
    fse_period_text(c->period, per, sizeof per);
    const fse_indicateur *ind = x->ind;
    fse_sb sb = {0};
    /* the rule in the fiche's own grammar (README « Les fiches »), named as
     * such: its words (sum, of, count…) are the grammar's, not prose; the
     * bilan's "Mesure" line reads it in French (mesure_fr.h) */
    fse_sb_addf(&sb, "%s — %s. Règle de la fiche (mesure =) : %s", ind->id, ind->libelle ? ind->libelle : "",
                ind->mesure && ind->mesure->text ? ind->mesure->text : "");
    if (ind->periode) fse_sb_addf(&sb, " (rattachement à la période : %s)", ind->periode);
    fse_sb_addf(&sb, " ; période %s", per);
    return fse_sb_take(&sb);
}

static void indicator_sheet(fse_doc *d, const fse_piece_ctx *c, size_t k)
{
    const fse_figure *x = &c->figs->figs[k];
    const fse_measure *m = x->ind->mesure;
    char *title = sheet_title(c, x), *sheet = fse_preuves_sheet(k, x->ind);
    fse_doc_table *tb = fse_doc_table_add(d, title, sheet);
    free(title);
    free(sheet);
    tb->only = FSE_DOC_XLSX_ONLY;
    fse_doc_col(tb, "Fichier", FSE_COL_ID, 1.6, 0);
    fse_doc_col(tb, "Feuille", FSE_COL_ID, 0.8, 0);
    fse_doc_col(tb, "Ligne", FSE_COL_INTEGER, 0.5, 0);
    bool terms = m && m->nterms > 1;
    if (terms) fse_doc_col(tb, "Terme", FSE_COL_INTEGER, 0.5, 0);
    size_t first = terms ? 4 : 3;
    name_list cols = {0};
    columns_of(m, &cols);
    for (size_t i = 0; i < cols.n; i++) {
        const fse_dataset_def *def = m->terms[0].def;
        for (size_t t = 0; t < m->nterms && fse_field_index(def, cols.names[i]) < 0; t++) def = m->terms[t].def;
        fse_doc_col(tb, field_title(c, def, cols.names[i]), column_type(m, cols.names[i]), 1, FSE_DEC_AUTO);
    }
    size_t listed = 0, n = fse_preuves_count(x);
    col_memo *memo = fse_xcalloc(first + cols.n, sizeof *memo);
    for (size_t t = 0; t < x->res.nterms; t++) {
        const fse_term_result *tr = &x->res.terms[t];
        term_fields tf = {0};
        if (tr->ds) term_fields_init(&tf, tr->ds->def, &cols);
        for (size_t i = 0; tr->ds && i < tr->nrows && listed < PREUVES_MAX; i++, listed++) {
            const fse_row *r = &tr->ds->rows[tr->rows[i]];
            const fse_source_info *src = &tr->ds->srcs[r->src];
            fse_doc_row(tb);
            put_stable(tb, 0, src->rel ? src->rel : src->display, &memo[0]);
            if (src->sheet) put_stable(tb, 1, src->sheet, &memo[1]);
            fse_doc_put_num(tb, 2, (double)r->line);
            if (terms) fse_doc_put_num(tb, 3, (double)(t + 1));
            for (size_t j = 0; j < cols.n; j++) put_value(tb, first + j, tr->ds, r, tf.f[j], &tf, c, &memo[first + j]);
        }
        free(tf.f);
    }
    free(memo);
    char v[64];
    snprintf(v, sizeof v, "%.2f", x->res.value);
    if (listed < n && c->d)
        fse_diag(c->d, FSE_SEV_WARNING, "preuves-tronquees", NULL, 0, 0, "%s : %zu lignes de preuve, les %d "
                 "premières seulement listées (limite d'une feuille Excel)", x->ind->id, n, PREUVES_MAX);
    char *note = fse_xasprintf("%zu ligne%s retenue%s pour la valeur %s (indicateurs.csv). Pour « distinct », "
                               "toutes les lignes des valeurs comptées ; pour « count », une ligne par clé "
                               "(les doublons, les lignes hors période et les heures sans critère sont dans "
                               "controles.csv avec leur fichier et leur ligne).", n, fse_pluriel(n), fse_pluriel(n), v);
    fse_doc_table_note(tb, note);
    free(note);
    free(cols.names);
}

void fse_preuves_add(fse_doc *d, const fse_piece_ctx *c)
{
    if (!c->figs || !c->figs->n) return;
    fse_doc_heading(d, 1, "Preuves des indicateurs");
    fse_doc_paragraph(d, "Chaque valeur cite les lignes des exports qui la fondent : le classeur XLSX de ce bilan "
                         "a une feuille « Preuves » par indicateur, qui donne pour chaque ligne son fichier, sa "
                         "feuille et son numéro de ligne dans l'export, et ses champs clés. Les lignes écartées "
                         "(hors période, sans critère d'éligibilité, doublons) figurent dans controles.csv avec "
                         "leur origine et la raison.");
    fse_doc_table *t = fse_doc_table_add(d, "Lignes de preuve par indicateur", "Preuves");
    fse_doc_col(t, "Indicateur", FSE_COL_ID, 1.8, 0);
    fse_doc_col(t, "Valeur", FSE_COL_NUMBER, 0.8, FSE_DEC_AUTO);
    fse_doc_col(t, "Lignes de preuve", FSE_COL_INTEGER, 0.9, 0);
    fse_doc_col(t, "Listées dans", FSE_COL_TEXT, 3, 0);
    for (size_t k = 0; k < c->figs->n; k++) {
        const fse_figure *x = &c->figs->figs[k];
        fse_doc_row(t);
        fse_doc_put_text(t, 0, x->ind->id);
        fse_doc_put_num(t, 1, x->res.value);
        fse_doc_put_num(t, 2, (double)fse_preuves_count(x));
        char *sheet = fse_preuves_sheet(k, x->ind);
        char *where = c->bilan_xlsx ? fse_xasprintf("%s, feuille « %s »", c->bilan_xlsx, sheet)
                                    : fse_xstrdup("classeur XLSX du bilan");
        fse_doc_put_text(t, 3, where);
        free(where);
        free(sheet);
    }
    for (size_t k = 0; k < c->figs->n; k++) indicator_sheet(d, c, k);
}
