/* test_xlsx_reader.c — the XLSX reader against the hand-made fixtures of
 * tests/fixtures/xlsx (written by make_fixtures.py there; run from the
 * repository root), plus its internal rules: number formats, serial dates,
 * number texts, limits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "ingest/xlsx_reader.h"
#include "ingest/xlsx_internal.h"
#include "xlsx_fixture.h"

#define FIX "tests/fixtures/xlsx/"
#define BROKEN FIX "broken/"

/* ---- helpers ---------------------------------------------------------- */

static fse_xlsx_book *open_ok(const char *path)
{
    char msg[256] = "x";
    fse_xlsx_book *b = NULL;
    fse_xlsx_error e = fse_xlsx_open(path, &b, msg, sizeof msg);
    if (e) print_error("%s: %s\n", path, msg);
    assert_int_equal(e, FSE_XLSX_OK);
    assert_non_null(b);
    assert_string_equal(msg, "");
    return b;
}

static void read_ok(fse_xlsx_book *b, size_t i, fse_raw_sheet *sh)
{
    char msg[256];
    memset(sh, 0, sizeof *sh);
    fse_xlsx_error e = fse_xlsx_read_sheet(b, i, sh, msg, sizeof msg);
    if (e) print_error("sheet %zu: %s\n", i, msg);
    assert_int_equal(e, FSE_XLSX_OK);
}

static const fse_raw_row *row_at(const fse_raw_sheet *sh, long line)
{
    for (size_t i = 0; i < sh->nrows; i++)
        if (sh->rows[i].line == line) return &sh->rows[i];
    return NULL;
}

/* Column letters to 0-based index: "A" 0, "AA" 26, "XFD" 16383. */
static size_t col_of(const char *letters)
{
    size_t c = 0;
    for (; *letters; letters++) c = c * 26 + (size_t)(*letters - 'A' + 1);
    return c - 1;
}

static const fse_cell *cell_at(const fse_raw_sheet *sh, long line, const char *col)
{
    static const fse_cell empty = { .kind = FSE_CELL_EMPTY };
    const fse_raw_row *r = row_at(sh, line);
    size_t c = col_of(col);
    return r && c < r->ncells ? &r->cells[c] : &empty;
}

static void expect_cell(const fse_raw_sheet *sh, long line, const char *col, fse_cell_kind kind,
                        const char *text, double num)
{
    const fse_cell *c = cell_at(sh, line, col);
    if (c->kind != kind || (text && (!c->text || strcmp(c->text, text))))
        print_error("cell %s%ld: kind %d text \"%s\", expected kind %d \"%s\"\n", col, line,
                    (int)c->kind, c->text ? c->text : "(null)", (int)kind, text ? text : "(null)");
    assert_int_equal(c->kind, kind);
    if (!text) {
        assert_null(c->text);
        return;
    }
    assert_string_equal(c->text, text);
    if (fabs(c->num - num) > 1e-9 * fmax(1, fabs(num)))
        print_error("cell %s%ld: num %.17g, expected %.17g\n", col, line, c->num, num);
    assert_true(fabs(c->num - num) <= 1e-9 * fmax(1, fabs(num)));
}

static fse_xlsx_error open_err(const char *path, char *msg, size_t msglen)
{
    fse_xlsx_book *b = (fse_xlsx_book *)1;
    fse_xlsx_error e = fse_xlsx_open(path, &b, msg, msglen);
    assert_null(b);
    return e;
}

/* Open a fixture that opens, read sheet i: expect error e, a msg containing
 * msg_has, and the sheet left empty. */
static void sheet_err(const char *path, size_t i, fse_xlsx_error e, const char *msg_has)
{
    char msg[256];
    fse_raw_sheet sh = {0};
    fse_xlsx_book *b = open_ok(path);
    fse_xlsx_error got = fse_xlsx_read_sheet(b, i, &sh, msg, sizeof msg);
    if (got != e || !strstr(msg, msg_has)) print_error("%s: %d \"%s\"\n", path, (int)got, msg);
    assert_int_equal(got, e);
    assert_non_null(strstr(msg, msg_has));
    assert_null(sh.rows);            /* a failed read leaves the sheet empty */
    assert_null(sh.name);
    assert_int_equal(sh.nrows, 0);
    fse_xlsx_close(b);
}

/* ---- whole workbooks -------------------------------------------------- */

