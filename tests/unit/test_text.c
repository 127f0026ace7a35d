/* test_text.c — strict UTF-8, normalised keys, trimming, BMP filtering. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <string.h>
#include <cmocka.h>
#include <sys/wait.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>

#include "common/text.h"
#include "common/util.h"
#include "ingest/csv_reader.h"

static bool valid(const char *s, size_t len, size_t *bad)
{
    return fse_utf8_valid(s, len, bad);
}
#define VALID(lit) valid(lit, sizeof lit - 1, NULL)

static void test_utf8_valid_accepts(void **state)
{
    (void)state;
    assert_true(VALID(""));
    assert_true(VALID("plain ascii; 123\r\n"));
    assert_true(VALID("Crit\xC3\xA8re d\xE2\x80\x99\xC3\xA9ligibilit\xC3\xA9"));
    assert_true(VALID("\xC2\x80"));                 /* U+0080, smallest 2-byte */
    assert_true(VALID("\xDF\xBF"));                 /* U+07FF */
    assert_true(VALID("\xE0\xA0\x80"));             /* U+0800, smallest 3-byte */
    assert_true(VALID("\xED\x9F\xBF"));             /* U+D7FF, just below surrogates */
    assert_true(VALID("\xEE\x80\x80"));             /* U+E000, just above */
    assert_true(VALID("\xEF\xBF\xBD"));             /* U+FFFD */
    assert_true(VALID("\xF0\x90\x80\x80"));         /* U+10000 */
    assert_true(VALID("\xF0\x9F\x98\x80"));         /* emoji U+1F600 */
    assert_true(VALID("\xF4\x8F\xBF\xBF"));         /* U+10FFFF, the last one */
    assert_true(VALID("a\0b"));                     /* NUL is a valid code point */
}

/* The strict UTF-8 rules of text.c's utf8_decode, one byte at a time and
 * without any fast path: the reference fse_utf8_valid's word and SSE2
 * skips must agree with (verdict and offset of the first bad sequence). */
static bool valid_ref(const unsigned char *u, size_t len, size_t *bad)
{
    for (size_t i = 0; i < len;) {
        unsigned c = u[i];
        size_t n;
        uint32_t v, min;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 0x1F; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 3; v = c & 0x0F; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 4; v = c & 0x07; min = 0x10000; }
        else { *bad = i; return false; }
        for (size_t k = 1; k < n; k++) {
            if (i + k >= len || (u[i + k] & 0xC0) != 0x80) { *bad = i; return false; }
            v = (v << 6) | (u[i + k] & 0x3F);
        }
        if (v < min || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) { *bad = i; return false; }
        i += n;
    }
    return true;
}

/* Random buffers of ASCII runs, valid sequences of every length and rare
 * bad bytes, at every alignment and length around the 8- and 16-byte
 * steps: fse_utf8_valid gives exactly the reference's verdict and offset. */
static void test_utf8_valid_matches_reference(void **state)
{
    (void)state;
    static const char *const pieces[] = { "a", "0123456789abcdef", "; ", "\xC3\xA9", "\xE2\x80\x99",
                                          "\xF0\x9F\x98\x80", "\xC2\x80", "\xDF\xBF", "\xEF\xBF\xBD" };
    static const unsigned char bads[] = { 0x80, 0xBF, 0xC0, 0xC1, 0xC3, 0xE0, 0xED, 0xF4, 0xF5, 0xFF };
    unsigned seed = 12345;
    unsigned char buf[200];
    for (int iter = 0; iter < 200000; iter++) {
        size_t len = 0, want = (size_t)(rand_r(&seed) % 80);
        while (len < want) {
            const char *p = pieces[rand_r(&seed) % (sizeof pieces / sizeof *pieces)];
            size_t n = strlen(p);
            if (len + n > sizeof buf) break;
            memcpy(buf + len, p, n);
            len += n;
        }
        if (len && iter % 3 == 0) buf[rand_r(&seed) % len] = bads[rand_r(&seed) % sizeof bads];
        if (len && iter % 7 == 0) len -= (size_t)(rand_r(&seed) % 3) % (len + 1);   /* cut a sequence */
        size_t off = (size_t)(rand_r(&seed) % 5) % (len + 1), b1 = 0, b2 = 0;
        bool r1 = fse_utf8_valid((const char *)buf + off, len - off, &b1);
        bool r2 = valid_ref(buf + off, len - off, &b2);
        assert_int_equal(r1, r2);
        if (!r1) assert_int_equal(b1, b2);
    }
}

