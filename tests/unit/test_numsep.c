/* test_numsep.c — a number whose lone separator is followed by three
 * digits ("1.035", "1,035") is ambiguous: 1,035 or 1 035. ingest/values.c
 * classifies number texts (fse_number_sep) and settles a column's
 * ambiguous ones (fse_numsep_settle); ingest/source_row.c rejects, at the
 * end of each file, those that use the separator other than the column's
 * decimal one (a "1.035" in a column writing "56,82": 1035 hours read as
 * 1,035 with exit 0 before). CSV files are written under /tmp; templates
 * are read from the repository (tests run from its root). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/text.h"
#include "common/util.h"
#include "config/templates.h"
#include "datasets/dataset.h"
#include "ingest/source.h"
#include "ingest/values.h"

#include "source_fixture.h"

/* ---- classification ---------------------------------------------------- */

static void test_number_sep(void **state)
{
    (void)state;
    static const struct { const char *s; fse_numsep want; } cases[] = {
        { "7", FSE_NUMSEP_NONE }, { "1 234", FSE_NUMSEP_NONE }, { "1\xC2\xA0" "234", FSE_NUMSEP_NONE },
        { "-12", FSE_NUMSEP_NONE },
        /* ambiguous: 1 to 3 digits, a lone separator, 3 digits */
        { "1.035", FSE_NUMSEP_AMB_DOT }, { "1,035", FSE_NUMSEP_AMB_COMMA }, { "12.500", FSE_NUMSEP_AMB_DOT },
        { "999,999", FSE_NUMSEP_AMB_COMMA }, { "+2,500", FSE_NUMSEP_AMB_COMMA }, { "-1.035", FSE_NUMSEP_AMB_DOT },
        /* a lone separator with other than 3 digits after it */
        { "56,82", FSE_NUMSEP_COMMA }, { "56.82", FSE_NUMSEP_DOT }, { "7,5", FSE_NUMSEP_COMMA },
        { "1.0355", FSE_NUMSEP_DOT }, { "1,03", FSE_NUMSEP_COMMA }, { "151,6700", FSE_NUMSEP_COMMA },
        /* more than 3 digits before, an integer part of 0 or none, a space group before */
        { "1234.567", FSE_NUMSEP_DOT }, { "1234,567", FSE_NUMSEP_COMMA }, { "0,035", FSE_NUMSEP_COMMA },
        { "0.035", FSE_NUMSEP_DOT }, { ",035", FSE_NUMSEP_COMMA }, { ".035", FSE_NUMSEP_DOT },
        { "1 234,567", FSE_NUMSEP_COMMA }, { "1 234.567", FSE_NUMSEP_DOT },
        /* both: the last one is the decimal one */
        { "1.234,50", FSE_NUMSEP_COMMA }, { "1,234.50", FSE_NUMSEP_DOT }, { "1.234,567", FSE_NUMSEP_COMMA },
        { "1,234.567", FSE_NUMSEP_DOT },
        /* one repeated alone groups: the other is the decimal one */
        { "1.234.567", FSE_NUMSEP_COMMA }, { "1,234,567", FSE_NUMSEP_DOT },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v;
        if (!fse_parse_number(cases[i].s, &v)) fail_msg("\"%s\" is no number", cases[i].s);
        fse_numsep got = fse_number_sep(cases[i].s);
        if (got != cases[i].want) fail_msg("\"%s\": class %d, want %d", cases[i].s, got, cases[i].want);
        /* the one-pass form ingest uses: the same value, the same class */
        double w = -1;
        fse_numsep k = FSE_NUMSEP_NONE;
        assert_true(fse_parse_number_sep(cases[i].s, &w, &k));
        if (w != v || k != got) fail_msg("\"%s\": one pass %.17g class %d, want %.17g class %d", cases[i].s, w, k, v, got);
    }
    /* and on every text of 1 to 5 characters of "01.,+ 5" (the fast path's
     * shapes and their neighbours): the same acceptance, value and class */
    const char alpha[] = "01.,+ 5";
    char t[6];
    for (int len = 1; len <= 5; len++) {
        int total = 1;
        for (int i = 0; i < len; i++) total *= (int)(sizeof alpha - 1);
        for (int n = 0; n < total; n++) {
            int x = n;
            for (int i = 0; i < len; i++) { t[i] = alpha[x % (int)(sizeof alpha - 1)]; x /= (int)(sizeof alpha - 1); }
            t[len] = 0;
            double a = -1, b = -1;
            fse_numsep k = FSE_NUMSEP_NONE;
            bool ok = fse_parse_number(t, &a);
            if (fse_parse_number_sep(t, &b, &k) != ok) fail_msg("\"%s\": accepted differently", t);
            if (!ok) continue;
            char *trim = fse_trim(fse_xstrdup(t));
            fse_numsep want = fse_number_sep(trim);
            free(trim);
            if (a != b || k != want) fail_msg("\"%s\": one pass %.17g class %d, want %.17g class %d", t, b, k, a, want);
        }
    }
}

