/* emargement_rows.c — the helpers of emargements.h: how the émargement
 * pièce (emargements.c) and the `fsepack emargement` command read the
 * actions and presences exports (columns, half-days, statut, who is who,
 * the attendance rows of each action). One reading for both, so a sheet
 * printed blank and its summary agree.
 */
#include "pieces/pieces.h"
#include "pieces/emargements.h"
#include "common/strmap.h"
#include "common/strset.h"
#include "common/text.h"
#include "common/util.h"
#include "ingest/values.h"
#include "measures/measure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

static int fi(const fse_dataset *ds, const char *name)
{
    return ds && ds->def ? fse_field_index(ds->def, name) : -1;
}

void fse_em_cols_init(fse_em_cols *k, fse_datasets_t *data)
{
    k->a = fse_datasets_get(data, "actions");
    k->p = fse_datasets_get(data, "presences");
    k->a_id = fi(k->a, "action_id"); k->a_intitule = fi(k->a, "intitule");
    k->a_type = fi(k->a, "type"); k->a_date = fi(k->a, "date");
    k->a_hd = fi(k->a, "heure_debut"); k->a_hf = fi(k->a, "heure_fin");
    k->a_lieu = fi(k->a, "lieu"); k->a_anim = fi(k->a, "animateur");
    k->p_action = fi(k->p, "action_id"); k->p_pid = fi(k->p, "personne_id");
    k->p_type = fi(k->p, "type_personne"); k->p_nom = fi(k->p, "nom");
    k->p_prenom = fi(k->p, "prenom"); k->p_struct = fi(k->p, "structure");
    k->p_statut = fi(k->p, "statut"); k->p_demi = fi(k->p, "demi_journee");
    k->p_signe = fi(k->p, "signe");
}

const char *fse_em_tx(const fse_row *r, int f)
{
    return f >= 0 && r->v[f].text ? r->v[f].text : "";
}

/* Minutes since midnight of "9:00", "09h30", "9h", "14 h 15", "0.375"
 * (an Excel time fraction); -1 when not a time. */
static int minutes_of(const char *s)
{
    while (*s == ' ') s++;
    if (!*s) return -1;
    if (s[0] == '0' && s[1] == '.') {            /* Excel fraction of a day */
        double f = strtod(s, NULL);
        return f > 0 && f < 1 ? (int)(f * 1440 + 0.5) : -1;
    }
    int h = 0, m = 0, nd = 0;
    while (*s >= '0' && *s <= '9' && nd < 2) { h = h * 10 + (*s++ - '0'); nd++; }
    if (!nd || h > 24) return -1;
    while (*s == ' ') s++;
    if (*s == ':' || *s == 'h' || *s == 'H') {
        s++;
        while (*s == ' ') s++;
        nd = 0;
        while (*s >= '0' && *s <= '9' && nd < 2) { m = m * 10 + (*s++ - '0'); nd++; }
        if (m > 59) return -1;
    } else if (*s) {
        return -1;
    }
    return h * 60 + m;
}

unsigned fse_em_action_halves(const fse_em_cols *k, const fse_row *action)
{
    int a = minutes_of(fse_em_tx(action, k->a_hd)), b = minutes_of(fse_em_tx(action, k->a_hf));
    if (a < 0 && b < 0) return FSE_EM_MATIN | FSE_EM_APRES_MIDI;
    unsigned h = 0;
    if (a >= 0 && a < 12 * 60) h |= FSE_EM_MATIN;
    if (a >= 12 * 60 || b > 13 * 60) h |= FSE_EM_APRES_MIDI;
    if (a < 0 && b >= 0 && b <= 13 * 60) h |= FSE_EM_MATIN;
    return h ? h : FSE_EM_MATIN | FSE_EM_APRES_MIDI;
}

unsigned fse_em_row_halves(const fse_em_cols *k, const fse_row *pres, unsigned action_halves)
{
    char *key = fse_norm_key(fse_em_tx(pres, k->p_demi));
    unsigned h = !strcmp(key, "matin") || !strcmp(key, "am") ? FSE_EM_MATIN
               : !strcmp(key, "apresmidi") || !strcmp(key, "pm") ? FSE_EM_APRES_MIDI
               : !strcmp(key, "journee") || !strcmp(key, "journeeentiere") ? FSE_EM_MATIN | FSE_EM_APRES_MIDI
               : action_halves;
    free(key);
    return h;
}

const char *fse_em_halves_label(unsigned halves)
{
    switch (halves & 3u) {
    case FSE_EM_MATIN: return "Matin";
    case FSE_EM_APRES_MIDI: return "Après-midi";
    case FSE_EM_MATIN | FSE_EM_APRES_MIDI: return "Journée";
    }
    return "";
}

void fse_em_horaires(const fse_em_cols *k, const fse_row *action, char *buf, size_t len)
{
    const char *a = fse_em_tx(action, k->a_hd), *b = fse_em_tx(action, k->a_hf);
    if (*a && *b) snprintf(buf, len, "%s – %s", a, b);
    else snprintf(buf, len, "%s%s", a, b);
}

