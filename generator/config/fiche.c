/* fiche.c — see fiche.h. */
#include "config/fiche.h"
#include "config/ini_file.h"
#include "common/text.h"
#include "common/util.h"
#include "ingest/values.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

const char *const fse_piece_ids[] = {
    "bordereau", "bilan", "tableau-impact", "liste-marches", "liste-operations",
    "liste-chantiers", "liste-donneurs-ordre", "liste-conventions", "liste-entreprises",
    "liste-offres", "liste-mises-en-relation", "liste-actions", "emargements",
    "liste-personnes-preparees", "liste-participants",
};
const size_t fse_npiece_ids = sizeof fse_piece_ids / sizeof fse_piece_ids[0];

int fse_piece_index(const char *id)
{
    for (size_t i = 0; i < fse_npiece_ids; i++)
        if (!strcmp(fse_piece_ids[i], id)) return (int)i;
    return -1;
}

typedef struct {
    fse_fiche *f;
    const fse_templates *t;
    fse_diags *d;
    char *mesure_text;   /* accumulated over continuation lines */
    fse_indicateur *mesure_of;
    long mesure_line;
    size_t *bad_mesures; /* indexes of indicators whose mesure was reported unparsable */
    size_t nbad, cap_bad;
    size_t cur;          /* index of the volet or indicator of the current section */
    bool skip_section;   /* a repeated [volet.ID] or [indicateur.ID]: its keys are ignored */
    bool skip_key;       /* a key rejected as given twice: its continuation lines are ignored */
    long col;            /* column of the current key's value (fse_ini_at.col) */
} ctx;

#define ERR(...) fse_ini_error(c->d, "fiche", c->f->path, line, __VA_ARGS__)
/* An error about the value of the current key, or about a [section] name: at its column. */
#define VERR(...) fse_ini_error_at(c->d, "fiche", c->f->path, line, c->col, __VA_ARGS__)

static int parse_bool_value(const char *v, bool *out)
{
    int b = fse_parse_bool(v);
    if (b < 0) return -1;
    *out = b;
    return 0;
}

static int parse_pieces(ctx *c, const char *value, long line, char ***arr, size_t *n)
{
    char **parts;
    size_t np = fse_split_bar(value, &parts);
    int ok = 1;
    for (size_t i = 0; i < np; i++) {
        if (fse_piece_index(parts[i]) < 0) {
            fse_sb known = {0};
            for (size_t k = 0; k < fse_npiece_ids; k++) fse_sb_addf(&known, "%s%s", k ? ", " : "", fse_piece_ids[k]);
            ok = VERR("pièce inconnue « %s » (connues : %s)", parts[i], known.s);
            fse_sb_free(&known);
            free(parts[i]);
            continue;
        }
        *arr = fse_xrealloc(*arr, (*n + 1) * sizeof **arr);
        (*arr)[(*n)++] = parts[i];
    }
    free(parts);
    return ok;
}

static int parse_range(const char *v, int32_t *a, int32_t *b)
{
    const char *dots = strstr(v, "..");
    if (!dots) return -1;
    char *left = fse_xstrndup(v, (size_t)(dots - v));
    bool ok = fse_parse_date(left, a) && fse_parse_date(dots + 2, b) && *a <= *b;
    free(left);
    return ok ? 0 : -1;
}

static void add_indicateur(fse_fiche *f, const char *id, long line)
{
    fse_grow((void **)&f->inds, &f->cap_inds, f->ninds + 1, sizeof *f->inds);
    fse_indicateur *ind = &f->inds[f->ninds++];
    memset(ind, 0, sizeof *ind);
    ind->id = fse_xstrdup(id);
    ind->line = line;
}

static void add_volet(fse_fiche *f, const char *id)
{
    fse_grow((void **)&f->volets, &f->cap_volets, f->nvolets + 1, sizeof *f->volets);
    fse_volet *v = &f->volets[f->nvolets++];
    memset(v, 0, sizeof *v);
    v->id = fse_xstrdup(id);
}

enum { KEY_UNKNOWN, KEY_SCALAR, KEY_TEXT };

static bool among(const char *name, const char *const *names)
{
    for (; *names; names++)
        if (!strcmp(name, *names)) return true;
    return false;
}

/* Text keys may go on over indented lines (inih passes each as a further
 * value of the key: they are joined); other keys take a single value. */
