/* test_values.c — French numbers, dates, months, Excel serials, booleans. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ingest/values.h"

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

static void num_is(const char *s, double want)
{
    double v = -777;
    if (!fse_parse_number(s, &v)) fail_msg("\"%s\" rejected, want %.17g", s, want);
    if (v != want) fail_msg("\"%s\" -> %.17g, want %.17g", s, v, want);
}

static void num_rejected(const char *s)
{
    double v = -777;
    if (fse_parse_number(s, &v)) fail_msg("\"%s\" accepted as %.17g", s ? s : "(null)", v);
    assert_true(v == -777);                      /* untouched */
}

static void test_numbers(void **state)
{
    (void)state;
    num_is("1 234,50", 1234.5);
    num_is("1" NBSP "234,50", 1234.5);
    num_is("1" NNBSP "234,50", 1234.5);
    num_is("2 500", 2500);
    num_is("2" NBSP "500", 2500);
    num_is("128360,78", 128360.78);
    num_is("17,50", 17.5);
    num_is("151.67", 151.67);
    num_is("151,67", 151.67);
    num_is("1.234,50", 1234.5);
    num_is("1,234.50", 1234.5);
    num_is("1.234.567", 1234567);
    num_is("1 234 567,891", 1234567.891);
    num_is("-3,5", -3.5);
    num_is("+3", 3);
    num_is("-12", -12);
    num_is("0", 0);
    num_is("7", 7);
    num_is("007", 7);
    num_is(",5", 0.5);
    num_is("2,500", 2.5);                        /* a lone ',' is decimal */
    num_is("  42 ", 42);
    num_is(NBSP "1 234,5" NNBSP "\t", 1234.5);   /* blanks trimmed */
    num_is("0,1", 0.1);
}

/* The short path of fse_parse_number (digits with at most one separator,
 * up to 15 digits: m / 10^k) gives the very double strtod gives for the
 * same digits, on every shape around its limits; longer inputs take the
 * general path and agree too. */
static void test_numbers_fast_path_exact(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "0", "1", "9", "0,1", "0.1", "0,3", "2,675", "56,82", "151,67", "1,005", "0,000000000000001",
        "999999999999999", "99999999999999,9", "9,99999999999999", "123456789012345",
        "1234567890123456", "12345678901234,56", "0,0000000000000001", "4503599627370497",
        "9007199254740993", "00000000000000000001,5", "1,7976931348623157", "0,30000000000000004",
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(buf, sizeof buf, "%s", cases[i]);
        for (char *q = buf; *q; q++) if (*q == ',') *q = '.';
        num_is(cases[i], strtod(buf, NULL));
    }
    /* pseudo-random amounts of 1..15 digits and 0..6 decimals */
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        int nd = 1 + (int)(x % 15), dec = (int)((x >> 8) % 7);
        if (dec >= nd) dec = nd - 1;
        char in[32], c[32];
        int k = 0, w = 0;
        uint64_t y = x >> 16;
        for (int d = 0; d < nd; d++) {
            if (d == nd - dec && dec) { in[k++] = (x & 1) ? ',' : '.'; c[w++] = '.'; }
            char ch = (char)('0' + y % 10);
            y = y / 10 ^ (y << 5);
            in[k++] = ch;
            c[w++] = ch;
        }
        in[k] = c[w] = 0;
        num_is(in, strtod(c, NULL));
    }
}

static void test_numbers_rejected(void **state)
{
    (void)state;
    num_rejected("");
    num_rejected("   ");
    num_rejected(NULL);
    num_rejected("abc");
    num_rejected("1,2,3");
    num_rejected("12 h");
    num_rejected("1 23,4");
    num_rejected("1234 567");                    /* first group over three digits */
    num_rejected("1e3");
    num_rejected("1,5,");
    num_rejected("12,");
    num_rejected("12.");
    num_rejected("1,,5");
    num_rejected("1  234");                      /* two separators in a row */
    num_rejected("-");
    num_rejected("+-1");
    num_rejected("--1");
    num_rejected("1.234,5.6");                   /* two decimal dots */
    num_rejected("1,234 567");                   /* grouping after the decimal */
    num_rejected("1 234.567,5");                 /* mixed grouping */
    num_rejected("12%");
    num_rejected("\xE2\x82\xAC" "12");           /* € */
    num_rejected("1" "\xE2\x80\x89" "234");      /* thin space is not a grouping blank */
    num_rejected("- 3");
    num_rejected(" .5 5");
    num_rejected(".1.5");
    num_rejected("0x10");
}

