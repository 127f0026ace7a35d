/* pdf_table_internal.h — what pdf_table.c (drawing) and
 * pdf_table_widths.c (column widths) share about one table being laid out.
 * Private to those two files.
 */
#ifndef FSE_PDF_TABLE_INTERNAL_H
#define FSE_PDF_TABLE_INTERNAL_H

#include "pieces/pdf_internal.h"

#define TB_PAD_X 3.0f
#define TB_PAD_Y 2.5f
#define TB_TITLE_FS 10.5f
#define TB_FS_MIN 6.0f
#define TB_FS_STEP 0.5f
#define TB_COL_MAX 0.25f     /* no minimum wider than this part of the line */
#define TB_SLACK (2 * TB_PAD_X + 1.0f) /* padding plus rounding room */

/* One table being laid out: widths and font size set by
 * pdf_table_column_widths, span indexes by the drawing code. */
typedef struct {
    const fse_doc_table *t;
    size_t nc;
    float *w;                 /* column widths */
    size_t *hf, *hn;          /* header cell spans: first, count */
    size_t *rf, *rn;          /* current row cell spans */
    float hdr_h;
    float fs, lh;
    float ctitle_h;           /* height of "<title> (suite)" on later pages */
    bool vrun;                /* body rows drawn on this page whose vertical */
    float vtop, vbot;         /* rules, from vtop down to vbot, are not yet drawn */
} tbl;

/* Sets T->w (nc widths summing to the line width, points) and T->fs /
 * T->lh (font size and line height); T->w must hold 5 * nc floats (the
 * rest is scratch). Rules: top of pdf_table_widths.c. */
void pdf_table_column_widths(pdf_ctx *c, tbl *T);

#endif
