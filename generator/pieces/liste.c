/* liste.c — the list pièces declared in templates/pieces/<id>.ini
 * (liste_layout.h): one line per row (or per group of rows) of a dataset,
 * with columns from its fields, from another dataset joined by a key, or
 * computed (person names under the job's confidentialité, source line,
 * volumétrie of a marché).
 *
 * The lines are the rows behind the indicators that name the pièce (their
 * evidence, measure.h), so the list's count or total equals the figure in
 * indicateurs.csv; a pièce named by no indicator lists the dataset's rows in
 * the period.
 */
#include "pieces/pieces.h"
#include "pieces/groups.h"
#include "pieces/liste_join.h"
#include "pieces/liste_layout.h"
#include "pieces/liste_summary.h"
#include "pieces/volumetrie.h"
#include "common/strmap.h"
#include "common/strset.h"
#include "common/text.h"
#include "common/u64map.h"
#include "common/util.h"
#include "measures/measure.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef fse_liste_rows rowvec;


typedef struct {
    const fse_piece_ctx *c;
    const fse_list_layout *l;
    fse_dataset *ds;
    fse_liste_join *joins;      /* per column (ds NULL when not a join) */
    const fse_volumetries *vols;   /* NULL unless a column shows them (fse_volumetries_of) */
    fse_volumetries *vols_owned;
    fse_dataset *people;        /* participants, to name people of a dataset without names */
    fse_strmap people_index;    /* normalised participant_id -> row of people */
} lister;

/* The participants row of id (for @personne on etapes), or NULL. */
static const fse_row *person_row(lister *L, const char *id)
{
    if (!id) return NULL;
    if (!L->people) {
        L->people = fse_datasets_get(L->c->data, "participants");
        int f = fse_field_index(L->people->def, "participant_id");
        for (size_t i = 0; L->people->loaded && i < L->people->nrows; i++) {
            const char *t = L->people->rows[i].v[f].text;
            if (!t) continue;
            char *k = fse_norm_key(t);
            if (!fse_strmap_get(&L->people_index, k)) fse_strmap_put(&L->people_index, k, i);
            free(k);
        }
    }
    char *k = fse_norm_key(id);
    size_t *at = fse_strmap_get(&L->people_index, k);
    free(k);
    return at ? &L->people->rows[*at] : NULL;
}

typedef struct { char *text; double num; bool has_num; } val;
typedef struct { val *v; size_t n, cap; } valvec;

static void push_val(valvec *vv, const char *text, double num, bool has_num)
{
    val x = { fse_xstrdup(text), num, has_num };
    FSE_PUSH(vv->v, vv->n, vv->cap, x);
}

static void field_val(valvec *vv, const fse_dataset *ds, const fse_row *r, int f)
{
    const fse_value *v = &r->v[f];
    if (v->state == FSE_VAL_EMPTY) return;
    fse_field_type t = ds->def->fields[f].type;
    bool numeric = v->state == FSE_VAL_OK && (t == FSE_FT_NUMBER || t == FSE_FT_DATE || t == FSE_FT_MONTH);
    push_val(vv, v->text, v->num, numeric);
}

static const char *tx(const fse_dataset *ds, const fse_row *r, const char *field)
{
    int f = fse_field_index(ds->def, field);
    return f >= 0 && r->v[f].text ? r->v[f].text : NULL;
}

