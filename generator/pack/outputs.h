/* outputs.h — the machine-readable files of a pack (DESIGN §5, contract):
 * indicateurs.csv, controles.csv and manifest.json.
 */
#ifndef FSE_OUTPUTS_H
#define FSE_OUTPUTS_H

#include <stdint.h>
#include "common/diag.h"
#include "config/job.h"
#include "datasets/dataset.h"
#include "measures/figures.h"
#include "pack/pack.h"

#define FSE_VERSION "0.1.0"

/* A number for CSV and JSON: '.' decimal point, at most `decimals`
 * decimals, trailing zeros dropped ("63", "55379.13"). buf >= 48. */
void fse_format_plain(double v, int decimals, char *buf, size_t len);

/* indicateurs.csv: UTF-8, ';', header
 * fiche;volet;indicateur;libelle;debut;fin;valeur;cible;taux — one row per
 * indicator, dates ISO, cible = the fiche's annual target scaled by ETP
 * (DESIGN §5; the prorated target of a shorter period is shown in the bilan,
 * DESIGN §6 "also show"), taux = valeur/cible (empty without target).
 * Returns 0 or -1. */
int fse_write_indicateurs(const char *path, const fse_figures *fg, const fse_period *p);

/* controles.csv: severite;regle;fichier;ligne;message, one row per item of
 * d, in the order they were found. File paths are written relative to the
 * job's folder (job_dir) or as templates/… (tpl_dir), so that the pack does
 * not depend on where fsepack ran. Returns 0 or -1. */
int fse_write_controles(const char *path, const fse_diags *d, const char *job_dir, const char *tpl_dir);

/* manifest.json: generator version, parameters, every input (path relative
 * to the job, size, SHA-256, encoding, sheet, header row, rows
 * read/rejected/skipped) and every output recorded in pk (path, SHA-256,
 * size, pages). Deterministic: keys in a fixed order, no clock but epoch. */
int fse_write_manifest(const char *path, const fse_job *job, const fse_period *p,
                       const char *fiche_id, fse_datasets_t *data, const fse_pack *pk,
                       const char *generated, const char *const *missing_pieces, size_t nmissing);

#endif
