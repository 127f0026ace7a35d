/* figures.c — see figures.h. */
#include "measures/figures.h"
#include "common/util.h"

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
