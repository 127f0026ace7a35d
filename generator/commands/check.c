/* check.c — `fsepack check JOB.ini [--period P]`: read every input and run
 * the quality checks, print a summary, write nothing (DESIGN §5).
 * Exit 0 when no error, else the status of the first kind of error.
 */
#include "commands/commands.h"
#include "commands/pipeline.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static const char usage[] = "fsepack check JOB.ini [--period P] [--fiche ID]...";

int fse_cmd_check(int argc, char **argv)
{
    fse_pipeline_args a;
    int rc = fse_parse_job_args(argc, argv, usage, &a, NULL);
    if (rc) { free(a.fiches); return rc; }
    fse_pipeline pl;
    rc = fse_pipeline_load(&pl, &a);
    free(a.fiches);
    if (pl.data_loaded) {
        for (size_t i = 0; i < pl.data.n; i++) {
            const fse_dataset *ds = &pl.data.sets[i];
            for (size_t s = 0; s < ds->nsrcs; s++) {
                const fse_source_info *in = &ds->srcs[s];
                printf("%-18s %s : %s, en-tête ligne %ld, %zu ligne(s), dont %zu avec une valeur rejetée\n",
                       ds->def->name, in->display, in->encoding, in->header_line, in->rows_read, in->rows_rejected);
            }
        }
    }
    if (!pl.data_loaded && !pl.diags.n) {  /* stopped before reading anything: said why already */
        fse_pipeline_free(&pl);
        return rc;
    }
    /* summary by rule */
    const char *seen[256];
    size_t nseen = 0;
    for (size_t i = 0; i < pl.diags.n && nseen < 256; i++) {
        bool dup = false;
        for (size_t k = 0; k < nseen; k++) dup |= !strcmp(seen[k], pl.diags.items[i].rule);
        if (dup) continue;
        seen[nseen++] = pl.diags.items[i].rule;
        printf("%-28s %zu\n", pl.diags.items[i].rule, fse_diag_count(&pl.diags, pl.diags.items[i].rule));
    }
    printf("%zu erreur(s), %zu avertissement(s)\n", pl.diags.nerrors, pl.diags.nwarnings);
    fse_pipeline_free(&pl);
    return rc;
}