static void test_numsep_settle(void **state)
{
    (void)state;
    const unsigned D = 1u << FSE_NUMSEP_DOT, C = 1u << FSE_NUMSEP_COMMA;
    const unsigned AD = 1u << FSE_NUMSEP_AMB_DOT, AC = 1u << FSE_NUMSEP_AMB_COMMA;
    assert_int_equal(fse_numsep_settle(0, FSE_NUMSEP_AMB_DOT), FSE_NUMSEP_KEEP);
    assert_int_equal(fse_numsep_settle(0, FSE_NUMSEP_AMB_COMMA), FSE_NUMSEP_KEEP);
    assert_int_equal(fse_numsep_settle(D, FSE_NUMSEP_AMB_DOT), FSE_NUMSEP_KEEP);
    assert_int_equal(fse_numsep_settle(C, FSE_NUMSEP_AMB_COMMA), FSE_NUMSEP_KEEP);
    assert_int_equal(fse_numsep_settle(C, FSE_NUMSEP_AMB_DOT), FSE_NUMSEP_OTHER);
    assert_int_equal(fse_numsep_settle(D, FSE_NUMSEP_AMB_COMMA), FSE_NUMSEP_OTHER);
    assert_int_equal(fse_numsep_settle(D | C, FSE_NUMSEP_AMB_DOT), FSE_NUMSEP_MIXED);
    assert_int_equal(fse_numsep_settle(D | C, FSE_NUMSEP_AMB_COMMA), FSE_NUMSEP_MIXED);
    /* the ambiguous numbers themselves: one kind alone says nothing, both do */
    assert_int_equal(fse_numsep_settle(AD, FSE_NUMSEP_AMB_DOT), FSE_NUMSEP_KEEP);
    assert_int_equal(fse_numsep_settle(AD | AC, FSE_NUMSEP_AMB_DOT), FSE_NUMSEP_MIXED);
    assert_int_equal(fse_numsep_settle(AD | AC, FSE_NUMSEP_AMB_COMMA), FSE_NUMSEP_MIXED);
    assert_int_equal(fse_numsep_settle(AD | AC | C, FSE_NUMSEP_AMB_COMMA), FSE_NUMSEP_KEEP);
    assert_int_equal(fse_numsep_settle(AD | AC | C, FSE_NUMSEP_AMB_DOT), FSE_NUMSEP_OTHER);
    assert_int_equal(fse_numsep_settle(AD | D, FSE_NUMSEP_AMB_DOT), FSE_NUMSEP_KEEP);
}

/* ---- settling, through fse_source_load ---------------------------------- */

typedef source_file_fixture fixture;   /* source_fixture.h */

#define HEADER "Réf. participant;N° opération;N° marché;Mois;Heures réalisées\n"

