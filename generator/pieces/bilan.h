/* bilan.h — the parts of the bilan de l'action (bilan.c) that live in
 * bilan_charts.c: the charts and the counting rules. Private to the two
 * files.
 */
#ifndef FSE_BILAN_H
#define FSE_BILAN_H

#include "pieces/pieces.h"

/* v in French with no decimals when it is a whole number (to 0.005), else
 * two: "39", "57 795,61" (the numbers of indicateurs.csv). buf >= 64. */
void fse_bilan_num(double v, char *buf, size_t len);

/* Chart of every indicator with a target: realised against target, in % of
 * the target (the units of the indicators differ). */
void fse_bilan_chart_rates(fse_doc *d, const fse_piece_ctx *c);

/* Section "Heures d'insertion": cumulative monthly hours against the target
 * trajectory and the breakdowns by modalité, public and sex (aggregates). */
void fse_bilan_hours(fse_doc *d, const fse_piece_ctx *c, const fse_figure *h);

/* Section "Cumul depuis le début de l'année et trajectoire" of a month
 * pack (bilan_cumul.c); nothing when c->cumul is NULL. */
void fse_bilan_cumul(fse_doc *d, const fse_piece_ctx *c);

/* Section "Règles de comptage appliquées". */
void fse_bilan_rules(fse_doc *d, const fse_piece_ctx *c);

#endif
