/* values.c — see values.h.
 *
 * Hand-written, locale-independent parsers. strtod is only ever called on a
 * cleaned ASCII string "[-]digits[.digits]" (LC_NUMERIC stays "C"), which
 * gives a correctly rounded double without re-implementing decimal
 * conversion.
 */
#include "ingest/values.h"
#include "common/text.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

/* ---- civil calendar (Howard Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms", https://howardhinnant.github.io/date_algorithms.html) ---- */

int32_t fse_days_from_civil(int y, int m, int d)
{
    long long yy = (long long)y - (m <= 2);
    long long era = (yy >= 0 ? yy : yy - 399) / 400;
    long long yoe = yy - era * 400;                                  /* [0, 399] */
    long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return (int32_t)(era * 146097 + doe - 719468);
}

void fse_civil_from_days(int32_t days, int *y, int *m, int *d)
{
    long long z = (long long)days + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;                                          /* [0, 146096] */
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;     /* [0, 399] */
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                   /* [0, 365] */
    long long mp = (5 * doy + 2) / 153;                                        /* [0, 11] */
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = mm;
    *y = (int)(yoe + era * 400 + (mm <= 2));
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool fse_valid_civil(int y, int m, int d)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12 || d < 1) return false;
    return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* ---- small scanning helpers ---- */

/* Length of the blank at s (0 when none): ASCII space/tab/CR/LF, U+00A0, U+202F. */
static size_t blank_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\n') return 1;
    if (u[0] == 0xC2 && u[1] == 0xA0) return 2;
    if (u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF) return 3;
    return 0;
}

/* Trimmed copy of s (owned), or NULL when s is NULL. */
static char *trimmed(const char *s)
{
    return s ? fse_trim(fse_xstrdup(s)) : NULL;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Read between min and max digits at *p (no more digit may follow);
 * advances *p. */
static bool digits(const char **p, int min, int max, int *val)
{
    int n = 0, v = 0;
    while (is_digit(**p)) {
        if (++n > max) return false;
        v = v * 10 + (**p - '0');
        (*p)++;
    }
    if (n < min) return false;
    *val = v;
    return true;
}

/* ---- numbers ---- */

enum { SEP_SPACE = 1, SEP_DOT = 2, SEP_COMMA = 3 };

/* The shape of nearly every exported number, "56,82", "1234.5", "7": up to
 * 15 digits with at most one separator between digits, nothing else. Its
 * value is m / 10^k with m < 2^53 and 10^k (k <= 15) exact doubles, so the
 * one division is correctly rounded, as strtod is on the same digits
 * (Clinger's fast path): the same double as the general parser below,
 * without its allocations (issue 8: they cost more than the CSV parse). */
static inline bool number_fast(const char *s, double *out, fse_numsep *cls)
{
    uint64_t m = 0, scale = 1;
    int nd = 0;
    bool sep = false;
    const char *p = s, *at = NULL;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (++nd > 15) return false;
            m = m * 10 + (uint64_t)(*p - '0');
            if (sep) scale *= 10;
        } else if ((*p == ',' || *p == '.') && !sep && p > s && p[1] >= '0' && p[1] <= '9') {
            sep = true;
            at = p;
        } else {
            return false;
        }
    }
    if (!nd) return false;
    *out = (double)m / (double)scale;
    if (cls) {   /* fse_number_sep of this shape: digits, at most one separator at, digits */
        bool dot = at && *at == '.';
        if (!at) *cls = FSE_NUMSEP_NONE;
        else if (at - s <= 3 && s[0] != '0' && p - at == 4) *cls = dot ? FSE_NUMSEP_AMB_DOT : FSE_NUMSEP_AMB_COMMA;
        else *cls = dot ? FSE_NUMSEP_DOT : FSE_NUMSEP_COMMA;
    }
    return true;
}

bool fse_parse_number_sep(const char *s, double *out, fse_numsep *sep)
{
    if (s && number_fast(s, out, sep)) return true;
    if (!fse_parse_number(s, out)) return false;
    *sep = fse_number_sep(s);
    return true;
}

