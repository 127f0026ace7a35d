/* test_xlsx_stream.c — a big document is written in libxlsxwriter's
 * constant_memory mode (pieces/xlsx_writer.c, FSE_XLSX_STREAM_CELLS; issue 8):
 * the same document written both ways must read back (ingest/xlsx_reader.c)
 * to the same sheets, cells, kinds and values — headings, paragraphs,
 * key/values, a table with totals and note, dates, numbers, and a chart
 * sheet (written row by row so that no row is written twice). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ingest/xlsx_reader.h"
#include "pieces/doc.h"

static fse_doc *sample_doc(void)
{
    fse_doc *d = fse_doc_new("Bilan d'exécution", "PLIE de banc d'essai", "graves-3 — Fiche n°3",
                             "du 01/01/2024 au 31/12/2024", "01/01/2025", 1735689600);
    fse_doc_heading(d, 1, "Synthèse");
    fse_doc_paragraph(d, "Heures comptées : lignes dont le mois tombe dans la période.");
    fse_doc_block *kv = fse_doc_keyvalue(d);
    fse_doc_kv_add(kv, "Heures", "1 234,50");
    fse_doc_kv_add(kv, "Participants", "12");
    const char *cats[] = { "01/2024", "02/2024", "03/2024" };
    fse_doc_chart *ch = fse_doc_chart_add(d, "Heures par mois", 3, cats, false);
    double a[] = { 10, 20.5, 30 }, b[] = { 1, 2, 3 };
    fse_doc_chart_series(ch, "Réalisées", a);
    fse_doc_chart_series(ch, "Cible", b);
    fse_doc_table *t = fse_doc_table_add(d, "Preuves 01 heures_insertion", "Preuves 01");
    fse_doc_col(t, "Source", FSE_COL_TEXT, 2, 0);
    fse_doc_col(t, "N° marché", FSE_COL_ID, 1, 0);
    fse_doc_col(t, "Mois", FSE_COL_MONTH, 1, 0);
    fse_doc_col(t, "Heures", FSE_COL_NUMBER, 1, 2);
    char buf[64];
    double sum = 0;
    for (int i = 0; i < 3000; i++) {
        fse_doc_row(t);
        snprintf(buf, sizeof buf, "heures.csv:%d", i + 2);
        fse_doc_put_text(t, 0, buf);
        snprintf(buf, sizeof buf, "M-%05d", i % 97);
        fse_doc_put_text(t, 1, buf);
        fse_doc_put_num(t, 2, 19723 + 31 * (i % 12));
        fse_doc_put_num(t, 3, i % 10 + 0.5);
        sum += i % 10 + 0.5;
    }
    fse_doc_total_text(t, 0, "Total");
    fse_doc_total_num(t, 3, sum);
    fse_doc_table_note(t, "Une ligne par ligne d'export comptée.");
    return d;
}

/* Every cell of every sheet of path, as "sheet!row:col:kind:text" lines. */
static char *dump(const char *path)
{
    fse_xlsx_book *b = NULL;
    char msg[256];
    assert_int_equal(fse_xlsx_open(path, &b, msg, sizeof msg), FSE_XLSX_OK);
    size_t len = 0, cap = 1 << 20;
    char *out = malloc(cap);
    out[0] = 0;
    for (size_t i = 0; i < fse_xlsx_sheet_count(b); i++) {
        fse_raw_sheet sh = {0};
        assert_int_equal(fse_xlsx_read_sheet(b, i, &sh, msg, sizeof msg), FSE_XLSX_OK);
        for (size_t r = 0; r < sh.nrows; r++)
            for (size_t c = 0; c < sh.rows[r].ncells; c++) {
                const fse_cell *x = &sh.rows[r].cells[c];
                if (x->kind == FSE_CELL_EMPTY) continue;
                size_t need = strlen(x->text) + 128;
                if (len + need >= cap) { cap = (cap + need) * 2; out = realloc(out, cap); }
                len += (size_t)snprintf(out + len, cap - len, "%s!%ld:%zu:%d:%s\n",
                                        fse_xlsx_sheet_name(b, i), sh.rows[r].line, c, x->kind, x->text);
            }
        fse_sheet_free(&sh);
    }
    fse_xlsx_close(b);
    return out;
}

static void test_streamed_workbook_reads_the_same(void **state)
{
    (void)state;
    fse_doc *d = sample_doc();
    /* per-process names: the plain and the sanitized suites may run at once */
    char normal[64], streamed[64];
    snprintf(normal, sizeof normal, "/tmp/fsepack-test-stream-normal-%ld.xlsx", (long)getpid());
    snprintf(streamed, sizeof streamed, "/tmp/fsepack-test-stream-const-%ld.xlsx", (long)getpid());
    char err[256];
    fse_xlsx_set_stream_cells(0);                 /* 12 000 cells: under the default */
    assert_int_equal(fse_xlsx_write(d, normal, err, sizeof err), 0);
    fse_xlsx_set_stream_cells(1000);              /* now over it: constant_memory */
    int wrc = fse_xlsx_write(d, streamed, err, sizeof err);
    if (wrc) fail_msg("streamed write: %s", err);
    fse_xlsx_set_stream_cells(0);
    char *a = dump(normal), *b = dump(streamed);
    assert_non_null(strstr(a, "Preuves 01!3002:1:1:M-00089\n"));   /* the last row, typed */
    assert_non_null(strstr(a, "Preuves 01!3003:3:2:15000\n"));     /* its total: 300 * 45 + 3000 * 0.5 */
    assert_non_null(strstr(a, "Graphiques!4:1:2:20.5\n"));          /* a chart value */
    assert_string_equal(a, b);                    /* every sheet, cell, kind and value */
    /* the two files really differ: shared strings, or inline ones */
    FILE *f = fopen(streamed, "rb");
    fseek(f, 0, SEEK_END);
    long ls = ftell(f);
    fclose(f);
    f = fopen(normal, "rb");
    fseek(f, 0, SEEK_END);
    long ln = ftell(f);
    fclose(f);
    assert_true(ls != ln);
    free(a);
    free(b);
    unlink(normal);
    unlink(streamed);
    fse_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_streamed_workbook_reads_the_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
