/* values.h — parsers for the values found in French exports.
 *
 * Dates are counted in days since 1970-01-01 (int32, may be negative), the
 * unit every stage uses; months are the day number of their first day.
 * All parsers are locale-independent (LC_NUMERIC stays "C"; no strtod on
 * French text: research/tech.md §2.4) and accept leading/trailing blanks.
 */
#ifndef FSE_VALUES_H
#define FSE_VALUES_H

#include <stdbool.h>
#include <stdint.h>

/* Civil date <-> day number (proleptic Gregorian; Howard Hinnant's
 * days_from_civil / civil_from_days). fse_days_from_civil does not validate;
 * fse_valid_civil says whether y-m-d exists (29/02 on leap years). */
int32_t fse_days_from_civil(int y, int m, int d);
void fse_civil_from_days(int32_t days, int *y, int *m, int *d);
bool fse_valid_civil(int y, int m, int d);

/* "1 234,50" (grouping by space, U+00A0 or U+202F), "1234,5", "1234.5",
 * "1.234,50", "1,234.50", "-12", "+3", ",5"; "1e3" is rejected, "12 h"
 * rejected. A lone '.' or ',' is the decimal separator ("2,500" = 2.5;
 * ingest rejects it where the column shows the other one is:
 * fse_number_sep, fse_numsep_settle);
 * with both, the last one is and the other groups; one of them repeated
 * alone only groups ("1.234.567"). Rejects empty text, several decimal
 * separators, two separators in a row, a trailing separator, mixed grouping
 * (space and '.'), and grouping that is not by three digits (first group
 * 1..3 digits, then exactly 3: "1 23,4" rejected). *out untouched on failure. */
bool fse_parse_number(const char *s, double *out);

/* What the text of a number says of its decimal separator, for the check
 * of a column's numbers (source_row.c fse_source_settle). A French export
 * groups thousands with '.' ("1.035,00"), an English one with ','; a lone
 * separator followed by exactly three digits and preceded by one to three
 * digits ("1.035", "1,035", "+2,500") may thus be a decimal separator (the
 * reading of fse_parse_number: 1,035) or a grouping one (1 035): AMBIGUOUS.
 * Every other separator tells which one the export writes its decimals
 * with: a lone one with other than three digits after it ("56,82", "7.5"),
 * or more than three digits before it ("1234.567"), or an integer part
 * starting with 0 ("0,035": no grouping starts so) or none (",035"); with
 * both separators, the last one ("1.234,50": ','; "1,234.5": '.'); one of
 * them repeated alone groups, so the other is the decimal one ("1.234.567":
 * ','). s: a trimmed text fse_parse_number accepts (NUL-terminated: no
 * leading blank); other texts give an unspecified class. No separator ("7", "1 234"): NONE. */
typedef enum {
    FSE_NUMSEP_NONE = 0,   /* no '.' or ',' */
    FSE_NUMSEP_DOT,        /* '.' is the decimal separator */
    FSE_NUMSEP_COMMA,      /* ',' is the decimal separator */
    FSE_NUMSEP_AMB_DOT,    /* "1.035": 1,035 or 1 035 */
    FSE_NUMSEP_AMB_COMMA   /* "1,035": 1,035 or 1 035 */
} fse_numsep;
fse_numsep fse_number_sep(const char *s);
/* fse_parse_number(s, out), and when it accepts s, *sep = fse_number_sep(s)
 * (s then trimmed), in the same pass over the digits for the common shapes
 * ("56,82", "140"): ingest types every number text through it (issue 8:
 * fse_number_sep after the parse cost 86 instructions a number, this ~5). */
bool fse_parse_number_sep(const char *s, double *out, fse_numsep *sep);

/* What becomes of the AMBIGUOUS numbers of kind amb (FSE_NUMSEP_AMB_DOT or
 * _AMB_COMMA) of one column of one export, whose numbers showed the
 * classes in seen (bit 1 << class, for every class met): KEEP
 * (fse_parse_number's reading stands) when the column shows no decimal
 * separator, or only amb's own; OTHER when it shows only the other one
 * ("1.035" in a column writing "56,82": the dot groups there, and 1,035
 * would be a wrong figure); MIXED when it shows both, or none but
 * ambiguous numbers of both kinds ("1.035" and "2,500": one of the two
 * groups, the column cannot say which). OTHER and MIXED cells are rejected
 * (FSE_VAL_REJECTED): never a figure changed silently (DESIGN, bad input). */
typedef enum { FSE_NUMSEP_KEEP = 0, FSE_NUMSEP_OTHER, FSE_NUMSEP_MIXED } fse_numsep_verdict;
fse_numsep_verdict fse_numsep_settle(unsigned seen, fse_numsep amb);

/* "dd/mm/yyyy", "d/m/yyyy", "dd-mm-yyyy", "dd.mm.yyyy", "yyyy-mm-dd", ISO
 * date-times "yyyy-mm-ddThh:mm[:ss[.fff]]" and "yyyy-mm-dd hh:mm:ss",
 * "dd/mm/yyyy hh:mm[:ss]" (time checked, then ignored). Two-digit years are
 * rejected, as is "yyyy" alone. Rejects impossible dates (31/04, 29/02/2023)
 * and years outside 1900..2200. *days untouched on failure. */
bool fse_parse_date(const char *s, int32_t *days);

/* A month: "2024-03", "03/2024", "3/2024" (also with '-' or '.'),
 * "mars 2024", "Mars-2024", "mar. 2024", "fevrier 2024", "févr. 2024" —
 * French names and abbreviations (janv. févr. mars avr. mai juin juil. août
 * sept. oct. nov. déc., and jan fev mar sep) compared through fse_norm_key —
 * or any date accepted by fse_parse_date (its month is taken).
 * *days = first day of that month; years 1900..2200. */
bool fse_parse_month(const char *s, int32_t *days);

/* Excel serial -> days since 1970 (fraction kept = time of day).
 * 1900 system: serial 60 is the phantom 29/02/1900 (rejected: returns false),
 * serials 1..59 are 1900-01-01..1900-02-28, >= 61 are serial - 25569.
 * 1904 system: days = serial - 24107 (serial 0 = 1904-01-01). Serial < 1
 * (1900) or < 0 (1904) is a pure time and is rejected as a date, as are
 * 60.x, NaN and serials after 9999-12-31 (2958465 in the 1900 system).
 * Source: ECMA-376 Part 1 §18.17.4 (date systems). */
bool fse_excel_serial_to_days(double serial, bool is1904, double *days);

/* Oui/Non/O/N/X/1/0/Vrai/Faux/Yes/No/True/False (compared through
 * fse_norm_key: any case, accents, blanks and punctuation ignored).
 * "X" means true; returns 1 or 0, -1 when not a boolean, and -1 for "" or NULL. */
int fse_parse_bool(const char *s);

/* Write days as "2024-03-01" (ISO, buf >= 11) or "01/03/2024" (buf >= 11).
 * Years outside 0..9999 are clamped to that range so the 11 bytes always hold. */
void fse_format_iso(int32_t days, char *buf);
void fse_format_fr(int32_t days, char *buf);

#endif