static void test_utf8_valid_rejects(void **state)
{
    (void)state;
    size_t bad = 99;
    /* overlong forms */
    assert_false(valid("ab\xC0\xAF", 4, &bad));     assert_int_equal(bad, 2);
    assert_false(valid("\xC1\xBF", 2, &bad));       assert_int_equal(bad, 0);
    assert_false(valid("x\xE0\x80\xAF", 4, &bad));  assert_int_equal(bad, 1);
    assert_false(valid("\xE0\x9F\xBF", 3, &bad));   assert_int_equal(bad, 0);
    assert_false(valid("\xF0\x8F\xBF\xBF", 4, &bad)); assert_int_equal(bad, 0);
    /* surrogates U+D800, U+DFFF */
    assert_false(valid("ok\xED\xA0\x80", 5, &bad)); assert_int_equal(bad, 2);
    assert_false(valid("\xED\xBF\xBF", 3, &bad));   assert_int_equal(bad, 0);
    /* above U+10FFFF and forbidden leads */
    assert_false(valid("\xF4\x90\x80\x80", 4, &bad)); assert_int_equal(bad, 0);
    assert_false(valid("abc\xF5\x80\x80\x80", 7, &bad)); assert_int_equal(bad, 3);
    assert_false(valid("\xFF", 1, &bad));           assert_int_equal(bad, 0);
    /* stray continuation byte */
    assert_false(valid("a\x80z", 3, &bad));         assert_int_equal(bad, 1);
    /* truncated sequences: at the end and followed by ASCII (CP1252 é) */
    assert_false(valid("ab\xC3", 3, &bad));         assert_int_equal(bad, 2);
    assert_false(valid("\xE2\x80", 2, &bad));       assert_int_equal(bad, 0);
    assert_false(valid("\xF0\x9F\x98", 3, &bad));   assert_int_equal(bad, 0);
    assert_false(valid("caf\xE9 x", 6, &bad));      assert_int_equal(bad, 3);
    /* the length bounds the check: the truncated tail is outside it */
    assert_true(valid("ab\xC3\xA9", 2, NULL));
    assert_false(valid("ab\xC3\xA9", 3, NULL));
    /* NULL bad_at is allowed */
    assert_false(valid("\xC0", 1, NULL));
}

static void key_is(const char *in, const char *want)
{
    char *k = fse_norm_key(in);
    assert_string_equal(k, want);
    free(k);
}

