/* xlsx_reader.c — see xlsx_reader.h: workbook, shared strings, sheets.
 * Zip/expat plumbing and relationships are in xlsx_part.c, _xHHHH_ escapes in
 * xlsx_escape.c, number formats,
 * dates and number texts in xlsx_styles.c.
 * Rules: research/tech.md §4.3 (ECMA-376 Part 1 §12.3, §18).
 *
 * Each part is streamed from the zip (zip_fread, 64 KB; a sheet inflated
 * by ISA-L, xlsx_inflate.c) into expat, so a
 * sheet costs the memory of its cells, never of its XML. Element and
 * attribute names are compared without their prefix ("x:c" is "c"), which
 * also covers Strict OOXML's other namespace URIs.
 */
#include "ingest/xlsx_reader.h"
#include "ingest/xlsx_internal.h"
#include "common/text.h"
#include "common/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROW 1048576L   /* Excel's limits: rows 1..1048576, columns A..XFD */
#define MAX_COL 16384L

struct book_sheet { char *name, *rid, *path; bool hidden; };  /* path NULL: no relationship */

struct fse_xlsx_book {
    zip_t *zip;
    bool is1904;
    char *rels_part;                   /* e.g. "xl/_rels/workbook.xml.rels" */
    struct book_sheet *sheets;
    size_t nsheets, sheets_cap;
    fse_sb sst;                        /* shared strings, decoded, each NUL-terminated */
    size_t *sst_off, nsst, sst_cap;    /* start of string i in sst.s */
    fse_xlsx_styles styles;
};

const char *fse_xlsx_strerror(fse_xlsx_error e)
{
    switch (e) {
    case FSE_XLSX_OK: return "pas d'erreur";
    case FSE_XLSX_ERR_OPEN: return "ouverture du fichier impossible";
    case FSE_XLSX_ERR_NOT_ZIP: return "pas une archive zip, ou une archive endommagée";
    case FSE_XLSX_ERR_MISSING_PART: return "une partie du classeur manque";
    case FSE_XLSX_ERR_XML: return "XML mal formé";
    case FSE_XLSX_ERR_TOO_BIG: return "partie ou feuille trop grande";
    case FSE_XLSX_ERR_BAD_VALUE: return "valeur invalide dans le classeur";
    case FSE_XLSX_ERR_NO_SHEET: return "feuille inexistante";
    }
    return "erreur inconnue";
}

/* ---- workbook.xml ----------------------------------------------------- */

typedef struct {
    fse_xlsx_xml x;
    fse_xlsx_book *b;
    int in_sheets;
} wb_ctx;

static void wb_start(void *ud, const char *name, const char **atts)
{
    wb_ctx *c = ud;
    const char *n = fse_xlsx_local(name);
    if (c->x.err) return;
    if (!strcmp(n, "workbookPr")) {
        const char *v = fse_xlsx_attr(atts, "date1904");
        c->b->is1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
    } else if (!strcmp(n, "sheets")) {
        c->in_sheets++;
    } else if (c->in_sheets && !strcmp(n, "sheet")) {
        const char *sname = fse_xlsx_attr(atts, "name"), *rid = NULL;
        for (const char **a = atts; *a; a += 2)   /* r:id: the prefixed "id" */
            if (strchr(a[0], ':') && !fse_xlsx_is_xmlns(a[0]) && !strcmp(fse_xlsx_local(a[0]), "id"))
                rid = a[1];
        const char *state = fse_xlsx_attr(atts, "state");   /* visible (default), hidden, veryHidden */
        struct book_sheet s = { fse_xstrdup(sname ? sname : ""), fse_xstrdup(rid ? rid : ""), NULL,
                                state && strcmp(state, "visible") };
        FSE_PUSH(c->b->sheets, c->b->nsheets, c->b->sheets_cap, s);
    }
}

static void wb_end(void *ud, const char *name)
{
    wb_ctx *c = ud;
    if (!strcmp(fse_xlsx_local(name), "sheets") && c->in_sheets) c->in_sheets--;
}

/* ---- shared strings ---------------------------------------------------- */