static void test_features_first_sheet(void **state)
{
    (void)state;
    fse_raw_sheet sh;
    fse_xlsx_book *b = open_ok(FIX "features.xlsx");
    assert_int_equal(fse_xlsx_sheet_count(b), 2);
    assert_string_equal(fse_xlsx_sheet_name(b, 0), "Données");   /* workbook order, not rId order */
    assert_string_equal(fse_xlsx_sheet_name(b, 1), "Second");
    assert_null(fse_xlsx_sheet_name(b, 2));
    assert_int_equal(fse_xlsx_is_1904(b), 0);
    read_ok(b, 0, &sh);
    assert_string_equal(sh.name, "Données");
    assert_int_equal(sh.nrows, 7);                   /* 1 2 3 5 6 8 1048576: rows 4, 7 absent */
    assert_null(row_at(&sh, 4));
    assert_null(row_at(&sh, 7));
    assert_int_equal(sh.rows[6].line, 1048576);

    /* shared strings */
    expect_cell(&sh, 1, "A", FSE_CELL_TEXT, "Nom", 0);
    expect_cell(&sh, 1, "B", FSE_CELL_TEXT, "Gras et normal", 0);     /* rich runs */
    expect_cell(&sh, 1, "C", FSE_CELL_TEXT, "東京", 0);                /* <rPh> skipped */
    expect_cell(&sh, 1, "D", FSE_CELL_TEXT, "ligne1\rligne2", 0);     /* _x000D_ */
    expect_cell(&sh, 1, "E", FSE_CELL_TEXT, "a_b", 0);                /* _x005F_ */
    expect_cell(&sh, 1, "F", FSE_CELL_EMPTY, NULL, 0);                /* empty string */
    expect_cell(&sh, 1, "G", FSE_CELL_TEXT, "  espaces  ", 0);        /* xml:space */
    expect_cell(&sh, 1, "H", FSE_CELL_TEXT, "Déjà vu & <co>", 0);
    expect_cell(&sh, 1, "I", FSE_CELL_TEXT,                           /* _x0000_ is U+FFFD */
                "smile \xF0\x9F\x98\x80 nul\xEF\xBF\xBD lone\xEF\xBF\xBD end", 0);

    /* numbers */
    expect_cell(&sh, 2, "A", FSE_CELL_NUMBER, "45683", 45683);
    expect_cell(&sh, 2, "B", FSE_CELL_NUMBER, "120.5", 120.5);
    expect_cell(&sh, 2, "C", FSE_CELL_NUMBER, "0.1", 0.1);
    expect_cell(&sh, 2, "D", FSE_CELL_NUMBER, "-3.25", -3.25);
    expect_cell(&sh, 2, "E", FSE_CELL_NUMBER, "0.0000001", 1e-7);
    expect_cell(&sh, 2, "F", FSE_CELL_NUMBER, "123456789012", 123456789012.0);
    expect_cell(&sh, 2, "G", FSE_CELL_NUMBER, "2", 2);                /* formula: cached value */
    expect_cell(&sh, 2, "H", FSE_CELL_EMPTY, NULL, 0);                /* styled, no value */

    /* cell types */
    expect_cell(&sh, 3, "A", FSE_CELL_BOOL, "TRUE", 1);
    expect_cell(&sh, 3, "B", FSE_CELL_BOOL, "FALSE", 0);
    expect_cell(&sh, 3, "C", FSE_CELL_ERROR, "#DIV/0!", 0);
    expect_cell(&sh, 3, "D", FSE_CELL_TEXT, "abc", 0);                /* t="str" */
    expect_cell(&sh, 3, "E", FSE_CELL_TEXT, "inline", 0);             /* t="inlineStr" */
    expect_cell(&sh, 3, "F", FSE_CELL_TEXT, "rich", 0);               /* inline runs, rPh skipped */
    expect_cell(&sh, 3, "G", FSE_CELL_DATE, "2024-03-01T09:30:00", 19783 + 9.5 / 24);  /* t="d" */
    expect_cell(&sh, 3, "H", FSE_CELL_DATE, "2024-02-29", 19782);
    expect_cell(&sh, 3, "I", FSE_CELL_TEXT, "x\ry", 0);
    expect_cell(&sh, 3, "J", FSE_CELL_EMPTY, NULL, 0);                /* empty str result */

    /* number formats */
    expect_cell(&sh, 5, "A", FSE_CELL_DATE, "2024-03-01", 19783);     /* built-in 14 */
    expect_cell(&sh, 5, "B", FSE_CELL_DATE, "2024-03-01T12:00:00", 19783.5);  /* dd/mm/yyyy */
    expect_cell(&sh, 5, "C", FSE_CELL_NUMBER, "1.5", 1.5);            /* [h]:mm elapsed */
    expect_cell(&sh, 5, "D", FSE_CELL_NUMBER, "0.5", 0.5);            /* h:mm time of day */
    expect_cell(&sh, 5, "E", FSE_CELL_NUMBER, "7", 7);                /* 0.0" d" */
    expect_cell(&sh, 5, "F", FSE_CELL_DATE, "2024-03-01", 19783);     /* [$-40C]mmmm yyyy */
    expect_cell(&sh, 5, "G", FSE_CELL_DATE, "2024-03-01T09:30:00", 19783 + 9.5 / 24);
    expect_cell(&sh, 5, "H", FSE_CELL_NUMBER, "3", 3);                /* #,##0.00\ \d */
    expect_cell(&sh, 5, "I", FSE_CELL_DATE, "2024-03-01T18:00:00", 19783.75);  /* built-in 22 */
    expect_cell(&sh, 5, "J", FSE_CELL_NUMBER, "2.5", 2.5);            /* [Red]0.00 */
    expect_cell(&sh, 5, "K", FSE_CELL_NUMBER, "0.25", 0.25);          /* built-in 46 */

    /* 1900 system around the phantom 29/02/1900 */
    expect_cell(&sh, 6, "A", FSE_CELL_DATE, "1900-02-28", -25509);
    expect_cell(&sh, 6, "B", FSE_CELL_NUMBER, "60", 60);
    expect_cell(&sh, 6, "C", FSE_CELL_DATE, "1900-03-01", -25508);
    expect_cell(&sh, 6, "D", FSE_CELL_DATE, "1900-01-01", -25567);
    expect_cell(&sh, 6, "E", FSE_CELL_NUMBER, "0.75", 0.75);          /* pure time */
    expect_cell(&sh, 6, "G", FSE_CELL_DATE, "1900-02-28T12:00:00", -25508.5);

    /* sparse cells up to XFD, last row */
    const fse_raw_row *r8 = row_at(&sh, 8);
    assert_non_null(r8);
    assert_int_equal(r8->ncells, 16384);
    expect_cell(&sh, 8, "A", FSE_CELL_TEXT, "loin", 0);
    expect_cell(&sh, 8, "B", FSE_CELL_EMPTY, NULL, 0);
    expect_cell(&sh, 8, "AA", FSE_CELL_NUMBER, "27", 27);
    expect_cell(&sh, 8, "XFD", FSE_CELL_NUMBER, "16384", 16384);
    expect_cell(&sh, 1048576, "A", FSE_CELL_NUMBER, "1048576", 1048576);
    fse_sheet_free(&sh);

    read_ok(b, 0, &sh);                              /* a sheet can be read again */
    assert_int_equal(sh.nrows, 7);
    fse_sheet_free(&sh);
    fse_xlsx_close(b);
}

