/* liste_layout.h — the layout of a list pièce, declared in
 * templates/pieces/<id>.ini so that a PLIE changes a list without
 * recompiling (issue "every pièce": layouts as data).
 *
 *   [piece]
 *   titre = Liste des offres d'emploi
 *   jeu = offres                 ; the dataset listed
 *   lignes = preuves             ; preuves: the rows behind the fiche's indicators that
 *                                ;   name this pièce (else every row in the period);
 *                                ; periode: every row of the dataset in the period
 *   grouper = @entreprise        ; optional: one line per value of a field
 *   tri = date_reception | offre_id    ; sort keys (columns ids or fields)
 *   orientation = paysage        ; paysage | portrait
 *   police = 7                   ; optional: PDF table font size, 6 to 8 points (default 8):
 *                                ;   for lists with many columns
 *   feuille = Offres             ; XLSX sheet name
 *   repartition = resultat       ; optional: a breakdown table of the lines by this column
 *   apparier = dates | actions   ; optional: "liste" columns that describe the same rows
 *                                ; (an action and its date): shown paired, one entry per
 *                                ; distinct combination, all in the order of the first listed
 *   note = text under the table
 *
 *   [colonne.ID]                 ; one per column, in this order
 *   titre = N° offre
 *   champ = offre_id             ; a field of jeu (default: ID), a computed field
 *                                ; (@source, @personne — the name as confidentialite wants,
 *                                ; from nom/prenom or, for etapes, from participants —,
 *                                ; @entreprise, @heures_realisees,
 *                                ; @heures_cumulees, @taux_realisation, @lignes), or
 *                                ; DATASET.FIELD with par = KEY (rows of DATASET in the
 *                                ; period whose KEY equals this line's KEY; ou = conditions)
 *   agregat = premier            ; premier | min | max | nombre | distinct | somme | liste
 *   type = texte                 ; texte | identifiant | entier | nombre | date | mois | pourcentage
 *   decimales = 2
 *   largeur = 1.5                ; relative width
 *   total = somme                ; nombre (count of lines) | somme | distinct (count of
 *                                ; distinct values, also said in the total label) | (none)
 *   total_libelle = marchés distincts   ; words after the count in the total label
 *   sous = entreprise            ; optional, PDF only: printed on a second line of that
 *                                ; column's cell (header "Entreprise / SIRET"), to give the
 *                                ; text columns of a wide list room; the XLSX keeps its column
 *
 * Eligibility criteria and other sensitive attributes (critere, deld, brsa,
 * rqth, qpv, date_naissance) are refused in lists: they appear only in
 * aggregates (GDPR; research/domain.md, confidentialité).
 */
#ifndef FSE_LISTE_LAYOUT_H
#define FSE_LISTE_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include "common/diag.h"
#include "config/templates.h"
#include "datasets/schema.h"
#include "measures/measure.h"
#include "pieces/doc.h"

typedef enum {
    FSE_AGG_PREMIER = 0, FSE_AGG_MIN, FSE_AGG_MAX, FSE_AGG_NOMBRE, FSE_AGG_DISTINCT_V,
    FSE_AGG_SOMME, FSE_AGG_LISTE
} fse_list_agg;

typedef enum {
    FSE_CF_NONE = 0, FSE_CF_SOURCE, FSE_CF_PERSONNE, FSE_CF_ENTREPRISE, FSE_CF_HEURES_REALISEES,
    FSE_CF_HEURES_CUMULEES, FSE_CF_TAUX_REALISATION, FSE_CF_LIGNES
} fse_computed_field;

typedef struct {
    char *id, *titre;
    double largeur;
    int decimales;
    fse_col_type type;
    bool type_set;
    fse_list_agg agg;
    bool agg_set;
    int total;                  /* 0 none, 1 nombre, 2 somme, 3 distinct */
    char *total_libelle;        /* words after a distinct count in the total label */
    int fidx;                   /* field of the listed dataset, or -1 */
    fse_computed_field computed;
    const fse_dataset_def *join;/* DATASET.FIELD: the other dataset */
    int join_fidx, par_local, par_remote;
    fse_measure *join_where;    /* `ou =`: conditions on the other rows (a count measure) */
    char *champ, *par, *ou;     /* as written */
    char *sous;                 /* `sous` as written, or NULL */
    int sous_idx;               /* its column index, -1 none (fse_doc_table_stacked) */
    long line;                  /* of its [colonne.ID] section, for messages */
} fse_list_col;

typedef struct {
    char *id, *path, *titre, *feuille, *note;
    const fse_dataset_def *def;
    bool preuves, paysage;
    float police;               /* PDF table font size (points), 0 = default */
    int group_fidx;             /* -1 none, -2 @entreprise, else a field */
    char *grouper;              /* as written, resolved when the file is read */
    long grouper_line;
    char **tri;
    size_t ntri;
    char *repartition;          /* column id or NULL */
    char **apparier;            /* column ids as written (`apparier`), or NULL */
    size_t napparier;
    size_t *paired;             /* their column indexes, resolved (napparier entries) */
    fse_list_col *cols;
    size_t ncols, cap_cols;
} fse_list_layout;

/* Load templates_dir/pieces/<id>.ini. Returns 0; -1 when there is no such
 * file (not a list pièce); 1 on errors (reported with file:line). */
int fse_list_layout_load(fse_list_layout *l, const char *templates_dir, const char *id,
                         const fse_templates *t, fse_diags *d);
void fse_list_layout_free(fse_list_layout *l);

/* How a dataset field of type t is shown in a document column: identifiers
 * as text (leading zeros kept), numbers, dates and months typed (real dates
 * and numbers in XLSX, DESIGN §7); anything else as wrapping text. Shared by
 * the list pièces and the bilan's Preuves sheets so a field looks the same
 * in both. */
fse_col_type fse_col_type_of_field(fse_field_type t);

#endif
