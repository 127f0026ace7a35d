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
 * rejected. A lone '.' or ',' is the decimal separator ("2,500" = 2.5);
 * with both, the last one is and the other groups; one of them repeated
 * alone only groups ("1.234.567"). Rejects empty text, several decimal
 * separators, two separators in a row, a trailing separator, mixed grouping
 * (space and '.'), and grouping that is not by three digits (first group
 * 1..3 digits, then exactly 3: "1 23,4" rejected). *out untouched on failure. */
bool fse_parse_number(const char *s, double *out);

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
