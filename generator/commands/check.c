/* check.c — `fsepack check JOB.ini [--period P]`: read every input and run
 * the quality checks, print a summary, write nothing (DESIGN §5). The
 * pre-flight of a cron job (issue 6): silent without a terminal unless
 * --verbose, one line with --summary; the warnings and errors go to stderr.
 * Exit 0 when no error, else the status of the first kind of error.
 */
#include "commands/cli.h"
#include "commands/commands.h"
#include "commands/pipeline.h"
#include "common/progress.h"
#include "common/text.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

int fse_cmd_check(int argc, char **argv)
{
    fse_pipeline_args a;
    int rc = fse_parse_job_args(argc, argv, "check", &a, NULL);
    if (rc) { free(a.fiches); return rc == FSE_ARGS_HELP ? 0 : rc; }
    fse_cli_out cli;
    fse_cli_out_init(&cli, a.summary, a.verbose);
    bool report = fse_cli_report(&cli);
    fse_pipeline pl;
    rc = fse_pipeline_load(&pl, &a);
    fse_progress_clear();
    if (pl.data_loaded && report) {
        for (size_t i = 0; i < pl.data.n; i++) {
            const fse_dataset *ds = &pl.data.sets[i];
            for (size_t s = 0; s < ds->nsrcs; s++) {
                const fse_source_info *in = &ds->srcs[s];
                printf("%-18s %s : %s, en-tête ligne %ld, %zu ligne%s, dont %zu avec une valeur rejetée\n",
                       ds->def->name, in->display, in->encoding, in->header_line, in->rows_read,
                       fse_pluriel(in->rows_read), in->rows_rejected);
            }
        }
    }
    const char *label = *pl.period.label ? pl.period.label : a.period ? a.period : "?";
    if (cli.summary)
        printf("fsepack: check %s %s : %s, %zu erreur%s, %zu avertissement%s\n", a.job, label,
               rc ? "échec" : "prêt", pl.diags.nerrors, fse_pluriel(pl.diags.nerrors),
               pl.diags.nwarnings, fse_pluriel(pl.diags.nwarnings));
    free(a.fiches);
    if ((!pl.data_loaded && !pl.diags.n) || !report) {  /* stopped before reading, or unattended */
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
        printf("%-28s %-14s %zu\n", pl.diags.items[i].rule, fse_severity_name(pl.diags.items[i].sev),
               fse_diag_count(&pl.diags, pl.diags.items[i].rule));
    }
    /* infos (rows left out of the period…) are listed by rule above but are
     * neither errors nor warnings: say so, so the counts add up */
    size_t ninfos = pl.diags.n - pl.diags.nerrors - pl.diags.nwarnings;
    printf("%zu erreur%s, %zu avertissement%s, %zu information%s\n", pl.diags.nerrors,
           fse_pluriel(pl.diags.nerrors), pl.diags.nwarnings, fse_pluriel(pl.diags.nwarnings), ninfos,
           fse_pluriel(ninfos));
    fse_pipeline_free(&pl);
    return rc;
}
