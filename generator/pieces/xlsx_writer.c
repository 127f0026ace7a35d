/* xlsx_writer.c — fse_xlsx_write: an fse_doc as an XLSX workbook with
 * libxlsxwriter (research/tech.md §2).
 *
 * Sheets, in this order: "Synthèse" (header block, headings, paragraphs,
 * key/value lists, and a pointer to each table and chart); one sheet per
 * table (title row, bold header row frozen below it, autofilter, typed
 * cells, totals row in bold); "Graphiques" when the doc has charts (their
 * data and a native chart beside it); "Méthode et sources" (the headings,
 * paragraphs and key/value lists that follow a heading starting with
 * "Méthode", until a heading of the same or a higher level).
 *
 * Rules (DESIGN §7, tech.md §2): what each cell becomes (typed numbers and
 * dates, text never a formula, truncation at 32 767 characters) and the
 * formats are in xlsx_cells.c; a large table body already written in this
 * job is copied (xlsx_body_memo.c); truncations give a "warning:" line on
 * stderr; created = created_epoch for identical bytes (§2.7); setlocale is
 * never called (§2.4).
 */
#define _GNU_SOURCE   /* memfd_create */
#include "pieces/doc.h"
#include "pieces/doc_private.h"
#include "pieces/xlsx_writer_private.h"
#include "pieces/xlsx_deflate.h"
#include "pieces/xlsx_interpose.h"
#include "pieces/xlsx_names.h"
#include "pieces/xlsx_tmpfile.h"
#include "common/text.h"
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define SHEET_SYNTH "Synthèse"
#define SHEET_CHARTS "Graphiques"
#define SHEET_METHOD "Méthode et sources"

/* ------------------------------------------------------------ flow blocks */

/* Estimated row height (points) of text wrapped in `width` characters. */
static double text_height(const char *s, double width)
{
    size_t lines = 0, run = 0;
    for (const char *p = s;; p++) {
        if (*p == '\n' || !*p) {
            lines += run ? (size_t)ceil(run / width) : 1;
            run = 0;
            if (!*p) break;
        } else if (((unsigned char)*p & 0xC0) != 0x80) run++;
    }
    double h = 15.0 * (double)lines;
    return h > 409 ? 409 : h;
}

#define FLOW_WIDTH_A 34.0
#define FLOW_WIDTH_B 95.0

/* Heading, paragraph or key/value block on a two-column sheet from *row;
 * a typed value (fse_doc_kv_add_num) is a real number, an identifier
 * (fse_doc_kv_add_id) text with the "@" format. */
static void flow_block(xctx *x, lxw_worksheet *ws, const char *sheet, lxw_row_t *row,
                       const fse_doc_block *b)
{
    switch (b->kind) {
    case FSE_BLOCK_HEADING:
        if (*row > 0) (*row)++;
        fse_xlsx_put_str(x, ws, (*row)++, 0, b->text, b->level <= 1 ? x->f_h1 : x->f_h2);
        break;
    case FSE_BLOCK_PARAGRAPH:
        worksheet_merge_range(ws, *row, 0, *row, 1, "", x->f_para);
        fse_xlsx_put_str(x, ws, *row, 0, b->text, x->f_para);
        worksheet_set_row(ws, *row, text_height(b->text, (FLOW_WIDTH_A + FLOW_WIDTH_B) * 1.1), NULL);
        (*row)++;
        break;
    case FSE_BLOCK_KEYVALUE:
        for (size_t i = 0; i < b->npairs; i++) {
            fse_xlsx_put_str(x, ws, *row, 0, b->keys[i], x->f_key);
            if (b->kvnum && (b->kvnum[i].has_num || b->kvcol[i].type == FSE_COL_ID))
                fse_xlsx_put_cell(x, ws, *row, 1, &b->kvcol[i],
                         b->kvnum[i].has_num ? &b->kvnum[i] : &(fse_doc_cell){ .text = b->vals[i] }, false);
            else
                fse_xlsx_put_str(x, ws, *row, 1, b->vals[i], x->f_para);
            double h = text_height(b->vals[i], FLOW_WIDTH_B * 1.1);
            if (h > 15) worksheet_set_row(ws, *row, h, NULL);
            (*row)++;
        }
        break;
    default: break;
    }
}

