/* measure_check.c — values a measure compares with that no row holds.
 *
 * Why: `where resultat = Embauch` (a typo) or a type renamed in the export
 * makes an indicator 0 without any error; an auditor would see a figure
 * silently wrong. Every value of an =, ^= or in (…) condition that no row of
 * its dataset holds (whatever the period) is reported.
 */
#include "measures/measure.h"
#include "common/strset.h"
#include "common/text.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

/* Does some row of ds hold key (normalised) in field f, exactly or as a prefix? */
static bool held(const fse_dataset *ds, int f, const char *key, bool prefix)
{
    for (size_t i = 0; i < ds->nrows; i++) {
        const char *t = ds->rows[i].v[f].text;
        if (!t) continue;
        char *k = fse_norm_key(t);
        bool hit = prefix ? !strncmp(k, key, strlen(key)) : !strcmp(k, key);
        free(k);
        if (hit) return true;
    }
    return false;
}

static void check_conds(fse_datasets_t *data, const fse_dataset_def *def, const fse_cond *c, size_t n,
                        const char *what, const char *file, long line, fse_diags *d)
{
    fse_dataset *ds = fse_datasets_get(data, def->name);
    for (size_t i = 0; i < n; i++) {
        if (c[i].sub) check_conds(data, c[i].sub->def, c[i].sub->conds, c[i].sub->nconds, what, file, line, d);
        if (!ds->loaded || !ds->nrows || def->fields[c[i].fidx].type == FSE_FT_BOOL) continue;
        if (c[i].op == FSE_OP_EQ || c[i].op == FSE_OP_PREFIX) {
            if (!held(ds, c[i].fidx, c[i].vkey, c[i].op == FSE_OP_PREFIX))
                fse_diag(d, FSE_SEV_WARNING, "valeur-absente", file, line, 0,
                         "%s : aucune ligne de l'export %s n'a %s %s « %s » (faute de frappe, ou libellé renommé dans l'export ?)",
                         what, def->name, c[i].field, c[i].op == FSE_OP_EQ ? "=" : "commençant par", c[i].value);
        } else if (c[i].op == FSE_OP_IN_LIST) {
            size_t found = 0;
            for (size_t k = 0; k < c[i].nkeys; k++) found += held(ds, c[i].fidx, c[i].keys[k], false);
            if (!found)
                fse_diag(d, FSE_SEV_WARNING, "valeur-absente", file, line, 0,
                         "%s : aucune ligne de l'export %s n'a de %s parmi les %zu valeurs listées (faute de frappe, ou libellés renommés "
                         "dans l'export ?)", what, def->name, c[i].field, c[i].nkeys);
        }
    }
}

void fse_measure_check_values(const fse_measure *m, fse_datasets_t *data, const char *what,
                              const char *file, long line, fse_diags *d)
{
    for (size_t t = 0; t < m->nterms; t++)
        check_conds(data, m->terms[t].def, m->terms[t].conds, m->terms[t].nconds, what, file, line, d);
}
