/* test_source.c — exports become datasets (ingest/source.c): header found
 * below title lines, aliases of templates/colonnes.ini and of the job,
 * total lines, typed values, rejected values with their location, missing
 * columns, duplicate headers, missing files, Windows-1252. CSV files are
 * written under /tmp; templates are read from the repository (tests run from
 * its root). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/util.h"
#include "config/templates.h"
#include "datasets/dataset.h"
#include "ingest/charset.h"
#include "ingest/source.h"
#include "ingest/values.h"

#include "source_fixture.h"

#define NBSP "\xC2\xA0"

typedef struct {
    fse_templates t;
    fse_datasets_t data;
    fse_diags d;
    char *files[4];
    char *shown[4];     /* as the job would write them: "exports/f0.csv", … */
    long lines[4], cols[4]; /* where the job's fichier = values stand: 0 unknown */
    size_t nfiles;
    fse_source_cfg cfg;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx || source_fixture_init(&fx->t, &fx->data, &fx->d, &fx->cfg)) return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    for (size_t i = 0; i < fx->nfiles; i++) {
        unlink(fx->files[i]);
        free(fx->files[i]);
        free(fx->shown[i]);
    }
    for (size_t i = 0; i < fx->cfg.naliases; i++) {
        free(fx->cfg.aliases[i].dataset); free(fx->cfg.aliases[i].field);
        free(fx->cfg.aliases[i].key); free(fx->cfg.aliases[i].header);
    }
    free(fx->cfg.aliases);
    source_fixture_free(&fx->t, &fx->data, &fx->d);
    free(fx);
    return 0;
}

/* Write len bytes to a new temp file and add it to the source's files. */
static const char *write_file(fixture *fx, const char *bytes, size_t len)
{
    assert_true(fx->nfiles < 4);
    char *path = fse_xstrdup("/tmp/fsepack-test-source-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, len), (ssize_t)len);
    close(fd);
    fx->shown[fx->nfiles] = fse_xasprintf("exports/f%zu.csv", fx->nfiles);
    fx->files[fx->nfiles++] = path;
    return path;
}
#define WRITE(fx, lit) write_file(fx, lit, sizeof lit - 1)

static fse_source_status load(fixture *fx, const char *dataset)
{
    fx->cfg.dataset = (char *)dataset;
    fx->cfg.files = fx->files;
    fx->cfg.shown = fx->shown;
    fx->cfg.file_lines = fx->lines;
    fx->cfg.file_cols = fx->cols;
    fx->cfg.nfiles = fx->nfiles;
    fse_dataset *ds = fse_datasets_get(&fx->data, dataset);
    assert_non_null(ds);
    return fse_source_load(&fx->cfg, &fx->t, ds, &fx->d, "job.ini");
}

static fse_dataset *ds_of(fixture *fx, const char *name) { return fse_datasets_get(&fx->data, name); }

static const fse_value *val(const fse_dataset *ds, size_t row, const char *field)
{
    int f = fse_field_index(ds->def, field);
    if (f < 0) fail_msg("no field %s", field);
    assert_true(row < ds->nrows);
    return &ds->rows[row].v[f];
}

static void ok_text(const fse_dataset *ds, size_t row, const char *field, const char *want)
{
    const fse_value *v = val(ds, row, field);
    if (v->state != FSE_VAL_OK) fail_msg("row %zu %s: state %d, want OK", row, field, v->state);
    assert_string_equal(v->text, want);
}

static void ok_num(const fse_dataset *ds, size_t row, const char *field, double want)
{
    const fse_value *v = val(ds, row, field);
    if (v->state != FSE_VAL_OK) fail_msg("row %zu %s: state %d, want OK", row, field, v->state);
    if (v->num != want) fail_msg("row %zu %s: %.17g, want %.17g", row, field, v->num, want);
}

static void is_empty(const fse_dataset *ds, size_t row, const char *field)
{
    const fse_value *v = val(ds, row, field);
    assert_int_equal(v->state, FSE_VAL_EMPTY);
    assert_null(v->text);
}

static double day(int y, int m, int d) { return fse_days_from_civil(y, m, d); }

/* The n-th diagnostic with rule (0-based), or fail. */
static const fse_controle *diag_of(const fse_diags *d, const char *rule, size_t n)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->items[i].rule, rule) && n-- == 0) return &d->items[i];
    fail_msg("no diagnostic \"%s\" (index %zu)", rule, n);
    return NULL;
}

