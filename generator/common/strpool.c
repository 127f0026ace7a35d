/* strpool.c — see strpool.h. Linear probing (the hash: strpool.h), table kept
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
#include <sys/mman.h>

#define CHUNK ((size_t)256 * 1024)
#define ALIGN (alignof(max_align_t))

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

/* Zeroed memory for fse_strpool_alloc: blocks of fresh anonymous memory,
 * which the kernel hands out zeroed, made present ahead of use in steps of
 * an eighth of the block (at least 64 KiB) with MADV_POPULATE_WRITE, so that
 * the pages come in one call per step instead of one page fault each, and
 * nothing is zeroed twice. Blocks double from 64 KiB to 2 MiB (a pool of a
 * few rows stays small; at most one partly used block per pool). Issue 8:
 * the 1 M x 19 values of the hours export (456 MB) were memset in malloc'd
 * chunks, the memset taking a page fault per 4 KiB: 10 % of `check` at 1 M
 * rows; ~0.1 s less ingest CPU (measured). Whole blocks were made present
 * at first (MAP_POPULATE): at 10 k hour rows 2.2 of the 8.1 MB so made were
 * never used, the unused halves of the last blocks, ~0.5 ms of a 16 ms
 * ingest (issue 8). Without MADV_POPULATE_WRITE (kernels before 5.14) the
 * pages simply fault in when first written. (Transparent huge pages were
 * tried: the kernel's compaction doubled the system time.) A block is
 * never reused before fse_strpool_free, so memory handed out from it has
 * never been written. */
#define ZBLOCK_MIN ((size_t)64 << 10)
#define ZBLOCK_MAX ((size_t)2 << 20)

static void *zeroed(fse_strpool *p, size_t n)
{
    n = (n + ALIGN - 1) / ALIGN * ALIGN;
    if (p->zleft < n) {
        size_t size = p->nblocks < 8 ? ZBLOCK_MIN << p->nblocks : ZBLOCK_MAX;
        if (size > ZBLOCK_MAX) size = ZBLOCK_MAX;
        if (size < n) size = (n + ZBLOCK_MIN - 1) / ZBLOCK_MIN * ZBLOCK_MIN;
        char *base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        bool mapped = base != MAP_FAILED;
        if (!mapped) base = fse_xcalloc(1, size);   /* freed by free(): recorded with size 0 */
        if (p->nblocks == p->blocks_cap) {
            p->blocks_cap = p->blocks_cap ? p->blocks_cap * 2 : 8;
            p->blocks = fse_xrealloc(p->blocks, p->blocks_cap * sizeof *p->blocks);
        }
        p->blocks[p->nblocks++] = (struct fse_strpool_block){ base, mapped ? size : 0 };
        p->zcur = base;
        p->zleft = size;
        p->zpop = mapped ? base : base + size;    /* calloc'd: present already */
    }
    if (p->zcur + n > p->zpop) {
        char *end = p->zcur + p->zleft;
        size_t size = p->blocks[p->nblocks - 1].size;
        size_t step = size / 8 > ZBLOCK_MIN ? size / 8 : ZBLOCK_MIN;
        char *to = p->zpop + step;
        while (to < p->zcur + n) to += step;
        if (to > end) to = end;
#ifdef MADV_POPULATE_WRITE
        madvise(p->zpop, (size_t)(to - p->zpop), MADV_POPULATE_WRITE);   /* advice only */
#endif
        p->zpop = to;
    }
    void *r = p->zcur;
    p->zcur += n;
    p->zleft -= n;
    return r;
}

void *fse_strpool_alloc(fse_strpool *p, size_t n)
{
    return zeroed(p, n ? n : 1);
}

/* Tables from this size are mapped with MAP_POPULATE. calloc hands
 * out such a table as an untouched mapping: rehash reads each slot before
 * writing it, so every page faulted twice (the shared zero page, then its
 * copy on write): 6 % of a 10 k-row ingest (issue 8, perf). */
#define PRESENT_TABLE ((size_t)64 << 10)

/* Mapped tables given back (rehash, fse_strpool_free) of 64 KiB to 1 MiB
 * are kept, one per size, for the next table of that size, and cleared then
 * rather than mapped afresh: each table a pool grows through (64 KiB,
 * 128 KiB, ...) used to take fresh pages, ~1.4 us each to make present on
 * the bench machine against ~0.1 us to clear a page already present.
 * The hours export frees those sizes as its pool grows, and the smaller
 * exports read after it (and the pièces' pools) take them again. Issue 8,
 * ingest of the seven exports (A/B, best of 21 and 5): 10 k hour rows
 * 18.9 -> 18.4 ms (page faults of the check 3238 -> 3028), 100 k rows
 * 179 -> 174 ms. A kept table is
 * all zero again before its reuse, as a fresh mapping is, and only ever
 * handed to one pool (fsepack runs one thread). At most 2 MiB kept. */
