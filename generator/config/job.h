/* job.h — the job config of one PLIE (DESIGN §4, contract for the keys
 * shown there): what cron runs. Paths are relative to the job file.
 *
 *   [plie]      nom, porteur
 *   [periode]   defaut = 2024 | 2024-05 | 2024-01-01..2024-06-30
 *   [source.D]  fichier (repeatable), feuille, encodage, separateur,
 *               ligne_entete, colonne.<field> = <header>
 *   [fiche.ID]  etp.<volet> = N, dossier_mdfse = …
 *   [sortie]    dossier, confidentialite = complet | initiales | pseudonyme,
 *               heures_par_etp = 1607 (DESIGN §6: ETP of hours = hours / 1 607),
 *               sel_pseudonyme = a secret (keeps pseudonyms from being recomputed from
 *               the participants' ids by whoever reads a pack)
 *
 * A key given twice (also in a second [section] of the same name) is an error
 * naming both lines, except fichier (one file each); nom and porteur may go
 * on over indented lines, other keys take a single value.
 */
#ifndef FSE_JOB_H
#define FSE_JOB_H

#include <stddef.h>
#include <stdint.h>
#include "common/diag.h"
#include "config/templates.h"

typedef struct {
    char *dataset;        /* "heures" */
    char **files;         /* resolved paths (owned) */
    char **shown;         /* paths as written in the job (for messages) */
    long *file_lines;     /* per file: job line and column (1-based, in characters) */
    long *file_cols;      /* of its `fichier =` value, so that a file that cannot be
                             opened is reported where the job names it; owned */
    size_t nfiles;
    char *feuille;        /* XLSX sheet name or NULL */
    int encodage;         /* -1 = detect, else fse_encoding */
    char separateur;      /* 0 = detect */
    long ligne_entete;    /* 0 = detect */
    fse_alias *aliases;   /* colonne.* overrides */
    size_t naliases, cap_aliases;
    long line;            /* line of the [source.D] section */
    long col;             /* column (1-based, in characters) of its name, after '[' */
} fse_source_cfg;

typedef struct {
    char *id;
    char **etp_volets;
    double *etp;
    size_t netp;
    char *dossier_mdfse;
    long line;            /* line of the [fiche.ID] section */
    long col;             /* column (1-based, in characters) of its section name
                             (after '['), for "fiche inconnue"; 0 when unknown */
} fse_fiche_cfg;

typedef enum { FSE_CONF_COMPLET = 0, FSE_CONF_INITIALES, FSE_CONF_PSEUDONYME } fse_confidentialite;

/* A period [debut, fin], days since 1970, inclusive, with its label for the
 * output folder: "2024", "2024-05" or "2024-01-01_2024-06-30" (DESIGN §5). */
typedef struct {
    int32_t debut, fin;
    char label[32];
    int months;           /* number of calendar months covered (for prorated targets) */
    int month;            /* 1..12 when the period is one calendar month ("2024-05"), else 0 */
} fse_period;

typedef struct {
    char *path;           /* the job file as given */
    char *dir;            /* its folder */
    char *plie_nom, *porteur;
    char *periode;        /* as written, or NULL */
    fse_source_cfg *sources;
    size_t nsources, cap_sources;
    fse_fiche_cfg *fiches;
    size_t nfiches, cap_fiches;
    char *sortie_dossier; /* resolved against dir; NULL = "out" next to the job */
    fse_confidentialite confidentialite;
    double heures_par_etp;
    char *sel_pseudonyme;  /* secret mixed into pseudonyms, or NULL */
} fse_job;

/* Load a job file. Returns 0; -1 when it cannot be read (missing: EX_NOINPUT);
 * 1 when it holds errors (each reported to d with file:line). */
int fse_job_load(fse_job *job, const char *path, fse_diags *d);
void fse_job_free(fse_job *job);
/* ETP declared for volet of fiche id (default 1). */
double fse_job_etp(const fse_job *job, const char *fiche, const char *volet);
const fse_fiche_cfg *fse_job_fiche(const fse_job *job, const char *id);

/* Parse "2024", "2024-05", "2024-01-01..2024-06-30", "previous-month" (the
 * calendar month before today, fse_today: what a cron line run on the 1st
 * of each month asks for) or "year-of-previous-month" (the whole year that
 * holds it: the yearly pack refreshed by the same cron line, the 2024 pack
 * still on 1 January 2025). Returns 0 or -1. */
int fse_period_parse(const char *s, fse_period *p);

/* Today, days since 1970: FSEPACK_TODAY=YYYY-MM-DD when set and not empty
 * (tests, or a run that must resolve previous-month as on another day),
 * else the local date of the clock (empty is unset, as for the other
 * FSEPACK_* variables). Returns 0, or -1 when FSEPACK_TODAY is not empty
 * and not a valid date (the caller reports it: a malformed value never
 * falls back to the clock silently). */
int fse_today(int32_t *days);

/* The year to date of a month period p for fiche f (issue 6): from 1 January
 * of p's year — or the fiche's start, when later — to the end of p, into
 * *ytd (label "YYYY-01-01_YYYY-MM-DD"; months = elapsed calendar months, 5
 * for May). Returns false when p is not a single month or the fiche starts
 * after it. */
bool fse_period_ytd(const fse_period *p, int32_t fiche_debut, fse_period *ytd);

#endif
