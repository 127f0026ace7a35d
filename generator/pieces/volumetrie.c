/* volumetrie.c — see volumetrie.h. */
#include "pieces/volumetrie.h"
#include "common/text.h"
#include "common/u64map.h"
#include "common/util.h"
#include "measures/measure.h"
#include "pieces/piece_cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The entry of marche_id, a text of a dataset (created when new). by_ptr
 * remembers, per text address, the entry's position: a million hour rows
 * name a few thousand marchés, each text interned once (dataset.h), so
 * this skips fse_norm_key's malloc and the string map on all but the first
 * row of each (issue 8: 3.4 % of a 1 M-row job). Equal addresses are equal
 * texts, so the entry is the one the key gives. */
static fse_volumetrie *entry(fse_volumetries *vs, fse_u64map *by_ptr, const char *marche_id)
{
    size_t pos = fse_u64map_get(by_ptr, (uint64_t)(uintptr_t)marche_id);
    if (pos != FSE_U64MAP_NONE) return &vs->v[pos];
    char *k = fse_norm_key(marche_id);
    size_t *at = fse_strmap_get(&vs->index, k);
    fse_volumetrie *v;
    if (at) {
        v = &vs->v[*at];
    } else {
        fse_strmap_put(&vs->index, k, vs->n);
        fse_grow((void **)&vs->v, &vs->cap, vs->n + 1, sizeof *vs->v);
        v = &vs->v[vs->n++];
        memset(v, 0, sizeof *v);
    }
    free(k);
    fse_u64map_add(by_ptr, (uint64_t)(uintptr_t)marche_id, (size_t)(v - vs->v));
    return v;
}

void fse_volumetries_build(const fse_piece_ctx *c, fse_volumetries *out)
{
    memset(out, 0, sizeof *out);
    fse_u64map by_ptr = {0};   /* text address -> position, within one dataset */
    fse_dataset *m = fse_datasets_get(c->data, "marches");
    if (m->loaded) {
        int fid = fse_field_index(m->def, "marche_id"), fp = fse_field_index(m->def, "heures_prevues");
        int fd = fse_field_index(m->def, "donneur_ordre"), fe = fse_field_index(m->def, "entreprise");
        for (size_t i = 0; i < m->nrows; i++) {
            const fse_row *r = &m->rows[i];
            if (!r->v[fid].text) continue;
            fse_volumetrie *v = entry(out, &by_ptr, r->v[fid].text);
            if (!v->donneur_ordre) { v->donneur_ordre = r->v[fd].text; v->entreprise = r->v[fe].text; }
            if (r->v[fp].state == FSE_VAL_OK) { v->prevues += r->v[fp].num; v->has_prevues = true; }
        }
    }
    fse_u64map_free(&by_ptr);   /* another dataset: other addresses */
    fse_dataset *h = fse_datasets_get(c->data, "heures");
    if (h->loaded) {
        int fm = fse_field_index(h->def, "marche_id"), fh = fse_field_index(h->def, "heures");
        int fc = fse_field_index(h->def, "critere"), fmo = fse_field_index(h->def, "mois");
        bool *in = fse_rows_in_period(c->data, h, c->period);   /* the rule set up once, not per row */
        for (size_t i = 0; i < h->nrows; i++) {
            const fse_row *r = &h->rows[i];
            if (!r->v[fm].text || r->v[fh].state != FSE_VAL_OK || r->v[fc].state != FSE_VAL_OK
                || r->v[fmo].state != FSE_VAL_OK)
                continue;
            fse_volumetrie *v = entry(out, &by_ptr, r->v[fm].text);
            if (r->v[fmo].num <= c->period->fin) v->realisees_cumul += r->v[fh].num;
            if (in[i]) v->realisees_periode += r->v[fh].num;
        }
        free(in);
    }
    fse_u64map_free(&by_ptr);
}

const fse_volumetries *fse_volumetries_of(const fse_piece_ctx *c, fse_volumetries **owned)
{
    *owned = NULL;
    fse_piece_cache *pc = c->cache;
    const fse_period *p = c->period;
    if (pc && pc->vols && pc->vols_data == (const void *)c->data && pc->vols_period.debut == p->debut
        && pc->vols_period.fin == p->fin && pc->vols_period.months == p->months && pc->vols_period.month == p->month)
        return pc->vols;
    fse_volumetries *vs = fse_xmalloc(sizeof *vs);
    fse_volumetries_build(c, vs);
    if (!pc) { *owned = vs; return vs; }
    if (pc->vols) fse_volumetries_free(pc->vols);
    free(pc->vols);
    pc->vols = vs;
    pc->vols_period = *p;
    pc->vols_data = (const void *)c->data;
    return vs;
}

const fse_volumetrie *fse_volumetrie_get(const fse_volumetries *vs, const char *marche_id)
{
    if (!vs || !marche_id) return NULL;
    char *k = fse_norm_key(marche_id);
    size_t *at = fse_strmap_get(&vs->index, k);
    free(k);
    return at ? &vs->v[*at] : NULL;
}

void fse_volumetries_free(fse_volumetries *vs)
{
    fse_strmap_free(&vs->index);
    free(vs->v);
    memset(vs, 0, sizeof *vs);
}
