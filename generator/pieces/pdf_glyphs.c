/* pdf_glyphs.c — a memo in front of libharu's HPDF_TTFontDef_GetGlyphid
 * (code point -> glyph id of a TrueType font's cmap).
 *
 * Why (issue 8, measured with callgrind on the 10 000-row bench): when
 * HPDF_GetFont(pdf, font, "UTF-8") makes the Type0 font, libharu 2.3.0
 * builds its CIDToGIDMap by asking the glyph of each of the 65 536 BMP code
 * points, and finds each by a linear scan of the cmap segments: 42 M
 * instructions per font, two fonts per PDF, 35 % of all the instructions of
 * fse_pdf_write (≈ 20 ms per PDF, 24 PDFs per job). Every character drawn or
 * measured is looked up again the same way.
 *
 * How: the executable defines the function and exports it (the Makefile
 * links build/fsepack with --export-dynamic-symbol), so libhpdf's own calls,
 * which go through its PLT, come here. The answer is always the real
 * function's (found with dlsym RTLD_NEXT), kept in a table per cmap: the
 * function reads nothing but the cmap and the code point, so the table is
 * keyed by a copy of the cmap's arrays, and the next PDF of the run, whose
 * font definitions are new objects of the same font files, asks libharu
 * nothing. Same answers, hence the same bytes. A binary that does not export
 * the symbol (the unit tests) simply keeps calling libharu's.
 *
 * Lifetime: the tables live until the process ends (two fonts: 2 x 256 KiB).
 * The fontdef -> table shortcut holds pointers of one document only: it is
 * forgotten by pdf_glyphs_forget() when a document is made or freed, so a
 * font definition allocated where a freed one was is never mistaken for it.
 */
#define _GNU_SOURCE
#include "pieces/pdf_internal.h"
#include "common/library_fn.h"

#include <hpdf_fontdef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef HPDF_UINT16 (*glyphid_fn)(HPDF_FontDef, HPDF_UINT16);

#define UNKNOWN 0xFFFFFFFFu

typedef struct memo {
    unsigned char *key;      /* the cmap's format, counts and arrays, copied */
    size_t keylen;
    uint32_t gid[65536];     /* glyph id, or UNKNOWN until asked */
    struct memo *next;
} memo;

static memo *memos;                 /* every cmap seen in this process */
static struct { HPDF_FontDef def; memo *m; } recent[8];   /* this document's */
static size_t nrecent;
static glyphid_fn real_fn;

void pdf_glyphs_forget(void)
{
    nrecent = 0;
}

static void put(unsigned char **p, const void *src, size_t n)
{
    if (n) memcpy(*p, src, n);
    *p += n;
}

/* The table of attr's cmap (format 4), found by content or made. */
static memo *memo_of(const HPDF_TTFontDefAttr_Rec *attr)
{
    const HPDF_TTF_CmapRange *cm = &attr->cmap;
    size_t seg = cm->seg_count_x2 / 2u, ng = cm->glyph_id_array_count;
    size_t len = 2 * sizeof(HPDF_UINT16) + sizeof(HPDF_UINT) + 4 * seg * sizeof(HPDF_UINT16) +
                 ng * sizeof(HPDF_UINT16);
    unsigned char *key = fse_xmalloc(len), *p = key;
    put(&p, &cm->format, sizeof cm->format);
    put(&p, &cm->seg_count_x2, sizeof cm->seg_count_x2);
    put(&p, &cm->glyph_id_array_count, sizeof cm->glyph_id_array_count);
    put(&p, cm->end_count, seg * sizeof(HPDF_UINT16));
    put(&p, cm->start_count, seg * sizeof(HPDF_UINT16));
    put(&p, cm->id_delta, seg * sizeof(HPDF_INT16));
    put(&p, cm->id_range_offset, seg * sizeof(HPDF_UINT16));
    put(&p, cm->glyph_id_array, ng * sizeof(HPDF_UINT16));
    for (memo *m = memos; m; m = m->next)
        if (m->keylen == len && !memcmp(m->key, key, len)) {
            free(key);
            return m;
        }
    memo *m = fse_xmalloc(sizeof *m);
    m->key = key;
    m->keylen = len;
    memset(m->gid, 0xFF, sizeof m->gid);
    m->next = memos;
    memos = m;
    return m;
}

/* Replaces libharu's function of the same name (hpdf_fontdef.h) for the
 * whole process (see the top of this file); same contract: the glyph id of
 * unicode in fontdef's cmap, 0 when it has none. */
HPDF_UINT16 HPDF_TTFontDef_GetGlyphid(HPDF_FontDef fontdef, HPDF_UINT16 unicode)
{
    if (!real_fn) {
        real_fn = (glyphid_fn)fse_library_fn("HPDF_TTFontDef_GetGlyphid");
    }
    memo *m = NULL;
    for (size_t i = 0; i < nrecent; i++)
        if (recent[i].def == fontdef) { m = recent[i].m; break; }
    if (!m) {
        const HPDF_TTFontDefAttr_Rec *attr = fontdef ? fontdef->attr : NULL;
        /* only the well-formed format 4 tables are kept; anything else (and
         * its error report) is libharu's */
        if (!attr || attr->cmap.format != 4 || attr->cmap.seg_count_x2 == 0)
            return real_fn(fontdef, unicode);
        m = memo_of(attr);
        if (nrecent == sizeof recent / sizeof recent[0]) nrecent = 0;
        recent[nrecent].def = fontdef;
        recent[nrecent++].m = m;
    }
    uint32_t g = m->gid[unicode];
    if (g == UNKNOWN) m->gid[unicode] = g = real_fn(fontdef, unicode);
    return (HPDF_UINT16)g;
}