static void sb_clear(fse_sb *b)
{
    b->len = 0;
    if (b->s) b->s[0] = 0;
}

typedef struct {
    fse_xlsx_xml x;
    fse_xlsx_book *b;
    bool in_si, in_t;
    int rph;          /* inside <rPh> (phonetic run): text skipped */
    int in_r;         /* inside <r> (rich text run): its <t> is one of many */
    bool t_seen;      /* the <si> has had its own <t> (ECMA-376 §18.4.8: at most one) */
    fse_sb cur;
} sst_ctx;

static void sst_start(void *ud, const char *name, const char **atts)
{
    sst_ctx *c = ud;
    const char *n = fse_xlsx_local(name);
    (void)atts;
    if (c->x.err) return;
    if (!strcmp(n, "si")) { c->in_si = true; c->rph = c->in_r = 0; c->t_seen = false; sb_clear(&c->cur); }
    else if (c->in_si && !strcmp(n, "rPh")) c->rph++;
    else if (c->in_si && n[0] == 'r' && !n[1]) c->in_r++;
    else if (c->in_si && !strcmp(n, "t")) {
        /* a second <t> of the <si> itself would be glued to the first ("35"
         * and "3" read 353): no tool writes it, so the part is refused */
        if (!c->in_r && !c->rph) {
            if (c->t_seen) {
                fse_xlsx_fail(&c->x, FSE_XLSX_ERR_BAD_VALUE, "chaîne partagée %zu : plusieurs textes <t>", c->b->nsst);
                return;
            }
            c->t_seen = true;
        }
        c->in_t = true;
    }
}

static void sst_end(void *ud, const char *name)
{
    sst_ctx *c = ud;
    const char *n = fse_xlsx_local(name);
    if (c->x.err || !c->in_si) return;
    if (!strcmp(n, "t")) c->in_t = false;
    else if (!strcmp(n, "rPh") && c->rph) c->rph--;
    else if (n[0] == 'r' && !n[1] && c->in_r) c->in_r--;
    else if (!strcmp(n, "si")) {
        fse_xlsx_book *b = c->b;
        FSE_PUSH(b->sst_off, b->nsst, b->sst_cap, b->sst.len);
        fse_xlsx_add_unescaped(&b->sst, c->cur.s ? c->cur.s : "", c->cur.len);
        fse_sb_addc(&b->sst, 0);
        c->in_si = false;
    }
}

static void sst_text(void *ud, const char *s, int len)
{
    sst_ctx *c = ud;
    /* Every character is kept, with or without xml:space="preserve" (as openpyxl). */
    if (!c->x.err && c->in_si && c->in_t && !c->rph) fse_sb_add(&c->cur, s, (size_t)len);
}

/* ---- worksheet -------------------------------------------------------- */

enum cell_type { T_N, T_S, T_STR, T_INLINE, T_B, T_E, T_D, T_OTHER };

typedef struct {
    fse_xlsx_xml x;
    fse_xlsx_book *b;
    fse_raw_sheet *out;
    fse_raw_row *row;        /* current row, created at its first non-empty cell */
    long row_r, last_row;    /* number of the current <row> (0: not known yet: no r and
                                no cell with r so far); number of the previous row */
    long col, cell_row, last_col, style;
    enum cell_type type;
    bool in_data, in_row, in_c, in_v, in_is, in_t, has_v, has_is;
    bool in_f, has_f;        /* in the cell's <f> (formula); the cell has one */
    bool is_t;               /* the <is> has had its own <t> (at most one, §18.3.1.53) */
    int rph, in_r;           /* inside <rPh> (text skipped), inside <r> (a rich run) */
    fse_sb v, is, f;         /* text of <v>, text of <is>, text of <f> (cut) */
    size_t mem, max_mem;     /* estimated bytes held by out */
} sheet_ctx;

/* Decimal digits only, value 0..max. */
static bool parse_uint(const char *s, long max, long *out)
{
    long v = 0;
    if (!*s) return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return false;
        v = v * 10 + (*s - '0');
        if (v > max) return false;
    }
    *out = v;
    return true;
}

