/* ini_file.c — see ini_file.h. */
#include "config/ini_file.h"
#include "common/strmap.h"
#include "common/text.h"
#include "common/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BOM "\xEF\xBB\xBF"

typedef struct {
    FILE *f;
    const char *path;
    long line;
    fse_ini_handler h;
    fse_ini_handler_at hat;   /* instead of h */
    void *user;
    fse_diags *d;
    int bad;
    int had_key;    /* a key since the last section: inih reads an indented line as a continuation */
    bool continued; /* the current line is such a continuation */
    bool stop;      /* the file is not UTF-8: reported once, read no further */
    long long total;/* bytes read */
    fse_strmap seen;/* "\x01section" and "section\nname" -> line first given (hat only) */
    char *buf;
    size_t bufcap;
} reader_state;

/* Line where key was first given, or 0 (then recording line for it if record). */
static long first_seen(reader_state *st, const char *key, long line, bool record)
{
    size_t *v = fse_strmap_get(&st->seen, key);
    if (v) return (long)*v;
    if (record) fse_strmap_put(&st->seen, key, (size_t)line);
    return 0;
}

/* Whether byte c, not UTF-8 where it stands, is a letter or a French
 * typographic sign of Windows-1252 (é 0xE9, à 0xE0, ç 0xE7, œ 0x9C,
 * ’ 0x92, « 0xAB, € 0x80…): what an editor saving "ANSI" (Notepad, Excel)
 * writes for French text; then the file is most likely in Windows-1252. */
static bool cp1252_letter(unsigned char c)
{
    if (c >= 0xC0) return c != 0xD7 && c != 0xF7;
    switch (c) {
    case 0x80: case 0x83: case 0x85: case 0x8A: case 0x8C: case 0x8E: case 0x91: case 0x92:
    case 0x93: case 0x94: case 0x96: case 0x97: case 0x9A: case 0x9C: case 0x9E: case 0x9F:
    case 0xA0: case 0xAB: case 0xB0: case 0xBB:
        return true;
    default:
        return false;
    }
}

/* Report a line that is not UTF-8 text, at the column (in characters) of
 * its first bad byte. A byte that is not UTF-8 is one error for the whole
 * file (st->stop: an editor saved it in another encoding, so every accented
 * line would be one more error and the values read would be wrong), naming
 * Windows-1252 when that byte is one of its letters; a NUL byte in
 * otherwise UTF-8 text is reported on each line. */
static void check_text(reader_state *st, size_t n)
{
    const char *s = st->buf;
    const char *nul = memchr(s, 0, n);
    size_t len = nul ? (size_t)(nul - s) : n, bad = len;
    const char *why;
    if (!fse_utf8_valid(s, len, &bad)) {
        why = cp1252_letter((unsigned char)s[bad])
                  ? "fichier pas en UTF-8 (sans doute en Windows-1252, « ANSI ») : enregistrez-le en UTF-8"
                  : "fichier pas en UTF-8 : enregistrez-le en UTF-8";
        st->stop = true;
    } else if (nul) why = "octet NUL : ce n'est pas un fichier texte ; enregistrez-le en texte UTF-8";
    else return;
    long col = 1;
    size_t from = st->line == 1 && n >= 3 && !memcmp(s, BOM, 3) ? 3 : 0;
    for (size_t i = from; i < bad; i++) col += ((unsigned char)s[i] & 0xC0) != 0x80;
    fse_diag(st->d, FSE_SEV_ERROR, "config", st->path, st->line, col, "%s", why);
    st->bad = 1;
}

/* inih's MAX_SECTION (ini.c, Debian's libinih): longer section names are cut. */
#define INIH_MAX_SECTION 50

/* One line of st->f into st->buf (NUL-terminated), as getline, its length
 * or -1 at the end. A line ends at LF, CRLF, or a CR alone (classic Mac
 * editors save so: the whole file read as one line "of more than 198
 * bytes" at 1:1); a lone CR is given back as LF, so the line numbers are
 * the editor's and inih sees ordinary lines. */
static ssize_t get_line(reader_state *st)
{
    size_t n = 0;
    int c;
    while ((c = getc_unlocked(st->f)) != EOF) {
        if (n + 3 > st->bufcap) {
            st->bufcap = st->bufcap ? 2 * st->bufcap : 256;
            st->buf = fse_xrealloc(st->buf, st->bufcap);
        }
        if (c == '\r') {
            int next = getc_unlocked(st->f);
            if (next == '\n') {
                st->buf[n++] = '\r';
            } else {
                if (next != EOF) ungetc(next, st->f);
            }
            st->buf[n++] = '\n';
            break;
        }
        st->buf[n++] = (char)c;
        if (c == '\n') break;
    }
    if (!n) return -1;
    st->buf[n] = 0;
    return (ssize_t)n;
}

