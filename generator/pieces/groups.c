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

void fse_group_add(fse_group *g, double quantity, const char *person)
{
    g->sum += quantity;
    g->nrows++;
    if (person && *person) fse_strset_add(&g->people, person);
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
    for (size_t i = 0; i < gs->n; i++) fse_strset_freeze(&gs->g[i].people);
    fse_strmap_free(&gs->index);
    if (gs->n) qsort(gs->g, gs->n, sizeof *gs->g, sum_first ? by_sum : by_order);
}

void fse_groups_free(fse_groups *gs)
{
    for (size_t i = 0; i < gs->n; i++) {
        free(gs->g[i].key);
        free(gs->g[i].label);
        fse_strset_free(&gs->g[i].people);
    }
    free(gs->g);
    fse_strmap_free(&gs->index);
    memset(gs, 0, sizeof *gs);
}
