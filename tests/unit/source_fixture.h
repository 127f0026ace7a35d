/* source_fixture.h — what a unit test of ingest loads exports with: the
 * templates (templates/, so the test runs from the repository root), an
 * empty set of datasets, quiet diagnostics and a source configuration with
 * the encoding to detect. Shared by test_source.c, test_scale.c and
 * test_numsep.c, whose fixtures hold these four members by these names;
 * the last two load one export each through source_file_fixture. */
#ifndef FSE_TEST_SOURCE_FIXTURE_H
#define FSE_TEST_SOURCE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "config/templates.h"
#include "datasets/dataset.h"
#include "ingest/source.h"

/* Fill the zeroed t, data, d and cfg. 0, or -1 (said on stderr) when the
 * templates do not load. */
static inline int source_fixture_init(fse_templates *t, fse_datasets_t *data, fse_diags *d, fse_source_cfg *cfg)
{
    d->quiet = true;
    if (fse_templates_load(t, "templates", d) != 0 || d->n) {
        fprintf(stderr, "cannot load templates/ (run from the repository root)\n");
        return -1;
    }
    fse_datasets_init(data);
    cfg->encodage = -1;
    return 0;
}

/* Free what source_fixture_init and the loads made. */
static inline void source_fixture_free(fse_templates *t, fse_datasets_t *data, fse_diags *d)
{
    fse_datasets_free(data);
    fse_templates_free(t);
    fse_diags_free(d);
}

/* A test of one export file: the environment above, the file written by
 * the test (path owned, unlinked at teardown), its name as a job would show
 * it, and where the job's fichier = value stands (0: unknown). */
typedef struct {
    fse_templates t;
    fse_datasets_t data;
    fse_diags d;
    char *file, *shown;
    long line, col;
    fse_source_cfg cfg;
} source_file_fixture;

/* cmocka setup and teardown of a source_file_fixture in *state. */
static inline int source_file_setup(void **state)
{
    source_file_fixture *fx = calloc(1, sizeof *fx);
    if (!fx || source_fixture_init(&fx->t, &fx->data, &fx->d, &fx->cfg)) return -1;
    *state = fx;
    return 0;
}

static inline int source_file_teardown(void **state)
{
    source_file_fixture *fx = *state;
    if (fx->file) unlink(fx->file);
    free(fx->file);
    free(fx->shown);
    source_fixture_free(&fx->t, &fx->data, &fx->d);
    free(fx);
    return 0;
}

#endif