static void test_norm_key_headers(void **state)
{
    (void)state;
    key_is("N\xC2\xB0 op\xC3\xA9ration", "noperation");               /* N° opération */
    key_is("N\xC2\xBA op\xC3\xA9ration", "noperation");               /* Nº (ordinal) */
    key_is("Donneur d\xE2\x80\x99ordre", "donneurdordre");            /* ’ */
    key_is("Donneur d'ordre", "donneurdordre");
    key_is("Crit\xC3\xA8re d'\xC3\xA9ligibilit\xC3\xA9", "criteredeligibilite");
    key_is("R\xC3\xA9" "f. participant", "refparticipant");
    key_is("Charg\xC3\xA9(e)", "chargee");
    key_is("\xC3\x89V\xC3\x89NEMENT emploi", "evenementemploi");      /* ÉVÉNEMENT */
    key_is("\xC5\x92uvre", "oeuvre");                                  /* Œuvre */
    key_is("c\xC5\x93ur", "coeur");                                    /* cœur */
    key_is("\xC3\x86sop \xC3\xA6", "aesopae");
    key_is("Stra\xC3\x9F" "e", "strasse");
    key_is("Heures r\xC3\xA9" "alis\xC3\xA9" "es", "heuresrealisees");
    key_is("  Nb\xC2\xA0" "d'heures\xE2\x80\xAF" "effectu\xC3\xA9" "es ", "nbdheureseffectuees");
    key_is("Type de structure \xE2\x80\x93 SIAE", "typedestructuresiae"); /* – */
    key_is("\xC2\xAB" "Lot 01\xC2\xBB", "lot01");                      /* «Lot 01» */
    key_is("Ao\xC3\xBBt", "aout");
    key_is("\xC3\x87" "A", "ca");
    key_is("\xC3\xBF\xC5\xB8", "yy");                                  /* ÿŸ */
    key_is("\xC5\x81\xC3\xB3" "d\xC5\xBA", "lodz");                    /* Łódź */
    key_is("e\xCC\x81t\xC3\xA9", "ete");                               /* decomposed é */
    key_is("\xE2\x82\xAC 12\xC3\x97" "3", "123");                      /* € and × dropped */
    key_is("SIRET 123 456 789 00012", "siret12345678900012");
    key_is("caf\xE9", "caf");                                          /* invalid byte dropped */
    key_is("", "");
    key_is(NULL, "");
}

static void test_utf8_len(void **state)
{
    (void)state;
    assert_int_equal(fse_utf8_len(""), 0);
    assert_int_equal(fse_utf8_len("abc"), 3);
    assert_int_equal(fse_utf8_len("\xC3\xA9t\xC3\xA9"), 3);
    assert_int_equal(fse_utf8_len("\xE2\x82\xAC\xF0\x9F\x98\x80"), 2);
    assert_int_equal(fse_utf8_len(NULL), 0);
}

static void test_bmp_only(void **state)
{
    (void)state;
    char *s = fse_utf8_bmp_only("a\xF0\x9F\x98\x80" "b\xE2\x82\xAC\xF4\x8F\xBF\xBF");
    assert_string_equal(s, "a\xEF\xBF\xBD" "b\xE2\x82\xAC\xEF\xBF\xBD");
    free(s);
    s = fse_utf8_bmp_only("d\xC3\xA9j\xC3\xA0 vu");
    assert_string_equal(s, "d\xC3\xA9j\xC3\xA0 vu");
    free(s);
    s = fse_utf8_bmp_only("");
    assert_string_equal(s, "");
    free(s);
    s = fse_utf8_bmp_only(NULL);
    assert_string_equal(s, "");
    free(s);
}

static void trim_is(const char *in, const char *want)
{
    char buf[64];
    strcpy(buf, in);
    assert_ptr_equal(fse_trim(buf), buf);
    assert_string_equal(buf, want);
}

static void test_trim(void **state)
{
    (void)state;
    trim_is("  abc \t\r\n", "abc");
    trim_is("\xC2\xA0" "1 234\xC2\xA0", "1 234");                 /* NBSP both ends */
    trim_is("\xE2\x80\xAF\xC2\xA0 x y \xE2\x80\xAF", "x y");       /* U+202F, NBSP, space */
    trim_is("a\xC2\xA0" "b", "a\xC2\xA0" "b");                    /* inner blanks kept */
    trim_is("\xC3\xA9", "\xC3\xA9");                               /* é is not a blank */
    trim_is("\xE2\x80\x93", "\xE2\x80\x93");                       /* – is not U+202F */
    trim_is(" \xC2\xA0\xE2\x80\xAF ", "");
    trim_is("", "");
    assert_null(fse_trim(NULL));
}

static void neutral_is(const char *in, const char *want, size_t nctl, size_t col, size_t astral)
{
    char *s = strdup(in);
    size_t c = 0, a = 0;
    assert_int_equal(fse_text_neutralise(s, &c, &a), nctl);
    assert_string_equal(s, want);
    assert_int_equal(c, col);
    assert_int_equal(a, astral);
    free(s);
}

