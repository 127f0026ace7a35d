/* xlsx_dump.c — print what the XLSX reader sees, for tests/e2e/test_xlsx_openpyxl.py.
 *
 *   xlsx_dump FILE.xlsx
 *
 * Per sheet, in workbook order: "sheet<TAB>name", then per non-empty cell
 * "row<TAB>col<TAB>kind<TAB>text<TAB>num" with row = the XLSX row number,
 * col 1-based (A = 1), kind TEXT/NUMBER/DATE/BOOL/ERROR, text with '\', TAB,
 * LF and CR written as \\, \t, \n, \r, and num printed with %.17g.
 * Errors: "error<TAB>code<TAB>message" on stderr, exit status 1.
 */
#include "ingest/xlsx_reader.h"

#include <stdio.h>

static const char *kind_name(fse_cell_kind k)
{
    switch (k) {
    case FSE_CELL_TEXT: return "TEXT";
    case FSE_CELL_NUMBER: return "NUMBER";
    case FSE_CELL_DATE: return "DATE";
    case FSE_CELL_BOOL: return "BOOL";
    case FSE_CELL_ERROR: return "ERROR";
    default: return "EMPTY";
    }
}

static void put_escaped(const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\\': fputs("\\\\", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        default: putchar(*s);
        }
    }
}

static int fail(fse_xlsx_error e, const char *msg)
{
    fprintf(stderr, "error\t%d\t%s: %s\n", (int)e, fse_xlsx_strerror(e), msg);
    return 1;
}

int main(int argc, char **argv)
{
    char msg[512];
    fse_xlsx_book *b;
    if (argc != 2) {
        fputs("usage: xlsx_dump FILE.xlsx\n", stderr);
        return 2;
    }
    fse_xlsx_error e = fse_xlsx_open(argv[1], &b, msg, sizeof msg);
    if (e) return fail(e, msg);
    for (size_t i = 0; i < fse_xlsx_sheet_count(b); i++) {
        fse_raw_sheet sh = {0};
        e = fse_xlsx_read_sheet(b, i, &sh, msg, sizeof msg);
        if (e) {
            fse_xlsx_close(b);
            return fail(e, msg);
        }
        fputs("sheet\t", stdout);
        put_escaped(sh.name);
        putchar('\n');
        for (size_t r = 0; r < sh.nrows; r++)
            for (size_t c = 0; c < sh.rows[r].ncells; c++) {
                const fse_cell *cell = &sh.rows[r].cells[c];
                if (cell->kind == FSE_CELL_EMPTY) continue;
                printf("%ld\t%zu\t%s\t", sh.rows[r].line, c + 1, kind_name(cell->kind));
                put_escaped(cell->text);
                printf("\t%.17g\n", cell->num);
            }
        fse_sheet_free(&sh);
    }
    fse_xlsx_close(b);
    return 0;
}
