/* test_xlsx_isal.c — the ISA-L path of the XLSX reader (ingest/xlsx_inflate.c,
 * fse_xlsx_parse_part_isal; issue 8) against libzip's own, differentially:
 * the same workbook, sound and then damaged in hundreds of ways (bit flips
 * and overwritten runs in the deflate stream of the sheet, a wrong CRC-32,
 * uncompressed or compressed size in the zip directory), is read with
 * ISA-L on and off. Both must give the same status and message, and the
 * rows handed to the streaming consumer (on_rows, as source.c does) must be
 * the same, row for row and byte for byte, whatever the damage.
 * Also: crc32_gzip_refl is zlib's crc32 (the zip CRC-32). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <isa-l/crc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "ingest/xlsx_reader.h"
#include "ingest/xlsx_internal.h"
#include "xlsx_fixture.h"

/* The sheet: nrows rows of an inline string, a number and a text number
 * (and the XML extra after row at) from a fixed pseudo-random sequence (so that it deflates to some 100 KB,
 * several of the reader's 64 KiB buffers inflated). */
static char *sheet_xml(int nrows, const char *extra, int at)
{
    size_t cap = (size_t)nrows * 200 + 256, k = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    uint32_t r = 12345;
    k += (size_t)sprintf(s + k, "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                                "<sheetData>");
    for (int i = 1; i <= nrows; i++) {
        r = r * 1103515245u + 12345u;
        k += (size_t)sprintf(s + k, "<row r=\"%d\"><c r=\"A%d\" t=\"inlineStr\"><is><t>P%07u é%u</t></is></c>"
                                    "<c r=\"B%d\"><v>%u.%02u</v></c><c r=\"C%d\" t=\"str\"><v>M-%05u</v></c></row>",
                             i, i, r >> 8, r % 97, i, (r >> 4) % 1000, r % 100, i, (r >> 12) % 100000);
        if (i == at) k += (size_t)sprintf(s + k, "%s", extra);
    }
    k += (size_t)sprintf(s + k, "</sheetData></worksheet>");
    return s;
}

/* Write the workbook at path, the sheet FIRST (its local header at offset
 * 0) and deflated; returns the file's bytes (*len). */
static unsigned char *write_book(const char *path, const char *extra, int at, size_t *len)
{
    char *sheet = sheet_xml(6000, extra, at);
    fixture_write_book(path, sheet, true, 9);
    free(sheet);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    unsigned char *b = malloc(*len);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, *len, f), *len);
    fclose(f);
    return b;
}

static void put(const char *path, const unsigned char *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, len, f), len);
    fclose(f);
}

static uint32_t get32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static void put32(unsigned char *p, uint32_t v) { p[0] = v & 0xff; p[1] = v >> 8 & 0xff; p[2] = v >> 16 & 0xff; p[3] = v >> 24; }

/* What one read gives: status, message, and a digest (crc32) and count of
 * every row the consumer saw, in order: line, kinds and texts. */
typedef struct {
    int status;
    char msg[512];
    unsigned long digest;
    size_t rows;
} outcome;

static void take_rows(outcome *o, fse_raw_sheet *sh)
{
    for (size_t r = 0; r < sh->nrows; r++) {
        const fse_raw_row *row = &sh->rows[r];
        char head[64];
        int n = snprintf(head, sizeof head, "%ld:%zu|", row->line, row->ncells);
        o->digest = crc32(o->digest, (const Bytef *)head, (uInt)n);
        for (size_t c = 0; c < row->ncells; c++) {
            const fse_cell *x = &row->cells[c];
            unsigned char k = (unsigned char)x->kind;
            o->digest = crc32(o->digest, &k, 1);
            if (x->text) o->digest = crc32(o->digest, (const Bytef *)x->text, (uInt)strlen(x->text) + 1);
        }
        o->rows++;
    }
}

static void on_rows(void *ud, fse_raw_sheet *sh)
{
    take_rows(ud, sh);
    fse_sheet_drop_rows(sh, 0);
}

static outcome read_book(const char *path, bool isal)
{
    outcome o;
    memset(&o, 0, sizeof o);
    fse_xlsx_set_isal(isal);
    fse_xlsx_book *b = NULL;
    o.status = (int)fse_xlsx_open(path, &b, o.msg, sizeof o.msg);
    if (o.status == FSE_XLSX_OK) {
        fse_raw_sheet sh = { .on_rows = on_rows, .ud = &o };
        o.status = (int)fse_xlsx_read_sheet(b, 0, &sh, o.msg, sizeof o.msg);
        if (o.status == FSE_XLSX_OK) take_rows(&o, &sh);
        fse_sheet_free(&sh);
        fse_xlsx_close(b);
    }
    fse_xlsx_set_isal(true);
    return o;
}

static void same(const char *path, const char *what, size_t *ok, size_t *bad)
{
    outcome a = read_book(path, false), b = read_book(path, true);
    if (a.status != b.status || strcmp(a.msg, b.msg) || a.digest != b.digest || a.rows != b.rows)
        fail_msg("%s: libzip %d \"%s\" %zu rows %08lx, ISA-L %d \"%s\" %zu rows %08lx", what, a.status, a.msg,
                 a.rows, a.digest, b.status, b.msg, b.rows, b.digest);
    if (a.status == FSE_XLSX_OK) (*ok)++;
    else (*bad)++;
}

