/* pdf_tounicode.c — a correct ToUnicode CMap for libharu's UTF-8 fonts.
 *
 * Why: libharu 2.3.0 gives each Type0 font it makes for the "UTF-8"
 * encoder (HPDF_GetFont(pdf, ttf, "UTF-8")) a /ToUnicode stream that is a
 * copy of its *encoding* CMap: "1 begincidrange <0000> <FFFF> 0
 * endcidrange" plus a notdefrange. A ToUnicode CMap may only use
 * beginbfchar / beginbfrange (PDF 32000-1 §9.10.3), so poppler prints
 * "Syntax Warning: Invalid 'begincidrange' operator in ToUnicode CMap"
 * for every font of every PDF (pdftotext, pdffonts: the tools auditors run
 * on a pack), and a strict reader may drop the map and lose the text.
 *
 * What the map must say: the font's /Encoding is Identity-H (code = CID)
 * and libharu's UTF-8 encoder writes each character as its 2-byte UCS-2
 * code point (checked on a bordereau: "Opération" is drawn as
 * <004f007000e90072...> Tj), the CIDToGIDMap sending CID u to the glyph of
 * U+u. So code = CID = Unicode: the map is the identity on the BMP.
 *
 * How (libharu's object API, hpdf_objects.h / hpdf_font.h, as
 * pdf_deflate.c): right after HPDF_GetFont made the font, the bytes of the
 * stream under its /ToUnicode key are replaced by a CMap of 248 bfranges
 * "<XX00> <XXFF> <XX00>" (a range's first and last codes differ only in
 * the last byte, §9.10.3; at most 100 per block, Adobe TN 5411), every
 * row of the BMP but the surrogates D800-DFFF (not characters; pdf_sanitize
 * never lets them reach libharu) and the C0 controls (made spaces by
 * pdf_sanitize). The entries of libharu's encoding CMap on the stream's
 * dictionary (/Type /CMap /CMapName /UTF-8 ...) are removed: a ToUnicode
 * stream needs none (§9.10.3) and they would contradict the new content.
 * Safe: libharu never reads the stream again, only writes it; the fonts,
 * widths, glyphs and content streams are untouched, so the pages are the
 * same. A font without such a stream is left as it is.
 * Cost (issue 8, callgrind on the 10 000-row bench, 23 PDFs): letting
 * libharu deflate the 5.6 kB text at each save cost 2.6 M instructions per
 * PDF (zlib level 6, twice). So the text is made and deflated once per
 * process (libdeflate, 1.5 kB) and each font's stream gets those bytes,
 * with pdf_deflate.c's device: a before-write hook of the stream's
 * dictionary sets its filter to none, so libharu copies the bytes as they
 * are (the font's own before-write hook, run when the font is written,
 * sets it to Flate, which would deflate them twice), and an on-write hook
 * adds "/Filter /FlateDecode".
 */
#include "pieces/pdf_internal.h"

#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <stdio.h>
#include <string.h>

#define CMAP_CAP 8192

/* The CMap text and its zlib form (cmap_zlen = 0: not made yet, or the
 * compression failed), made on first use; the process is single-threaded. */
static char cmap_text[CMAP_CAP];
static size_t cmap_len;
static unsigned char cmap_z[CMAP_CAP];
static size_t cmap_zlen;

static void cmap_add(const char *s)
{
    size_t n = strlen(s);
    if (cmap_len + n < CMAP_CAP) {   /* always: 5.9 kB of 8 kB */
        memcpy(cmap_text + cmap_len, s, n);
        cmap_len += n;
    }
}

static void cmap_make(void)
{
    unsigned rows[256];
    size_t nrows = 0;
    for (unsigned hi = 0; hi < 256; hi++)
        if (hi < 0xD8 || hi > 0xDF) rows[nrows++] = hi;
    cmap_len = 0;
    cmap_add("/CIDInit /ProcSet findresource begin\n"
             "12 dict begin\n"
             "begincmap\n"
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
             "/CMapName /Adobe-Identity-UCS def\n"
             "/CMapType 2 def\n"
             "1 begincodespacerange\n"
             "<0000> <FFFF>\n"
             "endcodespacerange\n");
    char line[64];
    for (size_t i = 0; i < nrows; i++) {
        if (i % 100 == 0) {
            size_t n = nrows - i < 100 ? nrows - i : 100;
            snprintf(line, sizeof line, "%zu beginbfrange\n", n);
            cmap_add(line);
        }
        unsigned lo = rows[i] == 0 ? 0x20 : 0x00;   /* row 00: from the space */
        snprintf(line, sizeof line, "<%02X%02X> <%02XFF> <%02X%02X>\n", rows[i], lo, rows[i], rows[i], lo);
        cmap_add(line);
        if (i % 100 == 99 || i + 1 == nrows) cmap_add("endbfrange\n");
    }
    cmap_add("endcmap\n"
             "CMapName currentdict /CMap defineresource pop\n"
             "end\n"
             "end\n");
}

/* Deflates the text into cmap_z (level 12: made once, the smallest). */
static void cmap_deflate(void)
{
    struct libdeflate_compressor *z = libdeflate_alloc_compressor(12);
    if (!z) return;   /* no memory: libharu deflates the text at each save */
    cmap_zlen = libdeflate_zlib_compress(z, cmap_text, cmap_len, cmap_z, sizeof cmap_z);
    libdeflate_free_compressor(z);
}

/* Before-write hook of the stream: its bytes are already deflated. */
static HPDF_STATUS raw_bytes(HPDF_Dict dict)
{
    dict->filter = HPDF_STREAM_FILTER_NONE;
    return HPDF_OK;
}

HPDF_STATUS pdf_tounicode_fix(HPDF_Font font)
{
    HPDF_Dict map = font ? HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT) : NULL;
    if (!map || !map->stream || map->stream->type != HPDF_STREAM_MEMORY ||
        map->before_write_fn || map->write_fn)
        return HPDF_OK;
    if (!cmap_len) {
        cmap_make();
        cmap_deflate();
    }
    /* (no error state is set for a key that is absent) */
    static const char *const stale[] = { "Type", "CMapName", "CIDSystemInfo", "WMode" };
    for (size_t i = 0; i < sizeof stale / sizeof *stale; i++)
        HPDF_Dict_RemoveElement(map, stale[i]);
    HPDF_MemStream_FreeData(map->stream);
    if (!cmap_zlen)
        return HPDF_Stream_Write(map->stream, (const HPDF_BYTE *)cmap_text, (HPDF_UINT)cmap_len);
    map->before_write_fn = raw_bytes;
    map->write_fn = pdf_flate_entry;
    return HPDF_Stream_Write(map->stream, cmap_z, (HPDF_UINT)cmap_zlen);
}
