/* strmap.c — see strmap.h. Each slot keeps 32 bits of its key's hash, so a
 * probe past another key costs an integer compare and strcmp runs only on a
 * real match (issue 8: slot + strcmp showed in volumetries and groups). */
#include "common/strmap.h"
#include "common/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* 32 bits of the hash to keep beside the key (not those that pick the slot). */
static uint32_t tag(uint64_t h) { return (uint32_t)(h >> 32); }

static size_t slot(const fse_strmap *m, const char *key, uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);
    while (m->keys[i] && (m->tags[i] != tag(h) || strcmp(m->keys[i], key))) i = (i + 1) & (m->cap - 1);
    return i;
}

size_t *fse_strmap_get(const fse_strmap *m, const char *key)
{
    if (!m->cap) return NULL;
    size_t i = slot(m, key, hash(key));
    return m->keys[i] ? &m->vals[i] : NULL;
}

static void grow(fse_strmap *m)
{
    fse_strmap bigger = { 0 };
    bigger.cap = m->cap ? m->cap * 2 : 64;
    bigger.keys = fse_xcalloc(bigger.cap, sizeof *bigger.keys);
    bigger.vals = fse_xcalloc(bigger.cap, sizeof *bigger.vals);
    bigger.tags = fse_xcalloc(bigger.cap, sizeof *bigger.tags);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = slot(&bigger, m->keys[i], hash(m->keys[i]));
        bigger.keys[j] = m->keys[i];
        bigger.vals[j] = m->vals[i];
        bigger.tags[j] = m->tags[i];
        bigger.n++;
    }
    free(m->keys);
    free(m->vals);
    free(m->tags);
    *m = bigger;
}

void fse_strmap_put(fse_strmap *m, const char *key, size_t val)
{
    if ((m->n + 1) * 2 > m->cap) grow(m);
    uint64_t h = hash(key);
    size_t i = slot(m, key, h);
    if (!m->keys[i]) { m->keys[i] = fse_xstrdup(key); m->tags[i] = tag(h); m->n++; }
    m->vals[i] = val;
}

void fse_strmap_free(fse_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    free(m->tags);
    memset(m, 0, sizeof *m);
}
