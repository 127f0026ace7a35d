/* measure_eval.c — evaluation of parsed measures over the datasets, with the
 * rows behind every value (the evidence the pièces list).
 *
 * Counting rules applied here, all from FICHES.md "Counting vocabulary" and
 * DESIGN §6: period membership per dataset; heures only with a critere;
 * count de-duplicated on the dataset's key fields; companies by SIRET, else
 * normalised name; values compared ignoring case, accents and punctuation.
 */
#include "measures/measure.h"
#include "measures/checks.h"
#include "common/strset.h"
#include "common/text.h"
#include "common/util.h"
#include "ingest/values.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int32_t month_start(int32_t days)
{
    int y, m, d;
    fse_civil_from_days(days, &y, &m, &d);
    return fse_days_from_civil(y, m, 1);
}

static bool date_in(const fse_value *v, const fse_period *p)
{
    return v->state == FSE_VAL_OK && v->num >= p->debut && v->num < p->fin + 1;
}

/* The period test of one dataset, its fields looked up once for all the
 * rows (issue 8: in_period looked each row's date field up by name, a strcmp
 * loop over the fields, on every row of every term). */
typedef struct {
    const fse_period *p;
    int pf;              /* -1: every row; >= 0: this DATE field; -2: the dataset's rule */
    int f1, f2;          /* the rule's date / via field and end field */
    int32_t month0;      /* FSE_PERIOD_MONTH: first day of the period's first month */
    int f_elig;          /* the eligibility field (heures: critere), -1 when none */
} period_test;

static period_test period_test_of(const fse_dataset *ds, const fse_period *p, int pf)
{
    const fse_dataset_def *def = ds->def;
    period_test t = { p, pf, -1, -1, 0, -1 };
    if (def->eligibility_field) t.f_elig = fse_field_index(def, def->eligibility_field);
    if (pf != -2) return t;
    switch (def->period) {
    case FSE_PERIOD_DATE: t.f1 = fse_field_index(def, def->date_field); break;
    case FSE_PERIOD_MONTH: t.f1 = fse_field_index(def, def->date_field); t.month0 = month_start(p->debut); break;
    case FSE_PERIOD_OVERLAP: t.f1 = fse_field_index(def, def->date_field); t.f2 = fse_field_index(def, def->end_field); break;
    case FSE_PERIOD_VIA: t.f1 = fse_field_index(def, def->via_field); break;
    case FSE_PERIOD_NONE: break;
    }
    return t;
}

/* Whether row r of ds is in the period of t. via: the VIA set, or NULL. */
static bool period_test_row(const period_test *t, fse_datasets_t *data, const fse_dataset *ds, const fse_row *r,
                            const fse_strset *via)
{
    const fse_dataset_def *def = ds->def;
    const fse_period *p = t->p;
    if (t->pf == -1) return true;
    if (t->pf >= 0) return date_in(&r->v[t->pf], p);
    switch (def->period) {
    case FSE_PERIOD_NONE:
        return true;
    case FSE_PERIOD_DATE:
        return date_in(&r->v[t->f1], p);
    case FSE_PERIOD_MONTH: {
        const fse_value *v = &r->v[t->f1];
        return v->state == FSE_VAL_OK && v->num >= t->month0 && v->num <= p->fin;
    }
    case FSE_PERIOD_OVERLAP: {
        const fse_value *a = &r->v[t->f1];
        const fse_value *b = &r->v[t->f2];
        if (a->state == FSE_VAL_REJECTED || b->state == FSE_VAL_REJECTED) return false;
        bool started = a->state != FSE_VAL_OK || a->num <= p->fin;
        bool running = b->state != FSE_VAL_OK || b->num >= p->debut;
        return started && running;
    }
    case FSE_PERIOD_VIA: {
        const fse_value *v = &r->v[t->f1];
        if (v->state != FSE_VAL_OK) return false;
        char *k = fse_id_key(v->text);  /* via fields are identifiers (action_id) */
        bool found = false;
        if (via) {
            found = fse_strset_has(via, k);
        } else {
            fse_dataset *other = fse_datasets_get(data, def->via_dataset);
            int kf = fse_field_index(other->def, def->via_key);
            period_test ot = period_test_of(other, p, -2);
            for (size_t i = 0; i < other->nrows && !found; i++) {
                const fse_value *ov = &other->rows[i].v[kf];
                if (ov->state != FSE_VAL_OK) continue;
                char *ok = fse_id_key(ov->text);
                found = !strcmp(ok, k) && period_test_row(&ot, data, other, &other->rows[i], NULL);
                free(ok);
            }
        }
        free(k);
        return found;
    }
    }
    return false;
}

