/* test_charset.c — encoding detection and conversion to UTF-8 (tech.md §5). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ingest/charset.h"

#define DETECT(lit) fse_detect_encoding(lit, sizeof lit - 1, NULL)

static void test_detect(void **state)
{
    (void)state;
    assert_int_equal(DETECT(""), FSE_ENC_UTF8);
    assert_int_equal(DETECT("Nom;Prenom;Heures\r\nDupont;Jean;7\r\n"), FSE_ENC_UTF8); /* ASCII */
    assert_int_equal(DETECT("Pr\xC3\xA9nom;\xE2\x80\x99"), FSE_ENC_UTF8);
    assert_int_equal(DETECT("\xEF\xBB\xBFLibell\xC3\xA9"), FSE_ENC_UTF8_BOM);
    assert_int_equal(DETECT("\xEF\xBB\xBF"), FSE_ENC_UTF8_BOM);
    assert_int_equal(DETECT("\xFF\xFEN\0o\0m\0"), FSE_ENC_UTF16LE);
    assert_int_equal(DETECT("\xFE\xFF\0N\0o\0m"), FSE_ENC_UTF16BE);
    assert_int_equal(DETECT("Pr\xE9nom"), FSE_ENC_CP1252);                 /* é */
    assert_int_equal(DETECT("d\x92ordre"), FSE_ENC_CP1252);                /* ’ */
    assert_int_equal(DETECT("\x80 12"), FSE_ENC_CP1252);                   /* € */
    /* a lone EF BB is no BOM */
    assert_int_equal(DETECT("\xEF\xBB"), FSE_ENC_CP1252);
}

/* Valid multi-byte UTF-8 and invalid bytes in one buffer: mixed (-1), at the
 * first invalid byte, wherever the valid sequences are. */
static void test_detect_mixed(void **state)
{
    (void)state;
    size_t bad = 999;
    /* valid UTF-8 at the start does not save an invalid byte further on */
    assert_int_equal(fse_detect_encoding("Pr\xC3\xA9nom;caf\xE9", 12, &bad), -1);
    assert_int_equal(bad, 11);
    /* invalid first, valid sequence later: still mixed, first invalid byte */
    bad = 999;
    assert_int_equal(fse_detect_encoding("\xFF;a\nB\xE8gles;B\xC3\xA8gles\n", 19, &bad), -1);
    assert_int_equal(bad, 0);
    /* a row re-encoded in cp1252 in a UTF-8 file */
    static const char rows[] = "Nom;Ville\nDupont;B\xC3\xA8gles\nMartin;B\xE8gles\n";
    assert_int_equal(fse_detect_encoding(rows, sizeof rows - 1, &bad), -1);
    assert_int_equal(bad, 33);
    /* the byte after a stray lead byte is judged on its own: E9 then C3 A9 */
    assert_int_equal(fse_detect_encoding("\xE9\xC3\xA9", 3, &bad), -1);
    assert_int_equal(bad, 0);
    /* truncated sequences and stray continuation bytes are no valid
     * sequence: cp1252 */
    bad = 999;
    assert_int_equal(fse_detect_encoding("\xE2\x82;\x80\x80\xE9", 6, &bad), FSE_ENC_CP1252);
    assert_int_equal(bad, 999);                   /* untouched unless mixed */
    assert_int_equal(fse_detect_encoding("\xFF", 1, NULL), FSE_ENC_CP1252);
    /* bad_at may be NULL */
    assert_int_equal(fse_detect_encoding("\xC3\xA9\xFF", 3, NULL), -1);
}

