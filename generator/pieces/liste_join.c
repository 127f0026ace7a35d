/* liste_join.c — the index behind a list column joined from another dataset
 * (liste_join.h): built once per pièce, then one lookup per distinct local
 * key instead of a scan of the joined dataset per line of the list.
 */
#include "pieces/liste_join.h"
#include "common/text.h"
#include "common/util.h"
#include "measures/measure.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define JOIN_NONE (FSE_U64MAP_NONE - 1)

void fse_liste_join_build(fse_liste_join *j, const fse_piece_ctx *c, const fse_list_col *col)
{
    memset(j, 0, sizeof *j);
    j->ds = fse_datasets_get(c->data, col->join->name);
    if (!j->ds->loaded) return;
    fse_measure *all = NULL;
    const fse_measure *m = col->join_where;
    if (!m) {
        char *text = fse_xasprintf("count %s", col->join->name);
        all = fse_measure_parse(text, NULL, NULL, 0, NULL);
        free(text);
        m = all;
    }
    /* a lookup (premier, liste, min, max without `ou`) finds the row whatever its
     * date; counts and sums take the rows of the period */
    bool lookup = !col->join_where && (col->agg == FSE_AGG_PREMIER || col->agg == FSE_AGG_LISTE
                                       || col->agg == FSE_AGG_MIN || col->agg == FSE_AGG_MAX);
    if (lookup) fse_measure_set_period_field(all, "aucune");
    fse_result res;
    fse_measure_eval(m, c->data, c->period, &res);
    const fse_term_result *tr = &res.terms[0];
    fse_u64map by_ptr = {0};    /* remote text address -> position: one fse_norm_key per distinct text */
    for (size_t i = 0; i < tr->nrows; i++) {
        const fse_row *r = &j->ds->rows[tr->rows[i]];
        const char *k = r->v[col->par_remote].text;
        if (!k) continue;
        size_t pos = fse_u64map_get(&by_ptr, (uint64_t)(uintptr_t)k);
        if (pos == FSE_U64MAP_NONE) {
            char *key = fse_norm_key(k);
            size_t *at = fse_strmap_get(&j->index, key);
            if (at) pos = *at;
            else {
                pos = j->nlists;
                fse_strmap_put(&j->index, key, pos);
                fse_grow((void **)&j->lists, &j->cap, j->nlists + 1, sizeof *j->lists);
                memset(&j->lists[j->nlists++], 0, sizeof *j->lists);
            }
            free(key);
            fse_u64map_add(&by_ptr, (uint64_t)(uintptr_t)k, pos);
        }
        FSE_PUSH(j->lists[pos].rows, j->lists[pos].n, j->lists[pos].cap, tr->rows[i]);
    }
    fse_u64map_free(&by_ptr);
    fse_result_free(&res);
    fse_measure_free(all);
}

const fse_liste_rows *fse_liste_join_rows(fse_liste_join *j, const char *local)
{
    if (!j->ds || !j->ds->loaded || !local) return NULL;
    size_t pos = fse_u64map_get(&j->local_at, (uint64_t)(uintptr_t)local);
    if (pos == FSE_U64MAP_NONE) {
        char *key = fse_norm_key(local);
        size_t *at = fse_strmap_get(&j->index, key);
        free(key);
        pos = at ? *at : JOIN_NONE;
        fse_u64map_add(&j->local_at, (uint64_t)(uintptr_t)local, pos);
    }
    return pos == JOIN_NONE ? NULL : &j->lists[pos];
}

void fse_liste_join_free(fse_liste_join *j)
{
    for (size_t i = 0; i < j->nlists; i++) free(j->lists[i].rows);
    free(j->lists);
    fse_strmap_free(&j->index);
    fse_u64map_free(&j->local_at);
}
