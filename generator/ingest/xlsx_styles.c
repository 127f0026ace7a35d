/* xlsx_styles.c — number formats, dates and number texts of the XLSX reader
 * (see xlsx_internal.h; rules from research/tech.md §4.3 items 2 and 6).
 */
#include "ingest/xlsx_internal.h"
#include "common/util.h"
#include "ingest/values.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- format classification ------------------------------------------- */

fse_xlsx_fmt fse_xlsx_builtin_fmt(long id)
{
    /* ECMA-376 Part 1 §18.8.30: 14-17 dates, 18-21 times, 22 date-time,
     * 45 mm:ss, 46 [h]:mm:ss, 47 mmss.0. 27-36 and 50-58 are the East-Asian
     * locale formats (zh-TW/ja-JP lists: 32-35, 52, 53, 55, 56 are times). */
    if ((id >= 14 && id <= 17) || id == 22) return FSE_XLSX_FMT_DATE;
    if ((id >= 18 && id <= 21) || id == 45 || id == 47) return FSE_XLSX_FMT_TIME;
    if (id == 46) return FSE_XLSX_FMT_ELAPSED;
    if ((id >= 32 && id <= 35) || id == 52 || id == 53 || id == 55 || id == 56) return FSE_XLSX_FMT_TIME;
    if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return FSE_XLSX_FMT_DATE;
    return FSE_XLSX_FMT_NUMBER;
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

static bool starts_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (lower(*s) != *prefix) return false;
    return true;
}

/* True for "[h]", "[hh]", "[mm]", "[ss]", …: one of h/m/s repeated. */
static bool elapsed_block(const char *open, const char *close)
{
    char f = lower(open[1]);
    if (close == open + 1 || (f != 'h' && f != 'm' && f != 's')) return false;
    for (const char *p = open + 1; p < close; p++)
        if (lower(*p) != f) return false;
    return true;
}

fse_xlsx_fmt fse_xlsx_code_fmt(const char *code)
{
    bool y = false, d = false, m = false, h = false, s = false;
    if (!code) return FSE_XLSX_FMT_NUMBER;
    /* Only the first section (positive numbers) decides, as in Excel and openpyxl. */
    for (const char *p = code; *p && *p != ';'; p++) {
        if (*p == '"') {                         /* "literal text" */
            p = strchr(p + 1, '"');
            if (!p) break;
        } else if (*p == '\\' || *p == '_' || *p == '*') { /* \x escape, _x pad, *x fill */
            if (!p[1]) break;
            p++;
        } else if (*p == '[') {                  /* [Red], [$€-40C], [>=100], [h] */
            const char *e = strchr(p, ']');
            if (!e) break;
            if (elapsed_block(p, e)) return FSE_XLSX_FMT_ELAPSED;
            p = e;
        } else if (starts_ci(p, "am/pm")) {
            p += 4;
        } else if (starts_ci(p, "a/p")) {
            p += 2;
        } else {
            switch (lower(*p)) {
            case 'y': y = true; break;
            case 'd': d = true; break;
            case 'm': m = true; break;
            case 'h': h = true; break;
            case 's': s = true; break;
            default: break;
            }
        }
    }
    /* "m" alone is a month; next to h or s it is minutes (h:mm, mm:ss). */
    if (y || d || (m && !h && !s)) return FSE_XLSX_FMT_DATE;
    if (h || s) return FSE_XLSX_FMT_TIME;
    return FSE_XLSX_FMT_NUMBER;
}

/* ---- styles.xml ------------------------------------------------------- */

typedef struct {
    fse_xlsx_xml x;
    int in_numfmts, in_cellxfs;
    struct custom_fmt { long id; size_t seq; fse_xlsx_fmt kind; } *fmt; /* <numFmts> */
    size_t nfmt, fmt_cap;
    long *xf_id; size_t nxf, xf_cap;                          /* <cellXfs> numFmtIds */
} styles_ctx;

static long id_attr(const char **atts)
{
    const char *v = fse_xlsx_attr(atts, "numFmtId");
    char *end;
    long id = v ? strtol(v, &end, 10) : 0;
    return v && end != v && id >= 0 ? id : 0;    /* unreadable: General */
}

static void styles_start(void *ud, const char *name, const char **atts)
{
    styles_ctx *c = ud;
    const char *n = fse_xlsx_local(name);
    if (c->x.err) return;
    if (!strcmp(n, "numFmts")) c->in_numfmts++;
    else if (!strcmp(n, "cellXfs")) c->in_cellxfs++;
    else if (c->in_numfmts && !strcmp(n, "numFmt")) {
        struct custom_fmt f = { id_attr(atts), c->nfmt,
                                fse_xlsx_code_fmt(fse_xlsx_attr(atts, "formatCode")) };
        FSE_PUSH(c->fmt, c->nfmt, c->fmt_cap, f);
    } else if (c->in_cellxfs && !strcmp(n, "xf")) {
        FSE_PUSH(c->xf_id, c->nxf, c->xf_cap, id_attr(atts));
    }
}

