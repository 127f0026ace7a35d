/* test_csv_reader.c — delimiter detection, physical line numbers, quoting,
 * encodings, strict errors; and the handed Bordeaux exports when present. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ingest/csv_reader.h"
#include "ingest/values.h"

#define SHARED_EXPORTS "../shared/cases/bordeaux-cp1252/exports/"

typedef struct {
    fse_raw_sheet sh;
    fse_csv_options opt;
    fse_csv_error rc;
    long line, col;
    char msg[200];
} result;

/* Parse a literal with detection of everything (or the given options). */
static result *parse_opt(const char *buf, size_t len, int enc, char delim)
{
    result *r = calloc(1, sizeof *r);
    assert_non_null(r);
    r->opt.encoding = enc;
    r->opt.delimiter = delim;
    r->rc = fse_csv_read_buffer(buf, len, &r->opt, &r->sh, &r->line, &r->col, r->msg, sizeof r->msg);
    return r;
}
#define PARSE(lit) parse_opt(lit, sizeof lit - 1, -1, 0)

static void done(result *r)
{
    fse_sheet_free(&r->sh);
    free(r);
}

/* Row i has line `line` and the given cells (NULL = EMPTY), exactly. */
static void row_is(const fse_raw_sheet *sh, size_t i, long line, size_t n, ...)
{
    assert_in_range(i, 0, sh->nrows - 1);
    const fse_raw_row *row = &sh->rows[i];
    assert_int_equal(row->line, line);
    assert_int_equal(row->ncells, n);
    va_list ap;
    va_start(ap, n);
    for (size_t j = 0; j < n; j++) {
        const char *want = va_arg(ap, const char *);
        if (!want) {
            assert_int_equal(row->cells[j].kind, FSE_CELL_EMPTY);
            assert_null(row->cells[j].text);
        } else {
            assert_int_equal(row->cells[j].kind, FSE_CELL_TEXT);
            assert_string_equal(row->cells[j].text, want);
        }
    }
    va_end(ap);
}

static void test_delimiter_detection(void **state)
{
    (void)state;
    result *r = PARSE("Nom;Heures\nDupont;7,5\nMartin;151,67\n");
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->opt.delimiter, ';');
    row_is(&r->sh, 1, 2, 2, "Dupont", "7,5");
    done(r);

    r = PARSE("Nom,Heures,Mois\nDupont,7.5,2024-03\n\"Martin; J\",151.67,2024-04\n");
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->opt.delimiter, ',');
    row_is(&r->sh, 2, 3, 3, "Martin; J", "151.67", "2024-04");
    done(r);

    r = PARSE("Nom\tHeures\tMois\nDupont\t\t2024-03\nMartin\t151,67\t \n");
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->opt.delimiter, '\t');
    row_is(&r->sh, 1, 2, 3, "Dupont", NULL, "2024-03");   /* TAB is not trimmed away */
    row_is(&r->sh, 2, 3, 3, "Martin", "151,67", NULL);
    done(r);

    /* ',' splits the title and one data line into 2 fields, ';' splits
     * three lines into 3: ';' wins. */
    r = PARSE("Extraction, heures\n\nA;B;C\n1;2,5;x\n3;4;y\n");
    assert_int_equal(r->opt.delimiter, ';');
    done(r);
    /* tie (one line, 2 fields each way) -> ';' preferred */
    r = PARSE("a;b,c\n");
    assert_int_equal(r->opt.delimiter, ';');
    row_is(&r->sh, 0, 1, 2, "a", "b,c");
    done(r);
    /* single column: nothing splits -> ';' */
    r = PARSE("Nom\nDupont\n");
    assert_int_equal(r->opt.delimiter, ';');
    row_is(&r->sh, 1, 2, 1, "Dupont");
    done(r);
    /* delimiters inside quotes are not counted */
    r = PARSE("\"a,b,c\";d\n\"e,f,g\";h\n");
    assert_int_equal(r->opt.delimiter, ';');
    done(r);
    /* a given delimiter wins over detection */
    r = parse_opt("a;b,c\n", 6, -1, ',');
    assert_int_equal(r->rc, FSE_CSV_OK);
    row_is(&r->sh, 0, 1, 2, "a;b", "c");
    done(r);
}

