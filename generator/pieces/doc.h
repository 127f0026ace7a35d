/* doc.h — the document model every pièce is built in, and that the PDF and
 * XLSX writers render.
 *
 * Why: a pièce (tableau d'impact, liste des marchés, bilan…) is computed
 * once as an fse_doc — blocks of headings, paragraphs, key/value lists,
 * tables and charts with typed cells — and the same fse_doc is written as PDF
 * (pdf_writer.c, libharu) and XLSX (xlsx_writer.c, libxlsxwriter). Pieces
 * never touch libharu or libxlsxwriter; writers never know what a marché is.
 *
 * Ownership: an fse_doc owns every string and cell it holds (copied by the
 * builder functions), except the cell texts given to fse_doc_put_borrowed;
 * free it with fse_doc_free. All text must be valid
 * UTF-8: the builders replace invalid sequences by U+FFFD so writers can
 * trust it (the libraries do not validate: research/tech.md §1.2, §2.6).
 */
#ifndef FSE_DOC_H
#define FSE_DOC_H

#include "common/strpool.h"
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum {
    FSE_COL_TEXT = 0, /* free text, wraps in PDF */
    FSE_COL_ID,       /* identifier (SIRET, codes): always text, leading zeros kept */
    FSE_COL_INTEGER,  /* num, shown "1 234" */
    FSE_COL_NUMBER,   /* num with `decimals` decimals, shown "1 234,50" */
    FSE_COL_PERCENT,  /* num as a ratio (0.5 = 50 %), shown "50,0 %" */
    FSE_COL_EURO,     /* num, shown "1 234,50 €" */
    FSE_COL_DATE,     /* num = days since 1970-01-01, shown dd/mm/yyyy, a real date in XLSX */
    FSE_COL_MONTH     /* num = days of the 1st of the month, shown mm/yyyy */
} fse_col_type;

#define FSE_DEC_AUTO (-1)  /* decimals of a column mixing counts and hours: "39" and "57 795,61" */
#define FSE_DEC_NEEDED (-2) /* 0 to 2 decimals, trailing zeros dropped: "40", "37,5", "22,92"
                               (prorated targets: a count × 5/12 is not hours) */

typedef struct {
    char *title;
    fse_col_type type;
    double width;     /* relative width (PDF share of the line; XLSX characters) */
    int decimals;     /* FSE_COL_NUMBER / PERCENT; FSE_DEC_AUTO: 0 for whole numbers, else 2;
                         FSE_DEC_NEEDED: as many as the value needs, up to 2 */
    bool whole;       /* PDF: never wrapped, even when wider than a quarter of the line
                         (a SHA-256 must read in one piece); fse_doc_col_whole */
} fse_doc_column;

/* One cell: empty, or text, or a number (meaning given by the column type).
 * For typed columns text may also be set; writers then show text when num
 * is not set (e.g. "à régulariser"). */
typedef struct {
    char *text;      /* in its table's pool, or borrowed (fse_doc_put_borrowed); not
                        owned, never modified; or NULL */
    double num;
    bool has_num;
} fse_doc_cell;

typedef struct {
    char *title;          /* heading printed above the table; XLSX sheet title */
    char *sheet;          /* XLSX sheet name wanted (writer sanitises: 31 chars,
                             no []:*?/\ , unique); NULL = from title */
    fse_doc_column *cols;
    size_t ncols;
    fse_doc_cell *cells;  /* nrows * ncols, row-major */
    size_t nrows, cap;
    fse_doc_cell *totals; /* NULL or ncols cells: a "Total" row, bold */
    char *note;           /* NULL or a paragraph printed under the table */
    float font_size;      /* PDF: body font size in points (6 to 8), 0 = the default 8;
                             the writer still goes down to 6 when the columns need it */
    int only;             /* FSE_DOC_BOTH (0), FSE_DOC_PDF_ONLY or FSE_DOC_XLSX_ONLY: e.g. one
                             PDF table per action but one XLSX sheet for all actions */
    fse_strpool pool;     /* owned: the cells' texts, each distinct text once (issue 8: a
                             list of 200 000 rows repeats its companies, dates, statuses) */
} fse_doc_table;

enum { FSE_DOC_BOTH = 0, FSE_DOC_PDF_ONLY = 1, FSE_DOC_XLSX_ONLY = 2 };

typedef struct {
    char *title;
    size_t ncats;
    char **cats;          /* category labels */
    size_t nseries;
    char **series_names;
    double *values;       /* nseries * ncats, series-major */
    bool line;            /* true: line chart (e.g. cumulative hours); false: bars */
} fse_doc_chart;

