/* groups.h — grouping rows by a label for the breakdown tables of the
 * pièces (hours by modalité, by public, by sex, by month…).
 *
 * Groups are matched by fse_norm_key of their label (so "Femme" and
 * "femme" are one group); the first label seen is kept for display. Each
 * group sums a quantity and counts rows and distinct people.
 *
 * People are dense ids given by the caller (e.g. fse_strset_index of the
 * participant id), so counting them costs an integer set per grouping, not
 * a set of copied strings per group (issue 8: at 1 M hour rows the
 * per-group string sets were most of the tableau d'impact's time and
 * hundreds of MB).
 */
#ifndef FSE_GROUPS_H
#define FSE_GROUPS_H

#include <stddef.h>
#include <stdint.h>
#include "common/strmap.h"
#include "common/u64map.h"

/* No person: a row without a participant id (counted in nrows, not npeople). */
#define FSE_GROUP_NOBODY ((size_t)-1)

typedef struct {
    char *key, *label;   /* owned; key (fse_norm_key of label) is NULL after fse_groups_finish */
    double sum;          /* e.g. hours, summed in the order rows were added */
    size_t nrows;
    size_t npeople;      /* distinct person ids added */
    double order;        /* sort key (e.g. month day number) */
} fse_group;

typedef struct {
    fse_group *g;
    size_t n, cap;
    fse_strmap index;    /* key -> position in g (until fse_groups_finish sorts) */
    fse_u64map by_key;   /* caller's key -> position (fse_groups_get_keyed; until finish) */
    fse_u64map pairs;    /* position << 32 | person already counted (until finish) */
} fse_groups;

/* The group of label (created empty when new; label NULL or blank gives the
 * group "(non renseigné)"). The pointer is valid until the next get. */
fse_group *fse_groups_get(fse_groups *gs, const char *label);
/* fse_groups_get(gs, label), remembered under key: the next call with the
 * same key returns the same group without looking at label (no
 * normalisation, no string hashing). The caller guarantees that equal keys
 * mean equal labels, e.g. the address of a dataset's interned text (valid
 * while the dataset lives) or a month number. */
fse_group *fse_groups_get_keyed(fse_groups *gs, uint64_t key, const char *label);
/* The group remembered under key by fse_groups_get_keyed, or NULL (for a
 * label costly to make: make it only when this returns NULL). */
fse_group *fse_groups_find_keyed(fse_groups *gs, uint64_t key);
/* Add one row to group g of gs: quantity and person id (a dense id below
 * UINT32_MAX, or FSE_GROUP_NOBODY). */
void fse_group_add(fse_groups *gs, fse_group *g, double quantity, size_t person);
/* Sort by order (then key) or by sum descending (then key); drops the
 * lookup tables (no get or add after this). */
void fse_groups_finish(fse_groups *gs, int by_sum);
void fse_groups_free(fse_groups *gs);

#endif