static void msg_has(const fse_controle *c, const char *part)
{
    if (!strstr(c->message, part)) fail_msg("message \"%s\" lacks \"%s\"", c->message, part);
}

/* ---- a realistic ABC Clause export ---------------------------------------- */

static const char heures_csv[] =
    "Extraction ABC Clause - Heures réalisées\n"                                    /* 1 */
    "PLIE des Graves - année 2024\n"                                                /* 2 */
    "\n"                                                                            /* 3 */
    "N° OPERATION;n marché;Réf. participant;Nom;Mois;Heures réalisées;"
    "Critère d'éligibilité;Date de naissance;Commentaire\n"                         /* 4 */
    "OP-001;M-01;P001;Dupont;01/2024;\"1" NBSP "234,50\";DELD;15/03/1990;\n"        /* 5 */
    "OP-001;M-01;P002;Martin;2024-02;35;;1985-07-01;à revoir\n"                     /* 6 */
    ";;;;;;;;\n"                                                                    /* 7 */
    "\n"                                                                            /* 8 */
    "OP-002;M-02;P003;Durand;mars 2024;12h;BRSA;32874;\n"                           /* 9 */
    "OP-002;M-02;P004;Petit;45352;7,5;RQTH;;\n"                                     /* 10 */
    "  ; ;;;;;;;\n"                                                                 /* 11 */
    "Total;;;;;\"1 277,00\";;;\n";                                                  /* 12 */