/* Load the hours export text (HEADER then rows) into dataset heures. */
static fse_dataset *load(fixture *fx, const char *text, size_t len)
{
    fx->file = fse_xstrdup("/tmp/fsepack-test-numsep-XXXXXX");
    int fd = mkstemp(fx->file);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    fx->shown = fse_xstrdup("exports/heures.csv");
    fx->cfg.dataset = "heures";
    fx->cfg.files = &fx->file;
    fx->cfg.shown = &fx->shown;
    fx->cfg.file_lines = &fx->line;
    fx->cfg.file_cols = &fx->col;
    fx->cfg.nfiles = 1;
    fse_dataset *ds = fse_datasets_get(&fx->data, "heures");
    assert_int_equal(fse_source_load(&fx->cfg, &fx->t, ds, &fx->d, "job.ini"), FSE_SOURCE_OK);
    return ds;
}
#define LOAD(fx, lit) load(fx, lit, sizeof lit - 1)

static const fse_value *heures(const fse_dataset *ds, size_t row)
{
    assert_true(row < ds->nrows);
    return &ds->rows[row].v[fse_field_index(ds->def, "heures")];
}

static void ok_num(const fse_dataset *ds, size_t row, double want)
{
    const fse_value *v = heures(ds, row);
    if (v->state != FSE_VAL_OK) fail_msg("row %zu: state %d, want OK", row, v->state);
    if (v->num != want) fail_msg("row %zu: %.17g, want %.17g", row, v->num, want);
}

static void rejected(const fse_dataset *ds, size_t row, const char *text)
{
    const fse_value *v = heures(ds, row);
    if (v->state != FSE_VAL_REJECTED) fail_msg("row %zu: state %d, want REJECTED", row, v->state);
    assert_string_equal(v->text, text);
    assert_true(v->num == 0);   /* dataset.h: a rejected value's num is 0 */
}

/* The n-th diagnostic with rule (0-based), or fail. */
static const fse_controle *diag_of(const fse_diags *d, const char *rule, size_t n)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->items[i].rule, rule) && n-- == 0) return &d->items[i];
    fail_msg("no diagnostic \"%s\" (index %zu)", rule, n);
    return NULL;
}

/* A dot-grouped "1.035" in a column writing its decimals with a comma, one
 * before the first unambiguous cell (settled at the end of the file), one
 * after, and again (the column memo's hit), the comma one kept: rejected
 * with both readings at their line and column, counted once per row. */
static void test_dot_in_comma_column(void **state)
{
    fixture *fx = *state;
    fse_dataset *ds = LOAD(fx, HEADER
                           "P1;OP1;M1;01/2024;1.035\n"       /* 2: before any comma */
                           "P2;OP1;M1;01/2024;56,82\n"       /* 3 */
                           "P3;OP1;M1;01/2024;1,035\n"       /* 4: agrees: 1,035 */
                           "P4;OP1;M1;01/2024;2.500\n"       /* 5 */
                           "P5;OP1;M1;01/2024;2.500\n"       /* 6: a memo hit */
                           "P6;OP1;M1;13/2024;7\n"           /* 7: another rejection */
                           "P7;OP1;M1;13/2024;1.035\n");     /* 8: same row */
    assert_int_equal(ds->nrows, 7);
    rejected(ds, 0, "1.035");
    ok_num(ds, 1, 56.82);
    ok_num(ds, 2, 1.035);
    rejected(ds, 3, "2.500");
    rejected(ds, 4, "2.500");
    ok_num(ds, 5, 7);
    rejected(ds, 6, "1.035");
    int f = fse_field_index(ds->def, "heures");
    assert_int_equal(ds->nrejected[f], 4);
    assert_int_equal(ds->srcs[0].rows_rejected, 5);   /* lines 2, 5, 6, 8 (hours), 7 and 8 (month) */
    assert_int_equal(fse_diag_count(&fx->d, "valeur-rejetee"), 6);
    long lines[] = { 2, 5, 6, 8 };
    for (size_t i = 0; i < 4; i++) {
        const fse_controle *c = NULL;
        for (size_t k = 0; k < 6 && !c; k++) {
            const fse_controle *e = diag_of(&fx->d, "valeur-rejetee", k);
            if (e->line == lines[i] && e->col == 5) c = e;
        }
        if (!c) fail_msg("no valeur-rejetee at %ld:5", lines[i]);
        assert_int_equal(c->sev, FSE_SEV_WARNING);
        const char *want = i == 0 || i == 3
            ? "colonne E « Heures réalisées » (heures) : « 1.035 » : la colonne écrit ses décimales avec une virgule ; "
              "1.035 se lit 1,035 ou 1 035 : corrigez l'export"
            : "colonne E « Heures réalisées » (heures) : « 2.500 » : la colonne écrit ses décimales avec une virgule ; "
              "2.500 se lit 2,500 ou 2 500 : corrigez l'export";
        assert_string_equal(c->message, want);
    }
}

