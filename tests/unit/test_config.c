/* test_config.c — the job config (DESIGN §4), periods, the fiche definitions
 * of templates/fiches (tests run from the repository root) and broken ones,
 * and the SIRET key. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "common/util.h"
#include "config/fiche.h"
#include "config/ini_file.h"
#include "config/job.h"
#include "config/templates.h"
#include "ingest/charset.h"
#include "ingest/values.h"
#include "measures/checks.h"
#include "measures/measure.h"

/* ---- fixture: a temp folder, quiet diagnostics ------------------------- */

typedef struct {
    char dir[64];
    char *paths[16];
    size_t npaths;
    fse_diags d;
    fse_job job;
    fse_templates t;
    bool have_t;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx) return -1;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/fsepack-test-config-XXXXXX");
    if (!mkdtemp(fx->dir)) return -1;
    fx->d.quiet = true;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    for (size_t i = fx->npaths; i-- > 0;) { remove(fx->paths[i]); free(fx->paths[i]); }
    rmdir(fx->dir);
    fse_job_free(&fx->job);
    if (fx->have_t) fse_templates_free(&fx->t);
    fse_diags_free(&fx->d);
    free(fx);
    return 0;
}

/* Create dir/rel (a folder when text is NULL) and remember it for cleanup. */
static char *put(fixture *fx, const char *rel, const char *text)
{
    assert_true(fx->npaths < 16);
    char *path = fse_xasprintf("%s/%s", fx->dir, rel);
    if (text) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
    } else {
        assert_int_equal(mkdir(path, 0700), 0);
    }
    fx->paths[fx->npaths++] = path;
    return path;
}

static void load_templates(fixture *fx);

/* Create dir/rel as a symlink to target (fifo: a named pipe) and remember it. */
static char *put_special(fixture *fx, const char *rel, const char *target)
{
    assert_true(fx->npaths < 16);
    char *path = fse_xasprintf("%s/%s", fx->dir, rel);
    if (target) assert_int_equal(symlink(target, path), 0);
    else assert_int_equal(mkfifo(path, 0600), 0);
    fx->paths[fx->npaths++] = path;
    return path;
}

static const fse_controle *nth(const fse_diags *d, size_t i)
{
    assert_true(i < d->n);
    return &d->items[i];
}

static void diag_is(const fse_diags *d, size_t i, fse_severity sev, const char *rule, long line,
                    const char *part)
{
    const fse_controle *c = nth(d, i);
    if (c->sev != sev || strcmp(c->rule, rule) || c->line != line || !strstr(c->message, part))
        fail_msg("diagnostic %zu is %d %s line %ld \"%s\"; want %d %s line %ld with \"%s\"",
                 i, c->sev, c->rule, c->line, c->message, sev, rule, line, part);
}

/* ---- job config ----------------------------------------------------------- */

static const char job_all[] =
    "; job de test\n"                                   /* 1 */
    "[plie]\n"                                          /* 2 */
    "nom = PLIE des Graves\n"                           /* 3 */
    "porteur = Association Graves Emploi\n"             /* 4 */
    "[periode]\n"                                       /* 5 */
    "defaut = 2024-05\n"                                /* 6 */
    "[source.heures]\n"                                 /* 7 */
    "fichier = exports/abc_heures_2024.xlsx\n"          /* 8 */
    "fichier = /data/heures_complement.csv\n"           /* 9 */
    "feuille = Heures réalisées\n"                      /* 10 */
    "encodage = windows-1252\n"                         /* 11 */
    "separateur = ;\n"                                  /* 12 */
    "ligne_entete = 4\n"                                /* 13 */
    "colonne.heures = Nb d'heures effectuées\n"         /* 14 */
    "colonne.critere = Public cible\n"                  /* 15 */
    "[source.contacts]\n"                               /* 16 */
    "fichier = contacts.csv   ; export Viesion\n"       /* 17 */
    "separateur = tab\n"                                /* 18 */
    "[source.offres]\n"                                 /* 19 */
    "fichier = offres.csv\n"                            /* 20 */
    "separateur = ,\n"                                  /* 21 */
    "encodage = UTF-8\n"                                /* 22 */
    "[fiche.graves-3]\n"                                /* 23 */
    "etp.relation_entreprises = 2\n"                    /* 24 */
    "etp.clauses = 0,5\n"                               /* 25 */
    "dossier_mdfse = 202400123\n"                       /* 26 */
    "[fiche.agen-4]\n"                                  /* 27 */
    "dossier_mdfse = 202400999\n"                       /* 28 */
    "[sortie]\n"                                        /* 29 */
    "dossier = packs\n"                                 /* 30 */
    "confidentialite = initiales\n"                     /* 31 */
    "heures_par_etp = 1 600\n";                         /* 32 */

