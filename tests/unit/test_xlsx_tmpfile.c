/* test_xlsx_tmpfile.c — libxlsxwriter's temporary files with the buffers
 * of pieces/xlsx_tmpfile.c (issue 8). This binary defines lxw_tmpfile, as
 * fsepack does; ld exports a definition that a linked shared library also
 * has, so libxlsxwriter's own calls come to the replacement (the second
 * test fails otherwise):
 *   - a temporary file gets a FSE_XLSX_TMPFILE_BUF-byte buffer of ours,
 *     holds 3 MB written in uneven pieces and reads them back, and its
 *     buffer is freed by the release;
 *   - a constant_memory workbook of three 30 000-row sheets: each sheet's
 *     file comes from the replacement (three held after the sheets are
 *     added), workbook_close succeeds, every row reads back from the zip
 *     (libzip) in order, and the release frees every buffer;
 *   - a release after a failed close forgets the buffers without freeing
 *     them: a file left open by libxlsxwriter keeps a usable buffer.
 *   - part streams (xlsx_deflate.c, "part files"): a workbook of three
 *     sheets (one of 300 000 rows, so its part is many blocks), written
 *     once with its parts deflated as they are written and once through
 *     part files, gives the same bytes, and no part is lost;
 *   - a part stream read while no ISA-L entry is open, or closed unread,
 *     is counted lost;
 *   - a constant_memory sheet whose temporary file is cut by a file size
 *     limit (in a child) fails fse_xlsx_write with the message naming its
 *     part (xlsx_writer.c cut_stream_sheet: its end tags, written into the
 *     part stream, no longer show the cut).
 * (Leaks and use after free are for the ASAN build of this test.) */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "pieces/xlsx_tmpfile.h"
#include "pieces/xlsx_deflate.h"
#include "pieces/doc.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define ROWS 30000

static void test_buffer(void **state)
{
    (void)state;
    assert_int_equal(fse_xlsx_tmpfile_held(), 0);
    FILE *f = lxw_tmpfile(NULL);
    assert_non_null(f);
    assert_int_equal(fse_xlsx_tmpfile_held(), 1);
    /* glibc's FILE: the buffer set by setvbuf, of our size */
    assert_int_equal(f->_IO_buf_end - f->_IO_buf_base, FSE_XLSX_TMPFILE_BUF);
    size_t total = 3u * 1024 * 1024, done = 0;
    unsigned char *src = malloc(total), *back = malloc(total + 1);
    assert_non_null(src);
    assert_non_null(back);
    for (size_t i = 0; i < total; i++) src[i] = (unsigned char)(i * 2654435761u >> 13);
    for (size_t k = 1; done < total; k = k * 7 % 100003 + 1) {
        size_t n = k < total - done ? k : total - done;
        assert_int_equal(fwrite(src + done, 1, n, f), n);
        done += n;
    }
    assert_int_equal(fflush(f), 0);
    rewind(f);
    assert_int_equal(fread(back, 1, total + 1, f), total);
    assert_memory_equal(back, src, total);
    assert_int_equal(fclose(f), 0);
    fse_xlsx_tmpfile_release(true);
    assert_int_equal(fse_xlsx_tmpfile_held(), 0);
    free(src);
    free(back);
}

/* The text of entry name of the zip at path, NUL-ended (caller frees). */
static char *zip_text(const char *path, const char *name)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    assert_non_null(z);
    zip_stat_t st;
    assert_int_equal(zip_stat(z, name, 0, &st), 0);
    char *s = malloc(st.size + 1);
    assert_non_null(s);
    zip_file_t *zf = zip_fopen(z, name, 0);
    assert_non_null(zf);
    assert_int_equal(zip_fread(zf, s, st.size), (zip_int64_t)st.size);
    s[st.size] = 0;
    zip_fclose(zf);
    zip_close(z);
    return s;
}