static void test_crlf_and_quotes(void **state)
{
    (void)state;
    result *r = PARSE("Nom;Commentaire;Adresse\r\n"
                      "\"Dupont; Jean\";\"il a dit \"\"oui\"\"\";\"1 rue X\r\n33000 Bordeaux\"\r\n"
                      "Martin;ok;\"\"\r\n"
                      "Durand;\"a\r\nb\r\nc\";z\r\n"
                      "last;row;here\r\n");
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->sh.nrows, 5);
    row_is(&r->sh, 0, 1, 3, "Nom", "Commentaire", "Adresse");
    row_is(&r->sh, 1, 2, 3, "Dupont; Jean", "il a dit \"oui\"", "1 rue X\r\n33000 Bordeaux");
    row_is(&r->sh, 2, 4, 3, "Martin", "ok", NULL);          /* physical line 4 */
    row_is(&r->sh, 3, 5, 3, "Durand", "a\r\nb\r\nc", "z");
    row_is(&r->sh, 4, 8, 3, "last", "row", "here");
    done(r);

    /* a record whose first field spans lines starts where the quote opens */
    r = PARSE("\"a\nb\";c\nd;e\n");
    assert_int_equal(r->rc, FSE_CSV_OK);
    row_is(&r->sh, 0, 1, 2, "a\nb", "c");
    row_is(&r->sh, 1, 3, 2, "d", "e");
    done(r);
}

static void test_empty_fields_and_spaces(void **state)
{
    (void)state;
    result *r = PARSE("a;;\"\";d;\n  x  ; \" y \" ;\xC2\xA0z\n");
    assert_int_equal(r->rc, FSE_CSV_OK);
    row_is(&r->sh, 0, 1, 5, "a", NULL, NULL, "d", NULL);
    /* libcsv trims ASCII blanks outside quotes, keeps them inside, keeps NBSP */
    row_is(&r->sh, 1, 2, 3, "x", " y ", "\xC2\xA0z");
    done(r);
}

static void test_blank_lines_and_endings(void **state)
{
    (void)state;
    result *r = PARSE("\n\na;b\n\n\r\n   \nc;d\n\n");
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->sh.nrows, 2);
    row_is(&r->sh, 0, 3, 2, "a", "b");
    row_is(&r->sh, 1, 7, 2, "c", "d");
    done(r);

    r = PARSE("a;b\nc;d");                          /* no final newline */
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->sh.nrows, 2);
    row_is(&r->sh, 1, 2, 2, "c", "d");
    done(r);

    r = PARSE("a;b\rc;d\r\re;f");                   /* old Mac CR endings */
    assert_int_equal(r->rc, FSE_CSV_OK);
    row_is(&r->sh, 0, 1, 2, "a", "b");
    row_is(&r->sh, 1, 2, 2, "c", "d");
    row_is(&r->sh, 2, 4, 2, "e", "f");
    done(r);

    r = PARSE("");
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->sh.nrows, 0);
    done(r);

    /* a final Ctrl-Z (DOS end-of-file mark) ends the file, in UTF-8,
     * Windows-1252 and UTF-16; before, it was a last record of one field */
    r = PARSE("a;b\r\nc;d\r\n\x1a");
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->sh.nrows, 2);
    row_is(&r->sh, 1, 2, 2, "c", "d");
    done(r);
    r = PARSE("a;b\r\nc;\xe9\x1a");               /* no line end before it, Windows-1252 */
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->sh.nrows, 2);
    row_is(&r->sh, 1, 2, 2, "c", "\xc3\xa9");
    done(r);
    r = PARSE("\xff\xfe" "a\0;\0b\0\n\0c\0;\0d\0\n\0\x1a\0");
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->sh.nrows, 2);
    row_is(&r->sh, 1, 2, 2, "c", "d");
    done(r);
    r = PARSE("a;b\n\x1a\nc;d\n");                /* elsewhere it is no end mark */
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->sh.nrows, 3);
    assert_string_equal(r->sh.rows[1].cells[0].text, "\x1a");
    row_is(&r->sh, 2, 3, 2, "c", "d");
    done(r);
}