fse_em_statut fse_em_statut_of(const fse_em_cols *k, const fse_row *pres)
{
    char *key = fse_norm_key(fse_em_tx(pres, k->p_statut));
    fse_em_statut s = !strcmp(key, "present") || !strcmp(key, "presente") ? FSE_EM_PRESENT
                    : !strcmp(key, "absent") || !strcmp(key, "absente") ? FSE_EM_ABSENT
                    : !strncmp(key, "excuse", 6) ? FSE_EM_EXCUSE : FSE_EM_AUTRE;
    free(key);
    return s;
}

char *fse_em_person_key(const fse_em_cols *k, const fse_row *pres)
{
    const char *id = fse_em_tx(pres, k->p_pid);
    if (*id) {
        char *n = fse_norm_key(id);
        char *r = fse_xasprintf("id:%s", n);
        free(n);
        return r;
    }
    char *a = fse_norm_key(fse_em_tx(pres, k->p_nom)), *b = fse_norm_key(fse_em_tx(pres, k->p_prenom)),
         *c = fse_norm_key(fse_em_tx(pres, k->p_struct));
    char *r = fse_xasprintf("nom:%s|%s|%s", a, b, c);
    free(a); free(b); free(c);
    return r;
}

void fse_em_index_build(fse_em_index *ix, const fse_em_cols *k)
{
    memset(ix, 0, sizeof *ix);
    fse_strmap *m = fse_xcalloc(1, sizeof *m);
    ix->map = m;
    if (!k->p || !k->p->loaded || k->p_action < 0) return;
    for (size_t i = 0; i < k->p->nrows; i++) {
        const char *id = fse_em_tx(&k->p->rows[i], k->p_action);
        if (!*id) continue;
        char *key = fse_norm_key(id);
        size_t *at = fse_strmap_get(m, key);
        size_t pos = at ? *at : ix->n;
        if (!at) {
            fse_strmap_put(m, key, pos);
            FSE_PUSH(ix->keys, ix->n, ix->cap, key);
            ix->lists = fse_xrealloc(ix->lists, ix->cap * sizeof *ix->lists);  /* parallel to keys */
            memset(&ix->lists[pos], 0, sizeof ix->lists[pos]);
        } else {
            free(key);
        }
        fse_em_rows *l = &ix->lists[pos];
        FSE_PUSH(l->rows, l->n, l->cap, i);
    }
}

const fse_em_rows *fse_em_index_get(const fse_em_index *ix, const char *action_id)
{
    if (!ix->map || !action_id || !*action_id) return NULL;
    char *key = fse_norm_key(action_id);
    size_t *at = fse_strmap_get(ix->map, key);
    free(key);
    return at ? &ix->lists[*at] : NULL;
}

void fse_em_index_free(fse_em_index *ix)
{
    for (size_t i = 0; i < ix->n; i++) {
        free(ix->keys[i]);
        free(ix->lists[i].rows);
    }
    free(ix->keys);
    free(ix->lists);
    if (ix->map) fse_strmap_free(ix->map);
    free(ix->map);
    memset(ix, 0, sizeof *ix);
}

size_t fse_em_people(const fse_em_cols *k, const fse_em_rows *rows, unsigned action_halves,
                     fse_em_person **out)
{
    *out = NULL;
    size_t n = 0, cap = 0;
    fse_strmap idx = {0};
    for (size_t i = 0; rows && i < rows->n; i++) {
        size_t ri = rows->rows[i];
        const fse_row *r = &k->p->rows[ri];
        char *key = fse_em_person_key(k, r);
        size_t *at = fse_strmap_get(&idx, key);
        fse_em_person *p;
        if (at) {
            p = &(*out)[*at];
            free(key);
        } else {
            fse_strmap_put(&idx, key, n);
            FSE_PUSH(*out, n, cap, ((fse_em_person){ .key = key, .row = ri, .row_present = ri }));
            p = &(*out)[n - 1];
        }
        fse_em_statut st = fse_em_statut_of(k, r);
        if (st == FSE_EM_PRESENT) {
            if (p->statut != FSE_EM_PRESENT) p->row_present = ri;
            p->statut = FSE_EM_PRESENT;
            p->halves |= fse_em_row_halves(k, r, action_halves);
            p->present_rows++;
            const fse_value *sv = k->p_signe >= 0 ? &r->v[k->p_signe] : NULL;
            if (sv && sv->state == FSE_VAL_OK && sv->num > 0.5) p->signed_rows++;
        } else if (p->statut != FSE_EM_PRESENT) {
            /* Excusé over Absent over anything else */
            if (st == FSE_EM_EXCUSE || (st == FSE_EM_ABSENT && p->statut != FSE_EM_EXCUSE)) p->statut = st;
        }
    }
    fse_strmap_free(&idx);
    return n;
}

void fse_em_people_free(fse_em_person *p, size_t n)
{
    for (size_t i = 0; i < n; i++) free(p[i].key);
    free(p);
}

