/* charset.c — see charset.h.
 *
 * Windows-1252 is decoded with a hand-written table (research/tech.md §5:
 * no iconv state, no locale, trivially testable); UTF-16 is decoded by hand
 * too, so this file depends on nothing but libc.
 */
#include "ingest/charset.h"
#include "common/text.h"
#include "common/util.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Windows-1252 0x80..0x9F (https://www.unicode.org/Public/MAPPINGS/VENDORS/
 * MICSFT/WINDOWS/CP1252.TXT); 0 marks the five undefined bytes. 0xA0..0xFF
 * equal U+00A0..U+00FF (Latin-1). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 80 */
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,      /* 88 */
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 90 */
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178, /* 98 */
};

static const char *const enc_names[] = {
    "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1252"
};

const char *fse_encoding_name(fse_encoding e)
{
    if ((unsigned)e < sizeof enc_names / sizeof enc_names[0]) return enc_names[e];
    return "?";
}

int fse_encoding_parse(const char *name)
{
    /* Compare on a squeezed lower-case form: "UTF-8", "utf_8", "Utf 8" all
     * become "utf8". */
    static const struct { const char *key; fse_encoding e; } names[] = {
        { "utf8", FSE_ENC_UTF8 },
        { "utf8bom", FSE_ENC_UTF8_BOM }, { "utf8sig", FSE_ENC_UTF8_BOM },
        { "utf16le", FSE_ENC_UTF16LE }, { "utf16be", FSE_ENC_UTF16BE },
        { "windows1252", FSE_ENC_CP1252 }, { "cp1252", FSE_ENC_CP1252 },
        { "win1252", FSE_ENC_CP1252 }, { "mswindows1252", FSE_ENC_CP1252 },
        { "msansi", FSE_ENC_CP1252 }, { "ansi", FSE_ENC_CP1252 },
        /* WHATWG Encoding Standard: the labels latin1 / iso-8859-1 mean
         * windows-1252 (what such files really are). Latin-9 (ISO-8859-15)
         * differs on 8 printable bytes (0xA4 is € there) and is refused. */
        { "latin1", FSE_ENC_CP1252 }, { "iso88591", FSE_ENC_CP1252 },
    };
    if (!name) return -1;
    char k[32];
    size_t n = 0;
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (c == '-' || c == '_' || c == ' ' || c == '.') continue;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (n + 1 >= sizeof k) return -1;
        k[n++] = c;
    }
    k[n] = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(k, names[i].key) == 0) return (int)names[i].e;
    return -1;
}

/* A byte that starts or is plain text in a UTF-16 code unit whose other byte
 * is 0: TAB, LF, CR, printable ASCII, or Latin-1 0xA0..0xFF. */
static bool text_byte(unsigned char c)
{
    return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7F) || c >= 0xA0;
}

/* UTF-16 without BOM: in the first FSE_UTF16_SNIFF bytes (at least two code
 * units), at least 3/4 of the units are 00 + a text byte, the 00 always on
 * the same side. Such bytes are never a text file in UTF-8 or Windows-1252
 * (they would be full of NUL bytes). Returns the encoding or -1. */
static int utf16_shape(const unsigned char *u, size_t len)
{
    size_t n = (len < FSE_UTF16_SNIFF ? len : FSE_UTF16_SNIFF) & ~(size_t)1;
    size_t le = 0, be = 0;
    if (n < 4) return -1;
    for (size_t i = 0; i < n; i += 2) {
        le += u[i + 1] == 0 && text_byte(u[i]);
        be += u[i] == 0 && text_byte(u[i + 1]);
    }
    if (le * 4 >= n / 2 * 3) return FSE_ENC_UTF16LE;
    if (be * 4 >= n / 2 * 3) return FSE_ENC_UTF16BE;
    return -1;
}

int fse_detect_encoding(const char *buf, size_t len, size_t *bad_at)
{
    const unsigned char *u = (const unsigned char *)buf;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) return FSE_ENC_UTF8_BOM;
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) return FSE_ENC_UTF16LE;
    if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) return FSE_ENC_UTF16BE;
    int e16 = utf16_shape(u, len);
    if (e16 >= 0) return e16;
    /* Walk the valid stretches between invalid bytes: does any hold a
     * multi-byte sequence, and where is the first invalid byte? A stray byte
     * is skipped alone, so the following bytes are judged on their own. */
    size_t i = 0, bad, first_bad = SIZE_MAX;
    bool multi = false;
    while (i < len && !(multi && first_bad != SIZE_MAX)) {
        bool ok = fse_utf8_valid(buf + i, len - i, &bad);
        size_t end = ok ? len : i + bad;
        for (size_t k = i; k < end && !multi; k++) multi = u[k] >= 0x80;
        if (ok) break;
        if (first_bad == SIZE_MAX) first_bad = end;
        i = end + 1;
    }
    if (first_bad == SIZE_MAX) return FSE_ENC_UTF8;
    if (!multi) return FSE_ENC_CP1252;
    if (bad_at) *bad_at = first_bad;
    return -1;
}

