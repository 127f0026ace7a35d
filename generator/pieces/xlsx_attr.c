/* xlsx_attr.c — libxlsxwriter's XML attribute constructors
 * (lxw_new_attribute_int, lxw_new_attribute_str), without snprintf and
 * without strncpy's padding.
 *
 * Why (issue 8, callgrind on the 100 000-row bench): libxlsxwriter 1.1.4
 * builds a malloc'd attribute for every row it writes (r="12", spans,
 * style) and every tag of its parts; each copies its key and value with
 * strncpy into 2 080-byte arrays, which zero-fills both to the end (4 KB
 * written per attribute), and prints a number with snprintf("%d"): ~700
 * instructions per number, 0.4 % of the job at 100 000 rows, more at 1 M
 * where a bilan writes a million rows of evidence.
 *
 * How: as xlsx_cellref.c, the executable defines both functions and exports
 * them (Makefile); libxlsxwriter calls them through the PLT. The texts they
 * hold are the same (truncated to LXW_MAX_ATTRIBUTE_LENGTH - 1 bytes,
 * NUL-terminated; a number as "%d" prints its 32 bits); only the bytes after
 * each NUL, which the library never reads (it prints them with "%s"), are
 * left unset. Checked by tests/unit/test_xlsx_interpose.c against the
 * library's own functions, and by the packs' unchanged bytes.
 */
#include "common/util.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <xlsxwriter.h>

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
    struct xml_attribute *a = fse_xmalloc(sizeof *a);
    copy_text(a->key, key);
    copy_text(a->value, value);
    return a;
}

/* The same for a number: value printed as "%d" prints it (its 32 bits as a
 * signed int). */
struct xml_attribute *lxw_new_attribute_int(const char *key, uint32_t value)
{
    struct xml_attribute *a = fse_xmalloc(sizeof *a);
    copy_text(a->key, key);
    char tmp[12];
    int n = 0;
    bool neg = (int32_t)value < 0;
    uint32_t v = neg ? 0u - value : value;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    char *o = a->value;
    if (neg) *o++ = '-';
    while (n) *o++ = tmp[--n];
    *o = 0;
    return a;
}
