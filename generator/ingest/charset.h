/* charset.h — detect the encoding of a text export and convert it to UTF-8.
 *
 * Rule (research/tech.md §5, DESIGN §1): BOM EF BB BF -> UTF-8 with BOM;
 * FF FE / FE FF -> UTF-16LE/BE; else strictly valid UTF-8 (pure ASCII
 * included) -> UTF-8; else Windows-1252 — never Latin-1 for 0x80..0x9F.
 * The five bytes undefined in Windows-1252 (0x81 0x8D 0x8F 0x90 0x9D)
 * become U+FFFD and are counted so the caller can report them.
 */
#ifndef FSE_CHARSET_H
#define FSE_CHARSET_H

#include <stddef.h>

typedef enum {
    FSE_ENC_UTF8 = 0,
    FSE_ENC_UTF8_BOM,
    FSE_ENC_UTF16LE,
    FSE_ENC_UTF16BE,
    FSE_ENC_CP1252
} fse_encoding;

/* Name for manifest.json and messages: "utf-8", "utf-8-bom", "utf-16le",
 * "utf-16be", "windows-1252". */
const char *fse_encoding_name(fse_encoding e);
/* Parse a name given in a job config (encodage = …): accepts the names above
 * and common spellings (utf8, cp1252, windows1252, latin9 is NOT accepted).
 * Returns -1 when unknown. */
int fse_encoding_parse(const char *name);

fse_encoding fse_detect_encoding(const char *buf, size_t len);

/* Convert buf (in encoding enc; a BOM, if any, is skipped) to a NUL-terminated
 * UTF-8 string *out (owned by the caller) of length *outlen.
 * Returns 0, or -1 when the input is not valid in that encoding (UTF-8
 * declared but invalid, odd UTF-16 length, lone surrogate); then *bad_at
 * receives the byte offset of the problem. *replaced counts bytes replaced
 * by U+FFFD (CP1252 undefined bytes). */
int fse_to_utf8(const char *buf, size_t len, fse_encoding enc,
                char **out, size_t *outlen, size_t *bad_at, size_t *replaced);

#endif