static void test_workbook(void **state)
{
    (void)state;
    char path[] = "/tmp/fse-tmpfile-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    assert_non_null(wb);
    lxw_worksheet *ws[3];
    for (int s = 0; s < 3; s++) {
        char name[16];
        snprintf(name, sizeof name, "Feuille %d", s + 1);
        ws[s] = workbook_add_worksheet(wb, name);
        assert_non_null(ws[s]);
    }
    assert_int_equal(fse_xlsx_tmpfile_held(), 3);   /* the sheets' files are ours */
    for (int s = 0; s < 3; s++)
        for (lxw_row_t r = 0; r < ROWS; r++) {
            char txt[32];
            snprintf(txt, sizeof txt, "s%d-r%u", s, (unsigned)r);
            assert_int_equal(worksheet_write_number(ws[s], r, 0, r * 0.5 + s, NULL), LXW_NO_ERROR);
            assert_int_equal(worksheet_write_string(ws[s], r, 1, txt, NULL), LXW_NO_ERROR);
        }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    assert_true(fse_xlsx_tmpfile_held() > 3);         /* and the parts' files */
    fse_xlsx_tmpfile_release(true);
    assert_int_equal(fse_xlsx_tmpfile_held(), 0);

    for (int s = 0; s < 3; s++) {
        char entry[40];
        snprintf(entry, sizeof entry, "xl/worksheets/sheet%d.xml", s + 1);
        char *xml = zip_text(path, entry);
        const char *p = xml;
        for (lxw_row_t r = 0; r < ROWS; r++) {
            char want[192];
            snprintf(want, sizeof want, "<row r=\"%u\"><c r=\"A%u\"><v>%.16G</v></c><c r=\"B%u\" t=\"inlineStr\">"
                     "<is><t>s%d-r%u</t></is></c></row>", r + 1, r + 1, r * 0.5 + s, r + 1, s, (unsigned)r);
            const char *q = strstr(p, want);
            if (!q) fail_msg("sheet %d: row %u missing: %s", s + 1, r + 1, want);
            p = q + strlen(want);
        }
        assert_string_equal(p, "</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" "
                               "bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>");
        free(xml);
    }
    unlink(path);
}

static void test_failed_release(void **state)
{
    (void)state;
    static FILE *left_open;   /* as libxlsxwriter leaves a file it failed to zip */
    left_open = lxw_tmpfile(NULL);
    assert_non_null(left_open);
    assert_int_equal(fse_xlsx_tmpfile_held(), 1);
    fputs("<worksheet>", left_open);
    fse_xlsx_tmpfile_release(false);
    assert_int_equal(fse_xlsx_tmpfile_held(), 0);
    fputs("</worksheet>", left_open);   /* its buffer is still there */
    assert_int_equal(fflush(left_open), 0);
    rewind(left_open);
    char back[32] = { 0 };
    assert_int_equal(fread(back, 1, sizeof back - 1, left_open), 23);
    assert_string_equal(back, "<worksheet></worksheet>");
}

/* A constant_memory workbook at path: sheet 1 of big rows, two small
 * sheets; closed with its parts streamed or not. */
static void make_workbook(const char *path, bool streamed, lxw_row_t big)
{
    lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    assert_non_null(wb);
    lxw_doc_properties props = { .created = 1735689600 };   /* docProps/core.xml: not the clock */
    assert_int_equal(workbook_set_properties(wb, &props), LXW_NO_ERROR);
    for (int s = 0; s < 3; s++) {
        char name[16];
        snprintf(name, sizeof name, "Feuille %d", s + 1);
        lxw_worksheet *ws = workbook_add_worksheet(wb, name);
        assert_non_null(ws);
        for (lxw_row_t r = 0; r < (s ? 50 : big); r++) {
            char txt[48];
            snprintf(txt, sizeof txt, "texte %u <&> é %d", (unsigned)(r * 2654435761u % 100003), s);
            assert_int_equal(worksheet_write_number(ws, r, 0, r * 0.25 - s, NULL), LXW_NO_ERROR);
            assert_int_equal(worksheet_write_string(ws, r, 1, txt, NULL), LXW_NO_ERROR);
        }
    }
    fse_xlsx_parts_lost();
    fse_xlsx_parts_streamed(streamed);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    fse_xlsx_parts_streamed(false);
    assert_int_equal(fse_xlsx_parts_lost(), 0);
    fse_xlsx_tmpfile_release(true);
}

