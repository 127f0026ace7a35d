/* xlsx_deflate.c — the entries of the XLSX files deflated with ISA-L
 * (igzip, level 1) instead of by zlib at level 6 inside libxlsxwriter.
 *
 * Why (issue 8, measured): at 1 M hour rows zlib's deflate called by
 * libxlsxwriter's minizip was 29 % of the CPU of the 3-fiche job (≈ 8.5 s
 * of 29.7 s). On the 12.6 MB sheet XML of a Preuves workbook, zlib level 6
 * takes 0.184 s (1.64 MB out), ISA-L level 1 0.017 s (2.08 MB, +27 %) and
 * zlib level 1 0.048 s (2.26 MB). We accept XLSX files about 25 % larger
 * for a compression about 10 times faster.
 *
 * How: libxlsxwriter 1.1.4 (Debian) writes its zip with the system's
 * libminizip.so.1 through zipOpenNewFileInZip4_64, zipWriteInFileInZip and
 * zipCloseFileInZip. The executable defines those three and exports them
 * (the Makefile links build/fsepack with --export-dynamic-symbol), so
 * libxlsxwriter's calls come here; the real ones are found with dlsym
 * RTLD_NEXT. A deflated, unencrypted entry is opened for real with raw=1
 * (minizip writes the same "deflate" method in the headers, and the flag
 * bits 0x6, "super fast", of level 1: APPNOTE 4.4.4), each buffer written
 * is compressed by isal_deflate (streaming, NO_FLUSH, end of stream at
 * close) and the compressed bytes go through the real zipWriteInFileInZip;
 * at close, the CRC-32 and the size of the uncompressed bytes, kept here,
 * are given to zipCloseFileInZipRaw64. Any other entry (stored, already
 * raw, with a password) is left to minizip as it is.
 *
 * Why safe: the entries decompress to the very bytes libxlsxwriter wrote
 * (tests/unit/test_xlsx_deflate.c reads them back; the e2e tests read the
 * cells back with openpyxl); only the compressed bytes differ. The output
 * depends only on the input bytes and on how libxlsxwriter splits them, so
 * the same job gives the same XLSX bytes. Every failure (no memory, an
 * ISA-L error, a failed write) returns a minizip error code, so
 * workbook_close fails and fse_xlsx_write reports it and removes the file.
 *
 * Truncated parts (a safeguard found while testing this file): libxlsxwriter
 * writes each sheet's XML to a temporary file first and ignores a failed
 * write there (a full /tmp, RLIMIT_FSIZE), so it would zip a sheet cut
 * short and report success. Every XML part (name ending in .xml or .rels)
 * that passes through here must therefore end with its root element's end
 * tag (or be a lone empty root); one that does not fails the entry, and
 * fse_xlsx_incomplete_part() names it for the writer's message.
 *
 * State: one stream per zipFile (minizip has one entry open at a time per
 * zip), for at most ZIPS_MAX zips open at once; a zip beyond those is left
 * to zlib. A stream ends with its entry: zipClose of a zip whose entry is
 * open ends it through zipCloseFileInZip, which libminizip calls through
 * its PLT, hence here. The process is single-threaded.
 */
#define _GNU_SOURCE
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <minizip/zip.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pieces/xlsx_deflate.h"
#include "common/library_fn.h"

#define ZIPS_MAX 4
#define OUT_SIZE (64 * 1024)    /* compressed bytes handed to minizip at a time */
#define ISAL_LEVEL 1
#define LEVEL_BUF_SIZE ISAL_DEF_LVL1_EXTRA_LARGE   /* as measured above */
#define HEAD_SIZE 512           /* kept of an XML part: declaration and root start tag */
#define TAIL_SIZE 128           /* kept of an XML part: its root end tag */

typedef int (*open_fn)(zipFile, const char *, const zip_fileinfo *, const void *, uInt, const void *, uInt,
                       const char *, int, int, int, int, int, int, const char *, uLong, uLong, uLong, int);
typedef int (*write_fn)(zipFile, const void *, unsigned);
typedef int (*close_fn)(zipFile);

typedef struct {
    zipFile zf;               /* the zip whose open entry this is; NULL: free */
    int err;                  /* first error of the entry (a ZIP_ code), ZIP_OK */
    uint32_t crc;             /* CRC-32 of the uncompressed bytes so far */
    uint64_t size;            /* uncompressed bytes so far */
    int xml;                  /* the entry is an XML part: checked whole at close */
    char name[256];           /* the entry's name, cut to fit, for the message */
    size_t head_len, tail_len;
    uint8_t head[HEAD_SIZE];  /* first bytes of the entry */
    uint8_t tail[TAIL_SIZE];  /* last bytes of the entry */
    struct isal_zstream s;
    uint8_t level_buf[LEVEL_BUF_SIZE];
    uint8_t out[OUT_SIZE];
} stream;

