/* xlsx_inflate.c — ISA-L inflater of one deflate zip entry, the fast path of
 * fse_xlsx_parse_part for worksheets (see xlsx_internal.h; issue 8).
 *
 * libzip inflates with zlib; ISA-L's isal_inflate decodes the same raw
 * deflate stream (RFC 1951) about twice as fast, and crc32_gzip_refl is the
 * zip CRC-32 (ISO/IEC 21320-1 / APPNOTE.TXT §4.4.7). libzip hands the
 * compressed bytes (zip_fopen_index with ZIP_FL_COMPRESSED: no inflate, no
 * CRC check), this file inflates them and checks the end itself.
 */
#include "ingest/xlsx_internal.h"
#include "common/util.h"

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <stdint.h>
#include <stdlib.h>

#define IN_CHUNK 65536   /* compressed bytes read from libzip at a time */

struct fse_xlsx_inflate {
    zip_file_t *f;              /* the entry's compressed bytes */
    zip_uint64_t size, out;     /* uncompressed size in the directory; bytes given so far */
    uint32_t want_crc, crc;     /* CRC-32 in the directory; of the bytes given so far */
    bool in_end, failed, done;
    struct inflate_state st;    /* ~100 KiB: the reader is on the heap */
    uint8_t in[IN_CHUNK];
};

bool fse_xlsx_inflate_usable(const zip_stat_t *st)
{
    const zip_uint64_t need = ZIP_STAT_SIZE | ZIP_STAT_CRC | ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
    return (st->valid & need) == need && st->comp_method == ZIP_CM_DEFLATE
           && st->encryption_method == ZIP_EM_NONE;
}

fse_xlsx_inflate *fse_xlsx_inflate_open(zip_t *z, zip_uint64_t idx, const zip_stat_t *st)
{
    if (!fse_xlsx_inflate_usable(st)) return NULL;
    zip_file_t *f = zip_fopen_index(z, idx, ZIP_FL_COMPRESSED);
    if (!f) return NULL;
    fse_xlsx_inflate *s = fse_xmalloc(sizeof *s);
    s->f = f;
    s->size = st->size;
    s->out = 0;
    s->want_crc = st->crc;
    s->crc = 0;
    s->in_end = s->failed = s->done = false;
    isal_inflate_init(&s->st);       /* raw deflate (ISAL_DEFLATE), 32 KiB window */
    s->st.next_in = s->in;
    s->st.avail_in = 0;
    return s;
}

/* Inflate into buf[0..len): returns the bytes written (> 0), or 0 at the
 * end of the stream once it is known sound. Anything else is -1 (and -1
 * again on every later call). */
zip_int64_t fse_xlsx_inflate_read(fse_xlsx_inflate *s, void *buf, size_t len)
{
    if (s->failed) return -1;
    if (s->done || len == 0) return 0;
    if (len > UINT32_MAX) len = UINT32_MAX;
    s->st.next_out = buf;
    s->st.avail_out = (uint32_t)len;
    while (s->st.avail_out > 0 && s->st.block_state != ISAL_BLOCK_FINISH) {
        if (s->st.avail_in == 0 && !s->in_end) {
            zip_int64_t n = zip_fread(s->f, s->in, sizeof s->in);
            if (n < 0) goto fail;
            s->in_end = n == 0;
            s->st.next_in = s->in;
            s->st.avail_in = (uint32_t)n;
        }
        uint32_t in = s->st.avail_in, out = s->st.avail_out;
        int r = isal_inflate(&s->st);
        if (r < 0 || r == ISAL_NEED_DICT) goto fail;          /* invalid block, symbol, distance */
        /* no progress: the input is spent before the end of the stream (a
         * truncated entry) or the decoder is stuck; not a sound end either way */
        if (in == s->st.avail_in && out == s->st.avail_out) goto fail;
    }
    size_t n = len - s->st.avail_out;
    s->out += n;
    if (s->out > s->size) goto fail;                     /* more than the directory says */
    s->crc = crc32_gzip_refl(s->crc, buf, n);
    if (n) return (zip_int64_t)n;
    /* the end: only a finished stream of exactly the size and CRC-32 of the
     * directory (libzip would check the CRC-32 here too) */
    if (s->st.block_state != ISAL_BLOCK_FINISH || s->out != s->size || s->crc != s->want_crc) goto fail;
    s->done = true;
    return 0;
fail:
    s->failed = true;
    return -1;
}

uint32_t fse_xlsx_inflate_crc(const fse_xlsx_inflate *s)
{
    return s ? s->crc : 0;
}

void fse_xlsx_inflate_close(fse_xlsx_inflate *s)
{
    if (!s) return;
    zip_fclose(s->f);
    free(s);
}
