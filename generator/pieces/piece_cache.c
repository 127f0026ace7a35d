/* piece_cache.c — see piece_cache.h. */
#include "pieces/piece_cache.h"

#include <stdlib.h>
#include <string.h>

void fse_piece_cache_free(fse_piece_cache *pc)
{
    fse_heures_agg_free(pc->agg);
    free(pc->agg_bits);
    if (pc->vols) fse_volumetries_free(pc->vols);
    free(pc->vols);
    memset(pc, 0, sizeof *pc);
}