typedef enum {
    FSE_BLOCK_HEADING = 0, /* text, level 1 or 2; level 1 also makes a PDF bookmark */
    FSE_BLOCK_PARAGRAPH,   /* text */
    FSE_BLOCK_KEYVALUE,    /* pairs: key / value lines */
    FSE_BLOCK_TABLE,
    FSE_BLOCK_CHART,
    FSE_BLOCK_PAGEBREAK
} fse_block_kind;

typedef struct {
    fse_block_kind kind;
    int level;
    char *text;
    char **keys, **vals;  /* vals: the text both writers show (PDF as is) */
    fse_doc_cell *kvnum;  /* NULL or npairs cells: has_num marks a typed value, written by
                             the XLSX writer as a real number of type kvcol[k] */
    fse_doc_column *kvcol;/* NULL or npairs columns (type, decimals; title unused) of the
                             values: FSE_COL_ID marks an identifier kept as text ("@") */
    size_t npairs;
    fse_doc_table *table;
    fse_doc_chart *chart;
} fse_doc_block;

typedef struct {
    /* header block of every page (DESIGN §7): EU emblem, "Cofinancé par
     * l'Union européenne", PLIE, fiche and period */
    char *title;          /* e.g. "Tableau d'impact des clauses sociales" */
    char *plie;           /* "PLIE des Graves" */
    char *fiche;          /* "graves-3 — Fiche n°3 « Mobilisation renforcée des employeurs »" */
    char *periode;        /* "du 01/01/2024 au 31/12/2024" */
    char *generated;      /* "29/11/2026" (from SOURCE_DATE_EPOCH or now) */
    int64_t created_epoch;/* document properties date, seconds since 1970 UTC */
    char *author;         /* porteur / PLIE, document property */
    bool landscape;       /* A4 landscape for wide tables */
    fse_doc_block *blocks;
    size_t nblocks, cap;
} fse_doc;

/* Builders. Every char* argument is copied (and made valid UTF-8). */
fse_doc *fse_doc_new(const char *title, const char *plie, const char *fiche,
                     const char *periode, const char *generated, int64_t created_epoch);
void fse_doc_heading(fse_doc *d, int level, const char *text);
void fse_doc_paragraph(fse_doc *d, const char *text);
/* Key/value block: add pairs with fse_doc_kv_add on the returned block. */
fse_doc_block *fse_doc_keyvalue(fse_doc *d);
void fse_doc_kv_add(fse_doc_block *b, const char *key, const char *val);
/* A typed value (DESIGN §7: figures are real numbers in XLSX): num of the
 * given type and decimals (as fse_doc_col), shown in the PDF as the table
 * cell would be, followed by suffix (may be NULL, e.g. " h"); the XLSX
 * writes the number with its French format (the suffix is then dropped,
 * it must only repeat the unit of the key). */
void fse_doc_kv_add_num(fse_doc_block *b, const char *key, double num, fse_col_type type,
                        int decimals, const char *suffix);
/* An identifier value (fiche number, dossier number): text in both
 * writers, with the XLSX text format "@" so it never reads as a figure. */
void fse_doc_kv_add_id(fse_doc_block *b, const char *key, const char *val);
void fse_doc_pagebreak(fse_doc *d);

/* Table: add the columns, then rows cell by cell (fse_doc_row starts a row;
 * fse_doc_put_* fill its next cell; missing cells stay empty). */
fse_doc_table *fse_doc_table_add(fse_doc *d, const char *title, const char *sheet);
void fse_doc_col(fse_doc_table *t, const char *title, fse_col_type type, double width, int decimals);
/* Marks the last column added as never wrapped in the PDF (its minimum
 * width is its widest cell); for short identifiers that must stay whole,
 * such as SHA-256 digests (64 characters). */
void fse_doc_col_whole(fse_doc_table *t);
void fse_doc_row(fse_doc_table *t);
void fse_doc_put_text(fse_doc_table *t, size_t col, const char *text);
void fse_doc_put_num(fse_doc_table *t, size_t col, double num);
/* Sets the current row's cell col to pooled, a text already held by t (the
 * text of one of t's cells, e.g. t->cells[k].text after a fse_doc_put_text):
 * no copy, no validation, no lookup. For a builder that repeats a value of
 * an earlier row (preuves.c: a million evidence rows naming the same file,
 * month, person). NULL empties the cell's text. */
