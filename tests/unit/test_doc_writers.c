/* test_doc_writers.c — the document model (doc.c) and its PDF and XLSX
 * writers.
 *
 * Besides its own checks, this test writes the files that
 * tests/e2e/test_doc_writers.sh inspects with qpdf, poppler and openpyxl,
 * into $FSE_TEST_OUT or build/tests/doc_writers/ (relative to the repo
 * root, where tests/tools/run-tests.sh runs the unit tests):
 *   doc.pdf, doc2.pdf   the same doc written twice (must be identical)
 *   doc.xlsx, doc2.xlsx idem
 *   landscape.pdf       a landscape doc
 *   widths.pdf          a landscape table of 15 columns (long identifiers,
 *                       word-heavy text, long totals label) spanning pages:
 *                       no word, identifier or date may be broken
 * The doc holds a 60-row table whose 38th row has an 80-line comment, so
 * that row is split across pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/util.h"
#include "pieces/doc.h"
#include "pieces/doc_private.h"

#define NNBSP "\xE2\x80\xAF"

static const char *out_dir(void)
{
    const char *d = getenv("FSE_TEST_OUT");
    return d && *d ? d : "build/tests/doc_writers";
}

static void mkdirs(const char *path)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') { *p = 0; mkdir(buf, 0777); *p = '/'; }
    mkdir(buf, 0777);
}

static void fmt(double v, int dec, const char *want)
{
    char buf[64];
    fse_format_number_fr(v, dec, buf, sizeof buf);
    if (strcmp(buf, want) != 0) fail_msg("fse_format_number_fr(%.17g, %d) = \"%s\", want \"%s\"", v, dec, buf, want);
}

static void test_format_number_fr(void **state)
{
    (void)state;
    fmt(1234.5, 2, "1" NNBSP "234,50");
    fmt(0, 0, "0");
    fmt(0, 2, "0,00");
    fmt(-1234567, 0, "-1" NNBSP "234" NNBSP "567");
    fmt(0.005, 2, "0,01");          /* half away from zero */
    fmt(-0.005, 2, "-0,01");
    fmt(1.005, 2, "1,01");          /* decimal, not binary, half */
    fmt(0.004, 2, "0,00");
    fmt(-0.001, 2, "0,00");         /* no "-0,00" */
    fmt(999.995, 2, "1" NNBSP "000,00");
    fmt(2.5, 0, "3");
    fmt(-2.5, 0, "-3");
    fmt(123, 0, "123");
    fmt(1000, 0, "1" NNBSP "000");
    fmt(1e15, 0, "1" NNBSP "000" NNBSP "000" NNBSP "000" NNBSP "000" NNBSP "000");
    fmt(0.000123, 5, "0,00012");
    fmt(12.345678, 3, "12,346");
    fmt(NAN, 2, "n/d");
    /* the integer fast path and the "%.*e" path agree (doc.c format_fr) */
    fmt(123456789012.345, 2, "123" NNBSP "456" NNBSP "789" NNBSP "012,35");
    fmt(0.1 + 0.2, 2, "0,30");      /* 0.30000000000000004: 17 digits, slow path */
    fmt(1.0 / 3, 4, "0,3333");
    fmt(-37.5, 0, "-38");
    fmt(22.9166, 6, "22,916600");
    char small[4];
    fse_format_number_fr(1234567, 0, small, sizeof small);   /* truncated, NUL-terminated */
    assert_int_equal(strlen(small), 3);
}