static int key_kind(const char *section, const char *name)
{
    static const char *const fiche_scalar[] = { "id", "plie", "numero", "debut", "fin", "fse_max",
                                                "cofinancement_max", "calendrier", NULL };
    static const char *const fiche_text[] = { "titre", "territoire", "note", "pieces", NULL };
    static const char *const volet_scalar[] = { "par_etp", NULL };
    static const char *const volet_text[] = { "libelle", NULL };
    static const char *const ind_scalar[] = { "volet", "cible", "cible_annoncee", "par_etp", "periode", NULL };
    static const char *const ind_text[] = { "libelle", "note", "mesure", "pieces", NULL };
    const char *const *scalar = ind_scalar, *const *text = ind_text;
    if (!strcmp(section, "fiche")) scalar = fiche_scalar, text = fiche_text;
    else if (!strncmp(section, "volet.", 6)) scalar = volet_scalar, text = volet_text;
    else if (strncmp(section, "indicateur.", 11)) return KEY_UNKNOWN;  /* reported at [section] */
    return among(name, scalar) ? KEY_SCALAR : among(name, text) ? KEY_TEXT : KEY_UNKNOWN;
}

/* A key given twice in a section is an error naming both lines, and so is an
 * indented line continuing a key that takes a single value. */
static int given_once(ctx *c, const char *section, const char *name, const fse_ini_at *at, int kind)
{
    long line = at->line;
    if (at->continued) {
        if (kind == KEY_TEXT) return 1;
        return ERR("%s prend une seule valeur : cette ligne en retrait prolongerait celle de la ligne %ld",
                   name, at->first);
    }
    if (at->first)
        return ERR("%s déjà donné ligne %ld dans [%s]%s", name, at->first, section,
                   kind == KEY_TEXT ? " (prolongez une valeur longue sur des lignes en retrait)" : "");
    return 1;
}

static void set_str(char **dst, const char *v)
{
    if (*dst) {  /* continuation line: append */
        char *s = fse_xasprintf("%s %s", *dst, v);
        free(*dst);
        *dst = s;
    } else {
        *dst = fse_xstrdup(v);
    }
}

static int on_fiche(ctx *c, const char *name, const char *value, long line)
{
    fse_fiche *f = c->f;
    if (!strcmp(name, "id")) {
        if (strcmp(value, f->id)) return VERR("id « %s » diffère du nom du fichier (%s)", value, f->id);
    } else if (!strcmp(name, "plie")) set_str(&f->plie, value);
    else if (!strcmp(name, "numero")) set_str(&f->numero, value);
    else if (!strcmp(name, "titre")) set_str(&f->titre, value);
    else if (!strcmp(name, "territoire")) set_str(&f->territoire, value);
    else if (!strcmp(name, "note")) set_str(&f->note, value);
    else if (!strcmp(name, "debut") || !strcmp(name, "fin")) {
        int32_t day;
        if (!fse_parse_date(value, &day)) return VERR("%s doit être une date (2024-01-01), pas « %s »", name, value);
        if (name[0] == 'd') f->debut = day; else f->fin = day;
    } else if (!strcmp(name, "calendrier")) {
        if (parse_range(value, &f->cal_debut, &f->cal_fin)) return VERR("calendrier doit être de la forme DEBUT..FIN (deux dates)");
        f->has_calendrier = true;
    } else if (!strcmp(name, "fse_max") || !strcmp(name, "cofinancement_max")) {
        double v;
        if (!fse_parse_number(value, &v) || v < 0) return VERR("%s doit être un nombre, pas « %s »", name, value);
        if (name[0] == 'f') f->fse_max = v; else f->cofinancement_max = v;
    } else if (!strcmp(name, "pieces")) {
        return parse_pieces(c, value, line, &f->pieces, &f->npieces);
    } else {
        return ERR("clé inconnue « %s » dans [fiche]", name);
    }
    return 1;
}

static int on_indicateur(ctx *c, fse_indicateur *ind, const char *name, const char *value, long line)
{
    if (!strcmp(name, "volet")) { free(ind->volet); ind->volet = fse_xstrdup(value); }
    else if (!strcmp(name, "libelle")) set_str(&ind->libelle, value);
    else if (!strcmp(name, "note")) set_str(&ind->note, value);
    else if (!strcmp(name, "cible") || !strcmp(name, "cible_annoncee")) {
        double v;
        if (!fse_parse_number(value, &v) || v < 0) return VERR("%s doit être un nombre, pas « %s »", name, value);
        if (!strcmp(name, "cible")) { ind->cible = v; ind->has_cible = true; }
        else { ind->cible_annoncee = v; ind->has_cible_annoncee = true; }
    } else if (!strcmp(name, "par_etp")) {
        if (parse_bool_value(value, &ind->par_etp)) return VERR("par_etp doit valoir oui ou non");
        ind->par_etp_set = true;
    } else if (!strcmp(name, "periode")) {
        free(ind->periode);
        ind->periode = fse_xstrdup(value);
    } else if (!strcmp(name, "mesure")) {
        if (c->mesure_of == ind) {
            char *s = fse_xasprintf("%s %s", c->mesure_text, value);
            free(c->mesure_text);
            c->mesure_text = s;
        } else {
            free(c->mesure_text);
            c->mesure_text = fse_xstrdup(value);
            c->mesure_of = ind;
            c->mesure_line = line;
        }
    } else if (!strcmp(name, "pieces")) {
        return parse_pieces(c, value, line, &ind->pieces, &ind->npieces);
    } else {
        return ERR("clé inconnue « %s » dans [indicateur.%s]", name, ind->id);
    }
    return 1;
}

