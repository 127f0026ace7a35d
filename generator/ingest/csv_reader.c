/* csv_reader.c — see csv_reader.h.
 *
 * Line numbers: libcsv reports none (research/tech.md §3.1), so the decoded
 * text is fed to libcsv one physical line at a time (the line keeps its
 * CRLF, LF or CR ending). Before each line we look at the parser state: when
 * it is between records, the next record (if the line is not blank) starts
 * on that line; when it is inside a quoted field, the line continues the
 * current record. A record therefore carries the line where it starts, and
 * lines after a multi-line field keep their physical numbers.
 */
#include "ingest/csv_reader.h"
#include "common/text.h"
#include "common/util.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* libcsv 3.0.3's parser state "no record begun" (ROW_NOT_BEGUN in libcsv.c;
 * csv.h exposes struct csv_parser but not the constants). Checked by
 * test_csv_reader.c through the line numbers it expects. */
#define LIBCSV_ROW_NOT_BEGUN 0

#define SNIFF_RECORDS 20

const char *fse_csv_strerror(fse_csv_error e)
{
    switch (e) {
    case FSE_CSV_OK: return "ok";
    case FSE_CSV_ERR_OPEN: return "ouverture du fichier impossible";
    case FSE_CSV_ERR_ENCODING: return "octets non conformes à l'encodage";
    case FSE_CSV_ERR_PARSE: return "CSV mal formé";
    case FSE_CSV_ERR_TOO_BIG: return "fichier trop gros";
    }
    return "erreur inconnue";
}

