/* volumetrie.c — see volumetrie.h. */
#include "pieces/volumetrie.h"
#include "common/text.h"
#include "common/util.h"
#include "measures/measure.h"

#include <stdlib.h>
#include <string.h>

static fse_volumetrie *entry(fse_volumetries *vs, const char *marche_id)
{
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
    return v;
}

void fse_volumetries_build(const fse_piece_ctx *c, fse_volumetries *out)
{
    memset(out, 0, sizeof *out);
    fse_dataset *m = fse_datasets_get(c->data, "marches");
    if (m->loaded) {
        int fid = fse_field_index(m->def, "marche_id"), fp = fse_field_index(m->def, "heures_prevues");
        int fd = fse_field_index(m->def, "donneur_ordre"), fe = fse_field_index(m->def, "entreprise");
        for (size_t i = 0; i < m->nrows; i++) {
            const fse_row *r = &m->rows[i];
            if (!r->v[fid].text) continue;
            fse_volumetrie *v = entry(out, r->v[fid].text);
            if (!v->donneur_ordre) { v->donneur_ordre = r->v[fd].text; v->entreprise = r->v[fe].text; }
            if (r->v[fp].state == FSE_VAL_OK) { v->prevues += r->v[fp].num; v->has_prevues = true; }
        }
    }
    fse_dataset *h = fse_datasets_get(c->data, "heures");
    if (h->loaded) {
        int fm = fse_field_index(h->def, "marche_id"), fh = fse_field_index(h->def, "heures");
        int fc = fse_field_index(h->def, "critere"), fmo = fse_field_index(h->def, "mois");
        for (size_t i = 0; i < h->nrows; i++) {
            const fse_row *r = &h->rows[i];
            if (!r->v[fm].text || r->v[fh].state != FSE_VAL_OK || r->v[fc].state != FSE_VAL_OK
                || r->v[fmo].state != FSE_VAL_OK)
                continue;
            fse_volumetrie *v = entry(out, r->v[fm].text);
            if (r->v[fmo].num <= c->period->fin) v->realisees_cumul += r->v[fh].num;
            if (fse_row_in_period(c->data, h, r, c->period, -2)) v->realisees_periode += r->v[fh].num;
        }
    }
}

const fse_volumetrie *fse_volumetrie_get(const fse_volumetries *vs, const char *marche_id)
{
    if (!marche_id) return NULL;
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