static void test_bom_and_encodings(void **state)
{
    (void)state;
    result *r = PARSE("\xEF\xBB\xBFLibell\xC3\xA9;Montant\r\nx;1\r\n");
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->opt.encoding, FSE_ENC_UTF8_BOM);
    row_is(&r->sh, 0, 1, 2, "Libell\xC3\xA9", "Montant");
    done(r);

    r = PARSE("N\xB0 op\xE9ration;Donneur d\x92ordre\r\nOP-1;\x9Cuvre \x96 \x80\x81\r\n");
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->opt.encoding, FSE_ENC_CP1252);
    assert_int_equal(r->opt.replaced, 1);
    row_is(&r->sh, 0, 1, 2, "N\xC2\xB0 op\xC3\xA9ration", "Donneur d\xE2\x80\x99ordre");
    row_is(&r->sh, 1, 2, 2, "OP-1", "\xC5\x93uvre \xE2\x80\x93 \xE2\x82\xAC\xEF\xBF\xBD");
    done(r);

    /* Excel "Texte Unicode": UTF-16LE with BOM, tab-separated */
    static const char u16[] = "\xFF\xFEN\0o\0m\0\t\0H\0\r\0\n\0\xE9\0\t\0" "7\0\r\0\n\0";
    r = parse_opt(u16, sizeof u16 - 1, -1, 0);
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->opt.encoding, FSE_ENC_UTF16LE);
    assert_int_equal(r->opt.delimiter, '\t');
    row_is(&r->sh, 1, 2, 2, "\xC3\xA9", "7");
    done(r);

    /* declared windows-1252 on valid UTF-8: declared wins (mojibake is the
     * user's choice), no error */
    r = parse_opt("\xC3\xA9;x\n", 5, FSE_ENC_CP1252, 0);
    assert_int_equal(r->rc, FSE_CSV_OK);
    row_is(&r->sh, 0, 1, 2, "\xC3\x83\xC2\xA9", "x");
    done(r);
}

static void test_encoding_errors(void **state)
{
    (void)state;
    result *r = parse_opt("a;b\nc;caf\xE9\n", 11, FSE_ENC_UTF8, 0);
    assert_int_equal(r->rc, FSE_CSV_ERR_ENCODING);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->col, 6);
    assert_non_null(strstr(r->msg, "0xE9"));
    assert_int_equal(r->sh.nrows, 0);
    done(r);

    r = parse_opt("\xEF\xBB\xBF" "a;b\n", 7, FSE_ENC_CP1252, 0);   /* BOM contradicts */
    assert_int_equal(r->rc, FSE_CSV_ERR_ENCODING);
    assert_int_equal(r->line, 1);
    done(r);

    static const char odd[] = "\xFF\xFE" "a\0;\0b\0\n\0c";
    r = parse_opt(odd, sizeof odd - 1, -1, 0);
    assert_int_equal(r->rc, FSE_CSV_ERR_ENCODING);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->col, 1);
    done(r);

    r = parse_opt("a;b\n", 4, 42, 0);
    assert_int_equal(r->rc, FSE_CSV_ERR_ENCODING);
    done(r);
}

static void test_strict_errors(void **state)
{
    (void)state;
    /* stray quote in an unquoted field, line 3 column 4 */
    result *r = PARSE("a;b\n\"x\ny\";z\nc;d\"e;f\ng;h\n");
    assert_int_equal(r->rc, FSE_CSV_ERR_PARSE);
    assert_int_equal(r->line, 4);
    assert_int_equal(r->col, 4);
    assert_non_null(strstr(r->msg, "champ 2"));
    assert_int_equal(r->sh.nrows, 0);              /* partial sheet freed */
    assert_null(r->sh.rows);
    done(r);

    /* text after a closing quote; column counts characters, not bytes */
    r = PARSE("a;b\n\xC3\xA9;\"d\"e\n");
    assert_int_equal(r->rc, FSE_CSV_ERR_PARSE);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->col, 6);
    done(r);

    /* unterminated quote at EOF: reported where the field opens */
    r = PARSE("a;b\nc;\"d\ne;f\ng;h\n");
    assert_int_equal(r->rc, FSE_CSV_ERR_PARSE);
    assert_int_equal(r->line, 2);
    assert_non_null(strstr(r->msg, "jamais fermé"));
    assert_int_equal(r->sh.nrows, 0);
    done(r);

    r = PARSE("\"abc");
    assert_int_equal(r->rc, FSE_CSV_ERR_PARSE);
    assert_int_equal(r->line, 1);
    done(r);

    r = parse_opt("a\"b\n", 4, -1, '"');            /* invalid delimiter */
    assert_int_equal(r->rc, FSE_CSV_ERR_PARSE);
    done(r);
}

/* A UTF-8 file with one row re-encoded in cp1252, or a stray byte: neither
 * encoding fits, so it is an error at the first invalid byte (line, column in
 * characters) instead of a cp1252 mojibake of every accent. */
