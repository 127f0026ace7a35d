/* csv_reader.h — read a delimited text export into a raw sheet (libcsv).
 *
 * Rules (DESIGN §1, research/tech.md §3): the whole file is decoded to UTF-8
 * first (charset.h; UTF-8 is validated and parsed in place, without a copy),
 * then parsed by libcsv in strict mode
 * (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL).
 * The delimiter is ';', ',' or TAB: given, or detected as the one of the
 * three that splits the most of the first 20 non-blank lines into the same
 * number (> 1) of fields, preferring ';' on ties. Blank lines are skipped
 * (they produce no row) but line numbers stay physical: each row's line is
 * the line where its record starts, counting CRLF, LF or CR endings and the
 * newlines inside quoted fields. Cells are TEXT (or EMPTY for empty fields);
 * every field of a record is a cell, so row->nfields == row->ncells is the
 * record's field count ("a;;" has 3), trailing empty fields included — the
 * caller compares it with the header's.
 *
 * Refused, never guessed (the error locates the first offending character):
 *   - mixed encodings when detecting: valid multi-byte UTF-8 and invalid
 *     UTF-8 in one file (charset.h) -> ENCODING at the first invalid byte;
 *     a declared encoding (opt->encoding) is used as is;
 *   - a NUL byte (binary, or UTF-16 without its shape) or a U+0000 decoded
 *     from UTF-16 -> ENCODING; cell texts never hold a NUL;
 *   - a record of more than FSE_CSV_MAX_FIELDS fields -> PARSE, located at
 *     the start of the field FSE_CSV_MAX_FIELDS + 1.
 */
#ifndef FSE_CSV_READER_H
#define FSE_CSV_READER_H

#include <stddef.h>
#include "ingest/sheet.h"
#include "ingest/charset.h"

/* Largest file fse_csv_read accepts (FSE_CSV_ERR_TOO_BIG above): the file,
 * its UTF-8 copy (Windows-1252, UTF-16) and the cells of the rows the caller
 * holds (sheet.h on_rows streams them) must fit in memory. */
#define FSE_CSV_MAX_BYTES ((size_t)512 << 20)

/* Most fields a record may have (Excel's column count); more is refused. */
#define FSE_CSV_MAX_FIELDS 16384

typedef struct {
    int encoding;      /* in: -1 = detect, else an fse_encoding; out: the one used */
    char delimiter;    /* in: 0 = detect; out: the one used */
    size_t replaced;   /* out: bytes replaced by U+FFFD while decoding */
    bool release_input;/* in: the caller reads buf no more after the call (it only
                          frees it): the pages of the text libcsv has passed are
                          given back to the system as the parse goes (their bytes
                          become zeros, or the file's again when buf is a
                          mapping), so the input and the rows the caller
                          builds from it are not both held whole (issue 8) */
} fse_csv_options;

typedef enum {
    FSE_CSV_OK = 0,
    FSE_CSV_ERR_OPEN,      /* missing or unreadable: *err_line = 0, msg = strerror(errno) */
    FSE_CSV_ERR_ENCODING,  /* the bytes do not fit the encoding (invalid UTF-8, broken
                              UTF-16, a BOM that contradicts the declaration), mixed
                              encodings when detecting, a NUL byte or U+0000 */
    FSE_CSV_ERR_PARSE,     /* libcsv strict error: stray quote, text after a closing
                              quote, quoted field never closed; a record of more than
                              FSE_CSV_MAX_FIELDS fields; or an invalid delimiter */
    FSE_CSV_ERR_TOO_BIG    /* over FSE_CSV_MAX_BYTES, or libcsv out of memory */
} fse_csv_error;

/* Short French description of an error code (static string). */
const char *fse_csv_strerror(fse_csv_error e);

/* Read path into *out (zeroed by the caller; rows appended in file order).
 * opt may be NULL (detect everything). On error *out is freed and zeroed,
 * *err_line and *err_col (1-based, 0 when unknown) locate the problem in the
 * file — column in characters of that physical line — and msg (if not NULL)
 * receives a one-line detail in French without the file name ("guillemet
 * dans un champ sans guillemets (champ 3)"). err_line, err_col and msg may be NULL. */
fse_csv_error fse_csv_read(const char *path, fse_csv_options *opt, fse_raw_sheet *out,
                           long *err_line, long *err_col, char *msg, size_t msglen);

/* Same, from a buffer of len raw bytes already in memory (not modified). */
fse_csv_error fse_csv_read_buffer(const char *buf, size_t len, fse_csv_options *opt,
                                  fse_raw_sheet *out, long *err_line, long *err_col,
                                  char *msg, size_t msglen);

#endif
