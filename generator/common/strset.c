/* strset.c — see strset.h. Linear probing, table at most half full; each
 * slot keeps 32 bits of its item's hash, so a probe past another value
 * costs an integer compare, not a strcmp through two pointers (issue 8:
 * find_slot + strcmp were 4 % of a 1 M-row job). */
#include "common/strset.h"
#include "common/strpool.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

static uint32_t hash32(const char *v, size_t len) { return (uint32_t)(fse_hash_bytes(v, len) >> 32); }

/* Slot of v (hash h) in the table: where it is, or the free slot where it goes. */
static size_t find_slot(const fse_strset *s, const char *v, uint32_t h)
{
    size_t mask = s->nslots - 1, j = h & mask;
    while (s->slots[j].at && (s->slots[j].hash != h || strcmp(s->items[s->slots[j].at - 1], v)))
        j = (j + 1) & mask;
    return j;
}

/* (Re)build the table for at least need items, at most half full. */
static void rehash(fse_strset *s, size_t need)
{
    size_t n = 16;
    while (n < need * 2) n *= 2;
    if (need >= UINT32_MAX) fse_oom();   /* slots hold 32-bit item numbers */
    free(s->slots);
    s->slots = fse_xcalloc(n, sizeof *s->slots);
    s->nslots = n;
    for (size_t i = 0; i < s->n; i++) {
        uint32_t h = hash32(s->items[i], strlen(s->items[i]));
        size_t j = find_slot(s, s->items[i], h);
        s->slots[j].hash = h;
        s->slots[j].at = (uint32_t)(i + 1);
    }
}

/* Index + 1 of v among the items, or 0 with *slot where it would go and *h its hash. */
static size_t lookup(fse_strset *s, const char *v, size_t *slot, uint32_t *h)
{
    if (!s->slots || (s->n + 1) * 2 > s->nslots) rehash(s, s->n + 1);
    *h = hash32(v, strlen(v));
    *slot = find_slot(s, v, *h);
    return s->slots[*slot].at;
}

/* Append the new item v (owned) at slot. */
static size_t append(fse_strset *s, char *v, size_t slot, uint32_t h)
{
    FSE_PUSH(s->items, s->n, s->cap, v);
    s->slots[slot].hash = h;
    s->slots[slot].at = (uint32_t)s->n;
    s->frozen = false;
    return s->n - 1;
}

void fse_strset_add_owned(fse_strset *s, char *v)
{
    size_t slot;
    uint32_t h;
    if (lookup(s, v, &slot, &h)) { free(v); return; }
    append(s, v, slot, h);
}

void fse_strset_add(fse_strset *s, const char *v)
{
    (void)fse_strset_index(s, v);
}

size_t fse_strset_index(fse_strset *s, const char *v)
{
    size_t slot, at;
    uint32_t h;
    if ((at = lookup(s, v, &slot, &h))) return at - 1;
    return append(s, fse_xstrdup(v), slot, h);
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