static void test_mixed_encodings(void **state)
{
    (void)state;
    result *r = PARSE("Nom;Ville\nDupont;B\xC3\xA8gles\nMartin;B\xE8gles\n");
    assert_int_equal(r->rc, FSE_CSV_ERR_ENCODING);
    assert_int_equal(r->line, 3);
    assert_int_equal(r->col, 9);
    assert_string_equal(r->msg, "octet 0xE8 invalide dans un fichier UTF-8 (encodages mélangés ?) : "
                                "réexportez le fichier ou indiquez encodage = windows-1252");
    assert_int_equal(r->sh.nrows, 0);
    assert_null(r->sh.rows);
    done(r);

    /* a stray 0xFF; the column counts characters (é is one) */
    r = PARSE("Libell\xC3\xA9;Montant\n\xC3\xA9t\xC3\xA9;\xFF" "12\n");
    assert_int_equal(r->rc, FSE_CSV_ERR_ENCODING);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->col, 5);
    assert_non_null(strstr(r->msg, "0xFF"));
    done(r);

    /* the invalid byte may come before the valid sequences */
    r = PARSE("a;b\r\nx;caf\xE9\r\ny;caf\xC3\xA9\r\n");
    assert_int_equal(r->rc, FSE_CSV_ERR_ENCODING);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->col, 6);
    assert_non_null(strstr(r->msg, "0xE9"));
    done(r);

    /* declared windows-1252 forces cp1252 on the same bytes */
    static const char mixed[] = "Nom;Ville\nDupont;B\xC3\xA8gles\nMartin;B\xE8gles\n";
    r = parse_opt(mixed, sizeof mixed - 1, FSE_ENC_CP1252, 0);
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->opt.encoding, FSE_ENC_CP1252);
    row_is(&r->sh, 1, 2, 2, "Dupont", "B\xC3\x83\xC2\xA8gles");
    row_is(&r->sh, 2, 3, 2, "Martin", "B\xC3\xA8gles");
    done(r);

    /* no valid multi-byte sequence at all: still cp1252 */
    r = PARSE("Nom;Ville\nMartin;B\xE8gles\nDupont;\xC9vry\n");
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->opt.encoding, FSE_ENC_CP1252);
    row_is(&r->sh, 2, 3, 2, "Dupont", "\xC3\x89vry");
    done(r);
}

/* A NUL byte is an error at its place; UTF-16 without BOM is recognised by
 * its NULs and decoded. */
static void test_nul_and_utf16_without_bom(void **state)
{
    (void)state;
    static const char nul[] = "a;b\nc;d\0e\n";
    result *r = parse_opt(nul, sizeof nul - 1, -1, 0);
    assert_int_equal(r->rc, FSE_CSV_ERR_ENCODING);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->col, 4);
    assert_string_equal(r->msg, "octet NUL : le fichier est binaire ou en UTF-16 sans BOM");
    assert_int_equal(r->sh.nrows, 0);
    done(r);

    /* in cp1252 (each byte a character), declared utf-8, utf-8 with BOM */
    static const char cp[] = "Pr\xE9nom;x\n\xE9t\xE9\0;y\n";
    r = parse_opt(cp, sizeof cp - 1, -1, 0);
    assert_int_equal(r->rc, FSE_CSV_ERR_ENCODING);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->col, 4);
    done(r);
    r = parse_opt(nul, sizeof nul - 1, FSE_ENC_UTF8, 0);
    assert_int_equal(r->rc, FSE_CSV_ERR_ENCODING);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->col, 4);
    done(r);
    static const char bom[] = "\xEF\xBB\xBF\xC3\xA9;\0";
    r = parse_opt(bom, sizeof bom - 1, -1, 0);
    assert_int_equal(r->rc, FSE_CSV_ERR_ENCODING);
    assert_int_equal(r->line, 1);
    assert_int_equal(r->col, 3);
    assert_non_null(strstr(r->msg, "octet NUL"));
    done(r);
    /* whichever comes first: a NUL before an invalid byte, and after */
    static const char first[] = "a\0;\xC3\xA9\xE9\n";
    r = parse_opt(first, sizeof first - 1, -1, 0);
    assert_int_equal(r->col, 2);
    assert_non_null(strstr(r->msg, "octet NUL"));
    done(r);
    static const char later[] = "\xC3\xA9\xE9;\0\n";
    r = parse_opt(later, sizeof later - 1, -1, 0);
    assert_int_equal(r->col, 2);
    assert_non_null(strstr(r->msg, "mélangés"));
    done(r);
    static const char later8[] = "ab\xE9;\0\n";
    r = parse_opt(later8, sizeof later8 - 1, FSE_ENC_UTF8, 0);
    assert_int_equal(r->col, 3);
    assert_non_null(strstr(r->msg, "0xE9"));
    done(r);

    /* UTF-16LE and BE without BOM (Excel "Texte Unicode" saved by a tool
     * that drops the BOM) */
    static const char le[] = "N\0o\0m\0;\0H\0\r\0\n\0\xE9\0;\0" "7\0,\0" "5\0\r\0\n\0";
    r = parse_opt(le, sizeof le - 1, -1, 0);
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->opt.encoding, FSE_ENC_UTF16LE);
    assert_int_equal(r->opt.delimiter, ';');
    row_is(&r->sh, 0, 1, 2, "Nom", "H");
    row_is(&r->sh, 1, 2, 2, "\xC3\xA9", "7,5");
    done(r);
    static const char be[] = "\0N\0o\0m\0\t\0H\0\n\0\xE9\0\t\0" "7\0\n";
    r = parse_opt(be, sizeof be - 1, -1, 0);
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->opt.encoding, FSE_ENC_UTF16BE);
    assert_int_equal(r->opt.delimiter, '\t');
    row_is(&r->sh, 1, 2, 2, "\xC3\xA9", "7");
    done(r);

    /* U+0000 in UTF-16 is refused too, located in characters */
    static const char u0[] = "\xFF\xFE" "a\0;\0\xE9\0\0\0b\0\n\0";
    r = parse_opt(u0, sizeof u0 - 1, -1, 0);
    assert_int_equal(r->rc, FSE_CSV_ERR_ENCODING);
    assert_int_equal(r->line, 1);
    assert_int_equal(r->col, 4);
    assert_string_equal(r->msg, "caractère NUL U+0000 dans un fichier utf-16le");
    assert_int_equal(r->sh.nrows, 0);
    done(r);
}

