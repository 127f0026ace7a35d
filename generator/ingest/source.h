/* source.h — read the files of one declared source into its dataset.
 *
 * Why: this is where exports become data (DESIGN §1.1): the format is
 * recognised (XLSX by its zip signature, else delimited text), the sheet
 * chosen (`feuille`, else the first whose header matches), the header row
 * found below title lines (or `ligne_entete`), headers mapped to fields
 * through the aliases (job `colonne.*` first, then templates/colonnes.ini),
 * the export's own total line recognised and reconciled, and every cell
 * parsed by its field's type. Every rejected value is reported with file,
 * sheet, line and column and kept as FSE_VAL_REJECTED, so a figure that
 * would depend on it can refuse to be computed (commands/run.c).
 */
#ifndef FSE_SOURCE_H
#define FSE_SOURCE_H

#include "common/diag.h"
#include "config/job.h"
#include "config/templates.h"
#include "datasets/dataset.h"

typedef enum {
    FSE_SOURCE_OK = 0,
    FSE_SOURCE_MISSING,   /* a file cannot be opened: EX_NOINPUT */
    FSE_SOURCE_DATAERR    /* unreadable content, header not found, duplicate headers: EX_DATAERR */
} fse_source_status;

/* Append the rows of every file of cfg to ds (ds->def must match
 * cfg->dataset). Problems go to d with their location; job_path names the
 * job file in errors about the declaration itself (an export declared twice). */
fse_source_status fse_source_load(const fse_source_cfg *cfg, const fse_templates *t,
                                  fse_dataset *ds, fse_diags *d, const char *job_path);

#endif