static unsigned char *file_bytes(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long len = ftell(f);
    assert_true(len > 0);
    rewind(f);
    unsigned char *b = malloc((size_t)len);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return b;
}

static void test_part_streams_same_bytes(void **state)
{
    (void)state;
    char a[] = "/tmp/fse-parts-a-XXXXXX.xlsx", b[] = "/tmp/fse-parts-b-XXXXXX.xlsx";
    int fa = mkstemps(a, 5), fb = mkstemps(b, 5);
    assert_true(fa >= 0 && fb >= 0);
    close(fa);
    close(fb);
    make_workbook(a, true, 300000);
    make_workbook(b, false, 300000);
    size_t na, nb;
    unsigned char *ba = file_bytes(a, &na), *bb = file_bytes(b, &nb);
    assert_true(na > 1000000);   /* sheet 1: many blocks of 16 KiB */
    assert_int_equal(na, nb);
    assert_memory_equal(ba, bb, na);
    char *xml = zip_text(a, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(xml, "<row r=\"300000\">"));
    free(xml);
    free(ba);
    free(bb);
    unlink(a);
    unlink(b);
}

static void test_part_stream_lost(void **state)
{
    (void)state;
    fse_xlsx_parts_lost();
    fse_xlsx_parts_streamed(true);
    FILE *f = lxw_tmpfile(NULL);   /* a part stream: no zip entry is open */
    assert_non_null(f);
    fputs("<worksheet></worksheet>", f);
    fflush(f);
    rewind(f);
    char back[8];
    assert_int_equal(fread(back, 1, sizeof back, f), 0);
    fclose(f);
    assert_int_equal(fse_xlsx_parts_lost(), 1);
    f = lxw_tmpfile(NULL);         /* written, closed unread */
    assert_non_null(f);
    fputs("<worksheet/>", f);
    fclose(f);
    fse_xlsx_parts_streamed(false);
    assert_int_equal(fse_xlsx_parts_lost(), 1);
    fse_xlsx_tmpfile_release(true);
}

static void test_cut_stream_sheet(void **state)
{
    (void)state;
    char path[] = "/tmp/fse-cut-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    fse_doc *d = fse_doc_new("Bilan", "PLIE", "fiche", "2024", "01/01/2025", 1735689600);
    fse_doc_table *t = fse_doc_table_add(d, "Preuves", "Preuves");
    fse_doc_col(t, "Source", FSE_COL_TEXT, 2, 0);
    fse_doc_col(t, "Heures", FSE_COL_NUMBER, 1, 2);
    char buf[64];
    for (int i = 0; i < 20000; i++) {   /* ~1.5 MB of rows in the sheet's temporary file */
        fse_doc_row(t);
        snprintf(buf, sizeof buf, "heures.csv:%d ligne de preuve", i + 2);
        fse_doc_put_text(t, 0, buf);
        fse_doc_put_num(t, 1, i * 0.25);
    }
    fse_xlsx_set_stream_cells(100);   /* constant_memory */
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = { 512 * 1024, 512 * 1024 };
        setrlimit(RLIMIT_FSIZE, &rl);
        char err[512] = "";
        int rc = fse_xlsx_write(d, path, err, sizeof err);
        bool named = strstr(err, "la partie xl/worksheets/sheet") && strstr(err, "est incomplète");
        if (rc == 0 || !named) fprintf(stderr, "rc %d: %s\n", rc, err);
        _exit(rc != 0 && named ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    fse_xlsx_set_stream_cells(0);
    fse_doc_free(d);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buffer),
        cmocka_unit_test(test_workbook),
        cmocka_unit_test(test_part_streams_same_bytes),
        cmocka_unit_test(test_part_stream_lost),
        cmocka_unit_test(test_cut_stream_sheet),
        cmocka_unit_test(test_failed_release),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
