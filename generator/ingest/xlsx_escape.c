/* xlsx_escape.c — the _xHHHH_ escapes of SpreadsheetML strings (ST_Xstring,
 * ECMA-376 Part 1 §22.9.2.19), decoded for shared strings and inline or
 * formula-result texts alike (xlsx_reader.c). One file so that the one
 * decoder serves both. Also the text shown for a formula without value.
 */
#include "ingest/xlsx_internal.h"
#include "common/util.h"

#include <stdbool.h>
#include <stddef.h>

static bool hex4(const char *s, unsigned long *u)
{
    *u = 0;
    for (int i = 0; i < 4; i++) {
        char ch = s[i];
        int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
              : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
        if (d < 0) return false;
        *u = *u * 16 + (unsigned long)d;
    }
    return true;
}

static bool escape_at(const char *s, size_t n, size_t i, unsigned long *u)
{
    return i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' && hex4(s + i + 2, u) && s[i + 6] == '_';
}

static void add_utf8(fse_sb *o, unsigned long u)
{
    char b[4];
    size_t n;
    if (u < 0x80) { b[0] = (char)u; n = 1; }
    else if (u < 0x800) { b[0] = (char)(0xC0 | u >> 6); b[1] = (char)(0x80 | (u & 0x3F)); n = 2; }
    else if (u < 0x10000) {
        b[0] = (char)(0xE0 | u >> 12); b[1] = (char)(0x80 | (u >> 6 & 0x3F));
        b[2] = (char)(0x80 | (u & 0x3F)); n = 3;
    } else {
        b[0] = (char)(0xF0 | u >> 18); b[1] = (char)(0x80 | (u >> 12 & 0x3F));
        b[2] = (char)(0x80 | (u >> 6 & 0x3F)); b[3] = (char)(0x80 | (u & 0x3F)); n = 4;
    }
    fse_sb_add(o, b, n);
}

/* See xlsx_internal.h. */
void fse_xlsx_add_unescaped(fse_sb *out, const char *s, size_t n)
{
    size_t i = 0, from = 0;
    unsigned long u, lo;
    while (i < n) {
        if (!escape_at(s, n, i, &u)) { i++; continue; }
        fse_sb_add(out, s + from, i - from);
        i += 7;
        if (u >= 0xD800 && u <= 0xDBFF && escape_at(s, n, i, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            i += 7;
        } else if ((u >= 0xD800 && u <= 0xDFFF) || u == 0) {
            u = 0xFFFD;
        }
        add_utf8(out, u);
        from = i;
    }
    fse_sb_add(out, s + from, n - from);
}

/* See xlsx_internal.h. */
char *fse_xlsx_unescaped(const fse_sb *b)
{
    fse_sb out = {0};
    fse_xlsx_add_unescaped(&out, b->s ? b->s : "", b->len);
    return fse_sb_take(&out);
}

char *fse_xlsx_formula_text(const char *f, size_t len)
{
    if (!len) return fse_xstrdup("formule sans valeur calculée");
    size_t n = len;
    bool cut = n > 60;
    if (cut) {
        n = 60;
        while (n && ((unsigned char)f[n] & 0xC0) == 0x80) n--;  /* not inside a UTF-8 sequence */
    }
    char *t = fse_xasprintf("=%.*s%s (formule sans valeur calculée)", (int)n, f, cut ? "…" : "");
    for (char *p = t; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = ' ';
    return t;
}
