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

typedef struct {
    char **items;   /* owned strings, distinct (a value already there is not added again) */
    size_t n, cap;
    bool frozen;
    size_t *slots;  /* hash table over items while adding: index + 1, 0 = free (issue 8:
                       a distinct count over a million rows keeps each value once) */
    size_t nslots;
} fse_strset;

void fse_strset_add(fse_strset *s, const char *v);   /* copies v (only when new) */
void fse_strset_add_owned(fse_strset *s, char *v);   /* takes v (freed when already there) */
void fse_strset_freeze(fse_strset *s);               /* sort, drop duplicates */
bool fse_strset_has(const fse_strset *s, const char *v); /* requires frozen */
void fse_strset_free(fse_strset *s);

#endif