static char *read_line(char *str, int num, void *stream)
{
    reader_state *st = stream;
    ssize_t n = get_line(st);
    if (n < 0) return NULL;
    st->line++;
    if (st->line == 1 && n >= 2 && (((unsigned char)st->buf[0] == 0xFF && (unsigned char)st->buf[1] == 0xFE)
                                    || ((unsigned char)st->buf[0] == 0xFE && (unsigned char)st->buf[1] == 0xFF))) {
        /* a UTF-16 byte order mark (Notepad's "Unicode"): one error, not one
         * "octet NUL" per line */
        fse_diag(st->d, FSE_SEV_ERROR, "config", st->path, 1, 1,
                 "fichier en UTF-16 (« Unicode ») : enregistrez-le en UTF-8");
        st->bad = 1;
        return NULL;
    }
    st->continued = false;
    st->total += n;
    if (st->total > FSE_INI_MAX_BYTES) {   /* it grew since it was opened */
        fse_diag(st->d, FSE_SEV_ERROR, "config", st->path, 0, 0,
                 "plus de " FSE_INI_MAX_TEXT " : ce n'est pas un fichier de configuration");
        st->bad = 1;
        return NULL;
    }
    if (n >= num - 1 && !(n == num - 1 && st->buf[n - 1] == '\n')) {
        fse_diag(st->d, FSE_SEV_ERROR, "config", st->path, st->line, 1,
                 "ligne de plus de %d octets : prolongez la valeur sur des lignes en retrait", num - 2);
        st->bad = 1;
        snprintf(str, (size_t)num, ";\n");
        return str;
    }
    check_text(st, (size_t)n);
    if (st->stop) return NULL;   /* reported once: the rest would be misread */
    memcpy(str, st->buf, (size_t)n + 1);
    /* inih says nothing of a section without keys: tell the handler */
    char *b = st->buf;
    if (st->line == 1 && !strncmp(b, BOM, 3)) b += 3;   /* inih skips a UTF-8 BOM */
    char *start = b;
    while (*b == ' ' || *b == '\t') b++;
    if (*b == '[' && (b == start || !st->had_key)) {
        st->had_key = 0;
        char *e = strchr(b, ']');
        if (e && e - b - 1 > INIH_MAX_SECTION - 1) {
            /* inih would cut the name, and two long names could become one section */
            fse_diag(st->d, FSE_SEV_ERROR, "config", st->path, st->line, (int)(b - st->buf) + 2,
                     "nom de section de plus de %d octets : raccourcissez-le", INIH_MAX_SECTION - 1);
            st->bad = 1;
            snprintf(str, (size_t)num, ";\n");
            return str;
        }
        if (e) {
            *e = 0;
            int ok;
            if (st->hat) {
                b[0] = '\x01';   /* the key of a section in seen */
                long col = 1;   /* of the name, after '[' (characters, as check_text counts) */
                for (const char *q = st->line == 1 && !strncmp(st->buf, BOM, 3) ? st->buf + 3 : st->buf; q <= b; q++)
                    col += ((unsigned char)*q & 0xC0) != 0x80;
                fse_ini_at at = { st->line, first_seen(st, b, st->line, true), false, col };
                ok = st->hat(st->user, b + 1, NULL, NULL, &at);
            } else {
                ok = st->h(st->user, b + 1, NULL, NULL, st->line);
            }
            if (!ok) st->bad = 1;
        }
    } else if (st->had_key && isspace((unsigned char)*start)) {
        /* inih: a non-blank, non-comment line with leading white space
         * continues the previous key */
        while (isspace((unsigned char)*start)) start++;
        st->continued = *start && *start != ';' && *start != '#';
    }
    return str;
}

/* inih takes " ;" for the start of a comment, so `separateur = ;` (DESIGN §4)
 * would arrive as an empty value: give back a value that is a lone ';'. */
