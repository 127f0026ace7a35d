/* emargements.h — what the émargement pièce (emargements.c) and the
 * `fsepack emargement` command (commands/emargement.c) share: the columns of
 * the actions and presences datasets, the attendance rows of each action,
 * and the half-days of an action and of an attendance row.
 *
 * Why: the summary of the captured attendance and the blank sheets to be
 * signed must read the exports the same way (an action's half-days, who is
 * "registered" for it, how a person is identified), so the two cannot drift.
 *
 * Rules (DESIGN §3, research/domain.md §4.6):
 *   - presences rows belong to the action whose action_id has the same
 *     normalised key (fse_norm_key, as the measures and checks match them);
 *   - a person is identified by personne_id, else by nom, prénom and structure;
 *   - half-days: "Matin" = morning, "Après-midi" = afternoon, "Journée" =
 *     both; an empty demi_journee takes the half-days of the action, which
 *     come from its hours (starts before 12:00 → morning; ends after 13:00 or
 *     starts from 12:00 → afternoon; no usable hours → both).
 */
#ifndef FSE_EMARGEMENTS_H
#define FSE_EMARGEMENTS_H

#include <stddef.h>
#include "datasets/dataset.h"

#define FSE_EM_MATIN 1u
#define FSE_EM_APRES_MIDI 2u

typedef struct {
    fse_dataset *a, *p;   /* actions, presences (either may be not loaded) */
    int a_id, a_intitule, a_type, a_date, a_hd, a_hf, a_lieu, a_anim;
    int p_action, p_pid, p_type, p_nom, p_prenom, p_struct, p_statut, p_demi, p_signe;
} fse_em_cols;

void fse_em_cols_init(fse_em_cols *k, fse_datasets_t *data);

/* Text of field f of r, "" when empty or f < 0. */
const char *fse_em_tx(const fse_row *r, int f);

/* Half-days (FSE_EM_* bits) an action covers, from its hours. */
unsigned fse_em_action_halves(const fse_em_cols *k, const fse_row *action);
/* Half-days of an attendance row: its demi_journee, else action_halves. */
unsigned fse_em_row_halves(const fse_em_cols *k, const fse_row *pres, unsigned action_halves);
/* "Matin", "Après-midi", "Journée" (static; "" for 0). */
const char *fse_em_halves_label(unsigned halves);
/* "09:00 – 16:30", "09:00", "" into buf. */
void fse_em_horaires(const fse_em_cols *k, const fse_row *action, char *buf, size_t len);

/* Statut of an attendance row. */
typedef enum { FSE_EM_AUTRE = 0, FSE_EM_PRESENT, FSE_EM_ABSENT, FSE_EM_EXCUSE } fse_em_statut;
fse_em_statut fse_em_statut_of(const fse_em_cols *k, const fse_row *pres);
/* Identity of the person of an attendance row (owned). */
char *fse_em_person_key(const fse_em_cols *k, const fse_row *pres);

/* Attendance rows of each action (rows of k->p, in file order). */
typedef struct { size_t *rows; size_t n, cap; } fse_em_rows;
typedef struct {
    char **keys;          /* normalised action ids, owned */
    fse_em_rows *lists;
    size_t n, cap;
    void *map;            /* fse_strmap, owned */
} fse_em_index;

void fse_em_index_build(fse_em_index *ix, const fse_em_cols *k);
/* Rows of the action id (any spelling with the same key); NULL when none. */
const fse_em_rows *fse_em_index_get(const fse_em_index *ix, const char *action_id);
void fse_em_index_free(fse_em_index *ix);

/* The people of an action's attendance rows, one per identity, in the order
 * of their first row. */
typedef struct {
    char *key;            /* fse_em_person_key, owned */
    size_t row;           /* first attendance row of the person */
    size_t row_present;   /* first row with statut Présent, else row: names, type, structure */
    fse_em_statut statut; /* Présent when any row says so, else Excusé, else Absent */
    unsigned halves;      /* half-days present */
    size_t present_rows, signed_rows; /* rows Présent; of which Signé = Oui */
} fse_em_person;

size_t fse_em_people(const fse_em_cols *k, const fse_em_rows *rows, unsigned action_halves,
                     fse_em_person **out);
void fse_em_people_free(fse_em_person *p, size_t n);

#endif
