/* groups.h — grouping rows by a label for the breakdown tables of the
 * pièces (hours by modalité, by public, by sex, by month…).
 *
 * Groups are matched by fse_norm_key of their label (so "Femme" and
 * "femme" are one group); the first label seen is kept for display. Each
 * group sums a quantity and counts distinct people and rows.
 */
#ifndef FSE_GROUPS_H
#define FSE_GROUPS_H

#include <stddef.h>
#include "common/strmap.h"
#include "common/strset.h"

typedef struct {
    char *key, *label;   /* owned */
    double sum;          /* e.g. hours */
    double sum2;         /* a second quantity (e.g. hours planned) */
    size_t nrows;
    fse_strset people;   /* distinct ids */
    double order;        /* sort key (e.g. month day number) */
} fse_group;

typedef struct {
    fse_group *g;
    size_t n, cap;
    fse_strmap index;    /* key -> position in g (until fse_groups_finish sorts) */
} fse_groups;

/* The group of label (created empty when new; label NULL or blank gives the
 * group "(non renseigné)"). */
fse_group *fse_groups_get(fse_groups *gs, const char *label);
/* Add one row: quantity and person id (may be NULL). */
void fse_group_add(fse_group *g, double quantity, const char *person);
/* Freeze the people sets; sort by order (then label) or by sum descending. */
void fse_groups_finish(fse_groups *gs, int by_sum);
void fse_groups_free(fse_groups *gs);

#endif