static void test_neutralise(void **state)
{
    (void)state;
    neutral_is("a\tb", "a b", 0, 0, 0);                      /* TAB: a space, not counted */
    neutral_is("l1\nl2\r\n", "l1\nl2\r\n", 0, 0, 0);       /* line breaks kept */
    neutral_is("\xC3\xA9\x01x\x7F", "\xC3\xA9 x ", 2, 2, 0); /* C0, DEL; column in characters */
    neutral_is("a\xC2\x85" "b\xC2\xA0", "a b\xC2\xA0", 1, 2, 0); /* C1 NEL, NBSP kept */
    neutral_is("\xF0\x9F\x98\x80 \xE2\x82\xAC", "\xF0\x9F\x98\x80 \xE2\x82\xAC", 0, 0, 1);
    assert_int_equal(fse_text_neutralise(NULL, NULL, NULL), 0);
}

/* fse_file_bytes_read (util.h): a file of 1 MiB or more is mapped, a
 * smaller one read; the bytes are the file's either way. The big file is
 * an exact number of pages (no byte after it, not even a NUL), so a CSV
 * parse that read past its end would fault here; its last line holds a
 * stray quote, located from the mapped bytes after the rows before it
 * were released. */
static void test_file_bytes(void **state)
{
    (void)state;
    char path[] = "/tmp/fsepack-test-map.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t size = (size_t)2 << 20, k = 0;
    char *b = malloc(size);
    assert_non_null(b);
    long rows = 0;
    while (size - k > 64) k += (size_t)snprintf(b + k, size - k, "%ld;caf\xC3\xA9 %ld;x\n", rows, rows * 7), rows++;
    memset(b + k, 'y', size - k);          /* the last line: "yyy…y\"y" without a newline */
    b[size - 2] = '"';
    assert_int_equal(write(fd, b, size), (ssize_t)size);
    close(fd);
    fse_file_bytes fb;
    struct sigaction before, during, after;
    sigaction(SIGBUS, NULL, &before);
    assert_int_equal(fse_file_bytes_read(path, size, &fb), 0);
    sigaction(SIGBUS, NULL, &during);
    assert_ptr_not_equal(during.sa_handler, before.sa_handler);   /* the truncation handler, while mapped */
    assert_int_equal(fb.mapped, size);
    assert_int_equal(fb.len, size);
    assert_memory_equal(fb.s, b, size);
    fse_raw_sheet sh = {0};
    fse_csv_options opt = { .encoding = -1, .release_input = true };
    long line, col;
    char msg[200];
    assert_int_equal(fse_csv_read_buffer(fb.s, fb.len, &opt, &sh, &line, &col, msg, sizeof msg), FSE_CSV_ERR_PARSE);
    assert_int_equal(line, rows + 1);
    assert_int_equal(col, (long)(size - k) - 1);
    assert_false(fse_file_changed(&fb.id, path));
    fse_file_bytes_free(&fb);
    assert_null(fb.s);
    sigaction(SIGBUS, NULL, &after);
    assert_ptr_equal(after.sa_handler, before.sa_handler);         /* given back once unmapped */
    assert_int_equal(fse_file_bytes_read(path, size - 1, &fb), EFBIG);
    /* a small file is read, NUL-terminated */
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("a;b\n", f);
    fclose(f);
    assert_int_equal(fse_file_bytes_read(path, size, &fb), 0);
    assert_int_equal(fb.mapped, 0);
    assert_string_equal(fb.s, "a;b\n");
    assert_true(fb.id.set);
    assert_false(fse_file_changed(&fb.id, path));
    /* rewritten in place, same size: another modification time */
    struct timespec later[2] = { { 0, UTIME_OMIT }, { 1700000000, 123 } };
    assert_int_equal(utimensat(AT_FDCWD, path, later, 0), 0);
    assert_true(fse_file_changed(&fb.id, path));
    fse_file_id same_time = fb.id;
    same_time.mtime_s = 1700000000, same_time.mtime_ns = 123;
    assert_false(fse_file_changed(&same_time, path));
    f = fopen(path, "ab");                  /* grown */
    assert_non_null(f);
    fputs("c;d\n", f);
    fclose(f);
    struct timespec back[2] = { { 0, UTIME_OMIT }, { 1700000000, 123 } };
    assert_int_equal(utimensat(AT_FDCWD, path, back, 0), 0);
    assert_true(fse_file_changed(&same_time, path));
    fse_file_bytes_free(&fb);
    unlink(path);
    assert_true(fse_file_changed(&same_time, path));   /* gone */
    assert_int_equal(fse_file_bytes_read(path, size, &fb), ENOENT);
    free(b);
}

