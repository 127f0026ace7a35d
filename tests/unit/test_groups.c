/* test_groups.c — the keyed counting of issue 8: the u64 map, dense ids of
 * a string set, groups found by a caller's key (an interned text's address,
 * a month) giving the same groups, labels and distinct people as the
 * string path, and the hours breakdowns (pieces/heures_agg.h) computed once
 * per set of rows through the job's cache and again for other rows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/strset.h"
#include "common/u64map.h"
#include "common/util.h"
#include "datasets/dataset.h"
#include "pieces/groups.h"
#include "pieces/heures_agg.h"
#include "pieces/piece_cache.h"

static void test_u64map(void **state)
{
    (void)state;
    fse_u64map m = {0};
    assert_int_equal(fse_u64map_get(&m, 0), FSE_U64MAP_NONE);          /* empty */
    assert_true(fse_u64map_add(&m, 0, 7));                             /* key 0 is a key */
    assert_true(fse_u64map_add(&m, UINT64_MAX, 8));
    assert_false(fse_u64map_add(&m, 0, 9));                            /* kept, not replaced */
    assert_int_equal(fse_u64map_get(&m, 0), 7);
    for (uint64_t k = 1; k <= 20000; k++) assert_true(fse_u64map_add(&m, k << 4, (size_t)k));  /* grows */
    assert_int_equal(m.n, 20002);
    for (uint64_t k = 1; k <= 20000; k++) assert_int_equal(fse_u64map_get(&m, k << 4), (size_t)k);
    assert_int_equal(fse_u64map_get(&m, UINT64_MAX), 8);
    assert_int_equal(fse_u64map_get(&m, 3), FSE_U64MAP_NONE);
    fse_u64map_free(&m);
    assert_int_equal(fse_u64map_get(&m, 0), FSE_U64MAP_NONE);
}

static void test_strset_index(void **state)
{
    (void)state;
    fse_strset s = {0};
    char buf[16];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 3000; i++) {
            snprintf(buf, sizeof buf, "P%05d", i);   /* another buffer each time: compared by text */
            assert_int_equal(fse_strset_index(&s, buf), (size_t)i);
        }
    assert_int_equal(s.n, 3000);
    assert_string_equal(s.items[1234], "P01234");
    fse_strset_add(&s, "P00007");
    assert_int_equal(s.n, 3000);
    fse_strset_free(&s);
}

static void test_groups_keyed(void **state)
{
    (void)state;
    /* rows: label, person; "Femme"/"femme " one group, blank "(non renseigné)" */
    const char *labels[] = { "Femme", "Homme", "femme ", "Homme", "", "Femme" };
    const size_t people[] = { 0, 1, 0, 2, FSE_GROUP_NOBODY, 3 };
    fse_groups plain = {0}, keyed = {0};
    for (size_t i = 0; i < 6; i++) {
        fse_group_add(&plain, fse_groups_get(&plain, labels[i]), 1.5, people[i]);
        fse_group *g = fse_groups_get_keyed(&keyed, (uint64_t)(uintptr_t)labels[i], labels[i]);
        fse_group_add(&keyed, g, 1.5, people[i]);
    }
    assert_null(fse_groups_find_keyed(&keyed, 12345));
    assert_non_null(fse_groups_find_keyed(&keyed, (uint64_t)(uintptr_t)labels[2]));
    fse_groups_finish(&plain, 1);
    fse_groups_finish(&keyed, 1);
    assert_int_equal(plain.n, 3);
    assert_int_equal(keyed.n, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(plain.g[i].label, keyed.g[i].label);
        assert_true(plain.g[i].sum == keyed.g[i].sum);
        assert_int_equal(plain.g[i].nrows, keyed.g[i].nrows);
        assert_int_equal(plain.g[i].npeople, keyed.g[i].npeople);
    }
    assert_string_equal(keyed.g[0].label, "Femme");          /* 3 rows, 4.5 h, persons 0 and 3 */
    assert_int_equal(keyed.g[0].nrows, 3);
    assert_int_equal(keyed.g[0].npeople, 2);
    assert_string_equal(keyed.g[1].label, "Homme");          /* 2 rows, persons 1 and 2 */
    assert_int_equal(keyed.g[1].npeople, 2);
    assert_string_equal(keyed.g[2].label, "(non renseigné)"); /* nobody counted */
    assert_int_equal(keyed.g[2].npeople, 0);
    assert_int_equal(keyed.g[2].nrows, 1);
    fse_groups_free(&plain);
    fse_groups_free(&keyed);
}

