/* job.c — see job.h. */
#include "config/job.h"
#include "config/ini_file.h"
#include "common/text.h"
#include "common/util.h"
#include "datasets/schema.h"
#include "ingest/charset.h"
#include "ingest/values.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct {
    fse_job *job;
    fse_diags *d;
    bool skip_key;  /* a key rejected as given twice: its continuation lines are ignored */
    bool skip_section; /* an unknown [section], reported once at its line: its keys are ignored */
} ctx;

static char *resolve(const char *dir, const char *p)
{
    if (p[0] == '/' || !strcmp(dir, ".")) return fse_xstrdup(p);
    return fse_xasprintf("%s/%s", dir, p);
}

/* A second value of the same key is a continuation line (ini_file.h): join it. */
static void append(char **dst, const char *v)
{
    char *s = *dst ? fse_xasprintf("%s %s", *dst, v) : fse_xstrdup(v);
    free(*dst);
    *dst = s;
}

static bool parse_double(const char *s, double *out)
{
    return fse_parse_number(s, out);
}

static fse_source_cfg *source_for(fse_job *job, const char *ds, long line)
{
    for (size_t i = 0; i < job->nsources; i++)
        if (!strcmp(job->sources[i].dataset, ds)) return &job->sources[i];
    fse_grow((void **)&job->sources, &job->cap_sources, job->nsources + 1, sizeof *job->sources);
    fse_source_cfg *s = &job->sources[job->nsources++];
    memset(s, 0, sizeof *s);
    s->dataset = fse_xstrdup(ds);
    s->encodage = -1;
    s->line = line;
    return s;
}

static fse_fiche_cfg *fiche_for(fse_job *job, const char *id, long line)
{
    for (size_t i = 0; i < job->nfiches; i++)
        if (!strcmp(job->fiches[i].id, id)) return &job->fiches[i];
    fse_grow((void **)&job->fiches, &job->cap_fiches, job->nfiches + 1, sizeof *job->fiches);
    fse_fiche_cfg *f = &job->fiches[job->nfiches++];
    memset(f, 0, sizeof *f);
    f->id = fse_xstrdup(id);
    f->line = line;
    return f;
}

#define ERR(...) fse_ini_error(c->d, "config", c->job->path, line, __VA_ARGS__)
/* An error about the value of the key on line: at the value's column col. */
#define VERR(...) fse_ini_error_at(c->d, "config", c->job->path, line, col, __VA_ARGS__)

/* Keys that take a single value: given twice (or continued on an indented
 * line) they are an error naming both lines. fichier may repeat (one file
 * each); nom and porteur are text, continued over indented lines. */
static bool single_valued(const char *section, const char *name)
{
    static const char *const sortie[] = { "dossier", "confidentialite", "heures_par_etp", "sel_pseudonyme", NULL };
    static const char *const source[] = { "feuille", "encodage", "separateur", "ligne_entete", NULL };
    const char *const *keys = NULL;
    if (!strcmp(section, "sortie")) keys = sortie;
    else if (!strcmp(section, "periode")) return !strcmp(name, "defaut");
    else if (!strncmp(section, "fiche.", 6)) return !strcmp(name, "dossier_mdfse") || !strncmp(name, "etp.", 4);
    else if (!strncmp(section, "source.", 7) && fse_dataset_find(section + 7)) {
        if (!strncmp(name, "colonne.", 8)) return true;
        keys = source;
    }
    for (; keys && *keys; keys++)
        if (!strcmp(name, *keys)) return true;
    return false;
}

static bool is_text(const char *section, const char *name)
{
    return !strcmp(section, "plie") && (!strcmp(name, "nom") || !strcmp(name, "porteur"));
}

