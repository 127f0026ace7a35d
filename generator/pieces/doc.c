/* doc.c — builders of the document model (doc.h), fse_doc_free, French
 * number display, and the private helpers of doc_private.h.
 *
 * Every string handed to a builder is copied and made valid UTF-8 (invalid
 * bytes become U+FFFD), so the writers can pass text to libharu and
 * libxlsxwriter, which do not validate it (research/tech.md §1.2, §2.6).
 */
#include "pieces/doc.h"
#include "pieces/doc_private.h"
#include "common/text.h"
#include "common/util.h"
#include "ingest/values.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- UTF-8 */

/* Validation is fse_utf8_valid (common/text.c, RFC 3629): each byte where
 * a well-formed sequence cannot start is replaced by U+FFFD; linear, since
 * every scan resumes after the byte just replaced. */
char *fse_doc_utf8_dup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s), bad = 0;
    if (fse_utf8_valid(s, n, &bad)) return fse_xstrndup(s, n);
    fse_sb b = {0};
    size_t i = 0;
    while (!fse_utf8_valid(s + i, n - i, &bad)) {
        fse_sb_add(&b, s + i, bad);
        fse_sb_add(&b, "\xEF\xBF\xBD", 3);
        i += bad + 1;
    }
    fse_sb_add(&b, s + i, n - i);
    return fse_sb_take(&b);
}

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
    if (!len) return;
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
    switch (col ? col->type : FSE_COL_TEXT) {
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

/* ------------------------------------------------------------ builders */

/* New empty doc; every string copied (NULL stays NULL). created_epoch:
 * seconds since 1970 UTC, the PDF/XLSX creation date. d->author may be set
 * directly (owned, freed by fse_doc_free). Free with fse_doc_free; never
 * returns NULL (exits on out of memory, util.h). */
fse_doc *fse_doc_new(const char *title, const char *plie, const char *fiche,
                     const char *periode, const char *generated, int64_t created_epoch)
{
    fse_doc *d = fse_xcalloc(1, sizeof *d);
    d->title = fse_doc_utf8_dup(title);
    d->plie = fse_doc_utf8_dup(plie);
    d->fiche = fse_doc_utf8_dup(fiche);
    d->periode = fse_doc_utf8_dup(periode);
    d->generated = fse_doc_utf8_dup(generated);
    d->created_epoch = created_epoch;
    return d;
}

/* Appends a zeroed block of the given kind. The returned pointer is valid
 * until the next block is added (the array may move). */
static fse_doc_block *new_block(fse_doc *d, fse_block_kind kind)
{
    fse_grow((void **)&d->blocks, &d->cap, d->nblocks + 1, sizeof *d->blocks);
    fse_doc_block *b = &d->blocks[d->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

/* Heading block; level <= 1 -> 1 (PDF bookmark), anything else -> 2. */
void fse_doc_heading(fse_doc *d, int level, const char *text)
{
    fse_doc_block *b = new_block(d, FSE_BLOCK_HEADING);
    b->level = level <= 1 ? 1 : 2;
    b->text = fse_doc_utf8_dup(text ? text : "");
}

/* Paragraph block; "\n" starts a new line in both writers. */
void fse_doc_paragraph(fse_doc *d, const char *text)
{
    fse_doc_block *b = new_block(d, FSE_BLOCK_PARAGRAPH);
    b->text = fse_doc_utf8_dup(text ? text : "");
}

/* The returned block pointer is valid until the next block is added to d:
 * add its pairs right away. */
fse_doc_block *fse_doc_keyvalue(fse_doc *d)
{
    return new_block(d, FSE_BLOCK_KEYVALUE);
}

/* Appends one key / value line (both copied; NULL -> ""); b must be the
 * block returned by fse_doc_keyvalue, others are ignored. */
void fse_doc_kv_add(fse_doc_block *b, const char *key, const char *val)
{
    if (!b || b->kind != FSE_BLOCK_KEYVALUE) return;
    b->keys = fse_xrealloc(b->keys, (b->npairs + 1) * sizeof *b->keys);
    b->vals = fse_xrealloc(b->vals, (b->npairs + 1) * sizeof *b->vals);
    b->keys[b->npairs] = fse_doc_utf8_dup(key ? key : "");
    b->vals[b->npairs] = fse_doc_utf8_dup(val ? val : "");
    if (b->kvnum) {
        b->kvnum = fse_xrealloc(b->kvnum, (b->npairs + 1) * sizeof *b->kvnum);
        b->kvcol = fse_xrealloc(b->kvcol, (b->npairs + 1) * sizeof *b->kvcol);
        b->kvnum[b->npairs] = (fse_doc_cell){ 0 };
        b->kvcol[b->npairs] = (fse_doc_column){ .type = FSE_COL_TEXT };
    }
    b->npairs++;
}

/* Type of the last pair of b (allocating the typed arrays on first use). */
static void kv_type_last(fse_doc_block *b, fse_col_type type, int decimals, const double *num)
{
    if (!b->kvnum) {
        b->kvnum = fse_xcalloc(b->npairs, sizeof *b->kvnum);
        b->kvcol = fse_xcalloc(b->npairs, sizeof *b->kvcol);
    }
    size_t k = b->npairs - 1;
    b->kvcol[k] = (fse_doc_column){ .type = type, .decimals = decimals };
    if (num) b->kvnum[k] = (fse_doc_cell){ .num = *num, .has_num = true };
}

void fse_doc_kv_add_num(fse_doc_block *b, const char *key, double num, fse_col_type type,
                        int decimals, const char *suffix)
{
    if (!b || b->kind != FSE_BLOCK_KEYVALUE) return;
    fse_doc_column col = { .type = type, .decimals = decimals };
    fse_doc_cell cell = { .num = num, .has_num = true };
    char buf[96];
    const char *shown = fse_doc_cell_display(&col, &cell, buf, sizeof buf);
    char *val = fse_xasprintf("%s%s", shown, suffix ? suffix : "");
    fse_doc_kv_add(b, key, val);
    free(val);
    kv_type_last(b, type, decimals, &num);
}

void fse_doc_kv_add_id(fse_doc_block *b, const char *key, const char *val)
{
    if (!b || b->kind != FSE_BLOCK_KEYVALUE) return;
    fse_doc_kv_add(b, key, val);
    kv_type_last(b, FSE_COL_ID, 0, NULL);
}

/* Page break (PDF only; a break at the very end adds no blank page). */
void fse_doc_pagebreak(fse_doc *d)
{
    new_block(d, FSE_BLOCK_PAGEBREAK);
}

/* Table block; title and wanted sheet name copied (NULL allowed). The
 * table is owned by d; the returned pointer stays valid until fse_doc_free. */
fse_doc_table *fse_doc_table_add(fse_doc *d, const char *title, const char *sheet)
{
    fse_doc_table *t = fse_xcalloc(1, sizeof *t);
    t->title = fse_doc_utf8_dup(title);
    t->sheet = fse_doc_utf8_dup(sheet);
    fse_doc_block *b = new_block(d, FSE_BLOCK_TABLE);
    b->table = t;
    return t;
}

/* See doc.h. */
void fse_doc_col_whole(fse_doc_table *t)
{
    if (t->ncols) t->cols[t->ncols - 1].whole = true;
}

/* Columns are normally all declared before the first row; a column added
 * later is appended to every existing row (empty cells). */
void fse_doc_col(fse_doc_table *t, const char *title, fse_col_type type, double width, int decimals)
{
    size_t old = t->ncols;
    t->cols = fse_xrealloc(t->cols, (old + 1) * sizeof *t->cols);
    t->cols[old] = (fse_doc_column){ fse_doc_utf8_dup(title ? title : ""), type,
                                     width > 0 ? width : 1,
                                     decimals == FSE_DEC_AUTO || decimals == FSE_DEC_NEEDED ? decimals
                                     : decimals < 0 ? 0 : decimals, false };
    t->ncols = old + 1;
    if (t->nrows) {
        fse_doc_cell *c = fse_xcalloc(t->nrows * t->ncols, sizeof *c);
        for (size_t r = 0; r < t->nrows; r++)
            memcpy(c + r * t->ncols, t->cells + r * old, old * sizeof *c);
        free(t->cells);
        t->cells = c;
        t->cap = t->nrows * t->ncols;
    }
    if (t->totals) {
        t->totals = fse_xrealloc(t->totals, t->ncols * sizeof *t->totals);
        memset(&t->totals[old], 0, sizeof *t->totals);
    }
}

/* Starts a new row of empty cells; fse_doc_put_* then fill it. Only the
 * new row is zeroed, not the whole spare capacity (issue 8: the doubled
 * cell array of a bilan's million evidence rows left up to 130 MB of
 * zeroed, resident, never-used cells at the job's peak; untouched, those
 * pages of a large realloc stay unmapped). Cells past nrows * ncols are
 * never read. */
void fse_doc_row(fse_doc_table *t)
{
    size_t need = (t->nrows + 1) * t->ncols;
    fse_grow((void **)&t->cells, &t->cap, need ? need : 1, sizeof *t->cells);
    memset(t->cells + t->nrows * t->ncols, 0, t->ncols * sizeof *t->cells);
    t->nrows++;
}

static fse_doc_cell *cur_cell(fse_doc_table *t, size_t col)
{
    if (!t->nrows || col >= t->ncols) return NULL;
    return &t->cells[(t->nrows - 1) * t->ncols + col];
}

static fse_doc_cell *total_cell(fse_doc_table *t, size_t col)
{
    if (col >= t->ncols) return NULL;
    if (!t->totals) t->totals = fse_xcalloc(t->ncols, sizeof *t->totals);
    return &t->totals[col];
}

static void set_text(fse_doc_table *t, fse_doc_cell *c, const char *text)
{
    if (!c) return;
    c->text = NULL;
    if (!text) return;
    size_t n = strlen(text), bad;
    if (fse_utf8_valid(text, n, &bad)) {
        c->text = (char *)fse_strpool_intern(&t->pool, text, n);
    } else {                       /* as fse_doc_utf8_dup: U+FFFD for each invalid byte */
        char *s = fse_doc_utf8_dup(text);
        c->text = (char *)fse_strpool_intern(&t->pool, s, strlen(s));
        free(s);
    }
}

static void set_num(fse_doc_cell *c, double num)
{
    if (!c) return;
    c->num = num;
    c->has_num = true;
}

/* Out-of-range columns (col >= ncols) and puts before the first
 * fse_doc_row are ignored. */
void fse_doc_put_text(fse_doc_table *t, size_t col, const char *text) { set_text(t, cur_cell(t, col), text); }
void fse_doc_put_num(fse_doc_table *t, size_t col, double num) { set_num(cur_cell(t, col), num); }
void fse_doc_total_text(fse_doc_table *t, size_t col, const char *text) { set_text(t, total_cell(t, col), text); }
void fse_doc_total_num(fse_doc_table *t, size_t col, double num) { set_num(total_cell(t, col), num); }

/* Note printed under the table (replaces a previous one). */
void fse_doc_table_note(fse_doc_table *t, const char *text)
{
    free(t->note);
    t->note = fse_doc_utf8_dup(text);
}

/* Chart block over ncats category labels (copied); add series with
 * fse_doc_chart_series. Owned by d, valid until fse_doc_free. */
fse_doc_chart *fse_doc_chart_add(fse_doc *d, const char *title, size_t ncats,
                                 const char *const *cats, bool line)
{
    fse_doc_chart *c = fse_xcalloc(1, sizeof *c);
    c->title = fse_doc_utf8_dup(title);
    c->ncats = ncats;
    c->cats = fse_xcalloc(ncats ? ncats : 1, sizeof *c->cats);
    for (size_t i = 0; i < ncats; i++)
        c->cats[i] = fse_doc_utf8_dup(cats && cats[i] ? cats[i] : "");
    c->line = line;
    fse_doc_block *b = new_block(d, FSE_BLOCK_CHART);
    b->chart = c;
    return c;
}

/* values: ncats numbers (copied); NaN marks a missing value. */
void fse_doc_chart_series(fse_doc_chart *c, const char *name, const double *values)
{
    size_t s = c->nseries;
    c->series_names = fse_xrealloc(c->series_names, (s + 1) * sizeof *c->series_names);
    c->series_names[s] = fse_doc_utf8_dup(name ? name : "");
    c->values = fse_xrealloc(c->values, ((s + 1) * c->ncats + 1) * sizeof *c->values);
    for (size_t i = 0; i < c->ncats; i++)
        c->values[s * c->ncats + i] = values ? values[i] : NAN;
    c->nseries = s + 1;
}

static void free_table(fse_doc_table *t)
{
    if (!t) return;
    free(t->title);
    free(t->sheet);
    for (size_t i = 0; i < t->ncols; i++) free(t->cols[i].title);
    free(t->cols);
    free(t->cells);
    free(t->totals);
    fse_strpool_free(&t->pool);
    free(t->note);
    free(t);
}

static void free_chart(fse_doc_chart *c)
{
    if (!c) return;
    free(c->title);
    for (size_t i = 0; i < c->ncats; i++) free(c->cats[i]);
    free(c->cats);
    for (size_t i = 0; i < c->nseries; i++) free(c->series_names[i]);
    free(c->series_names);
    free(c->values);
    free(c);
}

/* Frees d and everything it holds, including d->author; NULL is a no-op. */
void fse_doc_free(fse_doc *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->nblocks; i++) {
        fse_doc_block *b = &d->blocks[i];
        free(b->text);
        for (size_t k = 0; k < b->npairs; k++) { free(b->keys[k]); free(b->vals[k]); }
        free(b->keys);
        free(b->vals);
        free(b->kvnum);
        free(b->kvcol);
        free_table(b->table);
        free_chart(b->chart);
    }
    free(d->blocks);
    free(d->title);
    free(d->plie);
    free(d->fiche);
    free(d->periode);
    free(d->generated);
    free(d->author);
    free(d);
}

/* True when s has more than max code points. Speed (issue 8): a text of at
 * most max bytes cannot (bytes >= characters), and strnlen stops there
 * instead of counting every character of a million cells. */
static bool longer_than(const char *s, size_t max)
{
    return s && strnlen(s, max + 1) > max && fse_utf8_len(s) > max;
}

size_t fse_doc_long_texts(const fse_doc *d, size_t max_chars)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nblocks; i++) {
        const fse_doc_block *b = &d->blocks[i];
        n += longer_than(b->text, max_chars);
        for (size_t k = 0; k < b->npairs; k++) n += longer_than(b->vals[k], max_chars);
        const fse_doc_table *t = b->table;
        for (size_t c = 0; t && c < t->nrows * t->ncols; c++) n += longer_than(t->cells[c].text, max_chars);
    }
    return n;
}
