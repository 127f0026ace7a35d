/* test_fiches.c — the fiche definitions of templates/fiches (tests run from
 * the repository root), broken and repeated ones, and the SIRET key. */
#include "config_fixture.h"


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
            "calendrier prévisionnel (01/01/2024 – 31/01/2024) contredit la période d'exécution "
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
            "l'indicateur offres_collectees_diffusees a pour cible 25 dans son unité de mesure mais 50 "
            "dans les résultats attendus de la fiche ; 25 est retenu");
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
    diag_is(d, 0, FSE_SEV_ERROR, "fiche", 7, "pièce inconnue « attestation » (connues : bordereau, bilan,");
    diag_is(d, 1, FSE_SEV_ERROR, "fiche", 13, "mesure de a : champ inconnu « typ » du jeu de données actions");
    assert_int_equal(nth(d, 1)->col, 30);
    diag_is(d, 2, FSE_SEV_ERROR, "fiche", 24, "cible doit être un nombre, pas « beaucoup »");
    diag_is(d, 3, FSE_SEV_ERROR, "fiche", 27, "pièce inconnue « liste-inconnue »");
    /* indicator errors name the line of their [indicateur.ID] section */
    diag_is(d, 4, FSE_SEV_ERROR, "fiche", 14, "l'indicateur b n'a pas de volet");
    diag_is(d, 5, FSE_SEV_ERROR, "fiche", 17, "indicateur c : le volet « w » n'est pas déclaré");
    diag_is(d, 6, FSE_SEV_ERROR, "fiche", 21,
            "indicateur d : periode « date_fin » n'est pas un champ date de ses jeux de données");
    for (size_t i = 0; i < d->n; i++) assert_string_equal(d->items[i].file, path);
    /* a bad value at the value's column; errors of a whole indicator at column 1 */
    static const long cols[] = { 10, 30, 9, 10, 1, 1, 1 };
    for (size_t i = 0; i < d->n; i++) assert_int_equal(d->items[i].col, cols[i]);
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
    diag_is(d, 0, FSE_SEV_ERROR, "fiche", 7, "fin déjà donné ligne 6 dans [fiche]");
    diag_is(d, 1, FSE_SEV_ERROR, "fiche", 8, "plie déjà donné ligne 3 dans [fiche]");
    diag_is(d, 2, FSE_SEV_ERROR, "fiche", 12, "par_etp déjà donné ligne 11 dans [volet.v]");
    diag_is(d, 3, FSE_SEV_ERROR, "fiche", 20, "cible déjà donné ligne 17 dans [indicateur.mises_en_relation]");
    diag_is(d, 4, FSE_SEV_ERROR, "fiche", 22, "volet v déjà déclaré ligne 9");
    diag_is(d, 5, FSE_SEV_ERROR, "fiche", 24, "indicateur mises_en_relation déjà déclaré ligne 13");
    diag_is(d, 6, FSE_SEV_ERROR, "fiche", 29, "volet déjà donné ligne 28 dans [indicateur.autre]");
    diag_is(d, 7, FSE_SEV_ERROR, "fiche", 31, "libelle déjà donné ligne 30 dans [indicateur.autre] "
                                              "(prolongez une valeur longue sur des lignes en retrait)");
    diag_is(d, 8, FSE_SEV_ERROR, "fiche", 35,
            "par_etp prend une seule valeur : cette ligne en retrait prolongerait celle de la ligne 34");
    diag_is(d, 9, FSE_SEV_ERROR, "fiche", 36, "mesure déjà donné ligne 33 dans [indicateur.autre]");
    diag_is(d, 10, FSE_SEV_ERROR, "fiche", 38, "cible_annoncee déjà donné ligne 37 dans [indicateur.autre]");
    for (size_t i = 0; i < d->n; i++) {   /* a repeated [section]: at its name */
        assert_string_equal(d->items[i].file, path);
        assert_int_equal(d->items[i].col, i == 4 || i == 5 ? 2 : 1);
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
    diag_is(&fx->d, 0, FSE_SEV_ERROR, "fiche", 9, "l'indicateur x n'a pas de mesure valide");
    fse_fiche_free(&f);
    /* the same, after another fiche's errors in the same diagnostics */
    fse_diags_free(&fx->d);
    fx->d.quiet = true;
    assert_int_equal(fse_fiche_load(&f, fx->dir, "broken", &fx->t, &fx->d), 1);
    fse_fiche_free(&f);
    size_t before = fx->d.nerrors;
    assert_int_equal(fse_fiche_load(&f, fx->dir, "nomesure", &fx->t, &fx->d), 1);
    assert_int_equal(fx->d.nerrors, before + 1);
    diag_is(&fx->d, before, FSE_SEV_ERROR, "fiche", 9, "l'indicateur x n'a pas de mesure valide");
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
    diag_is(d, 0, FSE_SEV_ERROR, "fiche", 2, "id « pas-moi » diffère du nom du fichier (autre)");
    diag_is(d, 1, FSE_SEV_ERROR, "fiche", 3, "debut doit être une date");
    diag_is(d, 2, FSE_SEV_ERROR, "fiche", 4, "calendrier doit être de la forme DEBUT..FIN (deux dates)");
    diag_is(d, 3, FSE_SEV_ERROR, "fiche", 5, "clé inconnue « couleur » dans [fiche]");
    diag_is(d, 4, FSE_SEV_ERROR, "fiche", 7, "par_etp doit valoir oui ou non");
    diag_is(d, 5, FSE_SEV_ERROR, "fiche", 8, "section inconnue [annexe]");
    diag_is(d, 6, FSE_SEV_ERROR, "fiche", 0, "[fiche] doit donner plie et titre");
    diag_is(d, 7, FSE_SEV_ERROR, "fiche", 0, "[fiche] doit avoir debut <= fin");
    diag_is(d, 8, FSE_SEV_ERROR, "fiche", 0, "la fiche ne déclare aucun indicateur");
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
    diag_is(&fx->d, 0, FSE_SEV_ERROR, "fiche", 19, "mesure de y : champ inconnu « typ » du jeu de données actions");
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