/* Period test of one row (the test made for it alone). via may be NULL. */
static bool in_period(fse_datasets_t *data, const fse_dataset *ds, const fse_row *r,
                      const fse_period *p, int pf, const fse_strset *via)
{
    period_test t = period_test_of(ds, p, pf);
    return period_test_row(&t, data, ds, r, via);
}

bool fse_row_in_period(fse_datasets_t *data, const fse_dataset *ds, const fse_row *r,
                       const fse_period *p, int pf)
{
    return in_period(data, ds, r, p, pf, NULL);
}

/* The in-period ids of the dataset a VIA dataset is dated by. */
static void via_set(fse_datasets_t *data, const fse_dataset_def *def, const fse_period *p, fse_strset *out)
{
    fse_dataset *other = fse_datasets_get(data, def->via_dataset);
    int kf = fse_field_index(other->def, def->via_key);
    period_test pt = period_test_of(other, p, -2);
    for (size_t i = 0; i < other->nrows; i++)
        if (other->rows[i].v[kf].state == FSE_VAL_OK && period_test_row(&pt, data, other, &other->rows[i], NULL))
            fse_strset_add_owned(out, fse_id_key(other->rows[i].v[kf].text));
    fse_strset_freeze(out);
}

bool *fse_rows_in_period(fse_datasets_t *data, const fse_dataset *ds, const fse_period *p)
{
    bool *in = fse_xcalloc(ds->nrows + 1, sizeof *in);
    fse_strset via = {0};
    if (ds->def->period == FSE_PERIOD_VIA) via_set(data, ds->def, p, &via);
    period_test pt = period_test_of(ds, p, -2);
    for (size_t i = 0; i < ds->nrows; i++)
        in[i] = period_test_row(&pt, data, ds, &ds->rows[i], ds->def->period == FSE_PERIOD_VIA ? &via : NULL);
    fse_strset_free(&via);
    return in;
}

char *fse_company_key(const fse_dataset *ds, const fse_row *r)
{
    int fs = fse_field_index(ds->def, "siret");
    if (fs >= 0 && r->v[fs].text && fse_siret_valid(r->v[fs].text)) {  /* a real SIRET (checks.h) */
        fse_sb b = {0};
        fse_sb_adds(&b, "siret:");
        for (const char *s = r->v[fs].text; *s; s++)
            if (isdigit((unsigned char)*s)) fse_sb_addc(&b, *s);
        return fse_sb_take(&b);
    }
    int fe = fse_field_index(ds->def, "entreprise");
    if (fe < 0) fe = fse_field_index(ds->def, "structure");
    if (fe >= 0 && r->v[fe].text) {
        char *k = fse_norm_key(r->v[fe].text);
        char *out = *k ? fse_xasprintf("nom:%s", k) : fse_xstrdup("");
        free(k);
        return out;
    }
    return fse_xstrdup("");
}

/* Key of field f of a row for comparisons and distinct counts: company
 * identity for entreprise, the identifier as written for ids (fse_id_key),
 * else the text ignoring case, accents and punctuation. */
static char *value_key(const fse_dataset *ds, const fse_row *r, int f)
{
    const char *name = ds->def->fields[f].name;
    if (!strcmp(name, "entreprise")) return fse_company_key(ds, r);
    if (ds->def->fields[f].type == FSE_FT_ID) return fse_id_key(r->v[f].text);
    return fse_norm_key(r->v[f].text);
}

typedef struct set_cache { fse_strset *sets; size_t n; } set_cache;

static set_cache build_sets(fse_datasets_t *data, const fse_dataset_def *def, const fse_cond *conds, size_t n,
                            const fse_period *p);