/* "B12" -> column 2, row 12; refuses anything past XFD1048576. */
static bool parse_ref(const char *s, long *col, long *row)
{
    long c = 0;
    int n = 0;
    for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++, n++) {
        if (n == 3) return false;
        c = c * 26 + ((*s | 0x20) - 'a' + 1);
    }
    if (!n || c > MAX_COL) return false;
    *col = c;
    return parse_uint(s, MAX_ROW, row) && *row >= 1;
}

static enum cell_type type_of(const char *t)
{
    static const char *const names[] = { "n", "s", "str", "inlineStr", "b", "e", "d" };
    if (!t) return T_N;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (t[0] == names[i][0] && !strcmp(t, names[i])) return (enum cell_type)i;
    return T_OTHER;
}

/* The current row's number (c->row_r, just known) must follow the previous
 * row's: a repeated or decreasing number would merge or reorder rows. */
static bool check_row(sheet_ctx *c)
{
    if (c->row_r > c->last_row) return true;
    if (c->row_r == c->last_row)
        fse_xlsx_fail(&c->x, FSE_XLSX_ERR_BAD_VALUE, "ligne %ld en double", c->row_r);
    else
        fse_xlsx_fail(&c->x, FSE_XLSX_ERR_BAD_VALUE, "ligne %ld après la ligne %ld", c->row_r, c->last_row);
    return false;
}

/* A cell just opened (c->col; c->cell_row from its r, or 0): it must lie in
 * the current row and right of the previous cell — a second cell at the same
 * place would silently overwrite the first. */
static bool check_cell(sheet_ctx *c)
{
    char a[8], b[8];
    if (c->cell_row) {
        if (!c->row_r) {                 /* <row> without r: the first r decides */
            c->row_r = c->cell_row;
            if (!check_row(c)) return false;
        } else if (c->cell_row != c->row_r) {
            fse_xlsx_fail(&c->x, FSE_XLSX_ERR_BAD_VALUE, "cellule %s%ld dans la ligne %ld",
                          fse_sheet_col_name((size_t)c->col - 1, a), c->cell_row, c->row_r);
            return false;
        }
    }
    if (c->col > c->last_col) return true;
    long row = c->row_r ? c->row_r : c->last_row + 1;
    if (c->col == c->last_col)
        fse_xlsx_fail(&c->x, FSE_XLSX_ERR_BAD_VALUE, "cellule %s%ld en double", fse_sheet_col_name((size_t)c->col - 1, a), row);
    else
        fse_xlsx_fail(&c->x, FSE_XLSX_ERR_BAD_VALUE, "cellule %s%ld après %s%ld (cellules dans le désordre)",
                      fse_sheet_col_name((size_t)c->col - 1, a), row, fse_sheet_col_name((size_t)c->last_col - 1, b), row);
    return false;
}

/* The current cell has a second value element (what: "<v>" or "<t>"). */
static void two_values(sheet_ctx *c, const char *what)
{
    char a[8];
    long row = c->cell_row ? c->cell_row : c->row_r ? c->row_r : c->last_row + 1;
    fse_xlsx_fail(&c->x, FSE_XLSX_ERR_BAD_VALUE, "cellule %s%ld : plusieurs valeurs %s dans une cellule",
                  fse_sheet_col_name((size_t)c->col - 1, a), row, what);
}

