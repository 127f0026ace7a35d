/* pdf_deflate.c — the content streams of the pages compressed with
 * libdeflate instead of by libharu's zlib call.
 *
 * Why (issue 8, measured on the 278 content streams of an émargement PDF at
 * 100 000 rows, 5 MB): libharu 2.3.0 deflates each stream at save time with
 * zlib at a fixed level 6 (67 ms, 904 kB); libdeflate at level 5 gives the
 * same size (903 kB) in 31 ms (level 4 now: see DEFLATE_LEVEL). At 1 M
 * rows the pages' streams are about 330 MB, so zlib took ≈ 5 s of the job.
 *
 * How (libharu's object API, hpdf_objects.h / hpdf_pages.h / hpdf_streams.h,
 * as pdf_writer.c's header form): once every page is complete (footers
 * drawn), each page's content stream is read back, compressed, and put back
 * in its place; its dictionary's filter is set to none, so libharu copies
 * the bytes as they are, and an on-write hook of the dictionary adds
 * "/Filter /FlateDecode", the entry libharu would have written. The stream
 * decodes to the very bytes libharu would have compressed: same pages.
 * A page whose dictionary already has a hook, or no Flate filter, is left
 * to libharu.
 */
#include "pieces/pdf_internal.h"

#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <stdlib.h>

/* Level 4 (issue 8, measured on the page streams of the 1 M-row pièces,
 * 18-45 MB decoded each): level 5 had zlib 6's size; level 4 takes 20-25 %
 * less time (mises-en-relation 377 -> 293 ms, émargements 256 -> 197 ms)
 * for 1.3-2.7 % more bytes; level 3 would be 4-7 % bigger, level 1 30 %. */
#define DEFLATE_LEVEL 4

/* On-write hook of a stream whose bytes are already deflated: the filter
 * entry (PDF 32000 §7.3.8.2) that libharu would have written itself. Shared
 * with pdf_tounicode.c. */
HPDF_STATUS pdf_flate_entry(HPDF_Dict dict, HPDF_Stream out)
{
    (void)dict;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

void pdf_deflate_pages(pdf_ctx *c)
{
    if (!c->zc) c->zc = libdeflate_alloc_compressor(DEFLATE_LEVEL);
    if (!c->zc) return;   /* no memory: libharu compresses as before */
    for (size_t i = 0; i < c->npages; i++) {
        HPDF_PageAttr attr = (HPDF_PageAttr)c->pages[i]->attr;
        HPDF_Dict dict = attr->contents;
        HPDF_Stream s = dict ? dict->stream : NULL;
        if (!s || s->type != HPDF_STREAM_MEMORY || dict->write_fn ||
            dict->filter != HPDF_STREAM_FILTER_FLATE_DECODE)
            continue;
        HPDF_UINT32 n = s->size;
        if (c->zin_cap < n) {
            c->zin = fse_xrealloc(c->zin, n);
            c->zin_cap = n;
        }
        size_t bound = libdeflate_zlib_compress_bound(c->zc, n);
        if (c->zout_cap < bound) {
            c->zout = fse_xrealloc(c->zout, bound);
            c->zout_cap = bound;
        }
        HPDF_UINT got = n;
        if (HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) != HPDF_OK) continue;
        if (n && (HPDF_Stream_Read(s, c->zin, &got) != HPDF_OK || got != n)) continue;
        size_t z = libdeflate_zlib_compress(c->zc, c->zin, n, c->zout, bound);
        if (!z) continue;
        HPDF_MemStream_FreeData(s);
        if (HPDF_Stream_Write(s, c->zout, (HPDF_UINT)z) != HPDF_OK) {
            c->err = HPDF_GetError(c->pdf);   /* the page is gone: never save a half-written one */
            longjmp(c->jb, 1);
        }
        dict->filter = HPDF_STREAM_FILTER_NONE;
        dict->write_fn = pdf_flate_entry;
    }
}

void pdf_deflate_free(pdf_ctx *c)
{
    if (c->zc) libdeflate_free_compressor(c->zc);
    c->zc = NULL;
    free(c->zin);
    free(c->zout);
    c->zin = c->zout = NULL;
    c->zin_cap = c->zout_cap = 0;
}