static void test_cell_display(void **state)
{
    (void)state;
    char buf[96];
    fse_doc_column pc = { "t", FSE_COL_PERCENT, 1, 1, false };
    fse_doc_cell c = { NULL, 0.5, true };
    assert_string_equal(fse_doc_cell_display(&pc, &c, buf, sizeof buf), "50,0" NNBSP "%");
    c.num = 0.00285;   /* 0,285 % read as the decimal it is: rounds up */
    assert_string_equal(fse_doc_cell_display(&pc, &c, buf, sizeof buf), "0,3" NNBSP "%");
    c.num = 8181234153.0478906;   /* 17 significant digits: the "%.*e" path */
    pc.decimals = 2;
    assert_string_equal(fse_doc_cell_display(&pc, &c, buf, sizeof buf),
                        "818" NNBSP "123" NNBSP "415" NNBSP "304,79" NNBSP "%");
    pc.decimals = 1;
    c.num = 0.12345;
    assert_string_equal(fse_doc_cell_display(&pc, &c, buf, sizeof buf), "12,3" NNBSP "%");
    fse_doc_column ec = { "t", FSE_COL_EURO, 1, 0, false };
    c.num = 1234.5;
    assert_string_equal(fse_doc_cell_display(&ec, &c, buf, sizeof buf), "1" NNBSP "234,50" NNBSP "\xE2\x82\xAC");
    fse_doc_column dc = { "t", FSE_COL_DATE, 1, 0, false };
    c.num = 19737;                               /* 2024-01-15 */
    assert_string_equal(fse_doc_cell_display(&dc, &c, buf, sizeof buf), "15/01/2024");
    c.num = 19782;                               /* 2024-02-29 */
    assert_string_equal(fse_doc_cell_display(&dc, &c, buf, sizeof buf), "29/02/2024");
    c.num = -1;
    assert_string_equal(fse_doc_cell_display(&dc, &c, buf, sizeof buf), "31/12/1969");
    fse_doc_column mc = { "t", FSE_COL_MONTH, 1, 0, false };
    c.num = 19723;                               /* 2024-01-01 */
    assert_string_equal(fse_doc_cell_display(&mc, &c, buf, sizeof buf), "01/2024");
    fse_doc_column ic = { "t", FSE_COL_INTEGER, 1, 0, false };
    c.num = 1234;
    assert_string_equal(fse_doc_cell_display(&ic, &c, buf, sizeof buf), "1" NNBSP "234");
    fse_doc_cell t = { "à régulariser", 0, false };
    assert_string_equal(fse_doc_cell_display(&ec, &t, buf, sizeof buf), "à régulariser");
    fse_doc_cell e = { NULL, 0, false };
    assert_string_equal(fse_doc_cell_display(&ec, &e, buf, sizeof buf), "");
}

/* FSE_DEC_NEEDED (prorated targets): "37,5", not "37,50"; a count stays whole */
static void test_decimals_needed(void **state)
{
    (void)state;
    char buf[96];
    fse_doc_column nc = { "t", FSE_COL_NUMBER, 1, FSE_DEC_NEEDED, false };
    fse_doc_cell c = { NULL, 37.5, true };
    assert_string_equal(fse_doc_cell_display(&nc, &c, buf, sizeof buf), "37,5");
    c.num = 90.0 * 5 / 12;                       /* 37.5 too, from a division */
    assert_string_equal(fse_doc_cell_display(&nc, &c, buf, sizeof buf), "37,5");
    c.num = 55.0 * 5 / 12;                       /* 22.9166… */
    assert_string_equal(fse_doc_cell_display(&nc, &c, buf, sizeof buf), "22,92");
    c.num = 40;
    assert_string_equal(fse_doc_cell_display(&nc, &c, buf, sizeof buf), "40");
    c.num = 1250.001;                            /* rounds to the cent: whole */
    assert_string_equal(fse_doc_cell_display(&nc, &c, buf, sizeof buf), "1" NNBSP "250");
    assert_int_equal(fse_decimals_needed(12.5), 1);
    assert_int_equal(fse_decimals_needed(0.25), 2);
    assert_int_equal(fse_decimals_needed(-3), 0);
}

/* Typed key/value pairs: the PDF text as a table cell, the number kept for
 * the XLSX; identifiers flagged as such. */
static void test_kv_typed(void **state)
{
    (void)state;
    fse_doc *d = fse_doc_new("t", "p", "f", "x", "g", 0);
    fse_doc_block *kv = fse_doc_keyvalue(d);
    fse_doc_kv_add(kv, "Texte", "libre");
    fse_doc_kv_add_num(kv, "Montant", 41000, FSE_COL_EURO, 2, NULL);
    fse_doc_kv_add_num(kv, "Cible", 26666.666, FSE_COL_NUMBER, FSE_DEC_NEEDED, " h");
    fse_doc_kv_add_id(kv, "Dossier", "202400303");
    fse_doc_kv_add(kv, "Après", "texte");
    assert_int_equal(kv->npairs, 5);
    assert_string_equal(kv->vals[1], "41" NNBSP "000,00" NNBSP "\xE2\x82\xAC");
    assert_string_equal(kv->vals[2], "26" NNBSP "666,67 h");
    assert_non_null(kv->kvnum);
    assert_false(kv->kvnum[0].has_num);
    assert_true(kv->kvnum[1].has_num);
    assert_true(kv->kvnum[1].num == 41000);
    assert_int_equal(kv->kvcol[1].type, FSE_COL_EURO);
    assert_false(kv->kvnum[3].has_num);
    assert_int_equal(kv->kvcol[3].type, FSE_COL_ID);
    assert_false(kv->kvnum[4].has_num);
    assert_int_equal(kv->kvcol[4].type, FSE_COL_TEXT);
    fse_doc_free(d);
}

