/* checks.h — the quality checks of DESIGN §6 over the loaded datasets.
 *
 * Each finding becomes a controle (common/diag.h) with its rule id, the file
 * and line of the row, and a sentence: they end up in controles.csv of every
 * pack and, for warnings, on stderr. Rules:
 *   heures-excessives (> 200 h per person and month; negative hours are
 *   rejected values already, ingest/source.c),
 *   heures-sans-critere (à régulariser), doublon, mer-offre-inconnue,
 *   action-sans-presence, presence-action-inconnue, participant-sans-contact,
 *   siret-invalide (Luhn), hors-periode (info: rows outside the period),
 *   tableau-impact-ecart (tableau_impact_abc totals differ from ours).
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
