/* sheet.c — see sheet.h. */
#include "ingest/sheet.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK ((size_t)64 << 10)
#define COMPACT_BYTES ((size_t)4 << 20)

/* A copy of s[0..len) and its NUL in the arena. */
static char *arena_text(fse_sheet_arena *a, const char *s, size_t len)
{
    char *t;
    if (len + 1 > ARENA_CHUNK / 2) {           /* a long text: a block of its own */
        t = fse_xmalloc(len + 1);
        FSE_PUSH(a->big, a->nbig, a->big_cap, t);
    } else {
        if (a->left < len + 1) {
            if (a->used == a->nchunks) FSE_PUSH(a->chunks, a->nchunks, a->chunks_cap, fse_xmalloc(ARENA_CHUNK));
            a->cur = a->chunks[a->used++];
            a->left = ARENA_CHUNK;
        }
        t = a->cur;
        a->cur += len + 1;
        a->left -= len + 1;
    }
    memcpy(t, s, len);
    t[len] = 0;
    a->bytes += len + 1;
    return t;
}

/* Empty the arena: its chunks are kept for reuse, big blocks freed. */
static void arena_reset(fse_sheet_arena *a)
{
    for (size_t i = 0; i < a->nbig; i++) free(a->big[i]);
    a->nbig = a->used = a->left = a->bytes = 0;
    a->cur = NULL;
}

static void arena_free(fse_sheet_arena *a)
{
    arena_reset(a);
    for (size_t i = 0; i < a->nchunks; i++) free(a->chunks[i]);
    free(a->chunks);
    free(a->big);
    memset(a, 0, sizeof *a);
}

fse_raw_row *fse_sheet_add_row(fse_raw_sheet *sh, long line)
{
    if (sh->on_rows && sh->nrows) sh->on_rows(sh->ud, sh);
    fse_grow((void **)&sh->rows, &sh->cap, sh->nrows + 1, sizeof *sh->rows);
    fse_raw_row *r = &sh->rows[sh->nrows++];
    fse_cell *cells = NULL;
    size_t cap = 0;
    if (sh->nrows <= sh->rows_init) {           /* a dropped row's cells, reused */
        cells = r->cells;
        cap = r->cells_cap;
    } else {
        sh->rows_init = sh->nrows;
    }
    memset(r, 0, sizeof *r);
    r->cells = cells;
    r->cells_cap = cap;
    r->line = line;
    return r;
}

void fse_row_set(fse_raw_sheet *sh, fse_raw_row *row, size_t col, fse_cell_kind kind,
                 const char *text, size_t len, double num)
{
    if (col >= row->ncells) {
        if (col >= row->cells_cap) {
            size_t cap = row->cells_cap ? row->cells_cap * 2 : 16;
            if (cap < col + 1) cap = col + 1;
            row->cells = fse_xrealloc(row->cells, cap * sizeof *row->cells);
            row->cells_cap = cap;
        }
        /* a loop of stores rather than a memset call: the gap is one cell
         * but for skipped XLSX columns (CSV fields come in order) */
        for (size_t k = row->ncells; k < col; k++) row->cells[k] = (fse_cell){0};
        row->ncells = col + 1;
    }
    fse_cell *c = &row->cells[col];
    c->kind = kind;
    c->len = text ? (uint32_t)len : 0;
    c->num = num;
    c->text = NULL;
    if (text && !(c->text = fse_arena_put_fast(&sh->texts, text, len)))
        c->text = arena_text(&sh->texts, text, len);
}

void fse_row_free(fse_raw_row *r)
{
    if (r->owns_texts)
        for (size_t j = 0; j < r->ncells; j++) free(r->cells[j].text);
    free(r->cells);
    r->cells = NULL;
    r->ncells = r->cells_cap = 0;
}

fse_raw_row fse_row_copy(const fse_raw_row *r)
{
    fse_raw_row c = *r;
    c.cells = fse_xcalloc(r->ncells + 1, sizeof *c.cells);
    c.cells_cap = r->ncells + 1;
    c.owns_texts = true;
    for (size_t j = 0; j < r->ncells; j++) {
        c.cells[j] = r->cells[j];
        c.cells[j].text = r->cells[j].text ? fse_xstrndup(r->cells[j].text, r->cells[j].len) : NULL;
    }
    return c;
}

void fse_sheet_drop_rows(fse_raw_sheet *sh, size_t from)
{
    if (from >= sh->nrows) return;
    for (size_t i = from; i < sh->nrows; i++) sh->rows[i].ncells = 0;
    sh->nrows = from;
    if (!from) {
        arena_reset(&sh->texts);
    } else if (sh->texts.bytes > COMPACT_BYTES) {
        /* the kept rows (a few, see source.c) move to a fresh arena so that
         * dropped texts do not pile up */
        fse_sheet_arena old = sh->texts;
        memset(&sh->texts, 0, sizeof sh->texts);
        for (size_t i = 0; i < from; i++)
            for (size_t j = 0; j < sh->rows[i].ncells; j++) {
                fse_cell *c = &sh->rows[i].cells[j];
                if (c->text) c->text = arena_text(&sh->texts, c->text, c->len);
            }
        arena_free(&old);
    }
}

void fse_sheet_free(fse_raw_sheet *sh)
{
    for (size_t i = 0; i < sh->rows_init; i++) free(sh->rows[i].cells);
    free(sh->rows);
    free(sh->name);
    arena_free(&sh->texts);
    memset(sh, 0, sizeof *sh);
}

char *fse_sheet_col_name(size_t c, char buf[8])
{
    char tmp[8];
    int n = 0;
    c++;
    while (c && n < 7) { tmp[n++] = (char)('A' + (c - 1) % 26); c = (c - 1) / 26; }
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = 0;
    return buf;
}
