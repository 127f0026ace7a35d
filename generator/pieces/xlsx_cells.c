/* xlsx_cells.c — the formats of an XLSX pièce and what each cell becomes
 * (one libxlsxwriter call), for xlsx_writer.c (research/tech.md §2).
 *
 * A cell is written in two steps, a plan (fse_xlsx_plan_cell: which call,
 * the value, the exact text, the format) then its application
 * (fse_xlsx_apply): the table body memo (xlsx_body_memo.c) hashes the plans
 * of a body instead of applying them, with the same rules.
 *
 * Rules (DESIGN §7, tech.md §2): numbers and dates are real values with US
 * syntax formats that Excel shows the French way (§2.3); dates are
 * validated before building lxw_datetime (§2.6); identifiers and all text
 * go through worksheet_write_string, so "=SUM(A1)" stays text; text over
 * 32 767 characters is truncated with a visible " […tronqué]" (reported
 * by the caller, fse_doc_long_texts).
 */
#include "pieces/xlsx_writer_private.h"
#include "pieces/doc_private.h"
#include "common/text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define XLSX_STR_MAX 32767
#define TRUNC_MARK " [\xE2\x80\xA6tronqu\xC3\xA9]"   /* " […tronqué]", 11 characters */
#define TRUNC_MARK_CHARS 11

/* ------------------------------------------------------------ formats */

/* True when libxlsxwriter would give a and b the same XF index: their whole
 * struct, less the pointers, is equal (the key it hashes in
 * lxw_format_get_xf_index, src/format.c), with the indices as they were then:
 * unset (in constant_memory mode a format is indexed as soon as its row is
 * written, before the next format is made). */
static bool same_props(const lxw_format *a, const lxw_format *b)
{
    lxw_format ka = *a, kb = *b;
    lxw_format *k[2] = { &ka, &kb };
    for (int i = 0; i < 2; i++) {
        k[i]->xf_index = k[i]->dxf_index = LXW_PROPERTY_UNSET;
        k[i]->file = NULL;
        k[i]->xf_format_indices = k[i]->dxf_format_indices = NULL;
        k[i]->num_xf_formats = k[i]->num_dxf_formats = NULL;
        memset(&k[i]->list_pointers, 0, sizeof k[i]->list_pointers);
    }
    return memcmp(&ka, &kb, sizeof ka) == 0;
}

/* f, just made by workbook_add_format and set up, or the format made before
 * it with the same properties (f then stays unused, which writes nothing).
 * Why: libxlsxwriter 1.1.4 stores the XF index only in the first of two
 * alike formats; every cell written with the second one hashes the whole
 * struct again (lxw_format_get_xf_index: 5.7 % of a 1 M-row job's CPU, when
 * K_WRAP duplicated f_para and K_NUM with 0 decimals K_INT). The index and
 * the styles written are those of the first format either way: same bytes. */
static lxw_format *unique_fmt(xctx *x, lxw_format *f)
{
    for (size_t i = 0; i < x->nunique; i++)
        if (same_props(x->unique[i], f)) return x->unique[i];
    if (x->nunique < UNIQUE_MAX) x->unique[x->nunique++] = f;
    return f;
}

/* See xlsx_writer_private.h. */
lxw_format *fse_xlsx_cell_fmt(xctx *x, int kind, int dec, bool bold)
{
    if (dec < 0) dec = 0;
    if (dec > DEC_MAX) dec = DEC_MAX;
    lxw_format **slot = &x->fmts[kind][dec][bold];   /* two lookups a cell: a table, not a list */
    if (*slot) return *slot;
    lxw_format *f = workbook_add_format(x->wb);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (bold) {
        format_set_bold(f);
        format_set_top(f, LXW_BORDER_THIN);
        format_set_bg_color(f, 0xE6EBF5);
    }
    char num[48];
    const char *zeros = "0000000000";
    switch (kind) {
    case K_WRAP: format_set_text_wrap(f); break;
    case K_ID: format_set_num_format(f, "@"); break;   /* an identifier, never a figure */
    case K_INT: format_set_num_format(f, "#,##0"); break;
    case K_NUM:
        snprintf(num, sizeof num, dec ? "#,##0.%.*s" : "#,##0", dec, zeros);
        format_set_num_format(f, num);
        break;
    case K_PCT:
        snprintf(num, sizeof num, dec ? "0.%.*s%%" : "0%%", dec, zeros);
        format_set_num_format(f, num);
        break;
    case K_EUR: format_set_num_format(f, "#,##0.00\\ \"\xE2\x82\xAC\""); break;
    case K_DATE: format_set_num_format(f, "dd/mm/yyyy"); break;
    case K_MONTH: format_set_num_format(f, "mm/yyyy"); break;
    default: break;
    }
    return *slot = unique_fmt(x, f);
}