static void sheet_start(void *ud, const char *name, const char **atts)
{
    sheet_ctx *c = ud;
    const char *n = fse_xlsx_local(name);
    if (c->x.err) return;
    if (!c->in_data) {
        c->in_data = !strcmp(n, "sheetData");
    } else if (n[0] == 'r' && !strcmp(n, "row")) {  /* first letter first: a call less per <c>, <v> */
        const char *r = fse_xlsx_attr(atts, "r");
        c->in_row = true;
        c->row = NULL;
        c->row_r = c->last_col = 0;
        if (r && (!parse_uint(r, MAX_ROW, &c->row_r) || c->row_r < 1))
            fse_xlsx_fail(&c->x, FSE_XLSX_ERR_BAD_VALUE, "numéro de ligne invalide « %.32s » (1..1048576)", r);
        else if (c->row_r)
            check_row(c);
    } else if (c->in_row && n[0] == 'c' && !n[1]) {
        const char *r, *s, *t;
        fse_xlsx_cell_attrs(atts, &r, &s, &t);
        c->in_c = true;
        c->has_v = c->has_is = c->has_f = c->is_t = false;
        c->in_r = 0;
        sb_clear(&c->v);
        sb_clear(&c->is);
        c->type = type_of(t);
        if (!s || !parse_uint(s, 0x7fffffffL, &c->style)) c->style = 0;
        c->cell_row = 0;
        c->col = c->last_col + 1;
        if (r ? !parse_ref(r, &c->col, &c->cell_row) : c->col > MAX_COL) {
            fse_xlsx_fail(&c->x, FSE_XLSX_ERR_BAD_VALUE, "référence de cellule invalide « %.32s » (A1..XFD1048576)",
                          r ? r : "au-delà de XFD");
            return;
        }
        if (!check_cell(c)) return;
        c->last_col = c->col;
    } else if (c->in_c && n[0] == 'v' && !n[1]) {
        /* a second <v> would be glued to the first ("35" then "3": 353
         * hours): no tool writes it (§18.3.1.4: one v), so it is refused */
        if (c->has_v) { two_values(c, "<v>"); return; }
        c->in_v = c->has_v = true;
    } else if (c->in_c && n[0] == 'f' && !n[1]) {
        c->in_f = c->has_f = true;
        sb_clear(&c->f);
    } else if (c->in_c && !strcmp(n, "is")) {
        c->in_is = c->has_is = true;
    } else if (c->in_is && !strcmp(n, "rPh")) {
        c->rph++;
    } else if (c->in_is && n[0] == 'r' && !n[1]) {
        c->in_r++;
    } else if (c->in_is && !strcmp(n, "t")) {
        if (!c->in_r && !c->rph) {        /* the <is>'s own <t>: one at most, as <v> */
            if (c->is_t) { two_values(c, "<t>"); return; }
            c->is_t = true;
        }
        c->in_t = true;
    }
}

/* Put a value in the current cell (a copy of text[0..len), len ==
 * strlen(text)), creating the row on its first value. */
static void store_text(sheet_ctx *c, fse_cell_kind kind, const char *text, size_t len, double num)
{
    if (!c->row) {
        long line = c->row_r ? c->row_r : c->last_row + 1;
        if (line > MAX_ROW) {
            fse_xlsx_fail(&c->x, FSE_XLSX_ERR_BAD_VALUE, "numéro de ligne au-delà de 1048576");
            return;
        }
        c->row = fse_sheet_add_row(c->out, line);
        c->row_r = line;
        c->mem += sizeof *c->row;
    }
    size_t col = (size_t)c->col - 1;
    if (len > FSE_CELL_MAX_CHARS && fse_utf8_len(text) > FSE_CELL_MAX_CHARS) {
        size_t n = fse_utf8_len(text);
        char b[8];
        fse_xlsx_fail(&c->x, FSE_XLSX_ERR_TOO_BIG, "la cellule %s%ld compte %zu caractères, au-delà de la limite de %d",
                      fse_sheet_col_name((size_t)c->col - 1, b), c->row_r, n, FSE_CELL_MAX_CHARS);
        return;
    }
    if (col >= c->row->ncells) c->mem += (col + 1 - c->row->ncells) * sizeof(fse_cell);
    c->mem += len + 1;
    if (c->mem > c->max_mem) {
        fse_xlsx_fail(&c->x, FSE_XLSX_ERR_TOO_BIG, "la feuille demande plus de %zu octets de mémoire", c->max_mem);
        return;
    }
    fse_row_set(c->out, c->row, col, kind, text, len, num);
}

/* store_text, then free text (malloc'd by the caller). */
static void store(sheet_ctx *c, fse_cell_kind kind, char *text, double num)
{
    store_text(c, kind, text, strlen(text), num);
    free(text);
}

