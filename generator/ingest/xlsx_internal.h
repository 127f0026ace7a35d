/* xlsx_internal.h — pieces shared by xlsx_reader.c, xlsx_part.c and xlsx_styles.c.
 * Not part of the public API (see xlsx_reader.h); the unit tests use it to
 * check the format classification, the number texts and the limits.
 */
#ifndef FSE_XLSX_INTERNAL_H
#define FSE_XLSX_INTERNAL_H

#include <stddef.h>
#include <stdbool.h>
#include <expat.h>
#include <zip.h>
#include "ingest/xlsx_reader.h"
#include "common/util.h"   /* fse_sb */

/* Default cap on the memory a read sheet may take (cells + texts), so that a
 * small hostile file (one cell at XFD per row, or a 1 MB shared string
 * referenced by every cell) cannot make us allocate without bound. */
#define FSE_XLSX_MAX_SHEET_MEM ((size_t)1024 * 1024 * 1024)

/* Change the two caps (0 = back to the defaults FSE_XLSX_MAX_PART and
 * FSE_XLSX_MAX_SHEET_MEM). For tests only; not thread-safe. */
void fse_xlsx_set_limits(size_t max_part, size_t max_sheet_mem);
size_t fse_xlsx_max_part(void);
size_t fse_xlsx_max_sheet_mem(void);

/* State every XML handler's user data starts with. A handler that finds a
 * bad value calls fse_xlsx_fail, which stops expat and notes where (the start
 * of the element being handled: expat may read on past it before stopping);
 * handlers return at once when err is set (expat may still deliver an end
 * tag after a stop). */
typedef struct {
    XML_Parser parser;
    fse_xlsx_error err;
    unsigned long line, col;  /* 1-based place of the failure in the part */
    char detail[192];
    unsigned depth;           /* elements open (fse_xlsx_parse_part) */
    XML_StartElementHandler start;  /* the caller's handlers, called through */
    XML_EndElementHandler end;      /* the depth check */
} fse_xlsx_xml;

