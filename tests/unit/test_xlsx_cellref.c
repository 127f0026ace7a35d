/* test_xlsx_cellref.c — generator/pieces/xlsx_cellref.c gives libxlsxwriter
 * the same cell names as its own lxw_rowcol_to_cell: the function linked
 * here (ours) is compared with the library's, found with dlsym(RTLD_NEXT),
 * on every row of a sheet and on the columns around each change of letter
 * count, so the workbooks' bytes cannot change with the replacement.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <string.h>
#include <xlsxwriter.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
