/* xlsx_lxw_util.c — small libxlsxwriter utilities replaced by faster ones
 * that give the same results: the A1 name of a cell (lxw_rowcol_to_cell),
 * the character count of a text (lxw_utf8_strlen) and the XML attribute
 * constructors (lxw_new_attribute_str, lxw_new_attribute_int).
 *
 * Why (issue 8, callgrind on the 100 000-row bench): libxlsxwriter 1.1.4
 * calls them for every cell or row it writes, and a bilan of 1 M hour rows
 * writes some 10 M cells of evidence:
 * - lxw_rowcol_to_cell names each cell (r="B12", _write_cell) with
 *   snprintf("%d") for the row: ~700 instructions a cell, 2.8 % of the job;
 * - lxw_new_attribute_* copy key and value with strncpy into 2 080-byte
 *   arrays, zero-filling both (4 KB written per attribute), and print a
 *   number with snprintf: 0.4 %;
 * - lxw_utf8_strlen counts a string cell's characters byte by byte: 0.35 %.
 *
 * How: as pdf_glyphs.c does for libharu, the executable defines these
 * functions and exports them (EXPORTS in the Makefile); libxlsxwriter calls
 * its own exported functions through the PLT, so its calls come here. The
 * results are the library's (tests/unit/test_xlsx_interpose.c compares them
 * with its own functions, found with dlsym(RTLD_NEXT)); an attribute's
 * bytes after its NUL, which the library never reads (it prints them with
 * "%s"), are left unset. The workbooks' bytes do not change.
 *
 * Version guard: the attribute constructors here and the shared string
 * table of xlsx_sst.c fill libxlsxwriter's own structures, whose layout and
 * use were checked for 1.1.4 only. libxlsxwriter.so.4 keeps its soname
 * across releases, so a newer library could run under this binary: when
 * lxw_version_id() is not the 114 compiled in, those replacements hand
 * every call to the library's own function (fse_lxw_internals_known).
 */
#include "common/util.h"
#include "common/library_fn.h"
#include "pieces/xlsx_interpose.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* ------------------------------------------------------------ cell names */

/* The row's digits of the last call: a row's cells are named one after
 * the other, so the row number is printed once per row, not per cell
 * (fsepack writes workbooks from one thread). */
static lxw_row_t last_row = (lxw_row_t)-1;
static char last_txt[LXW_MAX_ROW_NAME_LENGTH];
static int last_len = -1;

/* Writes v as printf's "%d" writes (int32_t)v into o (at least 12 bytes),
 * without a NUL; returns the length. */
static int put_d32(char *o, uint32_t v)
{
    char tmp[12];
    int n = 0, k = 0;
    bool neg = (int32_t)v < 0;
    if (neg) v = 0u - v;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    if (neg) o[k++] = '-';
    while (n) o[k++] = tmp[--n];
    return k;
}

/* Replaces libxlsxwriter's function of the same name (utility.h) for the
 * whole process; same contract: cell_name (at least
 * LXW_MAX_CELL_NAME_LENGTH bytes) receives the A1 name of the zero-based
 * (row, col): column letters (A..XFD, bijective base 26) then row + 1 as
 * "%d" prints it, within the library's LXW_MAX_ROW_NAME_LENGTH, NUL-ended. */
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
        char num[16];   /* "%d" of ++row: lxw_row_t is 32 bits, negative past 2^31 (never a real row) */
        int k = put_d32(num, (uint32_t)row + 1);
        if (k > (int)LXW_MAX_ROW_NAME_LENGTH - 1) k = (int)LXW_MAX_ROW_NAME_LENGTH - 1;   /* its snprintf size */
        memcpy(last_txt, num, (size_t)k);
        last_len = k;
        last_row = row;
    }
    memcpy(o, last_txt, (size_t)last_len);
    o[last_len] = 0;
}

/* ------------------------------------------------------------ text length */

/* Replaces libxlsxwriter's function of the same name (utility.h); same
 * result: the bytes of str that do not continue a UTF-8 sequence (not
 * 10xxxxxx), up to the NUL. Counted eight bytes at a time after strlen. */
size_t lxw_utf8_strlen(const char *str)
{
    size_t n = strlen(str), cont = 0, i = 0;
    const uint64_t hi = 0x8080808080808080ULL;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, str + i, 8);
        /* bit 7 set and bit 6 (moved to bit 7 by the shift) clear */
        cont += (size_t)__builtin_popcountll(w & hi & ~(w << 1));
    }
    for (; i < n; i++) cont += ((unsigned char)str[i] & 0xC0) == 0x80;
    return n - cont;
}

/* ------------------------------------------------------------ attributes */

bool fse_lxw_internals_known(void)
{
    static int known = -1;
    if (known < 0) known = LXW_VERSION_ID == 114 && lxw_version_id() == LXW_VERSION_ID;
    return known;
}

/* s (at most LXW_MAX_ATTRIBUTE_LENGTH - 1 bytes of it) into dst, NUL-terminated. */
static void copy_text(char *dst, const char *s)
{
    size_t n = strnlen(s, LXW_MAX_ATTRIBUTE_LENGTH - 1);
    memcpy(dst, s, n);
    dst[n] = 0;
}

/* Replaces libxlsxwriter's function of the same name (xmlwriter.h) for the
 * whole process; same contract: a malloc'd attribute key="value" (freed by
 * the library), both copied and truncated to LXW_MAX_ATTRIBUTE_LENGTH - 1
 * bytes. Exits on out of memory (util.h) where the library would crash. */
struct xml_attribute *lxw_new_attribute_str(const char *key, const char *value)
{
    if (!fse_lxw_internals_known()) {
        static struct xml_attribute *(*real)(const char *, const char *);
        if (!real) real = (struct xml_attribute * (*)(const char *, const char *))fse_library_fn("lxw_new_attribute_str");
        return real(key, value);
    }
    struct xml_attribute *a = fse_xmalloc(sizeof *a);
    copy_text(a->key, key);
    copy_text(a->value, value);
    return a;
}

/* The same for a number: value printed as "%d" prints it (its 32 bits as a
 * signed int). */
struct xml_attribute *lxw_new_attribute_int(const char *key, uint32_t value)
{
    if (!fse_lxw_internals_known()) {
        static struct xml_attribute *(*real)(const char *, uint32_t);
        if (!real) real = (struct xml_attribute * (*)(const char *, uint32_t))fse_library_fn("lxw_new_attribute_int");
        return real(key, value);
    }
    struct xml_attribute *a = fse_xmalloc(sizeof *a);
    copy_text(a->key, key);
    a->value[put_d32(a->value, value)] = 0;
    return a;
}