/* The values of column col over the base rows of one line. */
static void collect(lister *L, size_t ci, const rowvec *base, valvec *vv, fse_strset *seen_marches)
{
    const fse_list_col *col = &L->l->cols[ci];
    for (size_t b = 0; b < base->n; b++) {
        const fse_row *r = &L->ds->rows[base->rows[b]];
        if (col->join) {
            fse_liste_join *j = &L->joins[ci];
            const rowvec *hits = fse_liste_join_rows(j, r->v[col->par_local].text);
            for (size_t k = 0; hits && k < hits->n; k++) {
                if (col->agg == FSE_AGG_NOMBRE) push_val(vv, "", 0, false);  /* rows, even with the field empty */
                else field_val(vv, j->ds, &j->ds->rows[hits->rows[k]], col->join_fidx);
            }
            continue;
        }
        switch (col->computed) {
        case FSE_CF_NONE:
            field_val(vv, L->ds, r, col->fidx);
            break;
        case FSE_CF_SOURCE: {
            char where[600];
            push_val(vv, fse_row_where(L->ds, r, where, sizeof where), 0, false);
            break;
        }
        case FSE_CF_PERSONNE: {
            const char *id = tx(L->ds, r, "participant_id");
            if (!id) id = tx(L->ds, r, "personne_id");
            const char *nom = tx(L->ds, r, "nom"), *prenom = tx(L->ds, r, "prenom");
            if (fse_field_index(L->ds->def, "nom") < 0) {  /* e.g. etapes: names from participants */
                const fse_row *p = person_row(L, id);
                if (p) { nom = tx(L->people, p, "nom"); prenom = tx(L->people, p, "prenom"); }
            }
            char *name = fse_person_name(L->c, id, nom, prenom);
            push_val(vv, name, 0, false);
            free(name);
            break;
        }
        case FSE_CF_ENTREPRISE: {
            const char *e = tx(L->ds, r, "entreprise");
            if (!e) e = tx(L->ds, r, "structure");
            if (e) push_val(vv, e, 0, false);
            break;
        }
        case FSE_CF_HEURES_REALISEES:
        case FSE_CF_HEURES_CUMULEES:
        case FSE_CF_TAUX_REALISATION: {
            const char *mid = tx(L->ds, r, "marche_id");
            size_t before = seen_marches->n;   /* the set grows only with a new marché */
            fse_strset_add_owned(seen_marches, fse_norm_key(mid));
            bool dup = seen_marches->n == before;
            const fse_volumetrie *v = fse_volumetrie_get(L->vols, mid);
            if (dup || !v) break;
            double x = col->computed == FSE_CF_HEURES_REALISEES ? v->realisees_periode : v->realisees_cumul;
            push_val(vv, "", x, true);
            if (col->computed == FSE_CF_TAUX_REALISATION && v->has_prevues) push_val(vv, "prevues", v->prevues, true);
            break;
        }
        case FSE_CF_LIGNES:
            break;
        }
    }
}

/* Order of the values of a "liste" cell: by number when both are numbers or
 * dates (a day number: 16/02/2024 before 01/12/2024, which text order
 * inverts), else by text. */
static int cmp_val(const void *a, const void *b)
{
    const val *x = *(const val *const *)a, *y = *(const val *const *)b;
    if (x->has_num && y->has_num && x->num != y->num) return x->num < y->num ? -1 : 1;
    return strcmp(x->text, y->text);
}