static void test_heures_export(void **state)
{
    fixture *fx = *state;
    const char *path = WRITE(fx, heures_csv);
    assert_int_equal(load(fx, "heures"), FSE_SOURCE_OK);
    fse_dataset *ds = ds_of(fx, "heures");
    assert_true(ds->loaded);
    assert_int_equal(ds->nsrcs, 1);
    const fse_source_info *in = &ds->srcs[0];
    assert_string_equal(in->path, path);
    assert_string_equal(in->display, path);          /* stderr: openable from here */
    assert_string_equal(in->rel, "exports/f0.csv");  /* the pack: as in the job */
    const int *fc = in->field_cols;
    assert_int_equal(fc[fse_field_index(ds->def, "operation_id")], 1);
    assert_int_equal(fc[fse_field_index(ds->def, "marche_id")], 2);
    assert_int_equal(fc[fse_field_index(ds->def, "heures")], 6);
    assert_int_equal(fc[fse_field_index(ds->def, "date_naissance")], 8);
    assert_int_equal(fc[fse_field_index(ds->def, "lot")], 0);
    assert_string_equal(in->encoding, "utf-8");
    assert_int_equal(in->delimiter, ';');
    assert_int_equal(in->header_line, 4);
    assert_int_equal(in->rows_read, 4);
    assert_int_equal(in->rows_rejected, 1);
    assert_int_equal(in->rows_skipped, 3);          /* lines 7 and 11 (blank cells), 12 (total) */
    assert_int_equal(in->size, (long long)sizeof heures_csv - 1);
    assert_int_equal(strlen(in->sha256), 64);
    assert_null(in->sheet);

    assert_int_equal(ds->nrows, 4);
    long lines[] = { 5, 6, 9, 10 };
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(ds->rows[i].line, lines[i]);
        assert_int_equal(ds->rows[i].src, 0);
    }
    ok_text(ds, 0, "operation_id", "OP-001");
    ok_text(ds, 0, "marche_id", "M-01");
    ok_text(ds, 0, "participant_id", "P001");
    ok_num(ds, 0, "heures", 1234.5);
    ok_text(ds, 0, "heures", "1" NBSP "234,50");
    ok_num(ds, 0, "mois", day(2024, 1, 1));
    ok_num(ds, 0, "date_naissance", day(1990, 3, 15));
    ok_text(ds, 0, "critere", "DELD");
    ok_num(ds, 1, "mois", day(2024, 2, 1));
    ok_num(ds, 1, "heures", 35);
    ok_num(ds, 1, "date_naissance", day(1985, 7, 1));
    is_empty(ds, 1, "critere");
    ok_num(ds, 2, "mois", day(2024, 3, 1));
    ok_num(ds, 2, "date_naissance", day(1990, 1, 1));    /* Excel serial 32874 as text */
    ok_num(ds, 3, "mois", day(2024, 3, 1));              /* Excel serial 45352 as text */
    ok_num(ds, 3, "heures", 7.5);
    is_empty(ds, 3, "date_naissance");
    /* the rejected value keeps its text */
    const fse_value *h = val(ds, 2, "heures");
    assert_int_equal(h->state, FSE_VAL_REJECTED);
    assert_string_equal(h->text, "12h");
    assert_true(h->num == 0);

    /* diagnostics: one rejected value at line 9, column F; the total line; no total gap */
    assert_int_equal(fse_diag_count(&fx->d, "valeur-rejetee"), 1);
    const fse_controle *c = diag_of(&fx->d, "valeur-rejetee", 0);
    assert_int_equal(c->sev, FSE_SEV_WARNING);
    assert_string_equal(c->file, path);
    assert_int_equal(c->line, 9);
    assert_int_equal(c->col, 6);
    msg_has(c, "colonne F");
    msg_has(c, "« Heures réalisées »");
    msg_has(c, "« 12h » n'est pas un nombre");
    assert_int_equal(fse_diag_count(&fx->d, "ligne-total"), 1);
    assert_int_equal(diag_of(&fx->d, "ligne-total", 0)->line, 12);
    assert_int_equal(fse_diag_count(&fx->d, "total-export"), 0);
    assert_int_equal(fse_diag_count(&fx->d, "colonne-ignoree"), 1);
    assert_int_equal(diag_of(&fx->d, "colonne-ignoree", 0)->col, 9);
    assert_int_equal(fse_diag_count(&fx->d, "champ-obligatoire-vide"), 0);
    assert_int_equal(fx->d.nerrors, 0);
    assert_int_equal(fx->d.nwarnings, 1);

    char where[512];
    assert_string_equal(fse_row_where(ds, &ds->rows[3], where, sizeof where), "exports/f0.csv:10");
}

static void test_wrong_total_and_two_files(void **state)
{
    fixture *fx = *state;
    WRITE(fx, heures_csv);
    const char *second = WRITE(fx,
        "N° opération;N° marché;Réf. participant;Mois;Heures réalisées;Heures de formation\r\n"
        "OP-003;M-03;P010;2024-04;10;2\r\n"
        "OP-003;M-03;P011;2024-04;20,25;\r\n"
        "TOTAL GÉNÉRAL;;;;31;2\r\n");
    assert_int_equal(load(fx, "heures"), FSE_SOURCE_OK);
    fse_dataset *ds = ds_of(fx, "heures");
    assert_int_equal(ds->nsrcs, 2);
    assert_int_equal(ds->nrows, 6);
    assert_int_equal(ds->rows[4].src, 1);
    assert_int_equal(ds->rows[4].line, 2);
    assert_int_equal(ds->rows[5].line, 3);
    ok_num(ds, 5, "heures", 20.25);
    assert_int_equal(ds->srcs[1].header_line, 1);
    assert_int_equal(ds->srcs[1].rows_read, 2);
    assert_int_equal(ds->srcs[1].rows_skipped, 1);
    /* 31 announced, 30.25 read; heures_formation agrees (2) */
    assert_int_equal(fse_diag_count(&fx->d, "total-export"), 1);
    const fse_controle *c = diag_of(&fx->d, "total-export", 0);
    assert_int_equal(c->sev, FSE_SEV_WARNING);
    assert_string_equal(c->file, second);
    assert_int_equal(c->line, 4);
    assert_int_equal(c->col, 5);
    msg_has(c, "« heures » dans l'export vaut 31,00 mais ses lignes font 30,25");
}