static bool is_method_heading(const char *s)
{
    static const char *const pre[] = { "Méthode", "méthode", "MÉTHODE", "Methode", "methode", "METHODE" };
    for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++)
        if (strncmp(s, pre[i], strlen(pre[i])) == 0) return true;
    return false;
}

/* Marks in method[i] the blocks that belong on "Méthode et sources". */
static void method_blocks(const fse_doc *d, bool *method)
{
    int level = 0;   /* 0: outside a Méthode section */
    for (size_t i = 0; i < d->nblocks; i++) {
        const fse_doc_block *b = &d->blocks[i];
        if (b->kind == FSE_BLOCK_HEADING) {
            if (is_method_heading(b->text ? b->text : "")) {
                if (!level || b->level < level) level = b->level;
            } else if (level && b->level <= level) level = 0;
        }
        method[i] = level && (b->kind == FSE_BLOCK_HEADING || b->kind == FSE_BLOCK_PARAGRAPH ||
                              b->kind == FSE_BLOCK_KEYVALUE);
    }
}

/* ------------------------------------------------------------ tables */

/* Width of column i in characters, from what it shows (the header's longest
 * word, the cells as displayed, first 2 000 rows, totals): from 8 to 50;
 * longer texts wrap. The PDF's relative widths mean nothing in Excel. */
static double column_chars(const fse_doc_table *t, size_t i)
{
    const fse_doc_column *col = &t->cols[i];
    size_t w = 0, run = 0;
    for (const char *s = col->title; s && *s; s++) {  /* longest header word */
        if (*s == ' ') { run = 0; continue; }
        run += ((unsigned char)*s & 0xC0) != 0x80;
        if (run > w) w = run;
    }
    char buf[128];
    for (size_t r = 0; r < t->nrows && r < 2000; r++) {
        size_t n = fse_utf8_len(fse_doc_cell_display(col, &t->cells[r * t->ncols + i], buf, sizeof buf));
        if (n > w) w = n;
    }
    if (t->totals && t->totals[i].has_num) {  /* a total label may overflow into the next cells */
        size_t n = fse_utf8_len(fse_doc_cell_display(col, &t->totals[i], buf, sizeof buf));
        if (n > w) w = n;
    }
    double chars = (double)w + 2;
    return chars < 8 ? 8 : chars > 50 ? 50 : chars;
}

static void table_sheet(xctx *x, const fse_doc_table *t, const char *name)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) { fse_xlsx_note_err(x, LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED); return; }
    size_t nc = t->ncols;
    for (size_t i = 0; i < nc; i++)
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, column_chars(t, i), NULL);
    fse_xlsx_put_str(x, ws, 0, 0, t->title && *t->title ? t->title : name, x->f_h1);
    for (size_t i = 0; i < nc; i++)
        fse_xlsx_put_str(x, ws, 1, (lxw_col_t)i, t->cols[i].title, x->f_hdr);
    if (t->nrows + 3 > LXW_ROW_MAX) {
        fse_xlsx_note_err(x, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
        return;
    }
    if (nc) {   /* before the rows: constant_memory refuses ranges above the current row */
        worksheet_freeze_panes(ws, 2, 0);
        fse_xlsx_note_err(x, worksheet_autofilter(ws, 1, 0, (lxw_row_t)(1 + t->nrows), (lxw_col_t)(nc - 1)));
        worksheet_repeat_rows(ws, 1, 1);
    }
    fse_xlsx_table_body(x, ws, t, 2);
    lxw_row_t next = (lxw_row_t)(2 + t->nrows);
    if (t->totals) {
        for (size_t i = 0; i < nc; i++) {
            fse_doc_cell tot = t->totals[i];
            if (i == 0 && !tot.has_num && (!tot.text || !*tot.text)) tot.text = "Total";
            fse_xlsx_put_cell(x, ws, next, (lxw_col_t)i, &t->cols[i], &tot, true);
        }
        next++;
    }
    if (t->note && *t->note) fse_xlsx_put_str(x, ws, next + 1, 0, t->note, NULL);
    if (x->d->landscape) worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
}

/* ------------------------------------------------------------ close */

