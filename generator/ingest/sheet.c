/* sheet.c — see sheet.h. */
#include "ingest/sheet.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

fse_raw_row *fse_sheet_add_row(fse_raw_sheet *sh, long line)
{
    if (sh->on_rows && sh->nrows) sh->on_rows(sh->ud, sh);
    fse_grow((void **)&sh->rows, &sh->cap, sh->nrows + 1, sizeof *sh->rows);
    fse_raw_row *r = &sh->rows[sh->nrows++];
    memset(r, 0, sizeof *r);
    r->line = line;
    return r;
}

void fse_row_set(fse_raw_row *row, size_t col, fse_cell_kind kind, char *text, double num)
{
    if (col >= row->ncells) {
        if (col >= row->cells_cap) {
            size_t cap = row->cells_cap ? row->cells_cap * 2 : 16;
            if (cap < col + 1) cap = col + 1;
            row->cells = fse_xrealloc(row->cells, cap * sizeof *row->cells);
            row->cells_cap = cap;
        }
        memset(row->cells + row->ncells, 0, (col + 1 - row->ncells) * sizeof *row->cells);
        row->ncells = col + 1;
    }
    free(row->cells[col].text);
    row->cells[col].kind = kind;
    row->cells[col].text = text;
    row->cells[col].num = num;
}

void fse_row_free(fse_raw_row *r)
{
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
    for (size_t j = 0; j < r->ncells; j++) {
        c.cells[j] = r->cells[j];
        c.cells[j].text = fse_xstrdup(r->cells[j].text);
    }
    return c;
}

void fse_sheet_drop_rows(fse_raw_sheet *sh, size_t from)
{
    for (size_t i = from; i < sh->nrows; i++) fse_row_free(&sh->rows[i]);
    if (from < sh->nrows) sh->nrows = from;
}

void fse_sheet_free(fse_raw_sheet *sh)
{
    fse_sheet_drop_rows(sh, 0);
    free(sh->rows);
    free(sh->name);
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
