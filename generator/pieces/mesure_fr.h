/* mesure_fr.h — a French reading of a parsed measure, for the pièces.
 *
 * Why: the bilan's "Mesure" line is read by a controller who does not know
 * the `mesure =` grammar (measure.h); "sum heures of heures" says less to
 * them than "somme des heures (jeu « Heures d'insertion réalisées »),
 * lignes avec un critère d'éligibilité ; période : le mois de la ligne
 * (« mois ») dans la période". The raw rule stays in the bilan's "Méthode
 * et sources" for auditors.
 */
#ifndef FSE_MESURE_FR_H
#define FSE_MESURE_FR_H

#include "measures/measure.h"

/* French text of m, generated from its parsed terms (aggregate, dataset
 * label, conditions, period rule, duplicates and eligibility rules of
 * FICHES.md "Counting vocabulary"); terms joined by " ; plus ". The values
 * of `in (…)` lists are shown as written (fse_cond.written). Owned by the caller;
 * "" for NULL. */
char *fse_mesure_fr(const fse_measure *m);

#endif
