/* text.c — see text.h.
 *
 * Everything here works on bytes and code points only: no locale, no wchar_t,
 * no iconv. The folding table covers what French exports contain (Latin-1
 * supplement and Latin Extended-A); any other code point is dropped by
 * fse_norm_key, which is what "punctuation-insensitive" asks for.
 */
#include "common/text.h"
#include "common/util.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Decode one strict UTF-8 sequence at s[0..len). Returns its length (1..4)
 * and stores the code point in *cp, or returns 0 when the sequence is
 * ill-formed: stray continuation byte, C0/C1/F5..FF, truncated sequence,
 * overlong form, surrogate (U+D800..U+DFFF) or above U+10FFFF. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    size_t n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    for (size_t i = 1; i < n; i++) {
        if (i >= len || (s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) return 0;
    *cp = v;
    return n;
}

/* The offset reported is that of the first byte of the ill-formed sequence
 * (the lead byte for a truncated or overlong sequence), so that a message
 * can name the byte: "caf\xE9 x" is bad at offset 3. */
bool fse_utf8_valid(const char *s, size_t len, size_t *bad_at)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
#ifdef __SSE2__
        /* ASCII sixteen bytes at a time: the high bits of 16 bytes in one
         * movemask, the first non-ASCII byte by its lowest set bit (issue 8:
         * the bench's exports have a non-ASCII byte every ~45 bytes, the
         * accents of French words: over the 175 MB hours export at 1 M rows
         * this pass went from 45 to 23.5 ms, best of 7). SSE2 is part of
         * x86-64: always there. The bytes skipped are exactly those the
         * byte loop below would skip (test_text.c compares with a plain
         * byte-by-byte validator). */
        while (i + 16 <= len) {
            unsigned m = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(u + i)));
            if (m) { i += (size_t)__builtin_ctz(m); break; }
            i += 16;
        }
#endif
        /* ASCII eight bytes at a time (issue 8: a 170 MB export is mostly
         * ASCII; this pass took as long as a tenth of libcsv's parse) */
        uint64_t w;
        while (i + 8 <= len && (memcpy(&w, u + i, 8), !(w & 0x8080808080808080ULL))) i += 8;
        if (i >= len) break;
        if (u[i] < 0x80) { i++; continue; }    /* fast path for ASCII */
        /* a two-byte sequence (U+0080..U+07FF: é, à, ç… of French text)
         * without utf8_decode's call: lead C2..DF, one continuation byte */
        if (u[i] >= 0xC2 && u[i] <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) { i += 2; continue; }
        uint32_t cp;
        size_t n = utf8_decode(u + i, len - i, &cp);
        if (!n) {
            if (bad_at) *bad_at = i;
            return false;
        }
        i += n;
    }
    return true;
}

/* Folding of U+00C0..U+00FF: lower-case ASCII without accent, "" = dropped
 * (× and ÷). */
static const char *const fold_latin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  /* C0 */
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",  /* D0 */
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  /* E0 */
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",   /* F0 */
};

/* Folding of U+0100..U+017F (Latin Extended-A), upper/lower pairs mostly. */
static const char *const fold_ext_a[128] = {
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",    /* 100 */
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",    /* 110 */
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",    /* 120 */
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",  /* 130 */
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",    /* 140 */
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",  /* 150 */
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",    /* 160 */
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",    /* 170 */
};

/* Speed (issue 8): the key is written straight into one buffer of the
 * input's length (no fold is longer than the two-byte sequence it
 * replaces), not appended character by character to an fse_sb (a call
 * and a capacity check per byte: ~1 % of a 1 M-row job). */
char *fse_norm_key(const char *s)
{
    if (!s) return fse_xstrdup("");
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s);
    char *out = fse_xmalloc(len + 1), *o = out;
    size_t i = 0;
    while (i < len) {
        unsigned char c = u[i];
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z') *o++ = (char)(c - 'A' + 'a');
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) *o++ = (char)c;
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = utf8_decode(u + i, len - i, &cp);
        if (!n) { i++; continue; }              /* invalid byte: dropped */
        const char *f = NULL;
        if (cp >= 0xC0 && cp <= 0xFF) f = fold_latin1[cp - 0xC0];
        else if (cp >= 0x100 && cp <= 0x17F) f = fold_ext_a[cp - 0x100];
        while (f && *f) *o++ = *f++;            /* at most 2 bytes, for n = 2 */
        /* everything else (NBSP, °, º, ’, –, «», combining accents of
         * decomposed text, other scripts) is dropped */
        i += n;
    }
    *o = 0;
    return out;
}

