/* test_scale.c — what keeps ingest linear at a regional scale (issue 8):
 * the string pool (one pointer per distinct text, arena allocations), the
 * string set (each value kept once), and the streaming loader of
 * ingest/source.c on a file of thousands of rows (every row typed, line
 * numbers kept, total line and shifted rows found, the header searched in
 * the first 50 rows only). Templates are read from the repository. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/strpool.h"
#include "common/strset.h"
#include "common/util.h"
#include "config/templates.h"
#include "datasets/dataset.h"
#include "ingest/source.h"

#include "source_fixture.h"

/* A pool's tables are kept once freed and handed to the next pool that
 * grows to their size (strpool.c spare_table): that pool must find them
 * empty. Pool a grows through the kept sizes (64 KiB to 1 MiB) and is
 * freed; pool b then grows through them again: every text it interns,
 * all a's texts, is new to it, and found again at its own copy (a table
 * kept without being cleared would answer with a's freed copies). */
static void test_strpool_tables_reused_empty(void **state)
{
    (void)state;
    char buf[32];
    fse_strpool a = {0};
    for (int i = 0; i < 20000; i++) {    /* the texts of test_strpool_interns, and more */
        int n = snprintf(buf, sizeof buf, "P%07d", i);
        fse_strpool_intern(&a, buf, (size_t)n);
        assert_int_equal(a.count, (size_t)i + 1);
    }
    assert_int_equal(a.count, 20000);
    assert_true(a.nslots * sizeof *a.slots >= (size_t)2 << 20);   /* went past the kept sizes */
    fse_strpool_free(&a);
    fse_strpool b = {0};
    static const char *got[20000];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(buf, sizeof buf, "P%07d", i);
        got[i] = fse_strpool_intern(&b, buf, (size_t)n);
        assert_int_equal(b.count, (size_t)i + 1);                 /* new to b */
        assert_string_equal(got[i], buf);
    }
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(buf, sizeof buf, "P%07d", i);
        assert_ptr_equal(fse_strpool_intern(&b, buf, (size_t)n), got[i]);
    }
    assert_int_equal(b.count, 20000);
    fse_strpool_free(&b);
}

static void test_strpool_interns(void **state)
{
    (void)state;
    fse_strpool p = {0};
    const char *a = fse_strpool_intern(&p, "Mise à disposition;x", 19);
    const char *b = fse_strpool_intern(&p, "Mise à disposition", strlen("Mise à disposition"));
    assert_ptr_equal(a, b);                              /* same text, same pointer */
    assert_string_equal(a, "Mise à disposition");
    const char *c = fse_strpool_intern(&p, "Mise à", 7);
    assert_ptr_not_equal(a, c);                          /* a prefix is another text */
    assert_string_equal(c, "Mise à");
    assert_string_equal(fse_strpool_intern(&p, "", 0), "");
    /* thousands of texts: the table grows, every pointer stays valid and unique */
    const char *seen[5000];
    char buf[32];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(buf, sizeof buf, "P%07d", i);
        seen[i] = fse_strpool_intern(&p, buf, (size_t)n);
    }
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(buf, sizeof buf, "P%07d", i);
        assert_ptr_equal(fse_strpool_intern(&p, buf, (size_t)n), seen[i]);
        assert_string_equal(seen[i], buf);
    }
    assert_int_equal(p.count, 5000 + 3);
    /* texts told apart by their first 12 bytes (kept in the slot) or only
     * past them, or by their length alone */
    static const char *const near[] = { "ABCDEFGHIJKL", "ABCDEFGHIJKLM", "ABCDEFGHIJKLN", "ABCDEFGHIJK",
                                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ABCDEFGHIJKLMNOPQRSTUVWXYz",
                                        "ABCDEFGHIJKL\xC3\xA9", "ABCDEFGHIJKLM\xC3" };
    const char *got[8];
    for (int i = 0; i < 8; i++) got[i] = fse_strpool_intern(&p, near[i], strlen(near[i]));
    for (int i = 0; i < 8; i++) {
        assert_string_equal(got[i], near[i]);
        assert_ptr_equal(fse_strpool_intern(&p, near[i], strlen(near[i])), got[i]);
        for (int j = 0; j < i; j++) assert_ptr_not_equal(got[i], got[j]);
    }
    assert_ptr_equal(fse_strpool_intern(&p, "ABCDEFGHIJKLMNOP", 12), got[0]);   /* a prefix of s */
    assert_ptr_equal(fse_strpool_intern_hashed(&p, "ABCDEFGHIJKLM", 13, fse_hash_bytes("ABCDEFGHIJKLM", 13)),
                     got[1]);
    assert_int_equal(p.count, 5000 + 3 + 8);
    double *d = fse_strpool_alloc(&p, 10 * sizeof *d);   /* zeroed, aligned */
    assert_int_equal((uintptr_t)d % _Alignof(max_align_t), 0);
    for (int i = 0; i < 10; i++) assert_true(d[i] == 0);
    char *big = fse_strpool_alloc(&p, 1 << 20);          /* larger than a chunk */
    big[(1 << 20) - 1] = 1;
    assert_string_equal(seen[4999], "P0004999");         /* earlier texts untouched */
    fse_strpool_free(&p);
    assert_int_equal(p.count, 0);
}