#define SPARE_SIZES 5   /* PRESENT_TABLE << 0 .. 4: 64 KiB to 1 MiB */
static struct fse_strpool_slot *spare_table[SPARE_SIZES];

/* The spare_table index of a table of bytes bytes, or -1 when not kept. */
static int spare_index(size_t bytes)
{
    for (int i = 0; i < SPARE_SIZES; i++)
        if (bytes == PRESENT_TABLE << i) return i;
    return -1;
}

/* A zeroed table of n slots (*mapped: whether it is a mapping): calloc'd,
 * or, from PRESENT_TABLE bytes, an anonymous mapping made present at once
 * in 4 KiB pages (or a kept one, cleared: spare_table).
 * Tables from 2 MiB were mapped in transparent huge pages (MADV_HUGEPAGE)
 * against the TLB misses of their random lookups. On the bench machine (a
 * virtual machine whose host backs guest memory as it is first touched) a
 * fresh huge page costs ~8 us per 4 KiB to make present, against ~1.4 us
 * for a 4 KiB page (measured, tests of 8 and 64 MiB): the 16 MiB tables of
 * the 1 M-row exports cost ~30 ms each that way (mises_en_relation ingest
 * 0.137 s with huge pages, 0.104 s without), and the lookups, already
 * prefetched a few rows ahead (source_row.c), did not get slower without
 * them (heures 1.33 -> 1.32 s). Issue 8: 1 M-row check, ingest of the
 * seven exports 1.76 -> 1.72 s (best of 7, interleaved); 10 k and 100 k
 * rows unchanged. */
static struct fse_strpool_slot *table_alloc(size_t n, bool *mapped)
{
    size_t bytes = n * sizeof(struct fse_strpool_slot);
    int k = spare_index(bytes);
    if (k >= 0 && spare_table[k]) {
        struct fse_strpool_slot *t = spare_table[k];
        spare_table[k] = NULL;
        memset(t, 0, bytes);
        *mapped = true;
        return t;
    }
    void *t = bytes < PRESENT_TABLE ? MAP_FAILED
            : mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    *mapped = t != MAP_FAILED;
    return *mapped ? t : fse_xcalloc(n, sizeof(struct fse_strpool_slot));
}

/* Free a table of n slots from table_alloc. */
static void table_free(struct fse_strpool_slot *t, size_t n, bool mapped)
{
    int k = mapped ? spare_index(n * sizeof *t) : -1;
    if (k >= 0 && !spare_table[k]) spare_table[k] = t;   /* kept for the next table of its size */
    else if (mapped) munmap(t, n * sizeof *t);
    else free(t);
}

static void rehash(fse_strpool *p)
{
    size_t n = p->nslots ? p->nslots * 2 : 16;
    bool mapped;
    struct fse_strpool_slot *slots = table_alloc(n, &mapped);
    for (size_t i = 0; i < p->nslots; i++) {
        if (!p->slots[i].text) continue;
        size_t j = (size_t)p->slots[i].hash & (n - 1);
        while (slots[j].text) j = (j + 1) & (n - 1);
        slots[j] = p->slots[i];
    }
    table_free(p->slots, p->nslots, p->slots_mapped);
    p->slots = slots;
    p->slots_mapped = mapped;
    p->nslots = n;
}

const char *fse_strpool_intern(fse_strpool *p, const char *s, size_t len)
{
    return fse_strpool_intern_hashed(p, s, len, fse_hash_bytes(s, len));
}

const char *fse_strpool_intern_hashed(fse_strpool *p, const char *s, size_t len, uint64_t h)
{
    if ((p->count + 1) * 2 > p->nslots) rehash(p);
    char head[12];
    fse_head12(s, len, head);
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
    for (size_t i = 0; i < p->nblocks; i++) {
        if (p->blocks[i].size) munmap(p->blocks[i].base, p->blocks[i].size);
        else free(p->blocks[i].base);
    }
    free(p->blocks);
    table_free(p->slots, p->nslots, p->slots_mapped);
    memset(p, 0, sizeof *p);
}