/* Aggregate vv into the current line's cell ci of table t. */
static void put_cell(lister *L, fse_doc_table *t, size_t ci, const rowvec *base, valvec *vv)
{
    const fse_list_col *col = &L->l->cols[ci];
    if (col->computed == FSE_CF_LIGNES) { fse_doc_put_num(t, ci, (double)base->n); return; }
    if (col->computed == FSE_CF_TAUX_REALISATION) {
        double done = 0, planned = 0;
        for (size_t i = 0; i < vv->n; i++) {
            if (!strcmp(vv->v[i].text, "prevues")) planned += vv->v[i].num;
            else done += vv->v[i].num;
        }
        if (planned > 0) fse_doc_put_num(t, ci, done / planned);
        return;
    }
    bool summed = col->computed == FSE_CF_HEURES_REALISEES || col->computed == FSE_CF_HEURES_CUMULEES;
    fse_list_agg agg = summed && base->n > 1 ? FSE_AGG_SOMME : col->agg;
    if (!vv->n) {
        if (agg == FSE_AGG_NOMBRE || agg == FSE_AGG_DISTINCT_V || agg == FSE_AGG_SOMME) fse_doc_put_num(t, ci, 0);
        return;
    }
    switch (agg) {
    case FSE_AGG_PREMIER:
        if (vv->v[0].has_num) fse_doc_put_num(t, ci, vv->v[0].num);
        else fse_doc_put_text(t, ci, vv->v[0].text);
        if (col->type == FSE_COL_ID || col->type == FSE_COL_TEXT) fse_doc_put_text(t, ci, vv->v[0].text);
        break;
    case FSE_AGG_MIN:
    case FSE_AGG_MAX: {
        bool any = false;
        double best = 0;
        for (size_t i = 0; i < vv->n; i++) {
            if (!vv->v[i].has_num) continue;
            if (!any || (agg == FSE_AGG_MIN ? vv->v[i].num < best : vv->v[i].num > best)) best = vv->v[i].num;
            any = true;
        }
        if (any) fse_doc_put_num(t, ci, best);
        break;
    }
    case FSE_AGG_NOMBRE:
        fse_doc_put_num(t, ci, (double)vv->n);
        break;
    case FSE_AGG_SOMME: {
        double s = 0;
        for (size_t i = 0; i < vv->n; i++) s += vv->v[i].has_num ? vv->v[i].num : 0;
        fse_doc_put_num(t, ci, s);
        break;
    }
    case FSE_AGG_DISTINCT_V:
    case FSE_AGG_LISTE: {
        fse_strmap keys = {0};
        const val **shown = fse_xcalloc(vv->n, sizeof *shown);
        size_t ns = 0;
        for (size_t i = 0; i < vv->n; i++) {  /* first spelling of each distinct value */
            char *k = fse_norm_key(vv->v[i].text);
            if (*k && !fse_strmap_get(&keys, k)) {
                fse_strmap_put(&keys, k, i);
                shown[ns++] = &vv->v[i];
            }
            free(k);
        }
        if (agg == FSE_AGG_DISTINCT_V) {
            fse_doc_put_num(t, ci, (double)ns);
        } else {
            qsort(shown, ns, sizeof *shown, cmp_val);
            fse_sb b = {0};
            for (size_t i = 0; i < ns; i++) fse_sb_addf(&b, "%s%s", i ? ", " : "", shown[i]->text);
            fse_doc_put_text(t, ci, b.s ? b.s : "");
            fse_sb_free(&b);
        }
        free(shown);
        fse_strmap_free(&keys);
        break;
    }
    }
}

/* ------------------------------------------------------------ paired lists */

/* One combination of the paired columns' values (from one base row). */
typedef struct { val *v; char *key; } combo;

static size_t npaired_sort;   /* columns compared by cmp_combo */

/* Combinations in the order of the first paired column (numbers and dates
 * by value, as cmp_val), then of the next ones. */
static int cmp_combo(const void *a, const void *b)
{
    const combo *x = a, *y = b;
    for (size_t k = 0; k < npaired_sort; k++) {
        const val *p = &x->v[k], *q = &y->v[k];
        int r = cmp_val(&p, &q);
        if (r) return r;
    }
    return 0;
}

static bool is_paired(const fse_list_layout *l, size_t ci)
{
    for (size_t k = 0; k < l->napparier; k++)
        if (l->paired[k] == ci) return true;
    return false;
}

/* The cells of the paired "liste" columns (`apparier`) of one line: each
 * base row gives one combination (the first value of each column, "—" when
 * it has none); distinct combinations, ignoring case and accents, sorted
 * by the first column; every column lists them in that same order, so the
 * k-th action sits beside the k-th date. */
static void put_paired(lister *L, fse_doc_table *t, const rowvec *base)
{
    const fse_list_layout *l = L->l;
    size_t np = l->napparier;
    combo *cs = fse_xcalloc(base->n ? base->n : 1, sizeof *cs);
    size_t nc = 0;
    fse_strmap seen_keys = {0};
    for (size_t b = 0; b < base->n; b++) {
        rowvec one = { &base->rows[b], 1, 1 };
        combo cb = { fse_xcalloc(np, sizeof *cb.v), NULL };
        fse_sb key = {0};
        bool any = false;
        for (size_t k = 0; k < np; k++) {
            valvec vv = {0};
            fse_strset seen = {0};
            collect(L, l->paired[k], &one, &vv, &seen);
            if (vv.n) { cb.v[k] = vv.v[0]; vv.v[0].text = NULL; any |= *cb.v[k].text != 0; }
            else cb.v[k] = (val){ fse_xstrdup("\xE2\x80\x94"), 0, false };   /* "—" */
            for (size_t i = 0; i < vv.n; i++) free(vv.v[i].text);
            free(vv.v);
            fse_strset_free(&seen);
            char *nk = fse_norm_key(cb.v[k].text);
            fse_sb_addf(&key, "%s\x1f", nk);
            free(nk);
        }
        cb.key = fse_sb_take(&key);
        if (!any || fse_strmap_get(&seen_keys, cb.key)) {
            for (size_t k = 0; k < np; k++) free(cb.v[k].text);
            free(cb.v);
            free(cb.key);
            continue;
        }
        fse_strmap_put(&seen_keys, cb.key, nc);
        cs[nc++] = cb;
    }
    npaired_sort = np;
    if (nc) qsort(cs, nc, sizeof *cs, cmp_combo);
    for (size_t k = 0; k < np; k++) {
        fse_sb b = {0};
        for (size_t i = 0; i < nc; i++) fse_sb_addf(&b, "%s%s", i ? ", " : "", cs[i].v[k].text);
        fse_doc_put_text(t, l->paired[k], b.s ? b.s : "");
        fse_sb_free(&b);
    }
    for (size_t i = 0; i < nc; i++) {
        for (size_t k = 0; k < np; k++) free(cs[i].v[k].text);
        free(cs[i].v);
        free(cs[i].key);
    }
    free(cs);
    fse_strmap_free(&seen_keys);
}

