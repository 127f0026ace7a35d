/* xlsx_fixture.h — what test_xlsx_reader.c and test_xlsx_isal.c share: the
 * smallest workbook a reader accepts (package rels, workbook, its rels, one
 * sheet "S"), written with libzip around a sheet's XML. */
#ifndef XLSX_FIXTURE_H
#define XLSX_FIXTURE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <zip.h>
#include <cmocka.h>

/* Writes the workbook at path (created or truncated) with sheet as
 * xl/worksheets/sheet1.xml (NUL-terminated XML, borrowed). sheet_first: the
 * sheet is the zip's first entry (its local header at offset 0); level:
 * the deflate level of every entry (ZIP_CM_DEFLATE), or 0 for libzip's
 * default. Fails the test on any libzip error. */
static inline void fixture_write_book(const char *path, const char *sheet, bool sheet_first, int level)
{
    static const char *const names[] = { "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels" };
    static const char *const bodies[] = {
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
        "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"r1\"/></sheets></workbook>",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
    };
    int err = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(z);
    for (size_t k = 0; k < 4; k++) {
        size_t i = sheet_first ? (k + 3) % 4 : k;   /* 3: the sheet */
        const char *name = i == 3 ? "xl/worksheets/sheet1.xml" : names[i];
        const char *body = i == 3 ? sheet : bodies[i];
        zip_source_t *s = zip_source_buffer(z, body, strlen(body), 0);
        assert_non_null(s);
        zip_int64_t idx = zip_file_add(z, name, s, ZIP_FL_OVERWRITE);
        assert_true(idx >= 0);
        if (level) assert_int_equal(zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, (zip_uint32_t)level), 0);
    }
    assert_int_equal(zip_close(z), 0);
}

#endif