static void date_is(const char *s, int y, int m, int d)
{
    int32_t v = -99999;
    if (!fse_parse_date(s, &v)) fail_msg("\"%s\" rejected", s);
    assert_int_equal(v, fse_days_from_civil(y, m, d));
}

static void date_rejected(const char *s)
{
    int32_t v = -99999;
    if (fse_parse_date(s, &v)) fail_msg("\"%s\" accepted as %d", s ? s : "(null)", (int)v);
    assert_int_equal(v, -99999);
}

static void test_dates(void **state)
{
    (void)state;
    /* absolute anchors */
    assert_int_equal(fse_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(fse_days_from_civil(2024, 1, 1), 19723);
    assert_int_equal(fse_days_from_civil(2024, 3, 1), 19783);
    assert_int_equal(fse_days_from_civil(1900, 1, 1), -25567);
    assert_int_equal(fse_days_from_civil(1969, 12, 31), -1);
    int32_t v = 0;
    assert_true(fse_parse_date("01/03/2024", &v));
    assert_int_equal(v, 19783);

    date_is("01/03/2024", 2024, 3, 1);
    date_is("1/3/2024", 2024, 3, 1);
    date_is("13/07/1970", 1970, 7, 13);
    date_is("31-12-2024", 2024, 12, 31);
    date_is("31.12.2024", 2024, 12, 31);
    date_is("2024-03-01", 2024, 3, 1);
    date_is("2024-3-1", 2024, 3, 1);
    date_is("2024-03-01T09:30", 2024, 3, 1);
    date_is("2024-03-01T09:30:15", 2024, 3, 1);
    date_is("2024-03-01 00:00:00", 2024, 3, 1);
    date_is("2024-03-01 23:59:59.123", 2024, 3, 1);
    date_is("01/03/2024 08:15", 2024, 3, 1);
    date_is("01/03/2024 08:15:00", 2024, 3, 1);
    date_is(" 29/02/2024" NBSP, 2024, 2, 29);   /* leap year */
    date_is("29/02/2000", 2000, 2, 29);
    date_is("01/01/1900", 1900, 1, 1);
    date_is("31/12/2200", 2200, 12, 31);
}

static void test_dates_rejected(void **state)
{
    (void)state;
    date_rejected("31/04/2024");
    date_rejected("29/02/2023");
    date_rejected("29/02/1900");                 /* 1900 is not leap */
    date_rejected("2024");
    date_rejected("01/13/2024");
    date_rejected("00/01/2024");
    date_rejected("32/01/2024");
    date_rejected("01/03/24");                   /* two-digit years */
    date_rejected("1/3/24");
    date_rejected("24-03-01");
    date_rejected("01/03-2024");                 /* mixed separators */
    date_rejected("001/03/2024");
    date_rejected("01/03/20245");
    date_rejected("2024/03/01");
    date_rejected("2024-03");
    date_rejected("20240301");
    date_rejected("31/12/1899");                 /* out of 1900..2200 */
    date_rejected("01/01/2201");
    date_rejected("2024-03-01T25:00");
    date_rejected("2024-03-01T09:60");
    date_rejected("2024-03-01T9");
    date_rejected("01/03/2024 x");
    date_rejected("01/03/2024T08:00");
    date_rejected("");
    date_rejected(NULL);
    date_rejected("mars 2024");
}

static void month_is(const char *s, int y, int m)
{
    int32_t v = -99999;
    if (!fse_parse_month(s, &v)) fail_msg("\"%s\" rejected", s);
    if (v != fse_days_from_civil(y, m, 1)) fail_msg("\"%s\" -> %d, want %04d-%02d", s, (int)v, y, m);
}

static void month_rejected(const char *s)
{
    int32_t v = -99999;
    if (fse_parse_month(s, &v)) fail_msg("\"%s\" accepted as %d", s ? s : "(null)", (int)v);
}

static void test_months(void **state)
{
    (void)state;
    month_is("2024-03", 2024, 3);
    month_is("2024-3", 2024, 3);
    month_is("03/2024", 2024, 3);
    month_is("3/2024", 2024, 3);
    month_is("03-2024", 2024, 3);
    month_is("mars 2024", 2024, 3);
    month_is("Mars-2024", 2024, 3);
    month_is("mar. 2024", 2024, 3);
    month_is("MARS 2024", 2024, 3);
    month_is("f\xC3\xA9vr. 2024", 2024, 2);               /* févr. */
    month_is("fevrier 2024", 2024, 2);
    month_is("F\xC3\xA9vrier 2025", 2025, 2);
    month_is("D\xC3\xA9" "cembre 2024", 2024, 12);
    month_is("d\xC3\xA9" "c. 2024", 2024, 12);
    month_is("janvier 2024", 2024, 1);
    month_is("janv. 2024", 2024, 1);
    month_is("avril 2024", 2024, 4);
    month_is("avr. 2024", 2024, 4);
    month_is("mai 2024", 2024, 5);
    month_is("juin 2024", 2024, 6);
    month_is("juillet 2024", 2024, 7);
    month_is("juil. 2024", 2024, 7);
    month_is("ao\xC3\xBBt 2024", 2024, 8);                /* août */
    month_is("Aout 2024", 2024, 8);
    month_is("septembre 2024", 2024, 9);
    month_is("sept. 2024", 2024, 9);
    month_is("octobre 2024", 2024, 10);
    month_is("oct. 2024", 2024, 10);
    month_is("novembre 2024", 2024, 11);
    month_is("nov. 2024", 2024, 11);
    month_is("mars" NBSP "2024", 2024, 3);
    month_is(" mars 2024 ", 2024, 3);
    month_is("01/03/2024", 2024, 3);                      /* any date: its month */
    month_is("15/03/2024", 2024, 3);
    month_is("2024-03-31", 2024, 3);
    month_is("2024-03-15T10:00:00", 2024, 3);

    month_rejected("mars 24");
    month_rejected("2024-13");
    month_rejected("13/2024");
    month_rejected("00/2024");
    month_rejected("marsx 2024");
    month_rejected("juni 2024");
    month_rejected("mars");
    month_rejected("2024");
    month_rejected("mars 2024 x");
    month_rejected("T1 2024");
    month_rejected("03/1899");
    month_rejected("");
    month_rejected(NULL);
}

static void serial_is(double serial, bool is1904, int y, int m, int d)
{
    double v = 0;
    if (!fse_excel_serial_to_days(serial, is1904, &v)) fail_msg("serial %g rejected", serial);
    assert_true(v == (double)fse_days_from_civil(y, m, d));
}

static void test_excel_serials(void **state)
{
    (void)state;
    serial_is(45292, false, 2024, 1, 1);
    serial_is(1, false, 1900, 1, 1);
    serial_is(59, false, 1900, 2, 28);
    serial_is(61, false, 1900, 3, 1);
    serial_is(25569, false, 1970, 1, 1);
    serial_is(2958465, false, 9999, 12, 31);
    serial_is(0, true, 1904, 1, 1);
    serial_is(45292 - 1462, true, 2024, 1, 1);
    double v = 0;
    assert_true(fse_excel_serial_to_days(45292.75, false, &v));   /* time of day kept */
    assert_true(v == 19723.75);
    assert_false(fse_excel_serial_to_days(60, false, &v));        /* phantom 29/02/1900 */
    assert_false(fse_excel_serial_to_days(60.5, false, &v));
    assert_false(fse_excel_serial_to_days(0.5, false, &v));       /* pure time */
    assert_false(fse_excel_serial_to_days(0, false, &v));
    assert_false(fse_excel_serial_to_days(-1, false, &v));
    assert_false(fse_excel_serial_to_days(-0.5, true, &v));
    assert_false(fse_excel_serial_to_days(2958466, false, &v));
    assert_false(fse_excel_serial_to_days(NAN, false, &v));
}

static void test_booleans(void **state)
{
    (void)state;
    static const char *const yes[] = { "Oui", "oui", "OUI", " oui ", "O", "o", "X", "x", "1",
                                       "Vrai", "VRAI", "Yes", "TRUE", "true" };
    static const char *const no[] = { "Non", "non", "N", "n", "0", "Faux", "faux", "No",
                                      "FALSE", "false" };
    static const char *const neither[] = { "", " ", "-", "2", "peut-etre", "oui non", "10",
                                           "Y", "nan" };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) assert_int_equal(fse_parse_bool(yes[i]), 1);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) assert_int_equal(fse_parse_bool(no[i]), 0);
    for (size_t i = 0; i < sizeof neither / sizeof neither[0]; i++)
        assert_int_equal(fse_parse_bool(neither[i]), -1);
    assert_int_equal(fse_parse_bool(NULL), -1);
    /* past the short ASCII path: accents, and 15 bytes or more */
    assert_int_equal(fse_parse_bool("  Oui          "), 1);          /* 15 bytes */
    assert_int_equal(fse_parse_bool("O.U.I - - - - - - -"), 1);      /* punctuation dropped */
    assert_int_equal(fse_parse_bool("Ou\xC3\xAF"), 1);               /* "Ouï" folds to oui */
    assert_int_equal(fse_parse_bool("N\xC3\xB4n"), 0);
    assert_int_equal(fse_parse_bool("vraiment"), -1);
}