/* Append code point cp (a valid scalar value) to b as UTF-8. */
static void put_utf8(fse_sb *b, uint32_t cp)
{
    char t[4];
    size_t n;
    if (cp < 0x80) { t[0] = (char)cp; n = 1; }
    else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        t[0] = (char)(0xF0 | (cp >> 18));
        t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    fse_sb_add(b, t, n);
}

static int from_cp1252(const unsigned char *u, size_t len, fse_sb *b, size_t *replaced)
{
    /* Pre-size: every byte gives at most 3 bytes of UTF-8. */
    fse_grow((void **)&b->s, &b->cap, len * 3 + 1, 1);
    b->s[b->len] = 0;
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        while (i < len && u[i] < 0x80) i++;     /* copy ASCII runs at once */
        if (i > run) fse_sb_add(b, (const char *)u + run, i - run);
        if (i >= len) break;
        unsigned char c = u[i++];
        uint32_t cp = c;
        if (c < 0xA0) {
            cp = cp1252_high[c - 0x80];
            if (!cp) { cp = 0xFFFD; (*replaced)++; }
        }
        put_utf8(b, cp);
    }
    return 0;
}

static int from_utf16(const unsigned char *u, size_t len, size_t base, int be,
                      fse_sb *b, size_t *bad_at)
{
    if (len % 2) { *bad_at = base + len - 1; return -1; }
    fse_grow((void **)&b->s, &b->cap, len / 2 * 3 + 1, 1);
    b->s[b->len] = 0;
    for (size_t i = 0; i < len; i += 2) {
        uint32_t w = be ? (uint32_t)(u[i] << 8 | u[i + 1]) : (uint32_t)(u[i + 1] << 8 | u[i]);
        if (w >= 0xD800 && w <= 0xDBFF) {                 /* high surrogate */
            if (i + 3 >= len) { *bad_at = base + i; return -1; }
            uint32_t w2 = be ? (uint32_t)(u[i + 2] << 8 | u[i + 3])
                             : (uint32_t)(u[i + 3] << 8 | u[i + 2]);
            if (w2 < 0xDC00 || w2 > 0xDFFF) { *bad_at = base + i; return -1; }
            w = 0x10000 + ((w - 0xD800) << 10) + (w2 - 0xDC00);
            i += 2;
        } else if (w >= 0xDC00 && w <= 0xDFFF) {          /* lone low surrogate */
            *bad_at = base + i;
            return -1;
        }
        put_utf8(b, w);
    }
    return 0;
}

int fse_to_utf8(const char *buf, size_t len, fse_encoding enc,
                char **out, size_t *outlen, size_t *bad_at, size_t *replaced)
{
    const unsigned char *u = (const unsigned char *)buf;
    size_t skip = 0, bad = 0, rep = 0;
    int rc = 0;
    fse_sb b = {0};
    switch (enc) {
    case FSE_ENC_UTF8:
    case FSE_ENC_UTF8_BOM:
        if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) skip = 3;
        if (!fse_utf8_valid(buf + skip, len - skip, &bad)) { bad += skip; rc = -1; break; }
        fse_sb_add(&b, buf + skip, len - skip);
        break;
    case FSE_ENC_UTF16LE:
        if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) skip = 2;
        rc = from_utf16(u + skip, len - skip, skip, 0, &b, &bad);
        break;
    case FSE_ENC_UTF16BE:
        if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) skip = 2;
        rc = from_utf16(u + skip, len - skip, skip, 1, &b, &bad);
        break;
    case FSE_ENC_CP1252:
        rc = from_cp1252(u, len, &b, &rep);
        break;
    default:
        rc = -1;
        break;
    }
    if (replaced) *replaced = rep;
    if (rc) {
        fse_sb_free(&b);
        if (bad_at) *bad_at = bad;
        *out = NULL;
        if (outlen) *outlen = 0;
        return -1;
    }
    if (outlen) *outlen = b.len;
    *out = fse_sb_take(&b);
    return 0;
}