/* See xlsx_writer_private.h. */
void fse_xlsx_make_formats(xctx *x)
{
    x->f_eu = workbook_add_format(x->wb);
    format_set_bold(x->f_eu);
    format_set_font_color(x->f_eu, 0x003399);
    x->f_title = workbook_add_format(x->wb);
    format_set_bold(x->f_title);
    format_set_font_size(x->f_title, 14);
    format_set_font_color(x->f_title, 0x003399);
    x->f_h1 = workbook_add_format(x->wb);
    format_set_bold(x->f_h1);
    format_set_font_size(x->f_h1, 12);
    format_set_font_color(x->f_h1, 0x003399);
    x->f_h2 = workbook_add_format(x->wb);
    format_set_bold(x->f_h2);
    format_set_font_size(x->f_h2, 11);
    x->f_key = workbook_add_format(x->wb);
    format_set_bold(x->f_key);
    format_set_align(x->f_key, LXW_ALIGN_VERTICAL_TOP);
    x->f_para = workbook_add_format(x->wb);
    format_set_text_wrap(x->f_para);
    format_set_align(x->f_para, LXW_ALIGN_VERTICAL_TOP);
    x->f_hdr = workbook_add_format(x->wb);
    format_set_bold(x->f_hdr);
    format_set_text_wrap(x->f_hdr);
    format_set_align(x->f_hdr, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(x->f_hdr, 0xDCE6F2);
    format_set_border(x->f_hdr, LXW_BORDER_THIN);
    format_set_border_color(x->f_hdr, 0x9FB0CC);
    x->f_sub = workbook_add_format(x->wb);
    format_set_font_color(x->f_sub, 0x555555);
    format_set_text_wrap(x->f_sub);
    format_set_align(x->f_sub, LXW_ALIGN_VERTICAL_TOP);
    lxw_format **named[] = { &x->f_eu, &x->f_title, &x->f_h1, &x->f_h2, &x->f_key, &x->f_para, &x->f_hdr, &x->f_sub };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) *named[i] = unique_fmt(x, *named[i]);
}

/* ------------------------------------------------------------ cells */

/* See xlsx_writer_private.h. */
void fse_xlsx_note_err(xctx *x, lxw_error e)
{
    if (e == LXW_NO_ERROR) return;
    x->nerrors++;
    if (x->first_err == LXW_NO_ERROR) x->first_err = e;
}

/* See xlsx_writer_private.h. */
void fse_xlsx_plan_str(xctx *x, xlsx_plan *p, const char *s, lxw_format *f)
{
    p->fmt = f;
    if (!s) {
        p->op = XP_NONE;
        return;
    }
    p->op = XP_STRING;
    /* bytes >= characters: a text of at most 32 767 bytes (all but a few) is
     * not counted character by character (libxlsxwriter counts it again) */
    if (strnlen(s, XLSX_STR_MAX + 1) <= XLSX_STR_MAX || fse_utf8_len(s) <= XLSX_STR_MAX) {
        p->str = s;
        return;
    }
    size_t keep = XLSX_STR_MAX - TRUNC_MARK_CHARS, k = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (k == keep) break;
            k++;
        }
    }
    x->sb.len = 0;
    fse_sb_add(&x->sb, s, i);
    fse_sb_adds(&x->sb, TRUNC_MARK);
    p->str = x->sb.s;   /* the caller reports truncations: fse_doc_long_texts (doc.h) */
}

static void plan_num(xlsx_plan *p, double v, lxw_format *f)
{
    p->op = XP_NUMBER;
    p->num = v;
    p->fmt = f;
}

/* See xlsx_writer_private.h. A number in an ID column is text ("%.0f"),
 * except in the totals row (a count); in a TEXT column it is a number; a
 * date outside Excel's calendar (1900..9999) is its display text. */