static int on_source(ctx *c, const char *ds, const char *name, const char *value, long line, long col)
{
    fse_job *job = c->job;
    fse_source_cfg *s = source_for(job, ds, line);
    if (!strcmp(name, "fichier")) {
        if (!*value) return VERR("fichier est vide");
        s->files = fse_xrealloc(s->files, (s->nfiles + 1) * sizeof *s->files);
        s->shown = fse_xrealloc(s->shown, (s->nfiles + 1) * sizeof *s->shown);
        s->file_lines = fse_xrealloc(s->file_lines, (s->nfiles + 1) * sizeof *s->file_lines);
        s->file_cols = fse_xrealloc(s->file_cols, (s->nfiles + 1) * sizeof *s->file_cols);
        s->file_lines[s->nfiles] = line;
        s->file_cols[s->nfiles] = col;
        s->files[s->nfiles] = resolve(job->dir, value);
        s->shown[s->nfiles++] = fse_xstrdup(value);
    } else if (!strcmp(name, "feuille")) {
        free(s->feuille);
        s->feuille = fse_xstrdup(value);
    } else if (!strcmp(name, "encodage")) {
        s->encodage = fse_encoding_parse(value);
        if (s->encodage < 0) return VERR("encodage inconnu « %s » (utf-8, utf-8-bom, windows-1252, utf-16le, utf-16be)", value);
    } else if (!strcmp(name, "separateur")) {
        if (!strcmp(value, ";") || !strcmp(value, ",")) s->separateur = value[0];
        else if (!strcmp(value, "\\t") || !strcasecmp(value, "tab") || !strcmp(value, "\t")) s->separateur = '\t';
        else return VERR("separateur doit être ; , ou tab, pas « %s »", value);
    } else if (!strcmp(name, "ligne_entete")) {
        char *end;
        long n = strtol(value, &end, 10);
        if (*end || n < 1 || n > 1000000) return VERR("ligne_entete doit être un numéro de ligne, pas « %s »", value);
        s->ligne_entete = n;
    } else if (!strncmp(name, "colonne.", 8)) {
        if (fse_alias_add(&s->aliases, &s->naliases, &s->cap_aliases, ds, name + 8, value))
            return ERR("champ inconnu « %s » du jeu de données %s", name + 8, ds);
    } else {
        return ERR("clé inconnue « %s » dans [source.%s]", name, ds);
    }
    return 1;
}

static int on_pair(void *user, const char *section, const char *name, const char *value,
                   const fse_ini_at *at)
{
    ctx *c = user;
    fse_job *job = c->job;
    long line = at->line, col = at->col;
    if (!name) {  /* a section line */
        c->skip_key = false;
        c->skip_section = false;
        if (!strncmp(section, "fiche.", 6)) {
            fse_fiche_cfg *f = fiche_for(job, section + 6, line);
            if (!f->col) f->col = at->col;   /* the first [fiche.ID], as f->line */
        }
        else if (!strncmp(section, "source.", 7) && fse_dataset_find(section + 7)) {
            fse_source_cfg *s = source_for(job, section + 7, line);
            if (!s->col) s->col = at->col;   /* the first [source.D], as s->line */
        }
        else if (!strncmp(section, "source.", 7)) {
            /* one error at the [section] line, at its name, not one per key */
            fse_sb names = {0};
            for (size_t i = 0; i < fse_ndatasets; i++)
                fse_sb_addf(&names, "%s%s", i ? ", " : "", fse_datasets[i].name);
            fse_ini_error_at(c->d, "config", job->path, line, at->col,
                             "jeu de données inconnu [%s] (connus : %s)", section, names.s);
            fse_sb_free(&names);
            c->skip_section = true;
            return 0;
        } else if (strcmp(section, "plie") && strcmp(section, "periode") && strcmp(section, "sortie")) {
            c->skip_section = true;
            return fse_ini_error_at(c->d, "config", job->path, line, at->col,
                                    "section inconnue [%s] (plie, periode, source.*, fiche.*, sortie)", section);
        }
        return 1;
    }
    if (c->skip_section) return 1;   /* its [section] line was reported */
    if (c->skip_key && at->continued) return 1;  /* continues a key reported as given twice */
    c->skip_key = false;
    bool single = single_valued(section, name);
    if (single && at->continued) {
        c->skip_key = true;
        return ERR("%s prend une seule valeur : cette ligne en retrait prolongerait celle de la ligne %ld",
                   name, at->first);
    }
    if ((single || is_text(section, name)) && at->first && !at->continued) {
        c->skip_key = true;
        return ERR("%s déjà donné ligne %ld dans [%s]%s", name, at->first, section,
                   single ? "" : " (prolongez une valeur longue sur des lignes en retrait)");
    }
    if (!strcmp(section, "plie")) {
        if (!strcmp(name, "nom")) append(&job->plie_nom, value);
        else if (!strcmp(name, "porteur")) append(&job->porteur, value);
        else return ERR("clé inconnue « %s » dans [plie]", name);
    } else if (!strcmp(section, "periode")) {
        fse_period p;
        if (strcmp(name, "defaut")) return ERR("clé inconnue « %s » dans [periode]", name);
        if (fse_period_parse(value, &p)) return VERR("période invalide « %s » (2024, 2024-05, 2024-01-01..2024-06-30, previous-month ou year-of-previous-month)", value);
        free(job->periode);
        job->periode = fse_xstrdup(value);
    } else if (!strncmp(section, "source.", 7)) {
        return on_source(c, section + 7, name, value, line, at->col);
    } else if (!strncmp(section, "fiche.", 6)) {
        fse_fiche_cfg *f = fiche_for(job, section + 6, line);
        if (!strncmp(name, "etp.", 4)) {
            double v;
            if (!parse_double(value, &v) || v < 0 || v > 100) return VERR("etp doit être un nombre de postes, pas « %s »", value);
            f->etp_volets = fse_xrealloc(f->etp_volets, (f->netp + 1) * sizeof *f->etp_volets);
            f->etp = fse_xrealloc(f->etp, (f->netp + 1) * sizeof *f->etp);
            f->etp_volets[f->netp] = fse_xstrdup(name + 4);
            f->etp[f->netp++] = v;
        } else if (!strcmp(name, "dossier_mdfse")) {
            free(f->dossier_mdfse);
            f->dossier_mdfse = fse_xstrdup(value);
        } else {
            return ERR("clé inconnue « %s » dans [%s]", name, section);
        }
    } else if (!strcmp(section, "sortie")) {
        if (!strcmp(name, "dossier")) { free(job->sortie_dossier); job->sortie_dossier = resolve(job->dir, value); }
        else if (!strcmp(name, "confidentialite")) {
            if (!strcmp(value, "complet")) job->confidentialite = FSE_CONF_COMPLET;
            else if (!strcmp(value, "initiales")) job->confidentialite = FSE_CONF_INITIALES;
            else if (!strcmp(value, "pseudonyme")) job->confidentialite = FSE_CONF_PSEUDONYME;
            else return VERR("confidentialite doit valoir complet, initiales ou pseudonyme, pas « %s »", value);
        } else if (!strcmp(name, "sel_pseudonyme")) {
            free(job->sel_pseudonyme);
            job->sel_pseudonyme = fse_xstrdup(value);
        } else if (!strcmp(name, "heures_par_etp")) {
            double v;
            if (!parse_double(value, &v) || v <= 0) return VERR("heures_par_etp doit être un nombre positif");
            job->heures_par_etp = v;
        } else return ERR("clé inconnue « %s » dans [sortie]", name);
    }
    return 1;
}