static void styles_end(void *ud, const char *name)
{
    styles_ctx *c = ud;
    const char *n = fse_xlsx_local(name);
    if (!strcmp(n, "numFmts") && c->in_numfmts) c->in_numfmts--;
    else if (!strcmp(n, "cellXfs") && c->in_cellxfs) c->in_cellxfs--;
}

static int cmp_fmt(const void *a, const void *b)
{
    const struct custom_fmt *x = a, *y = b;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

fse_xlsx_error fse_xlsx_read_styles(zip_t *z, const char *part, fse_xlsx_styles *st,
                                    char *msg, size_t msglen)
{
    styles_ctx c;
    memset(&c, 0, sizeof c);
    memset(st, 0, sizeof *st);
    fse_xlsx_error e = fse_xlsx_parse_part(z, part, &c.x, styles_start, styles_end, NULL, msg, msglen);
    if (e == FSE_XLSX_ERR_MISSING_PART) e = FSE_XLSX_OK;
    if (e == FSE_XLSX_OK && c.nxf) {
        if (c.nfmt) qsort(c.fmt, c.nfmt, sizeof *c.fmt, cmp_fmt);
        st->n = c.nxf;
        st->kind = fse_xmalloc(c.nxf);
        for (size_t i = 0; i < c.nxf; i++) {
            /* A <numFmt> of the file wins over the built-in meaning of its id;
             * of two with the same id, the last one. */
            size_t lo = 0, hi = c.nfmt;                  /* first entry with id > xf_id */
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (c.fmt[mid].id <= c.xf_id[i]) lo = mid + 1; else hi = mid;
            }
            st->kind[i] = (unsigned char)(lo && c.fmt[lo - 1].id == c.xf_id[i]
                                          ? c.fmt[lo - 1].kind : fse_xlsx_builtin_fmt(c.xf_id[i]));
        }
    }
    free(c.fmt);
    free(c.xf_id);
    return e;
}

void fse_xlsx_styles_free(fse_xlsx_styles *st)
{
    free(st->kind);
    memset(st, 0, sizeof *st);
}

/* ---- dates ------------------------------------------------------------ */

#define DAYS_YEAR_10000 2932897.0   /* 10000-01-01 in days since 1970 */

bool fse_xlsx_serial_days(double serial, bool is1904, double *days)
{
    double r;
    if (!isfinite(serial)) return false;
    if (is1904) {
        if (serial < 0) return false;
        r = serial - 24107;
    } else {
        if (serial < 1 || (serial >= 60 && serial < 61)) return false;
        r = serial < 60 ? serial - 25568 : serial - 25569;
    }
    if (r + 0.5 / 86400 >= DAYS_YEAR_10000) return false;
    *days = r;
    return true;
}

char *fse_xlsx_iso_text(double days)
{
    double whole = floor(days);
    long long z = (long long)whole, secs = llround((days - whole) * 86400.0);
    int y, m, d;
    if (secs >= 86400) { z++; secs -= 86400; }
    fse_civil_from_days((int32_t)z, &y, &m, &d);  /* serials are bounded below year 10000 */
    if (!secs) {                   /* years 1900..9999 here: fse_format_iso's %04d, without printf */
        char buf[11];
        fse_format_iso((int32_t)z, buf);
        return fse_xstrdup(buf);
    }
    return fse_xasprintf("%04d-%02d-%02dT%02lld:%02lld:%02lld", y, m, d,
                         secs / 3600, secs / 60 % 60, secs % 60);
}

/* Read exactly n digits. */
static bool digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (**p < '0' || **p > '9') return false;
        v = v * 10 + (**p - '0');
    }
    *out = v;
    return true;
}