/* nfields: the fields the record really had, trailing empty ones included;
 * a record of more than 16384 fields is refused where field 16385 starts. */
static void test_field_counts(void **state)
{
    (void)state;
    result *r = PARSE("a;b;c\n1;;\n2\n3;4;5;6\n;\n\"x;y\";\"\"\n");
    assert_int_equal(r->rc, FSE_CSV_OK);
    static const size_t want[] = { 3, 3, 1, 4, 2, 2 };
    assert_int_equal(r->sh.nrows, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(r->sh.rows[i].nfields, want[i]);
        assert_int_equal(r->sh.rows[i].ncells, want[i]);
    }
    row_is(&r->sh, 1, 2, 3, "1", NULL, NULL);
    done(r);

    /* 16384 fields are fine; 16385 are not (line 2, after the 16384th ';') */
    size_t n = 2 + FSE_CSV_MAX_FIELDS + 2;
    char *b = malloc(n + 16);
    assert_non_null(b);
    memcpy(b, "h\n", 2);
    memset(b + 2, ';', FSE_CSV_MAX_FIELDS - 1);
    memcpy(b + 2 + FSE_CSV_MAX_FIELDS - 1, "\nz\n", 3);
    r = parse_opt(b, 2 + FSE_CSV_MAX_FIELDS - 1 + 3, -1, ';');
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->sh.rows[1].nfields, 16384);
    assert_int_equal(r->sh.rows[2].nfields, 1);
    done(r);
    memset(b + 2, ';', FSE_CSV_MAX_FIELDS);
    memcpy(b + 2 + FSE_CSV_MAX_FIELDS, "x\n", 2);
    r = parse_opt(b, n, -1, ';');
    assert_int_equal(r->rc, FSE_CSV_ERR_PARSE);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->col, 16385);
    assert_string_equal(r->msg, "plus de 16384 champs dans l'enregistrement de la ligne 2");
    assert_int_equal(r->sh.nrows, 0);
    done(r);
    r = parse_opt(b, n - 1, -1, ';');              /* no final newline: found at the end */
    assert_int_equal(r->rc, FSE_CSV_ERR_PARSE);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->col, 16385);
    done(r);
    free(b);

    /* quoted delimiters and newlines are not fields: the record starts on
     * line 1 with `"é;`, goes on on line 2 with `;é";` then k ';' */
    size_t k = FSE_CSV_MAX_FIELDS - 2;
    b = malloc(10 + k + 3);
    assert_non_null(b);
    memcpy(b, "\"\xC3\xA9;\n;\xC3\xA9\";", 10);
    memset(b + 10, ';', k);
    b[10 + k] = '\n';
    r = parse_opt(b, 10 + k + 1, -1, ';');
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(r->sh.nrows, 1);
    assert_int_equal(r->sh.rows[0].nfields, 16384);
    assert_string_equal(r->sh.rows[0].cells[0].text, "\xC3\xA9;\n;\xC3\xA9");
    done(r);
    memset(b + 10, ';', k + 1);
    memcpy(b + 10 + k + 1, "x\n", 2);
    r = parse_opt(b, 10 + k + 3, -1, ';');
    assert_int_equal(r->rc, FSE_CSV_ERR_PARSE);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->col, 4 + 16383 + 1);
    assert_string_equal(r->msg, "plus de 16384 champs dans l'enregistrement de la ligne 1");
    done(r);
    free(b);
}

