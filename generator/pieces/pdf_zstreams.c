/* pdf_zstreams.c — the streams libharu still deflates when it saves a PDF
 * (the embedded TrueType fonts, their CIDToGIDMap, the page-header form)
 * compressed by libdeflate instead of zlib.
 *
 * Why (issue 8, callgrind on the 10 000-row job): every PDF embeds both
 * Liberation Sans fonts, and libharu deflates them with zlib at level 6 on
 * each save: 11 % of all the instructions of that job (≈ 10 ms a PDF, 24
 * PDFs a job whatever its size). libdeflate at the same level writes a
 * stream of about the same size in a third of the time.
 *
 * How: as pdf_glyphs.c does, the executable defines libharu's
 * HPDF_Stream_WriteToStreamWithDeflate and exports it (Makefile), so the
 * call libharu's HPDF_Stream_WriteToStream makes through its PLT comes
 * here. Same contract: the whole of src, from its start, written to dst as
 * one zlib stream (RFC 1950, what /FlateDecode reads); the decoded bytes are
 * the same, the compressed ones differ. An encrypted stream (never made by
 * fsepack) and any failure of ours go to libharu's own function.
 */
#define _GNU_SOURCE
#include "pieces/pdf_internal.h"
#include "common/library_fn.h"

#include <hpdf_streams.h>
#include <libdeflate.h>
#include <stdlib.h>

#define ZSTREAM_LEVEL 6   /* zlib's default, which libharu used */

typedef HPDF_STATUS (*deflate_fn)(HPDF_Stream, HPDF_Stream, HPDF_Encrypt);

/* libharu's own function (fse_library_fn), for what this one does not do. */
static HPDF_STATUS libharu(HPDF_Stream src, HPDF_Stream dst, HPDF_Encrypt e)
{
    static deflate_fn real;
    if (!real) {
        real = (deflate_fn)fse_library_fn("HPDF_Stream_WriteToStreamWithDeflate");
    }
    return real(src, dst, e);
}

/* Replaces libharu's function of the same name (hpdf_streams.h) for the
 * whole process (see the top of this file): src deflated into dst; HPDF_OK
 * or libharu's error code. */
HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst, HPDF_Encrypt e)
{
    if (e || src->type != HPDF_STREAM_MEMORY) return libharu(src, dst, e);
    HPDF_UINT32 n = src->size;
    size_t cap = libdeflate_zlib_compress_bound(NULL, n);
    unsigned char *in = malloc(n ? n : 1), *out = malloc(cap);
    struct libdeflate_compressor *z = libdeflate_alloc_compressor(ZSTREAM_LEVEL);
    HPDF_UINT got = n;
    size_t k = 0;
    if (in && out && z && HPDF_Stream_Seek(src, 0, HPDF_SEEK_SET) == HPDF_OK &&
        (!n || (HPDF_Stream_Read(src, in, &got) == HPDF_OK && got == n)))
        k = libdeflate_zlib_compress(z, in, n, out, cap);
    HPDF_STATUS st = k ? HPDF_Stream_Write(dst, out, (HPDF_UINT)k) : HPDF_OK;
    free(in);
    free(out);
    if (z) libdeflate_free_compressor(z);
    return k ? st : libharu(src, dst, e);
}
