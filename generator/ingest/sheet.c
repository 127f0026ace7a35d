/* sheet.c — see sheet.h. */
#include "ingest/sheet.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

fse_raw_row *fse_sheet_add_row(fse_raw_sheet *sh, long line)
{
    fse_grow((void **)&sh->rows, &sh->cap, sh->nrows + 1, sizeof *sh->rows);
    fse_raw_row *r = &sh->rows[sh->nrows++];
    memset(r, 0, sizeof *r);
    r->line = line;
    return r;
}

void fse_row_set(fse_raw_row *row, size_t col, fse_cell_kind kind, char *text, double num)
{
    if (col >= row->ncells) {
        row->cells = fse_xrealloc(row->cells, (col + 1) * sizeof *row->cells);
        memset(row->cells + row->ncells, 0, (col + 1 - row->ncells) * sizeof *row->cells);
        row->ncells = col + 1;
    }
    free(row->cells[col].text);
    row->cells[col].kind = kind;
    row->cells[col].text = text;
    row->cells[col].num = num;
}

void fse_sheet_free(fse_raw_sheet *sh)
{
    for (size_t i = 0; i < sh->nrows; i++) {
        for (size_t j = 0; j < sh->rows[i].ncells; j++) free(sh->rows[i].cells[j].text);
        free(sh->rows[i].cells);
    }
    free(sh->rows);
    free(sh->name);
    memset(sh, 0, sizeof *sh);
}