bool fse_parse_number(const char *s, double *out)
{
    if (s && number_fast(s, out, NULL)) return true;
    char *t = trimmed(s);
    if (!t) return false;
    const char *p = t;
    bool neg = false, ok = false;
    if (*p == '-' || *p == '+') neg = (*p++ == '-');

    /* Split into digit runs separated by single separators. run_len[i] is the
     * length of run i, sep[i] the separator that precedes run i (0 for the
     * first run). */
    size_t n = strlen(p), nrun = 0, ndot = 0, ncomma = 0, nspace = 0;
    size_t *run_len = fse_xcalloc(n + 1, sizeof *run_len);
    int *sep = fse_xcalloc(n + 1, sizeof *sep);
    const char **run_at = fse_xcalloc(n + 1, sizeof *run_at);
    int pending = 0;
    while (*p) {
        size_t k;
        if (is_digit(*p)) {
            run_at[nrun] = p;
            sep[nrun] = pending;
            while (is_digit(*p)) p++;
            run_len[nrun] = (size_t)(p - run_at[nrun]);
            nrun++;
            pending = 0;
            continue;
        }
        int kind;
        if (*p == '.') { kind = SEP_DOT; k = 1; ndot++; }
        else if (*p == ',') { kind = SEP_COMMA; k = 1; ncomma++; }
        else if ((k = blank_len(p)) > 0) { kind = SEP_SPACE; nspace++; }
        else goto done;                       /* letter, sign, unit, … */
        if (pending) goto done;               /* two separators in a row */
        pending = kind;
        p += k;
    }
    if (pending || nrun == 0) goto done;      /* trailing separator, no digit */

    /* Which separator is the decimal one? */
    int dec = 0, group_kind = 0;
    if (ndot && ncomma) {
        dec = (sep[nrun - 1] == SEP_DOT || sep[nrun - 1] == SEP_COMMA) ? sep[nrun - 1] : 0;
        if (!dec) goto done;                  /* "1.234,5 6": grouping after the decimal */
        if ((dec == SEP_DOT ? ndot : ncomma) != 1) goto done;
        group_kind = dec == SEP_DOT ? SEP_COMMA : SEP_DOT;
    } else if (ndot + ncomma == 1) {
        dec = ndot ? SEP_DOT : SEP_COMMA;
        if (sep[nrun - 1] != dec) goto done;  /* "1,234 567" */
    } else if (ndot + ncomma > 1) {
        group_kind = ndot ? SEP_DOT : SEP_COMMA; /* "1.234.567": grouping only */
    }
    if (group_kind && nspace) goto done;      /* mixed grouping "1 234.567,5" */

    size_t nint = dec ? nrun - 1 : nrun;      /* runs of the integer part */
    if (sep[0] && !(dec && nint == 0)) goto done; /* leading separator: only ",5" */
    for (size_t i = 1; i < nint; i++) {       /* grouping by three */
        if (run_len[i] != 3) goto done;
        if (i == 1 && run_len[0] > 3) goto done;
    }

    /* Clean ASCII copy for strtod. */
    char *c = fse_xmalloc(strlen(t) + 4), *w = c;
    if (neg) *w++ = '-';
    if (nint == 0) *w++ = '0';
    for (size_t i = 0; i < nint; i++) { memcpy(w, run_at[i], run_len[i]); w += run_len[i]; }
    if (dec) {
        *w++ = '.';
        memcpy(w, run_at[nrun - 1], run_len[nrun - 1]);
        w += run_len[nrun - 1];
    }
    *w = 0;
    *out = strtod(c, NULL);
    free(c);
    ok = true;
done:
    free(run_len);
    free(sep);
    free(run_at);
    free(t);
    return ok;
}

/* ---- which separator is the decimal one ---- */

fse_numsep fse_number_sep(const char *s)
{
    const char *p = s, *last = NULL;
    if (*p == '+' || *p == '-') p++;
    size_t ndot = 0, ncomma = 0;
    for (const char *q = p; *q; q++) {
        if (*q == '.') { ndot++; last = q; }
        else if (*q == ',') { ncomma++; last = q; }
    }
    if (!last) return FSE_NUMSEP_NONE;
    bool dot = *last == '.';
    if (ndot && ncomma) return dot ? FSE_NUMSEP_DOT : FSE_NUMSEP_COMMA;   /* the last one is decimal */
    if (ndot + ncomma > 1) return dot ? FSE_NUMSEP_COMMA : FSE_NUMSEP_DOT; /* "1.234.567": it groups */
    size_t before = (size_t)(last - p);
    bool amb = before >= 1 && before <= 3 && p[0] != '0' && strlen(last + 1) == 3;
    for (size_t i = 0; amb && i < before; i++) amb = is_digit(p[i]);
    for (size_t i = 1; amb && i <= 3; i++) amb = is_digit(last[i]);
    if (amb) return dot ? FSE_NUMSEP_AMB_DOT : FSE_NUMSEP_AMB_COMMA;
    return dot ? FSE_NUMSEP_DOT : FSE_NUMSEP_COMMA;
}