static void test_job_all_keys(void **state)
{
    fixture *fx = *state;
    char *path = put(fx, "job.ini", job_all);
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 0);
    assert_int_equal(fx->d.n, 0);
    fse_job *j = &fx->job;
    assert_string_equal(j->path, path);
    assert_string_equal(j->dir, fx->dir);
    assert_string_equal(j->plie_nom, "PLIE des Graves");
    assert_string_equal(j->porteur, "Association Graves Emploi");
    assert_string_equal(j->periode, "2024-05");

    assert_int_equal(j->nsources, 3);
    const fse_source_cfg *s = &j->sources[0];
    assert_string_equal(s->dataset, "heures");
    assert_int_equal(s->line, 7);                         /* its [section] line */
    assert_int_equal(s->nfiles, 2);
    char *want = fse_xasprintf("%s/exports/abc_heures_2024.xlsx", fx->dir);
    assert_string_equal(s->files[0], want);
    free(want);
    assert_string_equal(s->shown[0], "exports/abc_heures_2024.xlsx");
    assert_string_equal(s->files[1], "/data/heures_complement.csv");
    assert_string_equal(s->shown[1], "/data/heures_complement.csv");
    assert_string_equal(s->feuille, "Heures réalisées");
    assert_int_equal(s->encodage, FSE_ENC_CP1252);
    assert_int_equal(s->separateur, ';');
    assert_int_equal(s->ligne_entete, 4);
    assert_int_equal(s->naliases, 2);
    assert_string_equal(s->aliases[0].dataset, "heures");
    assert_string_equal(s->aliases[0].field, "heures");
    assert_string_equal(s->aliases[0].header, "Nb d'heures effectuées");
    assert_string_equal(s->aliases[0].key, "nbdheureseffectuees");
    assert_string_equal(s->aliases[1].field, "critere");
    assert_string_equal(s->aliases[1].key, "publiccible");

    s = &j->sources[1];
    assert_string_equal(s->dataset, "contacts");
    assert_int_equal(s->nfiles, 1);
    assert_string_equal(s->shown[0], "contacts.csv");      /* inline comment dropped */
    assert_int_equal(s->separateur, '\t');
    assert_int_equal(s->encodage, -1);
    assert_int_equal(s->ligne_entete, 0);
    assert_null(s->feuille);
    assert_int_equal(s->naliases, 0);
    s = &j->sources[2];
    assert_int_equal(s->separateur, ',');
    assert_int_equal(s->encodage, FSE_ENC_UTF8);

    assert_int_equal(j->nfiches, 2);
    const fse_fiche_cfg *f = fse_job_fiche(j, "graves-3");
    assert_non_null(f);
    assert_int_equal(f->line, 23);
    assert_int_equal(f->netp, 2);
    assert_string_equal(f->dossier_mdfse, "202400123");
    assert_true(fse_job_etp(j, "graves-3", "relation_entreprises") == 2);
    assert_true(fse_job_etp(j, "graves-3", "clauses") == 0.5);
    assert_true(fse_job_etp(j, "graves-3", "autre") == 1);
    assert_true(fse_job_etp(j, "agen-4", "clauses") == 1);
    assert_true(fse_job_etp(j, "bergerac-3", "clauses") == 1);
    assert_true(fse_job_etp(j, "graves-3", NULL) == 1);
    f = fse_job_fiche(j, "agen-4");
    assert_non_null(f);
    assert_int_equal(f->netp, 0);
    assert_string_equal(f->dossier_mdfse, "202400999");
    assert_null(fse_job_fiche(j, "bergerac-3"));

    want = fse_xasprintf("%s/packs", fx->dir);
    assert_string_equal(j->sortie_dossier, want);
    free(want);
    assert_int_equal(j->confidentialite, FSE_CONF_INITIALES);
    assert_true(j->heures_par_etp == 1600);
}

static void test_job_defaults(void **state)
{
    fixture *fx = *state;
    char *path = put(fx, "job.ini", "[plie]\nnom = PLIE\n[source.marches]\nfichier = m.csv\n"
                                     "[sortie]\nconfidentialite = pseudonyme\n");
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 0);
    assert_null(fx->job.periode);
    assert_null(fx->job.porteur);
    assert_null(fx->job.sortie_dossier);
    assert_int_equal(fx->job.confidentialite, FSE_CONF_PSEUDONYME);
    assert_true(fx->job.heures_par_etp == 1607);
    assert_int_equal(fx->job.sources[0].encodage, -1);
    assert_int_equal(fx->job.sources[0].separateur, 0);
    fse_job_free(&fx->job);
    path = put(fx, "job2.ini", "[sortie]\nconfidentialite = complet\n");
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 0);
    assert_int_equal(fx->job.confidentialite, FSE_CONF_COMPLET);
    assert_int_equal(fx->job.nsources, 0);
}

static void test_job_missing(void **state)
{
    fixture *fx = *state;
    char *path = fse_xasprintf("%s/absent.ini", fx->dir);
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), -1);
    free(path);
}

static void test_job_errors(void **state)
{
    fixture *fx = *state;
    char *path = put(fx, "job.ini",
        "[plie]\n"                                  /* 1 */
        "nom = PLIE X\n"                            /* 2 */
        "couleur = bleu\n"                          /* 3 unknown key */
        "[source.heure]\n"                          /* 4 */
        "fichier = a.csv\n"                         /* 5 unknown dataset */
        "[source.heures]\n"                         /* 6 */
        "fichier = h.csv\n"                         /* 7 */
        "colonne.heure = Heures\n"                  /* 8 unknown field */
        "encodage = ebcdic\n"                       /* 9 */
        "ligne_entete = 0\n"                        /* 10 */
        "[fiche.graves-3]\n"                        /* 11 */
        "etp.clauses = deux\n"                      /* 12 bad etp */
        "etp.relation_entreprises = -1\n"           /* 13 bad etp */
        "etp.autre = 1,5\n"                         /* 14 fine */
        "[sortie]\n"                                /* 15 */
        "confidentialite = secret\n"                /* 16 */
        "heures_par_etp = 0\n"                      /* 17 */
        "[periode]\n"                               /* 18 */
        "defaut = 2024-13\n"                        /* 19 */
        "fin = 2024\n"                              /* 20 */
        "[inconnue]\n"                              /* 21 */
        "x = 1\n"                                   /* 22 */
        "[source.offres]\n"                         /* 23 */
        "separateur = |\n"                          /* 24 bad separateur */
        "feuille = Offres\n");                      /* 25; no fichier: reported at 23 */
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 1);
    const fse_diags *d = &fx->d;
    assert_int_equal(d->n, 14);
    assert_int_equal(d->nerrors, 14);
    diag_is(d, 0, FSE_SEV_ERROR, "config", 3, "unknown key \"couleur\" in [plie]");
    diag_is(d, 1, FSE_SEV_ERROR, "config", 5, "unknown dataset [source.heure]");
    diag_is(d, 2, FSE_SEV_ERROR, "config", 8, "unknown field \"heure\" of dataset heures");
    diag_is(d, 3, FSE_SEV_ERROR, "config", 9, "unknown encodage \"ebcdic\"");
    diag_is(d, 4, FSE_SEV_ERROR, "config", 10, "ligne_entete must be a line number, not \"0\"");
    diag_is(d, 5, FSE_SEV_ERROR, "config", 12, "etp must be a number of posts, not \"deux\"");
    diag_is(d, 6, FSE_SEV_ERROR, "config", 13, "etp must be a number of posts, not \"-1\"");
    diag_is(d, 7, FSE_SEV_ERROR, "config", 16,
            "confidentialite must be complet, initiales or pseudonyme, not \"secret\"");
    diag_is(d, 8, FSE_SEV_ERROR, "config", 17, "heures_par_etp must be a positive number");
    diag_is(d, 9, FSE_SEV_ERROR, "config", 19, "bad period \"2024-13\"");
    diag_is(d, 10, FSE_SEV_ERROR, "config", 20, "unknown key \"fin\" in [periode]");
    diag_is(d, 11, FSE_SEV_ERROR, "config", 22, "unknown section [inconnue]");
    diag_is(d, 12, FSE_SEV_ERROR, "config", 24, "separateur must be ; , or tab, not \"|\"");
    diag_is(d, 13, FSE_SEV_ERROR, "config", 23, "[source.offres] has no fichier");
    for (size_t i = 0; i < d->n; i++) {
        assert_string_equal(d->items[i].file, path);
        assert_int_equal(d->items[i].col, 1);
    }
    assert_true(fse_job_etp(&fx->job, "graves-3", "autre") == 1.5);
    assert_true(fse_job_etp(&fx->job, "graves-3", "clauses") == 1);
}

