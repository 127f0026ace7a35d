/* test_xlsx_interpose.c — the functions fsepack substitutes for
 * libxlsxwriter's own behave as the library's, found with dlsym(RTLD_NEXT),
 * so the workbooks' bytes cannot change with them:
 * - xlsx_lxw_util.c gives the same cell names as lxw_rowcol_to_cell on every
 *   row of a sheet and on the columns around each change of letter count,
 *   the same counts as lxw_utf8_strlen;
 * - xlsx_sst.c gives the same shared string indices, counts and order as
 *   lxw_get_sst_index over a stream of repeated texts;
 * - and its attributes hold the same key and value texts as
 *   lxw_new_attribute_str / _int (numbers over all of 32 bits, texts at
 *   and over the 2 079-byte limit).
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "pieces/xlsx_interpose.h"

typedef void (*rowcol_fn)(char *, lxw_row_t, lxw_col_t);

static void same(rowcol_fn lib, lxw_row_t r, lxw_col_t c)
{
    char a[LXW_MAX_CELL_NAME_LENGTH + 8], b[LXW_MAX_CELL_NAME_LENGTH + 8];
    memset(a, 'x', sizeof a);
    memset(b, 'x', sizeof b);
    lxw_rowcol_to_cell(a, r, c);
    lib(b, r, c);
    if (memcmp(a, b, sizeof a)) fail_msg("row %u col %u: \"%s\", libxlsxwriter \"%s\"", r, c, a, b);
}

static void test_same_names(void **state)
{
    (void)state;
    rowcol_fn lib = (rowcol_fn)dlsym(RTLD_NEXT, "lxw_rowcol_to_cell");
    assert_non_null(lib);
    assert_true(lib != lxw_rowcol_to_cell);
    char s[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell(s, 0, 0);
    assert_string_equal(s, "A1");
    lxw_rowcol_to_cell(s, LXW_ROW_MAX - 1, LXW_COL_MAX - 1);
    assert_string_equal(s, "XFD1048576");
    lxw_rowcol_to_cell(s, 11, 27);
    assert_string_equal(s, "AB12");
    for (lxw_row_t r = 0; r < LXW_ROW_MAX; r++) same(lib, r, (lxw_col_t)(r % 40));
    static const lxw_col_t cols[] = { 0, 1, 24, 25, 26, 27, 51, 52, 700, 701, 702, 703, 16383 };
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        for (lxw_row_t r = 0; r < 200; r++) same(lib, r * 5273, cols[i]);
    for (lxw_col_t c = 0; c < LXW_COL_MAX; c++) same(lib, 99999, c);
}

typedef struct sst_element *(*sst_fn)(lxw_sst *, const char *, uint8_t);

static void test_same_shared_strings(void **state)
{
    (void)state;
    sst_fn lib = (sst_fn)dlsym(RTLD_NEXT, "lxw_get_sst_index");
    void (*lib_free)(lxw_sst *) = (void (*)(lxw_sst *))dlsym(RTLD_NEXT, "lxw_sst_free");
    assert_non_null(lib);
    assert_non_null(lib_free);
    lxw_sst *a = lxw_sst_new(), *b = lxw_sst_new(), *c = lxw_sst_new();
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    char s[64];
    unsigned x = 12345;
    for (int i = 0; i < 200000; i++) {   /* 5 000 distinct texts, repeated in random order */
        x = x * 1103515245u + 12345u;
        int v = (int)((x >> 8) % 5000);
        if (v % 7 == 0) snprintf(s, sizeof s, "%d", v);
        else if (v % 7 == 1) snprintf(s, sizeof s, "Entreprise n\xC2\xB0 %d SARL", v);
        else snprintf(s, sizeof s, "%c%d", 'A' + v % 26, v);
        if (v == 4999) s[0] = 0;         /* the empty text too */
        struct sst_element *ea = lxw_get_sst_index(a, s, 0), *eb = lib(b, s, 0);
        assert_int_equal(ea->index, eb->index);
        assert_string_equal(ea->string, s);
        assert_int_equal(lxw_get_sst_index(c, s, 0)->index, ea->index);   /* two tables at once */
    }
    assert_int_equal(a->string_count, b->string_count);
    assert_int_equal(a->unique_count, b->unique_count);
    struct sst_element *ea = STAILQ_FIRST(a->order_list), *eb = STAILQ_FIRST(b->order_list);
    for (; ea && eb; ea = STAILQ_NEXT(ea, sst_order_pointers), eb = STAILQ_NEXT(eb, sst_order_pointers)) {
        assert_int_equal(ea->index, eb->index);
        assert_string_equal(ea->string, eb->string);
    }
    assert_null(ea);
    assert_null(eb);
    lxw_sst_free(a);   /* ours: drops the index, then the library's */
    lib_free(b);
    lxw_sst_free(c);   /* a second table alive at the same time */
}

