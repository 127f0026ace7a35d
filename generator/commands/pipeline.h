/* pipeline.h — what run, check and emargement share: load the templates,
 * the job, the period, the fiches and every source, then run the quality
 * checks. One struct holds the whole state of a job's run.
 */
#ifndef FSE_PIPELINE_H
#define FSE_PIPELINE_H

#include <stdint.h>
#include "common/diag.h"
#include "config/fiche.h"
#include "config/job.h"
#include "config/templates.h"
#include "datasets/dataset.h"

typedef struct {
    fse_templates tpl;
    fse_job job;
    fse_period period;
    fse_fiche *fiches;
    size_t nfiches;
    fse_datasets_t data;
    fse_diags diags;            /* ingest and quality checks */
    int64_t epoch;              /* SOURCE_DATE_EPOCH or now */
    char generated[11];         /* dd/mm/yyyy of epoch (UTC) */
    bool job_loaded, tpl_loaded, data_loaded;
    bool wait;                  /* --wait: wait for the output lock instead of exiting 75 */
} fse_pipeline;

typedef struct {
    const char *job;            /* JOB.ini */
    const char *period;         /* --period or NULL */
    const char **fiches;        /* --fiche ids */
    size_t nfiches;
    bool quiet_warnings;        /* print errors only (warnings are still recorded) */
    bool wait;                  /* --wait (commands that write: out accepted) */
    bool archive;               /* --archive (run): <label>.zip beside each pack */
    bool summary, verbose;      /* --summary, --verbose (commands/cli.h) */
} fse_pipeline_args;

/* Load everything. Returns 0 or an exit status of sysexits.h (64 usage,
 * 65 data error, 66 input missing) after reporting why to stderr. */
int fse_pipeline_load(fse_pipeline *pl, const fse_pipeline_args *a);
void fse_pipeline_free(fse_pipeline *pl);

/* The output folder (--out, else the job's [sortie] dossier, else out/ beside
 * the job) into *dir (owned), created and locked (pack.h): *lock receives
 * the descriptor to release with fse_out_unlock. With pl->wait (--wait) it
 * waits for another run to finish; else it does not wait. Returns 0, or
 * EX_CANTCREAT / EX_TEMPFAIL (75: another run holds the lock) after printing why. */
int fse_pipeline_output(const fse_pipeline *pl, const char *out, char **dir, int *lock);

/* Parse "run JOB [--period P] [--fiche ID]... [--out DIR] [--wait] [--archive]
 * [--summary] [--verbose] [--help]" style options shared by the commands (cmd names the
 * command for its help); out may be NULL when --out (and --wait) is not
 * accepted; --archive is accepted by "run" only; an empty --out is a usage
 * error.
 * Returns 0, EX_USAGE (message printed), or FSE_ARGS_HELP when --help
 * printed the command's help (the command then exits 0). a->fiches is
 * owned: free it whatever the result. */
#define FSE_ARGS_HELP (-1)
int fse_parse_job_args(int argc, char **argv, const char *cmd, fse_pipeline_args *a,
                       const char **out);

#endif
