/* charset.h — detect the encoding of a text export and convert it to UTF-8.
 *
 * Rule (research/tech.md §5, DESIGN §1): BOM EF BB BF -> UTF-8 with BOM;
 * FF FE / FE FF -> UTF-16LE/BE; no BOM but the shape of UTF-16 (NUL in every
 * other byte of the start, text in the others) -> UTF-16LE/BE; else strictly
 * valid UTF-8 (pure ASCII included) -> UTF-8; else, when the bytes hold no
 * valid multi-byte UTF-8 sequence, Windows-1252 — never Latin-1 for
 * 0x80..0x9F. Bytes holding both valid multi-byte UTF-8 sequences and
 * invalid ones (one row re-encoded in cp1252, a stray 0xFF) are neither:
 * mixed encodings, refused rather than turned into mojibake.
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
 * and common spellings, ignoring case, '-', '_', '.' and spaces: utf8,
 * utf-8-bom / utf-8-sig, utf-16le, utf-16be, cp1252 / win1252 / ms-ansi /
 * ansi, and latin1 / iso-8859-1, which the WHATWG Encoding Standard maps to
 * windows-1252. latin9 / iso-8859-15 and bare utf-16 are NOT accepted.
 * Returns the fse_encoding, or -1 when unknown. */
int fse_encoding_parse(const char *name);

/* Bytes looked at for the UTF-16-without-BOM shape. */
#define FSE_UTF16_SNIFF 512

/* Encoding of len raw bytes by the rule above (an empty buffer is UTF-8):
 * an fse_encoding, or -1 for mixed encodings — valid multi-byte UTF-8 and
 * invalid UTF-8 in the same bytes — with *bad_at (may be NULL) the offset of
 * the first invalid byte. NUL bytes are not judged here (they are valid
 * UTF-8): the caller refuses them. Validates the whole buffer: O(len). */
int fse_detect_encoding(const char *buf, size_t len, size_t *bad_at);

/* Convert buf (in encoding enc; a BOM of that encoding, if any, is skipped;
 * UTF-8 and UTF-8-BOM both skip EF BB BF) to a NUL-terminated UTF-8 string
 * *out (owned by the caller) of length *outlen (may contain NUL bytes if the
 * input does: a NUL byte, or U+0000 in UTF-16; fse_csv_read refuses them).
 * Returns 0, or -1 when the input is not valid in that encoding (UTF-8
 * declared but invalid, odd UTF-16 length, lone surrogate); then *out
 * is NULL and *bad_at receives the byte offset in buf of the problem (first
 * byte of the bad UTF-8 sequence, first byte of the bad UTF-16 unit, or the
 * last byte for an odd length). *replaced counts bytes replaced by U+FFFD
 * (CP1252 undefined bytes; 0 otherwise). outlen, bad_at, replaced may be NULL. */
int fse_to_utf8(const char *buf, size_t len, fse_encoding enc,
                char **out, size_t *outlen, size_t *bad_at, size_t *replaced);

#endif