static bool match_all(const fse_dataset *ds, const fse_row *r, const fse_cond *conds, size_t n,
                      const set_cache *sets, const fse_period *p);

static void free_sets(set_cache *c)
{
    for (size_t i = 0; i < c->n; i++) fse_strset_free(&c->sets[i]);
    free(c->sets);
}

/* Whether r counts (FICHES.md: heures only with an eligibility criterion);
 * t: the dataset's test, which holds the field. */
static bool eligible(const period_test *t, const fse_row *r)
{
    return t->f_elig < 0 || r->v[t->f_elig].state == FSE_VAL_OK;
}

/* The set of keys of sub->fidx over the rows of sub->def in period that match
 * the sub-conditions. */
/* Key of a value compared with another dataset's (IN_SET): value_key when
 * both fields are of one type, else the text ignoring case and accents on
 * both sides, so an id and a text can still meet. */
static char *set_key(const fse_dataset *ds, const fse_row *r, int f, bool same_type)
{
    return same_type ? value_key(ds, r, f) : fse_norm_key(r->v[f].text);
}

static void build_subset(fse_datasets_t *data, const fse_subset *sub, const fse_period *p, fse_strset *out,
                         fse_field_type local_type)
{
    fse_dataset *ds = fse_datasets_get(data, sub->def->name);
    set_cache inner = build_sets(data, sub->def, sub->conds, sub->nconds, p);
    period_test pt = period_test_of(ds, p, -2);
    for (size_t i = 0; i < ds->nrows; i++) {
        const fse_row *r = &ds->rows[i];
        if (r->v[sub->fidx].state != FSE_VAL_OK) continue;
        if (!period_test_row(&pt, data, ds, r, NULL) || !eligible(&pt, r)) continue;
        if (!match_all(ds, r, sub->conds, sub->nconds, &inner, p)) continue;
        fse_strset_add_owned(out, set_key(ds, r, sub->fidx, sub->def->fields[sub->fidx].type == local_type));
    }
    fse_strset_freeze(out);
    free_sets(&inner);
}

static set_cache build_sets(fse_datasets_t *data, const fse_dataset_def *def, const fse_cond *conds, size_t n,
                            const fse_period *p)
{
    set_cache c = { fse_xcalloc(n ? n : 1, sizeof(fse_strset)), n };
    for (size_t i = 0; i < n; i++)
        if (conds[i].op == FSE_OP_IN_SET)
            build_subset(data, conds[i].sub, p, &c.sets[i], def->fields[conds[i].fidx].type);
    return c;
}

static bool match(const fse_dataset *ds, const fse_row *r, const fse_cond *c,
                  const fse_strset *set, const fse_period *p)
{
    const fse_value *v = &r->v[c->fidx];
    fse_field_type type = ds->def->fields[c->fidx].type;
    switch (c->op) {
    case FSE_OP_FILLED: return v->state != FSE_VAL_EMPTY;
    case FSE_OP_EMPTY: return v->state == FSE_VAL_EMPTY;
    case FSE_OP_IN_PERIOD: return date_in(v, p);
    case FSE_OP_LT: return v->state == FSE_VAL_OK && v->num < c->vnum;
    case FSE_OP_LE: return v->state == FSE_VAL_OK && v->num <= c->vnum;
    case FSE_OP_GT: return v->state == FSE_VAL_OK && v->num > c->vnum;
    case FSE_OP_GE: return v->state == FSE_VAL_OK && v->num >= c->vnum;
    default: break;
    }
    if (v->state == FSE_VAL_EMPTY) return c->op == FSE_OP_NE;
    if (type == FSE_FT_BOOL && (c->op == FSE_OP_EQ || c->op == FSE_OP_NE)) {
        int want = fse_parse_bool(c->value);
        bool eq = v->state == FSE_VAL_OK && want >= 0 && (int)v->num == want;
        return c->op == FSE_OP_EQ ? eq : !eq;
    }
    char *k = c->op == FSE_OP_IN_SET
                  ? set_key(ds, r, c->fidx, c->sub->def->fields[c->sub->fidx].type == type)
                  : fse_norm_key(v->text);
    bool res = false;
    switch (c->op) {
    case FSE_OP_EQ: res = !strcmp(k, c->vkey); break;
    case FSE_OP_NE: res = strcmp(k, c->vkey) != 0; break;
    case FSE_OP_PREFIX: res = !strncmp(k, c->vkey, strlen(c->vkey)); break;
    case FSE_OP_IN_LIST:
        for (size_t i = 0; i < c->nkeys && !res; i++) res = !strcmp(k, c->keys[i]);
        break;
    case FSE_OP_IN_SET: res = fse_strset_has(set, k); break;
    default: break;
    }
    free(k);
    return res;
}