/* A mapped export truncated while it is read (another program rewriting
 * it): the read faults, fsepack stops with EX_IOERR (74) and one line
 * "<path>: error: … tronqué ou réécrit …" (run in a child process). */
static void test_mapped_file_truncated(void **state)
{
    (void)state;
    char path[] = "/tmp/fsepack-test-trunc.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t size = (size_t)2 << 20;
    char *b = malloc(size);
    assert_non_null(b);
    memset(b, 'x', size);
    assert_int_equal(write(fd, b, size), (ssize_t)size);
    close(fd);
    free(b);
    int err[2];
    assert_int_equal(pipe(err), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(err[1], STDERR_FILENO);
        fse_file_bytes fb;
        if (fse_file_bytes_read(path, size, &fb) || !fb.mapped) _exit(1);
        if (truncate(path, 0)) _exit(2);
        volatile char sink = fb.s[size - 1];   /* past the new end: SIGBUS */
        (void)sink;
        _exit(3);
    }
    close(err[1]);
    /* the handler writes the path and the message in two writes: read to
     * the end (one read could return the path alone, on a busy machine) */
    char out[1024] = "";
    ssize_t n = 0, got;
    while (n < (ssize_t)sizeof out - 1 && (got = read(err[0], out + n, sizeof out - 1 - (size_t)n)) > 0) n += got;
    close(err[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    unlink(path);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 74);
    assert_true(n > 0);
    out[n] = 0;
    assert_true(strncmp(out, path, strlen(path)) == 0);
    assert_non_null(strstr(out, ": error: le fichier d'entrée a été tronqué ou réécrit pendant sa lecture"));
}

/* Reads fd to its end into out (NUL-terminated); the byte count. */
static ssize_t read_all(int fd, char *out, size_t cap)
{
    ssize_t n = 0, got;
    while (n < (ssize_t)cap - 1 && (got = read(fd, out + n, cap - 1 - (size_t)n)) > 0) n += got;
    out[n] = 0;
    return n;
}

/* The out-of-memory exit writes its message to the descriptor given by
 * fse_set_fatal_fd, not to fd 2, which xlsx_writer.c points at a capture
 * file while libxlsxwriter closes a workbook (the message was lost). */
static void test_oom_message_to_fatal_fd(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__)
    skip();   /* ASan aborts on the impossible allocation instead of returning NULL */
#else
    int cap[2], real[2];
    assert_int_equal(pipe(cap), 0);
    assert_int_equal(pipe(real), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(cap[1], STDERR_FILENO);
        fse_set_fatal_fd(real[1]);
        volatile void *p = fse_xmalloc(SIZE_MAX / 2);
        (void)p;
        _exit(3);
    }
    close(cap[1]);
    close(real[1]);
    char shown[256], captured[256];
    read_all(real[0], shown, sizeof shown);
    read_all(cap[0], captured, sizeof captured);
    close(real[0]);
    close(cap[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 71);
    assert_string_equal(shown, "fsepack: mémoire insuffisante\n");
    assert_string_equal(captured, "");
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid_accepts),
        cmocka_unit_test(test_utf8_valid_rejects),
        cmocka_unit_test(test_utf8_valid_matches_reference),
        cmocka_unit_test(test_norm_key_headers),
        cmocka_unit_test(test_utf8_len),
        cmocka_unit_test(test_bmp_only),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_neutralise),
        cmocka_unit_test(test_file_bytes),
        cmocka_unit_test(test_mapped_file_truncated),
        cmocka_unit_test(test_oom_message_to_fatal_fd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
