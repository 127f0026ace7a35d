/* doc_format.c — the French display of the document model's numbers and
 * dates (doc.h fse_format_number_fr, doc_private.h fse_doc_cell_display and
 * its helpers), shared by both writers so a PDF and its XLSX agree.
 */
#include "pieces/doc.h"
#include "pieces/doc_private.h"
#include "ingest/values.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------- numbers, dates */

/* See doc_private.h. */
void fse_doc_civil(long long days, int *year, int *month, int *day)
{
    /* the calendar of values.h; callers pass day counts well inside int32 */
    if (days > INT32_MAX) days = INT32_MAX;
    if (days < INT32_MIN) days = INT32_MIN;
    fse_civil_from_days((int32_t)days, year, month, day);
}

static void format_slow(double v, int shift, int decimals, char *buf, size_t len);

/* Copies the NUL-terminated out into buf[0..len), truncated (as snprintf "%s"). */
static void put_out(const char *out, size_t n, char *buf, size_t len)
{
    if (n >= len) n = len - 1;
    memcpy(buf, out, n);
    buf[n] = 0;
}

/* Writes q (the value in units of 10^-decimals) as French text: U+202F every
 * three integer digits, decimal comma, "-" when neg and q != 0. */
static void put_scaled(unsigned long long q, int decimals, bool neg, char *buf, size_t len)
{
    char d[24];   /* digits of q, least significant first, at least decimals + 1 */
    int k = 0;
    do { d[k++] = (char)('0' + q % 10); q /= 10; } while (q);
    bool zero = k == 1 && d[0] == '0';
    while (k < decimals + 1) d[k++] = '0';
    char out[48];
    size_t o = 0;
    if (neg && !zero) out[o++] = '-';
    int ni = k - decimals;   /* integer digits */
    for (int i = 0; i < ni; i++) {
        if (i > 0 && (ni - i) % 3 == 0) { memcpy(out + o, "\xE2\x80\xAF", 3); o += 3; }
        out[o++] = d[k - 1 - i];
    }
    if (decimals > 0) {
        out[o++] = ',';
        for (int i = ni; i < k; i++) out[o++] = d[k - 1 - i];
    }
    out[o] = 0;
    put_out(out, o, buf, len);
}

/* French display of v * 10^shift with `decimals` decimals. The shortest
 * decimal string that reads back as v (15 to 17 significant digits) is
 * rounded in decimal, half away from zero, so 0.005 -> "0,01" and
 * 1.005 -> "1,01" as a reader of the source data expects.
 *
 * Speed (issue 8): hours, amounts and rates have at most a few decimals.
 * When v is r / 10^t in double arithmetic (r an integer below 10^15, a
 * correctly rounded division), v is the double nearest to that decimal, so
 * its 15-digit form ("%.14e", the first the slow path tries) is r's digits:
 * the rounding is done on r in integers, without the two to four
 * snprintf/strtod calls (~4 000 instructions a cell, 2.7 % of a 100 000-row
 * job in the PDF tables' display). Values that are not short decimals are
 * rounded directly when far from a half (below); the rest take format_slow. */