static void test_features_second_sheet(void **state)
{
    (void)state;
    fse_raw_sheet sh;
    fse_xlsx_book *b = open_ok(FIX "features.xlsx");
    read_ok(b, 1, &sh);                              /* Target="/xl/worksheets/s2.xml" */
    assert_string_equal(sh.name, "Second");
    assert_int_equal(sh.nrows, 2);                   /* <row r="3"/> holds nothing */
    assert_int_equal(sh.rows[0].line, 1);
    assert_int_equal(sh.rows[1].line, 4);
    expect_cell(&sh, 1, "A", FSE_CELL_TEXT, "second", 0);
    expect_cell(&sh, 1, "B", FSE_CELL_NUMBER, "5", 5);
    expect_cell(&sh, 4, "A", FSE_CELL_EMPTY, NULL, 0);
    expect_cell(&sh, 4, "B", FSE_CELL_NUMBER, "4", 4);
    fse_sheet_free(&sh);
    fse_xlsx_close(b);
}

static void test_prefixed_1904_no_r(void **state)
{
    (void)state;
    fse_raw_sheet sh;
    fse_xlsx_book *b = open_ok(FIX "prefixed.xlsx");
    assert_int_equal(fse_xlsx_sheet_count(b), 1);
    assert_string_equal(fse_xlsx_sheet_name(b, 0), "Préfixes");
    assert_int_equal(fse_xlsx_is_1904(b), 1);
    read_ok(b, 0, &sh);
    assert_int_equal(sh.nrows, 5);                   /* 1 2 5 6 8 (7 is an empty <row/>) */
    expect_cell(&sh, 1, "A", FSE_CELL_TEXT, "un", 0);
    expect_cell(&sh, 1, "B", FSE_CELL_TEXT, "deux", 0);
    expect_cell(&sh, 1, "C", FSE_CELL_NUMBER, "3", 3);
    expect_cell(&sh, 2, "A", FSE_CELL_DATE, "2024-03-01", 19783);     /* 43890 in 1904 */
    expect_cell(&sh, 2, "B", FSE_CELL_DATE, "1904-01-01", -24107);    /* serial 0 in 1904 */
    expect_cell(&sh, 2, "C", FSE_CELL_TEXT, "en ligne", 0);
    expect_cell(&sh, 5, "C", FSE_CELL_NUMBER, "1", 1);
    expect_cell(&sh, 5, "D", FSE_CELL_NUMBER, "2", 2);                /* previous column + 1 */
    expect_cell(&sh, 6, "B", FSE_CELL_BOOL, "TRUE", 1);
    expect_cell(&sh, 8, "A", FSE_CELL_NUMBER, "8", 8);
    fse_sheet_free(&sh);
    fse_xlsx_close(b);
}

