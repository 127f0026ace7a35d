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
#include <stdbool.h>
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

/* Where pump hands the compressed bytes: the open zip entry (to_zip), or a
 * part's temporary file (to_spill). ZIP_OK or a ZIP_ error. */
typedef int (*sink_fn)(void *to, const uint8_t *p, unsigned n);

static int to_zip(void *zf, const uint8_t *p, unsigned n)
{
    int rc = real_write(zf, p, n);
    return rc == ZIP_OK ? ZIP_OK : rc < 0 ? rc : ZIP_ERRNO;
}

/* Runs isal_deflate on what is in st->s and hands every output byte to
 * sink, until the input is consumed (and, at the end of the stream, the
 * last block written). Returns ZIP_OK or a ZIP_ error. */
static int pump(stream *st, sink_fn sink, void *to)
{
    for (;;) {
        uint32_t in_before = st->s.avail_in;
        st->s.next_out = st->out;
        st->s.avail_out = OUT_SIZE;
        if (isal_deflate(&st->s) != COMP_OK) return ZIP_INTERNALERROR;
        unsigned n = OUT_SIZE - st->s.avail_out;
        if (n) {
            int rc = sink(to, st->out, n);
            if (rc != ZIP_OK) return rc;
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

/* The next len bytes of an entry's (or a part's) uncompressed data:
 * counted, their CRC-32 chained, their ends kept (XML), deflated into sink. */
static int feed(stream *st, const void *buf, unsigned len, sink_fn sink, void *to)
{
    st->crc = crc32_gzip_refl(st->crc, (const unsigned char *)buf, len);
    st->size += len;
    if (st->xml) keep_ends(st, buf, len);
    st->s.next_in = (uint8_t *)buf;   /* isal_deflate only reads it */
    st->s.avail_in = len;
    st->s.end_of_stream = 0;
    int err = pump(st, sink, to);
    st->s.next_in = NULL;
    return err;
}

/* The end of the deflate stream: its last block into sink. */
static int finish(stream *st, sink_fn sink, void *to)
{
    st->s.next_in = NULL;
    st->s.avail_in = 0;
    st->s.end_of_stream = 1;
    return pump(st, sink, to);
}

/* Starts st's deflate stream (level 1, the level buffer of the stream). */
static void start(stream *st)
{
    isal_deflate_init(&st->s);
    st->s.level = ISAL_LEVEL;
    st->s.level_buf = st->level_buf;
    st->s.level_buf_size = LEVEL_BUF_SIZE;
    st->s.flush = NO_FLUSH;
    st->err = ZIP_OK;
    st->crc = 0;
    st->size = 0;
    st->head_len = st->tail_len = 0;
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

/* ------------------------------------------------------------ part files
 *
 * A part file is the temporary file libxlsxwriter 1.1.4 makes for each part
 * while it packages the workbook (packager.c: lxw_tmpfile, then the part's
 * XML written into it, then _add_file_to_zip: the entry opened, fflush,
 * rewind, fread of LXW_ZIP_BUFFER_SIZE bytes at a time into
 * zipWriteInFileInZip, zipCloseFileInZip, fclose). Inside workbook_close,
 * xlsx_tmpfile.c's lxw_tmpfile gives a part stream instead (fopencookie):
 * the XML written into it is cut into blocks of LXW_ZIP_BUFFER_SIZE bytes,
 * the very blocks fread would hand to zipWriteInFileInZip, and each is
 * deflated as it comes, into a temporary file of its own; the first fread
 * ends the stream and gives nothing (end of file), and zipCloseFileInZip
 * copies the compressed bytes into the entry with their CRC-32 and size.
 *
 * Why (issue 8, measured on the 1 M-row CSV job): the sheets' XML (≈ 700 MB,
 * 174 MB for each Preuves sheet) was written to the part file and read back
 * to be deflated: the kernel's copy into the page cache of /tmp was 6 % of
 * the job's CPU in perf. Now only the compressed bytes (a seventh) go
 * through a file: pièces 9.12 -> 8.95 s CPU (best of 3, the bilans 3.60 ->
 * 3.41 s), system time 1.74 -> 1.57 s; the same peak RSS (one block, the
 * level buffer of one stream).
 *
 * Why the bytes are the same: ISA-L gets the same calls (same blocks, same
 * output buffer size, the end of stream at the close), so it gives the
 * same compressed bytes; minizip gets them raw with the same CRC-32 and
 * size, and the XML check sees the same ends (tests/unit/test_xlsx_deflate.c
 * writes a workbook both ways and compares the files). A part stream whose
 * bytes could not reach their entry (no ISA-L entry open when it is read,
 * closed unread) is counted by fse_xlsx_parts_lost, and the XLSX writer
 * then fails the workbook. */

#define PART_BLOCK 16384   /* LXW_ZIP_BUFFER_SIZE of libxlsxwriter 1.1.4 (packager.h) */

typedef struct {
    stream st;                   /* the deflate stream (xml = 1: ends always kept) */
    FILE *spill;                 /* the compressed bytes (a temporary file, unlinked) */
    size_t fill;                 /* bytes in block */
    int done, taken;             /* stream ended; handed to an entry (or counted lost) */
    uint8_t block[PART_BLOCK];
} part;

static bool parts_on;            /* inside workbook_close: lxw_tmpfile gives part streams */
static zipFile open_zf;          /* the zip of the open ISA-L entry, or NULL */
static part *pending;            /* ended, waiting for zipCloseFileInZip of pending_zf */
static zipFile pending_zf;
static part *spare;              /* a freed part kept for the next (its level buffer) */
static unsigned lost;            /* part streams whose bytes reached no entry */

static int to_spill(void *f, const uint8_t *p, unsigned n)
{
    return fwrite(p, 1, n, f) == n ? ZIP_OK : ZIP_ERRNO;
}

/* Copies p's compressed bytes into st's entry (opened raw). */
static int spill_to_zip(part *p, stream *st)
{
    if (fflush(p->spill) || fseeko(p->spill, 0, SEEK_SET)) return ZIP_ERRNO;
    size_t n;
    while ((n = fread(st->out, 1, OUT_SIZE, p->spill)) > 0) {
        int rc = to_zip(st->zf, st->out, (unsigned)n);
        if (rc != ZIP_OK) return rc;
    }
    return ferror(p->spill) ? ZIP_ERRNO : ZIP_OK;
}

static ssize_t part_write(void *c, const char *buf, size_t size)
{
    part *p = c;
    if (p->done) {   /* written after it was read: never in libxlsxwriter 1.1.4 */
        p->st.err = ZIP_INTERNALERROR;
        return (ssize_t)size;
    }
    for (size_t off = 0; off < size;) {
        size_t k = PART_BLOCK - p->fill < size - off ? PART_BLOCK - p->fill : size - off;
        memcpy(p->block + p->fill, buf + off, k);
        p->fill += k;
        off += k;
        if (p->fill == PART_BLOCK) {
            if (p->st.err == ZIP_OK) p->st.err = feed(&p->st, p->block, PART_BLOCK, to_spill, p->spill);
            p->fill = 0;
        }
    }
    return (ssize_t)size;   /* an error is the entry's, at its close */
}

/* The first read (after libxlsxwriter's rewind): the last block and the
 * end of the stream, and the part handed to the open entry; end of file. */
static ssize_t part_read(void *c, char *buf, size_t size)
{
    (void)buf, (void)size;
    part *p = c;
    if (p->done) return 0;
    p->done = 1;
    if (p->fill && p->st.err == ZIP_OK) p->st.err = feed(&p->st, p->block, (unsigned)p->fill, to_spill, p->spill);
    p->fill = 0;
    if (p->st.err == ZIP_OK) p->st.err = finish(&p->st, to_spill, p->spill);
    if (open_zf && !pending) {
        pending = p;
        pending_zf = open_zf;
    } else {
        p->taken = 1;   /* counted once */
        lost++;
    }
    return 0;
}

/* rewind (fseek 0) only. */
static int part_seek(void *c, off64_t *pos, int whence)
{
    (void)c;
    return *pos == 0 && whence == SEEK_SET ? 0 : -1;
}

static int part_close(void *c)
{
    part *p = c;
    if (pending == p) pending = NULL;
    if (!p->taken && (p->done || p->fill || p->st.size)) lost++;   /* read or written, never zipped */
    fclose(p->spill);
    if (!spare) spare = p;
    else free(p);
    return 0;
}

void fse_xlsx_parts_streamed(bool on)
{
    parts_on = on;
    if (!on) {   /* the level buffer of the spare part (0.6 MB) is not kept between workbooks */
        free(spare);
        spare = NULL;
    }
}

FILE *fse_xlsx_part_open(FILE *spill)
{
    if (!parts_on || !spill) return NULL;
    part *p = spare ? spare : malloc(sizeof *p);
    if (!p) return NULL;
    spare = NULL;
    start(&p->st);
    p->st.zf = NULL;
    p->st.xml = 1;
    p->spill = spill;
    p->fill = 0;
    p->done = p->taken = 0;
    cookie_io_functions_t io = { part_read, part_write, part_seek, part_close };
    FILE *f = fopencookie(p, "w+", io);
    if (!f) { free(p); return NULL; }
    return f;
}

unsigned fse_xlsx_parts_lost(void)
{
    unsigned n = lost;
    lost = 0;
    return n;
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
    start(st);
    st->zf = file;
    open_zf = file;
    size_t fl = filename ? strlen(filename) : 0;
    st->xml = ends_with(filename ? filename : "", fl, ".xml") || ends_with(filename ? filename : "", fl, ".rels");
    snprintf(st->name, sizeof st->name, "%s", filename ? filename : "");
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
    st->err = feed(st, buf, len, to_zip, st->zf);
    return st->err;
}

/* minizip's function (zip.h), same contract: ends the open entry; for ours,
 * the last deflate block, then the real close with our CRC and size. */
int zipCloseFileInZip(zipFile file)
{
    find_real();
    stream *st = stream_of(file);
    if (open_zf == file) open_zf = NULL;
    if (!st) return real_close(file);
    int err = st->err;
    part *p = pending && pending_zf == file ? pending : NULL;
    if (p) {   /* the entry's bytes were deflated as its part file was written */
        pending = NULL;
        p->taken = 1;
        if (err == ZIP_OK) err = st->size ? ZIP_INTERNALERROR : p->st.err;
        if (err == ZIP_OK) err = spill_to_zip(p, st);
        st->crc = p->st.crc;
        st->size = p->st.size;
        memcpy(st->head, p->st.head, p->st.head_len);
        st->head_len = p->st.head_len;
        memcpy(st->tail, p->st.tail, p->st.tail_len);
        st->tail_len = p->st.tail_len;
    } else if (err == ZIP_OK) {
        err = finish(st, to_zip, st->zf);
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
