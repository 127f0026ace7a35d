/* test_xlsx_body_memo.c — the job's memo of large XLSX table bodies
 * (pieces/xlsx_body_memo.c; issue 8): a workbook whose table body was
 * copied from an earlier one of the same process is byte for byte the file
 * written without the memo; a body that differs by one cell, or whose
 * formats get other XF indices (another format used first), is not taken
 * from the memo; a copy that fails falls back to libxlsxwriter with the
 * same bytes; openpyxl reads the copied sheet back. Thresholds lowered
 * through the test hooks (constant_memory from 1 000 cells, memo from
 * 1 000 cells). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "pieces/doc.h"
#include "pieces/xlsx_body_memo.h"

#define NROWS 1500

/* A bilan-like doc: a "Preuves" table of NROWS rows × 5 columns (text, id,
 * month, number, a text over 32 767 characters once). title names the
 * table (row 1 of its sheet); change_cell alters one body cell; kv_first
 * puts a typed value with 3 decimals on the Synthèse sheet, so that this
 * format (K_NUM, 3) is indexed before the body's. */
static fse_doc *make_doc(const char *title, bool change_cell, bool kv_first)
{
    fse_doc *d = fse_doc_new("Bilan d'exécution", "PLIE de banc d'essai", "agen-4 — Fiche n°4",
                             "du 01/01/2024 au 31/12/2024", "01/01/2025", 1735689600);
    fse_doc_heading(d, 1, "Synthèse");
    fse_doc_block *kv = fse_doc_keyvalue(d);
    if (kv_first) fse_doc_kv_add_num(kv, "Heures", 12.125, FSE_COL_NUMBER, 3, " h");
    fse_doc_kv_add(kv, "Participants", "12");
    fse_doc_table *t = fse_doc_table_add(d, title, "Preuves");
    fse_doc_col(t, "Source", FSE_COL_TEXT, 2, 0);
    fse_doc_col(t, "N° marché", FSE_COL_ID, 1, 0);
    fse_doc_col(t, "Mois", FSE_COL_MONTH, 1, 0);
    fse_doc_col(t, "Heures", FSE_COL_NUMBER, 1, 3);
    fse_doc_col(t, "Note", FSE_COL_TEXT, 2, 0);
    char buf[64];
    char *longtext = malloc(40000);
    memset(longtext, 'a', 39999);
    longtext[39999] = 0;
    for (int i = 0; i < NROWS; i++) {
        fse_doc_row(t);
        snprintf(buf, sizeof buf, "heures.csv:%d", i + 2);
        fse_doc_put_text(t, 0, buf);
        fse_doc_put_num(t, 1, 1000 + i % 97);
        fse_doc_put_num(t, 2, 19723 + 31 * (i % 12));
        fse_doc_put_num(t, 3, change_cell && i == NROWS / 2 ? 7.25 : i % 10 + 0.125);
        if (i == 7) fse_doc_put_text(t, 4, longtext);
        else if (i % 3 == 0) fse_doc_put_text(t, 4, "  <&> espaces ");
    }
    free(longtext);
    fse_doc_total_text(t, 0, "Total");
    fse_doc_total_num(t, 3, 1.5);
    fse_doc_table_note(t, "Une ligne par ligne d'export comptée.");
    return d;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *b = malloc((size_t)n + 1);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

static void write_doc(fse_doc *d, const char *path, bool memo)
{
    char err[256];
    fse_xlsx_set_body_memo_cells(memo ? 1000 : (size_t)-1);
    if (fse_xlsx_write(d, path, err, sizeof err)) fail_msg("write %s: %s", path, err);
}

/* The bytes of a (through the memo) and b (without) are the same. */
static void assert_same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(x, y, la);
    free(x);
    free(y);
}

static char paths[6][80];

