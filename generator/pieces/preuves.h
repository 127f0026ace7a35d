/* preuves.h — the evidence of every indicator (issue 5 "traceability"):
 * the rows behind each value, with their origin, as one "Preuves" sheet per
 * indicator in the bilan's XLSX, and the count of those rows with the place
 * that lists them, for the bilan and bordereau PDFs.
 *
 * Why: an auditor recomputes a figure from the lists and asks "where does
 * this number come from?" (contrôle de service fait). The rows are those
 * the measure returned (measure.h fse_term_result.rows: for `distinct`,
 * every row of a counted value; for `count`, one row per duplicate key);
 * names appear only through fse_person_name (the job's confidentialite),
 * eligibility criteria and other sensitive fields never
 * (schema.h fse_field_is_personal).
 */
#ifndef FSE_PREUVES_H
#define FSE_PREUVES_H

#include "pieces/pieces.h"

/* Number of evidence rows of figure x: the rows of all its terms. */
size_t fse_preuves_count(const fse_figure *x);

/* XLSX sheet name of the evidence of the k-th indicator (0-based) of the
 * fiche: "Preuves 01 <indicator id>", at most 31 characters, unique
 * within the bilan (the number is); owned. */
char *fse_preuves_sheet(size_t k, const fse_indicateur *ind);

/* "312 lignes, listées dans 01-bilan.xlsx, feuille « Preuves 05 heures_insertion »"
 * for the k-th figure (c->bilan_xlsx names the file; without a bilan in the
 * pack: "312 lignes (le pack n'a pas de bilan qui les liste)"); owned. */
char *fse_preuves_ref(const fse_piece_ctx *c, size_t k);

/* Append to d (the bilan) a section "Preuves des indicateurs": a table of
 * every indicator with its count of evidence rows and its sheet, then one
 * XLSX-only table per indicator listing its rows: file, sheet, line, the
 * term when the measure has several, and the row's key fields, under a
 * title that states the measure, its filters and the period. */
void fse_preuves_add(fse_doc *d, const fse_piece_ctx *c);

#endif
