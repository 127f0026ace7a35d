/* strpool.c — see strpool.h. FNV-1a 64-bit hash, linear probing, table kept
 * at most half full; arena chunks of 256 KiB (larger requests get a chunk of
 * their own). */
#include "common/strpool.h"
#include "common/util.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK ((size_t)256 * 1024)
#define ALIGN (alignof(max_align_t))

static uint64_t hash(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static void *arena(fse_strpool *p, size_t n, bool aligned)
{
    size_t pad = aligned && p->cur ? (ALIGN - (size_t)((uintptr_t)p->cur % ALIGN)) % ALIGN : 0;
    if (!p->cur || p->left < pad + n) {
        char *c = fse_xmalloc(n > CHUNK / 4 ? n : CHUNK);  /* malloc: aligned for any type */
        FSE_PUSH(p->chunks, p->nchunks, p->chunks_cap, c);
        if (n > CHUNK / 4) return c;   /* a big request: a chunk of its own, the current one stays */
        p->cur = c;
        p->left = CHUNK;
        pad = 0;
    }
    p->cur += pad;
    p->left -= pad;
    void *r = p->cur;
    p->cur += n;
    p->left -= n;
    return r;
}

void *fse_strpool_alloc(fse_strpool *p, size_t n)
{
    void *r = arena(p, n ? n : 1, true);
    memset(r, 0, n);
    return r;
}

static void rehash(fse_strpool *p)
{
    size_t n = p->nslots ? p->nslots * 2 : 1024;
    const char **slots = fse_xcalloc(n, sizeof *slots);
    uint64_t *hashes = fse_xcalloc(n, sizeof *hashes);
    for (size_t i = 0; i < p->nslots; i++) {
        if (!p->slots[i]) continue;
        size_t j = (size_t)p->hashes[i] & (n - 1);
        while (slots[j]) j = (j + 1) & (n - 1);
        slots[j] = p->slots[i];
        hashes[j] = p->hashes[i];
    }
    free(p->slots);
    free(p->hashes);
    p->slots = slots;
    p->hashes = hashes;
    p->nslots = n;
}

const char *fse_strpool_intern(fse_strpool *p, const char *s, size_t len)
{
    if ((p->count + 1) * 2 > p->nslots) rehash(p);
    uint64_t h = hash(s, len);
    size_t j = (size_t)h & (p->nslots - 1);
    for (; p->slots[j]; j = (j + 1) & (p->nslots - 1))
        if (p->hashes[j] == h && !strncmp(p->slots[j], s, len) && p->slots[j][len] == 0) return p->slots[j];
    char *c = arena(p, len + 1, false);
    memcpy(c, s, len);
    c[len] = 0;
    p->slots[j] = c;
    p->hashes[j] = h;
    p->count++;
    return c;
}

void fse_strpool_free(fse_strpool *p)
{
    for (size_t i = 0; i < p->nchunks; i++) free(p->chunks[i]);
    free(p->chunks);
    free(p->slots);
    free(p->hashes);
    memset(p, 0, sizeof *p);
}