static char incomplete[256];        /* name of the last XML part found cut short; "" */
static stream *streams[ZIPS_MAX];   /* allocated on first use, kept for the next entries */
static open_fn real_open;
static write_fn real_write;
static close_fn real_close;

static void find_real(void)
{
    if (real_open) return;
    real_open = (open_fn)fse_library_fn("zipOpenNewFileInZip4_64");
    real_write = (write_fn)fse_library_fn("zipWriteInFileInZip");
    real_close = (close_fn)fse_library_fn("zipCloseFileInZip");
}

/* The stream of zf's open entry, or NULL when minizip handles it. */
static stream *stream_of(zipFile zf)
{
    for (size_t i = 0; i < ZIPS_MAX; i++)
        if (streams[i] && streams[i]->zf == zf) return streams[i];
    return NULL;
}

/* Runs isal_deflate on what is in st->s and hands every output byte to the
 * real zipWriteInFileInZip, until the input is consumed (and, at the end of
 * the stream, the last block written). Returns ZIP_OK or a ZIP_ error. */
static int pump(stream *st)
{
    for (;;) {
        uint32_t in_before = st->s.avail_in;
        st->s.next_out = st->out;
        st->s.avail_out = OUT_SIZE;
        if (isal_deflate(&st->s) != COMP_OK) return ZIP_INTERNALERROR;
        unsigned n = OUT_SIZE - st->s.avail_out;
        if (n) {
            int rc = real_write(st->zf, st->out, n);
            if (rc != ZIP_OK) return rc < 0 ? rc : ZIP_ERRNO;
        }
        if (st->s.end_of_stream) {
            if (st->s.internal_state.state == ZSTATE_END) return ZIP_OK;
        } else if (st->s.avail_in == 0 && st->s.avail_out != 0) {
            return ZIP_OK;
        }
        if (n == 0 && st->s.avail_in == in_before)
            return ZIP_INTERNALERROR;   /* no progress: never loop forever */
    }
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* Keeps the first HEAD_SIZE and the last TAIL_SIZE bytes of an XML entry. */
static void keep_ends(stream *st, const uint8_t *p, size_t len)
{
    if (st->head_len < HEAD_SIZE) {
        size_t k = HEAD_SIZE - st->head_len < len ? HEAD_SIZE - st->head_len : len;
        memcpy(st->head + st->head_len, p, k);
        st->head_len += k;
    }
    if (len >= TAIL_SIZE) {
        memcpy(st->tail, p + len - TAIL_SIZE, TAIL_SIZE);
        st->tail_len = TAIL_SIZE;
    } else {
        size_t keep = st->tail_len + len > TAIL_SIZE ? TAIL_SIZE - len : st->tail_len;
        memmove(st->tail, st->tail + st->tail_len - keep, keep);
        memcpy(st->tail + keep, p, len);
        st->tail_len = keep + len;
    }
}

/* Whether the XML entry seen through head and tail is whole: after an
 * optional declaration, comments or doctype, its root element either closes
 * itself or the entry ends (trailing white space aside) with "</root>". An
 * entry whose root start tag lies beyond HEAD_SIZE is not judged (true). */
static int xml_whole(const stream *st)
{
    const char *h = (const char *)st->head;
    size_t i = 0, n = st->head_len;
    for (;;) {   /* to the root start tag */
        while (i < n && h[i] != '<') i++;
        if (i + 1 >= n) return st->size > HEAD_SIZE;
        if (h[i + 1] != '?' && h[i + 1] != '!') break;
        i++;
    }
    size_t r0 = ++i;
    while (i < n && h[i] != ' ' && h[i] != '>' && h[i] != '/' && h[i] != '\t' && h[i] != '\r' && h[i] != '\n') i++;
    if (i >= n) return st->size > HEAD_SIZE;
    char end[80];
    if (i - r0 == 0 || i - r0 > sizeof end - 4) return 0;
    end[0] = '<', end[1] = '/';
    memcpy(end + 2, h + r0, i - r0);
    end[2 + i - r0] = '>', end[3 + i - r0] = '\0';
    const char *t = (const char *)st->tail;
    size_t m = st->tail_len;
    while (m && (t[m - 1] == ' ' || t[m - 1] == '\n' || t[m - 1] == '\r' || t[m - 1] == '\t')) m--;
    if (ends_with(t, m, end)) return 1;
    if (st->size <= HEAD_SIZE) {   /* a lone empty root, <root .../>: all of it is in head */
        size_t gt = i;
        while (gt < n && h[gt] != '>') gt++;
        if (gt < n && h[gt - 1] == '/') {
            size_t k = gt + 1;
            while (k < n && (h[k] == ' ' || h[k] == '\n' || h[k] == '\r' || h[k] == '\t')) k++;
            return k == n;
        }
    }
    return 0;
}

const char *fse_xlsx_incomplete_part(void)
{
    return incomplete[0] ? incomplete : NULL;
}

void fse_xlsx_incomplete_reset(void)
{
    incomplete[0] = '\0';
}

/* minizip's function (zip.h), same contract. A deflated entry without
 * password is opened raw, to be compressed here; anything else is minizip's. */
int zipOpenNewFileInZip4_64(zipFile file, const char *filename, const zip_fileinfo *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global, const char *comment,
                            int method, int level, int raw, int windowBits, int memLevel, int strategy,
                            const char *password, uLong crcForCrypting, uLong versionMadeBy, uLong flagBase,
                            int zip64)
{
    find_real();
    stream *st = stream_of(file);
    if (st) {   /* the previous entry is still open: ended first, as minizip does */
        int rc = zipCloseFileInZip(file);
        if (rc != ZIP_OK) return rc;
    }
    if (method == Z_DEFLATED && !raw && !password && level != 0) {
        for (size_t i = 0; i < ZIPS_MAX && !st; i++) {
            if (!streams[i]) streams[i] = calloc(1, sizeof *streams[i]);   /* zf NULL: free */
            if (!streams[i]) return ZIP_INTERNALERROR;
            if (!streams[i]->zf) st = streams[i];
        }
    } else {
        st = NULL;
    }
    if (!st)   /* not deflated, or more zips open than ZIPS_MAX: zlib */
        return real_open(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                         size_extrafield_global, comment, method, level, raw, windowBits, memLevel, strategy,
                         password, crcForCrypting, versionMadeBy, flagBase, zip64);
    int rc = real_open(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                       size_extrafield_global, comment, Z_DEFLATED, ISAL_LEVEL, 1, windowBits, memLevel,
                       strategy, NULL, crcForCrypting, versionMadeBy, flagBase, zip64);
    if (rc != ZIP_OK) return rc;
    isal_deflate_init(&st->s);
    st->s.level = ISAL_LEVEL;
    st->s.level_buf = st->level_buf;
    st->s.level_buf_size = LEVEL_BUF_SIZE;
    st->s.flush = NO_FLUSH;
    st->zf = file;
    st->err = ZIP_OK;
    st->crc = 0;
    st->size = 0;
    size_t fl = filename ? strlen(filename) : 0;
    st->xml = ends_with(filename ? filename : "", fl, ".xml") || ends_with(filename ? filename : "", fl, ".rels");
    snprintf(st->name, sizeof st->name, "%s", filename ? filename : "");
    st->head_len = st->tail_len = 0;
    return ZIP_OK;
}

/* minizip's function (zip.h), same contract: len bytes of the open entry. */
int zipWriteInFileInZip(zipFile file, const void *buf, unsigned len)
{
    find_real();
    stream *st = stream_of(file);
    if (!st) return real_write(file, buf, len);
    if (st->err != ZIP_OK) return st->err;
    if (len == 0) return ZIP_OK;
    st->crc = crc32_gzip_refl(st->crc, (const unsigned char *)buf, len);
    st->size += len;
    if (st->xml) keep_ends(st, buf, len);
    st->s.next_in = (uint8_t *)buf;   /* isal_deflate only reads it */
    st->s.avail_in = len;
    st->s.end_of_stream = 0;
    st->err = pump(st);
    st->s.next_in = NULL;
    return st->err;
}

/* minizip's function (zip.h), same contract: ends the open entry; for ours,
 * the last deflate block, then the real close with our CRC and size. */
int zipCloseFileInZip(zipFile file)
{
    find_real();
    stream *st = stream_of(file);
    if (!st) return real_close(file);
    int err = st->err;
    if (err == ZIP_OK) {
        st->s.next_in = NULL;
        st->s.avail_in = 0;
        st->s.end_of_stream = 1;
        err = pump(st);
    }
    if (err == ZIP_OK && st->xml && !xml_whole(st)) {
        snprintf(incomplete, sizeof incomplete, "%s", st->name);
        err = ZIP_INTERNALERROR;
    }
    st->zf = NULL;
    /* closed even after an error, so minizip's state stays consistent */
    int rc = zipCloseFileInZipRaw64(file, st->size, st->crc);
    return err != ZIP_OK ? err : rc;
}