/* Parse the measure accumulated for the current indicator, if any. */
static void flush_mesure(ctx *c)
{
    if (!c->mesure_of) return;
    char err[256];
    int col = 0;
    fse_measure *m = fse_measure_parse(c->mesure_text, c->t, err, sizeof err, &col);
    if (!m) {  /* col: the expression begins at column 10 of "mesure = …" */
        fse_diag(c->d, FSE_SEV_ERROR, "fiche", c->f->path, c->mesure_line, col + 9,
                 "mesure de %s : %s", c->mesure_of->id, err);
        FSE_PUSH(c->bad_mesures, c->nbad, c->cap_bad, (size_t)(c->mesure_of - c->f->inds));
    }
    c->mesure_of->mesure = m;
    free(c->mesure_text);
    c->mesure_text = NULL;
    c->mesure_of = NULL;
}

static int on_pair(void *user, const char *section, const char *name, const char *value,
                   const fse_ini_at *at)
{
    ctx *c = user;
    long line = at->line;
    c->col = at->col;
    if (!name) {  /* a section line: volets and indicators exist even without keys */
        if (c->mesure_of) flush_mesure(c);
        c->skip_section = false;
        bool is_volet = !strncmp(section, "volet.", 6), is_ind = !strncmp(section, "indicateur.", 11);
        if (!is_volet && !is_ind) {
            if (strcmp(section, "fiche")) return VERR("section inconnue [%s] (fiche, volet.ID, indicateur.ID)", section);
            return 1;  /* [fiche] given twice: its keys are checked one by one */
        }
        if (at->first) {
            c->skip_section = true;
            return VERR("%s %s déjà déclaré ligne %ld", is_ind ? "indicateur" : "volet",
                       section + (is_ind ? 11 : 6), at->first);
        }
        if (is_volet) { c->cur = c->f->nvolets; add_volet(c->f, section + 6); }
        else { c->cur = c->f->ninds; add_indicateur(c->f, section + 11, line); }
        return 1;
    }
    if (c->skip_section || (c->skip_key && at->continued)) return 1;  /* already reported */
    c->skip_key = false;
    if (c->mesure_of && (strcmp(name, "mesure") || !at->continued)) flush_mesure(c);
    int kind = key_kind(section, name);
    if (kind != KEY_UNKNOWN && !given_once(c, section, name, at, kind)) {
        c->skip_key = true;
        return 0;
    }
    if (!strcmp(section, "fiche")) return on_fiche(c, name, value, line);
    if (!strncmp(section, "volet.", 6) && c->cur < c->f->nvolets) {
        fse_volet *v = &c->f->volets[c->cur];
        if (!strcmp(name, "libelle")) set_str(&v->libelle, value);
        else if (!strcmp(name, "par_etp")) {
            if (parse_bool_value(value, &v->par_etp)) return VERR("par_etp doit valoir oui ou non");
        } else return ERR("clé inconnue « %s » dans [%s]", name, section);
        return 1;
    }
    if (!strncmp(section, "indicateur.", 11) && c->cur < c->f->ninds)
        return on_indicateur(c, &c->f->inds[c->cur], name, value, line);
    return 0;  /* an unknown section: reported once, at its [section] line */
}