static bool match_all(const fse_dataset *ds, const fse_row *r, const fse_cond *conds, size_t n,
                      const set_cache *sets, const fse_period *p)
{
    for (size_t i = 0; i < n; i++)
        if (!match(ds, r, &conds[i], &sets->sets[i], p)) return false;
    return true;
}

typedef struct { char *key; size_t row; } keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

char *fse_row_dup_key(const fse_dataset *ds, const fse_row *r)
{
    if (!ds->def->keys[0]) return NULL;
    fse_sb b = {0};
    for (int k = 0; k < FSE_MAX_KEYS && ds->def->keys[k]; k++) {
        const char *name = ds->def->keys[k];
        char *part;
        if (!strcmp(name, "@entreprise")) part = fse_company_key(ds, r);
        else {
            int f = fse_field_index(ds->def, name);
            const fse_value *v = &r->v[f];
            fse_field_type t = ds->def->fields[f].type;
            part = (t == FSE_FT_DATE || t == FSE_FT_MONTH) && v->state == FSE_VAL_OK
                       ? fse_xasprintf("%d", (int)v->num)
                       : t == FSE_FT_ID ? fse_id_key(v->text) : fse_norm_key(v->text);
        }
        if (!*part) {  /* a key part missing: the row cannot be shown to repeat another */
            free(part);
            fse_sb_free(&b);
            return NULL;
        }
        fse_sb_adds(&b, part);
        fse_sb_addc(&b, '\x1f');
        free(part);
    }
    return fse_sb_take(&b);
}

static void eval_term(const fse_term *t, fse_datasets_t *data, const fse_period *p, fse_term_result *res)
{
    fse_dataset *ds = fse_datasets_get(data, t->def->name);
    size_t cap_rows = 0, cap_reg = 0, cap_dup = 0;
    memset(res, 0, sizeof *res);
    res->ds = ds;
    set_cache sets = build_sets(data, t->def, t->conds, t->nconds, p);
    fse_strset via = {0};
    bool use_via = t->def->period == FSE_PERIOD_VIA && t->period_fidx == -2;
    if (use_via) via_set(data, t->def, p, &via);
    keyed *keys = NULL;
    size_t nkeys = 0, cap_keys = 0;
    fse_strset distinct = {0};
    period_test pt = period_test_of(ds, p, t->period_fidx);
    for (size_t i = 0; i < ds->nrows; i++) {
        const fse_row *r = &ds->rows[i];
        if (!period_test_row(&pt, data, ds, r, use_via ? &via : NULL)) continue;
        if (!match_all(ds, r, t->conds, t->nconds, &sets, p)) continue;
        if (!eligible(&pt, r)) {
            FSE_PUSH(res->a_regulariser, res->na_regulariser, cap_reg, i);
            if (t->agg == FSE_AGG_SUM && r->v[t->fidx].state == FSE_VAL_OK) res->regul_sum += r->v[t->fidx].num;
            continue;
        }
        switch (t->agg) {
        case FSE_AGG_COUNT: {
            char *k = fse_row_dup_key(ds, r);
            if (k) { keyed e = { k, i }; FSE_PUSH(keys, nkeys, cap_keys, e); }
            else FSE_PUSH(res->rows, res->nrows, cap_rows, i);
            break;
        }
        case FSE_AGG_DISTINCT: {
            char *k = value_key(ds, r, t->fidx);
            if (!*k) { free(k); break; }
            fse_strset_add_owned(&distinct, k);
            FSE_PUSH(res->rows, res->nrows, cap_rows, i);
            break;
        }
        case FSE_AGG_SUM:
            if (r->v[t->fidx].state == FSE_VAL_OK) res->value += r->v[t->fidx].num;
            FSE_PUSH(res->rows, res->nrows, cap_rows, i);
            break;
        }
    }
    if (t->agg == FSE_AGG_COUNT) {
        if (nkeys) qsort(keys, nkeys, sizeof *keys, cmp_keyed);
        for (size_t i = 0; i < nkeys; i++) {
            if (i && !strcmp(keys[i].key, keys[i - 1].key))
                FSE_PUSH(res->duplicates, res->nduplicates, cap_dup, keys[i].row);
            else
                FSE_PUSH(res->rows, res->nrows, cap_rows, keys[i].row);
        }
        for (size_t i = 0; i < nkeys; i++) free(keys[i].key);
        free(keys);
        if (res->nrows) qsort(res->rows, res->nrows, sizeof *res->rows, cmp_size);
        if (res->nduplicates) qsort(res->duplicates, res->nduplicates, sizeof *res->duplicates, cmp_size);
        res->value = (double)res->nrows;
    } else if (t->agg == FSE_AGG_DISTINCT) {
        res->value = (double)distinct.n;  /* the set keeps each key once as it is added: no sort needed */
    }
    fse_strset_free(&distinct);
    fse_strset_free(&via);
    free_sets(&sets);
}

