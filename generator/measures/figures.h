/* figures.h — the figures of one fiche for one period: every indicator's
 * value, its target scaled by ETP, its rate, and the rows behind it.
 *
 * Rules: DESIGN §6 — per-ETP target = fiche target × ETP of the volet
 * (job `etp.<volet>`, default 1); monthly packs also show the prorated
 * target = target × months of the period / 12.
 */
#ifndef FSE_FIGURES_H
#define FSE_FIGURES_H

#include "config/fiche.h"
#include "config/job.h"
#include "datasets/dataset.h"
#include "measures/measure.h"

typedef struct {
    const fse_indicateur *ind;   /* borrowed from the fiche */
    double etp;                  /* ETP applied (1 when not par_etp) */
    bool has_cible;
    double cible;                /* annual target scaled by etp: indicateurs.csv's cible */
    double cible_prorata;        /* cible × months of the period / 12 (equal to cible for a
                                    year): shown beside it for shorter periods */
    fse_result res;              /* value and evidence, owned */
} fse_figure;

typedef struct {
    const fse_fiche *fiche;
    fse_figure *figs;            /* fiche->ninds, owned */
    size_t n;
} fse_figures;

void fse_figures_compute(const fse_fiche *f, const fse_job *job, fse_datasets_t *data,
                         const fse_period *p, fse_figures *out);
void fse_figures_free(fse_figures *fg);
/* The figure of indicator id, or NULL. */
const fse_figure *fse_figures_get(const fse_figures *fg, const char *id);

/* Where a figure stands against its prorated target (issue 6: a month pack
 * says whether the operation is on track): value / cible_prorata at 110 % or
 * more is ahead, from 90 % to 110 % on track, below 90 % behind. The ±10 %
 * band is fsepack's own reading (no regulation fixes one); the bilan states
 * it. A figure without a positive target has none. */
typedef enum { FSE_TRAJ_SANS_CIBLE = 0, FSE_TRAJ_EN_AVANCE, FSE_TRAJ_DANS, FSE_TRAJ_EN_RETARD } fse_trajectoire;
fse_trajectoire fse_figure_trajectoire(const fse_figure *x);
/* "en avance", "dans la trajectoire", "en retard", "sans cible" (static). */
const char *fse_trajectoire_text(fse_trajectoire t);

#endif