/* A cell of FSE_CELL_MAX_CHARS characters (counted in characters: "é" is
 * one) is read; one more is refused at the line where the field starts. */
static void test_cell_length_limit(void **state)
{
    (void)state;
    size_t n = FSE_CELL_MAX_CHARS;
    char *b = malloc(2 * n + 64);
    assert_non_null(b);
    size_t k = 0;
    memcpy(b, "a;b\nx;\"", 7); k = 7;
    for (size_t i = 0; i < n; i++) { memcpy(b + k, "\xC3\xA9", 2); k += 2; }
    memcpy(b + k, "\"\n", 2);
    result *r = parse_opt(b, k + 2, -1, ';');
    assert_int_equal(r->rc, FSE_CSV_OK);
    assert_int_equal(strlen(r->sh.rows[1].cells[1].text), 2 * n);
    done(r);
    memcpy(b + k, "\xC3\xA9\"\n", 4);              /* 32 768 characters */
    r = parse_opt(b, k + 4, -1, ';');
    assert_int_equal(r->rc, FSE_CSV_ERR_PARSE);
    assert_int_equal(r->line, 2);
    assert_string_equal(r->msg, "le champ 2 compte 32768 caractères, au-delà de la limite de 32767 (un guillemet jamais fermé ?)");
    assert_int_equal(r->sh.nrows, 0);
    done(r);
    free(b);
}

/* A streaming consumer (as ingest/source.c is): checks that row k holds
 * "k;<k*7>;x<k>" and releases it. */
typedef struct { size_t seen; long last_line; } stream_check;

static void check_rows(void *ud, fse_raw_sheet *sh)
{
    stream_check *c = ud;
    char want[64];
    for (size_t i = 0; i < sh->nrows; i++) {
        const fse_raw_row *row = &sh->rows[i];
        size_t k = c->seen++;
        assert_int_equal(row->line, (long)k + 1 + (long)(k >= 100000));  /* a multi-line field at row 100000 */
        assert_int_equal(row->ncells, 3);
        snprintf(want, sizeof want, "%zu", k);
        assert_string_equal(row->cells[0].text, want);
        assert_int_equal(row->cells[0].len, strlen(want));
        snprintf(want, sizeof want, "%zu", k * 7);
        assert_string_equal(row->cells[1].text, want);
        if (k == 99999) assert_string_equal(row->cells[2].text, "deux\nlignes");
        else { snprintf(want, sizeof want, "x%zu", k); assert_string_equal(row->cells[2].text, want); }
        c->last_line = row->line;
    }
    fse_sheet_drop_rows(sh, 0);
}

/* Issue 8: with release_input, the pages of the text already parsed are
 * given back as the parse goes (csv_reader.c release_before, every 16 MiB):
 * 24 MB of rows streamed to a consumer still read exactly, and an error at
 * the very end is still located on its line and column. */
static void test_release_input(void **state)
{
    (void)state;
    size_t n = 1200000, cap = n * 40 + 64, k = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    for (size_t i = 0; i < n; i++)
        k += (size_t)snprintf(b + k, cap - k, i == 99999 ? "%zu;%zu;\"deux\nlignes\"\n" : "%zu;%zu;x%zu\n",
                              i, i * 7, i);
    assert_true(k > (size_t)20 << 20);          /* past the first release step */
    stream_check c = {0};
    fse_raw_sheet sh = { .on_rows = check_rows, .ud = &c };
    fse_csv_options opt = { .encoding = -1, .release_input = true };
    long line, col;
    char msg[200];
    assert_int_equal(fse_csv_read_buffer(b, k, &opt, &sh, &line, &col, msg, sizeof msg), FSE_CSV_OK);
    check_rows(&c, &sh);                        /* the last row */
    assert_int_equal(c.seen, n);
    assert_int_equal(c.last_line, (long)n + 1);
    fse_sheet_free(&sh);
    size_t zeros = 0;                           /* the first 16 MiB were released: zeros now */
    for (size_t i = (size_t)1 << 20; i < (size_t)15 << 20; i++) zeros += !b[i];
    assert_int_equal(zeros, ((size_t)15 << 20) - ((size_t)1 << 20));
    /* the same text, rebuilt (released pages read as zeros), ending in a stray quote */
    k = 0;
    for (size_t i = 0; i < n; i++)
        k += (size_t)snprintf(b + k, cap - k, i == 99999 ? "%zu;%zu;\"deux\nlignes\"\n" : "%zu;%zu;x%zu\n",
                              i, i * 7, i);
    k += (size_t)snprintf(b + k, cap - k, "1;2;ab\"c\n");
    c = (stream_check){0};
    sh = (fse_raw_sheet){ .on_rows = check_rows, .ud = &c };
    assert_int_equal(fse_csv_read_buffer(b, k, &opt, &sh, &line, &col, msg, sizeof msg), FSE_CSV_ERR_PARSE);
    assert_int_equal(line, (long)n + 2);
    assert_int_equal(col, 7);
    assert_string_equal(msg, "guillemet dans un champ sans guillemets (champ 3)");
    free(b);
}