void fse_xlsx_fail(fse_xlsx_xml *x, fse_xlsx_error e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Stream one zip part through expat (64 KB zip_fread chunks into
 * XML_ParseBuffer). x must be the first member of the handlers' user data.
 * Elements and attributes reach the handlers with their prefix ("x:c"):
 * compare with fse_xlsx_local. A DOCTYPE is refused (OOXML has none; this
 * also shuts out entity expansion), as is an element nested more than
 * FSE_XLSX_MAX_DEPTH deep (XML error at that element). Errors: MISSING_PART (no such part),
 * TOO_BIG, NOT_ZIP (damaged data), XML ("part:line:col: message" in msg),
 * or whatever a handler passed to fse_xlsx_fail. */
fse_xlsx_error fse_xlsx_parse_part(zip_t *z, const char *part, fse_xlsx_xml *x,
                                   XML_StartElementHandler start, XML_EndElementHandler end,
                                   XML_CharacterDataHandler text, char *msg, size_t msglen);

/* The same for a worksheet, the one big part: a plain deflate entry is
 * inflated by ISA-L (xlsx_inflate.c, about twice zlib's speed). Same
 * bytes, same buffers and same errors as fse_xlsx_parse_part: ISA-L's
 * bytes end only at a finished stream of the directory's size and CRC-32;
 * when ISA-L finds something wrong, or the parse stops in its bytes, libzip
 * reads the entry through the bytes already given and, if it can, goes on
 * from there (its error, if any, is the part's). One difference is left: a
 * stream ISA-L decodes to the right size and CRC-32 where zlib would refuse
 * it (none known) is read. */
fse_xlsx_error fse_xlsx_parse_part_isal(zip_t *z, const char *part, fse_xlsx_xml *x,
                                        XML_StartElementHandler start, XML_EndElementHandler end,
                                        XML_CharacterDataHandler text, char *msg, size_t msglen);
/* Turn the ISA-L path off (false) or on again (the default). For tests (the
 * differential test reads the same files both ways); not thread-safe. */
void fse_xlsx_set_isal(bool on);
/* Parts read through ISA-L so far, and how many of them libzip took over
 * (or checked) after ISA-L found something wrong or the parse stopped. For
 * tests: they show which path a file went through. */
void fse_xlsx_isal_counts(size_t *parts, size_t *switches);

/* ISA-L inflater of one zip entry (xlsx_inflate.c). usable: deflate, not
 * encrypted, size and CRC-32 known. open: NULL when not usable or libzip
 * cannot open the compressed bytes. read: bytes written into buf (> 0); 0
 * only at the end of a finished stream whose size and CRC-32 match the
 * directory; -1 on anything else (damaged stream, truncated, longer than
 * the directory says, bad CRC-32, read error), for good. No message: the
 * caller goes on through libzip, whose words are the part's. close: NULL
 * is fine. */
typedef struct fse_xlsx_inflate fse_xlsx_inflate;
bool fse_xlsx_inflate_usable(const zip_stat_t *st);
fse_xlsx_inflate *fse_xlsx_inflate_open(zip_t *z, zip_uint64_t idx, const zip_stat_t *st);
zip_int64_t fse_xlsx_inflate_read(fse_xlsx_inflate *s, void *buf, size_t len);
void fse_xlsx_inflate_close(fse_xlsx_inflate *s);
/* CRC-32 (zip's, crc32_gzip_refl) of every byte fse_xlsx_inflate_read has
 * handed out so far; 0 for NULL. */
uint32_t fse_xlsx_inflate_crc(const fse_xlsx_inflate *s);

/* Write a message into msg (when not NULL and msglen > 0). */
void fse_xlsx_msg(char *msg, size_t msglen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Index of a part in the zip (exact name, then case-insensitive), or -1. */
zip_int64_t fse_xlsx_locate(zip_t *z, const char *part);
/* Two entries of one name in z: libzip (opened without ZIP_CHECKCONS, which
 * also refuses archives Excel opens) gives the first, Python's zipfile (so
 * openpyxl) the last, so which part is "the" sheet is undecidable. Returns
 * 0, or -1 with "deux entrées portent le même nom : NAME" in msg (the name
 * without control characters). Linear: libzip's name table. */
int fse_xlsx_check_names(zip_t *z, char *msg, size_t msglen);

/* Local part of a possibly prefixed name: "x:sheetData" -> "sheetData". */
static inline const char *fse_xlsx_local(const char *name)
{
    /* inline: element names are a few bytes ("c", "v", "row") and this runs
     * for each of the ~40 M tags of a 1 M-row sheet, where a call to
     * strrchr cost 1 % of the reading (issue 8) */
    const char *local = name;
    for (const char *p = name; *p; p++)
        if (*p == ':') local = p + 1;
    return local;
}
/* Value of the attribute with that local name, or NULL (xmlns
 * declarations are not attributes here). */
const char *fse_xlsx_attr(const char **atts, const char *local);
bool fse_xlsx_is_xmlns(const char *name);
/* The r, s and t attributes of a <c> in one pass over atts (each as
 * fse_xlsx_attr would find it, NULL when absent): a sheet of a million rows
 * has twenty million cells (issue 8). */
void fse_xlsx_cell_attrs(const char **atts, const char **r, const char **s, const char **t);

/* The relationships of a part (ECMA-376 Part 2 §9.3): internal targets
 * resolved to part names, "worksheets/s.xml" against dir ("xl/"), or
 * "/xl/worksheets/s.xml" from the root; External ones are left out. */
typedef struct { char *id, *type, *target; } fse_xlsx_rel;
typedef struct { fse_xlsx_rel *v; size_t n, cap; } fse_xlsx_rels;

fse_xlsx_error fse_xlsx_read_rels(zip_t *z, const char *part, const char *dir, fse_xlsx_rels *out,
                                  char *msg, size_t msglen);
/* Target of the first relationship whose Type ends with "/" suffix, or NULL. */
const char *fse_xlsx_rel_target(const fse_xlsx_rels *r, const char *suffix);
void fse_xlsx_rels_free(fse_xlsx_rels *r);

/* What a number format shows (ECMA-376 Part 1 §18.8.30-31). */
typedef enum {
    FSE_XLSX_FMT_NUMBER = 0, /* General, 0.00, "d"0, … */
    FSE_XLSX_FMT_DATE,       /* has a date part: dd/mm/yyyy, mmm, 14, 22 */
    FSE_XLSX_FMT_TIME,       /* time of day only: h:mm, mm:ss, 18-21, 45, 47 */
    FSE_XLSX_FMT_ELAPSED     /* [h]:mm, [mm]:ss, 46 */
} fse_xlsx_fmt;

/* Kind of a built-in format id (no formatCode) or of a custom formatCode. */
fse_xlsx_fmt fse_xlsx_builtin_fmt(long id);
fse_xlsx_fmt fse_xlsx_code_fmt(const char *code);

/* styles.xml reduced to what the reader needs: the fse_xlsx_fmt of each
 * <cellXfs> entry, indexed by a cell's s attribute. */
typedef struct {
    unsigned char *kind;
    size_t n;
} fse_xlsx_styles;

/* Parse the styles part; a missing part leaves st empty (every number then
 * stays a NUMBER). Errors as fse_xlsx_parse_part. */
fse_xlsx_error fse_xlsx_read_styles(zip_t *z, const char *part, fse_xlsx_styles *st,
                                    char *msg, size_t msglen);
void fse_xlsx_styles_free(fse_xlsx_styles *st);

/* Serial of a date-formatted number -> days since 1970-01-01 (fraction =
 * time of day). 1900 system: 1..59 are 1900-01-01..1900-02-28, [60,61) is
 * the phantom 29/02/1900 and is refused, >= 61 is serial - 25569, below 1 is
 * a pure time and is refused. 1904 system: serial - 24107, refused below 0.
 * Refused above 9999-12-31. Same rule as fse_excel_serial_to_days (values.h). */
bool fse_xlsx_serial_days(double serial, bool is1904, double *days);

/* Owned ISO text of a day count: "2024-03-01", or "2024-03-01T09:30:00"
 * when the time of day, rounded to the second, is not midnight. */
char *fse_xlsx_iso_text(double days);

/* Parse a t="d" value ("2024-03-01", "2024-03-01T09:30:00[.fff][Z|+hh:mm]";
 * the zone is dropped) into days since 1970. */
bool fse_xlsx_parse_iso(const char *s, double *days);

/* Owned shortest decimal text that reads back as v: the digits of the first
 * of %.15e, %.16e, %.17e that round-trips, trailing zeros dropped, written
 * without exponent when 1e-7 <= |v| < 1e21 ("45683", "120.5", "0.1"), else
 * like "1.5e-08"; -0 is "0". Assumes LC_NUMERIC "C" (values.h). */
char *fse_xlsx_number_text(double v);

/* Appends s[0..n) to out, decoding ST_Xstring escapes (ECMA-376 Part 1
 * §22.9.2.19; xlsx_escape.c): "_x000D_" is CR, "_x005F_" a literal '_'. A
 * surrogate pair of escapes is joined; a lone surrogate and U+0000 become
 * U+FFFD (visible, never silently dropped), so the result stays valid,
 * NUL-free UTF-8 when s is. */
void fse_xlsx_add_unescaped(fse_sb *out, const char *s, size_t n);
/* The text of b decoded as fse_xlsx_add_unescaped does: owned, NUL-terminated. */
char *fse_xlsx_unescaped(const fse_sb *b);
/* The value shown for a formula f[0..len) whose computed value the cell
 * lacks (a workbook written by a script, never saved by Excel or
 * LibreOffice): owned "=<f> (formule sans valeur calculée)", f cut to 60
 * bytes at a character boundary (then "…") and its control characters made
 * spaces; "formule sans valeur calculée" when len is 0 (a shared formula's
 * later cells). */
char *fse_xlsx_formula_text(const char *f, size_t len);

#endif