/* A comma-grouped "1,035" in a column writing "56.82" is rejected too; in a
 * column writing "1.234,50" (dots group) a "1.035" is. */
static void test_comma_in_dot_column(void **state)
{
    fixture *fx = *state;
    fse_dataset *ds = LOAD(fx, HEADER
                           "P1;OP1;M1;01/2024;56.82\n"
                           "P2;OP1;M1;01/2024;1,035\n"
                           "P3;OP1;M1;01/2024;1.035\n");
    ok_num(ds, 0, 56.82);
    rejected(ds, 1, "1,035");
    ok_num(ds, 2, 1.035);
    const fse_controle *c = diag_of(&fx->d, "valeur-rejetee", 0);
    assert_int_equal(c->line, 3);
    assert_string_equal(c->message, "colonne E « Heures réalisées » (heures) : « 1,035 » : la colonne écrit ses "
                                    "décimales avec un point ; 1,035 se lit 1,035 ou 1 035 : corrigez l'export");
    assert_int_equal(fse_diag_count(&fx->d, "valeur-rejetee"), 1);
}

static void test_grouped_shows_decimal(void **state)
{
    fixture *fx = *state;
    fse_dataset *ds = LOAD(fx, HEADER
                           "P1;OP1;M1;01/2024;1.035\n"
                           "P2;OP1;M1;01/2024;1.234,50\n"
                           "P3;OP1;M1;01/2024;5\n");
    rejected(ds, 0, "1.035");
    ok_num(ds, 1, 1234.5);
    ok_num(ds, 2, 5);
}

/* Columns that say nothing, or agree: today's reading. */
static void test_kept(void **state)
{
    fixture *fx = *state;
    fse_dataset *ds = LOAD(fx, HEADER
                           "P1;OP1;M1;01/2024;140.000\n"     /* every value 3 decimals with dots */
                           "P2;OP1;M1;01/2024;1.035\n"
                           "P3;OP1;M1;01/2024;17.500\n"
                           "P4;OP1;M1;01/2024;7\n");
    ok_num(ds, 0, 140);
    ok_num(ds, 1, 1.035);
    ok_num(ds, 2, 17.5);
    ok_num(ds, 3, 7);
    assert_int_equal(fse_diag_count(&fx->d, "valeur-rejetee"), 0);
    assert_int_equal(ds->nrejected[fse_field_index(ds->def, "heures")], 0);
    assert_int_equal(ds->srcs[0].rows_rejected, 0);
}

/* Both separators as decimals in one column: its ambiguous cells cannot be
 * read either way; a rejected non-number says nothing of the column. */
