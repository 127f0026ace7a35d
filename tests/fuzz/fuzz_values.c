/* fuzz_values.c — libFuzzer harness for the value parsers (ingest/values.c):
 * the input, as a NUL-terminated text, goes through the number, date, month
 * and boolean parsers; its first 8 bytes as a double through the Excel
 * serial conversion; every accepted date is formatted back. Checks beyond
 * "no crash": an accepted date lies in 1900..2200 and formats to 10
 * characters; an accepted number is finite. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/values.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = 0;
    double x;
    if (fse_parse_number(s, &x) && !isfinite(x)) abort();
    int32_t days;
    char buf[16];
    int y, m, d;
    if (fse_parse_date(s, &days)) {
        fse_civil_from_days(days, &y, &m, &d);
        if (y < 1900 || y > 2200 || !fse_valid_civil(y, m, d)) abort();
        fse_format_iso(days, buf);
        if (strlen(buf) != 10) abort();
        fse_format_fr(days, buf);
        if (strlen(buf) != 10) abort();
    }
    if (fse_parse_month(s, &days)) {
        fse_civil_from_days(days, &y, &m, &d);
        if (d != 1 || y < 1900 || y > 2200) abort();
    }
    (void)fse_parse_bool(s);
    if (size >= 8) {
        double serial, out;
        memcpy(&serial, data, sizeof serial);
        for (int is1904 = 0; is1904 < 2; is1904++)
            if (fse_excel_serial_to_days(serial, is1904, &out)) {
                if (!isfinite(out)) abort();
                fse_format_iso((int32_t)floor(out), buf);
                if (strlen(buf) != 10) abort();
            }
    }
    free(s);
    return 0;
}
