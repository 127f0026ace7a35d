/* pdf_memops.c — libharu's HPDF_MemCpy and HPDF_MemSet done by libc.
 *
 * Why (issue 8): libharu 2.3.0 copies and clears memory one byte per loop
 * turn (hpdf_utils.c). It copies every byte of every stream several times
 * (drawing into memory streams, reading them back, the font files, the
 * saved document) and clears a 512-byte buffer before nearly every
 * operator it writes. Callgrind on the 10 000-row job: HPDF_MemCpy 6 % and
 * HPDF_MemSet 3 % of all instructions; perf at 1 M rows: 1 % of the CPU.
 *
 * How: as pdf_glyphs.c does for HPDF_TTFontDef_GetGlyphid, the executable
 * defines both functions and exports them (the Makefile links build/fsepack
 * with --export-dynamic-symbol), so libhpdf's own calls, which go through
 * its PLT, come here. Same contract and result as libharu's loops: the
 * bytes written and the returned pointer (one past the last byte). Copies
 * between overlapping areas, which memcpy does not allow, keep the
 * byte-by-byte loop and its result. A binary that does not export the
 * symbols (unit tests, the sanitized build) keeps libharu's.
 */
#include "pieces/pdf_internal.h"

#include <hpdf_utils.h>
#include <string.h>

/* Replaces libharu's function of the same name (hpdf_utils.h) for the
 * whole process: n bytes of in to out; returns out + n. */
HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
    if (out + n <= in || in + n <= out) {
        memcpy(out, in, n);
        return out + n;
    }
    while (n > 0) {   /* overlap: libharu's forward loop, to the byte */
        *out++ = *in++;
        n--;
    }
    return out;
}

/* Replaces libharu's function of the same name (hpdf_utils.h) for the
 * whole process: n bytes of s set to c; returns s + n. */
void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
    memset(s, c, n);
    return (HPDF_BYTE *)s + n;
}