static const char *lone_semicolon(const char *raw, const char *name, const char *value)
{
    size_t n = strlen(name);
    if (*value || !raw) return value;
    raw += strspn(raw, " \t");
    if (strncmp(raw, name, n)) return value;
    raw += n;
    raw += strspn(raw, " \t");
    if (*raw != '=' && *raw != ':') return value;
    raw += 1 + strspn(raw + 1, " \t");
    if (*raw != ';') return value;
    raw += 1 + strspn(raw + 1, " \t\r\n");
    return *raw ? value : ";";
}

/* The column (1-based, in characters, a UTF-8 BOM of line 1 not counted,
 * as check_text counts) where the value of the key on raw line s starts:
 * after the first `=` or `:` (inih's separators: a name holds neither) and
 * the blanks after it; on a continuation line, its first non-blank byte. */
static long value_col(const char *s, long line, bool continued)
{
    if (line == 1 && !strncmp(s, BOM, 3)) s += 3;
    const char *v = s;
    if (!continued) {
        v = s + strcspn(s, "=:");
        if (*v) v++;
    }
    while (*v == ' ' || *v == '\t') v++;
    long col = 1;
    for (const char *p = s; p < v; p++) col += ((unsigned char)*p & 0xC0) != 0x80;
    return col;
}

static int on_pair(void *user, const char *section, const char *name, const char *value)
{
    reader_state *st = user;
    st->had_key = 1;
    value = lone_semicolon(st->buf, name, value);
    int ok;
    if (st->hat) {
        char *key = fse_xasprintf("%s\n%s", section, name);
        fse_ini_at at = { st->line, first_seen(st, key, st->line, !st->continued), st->continued,
                          value_col(st->buf, st->line, st->continued) };
        free(key);
        ok = st->hat(st->user, section, name, value, &at);
    } else {
        ok = st->h(st->user, section, name, value, st->line);
    }
    if (!ok) st->bad = 1;
    return 1;
}

int fse_ini_error_at(fse_diags *d, const char *rule, const char *path, long line, long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fse_vdiag(d, FSE_SEV_ERROR, rule, path, line, col > 0 ? col : 1, fmt, ap);
    va_end(ap);
    return 0;
}

/* Open path for reading if it is a regular file of a sane size; else NULL
 * with *refused set when the refusal was reported to d. Never blocks on a
 * fifo and never reads a device. */
static FILE *open_config(const char *path, fse_diags *d, bool *refused)
{
    *refused = false;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat sb;
    const char *why = NULL;
    if (fstat(fd, &sb)) {
        int e = errno;
        close(fd);
        errno = e;
        return NULL;
    }
    if (S_ISDIR(sb.st_mode)) why = "est un dossier, pas un fichier de configuration";
    else if (!S_ISREG(sb.st_mode))
        why = S_ISFIFO(sb.st_mode) ? "pas un fichier ordinaire (un tube nommé) : un fichier de configuration est attendu"
                                   : "pas un fichier ordinaire (un périphérique ou une socket) : un fichier de configuration est attendu";
    else if (sb.st_size > FSE_INI_MAX_BYTES) why = "plus de " FSE_INI_MAX_TEXT " : ce n'est pas un fichier de configuration";
    int flags = why ? 0 : fcntl(fd, F_GETFL);
    if (!why && (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0)) {
        int e = errno;
        close(fd);
        errno = e;
        return NULL;
    }
    FILE *f = why ? NULL : fdopen(fd, "r");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    if (why) {
        fse_diag(d, FSE_SEV_ERROR, "config", path, 0, 0, "%s", why);
        *refused = true;
    }
    return f;
}

static int parse(reader_state *st)
{
    bool refused;
    st->f = open_config(st->path, st->d, &refused);
    if (!st->f) return refused ? 2 : -1;
    int rc = ini_parse_stream(read_line, st, on_pair, st);
    int saved = errno;
    fclose(st->f);
    free(st->buf);
    fse_strmap_free(&st->seen);
    if (rc > 0) {
        fse_diag(st->d, FSE_SEV_ERROR, "config", st->path, rc, 1,
                 "erreur de syntaxe ([section] ou nom = valeur attendu)");
        st->bad = 1;
    } else if (rc < 0) {
        errno = saved;
        return -1;
    }
    return st->bad ? 1 : 0;
}

int fse_ini_parse(const char *path, fse_ini_handler h, void *user, fse_diags *d)
{
    reader_state st = { .path = path, .h = h, .user = user, .d = d };
    return parse(&st);
}

int fse_ini_parse_at(const char *path, fse_ini_handler_at h, void *user, fse_diags *d)
{
    reader_state st = { .path = path, .hat = h, .user = user, .d = d };
    return parse(&st);
}