static void test_date1904_true_no_sst(void **state)
{
    (void)state;
    fse_raw_sheet sh;
    fse_xlsx_book *b = open_ok(FIX "date1904_true.xlsx");
    assert_int_equal(fse_xlsx_is_1904(b), 1);
    read_ok(b, 0, &sh);
    expect_cell(&sh, 1, "A", FSE_CELL_TEXT, "date", 0);
    expect_cell(&sh, 1, "B", FSE_CELL_DATE, "2024-03-01T12:00:00", 19783.5);
    expect_cell(&sh, 1, "C", FSE_CELL_DATE, "1904-01-01", -24107);
    fse_sheet_free(&sh);
    fse_xlsx_close(b);
}

static void test_openpyxl_written(void **state)
{
    (void)state;
    fse_raw_sheet sh;
    fse_xlsx_book *b = open_ok(FIX "openpyxl_written.xlsx");
    assert_int_equal(fse_xlsx_sheet_count(b), 2);
    read_ok(b, 0, &sh);
    expect_cell(&sh, 2, "B", FSE_CELL_NUMBER, "1234.5", 1234.5);
    expect_cell(&sh, 2, "C", FSE_CELL_DATE, "2024-03-01", 19783);
    expect_cell(&sh, 2, "D", FSE_CELL_DATE, "2024-03-01T09:30:00", 19783 + 9.5 / 24);
    expect_cell(&sh, 2, "E", FSE_CELL_NUMBER, "0.59375", 0.59375);    /* time 14:15 */
    expect_cell(&sh, 2, "G", FSE_CELL_EMPTY, NULL, 0);
    expect_cell(&sh, 2, "H", FSE_CELL_TEXT, "é\tà", 0);
    expect_cell(&sh, 3, "D", FSE_CELL_DATE, "2000-01-01T00:00:01", 10957 + 1.0 / 86400);
    fse_sheet_free(&sh);
    read_ok(b, 1, &sh);
    assert_int_equal(sh.nrows, 1);
    expect_cell(&sh, 3, "C", FSE_CELL_TEXT, "seul", 0);
    fse_sheet_free(&sh);
    fse_xlsx_close(b);
}

static void test_style_out_of_range(void **state)
{
    (void)state;
    fse_raw_sheet sh;
    fse_xlsx_book *b = open_ok(BROKEN "style_out_of_range.xlsx");
    read_ok(b, 0, &sh);
    expect_cell(&sh, 1, "A", FSE_CELL_NUMBER, "45352", 45352);
    expect_cell(&sh, 1, "B", FSE_CELL_DATE, "2024-03-01", 19783);
    fse_sheet_free(&sh);
    fse_xlsx_close(b);
}

/* ---- refused files ---------------------------------------------------- */

static void test_open_errors(void **state)
{
    (void)state;
    char msg[256];
    assert_int_equal(open_err(FIX "no_such_file.xlsx", msg, sizeof msg), FSE_XLSX_ERR_OPEN);
    assert_non_null(strstr(msg, "no_such_file.xlsx"));
    assert_int_equal(open_err(BROKEN "not_zip.xlsx", msg, sizeof msg), FSE_XLSX_ERR_NOT_ZIP);
    assert_int_equal(open_err(BROKEN "no_workbook.xlsx", msg, sizeof msg), FSE_XLSX_ERR_MISSING_PART);
    assert_string_equal(msg, "xl/workbook.xml : partie absente");
    assert_int_equal(open_err(BROKEN "bad_workbook.xlsx", msg, sizeof msg), FSE_XLSX_ERR_XML);
    assert_string_equal(msg, "xl/workbook.xml:2:101: not well-formed (invalid token)");
    assert_int_equal(open_err(BROKEN "not_zip.xlsx", NULL, 0), FSE_XLSX_ERR_NOT_ZIP);  /* msg optional */
    assert_string_equal(fse_xlsx_strerror(FSE_XLSX_ERR_NOT_ZIP), "pas une archive zip, ou une archive endommagée");
}

static void test_sheet_errors(void **state)
{
    (void)state;
    sheet_err(BROKEN "bad_xml.xlsx", 0, FSE_XLSX_ERR_XML, "xl/worksheets/sheet1.xml:3:32: mismatched tag");
    sheet_err(BROKEN "doctype.xlsx", 0, FSE_XLSX_ERR_XML, "DOCTYPE interdit");
    sheet_err(BROKEN "sst_range.xlsx", 0, FSE_XLSX_ERR_BAD_VALUE, "chaîne partagée 2 hors limites (2 chaînes)");
    sheet_err(BROKEN "sst_bad_index.xlsx", 0, FSE_XLSX_ERR_BAD_VALUE, "index de chaîne partagée invalide « -1 »");
    sheet_err(BROKEN "bad_col.xlsx", 0, FSE_XLSX_ERR_BAD_VALUE, "référence de cellule invalide « XFE1 »");
    sheet_err(BROKEN "bad_row.xlsx", 0, FSE_XLSX_ERR_BAD_VALUE, "numéro de ligne invalide « 1048577 »");
    sheet_err(BROKEN "bad_cell_row.xlsx", 0, FSE_XLSX_ERR_BAD_VALUE, "référence de cellule invalide « A1048577 »");
    sheet_err(BROKEN "bad_crc.xlsx", 0, FSE_XLSX_ERR_NOT_ZIP, "xl/worksheets/sheet1.xml : CRC error");
    sheet_err(BROKEN "missing_sheet.xlsx", 1, FSE_XLSX_ERR_MISSING_PART,
              "xl/worksheets/nowhere.xml : partie absente");
    sheet_err(BROKEN "missing_sheet.xlsx", 2, FSE_XLSX_ERR_MISSING_PART, "pas de relation « rId6 »");
    sheet_err(BROKEN "missing_sheet.xlsx", 3, FSE_XLSX_ERR_NO_SHEET, "hors limites");
}

