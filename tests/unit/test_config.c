/* test_config.c — the job config (DESIGN §4), the INI reader's guards
 * (regular files, UTF-8, repeated keys) and periods. */
#include "config_fixture.h"

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
    diag_is(d, 0, FSE_SEV_ERROR, "config", 3, "clé inconnue « couleur » dans [plie]");
    diag_is(d, 1, FSE_SEV_ERROR, "config", 4, "jeu de données inconnu [source.heure]");
    diag_is(d, 2, FSE_SEV_ERROR, "config", 8, "champ inconnu « heure » du jeu de données heures");
    diag_is(d, 3, FSE_SEV_ERROR, "config", 9, "encodage inconnu « ebcdic »");
    diag_is(d, 4, FSE_SEV_ERROR, "config", 10, "ligne_entete doit être un numéro de ligne, pas « 0 »");
    diag_is(d, 5, FSE_SEV_ERROR, "config", 12, "etp doit être un nombre de postes, pas « deux »");
    diag_is(d, 6, FSE_SEV_ERROR, "config", 13, "etp doit être un nombre de postes, pas « -1 »");
    diag_is(d, 7, FSE_SEV_ERROR, "config", 16,
            "confidentialite doit valoir complet, initiales ou pseudonyme, pas « secret »");
    diag_is(d, 8, FSE_SEV_ERROR, "config", 17, "heures_par_etp doit être un nombre positif");
    diag_is(d, 9, FSE_SEV_ERROR, "config", 19, "période invalide « 2024-13 »");
    diag_is(d, 10, FSE_SEV_ERROR, "config", 20, "clé inconnue « fin » dans [periode]");
    diag_is(d, 11, FSE_SEV_ERROR, "config", 21, "section inconnue [inconnue]");
    diag_is(d, 12, FSE_SEV_ERROR, "config", 24, "separateur doit être ; , ou tab, pas « | »");
    diag_is(d, 13, FSE_SEV_ERROR, "config", 23, "[source.offres] n'a pas de fichier");
    /* an unknown key at column 1, a bad value at the value's column, a
     * section error at its name's (after '[') */
    static const long cols[] = { 1, 2, 1, 12, 16, 15, 28, 19, 18, 10, 1, 2, 14, 2 };
    for (size_t i = 0; i < d->n; i++) {
        assert_string_equal(d->items[i].file, path);
        assert_int_equal(d->items[i].col, cols[i]);
    }
    assert_true(fse_job_etp(&fx->job, "graves-3", "autre") == 1.5);
    assert_true(fse_job_etp(&fx->job, "graves-3", "clauses") == 1);
}

/* A misspelt [section] is one error at its line, at the column of its name,
 * and its keys are not reported again (before: one error per key, at the
 * key's line, and none for the header); so is an unknown [source.D]. */
static void test_job_unknown_section(void **state)
{
    fixture *fx = *state;
    char *path = put(fx, "job.ini",
        "[plie]\n"                                  /* 1 */
        "nom = A\n"                                 /* 2 */
        "[sorties]\n"                               /* 3 */
        "dossier = out\n"                           /* 4 */
        "confidentialite = complet\n"               /* 5 */
        "[source.participantes]\n"                  /* 6 */
        "fichier = p.csv\n"                         /* 7 */
        "feuille = P\n"                             /* 8 */
        "[vide]\n");                                /* 9: no key, still reported */
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 1);
    const fse_diags *d = &fx->d;
    assert_int_equal(d->n, 3);
    diag_is(d, 0, FSE_SEV_ERROR, "config", 3, "section inconnue [sorties] (plie, periode, source.*, fiche.*, sortie)");
    assert_int_equal(d->items[0].col, 2);
    diag_is(d, 1, FSE_SEV_ERROR, "config", 6, "jeu de données inconnu [source.participantes] (connus : ");
    assert_int_equal(d->items[1].col, 2);
    diag_is(d, 2, FSE_SEV_ERROR, "config", 9, "section inconnue [vide]");
    assert_int_equal(d->items[2].col, 2);
    assert_null(fx->job.sortie_dossier);
    assert_int_equal(fx->job.nsources, 0);
}

static void test_job_syntax_error(void **state)
{
    fixture *fx = *state;
    char *path = put(fx, "job.ini", "[plie]\nnom = A\nceci n'est pas une clé\n[sortie]\ndossier = out\n");
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 1);
    assert_int_equal(fx->d.nerrors, 1);
    diag_is(&fx->d, 0, FSE_SEV_ERROR, "config", 3, "erreur de syntaxe");
    assert_string_equal(fx->job.plie_nom, "A");
}

/* Line ends CR alone (classic Mac editors), CRLF and LF, mixed: each ends
 * a line, so keys are read and a diagnostic names the editor's line; before,
 * a CR-only file was one line "of more than 198 bytes" at 1:1. */