static void set_msg(char *msg, size_t msglen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_msg(char *msg, size_t msglen, const char *fmt, ...)
{
    if (!msg || !msglen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, msglen, fmt, ap);
    va_end(ap);
}

/* ---- delimiter detection ---- */

/* Score of one candidate: how many of the sampled records share the most
 * frequent field count, among counts > 1. */
static int delim_score(const int *fields, int n)
{
    int best = 0;
    for (int i = 0; i < n; i++) {
        if (fields[i] <= 1) continue;
        int same = 0;
        for (int j = 0; j < n; j++) same += fields[j] == fields[i];
        if (same > best) best = same;
    }
    return best;
}

/* Detect ';', ',' or TAB on the first SNIFF_RECORDS non-blank records of the
 * UTF-8 text (delimiters inside double quotes are not counted; a quoted
 * newline does not end a record). Ties go to ';', then ',', then TAB;
 * ';' when nothing splits at all (single-column file). */
static char detect_delimiter(const char *t, size_t len)
{
    static const char cand[3] = { ';', ',', '\t' };
    int fields[3][SNIFF_RECORDS];
    int cnt[3] = { 0, 0, 0 }, nrec = 0;
    bool quoted = false, blank = true;
    for (size_t i = 0; i <= len && nrec < SNIFF_RECORDS; i++) {
        char c = i < len ? t[i] : '\n';
        if (c == '"') quoted = !quoted;
        if (quoted) { blank = false; continue; }
        if (c == '\n' || c == '\r') {
            if (!blank)
                for (int k = 0; k < 3; k++) fields[k][nrec] = cnt[k] + 1;
            nrec += !blank;
            cnt[0] = cnt[1] = cnt[2] = 0;
            blank = true;
            continue;
        }
        for (int k = 0; k < 3; k++) cnt[k] += c == cand[k];
        if (c != ' ' && c != '\t') blank = false;
    }
    int best = 0, best_score = 0;
    for (int k = 0; k < 3; k++) {
        int s = delim_score(fields[k], nrec);
        if (s > best_score) { best = k; best_score = s; }
    }
    return cand[best];
}

/* ---- locating a byte offset ---- */

/* Line and column (1-based; column in characters) of raw byte offset off of
 * buf in encoding enc, counting CRLF, LF and CR as one line end. A BOM is
 * not a character. */
static void locate(const char *buf, size_t off, int enc, long *line, long *col)
{
    const unsigned char *u = (const unsigned char *)buf;
    long l = 1, c = 1;
    if (enc == FSE_ENC_UTF16LE || enc == FSE_ENC_UTF16BE) {
        bool be = enc == FSE_ENC_UTF16BE;
        size_t i = off >= 2 && ((be && u[0] == 0xFE && u[1] == 0xFF) ||
                                (!be && u[0] == 0xFF && u[1] == 0xFE)) ? 2 : 0;
        for (; i + 2 <= off; i += 2) {
            unsigned w = be ? (unsigned)(u[i] << 8 | u[i + 1]) : (unsigned)(u[i + 1] << 8 | u[i]);
            unsigned nx = 0;
            if (i + 4 <= off)
                nx = be ? (unsigned)(u[i + 2] << 8 | u[i + 3]) : (unsigned)(u[i + 3] << 8 | u[i + 2]);
            if (w == '\n' || (w == '\r' && nx != '\n')) { l++; c = 1; }
            else if (w != '\r' && (w < 0xDC00 || w > 0xDFFF)) c++;  /* a pair is one character */
        }
    } else {
        size_t i = off >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF ? 3 : 0;
        for (; i < off; i++) {
            if (u[i] == '\n' || (u[i] == '\r' && (i + 1 >= off || u[i + 1] != '\n'))) { l++; c = 1; }
            else if (u[i] != '\r' && (enc == FSE_ENC_CP1252 || (u[i] & 0xC0) != 0x80)) c++;
        }
    }
    *line = l;
    *col = c;
}

/* ---- parsing ---- */

/* Where a physical line starts in the text, and the parser's state there. */
typedef struct {
    size_t pos;       /* offset of the line in the UTF-8 text */
    bool quoted;      /* the line starts inside a quoted field */
    size_t col;       /* fields of the record completed before the line */
} line_start;

typedef struct {
    fse_raw_sheet *sh;
    long cur_line;    /* physical line being fed to libcsv */
    long rec_line;    /* line where the current record started */
    long field_line;  /* line where the current field started */
    line_start cur_ls, field_ls;  /* of cur_line, of field_line */
    size_t col;       /* fields already emitted in the current record */
    bool in_row;      /* a row was added for the current record */
    bool too_many;    /* a record went past FSE_CSV_MAX_FIELDS */
    long over_line;   /* line where its field FSE_CSV_MAX_FIELDS + 1 starts */
    line_start over_ls;
    size_t long_chars;/* a field over FSE_CELL_MAX_CHARS: its length, else 0 */
    long long_line;   /* line where that field starts */
    size_t long_field;/* its 1-based field number */
} reader;

static void on_field(void *field, size_t len, void *ud)
{
    reader *r = ud;
    if (r->too_many || r->long_chars) return;
    if (len > FSE_CELL_MAX_CHARS && field) {
        size_t n = 0;
        for (size_t i = 0; i < len; i++) n += (((const unsigned char *)field)[i] & 0xC0) != 0x80;
        if (n > FSE_CELL_MAX_CHARS) {
            r->long_chars = n;
            r->long_line = r->field_line;
            r->long_field = r->col + 1;
            return;
        }
    }
    if (r->col >= FSE_CSV_MAX_FIELDS) {
        r->too_many = true;
        r->over_line = r->field_line;
        r->over_ls = r->field_ls;
        return;
    }
    if (!r->in_row) {
        fse_sheet_add_row(r->sh, r->rec_line);
        r->in_row = true;
    }
    fse_raw_row *row = &r->sh->rows[r->sh->nrows - 1];
    if (field && len && row->ncells == r->col) fse_row_push_text(r->sh, row, field, len);
    else if (field && len) fse_row_set(r->sh, row, r->col, FSE_CELL_TEXT, field, len, 0);
    else fse_row_set(r->sh, row, r->col, FSE_CELL_EMPTY, NULL, 0, 0);
    row->nfields = ++r->col;
    r->field_line = r->cur_line;   /* the next field starts after this delimiter */
    r->field_ls = r->cur_ls;
}

/* Column (1-based, in characters) where field FSE_CSV_MAX_FIELDS + 1 starts:
 * just after the delimiter that completes field FSE_CSV_MAX_FIELDS, found by
 * walking the line where it starts with the quoting state of its start. */
static long overflow_col(const char *t, size_t len, const line_start *ls, char delim)
{
    bool quoted = ls->quoted;
    size_t done = ls->col;
    long col = 1;
    for (size_t i = ls->pos; i < len && t[i] != '\n' && t[i] != '\r'; i++) {
        if (t[i] == '"') quoted = !quoted;
        else if (!quoted && t[i] == delim && ++done == FSE_CSV_MAX_FIELDS) return col + 1;
        col += ((unsigned char)t[i] & 0xC0) != 0x80;
    }
    return 0;
}

static void on_record(int term, void *ud)
{
    (void)term;
    reader *r = ud;
    r->in_row = false;
    r->col = 0;
}

static void too_many_error(const reader *r, const char *t, size_t len, char delim,
                           long *err_line, long *err_col, char *msg, size_t msglen)
{
    *err_line = r->over_line;
    *err_col = overflow_col(t, len, &r->over_ls, delim);
    set_msg(msg, msglen, "plus de %d champs dans l'enregistrement de la ligne %ld", FSE_CSV_MAX_FIELDS,
            r->rec_line);
}

static void too_long_error(const reader *r, long *err_line, long *err_col, char *msg, size_t msglen)
{
    *err_line = r->long_line;
    *err_col = 0;
    set_msg(msg, msglen, "le champ %zu compte %zu caractères, au-delà de la limite de %d (un guillemet jamais fermé ?)",
            r->long_field, r->long_chars, FSE_CELL_MAX_CHARS);
}

/* Text passed by the parse, given back to the system once this much of it
 * is behind the current record. */
#define RELEASE_STEP ((size_t)16 << 20)

/* Give back the whole pages of t[*done, upto) (MADV_DONTNEED: they read as
 * zeros afterwards, or as the file again when t is a mapped file,
 * util.h fse_file_bytes) and advance *done. A 175 MB export then no longer stays
 * resident beside the dataset built from it: -170 MB of peak RSS at 1 M hour
 * rows. Only pages entirely inside t are touched, and error messages only
 * ever read the text from the current record on (see parse_text). */
static void release_before(const char *t, size_t *done, size_t upto)
{
    if (upto < *done + RELEASE_STEP) return;   /* before sysconf: called once per record */
    long pg = sysconf(_SC_PAGESIZE);
    if (pg <= 0) return;
    uintptr_t a = ((uintptr_t)(t + *done) + (uintptr_t)pg - 1) & ~((uintptr_t)pg - 1);
    uintptr_t b = (uintptr_t)(t + upto) & ~((uintptr_t)pg - 1);
    if (b > a) madvise((void *)a, b - a, MADV_DONTNEED);  /* advice only: a failure changes nothing */
    *done = upto;
}

/* Offset of the first byte c of t[from, len), or len. */
static size_t next_byte(const char *t, size_t from, size_t len, char c)
{
    const char *q = from < len ? memchr(t + from, c, len - from) : NULL;
    return q ? (size_t)(q - t) : len;
}

/* Parse the UTF-8 text into out; release: the text may be released as it
 * is parsed (release_before). */
static fse_csv_error parse_text(const char *t, size_t len, char delim, bool release, fse_raw_sheet *out,
                                long *err_line, long *err_col, char *msg, size_t msglen)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
        set_msg(msg, msglen, "mémoire insuffisante");
        return FSE_CSV_ERR_TOO_BIG;
    }
    csv_set_delim(&p, (unsigned char)delim);
    /* libcsv grows its field buffer by blk_size bytes (128 by default): a
     * 30 MB field would take 250 000 reallocs, each a copy under ASan or
     * valgrind; 64 KiB steps keep any field up to the size limit fast. */
    csv_set_blk_size(&p, (size_t)64 << 10);
    reader r = { .sh = out };
    fse_csv_error rc = FSE_CSV_OK;
    size_t pos = 0, released = 0;
    /* the next LF and the next CR at or after pos (len when none), found by
     * memchr and kept until passed: each byte is scanned once per kind,
     * instead of a byte loop over every line (issue 8) */
    size_t next_lf = next_byte(t, 0, len, '\n'), next_cr = next_byte(t, 0, len, '\r');
    long line = 0;
    while (pos < len) {
        if (next_lf < pos) next_lf = next_byte(t, pos, len, '\n');
        if (next_cr < pos) next_cr = next_byte(t, pos, len, '\r');
        size_t end = next_lf < next_cr ? next_lf : next_cr;
        if (end < len) end += (t[end] == '\r' && end + 1 < len && t[end + 1] == '\n') ? 2 : 1;
        r.cur_line = ++line;
        r.cur_ls = (line_start){ pos, p.pstate != LIBCSV_ROW_NOT_BEGUN, r.col };
        if (p.pstate == LIBCSV_ROW_NOT_BEGUN) {
            r.rec_line = r.field_line = line;
            r.field_ls = r.cur_ls;
            /* every message below reads from the record's first line on */
            if (release) release_before(t, &released, pos);
        }
        size_t got = csv_parse(&p, t + pos, end - pos, on_field, on_record, &r);
        if (r.long_chars) {
            too_long_error(&r, err_line, err_col, msg, msglen);
            csv_free(&p);
            return FSE_CSV_ERR_PARSE;
        }
        if (r.too_many) {
            too_many_error(&r, t, len, delim, err_line, err_col, msg, msglen);
            csv_free(&p);
            return FSE_CSV_ERR_PARSE;
        }
        if (got < end - pos) {
            int e = csv_error(&p);
            if (e == CSV_EPARSE) {
                *err_line = line;
                *err_col = 1;
                for (size_t i = pos; i < pos + got; i++)
                    *err_col += ((unsigned char)t[i] & 0xC0) != 0x80;
                set_msg(msg, msglen, t[pos + got] == '"'
                        ? "guillemet dans un champ sans guillemets (champ %zu)"
                        : "texte après le guillemet fermant du champ %zu", r.col + 1);
                rc = FSE_CSV_ERR_PARSE;
            } else {
                *err_line = line;
                set_msg(msg, msglen, "%s", csv_strerror(e));
                rc = FSE_CSV_ERR_TOO_BIG;
            }
            csv_free(&p);
            return rc;
        }
        pos = end;
    }
    int fini = csv_fini(&p, on_field, on_record, &r);
    if (r.long_chars) {
        too_long_error(&r, err_line, err_col, msg, msglen);
        rc = FSE_CSV_ERR_PARSE;
    } else if (r.too_many) {                  /* the last record, without a final newline */
        too_many_error(&r, t, len, delim, err_line, err_col, msg, msglen);
        rc = FSE_CSV_ERR_PARSE;
    } else if (fini != 0) {
        *err_line = r.field_line;
        *err_col = 0;
        set_msg(msg, msglen, "le champ %zu ouvert par un guillemet ligne %ld n'est jamais fermé",
                r.col + 1, r.field_line);
        rc = FSE_CSV_ERR_PARSE;
    }
    csv_free(&p);
    return rc;
}