/* What libxlsxwriter prints on stderr while the workbook is closed. When
 * the close fails, libxlsxwriter 1.1.4 prints its own English line
 * ("[ERROR] workbook_close(): Zip ZIP_ERRNO error …") before the French
 * error fse_xlsx_write gives with the system's cause; the user saw both.
 * The close's stderr goes to a memory file (memfd: a full /tmp must not
 * stop the capture) and is dropped when the close failed, passed on
 * unchanged when it succeeded, so that no warning is ever lost. When the
 * capture cannot be set up, stderr is left as it is. */
typedef struct { int saved, mem; } stderr_capture;

static stderr_capture capture_begin(void)
{
    stderr_capture c = { -1, -1 };
    fflush(stderr);
    c.mem = memfd_create("fsepack-xlsx-stderr", MFD_CLOEXEC);
    if (c.mem < 0) return c;
    c.saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
    if (c.saved < 0 || dup2(c.mem, STDERR_FILENO) < 0) {
        if (c.saved >= 0) close(c.saved);
        close(c.mem);
        c.saved = c.mem = -1;
        return c;
    }
    fse_set_fatal_fd(c.saved);   /* our code runs inside the close: an out-of-memory exit still shows */
    return c;
}

static void capture_end(stderr_capture c, bool pass_on)
{
    if (c.mem < 0) return;
    int e = errno;
    fflush(stderr);
    dup2(c.saved, STDERR_FILENO);
    fse_set_fatal_fd(-1);
    close(c.saved);
    char buf[4096];
    ssize_t n;
    for (off_t at = 0; pass_on && (n = pread(c.mem, buf, sizeof buf, at)) > 0; at += n)
        if (write(STDERR_FILENO, buf, (size_t)n) != n) break;
    close(c.mem);
    errno = e;
}

/* True when a constant_memory sheet of wb has no cell: libxlsxwriter 1.1.4
 * then leaves its temporary file open after a successful workbook_close
 * (_worksheet_write_optimized_sheet_data skips the fclose when
 * dim_rowmin is LXW_ROW_MAX), so its stdio buffer (xlsx_tmpfile.c) must
 * not be freed. fsepack writes a title on every sheet; this keeps it so. */
static bool empty_stream_sheet(lxw_workbook *wb)
{
    lxw_worksheet *ws;
    STAILQ_FOREACH(ws, wb->worksheets, list_pointers)
        if (ws->optimize && ws->dim_rowmin == LXW_ROW_MAX) return true;
    return false;
}

/* Whether a constant_memory sheet's temporary file lost bytes: its last
 * row is written out and the file flushed here (as _write_worksheet_files
 * of libxlsxwriter 1.1.4 does first at close: its later call then has
 * nothing to write), and a write error (libxlsxwriter ignores those of its
 * fprintf; glibc drops a buffer it could not write: a full /tmp, a file
 * size limit) names the sheet's part in part. This check is needed since
 * the parts are deflated as written (xlsx_deflate.c, "part files"): the
 * part's own end tags no longer go through a file that the same limit
 * would cut, so a cut in its rows would not show at its end. */
