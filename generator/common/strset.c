/* strset.c — see strset.h. */
#include "common/strset.h"
#include "common/strpool.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

/* Slot of v in the table: where it is, or the free slot where it goes. */
static size_t find_slot(const fse_strset *s, const char *v, size_t len)
{
    size_t mask = s->nslots - 1, j = (size_t)fse_hash_bytes(v, len) & mask;
    while (s->slots[j] && strcmp(s->items[s->slots[j] - 1], v)) j = (j + 1) & mask;
    return j;
}

/* (Re)build the table for at least need items, at most half full. */
static void rehash(fse_strset *s, size_t need)
{
    size_t n = 16;
    while (n < need * 2) n *= 2;
    free(s->slots);
    s->slots = fse_xcalloc(n, sizeof *s->slots);
    s->nslots = n;
    for (size_t i = 0; i < s->n; i++) s->slots[find_slot(s, s->items[i], strlen(s->items[i]))] = i + 1;
}

/* Index + 1 of v among the items, or 0 with *slot where it would go. */
static size_t lookup(fse_strset *s, const char *v, size_t *slot)
{
    if (!s->slots || (s->n + 1) * 2 > s->nslots) rehash(s, s->n + 1);
    *slot = find_slot(s, v, strlen(v));
    return s->slots[*slot];
}

void fse_strset_add_owned(fse_strset *s, char *v)
{
    size_t slot;
    if (lookup(s, v, &slot)) { free(v); return; }
    FSE_PUSH(s->items, s->n, s->cap, v);
    s->slots[slot] = s->n;
    s->frozen = false;
}

void fse_strset_add(fse_strset *s, const char *v)
{
    size_t slot;
    if (lookup(s, v, &slot)) return;
    FSE_PUSH(s->items, s->n, s->cap, fse_xstrdup(v));
    s->slots[slot] = s->n;
    s->frozen = false;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void fse_strset_freeze(fse_strset *s)
{
    if (s->n) qsort(s->items, s->n, sizeof *s->items, cmp);
    size_t w = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (w && !strcmp(s->items[w - 1], s->items[i])) { free(s->items[i]); continue; }
        s->items[w++] = s->items[i];
    }
    s->n = w;
    s->frozen = true;
    free(s->slots);   /* the order changed; rebuilt if more values come */
    s->slots = NULL;
    s->nslots = 0;
}

bool fse_strset_has(const fse_strset *s, const char *v)
{
    return s->n && bsearch(&v, s->items, s->n, sizeof *s->items, cmp) != NULL;
}

void fse_strset_free(fse_strset *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->items[i]);
    free(s->items);
    free(s->slots);
    memset(s, 0, sizeof *s);
}
