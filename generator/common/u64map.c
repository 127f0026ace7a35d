/* u64map.c — see u64map.h. */
#include "common/u64map.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

/* Fibonacci hashing: the high bits of key × 2^64/φ spread pointers (whose
 * low bits are alignment zeros) and small integers alike. */
static size_t home(const fse_u64map *m, uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 32) & (m->cap - 1);
}

static size_t find(const fse_u64map *m, uint64_t key)
{
    size_t mask = m->cap - 1, i = home(m, key);
    while (m->slots[i].val != FSE_U64MAP_NONE && m->slots[i].key != key) i = (i + 1) & mask;
    return i;
}

size_t fse_u64map_get(const fse_u64map *m, uint64_t key)
{
    return m->cap ? m->slots[find(m, key)].val : FSE_U64MAP_NONE;
}

static void grow(fse_u64map *m)
{
    fse_u64map big = { 0 };
    big.cap = m->cap ? m->cap * 2 : 16;
    big.slots = fse_xmalloc(big.cap * sizeof *big.slots);
    for (size_t i = 0; i < big.cap; i++) big.slots[i].val = FSE_U64MAP_NONE;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].val != FSE_U64MAP_NONE) big.slots[find(&big, m->slots[i].key)] = m->slots[i];
    big.n = m->n;
    free(m->slots);
    *m = big;
}

bool fse_u64map_add(fse_u64map *m, uint64_t key, size_t val)
{
    if ((m->n + 1) * 2 > m->cap) grow(m);
    size_t i = find(m, key);
    if (m->slots[i].val != FSE_U64MAP_NONE) return false;
    m->slots[i].key = key;
    m->slots[i].val = val;
    m->n++;
    return true;
}

void fse_u64map_free(fse_u64map *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}
