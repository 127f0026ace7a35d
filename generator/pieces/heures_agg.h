/* heures_agg.h — the breakdowns of the hours counted: the rows of the
 * fiche's `sum heures of heures` figure (in period, with an eligibility
 * criterion; FICHES.md) grouped by opération + marché, entreprise,
 * modalité, public (critère), sex and month, each group with its hours,
 * rows and distinct participants, and the participants of all the rows.
 *
 * Why one place: the bilan (modalité, public, sex) and the tableau d'impact
 * (all six) show these tables over the same rows, and every fiche of a job
 * usually counts the same hours rows; at 1 M hour rows the grouping cost
 * ~2 s each time (issue 8). Computed once per set of rows and shared
 * through the job's fse_piece_cache (piece_cache.h) when there is one.
 */
#ifndef FSE_HEURES_AGG_H
#define FSE_HEURES_AGG_H

#include "measures/measure.h"
#include "pieces/groups.h"
#include "pieces/pieces.h"

typedef struct {
    /* finished (groups.h): by_marche and by_mois sorted by order then key
     * (by_marche's label is "operation_id\x1fmarche_id", by_mois's order the
     * month's day number), the others by hours descending */
    fse_groups by_marche, by_ent, by_mod, by_crit, by_sexe, by_mois;
    size_t people;   /* distinct non-empty participant_id over the rows */
} fse_heures_agg;

/* The breakdowns of rows tr->rows of h (the heures dataset), summed in the
 * order of the rows. With c->cache and rows strictly ascending (as the
 * measures give them), the result is the cache's (shared by the pièces and
 * fiches of the job, valid until the cache is freed or asked for other
 * rows, i.e. until the next pièce) and *owned is NULL; otherwise *owned is
 * the result, for the caller to free with fse_heures_agg_free. */
const fse_heures_agg *fse_heures_agg_of(const fse_piece_ctx *c, const fse_dataset *h, const fse_term_result *tr,
                                        fse_heures_agg **owned);
/* Free a (from *owned or the cache) and the struct itself; NULL is fine. */
void fse_heures_agg_free(fse_heures_agg *a);

#endif
