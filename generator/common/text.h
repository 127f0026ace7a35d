/* text.h — UTF-8 validation and the normalised keys used to match headers,
 * values and company names.
 *
 * Why: DESIGN §1 matches headers "case-, accent-, space- and
 * punctuation-insensitive"; FICHES.md matches values "ignoring case and
 * accents" and identifies companies by their normalised name when they have
 * no SIRET. One function, fse_norm_key, serves all three.
 */
#ifndef FSE_TEXT_H
#define FSE_TEXT_H

#include <stddef.h>
#include <stdbool.h>

/* Strict UTF-8 (RFC 3629): no overlongs, no surrogates, nothing above
 * U+10FFFF, no 0xC0/0xC1/0xF5+, no truncated sequence. On failure and if
 * bad_at is not NULL, *bad_at receives the byte offset of the first byte of
 * the first ill-formed sequence ("caf\xE9 x" -> 3). NUL bytes are valid. */
bool fse_utf8_valid(const char *s, size_t len, size_t *bad_at);

/* Normalised key of a UTF-8 string: letters folded to lower case ASCII with
 * accents removed (Latin-1 supplement and Latin Extended-A; œ->oe, æ->ae,
 * ß->ss, ø->o, þ->th), ASCII digits kept, everything else (spaces, NBSP,
 * punctuation, quotes ’ ', dashes, °, º, ª, combining accents, other
 * scripts, invalid bytes) dropped. "N° opération" -> "noperation",
 * "Donneur d’ordre" -> "donneurdordre", "Chargé(e)" -> "chargee".
 * Returns an owned string (never NULL; "" for NULL input). */
char *fse_norm_key(const char *s);

/* Key of an identifier (N° marché, Réf. participant, N° action…): ASCII
 * letters folded to lower case, spaces, NBSP and U+202F dropped, every
 * other character kept — "M24-001-1" and "m24-001-1 " are one id, but
 * "2024/12/3" and "2024/1/23" stay two (fse_norm_key would merge them).
 * Owned; "" for NULL. */
char *fse_id_key(const char *s);

/* Number of Unicode code points of a valid UTF-8 string (0 for NULL). */
size_t fse_utf8_len(const char *s);

/* Copy of s where every 4-byte sequence (outside the BMP, which libharu
 * drops silently: tech.md §1.2) becomes U+FFFD. Owned ("" for NULL). */
char *fse_utf8_bmp_only(const char *s);

/* Neutralise the control characters of the valid UTF-8 string s, in place
 * (issue 7: exports edited by hand or pasted from other tools): TAB becomes a
 * space silently; every other C0 control but LF and CR (kept: a quoted CSV
 * field or an XLSX cell may hold lines), DEL and the C1 controls
 * U+0080..U+009F become a space and are counted in the return value, the
 * column (1-based, in characters) of the first one in *first_col when it is
 * not NULL. *astral (when not NULL) is increased by the characters outside
 * the BMP (emoji…), left as they are: the PDF fonts cannot draw them
 * (pdf_text.c shows "□"), so callers report them. */
size_t fse_text_neutralise(char *s, size_t *first_col, size_t *astral);

/* Trim ASCII spaces, tabs, CR, LF, NBSP (U+00A0) and U+202F at both ends,
 * in place (the text is moved to s[0]); returns s (NULL for NULL). */
char *fse_trim(char *s);
/* The same without copying: start of the trimmed text of s, its length in *len. */
const char *fse_trim_span(const char *s, size_t *len);
/* The same on s[0..n) (n = strlen(s) known: no second pass to measure it). */
const char *fse_trim_span_n(const char *s, size_t n, size_t *len);

/* v with two decimals and a decimal comma, for messages in French
 * ("151,67", "-0,50"; no thousands separator, as the exports write hours).
 * buf of at least 32 bytes; returns buf. */
char *fse_decimal_fr(double v, char *buf, size_t len);

/* "s" when n > 1, else "": the plural of a counted French noun in messages
 * ("0 ligne", "1 ligne", "3 lignes") instead of "ligne(s)". Static string. */
const char *fse_pluriel(size_t n);

#endif