static bool cut_stream_sheet(lxw_workbook *wb, char *part, size_t n)
{
    if (!fse_lxw_internals_known()) return false;
    unsigned i = 0;
    lxw_worksheet *ws;
    STAILQ_FOREACH(ws, wb->worksheets, list_pointers) {
        i++;
        if (!ws->optimize || !ws->optimize_tmpfile) continue;
        if (ws->optimize_row) lxw_worksheet_write_single_row(ws);
        if (fflush(ws->optimize_tmpfile) || ferror(ws->optimize_tmpfile)) {
            snprintf(part, n, "xl/worksheets/sheet%u.xml", i);
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------------ charts */

static void charts_sheet(xctx *x, const char *name)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) { fse_xlsx_note_err(x, LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED); return; }
    worksheet_set_column(ws, 0, 0, 30, NULL);
    worksheet_set_column(ws, 1, 8, 14, NULL);
    double colw[9] = { 0 };   /* widest series header of each column over the charts */
    lxw_row_t row = 0;
    for (size_t k = 0; k < x->d->nblocks; k++) {
        const fse_doc_chart *ch = x->d->blocks[k].chart;
        if (x->d->blocks[k].kind != FSE_BLOCK_CHART || !ch) continue;
        fse_xlsx_put_str(x, ws, row, 0, ch->title && *ch->title ? ch->title : "Graphique", x->f_h1);
        fse_xlsx_put_str(x, ws, row + 1, 0, "Catégorie", x->f_hdr);
        for (size_t s = 0; s < ch->nseries; s++) {
            fse_xlsx_put_str(x, ws, row + 1, (lxw_col_t)(1 + s), ch->series_names[s], x->f_hdr);
            double w = (double)fse_utf8_len(ch->series_names[s]) + 2;   /* the header shows whole */
            if (w > 14 && 1 + s <= 8 && w > colw[1 + s]) {
                colw[1 + s] = w;
                worksheet_set_column(ws, (lxw_col_t)(1 + s), (lxw_col_t)(1 + s), w, NULL);
            }
        }
        int *dec = fse_xcalloc(ch->nseries + 1, sizeof *dec);   /* one format per series: 99,40
                                                                  beside 100,00, not beside 100 */
        for (size_t s = 0; s < ch->nseries; s++)
            for (size_t i = 0; i < ch->ncats; i++) {
                double v = ch->values[s * ch->ncats + i];
                if (isfinite(v) && fabs(v - round(v)) > 1e-9) dec[s] = 2;
            }
        for (size_t i = 0; i < ch->ncats; i++) {   /* row by row: constant_memory writes no row twice */
            fse_xlsx_put_str(x, ws, (lxw_row_t)(row + 2 + i), 0, ch->cats[i], NULL);
            for (size_t s = 0; s < ch->nseries; s++) {
                double v = ch->values[s * ch->ncats + i];
                if (isfinite(v))
                    fse_xlsx_note_err(x, worksheet_write_number(ws, (lxw_row_t)(row + 2 + i),
                             (lxw_col_t)(1 + s), v, fse_xlsx_cell_fmt(x, K_NUM, dec[s], false)));
            }
        }
        free(dec);
        if (ch->ncats && ch->nseries) {
            lxw_chart *chart = workbook_add_chart(x->wb, ch->line ? LXW_CHART_LINE : LXW_CHART_COLUMN);
            lxw_row_t r0 = row + 2, r1 = (lxw_row_t)(row + 1 + ch->ncats);
            for (size_t s = 0; s < ch->nseries; s++) {
                lxw_chart_series *se = chart_add_series(chart, NULL, NULL);
                chart_series_set_categories(se, name, r0, 0, r1, 0);
                chart_series_set_values(se, name, r0, (lxw_col_t)(1 + s), r1, (lxw_col_t)(1 + s));
                chart_series_set_name_range(se, name, row + 1, (lxw_col_t)(1 + s));
                if (ch->line) chart_series_set_marker_type(se, LXW_CHART_MARKER_CIRCLE);
            }
            chart_title_set_name_range(chart, name, row, 0);   /* a cell: never a formula */
            chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
            lxw_chart_options opt = { .x_offset = 10, .y_offset = 4, .x_scale = 1.25, .y_scale = 1.0 };
            fse_xlsx_note_err(x, worksheet_insert_chart_opt(ws, row, (lxw_col_t)(ch->nseries + 2), chart, &opt));
        }
        size_t used = ch->ncats + 4;
        row = (lxw_row_t)(row + (used > 18 ? used : 18));
    }
}

/* ------------------------------------------------------------ workbook */

static size_t stream_cells_;   /* 0: FSE_XLSX_STREAM_CELLS */
void fse_xlsx_set_stream_cells(size_t n) { stream_cells_ = n; }

/* Writes d as an XLSX workbook at path (see the head of this file for the
 * sheets). Returns 0, or -1 with a message in err (path not writable, a
 * libxlsxwriter error); a failed file is removed. Truncations are reported
 * as "warning:" lines on stderr. Same doc -> same bytes. */
int fse_xlsx_write(const fse_doc *d, const char *path, char *err, size_t errlen)
{
    char dummy[8];
    if (!err || !errlen) { err = dummy; errlen = sizeof dummy; }
    err[0] = 0;
    FILE *probe = fopen(path, "ab");   /* libxlsxwriter reports an unwritable path only at close */
    if (!probe) {
        snprintf(err, errlen, "création impossible de %s : %s", path, fse_strerror(errno));
        return -1;
    }
    fclose(probe);
    xctx X = { .d = d, .path = path }, *x = &X;
    size_t cells = 0;
    for (size_t i = 0; i < d->nblocks; i++)
        if (d->blocks[i].kind == FSE_BLOCK_TABLE && d->blocks[i].table && d->blocks[i].table->only != FSE_DOC_PDF_ONLY)
            cells += d->blocks[i].table->nrows * d->blocks[i].table->ncols;
    lxw_workbook_options opt = { .constant_memory = cells > (stream_cells_ ? stream_cells_ : FSE_XLSX_STREAM_CELLS) };
    x->wb = workbook_new_opt(path, &opt);
    if (!x->wb) {
        snprintf(err, errlen, "création impossible de %s : libxlsxwriter n'a pas pu ouvrir de classeur", path);
        return -1;
    }
    char *author = fse_doc_utf8_dup(d->author && *d->author ? d->author : d->plie);
    char *title = fse_doc_utf8_dup(d->title);
    char *subject = fse_doc_utf8_dup(d->fiche);
    lxw_doc_properties props = { .title = title, .author = author, .subject = subject,
                                 .comments = "fsepack",
                                 .created = d->created_epoch > 0 ? (time_t)d->created_epoch : 1 };
    workbook_set_properties(x->wb, &props);
    fse_xlsx_make_formats(x);

    bool *method = fse_xcalloc(d->nblocks + 1, sizeof *method);
    method_blocks(d, method);
    size_t ntables = 0, ncharts = 0;
    for (size_t i = 0; i < d->nblocks; i++) {
        ntables += d->blocks[i].kind == FSE_BLOCK_TABLE && d->blocks[i].table
                   && d->blocks[i].table->only != FSE_DOC_PDF_ONLY;
        ncharts += d->blocks[i].kind == FSE_BLOCK_CHART && d->blocks[i].chart;
    }

    /* names first, so tables cannot take the fixed ones */
    const char *n_synth = fse_xlsx_out_sheet_name(&x->names, SHEET_SYNTH, SHEET_SYNTH);
    const char *n_method = fse_xlsx_out_sheet_name(&x->names, SHEET_METHOD, SHEET_METHOD);
    const char *n_charts = ncharts ? fse_xlsx_out_sheet_name(&x->names, SHEET_CHARTS, SHEET_CHARTS) : NULL;
    const char **tnames = fse_xcalloc(d->nblocks + 1, sizeof *tnames);
    size_t ti = 0;
    for (size_t i = 0; i < d->nblocks; i++) {
        const fse_doc_table *t = d->blocks[i].table;
        if (d->blocks[i].kind != FSE_BLOCK_TABLE || !t || t->only == FSE_DOC_PDF_ONLY) continue;
        char fb[32];
        snprintf(fb, sizeof fb, "Tableau %zu", ++ti);
        tnames[i] = fse_xlsx_out_sheet_name(&x->names, t->sheet && *t->sheet ? t->sheet : t->title, fb);
    }

    /* Synthèse */
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, n_synth);
    worksheet_set_column(ws, 0, 0, FLOW_WIDTH_A, NULL);
    worksheet_set_column(ws, 1, 1, FLOW_WIDTH_B, NULL);
    fse_xlsx_put_str(x, ws, 0, 0, "Cofinancé par l'Union européenne", x->f_eu);
    fse_xlsx_put_str(x, ws, 1, 0, d->title ? d->title : "", x->f_title);
    static const char *const keys[] = { "PLIE", "Fiche", "Période", "Généré le" };
    const char *vals[] = { d->plie, d->fiche, d->periode, d->generated };
    lxw_row_t row = 2;
    for (int k = 0; k < 4; k++) {
        fse_xlsx_put_str(x, ws, row, 0, keys[k], x->f_key);
        int gy, gm, gd;
        if (k == 3 && d->created_epoch > 0) {  /* the generation date as a real date (DESIGN §7) */
            fse_doc_civil(d->created_epoch / 86400, &gy, &gm, &gd);
            lxw_datetime dt = { gy, gm, gd, 0, 0, 0 };
            fse_xlsx_note_err(x, worksheet_write_datetime(ws, row++, 1, &dt, fse_xlsx_cell_fmt(x, K_DATE, 0, false)));
            continue;
        }
        fse_xlsx_put_str(x, ws, row++, 1, vals[k] ? vals[k] : "", x->f_para);
    }
    row++;
    for (size_t i = 0; i < d->nblocks; i++) {
        const fse_doc_block *b = &d->blocks[i];
        if (method[i]) continue;
        if (b->kind == FSE_BLOCK_TABLE && b->table && b->table->only == FSE_DOC_PDF_ONLY) continue;
        if (b->kind == FSE_BLOCK_TABLE && b->table) {
            char *s = fse_xasprintf("voir la feuille « %s » (%zu ligne%s)", tnames[i],
                                    b->table->nrows, fse_pluriel(b->table->nrows));
            fse_xlsx_put_str(x, ws, row, 0, b->table->title ? b->table->title : tnames[i], x->f_key);
            fse_xlsx_put_str(x, ws, row++, 1, s, x->f_sub);
            free(s);
        } else if (b->kind == FSE_BLOCK_CHART && b->chart) {
            char *s = fse_xasprintf("graphique : voir la feuille « %s »", n_charts);
            fse_xlsx_put_str(x, ws, row, 0, b->chart->title ? b->chart->title : "Graphique", x->f_key);
            fse_xlsx_put_str(x, ws, row++, 1, s, x->f_sub);
            free(s);
        } else {
            flow_block(x, ws, n_synth, &row, b);
        }
    }

    for (size_t i = 0; i < d->nblocks; i++)
        if (tnames[i]) table_sheet(x, d->blocks[i].table, tnames[i]);
    if (n_charts) charts_sheet(x, n_charts);

    /* Méthode et sources */
    ws = workbook_add_worksheet(x->wb, n_method);
    worksheet_set_column(ws, 0, 0, FLOW_WIDTH_A, NULL);
    worksheet_set_column(ws, 1, 1, FLOW_WIDTH_B, NULL);
    row = 0;
    for (size_t i = 0; i < d->nblocks; i++)
        if (method[i]) flow_block(x, ws, n_method, &row, &d->blocks[i]);
    if (row == 0)
        fse_xlsx_put_str(x, ws, 0, 0, "Aucune note de méthode dans ce document.", NULL);

    lxw_error first = x->first_err;
    errno = 0;
    fse_xlsx_incomplete_reset();
    bool leaves_open = empty_stream_sheet(x->wb);
    char cut_sheet[64];
    bool sheet_cut = cut_stream_sheet(x->wb, cut_sheet, sizeof cut_sheet);
    stderr_capture cap = capture_begin();
    fse_xlsx_parts_lost();
    fse_xlsx_parts_streamed(true);   /* parts deflated as written (xlsx_deflate.c, "part files") */
    lxw_error rc = workbook_close(x->wb);
    int close_errno = errno;  /* a full disk shows as a zip error of libxlsxwriter: say the system's cause */
    fse_xlsx_parts_streamed(false);
    /* a sheet's rows cut in its temporary file, or a part stream that reached
       no zip entry (never seen): the workbook is not sound */
    if ((fse_xlsx_parts_lost() || sheet_cut) && rc == LXW_NO_ERROR) rc = LXW_ERROR_ZIP_FILE_ADD;
    fse_xlsx_tmpfile_release(rc == LXW_NO_ERROR && first == LXW_NO_ERROR && !leaves_open);
    capture_end(cap, rc == LXW_NO_ERROR);
    free(method);
    free(tnames);
    fse_xlsx_names_free(&x->names);
    fse_sb_free(&x->sb);
    free(author);
    free(title);
    free(subject);
    const char *cut = sheet_cut ? cut_sheet : fse_xlsx_incomplete_part();
    if (rc != LXW_NO_ERROR && cut) {
        snprintf(err, errlen, "écriture impossible de %s : la partie %s est incomplète (fichier temporaire "
                 "tronqué : disque ou /tmp plein, ou taille de fichier limitée ?)", path, cut);
        remove(path);
        return -1;
    }
    if (rc != LXW_NO_ERROR || first != LXW_NO_ERROR) {
        snprintf(err, errlen, "écriture impossible de %s : %s", path,
                 close_errno && rc != LXW_NO_ERROR ? fse_strerror(close_errno)
                 : x->sys_errno ? fse_strerror(x->sys_errno) : lxw_strerror(rc != LXW_NO_ERROR ? rc : first));
        remove(path);
        return -1;
    }
    return 0;
}