/* Number in <v>: plain decimal (no hex, inf or nan), surrounding blanks allowed. */
static bool parse_number(const char *s, double *out)
{
    char *end;
    if (s[strspn(s, " \t\r\n0123456789+-.eE")] || fse_blank(s)) return false;
    *out = strtod(s, &end);
    end += strspn(end, " \t\r\n");
    return !*end && isfinite(*out);
}

static void finish_cell(sheet_ctx *c)
{
    const char *v = c->v.s ? c->v.s : "";
    fse_xlsx_book *b = c->b;
    double num = 0, days;
    long idx;
    char *text;
    if (c->has_f && !c->has_v && !(c->type == T_INLINE && c->has_is)) {
        /* A formula whose value was never computed (a workbook written by a
         * script, not saved by Excel or LibreOffice): its value is unknown,
         * not empty. An error cell, so a field that reads it rejects it
         * (valeur-rejetee; 65 when a figure depends on it) and names it. */
        store(c, FSE_CELL_ERROR, fse_xlsx_formula_text(c->f.s, c->f.len), 0);
        return;
    }
    if (c->type == T_INLINE ? !c->has_is && !c->has_v : !c->has_v) return;  /* styled empty cell */
    switch (c->type) {
    case T_S:
        if (!parse_uint(v, 0x7fffffffL, &idx)) {
            fse_xlsx_fail(&c->x, FSE_XLSX_ERR_BAD_VALUE, "index de chaîne partagée invalide « %.32s »", v);
            return;
        }
        if ((size_t)idx >= b->nsst) {
            fse_xlsx_fail(&c->x, FSE_XLSX_ERR_BAD_VALUE, "chaîne partagée %ld hors limites (%zu chaînes)",
                          idx, b->nsst);
            return;
        }
        /* copied straight from the shared strings into the sheet's arena; its
         * length from the next string's start (each is NUL-terminated, and
         * XML holds no NUL), without a strlen (issue 8) */
        if (b->sst.s[b->sst_off[idx]])
            store_text(c, FSE_CELL_TEXT, b->sst.s + b->sst_off[idx],
                       ((size_t)idx + 1 < b->nsst ? b->sst_off[idx + 1] : b->sst.len) - b->sst_off[idx] - 1, 0);
        return;
    case T_INLINE:
        text = fse_xlsx_unescaped(c->has_is ? &c->is : &c->v);
        break;
    case T_STR: case T_OTHER:
        text = fse_xlsx_unescaped(&c->v);
        break;
    case T_B:
        if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "0") || !strcmp(v, "false")) {
            num = v[0] == '1' || v[0] == 't';
            store(c, FSE_CELL_BOOL, fse_xstrdup(num ? "TRUE" : "FALSE"), num);
            return;
        }
        text = fse_xstrdup(v);
        break;
    case T_E:
        if (*v) store(c, FSE_CELL_ERROR, fse_xstrdup(v), 0);
        return;
    case T_D:
        if (fse_xlsx_parse_iso(v, &days)) {
            store(c, FSE_CELL_DATE, fse_xlsx_iso_text(days), days);
            return;
        }
        text = fse_xstrdup(v);
        break;
    default: /* T_N */
        if (fse_blank(v)) return;
        if (!parse_number(v, &num)) {
            text = fse_xstrdup(v);
            break;
        }
        if ((size_t)c->style < b->styles.n && b->styles.kind[c->style] == FSE_XLSX_FMT_DATE
            && fse_xlsx_serial_days(num, b->is1904, &days))
            store(c, FSE_CELL_DATE, fse_xlsx_iso_text(days), days);
        else
            store(c, FSE_CELL_NUMBER, fse_xlsx_number_text(num), num);
        return;
    }
    if (*text) store(c, FSE_CELL_TEXT, text, 0);
    else free(text);                      /* empty text: the cell stays EMPTY */
}