size_t fse_utf8_len(const char *s)
{
    size_t n = 0;
    if (!s) return 0;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        if ((*u & 0xC0) != 0x80) n++;
    return n;
}

char *fse_utf8_bmp_only(const char *s)
{
    fse_sb b = {0};
    if (!s) return fse_sb_take(&b);
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), i = 0, run = 0;
    while (i < len) {
        if (u[i] >= 0xF0) {
            fse_sb_add(&b, s + run, i - run);
            fse_sb_add(&b, "\xEF\xBF\xBD", 3);
            i++;
            while (i < len && (u[i] & 0xC0) == 0x80) i++;
            run = i;
        } else {
            i++;
        }
    }
    fse_sb_add(&b, s + run, len - run);
    return fse_sb_take(&b);
}

size_t fse_text_neutralise(char *s, size_t *first_col, size_t *astral)
{
    if (!s) return 0;
    unsigned char *r = (unsigned char *)s, *w = r;
    size_t n = 0, col = 0;
    while (*r) {
        if ((*r & 0xC0) != 0x80) col++;
        bool c0 = (*r < 0x20 && *r != '\n' && *r != '\r' && *r != '\t') || *r == 0x7F;
        bool c1 = r[0] == 0xC2 && r[1] >= 0x80 && r[1] <= 0x9F;
        if (c0 || c1) {
            if (!n++ && first_col) *first_col = col;
            *w++ = ' ';
            r += c1 ? 2 : 1;
            continue;
        }
        if (*r == '\t') { *w++ = ' '; r++; continue; }
        if (*r >= 0xF0 && astral) (*astral)++;
        *w++ = *r++;
    }
    *w = 0;
    return n;
}

/* Length of the blank at s[0..n) (0 when none): ASCII blank, NBSP, U+202F. */
static size_t blank_at(const unsigned char *s, size_t n)
{
    if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n')) return 1;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) return 2;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xAF) return 3;
    return 0;
}

/* Length of the blank that ends at s[n) (0 when none). */
static size_t blank_before(const unsigned char *s, size_t n)
{
    if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        return 1;
    if (n >= 2 && s[n - 2] == 0xC2 && s[n - 1] == 0xA0) return 2;
    if (n >= 3 && s[n - 3] == 0xE2 && s[n - 2] == 0x80 && s[n - 1] == 0xAF) return 3;
    return 0;
}

const char *fse_trim_span(const char *s, size_t *len)
{
    return fse_trim_span_n(s, strlen(s), len);
}

const char *fse_trim_span_n(const char *s, size_t n, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t start = 0, k;
    while ((k = blank_at(u + start, n - start)) > 0) start += k;
    while (n > start && (k = blank_before(u, n)) > 0) n -= k;
    *len = n - start;
    return s + start;
}

char *fse_trim(char *s)
{
    if (!s) return s;
    size_t len;
    const char *t = fse_trim_span(s, &len);
    memmove(s, t, len);
    s[len] = 0;
    return s;
}

/* Written into one buffer of the input's length, as fse_norm_key. */
char *fse_id_key(const char *s)
{
    if (!s) s = "";
    char *out = fse_xmalloc(strlen(s) + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\t') continue;
        if (p[0] == 0xC2 && p[1] == 0xA0) { p++; continue; }
        if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF) { p += 2; continue; }
        *o++ = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    }
    *o = 0;
    return out;
}

const char *fse_pluriel(size_t n)
{
    return n > 1 ? "s" : "";
}

char *fse_decimal_fr(double v, char *buf, size_t len)
{
    snprintf(buf, len, "%.2f", v);
    for (char *q = buf; *q; q++) if (*q == '.') *q = ',';
    return buf;
}