static void test_body_memo(void **state)
{
    (void)state;
    static const char *names[6] = { "ref-a", "a", "ref-b", "b", "ref-c", "c" };
    for (int i = 0; i < 6; i++)
        snprintf(paths[i], sizeof paths[i], "/tmp/fsepack-test-memo-%s-%ld.xlsx", names[i], (long)getpid());
    fse_xlsx_set_stream_cells(1000);   /* constant_memory: the memo's only mode */
    size_t hits0, stored0, hits, stored;
    fse_xlsx_body_memo_counts(&hits0, &stored0);

    fse_doc *first = make_doc("Preuves 01 heures_insertion", false, false);
    write_doc(first, paths[0], true);                 /* kept */
    fse_xlsx_body_memo_counts(&hits, &stored);
    assert_int_equal(stored, stored0 + 1);
    assert_int_equal(hits, hits0);

    /* same body, another title: copied, and the very bytes written without the memo */
    fse_doc *a = make_doc("Preuves 02 sorties_emploi", false, false);
    write_doc(a, paths[0], false);
    write_doc(a, paths[1], true);
    fse_xlsx_body_memo_counts(&hits, &stored);
    assert_int_equal(hits, hits0 + 1);
    assert_int_equal(stored, stored0 + 1);
    assert_same_file(paths[1], paths[0]);

    /* one cell differs: not copied (kept as a new body), right bytes */
    fse_doc *b = make_doc("Preuves 02 sorties_emploi", true, false);
    write_doc(b, paths[2], false);
    write_doc(b, paths[3], true);
    fse_xlsx_body_memo_counts(&hits, &stored);
    assert_int_equal(hits, hits0 + 1);
    assert_int_equal(stored, stored0 + 2);
    assert_same_file(paths[3], paths[2]);

    /* same cells, but K_NUM 3 decimals indexed first (Synthèse): other s= in the body */
    fse_doc *c = make_doc("Preuves 01 heures_insertion", false, true);
    write_doc(c, paths[4], false);
    write_doc(c, paths[5], true);
    fse_xlsx_body_memo_counts(&hits, &stored);
    assert_int_equal(hits, hits0 + 1);
    assert_int_equal(stored, stored0 + 3);
    assert_same_file(paths[5], paths[4]);

    /* and again: now that one is copied too */
    write_doc(c, paths[5], true);
    fse_xlsx_body_memo_counts(&hits, &stored);
    assert_int_equal(hits, hits0 + 2);
    assert_same_file(paths[5], paths[4]);

    /* a copy that fails (the kept file reads as empty): the body is written
     * normally, from the same offset, and kept again */
    fse_xlsx_body_memo_spoil();
    write_doc(a, paths[1], true);
    fse_xlsx_body_memo_counts(&hits, &stored);
    assert_int_equal(hits, hits0 + 2);
    assert_int_equal(stored, stored0 + 4);
    assert_same_file(paths[1], paths[0]);
    write_doc(a, paths[1], true);                     /* and that one is copied */
    fse_xlsx_body_memo_counts(&hits, &stored);
    assert_int_equal(hits, hits0 + 3);
    assert_same_file(paths[1], paths[0]);

    /* openpyxl reads a copied sheet: last row, its number format, the truncated text */
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c \"import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1])['Preuves'];"
             "c=ws.cell(%d,4); print(ws.cell(%d,1).value, ws.cell(%d,2).value, c.value, c.number_format,"
             " len(ws.cell(10,5).value), repr(ws.cell(6,5).value))\" %s", NROWS + 2, NROWS + 2, NROWS + 2,
             paths[1]);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[256] = "";
    if (!fgets(line, sizeof line, p)) line[0] = 0;
    assert_int_equal(pclose(p), 0);
    char want[256];
    snprintf(want, sizeof want, "heures.csv:%d %d %g #,##0.000 32767 '  <&> espaces '\n", NROWS + 1,
             1000 + (NROWS - 1) % 97, (NROWS - 1) % 10 + 0.125);
    assert_string_equal(line, want);

    fse_xlsx_set_body_memo_cells(0);
    fse_xlsx_set_stream_cells(0);
    for (int i = 0; i < 6; i++) unlink(paths[i]);
    fse_doc_free(first);
    fse_doc_free(a);
    fse_doc_free(b);
    fse_doc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_body_memo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
