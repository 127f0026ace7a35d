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

#include <stddef.h>
#include <stdint.h>

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
    struct fse_strpool_slot {
        uint64_t hash;    /* of the text */
        const char *text; /* NULL = free slot */
        uint32_t len;     /* bytes (an interned text is shorter than 4 GiB) */
        char head[12];    /* its first 12 bytes, zero-padded: most texts of an
                             export (ids, amounts, dates) are compared here
                             without reading the text itself (issue 8) */
    } *slots;             /* open-addressing hash table of the interned texts */
    size_t nslots, count; /* nslots: a power of two (0 until the first intern) */
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
/* n zeroed bytes aligned for any type (max_align_t), from the arena. */
void *fse_strpool_alloc(fse_strpool *p, size_t n);
/* The hash the pool uses (64 bits, not cryptographic), for other tables. */
uint64_t fse_hash_bytes(const char *s, size_t len);
/* Free every chunk and the table; zero p. */
void fse_strpool_free(fse_strpool *p);

#endif