static void test_mixed_column(void **state)
{
    fixture *fx = *state;
    fse_dataset *ds = LOAD(fx, HEADER
                           "P1;OP1;M1;01/2024;56,82\n"
                           "P2;OP1;M1;01/2024;12.5\n"
                           "P3;OP1;M1;01/2024;1,035\n"
                           "P4;OP1;M1;01/2024;3.250\n"
                           "P5;OP1;M1;01/2024;3.2.5\n");
    ok_num(ds, 0, 56.82);
    ok_num(ds, 1, 12.5);
    rejected(ds, 2, "1,035");
    rejected(ds, 3, "3.250");
    rejected(ds, 4, "3.2.5");
    assert_int_equal(fse_diag_count(&fx->d, "valeur-rejetee"), 3);   /* 3.2.5, then the dots, then the commas */
    assert_int_equal(diag_of(&fx->d, "valeur-rejetee", 1)->line, 5);
    const fse_controle *c = diag_of(&fx->d, "valeur-rejetee", 2);
    assert_int_equal(c->line, 4);
    assert_string_equal(c->message, "colonne E « Heures réalisées » (heures) : « 1,035 » : la colonne écrit ses "
                                    "nombres tantôt avec une virgule, tantôt avec un point ; 1,035 se lit 1,035 ou "
                                    "1 035 : corrigez l'export");
}

/* Ambiguous numbers of both kinds and nothing else: one of the two groups
 * thousands (1 035 or 2 500), the column cannot say which: both rejected. */
static void test_both_ambiguous(void **state)
{
    fixture *fx = *state;
    fse_dataset *ds = LOAD(fx, HEADER
                           "P1;OP1;M1;01/2024;1.035\n"
                           "P2;OP1;M1;01/2024;2,500\n"
                           "P3;OP1;M1;01/2024;7\n");
    rejected(ds, 0, "1.035");
    rejected(ds, 1, "2,500");
    ok_num(ds, 2, 7);
    assert_int_equal(fse_diag_count(&fx->d, "valeur-rejetee"), 2);
    const fse_controle *c = diag_of(&fx->d, "valeur-rejetee", 1);
    assert_int_equal(c->line, 3);
    assert_string_equal(c->message, "colonne E « Heures réalisées » (heures) : « 2,500 » : la colonne écrit ses "
                                    "nombres tantôt avec une virgule, tantôt avec un point ; 2,500 se lit 2,500 ou "
                                    "2 500 : corrigez l'export");
}

/* A column of many values (its memo turned off after 1024 texts, source_row.c
 * fse_memo_stat), 400 ambiguous dotted cells among 1600 comma ones: every
 * one rejected, none more. */
static void test_many(void **state)
{
    fixture *fx = *state;
    fse_sb b = {0};
    fse_sb_addf(&b, HEADER);
    for (int i = 0; i < 2000; i++) {
        if (i % 5 == 4) fse_sb_addf(&b, "P%d;OP1;M1;01/2024;%d.%03d\n", i, 1 + i % 999, i % 1000);
        else fse_sb_addf(&b, "P%d;OP1;M1;01/2024;%d,%02d\n", i, i, i % 100);
    }
    fse_dataset *ds = load(fx, b.s, b.len);
    fse_sb_free(&b);
    assert_int_equal(ds->nrows, 2000);
    for (size_t i = 0; i < 2000; i++) {
        if (i % 5 == 4) assert_int_equal(heures(ds, i)->state, FSE_VAL_REJECTED);
        else {
            char want[32];
            snprintf(want, sizeof want, "%zu.%02zu", i, i % 100);
            ok_num(ds, i, strtod(want, NULL));
        }
    }
    assert_int_equal(ds->nrejected[fse_field_index(ds->def, "heures")], 400);
    assert_int_equal(ds->srcs[0].rows_rejected, 400);
    assert_int_equal(fse_diag_count(&fx->d, "valeur-rejetee"), 400);
    assert_int_equal(diag_of(&fx->d, "valeur-rejetee", 399)->line, 2001);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_sep),
        cmocka_unit_test(test_numsep_settle),
#define T(f) cmocka_unit_test_setup_teardown(f, source_file_setup, source_file_teardown)
        T(test_dot_in_comma_column),
        T(test_comma_in_dot_column),
        T(test_grouped_shows_decimal),
        T(test_kept),
        T(test_mixed_column),
        T(test_both_ambiguous),
        T(test_many),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
