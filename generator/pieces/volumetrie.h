/* volumetrie.h — per marché: hours planned (marches) and hours realised
 * (heures), in the period and cumulated to its end, computed in one pass
 * over each dataset.
 *
 * Why: the liste des marchés, the tableau d'impact (prévues vs réalisées)
 * and the lists of opérations / chantiers all show this volumétrie; it is
 * computed here once, keyed by the normalised marche_id. Realised hours
 * count only rows with an eligibility criterion (FICHES.md).
 */
#ifndef FSE_VOLUMETRIE_H
#define FSE_VOLUMETRIE_H

#include <stdbool.h>
#include "common/strmap.h"
#include "pieces/pieces.h"

typedef struct {
    double prevues;          /* sum of heures_prevues over the marché's rows (lots) */
    bool has_prevues;
    const char *donneur_ordre, *entreprise; /* of its first row in marches; borrowed */
    double realisees_periode, realisees_cumul;
} fse_volumetrie;

typedef struct {
    fse_strmap index;        /* fse_norm_key(marche_id) -> position in v */
    fse_volumetrie *v;
    size_t n, cap;
} fse_volumetries;

/* The volumétries of the job's datasets for c->period, into out (free with
 * fse_volumetries_free). One pass over marches and one over heures (~0.1 s
 * at 1 M hour rows). */
void fse_volumetries_build(const fse_piece_ctx *c, fse_volumetries *out);
/* The same, kept in c->cache (piece_cache.h) for the next pièce or fiche of
 * the same period and datasets (issue 8: a 3-fiche job at 1 M hour rows
 * built them five times). Without a cache, built into *owned, which the
 * caller frees (fse_volumetries_free, then free); else *owned = NULL.
 * Never NULL; valid until the next call or the cache's end. */
const fse_volumetries *fse_volumetries_of(const fse_piece_ctx *c, fse_volumetries **owned);
/* NULL when the marché appears in neither dataset (or vs is NULL). */
const fse_volumetrie *fse_volumetrie_get(const fse_volumetries *vs, const char *marche_id);
void fse_volumetries_free(fse_volumetries *vs);

#endif