static void test_job_syntax_error(void **state)
{
    fixture *fx = *state;
    char *path = put(fx, "job.ini", "[plie]\nnom = A\nceci n'est pas une clé\n[sortie]\ndossier = out\n");
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 1);
    assert_int_equal(fx->d.nerrors, 1);
    diag_is(&fx->d, 0, FSE_SEV_ERROR, "config", 3, "syntax error");
    assert_string_equal(fx->job.plie_nom, "A");
}

static void test_long_lines(void **state)
{
    fixture *fx = *state;
    /* "porteur = " + n bytes: 198 bytes before the newline fit, 199 do not */
    char l198[200], l199[201];
    memset(l198, 'a', sizeof l198);
    memset(l199, 'b', sizeof l199);
    memcpy(l198, "porteur = ", 10);
    memcpy(l199, "porteur = ", 10);
    l198[198] = 0;
    l199[199] = 0;
    char *text = fse_xasprintf("[plie]\n%s\n[sortie]\n%s\ncouleur = rouge\n", l198, l199);
    char *path = put(fx, "job.ini", text);
    free(text);
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 1);
    assert_int_equal(strlen(fx->job.porteur), 188);
    assert_int_equal(fx->d.nerrors, 2);
    diag_is(&fx->d, 0, FSE_SEV_ERROR, "config", 4, "line longer than");
    /* the lines after it keep their numbers */
    diag_is(&fx->d, 1, FSE_SEV_ERROR, "config", 5, "unknown key \"couleur\" in [sortie]");
}

/* A key that takes one value, given twice, is an error naming both lines
 * (the first value is kept); nom and porteur go on over indented lines;
 * fichier may repeat. */
static void test_job_repeated_keys(void **state)
{
    fixture *fx = *state;
    char *path = put(fx, "job.ini",
        "[plie]\n"                                  /* 1 */
        "nom = PLIE des Graves\n"                   /* 2 */
        "  et du Sauternais\n"                      /* 3 continuation: joined */
        "porteur = A\n"                             /* 4 */
        "porteur = B\n"                             /* 5 twice */
        "[periode]\n"                               /* 6 */
        "defaut = 2024\n"                           /* 7 */
        "defaut = 2024-05\n"                        /* 8 twice */
        "[source.heures]\n"                         /* 9 */
        "fichier = a.csv\n"                         /* 10 */
        "fichier = b.csv\n"                         /* 11 fine */
        "feuille = Heures\n"                        /* 12 */
        "feuille = Heures 2\n"                      /* 13 twice */
        "encodage = utf-8\n"                        /* 14 */
        "encodage = windows-1252\n"                 /* 15 twice */
        "separateur = ;\n"                          /* 16 */
        "separateur = ,\n"                          /* 17 twice */
        "ligne_entete = 2\n"                        /* 18 */
        "ligne_entete = 3\n"                        /* 19 twice */
        "colonne.heures = Nb heures\n"              /* 20 */
        "colonne.critere = Public\n"                /* 21 another field: fine */
        "colonne.heures = Heures faites\n"          /* 22 twice */
        "[fiche.graves-3]\n"                        /* 23 */
        "etp.clauses = 1\n"                         /* 24 */
        "etp.relation_entreprises = 2\n"            /* 25 fine */
        "etp.clauses = 2\n"                         /* 26 twice */
        "dossier_mdfse = 1\n"                       /* 27 */
        "dossier_mdfse = 2\n"                       /* 28 twice */
        "[sortie]\n"                                /* 29 */
        "dossier = packs\n"                         /* 30 */
        "dossier = autres\n"                        /* 31 twice */
        "confidentialite = initiales\n"             /* 32 */
        "confidentialite = complet\n"               /* 33 twice */
        "heures_par_etp = 1607\n"                   /* 34 */
        "heures_par_etp = 1600\n"                   /* 35 twice */
        "sel_pseudonyme = abc\n"                    /* 36 */
        "  def\n"                                   /* 37 a single value continued */
        "  ghi\n"                                   /* 38 reported once, at 37 */
        "[source.heures]\n"                         /* 39 a section again: merged */
        "fichier = c.csv\n"                         /* 40 fine */
        "feuille = Autre\n");                       /* 41 twice (12) */
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 1);
    const fse_diags *d = &fx->d;
    assert_int_equal(d->n, 14);
    assert_int_equal(d->nerrors, 14);
    diag_is(d, 0, FSE_SEV_ERROR, "config", 5,
            "porteur already given at line 4 in [plie] (continue a long value on indented lines)");
    diag_is(d, 1, FSE_SEV_ERROR, "config", 8, "defaut already given at line 7 in [periode]");
    diag_is(d, 2, FSE_SEV_ERROR, "config", 13, "feuille already given at line 12 in [source.heures]");
    diag_is(d, 3, FSE_SEV_ERROR, "config", 15, "encodage already given at line 14 in [source.heures]");
    diag_is(d, 4, FSE_SEV_ERROR, "config", 17, "separateur already given at line 16 in [source.heures]");
    diag_is(d, 5, FSE_SEV_ERROR, "config", 19, "ligne_entete already given at line 18 in [source.heures]");
    diag_is(d, 6, FSE_SEV_ERROR, "config", 22, "colonne.heures already given at line 20 in [source.heures]");
    diag_is(d, 7, FSE_SEV_ERROR, "config", 26, "etp.clauses already given at line 24 in [fiche.graves-3]");
    diag_is(d, 8, FSE_SEV_ERROR, "config", 28, "dossier_mdfse already given at line 27 in [fiche.graves-3]");
    diag_is(d, 9, FSE_SEV_ERROR, "config", 31, "dossier already given at line 30 in [sortie]");
    diag_is(d, 10, FSE_SEV_ERROR, "config", 33, "confidentialite already given at line 32 in [sortie]");
    diag_is(d, 11, FSE_SEV_ERROR, "config", 35, "heures_par_etp already given at line 34 in [sortie]");
    diag_is(d, 12, FSE_SEV_ERROR, "config", 37,
            "sel_pseudonyme takes a single value: this indented line would continue the one of line 36");
    diag_is(d, 13, FSE_SEV_ERROR, "config", 41, "feuille already given at line 12 in [source.heures]");
    for (size_t i = 0; i < d->n; i++) assert_int_equal(d->items[i].col, 1);
    const fse_job *j = &fx->job;
    assert_string_equal(j->plie_nom, "PLIE des Graves et du Sauternais");
    assert_string_equal(j->porteur, "A");
    assert_string_equal(j->periode, "2024");
    assert_int_equal(j->nsources, 1);
    const fse_source_cfg *s = &j->sources[0];
    assert_int_equal(s->nfiles, 3);
    assert_string_equal(s->shown[2], "c.csv");
    assert_string_equal(s->feuille, "Heures");
    assert_int_equal(s->encodage, FSE_ENC_UTF8);
    assert_int_equal(s->separateur, ';');
    assert_int_equal(s->ligne_entete, 2);
    assert_int_equal(s->naliases, 2);
    assert_string_equal(s->aliases[0].header, "Nb heures");
    assert_true(fse_job_etp(j, "graves-3", "clauses") == 1);
    assert_true(fse_job_etp(j, "graves-3", "relation_entreprises") == 2);
    assert_string_equal(fse_job_fiche(j, "graves-3")->dossier_mdfse, "1");
    char *want = fse_xasprintf("%s/packs", fx->dir);
    assert_string_equal(j->sortie_dossier, want);
    free(want);
    assert_int_equal(j->confidentialite, FSE_CONF_INITIALES);
    assert_true(j->heures_par_etp == 1607);
    assert_string_equal(j->sel_pseudonyme, "abc");
}

