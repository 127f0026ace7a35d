/* checks.h — the quality checks of DESIGN §6 over the loaded datasets.
 *
 * Each finding becomes a controle (common/diag.h) with its rule id, the file
 * and line of the row, and a sentence: they end up in controles.csv of every
 * pack and, for warnings, on stderr. Rules:
 *   heures-excessives (> 200 h per person and month; negative hours are
 *   rejected values already, ingest/source.c),
 *   heures-sans-critere (à régulariser: every in-period row, then a total),
 *   doublon (on the figures' own duplicate key, fse_row_dup_key),
 *   mer-offre-inconnue, action-sans-presence, presence-action-inconnue,
 *   participant-sans-contact (the FSE+ rule on contact data), siret-invalide
 *   (Luhn), dates-incoherentes (a participant leaving before entering),
 *   hors-periode (info: every row outside the period as line ranges of its
 *   file, then a count per dataset), tableau-impact-ecart (the hours of
 *   tableau_impact_abc differ from the in-period hours export, by opération).
 * Together with heures-sans-critere and doublon, hors-periode makes every
 * row left out of a figure traceable to its file and line (issue 5).
 */
#ifndef FSE_CHECKS_H
#define FSE_CHECKS_H

#include <stdbool.h>
#include "common/diag.h"
#include "config/job.h"
#include "datasets/dataset.h"

void fse_checks_run(fse_datasets_t *data, const fse_job *job, const fse_period *p, fse_diags *d);
/* SIRET check: 14 digits passing the Luhn key (La Poste's SIRET 356000000xxxxx
 * use a digit-sum rule instead; both accepted). Spaces are ignored. */
bool fse_siret_valid(const char *s);

#endif