/* ---- aliases ---------------------------------------------------------------- */

static void test_aliases(void **state)
{
    fixture *fx = *state;
    /* case, accents, spaces and punctuation are ignored */
    WRITE(fx,
        "n operation;N°  MARCHE;ref.participant;MOIS;HEURES-REALISEES;critere;Structure employeuse\n"
        "OP1;M1;P1;2024-01;10;DELD;ACI Les Jardins\n");
    assert_int_equal(load(fx, "heures"), FSE_SOURCE_OK);
    fse_dataset *ds = ds_of(fx, "heures");
    assert_int_equal(ds->nrows, 1);
    ok_text(ds, 0, "operation_id", "OP1");
    ok_text(ds, 0, "marche_id", "M1");
    ok_text(ds, 0, "participant_id", "P1");
    ok_num(ds, 0, "heures", 10);
    ok_text(ds, 0, "critere", "DELD");
    ok_text(ds, 0, "structure", "ACI Les Jardins");
    assert_int_equal(fse_diag_count(&fx->d, "colonne-ignoree"), 0);
}

static void test_job_aliases(void **state)
{
    fixture *fx = *state;
    /* colonne.heures = Nb d'heures effectuées (also a template alias) */
    assert_int_equal(fse_alias_add(&fx->cfg.aliases, &fx->cfg.naliases, &fx->cfg.cap_aliases,
                                   "heures", "heures", "Nb d'heures effectuées"), 0);
    WRITE(fx, "N° opération;N° marché;Réf. participant;Mois;NB D'HEURES EFFECTUEES\n"
              "OP1;M1;P1;2024-01;7\n");
    assert_int_equal(load(fx, "heures"), FSE_SOURCE_OK);
    ok_num(ds_of(fx, "heures"), 0, "heures", 7);
}

static void test_job_aliases_win(void **state)
{
    fixture *fx = *state;
    /* a header unknown to the templates, and a job alias that takes a template header */
    assert_int_equal(fse_alias_add(&fx->cfg.aliases, &fx->cfg.naliases, &fx->cfg.cap_aliases,
                                   "heures", "heures", "Volume horaire"), 0);
    assert_int_equal(fse_alias_add(&fx->cfg.aliases, &fx->cfg.naliases, &fx->cfg.cap_aliases,
                                   "heures", "heures_formation", "Heures réalisées"), 0);
    assert_int_equal(fse_alias_add(&fx->cfg.aliases, &fx->cfg.naliases, &fx->cfg.cap_aliases,
                                   "heures", "nosuchfield", "X"), -1);
    WRITE(fx, "N° opération;N° marché;Réf. participant;Mois;Heures réalisées;Volume horaire\n"
              "OP1;M1;P1;2024-01;3;151,67\n");
    assert_int_equal(load(fx, "heures"), FSE_SOURCE_OK);
    fse_dataset *ds = ds_of(fx, "heures");
    ok_num(ds, 0, "heures", 151.67);
    ok_num(ds, 0, "heures_formation", 3);
    assert_int_equal(fx->d.n, 0);
}

/* ---- missing columns, duplicate headers, missing files ---------------------- */

static void test_required_column_absent(void **state)
{
    fixture *fx = *state;
    const char *path = WRITE(fx,
        "Extraction heures\n"
        "N° opération;N° marché;Réf. participant;Heures réalisées\n"
        "OP1;M1;P1;7\n");
    assert_int_equal(load(fx, "heures"), FSE_SOURCE_DATAERR);
    fse_dataset *ds = ds_of(fx, "heures");
    assert_int_equal(ds->nrows, 0);
    assert_int_equal(ds->nsrcs, 0);
    assert_int_equal(fse_diag_count(&fx->d, "colonne-absente"), 1);
    const fse_controle *c = diag_of(&fx->d, "colonne-absente", 0);
    assert_int_equal(c->sev, FSE_SEV_ERROR);
    assert_string_equal(c->file, path);
    assert_int_equal(c->line, 2);
    msg_has(c, "heures : colonne obligatoire absente : mois");
    msg_has(c, "en-têtes trouvés : « N° opération », « N° marché », « Réf. participant », « Heures réalisées »");
    assert_int_equal(fx->d.nerrors, 1);
}

