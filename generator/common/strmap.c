/* strmap.c — see strmap.h. */
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

static size_t slot(const fse_strmap *m, const char *key)
{
    size_t i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key)) i = (i + 1) & (m->cap - 1);
    return i;
}

size_t *fse_strmap_get(const fse_strmap *m, const char *key)
{
    if (!m->cap) return NULL;
    size_t i = slot(m, key);
    return m->keys[i] ? &m->vals[i] : NULL;
}

static void grow(fse_strmap *m)
{
    fse_strmap bigger = { 0 };
    bigger.cap = m->cap ? m->cap * 2 : 64;
    bigger.keys = fse_xcalloc(bigger.cap, sizeof *bigger.keys);
    bigger.vals = fse_xcalloc(bigger.cap, sizeof *bigger.vals);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = slot(&bigger, m->keys[i]);
        bigger.keys[j] = m->keys[i];
        bigger.vals[j] = m->vals[i];
        bigger.n++;
    }
    free(m->keys);
    free(m->vals);
    *m = bigger;
}

void fse_strmap_put(fse_strmap *m, const char *key, size_t val)
{
    if ((m->n + 1) * 2 > m->cap) grow(m);
    size_t i = slot(m, key);
    if (!m->keys[i]) { m->keys[i] = fse_xstrdup(key); m->n++; }
    m->vals[i] = val;
}

void fse_strmap_free(fse_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}
