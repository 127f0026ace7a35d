/* test_xlsx_deflate.c — the zip entry functions of pieces/xlsx_deflate.c
 * (ISA-L deflate in place of minizip's zlib, issue 8), called as
 * libxlsxwriter calls them, then read back with minizip's unzip:
 *   - a 3 MB XML-like entry written in uneven pieces, an empty one, a
 *     stored one, two left open (ended by the next open, by zipClose), in
 *     two zips open at once: every entry reads back to the
 *     same bytes, with zlib's CRC-32 and the right sizes; the deflated ones
 *     carry the flag bits of level 1 (0x6) and a size unlike zlib's level 6;
 *   - more zips open than the streams kept: the extra one is zlib's (flag 0);
 *   - the disk failing under an entry: the write and the close fail with a
 *     minizip error code (so libxlsxwriter's workbook_close fails);
 *   - ISA-L's crc32_gzip_refl is zlib's crc32, chained over pieces;
 *   - an XML part (.xml, .rels) cut before its root's end tag, as
 *     libxlsxwriter zips a sheet whose temporary file hit a full disk,
 *     fails its entry and is named by fse_xlsx_incomplete_part(); whole
 *     parts, a lone empty root and non-XML entries pass.
 * (The other tests name their entries .dat: their bytes are not XML.) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <isa-l/crc.h>
#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <zlib.h>

#include "pieces/xlsx_deflate.h"

#define BIG (3u * 1024 * 1024)

/* Sheet-like XML with some variety (rows, numbers, shared strings). */
static unsigned char *xml_bytes(size_t n)
{
    unsigned char *b = malloc(n);
    assert_non_null(b);
    size_t off = 0;
    unsigned seed = 12345;
    for (unsigned r = 1; off < n; r++) {
        seed = seed * 1103515245u + 12345u;
        char row[160];
        int k = snprintf(row, sizeof row, "<row r=\"%u\"><c r=\"A%u\" t=\"s\"><v>%u</v></c><c r=\"B%u\"><v>%u.%02u</v></c></row>",
                         r, r, (seed >> 8) % 5000, r, (seed >> 4) % 1000, seed % 100);
        size_t take = (size_t)k < n - off ? (size_t)k : n - off;
        memcpy(b + off, row, take);
        off += take;
    }
    return b;
}

static size_t zlib6_size(const unsigned char *b, size_t n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    uLong cap = deflateBound(&z, n);
    unsigned char *o = malloc(cap);
    assert_non_null(o);
    z.next_in = (unsigned char *)b;
    z.avail_in = (uInt)n;
    z.next_out = o;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t out = z.total_out;
    deflateEnd(&z);
    free(o);
    return out;
}

/* Opens an entry as libxlsxwriter 1.1.4 does (packager.c). */
static int open_entry(zipFile zf, const char *name, int method)
{
    zip_fileinfo fi;
    memset(&fi, 0, sizeof fi);
    return zipOpenNewFileInZip4_64(zf, name, &fi, NULL, 0, NULL, 0, NULL, method, Z_DEFAULT_COMPRESSION, 0,
                                   -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, NULL, 0, 0, 0, 0);
}

/* Writes b[0..n) into the open entry in pieces of 1, 7, 16384, 100 000… bytes. */
static void write_uneven(zipFile zf, const unsigned char *b, size_t n)
{
    static const size_t pieces[] = { 1, 7, 16384, 100000, 65536, 3, 250000 };
    for (size_t off = 0, i = 0; off < n; i++) {
        size_t k = pieces[i % 7] < n - off ? pieces[i % 7] : n - off;
        assert_int_equal(zipWriteInFileInZip(zf, b + off, (unsigned)k), ZIP_OK);
        off += k;
    }
}

/* Checks that entry name of path holds b[0..n), compressed by method with
 * flag bits flag (mask 0x6); returns its compressed size. */
static size_t check_entry(const char *path, const char *name, const unsigned char *b, size_t n, int method, unsigned flag)
{
    unzFile uf = unzOpen64(path);
    assert_non_null(uf);
    assert_int_equal(unzLocateFile(uf, name, 1), UNZ_OK);
    unz_file_info64 info;
    assert_int_equal(unzGetCurrentFileInfo64(uf, &info, NULL, 0, NULL, 0, NULL, 0), UNZ_OK);
    assert_int_equal(info.compression_method, method);
    assert_int_equal(info.flag & 0x6, flag);
    assert_int_equal(info.uncompressed_size, n);
    assert_int_equal(info.crc, crc32(0, b, (uInt)n));
    assert_int_equal(unzOpenCurrentFile(uf), UNZ_OK);
    unsigned char *got = malloc(n + 1);
    assert_non_null(got);
    size_t have = 0;
    int r;
    while ((r = unzReadCurrentFile(uf, got + have, (unsigned)(n + 1 - have))) > 0) have += (size_t)r;
    assert_int_equal(r, 0);
    assert_int_equal(have, n);
    assert_memory_equal(got, b, n);
    assert_int_equal(unzCloseCurrentFile(uf), UNZ_OK);   /* UNZ_CRCERROR if the CRC were wrong */
    free(got);
    size_t csize = info.compressed_size;
    unzClose(uf);
    return csize;
}