bool fse_xlsx_parse_iso(const char *s, double *days)
{
    static const unsigned char mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, mo, d, hh = 0, mi = 0, ss = 0, zh, zm;
    double frac = 0;
    const char *p = s;
    while (*p == ' ') p++;
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' || !digits(&p, 2, &d))
        return false;
    if (*p == 'T' || (*p == ' ' && p[1] >= '0' && p[1] <= '9')) {
        p++;
        if (!digits(&p, 2, &hh) || *p++ != ':' || !digits(&p, 2, &mi)) return false;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &ss)) return false;
            if (*p == '.' || *p == ',') {
                double scale = 0.1;
                for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10) frac += (*p - '0') * scale;
            }
        }
        if (*p == 'Z') p++;
        else if ((*p == '+' || *p == '-') && (p++, digits(&p, 2, &zh))) {
            if (*p == ':') p++;
            if (!digits(&p, 2, &zm)) return false;
        }
    }
    while (*p == ' ') p++;
    if (*p || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || hh > 23 || mi > 59 || ss > 59)
        return false;
    if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) return false;
    *days = (double)fse_days_from_civil(y, mo, d)
            + (hh * 3600 + mi * 60 + ss + frac) / 86400.0;
    return true;
}

/* ---- numbers ---------------------------------------------------------- */

/* The digits (dig, nd of them, no trailing zero) and decimal exponent of
 * the decimal m / 10^d with the fewest decimals d (1..15) and at most 15
 * digits that is |v|, when there is one; false else. m and 10^d are exact
 * doubles (< 2^53), so m / 10^d is the double strtod gives for that decimal
 * (Clinger's fast path), and it equals the 15-digit rounding of v that the
 * general path of fse_xlsx_number_text would print (|v| >= 1e-15: v is
 * within half an ulp of the decimal, far less than half a unit of its 15th
 * digit). Saves a snprintf and strtod per cell like "56.82" (issue 8). */
static bool short_decimal(double v, char dig[24], size_t *nd, int *exp)
{
    double a = fabs(v), p = 1;
    if (!(a >= 1e-15 && a < 1e15)) return false;
    for (int d = 1; d <= 15; d++) {
        p *= 10;
        double x = a * p;
        if (x >= 1e15) return false;
        double m = nearbyint(x);
        if (m == 0 || m / p != a) continue;
        char t[24];
        int n = 0;
        for (uint64_t u = (uint64_t)m; u; u /= 10) t[n++] = (char)('0' + u % 10);
        *exp = n - 1 - d;
        *nd = 0;
        while (n > 0) dig[(*nd)++] = t[--n];
        while (*nd > 1 && dig[*nd - 1] == '0') (*nd)--;
        dig[*nd] = 0;
        return true;
    }
    return false;
}

char *fse_xlsx_number_text(double v)
{
    char buf[48], dig[24];
    size_t nd = 0;
    int prec = 15, exp;
    if (v == 0 || !isfinite(v)) return fse_xstrdup(v == 0 ? "0" : v != v ? "NaN" : v > 0 ? "Inf" : "-Inf");
    if (fabs(v) < 1e15 && v == (double)(long long)v) {  /* fast path: most cells are integers */
        char t[24], *q = t + sizeof t;
        long long n = (long long)v;
        unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
        *--q = 0;
        do { *--q = (char)('0' + u % 10); u /= 10; } while (u);
        if (n < 0) *--q = '-';
        return fse_xstrdup(q);
    }
    if (!short_decimal(v, dig, &nd, &exp)) {
        for (; prec <= 17; prec++) {
            snprintf(buf, sizeof buf, "%.*e", prec - 1, v);   /* "-1.2345e+02" */
            if (prec == 17 || strtod(buf, NULL) == v) break;
        }
        const char *p = buf + (buf[0] == '-');
        for (; *p && *p != 'e'; p++)
            if (*p != '.') dig[nd++] = *p;
        exp = atoi(p + 1);
        while (nd > 1 && dig[nd - 1] == '0') nd--;
        dig[nd] = 0;
    }

    fse_sb out = {0};
    if (v < 0) fse_sb_addc(&out, '-');
    if (exp < -7 || exp >= 21) {                         /* 1.5e-08, 1e+21 */
        fse_sb_addc(&out, dig[0]);
        if (nd > 1) { fse_sb_addc(&out, '.'); fse_sb_adds(&out, dig + 1); }
        fse_sb_addf(&out, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    } else if (exp < 0) {                                /* 0.00123 */
        fse_sb_adds(&out, "0.");
        for (int i = -1; i > exp; i--) fse_sb_addc(&out, '0');
        fse_sb_adds(&out, dig);
    } else if ((int)nd <= exp + 1) {                     /* 45683, 1200 */
        fse_sb_adds(&out, dig);
        for (int i = (int)nd; i <= exp; i++) fse_sb_addc(&out, '0');
    } else {                                             /* 120.5 */
        fse_sb_add(&out, dig, (size_t)exp + 1);
        fse_sb_addc(&out, '.');
        fse_sb_adds(&out, dig + exp + 1);
    }
    return fse_sb_take(&out);
}