/* fse_hash_bytes by its definition: 8-byte little-endian words, the last
 * len % 8 bytes zero-padded (strpool.c reads that tail by overlapping
 * loads); hash values order the pool's tables, so they must not move. */
static uint64_t hash_by_definition(const char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ len, w;
    for (; len >= 8; s += 8, len -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    w = 0;
    for (size_t i = 0; i < len; i++) w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

static void test_hash_bytes_every_tail(void **state)
{
    (void)state;
    char buf[64];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (char)(0x80 + i * 37);   /* high bits set too */
    for (size_t off = 0; off < 8; off++)
        for (size_t len = 0; off + len <= 40; len++)
            assert_true(fse_hash_bytes(buf + off, len) == hash_by_definition(buf + off, len));
    for (size_t off = 0; off < 8; off++)   /* the slots' 12-byte heads, zero-padded */
        for (size_t len = 0; len <= 20; len++) {
            char want[12] = {0}, got[12];
            memcpy(want, buf + off, len < 12 ? len : 12);
            fse_head12(buf + off, len, got);
            assert_memory_equal(got, want, 12);
        }
    assert_true(fse_hash_bytes("P0004999", 8) != fse_hash_bytes("P0004998", 8));
    assert_true(fse_hash_bytes("abc", 3) != fse_hash_bytes("abd", 3));
    assert_true(fse_hash_bytes("abcde", 5) != fse_hash_bytes("abcdf", 5));   /* the overlapping high load */
}

/* fse_strpool_alloc across its blocks (64 KiB doubling to 2 MiB): every
 * piece zeroed, aligned, and apart from the others. */
static void test_strpool_alloc_blocks(void **state)
{
    (void)state;
    fse_strpool p = {0};
    static const unsigned char zeros[19 * 24 + 6 * 8];
    size_t n = 0;
    for (int i = 0; i < 40000; i++) {
        size_t sz = 19 * 24 + (size_t)(i % 7) * 8;
        unsigned char *b = fse_strpool_alloc(&p, sz);
        assert_int_equal((uintptr_t)b % _Alignof(max_align_t), 0);
        assert_int_equal(memcmp(b, zeros, sz), 0);
        memset(b, 0xAB, sz);   /* a later piece overlapping this one would not read as zeros */
        n += sz;
    }
    assert_true(n > ((size_t)16 << 20));
    unsigned char *huge = fse_strpool_alloc(&p, (size_t)5 << 20);   /* more than a block */
    assert_int_equal(huge[0], 0);
    assert_int_equal(huge[((size_t)5 << 20) - 1], 0);
    fse_strpool_free(&p);
    assert_null(p.blocks);
}

static void test_strset_keeps_each_value_once(void **state)
{
    (void)state;
    fse_strset s = {0};
    char buf[16];
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 1000; i++) {
            snprintf(buf, sizeof buf, "v%d", i % 400);
            if (round == 1) fse_strset_add_owned(&s, fse_xstrdup(buf));
            else fse_strset_add(&s, buf);
        }
    assert_int_equal(s.n, 400);                          /* distinct before freezing */
    fse_strset_freeze(&s);
    assert_int_equal(s.n, 400);
    assert_true(fse_strset_has(&s, "v399"));
    assert_false(fse_strset_has(&s, "v400"));
    fse_strset_add(&s, "v400");                          /* adding after a freeze */
    fse_strset_add(&s, "v0");
    fse_strset_freeze(&s);
    assert_int_equal(s.n, 401);
    assert_true(fse_strset_has(&s, "v400"));
    fse_strset_free(&s);
}

/* ---- the streaming loader ---- */

typedef source_file_fixture fixture;   /* source_fixture.h */

static fse_source_status load(fixture *fx, const fse_sb *csv)
{
    fx->file = fse_xstrdup("/tmp/fsepack-test-scale-XXXXXX");
    int fd = mkstemp(fx->file);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, csv->s, csv->len), (ssize_t)csv->len);
    close(fd);
    fx->shown = fse_xstrdup("exports/heures.csv");
    fx->cfg.dataset = "heures";
    fx->cfg.files = &fx->file;
    fx->cfg.shown = &fx->shown;
    fx->cfg.nfiles = 1;
    return fse_source_load(&fx->cfg, &fx->t, fse_datasets_get(&fx->data, "heures"), &fx->d, "job.ini");
}