int fse_job_load(fse_job *job, const char *path, fse_diags *d)
{
    memset(job, 0, sizeof *job);
    job->path = fse_xstrdup(path);
    const char *slash = strrchr(path, '/');
    job->dir = slash ? fse_xstrndup(path, (size_t)(slash - path)) : fse_xstrdup(".");
    if (!*job->dir) { free(job->dir); job->dir = fse_xstrdup("/"); }
    job->heures_par_etp = 1607;
    ctx c = { job, d, false, false };
    struct stat sb;   /* other non-regular files are refused by fse_ini_parse_at, with a message */
    if (!stat(path, &sb) && S_ISDIR(sb.st_mode)) { errno = EISDIR; return -1; }
    int rc = fse_ini_parse_at(path, on_pair, &c, d);
    if (rc < 0) return -1;
    if (rc == 2) return 1;   /* refused unread (a fifo, a device…), reported */
    if (job->confidentialite == FSE_CONF_PSEUDONYME && !job->sel_pseudonyme)
        fse_diag(d, FSE_SEV_WARNING, "pseudonyme-sans-sel", path, 0, 0,
                 "confidentialite = pseudonyme sans sel_pseudonyme : qui connaît l'identifiant d'un participant "
                 "peut recalculer son pseudonyme ; ajoutez un sel_pseudonyme secret dans [sortie]");
    for (size_t i = 0; i < job->nsources; i++)
        if (!job->sources[i].nfiles) {
            fse_diag(d, FSE_SEV_ERROR, "config", path, job->sources[i].line,
                     job->sources[i].col > 0 ? job->sources[i].col : 1,
                     "[source.%s] n'a pas de fichier", job->sources[i].dataset);
            rc = 1;
        }
    return rc;
}

void fse_job_free(fse_job *job)
{
    for (size_t i = 0; i < job->nsources; i++) {
        fse_source_cfg *s = &job->sources[i];
        for (size_t j = 0; j < s->nfiles; j++) { free(s->files[j]); free(s->shown[j]); }
        free(s->files); free(s->shown); free(s->file_lines); free(s->file_cols); free(s->feuille); free(s->dataset);
        for (size_t j = 0; j < s->naliases; j++) {
            free(s->aliases[j].dataset); free(s->aliases[j].field);
            free(s->aliases[j].key); free(s->aliases[j].header);
        }
        free(s->aliases);
    }
    free(job->sources);
    for (size_t i = 0; i < job->nfiches; i++) {
        fse_fiche_cfg *f = &job->fiches[i];
        for (size_t j = 0; j < f->netp; j++) free(f->etp_volets[j]);
        free(f->etp_volets); free(f->etp); free(f->id); free(f->dossier_mdfse);
    }
    free(job->fiches);
    free(job->path); free(job->dir); free(job->plie_nom); free(job->porteur);
    free(job->periode); free(job->sortie_dossier); free(job->sel_pseudonyme);
    memset(job, 0, sizeof *job);
}

const fse_fiche_cfg *fse_job_fiche(const fse_job *job, const char *id)
{
    for (size_t i = 0; i < job->nfiches; i++)
        if (!strcmp(job->fiches[i].id, id)) return &job->fiches[i];
    return NULL;
}

