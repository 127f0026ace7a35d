/* groups.c — see groups.h. */
#include "pieces/groups.h"
#include "common/text.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

fse_group *fse_groups_get(fse_groups *gs, const char *label)
{
    if (!label || fse_blank(label)) label = "(non renseigné)";
    char *key = fse_norm_key(label);
    size_t *at = fse_strmap_get(&gs->index, key);
    if (at) { free(key); return &gs->g[*at]; }
    fse_strmap_put(&gs->index, key, gs->n);
    fse_grow((void **)&gs->g, &gs->cap, gs->n + 1, sizeof *gs->g);
    fse_group *g = &gs->g[gs->n++];
    memset(g, 0, sizeof *g);
    g->key = key;
    g->label = fse_xstrdup(label);
    return g;
}

fse_group *fse_groups_find_keyed(fse_groups *gs, uint64_t key)
{
    size_t at = fse_u64map_get(&gs->by_key, key);
    return at != FSE_U64MAP_NONE ? &gs->g[at] : NULL;
}

fse_group *fse_groups_get_keyed(fse_groups *gs, uint64_t key, const char *label)
{
    fse_group *g = fse_groups_find_keyed(gs, key);
    if (g) return g;
    g = fse_groups_get(gs, label);
    fse_u64map_add(&gs->by_key, key, (size_t)(g - gs->g));
    return g;
}

void fse_group_add(fse_groups *gs, fse_group *g, double quantity, size_t person)
{
    g->sum += quantity;
    g->nrows++;
    if (person == FSE_GROUP_NOBODY) return;
    uint64_t pos = (uint64_t)(g - gs->g);
    if (fse_u64map_add(&gs->pairs, pos << 32 | (uint64_t)(uint32_t)person, 1)) g->npeople++;
}

static int by_order(const void *a, const void *b)
{
    const fse_group *x = a, *y = b;
    if (x->order != y->order) return x->order < y->order ? -1 : 1;
    return strcmp(x->key, y->key);
}

static int by_sum(const void *a, const void *b)
{
    const fse_group *x = a, *y = b;
    if (x->sum != y->sum) return x->sum > y->sum ? -1 : 1;
    return strcmp(x->key, y->key);
}

void fse_groups_finish(fse_groups *gs, int sum_first)
{
    fse_strmap_free(&gs->index);
    fse_u64map_free(&gs->by_key);
    fse_u64map_free(&gs->pairs);
    if (gs->n) qsort(gs->g, gs->n, sizeof *gs->g, sum_first ? by_sum : by_order);
    for (size_t i = 0; i < gs->n; i++) {   /* keys served matching and sorting; a finished
                                              grouping may be kept (piece_cache.h) */
        free(gs->g[i].key);
        gs->g[i].key = NULL;
    }
}

void fse_groups_free(fse_groups *gs)
{
    for (size_t i = 0; i < gs->n; i++) {
        free(gs->g[i].key);
        free(gs->g[i].label);
    }
    free(gs->g);
    fse_strmap_free(&gs->index);
    fse_u64map_free(&gs->by_key);
    fse_u64map_free(&gs->pairs);
    memset(gs, 0, sizeof *gs);
}
