/* heures_agg.c — see heures_agg.h.
 *
 * Speed (issue 8, measured at 1 M hour rows): every lookup is keyed by
 * numbers — the address of the row's interned text (datasets/dataset.h:
 * equal texts of a dataset share one pointer, and a pointer never changes
 * its text), a dense participant id, the month's day number — so a row
 * costs a few integer hash probes instead of six fse_norm_key mallocs and
 * seven string-set insertions of copied ids. A key seen for the first time
 * goes through fse_groups_get / fse_strset_index on its text, in row order,
 * so groups, labels and sums are exactly those of the string path.
 */
#include "pieces/heures_agg.h"
#include "pieces/piece_cache.h"
#include "common/strset.h"
#include "common/text.h"
#include "common/u64map.h"
#include "common/util.h"
#include "ingest/values.h"

#include <stdlib.h>
#include <string.h>

static const char *tx(const fse_row *r, int f) { return f >= 0 && r->v[f].text ? r->v[f].text : ""; }
static double num(const fse_row *r, int f) { return f >= 0 && r->v[f].state == FSE_VAL_OK ? r->v[f].num : 0; }

static uint64_t ptr_key(const char *s) { return (uint64_t)(uintptr_t)s; }

/* Dense id of text s among those of ids (by address first, then by text). */
static size_t dense_id(fse_u64map *by_ptr, fse_strset *ids, const char *s)
{
    size_t id = fse_u64map_get(by_ptr, ptr_key(s));
    if (id == FSE_U64MAP_NONE) {
        id = fse_strset_index(ids, s);
        fse_u64map_add(by_ptr, ptr_key(s), id);
    }
    return id;
}

/* "Femmes" / "Hommes" for the usual spellings of a sex, else sx itself. */
static const char *sexe_label(const char *sx)
{
    char *sk = fse_norm_key(sx);
    const char *sexe = !strcmp(sk, "f") || !strcmp(sk, "femme") ? "Femmes"
                     : !strcmp(sk, "h") || !strcmp(sk, "homme") || !strcmp(sk, "m") ? "Hommes" : sx;
    free(sk);
    return sexe;
}

static void build(const fse_dataset *h, const size_t *rows, size_t nrows, fse_heures_agg *a)
{
    memset(a, 0, sizeof *a);
    const fse_dataset_def *def = h->def;
    int f_op = fse_field_index(def, "operation_id"), f_marche = fse_field_index(def, "marche_id"),
        f_ent = fse_field_index(def, "entreprise"), f_mod = fse_field_index(def, "modalite"),
        f_crit = fse_field_index(def, "critere"), f_sexe = fse_field_index(def, "sexe"),
        f_part = fse_field_index(def, "participant_id"), f_mois = fse_field_index(def, "mois"),
        f_heures = fse_field_index(def, "heures");
    fse_strset people = {0}, ops = {0}, marches = {0};
    fse_u64map people_at = {0}, ops_at = {0}, marches_at = {0};
    for (size_t i = 0; i < nrows; i++) {
        const fse_row *r = &h->rows[rows[i]];
        double q = num(r, f_heures);
        const char *p = tx(r, f_part);
        size_t pid = *p ? dense_id(&people_at, &people, p) : FSE_GROUP_NOBODY;

        const char *op = tx(r, f_op), *mid = tx(r, f_marche);
        uint64_t mk = (uint64_t)dense_id(&ops_at, &ops, op) << 32 | dense_id(&marches_at, &marches, mid);
        fse_group *g = fse_groups_find_keyed(&a->by_marche, mk);
        if (!g) {
            char *label = fse_xasprintf("%s\x1f%s", op, mid);
            g = fse_groups_get_keyed(&a->by_marche, mk, label);
            free(label);
        }
        fse_group_add(&a->by_marche, g, q, pid);

        const char *e = tx(r, f_ent), *m = tx(r, f_mod), *cr = tx(r, f_crit), *sx = tx(r, f_sexe);
        fse_group_add(&a->by_ent, fse_groups_get_keyed(&a->by_ent, ptr_key(e), e), q, pid);
        fse_group_add(&a->by_mod, fse_groups_get_keyed(&a->by_mod, ptr_key(m), m), q, pid);
        fse_group_add(&a->by_crit, fse_groups_get_keyed(&a->by_crit, ptr_key(cr), cr), q, pid);
        g = fse_groups_find_keyed(&a->by_sexe, ptr_key(sx));
        if (!g) g = fse_groups_get_keyed(&a->by_sexe, ptr_key(sx), sexe_label(sx));
        fse_group_add(&a->by_sexe, g, q, pid);

        int32_t day = (int32_t)num(r, f_mois);
        g = fse_groups_find_keyed(&a->by_mois, (uint64_t)(uint32_t)day);
        if (!g) {
            char ml[11];
            fse_format_iso(day, ml);
            g = fse_groups_get_keyed(&a->by_mois, (uint64_t)(uint32_t)day, ml);
        }
        g->order = num(r, f_mois);
        fse_group_add(&a->by_mois, g, q, pid);
    }
    a->people = people.n;
    fse_groups_finish(&a->by_marche, 0);
    fse_groups_finish(&a->by_ent, 1);
    fse_groups_finish(&a->by_mod, 1);
    fse_groups_finish(&a->by_crit, 1);
    fse_groups_finish(&a->by_sexe, 1);
    fse_groups_finish(&a->by_mois, 0);
    fse_strset_free(&people); fse_strset_free(&ops); fse_strset_free(&marches);
    fse_u64map_free(&people_at); fse_u64map_free(&ops_at); fse_u64map_free(&marches_at);
}