static const char HEAD[] = "N° opération;N° marché;Réf. participant;Modalité;Mois;Heures réalisées\n";

static void test_thousands_of_rows_streamed(void **state)
{
    fixture *fx = *state;
    fse_sb csv = {0};
    fse_sb_adds(&csv, "Export des heures\n\n");           /* lines 1-2: title, blank */
    fse_sb_adds(&csv, HEAD);                               /* line 3 */
    for (int i = 0; i < 3000; i++)                         /* lines 4..3003 */
        fse_sb_addf(&csv, "OP-%d;M-%d;P%05d;%s;01/%02d/2024;%d,5\n", i % 7, i % 13, i,
                    i % 2 ? "Mise à disposition" : "Embauche directe", i % 12 + 1, i % 10);
    fse_sb_adds(&csv, "Total;;;;;15000\n");                /* line 3004: 300 * 45 + 3000 * 0.5 */
    fse_source_status st = load(fx, &csv);
    fse_sb_free(&csv);
    assert_int_equal(st, FSE_SOURCE_OK);
    fse_dataset *ds = fse_datasets_get(&fx->data, "heures");
    assert_int_equal(ds->nrows, 3000);
    assert_int_equal(ds->srcs[0].header_line, 3);
    assert_int_equal(ds->srcs[0].rows_read, 3000);
    assert_int_equal(ds->srcs[0].rows_skipped, 1);       /* the total line */
    assert_int_equal(fse_diag_count(&fx->d, "ligne-total"), 1);
    assert_int_equal(fse_diag_count(&fx->d, "total-export"), 0);  /* its total matches */
    int fp = fse_field_index(ds->def, "participant_id"), fm = fse_field_index(ds->def, "modalite"),
        fh = fse_field_index(ds->def, "heures");
    assert_int_equal(ds->rows[0].line, 4);
    assert_int_equal(ds->rows[2999].line, 3003);
    assert_string_equal(ds->rows[2999].v[fp].text, "P02999");
    assert_true(ds->rows[2999].v[fh].num == 9.5);
    /* equal texts share one pointer (interned), different ones do not */
    assert_ptr_equal(ds->rows[1].v[fm].text, ds->rows[2999].v[fm].text);
    assert_ptr_not_equal(ds->rows[0].v[fm].text, ds->rows[1].v[fm].text);
    double sum = 0;
    for (size_t i = 0; i < ds->nrows; i++) sum += ds->rows[i].v[fh].num;
    assert_true(sum == 15000);
}

static void test_shifted_row_late_in_a_big_file(void **state)
{
    fixture *fx = *state;
    fse_sb csv = {0};
    fse_sb_adds(&csv, HEAD);
    for (int i = 0; i < 2000; i++)
        fse_sb_addf(&csv, i == 1500 ? "OP-1;M-1;P1;X;01/01/2024;1;extra\n"
                                    : "OP-1;M-1;P%d;X;01/01/2024;1\n", i);
    assert_int_equal(load(fx, &csv), FSE_SOURCE_DATAERR);
    fse_sb_free(&csv);
    assert_int_equal(fse_diag_count(&fx->d, "nombre-de-champs"), 1);
    const fse_controle *c = NULL;
    for (size_t i = 0; i < fx->d.n; i++)
        if (!strcmp(fx->d.items[i].rule, "nombre-de-champs")) c = &fx->d.items[i];
    assert_non_null(c);
    assert_int_equal(c->line, 1502);
}

static void test_header_searched_in_the_first_50_rows(void **state)
{
    fixture *fx = *state;
    fse_sb csv = {0};
    for (int i = 0; i < 60; i++) fse_sb_addf(&csv, "titre %d;;\n", i);
    fse_sb_adds(&csv, HEAD);                               /* line 61: too far down */
    for (int i = 0; i < 500; i++) fse_sb_addf(&csv, "OP-1;M-1;P%d;X;01/01/2024;1\n", i);
    assert_int_equal(load(fx, &csv), FSE_SOURCE_DATAERR);
    fse_sb_free(&csv);
    assert_int_equal(fse_diag_count(&fx->d, "colonne-absente"), 1);
    assert_int_equal(fse_datasets_get(&fx->data, "heures")->nrows, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strpool_interns),
        cmocka_unit_test(test_strpool_tables_reused_empty),
        cmocka_unit_test(test_hash_bytes_every_tail),
        cmocka_unit_test(test_strpool_alloc_blocks),
        cmocka_unit_test(test_strset_keeps_each_value_once),
        cmocka_unit_test_setup_teardown(test_thousands_of_rows_streamed, source_file_setup, source_file_teardown),
        cmocka_unit_test_setup_teardown(test_shifted_row_late_in_a_big_file, source_file_setup, source_file_teardown),
        cmocka_unit_test_setup_teardown(test_header_searched_in_the_first_50_rows, source_file_setup, source_file_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
