/* test_xlsx_cells.c — the XLSX reader's rules on cell places and texts, on
 * small workbooks written here with libzip: a repeated or out-of-order cell
 * or row is an error naming the part and the cell (never a silent
 * overwrite), and an _x0000_ escape never puts a NUL in a text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "common/util.h"
#include "ingest/xlsx_reader.h"

#define MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG "http://schemas.openxmlformats.org/package/2006/relationships"

static void add_part(zip_t *z, const char *name, const char *text)
{
    zip_source_t *src = zip_source_buffer(z, text, strlen(text), 0);
    assert_non_null(src);
    assert_true(zip_file_add(z, name, src, ZIP_FL_OVERWRITE) >= 0);
}

/* Write a one-sheet workbook whose <sheetData> holds data (and whose shared
 * strings are sst, when not NULL) into path (a mkstemps name). */
static void write_book(char *path, const char *data, const char *sst)
{
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    assert_non_null(z);
    static const char root[] = "<Relationships xmlns=\"" PKG "\"><Relationship Id=\"rId1\" Type=\""
        REL "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    static const char wb[] = "<workbook xmlns=\"" MAIN "\" xmlns:r=\"" REL "\"><sheets>"
        "<sheet name=\"Feuil1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    static const char wbrels[] = "<Relationships xmlns=\"" PKG "\"><Relationship Id=\"rId1\" Type=\""
        REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
    char *strings = NULL;
    char *sheet = fse_xasprintf("<worksheet xmlns=\"%s\"><sheetData>%s</sheetData></worksheet>",
                                MAIN, data);
    add_part(z, "_rels/.rels", root);
    add_part(z, "xl/workbook.xml", wb);
    add_part(z, "xl/_rels/workbook.xml.rels", wbrels);
    add_part(z, "xl/worksheets/sheet1.xml", sheet);
    if (sst) {
        strings = fse_xasprintf("<sst xmlns=\"%s\">%s</sst>", MAIN, sst);
        add_part(z, "xl/sharedStrings.xml", strings);
    }
    assert_int_equal(zip_close(z), 0);     /* the buffers are read here */
    free(sheet);
    free(strings);
}

/* Read the only sheet of a workbook made of data: the error, msg filled. */
static fse_xlsx_error read_book(const char *data, const char *sst, fse_raw_sheet *sh,
                                char *msg, size_t msglen)
{
    char path[] = "/tmp/fsepack-test-xlsx-XXXXXX.xlsx";
    write_book(path, data, sst);
    fse_xlsx_book *b = NULL;
    fse_xlsx_error e = fse_xlsx_open(path, &b, msg, msglen);
    unlink(path);
    if (e) print_error("open: %s\n", msg);
    assert_int_equal(e, FSE_XLSX_OK);
    memset(sh, 0, sizeof *sh);
    e = fse_xlsx_read_sheet(b, 0, sh, msg, msglen);
    fse_xlsx_close(b);
    return e;
}

/* data must be refused as BAD_VALUE with exactly want as message. */
static void refused(const char *data, const char *want)
{
    char msg[256];
    fse_raw_sheet sh;
    fse_xlsx_error e = read_book(data, NULL, &sh, msg, sizeof msg);
    if (e != FSE_XLSX_ERR_BAD_VALUE || strcmp(msg, want))
        print_error("%s\n -> %d \"%s\"\n", data, (int)e, msg);
    assert_int_equal(e, FSE_XLSX_ERR_BAD_VALUE);
    assert_string_equal(msg, want);
    assert_null(sh.rows);
    assert_int_equal(sh.nrows, 0);
}

#define V(ref, n) "<c r=\"" ref "\"><v>" #n "</v></c>"

/* Messages are "part:line:col: detail", col that of the offending <c> or
 * <row> start tag (the sheet part is on one line here, after 83 characters of
 * <worksheet …><sheetData>). */
static void test_duplicate_cells(void **state)
{
    (void)state;
    /* the tester's case: a second R99 in row 99 */
    refused("<row r=\"99\">" V("Q99", 1) V("R99", 10) V("R99", 20) "</row>",
            "xl/worksheets/sheet1.xml:1:148: cellule R99 en double");
    /* a cell without r after A1 is B1: a following B1 repeats it */
    refused("<row r=\"1\">" V("A1", 1) "<c><v>2</v></c>" V("B1", 3) "</row>",
            "xl/worksheets/sheet1.xml:1:137: cellule B1 en double");
    /* a styled empty cell counts: the value would land on it */
    refused("<row r=\"2\"><c r=\"C2\" s=\"1\"/>" V("C2", 5) "</row>",
            "xl/worksheets/sheet1.xml:1:117: cellule C2 en double");
    /* going left is refused too (the earlier cell may be the same) */
    refused("<row r=\"3\">" V("C3", 1) V("A3", 2) "</row>",
            "xl/worksheets/sheet1.xml:1:122: cellule A3 après C3 (cellules dans le désordre)");
    refused("<row r=\"3\">" V("AA3", 1) V("Z3", 2) "</row>",
            "xl/worksheets/sheet1.xml:1:123: cellule Z3 après AA3 (cellules dans le désordre)");
    /* a cell whose r names another row than its <row> */
    refused("<row r=\"2\">" V("A3", 1) "</row>",
            "xl/worksheets/sheet1.xml:1:100: cellule A3 dans la ligne 2");
}

