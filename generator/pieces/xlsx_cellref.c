/* xlsx_cellref.c — libxlsxwriter's lxw_rowcol_to_cell ("A1" name of a
 * cell), without snprintf.
 *
 * Why (issue 8, callgrind on the 100 000-row bench): libxlsxwriter 1.1.4
 * names every cell it writes (the r="B12" attribute, _write_cell in
 * worksheet.c) with lxw_rowcol_to_cell, whose row number goes through
 * snprintf("%d"): ~700 instructions a cell, 2.8 % of the whole job; a bilan
 * of 1 M hour rows writes some 10 M cells of evidence.
 *
 * How: as pdf_glyphs.c does for libharu, the executable defines the
 * function and exports it (the Makefile links build/fsepack with
 * --export-dynamic-symbol=lxw_rowcol_to_cell); libxlsxwriter calls its own
 * exported functions through the PLT, so its calls come here. The result is
 * the same string (tests/unit/test_xlsx_cells.c compares it with the
 * library's own function over every row and a span of columns), so the
 * workbooks' bytes do not change.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <xlsxwriter.h>

/* Replaces libxlsxwriter's function of the same name (utility.h) for the
 * whole process; same contract: cell_name (at least
 * LXW_MAX_CELL_NAME_LENGTH bytes) receives the A1 name of the zero-based
 * (row, col): column letters (A..XFD, bijective base 26) then row + 1 in
 * decimal, NUL-terminated. */
/* The row's digits of the last call: a row's cells are named one after
 * the other, so the row number is printed once per row, not per cell
 * (fsepack writes workbooks from one thread). */
static lxw_row_t last_row = (lxw_row_t)-1;
static char last_txt[LXW_MAX_ROW_NAME_LENGTH];
static int last_len = -1;

void lxw_rowcol_to_cell(char *cell_name, lxw_row_t row, lxw_col_t col)
{
    char tmp[16];
    int n = 0;
    uint32_t c = (uint32_t)col + 1;
    while (c) {                         /* letters, least significant first */
        uint32_t rem = c % 26;
        if (rem == 0) rem = 26;
        tmp[n++] = (char)('A' + rem - 1);
        c = (c - 1) / 26;
    }
    char *o = cell_name;
    while (n) *o++ = tmp[--n];
    if (row != last_row || last_len < 0) {
        uint32_t r = (uint32_t)row + 1;     /* "%d" of ++row: lxw_row_t is 32 bits */
        char num[16];
        int k = 0;
        bool neg = (int32_t)r < 0;          /* printed negative by "%d" (never a real row) */
        if (neg) r = 0u - r;
        do { tmp[n++] = (char)('0' + r % 10); r /= 10; } while (r);
        if (neg) num[k++] = '-';
        while (n) num[k++] = tmp[--n];
        if (k > (int)LXW_MAX_ROW_NAME_LENGTH - 1) k = (int)LXW_MAX_ROW_NAME_LENGTH - 1;   /* its snprintf size */
        memcpy(last_txt, num, (size_t)k);
        last_len = k;
        last_row = row;
    }
    memcpy(o, last_txt, (size_t)last_len);
    o[last_len] = 0;
}