typedef struct xml_attribute *(*attr_str_fn)(const char *, const char *);
typedef struct xml_attribute *(*attr_int_fn)(const char *, uint32_t);

static void same_attr(struct xml_attribute *a, struct xml_attribute *b)
{
    assert_string_equal(a->key, b->key);
    assert_string_equal(a->value, b->value);
    free(a);
    free(b);
}

static void test_same_attributes(void **state)
{
    (void)state;
    attr_str_fn lib_str = (attr_str_fn)dlsym(RTLD_NEXT, "lxw_new_attribute_str");
    attr_int_fn lib_int = (attr_int_fn)dlsym(RTLD_NEXT, "lxw_new_attribute_int");
    assert_non_null(lib_str);
    assert_non_null(lib_int);
    static const uint32_t nums[] = { 0, 1, 9, 10, 99, 100, 1048576, 2147483647u, 2147483648u, 4294967295u };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        same_attr(lxw_new_attribute_int("r", nums[i]), lib_int("r", nums[i]));
    for (uint32_t v = 0; v < 2000000; v += 7) same_attr(lxw_new_attribute_int("s", v), lib_int("s", v));
    struct xml_attribute *a = lxw_new_attribute_int("ht", 2147483648u);
    assert_string_equal(a->value, "-2147483648");
    free(a);
    static char big[5000];
    memset(big, 'x', sizeof big - 1);
    static const size_t lens[] = { 0, 1, 2078, 2079, 2080, 4999 };
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        big[lens[i]] = 0;
        same_attr(lxw_new_attribute_str(big, big), lib_str(big, big));
        a = lxw_new_attribute_str("spans", big);
        assert_int_equal(strlen(a->value), lens[i] < 2079 ? lens[i] : 2079);
        free(a);
        if (lens[i] < sizeof big - 1) big[lens[i]] = 'x';
    }
    same_attr(lxw_new_attribute_str("spans", "1:12"), lib_str("spans", "1:12"));
}

typedef size_t (*strlen_fn)(const char *);

static void test_same_utf8_len(void **state)
{
    (void)state;
    strlen_fn lib = (strlen_fn)dlsym(RTLD_NEXT, "lxw_utf8_strlen");
    assert_non_null(lib);
    static const char *const texts[] = { "", "a", "abcdefgh", "abcdefghi", "\xC3\xA9t\xC3\xA9 2024",
        "\xE2\x80\xAF\xE2\x82\xAC\xF0\x9F\x98\x80 fin de texte assez long pour huit", "\x80\x80\xBF\xC0\xFF\x7F" };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        assert_int_equal(lxw_utf8_strlen(texts[i]), lib(texts[i]));
    char buf[80];
    unsigned x = 7;
    for (int k = 0; k < 100000; k++) {   /* random bytes, every length up to 79 */
        size_t n = (size_t)k % 80;
        for (size_t i = 0; i < n; i++) { x = x * 1103515245u + 12345u; buf[i] = (char)((x >> 16) | 1); }
        buf[n] = 0;
        assert_int_equal(lxw_utf8_strlen(buf), lib(buf));
    }
}

/* The library linked here is the 1.1.4 whose structures the replacements
 * fill: the guard lets them run (else every test above would compare the
 * library with itself). */
static void test_guard_lets_replacements_run(void **state)
{
    (void)state;
    assert_string_equal(lxw_version(), "1.1.4");
    assert_true(fse_lxw_internals_known());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_names),
        cmocka_unit_test(test_same_shared_strings),
        cmocka_unit_test(test_same_attributes),
        cmocka_unit_test(test_same_utf8_len),
        cmocka_unit_test(test_guard_lets_replacements_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