/* The base rows: the evidence of the indicators naming this pièce on this
 * dataset, else every row in the period. */
static void select_rows(lister *L, rowvec *out)
{
    const fse_figures *fg = L->c->figs;
    bool *mark = fse_xcalloc(L->ds->nrows + 1, sizeof *mark);
    bool any = false;
    for (size_t i = 0; L->l->preuves && fg && i < fg->n; i++) {
        const fse_indicateur *ind = fg->figs[i].ind;
        bool names = false;
        for (size_t p = 0; p < ind->npieces; p++) names |= !strcmp(ind->pieces[p], L->l->id);
        if (!names) continue;
        for (size_t t = 0; t < fg->figs[i].res.nterms; t++) {
            const fse_term_result *tr = &fg->figs[i].res.terms[t];
            if (tr->ds != L->ds) continue;
            any = true;
            for (size_t k = 0; k < tr->nrows; k++) mark[tr->rows[k]] = true;
        }
    }
    bool *in = any ? NULL : fse_rows_in_period(L->c->data, L->ds, L->c->period);
    for (size_t i = 0; i < L->ds->nrows; i++)
        if (any ? mark[i] : in[i]) FSE_PUSH(out->rows, out->n, out->cap, i);
    free(in);
    free(mark);
}

/* One line per row, or per group of rows sharing the group key. */
static size_t make_lines(lister *L, const rowvec *rows, rowvec **lines)
{
    size_t n = 0, cap = 0;
    *lines = NULL;
    fse_strmap idx = {0};
    for (size_t i = 0; i < rows->n; i++) {
        const fse_row *r = &L->ds->rows[rows->rows[i]];
        size_t pos;
        if (L->l->group_fidx == -1) {
            pos = n;
        } else {
            char *key = L->l->group_fidx == -2 ? fse_company_key(L->ds, r)
                                               : fse_norm_key(r->v[L->l->group_fidx].text);
            size_t *at = *key ? fse_strmap_get(&idx, key) : NULL;
            pos = at ? *at : n;
            if (!at && *key) fse_strmap_put(&idx, key, n);  /* an empty key never merges rows */
            free(key);
        }
        if (pos == n) {
            rowvec empty = {0};
            FSE_PUSH(*lines, n, cap, empty);
        }
        FSE_PUSH((*lines)[pos].rows, (*lines)[pos].n, (*lines)[pos].cap, rows->rows[i]);
    }
    fse_strmap_free(&idx);
    return n;
}

static lister *sort_ctx;
static int sort_fields[8];
static size_t nsort;
/* fse_norm_key of each text met by the sort, by text address. Speed
 * (issue 8): the comparator normalised both texts on every comparison, two
 * mallocs each, n log n times for a list of 100 000 lines; dataset texts
 * are interned and never move (dataset.h), so one key per distinct text. */
static fse_u64map sort_memo;
static char **sort_keys;
static size_t nsort_keys, cap_sort_keys;

