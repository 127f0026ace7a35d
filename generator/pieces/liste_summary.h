/* liste_summary.h — the totals row and the breakdown table of a list
 * pièce (liste.c builds the lines, these sum them up).
 *
 * Why separate: the lines of a list depend on datasets and joins; what
 * sums them up reads only the finished table and its layout.
 */
#ifndef FSE_LISTE_SUMMARY_H
#define FSE_LISTE_SUMMARY_H

#include <stddef.h>
#include "pieces/doc.h"
#include "pieces/liste_layout.h"

/* The totals row of t (nlines lines, one per table row): in the first
 * column the label "Total : N lignes, K <total_libelle>"; per column as
 * its `total =` says (nombre: the line count; somme: the sum of its
 * numbers, float noise rounded away; distinct: distinct texts, ignoring
 * case and accents, also said in the label). */
void fse_liste_totals(fse_doc_table *t, const fse_list_layout *l, size_t nlines);

/* A "Répartition par <column>" table after t: lines per value of the
 * `repartition` column, largest first, with their share; nothing when the
 * column is unknown. */
void fse_liste_breakdown(fse_doc *d, const fse_doc_table *t, const fse_list_layout *l);

#endif