/* UTF-16 without BOM: NUL in every other byte, text in the others. */
static void test_detect_utf16_no_bom(void **state)
{
    (void)state;
    assert_int_equal(DETECT("N\0o\0m\0;\0H\0\n\0"), FSE_ENC_UTF16LE);
    assert_int_equal(DETECT("\0N\0o\0m\0;\0H\0\n"), FSE_ENC_UTF16BE);
    /* Latin-1 letters are units 00xx too; a few other units (€ = 20AC) are
     * tolerated: 6 of 8 units have the shape */
    assert_int_equal(DETECT("\xE9\0t\0\xE9\0;\0\xAC\x20\xAC\x20" "1\0\n\0"), FSE_ENC_UTF16LE);
    /* 5 of 8 only: not UTF-16 (the NULs are then refused by the reader);
     * AC alone is no UTF-8 sequence: cp1252 */
    assert_int_equal(DETECT("a\0b\0c\0d\0e\0\xAC\x20\xAC\x20\xAC\x20"), FSE_ENC_CP1252);
    /* one unit is too short to judge; control bytes are not text */
    assert_int_equal(DETECT("a\0"), FSE_ENC_UTF8);
    assert_int_equal(DETECT("\x01\0\x02\0\x03\0"), FSE_ENC_UTF8);
    /* only the first FSE_UTF16_SNIFF bytes are looked at */
    char big[FSE_UTF16_SNIFF + 8];
    for (size_t i = 0; i < sizeof big; i += 2) { big[i] = 'x'; big[i + 1] = 0; }
    memcpy(big + FSE_UTF16_SNIFF, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    assert_int_equal(fse_detect_encoding(big, sizeof big, NULL), FSE_ENC_UTF16LE);
}

/* Convert a literal; returns the owned output. */
static char *conv(const char *in, size_t len, fse_encoding enc, size_t *outlen, size_t *rep)
{
    char *out = (char *)0x1;
    size_t bad = 12345;
    assert_int_equal(fse_to_utf8(in, len, enc, &out, outlen, &bad, rep), 0);
    assert_non_null(out);
    assert_int_equal(bad, 12345);
    return out;
}

static void test_cp1252(void **state)
{
    (void)state;
    static const char in[] = "d\x92ordre \x96 \x9Cuvre \x80 caf\xE9 \xAB" "a\xBB \x85 \x8C\x9F\xA0|\xFF";
    size_t n = 0, rep = 99;
    char *s = conv(in, sizeof in - 1, FSE_ENC_CP1252, &n, &rep);
    static const char want[] =
        "d\xE2\x80\x99ordre \xE2\x80\x93 \xC5\x93uvre \xE2\x82\xAC caf\xC3\xA9 \xC2\xAB" "a\xC2\xBB"
        " \xE2\x80\xA6 \xC5\x92\xC5\xB8\xC2\xA0|\xC3\xBF";
    assert_string_equal(s, want);
    assert_int_equal(n, sizeof want - 1);
    assert_int_equal(rep, 0);
    free(s);
}

static void test_cp1252_undefined(void **state)
{
    (void)state;
    static const char in[] = "a\x81z\x8D\x8F\x90\x9D!";
    size_t n = 0, rep = 0;
    char *s = conv(in, sizeof in - 1, FSE_ENC_CP1252, &n, &rep);
    assert_string_equal(s, "a\xEF\xBF\xBDz\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD!");
    assert_int_equal(rep, 5);
    free(s);
    /* NULL out-parameters are accepted */
    char *o = NULL;
    assert_int_equal(fse_to_utf8("\x81", 1, FSE_ENC_CP1252, &o, NULL, NULL, NULL), 0);
    assert_string_equal(o, "\xEF\xBF\xBD");
    free(o);
}

static void test_cp1252_empty(void **state)
{
    (void)state;
    size_t n = 7, rep = 7;
    char *s = conv("", 0, FSE_ENC_CP1252, &n, &rep);
    assert_string_equal(s, "");
    assert_int_equal(n, 0);
    assert_int_equal(rep, 0);
    free(s);
}

static void test_utf8_and_bom(void **state)
{
    (void)state;
    size_t n = 0;
    char *s = conv("\xEF\xBB\xBFLibell\xC3\xA9;x", 13, FSE_ENC_UTF8_BOM, &n, NULL);
    assert_string_equal(s, "Libell\xC3\xA9;x");
    assert_int_equal(n, 10);
    free(s);
    /* declared utf-8 on a file with BOM: BOM skipped too */
    s = conv("\xEF\xBB\xBF" "a", 4, FSE_ENC_UTF8, &n, NULL);
    assert_string_equal(s, "a");
    free(s);
    /* utf-8-bom declared, no BOM present: fine */
    s = conv("abc", 3, FSE_ENC_UTF8_BOM, &n, NULL);
    assert_string_equal(s, "abc");
    free(s);
}

static void test_utf8_declared_invalid(void **state)
{
    (void)state;
    char *out = (char *)0x1;
    size_t bad = 0, n = 9;
    assert_int_equal(fse_to_utf8("Nom;Pr\xE9nom", 10, FSE_ENC_UTF8, &out, &n, &bad, NULL), -1);
    assert_null(out);
    assert_int_equal(bad, 6);
    assert_int_equal(n, 0);
    /* the offset counts the BOM: it is an offset in the input */
    assert_int_equal(fse_to_utf8("\xEF\xBB\xBF" "ab\xED\xA0\x80", 8, FSE_ENC_UTF8_BOM, &out, &n,
                                 &bad, NULL), -1);
    assert_int_equal(bad, 5);
    assert_null(out);
}

static void test_utf16(void **state)
{
    (void)state;
    /* "Né;€😀\r\n" in UTF-16LE with BOM: é U+00E9, € U+20AC, 😀 = D83D DE00 */
    static const char le[] = "\xFF\xFEN\0\xE9\0;\0\xAC\x20\x3D\xD8\x00\xDE\r\0\n\0";
    static const char be[] = "\xFE\xFF\0N\0\xE9\0;\x20\xAC\xD8\x3D\xDE\x00\0\r\0\n";
    static const char want[] = "N\xC3\xA9;\xE2\x82\xAC\xF0\x9F\x98\x80\r\n";
    size_t n = 0;
    char *s = conv(le, sizeof le - 1, FSE_ENC_UTF16LE, &n, NULL);
    assert_memory_equal(s, want, sizeof want);
    assert_int_equal(n, sizeof want - 1);
    free(s);
    s = conv(be, sizeof be - 1, FSE_ENC_UTF16BE, &n, NULL);
    assert_memory_equal(s, want, sizeof want);
    free(s);
    /* no BOM, declared */
    s = conv("a\0b\0", 4, FSE_ENC_UTF16LE, &n, NULL);
    assert_string_equal(s, "ab");
    free(s);
    /* U+10FFFF = DBFF DFFF */
    s = conv("\xFF\xDB\xFF\xDF", 4, FSE_ENC_UTF16LE, &n, NULL);
    assert_string_equal(s, "\xF4\x8F\xBF\xBF");
    free(s);
}

static void test_utf16_errors(void **state)
{
    (void)state;
    char *out = NULL;
    size_t bad = 0;
    /* odd length: bad at the last byte */
    assert_int_equal(fse_to_utf8("\xFF\xFE" "a\0b", 5, FSE_ENC_UTF16LE, &out, NULL, &bad, NULL), -1);
    assert_int_equal(bad, 4);
    /* lone high surrogate followed by a letter */
    assert_int_equal(fse_to_utf8("\xFF\xFE" "a\0\x3D\xD8" "b\0", 8, FSE_ENC_UTF16LE, &out, NULL,
                                 &bad, NULL), -1);
    assert_int_equal(bad, 4);
    /* high surrogate at the very end */
    assert_int_equal(fse_to_utf8("a\0\x3D\xD8", 4, FSE_ENC_UTF16LE, &out, NULL, &bad, NULL), -1);
    assert_int_equal(bad, 2);
    /* lone low surrogate (big endian) */
    assert_int_equal(fse_to_utf8("\xFE\xFF\xDE\x00", 4, FSE_ENC_UTF16BE, &out, NULL, &bad, NULL), -1);
    assert_int_equal(bad, 2);
    assert_null(out);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(fse_encoding_name(FSE_ENC_UTF8), "utf-8");
    assert_string_equal(fse_encoding_name(FSE_ENC_UTF8_BOM), "utf-8-bom");
    assert_string_equal(fse_encoding_name(FSE_ENC_UTF16LE), "utf-16le");
    assert_string_equal(fse_encoding_name(FSE_ENC_UTF16BE), "utf-16be");
    assert_string_equal(fse_encoding_name(FSE_ENC_CP1252), "windows-1252");
    for (int e = FSE_ENC_UTF8; e <= FSE_ENC_CP1252; e++)   /* names round-trip */
        assert_int_equal(fse_encoding_parse(fse_encoding_name((fse_encoding)e)), e);
    assert_int_equal(fse_encoding_parse("UTF-8"), FSE_ENC_UTF8);
    assert_int_equal(fse_encoding_parse("utf8"), FSE_ENC_UTF8);
    assert_int_equal(fse_encoding_parse("UTF-8-SIG"), FSE_ENC_UTF8_BOM);
    assert_int_equal(fse_encoding_parse("UTF-16LE"), FSE_ENC_UTF16LE);
    assert_int_equal(fse_encoding_parse("utf_16_be"), FSE_ENC_UTF16BE);
    assert_int_equal(fse_encoding_parse("cp1252"), FSE_ENC_CP1252);
    assert_int_equal(fse_encoding_parse("Windows1252"), FSE_ENC_CP1252);
    assert_int_equal(fse_encoding_parse("WINDOWS-1252"), FSE_ENC_CP1252);
    assert_int_equal(fse_encoding_parse("MS-ANSI"), FSE_ENC_CP1252);
    assert_int_equal(fse_encoding_parse("latin1"), FSE_ENC_CP1252);
    assert_int_equal(fse_encoding_parse("ISO-8859-1"), FSE_ENC_CP1252);
    assert_int_equal(fse_encoding_parse("latin9"), -1);
    assert_int_equal(fse_encoding_parse("ISO-8859-15"), -1);
    assert_int_equal(fse_encoding_parse("utf-16"), -1);
    assert_int_equal(fse_encoding_parse("ebcdic"), -1);
    assert_int_equal(fse_encoding_parse(""), -1);
    assert_int_equal(fse_encoding_parse(NULL), -1);
    assert_int_equal(fse_encoding_parse("utf-8-utf-8-utf-8-utf-8-utf-8-utf-8-utf-8"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_detect_mixed),
        cmocka_unit_test(test_detect_utf16_no_bom),
        cmocka_unit_test(test_cp1252),
        cmocka_unit_test(test_cp1252_undefined),
        cmocka_unit_test(test_cp1252_empty),
        cmocka_unit_test(test_utf8_and_bom),
        cmocka_unit_test(test_utf8_declared_invalid),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_utf16_errors),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