static void entries_read_back(void **state)
{
    (void)state;
    char p1[] = "/tmp/fsepack-xdefl-XXXXXX", p2[] = "/tmp/fsepack-xdefl-XXXXXX";
    int fd1 = mkstemp(p1), fd2 = mkstemp(p2);
    assert_true(fd1 >= 0 && fd2 >= 0);
    close(fd1);
    close(fd2);
    unsigned char *big = xml_bytes(BIG), *small = xml_bytes(5000);
    zipFile z1 = zipOpen(p1, APPEND_STATUS_CREATE), z2 = zipOpen(p2, APPEND_STATUS_CREATE);
    assert_non_null(z1);
    assert_non_null(z2);
    /* z1's big entry and z2's small one open at the same time, writes interleaved */
    assert_int_equal(open_entry(z1, "xl/worksheets/sheet1.dat", Z_DEFLATED), ZIP_OK);
    assert_int_equal(open_entry(z2, "small.dat", Z_DEFLATED), ZIP_OK);
    write_uneven(z1, big, BIG / 2);
    write_uneven(z2, small, 5000);
    write_uneven(z1, big + BIG / 2, BIG - BIG / 2);
    assert_int_equal(zipCloseFileInZip(z2), ZIP_OK);
    assert_int_equal(zipCloseFileInZip(z1), ZIP_OK);
    assert_int_equal(open_entry(z1, "empty.dat", Z_DEFLATED), ZIP_OK);
    assert_int_equal(zipCloseFileInZip(z1), ZIP_OK);
    assert_int_equal(open_entry(z1, "stored.bin", 0), ZIP_OK);
    write_uneven(z1, small, 5000);
    assert_int_equal(zipCloseFileInZip(z1), ZIP_OK);
    /* an entry left open is ended by the next open, the last one by zipClose */
    assert_int_equal(open_entry(z1, "unclosed1.dat", Z_DEFLATED), ZIP_OK);
    write_uneven(z1, small, 5000);
    assert_int_equal(open_entry(z1, "unclosed2.dat", Z_DEFLATED), ZIP_OK);
    write_uneven(z1, big, 300000);
    assert_int_equal(zipClose(z1, NULL), ZIP_OK);
    assert_int_equal(zipClose(z2, NULL), ZIP_OK);

    size_t c = check_entry(p1, "xl/worksheets/sheet1.dat", big, BIG, Z_DEFLATED, 0x6);
    size_t z6 = zlib6_size(big, BIG);
    /* ISA-L level 1, not zlib's level 6: larger, yet well compressed */
    assert_true(c > z6);
    assert_true(c < BIG / 3);
    check_entry(p2, "small.dat", small, 5000, Z_DEFLATED, 0x6);
    check_entry(p1, "empty.dat", small, 0, Z_DEFLATED, 0x6);
    check_entry(p1, "stored.bin", small, 5000, 0, 0);
    check_entry(p1, "unclosed1.dat", small, 5000, Z_DEFLATED, 0x6);
    check_entry(p1, "unclosed2.dat", big, 300000, Z_DEFLATED, 0x6);
    unlink(p1);
    unlink(p2);
    free(big);
    free(small);
}

static void more_zips_than_streams(void **state)
{
    (void)state;
    enum { N = 6 };   /* xlsx_deflate.c keeps 4 streams */
    char paths[N][32];
    zipFile z[N];
    unsigned char *b = xml_bytes(20000);
    for (int i = 0; i < N; i++) {
        strcpy(paths[i], "/tmp/fsepack-xdefl-XXXXXX");
        int fd = mkstemp(paths[i]);
        assert_true(fd >= 0);
        close(fd);
        z[i] = zipOpen(paths[i], APPEND_STATUS_CREATE);
        assert_non_null(z[i]);
        assert_int_equal(open_entry(z[i], "a.dat", Z_DEFLATED), ZIP_OK);
    }
    for (int i = 0; i < N; i++) {
        write_uneven(z[i], b, 20000);
        assert_int_equal(zipCloseFileInZip(z[i]), ZIP_OK);
        assert_int_equal(zipClose(z[i], NULL), ZIP_OK);
    }
    for (int i = 0; i < N; i++) {
        /* the first four by ISA-L (flag bits 0x6), the others by zlib (0) */
        check_entry(paths[i], "a.dat", b, 20000, Z_DEFLATED, i < 4 ? 0x6 : 0);
        unlink(paths[i]);
    }
    free(b);
}

/* A file API whose writes fail once `room` bytes are written: a full disk. */
static zlib_filefunc64_def real_io;
static uLong room;

static uLong failing_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    if (size > room) return 0;
    room -= size;
    return real_io.zwrite_file(opaque, stream, buf, size);
}

