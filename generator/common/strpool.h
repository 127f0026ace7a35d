/* strpool.h — interned strings and bump allocation in one arena.
 *
 * Why: a dataset of a regional run holds millions of values (1 M hour rows
 * × 19 fields) whose texts repeat (the same marché, entreprise, modalité,
 * month on thousands of rows). One malloc per value costs ~32 bytes of
 * overhead and a cache miss each; interning keeps each distinct text once,
 * and equal texts of a pool share one pointer (issue 8: "hashing and
 * interning of keys").
 *
 * Ownership: everything returned lives until fse_strpool_free; nothing is
 * freed alone. Texts are NUL-terminated and never modified. Not thread-safe.
 */
#ifndef FSE_STRPOOL_H
#define FSE_STRPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    char **chunks;        /* owned arena chunks */
    size_t nchunks, chunks_cap;
    char *cur;            /* free space of the last chunk */
    size_t left;
    /* fse_strpool_alloc's memory: anonymous mappings (zero when mapped),
     * owned, unmapped by fse_strpool_free (size 0: calloc'd, freed) */
    struct fse_strpool_block { char *base; size_t size; } *blocks;
    size_t nblocks, blocks_cap;
    char *zcur;           /* free (still zero) space of the last block */
    size_t zleft;
    char *zpop;           /* end of the last block's part made present so far
                             (strpool.c zeroed: populated as it is used) */
    struct fse_strpool_slot {
        uint64_t hash;    /* of the text */
        const char *text; /* NULL = free slot */
        uint32_t len;     /* bytes (an interned text is shorter than 4 GiB) */
        char head[12];    /* its first 12 bytes, zero-padded: most texts of an
                             export (ids, amounts, dates) are compared here
                             without reading the text itself (issue 8) */
    } *slots;             /* open-addressing hash table of the interned texts */
    size_t nslots, count; /* nslots: a power of two (0 until the first intern) */
    bool slots_mapped;    /* slots is an anonymous mapping (strpool.c table_alloc), else calloc'd */
} fse_strpool;

/* The pool's copy of s[0..len) (which may hold no NUL), added
 * once: equal texts get the same pointer. */
const char *fse_strpool_intern(fse_strpool *p, const char *s, size_t len);
/* The same when the caller already has h = fse_hash_bytes(s, len) (ingest
 * hashes once for its per-column memo and for the pool). */
const char *fse_strpool_intern_hashed(fse_strpool *p, const char *s, size_t len, uint64_t h);
/* A hint that h (fse_hash_bytes) will be interned soon: its slot is fetched
 * into cache meanwhile, so that a row's lookups wait for memory together
 * rather than one after another (issue 8). Changes nothing else. */
static inline void fse_strpool_prefetch(const fse_strpool *p, uint64_t h)
{
    if (p->nslots) __builtin_prefetch(&p->slots[(size_t)h & (p->nslots - 1)]);
}
/* The first len <= 8 bytes of s as a little-endian word, zero-padded (what
 * memcpy(&w, s, len) into w = 0 gives), read by at most two overlapping
 * loads inside s[0..len): a variable-length memcpy into a stack word was a
 * call or a byte loop whose 8-byte reload stalled on store forwarding
 * (issue 8: 6 % of a 1 M-row check in fse_hash_bytes alone). */
static inline uint64_t fse_load_le(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    uint64_t w;
    uint32_t lo, hi;
    if (len >= 8) { memcpy(&w, u, 8); return w; }
    if (len >= 4) {
        memcpy(&lo, u, 4);
        memcpy(&hi, u + len - 4, 4);
        return lo | ((uint64_t)hi >> (8 * (8 - len))) << 32;   /* len 4: hi adds nothing */
    }
    if (!len) return 0;
    return u[0] | (uint64_t)u[len / 2] << (8 * (len / 2)) | (uint64_t)u[len - 1] << (8 * (len - 1));
}
/* The hash the pool uses (64 bits, not cryptographic), for other tables:
 * multiply-xorshift, eight bytes at a time. Inline: ingest hashes every
 * cell of an export, most of them shorter than 16 bytes. */
static inline uint64_t fse_hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ len, w;
    for (; len >= 8; s += 8, len -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    w = fse_load_le(s, len);   /* the last len < 8 bytes, zero-padded */
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

/* head = the first 12 bytes of s[0..len), zero-padded (the slots' head). */
static inline void fse_head12(const char *s, size_t len, char head[12])
{
    uint64_t a = fse_load_le(s, len < 8 ? len : 8);
    uint32_t b = len > 8 ? (uint32_t)fse_load_le(s + 8, len - 8 < 4 ? len - 8 : 4) : 0;
    memcpy(head, &a, 8);
    memcpy(head + 8, &b, 4);
}
/* n zeroed bytes aligned for any type (max_align_t), from the pool's
 * zeroed blocks (fresh anonymous mappings, see strpool.c). */
void *fse_strpool_alloc(fse_strpool *p, size_t n);
/* Free every chunk and the table; zero p. */
void fse_strpool_free(fse_strpool *p);

#endif