static void sheet_end(void *ud, const char *name)
{
    sheet_ctx *c = ud;
    const char *n = fse_xlsx_local(name);
    if (c->x.err || !c->in_data) return;
    if (n[0] == 'v' && !n[1]) {          /* the most frequent end tags first */
        c->in_v = false;
    } else if (n[0] == 'c' && !n[1]) {
        if (c->in_c) finish_cell(c);
        c->in_c = c->in_v = c->in_is = c->in_t = c->in_f = false;
        c->rph = c->in_r = 0;
    } else if (!strcmp(n, "sheetData")) {
        c->in_data = false;
    } else if (!strcmp(n, "row")) {
        c->last_row = c->row_r ? c->row_r : c->last_row + 1;
        c->in_row = false;
        c->row = NULL;
    } else if (!strcmp(n, "is")) {
        c->in_is = false;
    } else if (!strcmp(n, "rPh")) {
        if (c->rph) c->rph--;
    } else if (!strcmp(n, "t")) {
        c->in_t = false;
    } else if (n[0] == 'f' && !n[1]) {
        c->in_f = false;
    } else if (n[0] == 'r' && !n[1]) {
        if (c->in_r) c->in_r--;
    }
}

static void sheet_text(void *ud, const char *s, int len)
{
    sheet_ctx *c = ud;
    if (c->x.err) return;
    if (c->in_v) fse_sb_add(&c->v, s, (size_t)len);
    else if (c->in_is && c->in_t && !c->rph) fse_sb_add(&c->is, s, (size_t)len);
    else if (c->in_f && c->f.len < 64) fse_sb_add(&c->f, s, (size_t)len);  /* enough to name it */
}

/* ---- public API ------------------------------------------------------- */

fse_xlsx_error fse_xlsx_open(const char *path, fse_xlsx_book **out, char *msg, size_t msglen)
{
    int zerr = 0;
    *out = NULL;
    fse_xlsx_msg(msg, msglen, "%s", "");
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        fse_xlsx_msg(msg, msglen, "%s: %s", path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return zerr == ZIP_ER_NOZIP || zerr == ZIP_ER_INCONS || zerr == ZIP_ER_MULTIDISK
               || zerr == ZIP_ER_CRC || zerr == ZIP_ER_EOF ? FSE_XLSX_ERR_NOT_ZIP : FSE_XLSX_ERR_OPEN;
    }
    if (fse_xlsx_check_names(z, msg, msglen)) {
        zip_discard(z);
        return FSE_XLSX_ERR_NOT_ZIP;
    }
    fse_xlsx_book *b = fse_xcalloc(1, sizeof *b);
    b->zip = z;

    /* 1. _rels/.rels names the workbook part (usually xl/workbook.xml). */
    fse_xlsx_rels root = {0};
    fse_xlsx_error e = fse_xlsx_read_rels(z, "_rels/.rels", "", &root, msg, msglen);
    const char *t = e == FSE_XLSX_OK ? fse_xlsx_rel_target(&root, "officeDocument") : NULL;
    char *wb_part = fse_xstrdup(t && fse_xlsx_locate(z, t) >= 0 ? t : "xl/workbook.xml");
    fse_xlsx_rels_free(&root);
    if (e == FSE_XLSX_ERR_MISSING_PART) e = FSE_XLSX_OK;

    /* 2. workbook.xml: sheets in order, date1904. */
    wb_ctx wb = { .b = b };
    if (e == FSE_XLSX_OK)
        e = fse_xlsx_parse_part(z, wb_part, &wb.x, wb_start, wb_end, NULL, msg, msglen);

    /* 3. its relationships: sheet parts, shared strings, styles. */
    const char *slash = strrchr(wb_part, '/');
    char *dir = fse_xstrndup(wb_part, slash ? (size_t)(slash - wb_part + 1) : 0);
    b->rels_part = fse_xasprintf("%s_rels/%s.rels", dir, slash ? slash + 1 : wb_part);
    fse_xlsx_rels rels = {0};
    if (e == FSE_XLSX_OK)
        e = fse_xlsx_read_rels(z, b->rels_part, dir, &rels, msg, msglen);
    for (size_t i = 0; e == FSE_XLSX_OK && i < b->nsheets; i++)
        for (size_t j = 0; j < rels.n && !b->sheets[i].path; j++)
            if (!strcmp(rels.v[j].id, b->sheets[i].rid)) b->sheets[i].path = fse_xstrdup(rels.v[j].target);

    /* 4. sharedStrings.xml (optional). */
    if (e == FSE_XLSX_OK) {
        t = fse_xlsx_rel_target(&rels, "sharedStrings");
        char *part = t ? fse_xstrdup(t) : fse_xasprintf("%ssharedStrings.xml", dir);
        sst_ctx sst = { .b = b };
        e = fse_xlsx_parse_part(z, part, &sst.x, sst_start, sst_end, sst_text, msg, msglen);
        if (e == FSE_XLSX_ERR_MISSING_PART) e = FSE_XLSX_OK;
        fse_sb_free(&sst.cur);
        free(part);
    }
    /* 5. styles.xml (optional): which cell styles are dates. */
    if (e == FSE_XLSX_OK) {
        t = fse_xlsx_rel_target(&rels, "styles");
        char *part = t ? fse_xstrdup(t) : fse_xasprintf("%sstyles.xml", dir);
        e = fse_xlsx_read_styles(z, part, &b->styles, msg, msglen);
        free(part);
    }
    fse_xlsx_rels_free(&rels);
    free(dir);
    free(wb_part);
    if (e != FSE_XLSX_OK) {
        fse_xlsx_close(b);
        return e;
    }
    fse_xlsx_msg(msg, msglen, "%s", "");
    *out = b;
    return FSE_XLSX_OK;
}