static void test_two_columns_absent_and_header_line(void **state)
{
    fixture *fx = *state;
    WRITE(fx, "Offres 2024\nN° offre;Intitulé du poste\nO1;Caissier\n");
    assert_int_equal(load(fx, "offres"), FSE_SOURCE_DATAERR);
    const fse_controle *c = diag_of(&fx->d, "colonne-absente", 0);
    msg_has(c, "offres : colonnes obligatoires absentes : date_reception, entreprise ; "
               "en-têtes trouvés : « N° offre », « Intitulé du poste »");
    assert_int_equal(c->line, 2);
}

static void test_ligne_entete(void **state)
{
    fixture *fx = *state;
    WRITE(fx, heures_csv);
    fx->cfg.ligne_entete = 4;
    assert_int_equal(load(fx, "heures"), FSE_SOURCE_OK);
    assert_int_equal(ds_of(fx, "heures")->nrows, 4);
    fse_datasets_free(&fx->data);
    fse_datasets_init(&fx->data);
    fx->cfg.ligne_entete = 5;                    /* a data line: no header there */
    assert_int_equal(load(fx, "heures"), FSE_SOURCE_DATAERR);
    assert_int_equal(fse_diag_count(&fx->d, "colonne-absente"), 1);
    assert_int_equal(diag_of(&fx->d, "colonne-absente", 0)->line, 5);
}

static void test_duplicate_header(void **state)
{
    fixture *fx = *state;
    const char *path = WRITE(fx,
        "N° opération;N° marché;Réf. participant;Mois;Heures réalisées;Heures effectuées\n"
        "OP1;M1;P1;2024-01;7;8\n");
    assert_int_equal(load(fx, "heures"), FSE_SOURCE_DATAERR);
    assert_int_equal(ds_of(fx, "heures")->nrows, 0);
    assert_int_equal(fse_diag_count(&fx->d, "entete-en-double"), 1);
    const fse_controle *c = diag_of(&fx->d, "entete-en-double", 0);
    assert_int_equal(c->sev, FSE_SEV_ERROR);
    assert_string_equal(c->file, path);
    assert_int_equal(c->line, 1);
    assert_int_equal(c->col, 6);
    msg_has(c, "les colonnes E « Heures réalisées » et F « Heures effectuées » désignent toutes deux le champ heures");
}

/* A declared file that cannot be opened is reported at the job's
 * fichier = value (the user fixes the job or puts the export there),
 * naming the path as resolved; EX_NOINPUT. */
static void test_missing_file(void **state)
{
    fixture *fx = *state;
    fx->shown[fx->nfiles] = fse_xstrdup("heures.csv");
    fx->lines[fx->nfiles] = 15;
    fx->cols[fx->nfiles] = 11;
    fx->files[fx->nfiles++] = fse_xstrdup("/tmp/fsepack-test-no-such-dir/heures.csv");
    assert_int_equal(load(fx, "heures"), FSE_SOURCE_MISSING);
    assert_int_equal(ds_of(fx, "heures")->nrows, 0);
    assert_int_equal(fse_diag_count(&fx->d, "fichier-absent"), 1);
    const fse_controle *c = diag_of(&fx->d, "fichier-absent", 0);
    assert_int_equal(c->sev, FSE_SEV_ERROR);
    assert_string_equal(c->file, "job.ini");
    assert_int_equal(c->line, 15);
    assert_int_equal(c->col, 11);
    assert_string_equal(c->message, "ouverture impossible de la source heures : "
                        "/tmp/fsepack-test-no-such-dir/heures.csv : fichier ou dossier inexistant");
}

/* The same for a folder, and for a path through a regular file (ENOTDIR:
 * any cause from open(2) is said there); without a known position (no
 * job), the error stays at the file. */