void fse_xlsx_plan_cell(xctx *x, xlsx_plan *p, const fse_doc_column *col, const fse_doc_cell *cell,
                        bool bold)
{
    lxw_format *ftext = fse_xlsx_cell_fmt(x, col->type == FSE_COL_TEXT ? K_WRAP
                                             : col->type == FSE_COL_ID ? K_ID : K_TEXT, 0, bold);
    if (!cell || (!cell->has_num && !cell->text)) {
        p->op = bold ? XP_BLANK : XP_NONE;
        p->fmt = ftext;
        return;
    }
    if (cell->has_num && isfinite(cell->num)) {
        double v = cell->num;
        if (fabs(v) < 1e9) v = round(v * 1e6) / 1e6;  /* 35521.13, not 35521.12999999992 */
        int y, m, d;
        switch (col->type) {
        case FSE_COL_ID:
            if (bold) {  /* a count in the totals row is a number, not an identifier */
                plan_num(p, v, fse_xlsx_cell_fmt(x, K_INT, 0, bold));
                return;
            }
            snprintf(p->buf, sizeof p->buf, "%.0f", v);
            fse_xlsx_plan_str(x, p, p->buf, ftext);
            return;
        case FSE_COL_TEXT:
        case FSE_COL_NUMBER:
            plan_num(p, v, fse_xlsx_cell_fmt(x, K_NUM, fse_doc_decimals(col, v), bold));
            return;
        case FSE_COL_INTEGER:
            plan_num(p, v, fse_xlsx_cell_fmt(x, K_INT, 0, bold));
            return;
        case FSE_COL_PERCENT:
            plan_num(p, v, fse_xlsx_cell_fmt(x, K_PCT, col->decimals, bold));
            return;
        case FSE_COL_EURO:
            plan_num(p, v, fse_xlsx_cell_fmt(x, K_EUR, 2, bold));
            return;
        case FSE_COL_DATE:
        case FSE_COL_MONTH: {
            /* a day count always gives a real date: only Excel's calendar range is checked */
            bool ok = fabs(v) < 1e7;
            if (ok) {
                fse_doc_civil((long long)floor(v), &y, &m, &d);
                ok = y >= 1900 && y <= 9999;
            }
            if (ok) {
                p->op = XP_DATETIME;
                p->dt = (lxw_datetime){ y, m, col->type == FSE_COL_MONTH ? 1 : d, 0, 0, 0 };
                p->fmt = fse_xlsx_cell_fmt(x, col->type == FSE_COL_DATE ? K_DATE : K_MONTH, 0, bold);
            } else {   /* outside Excel's calendar: shown as text */
                fse_xlsx_plan_str(x, p, fse_doc_cell_display(col, cell, p->buf, sizeof p->buf), ftext);
            }
            return;
        }
        }
    }
    fse_xlsx_plan_str(x, p, cell->text ? cell->text : "", ftext);
}

/* See xlsx_writer_private.h. */
void fse_xlsx_apply(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const xlsx_plan *p)
{
    switch (p->op) {
    case XP_NONE: break;
    case XP_BLANK: worksheet_write_blank(ws, r, c, p->fmt); break;
    case XP_NUMBER: fse_xlsx_note_err(x, worksheet_write_number(ws, r, c, p->num, p->fmt)); break;
    case XP_DATETIME: fse_xlsx_note_err(x, worksheet_write_datetime(ws, r, c, (lxw_datetime *)&p->dt, p->fmt)); break;
    case XP_STRING: fse_xlsx_note_err(x, worksheet_write_string(ws, r, c, p->str, p->fmt)); break;
    }
}

/* See xlsx_writer_private.h. */
void fse_xlsx_put_str(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    xlsx_plan p;
    fse_xlsx_plan_str(x, &p, s, f);
    fse_xlsx_apply(x, ws, r, c, &p);
}

/* See xlsx_writer_private.h. */
void fse_xlsx_put_cell(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                       const fse_doc_column *col, const fse_doc_cell *cell, bool bold)
{
    xlsx_plan p;
    fse_xlsx_plan_cell(x, &p, col, cell, bold);
    fse_xlsx_apply(x, ws, r, c, &p);
}
