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
 * State: one stream per zipFile (minizip has one entry open at a time per
 * zip), for at most ZIPS_MAX zips open at once; a zip beyond those is left
 * to zlib. A stream ends with its entry: zipClose of a zip whose entry is
 * open ends it through zipCloseFileInZip, which libminizip calls through
 * its PLT, hence here. The process is single-threaded.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <minizip/zip.h>
#include <stdint.h>
#include <stdlib.h>

#define ZIPS_MAX 4
#define OUT_SIZE (64 * 1024)    /* compressed bytes handed to minizip at a time */
#define ISAL_LEVEL 1
#define LEVEL_BUF_SIZE ISAL_DEF_LVL1_EXTRA_LARGE   /* as measured above */

typedef int (*open_fn)(zipFile, const char *, const zip_fileinfo *, const void *, uInt, const void *, uInt,
                       const char *, int, int, int, int, int, int, const char *, uLong, uLong, uLong, int);
typedef int (*write_fn)(zipFile, const void *, unsigned);
typedef int (*close_fn)(zipFile);

typedef struct {
    zipFile zf;               /* the zip whose open entry this is; NULL: free */
    int err;                  /* first error of the entry (a ZIP_ code), ZIP_OK */
    uint32_t crc;             /* CRC-32 of the uncompressed bytes so far */
    uint64_t size;            /* uncompressed bytes so far */
    struct isal_zstream s;
    uint8_t level_buf[LEVEL_BUF_SIZE];
    uint8_t out[OUT_SIZE];
} stream;

static stream *streams[ZIPS_MAX];   /* allocated on first use, kept for the next entries */
static open_fn real_open;
static write_fn real_write;
static close_fn real_close;

static void find_real(void)
{
    if (real_open) return;
    real_open = (open_fn)dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    real_write = (write_fn)dlsym(RTLD_NEXT, "zipWriteInFileInZip");
    real_close = (close_fn)dlsym(RTLD_NEXT, "zipCloseFileInZip");
    if (!real_open || !real_write || !real_close) abort();   /* libminizip is linked: cannot happen */
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
    st->zf = NULL;
    /* closed even after an error, so minizip's state stays consistent */
    int rc = zipCloseFileInZipRaw64(file, st->size, st->crc);
    return err != ZIP_OK ? err : rc;
}
