/* u64map.h — a hash map from 64-bit keys to size_t (open addressing,
 * Fibonacci hashing, linear probing, at most half full).
 *
 * Why: grouping a million hour rows by a label or counting distinct
 * (group, person) pairs needs no string at all once the keys are numbers —
 * the address of a dataset's interned text (datasets/dataset.h: equal texts
 * of one dataset share one pointer), a dense person id, a month number.
 * Comparing 8-byte keys instead of hashing and strcmp-ing texts is what
 * issue 8 asks ("hashing and interning of keys for distinct counts").
 *
 * Ownership: the map owns its table only; keys are plain numbers. Any key
 * value is allowed; values must not be FSE_U64MAP_NONE.
 */
#ifndef FSE_U64MAP_H
#define FSE_U64MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FSE_U64MAP_NONE ((size_t)-1)

typedef struct {
    struct fse_u64map_slot {
        uint64_t key;
        size_t val;      /* FSE_U64MAP_NONE = free slot */
    } *slots;
    size_t cap, n;       /* cap: a power of two, 0 until the first put */
} fse_u64map;

/* Value of key, or FSE_U64MAP_NONE when absent. */
size_t fse_u64map_get(const fse_u64map *m, uint64_t key);
/* Insert key -> val when key is absent (returns true); when present, leave
 * it and return false. val != FSE_U64MAP_NONE. */
bool fse_u64map_add(fse_u64map *m, uint64_t key, size_t val);
/* Free the table; zero m. */
void fse_u64map_free(fse_u64map *m);

#endif
