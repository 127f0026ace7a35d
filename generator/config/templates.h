/* templates.h — what a PLIE changes without recompiling: the header aliases
 * (templates/colonnes.ini) and the named value lists (templates/listes.ini).
 * The fiche definitions (templates/fiches/) are read by fiche.h.
 *
 * The templates folder is, in order: $FSEPACK_TEMPLATES, then
 * <folder of the executable>/../templates (build/fsepack -> templates/),
 * then <folder of the executable>/../share/fsepack/templates (what
 * `make install PREFIX=…` lays out), then FSE_TEMPLATES_DIR when defined at
 * compile time, then /usr/share/fsepack/templates.
 */
#ifndef FSE_TEMPLATES_H
#define FSE_TEMPLATES_H

#include <stddef.h>
#include "common/diag.h"

typedef struct {
    char *dataset;   /* "heures" */
    char *field;     /* "heures" */
    char *key;       /* fse_norm_key of the header: "heuresrealisees" */
    char *header;    /* the header as written */
} fse_alias;

typedef struct {
    char *name;      /* "actions_collectives" */
    char **values;   /* as written */
    char **keys;     /* fse_norm_key of each value */
    size_t n;
} fse_list;

typedef struct {
    char *dir;       /* owned */
    fse_alias *aliases;
    size_t naliases, cap_aliases;
    fse_list *lists;
    size_t nlists, cap_lists;
} fse_templates;

/* Find the folder (see above) into *dir (owned). Returns 0 or -1 when none
 * holds colonnes.ini. */
int fse_templates_find(char **dir);
/* Load colonnes.ini and listes.ini of dir. Errors (file:line) go to d;
 * returns 0, -1 when a file is missing, 1 on content errors. */
int fse_templates_load(fse_templates *t, const char *dir, fse_diags *d);
/* Add one alias (used for the job's colonne.* overrides too). Returns 0, or
 * -1 when the field is unknown in the dataset. */
int fse_alias_add(fse_alias **arr, size_t *n, size_t *cap, const char *dataset,
                  const char *field, const char *header);
const fse_list *fse_list_find(const fse_templates *t, const char *name);
void fse_templates_free(fse_templates *t);

/* Split "a | b | c" into trimmed non-empty parts; returns count, *out owned
 * (free each and the array). */
size_t fse_split_bar(const char *s, char ***out);

#endif
