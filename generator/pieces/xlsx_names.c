/* xlsx_names.c — valid, unique XLSX sheet names for fse_xlsx_write
 * (Excel's rules: research/tech.md §2; split out of xlsx_writer.c). */
#include "pieces/xlsx_names.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* ------------------------------------------------------------ sheet names */

/* Case-folded copy for the case-insensitive comparison of sheet names:
 * ASCII, Latin-1 letters (U+00C0–U+00DE) and Œ. */
static char *fold(const char *s)
{
    char *o = fse_xstrdup(s);
    for (unsigned char *p = (unsigned char *)o; *p; p++) {
        if (*p >= 'A' && *p <= 'Z') *p = (unsigned char)(*p + 32);
        else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97) { p[1] += 0x20; p++; }
        else if (*p == 0xC5 && p[1] == 0x92) { p[1] = 0x93; p++; }
    }
    return o;
}

static bool name_taken(const fse_xlsx_names *x, const char *name)
{
    char *f = fold(name);
    bool taken = strcmp(f, "history") == 0;   /* reserved by Excel */
    for (size_t i = 0; i < x->n && !taken; i++) {
        char *g = fold(x->names[i]);
        taken = strcmp(f, g) == 0;
        free(g);
    }
    free(f);
    return taken;
}

/* First `max` characters of s. */
static char *first_chars(const char *s, size_t max)
{
    size_t k = 0, i = 0;
    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (k == max) break;
            k++;
        }
    return fse_xstrndup(s, i);
}

const char *fse_xlsx_out_sheet_name(fse_xlsx_names *x, const char *want, const char *fallback)
{
    fse_sb b = {0};
    for (const unsigned char *p = (const unsigned char *)(want ? want : ""); *p; p++) {
        if (strchr("[]:*?/\\", *p)) fse_sb_addc(&b, '_');
        else if (*p < 0x20 || *p == 0x7F) fse_sb_addc(&b, ' ');
        else fse_sb_addc(&b, (char)*p);
    }
    char *s = fse_sb_take(&b);
    char *start = s;
    while (*start == ' ' || *start == '\'') start++;
    size_t n = strlen(start);
    while (n && (start[n - 1] == ' ' || start[n - 1] == '\'')) start[--n] = 0;
    char *base = first_chars(*start ? start : fallback, LXW_SHEETNAME_MAX);
    free(s);
    n = strlen(base);
    while (n && (base[n - 1] == ' ' || base[n - 1] == '\'')) base[--n] = 0;
    char *name = fse_xstrdup(base);
    for (int k = 2; name_taken(x, name); k++) {
        char suf[16];
        snprintf(suf, sizeof suf, " (%d)", k);
        char *cut = first_chars(base, LXW_SHEETNAME_MAX - strlen(suf));
        free(name);
        name = fse_xasprintf("%s%s", cut, suf);
        free(cut);
    }
    free(base);
    FSE_PUSH(x->names, x->n, x->cap, name);
    return name;
}

void fse_xlsx_names_free(fse_xlsx_names *x)
{
    for (size_t i = 0; i < x->n; i++) free(x->names[i]);
    free(x->names);
    *x = (fse_xlsx_names){ 0 };
}