size_t fse_xlsx_sheet_count(const fse_xlsx_book *b) { return b ? b->nsheets : 0; }

const char *fse_xlsx_sheet_name(const fse_xlsx_book *b, size_t i)
{
    return b && i < b->nsheets ? b->sheets[i].name : NULL;
}

int fse_xlsx_is_1904(const fse_xlsx_book *b) { return b && b->is1904; }

bool fse_xlsx_sheet_hidden(const fse_xlsx_book *b, size_t i) { return b && i < b->nsheets && b->sheets[i].hidden; }

fse_xlsx_error fse_xlsx_read_sheet(fse_xlsx_book *b, size_t i, fse_raw_sheet *out, char *msg, size_t msglen)
{
    fse_xlsx_msg(msg, msglen, "%s", "");
    if (!b || i >= b->nsheets) {
        fse_xlsx_msg(msg, msglen, "feuille %zu hors limites (%zu feuilles)", i, b ? b->nsheets : 0);
        return FSE_XLSX_ERR_NO_SHEET;
    }
    const struct book_sheet *s = &b->sheets[i];
    if (!s->path) {
        fse_xlsx_msg(msg, msglen, "%s : pas de relation « %s » pour la feuille « %s »",
                     b->rels_part, s->rid, s->name);
        return FSE_XLSX_ERR_MISSING_PART;
    }
    sheet_ctx c;
    memset(&c, 0, sizeof c);
    c.b = b;
    c.out = out;
    c.max_mem = fse_xlsx_max_sheet_mem();
    out->name = fse_xstrdup(s->name);
    /* ISA-L inflates the sheet (issue 8): zlib was a tenth of the ingest of
     * a 1 M-row sheet; same bytes and same errors as libzip (xlsx_part.c) */
    fse_xlsx_error e = fse_xlsx_parse_part_isal(b->zip, s->path, &c.x, sheet_start, sheet_end, sheet_text,
                                                msg, msglen);
    fse_sb_free(&c.v);
    fse_sb_free(&c.is);
    fse_sb_free(&c.f);
    if (e != FSE_XLSX_OK) fse_sheet_free(out);
    return e;
}

void fse_xlsx_close(fse_xlsx_book *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->nsheets; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].rid);
        free(b->sheets[i].path);
    }
    free(b->sheets);
    free(b->rels_part);
    fse_sb_free(&b->sst);
    free(b->sst_off);
    fse_xlsx_styles_free(&b->styles);
    if (b->zip) zip_discard(b->zip);
    free(b);
}