static void check(ctx *c)
{
    fse_fiche *f = c->f;
    long line = 0;
    if (!f->titre || !f->plie) ERR("[fiche] doit donner plie et titre");
    if (!f->debut || !f->fin || f->fin < f->debut) ERR("[fiche] doit avoir debut <= fin");
    if (f->has_calendrier && (f->cal_debut != f->debut || f->cal_fin != f->fin)) {
        char a[11], b[11], x[11], y[11];
        fse_format_fr(f->cal_debut, a); fse_format_fr(f->cal_fin, b);
        fse_format_fr(f->debut, x); fse_format_fr(f->fin, y);
        fse_diag(c->d, FSE_SEV_WARNING, "fiche-contradiction", f->path, 0, 0,
                 "%s : le calendrier prévisionnel (%s – %s) contredit la période d'exécution "
                 "(%s – %s) ; la période d'exécution est retenue", f->id, a, b, x, y);
    }
    for (size_t i = 0; i < f->ninds; i++) {
        fse_indicateur *ind = &f->inds[i];
        line = ind->line;
        if (!ind->libelle) ERR("l'indicateur %s n'a pas de libelle", ind->id);
        if (!ind->mesure) {
            bool reported = false;
            for (size_t k = 0; k < c->nbad; k++) reported |= c->bad_mesures[k] == i;
            if (!reported) ERR("l'indicateur %s n'a pas de mesure valide", ind->id);
            continue;
        }
        if (!ind->volet) ERR("l'indicateur %s n'a pas de volet", ind->id);
        else if (!fse_fiche_volet(f, ind->volet)) ERR("indicateur %s : le volet « %s » n'est pas déclaré", ind->id, ind->volet);
        else if (!ind->par_etp_set) ind->par_etp = fse_fiche_volet(f, ind->volet)->par_etp;
        if (ind->periode && fse_measure_set_period_field(ind->mesure, ind->periode))
            ERR("indicateur %s : periode « %s » n'est pas un champ date de ses jeux de données (ni aucune)", ind->id, ind->periode);
        if (ind->has_cible_annoncee && ind->has_cible && ind->cible_annoncee != ind->cible)
            fse_diag(c->d, FSE_SEV_WARNING, "fiche-contradiction", f->path, ind->line, 1,
                     "%s : l'indicateur %s a pour cible %g dans son unité de mesure mais %g dans les résultats "
                     "attendus de la fiche ; %g est retenu", f->id, ind->id, ind->cible, ind->cible_annoncee, ind->cible);
    }
    if (!f->ninds) ERR("la fiche ne déclare aucun indicateur");
}

int fse_fiche_load(fse_fiche *f, const char *dir, const char *id,
                   const fse_templates *t, fse_diags *d)
{
    memset(f, 0, sizeof *f);
    f->id = fse_xstrdup(id);
    f->path = fse_xasprintf("%s/fiches/%s.ini", dir, id);
    for (const char *s = id; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return -1;
    ctx c = { .f = f, .t = t, .d = d };
    size_t before = d->nerrors;
    int rc = fse_ini_parse_at(f->path, on_pair, &c, d);
    if (rc < 0) return -1;
    if (rc == 2) return 1;   /* refused unread (a fifo, a device…): nothing to check */
    flush_mesure(&c);
    check(&c);
    free(c.bad_mesures);
    return d->nerrors > before ? 1 : 0;
}

const fse_volet *fse_fiche_volet(const fse_fiche *f, const char *id)
{
    for (size_t i = 0; i < f->nvolets; i++)
        if (!strcmp(f->volets[i].id, id)) return &f->volets[i];
    return NULL;
}

void fse_fiche_free(fse_fiche *f)
{
    for (size_t i = 0; i < f->ninds; i++) {
        fse_indicateur *ind = &f->inds[i];
        free(ind->id); free(ind->volet); free(ind->libelle); free(ind->note); free(ind->periode);
        fse_measure_free(ind->mesure);
        for (size_t k = 0; k < ind->npieces; k++) free(ind->pieces[k]);
        free(ind->pieces);
    }
    free(f->inds);
    for (size_t i = 0; i < f->nvolets; i++) { free(f->volets[i].id); free(f->volets[i].libelle); }
    free(f->volets);
    for (size_t k = 0; k < f->npieces; k++) free(f->pieces[k]);
    free(f->pieces);
    free(f->id); free(f->path); free(f->plie); free(f->numero); free(f->titre);
    free(f->territoire); free(f->note);
    memset(f, 0, sizeof *f);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

size_t fse_fiche_list_ids(const char *dir, char ***ids)
{
    char *path = fse_xasprintf("%s/fiches", dir);
    DIR *dh = opendir(path);
    free(path);
    size_t n = 0, cap = 0;
    *ids = NULL;
    if (!dh) return 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t len = strlen(e->d_name);
        if (len > 4 && !strcmp(e->d_name + len - 4, ".ini") && e->d_name[0] != '.')
            FSE_PUSH(*ids, n, cap, fse_xstrndup(e->d_name, len - 4));
    }
    closedir(dh);
    if (n) qsort(*ids, n, sizeof **ids, cmp_str);
    return n;
}