static void test_limits(void **state)
{
    (void)state;
    char msg[256];
    fse_raw_sheet sh = {0};
    int zerr;
    zip_stat_t st;
    zip_t *z = zip_open(FIX "features.xlsx", ZIP_RDONLY, &zerr);
    assert_non_null(z);
    assert_int_equal(zip_stat(z, "xl/worksheets/sheetB.xml", 0, &st), 0);
    zip_discard(z);

    fse_xlsx_set_limits(100, 0);                     /* every part is larger */
    assert_int_equal(open_err(FIX "features.xlsx", msg, sizeof msg), FSE_XLSX_ERR_TOO_BIG);
    assert_non_null(strstr(msg, "_rels/.rels : 296 octets décompressés"));

    fse_xlsx_set_limits((size_t)st.size - 1, 0);     /* only the first sheet is too big */
    fse_xlsx_book *b = open_ok(FIX "features.xlsx");
    assert_int_equal(fse_xlsx_read_sheet(b, 0, &sh, msg, sizeof msg), FSE_XLSX_ERR_TOO_BIG);
    assert_non_null(strstr(msg, "xl/worksheets/sheetB.xml"));
    read_ok(b, 1, &sh);
    fse_sheet_free(&sh);

    fse_xlsx_set_limits(0, 100000);                  /* XFD8 alone needs 16384 cells */
    assert_int_equal(fse_xlsx_read_sheet(b, 0, &sh, msg, sizeof msg), FSE_XLSX_ERR_TOO_BIG);
    assert_non_null(strstr(msg, "mémoire"));
    assert_null(sh.rows);
    fse_xlsx_set_limits(0, 0);
    read_ok(b, 0, &sh);
    fse_sheet_free(&sh);
    fse_xlsx_close(b);
}

/* ---- internal rules --------------------------------------------------- */

/* Write a one-sheet workbook to path whose sheet1.xml is sheet (stored). */
static void write_book(const char *path, const char *sheet)
{
    fixture_write_book(path, sheet, false, 0);
}

/* A sheet whose cell A1 is an inline string of n "é", inside `extra` more
 * nested elements (worksheet alone is depth 1, the <t> depth 6). */
static char *sheet_xml(size_t nchars, size_t extra)
{
    size_t cap = 2 * nchars + 16 * extra + 256, k = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    k += (size_t)sprintf(s + k, "<worksheet>");
    for (size_t i = 0; i < extra; i++) k += (size_t)sprintf(s + k, "<x>");
    k += (size_t)sprintf(s + k, "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>");
    for (size_t i = 0; i < nchars; i++) { memcpy(s + k, "\xC3\xA9", 2); k += 2; }
    k += (size_t)sprintf(s + k, "</t></is></c></row></sheetData>");
    for (size_t i = 0; i < extra; i++) k += (size_t)sprintf(s + k, "</x>");
    sprintf(s + k, "</worksheet>");
    return s;
}

/* Limits of README "Limites": a cell of FSE_CELL_MAX_CHARS characters and
 * FSE_XLSX_MAX_DEPTH levels of elements are read, one more is refused. */
static void test_cell_and_depth_limits(void **state)
{
    (void)state;
    const char *path = "build/tests/limits.xlsx";
    fse_raw_sheet sh = {0};
    char *x = sheet_xml(FSE_CELL_MAX_CHARS, FSE_XLSX_MAX_DEPTH - 6);   /* <t> at depth 64 */
    write_book(path, x);
    free(x);
    fse_xlsx_book *b = open_ok(path);
    read_ok(b, 0, &sh);
    assert_int_equal(cell_at(&sh, 1, "A")->kind, FSE_CELL_TEXT);
    assert_int_equal(strlen(cell_at(&sh, 1, "A")->text), 2 * FSE_CELL_MAX_CHARS);
    fse_sheet_free(&sh);
    fse_xlsx_close(b);
    x = sheet_xml(FSE_CELL_MAX_CHARS + 1, 0);
    write_book(path, x);
    free(x);
    sheet_err(path, 0, FSE_XLSX_ERR_TOO_BIG, "la cellule A1 compte 32768 caractères, au-delà de la limite de 32767");
    x = sheet_xml(1, FSE_XLSX_MAX_DEPTH - 5);
    write_book(path, x);
    free(x);
    sheet_err(path, 0, FSE_XLSX_ERR_XML, ":1:");
    sheet_err(path, 0, FSE_XLSX_ERR_XML, "éléments imbriqués sur plus de 64 niveaux");
    remove(path);
}