fse_numsep_verdict fse_numsep_settle(unsigned seen, fse_numsep amb)
{
    bool dot = amb == FSE_NUMSEP_AMB_DOT;
    unsigned own = 1u << (dot ? FSE_NUMSEP_DOT : FSE_NUMSEP_COMMA);
    unsigned other = 1u << (dot ? FSE_NUMSEP_COMMA : FSE_NUMSEP_DOT);
    unsigned other_amb = 1u << (dot ? FSE_NUMSEP_AMB_COMMA : FSE_NUMSEP_AMB_DOT);
    if (seen & other) return seen & own ? FSE_NUMSEP_MIXED : FSE_NUMSEP_OTHER;
    if (!(seen & own) && (seen & other_amb)) return FSE_NUMSEP_MIXED;   /* "1.035" and "2,500" alone */
    return FSE_NUMSEP_KEEP;
}

/* ---- dates ---- */

/* Optional time of day at *p: "hh:mm[:ss[.fff]]" (checked, then ignored). */
static bool time_of_day(const char *p)
{
    int h, mi, sec = 0;
    if (!digits(&p, 1, 2, &h) || *p++ != ':' || !digits(&p, 2, 2, &mi)) return false;
    if (*p == ':') {
        p++;
        if (!digits(&p, 2, 2, &sec)) return false;
        if (*p == '.' || *p == ',') {
            p++;
            if (!is_digit(*p)) return false;
            while (is_digit(*p)) p++;
        }
    }
    return *p == 0 && h <= 23 && mi <= 59 && sec <= 60;
}

static bool make_date(int y, int m, int d, int32_t *days)
{
    if (y < 1900 || y > 2200 || !fse_valid_civil(y, m, d)) return false;
    *days = fse_days_from_civil(y, m, d);
    return true;
}

/* The date forms of fse_parse_date on an already trimmed string. */
static bool parse_date_trimmed(const char *s, int32_t *days)
{
    const char *p = s;
    int a, b, c;
    if (!digits(&p, 1, 4, &a)) return false;
    if (p - s == 4) {                                     /* yyyy-mm-dd */
        if (*p++ != '-' || !digits(&p, 1, 2, &b) || *p++ != '-' || !digits(&p, 1, 2, &c))
            return false;
        if (*p && !((*p == 'T' || *p == ' ') && time_of_day(p + 1))) return false;
        return make_date(a, b, c, days);
    }
    if (p - s > 2) return false;
    char sp = *p;                                         /* dd/mm/yyyy */
    if (sp != '/' && sp != '-' && sp != '.') return false;
    p++;
    if (!digits(&p, 1, 2, &b) || *p++ != sp) return false;
    if (!digits(&p, 4, 4, &c)) return false;              /* two-digit years refused */
    if (*p && !(*p == ' ' && time_of_day(p + 1))) return false;
    return make_date(c, b, a, days);
}

/* fn on s trimmed: on s itself when it has no blank around it (the values
 * of a dataset are stored trimmed: no copy then), else on a trimmed copy. */
static bool on_trimmed(const char *s, bool (*fn)(const char *, int32_t *), int32_t *days)
{
    if (!s) return false;
    size_t n;
    const char *t = fse_trim_span(s, &n);
    if (t == s && !s[n]) return fn(s, days);
    char *c = fse_xstrndup(t, n);
    bool ok = fn(c, days);
    free(c);
    return ok;
}

bool fse_parse_date(const char *s, int32_t *days)
{
    return on_trimmed(s, parse_date_trimmed, days);
}

/* French month names and abbreviations, as fse_norm_key gives them
 * ("févr." -> "fevr", "Août" -> "aout"). "mar" and "sep" are the
 * abbreviations Excel and LibreOffice write in French. */
static const struct { const char *key; int month; } month_names[] = {
    { "janvier", 1 }, { "janv", 1 }, { "jan", 1 },
    { "fevrier", 2 }, { "fevr", 2 }, { "fev", 2 },
    { "mars", 3 }, { "mar", 3 },
    { "avril", 4 }, { "avr", 4 },
    { "mai", 5 },
    { "juin", 6 },
    { "juillet", 7 }, { "juil", 7 },
    { "aout", 8 },
    { "septembre", 9 }, { "sept", 9 }, { "sep", 9 },
    { "octobre", 10 }, { "oct", 10 },
    { "novembre", 11 }, { "nov", 11 },
    { "decembre", 12 }, { "dec", 12 },
};