/* A row of heures: the texts interned in the dataset, as ingest does. */
static void add_heures(fse_dataset *h, const char *op, const char *marche, const char *part, const char *sexe,
                       int32_t mois, double heures)
{
    fse_row *r = fse_dataset_add_row(h, 0, (long)h->nrows + 2);
    const char *names[] = { "operation_id", "marche_id", "participant_id", "sexe", "entreprise", "modalite", "critere" };
    const char *vals[] = { op, marche, part, sexe, "SARL Test", "Embauche", "RSA" };
    for (size_t i = 0; i < 7; i++) {
        int f = fse_field_index(h->def, names[i]);
        if (f < 0 || !*vals[i]) continue;
        r->v[f].state = FSE_VAL_OK;
        r->v[f].text = fse_dataset_text(h, vals[i], strlen(vals[i]));
    }
    int f = fse_field_index(h->def, "mois");
    r->v[f].state = FSE_VAL_OK;
    r->v[f].num = mois;
    r->v[f].text = fse_dataset_text(h, "m", 1);
    f = fse_field_index(h->def, "heures");
    r->v[f].state = FSE_VAL_OK;
    r->v[f].num = heures;
    r->v[f].text = fse_dataset_text(h, "h", 1);
}

static void test_heures_agg_shared(void **state)
{
    (void)state;
    fse_datasets_t data;
    fse_datasets_init(&data);
    fse_dataset *h = fse_datasets_get(&data, "heures");
    h->loaded = true;
    add_heures(h, "OP-1", "M-1", "P1", "F", 19723, 10);   /* 2024-01-01 */
    add_heures(h, "OP-1", "m-1", "P2", "homme", 19723, 5);/* same marché by key */
    add_heures(h, "OP-1", "M-2", "P1", "f", 19754, 2.5);  /* 2024-02-01 */
    add_heures(h, "OP-2", "M-1", "", "", 19754, 1);       /* another opération; nobody */
    size_t rows[] = { 0, 1, 2, 3 };
    fse_term_result tr = { .ds = h, .rows = rows, .nrows = 4 };

    fse_piece_cache cache = {0};
    fse_piece_ctx c = { .data = &data, .cache = &cache };
    fse_heures_agg *own;
    const fse_heures_agg *a = fse_heures_agg_of(&c, h, &tr, &own);
    assert_null(own);                                     /* the cache's */
    assert_int_equal(a->people, 2);
    assert_int_equal(a->by_marche.n, 3);                  /* OP-1/M-1, OP-1/M-2, OP-2/M-1 */
    assert_string_equal(a->by_marche.g[0].label, "OP-1\x1fM-1");
    assert_true(a->by_marche.g[0].sum == 15);
    assert_int_equal(a->by_marche.g[0].npeople, 2);
    assert_int_equal(a->by_sexe.n, 3);
    assert_string_equal(a->by_sexe.g[0].label, "Femmes");
    assert_true(a->by_sexe.g[0].sum == 12.5);
    assert_int_equal(a->by_sexe.g[0].npeople, 1);         /* P1 twice */
    assert_int_equal(a->by_mois.n, 2);
    assert_string_equal(a->by_mois.g[0].label, "2024-01-01");
    assert_true(a->by_mois.g[1].sum == 3.5);
    assert_int_equal(a->by_ent.g[0].npeople, 2);

    size_t same[] = { 0, 1, 2, 3 };                       /* another fiche, the same rows */
    fse_term_result tr2 = { .ds = h, .rows = same, .nrows = 4 };
    assert_ptr_equal(fse_heures_agg_of(&c, h, &tr2, &own), a);
    assert_null(own);

    tr2.nrows = 2;                                        /* other rows: computed again */
    const fse_heures_agg *b = fse_heures_agg_of(&c, h, &tr2, &own);
    assert_int_equal(b->by_marche.n, 1);
    assert_true(b->by_marche.g[0].sum == 15);
    assert_int_equal(b->people, 2);

    size_t shuffled[] = { 1, 0, 2, 3 };                   /* not ascending: not shared, same groups */
    fse_term_result tr3 = { .ds = h, .rows = shuffled, .nrows = 4 };
    const fse_heures_agg *e = fse_heures_agg_of(&c, h, &tr3, &own);
    assert_ptr_equal(e, own);
    assert_int_equal(e->by_marche.n, 3);
    assert_string_equal(e->by_marche.g[0].label, "OP-1\x1fm-1");   /* first label seen */
    fse_heures_agg_free(own);

    fse_piece_ctx alone = { .data = &data };              /* no cache: the caller's */
    const fse_heures_agg *d = fse_heures_agg_of(&alone, h, &tr, &own);
    assert_ptr_equal(d, own);
    assert_int_equal(d->by_marche.n, 3);
    fse_heures_agg_free(own);
    fse_piece_cache_free(&cache);
    fse_datasets_free(&data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_u64map),
        cmocka_unit_test(test_strset_index),
        cmocka_unit_test(test_groups_keyed),
        cmocka_unit_test(test_heures_agg_shared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