static void test_builders_utf8(void **state)
{
    (void)state;
    fse_doc *d = fse_doc_new("caf\xE9", "ok é", "\xC0\xAF", "\xED\xA0\x80x", "\xF0\x9F\x98\x80", 0);
    assert_string_equal(d->title, "caf\xEF\xBF\xBD");
    assert_string_equal(d->plie, "ok é");
    assert_string_equal(d->fiche, "\xEF\xBF\xBD\xEF\xBF\xBD");          /* overlong: 2 bad bytes */
    assert_string_equal(d->periode, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx");  /* surrogate */
    assert_string_equal(d->generated, "\xF0\x9F\x98\x80");              /* valid, kept */
    fse_doc_table *t = fse_doc_table_add(d, "T", NULL);
    fse_doc_col(t, "a", FSE_COL_TEXT, 1, 0);
    fse_doc_put_text(t, 0, "before any row: ignored");
    fse_doc_row(t);
    fse_doc_put_text(t, 0, "x\xFFy");
    fse_doc_put_text(t, 5, "out of range: ignored");
    fse_doc_put_num(t, 0, 3);
    fse_doc_col(t, "b", FSE_COL_NUMBER, 2, 1);         /* added after a row */
    fse_doc_put_num(t, 1, 2.5);
    fse_doc_row(t);
    fse_doc_total_num(t, 1, 2.5);
    fse_doc_total_text(t, 0, "Total");
    assert_int_equal(t->ncols, 2);
    assert_int_equal(t->nrows, 2);
    assert_string_equal(t->cells[0].text, "x\xEF\xBF\xBDy");
    assert_true(t->cells[0].has_num);
    assert_true(t->cells[1].has_num);
    assert_null(t->cells[2].text);
    assert_false(t->cells[3].has_num);
    assert_string_equal(t->totals[0].text, "Total");
    /* a text repeated from the table's pool: the same pointer, no copy */
    const char *pooled = t->cells[0].text;
    assert_ptr_equal(fse_doc_cur_text(t, 0), NULL);      /* row 2, column a: empty */
    fse_doc_put_pooled(t, 0, pooled);
    assert_ptr_equal(t->cells[2].text, pooled);
    assert_ptr_equal(fse_doc_cur_text(t, 0), pooled);
    fse_doc_put_pooled(t, 7, pooled);                   /* out of range: ignored */
    assert_null(fse_doc_cur_text(t, 7));
    fse_doc_put_pooled(t, 0, NULL);
    assert_null(t->cells[2].text);
    /* borrowed: valid UTF-8 kept as the caller's pointer, else copied and repaired */
    static const char lent[] = "d\xC3\xA9j\xC3\xA0", bad[] = "a\xC3";
    fse_doc_put_borrowed(t, 0, lent);
    assert_ptr_equal(t->cells[2].text, lent);
    fse_doc_put_borrowed(t, 1, bad);
    assert_true(t->cells[3].text != bad);
    assert_string_equal(t->cells[3].text, "a\xEF\xBF\xBD");
    fse_doc_put_borrowed(t, 0, NULL);
    fse_doc_put_borrowed(t, 1, NULL);
    assert_null(t->cells[2].text);
    assert_null(t->cells[3].text);
    fse_doc_block *kv = fse_doc_keyvalue(d);
    fse_doc_kv_add(kv, "k\x80", "v");
    assert_string_equal(d->blocks[1].keys[0], "k\xEF\xBF\xBD");
    const char *cats[] = { "a", "b" };
    double v[] = { 1, 2 };
    fse_doc_chart *ch = fse_doc_chart_add(d, "c", 2, cats, false);
    fse_doc_chart_series(ch, "s1", v);
    fse_doc_chart_series(ch, "s2", NULL);
    assert_true(isnan(ch->values[3]));
    assert_true(ch->values[1] == 2);
    fse_doc_free(d);
    fse_doc_free(NULL);
}

/* ---------------------------------------------------------------- the big doc */

static fse_doc *big_doc(bool landscape)
{
    fse_doc *d = fse_doc_new("Tableau d'impact des clauses sociales — été 2024", "PLIE des Graves",
                             "graves-3 — Fiche n°3 « Mobilisation renforcée des employeurs »",
                             "du 01/01/2024 au 31/12/2024", "29/11/2026", 1706702400);
    d->author = fse_xstrdup("PLIE des Graves");
    d->landscape = landscape;
    fse_doc_heading(d, 1, "Synthèse de l'opération");
    fse_doc_paragraph(d, "Éléphant à l'œil : déjà vu, çà et là, Noël — 1 234,56 €. Ce paragraphe est "
                         "assez long pour être coupé sur plusieurs lignes : les heures d'insertion "
                         "réalisées par les participants au titre des clauses sociales des marchés "
                         "publics sont comptées selon les règles de la fiche, puis rapprochées des "
                         "objectifs de l'opération.");
    fse_doc_block *kv = fse_doc_keyvalue(d);
    fse_doc_kv_add(kv, "Opération", "Mobilisation renforcée des employeurs");
    fse_doc_kv_add(kv, "Porteur", "PLIE des Graves");
    fse_doc_kv_add(kv, "Montant retenu", "123 456,78 €");
    fse_doc_heading(d, 1, "Détail des heures d'insertion");
    fse_doc_table *t = fse_doc_table_add(d, "Heures par participant", "Heures/participants");
    fse_doc_col(t, "Ligne", FSE_COL_TEXT, 8, 0);
    fse_doc_col(t, "SIRET", FSE_COL_ID, 11, 0);
    fse_doc_col(t, "Participant", FSE_COL_TEXT, 14, 0);
    fse_doc_col(t, "Date d'entrée", FSE_COL_DATE, 9, 0);
    fse_doc_col(t, "Mois", FSE_COL_MONTH, 7, 0);
    fse_doc_col(t, "Heures", FSE_COL_INTEGER, 7, 0);
    fse_doc_col(t, "Taux", FSE_COL_PERCENT, 7, 1);
    fse_doc_col(t, "Montant", FSE_COL_EURO, 10, 2);
    fse_doc_col(t, "Commentaire détaillé", FSE_COL_TEXT, 28, 0);
    for (int r = 1; r <= 60; r++) {
        char buf[64];
        fse_doc_row(t);
        snprintf(buf, sizeof buf, "ROW-%02d", r);
        fse_doc_put_text(t, 0, buf);
        if (r == 1) fse_doc_put_text(t, 1, "01234567890123");
        else {
            snprintf(buf, sizeof buf, "%014d", 33000000 + r);
            fse_doc_put_text(t, 1, buf);
        }
        if (r == 5) fse_doc_put_text(t, 2, "=SUM(A1)");
        else if (r == 9) fse_doc_put_text(t, 2, "Anticonstitutionnellementextraordinaire-Zoé");
        else {
            snprintf(buf, sizeof buf, "Participant n°%d Hélène", r);
            fse_doc_put_text(t, 2, buf);
        }
        fse_doc_put_num(t, 3, 19723 + r * 3);                 /* from 2024-01-04 */
        fse_doc_put_num(t, 4, 19723);                         /* 01/2024 */
        fse_doc_put_num(t, 5, 10 * r + 5);
        fse_doc_put_num(t, 6, r / 60.0);
        if (r == 7) fse_doc_put_text(t, 7, "à régulariser");
        else fse_doc_put_num(t, 7, 1000.5 * r);
        if (r == 38) {
            fse_sb sb = {0};
            for (int l = 1; l <= 80; l++)
                fse_sb_addf(&sb, "%sCOMMENT-LINE-%02d remarque détaillée de l'employeur", l > 1 ? "\n" : "", l);
            fse_doc_put_text(t, 8, sb.s);
            fse_sb_free(&sb);
        } else if (r % 4 == 0) {
            fse_doc_put_text(t, 8, "Contrat prolongé ; suivi renforcé par la chargée de relations entreprises.");
        } else {
            fse_doc_put_text(t, 8, "RAS");
        }
    }
    double hours = 0, euros = 0;
    for (int r = 1; r <= 60; r++) { hours += 10 * r + 5; if (r != 7) euros += 1000.5 * r; }
    fse_doc_total_text(t, 0, "Total");
    fse_doc_total_num(t, 5, hours);
    fse_doc_total_num(t, 7, euros);
    fse_doc_table_note(t, "Source : relevés d'heures transmis par les employeurs (état au 31/12/2024).");

    const char *months[12] = { "01/2024", "02/2024", "03/2024", "04/2024", "05/2024", "06/2024",
                               "07/2024", "08/2024", "09/2024", "10/2024", "11/2024", "12/2024" };
    double real[12], target[12], cum[12], traj[12];
    for (int i = 0; i < 12; i++) {
        real[i] = 100 + 37 * (i % 5);
        target[i] = 150;
        cum[i] = (i ? cum[i - 1] : 0) + real[i];
        traj[i] = 150.0 * (i + 1);
    }
    fse_doc_chart *c1 = fse_doc_chart_add(d, "Heures d'insertion par mois", 12, months, false);
    fse_doc_chart_series(c1, "Réalisé", real);
    fse_doc_chart_series(c1, "Objectif", target);
    fse_doc_chart *c2 = fse_doc_chart_add(d, "Heures cumulées et trajectoire cible", 12, months, true);
    fse_doc_chart_series(c2, "Cumul réalisé", cum);
    fse_doc_chart_series(c2, "Trajectoire", traj);
    const char *mods[] = { "Clause sociale d'insertion (marchés publics)", "Mise à disposition",
                           "Contrat de professionnalisation en alternance", "Autre" };
    double mv[] = { 4200, 1300.5, 800, 95 };
    fse_doc_chart *c3 = fse_doc_chart_add(d, "Répartition par modalité", 4, mods, false);
    fse_doc_chart_series(c3, "Heures", mv);

    fse_doc_heading(d, 1, "Méthode et sources");
    fse_doc_paragraph(d, "Les heures sont comptées à la date de la prestation ; une personne n'est "
                         "comptée qu'une fois par opération.");
    fse_doc_heading(d, 2, "Sources");
    fse_doc_paragraph(d, "Relevés des employeurs, fichier des participants (ABC).");
    return d;
}

static char *path_of(const char *name)
{
    return fse_xasprintf("%s/%s", out_dir(), name);
}

static int read_all(const char *path, char **buf, size_t *len)
{
    return fse_read_file(path, (size_t)1 << 30, buf, len);
}

static void assert_same_file(const char *a, const char *b)
{
    char *x, *y;
    size_t nx, ny;
    assert_int_equal(read_all(a, &x, &nx), 0);
    assert_int_equal(read_all(b, &y, &ny), 0);
    assert_int_equal(nx, ny);
    assert_memory_equal(x, y, nx);
    free(x);
    free(y);
}

static void test_write_pdf_xlsx(void **state)
{
    (void)state;
    mkdirs(out_dir());
    char err[512];
    int pages = 0;
    fse_doc *d = big_doc(false);
    char *p1 = path_of("doc.pdf"), *p2 = path_of("doc2.pdf");
    char *x1 = path_of("doc.xlsx"), *x2 = path_of("doc2.xlsx");
    if (fse_pdf_write(d, p1, &pages, err, sizeof err) != 0) fail_msg("pdf: %s", err);
    assert_true(pages >= 3);
    int pages2 = 0;
    assert_int_equal(fse_pdf_write(d, p2, &pages2, err, sizeof err), 0);
    assert_int_equal(pages, pages2);
    assert_same_file(p1, p2);
    if (fse_xlsx_write(d, x1, err, sizeof err) != 0) fail_msg("xlsx: %s", err);
    assert_int_equal(fse_xlsx_write(d, x2, err, sizeof err), 0);
    assert_same_file(x1, x2);
    char *pp = path_of("pages.txt");
    FILE *f = fopen(pp, "w");
    assert_non_null(f);
    fprintf(f, "%d\n", pages);
    fclose(f);
    free(pp);
    fse_doc_free(d);

    d = big_doc(true);
    char *pl = path_of("landscape.pdf");
    assert_int_equal(fse_pdf_write(d, pl, NULL, err, sizeof err), 0);
    fse_doc_free(d);
    free(p1); free(p2); free(x1); free(x2); free(pl);
}

/* The liste des marchés shape: 15 columns with their declared shares, ids
 * longer than the share of their column, text columns full of long words,
 * a totals label in the id column. WIDTHS_ROWS rows span several pages. */
#define WIDTHS_ROWS 40
static fse_doc *widths_doc(void)
{
    fse_doc *d = fse_doc_new("Liste des marchés clausés", "PLIE de l'Agenais", "agen-4 — Fiche n°4",
                             "du 01/01/2024 au 31/12/2024", "29/11/2026", 1706702400);
    d->landscape = true;
    fse_doc_table *t = fse_doc_table_add(d, "Marchés clausés actifs sur la période", "Marchés");
    static const struct { const char *title; fse_col_type type; double w; int dec; } cols[] = {
        { "N° opération", FSE_COL_ID, 1.1, 0 }, { "Opération", FSE_COL_TEXT, 2.2, 0 },
        { "Donneur d'ordre", FSE_COL_TEXT, 1.6, 0 }, { "N° marché", FSE_COL_ID, 1.1, 0 },
        { "Lot", FSE_COL_TEXT, 0.7, 0 }, { "Entreprise attributaire", FSE_COL_TEXT, 1.7, 0 },
        { "SIRET", FSE_COL_ID, 1.3, 0 }, { "Type de clause", FSE_COL_TEXT, 1.5, 0 },
        { "Notification", FSE_COL_DATE, 0.95, 0 }, { "Début", FSE_COL_DATE, 0.95, 0 },
        { "Fin", FSE_COL_DATE, 0.95, 0 }, { "Heures prévues", FSE_COL_NUMBER, 0.9, 0 },
        { "Heures réalisées (période)", FSE_COL_NUMBER, 0.9, 2 },
        { "Heures réalisées (cumul)", FSE_COL_NUMBER, 0.9, 2 },
        { "Taux de réalisation", FSE_COL_PERCENT, 0.8, 1 },
    };
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        fse_doc_col(t, cols[i].title, cols[i].type, cols[i].w, cols[i].dec);
    char buf[128];
    for (int r = 1; r <= WIDTHS_ROWS; r++) {
        fse_doc_row(t);
        snprintf(buf, sizeof buf, "OP-2022-AQUI-%06d", r);
        fse_doc_put_text(t, 0, buf);
        snprintf(buf, sizeof buf, "Démolition-reconstruction îlot Bastide-%02d", r);
        fse_doc_put_text(t, 1, buf);
        fse_doc_put_text(t, 2, "Communauté d'agglomération Nouvelle-Aquitaine");
        snprintf(buf, sizeof buf, "M24-%03d-%d-BIS", r, r % 3 + 1);
        fse_doc_put_text(t, 3, buf);
        snprintf(buf, sizeof buf, "Lot %02d", r % 7 + 1);
        fse_doc_put_text(t, 4, buf);
        fse_doc_put_text(t, 5, "Société coopérative Pyrénées-Atlantiques SARL");
        snprintf(buf, sizeof buf, "%014d", 72400000 + r);
        fse_doc_put_text(t, 6, buf);
        fse_doc_put_text(t, 7, r % 2 ? "L2152-7 critère d'attribution" : "L2113-13 réservé SIAE");
        fse_doc_put_num(t, 8, 19700 + r);
        fse_doc_put_num(t, 9, 19730 + r);
        fse_doc_put_num(t, 10, 20100 + r);
        fse_doc_put_num(t, 11, 1200 + r);
        fse_doc_put_num(t, 12, 1069.34 * r);
        fse_doc_put_num(t, 13, 2410.68 * r);
        fse_doc_put_num(t, 14, 2.01);
    }
    snprintf(buf, sizeof buf, "Total : %d ligne(s), %d marché(s) distinct(s)", WIDTHS_ROWS, WIDTHS_ROWS);
    fse_doc_total_text(t, 0, buf);
    fse_doc_total_num(t, 11, 55379.13);

    /* minimums wider than the line at 8 pt: the font must shrink, no word break */
    t = fse_doc_table_add(d, "Table serrée", NULL);
    for (int i = 0; i < 15; i++) {
        snprintf(buf, sizeof buf, "Intitulé%02d", i);
        fse_doc_col(t, buf, i % 3 ? FSE_COL_TEXT : FSE_COL_ID, 1, 0);
    }
    for (int r = 0; r < 3; r++) {
        fse_doc_row(t);
        for (int i = 0; i < 15; i++) {
            snprintf(buf, sizeof buf, i % 3 ? "de Métropole%c%02d" : "MétropoleX%c%02d", 'A' + r, i);
            fse_doc_put_text(t, (size_t)i, buf);
        }
    }
    return d;
}

static void test_write_widths(void **state)
{
    (void)state;
    mkdirs(out_dir());
    char err[512];
    int pages = 0;
    fse_doc *d = widths_doc();
    char *p = path_of("widths.pdf");
    if (fse_pdf_write(d, p, &pages, err, sizeof err) != 0) fail_msg("pdf: %s", err);
    assert_true(pages >= 2);          /* the continued-table title is checked too */
    fse_doc_free(d);
    free(p);
}

static void test_write_errors(void **state)
{
    (void)state;
    char err[512];
    fse_doc *d = big_doc(false);
    assert_int_equal(fse_pdf_write(d, "/nonexistent-dir/x.pdf", NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "création impossible de /nonexistent-dir/x.pdf"));
    assert_int_equal(fse_xlsx_write(d, "/nonexistent-dir/x.xlsx", err, sizeof err), -1);
    assert_non_null(strstr(err, "création impossible de /nonexistent-dir/x.xlsx"));
    setenv("FSEPACK_FONT_DIR", "/nonexistent-fonts", 1);
    assert_int_equal(fse_pdf_write(d, "/tmp/never.pdf", NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent-fonts/LiberationSans-Regular.ttf"));
    unsetenv("FSEPACK_FONT_DIR");
    fse_doc_free(d);
}

/* Edge documents: empty doc, empty table, long text in XLSX, odd sheet names. */
static void test_edge_docs(void **state)
{
    (void)state;
    mkdirs(out_dir());
    char err[512];
    int pages = 0;
    fse_doc *d = fse_doc_new(NULL, NULL, NULL, NULL, NULL, 0);
    char *p = path_of("empty.pdf"), *x = path_of("empty.xlsx");
    assert_int_equal(fse_pdf_write(d, p, &pages, err, sizeof err), 0);
    assert_int_equal(pages, 1);
    assert_int_equal(fse_xlsx_write(d, x, err, sizeof err), 0);
    fse_doc_free(d);
    free(p); free(x);

    d = fse_doc_new("Bords", "P", "F", "du 01/01/2024 au 31/12/2024", "01/01/2025", 1);
    fse_doc_table *t = fse_doc_table_add(d, "Vide", "synthèse");        /* clashes with Synthèse */
    fse_doc_col(t, "A", FSE_COL_TEXT, 10, 0);
    t = fse_doc_table_add(d, "Un titre de tableau beaucoup trop long pour une feuille [x]", NULL);
    fse_doc_col(t, "Texte", FSE_COL_TEXT, 10, 0);
    fse_doc_col(t, "Date", FSE_COL_DATE, 10, 0);
    fse_doc_row(t);
    fse_sb sb = {0};
    for (int i = 0; i < 33000; i++) fse_sb_adds(&sb, "é");
    fse_doc_put_text(t, 0, sb.s);
    fse_sb_free(&sb);
    fse_doc_put_num(t, 1, -40000);                                     /* before 1900: text */
    fse_doc_chart_add(d, "Sans série", 0, NULL, false);
    fse_doc_pagebreak(d);
    fse_doc_pagebreak(d);
    p = path_of("edge.pdf");
    x = path_of("edge.xlsx");
    if (fse_pdf_write(d, p, &pages, err, sizeof err) != 0) fail_msg("pdf: %s", err);
    if (fse_xlsx_write(d, x, err, sizeof err) != 0) fail_msg("xlsx: %s", err);
    fse_doc_free(d);
    free(p); free(x);
}

/* Texts over a length are counted (the XLSX writer cuts those over 32 767
 * characters and the run reports them): cells, paragraphs, key/values,
 * counted in code points, not bytes. */
static void test_long_texts(void **state)
{
    (void)state;
    fse_doc *d = fse_doc_new("t", "p", "f", "per", "01/01/2024", 1);
    char *big = malloc(40001);
    memset(big, 'a', 40000);
    big[40000] = 0;
    fse_doc_paragraph(d, "court");
    fse_doc_paragraph(d, big);
    fse_doc_table *t = fse_doc_table_add(d, "T", NULL);
    fse_doc_col(t, "c", FSE_COL_TEXT, 1, 0);
    fse_doc_row(t);
    fse_doc_put_text(t, 0, big);
    fse_doc_row(t);
    fse_doc_put_text(t, 0, "é");
    fse_doc_block *kv = fse_doc_keyvalue(d);
    fse_doc_kv_add(kv, "k", big);
    assert_int_equal(fse_doc_long_texts(d, 32767), 3);
    assert_int_equal(fse_doc_long_texts(d, 40000), 0);
    assert_int_equal(fse_doc_long_texts(d, 39999), 3);
    /* "é" is 2 bytes but 1 character */
    assert_int_equal(fse_doc_long_texts(d, 1), 4);
    fse_doc_free(d);
    free(big);
}

/* Tables of 1 to 60 rows with a totals row, one after the other: some end
 * near the foot of a page. totals.pdf is read back by test_doc_writers.sh:
 * no "Total" row alone under a "(suite)" header. chartlabels.pdf holds one
 * bar chart of hours whose value labels must show 2 decimals each, as the
 * tables ("140 442,65", "10 363,99", never "140 442,7" or "10 364").
 * longheader.pdf: a fiche title wider than the page in the header. */
static void test_write_totals_and_labels(void **state)
{
    (void)state;
    mkdirs(out_dir());
    char err[512], title[32], cell[32];
    int pages = 0;
    fse_doc *d = fse_doc_new("Totaux", "PLIE", "fiche", "du 01/01/2024 au 31/12/2024", "01/01/2025", 1);
    for (int k = 1; k <= 60; k++) {
        snprintf(title, sizeof title, "T%d", k);
        fse_doc_table *t = fse_doc_table_add(d, title, NULL);
        fse_doc_col(t, "Col", FSE_COL_TEXT, 3, 0);
        fse_doc_col(t, "Valeur", FSE_COL_INTEGER, 1, 0);
        for (int i = 1; i <= k; i++) {
            fse_doc_row(t);
            snprintf(cell, sizeof cell, (i + k) % 5 ? "r%d-%d" : "r%d-%d\nsuite", k, i);  /* heights vary */
            fse_doc_put_text(t, 0, cell);
            fse_doc_put_num(t, 1, i);
        }
        fse_doc_total_text(t, 0, "Total");
        fse_doc_total_num(t, 1, (double)k * (k + 1) / 2);
    }
    char *p = path_of("totals.pdf");
    if (fse_pdf_write(d, p, &pages, err, sizeof err) != 0) fail_msg("pdf: %s", err);
    assert_true(pages >= 20);
    fse_doc_free(d);
    free(p);

    d = fse_doc_new("Graphique", "PLIE", "fiche", "du 01/01/2024 au 31/12/2024", "01/01/2025", 0);
    static const char *const cats[] = { "Mise à disposition", "Embauche directe", "Formation", "Co-traitance" };
    static const double hours[] = { 140442.65, 103273.48, 23317.34, 10363.99 };
    fse_doc_chart *ch = fse_doc_chart_add(d, "Heures réalisées par modalité", 4, cats, false);
    fse_doc_chart_series(ch, "Heures réalisées", hours);
    p = path_of("chartlabels.pdf");
    if (fse_pdf_write(d, p, &pages, err, sizeof err) != 0) fail_msg("pdf: %s", err);
    fse_doc_free(d);
    free(p);

    /* a fiche title longer than the page: the period goes whole on its own line */
    d = fse_doc_new("Bilan de l'action", "PLIE", "libournais-2024-04 — Fiche n°2024-04 « Mobilisation des "
                    "structures économiques privées et publiques pour favoriser l'accès à l'emploi aux "
                    "personnes en insertion du territoire »", "du 01/01/2024 au 31/12/2024", "01/01/2025", 0);
    fse_doc_paragraph(d, "Texte.");
    p = path_of("longheader.pdf");
    if (fse_pdf_write(d, p, &pages, err, sizeof err) != 0) fail_msg("pdf: %s", err);
    fse_doc_free(d);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_number_fr),
        cmocka_unit_test(test_cell_display),
        cmocka_unit_test(test_decimals_needed),
        cmocka_unit_test(test_kv_typed),
        cmocka_unit_test(test_builders_utf8),
        cmocka_unit_test(test_write_pdf_xlsx),
        cmocka_unit_test(test_write_widths),
        cmocka_unit_test(test_write_errors),
        cmocka_unit_test(test_edge_docs),
        cmocka_unit_test(test_long_texts),
        cmocka_unit_test(test_write_totals_and_labels),
    };
    return cmocka_run_group_tests_name("doc_writers", tests, NULL, NULL);
}