static bool parse_month_trimmed(const char *s, int32_t *days)
{
    const char *p = s;
    int a, b;
    if (digits(&p, 4, 4, &a) && *p == '-') {              /* yyyy-mm */
        p++;
        if (digits(&p, 1, 2, &b) && *p == 0) return make_date(a, b, 1, days);
    }
    p = s;
    if (digits(&p, 1, 2, &a) && (*p == '/' || *p == '-' || *p == '.')) {  /* mm/yyyy */
        p++;
        if (digits(&p, 4, 4, &b) && *p == 0) return make_date(b, a, 1, days);
    }
    /* month name, separators, four-digit year: "mars 2024", "Mars-2024" */
    const char *y = s;
    while (*y && !is_digit(*y)) y++;
    if (y > s && *y) {
        p = y;
        if (digits(&p, 4, 4, &b) && *p == 0) {
            char *name = fse_xstrndup(s, (size_t)(y - s));
            char *key = fse_norm_key(name);
            int month = 0;
            for (size_t i = 0; i < sizeof month_names / sizeof month_names[0]; i++)
                if (strcmp(key, month_names[i].key) == 0) month = month_names[i].month;
            free(name);
            free(key);
            if (month) return make_date(b, month, 1, days);
            return false;
        }
    }
    int32_t d;                                            /* any date of the month */
    if (!parse_date_trimmed(s, &d)) return false;
    int yy, mm, dd;
    fse_civil_from_days(d, &yy, &mm, &dd);
    *days = fse_days_from_civil(yy, mm, 1);
    return true;
}

bool fse_parse_month(const char *s, int32_t *days)
{
    return on_trimmed(s, parse_month_trimmed, days);
}

/* ---- Excel serials (ECMA-376 Part 1, §18.17.4: the 1900 system keeps
 * Lotus 1-2-3's phantom 29 February 1900 as serial 60) ---- */

bool fse_excel_serial_to_days(double serial, bool is1904, double *days)
{
    /* 2958465 is 9999-12-31, Excel's last date; the comparisons are false
     * for NaN, so NaN is refused too. */
    if (is1904) {
        if (!(serial >= 0 && serial < 2958466.0 - 1462.0)) return false;
        *days = serial - 24107.0;        /* serial 0 = 1904-01-01 */
        return true;
    }
    if (!(serial >= 1 && serial < 2958466.0)) return false;
    if (serial >= 60 && serial < 61) return false; /* 1900-02-29 never existed */
    *days = serial < 60 ? serial - 25568.0 : serial - 25569.0;
    return true;
}

/* ---- booleans ---- */

int fse_parse_bool(const char *s)
{
    static const char *const yes[] = { "oui", "o", "x", "1", "vrai", "yes", "true" };
    static const char *const no[] = { "non", "n", "0", "faux", "no", "false" };
    /* fse_norm_key of a short ASCII text, on the stack (issue 8: a malloc
     * per Oui/Non cell): lower-cased letters and digits, the rest dropped */
    char small[16], *k = small;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && k == small; p++) {
        if (*p >= 0x80 || n + 1 >= sizeof small) k = NULL;
        else if (*p >= 'A' && *p <= 'Z') small[n++] = (char)(*p | 0x20);
        else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) small[n++] = (char)*p;
    }
    small[n] = 0;
    if (!k) k = fse_norm_key(s);
    int r = -1;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (k[0] == yes[i][0] && strcmp(k, yes[i]) == 0) r = 1;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (k[0] == no[i][0] && strcmp(k, no[i]) == 0) r = 0;
    if (k != small) free(k);
    return r;
}

/* ---- formatting ---- */

/* Write v (clamped to 0..10^w-1) as w digits with leading zeros. */
static char *put_num(char *p, int v, int w)
{
    int max = 1;
    for (int i = 0; i < w; i++) max *= 10;
    if (v < 0) v = 0;
    if (v >= max) v = max - 1;
    for (int i = w - 1; i >= 0; i--) { p[i] = (char)('0' + v % 10); v /= 10; }
    return p + w;
}

void fse_format_iso(int32_t days, char *buf)
{
    int y, m, d;
    fse_civil_from_days(days, &y, &m, &d);
    char *p = put_num(buf, y, 4);
    *p++ = '-';
    p = put_num(p, m, 2);
    *p++ = '-';
    p = put_num(p, d, 2);
    *p = 0;
}

void fse_format_fr(int32_t days, char *buf)
{
    int y, m, d;
    fse_civil_from_days(days, &y, &m, &d);
    char *p = put_num(buf, d, 2);
    *p++ = '/';
    p = put_num(p, m, 2);
    *p++ = '/';
    p = put_num(p, y, 4);
    *p = 0;
}