void fse_doc_put_pooled(fse_doc_table *t, size_t col, const char *pooled);
/* Sets the current row's cell col to text itself, not a copy, when text is
 * valid UTF-8 (else as fse_doc_put_text: a copy with U+FFFD). The caller
 * guarantees that text is never modified and outlives the doc: a dataset's
 * text or source name (they live until fse_datasets_free, after every doc
 * is freed). Speed (issue 8): the evidence sheets of a bilan at 1 M hour
 * rows put ~8 M dataset texts; interning each into the table's pool cost a
 * hash and a probe of a large table (a cache miss) per cell, and memory. */
void fse_doc_put_borrowed(fse_doc_table *t, size_t col, const char *text);
/* The text of the current row's cell col (in t's pool or borrowed), or NULL. */
const char *fse_doc_cur_text(const fse_doc_table *t, size_t col);
void fse_doc_total_text(fse_doc_table *t, size_t col, const char *text);
void fse_doc_total_num(fse_doc_table *t, size_t col, double num);
void fse_doc_table_note(fse_doc_table *t, const char *text);

/* The PDF layout of a wide table t with some columns printed under another:
 * under[j] = i puts column j's value on a new line of column i's cell (i
 * itself not moved; the header reads "I / J"); under[j] = -1 keeps j. Adds
 * the stacked copy as a PDF-only table at the end of d (call it right
 * after building t) and makes t XLSX-only, so the workbook keeps one typed
 * column per value. Returns the copy, or NULL (t unchanged) when nothing
 * is moved. Stacked cells are text; the totals follow their columns. */
fse_doc_table *fse_doc_table_stacked(fse_doc *d, fse_doc_table *t, const int *under);

fse_doc_chart *fse_doc_chart_add(fse_doc *d, const char *title, size_t ncats,
                                 const char *const *cats, bool line);
void fse_doc_chart_series(fse_doc_chart *c, const char *name, const double *values);

void fse_doc_free(fse_doc *d);

/* Number of texts of d longer than max_chars code points (table cells,
 * paragraphs, key/value pairs): the XLSX writer truncates those over 32 767
 * (Excel's limit) with a visible " […tronqué]"; callers report them. */
size_t fse_doc_long_texts(const fse_doc *d, size_t max_chars);

/* Writers. Return 0, or -1 with a message in err (e.g. "cannot create
 * out/x.pdf: Permission denied"). pages (may be NULL) receives the PDF page
 * count. Both are deterministic: the same doc gives the same bytes. */
int fse_pdf_write(const fse_doc *d, const char *path, int *pages, char *err, size_t errlen);
int fse_xlsx_write(const fse_doc *d, const char *path, char *err, size_t errlen);

/* One PDF file given to fse_pdf_merge and the title of its bookmark. */
typedef struct {
    const char *path;   /* a PDF written by fse_pdf_write */
    const char *title;  /* bookmark text, UTF-8 (NULL: the path) */
} fse_pdf_part;

/* Writes at path one PDF of the pages of parts[0..n), in that order, imported
 * as they are (content streams kept compressed, each part's own "page X / Y"
 * footer unchanged), with one bookmark per part with pages pointing to its
 * first page (/Fit) and the document properties of props (title, author,
 * subject = fiche, dates from props->created_epoch; props' blocks unused).
 * Built with libqpdf (pdf_merge.c); the bytes depend only on props and the
 * parts' bytes (deterministic /ID, no clock). Returns 0 and *pages (may be
 * NULL) = total page count, or -1 with a message in err (part unreadable,
 * path not writable; no file left at path). */
int fse_pdf_merge(const fse_doc *props, const fse_pdf_part *parts, size_t n, const char *path, int *pages,
                  char *err, size_t errlen);
/* A document of more table cells than this (default FSE_XLSX_STREAM_CELLS) is
 * written in libxlsxwriter's constant_memory mode: rows go to a temporary
 * file as they are written and texts are inline strings instead of shared
 * ones (same values, other bytes), so a bilan listing the 300 000 rows behind
 * a figure does not hold them all in memory (issue 8). 0 restores the
 * default; for tests. */
#define FSE_XLSX_STREAM_CELLS ((size_t)500000)
void fse_xlsx_set_stream_cells(size_t n);

/* Decimals FSE_DEC_NEEDED gives v: the fewest of 0, 1, 2 that show v
 * rounded to the cent exactly (37.5 -> 1, 22.9166 -> 2, 40 -> 0). */
int fse_decimals_needed(double v);

/* French display of numbers (narrow no-break space U+202F as thousands
 * separator, decimal comma): "1 234,50". buf >= 64. */
void fse_format_number_fr(double v, int decimals, char *buf, size_t len);

#endif
