/* ini_file.c — see ini_file.h. */
#include "config/ini_file.h"
#include "common/util.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    FILE *f;
    const char *path;
    long line;
    fse_ini_handler h;
    void *user;
    fse_diags *d;
    int bad;
    int had_key;    /* a key since the last section: inih reads an indented line as a continuation */
    char *buf;
    size_t bufcap;
} reader_state;

static char *read_line(char *str, int num, void *stream)
{
    reader_state *st = stream;
    ssize_t n = getline(&st->buf, &st->bufcap, st->f);
    if (n < 0) return NULL;
    st->line++;
    if (n >= num - 1 && !(n == num - 1 && st->buf[n - 1] == '\n')) {
        fse_diag(st->d, FSE_SEV_ERROR, "config", st->path, st->line, 1,
                 "line longer than %d bytes: continue the value on indented lines", num - 2);
        st->bad = 1;
        snprintf(str, (size_t)num, ";\n");
        return str;
    }
    memcpy(str, st->buf, (size_t)n + 1);
    /* inih says nothing of a section without keys: tell the handler */
    char *b = st->buf;
    if (st->line == 1 && !strncmp(b, "\xEF\xBB\xBF", 3)) b += 3;   /* inih skips a UTF-8 BOM */
    char *start = b;
    while (*b == ' ' || *b == '\t') b++;
    if (*b == '[' && (b == start || !st->had_key)) {
        st->had_key = 0;
        char *e = strchr(b, ']');
        if (e) {
            *e = 0;
            if (!st->h(st->user, b + 1, NULL, NULL, st->line)) st->bad = 1;
        }
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

static int on_pair(void *user, const char *section, const char *name, const char *value)
{
    reader_state *st = user;
    st->had_key = 1;
    value = lone_semicolon(st->buf, name, value);
    if (!st->h(st->user, section, name, value, st->line)) st->bad = 1;
    return 1;
}

int fse_ini_error(fse_diags *d, const char *rule, const char *path, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fse_vdiag(d, FSE_SEV_ERROR, rule, path, line, 1, fmt, ap);
    va_end(ap);
    return 0;
}

int fse_ini_parse(const char *path, fse_ini_handler h, void *user, fse_diags *d)
{
    reader_state st = { .path = path, .h = h, .user = user, .d = d };
    st.f = fopen(path, "r");
    if (!st.f) return -1;
    int rc = ini_parse_stream(read_line, &st, on_pair, &st);
    int saved = errno;
    fclose(st.f);
    free(st.buf);
    if (rc > 0) {
        fse_diag(d, FSE_SEV_ERROR, "config", path, rc, 1,
                 "syntax error (expected [section] or name = value)");
        st.bad = 1;
    } else if (rc < 0) {
        errno = saved;
        return -1;
    }
    return st.bad ? 1 : 0;
}