/* A cell's value elements (2026-11-29, careless exports): a second <v>, or
 * a second <t> of an <is>, was glued to the first ("35" and "3" read 353);
 * it is refused at that cell. Rich runs (<r><t>) still join, phonetic runs
 * are skipped. A formula without its computed <v> is no empty cell: an
 * error cell naming the formula (cut at 60 bytes, controls made spaces). */
static void test_cell_values(void **state)
{
    (void)state;
    const char *path = "build/tests/values.xlsx";
    const char *head = "<worksheet><sheetData><row r=\"1\">", *tail = "</row></sheetData></worksheet>";
    char x[1024];
    snprintf(x, sizeof x, "%s<c r=\"A1\"><v>35</v><v>3</v></c>%s", head, tail);
    write_book(path, x);
    sheet_err(path, 0, FSE_XLSX_ERR_BAD_VALUE, "cellule A1 : plusieurs valeurs <v> dans une cellule");
    snprintf(x, sizeof x, "%s<c r=\"B1\" t=\"inlineStr\"><is><t>35</t><t>5</t></is></c>%s", head, tail);
    write_book(path, x);
    sheet_err(path, 0, FSE_XLSX_ERR_BAD_VALUE, "cellule B1 : plusieurs valeurs <t> dans une cellule");

    fse_raw_sheet sh = {0};
    snprintf(x, sizeof x, "%s<c r=\"A1\" t=\"inlineStr\"><is><r><t>3</t></r><r><t>5</t></r>"
             "<rPh><t>x</t></rPh></is></c><c r=\"B1\"><f>SUM(A2:A9)</f></c><c r=\"C1\"><f t=\"shared\" si=\"0\"/></c>"
             "<c r=\"D1\"><f>A1*2</f><v>70</v></c><c r=\"E1\" t=\"str\"><f>\"a\"&amp;\"b\"</f><v></v></c>"
             "<c r=\"F1\"><f>\"%s\n\"</f></c>%s", head,
             "0123456789012345678901234567890123456789012345678901234567\xC3\xA9z", tail);
    write_book(path, x);
    fse_xlsx_book *b = open_ok(path);
    read_ok(b, 0, &sh);
    expect_cell(&sh, 1, "A", FSE_CELL_TEXT, "35", 0);
    expect_cell(&sh, 1, "B", FSE_CELL_ERROR, "=SUM(A2:A9) (formule sans valeur calculée)", 0);
    expect_cell(&sh, 1, "C", FSE_CELL_ERROR, "formule sans valeur calculée", 0);
    expect_cell(&sh, 1, "D", FSE_CELL_NUMBER, "70", 70);
    expect_cell(&sh, 1, "E", FSE_CELL_EMPTY, NULL, 0);      /* computed: the empty string */
    /* 60 bytes would cut the "é" (bytes 59-60 of the formula): cut before it */
    expect_cell(&sh, 1, "F", FSE_CELL_ERROR,
                "=\"0123456789012345678901234567890123456789012345678901234567… (formule sans valeur calculée)", 0);
    fse_sheet_free(&sh);
    fse_xlsx_close(b);
    remove(path);
}