static void test_format(void **state)
{
    (void)state;
    char buf[11];
    fse_format_iso(19783, buf);
    assert_string_equal(buf, "2024-03-01");
    fse_format_fr(19783, buf);
    assert_string_equal(buf, "01/03/2024");
    fse_format_iso(0, buf);
    assert_string_equal(buf, "1970-01-01");
    fse_format_fr(-25567, buf);
    assert_string_equal(buf, "01/01/1900");
    fse_format_iso(fse_days_from_civil(2200, 12, 31), buf);
    assert_string_equal(buf, "2200-12-31");
    fse_format_fr(fse_days_from_civil(2024, 2, 29), buf);
    assert_string_equal(buf, "29/02/2024");
}

static void test_civil_round_trip(void **state)
{
    (void)state;
    int32_t expect = fse_days_from_civil(1900, 1, 1);
    for (int y = 1900; y <= 2200; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= 31; d++) {
                if (!fse_valid_civil(y, m, d)) {
                    assert_true(d >= 29);
                    continue;
                }
                int32_t days = fse_days_from_civil(y, m, d);
                assert_int_equal(days, expect);   /* consecutive, no gap */
                expect++;
                int yy, mm, dd;
                fse_civil_from_days(days, &yy, &mm, &dd);
                assert_int_equal(yy, y);
                assert_int_equal(mm, m);
                assert_int_equal(dd, d);
                char iso[11], fr[11], want[11];
                fse_format_iso(days, iso);
                fse_format_fr(days, fr);
                int32_t back = 0;
                assert_true(fse_parse_date(iso, &back));
                assert_int_equal(back, days);
                assert_true(fse_parse_date(fr, &back));
                assert_int_equal(back, days);
                want[0] = (char)('0' + y / 1000);
                want[1] = (char)('0' + y / 100 % 10);
                want[2] = (char)('0' + y / 10 % 10);
                want[3] = (char)('0' + y % 10);
                want[4] = '-';
                want[5] = (char)('0' + m / 10);
                want[6] = (char)('0' + m % 10);
                want[7] = '-';
                want[8] = (char)('0' + d / 10);
                want[9] = (char)('0' + d % 10);
                want[10] = 0;
                assert_string_equal(iso, want);
            }
        }
    }
    /* 301 years: 73 leap years (1900, 2100, 2200 are not; 2000 is) */
    assert_int_equal(expect - fse_days_from_civil(1900, 1, 1), 301 * 365 + 73);
    /* far dates and negative day numbers stay consistent */
    int y, m, d;
    fse_civil_from_days(-719468, &y, &m, &d);
    assert_int_equal(y, 0); assert_int_equal(m, 3); assert_int_equal(d, 1);
    assert_false(fse_valid_civil(2024, 0, 1));
    assert_false(fse_valid_civil(2024, 13, 1));
    assert_false(fse_valid_civil(2024, 4, 31));
    assert_true(fse_valid_civil(2000, 2, 29));
    assert_false(fse_valid_civil(2100, 2, 29));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_numbers_fast_path_exact),
        cmocka_unit_test(test_numbers_rejected),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_dates_rejected),
        cmocka_unit_test(test_months),
        cmocka_unit_test(test_excel_serials),
        cmocka_unit_test(test_booleans),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_civil_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