static void test_duplicate_rows(void **state)
{
    (void)state;
    refused("<row r=\"7\">" V("A7", 1) "</row><row r=\"7\">" V("B7", 2) "</row>",
            "xl/worksheets/sheet1.xml:1:128: ligne 7 en double");
    refused("<row r=\"7\">" V("A7", 1) "</row><row r=\"5\">" V("A5", 2) "</row>",
            "xl/worksheets/sheet1.xml:1:128: ligne 5 après la ligne 7");
    /* an empty row holds its number too */
    refused("<row r=\"4\"/><row r=\"4\">" V("A4", 1) "</row>",
            "xl/worksheets/sheet1.xml:1:101: ligne 4 en double");
    /* rows without r take the number of their first cell with r */
    refused("<row>" V("A5", 1) "</row><row>" V("A3", 2) "</row>",
            "xl/worksheets/sheet1.xml:1:127: ligne 3 après la ligne 5");
    refused("<row>" V("A5", 1) V("B6", 2) "</row>",
            "xl/worksheets/sheet1.xml:1:116: cellule B6 dans la ligne 5");
}

/* What stays accepted: increasing rows and cells, with or without r. */
static void test_in_order(void **state)
{
    (void)state;
    char msg[256];
    fse_raw_sheet sh;
    fse_xlsx_error e = read_book("<row r=\"2\">" V("B2", 1) "<c><v>2</v></c>" V("E2", 3) "</row>"
                                 "<row>" V("A3", 4) "</row><row><c><v>5</v></c></row>"
                                 "<row r=\"9\"/><row>" V("D10", 6) "</row>", NULL, &sh, msg, sizeof msg);
    if (e) print_error("%s\n", msg);
    assert_int_equal(e, FSE_XLSX_OK);
    assert_int_equal(sh.nrows, 4);
    assert_int_equal(sh.rows[0].line, 2);
    assert_int_equal(sh.rows[0].ncells, 5);
    assert_int_equal(sh.rows[0].nfields, 0);         /* sparse: no field count */
    assert_string_equal(sh.rows[0].cells[2].text, "2");
    assert_string_equal(sh.rows[0].cells[4].text, "3");
    assert_int_equal(sh.rows[1].line, 3);
    assert_int_equal(sh.rows[2].line, 4);
    assert_string_equal(sh.rows[2].cells[0].text, "5");
    assert_int_equal(sh.rows[3].line, 10);
    assert_string_equal(sh.rows[3].cells[3].text, "6");
    fse_sheet_free(&sh);
}

/* _x0000_ in a shared string, an inline string or a str formula result is
 * U+FFFD: never a NUL that would cut the text short. */
static void test_nul_escape(void **state)
{
    (void)state;
    char msg[256];
    fse_raw_sheet sh;
    fse_xlsx_error e = read_book("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
                                 "<c r=\"B1\" t=\"inlineStr\"><is><t>b_x0000_c</t></is></c>"
                                 "<c r=\"C1\" t=\"str\"><v>_x0000_</v></c>"
                                 "<c r=\"D1\" t=\"s\"><v>1</v></c></row>",
                                 "<si><t>12_x0000_5</t></si><si><r><t>x_x0000_</t></r><r><t>y</t></r></si>",
                                 &sh, msg, sizeof msg);
    if (e) print_error("%s\n", msg);
    assert_int_equal(e, FSE_XLSX_OK);
    assert_int_equal(sh.rows[0].ncells, 4);
    assert_string_equal(sh.rows[0].cells[0].text, "12\xEF\xBF\xBD" "5");
    assert_string_equal(sh.rows[0].cells[1].text, "b\xEF\xBF\xBD" "c");
    assert_string_equal(sh.rows[0].cells[2].text, "\xEF\xBF\xBD");
    assert_string_equal(sh.rows[0].cells[3].text, "x\xEF\xBF\xBDy");  /* rich runs */
    for (size_t i = 0; i < 4; i++) assert_int_equal(sh.rows[0].cells[i].kind, FSE_CELL_TEXT);
    fse_sheet_free(&sh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_duplicate_cells),
        cmocka_unit_test(test_duplicate_rows),
        cmocka_unit_test(test_in_order),
        cmocka_unit_test(test_nul_escape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