static void test_job_cr_line_ends(void **state)
{
    fixture *fx = *state;
    char *path = put(fx, "job.ini", "[plie]\rnom = A\r\n\rporteur = B\r[sortie]\ndossier = out\rcouleur = rouge\r");
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 1);
    assert_string_equal(fx->job.plie_nom, "A");
    assert_string_equal(fx->job.porteur, "B");
    assert_int_equal(fx->d.nerrors, 1);
    diag_is(&fx->d, 0, FSE_SEV_ERROR, "config", 7, "clé inconnue « couleur » dans [sortie]");
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
    diag_is(&fx->d, 0, FSE_SEV_ERROR, "config", 4, "ligne de plus de");
    /* the lines after it keep their numbers */
    diag_is(&fx->d, 1, FSE_SEV_ERROR, "config", 5, "clé inconnue « couleur » dans [sortie]");
}

/* Each fichier = value keeps the line and column (in characters) where the
 * value starts, so that a file that cannot be opened is reported there:
 * after `=` or `:` and blanks, a UTF-8 BOM of line 1 not counted, and on a
 * continuation line its first non-blank. */
static void test_job_file_positions(void **state)
{
    fixture *fx = *state;
    char *path = put(fx, "job.ini",
        "\xEF\xBB\xBF[source.heures]\n"           /* 1 BOM */
        "fichier = a.csv\n"                        /* 2 col 11 */
        "fichier=b.csv\n"                          /* 3 col 9 */
        "fichier  :\t  c.csv   ; commentaire\n"    /* 4 col 14 */
        "  d/é.csv\n"                              /* 5 continuation: col 3 */
        "[source.contacts]\n"                      /* 6 */
        "fichier = é/contacts.csv\n");             /* 7 col 11 */
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 0);
    assert_int_equal(fx->d.n, 0);
    assert_int_equal(fx->job.nsources, 2);
    const fse_source_cfg *s = &fx->job.sources[0];
    assert_int_equal(s->nfiles, 4);
    const char *shown[] = { "a.csv", "b.csv", "c.csv", "d/é.csv" };
    const long line[] = { 2, 3, 4, 5 }, col[] = { 11, 9, 14, 3 };
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(s->shown[i], shown[i]);
        assert_int_equal(s->file_lines[i], line[i]);
        assert_int_equal(s->file_cols[i], col[i]);
    }
    s = &fx->job.sources[1];
    assert_int_equal(s->nfiles, 1);
    assert_int_equal(s->file_lines[0], 7);
    assert_int_equal(s->file_cols[0], 11);
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
            "porteur déjà donné ligne 4 dans [plie] (prolongez une valeur longue sur des lignes en retrait)");
    diag_is(d, 1, FSE_SEV_ERROR, "config", 8, "defaut déjà donné ligne 7 dans [periode]");
    diag_is(d, 2, FSE_SEV_ERROR, "config", 13, "feuille déjà donné ligne 12 dans [source.heures]");
    diag_is(d, 3, FSE_SEV_ERROR, "config", 15, "encodage déjà donné ligne 14 dans [source.heures]");
    diag_is(d, 4, FSE_SEV_ERROR, "config", 17, "separateur déjà donné ligne 16 dans [source.heures]");
    diag_is(d, 5, FSE_SEV_ERROR, "config", 19, "ligne_entete déjà donné ligne 18 dans [source.heures]");
    diag_is(d, 6, FSE_SEV_ERROR, "config", 22, "colonne.heures déjà donné ligne 20 dans [source.heures]");
    diag_is(d, 7, FSE_SEV_ERROR, "config", 26, "etp.clauses déjà donné ligne 24 dans [fiche.graves-3]");
    diag_is(d, 8, FSE_SEV_ERROR, "config", 28, "dossier_mdfse déjà donné ligne 27 dans [fiche.graves-3]");
    diag_is(d, 9, FSE_SEV_ERROR, "config", 31, "dossier déjà donné ligne 30 dans [sortie]");
    diag_is(d, 10, FSE_SEV_ERROR, "config", 33, "confidentialite déjà donné ligne 32 dans [sortie]");
    diag_is(d, 11, FSE_SEV_ERROR, "config", 35, "heures_par_etp déjà donné ligne 34 dans [sortie]");
    diag_is(d, 12, FSE_SEV_ERROR, "config", 37,
            "sel_pseudonyme prend une seule valeur : cette ligne en retrait prolongerait celle de la ligne 36");
    diag_is(d, 13, FSE_SEV_ERROR, "config", 41, "feuille déjà donné ligne 12 dans [source.heures]");
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
    const char *want[] = { "est un dossier, pas un fichier de configuration",
                           "plus de 4 Mio : ce n'est pas un fichier de configuration",
                           "pas un fichier ordinaire (un périphérique ou une socket) : un fichier de configuration est attendu",
                           "pas un fichier ordinaire (un tube nommé) : un fichier de configuration est attendu" };
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
    diag_is(&fx->d, 0, FSE_SEV_ERROR, "config", 0, "pas un fichier ordinaire (un périphérique ou une socket)");
    fse_job_free(&fx->job);
    assert_int_equal(fse_job_load(&fx->job, fifo, &fx->d), 1);
    diag_is(&fx->d, 1, FSE_SEV_ERROR, "config", 0, "pas un fichier ordinaire (un tube nommé)");
    fse_job_free(&fx->job);
    char *dir = fse_xasprintf("%s/fiches", fx->dir);
    errno = 0;
    assert_int_equal(fse_job_load(&fx->job, dir, &fx->d), -1);
    assert_int_equal(errno, EISDIR);
    free(dir);
    assert_int_equal(fx->d.n, 2);
}