static void test_unopenable_file(void **state)
{
    fixture *fx = *state;
    const char *reg = WRITE(fx, heures_csv);
    fx->lines[0] = 3;
    fx->cols[0] = 11;   /* readable: no error */
    fx->shown[fx->nfiles] = fse_xstrdup("/tmp");
    fx->lines[fx->nfiles] = 4;
    fx->cols[fx->nfiles] = 13;
    fx->files[fx->nfiles++] = fse_xstrdup("/tmp");
    fx->shown[fx->nfiles] = fse_xasprintf("%s/x.csv", reg);
    fx->lines[fx->nfiles] = 5;
    fx->cols[fx->nfiles] = 3;
    fx->files[fx->nfiles++] = fse_xasprintf("%s/x.csv", reg);
    fx->shown[fx->nfiles] = fse_xstrdup("nowhere.csv");
    fx->files[fx->nfiles++] = fse_xstrdup("/tmp/fsepack-test-no-such-dir/nowhere.csv");
    assert_int_equal(load(fx, "heures"), FSE_SOURCE_MISSING);
    assert_int_equal(ds_of(fx, "heures")->nrows, 4);
    assert_int_equal(fse_diag_count(&fx->d, "fichier-absent"), 3);
    const fse_controle *c = diag_of(&fx->d, "fichier-absent", 0);
    assert_string_equal(c->file, "job.ini");
    assert_int_equal(c->line, 4);
    assert_int_equal(c->col, 13);
    assert_string_equal(c->message, "ouverture impossible de la source heures : /tmp : "
                        "est un dossier, pas un fichier d'export");
    c = diag_of(&fx->d, "fichier-absent", 1);
    assert_string_equal(c->file, "job.ini");
    assert_int_equal(c->line, 5);
    assert_int_equal(c->col, 3);
    char *want = fse_xasprintf("ouverture impossible de la source heures : %s/x.csv : "
                               "un élément du chemin n'est pas un dossier", reg);
    assert_string_equal(c->message, want);
    free(want);
    c = diag_of(&fx->d, "fichier-absent", 2);
    assert_string_equal(c->file, "/tmp/fsepack-test-no-such-dir/nowhere.csv");
    assert_int_equal(c->line, 0);
    assert_string_equal(c->message, "ouverture impossible de la source heures : fichier ou dossier inexistant");
}

static void test_missing_then_present(void **state)
{
    fixture *fx = *state;
    /* a missing file is reported as missing even after a readable one */
    WRITE(fx, heures_csv);
    fx->shown[fx->nfiles] = fse_xstrdup("x.csv");
    fx->files[fx->nfiles++] = fse_xstrdup("/tmp/fsepack-test-no-such-dir/x.csv");
    assert_int_equal(load(fx, "heures"), FSE_SOURCE_MISSING);
    assert_int_equal(ds_of(fx, "heures")->nrows, 4);
}

/* ---- values: dates, numbers, defaults --------------------------------------- */