/* The sheet keeps its cells' texts in an arena (sheet.h): rows dropped and
 * appended reuse it, a long text gets a block of its own, and the rows kept
 * when the others are dropped keep their texts (moved when the dropped ones
 * held more than 4 MiB). */
static void test_sheet_arena(void **state)
{
    (void)state;
    fse_raw_sheet sh = {0};
    char *big = malloc(40000);
    assert_non_null(big);
    memset(big, 'z', 39999);
    big[39999] = 0;
    fse_raw_row *r = fse_sheet_add_row(&sh, 1);
    fse_row_set(&sh, r, 0, FSE_CELL_TEXT, "en-tete", 7, 0);
    fse_row_set(&sh, r, 2, FSE_CELL_TEXT, big, 39999, 0);       /* over half a chunk */
    fse_raw_row hdr = fse_row_copy(&sh.rows[0]);
    char txt[64];   /* "r%ld-%ld-…" with any long fits (no -Wformat-truncation) */
    for (long round = 0; round < 3; round++) {
        for (long i = 0; i < 200000; i++) {                     /* ~6 MB of texts */
            r = fse_sheet_add_row(&sh, i + 2);
            int m = snprintf(txt, sizeof txt, "r%ld-%ld-abcdefghijkl", round, i);
            fse_row_set(&sh, r, 1, FSE_CELL_TEXT, txt, (size_t)m, 0);
            fse_row_set(&sh, r, 3, FSE_CELL_NUMBER, "12.5", 4, 12.5);
        }
        snprintf(txt, sizeof txt, "r%ld-199999-abcdefghijkl", round);
        assert_string_equal(sh.rows[sh.nrows - 1].cells[1].text, txt);
        fse_sheet_drop_rows(&sh, 1);                            /* keep the first row */
        assert_int_equal(sh.nrows, 1);
        assert_string_equal(sh.rows[0].cells[0].text, "en-tete");
        assert_int_equal(sh.rows[0].cells[0].len, 7);
        assert_int_equal(sh.rows[0].cells[1].kind, FSE_CELL_EMPTY);
        assert_null(sh.rows[0].cells[1].text);
        assert_string_equal(sh.rows[0].cells[2].text, big);
        assert_true(sh.texts.bytes < (size_t)1 << 20);           /* the dropped texts are gone */
    }
    r = fse_sheet_add_row(&sh, 9);                              /* a reused row starts empty */
    assert_int_equal(r->ncells, 0);
    assert_int_equal(r->line, 9);
    fse_sheet_drop_rows(&sh, 0);
    assert_int_equal(sh.texts.bytes, 0);
    assert_string_equal(hdr.cells[0].text, "en-tete");          /* the copy owns its texts */
    assert_string_equal(hdr.cells[2].text, big);
    fse_row_free(&hdr);
    fse_sheet_free(&sh);
    free(big);
}

static void test_files(void **state)
{
    (void)state;
    fse_raw_sheet sh = {0};
    long line = -1, col = -1;
    char msg[128];
    fse_csv_error rc = fse_csv_read("/nonexistent/fsepack/none.csv", NULL, &sh, &line, &col,
                                    msg, sizeof msg);
    assert_int_equal(rc, FSE_CSV_ERR_OPEN);
    assert_int_equal(line, 0);
    assert_string_equal(msg, "fichier ou dossier inexistant");
    assert_string_equal(fse_csv_strerror(rc), "ouverture du fichier impossible");

    char path[] = "/tmp/fsepack-test-csv-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char data[] = "Pr\xE9nom;Heures\r\nJ\xE9r\xF4me;151,67\r\n";
    assert_int_equal(write(fd, data, sizeof data - 1), (ssize_t)(sizeof data - 1));
    close(fd);
    fse_csv_options opt = { .encoding = -1 };
    rc = fse_csv_read(path, &opt, &sh, &line, &col, msg, sizeof msg);
    unlink(path);
    assert_int_equal(rc, FSE_CSV_OK);
    assert_int_equal(opt.encoding, FSE_ENC_CP1252);
    assert_int_equal(opt.delimiter, ';');
    row_is(&sh, 1, 2, 2, "J\xC3\xA9r\xC3\xB4me", "151,67");
    fse_sheet_free(&sh);
}