static void test_format_kinds(void **state)
{
    (void)state;
    static const struct { long id; fse_xlsx_fmt k; } ids[] = {
        {0, FSE_XLSX_FMT_NUMBER}, {2, FSE_XLSX_FMT_NUMBER}, {13, FSE_XLSX_FMT_NUMBER},
        {14, FSE_XLSX_FMT_DATE}, {17, FSE_XLSX_FMT_DATE}, {18, FSE_XLSX_FMT_TIME},
        {21, FSE_XLSX_FMT_TIME}, {22, FSE_XLSX_FMT_DATE}, {37, FSE_XLSX_FMT_NUMBER},
        {45, FSE_XLSX_FMT_TIME}, {46, FSE_XLSX_FMT_ELAPSED}, {47, FSE_XLSX_FMT_TIME},
        {49, FSE_XLSX_FMT_NUMBER}, {27, FSE_XLSX_FMT_DATE}, {32, FSE_XLSX_FMT_TIME},
        {164, FSE_XLSX_FMT_NUMBER},
    };
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        if (fse_xlsx_builtin_fmt(ids[i].id) != ids[i].k) print_error("id %ld\n", ids[i].id);
        assert_int_equal(fse_xlsx_builtin_fmt(ids[i].id), ids[i].k);
    }
    static const struct { const char *code; fse_xlsx_fmt k; } codes[] = {
        {"dd/mm/yyyy", FSE_XLSX_FMT_DATE}, {"DD/MM/YYYY", FSE_XLSX_FMT_DATE},
        {"yyyy-mm-dd hh:mm:ss", FSE_XLSX_FMT_DATE}, {"mmm", FSE_XLSX_FMT_DATE},
        {"[$-40C]mmmm yyyy", FSE_XLSX_FMT_DATE}, {"[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy", FSE_XLSX_FMT_DATE},
        {"[h]:mm", FSE_XLSX_FMT_ELAPSED}, {"[mm]:ss", FSE_XLSX_FMT_ELAPSED}, {"[SS]", FSE_XLSX_FMT_ELAPSED},
        {"h:mm", FSE_XLSX_FMT_TIME}, {"mm:ss", FSE_XLSX_FMT_TIME}, {"h:mm AM/PM", FSE_XLSX_FMT_TIME},
        {"hh:mm:ss A/P", FSE_XLSX_FMT_TIME},
        {"General", FSE_XLSX_FMT_NUMBER}, {"0.00", FSE_XLSX_FMT_NUMBER}, {"@", FSE_XLSX_FMT_NUMBER},
        {"0.0\" d\"", FSE_XLSX_FMT_NUMBER}, {"#,##0.00\\ \\d", FSE_XLSX_FMT_NUMBER},
        {"[Red]0.00", FSE_XLSX_FMT_NUMBER}, {"[$€-40C] #,##0.00", FSE_XLSX_FMT_NUMBER},
        {"_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)", FSE_XLSX_FMT_NUMBER},
        {"_-* #,##0.00\\ \"€\"_-", FSE_XLSX_FMT_NUMBER}, {"0.00;[Red]dd/mm", FSE_XLSX_FMT_NUMBER},
        {"0.00E+00", FSE_XLSX_FMT_NUMBER}, {"\"unterminated d", FSE_XLSX_FMT_NUMBER},
        {"[unterminated d", FSE_XLSX_FMT_NUMBER}, {"0\\", FSE_XLSX_FMT_NUMBER}, {"", FSE_XLSX_FMT_NUMBER},
        {NULL, FSE_XLSX_FMT_NUMBER},
    };
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
        if (fse_xlsx_code_fmt(codes[i].code) != codes[i].k) print_error("code %s\n", codes[i].code);
        assert_int_equal(fse_xlsx_code_fmt(codes[i].code), codes[i].k);
    }
}

static void expect_number_text(double v, const char *want)
{
    char *s = fse_xlsx_number_text(v);
    if (strcmp(s, want)) print_error("%.17g -> %s, expected %s\n", v, s, want);
    assert_string_equal(s, want);
    assert_true(strtod(s, NULL) == v);
    free(s);
}

static void test_number_text(void **state)
{
    (void)state;
    expect_number_text(0, "0");
    expect_number_text(-0.0, "0");
    expect_number_text(45683, "45683");
    expect_number_text(120.5, "120.5");
    expect_number_text(-2.5, "-2.5");
    expect_number_text(0.1, "0.1");
    expect_number_text(0.1 + 0.2, "0.30000000000000004");
    expect_number_text(100, "100");
    expect_number_text(1e-7, "0.0000001");
    expect_number_text(1.5e-8, "1.5e-08");
    expect_number_text(123456789012345678.0, "123456789012345680");
    expect_number_text(1e20, "100000000000000000000");
    expect_number_text(1e21, "1e+21");
    expect_number_text(5e-324, "4.94065645841247e-324");  /* never fewer than 15 digits */
    expect_number_text(DBL_MAX, "1.7976931348623157e+308");
    expect_number_text(2.0 / 3, "0.6666666666666666");
    expect_number_text(56.82, "56.82");                 /* the short decimal path */
    expect_number_text(-0.001, "-0.001");
    expect_number_text(1e-10, "1e-10");
    expect_number_text(1.5e-15, "1.5e-15");
    expect_number_text(99999999999999.9, "99999999999999.9");
    expect_number_text(0.000000000000001, "1e-15");
    expect_number_text(999999999999999.9, "999999999999999.9");   /* 16 digits: the general path */
    /* any decimal of at most 15 digits reads back as itself, whichever path
     * prints it: 20 000 pseudo-random ones, 0 to 15 decimals */
    uint64_t x = 2463534242ULL;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        int nd = 1 + (int)(x % 15), dec = (int)((x >> 4) % 16);
        char dig[20], want[48];
        uint64_t y = x >> 8;
        for (int k = 0; k < nd; k++) { dig[k] = (char)('0' + y % 10); y = y / 10 ^ (y << 7); }
        dig[0] = dig[0] == '0' ? '7' : dig[0];
        dig[nd - 1] = dig[nd - 1] == '0' ? '3' : dig[nd - 1];   /* no leading or trailing zero */
        dig[nd] = 0;
        if (dec == 0) snprintf(want, sizeof want, "%s", dig);
        else if (dec < nd) snprintf(want, sizeof want, "%.*s.%s", nd - dec, dig, dig + nd - dec);
        else if (dec - nd <= 6) snprintf(want, sizeof want, "0.%0*d%s", dec - nd, 0, dig);
        else continue;                                   /* exponent form: below */
        if (dec >= nd && dec == nd) snprintf(want, sizeof want, "0.%s", dig);
        expect_number_text(strtod(want, NULL), want);
    }
}