static const char *sort_key(const char *text)
{
    if (!text) return "";
    size_t at = fse_u64map_get(&sort_memo, (uint64_t)(uintptr_t)text);
    if (at != FSE_U64MAP_NONE) return sort_keys[at];
    FSE_PUSH(sort_keys, nsort_keys, cap_sort_keys, fse_norm_key(text));
    fse_u64map_add(&sort_memo, (uint64_t)(uintptr_t)text, nsort_keys - 1);
    return sort_keys[nsort_keys - 1];
}

static int cmp_lines(const void *a, const void *b)
{
    const rowvec *x = a, *y = b;
    const fse_dataset *ds = sort_ctx->ds;
    const fse_row *rx = &ds->rows[x->rows[0]], *ry = &ds->rows[y->rows[0]];
    for (size_t k = 0; k < nsort; k++) {
        int f = sort_fields[k];
        const fse_value *vx = &rx->v[f], *vy = &ry->v[f];
        fse_field_type t = ds->def->fields[f].type;
        if ((t == FSE_FT_NUMBER || t == FSE_FT_DATE || t == FSE_FT_MONTH) && vx->state == FSE_VAL_OK
            && vy->state == FSE_VAL_OK) {
            if (vx->num != vy->num) return vx->num < vy->num ? -1 : 1;
            continue;
        }
        int c = vx->text == vy->text ? 0 : strcmp(sort_key(vx->text), sort_key(vy->text));
        if (c) return c;
    }
    return (x->rows[0] > y->rows[0]) - (x->rows[0] < y->rows[0]);
}

static void sort_lines(lister *L, rowvec *lines, size_t n)
{
    nsort = 0;
    for (size_t k = 0; k < L->l->ntri && nsort < 8; k++) {
        int f = fse_field_index(L->ds->def, L->l->tri[k]);
        for (size_t i = 0; i < L->l->ncols && f < 0; i++) {
            const fse_list_col *col = &L->l->cols[i];
            if (strcmp(col->id, L->l->tri[k])) continue;
            f = col->fidx >= 0 ? col->fidx
              : col->computed == FSE_CF_ENTREPRISE ? fse_field_index(L->ds->def, "entreprise")
              : col->computed == FSE_CF_PERSONNE ? fse_field_index(L->ds->def, "nom") : -1;
        }
        /* pseudonyms or initials must not come out in the order of the real names */
        if (f >= 0 && L->c->job->confidentialite != FSE_CONF_COMPLET
            && (!strcmp(L->ds->def->fields[f].name, "nom") || !strcmp(L->ds->def->fields[f].name, "prenom")))
            f = -1;
        if (f >= 0) sort_fields[nsort++] = f;
    }
    sort_ctx = L;
    if (n) qsort(lines, n, sizeof *lines, cmp_lines);
    for (size_t i = 0; i < nsort_keys; i++) free(sort_keys[i]);
    free(sort_keys);
    sort_keys = NULL;
    nsort_keys = cap_sort_keys = 0;
    fse_u64map_free(&sort_memo);
}

/* The indicators this pièce justifies, with their figures (as in
 * indicateurs.csv), above the list: what an auditor recounts it against. */
static void justified(fse_doc *d, const fse_piece_ctx *c, const char *id)
{
    fse_doc_block *kv = NULL;
    for (size_t i = 0; c->figs && i < c->figs->n; i++) {
        const fse_figure *x = &c->figs->figs[i];
        bool names = false;
        for (size_t p = 0; p < x->ind->npieces; p++) names |= !strcmp(x->ind->pieces[p], id);
        if (!names) continue;
        if (!kv) {
            fse_doc_heading(d, 2, "Indicateurs justifiés par cette pièce");
            kv = fse_doc_keyvalue(d);
        }
        char v[64], t[64];
        fse_format_number_fr(x->res.value, x->res.value == floor(x->res.value) ? 0 : 2, v, sizeof v);
        char *key = fse_xasprintf("%s — %s", x->ind->id, x->ind->libelle ? x->ind->libelle : "");
        if (x->has_cible) {
            fse_format_number_fr(x->cible, x->cible == floor(x->cible) ? 0 : 2, t, sizeof t);
            char *line = fse_xasprintf("%s (cible %s)", v, t);
            fse_doc_kv_add(kv, key, line);
            free(line);
        } else {   /* the figure alone: a real number in the XLSX */
            fse_doc_kv_add_num(kv, key, x->res.value, FSE_COL_NUMBER, FSE_DEC_AUTO, NULL);
        }
        free(key);
    }
}

