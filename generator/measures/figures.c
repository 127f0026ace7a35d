/* figures.c — see figures.h. */
#include "measures/figures.h"
#include "common/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void fse_figures_compute(const fse_fiche *f, const fse_job *job, fse_datasets_t *data,
                         const fse_period *p, fse_figures *out)
{
    out->fiche = f;
    out->n = f->ninds;
    out->figs = fse_xcalloc(f->ninds ? f->ninds : 1, sizeof *out->figs);
    for (size_t i = 0; i < f->ninds; i++) {
        const fse_indicateur *ind = &f->inds[i];
        fse_figure *fg = &out->figs[i];
        fg->ind = ind;
        fg->etp = ind->par_etp ? fse_job_etp(job, f->id, ind->volet) : 1;
        fg->has_cible = ind->has_cible;
        fg->cible = ind->cible * fg->etp;
        fg->cible_prorata = p->months >= 12 ? fg->cible : fg->cible * p->months / 12.0;
        fse_measure_eval(ind->mesure, data, p, &fg->res);
    }
}

void fse_figures_free(fse_figures *fg)
{
    for (size_t i = 0; i < fg->n; i++) fse_result_free(&fg->figs[i].res);
    free(fg->figs);
    memset(fg, 0, sizeof *fg);
}

const fse_figure *fse_figures_get(const fse_figures *fg, const char *id)
{
    for (size_t i = 0; i < fg->n; i++)
        if (!strcmp(fg->figs[i].ind->id, id)) return &fg->figs[i];
    return NULL;
}

fse_trajectoire fse_figure_trajectoire(const fse_figure *x)
{
    if (!x->has_cible || !(x->cible_prorata > 0)) return FSE_TRAJ_SANS_CIBLE;
    double r = x->res.value / x->cible_prorata;
    /* compared in hundredths of a percent, as the rate is shown, so that a
     * rate printed 90,0 % never reads as behind */
    long bp = lround(r * 10000);
    return bp >= 11000 ? FSE_TRAJ_EN_AVANCE : bp >= 9000 ? FSE_TRAJ_DANS : FSE_TRAJ_EN_RETARD;
}

const char *fse_trajectoire_text(fse_trajectoire t)
{
    switch (t) {
    case FSE_TRAJ_EN_AVANCE: return "en avance";
    case FSE_TRAJ_DANS: return "dans la trajectoire";
    case FSE_TRAJ_EN_RETARD: return "en retard";
    default: return "sans cible";
    }
}