static void expect_days(double serial, bool is1904, bool ok, double days)
{
    double d = 12345;
    bool got = fse_xlsx_serial_days(serial, is1904, &d);
    if (got != ok) print_error("serial %.17g (1904=%d)\n", serial, is1904);
    assert_int_equal(got, ok);
    if (ok) assert_true(d == days);
}

static void test_serial_days(void **state)
{
    (void)state;
    expect_days(1, false, true, -25567);             /* 1900-01-01 */
    expect_days(59, false, true, -25509);            /* 1900-02-28 */
    expect_days(59.5, false, true, -25508.5);
    expect_days(60, false, false, 0);                /* phantom 1900-02-29 */
    expect_days(60.5, false, false, 0);
    expect_days(61, false, true, -25508);            /* 1900-03-01 */
    expect_days(25569, false, true, 0);              /* 1970-01-01 */
    expect_days(45352, false, true, 19783);
    expect_days(0.5, false, false, 0);               /* pure time */
    expect_days(0, false, false, 0);
    expect_days(-1, false, false, 0);
    expect_days(2958465, false, true, 2932896);      /* 9999-12-31 */
    expect_days(2958466, false, false, 0);
    expect_days(NAN, false, false, 0);
    expect_days(INFINITY, true, false, 0);
    expect_days(0, true, true, -24107);              /* 1904-01-01 */
    expect_days(43890.5, true, true, 19783.5);
    expect_days(-0.5, true, false, 0);
}

static void expect_iso(double days, const char *want)
{
    char *s = fse_xlsx_iso_text(days);
    if (strcmp(s, want)) print_error("%.17g -> %s, expected %s\n", days, s, want);
    assert_string_equal(s, want);
    free(s);
}

static void expect_parse_iso(const char *s, bool ok, double days)
{
    double d = 0;
    bool got = fse_xlsx_parse_iso(s, &d);
    if (got != ok) print_error("parse_iso \"%s\"\n", s);
    assert_int_equal(got, ok);
    if (ok) assert_true(fabs(d - days) < 1e-9);
}

static void test_iso(void **state)
{
    (void)state;
    expect_iso(0, "1970-01-01");
    expect_iso(19783, "2024-03-01");
    expect_iso(19783.5, "2024-03-01T12:00:00");
    expect_iso(19783 + 0.4 / 86400, "2024-03-01");   /* rounds to the second */
    expect_iso(19783.999999999, "2024-03-02");
    expect_iso(19783 + 9.5 / 24 + 1e-9, "2024-03-01T09:30:00");
    expect_iso(-25567, "1900-01-01");
    expect_iso(-0.25, "1969-12-31T18:00:00");
    expect_iso(2932896, "9999-12-31");
    expect_parse_iso("2024-03-01", true, 19783);
    expect_parse_iso("2024-02-29", true, 19782);
    expect_parse_iso("2024-03-01T09:30:00", true, 19783 + 9.5 / 24);
    expect_parse_iso("2024-03-01 09:30", true, 19783 + 9.5 / 24);
    expect_parse_iso("2024-03-01T09:30:00.5Z", true, 19783 + 34200.5 / 86400);
    expect_parse_iso("2024-03-01T09:30:00+02:00", true, 19783 + 9.5 / 24);
    expect_parse_iso("2023-02-29", false, 0);
    expect_parse_iso("2024-02-30", false, 0);
    expect_parse_iso("2024-13-01", false, 0);
    expect_parse_iso("2024-03-01T24:00:00", false, 0);
    expect_parse_iso("2024-3-1", false, 0);
    expect_parse_iso("2024-03-01x", false, 0);
    expect_parse_iso("", false, 0);
    expect_parse_iso("09:30:00", false, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_features_first_sheet),
        cmocka_unit_test(test_features_second_sheet),
        cmocka_unit_test(test_prefixed_1904_no_r),
        cmocka_unit_test(test_date1904_true_no_sst),
        cmocka_unit_test(test_openpyxl_written),
        cmocka_unit_test(test_style_out_of_range),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_sheet_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_cell_and_depth_limits),
        cmocka_unit_test(test_cell_values),
        cmocka_unit_test(test_format_kinds),
        cmocka_unit_test(test_number_text),
        cmocka_unit_test(test_serial_days),
        cmocka_unit_test(test_iso),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
