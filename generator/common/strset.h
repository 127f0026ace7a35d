/* strset.h — a set of strings: append, then freeze (sort + unique), then
 * look up in O(log n).
 *
 * Why: measures need "distinct values of a field" and "is this value among
 * those of another dataset"; a sorted vector is simple, deterministic and
 * fast enough for the tens of thousands of rows of a PLIE's year.
 */
#ifndef FSE_STRSET_H
#define FSE_STRSET_H

#include <stddef.h>
#include <stdbool.h>

typedef struct {
    char **items;   /* owned strings */
    size_t n, cap;
    bool frozen;
} fse_strset;

void fse_strset_add(fse_strset *s, const char *v);   /* copies v */
void fse_strset_add_owned(fse_strset *s, char *v);   /* takes v */
void fse_strset_freeze(fse_strset *s);               /* sort, drop duplicates */
bool fse_strset_has(const fse_strset *s, const char *v); /* requires frozen */
void fse_strset_free(fse_strset *s);

#endif
