/* strpool.c — see strpool.h. Multiply-xorshift hash, linear probing, table kept
 * at most half full; arena chunks from 1 KiB doubling to 256 KiB (larger
 * requests get a chunk of their own). A slot keeps its text's hash, length
 * and first 12 bytes beside the pointer: a lookup touches one slot, and reads
 * the text only for the bytes past 12 of a real match (issue 8: reading the
 * text was a cache miss that cost a fifth of the CSV ingest). */
#include "common/strpool.h"
#include "common/util.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK ((size_t)256 * 1024)
#define ALIGN (alignof(max_align_t))

uint64_t fse_hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ len, w;
    for (; len >= 8; s += 8, len -= 8) {   /* eight bytes at a time, multiply-xorshift */
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, s, len);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

static void *arena(fse_strpool *p, size_t n, bool aligned)
{
    size_t pad = aligned && p->cur ? (ALIGN - (size_t)((uintptr_t)p->cur % ALIGN)) % ALIGN : 0;
    if (!p->cur || p->left < pad + n) {
        /* chunks double from 1 KiB to CHUNK: a pool of a few texts stays small */
        size_t size = p->nchunks < 8 ? (size_t)1024 << p->nchunks : CHUNK;
        if (size > CHUNK) size = CHUNK;
        char *c = fse_xmalloc(n > size / 4 ? n : size);  /* malloc: aligned for any type */
        FSE_PUSH(p->chunks, p->nchunks, p->chunks_cap, c);
        if (n > size / 4) return c;    /* a big request: a chunk of its own, the current one stays */
        p->cur = c;
        p->left = size;
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
    size_t n = p->nslots ? p->nslots * 2 : 16;
    struct fse_strpool_slot *slots = fse_xcalloc(n, sizeof *slots);
    for (size_t i = 0; i < p->nslots; i++) {
        if (!p->slots[i].text) continue;
        size_t j = (size_t)p->slots[i].hash & (n - 1);
        while (slots[j].text) j = (j + 1) & (n - 1);
        slots[j] = p->slots[i];
    }
    free(p->slots);
    p->slots = slots;
    p->nslots = n;
}

const char *fse_strpool_intern(fse_strpool *p, const char *s, size_t len)
{
    return fse_strpool_intern_hashed(p, s, len, fse_hash_bytes(s, len));
}

const char *fse_strpool_intern_hashed(fse_strpool *p, const char *s, size_t len, uint64_t h)
{
    if ((p->count + 1) * 2 > p->nslots) rehash(p);
    char head[12] = {0};
    memcpy(head, s, len < sizeof head ? len : sizeof head);
    size_t j = (size_t)h & (p->nslots - 1);
    for (; p->slots[j].text; j = (j + 1) & (p->nslots - 1)) {
        const struct fse_strpool_slot *e = &p->slots[j];
        /* the fixed-size compare is inlined; the text is read only past 12 bytes */
        if (e->hash == h && e->len == len && !memcmp(e->head, head, sizeof head)
            && (len <= sizeof head || !memcmp(e->text + sizeof head, s + sizeof head, len - sizeof head)))
            return e->text;
    }
    char *c = arena(p, len + 1, false);
    memcpy(c, s, len);
    c[len] = 0;
    p->slots[j] = (struct fse_strpool_slot){ .hash = h, .text = c, .len = (uint32_t)len };
    memcpy(p->slots[j].head, head, sizeof head);
    p->count++;
    return c;
}

void fse_strpool_free(fse_strpool *p)
{
    for (size_t i = 0; i < p->nchunks; i++) free(p->chunks[i]);
    free(p->chunks);
    free(p->slots);
    memset(p, 0, sizeof *p);
}