static void format_fr(double v, int shift, int decimals, char *buf, size_t len)
{
    if (!len) return;
    static const double P10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000 };
    static const unsigned long long U10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
                                             100000000, 1000000000, 10000000000ULL };
    if (isfinite(v) && decimals >= 0 && decimals <= 6 && shift >= 0 && shift <= 2) {
        bool neg = signbit(v);
        double a = fabs(v);
        for (int t = 0; t <= 4 + shift && a < 1e15; t++) {   /* v = r / 10^t, r < 10^15 */
            double m = a * P10[t];
            if (m >= 1e15) break;
            double r = nearbyint(m);
            if (r / P10[t] != a) continue;
            /* a is the double nearest to r / 10^t: the value shown is r / 10^(t - shift),
               rounded at `decimals` on the integer r */
            unsigned long long q = (unsigned long long)r;
            int p = t - shift;
            if (p > decimals) {
                unsigned long long div = U10[p - decimals], rem = q % div;
                q /= div;
                if (rem >= div / 2) q++;   /* first dropped digit >= 5: half away from zero */
            } else {
                if (q >= 10000000000000000ULL / U10[decimals - p]) break;   /* no overflow */
                q *= U10[decimals - p];
            }
            put_scaled(q, decimals, neg, buf, len);
            return;
        }
        /* Not a short decimal (a sum of hours with binary noise, a ratio):
           x = |v| * 10^(shift + decimals) is within 3e-16 x of the shortest
           decimal form scaled the same way; when x < 1e9 and its fraction is
           more than 1e-6 away from one half, both round to the same integer */
        double x = a * P10[shift + decimals];
        if (x < 1e9) {
            double w = floor(x), f = x - w;
            if (fabs(f - 0.5) > 1e-6) {
                put_scaled((unsigned long long)w + (f > 0.5), decimals, neg, buf, len);
                return;
            }
        }
    }
    format_slow(v, shift, decimals, buf, len);
}

/* format_fr for any value: through the shortest round-trip "%.*e" form. */
static void format_slow(double v, int shift, int decimals, char *buf, size_t len)
{
    /* len > 0: format_fr, its only caller, returned on 0 */
    if (!isfinite(v)) { snprintf(buf, len, "n/d"); return; }
    if (decimals < 0) decimals = 0;
    if (decimals > 15) decimals = 15;
    bool neg = signbit(v);
    double a = fabs(v);
    char e[40];
    if (a < 1e15 && a == floor(a)) {        /* whole numbers (most cells): the digits of
                                               "%.14e", which round-trips, without printf */
        char t[20];
        int k = 0;
        unsigned long long u = (unsigned long long)a;
        do { t[k++] = (char)('0' + u % 10); u /= 10; } while (u);
        int o = 0;
        e[o++] = t[k - 1];
        e[o++] = '.';
        for (int i = k - 2; i >= 0; i--) e[o++] = t[i];
        while (o < 16) e[o++] = '0';
        int x = a == 0 ? 0 : k - 1;          /* 0..14 */
        e[o++] = 'e';
        e[o++] = '+';
        e[o++] = (char)('0' + x / 10);
        e[o++] = (char)('0' + x % 10);
        e[o] = 0;
    } else {
        for (int p = 15; p <= 17; p++) {
            snprintf(e, sizeof e, "%.*e", p - 1, a);
            if (strtod(e, NULL) == a) break;
        }
    }
    /* e = "d.ddddde[+-]xx" (the point may be a comma under a foreign locale) */
    char mant[24];
    int n = 0, exp10 = 0;
    const char *p = e;
    for (; *p && *p != 'e' && *p != 'E'; p++)
        if (*p >= '0' && *p <= '9' && n < (int)sizeof mant) mant[n++] = *p;
    if (*p) exp10 = atoi(p + 1);
    exp10 += shift;
    if (a == 0) exp10 = 0;
    /* digit i of mant has weight 10^(exp10 - i) */
    int nint = exp10 >= 0 ? exp10 + 1 : 1;
    if (nint > 330) nint = 330;
    char dig[360];
    int nd = nint + decimals;
    for (int k = 0; k <= nd; k++) {          /* k = nd is the rounding digit */
        int w = nint - 1 - k;                /* weight of output position k */
        int i = exp10 - w;
        dig[k] = (i >= 0 && i < n) ? mant[i] : '0';
    }
    int carry = dig[nd] >= '5';
    for (int k = nd - 1; k >= 0 && carry; k--) {
        if (dig[k] == '9') dig[k] = '0';
        else { dig[k]++; carry = 0; }
    }
    char out[720];
    size_t o = 0;
    bool zero = !carry;
    for (int k = 0; k < nd && zero; k++) if (dig[k] != '0') zero = false;
    if (neg && !zero) out[o++] = '-';
    /* integer part with U+202F every three digits from the right */
    char ip[340];
    int ni = 0;
    if (carry) ip[ni++] = '1';
    for (int k = 0; k < nint; k++) ip[ni++] = dig[k];   /* no leading zero but "0" */
    for (int k = 0; k < ni; k++) {
        if (k > 0 && (ni - k) % 3 == 0) { memcpy(out + o, "\xE2\x80\xAF", 3); o += 3; }
        out[o++] = ip[k];
    }
    if (decimals > 0) {
        out[o++] = ',';
        for (int k = nint; k < nd; k++) out[o++] = dig[k];
    }
    out[o] = 0;
    snprintf(buf, len, "%s", out);
}

