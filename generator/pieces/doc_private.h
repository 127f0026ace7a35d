/* doc_private.h — helpers shared by doc.c, pdf_*.c and xlsx_writer.c only
 * (pieces never include this file; they use doc.h).
 *
 * Why: both writers must agree on how a day count becomes a calendar date,
 * on how a typed cell reads in French, and on what "valid UTF-8" means; one
 * implementation here keeps the PDF and the XLSX of a pièce consistent.
 */
#ifndef FSE_DOC_PRIVATE_H
#define FSE_DOC_PRIVATE_H

#include "pieces/doc.h"

#include <stdbool.h>
#include <stddef.h>

/* Proleptic Gregorian date of a day count since 1970-01-01 (day 0), any
 * sign (Howard Hinnant's days_from_civil inverse). Always succeeds. */
void fse_doc_civil(long long days, int *year, int *month, int *day);

/* Display text of a cell (NULL: "") of the column col (never NULL) as the
 * PDF shows it, in buf (len >= 80): INTEGER "1 234", NUMBER with col->decimals, PERCENT
 * "50,0 %" (num is a ratio, col->decimals decimals), EURO "1 234,50 €",
 * DATE dd/mm/yyyy, MONTH mm/yyyy, ID and TEXT as their text (a number in an
 * ID column is printed without grouping). Spaces inside numbers and before
 * "%"/"€" are U+202F (never broken by the wrap routine). When the cell has
 * no number its text is returned (pointer into the cell, not copied), or "".
 * Returns a pointer to the text to show (buf or the cell's own text). */
const char *fse_doc_cell_display(const fse_doc_column *col, const fse_doc_cell *cell,
                                 char *buf, size_t len);

/* Decimals shown for v in a NUMBER column (both writers): col->decimals,
 * or for FSE_DEC_AUTO 0 when v is whole else 2, or for FSE_DEC_NEEDED the
 * fewest of 0, 1, 2 that show v rounded to the cent exactly. */
int fse_doc_decimals(const fse_doc_column *col, double v);

/* True when the column type holds numbers (right-aligned in the PDF). */
bool fse_doc_col_numeric(fse_col_type t);

/* Copy of s (NULL -> NULL) that is valid UTF-8: every byte that does not
 * start a well-formed sequence (RFC 3629: no overlong, no surrogate, nothing
 * above U+10FFFF) is replaced by U+FFFD. Owned by the caller. */
char *fse_doc_utf8_dup(const char *s);

#endif
