/* strset.h — a set of strings: append, then freeze (sort + unique), then
 * look up in O(log n).
 *
 * Why: measures need "distinct values of a field" and "is this value among
 * those of another dataset"; a sorted vector is simple, deterministic and
 * fast enough for the tens of thousands of rows of a PLIE's year. Adding
 * hashes the value, so a value seen a million times is stored once.
 */
#ifndef FSE_STRSET_H
#define FSE_STRSET_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
    char **items;   /* owned strings, distinct (a value already there is not added again) */
    size_t n, cap;
    bool frozen;
    struct fse_strset_slot {
        uint32_t hash;  /* high bits of fse_hash_bytes of the item: compared before strcmp */
        uint32_t at;    /* index + 1 into items, 0 = free slot */
    } *slots;       /* hash table over items while adding (issue 8: a distinct count over a
                       million rows keeps each value once; a probe compares the stored hash
                       first, so strcmp runs only on a real match) */
    size_t nslots;
} fse_strset;

void fse_strset_add(fse_strset *s, const char *v);   /* copies v (only when new) */
void fse_strset_add_owned(fse_strset *s, char *v);   /* takes v (freed when already there) */
/* Add v (copied when new) and return its index in items: a dense id of the
 * value, 0..n-1 in order of first addition, valid until fse_strset_freeze
 * (which sorts). At most UINT32_MAX - 1 items (exits as out of memory past it). */
size_t fse_strset_index(fse_strset *s, const char *v);
void fse_strset_freeze(fse_strset *s);               /* sort, drop duplicates */
bool fse_strset_has(const fse_strset *s, const char *v); /* requires frozen */
void fse_strset_free(fse_strset *s);

#endif
