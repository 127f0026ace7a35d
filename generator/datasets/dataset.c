/* dataset.c — see dataset.h. */
#include "datasets/dataset.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fse_datasets_init(fse_datasets_t *all)
{
    memset(all, 0, sizeof *all);
    all->n = fse_ndatasets;
    for (size_t i = 0; i < fse_ndatasets; i++) {
        all->sets[i].def = &fse_datasets[i];
        all->sets[i].nrejected = fse_xcalloc(fse_datasets[i].nfields + 1, sizeof *all->sets[i].nrejected);
    }
}

fse_dataset *fse_datasets_get(fse_datasets_t *all, const char *name)
{
    for (size_t i = 0; i < all->n; i++)
        if (!strcmp(all->sets[i].def->name, name)) return &all->sets[i];
    return NULL;
}

void fse_datasets_free(fse_datasets_t *all)
{
    for (size_t i = 0; i < all->n; i++) {
        fse_dataset *ds = &all->sets[i];
        free(ds->rows);
        free(ds->nrejected);
        fse_strpool_free(&ds->pool);
        for (size_t s = 0; s < ds->nsrcs; s++) {
            free(ds->srcs[s].path);
            free(ds->srcs[s].display);
            free(ds->srcs[s].rel);
            free(ds->srcs[s].field_cols);
            free(ds->srcs[s].sheet);
        }
        free(ds->srcs);
    }
    memset(all, 0, sizeof *all);
}

fse_row *fse_dataset_add_row(fse_dataset *ds, uint32_t src, long line)
{
    fse_grow((void **)&ds->rows, &ds->cap, ds->nrows + 1, sizeof *ds->rows);
    fse_row *r = &ds->rows[ds->nrows++];
    r->v = fse_strpool_alloc(&ds->pool, ds->def->nfields * sizeof *r->v);
    r->src = src;
    r->line = line;
    return r;
}

const char *fse_row_text(const fse_dataset *ds, const fse_row *r, const char *field)
{
    int f = fse_field_index(ds->def, field);
    if (f < 0 || !r->v[f].text) return "";
    return r->v[f].text;
}

const char *fse_row_where(const fse_dataset *ds, const fse_row *r, char *buf, size_t len)
{
    const fse_source_info *s = &ds->srcs[r->src];
    if (s->sheet)
        snprintf(buf, len, "%s[%s]:%ld", s->rel, s->sheet, r->line);
    else
        snprintf(buf, len, "%s:%ld", s->rel, r->line);
    return buf;
}