/* The set of rows as a bitmap over the dataset (owned), when rows are
 * strictly ascending (as the measures give them): then the bitmap is the
 * row list exactly, in 1 bit per dataset row instead of 8 bytes per row
 * (125 KiB at 1 M rows); NULL otherwise (not shared). */
static uint64_t *row_bits(const fse_dataset *h, const size_t *rows, size_t nrows)
{
    for (size_t i = 1; i < nrows; i++)
        if (rows[i] <= rows[i - 1]) return NULL;
    if (nrows && rows[nrows - 1] >= h->nrows) return NULL;
    uint64_t *bits = fse_xcalloc(h->nrows / 64 + 1, sizeof *bits);
    for (size_t i = 0; i < nrows; i++) bits[rows[i] / 64] |= (uint64_t)1 << (rows[i] % 64);
    return bits;
}

const fse_heures_agg *fse_heures_agg_of(const fse_piece_ctx *c, const fse_dataset *h, const fse_term_result *tr,
                                        fse_heures_agg **owned)
{
    *owned = NULL;
    fse_piece_cache *pc = c->cache;
    uint64_t *bits = pc ? row_bits(h, tr->rows, tr->nrows) : NULL;
    size_t nwords = h->nrows / 64 + 1;
    if (bits && pc->agg && pc->agg_ds == h && pc->agg_dsrows == h->nrows && pc->agg_nrows == tr->nrows
        && !memcmp(pc->agg_bits, bits, nwords * sizeof *bits)) {
        free(bits);
        return pc->agg;
    }
    fse_heures_agg *a = fse_xmalloc(sizeof *a);
    build(h, tr->rows, tr->nrows, a);
    if (!bits) { *owned = a; return a; }
    fse_heures_agg_free(pc->agg);   /* one set of rows kept: the memory of one fiche */
    free(pc->agg_bits);
    pc->agg = a;
    pc->agg_ds = h;
    pc->agg_dsrows = h->nrows;
    pc->agg_nrows = tr->nrows;
    pc->agg_bits = bits;
    return a;
}

void fse_heures_agg_free(fse_heures_agg *a)
{
    if (!a) return;
    fse_groups_free(&a->by_marche); fse_groups_free(&a->by_ent); fse_groups_free(&a->by_mod);
    fse_groups_free(&a->by_crit); fse_groups_free(&a->by_sexe); fse_groups_free(&a->by_mois);
    free(a);
}