fse_csv_error fse_csv_read_buffer(const char *buf, size_t len, fse_csv_options *opt,
                                  fse_raw_sheet *out, long *err_line, long *err_col,
                                  char *msg, size_t msglen)
{
    fse_csv_options defaults = { .encoding = -1, .delimiter = 0, .replaced = 0 };
    long dummy_line, dummy_col;
    if (!opt) opt = &defaults;
    if (!err_line) err_line = &dummy_line;
    if (!err_col) err_col = &dummy_col;
    *err_line = *err_col = 0;
    set_msg(msg, msglen, "%s", "");
    opt->replaced = 0;

    /* 1. encoding */
    const unsigned char *u = (const unsigned char *)buf;
    int enc = opt->encoding;
    size_t mixed_at = SIZE_MAX, nul_at = SIZE_MAX;
    bool valid = false;               /* the detection found the whole buffer valid UTF-8 */
    if (enc < 0) {
        enc = fse_detect_encoding(buf, len, &mixed_at);
        valid = enc == FSE_ENC_UTF8;
        if (enc < 0) enc = FSE_ENC_UTF8;
        else mixed_at = SIZE_MAX;
    } else if (enc > FSE_ENC_CP1252) {
        set_msg(msg, msglen, "encodage inconnu %d", enc);
        return FSE_CSV_ERR_ENCODING;
    } else {
        /* A declared encoding that contradicts a byte order mark is an error
         * rather than a silent mojibake. */
        int bom = -1;
        if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) bom = FSE_ENC_UTF8_BOM;
        else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) bom = FSE_ENC_UTF16LE;
        else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) bom = FSE_ENC_UTF16BE;
        bool fits = bom < 0 || bom == enc || (bom == FSE_ENC_UTF8_BOM && enc == FSE_ENC_UTF8);
        if (!fits) {
            *err_line = 1;
            *err_col = 1;
            set_msg(msg, msglen, "le fichier commence par une marque d'ordre des octets %s mais %s est déclaré",
                    fse_encoding_name((fse_encoding)bom), fse_encoding_name((fse_encoding)enc));
            return FSE_CSV_ERR_ENCODING;
        }
    }
    opt->encoding = enc;
    bool utf16 = enc == FSE_ENC_UTF16LE || enc == FSE_ENC_UTF16BE;
    if (!utf16) {
        const char *z = memchr(buf, 0, len);
        if (z) nul_at = (size_t)(z - buf);
    }
    /* Whichever comes first in the file: mixed encodings, a NUL byte, or
     * (decoding only the bytes before the NUL) a byte the encoding refuses. */
    if (mixed_at < nul_at) {
        locate(buf, mixed_at, FSE_ENC_UTF8, err_line, err_col);
        set_msg(msg, msglen, "octet 0x%02X invalide dans un fichier UTF-8 (encodages mélangés ?) : "
                "réexportez le fichier ou indiquez encodage = windows-1252", (unsigned)u[mixed_at]);
        return FSE_CSV_ERR_ENCODING;
    }
    char *owned = NULL;               /* the decoded copy, when one is needed */
    const char *text = NULL;
    size_t tlen = 0, bad = 0, rep = 0;
    int dec;
    if ((enc == FSE_ENC_UTF8 || enc == FSE_ENC_UTF8_BOM) && nul_at >= len) {
        /* UTF-8 is parsed where it lies (issue 8: no copy of a 170 MB export); the
         * same validation as fse_to_utf8, the BOM skipped */
        size_t skip = len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF ? 3 : 0;
        /* not twice: fse_detect_encoding returns FSE_ENC_UTF8 only for a
         * buffer that fse_utf8_valid accepts whole (charset.c) */
        dec = valid || fse_utf8_valid(buf + skip, len - skip, &bad) ? 0 : -1;
        if (dec) bad += skip;
        text = buf + skip;
        tlen = len - skip;
    } else {
        dec = fse_to_utf8(buf, nul_at < len ? nul_at : len, (fse_encoding)enc, &owned, &tlen, &bad, &rep);
        text = owned;
    }
    if (dec != 0) {
        locate(buf, bad, enc, err_line, err_col);
        if (enc == FSE_ENC_UTF16LE || enc == FSE_ENC_UTF16BE)
            set_msg(msg, msglen, "%s", bad + 1 >= len && (len % 2)
                    ? "nombre impair d'octets dans un fichier UTF-16" : "demi-caractère UTF-16 (surrogate) isolé");
        else
            set_msg(msg, msglen, "l'octet 0x%02X à la position %zu n'est pas du %s valide",
                    (unsigned)u[bad], bad, fse_encoding_name((fse_encoding)enc));
        return FSE_CSV_ERR_ENCODING;
    }
    if (nul_at < len) {
        free(owned);
        locate(buf, nul_at, enc, err_line, err_col);
        set_msg(msg, msglen, "octet NUL : le fichier est binaire ou en UTF-16 sans BOM");
        return FSE_CSV_ERR_ENCODING;
    }
    const char *z = utf16 ? memchr(text, 0, tlen) : NULL;
    if (z) {                           /* U+0000 decoded from UTF-16 */
        locate(text, (size_t)(z - text), FSE_ENC_UTF8, err_line, err_col);
        free(owned);
        set_msg(msg, msglen, "caractère NUL U+0000 dans un fichier %s", fse_encoding_name((fse_encoding)enc));
        return FSE_CSV_ERR_ENCODING;
    }
    opt->replaced = rep;
    /* A Ctrl-Z (0x1A) as the very last character is the DOS end-of-file mark
     * that old exporters and copy /b add: it ends the file, it is no record
     * (it read as a last line "of 1 field", 65). Elsewhere it stays a
     * control character of its cell. */
    if (tlen && text[tlen - 1] == 0x1A) tlen--;

    /* 2. delimiter */
    char delim = opt->delimiter;
    if (!delim) {
        delim = detect_delimiter(text, tlen);
    } else if (delim == '"' || delim == '\r' || delim == '\n' || (unsigned char)delim >= 0x80) {
        set_msg(msg, msglen, "séparateur invalide 0x%02X", (unsigned)(unsigned char)delim);
        free(owned);
        return FSE_CSV_ERR_PARSE;
    }
    opt->delimiter = delim;

    /* 3. records */
    fse_csv_error rc = parse_text(text, tlen, delim, owned || opt->release_input, out, err_line, err_col,
                                  msg, msglen);
    free(owned);
    if (rc != FSE_CSV_OK) fse_sheet_free(out);
    return rc;
}

fse_csv_error fse_csv_read(const char *path, fse_csv_options *opt, fse_raw_sheet *out,
                           long *err_line, long *err_col, char *msg, size_t msglen)
{
    char *buf = NULL;
    size_t len = 0;
    int e = fse_read_file(path, FSE_CSV_MAX_BYTES, &buf, &len);
    if (e) {
        if (err_line) *err_line = 0;
        if (err_col) *err_col = 0;
        if (e == EFBIG) {
            set_msg(msg, msglen, "plus de %zu Mio", FSE_CSV_MAX_BYTES >> 20);
            return FSE_CSV_ERR_TOO_BIG;
        }
        set_msg(msg, msglen, "%s", fse_strerror(e));
        return FSE_CSV_ERR_OPEN;
    }
    /* buf is ours and only freed after: released as it is parsed */
    fse_csv_options o = opt ? *opt : (fse_csv_options){ .encoding = -1 };
    o.release_input = true;
    fse_csv_error rc = fse_csv_read_buffer(buf, len, &o, out, err_line, err_col, msg, msglen);
    if (opt) { o.release_input = opt->release_input; *opt = o; }
    free(buf);
    return rc;
}
