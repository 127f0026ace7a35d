/* test_preuves.c — the evidence references of issue 5 (pieces/preuves.h):
 * sheet names fit Excel (31 characters, no trailing separator) and stay
 * unique for long indicator ids; the count of evidence rows adds up every
 * term; the sentence names the bilan's workbook and the sheet. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pieces/preuves.h"

static void test_sheet_names(void **state)
{
    (void)state;
    fse_indicateur a = { .id = "heures_insertion" };
    fse_indicateur b = { .id = "nombre_de_donneurs_ordre_accompagnes_en_2024" };
    fse_indicateur c = { .id = "nombre_de_donneurs_ordre_accompagnes_en_2025" };
    char *s1 = fse_preuves_sheet(4, &a), *s2 = fse_preuves_sheet(9, &b), *s3 = fse_preuves_sheet(10, &c);
    assert_string_equal(s1, "Preuves 05 heures_insertion");
    assert_int_equal(strlen(s2), 31);
    assert_string_equal(s2, "Preuves 10 nombre_de_donneurs_o");
    assert_string_equal(s3, "Preuves 11 nombre_de_donneurs_o");   /* same id prefix, other number */
    fse_indicateur d = { .id = "x_______________________________end" };
    char *s4 = fse_preuves_sheet(0, &d);
    assert_string_equal(s4, "Preuves 01 x");                      /* no trailing '_' */
    free(s1); free(s2); free(s3); free(s4);
}

static void test_count_and_ref(void **state)
{
    (void)state;
    fse_indicateur ind = { .id = "actions" };
    fse_term_result terms[2] = { { .nrows = 3 }, { .nrows = 4 } };
    fse_figure fig = { .ind = &ind, .res = { .value = 7, .terms = terms, .nterms = 2 } };
    assert_int_equal(fse_preuves_count(&fig), 7);
    fse_figures figs = { .figs = &fig, .n = 1 };
    fse_piece_ctx c = { .figs = &figs, .bilan_xlsx = "01-bilan.xlsx" };
    char *r = fse_preuves_ref(&c, 0);
    assert_string_equal(r, "7 lignes, listées dans 01-bilan.xlsx, feuille « Preuves 01 actions »");
    free(r);
    terms[1].nrows = 0;
    terms[0].nrows = 1;
    c.bilan_xlsx = NULL;
    r = fse_preuves_ref(&c, 0);
    assert_string_equal(r, "1 ligne (le pack n'a pas de bilan qui les liste)");
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheet_names),
        cmocka_unit_test(test_count_and_ref),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