/* See doc.h: U+202F groups of three, decimal comma, "-" sign, rounding
 * half away from zero at `decimals` (0..15); "n/d" for NaN/inf; always
 * NUL-terminated, truncated to len. */
void fse_format_number_fr(double v, int decimals, char *buf, size_t len)
{
    format_fr(v, 0, decimals, buf, len);
}

/* See doc_private.h. */
int fse_doc_decimals(const fse_doc_column *col, double v)
{
    if (col->decimals == FSE_DEC_AUTO) return v == floor(v) ? 0 : 2;
    if (col->decimals == FSE_DEC_NEEDED) return fse_decimals_needed(v);
    return col->decimals;
}

/* See doc.h. */
int fse_decimals_needed(double v)
{
    double cents = round(v * 100);
    if (!isfinite(cents) || fmod(cents, 100) == 0) return 0;
    return fmod(cents, 10) == 0 ? 1 : 2;
}

/* See doc_private.h. */
bool fse_doc_col_numeric(fse_col_type t)
{
    return t == FSE_COL_INTEGER || t == FSE_COL_NUMBER || t == FSE_COL_PERCENT ||
           t == FSE_COL_EURO || t == FSE_COL_DATE || t == FSE_COL_MONTH;
}

/* See doc_private.h. */
const char *fse_doc_cell_display(const fse_doc_column *col, const fse_doc_cell *cell,
                                 char *buf, size_t len)
{
    if (!cell) return "";
    if (!cell->has_num) return cell->text ? cell->text : "";
    double v = cell->num;
    char num[96];
    int y, m, d;
    switch (col->type) {
    case FSE_COL_INTEGER: format_fr(v, 0, 0, buf, len); break;
    case FSE_COL_TEXT:
    case FSE_COL_NUMBER:
        format_fr(v, 0, fse_doc_decimals(col, v), buf, len);
        break;
    case FSE_COL_PERCENT:
        format_fr(v, 2, col->decimals, num, sizeof num);
        snprintf(buf, len, "%s\xE2\x80\xAF%%", num);
        break;
    case FSE_COL_EURO:
        format_fr(v, 0, 2, num, sizeof num);
        snprintf(buf, len, "%s\xE2\x80\xAF\xE2\x82\xAC", num);
        break;
    case FSE_COL_DATE:
    case FSE_COL_MONTH:
        if (!isfinite(v) || fabs(v) > 1e9) { snprintf(buf, len, "n/d"); break; }
        fse_doc_civil((long long)floor(v), &y, &m, &d);
        if (len >= 11 && y >= 0 && y <= 9999) {   /* the same digits, without printf */
            char *q = buf;
            if (col->type == FSE_COL_DATE) { *q++ = (char)('0' + d / 10); *q++ = (char)('0' + d % 10); *q++ = '/'; }
            *q++ = (char)('0' + m / 10); *q++ = (char)('0' + m % 10); *q++ = '/';
            *q++ = (char)('0' + y / 1000); *q++ = (char)('0' + y / 100 % 10);
            *q++ = (char)('0' + y / 10 % 10); *q++ = (char)('0' + y % 10);
            *q = 0;
        } else if (col->type == FSE_COL_DATE) snprintf(buf, len, "%02d/%02d/%04d", d, m, y);
        else snprintf(buf, len, "%02d/%04d", m, y);
        break;
    case FSE_COL_ID:
        if (isfinite(v)) snprintf(buf, len, "%.0f", v);
        else snprintf(buf, len, "n/d");
        break;
    }
    return buf;
}
