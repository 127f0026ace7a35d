/* test_mesure_fr.c — the French reading of a measure (pieces/mesure_fr.h)
 * shows each `in (…)` list as the parser read it: a quoted value holding
 * "type in (", parentheses or commas does not shift or cut the lists
 * (found by attacking: the text used to be searched again for "type in (").
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "measures/measure.h"
#include "pieces/mesure_fr.h"

static char *coll_values[] = { "Forum", "Atelier" };
static char *coll_keys[] = { "forum", "atelier" };
static fse_list the_lists[] = { { "actions_collectives", coll_values, coll_keys, 2 } };
static const fse_templates lists = { NULL, NULL, 0, 0, the_lists, 1, 1 };

static char *fr(const char *text)
{
    char err[256];
    int col = 0;
    fse_measure *m = fse_measure_parse(text, &lists, err, sizeof err, &col);
    if (!m) fail_msg("%s: col %d: %s", text, col, err);
    char *s = fse_mesure_fr(m);
    fse_measure_free(m);
    return s;
}

static void test_lists_as_parsed(void **state)
{
    (void)state;
    char *s = fr("count actions where intitule = \"x type in (Leurre)\" and "
                 "type in (\"Médiation (collective)\", \"A, B\", Médiation) and type in (Forum, \"é;x\")");
    assert_non_null(strstr(s, "« intitule » vaut « x type in (Leurre) » et « type » parmi "
                              "(\"Médiation (collective)\", \"A, B\", Médiation) et « type » parmi (Forum, \"é;x\")"));
    assert_null(strstr(s, "parmi (Leurre)"));
    free(s);
}

static void test_named_list_and_subset(void **state)
{
    (void)state;
    char *s = fr("count actions where type in @actions_collectives and "
                 "action_id in presences[statut in (Présent, \"a)b\")].action_id and intitule in (x)");
    assert_non_null(strstr(s, "« type » parmi les 2 valeurs de la liste @actions_collectives"));
    assert_non_null(strstr(s, "(dont « statut » parmi (Présent, \"a)b\")) et « intitule » parmi (x)"));
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists_as_parsed),
        cmocka_unit_test(test_named_list_and_subset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