double fse_job_etp(const fse_job *job, const char *fiche, const char *volet)
{
    const fse_fiche_cfg *f = fse_job_fiche(job, fiche);
    for (size_t i = 0; f && volet && i < f->netp; i++)
        if (!strcmp(f->etp_volets[i], volet)) return f->etp[i];
    return 1;
}

static int months_between(int32_t a, int32_t b)
{
    int y1, m1, d1, y2, m2, d2;
    fse_civil_from_days(a, &y1, &m1, &d1);
    fse_civil_from_days(b, &y2, &m2, &d2);
    return (y2 - y1) * 12 + (m2 - m1) + 1;
}

/* s has the shape of pat, where '9' stands for an ASCII digit. */
static bool shaped(const char *s, const char *pat)
{
    for (; *pat; s++, pat++)
        if (*pat == '9' ? !(*s >= '0' && *s <= '9') : *s != *pat) return false;
    return !*s;
}

int fse_today(int32_t *days)
{
    const char *s = getenv("FSEPACK_TODAY");
    int y, m, d, n = 0;
    if (s && *s) {   /* empty: unset, as `FSEPACK_TODAY= fsepack …` or an empty cron variable means */
        if (!shaped(s, "9999-99-99") || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3
            || n != 10 || !fse_valid_civil(y, m, d) || y < 1990 || y > 2200)
            return -1;
        *days = fse_days_from_civil(y, m, d);
        return 0;
    }
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm)) return -1;
    *days = fse_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return 0;
}

int fse_period_parse(const char *s, fse_period *p)
{
    memset(p, 0, sizeof *p);
    int y, m, y2, m2, d, d2, n = 0;
    char prev[32];
    bool whole_year = !strcmp(s, "year-of-previous-month");
    if (whole_year || !strcmp(s, "previous-month")) {
        int32_t today;
        if (fse_today(&today)) return -1;
        fse_civil_from_days(today, &y, &m, &d);
        if (--m == 0) { m = 12; y--; }
        if (whole_year) snprintf(prev, sizeof prev, "%04d", y);
        else snprintf(prev, sizeof prev, "%04d-%02d", y, m);
        s = prev;
    }
    size_t len = strlen(s);
    if (!shaped(s, "9999") && !shaped(s, "9999-99") && !shaped(s, "9999-99-99..9999-99-99"))
        return -1;   /* sscanf's %d would take " 5" or "+5" */
    if (len == 4 && sscanf(s, "%4d%n", &y, &n) == 1 && n == 4 && y >= 1990 && y <= 2200) {
        p->debut = fse_days_from_civil(y, 1, 1);
        p->fin = fse_days_from_civil(y, 12, 31);
        snprintf(p->label, sizeof p->label, "%04d", y);
    } else if (len == 7 && sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7 && m >= 1 && m <= 12
               && y >= 1990 && y <= 2200) {
        p->debut = fse_days_from_civil(y, m, 1);
        p->fin = fse_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
        snprintf(p->label, sizeof p->label, "%04d-%02d", y, m);
        p->month = m;
    } else if (len == 22 && sscanf(s, "%4d-%2d-%2d..%4d-%2d-%2d%n", &y, &m, &d, &y2, &m2, &d2, &n) == 6
               && n == 22 && fse_valid_civil(y, m, d) && fse_valid_civil(y2, m2, d2)
               && y >= 1990 && y2 <= 2200) {
        p->debut = fse_days_from_civil(y, m, d);
        p->fin = fse_days_from_civil(y2, m2, d2);
        if (p->fin < p->debut) return -1;
        snprintf(p->label, sizeof p->label, "%04d-%02d-%02d_%04d-%02d-%02d", y, m, d, y2, m2, d2);
    } else {
        return -1;
    }
    p->months = months_between(p->debut, p->fin);
    return 0;
}

bool fse_period_ytd(const fse_period *p, int32_t fiche_debut, fse_period *ytd)
{
    if (!p->month) return false;
    int y, m, d, y2, m2, d2;
    fse_civil_from_days(p->debut, &y, &m, &d);
    int32_t debut = fse_days_from_civil(y, 1, 1);
    if (fiche_debut > debut) debut = fiche_debut;
    if (debut > p->fin) return false;
    memset(ytd, 0, sizeof *ytd);
    ytd->debut = debut;
    ytd->fin = p->fin;
    fse_civil_from_days(debut, &y, &m, &d);
    fse_civil_from_days(p->fin, &y2, &m2, &d2);
    snprintf(ytd->label, sizeof ytd->label, "%04d-%02d-%02d_%04d-%02d-%02d", y, m, d, y2, m2, d2);
    ytd->months = months_between(debut, p->fin);
    return true;
}