/* Configuration files are UTF-8. A file that is not (saved "ANSI" by
 * Notepad or Excel) is ONE error at the line and column (in characters,
 * after a BOM) of its first bad byte, naming Windows-1252 when that byte is
 * one of its letters, and is read no further (before: one error per
 * accented line, 6 for a Windows-1252 job, and the values after were read).
 * A NUL byte in UTF-8 text is reported on each line holding one. */
static void put_bytes(fixture *fx, const char *path, const char *bytes, size_t n)
{
    (void)fx;
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(bytes, 1, n, f);
    fclose(f);
}

static void test_config_not_utf8(void **state)
{
    fixture *fx = *state;
    static const char cp1252[] =
        "\xEF\xBB\xBF; t\xE2" "che g\xE9n\xE9r\xE9" "e\n"/* 1: after a BOM, column 4 */
        "[plie]\n"
        "nom = PLIE des Graves\n"
        "porteur = Assoc\xE9 Emploi\n"                 /* 4: not reported again */
        "[periode]\n"
        "defaut = 2024\n";
    char *path = put(fx, "job.ini", "");
    put_bytes(fx, path, cp1252, sizeof cp1252 - 1);
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 1);
    assert_int_equal(fx->d.n, 1);
    diag_is(&fx->d, 0, FSE_SEV_ERROR, "config", 1,
            "fichier pas en UTF-8 (sans doute en Windows-1252, « ANSI ») : enregistrez-le en UTF-8");
    assert_int_equal(fx->d.items[0].col, 4);
    assert_null(fx->job.plie_nom);   /* read no further */
    assert_null(fx->job.periode);
    fse_job_free(&fx->job);
    fse_diags_free(&fx->d);
    memset(&fx->d, 0, sizeof fx->d);
    fx->d.quiet = true;

    static const char other[] =
        "[plie]\n"
        "nom = PLIE des Graves\n"
        "[sortie]\n"
        "dossier = \xC2\xABpacks\xC2\xBB \x81\n"       /* 4: column 19 (byte 22), not a CP1252 letter */
        "; fin \xC3\n";                                /* 5: not reported */
    put_bytes(fx, path, other, sizeof other - 1);
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 1);
    assert_int_equal(fx->d.n, 1);
    diag_is(&fx->d, 0, FSE_SEV_ERROR, "config", 4, "fichier pas en UTF-8 : enregistrez-le en UTF-8");
    assert_int_equal(fx->d.items[0].col, 19);
    assert_string_equal(fx->job.plie_nom, "PLIE des Graves");
    fse_job_free(&fx->job);
    fse_diags_free(&fx->d);
    memset(&fx->d, 0, sizeof fx->d);
    fx->d.quiet = true;

    static const char nul[] =
        "[plie]\n"
        "; commentaire\0 x\n"                          /* 2: NUL at column 14 */
        "nom = PLIE des Graves\n"
        "; fin\0\n";                                   /* 4: column 6 */
    put_bytes(fx, path, nul, sizeof nul - 1);
    assert_int_equal(fse_job_load(&fx->job, path, &fx->d), 1);
    assert_int_equal(fx->d.n, 2);
    for (size_t i = 0; i < 2; i++) {
        diag_is(&fx->d, i, FSE_SEV_ERROR, "config", i ? 4 : 2,
                "octet NUL : ce n'est pas un fichier texte ; enregistrez-le en texte UTF-8");
        assert_int_equal(fx->d.items[i].col, i ? 6 : 14);
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


int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_job_all_keys),
        T(test_job_defaults),
        T(test_job_missing),
        T(test_job_errors),
        T(test_job_unknown_section),
        T(test_job_syntax_error),
        T(test_job_cr_line_ends),
        T(test_long_lines),
        T(test_job_repeated_keys),
        T(test_job_file_positions),
        T(test_config_not_regular),
        T(test_config_not_utf8),
        T(test_periods),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