static void test_offres_values(void **state)
{
    fixture *fx = *state;
    WRITE(fx,
        "N° offre,Date de réception,Entreprise,SIRET,Nombre de postes,Date de diffusion\n"   /* 1 */
        "00042,15/03/2024,Boulangerie Dupont,00732829320074,,2024-03-16\n"                 /* 2 */
        "O2,2024-03-16,Garage,,3,45367\n"                                                   /* 3 */
        "O3,45367,Café,,\"1" NBSP "234\",\n"                                                /* 4 */
        "O4,16/03/24,X,,2,\n"                                                               /* 5 */
        "O5,31/02/2024,Y,,deux,15/03/2024 10:30\n");                                        /* 6 */
    assert_int_equal(load(fx, "offres"), FSE_SOURCE_OK);
    fse_dataset *ds = ds_of(fx, "offres");
    assert_int_equal(ds->srcs[0].delimiter, ',');
    assert_int_equal(ds->nrows, 5);
    ok_text(ds, 0, "offre_id", "00042");                /* identifiers keep leading zeros */
    ok_text(ds, 0, "siret", "00732829320074");
    ok_num(ds, 0, "date_reception", day(2024, 3, 15));
    ok_num(ds, 0, "nb_postes", 1);                      /* empty -> 1 */
    ok_text(ds, 0, "nb_postes", "1");
    ok_num(ds, 0, "date_diffusion", day(2024, 3, 16));
    ok_num(ds, 1, "date_reception", day(2024, 3, 16));
    ok_num(ds, 1, "nb_postes", 3);
    ok_num(ds, 1, "date_diffusion", day(2024, 3, 16));  /* Excel serial as text */
    is_empty(ds, 1, "siret");
    ok_num(ds, 2, "date_reception", day(2024, 3, 16));
    ok_num(ds, 2, "nb_postes", 1234);
    is_empty(ds, 2, "date_diffusion");
    assert_int_equal(val(ds, 3, "date_reception")->state, FSE_VAL_REJECTED);   /* 2-digit year */
    assert_string_equal(val(ds, 3, "date_reception")->text, "16/03/24");
    assert_int_equal(val(ds, 4, "date_reception")->state, FSE_VAL_REJECTED);   /* 31 February */
    assert_int_equal(val(ds, 4, "nb_postes")->state, FSE_VAL_REJECTED);        /* not defaulted */
    assert_string_equal(val(ds, 4, "nb_postes")->text, "deux");
    ok_num(ds, 4, "date_diffusion", day(2024, 3, 15));
    assert_int_equal(ds->srcs[0].rows_read, 5);
    assert_int_equal(ds->srcs[0].rows_rejected, 2);
    assert_int_equal(fse_diag_count(&fx->d, "valeur-rejetee"), 3);
    const fse_controle *c = diag_of(&fx->d, "valeur-rejetee", 0);
    assert_int_equal(c->line, 5);
    assert_int_equal(c->col, 2);
    msg_has(c, "« 16/03/24 » n'est pas une date");
    c = diag_of(&fx->d, "valeur-rejetee", 1);
    assert_int_equal(c->line, 6);
    assert_int_equal(c->col, 2);
    c = diag_of(&fx->d, "valeur-rejetee", 2);
    assert_int_equal(c->line, 6);
    assert_int_equal(c->col, 5);
    msg_has(c, "colonne E « Nombre de postes » (nb_postes) : « deux » n'est pas un nombre");
}

/* 1100 offres: ids and dates new on every row (their columns' memo finds
 * nothing and stops after 1024 lookups, source_internal.h struct
 * fse_memo_stat), nb_postes among three values (its memo kept); the last 50
 * rows repeat one impossible date, which the column without its memo must
 * still reject on every row, and one refused count, which the memo gives. */
static void test_memo_off_same_values(void **state)
{
    fixture *fx = *state;
    fse_sb b = {0};
    fse_sb_addf(&b, "N° offre;Date de réception;Entreprise;Nombre de postes\n");
    for (int i = 0; i < 1100; i++) {
        int y, m, d;
        fse_civil_from_days((int32_t)day(2020, 1, 1) + i, &y, &m, &d);
        if (i < 1050) fse_sb_addf(&b, "O%04d;%02d/%02d/%04d;E;%d\n", i, d, m, y, i % 3 + 1);
        else fse_sb_addf(&b, "O%04d;31/02/2024;E;deux\n", i);
    }
    write_file(fx, b.s, b.len);
    fse_sb_free(&b);
    assert_int_equal(load(fx, "offres"), FSE_SOURCE_OK);
    fse_dataset *ds = ds_of(fx, "offres");
    assert_int_equal(ds->nrows, 1100);
    char id[16];
    for (int i = 0; i < 1100; i++) {
        snprintf(id, sizeof id, "O%04d", i);
        ok_text(ds, (size_t)i, "offre_id", id);
        if (i < 1050) {
            ok_num(ds, (size_t)i, "date_reception", day(2020, 1, 1) + i);
            ok_num(ds, (size_t)i, "nb_postes", i % 3 + 1);
        } else {
            assert_int_equal(val(ds, (size_t)i, "date_reception")->state, FSE_VAL_REJECTED);
            assert_string_equal(val(ds, (size_t)i, "date_reception")->text, "31/02/2024");
            assert_int_equal(val(ds, (size_t)i, "nb_postes")->state, FSE_VAL_REJECTED);
        }
    }
    assert_int_equal(ds->srcs[0].rows_rejected, 50);
    assert_int_equal(fse_diag_count(&fx->d, "valeur-rejetee"), 100);
    const fse_controle *c = diag_of(&fx->d, "valeur-rejetee", 98);
    assert_int_equal(c->line, 1101);
    assert_int_equal(c->col, 2);
    msg_has(c, "« 31/02/2024 » n'est pas une date");
}