static void test_crc32_is_zip_crc(void **state)
{
    (void)state;
    unsigned char buf[1000];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 7 + 3);
    for (size_t n = 0; n <= sizeof buf; n += 37)
        assert_int_equal(crc32_gzip_refl(0, buf, n), crc32(0, buf, (uInt)n));
    /* chained, as xlsx_inflate.c runs it buffer after buffer */
    assert_int_equal(crc32_gzip_refl(crc32_gzip_refl(0, buf, 300), buf + 300, 700), crc32(0, buf, 1000));
}

static void test_sound_and_damaged(void **state)
{
    (void)state;
    char path[] = "/tmp/fsepack-isal-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    size_t len, ok = 0, bad = 0, parts0, sw0, parts1, sw1;
    unsigned char *orig = write_book(path, "", 0, &len), *b = malloc(len);
    assert_non_null(b);

    /* the sheet's entry: local header at 0, data after name and extra */
    assert_int_equal(get32(orig), 0x04034b50u);
    assert_int_equal(orig[8] | orig[9] << 8, ZIP_CM_DEFLATE);
    size_t data = 30 + (size_t)(orig[26] | orig[27] << 8) + (size_t)(orig[28] | orig[29] << 8);
    size_t comp = get32(orig + 18), usize = get32(orig + 22);
    assert_true(comp > 3 * 65536 / 10 && usize > 5 * 65536);   /* several inflated buffers */
    size_t cd = 0;                   /* its central directory entry: the first */
    for (size_t i = data + comp; i + 4 <= len && !cd; i++)
        if (get32(orig + i) == 0x02014b50u) cd = i;
    assert_true(cd > 0);

    /* sound: the same rows, through ISA-L */
    fse_xlsx_isal_counts(&parts0, &sw0);
    same(path, "sound", &ok, &bad);
    fse_xlsx_isal_counts(&parts1, &sw1);
    assert_int_equal(parts1 - parts0, 1);
    assert_int_equal(sw1 - sw0, 0);
    assert_int_equal(ok, 1);
    outcome sound = read_book(path, true);
    assert_int_equal(sound.rows, 6000);

    /* damaged: bit flips, overwritten runs, all over the deflate stream */
    uint32_t r = 99;
    char what[96];
    for (int t = 0; t < 300; t++) {
        memcpy(b, orig, len);
        r = r * 1103515245u + 12345u;
        size_t at = data + (r >> 4) % comp;
        if (t % 3 == 2) {                               /* a run of 16 bytes overwritten */
            for (size_t i = at; i < at + 16 && i < data + comp; i++) b[i] = (unsigned char)(r >> (i % 24));
            snprintf(what, sizeof what, "16 bytes overwritten at %zu", at - data);
        } else {
            b[at] ^= (unsigned char)(1u << (r >> 28) % 8);
            snprintf(what, sizeof what, "bit flip at %zu", at - data);
        }
        put(path, b, len);
        same(path, what, &ok, &bad);
    }
    /* the directory lies: CRC-32, uncompressed size (less, more), compressed size */
    static const struct { size_t off; long delta; const char *what; } lies[] = {
        { 16, 1, "CRC-32 + 1" }, { 24, -1, "size - 1" }, { 24, 1, "size + 1" }, { 24, -70000, "size - 70000" },
        { 20, -1, "compressed size - 1" }, { 20, -5000, "compressed size - 5000" },
    };
    for (size_t i = 0; i < sizeof lies / sizeof *lies; i++) {
        memcpy(b, orig, len);
        put32(b + cd + lies[i].off, (uint32_t)((long)get32(b + cd + lies[i].off) + lies[i].delta));
        put(path, b, len);
        same(path, lies[i].what, &ok, &bad);
    }
    fse_xlsx_isal_counts(&parts1, &sw1);
    print_message("ISA-L differential: %zu sound, %zu errors, %zu ISA-L reads, %zu taken over by libzip\n",
                  ok, bad, parts1 - parts0, sw1 - sw0);
    assert_true(bad > 250);           /* the damage is seen */
    assert_true(sw1 - sw0 > 250);     /* and libzip took over from ISA-L */
    free(orig);
    free(b);
    unlink(path);
}

/* Sound streams whose XML is wrong: the error at the end (ISA-L has read
 * the stream to its end) and in the middle (libzip checks the bytes given):
 * the same message both ways. */
static void test_sound_stream_bad_xml(void **state)
{
    (void)state;
    char path[] = "/tmp/fsepack-isal-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    size_t len, ok = 0, bad = 0;
    free(write_book(path, "<row r=\"5\"><c r=\"A5\"><v>1</v></c></row>", 6000, &len));
    same(path, "row 5 after 6000", &ok, &bad);
    outcome o = read_book(path, true);
    assert_int_equal(o.status, FSE_XLSX_ERR_BAD_VALUE);
    assert_string_equal(o.msg, "xl/worksheets/sheet1.xml:1:884844: ligne 5 après la ligne 6000");
    size_t parts0, sw0, parts1, sw1;
    fse_xlsx_isal_counts(&parts0, &sw0);
    free(write_book(path, "<row r=\"2999\"><c r=\"A2999\"><v>1</c></row>", 2000, &len));
    same(path, "mismatched tag", &ok, &bad);
    o = read_book(path, true);
    assert_int_equal(o.status, FSE_XLSX_ERR_XML);
    assert_non_null(strstr(o.msg, "mismatched tag"));
    fse_xlsx_isal_counts(&parts1, &sw1);
    assert_int_equal(sw1 - sw0, 2);     /* stopped mid-stream: libzip checked the bytes, twice */
    assert_int_equal(bad, 2);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32_is_zip_crc),
        cmocka_unit_test(test_sound_and_damaged),
        cmocka_unit_test(test_sound_stream_bad_xml),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
