/* fuzz_xlsx.c — libFuzzer harness for the XLSX reader (ingest/xlsx_reader.c,
 * xlsx_part.c, xlsx_styles.c on libzip + expat).
 *
 * Two shapes of input, picked by the first byte:
 *   - even: the rest is the .xlsx file itself (zip damage, truncation, bombs);
 *   - odd: the rest is the text of the parts, separated by the marker
 *     "\n@@\n", in the order of part_names below; the harness zips them
 *     (stored, sheets deflated: the CRCs are right) and the mutations reach the XML
 *     parsing of relationships, workbook, shared strings, styles and sheets,
 *     which a mutated deflate stream almost never would.
 * The book is opened, every sheet listed and read twice, through ISA-L
 * (xlsx_inflate.c) and through libzip: both must give the same status,
 * message and cells (else abort: a finding). Must end in a located
 * error or a sheet, never a crash, a leak, a hang or an unbounded
 * allocation (the part and sheet caps are lowered to 8 MiB / 64 MiB so that
 * zip bombs are caught by the limits, not by libFuzzer's -rss_limit_mb).
 * Seeds: tests/fuzz/corpus/xlsx/; dictionary: tests/fuzz/xlsx.dict. */
#include <zip.h>
#include "fuzz_common.h"
#include "ingest/xlsx_reader.h"
#include "ingest/xlsx_internal.h"

static const char *const part_names[] = {
    "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml",
    "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
};

/* Zip the parts of data (separated by "\n@@\n") into path (sheets deflated). */
static void write_parts(const char *path, const uint8_t *data, size_t size)
{
    int err = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z) abort();
    const char *p = (const char *)data, *end = p + size;
    for (size_t i = 0; i < sizeof part_names / sizeof *part_names && p <= end; i++) {
        const char *q = p;
        while (q + 4 <= end && memcmp(q, "\n@@\n", 4)) q++;
        if (q + 4 > end) q = end;
        zip_source_t *src = zip_source_buffer(z, p, (zip_uint64_t)(q - p), 0);
        if (!src) abort();
        zip_int64_t idx = zip_file_add(z, part_names[i], src, ZIP_FL_OVERWRITE);
        if (idx < 0) { zip_source_free(src); abort(); }
        /* sheets deflated, so that ISA-L's path reads them */
        zip_set_file_compression(z, (zip_uint64_t)idx, strstr(part_names[i], "worksheets/") ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                                 1);
        p = q + 4;
    }
    if (zip_close(z) != 0) abort();
}

/* FNV-1a of every row's line and cells (kind, text). */
static uint64_t digest(const fse_raw_sheet *sh)
{
    uint64_t h = 1469598103934665603u;
    for (size_t r = 0; r < sh->nrows; r++) {
        const fse_raw_row *row = &sh->rows[r];
        h = (h ^ (uint64_t)row->line) * 1099511628211u;
        for (size_t c = 0; c < row->ncells; c++) {
            h = (h ^ (uint64_t)row->cells[c].kind) * 1099511628211u;
            for (const char *t = row->cells[c].text; t && *t; t++) h = (h ^ (unsigned char)*t) * 1099511628211u;
            h = (h ^ 0xff) * 1099511628211u;
        }
    }
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[96];
    if (!path[0]) {
        snprintf(path, sizeof path, "%s/book.xlsx", fuzz_dir());
        fse_xlsx_set_limits((size_t)8 << 20, (size_t)64 << 20);
    }
    if (size < 1) return 0;
    if (data[0] & 1) write_parts(path, data + 1, size - 1);
    else fuzz_write(path, data + 1, size - 1);
    fse_xlsx_book *b = NULL;
    char msg[512];
    if (fse_xlsx_open(path, &b, msg, sizeof msg) != FSE_XLSX_OK) return 0;
    (void)fse_xlsx_is_1904(b);
    size_t n = fse_xlsx_sheet_count(b);
    for (size_t i = 0; i < n && i < 8; i++) {
        (void)fse_xlsx_sheet_name(b, i);
        /* differential: ISA-L's path (the default for sheets) and
         * libzip's must give the same status, message and cells */
        char msg2[512];
        fse_raw_sheet sh = { 0 }, sh2 = { 0 };
        fse_xlsx_error e1 = fse_xlsx_read_sheet(b, i, &sh, msg, sizeof msg);
        fse_xlsx_set_isal(false);
        fse_xlsx_error e2 = fse_xlsx_read_sheet(b, i, &sh2, msg2, sizeof msg2);
        fse_xlsx_set_isal(true);
        if (e1 != e2 || strcmp(msg, msg2) || digest(&sh) != digest(&sh2)) {
            fprintf(stderr, "ISA-L %d \"%s\" vs libzip %d \"%s\"\n", e1, msg, e2, msg2);
            abort();
        }
        fse_sheet_free(&sh);
        fse_sheet_free(&sh2);
    }
    fse_xlsx_close(b);
    return 0;
}
