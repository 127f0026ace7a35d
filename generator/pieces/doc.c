/* doc.c — builders of the document model (doc.h), fse_doc_free, and the
 * UTF-8 copy of doc_private.h (the French display of numbers and dates is
 * doc_format.c).
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

void fse_doc_put_pooled(fse_doc_table *t, size_t col, const char *pooled)
{
    fse_doc_cell *c = cur_cell(t, col);
    if (c) c->text = (char *)pooled;
}

void fse_doc_put_borrowed(fse_doc_table *t, size_t col, const char *text)
{
    fse_doc_cell *c = cur_cell(t, col);
    if (!c) return;
    if (text && fse_utf8_valid(text, strlen(text), NULL)) c->text = (char *)text;
    else set_text(t, c, text);
}

const char *fse_doc_cur_text(const fse_doc_table *t, size_t col)
{
    if (!t->nrows || col >= t->ncols) return NULL;
    return t->cells[(t->nrows - 1) * t->ncols + col].text;
}
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