/* The handed case: heures.csv in Windows-1252 with two title lines, a blank
 * line, the header on line 4 and the export's own Total line last. */
static void test_shared_bordeaux(void **state)
{
    (void)state;
    if (access(SHARED_EXPORTS "heures.csv", R_OK) != 0) skip();
    fse_raw_sheet sh = {0};
    fse_csv_options opt = { .encoding = -1 };
    long line = 0, col = 0;
    char msg[128];
    assert_int_equal(fse_csv_read(SHARED_EXPORTS "heures.csv", &opt, &sh, &line, &col, msg,
                                  sizeof msg), FSE_CSV_OK);
    assert_int_equal(opt.encoding, FSE_ENC_CP1252);
    assert_int_equal(opt.delimiter, ';');
    assert_int_equal(opt.replaced, 0);
    assert_int_equal(sh.nrows, 1462);               /* 1463 lines, one blank */
    row_is(&sh, 0, 1, 1, "Extraction suivi des clauses \xE2\x80\x93 heures r\xC3\xA9" "alis\xC3\xA9" "es");
    assert_int_equal(sh.rows[1].line, 2);
    const fse_raw_row *h = &sh.rows[2];
    assert_int_equal(h->line, 4);
    assert_int_equal(h->ncells, 19);
    assert_string_equal(h->cells[0].text, "N\xC2\xB0 op\xC3\xA9ration");
    assert_string_equal(h->cells[12].text, "Crit\xC3\xA8re d'\xC3\xA9ligibilit\xC3\xA9");
    assert_string_equal(h->cells[17].text, "Heures r\xC3\xA9" "alis\xC3\xA9" "es");
    const fse_raw_row *t = &sh.rows[sh.nrows - 1];
    assert_int_equal(t->line, 1463);
    assert_int_equal(t->ncells, 19);
    assert_string_equal(t->cells[0].text, "Total");
    assert_string_equal(t->cells[17].text, "128360,78");
    assert_int_equal(t->cells[18].kind, FSE_CELL_EMPTY);
    /* every data row has the header's width and a parsable month and hours */
    for (size_t i = 3; i + 1 < sh.nrows; i++) {
        const fse_raw_row *row = &sh.rows[i];
        assert_int_equal(row->line, (long)i + 2);
        assert_int_equal(row->ncells, 19);
        int32_t m;
        double hours;
        assert_true(fse_parse_month(row->cells[16].text, &m));
        assert_true(fse_parse_number(row->cells[17].text, &hours));
    }
    fse_sheet_free(&sh);

    /* conventions.csv is UTF-8 with BOM; marches.csv writes 2 500 with NBSP */
    opt = (fse_csv_options){ .encoding = -1 };
    assert_int_equal(fse_csv_read(SHARED_EXPORTS "conventions.csv", &opt, &sh, &line, &col, msg,
                                  sizeof msg), FSE_CSV_OK);
    assert_int_equal(opt.encoding, FSE_ENC_UTF8_BOM);
    assert_string_equal(sh.rows[0].cells[0].text, "N\xC2\xB0 convention");
    fse_sheet_free(&sh);

    opt = (fse_csv_options){ .encoding = -1 };
    assert_int_equal(fse_csv_read(SHARED_EXPORTS "marches.csv", &opt, &sh, &line, &col, msg,
                                  sizeof msg), FSE_CSV_OK);
    assert_int_equal(opt.encoding, FSE_ENC_CP1252);
    assert_string_equal(sh.rows[0].cells[2].text, "Donneur d\xE2\x80\x99ordre");
    assert_string_equal(sh.rows[1].cells[13].text, "2\xC2\xA0" "500");
    double v = 0;
    assert_true(fse_parse_number(sh.rows[1].cells[13].text, &v));
    assert_true(v == 2500);
    fse_sheet_free(&sh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delimiter_detection),
        cmocka_unit_test(test_crlf_and_quotes),
        cmocka_unit_test(test_empty_fields_and_spaces),
        cmocka_unit_test(test_blank_lines_and_endings),
        cmocka_unit_test(test_bom_and_encodings),
        cmocka_unit_test(test_encoding_errors),
        cmocka_unit_test(test_strict_errors),
        cmocka_unit_test(test_mixed_encodings),
        cmocka_unit_test(test_nul_and_utf16_without_bom),
        cmocka_unit_test(test_field_counts),
        cmocka_unit_test(test_cell_length_limit),
        cmocka_unit_test(test_release_input),
        cmocka_unit_test(test_sheet_arena),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_shared_bordeaux),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
