/* piece_cache.h — what the pièces of a job compute that does not depend on
 * the fiche, kept from one fiche to the next (issue 8).
 *
 * A job's fiches share the period and the datasets; their figures differ,
 * but the hours rows they count are usually the same. The hours breakdowns
 * (heures_agg.h: ~0.4 s at 1 M hour rows, asked by the bilan and the
 * tableau d'impact of every fiche) are kept for the last set of rows asked,
 * compared exactly (a bitmap of the rows; a fiche counting other rows gets
 * its own). Only one is held: a few MB (20 000 marchés at 1 M rows).
 * The volumétries (volumetrie.h, ~0.1 s at 1 M hour rows, asked by the
 * tableau d'impact and the lists of every fiche) are kept for the last
 * period: ~3 MB at 1 M rows, affordable since the bilan's evidence borrows
 * its texts (fse_doc_put_borrowed) and its cells no longer zero their
 * spare capacity.
 *
 * Ownership: run.c creates one zeroed cache per run, puts its address in
 * every fse_piece_ctx, and frees it with fse_piece_cache_free after the last
 * fiche. The datasets must outlive it.
 */
#ifndef FSE_PIECE_CACHE_H
#define FSE_PIECE_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include "datasets/dataset.h"
#include "pieces/heures_agg.h"
#include "pieces/volumetrie.h"

struct fse_piece_cache {
    fse_heures_agg *agg;          /* owned, or NULL */
    const fse_dataset *agg_ds;    /* the rows' dataset */
    size_t agg_dsrows;            /* its row count then */
    uint64_t *agg_bits;           /* owned: the rows it was computed from, 1 bit per dataset row */
    size_t agg_nrows;             /* their count */
    fse_volumetries *vols;        /* owned, or NULL: the volumétries of vols_period */
    fse_period vols_period;       /* debut, fin, months, month compared (label not) */
    const void *vols_data;        /* the datasets they were computed from */
};

void fse_piece_cache_free(fse_piece_cache *pc);

#endif
