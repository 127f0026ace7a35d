/* fiche.h — a fiche opération, as declared in templates/fiches/<id>.ini.
 *
 * Grammar (documented in README.md "Fiche definitions"):
 *
 *   [fiche]                 id, plie, numero, titre, debut, fin (ISO dates),
 *                           fse_max (€), cofinancement_max (ratio, 0.8 = 80 %),
 *                           territoire, calendrier = DEBUT..FIN (the fiche's
 *                           "calendrier prévisionnel", checked against debut..fin),
 *                           pieces = id | id …  (fiche-level pièces), note
 *   [volet.ID]              libelle, par_etp = oui|non (default for its indicators)
 *   [indicateur.ID]         volet, libelle, cible, par_etp = oui|non,
 *                           cible_annoncee = N (a second target stated elsewhere in
 *                           the fiche; a difference is reported), mesure (measure.h),
 *                           periode = FIELD | aucune, pieces = id | id …, note
 *
 * A second [volet.ID] or [indicateur.ID] of the same id, and a key given
 * twice in a section, are errors naming both lines. libelle, titre, note,
 * territoire, mesure and pieces may go on over indented lines; other keys
 * take a single value.
 *
 * Contradictions reported at load (DESIGN §6, FICHES.md): calendrier not
 * equal to debut..fin (bordeaux-3) and cible_annoncee different from cible
 * (libournais-3).
 */
#ifndef FSE_FICHE_H
#define FSE_FICHE_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include "common/diag.h"
#include "config/templates.h"
#include "measures/measure.h"

typedef struct {
    char *id, *libelle;
    bool par_etp;
} fse_volet;

typedef struct {
    char *id, *volet, *libelle, *note;
    bool has_cible;
    double cible;               /* annual target, for one ETP when par_etp */
    bool par_etp;
    bool par_etp_set;           /* false: inherits its volet's par_etp */
    bool has_cible_annoncee;
    double cible_annoncee;
    fse_measure *mesure;        /* owned */
    char *periode;              /* field name or NULL */
    char **pieces;
    size_t npieces;
    long line;
} fse_indicateur;

typedef struct {
    char *id, *path;
    char *plie, *numero, *titre, *territoire, *note;
    int32_t debut, fin;         /* days since 1970 */
    bool has_calendrier;
    int32_t cal_debut, cal_fin;
    double fse_max, cofinancement_max;
    char **pieces;
    size_t npieces;
    fse_volet *volets;
    size_t nvolets, cap_volets;
    fse_indicateur *inds;
    size_t ninds, cap_inds;
} fse_fiche;

/* The pièce ids a fiche may name, in the order they are numbered in a pack. */
extern const char *const fse_piece_ids[];
extern const size_t fse_npiece_ids;
/* Index of a pièce id in fse_piece_ids, or -1. */
int fse_piece_index(const char *id);

/* Load templates/fiches/<id>.ini from dir. Returns 0; -1 when the file does
 * not exist (unknown fiche); 1 when it holds errors (reported with file:line).
 * Warnings for the contradictions above go to d. */
int fse_fiche_load(fse_fiche *f, const char *dir, const char *id,
                   const fse_templates *t, fse_diags *d);
void fse_fiche_free(fse_fiche *f);
const fse_volet *fse_fiche_volet(const fse_fiche *f, const char *id);
/* Every fiche id that has a file in dir/fiches, sorted; owned array. */
size_t fse_fiche_list_ids(const char *dir, char ***ids);

#endif