static void full_disk_fails(void **state)
{
    (void)state;
    char p[] = "/tmp/fsepack-xdefl-XXXXXX";
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    close(fd);
    fill_fopen64_filefunc(&real_io);
    zlib_filefunc64_def io = real_io;
    io.zwrite_file = failing_write;
    room = 50000;
    zipFile zf = zipOpen2_64(p, APPEND_STATUS_CREATE, NULL, &io);
    assert_non_null(zf);
    assert_int_equal(open_entry(zf, "xl/worksheets/sheet1.dat", Z_DEFLATED), ZIP_OK);
    unsigned char *big = xml_bytes(BIG);
    int rc = ZIP_OK;
    for (size_t off = 0; off < BIG && rc == ZIP_OK; off += 16384)
        rc = zipWriteInFileInZip(zf, big + off, 16384);
    assert_true(rc < 0);
    assert_int_equal(zipWriteInFileInZip(zf, big, 10), rc);   /* stays failed */
    assert_true(zipCloseFileInZip(zf) < 0);
    zipClose(zf, NULL);
    unlink(p);
    free(big);
}

static void isal_crc_is_zlib_crc(void **state)
{
    (void)state;
    unsigned char *b = xml_bytes(1 << 20);
    for (size_t i = 0; i < (1u << 20); i += 4099) b[i] ^= (unsigned char)(i * 31);
    uint32_t a = 0;
    uLong z = crc32(0, NULL, 0);
    size_t cuts[] = { 0, 1, 17, 4096, 65537, 700000, 1u << 20 };
    for (size_t i = 0; i + 1 < sizeof cuts / sizeof cuts[0]; i++) {
        a = crc32_gzip_refl(a, b + cuts[i], cuts[i + 1] - cuts[i]);
        z = crc32(z, b + cuts[i], (uInt)(cuts[i + 1] - cuts[i]));
        assert_int_equal(a, z);
    }
    free(b);
}

/* Writes text as one entry of a new zip; returns zipCloseFileInZip's code. */
static int one_entry(const char *name, const char *text, size_t pad_rows)
{
    char p[] = "/tmp/fsepack-xpart-XXXXXX";
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    close(fd);
    zipFile zf = zipOpen(p, APPEND_STATUS_CREATE);
    assert_non_null(zf);
    assert_int_equal(open_entry(zf, name, Z_DEFLATED), ZIP_OK);
    const char *cut = strstr(text, "|");   /* rows go where the text has '|' */
    size_t head = cut ? (size_t)(cut - text) : strlen(text);
    assert_int_equal(zipWriteInFileInZip(zf, text, (unsigned)head), ZIP_OK);
    for (size_t r = 0; cut && r < pad_rows; r++)
        assert_int_equal(zipWriteInFileInZip(zf, "<row><c><v>1</v></c></row>", 26), ZIP_OK);
    if (cut) assert_int_equal(zipWriteInFileInZip(zf, cut + 1, (unsigned)strlen(cut + 1)), ZIP_OK);
    int rc = zipCloseFileInZip(zf);
    zipClose(zf, NULL);
    unlink(p);
    return rc;
}

static void cut_xml_part_fails(void **state)
{
    (void)state;
    const char *decl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    char whole[512], cut[512], empty_root[256];
    snprintf(whole, sizeof whole, "%s<worksheet xmlns=\"x\"><sheetData>|</sheetData></worksheet>\n", decl);
    snprintf(cut, sizeof cut, "%s<worksheet xmlns=\"x\"><sheetData>|</sheetData></works", decl);
    snprintf(empty_root, sizeof empty_root, "%s<sst xmlns=\"x\" count=\"0\"/>\n", decl);

    fse_xlsx_incomplete_reset();
    assert_int_equal(one_entry("xl/worksheets/sheet1.xml", whole, 40000), ZIP_OK);
    assert_int_equal(one_entry("xl/worksheets/sheet2.xml", whole, 0), ZIP_OK);
    assert_int_equal(one_entry("xl/sharedStrings.xml", empty_root, 0), ZIP_OK);
    assert_int_equal(one_entry("_rels/.rels", "<Relationships>|</Relationships>", 3), ZIP_OK);
    assert_int_equal(one_entry("xl/media/blob.dat", "no markup at all|", 2), ZIP_OK);
    assert_null(fse_xlsx_incomplete_part());

    assert_true(one_entry("xl/worksheets/sheet9.xml", cut, 40000) < 0);
    assert_non_null(fse_xlsx_incomplete_part());
    assert_string_equal(fse_xlsx_incomplete_part(), "xl/worksheets/sheet9.xml");
    fse_xlsx_incomplete_reset();
    assert_true(one_entry("xl/worksheets/sheet3.xml", cut, 0) < 0);       /* short, all in the head */
    assert_true(one_entry("xl/_rels/workbook.xml.rels", "<Relationships>|<Rel", 2) < 0);
    assert_true(one_entry("xl/styles.xml", "", 0) < 0);                    /* nothing written at all */
    assert_string_equal(fse_xlsx_incomplete_part(), "xl/styles.xml");
    fse_xlsx_incomplete_reset();
    assert_null(fse_xlsx_incomplete_part());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(entries_read_back),
        cmocka_unit_test(more_zips_than_streams),
        cmocka_unit_test(full_disk_fails),
        cmocka_unit_test(isal_crc_is_zlib_crc),
        cmocka_unit_test(cut_xml_part_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
