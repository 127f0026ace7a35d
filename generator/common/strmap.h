/* strmap.h — a hash map from strings to size_t (open addressing, FNV-1a).
 *
 * Why: grouping hundreds of thousands of hour rows by marché or participant
 * must not be quadratic (make bench). Keys are copied; values are indexes
 * into the caller's own arrays.
 */
#ifndef FSE_STRMAP_H
#define FSE_STRMAP_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
    char **keys;     /* owned; NULL = empty slot */
    size_t *vals;
    uint32_t *tags;  /* per slot: 32 bits of its key's hash, compared before strcmp */
    size_t cap, n;   /* cap is a power of two */
} fse_strmap;

/* Value of key, or NULL when absent (pointer valid until the next put). */
size_t *fse_strmap_get(const fse_strmap *m, const char *key);
/* Insert or replace. */
void fse_strmap_put(fse_strmap *m, const char *key, size_t val);
void fse_strmap_free(fse_strmap *m);

#endif