/* Only a regular file of at most 4 MiB is read: a folder, a fifo, a link to
 * /dev/zero are refused at once (no hang), with a message and no other error. */
static void test_config_not_regular(void **state)
{
    fixture *fx = *state;
    load_templates(fx);
    put(fx, "fiches", NULL);
    put(fx, "fiches/dossier.ini", NULL);
    char *big = put(fx, "fiches/grosse.ini", "[fiche]\n");
    FILE *f = fopen(big, "a");
    assert_non_null(f);
    for (long n = 0; n <= FSE_INI_MAX_BYTES; n += 64) fputs(";;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;\n", f);
    fclose(f);
    char *zero = put_special(fx, "fiches/zero.ini", "/dev/zero");
    char *fifo = put_special(fx, "fiches/tube.ini", NULL);
    const char *ids[] = { "dossier", "grosse", "zero", "tube" };
    const char *want[] = { "is a folder, not a configuration file",
                           "larger than 4 MiB: not a configuration file",
                           "not a regular file (a device or socket): a configuration file is expected",
                           "not a regular file (a fifo): a configuration file is expected" };
    time_t t0 = time(NULL);
    for (size_t i = 0; i < 4; i++) {
        fse_diags d = { .quiet = true };
        fse_fiche fi;
        assert_int_equal(fse_fiche_load(&fi, fx->dir, ids[i], &fx->t, &d), 1);
        assert_int_equal(d.n, 1);
        diag_is(&d, 0, FSE_SEV_ERROR, "config", 0, want[i]);
        assert_string_equal(d.items[0].file, fi.path);
        fse_fiche_free(&fi);
        fse_diags_free(&d);
    }
    assert_true(time(NULL) - t0 < 5);
    /* a job file likewise; a folder cannot be read (-1, EISDIR) */
    assert_int_equal(fse_job_load(&fx->job, zero, &fx->d), 1);
    assert_int_equal(fx->d.n, 1);
    diag_is(&fx->d, 0, FSE_SEV_ERROR, "config", 0, "not a regular file (a device or socket)");
    fse_job_free(&fx->job);
    assert_int_equal(fse_job_load(&fx->job, fifo, &fx->d), 1);
    diag_is(&fx->d, 1, FSE_SEV_ERROR, "config", 0, "not a regular file (a fifo)");
    fse_job_free(&fx->job);
    char *dir = fse_xasprintf("%s/fiches", fx->dir);
    errno = 0;
    assert_int_equal(fse_job_load(&fx->job, dir, &fx->d), -1);
    assert_int_equal(errno, EISDIR);
    free(dir);
    assert_int_equal(fx->d.n, 2);
}

/* Configuration files are UTF-8: a line that is not is reported at the
 * column (in characters, after a BOM) of its first bad byte; so is a NUL. */
static void test_config_not_utf8(void **state)
{
    fixture *fx = *state;
    static const char bytes[] =
        "\xEF\xBB\xBF; caf\xE9\n"                       /* 1: after a BOM, column 6 */
        "[plie]\n"
        "nom = PLIE des Graves\n"
        "porteur = Assoc\xE9 Emploi\n"                 /* 4: column 16 */
        "[sortie]\n"
        "dossier = \xC2\xABpacks\xC2\xBB \xFF\n"       /* 6: column 19 (byte 22) */
        "; commentaire\0 x\n"                          /* 7: NUL at column 14 */
        "; fin \xC3\n";                                /* 8: truncated sequence, column 7 */
    char *path = put(fx, "job.ini", "");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(bytes, 1, sizeof bytes - 1, f);
    fclose(f);
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 1);
    const fse_diags *d = &fx->d;
    long lines[] = { 1, 4, 6, 7, 8 }, cols[] = { 6, 16, 19, 14, 7 };
    assert_int_equal(d->n, 5);
    for (size_t i = 0; i < 5; i++) {
        diag_is(d, i, FSE_SEV_ERROR, "config", lines[i],
                i == 3 ? "NUL byte: not a text file; save it as UTF-8 text" : "not UTF-8: save the file as UTF-8");
        assert_int_equal(d->items[i].col, cols[i]);
    }
    assert_string_equal(fx->job.plie_nom, "PLIE des Graves");
}

/* ---- periods --------------------------------------------------------------------- */

static void period_is(const char *s, int y1, int m1, int d1, int y2, int m2, int d2,
                      const char *label, int months)
{
    fse_period p;
    if (fse_period_parse(s, &p)) fail_msg("\"%s\" rejected", s);
    assert_int_equal(p.debut, fse_days_from_civil(y1, m1, d1));
    assert_int_equal(p.fin, fse_days_from_civil(y2, m2, d2));
    assert_string_equal(p.label, label);
    assert_int_equal(p.months, months);
}