int fse_measure_eval(const fse_measure *m, fse_datasets_t *data, const fse_period *p, fse_result *out)
{
    memset(out, 0, sizeof *out);
    out->terms = fse_xcalloc(m->nterms, sizeof *out->terms);
    out->nterms = m->nterms;
    for (size_t i = 0; i < m->nterms; i++) {
        eval_term(&m->terms[i], data, p, &out->terms[i]);
        out->value += out->terms[i].value;
    }
    return 0;
}

void fse_result_free(fse_result *r)
{
    for (size_t i = 0; i < r->nterms; i++) {
        free(r->terms[i].rows);
        free(r->terms[i].duplicates);
        free(r->terms[i].a_regulariser);
    }
    free(r->terms);
    memset(r, 0, sizeof *r);
}

static void cond_fields(const fse_dataset_def *def, const fse_cond *c, size_t n,
                        void (*fn)(void *, const fse_dataset_def *, int), void *ud)
{
    for (size_t i = 0; i < n; i++) {
        fn(ud, def, c[i].fidx);
        if (c[i].sub) {
            fn(ud, c[i].sub->def, c[i].sub->fidx);
            cond_fields(c[i].sub->def, c[i].sub->conds, c[i].sub->nconds, fn, ud);
        }
    }
}

static void period_fields(const fse_dataset_def *def, int pf,
                          void (*fn)(void *, const fse_dataset_def *, int), void *ud)
{
    if (pf >= 0) { fn(ud, def, pf); return; }
    if (pf == -1) return;
    if (def->date_field) fn(ud, def, fse_field_index(def, def->date_field));
    if (def->end_field) fn(ud, def, fse_field_index(def, def->end_field));
    if (def->via_field) {
        fn(ud, def, fse_field_index(def, def->via_field));
        const fse_dataset_def *o = fse_dataset_find(def->via_dataset);
        period_fields(o, -2, fn, ud);
    }
}

void fse_measure_fields(const fse_measure *m,
                        void (*fn)(void *ud, const fse_dataset_def *def, int fidx), void *ud)
{
    for (size_t i = 0; i < m->nterms; i++) {
        const fse_term *t = &m->terms[i];
        if (t->fidx >= 0) fn(ud, t->def, t->fidx);
        cond_fields(t->def, t->conds, t->nconds, fn, ud);
        period_fields(t->def, t->period_fidx, fn, ud);
        for (int k = 0; k < FSE_MAX_KEYS && t->def->keys[k]; k++)
            if (t->def->keys[k][0] != '@') fn(ud, t->def, fse_field_index(t->def, t->def->keys[k]));
        if (t->def->eligibility_field) fn(ud, t->def, fse_field_index(t->def, t->def->eligibility_field));
    }
}