fse_doc *fse_piece_liste(const fse_piece_ctx *c, const char *id, const char **why)
{
    fse_list_layout l;
    int rc = fse_list_layout_load(&l, c->tpl->dir, id, c->tpl, c->d);
    if (rc) {
        *why = rc < 0 ? "pièce que cette version de fsepack ne sait pas encore produire "
                        "(aucune mise en page dans templates/pieces)"
                      : "sa mise en page dans templates/pieces comporte des erreurs";
        fse_list_layout_free(&l);
        return NULL;
    }
    lister L;
    memset(&L, 0, sizeof L);
    L.c = c;
    L.l = &l;
    L.ds = fse_datasets_get(c->data, l.def->name);
    if (!L.ds->loaded) {
        *why = "le job ne déclare pas de source pour son jeu de données";
        fse_list_layout_free(&l);
        return NULL;
    }
    L.joins = fse_xcalloc(l.ncols, sizeof *L.joins);
    for (size_t i = 0; i < l.ncols; i++)
        if (l.cols[i].join) fse_liste_join_build(&L.joins[i], c, &l.cols[i]);
    for (size_t i = 0; i < l.ncols; i++)  /* the volumétrie only when a column shows it */
        if (l.cols[i].computed >= FSE_CF_HEURES_REALISEES && l.cols[i].computed <= FSE_CF_TAUX_REALISATION) {
            L.vols = fse_volumetries_of(c, &L.vols_owned);
            break;
        }
    rowvec rows = {0};
    select_rows(&L, &rows);
    rowvec *lines;
    size_t nlines = make_lines(&L, &rows, &lines);
    sort_lines(&L, lines, nlines);

    fse_doc *d = fse_piece_doc(c, l.titre);
    d->landscape = l.paysage;
    justified(d, c, id);
    fse_doc_table *t = fse_doc_table_add(d, l.titre, l.feuille);
    t->font_size = l.police;
    for (size_t i = 0; i < l.ncols; i++)
        fse_doc_col(t, l.cols[i].titre, l.cols[i].type, l.cols[i].largeur, l.cols[i].decimales);
    for (size_t ln = 0; ln < nlines; ln++) {
        fse_doc_row(t);
        if (l.napparier) put_paired(&L, t, &lines[ln]);
        for (size_t ci = 0; ci < l.ncols; ci++) {
            if (is_paired(&l, ci)) continue;
            valvec vv = {0};
            fse_strset seen = {0};
            collect(&L, ci, &lines[ln], &vv, &seen);
            put_cell(&L, t, ci, &lines[ln], &vv);
            for (size_t k = 0; k < vv.n; k++) free(vv.v[k].text);
            free(vv.v);
            fse_strset_free(&seen);
        }
    }
    fse_liste_totals(t, &l, nlines);
    if (l.note) fse_doc_table_note(t, l.note);
    int *under = fse_xcalloc(l.ncols, sizeof *under);
    for (size_t ci = 0; ci < l.ncols; ci++) under[ci] = l.cols[ci].sous_idx;
    fse_doc_table_stacked(d, t, under);   /* NULL when no column has `sous` */
    free(under);
    if (l.repartition) fse_liste_breakdown(d, t, &l);
    fse_doc_heading(d, 1, "Méthode et sources");
    char where[1024];
    snprintf(where, sizeof where, "Lignes : %s. Source : jeu %s (%s) de l'export déclaré dans la configuration ; "
             "mise en page : templates/pieces/%s.ini.",
             l.preuves ? "les lignes qui fondent les indicateurs de la fiche nommant cette pièce "
                         "(à défaut, toutes les lignes de la période)" : "toutes les lignes de la période",
             l.def->name, l.def->label, id);
    fse_doc_paragraph(d, where);
    for (size_t i = 0; i < nlines; i++) free(lines[i].rows);
    free(lines);
    free(rows.rows);
    for (size_t i = 0; i < l.ncols; i++) if (l.cols[i].join) fse_liste_join_free(&L.joins[i]);
    free(L.joins);
    if (L.vols_owned) fse_volumetries_free(L.vols_owned);
    free(L.vols_owned);
    fse_strmap_free(&L.people_index);
    fse_list_layout_free(&l);
    return d;
}
