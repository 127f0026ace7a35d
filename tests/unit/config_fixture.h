/* config_fixture.h — what test_config.c and test_fiches.c share: a temp
 * folder for config files, quiet diagnostics and assertions on them. */
#ifndef CONFIG_FIXTURE_H
#define CONFIG_FIXTURE_H

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

__attribute__((unused)) static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx) return -1;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/fsepack-test-config-XXXXXX");
    if (!mkdtemp(fx->dir)) return -1;
    fx->d.quiet = true;
    *state = fx;
    return 0;
}

__attribute__((unused)) static int teardown(void **state)
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
__attribute__((unused)) static char *put(fixture *fx, const char *rel, const char *text)
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


/* Create dir/rel as a symlink to target (fifo: a named pipe) and remember it. */
__attribute__((unused)) static char *put_special(fixture *fx, const char *rel, const char *target)
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

__attribute__((unused)) static void diag_is(const fse_diags *d, size_t i, fse_severity sev, const char *rule, long line,
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


__attribute__((unused)) static void load_templates(fixture *fx)
{
    assert_int_equal(fse_templates_load(&fx->t, "templates", &fx->d), 0);
    fx->have_t = true;
}

#endif
