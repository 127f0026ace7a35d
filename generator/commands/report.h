/* report.h — what `run` shows people once a pack is written (issue 6): the
 * table of indicators at a terminal and the one line of --summary.
 */
#ifndef FSE_REPORT_H
#define FSE_REPORT_H

#include "commands/cli.h"
#include "measures/figures.h"

/* Counts of one run for the --summary line. */
typedef struct {
    size_t fiches, indicateurs, ok, ko, warnings;
    char fiche_ids[256];   /* "agen-3, agen-4", cut when long */
    char last_pack[1024];  /* the last pack folder written */
} fse_run_stats;

/* Append fiche to st->fiche_ids (", " between ids). Returns false, leaving
 * the list as it was, when the id would not fit whole. */
bool fse_run_stats_add_fiche(fse_run_stats *st, const char *fiche);

/* Whether indicator x meets its target: for a month pack (cumul, the same
 * indicator over the year to date, non-NULL) unless the year to date is
 * en retard (figures.h); otherwise when value >= cible_prorata (the annual
 * target for a year). Returns 1 met, 0 not met, -1 no target. */
int fse_report_met(const fse_figure *x, const fse_figure *cumul);

/* Print the table of fiche's figures to stdout: indicator, value, (year to
 * date), target, rate, ✓/✗ — green and red only when o->color. cumul may be
 * NULL (not a month pack). Adds to st. */
void fse_report_table(const fse_cli_out *o, const char *fiche, const char *period_label,
                      const fse_figures *fg, const fse_figures *cumul, const char *pack,
                      fse_run_stats *st);

/* Print the --summary line to stdout: "fsepack: graves-3 2024-05 : 4
 * indicateurs, 3 ✓ 1 ✗, 2 avertissements, pack out/graves-3/2024-05", or
 * with status != 0 "fsepack: … : échec, statut 65, 3 erreurs, 0 pack écrit". */
void fse_report_summary(const fse_run_stats *st, const char *period_label, int status, size_t errors);

#endif