static void test_required_value_empty(void **state)
{
    fixture *fx = *state;
    WRITE(fx, "Date;Entreprise;Type de contact\n"
              "01/02/2024;Lidl;Physique\n"
              "02/02/2024;;Visio\n");
    assert_int_equal(load(fx, "contacts"), FSE_SOURCE_OK);
    assert_int_equal(ds_of(fx, "contacts")->nrows, 2);
    assert_int_equal(fse_diag_count(&fx->d, "champ-obligatoire-vide"), 1);
    const fse_controle *c = diag_of(&fx->d, "champ-obligatoire-vide", 0);
    assert_int_equal(c->line, 3);
    msg_has(c, "entreprise");
}

/* ---- Windows-1252 ---------------------------------------------------------------- */

static void test_cp1252(void **state)
{
    fixture *fx = *state;
    /* "N° opération;Opération;Donneur d’ordre;N° marché;Entreprise attributaire" in
     * Windows-1252: ° E9 ’ = 0x92; Œ = 0x8C, € = 0x80 */
    WRITE(fx,
        "N\xB0 op\xE9ration;Op\xE9ration;Donneur d\x92ordre;N\xB0 march\xE9;Entreprise attributaire\r\n"
        "OP1;\x8Cuvre sociale;Ville de P\xE9rigueux;M1;Soci\xE9t\xE9 \x80uro\r\n");
    assert_int_equal(load(fx, "marches"), FSE_SOURCE_OK);
    fse_dataset *ds = ds_of(fx, "marches");
    assert_string_equal(ds->srcs[0].encoding, "windows-1252");
    assert_int_equal(ds->nrows, 1);
    assert_int_equal(ds->rows[0].line, 2);
    ok_text(ds, 0, "operation_id", "OP1");
    ok_text(ds, 0, "operation", "\xC5\x92uvre sociale");
    ok_text(ds, 0, "donneur_ordre", "Ville de P\xC3\xA9rigueux");
    ok_text(ds, 0, "marche_id", "M1");
    ok_text(ds, 0, "entreprise", "Soci\xC3\xA9t\xC3\xA9 \xE2\x82\xAC" "uro");
    assert_int_equal(fx->d.n, 0);
}

static void test_cp1252_declared(void **state)
{
    fixture *fx = *state;
    fx->cfg.encodage = FSE_ENC_CP1252;
    fx->cfg.separateur = '\t';
    WRITE(fx, "Date\tEntreprise\tType de contact\tCommune\n"
              "05/06/2024\tCaf\xE9 du Port\tT\xE9l\xE9phone\tB\xE8gles\n");
    assert_int_equal(load(fx, "contacts"), FSE_SOURCE_OK);
    fse_dataset *ds = ds_of(fx, "contacts");
    assert_int_equal(ds->srcs[0].delimiter, '\t');
    ok_text(ds, 0, "entreprise", "Caf\xC3\xA9 du Port");
    ok_text(ds, 0, "mode", "T\xC3\xA9l\xC3\xA9phone");
    ok_text(ds, 0, "commune", "B\xC3\xA8gles");
    ok_num(ds, 0, "date", day(2024, 6, 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_heures_export),
        T(test_wrong_total_and_two_files),
        T(test_aliases),
        T(test_job_aliases),
        T(test_job_aliases_win),
        T(test_required_column_absent),
        T(test_two_columns_absent_and_header_line),
        T(test_ligne_entete),
        T(test_duplicate_header),
        T(test_missing_file),
        T(test_unopenable_file),
        T(test_missing_then_present),
        T(test_offres_values),
        T(test_memo_off_same_values),
        T(test_required_value_empty),
        T(test_cp1252),
        T(test_cp1252_declared),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