static void test_periods(void **state)
{
    (void)state;
    period_is("2024", 2024, 1, 1, 2024, 12, 31, "2024", 12);
    period_is("2024-05", 2024, 5, 1, 2024, 5, 31, "2024-05", 1);
    period_is("2024-02", 2024, 2, 1, 2024, 2, 29, "2024-02", 1);
    period_is("2023-02", 2023, 2, 1, 2023, 2, 28, "2023-02", 1);
    period_is("2024-12", 2024, 12, 1, 2024, 12, 31, "2024-12", 1);
    period_is("2024-01-01..2024-06-30", 2024, 1, 1, 2024, 6, 30, "2024-01-01_2024-06-30", 6);
    period_is("2024-03-15..2024-03-15", 2024, 3, 15, 2024, 3, 15, "2024-03-15_2024-03-15", 1);
    period_is("2023-11-15..2024-02-10", 2023, 11, 15, 2024, 2, 10, "2023-11-15_2024-02-10", 4);
    fse_period p;
    assert_int_equal(fse_period_parse("2024", &p), 0);
    assert_int_equal(p.debut, 19723);                 /* 2024-01-01, days since 1970 */
    assert_int_equal(p.fin, 20088);
    const char *bad[] = { "2024-13", "2024-00", "24", "", "2024 ", " 2024", "1989", "2024-5",
                          "2024-06-30..2024-01-01", "2023-02-29..2023-03-31", "2024-01-01..",
                          "2024-01-01..2024-6-30", "2024-01-01_2024-06-30", "2024-T1", "abcd",
                          "2024- 5", "2024-+5", "+2024", "2024-01-01.. 024-06-30" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (fse_period_parse(bad[i], &p) == 0) fail_msg("\"%s\" accepted (label %s)", bad[i], p.label);
}

/* ---- the 15 fiches of templates/ ------------------------------------------------ */

static void load_templates(fixture *fx)
{
    assert_int_equal(fse_templates_load(&fx->t, "templates", &fx->d), 0);
    fx->have_t = true;
}

static void test_all_fiches_load(void **state)
{
    fixture *fx = *state;
    load_templates(fx);
    char **ids;
    size_t n = fse_fiche_list_ids("templates", &ids);
    assert_int_equal(n, 15);
    assert_string_equal(ids[0], "agen-3");
    assert_string_equal(ids[14], "technowest-4");
    size_t contradictions = 0;
    for (size_t i = 0; i < n; i++) {
        fse_diags d = { .quiet = true };
        fse_fiche f;
        int rc = fse_fiche_load(&f, "templates", ids[i], &fx->t, &d);
        if (rc != 0 || d.nerrors)
            fail_msg("%s: rc %d, %zu errors (first: %s)", ids[i], rc, d.nerrors,
                     d.n ? d.items[0].message : "");
        assert_string_equal(f.id, ids[i]);
        assert_true(f.ninds > 0);
        for (size_t k = 0; k < f.ninds; k++) {
            assert_non_null(f.inds[k].mesure);
            assert_non_null(f.inds[k].volet);
            assert_non_null(fse_fiche_volet(&f, f.inds[k].volet));
        }
        assert_int_equal(f.debut, 19723);
        assert_int_equal(f.fin, 20088);
        contradictions += fse_diag_count(&d, "fiche-contradiction");
        assert_int_equal(d.nwarnings, fse_diag_count(&d, "fiche-contradiction"));
        fse_fiche_free(&f);
        fse_diags_free(&d);
        free(ids[i]);
    }
    free(ids);
    assert_int_equal(contradictions, 2);
}

static void test_fiche_bordeaux_3(void **state)
{
    fixture *fx = *state;
    load_templates(fx);
    fse_fiche f;
    assert_int_equal(fse_fiche_load(&f, "templates", "bordeaux-3", &fx->t, &fx->d), 0);
    assert_int_equal(fx->d.n, 1);
    diag_is(&fx->d, 0, FSE_SEV_WARNING, "fiche-contradiction", 0,
            "calendrier prévisionnel (01/01/2024 – 31/01/2024) contradicts the execution period "
            "(01/01/2024 – 31/12/2024)");
    assert_string_equal(nth(&fx->d, 0)->file, "templates/fiches/bordeaux-3.ini");
    assert_true(f.has_calendrier);
    assert_int_equal(f.cal_debut, 19723);
    assert_int_equal(f.cal_fin, 19723 + 30);
    assert_int_equal(f.ninds, 3);
    const fse_indicateur *ind = &f.inds[1];
    assert_string_equal(ind->id, "preparations_recrutement");
    /* a measure written on two lines */
    assert_int_equal(ind->mesure->terms[0].nconds, 3);
    assert_int_equal(ind->mesure->terms[0].conds[2].op, FSE_OP_IN_SET);
    assert_false(ind->par_etp);
    assert_true(f.fse_max == 50000);
    fse_fiche_free(&f);
}

static void test_fiche_libournais_3(void **state)
{
    fixture *fx = *state;
    load_templates(fx);
    fse_fiche f;
    assert_int_equal(fse_fiche_load(&f, "templates", "libournais-3", &fx->t, &fx->d), 0);
    assert_int_equal(fx->d.n, 1);
    diag_is(&fx->d, 0, FSE_SEV_WARNING, "fiche-contradiction", 46,
            "indicator offres_collectees_diffusees has target 25 in its unit of measure but 50 "
            "in the expected results of the fiche; 25 is used");
    const fse_indicateur *ind = &f.inds[2];
    assert_string_equal(ind->id, "offres_collectees_diffusees");
    assert_true(ind->has_cible && ind->cible == 25);
    assert_true(ind->has_cible_annoncee && ind->cible_annoncee == 50);
    assert_false(f.has_calendrier);
    fse_fiche_free(&f);
}

static void test_fiche_graves_3(void **state)
{
    fixture *fx = *state;
    load_templates(fx);
    fse_fiche f;
    assert_int_equal(fse_fiche_load(&f, "templates", "graves-3", &fx->t, &fx->d), 0);
    assert_int_equal(fx->d.n, 0);
    assert_string_equal(f.plie, "PLIE des Graves");
    assert_string_equal(f.numero, "3");
    assert_true(f.fse_max == 160000);
    assert_int_equal(f.nvolets, 2);
    assert_string_equal(f.volets[0].id, "relation_entreprises");
    assert_string_equal(f.volets[1].id, "clauses");
    assert_true(f.volets[0].par_etp);
    assert_true(f.volets[1].par_etp);
    assert_int_equal(f.npieces, 1);
    assert_string_equal(f.pieces[0], "bilan");
    /* a territoire on a continuation line is appended */
    assert_non_null(strstr(f.territoire, "Montesquieu (13 communes)"));
    assert_int_equal(f.ninds, 5);
    const char *ids[] = { "employeurs_rencontres", "offres_avec_mer", "actions",
                          "donneurs_ordre_accompagnes", "heures_insertion" };
    const char *volets[] = { "relation_entreprises", "relation_entreprises", "relation_entreprises",
                             "clauses", "clauses" };
    double cibles[] = { 25, 30, 5, 12, 25000 };
    for (size_t i = 0; i < 5; i++) {
        const fse_indicateur *ind = &f.inds[i];
        assert_string_equal(ind->id, ids[i]);
        assert_string_equal(ind->volet, volets[i]);
        assert_true(ind->par_etp);
        assert_true(ind->has_cible);
        assert_true(ind->cible == cibles[i]);
        assert_null(ind->periode);
    }
    const fse_indicateur *e = &f.inds[0];
    assert_string_equal(e->mesure->text, "distinct entreprise of contacts where mode = Physique");
    assert_int_equal(e->mesure->terms[0].agg, FSE_AGG_DISTINCT);
    assert_string_equal(e->mesure->terms[0].def->name, "contacts");
    assert_int_equal(e->npieces, 2);
    assert_string_equal(e->pieces[0], "liste-entreprises");
    assert_string_equal(e->pieces[1], "emargements");
    assert_int_equal(f.inds[4].mesure->terms[0].agg, FSE_AGG_SUM);
    fse_fiche_free(&f);
}

static void test_fiche_periode_field(void **state)
{
    fixture *fx = *state;
    load_templates(fx);
    fse_fiche f;
    assert_int_equal(fse_fiche_load(&f, "templates", "perigueux-2", &fx->t, &fx->d), 0);
    const fse_indicateur *ind = &f.inds[0];
    assert_string_equal(ind->id, "offres_diffusees");
    assert_string_equal(ind->periode, "date_diffusion");
    assert_int_equal(ind->mesure->terms[0].period_fidx,
                     fse_field_index(ind->mesure->terms[0].def, "date_diffusion"));
    assert_int_equal(f.inds[1].mesure->terms[0].period_fidx, -2);
    fse_fiche_free(&f);
    assert_int_equal(fse_fiche_load(&f, "templates", "no-such-fiche", &fx->t, &fx->d), -1);
    fse_fiche_free(&f);
    assert_int_equal(fse_fiche_load(&f, "templates", "../templates/fiches/graves-3", &fx->t, &fx->d), -1);
    fse_fiche_free(&f);
}

/* ---- broken fiches ---------------------------------------------------------------- */

static const char broken_fiche[] =
    "[fiche]\n"                                           /* 1 */
    "id = broken\n"                                       /* 2 */
    "plie = PLIE Test\n"                                  /* 3 */
    "titre = Essai\n"                                     /* 4 */
    "debut = 2024-01-01\n"                                /* 5 */
    "fin = 2024-12-31\n"                                  /* 6 */
    "pieces = bilan | attestation\n"                      /* 7 unknown pièce */
    "[volet.v]\n"                                         /* 8 */
    "libelle = Volet\n"                                   /* 9 */
    "[indicateur.a]\n"                                    /* 10 */
    "volet = v\n"                                         /* 11 */
    "libelle = A\n"                                       /* 12 */
    "mesure = count actions where typ = Forum\n"          /* 13 syntax: column 30 */
    "[indicateur.b]\n"                                    /* 14 */
    "libelle = B\n"                                       /* 15 no volet */
    "mesure = count actions\n"                            /* 16 */
    "[indicateur.c]\n"                                    /* 17 */
    "volet = w\n"                                         /* 18 undeclared volet */
    "libelle = C\n"                                       /* 19 */
    "mesure = count offres\n"                             /* 20 */
    "[indicateur.d]\n"                                    /* 21 */
    "volet = v\n"                                         /* 22 */
    "libelle = D\n"                                       /* 23 */
    "cible = beaucoup\n"                                  /* 24 */
    "mesure = count offres\n"                             /* 25 */
    "periode = date_fin\n"                                /* 26 not a date field of offres */
    "pieces = liste-offres | liste-inconnue\n";           /* 27 */

static void test_broken_fiche(void **state)
{
    fixture *fx = *state;
    load_templates(fx);
    put(fx, "fiches", NULL);
    char *path = put(fx, "fiches/broken.ini", broken_fiche);
    fse_fiche f;
    assert_int_equal(fse_fiche_load(&f, fx->dir, "broken", &fx->t, &fx->d), 1);
    const fse_diags *d = &fx->d;
    assert_int_equal(d->nerrors, 7);
    assert_int_equal(d->n, 7);
    diag_is(d, 0, FSE_SEV_ERROR, "fiche", 7, "unknown pièce \"attestation\" (known: bordereau, bilan,");
    diag_is(d, 1, FSE_SEV_ERROR, "fiche", 13, "mesure of a: unknown field \"typ\" of dataset actions");
    assert_int_equal(nth(d, 1)->col, 30);
    diag_is(d, 2, FSE_SEV_ERROR, "fiche", 24, "cible must be a number, not \"beaucoup\"");
    diag_is(d, 3, FSE_SEV_ERROR, "fiche", 27, "unknown pièce \"liste-inconnue\"");
    /* indicator errors name the line of their [indicateur.ID] section */
    diag_is(d, 4, FSE_SEV_ERROR, "fiche", 14, "indicateur b has no volet");
    diag_is(d, 5, FSE_SEV_ERROR, "fiche", 17, "indicateur c: volet \"w\" is not declared");
    diag_is(d, 6, FSE_SEV_ERROR, "fiche", 21,
            "indicateur d: periode \"date_fin\" is not a date field of its datasets");
    for (size_t i = 0; i < d->n; i++) assert_string_equal(d->items[i].file, path);
    assert_int_equal(f.npieces, 1);                      /* the known pièce is kept */
    assert_null(f.inds[0].mesure);
    assert_int_equal(f.inds[3].npieces, 1);
    fse_fiche_free(&f);
}

/* A second [indicateur.X] or [volet.X] is an error (its keys are ignored);
 * a key that takes one value given twice, or continued on an indented line,
 * is an error naming both lines; text keys go on over indented lines, but
 * given twice they are an error too. The first value is kept. */
static const char repeated_fiche[] =
    "[fiche]\n"                                           /* 1 */
    "id = rep\n"                                          /* 2 */
    "plie = P\n"                                          /* 3 */
    "titre = T\n"                                         /* 4 */
    "debut = 2024-01-01\n"                                /* 5 */
    "fin = 2024-12-31\n"                                  /* 6 */
    "fin = 2025-12-31\n"                                  /* 7 twice */
    "plie = Q\n"                                          /* 8 twice (was joined: "P Q") */
    "[volet.v]\n"                                         /* 9 */
    "libelle = V\n"                                       /* 10 */
    "par_etp = oui\n"                                     /* 11 */
    "par_etp = non\n"                                     /* 12 twice */
    "[indicateur.mises_en_relation]\n"                    /* 13 */
    "volet = v\n"                                         /* 14 */
    "libelle = Mises en relation\n"                       /* 15 */
    "  suivies d'une embauche\n"                          /* 16 continuation: joined */
    "cible = 10\n"                                        /* 17 */
    "mesure = count mises_en_relation\n"                  /* 18 */
    "  where resultat = Embauche\n"                       /* 19 continuation: joined */
    "cible = 20\n"                                        /* 20 twice */
    "periode = date\n"                                    /* 21 */
    "[volet.v]\n"                                         /* 22 again */
    "libelle = Autre\n"                                   /* 23 ignored */
    "[indicateur.mises_en_relation]\n"                    /* 24 again */
    "cible = 30\n"                                        /* 25 ignored */
    "mesure = count actions\n"                            /* 26 ignored */
    "[indicateur.autre]\n"                                /* 27 */
    "volet = v\n"                                         /* 28 */
    "volet = w\n"                                         /* 29 twice */
    "libelle = Autre\n"                                   /* 30 */
    "libelle = Encore\n"                                  /* 31 a text key twice */
    "  et encore\n"                                       /* 32 ignored with it */
    "mesure = count actions\n"                            /* 33 */
    "par_etp = oui\n"                                     /* 34 */
    "  non\n"                                             /* 35 a single value continued */
    "mesure = count offres\n"                             /* 36 twice, not a continuation */
    "cible_annoncee = 4\n"                                /* 37 */
    "cible_annoncee = 4\n";                               /* 38 twice, even the same */

static void test_fiche_repeated(void **state)
{
    fixture *fx = *state;
    load_templates(fx);
    put(fx, "fiches", NULL);
    char *path = put(fx, "fiches/rep.ini", repeated_fiche);
    fse_fiche f;
    assert_int_equal(fse_fiche_load(&f, fx->dir, "rep", &fx->t, &fx->d), 1);
    const fse_diags *d = &fx->d;
    assert_int_equal(d->n, 11);
    assert_int_equal(d->nerrors, 11);
    diag_is(d, 0, FSE_SEV_ERROR, "fiche", 7, "fin already given at line 6 in [fiche]");
    diag_is(d, 1, FSE_SEV_ERROR, "fiche", 8, "plie already given at line 3 in [fiche]");
    diag_is(d, 2, FSE_SEV_ERROR, "fiche", 12, "par_etp already given at line 11 in [volet.v]");
    diag_is(d, 3, FSE_SEV_ERROR, "fiche", 20, "cible already given at line 17 in [indicateur.mises_en_relation]");
    diag_is(d, 4, FSE_SEV_ERROR, "fiche", 22, "volet v already declared at line 9");
    diag_is(d, 5, FSE_SEV_ERROR, "fiche", 24, "indicateur mises_en_relation already declared at line 13");
    diag_is(d, 6, FSE_SEV_ERROR, "fiche", 29, "volet already given at line 28 in [indicateur.autre]");
    diag_is(d, 7, FSE_SEV_ERROR, "fiche", 31, "libelle already given at line 30 in [indicateur.autre] "
                                              "(continue a long value on indented lines)");
    diag_is(d, 8, FSE_SEV_ERROR, "fiche", 35,
            "par_etp takes a single value: this indented line would continue the one of line 34");
    diag_is(d, 9, FSE_SEV_ERROR, "fiche", 36, "mesure already given at line 33 in [indicateur.autre]");
    diag_is(d, 10, FSE_SEV_ERROR, "fiche", 38, "cible_annoncee already given at line 37 in [indicateur.autre]");
    for (size_t i = 0; i < d->n; i++) {
        assert_string_equal(d->items[i].file, path);
        assert_int_equal(d->items[i].col, 1);
    }
    assert_string_equal(f.plie, "P");
    assert_int_equal(f.fin, 20088);
    assert_int_equal(f.nvolets, 1);
    assert_string_equal(f.volets[0].libelle, "V");
    assert_true(f.volets[0].par_etp);
    assert_int_equal(f.ninds, 2);
    const fse_indicateur *m = &f.inds[0];
    assert_int_equal(m->line, 13);
    assert_string_equal(m->libelle, "Mises en relation suivies d'une embauche");
    assert_true(m->cible == 10);
    assert_string_equal(m->mesure->text, "count mises_en_relation where resultat = Embauche");
    assert_string_equal(m->periode, "date");
    const fse_indicateur *a = &f.inds[1];
    assert_string_equal(a->volet, "v");
    assert_string_equal(a->libelle, "Autre");
    assert_string_equal(a->mesure->text, "count actions");
    assert_true(a->par_etp && a->par_etp_set);
    fse_fiche_free(&f);
}

static const char nomesure_fiche[] =
    "[fiche]\nid = nomesure\nplie = P\ntitre = T\ndebut = 2024-01-01\nfin = 2024-12-31\n"
    "[volet.v]\nlibelle = V\n"
    "[indicateur.x]\n"                                    /* 9 */
    "volet = v\n"                                         /* 10 */
    "libelle = X\n"
    "cible = 3\n";

static void test_fiche_without_mesure(void **state)
{
    fixture *fx = *state;
    load_templates(fx);
    put(fx, "fiches", NULL);
    put(fx, "fiches/broken.ini", broken_fiche);
    put(fx, "fiches/nomesure.ini", nomesure_fiche);
    fse_fiche f;
    assert_int_equal(fse_fiche_load(&f, fx->dir, "nomesure", &fx->t, &fx->d), 1);
    assert_int_equal(fx->d.nerrors, 1);
    diag_is(&fx->d, 0, FSE_SEV_ERROR, "fiche", 9, "indicateur x has no valid mesure");
    fse_fiche_free(&f);
    /* the same, after another fiche's errors in the same diagnostics */
    fse_diags_free(&fx->d);
    fx->d.quiet = true;
    assert_int_equal(fse_fiche_load(&f, fx->dir, "broken", &fx->t, &fx->d), 1);
    fse_fiche_free(&f);
    size_t before = fx->d.nerrors;
    assert_int_equal(fse_fiche_load(&f, fx->dir, "nomesure", &fx->t, &fx->d), 1);
    assert_int_equal(fx->d.nerrors, before + 1);
    diag_is(&fx->d, before, FSE_SEV_ERROR, "fiche", 9, "indicateur x has no valid mesure");
    fse_fiche_free(&f);
}

static void test_fiche_header_errors(void **state)
{
    fixture *fx = *state;
    load_templates(fx);
    put(fx, "fiches", NULL);
    put(fx, "fiches/autre.ini",
        "[fiche]\n"
        "id = pas-moi\n"                                  /* 2 */
        "debut = 2024-01-32\n"                            /* 3 */
        "calendrier = 2024-01-01\n"                       /* 4 */
        "couleur = rouge\n"                               /* 5 */
        "[volet.v]\n"
        "par_etp = peut-être\n"                           /* 7 */
        "[annexe]\n"
        "x = 1\n");                                       /* 9 */
    fse_fiche f;
    assert_int_equal(fse_fiche_load(&f, fx->dir, "autre", &fx->t, &fx->d), 1);
    const fse_diags *d = &fx->d;
    diag_is(d, 0, FSE_SEV_ERROR, "fiche", 2, "id \"pas-moi\" differs from the file name (autre)");
    diag_is(d, 1, FSE_SEV_ERROR, "fiche", 3, "debut must be a date");
    diag_is(d, 2, FSE_SEV_ERROR, "fiche", 4, "calendrier must be DEBUT..FIN dates");
    diag_is(d, 3, FSE_SEV_ERROR, "fiche", 5, "unknown key \"couleur\" in [fiche]");
    diag_is(d, 4, FSE_SEV_ERROR, "fiche", 7, "par_etp must be oui or non");
    diag_is(d, 5, FSE_SEV_ERROR, "fiche", 8, "unknown section [annexe]");
    diag_is(d, 6, FSE_SEV_ERROR, "fiche", 0, "[fiche] needs plie and titre");
    diag_is(d, 7, FSE_SEV_ERROR, "fiche", 0, "[fiche] needs debut <= fin");
    diag_is(d, 8, FSE_SEV_ERROR, "fiche", 0, "the fiche declares no indicateur");
    assert_int_equal(d->n, 9);
    fse_fiche_free(&f);
}

static void test_fiche_continuations(void **state)
{
    fixture *fx = *state;
    load_templates(fx);
    put(fx, "fiches", NULL);
    put(fx, "fiches/suite.ini",
        "\xEF\xBB\xBF[fiche]\n"                           /* 1: UTF-8 BOM */
        "id = suite\nplie = P\ntitre = T\ndebut = 2024-01-01\nfin = 2024-12-31\n"
        "note = Première ligne\n"                          /* 7 */
        "  [voir l'annexe]\n"                              /* 8: a continuation, not a section */
        "[volet.v]\n"                                      /* 9 */
        "[indicateur.x]\n"                                 /* 10 */
        "volet = v\n"
        "libelle = X\n"
        "mesure = count actions\n"                         /* 13 */
        "  where type in @actions_collectives\n"           /* 14 */
        "pieces = liste-actions\n"
        "[indicateur.y]\n"                                 /* 16 */
        "volet = v\n"
        "libelle = Y\n"
        "mesure = count actions\n"                         /* 19 */
        "  where typ = Forum\n");                          /* 20 */
    fse_fiche f;
    assert_int_equal(fse_fiche_load(&f, fx->dir, "suite", &fx->t, &fx->d), 1);
    assert_int_equal(fx->d.n, 1);
    /* the error of a measure on two lines is reported at its first line */
    diag_is(&fx->d, 0, FSE_SEV_ERROR, "fiche", 19, "mesure of y: unknown field \"typ\" of dataset actions");
    assert_string_equal(f.note, "Première ligne [voir l'annexe]");
    assert_int_equal(f.nvolets, 1);                    /* a volet without keys exists */
    assert_false(f.volets[0].par_etp);
    assert_int_equal(f.ninds, 2);
    assert_int_equal(f.inds[0].line, 10);
    assert_string_equal(f.inds[0].mesure->text, "count actions where type in @actions_collectives");
    assert_int_equal(f.inds[0].mesure->terms[0].conds[0].nkeys, 10);
    assert_false(f.inds[0].par_etp);
    assert_null(f.inds[1].mesure);
    fse_fiche_free(&f);
}

/* ---- SIRET ------------------------------------------------------------------------ */

static void test_siret(void **state)
{
    (void)state;
    assert_true(fse_siret_valid("73282932000074"));
    assert_true(fse_siret_valid("732 829 320 00074"));
    assert_true(fse_siret_valid("732\xC2\xA0" "829\xC2\xA0" "320\xC2\xA0" "00074"));
    assert_true(fse_siret_valid("44306184100047"));
    assert_false(fse_siret_valid("73282932000075"));     /* last digit changed */
    assert_false(fse_siret_valid("73282932100074"));     /* a middle digit changed */
    assert_false(fse_siret_valid("37282932000074"));     /* two digits swapped */
    assert_false(fse_siret_valid("7328293200007"));      /* 13 digits */
    assert_false(fse_siret_valid("732829320000740"));    /* 15 digits */
    assert_false(fse_siret_valid("7328293200007A"));
    assert_false(fse_siret_valid("732-829-320-00074"));
    assert_false(fse_siret_valid(""));
    /* La Poste: 356000000 + digit sum multiple of 5 */
    assert_true(fse_siret_valid("35600000000048"));      /* Luhn valid too */
    assert_true(fse_siret_valid("35600000000001"));      /* digit sum 15, Luhn invalid */
    assert_false(fse_siret_valid("35600000000002"));
    assert_false(fse_siret_valid("35700000000001"));     /* not La Poste: Luhn only */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_job_all_keys),
        T(test_job_defaults),
        T(test_job_missing),
        T(test_job_errors),
        T(test_job_syntax_error),
        T(test_long_lines),
        T(test_job_repeated_keys),
        T(test_config_not_regular),
        T(test_config_not_utf8),
        T(test_periods),
        T(test_all_fiches_load),
        T(test_fiche_bordeaux_3),
        T(test_fiche_libournais_3),
        T(test_fiche_graves_3),
        T(test_fiche_periode_field),
        T(test_broken_fiche),
        T(test_fiche_repeated),
        T(test_fiche_without_mesure),
        T(test_fiche_header_errors),
        T(test_fiche_continuations),
        T(test_siret),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
