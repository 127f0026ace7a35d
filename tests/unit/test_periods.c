/* test_periods.c — periods of issue 6: previous-month and
 * year-of-previous-month from FSEPACK_TODAY, the year to date of a month,
 * the prorated target of a month pack (5/12 for May) and the trajectory band. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config/job.h"
#include "ingest/values.h"
#include "measures/figures.h"
#include "measures/measure.h"

static void period_is(const char *s, const char *label, int y1, int m1, int d1, int y2, int m2, int d2,
                      int months, int month)
{
    fse_period p;
    if (fse_period_parse(s, &p)) fail_msg("\"%s\" refused", s);
    assert_string_equal(p.label, label);
    assert_int_equal(p.debut, fse_days_from_civil(y1, m1, d1));
    assert_int_equal(p.fin, fse_days_from_civil(y2, m2, d2));
    assert_int_equal(p.months, months);
    assert_int_equal(p.month, month);
}

static void test_forms(void **state)
{
    (void)state;
    period_is("2024", "2024", 2024, 1, 1, 2024, 12, 31, 12, 0);
    period_is("2024-05", "2024-05", 2024, 5, 1, 2024, 5, 31, 1, 5);
    period_is("2024-02", "2024-02", 2024, 2, 1, 2024, 2, 29, 1, 2);
    period_is("2024-01-01..2024-06-30", "2024-01-01_2024-06-30", 2024, 1, 1, 2024, 6, 30, 6, 0);
    fse_period p;
    assert_int_equal(fse_period_parse("2024-5", &p), -1);
    assert_int_equal(fse_period_parse("previous", &p), -1);
    assert_int_equal(fse_period_parse("Previous-Month", &p), -1);
}

static void test_previous_month(void **state)
{
    (void)state;
    setenv("FSEPACK_TODAY", "2024-06-01", 1);
    period_is("previous-month", "2024-05", 2024, 5, 1, 2024, 5, 31, 1, 5);
    period_is("year-of-previous-month", "2024", 2024, 1, 1, 2024, 12, 31, 12, 0);
    setenv("FSEPACK_TODAY", "2025-01-01", 1);          /* January: December of the year before */
    period_is("previous-month", "2024-12", 2024, 12, 1, 2024, 12, 31, 1, 12);
    period_is("year-of-previous-month", "2024", 2024, 1, 1, 2024, 12, 31, 12, 0);
    setenv("FSEPACK_TODAY", "2024-03-31", 1);          /* any day of the month */
    period_is("previous-month", "2024-02", 2024, 2, 1, 2024, 2, 29, 1, 2);
    int32_t t;
    assert_int_equal(fse_today(&t), 0);
    assert_int_equal(t, fse_days_from_civil(2024, 3, 31));
    const char *bad[] = { "2024-02-30", "2024-6-01", "01/06/2024", " ", "2024-06-01x" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        setenv("FSEPACK_TODAY", bad[i], 1);
        fse_period p;
        if (!fse_today(&t)) fail_msg("FSEPACK_TODAY=\"%s\" accepted", bad[i]);
        assert_int_equal(fse_period_parse("previous-month", &p), -1);
    }
    unsetenv("FSEPACK_TODAY");
    assert_int_equal(fse_today(&t), 0);                 /* the clock */
    assert_true(t > fse_days_from_civil(2020, 1, 1));
    /* empty is unset (README, fsepack(1)): the clock, not an error */
    int32_t empty, after;
    setenv("FSEPACK_TODAY", "", 1);
    assert_int_equal(fse_today(&empty), 0);
    fse_period p;
    assert_int_equal(fse_period_parse("previous-month", &p), 0);
    unsetenv("FSEPACK_TODAY");
    assert_int_equal(fse_today(&after), 0);
    assert_true(empty == t || empty == after);          /* midnight may pass in between */
}

static void test_ytd(void **state)
{
    (void)state;
    fse_period p, y;
    assert_int_equal(fse_period_parse("2024-05", &p), 0);
    assert_true(fse_period_ytd(&p, fse_days_from_civil(2024, 1, 1), &y));
    assert_int_equal(y.debut, fse_days_from_civil(2024, 1, 1));
    assert_int_equal(y.fin, fse_days_from_civil(2024, 5, 31));
    assert_int_equal(y.months, 5);
    assert_string_equal(y.label, "2024-01-01_2024-05-31");
    /* a fiche that started before the year: the year still starts on 1 January */
    assert_true(fse_period_ytd(&p, fse_days_from_civil(2023, 7, 1), &y));
    assert_int_equal(y.debut, fse_days_from_civil(2024, 1, 1));
    /* a fiche that starts in March: from its start, 3 months elapsed in May */
    assert_true(fse_period_ytd(&p, fse_days_from_civil(2024, 3, 1), &y));
    assert_int_equal(y.debut, fse_days_from_civil(2024, 3, 1));
    assert_int_equal(y.months, 3);
    /* starting after the month, or not a month: none */
    assert_false(fse_period_ytd(&p, fse_days_from_civil(2024, 6, 1), &y));
    assert_int_equal(fse_period_parse("2024", &p), 0);
    assert_false(fse_period_ytd(&p, fse_days_from_civil(2024, 1, 1), &y));
}

static void test_prorata_and_trajectory(void **state)
{
    (void)state;
    /* a fiche with one indicator, target 120, computed over Jan–May */
    fse_fiche f;
    memset(&f, 0, sizeof f);
    fse_indicateur ind;
    memset(&ind, 0, sizeof ind);
    ind.id = "x";
    ind.has_cible = true;
    ind.cible = 120;
    char err[256];
    int col = 0;
    ind.mesure = fse_measure_parse("count actions", NULL, err, sizeof err, &col);  /* no source: 0 */
    assert_non_null(ind.mesure);
    f.inds = &ind;
    f.ninds = 1;
    f.id = "f";
    fse_job job;
    memset(&job, 0, sizeof job);
    fse_period p, y;
    assert_int_equal(fse_period_parse("2024-05", &p), 0);
    assert_true(fse_period_ytd(&p, fse_days_from_civil(2024, 1, 1), &y));
    fse_figures fg;
    fse_datasets_t data;
    fse_datasets_init(&data);
    fse_figures_compute(&f, &job, &data, &y, &fg);
    assert_true(fg.figs[0].cible == 120);
    assert_true(fg.figs[0].cible_prorata == 50);        /* 120 × 5 / 12 */
    fse_figure *x = &fg.figs[0];
    double at[] = { 0, 44.99, 45, 50, 54.99, 55, 200 };
    fse_trajectoire want[] = { FSE_TRAJ_EN_RETARD, FSE_TRAJ_EN_RETARD, FSE_TRAJ_DANS, FSE_TRAJ_DANS,
                               FSE_TRAJ_DANS, FSE_TRAJ_EN_AVANCE, FSE_TRAJ_EN_AVANCE };
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        x->res.value = at[i];
        if (fse_figure_trajectoire(x) != want[i])
            fail_msg("%.2f of 50: %s", at[i], fse_trajectoire_text(fse_figure_trajectoire(x)));
    }
    assert_string_equal(fse_trajectoire_text(FSE_TRAJ_DANS), "dans la trajectoire");
    x->has_cible = false;
    assert_int_equal(fse_figure_trajectoire(x), FSE_TRAJ_SANS_CIBLE);
    fse_figures_free(&fg);
    fse_datasets_free(&data);
    fse_measure_free(ind.mesure);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_previous_month),
        cmocka_unit_test(test_ytd),
        cmocka_unit_test(test_prorata_and_trajectory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
